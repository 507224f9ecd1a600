//! The Switchboard wire protocol, version 1.
//!
//! Every type that crosses the network between the app and a backend lives
//! here exactly once. The crate depends on `serde` only, so it compiles for
//! the browser (wasm) and for any server. With the `openapi` feature the
//! types also derive `utoipa::ToSchema`, from which the reference server
//! generates its OpenAPI document.

pub mod actions;
pub mod apps;
pub mod auth;
pub mod calendar;
pub mod canned;
pub mod composer;
pub mod conversations;
pub mod crm;
pub mod customers;
pub mod delivery;
pub mod error;
pub mod events;
pub mod feed;
pub mod files;
mod flat;
pub mod forms;
#[cfg(feature = "json")]
pub mod frames;
pub mod health;
pub mod ids;
pub mod inbound;
pub mod labels;
pub mod lines;
pub mod mentions;
pub mod message_actions;
pub mod messages;
pub mod money;
pub mod names;
pub mod permissions;
pub mod preferences;
pub mod reports;
pub mod sales;
pub mod search;
pub mod settings;
pub mod shutdown;
pub mod snooze;
pub mod supervision;
pub mod tasks;
pub mod team_chats;
pub mod widget;

pub use actions::*;
pub use apps::*;
pub use auth::*;
pub use calendar::*;
pub use canned::*;
pub use composer::*;
pub use conversations::*;
pub use crm::*;
pub use customers::*;
pub use delivery::*;
pub use error::*;
pub use events::*;
pub use feed::*;
pub use files::*;
pub use forms::*;
#[cfg(feature = "json")]
pub use frames::{
    decode_deferred, decode_frame_deferring, decode_server_frame, event_tag, frame_event_tag,
    DecodedFrame, DeferredEvent,
};
pub use health::*;
pub use ids::*;
pub use inbound::*;
pub use labels::*;
pub use lines::*;
pub use message_actions::*;
pub use messages::*;
pub use money::*;
pub use names::UnknownName;
pub use preferences::OperatorPreferences;
pub use reports::*;
pub use sales::*;
pub use search::*;
pub use settings::*;
pub use shutdown::*;
pub use snooze::*;
pub use supervision::*;
pub use tasks::*;
pub use team_chats::*;
pub use widget::*;

/// Path prefix of every REST endpoint of protocol version 1.
pub const API_PREFIX: &str = "/api/v1";

/// The response header in which every `GET` of the API tells the sequence
/// number of the latest event its answer reflects: a client that loads its
/// snapshots, then resumes the event stream after the lowest of these
/// numbers, misses nothing that happened in between (docs/events.md).
pub const SEQ_HEADER: &str = "x-switchboard-seq";
