//! Which actions a message's menu offers: one function of the message, the
//! operator and the channel, so views never decide with ad-hoc checks.

use switchboard_protocol::{AuthorKind, Message, UserId};

/// An action of the "Message actions" menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageAction {
    /// Put the message as a quote above the composer.
    Quote,
    /// End this session and start a new one from this customer message.
    MoveToNewConversation,
    /// Open the canned-response form with the message's text.
    SaveAsCanned,
    /// A task prefilled from the message.
    CreateTask,
    /// A calendar event prefilled from the message.
    CreateEvent,
    /// An internal chat with the conversation's employees, the message quoted.
    DiscussInChat,
    /// A post in the company feed quoting the message.
    DiscussInFeed,
    /// Change the text (own messages).
    Edit,
    /// Delete (own messages), after a confirmation.
    Delete,
}

/// Why an action is shown but cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The channel cannot change a message the customer already received.
    ChannelCannotEdit,
}

/// What the menu needs to know besides the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuContext {
    /// The operator.
    pub me: UserId,
    /// Whether the operator may write in and act on the conversation.
    pub can_act: bool,
    /// Whether the channel delivers edits to the customer.
    pub channel_edits: bool,
    /// Whether this is the first message of its session (nothing to split off).
    pub first_of_session: bool,
}

/// Whether `message` has a menu at all, whoever looks at it and whatever the
/// channel: a deleted or a system message has none, any other has at least
/// the planning and discussion items. It depends on the message alone, so a
/// bubble knows whether to draw the menu's button without building the menu.
pub fn has_actions(message: &Message) -> bool {
    message.deleted_at.is_none() && message.system.is_none()
}

/// Whether `message` was written by the operator `me` (only those can be
/// edited or deleted).
pub fn is_mine(message: &Message, me: UserId) -> bool {
    message.author.kind == AuthorKind::Employee && message.author.user_id == Some(me)
}

/// The menu of a message, in order; `Some(reason)`: shown disabled.
pub fn message_actions(
    message: &Message,
    context: &MenuContext,
) -> Vec<(MessageAction, Option<Unavailable>)> {
    let mut actions = Vec::new();
    if !has_actions(message) {
        return actions;
    }
    let mine = is_mine(message, context.me);
    if context.can_act {
        actions.push((MessageAction::Quote, None));
    }
    if context.can_act && message.author.kind == AuthorKind::Customer && !context.first_of_session {
        actions.push((MessageAction::MoveToNewConversation, None));
    }
    if !message.text.trim().is_empty() {
        actions.push((MessageAction::SaveAsCanned, None));
    }
    // Anyone who sees the conversation may plan and discuss around it.
    actions.push((MessageAction::CreateTask, None));
    actions.push((MessageAction::CreateEvent, None));
    actions.push((MessageAction::DiscussInChat, None));
    actions.push((MessageAction::DiscussInFeed, None));
    if mine {
        let reachable = message.internal || context.channel_edits;
        actions.push((
            MessageAction::Edit,
            (!reachable).then_some(Unavailable::ChannelCannotEdit),
        ));
        actions.push((MessageAction::Delete, None));
    }
    actions
}

/// Longest prefilled title of a task or an event.
const TITLE_CHARS: usize = 80;

/// The title and description a task or an event created from `excerpt` (the
/// message as plain text) starts with; `link` opens the conversation.
pub fn prefill(customer: &str, author: &str, excerpt: &str, link: &str) -> (String, String) {
    let mut title: String = excerpt.chars().take(TITLE_CHARS).collect();
    if excerpt.chars().count() > TITLE_CHARS {
        title = format!("{}…", title.trim_end());
    }
    if title.trim().is_empty() {
        title = customer.to_owned();
    }
    let description = format!("{author}: \u{201c}{excerpt}\u{201d}\n\n{customer}: {link}");
    (title, description)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::queue::tests::customer_message;

    const ME: UserId = UserId(2);

    fn context() -> MenuContext {
        MenuContext {
            me: ME,
            can_act: true,
            channel_edits: true,
            first_of_session: false,
        }
    }

    fn mine(text: &str) -> Message {
        let mut message = customer_message(20, 7, text);
        message.author.kind = AuthorKind::Employee;
        message.author.user_id = Some(ME);
        message
    }

    fn kinds(actions: &[(MessageAction, Option<Unavailable>)]) -> Vec<MessageAction> {
        actions.iter().map(|(action, _)| *action).collect()
    }

    #[test]
    fn a_customer_message_can_be_quoted_split_off_and_saved_but_not_edited() {
        let actions = message_actions(&customer_message(10, 7, "New topic"), &context());
        assert_eq!(
            kinds(&actions),
            [
                MessageAction::Quote,
                MessageAction::MoveToNewConversation,
                MessageAction::SaveAsCanned,
                MessageAction::CreateTask,
                MessageAction::CreateEvent,
                MessageAction::DiscussInChat,
                MessageAction::DiscussInFeed,
            ]
        );
        let first = MenuContext {
            first_of_session: true,
            ..context()
        };
        assert!(
            !kinds(&message_actions(&customer_message(10, 7, "Hi"), &first))
                .contains(&MessageAction::MoveToNewConversation)
        );
    }

    #[test]
    fn my_messages_can_be_edited_where_the_channel_delivers_edits_and_deleted() {
        let actions = message_actions(&mine("Typo"), &context());
        assert!(actions.contains(&(MessageAction::Edit, None)));
        assert!(actions.contains(&(MessageAction::Delete, None)));
        let no_edits = MenuContext {
            channel_edits: false,
            ..context()
        };
        let actions = message_actions(&mine("Typo"), &no_edits);
        assert!(actions.contains(&(MessageAction::Edit, Some(Unavailable::ChannelCannotEdit))));
        let mut note = mine("Internal");
        note.internal = true;
        assert!(message_actions(&note, &no_edits).contains(&(MessageAction::Edit, None)));
    }

    #[test]
    fn a_colleagues_message_cannot_be_edited_or_deleted() {
        let mut theirs = mine("Theirs");
        theirs.author.user_id = Some(UserId(3));
        let actions = kinds(&message_actions(&theirs, &context()));
        assert!(!actions.contains(&MessageAction::Edit));
        assert!(!actions.contains(&MessageAction::Delete));
        assert!(actions.contains(&MessageAction::Quote));
    }

    #[test]
    fn an_operator_who_cannot_act_only_saves_text() {
        let watcher = MenuContext {
            can_act: false,
            ..context()
        };
        assert_eq!(
            kinds(&message_actions(
                &customer_message(10, 7, "Hello"),
                &watcher
            )),
            [
                MessageAction::SaveAsCanned,
                MessageAction::CreateTask,
                MessageAction::CreateEvent,
                MessageAction::DiscussInChat,
                MessageAction::DiscussInFeed,
            ]
        );
    }

    #[test]
    fn a_message_without_text_can_still_be_planned_and_discussed() {
        let mut photo = customer_message(10, 7, "");
        photo.text.clear();
        let actions = kinds(&message_actions(&photo, &context()));
        assert!(!actions.contains(&MessageAction::SaveAsCanned));
        assert!(actions.contains(&MessageAction::CreateTask));
        assert!(actions.contains(&MessageAction::DiscussInFeed));
    }

    #[test]
    fn prefilled_title_is_short_and_the_description_links_back() {
        let (title, description) = prefill(
            "Ada",
            "Ada",
            "Please call me back about the invoice",
            "https://app/#/c/7",
        );
        assert_eq!(title, "Please call me back about the invoice");
        assert!(description.contains("\u{201c}Please call me back about the invoice\u{201d}"));
        assert!(description.ends_with("Ada: https://app/#/c/7"));
        let long = "word ".repeat(40);
        let (title, _) = prefill("Ada", "Ada", long.trim(), "l");
        assert!(title.ends_with('…'));
        assert!(title.chars().count() <= TITLE_CHARS + 1);
        let (title, _) = prefill("Ada", "Ada", "", "l");
        assert_eq!(title, "Ada");
    }

    #[test]
    fn deleted_and_system_messages_have_no_menu() {
        let mut deleted = mine("Gone");
        deleted.deleted_at = Some(5);
        assert!(message_actions(&deleted, &context()).is_empty());
        let mut system = customer_message(10, 7, "Olivia closed the conversation");
        system.author.kind = AuthorKind::System;
        system.system = Some(switchboard_protocol::SystemEvent::Closed {
            by: switchboard_protocol::UserRef {
                id: ME,
                name: "Olivia".into(),
            },
        });
        assert!(message_actions(&system, &context()).is_empty());
        assert!(!has_actions(&deleted) && !has_actions(&system));
    }

    #[test]
    fn whether_a_message_has_a_menu_does_not_depend_on_who_looks_or_where() {
        let mut theirs = mine("Theirs");
        theirs.author.user_id = Some(UserId(3));
        let mut photo = customer_message(11, 7, "");
        photo.text.clear();
        let messages = [customer_message(10, 7, "Hi"), mine("Mine"), theirs, photo];
        for message in &messages {
            assert!(has_actions(message));
            for can_act in [false, true] {
                for channel_edits in [false, true] {
                    for first_of_session in [false, true] {
                        let context = MenuContext {
                            me: ME,
                            can_act,
                            channel_edits,
                            first_of_session,
                        };
                        assert!(!message_actions(message, &context).is_empty());
                    }
                }
            }
        }
        assert!(is_mine(&messages[1], ME));
        assert!(!is_mine(&messages[0], ME) && !is_mine(&messages[2], ME));
    }
}
