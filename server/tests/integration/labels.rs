//! Conversation labels and priority: who may define labels and who may put
//! them on a conversation, validation, the events every workspace follows,
//! the queue filtered by label, and what deleting a label does.

use serde_json::{json, Value};

use crate::support::{assert_error, database, items, numbers, strings, wait_for, Demo};

async fn create_label(demo: &Demo, name: &str, colour: &str) -> i64 {
    let body = json!({"name": name, "colour": colour});
    let (status, label) = demo.post(&demo.admin, "/labels", body).await;
    assert_eq!(status, 201, "{label}");
    label["id"].as_i64().unwrap()
}

async fn set_labels(demo: &Demo, token: &str, id: i64, labels: &[i64]) -> (u16, Value) {
    let path = format!("/conversations/{id}/labels");
    demo.put(token, &path, json!({ "labels": labels })).await
}

#[tokio::test]
async fn only_admins_define_labels_and_everyone_reads_them() {
    let demo = Demo::start().await;
    let body = json!({"name": "Refund", "colour": "orange"});
    for token in [&demo.olivia, &demo.sophie] {
        assert_error(
            &demo.post(token, "/labels", body.clone()).await,
            403,
            "forbidden",
        );
    }
    let id = create_label(&demo, "Refund", "orange").await;
    let path = format!("/labels/{id}");
    let rename = json!({"name": "Refunds", "colour": "purple"});
    assert_error(
        &demo.patch(&demo.marc, &path, rename.clone()).await,
        403,
        "forbidden",
    );
    assert_error(&demo.delete(&demo.sophie, &path).await, 403, "forbidden");
    // Any employee reads them, by name, with the demo's.
    let names = strings(&demo.get_ok(&demo.marc, "/labels").await, "/name");
    assert_eq!(names, ["Billing", "Bug", "Feedback", "Refund"]);
    let (status, label) = demo.patch(&demo.admin, &path, rename).await;
    assert_eq!(status, 200, "{label}");
    assert_eq!(
        (label["name"].as_str(), label["colour"].as_str()),
        (Some("Refunds"), Some("purple"))
    );
    let audit = demo.get_ok(&demo.admin, "/audit?kind=labels").await;
    let actions = strings(&audit["entries"], "/action");
    assert_eq!(actions, ["label_updated", "label_created"]);
    let (status, _) = demo.delete(&demo.admin, &path).await;
    assert_eq!(status, 204);
    assert_error(&demo.delete(&demo.admin, &path).await, 404, "not_found");
}

#[tokio::test]
async fn names_are_unique_regardless_of_case_and_colours_come_from_the_palette() {
    let demo = Demo::start().await;
    let taken = json!({"name": "  billing ", "colour": "red"});
    let answer = demo.post(&demo.admin, "/labels", taken).await;
    assert_error(&answer, 422, "name_taken");
    assert_eq!(answer.1["error"]["field"], "name");
    let blank = demo
        .post(
            &demo.admin,
            "/labels",
            json!({"name": " ", "colour": "red"}),
        )
        .await;
    assert_eq!(blank.0, 422);
    assert_eq!(blank.1["error"]["field"], "name");
    let long = json!({"name": "x".repeat(51), "colour": "red"});
    assert_eq!(demo.post(&demo.admin, "/labels", long).await.0, 422);
    let colour = json!({"name": "Odd", "colour": "chartreuse"});
    assert_eq!(demo.post(&demo.admin, "/labels", colour).await.0, 422);
    // Renaming a label to another's name is refused; to its own, in
    // another case, is not.
    let id = create_label(&demo, "Urgent refund", "orange").await;
    let path = format!("/labels/{id}");
    let answer = demo
        .patch(&demo.admin, &path, json!({"name": "BUG", "colour": "red"}))
        .await;
    assert_error(&answer, 422, "name_taken");
    let (status, label) = demo
        .patch(
            &demo.admin,
            &path,
            json!({"name": "URGENT REFUND", "colour": "orange"}),
        )
        .await;
    assert_eq!(status, 200, "{label}");
}

#[tokio::test]
async fn who_may_act_on_a_conversation_sets_its_labels_and_priority() {
    let demo = Demo::start().await;
    let bug = demo.find_id(&demo.admin, "/labels", "name", "Bug").await;
    let billing = demo
        .find_id(&demo.admin, "/labels", "name", "Billing")
        .await;
    // An unanswered conversation of Support: Marc and Olivia are its members.
    let id = demo.new_conversation("demo-telegram", "label-chat").await;
    let (status, summary) = set_labels(&demo, &demo.olivia, id, &[bug, billing, bug]).await;
    assert_eq!(status, 200, "{summary}");
    // By name: Billing before Bug, each once.
    assert_eq!(numbers(&summary["labels"], ""), [billing, bug]);
    assert_eq!(summary["priority"], "none");
    let path = format!("/conversations/{id}/priority");
    let (status, summary) = demo
        .put(&demo.marc, &path, json!({"priority": "urgent"}))
        .await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["priority"], "urgent");
    assert_eq!(summary["labels"], json!([billing, bug]));
    assert_eq!(
        demo.put(&demo.marc, &path, json!({"priority": "asap"}))
            .await
            .0,
        422
    );
    // Unknown labels are refused, with the field.
    let answer = set_labels(&demo, &demo.olivia, id, &[bug, 999_999]).await;
    assert_error(&answer, 422, "unknown_label");
    assert_eq!(answer.1["error"]["field"], "labels");
    // A Sales conversation is not Marc's to act on.
    let sales = demo
        .new_conversation("demo-whatsapp", "sales-label-chat")
        .await;
    assert_error(
        &set_labels(&demo, &demo.marc, sales, &[bug]).await,
        403,
        "forbidden",
    );
    let path = format!("/conversations/{sales}/priority");
    let refused = demo
        .put(&demo.marc, &path, json!({"priority": "high"}))
        .await;
    assert_error(&refused, 403, "forbidden");
    // A closed one is read-only.
    let (status, _) = demo.act(&demo.olivia, id, "close", json!({})).await;
    assert_eq!(status, 200);
    let closed = set_labels(&demo, &demo.olivia, id, &[]).await;
    assert_error(&closed, 409, "conversation_closed");
}

#[tokio::test]
async fn label_changes_reach_every_workspace_and_the_queue_filters_by_label() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "filter-chat").await;
    let mut marc = demo.live_events(&demo.marc).await;
    let refund = create_label(&demo, "Refund", "teal").await;
    let event = wait_for(&mut marc, |event| event["type"] == "labels_changed")
        .await
        .expect("labels_changed");
    assert!(strings(&event["labels"], "/name").contains(&"Refund".to_owned()));
    let (status, _) = set_labels(&demo, &demo.olivia, id, &[refund]).await;
    assert_eq!(status, 200);
    let event = wait_for(&mut marc, |event| {
        event["type"] == "conversation_updated" && event["conversation"]["id"] == id
    })
    .await
    .expect("conversation_updated");
    assert_eq!(event["conversation"]["labels"], json!([refund]));
    // The queue with the label lists exactly that conversation.
    let page = demo
        .get_ok(&demo.marc, &format!("/conversations?label={refund}"))
        .await;
    assert_eq!(numbers(items(&page["items"]), "/conversation/id"), [id]);
    assert_eq!(page["counts"]["unanswered"], 1);
    let page = demo.get_ok(&demo.marc, "/conversations?label=999999").await;
    assert!(items(&page["items"]).is_empty());
}

#[tokio::test]
async fn deleting_a_label_takes_it_off_its_conversations() {
    let demo = Demo::start().await;
    let refund = create_label(&demo, "Refund", "pink").await;
    let bug = demo.find_id(&demo.admin, "/labels", "name", "Bug").await;
    let id = demo.new_conversation("demo-telegram", "delete-chat").await;
    let (status, before) = set_labels(&demo, &demo.olivia, id, &[refund, bug]).await;
    assert_eq!(status, 200);
    let mut olivia = demo.live_events(&demo.olivia).await;
    let (status, _) = demo.delete(&demo.admin, &format!("/labels/{refund}")).await;
    assert_eq!(status, 204);
    let event = wait_for(&mut olivia, |event| event["type"] == "labels_changed")
        .await
        .expect("labels_changed");
    assert!(!strings(&event["labels"], "/name").contains(&"Refund".to_owned()));
    let event = wait_for(&mut olivia, |event| {
        event["type"] == "conversation_updated" && event["conversation"]["id"] == id
    })
    .await
    .expect("conversation_updated");
    assert_eq!(event["conversation"]["labels"], json!([bug]));
    assert!(event["conversation"]["version"].as_i64() > before["version"].as_i64());
    let (_, summary) = demo.summary(&demo.olivia, id).await;
    assert_eq!(summary["labels"], json!([bug]));
    let page = demo
        .get_ok(&demo.admin, &format!("/conversations?label={refund}"))
        .await;
    assert!(items(&page["items"]).is_empty());
}

/// Puts a conversation's creation, its public replies (`answer` after it)
/// and its closing (`close` after it) at known instants: only the
/// timestamps, which the API cannot choose.
async fn place(demo: &Demo, id: i64, created: i64, answer: i64, close: i64) {
    database::execute(
        demo.data_dir(),
        "UPDATE conversations SET created_at = $1, closed_at = CASE WHEN closed_at IS NULL \
            THEN NULL ELSE $1 + $2 END WHERE id = $3",
        &[created, close, id],
    )
    .await;
    database::execute(
        demo.data_dir(),
        "UPDATE messages SET created_at = $1 + CASE WHEN author_kind = 'employee' THEN $2 \
            ELSE 0 END WHERE conversation_id = $3",
        &[created, answer, id],
    )
    .await;
}

#[tokio::test]
async fn reports_count_the_conversations_of_each_label() {
    const MONDAY: i64 = 1_709_539_200_000;
    let demo = Demo::start().await;
    let bug = demo.find_id(&demo.admin, "/labels", "name", "Bug").await;
    let billing = demo
        .find_id(&demo.admin, "/labels", "name", "Billing")
        .await;
    // Answered after 60 s (Bug and Billing), answered after 180 s (Bug),
    // closed unanswered (Bug).
    let mut ids = Vec::new();
    for (chat, labels, answered) in [
        ("rl-1", vec![bug, billing], true),
        ("rl-2", vec![bug], true),
        ("rl-3", vec![bug], false),
    ] {
        let id = demo.new_conversation("demo-telegram", chat).await;
        assert_eq!(set_labels(&demo, &demo.olivia, id, &labels).await.0, 200);
        if answered {
            let body = json!({"client_id": format!("{chat}-r"), "text": "Hello"});
            assert_eq!(demo.send_message(&demo.olivia, id, body).await.0, 201);
        }
        ids.push(id);
    }
    let (status, _) = demo.act(&demo.olivia, ids[2], "close", json!({})).await;
    assert_eq!(status, 200);
    place(&demo, ids[0], MONDAY, 60_000, 0).await;
    place(&demo, ids[1], MONDAY + 1000, 180_000, 0).await;
    place(&demo, ids[2], MONDAY + 2000, 0, 30_000).await;
    let path = "/reports?from=2024-03-04&to=2024-03-04&period=day&tz=UTC";
    let report = demo.get_ok(&demo.sophie, path).await;
    let labels = &report["overall"]["labels"];
    assert_eq!(strings(labels, "/name"), ["Billing", "Bug"], "{report}");
    let bug_row = &labels[1]["measures"];
    let counts = ["new", "answered", "missed"].map(|name| bug_row[name].as_i64().unwrap());
    assert_eq!(counts, [3, 2, 1]);
    assert_eq!(bug_row["first_answer_median_seconds"], 120);
    assert_eq!(labels[0]["measures"]["first_answer_median_seconds"], 60);
    let response = demo
        .request(
            reqwest::Method::GET,
            &path.replace("/reports", "/reports.csv"),
        )
        .bearer_auth(&demo.sophie)
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    let row = format!("2024-03-04,label,{bug},Bug,3,2,1,120,");
    assert!(text.lines().any(|line| line.starts_with(&row)), "{text}");
}
