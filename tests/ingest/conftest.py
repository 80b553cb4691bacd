"""Shared fixtures for the ingest tests: committed multilingual news and the optional dev data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mtbrief.config import get_settings

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def dev_data_dir() -> Path:
    return Path(os.environ.get("MTBRIEF_DEV_DATA", REPO.parent / "shared" / "data" / "dev"))


@pytest.fixture(scope="session")
def dev_data() -> Path:
    """../shared/data/dev (or $MTBRIEF_DEV_DATA); tests that need it skip when it is absent."""
    path = dev_data_dir()
    if not path.is_dir():
        pytest.skip(f"dev data not found at {path}")
    return path


@pytest.fixture(scope="session")
def committed_news() -> dict[str, dict]:
    """Committed clean news, one record per language (see data/README.md for sources)."""
    rows = [json.loads(line) for line in (HERE / "data" / "news_multilingual.jsonl").open()]
    return {row["lang"]: row for row in rows}


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch):
    """Settings.max_input_bytes = 1,000 for one test (through the environment, as users set it)."""
    monkeypatch.setenv("MTBRIEF_MAX_INPUT_BYTES", "1000")
    get_settings.cache_clear()
    yield 1000
    monkeypatch.delenv("MTBRIEF_MAX_INPUT_BYTES")
    get_settings.cache_clear()
