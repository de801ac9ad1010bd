-- Qunzhu schema v14: the points rule 推荐完课, credited to a referrer when the member they
-- brought completes a cohort (not on sign-up), versioned like every other rule.
INSERT INTO point_rules (key, points, valid_from) VALUES ('referral_completed', 10, '2000-01-01T00:00:00Z');
