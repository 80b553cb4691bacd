"""What the language-model check costs and changes on Russian news, per model, side by side.

Russian is judged by the multilingual model (``cleanup_lm_multilingual_model``, the packaged
Qwen2.5-Coder-1.5B by default) where it is prepared, else by the small model under narrower
rules, or not at all (``--lm off``).  This script runs the three configurations in one process
over the same articles:

* clean Russian news: the suite's clean Russian copies (``evaluation/data/news_clean.jsonl``)
  and the WMT22 ru-en Russian sources (one segment per line) from the dev data;
* the same articles damaged by the evaluation's injector (link capitals, full stops, glued words,
  quotes), one mixed copy each.

For each it prints the median and mean time per article, the candidates the check scored, the
edits it made on clean text (every one is a false edit) and, on the damaged copies, how many
injected link capitals and full stops came back exactly as in the original.  The CPU threads are
CTranslate2's (``MTBRIEF_CT2_THREADS``, default: the cores this process may use).

    python benchmarks/lm_check_russian.py [--articles 40]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import time
from pathlib import Path

from mtbrief.cleanup.pipeline import Pipeline
from mtbrief.cleanup.repairs import lm_check
from mtbrief.cleanup.repairs.lm_check import LanguageModelCheck
from mtbrief.evaluation import cleanup_metrics
from mtbrief.evaluation.corrupt import Corruptor

REPO = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("MTBRIEF_DEV_DATA", REPO.parent / "shared" / "data" / "dev"))
KINDS = ["glued_word", "link_capital", "sentence_break", "quote"]


def articles(n: int) -> list[tuple[str, str]]:
    """(id, text) of up to ``n`` clean Russian news articles."""
    out: list[tuple[str, str]] = []
    for line in (REPO / "evaluation" / "data" / "news_clean.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("lang") == "ru":
            out.append((str(row["id"]), row["text"]))
    wmt = DEV / "wmt22_news_mt" / "wmt22_ru-en_news_docs.jsonl"
    if wmt.is_file():
        for k, line in enumerate(wmt.open(encoding="utf-8")):
            segments = json.loads(line)["src_segments"]
            segments = ast.literal_eval(segments) if isinstance(segments, str) else segments
            out.append((f"wmt22-{k}", "\n".join(segments)))
    return out[:n]


class Counting:
    """Counts the candidates a scorer reads (two passages each)."""

    def __init__(self, inner: lm_check.Scorer) -> None:
        self.inner, self.name, self.scored = inner, inner.name, 0

    def log_probs(self, passages: list[str]) -> list[float]:
        self.scored += len(passages) // 2
        return self.inner.log_probs(passages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=40)
    args = ap.parse_args()
    clean = articles(args.articles)
    corruptor = Corruptor(kinds=KINDS, seed=13, per_tokens=150, max_per_kind=4)
    damaged = cleanup_metrics.build_corruption_set(
        [(doc_id, text, "ru") for doc_id, text in clean], corruptor, per_kind=False
    )
    counters: dict[str, Counting] = {}
    real = lm_check.get_scorer

    def counting(model: str) -> Counting | None:
        if model not in counters:
            inner = real(model)
            if inner is None:
                return None
            counters[model] = Counting(inner)
        return counters[model]

    lm_check.get_scorer = counting  # type: ignore[assignment]
    rules = Pipeline.default(disable=["lm_check"]).repairs
    configs = {
        "multilingual model": LanguageModelCheck(mode="auto", multilingual_model="default"),
        "small model only": LanguageModelCheck(mode="auto", multilingual_model="none"),
        "check off": None,
    }
    if not lm_check.is_available("default"):
        print("the default model is not prepared: the first row runs the small model's rules")
    print(f"{len(clean)} clean Russian articles, {len(damaged)} damaged copies")
    print(
        f"{'configuration':20} {'set':8} {'median ms':>9} {'mean ms':>8} {'scored':>7} "
        f"{'edits':>6} {'exact':>11}"
    )
    for label, check in configs.items():
        pipe = Pipeline(list(rules) + ([check] if check else []))
        pipe(clean[0][1], lang="ru")  # loads lexicons and the model
        for set_name, docs in (("clean", [(t, None) for _, t in clean]),
                               ("damaged", [(d.text, d) for d in damaged])):
            before = sum(c.scored for c in counters.values())
            times, edits, exact, injected = [], 0, 0, 0
            for text, doc in docs:
                t0 = time.perf_counter()
                result = pipe(text, lang="ru")
                times.append(time.perf_counter() - t0)
                if doc is None:
                    edits += sum(1 for e in result.edits if e.kind in lm_check.EVIDENCE_KINDS)
                    continue
                damaged_tokens = cleanup_metrics.damaged_gold_tokens(result.text, doc.gold)
                for inj in doc.injections:
                    if inj.kind in ("link_capital", "sentence_break"):
                        injected += 1
                        exact += not damaged_tokens.intersection(range(*inj.gold_tokens))
            scored = sum(c.scored for c in counters.values()) - before
            print(
                f"{label:20} {set_name:8} {statistics.median(times) * 1000:9.0f} "
                f"{statistics.mean(times) * 1000:8.0f} {scored:7d} "
                f"{edits if set_name == 'clean' else '':>6} "
                f"{f'{exact}/{injected}' if set_name == 'damaged' else '':>11}"
            )
    lm_check.get_scorer = real  # type: ignore[assignment]


if __name__ == "__main__":
    main()
