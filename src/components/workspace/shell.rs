//! The workspace layout: navigation, top bar, queue, conversation, customer.

use leptos::prelude::*;

use crate::api::{Api, Client};
use crate::components::queue::panel::QueuePanel;
use crate::components::workspace::{
    connection::ConnectionBanner, expired::SessionExpiredDialog, keys, toasts::Toasts,
    user_menu::UserMenu,
};
use crate::i18n::*;
use crate::lazy::{ConversationPart, LazyView, PagesPart, Parts};
use crate::listeners::{every, on_window_event};
use crate::projection::UiLocale;
use crate::session::Session;
use crate::state::route::{Route, SettingsSection};
use crate::stores::{now_ms, ConversationStore, Overlay, SessionStore, Stores};
use switchboard_protocol::Role;

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
    let stores = Stores::start(Client::new(api, session.token.clone()), session.user);
    let Stores {
        session: store,
        conversations,
        team,
        preferences,
        ..
    } = stores;
    let parts = Parts::provide();
    provide_context(crate::session::SessionRenewed(on_relogin));
    crate::preferences::apply_theme(crate::preferences::theme());
    on_cleanup(move || store.stop());

    // Every listener and timer of the workspace goes with it: after logging
    // out nothing reacts to the keyboard or the network any more.
    store.route.set(current_route());
    on_window_event(leptos::ev::hashchange, move |_| {
        store.route.set(current_route());
    });
    on_window_event(leptos::ev::online, move |_| store.reconnect_now());
    keys::listen(stores, parts, |stores, forward| {
        switch_conversation(stores.session, stores.conversations, forward)
    });
    every(std::time::Duration::from_secs(30), move || {
        store.now.set(now_ms())
    });

    Effect::new(move |_| {
        if let Some(id) = store.route.get().conversation() {
            conversations.open(id);
        }
    });
    // Deactivated by an administrator: the login screen, saying why.
    Effect::new(move |_| {
        if let Some(reason) = store.ended.get() {
            let notice = use_context::<crate::session::LoginNotice>();
            store.stop();
            // After the views this event changes are drawn: the workspace
            // goes outside of its own updates.
            set_timeout(
                move || {
                    if let Some(notice) = notice {
                        notice.0.set(Some(reason));
                    }
                    on_logout.run(());
                },
                std::time::Duration::ZERO,
            );
        }
    });
    // Away when idle, and my preferences (the keyboard's): they come with
    // the pages' part, soon after the queue.
    // Its listeners belong to the workspace (not to this effect), so they
    // go with it.
    let workspace = Owner::current();
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        match parts.pages.arrived() {
            Some(part) => {
                let start = move || {
                    untrack(|| (part.idle)(store));
                    (part.keyboard)(preferences);
                };
                match &workspace {
                    Some(owner) => owner.with(start),
                    None => start(),
                }
                true
            }
            None => false,
        }
    });
    // The conversation labels come with the first part that arrives (see
    // `crate::stores::late`).
    Effect::new(move |loaded: Option<bool>| {
        if loaded == Some(true) {
            return true;
        }
        if parts.conversation.arrived().is_none() && parts.pages.arrived().is_none() {
            return false;
        }
        untrack(|| crate::stores::late::reload(&stores));
        true
    });
    // The other parts of the app, once the queue has had its first answer
    // and the browser is idle (its rows painted): they never compete with
    // what the operator sees first.
    Effect::new(move |preloaded: Option<bool>| {
        if preloaded == Some(true) {
            return true;
        }
        if conversations.queue_loading.get() {
            return false;
        }
        request_idle_callback(move || parts.preload());
        true
    });
    // "(3) Switchboard": the unread total and the offers in the tab title.
    Effect::new(move |_| {
        let me = store.my_id();
        let unread = conversations
            .queue
            .with(|queue| queue.unread_total() + queue.offers_to(me));
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
    let view_name = move || match store.route.get() {
        Route::Conversation(_) => "conversation",
        Route::ContactCenter => "queue",
        _ => "page",
    };
    // The unread badges of the rail (the chats load with the workspace).
    let chats_unread = Signal::derive(move || {
        team.chats
            .with(|chats| chats.as_ref().map_or(0, |chats| chats.unread_total()))
    });
    let section = Memo::new(move |_| match store.route.get() {
        Route::ContactCenter | Route::Conversation(_) => Route::ContactCenter,
        Route::Chats(_) => Route::Chats(None),
        Route::Settings(_) => Route::Settings(SettingsSection::default()),
        other => other,
    });
    // Supervisors read the settings and the reports; administrators change
    // the settings.
    let sees_settings = move || store.me.with(|me| me.role != Role::Operator);
    view! {
        <div class="workspace" data-view=view_name>
            <header class="topbar">
                <span class="brand">{t!(i18n, app_name)}</span>
                <ConnectionBanner />
                <button
                    type="button"
                    class="palette-button"
                    aria-keyshortcuts="Control+K"
                    on:click=move |_| preferences.overlay.set(Some(Overlay::Palette(String::new())))
                >
                    {t!(i18n, palette.button)}
                </button>
                <UserMenu on_logout=on_logout />
            </header>
            <nav class="rail" aria-label=move || t_string!(i18n, nav.main)>
                <RailLink route=Route::ContactCenter section=section icon="☎" label=Signal::derive(move || t_string!(i18n, nav.contact_center).to_owned()) />
                <RailLink route=Route::Chats(None) section=section icon="✉" label=Signal::derive(move || t_string!(i18n, nav.chats).to_owned()) badge=chats_unread />
                <RailLink route=Route::Tasks section=section icon="✔" label=Signal::derive(move || t_string!(i18n, nav.tasks).to_owned()) />
                <RailLink route=Route::Calendar section=section icon="▦" label=Signal::derive(move || t_string!(i18n, nav.calendar).to_owned()) />
                <RailLink route=Route::Feed section=section icon="☰" label=Signal::derive(move || t_string!(i18n, nav.feed).to_owned()) />
                <Show when=sees_settings>
                    <RailLink route=Route::Supervision section=section icon="◉" label=Signal::derive(move || t_string!(i18n, nav.supervision).to_owned()) />
                    <RailLink route=Route::Settings(SettingsSection::default()) section=section icon="⚙" label=Signal::derive(move || t_string!(i18n, nav.settings).to_owned()) />
                    <RailLink route=Route::Reports section=section icon="▥" label=Signal::derive(move || t_string!(i18n, nav.reports).to_owned()) />
                </Show>
            </nav>
            <Show when=move || section.get() == Route::ContactCenter>
                <section class="queue-panel" aria-label=move || t_string!(i18n, queue.region)>
                    <QueuePanel />
                </section>
            </Show>
            <main class="conversation-panel" id="main">
                {move || {
                    let route = store.route.get();
                    // The parts read the language once: a change of language
                    // draws them again (see `crate::projection`).
                    provide_context(UiLocale(i18n.get_locale()));
                    match route {
                    Route::Conversation(id) => {
                        let render = move |part: ConversationPart| (part.conversation)(id);
                        view! { <LazyView part=parts.conversation render=render /> }.into_any()
                    }
                    Route::ContactCenter => {
                        view! { <p class="empty-state">{t!(i18n, conversation.none)}</p> }
                            .into_any()
                    }
                    Route::Chats(open) => {
                        let render = move |part: PagesPart| (part.chats)(open);
                        view! { <LazyView part=parts.pages render=render /> }.into_any()
                    }
                    Route::Tasks => {
                        view! { <LazyView part=parts.pages render=|part: PagesPart| (part.tasks)() /> }
                            .into_any()
                    }
                    Route::Calendar => {
                        view! { <LazyView part=parts.pages render=|part: PagesPart| (part.calendar)() /> }
                            .into_any()
                    }
                    Route::Feed => {
                        view! { <LazyView part=parts.pages render=|part: PagesPart| (part.feed)() /> }
                            .into_any()
                    }
                    Route::Settings(settings) => {
                        let render = move |part: PagesPart| (part.settings)(settings);
                        view! { <LazyView part=parts.pages render=render /> }.into_any()
                    }
                    Route::Reports => {
                        view! { <LazyView part=parts.pages render=|part: PagesPart| (part.reports)() /> }
                            .into_any()
                    }
                    Route::Supervision => {
                        view! { <LazyView part=parts.pages render=|part: PagesPart| (part.supervision)() /> }
                            .into_any()
                    }
                }}}
            </main>
            {move || {
                let id = store.route.get().conversation()?;
                provide_context(UiLocale(i18n.get_locale()));
                // Beside the conversation, and nothing while its part loads.
                parts.conversation.get().map(|part| (part.customer)(id))
            }}
            {move || {
                let overlay = preferences.overlay.get()?;
                provide_context(UiLocale(i18n.get_locale()));
                let render = move |part: PagesPart| (part.overlay)(overlay.clone());
                Some(view! { <LazyView part=parts.pages render=render /> })
            }}
            <Toasts />
            <SessionExpiredDialog on_relogin=on_relogin />
        </div>
    }
}

/// A link of the navigation rail, marked current when its section is shown.
#[component]
fn RailLink(
    route: Route,
    section: Memo<Route>,
    icon: &'static str,
    label: Signal<String>,
    #[prop(optional, into)] badge: Option<Signal<u32>>,
) -> impl IntoView {
    let count = move || badge.map_or(0, |badge| badge.get());
    view! {
        <a
            href=route.href()
            class="rail-link"
            aria-current=move || (section.get() == route).then_some("page")
        >
            <span class="rail-icon" aria-hidden="true">{icon}</span>
            <span>{label}</span>
            {move || (count() > 0).then(|| view! { <span class="unread-badge rail-badge">{count()}</span> })}
        </a>
    }
}

/// Alt+Up / Alt+Down: the previous or next conversation of the list on screen.
fn switch_conversation(store: SessionStore, conversations: ConversationStore, forward: bool) {
    let rows = untrack(|| conversations.visible_rows());
    if rows.is_empty() {
        return;
    }
    let current = store.route.get_untracked().conversation();
    let index = current.and_then(|id| rows.iter().position(|row| *row == id));
    let next = match (index, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(rows.len() - 1),
        (Some(i), false) => i.saturating_sub(1),
    };
    // Near the end of what is loaded: the next page, so the operator can
    // keep going down the whole queue.
    if next + LOAD_AHEAD >= rows.len() {
        conversations.load_more();
    }
    navigate(Route::Conversation(rows[next]));
}

/// How close to the last loaded row Alt+Down asks for the next page.
const LOAD_AHEAD: usize = 5;
