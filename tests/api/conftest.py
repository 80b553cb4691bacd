"""Fixtures for the HTTP service tests: settings on a temp database and apps with fake engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mtbrief.api import create_app
from mtbrief.config import Settings

from .fakes import FakeBriefer, FakeCleaner

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_f02d0a58a933895d.txt"


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "auth_disabled": True,
        "jobs_db": tmp_path / "jobs.sqlite3",
        "request_timeout_s": 10.0,
        "brief_batch_wait_ms": 20.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def fake_cleaner() -> FakeCleaner:
    return FakeCleaner()


@pytest.fixture
def fake_briefer(fake_cleaner: FakeCleaner) -> FakeBriefer:
    return FakeBriefer(fake_cleaner)


@pytest.fixture
def client(
    tmp_path: Path, fake_cleaner: FakeCleaner, fake_briefer: FakeBriefer
) -> Iterator[TestClient]:
    app = create_app(make_settings(tmp_path), cleaner=fake_cleaner, briefer=fake_briefer)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
