//! The event stream (docs/events.md): events in order, exactly once;
//! resuming with `after`; `resync` when `after` cannot be replayed.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::{ensure, CaseResult, Ctx};
use crate::stream::{self, Frame, Stream};

/// How long the suite waits for the events its actions caused.
const EVENT_WAIT: Duration = Duration::from_secs(20);
/// How long it keeps listening after that, for duplicates.
const GRACE: Duration = Duration::from_millis(500);
/// `after` newer than anything a server can know.
const FAR_FUTURE: i64 = 1_000_000_000_000_000_000;

/// Reads frames until `done` holds for what was read (or the deadline);
/// fails on a frame that is not JSON or a connection that ends.
async fn read_until(
    stream: &mut Stream,
    frames: &mut Vec<Value>,
    wait: Duration,
    done: impl Fn(&[Value]) -> bool,
) -> Result<bool, String> {
    let deadline = Instant::now() + wait;
    while !done(frames) {
        match stream.next_until(deadline).await {
            Some(Frame::Json(value)) => frames.push(value),
            Some(Frame::Broken(reason)) => return Err(format!("the event stream broke: {reason}")),
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// Keeps what arrives during `grace`.
async fn linger(
    stream: &mut Stream,
    frames: &mut Vec<Value>,
    grace: Duration,
) -> Result<(), String> {
    read_until(stream, frames, grace, |_| false)
        .await
        .map(|_| ())
}

/// Ids of the `message_created` events among `frames`, in order.
fn created_messages(frames: &[Value]) -> Vec<i64> {
    frames
        .iter()
        .filter(|frame| {
            stream::kind(frame) == "event" && stream::event_type(frame) == "message_created"
        })
        .filter_map(stream::message_of)
        .collect()
}

fn has_all(frames: &[Value], expected: &[i64]) -> bool {
    let created: HashSet<i64> = created_messages(frames).into_iter().collect();
    expected.iter().all(|id| created.contains(id))
}

/// The suite's messages among the `message_created` events are exactly
/// `expected`: each once, in order.
fn check_messages(frames: &[Value], expected: &[i64]) -> Result<(), String> {
    let wanted: HashSet<i64> = expected.iter().copied().collect();
    let seen: Vec<i64> = created_messages(frames)
        .into_iter()
        .filter(|id| wanted.contains(id))
        .collect();
    let missing: Vec<&i64> = expected.iter().filter(|id| !seen.contains(id)).collect();
    ensure!(
        missing.is_empty(),
        "no message_created arrived for messages {missing:?} ({} of {} arrived)",
        expected.len() - missing.len(),
        expected.len()
    );
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for id in &seen {
        *counts.entry(*id).or_default() += 1;
    }
    let repeated: Vec<i64> = counts
        .iter()
        .filter(|(_, count)| **count > 1)
        .map(|(id, _)| *id)
        .collect();
    ensure!(
        repeated.is_empty(),
        "message_created came more than once for {repeated:?}"
    );
    ensure!(
        seen == expected,
        "message_created came in the order {seen:?}, the messages were created as {expected:?}"
    );
    Ok(())
}

/// `seq` strictly increasing over the event frames, all above `after`.
fn check_seqs(frames: &[Value], after: Option<i64>) -> Result<Option<i64>, String> {
    let mut last = after;
    for frame in frames.iter().filter(|frame| stream::kind(frame) == "event") {
        let seq = stream::seq(frame).ok_or("an event frame without an integer seq")?;
        if let Some(previous) = last {
            ensure!(
                seq > previous,
                "seq {seq} came after {previous}: not strictly increasing{}",
                if after == Some(previous) {
                    " (it is not after `after`)"
                } else {
                    ""
                }
            );
        }
        last = Some(seq);
    }
    Ok(last)
}

/// Connects and reads up to the first `ready` (or `resync`).
async fn open(ctx: &Ctx, token: &str, after: Option<i64>) -> Result<(Stream, Vec<Value>), String> {
    let contract = ctx.api.contract().clone();
    let mut stream = Stream::connect(ctx.api.base(), Some(token), after, contract)
        .await
        .map_err(|error| format!("the event stream did not open: {error}"))?;
    let mut frames = Vec::new();
    let arrived = read_until(&mut stream, &mut frames, EVENT_WAIT, |frames| {
        frames
            .iter()
            .any(|frame| matches!(stream::kind(frame), "ready" | "resync"))
    })
    .await?;
    ensure!(
        arrived,
        "no `ready` frame within {}s of connecting",
        EVENT_WAIT.as_secs()
    );
    Ok((stream, frames))
}

/// Opens the operator's and the second operator's streams before the
/// suite changes anything; their cases report a failure to open.
pub async fn open_live_streams(ctx: &mut Ctx) {
    let (Ok(operator), Ok(second)) = (ctx.operator(), ctx.second()) else {
        return;
    };
    match open(ctx, &operator.token, None).await {
        Ok((stream, frames)) => {
            ctx.live_frames = frames;
            ctx.live = Ok(stream);
        }
        Err(reason) => ctx.live = Err(reason),
    }
    ctx.second_live = open(ctx, &second.token, None)
        .await
        .map(|(stream, _)| stream);
}

/// The operator's stream, open since before the suite's first action,
/// carries every message the suite created, once each, in order, with
/// `seq` strictly increasing; each new conversation is announced once,
/// before its first message.
pub async fn in_order(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let expected = ctx.expected.clone();
    let mut frames = std::mem::take(&mut ctx.live_frames);
    let stream = ctx.live.as_mut().map_err(|reason| reason.clone())?;
    ensure!(
        frames.first().map(stream::kind) == Some("ready"),
        "the stream opened without `after` did not start with `ready`"
    );
    read_until(stream, &mut frames, EVENT_WAIT, |frames| {
        has_all(frames, &expected)
    })
    .await?;
    linger(stream, &mut frames, GRACE).await?;
    ctx.live_frames = frames.clone();
    check_seqs(&frames, None)?;
    check_messages(&frames, &expected)?;
    let mut checked = 0;
    for conversation in &ctx.conversations {
        let positions: Vec<usize> = frames
            .iter()
            .enumerate()
            .filter(|(_, frame)| {
                stream::event_type(frame) == "conversation_created"
                    && stream::conversation_of(frame) == Some(conversation.id)
            })
            .map(|(position, _)| position)
            .collect();
        ensure!(
            positions.len() == 1,
            "conversation_created came {} times for conversation {}",
            positions.len(),
            conversation.id
        );
        let first_message = frames.iter().position(|frame| {
            stream::event_type(frame) == "message_created"
                && stream::conversation_of(frame) == Some(conversation.id)
        });
        ensure!(
            first_message.is_some_and(|message| message > positions[0]),
            "conversation {}'s first message_created came before its conversation_created",
            conversation.id
        );
        checked += 1;
    }
    let events = frames
        .iter()
        .filter(|frame| stream::kind(frame) == "event")
        .count();
    Ok(format!(
        "{events} events, seq strictly increasing; the suite's {} messages once each in order; {checked} conversation_created before their messages",
        expected.len()
    ))
}

/// Disconnected, the suite causes events; reconnecting with `?after=` the
/// last seq gives exactly the missed ones, in order, then `ready`, then
/// live events without a repeat.
pub async fn resume_after(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let operator = ctx.operator()?;
    let (first, frames) = open(ctx, &operator.token, None).await?;
    let ready = frames.last().and_then(stream::latest_seq);
    first.close().await;
    let after = ready.ok_or("`ready` without an integer latest_seq")?;
    let start = ctx.expected.len();
    for index in 0..ctx.sizes.missed {
        if index % 2 == 0 {
            ctx.customer_writes(index % ctx.conversations.len()).await?;
        } else {
            let conversation = ctx.conversations[index % ctx.conversations.len()].id;
            ctx.operator_sends(conversation, "While you were away")
                .await?;
        }
    }
    let missed = ctx.expected[start..].to_vec();
    let (mut stream, mut frames) = open(ctx, &operator.token, Some(after)).await?;
    let (replayed, end) = match frames.split_last() {
        Some((end, replayed)) => (replayed.to_vec(), end.clone()),
        None => return Err("no frame after reconnecting".into()),
    };
    ensure!(
        stream::kind(&end) == "ready",
        "the replay ended with `{}`, not `ready` (after={after} is recent)",
        stream::kind(&end)
    );
    let last = check_seqs(&replayed, Some(after))?;
    check_messages(&replayed, &missed)?;
    let latest = stream::latest_seq(&end).ok_or("`ready` without an integer latest_seq")?;
    if let Some(last) = last {
        ensure!(
            latest >= last,
            "`ready` says latest_seq {latest} after replaying seq {last}"
        );
    }
    let live = ctx.customer_writes(0).await?;
    read_until(&mut stream, &mut frames, EVENT_WAIT, |frames| {
        has_all(frames, &[live])
    })
    .await?;
    linger(&mut stream, &mut frames, GRACE).await?;
    stream.close().await;
    check_seqs(&frames, Some(after))?;
    let mut all = missed.clone();
    all.push(live);
    check_messages(&frames, &all)?;
    Ok(format!(
        "{} missed messages replayed once each in order after seq {after}, then `ready`, then the live one once",
        missed.len()
    ))
}

/// `after` newer than anything the server knows: `resync` instead of a
/// replay, and live events keep coming on the same socket.
pub async fn resync(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let operator = ctx.operator()?;
    let (mut stream, mut frames) = open(ctx, &operator.token, Some(FAR_FUTURE)).await?;
    let first = frames.first().cloned().unwrap_or(Value::Null);
    ensure!(
        stream::kind(&first) == "resync",
        "after={FAR_FUTURE} gave `{}` first, documented: `resync`",
        stream::kind(&first)
    );
    let latest = stream::latest_seq(&first).ok_or("`resync` without an integer latest_seq")?;
    ensure!(
        latest < FAR_FUTURE,
        "`resync` says latest_seq {latest}, not below the `after` it refused"
    );
    let live = ctx.customer_writes(0).await?;
    let arrived = read_until(&mut stream, &mut frames, EVENT_WAIT, |frames| {
        has_all(frames, &[live])
    })
    .await?;
    stream.close().await;
    ensure!(
        arrived,
        "after `resync`, a new message did not arrive on the same socket"
    );
    check_seqs(&frames, Some(latest))?;
    Ok(format!(
        "`resync` (latest_seq {latest}) for an unknown future seq; live events follow on the socket"
    ))
}

/// The documented start (docs/events.md, "Starting without a gap"): a
/// snapshot's `X-Switchboard-Seq`, then a change, then the stream opened
/// with `?after=` that number replays the change before `ready`.
pub async fn snapshot_then_stream(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let operator = ctx.operator()?;
    let queue = "/api/v1/conversations";
    let reply = ctx
        .api
        .get(queue, &format!("{queue}?limit=1"), &operator.token)
        .await?;
    ensure!(
        reply.status == 200,
        "the queue answered {}",
        reply.describe()
    );
    let snapshot: i64 = reply
        .seq
        .as_deref()
        .and_then(|seq| seq.parse().ok())
        .ok_or("the queue has no integer X-Switchboard-Seq header")?;
    let message = ctx.customer_writes(0).await?;
    let (stream, frames) = open(ctx, &operator.token, Some(snapshot)).await?;
    stream.close().await;
    let end = frames.last().map(stream::kind).unwrap_or_default();
    ensure!(
        end == "ready",
        "after={snapshot} (the snapshot's header) ended its replay with `{end}`, not `ready`"
    );
    check_seqs(&frames, Some(snapshot))?;
    check_messages(&frames, &[message])?;
    Ok(format!(
        "X-Switchboard-Seq {snapshot}; a later message replayed once with ?after={snapshot}, then `ready`"
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn created(seq: i64, message: i64) -> Value {
        json!({"frame": "event", "seq": seq, "at": 0,
               "event": {"type": "message_created", "message": {"id": message, "conversation_id": 1}}})
    }

    #[test]
    fn the_expected_messages_once_each_in_order_pass() {
        let frames = [
            json!({"frame": "ready", "latest_seq": 0}),
            created(1, 10),
            created(2, 99),
            created(3, 11),
        ];
        assert_eq!(check_messages(&frames, &[10, 11]), Ok(()));
        assert_eq!(check_seqs(&frames, None), Ok(Some(3)));
    }

    #[test]
    fn a_missing_repeated_or_reordered_message_fails() {
        assert!(check_messages(&[created(1, 10)], &[10, 11]).is_err());
        assert!(
            check_messages(&[created(1, 10), created(2, 10), created(3, 11)], &[10, 11]).is_err()
        );
        assert!(check_messages(&[created(1, 11), created(2, 10)], &[10, 11]).is_err());
    }

    #[test]
    fn a_seq_that_does_not_increase_or_is_not_after_after_fails() {
        assert!(check_seqs(&[created(2, 10), created(2, 11)], None).is_err());
        assert!(check_seqs(&[created(3, 10), created(2, 11)], None).is_err());
        assert!(check_seqs(&[created(5, 10)], Some(5)).is_err());
    }
}
