//! The reactive layer: one store per feature, each wrapping its part of the
//! plain [`crate::state`] model in signals, with the actions components call.
//!
//! | store | what it holds | provided by |
//! |---|---|---|
//! | [`SessionStore`] | who is logged in, colleagues, lines, the route, the event stream and its state | [`Stores::start`] |
//! | [`ConversationStore`] | the queue, conversation logs, replies in the outbox, conversation actions, notices and toasts | [`Stores::start`] |
//! | [`TeamChatStore`] | internal chats and their logs | [`Stores::start`] |
//! | [`CollabStore`] | tasks, calendar events, the company feed | [`Stores::start`] |
//! | [`CrmStore`] | customer cards (contact, deals, orders), sales | [`Stores::start`] |
//! | [`PreferencesStore`] | my shortcuts and undo send (kept on the server), the palette or cheat sheet open | [`Stores::start`] |
//! | [`SupervisionStore`] | the supervision snapshot, Take and Transfer from it | the "Supervision" screen, while shown |
//!
//! Every store is `Copy` (handles to signals) and is taken from context
//! with `expect_context::<ConversationStore>()`, so a component's
//! dependencies show in which stores it takes. Data flows one way: an action
//! calls the API, the answer or its event goes through a `state` reducer,
//! views re-render. An event from the stream reaches every store through
//! [`Stores::apply_frame`]; a store never calls a view, and no signal is used
//! to make another component react (a store method, or a callback of the
//! component that owns the behaviour, does that).

pub mod collab;
pub mod conversations;
pub mod crm;
pub mod late;
pub mod preferences;
pub mod session;
pub mod supervision;
pub mod team;
pub mod threads;
pub mod watch;

use leptos::prelude::*;
use switchboard_protocol::{ServerFrame, User};

pub use collab::CollabStore;
pub use conversations::{
    ActionCall, ConversationNotice, ConversationStore, OutgoingMessage, Toast, ToastKind,
};
pub use crm::CrmStore;
pub use preferences::{Overlay, PreferencesStore};
pub use session::SessionStore;
pub use supervision::SupervisionStore;
pub use team::TeamChatStore;
pub use threads::{Thread, Threads};

use crate::api::Client;
use crate::realtime::ConnectionState;
use crate::state::ids::uuid_v4;

/// Messages per page of a conversation or an internal chat.
pub(crate) const MESSAGE_PAGE: u32 = 50;

/// Every store of a logged-in workspace.
#[derive(Clone, Copy)]
pub struct Stores {
    /// Session, directory, route and connection.
    pub session: SessionStore,
    /// Queue and conversations.
    pub conversations: ConversationStore,
    /// Internal chats.
    pub team: TeamChatStore,
    /// Tasks, calendar and feed.
    pub collab: CollabStore,
    /// CRM and sales.
    pub crm: CrmStore,
    /// My preferences and the keyboard overlays.
    pub preferences: PreferencesStore,
}

impl Stores {
    /// Creates the stores of a logged-in employee without touching the
    /// network (component tests fill the model themselves).
    pub fn new(client: Client, me: User) -> Self {
        let session = SessionStore::new(client, me);
        let conversations = ConversationStore::new(session);
        let team = TeamChatStore::new(session);
        let collab = CollabStore::new(session);
        let crm = CrmStore::new(session, conversations);
        let stores = Self {
            session,
            conversations,
            team,
            collab,
            crm,
            preferences: PreferencesStore::new(session),
        };
        session.set_dispatch(
            Callback::new(move |frame| stores.apply_frame(frame)),
            Callback::new(move |state| stores.connection_changed(state)),
        );
        stores
    }

    /// Provides each store in context, below the current owner.
    pub fn provide(self) {
        provide_context(self.session);
        provide_context(self.conversations);
        provide_context(self.team);
        provide_context(self.collab);
        provide_context(self.crm);
        provide_context(self.preferences);
        provide_context(Threads::new(self.conversations, self.team));
        crate::projection::Projections::provide();
    }

    /// Creates and provides the stores, then starts loading and listening.
    ///
    /// The first snapshots (directory, lines, queue, internal chats) load in
    /// parallel; the event stream opens once they have all answered,
    /// replaying every event after the oldest one they reflect, so that
    /// nothing that happens while they load is missed.
    pub fn start(client: Client, me: User) -> Self {
        client.api().start_snapshot();
        let stores = Self::new(client, me);
        stores.provide();
        stores.conversations.restore_outbox();
        // Colleagues see which conversation is open here.
        let session = stores.session;
        Effect::new(move |_| {
            session.route.with(|route| route.conversation());
            session.viewing_changed();
        });
        stores.session.expect_snapshots();
        // The queue says "Loading…" from the start, not "empty".
        stores.conversations.queue_loading.set(true);
        // The snapshots are asked for once the shell is on screen: their
        // answers then find the main thread free and the first rows are drawn
        // as soon as they arrive, instead of waiting behind the shell's first
        // render (and the shell paints sooner).
        stores.session.after_next_paint(move || {
            stores.session.load_directory();
            stores.conversations.reload_queue();
            stores.team.load_chats();
        });
        stores
    }

    /// Applies one frame of the event stream to every store.
    pub fn apply_frame(&self, frame: ServerFrame) {
        match frame {
            ServerFrame::Event(envelope) => {
                let event = &envelope.event;
                let before = self.session.actor_untracked();
                self.session.apply_event(event);
                // A new role or other lines: the queue shows other conversations.
                if self.session.actor_untracked() != before {
                    self.conversations.resync();
                }
                self.conversations.apply_event(event);
                self.team.apply_event(event);
                late::apply(self, event);
                watch::applied(watch::Applied::Event(event));
            }
            ServerFrame::Resync { .. } => {
                // Events were missed: everything on screen may be stale.
                late::reload(self);
                self.collab.resync();
                self.team.resync();
                self.conversations.resync();
                watch::applied(watch::Applied::Resync);
            }
            ServerFrame::Typing(notice) => self.conversations.show_typing(notice),
            ServerFrame::Viewers(viewers) => self.conversations.show_viewers(viewers),
            ServerFrame::Ready { .. } | ServerFrame::Pong { .. } => {}
        }
    }

    fn connection_changed(&self, state: ConnectionState) {
        // The server answers again: deliver what waited.
        if state == ConnectionState::Live {
            self.conversations.flush_outbox();
        }
    }
}

/// Runs `work` once, in a task of its own after the next frame is painted,
/// or after 100 ms if no frame comes (a hidden tab paints none).
pub(crate) fn after_next_paint(work: impl FnOnce() + 'static) {
    let work = std::rc::Rc::new(std::cell::Cell::new(Some(
        Box::new(work) as Box<dyn FnOnce()>
    )));
    let run = {
        let work = work.clone();
        move || {
            if let Some(work) = work.take() {
                work();
            }
        }
    };
    let fallback = run.clone();
    request_animation_frame(move || set_timeout(run, std::time::Duration::ZERO));
    set_timeout(fallback, std::time::Duration::from_millis(100));
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A fresh client id for an idempotent create.
pub fn new_client_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_v4(bytes)
}
