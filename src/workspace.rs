//! The reactive workspace: signals around the plain `state` model, and the
//! actions components call. Data flows one way: an action calls the API, the
//! answer or the resulting event goes through a `state` reducer, views re-render.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    ClientMessageId, ConversationId, ConversationStatus, Event, Line, LineId, MarkReadRequest,
    MessagesQuery, QueueQuery, SendMessageRequest, ServerFrame, User, UserId,
};

use crate::api::{ApiError, Client};
use crate::realtime::{ConnectionState, Realtime, RealtimeOptions};
use crate::state::conversation::ConversationLog;
use crate::state::ids::uuid_v4;
use crate::state::queue::{Queue, QueueChange, QueueFilter, QueueTab};
use crate::state::route::Route;

/// Messages per page of a conversation.
const MESSAGE_PAGE: u32 = 50;
/// Rows per page of the queue.
const QUEUE_PAGE: u32 = 100;

/// A short-lived notice about a customer message elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Unique per toast.
    pub id: u64,
    /// The conversation it is about.
    pub conversation: ConversationId,
    /// The customer's name.
    pub title: String,
    /// The message preview.
    pub body: String,
}

/// Something the operator must be told about a conversation, in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConversationNotice {
    /// A colleague answered first.
    AlreadyAnswered(String),
    /// An action failed for this reason.
    Failed(String),
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
    /// Set when a conversation should focus its composer (after "Reply").
    pub focus_composer: RwSignal<u64>,
    toast_counter: StoredValue<u64>,
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
    pub fn start(client: Client, me: User) -> Self {
        let workspace = Self::new(client, me);
        workspace.load_directory();
        workspace.reload_queue();
        workspace.connect();
        workspace
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
            toast_counter: StoredValue::new(0),
        }
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
        self.connect();
        self.reload_queue();
        if let Some(id) = self.route.get_untracked().conversation() {
            self.reload_conversation(id);
        }
    }

    /// Stops the event stream (logging out).
    pub fn stop(&self) {
        self.realtime.set_value(None);
    }

    /// Reacts to a failed call: an expired session brings the login dialog.
    fn failed(&self, error: &ApiError) {
        if matches!(error, ApiError::Unauthorized { .. }) {
            self.realtime.set_value(None);
            self.session_expired.set(true);
        }
    }

    fn load_directory(&self) {
        let this = *self;
        spawn_local(async move {
            let client = this.client();
            match client.users().await {
                Ok(users) => this
                    .users
                    .set(users.into_iter().map(|user| (user.id, user)).collect()),
                Err(error) => this.failed(&error),
            }
            match client.lines().await {
                Ok(lines) => this.lines.set(lines),
                Err(error) => this.failed(&error),
            }
        });
    }

    fn connect(&self) {
        let this = *self;
        let client = self.client();
        let realtime = Realtime::start(RealtimeOptions {
            url: Box::new(move |after| client.events_url(after)),
            on_frame: Box::new(move |frame| this.on_frame(frame)),
            on_state: Box::new(move |state| {
                this.connection.set(state);
                if state == ConnectionState::Reconnecting {
                    this.check_session();
                }
            }),
        });
        self.realtime.set_value(Some(realtime));
    }

    /// After a dropped socket, asks the server whether the token still works.
    fn check_session(&self) {
        let this = *self;
        spawn_local(async move {
            if let Err(error) = this.client().me().await {
                this.failed(&error);
            }
        });
    }

    /// Reconnects at once if the socket is down (browser back online).
    pub fn reconnect_now(&self) {
        self.realtime.with_value(|realtime| {
            if let Some(realtime) = realtime {
                realtime.reconnect_now();
            }
        });
    }

    fn on_frame(&self, frame: ServerFrame) {
        match frame {
            ServerFrame::Event(envelope) => self.apply_event(&envelope.event),
            ServerFrame::Resync { .. } => {
                // Events were missed: everything on screen may be stale.
                self.queue.update(Queue::clear);
                self.reload_queue();
                let open = self.route.get_untracked().conversation();
                self.logs
                    .update(|logs| logs.retain(|id, _| Some(*id) == open));
                if let Some(id) = open {
                    self.reload_conversation(id);
                }
            }
            ServerFrame::Ready { .. } | ServerFrame::Pong { .. } => {}
        }
    }

    /// Applies one event to every part of the model it touches.
    pub fn apply_event(&self, event: &Event) {
        let me = self.me.with_untracked(|me| me.id);
        let viewing = self.viewing();
        let mut change = QueueChange::Quiet;
        self.queue
            .update(|queue| change = queue.apply_event(event, me, viewing));
        match event {
            Event::MessageCreated { message } | Event::MessageUpdated { message } => {
                let id = message.conversation_id;
                let loaded = self.logs.with_untracked(|logs| logs.contains_key(&id));
                if loaded {
                    self.logs.update(|logs| {
                        if let Some(log) = logs.get_mut(&id) {
                            log.apply_message(message.clone());
                        }
                    });
                }
                if viewing == Some(id) {
                    self.mark_read(id);
                }
            }
            Event::PresenceChanged { user_id, presence } => self.users.update(|users| {
                if let Some(user) = users.get_mut(user_id) {
                    user.presence = *presence;
                }
            }),
            _ => {}
        }
        if let QueueChange::CustomerWrote {
            conversation,
            customer,
            preview,
        } = change
        {
            self.notify(conversation, customer, preview);
        }
    }

    /// The conversation the operator is looking at right now (open, tab visible).
    fn viewing(&self) -> Option<ConversationId> {
        let visible = web_sys::window()
            .and_then(|window| window.document())
            .map(|document| document.visibility_state() == web_sys::VisibilityState::Visible)
            .unwrap_or(true);
        self.route
            .get_untracked()
            .conversation()
            .filter(|_| visible)
    }

    fn notify(&self, conversation: ConversationId, title: String, body: String) {
        let id = self.toast_counter.get_value() + 1;
        self.toast_counter.set_value(id);
        self.toasts.update(|toasts| {
            toasts.push(Toast {
                id,
                conversation,
                title: title.clone(),
                body: body.clone(),
            });
            // Keep the screen calm: only the latest few.
            let excess = toasts.len().saturating_sub(3);
            toasts.drain(..excess);
        });
        crate::notify::announce(conversation, &title, &body);
        let toasts = self.toasts;
        set_timeout(
            move || toasts.update(|toasts| toasts.retain(|toast| toast.id != id)),
            std::time::Duration::from_secs(6),
        );
    }

    /// Dismisses a toast.
    pub fn dismiss_toast(&self, id: u64) {
        self.toasts
            .update(|toasts| toasts.retain(|toast| toast.id != id));
    }

    /// Reloads the selected tab from scratch (filters changed, resync, login).
    pub fn reload_queue(&self) {
        let tab = self.tab.get_untracked();
        let this = *self;
        self.queue_loading.set(true);
        spawn_local(async move {
            let query = this.queue_query(tab, None);
            match this.client().queue(&query).await {
                Ok(page) => this.queue.update(|queue| queue.apply_page(tab, page)),
                Err(error) => this.failed(&error),
            }
            this.queue_loading.set(false);
        });
    }

    fn queue_query(&self, tab: QueueTab, cursor: Option<String>) -> QueueQuery {
        let filter = self.filter.get_untracked();
        QueueQuery {
            status: Some(tab.status()),
            line_id: filter.line,
            assignee: None,
            q: None,
            cursor,
            limit: Some(QUEUE_PAGE),
        }
    }

    /// Selects a tab, loading it the first time.
    pub fn select_tab(&self, tab: QueueTab) {
        self.tab.set(tab);
        if !self.queue.with_untracked(|queue| queue.is_loaded(tab)) {
            self.reload_queue();
        }
    }

    /// Changes the line/channel filters and reloads.
    pub fn set_filter(&self, filter: QueueFilter) {
        self.filter.set(filter);
        self.queue.update(Queue::clear);
        self.reload_queue();
    }

    /// Loads the next page of the selected tab, if any.
    pub fn load_more(&self) {
        let tab = self.tab.get_untracked();
        let Some(cursor) = self.queue.with_untracked(|queue| queue.cursor(tab)) else {
            return;
        };
        if self.queue_loading.get_untracked() {
            return;
        }
        self.queue_loading.set(true);
        let this = *self;
        spawn_local(async move {
            let query = this.queue_query(tab, Some(cursor));
            match this.client().queue(&query).await {
                Ok(page) => this.queue.update(|queue| queue.apply_page(tab, page)),
                Err(error) => this.failed(&error),
            }
            this.queue_loading.set(false);
        });
    }

    /// Runs a server-side text search (empty text ends the search).
    pub fn search(&self, text: String) {
        let text = text.trim().to_owned();
        if text.is_empty() {
            self.queue.update(|queue| queue.set_search_hits(None));
            return;
        }
        let this = *self;
        spawn_local(async move {
            let mut query = this.queue_query(this.tab.get_untracked(), None);
            query.status = None;
            query.q = Some(text);
            query.limit = Some(200);
            match this.client().queue(&query).await {
                Ok(page) => this
                    .queue
                    .update(|queue| queue.set_search_hits(Some(page.items))),
                Err(error) => this.failed(&error),
            }
        });
    }

    /// Opens a conversation: loads its detail and latest messages once.
    pub fn open(&self, id: ConversationId) {
        if !self.logs.with_untracked(|logs| logs.contains_key(&id)) {
            self.reload_conversation(id);
        } else {
            self.mark_read(id);
        }
    }

    fn reload_conversation(&self, id: ConversationId) {
        let this = *self;
        spawn_local(async move {
            let client = this.client();
            match client.conversation(id).await {
                Ok(detail) => {
                    this.earlier_sessions.update(|map| {
                        map.insert(id, detail.earlier_sessions);
                    });
                    this.queue.update(|queue| queue.upsert_item(detail.item));
                }
                Err(error) => {
                    this.failed(&error);
                    this.notices.update(|notices| {
                        notices.insert(id, ConversationNotice::Failed(error.to_string()));
                    });
                    return;
                }
            }
            let query = MessagesQuery {
                limit: Some(MESSAGE_PAGE),
                ..MessagesQuery::default()
            };
            match client.messages(id, &query).await {
                Ok(page) => {
                    this.logs.update(|logs| {
                        logs.entry(id)
                            .or_insert_with(|| ConversationLog::new(id))
                            .apply_page(page, false);
                    });
                    this.mark_read(id);
                }
                Err(error) => this.failed(&error),
            }
        });
    }

    /// Loads older messages of a conversation. Resolves when they are in.
    pub async fn load_older(&self, id: ConversationId) {
        let Some(before) = self.logs.with_untracked(|logs| {
            logs.get(&id)
                .filter(|log| log.has_more_before)
                .and_then(ConversationLog::oldest)
        }) else {
            return;
        };
        let query = MessagesQuery {
            before: Some(before),
            after: None,
            limit: Some(MESSAGE_PAGE),
        };
        match self.client().messages(id, &query).await {
            Ok(page) => self.logs.update(|logs| {
                if let Some(log) = logs.get_mut(&id) {
                    log.apply_page(page, true);
                }
            }),
            Err(error) => self.failed(&error),
        }
    }

    /// Sends a reply: shown at once as pending, confirmed or failed later.
    pub fn send(&self, id: ConversationId, text: String) {
        let request = SendMessageRequest {
            client_id: ClientMessageId(new_client_id()),
            text,
            attachments: Vec::new(),
            quote: None,
            internal: false,
        };
        self.logs.update(|logs| {
            logs.entry(id)
                .or_insert_with(|| ConversationLog::new(id))
                .add_pending(request.clone(), now_ms());
        });
        self.deliver(id, request);
    }

    /// Sends a failed message again, with the same client id.
    pub fn retry(&self, id: ConversationId, client_id: ClientMessageId) {
        let mut request = None;
        self.logs.update(|logs| {
            request = logs
                .get_mut(&id)
                .and_then(|log| log.retry_pending(&client_id));
        });
        if let Some(request) = request {
            self.deliver(id, request);
        }
    }

    fn deliver(&self, id: ConversationId, request: SendMessageRequest) {
        let this = *self;
        spawn_local(async move {
            match this.client().send(id, &request).await {
                Ok(message) => this.logs.update(|logs| {
                    if let Some(log) = logs.get_mut(&id) {
                        log.apply_message(message);
                    }
                }),
                Err(error) => {
                    this.failed(&error);
                    let reason = match &error {
                        ApiError::Server { message, .. } => message.clone(),
                        other => other.to_string(),
                    };
                    this.logs.update(|logs| {
                        if let Some(log) = logs.get_mut(&id) {
                            log.fail_pending(&request.client_id, reason);
                        }
                    });
                }
            }
        });
    }

    /// "Reply": takes an unanswered conversation; says so if a colleague was faster.
    pub fn answer(&self, id: ConversationId) {
        let this = *self;
        this.notices.update(|notices| {
            notices.remove(&id);
        });
        spawn_local(async move {
            match this.client().answer(id).await {
                Ok(conversation) => {
                    this.queue.update(|queue| {
                        queue.apply_event(
                            &Event::ConversationUpdated { conversation },
                            UserId(0),
                            None,
                        );
                    });
                    this.focus_composer.update(|n| *n += 1);
                }
                Err(error) => {
                    this.failed(&error);
                    let notice = match error {
                        ApiError::Server {
                            code, by: Some(by), ..
                        } if code == "already_answered" => ConversationNotice::AlreadyAnswered(by),
                        ApiError::Server { message, .. } => ConversationNotice::Failed(message),
                        other => ConversationNotice::Failed(other.to_string()),
                    };
                    this.notices.update(|notices| {
                        notices.insert(id, notice);
                    });
                    this.reload_conversation(id);
                }
            }
        });
    }

    /// Tells the server the operator has seen the conversation up to its last message.
    pub fn mark_read(&self, id: ConversationId) {
        let Some(newest) = self
            .logs
            .with_untracked(|logs| logs.get(&id).and_then(|log| log.newest().map(|m| m.id)))
        else {
            return;
        };
        let already = self.queue.with_untracked(|queue| {
            queue.get(id).is_some_and(|row| {
                row.unread_count == 0 && row.last_read_message_id.is_some_and(|read| read >= newest)
            })
        });
        if already {
            return;
        }
        self.queue.update(|queue| queue.mark_read_locally(id));
        let this = *self;
        spawn_local(async move {
            let request = MarkReadRequest {
                last_read_message_id: newest,
            };
            if let Err(error) = this.client().mark_read(id, &request).await {
                this.failed(&error);
            }
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
