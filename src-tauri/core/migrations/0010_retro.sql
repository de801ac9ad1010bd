-- Qunzhu schema v10: the post-cohort retrospective (复盘). Satisfaction surveys imported from the
-- form tools (问卷星, 腾讯问卷, 金数据), each answer kept with the question it answers and the
-- member it came from when known; the operator's findings; action items that become tasks of an
-- SOP template for the next cohort.
CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    audience    TEXT NOT NULL CHECK (audience IN ('members', 'staff')),
    title       TEXT NOT NULL,
    format      TEXT NOT NULL,
    file        TEXT NOT NULL,
    respondents INTEGER NOT NULL,
    linked      INTEGER NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX surveys_cohort ON surveys (cohort_id);

CREATE TABLE survey_questions (
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    text      TEXT NOT NULL,
    use       TEXT NOT NULL CHECK (use IN ('satisfaction', 'nps', 'score', 'text')),
    scale_min REAL,
    scale_max REAL,
    PRIMARY KEY (survey_id, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE survey_answers (
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    row       INTEGER NOT NULL,
    idx       INTEGER NOT NULL,
    member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
    value     REAL,
    text      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (survey_id, row, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE retro_notes (
    cohort_id  INTEGER PRIMARY KEY REFERENCES cohorts (id) ON DELETE CASCADE,
    went_well  TEXT NOT NULL DEFAULT '',
    problems   TEXT NOT NULL DEFAULT '',
    changes    TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE retro_actions (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
    anchor     TEXT NOT NULL DEFAULT 'D-3',            -- when in the next cohort: D-3, D0, D+7, E-1…
    role       TEXT NOT NULL DEFAULT '群主',
    pushed_to  TEXT,                                   -- the SOP template's key once it is a task there
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX retro_actions_cohort ON retro_actions (cohort_id);
