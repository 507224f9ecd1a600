//! Working hours and automatic messages over HTTP on the demo's "VIP"
//! channel: the settings (validated, audited, for admins), the welcome on a
//! new session and the offline reply, once per session. The rules on a
//! controlled clock are the unit tests of `services::automation`.

use serde_json::{json, Value};

use crate::support::Demo;

/// The texts of the bot's messages in a conversation once there are `count`
/// of them (polled: the automatic messages follow the change that woke
/// them).
async fn bot_said(demo: &Demo, id: i64, count: usize) -> Vec<String> {
    let said = || async {
        demo.all_messages(id)
            .await
            .into_iter()
            .filter(|message| message["author"]["kind"] == "bot")
            .map(|message| message["text"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    for _ in 0..100 {
        let texts = said().await;
        if texts.len() >= count {
            return texts;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    said().await
}

async fn vip(demo: &Demo) -> String {
    let id = demo.line_id(&demo.admin, "VIP").await;
    format!("/lines/{id}/automation")
}

#[tokio::test]
async fn the_automatic_messages_of_a_channel_are_validated_audited_and_for_admins() {
    let demo = Demo::start().await;
    let path = vip(&demo).await;
    let good = json!({ "time_zone": "Europe/Paris", "welcome_message": "Welcome",
        "working_hours": { "days": [{ "weekday": 1, "opens": "09:00", "closes": "18:00" }],
            "closed_dates": ["2026-12-25"] },
        "auto_close_hours": 24, "rating_request": true });
    let (status, _) = demo.put(&demo.olivia, &path, good.clone()).await;
    assert_eq!(status, 403);
    let wrong: [(Value, &str); 5] = [
        (json!({ "time_zone": "Mars/Olympus" }), "time_zone"),
        (
            json!({ "working_hours": { "days": [{ "weekday": 1, "opens": "18:00", "closes": "09:00" }] } }),
            "working_hours",
        ),
        (
            json!({ "working_hours": { "days": [], "closed_dates": ["2026-02-30"] } }),
            "closed_dates",
        ),
        (json!({ "auto_close_hours": 0 }), "auto_close_hours"),
        (
            json!({ "offline_message": "x".repeat(1001) }),
            "offline_message",
        ),
    ];
    for (body, field) in wrong {
        let (status, error) = demo.put(&demo.admin, &path, body).await;
        assert_eq!(
            (status, &error["error"]["field"]),
            (422, &json!(field)),
            "{error}"
        );
    }
    let (status, line) = demo.put(&demo.admin, &path, good).await;
    assert_eq!(status, 200, "{line}");
    assert_eq!(line["automation"]["time_zone"], "Europe/Paris");
    assert_eq!(line["automation"]["auto_close_hours"], 24);
    assert_eq!(line["automation"]["rating_request"], true);
    let audit = demo.get_ok(&demo.admin, "/audit").await;
    assert_eq!(
        audit["entries"][0]["action"], "line_automation_changed",
        "{audit}"
    );
    let lines = demo.get_ok(&demo.admin, "/lines").await;
    let listed = lines
        .as_array()
        .and_then(|lines| lines.iter().find(|line| line["name"] == "VIP"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(listed["automation"], line["automation"], "{lines}");
}

#[tokio::test]
async fn a_new_vip_session_is_welcomed_and_told_once_that_the_channel_is_closed() {
    let demo = Demo::start().await;
    let path = vip(&demo).await;
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let body = json!({ "welcome_message": "Welcome to VIP support",
        "offline_message": "We are closed today",
        "working_hours": { "days": [], "closed_dates": [today] } });
    let (status, line) = demo.put(&demo.admin, &path, body).await;
    assert_eq!(status, 200, "{line}");
    // Nothing listens there: what goes to the customer stays in the outbox.
    demo.set_outbound(&demo.admin, "VIP", "VIP webhook", "http://127.0.0.1:9/hook")
        .await;

    let id = demo.new_conversation("demo-vip", "vip-auto").await;
    let said = bot_said(&demo, id, 2).await;
    assert_eq!(said, vec!["Welcome to VIP support", "We are closed today"]);
    for message in demo.all_messages(id).await {
        if message["author"]["kind"] == "bot" {
            assert!(
                message["delivery"]["state"].is_string(),
                "delivered like a reply: {message}"
            );
        }
    }
    let (status, body) = demo
        .deliver("demo-vip", "vip-auto", "vip-auto-2", "Anyone there?")
        .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["conversation_id"], id);
    // Give the pass the second message woke time to (not) answer.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(bot_said(&demo, id, 0).await.len(), 2, "once per session");
}

#[tokio::test]
async fn a_finished_vip_conversation_asks_for_a_rating_and_a_reply_of_four_records_it() {
    let demo = Demo::start().await;
    let path = vip(&demo).await;
    let (status, line) = demo
        .put(&demo.admin, &path, json!({ "rating_request": true }))
        .await;
    assert_eq!(status, 200, "{line}");
    let id = demo.new_conversation("demo-vip", "vip-rate").await;
    let (status, body) = demo.act(&demo.admin, id, "answer", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = demo.act(&demo.admin, id, "close", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let said = bot_said(&demo, id, 1).await;
    assert_eq!(
        said,
        vec!["How did we do? Reply with a number from 1 (bad) to 5 (great)."]
    );

    let (status, body) = demo
        .deliver("demo-vip", "vip-rate", "vip-rate-2", "4")
        .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["conversation_id"], id, "no new session: {body}");
    let (_, summary) = demo.summary(&demo.admin, id).await;
    assert_eq!(summary["status"], "closed");
    let rated = demo.last_system(id).await;
    assert_eq!(rated["system"]["kind"], "rated", "{rated}");
    assert_eq!(rated["system"]["score"], 4, "{rated}");

    // Rated once: another digit is a new message, in a new session.
    let (status, body) = demo
        .deliver("demo-vip", "vip-rate", "vip-rate-3", "5")
        .await;
    assert_eq!(status, 202, "{body}");
    assert_ne!(body["conversation_id"], id, "{body}");
}
