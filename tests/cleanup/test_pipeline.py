"""The whole cleanup stage: the seed article, the audit trail, input that must pass untouched."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtbrief
from mtbrief.cleanup.pipeline import REPAIR_NAMES, Pipeline

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = SEEDS / "000_f02d0a58a933895d.txt"
EXPECTED = SEEDS / "000_f02d0a58a933895d.expected.txt"


def test_seed_article_comes_out_exactly_as_expected() -> None:
    raw = SEED.read_text(encoding="utf-8")
    result = mtbrief.clean(raw)
    assert result.lang == "en"
    expected = EXPECTED.read_text(encoding="utf-8")
    if result.text != expected:  # show the differing lines, not two 7 KB blobs
        pairs = zip(result.text.splitlines(), expected.splitlines(), strict=False)
        diff = [(a, b) for a, b in pairs if a != b]
        pytest.fail("seed cleanup differs from seeds/*.expected.txt:\n" + "\n".join(
            f"- got:      {a}\n  expected: {b}" for a, b in diff))
    assert mtbrief.revert_edits(result.text, result.edits) == raw


def test_seed_edits_are_explained_and_cover_every_artifact_kind() -> None:
    result = mtbrief.clean(SEED.read_text(encoding="utf-8"))
    kinds = {k for e in result.edits for k in e.kind.split("+")}
    assert {"glued_word", "link_capital", "quote", "glossary", "name_variant"} <= kinds
    for e in result.edits:
        assert e.reason.strip() and 0.0 < e.confidence <= 1.0
    by_before = {e.before: e.after for e in result.edits}
    assert by_before.get("Kenny") == "Kani"
    assert result.name_map.get("Kenny") == "Kani"
    assert "Kanaani" not in result.name_map and "Kanaani" in result.text  # never merged


def test_expected_seed_is_a_fixed_point() -> None:
    """Cleaning already-clean text changes nothing."""
    expected = EXPECTED.read_text(encoding="utf-8")
    result = mtbrief.clean(expected)
    assert [(e.before, e.after, e.kind) for e in result.edits] == []
    assert result.text == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("قالت وزارة الخارجية الإيرانية إن المحادثات ستستمر في الأسبوع المقبل.", "ar"),
        ("وزیر امور خارجه ایران روز دوشنبه به بغداد سفر کرد.", "fa"),
        ("伊朗外交部长周一抵达巴格达，与伊拉克总理举行会谈。", "zh"),
    ],
)
def test_unsupported_scripts_pass_through_with_language_reported(text: str, lang: str) -> None:
    result = mtbrief.clean(text)
    assert result.text == text
    assert result.edits == []
    assert result.lang == lang
    assert set(result.skipped) >= {"glued_words", "link_capitals"}


def test_a_failing_repair_is_reported_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture, broken_repair: object
) -> None:
    """A bug in one repair (here one that raises) costs only that repair's edits: the others
    run, the result names the failure in ``skipped``, and the log has the traceback."""
    pipe = Pipeline.default(disable=["lm_check"])
    pipe.repairs.insert(0, broken_repair)  # type: ignore[arg-type]
    raw = SEED.read_text(encoding="utf-8")
    with caplog.at_level("ERROR", logger="mtbrief.cleanup.pipeline"):
        result = pipe(raw)
    assert result.skipped[0] == "broken (failed: IndexError: list index out of range)"
    assert "andIraq" not in result.text and "and Iraq" in result.text  # glued_words still ran
    assert any("broken" in r.getMessage() and r.exc_info for r in caplog.records)


def test_disabling_a_repair_leaves_its_artifacts() -> None:
    raw = SEED.read_text(encoding="utf-8")
    result = Pipeline.default(disable=["glued_words"])(raw)
    assert "andIraq" in result.text
    assert not any("glued_word" in e.kind for e in result.edits)
    with pytest.raises(ValueError, match="unknown repair"):
        Pipeline.default(disable=["no_such_repair"])
    assert len(REPAIR_NAMES) == 7


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from([*list('aeiou nrstIWKX.,“”"’…\n'), "and", "which", "In ", "Iraq", "Kani"]),
        min_size=1,
        max_size=60,
    ).map("".join).filter(lambda s: s.strip())
)
def test_any_input_gives_a_replayable_non_overlapping_edit_log(text: str) -> None:
    result = mtbrief.clean(text, lang="en")
    edits = result.edits
    for a, b in itertools.pairwise(edits):
        assert a.end < b.start
    assert mtbrief.apply_edits(text, edits) == result.text
    assert mtbrief.revert_edits(result.text, edits) == text
