//! The server's integration tests, one test binary: the server is compiled
//! and linked once for all of them (`cargo test -p switchboard-server --test
//! integration`, or a name filter such as `... --test integration crm::`).
//!
//! Every test starts its own server (a fresh database in a temporary folder,
//! on a free port) or its own server process, so the tests share nothing and
//! run in parallel. They reach it only as its users do, over HTTP and the
//! event stream, with the helpers of [`support`].

mod support;

mod access_control;
mod auth;
mod automation;
mod chat_mentions;
mod composer_apps;
mod composer_canned;
mod composer_forms;
mod composer_sending;
mod composer_title_typing;
mod conversation_actions;
mod conversation_history;
mod conversations;
mod crm;
mod delivery;
mod durability;
mod errors;
mod events;
mod file_store;
mod graceful_shutdown;
mod health;
mod inbound;
mod inbound_batching;
mod instances;
mod labels;
mod message_actions_collab;
mod message_actions_messages;
mod messages;
mod openapi;
mod preferences;
mod reports;
mod routing;
mod sales;
mod schema;
mod security_headers;
mod settings;
mod setup;
mod snooze;
mod supervision;
mod telegram;
mod viewers;
mod widget;
