"""ROUGE over Unicode tokens: sensible on non-Latin scripts, equal to rouge-score on English."""

from __future__ import annotations

import statistics

import pytest

from mtbrief.evaluation.rouge import rouge, rouge_l, rouge_n
from mtbrief.evaluation.text import detokenize_ptb, split_sentences, tokenize

AR_REF = "قال الرئيس إن الحكومة ستخفض الضرائب على الشركات الصغيرة العام المقبل"
AR_GOOD = "الحكومة ستخفض الضرائب على الشركات الصغيرة"
AR_BAD = "فاز الفريق بالمباراة النهائية أمس في الملعب"
RU_REF = "Президент заявил, что правительство снизит налоги для малого бизнеса в следующем году"
RU_GOOD = "Правительство снизит налоги для малого бизнеса"
RU_BAD = "Команда выиграла финальный матч вчера на стадионе"
ZH_REF = "美国政府正考虑切断美国供应商与华为公司之间的所有联系"
ZH_GOOD = "美国政府考虑切断供应商与华为的联系"
ZH_BAD = "今天天气很好我们去公园散步"


def test_tokenize_scripts():
    assert tokenize("Путин заявил: 7 тыс.") == ["путин", "заявил", "7", "тыс"]
    assert tokenize("华为公司2023年") == ["华", "为", "公", "司", "2023", "年"]
    assert tokenize("قال الرئيس") == ["قال", "الرئيس"]
    assert tokenize("Don't stop, café!") == ["don", "t", "stop", "café"]
    assert tokenize("") == [] and tokenize("... !!! ---") == []
    # Thai has no spaces: one token per character cluster, never one token for the whole line
    assert len(tokenize("สวัสดีครับ")) > 3
    # Full-width digits are normalised
    assert tokenize("２０２４年") == ["2024", "年"]


@pytest.mark.parametrize(
    ("ref", "good", "bad", "lang"),
    [(AR_REF, AR_GOOD, AR_BAD, "ar"), (RU_REF, RU_GOOD, RU_BAD, "ru"),
     (ZH_REF, ZH_GOOD, ZH_BAD, "zh")],
)
def test_non_latin_scores_are_nonzero_and_ordered(ref, good, bad, lang):
    for stem in (False, True):
        g, b = rouge(good, ref, lang, stem), rouge(bad, ref, lang, stem)
        assert g["rouge1"].fmeasure > 0.4
        assert g["rouge2"].fmeasure > 0.2
        assert g["rougeL"].fmeasure > 0.4
        assert b["rouge1"].fmeasure < 0.2 < g["rouge1"].fmeasure
        assert rouge(ref, ref, lang, stem)["rougeL"].fmeasure == pytest.approx(1.0)


def test_stemming_helps_inflected_russian():
    ref = "Правительство снизит налоги"
    cand = "правительства снижает налогов"
    assert rouge(cand, ref, "ru", stem=True)["rouge1"].fmeasure > \
        rouge(cand, ref, "ru", stem=False)["rouge1"].fmeasure


def test_multi_reference_takes_best_per_metric():
    refs = ["the cat sat on the mat", "a dog barked loudly at night"]
    one = rouge("a dog barked at night", refs[1])
    multi = rouge("a dog barked at night", refs)
    assert multi["rouge1"].fmeasure == pytest.approx(one["rouge1"].fmeasure)
    assert multi["rouge1"].fmeasure > rouge("a dog barked at night", refs[0])["rouge1"].fmeasure
    with pytest.raises(ValueError):
        rouge("x", [])


def test_edge_cases():
    assert rouge("", "reference text")["rouge1"].fmeasure == 0.0
    assert rouge("candidate", "")["rougeL"].fmeasure == 0.0
    assert rouge_n(["a", "a", "b"], ["a", "b"], 1).precision == pytest.approx(2 / 3)
    assert rouge_l(["a", "b", "c", "d"], ["a", "c", "d"]).recall == pytest.approx(1.0)
    long = "word " * 20000
    assert rouge(long, long)["rouge2"].fmeasure == pytest.approx(1.0)


def test_agrees_with_rouge_score_on_english(summeval):
    rs = pytest.importorskip("rouge_score.rouge_scorer")
    docs = summeval[:12]
    for stem in (False, True):
        scorer = rs.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=stem)
        for system in ("M22", "M23", "M0"):
            ours, theirs = {k: [] for k in ("rouge1", "rouge2", "rougeL")}, {
                k: [] for k in ("rouge1", "rouge2", "rougeL")}
            for d in docs:
                summ = {s["system"]: s["summary"] for s in d["system_summaries"]}[system]
                mine = rouge(summ, d["reference_summaries"], "en", stem)
                for k in ours:
                    ours[k].append(mine[k].fmeasure)
                    theirs[k].append(max(scorer.score(r, summ)[k].fmeasure
                                         for r in d["reference_summaries"]))
            for k in ours:
                diff = 100 * abs(statistics.mean(ours[k]) - statistics.mean(theirs[k]))
                assert diff < 0.1, (system, k, stem, diff)
                if not stem:  # same tokens, same counts: identical per document
                    assert ours[k] == pytest.approx(theirs[k], abs=1e-9)


def test_sentences_and_detokenize():
    assert split_sentences("One. Two! 三。四") == ["One.", "Two!", "三。", "四"]
    assert split_sentences("") == []
    ptb = "Chelsea 's offer ( big ) , he said ."
    assert detokenize_ptb(ptb) == "Chelsea's offer (big), he said."
