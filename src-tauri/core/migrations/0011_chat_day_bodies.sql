-- Qunzhu schema v11: a chat day's messages move to a table of their own, so the counts the
-- analytics read (chat_days) stay a few dozen bytes a row and are read without the text.
-- (The table is rebuilt: SQLite's DROP COLUMN trips over the comment after the last column.)
CREATE TABLE chat_days_v11 (
    id        INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    group_id  INTEGER REFERENCES groups (id) ON DELETE SET NULL,
    sender_id INTEGER REFERENCES chat_senders (id) ON DELETE CASCADE,   -- none: system messages
    day       TEXT NOT NULL,                            -- YYYY-MM-DD, the group's clock
    messages  INTEGER NOT NULL,
    checkins  INTEGER NOT NULL DEFAULT 0,
    homework  INTEGER NOT NULL DEFAULT 0,
    from_self INTEGER NOT NULL DEFAULT 0,               -- the exporting account (the owner)
    first_at  TEXT NOT NULL,                            -- HH:MM:SS
    last_at   TEXT NOT NULL,
    hours     BLOB NOT NULL                             -- 24 counts, u32 little-endian
) STRICT;
INSERT INTO chat_days_v11 (id, cohort_id, group_id, sender_id, day, messages, checkins, homework, from_self, first_at, last_at, hours)
    SELECT id, cohort_id, group_id, sender_id, day, messages, checkins, homework, from_self, first_at, last_at, hours FROM chat_days;
-- The bodies' table refers to the new table; renaming it to chat_days carries the reference along.
CREATE TABLE chat_day_bodies (
    day_id INTEGER PRIMARY KEY REFERENCES chat_days_v11 (id) ON DELETE CASCADE,
    body   BLOB NOT NULL                                -- the messages: see chats::archive
) STRICT;
INSERT INTO chat_day_bodies (day_id, body) SELECT id, body FROM chat_days;
DROP TABLE chat_days;
ALTER TABLE chat_days_v11 RENAME TO chat_days;
CREATE INDEX chat_days_key ON chat_days (cohort_id, group_id, sender_id, day);
CREATE INDEX chat_days_sender ON chat_days (sender_id);
