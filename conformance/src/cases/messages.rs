//! Customer messages through the webhook, operator sends, their
//! idempotency, and the errors of bad input.

use reqwest::Method;
use serde_json::{json, Value};

use super::{ensure, expect_error, int, send, CaseResult, Conversation, Ctx, Session};
use crate::api::Body;

/// Ids and client ids of a conversation's messages (up to 200, oldest first).
async fn messages(
    ctx: &Ctx,
    session: &Session,
    conversation: i64,
) -> Result<Vec<(i64, Option<String>)>, String> {
    let reply = ctx
        .api
        .get(
            "/api/v1/conversations/{id}/messages",
            &format!("/api/v1/conversations/{conversation}/messages?limit=200"),
            &session.token,
        )
        .await?;
    ensure!(
        reply.status == 200,
        "reading conversation {conversation}'s messages answered {}",
        reply.describe()
    );
    let items = reply
        .json
        .get("items")
        .and_then(Value::as_array)
        .ok_or("the message page has no items")?;
    items
        .iter()
        .map(|item| {
            let client_id = item
                .get("client_id")
                .and_then(Value::as_str)
                .map(str::to_owned);
            Ok((int(item, "/id")?, client_id))
        })
        .collect()
}

/// New customers write: one conversation each (202 with its ids); a
/// second message of a chat lands in the same open conversation.
pub async fn inbound_delivery(ctx: &mut Ctx) -> CaseResult {
    for _ in 0..ctx.sizes.conversations {
        let chat = ctx.unique("chat");
        let customer = ctx.unique("customer");
        let message = ctx.unique("message");
        let reply = ctx.deliver(&chat, &customer, &message, "Hello").await?;
        ensure!(
            reply.status == 202,
            "a new customer's message answered {} (expected 202)",
            reply.describe()
        );
        let id = int(&reply.json, "/conversation_id")?;
        ensure!(
            ctx.conversations.iter().all(|known| known.id != id),
            "two new chats landed in the same conversation {id}"
        );
        ctx.expected.push(int(&reply.json, "/message_id")?);
        ctx.conversations.push(Conversation {
            id,
            chat,
            customer,
            first_message: message,
        });
    }
    let first = ctx.conversations.first().map(|first| first.id);
    let (chat, customer) = match ctx.conversations.first() {
        Some(first) => (first.chat.clone(), first.customer.clone()),
        None => return Err("no conversation was created".into()),
    };
    let message = ctx.unique("message");
    let reply = ctx
        .deliver(&chat, &customer, &message, "Still there?")
        .await?;
    ensure!(
        reply.status == 202,
        "a second message answered {}",
        reply.describe()
    );
    let landed = int(&reply.json, "/conversation_id")?;
    ensure!(
        Some(landed) == first,
        "a second message of an open chat landed in conversation {landed}, not {first:?}"
    );
    ctx.expected.push(int(&reply.json, "/message_id")?);
    Ok(format!(
        "{} new chats, {} conversations, a second message joined the open one",
        ctx.sizes.conversations,
        ctx.conversations.len()
    ))
}

/// The same `message.id` again: the same ids, nothing new.
pub async fn inbound_idempotency(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let operator = ctx.operator()?;
    let Some(first) = ctx.conversations.first() else {
        return Err("needs the conversations of inbound_delivery".into());
    };
    let (id, chat, customer, message) = (
        first.id,
        first.chat.clone(),
        first.customer.clone(),
        first.first_message.clone(),
    );
    let before = messages(ctx, &operator, id).await?;
    let mut answers = Vec::new();
    for _ in 0..2 {
        let reply = ctx.deliver(&chat, &customer, &message, "Hello").await?;
        ensure!(
            reply.status == 202,
            "a repeated delivery answered {}",
            reply.describe()
        );
        answers.push((
            int(&reply.json, "/conversation_id")?,
            int(&reply.json, "/message_id")?,
        ));
    }
    let original = ctx.expected.first().copied();
    for (conversation, message_id) in &answers {
        ensure!(
            *conversation == id && Some(*message_id) == original,
            "a repeated delivery answered conversation {conversation} message {message_id}, \
             the first one {id} / {original:?}"
        );
    }
    let after = messages(ctx, &operator, id).await?;
    ensure!(
        before == after,
        "the conversation had {} messages before the repeats, {} after",
        before.len(),
        after.len()
    );
    Ok("two repeats of a delivery answered the same ids and created nothing".into())
}

/// Sends with a client id, each repeated: 201 then 200 with the same
/// message, one message stored; the client id in another conversation is 409.
pub async fn send_idempotency(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let operator = ctx.operator()?;
    let mut sent: Vec<(i64, String, i64)> = Vec::new();
    for index in 0..ctx.sizes.sends {
        let conversation = ctx.conversations[index % ctx.conversations.len()].id;
        let client_id = ctx.unique("send");
        let text = format!("Reply {index}");
        let first = send(ctx, &operator, conversation, &client_id, &text).await?;
        ensure!(
            first.status == 201,
            "a send answered {} (expected 201)",
            first.describe()
        );
        let id = int(&first.json, "/id")?;
        ensure!(
            first.json.get("client_id").and_then(Value::as_str) == Some(client_id.as_str()),
            "the sent message does not carry its client_id"
        );
        ctx.expected.push(id);
        let again = send(ctx, &operator, conversation, &client_id, &text).await?;
        ensure!(
            again.status == 200,
            "a repeated send answered {} (documented: 200 with the first message)",
            again.describe()
        );
        let again_id = int(&again.json, "/id")?;
        ensure!(
            again_id == id,
            "a repeated send answered message {again_id}, the first was {id}"
        );
        sent.push((conversation, client_id, id));
    }
    for (conversation, client_id, id) in &sent {
        let stored = messages(ctx, &operator, *conversation).await?;
        let copies: Vec<i64> = stored
            .iter()
            .filter(|(_, stored_client)| stored_client.as_deref() == Some(client_id.as_str()))
            .map(|(message, _)| *message)
            .collect();
        ensure!(
            copies == [*id],
            "conversation {conversation} holds {copies:?} for client id {client_id}, expected [{id}]"
        );
    }
    let mut reuse = "";
    if let (Some(second), Some((_, client_id, _))) = (ctx.conversations.get(1), sent.first()) {
        if sent.first().map(|(conversation, ..)| *conversation) != Some(second.id) {
            let reply = send(ctx, &operator, second.id, client_id, "Elsewhere").await?;
            expect_error(&reply, 409, "a client id reused in another conversation")?;
            ensure!(
                reply.error_code() == Some("client_id_reused"),
                "a client id reused in another conversation: code {:?}, documented `client_id_reused`",
                reply.error_code()
            );
            reuse = "; reused elsewhere 409 client_id_reused";
        }
    }
    Ok(format!(
        "{} sends 201, their repeats 200 with the same message, one stored each{reuse}",
        sent.len()
    ))
}

/// Bad input answers 4xx with the error body; a value breaking a rule
/// names its field.
pub async fn field_errors(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let operator = ctx.operator()?;
    let conversation = ctx.conversations[0].id;
    let reply = send(ctx, &operator, conversation, "", "Hello").await?;
    expect_error(&reply, 422, "a send with an empty client_id")?;
    ensure!(
        reply.error_field() == Some("client_id"),
        "a send with an empty client_id: error.field {:?}, expected `client_id`",
        reply.error_field()
    );
    let template = "/api/v1/conversations/{id}/messages";
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let reply = ctx
        .api
        .post(
            template,
            &path,
            Some(&operator.token),
            json!({"client_id": ctx.unique("shape")}),
        )
        .await?;
    expect_error(&reply, 422, "a send without its text")?;
    let malformed = Body::Raw("application/json", "{\"client_id\":".into());
    let reply = ctx
        .api
        .call(
            Method::POST,
            template,
            &path,
            Some(&operator.token),
            malformed,
        )
        .await?;
    expect_error(&reply, 400, "a send with malformed JSON")?;
    let reply = send(
        ctx,
        &operator,
        9_000_000_000_000,
        &ctx.unique("ghost"),
        "Hi",
    )
    .await?;
    expect_error(&reply, 404, "a send to a conversation that does not exist")?;
    let inbound = "/api/v1/inbound/{connector_token}";
    let own = format!("/api/v1/inbound/{}", ctx.config.inbound_token);
    let reply = ctx
        .api
        .post(
            inbound,
            &own,
            None,
            json!({"chat": {"id": ctx.unique("chat")}}),
        )
        .await?;
    expect_error(&reply, 422, "a delivery without customer and message")?;
    let malformed = Body::Raw("application/json", "{\"chat\":".into());
    let reply = ctx
        .api
        .call(Method::POST, inbound, &own, None, malformed)
        .await?;
    expect_error(&reply, 400, "a delivery with malformed JSON")?;
    let unknown = format!("/api/v1/inbound/{}", ctx.unique("no-such-token"));
    let body = json!({
        "chat": {"id": "c"}, "customer": {"id": "u", "name": "N"}, "message": {"id": "m", "text": "t"}
    });
    let reply = ctx.api.post(inbound, &unknown, None, body).await?;
    expect_error(&reply, 404, "a delivery to an unknown token")?;
    Ok("empty client_id 422 field client_id, missing text 422, malformed 400, unknown conversation 404; webhook: missing fields 422, malformed 400, unknown token 404".into())
}

/// One page of a conversation's messages: its ids and the two flags.
async fn message_page(
    ctx: &Ctx,
    session: &Session,
    conversation: i64,
    query: &str,
) -> Result<(Vec<i64>, bool, bool), String> {
    let reply = ctx
        .api
        .get(
            "/api/v1/conversations/{id}/messages",
            &format!("/api/v1/conversations/{conversation}/messages?{query}"),
            &session.token,
        )
        .await?;
    ensure!(
        reply.status == 200,
        "messages?{query} answered {}",
        reply.describe()
    );
    let ids = reply
        .json
        .get("items")
        .and_then(Value::as_array)
        .ok_or("the message page has no items")?
        .iter()
        .map(|item| int(item, "/id"))
        .collect::<Result<Vec<i64>, String>>()?;
    let flag = |name: &str| reply.json.get(name).and_then(Value::as_bool);
    let (Some(before), Some(after)) = (flag("has_more_before"), flag("has_more_after")) else {
        return Err("the message page lacks has_more_before / has_more_after".into());
    };
    Ok((ids, before, after))
}

/// A conversation's messages walked in pages of 2 both ways (`before` =
/// first id, `after` = last id): the same messages, oldest first, as one
/// read of them all.
pub async fn message_pagination(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let operator = ctx.operator()?;
    let conversation = ctx.conversations[0].id;
    for _ in 0..ctx.sizes.thread {
        ctx.customer_writes(0).await?;
    }
    let (all, more_before, more_after) =
        message_page(ctx, &operator, conversation, "limit=200").await?;
    ensure!(
        !more_before && !more_after && all.len() >= 2,
        "the suite's conversation should hold 2 to 200 messages: {} read, more before {more_before}, after {more_after}",
        all.len()
    );
    let max_pages = all.len() + 2;
    let (mut backward, mut more, _) = message_page(ctx, &operator, conversation, "limit=2").await?;
    let mut pages = 1;
    while more {
        ensure!(
            pages < max_pages,
            "paging back did not end after {pages} pages"
        );
        let first = *backward
            .first()
            .ok_or("an empty page says has_more_before")?;
        let (older, has_more, _) = message_page(
            ctx,
            &operator,
            conversation,
            &format!("limit=2&before={first}"),
        )
        .await?;
        ensure!(
            older.len() <= 2,
            "a page of limit=2 has {} messages",
            older.len()
        );
        backward.splice(0..0, older);
        more = has_more;
        pages += 1;
    }
    ensure!(
        backward == all,
        "paging back with `before` gave {backward:?}, one read gave {all:?}"
    );
    let mut forward = vec![all[0]];
    let mut more = true;
    while more {
        ensure!(pages < 2 * max_pages, "paging forward did not end");
        let last = *forward.last().ok_or("no message to page after")?;
        let (newer, _, has_more) = message_page(
            ctx,
            &operator,
            conversation,
            &format!("limit=2&after={last}"),
        )
        .await?;
        ensure!(
            newer.len() <= 2,
            "a page of limit=2 has {} messages",
            newer.len()
        );
        ensure!(
            !newer.is_empty() || !has_more,
            "an empty page says has_more_after"
        );
        forward.extend(newer);
        more = has_more;
        pages += 1;
    }
    ensure!(
        forward == all,
        "paging forward with `after` gave {forward:?}, one read gave {all:?}"
    );
    Ok(format!(
        "{} messages, the same both ways in pages of 2 as in one read ({pages} pages)",
        all.len()
    ))
}
