-- Settings managed in the app: invitations, deactivation, sessions seen,
-- archived channels, connectors with hashed tokens, and the audit log.

-- Invitations are one-time links too; SQLite cannot change a CHECK, so the
-- table is rebuilt (nothing refers to it).
CREATE TABLE one_time_links_new (
    token_hash TEXT    PRIMARY KEY,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('setup', 'reset', 'invite')),
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
INSERT INTO one_time_links_new (token_hash, purpose, user_id, created_at, expires_at, used_at)
    SELECT token_hash, purpose, user_id, created_at, expires_at, used_at FROM one_time_links;
DROP TABLE one_time_links;
ALTER TABLE one_time_links_new RENAME TO one_time_links;
CREATE INDEX one_time_links_user ON one_time_links (user_id);

-- A deactivated employee cannot log in; their name stays on their work.
ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
ALTER TABLE users ADD COLUMN last_seen_at INTEGER;

-- Each session's browser and when it was last seen ("My sessions").
ALTER TABLE auth_tokens ADD COLUMN device TEXT;
ALTER TABLE auth_tokens ADD COLUMN last_seen_at INTEGER;

ALTER TABLE lines ADD COLUMN archived_at INTEGER;

-- Connector tokens are kept as their SHA-256 hash, like every other secret.
-- Rows written before this migration hold the token itself
-- (`token_hashed` 0) until the server hashes them as it starts.
ALTER TABLE connectors RENAME COLUMN webhook_token TO token_hash;
ALTER TABLE connectors ADD COLUMN token_hashed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE connectors ADD COLUMN disabled_at INTEGER;

-- Who changed which setting and when (never edited, newest first).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_name TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    details    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_kind ON audit_log (kind, id);

-- The catalog managed in the app: archived products stay on past orders;
-- a picture uploaded in the app is a file of the workspace.
ALTER TABLE products ADD COLUMN archived_at INTEGER;
ALTER TABLE products ADD COLUMN image_file TEXT REFERENCES files (id);

-- The CRM forms an open channel offers; a channel without any offers them all.
CREATE TABLE line_forms (
    line_id INTEGER NOT NULL REFERENCES lines (id) ON DELETE CASCADE,
    form_id INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    PRIMARY KEY (line_id, form_id)
);
