-- The queue's counts kept as they change: how many sessions each line has
-- per status, snoozed or not, and assignee (0: nobody), written by a
-- trigger in the same transaction as the change. A queue page adds up these
-- rows instead of counting every session it may see. Write transactions
-- take the event numbers' lock as they begin, so two never update these
-- rows at once.
CREATE TABLE queue_tallies (
    line_id     BIGINT  NOT NULL,
    status      TEXT    NOT NULL,
    snoozed     INTEGER NOT NULL,
    assignee_id BIGINT  NOT NULL,
    sessions    INTEGER NOT NULL,
    PRIMARY KEY (line_id, status, snoozed, assignee_id)
);

INSERT INTO queue_tallies (line_id, status, snoozed, assignee_id, sessions)
SELECT COALESCE(c.line_id, ch.line_id), c.status, (c.snoozed_until IS NOT NULL)::INTEGER,
       COALESCE(c.assignee_id, 0), COUNT(*)
FROM conversations c JOIN chats ch ON ch.id = c.chat_id
GROUP BY 1, 2, 3, 4;

CREATE FUNCTION queue_tallies_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE queue_tallies SET sessions = sessions - 1
        WHERE line_id = COALESCE(OLD.line_id, (SELECT line_id FROM chats WHERE id = OLD.chat_id))
            AND status = OLD.status
            AND snoozed = (OLD.snoozed_until IS NOT NULL)::INTEGER
            AND assignee_id = COALESCE(OLD.assignee_id, 0);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO queue_tallies (line_id, status, snoozed, assignee_id, sessions)
        VALUES (COALESCE(NEW.line_id, (SELECT line_id FROM chats WHERE id = NEW.chat_id)),
                NEW.status, (NEW.snoozed_until IS NOT NULL)::INTEGER, COALESCE(NEW.assignee_id, 0), 1)
        ON CONFLICT (line_id, status, snoozed, assignee_id)
        DO UPDATE SET sessions = queue_tallies.sessions + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER queue_tallies_rows AFTER INSERT OR DELETE ON conversations
FOR EACH ROW EXECUTE FUNCTION queue_tallies_change();

CREATE TRIGGER queue_tallies_update AFTER UPDATE OF status, snoozed_until, assignee_id, line_id
ON conversations FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status
    OR (OLD.snoozed_until IS NULL) IS DISTINCT FROM (NEW.snoozed_until IS NULL)
    OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
    OR OLD.line_id IS DISTINCT FROM NEW.line_id)
EXECUTE FUNCTION queue_tallies_change();

-- Search by name: the chats of a customer found by the trigram index of
-- names, and the few sessions with a title of their own.
CREATE INDEX chats_customer ON chats (customer_id);
CREATE INDEX conversations_titled ON conversations (id) WHERE custom_title IS NOT NULL;
