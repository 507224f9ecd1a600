//! How an instance learns of the events other instances commit, on
//! PostgreSQL: every transaction that appends events sends `NOTIFY` on
//! [`EVENTS_CHANNEL`] with the last one's number (and nothing else, see
//! [`notify_appended`](crate::store::events::notify_appended)); each instance listens on one
//! dedicated connection and, on each notification, has its hub read the
//! events after its cursor from the table, in `seq` order
//! ([`EventHub::publish_pending`](crate::services::events::EventHub::publish_pending)). The table stays the one truth: a lost
//! notification, a dropped connection or a restart only delays
//! publication until the next read, which a reconnection and a slow timer
//! also trigger.
//!
//! The hub's cursor and its lock make each event published once and in
//! order whichever path reads it first: the instance's own commits
//! (`Change::commit`, the webhook writer) and this listener share it. The
//! event writers commit in `seq` order on PostgreSQL
//! ([`lock_numbering`](crate::store::events::lock_numbering)), so reading by cursor skips none.
//!
//! Typing notices cross instances the same way, on [`PRESENCE_CHANNEL`],
//! with the notice itself as the payload: they are ephemeral, never stored,
//! and one lost now and then only blinks an indicator. So do the end of a
//! reply's typing (its message was sent) and who views a conversation: each
//! instance sends its own viewers of a conversation when they change and
//! every list again each [`REANNOUNCE`](crate::services::viewing::REANNOUNCE);
//! the others drop a list not announced again within
//! [`EXPIRY`](crate::services::viewing::EXPIRY), so a dead instance's
//! viewers disappear and a lost notice is mended.
//!
//! On SQLite there is one instance and nothing to listen to.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use switchboard_protocol::{ConversationId, UserId};
use tokio::sync::mpsc;

use crate::services::typing::{RelayedTyping, TypingFrame, TypingRelay};
use crate::services::viewing::{LocalViewers, REANNOUNCE};
use crate::state::AppState;
use crate::store::events::{audience_columns, audience_from_columns, EVENTS_CHANNEL};
use crate::store::sql::{self, params};

/// The PostgreSQL channel of typing notices and viewers between instances.
pub const PRESENCE_CHANNEL: &str = "switchboard_presence";

/// PostgreSQL refuses a `NOTIFY` payload of 8,000 bytes or more: a longer
/// notice is not relayed.
const MAX_PAYLOAD: usize = 7_900;

/// What crosses [`PRESENCE_CHANNEL`], tagged by its `kind`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Presence {
    Typing(PresenceNotice),
    TypingStopped(TypingStopped),
    Viewers(ViewersNotice),
}

/// A reply was sent: the customer view stops saying "typing".
#[derive(Debug, Serialize, Deserialize)]
struct TypingStopped {
    /// The instance that sent it (which ignores its own).
    instance: u64,
    conversation: i64,
}

/// One instance's own viewers of one conversation (empty: none left).
#[derive(Debug, Serialize, Deserialize)]
struct ViewersNotice {
    /// The instance that sent it (which ignores its own).
    instance: u64,
    /// The conversation's audience, as events store theirs.
    scope: String,
    line: Option<i64>,
    users: String,
    conversation: i64,
    /// Who views it through that instance.
    viewers: Vec<i64>,
    /// Whose viewing changed the list (none for a re-announce).
    changed_by: Option<i64>,
}

/// A typing notice on its way to the other instances.
#[derive(Debug, Serialize, Deserialize)]
struct PresenceNotice {
    /// The instance that sent it (which ignores its own).
    instance: u64,
    /// Its audience, as events store theirs.
    scope: String,
    line: Option<i64>,
    users: String,
    /// Who types.
    from: i64,
    /// The `ServerFrame` sent to sockets, as JSON.
    frame: String,
    /// The conversation and the name of whoever types a reply.
    reply: Option<(i64, String)>,
}

/// How often the hub reads the table even without a notification: a safety
/// net, not the way events normally arrive.
const SAFETY_NET: Duration = Duration::from_secs(2);

/// How long to wait before connecting again after the listening connection
/// failed to open.
const RECONNECT_PAUSE: Duration = Duration::from_secs(1);

/// Starts the listener on PostgreSQL (`database_url`); does nothing on
/// SQLite.
pub fn start(state: AppState) {
    let Some(url) = state.config.database_url.clone() else {
        return;
    };
    if !crate::store::Dialect::is_postgres_url(&url) {
        return;
    }
    let instance: u64 = rand::random();
    let (relay, typing) = mpsc::unbounded_channel();
    state.typing.relay_to(relay);
    let (relay, viewers) = mpsc::unbounded_channel();
    state.viewing.relay_to(relay);
    tokio::spawn(send_presence(state.clone(), instance, typing, viewers));
    tokio::spawn(async move {
        loop {
            match PgListener::connect(&url).await {
                Ok(listener) => listen(&state, instance, listener).await,
                Err(error) => tracing::warn!(%error, "cannot open the event listener's connection"),
            }
            tokio::time::sleep(RECONNECT_PAUSE).await;
        }
    });
}

/// Follows the channel until the listener fails for good; returns to be
/// connected anew.
async fn listen(state: &AppState, instance: u64, mut listener: PgListener) {
    let channels = [EVENTS_CHANNEL, PRESENCE_CHANNEL];
    if let Err(error) = listener.listen_all(channels).await {
        tracing::warn!(%error, "cannot listen for events");
        return;
    }
    tracing::info!("listening for the events of other instances");
    // Events committed while nobody listened: read them now.
    state.events.publish_after_commit(&state.pool).await;
    let mut safety_net = tokio::time::interval(SAFETY_NET);
    safety_net.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            received = listener.try_recv() => match received {
                Ok(Some(notification)) if notification.channel() == PRESENCE_CHANNEL => {
                    receive_presence(state, instance, notification.payload());
                    continue;
                }
                // The payload (a number) only says that something is new;
                // the cursor read finds what, and everything before it.
                Ok(Some(_)) => {}
                // The connection dropped: the next call reconnects and
                // listens again; what was missed is read below.
                Ok(None) => tracing::info!("event listener reconnecting"),
                Err(error) => {
                    tracing::warn!(%error, "event listener failed");
                    return;
                }
            },
            _ = safety_net.tick() => {}
        }
        let before = state.events.latest_published();
        state.events.publish_after_commit(&state.pool).await;
        if state.events.latest_published() != before {
            // Another instance may have queued deliveries and died before
            // doing them: this instance's worker looks (the routing, snooze
            // and automation tasks follow the events themselves).
            state.delivery.wake();
        }
    }
}

/// Sends this instance's typing notices and viewers to the other
/// instances, one `NOTIFY` each, and every [`REANNOUNCE`] announces its
/// viewers again and forgets the other instances' lists that expired, until
/// the server stops.
async fn send_presence(
    state: AppState,
    instance: u64,
    mut typing: mpsc::UnboundedReceiver<TypingRelay>,
    mut viewers: mpsc::UnboundedReceiver<LocalViewers>,
) {
    let mut reannounce = tokio::time::interval(REANNOUNCE);
    reannounce.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let payloads: Vec<String> = tokio::select! {
            Some(relayed) = typing.recv() => {
                typing_payload(instance, &relayed).into_iter().collect()
            }
            Some(local) = viewers.recv() => viewers_payload(instance, &local).into_iter().collect(),
            _ = reannounce.tick() => {
                for changed in state.viewing.expire(std::time::Instant::now()) {
                    state.typing.publish_viewers(changed, None);
                }
                state
                    .viewing
                    .local_lists()
                    .iter()
                    .filter_map(|local| viewers_payload(instance, local))
                    .collect()
            }
            else => break,
        };
        for payload in payloads {
            let query = "SELECT COUNT(*) FROM (SELECT pg_notify(?, ?)) AS sent";
            let sent = async {
                let mut db = state.pool.acquire().await?;
                sql::one::<i64>(&mut db, query, params![PRESENCE_CHANNEL, payload]).await
            };
            if let Err(error) = sent.await {
                tracing::debug!(%error, "a presence notice did not reach the other instances");
            }
        }
    }
}

/// The `NOTIFY` payload of a typing notice or stop, or `None` when it
/// cannot be one.
fn typing_payload(instance: u64, relayed: &TypingRelay) -> Option<String> {
    let presence = match relayed {
        TypingRelay::Notice(relayed) => {
            let frame = &relayed.frame;
            let (scope, line, users) = audience_columns(&frame.audience).ok()?;
            Presence::Typing(PresenceNotice {
                instance,
                scope: scope.to_owned(),
                line,
                users,
                from: frame.from.0,
                frame: frame.frame.clone(),
                reply: relayed
                    .reply
                    .as_ref()
                    .map(|(conversation, name)| (conversation.0, name.clone())),
            })
        }
        TypingRelay::Stopped(conversation) => Presence::TypingStopped(TypingStopped {
            instance,
            conversation: conversation.0,
        }),
    };
    within_limit(&presence)
}

/// The `NOTIFY` payload of this instance's viewers of a conversation, or
/// `None` when it cannot be one.
fn viewers_payload(instance: u64, local: &LocalViewers) -> Option<String> {
    let (scope, line, users) = audience_columns(&local.audience).ok()?;
    within_limit(&Presence::Viewers(ViewersNotice {
        instance,
        scope: scope.to_owned(),
        line,
        users,
        conversation: local.conversation.0,
        viewers: local.users.iter().map(|user| user.0).collect(),
        changed_by: local.changed_by.map(|user| user.0),
    }))
}

fn within_limit(presence: &Presence) -> Option<String> {
    serde_json::to_string(presence)
        .ok()
        .filter(|payload| payload.len() <= MAX_PAYLOAD)
}

/// Hands what another instance sent to this instance's sockets and
/// customer views (each socket filters by permission, as for its own).
fn receive_presence(state: &AppState, instance: u64, payload: &str) {
    let Ok(presence) = serde_json::from_str::<Presence>(payload) else {
        tracing::debug!("an unreadable presence notice from another instance");
        return;
    };
    match presence {
        Presence::Typing(notice) if notice.instance != instance => {
            let Ok(audience) = audience_from_columns(&notice.scope, notice.line, &notice.users)
            else {
                return;
            };
            state.typing.receive_relayed(RelayedTyping {
                frame: Arc::new(TypingFrame {
                    audience,
                    from: UserId(notice.from),
                    frame: notice.frame,
                }),
                reply: notice
                    .reply
                    .map(|(conversation, name)| (ConversationId(conversation), name)),
            });
        }
        Presence::TypingStopped(stopped) if stopped.instance != instance => {
            state
                .typing
                .receive_relayed_stop(ConversationId(stopped.conversation));
        }
        Presence::Viewers(notice) if notice.instance != instance => {
            let Some(local) = local_viewers(&notice) else {
                return;
            };
            let changed_by = local.changed_by;
            let now = std::time::Instant::now();
            if let Some(changed) = state.viewing.receive_relayed(notice.instance, local, now) {
                state.typing.publish_viewers(changed, changed_by);
            }
        }
        // This instance's own.
        _ => {}
    }
}

/// The list another instance announced, or `None` when its audience
/// cannot be read by this version.
fn local_viewers(notice: &ViewersNotice) -> Option<LocalViewers> {
    let audience = audience_from_columns(&notice.scope, notice.line, &notice.users).ok()?;
    Some(LocalViewers {
        conversation: ConversationId(notice.conversation),
        audience,
        users: notice.viewers.iter().copied().map(UserId).collect(),
        changed_by: notice.changed_by.map(UserId),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::events::Audience;
    use switchboard_protocol::LineId;

    #[test]
    fn a_typing_notice_crosses_with_its_audience_and_stays_within_the_limit() {
        let relayed = TypingRelay::Notice(RelayedTyping {
            frame: Arc::new(TypingFrame {
                audience: Audience::conversation(LineId(2), [UserId(5)]),
                from: UserId(5),
                frame: "{}".into(),
            }),
            reply: Some((ConversationId(9), "Olivia".into())),
        });
        let payload = typing_payload(7, &relayed).unwrap();
        let Ok(Presence::Typing(notice)) = serde_json::from_str(&payload) else {
            panic!("a typing notice: {payload}");
        };
        assert_eq!((notice.instance, notice.from), (7, 5));
        let audience = audience_from_columns(&notice.scope, notice.line, &notice.users).unwrap();
        assert_eq!(audience, Audience::conversation(LineId(2), [UserId(5)]));
        assert_eq!(notice.reply, Some((9, "Olivia".into())));

        let long = TypingRelay::Notice(RelayedTyping {
            frame: Arc::new(TypingFrame {
                audience: Audience::All,
                from: UserId(5),
                frame: "x".repeat(MAX_PAYLOAD),
            }),
            reply: None,
        });
        assert!(typing_payload(7, &long).is_none(), "too long for NOTIFY");

        let stopped = typing_payload(7, &TypingRelay::Stopped(ConversationId(9))).unwrap();
        let Ok(Presence::TypingStopped(stopped)) = serde_json::from_str(&stopped) else {
            panic!("a stop: {stopped}");
        };
        assert_eq!((stopped.instance, stopped.conversation), (7, 9));
    }

    #[test]
    fn an_instances_viewers_cross_with_their_audience() {
        let local = LocalViewers {
            conversation: ConversationId(9),
            audience: Audience::conversation(LineId(2), [UserId(5)]),
            users: vec![UserId(3), UserId(4)],
            changed_by: Some(UserId(4)),
        };
        let payload = viewers_payload(7, &local).unwrap();
        let Ok(Presence::Viewers(notice)) = serde_json::from_str(&payload) else {
            panic!("viewers: {payload}");
        };
        assert_eq!(notice.instance, 7);
        assert_eq!(local_viewers(&notice), Some(local));
    }
}
