-- One-time links: the first run's setup link, and password reset links
-- (invitations will be another purpose). Only the SHA-256 hash of a link's
-- token is stored; a link is used once (`used_at`) and expires.
CREATE TABLE one_time_links (
    token_hash TEXT    PRIMARY KEY,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('setup', 'reset')),
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX one_time_links_user ON one_time_links (user_id);
