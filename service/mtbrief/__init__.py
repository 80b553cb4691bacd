"""mtbrief: clean machine-translated news and write a brief every name and number of which the
source supports.

Library entry points (the CLI and the HTTP service call exactly these):

* :func:`clean` / :func:`clean_html` - stage 1, cleanup with an audit trail of edits;
* :func:`brief` - stage 2, a faithful short brief of the cleaned article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cleanup import CleanResult, Edit, apply_edits, clean, revert_edits
from .errors import InputError, MtbriefError

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .brief import BriefResult


def clean_html(html: str | bytes, lang: str | None = None, glossary: Any = None) -> CleanResult:
    """Extract the article from an HTML page, keeping words apart at link boundaries, and clean it."""
    from .ingest.html import clean_html as _clean_html

    return _clean_html(html, lang=lang, glossary=glossary)


def brief(text: str | bytes, **options: Any) -> BriefResult:
    """Clean ``text`` and write a faithful brief of it (see :func:`mtbrief.brief.brief`)."""
    from .brief import brief as _brief

    return _brief(text, **options)


__all__ = [
    "CleanResult",
    "Edit",
    "InputError",
    "MtbriefError",
    "apply_edits",
    "brief",
    "clean",
    "clean_html",
    "revert_edits",
]
