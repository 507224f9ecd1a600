-- Outbound delivery: every change a customer must receive is a job written
-- in the transaction that made it, delivered by the worker in order per
-- chat, retried with backoff, and visible when it fails.

-- Where the generic webhook posts (none: its adapter polls the customer view).
ALTER TABLE connectors ADD COLUMN outbound_url TEXT;
-- The connector's secret token, encrypted with the server's key: it signs
-- what the webhook posts and forms the Telegram webhook's URL.
ALTER TABLE connectors ADD COLUMN secret_sealed TEXT;
-- Telegram: the bot token (encrypted), the bot's name, and the hash of the
-- secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token.
ALTER TABLE connectors ADD COLUMN bot_token_sealed TEXT;
ALTER TABLE connectors ADD COLUMN bot_name TEXT;
ALTER TABLE connectors ADD COLUMN bot_secret_hash TEXT;
-- The last failed delivery, until one succeeds again.
ALTER TABLE connectors ADD COLUMN delivery_error TEXT;
ALTER TABLE connectors ADD COLUMN delivery_error_at INTEGER;

-- A message's way to the customer (none: it does not travel, or is polled),
-- and the channel's id of it once delivered (to edit or delete it there).
ALTER TABLE messages ADD COLUMN delivery_state TEXT
    CHECK (delivery_state IN ('sending', 'delivered', 'failed'));
ALTER TABLE messages ADD COLUMN delivery_error TEXT;
-- When the delivery reached its state (ms, growing with each change, so
-- that clients keep the newest copy whatever order copies arrive in).
ALTER TABLE messages ADD COLUMN delivery_at INTEGER;
ALTER TABLE messages ADD COLUMN channel_message_id TEXT;

CREATE TABLE delivery_jobs (
    id               INTEGER PRIMARY KEY,
    connector_id     INTEGER NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    external_chat_id TEXT    NOT NULL,
    message_id       INTEGER REFERENCES messages (id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL
        CHECK (kind IN ('message.created', 'message.edited', 'message.deleted', 'typing')),
    -- The same for every attempt: receivers drop what they have seen.
    idempotency_key  TEXT    NOT NULL UNIQUE,
    state            TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    finished_at      INTEGER
);
CREATE INDEX delivery_jobs_queued ON delivery_jobs (connector_id, external_chat_id, id)
    WHERE state = 'queued';
CREATE INDEX delivery_jobs_message ON delivery_jobs (message_id);

-- Telegram updates already taken (a repeated update_id creates nothing).
CREATE TABLE telegram_updates (
    connector_id INTEGER NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    update_id    INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (connector_id, update_id)
);
