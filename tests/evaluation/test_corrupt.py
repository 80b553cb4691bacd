"""The corruption generator: deterministic, every artifact recorded with a gold that undoes it."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtbrief.evaluation.corrupt import (
    KINDS,
    REPAIR_FOR_KIND,
    Corruptor,
    _mojibake,
    load_name_variants,
)

TEXT = (
    "Iraqi factions calling themselves the “Islamic Resistance in Iraq” said the attack on "
    "the base near Tehran was carried out by the group. Officials in Baghdad said the forces of "
    "the Coordination Framework close to Tehran met the Iranian president Ebrahim Raisi in May "
    "and discussed the withdrawal of American forces from Iraq. The spokesman Nasser Kanaani "
    "described the “folly” of the plan and said Kanaani would travel to Baghdad again, "
    "according to the Naïve café reporter José Martí.\n"
    "A second paragraph repeats that Baghdad and Tehran disagree about the base."
)
VARIANTS = {"kanaani": ["kanani"], "baghdad": ["bagdad"], "tehran": ["teheran"]}


def _undo(doc):
    text = doc.text
    for inj in sorted(doc.injections, key=lambda i: i.start, reverse=True):
        assert text[inj.start : inj.end] == inj.after
        text = text[: inj.start] + inj.before + text[inj.end :]
    return text


def test_deterministic_and_seeded():
    a = Corruptor(seed=7, name_variants=VARIANTS).corrupt(TEXT, "doc1", "en")
    b = Corruptor(seed=7, name_variants=VARIANTS).corrupt(TEXT, "doc1", "en")
    c = Corruptor(seed=8, name_variants=VARIANTS).corrupt(TEXT, "doc1", "en")
    assert a.text == b.text and a.injections == b.injections
    assert a.text != c.text
    assert a.text != TEXT and a.gold == TEXT


@pytest.mark.parametrize("seed", range(6))
def test_every_injection_is_recorded_and_reversible(seed):
    doc = Corruptor(seed=seed, name_variants=VARIANTS, per_tokens=20).corrupt(TEXT, "d", "en")
    assert doc.injections
    assert _undo(doc) == TEXT
    assert set(doc.kinds) <= set(KINDS)
    windows = sorted(i.gold_tokens for i in doc.injections)
    for (_, a1), (b0, _) in itertools.pairwise(windows):
        assert a1 < b0, "artifacts must be at least one token apart"


def test_kinds_look_like_the_seed_artifacts():
    seen = {}
    for seed in range(30):
        for kind in ("glued_word", "link_capital", "sentence_break", "quote", "name_variant",
                     "mojibake", "control_char"):
            doc = Corruptor([kind], seed=seed, name_variants=VARIANTS).corrupt(TEXT, "d", "en")
            for inj in doc.injections:
                seen.setdefault(kind, []).append((inj, doc.text))
    assert set(seen) == {"glued_word", "link_capital", "sentence_break", "quote", "name_variant",
                         "mojibake", "control_char"}
    for inj, _ in seen["glued_word"]:
        assert inj.after == "" and inj.before.isspace()
    for inj, _ in seen["link_capital"]:
        assert inj.after.isupper() and inj.before.islower()
    for inj, _ in seen["sentence_break"]:
        assert (inj.before, inj.after) == ("", ".")
    for inj, _ in seen["quote"]:
        assert inj.before[0] in "”\"" and inj.after[-1].isalpha() and " " not in inj.after
    for inj, _ in seen["name_variant"]:
        assert inj.after.lower() in VARIANTS[inj.before.lower()]
    for inj, _ in seen["mojibake"]:
        assert inj.after == _mojibake(inj.before)
        assert "Ã" in inj.after or "â" in inj.after
    for inj, _ in seen["control_char"]:
        assert inj.before == "" and not inj.after.isprintable()


def test_glue_never_makes_a_real_word_or_splits_a_name():
    text = "He went in to the house and saw Election Day posters near the bus stop today."
    for seed in range(40):
        doc = Corruptor(["glued_word"], seed=seed).corrupt(text, "x", "en")
        assert "into" not in doc.text.split()
        assert "ElectionDay" not in doc.text


def test_glue_keeps_titled_names_whole_and_never_repeats_a_pair():
    text = ("The testimony of Dr. Christine Blasey Ford was heard. " * 2
            + "Officials said that Furyk said nothing, and Furyk said it twice. " * 3)
    for seed in range(30):
        doc = Corruptor(["glued_word"], seed=seed, per_tokens=5,
                        max_per_kind=4).corrupt(text, "x", "en")
        assert "ChristineBlasey" not in doc.text
        befores = [doc.text[max(0, i.start - 6) : i.end + 4].lower() for i in doc.injections]
        assert sum("furyksaid" in b.replace(" ", "") for b in befores) <= 1


def test_name_variant_respells_one_mention_per_name_so_the_gold_stays_dominant():
    text = " ".join(["Kanaani spoke."] * 6)
    for seed in range(10):
        doc = Corruptor(["name_variant"], seed=seed, per_tokens=2, max_per_kind=4,
                        name_variants=VARIANTS).corrupt(text, "x", "en")
        assert len(doc.injections) == 1


def test_name_variant_needs_a_repeated_name_and_keeps_the_first_mention():
    once = "The minister Nasser Kanaani spoke in Baghdad yesterday about the talks."
    doc = Corruptor(["name_variant"], name_variants=VARIANTS).corrupt(once, "x", "en")
    assert doc.injections == []
    doc = Corruptor(["name_variant"], seed=3, name_variants=VARIANTS).corrupt(TEXT, "x", "en")
    first = TEXT.index("Kanaani")
    assert all(i.start > first for i in doc.injections)


def test_glossary_kind_uses_the_given_mapping():
    text = "The strike hit Jurf al-Sakhar again, and Jurf al-Sakhar was evacuated later."
    doc = Corruptor(["glossary"], glossary={"rock cliff": "Jurf al-Sakhar"}).corrupt(text, "g")
    assert "rock cliff" in doc.text and doc.kinds["glossary"] >= 1
    assert Corruptor(["glossary"]).corrupt(text, "g").injections == []


def test_ugly_inputs():
    c = Corruptor(name_variants=VARIANTS)
    assert c.corrupt("", "e").injections == []
    assert c.corrupt("   \n\n ", "w").text == "   \n\n "
    arabic = "قال الرئيس إن الحكومة ستخفض الضرائب على الشركات الصغيرة العام المقبل"
    doc = c.corrupt(arabic, "ar", "ar")
    assert _undo(doc) == arabic
    huge = (TEXT + "\n") * 200
    doc = Corruptor(name_variants=VARIANTS, max_per_kind=4).corrupt(huge, "h", "en")
    assert max(doc.kinds.values()) <= 4 and _undo(doc) == huge
    with pytest.raises(ValueError):
        Corruptor(["not_a_kind"])


def test_every_kind_maps_to_a_pipeline_repair():
    from mtbrief.cleanup.pipeline import REPAIR_NAMES

    assert set(REPAIR_FOR_KIND) == set(KINDS)
    assert set(REPAIR_FOR_KIND.values()) <= set(REPAIR_NAMES)


def test_attested_variant_table(tmp_path):
    (tmp_path / "t.jsonl").write_text(
        '{"latin_variants": {"assad": 40, "asad": 12, "xyz": 1}}\n'
        '{"latin_variants": ["Istanbul", "Constantinople", "Istambul"]}\n', encoding="utf-8")
    table = load_name_variants(str(tmp_path))
    assert table["assad"] == ["asad"]  # "xyz" seen once: not attested
    assert "constantinople" not in table.get("istanbul", [])  # an exonym, not a spelling
    assert "istambul" in table["istanbul"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400),
       st.integers(0, 5))
def test_any_text_corrupts_reversibly(text, seed):
    doc = Corruptor(seed=seed, name_variants=VARIANTS, per_tokens=10).corrupt(text, "p", "en")
    assert _undo(doc) == text
    assert all(i.kind in KINDS for i in doc.injections)
