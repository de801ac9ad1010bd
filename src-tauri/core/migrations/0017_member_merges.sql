-- Two records of one person merged into one. `before` holds every row the merge could touch as
-- it was (both members, and each row whose foreign key names either); `after` the same rows just
-- after. Undo restores `before` while the rows still read as `after`. No foreign keys: the record
-- outlives the member who was merged away.
CREATE TABLE member_merges (
    id        INTEGER PRIMARY KEY,
    kept_id   INTEGER NOT NULL,
    gone_id   INTEGER,
    gone_name TEXT NOT NULL,
    merged_at TEXT NOT NULL,
    before    TEXT NOT NULL CHECK (json_valid(before)),
    after     TEXT NOT NULL CHECK (json_valid(after))
) STRICT;
