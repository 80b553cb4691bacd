"""unicode_text repair: mojibake and control damage fixed as minimal spans; clean text untouched."""

from __future__ import annotations

import random

import pytest

from mtbrief.cleanup.document import Document, apply_edits, revert_edits
from mtbrief.cleanup.repairs.unicode_text import UnicodeRepair, explain_steps


def run(text: str) -> Document:
    doc = Document(original=text)
    proposals = UnicodeRepair().propose(doc)
    assert doc.text == text  # propose() is pure
    doc.apply(proposals, UnicodeRepair.kind)
    assert apply_edits(text, doc.edits) == doc.text
    assert revert_edits(doc.text, doc.edits) == text
    return doc


@pytest.mark.parametrize(
    ("damaged", "fixed"),
    [
        ("The cafÃ© opened.", "The café opened."),
        ("He said donâ€™t go.", "He said don’t go."),
        ("â€œQuotedâ€\x9d text", "“Quoted” text"),
        ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€", "привет мир"),
        ("РїСЂРёРІРµС‚", "привет"),  # UTF-8 read as windows-1251
        ("Ã la carte", "à la carte"),  # the lost 0xA0 byte
        ("price Â£200", "price £200"),
        ("\x1b[31mred\x1b[0m alert", "red alert"),
        ("bell\x07 and\x0b tab", "bell and tab"),
        ("lone \ud83d surrogate", "lone \ufffd surrogate"),
        ("建筑\x93人类\x94。", "建筑“人类”。"),  # C1 controls that were cp1252 quotes
        ("oﬃce", "office"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("p\u200blans to chan\u2060ge the na\ufeffme", "plans to change the name"),
        ("Иран\u200b и Ирак", "Иран и Ирак"),
    ],
)
def test_damage_is_repaired(damaged: str, fixed: str) -> None:
    doc = run(damaged)
    assert doc.text == fixed
    assert doc.edits and all(e.kind == "unicode" and e.reason.startswith("unicode:")
                             for e in doc.edits)


def test_edits_are_minimal_spans_with_reasons() -> None:
    doc = run("Le cafÃ© et lâ€™été, Ã©tÃ©.")
    assert doc.text == "Le café et l’été, été."
    assert [(e.before, e.after) for e in doc.edits] == [
        ("Ã©", "é"), ("â€™", "’"), ("Ã©tÃ©", "été")]
    assert all("mojibake" in e.reason and e.confidence >= 0.95 for e in doc.edits)
    doc = run("He said donâ€™t.")
    assert "windows-1252" in doc.edits[0].reason and "sloppy" not in doc.edits[0].reason


@pytest.mark.parametrize(
    "clean",
    [
        "“Curly quotes” and ‘single’ ones stay — with dashes…",
        "Fullwidth punctuation stays：北京，上海。（测试）",
        "می\u200cخواهم به خانه بروم.",  # Persian ZWNJ
        "👨\u200d👩\u200d👧 family emoji with ZWJ",
        "Иран и Ирак подписали соглашение в понедельник.",
        "Україна: Київ, Харків, Запоріжжя.",
        "قالت وزارة الخارجية الإيرانية إن المحادثات ستستمر.",
        "Ελλάδα και Κύπρος.",
        "Ça coûte 20 € à São Paulo, naïve Ñandú, İstanbul, Łódź.",
        "Ｈｅｌｌｏ fullwidth letters are not folded",
        "non\u00a0breaking space and soft\u00adhyphen",
        "a\u200eb\u200f bidi marks",
        "ภาษาไทย\u200bใช้ช่องว่างศูนย์",  # Thai uses ZWSP as a word-break hint
        "日本語\u200bテキスト",
        "AT&T and R&D stay",
        "<b>&amp;</b> markup document keeps entities",
        "",
    ],
)
def test_clean_text_is_untouched(clean: str) -> None:
    doc = run(clean)
    assert doc.text == clean and doc.edits == []


def test_line_endings_are_kept() -> None:
    text = "first cafÃ©\r\nsecond line\nthird â€™\r\n\r\n"
    doc = run(text)
    assert doc.text == "first café\r\nsecond line\nthird ’\r\n\r\n"


def test_entities_are_kept_in_a_document_with_markup() -> None:
    text = "a line with &lt;tags&gt;\n<p>and real markup</p>"
    assert run(text).text == text


def test_explanations_are_readable() -> None:
    assert "terminal escape" in explain_steps([("apply", "remove_terminal_escapes")])
    assert explain_steps([]) == "Unicode repair (ftfy)"


def test_hostile_and_huge_input_is_fast_and_safe() -> None:
    rng = random.Random(7)
    junk = "".join(chr(rng.randrange(1, 0x3000)) for _ in range(20_000))
    doc = run(junk)  # must not raise; invariants are checked in run()
    assert "\x1b" not in doc.text
    long_line = ("Ã© word " * 20_000)  # one 160 KB line: token-level diff path
    doc = run(long_line)
    assert doc.text == "é word " * 20_000
    binaryish = bytes(range(1, 256)).decode("latin-1") * 10
    run(binaryish)
    # a removed control character that was whitespace changes the token count
    doc = run("word\x0b next " * 500)
    assert doc.text == "word next " * 500 and len(doc.edits) == 500
