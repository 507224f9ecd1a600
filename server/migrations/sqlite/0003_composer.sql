-- Composer tools: canned responses, CRM web forms, market apps, chat titles.

-- Saved replies: personal (owner_id) or shared with a line (line_id), never both.
CREATE TABLE canned_responses (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER REFERENCES users (id) ON DELETE CASCADE,
    line_id    INTEGER REFERENCES lines (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    shortcut   TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((owner_id IS NULL) <> (line_id IS NULL))
);
CREATE INDEX canned_responses_owner ON canned_responses (owner_id);
CREATE INDEX canned_responses_line ON canned_responses (line_id);

-- CRM form definitions; `fields` is the JSON of `Vec<FormField>`.
CREATE TABLE forms (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL UNIQUE,
    description TEXT,
    fields      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- A form sent into a conversation: the public page's token (stored as a
-- SHA-256 hash) binds it to the form, the conversation and the customer.
CREATE TABLE form_links (
    token_hash      TEXT    PRIMARY KEY,
    form_id         INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    sent_by         INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    submitted_at    INTEGER
);

-- What customers filled in; `answers` is the JSON of `Vec<FormAnswer>`.
CREATE TABLE form_submissions (
    id              INTEGER PRIMARY KEY,
    form_id         INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    form_title      TEXT    NOT NULL,
    link_hash       TEXT    NOT NULL UNIQUE REFERENCES form_links (token_hash) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    answers         TEXT    NOT NULL,
    submitted_at    INTEGER NOT NULL
);
CREATE INDEX form_submissions_customer ON form_submissions (customer_id, id);

-- Apps of the built-in catalog installed in the workspace.
CREATE TABLE installed_apps (
    app_id       TEXT    PRIMARY KEY,
    installed_by INTEGER REFERENCES users (id),
    installed_at INTEGER NOT NULL
);

-- The employee-only title of a conversation (`/rename`); shown instead of
-- the channel's title, never to the customer.
ALTER TABLE conversations ADD COLUMN custom_title TEXT;
