-- Qunzhu schema v1: members, cohorts, groups, roles, memberships, tags, settings.
-- Dates are ISO-8601 text (YYYY-MM-DD), timestamps are RFC 3339 UTC text.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    nickname      TEXT NOT NULL DEFAULT '',           -- group nickname 群昵称
    phone         TEXT,                               -- normalised: digits, or + and digits
    wechat        TEXT,
    gender        TEXT CHECK (gender IN ('male', 'female')),
    city          TEXT NOT NULL DEFAULT '',
    channel       TEXT NOT NULL DEFAULT '',           -- acquisition channel 渠道
    birth_calendar TEXT CHECK (birth_calendar IN ('solar', 'lunar')),
    birth_year    INTEGER,
    birth_month   INTEGER CHECK (birth_month BETWEEN 1 AND 12),
    birth_day     INTEGER CHECK (birth_day BETWEEN 1 AND 31),
    birth_leap    INTEGER NOT NULL DEFAULT 0 CHECK (birth_leap IN (0, 1)),
    notes         TEXT NOT NULL DEFAULT '',
    custom_fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom_fields)),
    photo         TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT                                -- set = in the trash
) STRICT;

-- Unique among members that are not in the trash; restoring one whose phone was taken meanwhile is refused.
CREATE UNIQUE INDEX members_phone_live ON members (phone) WHERE phone IS NOT NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX members_wechat_live ON members (wechat COLLATE NOCASE) WHERE wechat IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX members_deleted ON members (deleted_at) WHERE deleted_at IS NOT NULL;

-- Search keys (name, nickname, phone, WeChat ID, pinyin, initials) kept apart from the wide member
-- rows so a substring scan reads few pages. Maintained by the core on every member write.
CREATE TABLE member_search (
    member_id INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    haystack  TEXT NOT NULL
) STRICT;

CREATE TABLE cohorts (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    group_name_rule TEXT NOT NULL DEFAULT '{期}期{城市}{序号}群',
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    deleted_at      TEXT,
    CHECK (end_date >= start_date)
) STRICT;
CREATE UNIQUE INDEX cohorts_name_live ON cohorts (name) WHERE deleted_at IS NULL;

CREATE TABLE groups (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    city       TEXT NOT NULL DEFAULT '',
    channel    TEXT NOT NULL DEFAULT '',
    opened_on  TEXT NOT NULL,                         -- recruitment into the group started
    filled_on  TEXT,                                  -- the operator marked it full
    created_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX groups_name_live ON groups (cohort_id, name) WHERE deleted_at IS NULL;

CREATE TABLE roles (
    id      INTEGER PRIMARY KEY,
    key     TEXT UNIQUE,                              -- built-in roles have a key the UI translates
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 30),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    sort    INTEGER NOT NULL DEFAULT 100
) STRICT;
INSERT INTO roles (key, name, builtin, sort) VALUES
    ('monitor',   '班长',   1, 1),
    ('assistant', '助教',   1, 2),
    ('koc',       'KOC',    1, 3),
    ('promoter',  '宣传官', 1, 4),
    ('curator',   '整理官', 1, 5),
    ('guest',     '嘉宾',   1, 6);

CREATE TABLE memberships (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    group_id  INTEGER REFERENCES groups (id) ON DELETE SET NULL,
    role_id   INTEGER REFERENCES roles (id) ON DELETE SET NULL,
    joined_on TEXT NOT NULL,
    left_on   TEXT,
    UNIQUE (member_id, cohort_id)
) STRICT;
CREATE INDEX memberships_cohort ON memberships (cohort_id);
CREATE INDEX memberships_group ON memberships (group_id);
CREATE INDEX memberships_role ON memberships (role_id);

CREATE TABLE tags (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 30),
    color TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE member_tags (
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX member_tags_tag ON member_tags (tag_id, member_id);
