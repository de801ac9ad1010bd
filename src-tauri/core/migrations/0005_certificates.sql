-- Qunzhu schema v5: poster and certificate templates of the operator's own, certificates issued
-- with serial numbers that are never reused, and a per-cohort serial pattern.
CREATE TABLE poster_templates (
    key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 80),
    name        TEXT NOT NULL,
    kind        TEXT,
    source      TEXT NOT NULL,                          -- the SVG, local images embedded
    imported_at TEXT NOT NULL
) STRICT;

CREATE TABLE certificates (
    id         INTEGER PRIMARY KEY,
    serial     TEXT NOT NULL UNIQUE,
    cohort_id  INTEGER REFERENCES cohorts (id) ON DELETE SET NULL,
    member_id  INTEGER REFERENCES members (id) ON DELETE SET NULL,
    name       TEXT NOT NULL,                           -- the name as printed (and signed)
    template   TEXT NOT NULL,
    issued_at  TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE INDEX certificates_member ON certificates (member_id, cohort_id, template);

-- The next number for each serial stem (the pattern with {seq} left out): only ever goes up.
CREATE TABLE serial_counters (
    stem TEXT PRIMARY KEY,
    next INTEGER NOT NULL CHECK (next >= 1)
) STRICT;

ALTER TABLE cohorts ADD COLUMN serial_pattern TEXT NOT NULL DEFAULT '';
