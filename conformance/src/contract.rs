//! The document is the truth: every JSON answer and every websocket frame is
//! checked against `docs/openapi.json` (OpenAPI 3.1, whose schemas are JSON
//! Schema 2020-12). A response whose status the operation does not list is a
//! violation too.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use jsonschema::{ValidationError, Validator};
use serde_json::{Map, Value};

/// How many schema errors of one answer are quoted.
const ERRORS_QUOTED: usize = 3;
/// Longest quoted error (an error can quote a whole body).
const MAX_ERROR_CHARS: usize = 300;

/// The OpenAPI document, its compiled schemas and what was checked against it.
pub struct Contract {
    document: Value,
    validators: Mutex<HashMap<String, Arc<Validator>>>,
    violations: Mutex<Vec<String>>,
    checked: AtomicUsize,
}

impl Contract {
    /// Reads the document; fails when it is not an OpenAPI document with paths.
    pub fn load(path: &str) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {path}: {error}"))?;
        let document: Value =
            serde_json::from_str(&text).map_err(|error| format!("{path} is not JSON: {error}"))?;
        if !document.get("paths").is_some_and(Value::is_object) {
            return Err(format!("{path} has no `paths`: not an OpenAPI document"));
        }
        Ok(Self {
            document,
            validators: Mutex::new(HashMap::new()),
            violations: Mutex::new(Vec::new()),
            checked: AtomicUsize::new(0),
        })
    }

    /// Checks one HTTP answer of `method template` (the path as the document
    /// spells it, e.g. `/api/v1/conversations/{id}`), and records a violation.
    pub fn check_response(
        &self,
        method: &str,
        template: &str,
        status: u16,
        content_type: Option<&str>,
        body: &str,
    ) {
        self.checked.fetch_add(1, Ordering::Relaxed);
        if let Err(reason) = self.response_matches(method, template, status, content_type, body) {
            self.record(format!("{method} {template} → {status}: {reason}"));
        }
    }

    /// Checks a value against `#/components/schemas/{name}` and records a violation.
    pub fn check_schema(&self, name: &str, what: &str, value: &Value) {
        self.checked.fetch_add(1, Ordering::Relaxed);
        let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        let result = self
            .validator(&format!("schema {name}"), &schema)
            .and_then(|validator| validate(&validator, value));
        if let Err(reason) = result {
            self.record(format!("{what} against {name}: {reason}"));
        }
    }

    /// How many answers and frames were checked so far.
    pub fn checked(&self) -> usize {
        self.checked.load(Ordering::Relaxed)
    }

    /// Every violation so far.
    pub fn violations(&self) -> Vec<String> {
        self.violations
            .lock()
            .map(|list| list.clone())
            .unwrap_or_default()
    }

    fn record(&self, violation: String) {
        if let Ok(mut list) = self.violations.lock() {
            list.push(violation);
        }
    }

    fn response_matches(
        &self,
        method: &str,
        template: &str,
        status: u16,
        content_type: Option<&str>,
        body: &str,
    ) -> Result<(), String> {
        let operation = self
            .document
            .pointer(&format!("/paths/{}", escape(template)))
            .and_then(|path| path.get(method.to_ascii_lowercase()))
            .ok_or_else(|| "the document has no such operation".to_owned())?;
        let responses = operation
            .get("responses")
            .and_then(Value::as_object)
            .ok_or_else(|| "the operation lists no responses".to_owned())?;
        let code = status.to_string();
        let range = format!("{}XX", status / 100);
        let response = responses
            .get(&code)
            .or_else(|| responses.get(&range))
            .or_else(|| responses.get("default"))
            .ok_or_else(|| {
                let listed: Vec<&str> = responses.keys().map(String::as_str).collect();
                format!(
                    "status not documented (documented: {}); body: {}",
                    listed.join(", "),
                    cut(body)
                )
            })?;
        let Some(schema) = response.pointer("/content/application~1json/schema") else {
            // No JSON body documented (204, CSV, calendar files...).
            return Ok(());
        };
        if !content_type.is_some_and(|value| value.starts_with("application/json")) {
            return Err(format!(
                "documented as application/json, sent as {}",
                content_type.unwrap_or("(no content type)")
            ));
        }
        let value: Value = serde_json::from_str(body)
            .map_err(|error| format!("body is not JSON ({error}): {}", cut(body)))?;
        let validator = self.validator(&format!("{method} {template} {code}"), schema)?;
        validate(&validator, &value)
    }

    /// The compiled validator of a schema of the document, cached by key.
    fn validator(&self, key: &str, schema: &Value) -> Result<Arc<Validator>, String> {
        if let Some(found) = self
            .validators
            .lock()
            .ok()
            .and_then(|cache| cache.get(key).cloned())
        {
            return Ok(found);
        }
        // The schema becomes the root of a document that also holds the
        // components, so `#/components/schemas/...` resolves as in OpenAPI.
        let mut root = match schema {
            Value::Object(fields) => fields.clone(),
            other => {
                let mut fields = Map::new();
                fields.insert("allOf".into(), Value::Array(vec![other.clone()]));
                fields
            }
        };
        let components = self
            .document
            .get("components")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        root.insert("components".into(), components);
        let validator = jsonschema::draft202012::new(&Value::Object(root))
            .map(Arc::new)
            .map_err(|error| format!("the document's schema does not compile: {error}"))?;
        if let Ok(mut cache) = self.validators.lock() {
            cache.insert(key.to_owned(), validator.clone());
        }
        Ok(validator)
    }
}

fn validate(validator: &Validator, value: &Value) -> Result<(), String> {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(ERRORS_QUOTED)
        .map(|error| describe(&error))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// One schema error, readable: for `oneOf`/`anyOf` (tagged unions such as
/// frames and events) the error of the variant the value meant to be,
/// instead of the whole value.
fn describe(error: &ValidationError<'_>) -> String {
    use jsonschema::error::ValidationErrorKind;
    if let ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } =
        error.kind()
    {
        // The branch with the fewest errors is the one the value meant
        // (the others also fail on their tag); its deepest error says why.
        let deepest = context
            .iter()
            .filter(|branch| !branch.is_empty())
            .min_by_key(|branch| branch.len())
            .and_then(|branch| {
                branch
                    .iter()
                    .max_by_key(|inner| inner.instance_path().to_string().len())
            });
        if let Some(inner) = deepest {
            return describe(inner);
        }
    }
    let path = error.instance_path().to_string();
    let path = if path.is_empty() { "/".into() } else { path };
    cut_to(&format!("at {path}: {error}"), MAX_ERROR_CHARS)
}

/// A path as a JSON pointer token (`/` → `~1`, `~` → `~0`).
fn escape(template: &str) -> String {
    template.replace('~', "~0").replace('/', "~1")
}

/// A body quoted in a reason, cut short.
pub fn cut(text: &str) -> String {
    cut_to(text, MAX_ERROR_CHARS)
}

fn cut_to(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(max).collect();
        format!("{kept}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract() -> Contract {
        Contract {
            document: serde_json::json!({
                "openapi": "3.1.0",
                "paths": {"/api/v1/things/{id}": {"get": {"responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "204": {"description": "nothing"}
                }}}},
                "components": {"schemas": {"Thing": {
                    "type": "object", "required": ["id"],
                    "properties": {"id": {"type": "integer"}}
                }}}
            }),
            validators: Mutex::new(HashMap::new()),
            violations: Mutex::new(Vec::new()),
            checked: AtomicUsize::new(0),
        }
    }

    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn a_body_that_matches_its_schema_passes() {
        let contract = contract();
        contract.check_response("GET", "/api/v1/things/{id}", 200, JSON, r#"{"id":1}"#);
        contract.check_response("GET", "/api/v1/things/{id}", 204, None, "");
        assert_eq!(contract.violations(), Vec::<String>::new());
        assert_eq!(contract.checked(), 2);
    }

    #[test]
    fn a_body_breaking_a_referenced_schema_fails() {
        let contract = contract();
        contract.check_response("GET", "/api/v1/things/{id}", 200, JSON, r#"{"id":"one"}"#);
        let violations = contract.violations();
        assert_eq!(violations.len(), 1);
        assert!(violations[0].contains("/id"), "{violations:?}");
    }

    #[test]
    fn an_undocumented_status_or_operation_fails() {
        let contract = contract();
        contract.check_response("GET", "/api/v1/things/{id}", 500, JSON, "{}");
        contract.check_response("POST", "/api/v1/things/{id}", 200, JSON, "{}");
        contract.check_response("GET", "/api/v1/things/{id}", 200, Some("text/plain"), "{}");
        assert_eq!(contract.violations().len(), 3);
    }

    #[test]
    fn a_component_schema_checks_a_frame() {
        let contract = contract();
        contract.check_schema("Thing", "frame", &serde_json::json!({"id": 3}));
        assert!(contract.violations().is_empty());
        contract.check_schema("Thing", "frame", &serde_json::json!({}));
        assert_eq!(contract.violations().len(), 1);
    }
}
