"""The lexical faithfulness score, and its agreement with human labels vs entity overlap."""

from __future__ import annotations

import json

import pytest

from mtbrief.evaluation import faithfulness as fm

SOURCE = (
    "The Iraqi government said on Tuesday that 8 soldiers were injured in an attack on the Ain "
    "al-Assad base. Prime Minister Mohammed Shia al-Sudani condemned the attack. The United "
    "States said its forces would respond."
)


def test_faithful_summary_scores_higher_than_invented_facts():
    good = "8 soldiers were injured in an attack on the Ain al-Assad base, the government said."
    bad = "Pentagon chief Lloyd Austin said 40 soldiers died when rockets hit a Kuwaiti airport."
    assert fm.faithfulness_score(good, SOURCE) > fm.DEFAULT_THRESHOLD > \
        fm.faithfulness_score(bad, SOURCE)
    f = fm.features(bad, SOURCE)
    assert f["unsupported_numbers"] >= 1 and f["unsupported_names"] >= 1
    assert f["worst_novel_unigram"] > 0.5


def test_unsupported_names_and_numbers():
    bad = fm.unsupported_names_and_numbers("They say Kani met Raisi, 1,200 people and 8 soldiers",
                                           SOURCE + " Raisi spoke to 1200 people.")
    assert ("name", "Kani") in bad and ("number", "1200") not in bad
    assert all(k != "number" or v != "8" for k, v in bad)


def test_entity_overlap_baseline():
    assert fm.entity_overlap("nothing capitalised here", SOURCE) == 1.0
    assert fm.entity_overlap("They met Sudani and Biden.", SOURCE) == pytest.approx(0.5)


def test_ugly_inputs():
    assert 0.0 <= fm.faithfulness_score("", SOURCE) <= 1.0
    assert 0.0 <= fm.faithfulness_score("Текст на русском языке.", "") <= 1.0
    assert 0.0 <= fm.faithfulness_score("政府说八名士兵受伤。", "政府说八名士兵受伤。", "zh") <= 1.0


def test_balanced_accuracy_and_threshold():
    scores, labels = [0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0]
    assert fm.balanced_accuracy(scores, labels, 0.5) == 1.0
    assert fm.balanced_accuracy(scores, labels, 0.95) == 0.5
    assert 0.3 < fm.best_threshold(scores, labels) < 0.8
    assert fm.balanced_accuracy([0.5], [1], 0.5) != fm.balanced_accuracy([0.5], [1], 0.5)  # nan


def test_fit_weights_learns_a_separating_direction():
    x = [[0.0], [0.1], [0.2], [0.8], [0.9], [1.0]]
    y = [1, 1, 1, 0, 0, 0]
    w = fm.fit_weights(x, y)
    assert w[0] < 0
    assert fm.split_half("doc-1") in ("calibration", "test")
    assert fm.split_half("doc-1") == fm.split_half("doc-1")


def test_beats_entity_overlap_on_human_labels(eval_dir):
    """Held-out balanced accuracy on the shipped SummEdits + SummaC labels (Apache-2.0)."""
    rows = []
    docs = {}
    with (eval_dir / "data" / "summedits_docs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            docs[r["doc_id"]] = r["doc"]
    with (eval_dir / "data" / "summedits_summaries.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows.append((r["doc_id"], docs[r["doc_id"]], r["summary"], r["label"]))
    with (eval_dir / "data" / "summac_subsets.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows.append((r["document"][:200], r["document"], r["summary"], r["label"]))
    feats = [fm.features(s, d) for _, d, s, _ in rows]
    half = [fm.split_half(g) for g, *_ in rows]
    cal = [i for i, h in enumerate(half) if h == "calibration"]
    test = [i for i, h in enumerate(half) if h == "test"]
    w = fm.fit_weights([[feats[i][k] for k in fm.FEATURES] for i in cal], [rows[i][3] for i in cal])
    result = {}
    for name, score in (("ours", lambda i: fm.score_features(feats[i], w)),
                        ("entity", lambda i: feats[i]["entity_overlap"])):
        th = fm.best_threshold([score(i) for i in cal], [rows[i][3] for i in cal])
        result[name] = fm.balanced_accuracy([score(i) for i in test], [rows[i][3] for i in test],
                                            th)
    print("balanced accuracy (test half):", result)
    assert result["ours"] > result["entity"]
    assert result["ours"] > 0.58  # measured 0.600 (entity overlap 0.573)
