//! Mention tokens: employees are mentioned in a text as `@{user:ID}`.

use switchboard_protocol::{Mention, UserId};

/// The user ids mentioned in a text, in order of first appearance.
pub fn mentioned_ids(text: &str) -> Vec<UserId> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("@{user:") {
        let after = &rest[start + 7..];
        match after.find('}') {
            Some(end) => {
                if let Ok(id) = after[..end].parse::<i64>() {
                    if !ids.contains(&UserId(id)) {
                        ids.push(UserId(id));
                    }
                }
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    ids
}

/// The text with each known mention token replaced by `@Name`, as a
/// customer or a plain-text preview shows it.
pub fn plain_text(text: &str, mentions: &[Mention]) -> String {
    let mut plain = text.to_owned();
    for mention in mentions {
        plain = plain.replace(
            &format!("@{{user:{}}}", mention.user_id.0),
            &format!("@{}", mention.name),
        );
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_mentioned_employee_once() {
        let text = "@{user:3} et @{user:12}, voyez avec @{user:3} ; @{user:x} @{user:";
        assert_eq!(mentioned_ids(text), vec![UserId(3), UserId(12)]);
    }

    #[test]
    fn customers_see_mentions_as_names() {
        let mentions = vec![Mention {
            user_id: UserId(3),
            name: "Marc Petit".into(),
        }];
        assert_eq!(
            plain_text("Ask @{user:3} tomorrow", &mentions),
            "Ask @Marc Petit tomorrow"
        );
    }
}
