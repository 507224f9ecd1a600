//! The named cases, run in order against one server. Each prints one line:
//! `PASS name: what was seen` or `FAIL name: why`. A case also fails when an
//! answer or a frame it caused breaks docs/openapi.json.

mod access;
mod auth;
mod events;
mod messages;
mod queue;

use serde_json::{json, Value};

use crate::api::{Api, Reply};
use crate::stream::Stream;
use crate::Config;

/// What a case returns: what it saw, or why it failed.
pub type CaseResult = Result<String, String>;

/// Fails the case with a reason unless the condition holds.
macro_rules! ensure {
    ($condition:expr, $($reason:tt)+) => {
        if !$condition {
            return Err(format!($($reason)+));
        }
    };
}
pub(crate) use ensure;

/// A logged-in employee.
#[derive(Clone)]
pub struct Session {
    /// Bearer token.
    pub token: String,
    /// `user.id` of the login answer.
    pub id: i64,
}

/// A conversation the suite created through the webhook.
pub struct Conversation {
    /// Its id.
    pub id: i64,
    /// The external chat id the suite chose.
    pub chat: String,
    /// The external customer id the suite chose.
    pub customer: String,
    /// The external id of its first message (repeated by inbound_idempotency).
    pub first_message: String,
}

/// How much the suite does: the short form or the long one (`--full`).
pub struct Sizes {
    /// Conversations created through the webhook.
    pub conversations: usize,
    /// Page size of the queue walk over the suite's own conversations.
    pub page: usize,
    /// Sends (each repeated) in the idempotency case.
    pub sends: usize,
    /// Customer messages added to a conversation before its messages are paged.
    pub thread: usize,
    /// Events caused while disconnected, in the resume case.
    pub missed: usize,
    /// Pages of the whole queue walked at most (50 rows each).
    pub queue_pages: usize,
}

/// Everything the cases share.
pub struct Ctx {
    /// The server.
    pub api: Api,
    /// The run's settings.
    pub config: Config,
    /// Unique to this run: names, chat and customer ids, client ids.
    pub tag: String,
    /// The sizes of this form.
    pub sizes: Sizes,
    /// The operator on the inbound line.
    pub operator: Option<Session>,
    /// The operator not on it.
    pub second: Option<Session>,
    /// The administrator.
    pub admin: Option<Session>,
    /// The conversations created by the suite, in order.
    pub conversations: Vec<Conversation>,
    /// Messages the suite created that the operator may see, in the order
    /// they were created: the operator's stream must carry each once, in
    /// this order.
    pub expected: Vec<i64>,
    /// The operator's stream, opened before anything was created.
    pub live: Result<Stream, String>,
    /// The second operator's stream, opened at the same time.
    pub second_live: Result<Stream, String>,
    /// Frames read from the operator's stream by the events case.
    pub live_frames: Vec<Value>,
    counter: std::cell::Cell<u64>,
}

impl Ctx {
    /// A fresh id for this run (`<tag>-<name>-<n>`).
    pub fn unique(&self, name: &str) -> String {
        let next = self.counter.get() + 1;
        self.counter.set(next);
        format!("{}-{name}-{next}", self.tag)
    }

    /// The operator's session, or a failure naming the login case.
    pub fn operator(&self) -> Result<Session, String> {
        self.operator
            .clone()
            .ok_or_else(|| "needs the operator's session (see login)".to_owned())
    }

    /// The second operator's session.
    pub fn second(&self) -> Result<Session, String> {
        self.second
            .clone()
            .ok_or_else(|| "needs the second operator's session (see login)".to_owned())
    }

    /// The administrator's session.
    pub fn admin(&self) -> Result<Session, String> {
        self.admin
            .clone()
            .ok_or_else(|| "needs the administrator's session (see login)".to_owned())
    }

    /// The suite's conversations, or a failure naming the case that makes them.
    pub fn require_conversations(&self) -> Result<(), String> {
        ensure!(
            !self.conversations.is_empty(),
            "needs the conversations of inbound_delivery"
        );
        Ok(())
    }

    /// Delivers a customer message through the webhook.
    pub async fn deliver(
        &self,
        chat: &str,
        customer: &str,
        message_id: &str,
        text: &str,
    ) -> Result<Reply, String> {
        let token = &self.config.inbound_token;
        self.api
            .post(
                "/api/v1/inbound/{connector_token}",
                &format!("/api/v1/inbound/{token}"),
                None,
                json!({
                    "chat": {"id": chat},
                    "customer": {"id": customer, "name": format!("Conformance {customer}")},
                    "message": {"id": message_id, "text": text},
                }),
            )
            .await
    }

    /// A new customer message in the suite's conversation `index`; its id
    /// is expected on the operator's stream.
    pub async fn customer_writes(&mut self, index: usize) -> Result<i64, String> {
        let (chat, customer) = match self.conversations.get(index) {
            Some(conversation) => (conversation.chat.clone(), conversation.customer.clone()),
            None => return Err("needs the conversations of inbound_delivery".into()),
        };
        let message_id = self.unique("message");
        let reply = self
            .deliver(&chat, &customer, &message_id, "Another question")
            .await?;
        ensure!(
            reply.status == 202,
            "the webhook answered {}",
            reply.describe()
        );
        let id = int(&reply.json, "/message_id")?;
        self.expected.push(id);
        Ok(id)
    }

    /// The operator sends a reply into a conversation; its id is expected
    /// on the operator's stream.
    pub async fn operator_sends(&mut self, conversation: i64, text: &str) -> Result<i64, String> {
        let operator = self.operator()?;
        let client_id = self.unique("send");
        let reply = send(self, &operator, conversation, &client_id, text).await?;
        ensure!(
            reply.status == 201,
            "a send answered {} (expected 201)",
            reply.describe()
        );
        let id = int(&reply.json, "/id")?;
        self.expected.push(id);
        Ok(id)
    }
}

/// `POST /conversations/{id}/messages`.
pub async fn send(
    ctx: &Ctx,
    session: &Session,
    conversation: i64,
    client_id: &str,
    text: &str,
) -> Result<Reply, String> {
    ctx.api
        .post(
            "/api/v1/conversations/{id}/messages",
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(&session.token),
            json!({"client_id": client_id, "text": text}),
        )
        .await
}

/// An integer at a JSON pointer, or a failure saying which.
pub fn int(value: &Value, pointer: &str) -> Result<i64, String> {
    value
        .pointer(pointer)
        .and_then(Value::as_i64)
        .ok_or_else(|| format!("the answer has no integer at {pointer}"))
}

/// Checks an error answer: the status and the documented error body.
pub fn expect_error(reply: &Reply, status: u16, what: &str) -> Result<(), String> {
    ensure!(
        reply.status == status,
        "{what}: expected {status}, got {}",
        reply.describe()
    );
    ensure!(
        reply.is_error_body(),
        "{what}: {status} without the error body {{\"error\":{{\"code\",\"message\"}}}}: {}",
        reply.describe()
    );
    Ok(())
}

/// Violations quoted in a failing case's line.
const VIOLATIONS_QUOTED: usize = 3;

/// One case's result, printed as it ends.
struct Outcome {
    passed: bool,
}

fn report(name: &str, result: CaseResult, violations: &[String]) -> Outcome {
    let result = match result {
        Ok(detail) if !violations.is_empty() => {
            let quoted = violations.len().min(VIOLATIONS_QUOTED);
            let more = violations.len() - quoted;
            Err(format!(
                "{detail}; but {} answer(s) or frame(s) break the document: {}{}",
                violations.len(),
                violations[..quoted].join(" | "),
                if more > 0 {
                    format!(" | and {more} more")
                } else {
                    String::new()
                }
            ))
        }
        other => other,
    };
    match result {
        Ok(detail) => {
            println!("PASS {name}: {detail}");
            Outcome { passed: true }
        }
        Err(reason) => {
            println!("FAIL {name}: {reason}");
            Outcome { passed: false }
        }
    }
}

/// Runs every case in order; true when all passed.
pub async fn run_all(api: Api, config: Config) -> bool {
    let sizes = if config.full {
        Sizes {
            conversations: 40,
            page: 7,
            sends: 25,
            thread: 30,
            missed: 60,
            queue_pages: 2000,
        }
    } else {
        Sizes {
            conversations: 5,
            page: 2,
            sends: 3,
            thread: 3,
            missed: 5,
            queue_pages: 20,
        }
    };
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis())
        .unwrap_or_default();
    let mut ctx = Ctx {
        api,
        config,
        tag: format!("cf{started}x{}", std::process::id()),
        sizes,
        operator: None,
        second: None,
        admin: None,
        conversations: Vec::new(),
        expected: Vec::new(),
        live: Err("not opened".into()),
        second_live: Err("not opened".into()),
        live_frames: Vec::new(),
        counter: std::cell::Cell::new(0),
    };
    let mut outcomes = Vec::new();
    macro_rules! case {
        ($name:literal, $case:expr) => {{
            let before = ctx.api.contract().violations().len();
            let result = $case.await;
            let violations = ctx.api.contract().violations();
            outcomes.push(report(
                $name,
                result,
                &violations[before.min(violations.len())..],
            ));
        }};
    }
    case!("login", auth::login(&mut ctx));
    case!("login_errors", auth::login_errors(&mut ctx));
    case!("unauthenticated", auth::unauthenticated(&mut ctx));
    case!("wrong_role", auth::wrong_role(&mut ctx));
    events::open_live_streams(&mut ctx).await;
    case!("inbound_delivery", messages::inbound_delivery(&mut ctx));
    case!(
        "inbound_idempotency",
        messages::inbound_idempotency(&mut ctx)
    );
    case!("queue_pagination", queue::own_conversations(&mut ctx));
    case!("queue_walk", queue::whole_queue(&mut ctx));
    case!("send_idempotency", messages::send_idempotency(&mut ctx));
    case!("message_pagination", messages::message_pagination(&mut ctx));
    case!("field_errors", messages::field_errors(&mut ctx));
    case!("events_in_order", events::in_order(&mut ctx));
    case!("line_permissions", access::line_permissions(&mut ctx));
    case!("resume_after", events::resume_after(&mut ctx));
    case!(
        "snapshot_then_stream",
        events::snapshot_then_stream(&mut ctx)
    );
    case!("resync", events::resync(&mut ctx));
    let checked = ctx.api.contract().checked();
    let violations = ctx.api.contract().violations();
    outcomes.push(report(
        "openapi_responses",
        if checked == 0 {
            Err("nothing was checked against the document".into())
        } else if violations.is_empty() {
            Ok(format!(
                "{checked} answers and frames match docs/openapi.json"
            ))
        } else {
            Err(format!(
                "{} of {checked} answers and frames break the document",
                violations.len()
            ))
        },
        &[],
    ));
    let passed = outcomes.iter().filter(|outcome| outcome.passed).count();
    let failed = outcomes.len() - passed;
    println!("{passed} passed, {failed} failed");
    failed == 0
}
