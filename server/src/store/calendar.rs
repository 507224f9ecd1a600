//! Calendar events and their attendees.

use switchboard_protocol::{
    CalendarEvent, CalendarEventId, ConversationId, ConversationLink, MessageId, UserId,
};

use super::sql::{self, params};
use crate::store::Conn;

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    title: String,
    starts_at: i64,
    duration_minutes: i64,
    organizer_id: i64,
    description: String,
    link_conversation_id: Option<i64>,
    link_message_id: Option<i64>,
    created_at: i64,
}

const SELECT: &str = "SELECT e.id, e.title, e.starts_at, e.duration_minutes, e.organizer_id, \
    e.description, e.link_conversation_id, e.link_message_id, e.created_at FROM calendar_events e";

async fn hydrate(db: &mut Conn, row: EventRow) -> sqlx::Result<CalendarEvent> {
    let query = "SELECT user_id FROM calendar_attendees WHERE event_id = ? ORDER BY user_id";
    let attendees: Vec<i64> = sql::column(db, query, params![row.id]).await?;
    Ok(CalendarEvent {
        id: CalendarEventId(row.id),
        title: row.title,
        starts_at: row.starts_at,
        duration_minutes: u32::try_from(row.duration_minutes).unwrap_or_default(),
        organizer: UserId(row.organizer_id),
        attendees: attendees.into_iter().map(UserId).collect(),
        description: row.description,
        link: row
            .link_conversation_id
            .map(|conversation| ConversationLink {
                conversation_id: ConversationId(conversation),
                message_id: row.link_message_id.map(MessageId),
            }),
        created_at: row.created_at,
    })
}

/// An event by id.
pub async fn by_id(db: &mut Conn, id: CalendarEventId) -> sqlx::Result<Option<CalendarEvent>> {
    super::one_by_id(db, &format!("{SELECT} WHERE e.id = ?"), id.0, hydrate).await
}

/// Stores an event and its attendees.
pub async fn insert(db: &mut Conn, event: &CalendarEvent) -> sqlx::Result<CalendarEventId> {
    let query = "INSERT INTO calendar_events (title, starts_at, duration_minutes, organizer_id, description, \
        link_conversation_id, link_message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            &event.title,
            event.starts_at,
            i64::from(event.duration_minutes),
            event.organizer.0,
            &event.description,
            event.link.map(|link| link.conversation_id.0),
            event.link.and_then(|link| link.message_id).map(|m| m.0),
            event.created_at
        ],
    )
    .await?;
    for attendee in &event.attendees {
        let query = "INSERT INTO calendar_attendees (event_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
        sql::run(db, query, params![id, attendee.0]).await?;
    }
    Ok(CalendarEventId(id))
}

/// Events of an employee (organizer or attendee) not ended before `from`,
/// soonest first.
pub async fn upcoming(
    db: &mut Conn,
    user: UserId,
    from: i64,
    limit: u32,
) -> sqlx::Result<Vec<CalendarEvent>> {
    let query = format!(
        "{SELECT} WHERE e.starts_at + e.duration_minutes * 60000 > ?1 AND (e.organizer_id = ?2 \
         OR EXISTS (SELECT 1 FROM calendar_attendees a WHERE a.event_id = e.id AND a.user_id = ?2)) \
         ORDER BY e.starts_at, e.id LIMIT ?3"
    );
    let values = params![from, user.0, i64::from(limit)];
    super::all_by(db, &query, values, hydrate).await
}
