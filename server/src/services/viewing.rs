//! Who has which conversation open ("Marc is viewing"): ephemeral, kept in
//! memory per event-stream connection, never stored. A connection says what
//! it shows with a `viewing` client frame; the colleagues who may see that
//! conversation get a `viewers` frame through the typing hub's channel
//! whenever its viewers change, and a connection that starts viewing gets
//! the current list at once. A closed connection is forgotten.
//!
//! With several instances (PostgreSQL), each instance relays the list of
//! its own viewers of a conversation whenever it changes, and re-announces
//! every list it holds every [`REANNOUNCE`] (see `events_listener`). The
//! others keep what each instance announced beside their own connections,
//! and forget it when the instance stops re-announcing it for [`EXPIRY`]:
//! an instance that dies takes its viewers with it, a lost notice is
//! mended by the next re-announce, and an instance that starts learns the
//! others' viewers within one period.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use switchboard_protocol::{ConversationId, ConversationViewers, UserId};
use tokio::sync::mpsc;

use crate::store::events::Audience;

/// How often an instance announces again every list of viewers it holds.
pub const REANNOUNCE: Duration = Duration::from_secs(10);
/// How long another instance's list counts without being announced again
/// (three periods, so one lost notice does not blink it).
pub const EXPIRY: Duration = Duration::from_secs(30);

/// What one connection views.
#[derive(Debug, Clone)]
struct Viewed {
    user: UserId,
    conversation: ConversationId,
    audience: Audience,
}

/// This instance's own viewers of one conversation, for the other
/// instances (an empty list: nobody here views it any more).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalViewers {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its colleagues (its audience).
    pub audience: Audience,
    /// Who views it through this instance.
    pub users: Vec<UserId>,
    /// Whose viewing changed the list (`None` for a re-announce).
    pub changed_by: Option<UserId>,
}

/// What another instance announced for one conversation.
#[derive(Debug)]
struct Announced {
    users: Vec<UserId>,
    audience: Audience,
    heard: Instant,
}

#[derive(Default)]
struct Viewing {
    /// This instance's connections.
    connections: HashMap<u64, Viewed>,
    /// Other instances' viewers, by instance and conversation.
    announced: HashMap<(u64, ConversationId), Announced>,
}

/// The conversations every connection views (this instance's, and those
/// the other instances announced).
#[derive(Default)]
pub struct ViewingRegistry {
    next: AtomicU64,
    viewing: Mutex<Viewing>,
    /// Where this instance's lists go to reach the others (PostgreSQL only).
    relay: OnceLock<mpsc::UnboundedSender<LocalViewers>>,
}

/// A conversation whose viewers changed: its new list and who may hear of it.
#[derive(Debug)]
pub struct ViewersChanged {
    /// The conversation's colleagues (its audience).
    pub audience: Audience,
    /// The new list.
    pub viewers: ConversationViewers,
}

impl ViewingRegistry {
    /// A number for a new connection.
    pub fn connection(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// Sends this instance's lists from now on to `relay`, for the other
    /// instances; once (later calls change nothing).
    pub fn relay_to(&self, relay: mpsc::UnboundedSender<LocalViewers>) {
        let _ = self.relay.set(relay);
    }

    /// Records what `connection` (of `user`) views now (`None`: nothing, or
    /// it closed), with the audience of that conversation. Answers the
    /// conversations whose viewers changed, the one left first, and relays
    /// this instance's new lists of them.
    pub fn set(
        &self,
        connection: u64,
        user: UserId,
        viewing: Option<(ConversationId, Audience)>,
    ) -> Vec<ViewersChanged> {
        let Ok(mut state) = self.viewing.lock() else {
            return Vec::new();
        };
        let before = state.connections.get(&connection).cloned();
        if before.as_ref().map(|viewed| viewed.conversation)
            == viewing.as_ref().map(|(conversation, _)| *conversation)
        {
            return Vec::new();
        }
        match viewing {
            Some((conversation, audience)) => {
                state.connections.insert(
                    connection,
                    Viewed {
                        user,
                        conversation,
                        audience,
                    },
                );
            }
            None => {
                state.connections.remove(&connection);
            }
        }
        let after = state.connections.get(&connection).cloned();
        let changed: Vec<Viewed> = [before, after].into_iter().flatten().collect();
        if let Some(relay) = self.relay.get() {
            for viewed in &changed {
                // The channel closes only when the server stops.
                let _ = relay.send(LocalViewers {
                    conversation: viewed.conversation,
                    audience: viewed.audience.clone(),
                    users: local_viewers(&state, viewed.conversation),
                    changed_by: Some(user),
                });
            }
        }
        changed
            .into_iter()
            .map(|viewed| ViewersChanged {
                viewers: viewers_in(&state, viewed.conversation),
                audience: viewed.audience,
            })
            .collect()
    }

    /// Who views `conversation` now, through any instance.
    pub fn viewers(&self, conversation: ConversationId) -> ConversationViewers {
        match self.viewing.lock() {
            Ok(state) => viewers_in(&state, conversation),
            Err(_) => ConversationViewers {
                conversation_id: conversation,
                user_ids: Vec::new(),
            },
        }
    }

    /// Every non-empty list of this instance's viewers, to announce again.
    pub fn local_lists(&self) -> Vec<LocalViewers> {
        let Ok(state) = self.viewing.lock() else {
            return Vec::new();
        };
        let mut lists: HashMap<ConversationId, Audience> = HashMap::new();
        for viewed in state.connections.values() {
            lists
                .entry(viewed.conversation)
                .or_insert_with(|| viewed.audience.clone());
        }
        lists
            .into_iter()
            .map(|(conversation, audience)| LocalViewers {
                users: local_viewers(&state, conversation),
                conversation,
                audience,
                changed_by: None,
            })
            .collect()
    }

    /// Records the list `instance` announced (`now` is when it arrived);
    /// answers the conversation's new viewers when that changed them.
    pub fn receive_relayed(
        &self,
        instance: u64,
        announced: LocalViewers,
        now: Instant,
    ) -> Option<ViewersChanged> {
        let mut state = self.viewing.lock().ok()?;
        let conversation = announced.conversation;
        let before = viewers_in(&state, conversation);
        if announced.users.is_empty() {
            state.announced.remove(&(instance, conversation));
        } else {
            state.announced.insert(
                (instance, conversation),
                Announced {
                    users: announced.users,
                    audience: announced.audience.clone(),
                    heard: now,
                },
            );
        }
        let after = viewers_in(&state, conversation);
        (after != before).then_some(ViewersChanged {
            audience: announced.audience,
            viewers: after,
        })
    }

    /// Forgets the lists other instances have not announced since `now -
    /// EXPIRY` (the instance stopped or lost its connection); answers the
    /// conversations whose viewers changed.
    pub fn expire(&self, now: Instant) -> Vec<ViewersChanged> {
        let Ok(mut state) = self.viewing.lock() else {
            return Vec::new();
        };
        let stale: Vec<(u64, ConversationId)> = state
            .announced
            .iter()
            .filter(|(_, announced)| now.saturating_duration_since(announced.heard) >= EXPIRY)
            .map(|(key, _)| *key)
            .collect();
        let mut changed = Vec::new();
        for key in stale {
            let before = viewers_in(&state, key.1);
            if let Some(announced) = state.announced.remove(&key) {
                let after = viewers_in(&state, key.1);
                if after != before {
                    changed.push(ViewersChanged {
                        audience: announced.audience,
                        viewers: after,
                    });
                }
            }
        }
        changed
    }
}

/// This instance's own viewers of `conversation`, sorted, once each.
fn local_viewers(state: &Viewing, conversation: ConversationId) -> Vec<UserId> {
    let mut user_ids: Vec<UserId> = state
        .connections
        .values()
        .filter(|viewed| viewed.conversation == conversation)
        .map(|viewed| viewed.user)
        .collect();
    user_ids.sort_by_key(|user| user.0);
    user_ids.dedup();
    user_ids
}

/// Everyone who views `conversation`, here or through another instance.
fn viewers_in(state: &Viewing, conversation: ConversationId) -> ConversationViewers {
    let mut user_ids = local_viewers(state, conversation);
    user_ids.extend(
        state
            .announced
            .iter()
            .filter(|((_, viewed), _)| *viewed == conversation)
            .flat_map(|(_, announced)| announced.users.iter().copied()),
    );
    user_ids.sort_by_key(|user| user.0);
    user_ids.dedup();
    ConversationViewers {
        conversation_id: conversation,
        user_ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::LineId;

    fn audience() -> Audience {
        Audience::conversation(LineId(1), [])
    }

    fn ids(changed: &[ViewersChanged]) -> Vec<(i64, Vec<i64>)> {
        changed
            .iter()
            .map(|change| {
                (
                    change.viewers.conversation_id.0,
                    change.viewers.user_ids.iter().map(|user| user.0).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn viewers_change_as_connections_open_switch_and_close() {
        let registry = ViewingRegistry::default();
        let (olivia, marc, marc_again) = (
            registry.connection(),
            registry.connection(),
            registry.connection(),
        );
        let a = ConversationId(1);
        let b = ConversationId(2);
        assert_eq!(
            ids(&registry.set(olivia, UserId(1), Some((a, audience())))),
            [(1, vec![1])]
        );
        assert_eq!(
            ids(&registry.set(marc, UserId(2), Some((a, audience())))),
            [(1, vec![1, 2])]
        );
        // Marc in a second tab: listed once; the same conversation again changes nothing.
        registry.set(marc_again, UserId(2), Some((a, audience())));
        assert_eq!(registry.viewers(a).user_ids, [UserId(1), UserId(2)]);
        assert!(registry
            .set(marc, UserId(2), Some((a, audience())))
            .is_empty());
        // Olivia moves on: both conversations change.
        assert_eq!(
            ids(&registry.set(olivia, UserId(1), Some((b, audience())))),
            [(1, vec![2]), (2, vec![1])]
        );
        // Closing forgets.
        registry.set(marc, UserId(2), None);
        assert_eq!(
            ids(&registry.set(marc_again, UserId(2), None)),
            [(1, vec![])]
        );
        assert!(registry.set(marc_again, UserId(2), None).is_empty());
    }

    fn announced(conversation: i64, users: &[i64]) -> LocalViewers {
        LocalViewers {
            conversation: ConversationId(conversation),
            audience: audience(),
            users: users.iter().copied().map(UserId).collect(),
            changed_by: None,
        }
    }

    #[test]
    fn other_instances_viewers_join_ours_until_they_leave_or_expire() {
        let registry = ViewingRegistry::default();
        let (relay, mut relayed) = mpsc::unbounded_channel();
        registry.relay_to(relay);
        let olivia = registry.connection();
        let a = ConversationId(1);
        registry.set(olivia, UserId(1), Some((a, audience())));
        // Only this instance's own viewers are relayed.
        let sent = relayed.try_recv().unwrap();
        assert_eq!(
            (sent.users, sent.changed_by),
            (vec![UserId(1)], Some(UserId(1)))
        );

        let start = Instant::now();
        let changed = registry.receive_relayed(8, announced(1, &[2]), start);
        assert_eq!(
            ids(&changed.into_iter().collect::<Vec<_>>()),
            [(1, vec![1, 2])]
        );
        // The same list again (a re-announce) changes nothing.
        assert!(registry
            .receive_relayed(8, announced(1, &[2]), start + REANNOUNCE)
            .is_none());
        registry.receive_relayed(9, announced(1, &[3]), start);
        assert_eq!(
            registry.viewers(a).user_ids,
            [UserId(1), UserId(2), UserId(3)]
        );
        // Our own list leaves theirs alone.
        registry.set(olivia, UserId(1), None);
        assert!(relayed.try_recv().unwrap().users.is_empty());
        assert_eq!(registry.viewers(a).user_ids, [UserId(2), UserId(3)]);
        assert!(registry.local_lists().is_empty());
        // Instance 8 says nobody views it there any more.
        let changed = registry.receive_relayed(8, announced(1, &[]), start + REANNOUNCE);
        assert_eq!(
            ids(&changed.into_iter().collect::<Vec<_>>()),
            [(1, vec![3])]
        );
        // Instance 9 stopped announcing: its list expires.
        assert!(registry.expire(start + EXPIRY / 2).is_empty());
        assert_eq!(ids(&registry.expire(start + EXPIRY)), [(1, vec![])]);
        assert!(registry.viewers(a).user_ids.is_empty());
    }

    #[test]
    fn every_list_of_our_viewers_is_announced_again() {
        let registry = ViewingRegistry::default();
        let (olivia, marc) = (registry.connection(), registry.connection());
        registry.set(olivia, UserId(1), Some((ConversationId(1), audience())));
        registry.set(marc, UserId(2), Some((ConversationId(1), audience())));
        registry.receive_relayed(8, announced(1, &[3]), Instant::now());
        let lists = registry.local_lists();
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].users, [UserId(1), UserId(2)], "ours only");
        assert_eq!(lists[0].changed_by, None);
    }
}
