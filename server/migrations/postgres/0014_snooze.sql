-- PostgreSQL form of migrations/sqlite/0014_snooze.sql: the same change, kept in step.
-- Snoozed conversations: hidden from "In progress" until a time or until
-- the customer writes, whichever comes first.

-- When the snoozed conversation comes back; NULL: not snoozed.
ALTER TABLE conversations ADD COLUMN snoozed_until BIGINT;

CREATE INDEX conversations_snoozed ON conversations (snoozed_until)
    WHERE snoozed_until IS NOT NULL;
