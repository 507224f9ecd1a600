use serde_json::json;

use crate::support::{assert_error, inbound, items, numbers, strings, Demo, TestServer};

#[tokio::test]
async fn the_demo_queue_has_every_state_and_counts() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let page = server.get_ok(&admin, "/conversations?limit=200").await;
    let counts = &page["counts"];
    assert!(counts["unanswered"].as_u64().unwrap() >= 3);
    assert!(counts["in_progress"].as_u64().unwrap() >= 3);
    assert!(counts["closed"].as_u64().unwrap() >= 3);
    assert!(counts["spam"].as_u64().unwrap() >= 2);
    let (_, unanswered) = server.get(&admin, "/conversations?status=unanswered").await;
    for item in items(&unanswered["items"]) {
        assert_eq!(item["conversation"]["status"], "unanswered");
        assert!(item["unread_count"].as_u64().unwrap() >= 1);
    }
}

#[tokio::test]
async fn the_queue_paginates_with_a_cursor_without_repeating_rows() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let mut seen = Vec::new();
    let mut path = "/conversations?limit=4".to_owned();
    loop {
        let page = server.get_ok(&admin, &path).await;
        seen.extend(numbers(&page["items"], "/conversation/id"));
        match page["next_cursor"].as_str() {
            Some(next) => path = format!("/conversations?limit=4&cursor={next}"),
            None => break,
        }
    }
    let (_, all) = server.get(&admin, "/conversations?limit=200").await;
    assert_eq!(seen, numbers(&all["items"], "/conversation/id"));
}

#[tokio::test]
async fn text_search_finds_customers_by_name_and_message() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let (_, by_name) = server.get(&admin, "/conversations?q=Carter").await;
    assert_eq!(items(&by_name["items"]).len(), 1);
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
    assert!(items(&nothing["items"]).is_empty());
}

/// The customers' names of the sessions the queue's search for `q` finds.
async fn customers_found(server: &TestServer, token: &str, q: &str) -> Vec<serde_json::Value> {
    // The URL parser encodes the rest.
    let query = q.replace('%', "%25");
    let page = server
        .get_ok(token, &format!("/conversations?q={query}"))
        .await;
    items(&page["items"])
        .iter()
        .map(|row| row["conversation"]["customer"]["name"].clone())
        .collect()
}

/// The search by name follows a customer's new name, whatever the case.
#[tokio::test]
async fn search_by_name_follows_a_renamed_customer() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let first = inbound(
        "rename-1",
        "rename-customer",
        "Quentin Oldname",
        "rename-1-1",
        "Hello",
    );
    assert_eq!(server.deliver_body("demo-telegram", &first).await.0, 202);
    let found = |q: &'static str| customers_found(&server, &admin, q);
    assert_eq!(found("oldname").await, vec![json!("Quentin Oldname")]);
    let again = inbound(
        "rename-1",
        "rename-customer",
        "Quentin Newname",
        "rename-1-2",
        "Me again",
    );
    assert_eq!(server.deliver_body("demo-telegram", &again).await.0, 202);
    assert_eq!(found("NEWNAME").await, vec![json!("Quentin Newname")]);
    assert!(found("Oldname").await.is_empty());
}

#[tokio::test]
async fn search_ignores_the_case_of_accented_letters() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let first = inbound(
        "accents-1",
        "accents-customer",
        "Élodie Ménard",
        "accents-1-1",
        "Déjà payé, ÇA suffit",
    );
    assert_eq!(server.deliver_body("demo-telegram", &first).await.0, 202);
    let found = |q: &'static str| customers_found(&server, &admin, q);
    let elodie = vec![json!("Élodie Ménard")];
    // Names, either case of an accented letter.
    assert_eq!(found("élodie").await, elodie);
    assert_eq!(found("MÉNARD").await, elodie);
    // Messages.
    assert_eq!(found("DÉJÀ PAYÉ").await, elodie);
    assert_eq!(found("ça suffit").await, elodie);
    // An accent is a letter of its own, as on every database.
    assert!(found("elodie menard").await.is_empty());
    // Quotes and wildcards are text like any other.
    assert!(found("Élodie\" OR \"x").await.is_empty());
    assert!(found("é%d").await.is_empty());
    assert!(found("é*").await.is_empty());
    // Fewer than three letters, which no trigram index serves.
    assert!(found("ÇA").await.contains(&json!("Élodie Ménard")));
    // A title of the operator's.
    let id = server.find_conversation(&admin, "q=Élodie").await;
    let title = json!({"title": "Échange été"});
    let path = format!("/conversations/{id}/title");
    assert_eq!(server.put(&admin, &path, title).await.0, 200);
    assert_eq!(found("ÉCHANGE ÉTÉ").await, elodie);
}

#[tokio::test]
async fn products_are_found_whatever_the_case_of_accented_letters() {
    let demo = Demo::start().await;
    let product = json!({"name": "Écharpe mérinos", "description": "Laine DOUCE ET LÉGÈRE", "price": "30", "stock": 3});
    let (status, created) = demo.post(&demo.admin, "/products", product).await;
    assert_eq!(status, 201, "{created}");
    for q in ["écharpe", "MÉRINOS", "légère"] {
        let found = demo.get_ok(&demo.olivia, &format!("/products?q={q}")).await;
        assert_eq!(strings(&found, "/name"), ["Écharpe mérinos"], "{q}");
    }
}

#[tokio::test]
async fn a_customer_has_three_earlier_closed_sessions() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let id = server
        .find_conversation(&admin, "q=Marie%20Dupont&status=unanswered")
        .await;
    let (status, detail) = server.conversation(&admin, id).await;
    assert_eq!(status, 200);
    assert_eq!(detail["earlier_sessions"], 3);
    assert_eq!(detail["conversation"]["session_number"], 4);
}

#[tokio::test]
async fn an_operator_of_support_cannot_read_or_act_on_sales() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let marc = server.login("marc@example.com").await;
    let sales = server.line_id(&admin, "Sales").await;
    let id = server
        .find_conversation(&admin, &format!("line_id={sales}&status=unanswered"))
        .await;

    assert_error(&server.conversation(&marc, id).await, 403, "forbidden");
    let messages = format!("/conversations/{id}/messages");
    assert_eq!(server.get(&marc, &messages).await.0, 403);
    assert_eq!(server.act(&marc, id, "answer", json!({})).await.0, 403);
    let send = json!({"client_id": "c-1", "text": "Hello"});
    assert_eq!(server.send_message(&marc, id, send).await.0, 403);

    // His queue holds no Sales conversation at all.
    let (_, page) = server.get(&marc, "/conversations?limit=200").await;
    assert!(!items(&page["items"]).is_empty());
    for item in items(&page["items"]) {
        assert_ne!(item["conversation"]["line_id"], sales);
    }
    let (_, filtered) = server
        .get(&marc, &format!("/conversations?line_id={sales}"))
        .await;
    assert!(items(&filtered["items"]).is_empty());
    assert_eq!(filtered["counts"]["unanswered"], 0);
}

#[tokio::test]
async fn the_second_operator_to_answer_learns_who_was_first() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let alex = server.login("admin@example.com").await;
    let id = server.new_conversation("demo-livechat", "race").await;
    let (first, second) = tokio::join!(
        server.act(&olivia, id, "answer", json!({})),
        server.act(&alex, id, "answer", json!({}))
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
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-telegram", "twice").await;
    assert_eq!(server.act(&olivia, id, "answer", json!({})).await.0, 200);
    let (status, again) = server.act(&olivia, id, "answer", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(again["status"], "in_progress");
}

#[tokio::test]
async fn marking_read_clears_the_unread_count() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-telegram", "unread").await;
    server
        .deliver("demo-telegram", "unread", "unread-2", "two")
        .await;
    let (_, detail) = server.conversation(&olivia, id).await;
    assert_eq!(detail["unread_count"], 2);
    let last = detail["conversation"]["last_message"]["id"]
        .as_i64()
        .unwrap();
    let read = json!({"last_read_message_id": last});
    let (status, _) = server.act(&olivia, id, "read", read).await;
    assert_eq!(status, 204);
    let (_, detail) = server.conversation(&olivia, id).await;
    assert_eq!(detail["unread_count"], 0);
    assert_eq!(detail["last_read_message_id"], last);
}

#[tokio::test]
async fn mine_counts_the_viewers_conversations_in_progress_and_tabs_keep_their_whole_counts() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let me = server.user_id(&olivia, "olivia@example.com").await;
    let id = server.new_conversation("demo-telegram", "mine-1").await;
    let (status, _) = server
        .post(&olivia, &format!("/conversations/{id}/answer"), json!({}))
        .await;
    assert_eq!(status, 200);

    let all = server
        .get_ok(&olivia, "/conversations?status=in_progress&limit=200")
        .await;
    let mine = server
        .get_ok(
            &olivia,
            &format!("/conversations?status=in_progress&assignee={me}&limit=200"),
        )
        .await;
    let rows = items(&mine["items"]);
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row["conversation"]["assignee"], me);
    }
    // "Mine" is counted for the viewer, whatever the list asked for...
    assert_eq!(
        mine["counts"]["in_progress_mine"].as_u64(),
        Some(rows.len() as u64)
    );
    assert_eq!(
        all["counts"]["in_progress_mine"],
        mine["counts"]["in_progress_mine"]
    );
    // ...and the tabs keep their whole counts under an assignee filter.
    assert_eq!(all["counts"], mine["counts"]);
    assert!(
        all["counts"]["in_progress"].as_u64().unwrap() > rows.len() as u64,
        "colleagues' conversations are in progress too"
    );
}

/// The counts a list shows, found by reading the list itself tab by tab
/// (every page): `[unanswered, in progress, mine, snoozed, closed, spam]`.
async fn counted_by_listing(demo: &Demo, token: &str, me: i64, line: Option<i64>) -> [u64; 6] {
    let line = line.map(|id| format!("&line_id={id}")).unwrap_or_default();
    let mut counts = [0; 6];
    let tabs = [
        (0, "status=unanswered"),
        (1, "status=in_progress&snoozed=false"),
        (3, "status=in_progress&snoozed=true"),
        (4, "status=closed"),
        (5, "status=spam"),
    ];
    for (slot, tab) in tabs {
        let mut cursor = String::new();
        loop {
            let page = demo
                .get_ok(
                    token,
                    &format!("/conversations?{tab}{line}&limit=2{cursor}"),
                )
                .await;
            for row in items(&page["items"]) {
                counts[slot] += 1;
                if slot == 1 && row["conversation"]["assignee"] == me {
                    counts[2] += 1;
                }
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = format!("&cursor={next}"),
                None => break,
            }
        }
    }
    counts
}

/// The counts a page carries.
async fn counts_of(demo: &Demo, token: &str, line: Option<i64>) -> [u64; 6] {
    let line = line.map(|id| format!("&line_id={id}")).unwrap_or_default();
    let page = demo
        .get_ok(token, &format!("/conversations?limit=1{line}"))
        .await;
    let counts = &page["counts"];
    [
        "unanswered",
        "in_progress",
        "in_progress_mine",
        "snoozed",
        "closed",
        "spam",
    ]
    .map(|key| counts[key].as_u64().unwrap())
}

/// The counts are kept as sessions change (arrive, are taken, snoozed,
/// moved to another line or colleague, closed, marked spam, shared by an
/// invitation): for each viewer and line filter they are what reading the
/// lists finds, an operator's sessions outside their lines included.
#[tokio::test]
async fn counts_follow_every_change_and_match_the_lists() {
    let demo = Demo::start().await;
    let support: Vec<i64> = {
        let mut ids = Vec::new();
        for chat in ["tally-s1", "tally-s2", "tally-s3", "tally-s4"] {
            ids.push(demo.new_conversation("demo-telegram", chat).await);
        }
        ids
    };
    let sales: Vec<i64> = {
        let mut ids = Vec::new();
        for chat in ["tally-l1", "tally-l2", "tally-l3"] {
            ids.push(demo.new_conversation("demo-livechat", chat).await);
        }
        ids
    };
    let ok = |answer: (u16, serde_json::Value)| assert_eq!(answer.0, 200, "{}", answer.1);
    ok(demo.act(&demo.marc, support[0], "answer", json!({})).await);
    ok(demo.act(&demo.marc, support[1], "answer", json!({})).await);
    let one_hour = json!({"preset": "one_hour", "time_zone": "Europe/Paris"});
    ok(demo.act(&demo.marc, support[1], "snooze", one_hour).await);
    // Moved out of Marc's line, and given to Marc on a line not his.
    let to_sales = json!({"to": {"kind": "line", "line_id": demo.sales}});
    ok(demo
        .act(&demo.olivia, support[2], "transfer", to_sales)
        .await);
    let to_marc = json!({"to": {"kind": "user", "user_id": demo.marc_id}});
    ok(demo.act(&demo.admin, sales[0], "transfer", to_marc).await);
    // Shared with Marc by an invitation.
    ok(demo.act(&demo.olivia, sales[1], "answer", json!({})).await);
    let invite = json!({"users": [demo.marc_id]});
    ok(demo.act(&demo.olivia, sales[1], "invite", invite).await);
    ok(demo.act(&demo.marc, support[0], "close", json!({})).await);
    ok(demo.act(&demo.olivia, sales[2], "spam", json!({})).await);
    // A closed session opened again by its customer.
    demo.deliver("demo-telegram", "tally-s1", "tally-s1-again", "Me again")
        .await;

    let viewers = [
        (&demo.marc, demo.marc_id),
        (&demo.olivia, demo.olivia_id),
        (
            &demo.admin,
            demo.user_id(&demo.admin, "admin@example.com").await,
        ),
    ];
    for (token, me) in viewers {
        for line in [None, Some(demo.support), Some(demo.sales)] {
            assert_eq!(
                counts_of(&demo, token, line).await,
                counted_by_listing(&demo, token, me, line).await,
                "viewer {me}, line {line:?}"
            );
        }
    }
    // Marc's counts include what is his on Sales.
    let marc = counts_of(&demo, &demo.marc, Some(demo.sales)).await;
    assert!(marc[1] >= 2, "assigned and invited on Sales: {marc:?}");
}

/// The milliseconds of `Server-Timing: app;dur=…`.
fn server_time(response: &reqwest::Response) -> f64 {
    let header = response.headers()["server-timing"].to_str().unwrap();
    let duration = header
        .strip_prefix("app;dur=")
        .unwrap_or_else(|| panic!("{header}"));
    duration.parse().unwrap_or_else(|_| panic!("{header}"))
}

#[tokio::test]
async fn answers_say_how_long_the_server_took() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    for path in [
        "/conversations?status=unanswered",
        "/conversations?q=Carter",
        "/conversations/999999",
        "/no-such-endpoint",
    ] {
        let response = server
            .request(reqwest::Method::GET, path)
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        let millis = server_time(&response);
        assert!((0.0..60_000.0).contains(&millis), "{path}: {millis}");
    }
    // A slow answer says so: the login of a wrong password is slowed down
    // on purpose (password hashing), far above a queue read.
    let response = server
        .request(reqwest::Method::POST, "/auth/login")
        .json(&json!({"email": "admin@example.com", "password": "wrong password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(server_time(&response) >= 1.0, "password hashing takes time");
}
