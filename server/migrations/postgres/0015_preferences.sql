-- PostgreSQL form of migrations/sqlite/0015_preferences.sql: the same change, kept in step.
-- Each employee's own preferences (keyboard shortcuts, undo send), kept on
-- the server so that they follow the person to any browser.

-- `body`: the person's `OperatorPreferences` as JSON, validated before it
-- is written; no row: the defaults.
CREATE TABLE operator_preferences (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
