"""Rebuild the small gold sets in evaluation/data/ from ../shared/data/dev (the team's copy of the
public datasets).  Only sets whose licence allows redistribution are copied (see SOURCES.md);
XL-Sum (CC BY-NC), MLSUM and the sets without a stated licence are never copied: suites refer to
them by external path instead.

    python evaluation/build_data.py [--dev ../shared/data/dev]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
from pathlib import Path

from mtbrief.evaluation.corrupt import INVISIBLE

HERE = Path(__file__).resolve().parent
OUT = HERE / "data"


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _write(name: str, rows: list[dict]) -> None:
    with (OUT / name).open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)} records")


_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


def _without_invisible(text: str) -> str:
    """The gold without the invisible characters the corruption task injects (zero-width spaces,
    word joiners, BOMs: scraping leftovers there): the cleanup removes them, so a gold that kept
    them would count their removal as a false edit."""
    if not any(ord(c) in _INVISIBLE for c in text):
        return text
    return "\n".join(re.sub(" {2,}", " ", line.translate(_INVISIBLE)).strip(" ")
                     for line in text.split("\n"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dev", type=Path, default=HERE.parent.parent / "shared" / "data" / "dev")
    dev = ap.parse_args().dev
    OUT.mkdir(exist_ok=True)

    # Clean news for corruption injection: NTREX-128 (CC BY-SA 4.0) English and Russian
    # documents, and the human gold bodies of the article-extraction benchmark (MIT).
    news = []
    for r in _read(dev / "ntrex_news_multiref" / "ntrex128_newstest2019_docs.jsonl"):
        for lang in ("en", "ru"):
            segs = r["segments"][lang]
            news.append({"id": f"{r['id']}-{lang}", "lang": lang,
                         "text": _without_invisible(segs[0] + "\n" + " ".join(segs[1:])),
                         "source": "NTREX-128 newstest2019", "licence": "CC BY-SA 4.0"})
    from lingua import Language, LanguageDetectorBuilder

    langs = {Language.ENGLISH: "en", Language.FRENCH: "fr", Language.GERMAN: "de",
             Language.SPANISH: "es", Language.PORTUGUESE: "pt", Language.RUSSIAN: "ru"}
    det = LanguageDetectorBuilder.from_all_languages().build()
    for r in _read(dev / "article_extraction_news" / "ground_truth.jsonl"):
        body = r["gold_article_body"].strip()
        lang = langs.get(det.detect_language_of(body[:2000]))
        if lang and 150 <= len(body.split()) <= 1500:
            news.append({"id": r["id"], "lang": lang, "text": _without_invisible(body),
                         "source": "scrapinghub/article-extraction-benchmark", "licence": "MIT"})
    # Interleave sources so that a `limit` takes a mix of languages and outlets.
    by_src: dict[str, list[dict]] = {}
    for n in news:
        by_src.setdefault(f"{n['source']}/{n['lang']}", []).append(n)
    mixed = []
    while any(by_src.values()):
        for key in sorted(by_src):
            if by_src[key]:
                mixed.append(by_src[key].pop(0))
    _write("news_clean.jsonl", mixed)

    # MT output that humans left unedited (mt == pe), MLQE-PE (CC0).
    _write("mlqe_pe_unedited.jsonl", [
        {"id": r["id"], "lang_pair": r["lang_pair"], "lang": r["lang_pair"].split("-")[1],
         "text": r["mt"], "licence": "CC0"}
        for r in _read(dev / "mlqe_pe" / "mlqe_pe_test20_sample.jsonl") if r["mt"] == r["pe"]
    ])

    # Whitespace errors, ad-freiburg tokenization-repair (Apache-2.0).
    _write("tokenization_repair.jsonl", [
        {"id": r["id"], "corrupt": r["corrupt"], "correct_whitespace": r["correct_whitespace"]}
        for r in _read(dev / "tokenization_repair_acl" / "acl_tokenization_repair_test.jsonl")
    ])

    # SummEval (MIT): CNN/DM documents, 11 references, 16 system summaries.
    _write("summeval.jsonl", [
        {"id": r["id"], "lang": "en", "article": r["article"],
         "reference_summaries": r["reference_summaries"],
         "system_summaries": [{"system": s["system"], "summary": s["summary"]}
                              for s in r["system_summaries"]]}
        for r in _read(dev / "summeval" / "summeval_cnndm_100docs.jsonl")
    ])

    # pn_summary (MIT): Persian news with reference summaries.
    _write("news_sum_fa.jsonl", [
        {"id": r["id"], "lang": r["lang"], "article": r["article"],
         "reference_summary": r["reference_summary"], "licence": "MIT"}
        for r in _read(dev / "news_sum_multilingual" / "news_sum_multilingual.jsonl")
        if r["dataset"] == "pn_summary"
    ])

    # Faithfulness labels: SummaC benchmark subsets and SummEdits news (both Apache-2.0).
    _write("summac_subsets.jsonl", [
        {"id": r["id"], "benchmark": r["benchmark"], "lang": "en", "document": r["document"],
         "summary": r["summary"], "label": r["label"]}
        for r in _read(dev / "summac_benchmark_subsets" / "summac_subsets.jsonl")
    ])
    shutil.copy(dev / "summedits_news" / "docs.jsonl", OUT / "summedits_docs.jsonl")
    _write("summedits_summaries.jsonl", [
        {"id": r["id"], "doc_id": r["doc_id"], "summary": r["summary"], "label": r["label"]}
        for r in _read(dev / "summedits_news" / "summaries.jsonl")
    ])

    # Article extraction (MIT): a few pages with their human gold bodies.
    src = dev / "article_extraction_news"
    (OUT / "html").mkdir(exist_ok=True)
    rows = _read(src / "ground_truth.jsonl")[:8]
    for r in rows:
        page = src / r["html_gz_path"]
        shutil.copy(page, OUT / "html" / page.name)
        r["html_gz_path"] = f"html/{page.name}"
        assert gzip.decompress((OUT / r["html_gz_path"]).read_bytes())
    _write("article_extraction.jsonl", rows)


if __name__ == "__main__":
    main()
