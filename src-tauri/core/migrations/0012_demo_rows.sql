-- Qunzhu schema v12: the demo's members and cohorts are marked as such. Clearing the demo used
-- to delete every row up to the highest id it had made; ids are reused after a purge, so a real
-- member given a purged demo member's id was deleted with the demo.
ALTER TABLE members ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
ALTER TABLE cohorts ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
-- A demo loaded before this version: its rows are those up to the ids it recorded that were
-- made when it was loaded (the demo goes into an empty store in one transaction; a row given a
-- reused id was made later, after that id's demo row was purged from the trash).
CREATE TEMP TABLE demo_marker AS
    SELECT CAST(substr(value, 1, instr(value, ' ') - 1) AS INTEGER) AS max_member,
           CAST(substr(value, instr(value, ' ') + 1) AS INTEGER) AS max_cohort
    FROM settings WHERE key = 'demo_loaded' AND instr(value, ' ') > 0;
CREATE TEMP TABLE demo_loaded_at AS
    SELECT strftime('%Y-%m-%dT%H:%M:%SZ', min(at), '+1 hour') AS until FROM (
        SELECT m.created_at AS at FROM members m, demo_marker d WHERE m.id <= d.max_member
        UNION ALL
        SELECT c.created_at FROM cohorts c, demo_marker d WHERE c.id <= d.max_cohort
    );
UPDATE members SET demo = 1
    WHERE id <= (SELECT max_member FROM demo_marker)
      AND created_at <= (SELECT until FROM demo_loaded_at);
UPDATE cohorts SET demo = 1
    WHERE id <= (SELECT max_cohort FROM demo_marker)
      AND created_at <= (SELECT until FROM demo_loaded_at);
DROP TABLE demo_marker;
DROP TABLE demo_loaded_at;
