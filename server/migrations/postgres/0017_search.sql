-- Search: trigram indexes (the pg_trgm extension, shipped with PostgreSQL
-- and trusted: the database's owner may create it) for
-- `lower(...) LIKE '%…%'` on customers' names, conversations' titles and
-- messages' text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_name_trigrams ON customers USING gin (lower(name) gin_trgm_ops);
CREATE INDEX conversations_title_trigrams ON conversations USING gin (lower(custom_title) gin_trgm_ops);
CREATE INDEX messages_text_trigrams ON messages USING gin (lower(text) gin_trgm_ops);
