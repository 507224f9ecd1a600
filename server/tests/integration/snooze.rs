//! Snooze: `POST /conversations/{id}/snooze` and `DELETE` ("Wake now"), the
//! queue's Snoozed list, and the customer writing waking it. The wake-up
//! times and the timed wake-up (on a clock of the tests' own) are the unit
//! tests of `services::snooze`.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::support::{about, assert_error, numbers, wait_for, Demo};

const HOUR: i64 = 3_600_000;

fn now_ms() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// Whether Olivia's queue with `query` lists conversation `id`, and the page.
async fn listed(demo: &Demo, query: &str, id: i64) -> (bool, Value) {
    let page = demo
        .get_ok(&demo.olivia, &format!("/conversations?{query}&limit=200"))
        .await;
    (
        numbers(&page["items"], "/conversation/id").contains(&id),
        page,
    )
}

/// A conversation Olivia answered: in progress, hers.
async fn olivias(demo: &Demo, chat: &str) -> i64 {
    let id = demo.new_conversation("demo-telegram", chat).await;
    let (status, body) = demo.act(&demo.olivia, id, "answer", json!({})).await;
    assert_eq!(status, 200, "{body}");
    id
}

fn one_hour() -> Value {
    json!({"preset": "one_hour", "time_zone": "Europe/Paris"})
}

#[tokio::test]
async fn a_snoozed_conversation_leaves_in_progress_until_the_customer_writes() {
    let demo = Demo::start().await;
    let id = olivias(&demo, "snooze-1").await;
    let mut events = demo.live_events(&demo.olivia).await;
    let before = now_ms();
    let (status, snoozed) = demo.act(&demo.olivia, id, "snooze", one_hour()).await;
    assert_eq!(status, 200, "{snoozed}");
    let until = snoozed["snoozed_until"].as_i64().unwrap();
    assert!(
        (before + HOUR..=now_ms() + HOUR).contains(&until),
        "{until}"
    );
    assert_eq!(snoozed["status"], "in_progress");
    let told = wait_for(&mut events, |e| {
        e["type"] == "conversation_updated"
            && about(e, id)
            && e["conversation"]["snoozed_until"] == until
    })
    .await;
    assert!(told.is_some(), "the queue follows");

    let (in_progress, page) = listed(&demo, "status=in_progress&snoozed=false", id).await;
    assert!(!in_progress, "no longer in progress");
    assert!(page["counts"]["snoozed"].as_u64().unwrap() >= 1);
    assert!(listed(&demo, "status=in_progress&snoozed=true", id).await.0);
    let (all, _) = listed(&demo, "status=in_progress", id).await;
    assert!(all, "without the filter, both");

    let (status, body) = demo
        .deliver("demo-telegram", "snooze-1", "snooze-1-2", "Any news?")
        .await;
    assert_eq!(status, 202, "{body}");
    let woke = wait_for(&mut events, |e| {
        e["type"] == "conversation_updated"
            && about(e, id)
            && e["conversation"]["snoozed_until"].is_null()
    })
    .await;
    assert!(woke.is_some(), "the customer writing wakes it");
    assert!(
        listed(&demo, "status=in_progress&snoozed=false", id)
            .await
            .0
    );
    assert!(!listed(&demo, "status=in_progress&snoozed=true", id).await.0);
}

#[tokio::test]
async fn wake_now_brings_it_back_at_once() {
    let demo = Demo::start().await;
    let id = olivias(&demo, "snooze-2").await;
    let at = json!({"preset": "next_monday", "time_zone": "America/New_York"});
    let (status, body) = demo.act(&demo.olivia, id, "snooze", at).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["snoozed_until"].as_i64().unwrap() > now_ms());
    let (status, awake) = demo
        .delete(&demo.olivia, &format!("/conversations/{id}/snooze"))
        .await;
    assert_eq!(status, 200, "{awake}");
    assert!(awake["snoozed_until"].is_null());
    assert!(awake["version"].as_i64() > body["version"].as_i64());
    assert!(
        listed(&demo, "status=in_progress&snoozed=false", id)
            .await
            .0
    );
}

#[tokio::test]
async fn bad_times_are_field_errors() {
    let demo = Demo::start().await;
    let id = olivias(&demo, "snooze-3").await;
    let cases = [
        (
            json!({"preset": "at", "time_zone": "Europe/Paris"}),
            "invalid_snooze_time",
            "local",
        ),
        (
            json!({"preset": "at", "time_zone": "Europe/Paris", "local": "2020-01-01T09:00"}),
            "snooze_time_past",
            "local",
        ),
        (
            json!({"preset": "at", "time_zone": "Europe/Paris", "local": "2999-01-01T09:00"}),
            "snooze_time_too_far",
            "local",
        ),
        (
            json!({"preset": "tomorrow", "time_zone": "Nowhere/Town"}),
            "invalid_time_zone",
            "time_zone",
        ),
    ];
    for (body, code, field) in cases {
        let answer = demo.act(&demo.olivia, id, "snooze", body).await;
        assert_error(&answer, 422, code);
        assert_eq!(answer.1["error"]["field"], field);
    }
    let (_, summary) = demo.summary(&demo.olivia, id).await;
    assert!(summary["snoozed_until"].is_null(), "nothing written");
}

#[tokio::test]
async fn only_who_may_act_on_a_conversation_in_progress_snoozes_it() {
    let demo = Demo::start().await;
    let unanswered = demo.new_conversation("demo-telegram", "snooze-4").await;
    let answer = demo
        .act(&demo.olivia, unanswered, "snooze", one_hour())
        .await;
    assert_error(&answer, 409, "conflict");
    let id = olivias(&demo, "snooze-5").await;
    // Marc is a member of the line but neither assignee nor participant.
    let answer = demo.act(&demo.marc, id, "snooze", one_hour()).await;
    assert_error(&answer, 403, "forbidden");
    // A supervisor may.
    let (status, body) = demo.act(&demo.sophie, id, "snooze", one_hour()).await;
    assert_eq!(status, 200, "{body}");
    // Closing ends the snooze.
    let (status, closed) = demo.act(&demo.olivia, id, "close", json!({})).await;
    assert_eq!(status, 200, "{closed}");
    assert!(closed["snoozed_until"].is_null());
    let answer = demo
        .delete(&demo.olivia, &format!("/conversations/{id}/snooze"))
        .await;
    assert_error(&answer, 409, "conversation_closed");
}
