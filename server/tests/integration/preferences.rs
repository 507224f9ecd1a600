//! Each employee's own preferences (`/me/preferences`): the defaults until
//! saved, stored on the server so that they follow the person to another
//! browser, validated with the field named, and followed live by the
//! person's other open browsers only.

use serde_json::json;

use crate::support::{assert_error, drain, wait_for, Demo};

#[tokio::test]
async fn preferences_start_as_the_defaults() {
    let demo = Demo::start().await;
    let preferences = demo.get_ok(&demo.olivia, "/me/preferences").await;
    assert_eq!(
        preferences,
        json!({"shortcuts": {}, "single_key_shortcuts": false, "undo_send_seconds": 5})
    );
}

#[tokio::test]
async fn saved_preferences_follow_the_person_to_another_browser() {
    let demo = Demo::start().await;
    let body = json!({"shortcuts": {"reply": "alt+y"}, "single_key_shortcuts": true,
        "undo_send_seconds": 0});
    let (status, saved) = demo.put(&demo.olivia, "/me/preferences", body).await;
    assert_eq!(status, 200, "{saved}");
    // Stored in one spelling.
    assert_eq!(saved["shortcuts"], json!({"reply": "Alt+Y"}));
    let elsewhere = demo.login("olivia@example.com").await;
    let read = demo.get_ok(&elsewhere, "/me/preferences").await;
    assert_eq!(read, saved);
    // Someone else still has their own (the defaults).
    let marc = demo.get_ok(&demo.marc, "/me/preferences").await;
    assert_eq!(marc["shortcuts"], json!({}));
    assert_eq!(marc["undo_send_seconds"], 5);
}

#[tokio::test]
async fn missing_fields_take_their_defaults() {
    let demo = Demo::start().await;
    let (status, saved) = demo
        .put(
            &demo.olivia,
            "/me/preferences",
            json!({"undo_send_seconds": 12}),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        saved,
        json!({"shortcuts": {}, "single_key_shortcuts": false, "undo_send_seconds": 12})
    );
}

#[tokio::test]
async fn bad_preferences_are_refused_with_the_field_and_nothing_changes() {
    let demo = Demo::start().await;
    let cases = [
        (
            json!({"shortcuts": {"dance": "Alt+D"}}),
            "unknown_shortcut_action",
            "shortcuts",
        ),
        (
            json!({"shortcuts": {"reply": "Alt+"}}),
            "invalid_shortcut",
            "shortcuts",
        ),
        (
            json!({"shortcuts": {"reply": "Hyper+R"}}),
            "invalid_shortcut",
            "shortcuts",
        ),
        (
            json!({"shortcuts": {"reply": "Alt+T"}}),
            "duplicate_shortcut",
            "shortcuts",
        ),
        (
            json!({"shortcuts": {"reply": "Alt+Y", "finish": "alt+y"}}),
            "duplicate_shortcut",
            "shortcuts",
        ),
        (
            json!({"shortcuts": {"reply": "Ctrl+K"}}),
            "duplicate_shortcut",
            "shortcuts",
        ),
        (
            json!({"undo_send_seconds": 31}),
            "invalid_undo_send_seconds",
            "undo_send_seconds",
        ),
    ];
    for (body, code, field) in cases {
        let answer = demo
            .put(&demo.olivia, "/me/preferences", body.clone())
            .await;
        assert_error(&answer, 422, code);
        assert_eq!(answer.1["error"]["field"], field, "{body}");
    }
    // Not a number at all: refused by the body's shape.
    let (status, _) = demo
        .put(
            &demo.olivia,
            "/me/preferences",
            json!({"undo_send_seconds": -1}),
        )
        .await;
    assert_eq!(status, 422);
    let read = demo.get_ok(&demo.olivia, "/me/preferences").await;
    assert_eq!(read["shortcuts"], json!({}));
    assert_eq!(read["undo_send_seconds"], 5);
}

#[tokio::test]
async fn the_persons_other_browsers_follow_and_nobody_else_hears() {
    let demo = Demo::start().await;
    let mut mine = demo.live_events(&demo.olivia).await;
    let mut marcs = demo.live_events(&demo.marc).await;
    let body = json!({"shortcuts": {"finish": "Alt+E"}});
    let (status, _) = demo.put(&demo.olivia, "/me/preferences", body).await;
    assert_eq!(status, 200);
    let event = wait_for(&mut mine, |event| event["type"] == "preferences_updated")
        .await
        .expect("preferences_updated");
    assert_eq!(
        event["preferences"]["shortcuts"],
        json!({"finish": "Alt+E"})
    );
    let heard = drain(&mut marcs, 300).await;
    assert!(
        !heard
            .iter()
            .any(|frame| frame["event"]["type"] == "preferences_updated"),
        "{heard:?}"
    );
}

#[tokio::test]
async fn preferences_need_a_login() {
    let demo = Demo::start().await;
    let (status, _) = demo.get_anonymous("/me/preferences").await;
    assert_eq!(status, 401);
}
