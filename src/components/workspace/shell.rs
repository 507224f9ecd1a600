//! The workspace layout: navigation, top bar, queue, conversation, customer.

use leptos::prelude::*;

use crate::api::{Api, Client};
use crate::components::conversation::view::ConversationView;
use crate::components::customer_panel::CustomerPanel;
use crate::components::queue::panel::QueuePanel;
use crate::components::workspace::{
    connection::ConnectionBanner, expired::SessionExpiredDialog, toasts::Toasts,
    user_menu::UserMenu,
};
use crate::i18n::*;
use crate::session::Session;
use crate::state::route::Route;
use crate::workspace::{now_ms, Workspace};

fn current_route() -> Route {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .map(|hash| Route::parse(&hash))
        .unwrap_or_default()
}

/// Navigates by changing the URL fragment; the route signal follows it.
pub fn navigate(route: Route) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&route.href());
    }
}

/// Starts the workspace for a session and lays out its screen.
#[component]
pub fn WorkspaceScreen(
    /// The logged-in session.
    session: Session,
    /// Called once the operator logged out.
    on_logout: Callback<()>,
    /// Called with the new session after logging in again over an expired one.
    on_relogin: Callback<Session>,
) -> impl IntoView {
    let api = expect_context::<Api>();
    let workspace = Workspace::start(Client::new(api, session.token.clone()), session.user);
    provide_context(workspace);
    crate::preferences::apply_theme(crate::preferences::theme());
    on_cleanup(move || workspace.stop());

    workspace.route.set(current_route());
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        workspace.route.set(current_route());
    });
    let _ = window_event_listener(leptos::ev::online, move |_| workspace.reconnect_now());
    let _ = window_event_listener(leptos::ev::keydown, move |event| {
        if event.alt_key() && (event.key() == "ArrowUp" || event.key() == "ArrowDown") {
            event.prevent_default();
            switch_conversation(workspace, event.key() == "ArrowDown");
        }
    });
    let clock = set_interval_with_handle(
        move || workspace.now.set(now_ms()),
        std::time::Duration::from_secs(30),
    );
    on_cleanup(move || {
        if let Ok(clock) = clock {
            clock.clear();
        }
    });

    Effect::new(move |_| {
        if let Some(id) = workspace.route.get().conversation() {
            workspace.open(id);
        }
    });
    // "(3) Switchboard": the unread total in the tab title.
    Effect::new(move |_| {
        let unread = workspace.queue.with(|queue| queue.unread_total());
        let title = if unread > 0 {
            format!("({unread}) Switchboard")
        } else {
            "Switchboard".to_owned()
        };
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&title);
        }
    });

    let i18n = use_i18n();
    let view_name = move || {
        if workspace.route.get().conversation().is_some() {
            "conversation"
        } else {
            "queue"
        }
    };
    view! {
        <div class="workspace" data-view=view_name>
            <header class="topbar">
                <span class="brand">{t!(i18n, app_name)}</span>
                <ConnectionBanner />
                <UserMenu on_logout=on_logout />
            </header>
            <nav class="rail" aria-label=move || t_string!(i18n, nav.main)>
                <a href=Route::ContactCenter.href() aria-current="page" class="rail-link">
                    <span class="rail-icon" aria-hidden="true">
                        "☎"
                    </span>
                    <span>{t!(i18n, nav.contact_center)}</span>
                </a>
            </nav>
            <section class="queue-panel" aria-label=move || t_string!(i18n, queue.region)>
                <QueuePanel />
            </section>
            <main class="conversation-panel" id="main">
                {move || match workspace.route.get().conversation() {
                    Some(id) => view! { <ConversationView id=id /> }.into_any(),
                    None => {
                        view! { <p class="empty-state">{t!(i18n, conversation.none)}</p> }
                            .into_any()
                    }
                }}
            </main>
            {move || {
                workspace
                    .route
                    .get()
                    .conversation()
                    .map(|id| view! { <CustomerPanel id=id /> })
            }}
            <Toasts />
            <SessionExpiredDialog on_relogin=on_relogin />
        </div>
    }
}

/// Alt+Up / Alt+Down: the previous or next conversation of the current tab.
fn switch_conversation(workspace: Workspace, forward: bool) {
    let rows = workspace.queue.with_untracked(|queue| {
        queue.rows(
            workspace.tab.get_untracked(),
            &workspace.filter.get_untracked(),
        )
    });
    if rows.is_empty() {
        return;
    }
    let current = workspace.route.get_untracked().conversation();
    let index = current.and_then(|id| rows.iter().position(|row| *row == id));
    let next = match (index, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(rows.len() - 1),
        (Some(i), false) => i.saturating_sub(1),
    };
    navigate(Route::Conversation(rows[next]));
}
