"""/v1/jobs: submission formats, progress, ordered JSONL results, idempotency, cancel, limits,
and persistence across an app restart (the SIGKILL case is in test_restart.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mtbrief.api import create_app
from mtbrief.api.jobs_store import JobStore

from .conftest import make_settings
from .fakes import FakeBriefer, FakeCleaner


def wait_done(c: TestClient, job_id: str, timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = c.get(f"/v1/jobs/{job_id}").json()
        if status["status"] in ("completed", "cancelled"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {status}")


def results(c: TestClient, job_id: str, **params: object) -> list[dict]:
    r = c.get(f"/v1/jobs/{job_id}/results", params=params)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in r.text.splitlines()]


DOCS = [{"id": f"d{i}", "text": f"Report {i} fromBaghdad. More words."} for i in range(12)]


def test_json_job_runs_and_streams_results_in_input_order(client: TestClient) -> None:
    r = client.post("/v1/jobs", json={"stage": "clean", "documents": DOCS})
    assert r.status_code == 202
    job = r.json()
    assert job["status"] in ("queued", "running", "completed") and job["total"] == 12
    assert r.headers["location"] == f"/v1/jobs/{job['id']}"
    status = wait_done(client, job["id"])
    assert status == {
        **status,
        "status": "completed",
        "processed": 12,
        "succeeded": 12,
        "failed": 0,
        "progress": 1.0,
    }
    lines = results(client, job["id"])
    assert [line["id"] for line in lines] == [d["id"] for d in DOCS]
    assert all(line["text"].startswith(f"Report {i} from Baghdad.") for i, line in enumerate(lines))
    assert results(client, job["id"], offset=10) == lines[10:]


def test_bare_list_jsonl_and_multipart_uploads(client: TestClient) -> None:
    docs = [{"id": "a", "text": "One andTwo."}, {"text": "Three andFour."}]
    jsonl = "\n".join(json.dumps(d) for d in docs) + "\n\n"
    submissions = [
        client.post("/v1/jobs", json=docs, params={"stage": "clean"}),
        client.post(
            "/v1/jobs", content=jsonl.encode(), headers={"content-type": "application/x-ndjson"}
        ),
        client.post(
            "/v1/jobs",
            files={"file": ("docs.jsonl", jsonl.encode(), "application/octet-stream")},
            data={"stage": "brief"},
        ),
    ]
    for r in submissions:
        assert r.status_code == 202, r.text
    stages = [r.json()["stage"] for r in submissions]
    assert stages == ["clean", "clean", "brief"]
    for r in submissions:
        wait_done(client, r.json()["id"])
        lines = results(client, r.json()["id"])
        assert [line["id"] for line in lines] == ["a", "1"]
    brief_lines = results(client, submissions[2].json()["id"])
    assert brief_lines[0]["brief"] == "One and Two."
    assert brief_lines[0]["clean"]["text"] == "One and Two."


def test_brief_job_options_reach_the_briefer_in_batches(tmp_path: Path) -> None:
    briefer = FakeBriefer(FakeCleaner())
    app = create_app(
        make_settings(tmp_path, job_batch_size=4), cleaner=FakeCleaner(), briefer=briefer
    )
    with TestClient(app) as c:
        r = c.post(
            "/v1/jobs",
            json={
                "stage": "brief",
                "options": {"max_words": 5, "target_lang": "de"},
                "documents": DOCS[:8],
            },
        )
        wait_done(c, r.json()["id"])
        lines = results(c, r.json()["id"])
    assert [line["brief"] for line in lines] == [f"Report {i} from Baghdad." for i in range(8)]
    assert all(line["lang"] == "de" for line in lines)
    job_calls = briefer.batches[1:]
    assert job_calls == [4, 4]
    assert briefer.options[-1]["max_words"] == 5 and briefer.options[-1]["html"] is False


def test_bad_documents_get_an_error_line_and_the_job_goes_on(client: TestClient) -> None:
    docs = [
        {"id": "ok1", "text": "Fine text."},
        {"id": "empty", "text": "   "},
        {"id": "nul", "text": "a\x00b"},
        {"id": "ok2", "text": "Also fine."},
    ]
    job = client.post("/v1/jobs", json={"documents": docs}).json()
    status = wait_done(client, job["id"])
    assert (status["succeeded"], status["failed"]) == (2, 2)
    lines = results(client, job["id"])
    assert [line["id"] for line in lines] == ["ok1", "empty", "nul", "ok2"]
    assert lines[1]["error"]["code"] == "empty_input"
    assert lines[2]["error"]["code"] == "not_utf8"
    assert "text" in lines[3]


def test_document_ids_are_idempotent_within_a_job(client: TestClient) -> None:
    docs = [
        {"id": "x", "text": "Same text."},
        {"id": "y", "text": "Other."},
        {"id": "x", "text": "Same text."},
    ]
    job = client.post("/v1/jobs", json={"documents": docs}).json()
    assert (job["total"], job["duplicates"]) == (2, 1)
    wait_done(client, job["id"])
    assert [line["id"] for line in results(client, job["id"])] == ["x", "y"]
    conflict = client.post(
        "/v1/jobs", json={"documents": [{"id": "x", "text": "A."}, {"id": "x", "text": "B."}]}
    )
    assert conflict.status_code == 422 and conflict.json()["error"]["code"] == "duplicate_id"


def test_idempotency_key_returns_the_same_job(client: TestClient) -> None:
    headers = {"Idempotency-Key": "batch-2024-08-01"}
    first = client.post("/v1/jobs", json={"documents": DOCS[:2]}, headers=headers)
    again = client.post("/v1/jobs", json={"documents": DOCS[:2]}, headers=headers)
    assert (first.status_code, again.status_code) == (202, 200)
    assert first.json()["id"] == again.json()["id"]


def test_cancel_stops_a_job_and_results_cover_every_document(tmp_path: Path) -> None:
    cleaner = FakeCleaner(delay_s=0.05)
    app = create_app(
        make_settings(tmp_path, job_batch_size=2), cleaner=cleaner, briefer=FakeBriefer()
    )
    docs = [{"id": str(i), "text": f"Doc {i}."} for i in range(60)]
    with TestClient(app) as c:
        job = c.post("/v1/jobs", json={"documents": docs}).json()
        time.sleep(0.3)
        r = c.delete(f"/v1/jobs/{job['id']}")
        assert r.status_code == 200 and r.json()["status"] == "cancelled"
        time.sleep(0.3)
        status = c.get(f"/v1/jobs/{job['id']}").json()
        assert status["status"] == "cancelled" and 0 < status["processed"] < 60
        lines = results(c, job["id"])
        assert [line["id"] for line in lines] == [d["id"] for d in docs]
        cancelled = [line for line in lines if "error" in line]
        assert len(cancelled) == 60 - status["processed"]
        assert all(line["error"]["code"] == "cancelled" for line in cancelled)
        assert c.delete(f"/v1/jobs/{job['id']}").json()["status"] == "cancelled"  # idempotent
        assert c.delete(f"/v1/jobs/{job['id']}", params={"purge": True}).status_code == 204
        assert c.get(f"/v1/jobs/{job['id']}").status_code == 404


def test_running_job_streams_only_the_finished_prefix(tmp_path: Path) -> None:
    cleaner = FakeCleaner(delay_s=0.05)
    app = create_app(
        make_settings(tmp_path, job_batch_size=1), cleaner=cleaner, briefer=FakeBriefer()
    )
    with TestClient(app) as c:
        job = c.post(
            "/v1/jobs", json={"documents": [{"text": f"Doc {i}."} for i in range(40)]}
        ).json()
        time.sleep(0.4)
        r = c.get(f"/v1/jobs/{job['id']}/results")
        lines = [json.loads(x) for x in r.text.splitlines()]
        assert r.headers["x-job-status"] == "running"
        assert 0 < len(lines) < 40
        assert [line["id"] for line in lines] == [str(i) for i in range(len(lines))]
        c.delete(f"/v1/jobs/{job['id']}")


@pytest.mark.parametrize(
    ("kwargs", "status", "needle"),
    [
        ({"json": {"documents": []}}, 422, "documents"),
        ({"json": {"stage": "translate", "documents": DOCS[:1]}}, 422, "stage"),
        ({"json": {"documents": [{"id": "a"}]}}, 422, "text"),
        ({"json": []}, 422, "non-empty"),
        ({"json": "just a string"}, 422, "documents"),
        (
            {"content": b"{oops", "headers": {"content-type": "application/json"}},
            422,
            "not valid JSON",
        ),
        (
            {
                "content": b'{"text": "a"}\nnot json\n',
                "headers": {"content-type": "application/x-ndjson"},
            },
            422,
            "line 2",
        ),
        (
            {"content": b"\xff\xfe\x00", "headers": {"content-type": "application/x-ndjson"}},
            422,
            "UTF-8",
        ),
        (
            {"content": b'{"text": "a"}', "headers": {"content-type": "text/csv"}},
            415,
            "application/json",
        ),
        ({"files": {"other": ("x.jsonl", b'{"text": "a"}')}}, 422, "file"),
        ({"json": DOCS[:1], "params": {"options": "{bad"}}, 422, "options"),
        ({"json": DOCS[:1], "params": {"options": '{"max_words": 1}'}}, 422, "max_words"),
    ],
)
def test_bad_job_submissions(client: TestClient, kwargs: dict, status: int, needle: str) -> None:
    r = client.post("/v1/jobs", **kwargs)
    assert r.status_code == status, r.text
    assert needle in json.dumps(r.json()["error"])


def test_job_limits(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path,
        max_job_documents=5,
        max_pending_documents=8,
        job_workers=0,
        max_job_request_bytes=2000,
    )
    app = create_app(settings, cleaner=FakeCleaner(), briefer=FakeBriefer())
    with TestClient(app) as c:
        many = c.post("/v1/jobs", json={"documents": [{"text": "x"}] * 6})
        assert many.status_code == 413 and many.json()["error"]["code"] == "too_many_documents"
        assert c.post("/v1/jobs", json={"documents": [{"text": "x"}] * 5}).status_code == 202
        full = c.post("/v1/jobs", json={"documents": [{"text": "y"}] * 4})
        assert full.status_code == 503 and "retry-after" in full.headers
        huge = c.post("/v1/jobs", json={"documents": [{"text": "z" * 3000}]})
        assert huge.status_code == 413


def test_unknown_job_is_404(client: TestClient) -> None:
    for method, path in (
        ("GET", "/v1/jobs/nope"),
        ("GET", "/v1/jobs/nope/results"),
        ("DELETE", "/v1/jobs/nope"),
    ):
        r = client.request(method, path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_jobs_survive_an_app_restart(tmp_path: Path) -> None:
    """Stored with no workers running, processed by the next app on the same database."""
    settings = make_settings(tmp_path, job_workers=0)
    with TestClient(create_app(settings, cleaner=FakeCleaner(), briefer=FakeBriefer())) as c:
        job = c.post("/v1/jobs", json={"documents": DOCS}).json()
        assert c.get(f"/v1/jobs/{job['id']}").json()["processed"] == 0
    with TestClient(
        create_app(make_settings(tmp_path), cleaner=FakeCleaner(), briefer=FakeBriefer())
    ) as c:
        wait_done(c, job["id"])
        assert len(results(c, job["id"])) == len(DOCS)


def test_store_writes_each_result_once(tmp_path: Path) -> None:
    """Two workers racing on the same document: the second write is ignored."""
    from mtbrief.api.jobs_store import NewDocument

    store = JobStore(tmp_path / "s.sqlite3")
    job_id, _ = store.create_job("clean", {}, [NewDocument("a", "t1"), NewDocument("b", "t2")])
    _, _, _, docs = store.claim("w1", 10)
    assert [d.id for d in docs] == ["a", "b"] and store.claim("w2", 10) is None
    store.recover()  # e.g. a restart: claims released
    _, _, _, again = store.claim("w2", 10)
    assert [d.id for d in again] == ["a", "b"]
    assert store.save_results(job_id, [(0, True, {"id": "a", "v": 1})]) == 1
    assert store.save_results(job_id, [(0, True, {"id": "a", "v": 2}), (1, True, {"id": "b"})]) == 1
    assert [p for _, _, p in store.iter_results(job_id)] == [{"id": "a", "v": 1}, {"id": "b"}]
    assert store.get_job(job_id).status == "completed"
