-- The queue in its order (most recent activity first) whatever the status:
-- a page reads the index up to its last row instead of sorting every
-- session.
CREATE INDEX conversations_activity ON conversations (last_activity_at DESC, id DESC);
