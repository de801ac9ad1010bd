"""Read-only access to the store for the checks, and the checks that hold after every run.

Every query is retried briefly on "database is locked"/"busy"; each such wait is counted apart
(`Db.locked`), never as corruption. Any other error opening or reading the file is corruption.
"""

import hashlib
import re
import sqlite3
import time

LOCK_RETRIES = 50  # x 0.1 s


class LockedTooLong(Exception):
    """Still locked after the retries: reported apart, not as corruption."""


def _is_lock(e: Exception) -> bool:
    text = str(e).lower()
    return isinstance(e, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class Db:
    """A read-only connection to one database file."""

    def __init__(self, path: str, counters: dict):
        self.path = path
        self.counters = counters
        self.conn = self._retry(lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5, isolation_level=None))

    def _retry(self, fn):
        waited = False
        for _ in range(LOCK_RETRIES):
            try:
                return fn()
            except sqlite3.Error as e:
                if not _is_lock(e):
                    raise
                if not waited:
                    self.counters["locked"] = self.counters.get("locked", 0) + 1
                    waited = True
                time.sleep(0.1)
        raise LockedTooLong(self.path)

    def rows(self, sql: str, params=()) -> list:
        return self._retry(lambda: self.conn.execute(sql, params).fetchall())

    def one(self, sql: str, params=()):
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def integrity(db: Db) -> str:
    """'ok', or what PRAGMA integrity_check found."""
    found = [r[0] for r in db.rows("PRAGMA integrity_check")]
    return "ok" if found == ["ok"] else "; ".join(found[:5])


def fingerprint(db: Db) -> str:
    """A hash of every row of every table (and the schema): equal for equal contents. A plain
    scan visits rowid tables by rowid and WITHOUT ROWID tables by primary key, so the order is
    the same in two files holding the same data."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr(db.rows("PRAGMA user_version")).encode())
    tables = db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    for name, sql in tables:
        h.update(f"\0{name}\0{sql}\0".encode())
        if name.startswith("sqlite_stat"):
            continue
        cur = db._retry(lambda: db.conn.execute(f'SELECT * FROM "{name}"'))
        while True:
            batch = cur.fetchmany(20000)
            if not batch:
                break
            h.update(repr(batch).encode())
    for row in db.rows("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type <> 'table' ORDER BY name"):
        h.update(repr(row).encode())
    return h.hexdigest()


def mark_ledger_problems(db: Db) -> set:
    """Marks without the ledger entry they earned, and mark entries whose mark is gone: a mark
    and its points are written in one transaction, so either half alone is a torn write."""
    orphan_marks = db.rows(
        """SELECT m.cohort_id, m.member_id, m.day, m.kind FROM marks m
           WHERE NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.member_id = m.member_id
                 AND l.cohort_id = m.cohort_id AND l.day = m.day AND l.source = 'mark:' || m.kind)"""
    )
    orphan_points = db.rows(
        """SELECT l.cohort_id, l.member_id, l.day, substr(l.source, 6) FROM points_ledger l
           WHERE l.source LIKE 'mark:%' AND NOT EXISTS (SELECT 1 FROM marks m WHERE m.member_id = l.member_id
                 AND m.cohort_id = l.cohort_id AND m.day = l.day AND m.kind = substr(l.source, 6))"""
    )
    return {("mark without points",) + tuple(r) for r in orphan_marks} | {("points without mark",) + tuple(r) for r in orphan_points}


def ledger_totals(db: Db, member_ids) -> dict:
    """Each member's points: the sum of every ledger entry."""
    out = {m: 0 for m in member_ids}
    for member, total in db.rows("SELECT member_id, sum(points) FROM points_ledger GROUP BY member_id"):
        if member in out:
            out[member] = total
    return out


def _stem_parts(stem: str):
    before, _, after = stem.partition("\x01")
    return before, after


def serial_numbers(db: Db) -> dict:
    """{stem: [(number, serial, cohort_id, certificate id)]} for every certificate whose serial
    fits a stem of serial_counters (the pattern with the sequence number cut out)."""
    stems = db.rows("SELECT stem, next FROM serial_counters")
    certs = db.rows("SELECT id, serial, cohort_id FROM certificates")
    out = {stem: [] for stem, _ in stems}
    for stem, _ in stems:
        before, after = _stem_parts(stem)
        pattern = re.compile(re.escape(before) + r"(\d+)" + re.escape(after) + r"\Z")
        for cid, serial, cohort in certs:
            m = pattern.match(serial)
            if m:
                out[stem].append((int(m.group(1)), serial, cohort, cid))
    return out


def serial_problems(db: Db) -> set:
    """Serials used twice; numbers skipped within a stem's sequence (1 … next-1 must all be
    there: a number is only ever taken together with the certificate that carries it); a
    counter behind a number already issued."""
    problems = set()
    for serial, n in db.rows("SELECT serial, count(*) FROM certificates GROUP BY serial HAVING count(*) > 1"):
        problems.add(("duplicate serial", serial, n))
    counters = dict(db.rows("SELECT stem, next FROM serial_counters"))
    for stem, issued in serial_numbers(db).items():
        numbers = sorted(n for n, *_ in issued)
        label = stem.replace("\x01", "{seq}")
        for a, b in zip(numbers, numbers[1:]):
            if a == b:
                problems.add(("number used twice", label, a))
        have = set(numbers)
        missing = [n for n in range(1, counters[stem]) if n not in have]
        if missing:
            problems.add(("numbers skipped", label, f"{len(missing)} missing, first {missing[:5]}"))
        if numbers and numbers[-1] >= counters[stem]:
            problems.add(("counter behind", label, f"next {counters[stem]}, issued {numbers[-1]}"))
    return problems


def batch_serial_problems(db: Db, cohort_id: int) -> list:
    """A committed batch's serials are contiguous: no number skipped within the batch."""
    problems = []
    for stem, issued in serial_numbers(db).items():
        numbers = sorted(n for n, _, cohort, _ in issued if cohort == cohort_id)
        if numbers and numbers[-1] - numbers[0] + 1 != len(numbers):
            problems.append(f"batch serials not contiguous in {stem.replace(chr(1), '{seq}')}: {numbers[0]}…{numbers[-1]} for {len(numbers)} certificates")
    return problems
