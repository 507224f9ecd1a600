//! Mentions: what the mention tokens of a message an employee writes name
//! (the token grammar and the plain-text rendering are the protocol's,
//! [`switchboard_protocol::mentions`]).

use switchboard_protocol::mentions::{mentioned_chats, mentioned_users};
use switchboard_protocol::{ChatMention, Mention, UserId};

use crate::error::ApiError;
use crate::store::messages::Mentions;
use crate::store::Conn;
use crate::store::{team_chats, users};

/// What the tokens of a text `author` writes (sends or edits, in a
/// conversation or a team chat) name: the existing employees of its
/// `@{user:ID}` tokens and the team chats of its `@{chat:ID}` tokens that
/// `author` is a member of. A token that names neither is not an error: it
/// stays in the text as typed and mentions nothing (a chat the author is
/// not in is not revealed, not even its title).
pub(crate) async fn resolve(
    db: &mut Conn,
    author: UserId,
    text: &str,
) -> Result<Mentions, ApiError> {
    let mut mentions = Mentions::default();
    for id in mentioned_users(text) {
        if let Some(user) = users::by_id(db, id).await? {
            mentions.users.push(Mention {
                user_id: id,
                name: user.name,
            });
        }
    }
    for id in mentioned_chats(text) {
        if let Some(title) = team_chats::title_for_member(db, id, author).await? {
            mentions.chats.push(ChatMention {
                team_chat_id: id,
                title,
            });
        }
    }
    Ok(mentions)
}
