-- Qunzhu schema v7: engagement. Daily marks (打卡, 作业, 优秀作业, 听课) per member and cohort;
-- activities with their funnel (reached → replied → signed up → attended); point rules, versioned so a
-- change applies from then on; the points ledger that explains every point; who was contacted to
-- come back when silent.
CREATE TABLE marks (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    day        TEXT NOT NULL,                           -- YYYY-MM-DD
    kind       TEXT NOT NULL CHECK (kind IN ('checkin', 'homework', 'excellent', 'lecture')),
    source     TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'paste', 'import')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (cohort_id, kind, day, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX marks_member ON marks (member_id, day);

-- Every version of every rule; the newest version of a key is the one in force.
CREATE TABLE point_rules (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
    points     INTEGER NOT NULL CHECK (points BETWEEN -1000 AND 1000),
    valid_from TEXT NOT NULL
) STRICT;
CREATE INDEX point_rules_key ON point_rules (key, id);
INSERT INTO point_rules (key, points, valid_from) VALUES
    ('checkin', 1, '2000-01-01T00:00:00Z'),
    ('homework', 2, '2000-01-01T00:00:00Z'),
    ('excellent', 5, '2000-01-01T00:00:00Z'),
    ('lecture', 1, '2000-01-01T00:00:00Z'),
    ('answered', 3, '2000-01-01T00:00:00Z'),
    ('responded', 1, '2000-01-01T00:00:00Z'),
    ('attended', 1, '2000-01-01T00:00:00Z');

CREATE TABLE points_ledger (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    cohort_id  INTEGER REFERENCES cohorts (id) ON DELETE CASCADE,
    day        TEXT NOT NULL,                           -- the day the points are for
    points     INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('rule', 'adjust', 'redeem')),
    rule       TEXT,                                    -- the rule's key (kind = rule)
    rule_id    INTEGER REFERENCES point_rules (id),     -- the version that set the points
    reason     TEXT NOT NULL DEFAULT '',
    source     TEXT,                                    -- what earned it: mark:checkin, activity:7
    created_at TEXT NOT NULL,
    CHECK (kind <> 'rule' OR (rule IS NOT NULL AND rule_id IS NOT NULL)),
    CHECK (kind = 'rule' OR length(reason) > 0)
) STRICT;
-- One mark or one activity earns once.
CREATE UNIQUE INDEX ledger_source ON points_ledger (member_id, cohort_id, day, source) WHERE source IS NOT NULL;
-- Covering the leaderboards' sums: by cohort and day, and by member.
CREATE INDEX ledger_cohort ON points_ledger (cohort_id, day, member_id, points);
CREATE INDEX ledger_member ON points_ledger (member_id, day, points);

CREATE TABLE activities (
    id            INTEGER PRIMARY KEY,
    cohort_id     INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    kind          TEXT NOT NULL DEFAULT 'talk' CHECK (kind IN ('talk', 'game', 'meetup', 'other')),
    day           TEXT NOT NULL,
    reach_cohort  INTEGER NOT NULL DEFAULT 1 CHECK (reach_cohort IN (0, 1)),  -- the announcement reached everyone
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX activities_cohort ON activities (cohort_id, day);

-- The furthest a member went: 1 reached, 2 replied, 3 signed up, 4 attended.
CREATE TABLE activity_people (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    stage       INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 4),
    PRIMARY KEY (activity_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE recall_contacts (
    id           INTEGER PRIMARY KEY,
    cohort_id    INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    contacted_at TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX recall_member ON recall_contacts (cohort_id, member_id, contacted_at);
