"""The edit log: offsets point into the input, edits never overlap, and replaying or reverting
them reproduces the cleaned text and the input exactly, whatever the repairs proposed."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtbrief.cleanup.document import Document, Edit, Proposal, apply_edits, revert_edits


def _check_invariants(doc: Document) -> None:
    edits = doc.edits
    assert edits == sorted(edits, key=lambda e: e.start)
    for a, b in itertools.pairwise(edits):
        assert a.end < b.start, f"edits overlap or touch: {a} {b}"
    for e in edits:
        assert doc.original[e.start : e.end] == e.before
        assert e.before != e.after
    assert apply_edits(doc.original, edits) == doc.text
    assert revert_edits(doc.text, edits) == doc.original


@st.composite
def _stage(draw: st.DrawFn, length: int) -> list[Proposal]:
    """Random non-overlapping proposals on a text of ``length`` characters."""
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=8)))
    props = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        rep = draw(st.text(alphabet="xyz ’.", max_size=4))
        props.append(Proposal(a, b, rep, reason="test", confidence=0.5))
    return props


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .“”\n", min_size=0, max_size=40), st.data())
def test_random_stages_keep_the_log_exact(text: str, data: st.DataObject) -> None:
    doc = Document(original=text)
    for i in range(data.draw(st.integers(1, 4))):
        doc.apply(data.draw(_stage(len(doc.text))), kind=f"k{i}")
        _check_invariants(doc)


def test_touching_proposals_of_two_repairs_merge_into_one_edit() -> None:
    doc = Document(original="Syria andIraq For attacks")
    doc.apply([Proposal(9, 9, " ", "glued")], kind="glued_word")
    assert doc.text == "Syria and Iraq For attacks"
    doc.apply([Proposal(15, 18, "for", "link capital")], kind="link_capital")
    assert doc.text == "Syria and Iraq for attacks"
    assert [(e.start, e.end, e.before, e.after, e.kind) for e in doc.edits] == [
        (9, 9, "", " ", "glued_word"),
        (14, 17, "For", "for", "link_capital"),
    ]
    doc.apply([Proposal(10, 14, "IRAQ", "x")], kind="case")  # touches the insertion at 9
    assert doc.edits[0] == Edit(
        start=9, end=13, before="Iraq", after=" IRAQ", kind="glued_word+case",
        reason="glued; x", confidence=0.9,
    )
    _check_invariants(doc)


def test_a_later_repair_that_undoes_an_edit_removes_it() -> None:
    doc = Document(original="cliffwhich")
    doc.apply([Proposal(5, 5, " ", "split")], kind="glued_word")
    doc.apply([Proposal(5, 6, "", "join")], kind="other")
    assert doc.text == "cliffwhich"
    assert doc.edits == []


def test_conflicting_proposals_keep_the_more_confident() -> None:
    doc = Document(original="abcdef")
    doc.apply(
        [Proposal(1, 3, "X", "weak", 0.3), Proposal(2, 4, "Y", "strong", 0.8)], kind="k"
    )
    assert doc.text == "abYef"


def test_out_of_range_proposal_is_a_bug_not_silence() -> None:
    with pytest.raises(ValueError):
        Document(original="abc").apply([Proposal(2, 9, "x", "r")], kind="k")


def test_replay_rejects_edits_of_another_text() -> None:
    e = Edit(start=0, end=1, before="a", after="b", kind="k", reason="r", confidence=1.0)
    with pytest.raises(ValueError):
        apply_edits("zzz", [e])
    with pytest.raises(ValueError):
        revert_edits("zzz", [e])
