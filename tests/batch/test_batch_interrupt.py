"""Kill a real batch process mid-run (SIGKILL, Ctrl-C), run it again, compare with a clean run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_testdata import REPO, corpus, read_output, write_jsonl

from mtbrief.batch import run

# The driver slows every record down so that the kill lands mid-run.  It patches at import time,
# so spawned worker processes (which re-import the main script) are slowed down too.
DRIVER = """
import sys, time
import mtbrief.batch.local as local

_real = local.process_records

def _slow(records, stage, options):
    time.sleep(0.05 * len(records))
    return _real(records, stage, options)

local.process_records = _slow

if __name__ == "__main__":
    from mtbrief.batch.__main__ import app
    app(sys.argv[1:])
"""

RECORDS = [
    *corpus(90, langs=False),
    {"id": "no-text"},
    {"id": "doc-0003", "text": "a repeated id"},
    {"id": 17, "text": ["not", "a", "string"]},
]


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _children(pid: int) -> list[int]:
    """Child process ids (Linux /proc; empty elsewhere)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _start(tmp_path: Path, inp: Path, out: Path, workers: int) -> subprocess.Popen:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    cmd = [
        sys.executable,
        str(driver),
        str(inp),
        str(out),
        "--workers",
        str(workers),
        "--batch-size",
        "2",
        "--errors",
        str(out.with_suffix(".errors.jsonl")),
    ]
    return subprocess.Popen(
        cmd, cwd=REPO, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )


def _ctrl_c_as_in_a_terminal() -> None:
    """A test run in the background (`cmd &`, nohup, some CI runners) ignores SIGINT, and so
    would the child, which then never sees the Ctrl-C this test sends: give it the default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_lines(proc: subprocess.Popen, out: Path, n: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while _lines(out) < n:
        if proc.poll() is not None:
            pytest.fail(f"the batch ended before it could be interrupted: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("the batch wrote nothing in time")
        time.sleep(0.05)


@pytest.fixture
def reference(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    full = tmp_path / "full.jsonl"
    run(inp, full, batch_size=2, errors_path=full.with_suffix(".errors.jsonl"), progress=False)
    return inp, full


def _check_same_as_reference(out: Path, full: Path) -> None:
    assert out.read_bytes() == full.read_bytes()
    assert out.with_suffix(".errors.jsonl").read_bytes() == (
        full.with_suffix(".errors.jsonl").read_bytes()
    )
    ids = [o["id"] for o in read_output(out)]
    assert ids == [r.get("id") for r in RECORDS]  # no gaps, nothing twice, input order


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_mid_run_then_rerun_gives_the_uninterrupted_output(tmp_path, reference, workers):
    inp, full = reference
    out = tmp_path / "out.jsonl"
    proc = _start(tmp_path, inp, out, workers)
    _wait_for_lines(proc, out, 10)
    children = _children(proc.pid)
    assert len(children) >= workers - 1 or workers == 1
    os.kill(proc.pid, signal.SIGKILL)  # the parent only, like the OOM killer would
    proc.wait(timeout=30)
    try:  # worker processes notice and exit by themselves: no orphans keep running
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{pid}").exists() for pid in children):
            assert time.monotonic() < deadline, "worker processes outlived their parent"
            time.sleep(0.1)
    finally:
        _kill_group(proc.pid)
    done = _lines(out)
    assert 10 <= done < len(RECORDS), "the kill must land mid-run"
    with open(out, "ab") as fh:  # what a kill inside write() leaves behind: a torn line
        fh.write(b'{"id": "doc-00')
    stats = run(
        inp,
        out,
        batch_size=2,
        workers=workers,
        progress=False,
        errors_path=out.with_suffix(".errors.jsonl"),
    )
    assert stats.skipped == done and stats.written == len(RECORDS) - done
    _check_same_as_reference(out, full)


@pytest.mark.parametrize(
    ("sig", "workers"),
    [
        pytest.param(signal.SIGINT, 2, id="ctrl-c-to-the-group"),
        pytest.param(signal.SIGTERM, 1, id="sigterm-like-docker-stop"),
    ],
)
def test_ctrl_c_or_sigterm_stop_cleanly_with_exit_130_and_the_rerun_completes(
    tmp_path, reference, sig, workers
):
    inp, full = reference
    out = tmp_path / "out.jsonl"
    proc = _start(tmp_path, inp, out, workers=workers)
    _wait_for_lines(proc, out, 6)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # what a terminal sends to the foreground group
    else:
        os.kill(proc.pid, sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"run the same command again to resume" in stderr
    assert out.read_bytes().endswith(b"\n") and _lines(out) < len(RECORDS)
    json.loads(out.read_bytes().split(b"\n")[-2])  # the last line is whole
    run(inp, out, batch_size=2, progress=False, errors_path=out.with_suffix(".errors.jsonl"))
    _check_same_as_reference(out, full)
