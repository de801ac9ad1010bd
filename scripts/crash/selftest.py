"""`harness.py --self-test`: proves the checks can fail. Each job runs once uncut on a store of
its own, then the store is damaged the way a torn or lost write would leave it (a tag missing,
a member gone, a mark without its points, a chat day short of a message, a certificate gone,
a survey answer gone, a row changed after a restore, a b-tree page overwritten), and the job's
check must report it under the expected figure.
"""

import json
import sqlite3

from imports import Certificates, ChatImport, MemberImport, SurveyImport
from jobs import CheckinMarks, MembersAdd, Restore


def _write(ctx, *statements):
    """Damages the store directly (only ever the self-test's own store)."""
    conn = sqlite3.connect(ctx.db_path)
    conn.execute("PRAGMA foreign_keys = ON")
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    conn.close()


def drop_one_tag(ctx, st, ex):
    _write(ctx, ("DELETE FROM member_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?1) AND member_id = "
                 "(SELECT min(member_id) FROM member_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?1))", (st["tag"],)))


def drop_whole_import(ctx, st, ex):
    _write(ctx, ("DELETE FROM members WHERE phone LIKE ?", (st["phones"],)))


def drop_added_member(ctx, st, ex):
    member = json.loads(ex.acked[-1][1].stdout)["id"]
    _write(ctx, ("DELETE FROM members WHERE id = ?", (member,)))


def _marked(ctx, ex):
    """A (member, day) an acknowledged mark (the self-test marks only) put on."""
    for args, r in reversed(ex.acked):
        matched = json.loads(r.stdout)["matched"]
        if matched:
            return matched[0]["member_id"], args[args.index("--date") + 1]
    raise RuntimeError("no name matched in the burst")


def drop_mark_and_points(ctx, st, ex):
    member, day = _marked(ctx, ex)
    _write(ctx, ("DELETE FROM marks WHERE cohort_id = ? AND member_id = ? AND day = ? AND kind = 'checkin'", (ctx.running["id"], member, day)),
           ("DELETE FROM points_ledger WHERE cohort_id = ? AND member_id = ? AND day = ? AND source = 'mark:checkin'", (ctx.running["id"], member, day)))


def drop_points_of_mark(ctx, st, ex):
    member, day = _marked(ctx, ex)
    _write(ctx, ("DELETE FROM points_ledger WHERE cohort_id = ? AND member_id = ? AND day = ? AND source = 'mark:checkin'", (ctx.running["id"], member, day)))


def short_chat_day(ctx, st, ex):
    _write(ctx, ("UPDATE chat_days SET messages = messages - 1 WHERE id = (SELECT max(id) FROM chat_days WHERE cohort_id = ?)", (ctx.running["id"],)))


def drop_certificate(ctx, st, ex):
    _write(ctx, ("DELETE FROM certificates WHERE id = (SELECT min(id) FROM certificates WHERE cohort_id = ?)", (st["cohort_id"],)))


def drop_survey_answer(ctx, st, ex):
    _write(ctx, ("DELETE FROM survey_answers WHERE survey_id = (SELECT max(id) FROM surveys) AND row = 1 AND idx = "
                 "(SELECT min(idx) FROM survey_answers WHERE survey_id = (SELECT max(id) FROM surveys) AND row = 1)", ()))


def change_restored_row(ctx, st, ex):
    _write(ctx, ("UPDATE members SET name = name || '改' WHERE id = (SELECT min(id) FROM members)", ()))


def overwrite_page(ctx, st, ex):
    """Writes over the header of an index's root page, in the file itself (WAL copied in first)."""
    conn = sqlite3.connect(ctx.db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'members_phone_live'").fetchone()[0]
    conn.close()
    with open(ctx.db_path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x07\xff\xff\xff\xff\xff\xff\xff")


CASES = [
    (MemberImport(), drop_one_tag, "partial", "a member of the import without its tag"),
    (MemberImport(), drop_whole_import, "lost", "a committed import gone"),
    (MembersAdd(), drop_added_member, "lost", "an acknowledged add gone"),
    (CheckinMarks(), drop_mark_and_points, "lost", "an acknowledged mark gone"),
    (CheckinMarks(), drop_points_of_mark, "partial", "a mark without its points"),
    (ChatImport(), short_chat_day, "partial", "a chat import short of one message"),
    (Certificates(), drop_certificate, "serial", "a certificate of a batch gone (a serial skipped)"),
    (SurveyImport(), drop_survey_answer, "partial", "a survey short of one answer"),
    (Restore(), change_restored_row, "partial", "a row changed after a restore"),
    (MembersAdd(), overwrite_page, "integrity", "a b-tree page overwritten"),
]


def self_test(ctx, check_run) -> int:
    """Runs every case; returns how many were not detected."""
    missed = 0
    for n, (job, damage, figure, what) in enumerate(CASES, start=9000):
        st = job.prepare(ctx, n)
        if isinstance(job, CheckinMarks):
            st["commands"] = [[a for a in c if a != "--unmark"] for c in st["commands"]]
        ex = job.execute(ctx, st, None)
        if ex.errors:
            raise RuntimeError(f"{job.name}: {ex.errors}")
        damage(ctx, st, ex)
        f = check_run(ctx, job, st, ex)
        found = getattr(f, figure)
        missed += not found
        print(f"{'detected' if found else 'NOT DETECTED'}: {what} ({job.name}) → {figure}: {found[:1]}", flush=True)
    return missed
