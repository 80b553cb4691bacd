"""run(): input order, bad records, duplicates, resume, folders, stdin/stdout, worker processes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from batch_testdata import REPO, corpus, read_output, write_jsonl
from hypothesis import given, settings
from hypothesis import strategies as st

import mtbrief.batch.local as local
from mtbrief.batch import StageOptions, StageUnavailableError, process_record, run

MIXED = [
    {"id": "n1", "text": "The mayor opened the new library on Friday morning."},
    {"id": "missing"},
    {"id": "n2", "text": "Officials said the talks inIraq would resume next week."},
    {"id": "number", "text": 12345},
    b"{this is not json\n",
    b"\x89PNG\r\n\x1a\x00\x00\rIHDR\xff\xd8\n",  # binary junk: two lines
    {"id": "huge", "text": "word " * 400},
    {"id": "n1", "text": "A different text under a repeated id."},
    {"text": "A record without an id is still processed."},
    {"id": "n3", "text": "Правительство объявило о новых мерах поддержки."},
]


def _run(inp, out, **kw):
    kw.setdefault("progress", False)
    return run(inp, out, **kw)


def test_output_is_in_input_order_and_equals_process_record(tmp_path):
    records = corpus(30)
    inp = write_jsonl(tmp_path / "in.jsonl", records)
    stats = _run(inp, tmp_path / "out.jsonl", batch_size=4)
    out = read_output(tmp_path / "out.jsonl")
    assert [o["id"] for o in out] == [r["id"] for r in records]
    assert out == [process_record(r) for r in records]
    assert (stats.total, stats.written, stats.errors, stats.skipped) == (30, 30, 0, 0)
    assert any(o["edits"] for o in out)  # the seed paragraphs do get repaired


def test_bad_records_are_written_with_errors_and_the_run_continues(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", MIXED)
    stats = _run(
        inp,
        tmp_path / "out.jsonl",
        errors_path=tmp_path / "err.jsonl",
        max_bytes=1000,
        batch_size=3,
    )
    out = read_output(tmp_path / "out.jsonl")
    assert [(o["id"], o.get("code")) for o in out] == [
        ("n1", None),
        ("missing", "missing_text"),
        ("n2", None),
        ("number", "not_text"),
        ("line:5", "invalid_json"),
        ("line:6", "not_utf8"),
        ("line:7", "not_utf8"),
        ("huge", "too_large"),
        ("n1", "duplicate_id"),
        ("line:10", None),
        ("n3", None),
    ]
    assert "line 1" in out[8]["error"]  # the duplicate names where the first one is
    assert out[2]["text"].startswith("Officials said the talks in Iraq")
    errors = read_output(tmp_path / "err.jsonl")
    assert [(e["id"], e["line"], e["code"]) for e in errors] == [
        ("missing", 2, "missing_text"),
        ("number", 4, "not_text"),
        ("line:5", 5, "invalid_json"),
        ("line:6", 6, "not_utf8"),
        ("line:7", 7, "not_utf8"),
        ("huge", 8, "too_large"),
        ("n1", 9, "duplicate_id"),
    ]
    assert all(e["error"] for e in errors)
    assert (stats.written, stats.errors, stats.duplicates) == (11, 7, 1)


def test_rerun_skips_everything_already_written(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", MIXED)
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    _run(inp, out, errors_path=err, max_bytes=1000)
    before, errors_before = out.read_bytes(), err.read_bytes()
    stats = _run(inp, out, errors_path=err, max_bytes=1000)
    assert (stats.written, stats.skipped) == (0, 11)
    assert out.read_bytes() == before and err.read_bytes() == errors_before


@pytest.mark.parametrize("done_lines", [0, 1, 7, 9])
def test_resume_from_a_partial_output_with_a_torn_line_is_identical(tmp_path, done_lines):
    inp = write_jsonl(tmp_path / "in.jsonl", MIXED + corpus(5))
    full = tmp_path / "full.jsonl"
    _run(inp, full, max_bytes=1000, batch_size=2)
    lines = full.read_bytes().split(b"\n")[:-1]
    partial = tmp_path / "partial.jsonl"
    torn = lines[done_lines][: len(lines[done_lines]) // 2]
    partial.write_bytes(b"".join(line + b"\n" for line in lines[:done_lines]) + torn)
    stats = _run(inp, partial, max_bytes=1000, batch_size=2)
    assert partial.read_bytes() == full.read_bytes()
    assert stats.skipped == done_lines and stats.written == len(lines) - done_lines
    assert stats.repaired_bytes == len(torn)


def test_ctrl_c_leaves_a_valid_prefix_and_the_rerun_completes_it(tmp_path, monkeypatch):
    records = corpus(20)
    inp = write_jsonl(tmp_path / "in.jsonl", records)
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    _run(inp, full, batch_size=3)
    real, calls = local.process_records, []

    def interrupted_after_two_chunks(recs, stage, options):
        calls.append(len(recs))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(recs, stage, options)

    monkeypatch.setattr(local, "process_records", interrupted_after_two_chunks)
    with pytest.raises(KeyboardInterrupt):
        _run(inp, out, batch_size=3)
    assert [o["id"] for o in read_output(out)] == [r["id"] for r in records[:6]]
    monkeypatch.setattr(local, "process_records", real)
    stats = _run(inp, out, batch_size=3)
    assert stats.skipped == 6 and out.read_bytes() == full.read_bytes()


def test_folder_input(tmp_path):
    folder = tmp_path / "articles"
    (folder / "world").mkdir(parents=True)
    (folder / "a.txt").write_text("The talks inIraq resumed on Monday.", encoding="utf-8")
    (folder / "world" / "b.txt").write_text("Prices rose in March.", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Le caf\xe9 est ferm\xe9.".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "page.html").write_bytes(
        b"<html><body><article><p>The vote was held on Sunday in <a href='/x'>Paris</a>and the "
        b"count began at once, officials said.</p></article></body></html>"
    )
    _run(folder, tmp_path / "out.jsonl")
    out = {o["id"]: o for o in read_output(tmp_path / "out.jsonl")}
    assert list(out) == ["a.txt", "empty.txt", "latin1.txt", "page.html", "world/b.txt"]
    assert "<" not in out["page.html"]["text"] and "in Paris and" in out["page.html"]["text"]
    assert out["a.txt"]["text"] == "The talks in Iraq resumed on Monday."
    assert out["latin1.txt"]["code"] == "not_utf8" and out["empty.txt"]["code"] == "empty_input"
    assert out["world/b.txt"]["text"] == "Prices rose in March."


def test_stdin_to_stdout_through_the_command(tmp_path):
    records = [*corpus(5), {"id": "bad", "text": None}]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    proc = subprocess.run(
        [sys.executable, "-m", "mtbrief.batch", "-", "-", "--workers", "1"],
        input=data,
        capture_output=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert out == [process_record(r) for r in records]
    assert b"1 with errors" in proc.stderr


def test_two_worker_processes_give_the_same_output_as_one(tmp_path):
    records = [
        *corpus(40, langs=False),
        {"id": "bad", "text": 1},
        {"id": "doc-0001", "text": "dup"},
    ]
    inp = write_jsonl(tmp_path / "in.jsonl", records)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    _run(inp, one, workers=1, batch_size=4)
    stats = _run(inp, two, workers=2, batch_size=4)
    assert stats.workers == 2 and two.read_bytes() == one.read_bytes()


def test_a_stage_that_cannot_run_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "mtbrief.brief", None)
    inp = write_jsonl(tmp_path / "in.jsonl", corpus(3))
    with pytest.raises(StageUnavailableError):
        _run(inp, tmp_path / "out.jsonl", stage="brief")
    assert not (tmp_path / "out.jsonl").exists() or (tmp_path / "out.jsonl").read_bytes() == b""


def test_options_reach_every_record(tmp_path):
    inp = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": 1, "text": "Bonjour tout le monde."}, {"id": 2, "text": "Hallo.", "lang": "de"}],
    )
    _run(inp, tmp_path / "out.jsonl", lang="fr")
    out = read_output(tmp_path / "out.jsonl")
    assert [o["lang"] for o in out] == ["fr", "de"]
    assert out[0] == process_record(
        {"id": 1, "text": "Bonjour tout le monde."}, options=StageOptions(lang="fr")
    )


def test_output_onto_the_input_is_refused(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", corpus(2))
    before = inp.read_bytes()
    with pytest.raises(ValueError, match="must not be the input"):
        _run(inp, tmp_path / "." / "in.jsonl")
    assert inp.read_bytes() == before


def test_progress_bar_shows_documents_rate_and_eta(tmp_path, capsys):
    inp = write_jsonl(tmp_path / "in.jsonl", corpus(6, langs=False))
    run(inp, tmp_path / "out.jsonl", progress=True, batch_size=2)
    err = capsys.readouterr().err
    assert "6/6" in err and "docs/s" in err and "ETA" in err


_CUT_CASE: dict = {}


def _cut_case(tmp_path_factory):
    """Input and uninterrupted output for the cut-anywhere property (built once per session)."""
    if not _CUT_CASE:
        folder = tmp_path_factory.mktemp("cut-case")
        inp = write_jsonl(folder / "in.jsonl", MIXED + corpus(6, langs=False))
        full = folder / "full.jsonl"
        _run(inp, full, max_bytes=1000, batch_size=3)
        _CUT_CASE.update(inp=inp, full=full.read_bytes())
    return _CUT_CASE["inp"], _CUT_CASE["full"]


@settings(max_examples=25, deadline=None)
@given(fraction=st.floats(0, 1))
def test_a_crash_at_any_byte_resumes_to_the_uninterrupted_output(tmp_path_factory, fraction):
    inp, full = _cut_case(tmp_path_factory)
    out = tmp_path_factory.mktemp("cut") / "out.jsonl"
    out.write_bytes(full[: int(len(full) * fraction)])  # whatever a crash left on disk
    _run(inp, out, max_bytes=1000, batch_size=3)
    assert out.read_bytes() == full
