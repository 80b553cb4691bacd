"""Measure the language-model check (repair ``lm_check``): how well the model separates damage
from real sentence ends and capitals, what it costs, and what it adds to the rules.

    python benchmarks/lm_check.py [--data DIR] [--docs 60] [--show 10] [--no-speed]

English news the rules were not tuned on (NTREX-128 English and SummEval CNN/DM articles) is
damaged with the evaluation's own injector (``mtbrief.evaluation.corrupt``; link capitals and
spurious full stops, seed 13).  For every candidate the check would score (a full stop between a
lower-case and a capitalised word; a capitalised common word between lower-case words):

* separation: the model's gain (log-probability repaired minus as written) for candidates that
  are damage and for those that are not, as AUC and as recall / false accepts at several bounds,
  with the shipped bound (``MIN_GAIN``) marked;
* cost: milliseconds per candidate, candidates per 5 KB, and articles per second of the whole
  cleanup pipeline with the check off, "auto" and "always", side by side on the same damaged
  articles and on the clean originals, in this one process;
* effect: injected artifacts repaired exactly by the pipeline in each mode.

Nothing is copied into the repository; the figures go to ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from mtbrief.cleanup.pipeline import Pipeline
from mtbrief.cleanup.repairs import lm_check
from mtbrief.cleanup.repairs.lm_check import MIN_GAIN, candidates_in
from mtbrief.evaluation.cleanup_metrics import build_corruption_set, damaged_gold_tokens
from mtbrief.evaluation.corrupt import Corruptor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from link_capitals_check import detok_ptb

BOUNDS = tuple(sorted({2.0, 3.0, 4.0, 5.0, 6.0, 8.0, MIN_GAIN}))


def load(data: Path, limit: int) -> list[tuple[str, str, str]]:
    docs: list[tuple[str, str, str]] = []
    for line in (data / "ntrex_news_multiref/ntrex128_newstest2019_docs.jsonl").open():
        rec = json.loads(line)
        docs.append((f"ntrex-{len(docs)}", "\n".join(rec["segments"]["en"]), "en"))
    for line in (data / "summeval/summeval_cnndm_100docs.jsonl").open():
        rec = json.loads(line)
        docs.append((f"summeval-{len(docs)}", detok_ptb(rec["article"]), "en"))
    return docs[: limit // 2] + docs[-(limit - limit // 2) :]


def separation(damaged: list, scorer: lm_check.Scorer, show: int) -> None:
    labelled = []
    for d in damaged:
        starts = {i.start for i in d.injections}
        for c in candidates_in(d.text, "en"):
            hit = any(abs(c.start - s) <= 1 for s in starts)
            labelled.append((hit, c, d.text))
    t0 = time.perf_counter()
    gains = []
    for _, c, text in labelled:
        lm_check.judge(text, [c], _Recorder(scorer, gains))
    elapsed = time.perf_counter() - t0
    pos = [g for (hit, _, _), g in zip(labelled, gains, strict=True) if hit]
    neg = [g for (hit, _, _), g in zip(labelled, gains, strict=True) if not hit]
    auc = sum(1 for p in pos for n in neg if p > n) / max(1, len(pos) * len(neg))
    print(f"candidates: {len(pos)} damage, {len(neg)} not; AUC {auc:.3f}; "
          f"{1000 * elapsed / max(1, len(labelled)):.0f} ms per candidate (2 readings each)")
    accepted = [
        (g, c, text) for (hit, c, text), g in zip(labelled, gains, strict=True)
        if not hit and g >= MIN_GAIN
    ]
    for g, c, text in sorted(accepted, key=lambda x: -x[0])[:show]:
        context = text[max(0, c.start - 60) : c.end + 40].replace("\n", " | ")
        print(f"  false accept, gain {g:5.1f}, {c.kind}: ...{context}...")
    for bound in BOUNDS:
        mark = "  <- shipped" if bound == MIN_GAIN else ""
        rec = sum(g >= bound for g in pos) / max(1, len(pos))
        fa = sum(g >= bound for g in neg)
        print(f"  gain >= {bound:4.1f}: recall {rec:.2f}, false accepts {fa} of {len(neg)}{mark}")


class _Recorder:
    """Passes scores through and records each candidate's gain."""

    def __init__(self, scorer: lm_check.Scorer, gains: list[float]) -> None:
        self.scorer, self.gains, self.name = scorer, gains, scorer.name

    def log_probs(self, texts: list[str]) -> list[float]:
        scores = self.scorer.log_probs(texts)
        self.gains += [scores[k + 1] - scores[k] for k in range(0, len(scores), 2)]
        return scores


def effect_and_speed(docs: list, damaged: list) -> None:
    clean_texts = [t for _, t, _ in docs]
    warm = Pipeline.default()
    for text in clean_texts[:5] + [d.text for d in damaged[:5]]:
        warm(text, lang="en")  # word lists and the model load once, outside the timings
    print("mode     exact repairs (capitals, full stops)   art/s damaged   art/s clean")
    for mode in ("off", "auto", "always"):
        pipe = Pipeline.default()
        pipe.repairs = [
            lm_check.LanguageModelCheck(mode=mode) if r.name == "lm_check" else r
            for r in pipe.repairs
        ]
        ok = {"link_capital": [0, 0], "sentence_break": [0, 0]}
        t0 = time.perf_counter()
        for d in damaged:
            out = pipe(d.text, lang="en").text
            dam = damaged_gold_tokens(out, d.gold)
            for inj in d.injections:
                a, b = inj.gold_tokens
                ok[inj.kind][0] += not dam.intersection(range(a, b))
                ok[inj.kind][1] += 1
        rate_damaged = len(damaged) / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        for text in clean_texts:
            pipe(text, lang="en")
        rate_clean = len(clean_texts) / (time.perf_counter() - t0)
        lc, sb = ok["link_capital"], ok["sentence_break"]
        print(f"{mode:8s} {lc[0]:3d}/{lc[1]:3d}  {sb[0]:3d}/{sb[1]:3d}"
              f"{'':22s}{rate_damaged:8.1f}      {rate_clean:8.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data/dev"))
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--model", default="small")
    ap.add_argument("--show", type=int, default=10, help="false accepts to list")
    ap.add_argument("--no-speed", action="store_true", help="separation only")
    args = ap.parse_args()
    scorer = lm_check.get_scorer(args.model)
    if scorer is None:
        raise SystemExit(f"model {args.model!r} is not prepared: mtbrief models prepare")
    docs = load(args.data, args.docs)
    corruptor = Corruptor(kinds=["link_capital", "sentence_break"], seed=13)
    damaged = build_corruption_set(docs, corruptor, mixed=False)
    chars = sum(len(t) for _, t, _ in docs)
    per_doc = statistics.mean(len(candidates_in(t, "en")) for _, t, _ in docs)
    per5k = per_doc * 5000 / (chars / len(docs))
    print(f"{len(docs)} English articles ({chars / len(docs) / 1000:.1f} KB on average), "
          f"{len(damaged)} damaged copies; model {scorer.name}; "
          f"{per5k:.1f} candidates per 5 KB of clean text")
    separation(damaged, scorer, args.show)
    if not args.no_speed:
        effect_and_speed(docs, damaged)


if __name__ == "__main__":
    main()
