//! Logging in, its errors, and requests without a session or the right role.

use reqwest::Method;
use serde_json::{json, Value};

use super::{ensure, expect_error, int, CaseResult, Ctx, Session};
use crate::api::Body;
use crate::stream::{ConnectError, Stream};
use crate::Account;

const LOGIN: &str = "/api/v1/auth/login";

async fn log_in(ctx: &Ctx, account: &Account, who: &str) -> Result<Session, String> {
    let reply = ctx
        .api
        .post(
            LOGIN,
            LOGIN,
            None,
            json!({"email": account.email, "password": account.password}),
        )
        .await?;
    ensure!(
        reply.status == 200,
        "{who} ({}) could not log in: {}",
        account.email,
        reply.describe()
    );
    let token = reply
        .json
        .get("token")
        .and_then(Value::as_str)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| format!("{who}: the login answer has no token"))?;
    Ok(Session {
        token: token.to_owned(),
        id: int(&reply.json, "/user/id")?,
    })
}

/// Good logins of the three accounts, and `GET /me` with the token.
pub async fn login(ctx: &mut Ctx) -> CaseResult {
    let operator = log_in(ctx, &ctx.config.operator, "the operator").await?;
    ctx.operator = Some(operator.clone());
    ctx.second = Some(log_in(ctx, &ctx.config.second, "the second operator").await?);
    ctx.admin = Some(log_in(ctx, &ctx.config.admin, "the administrator").await?);
    let me = ctx
        .api
        .get("/api/v1/me", "/api/v1/me", &operator.token)
        .await?;
    ensure!(me.status == 200, "GET /me answered {}", me.describe());
    let id = int(&me.json, "/id")?;
    ensure!(
        id == operator.id,
        "GET /me names user {id}, the login answer named {}",
        operator.id
    );
    Ok(
        "operator, second operator and administrator logged in; /me answers the token's owner"
            .into(),
    )
}

/// Wrong e-mail or password (401), missing field (422), malformed JSON
/// (400), another media type (415): each with the error body.
pub async fn login_errors(ctx: &mut Ctx) -> CaseResult {
    let unknown = format!("{}@conformance.invalid", ctx.unique("nobody"));
    let reply = ctx
        .api
        .post(
            LOGIN,
            LOGIN,
            None,
            json!({"email": unknown, "password": "x"}),
        )
        .await?;
    expect_error(&reply, 401, "an unknown e-mail")?;
    ensure!(
        reply.error_code() == Some("invalid_credentials"),
        "an unknown e-mail: code {:?}, documented `invalid_credentials`",
        reply.error_code()
    );
    let operator = ctx.config.operator.clone();
    let wrong = format!("{}-wrong", operator.password);
    let reply = ctx
        .api
        .post(
            LOGIN,
            LOGIN,
            None,
            json!({"email": operator.email, "password": wrong}),
        )
        .await?;
    expect_error(&reply, 401, "a wrong password")?;
    ensure!(
        reply.error_code() == Some("invalid_credentials"),
        "a wrong password: code {:?}, documented `invalid_credentials`",
        reply.error_code()
    );
    // A good login after the failure: it still works (and clears the
    // failure, so runs one after the other do not reach the rate limit).
    log_in(ctx, &operator, "the operator, after a wrong password").await?;
    let reply = ctx
        .api
        .post(LOGIN, LOGIN, None, json!({"email": operator.email}))
        .await?;
    expect_error(&reply, 422, "a login without its password")?;
    if let Some(field) = reply.error_field() {
        ensure!(
            field == "password",
            "a login without its password names the field `{field}`"
        );
    }
    let malformed = Body::Raw("application/json", "{\"email\":".into());
    let reply = ctx
        .api
        .call(Method::POST, LOGIN, LOGIN, None, malformed)
        .await?;
    expect_error(&reply, 400, "a login with malformed JSON")?;
    let text = Body::Raw("text/plain", "hello".into());
    let reply = ctx.api.call(Method::POST, LOGIN, LOGIN, None, text).await?;
    expect_error(&reply, 415, "a login sent as text/plain")?;
    Ok("unknown e-mail and wrong password 401 invalid_credentials, missing password 422, malformed 400, text/plain 415".into())
}

/// No token or a bad one: 401 with the error body, on REST and on the
/// websocket upgrade.
pub async fn unauthenticated(ctx: &mut Ctx) -> CaseResult {
    let queue = "/api/v1/conversations";
    for (token, what) in [(None, "no token"), (Some("not-a-token"), "a bad token")] {
        let reply = ctx
            .api
            .call(Method::GET, queue, queue, token, Body::None)
            .await?;
        expect_error(&reply, 401, &format!("GET {queue} with {what}"))?;
        let reply = ctx
            .api
            .call(Method::GET, "/api/v1/me", "/api/v1/me", token, Body::None)
            .await?;
        expect_error(&reply, 401, &format!("GET /api/v1/me with {what}"))?;
        let contract = ctx.api.contract().clone();
        match Stream::connect(ctx.api.base(), token, None, contract).await {
            Ok(stream) => {
                stream.close().await;
                return Err(format!("the event stream opened with {what}"));
            }
            Err(ConnectError::Refused { status, body }) => {
                ensure!(
                    status == 401,
                    "the event stream with {what}: expected 401, got {status} {body}"
                );
                let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                ensure!(
                    body.pointer("/error/code").is_some_and(Value::is_string),
                    "the event stream's 401 with {what} has no JSON error body"
                );
            }
            Err(ConnectError::Failed(reason)) => {
                return Err(format!("the event stream with {what}: {reason}"))
            }
        }
    }
    let reply = ctx
        .api
        .post(
            "/api/v1/conversations/{id}/messages",
            "/api/v1/conversations/1/messages",
            None,
            json!({"client_id": ctx.unique("anonymous"), "text": "hello"}),
        )
        .await?;
    expect_error(&reply, 401, "a send without a token")?;
    Ok("queue, /me, a send and the event stream answer 401 with the error body".into())
}

/// Operators get 403 on administration; the administrator gets 200.
pub async fn wrong_role(ctx: &mut Ctx) -> CaseResult {
    let operator = ctx.operator()?;
    let admin = ctx.admin()?;
    for path in ["/api/v1/people", "/api/v1/audit"] {
        let reply = ctx.api.get(path, path, &operator.token).await?;
        expect_error(&reply, 403, &format!("an operator's GET {path}"))?;
        let reply = ctx.api.get(path, path, &admin.token).await?;
        ensure!(
            reply.status == 200,
            "the administrator's GET {path} answered {}",
            reply.describe()
        );
    }
    Ok("an operator gets 403 on /people and /audit, the administrator 200".into())
}
