//! Who has which conversation open ("Marc is viewing"): ephemeral, kept in
//! memory per event-stream connection, never stored. A connection says what
//! it shows with a `viewing` client frame; the colleagues who may see that
//! conversation get a `viewers` frame through the typing hub's channel
//! whenever its viewers change, and a connection that starts viewing gets
//! the current list at once. A closed connection is forgotten.
//!
//! Like typing, this lives in one instance's memory: with several instances
//! each knows its own connections only (see the guide, "Several instances").

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use switchboard_protocol::{ConversationId, ConversationViewers, UserId};

use crate::store::events::Audience;

/// What one connection views.
#[derive(Debug, Clone)]
struct Viewed {
    user: UserId,
    conversation: ConversationId,
    audience: Audience,
}

/// The conversations every connection views.
#[derive(Default)]
pub struct ViewingRegistry {
    next: AtomicU64,
    connections: Mutex<HashMap<u64, Viewed>>,
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

    /// Records what `connection` (of `user`) views now (`None`: nothing, or
    /// it closed), with the audience of that conversation. Answers the
    /// conversations whose viewers changed, the one left first.
    pub fn set(
        &self,
        connection: u64,
        user: UserId,
        viewing: Option<(ConversationId, Audience)>,
    ) -> Vec<ViewersChanged> {
        let Ok(mut connections) = self.connections.lock() else {
            return Vec::new();
        };
        let before = connections.get(&connection).cloned();
        if before.as_ref().map(|viewed| viewed.conversation)
            == viewing.as_ref().map(|(conversation, _)| *conversation)
        {
            return Vec::new();
        }
        match viewing {
            Some((conversation, audience)) => {
                connections.insert(
                    connection,
                    Viewed {
                        user,
                        conversation,
                        audience,
                    },
                );
            }
            None => {
                connections.remove(&connection);
            }
        }
        let after = connections.get(&connection).cloned();
        [before, after]
            .into_iter()
            .flatten()
            .map(|viewed| ViewersChanged {
                viewers: viewers_in(&connections, viewed.conversation),
                audience: viewed.audience,
            })
            .collect()
    }

    /// Who views `conversation` now.
    pub fn viewers(&self, conversation: ConversationId) -> ConversationViewers {
        match self.connections.lock() {
            Ok(connections) => viewers_in(&connections, conversation),
            Err(_) => ConversationViewers {
                conversation_id: conversation,
                user_ids: Vec::new(),
            },
        }
    }
}

fn viewers_in(
    connections: &HashMap<u64, Viewed>,
    conversation: ConversationId,
) -> ConversationViewers {
    let mut user_ids: Vec<UserId> = connections
        .values()
        .filter(|viewed| viewed.conversation == conversation)
        .map(|viewed| viewed.user)
        .collect();
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
}
