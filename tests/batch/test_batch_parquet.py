"""Parquet output: atomic part files in input order, resumable, same records as JSONL output."""

from __future__ import annotations

import pytest
from batch_testdata import corpus, read_output, write_jsonl

from mtbrief.batch import run

pa = pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (pip install 'mtbrief[ray]')")
import pyarrow.parquet as pq  # noqa: E402

from mtbrief.batch.parquet_output import ParquetOutput  # noqa: E402


def _rows(folder):
    return pq.read_table(folder).to_pylist()


def _as_jsonl_records(rows):
    """Parquet rows back to the JSONL record shape (absent fields are nulls in Parquet)."""
    out = []
    for row in rows:
        if row["error"] is not None:
            out.append({"id": row["id"], "error": row["error"], "code": row["code"]})
        else:
            out.append(
                {"id": row["id"], "text": row["text"], "lang": row["lang"], "edits": row["edits"]}
            )
    return out


RECORDS = [
    *corpus(23, langs=False),
    {"id": 7, "text": "An integer id."},
    {"id": "bad", "text": ["x"]},
    {"id": "doc-0001", "text": "repeat"},
]


def _normalise_ids(records):
    return [{**r, "id": str(r["id"])} for r in records]


def test_parquet_output_holds_the_same_records_as_jsonl(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    run(inp, tmp_path / "out.jsonl", progress=False)
    stats = run(inp, tmp_path / "out.parquet", progress=False)
    assert stats.written == len(RECORDS)
    rows = _rows(tmp_path / "out.parquet")
    assert _as_jsonl_records(rows) == _normalise_ids(read_output(tmp_path / "out.jsonl"))


def test_parquet_resume_after_a_crash_mid_part(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    full = tmp_path / "full.parquet"
    run(inp, full, progress=False)
    out = tmp_path / "out.parquet"
    writer = ParquetOutput(out, rows_per_part=5)
    writer.write([{"id": r["id"], "text": "x", "lang": "en", "edits": []} for r in RECORDS[:12]])
    # A crash now: parts 0 and 1 (10 rows) are complete, 2 rows sit in the buffer, and a
    # half-written part is left behind under its temporary name.
    (out / "part-000002.parquet.tmp").write_bytes(b"PAR1 half a file")
    stats = run(inp, out, progress=False)
    assert stats.skipped == 10 and stats.written == len(RECORDS) - 10
    assert stats.repaired_bytes > 0 and not list(out.glob("*.tmp"))
    rows = _rows(out)
    assert [r["id"] for r in rows] == [str(r["id"]) for r in RECORDS]
    assert rows[10:] == _rows(full)[10:]


def test_a_folder_of_other_parquet_files_is_not_resumed_into(tmp_path):
    out = tmp_path / "out.parquet"
    out.mkdir()
    (out / "part-000000.parquet").write_bytes(b"not parquet at all")
    inp = write_jsonl(tmp_path / "in.jsonl", corpus(2))
    with pytest.raises(Exception, match="not a readable mtbrief part file"):
        run(inp, out, progress=False)
