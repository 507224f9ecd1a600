-- PostgreSQL form of migrations/sqlite/0002_conversation_actions.sql: the same change, kept in step.
-- Conversation actions (transfer, lock) and structured system messages.

-- A conversation transferred to another line belongs to that line; NULL
-- means the line of its chat.
ALTER TABLE conversations ADD COLUMN line_id BIGINT REFERENCES lines (id);
-- The employee who locked the conversation to its assignee ("Lock as mine").
ALTER TABLE conversations ADD COLUMN locked_by BIGINT REFERENCES users (id);
-- The `SystemEvent` of a system message, as JSON.
ALTER TABLE messages ADD COLUMN system TEXT;
