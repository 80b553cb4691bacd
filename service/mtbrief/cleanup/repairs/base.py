"""The contract every repair follows."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from ..document import Document, Proposal


@runtime_checkable
class Repair(Protocol):
    name: ClassVar[str]  # registry name, e.g. "glued_words"
    kind: ClassVar[str]  # edit kind written into each Edit, e.g. "glued_word"
    scripts: ClassVar[frozenset[str] | None]  # e.g. frozenset({"Latin", "Cyrillic"}); None = all

    def propose(self, doc: Document) -> list[Proposal]:
        """Return replacements on ``doc.text``; never mutate ``doc`` directly."""
        ...
