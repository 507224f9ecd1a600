//! CRM form definitions, the links sent to customers and their submissions.

use switchboard_protocol::{
    ConversationId, CustomerId, Form, FormAnswer, FormField, FormId, FormSubmission,
    FormSubmissionId, UserId,
};

use super::sql::{self, params};
use super::StoreError;
use crate::store::Conn;

#[derive(sqlx::FromRow)]
struct FormRow {
    id: i64,
    title: String,
    description: Option<String>,
    fields: String,
}

impl FormRow {
    fn into_form(self) -> Result<Form, serde_json::Error> {
        Ok(Form {
            id: FormId(self.id),
            title: self.title,
            description: self.description,
            fields: serde_json::from_str(&self.fields)?,
        })
    }
}

/// Forms whose title or description contains `q`, by title.
pub async fn list(db: &mut Conn, q: Option<&str>) -> Result<Vec<Form>, StoreError> {
    let rows: Vec<FormRow> = match q {
        None => {
            let query = "SELECT id, title, description, fields FROM forms ORDER BY lower(title)";
            sql::rows(db, query, params![]).await?
        }
        Some(q) => {
            let mut query = sqlx::QueryBuilder::<crate::store::Backend>::new(
                "SELECT id, title, description, fields FROM forms WHERE ",
            );
            let dialect = crate::store::Dialect::of(db);
            sql::push_any_contains(&mut query, dialect, &["title", "description"], q);
            query.push(" ORDER BY lower(title)");
            sql::built_rows(db, &mut query).await?
        }
    };
    rows.into_iter()
        .map(|row| row.into_form().map_err(StoreError::from))
        .collect()
}

/// One form.
pub async fn by_id(db: &mut Conn, id: FormId) -> Result<Option<Form>, StoreError> {
    let query = "SELECT id, title, description, fields FROM forms WHERE id = ?";
    let row: Option<FormRow> = sql::row(db, query, params![id.0]).await?;
    Ok(row.map(FormRow::into_form).transpose()?)
}

/// Creates a form unless one with the same title exists; returns its id.
pub async fn insert_if_missing(
    db: &mut Conn,
    title: &str,
    description: Option<&str>,
    fields: &[FormField],
    now: i64,
) -> Result<FormId, StoreError> {
    let query = "INSERT INTO forms (title, description, fields, created_at) VALUES (?, ?, ?, ?) \
        ON CONFLICT (title) DO NOTHING";
    sql::run(
        db,
        query,
        params![title, description, serde_json::to_string(fields)?, now],
    )
    .await?;
    let query = "SELECT id FROM forms WHERE title = ?";
    let id: i64 = sql::one(db, query, params![title]).await?;
    Ok(FormId(id))
}

/// A form sent into a conversation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    /// The form.
    pub form_id: i64,
    /// The conversation.
    pub conversation_id: i64,
    /// The customer.
    pub customer_id: i64,
    /// When it was submitted, if it was.
    pub submitted_at: Option<i64>,
}

/// What a new link binds together.
pub struct NewLink<'a> {
    /// SHA-256 of the token.
    pub token_hash: &'a str,
    /// The form.
    pub form: FormId,
    /// The conversation.
    pub conversation: ConversationId,
    /// The customer.
    pub customer: CustomerId,
    /// The employee who sent it.
    pub sent_by: UserId,
}

/// Stores a link.
pub async fn insert_link(db: &mut Conn, link: &NewLink<'_>, now: i64) -> sqlx::Result<()> {
    let query = "INSERT INTO form_links (token_hash, form_id, conversation_id, customer_id, sent_by, created_at) \
        VALUES (?, ?, ?, ?, ?, ?)";
    sql::run(
        db,
        query,
        params![
            link.token_hash,
            link.form.0,
            link.conversation.0,
            link.customer.0,
            link.sent_by.0,
            now
        ],
    )
    .await
}

/// Forgets a link (its message was not sent).
pub async fn delete_link(db: &mut Conn, token_hash: &str) -> sqlx::Result<()> {
    let query = "DELETE FROM form_links WHERE token_hash = ?";
    sql::run(db, query, params![token_hash]).await
}

/// The link with this token hash.
pub async fn link(db: &mut Conn, token_hash: &str) -> sqlx::Result<Option<LinkRow>> {
    let query = "SELECT form_id, conversation_id, customer_id, submitted_at FROM form_links WHERE token_hash = ?";
    sql::row(db, query, params![token_hash]).await
}

/// What a submission stores.
pub struct NewSubmission<'a> {
    /// The link's token hash.
    pub token_hash: &'a str,
    /// The link.
    pub link: &'a LinkRow,
    /// The form's title now.
    pub form_title: &'a str,
    /// The values.
    pub answers: &'a [FormAnswer],
}

/// Stores a submission and marks the link submitted. Returns `None` when
/// the link was already submitted (a concurrent submit won).
pub async fn insert_submission(
    db: &mut Conn,
    submission: &NewSubmission<'_>,
    now: i64,
) -> Result<Option<FormSubmissionId>, StoreError> {
    let query =
        "UPDATE form_links SET submitted_at = ? WHERE token_hash = ? AND submitted_at IS NULL";
    if !sql::changed(db, query, params![now, submission.token_hash]).await? {
        return Ok(None);
    }
    let query = "INSERT INTO form_submissions (form_id, form_title, link_hash, conversation_id, customer_id, \
        answers, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            submission.link.form_id,
            submission.form_title,
            submission.token_hash,
            submission.link.conversation_id,
            submission.link.customer_id,
            serde_json::to_string(submission.answers)?,
            now
        ],
    )
    .await?;
    Ok(Some(FormSubmissionId(id)))
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    id: i64,
    form_id: i64,
    form_title: String,
    conversation_id: i64,
    customer_id: i64,
    answers: String,
    submitted_at: i64,
}

/// A customer's submissions, newest first.
pub async fn submissions_of(
    db: &mut Conn,
    customer: CustomerId,
) -> Result<Vec<FormSubmission>, StoreError> {
    let query =
        "SELECT id, form_id, form_title, conversation_id, customer_id, answers, submitted_at \
        FROM form_submissions WHERE customer_id = ? ORDER BY id DESC LIMIT 200";
    let rows: Vec<SubmissionRow> = sql::rows(db, query, params![customer.0]).await?;
    rows.into_iter()
        .map(|row| {
            Ok(FormSubmission {
                id: FormSubmissionId(row.id),
                form_id: FormId(row.form_id),
                form_title: row.form_title,
                customer_id: CustomerId(row.customer_id),
                conversation_id: ConversationId(row.conversation_id),
                answers: serde_json::from_str(&row.answers)?,
                submitted_at: row.submitted_at,
            })
        })
        .collect()
}

/// Ids of every conversation of a customer.
pub async fn conversations_of(
    db: &mut Conn,
    customer: CustomerId,
) -> sqlx::Result<Vec<ConversationId>> {
    let query = "SELECT c.id FROM conversations c JOIN chats ch ON ch.id = c.chat_id \
        WHERE ch.customer_id = ? ORDER BY c.id DESC";
    let ids: Vec<i64> = sql::column(db, query, params![customer.0]).await?;
    Ok(ids.into_iter().map(ConversationId).collect())
}
