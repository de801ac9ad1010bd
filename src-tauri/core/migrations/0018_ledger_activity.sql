-- The last day each member earned points by a rule (their last activity, for the members table's
-- 最近互动 over every member at once): read in order from this partial index alone (kind is in it
-- so that the index covers the query), instead of looking up a million ledger rows.
CREATE INDEX ledger_member_rule ON points_ledger (member_id, day, kind) WHERE kind = 'rule';
