-- CRM (contacts, deals) and selling in the chat (catalog, orders, payments,
-- company details). Money is stored in integer minor units (cents) with its
-- currency code, never as a float.

-- The structured card of a message (`MessageCard`, JSON): product, payment link, company info.
ALTER TABLE messages ADD COLUMN card TEXT;

-- The company's details: one row.
CREATE TABLE company (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    name          TEXT    NOT NULL,
    address       TEXT    NOT NULL,
    phone         TEXT    NOT NULL,
    opening_hours TEXT    NOT NULL,
    website       TEXT    NOT NULL,
    currency      TEXT    NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- CRM contacts. `phone_key` (digits only) and `email_key` (lower case) are
-- what "Save to CRM" matches on.
CREATE TABLE crm_contacts (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    phone      TEXT,
    phone_key  TEXT,
    email      TEXT,
    email_key  TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX crm_contacts_phone ON crm_contacts (phone_key);
CREATE INDEX crm_contacts_email ON crm_contacts (email_key);

-- The workspace customers a contact stands for (a customer has at most one contact).
CREATE TABLE crm_contact_customers (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE
);
CREATE INDEX crm_contact_customers_contact ON crm_contact_customers (contact_id);

-- The channels' ids of a contact.
CREATE TABLE crm_contact_external_ids (
    connector_id INTEGER NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    external_id  TEXT    NOT NULL,
    contact_id   INTEGER NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (connector_id, external_id)
);
CREATE INDEX crm_contact_external_ids_contact ON crm_contact_external_ids (contact_id);

CREATE TABLE crm_deals (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    title          TEXT    NOT NULL,
    stage          TEXT    NOT NULL CHECK (stage IN ('new', 'in_progress', 'proposal', 'won', 'lost')),
    amount_minor   INTEGER NOT NULL DEFAULT 0,
    currency       TEXT    NOT NULL,
    responsible_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX crm_deals_contact ON crm_deals (contact_id);

CREATE TABLE crm_deal_conversations (
    deal_id         INTEGER NOT NULL REFERENCES crm_deals (id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    PRIMARY KEY (deal_id, conversation_id)
);
CREATE INDEX crm_deal_conversations_conversation ON crm_deal_conversations (conversation_id);

-- The catalog; `image` is a file name under /shop/images/.
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL,
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    currency    TEXT    NOT NULL,
    stock       INTEGER NOT NULL CHECK (stock >= 0),
    image       TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    deal_id         INTEGER REFERENCES crm_deals (id) ON DELETE SET NULL,
    status          TEXT    NOT NULL CHECK (status IN ('new', 'awaiting_payment', 'paid', 'payment_failed', 'payment_expired')),
    total_minor     INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    client_id       TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (created_by, client_id)
);
CREATE INDEX orders_customer ON orders (customer_id, id);
CREATE INDEX orders_deal ON orders (deal_id);

-- Lines keep the name and price the customer was offered.
CREATE TABLE order_lines (
    order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    product_id       INTEGER NOT NULL REFERENCES products (id),
    name             TEXT    NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity >= 1),
    PRIMARY KEY (order_id, position)
);

-- Payment links: the public page's token is stored as a SHA-256 hash.
CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'expired')),
    amount_minor INTEGER NOT NULL,
    currency     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    completed_at INTEGER
);
CREATE INDEX payments_order ON payments (order_id, id);
CREATE INDEX payments_pending ON payments (status, expires_at);
