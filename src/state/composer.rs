//! What the operator types in the composer: the `@`, `/` and `#` triggers
//! that open a picker, slash commands, and mentions turned into tokens.
//!
//! Browsers count text positions in UTF-16 code units; Rust strings in
//! bytes. Functions here take and return byte offsets; [`byte_offset`] and
//! [`utf16_offset`] convert at the DOM's edge.

use switchboard_protocol::{TeamChatId, UserId};

/// What a trigger opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    /// `@name`: a colleague or an internal chat to mention.
    Mention,
    /// `/command` at the very start of the text.
    Command,
    /// `#shortcut`: a canned response.
    Canned,
}

/// A trigger being typed just before the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// What it opens.
    pub kind: TriggerKind,
    /// Byte offset of the sigil (`@`, `/` or `#`).
    pub start: usize,
    /// What follows the sigil up to the cursor.
    pub query: String,
}

/// The trigger the cursor (a byte offset) is in, if any: a sigil at the
/// start of the text or after a space, followed by no space up to the cursor.
/// `/` only counts at the very start (it is a command, not a path).
pub fn trigger_at(text: &str, cursor: usize) -> Option<Trigger> {
    let before = text.get(..cursor)?;
    let (start, sigil) = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace())
        .find(|(_, c)| matches!(c, '@' | '/' | '#'))?;
    let preceded_by_space = before[..start]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    if !preceded_by_space {
        return None;
    }
    let query = &before[start + sigil.len_utf8()..];
    if query.contains(['@', '/', '#']) {
        return None;
    }
    let kind = match sigil {
        '@' => TriggerKind::Mention,
        '#' => TriggerKind::Canned,
        _ if start == 0 => TriggerKind::Command,
        _ => return None,
    };
    Some(Trigger {
        kind,
        start,
        query: query.to_owned(),
    })
}

/// Replaces the trigger (from its sigil to the cursor) with `replacement`.
/// Returns the new text and the byte offset of the cursor after it.
pub fn complete(
    text: &str,
    trigger: &Trigger,
    cursor: usize,
    replacement: &str,
) -> (String, usize) {
    let cursor = cursor.clamp(trigger.start, text.len());
    let mut out = String::with_capacity(text.len() + replacement.len());
    out.push_str(&text[..trigger.start]);
    out.push_str(replacement);
    let after = out.len();
    out.push_str(&text[cursor..]);
    (out, after)
}

/// Inserts `insert` at a byte offset (clamped to the text, moved back to a
/// character boundary). Returns the new text and the cursor after it.
pub fn insert_at(text: &str, cursor: usize, insert: &str) -> (String, usize) {
    let mut at = cursor.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..at]);
    out.push_str(insert);
    out.push_str(&text[at..]);
    (out, at + insert.len())
}

/// A slash command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/quote`: quote the selected text or the customer's last message.
    Quote,
    /// `/rename New title`: the chat's title, seen by employees only.
    Rename(String),
    /// `/id`: show and copy the chat's id.
    Id,
}

/// Why a slash command cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// No such command (its name as typed).
    Unknown(String),
    /// `/rename` without a title.
    MissingTitle,
}

/// The commands, as the picker lists them: name and what follows it.
pub const COMMANDS: [(&str, &str); 3] = [("quote", ""), ("rename", " "), ("id", "")];

/// The command a text is, if it starts with `/`. Commands are run, never sent.
pub fn parse_command(text: &str) -> Option<Result<Command, CommandError>> {
    let rest = text.trim_start().strip_prefix('/')?;
    let (name, argument) = match rest.find(char::is_whitespace) {
        Some(space) => (&rest[..space], rest[space..].trim()),
        None => (rest.trim_end(), ""),
    };
    Some(match name.to_lowercase().as_str() {
        "quote" => Ok(Command::Quote),
        "id" => Ok(Command::Id),
        "rename" if argument.is_empty() => Err(CommandError::MissingTitle),
        "rename" => Ok(Command::Rename(argument.to_owned())),
        _ => Err(CommandError::Unknown(name.to_owned())),
    })
}

/// Commands whose name starts with what was typed after `/`.
pub fn matching_commands(query: &str) -> Vec<&'static str> {
    let query = query.to_lowercase();
    COMMANDS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| name.starts_with(&query))
        .collect()
}

/// `text` quoted line by line (`> `), followed by an empty line to type under.
pub fn quote_block(text: &str) -> String {
    let mut out: String = text
        .trim()
        .lines()
        .map(|line| format!("> {line}\n"))
        .collect();
    out.push('\n');
    out
}

/// What a mention picked in the composer names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionTarget {
    /// A colleague: `@{user:ID}`.
    User(UserId),
    /// An internal (team) chat: `@{chat:ID}`.
    Chat(TeamChatId),
}

impl MentionTarget {
    /// The token the server understands.
    fn token(self) -> String {
        match self {
            Self::User(id) => format!("@{{user:{}}}", id.0),
            Self::Chat(id) => format!("@{{chat:{}}}", id.0),
        }
    }
}

/// Turns the `@Name` of each colleague and the `@Title` of each internal
/// chat picked in the composer into the mention token the server
/// understands; a name typed by hand without picking stays plain text.
/// Longer names are replaced first, so "@Marc Dupont" wins over "@Marc".
pub fn encode_mentions(text: &str, picked: &[(MentionTarget, String)]) -> String {
    let mut picked: Vec<&(MentionTarget, String)> = picked.iter().collect();
    picked.sort_by_key(|(_, name)| std::cmp::Reverse(name.len()));
    let mut out = text.to_owned();
    for (target, name) in picked {
        let plain = format!("@{name}");
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(found) = rest.find(&plain) {
            let end = found + plain.len();
            let boundary = rest[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            result.push_str(&rest[..found]);
            if boundary {
                result.push_str(&target.token());
            } else {
                result.push_str(&plain);
            }
            rest = &rest[end..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// The byte offset of a UTF-16 offset (a textarea's `selectionStart`).
pub fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (index, c) in text.char_indices() {
        if units >= utf16 {
            return index;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The UTF-16 offset of a byte offset (to place the textarea's cursor).
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    text.get(..byte.min(text.len()))
        .map_or(0, |prefix| prefix.encode_utf16().count() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(text: &str) -> Option<Trigger> {
        trigger_at(text, text.len())
    }

    #[test]
    fn a_mention_starts_at_an_at_sign_after_a_space() {
        let trigger = at_end("Hello @Ol").unwrap();
        assert_eq!(trigger.kind, TriggerKind::Mention);
        assert_eq!(trigger.start, 6);
        assert_eq!(trigger.query, "Ol");
        assert_eq!(at_end("@").unwrap().query, "");
        assert_eq!(at_end("mail me at bob@example").map(|t| t.kind), None);
        assert_eq!(at_end("Hello @Olivia "), None, "a space ends it");
    }

    #[test]
    fn a_command_only_at_the_very_start_and_canned_anywhere() {
        assert_eq!(at_end("/ren").unwrap().kind, TriggerKind::Command);
        assert_eq!(at_end("/ren").unwrap().query, "ren");
        assert_eq!(at_end("see /usr"), None);
        assert_eq!(at_end("and/or"), None);
        let canned = at_end("Thanks! #bye").unwrap();
        assert_eq!(canned.kind, TriggerKind::Canned);
        assert_eq!(canned.query, "bye");
        assert_eq!(at_end("issue#12"), None);
    }

    #[test]
    fn the_trigger_is_found_before_the_cursor_not_the_end() {
        let text = "Hi @Ma, how are you";
        let trigger = trigger_at(text, 6).unwrap();
        assert_eq!(trigger.query, "Ma");
        assert_eq!(trigger_at(text, 12), None);
        assert_eq!(trigger_at(text, 999), None);
    }

    #[test]
    fn completing_replaces_the_trigger_and_places_the_cursor_after() {
        let text = "Hi @Ma, thanks";
        let trigger = trigger_at(text, 6).unwrap();
        let (out, cursor) = complete(text, &trigger, 6, "@Marc Dupont ");
        assert_eq!(out, "Hi @Marc Dupont , thanks");
        assert_eq!(&out[..cursor], "Hi @Marc Dupont ");
    }

    #[test]
    fn inserting_works_between_multibyte_characters() {
        let (out, cursor) = insert_at("été", 2, "😀");
        assert_eq!(out, "é😀té");
        assert_eq!(cursor, 6);
        let (out, _) = insert_at("abc", 99, "!");
        assert_eq!(out, "abc!");
    }

    #[test]
    fn commands_are_parsed_and_unknown_ones_refused() {
        assert_eq!(parse_command("hello"), None);
        assert_eq!(parse_command("/quote"), Some(Ok(Command::Quote)));
        assert_eq!(parse_command("  /ID "), Some(Ok(Command::Id)));
        assert_eq!(
            parse_command("/rename  Refund for order 42 "),
            Some(Ok(Command::Rename("Refund for order 42".into())))
        );
        assert_eq!(
            parse_command("/rename"),
            Some(Err(CommandError::MissingTitle))
        );
        assert_eq!(
            parse_command("/shrug me"),
            Some(Err(CommandError::Unknown("shrug".into())))
        );
        assert_eq!(matching_commands("re"), ["rename"]);
        assert_eq!(matching_commands(""), ["quote", "rename", "id"]);
    }

    #[test]
    fn picked_mentions_become_tokens_and_typed_names_stay_plain() {
        let picked = vec![
            (MentionTarget::User(UserId(2)), "Marc".to_owned()),
            (MentionTarget::User(UserId(3)), "Marc Dupont".to_owned()),
            (MentionTarget::Chat(TeamChatId(9)), "Parcel 42".to_owned()),
        ];
        assert_eq!(
            encode_mentions(
                "@Marc Dupont and @Marc in @Parcel 42, not @Marcel or @Sophie or @Parcel 420",
                &picked
            ),
            "@{user:3} and @{user:2} in @{chat:9}, not @Marcel or @Sophie or @Parcel 420"
        );
        assert_eq!(encode_mentions("no mention", &picked), "no mention");
    }

    #[test]
    fn quoting_prefixes_every_line() {
        assert_eq!(quote_block(" first\nsecond \n"), "> first\n> second\n\n");
    }

    #[test]
    fn utf16_offsets_convert_both_ways() {
        let text = "a😀é";
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 1), 1);
        assert_eq!(byte_offset(text, 3), 5);
        assert_eq!(byte_offset(text, 4), 7);
        assert_eq!(byte_offset(text, 99), text.len());
        assert_eq!(utf16_offset(text, 5), 3);
        assert_eq!(utf16_offset(text, 7), 4);
    }
}

/// Whether a canned response matches what was typed after `#` or in the
/// search box: every word in its shortcut, title or text (case-insensitive).
pub fn canned_matches(query: &str, shortcut: Option<&str>, title: &str, text: &str) -> bool {
    let haystack = format!("{} {title} {text}", shortcut.unwrap_or_default()).to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// Order for the `#` suggestions: shortcuts starting with the query first.
pub fn canned_rank(query: &str, shortcut: Option<&str>) -> u8 {
    match shortcut {
        Some(shortcut) if shortcut.to_lowercase() == query.to_lowercase() => 0,
        Some(shortcut) if shortcut.to_lowercase().starts_with(&query.to_lowercase()) => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod canned_tests {
    use super::*;

    #[test]
    fn canned_responses_match_on_shortcut_title_or_text_and_rank_shortcuts_first() {
        assert!(canned_matches(
            "bye",
            Some("bye"),
            "Goodbye",
            "Have a nice day"
        ));
        assert!(canned_matches(
            "NICE day",
            None,
            "Goodbye",
            "Have a nice day"
        ));
        assert!(!canned_matches(
            "refund",
            Some("bye"),
            "Goodbye",
            "Have a nice day"
        ));
        assert!(canned_matches("", None, "Anything", ""));
        assert_eq!(canned_rank("bye", Some("bye")), 0);
        assert_eq!(canned_rank("by", Some("bye")), 1);
        assert_eq!(canned_rank("by", None), 2);
        let trigger = trigger_at("Thanks #by", 10).unwrap();
        let (text, cursor) = complete("Thanks #by", &trigger, 10, "See you, Marie!");
        assert_eq!(text, "Thanks See you, Marie!");
        assert_eq!(cursor, text.len());
    }
}
