//! Decoding the server's websocket frames from JSON text, for clients that
//! care about code size (feature `json`; the app uses it).
//!
//! [`ServerFrame`] and [`Event`] are internally tagged (`"frame": "event"`,
//! `"type": "message_created"`). serde's derive decodes such enums by first
//! buffering the whole object into a generic tree and then decoding the
//! variant from that tree: a second decoder for every type an event carries,
//! which made up about a sixth of the app's start module. [`decode_server_frame`]
//! reads the text twice instead: once for the tags alone (everything else is
//! skipped), then straight into a struct of that variant's fields, with the
//! same `serde_json` decoders as the REST responses. It accepts exactly what
//! `serde_json::from_str::<ServerFrame>` accepts and gives the same value;
//! the reference server's integration tests check both on every frame they
//! receive.

use std::borrow::Cow;

use serde::Deserialize;

use crate::{
    CalendarEvent, CompanyInfo, Contact, ConversationId, ConversationSummary, ConversationViewers,
    Deal, Event, EventEnvelope, EventSeq, FeedPost, Label, Line, Message, MessageId,
    OperatorPreferences, Order, Presence, ServerFrame, Task, TeamChat, TeamChatId, Timestamp,
    TypingNotice, User, UserId,
};

/// The tags of a frame; every other field is skipped.
#[derive(Deserialize)]
struct Tags<'a> {
    #[serde(borrow)]
    frame: Cow<'a, str>,
    #[serde(default, borrow)]
    event: Option<EventTag<'a>>,
}

#[derive(Deserialize)]
struct EventTag<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
}

/// An event frame, its event read as the fields `T` of one variant.
#[derive(Deserialize)]
struct Envelope<T> {
    seq: EventSeq,
    at: Timestamp,
    event: T,
}

#[derive(Deserialize)]
struct LatestSeq {
    latest_seq: EventSeq,
}

#[derive(Deserialize)]
struct Nonce {
    nonce: u64,
}

fn unknown(what: &str, tag: &str) -> serde_json::Error {
    <serde_json::Error as serde::de::Error>::custom(format!("unknown {what} `{tag}`"))
}

/// A decoder of one group of event variants: each tag read straight into a
/// struct of its variant's fields.
macro_rules! event_decoder {
    ($name:ident: $( $tag:literal => $variant:ident { $( $field:ident : $ty:ty ),* } ),*) => {
        fn $name(text: &str, kind: &str) -> Result<EventEnvelope, serde_json::Error> {
            match kind {
                $( $tag => {
                    #[derive(Deserialize)]
                    struct Fields { $( $field: $ty ),* }
                    let envelope: Envelope<Fields> = serde_json::from_str(text)?;
                    let Fields { $( $field ),* } = envelope.event;
                    Ok(EventEnvelope {
                        seq: envelope.seq,
                        at: envelope.at,
                        event: Event::$variant { $( $field ),* },
                    })
                } )*
                other => Err(unknown("event type", other)),
            }
        }
    };
}

/// One list of the event variants, their tags and their fields, in two
/// groups, from which the decoders and [`event_tag`] are written: a variant
/// added to [`Event`] but not here does not compile (`event_tag` matches
/// them all). The `deferred` group is what only parts of an app loaded on
/// demand keep (tasks, calendar, feed, CRM cards): [`decode_frame_deferring`]
/// leaves those events as text, so that a client's start code needs none of
/// their decoders.
macro_rules! events {
    (
        core { $( $tag:literal => $variant:ident { $( $field:ident : $ty:ty ),* $(,)? } ),* $(,)? }
        deferred { $( $dtag:literal => $dvariant:ident { $( $dfield:ident : $dty:ty ),* $(,)? } ),* $(,)? }
    ) => {
        event_decoder!(decode_core_event: $( $tag => $variant { $( $field: $ty ),* } ),*);
        event_decoder!(decode_deferred_event: $( $dtag => $dvariant { $( $dfield: $dty ),* } ),*);

        /// Whether events of this `type` tag are of the deferred group.
        fn is_deferred(kind: &str) -> bool {
            matches!(kind, $( $dtag )|*)
        }

        /// The `type` tag `event` carries on the wire.
        pub fn event_tag(event: &Event) -> &'static str {
            match event {
                $( Event::$variant { .. } => $tag, )*
                $( Event::$dvariant { .. } => $dtag, )*
            }
        }
    };
}

events! {
    core {
        "conversation_created" => ConversationCreated { conversation: ConversationSummary },
        "conversation_updated" => ConversationUpdated { conversation: ConversationSummary },
        "message_created" => MessageCreated { message: Message },
        "message_updated" => MessageUpdated { message: Message },
        "conversation_read" => ConversationRead {
            conversation_id: ConversationId,
            user_id: UserId,
            last_read_message_id: MessageId,
        },
        "presence_changed" => PresenceChanged { user_id: UserId, presence: Presence },
        "mentioned" => Mentioned { conversation: ConversationSummary, message: Message },
        "team_chat_created" => TeamChatCreated { chat: TeamChat },
        "team_chat_message_created" => TeamChatMessageCreated { chat: TeamChat, message: Message },
        "team_chat_message_updated" => TeamChatMessageUpdated {
            team_chat_id: TeamChatId,
            message: Message,
        },
        "team_chat_read" => TeamChatRead {
            team_chat_id: TeamChatId,
            user_id: UserId,
            last_read_message_id: MessageId,
        },
        "user_updated" => UserUpdated { user: User },
        "line_updated" => LineUpdated { line: Line },
        "snooze_ended" => SnoozeEnded { conversation: ConversationSummary },
    }
    deferred {
        "task_created" => TaskCreated { task: Task },
        "task_updated" => TaskUpdated { task: Task },
        "calendar_event_created" => CalendarEventCreated { calendar_event: CalendarEvent },
        "feed_post_created" => FeedPostCreated { post: FeedPost },
        "contact_updated" => ContactUpdated { contact: Contact },
        "deal_updated" => DealUpdated { deal: Deal },
        "order_updated" => OrderUpdated { order: Order },
        "company_updated" => CompanyUpdated { company: CompanyInfo },
        "preferences_updated" => PreferencesUpdated { preferences: OperatorPreferences },
        "labels_changed" => LabelsChanged { labels: Vec<Label> },
    }
}

/// An event of the deferred group, still as the text of its frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferredEvent {
    /// Its sequence number (read without the rest).
    pub seq: EventSeq,
    /// Its `type` tag.
    pub kind: String,
    /// The whole frame.
    pub text: String,
}

/// A frame as [`decode_frame_deferring`] gives it.
#[derive(Debug, Clone, PartialEq)]
// Returned and taken apart at once, never stored: boxing would only add an
// allocation per frame.
#[allow(clippy::large_enum_variant)]
pub enum DecodedFrame {
    /// Decoded.
    Frame(ServerFrame),
    /// An event of the deferred group: [`decode_deferred`] decodes it.
    Deferred(DeferredEvent),
}

#[derive(Deserialize)]
struct SeqOnly {
    seq: EventSeq,
}

/// Decodes one text frame, but leaves the events of the deferred group
/// (tasks, calendar, feed, CRM) as text: a client's start code that calls
/// only this carries none of their decoders.
pub fn decode_frame_deferring(text: &str) -> Result<DecodedFrame, serde_json::Error> {
    let tags: Tags = serde_json::from_str(text)?;
    if let (true, Some(event)) = (tags.frame == "event", &tags.event) {
        if is_deferred(&event.kind) {
            let SeqOnly { seq } = serde_json::from_str(text)?;
            return Ok(DecodedFrame::Deferred(DeferredEvent {
                seq,
                kind: event.kind.to_string(),
                text: text.to_owned(),
            }));
        }
    }
    decode_tagged(text, tags, decode_core_event).map(DecodedFrame::Frame)
}

/// The `type` tag of the event a frame carries, read without decoding the
/// event (`None` for another frame, or text that is no frame).
pub fn frame_event_tag(text: &str) -> Option<String> {
    let tags: Tags = serde_json::from_str(text).ok()?;
    if tags.frame != "event" {
        return None;
    }
    tags.event.map(|event| event.kind.into_owned())
}

/// Decodes an event [`decode_frame_deferring`] left as text.
pub fn decode_deferred(event: &DeferredEvent) -> Result<EventEnvelope, serde_json::Error> {
    decode_deferred_event(&event.text, &event.kind)
}

/// Decodes one text frame of `/api/v1/events`.
pub fn decode_server_frame(text: &str) -> Result<ServerFrame, serde_json::Error> {
    let tags: Tags = serde_json::from_str(text)?;
    decode_tagged(text, tags, |text, kind| {
        if is_deferred(kind) {
            decode_deferred_event(text, kind)
        } else {
            decode_core_event(text, kind)
        }
    })
}

/// Decodes a frame whose tags were read, its events with `event`.
fn decode_tagged(
    text: &str,
    tags: Tags<'_>,
    event: impl Fn(&str, &str) -> Result<EventEnvelope, serde_json::Error>,
) -> Result<ServerFrame, serde_json::Error> {
    match tags.frame.as_ref() {
        "event" => {
            let Some(tag) = tags.event else {
                return Err(<serde_json::Error as serde::de::Error>::missing_field(
                    "event",
                ));
            };
            event(text, &tag.kind).map(ServerFrame::Event)
        }
        "ready" => serde_json::from_str::<LatestSeq>(text).map(|f| ServerFrame::Ready {
            latest_seq: f.latest_seq,
        }),
        "resync" => serde_json::from_str::<LatestSeq>(text).map(|f| ServerFrame::Resync {
            latest_seq: f.latest_seq,
        }),
        "pong" => serde_json::from_str::<Nonce>(text).map(|f| ServerFrame::Pong { nonce: f.nonce }),
        "typing" => serde_json::from_str::<TypingNotice>(text).map(ServerFrame::Typing),
        "viewers" => serde_json::from_str::<ConversationViewers>(text).map(ServerFrame::Viewers),
        other => Err(unknown("frame", other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConversationId, Presence, UserId, UserRef};

    fn both(frame: &ServerFrame) {
        let text = serde_json::to_string(frame).unwrap();
        assert_eq!(&decode_server_frame(&text).unwrap(), frame, "{text}");
        // Deferring gives the same, the deferred group once decoded.
        let deferred = match decode_frame_deferring(&text).unwrap() {
            DecodedFrame::Frame(decoded) => decoded,
            DecodedFrame::Deferred(event) => {
                let ServerFrame::Event(envelope) = frame else {
                    panic!("only events are deferred: {text}");
                };
                assert_eq!(event.seq, envelope.seq);
                assert!(is_deferred(event_tag(&envelope.event)), "{text}");
                ServerFrame::Event(decode_deferred(&event).unwrap())
            }
        };
        assert_eq!(&deferred, frame, "{text}");
        if let ServerFrame::Event(envelope) = frame {
            let tag = event_tag(&envelope.event);
            let kept = matches!(
                decode_frame_deferring(&text).unwrap(),
                DecodedFrame::Frame(_)
            );
            assert_eq!(kept, !is_deferred(tag), "{tag}");
        }
        assert_eq!(
            serde_json::from_str::<ServerFrame>(&text).unwrap(),
            *frame,
            "{text}"
        );
    }

    fn envelope(event: Event) -> ServerFrame {
        ServerFrame::Event(EventEnvelope {
            seq: EventSeq(41),
            at: 1_700_000_000_000,
            event,
        })
    }

    #[test]
    fn frames_decode_as_serde_derives_them() {
        both(&envelope(Event::CompanyUpdated {
            company: crate::CompanyInfo {
                name: "Atelier \"Lumière\"".into(),
                currency: "EUR".into(),
                ..Default::default()
            },
        }));
        both(&ServerFrame::Ready {
            latest_seq: EventSeq(7),
        });
        both(&ServerFrame::Resync {
            latest_seq: EventSeq(9),
        });
        both(&ServerFrame::Pong { nonce: 12 });
        both(&ServerFrame::Typing(TypingNotice {
            conversation_id: ConversationId(3),
            user: UserRef {
                id: UserId(2),
                name: "Marc \"M\" Petit".into(),
            },
            internal: true,
        }));
        both(&ServerFrame::Viewers(ConversationViewers {
            conversation_id: ConversationId(3),
            user_ids: vec![UserId(2), UserId(5)],
        }));
        both(&envelope(Event::ConversationRead {
            conversation_id: ConversationId(5),
            user_id: UserId(1),
            last_read_message_id: MessageId(99),
        }));
        both(&envelope(Event::PresenceChanged {
            user_id: UserId(4),
            presence: Presence::Online,
        }));
        both(&envelope(Event::TeamChatRead {
            team_chat_id: TeamChatId(8),
            user_id: UserId(1),
            last_read_message_id: MessageId(3),
        }));
    }

    #[test]
    fn the_tag_of_an_event_is_the_one_serde_writes() {
        for event in [
            Event::ConversationRead {
                conversation_id: ConversationId(5),
                user_id: UserId(1),
                last_read_message_id: MessageId(99),
            },
            Event::PresenceChanged {
                user_id: UserId(4),
                presence: Presence::Away,
            },
            Event::TeamChatRead {
                team_chat_id: TeamChatId(8),
                user_id: UserId(1),
                last_read_message_id: MessageId(3),
            },
        ] {
            let json = serde_json::to_value(&event).unwrap();
            assert_eq!(json["type"], event_tag(&event));
        }
    }

    #[test]
    fn the_tag_of_a_frames_event_is_read_alone() {
        let frame =
            r#"{"frame":"event","seq":1,"at":1,"event":{"type":"presence_changed","user_id":2}}"#;
        assert_eq!(frame_event_tag(frame).as_deref(), Some("presence_changed"));
        assert_eq!(frame_event_tag(r#"{"frame":"ready","latest_seq":3}"#), None);
        assert_eq!(frame_event_tag("not json"), None);
    }

    #[test]
    fn tags_may_come_after_the_fields_and_unknown_fields_are_skipped() {
        let text = r#"{"seq":3,"extra":[1,{"a":null}],"at":5,"event":{"last_read_message_id":2,"user_id":1,"conversation_id":4,"type":"conversation_read"},"frame":"event"}"#;
        assert_eq!(
            decode_server_frame(text).unwrap(),
            envelope_at(
                3,
                5,
                Event::ConversationRead {
                    conversation_id: ConversationId(4),
                    user_id: UserId(1),
                    last_read_message_id: MessageId(2),
                }
            )
        );
    }

    fn envelope_at(seq: i64, at: Timestamp, event: Event) -> ServerFrame {
        ServerFrame::Event(EventEnvelope {
            seq: EventSeq(seq),
            at,
            event,
        })
    }

    #[test]
    fn unknown_tags_and_broken_frames_are_errors() {
        for text in [
            r#"{"frame":"gossip"}"#,
            r#"{"frame":"event","seq":1,"at":1,"event":{"type":"weather_changed"}}"#,
            r#"{"frame":"event","seq":1,"at":1}"#,
            r#"{"frame":"ready"}"#,
            r#"{"frame":"ready","latest_seq":"x"}"#,
            "not json",
        ] {
            assert!(decode_server_frame(text).is_err(), "{text}");
            assert!(serde_json::from_str::<ServerFrame>(text).is_err(), "{text}");
        }
    }
}
