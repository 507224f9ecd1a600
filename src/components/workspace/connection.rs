//! "Reconnecting…": the connection state, visible and announced. A server
//! restart (close code 1012) has its own, calmer message.

use leptos::prelude::*;

use crate::i18n::*;
use crate::realtime::ConnectionState;
use crate::workspace::Workspace;

/// Shows the websocket's state when it is not live.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let text = move || match workspace.connection.get() {
        ConnectionState::Live => None,
        ConnectionState::Connecting => Some(t_string!(i18n, connection.connecting)),
        ConnectionState::Reconnecting => Some(t_string!(i18n, connection.reconnecting)),
        ConnectionState::ServerRestarting => Some(t_string!(i18n, connection.server_restarting)),
    };
    view! {
        <p
            class="connection"
            class:connection-down=move || workspace.connection.get() == ConnectionState::Reconnecting
            role="status"
        >
            {text}
        </p>
    }
}
