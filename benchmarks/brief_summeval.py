"""Briefs of SummEval articles with one configuration, beside lead-3 on the same documents: ROUGE
(max over references, the evaluation suite's code), length, share of briefs with an unsupported
name or number, median latency.

    python benchmarks/brief_summeval.py [--docs 37] [--start 0] [--cap TOKENS] [--lead W]
        [--words 60] [--sents 3] [--model default] [--prompts DIR] [--out results.json]

``--cap`` overrides the brief stage's input cap (``INPUT_TOKEN_CAP``), ``--lead`` the extractive
lead prior, ``--prompts`` the prompts folder (to compare a new prompt version).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from mtbrief.brief import brief_many
from mtbrief.brief import extractive as E
from mtbrief.brief import pipeline as P
from mtbrief.evaluation.suite import _summary_metrics, split_sentences
from mtbrief.evaluation.text import detokenize_ptb

DATA = Path(__file__).resolve().parents[1] / "evaluation" / "data" / "summeval.jsonl"


def _rouge(d: dict) -> str:
    return "/".join(f"{100 * d[k]:.1f}" for k in ("rouge1", "rouge2", "rougeL"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=37)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--cap", type=int, default=P.INPUT_TOKEN_CAP)
    ap.add_argument("--lead", type=float, default=E.LEAD_WEIGHT)
    ap.add_argument("--words", type=int, default=60)
    ap.add_argument("--sents", type=int, default=3)
    ap.add_argument("--model", default="default")
    ap.add_argument("--prompts", default=None)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    P.INPUT_TOKEN_CAP, E.LEAD_WEIGHT = a.cap, a.lead
    if a.prompts:
        os.environ["MTBRIEF_PROMPTS_DIR"] = a.prompts
    with DATA.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh][a.start : a.start + a.docs]
    items, lead, lat, checks, outs = [], [], [], [], []
    for r in rows:
        art = detokenize_ptb(r["article"])
        refs = [detokenize_ptb(x) for x in r["reference_summaries"]]
        t0 = time.perf_counter()
        res = brief_many([art], model=a.model, max_words=a.words, max_sentences=a.sents,
                         lang="en")[0]
        lat.append(time.perf_counter() - t0)
        items.append((res.brief, art, refs, "en"))
        checks.append((res.clean.text, res.clean.name_map))
        lead.append((" ".join(split_sentences(art)[:3]), art, refs, "en"))
        outs.append({"id": r.get("id"), "brief": res.brief, "action": res.guard.action,
                     "seconds": lat[-1], "timings": res.timings})
        print(f"{len(lat):3d} {lat[-1]:5.1f}s {res.guard.action:10s} {res.brief[:150]!r}",
              flush=True)
    ours, _, _ = _summary_metrics(items, True, checks)
    base, _, _ = _summary_metrics(lead, True)
    print(f"config: cap={a.cap} lead={a.lead} words={a.words} prompts={a.prompts}")
    print(f"ours   R1/R2/RL {_rouge(ours)}  words {ours['words']:.1f}  unsupported "
          f"{ours['unsupported_rate']:.2f}  median {statistics.median(lat):.1f} s "
          f"(first, with load, {lat[0]:.1f} s)")
    print(f"lead-3 R1/R2/RL {_rouge(base)}  words {base['words']:.1f}")
    if a.out:
        a.out.write_text(json.dumps({"briefs": outs, "ours": ours, "lead3": base}, indent=1))


if __name__ == "__main__":
    main()
