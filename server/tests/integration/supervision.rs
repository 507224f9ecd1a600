//! `GET /supervision`: every operator's load and every waiting conversation
//! with who holds its offer, for supervisors and admins.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{assert_error, Demo};

/// Polls the supervision snapshot (as Sophie, a supervisor) until `ready`
/// holds, for at most 5 seconds; returns the last snapshot either way.
async fn supervision_until(demo: &Demo, ready: impl Fn(&Value) -> bool) -> Value {
    let mut snapshot = Value::Null;
    for _ in 0..50 {
        snapshot = demo.get_ok(&demo.sophie, "/supervision").await;
        if ready(&snapshot) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    snapshot
}

/// The waiting row of conversation `id`, if it waits.
fn waiting_row(snapshot: &Value, id: i64) -> Option<&Value> {
    snapshot["waiting"]
        .as_array()?
        .iter()
        .find(|row| row["id"] == id)
}

/// The load of operator `user`.
fn load_of(snapshot: &Value, user: i64) -> &Value {
    snapshot["operators"]
        .as_array()
        .and_then(|operators| operators.iter().find(|load| load["user_id"] == user))
        .unwrap_or_else(|| panic!("operator {user} in {snapshot}"))
}

#[tokio::test]
async fn a_supervisor_sees_who_holds_the_offer_of_a_waiting_customer_and_their_load() {
    let demo = Demo::start().await;
    for token in [&demo.olivia, &demo.marc] {
        let (status, body) = demo
            .put(token, "/me/presence", json!({"presence": "online"}))
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let id = demo.new_conversation("demo-vip", "vip-supervised").await;

    let offered = |snapshot: &Value| {
        waiting_row(snapshot, id).is_some_and(|row| row["offer_expires_at"].is_i64())
    };
    let snapshot = supervision_until(&demo, offered).await;
    let row = waiting_row(&snapshot, id)
        .filter(|row| row["offer_expires_at"].is_i64())
        .unwrap_or_else(|| panic!("conversation {id} offered within 5 s: {snapshot}"));
    assert_eq!(row["status"], "unanswered");
    assert_eq!(row["customer"]["name"], "Marie Dupont");
    let holder = row["assignee"].as_i64().expect("the offer's holder");
    let other = if holder == demo.olivia_id {
        demo.marc_id
    } else {
        assert_eq!(holder, demo.marc_id, "offered to a VIP member");
        demo.olivia_id
    };
    let held = load_of(&snapshot, holder);
    assert_eq!(held["offers"], 1, "{snapshot}");
    assert_eq!(held["presence"], "online");
    assert_eq!(held["capacity"], 2, "VIP's capacity");
    assert_eq!(load_of(&snapshot, other)["offers"], 0, "{snapshot}");

    // The holder accepts: the customer no longer waits, the offer is gone
    // and the conversation counts among the holder's active ones.
    let active_before = held["active"].as_i64().expect("a count");
    let token = if holder == demo.olivia_id {
        &demo.olivia
    } else {
        &demo.marc
    };
    let (status, body) = demo.act(token, id, "take", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let snapshot = supervision_until(&demo, |snapshot| waiting_row(snapshot, id).is_none()).await;
    assert!(waiting_row(&snapshot, id).is_none(), "{snapshot}");
    let held = load_of(&snapshot, holder);
    assert_eq!(held["offers"], 0, "{snapshot}");
    assert_eq!(
        held["active"].as_i64(),
        Some(active_before + 1),
        "{snapshot}"
    );
}

#[tokio::test]
async fn only_supervisors_and_admins_may_supervise() {
    let demo = Demo::start().await;
    let (status, body) = demo.get(&demo.admin, "/supervision").await;
    assert_eq!(status, 200, "{body}");
    assert!(body["operators"].is_array() && body["waiting"].is_array());
    let (status, body) = demo.get(&demo.sophie, "/supervision").await;
    assert_eq!(status, 200, "{body}");
    assert_error(
        &demo.get(&demo.olivia, "/supervision").await,
        403,
        "forbidden",
    );
    assert_error(
        &demo.get(&demo.marc, "/supervision").await,
        403,
        "forbidden",
    );
}
