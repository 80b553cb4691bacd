"""Durable job storage in an embedded SQLite database (WAL mode, ``synchronous=FULL``).

A job's documents are committed before its id is returned, and each result is committed before
its document counts as processed, so a ``kill -9`` loses no acknowledged work: on restart,
:meth:`JobStore.recover` releases documents that a dead worker had claimed and the job resumes.
A document row holds at most one result (``state`` moves from ``pending`` exactly once, guarded
in SQL), so every document ends with exactly one result even when two workers race.

One server process per database file is the supported set-up: ``recover`` releases every claim.
This module never runs library code and never interprets document text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    stage TEXT NOT NULL,
    options TEXT NOT NULL,
    status TEXT NOT NULL,
    total INTEGER NOT NULL,
    duplicates INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    text TEXT NOT NULL,
    lang TEXT,
    html INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending',
    result TEXT,
    claimed_by TEXT,
    claimed_at REAL,
    PRIMARY KEY (job_id, seq),
    UNIQUE (job_id, doc_id)
);
CREATE INDEX IF NOT EXISTS documents_by_state ON documents (job_id, state, seq);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created_at);
"""

ACTIVE = ("queued", "running")


class DuplicateIdError(ValueError):
    """Two documents in one submission share an id but not their content."""


@dataclass(frozen=True)
class NewDocument:
    """A document as submitted."""

    id: str
    text: str
    lang: str | None = None
    html: bool = False


@dataclass(frozen=True)
class ClaimedDocument:
    """A document a worker has claimed for processing."""

    job_id: str
    seq: int
    id: str
    text: str
    lang: str | None
    html: bool


@dataclass(frozen=True)
class JobInfo:
    """A job's status and progress."""

    id: str
    stage: str
    status: str
    options: dict[str, Any]
    total: int
    succeeded: int
    failed: int
    duplicates: int
    created_at: float
    updated_at: float

    @property
    def processed(self) -> int:
        return self.succeeded + self.failed


class JobStore:
    """Jobs, their documents and their results in one SQLite file (thread-safe)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._db().executescript(_SCHEMA)  # executescript manages its own transaction

    # -- connections ---------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self) -> sqlite3.Connection:
            self.db.execute("BEGIN IMMEDIATE")
            return self.db

        def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
            self.db.execute("ROLLBACK" if exc_type else "COMMIT")

    def _tx(self) -> JobStore._Tx:
        return JobStore._Tx(self._db())

    def close(self) -> None:
        """Close this thread's connection (other threads' close when they end)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # -- jobs ----------------------------------------------------------------------------
    def create_job(
        self,
        stage: str,
        options: dict[str, Any],
        documents: Sequence[NewDocument],
        *,
        idempotency_key: str | None = None,
    ) -> tuple[str, bool]:
        """Store a job and all its documents in one transaction; return ``(job_id, created)``.

        Repeated ids with identical content are stored once (the submission is idempotent per
        document id); the same id with different content raises :class:`DuplicateIdError`.
        With an ``idempotency_key`` already used, the existing job's id is returned and
        ``created`` is False.
        """
        unique: dict[str, NewDocument] = {}
        for doc in documents:
            seen = unique.get(doc.id)
            if seen is None:
                unique[doc.id] = doc
            elif seen != doc:
                raise DuplicateIdError(
                    f"document id {doc.id!r} appears twice with different content"
                )
        now = time.time()
        job_id = uuid.uuid4().hex
        with self._tx() as db:
            if idempotency_key is not None:
                row = db.execute(
                    "SELECT id FROM jobs WHERE idempotency_key = ?", (idempotency_key,)
                ).fetchone()
                if row is not None:
                    return row[0], False
            db.execute(
                "INSERT INTO jobs (id, idempotency_key, stage, options, status, total, duplicates,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)",
                (
                    job_id,
                    idempotency_key,
                    stage,
                    json.dumps(options),
                    len(unique),
                    len(documents) - len(unique),
                    now,
                    now,
                ),
            )
            db.executemany(
                "INSERT INTO documents (job_id, seq, doc_id, text, lang, html)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (job_id, seq, d.id, d.text, d.lang, int(d.html))
                    for seq, d in enumerate(unique.values())
                ),
            )
        return job_id, True

    def get_job(self, job_id: str) -> JobInfo | None:
        db = self._db()
        row = db.execute(
            "SELECT id, stage, status, options, total, duplicates, created_at, updated_at"
            " FROM jobs WHERE id = ?",
            (job_id,),
        ).fetchone()
        if row is None:
            return None
        counts = dict(
            db.execute(
                "SELECT state, COUNT(*) FROM documents WHERE job_id = ? GROUP BY state", (job_id,)
            ).fetchall()
        )
        return JobInfo(
            id=row[0],
            stage=row[1],
            status=row[2],
            options=json.loads(row[3]),
            total=row[4],
            succeeded=counts.get("done", 0),
            failed=counts.get("failed", 0),
            duplicates=row[5],
            created_at=row[6],
            updated_at=row[7],
        )

    def cancel(self, job_id: str) -> bool:
        """Stop a queued or running job; False when it was not active."""
        with self._tx() as db:
            cur = db.execute(
                "UPDATE jobs SET status = 'cancelled', updated_at = ? WHERE id = ?"
                " AND status IN ('queued', 'running')",
                (time.time(), job_id),
            )
            return cur.rowcount > 0

    def purge(self, job_id: str) -> bool:
        """Delete a job that is no longer active, with its documents and results."""
        with self._tx() as db:
            cur = db.execute(
                "DELETE FROM jobs WHERE id = ? AND status NOT IN ('queued', 'running')", (job_id,)
            )
            return cur.rowcount > 0

    def status_counts(self) -> dict[str, int]:
        return dict(self._db().execute("SELECT status, COUNT(*) FROM jobs GROUP BY status"))

    def pending_documents(self) -> int:
        row = self._db().execute(
            "SELECT COUNT(*) FROM documents d JOIN jobs j ON j.id = d.job_id"
            " WHERE d.state = 'pending' AND j.status IN ('queued', 'running')"
        ).fetchone()
        return int(row[0])

    # -- workers -------------------------------------------------------------------------
    def recover(self) -> int:
        """After a restart: release every claim and close jobs with nothing left to do.

        Returns the number of documents released for processing again.
        """
        with self._tx() as db:
            released = db.execute(
                "UPDATE documents SET claimed_by = NULL, claimed_at = NULL"
                " WHERE state = 'pending' AND claimed_by IS NOT NULL"
            ).rowcount
            db.execute(
                "UPDATE jobs SET status = 'completed', updated_at = ? WHERE status IN"
                " ('queued', 'running') AND NOT EXISTS (SELECT 1 FROM documents d"
                " WHERE d.job_id = jobs.id AND d.state = 'pending')",
                (time.time(),),
            )
        return released

    def claim(
        self, worker: str, limit: int, lease_s: float = 3600.0
    ) -> tuple[str, str, dict[str, Any], list[ClaimedDocument]] | None:
        """Claim up to ``limit`` pending documents of the oldest active job, in input order.

        Returns ``(job_id, stage, options, documents)`` or None when nothing is pending.  A claim
        older than ``lease_s`` counts as abandoned.
        """
        now = time.time()
        stale = now - lease_s
        with self._tx() as db:
            row = db.execute(
                "SELECT j.id, j.stage, j.options FROM jobs j WHERE j.status IN"
                " ('queued', 'running') AND EXISTS (SELECT 1 FROM documents d WHERE"
                " d.job_id = j.id AND d.state = 'pending' AND (d.claimed_by IS NULL OR"
                " d.claimed_at < ?)) ORDER BY j.created_at, j.id LIMIT 1",
                (stale,),
            ).fetchone()
            if row is None:
                return None
            job_id, stage, options = row
            rows = db.execute(
                "UPDATE documents SET claimed_by = ?, claimed_at = ? WHERE rowid IN (SELECT rowid"
                " FROM documents WHERE job_id = ? AND state = 'pending' AND (claimed_by IS NULL"
                " OR claimed_at < ?) ORDER BY seq LIMIT ?)"
                " RETURNING job_id, seq, doc_id, text, lang, html",
                (worker, now, job_id, stale, limit),
            ).fetchall()
            db.execute(
                "UPDATE jobs SET status = 'running', updated_at = ? WHERE id = ?"
                " AND status = 'queued'",
                (now, job_id),
            )
        docs = sorted(
            (ClaimedDocument(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows),
            key=lambda d: d.seq,
        )
        return job_id, stage, json.loads(options), docs

    def save_results(self, job_id: str, results: Sequence[tuple[int, bool, dict[str, Any]]]) -> int:
        """Commit ``(seq, ok, payload)`` results; a document that already has one is left alone.

        Returns how many results were stored.  Marks the job completed when nothing is pending.
        """
        now = time.time()
        stored = 0
        with self._tx() as db:
            for seq, ok, payload in results:
                stored += db.execute(
                    "UPDATE documents SET state = ?, result = ?, claimed_by = NULL"
                    " WHERE job_id = ? AND seq = ? AND state = 'pending'",
                    ("done" if ok else "failed", json.dumps(payload), job_id, seq),
                ).rowcount
            left = db.execute(
                "SELECT COUNT(*) FROM documents WHERE job_id = ? AND state = 'pending'", (job_id,)
            ).fetchone()[0]
            db.execute(
                "UPDATE jobs SET updated_at = ?, status = CASE WHEN ? = 0 AND status IN"
                " ('queued', 'running') THEN 'completed' ELSE status END WHERE id = ?",
                (now, left, job_id),
            )
        return stored

    def iter_results(
        self, job_id: str, *, offset: int = 0, page: int = 200
    ) -> Iterator[tuple[str, str, dict[str, Any] | None]]:
        """Yield ``(doc_id, state, payload)`` in input order, from ``offset``, paged."""
        seq = offset
        while True:
            # A fresh thread-local connection per page: a streaming response may resume this
            # generator on another thread, and a SQLite connection must stay in its thread.
            rows = self._db().execute(
                "SELECT seq, doc_id, state, result FROM documents WHERE job_id = ? AND seq >= ?"
                " ORDER BY seq LIMIT ?",
                (job_id, seq, page),
            ).fetchall()
            if not rows:
                return
            for s, doc_id, state, result in rows:
                yield doc_id, state, (json.loads(result) if result is not None else None)
                seq = s + 1
