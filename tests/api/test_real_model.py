"""End to end with the real library and the packaged small model (SmolLM2): no fakes at all."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

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


def wait_ready(c: TestClient, timeout: float = 180.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = c.get("/readyz")
        if r.json()["status"] != "starting":
            return r.json()
        time.sleep(0.2)
    raise AssertionError("model did not warm up")


def test_seed_brief_through_the_api_with_the_small_model(tmp_path: Path, seed_text: str) -> None:
    app = create_app(make_settings(tmp_path, model="small", request_timeout_s=120.0))
    with TestClient(app) as c:
        ready = wait_ready(c)
        assert ready["status"] == "ready", ready
        r = c.post("/v1/brief", json={"text": seed_text, "max_words": 40})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["brief"].strip()
        assert "small" in body["model"].lower() or "smol" in body["model"].lower()
        edits = [Edit(**e) for e in body["clean"]["edits"]]
        assert edits and apply_edits(seed_text, edits) == body["clean"]["text"]
        assert "Kenny" not in body["brief"]
        assert body["timings"]["server_total"] > 0
        metrics = c.get("/metrics").text
        assert 'mtbrief_brief_batch_size_count{source="requests"} 1.0' in metrics


def test_concurrent_real_briefs_are_batched(tmp_path: Path, seed_text: str) -> None:
    app = create_app(make_settings(tmp_path, model="small", request_timeout_s=120.0))
    paragraphs = [p for p in seed_text.split("\n") if len(p) > 200][:4]

    async def scenario() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=180) as c:
                deadline = time.monotonic() + 180
                while (await c.get("/readyz")).status_code != 200:
                    assert time.monotonic() < deadline
                    await asyncio.sleep(0.2)
                return await asyncio.gather(
                    *(c.post("/v1/brief", json={"text": p, "max_words": 30}) for p in paragraphs)
                )

    responses = asyncio.run(scenario())
    assert [r.status_code for r in responses] == [200] * len(paragraphs)
    assert max(r.json()["batch_size"] for r in responses) >= 2
