"""Median brief latency of the default model on the five English news articles nearest 700
words (evaluation/data/news_clean.jsonl), with the input capped at 1536, 512 and 768 tokens,
in one process on the same articles.  The issue's target: <= 6 s median on 2 cores.

    python benchmarks/brief_input_cap.py [--model default]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from mtbrief.brief import brief_many
from mtbrief.brief import pipeline as P

DATA = Path(__file__).resolve().parents[1] / "evaluation" / "data" / "news_clean.jsonl"
CAPS = (1536, 512, 768)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default="default")
    a = ap.parse_args()
    with DATA.open(encoding="utf-8") as fh:
        arts = [r["text"] for r in map(json.loads, fh) if r.get("lang") == "en"]
    arts = sorted((t for t in arts if 550 <= len(t.split()) <= 850),
                  key=lambda t: abs(len(t.split()) - 700))[:5]
    print("article words", [len(t.split()) for t in arts])
    brief_many([arts[0]], model=a.model, lang="en")  # load and warm up
    seconds: dict[int, list[float]] = {cap: [] for cap in CAPS}
    words: dict[int, list[int]] = {cap: [] for cap in CAPS}
    for text in arts:
        for cap in CAPS:  # interleaved, so machine noise hits every cap alike
            P.INPUT_TOKEN_CAP = cap
            t0 = time.perf_counter()
            r = brief_many([text], model=a.model, lang="en")[0]
            seconds[cap].append(time.perf_counter() - t0)
            words[cap].append(len(r.brief.split()))
            print(f"cap {cap}: {seconds[cap][-1]:.1f} s, {r.selection}, {words[cap][-1]} words",
                  flush=True)
    base = statistics.median(seconds[CAPS[0]])
    for cap in CAPS:
        med = statistics.median(seconds[cap])
        print(f"cap {cap}: median {med:.2f} s ({base / med:.2f}x vs cap {CAPS[0]}), "
              f"brief {statistics.mean(words[cap]):.0f} words")


if __name__ == "__main__":
    main()
