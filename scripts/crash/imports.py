"""The jobs the harness kills, part 2: one big all-or-nothing write each (a member import, a
chat import, a survey import, a certificate batch). See jobs.py for the shape of a job.
"""

import json
import os

import gen
from db import Db, batch_serial_problems
from jobs import expect_ok, single

IMPORT_ROWS = 20_000
CHAT_LINES = 200_000
SURVEY_ROWS = 20_000
CERT_MEMBERS = 40
ORDER_ROWS = 5_000


class MemberImport:
    """`members import FILE --tag T` of a 20,000-row roster with phones never seen before:
    afterwards the members carrying T (and those with the run's phones) number 0 or 20,000."""

    name = "members import"

    def prepare(self, ctx, run):
        path = os.path.join(ctx.scratch, f"members-{run}.csv")
        gen.members_csv(path, ctx.rng, gen.PHONE_IMPORT, run, IMPORT_ROWS)
        return {"path": path, "tag": f"crash-{run:04d}", "phones": f"{gen.PHONE_IMPORT}{run % 10000:04d}%"}

    def execute(self, ctx, st, kill_at):
        return single(ctx, ["members", "import", st["path"], "--tag", st["tag"], "--json"], kill_at)

    def check(self, ctx, db, st, ex, f):
        tagged = db.one(
            "SELECT count(*) FROM member_tags mt JOIN tags t ON t.id = mt.tag_id WHERE t.name = ?", (st["tag"],)
        )
        phoned = db.one("SELECT count(*) FROM members WHERE phone LIKE ?", (st["phones"],))
        if tagged not in (0, IMPORT_ROWS) or phoned not in (0, IMPORT_ROWS) or tagged != phoned:
            f.partial.append(f"member import {st['tag']}: {tagged} members tagged, {phoned} with its phones (0 or {IMPORT_ROWS} expected)")
        elif ex.result.ok and tagged != IMPORT_ROWS:
            f.lost.append(f"member import {st['tag']} reported committed but {tagged} members carry the tag")
        elif ex.killed and tagged == IMPORT_ROWS:
            f.notes.append("the killed import had committed")


class OrderImport:
    """`orders import FILE --cohort NAME` of a 5,000-person 小鹅通 order sheet (every tenth order
    refunded in a second row, some buyers referring others) into a cohort of its own: afterwards
    the cohort has no sign-ups, or one per person with the paid placed in it and the buyers
    members; never some of them."""

    name = "orders import"

    def prepare(self, ctx, run):
        cohort = f"订单营 第{run}期"
        args = ["cohorts", "add", "--name", cohort, "--start", "2026-03-01", "--end", "2026-03-28", "--json"]
        cohort_id = json.loads(expect_ok(ctx.cli.run(*args), "cohorts add").stdout)["id"]
        path = os.path.join(ctx.scratch, f"orders-{run}.csv")
        paid = gen.orders_csv(path, ctx.rng, gen.PHONE_ORDER, run, ORDER_ROWS)
        return {"path": path, "cohort": cohort, "cohort_id": cohort_id, "paid": paid, "phones": f"{gen.PHONE_ORDER}{run % 10000:04d}%"}

    def execute(self, ctx, st, kill_at):
        return single(ctx, ["orders", "import", st["path"], "--cohort", st["cohort"], "--json"], kill_at)

    def check(self, ctx, db, st, ex, f):
        cid = st["cohort_id"]
        orders = db.one("SELECT count(*) FROM orders WHERE cohort_id = ? AND deleted_at IS NULL", (cid,))
        refunded = db.one("SELECT count(*) FROM orders WHERE cohort_id = ? AND status = 'refunded'", (cid,))
        placed = db.one("SELECT count(*) FROM memberships WHERE cohort_id = ?", (cid,))
        people = db.one("SELECT count(*) FROM members WHERE phone LIKE ?", (st["phones"],))
        whole = (orders, refunded, placed, people) == (ORDER_ROWS, ORDER_ROWS - st["paid"], st["paid"], ORDER_ROWS)
        nothing = (orders, placed, people) == (0, 0, 0)
        if not (whole or nothing):
            f.partial.append(
                f"order import {st['cohort']}: {orders} sign-ups ({refunded} refunded), {placed} placed, {people} buyers "
                f"(0 or {ORDER_ROWS}, {ORDER_ROWS - st['paid']}, {st['paid']}, {ORDER_ROWS} expected)"
            )
        elif ex.result.ok and not whole:
            f.lost.append(f"order import {st['cohort']} reported committed but the cohort has no sign-ups")
        elif ex.killed and whole:
            f.notes.append("the killed import had committed")


def chat_totals(db, cohort_id):
    """Messages, imports on record and check-ins marked from chats, of a cohort."""
    messages = db.one("SELECT coalesce(sum(messages), 0) FROM chat_days WHERE cohort_id = ?", (cohort_id,))
    imports = db.one("SELECT count(*) FROM chat_imports WHERE cohort_id = ?", (cohort_id,))
    marks = db.one("SELECT count(*) FROM marks WHERE cohort_id = ? AND source = 'import'", (cohort_id,))
    return messages, imports, marks


class ChatImport:
    """`chats import FILE --cohort NAME` of a 200,000-line 留痕 CSV whose every message is new:
    the cohort's message count grows by nothing or by the whole file, with one import on record
    or none, and check-ins marked from it only if it committed."""

    name = "chats import"

    def prepare(self, ctx, run):
        if ctx.chat_template is None:
            c = ctx.running
            senders = [(f"wxid_crash{i:03d}", n) for i, n in enumerate(c["unique_names"][:300])]
            ctx.chat_template = gen.chat_template(senders, c["past_days"], CHAT_LINES, ctx.rng)
        path = os.path.join(ctx.scratch, f"chat-{run}.csv")
        gen.chat_file(path, ctx.chat_template, run)
        with Db(ctx.db_path, ctx.counters) as db:
            before = chat_totals(db, ctx.running["id"])
        return {"path": path, "before": before}

    def execute(self, ctx, st, kill_at):
        return single(ctx, ["chats", "import", st["path"], "--cohort", ctx.running["name"], "--json"], kill_at)

    def check(self, ctx, db, st, ex, f):
        m0, i0, k0 = st["before"]
        m1, i1, k1 = chat_totals(db, ctx.running["id"])
        dm, di, dk = m1 - m0, i1 - i0, k1 - k0
        whole = dm == CHAT_LINES and di == 1
        nothing = dm == 0 and di == 0 and dk == 0
        if not (whole or nothing):
            f.partial.append(f"chat import run file: {dm} messages added (0 or {CHAT_LINES}), {di} imports recorded, {dk} check-ins marked")
        elif ex.result.ok:
            reported = json.loads(ex.result.stdout)
            if not whole:
                f.lost.append(f"chat import reported {reported.get('new_messages')} new messages but the cohort has {dm} more")
            elif reported.get("new_messages") != CHAT_LINES:
                f.errors.append(f"chat import reported {reported.get('new_messages')} new messages of {CHAT_LINES}")
        elif ex.killed and whole:
            f.notes.append("the killed import had committed")


class SurveyImport:
    """`retro survey --cohort NAME FILE` of a 20,000-answer 问卷星 export: afterwards the survey
    is on record with every answer, or not at all (and no answer of it is left behind)."""

    name = "retro survey"

    def prepare(self, ctx, run):
        path = os.path.join(ctx.scratch, f"survey-crash-{run}.csv")
        gen.survey_csv(path, ctx.rng, ctx.finished["names"], run, SURVEY_ROWS)
        with Db(ctx.db_path, ctx.counters) as db:
            before = (db.one("SELECT count(*) FROM survey_answers"), db.one("SELECT count(*) FROM survey_questions"))
        return {"path": path, "title": f"survey-crash-{run}", "before": before}

    def execute(self, ctx, st, kill_at):
        return single(ctx, ["retro", "survey", "--cohort", ctx.finished["name"], st["path"], "--json"], kill_at)

    def check(self, ctx, db, st, ex, f):
        surveys = db.rows("SELECT id, respondents FROM surveys WHERE title = ? AND cohort_id = ?", (st["title"], ctx.finished["id"]))
        answers, questions = db.one("SELECT count(*) FROM survey_answers"), db.one("SELECT count(*) FROM survey_questions")
        if not surveys:
            if (answers, questions) != st["before"]:
                f.partial.append(f"survey {st['title']} not on record but answers went {st['before'][0]} → {answers}, questions {st['before'][1]} → {questions}")
            elif ex.result.ok:
                f.lost.append(f"survey {st['title']} reported imported but is not on record")
        elif len(surveys) > 1:
            f.partial.append(f"survey {st['title']} recorded {len(surveys)} times")
        else:
            sid, respondents = surveys[0]
            got = db.one("SELECT count(*) FROM survey_answers WHERE survey_id = ?", (sid,))
            nq = db.one("SELECT count(*) FROM survey_questions WHERE survey_id = ?", (sid,))
            want = SURVEY_ROWS * gen.SURVEY_QUESTIONS
            if respondents != SURVEY_ROWS or nq != gen.SURVEY_QUESTIONS or got != want:
                f.partial.append(f"survey {st['title']}: {respondents} respondents, {nq} questions, {got} answers ({want} expected)")
            elif answers - st["before"][0] != want:
                f.partial.append(f"survey {st['title']} whole but answers overall went up by {answers - st['before'][0]}")
            elif ex.killed:
                f.notes.append("the killed import had committed")


class Certificates:
    """`render certificates --cohort NAME --template completion_certificate --out OUT.pdf` for a
    cohort of its own (made with 40 members just before; every other run with its own serial
    pattern, the others sharing the default one): afterwards the cohort has none or all of its
    certificates, serials are never duplicated, and a committed batch's serials are contiguous
    (checked after every run for every stem: see db.serial_problems)."""

    name = "certificates"

    def prepare(self, ctx, run):
        cohort = f"证书营 第{run}期"
        args = ["cohorts", "add", "--name", cohort, "--start", ctx.running["start"], "--end", ctx.running["end"], "--json"]
        if run % 2:
            args += ["--serial-pattern", "CR{cohort}-{seq:04}"]
        cohort_id = json.loads(expect_ok(ctx.cli.run(*args), "cohorts add").stdout)["id"]
        roster = os.path.join(ctx.scratch, f"cert-members-{run}.csv")
        gen.members_csv(roster, ctx.rng, gen.PHONE_CERT, run, CERT_MEMBERS)
        expect_ok(ctx.cli.run("members", "import", roster, "--cohort", cohort), "members import --cohort")
        out = os.path.join(ctx.scratch, f"certificates-{run}.pdf")
        return {"cohort": cohort, "cohort_id": cohort_id, "out": out}

    def execute(self, ctx, st, kill_at):
        args = ["render", "certificates", "--cohort", st["cohort"], "--template", "completion_certificate", "--out", st["out"]]
        return single(ctx, args, kill_at)

    def check(self, ctx, db, st, ex, f):
        serials = [s for (s,) in db.rows("SELECT serial FROM certificates WHERE cohort_id = ?", (st["cohort_id"],))]
        pdf = os.path.exists(st["out"])
        if len(serials) not in (0, CERT_MEMBERS):
            f.serial.append(f"{st['cohort']}: {len(serials)} certificates recorded of a batch of {CERT_MEMBERS}")
        elif serials:
            f.serial.extend(f"{st['cohort']}: {p}" for p in batch_serial_problems(db, st["cohort_id"]))
            if ex.result.ok:
                printed = {line.split("\t")[0] for line in ex.result.stdout.splitlines()[1:] if "\t" in line}
                if printed != set(serials):
                    f.serial.append(f"{st['cohort']}: serials printed differ from those recorded")
            if not pdf:
                f.notes.append("batch committed but its PDF is not in place (killed between the commit and the rename)")
            elif ex.killed:
                f.notes.append("the killed batch had committed")
        elif ex.result.ok:
            f.lost.append(f"{st['cohort']}: batch reported written but no certificate is recorded")
        if not serials and pdf:
            f.serial.append(f"{st['cohort']}: a PDF is in place but no certificate is recorded")
        leftover = os.path.join(os.path.dirname(st["out"]), "." + os.path.basename(st["out"]) + ".partial")
        if os.path.exists(leftover):
            f.notes.append("a .partial PDF was left behind")
