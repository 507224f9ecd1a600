//! The rules of the workspace: who may do what, how conversations move
//! between states, how they are distributed, and which events each change
//! produces. Services take the application state and a [`Viewer`], validate,
//! then call the store inside one transaction per change.

pub mod actions;
pub mod apps;
pub mod auth;
pub mod automation;
pub mod calendar;
pub mod canned;
pub mod cards;
pub mod catalog;
pub mod client_ids;
pub mod composer;
pub mod conversations;
pub mod crm;
pub mod delivery;
pub mod events;
pub mod events_listener;
pub mod feed;
pub mod file_store;
pub mod files;
pub mod forms;
pub mod history;
pub mod ics;
pub mod inbound;
pub mod instances;
pub mod labels;
pub mod lines;
pub mod mentions;
pub mod message_actions;
pub mod messages;
pub mod orders;
pub mod payments;
pub mod permissions;
pub mod preferences;
pub mod reports;
pub mod routing;
pub mod secrets;
pub mod settings;
pub mod setup;
pub mod snooze;
pub mod split;
pub mod system_messages;
pub mod tasks;
pub mod team_chats;
pub mod typing;
pub mod validation;
pub mod viewing;
pub mod widget;

use switchboard_protocol::permissions::Employee;
use switchboard_protocol::{LineId, User};

/// The authenticated employee making a request, with the lines they are a
/// queue member of (what an operator may see).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// The employee.
    pub user: User,
    /// Lines they are a queue member of.
    pub lines: Vec<LineId>,
}

impl Viewer {
    /// The viewer as the protocol's permission rules see them.
    pub fn employee(&self) -> Employee<'_> {
        Employee {
            id: self.user.id,
            role: self.user.role,
            lines: &self.lines,
        }
    }
}
