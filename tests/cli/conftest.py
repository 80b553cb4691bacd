"""Fixtures for the CLI tests: a typer CliRunner and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_f02d0a58a933895d.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED
