"""Fixtures for the batch tests."""

from __future__ import annotations

import pytest
from batch_testdata import corpus


@pytest.fixture
def small_corpus() -> list[dict]:
    return corpus(24)
