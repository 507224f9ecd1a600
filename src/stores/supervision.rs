//! The supervision store: the snapshot of `GET /supervision` (every
//! operator's load, every waiting conversation), kept fresh while the
//! "Supervision" screen is shown, and Take and Transfer from it.
//!
//! It lives with the screen, not with the workspace: operators never load
//! it, and nobody asks the server for a snapshot nobody looks at. While it
//! is there it follows the event stream through [`super::watch`]: an event
//! that may change the snapshot ([`changes_supervision`]) asks for a new one
//! after a short pause, so a burst of events costs one request.

use std::time::Duration;

use leptos::prelude::*;
use switchboard_protocol::{
    ActionRequest, ConversationId, Supervision, TransferRequest, TransferTarget,
};

use super::watch::{watch, Applied};
use super::SessionStore;
use crate::listeners::Debounce;
use crate::state::supervision::changes_supervision;

/// How long the store waits after an event for others before it asks for a
/// new snapshot.
pub const REFRESH_PAUSE: Duration = Duration::from_millis(300);

/// The outcome of the last Take or Transfer, shown above the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SupervisionNotice {
    /// I took the conversation: it is in my "In progress".
    Taken(ConversationId),
    /// The conversation was transferred.
    Transferred(ConversationId),
    /// The server refused, or could not be reached: its explanation.
    Failed(String),
}

/// The supervision snapshot and its actions. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct SupervisionStore {
    session: SessionStore,
    /// The last snapshot, `None` until the first one arrives.
    pub snapshot: RwSignal<Option<Supervision>>,
    /// A snapshot is on its way.
    pub loading: RwSignal<bool>,
    /// Why the last snapshot did not arrive, if it did not.
    pub error: RwSignal<Option<String>>,
    /// The outcome of the last Take or Transfer.
    pub notice: RwSignal<Option<SupervisionNotice>>,
    /// Conversations with a Take or Transfer on its way.
    pub pending: RwSignal<Vec<ConversationId>>,
    refresh: Debounce,
    /// Counts the requests, so that only the latest answer is kept.
    requests: StoredValue<u64>,
}

impl SupervisionStore {
    /// A store without a snapshot that asks the server nothing yet (tests
    /// fill [`Self::snapshot`] themselves). Its pending refresh goes with
    /// the current owner.
    pub fn new(session: SessionStore) -> Self {
        Self {
            session,
            snapshot: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            pending: RwSignal::new(Vec::new()),
            refresh: Debounce::new(REFRESH_PAUSE),
            requests: StoredValue::new(0),
        }
    }

    /// Creates the store, provides it below the current owner, loads the
    /// first snapshot and follows the event stream until the owner goes.
    pub fn start(session: SessionStore) -> Self {
        let store = Self::new(session);
        provide_context(store);
        store.follow_stream();
        store.load();
        store
    }

    /// Asks for a new snapshot whenever the stream applies an event that
    /// may change it, until the current owner is cleaned up.
    pub fn follow_stream(&self) {
        let this = *self;
        watch(move |applied| {
            let stale = match applied {
                Applied::Event(event) => changes_supervision(event),
                Applied::Resync => true,
            };
            if stale {
                this.refresh_soon();
            }
        });
    }

    /// A new snapshot after [`REFRESH_PAUSE`] without another call.
    pub fn refresh_soon(&self) {
        let this = *self;
        self.refresh.call(move || this.load());
    }

    /// Asks for a new snapshot now (the first one, and "Retry"). The one on
    /// screen stays until it arrives.
    pub fn load(&self) {
        let Some(request) = self.requests.try_update_value(|count| {
            *count += 1;
            *count
        }) else {
            return;
        };
        self.loading.set(true);
        let this = *self;
        self.session.spawn(async move {
            let result = this.session.client().supervision().await;
            // The screen went meanwhile, or a later request was made.
            if this.requests.try_get_value() != Some(request) {
                return;
            }
            match this.session.check(result) {
                Ok(snapshot) => {
                    this.snapshot.set(Some(snapshot));
                    this.error.set(None);
                }
                Err(explanation) => this.error.set(Some(explanation)),
            }
            this.loading.set(false);
        });
    }

    /// The version of a waiting conversation in the latest snapshot, sent
    /// with Take and Transfer: a conversation changed since (answered,
    /// closed) is refused rather than taken from under someone. An offer
    /// passing on changes it too, so the latest one is read at the moment
    /// of the action, not the one of the row's first drawing.
    fn version_of(&self, id: ConversationId) -> Option<i64> {
        self.snapshot.with_untracked(|snapshot| {
            snapshot
                .as_ref()?
                .waiting
                .iter()
                .find(|conversation| conversation.id == id)
                .map(|conversation| conversation.version)
        })
    }

    /// "Take": the conversation becomes mine, in progress.
    pub fn take(&self, id: ConversationId) {
        let request = ActionRequest {
            version: self.version_of(id),
        };
        self.act(id, SupervisionNotice::Taken(id), move |client| async move {
            client.act(id, "take", &request).await.map(|_| ())
        });
    }

    /// "Transfer" to a colleague or an open channel, with an optional
    /// comment for employees.
    pub fn transfer(&self, id: ConversationId, to: TransferTarget, comment: Option<String>) {
        let request = TransferRequest {
            to,
            comment,
            version: self.version_of(id),
        };
        self.act(
            id,
            SupervisionNotice::Transferred(id),
            move |client| async move { client.act(id, "transfer", &request).await.map(|_| ()) },
        );
    }

    /// Runs an action on a conversation of the table, says how it went and
    /// asks for a new snapshot either way.
    fn act<F, Fut>(&self, id: ConversationId, done: SupervisionNotice, call: F)
    where
        F: FnOnce(crate::api::Client) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<(), crate::api::ApiError>> + 'static,
    {
        if self.pending.try_update(|pending| {
            if pending.contains(&id) {
                return false;
            }
            pending.push(id);
            true
        }) != Some(true)
        {
            return;
        }
        self.notice.set(None);
        let this = *self;
        self.session.spawn(async move {
            let result = call(this.session.client()).await;
            let notice = match this.session.check(result) {
                Ok(()) => done,
                Err(explanation) => SupervisionNotice::Failed(explanation),
            };
            if this.notice.try_set(Some(notice)).is_some() {
                // The screen went meanwhile: nothing to show it on.
                return;
            }
            this.pending
                .update(|pending| pending.retain(|each| *each != id));
            this.load();
        });
    }
}
