//! `/forms/{token}`: the public page of a CRM form sent to a customer.
//! Server-rendered HTML, every value escaped, no script at all (the
//! Content-Security-Policy forbids scripts), a plain form POST.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form as FormBody;
use maud::{html, Markup};
use switchboard_protocol::{Form, FormField, FormFieldKind};

use super::html::Page;
use super::page_i18n::Lang;
use crate::error::ApiError;
use crate::services::forms::{self, FieldProblem, PageState, SubmitOutcome};
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

/// One field as it stands: its value, and its error (already in the page's
/// language) after a failed submit.
struct FieldState<'a> {
    field: &'a FormField,
    /// `f-{name}`.
    id: String,
    value: &'a str,
    error: Option<String>,
}

impl FieldState<'_> {
    fn error_id(&self) -> Option<String> {
        self.error.as_ref().map(|_| format!("{}-error", self.id))
    }

    fn label(&self) -> Markup {
        html! {
            label for=(self.id) {
                (self.field.label)
                @if self.field.required {
                    " "
                    span class="required" aria-hidden="true" { "*" }
                }
            }
        }
    }

    fn error(&self) -> Markup {
        html! {
            @if let (Some(error), Some(error_id)) = (&self.error, self.error_id()) {
                p class="error" id=(error_id) { (error) }
            }
        }
    }

    /// The control and its label; for a checkbox, its whole `div.field`.
    fn html(&self) -> Markup {
        let (field, id, value) = (self.field, &self.id, self.value);
        let required = field.required;
        let invalid = self.error.as_ref().map(|_| "true");
        let described_by = self.error_id();
        let control = match &field.kind {
            FormFieldKind::Checkbox => {
                return html! {
                    div class="field check" {
                        input type="checkbox" id=(id) name=(field.name) value="yes"
                            checked[value == "yes"] required[required]
                            aria-invalid=[invalid] aria-describedby=[described_by];
                        " " (self.label()) (self.error())
                    }
                };
            }
            FormFieldKind::Textarea => html! {
                textarea id=(id) name=(field.name) required[required]
                    aria-invalid=[invalid] aria-describedby=[described_by] { (value) }
            },
            FormFieldKind::Select { options } => html! {
                select id=(id) name=(field.name) required[required]
                    aria-invalid=[invalid] aria-describedby=[described_by] {
                    option value="" { "—" }
                    @for option in options {
                        option value=(option) selected[option == value] { (option) }
                    }
                }
            },
            kind => {
                let (input_type, inputmode) = match kind {
                    FormFieldKind::Email => ("email", None),
                    FormFieldKind::Phone => ("tel", None),
                    // `text` with a numeric keyboard: a comma decimal separator
                    // (French) must not be refused by the browser before we see it.
                    FormFieldKind::Number => ("text", Some("decimal")),
                    _ => ("text", None),
                };
                html! {
                    input type=(input_type) inputmode=[inputmode] id=(id) name=(field.name)
                        value=(value) required[required]
                        aria-invalid=[invalid] aria-describedby=[described_by];
                }
            }
        };
        html! {
            div class="field" { (self.label()) (control) (self.error()) }
        }
    }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The form in `lang`, with the values typed so far and the errors of a
/// failed submit.
pub fn render_form(
    form: &Form,
    values: &[(String, String)],
    errors: &[(String, FieldProblem)],
    lang: Lang,
) -> Markup {
    let text = lang.text();
    let fields = form.fields.iter().map(|field| FieldState {
        field,
        id: format!("f-{}", field.name),
        value: find(values, &field.name).unwrap_or(""),
        error: errors
            .iter()
            .find(|(name, _)| name == &field.name)
            .map(|(_, problem)| lang.field_problem(*problem)),
    });
    let content = html! {
        h1 { (form.title) }
        @if let Some(description) = &form.description {
            p { (description) }
        }
        @if !errors.is_empty() {
            div class="summary" role="alert" {
                p { (text.form_correct_fields) }
            }
        }
        form method="post" novalidate {
            @for field in fields {
                (field.html())
            }
            button type="submit" { (text.form_send) }
        }
    };
    FORM_PAGE.document(lang, &form.title, content)
}

fn thank_you(form: &Form, already: bool, lang: Lang) -> Markup {
    let text = lang.text();
    let thanks = if already {
        text.form_already_submitted
    } else {
        text.form_thanks
    };
    let content = html! {
        h1 { (form.title) }
        p role="status" { (thanks) }
    };
    FORM_PAGE.document(lang, &form.title, content)
}

/// `GET /forms/{token}`: the form, or a thank-you once submitted.
pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    lang: Lang,
) -> Response {
    match forms::page(&state, &token).await {
        Ok(PageState::Open(form)) => {
            FORM_PAGE.response(lang, StatusCode::OK, render_form(&form, &[], &[], lang))
        }
        Ok(PageState::Submitted(form)) => {
            FORM_PAGE.response(lang, StatusCode::OK, thank_you(&form, true, lang))
        }
        Err(error @ ApiError::NotFound(_)) => {
            FORM_PAGE.not_found(lang, lang.text().form_not_found, &error)
        }
        Err(error) => error.into_response(),
    }
}

/// `POST /forms/{token}` (`application/x-www-form-urlencoded`): validates;
/// re-renders with errors (422) keeping the values, or thanks.
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    lang: Lang,
    FormBody(values): FormBody<Vec<(String, String)>>,
) -> Response {
    match forms::submit(&state, &token, &values).await {
        Ok(SubmitOutcome::Stored(form)) => {
            FORM_PAGE.response(lang, StatusCode::OK, thank_you(&form, false, lang))
        }
        Ok(SubmitOutcome::AlreadySubmitted(form)) => {
            FORM_PAGE.response(lang, StatusCode::OK, thank_you(&form, true, lang))
        }
        Ok(SubmitOutcome::Invalid { form, errors }) => FORM_PAGE.response(
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            render_form(&form, &values, &errors, lang),
        ),
        Err(error @ ApiError::NotFound(_)) => {
            FORM_PAGE.not_found(lang, lang.text().form_not_found, &error)
        }
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
    use axum::extract::FromRequestParts;
    use axum::http::{header, Request};
    use switchboard_protocol::FormId;

    fn field(name: &str, label: &str, kind: FormFieldKind) -> FormField {
        FormField {
            name: name.into(),
            label: label.into(),
            kind,
            required: true,
        }
    }

    fn problems(problems: &[(&str, FieldProblem)]) -> Vec<(String, FieldProblem)> {
        problems
            .iter()
            .map(|(name, problem)| ((*name).to_owned(), *problem))
            .collect()
    }

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    fn callback_form() -> Form {
        Form {
            id: FormId(1),
            title: "Callback request".into(),
            description: None,
            fields: vec![
                field("name", "Your name", FormFieldKind::Text),
                field("phone", "Phone", FormFieldKind::Phone),
            ],
        }
    }

    #[test]
    fn escapes_markup_in_every_position() {
        let hostile_name = "n\"><img src=x onerror=alert(1)>";
        let form = Form {
            id: FormId(1),
            title: "<script>alert(1)</script>".into(),
            description: Some("a & b <u>".into()),
            fields: vec![
                field(
                    hostile_name,
                    "<b>Name</b>",
                    FormFieldKind::Select {
                        options: vec!["\"'<>".into()],
                    },
                ),
                field("line", "<i>Line</i>", FormFieldKind::Text),
                field("area", "Area", FormFieldKind::Textarea),
                field("check", "<em>Check</em>", FormFieldKind::Checkbox),
            ],
        };
        let values = pairs(&[
            (hostile_name, "\"'<>"),
            ("line", "\" onfocus=\"alert(2)"),
            ("area", "</textarea><script>alert(3)</script>"),
        ]);
        let errors = problems(&[
            (hostile_name, FieldProblem::Option),
            ("line", FieldProblem::TooLong(500)),
        ]);
        let html = render_form(&form, &values, &errors, Lang::En).into_string();
        for markup in ["<script", "<img", "<b>", "<i>", "<em>", "<u>", "<svg"] {
            assert!(!html.contains(markup), "{markup} in {html}");
        }
        assert!(!html.contains("\" onfocus"), "{html}");
        assert!(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert!(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
        assert!(html.contains("<p>a &amp; b &lt;u&gt;</p>"));
        assert!(html.contains("id=\"f-n&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
        assert!(html.contains("&lt;b&gt;Name&lt;/b&gt;"));
        // The typed value is kept (and selected), escaped.
        assert!(
            html.contains("<option value=\"&quot;'&lt;&gt;\" selected>&quot;'&lt;&gt;</option>")
        );
        assert!(html.contains("value=\"&quot; onfocus=&quot;alert(2)\""));
        assert!(html.contains(">&lt;/textarea&gt;&lt;script&gt;alert(3)&lt;/script&gt;</textarea>"));
        // Errors in place, linked to their field (even one named in markup).
        assert!(html.contains(">Choose one of the options</p>"));
        assert!(html.contains(">At most 500 characters</p>"));
        assert!(html.contains("aria-describedby=\"f-line-error\""));
        assert!(html.contains("<p class=\"error\" id=\"f-line-error\">"));
    }

    #[test]
    fn fields_keep_their_values_errors_and_accessible_names() {
        let form = Form {
            fields: vec![
                field("name", "Your name", FormFieldKind::Text),
                field("qty", "How many", FormFieldKind::Number),
                field("ok", "I agree", FormFieldKind::Checkbox),
            ],
            ..callback_form()
        };
        let values = pairs(&[("name", "Marie"), ("qty", "many"), ("ok", "yes")]);
        let errors = problems(&[("qty", FieldProblem::Number)]);
        let html = render_form(&form, &values, &errors, Lang::En).into_string();
        assert!(html.contains(
            "<label for=\"f-name\">Your name <span class=\"required\" aria-hidden=\"true\">*</span></label>\
             <input type=\"text\" id=\"f-name\" name=\"name\" value=\"Marie\" required>"
        ), "{html}");
        assert!(html.contains(
            "<input type=\"text\" inputmode=\"decimal\" id=\"f-qty\" name=\"qty\" value=\"many\" \
             required aria-invalid=\"true\" aria-describedby=\"f-qty-error\">\
             <p class=\"error\" id=\"f-qty-error\">Enter a number</p>"
        ), "{html}");
        assert!(html.contains("<div class=\"field check\"><input type=\"checkbox\" id=\"f-ok\" name=\"ok\" value=\"yes\" checked required> <label for=\"f-ok\">"), "{html}");
        assert!(html.contains("<div class=\"summary\" role=\"alert\"><p>Please correct the fields marked below.</p></div>"));
        assert!(html.contains("<form method=\"post\" novalidate>"));
        assert!(html.contains("<button type=\"submit\">Send</button></form>"));
        assert!(!html.contains("<script"));
    }

    /// The language `Lang` reads from a request to `uri` with `accept_language`.
    async fn lang_of(uri: &str, accept_language: Option<&'static str>) -> Lang {
        let mut request = Request::builder().uri(uri);
        if let Some(value) = accept_language {
            request = request.header(header::ACCEPT_LANGUAGE, value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        let Ok(lang) = Lang::from_request_parts(&mut parts, &()).await;
        lang
    }

    async fn page_for(uri: &str, accept_language: Option<&'static str>) -> String {
        let lang = lang_of(uri, accept_language).await;
        let form = callback_form();
        let errors = problems(&[("phone", FieldProblem::Phone)]);
        render_form(&form, &pairs(&[("phone", "x")]), &errors, lang).into_string()
    }

    #[tokio::test]
    async fn a_french_browser_gets_the_french_form() {
        let html = page_for("/forms/t", Some("fr-FR,fr;q=0.9")).await;
        assert!(html.contains("<html lang=\"fr\">"), "{html}");
        assert!(html.contains("<button type=\"submit\">Envoyer</button>"));
        assert!(html.contains("Veuillez corriger les champs signalés ci-dessous."));
        assert!(html.contains("Saisissez un numéro de téléphone"));
        // What the company wrote stays as written.
        assert!(html.contains("<h1>Callback request</h1>") && html.contains("Your name"));
        assert!(!html.contains(">Send<"));
    }

    #[tokio::test]
    async fn the_lang_parameter_overrides_the_browser_and_english_is_the_default() {
        for (uri, header) in [
            ("/forms/t?lang=en", Some("fr-FR,fr;q=0.9")),
            ("/forms/t?x=1&lang=en", Some("fr-FR,fr;q=0.9")),
            ("/forms/t", Some("en-US,en;q=0.9")),
            ("/forms/t", Some("de-DE")),
            ("/forms/t", None),
        ] {
            let html = page_for(uri, header).await;
            assert!(html.contains("<html lang=\"en\">"), "{uri} {header:?}");
            assert!(html.contains("<button type=\"submit\">Send</button>"));
            assert!(html.contains("Enter a phone number"));
            assert!(!html.contains("Envoyer"));
        }
        let html = page_for("/forms/t?lang=fr", None).await;
        assert!(html.contains("<html lang=\"fr\">") && html.contains("Envoyer"));
    }

    #[test]
    fn the_thank_you_pages_follow_the_language() {
        let form = callback_form();
        let english = thank_you(&form, false, Lang::En).into_string();
        assert!(english.contains("<p role=\"status\">Thank you! Your answers were sent"));
        let french = thank_you(&form, true, Lang::Fr).into_string();
        assert!(french.contains("<html lang=\"fr\">"));
        assert!(french.contains("Ce formulaire a déjà été envoyé. Merci\u{a0}!"));
    }
}
