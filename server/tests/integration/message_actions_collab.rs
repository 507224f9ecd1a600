//! Per-message actions that create something for colleagues: tasks,
//! calendar events (and their `.ics`), team chats and the company feed.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{assert_error, drain, frames_until_ready, numbers, wait_for, Demo};

/// A Support conversation Olivia answered; returns it and the customer's message.
async fn answered(demo: &Demo, chat: &str) -> (i64, i64) {
    let id = demo.new_conversation("demo-telegram", chat).await;
    assert_eq!(demo.act(&demo.olivia, id, "answer", json!({})).await.0, 200);
    let first = demo.all_messages(id).await[0]["id"].as_i64().unwrap();
    (id, first)
}

/// The ids of the list at `path` (tasks, calendar events) as `token` sees it.
async fn listed(demo: &Demo, token: &str, path: &str) -> Vec<i64> {
    let list = demo.get_ok(token, path).await;
    numbers(&list, "/id")
}

/// The members of a team chat, sorted.
fn members(chat: &Value) -> Vec<i64> {
    let mut members = numbers(&chat["members"], "");
    members.sort();
    members
}

/// Sorted ids.
fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort();
    ids
}

/// Whether a frame is about team chats.
fn is_team_chat(frame: &Value) -> bool {
    let kind = frame["event"]["type"].as_str().unwrap_or_default();
    kind.starts_with("team_chat")
}

/// Olivia's new team chat with Marc; returns its id.
async fn team_chat(demo: &Demo, title: &str) -> (i64, Value) {
    let body = json!({"title": title, "members": [demo.marc_id]});
    let (status, created) = demo.post(&demo.olivia, "/team-chats", body).await;
    assert_eq!(status, 201, "{created}");
    (created["chat"]["id"].as_i64().unwrap(), created)
}

/// Writes in a team chat as `token`.
async fn write(demo: &Demo, token: &str, chat: i64, body: Value) -> (u16, Value) {
    demo.post(token, &format!("/team-chats/{chat}/messages"), body)
        .await
}

#[tokio::test]
async fn tasks_are_created_listed_and_updated_by_creator_and_assignee() {
    let demo = Demo::start().await;
    let (conversation, message) = answered(&demo, "task-chat").await;
    let mut marc_events = demo.live_events(&demo.marc).await;
    let body = json!({
        "title": "Rappeler Marie",
        "description": "Elle attend un devis",
        "assignee": demo.marc_id,
        "deadline": 1_900_000_000_000i64,
        "link": {"conversation_id": conversation, "message_id": message}
    });
    let (status, task) = demo.post(&demo.olivia, "/tasks", body).await;
    assert_eq!(status, 201, "{task}");
    assert_eq!(task["status"], "open");
    assert_eq!(task["creator"], demo.olivia_id);
    assert_eq!(task["link"]["message_id"], message);
    let id = task["id"].as_i64().unwrap();
    let created = wait_for(&mut marc_events, |e| e["type"] == "task_created").await;
    assert_eq!(created.expect("the assignee is told")["task"]["id"], id);
    let created_by_me = "/tasks?scope=created_by_me";
    assert!(listed(&demo, &demo.marc, "/tasks").await.contains(&id));
    assert!(listed(&demo, &demo.olivia, created_by_me)
        .await
        .contains(&id));
    assert!(!listed(&demo, &demo.marc, created_by_me).await.contains(&id));
    assert!(listed(&demo, &demo.olivia, "/tasks").await.is_empty());
    // Sophie neither created nor is assigned the task.
    let path = format!("/tasks/{id}");
    let done = json!({"status": "done"});
    let answer = demo.patch(&demo.sophie, &path, done.clone()).await;
    assert_error(&answer, 403, "forbidden");
    assert_eq!(demo.get(&demo.sophie, &path).await.0, 404);
    let mut olivia_events = demo.live_events(&demo.olivia).await;
    let (status, done) = demo.patch(&demo.marc, &path, done).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "done");
    assert!(done["version"].as_i64().unwrap() > task["version"].as_i64().unwrap());
    let updated = wait_for(&mut olivia_events, |e| e["type"] == "task_updated").await;
    assert_eq!(
        updated.expect("the creator is told")["task"]["status"],
        "done"
    );
    let open = listed(&demo, &demo.marc, "/tasks?status=open").await;
    assert!(!open.contains(&id));
    // The assignee must be an employee; the link must be visible.
    let stranger = json!({"title": "X", "assignee": 424242});
    let (status, body) = demo.post(&demo.olivia, "/tasks", stranger).await;
    assert_eq!(status, 422, "{body}");
    let sales = demo.new_conversation("demo-livechat", "task-sales").await;
    let link = json!({"conversation_id": sales, "message_id": null});
    let hidden = json!({"title": "X", "assignee": demo.marc_id, "link": link});
    let (status, body) = demo.post(&demo.marc, "/tasks", hidden).await;
    assert_eq!(status, 403, "Marc is not in Sales: {body}");
}

#[tokio::test]
async fn calendar_lists_upcoming_events_and_serves_an_ics_that_parses() {
    let demo = Demo::start().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let title = "Point Marie; devis, \"urgent\" \\ à voir\nligne 2";
    let description = format!("Message : {}\r\nFin ,;\\", "é".repeat(120));
    let mut marc_events = demo.live_events(&demo.marc).await;
    let starts_at = now + 86_400_000;
    let body = json!({"title": title, "starts_at": starts_at, "duration_minutes": 45,
                      "attendees": [demo.marc_id], "description": description});
    let (status, event) = demo.post(&demo.olivia, "/calendar/events", body).await;
    assert_eq!(status, 201, "{event}");
    let id = event["id"].as_i64().unwrap();
    let told = wait_for(&mut marc_events, |e| e["type"] == "calendar_event_created").await;
    assert_eq!(
        told.expect("attendees are told")["calendar_event"]["id"],
        id
    );
    // A past event is not upcoming.
    let past = json!({"title": "Passé", "starts_at": now - 86_400_000, "duration_minutes": 30, "attendees": [demo.marc_id]});
    let (status, past) = demo.post(&demo.olivia, "/calendar/events", past).await;
    assert_eq!(status, 201);
    let upcoming = format!("/calendar/events?from={now}");
    let (_, marc_list) = demo.get(&demo.marc, &upcoming).await;
    let marc_ids = numbers(&marc_list, "/id");
    assert!(marc_ids.contains(&id));
    assert!(!marc_ids.contains(&past["id"].as_i64().unwrap()));
    let starts = numbers(&marc_list, "/starts_at");
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "soonest first");
    assert!(listed(&demo, &demo.olivia, "/calendar/events")
        .await
        .contains(&id));
    assert!(!listed(&demo, &demo.sophie, "/calendar/events")
        .await
        .contains(&id));
    let empty = json!({"title": "X", "starts_at": now, "duration_minutes": 0});
    let (status, _) = demo.post(&demo.olivia, "/calendar/events", empty).await;
    assert_eq!(status, 422);
    // Sophie is not invited: no download.
    let ics = |token: &str| {
        let request = demo.request(Method::GET, &format!("/calendar/events/{id}/ics"));
        request.bearer_auth(token).send()
    };
    assert_eq!(ics(&demo.sophie).await.unwrap().status(), 404);
    let response = ics(&demo.marc).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let body = response.text().await.unwrap();
    // CRLF everywhere, folded at 75 octets.
    assert!(body.ends_with("\r\n"));
    assert!(
        !body.replace("\r\n", "").contains('\n'),
        "no bare line feed"
    );
    assert!(
        !body.replace("\r\n", "").contains('\r'),
        "no bare carriage return"
    );
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
    }
    let calendar: icalendar::Calendar = body.parse().expect("a real parser reads it");
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert!(calendar.property_value("PRODID").is_some());
    use icalendar::Component;
    let vevent = calendar
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("a VEVENT");
    assert_eq!(vevent.get_summary(), Some(title));
    assert_eq!(
        vevent.get_description(),
        Some(description.replace("\r\n", "\n").as_str())
    );
    assert!(vevent.get_uid().is_some());
    assert!(vevent.get_timestamp().is_some(), "DTSTAMP");
    let start = vevent.property_value("DTSTART").unwrap();
    assert!(start.ends_with('Z') && start.len() == 16, "{start}");
    assert_eq!(vevent.property_value("DURATION"), Some("PT45M"));
    match vevent.get_start() {
        Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(at))) => {
            assert_eq!(at.timestamp_millis(), starts_at / 1000 * 1000);
        }
        other => panic!("DTSTART is not a UTC date-time: {other:?}"),
    }
    let unfolded = icalendar::parser::unfold(&body);
    assert!(unfolded.contains("ORGANIZER;CN=\"Olivia Bernard\":mailto:olivia@example.com"));
    assert!(unfolded.contains(":mailto:marc@example.com"));
}

#[tokio::test]
async fn team_chats_are_seen_only_by_their_members() {
    let demo = Demo::start().await;
    let mut marc_events = demo.live_events(&demo.marc).await;
    let mut sophie_events = demo.live_events(&demo.sophie).await;
    let (id, created) = team_chat(&demo, "Facturation").await;
    assert_eq!(
        members(&created["chat"]),
        sorted(vec![demo.olivia_id, demo.marc_id])
    );
    let send = json!({"client_id": "tc-1", "text": "On en parle ?"});
    let (status, message) = write(&demo, &demo.marc, id, send.clone()).await;
    assert_eq!(status, 201, "{message}");
    assert_eq!(message["author"]["user_id"], demo.marc_id);
    assert_eq!(message["conversation_id"], 0);
    // Idempotent on the client id.
    let (status, again) = write(&demo, &demo.marc, id, send).await;
    assert_eq!(status, 200);
    assert_eq!(again["id"], message["id"]);
    let told = wait_for(&mut marc_events, |e| {
        e["type"] == "team_chat_message_created" && e["chat"]["id"] == id
    })
    .await;
    assert!(told.is_some(), "members are told");
    // Sophie: nothing over REST, nothing over the socket.
    let chat = format!("/team-chats/{id}");
    assert_eq!(demo.get(&demo.sophie, &chat).await.0, 404);
    let answer = demo.get(&demo.sophie, &format!("{chat}/messages")).await;
    assert_error(&answer, 404, "not_found");
    let hello = json!({"client_id": "s-1", "text": "Coucou"});
    assert_eq!(write(&demo, &demo.sophie, id, hello).await.0, 404);
    let (_, sophie_chats) = demo.get(&demo.sophie, "/team-chats").await;
    assert!(sophie_chats.as_array().unwrap().is_empty());
    for frame in drain(&mut sophie_events, 500).await {
        assert!(!is_team_chat(&frame), "Sophie got {frame}");
    }
    // A fresh socket replaying everything carries none of it either.
    let mut replay = demo.events(&demo.sophie, Some(0)).await;
    for frame in frames_until_ready(&mut replay).await {
        assert!(!is_team_chat(&frame), "Sophie replayed {frame}");
    }
    // Olivia has one unread message, then none.
    let (_, olivia_chats) = demo.get(&demo.olivia, "/team-chats").await;
    assert_eq!(olivia_chats[0]["chat"]["id"], id);
    assert_eq!(olivia_chats[0]["unread_count"], 1);
    assert_eq!(
        olivia_chats[0]["chat"]["last_message"]["text"],
        "On en parle ?"
    );
    let read = json!({"last_read_message_id": message["id"]});
    let (status, _) = demo.post(&demo.olivia, &format!("{chat}/read"), read).await;
    assert_eq!(status, 204);
    let (_, item) = demo.get(&demo.olivia, &chat).await;
    assert_eq!(item["unread_count"], 0);
    let latest = format!("{chat}/messages?limit=1");
    let (_, page) = demo.get(&demo.olivia, &latest).await;
    assert_eq!(page["items"][0]["id"], message["id"]);
    assert_eq!(page["has_more_before"], false);
}

#[tokio::test]
async fn a_chat_from_a_message_gathers_the_conversations_employees_and_quotes_it() {
    let demo = Demo::start().await;
    let (conversation, message) = answered(&demo, "chat-from").await;
    let invite = json!({"users": [demo.marc_id]});
    let (status, _) = demo.act(&demo.olivia, conversation, "invite", invite).await;
    assert_eq!(status, 200);
    let from_message = json!({"from_message": message});
    let (status, created) = demo.post(&demo.admin, "/team-chats", from_message).await;
    assert_eq!(status, 201, "{created}");
    let chat = &created["chat"];
    assert_eq!(chat["title"], "Marie Dupont");
    assert_eq!(chat["source"]["conversation_id"], conversation);
    assert_eq!(chat["source"]["message_id"], message);
    let admin_id = demo.user_id(&demo.admin, "admin@example.com").await;
    assert_eq!(
        members(chat),
        sorted(vec![admin_id, demo.olivia_id, demo.marc_id]),
        "assignee, participant and caller"
    );
    let id = chat["id"].as_i64().unwrap();
    let (_, page) = demo
        .get(&demo.marc, &format!("/team-chats/{id}/messages"))
        .await;
    let opening = &page["items"][0];
    assert_eq!(opening["quote"]["id"], message);
    assert_eq!(opening["quote"]["conversation_id"], conversation);
    assert_eq!(opening["quote"]["excerpt"], "Bonjour");
    let chat = format!("/team-chats/{id}");
    assert_eq!(demo.get(&demo.sophie, &chat).await.0, 404);
    // Marc (Support) may not start a chat from a Sales conversation.
    let sales = demo.new_conversation("demo-livechat", "chat-sales").await;
    let sales_message = demo.all_messages(sales).await[0]["id"].as_i64().unwrap();
    let from_sales = json!({"from_message": sales_message});
    let (status, _) = demo.post(&demo.marc, "/team-chats", from_sales).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_feed_lists_posts_newest_first_and_tells_everyone() {
    let demo = Demo::start().await;
    let (_, message) = answered(&demo, "feed-chat").await;
    let mut sophie_events = demo.live_events(&demo.sophie).await;
    let post = json!({"text": "Un client content !", "quote_message": message});
    let (status, quoted) = demo.post(&demo.olivia, "/feed", post).await;
    assert_eq!(status, 201, "{quoted}");
    assert_eq!(quoted["quote"]["excerpt"], "Bonjour");
    assert_eq!(quoted["quote"]["customer_name"], "Marie Dupont");
    let told = wait_for(&mut sophie_events, |e| e["type"] == "feed_post_created").await;
    assert_eq!(told.expect("everyone is told")["post"]["id"], quoted["id"]);
    let post = json!({"text": "Réunion à 14 h"});
    let (status, plain) = demo.post(&demo.marc, "/feed", post).await;
    assert_eq!(status, 201, "{plain}");
    let (status, empty) = demo.post(&demo.marc, "/feed", json!({"text": "  "})).await;
    assert_eq!(status, 422, "{empty}");
    let (_, page) = demo.get(&demo.sophie, "/feed").await;
    assert_eq!(
        numbers(&page["items"], "/id")[..2],
        [
            plain["id"].as_i64().unwrap(),
            quoted["id"].as_i64().unwrap()
        ]
    );
    let (_, first) = demo.get(&demo.sophie, "/feed?limit=1").await;
    assert_eq!(first["items"][0]["id"], plain["id"]);
    let cursor = first["next_cursor"].as_i64().expect("a next page");
    let (_, second) = demo
        .get(&demo.sophie, &format!("/feed?limit=1&before={cursor}"))
        .await;
    assert_eq!(second["items"][0]["id"], quoted["id"]);
}

#[tokio::test]
async fn the_demo_has_a_task_an_event_a_chat_and_a_feed_post() {
    let demo = Demo::start().await;
    let (_, tasks) = demo.get(&demo.marc, "/tasks").await;
    let task = &tasks[0];
    assert_eq!(task["creator"], demo.olivia_id);
    let conversation = task["link"]["conversation_id"].as_i64().unwrap();
    assert_eq!(
        demo.summary(&demo.marc, conversation).await.0,
        200,
        "Marc can open it"
    );
    assert_eq!(listed(&demo, &demo.marc, "/calendar/events").await.len(), 1);
    let (_, chats) = demo.get(&demo.marc, "/team-chats").await;
    assert_eq!(chats.as_array().unwrap().len(), 1);
    assert_eq!(chats[0]["unread_count"], 0, "Marc answered last");
    let (_, olivia_chats) = demo.get(&demo.olivia, "/team-chats").await;
    assert_eq!(olivia_chats[0]["unread_count"], 1, "Marc's answer");
    let id = chats[0]["chat"]["id"].as_i64().unwrap();
    let (_, page) = demo
        .get(&demo.marc, &format!("/team-chats/{id}/messages"))
        .await;
    assert_eq!(page["items"][0]["quote"]["conversation_id"], conversation);
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let (_, feed) = demo.get(&demo.sophie, "/feed").await;
    assert!(feed["items"][0]["quote"]["excerpt"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("merci"));
}

#[tokio::test]
async fn creating_twice_with_one_client_id_creates_once() {
    let demo = Demo::start().await;
    let requests = [
        (
            "/tasks",
            json!({"client_id": "c-task", "title": "Relancer", "assignee": demo.marc_id}),
        ),
        (
            "/calendar/events",
            json!({"client_id": "c-event", "title": "Point", "starts_at": 4_000_000_000_000i64, "duration_minutes": 15}),
        ),
        (
            "/team-chats",
            json!({"client_id": "c-chat", "title": "Salon", "members": [demo.marc_id]}),
        ),
        (
            "/feed",
            json!({"client_id": "c-post", "text": "Bonne nouvelle"}),
        ),
    ];
    for (path, body) in requests {
        let (status, first) = demo.post(&demo.olivia, path, body.clone()).await;
        assert_eq!(status, 201, "{path}: {first}");
        let (status, again) = demo.post(&demo.olivia, path, body.clone()).await;
        assert_eq!(status, 200, "{path}: {again}");
        assert_eq!(first, again, "{path}");
        // Another employee's client ids are their own.
        let (status, other) = demo.post(&demo.marc, path, body).await;
        assert_eq!(status, 201, "{path}: {other}");
    }
    let (_, created) = demo.get(&demo.olivia, "/tasks?scope=created_by_me").await;
    let relancer = created
        .as_array()
        .unwrap()
        .iter()
        .filter(|task| task["title"] == "Relancer")
        .count();
    assert_eq!(relancer, 1);
    let blank = json!({"client_id": " ", "text": "x"});
    let (status, body) = demo.post(&demo.olivia, "/feed", blank).await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn team_chat_messages_are_edited_and_deleted_by_their_author_only() {
    let demo = Demo::start().await;
    let (id, _) = team_chat(&demo, "Équipe").await;
    let draft = json!({"client_id": "e-1", "text": "Brouillon"});
    let (_, message) = write(&demo, &demo.marc, id, draft).await;
    let path = format!("/team-chats/{id}/messages/{}", message["id"]);
    let mut olivia_events = demo.live_events(&demo.olivia).await;
    let edit = |text: &str| json!({ "text": text });
    let answer = demo.patch(&demo.olivia, &path, edit("Pas à moi")).await;
    assert_error(&answer, 403, "forbidden");
    let (status, _) = demo.patch(&demo.sophie, &path, edit("x")).await;
    assert_eq!(status, 404, "not a member");
    let (status, edited) = demo.patch(&demo.marc, &path, edit("Version finale")).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["text"], "Version finale");
    assert!(edited["edited_at"].is_i64());
    let told = wait_for(&mut olivia_events, |e| {
        e["type"] == "team_chat_message_updated"
    })
    .await;
    let told = told.expect("members are told");
    assert_eq!(told["team_chat_id"], id);
    assert_eq!(told["message"]["text"], "Version finale");
    assert_eq!(demo.delete(&demo.olivia, &path).await.0, 403);
    let (status, deleted) = demo.delete(&demo.marc, &path).await;
    assert_eq!(status, 200, "{deleted}");
    assert_eq!(deleted["text"], "");
    assert!(deleted["deleted_at"].is_i64());
    let (_, page) = demo
        .get(&demo.olivia, &format!("/team-chats/{id}/messages"))
        .await;
    assert_eq!(page["items"][0]["text"], "");
}
