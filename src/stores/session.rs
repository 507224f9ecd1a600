//! The session and connection store: who is logged in, the directory of
//! colleagues and lines, where the operator is (the route), the clock of
//! "waiting since" labels, and the event stream with its state.

use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_protocol::{
    Connector, ConnectorId, Event, EventSeq, Label, Line, LineId, ServerFrame, User, UserId,
};

use crate::api::{ApiError, Client};
use crate::realtime::{ConnectionState, Realtime, RealtimeOptions};
use crate::state::actions::Actor;
use crate::state::route::Route;

use super::{after_next_paint, now_ms};

/// A task that ends, unpolled, once its workspace is gone.
struct WhileAlive<F: std::future::Future<Output = ()>> {
    task: std::pin::Pin<Box<F>>,
    store: SessionStore,
}

impl<F: std::future::Future<Output = ()>> std::future::Future for WhileAlive<F> {
    type Output = ();

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if !self.store.is_alive() {
            return std::task::Poll::Ready(());
        }
        self.task.as_mut().poll(cx)
    }
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

/// Session, directory, route and connection. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct SessionStore {
    client: StoredValue<Client>,
    realtime: StoredValue<Option<Realtime>, LocalStorage>,
    /// Where frames and connection states go ([`super::Stores`]).
    dispatch: StoredValue<Option<(Callback<ServerFrame>, Callback<ConnectionState>)>>,
    /// The logged-in employee.
    pub me: RwSignal<User>,
    /// Employees by id.
    pub users: RwSignal<HashMap<UserId, User>>,
    /// Open channels.
    pub lines: RwSignal<Vec<Line>>,
    /// Conversation labels, by name.
    pub labels: RwSignal<Vec<Label>>,
    /// Where the operator is.
    pub route: RwSignal<Route>,
    /// The websocket's state.
    pub connection: RwSignal<ConnectionState>,
    /// The session was refused by the server: the login dialog is shown.
    pub session_expired: RwSignal<bool>,
    /// The workspace must close (the account was deactivated).
    pub ended: RwSignal<Option<crate::session::LoggedOutReason>>,
    /// Current time in ms, refreshed every 30 s for "waiting since" labels.
    pub now: RwSignal<i64>,
    /// The first snapshots still loading ([`startup`] bits); the event
    /// stream opens when none is left.
    startup_pending: StoredValue<u8>,
    /// Where the stream stood when the session expired, to resume from.
    resume_from: StoredValue<Option<EventSeq>>,
}

impl SessionStore {
    pub(super) fn new(client: Client, me: User) -> Self {
        Self {
            client: StoredValue::new(client),
            realtime: StoredValue::new_local(None),
            dispatch: StoredValue::new(None),
            me: RwSignal::new(me),
            users: RwSignal::new(HashMap::new()),
            lines: RwSignal::new(Vec::new()),
            labels: RwSignal::new(Vec::new()),
            route: RwSignal::new(Route::ContactCenter),
            connection: RwSignal::new(ConnectionState::Connecting),
            session_expired: RwSignal::new(false),
            ended: RwSignal::new(None),
            now: RwSignal::new(now_ms()),
            startup_pending: StoredValue::new(0),
            resume_from: StoredValue::new(None),
        }
    }

    /// Whether the workspace these stores serve is still there (not logged
    /// out): timers and answers that come later do nothing once it is gone.
    pub fn is_alive(&self) -> bool {
        !self.me.is_disposed()
    }

    /// Runs a task of the workspace: it stops where it stands (at its next
    /// wake-up, an answer or a timeout) once the workspace is gone, so an
    /// answer arriving after logging out touches nothing.
    pub fn spawn(&self, task: impl std::future::Future<Output = ()> + 'static) {
        leptos::task::spawn_local(WhileAlive {
            task: Box::pin(task),
            store: *self,
        });
    }

    /// [`after_next_paint`], for the workspace while it is there.
    pub(crate) fn after_next_paint(&self, work: impl FnOnce() + 'static) {
        let this = *self;
        after_next_paint(move || {
            if this.is_alive() {
                work();
            }
        });
    }

    pub(super) fn set_dispatch(
        &self,
        frames: Callback<ServerFrame>,
        states: Callback<ConnectionState>,
    ) {
        self.dispatch.set_value(Some((frames, states)));
    }

    /// The API client with the session's token.
    pub fn client(&self) -> Client {
        self.client.get_value()
    }

    /// The current bearer token (to log out).
    pub fn token(&self) -> crate::session::Token {
        self.client.with_value(|client| client.token().clone())
    }

    /// Where and with which `Authorization` header to upload a file
    /// (uploads report progress, so they use `XMLHttpRequest`, not `api`).
    pub fn upload_target(&self) -> (String, String) {
        self.client
            .with_value(|client| (client.files_url(), client.token().authorization()))
    }

    /// Reacts to a failed call: an expired session brings the login dialog.
    pub fn failed(&self, error: &ApiError) {
        if matches!(error, ApiError::Unauthorized { .. }) && self.is_alive() {
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

    /// The outcome of a call as the operator reads it: the server's
    /// explanation on failure (after [`Self::failed`] saw the error).
    pub fn check<T>(&self, result: Result<T, ApiError>) -> Result<T, String> {
        result.map_err(|error| {
            self.failed(&error);
            error.explanation()
        })
    }

    /// Expects the first snapshots ([`startup::ALL`]) before opening the stream.
    pub(super) fn expect_snapshots(&self) {
        self.startup_pending.set_value(startup::ALL);
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
            self.after_next_paint(move || {
                if !this.session_expired.get_untracked() {
                    this.connect(after);
                }
            });
        }
    }

    /// Opens the event stream, replaying the events after `after` first.
    fn connect(&self, after: Option<EventSeq>) {
        let Some((frames, states)) = self.dispatch.get_value() else {
            return;
        };
        let this = *self;
        let client = self.client();
        let realtime = Realtime::start(
            RealtimeOptions {
                url: Box::new(move |after| client.events_url(after)),
                on_frame: Box::new(move |frame| frames.run(frame)),
                on_state: Box::new(move |state| {
                    this.connection.set(state);
                    if state == ConnectionState::Reconnecting {
                        this.check_session();
                    }
                    states.run(state);
                }),
                viewing: Box::new(move || this.route.get_untracked().conversation()),
            },
            after,
        );
        self.realtime.set_value(Some(realtime));
    }

    /// After a dropped socket, asks the server whether the token still works.
    fn check_session(&self) {
        let this = *self;
        self.spawn(async move {
            if let Err(error) = this.client().me().await {
                this.failed(&error);
            }
        });
    }

    /// Tells the server which conversation is on screen now ("Marc is
    /// viewing" on colleagues' screens).
    pub fn viewing_changed(&self) {
        self.realtime.with_value(|realtime| {
            if let Some(realtime) = realtime {
                realtime.viewing_changed();
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

    /// Replaces the token after the operator logged in again, and resumes
    /// the stream where it stood (or, when that is too old for the server,
    /// it says resync and everything is reloaded).
    pub fn resume_with(&self, client: Client, me: User) {
        self.client.set_value(client);
        self.me.set(me);
        self.session_expired.set(false);
        self.connect(self.resume_from.get_value());
    }

    /// Stops the event stream (logging out).
    pub fn stop(&self) {
        self.realtime.set_value(None);
    }

    pub(super) fn load_directory(&self) {
        let this = *self;
        self.spawn(async move {
            match this.client().users().await {
                Ok(users) => this
                    .users
                    .set(users.into_iter().map(|user| (user.id, user)).collect()),
                Err(error) => this.failed(&error),
            }
            this.loaded(startup::USERS);
        });
        self.spawn(async move {
            match this.client().lines().await {
                Ok(lines) => this.lines.set(lines),
                Err(error) => this.failed(&error),
            }
            this.loaded(startup::LINES);
        });
    }

    /// Loads the conversation labels, then runs `loaded` if they arrived.
    /// The parts loaded on demand call it when they arrive and after a
    /// resync ([`super::late`]): rows show their labels' names from then on,
    /// and the start code carries neither the request nor the decoder.
    pub(crate) fn load_labels(&self, loaded: impl FnOnce() + 'static) {
        let this = *self;
        self.spawn(async move {
            match this.client().labels().await {
                Ok(labels) => {
                    this.labels.set(labels);
                    loaded();
                }
                Err(error) => this.failed(&error),
            }
        });
    }

    /// Follows `labels_changed` (applied once a part loaded on demand keeps
    /// the labels live, see [`super::late`]).
    pub(crate) fn apply_labels_event(&self, event: &Event) {
        let mut labels = self.labels.get_untracked();
        if crate::state::labels::apply_event(&mut labels, event) {
            self.labels.set(labels);
        }
    }

    /// Applies the events of the directory: presence, people and lines
    /// as administrators change them.
    pub(super) fn apply_event(&self, event: &Event) {
        match event {
            Event::PresenceChanged { user_id, presence } => {
                self.users.update(|users| {
                    if let Some(user) = users.get_mut(user_id) {
                        user.presence = *presence;
                    }
                });
                if self.me.with_untracked(|me| me.id == *user_id) {
                    self.me.update(|me| me.presence = *presence);
                }
            }
            Event::UserUpdated { user } => {
                self.users.update(|users| {
                    users.insert(user.id, user.clone());
                });
                if self.me.with_untracked(|me| me.id == user.id) {
                    if user.active {
                        self.me.set(user.clone());
                    } else {
                        // The workspace closes its stream as it goes (not
                        // here: this runs inside the stream's own handler).
                        self.ended
                            .set(Some(crate::session::LoggedOutReason::Deactivated));
                    }
                }
            }
            Event::LineUpdated { line } => self.lines.update(|lines| {
                match lines.iter_mut().find(|known| known.id == line.id) {
                    Some(known) => *known = line.clone(),
                    None => {
                        lines.push(line.clone());
                        lines.sort_by(|a, b| a.name.cmp(&b.name));
                    }
                }
            }),
            _ => {}
        }
    }

    /// The logged-in employee as the action rules see them (tracked: views
    /// re-render when lines or the user change).
    pub fn actor(&self) -> Actor {
        self.me.track();
        self.lines.track();
        self.actor_untracked()
    }

    /// [`Self::actor`] without tracking, for event handlers and reducers.
    pub fn actor_untracked(&self) -> Actor {
        let me = self.me.get_untracked();
        let lines = self.lines.with_untracked(|lines| {
            lines
                .iter()
                .filter(|line| line.members.contains(&me.id))
                .map(|line| line.id)
                .collect()
        });
        Actor {
            id: me.id,
            role: me.role,
            lines,
        }
    }

    /// My id.
    pub fn my_id(&self) -> UserId {
        self.me.with_untracked(|me| me.id)
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

    /// A line's first-answer target in seconds, if it set one.
    pub fn first_answer_target(&self, line: LineId) -> Option<u32> {
        self.lines.with(|lines| {
            lines
                .iter()
                .find(|candidate| candidate.id == line)
                .and_then(|line| line.routing.first_answer_target_seconds)
        })
    }

    /// A connector (channel) with what it supports.
    pub fn connector(&self, id: ConnectorId) -> Option<Connector> {
        self.lines.with(|lines| {
            lines
                .iter()
                .flat_map(|line| line.connectors.iter())
                .find(|candidate| candidate.id == id)
                .cloned()
        })
    }

    /// The name of an employee, if known.
    pub fn user_name(&self, id: UserId) -> Option<String> {
        self.users
            .with(|users| users.get(&id).map(|user| user.name.clone()))
    }

    /// Colleagues whose name matches `query`, by name, leaving out `exclude`
    /// (tracked: pickers follow presence changes).
    pub fn colleagues_matching(&self, query: &str, exclude: &[UserId]) -> Vec<User> {
        let mut users: Vec<User> = self.users.with(|users| {
            users
                .values()
                .filter(|user| user.active && !exclude.contains(&user.id))
                .filter(|user| crate::state::text::name_matches(&user.name, query))
                .cloned()
                .collect()
        });
        users.sort_by(|a, b| a.name.cmp(&b.name));
        users
    }
}
