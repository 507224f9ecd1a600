//! `/forms/{token}`: the public page of a CRM form sent to a customer.
//! Server-rendered HTML, every value escaped, no script at all (the
//! Content-Security-Policy forbids scripts), a plain form POST.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form as FormBody;
use switchboard_protocol::{Form, FormField, FormFieldKind};

use super::html::{escape, Page};
use crate::error::ApiError;
use crate::services::forms::{self, PageState, SubmitOutcome};
use crate::state::AppState;

const STYLESHEET: &str = include_str!("../../assets/form.css");

/// Styles only, images none, posts only to itself, never framed.
/// How the form pages are served.
const FORM_PAGE: Page = Page {
    stylesheet: "/forms/form.css",
    csp: PAGE_CSP,
};

const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

fn field_html(field: &FormField, value: &str, error: Option<&str>) -> String {
    let id = format!("f-{}", escape(&field.name));
    let name = escape(&field.name);
    let required = if field.required { " required" } else { "" };
    let star = if field.required {
        " <span class=\"required\" aria-hidden=\"true\">*</span>"
    } else {
        ""
    };
    let invalid = if error.is_some() {
        format!(" aria-invalid=\"true\" aria-describedby=\"{id}-error\"")
    } else {
        String::new()
    };
    let label = format!("<label for=\"{id}\">{}{star}</label>", escape(&field.label));
    let value_attr = escape(value);
    let control = match &field.kind {
        FormFieldKind::Textarea => format!(
            "{label}<textarea id=\"{id}\" name=\"{name}\"{required}{invalid}>{value_attr}</textarea>"
        ),
        FormFieldKind::Select { options } => {
            let choices: String = options
                .iter()
                .map(|option| {
                    let selected = if option == value { " selected" } else { "" };
                    format!(
                        "<option value=\"{0}\"{selected}>{0}</option>",
                        escape(option)
                    )
                })
                .collect();
            format!(
                "{label}<select id=\"{id}\" name=\"{name}\"{required}{invalid}>\
                 <option value=\"\">—</option>{choices}</select>"
            )
        }
        FormFieldKind::Checkbox => {
            let checked = if value == "yes" { " checked" } else { "" };
            return format!(
                "<div class=\"field check\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" \
                 value=\"yes\"{checked}{required}{invalid}> {label}{}</div>",
                error_html(&id, error)
            );
        }
        kind => {
            let input_type = match kind {
                FormFieldKind::Email => "email",
                FormFieldKind::Phone => "tel",
                // `text` with a numeric keyboard: a comma decimal separator
                // (French) must not be refused by the browser before we see it.
                FormFieldKind::Number => "text\" inputmode=\"decimal",
                _ => "text",
            };
            format!(
                "{label}<input type=\"{input_type}\" id=\"{id}\" name=\"{name}\" \
                 value=\"{value_attr}\"{required}{invalid}>"
            )
        }
    };
    format!(
        "<div class=\"field\">{control}{}</div>",
        error_html(&id, error)
    )
}

fn error_html(id: &str, error: Option<&str>) -> String {
    error.map_or_else(String::new, |error| {
        format!("<p class=\"error\" id=\"{id}-error\">{}</p>", escape(error))
    })
}

/// The form, with the values typed so far and the errors of a failed submit.
pub fn render_form(
    form: &Form,
    values: &[(String, String)],
    errors: &[(String, String)],
) -> String {
    let mut content = format!("<h1>{}</h1>", escape(&form.title));
    if let Some(description) = &form.description {
        content.push_str(&format!("<p>{}</p>", escape(description)));
    }
    if !errors.is_empty() {
        content.push_str(
            "<div class=\"summary\" role=\"alert\"><p>Please correct the fields marked below.</p></div>",
        );
    }
    content.push_str("<form method=\"post\" novalidate>");
    for field in &form.fields {
        let value = values
            .iter()
            .find(|(key, _)| *key == field.name)
            .map_or("", |(_, value)| value.as_str());
        let error = errors
            .iter()
            .find(|(key, _)| *key == field.name)
            .map(|(_, message)| message.as_str());
        content.push_str(&field_html(field, value, error));
    }
    content.push_str("<button type=\"submit\">Send</button></form>");
    FORM_PAGE.document(&form.title, &content)
}

fn thank_you(form: &Form, already: bool) -> String {
    let text = if already {
        "This form was already submitted. Thank you! If something changed, just tell us in the chat."
    } else {
        "Thank you! Your answers were sent; you can close this page and return to the chat."
    };
    FORM_PAGE.document(
        &form.title,
        &format!(
            "<h1>{}</h1><p role=\"status\">{text}</p>",
            escape(&form.title)
        ),
    )
}

/// `GET /forms/{token}`: the form, or a thank-you once submitted.
pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match forms::page(&state, &token).await {
        Ok(PageState::Open(form)) => {
            FORM_PAGE.response(StatusCode::OK, render_form(&form, &[], &[]))
        }
        Ok(PageState::Submitted(form)) => {
            FORM_PAGE.response(StatusCode::OK, thank_you(&form, true))
        }
        Err(error @ ApiError::NotFound(_)) => FORM_PAGE.not_found("Form not found", &error),
        Err(error) => error.into_response(),
    }
}

/// `POST /forms/{token}` (`application/x-www-form-urlencoded`): validates;
/// re-renders with errors (422) keeping the values, or thanks.
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    FormBody(values): FormBody<Vec<(String, String)>>,
) -> Response {
    match forms::submit(&state, &token, &values).await {
        Ok(SubmitOutcome::Stored(form)) => {
            FORM_PAGE.response(StatusCode::OK, thank_you(&form, false))
        }
        Ok(SubmitOutcome::AlreadySubmitted(form)) => {
            FORM_PAGE.response(StatusCode::OK, thank_you(&form, true))
        }
        Ok(SubmitOutcome::Invalid { form, errors }) => FORM_PAGE.response(
            StatusCode::UNPROCESSABLE_ENTITY,
            render_form(&form, &values, &errors),
        ),
        Err(error @ ApiError::NotFound(_)) => FORM_PAGE.not_found("Form not found", &error),
        Err(error) => error.into_response(),
    }
}

/// `GET /forms/form.css`.
pub async fn stylesheet() -> impl IntoResponse {
    super::html::stylesheet(STYLESHEET)
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::FormId;

    #[test]
    fn escapes_markup_in_every_position() {
        let form = Form {
            id: FormId(1),
            title: "<script>alert(1)</script>".into(),
            description: Some("a & b".into()),
            fields: vec![FormField {
                name: "n\"><img src=x onerror=alert(1)>".into(),
                label: "<b>Name</b>".into(),
                kind: FormFieldKind::Select {
                    options: vec!["\"'<>".into()],
                },
                required: true,
            }],
        };
        let html = render_form(
            &form,
            &[("x".into(), "<i>".into())],
            &[("n".into(), "<bad>".into())],
        );
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;&#39;&lt;&gt;"));
        assert!(html.contains("a &amp; b"));
    }
}
