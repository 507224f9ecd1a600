//! Demo data of the per-message actions: a task, a calendar event, a team
//! chat started from a customer message, and a feed post quoting a
//! customer's thanks. Written inside the demo's seeding transaction.

use switchboard_protocol::{
    CalendarEvent, CalendarEventId, ConversationId, ConversationLink, FeedPost, FeedPostId,
    FeedQuote, MessageId, Task, TaskId, TaskStatus, TeamChatSource, UserId,
};

use crate::error::ApiError;
use crate::store::Conn;
use crate::store::{calendar, feed, messages, tasks, team_chats};

/// A customer message of the demo, to refer to.
#[derive(Debug, Clone)]
pub struct DemoMessage {
    /// Its conversation.
    pub conversation: ConversationId,
    /// The message.
    pub message: MessageId,
    /// The customer's name.
    pub customer: String,
    /// Its text.
    pub text: String,
}

/// The employees the demo data involves: (id, name).
pub struct Staff {
    /// Olivia Bernard.
    pub olivia: (UserId, String),
    /// Marc Petit.
    pub marc: (UserId, String),
    /// Sophie Laurent.
    pub sophie: (UserId, String),
}

const HOUR: i64 = 3_600_000;

/// Writes the demo's task, calendar event, team chat and feed post.
/// `support` is a Support customer message (Olivia and Marc both see it);
/// `praise` a customer's thanks.
pub async fn seed(
    db: &mut Conn,
    staff: &Staff,
    support: &DemoMessage,
    praise: &DemoMessage,
    now: i64,
) -> Result<(), ApiError> {
    let (olivia, olivia_name) = (staff.olivia.0, staff.olivia.1.as_str());
    let marc = staff.marc.0;
    let link = Some(ConversationLink {
        conversation_id: support.conversation,
        message_id: Some(support.message),
    });
    tasks::insert(
        db,
        &Task {
            id: TaskId(0),
            title: format!("Rappeler {}", support.customer),
            description: format!("« {} »", support.text),
            assignee: marc,
            creator: olivia,
            deadline: Some(now + 24 * HOUR),
            link,
            status: TaskStatus::Open,
            created_at: now - HOUR,
            updated_at: now - HOUR,
            version: 1,
        },
    )
    .await?;
    // Tomorrow at the next full hour.
    let starts_at = (now + 24 * HOUR) / HOUR * HOUR;
    calendar::insert(
        db,
        &CalendarEvent {
            id: CalendarEventId(0),
            title: format!("Point sur le dossier de {}", support.customer),
            starts_at,
            duration_minutes: 30,
            organizer: olivia,
            attendees: vec![marc, staff.sophie.0],
            description: format!("« {} »", support.text),
            link,
            created_at: now - HOUR,
        },
    )
    .await?;
    let source = TeamChatSource {
        conversation_id: support.conversation,
        message_id: support.message,
    };
    let chat = team_chats::insert_chat(
        db,
        &support.customer,
        olivia,
        &[olivia, marc],
        Some(source),
        now - 2 * HOUR,
    )
    .await?;
    let lines: [(UserId, &str, &str, Option<MessageId>); 3] = [
        (olivia, olivia_name, "", Some(support.message)),
        (olivia, olivia_name, "Tu peux regarder ce dossier ?", None),
        (
            marc,
            &staff.marc.1,
            "Oui, je m'en occupe cet après-midi.",
            None,
        ),
    ];
    for (position, (author, name, text, quote)) in lines.into_iter().enumerate() {
        team_chats::insert_message(
            db,
            &team_chats::NewTeamMessage {
                chat,
                author,
                author_name: name,
                text,
                mentions: &messages::NO_MENTIONS,
                client_id: None,
                quote_message: quote,
                quote_team_message: None,
                attachments: &[],
                now: now - 2 * HOUR + i64::try_from(position).unwrap_or(0) * 60_000,
            },
        )
        .await?;
    }
    feed::insert(
        db,
        &FeedPost {
            id: FeedPostId(0),
            author: olivia,
            author_name: olivia_name.to_owned(),
            text: "Un client content, bravo à toute l'équipe !".into(),
            quote: Some(FeedQuote {
                conversation_id: praise.conversation,
                message_id: praise.message,
                customer_name: praise.customer.clone(),
                author_name: praise.customer.clone(),
                excerpt: praise.text.clone(),
            }),
            created_at: now - 30 * 60_000,
        },
    )
    .await?;
    Ok(())
}
