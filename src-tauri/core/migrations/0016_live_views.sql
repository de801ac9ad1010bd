-- What is not in the trash, one view a table with a trash: queries read live_members (and so on)
-- instead of repeating "deleted_at IS NULL". Writes (moving to the trash, restoring) still name
-- the tables. Simple views: SQLite flattens them into the query, so the partial indexes on live
-- rows (members_phone_live, cohorts_name_live, …) serve as before.
CREATE VIEW live_members AS SELECT * FROM members WHERE deleted_at IS NULL;
CREATE VIEW live_cohorts AS SELECT * FROM cohorts WHERE deleted_at IS NULL;
CREATE VIEW live_groups AS SELECT * FROM groups WHERE deleted_at IS NULL;
CREATE VIEW live_orders AS SELECT * FROM orders WHERE deleted_at IS NULL;
CREATE VIEW live_costs AS SELECT * FROM costs WHERE deleted_at IS NULL;
