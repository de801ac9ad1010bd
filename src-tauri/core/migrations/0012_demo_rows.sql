-- Qunzhu schema v12: the demo's members and cohorts are marked as such. Clearing the demo used
-- to delete every row up to the highest id it had made; ids are reused after a purge, so a real
-- member given a purged demo member's id was deleted with the demo.
ALTER TABLE members ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
ALTER TABLE cohorts ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
-- A demo loaded before this version: its rows are those up to the ids it recorded that were
-- made in the minute most of them were made (the demo goes into a store with no live member in
-- one transaction, hundreds of rows at once; a member in the trash then is older, and a row
-- given a reused id was made later, after that id's demo row was purged).
CREATE TEMP TABLE demo_marker AS
    SELECT CAST(substr(value, 1, instr(value, ' ') - 1) AS INTEGER) AS max_member,
           CAST(substr(value, instr(value, ' ') + 1) AS INTEGER) AS max_cohort
    FROM settings WHERE key = 'demo_loaded' AND instr(value, ' ') > 0;
CREATE TEMP TABLE demo_loaded_at AS
    SELECT strftime('%Y-%m-%dT%H:%M:%SZ', minute || ':00Z', '-1 hour') AS since,
           strftime('%Y-%m-%dT%H:%M:%SZ', minute || ':00Z', '+1 hour') AS until
    FROM (
        SELECT substr(m.created_at, 1, 16) AS minute, count(*) AS n
        FROM members m, demo_marker d WHERE m.id <= d.max_member
        GROUP BY minute ORDER BY n DESC LIMIT 1
    );
UPDATE members SET demo = 1
    WHERE id <= (SELECT max_member FROM demo_marker)
      AND created_at BETWEEN (SELECT since FROM demo_loaded_at) AND (SELECT until FROM demo_loaded_at);
UPDATE cohorts SET demo = 1
    WHERE id <= (SELECT max_cohort FROM demo_marker)
      AND created_at BETWEEN (SELECT since FROM demo_loaded_at) AND (SELECT until FROM demo_loaded_at);
DROP TABLE demo_marker;
DROP TABLE demo_loaded_at;
