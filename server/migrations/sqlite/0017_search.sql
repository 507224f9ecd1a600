-- Search: a trigram full-text index of the messages' text (FTS5 with the
-- trigram tokenizer), kept in step by triggers. `text LIKE '%…%'` on it
-- reads the index (three characters or more) and ignores case.
CREATE VIRTUAL TABLE messages_text USING fts5 (
    text,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO messages_text (messages_text) VALUES ('rebuild');

CREATE TRIGGER messages_text_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_text (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER messages_text_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_text (messages_text, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER messages_text_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_text (messages_text, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_text (rowid, text) VALUES (new.id, new.text);
END;
