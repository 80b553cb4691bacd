"""/healthz, /readyz (starting, ready, failed), /metrics content, and the review page headers."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from mtbrief.api import create_app

from .conftest import make_settings
from .fakes import FakeBriefer, FakeCleaner


def samples(text: str) -> dict[tuple[str, tuple], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_healthz_and_readyz_after_warmup(client: TestClient, fake_briefer: FakeBriefer) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    deadline = time.monotonic() + 5
    while client.get("/readyz").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.02)
    body = client.get("/readyz").json()
    assert body["status"] == "ready" and body["model"] == "fake-briefer"
    assert fake_briefer.warmed


def test_readyz_is_503_until_the_test_generation_passes(tmp_path: Path) -> None:
    gate = threading.Event()

    class Slow(FakeBriefer):
        def warmup(self) -> None:
            gate.wait(5)
            super().warmup()

    app = create_app(make_settings(tmp_path), cleaner=FakeCleaner(), briefer=Slow())
    with TestClient(app) as c:
        r = c.get("/readyz")
        assert r.status_code == 503 and r.json()["status"] == "starting"
        assert c.get("/healthz").status_code == 200
        gate.set()
        deadline = time.monotonic() + 5
        while c.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline


def test_readyz_reports_a_failed_warmup_without_details(tmp_path: Path) -> None:
    class Broken(FakeBriefer):
        def warmup(self) -> None:
            raise OSError("weights missing at /secret/models/qwen")

    app = create_app(make_settings(tmp_path), cleaner=FakeCleaner(), briefer=Broken())
    with TestClient(app) as c:
        deadline = time.monotonic() + 5
        while c.get("/readyz").json()["status"] == "starting":
            assert time.monotonic() < deadline
        r = c.get("/readyz")
    assert r.status_code == 503 and r.json()["status"] == "failed"
    assert "/secret" not in r.text


def test_shutdown_during_the_warmup_is_not_reported_as_a_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The app stops while the warm-up still loads the cleaner: the generation pool is shut by
    then, and the warm-up gives up quietly instead of logging a failed model."""
    started, release = threading.Event(), threading.Event()

    class SlowToLoad(FakeCleaner):
        def warmup(self) -> None:
            started.set()
            release.wait(5)
            super().warmup()

    briefer = FakeBriefer()
    app = create_app(make_settings(tmp_path), cleaner=SlowToLoad(), briefer=briefer)
    runtime = app.state.runtime
    with caplog.at_level(logging.INFO, logger="mtbrief.api"):
        with TestClient(app):
            assert started.wait(5)
        release.set()  # the app has stopped: its pools refuse new work
        assert runtime.warmup_thread is not None
        runtime.warmup_thread.join(5)
    assert not runtime.warmup_thread.is_alive()
    assert not briefer.warmed
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "warm-up abandoned: the app is shutting down" in caplog.messages
    assert runtime.readiness.state == "starting"


def test_metrics_cover_routes_queues_generation_and_jobs(client: TestClient) -> None:
    client.post("/v1/clean", json={"text": "One andTwo."})
    client.post("/v1/brief", json={"text": "One andTwo three. Four."})
    client.post("/v1/clean", content=b"x", headers={"content-type": "text/plain"})
    job = client.post("/v1/jobs", json={"documents": [{"text": "a b"}]}).json()
    client.get(f"/v1/jobs/{job['id']}")
    time.sleep(0.3)
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    m = samples(r.text)
    assert (
        m[
            (
                "mtbrief_http_requests_total",
                (("method", "POST"), ("route", "/v1/clean"), ("status", "200")),
            )
        ]
        == 1
    )
    assert (
        m[
            (
                "mtbrief_http_requests_total",
                (("method", "POST"), ("route", "/v1/clean"), ("status", "415")),
            )
        ]
        == 1
    )
    # job ids are folded into the route template
    assert (
        "mtbrief_http_requests_total",
        (("method", "GET"), ("route", "/v1/jobs/{job_id}"), ("status", "200")),
    ) in m
    assert (
        m[
            (
                "mtbrief_http_request_duration_seconds_count",
                (("method", "POST"), ("route", "/v1/brief")),
            )
        ]
        == 1
    )
    assert ("mtbrief_queue_depth", (("queue", "brief"),)) in m
    assert m[("mtbrief_brief_batch_size_count", (("source", "requests"),))] == 1
    assert m[("mtbrief_generation_tokens_per_second", ())] > 0
    assert m[("mtbrief_jobs", (("status", "completed"),))] == 1
    assert m[("mtbrief_job_documents_pending", ())] == 0
    assert (
        m[("mtbrief_job_documents_processed_total", (("outcome", "ok"), ("stage", "clean")))] == 1
    )


def test_review_page_is_served_with_a_strict_policy(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "<textarea" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    js = client.get("/static/review.js")
    assert js.status_code == 200
    for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js.text
    assert client.get("/static/review.css").status_code == 200
    assert client.get("/static/../app.py").status_code == 404


def test_openapi_describes_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/v1/clean",
        "/v1/brief",
        "/v1/jobs",
        "/v1/jobs/{job_id}",
        "/v1/jobs/{job_id}/results",
        "/healthz",
        "/readyz",
        "/metrics",
    } <= set(spec["paths"])
    job_body = spec["paths"]["/v1/jobs"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/x-ndjson", "multipart/form-data"} <= set(job_body)
    assert "JobCreate" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200
