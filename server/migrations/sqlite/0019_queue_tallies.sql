-- The queue's counts kept as they change: how many sessions each line has
-- per status, snoozed or not, and assignee (0: nobody), written by triggers
-- in the same transaction as the change. A queue page adds up these rows
-- instead of counting every session it may see.
CREATE TABLE queue_tallies (
    line_id     INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    snoozed     INTEGER NOT NULL,
    assignee_id INTEGER NOT NULL,
    sessions    INTEGER NOT NULL,
    PRIMARY KEY (line_id, status, snoozed, assignee_id)
);

INSERT INTO queue_tallies (line_id, status, snoozed, assignee_id, sessions)
SELECT COALESCE(c.line_id, ch.line_id), c.status, c.snoozed_until IS NOT NULL,
       COALESCE(c.assignee_id, 0), COUNT(*)
FROM conversations c JOIN chats ch ON ch.id = c.chat_id
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER queue_tallies_insert AFTER INSERT ON conversations BEGIN
    INSERT INTO queue_tallies (line_id, status, snoozed, assignee_id, sessions)
    VALUES (COALESCE(new.line_id, (SELECT line_id FROM chats WHERE id = new.chat_id)),
            new.status, new.snoozed_until IS NOT NULL, COALESCE(new.assignee_id, 0), 1)
    ON CONFLICT (line_id, status, snoozed, assignee_id) DO UPDATE SET sessions = sessions + 1;
END;

CREATE TRIGGER queue_tallies_update AFTER UPDATE OF status, snoozed_until, assignee_id, line_id
ON conversations
WHEN old.status IS NOT new.status
    OR (old.snoozed_until IS NULL) IS NOT (new.snoozed_until IS NULL)
    OR old.assignee_id IS NOT new.assignee_id
    OR old.line_id IS NOT new.line_id
BEGIN
    UPDATE queue_tallies SET sessions = sessions - 1
    WHERE line_id = COALESCE(old.line_id, (SELECT line_id FROM chats WHERE id = old.chat_id))
        AND status = old.status AND snoozed = (old.snoozed_until IS NOT NULL)
        AND assignee_id = COALESCE(old.assignee_id, 0);
    INSERT INTO queue_tallies (line_id, status, snoozed, assignee_id, sessions)
    VALUES (COALESCE(new.line_id, (SELECT line_id FROM chats WHERE id = new.chat_id)),
            new.status, new.snoozed_until IS NOT NULL, COALESCE(new.assignee_id, 0), 1)
    ON CONFLICT (line_id, status, snoozed, assignee_id) DO UPDATE SET sessions = sessions + 1;
END;

CREATE TRIGGER queue_tallies_delete AFTER DELETE ON conversations BEGIN
    UPDATE queue_tallies SET sessions = sessions - 1
    WHERE line_id = COALESCE(old.line_id, (SELECT line_id FROM chats WHERE id = old.chat_id))
        AND status = old.status AND snoozed = (old.snoozed_until IS NOT NULL)
        AND assignee_id = COALESCE(old.assignee_id, 0);
END;

-- Search by name through an index: a trigram full-text table of the
-- customers' names (as `messages_text` is of the messages), the chats of a
-- customer, and the few sessions with a title of their own.
CREATE VIRTUAL TABLE customers_text USING fts5 (
    name,
    content = 'customers',
    content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO customers_text (customers_text) VALUES ('rebuild');

CREATE TRIGGER customers_text_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_text (rowid, name) VALUES (new.id, new.name);
END;

CREATE TRIGGER customers_text_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_text (customers_text, rowid, name) VALUES ('delete', old.id, old.name);
END;

CREATE TRIGGER customers_text_update AFTER UPDATE OF name ON customers BEGIN
    INSERT INTO customers_text (customers_text, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO customers_text (rowid, name) VALUES (new.id, new.name);
END;

CREATE INDEX chats_customer ON chats (customer_id);
CREATE INDEX conversations_titled ON conversations (id) WHERE custom_title IS NOT NULL;
