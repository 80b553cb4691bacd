"""Readers that turn a batch input into a stream of records, one :class:`Entry` per record.

Inputs: a JSONL file (one ``{"id", "text", "lang"?, "html"?}`` object per line; ``.jsonl.gz`` is
read gunzipped), ``-`` for JSONL on stdin, a folder of ``.txt`` / ``.html`` / ``.htm`` files
(optionally ``.gz``; the id is the path relative to the folder, files are read in sorted order),
or a Parquet file / folder of Parquet files with ``id`` and ``text`` columns (needs pyarrow,
installed by ``mtbrief[ray]``).

A line that cannot be read (not UTF-8, not JSON, not an object, an id that is not a string or an
integer, far too large to parse) becomes an :class:`Entry` carrying a ready error record, so it is
reported in the output like any other bad record; blank lines are not records.  A record without
an ``id`` gets ``"line:N"`` (its line number) so it can still be resumed.

This module must never process text and must never read more than a bounded amount per record
beyond one JSONL line.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..config import get_settings
from .records import ID_TYPES, error_record

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
PARQUET_SUFFIXES = (".parquet", ".pq")
# JSON escapes can make a line up to 6x the size of its text (\uXXXX for each code unit).
_JSON_OVERHEAD = 6
_LINE_SLACK = 64 * 1024


@dataclass(slots=True)
class Entry:
    """One input record, or a ready error record for an input line that could not be read."""

    id: object
    where: str  # "line 17" or a relative path: where a person finds it in the input
    record: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    line: int | None = None


def _limit(max_bytes: int | None) -> int:
    return get_settings().max_input_bytes if max_bytes is None else max_bytes


def _bad_line(n: int, code: str, message: str) -> Entry:
    rid = f"line:{n}"
    return Entry(id=rid, where=f"line {n}", error=error_record(rid, code, message), line=n)


def parse_jsonl_line(raw: bytes, n: int, max_line_bytes: int) -> Entry | None:
    """Parse line ``n`` (1-based) of a JSONL input; ``None`` for a blank line."""
    if not raw.strip():
        return None
    if len(raw) > max_line_bytes:
        return _bad_line(
            n,
            "too_large",
            f"line is {len(raw):,} bytes; records are limited to {max_line_bytes:,} bytes of JSON",
        )
    try:
        line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return _bad_line(
            n,
            "not_utf8",
            f"line is not valid UTF-8 (byte {exc.start} is "
            f"0x{raw[exc.start]:02x}); JSONL must be UTF-8",
        )
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return _bad_line(
            n, "invalid_json", f"line is not valid JSON: {exc.msg} at column {exc.colno}"
        )
    if not isinstance(obj, dict):
        return _bad_line(n, "not_an_object", "line is JSON but not an object with 'id' and 'text'")
    if "id" not in obj or obj["id"] is None:
        obj["id"] = f"line:{n}"
    elif not isinstance(obj["id"], ID_TYPES) or isinstance(obj["id"], bool):
        return _bad_line(
            n, "bad_id", f"'id' must be a string or an integer, not {type(obj['id']).__name__}"
        )
    return Entry(id=obj["id"], where=f"line {n}", record=obj, line=n)


def read_jsonl(stream: BinaryIO, max_bytes: int | None = None) -> Iterator[Entry]:
    """Entries of a binary JSONL stream (lines split on ``\\n`` only, never on U+2028)."""
    max_line = _limit(max_bytes) * _JSON_OVERHEAD + _LINE_SLACK
    for n, raw in enumerate(stream, start=1):
        entry = parse_jsonl_line(raw, n, max_line)
        if entry is not None:
            yield entry


def _folder_files(folder: Path) -> list[Path]:
    suffixes = TEXT_SUFFIXES + HTML_SUFFIXES
    files = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        name = path.name.lower().removesuffix(".gz")
        if name.endswith(suffixes):
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def _read_capped(path: Path, limit: int) -> bytes | None:
    """The file's bytes (gunzipped), or ``None`` when they exceed ``limit``."""
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rb") as fh:
            data = fh.read(limit + 1)
    else:
        if path.stat().st_size > limit:
            return None
        data = path.read_bytes()
    return None if len(data) > limit else data


def read_folder(folder: Path, max_bytes: int | None = None) -> Iterator[Entry]:
    """Entries for each text/HTML file under ``folder``; the id is the relative path."""
    limit = _limit(max_bytes)
    for path in _folder_files(folder):
        rid = path.relative_to(folder).as_posix()
        is_html = path.name.lower().removesuffix(".gz").endswith(HTML_SUFFIXES)
        try:
            data = _read_capped(path, limit)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            err = error_record(rid, "unreadable", f"file could not be read: {exc}")
            yield Entry(id=rid, where=rid, error=err)
            continue
        if data is None:
            err = error_record(rid, "too_large", f"file is over the limit of {limit:,} bytes")
            yield Entry(id=rid, where=rid, error=err)
            continue
        record: dict[str, Any] = {"id": rid, "text": data}
        if is_html:
            record["html"] = True
        yield Entry(id=rid, where=rid, record=record)


def read_parquet(path: Path) -> Iterator[Entry]:
    """Entries from a Parquet file or a folder of Parquet files (columns id, text, lang?, html?)."""
    try:
        import pyarrow.dataset as pads
    except ImportError as exc:
        raise RuntimeError("Parquet input needs pyarrow: pip install 'mtbrief[ray]'") from exc
    dataset = pads.dataset(str(path), format="parquet")
    columns = [c for c in ("id", "text", "lang", "html") if c in dataset.schema.names]
    n = 0
    for batch in dataset.to_batches(columns=columns):
        for row in batch.to_pylist():
            n += 1
            if row.get("id") is None:
                row["id"] = f"row:{n}"
            yield Entry(id=row["id"], where=f"row {n}", record=row)


def is_parquet(path: Path) -> bool:
    if path.is_dir():
        return any(p.suffix.lower() in PARQUET_SUFFIXES for p in path.iterdir())
    return path.suffix.lower() in PARQUET_SUFFIXES


def _open_jsonl(path: Path) -> BinaryIO:
    """The JSONL file, gunzipped on the fly when its name ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


@dataclass
class Source:
    """A batch input: ``kind`` is 'jsonl', 'stdin', 'folder' or 'parquet'."""

    spec: str
    kind: str
    path: Path | None
    max_bytes: int | None = None

    def entries(self) -> Iterator[Entry]:
        if self.kind == "stdin":
            yield from read_jsonl(sys.stdin.buffer, self.max_bytes)
        elif self.kind == "folder":
            yield from read_folder(self.path, self.max_bytes)  # type: ignore[arg-type]
        elif self.kind == "parquet":
            yield from read_parquet(self.path)  # type: ignore[arg-type]
        else:
            with _open_jsonl(self.path) as fh:  # type: ignore[arg-type]
                yield from read_jsonl(fh, self.max_bytes)

    def count(self) -> int | None:
        """How many records the input holds (``None`` for stdin), for the progress bar."""
        if self.kind == "stdin":
            return None
        if self.kind == "folder":
            return len(_folder_files(self.path))  # type: ignore[arg-type]
        if self.kind == "parquet":
            import pyarrow.dataset as pads

            return pads.dataset(str(self.path), format="parquet").count_rows()
        with _open_jsonl(self.path) as fh:  # type: ignore[arg-type]
            return sum(1 for raw in fh if raw.strip())


def open_source(spec: str | Path, max_bytes: int | None = None) -> Source:
    """Pick the reader for ``spec``: ``-`` (stdin), a folder, a Parquet file, or JSONL."""
    if str(spec) == "-":
        return Source("-", "stdin", None, max_bytes)
    path = Path(spec)
    if not path.exists():
        raise FileNotFoundError(f"input not found: {spec}")
    if is_parquet(path):
        return Source(str(spec), "parquet", path, max_bytes)
    if path.is_dir():
        return Source(str(spec), "folder", path, max_bytes)
    return Source(str(spec), "jsonl", path, max_bytes)
