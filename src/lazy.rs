//! The parts of the app that are not needed to show the queue, loaded on
//! demand as separate wasm modules.
//!
//! Every operator downloads the start module at each cold load: the queue,
//! the realtime connection, the reducers, the login. The conversation (log,
//! composer and its tools, message menu and dialogs), the customer panel
//! (CRM card, sales), and the Chats, Tasks, Calendar and Feed pages are cut
//! off at the split points below: `scripts/split-wasm.mjs` splits the module
//! after the build, at each function marked `#[wasm_split(part)]`, and moves
//! there what only that function reaches. The code shared by two parts goes
//! to a chunk that either loads.
//!
//! Each split function returns plain function pointers to the part's views,
//! so once a part has arrived it renders synchronously, like any view.
//! [`Parts::preload`] fetches the parts as soon as the queue is on screen,
//! so that opening a conversation never waits for the network; a part that
//! fails to arrive (the server is unreachable) shows its error with
//! "Retry" in place of the view, instead of stopping the app.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use switchboard_protocol::{ConversationId, TeamChatId};

use crate::i18n::*;

/// A part that did not arrive (the browser logs the details).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("a part of the app did not load")]
pub struct PartError;

impl From<SplitLoaderError> for PartError {
    fn from(_: SplitLoaderError) -> Self {
        PartError
    }
}

/// What a split function hands back: the loaded part, or why it did not load.
pub type Loaded<T> = Result<T, PartError>;
/// Starts loading a part.
pub type Loader<T> = fn() -> Pin<Box<dyn Future<Output = Loaded<T>>>>;

/// The open conversation and the customer panel beside it.
#[derive(Clone, Copy)]
pub struct ConversationPart {
    /// The conversation view (header, log, composer).
    pub conversation: fn(ConversationId) -> AnyView,
    /// The customer panel (details, CRM card).
    pub customer: fn(ConversationId) -> AnyView,
    /// The queue's filters (line, label, channel) and "Sort by": the queue
    /// draws them once this part has arrived.
    pub queue_filters: fn() -> AnyView,
    /// "Mine" and "All" inside "In progress".
    pub scope_switch: fn() -> AnyView,
    /// The toasts in their region (the region is drawn from the start).
    pub toasts: fn() -> AnyView,
}

/// The collaboration pages of the navigation rail, and the admins' settings.
#[derive(Clone, Copy)]
pub struct PagesPart {
    /// "Chats", with the chat `open` if any.
    pub chats: fn(Option<TeamChatId>) -> AnyView,
    /// "Tasks".
    pub tasks: fn() -> AnyView,
    /// "Calendar".
    pub calendar: fn() -> AnyView,
    /// "Feed".
    pub feed: fn() -> AnyView,
    /// "Company details" (admins), closed with the callback.
    pub company: fn(Callback<()>) -> AnyView,
    /// "Set up Switchboard" with a setup link's token (before anyone can
    /// log in), logging the administrator in with the callback.
    pub setup: fn(String, Callback<crate::session::Session>) -> AnyView,
    /// "Choose a new password" with a reset link's token.
    pub reset: fn(String, Callback<crate::session::Session>) -> AnyView,
    /// "Choose your password" with an invitation link's token.
    pub invite: fn(String, Callback<crate::session::Session>) -> AnyView,
    /// "Settings" at a section: it loads its own part the first time (the
    /// start module carries nothing of it).
    pub settings: fn(crate::state::route::SettingsSection) -> AnyView,
    /// "Reports": it loads its own part the first time, as "Settings" does.
    pub reports: fn() -> AnyView,
    /// "Supervision": it loads its own part the first time.
    pub supervision: fn() -> AnyView,
    /// Watches activity to show an idle operator as Away (from when the
    /// part arrives until the workspace goes).
    pub idle: fn(crate::stores::SessionStore),
    /// The user menu's panel: "Company details" and "Log out" callbacks.
    pub user_panel: fn(Callback<()>, Callback<()>) -> AnyView,
    /// The keyboard overlay (command palette or cheat sheet): it loads its
    /// own part the first time, as "Settings" does.
    pub overlay: fn(crate::stores::Overlay) -> AnyView,
    /// Loads my preferences (shortcuts, undo send) from the server.
    pub keyboard: fn(crate::stores::PreferencesStore),
    /// The shortcut action that a key combination runs with my preferences
    /// (`true`: typed in a text field, where single keys are text).
    pub action_for: fn(crate::stores::PreferencesStore, &str, bool) -> Option<&'static str>,
    /// Runs a shortcut's action: the palette's part loads the first time.
    pub run_shortcut: fn(Parts, crate::stores::Stores, I18n, &'static str),
}

/// The app's language context.
pub type I18n = leptos_i18n::I18nContext<crate::i18n::Locale>;

/// "Settings" (admins change them, supervisors read them), a part of its own:
/// operators never load it.
#[derive(Clone, Copy)]
pub struct SettingsPart {
    /// The settings page at a section.
    pub page: fn(crate::state::route::SettingsSection) -> AnyView,
}

#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible)]
fn settings_part() -> Loaded<SettingsPart> {
    use crate::components::settings::page::SettingsPage;
    Ok(SettingsPart {
        page: |section| view! { <SettingsPage section=section /> }.into_any(),
    })
}

fn load_settings() -> Pin<Box<dyn Future<Output = Loaded<SettingsPart>>>> {
    Box::pin(settings_part())
}

thread_local! {
    /// The settings' part once it has arrived.
    static SETTINGS: std::cell::Cell<Option<SettingsPart>> = const { std::cell::Cell::new(None) };
}

/// "Settings" at `section`, from the pages' part: the settings' part is
/// loaded the first time, then drawn at once.
fn settings_view(section: crate::state::route::SettingsSection) -> AnyView {
    if let Some(part) = SETTINGS.with(std::cell::Cell::get) {
        return (part.page)(section);
    }
    let Some(parts) = use_context::<Parts>() else {
        return ().into_any();
    };
    let part = Lazy::new(parts.settings);
    let render = move |part: SettingsPart| {
        SETTINGS.with(|settings| settings.set(Some(part)));
        (part.page)(section)
    };
    view! { <LazyView part=part render=render /> }.into_any()
}

/// "Reports" (supervisors and admins), a part of its own: operators never
/// load it.
#[derive(Clone, Copy)]
pub struct ReportsPart {
    /// The reports page.
    pub page: fn() -> AnyView,
}

#[wasm_split(reports, wasm_split_path = ::leptos::wasm_split, fallible)]
fn reports_part() -> Loaded<ReportsPart> {
    use crate::components::reports::page::ReportsPage;
    Ok(ReportsPart {
        page: || view! { <ReportsPage /> }.into_any(),
    })
}

fn load_reports() -> Pin<Box<dyn Future<Output = Loaded<ReportsPart>>>> {
    Box::pin(reports_part())
}

thread_local! {
    /// The reports' part once it has arrived.
    static REPORTS: std::cell::Cell<Option<ReportsPart>> = const { std::cell::Cell::new(None) };
}

/// "Reports", from the pages' part: the reports' part is loaded the first
/// time, then drawn at once.
fn reports_view() -> AnyView {
    if let Some(part) = REPORTS.with(std::cell::Cell::get) {
        return (part.page)();
    }
    let Some(parts) = use_context::<Parts>() else {
        return ().into_any();
    };
    let part = Lazy::new(parts.reports);
    let render = move |part: ReportsPart| {
        REPORTS.with(|reports| reports.set(Some(part)));
        (part.page)()
    };
    view! { <LazyView part=part render=render /> }.into_any()
}

/// "Supervision" (supervisors and admins), a part of its own: operators
/// never load it.
#[derive(Clone, Copy)]
pub struct SupervisionPart {
    /// The supervision page.
    pub page: fn() -> AnyView,
}

#[wasm_split(supervision, wasm_split_path = ::leptos::wasm_split, fallible)]
fn supervision_part() -> Loaded<SupervisionPart> {
    use crate::components::supervision::page::SupervisionPage;
    Ok(SupervisionPart {
        page: || view! { <SupervisionPage /> }.into_any(),
    })
}

fn load_supervision() -> Pin<Box<dyn Future<Output = Loaded<SupervisionPart>>>> {
    Box::pin(supervision_part())
}

thread_local! {
    /// The supervision's part once it has arrived.
    static SUPERVISION: std::cell::Cell<Option<SupervisionPart>> = const { std::cell::Cell::new(None) };
}

/// "Supervision", from the pages' part, like [`settings_view`].
fn supervision_view() -> AnyView {
    if let Some(part) = SUPERVISION.with(std::cell::Cell::get) {
        return (part.page)();
    }
    let Some(parts) = use_context::<Parts>() else {
        return ().into_any();
    };
    let part = Lazy::new(parts.supervision);
    let render = move |part: SupervisionPart| {
        SUPERVISION.with(|supervision| supervision.set(Some(part)));
        (part.page)()
    };
    view! { <LazyView part=part render=render /> }.into_any()
}

/// The command palette and the keyboard cheat sheet, a part of its own.
#[derive(Clone, Copy)]
pub struct PalettePart {
    /// The dialog of an overlay.
    pub view: fn(crate::stores::Overlay) -> AnyView,
    /// Runs a shortcut's action (by its id) on what is on screen.
    pub run: fn(crate::stores::Stores, leptos_i18n::I18nContext<crate::i18n::Locale>, &'static str),
}

#[wasm_split(palette, wasm_split_path = ::leptos::wasm_split, fallible)]
fn palette_part() -> Loaded<PalettePart> {
    use crate::components::palette::{cheat_sheet::ShortcutsDialog, dialog::CommandPalette};
    use crate::stores::Overlay;
    Ok(PalettePart {
        view: |overlay| match overlay {
            Overlay::Palette(start) => view! { <CommandPalette start=start /> }.into_any(),
            Overlay::Shortcuts => view! { <ShortcutsDialog /> }.into_any(),
        },
        run: crate::components::palette::run::run_shortcut,
    })
}

fn load_palette() -> Pin<Box<dyn Future<Output = Loaded<PalettePart>>>> {
    Box::pin(palette_part())
}

thread_local! {
    /// The palette's part once it has arrived.
    static PALETTE: std::cell::Cell<Option<PalettePart>> = const { std::cell::Cell::new(None) };
}

/// The keyboard overlay, from the pages' part, like [`settings_view`].
fn palette_view(overlay: crate::stores::Overlay) -> AnyView {
    if let Some(part) = PALETTE.with(std::cell::Cell::get) {
        return (part.view)(overlay);
    }
    let Some(parts) = use_context::<Parts>() else {
        return ().into_any();
    };
    let part = Lazy::new(parts.palette);
    let render = move |part: PalettePart| {
        PALETTE.with(|palette| palette.set(Some(part)));
        (part.view)(overlay.clone())
    };
    view! { <LazyView part=part render=render /> }.into_any()
}

/// Runs a shortcut's action, from the pages' part: the palette's part is
/// loaded the first time.
fn run_shortcut(parts: Parts, stores: crate::stores::Stores, i18n: I18n, action: &'static str) {
    if let Some(part) = PALETTE.with(std::cell::Cell::get) {
        return (part.run)(stores, i18n, action);
    }
    let load = parts.palette;
    leptos::task::spawn_local(async move {
        if let Ok(part) = load().await {
            PALETTE.with(|palette| palette.set(Some(part)));
            (part.run)(stores, i18n, action);
        }
    });
}

/// The shortcut action of `keys` with my preferences.
fn shortcut_action(
    preferences: crate::stores::PreferencesStore,
    keys: &str,
    typing: bool,
) -> Option<&'static str> {
    use switchboard_protocol::preferences::{is_single_key, normalize_keys};
    let keys = normalize_keys(keys)?;
    if typing && is_single_key(&keys) {
        return None;
    }
    preferences
        .current
        .with_untracked(|current| current.action_for(&keys))
}

#[wasm_split(conversation, wasm_split_path = ::leptos::wasm_split, fallible)]
fn conversation_part() -> Loaded<ConversationPart> {
    use crate::components::conversation::view::ConversationView;
    use crate::components::customer_panel::CustomerPanel;
    // The customer panel's CRM cards follow their events from now on.
    crate::stores::late::keep_live();
    Ok(ConversationPart {
        conversation: |id| view! { <ConversationView id=id /> }.into_any(),
        customer: |id| view! { <CustomerPanel id=id /> }.into_any(),
        queue_filters: || {
            use crate::components::queue::filters::QueueFilters;
            view! { <QueueFilters /> }.into_any()
        },
        scope_switch: || {
            use crate::components::queue::panel::ScopeSwitch;
            view! { <ScopeSwitch /> }.into_any()
        },
        toasts: || {
            use crate::components::workspace::toasts::ToastList;
            view! { <ToastList /> }.into_any()
        },
    })
}

#[wasm_split(pages, wasm_split_path = ::leptos::wasm_split, fallible)]
fn pages_part() -> Loaded<PagesPart> {
    use crate::components::pages::{
        calendar::CalendarPage,
        chats::ChatsPage,
        feed::FeedPage,
        first_run::{ResetScreen, SetupScreen},
        tasks::TasksPage,
    };
    // Tasks, calendar and feed follow their events from now on.
    crate::stores::late::keep_live();
    Ok(PagesPart {
        chats: |open| view! { <ChatsPage open=open /> }.into_any(),
        tasks: || view! { <TasksPage /> }.into_any(),
        calendar: || view! { <CalendarPage /> }.into_any(),
        feed: || view! { <FeedPage /> }.into_any(),
        company: |on_close| {
            view! { <crate::components::crm::company::CompanyDialog on_close=on_close /> }
                .into_any()
        },
        setup: |token, on_logged_in| {
            view! { <SetupScreen token=token on_logged_in=on_logged_in /> }.into_any()
        },
        reset: |token, on_logged_in| {
            view! { <ResetScreen token=token on_logged_in=on_logged_in /> }.into_any()
        },
        invite: |token, on_logged_in| {
            view! { <ResetScreen token=token on_logged_in=on_logged_in invitation=true /> }
                .into_any()
        },
        settings: settings_view,
        reports: reports_view,
        supervision: supervision_view,
        idle: crate::components::workspace::idle::auto_away,
        user_panel: |on_company, on_logout| {
            use crate::components::workspace::user_panel::UserPanel;
            view! { <UserPanel on_company=on_company on_logout=on_logout /> }.into_any()
        },
        overlay: palette_view,
        keyboard: |preferences| preferences.load(),
        action_for: shortcut_action,
        run_shortcut,
    })
}

fn load_conversation() -> Pin<Box<dyn Future<Output = Loaded<ConversationPart>>>> {
    Box::pin(conversation_part())
}

fn load_pages() -> Pin<Box<dyn Future<Output = Loaded<PagesPart>>>> {
    Box::pin(pages_part())
}

/// Where a part's load stands.
#[derive(Clone, Copy)]
enum State<T> {
    /// Not asked for yet.
    Idle,
    /// On its way.
    Loading,
    /// Here: its views render at once.
    Ready(T),
    /// Did not arrive; [`Lazy::retry`] asks again.
    Failed,
}

/// One lazily loaded part: a signal of its state and how to load it.
pub struct Lazy<T: 'static> {
    state: RwSignal<State<T>>,
    loader: Loader<T>,
}

impl<T> Clone for Lazy<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Lazy<T> {}

impl<T: Copy + Send + Sync + 'static> Lazy<T> {
    /// A part that `loader` loads, not asked for yet.
    pub fn new(loader: Loader<T>) -> Self {
        Self {
            state: RwSignal::new(State::Idle),
            loader,
        }
    }

    /// Starts the load unless it started already.
    pub fn preload(self) {
        // Called from a frame callback too: the workspace (and the part's
        // state with it) may be gone by then, after a logout.
        if !matches!(self.state.try_get_untracked(), Some(State::Idle)) {
            return;
        }
        self.state.set(State::Loading);
        let load = self.loader;
        leptos::task::spawn_local(async move {
            let state = match load().await {
                Ok(part) => State::Ready(part),
                Err(error) => {
                    leptos::logging::warn!("a part of the app did not load: {error}");
                    State::Failed
                }
            };
            self.state.set(state);
        });
    }

    /// Asks again for a part that failed to load.
    pub fn retry(self) {
        if matches!(self.state.try_get_untracked(), Some(State::Failed)) {
            self.state.set(State::Idle);
            self.preload();
        }
    }

    /// The part, once loaded (tracked); asking starts its load.
    pub fn get(self) -> Option<T> {
        match self.state.get() {
            State::Ready(part) => Some(part),
            State::Idle => {
                // Not from inside the reading closure: the load writes the state.
                request_animation_frame(move || self.preload());
                None
            }
            State::Loading | State::Failed => None,
        }
    }

    /// The part once it has arrived (tracked), without asking for it.
    pub fn arrived(self) -> Option<T> {
        match self.state.get() {
            State::Ready(part) => Some(part),
            _ => None,
        }
    }

    /// Where the load stands, without the part (tracked).
    fn phase(self) -> Phase {
        match self.state.get() {
            State::Ready(_) => Phase::Ready,
            State::Failed => Phase::Failed,
            State::Idle | State::Loading => Phase::Waiting,
        }
    }

    /// The part if it has arrived, without asking for it (untracked).
    pub fn ready(self) -> Option<T> {
        self.loaded()
    }

    /// The part if it has arrived (untracked).
    fn loaded(self) -> Option<T> {
        match self.state.try_get_untracked()? {
            State::Ready(part) => Some(part),
            _ => None,
        }
    }
}

/// Where a part's load stands, as a view shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Waiting,
    Ready,
    Failed,
}

/// The lazily loaded parts of the workspace, provided as a context.
#[derive(Clone, Copy)]
pub struct Parts {
    /// The conversation and the customer panel.
    pub conversation: Lazy<ConversationPart>,
    /// The Chats, Tasks, Calendar and Feed pages, and the user menu's panel.
    pub pages: Lazy<PagesPart>,
    /// Loads the settings' part. The pages' part draws "Settings" with it:
    /// a split part may not name another one itself (its code is a root of
    /// every build, tests included, which cannot resolve the other's
    /// loader), so the workspace hands it over.
    pub settings: Loader<SettingsPart>,
    /// Loads the reports' part (drawn by the pages' part, like the settings).
    pub reports: Loader<ReportsPart>,
    /// Loads the supervision's part (drawn by the pages' part, like the
    /// settings).
    pub supervision: Loader<SupervisionPart>,
    /// Loads the palette's part (drawn and run by the pages' part, like the
    /// settings).
    pub palette: Loader<PalettePart>,
}

impl Lazy<PagesPart> {
    /// The pages' part on its own, for the screens shown before anyone is
    /// logged in (the workspace's [`Parts`] come with the workspace).
    pub fn pages() -> Self {
        Lazy::new(load_pages)
    }
}

impl Parts {
    /// Provides the parts to the workspace below the current owner.
    pub fn provide() -> Self {
        let parts = Self {
            conversation: Lazy::new(load_conversation),
            pages: Lazy::new(load_pages),
            settings: load_settings,
            palette: load_palette,
            reports: load_reports,
            supervision: load_supervision,
        };
        provide_context(parts);
        parts
    }

    /// Fetches every part, the conversation first: called once the queue is
    /// on screen, so the start module alone decides how soon it is.
    pub fn preload(self) {
        self.conversation.preload();
        self.pages.preload();
    }
}

/// The view of a lazily loaded `part`: `render` once it has arrived, a
/// polite "Loading…" meanwhile, the error and "Retry" if it cannot arrive.
#[component]
pub fn LazyView<T, F>(part: Lazy<T>, render: F) -> impl IntoView
where
    T: Copy + Send + Sync + 'static,
    F: Fn(T) -> AnyView + Send + 'static,
{
    // One body per kind of part, not one per call site: the start module
    // carries it once for each.
    lazy_view(part, Box::new(render))
}

fn lazy_view<T>(part: Lazy<T>, render: Box<dyn Fn(T) -> AnyView + Send>) -> AnyView
where
    T: Copy + Send + Sync + 'static,
{
    let locale = crate::projection::use_locale();
    // Drawn again for every conversation opened: it reads the part's state
    // through a projection (see `crate::projection`).
    if matches!(part.state.try_get_untracked(), Some(State::Idle)) {
        request_animation_frame(move || part.preload());
    }
    let phase = crate::projection::project(move || part.phase());
    (move || match phase.get() {
        Phase::Ready => match part.loaded() {
            Some(loaded) => render(loaded),
            None => ().into_any(),
        },
        Phase::Failed => view! {
            <div class="lazy-failed" role="alert">
                <p>{td!(locale, lazy.failed)}</p>
                <button type="button" on:click=move |_| part.retry()>
                    {td!(locale, lazy.retry)}
                </button>
            </div>
        }
        .into_any(),
        Phase::Waiting => {
            view! { <p class="lazy-loading" role="status">{td!(locale, loading)}</p> }.into_any()
        }
    })
    .into_any()
}
