-- The website chat widget: how a site embeds a website-chat connector, the
-- visitors it knows, and the ratings customers give finished conversations.

CREATE TABLE widget_settings (
    connector_id    INTEGER PRIMARY KEY REFERENCES connectors (id) ON DELETE CASCADE,
    -- What the site's script tag names (data-connector); not a secret.
    public_id       TEXT    NOT NULL UNIQUE,
    -- JSON array of origins allowed to embed it ("https://shop.example",
    -- "http://localhost:*"); empty: only this server's own pages.
    allowed_origins TEXT    NOT NULL DEFAULT '[]',
    -- Shown when the panel opens, and when no operator of the channel is online.
    welcome_message TEXT,
    offline_message TEXT
);

-- A visitor: the hash of the token kept in their browser, and the chat it
-- stands for on the connector.
CREATE TABLE widget_visitors (
    token_hash       TEXT    PRIMARY KEY,
    connector_id     INTEGER NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    external_chat_id TEXT    NOT NULL UNIQUE,
    name             TEXT,
    email            TEXT,
    created_at       INTEGER NOT NULL,
    seen_at          INTEGER NOT NULL
);

-- How the customer rated a finished conversation (1 to 5) and what they said.
ALTER TABLE conversations ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE conversations ADD COLUMN rating_comment TEXT;

-- The website-chat connectors made before the widget get a public id.
INSERT INTO widget_settings (connector_id, public_id)
    SELECT id, 'chat-' || lower(hex(randomblob(8))) FROM connectors WHERE kind = 'livechat';
