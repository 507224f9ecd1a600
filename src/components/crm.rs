//! The CRM in the side panel: the customer card (contact, deals, forms,
//! orders) with "Save to CRM", contact editing and deal stages.

pub mod card;
pub mod company;
