//! An operator sees and acts only on the conversations of their lines:
//! REST answers 403 and the event stream carries nothing about the others.

use std::time::Duration;

use serde_json::Value;

use super::{ensure, expect_error, send, CaseResult, Ctx};
use crate::stream::{self, Frame};

/// The second operator, who is not on the inbound token's line, cannot
/// read, list, answer or follow the suite's conversations; the operator
/// and the administrator can read them.
pub async fn line_permissions(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let second = ctx.second()?;
    let operator = ctx.operator()?;
    let admin = ctx.admin()?;
    let conversation = ctx.conversations[0].id;
    let one = "/api/v1/conversations/{id}";
    let path = format!("/api/v1/conversations/{conversation}");
    let hint = "(is the second operator off the inbound token's line?)";
    let reply = ctx.api.get(one, &path, &second.token).await?;
    expect_error(
        &reply,
        403,
        &format!("the second operator reading it {hint}"),
    )?;
    let reply = ctx
        .api
        .get(
            "/api/v1/conversations/{id}/messages",
            &format!("{path}/messages"),
            &second.token,
        )
        .await?;
    expect_error(&reply, 403, "the second operator reading its messages")?;
    let intruder = ctx.unique("intruder");
    let reply = send(ctx, &second, conversation, &intruder, "Not mine").await?;
    expect_error(&reply, 403, "the second operator answering it")?;
    for (session, who) in [(&operator, "the operator"), (&admin, "the administrator")] {
        let reply = ctx.api.get(one, &path, &session.token).await?;
        ensure!(
            reply.status == 200,
            "{who} reading it answered {}",
            reply.describe()
        );
    }
    let queue = "/api/v1/conversations";
    let reply = ctx
        .api
        .get(queue, &format!("{queue}?q={}", ctx.tag), &second.token)
        .await?;
    ensure!(
        reply.status == 200,
        "the second operator's queue answered {}",
        reply.describe()
    );
    let rows = reply
        .json
        .get("items")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    ensure!(
        rows == 0,
        "the second operator's queue lists {rows} of the suite's conversations"
    );
    // The operator's stream already carried every event (events_in_order);
    // whatever the second operator's stream was going to get has come too.
    let mine: Vec<i64> = ctx.conversations.iter().map(|known| known.id).collect();
    let live = ctx
        .second_live
        .as_mut()
        .map_err(|reason| format!("the second operator's stream: {reason}"))?;
    let deadline = tokio::time::Instant::now() + Duration::from_millis(500);
    let mut frames = live.drain();
    while let Some(frame) = live.next_until(deadline).await {
        frames.push(frame);
    }
    let mut events = 0;
    for frame in frames {
        let frame = match frame {
            Frame::Json(frame) => frame,
            Frame::Broken(reason) => {
                return Err(format!("the second operator's stream broke: {reason}"))
            }
        };
        events += usize::from(stream::kind(&frame) == "event");
        if let Some(id) = stream::conversation_of(&frame).filter(|id| mine.contains(id)) {
            return Err(format!(
                "the second operator's stream carried `{}` about conversation {id} of a line they are not on",
                stream::event_type(&frame)
            ));
        }
    }
    Ok(format!(
        "the second operator gets 403 reading, listing messages and answering, finds none in the queue, and none of {events} events on their stream is about them"
    ))
}
