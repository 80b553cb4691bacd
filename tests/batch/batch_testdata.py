"""Test data for the batch tests: small JSONL corpora from the seed and hand-written news."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_f02d0a58a933895d.txt"

# Short news-like texts in several languages and scripts (written for these tests).
SNIPPETS = [
    "The council met on Tuesday and approved the budget for the new bridge over the river.",
    "Le gouvernement a annoncé mardi une hausse des salaires des enseignants à partir de mars.",
    "El presidente viajó a Bruselas para reunirse con los ministros de la Unión Europea.",
    "Die Regierung will die Steuern für kleine Unternehmen im kommenden Jahr senken.",
    "Правительство объявило о новых мерах поддержки для семей с детьми.",
    "أعلنت الحكومة عن خطة جديدة لدعم المزارعين في المناطق الريفية.",
    "Officials said the talks inIraq would resume next week after a pause.",
    "He said “the plan is folly”And left the room without further comment.",
]


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def corpus(n: int, langs: bool = True) -> list[dict]:
    """``n`` records: seed paragraphs and snippets, each id distinct, texts varied.

    ``langs=False`` keeps to English: each worker process loads each language's lexicons and
    detector models once, which costs seconds per language on a loaded CI machine.
    """
    paragraphs = [p for p in seed_text().split("\n") if p.strip()]
    pool = paragraphs + (SNIPPETS if langs else [s for s in SNIPPETS if s.isascii()])
    return [{"id": f"doc-{i:04d}", "text": pool[i % len(pool)]} for i in range(n)]


def write_jsonl(path: Path, rows: list) -> Path:
    """Write rows: dicts become JSON lines, bytes/str are written as they are (for bad lines)."""
    with open(path, "wb") as fh:
        for row in rows:
            if isinstance(row, bytes):
                fh.write(row)
            elif isinstance(row, str):
                fh.write(row.encode("utf-8"))
            else:
                fh.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def read_output(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line.strip()]
