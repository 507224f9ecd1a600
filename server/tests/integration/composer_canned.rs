//! Canned responses: who sees which, who may change them, search.

use serde_json::json;

use crate::support::{assert_error, strings, TestServer};

#[tokio::test]
async fn each_operator_sees_their_own_and_their_lines_responses() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let mine = server.get_ok(&olivia, "/canned-responses").await;
    // Olivia: her personal ones first, then Sales' and Support's.
    assert_eq!(
        strings(&mine, "/title"),
        [
            "Greeting",
            "Signature",
            "Delivery times",
            "Order number",
            "Refund",
            "Welcome discount"
        ]
    );
    assert_eq!(mine[0]["scope"], json!({"kind": "personal"}));
    assert_eq!(mine[0]["shortcut"], "hello");
    assert_eq!(mine[0]["editable"], true);
    assert_eq!(mine[2]["scope"]["kind"], "line");
    assert_eq!(mine[2]["editable"], false);
    // Marc: only Support, and not Olivia's personal ones.
    let (_, his) = server.get(&marc, "/canned-responses").await;
    assert_eq!(
        strings(&his, "/title"),
        ["Callback", "Order number", "Refund"]
    );
}

#[tokio::test]
async fn search_matches_title_text_and_shortcut() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    for (query, title) in [
        ("promo", "Welcome discount"),
        ("rembours", "Refund"),
        ("GREET", "Greeting"),
        // Accented letters in either case ("France métropolitaine").
        ("MÉTROPOLITAINE", "Delivery times"),
        // Wildcards are searched literally.
        ("%25", "Welcome discount"),
        ("(par%20exemple%20A-1001)", "Order number"),
    ] {
        let (_, found) = server
            .get(&olivia, &format!("/canned-responses?q={query}"))
            .await;
        assert_eq!(strings(&found, "/title"), [title], "{query}");
    }
    // "?" stands for itself, not for the "é" of "numéro", "*" and "[" for
    // themselves ("A-1001" is there, "A-*" and "[A" are not).
    for query in ["m'indiquer%20votre%20num%3Fro", "A-*", "%5BA"] {
        let (_, found) = server
            .get(&olivia, &format!("/canned-responses?q={query}"))
            .await;
        assert!(strings(&found, "/title").is_empty(), "{query}: {found}");
    }
}

#[tokio::test]
async fn operators_manage_their_own_responses_only() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let (status, created) = server
        .post(
            &olivia,
            "/canned-responses",
            json!({"title": "Thanks", "text": "Merci {customer_name} !", "shortcut": "#merci", "scope": {"kind": "personal"}}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(created["shortcut"], "merci");
    assert_eq!(created["editable"], true);
    let path = format!("/canned-responses/{}", created["id"]);

    // Marc can neither see nor change it.
    let body = json!({"title": "Hacked", "text": "x", "scope": {"kind": "personal"}});
    assert_error(&server.put(&marc, &path, body).await, 404, "not_found");
    assert_eq!(server.delete(&marc, &path).await.0, 404);

    let body = json!({"title": "Thanks!", "text": "Merci beaucoup", "shortcut": null, "scope": {"kind": "personal"}});
    let (status, updated) = server.put(&olivia, &path, body).await;
    assert_eq!(status, 200);
    assert_eq!(updated["title"], "Thanks!");
    assert!(updated["shortcut"].is_null());
    assert_eq!(server.delete(&olivia, &path).await.0, 204);
    let (_, after) = server.get(&olivia, "/canned-responses?q=Thanks").await;
    assert_eq!(after, json!([]));
}

#[tokio::test]
async fn only_admins_manage_line_responses() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let admin = server.login("admin@example.com").await;
    let sales = server.line_id(&olivia, "Sales").await;
    let line_body = json!({"title": "Opening hours", "text": "9h-18h", "scope": {"kind": "line", "line_id": sales}});
    let answer = server
        .post(&olivia, "/canned-responses", line_body.clone())
        .await;
    assert_error(&answer, 403, "forbidden");

    let (_, mine) = server.get(&olivia, "/canned-responses?q=delivery").await;
    let path = format!("/canned-responses/{}", mine[0]["id"]);
    let body = json!({"title": "Mine now", "text": "x", "scope": {"kind": "personal"}});
    assert_error(&server.put(&olivia, &path, body).await, 403, "forbidden");
    assert_eq!(server.delete(&olivia, &path).await.0, 403);

    let (status, created) = server.post(&admin, "/canned-responses", line_body).await;
    assert_eq!(status, 201);
    assert_eq!(created["editable"], true);
    // The line's members see it, read-only.
    let (_, seen) = server.get(&olivia, "/canned-responses?q=opening").await;
    assert_eq!(strings(&seen, "/title"), ["Opening hours"]);
    assert_eq!(seen[0]["editable"], false);
    assert_eq!(server.delete(&admin, &path).await.0, 204);
}

#[tokio::test]
async fn invalid_responses_are_refused_with_422() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    for body in [
        json!({"title": " ", "text": "x", "scope": {"kind": "personal"}}),
        json!({"title": "t", "text": "", "scope": {"kind": "personal"}}),
        json!({"title": "t", "text": "x", "shortcut": "two words", "scope": {"kind": "personal"}}),
        json!({"title": "t".repeat(101), "text": "x", "scope": {"kind": "personal"}}),
    ] {
        let answer = server.post(&olivia, "/canned-responses", body).await;
        assert_error(&answer, 422, "unprocessable");
    }
}
