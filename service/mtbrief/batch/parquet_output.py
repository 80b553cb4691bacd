"""Parquet output for batches: a folder of numbered part files, each written atomically.

``OUT.parquet/`` holds ``part-000000.parquet``, ``part-000001.parquet``... in input order.  Records
are buffered and written ``rows_per_part`` at a time to a temporary name, fsync'd, then renamed,
so a part file is either complete or absent; on resume, leftover temporary files are removed and
the ids in the complete parts are skipped (a crash loses at most the buffered records, which the
re-run processes again: nothing is written twice).  Reading the folder with pyarrow, pandas,
Spark or Ray gives the records in order.

Columns: ``id`` (string: integer ids are written in decimal), ``text``, ``lang``, ``edits``
(list of structs), ``error``, ``code``; the brief stage adds ``brief``, ``brief_lang``, ``model``,
``guard`` (JSON text) and ``source_sentences``.  Needs pyarrow (``pip install 'mtbrief[ray]'``).

This module must never rewrite a part file that is already complete.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .journal import JournalError, id_key

PART_GLOB = "part-*.parquet"
TMP_SUFFIX = ".tmp"


def is_parquet_output(path: str | Path) -> bool:
    return str(path) != "-" and str(path).rstrip("/").lower().endswith((".parquet", ".pq"))


def parquet_id(record_id: object) -> str | None:
    """How an id is stored (and matched on resume) in Parquet output."""
    if record_id is None or isinstance(record_id, str):
        return record_id  # type: ignore[return-value]
    return str(record_id)


def _schema(stage: str) -> Any:
    import pyarrow as pa

    edit = pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("before", pa.string()),
            ("after", pa.string()),
            ("kind", pa.string()),
            ("reason", pa.string()),
            ("confidence", pa.float64()),
        ]
    )
    fields = [
        ("id", pa.string()),
        ("text", pa.string()),
        ("lang", pa.string()),
        ("edits", pa.list_(edit)),
        ("error", pa.string()),
        ("code", pa.string()),
    ]
    if stage == "brief":
        fields += [
            ("brief", pa.string()),
            ("brief_lang", pa.string()),
            ("model", pa.string()),
            ("guard", pa.string()),
            ("source_sentences", pa.list_(pa.int64())),
        ]
    return pa.schema(fields)


class ParquetOutput:
    """Same interface as :class:`~mtbrief.batch.journal.OutputJournal`, writing Parquet parts."""

    def __init__(
        self, path: str | Path, stage: str = "clean", rows_per_part: int = 1000, fsync: bool = True
    ) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise ImportError("Parquet output needs pyarrow: pip install 'mtbrief[ray]'") from exc
        self.path = Path(path)
        self.stage, self.rows_per_part, self.fsync = stage, rows_per_part, fsync
        self.schema = _schema(stage)
        self.done: Counter[str] = Counter()
        self.repaired_bytes = 0
        self._buffer: list[dict[str, Any]] = []
        self.path.mkdir(parents=True, exist_ok=True)
        self._next_part = self._recover()

    @staticmethod
    def key(record_id: object) -> str:
        return id_key(parquet_id(record_id))

    def _recover(self) -> int:
        import pyarrow.parquet as pq

        for tmp in self.path.glob(PART_GLOB + TMP_SUFFIX):
            self.repaired_bytes += tmp.stat().st_size
            tmp.unlink()
        parts = sorted(self.path.glob(PART_GLOB))
        for part in parts:
            try:
                ids = pq.read_table(part, columns=["id"]).column("id").to_pylist()
            except Exception as exc:  # not ours, or damaged by something other than a crash
                raise JournalError(
                    f"{part}: not a readable mtbrief part file ({exc}); refusing to resume into it"
                ) from None
            self.done.update(id_key(i) for i in ids)
        return int(parts[-1].name[5:11]) + 1 if parts else 0

    @property
    def done_total(self) -> int:
        return sum(self.done.values())

    def _row(self, out: Mapping[str, Any]) -> dict[str, Any]:
        row = {name: out.get(name) for name in self.schema.names}
        row["id"] = parquet_id(out.get("id"))
        if row.get("guard") is not None:
            row["guard"] = json.dumps(row["guard"], ensure_ascii=False, sort_keys=True)
        return row

    def write(self, outputs: Sequence[Mapping[str, Any]]) -> None:
        self._buffer.extend(self._row(o) for o in outputs)
        while len(self._buffer) >= self.rows_per_part:
            self._flush(self._buffer[: self.rows_per_part])
            del self._buffer[: self.rows_per_part]

    def _flush(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not rows:
            return
        final = self.path / f"part-{self._next_part:06d}.parquet"
        tmp = final.with_name(final.name + TMP_SUFFIX)
        pq.write_table(pa.Table.from_pylist(rows, schema=self.schema), tmp)
        if self.fsync:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, final)
        if self.fsync:
            dir_fd = os.open(self.path, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        self._next_part += 1

    def close(self) -> None:
        """Write what is buffered (also on Ctrl-C: buffered records are complete)."""
        self._flush(self._buffer)
        self._buffer = []
