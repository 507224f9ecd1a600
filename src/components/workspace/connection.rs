//! "Reconnecting…": the connection state, visible and announced. A server
//! restart (close code 1012) has its own, calmer message.

use leptos::prelude::*;

use crate::i18n::*;
use crate::realtime::ConnectionState;
use crate::stores::SessionStore;

/// Shows the websocket's state when it is not live.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let i18n = use_i18n();
    let store = expect_context::<SessionStore>();
    let text = move || match store.connection.get() {
        ConnectionState::Live => None,
        ConnectionState::Connecting => Some(t_string!(i18n, connection.connecting)),
        ConnectionState::Reconnecting => Some(t_string!(i18n, connection.reconnecting)),
        ConnectionState::ServerRestarting => Some(t_string!(i18n, connection.server_restarting)),
    };
    view! {
        <p
            class="connection"
            class:connection-down=move || store.connection.get() == ConnectionState::Reconnecting
            role="status"
        >
            {text}
        </p>
    }
}
