"""The brief stage end to end with the real small model (slow; skipped when it is not prepared)."""

from __future__ import annotations

import pytest
from batch_testdata import read_output, seed_text, write_jsonl

from mtbrief.batch import StageOptions, process_record, run
from mtbrief.errors import ModelUnavailableError

pytestmark = pytest.mark.slow


def test_brief_stage_batches_and_matches_the_single_document_path(tmp_path):
    paragraphs = [p for p in seed_text().split("\n") if len(p) > 200][:2]
    records = [{"id": f"p{i}", "text": p, "lang": "en"} for i, p in enumerate(paragraphs)]
    records.append({"id": "bad", "text": ""})
    options = {"model": "small", "max_words": 30}
    try:
        single = process_record(records[0], "brief", StageOptions(brief_options=options))
    except ModelUnavailableError as exc:
        pytest.skip(f"small model not prepared (mtbrief models prepare small): {exc}")
    inp = write_jsonl(tmp_path / "in.jsonl", records)
    stats = run(
        inp,
        tmp_path / "out.jsonl",
        stage="brief",
        batch_size=4,
        generation_batch=2,
        progress=False,
        **options,
    )
    out = read_output(tmp_path / "out.jsonl")
    assert stats.written == 3 and [o["id"] for o in out] == ["p0", "p1", "bad"]
    assert out[2]["code"] == "empty_input"
    for o in out[:2]:
        assert o["brief"] and o["model"] and isinstance(o["guard"]["supported"], bool)
        assert o["lang"] == "en" and "timings" not in o
    # Generated as one batch of two, the brief is what the single-document path gives.
    assert out[0] == single
