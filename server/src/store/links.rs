//! One-time links (the first run's setup link, password resets): only the
//! SHA-256 hash of a link's token is stored, so a copy of the database opens
//! nothing.

use switchboard_protocol::UserId;

use super::sql::{self, params};
use crate::store::Conn;

/// What a link is for (the `purpose` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Creates the first administrator.
    Setup,
    /// Chooses a new password for `user_id`.
    Reset,
    /// Chooses the first password of `user_id`, who was invited.
    Invite,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Setup => "setup",
            Self::Reset => "reset",
            Self::Invite => "invite",
        }
    }
}

/// Stores a new link, valid until `expires_at`.
pub async fn insert(
    db: &mut Conn,
    token_hash: &str,
    purpose: Purpose,
    user: Option<UserId>,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    let query =
        "INSERT INTO one_time_links (token_hash, purpose, user_id, created_at, expires_at) \
        VALUES (?, ?, ?, ?, ?)";
    let user = user.map(|user| user.0);
    sql::run(
        db,
        query,
        params![token_hash, purpose.as_str(), user, now, expires_at],
    )
    .await
}

/// Forgets the unused links of `purpose` (for `user`, or for nobody): a new
/// link replaces them.
pub async fn forget_unused(
    db: &mut Conn,
    purpose: Purpose,
    user: Option<UserId>,
) -> sqlx::Result<()> {
    let query = "DELETE FROM one_time_links WHERE purpose = ? AND used_at IS NULL \
        AND user_id IS NOT DISTINCT FROM ?";
    let user = user.map(|user| user.0);
    sql::run(db, query, params![purpose.as_str(), user]).await
}

/// Forgets every unused link of an employee (they were deactivated).
pub async fn forget_all_unused(db: &mut Conn, user: UserId) -> sqlx::Result<()> {
    let query = "DELETE FROM one_time_links WHERE user_id = ? AND used_at IS NULL";
    sql::run(db, query, params![user.0]).await
}

/// Uses the link with this hash if it is of `purpose`, unused and not
/// expired at `now`: marks it used and answers its employee (`Some(None)`
/// for a link of nobody). `None`: no such link to use.
pub async fn take(
    db: &mut Conn,
    token_hash: &str,
    purpose: Purpose,
    now: i64,
) -> sqlx::Result<Option<Option<UserId>>> {
    let query = "UPDATE one_time_links SET used_at = ? WHERE token_hash = ? AND purpose = ? \
        AND used_at IS NULL AND expires_at > ? RETURNING user_id";
    let row: Option<(Option<i64>,)> =
        sql::row(db, query, params![now, token_hash, purpose.as_str(), now]).await?;
    Ok(row.map(|(user,)| user.map(UserId)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{test_database, users};
    use switchboard_protocol::Role;

    #[tokio::test]
    async fn a_link_is_taken_once_for_its_purpose_and_never_after_it_expires() {
        let (_dir, pool) = test_database().await;
        let mut db = pool.acquire().await.unwrap();
        let ann = users::insert(&mut db, "Ann", "ann@example.com", Role::Admin, "x", 0)
            .await
            .unwrap();
        insert(&mut db, "live", Purpose::Reset, Some(ann), 0, 1_000)
            .await
            .unwrap();
        insert(&mut db, "old", Purpose::Reset, Some(ann), 0, 500)
            .await
            .unwrap();

        assert_eq!(
            take(&mut db, "live", Purpose::Setup, 600).await.unwrap(),
            None,
            "another purpose"
        );
        assert_eq!(
            take(&mut db, "old", Purpose::Reset, 600).await.unwrap(),
            None,
            "expired"
        );
        assert_eq!(
            take(&mut db, "live", Purpose::Reset, 1_000).await.unwrap(),
            None,
            "expires at its time"
        );
        assert_eq!(
            take(&mut db, "live", Purpose::Reset, 600).await.unwrap(),
            Some(Some(ann))
        );
        assert_eq!(
            take(&mut db, "live", Purpose::Reset, 601).await.unwrap(),
            None,
            "used once"
        );
    }

    #[tokio::test]
    async fn a_new_link_replaces_only_the_unused_ones_of_its_kind_and_person() {
        let (_dir, pool) = test_database().await;
        let mut db = pool.acquire().await.unwrap();
        let ann = users::insert(&mut db, "Ann", "ann@example.com", Role::Admin, "x", 0)
            .await
            .unwrap();
        insert(&mut db, "setup", Purpose::Setup, None, 0, 1_000)
            .await
            .unwrap();
        insert(&mut db, "ann", Purpose::Reset, Some(ann), 0, 1_000)
            .await
            .unwrap();
        forget_unused(&mut db, Purpose::Setup, None).await.unwrap();
        assert_eq!(
            take(&mut db, "setup", Purpose::Setup, 1).await.unwrap(),
            None
        );
        assert_eq!(
            take(&mut db, "ann", Purpose::Reset, 1).await.unwrap(),
            Some(Some(ann))
        );
    }
}
