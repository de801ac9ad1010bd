-- Qunzhu schema v13: the growth ledger (增长账本). Money is integer fen; rates are computed
-- when asked for, never stored. Dates are YYYY-MM-DD, timestamps RFC 3339 UTC.

-- Channels (渠道): the managed list. A channel merged into another keeps its row (old sign-ups
-- and costs still name it) and points at the one it became.
CREATE TABLE channels (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 40),
    builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    sort        INTEGER NOT NULL DEFAULT 100,
    merged_into INTEGER REFERENCES channels (id) ON DELETE SET NULL CHECK (merged_into IS NOT id),
    created_at  TEXT NOT NULL
) STRICT;
INSERT INTO channels (name, builtin, sort, created_at) VALUES
    ('公众号', 1, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('朋友圈', 1, 2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('视频号', 1, 3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('小红书', 1, 4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('抖音', 1, 5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('社群', 1, 6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('老学员转介绍', 1, 7, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('投放', 1, 8, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('B站', 1, 9, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('知乎', 1, 10, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('微博', 1, 11, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('线下', 1, 12, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- Spellings the operator mapped to a channel on import ("红书", "xhs-11月").
CREATE TABLE channel_aliases (
    alias      TEXT PRIMARY KEY NOT NULL COLLATE NOCASE CHECK (length(alias) BETWEEN 1 AND 100),
    channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE
) STRICT;

-- Sign-ups and orders (报名 / 订单): one live per person per cohort; each keeps its own channel.
CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    cohort_id    INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    channel_id   INTEGER REFERENCES channels (id) ON DELETE SET NULL,
    referrer_id  INTEGER REFERENCES members (id) ON DELETE SET NULL CHECK (referrer_id IS NOT member_id),
    order_no     TEXT CHECK (order_no IS NULL OR length(order_no) BETWEEN 1 AND 100),
    product      TEXT NOT NULL DEFAULT '',
    paid_fen     INTEGER NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
    discount_fen INTEGER NOT NULL DEFAULT 0 CHECK (discount_fen >= 0),
    coupon       TEXT NOT NULL DEFAULT '',
    paid_at      TEXT,
    status       TEXT NOT NULL DEFAULT 'signed_up'
                 CHECK (status IN ('signed_up', 'paid', 'joined', 'completed', 'refunded', 'not_joined')),
    refund_fen   INTEGER NOT NULL DEFAULT 0 CHECK (refund_fen >= 0 AND refund_fen <= paid_fen),
    refunded_on  TEXT,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE UNIQUE INDEX orders_member_cohort_live ON orders (member_id, cohort_id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX orders_no_live ON orders (order_no) WHERE order_no IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX orders_cohort ON orders (cohort_id);
CREATE INDEX orders_referrer ON orders (referrer_id) WHERE referrer_id IS NOT NULL;
CREATE INDEX orders_channel ON orders (channel_id) WHERE channel_id IS NOT NULL;

-- Costs (成本) of a cohort, optionally of one channel.
CREATE TABLE costs (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    category   TEXT NOT NULL CHECK (category IN ('ads', 'red_packets', 'prizes', 'guests', 'tools', 'other')),
    channel_id INTEGER REFERENCES channels (id) ON DELETE SET NULL,
    spent_on   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX costs_cohort ON costs (cohort_id);

-- Who brought a member (推荐人, first touch, like the acquisition channel `members.channel`).
ALTER TABLE members ADD COLUMN referrer_id INTEGER REFERENCES members (id) ON DELETE SET NULL;
-- Ongoing groups (会员群, 年卡): a membership's end date, for renewals due.
ALTER TABLE memberships ADD COLUMN expires_on TEXT;
-- A cohort's completion rule (结业标准), JSON: {} is "did not leave"; otherwise any of
-- {"checkins": N, "homework": N, "lectures": N}, all of which must be met.
ALTER TABLE cohorts ADD COLUMN completion TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(completion));
