"""Property-based API fuzzing from the OpenAPI schema: no input may cause a 500.

Runs against a real uvicorn server (real cleanup library, fake briefer), with both valid
(positive) and invalid (negative) cases, a bounded number of examples per operation so the whole
run stays within seconds.  Drives schemathesis through Hypothesis directly (its pytest plugin does
not load under this pytest version)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from mtbrief.api import create_app

from .conftest import make_settings
from .fakes import FakeBriefer
from .live_server import live_server

MAX_EXAMPLES = 20


def check(case: schemathesis.Case) -> None:
    where = f"{case.method} {case.formatted_path}"
    try:
        response = case.call(timeout=30)
    except requests.exceptions.ConnectionError:
        # uvicorn (h11) drops a connection whose request line and headers exceed its 16 KiB
        # buffer before the app sees it; anything smaller must get an HTTP answer.
        request = case.as_transport_kwargs(base_url="http://127.0.0.1")
        size = len(str(request.get("url", ""))) + len(str(request.get("headers", "")))
        size += len(urlencode(request.get("params") or {}, doseq=True))
        assert size > 16_000, f"{where}: connection dropped for a {size}-byte request head"
        return
    assert response.status_code < 500 or response.status_code in (503, 504), (
        f"{where} -> {response.status_code}: {response.text[:300]}"
    )
    assert "Traceback" not in response.text and "/work/" not in response.text, where
    # uvicorn itself answers requests that are not valid HTTP (control characters in headers,
    # which negative cases generate) with a plain-text 400 before the app sees them.
    content_type = response.headers.get("content-type") or [""]
    is_json = str(content_type[0] if isinstance(content_type, list) else content_type).startswith(
        "application/json"
    )
    if response.status_code >= 400 and case.path.startswith("/v1") and is_json:
        assert set(response.json()) == {"error"}, where


@pytest.mark.slow
def test_no_input_causes_a_server_error(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, request_timeout_s=20.0), briefer=FakeBriefer())
    with live_server(app) as base:
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 8
        timings: dict[str, float] = {}
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @settings(
                    max_examples=MAX_EXAMPLES,
                    deadline=None,
                    derandomize=True,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )
                @given(case=operation.as_strategy(generation_mode=mode))
                def run(case: schemathesis.Case) -> None:
                    check(case)

                started = time.perf_counter()
                try:
                    run()
                except Unsatisfiable:  # nothing to break in an operation without inputs
                    assert mode is GenerationMode.NEGATIVE
                timings[f"{operation.label} {mode.value}"] = time.perf_counter() - started
        print({k: round(v, 1) for k, v in timings.items()})
