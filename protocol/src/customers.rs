//! Customers: the people writing to the workspace.

use serde::{Deserialize, Serialize};

use crate::CustomerId;

/// A customer, merged across the channels they used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    /// Server identifier.
    pub id: CustomerId,
    /// Display name (as given by the channel; hostile content, render as text).
    pub name: String,
    /// E-mail address, when known.
    pub email: Option<String>,
    /// Phone number, when known.
    pub phone: Option<String>,
}
