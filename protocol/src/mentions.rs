//! Mention tokens in a message's text.
//!
//! An employee is mentioned as `@{user:ID}` ([`UserId`]) and a team chat as
//! `@{chat:ID}` ([`TeamChatId`]). The server resolves the tokens when the
//! message is written or edited and lists what they name beside the text
//! ([`Message::mentions`](crate::Message::mentions),
//! [`Message::chat_mentions`](crate::Message::chat_mentions)); whoever reads
//! the text as plain text (the customer, a preview) reads `@` followed by the
//! name or title instead of the token ([`plain_text`]).

use std::ops::Range;

use crate::{ChatMention, Mention, TeamChatId, UserId};

/// What a token names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    User(UserId),
    Chat(TeamChatId),
}

/// Each well-formed token of a text (`@{user:ID}` or `@{chat:ID}`, ID an
/// integer) with where it stands, in order. Anything else is text.
fn tokens(text: &str) -> Vec<(Range<usize>, Token)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("@{").map(|at| from + at) {
        let inner = &text[at + 2..];
        let token = inner.find('}').and_then(|end| {
            let (kind, id) = inner[..end].split_once(':')?;
            let id: i64 = id.parse().ok()?;
            let token = match kind {
                "user" => Token::User(UserId(id)),
                "chat" => Token::Chat(TeamChatId(id)),
                _ => return None,
            };
            Some((at..at + 2 + end + 1, token))
        });
        match token {
            Some((range, token)) => {
                from = range.end;
                found.push((range, token));
            }
            None => from = at + 2,
        }
    }
    found
}

/// The employees a text mentions (`@{user:ID}`), each once, in order of
/// first appearance.
pub fn mentioned_users(text: &str) -> Vec<UserId> {
    let mut ids = Vec::new();
    for (_, token) in tokens(text) {
        if let Token::User(id) = token {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// The team chats a text mentions (`@{chat:ID}`), each once, in order of
/// first appearance.
pub fn mentioned_chats(text: &str) -> Vec<TeamChatId> {
    let mut ids = Vec::new();
    for (_, token) in tokens(text) {
        if let Token::Chat(id) = token {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// A piece of a message's text once its tokens are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as written (a token the mentions do not resolve included).
    Text(&'a str),
    /// An employee the message mentions.
    User(&'a Mention),
    /// A team chat the message mentions.
    Chat(&'a ChatMention),
}

/// Splits `text` into text and the mentions `users` and `chats` resolve,
/// in order; a token they do not resolve stays text, as typed.
pub fn pieces<'a>(text: &'a str, users: &'a [Mention], chats: &'a [ChatMention]) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut copied = 0;
    for (range, token) in tokens(text) {
        let piece = match token {
            Token::User(id) => users.iter().find(|m| m.user_id == id).map(Piece::User),
            Token::Chat(id) => chats.iter().find(|m| m.team_chat_id == id).map(Piece::Chat),
        };
        if let Some(piece) = piece {
            if copied < range.start {
                out.push(Piece::Text(&text[copied..range.start]));
            }
            out.push(piece);
            copied = range.end;
        }
    }
    if copied < text.len() {
        out.push(Piece::Text(&text[copied..]));
    }
    out
}

/// The text as a customer or a plain-text preview shows it: each token
/// the message's mentions resolve becomes `@Name` (an employee) or
/// `@Title` (a team chat). A token they do not resolve stays as typed.
/// Names and titles are inserted as they are, never read again as tokens.
pub fn plain_text(text: &str, users: &[Mention], chats: &[ChatMention]) -> String {
    let mut plain = String::with_capacity(text.len());
    for piece in pieces(text, users, chats) {
        match piece {
            Piece::Text(text) => plain.push_str(text),
            Piece::User(user) => {
                plain.push('@');
                plain.push_str(&user.name);
            }
            Piece::Chat(chat) => {
                plain.push('@');
                plain.push_str(&chat.title);
            }
        }
    }
    plain
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

    fn parcel() -> Vec<ChatMention> {
        vec![ChatMention {
            team_chat_id: TeamChatId(42),
            title: "Parcel 42".into(),
        }]
    }

    #[test]
    fn finds_each_mentioned_employee_once() {
        let text = "@{user:3} et @{user:12}, voyez avec @{user:3} ; @{user:x} @{user:";
        assert_eq!(mentioned_users(text), vec![UserId(3), UserId(12)]);
    }

    #[test]
    fn finds_each_mentioned_chat_once_apart_from_employees() {
        let text = "@{chat:42} @{user:42} @{chat:7} @{chat:42} @{chat:} @{room:1} @{chat:9";
        assert_eq!(mentioned_chats(text), vec![TeamChatId(42), TeamChatId(7)]);
        assert_eq!(mentioned_users(text), vec![UserId(42)]);
    }

    #[test]
    fn customers_see_mentions_as_names_and_titles() {
        assert_eq!(
            plain_text("Ask @{user:3} in @{chat:42}.", &marc(), &parcel()),
            "Ask @Marc Petit in @Parcel 42."
        );
    }

    #[test]
    fn unresolved_tokens_and_other_braces_stay_as_typed() {
        assert_eq!(
            plain_text("@{user:9} @{chat:1} @{x} @{chat:42", &marc(), &parcel()),
            "@{user:9} @{chat:1} @{x} @{chat:42"
        );
    }

    #[test]
    fn pieces_keep_the_text_between_resolved_mentions() {
        let (users, chats) = (marc(), parcel());
        assert_eq!(
            pieces("@{chat:42}: ask @{user:3}, not @{user:9}", &users, &chats),
            [
                Piece::Chat(&chats[0]),
                Piece::Text(": ask "),
                Piece::User(&users[0]),
                Piece::Text(", not @{user:9}"),
            ]
        );
        assert_eq!(pieces("", &users, &chats), []);
    }

    #[test]
    fn names_are_not_read_again_as_tokens() {
        let sly = vec![Mention {
            user_id: UserId(3),
            name: "{chat:42}".into(),
        }];
        assert_eq!(plain_text("@{user:3}", &sly, &parcel()), "@{chat:42}");
    }
}
