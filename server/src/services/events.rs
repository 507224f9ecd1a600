//! The event hub: events are appended to the `events` table inside the
//! transaction of the change, then published in sequence order to every
//! connected socket through a broadcast channel.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};
use switchboard_protocol::{Event, EventEnvelope, EventSeq, ServerFrame};
use tokio::sync::{broadcast, Mutex};

use crate::error::ApiError;
use crate::store::events::{self as event_store, Audience, StoredEvent};

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
}

impl EventHub {
    /// A hub that starts after the latest event already stored.
    pub async fn new(pool: &SqlitePool, retention: u32) -> Result<Self, sqlx::Error> {
        let mut db = pool.acquire().await?;
        let (_, latest) = event_store::bounds(&mut db).await?;
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        Ok(Self {
            sender,
            published: Mutex::new(latest),
            latest: AtomicI64::new(latest),
            retention: i64::from(retention.max(1)),
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
    /// events beyond the retained window. Called after each commit; the lock
    /// keeps concurrent callers from publishing out of order or twice.
    pub async fn publish_pending(&self, pool: &SqlitePool) -> Result<(), ApiError> {
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
        event_store::prune(&mut db, *published, self.retention).await?;
        Ok(())
    }

    /// Publishes after a commit, logging (not failing) when the database
    /// cannot be read: the change is committed and the next publication
    /// delivers its event.
    pub async fn publish_after_commit(&self, pool: &SqlitePool) {
        if let Err(error) = self.publish_pending(pool).await {
            tracing::warn!(%error, "publishing events failed; will retry on the next change");
        }
    }
}

/// Appends an event to the log inside the caller's transaction.
pub async fn record(
    db: &mut SqliteConnection,
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

/// Appends an event numbered by the caller (`last` is the previous number,
/// advanced here): for a writer that reserved the numbering of its write
/// transaction with [`event_store::last_seq`]. Saves a statement per event.
pub async fn record_numbered(
    db: &mut SqliteConnection,
    last: &mut i64,
    at: i64,
    audience: &Audience,
    event: Event,
) -> Result<EventSeq, ApiError> {
    let seq = *last + 1;
    let frame = serde_json::to_string(&ServerFrame::Event(EventEnvelope {
        seq: EventSeq(seq),
        at,
        event,
    }))?;
    event_store::append_numbered(db, seq, at, audience, &frame).await?;
    *last = seq;
    Ok(EventSeq(seq))
}
