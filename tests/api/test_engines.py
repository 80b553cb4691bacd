"""The library engines' warm-up loads what the first request would otherwise load itself."""

from __future__ import annotations

import pytest

from mtbrief.api.engines import WARMUP_LANGS, WARMUP_TEXT, LibraryCleaner
from mtbrief.cleanup import lexicon, likelihood
from mtbrief.config import get_settings


@pytest.mark.parametrize(
    ("mode", "scored", "multilingual"),
    [("auto", True, False), ("always", True, False), ("off", False, False), ("auto", True, True)],
)
def test_library_cleaner_warmup_loads_dictionaries_and_the_check_model(
    monkeypatch: pytest.MonkeyPatch, mode: str, scored: bool, multilingual: bool
) -> None:
    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(lexicon, "preload", lambda langs: calls.append(("preload", tuple(langs))))
    monkeypatch.setattr(likelihood, "get_scorer", lambda model: calls.append(("scorer", model)))
    # the multilingual model (default: the packaged default model) is loaded where prepared
    monkeypatch.setattr(likelihood, "is_available", lambda model: multilingual)
    cleaned: list[str] = []
    monkeypatch.setattr(LibraryCleaner, "__call__", lambda self, text, **kw: cleaned.append(text))
    monkeypatch.setenv("MTBRIEF_CLEANUP_LM", mode)
    monkeypatch.setenv("MTBRIEF_CLEANUP_LM_MODEL", "/models/my-lm")
    monkeypatch.setenv("MTBRIEF_CLEANUP_LM_MULTILINGUAL_MODEL", "default")
    get_settings.cache_clear()
    try:
        LibraryCleaner().warmup()
    finally:
        monkeypatch.delenv("MTBRIEF_CLEANUP_LM")
        monkeypatch.delenv("MTBRIEF_CLEANUP_LM_MODEL")
        monkeypatch.delenv("MTBRIEF_CLEANUP_LM_MULTILINGUAL_MODEL")
        get_settings.cache_clear()
    expected: list[tuple[str, object]] = [("preload", WARMUP_LANGS)]
    if scored:
        expected.append(("scorer", "/models/my-lm"))
    if multilingual:
        expected.append(("scorer", "default"))
    assert calls == expected
    assert cleaned == [WARMUP_TEXT]  # and one real cleaning call after the loads
