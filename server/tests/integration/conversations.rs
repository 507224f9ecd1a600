use crate::common::TestServer;
use serde_json::json;

#[tokio::test]
async fn the_demo_queue_has_every_state_and_counts() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    let (status, page) = server.get(&admin, "/conversations?limit=200").await;
    assert_eq!(status, 200);
    let counts = &page["counts"];
    assert!(counts["unanswered"].as_u64().unwrap() >= 3);
    assert!(counts["in_progress"].as_u64().unwrap() >= 3);
    assert!(counts["closed"].as_u64().unwrap() >= 3);
    assert!(counts["spam"].as_u64().unwrap() >= 2);
    let (_, unanswered) = server.get(&admin, "/conversations?status=unanswered").await;
    for item in unanswered["items"].as_array().unwrap() {
        assert_eq!(item["conversation"]["status"], "unanswered");
        assert!(item["unread_count"].as_u64().unwrap() >= 1);
    }
}

#[tokio::test]
async fn the_queue_paginates_with_a_cursor_without_repeating_rows() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/conversations?limit=4&cursor={cursor}"),
            None => "/conversations?limit=4".into(),
        };
        let (status, page) = server.get(&admin, &path).await;
        assert_eq!(status, 200);
        for item in page["items"].as_array().unwrap() {
            seen.push(item["conversation"]["id"].as_i64().unwrap());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let (_, all) = server.get(&admin, "/conversations?limit=200").await;
    let expected: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["conversation"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn text_search_finds_customers_by_name_and_message() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    let (_, by_name) = server.get(&admin, "/conversations?q=Carter").await;
    assert_eq!(by_name["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        by_name["items"][0]["conversation"]["customer"]["name"],
        "John Carter"
    );
    let (_, by_text) = server.get(&admin, "/conversations?q=synchronise").await;
    assert_eq!(
        by_text["items"][0]["conversation"]["customer"]["name"],
        "Pierre Lefèvre"
    );
    let (_, nothing) = server
        .get(&admin, "/conversations?q=%25%25nothing_like_this")
        .await;
    assert!(nothing["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_customer_has_three_earlier_closed_sessions() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    let id = server
        .find_conversation(&admin, "q=Marie%20Dupont&status=unanswered")
        .await;
    let (status, detail) = server.get(&admin, &format!("/conversations/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(detail["earlier_sessions"], 3);
    assert_eq!(detail["conversation"]["session_number"], 4);
}

#[tokio::test]
async fn an_operator_of_support_cannot_read_or_act_on_sales() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    let marc = server.login("marc@example.com").await;
    let (_, lines) = server.get(&admin, "/lines").await;
    let sales = lines
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["name"] == "Sales")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let id = server
        .find_conversation(&admin, &format!("line_id={sales}&status=unanswered"))
        .await;

    let (status, body) = server.get(&marc, &format!("/conversations/{id}")).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    assert_eq!(
        server
            .get(&marc, &format!("/conversations/{id}/messages"))
            .await
            .0,
        403
    );
    assert_eq!(
        server
            .post(&marc, &format!("/conversations/{id}/answer"), json!({}))
            .await
            .0,
        403
    );
    let send = json!({"client_id": "c-1", "text": "Hello"});
    assert_eq!(
        server
            .post(&marc, &format!("/conversations/{id}/messages"), send)
            .await
            .0,
        403
    );

    // His queue holds no Sales conversation at all.
    let (_, page) = server.get(&marc, "/conversations?limit=200").await;
    assert!(!page["items"].as_array().unwrap().is_empty());
    for item in page["items"].as_array().unwrap() {
        assert_ne!(item["conversation"]["line_id"], sales);
    }
    let (_, filtered) = server
        .get(&marc, &format!("/conversations?line_id={sales}"))
        .await;
    assert!(filtered["items"].as_array().unwrap().is_empty());
    assert_eq!(filtered["counts"]["unanswered"], 0);
}

#[tokio::test]
async fn the_second_operator_to_answer_learns_who_was_first() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let alex = server.login("admin@example.com").await;
    let (_, accepted) = server
        .deliver("demo-livechat", "race", "race-1", "Hello?")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let path = format!("/conversations/{id}/answer");
    let (first, second) = tokio::join!(
        server.post(&olivia, &path, json!({})),
        server.post(&alex, &path, json!({}))
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let (winner, loser) = if first.0 == 200 {
        (first.1, second.1)
    } else {
        (second.1, first.1)
    };
    assert_eq!(loser["error"]["code"], "already_answered");
    let winner_id = winner["assignee"].as_i64().unwrap();
    assert_eq!(loser["error"]["by"]["id"].as_i64().unwrap(), winner_id);
    assert!(
        ["Olivia Bernard", "Alex Martin"].contains(&loser["error"]["by"]["name"].as_str().unwrap())
    );
    assert_eq!(winner["status"], "in_progress");
}

#[tokio::test]
async fn answering_twice_as_the_assignee_is_harmless() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (_, accepted) = server
        .deliver("demo-telegram", "twice", "twice-1", "Hi")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let path = format!("/conversations/{id}/answer");
    assert_eq!(server.post(&olivia, &path, json!({})).await.0, 200);
    let (status, again) = server.post(&olivia, &path, json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(again["status"], "in_progress");
}

#[tokio::test]
async fn marking_read_clears_the_unread_count() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (_, accepted) = server
        .deliver("demo-telegram", "unread", "u-1", "one")
        .await;
    server
        .deliver("demo-telegram", "unread", "u-2", "two")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let (_, detail) = server.get(&olivia, &format!("/conversations/{id}")).await;
    assert_eq!(detail["unread_count"], 2);
    let last = detail["conversation"]["last_message"]["id"]
        .as_i64()
        .unwrap();
    let (status, _) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/read"),
            json!({"last_read_message_id": last}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, detail) = server.get(&olivia, &format!("/conversations/{id}")).await;
    assert_eq!(detail["unread_count"], 0);
    assert_eq!(detail["last_read_message_id"], last);
}
