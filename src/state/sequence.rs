//! Where the client is in the server's event stream, and what each frame
//! means for it: deliver once, drop a repeat, or refetch after a gap.

use switchboard_protocol::{EventSeq, ServerFrame};

/// What to do with a frame from the event stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameAction {
    /// A new event: apply it.
    Apply,
    /// An event already applied (replayed after a reconnect): ignore it.
    Drop,
    /// Replay is over: the connection is live.
    Live,
    /// Events were missed: refetch everything, then continue live.
    Resync,
    /// A heartbeat answer: nothing to do.
    Heartbeat,
}

/// The last event sequence number applied, to resume from after a reconnect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamPosition {
    last: Option<EventSeq>,
}

impl StreamPosition {
    /// A position just after `seq`: the first connection then replays every
    /// event after it. The workspace starts there from the oldest snapshot
    /// it loaded over REST (each answer says the latest event it reflects),
    /// so nothing that happened between a snapshot and the socket's opening
    /// is missed; the events replayed that a snapshot already holds are
    /// recognised by the reducers (versions, ids).
    pub fn after(seq: Option<EventSeq>) -> Self {
        Self { last: seq }
    }

    /// The sequence number to resume after (`?after=`), if any.
    pub fn last(&self) -> Option<EventSeq> {
        self.last
    }

    /// What to do with the event numbered `seq`: apply it once.
    pub fn accept_event(&mut self, seq: EventSeq) -> FrameAction {
        if self.last.is_some_and(|last| seq <= last) {
            FrameAction::Drop
        } else {
            self.last = Some(seq);
            FrameAction::Apply
        }
    }

    /// Decides what a frame means and moves the position accordingly.
    pub fn accept(&mut self, frame: &ServerFrame) -> FrameAction {
        match frame {
            ServerFrame::Event(envelope) => self.accept_event(envelope.seq),
            ServerFrame::Ready { latest_seq } => {
                // A first connection starts at the server's latest event.
                self.last = Some(self.last.map_or(*latest_seq, |last| last.max(*latest_seq)));
                FrameAction::Live
            }
            ServerFrame::Resync { latest_seq } => {
                self.last = Some(*latest_seq);
                FrameAction::Resync
            }
            ServerFrame::Pong { .. } => FrameAction::Heartbeat,
            // Ephemeral: no sequence number, the position stays.
            ServerFrame::Typing(_) | ServerFrame::Viewers(_) => FrameAction::Apply,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::{Event, EventEnvelope, Presence, UserId};

    fn event(seq: i64) -> ServerFrame {
        ServerFrame::Event(EventEnvelope {
            seq: EventSeq(seq),
            at: 0,
            event: Event::PresenceChanged {
                user_id: UserId(1),
                presence: Presence::Online,
            },
        })
    }

    #[test]
    fn a_position_after_a_snapshot_replays_what_followed_it_once() {
        let mut position = StreamPosition::after(Some(EventSeq(10)));
        assert_eq!(position.last(), Some(EventSeq(10)));
        assert_eq!(position.accept(&event(10)), FrameAction::Drop);
        assert_eq!(position.accept(&event(11)), FrameAction::Apply);
        assert_eq!(
            position.accept(&ServerFrame::Ready {
                latest_seq: EventSeq(11)
            }),
            FrameAction::Live
        );
        assert_eq!(position.accept(&event(11)), FrameAction::Drop);
        assert_eq!(position.accept(&event(12)), FrameAction::Apply);
    }

    #[test]
    fn a_first_connection_resumes_from_the_servers_latest_event() {
        let mut position = StreamPosition::default();
        assert_eq!(position.last(), None);
        assert_eq!(
            position.accept(&ServerFrame::Ready {
                latest_seq: EventSeq(40)
            }),
            FrameAction::Live
        );
        assert_eq!(position.last(), Some(EventSeq(40)));
        assert_eq!(position.accept(&event(41)), FrameAction::Apply);
        assert_eq!(position.last(), Some(EventSeq(41)));
    }

    #[test]
    fn replayed_events_after_a_reconnect_are_applied_exactly_once() {
        let mut position = StreamPosition::default();
        for seq in 1..=3 {
            assert_eq!(position.accept(&event(seq)), FrameAction::Apply);
        }
        // The socket dropped; the server replays from an older point.
        let applied: Vec<i64> = (2..=5)
            .filter(|seq| position.accept(&event(*seq)) == FrameAction::Apply)
            .collect();
        assert_eq!(applied, [4, 5]);
        assert_eq!(
            position.accept(&ServerFrame::Ready {
                latest_seq: EventSeq(5)
            }),
            FrameAction::Live
        );
        assert_eq!(position.last(), Some(EventSeq(5)));
    }

    #[test]
    fn a_resync_jumps_to_the_servers_position() {
        let mut position = StreamPosition::default();
        position.accept(&event(3));
        assert_eq!(
            position.accept(&ServerFrame::Resync {
                latest_seq: EventSeq(900)
            }),
            FrameAction::Resync
        );
        assert_eq!(position.accept(&event(900)), FrameAction::Drop);
        assert_eq!(position.accept(&event(901)), FrameAction::Apply);
        assert_eq!(
            position.accept(&ServerFrame::Pong { nonce: 1 }),
            FrameAction::Heartbeat
        );
    }
}
