"""Property-based API fuzzing from the OpenAPI schema: no input may cause a 500.

Runs against a real uvicorn server (real cleanup library, fake briefer), with both valid
(positive) and invalid (negative) cases, a bounded number of examples per operation so the whole
run stays within seconds.  Drives schemathesis through Hypothesis directly (its pytest plugin does
not load under this pytest version)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from mtbrief.api import create_app

from .conftest import make_settings
from .fakes import FakeBriefer
from .live_server import live_server

MAX_EXAMPLES = 10


def check(case: schemathesis.Case) -> None:
    response = case.call(timeout=30)
    where = f"{case.method} {case.formatted_path}"
    assert response.status_code < 500 or response.status_code in (503, 504), (
        f"{where} -> {response.status_code}: {response.text[:300]}"
    )
    assert "Traceback" not in response.text and "/work/" not in response.text, where
    if response.status_code >= 400 and case.path.startswith("/v1"):
        assert set(response.json()) == {"error"}, where


@pytest.mark.slow
def test_no_input_causes_a_server_error(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, request_timeout_s=20.0), briefer=FakeBriefer())
    with live_server(app) as base:
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 8
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

                run()
