-- Qunzhu schema v2: birthday reminders delivered, so none is shown twice and none is lost
-- while the app was closed.
CREATE TABLE birthday_reminders (
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    occurs_on   TEXT NOT NULL,                      -- the birthday's date that year (YYYY-MM-DD)
    days_before INTEGER NOT NULL CHECK (days_before >= 0),
    shown_at    TEXT NOT NULL,
    PRIMARY KEY (member_id, occurs_on, days_before)
) STRICT, WITHOUT ROWID;
