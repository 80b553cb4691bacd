"""Cleanup metrics on toy cleaners whose right answers are known."""

from __future__ import annotations

import pytest

from mtbrief.evaluation.cleanup_metrics import (
    CleanOutput,
    build_corruption_set,
    corruption_metrics,
    damaged_gold_tokens,
    false_edit_metrics,
    token_distance,
    token_f1,
    unchanged_metrics,
    whitespace_metrics,
)
from mtbrief.evaluation.corrupt import Corruptor

DOCS = [
    ("a", "Officials in Baghdad said the forces met the Iranian president Ebrahim Raisi in May "
          "and discussed the “withdrawal” of American forces, and Baghdad agreed.", "en"),
    ("b", "The spokesman Nasser Kanaani described the plan and said Kanaani would travel to "
          "Tehran again, according to the reporter José Martí of the café.", "en"),
]
VARIANTS = {"kanaani": ["kanani"], "baghdad": ["bagdad"]}


@pytest.fixture(scope="module")
def corrupted():
    c = Corruptor(seed=1, name_variants=VARIANTS)
    return build_corruption_set(DOCS, c)


def identity(text, lang):
    return CleanOutput(text)


def test_token_distance_counts_spacing_case_and_quotes():
    assert token_distance("and Iraq", "andIraq") == 2
    assert token_distance("in the", "In the") == 1
    assert token_distance("Iraq” by", "Iraq“By") == 2
    assert token_distance("same", "same") == 0


def test_identity_cleaner_reduces_nothing(corrupted):
    res = corruption_metrics(corrupted, identity)
    assert res["error_reduction"] == pytest.approx(0.0)
    assert res["exact_repair"] == 0.0
    assert all(v["error_reduction"] == pytest.approx(0.0) for v in res["per_kind"].values())
    assert res["failures"]


def test_oracle_cleaner_repairs_everything(corrupted):
    gold = {d.text: d.gold for d in corrupted}
    res = corruption_metrics(corrupted, lambda t, lang: CleanOutput(gold[t]))
    assert res["error_reduction"] == pytest.approx(1.0)
    assert res["exact_repair"] == 1.0 and res["documents_restored"] == 1.0
    assert "mixed" in res["per_kind"] and len(res["per_kind"]) >= 5


def test_harmful_cleaner_scores_negative(corrupted):
    res = corruption_metrics(corrupted, lambda t, lang: CleanOutput(t.upper()))
    assert res["error_reduction"] < 0


def test_exact_repair_is_per_artifact(corrupted):
    # A cleaner that fixes one artifact per document and leaves the others.
    def fix_first(text, lang):
        doc = next(d for d in corrupted if d.text == text)
        inj = doc.injections[0]
        return CleanOutput(text[: inj.start] + inj.before + text[inj.end :])

    res = corruption_metrics(corrupted, fix_first)
    n = sum(len(d.injections) for d in corrupted)
    assert res["exact_repair"] == pytest.approx(len(corrupted) / n)
    assert 0 < res["error_reduction"] < 1


def test_damaged_tokens():
    assert damaged_gold_tokens("a b c", "a b c") == set()
    assert damaged_gold_tokens("a bc d", "a b c d") == {1, 2}


def test_false_edits_and_unchanged():
    docs = [("x", "one two three four", "en")]
    res = false_edit_metrics(docs, lambda t, lang: CleanOutput(t.replace("two", "Two"),
                                                               [("case", "two", "Two")]))
    assert res["false_edits_per_1000"] == pytest.approx(250.0)
    assert res["edit_records_per_1000"] == pytest.approx(250.0)
    assert false_edit_metrics(docs, identity)["false_edits_per_1000"] == 0.0
    res = unchanged_metrics([("1", "a", None), ("2", "b", None)],
                            lambda t, lang: CleanOutput(t if t == "a" else "B"))
    assert res["unchanged_rate"] == 0.5 and res["changed"][0]["after"] == "B"


def test_whitespace_metrics():
    lines = [("1", "thecat sat", "the cat sat"), ("2", "all fine", "all fine")]
    res = whitespace_metrics(lines, lambda t, lang: CleanOutput(t.replace("thecat", "the cat")))
    assert res["whitespace_error_reduction"] == 1.0
    assert res["whitespace_unchanged_rate"] == 1.0
    assert whitespace_metrics(lines, identity)["whitespace_error_reduction"] == 0.0


def test_token_f1():
    assert token_f1("the cat sat", "the cat sat") == 1.0
    assert token_f1("", "gold") == 0.0
    assert 0 < token_f1("the cat sat on a mat with menu links", "the cat sat") < 1


def test_per_kind_copies_use_the_given_corruptor_class():
    class Shouting(Corruptor):
        def corrupt(self, text, doc_id="", lang=None):
            doc = super().corrupt(text, doc_id, lang)
            doc.text = doc.text.upper()
            return doc

    text = "The base in the province of Anbar was hit again by drones in July and August."
    docs = build_corruption_set([("a", text, "en")], Shouting(kinds=["link_capital"], seed=1),
                                mixed=False)
    assert docs and all(d.text.isupper() for d in docs)
