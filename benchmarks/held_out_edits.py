"""Every edit the whole cleanup pipeline makes on clean news it was never tuned on.

    python benchmarks/held_out_edits.py [--data DIR] [--show 20] [--kind link_capital]

Clean human-written text should come back unchanged, so on this pool an edit is either the
repair of a real error in the source (a space before a full stop, mojibake, a name the outlet
spelt two ways) or a false edit.  The script prints edits per 1000 word tokens per edit kind and
per source, and lists edits with context and reason so that a person can judge them.

The pool: documents of the team's evaluation folder that no repair was tuned on - summedits,
SummaC (factcc, xsumfaith), AggreFact XSum, the XL-Sum/MLSUM/XSum articles of
news_sum_multilingual (45 languages) and the NTREX documents in languages other than
en/ru/uk - less any document that also appears in SummEval.  Lower-cased or PTB-tokenised sets
(qags, SummaC polytope) are left out: they are not clean text.  Nothing is copied into the
repository.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from mtbrief.cleanup.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())[:300]


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def pool(data: Path) -> list[tuple[str, str, str]]:
    """(source, lang, text) of every held-out document, de-duplicated."""
    seen = {_key(r["article"]) for r in _read(data / "summeval/summeval_cnndm_100docs.jsonl")}
    out: list[tuple[str, str, str]] = []

    def add(src: str, lang: str, text: str) -> None:
        k = _key(text)
        if text.strip() and k not in seen:
            seen.add(k)
            out.append((src, lang, text))

    for r in _read(data / "summedits_news/docs.jsonl"):
        add("summedits", r.get("lang", "en"), r["doc"])
    for r in _read(data / "summac_benchmark_subsets/summac_subsets.jsonl"):
        if r["benchmark"] not in ("summeval", "polytope"):
            add(f"summac_{r['benchmark']}", "en", r["document"])
    for r in _read(data / "aggrefact_xsum_error_types/aggrefact_unified_xsum_errors.jsonl"):
        add("aggrefact_xsum", "en", r["document"])
    for r in _read(data / "news_sum_multilingual/news_sum_multilingual.jsonl"):
        add(f"news_sum_{r['dataset']}", r["lang"], r["article"])
    for r in _read(data / "ntrex_news_multiref/ntrex128_newstest2019_docs.jsonl"):
        for lang, segments in r["segments"].items():
            if lang not in ("en", "ru", "uk"):  # the tuned languages
                add("ntrex", lang, "\n".join(segments))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    ap.add_argument("--show", type=int, default=20, help="edits to list per kind")
    ap.add_argument("--kind", help="list only this edit kind")
    args = ap.parse_args()
    docs = pool(args.data)
    clean = Pipeline.default()
    tokens: Counter[str] = Counter()
    edits: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    for src, lang, text in docs:
        tokens[src] += len(text.split())
        for e in clean(text, lang=lang).edits:
            edits[e.kind] += 1
            by_source[src] += 1
            context = (f"{text[max(0, e.start - 40):e.start]!r} [{e.before!r} -> {e.after!r}] "
                       f"{text[e.end:e.end + 30]!r} | {e.reason[:100]}")
            shown[e.kind].append(f"  [{src}/{lang}] {context}")
    total = sum(tokens.values())
    print(f"{len(docs)} documents, {total} word tokens")
    print("edits per kind (per 1000 tokens):")
    for kind, n in edits.most_common():
        print(f"  {kind:24s} {n:4d}  {1000 * n / total:.3f}")
    print(f"  {'all':24s} {sum(edits.values()):4d}  {1000 * sum(edits.values()) / total:.3f}")
    print("edits per source (per 1000 tokens):")
    for src in sorted(tokens):
        print(f"  {src:24s} {by_source[src]:4d} / {tokens[src]:6d}  "
              f"{1000 * by_source[src] / tokens[src]:.3f}")
    for kind, lines in sorted(shown.items()):
        if args.kind and kind != args.kind:
            continue
        if args.show:
            print(f"== {kind} ({len(lines)})")
            print("\n".join(lines[: args.show]))


if __name__ == "__main__":
    main()
