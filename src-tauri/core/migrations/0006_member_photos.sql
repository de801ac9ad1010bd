-- Qunzhu schema v6: a member's photo for posters, kept in the database (so backups, restores and
-- the trash carry it) in its own table (so member lists never read it).
CREATE TABLE member_photos (
    member_id  INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    mime       TEXT NOT NULL,
    data       BLOB NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
