-- PostgreSQL form of migrations/sqlite/0011_routing.sql: the same change, kept in step.
-- Routing: how an open channel offers its new conversations to its queue
-- (time to take an offer, each operator's capacity, the first-answer
-- target), and the offers themselves.

-- Seconds an operator has to accept an offer before it passes on.
ALTER TABLE lines ADD COLUMN time_to_take_s BIGINT NOT NULL DEFAULT 60;
-- At most this many of the channel's active conversations (in progress, or
-- offered) per operator before they get no more of its offers; NULL: no limit.
ALTER TABLE lines ADD COLUMN capacity BIGINT;
-- The first answer should come within this many seconds; NULL: no target.
ALTER TABLE lines ADD COLUMN first_answer_target_s BIGINT;

-- Set while the assignee of an unanswered conversation holds it as an
-- offer: when the offer passes on. Every state transition clears it.
ALTER TABLE conversations ADD COLUMN offer_expires_at BIGINT;
CREATE INDEX conversations_offers ON conversations (offer_expires_at)
    WHERE offer_expires_at IS NOT NULL;
CREATE INDEX conversations_assignee ON conversations (assignee_id, status)
    WHERE assignee_id IS NOT NULL;
-- The conversations transferred to a channel (their own line_id).
CREATE INDEX conversations_line ON conversations (line_id)
    WHERE line_id IS NOT NULL;

-- Who let an offer pass (skipped it, or let it run out): the conversation is
-- not offered to them again.
CREATE TABLE offer_passes (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, user_id)
);

-- Offers made before routing had a time to take become offers that run
-- out at once and pass on.
UPDATE conversations SET offer_expires_at = 0
    WHERE status = 'unanswered' AND assignee_id IS NOT NULL
    AND (SELECT mode FROM lines WHERE id = COALESCE(conversations.line_id,
        (SELECT line_id FROM chats WHERE chats.id = conversations.chat_id))) != 'all';
