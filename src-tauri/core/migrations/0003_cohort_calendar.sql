-- Qunzhu schema v3: a cohort's ritual calendar, generated from an SOP template.
ALTER TABLE cohorts ADD COLUMN sop_key TEXT;

CREATE TABLE cohort_tasks (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    occurrence  TEXT,                                  -- template task + nth time (t3#2); NULL: a one-off task
    due_date    TEXT NOT NULL,
    due_time    TEXT NOT NULL,
    day_number  INTEGER,                               -- day of the cohort, 1 = the opening day
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    role        TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    checklist   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(checklist)),
    action      TEXT,
    done_at     TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (cohort_id, occurrence)
) STRICT;
CREATE INDEX cohort_tasks_due ON cohort_tasks (due_date, due_time);
