-- Qunzhu schema v4: the operator's own SOP templates; calendar tasks snoozed, reassigned or added
-- by hand (kept as they are when the template or the cohort's dates change); a cohort's link.
CREATE TABLE sop_templates (
    key        TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 60),
    source     TEXT NOT NULL,                          -- the TOML, as the operator wrote it
    updated_at TEXT NOT NULL
) STRICT;

ALTER TABLE cohort_tasks ADD COLUMN snoozed INTEGER NOT NULL DEFAULT 0 CHECK (snoozed IN (0, 1));
ALTER TABLE cohort_tasks ADD COLUMN reassigned INTEGER NOT NULL DEFAULT 0 CHECK (reassigned IN (0, 1));

-- {链接} in a 话术: the cohort's check-in or live-room link.
ALTER TABLE cohorts ADD COLUMN link TEXT NOT NULL DEFAULT '';
