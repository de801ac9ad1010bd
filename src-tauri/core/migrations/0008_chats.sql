-- Qunzhu schema v8: group-chat exports. Senders (by their wxid, QQ number or e-mail, else their name)
-- remembered with the member they are and every name they used; messages deduplicated so importing
-- a file twice adds nothing; each import on record.
CREATE TABLE chat_senders (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,                     -- id:wxid_…, id:12345678, or name:张三
    name      TEXT NOT NULL,                            -- the name seen last
    member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
    linked_by TEXT CHECK (linked_by IN ('id', 'name', 'nickname', 'manual'))
) STRICT;
CREATE INDEX chat_senders_member ON chat_senders (member_id);

CREATE TABLE chat_sender_names (
    sender_id  INTEGER NOT NULL REFERENCES chat_senders (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    PRIMARY KEY (sender_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE chat_messages (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    group_id    INTEGER REFERENCES groups (id) ON DELETE SET NULL,
    sender_id   INTEGER REFERENCES chat_senders (id) ON DELETE CASCADE,   -- none: a system message
    at          TEXT NOT NULL,                          -- YYYY-MM-DD HH:MM:SS, the group's clock
    kind        TEXT NOT NULL,
    text        TEXT,                                   -- none when only counts are kept
    from_self   INTEGER NOT NULL DEFAULT 0,
    checkin     INTEGER NOT NULL DEFAULT 0,
    fingerprint INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX chat_messages_once ON chat_messages (cohort_id, fingerprint);
CREATE INDEX chat_messages_sender ON chat_messages (cohort_id, sender_id, at);

CREATE TABLE chat_imports (
    id           INTEGER PRIMARY KEY,
    cohort_id    INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    group_id     INTEGER REFERENCES groups (id) ON DELETE SET NULL,
    file         TEXT NOT NULL,
    format       TEXT NOT NULL,
    messages     INTEGER NOT NULL,
    new_messages INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
) STRICT;
