"""Run the app under uvicorn in its own process, for tests that kill it (``python -m``).

Usage: python -m tests.api.server_for_tests DB_PATH PORT [--delay SECONDS] [--fake-clean]

The cleaner is the real library one (``mtbrief.clean``), slowed by ``--delay`` per document so a
test can kill the process while a job is half done; the briefer is the fast fake.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import uvicorn

from mtbrief.api import create_app
from mtbrief.api.engines import LibraryCleaner
from mtbrief.config import Settings

from .fakes import FakeBriefer, FakeCleaner


class SlowCleaner(LibraryCleaner):
    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s

    def __call__(self, text: str, **kwargs: object):  # type: ignore[override]
        time.sleep(self.delay_s)
        return super().__call__(text, **kwargs)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("port", type=int)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--fake-clean", action="store_true")
    args = parser.parse_args()
    settings = Settings(auth_disabled=True, jobs_db=args.db, job_batch_size=4)
    cleaner = FakeCleaner(args.delay) if args.fake_clean else SlowCleaner(args.delay)
    app = create_app(settings, cleaner=cleaner, briefer=FakeBriefer())
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
