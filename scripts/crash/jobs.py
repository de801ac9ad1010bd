"""The jobs the harness kills, part 1: what they share, and the jobs made of many small writes
(a burst of `members add`, a burst of check-in marks) and the restore.

Each job has `prepare(ctx, run)` (files and setup writes, never killed; also what the store
holds before), `execute(ctx, state, kill_at)` (the write, SIGKILLed `kill_at` seconds after it
starts unless it finishes first) and `check(ctx, db, state, ex, findings)`.
"""

import json
import time
from dataclasses import dataclass, field

from db import Db, fingerprint, ledger_totals
import gen

ADD_BURST = 30  # `members add` invocations in one burst
MARK_BURST = 30  # `checkins mark` invocations in one burst
MARK_NAMES = 6  # names per mark


@dataclass
class Findings:
    integrity: list = field(default_factory=list)
    lost: list = field(default_factory=list)  # an acknowledged write missing afterwards
    partial: list = field(default_factory=list)  # an all-or-nothing write found in between
    serial: list = field(default_factory=list)  # certificate serials and batches
    errors: list = field(default_factory=list)  # the CLI failing on its own, a harness problem
    notes: list = field(default_factory=list)  # worth knowing, not a failure

    def failed(self) -> bool:
        return bool(self.integrity or self.lost or self.partial or self.serial or self.errors)


@dataclass
class Exec:
    killed: bool
    duration: float
    result: object = None  # the Result of a one-process job
    acked: list = field(default_factory=list)  # bursts: (args, Result) that exited 0 before the kill
    cut: object = None  # bursts: the args of the invocation killed
    errors: list = field(default_factory=list)
    wrote: bool = False  # killed after it had written to the WAL (set by the harness)


def single(ctx, args, kill_at) -> Exec:
    r = ctx.cli.run_until(args, kill_at, watch=ctx.watch)
    ex = Exec(killed=r.killed, duration=r.duration, result=r)
    if not r.killed and r.returncode != 0:
        ex.errors.append(r.describe())
    return ex


def burst(ctx, commands, kill_at) -> Exec:
    """Runs the commands one after another; the one running when `kill_at` seconds have passed
    since the first started is SIGKILLed and the burst ends there. A kill moment falling
    between two invocations kills the next one as soon as it is spawned."""
    ex = Exec(killed=False, duration=0.0)
    t0 = time.monotonic()
    for args in commands:
        left = None if kill_at is None else max(0.0, kill_at - (time.monotonic() - t0))
        r = ctx.cli.run_until(args, left)
        if r.killed:
            ex.killed, ex.cut = True, args
            break
        if r.returncode == 0:
            ex.acked.append((args, r))
        else:
            ex.errors.append(r.describe())
    ex.duration = time.monotonic() - t0
    return ex


def expect_ok(r, what: str):
    if not r.ok:
        raise RuntimeError(f"{what} failed: {r.describe()}")
    return r


class MembersAdd:
    """A burst of `members add`, each a process of its own, unique names and phones. Every add
    that exited 0 and printed the member before the kill must be in the store afterwards."""

    name = "members add"

    def prepare(self, ctx, run):
        commands = []
        for i in range(ADD_BURST):
            n, p = gen.name(ctx.rng) + f"{run}", gen.phone(gen.PHONE_ADD, run, i)
            commands.append(["members", "add", "--name", n, "--phone", p, "--city", ctx.rng.choice(gen.CITIES), "--json"])
        return {"commands": commands}

    def execute(self, ctx, st, kill_at):
        return burst(ctx, st["commands"], kill_at)

    def check(self, ctx, db, st, ex, f):
        acked = {}
        for args, r in ex.acked:
            try:
                m = json.loads(r.stdout)
                acked[m["id"]] = (m["name"], m["phone"])
            except (ValueError, KeyError) as e:
                f.errors.append(f"members add printed no member ({e}): {r.stdout[:200]!r}")
        found = {}
        ids = list(acked)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            q = ",".join("?" * len(part))
            for mid, nm, ph in db.rows(f"SELECT id, name, phone FROM members WHERE deleted_at IS NULL AND id IN ({q})", part):
                found[mid] = (nm, ph)
        for mid, want in acked.items():
            if found.get(mid) != want:
                f.lost.append(f"member {mid} {want[0]} {want[1]} was added (exit 0) but is {'different' if mid in found else 'missing'}")
        if ex.cut:
            phone = ex.cut[ex.cut.index("--phone") + 1]
            if db.one("SELECT count(*) FROM members WHERE phone = ?", (phone,)):
                f.notes.append("the killed add had committed")


class CheckinMarks:
    """A burst of `checkins mark … --kind checkin NAME…` (a quarter of them `--unmark`) on the
    running cohort. Every mark (or removal) reported before the kill must hold afterwards; each
    member's points total (the CLI's leaderboard) must equal the sum of their ledger entries."""

    name = "checkins mark"

    def prepare(self, ctx, run):
        c = ctx.running
        commands = []
        for _ in range(MARK_BURST):
            day = ctx.rng.choice(c["days"])
            names = ctx.rng.sample(c["names"], MARK_NAMES)
            args = ["checkins", "mark", "--cohort", c["name"], "--date", day, "--kind", "checkin", "--json"]
            if ctx.rng.random() < 0.25:
                args.append("--unmark")
            commands.append(args + names)
        return {"commands": commands}

    def execute(self, ctx, st, kill_at):
        return burst(ctx, st["commands"], kill_at)

    def check(self, ctx, db, st, ex, f):
        cohort_id = ctx.running["id"]
        expected = {}  # (member, day) -> marked, by the last acknowledged invocation touching it
        for args, r in ex.acked:
            day, on = args[args.index("--date") + 1], "--unmark" not in args
            try:
                matched = [m["member_id"] for m in json.loads(r.stdout)["matched"]]
            except (ValueError, KeyError) as e:
                f.errors.append(f"checkins mark printed no result ({e}): {r.stdout[:200]!r}")
                continue
            for m in matched:
                expected[(m, day)] = on
        if ex.cut:
            # The killed one may or may not have committed, and its names may have matched by
            # nickname too: every mark of its day is left open.
            day = ex.cut[ex.cut.index("--date") + 1]
            expected = {k: v for k, v in expected.items() if k[1] != day}
        marked = set()
        days = sorted({d for _, d in expected})
        for day in days:
            for (mid,) in db.rows("SELECT member_id FROM marks WHERE cohort_id = ? AND day = ? AND kind = 'checkin'", (cohort_id, day)):
                marked.add((mid, day))
        for key, on in expected.items():
            if ((key in marked) != on):
                f.lost.append(f"check-in of member {key[0]} on {key[1]} was reported {'marked' if on else 'unmarked'} but is {'there' if key in marked else 'missing'}")
        self.check_totals(ctx, db, f)

    def check_totals(self, ctx, db, f):
        """The points the CLI reports (leaderboard, all time) against the ledger's sums."""
        r = ctx.cli.run("points", "leaderboard", "--cohort", ctx.running["name"], "--period", "all", "--json")
        if not r.ok:
            f.errors.append(r.describe())
            return
        board = {s["member_id"]: s["points"] for s in json.loads(r.stdout)}
        sums = ledger_totals(db, board)
        wrong = [(m, board[m], sums[m]) for m in board if board[m] != sums[m]]
        for m, shown, summed in wrong[:5]:
            f.partial.append(f"member {m}: points total {shown} but the ledger sums to {summed}")
        if len(wrong) > 5:
            f.partial.append(f"… and {len(wrong) - 5} more members whose total is not their ledger's sum")


class Restore:
    """`backup create`, then changes, then `backup restore ID` killed midway: the store must
    afterwards be the data from before the restore or the backup's, whole (a hash of every row
    of every table equals one of the two).

    The backup is kept as the restore point until a restore of it commits: the changes it is
    restored over are everything the other jobs wrote since (plus a few members, a points
    adjustment and marks made just before, so there always are some). A committed restore takes
    the store back, which keeps its size (and the jobs' timings) bounded over hundreds of runs;
    a fresh backup of the restored store is then the next restore point."""

    name = "backup restore"
    scales_with_store = True  # it copies the whole store: its times grow with it

    def prepare(self, ctx, run):
        if ctx.restore_point is None:
            r = expect_ok(ctx.cli.run("backup", "create"), "backup create")
            with Db(ctx.db_path, ctx.counters) as db:
                ctx.restore_point = {"id": r.stdout.strip().splitlines()[-1], "fingerprint": fingerprint(db)}
        for i in range(2):
            r = expect_ok(ctx.cli.run("members", "add", "--name", gen.name(ctx.rng) + f"{run}", "--phone", gen.phone(gen.PHONE_RESTORE, run, i), "--json"), "members add")
        member = json.loads(r.stdout)["id"]
        expect_ok(ctx.cli.run("points", "adjust", str(member), "--points", "3", "--reason", f"crash run {run}"), "points adjust")
        c = ctx.running
        expect_ok(ctx.cli.run("checkins", "mark", "--cohort", c["name"], "--date", ctx.rng.choice(c["days"]), "--kind", "checkin", *ctx.rng.sample(c["names"], 4)), "checkins mark")
        with Db(ctx.db_path, ctx.counters) as db:
            old = fingerprint(db)
        if old == ctx.restore_point["fingerprint"]:
            raise RuntimeError("the changes before the restore changed nothing")
        return {"id": ctx.restore_point["id"], "restored": ctx.restore_point["fingerprint"], "old": old}

    def execute(self, ctx, st, kill_at):
        return single(ctx, ["backup", "restore", st["id"]], kill_at)

    def check(self, ctx, db, st, ex, f):
        now = fingerprint(db)
        st["committed"] = now == st["restored"]
        if st["committed"]:
            if ex.killed:
                f.notes.append("the killed restore had completed")
        elif now == st["old"]:
            if ex.result.ok:
                f.lost.append(f"restore of {st['id']} reported done but the store holds the data from before it")
        else:
            f.partial.append(f"after {'the killed' if ex.killed else 'the'} restore of {st['id']} the store is neither the data before it nor the backup's")

    def after(self, ctx, st, ex):
        """Once checked: a restore that committed leaves the store as the backup was; a backup
        of it now is the next restore point (the same data, so the same fingerprint)."""
        if st.get("committed"):
            r = expect_ok(ctx.cli.run("backup", "create"), "backup create")
            ctx.restore_point = {"id": r.stdout.strip().splitlines()[-1], "fingerprint": st["restored"]}
