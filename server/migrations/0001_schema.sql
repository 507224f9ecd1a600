-- Employees of the workspace.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    avatar_url    TEXT,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'supervisor', 'operator')),
    presence      TEXT    NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'away', 'offline')),
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
