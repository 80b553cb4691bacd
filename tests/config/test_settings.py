"""Settings precedence: environment over the config file over defaults."""

from __future__ import annotations

import pytest

from mtbrief.config import get_settings


@pytest.fixture(autouse=True)
def _fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_config_file_sets_values_and_environment_wins(tmp_path, monkeypatch) -> None:
    cfg = tmp_path / "mtbrief.toml"
    cfg.write_text('max_input_bytes = 1234\nport = 9001\n', encoding="utf-8")
    monkeypatch.setenv("MTBRIEF_CONFIG", str(cfg))
    monkeypatch.delenv("MTBRIEF_PORT", raising=False)
    monkeypatch.setenv("MTBRIEF_MAX_INPUT_BYTES", "999")
    s = get_settings()
    assert s.port == 9001
    assert s.max_input_bytes == 999


def test_defaults_without_file_or_environment(monkeypatch) -> None:
    monkeypatch.delenv("MTBRIEF_CONFIG", raising=False)
    monkeypatch.delenv("MTBRIEF_MAX_INPUT_BYTES", raising=False)
    assert get_settings().max_input_bytes == 1_000_000
