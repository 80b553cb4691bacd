"""Word knowledge the repairs share: spelling dictionaries (is a capitalised word a common word
or a name?) and parts of speech (can a word be a verb?)."""

from __future__ import annotations

import pytest

from mtbrief.cleanup import lexicon


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("Opinion", "en", True),  # only a common word
        ("Confrontation", "en", True),
        ("Seattle", "en", False),  # only a name
        ("Bush", "en", False),  # both: a name is possible
        ("Senate", "en", False),  # the dictionary writes the institution with a capital
        ("Qwxzv", "en", False),  # unknown: may be a name
        ("Verfasst", "de", True),  # German participle, lower case in the dictionary
        ("Haus", "de", False),  # German noun: capitalised in the dictionary
        ("Opinion", "zz", None),  # no dictionary for the language
    ],
)
def test_common_not_name(word: str, lang: str, expected: bool | None) -> None:
    pytest.importorskip("spylls")
    assert lexicon.common_not_name(word, lang) is expected


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("stylist", "en", False),
        ("parliamentary", "en", False),
        ("the", "en", False),
        ("said", "en", True),  # irregular forms are known
        ("swept", "en", True),
        ("coach", "en", True),  # noun and verb
        ("qwxzv", "en", True),  # unknown: a verb cannot be ruled out
        ("диеты", "ru", False),
        ("фигурирует", "ru", True),
        ("награжден", "ru", True),  # short participle carries the clause
        ("stylist", "zz", None),
    ],
)
def test_may_be_verb(word: str, lang: str, expected: bool | None) -> None:
    pytest.importorskip("lemminflect")
    assert lexicon.may_be_verb(word, lang) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Reported", True), ("spent", True), ("seems", True), ("report", False), ("eating", False),
     ("limited", False), ("Wade", False), ("opinion", False)],
)
def test_inflected_verb_only(word: str, expected: bool) -> None:
    pytest.importorskip("lemminflect")
    assert lexicon.inflected_verb_only(word, "en") is expected
    assert lexicon.inflected_verb_only(word, "fr") is False


def test_a_loader_called_from_many_threads_at_once_loads_once() -> None:
    import threading
    import time

    from mtbrief.cleanup.lexicon import _load_once

    calls: list[str] = []

    @_load_once
    def load(lang: str) -> dict[str, str]:
        calls.append(lang)
        time.sleep(0.05)  # long enough for every thread to arrive while the first one loads
        return {"lang": lang}

    results: list[dict[str, str]] = []
    threads = [threading.Thread(target=lambda: results.append(load("en"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["en"]
    assert len(results) == 4 and all(r is results[0] for r in results)
    assert load("ru") == {"lang": "ru"} and calls == ["en", "ru"]


def test_preload_fills_the_caches_a_first_request_needs() -> None:
    from mtbrief.cleanup import lexicon

    lexicon.preload(("en",))
    for loader in (lexicon._spelling, lexicon._capital_log_ratios, lexicon.frequency_dict):
        hits = loader.cache_info().hits  # type: ignore[attr-defined]
        loader("en")
        assert loader.cache_info().hits == hits + 1  # type: ignore[attr-defined]
    assert lexicon.common_not_name("Opinion", "en") is True
