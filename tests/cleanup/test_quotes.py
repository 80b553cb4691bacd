"""The quotes repair: turned and glued quotes, spaces before punctuation; typography kept."""

from __future__ import annotations

import time

import pytest

from mtbrief.cleanup.document import Document, apply_edits, revert_edits
from mtbrief.cleanup.repairs.quotes import QuoteRepair

REPAIR = QuoteRepair()


def fix(text: str, lang: str | None = "en") -> Document:
    doc = Document(original=text, lang=lang)
    doc.apply(REPAIR.propose(doc), REPAIR.kind)
    return doc


def fixed(text: str, lang: str | None = "en") -> str:
    return fix(text, lang).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the opening glyph used to close, glued to the next word
        (
            "factions calling themselves “Islamic Resistance in Iraq“By bombing the base",
            "factions calling themselves “Islamic Resistance in Iraq” By bombing the base",
        ),
        # the opening glyph used to close, not glued
        ("He called it “a disgrace“ and left.", "He called it “a disgrace” and left."),
        # closing quote glued to the next word (curly and straight)
        (
            "carried out in “self-defense,”while a statement said",
            "carried out in “self-defense,” while a statement said",
        ),
        ('He called the plan "folly"And walked out.', 'He called the plan "folly" And walked out.'),
        # opening quote glued to the word before it
        (
            "calling themselves“Islamic Resistance” in Iraq",
            "calling themselves “Islamic Resistance” in Iraq",
        ),
        # spaces machine translation put before punctuation
        ("Iraq , Syria and Lebanon . Why ? Because !", "Iraq, Syria and Lebanon. Why? Because!"),
        ("the “coordination” ; then : more", "the “coordination”; then: more"),
    ],
)
def test_broken_quotes_and_spacing_are_fixed(text: str, expected: str) -> None:
    assert fixed(text) == expected


def test_edit_log_explains_and_replays() -> None:
    text = "calling themselves “Islamic Resistance in Iraq“By bombing , they said."
    doc = fix(text)
    assert doc.text == "calling themselves “Islamic Resistance in Iraq” By bombing, they said."
    assert [(e.before, e.after) for e in doc.edits] == [("“", "” "), (" ,", ",")]
    assert "opening quote" in doc.edits[0].reason
    assert "space before ','" in doc.edits[1].reason
    assert all(e.kind == "quote" for e in doc.edits)
    assert apply_edits(text, doc.edits) == doc.text
    assert revert_edits(doc.text, doc.edits) == text


def test_case_after_the_quote_is_not_this_repairs_job() -> None:
    # link_capitals lower-cases "By" later; this repair only fixes the glyph and the space
    assert fixed("the “Resistance in Iraq“By bombing").endswith("” By bombing")


def test_quote_state_is_per_paragraph() -> None:
    # an unclosed quote in one paragraph does not make the next paragraph's opener a closer
    text = "He said “we will stay\nThe group said “this is final” today."
    assert fixed(text) == text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # English, curly and straight, nested singles and apostrophes
        (
            "“We will not leave,” the minister said. 'Fine,' he added, \"it's over.\" "
            "The group’s “Iraqi Resistance Coordination” said: ‘no’.",
            "en",
        ),
        # French: spaces before ; : ! ? and inside guillemets are correct typography
        (
            "Le ministre a déclaré : « Nous ne céderons pas ! » Pourquoi ? Parce que ; voilà.",
            "fr",
        ),
        ("Il a dit\u00a0: «\u00a0Non\u00a0!\u00a0» Puis il est parti\u202f; voilà.", "fr"),
        # German „…“: here “ closes; and »…« the other way round
        ("Er sagte: „Das ist gut“, und ging. Sie sagte »ja« und blieb.", "de"),
        # Polish and Hungarian „…”, Swedish ”…”
        ("Mówił „tak” i poszedł.", "pl"),
        ("Han sa ”nej” och gick.", "sv"),
        # Russian «…» with inner „…“
        ("Он сказал: «Это „Вагнер“ и только» — и ушёл.", "ru"),
        # numbers, times, ellipses, emoticons, .NET
        ("The score was 2 : 1 at 10 : 30. He said ... then left :) Use .NET now.", "en"),
        # Turkish attaches case endings to a quotation
        ('Galler Meclis Üyeleri "kukla gibi görünmek"ten korkuyor.', "tr"),
    ],
)
def test_legitimate_typography_is_untouched(text: str, lang: str) -> None:
    assert REPAIR.propose(Document(original=text, lang=lang)) == []


def test_never_straightens_or_curls() -> None:
    text = '“Iraq“By and "folly"And and «Ирак»и'
    out = fixed(text)
    assert out != text
    assert out.count('"') == text.count('"')
    assert out.count("«") == text.count("«") and out.count("»") == text.count("»")
    assert out.count("“") + out.count("”") == text.count("“") + text.count("”")


def test_russian_guillemet_glued_to_one_letter_word() -> None:
    assert fixed("Он заявил, что «Ирак»и Сирия согласны.", "ru") == (
        "Он заявил, что «Ирак» и Сирия согласны."
    )


def test_straight_quotes_with_odd_count_are_left_alone() -> None:
    text = 'He said "folly"And then 5" of rain fell.'
    assert fixed(text) == text


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n", '"', "“", "”“”“", "«««»»»", "\x00\ufffd binary ,", '<b>"x"y</b>'],
)
def test_ugly_inputs_do_not_crash(text: str) -> None:
    doc = fix(text)
    assert revert_edits(doc.text, doc.edits) == text


def test_huge_input_is_fast() -> None:
    para = "He called it “a disgrace“ and left , said “the group”. " * 200
    text = "\n".join([para] * 100)  # ~1 MB, 40,000 repairs
    start = time.perf_counter()
    proposals = REPAIR.propose(Document(original=text, lang="en"))
    assert time.perf_counter() - start < 5
    assert len(proposals) == 40000
    assert {(text[p.start : p.end], p.replacement) for p in proposals} == {("“", "”"), (" ,", ",")}


def test_ambiguous_quote_before_a_closing_quote_is_left_alone() -> None:
    # the second “ could close the first quote or open the one that ” closes: no guess
    text = "He said “we stay. Then the group“Resistance” said it."
    assert fixed(text) == text
