"""The Ray engine on a local Ray instance gives the same output as the local engine.

Reading and writing (JSONL, Parquet, resume) happen in the driver with the same code for every
engine (tests in test_batch_parquet.py), so one Ray execution here covers what is Ray's own:
records through the actor pool and back in input order, bad records included.
"""

from __future__ import annotations

import pytest
from batch_testdata import corpus, read_output, write_jsonl

from mtbrief.batch import StageOptions, run

pytestmark = pytest.mark.ray


def test_ray_engine_output_equals_local_engine_output(tmp_path):
    pytest.importorskip("ray.data", reason="ray is not installed (pip install 'mtbrief[ray]')")
    from mtbrief.batch.ray_engine import RayEngine

    records = [
        *corpus(30, langs=False),
        {"id": "bad", "text": 3},
        {"id": "doc-0002", "text": "a repeated id"},
        {"id": "big", "text": "word " * 300},
    ]
    inp = write_jsonl(tmp_path / "in.jsonl", [*records, b"{not json\n"])
    local, ray_out = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run(inp, local, batch_size=4, max_bytes=1000, progress=False)
    # Start from a partial output: the Ray engine must resume it exactly like the local engine.
    head = local.read_bytes().split(b"\n")[:5]
    ray_out.write_bytes(b"".join(line + b"\n" for line in head))
    options = StageOptions(max_bytes=1000)
    with RayEngine("clean", options, workers=2, batch_size=4) as engine:
        stats = run(
            inp, ray_out, engine=engine, progress=False, errors_path=tmp_path / "ray-errors.jsonl"
        )
        assert stats.engine == "ray" and stats.skipped == 5
        assert ray_out.read_bytes() == local.read_bytes()
        errors = read_output(tmp_path / "ray-errors.jsonl")
        assert [e["code"] for e in errors] == [
            "not_text",
            "duplicate_id",
            "too_large",
            "invalid_json",
        ]
