"""Evaluation of mtbrief: corruption injection with known gold, cleanup and brief metrics,
a faithfulness score measured against human labels, and TOML suites with thresholds that act as a
CI quality gate (``mtbrief eval evaluation/smoke.toml``).

Nothing in this package may download data or weights; datasets are local JSONL files.
"""

from __future__ import annotations

from .corrupt import KINDS, REPAIR_FOR_KIND, CorruptedDoc, Corruptor, Injection
from .faithfulness import entity_overlap, faithfulness_score
from .rouge import rouge
from .text import tokenize

__all__ = [
    "KINDS",
    "REPAIR_FOR_KIND",
    "CorruptedDoc",
    "Corruptor",
    "Injection",
    "entity_overlap",
    "faithfulness_score",
    "rouge",
    "tokenize",
]
