//! Routing over HTTP on the demo's "VIP" channel (Evenly, capacity 2,
//! 30 s to take, Olivia and Marc): offers, Skip, Accept, the channel's
//! routing settings. The rules on a controlled clock are the unit tests of
//! `services::routing`.

use serde_json::{json, Value};

use crate::support::{about, wait_for, Demo};

/// The conversation once routing gave it a holder other than `not`
/// (polled: routing runs just after the change that woke it).
async fn offered(demo: &Demo, id: i64, not: Option<i64>) -> Value {
    for _ in 0..100 {
        let (_, summary) = demo.summary(&demo.admin, id).await;
        let holder = summary["assignee"].as_i64();
        if summary["offer_expires_at"].is_i64() && holder.is_some() && holder != not {
            return summary;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (_, summary) = demo.summary(&demo.admin, id).await;
    panic!("conversation {id} was never offered: {summary}");
}

#[tokio::test]
async fn a_vip_customer_is_offered_to_one_member_who_may_skip_it_to_the_other_who_accepts() {
    let demo = Demo::start().await;
    let mut olivia_events = demo.live_events(&demo.olivia).await;
    let id = demo.new_conversation("demo-vip", "vip-1").await;
    let summary = offered(&demo, id, None).await;
    assert_eq!(summary["status"], "unanswered");
    let expires = summary["offer_expires_at"].as_i64().unwrap();
    let waited = expires - summary["created_at"].as_i64().unwrap();
    assert!(
        (29_000..=31_000).contains(&waited),
        "30 s to take: {waited}"
    );
    let event = wait_for(&mut olivia_events, |event| {
        about(event, id) && event["conversation"]["offer_expires_at"].is_i64()
    })
    .await;
    assert!(event.is_some(), "the queue hears of the offer");

    let holder = summary["assignee"].as_i64().unwrap();
    let (holder_token, other_token, other) = if holder == demo.olivia_id {
        (&demo.olivia, &demo.marc, demo.marc_id)
    } else {
        (&demo.marc, &demo.olivia, demo.olivia_id)
    };
    let (status, body) = demo.act(other_token, id, "skip", json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("conflict")),
        "{body}"
    );
    let (status, body) = demo.act(holder_token, id, "skip", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let summary = offered(&demo, id, Some(holder)).await;
    assert_eq!(summary["assignee"], other, "passed on to the other member");

    let (status, body) = demo.act(other_token, id, "answer", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "in_progress");
    assert_eq!(body["assignee"], other);
    assert!(
        body["offer_expires_at"].is_null(),
        "accepted: no offer left"
    );
}

#[tokio::test]
async fn a_member_going_away_hands_their_offer_to_a_colleague() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-vip", "vip-away").await;
    let holder = offered(&demo, id, None).await["assignee"].as_i64().unwrap();
    let token = if holder == demo.olivia_id {
        &demo.olivia
    } else {
        &demo.marc
    };
    let (status, _) = demo
        .put(token, "/me/presence", json!({ "presence": "away" }))
        .await;
    assert_eq!(status, 200);
    let summary = offered(&demo, id, Some(holder)).await;
    assert_ne!(summary["assignee"].as_i64(), Some(holder));
}

#[tokio::test]
async fn the_routing_of_a_channel_is_validated_audited_and_for_admins() {
    let demo = Demo::start().await;
    let path = format!("/lines/{}/routing", demo.support);
    let body = |take: u32, capacity: Value| {
        json!({ "mode": "strict", "routing": {
            "time_to_take_seconds": take, "capacity": capacity,
            "first_answer_target_seconds": 180 } })
    };
    let (status, _) = demo.put(&demo.olivia, &path, body(60, json!(3))).await;
    assert_eq!(status, 403);
    let (status, error) = demo.put(&demo.admin, &path, body(5, json!(3))).await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["field"], "time_to_take_seconds", "{error}");
    let (status, error) = demo.put(&demo.admin, &path, body(60, json!(0))).await;
    assert_eq!(
        (status, &error["error"]["field"]),
        (422, &json!("capacity"))
    );
    let (status, line) = demo.put(&demo.admin, &path, body(45, json!(3))).await;
    assert_eq!(status, 200, "{line}");
    assert_eq!(line["mode"], "strict");
    assert_eq!(
        line["routing"],
        json!({ "time_to_take_seconds": 45, "capacity": 3, "first_answer_target_seconds": 180 })
    );
    let audit = demo.get_ok(&demo.admin, "/audit").await;
    assert_eq!(
        audit["entries"][0]["action"], "line_routing_changed",
        "{audit}"
    );
}
