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

-- Bearer tokens, stored as SHA-256 hashes so a leaked database grants nothing.
CREATE TABLE auth_tokens (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id);

-- Open channels.
CREATE TABLE lines (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE,
    mode TEXT    NOT NULL CHECK (mode IN ('all', 'evenly', 'strict'))
);

-- Queue members of a line, in queue order.
CREATE TABLE line_members (
    line_id          INTEGER NOT NULL REFERENCES lines (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    last_offered_at  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (line_id, user_id)
);
CREATE INDEX line_members_user ON line_members (user_id);

CREATE TABLE connectors (
    id                      INTEGER PRIMARY KEY,
    line_id                 INTEGER NOT NULL REFERENCES lines (id) ON DELETE CASCADE,
    kind                    TEXT    NOT NULL,
    name                    TEXT    NOT NULL,
    webhook_token           TEXT    NOT NULL UNIQUE,
    files                   INTEGER NOT NULL,
    max_file_bytes          INTEGER,
    edit_on_customer_side   INTEGER NOT NULL,
    delete_on_customer_side INTEGER NOT NULL,
    reply_window_seconds    INTEGER,
    max_text_length         INTEGER
);

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    email      TEXT,
    phone      TEXT,
    created_at INTEGER NOT NULL
);

-- Who a customer is on each connector.
CREATE TABLE customer_identities (
    connector_id INTEGER NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    external_id  TEXT    NOT NULL,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    PRIMARY KEY (connector_id, external_id)
);

-- One chat per customer per line.
CREATE TABLE chats (
    id          INTEGER PRIMARY KEY,
    line_id     INTEGER NOT NULL REFERENCES lines (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    UNIQUE (line_id, customer_id)
);

-- The channel's id of a chat, per connector.
CREATE TABLE chat_links (
    connector_id     INTEGER NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    external_chat_id TEXT    NOT NULL,
    chat_id          INTEGER NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    title            TEXT,
    PRIMARY KEY (connector_id, external_chat_id)
);

-- Sessions of a chat.
CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY,
    chat_id          INTEGER NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    session_number   INTEGER NOT NULL,
    connector_id     INTEGER NOT NULL REFERENCES connectors (id),
    external_chat_id TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('unanswered', 'in_progress', 'closed', 'spam')),
    assignee_id      INTEGER REFERENCES users (id),
    waiting_since    INTEGER,
    last_activity_at INTEGER NOT NULL,
    last_message_id  INTEGER,
    created_at       INTEGER NOT NULL,
    closed_at        INTEGER,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (chat_id, session_number)
);
CREATE INDEX conversations_queue ON conversations (status, last_activity_at DESC, id DESC);

-- Employees invited into a conversation besides its assignee.
CREATE TABLE conversation_participants (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, user_id)
);

-- Each employee's read marker per conversation.
CREATE TABLE conversation_reads (
    conversation_id      INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_message_id INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author_kind     TEXT    NOT NULL CHECK (author_kind IN ('customer', 'employee', 'system', 'bot')),
    author_user_id  INTEGER REFERENCES users (id),
    author_customer_id INTEGER REFERENCES customers (id),
    author_name     TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    internal        INTEGER NOT NULL DEFAULT 0,
    quote_id        INTEGER REFERENCES messages (id),
    mentions        TEXT    NOT NULL DEFAULT '[]',
    client_id       TEXT,
    external_id     TEXT,
    connector_id    INTEGER REFERENCES connectors (id),
    created_at      INTEGER NOT NULL,
    edited_at       INTEGER,
    deleted_at      INTEGER
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
-- Idempotency: one message per employee and client id, one per delivered channel message.
CREATE UNIQUE INDEX messages_client_id ON messages (author_user_id, client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX messages_external_id ON messages (connector_id, external_id) WHERE external_id IS NOT NULL;

-- Files: uploaded ones live under <data-dir>/files/<id>; channel-hosted ones have a URL.
CREATE TABLE files (
    id           TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    external_url TEXT,
    uploaded_by  INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL
);

CREATE TABLE message_attachments (
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    file_id    TEXT    NOT NULL REFERENCES files (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (message_id, file_id)
);

-- The event stream. `seq` is the workspace's sequence number. The audience
-- columns let the stream be filtered without decoding payloads:
--   scope 'all': everyone; 'users': only `audience`; 'conversation': admins,
--   supervisors, members of `line_id` and the employees in `audience`.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    scope      TEXT    NOT NULL CHECK (scope IN ('all', 'users', 'conversation')),
    line_id    INTEGER,
    audience   TEXT    NOT NULL DEFAULT '[]',
    payload    TEXT    NOT NULL
);
