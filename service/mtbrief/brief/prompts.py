"""Prompt templates as files: ``prompts/<task>/<version>/<family>.<lang>.txt``.

Templates are data, versioned by folder, so a wording change is reviewable and results stay
reproducible.  This module finds, parses and fills them; it never builds prompt wording in code.
The folder is ``$MTBRIEF_PROMPTS_DIR`` when set, else the repository's top-level ``prompts/``,
else ``mtbrief/resources/prompts`` inside an installed package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..cleanup.lexicon import base_lang
from ..config import PACKAGE_DIR, RESOURCES_DIR

DEFAULT_VERSION = "v1"
FALLBACK_LANG = "en"


def prompts_dir() -> Path:
    """The folder templates are read from (see the module docstring for the order)."""
    env = os.environ.get("MTBRIEF_PROMPTS_DIR")
    if env:
        return Path(env)
    for candidate in (PACKAGE_DIR.parent.parent / "prompts", RESOURCES_DIR / "prompts"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "no prompts folder: set MTBRIEF_PROMPTS_DIR to the repository's prompts/ folder"
    )


@dataclass(frozen=True)
class PromptTemplate:
    """One template file: its sections (``system``, ``user``, ``retry``, ``combine``)."""

    name: str
    lang: str | None
    sections: dict[str, str]

    def render(self, section: str, **values: object) -> str:
        """Fill ``section``; unknown placeholders are an error, extra values are ignored."""
        try:
            template = self.sections[section]
        except KeyError:
            raise KeyError(f"prompt {self.name!r} has no [{section}] section") from None
        return template.format_map({k: str(v) for k, v in values.items()})

    def has(self, section: str) -> bool:
        return section in self.sections


def parse_template(text: str, name: str = "<string>", lang: str | None = None) -> PromptTemplate:
    """Parse ``[section]`` blocks; ``#`` lines before the first section are comments."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]") and stripped[1:-1].isidentifier():
            current = stripped[1:-1]
            sections[current] = []
        elif current is None:
            if stripped and not stripped.startswith("#"):
                raise ValueError(f"prompt {name}: text before the first [section]: {line!r}")
        else:
            sections[current].append(line)
    if not sections:
        raise ValueError(f"prompt {name}: no [section]")
    return PromptTemplate(name, lang, {k: "\n".join(v).strip() for k, v in sections.items()})


@lru_cache(maxsize=128)
def _load(path: Path, lang: str | None) -> PromptTemplate:
    return parse_template(path.read_text(encoding="utf-8"), name=str(path.name), lang=lang)


def load_prompt(
    family: str, lang: str | None = None, task: str = "brief", version: str = DEFAULT_VERSION
) -> PromptTemplate:
    """The template for ``family`` in ``lang`` (falls back to English, then language-neutral).

    >>> load_prompt("chat", "fr").lang
    'fr'
    >>> load_prompt("chat", "sw").lang
    'en'
    """
    folder = prompts_dir() / task / version
    if not folder.is_dir():
        raise FileNotFoundError(f"no prompt version {task}/{version} in {prompts_dir()}")
    code = base_lang(lang)
    for candidate, candidate_lang in (
        (folder / f"{family}.{code}.txt", code),
        (folder / f"{family}.{FALLBACK_LANG}.txt", FALLBACK_LANG),
        (folder / f"{family}.txt", None),
    ):
        if candidate_lang is not None and code is None and candidate_lang != FALLBACK_LANG:
            continue
        if candidate.is_file():
            return _load(candidate, candidate_lang)
    raise FileNotFoundError(f"no prompt {task}/{version}/{family} for language {lang!r}")


def list_prompts(task: str = "brief", version: str = DEFAULT_VERSION) -> list[str]:
    """Template names available for ``task``/``version`` (e.g. ``chat.en``)."""
    folder = prompts_dir() / task / version
    return sorted(p.stem for p in folder.glob("*.txt")) if folder.is_dir() else []


def language_name(code: str | None, in_lang: str | None = FALLBACK_LANG) -> str:
    """The name of language ``code`` written in ``in_lang`` (CLDR via Babel), else the code."""
    from babel import Locale, UnknownLocaleError

    code = base_lang(code) or FALLBACK_LANG
    try:
        name = Locale.parse(base_lang(in_lang) or FALLBACK_LANG).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    if not name:
        try:
            name = Locale.parse(FALLBACK_LANG).languages.get(code)
        except (UnknownLocaleError, ValueError):
            name = None
    return name or code
