"""POST /v1/clean and POST /v1/brief: results, options, micro-batching and every error status."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from mtbrief.api import create_app
from mtbrief.api.deps import get_briefer
from mtbrief.cleanup.document import apply_edits
from mtbrief.errors import ModelUnavailableError

from .conftest import make_settings
from .fakes import FakeBriefer, FakeCleaner

# Tests with the real cleanup library measure correctness, not latency: a cold first request
# loads the dictionaries and the language-model check (about 8 s on 2 idle cores, and CI once
# took over 10 s), so they do not run under the fakes' 10-second request timeout.
REAL_LIBRARY_TIMEOUT_S = 300.0
GLUED = "Forces were attacked in Syria andIraq during August. The base was hit twice."


def test_clean_returns_text_language_and_replayable_edits(client: TestClient) -> None:
    r = client.post("/v1/clean", json={"text": GLUED, "lang": "en"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["text"].startswith("Forces were attacked in Syria and Iraq during")
    assert body["lang"] == "en"
    assert [(e["before"], e["after"]) for e in body["edits"]] == [("", " ")]
    assert apply_edits(GLUED, _edits(body["edits"])) == body["text"]
    assert body["timings"]["clean"] >= 0


def test_clean_passes_glossary_as_a_mapping(client: TestClient) -> None:
    r = client.post(
        "/v1/clean",
        json={"text": "The rock cliff base.", "glossary": {"rock cliff": "Jurf al-Sakhar"}},
    )
    assert r.status_code == 200
    assert r.json()["text"] == "The Jurf al-Sakhar base."


def test_clean_with_the_real_library(tmp_path: Path, seed_text: str) -> None:
    """No fake: the route calls mtbrief.clean and its edits replay onto the input."""
    app = create_app(
        make_settings(tmp_path, request_timeout_s=REAL_LIBRARY_TIMEOUT_S), briefer=FakeBriefer()
    )
    with TestClient(app) as c:
        r = c.post("/v1/clean", json={"text": seed_text})
    assert r.status_code == 200
    body = r.json()
    assert body["lang"] == "en"
    assert apply_edits(seed_text, _edits(body["edits"])) == body["text"]


def test_brief_returns_clean_brief_guard_model_and_timings(
    client: TestClient, fake_briefer: FakeBriefer
) -> None:
    r = client.post("/v1/brief", json={"text": GLUED, "max_words": 6, "target_lang": "fr"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["brief"] == "Forces were attacked in Syria and"
    assert body["clean"]["text"].startswith("Forces were attacked in Syria and Iraq")
    assert len(body["clean"]["edits"]) == 1
    assert body["guard"]["supported"] is True
    assert body["model"] == "fake-briefer"
    assert body["lang"] == "fr"
    assert {"queue_wait", "batch_generation", "server_total", "generate"} <= set(body["timings"])
    assert fake_briefer.options[-1] == {
        "html": False,
        "max_words": 6,
        "target_lang": "fr",
        "return_edits": True,
    }


def test_brief_without_edits(client: TestClient) -> None:
    r = client.post("/v1/brief", json={"text": GLUED, "return_edits": False})
    assert r.status_code == 200
    assert r.json()["clean"]["edits"] == []


def test_briefer_can_be_swapped_with_a_dependency_override(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path), cleaner=FakeCleaner(), briefer=FakeBriefer())
    other = FakeBriefer(invent="Kenny")
    other.name = "override"
    app.dependency_overrides[get_briefer] = lambda: other
    with TestClient(app) as c:
        body = c.post("/v1/brief", json={"text": GLUED}).json()
    assert body["model"] == "override"
    assert body["guard"]["supported"] is False
    assert body["guard"]["unsupported"][0]["text"] == "Kenny"
    assert other.batches == [1]


def test_concurrent_briefs_share_one_model_call(tmp_path: Path) -> None:
    """Eight requests arriving while the model is busy are served by few brief_many calls."""
    briefer = FakeBriefer(FakeCleaner(), delay_s=0.3)
    app = create_app(
        make_settings(tmp_path, brief_max_batch=8), cleaner=FakeCleaner(), briefer=briefer
    )

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                await asyncio.sleep(0.4)  # let the warm-up call finish
                texts = [f"Article number {i} andMore. Second." for i in range(8)]
                return await asyncio.gather(*(c.post("/v1/brief", json={"text": t}) for t in texts))

    responses = asyncio.run(scenario())
    assert [r.status_code for r in responses] == [200] * 8
    # each answer belongs to its own request, in spite of the batching
    assert [r.json()["brief"] for r in responses] == [
        f"Article number {i} and More." for i in range(8)
    ]
    calls = briefer.batches[1:]  # [0] is the warm-up
    assert sum(calls) == 8 and len(calls) <= 2 and max(calls) >= 4
    assert max(r.json()["batch_size"] for r in responses) == max(calls)


def test_requests_with_different_options_are_not_batched_together(tmp_path: Path) -> None:
    briefer = FakeBriefer(FakeCleaner(), delay_s=0.2)
    app = create_app(make_settings(tmp_path), cleaner=FakeCleaner(), briefer=briefer)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                await asyncio.sleep(0.3)
                payloads = [{"text": f"Doc {i}. Two.", "max_words": 5 + i % 2} for i in range(4)]
                return await asyncio.gather(*(c.post("/v1/brief", json=p) for p in payloads))

    responses = asyncio.run(scenario())
    assert all(r.status_code == 200 for r in responses)
    for batch_options in briefer.options[1:]:
        assert batch_options["max_words"] in (5, 6)
    assert sum(briefer.batches[1:]) == 4 and len(briefer.batches[1:]) >= 2


def test_one_failing_document_does_not_fail_its_batch(tmp_path: Path) -> None:
    briefer = FakeBriefer(FakeCleaner(), delay_s=0.2, fail_on="POISON")
    app = create_app(make_settings(tmp_path), cleaner=FakeCleaner(), briefer=briefer)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                await asyncio.sleep(0.3)
                texts = ["Good one. x", "POISON here. y", "Good two. z"]
                return await asyncio.gather(*(c.post("/v1/brief", json={"text": t}) for t in texts))

    good1, bad, good2 = asyncio.run(scenario())
    assert (good1.status_code, good2.status_code) == (200, 200)
    assert bad.status_code == 500
    assert bad.json()["error"]["code"] == "internal"
    assert "POISON" not in bad.text and "Traceback" not in bad.text


def test_full_queue_answers_503_with_retry_after(tmp_path: Path) -> None:
    briefer = FakeBriefer(FakeCleaner(), delay_s=0.5)
    settings = make_settings(tmp_path, queue_size=2, brief_max_batch=1, retry_after_s=7)
    app = create_app(settings, cleaner=FakeCleaner(), briefer=briefer)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                await asyncio.sleep(0.6)
                return await asyncio.gather(
                    *(c.post("/v1/brief", json={"text": f"T {i}. U."}) for i in range(5))
                )

    responses = asyncio.run(scenario())
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 200, 503, 503, 503]
    busy = next(r for r in responses if r.status_code == 503)
    assert busy.headers["retry-after"] == "7"
    assert busy.json()["error"]["code"] == "overloaded"


def test_slow_request_times_out_with_504(tmp_path: Path) -> None:
    briefer = FakeBriefer(FakeCleaner(), delay_s=0.0)
    app = create_app(
        make_settings(tmp_path, request_timeout_s=0.2),
        cleaner=FakeCleaner(delay_s=1.0),
        briefer=briefer,
    )
    with TestClient(app) as c:
        r = c.post("/v1/clean", json={"text": "slow text here"})
    assert r.status_code == 504
    assert r.json()["error"]["code"] == "timeout"


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"hello", "text/plain"),
        (b"<p>x</p>", "text/html"),
        (b"text=x", "application/x-www-form-urlencoded"),
        (b'{"text": "x"}', None),
    ],
)
def test_wrong_content_type_is_415(
    client: TestClient, content: bytes, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    for path in ("/v1/clean", "/v1/brief"):
        r = client.post(path, content=content, headers=headers)
        assert r.status_code == 415, (path, r.text)
        assert "application/json" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b'{"text": ', "not valid JSON"),
        (b"\xff\xfe{", "not valid JSON"),
        (b"[1, 2]", "body"),
        (b"{}", "text"),
        (b'{"text": 5}', "text"),
        (b'{"text": "x", "colour": "red"}', "colour"),
        (b'{"text": "x", "lang": "english"}', "lang"),
        (b'{"text": "\\ud800 lone surrogate"}', "surrogate"),
    ],
)
def test_malformed_or_invalid_json_is_422_with_a_clear_message(
    client: TestClient, body: bytes, needle: str
) -> None:
    r = client.post("/v1/clean", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == "invalid_request"
    assert needle in err["message"] + str(err.get("details"))


@pytest.mark.parametrize("text", ["", "   \n\t ", "nul\x00byte"])
def test_empty_or_binary_text_is_422(client: TestClient, text: str) -> None:
    for path in ("/v1/clean", "/v1/brief"):
        r = client.post(path, json={"text": text})
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] in ("empty_input", "not_utf8")


def test_brief_option_bounds_are_checked(client: TestClient) -> None:
    assert client.post("/v1/brief", json={"text": "x y", "max_words": 0}).status_code == 422
    assert client.post("/v1/brief", json={"text": "x y", "max_sentences": 99}).status_code == 422
    assert client.post("/v1/brief", json={"text": "x y", "glossary": {"a": 5}}).status_code == 422
    assert client.post("/v1/brief", json={"text": "x y", "model": "/etc/passwd"}).status_code == 422


def test_request_over_the_size_limit_is_413(tmp_path: Path) -> None:
    app = create_app(
        make_settings(tmp_path, max_request_bytes=1000, max_input_bytes=500),
        cleaner=FakeCleaner(),
        briefer=FakeBriefer(),
    )
    with TestClient(app) as c:
        big = c.post("/v1/clean", json={"text": "x" * 5000})
        assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"

        def chunks():  # no Content-Length: the limit still holds
            for _ in range(20):
                yield b'{"text": "' + b"y" * 100

        chunked = c.post(
            "/v1/clean", content=chunks(), headers={"content-type": "application/json"}
        )
        assert chunked.status_code == 413
        # body fits the request limit, text exceeds the per-document limit
        text = c.post("/v1/clean", json={"text": "z" * 800})
        assert text.status_code == 413 and "500" in text.json()["error"]["message"]
        assert c.post("/v1/clean", json={"text": "z" * 400}).status_code == 200


def test_unexpected_errors_leak_no_trace_or_path(tmp_path: Path) -> None:
    def broken(text: str, **_: object) -> None:
        raise RuntimeError(f"boom in {Path(__file__).resolve()} with {text}")

    app = create_app(make_settings(tmp_path), cleaner=broken, briefer=FakeBriefer())  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/v1/clean", json={"text": "secret input"})
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal"
    for leak in ("Traceback", "boom", "/work", "tests/api", "secret input", ".py"):
        assert leak not in r.text


def test_model_unavailable_is_503_without_paths(tmp_path: Path) -> None:
    class Missing(FakeBriefer):
        def brief_many(self, texts, **options):
            raise ModelUnavailableError("model 'x' not found in /root/.cache/mtbrief/models")

    app = create_app(make_settings(tmp_path), cleaner=FakeCleaner(), briefer=Missing())
    with TestClient(app) as c:
        r = c.post("/v1/brief", json={"text": "Some text. More."})
        assert r.status_code == 503
        assert "/root" not in r.text and r.json()["error"]["code"] == "model_unavailable"
        assert c.get("/readyz").status_code == 503


def test_html_is_parsed_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile HTML with remote resources goes through the real library with sockets disabled."""
    pytest.importorskip("mtbrief.ingest.html", reason="mtbrief.clean_html is not written yet")
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    page = (
        "<html><head><script src='http://169.254.169.254/latest'></script>"
        "<link rel=stylesheet href='http://example.invalid/x.css'></head><body><article>"
        "<p>Officials met in Baghdad on Monday to discuss the attacks on the base.</p>"
        "<img src='http://10.0.0.1/pixel.gif'><iframe src='file:///etc/passwd'></iframe>"
        "<p>The talks will continue next week, a spokesman said.</p></article></body></html>"
    )
    app = create_app(
        make_settings(tmp_path, request_timeout_s=REAL_LIBRARY_TIMEOUT_S), briefer=FakeBriefer()
    )
    with TestClient(app) as c:
        r = c.post("/v1/clean", json={"text": page, "html": True})
    assert r.status_code == 200, r.text
    text = r.json()["text"]
    assert "Baghdad" in text and "<p>" not in text and "root:" not in text


# -- auth -------------------------------------------------------------------------------


def test_api_keys_from_settings_and_file(tmp_path: Path) -> None:
    keyfile = tmp_path / "keys.txt"
    keyfile.write_text("# ops keys\nfile-key-1\n\nfile-key-2  # second\n")
    settings = make_settings(
        tmp_path, auth_disabled=False, api_keys=["env-key"], api_keys_file=keyfile
    )
    app = create_app(settings, cleaner=FakeCleaner(), briefer=FakeBriefer())
    with TestClient(app) as c:
        assert c.post("/v1/clean", json={"text": "a b"}).status_code == 401
        bad = c.post("/v1/clean", json={"text": "a b"}, headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"
        basic = c.post(
            "/v1/clean", json={"text": "a b"}, headers={"Authorization": "Basic ZW52LWtleQ=="}
        )
        assert basic.status_code == 401
        for key in ("env-key", "file-key-1", "file-key-2"):
            ok = c.post(
                "/v1/clean", json={"text": "a b"}, headers={"Authorization": f"Bearer {key}"}
            )
            assert ok.status_code == 200, key
        assert c.get("/v1/jobs/abc").status_code == 401
        # health, readiness and the page stay open
        assert c.get("/healthz").status_code == 200
        assert c.get("/").status_code == 200


def test_auth_fails_closed_without_keys(tmp_path: Path) -> None:
    app = create_app(
        make_settings(tmp_path, auth_disabled=False), cleaner=FakeCleaner(), briefer=FakeBriefer()
    )
    with TestClient(app) as c:
        r = c.post("/v1/clean", json={"text": "a b"}, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 401
    assert "MTBRIEF_AUTH_DISABLED" in r.json()["error"]["message"]


def test_generation_runs_off_the_event_loop(tmp_path: Path) -> None:
    """While a slow generation runs, /healthz and /readyz still answer."""
    briefer = FakeBriefer(FakeCleaner(), delay_s=2.0)
    app = create_app(make_settings(tmp_path), cleaner=FakeCleaner(), briefer=briefer)
    with TestClient(app) as c:
        deadline = time.monotonic() + 10
        while c.get("/readyz").status_code != 200:  # the warm-up takes one slow call too
            assert time.monotonic() < deadline
            time.sleep(0.05)
        result: dict[str, int] = {}

        def post() -> None:
            result["status"] = c.post("/v1/brief", json={"text": "A b. C d."}).status_code

        t = threading.Thread(target=post)
        t.start()
        time.sleep(0.3)
        assert c.get("/healthz").status_code == 200
        assert t.is_alive(), "the health check waited for the generation"
        t.join()
    assert result["status"] == 200


def _edits(raw: list[dict]) -> list:
    from mtbrief.cleanup.document import Edit

    return [Edit(**e) for e in raw]


def test_slow_brief_times_out_with_504_and_is_dropped_from_the_queue(tmp_path: Path) -> None:
    briefer = FakeBriefer(FakeCleaner(), delay_s=1.0)
    settings = make_settings(tmp_path, request_timeout_s=0.3)
    app = create_app(settings, cleaner=FakeCleaner(), briefer=briefer)
    with TestClient(app) as c:  # the warm-up holds the generation thread for a second
        r = c.post("/v1/brief", json={"text": "Waits behind the warm-up. Two."})
        assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"
        time.sleep(1.2)
    assert briefer.batches == [1], "the timed-out request must not reach the model"


def test_unknown_routes_and_methods_use_the_error_shape(client: TestClient) -> None:
    r = client.get("/v1/clean")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    r = client.get("/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
