"""Cleanup throughput on one core: ``mtbrief.clean`` beside ``ftfy.fix_text`` on the same articles.

Articles: real machine-translated English news (WMT22 ru-en, ten MT systems' outputs) and human
English news (WMT22 references, SummEdits, SummaC and AggreFact news documents, NTREX), packed
at segment boundaries into articles of about ``--kb`` KB, plus the seed article.  Each timed
pass runs over every article; after one warm-up pass (lexicons and models load once per
process) the median of ``--repeats`` passes is reported.  The process is
pinned to one CPU so "per core" means one core.  Target (issue 2): >= 100 articles of 5 KB/s.
The default pipeline is timed beside "rules only" (without the language-model check, which runs
where a rule found link damage: see ``lm_check.py``).

    python benchmarks/cleanup_throughput.py [--articles 200] [--kb 5] [--repeats 5]
                                            [--per-repair] [--profile]

``--per-repair`` times each repair's ``propose`` + ``Document.apply`` separately; ``--profile``
prints the 25 most expensive functions (cProfile, cumulative) of one pass.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import ftfy

import mtbrief
from mtbrief.cleanup.document import Document
from mtbrief.cleanup.pipeline import Pipeline, default_pipeline
from mtbrief.ingest.language import detect_language, dominant_script

REPO = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("MTBRIEF_DEV_DATA", REPO.parent / "shared" / "data" / "dev"))
SEED = REPO / "seeds" / "000_f02d0a58a933895d.txt"


def _listish(value: object) -> object:
    return ast.literal_eval(value) if isinstance(value, str) else value


def documents() -> list[str]:
    """Real news documents, one paragraph (or MT segment) per line."""
    docs: list[str] = []
    wmt = DEV / "wmt22_news_mt" / "wmt22_ru-en_news_docs.jsonl"
    for line in wmt.open(encoding="utf-8"):
        row = json.loads(line)
        for segments in _listish(row["mt_segments"]).values():  # type: ignore[union-attr]
            docs.append("\n".join(segments))
        docs.append("\n".join(_listish(row["ref_segments"])))  # type: ignore[arg-type]
    for line in (DEV / "summedits_news" / "docs.jsonl").open(encoding="utf-8"):
        docs.append(json.loads(line)["doc"])
    seen: set[str] = set()
    for name in (
        "summac_benchmark_subsets/summac_subsets.jsonl",
        "aggrefact_xsum_error_types/aggrefact_unified_xsum_errors.jsonl",
    ):
        for line in (DEV / name).open(encoding="utf-8"):
            text = json.loads(line)["document"]
            if text not in seen:
                seen.add(text)
                docs.append(text)
    ntrex = DEV / "ntrex_news_multiref" / "ntrex128_newstest2019_docs.jsonl"
    for line in ntrex.open(encoding="utf-8"):
        docs.append("\n".join(_listish(json.loads(line)["segments"])["en"]))  # type: ignore[index]
    return [d.strip() for d in docs if d.strip()]


def _cut(buffer: str, size: int) -> int:
    """Where to end an article of about ``size`` characters: a line end, else a sentence end."""
    window = buffer[: int(size * 1.1)]
    cut = window.rfind("\n")
    if cut < size * 0.8:
        cut = window.rfind(". ") + 1
    return cut if cut >= size * 0.8 else size


def articles(n: int, size: int) -> list[str]:
    """``n`` articles of about ``size`` characters: the seed, then documents packed end to end."""
    out = [SEED.read_text(encoding="utf-8")]
    buffer = ""
    for doc in documents():
        buffer += doc + "\n"
        while len(buffer) >= size and len(out) < n:
            cut = _cut(buffer, size)
            out.append(buffer[:cut].strip() + "\n")
            buffer = buffer[cut:].lstrip()
    return out[:n]


def timed_pass(fn, texts: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one pass of ``fn`` over ``texts``."""
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        fn(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def lm_usage(texts: list[str]) -> tuple[int, int, int]:
    """How much the default pipeline's language-model check read: (articles with rule
    evidence, where it judges every candidate; other articles where it probed the likeliest
    full stops; candidates scored in all), counted by wrapping its scorer."""
    from mtbrief.cleanup.repairs import lm_check

    scored = [0]
    real = lm_check.get_scorer

    class Counting:
        def __init__(self, inner: lm_check.Scorer) -> None:
            self.inner, self.name = inner, inner.name

        def log_probs(self, passages: list[str]) -> list[float]:
            scored[0] += len(passages) // 2  # two readings per candidate
            return self.inner.log_probs(passages)

    def counting(model: str) -> Counting | None:
        inner = real(model)
        return None if inner is None else Counting(inner)

    evidence = probed = 0
    rules = Pipeline.default(disable=["lm_check"])  # what the check's gate sees
    lm_check.get_scorer = counting  # type: ignore[assignment]
    try:
        for text in texts:
            before = scored[0]
            default_pipeline()(text)
            if scored[0] == before:
                continue
            if lm_check.has_link_damage(rules(text).edits):
                evidence += 1
            else:
                probed += 1
    finally:
        lm_check.get_scorer = real
    return evidence, probed, scored[0]


def per_repair(texts: list[str]) -> dict[str, float]:
    """CPU seconds per stage over ``texts`` (detection, each repair's propose + apply)."""
    seconds: dict[str, float] = defaultdict(float)
    pipeline = default_pipeline()
    for text in texts:
        t0 = time.process_time()
        script, lang = dominant_script(text), detect_language(text)
        seconds["detect language+script"] += time.process_time() - t0
        doc = Document(original=text, lang=lang, script=script)
        for repair in pipeline.repairs:
            if repair.scripts is not None and script not in repair.scripts:
                continue
            t0 = time.process_time()
            doc.apply(repair.propose(doc), repair.kind)
            seconds[repair.name] += time.process_time() - t0
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--kb", type=float, default=5.0)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--per-repair", action="store_true")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts = articles(args.articles, int(args.kb * 1000))
    total_bytes = sum(len(t.encode()) for t in texts)
    mb = total_bytes / 1e6
    print(
        f"{len(texts)} articles, {total_bytes / len(texts) / 1000:.1f} KB on average "
        f"({mb:.2f} MB), one core, median of {args.repeats} passes after one warm-up pass"
    )
    # The default pipeline runs the language-model check (lm_check) in English documents where
    # a rule found link damage; "rules only" is the same pipeline without it.
    rules_only = Pipeline.default(disable=["lm_check"])
    fns: dict[str, Callable[[str], object]] = {
        "mtbrief.clean": mtbrief.clean,
        "rules only": rules_only,
        "ftfy.fix_text": ftfy.fix_text,
    }
    for fn in fns.values():  # warm-up: lexicons, detectors, regexes, the model
        timed_pass(fn, texts)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
    for _ in range(args.repeats):  # interleaved, so load on the machine hits all alike
        for name, fn in fns.items():
            runs[name].append(timed_pass(fn, texts))
    # Wall time is what a user waits; CPU time is what the core spent (it differs when other
    # processes share the core).
    print(f"{'':16s} {'articles/s':>11s} {'MB/s':>6s} {'ms/art':>7s}   (CPU time: art/s, MB/s)")
    medians = {}
    for name, pairs in runs.items():
        wall = statistics.median(w for w, _ in pairs)
        cpu = statistics.median(c for _, c in pairs)
        medians[name] = (wall, cpu)
        ms = 1000 * wall / len(texts)
        print(
            f"{name:16s} {len(texts) / wall:11.1f} {mb / wall:6.2f} {ms:7.2f}"
            f"   ({len(texts) / cpu:.1f}, {mb / cpu:.2f})"
        )
    for name in ("mtbrief.clean", "rules only"):
        ratio = medians[name][0] / medians["ftfy.fix_text"][0]
        rate = len(texts) / medians[name][0]
        cpu_rate = len(texts) / medians[name][1]
        print(
            f"{name} takes {ratio:.1f}x the time of ftfy.fix_text; target >= 100 "
            f"articles/s: {'met' if rate >= 100 else 'NOT met'} ({rate:.0f}/s wall, "
            f"{cpu_rate:.0f}/s CPU time)"
        )
    evidence, probed, scored = lm_usage(texts)
    print(
        f"the language-model check judged every candidate in {evidence} of {len(texts)} "
        f"articles (rule evidence of link damage) and probed the likeliest full stops in "
        f"{probed} more; {scored} candidates scored in all"
    )
    if args.per_repair:
        seconds = per_repair(texts)
        print("per stage (one pass, CPU time):")
        for name, secs in sorted(seconds.items(), key=lambda kv: -kv[1]):
            print(f"  {name:26s} {1000 * secs / len(texts):7.2f} ms/article")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(timed_pass, mtbrief.clean, texts)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
