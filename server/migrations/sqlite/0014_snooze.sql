-- Snoozed conversations: hidden from "In progress" until a time or until
-- the customer writes, whichever comes first.

-- When the snoozed conversation comes back; NULL: not snoozed.
ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER;

CREATE INDEX conversations_snoozed ON conversations (snoozed_until)
    WHERE snoozed_until IS NOT NULL;
