"""What the HTTP layer calls to do work: a cleaner and a briefer, both thin over the library.

The app factory takes these as arguments so tests can swap in fast fakes; production uses
:class:`LibraryCleaner` and :class:`LibraryBriefer`, which call exactly what the CLI calls
(``mtbrief.clean``, ``mtbrief.clean_html``, ``mtbrief.brief.brief_many``).  Nothing here fetches a
URL: HTML arrives as text and is parsed, never rendered or followed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ..brief.result import BriefResult
from ..cleanup.pipeline import CleanResult
from ..config import Settings

# Languages whose cleanup dictionaries the warm-up loads (English: about 4 s of CPU; the others
# load in well under a second on first use).
WARMUP_LANGS: tuple[str, ...] = ("en",)
# A short, neutral news paragraph for the readiness check (a real generation must pass).
WARMUP_TEXT = (
    "The city council of Lisbon approved a new budget on Tuesday. The plan adds 12 new bus "
    "routes and repairs three bridges. Mayor Carlos Moedas said the work would start in May."
)


class Cleaner(Protocol):
    """Stage 1: text or HTML in, :class:`CleanResult` out."""

    def __call__(
        self,
        text: str,
        *,
        lang: str | None = None,
        glossary: Mapping[str, str] | None = None,
        html: bool = False,
    ) -> CleanResult: ...

    def warmup(self) -> None:
        """Load what cleaning needs before the first request does; raise when that fails."""
        ...


class Briefer(Protocol):
    """Stage 2: many texts in, one :class:`BriefResult` each, in order, in one model call."""

    name: str

    def brief_many(self, texts: Sequence[str], **options: Any) -> list[BriefResult]: ...

    def warmup(self) -> None:
        """Load the model and run one test generation; raise when that fails."""
        ...


class LibraryCleaner:
    """``mtbrief.clean`` / ``mtbrief.clean_html``."""

    def __call__(
        self,
        text: str,
        *,
        lang: str | None = None,
        glossary: Mapping[str, str] | None = None,
        html: bool = False,
    ) -> CleanResult:
        import mtbrief

        if html:
            return mtbrief.clean_html(text, lang=lang, glossary=glossary)
        return mtbrief.clean(text, lang=lang, glossary=glossary)

    def warmup(self) -> None:
        """The language detector, word lists, English dictionaries and statistics, and the
        language-model check's scorers (English text; the multilingual model's languages, where it
        is prepared) unless it is off."""
        from ..cleanup import lexicon, likelihood
        from ..config import get_settings

        lexicon.preload(WARMUP_LANGS)
        settings = get_settings()
        if settings.cleanup_lm != "off":
            likelihood.get_scorer(settings.cleanup_lm_model)
            if likelihood.is_available(settings.cleanup_lm_multilingual_model):
                likelihood.get_scorer(settings.cleanup_lm_multilingual_model)
        self(WARMUP_TEXT)


class LibraryBriefer:
    """``mtbrief.brief.brief_many`` with the server's model, backend and device (from settings;
    clients cannot pick a model, so they cannot make the server load a path of their choosing)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = settings.model
        self.name = settings.model

    def brief_many(self, texts: Sequence[str], **options: Any) -> list[BriefResult]:
        from ..brief import brief_many  # imported late: loading torch & co. is slow

        return brief_many(
            list(texts),
            model=self.model,
            batch_size=max(1, len(texts)),  # the micro-batch is the model batch
            settings=self.settings,
            **options,
        )

    def warmup(self) -> None:
        (result,) = self.brief_many([WARMUP_TEXT], max_sentences=1)
        if not result.brief.strip():
            raise RuntimeError("the test generation returned an empty brief")
        self.name = result.model or self.model
