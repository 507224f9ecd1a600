//! The event hub: events are appended to the `events` table inside the
//! transaction of the change, then published in sequence order to every
//! connected socket through a broadcast channel.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use switchboard_protocol::{Event, EventEnvelope, EventSeq, ServerFrame};
use tokio::sync::{broadcast, Mutex};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::events::{self as event_store, Audience, StoredEvent};
use crate::store::{Conn, Db, Tx};

/// How many published events a slow socket may fall behind before it gets a
/// `resync` frame.
const CHANNEL_CAPACITY: usize = 1024;
/// Events read from the database per batch when publishing or replaying.
pub const BATCH: i64 = 500;

/// Publishes committed events, in order, exactly once each.
pub struct EventHub {
    sender: broadcast::Sender<Arc<StoredEvent>>,
    published: Mutex<i64>,
    /// The same number, readable without waiting for a publication.
    latest: AtomicI64,
    retention: i64,
    /// Events up to this number may have been forgotten.
    pruned_through: AtomicI64,
}

impl EventHub {
    /// A hub that starts after the latest event already stored.
    pub async fn new(pool: &Db, retention: u32) -> Result<Self, sqlx::Error> {
        let mut db = pool.acquire().await?;
        let (_, latest) = event_store::bounds(&mut db).await?;
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        Ok(Self {
            sender,
            published: Mutex::new(latest),
            latest: AtomicI64::new(latest),
            retention: i64::from(retention.max(1)),
            pruned_through: AtomicI64::new(0),
        })
    }

    /// The latest event published. Every event up to it is committed, so a
    /// read that starts after this call reflects all of them: a client that
    /// took a snapshot then resumes the stream after this number misses
    /// nothing (the REST answers carry it, see `routes::snapshot_seq`).
    pub fn latest_published(&self) -> EventSeq {
        EventSeq(self.latest.load(Ordering::Acquire))
    }

    /// Receives every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<StoredEvent>> {
        self.sender.subscribe()
    }

    /// How many events are kept for resuming clients.
    pub fn retention(&self) -> i64 {
        self.retention
    }

    /// Broadcasts every committed event not yet published, then forgets
    /// events beyond the retained window (at least `retention` are kept). Called after each commit; the lock
    /// keeps concurrent callers from publishing out of order or twice.
    pub async fn publish_pending(&self, pool: &Db) -> Result<(), ApiError> {
        let mut published = self.published.lock().await;
        let mut db = pool.acquire().await?;
        loop {
            let batch = event_store::range(&mut db, *published, i64::MAX, BATCH).await?;
            let Some(last) = batch.last().map(|event| event.seq) else {
                break;
            };
            for event in batch {
                // No receiver is not an error: nobody is connected.
                let _ = self.sender.send(Arc::new(event));
            }
            *published = last;
            self.latest.store(last, Ordering::Release);
        }
        // Forgetting is a write of its own: done once an eighth of the window
        // has gone past rather than after every commit, the window holds
        // between `retention` and an eighth more events.
        let cutoff = *published - self.retention;
        let every = (self.retention / 8).max(1);
        if cutoff - self.pruned_through.load(Ordering::Acquire) >= every {
            event_store::prune(&mut db, *published, self.retention).await?;
            self.pruned_through.store(cutoff, Ordering::Release);
        }
        Ok(())
    }

    /// Up to which number the events are to be forgotten once a write
    /// transaction numbering events up to `latest` commits, or `None` when
    /// nothing needs forgetting: events beyond the retained window that are
    /// already published (a socket still has to get the others).
    ///
    /// The webhook writer deletes them in each batch's transaction, with the
    /// commit the batch makes anyway, and then calls
    /// [`forgotten_through`](Self::forgotten_through).
    pub fn forget_cutoff(&self, latest: i64) -> Option<i64> {
        let cutoff = (latest - self.retention).min(self.latest.load(Ordering::Acquire));
        (cutoff > self.pruned_through.load(Ordering::Acquire)).then_some(cutoff)
    }

    /// Notes that events up to `cutoff` are forgotten (a transaction that
    /// deleted them committed).
    pub fn forgotten_through(&self, cutoff: i64) {
        self.pruned_through.fetch_max(cutoff, Ordering::AcqRel);
    }

    /// Publishes `committed`, the events a writer just committed (in order,
    /// numbered right after what the hub has published), from memory, without
    /// reading them back. Returns false, publishing nothing, when other events
    /// come before them and are not yet published: the caller then publishes
    /// with [`publish_pending`](Self::publish_pending), which reads them all
    /// in order.
    ///
    /// Blocks on the publication lock: for a thread outside the runtime (the
    /// webhook writer's), never inside a task.
    pub fn publish_committed(&self, committed: Vec<StoredEvent>) -> bool {
        let mut published = self.published.blocking_lock();
        let Some(first) = committed.first().map(|event| event.seq) else {
            return true;
        };
        if first != *published + 1 {
            return first <= *published;
        }
        for event in committed {
            let seq = event.seq;
            // No receiver is not an error: nobody is connected.
            let _ = self.sender.send(Arc::new(event));
            *published = seq;
        }
        self.latest.store(*published, Ordering::Release);
        true
    }

    /// Publishes after a commit, logging (not failing) when the database
    /// cannot be read: the change is committed and the next publication
    /// delivers its event.
    pub async fn publish_after_commit(&self, pool: &Db) {
        if let Err(error) = self.publish_pending(pool).await {
            tracing::warn!(%error, "publishing events failed; will retry on the next change");
        }
    }
}

/// One change of the workspace: its write transaction, the time it
/// happens, and the events it records there. Nothing of it is seen until
/// [`commit`](Self::commit), which commits, then publishes the events, so
/// the caller answers after both and whoever made the change reads it, and
/// hears its events, from then on.
pub struct Change {
    /// The transaction: the store's functions take `&mut change.tx`.
    pub tx: Tx,
    /// When the change happens (ms since the epoch).
    pub now: i64,
}

impl Change {
    /// Starts a change, taking SQLite's write lock (see
    /// [`store::begin_write`](crate::store::begin_write)).
    pub async fn begin(state: &AppState) -> Result<Self, ApiError> {
        let tx = crate::store::begin_write(&state.pool).await?;
        Ok(Self {
            tx,
            now: crate::store::now_ms(),
        })
    }

    /// Records an event of this change, for `audience`.
    pub async fn record(
        &mut self,
        audience: &Audience,
        event: Event,
    ) -> Result<EventSeq, ApiError> {
        record(&mut self.tx, self.now, audience, event).await
    }

    /// Records several events of this change, in order, for one audience.
    pub async fn record_all(
        &mut self,
        audience: &Audience,
        events: impl IntoIterator<Item = Event>,
    ) -> Result<(), ApiError> {
        for event in events {
            self.record(audience, event).await?;
        }
        Ok(())
    }

    /// Commits the change and publishes its events.
    pub async fn commit(self, state: &AppState) -> Result<(), ApiError> {
        self.tx.commit().await?;
        state.events.publish_after_commit(&state.pool).await;
        // The change may have queued deliveries.
        state.delivery.wake();
        Ok(())
    }
}

/// Appends an event to the log inside the caller's transaction.
pub async fn record(
    db: &mut Conn,
    at: i64,
    audience: &Audience,
    event: Event,
) -> Result<EventSeq, ApiError> {
    let seq = event_store::append(db, at, audience, |seq| {
        serde_json::to_string(&ServerFrame::Event(EventEnvelope {
            seq: EventSeq(seq),
            at,
            event,
        }))
    })
    .await?;
    Ok(EventSeq(seq))
}

/// Numbers an event for a writer that reserved the numbering of its write
/// transaction with [`event_store::LAST_SEQ`] (`last` is the previous number,
/// advanced here). The writer appends what it numbered with
/// [`event_store::INSERT_NUMBERED`].
pub fn number(
    last: &mut i64,
    at: i64,
    audience: Audience,
    event: Event,
) -> Result<event_store::NumberedEvent, ApiError> {
    let seq = *last + 1;
    let kind = switchboard_protocol::event_tag(&event);
    let frame = serde_json::to_string(&ServerFrame::Event(EventEnvelope {
        seq: EventSeq(seq),
        at,
        event,
    }))?;
    *last = seq;
    Ok(event_store::NumberedEvent {
        seq,
        at,
        audience,
        frame,
        kind,
    })
}

/// How long a background task gathers the changes that woke it before its
/// pass, so a burst of messages costs one pass.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(25);

/// A background task's view of the published events: it waits for those of
/// the kinds that concern it.
pub struct Follower {
    events: broadcast::Receiver<Arc<StoredEvent>>,
    kinds: &'static [&'static str],
}

impl Follower {
    /// Follows the hub's events of `kinds` from now on.
    pub fn new(hub: &EventHub, kinds: &'static [&'static str]) -> Self {
        Self {
            events: hub.subscribe(),
            kinds,
        }
    }

    /// Waits for an event of one of its kinds (or for events it missed,
    /// which may have been); false once the hub is gone.
    pub async fn next(&mut self) -> bool {
        use broadcast::error::RecvError;
        loop {
            match self.events.recv().await {
                Ok(event) => {
                    if event.kind().is_some_and(|kind| self.kinds.contains(&kind)) {
                        return true;
                    }
                }
                Err(RecvError::Lagged(_)) => return true,
                Err(RecvError::Closed) => return false,
            }
        }
    }

    /// Lets a burst settle, then drops what arrived meanwhile: the pass
    /// that follows covers it.
    pub async fn settle(&mut self) {
        tokio::time::sleep(SETTLE).await;
        while self.events.try_recv().is_ok() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use switchboard_protocol::{ConversationId, MessageId, UserId};

    async fn stored(pool: &Db) -> (i64, i64) {
        sqlx::query_as("SELECT COUNT(*), COALESCE(MIN(seq), 0) FROM events")
            .fetch_one(pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_follower_wakes_for_its_kinds_only_whichever_way_they_were_stored() {
        let (_dir, pool) = crate::store::test_database().await;
        let hub = EventHub::new(&pool, 16).await.unwrap();
        let mut follower = Follower::new(&hub, &["presence_changed"]);
        let mut live = hub.subscribe();
        let quiet = std::time::Duration::from_millis(50);

        // Recorded in a transaction, published from the stored rows: its kind
        // is read from the frame.
        let mut db = pool.acquire().await.unwrap();
        let read = Event::ConversationRead {
            conversation_id: ConversationId(1),
            user_id: UserId(1),
            last_read_message_id: MessageId(1),
        };
        record(&mut db, 1, &Audience::All, read).await.unwrap();
        drop(db);
        hub.publish_after_commit(&pool).await;
        assert_eq!(live.recv().await.unwrap().kind(), Some("conversation_read"));
        assert!(
            tokio::time::timeout(quiet, follower.next()).await.is_err(),
            "another kind does not wake it"
        );

        // Numbered by a writer: its kind is known without reading the frame.
        let mut last = hub.latest_published().0;
        let presence = Event::PresenceChanged {
            user_id: UserId(1),
            presence: switchboard_protocol::Presence::Away,
        };
        let numbered = number(&mut last, 2, Audience::All, presence).unwrap();
        assert_eq!(numbered.kind, "presence_changed");
        let hub = Arc::new(hub);
        let publisher = Arc::clone(&hub);
        tokio::task::spawn_blocking(move || {
            publisher.publish_committed(vec![numbered.into_stored()])
        })
        .await
        .unwrap();
        assert_eq!(live.recv().await.unwrap().kind(), Some("presence_changed"));
        assert!(tokio::time::timeout(quiet, follower.next()).await.unwrap());
    }

    #[tokio::test]
    async fn the_window_keeps_the_retained_events_and_forgets_the_rest_in_steps() {
        let (_dir, pool) = crate::store::test_database().await;
        let hub = EventHub::new(&pool, 16).await.unwrap();
        let mut live = hub.subscribe();
        let mut prunes = 0;
        let mut oldest = 0;
        for n in 1..=100 {
            let mut db = pool.acquire().await.unwrap();
            record(
                &mut db,
                n,
                &Audience::All,
                Event::ConversationRead {
                    conversation_id: ConversationId(1),
                    user_id: UserId(1),
                    last_read_message_id: MessageId(n),
                },
            )
            .await
            .unwrap();
            drop(db);
            hub.publish_after_commit(&pool).await;
            assert_eq!(
                live.recv().await.unwrap().seq,
                n,
                "published once, in order"
            );
            let (count, min) = stored(&pool).await;
            assert!(count >= n.min(16), "{count} events kept after {n}");
            assert!(count <= 16 + 16 / 8, "{count} events kept after {n}");
            if min != oldest {
                prunes += 1;
                oldest = min;
            }
        }
        // Forgotten two at a time (an eighth of the window), not after each event.
        assert!((35..=45).contains(&prunes), "{prunes} prunes");
        assert_eq!(hub.latest_published(), EventSeq(100));
    }
}
