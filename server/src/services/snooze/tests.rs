//! Wake-up times across time zones and daylight saving changes, and the
//! pass on a clock of the tests' own.

use super::*;

/// Milliseconds since the epoch of an RFC 3339 instant.
fn ms(instant: &str) -> i64 {
    instant.parse::<Timestamp>().unwrap().as_millisecond()
}

fn preset(preset: SnoozePreset, zone: &str, now: &str) -> String {
    let at = wake_time(preset, zone, None, ms(now)).unwrap();
    Timestamp::from_millisecond(at).unwrap().to_string()
}

fn at(zone: &str, local: &str, now: &str) -> Result<String, ApiError> {
    let at = wake_time(SnoozePreset::At, zone, Some(local), ms(now))?;
    Ok(Timestamp::from_millisecond(at).unwrap().to_string())
}

fn field_error(result: Result<String, ApiError>) -> (&'static str, &'static str) {
    match result {
        Err(ApiError::InvalidField { code, field, .. }) => (field, code),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn one_hour_is_sixty_minutes_even_across_the_spring_change() {
    // Paris, 01:30 CET on the night clocks go forward: 03:30 CEST.
    assert_eq!(
        preset(
            SnoozePreset::OneHour,
            "Europe/Paris",
            "2026-03-29T00:30:00Z"
        ),
        "2026-03-29T01:30:00Z"
    );
}

#[test]
fn tomorrow_is_nine_local_time_on_both_sides_of_the_paris_changes() {
    // Saturday before the spring change (CET, +01:00): Sunday 09:00 CEST (+02:00).
    assert_eq!(
        preset(
            SnoozePreset::Tomorrow,
            "Europe/Paris",
            "2026-03-28T14:00:00Z"
        ),
        "2026-03-29T07:00:00Z"
    );
    // Saturday before the autumn change (CEST): Sunday 09:00 CET.
    assert_eq!(
        preset(
            SnoozePreset::Tomorrow,
            "Europe/Paris",
            "2026-10-24T13:00:00Z"
        ),
        "2026-10-25T08:00:00Z"
    );
    // Late at night it is still the local day that counts: 23:30 CET on
    // the 6th is the 6th, so tomorrow is the 7th.
    assert_eq!(
        preset(
            SnoozePreset::Tomorrow,
            "Europe/Paris",
            "2026-12-06T22:30:00Z"
        ),
        "2026-12-07T08:00:00Z"
    );
}

#[test]
fn new_york_counts_days_in_its_own_zone() {
    // 20:00 EST on Saturday March 7 is already the 8th in UTC; tomorrow is
    // Sunday the 8th, 09:00 EDT (the change happened that night).
    assert_eq!(
        preset(
            SnoozePreset::Tomorrow,
            "America/New_York",
            "2026-03-08T01:00:00Z"
        ),
        "2026-03-08T13:00:00Z"
    );
}

#[test]
fn tokyo_is_ahead_of_utc_and_has_no_daylight_saving() {
    // 05:00 JST on Monday December 7 (still Sunday in UTC).
    let now = "2026-12-06T20:00:00Z";
    assert_eq!(
        preset(SnoozePreset::Tomorrow, "Asia/Tokyo", now),
        "2026-12-08T00:00:00Z"
    );
    // Today is Monday there: the Monday after.
    assert_eq!(
        preset(SnoozePreset::NextMonday, "Asia/Tokyo", now),
        "2026-12-14T00:00:00Z"
    );
}

#[test]
fn next_monday_is_the_monday_after_today() {
    // Sunday evening in Paris: tomorrow morning.
    assert_eq!(
        preset(
            SnoozePreset::NextMonday,
            "Europe/Paris",
            "2026-12-06T20:00:00Z"
        ),
        "2026-12-07T08:00:00Z"
    );
    // Monday 08:00 in Paris, before 09:00: still a week later.
    assert_eq!(
        preset(
            SnoozePreset::NextMonday,
            "Europe/Paris",
            "2026-12-07T07:00:00Z"
        ),
        "2026-12-14T08:00:00Z"
    );
    // Across the autumn change: Wednesday in CEST, Monday in CET.
    assert_eq!(
        preset(
            SnoozePreset::NextMonday,
            "Europe/Paris",
            "2026-10-21T10:00:00Z"
        ),
        "2026-10-26T08:00:00Z"
    );
}

#[test]
fn a_chosen_time_in_a_gap_moves_forward_and_a_repeated_one_is_the_earlier() {
    let now = "2026-03-01T10:00:00Z";
    // 02:30 does not exist in Paris on March 29: 03:30 CEST.
    assert_eq!(
        at("Europe/Paris", "2026-03-29T02:30", now).unwrap(),
        "2026-03-29T01:30:00Z"
    );
    // 02:30 happens twice on October 25: the first, in CEST.
    assert_eq!(
        at("Europe/Paris", "2026-10-25T02:30", now).unwrap(),
        "2026-10-25T00:30:00Z"
    );
    // An ordinary time in New York, in EDT.
    assert_eq!(
        at("America/New_York", "2026-07-04T14:30", now).unwrap(),
        "2026-07-04T18:30:00Z"
    );
}

#[test]
fn a_chosen_time_must_be_a_future_time_within_a_year() {
    let now = "2026-12-06T20:00:00Z";
    assert_eq!(
        field_error(at("Europe/Paris", "2026-12-06T20:00", now)),
        ("local", "snooze_time_past")
    );
    assert_eq!(
        field_error(at("Europe/Paris", "2028-01-01T09:00", now)),
        ("local", "snooze_time_too_far")
    );
    assert_eq!(
        field_error(at("Europe/Paris", "tomorrow", now)),
        ("local", "invalid_snooze_time")
    );
    assert_eq!(
        field_error(
            wake_time(SnoozePreset::At, "Europe/Paris", None, ms(now)).map(|_| String::new())
        ),
        ("local", "invalid_snooze_time")
    );
    assert_eq!(
        field_error(at("Mars/Olympus", "2026-12-07T09:00", now)),
        ("time_zone", "invalid_time_zone")
    );
    assert_eq!(
        at("Europe/Paris", "2027-12-06T09:00", now).unwrap(),
        "2027-12-06T08:00:00Z"
    );
}

mod pass {
    //! The pass on a database, at times the tests choose.

    use super::super::*;
    use crate::store::Db;

    const MINUTE: i64 = 60_000;

    async fn snoozed(pool: &Db, until: Option<i64>) -> ConversationId {
        let line: i64 = sqlx::query_scalar(
            "INSERT INTO lines (name, mode) VALUES ('Support', 'all') RETURNING id",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let user: i64 = sqlx::query_scalar(
            "INSERT INTO users (name, email, role, presence, password_hash, created_at) \
             VALUES ('Olivia', 'olivia@example.com', 'operator', 'online', 'x', 0) RETURNING id",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let connector = store::test_connector(pool, line, "webhook").await;
        let id = store::test_conversation(pool, line, connector, 0).await;
        sqlx::query(
            "UPDATE conversations SET status = 'in_progress', assignee_id = ?, \
             snoozed_until = ? WHERE id = ?",
        )
        .bind(user)
        .bind(until)
        .bind(id.0)
        .execute(pool)
        .await
        .unwrap();
        id
    }

    async fn pass_at(pool: &Db, now: i64) -> Pass {
        let mut tx = pool.begin().await.unwrap();
        let done = pass(&mut tx, now).await.unwrap();
        tx.commit().await.unwrap();
        done
    }

    async fn kinds(pool: &Db) -> Vec<String> {
        let frames: Vec<String> = sqlx::query_scalar("SELECT payload FROM events ORDER BY seq")
            .fetch_all(pool)
            .await
            .unwrap();
        frames
            .iter()
            .filter_map(|frame| switchboard_protocol::frame_event_tag(frame))
            .collect()
    }

    #[tokio::test]
    async fn a_snooze_wakes_when_its_time_comes_and_tells_the_assignee() {
        let (_dir, pool) = store::test_database().await;
        let until = 90 * MINUTE;
        let id = snoozed(&pool, Some(until)).await;
        let early = pass_at(&pool, until - 1).await;
        assert_eq!(
            early,
            Pass {
                woke: vec![],
                next: Some(until)
            }
        );
        assert!(kinds(&pool).await.is_empty());

        let due = pass_at(&pool, until).await;
        assert_eq!(
            due,
            Pass {
                woke: vec![id],
                next: None
            }
        );
        assert_eq!(kinds(&pool).await, ["conversation_updated", "snooze_ended"]);
        let mut db = pool.acquire().await.unwrap();
        let summary = conversations::summary(&mut db, id).await.unwrap().unwrap();
        assert_eq!(summary.snoozed_until, None);
        drop(db);

        // Woken once only.
        assert_eq!(pass_at(&pool, until + MINUTE).await, Pass::default());
    }

    #[tokio::test]
    async fn the_customer_writing_ends_the_snooze() {
        let (_dir, pool) = store::test_database().await;
        let id = snoozed(&pool, Some(90 * MINUTE)).await;
        let mut db = pool.acquire().await.unwrap();
        let message: i64 = sqlx::query_scalar(
            "INSERT INTO messages (conversation_id, author_kind, author_name, text, created_at) \
             VALUES (?, 'customer', 'Customer', 'Hello again', ?) RETURNING id",
        )
        .bind(id.0)
        .bind(MINUTE)
        .fetch_one(&mut *db)
        .await
        .unwrap();
        conversations::touch_with_message(
            &mut db,
            id,
            switchboard_protocol::MessageId(message),
            switchboard_protocol::AuthorKind::Customer,
            false,
            MINUTE,
        )
        .await
        .unwrap();
        let summary = conversations::summary(&mut db, id).await.unwrap().unwrap();
        assert_eq!(summary.snoozed_until, None);
        drop(db);
        assert_eq!(pass_at(&pool, 90 * MINUTE).await, Pass::default());
        assert!(kinds(&pool).await.is_empty(), "no wake-up notice");
    }
}
