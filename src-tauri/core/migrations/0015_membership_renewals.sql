-- Qunzhu schema v15: renewals of an ongoing group's membership (会员群, 年卡). Each is one move of
-- a membership's end later: from the end before to the end after, the day it was paid (or set
-- by hand), and the payment when an order sheet brought it (integer fen). A cohort's 续费 counts
-- these beside payments for a later cohort.
CREATE TABLE membership_renewals (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    from_on    TEXT NOT NULL,
    to_on      TEXT NOT NULL CHECK (to_on > from_on),
    renewed_on TEXT NOT NULL,
    order_no   TEXT CHECK (order_no IS NULL OR length(order_no) BETWEEN 1 AND 100),
    paid_fen   INTEGER NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
    created_at TEXT NOT NULL,
    UNIQUE (member_id, cohort_id, to_on)
) STRICT;
CREATE INDEX membership_renewals_cohort ON membership_renewals (cohort_id);
CREATE UNIQUE INDEX membership_renewals_order_no ON membership_renewals (order_no) WHERE order_no IS NOT NULL;
