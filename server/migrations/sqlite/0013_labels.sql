-- Labels administrators define, the labels each conversation carries, and
-- each conversation's priority.

CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- A `LabelColour` name.
    colour TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
-- Names are unique regardless of case.
CREATE UNIQUE INDEX labels_name ON labels (name COLLATE NOCASE);

CREATE TABLE conversation_labels (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, label_id)
);
CREATE INDEX conversation_labels_label ON conversation_labels (label_id);

-- A `Priority` name.
ALTER TABLE conversations ADD COLUMN priority TEXT NOT NULL DEFAULT 'none';
