"""PLACEHOLDER being replaced by its owner: proposes nothing yet."""

from __future__ import annotations

from typing import ClassVar

from ..document import Document, Proposal


class UnicodeRepair:
    name: ClassVar[str] = "unicode_text"
    kind: ClassVar[str] = "unicode"
    scripts: ClassVar[frozenset[str] | None] = frozenset({"Latin", "Cyrillic"})

    def propose(self, doc: Document) -> list[Proposal]:
        return []
