use serde_json::{json, Value};

use crate::support::{assert_error, database, Demo};

/// 4 March 2024, 09:00 in Paris (ms): the day the tests' conversations
/// come, long before the demo's own.
const MONDAY_9H: i64 = 1_709_539_200_000;
const HOUR: i64 = 3_600_000;
const SECOND: i64 = 1_000;

/// The stored facts of a conversation put at known instants: its creation,
/// its employees' messages to the customer `answer` after it, its internal
/// notes 5 s after it (before any answer: they must not count), its closing
/// `close` after it. Tests write to the database only the timestamps, which
/// they cannot choose through the API.
async fn place(demo: &Demo, id: i64, created: i64, answer: Option<i64>, close: Option<i64>) {
    database::execute(
        demo.data_dir(),
        "UPDATE conversations SET created_at = $1, closed_at = CASE WHEN closed_at IS NULL \
            THEN NULL ELSE $1 + $2 END WHERE id = $3",
        &[created, close.unwrap_or(0), id],
    )
    .await;
    database::execute(
        demo.data_dir(),
        "UPDATE messages SET created_at = $1 + CASE \
            WHEN author_kind = 'employee' AND NOT internal THEN $2 \
            WHEN author_kind = 'employee' THEN 5000 ELSE 0 END \
         WHERE conversation_id = $3",
        &[created, answer.unwrap_or(0), id],
    )
    .await;
}

/// The customer's rating of a conversation, as the widget stores it.
async fn rate(demo: &Demo, id: i64, score: i64) {
    database::execute(
        demo.data_dir(),
        "UPDATE conversations SET rating = $1 WHERE id = $2",
        &[score, id],
    )
    .await;
}

async fn reply(demo: &Demo, token: &str, id: i64, internal: bool) {
    let body =
        json!({"client_id": format!("r-{id}-{internal}"), "text": "Hello", "internal": internal});
    let (status, body) = demo.send_message(token, id, body).await;
    assert_eq!(status, 201, "{body}");
}

async fn close(demo: &Demo, token: &str, id: i64) {
    let (status, body) = demo.act(token, id, "close", json!({})).await;
    assert_eq!(status, 200, "{body}");
}

/// Five conversations (and one spam) on 4 and 5 March 2024, Paris time:
/// - Support, Olivia answers after 60 s, closes after 600 s, rated 4;
/// - Support, only an internal note, closed after 300 s without an answer;
/// - Sales, never answered, still open;
/// - Support, Marc answers after 240 s;
/// - Sales, 00:30 on the 5th in Paris (still the 4th in UTC), Olivia
///   answers after 120 s;
/// - spam, left out of everything.
async fn seed(demo: &Demo) {
    let answered = demo.new_conversation("demo-telegram", "rep-1").await;
    reply(demo, &demo.olivia, answered, false).await;
    close(demo, &demo.olivia, answered).await;
    place(
        demo,
        answered,
        MONDAY_9H,
        Some(60 * SECOND),
        Some(600 * SECOND),
    )
    .await;
    rate(demo, answered, 4).await;

    let missed = demo.new_conversation("demo-telegram", "rep-2").await;
    reply(demo, &demo.olivia, missed, true).await;
    close(demo, &demo.admin, missed).await;
    place(demo, missed, MONDAY_9H + HOUR, None, Some(300 * SECOND)).await;

    let waiting = demo.new_conversation("demo-whatsapp", "rep-3").await;
    place(demo, waiting, MONDAY_9H + 2 * HOUR, None, None).await;

    let marcs = demo.new_conversation("demo-telegram", "rep-4").await;
    reply(demo, &demo.marc, marcs, false).await;
    place(demo, marcs, MONDAY_9H + 3 * HOUR, Some(240 * SECOND), None).await;

    let late = demo.new_conversation("demo-whatsapp", "rep-5").await;
    reply(demo, &demo.olivia, late, false).await;
    place(
        demo,
        late,
        MONDAY_9H + 15 * HOUR + HOUR / 2,
        Some(120 * SECOND),
        None,
    )
    .await;

    let spam = demo.new_conversation("demo-telegram", "rep-6").await;
    let (status, body) = demo.act(&demo.olivia, spam, "spam", json!({})).await;
    assert_eq!(status, 200, "{body}");
    place(demo, spam, MONDAY_9H + 4 * HOUR, None, None).await;
}

const PARIS_DAYS: &str = "/reports?from=2024-03-04&to=2024-03-05&period=day&tz=Europe/Paris";

/// The counts of a measures object: new, answered, missed.
fn counts(measures: &Value) -> [i64; 3] {
    ["new", "answered", "missed"].map(|name| measures[name].as_i64().unwrap_or(-1))
}

fn row<'a>(rows: &'a Value, name: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|row| row["name"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {rows}"))
}

#[tokio::test]
async fn a_day_report_counts_what_the_conversations_did_in_the_time_zone() {
    let demo = Demo::start().await;
    seed(&demo).await;
    let report = demo.get_ok(&demo.sophie, PARIS_DAYS).await;
    assert_eq!(report["period"], "day");
    assert_eq!(report["tz"], "Europe/Paris");
    let buckets = report["buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 2, "{report}");

    let monday = &buckets[0];
    assert_eq!(monday["start"], "2024-03-04");
    let total = &monday["total"];
    assert_eq!(counts(total), [4, 2, 1], "{total}");
    assert_eq!(total["first_answer_median_seconds"], 150);
    assert_eq!(total["first_answer_p90_seconds"], 240);
    assert_eq!(total["time_to_close_median_seconds"], 450);
    assert_eq!(total["rating"]["count"], 1);
    assert_eq!(total["rating"]["average"], 4.0);
    assert_eq!(total["rating"]["distribution"], json!([0, 0, 0, 1, 0]));

    let support = &row(&monday["lines"], "Support")["measures"];
    assert_eq!(counts(support), [3, 2, 1]);
    assert_eq!(support["first_answer_median_seconds"], 150);
    let sales = &row(&monday["lines"], "Sales")["measures"];
    assert_eq!(counts(sales), [1, 0, 0]);
    assert_eq!(sales["first_answer_median_seconds"], Value::Null);

    let olivia = &row(&monday["operators"], "Olivia Bernard");
    assert_eq!(olivia["user_id"], demo.olivia_id);
    assert_eq!(olivia["measures"]["answered"], 1);
    assert_eq!(olivia["measures"]["first_answer_median_seconds"], 60);
    assert_eq!(olivia["measures"]["time_to_close_median_seconds"], 600);
    assert_eq!(olivia["measures"]["rating"]["average"], 4.0);
    let marc = &row(&monday["operators"], "Marc Petit")["measures"];
    assert_eq!(counts(marc), [1, 1, 0]);
    assert_eq!(marc["first_answer_p90_seconds"], 240);

    // 00:30 in Paris is the next day there.
    let tuesday = &buckets[1];
    assert_eq!(tuesday["start"], "2024-03-05");
    assert_eq!(counts(&tuesday["total"]), [1, 1, 0]);
    assert_eq!(tuesday["total"]["first_answer_median_seconds"], 120);
    assert_eq!(
        tuesday["total"]["time_to_close_median_seconds"],
        Value::Null
    );

    // The whole range: its own median and percentile, not an average of days.
    let overall = &report["overall"]["total"];
    assert_eq!(counts(overall), [5, 3, 1]);
    assert_eq!(overall["first_answer_median_seconds"], 120);
    assert_eq!(overall["first_answer_p90_seconds"], 240);
}

#[tokio::test]
async fn weeks_and_utc_days_cut_the_same_facts_otherwise() {
    let demo = Demo::start().await;
    seed(&demo).await;
    let utc = demo
        .get_ok(&demo.admin, "/reports?from=2024-03-04&to=2024-03-05")
        .await;
    assert_eq!(utc["tz"], "UTC");
    assert_eq!(counts(&utc["buckets"][0]["total"]), [5, 3, 1]);
    assert_eq!(counts(&utc["buckets"][1]["total"]), [0, 0, 0]);

    let week = demo
        .get_ok(
            &demo.admin,
            "/reports?from=2024-03-06&to=2024-03-12&period=week&tz=Europe/Paris",
        )
        .await;
    let starts: Vec<&str> = week["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bucket| bucket["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2024-03-04", "2024-03-11"]);
    // The range starts on the Wednesday: Monday's and Tuesday's are out.
    assert_eq!(counts(&week["buckets"][0]["total"]), [0, 0, 0]);

    let whole = demo
        .get_ok(
            &demo.admin,
            "/reports?from=2024-03-04&to=2024-03-10&period=week&tz=Europe/Paris",
        )
        .await;
    assert_eq!(counts(&whole["buckets"][0]["total"]), [5, 3, 1]);

    let sales_only = format!("{PARIS_DAYS}&line_id={}", demo.sales);
    let sales = demo.get_ok(&demo.admin, &sales_only).await;
    assert_eq!(counts(&sales["overall"]["total"]), [2, 1, 0]);
    assert_eq!(sales["overall"]["lines"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_csv_has_a_row_per_period_and_scope() {
    let demo = Demo::start().await;
    seed(&demo).await;
    let response = demo
        .request(
            reqwest::Method::GET,
            &PARIS_DAYS.replace("/reports", "/reports.csv"),
        )
        .bearer_auth(&demo.sophie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"switchboard-report-2024-03-04-2024-03-05.csv\""
    );
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "period_start,scope,id,name,new,answered,missed,first_answer_median_seconds,\
         first_answer_p90_seconds,time_to_close_median_seconds,rating_count,rating_average,\
         rating_1,rating_2,rating_3,rating_4,rating_5"
    );
    assert!(
        lines.contains(&"2024-03-04,total,,,4,2,1,150,240,450,1,4.00,0,0,0,1,0"),
        "{text}"
    );
    let support = format!(
        "2024-03-04,channel,{},Support,3,2,1,150,240,450,1,4.00,0,0,0,1,0",
        demo.support
    );
    assert!(lines.contains(&support.as_str()), "{text}");
    assert!(
        lines.contains(&"2024-03-05,total,,,1,1,0,120,120,,0,,0,0,0,0,0"),
        "{text}"
    );
    assert!(text.ends_with("\r\n"));
}

#[tokio::test]
async fn operators_may_not_read_reports() {
    let demo = Demo::start().await;
    assert_error(&demo.get(&demo.olivia, PARIS_DAYS).await, 403, "forbidden");
    let csv = PARIS_DAYS.replace("/reports", "/reports.csv");
    assert_error(&demo.get(&demo.marc, &csv).await, 403, "forbidden");
    assert_eq!(demo.get(&demo.sophie, PARIS_DAYS).await.0, 200);
}

#[tokio::test]
async fn bad_queries_are_refused_naming_the_field() {
    let demo = Demo::start().await;
    for (query, field) in [
        ("from=2024-02-30&to=2024-03-01", "from"),
        ("from=yesterday&to=2024-03-01", "from"),
        ("to=2024-03-01", "from"),
        ("from=2024-03-01&to=2024-3-2", "to"),
        ("from=2024-03-02&to=2024-03-01", "to"),
        ("from=2023-01-01&to=2024-01-02", "to"),
        ("from=2024-03-01&to=2024-03-02&period=month", "period"),
        ("from=2024-03-01&to=2024-03-02&tz=Europe/Atlantis", "tz"),
    ] {
        let answer = demo.get(&demo.admin, &format!("/reports?{query}")).await;
        assert_error(&answer, 422, "unprocessable");
        assert_eq!(answer.1["error"]["field"], field, "{query}: {}", answer.1);
    }
}
