-- Mentions of team chats (`@{chat:ID}` tokens): what the tokens of a
-- message's text resolved to when it was written or last edited
-- (`ChatMention` list, JSON), beside the employees' `mentions`.
ALTER TABLE messages ADD COLUMN chat_mentions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE team_messages ADD COLUMN chat_mentions TEXT NOT NULL DEFAULT '[]';
