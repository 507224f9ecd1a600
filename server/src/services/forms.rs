//! CRM web forms: an operator sends a form into a conversation as a normal
//! message carrying a link to a public page; the customer's submission is
//! validated, stored against the customer and posted as a system message.
//!
//! Each link has its own unguessable token (256 random bits, stored hashed)
//! bound to the form, the conversation and the customer. A link is
//! submitted once: opening it again shows "already submitted" (sending the
//! form again gives a fresh link).

use rand::RngCore;
use switchboard_protocol::{
    ConversationId, CustomerId, Event, Form, FormAnswer, FormField, FormFieldKind, FormSubmission,
    FormsQuery, SendFormRequest, SendMessageRequest, SentForm, SystemEvent,
};

use super::conversations::{audience_of, visible};
use super::events::Change;
use super::validation::{self, TextField};
use super::{auth, messages, permissions, system_messages, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::{self, conversations, forms};

/// Longest accepted value of a one-line field and of a text area.
const MAX_LINE: usize = 500;
const MAX_TEXTAREA: usize = 5000;

/// Forms whose title or description contains `q`.
pub async fn list(state: &AppState, query: FormsQuery) -> Result<Vec<Form>, ApiError> {
    let q = validation::search(query.q, validation::MAX_SEARCH_CHARS)?;
    let mut db = state.pool.acquire().await?;
    Ok(forms::list(&mut db, q.as_deref()).await?)
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The text of the message carrying a form's link.
fn invitation(form: &Form, url: &str) -> String {
    format!("{}: {url}", form.title)
}

/// Sends a form into a conversation: a normal operator message (delivered
/// to the customer, taking an unanswered conversation like any reply) with
/// the link of a fresh public page. Idempotent on `client_id`.
pub async fn send(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: SendFormRequest,
    base_url: &str,
) -> Result<(SentForm, bool), ApiError> {
    let (form, customer) = {
        let mut db = state.pool.acquire().await?;
        let summary = visible(&mut db, viewer, id).await?;
        let form = forms::by_id(&mut db, request.form_id)
            .await?
            .ok_or_else(|| ApiError::Unprocessable("No such form".into()))?;
        let offered = crate::store::lines::by_id(&mut db, summary.line_id)
            .await?
            .map(|line| line.forms)
            .unwrap_or_default();
        if !offered.is_empty() && !offered.contains(&form.id) {
            return Err(ApiError::InvalidField {
                code: "form_not_offered",
                field: "form_id",
                message: format!("This open channel does not offer the form {}", form.title),
            });
        }
        (form, summary.customer.id)
    };
    let token = new_token();
    let token_hash = auth::token_hash(&token);
    let url = format!("{}/forms/{token}", base_url.trim_end_matches('/'));
    {
        // The link exists before its message, so the customer can never
        // open a link that is not there yet.
        let mut tx = store::begin_write(&state.pool).await?;
        forms::insert_link(
            &mut tx,
            &forms::NewLink {
                token_hash: &token_hash,
                form: form.id,
                conversation: id,
                customer,
                sent_by: viewer.user.id,
            },
            store::now_ms(),
        )
        .await?;
        tx.commit().await?;
    }
    let sent = messages::send(
        state,
        viewer,
        id,
        SendMessageRequest {
            client_id: request.client_id.clone(),
            text: invitation(&form, &url),
            attachments: Vec::new(),
            quote: None,
            internal: false,
        },
    )
    .await;
    let forget_link = |state: AppState, token_hash: String| async move {
        if let Ok(mut db) = state.pool.acquire().await {
            if let Err(error) = forms::delete_link(&mut db, &token_hash).await {
                tracing::warn!(%error, "unused form link kept");
            }
        }
    };
    match sent {
        Ok((message, true)) => Ok((SentForm { message, url }, true)),
        Ok((message, false)) => {
            // A repeat: the first send's link is the one in its text.
            forget_link(state.clone(), token_hash).await;
            let url = message
                .text
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_owned();
            Ok((SentForm { message, url }, false))
        }
        Err(error) => {
            forget_link(state.clone(), token_hash).await;
            Err(error)
        }
    }
}

/// What the public page shows for a token.
pub enum PageState {
    /// The form to fill in.
    Open(Form),
    /// This link was already submitted.
    Submitted(Form),
}

/// The form behind a token, or 404.
pub async fn page(state: &AppState, token: &str) -> Result<PageState, ApiError> {
    let mut db = state.pool.acquire().await?;
    let link = forms::link(&mut db, &auth::token_hash(token))
        .await?
        .ok_or_else(|| ApiError::NotFound("This form link is not valid".into()))?;
    let form = forms::by_id(&mut db, switchboard_protocol::FormId(link.form_id))
        .await?
        .ok_or_else(|| ApiError::NotFound("This form no longer exists".into()))?;
    Ok(match link.submitted_at {
        Some(_) => PageState::Submitted(form),
        None => PageState::Open(form),
    })
}

/// The outcome of a submission.
pub enum SubmitOutcome {
    /// Stored and posted into the conversation.
    Stored(Form),
    /// Some values are invalid: `(field name, why)`.
    Invalid {
        /// The form.
        form: Form,
        /// Errors per field.
        errors: Vec<(String, FieldProblem)>,
    },
    /// The link was already used.
    AlreadySubmitted(Form),
}

/// Why a value typed into a form was refused (the page says it in the
/// customer's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    /// Required and left empty (or unchecked).
    Required,
    /// Not an e-mail address.
    Email,
    /// Not a phone number.
    Phone,
    /// Not a number.
    Number,
    /// Not one of the options.
    Option,
    /// Longer than this many characters.
    TooLong(usize),
}

impl FieldProblem {
    /// In English.
    pub fn english(self) -> String {
        match self {
            Self::Required => "This field is required".into(),
            Self::Email => "Enter an e-mail address such as name@example.com".into(),
            Self::Phone => "Enter a phone number (digits, spaces, + - . ( ) only)".into(),
            Self::Number => "Enter a number".into(),
            Self::Option => "Choose one of the options".into(),
            Self::TooLong(max) => format!("At most {max} characters"),
        }
    }
}

fn value_of<'a>(values: &'a [(String, String)], name: &str) -> &'a str {
    values
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

/// An e-mail address: at most 254 characters (RFC 5321's path limit).
const EMAIL: TextField = TextField::optional("email", 254);

pub(crate) fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && EMAIL.accepts(value)
        && !value.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

pub(crate) fn is_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
}

fn is_number(value: &str) -> bool {
    value
        .replace(',', ".")
        .parse::<f64>()
        .is_ok_and(f64::is_finite)
}

/// Checks submitted values against the fields. Returns the answers in the
/// form's order (checkboxes as `yes`/`no`), or an error per invalid field.
pub fn validate(
    fields: &[FormField],
    values: &[(String, String)],
) -> Result<Vec<FormAnswer>, Vec<(String, FieldProblem)>> {
    let mut answers = Vec::with_capacity(fields.len());
    let mut errors = Vec::new();
    for field in fields {
        let raw = value_of(values, &field.name).trim();
        let value = match &field.kind {
            FormFieldKind::Checkbox => if raw.is_empty() || raw == "no" {
                "no"
            } else {
                "yes"
            }
            .to_owned(),
            FormFieldKind::Textarea => raw.to_owned(),
            _ => raw.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        let missing = match field.kind {
            FormFieldKind::Checkbox => value == "no",
            _ => value.is_empty(),
        };
        let error = if missing {
            field.required.then_some(FieldProblem::Required)
        } else {
            match &field.kind {
                FormFieldKind::Email if !is_email(&value) => Some(FieldProblem::Email),
                FormFieldKind::Phone if !is_phone(&value) => Some(FieldProblem::Phone),
                FormFieldKind::Number if !is_number(&value) => Some(FieldProblem::Number),
                FormFieldKind::Select { options } if !options.contains(&value) => {
                    Some(FieldProblem::Option)
                }
                kind => {
                    let max = match kind {
                        FormFieldKind::Textarea => MAX_TEXTAREA,
                        _ => MAX_LINE,
                    };
                    let field = TextField::optional("value", max);
                    (!field.accepts(&value)).then_some(FieldProblem::TooLong(max))
                }
            }
        };
        match error {
            Some(problem) => errors.push((field.name.clone(), problem)),
            None => answers.push(FormAnswer {
                name: field.name.clone(),
                label: field.label.clone(),
                value,
            }),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// Validates and stores a submission; posts a `form_submitted` system
/// message into the conversation (live, as `message_created`).
pub async fn submit(
    state: &AppState,
    token: &str,
    values: &[(String, String)],
) -> Result<SubmitOutcome, ApiError> {
    let token_hash = auth::token_hash(token);
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let link = forms::link(&mut change.tx, &token_hash)
        .await?
        .ok_or_else(|| ApiError::NotFound("This form link is not valid".into()))?;
    let form = forms::by_id(&mut change.tx, switchboard_protocol::FormId(link.form_id))
        .await?
        .ok_or_else(|| ApiError::NotFound("This form no longer exists".into()))?;
    if link.submitted_at.is_some() {
        return Ok(SubmitOutcome::AlreadySubmitted(form));
    }
    let answers = match validate(&form.fields, values) {
        Ok(answers) => answers,
        Err(errors) => return Ok(SubmitOutcome::Invalid { form, errors }),
    };
    let stored = forms::insert_submission(
        &mut change.tx,
        &forms::NewSubmission {
            token_hash: &token_hash,
            link: &link,
            form_title: &form.title,
            answers: &answers,
        },
        now,
    )
    .await?;
    if stored.is_none() {
        return Ok(SubmitOutcome::AlreadySubmitted(form));
    }
    let conversation = ConversationId(link.conversation_id);
    let message = system_messages::write(
        &mut change.tx,
        conversation,
        &SystemEvent::FormSubmitted {
            form_id: form.id,
            form_title: form.title.clone(),
            answers,
        },
        now,
    )
    .await?;
    let summary = conversations::summary(&mut change.tx, conversation)
        .await?
        .or_vanished("conversation")?;
    change
        .record(
            &audience_of(&summary, &[]),
            Event::MessageCreated { message },
        )
        .await?;
    change.commit(state).await?;
    Ok(SubmitOutcome::Stored(form))
}

/// A customer's submissions, for employees who may see one of the
/// customer's conversations.
pub async fn submissions(
    state: &AppState,
    viewer: &Viewer,
    customer: CustomerId,
) -> Result<Vec<FormSubmission>, ApiError> {
    let mut db = state.pool.acquire().await?;
    let mut allowed = false;
    for id in forms::conversations_of(&mut db, customer).await? {
        if let Some(summary) = conversations::summary(&mut db, id).await? {
            if permissions::can_see(viewer, &summary) {
                allowed = true;
                break;
            }
        }
    }
    if !allowed {
        return Err(ApiError::NotFound("No such customer".into()));
    }
    Ok(forms::submissions_of(&mut db, customer).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, kind: FormFieldKind, required: bool) -> FormField {
        FormField {
            name: name.into(),
            label: name.to_uppercase(),
            kind,
            required,
        }
    }

    fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn reports_every_missing_or_malformed_field() {
        let fields = vec![
            field("name", FormFieldKind::Text, true),
            field("email", FormFieldKind::Email, true),
            field("phone", FormFieldKind::Phone, false),
            field("qty", FormFieldKind::Number, false),
            field(
                "slot",
                FormFieldKind::Select {
                    options: vec!["Morning".into(), "Afternoon".into()],
                },
                false,
            ),
            field("terms", FormFieldKind::Checkbox, true),
        ];
        let errors = validate(
            &fields,
            &values(&[
                ("email", "marie@"),
                ("phone", "call me"),
                ("qty", "two"),
                ("slot", "Night"),
            ]),
        )
        .unwrap_err();
        let names: Vec<&str> = errors.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["name", "email", "phone", "qty", "slot", "terms"]);
    }

    #[test]
    fn accepts_valid_values_in_form_order() {
        let fields = vec![
            field("email", FormFieldKind::Email, true),
            field("phone", FormFieldKind::Phone, true),
            field("qty", FormFieldKind::Number, false),
            field("news", FormFieldKind::Checkbox, false),
            field("notes", FormFieldKind::Textarea, false),
        ];
        let answers = validate(
            &fields,
            &values(&[
                ("phone", "+33 6 12 34 56 78"),
                ("email", " marie@example.fr "),
                ("qty", "2,5"),
            ]),
        )
        .unwrap();
        let got: Vec<(&str, &str)> = answers
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("email", "marie@example.fr"),
                ("phone", "+33 6 12 34 56 78"),
                ("qty", "2,5"),
                ("news", "no"),
                ("notes", "")
            ]
        );
    }
}
