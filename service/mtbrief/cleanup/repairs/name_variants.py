"""PLACEHOLDER being replaced by its owner: proposes nothing yet."""

from __future__ import annotations

from typing import ClassVar

from ..document import Document, Proposal


class NameVariantsRepair:
    name: ClassVar[str] = "name_variants"
    kind: ClassVar[str] = "name_variant"
    scripts: ClassVar[frozenset[str] | None] = frozenset({"Latin", "Cyrillic"})

    def propose(self, doc: Document) -> list[Proposal]:
        return []
