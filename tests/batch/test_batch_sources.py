"""Readers: JSONL, stdin, folders of .txt/.html(.gz), Parquet; unreadable input is reported."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from mtbrief.batch.sources import open_source, read_folder, read_jsonl


def _entries(data: bytes, max_bytes=None):
    return list(read_jsonl(io.BytesIO(data), max_bytes))


def test_jsonl_lines_split_only_on_newline_and_keep_line_numbers():
    data = (
        b'\xef\xbb\xbf{"id": "a", "text": "first\\u2028still first"}\r\n'
        b"\n   \n"
        + json.dumps(
            {"id": "b", "text": "para\u2029graph \u0085 next"}, ensure_ascii=False
        ).encode()
        + b"\n"
        + b'{"text": "no id"}'  # last line without newline
    )
    entries = _entries(data)
    assert [(e.id, e.line) for e in entries] == [("a", 1), ("b", 4), ("line:5", 5)]
    assert entries[0].record["text"] == "first\u2028still first"
    assert entries[1].record["text"] == "para\u2029graph \u0085 next"
    assert all(e.error is None for e in entries)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (b"{not json\n", "invalid_json"),
        (b"\x89PNG\r\n", "not_utf8"),
        (b"\x00\x01\x02\xff\xfe\n", "not_utf8"),
        (b"[1, 2, 3]\n", "not_an_object"),
        (b'"just text"\n', "not_an_object"),
        (b'{"id": [1], "text": "x"}\n', "bad_id"),
        (b'{"id": true, "text": "x"}\n', "bad_id"),
        (b'{"id": 1.5, "text": "x"}\n', "bad_id"),
    ],
)
def test_unreadable_lines_become_error_entries(line, code):
    (entry,) = _entries(b'{"id": "ok", "text": "fine"}\n' + line)[1:]
    assert entry.record is None and entry.line == 2
    assert entry.error["code"] == code and entry.error["id"] == "line:2"


def test_integer_ids_are_kept_as_integers():
    (entry,) = _entries(b'{"id": 7, "text": "x"}\n')
    assert entry.id == 7 and entry.record["id"] == 7


def test_a_line_far_over_the_limit_is_refused_without_parsing():
    big = json.dumps({"id": "big", "text": "x" * 100_000}).encode() + b"\n"
    (entry,) = _entries(big, max_bytes=100)
    assert entry.error["code"] == "too_large"


def test_folder_reads_text_and_html_files_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second story.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First story.", encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>Third <a href='#'>story</a></p>", encoding="utf-8")
    with gzip.open(tmp_path / "d.html.gz", "wb") as fh:
        fh.write(b"<p>Fourth</p>")
    (tmp_path / ".hidden.txt").write_text("skip me", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    entries = list(read_folder(tmp_path))
    assert [e.id for e in entries] == ["a.txt", "b/two.txt", "c.html", "d.html.gz", "latin1.txt"]
    assert entries[0].record == {"id": "a.txt", "text": b"First story."}
    assert entries[2].record["html"] is True and entries[3].record["text"] == b"<p>Fourth</p>"
    assert entries[4].record["text"] == b"caf\xe9"  # decoding (and its error) is the stage's job


def test_folder_file_over_the_limit_is_not_read(tmp_path):
    (tmp_path / "huge.txt").write_bytes(b"a" * 2000)
    with gzip.open(tmp_path / "bomb.txt.gz", "wb") as fh:
        fh.write(b"b" * 100_000)
    entries = {e.id: e for e in read_folder(tmp_path, max_bytes=1000)}
    assert entries["huge.txt"].error["code"] == "too_large"
    assert entries["bomb.txt.gz"].error["code"] == "too_large"


def test_corrupt_gzip_is_reported(tmp_path):
    (tmp_path / "bad.txt.gz").write_bytes(b"this is not gzip")
    (entry,) = read_folder(tmp_path)
    assert entry.error["code"] == "unreadable"


def test_open_source_picks_the_reader(tmp_path):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"id": 1, "text": "a"}\n\n{"id": 2, "text": "b"}\n', encoding="utf-8")
    assert open_source(jsonl).kind == "jsonl" and open_source(jsonl).count() == 2
    assert open_source(tmp_path).kind == "folder"
    assert open_source("-").kind == "stdin" and open_source("-").count() is None
    with pytest.raises(FileNotFoundError):
        open_source(tmp_path / "missing.jsonl")


def test_parquet_input(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (mtbrief[ray])")
    import pyarrow.parquet as pq

    table = pa.table({"id": ["x", "y"], "text": ["One.", "Two."], "lang": ["en", None]})
    pq.write_table(table, tmp_path / "in.parquet")
    src = open_source(tmp_path / "in.parquet")
    assert src.kind == "parquet" and src.count() == 2
    assert [e.record for e in src.entries()] == [
        {"id": "x", "text": "One.", "lang": "en"},
        {"id": "y", "text": "Two.", "lang": None},
    ]


def test_gzipped_jsonl_is_read(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n')
    src = open_source(path)
    assert src.kind == "jsonl" and src.count() == 2
    assert [e.record["text"] for e in src.entries()] == ["a", "b"]
