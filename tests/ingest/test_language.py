"""Language and script detection on real news and on text too short or too odd to judge."""

from __future__ import annotations

import pytest

from mtbrief.ingest.language import SAMPLE_CHARS, detect_language, dominant_script

SCRIPTS = {
    "en": "Latin",
    "ar": "Arabic",
    "fa": "Arabic",
    "ru": "Cyrillic",
    "uk": "Cyrillic",
    "zh": "Han",
}


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_real_news_language_and_script(committed_news, lang):
    text = committed_news[lang]["text"]
    assert detect_language(text) == lang
    assert dominant_script(text) == SCRIPTS[lang]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The government announced new measures on Tuesday.", "en"),
        ("Le gouvernement a annoncé de nouvelles mesures mardi.", "fr"),
        ("El gobierno anunció nuevas medidas el martes.", "es"),
        ("Die Regierung kündigte am Dienstag neue Maßnahmen an.", "de"),
        ("O governo anunciou novas medidas na terça-feira.", "pt"),
        ("Правительство объявило о новых мерах во вторник.", "ru"),
    ],
)
def test_short_sentences_in_the_supported_languages(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["12345 678", "2024-08-11 17:05", "… — !!! ???", "     "])
def test_no_letters_no_language(text):
    assert detect_language(text) is None


def test_script_of_mixed_text_is_the_majority():
    assert dominant_script("Кремль заявил, что Reuters ошибается в оценке ситуации.") == "Cyrillic"
    assert dominant_script("Reuters said that the Kremlin (Кремль) denied it.") == "Latin"
    assert dominant_script("2024 — 17:05") is None


def test_only_a_sample_is_read(committed_news):
    """A huge text costs no more than its first SAMPLE_CHARS: what follows cannot change it."""
    english = committed_news["en"]["text"][:SAMPLE_CHARS]
    assert detect_language(english + " " + committed_news["ru"]["text"] * 50) == "en"


def test_lone_surrogates_do_not_break_detection():
    text = "The talks \ud83d will resume in Geneva next week, officials said."
    assert detect_language(text) == "en"
