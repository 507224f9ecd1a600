//! The reactive workspace: signals around the plain `state` model, and the
//! actions components call. Data flows one way: an action calls the API, the
//! answer or the resulting event goes through a `state` reducer, views re-render.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{ConversationId, ConversationStatus, Line, LineId, User, UserId};

mod actions;
mod collab;
mod conversation;
mod crm;
mod events;
mod outbox;
mod queue;
mod team;

pub use actions::ActionCall;
pub use conversation::OutgoingMessage;
pub use team::Thread;

use crate::api::{ApiError, Client};
use crate::realtime::{ConnectionState, Realtime};
use crate::state::conversation::ConversationLog;
use crate::state::ids::uuid_v4;
use crate::state::queue::{Queue, QueueFilter, QueueTab};
use crate::state::route::Route;

/// Messages per page of a conversation.
const MESSAGE_PAGE: u32 = 50;
/// Rows per page of the queue.
const QUEUE_PAGE: u32 = 100;
/// Rows of a tab's first page: a tall screen shows about twenty, and the
/// rest comes as the operator scrolls. A smaller first answer is decoded
/// and drawn sooner (the big queue's first rows, see the README's
/// Performance section).
const FIRST_QUEUE_PAGE: u32 = 40;

/// A short-lived notice about a customer message elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Unique per toast.
    pub id: u64,
    /// The conversation it is about.
    pub conversation: ConversationId,
    /// The customer's name.
    pub title: String,
    /// The message preview, or the colleague's name for a handover.
    pub body: String,
    /// What happened.
    pub kind: ToastKind,
}

/// Why a toast appeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// The customer wrote (`body` is the preview).
    CustomerMessage,
    /// A colleague (`body`) transferred the conversation to me.
    HandedToMe,
    /// A colleague (`body`) took over my conversation.
    TakenFromMe,
    /// A colleague (`body`) mentioned me in the conversation.
    Mentioned,
}

impl Toast {
    /// Whether the toast still tells the operator something while `open` is
    /// the conversation on screen. A customer's message or a mention there is
    /// already in front of them, in the log; a change of hands (transferred to
    /// me, taken from me) is news even there.
    pub fn worth_showing(&self, open: Option<ConversationId>) -> bool {
        let repeats_the_log =
            matches!(self.kind, ToastKind::CustomerMessage | ToastKind::Mentioned);
        !(repeats_the_log && open == Some(self.conversation))
    }
}

/// A colleague typing in a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typing {
    /// Where.
    pub conversation: ConversationId,
    /// Who.
    pub user: switchboard_protocol::UserRef,
    /// Until when it is shown (ms), unless renewed.
    pub until: i64,
}

/// Something the operator must be told about a conversation, in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConversationNotice {
    /// A colleague answered first.
    AlreadyAnswered(String),
    /// An action failed for this reason.
    Failed(String),
    /// The server refused an action (its code says why).
    Refused {
        /// Machine-readable reason, e.g. `locked` or `conversation_changed`.
        code: String,
        /// The server's explanation.
        message: String,
    },
}

/// Every signal of the workspace and the actions on them. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct Workspace {
    client: StoredValue<Client>,
    realtime: StoredValue<Option<Realtime>, LocalStorage>,
    /// The logged-in employee.
    pub me: RwSignal<User>,
    /// The queue model.
    pub queue: RwSignal<Queue>,
    /// Loaded message logs.
    pub logs: RwSignal<HashMap<ConversationId, ConversationLog>>,
    /// Number of earlier sessions per conversation (from its detail).
    pub earlier_sessions: RwSignal<HashMap<ConversationId, u32>>,
    /// Employees by id.
    pub users: RwSignal<HashMap<UserId, User>>,
    /// Open channels.
    pub lines: RwSignal<Vec<Line>>,
    /// The websocket's state.
    pub connection: RwSignal<ConnectionState>,
    /// The selected queue tab.
    pub tab: RwSignal<QueueTab>,
    /// Line and channel filters.
    pub filter: RwSignal<QueueFilter>,
    /// Whether a queue load is under way.
    pub queue_loading: RwSignal<bool>,
    /// Where the operator is.
    pub route: RwSignal<Route>,
    /// Toasts on screen.
    pub toasts: RwSignal<Vec<Toast>>,
    /// Notices per conversation.
    pub notices: RwSignal<HashMap<ConversationId, ConversationNotice>>,
    /// The session was refused by the server: the login dialog is shown.
    pub session_expired: RwSignal<bool>,
    /// Current time in ms, refreshed every 30 s for "waiting since" labels.
    pub now: RwSignal<i64>,
    /// Colleagues typing right now.
    pub typing: RwSignal<Vec<Typing>>,
    /// A message of mine to edit inline (arrow-up in an empty composer).
    pub edit_request: RwSignal<Option<switchboard_protocol::MessageId>>,
    /// A message to quote in the composer ("Quote" in a message's menu).
    pub quote_request: RwSignal<Option<switchboard_protocol::QuotedMessage>>,
    /// Canned responses the operator may use (loaded when first needed).
    pub canned: RwSignal<Option<Vec<switchboard_protocol::CannedResponse>>>,
    /// Set when a conversation should focus its composer (after "Reply").
    pub focus_composer: RwSignal<u64>,
    /// Customer cards (CRM contact, deals, orders) of opened conversations.
    pub crm: RwSignal<HashMap<ConversationId, switchboard_protocol::ConversationCrm>>,
    /// The result of the last "Save to CRM", shown in the customer panel.
    pub crm_saved: RwSignal<
        Option<(
            ConversationId,
            Result<switchboard_protocol::SavedToCrm, String>,
        )>,
    >,
    /// A message to bring into view (a quote was clicked) and where it is.
    pub reveal: RwSignal<Option<(Thread, switchboard_protocol::MessageId)>>,
    /// Tasks assigned to me or created by me (loaded when first needed).
    pub tasks: RwSignal<Option<crate::state::collab::Tasks>>,
    /// Upcoming calendar events (loaded when first needed).
    pub calendar: RwSignal<Option<crate::state::collab::Calendar>>,
    /// The company feed (loaded when first needed).
    pub feed: RwSignal<Option<crate::state::collab::Feed>>,
    /// My internal chats (loaded when first needed).
    pub team_chats: RwSignal<Option<crate::state::collab::TeamChats>>,
    /// Loaded message logs of internal chats.
    pub team_logs: RwSignal<HashMap<switchboard_protocol::TeamChatId, ConversationLog>>,
    /// Why loading or changing tasks, events or the feed failed.
    pub collab_error: RwSignal<Option<String>>,
    toast_counter: StoredValue<u64>,
    /// Replies not yet confirmed by the server (saved in `localStorage`).
    outbox: StoredValue<crate::state::outbox::Outbox>,
    /// Conversations with a reply being delivered right now.
    delivering: StoredValue<HashSet<ConversationId>>,
    /// Failed outbox deliveries in a row (for the backoff).
    outbox_attempt: StoredValue<u32>,
    /// The timer of the next outbox attempt.
    outbox_timer: StoredValue<Option<TimeoutHandle>>,
    /// The first snapshots still loading ([`startup`] bits); the event
    /// stream opens when none is left.
    startup_pending: StoredValue<u8>,
    /// Where the stream stood when the session expired, to resume from.
    resume_from: StoredValue<Option<switchboard_protocol::EventSeq>>,
}

/// The snapshots the workspace loads over REST before it opens the event
/// stream after the oldest of them (see [`crate::api::Api::start_snapshot`]).
pub(crate) mod startup {
    /// The directory of employees.
    pub const USERS: u8 = 1;
    /// The lines.
    pub const LINES: u8 = 2;
    /// The first page of the queue's tab.
    pub const QUEUE: u8 = 4;
    /// The internal chats (their unread counts in the navigation).
    pub const TEAM_CHATS: u8 = 8;
    /// All of them.
    pub const ALL: u8 = USERS | LINES | QUEUE | TEAM_CHATS;
}

/// Runs `work` once, in a task of its own after the next frame is painted,
/// or after 100 ms if no frame comes (a hidden tab paints none).
fn after_next_paint(work: impl FnOnce() + 'static) {
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

impl Workspace {
    /// Creates the workspace for a logged-in employee and starts loading
    /// and listening to events.
    ///
    /// The first snapshots (directory, lines, queue, internal chats) load in
    /// parallel; the event stream opens once they have all answered, replaying
    /// every event after the oldest one they reflect, so that nothing that
    /// happens while they load is missed.
    pub fn start(client: Client, me: User) -> Self {
        client.api().start_snapshot();
        let workspace = Self::new(client, me);
        workspace.restore_outbox();
        workspace.startup_pending.set_value(startup::ALL);
        // The queue says "Loading…" from the start, not "empty".
        workspace.queue_loading.set(true);
        // The snapshots are asked for once the shell is on screen: their
        // answers then find the main thread free and the first rows are drawn
        // as soon as they arrive, instead of waiting 30-100 ms behind the
        // shell's first render (and the shell paints sooner).
        after_next_paint(move || {
            workspace.load_directory();
            workspace.reload_queue();
            workspace.load_team_chats();
        });
        workspace
    }

    /// Notes that a first snapshot answered (or failed); opens the event
    /// stream after the last one.
    pub(crate) fn loaded(&self, part: u8) {
        let pending = self.startup_pending.get_value();
        if pending == 0 {
            return;
        }
        let left = pending & !part;
        self.startup_pending.set_value(left);
        if left == 0 && !self.session_expired.get_untracked() {
            // The stream resumes after the oldest first snapshot, read now;
            // the socket itself is opened once the first rows are painted
            // (setting it up took 10-15 ms of the task that drew them).
            let after = self.client.with_value(|client| client.api().snapshot_seq());
            let this = *self;
            after_next_paint(move || {
                if !this.session_expired.get_untracked() {
                    this.connect(after);
                }
            });
        }
    }

    /// Creates the workspace's signals without touching the network
    /// (component tests fill the model themselves).
    pub fn new(client: Client, me: User) -> Self {
        Self {
            client: StoredValue::new(client),
            realtime: StoredValue::new_local(None),
            me: RwSignal::new(me),
            queue: RwSignal::new(Queue::default()),
            logs: RwSignal::new(HashMap::new()),
            earlier_sessions: RwSignal::new(HashMap::new()),
            users: RwSignal::new(HashMap::new()),
            lines: RwSignal::new(Vec::new()),
            connection: RwSignal::new(ConnectionState::Connecting),
            tab: RwSignal::new(QueueTab::Unanswered),
            filter: RwSignal::new(QueueFilter::default()),
            queue_loading: RwSignal::new(false),
            route: RwSignal::new(Route::ContactCenter),
            toasts: RwSignal::new(Vec::new()),
            notices: RwSignal::new(HashMap::new()),
            session_expired: RwSignal::new(false),
            now: RwSignal::new(now_ms()),
            focus_composer: RwSignal::new(0),
            typing: RwSignal::new(Vec::new()),
            canned: RwSignal::new(None),
            quote_request: RwSignal::new(None),
            edit_request: RwSignal::new(None),
            crm: RwSignal::new(HashMap::new()),
            crm_saved: RwSignal::new(None),
            reveal: RwSignal::new(None),
            tasks: RwSignal::new(None),
            calendar: RwSignal::new(None),
            feed: RwSignal::new(None),
            collab_error: RwSignal::new(None),
            team_chats: RwSignal::new(None),
            team_logs: RwSignal::new(HashMap::new()),
            toast_counter: StoredValue::new(0),
            outbox: StoredValue::new(Default::default()),
            delivering: StoredValue::new(HashSet::new()),
            outbox_attempt: StoredValue::new(0),
            outbox_timer: StoredValue::new(None),
            startup_pending: StoredValue::new(0),
            resume_from: StoredValue::new(None),
        }
    }

    /// Brings back the replies saved before a reload, shown as pending,
    /// and starts delivering them.
    fn restore_outbox(&self) {
        let saved = outbox::load(self.me.with_untracked(|me| me.id));
        let conversations: Vec<ConversationId> = saved
            .entries()
            .iter()
            .map(|entry| entry.conversation)
            .collect();
        self.outbox.set_value(saved);
        self.logs.update(|logs| {
            for id in conversations {
                let log = logs.entry(id).or_insert_with(|| ConversationLog::new(id));
                self.restore_pending(log);
            }
        });
        self.flush_outbox();
    }

    fn client(&self) -> Client {
        self.client.get_value()
    }

    /// The current bearer token (to log out).
    pub fn client_token(&self) -> crate::session::Token {
        self.client.with_value(|client| client.token().clone())
    }

    /// Replaces the token after the operator logged in again, and resumes.
    pub fn resume_with(&self, client: Client, me: User) {
        self.client.set_value(client);
        self.me.set(me);
        self.session_expired.set(false);
        // Everything since the session expired is replayed (or, when that
        // is too old for the server, it says resync and all is reloaded).
        self.connect(self.resume_from.get_value());
        self.reload_queue();
        if let Some(id) = self.route.get_untracked().conversation() {
            self.reload_conversation(id);
        }
        self.flush_outbox();
    }

    /// Stops the event stream (logging out).
    pub fn stop(&self) {
        self.realtime.set_value(None);
    }

    /// Reacts to a failed call: an expired session brings the login dialog.
    fn failed(&self, error: &ApiError) {
        if matches!(error, ApiError::Unauthorized { .. }) {
            let position = self
                .realtime
                .with_value(|realtime| realtime.as_ref().and_then(Realtime::position));
            if position.is_some() {
                self.resume_from.set_value(position);
            }
            self.realtime.set_value(None);
            self.session_expired.set(true);
        }
    }

    fn load_directory(&self) {
        let this = *self;
        spawn_local(async move {
            match this.client().users().await {
                Ok(users) => this
                    .users
                    .set(users.into_iter().map(|user| (user.id, user)).collect()),
                Err(error) => this.failed(&error),
            }
            this.loaded(startup::USERS);
        });
        spawn_local(async move {
            match this.client().lines().await {
                Ok(lines) => this.lines.set(lines),
                Err(error) => this.failed(&error),
            }
            this.loaded(startup::LINES);
        });
    }

    /// The name of a line ("Sales"), or empty while lines are loading.
    pub fn line_name(&self, line: LineId) -> String {
        self.lines
            .with(|lines| {
                lines
                    .iter()
                    .find(|candidate| candidate.id == line)
                    .map(|line| line.name.clone())
            })
            .unwrap_or_default()
    }

    /// Colleagues whose name matches `query`, by name, leaving out `exclude`
    /// (tracked: pickers follow presence changes).
    pub fn colleagues_matching(&self, query: &str, exclude: &[UserId]) -> Vec<User> {
        let mut users: Vec<User> = self.users.with(|users| {
            users
                .values()
                .filter(|user| !exclude.contains(&user.id))
                .filter(|user| crate::state::text::name_matches(&user.name, query))
                .cloned()
                .collect()
        });
        users.sort_by(|a, b| a.name.cmp(&b.name));
        users
    }

    /// Where and with which `Authorization` header to upload a file
    /// (uploads report progress, so they use `XMLHttpRequest`, not `api`).
    pub fn upload_target(&self) -> (String, String) {
        self.client
            .with_value(|client| (client.files_url(), client.token().authorization()))
    }

    /// The connector (channel) a conversation came through, with what it supports.
    pub fn connector_of(&self, id: ConversationId) -> Option<switchboard_protocol::Connector> {
        let connector = self
            .queue
            .with(|queue| queue.get(id).map(|row| row.conversation.connector_id))?;
        self.lines.with(|lines| {
            lines
                .iter()
                .flat_map(|line| line.connectors.iter())
                .find(|candidate| candidate.id == connector)
                .cloned()
        })
    }

    /// The name of an employee, if known.
    pub fn user_name(&self, id: UserId) -> Option<String> {
        self.users
            .with(|users| users.get(&id).map(|user| user.name.clone()))
    }

    /// Whether the conversation is open and assigned to me (I can write).
    pub fn can_write(&self, id: ConversationId) -> bool {
        let me = self.me.with(|me| me.id);
        self.queue.with(|queue| {
            queue.get(id).is_some_and(|row| {
                row.conversation.status == ConversationStatus::InProgress
                    && (row.conversation.assignee == Some(me)
                        || row.conversation.participants.contains(&me))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toast(conversation: i64, kind: ToastKind) -> Toast {
        Toast {
            id: 1,
            conversation: ConversationId(conversation),
            title: "Camille".into(),
            body: "Bonjour".into(),
            kind,
        }
    }

    #[test]
    fn a_message_in_the_open_conversation_is_not_shown_again_as_a_toast() {
        let open = Some(ConversationId(7));
        assert!(!toast(7, ToastKind::CustomerMessage).worth_showing(open));
        assert!(!toast(7, ToastKind::Mentioned).worth_showing(open));
        assert!(toast(8, ToastKind::CustomerMessage).worth_showing(open));
        assert!(toast(7, ToastKind::CustomerMessage).worth_showing(None));
    }

    #[test]
    fn a_change_of_hands_is_shown_even_in_the_open_conversation() {
        let open = Some(ConversationId(7));
        assert!(toast(7, ToastKind::HandedToMe).worth_showing(open));
        assert!(toast(7, ToastKind::TakenFromMe).worth_showing(open));
    }
}
