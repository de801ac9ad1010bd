-- Qunzhu schema v9: a cohort's chats are kept as one row per sender and day, not per message.
-- The row holds the day's counts (messages, check-ins, homework posts, per hour, first and last
-- time) for analytics, and the messages themselves in a compact body (time, kind, text or only a
-- hash of it when the owner keeps counts only). Re-importing a file merges each day as a multiset,
-- so overlapping exports add nothing and a message genuinely sent twice is kept twice.
-- Messages imported by development builds of v8 (never released) are not carried over.
DROP TABLE chat_messages;
CREATE TABLE chat_days (
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
    hours     BLOB NOT NULL,                            -- 24 counts, u32 little-endian
    body      BLOB NOT NULL                             -- the messages: see chats::archive
) STRICT;
CREATE INDEX chat_days_key ON chat_days (cohort_id, group_id, sender_id, day);
CREATE INDEX chat_days_sender ON chat_days (sender_id);
