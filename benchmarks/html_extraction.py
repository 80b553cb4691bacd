"""Article extraction quality on real news pages against human gold bodies.

Compares trafilatura (default / favor_precision / favor_recall), a selectolax (lexbor) paragraph
baseline, and mtbrief's extractor (``mtbrief.ingest.html.extract_text``: link-edge spacing +
trafilatura favor_precision with fallbacks).  Scores are token-level (bag of lower-cased word
tokens): precision, recall and F1 per page, averaged over pages.

    python benchmarks/html_extraction.py [--data DIR] [--show-diff] [--glue]

``--glue`` first simulates the machine-translation artifact: the whitespace between a word and a
link edge (``and <a>Iraq</a> which``) is deleted in the raw HTML (``and<a>Iraq</a>which``), so
the scores show how much of the glue each extractor lets through.

DIR defaults to ../shared/data/dev/article_extraction_news (html/*.html.gz + ground_truth.jsonl).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import statistics
import time
from pathlib import Path

import regex
import trafilatura
from selectolax.lexbor import LexborHTMLParser

from mtbrief.ingest.html import decode_html, extract_text

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/dev/article_extraction_news"
TOKEN = regex.compile(r"\w+")
# whitespace between a letter and an opening <a ...> tag, or between </a> and a letter
GLUE_OPEN = regex.compile(rb"(?<=[A-Za-z])\s+(?=<a[\s>])")
GLUE_CLOSE = regex.compile(rb"(?<=</a>)\s+(?=[A-Za-z])")


def glue_links(raw: bytes) -> tuple[bytes, int]:
    """Delete the spaces at link edges, as careless machine translation of HTML does."""
    raw, n1 = GLUE_OPEN.subn(b"", raw)
    raw, n2 = GLUE_CLOSE.subn(b"", raw)
    return raw, n1 + n2


def scores(pred: str, gold: str) -> tuple[float, float, float]:
    p = collections.Counter(TOKEN.findall(pred.lower()))
    g = collections.Counter(TOKEN.findall(gold.lower()))
    overlap = sum((p & g).values())
    precision = overlap / max(1, sum(p.values()))
    recall = overlap / max(1, sum(g.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def selectolax_paragraphs(html: str) -> str:
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, nav, header, footer, aside, noscript"):
        node.decompose()
    root = tree.css_first("article") or tree.body
    return "\n".join(p.text(separator=" ") for p in root.css("p")) if root else ""


def trafilatura_with(**options: bool):
    def run(html: str) -> str:
        return trafilatura.extract(html, include_comments=False, **options) or ""

    return run


METHODS = {
    "trafilatura default": trafilatura_with(),
    "trafilatura favor_precision": trafilatura_with(favor_precision=True),
    "trafilatura favor_recall": trafilatura_with(favor_recall=True),
    "selectolax <p> in <article>": selectolax_paragraphs,
    "mtbrief extract_text": extract_text,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--glue", action="store_true", help="delete spaces at link edges first")
    ap.add_argument(
        "--show-diff",
        action="store_true",
        help="print tokens mtbrief gains/loses against trafilatura favor_precision",
    )
    args = ap.parse_args()
    rows = [json.loads(line) for line in (args.data / "ground_truth.jsonl").open()]
    results: dict[str, list[tuple[float, float, float]]] = collections.defaultdict(list)
    seconds: collections.Counter[str] = collections.Counter()
    for row in rows:
        raw = gzip.decompress((args.data / row["html_gz_path"]).read_bytes())
        if args.glue:
            raw, n = glue_links(raw)
            seconds["glued link edges"] += n
        html = decode_html(raw, max_bytes=len(raw))
        outputs = {}
        for name, method in METHODS.items():
            start = time.perf_counter()
            outputs[name] = method(raw if name.startswith("mtbrief") else html)
            seconds[name] += time.perf_counter() - start
            results[name].append(scores(outputs[name], row["gold_article_body"]))
        if args.show_diff:
            a = collections.Counter(outputs["trafilatura favor_precision"].split())
            b = collections.Counter(outputs["mtbrief extract_text"].split())
            if a != b:
                print(
                    row["id"],
                    "lost:",
                    sorted((a - b).elements())[:12],
                    "gained:",
                    sorted((b - a).elements())[:12],
                )
    glued = f", {seconds.pop('glued link edges', 0):.0f} link edges glued" if args.glue else ""
    print(f"{len(rows)} pages from {args.data}{glued}")
    print(f"{'method':30s} {'P':>6s} {'R':>6s} {'F1':>6s} {'medF1':>6s} {'ms/page':>8s}")
    for name, vals in results.items():
        p, r, f = (statistics.mean(v[i] for v in vals) for i in range(3))
        med = statistics.median(v[2] for v in vals)
        ms = 1000 * seconds[name] / len(rows)
        print(f"{name:30s} {p:6.3f} {r:6.3f} {f:6.3f} {med:6.3f} {ms:8.1f}")


if __name__ == "__main__":
    main()
