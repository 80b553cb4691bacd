"""glossary repair: literal translations -> established terms, from files, mappings and settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtbrief.cleanup.document import Document, apply_edits, revert_edits
from mtbrief.cleanup.repairs import glossary as gl
from mtbrief.cleanup.repairs.glossary import (
    DEFAULT_GLOSSARY_PATH,
    GlossaryError,
    GlossaryRepair,
    load_glossary,
)
from mtbrief.config import Settings
from mtbrief.errors import InputError


def run(text: str, glossary: object = None, lang: str | None = "en") -> Document:
    doc = Document(original=text, lang=lang)
    if glossary is not None:
        doc.meta["glossary"] = glossary
    doc.apply(GlossaryRepair().propose(doc), GlossaryRepair.kind)
    assert apply_edits(text, doc.edits) == doc.text
    assert revert_edits(doc.text, doc.edits) == text
    return doc


def test_seed_literal_translation_is_replaced_with_a_sourced_reason() -> None:
    doc = run("The US responded by bombing the base rock cliff which the Iraqi factions use.")
    assert doc.text == (
        "The US responded by bombing the base Jurf al-Sakhar which the Iraqi factions use.")
    (edit,) = doc.edits
    assert edit.before == "rock cliff" and edit.kind == "glossary"
    assert edit.reason.startswith(
        "glossary: 'rock cliff' is a literal translation of Jurf al-Sakhar")
    assert "source:" in edit.reason


def test_default_entries_need_their_regional_context() -> None:
    text = "The climbers reached the rock cliff above the lake in Wales."
    assert run(text).text == text


def test_leading_article_is_absorbed_and_capital_kept() -> None:
    doc = run("In Iraq, the rocky cliff was hit. The rock cliff burned.")
    assert doc.text == "In Iraq, Jurf al-Sakhar was hit. Jurf al-Sakhar burned."


def test_case_sensitive_default_entries() -> None:
    doc = run("In Iraq the Popular Crowd Forces marched; the popular crowd cheered.")
    assert doc.text == "In Iraq the Popular Mobilization Forces marched; the popular crowd cheered."


def test_longest_match_first_and_case_insensitive_user_mapping() -> None:
    g = {"red square": "Krasnaya Ploshchad", "red": "crimson", "Square": "plaza"}
    doc = run("Meet at RED   SQUARE, near the red door.", g)
    assert doc.text == "Meet at Krasnaya Ploshchad, near the crimson door."
    assert doc.edits[0].reason == "glossary: 'RED SQUARE' -> Krasnaya Ploshchad (user glossary)"


def test_capital_is_kept_only_when_the_match_has_one() -> None:
    doc = run("Green zone news. The green zone is quiet.", {"green zone": "international zone"})
    assert doc.text == "International zone news. The international zone is quiet."


def test_word_boundaries_and_existing_target_are_respected() -> None:
    g = {"cliff": "Jurf", "Mobilization": "Popular Mobilization Forces"}
    text = "Cliffside cliffs, well-cliff; the Popular Mobilization Forces stayed."
    assert run(text, g).text == text


def test_language_sections_apply_only_to_their_language() -> None:
    g = {"en": {"white house": "Executive Mansion"}, "ru": {"белый дом": "Дом Правительства"}}
    assert run("The White House said.", g).text == "The Executive Mansion said."
    assert run("Белый дом заявил.", g, lang="ru").text == "Дом Правительства заявил."
    assert run("Белый дом заявил.", g, lang="uk").text == "Белый дом заявил."


def test_toml_and_tsv_files(tmp_path: Path) -> None:
    toml = tmp_path / "terms.toml"
    toml.write_text(
        '"foo bar" = "Foo-Bar"\n[en]\n"baz" = "Qux"\n'
        '[[entry]]\nsource = ["one", "two"]\ntarget = "Three"\nnote = "source: test"\n',
        encoding="utf-8",
    )
    g = load_glossary(toml)
    assert len(g) == 4
    assert run("foo bar, baz, one and two", toml).text == "Foo-Bar, Qux, Three and Three"
    with_meta = tmp_path / "meta.toml"
    with_meta.write_text('[meta]\nauthor = "desk"\n[en]\n"x y" = "Z"\n', encoding="utf-8")
    assert [(e.source, e.lang) for e in load_glossary(with_meta).entries] == [("x y", "en")]
    tsv = tmp_path / "terms.tsv"
    tsv.write_text("\ufeffsource\ttarget\tlang\tnote\n# comment\nhot tea\tchai\ten\tdrink\n"
                   "горячий чай\tчай\tru\n", encoding="utf-8")
    assert run("Hot tea, please.", str(tsv)).text == "Chai, please."
    assert run("горячий чай", tsv, lang="ru").text == "чай"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"x": 3}, "text to text"),
        ({"": "y"}, "empty"),
        ({"Not A Lang": {"a": "b"}}, "language code"),
        ({"a" * 300: "b"}, "longer"),
        (42, "mapping or a file path"),
        ("/nonexistent/terms.toml", "not found"),
    ],
)
def test_bad_glossaries_raise_readable_input_errors(bad: object, message: str) -> None:
    with pytest.raises(GlossaryError, match=message) as info:
        load_glossary(bad)  # type: ignore[arg-type]
    assert isinstance(info.value, InputError)


def test_bad_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("this is = = not toml", encoding="utf-8")
    with pytest.raises(GlossaryError, match="not valid TOML"):
        load_glossary(broken)
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(GlossaryError, match="not UTF-8"):
        load_glossary(binary)
    other = tmp_path / "terms.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"toml or \.tsv"):
        load_glossary(other)


def test_default_glossary_entries_all_cite_a_source() -> None:
    g = load_glossary(DEFAULT_GLOSSARY_PATH)
    assert 0 < len(g) <= 40
    for entry in g.entries:
        assert entry.note.startswith("source:") and entry.context and entry.lang == "en"


def test_settings_switch_default_off_and_add_a_file(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    extra = tmp_path / "extra.tsv"
    extra.write_text("blue lagoon\tBlaa Lonid\n", encoding="utf-8")
    monkeypatch.setattr(gl, "get_settings",
                        lambda: Settings(use_default_glossary=False, glossary_path=extra))
    doc = run("In Iraq the rock cliff and the blue lagoon.")
    assert doc.text == "In Iraq the rock cliff and the Blaa Lonid."
    # the per-call glossary still applies on top
    assert run("rock cliff", {"rock cliff": "Jurf"}).text == "Jurf"


def test_clean_text_and_hostile_input_pass() -> None:
    assert run("").text == ""
    text = "Ordinary news about the economy and weather in Spain. " * 2000
    assert run(text).text == text
    hostile = "(a+)+$ [.*] \\b rock\x00cliff <script>rock cliff</script>"
    assert run(hostile, {"(a+)+$": "x", "[.*]": "y"}).text.startswith("x y")
