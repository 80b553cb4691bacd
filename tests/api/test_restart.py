"""Kill -9 in the middle of a job: after a restart every document has exactly one result."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, delay: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.api.server_for_tests",
            str(db),
            str(port),
            "--delay",
            str(delay),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not become ready")


@pytest.mark.slow
def test_sigkill_mid_job_then_restart_gives_exactly_one_result_per_document(tmp_path: Path) -> None:
    db = tmp_path / "jobs.sqlite3"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    docs = [
        {
            "id": f"doc-{i:03d}",
            "text": f"Report {i}: forces were attacked in Syria andIraq on day {i}.",
        }
        for i in range(200)
    ]
    server = start_server(db, port, delay=0.02)
    try:
        job = httpx.post(
            f"{base}/v1/jobs", json={"stage": "clean", "documents": docs}, timeout=30
        ).json()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = httpx.get(f"{base}/v1/jobs/{job['id']}", timeout=30).json()["processed"]
            if done >= 30:
                break
            time.sleep(0.05)
        before = [
            json.loads(x)
            for x in httpx.get(f"{base}/v1/jobs/{job['id']}/results", timeout=30).text.splitlines()
        ]
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
    finally:
        if server.poll() is None:
            server.kill()
    assert 30 <= len(before) < 200, "the kill should land mid-job"

    server = start_server(db, port, delay=0.0)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = httpx.get(f"{base}/v1/jobs/{job['id']}", timeout=30).json()
            if status["status"] == "completed":
                break
            time.sleep(0.1)
        assert (
            status["status"] == "completed" and status["processed"] == 200 and status["failed"] == 0
        )
        lines = [
            json.loads(x)
            for x in httpx.get(f"{base}/v1/jobs/{job['id']}/results", timeout=30).text.splitlines()
        ]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(15)
    ids = [line["id"] for line in lines]
    assert ids == [d["id"] for d in docs]  # each document exactly once, in input order
    assert lines[: len(before)] == before  # results finished before the kill are kept unchanged
    assert all(
        "andIraq" not in line["text"] or line["text"] == docs[i]["text"]
        for i, line in enumerate(lines)
    )
