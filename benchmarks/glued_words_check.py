"""False edits on clean news and recall on synthetic glue, for the glued_words and quotes repairs.

1. Clean text: both repairs run over human-written (or human-post-edited) news in shared/data/dev;
   every edit there is a false edit.  Reported as edits per 1,000 tokens, per source and language.
2. Corruption: in clean documents, one random pair of neighbouring words is glued
   (kinds: camel "word Word" -> "wordWord"; Camel "Word Word" -> "WordWord"; function
   "word which" -> "wordwhich"; content "word word" -> "wordword"; punct: a comma, semicolon,
   ellipsis or sentence period glued to the next word), the glued_words repair runs over the
   whole document, and the trial counts as repaired when the result equals the repair's output
   on the clean document (exact restoration, not counting false edits elsewhere twice).

    python benchmarks/glued_words_check.py [--data DIR] [--trials N] [--show N] [--seed S]
                                           [--langs en,ru] [--injector SEEDS]

3. ``--injector SEEDS``: the glue that the project's corruption generator (evaluation/corrupt.py)
   injects into the same clean documents, restored or not, per glue type and language.

DIR defaults to ../shared/data/dev.  Sources read there (evaluation only, nothing is copied):
ntrex_news_multiref (en, tr, ru, uk), wmt22_news_mt references (en) and sources (ru),
article_extraction_news gold bodies, summeval articles (Treebank-detokenised), mlqe_pe post-edits,
news_sum_multilingual articles in Latin/Cyrillic languages wordfreq knows.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import time
from collections.abc import Iterator
from pathlib import Path

import regex as re

from mtbrief.cleanup import lexicon
from mtbrief.cleanup.document import Document
from mtbrief.cleanup.lexicon import WORDFREQ_LANGS, base_lang, function_words
from mtbrief.cleanup.repairs.glued_words import GluedWordsRepair, preload
from mtbrief.cleanup.repairs.quotes import QuoteRepair
from mtbrief.ingest.language import detect_language, dominant_script

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/dev"
TOKEN = re.compile(r"\w+")
WORD = re.compile(r"[^\W\d_]{2,}")


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def clean_docs(data: Path) -> list[tuple[str, str, str]]:
    """(source, lang, text) of clean news documents in Latin or Cyrillic script."""
    docs: list[tuple[str, str, str]] = []
    for r in _jsonl(data / "ntrex_news_multiref/ntrex128_newstest2019_docs.jsonl"):
        for lang in ("en", "tr", "ru", "uk"):
            docs.append(("ntrex", lang, "\n".join(r["segments"][lang])))
    for r in _jsonl(data / "wmt22_news_mt/wmt22_ru-en_news_docs.jsonl"):
        docs.append(("wmt22-ref", "en", "\n".join(r["ref_segments"])))
        docs.append(("wmt22-src", "ru", "\n".join(r["src_segments"])))
    for r in _jsonl(data / "article_extraction_news/ground_truth.jsonl"):
        text = r["gold_article_body"]
        docs.append(("article-gold", detect_language(text) or "en", text))
    try:
        from nltk.tokenize.treebank import TreebankWordDetokenizer

        detok = TreebankWordDetokenizer().detokenize
        for r in _jsonl(data / "summeval/summeval_cnndm_100docs.jsonl"):
            docs.append(("summeval", "en", detok(r["article"].split())))
    except ImportError:
        pass
    pe: dict[str, list[str]] = collections.defaultdict(list)
    for r in _jsonl(data / "mlqe_pe/mlqe_pe_test20_sample.jsonl"):
        pe[r["lang_pair"].split("-")[1]].append(r["pe"])
    for lang, lines in pe.items():
        docs.append(("mlqe-pe", lang, "\n".join(lines)))
    for r in _jsonl(data / "news_sum_multilingual/news_sum_multilingual.jsonl"):
        lang = base_lang(r["lang"])
        if lang in WORDFREQ_LANGS:
            docs.append((f"{r['dataset']}", lang, r["article"]))
    return [d for d in docs if dominant_script(d[2]) in ("Latin", "Cyrillic")]


def run(repair: object, text: str, lang: str) -> Document:
    doc = Document(original=text, lang=lang)
    doc.apply(repair.propose(doc), repair.kind)  # type: ignore[attr-defined]
    return doc


def false_edits(docs: list[tuple[str, str, str]], show: int) -> None:
    for repair in (GluedWordsRepair(), QuoteRepair()):
        per: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
        shown: list[str] = []
        warm: set[str] = set()
        for _, lang, text in docs:  # load every language's lexicon before timing
            if lang not in warm:
                warm.add(lang)
                preload(lang)
                lexicon.preload((lang,))  # the spelling dictionaries too
                repair.propose(Document(original=text, lang=lang))  # type: ignore[attr-defined]
        t0, chars = time.perf_counter(), 0
        for source, lang, text in docs:
            doc = run(repair, text, lang)
            chars += len(text)
            per[(source, lang)][0] += len(doc.edits)
            per[(source, lang)][1] += len(TOKEN.findall(text))
            for e in doc.edits:
                ctx = text[max(0, e.start - 25) : e.end + 25].replace("\n", " ")
                shown.append(f"  [{source}/{lang}] {e.before!r} -> {e.after!r}   …{ctx}…")
        secs = time.perf_counter() - t0
        edits = sum(v[0] for v in per.values())
        tokens = sum(v[1] for v in per.values())
        print(f"\n== {repair.name}: false edits on clean text")  # type: ignore[attr-defined]
        for (source, lang), (n, tok) in sorted(per.items()):
            if n:
                print(f"  {source:14s} {lang}: {n} edits / {tok} tokens = {1000 * n / tok:.3f}")
        print(
            f"  TOTAL {edits} edits / {tokens} tokens in {len(docs)} docs = "
            f"{1000 * edits / max(tokens, 1):.3f} per 1000 tokens; "
            f"{1000 * secs / max(chars / 5000, 1):.2f} ms per 5 KB (propose + apply, warm)"
        )
        by_lang: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
        for (_, lang), (n, tok) in per.items():
            by_lang[lang][0] += n
            by_lang[lang][1] += tok
        print(
            "  per language: "
            + ", ".join(
                f"{lang} {n}/{tok} = {1000 * n / max(tok, 1):.3f}"
                for lang, (n, tok) in sorted(by_lang.items())
            )
        )
        for line in shown[:show]:
            print(line)


def corrupt(text: str, lang: str, kind: str, rng: random.Random) -> str | None:
    """Glue one random pair of neighbouring words of ``kind``; None when the text has none."""
    fw = {w for w in function_words(lang) if len(w) >= 3}
    spots = []
    for m in re.finditer(r"(?<![^\W\d_])([^\W\d_]{2,}) ([^\W\d_]{2,})(?![^\W\d_])", text):
        left, right = m.group(1), m.group(2)
        if not left[-1].islower():
            continue
        if kind in ("camel", "Camel") and not (right[0].isupper() and right[1:].islower()):
            continue
        if kind == "camel" and left.islower():
            spots.append(m.start(2) - 1)
        elif kind == "Camel" and left[0].isupper() and left[1:].islower():
            spots.append(m.start(2) - 1)
        elif kind == "function" and right in fw:
            spots.append(m.start(2) - 1)
        elif kind == "content" and right.islower() and right not in fw and left not in fw:
            spots.append(m.start(2) - 1)
    if kind == "punct":
        spots = [
            m.start(2) for m in re.finditer(r"[^\W\d_]{2}([,;…]|\.(?= \p{Lu}))( )[^\W\d_]{2}", text)
        ]
    if not spots:
        return None
    at = rng.choice(spots)
    return text[:at] + text[at + 1 :]


def corruption(docs: list[tuple[str, str, str]], trials: int, seed: int, show: int) -> None:
    rng = random.Random(seed)
    repair = GluedWordsRepair()
    pool = [d for d in docs if d[0] not in ("summeval",)]
    print(f"\n== glued_words: synthetic glue, {trials} trials per kind (seed {seed})")
    for kind in ("camel", "Camel", "function", "content", "punct"):
        ok = n = 0
        by_lang: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
        misses: list[str] = []
        for _ in range(trials * 4):
            if n >= trials:
                break
            _, lang, text = rng.choice(pool)
            glued = corrupt(text, lang, kind, rng)
            if glued is None:
                continue
            n += 1
            # Restored: the glued text repairs to what the clean text repairs to (so a false
            # edit elsewhere in the document, counted above, does not count here again).
            out = run(repair, glued, lang).text
            by_lang[lang][1] += 1
            if out == run(repair, text, lang).text:
                ok += 1
                by_lang[lang][0] += 1
            elif len(misses) < show:
                i = next(i for i, (a, b) in enumerate(zip(glued, text, strict=False)) if a != b)
                misses.append(f"  [{lang}] …{glued[max(0, i - 30) : i + 30]}…".replace("\n", " "))
        print(f"  {kind:9s}: {ok}/{n} restored exactly = {ok / max(n, 1):.3f}")
        print("      " + " ".join(f"{k}:{a}/{b}" for k, (a, b) in sorted(by_lang.items())))
        for line in misses:
            print(line)


def _glue_type(gold_tokens: list[str]) -> str:
    """'lower+lower', 'lower+Upper', 'Upper+lower', 'Upper+Upper' or 'punct' for a glued pair."""
    left, right = gold_tokens[0], gold_tokens[1]
    if not left[-1:].isalpha():
        return "punct"

    def case(word: str) -> str:
        return "Upper" if word[:1].isupper() else "lower"

    return f"{case(left)}+{case(right)}"


def injector_recall(docs: list[tuple[str, str, str]], seeds: int, show: int) -> None:
    """Recall on the glue the project's corruption generator injects (evaluation/corrupt.py)."""
    from mtbrief.evaluation.cleanup_metrics import damaged_gold_tokens
    from mtbrief.evaluation.corrupt import Corruptor

    repair = GluedWordsRepair()
    stats: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
    misses: dict[str, list[str]] = collections.defaultdict(list)
    for seed in range(seeds):
        corruptor = Corruptor(kinds=["glued_word"], seed=100 + seed, per_tokens=100)
        for i, (source, lang, text) in enumerate(docs):
            cd = corruptor.corrupt(text, f"{source}{i}", lang)
            if not cd.injections:
                continue
            out = run(repair, cd.text, lang).text
            damaged = damaged_gold_tokens(out, cd.gold)
            gold = cd.gold.split()
            for inj in cd.injections:
                a, b = inj.gold_tokens
                if b - a < 2:
                    continue
                kind = _glue_type(gold[a:b])
                ok = not damaged.intersection(range(a, b))
                stats[(kind, lang)][0] += ok
                stats[(kind, lang)][1] += 1
                if not ok and len(misses[kind]) < show:
                    ctx = cd.text[max(0, inj.start - 30) : inj.end + 30].replace("\n", " ")
                    misses[kind].append(f"    [{lang}] {' '.join(gold[a:b])!r}  …{ctx}…")
    print(f"\n== glued_words: the corruption generator's glue, {seeds} seed(s), repair alone")
    totals: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for (kind, _), (ok, n) in stats.items():
        totals[kind][0] += ok
        totals[kind][1] += n
    for kind, (ok, n) in sorted(totals.items()):
        per_lang = " ".join(
            f"{lang}:{a}/{b}" for (k, lang), (a, b) in sorted(stats.items()) if k == kind
        )
        print(f"  {kind:12s}: {ok}/{n} restored = {ok / max(n, 1):.3f}   {per_lang}")
        for line in misses[kind]:
            print(line)
    ok = sum(v[0] for v in totals.values())
    n = sum(v[1] for v in totals.values())
    print(f"  ALL         : {ok}/{n} restored = {ok / max(n, 1):.3f}")


def quote_corruption(docs: list[tuple[str, str, str]], trials: int, seed: int) -> None:
    """Turn one closing quote into the opening glyph and/or glue it to the next word."""
    rng = random.Random(seed)
    repair = QuoteRepair()
    print(f"\n== quotes: synthetic damage, up to {trials} trials per kind (seed {seed})")
    for kind in ("turned", "glued", "turned+glued", "space-before-comma"):
        ok = n = 0
        for _ in range(trials * 4):
            if n >= trials:
                break
            _, lang, text = rng.choice(docs)
            if kind == "space-before-comma":
                spots = [m.start() + 1 for m in re.finditer(r"\w[,.](?= \w)", text)]
            else:
                spots = [m.start() for m in re.finditer(r"(?<=[\w.,!?])”(?= \w)", text)]
                spots = [i for i in spots if "“" in text[max(0, i - 300) : i]]
            if not spots:
                continue
            i = rng.choice(spots)
            if kind == "space-before-comma":
                damaged = text[:i] + " " + text[i:]
            elif kind == "turned":
                damaged = text[:i] + "“" + text[i + 1 :]
            elif kind == "glued":
                damaged = text[: i + 1] + text[i + 2 :]
            else:
                damaged = text[:i] + "“" + text[i + 2 :]
            n += 1
            ok += run(repair, damaged, lang).text == run(repair, text, lang).text
        print(f"  {kind:18s}: {ok}/{n} restored exactly = {ok / max(n, 1):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--trials", type=int, default=300)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=15, help="false edits / misses to print")
    ap.add_argument("--langs", default="", help="only these languages, comma-separated")
    ap.add_argument(
        "--injector",
        type=int,
        default=0,
        metavar="SEEDS",
        help="also measure recall on the corruption generator's glue, per type and language",
    )
    args = ap.parse_args()
    docs = clean_docs(args.data)
    if args.langs:
        docs = [d for d in docs if d[1] in args.langs.split(",")]
    langs = collections.Counter(lang for _, lang, _ in docs)
    print(f"{len(docs)} clean documents: {dict(langs)}")
    false_edits(docs, args.show)
    if args.injector:
        injector_recall(docs, args.injector, args.show)
    corruption(docs, args.trials, args.seed, args.show)
    quote_corruption(docs, args.trials, args.seed)


if __name__ == "__main__":
    main()
