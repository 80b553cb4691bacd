"""Shared fixtures for the evaluation tests: paths to the shipped suites and gold sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "evaluation"


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    return EVAL


@pytest.fixture(scope="session")
def summeval() -> list[dict]:
    with (EVAL / "data" / "summeval.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="session")
def news() -> list[dict]:
    with (EVAL / "data" / "news_clean.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]
