"""mtbrief: clean machine-translated news and write a brief every name and number of which the
source supports.

Library entry points (the CLI and the HTTP service call exactly these):

* :func:`clean` / :func:`clean_html` - stage 1, cleanup with an audit trail of edits;
* :func:`brief` - stage 2, a faithful short brief of the cleaned article.
"""

from __future__ import annotations

from typing import Any

# Imported eagerly on purpose: the first import of the ``mtbrief.brief`` subpackage binds the
# package attribute ``brief`` to the module, so the function must be bound here, once, after it.
# (The brief subpackage imports no model code until a model is used.)
from .brief import BriefResult, brief, brief_many
from .cleanup import CleanResult, Edit, apply_edits, clean, revert_edits
from .errors import InputError, MtbriefError

__version__ = "0.1.0"

def clean_html(html: str | bytes, lang: str | None = None, glossary: Any = None) -> CleanResult:
    """Extract the article from an HTML page (words kept apart at link edges) and clean it."""
    from .ingest.html import clean_html as _clean_html

    return _clean_html(html, lang=lang, glossary=glossary)


__all__ = [
    "BriefResult",
    "CleanResult",
    "Edit",
    "InputError",
    "MtbriefError",
    "apply_edits",
    "brief",
    "brief_many",
    "clean",
    "clean_html",
    "revert_edits",
]
