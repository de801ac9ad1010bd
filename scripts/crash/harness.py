#!/usr/bin/env python3
"""Crash-safety harness for qunzhu-cli: each run starts one write-heavy job against one data
folder and SIGKILLs it at a random moment, then checks the store.

After each run (the killed process gone from /proc): the database opened read-only passes
PRAGMA integrity_check, the job's own checks hold (jobs.py, imports.py), and so do two that
every run must keep: every mark has its points and every mark's points their mark, and the
certificate serials (no duplicate, no number skipped in a sequence).

Kill moments: uniform between 0 and the job's typical duration (calibrated on three uncut runs
of each at the start, kept up to date by the runs that finish before their kill); every other
run of a one-process job is killed between its first WAL write and that duration instead, as
most of them write only when they commit and uniform kills would rarely tear a commit.

Figures: integrity failures (integrity_check not ok, or the file unreadable); lost writes (a
write the CLI acknowledged, exit 0 with its result printed, missing afterwards); partial
imports (an all-or-nothing write found in between: member, order, chat and survey imports, a restore,
a mark without its points or points without their mark, a points total (the CLI's leaderboard;
totals are never stored) that is not the sum of the ledger); serial problems
(duplicated or skipped serials, a certificate batch recorded in part). "database is locked"
while checking is waited out and counted apart. The CLI failing on its own (a setup that does
not work) is listed and also makes the exit status non-zero.

Python 3.11 standard library only. Usage: harness.py --cli PATH [--runs N] [--seed S] [--keep] [--self-test]
"""

import argparse
import datetime
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from db import Db, LockedTooLong, integrity, mark_ledger_problems, serial_problems  # noqa: E402
from imports import Certificates, ChatImport, MemberImport, OrderImport, SurveyImport  # noqa: E402
from jobs import CheckinMarks, Exec, Findings, MembersAdd, Restore, expect_ok  # noqa: E402
from runner import Cli  # noqa: E402

JOBS = [MemberImport(), MembersAdd(), CheckinMarks(), ChatImport(), Certificates(), SurveyImport(), OrderImport(), Restore()]
CALIBRATION_RUNS = 3
FIGURES = ["integrity", "lost", "partial", "serial"]


class Context:
    """What the jobs share: the CLI, the store, the random source, the seeded cohorts."""

    def __init__(self, cli: Cli, data_dir: str, scratch: str, rng: random.Random):
        self.cli, self.data_dir, self.scratch, self.rng = cli, data_dir, scratch, rng
        self.db_path = os.path.join(data_dir, "qunzhu.db")
        self.counters = Counter()
        self.running = self.finished = None
        self.chat_template = None
        self.restore_point = None  # {id, fingerprint}: see jobs.Restore
        self.watch = None  # while calibrating: notes when the job first writes WAL frames
        self.known_ledger, self.known_serial = set(), set()


def cohort_info(ctx: Context, c: dict) -> dict:
    """A cohort's name, id, days and members' names, from the CLI."""
    members = json.loads(expect_ok(ctx.cli.run("members", "list", "--cohort", c["name"], "--json"), "members list").stdout)
    names = [m["name"] for m in members]
    counts = Counter(names)
    start, end = datetime.date.fromisoformat(c["start_date"]), datetime.date.fromisoformat(c["end_date"])
    days = [(start + datetime.timedelta(d)).isoformat() for d in range((end - start).days + 1)]
    today = datetime.date.today().isoformat()
    return {
        "id": c["id"], "name": c["name"], "start": c["start_date"], "end": c["end_date"], "days": days,
        "past_days": [d for d in days if d <= today] or days[:1],
        "names": sorted(set(names)), "unique_names": sorted(n for n, k in counts.items() if k == 1),
    }


def seed_store(ctx: Context) -> None:
    """The demo community, once per invocation; the running cohort takes check-ins and chats,
    the last finished one the surveys."""
    expect_ok(ctx.cli.run("demo", "load"), "demo load")
    cohorts = json.loads(expect_ok(ctx.cli.run("cohorts", "list", "--json"), "cohorts list").stdout)
    today = datetime.date.today().isoformat()
    running = [c for c in cohorts if c["start_date"] <= today <= c["end_date"]]
    finished = sorted((c for c in cohorts if c["end_date"] < today), key=lambda c: c["end_date"])
    if not running or not finished:
        raise RuntimeError(f"the demo has no running or no finished cohort: {[c['name'] for c in cohorts]}")
    ctx.running, ctx.finished = cohort_info(ctx, running[0]), cohort_info(ctx, finished[-1])
    with Db(ctx.db_path, ctx.counters) as db:
        if integrity(db) != "ok":
            raise RuntimeError("the freshly seeded store fails integrity_check")
        ctx.known_ledger, ctx.known_serial = mark_ledger_problems(db), serial_problems(db)
    for what, found in (("marks/points", ctx.known_ledger), ("serials", ctx.known_serial)):
        if found:
            print(f"note: the seeded store already has {len(found)} {what} inconsistencies (not counted): {sorted(found)[:3]}")


def check_run(ctx: Context, job, st, ex: Exec) -> Findings:
    """Integrity, the job's checks, and the checks every run keeps, on a read-only connection."""
    f = Findings(errors=list(ex.errors))
    try:
        with Db(ctx.db_path, ctx.counters) as db:
            found = integrity(db)
            if found != "ok":
                f.integrity.append(f"integrity_check: {found}")
            try:
                job.check(ctx, db, st, ex, f)
            except (LockedTooLong, sqlite3.DatabaseError):
                raise
            except Exception:
                f.errors.append("check failed: " + traceback.format_exc(limit=3))
            new = mark_ledger_problems(db) - ctx.known_ledger
            ctx.known_ledger |= new
            f.partial.extend(f"{p[0]}: cohort {p[1]} member {p[2]} {p[3]} {p[4]}" for p in sorted(new)[:5])
            if len(new) > 5:
                f.partial.append(f"… {len(new) - 5} more marks/points torn apart")
            new = serial_problems(db) - ctx.known_serial
            ctx.known_serial |= new
            f.serial.extend(" ".join(str(x) for x in p) for p in sorted(new))
    except LockedTooLong:
        ctx.counters["lock timeouts"] += 1
        f.notes.append("the store stayed locked while checking (not counted as corruption)")
    except sqlite3.DatabaseError as e:
        f.integrity.append(f"cannot read the store: {e}")
    return f


def wal_stamp(ctx: Context):
    try:
        st = os.stat(ctx.db_path + "-wal")
        return st.st_mtime_ns, st.st_size
    except FileNotFoundError:
        return None


def one_run(ctx: Context, job, run: int, kill_at):
    """Prepares, runs (killed at `kill_at` s, or not when None) and checks one job."""
    try:
        st = job.prepare(ctx, run)
    except Exception as e:
        return Exec(False, 0.0), Findings(errors=[f"prepare: {e}"])
    before = wal_stamp(ctx)
    ex = job.execute(ctx, st, kill_at)
    after = wal_stamp(ctx)
    if ex.killed and after and after[1] > 0 and after != before:
        ex.wrote = True  # the killed process had written WAL frames: the kill landed mid-write or later
    f = check_run(ctx, job, st, ex)
    if hasattr(job, "after") and not f.failed():
        try:
            job.after(ctx, st, ex)
        except Exception as e:
            f.errors.append(f"after: {e}")
    return ex, f


def keep_snapshot(ctx: Context, root: str, run: int, job) -> str:
    """Copies the store (with its WAL) and the run's files as they are after a failing run."""
    dest = os.path.join(root, f"failed-run-{run}-{job.name.replace(' ', '-')}")
    os.makedirs(dest, exist_ok=True)
    for name in os.listdir(ctx.data_dir):
        if name.startswith("qunzhu.db"):
            shutil.copy2(os.path.join(ctx.data_dir, name), dest)
    shutil.copytree(ctx.scratch, os.path.join(dest, "inputs"), dirs_exist_ok=True)
    return dest


def clear_scratch(ctx: Context) -> None:
    for name in os.listdir(ctx.scratch):
        path = os.path.join(ctx.scratch, name)
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)


def leftovers(folder: str) -> str:
    """Files in the backups folder that are not backups, by kind, with their size."""
    kinds, size = Counter(), 0
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if not name.endswith(".db"):
            kinds[name.split(".db", 1)[-1] or name] += 1
            size += os.path.getsize(os.path.join(folder, name))
    return ", ".join(f"{v} × *.db{k}" for k, v in sorted(kinds.items())) + f" ({size / 2**20:.1f} MiB)" if kinds else "nothing"


def report_findings(label: str, f: Findings) -> None:
    for kind in FIGURES + ["errors"]:
        for item in getattr(f, kind):
            print(f"  {label}: {kind}: {item}", flush=True)


def store_size(ctx: Context) -> int:
    return sum(os.path.getsize(os.path.join(ctx.data_dir, x)) for x in os.listdir(ctx.data_dir) if x.startswith("qunzhu.db"))


class Timing:
    """When to kill each job. Calibrated on uncut runs: the median of the latest three
    durations (those of later runs that finished before their kill count too, so a burst of
    load during the calibration does not stretch every kill window), and the moment a
    one-process job first wrote WAL frames. A job that copies the whole store (the restore)
    has its times scaled by the store's size."""

    def __init__(self):
        self.seen = {}  # job name: durations, as for the store size at its first calibration run
        self.reference = {}  # job name: that size
        self.first_write = {}  # job name: seconds, likewise

    def _factor(self, job, size: int) -> float:
        if not getattr(job, "scales_with_store", False):
            return 1.0
        ref = self.reference.setdefault(job.name, size)
        return size / ref if ref else 1.0

    def observed(self, job, duration: float, size: int, first_write=None) -> None:
        k = self._factor(job, size)
        self.seen.setdefault(job.name, []).append(duration / k)
        if first_write is not None:
            w = first_write / k
            self.first_write[job.name] = min(self.first_write.get(job.name, w), w)

    def typical(self, job, size: int) -> float:
        recent = sorted(self.seen.get(job.name, [1.0])[-3:])
        return recent[len(recent) // 2] * self._factor(job, size)

    def writes_from(self, job, size: int):
        w = self.first_write.get(job.name)
        return None if w is None else w * self._factor(job, size)


def calibrate(ctx: Context, tally) -> Timing:
    """Uncut runs of each job, checked like the others, timing the run and the moment it first
    writes to the WAL (for most one-process jobs: the commit)."""
    timing = Timing()
    wal = ctx.db_path + "-wal"
    for job in JOBS:
        for _ in range(CALIBRATION_RUNS):
            tally.n += 1
            seen, size = [], store_size(ctx)
            ctx.watch = lambda t: seen or (os.path.exists(wal) and os.path.getsize(wal) > 0 and seen.append(t))
            ex, f = one_run(ctx, job, tally.n, None)
            ctx.watch = None
            if ex.duration:
                timing.observed(job, ex.duration, size, seen[0] if seen and ex.result is not None else None)
            tally.record(job, ex, f, f"calibration {job.name}", counted=False)
        w = timing.writes_from(job, store_size(ctx))
        runs = ", ".join(f"{d:.2f} s" for d in timing.seen.get(job.name, []))
        print(f"calibrated {job.name}: {runs}{f'; writes from {w:.2f} s' if w is not None else ''}", flush=True)
    return timing


class Tally:
    """Figures per job, notes, failing runs (and their snapshots with --keep)."""

    def __init__(self, ctx: Context, root: str, keep: bool):
        self.ctx, self.root, self.keep = ctx, root, keep
        self.per_job = {j.name: Counter() for j in JOBS}
        self.notes = {j.name: Counter() for j in JOBS}
        self.kept, self.failing = [], 0
        self.n = 0  # every job run, calibration included: names files, tags and phones

    def record(self, job, ex, f, label, counted):
        c = self.per_job[job.name]
        if counted:
            c["runs"] += 1
            c["kills"] += ex.killed
            c["wrote"] += ex.wrote
        for kind in FIGURES + ["errors"]:
            c[kind] += len(getattr(f, kind))
        for note in f.notes:
            self.notes[job.name][note] += 1
        if f.failed():
            self.failing += 1
            report_findings(label, f)
            if self.keep:
                self.kept.append(keep_snapshot(self.ctx, self.root, self.n, job))
        clear_scratch(self.ctx)

    def report(self, timing: Timing) -> Counter:
        ctx = self.ctx
        size = store_size(ctx)
        print("\nper job:               runs  kills  (after writing)  integrity  lost  partial  serial  errors  kill window  notes")
        for job in JOBS:
            c = self.per_job[job.name]
            note = "; ".join(f"{k} ×{v}" for k, v in self.notes[job.name].items())
            print(f"  {job.name:19s} {c['runs']:5d} {c['kills']:6d} {c['wrote']:16d} {c['integrity']:10d} {c['lost']:5d} "
                  f"{c['partial']:8d} {c['serial']:7d} {c['errors']:7d} {timing.typical(job, size):10.2f}s  {note}")
        print(f"\nstore at the end: {size / 2**20:.0f} MiB; CLI processes spawned {ctx.cli.spawned}; "
              f"'database is locked' waits while checking {ctx.counters['locked']}, lock timeouts {ctx.counters['lock timeouts']}")
        print("left in backups/ besides backups: " + leftovers(os.path.join(ctx.data_dir, "backups")))
        totals = Counter()
        for c in self.per_job.values():
            totals.update(c)
        return totals


def main() -> int:
    """Parses the arguments, seeds the store, calibrates, runs, reports."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", required=True, help="the qunzhu-cli binary")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the data folder of a failing run and print its path")
    ap.add_argument("--self-test", action="store_true", help="damage the store on purpose and check that every check notices")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    rng = random.Random(seed)
    started = time.monotonic()
    root = tempfile.mkdtemp(prefix="qunzhu-crash-")
    data_dir, scratch = os.path.join(root, "data"), os.path.join(root, "scratch")
    os.makedirs(scratch)
    cli = Cli(os.path.abspath(args.cli), data_dir, scratch)
    ctx = Context(cli, data_dir, scratch, rng)
    print(f"crash test: {'self-test' if args.self_test else f'{args.runs} runs'}, seed {seed}, cli {cli.binary}, data folder {data_dir}", flush=True)
    seed_store(ctx)
    if args.self_test:
        import selftest

        missed = selftest.self_test(ctx, check_run)
        shutil.rmtree(root, ignore_errors=True)
        print(f"self-test: {len(selftest.CASES) - missed} of {len(selftest.CASES)} kinds of damage detected")
        return 1 if missed else 0

    tally = Tally(ctx, root, args.keep)
    timing = calibrate(ctx, tally)
    damaged = False
    for run in range(1, args.runs + 1):
        job = JOBS[(run - 1) % len(JOBS)]
        tally.n += 1
        size = store_size(ctx)
        # Every other run of a job that writes at the end is killed within its writing.
        in_write = run % 2 == 0 and timing.writes_from(job, size) is not None
        kill_at = rng.uniform(timing.writes_from(job, size) if in_write else 0, timing.typical(job, size))
        t0 = time.monotonic()
        ex, f = one_run(ctx, job, tally.n, kill_at)
        if not ex.killed and ex.duration:
            timing.observed(job, ex.duration, size)
        state = f"killed at {kill_at:.2f} s" if ex.killed else f"finished in {ex.duration:.2f} s before the kill at {kill_at:.2f} s"
        state += " (write window)" if in_write else ""
        print(f"run {run:3d} {job.name:15s} {state:60s} {'FAIL' if f.failed() else 'ok'}  ({time.monotonic() - t0:.1f} s)", flush=True)
        tally.record(job, ex, f, f"run {run} {job.name}", counted=True)
        if f.integrity:
            damaged = True
            print("stopping: the store is damaged", flush=True)
            break

    totals = tally.report(timing)
    print(f"seed {seed}; wall time {time.monotonic() - started:.0f} s")
    if tally.kept or (args.keep and damaged):
        print("kept: " + ", ".join(tally.kept) + f" (the data folder: {data_dir})")
    else:
        shutil.rmtree(root, ignore_errors=True)
    print(f"runs {totals['runs']}, kills {totals['kills']}, integrity failures {totals['integrity']}, "
          f"lost writes {totals['lost']}, partial imports {totals['partial']}, serial problems {totals['serial']}")
    return 1 if tally.failing or damaged else 0


if __name__ == "__main__":
    sys.exit(main())
