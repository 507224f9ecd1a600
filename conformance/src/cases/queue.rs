//! Queue snapshots (`GET /api/v1/conversations`) walked page by page with
//! the documented cursor: no duplicate, no gap, most recent activity first.

use std::collections::HashSet;

use serde_json::Value;

use super::{ensure, int, CaseResult, Ctx};

const QUEUE: &str = "/api/v1/conversations";

/// What a walk saw.
struct Walk {
    /// Conversation ids in the order the pages gave them.
    ids: Vec<i64>,
    /// Pages read.
    pages: usize,
    /// Whether the last page said so (no `next_cursor`).
    finished: bool,
}

/// A query value, percent-encoded (a cursor is opaque and may hold anything).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Walks the queue with `filter` (a query string, may be empty) and pages
/// of `limit`, for at most `max_pages` pages.
async fn walk(ctx: &Ctx, filter: &str, limit: usize, max_pages: usize) -> Result<Walk, String> {
    let operator = ctx.operator()?;
    let mut walk = Walk {
        ids: Vec::new(),
        pages: 0,
        finished: false,
    };
    let mut seen = HashSet::new();
    let mut previous_activity: Option<i64> = None;
    let mut cursor: Option<String> = None;
    while walk.pages < max_pages {
        let mut path = format!("{QUEUE}?limit={limit}{filter}");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={}", encode(cursor)));
        }
        let reply = ctx.api.get(QUEUE, &path, &operator.token).await?;
        ensure!(
            reply.status == 200,
            "page {} answered {}",
            walk.pages + 1,
            reply.describe()
        );
        ensure!(
            reply
                .seq
                .as_deref()
                .is_some_and(|seq| seq.parse::<i64>().is_ok()),
            "the queue page has no integer X-Switchboard-Seq header (docs/events.md)"
        );
        walk.pages += 1;
        let items = reply
            .json
            .get("items")
            .and_then(Value::as_array)
            .ok_or("a queue page has no items")?;
        ensure!(
            items.len() <= limit,
            "page {} has {} rows, more than limit={limit}",
            walk.pages,
            items.len()
        );
        for item in items {
            let id = int(item, "/conversation/id")?;
            let activity = int(item, "/conversation/last_activity_at")?;
            ensure!(
                seen.insert(id),
                "conversation {id} came twice (again on page {})",
                walk.pages
            );
            if let Some(previous) = previous_activity {
                ensure!(
                    activity <= previous,
                    "conversation {id} (last activity {activity}) comes after one of {previous}: \
                     not most recent activity first"
                );
            }
            previous_activity = Some(activity);
            walk.ids.push(id);
        }
        cursor = reply
            .json
            .get("next_cursor")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if cursor.is_none() {
            walk.finished = true;
            break;
        }
        ensure!(
            !items.is_empty(),
            "page {} is empty but gives a next_cursor",
            walk.pages
        );
    }
    Ok(walk)
}

/// The suite's own conversations, found by the run's unique tag (`q`), in
/// small pages: exactly them, each once, in order.
pub async fn own_conversations(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let limit = ctx.sizes.page;
    let max_pages = ctx.conversations.len() / limit + 3;
    let walk = walk(ctx, &format!("&q={}", encode(&ctx.tag)), limit, max_pages).await?;
    ensure!(
        walk.finished,
        "{} pages of {limit} did not reach the end of {} conversations",
        walk.pages,
        ctx.conversations.len()
    );
    let found: HashSet<i64> = walk.ids.iter().copied().collect();
    let created: HashSet<i64> = ctx.conversations.iter().map(|known| known.id).collect();
    let missing: Vec<&i64> = created.difference(&found).collect();
    let extra: Vec<&i64> = found.difference(&created).collect();
    ensure!(
        missing.is_empty(),
        "the walk missed the suite's conversations {missing:?}"
    );
    ensure!(
        extra.is_empty(),
        "searching the run's tag also gave {extra:?}"
    );
    Ok(format!(
        "{} conversations in {} pages of {limit}: each once, most recent first",
        walk.ids.len(),
        walk.pages
    ))
}

/// The whole queue in pages of 50 (bounded): no duplicate, in order, and,
/// when walked to the end, the suite's conversations are in it.
pub async fn whole_queue(ctx: &mut Ctx) -> CaseResult {
    ctx.require_conversations()?;
    let walk = walk(ctx, "", 50, ctx.sizes.queue_pages).await?;
    if !walk.finished {
        return Ok(format!(
            "{} rows in {} pages (stopped there), each once, most recent first",
            walk.ids.len(),
            walk.pages
        ));
    }
    let found: HashSet<i64> = walk.ids.iter().copied().collect();
    let missing: Vec<i64> = ctx
        .conversations
        .iter()
        .map(|known| known.id)
        .filter(|id| !found.contains(id))
        .collect();
    ensure!(
        missing.is_empty(),
        "the whole queue lacks the suite's conversations {missing:?}"
    );
    Ok(format!(
        "all {} rows in {} pages: each once, most recent first, the suite's included",
        walk.ids.len(),
        walk.pages
    ))
}
