-- Per-message actions: edit/delete, tasks, calendar events, team chats,
-- the company feed and conversation splits.

-- The text the customer received, kept on the first edit so channels that
-- cannot edit on the customer's side keep showing it in the customer view.
ALTER TABLE messages ADD COLUMN original_text TEXT;

CREATE TABLE tasks (
    id                   INTEGER PRIMARY KEY,
    title                TEXT    NOT NULL,
    description          TEXT    NOT NULL DEFAULT '',
    assignee_id          INTEGER NOT NULL REFERENCES users (id),
    creator_id           INTEGER NOT NULL REFERENCES users (id),
    deadline             INTEGER,
    link_conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,
    link_message_id      INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    status               TEXT    NOT NULL CHECK (status IN ('open', 'done')),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_assignee ON tasks (assignee_id, id);
CREATE INDEX tasks_creator ON tasks (creator_id, id);

CREATE TABLE calendar_events (
    id                   INTEGER PRIMARY KEY,
    title                TEXT    NOT NULL,
    starts_at            INTEGER NOT NULL,
    duration_minutes     INTEGER NOT NULL,
    organizer_id         INTEGER NOT NULL REFERENCES users (id),
    description          TEXT    NOT NULL DEFAULT '',
    link_conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,
    link_message_id      INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    created_at           INTEGER NOT NULL
);
CREATE INDEX calendar_events_start ON calendar_events (starts_at);

CREATE TABLE calendar_attendees (
    event_id INTEGER NOT NULL REFERENCES calendar_events (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX calendar_attendees_user ON calendar_attendees (user_id);

CREATE TABLE team_chats (
    id                     INTEGER PRIMARY KEY,
    title                  TEXT    NOT NULL,
    created_by             INTEGER NOT NULL REFERENCES users (id),
    created_at             INTEGER NOT NULL,
    source_conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,
    source_message_id      INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    last_message_id        INTEGER,
    last_activity_at       INTEGER NOT NULL
);

-- Members of a team chat, with their read marker (0: nothing read).
CREATE TABLE team_chat_members (
    team_chat_id         INTEGER NOT NULL REFERENCES team_chats (id) ON DELETE CASCADE,
    user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_message_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_chat_id, user_id)
);
CREATE INDEX team_chat_members_user ON team_chat_members (user_id);

-- Messages of team chats: their own id sequence. `quote_message_id` is a
-- conversation message (the opening quote), `quote_team_message_id` a
-- message of the same team chat.
CREATE TABLE team_messages (
    id                    INTEGER PRIMARY KEY,
    team_chat_id          INTEGER NOT NULL REFERENCES team_chats (id) ON DELETE CASCADE,
    author_user_id        INTEGER NOT NULL REFERENCES users (id),
    author_name           TEXT    NOT NULL,
    text                  TEXT    NOT NULL,
    mentions              TEXT    NOT NULL DEFAULT '[]',
    client_id             TEXT,
    quote_message_id      INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    quote_team_message_id INTEGER REFERENCES team_messages (id) ON DELETE SET NULL,
    created_at            INTEGER NOT NULL,
    edited_at             INTEGER,
    deleted_at            INTEGER
);
CREATE INDEX team_messages_chat ON team_messages (team_chat_id, id);
CREATE UNIQUE INDEX team_messages_client_id ON team_messages (author_user_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE team_message_attachments (
    team_message_id INTEGER NOT NULL REFERENCES team_messages (id) ON DELETE CASCADE,
    file_id         TEXT    NOT NULL REFERENCES files (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (team_message_id, file_id)
);

-- Feed posts; the quote is a snapshot taken when posting.
CREATE TABLE feed_posts (
    id                    INTEGER PRIMARY KEY,
    author_user_id        INTEGER NOT NULL REFERENCES users (id),
    author_name           TEXT    NOT NULL,
    text                  TEXT    NOT NULL,
    quote_conversation_id INTEGER,
    quote_message_id      INTEGER,
    quote_customer_name   TEXT,
    quote_author_name     TEXT,
    quote_excerpt         TEXT,
    created_at            INTEGER NOT NULL
);

-- "Move to new conversation": `to_conversation_id` starts with `message_id`,
-- which was in `from_conversation_id`.
CREATE TABLE conversation_splits (
    from_conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    to_conversation_id   INTEGER NOT NULL PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    message_id           INTEGER NOT NULL,
    by_user_id           INTEGER REFERENCES users (id),
    at                   INTEGER NOT NULL
);
CREATE UNIQUE INDEX conversation_splits_from ON conversation_splits (from_conversation_id);

-- Idempotent creation: one entity per author and client-generated id.
ALTER TABLE tasks ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX tasks_client_id ON tasks (creator_id, client_id) WHERE client_id IS NOT NULL;
ALTER TABLE calendar_events ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX calendar_events_client_id ON calendar_events (organizer_id, client_id) WHERE client_id IS NOT NULL;
ALTER TABLE team_chats ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX team_chats_client_id ON team_chats (created_by, client_id) WHERE client_id IS NOT NULL;
ALTER TABLE feed_posts ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX feed_posts_client_id ON feed_posts (author_user_id, client_id) WHERE client_id IS NOT NULL;
