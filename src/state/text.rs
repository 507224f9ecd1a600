//! Message text, which comes from customers and is therefore hostile: it is
//! split into typed segments that views render as text nodes and checked links,
//! never as HTML.

use switchboard_protocol::mentions::{pieces, Piece};
use switchboard_protocol::{ChatMention, Mention, Message, TeamChatId, UserId};

/// A piece of a message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Plain text, rendered as a text node.
    Text(String),
    /// A link with an allowed scheme (http, https, mailto, tel).
    Link {
        /// Where it goes.
        href: String,
        /// What is shown.
        label: String,
    },
    /// A mention of an employee.
    Mention {
        /// Who.
        user_id: UserId,
        /// Their name, shown after `@`.
        name: String,
    },
    /// A mention of a team chat: a link to it for employees.
    ChatMention {
        /// Which chat.
        team_chat_id: TeamChatId,
        /// Its title, shown after `@`.
        title: String,
    },
}

/// Longest preview shown in a queue row, in characters.
pub const PREVIEW_CHARS: usize = 140;

/// A one-line plain-text preview: mentions become `@Name` and `@Title`,
/// whitespace runs become single spaces, and the result is cut at
/// [`PREVIEW_CHARS`].
pub fn preview(text: &str, users: &[Mention], chats: &[ChatMention]) -> String {
    let flat: String = segments(text, users, chats)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => text,
            Segment::Link { label, .. } => label,
            Segment::Mention { name, .. } => format!("@{name}"),
            Segment::ChatMention { title, .. } => format!("@{title}"),
        })
        .collect();
    let mut out = String::new();
    for word in flat.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > PREVIEW_CHARS {
        out = out.chars().take(PREVIEW_CHARS - 1).collect();
        out.push('…');
    }
    out
}

/// The [`preview`] of a message.
pub fn message_preview(message: &Message) -> String {
    preview(&message.text, &message.mentions, &message.chat_mentions)
}

/// Splits a message into text, links and the mentions `users` and `chats`
/// resolve (the protocol's [`pieces`]); a token they do not resolve stays
/// as typed.
pub fn segments(text: &str, users: &[Mention], chats: &[ChatMention]) -> Vec<Segment> {
    let mut out = Vec::new();
    for piece in pieces(text, users, chats) {
        match piece {
            Piece::Text(text) => push_text(&mut out, text),
            Piece::User(user) => out.push(Segment::Mention {
                user_id: user.user_id,
                name: user.name.clone(),
            }),
            Piece::Chat(chat) => out.push(Segment::ChatMention {
                team_chat_id: chat.team_chat_id,
                title: chat.title.clone(),
            }),
        }
    }
    out
}

/// Appends text, cutting out links with an allowed scheme.
fn push_text(out: &mut Vec<Segment>, text: &str) {
    let mut plain_start = 0;
    let mut index = 0;
    while index < text.len() {
        let candidate = &text[index..];
        let at_word_start = index == 0 || text[..index].ends_with(char::is_whitespace);
        if at_word_start {
            if let Some(link_len) = link_length(candidate) {
                append_plain(out, &text[plain_start..index]);
                let link = &candidate[..link_len];
                out.push(Segment::Link {
                    href: link.to_owned(),
                    label: link.to_owned(),
                });
                index += link_len;
                plain_start = index;
                continue;
            }
        }
        index += candidate.chars().next().map_or(1, char::len_utf8);
    }
    append_plain(out, &text[plain_start..]);
}

fn append_plain(out: &mut Vec<Segment>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Segment::Text(previous)) = out.last_mut() {
        previous.push_str(text);
    } else {
        out.push(Segment::Text(text.to_owned()));
    }
}

/// Length of a link at the start of `text`, if one starts there.
fn link_length(text: &str) -> Option<usize> {
    const SCHEMES: [&str; 4] = ["https://", "http://", "mailto:", "tel:"];
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let scheme = SCHEMES.iter().find(|scheme| lower.starts_with(**scheme))?;
    let end = text
        .find(|c: char| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
        .unwrap_or(text.len());
    // Trailing punctuation belongs to the sentence, not the link.
    let link = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
    (link.len() > scheme.len()).then_some(link.len())
}

/// Whether a name matches what the operator typed in a picker: every word
/// typed appears in the name, ignoring case ("marc", "petit m").
pub fn name_matches(name: &str, query: &str) -> bool {
    let name = name.to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| name.contains(word))
}

/// A human-readable file size ("2.4 MB").
pub fn file_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marc() -> Vec<Mention> {
        vec![Mention {
            user_id: UserId(3),
            name: "Marc Petit".into(),
        }]
    }

    #[test]
    fn mentions_become_names_and_unknown_tokens_stay_text() {
        assert_eq!(
            segments("Ask @{user:3} or @{user:9}", &marc(), &[]),
            [
                Segment::Text("Ask ".into()),
                Segment::Mention {
                    user_id: UserId(3),
                    name: "Marc Petit".into()
                },
                Segment::Text(" or @{user:9}".into()),
            ]
        );
    }

    #[test]
    fn chat_mentions_become_titles_and_links_stay_links_around_them() {
        let chats = [ChatMention {
            team_chat_id: TeamChatId(42),
            title: "Parcel 42".into(),
        }];
        assert_eq!(
            segments("See @{chat:42} https://example.com @{chat:7}", &[], &chats),
            [
                Segment::Text("See ".into()),
                Segment::ChatMention {
                    team_chat_id: TeamChatId(42),
                    title: "Parcel 42".into()
                },
                Segment::Text(" ".into()),
                Segment::Link {
                    href: "https://example.com".into(),
                    label: "https://example.com".into()
                },
                Segment::Text(" @{chat:7}".into()),
            ]
        );
        assert_eq!(preview("In  @{chat:42}", &[], &chats), "In @Parcel 42");
    }

    #[test]
    fn only_safe_schemes_become_links() {
        let parts = segments(
            "See https://example.com/a?b=1. Not javascript:alert(1) nor data:text/html,x",
            &[],
            &[],
        );
        assert_eq!(
            parts,
            [
                Segment::Text("See ".into()),
                Segment::Link {
                    href: "https://example.com/a?b=1".into(),
                    label: "https://example.com/a?b=1".into()
                },
                Segment::Text(". Not javascript:alert(1) nor data:text/html,x".into()),
            ]
        );
        assert!(matches!(
            segments("mailto:a@b.c", &[], &[]).as_slice(),
            [Segment::Link { .. }]
        ));
    }

    #[test]
    fn markup_is_just_text() {
        assert_eq!(
            segments("<img src=x onerror=alert(1)>", &[], &[]),
            [Segment::Text("<img src=x onerror=alert(1)>".into())]
        );
    }

    #[test]
    fn previews_are_one_short_line() {
        assert_eq!(
            preview("Hello\n\n  @{user:3}!", &marc(), &[]),
            "Hello @Marc Petit!"
        );
        let long = "é".repeat(1000);
        let cut = preview(&long, &[], &[]);
        assert_eq!(cut.chars().count(), PREVIEW_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn names_match_every_typed_word_in_any_case() {
        assert!(name_matches("Marc Petit", ""));
        assert!(name_matches("Marc Petit", "MARC"));
        assert!(name_matches("Marc Petit", "petit m"));
        assert!(!name_matches("Marc Petit", "olivia"));
    }

    #[test]
    fn file_sizes_read_naturally() {
        assert_eq!(file_size(512), "512 B");
        assert_eq!(file_size(2_400_000), "2.4 MB");
        assert_eq!(file_size(25_000_000), "25 MB");
    }
}
