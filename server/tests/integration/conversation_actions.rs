use serde_json::{json, Value};

use crate::support::{about, assert_error, numbers, wait_for, Demo};

/// Whether the queue `token` sees with `query` lists conversation `id`.
async fn queue_lists(demo: &Demo, token: &str, query: &str, id: i64) -> bool {
    let queue = demo.get_ok(token, &format!("/conversations?{query}")).await;
    numbers(&queue["items"], "/conversation/id").contains(&id)
}

/// The body of a transfer to a colleague.
fn to_user(id: i64) -> Value {
    json!({"to": {"kind": "user", "user_id": id}})
}

/// The body of a transfer to a line.
fn to_line(id: i64) -> Value {
    json!({"to": {"kind": "line", "line_id": id}})
}

#[tokio::test]
async fn transfer_to_a_colleague_makes_them_the_assignee_and_tells_them() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "t-user").await;
    let mut marc_events = demo.live_events(&demo.marc).await;
    let mut transfer = to_user(demo.marc_id);
    transfer["comment"] = json!("Billing question");
    let (status, after) = demo.act(&demo.olivia, id, "transfer", transfer).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["status"], "in_progress");
    assert_eq!(after["assignee"], demo.marc_id);
    let updated = wait_for(&mut marc_events, |e| {
        e["type"] == "conversation_updated"
            && about(e, id)
            && e["conversation"]["assignee"] == demo.marc_id
    })
    .await;
    assert!(updated.is_some(), "Marc is told");
    let messages = demo.all_messages(id).await;
    let system = messages
        .iter()
        .find(|m| m["author"]["kind"] == "system")
        .unwrap();
    assert_eq!(
        system["text"],
        "Olivia Bernard transferred the conversation to Marc Petit"
    );
    assert_eq!(system["system"]["kind"], "transferred_to_user");
    assert_eq!(system["system"]["by"]["id"], demo.olivia_id);
    assert_eq!(system["system"]["to"]["name"], "Marc Petit");
    let note = messages
        .iter()
        .find(|m| m["text"] == "Billing question")
        .unwrap();
    assert_eq!(note["internal"], true);
    assert_eq!(note["author"]["user_id"], demo.olivia_id);
}

#[tokio::test]
async fn transfer_to_a_line_moves_it_to_that_lines_unanswered() {
    let demo = Demo::start().await;
    // Sales: Marc (Support only) cannot see it.
    let id = demo.new_conversation("demo-livechat", "t-line").await;
    assert_eq!(demo.summary(&demo.marc, id).await.0, 403);
    demo.act(&demo.olivia, id, "answer", json!({})).await;
    let to_support = to_line(demo.support);
    let (status, after) = demo.act(&demo.olivia, id, "transfer", to_support).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["line_id"], demo.support);
    assert_eq!(after["status"], "unanswered");
    assert_eq!(after["assignee"], Value::Null);
    let (status, seen) = demo.summary(&demo.marc, id).await;
    assert_eq!(status, 200);
    assert_eq!(seen["status"], "unanswered");
    assert!(queue_lists(&demo, &demo.marc, "status=unanswered&limit=200", id).await);
    assert_eq!(
        demo.last_system(id).await["system"]["kind"],
        "transferred_to_line"
    );
    // Marc, a member of Support, sends it back to Sales: his queue loses it,
    // and he hears of it so his screen can drop it.
    let mut marc_events = demo.live_events(&demo.marc).await;
    let to_sales = to_line(demo.sales);
    let (status, _) = demo.act(&demo.marc, id, "transfer", to_sales).await;
    assert_eq!(status, 200);
    let told = wait_for(&mut marc_events, |e| {
        e["type"] == "conversation_updated" && about(e, id)
    })
    .await;
    assert_eq!(told.unwrap()["conversation"]["line_id"], demo.sales);
    assert_eq!(demo.summary(&demo.marc, id).await.0, 403);
    assert!(!queue_lists(&demo, &demo.marc, "limit=200", id).await);
}

#[tokio::test]
async fn accept_and_close_and_finish_close_the_conversation() {
    let demo = Demo::start().await;
    let unanswered = demo.new_conversation("demo-telegram", "close-1").await;
    let (status, after) = demo.act(&demo.marc, unanswered, "close", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(after["status"], "closed");
    assert!(after["closed_at"].is_i64());
    assert_eq!(
        demo.last_system(unanswered).await["system"]["kind"],
        "closed"
    );
    let again = demo.act(&demo.marc, unanswered, "close", json!({})).await;
    assert_error(&again, 409, "conversation_closed");

    let in_progress = demo.new_conversation("demo-telegram", "close-2").await;
    demo.act(&demo.olivia, in_progress, "answer", json!({}))
        .await;
    // Marc is in the line but not in the conversation: he may not finish it.
    let refused = demo.act(&demo.marc, in_progress, "close", json!({})).await;
    assert_error(&refused, 403, "forbidden");
    let (status, after) = demo
        .act(&demo.olivia, in_progress, "close", json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(after["status"], "closed");
    let closed = "status=closed&limit=200";
    assert!(queue_lists(&demo, &demo.olivia, closed, in_progress).await);
}

#[tokio::test]
async fn spam_then_the_customer_writes_again_opens_a_new_session() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "spammy").await;
    let (status, after) = demo.act(&demo.olivia, id, "spam", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(after["status"], "spam");
    assert_eq!(
        demo.last_system(id).await["text"],
        "Olivia Bernard marked the conversation as spam"
    );
    let (status, body) = demo
        .deliver("demo-telegram", "spammy", "spammy-2", "again")
        .await;
    assert_eq!(status, 202);
    let next = body["conversation_id"].as_i64().unwrap();
    assert_ne!(next, id);
    let (_, summary) = demo.summary(&demo.olivia, next).await;
    assert_eq!(summary["status"], "unanswered");
    assert_eq!(summary["session_number"], 2);
    assert_eq!(demo.summary(&demo.olivia, id).await.1["status"], "spam");
}

#[tokio::test]
async fn take_over_tells_the_previous_assignee() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "take").await;
    demo.act(&demo.olivia, id, "answer", json!({})).await;
    let mut olivia_events = demo.live_events(&demo.olivia).await;
    let (status, after) = demo.act(&demo.marc, id, "take", json!({})).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["assignee"], demo.marc_id);
    let told = wait_for(&mut olivia_events, |e| {
        e["type"] == "message_created" && about(e, id)
    })
    .await
    .unwrap();
    assert_eq!(told["message"]["system"]["kind"], "taken");
    assert_eq!(told["message"]["system"]["from"]["id"], demo.olivia_id);
    assert_eq!(
        told["message"]["text"],
        "Marc Petit took the conversation over from Olivia Bernard"
    );
    let updated = wait_for(&mut olivia_events, |e| {
        e["type"] == "conversation_updated" && about(e, id)
    })
    .await;
    assert_eq!(updated.unwrap()["conversation"]["assignee"], demo.marc_id);
    // Taking what one already has changes nothing.
    let (status, same) = demo.act(&demo.marc, id, "take", json!({})).await;
    assert_eq!((status, &same["version"]), (200, &after["version"]));
}

#[tokio::test]
async fn a_locked_conversation_stays_with_its_operator_except_for_supervisors() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "lock").await;
    demo.act(&demo.olivia, id, "answer", json!({})).await;
    let (status, _) = demo.lock(&demo.marc, id, true).await;
    assert_eq!(status, 403, "only the assignee locks");
    let (status, locked) = demo.lock(&demo.olivia, id, true).await;
    assert_eq!(status, 200);
    assert_eq!(locked["locked_by"], demo.olivia_id);
    assert_eq!(demo.last_system(id).await["system"]["kind"], "locked");
    let refused = demo.act(&demo.marc, id, "take", json!({})).await;
    assert_error(&refused, 403, "locked");
    assert_eq!(refused.1["error"]["by"]["id"], demo.olivia_id);
    let to_marc = to_user(demo.marc_id);
    let refused = demo.act(&demo.marc, id, "transfer", to_marc).await;
    assert_error(&refused, 403, "locked");
    let (status, taken) = demo.act(&demo.sophie, id, "take", json!({})).await;
    assert_eq!(status, 200, "{taken}");
    assert_eq!(taken["locked_by"], Value::Null);
    // Unlock round trip by the new assignee.
    let (status, relocked) = demo.lock(&demo.sophie, id, true).await;
    assert_eq!(status, 200);
    assert!(relocked["locked_by"].is_i64());
    let (status, unlocked) = demo.lock(&demo.sophie, id, false).await;
    assert_eq!(status, 200);
    assert_eq!(unlocked["locked_by"], Value::Null);
    assert_eq!(demo.last_system(id).await["system"]["kind"], "unlocked");
}

#[tokio::test]
async fn an_invited_colleague_sees_reads_and_writes() {
    let demo = Demo::start().await;
    // Sales: Marc is not in it.
    let id = demo.new_conversation("demo-livechat", "invite").await;
    demo.act(&demo.olivia, id, "answer", json!({})).await;
    let note = json!({"client_id": "n-1", "text": "secret note", "internal": true});
    demo.send_message(&demo.olivia, id, note).await;
    assert_eq!(demo.summary(&demo.marc, id).await.0, 403);
    let mut marc_events = demo.live_events(&demo.marc).await;
    let invite = json!({"users": [demo.marc_id]});
    let (status, after) = demo.act(&demo.olivia, id, "invite", invite).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["participants"], json!([demo.marc_id]));
    let told = wait_for(&mut marc_events, |e| {
        e["type"] == "conversation_updated" && about(e, id)
    })
    .await;
    assert!(told.is_some(), "Marc hears of the invitation");
    assert_eq!(demo.summary(&demo.marc, id).await.0, 200);
    let messages = demo.messages(&demo.marc, id).await;
    assert!(messages.iter().any(|m| m["text"] == "secret note"));
    let in_progress = "status=in_progress&limit=200";
    assert!(queue_lists(&demo, &demo.marc, in_progress, id).await);
    let note = json!({"client_id": "m-1", "text": "my note", "internal": true});
    assert_eq!(demo.send_message(&demo.marc, id, note).await.0, 201);
    let reply = json!({"client_id": "m-2", "text": "Hello from Marc"});
    assert_eq!(demo.send_message(&demo.marc, id, reply).await.0, 201);
    let live = wait_for(&mut marc_events, |e| {
        e["type"] == "message_created" && e["message"]["text"] == "Hello from Marc"
    })
    .await;
    assert!(live.is_some(), "Marc receives the conversation's events");
    let system = demo.last_system(id).await;
    assert_eq!(system["text"], "Olivia Bernard invited Marc Petit");
}

#[tokio::test]
async fn an_operator_outside_the_line_is_refused() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-livechat", "outside").await;
    for action in ["take", "close", "spam"] {
        let answer = demo.act(&demo.marc, id, action, json!({})).await;
        assert_eq!(answer.0, 403, "{action}");
        assert_error(&answer, 403, "forbidden");
    }
    let to_support = to_line(demo.support);
    let (status, _) = demo.act(&demo.marc, id, "transfer", to_support).await;
    assert_eq!(status, 403);
    let (status, _) = demo
        .get(&demo.marc, &format!("/conversations/{id}/history"))
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        demo.summary(&demo.admin, id).await.1["status"],
        "unanswered"
    );
}

#[tokio::test]
async fn of_two_concurrent_actions_exactly_one_wins() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "race").await;
    demo.act(&demo.olivia, id, "answer", json!({})).await;
    let version = demo.summary(&demo.admin, id).await.1["version"].clone();
    let body = json!({ "version": version });
    let (marc, boss) = tokio::join!(
        demo.act(&demo.marc, id, "take", body.clone()),
        demo.act(&demo.sophie, id, "take", body.clone()),
    );
    let statuses = [marc.0, boss.0];
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{marc:?} {boss:?}"
    );
    let loser = if marc.0 == 200 { &boss } else { &marc };
    assert_error(loser, 409, "conversation_changed");
    let (_, now) = demo.summary(&demo.admin, id).await;
    let winner = if marc.0 == 200 { &marc.1 } else { &boss.1 };
    assert_eq!(now["assignee"], winner["assignee"]);
    let taken = demo
        .all_messages(id)
        .await
        .into_iter()
        .filter(|m| m["system"]["kind"] == "taken")
        .count();
    assert_eq!(taken, 1, "nothing half-done");

    // Without a version, the state check decides: one close, one conflict.
    let (a, b) = tokio::join!(
        demo.act(&demo.admin, id, "close", json!({})),
        demo.act(&demo.sophie, id, "spam", json!({})),
    );
    assert_eq!(
        [a.0, b.0].iter().filter(|s| **s == 200).count(),
        1,
        "{a:?} {b:?}"
    );
    assert!([a.0, b.0].contains(&409));
}
