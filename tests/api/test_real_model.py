"""End to end with the real library and the packaged small model (SmolLM2): no fakes at all.

One app (one model load): the seed brief, then concurrent requests that must share model calls.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from mtbrief.api import create_app
from mtbrief.cleanup.document import Edit, apply_edits

from .conftest import make_settings


def _small_model_ready() -> bool:
    from mtbrief.brief.models import read_manifest

    return read_manifest("small") is not None


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not _small_model_ready(),
        reason="the small model is not prepared: run `mtbrief models prepare --model small`",
    ),
]


def test_seed_brief_and_batched_concurrent_briefs_with_the_small_model(
    tmp_path: Path, seed_text: str
) -> None:
    app = create_app(make_settings(tmp_path, model="small", request_timeout_s=600.0))
    paragraphs = [p for p in seed_text.split("\n") if len(p) > 200][:3]

    async def scenario() -> tuple[httpx.Response, list[httpx.Response], str]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://t", timeout=600
            ) as c:
                deadline = time.monotonic() + 300
                while (ready := await c.get("/readyz")).json()["status"] == "starting":
                    assert time.monotonic() < deadline, "model did not warm up"
                    await asyncio.sleep(0.2)
                assert ready.status_code == 200, ready.text
                seed = await c.post("/v1/brief", json={"text": seed_text, "max_words": 40})
                many = await asyncio.gather(
                    *(c.post("/v1/brief", json={"text": p, "max_words": 25}) for p in paragraphs)
                )
                return seed, list(many), (await c.get("/metrics")).text

    seed, many, metrics = asyncio.run(scenario())
    assert seed.status_code == 200, seed.text
    body = seed.json()
    assert body["brief"].strip()
    assert "small" in body["model"].lower() or "smol" in body["model"].lower()
    edits = [Edit(**e) for e in body["clean"]["edits"]]
    assert edits and apply_edits(seed_text, edits) == body["clean"]["text"]
    assert "Kenny" not in body["brief"]
    assert {"generate", "server_total", "queue_wait"} <= set(body["timings"])
    assert [r.status_code for r in many] == [200] * len(paragraphs)
    assert all(r.json()["brief"].strip() for r in many)
    assert max(r.json()["batch_size"] for r in many) >= 2
    assert 'mtbrief_brief_batch_size_count{source="requests"}' in metrics
