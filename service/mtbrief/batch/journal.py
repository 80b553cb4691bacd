"""Write-ahead output files that make a batch resumable: every record is written exactly once.

The output JSONL is an append-only journal.  Records are appended as complete lines, a block at a
time, with one ``write`` on an ``O_APPEND`` descriptor followed by ``fsync``; because the batch
writes in input order, the file is always a prefix of the finished output, possibly followed by
one torn line if the process died inside a ``write``.  On resume :meth:`OutputJournal.recover`
cuts the torn line off and counts the ids already present, and the batch skips that many
occurrences of each id.  (Hand-written because no small library offers an fsync'd, self-repairing
JSONL journal; the logic is a few lines.)

The error side file (:class:`ErrorLog`) is an append-only JSONL of ``{"id", "line"?, "code",
"error"}`` whose lines are deterministic; lines already present are not written twice.

This module must never rewrite or reorder a complete line that is already on disk.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import MtbriefError
from .records import to_json_line


class JournalError(MtbriefError, RuntimeError):
    """The existing output file is not one this tool wrote; resuming over it would lose data."""

    code = "bad_output_file"


def id_key(record_id: object) -> str:
    """A hashable key that tells ``1`` and ``"1"`` apart (both are valid ids)."""
    return json.dumps(record_id, ensure_ascii=False, sort_keys=True)


def _scan(path: Path) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line number, line)`` for each complete line; cut a torn last line off the file.

    Streams the file, so resuming a large output does not load it into memory.
    """
    keep = 0
    torn = False
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.endswith(b"\n"):
                torn = True
                break
            keep += len(raw)
            yield n, raw[:-1]
    if torn:
        with open(path, "r+b") as fh:
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())


class _AppendFile:
    def __init__(self, path: str | Path, fsync: bool = True) -> None:
        self.path = str(path)
        self.fsync = fsync and self.path != "-"
        if self.path == "-":
            self.fd = sys.stdout.fileno()
            self._owned = False
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            self._owned = True

    def append(self, lines: Iterable[bytes]) -> None:
        data = memoryview(b"".join(lines))
        while data:  # os.write may write less than asked (signals, pipes)
            written = os.write(self.fd, data)
            data = data[written:]
        if self.fsync:
            os.fsync(self.fd)

    def close(self) -> None:
        if self._owned and self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


class OutputJournal(_AppendFile):
    """The batch output (``-`` writes to stdout, which cannot be resumed)."""

    def __init__(self, path: str | Path, fsync: bool = True) -> None:
        self.done: Counter[str] = Counter()
        self.repaired_bytes = 0
        if str(path) != "-" and Path(path).exists():
            self._recover(Path(path))
        super().__init__(path, fsync)

    def _recover(self, path: Path) -> None:
        size = path.stat().st_size
        complete = 0
        for n, raw in _scan(path):
            complete += len(raw) + 1
            if not raw.strip():
                continue
            try:
                self.done[id_key(json.loads(raw)["id"])] += 1
            except (ValueError, KeyError, TypeError):
                raise JournalError(
                    f"{path}: line {n} is not an output record of mtbrief batch; "
                    "refusing to resume into it (choose another output file)"
                ) from None
        self.repaired_bytes = size - complete

    def write(self, outputs: Sequence[Mapping[str, Any]]) -> None:
        """Append output records as JSON lines (one write, then fsync)."""
        self.append(to_json_line(o) for o in outputs)

    @property
    def done_total(self) -> int:
        return sum(self.done.values())


class ErrorLog(_AppendFile):
    """The error side file: one line per failed record, never the same line twice."""

    def __init__(self, path: str | Path, fsync: bool = True) -> None:
        self.seen: set[bytes] = set()
        if Path(path).exists():
            self.seen = {raw + b"\n" for _, raw in _scan(Path(path)) if raw.strip()}
        super().__init__(path, fsync)

    def append(self, lines: Iterable[bytes]) -> None:
        new = [line for line in lines if line not in self.seen]
        if new:
            super().append(new)
            self.seen.update(new)
