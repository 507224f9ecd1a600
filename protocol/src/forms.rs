//! CRM web forms: definitions an operator sends into a conversation, and
//! what customers submit on the public form page.

use serde::{Deserialize, Serialize};

use crate::{
    ClientMessageId, ConversationId, CustomerId, FormId, FormSubmissionId, Message, Timestamp,
};

/// What a field accepts, and how the public page renders it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FormFieldKind {
    /// One line of text.
    Text,
    /// An e-mail address (checked on submit).
    Email,
    /// A phone number: digits, spaces, `+`, `-`, `.`, `(`, `)`; 6 to 20 digits.
    Phone,
    /// A decimal number.
    Number,
    /// Several lines of text.
    Textarea,
    /// One of `options`.
    Select {
        /// The choices, as shown and stored.
        options: Vec<String>,
    },
    /// A yes/no box; submitted as `yes` or `no`.
    Checkbox,
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormField {
    /// Key of the value (unique in the form).
    pub name: String,
    /// What the customer reads.
    pub label: String,
    /// What it accepts.
    #[serde(flatten)]
    pub kind: FormFieldKind,
    /// Whether it must be filled (a required checkbox must be ticked).
    #[serde(default)]
    pub required: bool,
}

/// A form definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Form {
    /// Server identifier.
    pub id: FormId,
    /// Title, shown to the customer and in the picker.
    pub title: String,
    /// Introduction shown above the fields.
    pub description: Option<String>,
    /// The fields, in order.
    pub fields: Vec<FormField>,
}

/// Query of `GET /api/v1/forms`: `q` searches titles and descriptions.
pub type FormsQuery = crate::SearchQuery;

/// Body of `POST /api/v1/conversations/{id}/forms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendFormRequest {
    /// The form to send.
    pub form_id: FormId,
    /// Client-generated id of the message carrying the link (idempotency).
    pub client_id: ClientMessageId,
}

/// Answer of `POST /api/v1/conversations/{id}/forms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentForm {
    /// The operator message delivered to the customer, with the link.
    pub message: Message,
    /// The public page the customer opens (absolute URL).
    pub url: String,
}

/// A submitted value, with the label the customer saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormAnswer {
    /// The field's key.
    pub name: String,
    /// The field's label.
    pub label: String,
    /// The value as submitted (hostile: render as text).
    pub value: String,
}

impl FormAnswer {
    /// The answers as the conversation's log shows them: one `label: value`
    /// line each.
    pub fn lines(answers: &[FormAnswer]) -> String {
        answers
            .iter()
            .map(|answer| format!("{}: {}", answer.label, answer.value))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A form a customer filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormSubmission {
    /// Server identifier.
    pub id: FormSubmissionId,
    /// The form.
    pub form_id: FormId,
    /// Its title at submission time.
    pub form_title: String,
    /// The customer.
    pub customer_id: CustomerId,
    /// The conversation the form was sent in.
    pub conversation_id: ConversationId,
    /// The values, in the form's order.
    pub answers: Vec<FormAnswer>,
    /// When it was submitted.
    pub submitted_at: Timestamp,
}
