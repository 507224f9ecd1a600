-- Working hours and automatic messages of each open channel, and which of
-- them each session has had (so each is sent at most once).

-- The channel's `LineAutomation` as JSON (validated before it is written);
-- NULL: always open, no automatic message.
ALTER TABLE lines ADD COLUMN automation TEXT;
-- When it was last changed: the messages are for what happens after.
ALTER TABLE lines ADD COLUMN automation_at INTEGER NOT NULL DEFAULT 0;

-- When the session got the channel's welcome message.
ALTER TABLE conversations ADD COLUMN welcomed_at INTEGER;
-- When the session got the channel's offline reply.
ALTER TABLE conversations ADD COLUMN offline_replied_at INTEGER;
-- When the finished session was asked for a rating (or, on the website
-- chat, when the widget took over asking).
ALTER TABLE conversations ADD COLUMN rating_requested_at INTEGER;
-- When the session was closed automatically after the customer's silence.
ALTER TABLE conversations ADD COLUMN auto_closed_at INTEGER;

CREATE INDEX conversations_automation ON conversations (created_at)
    WHERE welcomed_at IS NULL OR offline_replied_at IS NULL;
