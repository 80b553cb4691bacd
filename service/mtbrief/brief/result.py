"""The shapes a brief comes back in (shared by the library, CLI, batch engines and HTTP API)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..cleanup.pipeline import CleanResult


class UnsupportedSpan(BaseModel):
    """A name or number in a draft brief that the cleaned source does not support."""

    text: str
    kind: str = Field(description="'name' or 'number'")
    start: int = Field(description="offset in the draft brief")
    end: int
    sentence: int = Field(description="index of the draft sentence holding it")


class GuardReport(BaseModel):
    """What the faithfulness guard found and did."""

    supported: bool = Field(description="True when the final brief has no unsupported span")
    unsupported: list[UnsupportedSpan] = Field(default_factory=list, description="in the draft")
    action: str = Field(
        "none",
        description="'none', 'retry', 'removed_sentences' or 'extractive' (fallback order)",
    )
    attempts: int = 1
    renamed: dict[str, str] = Field(
        default_factory=dict, description="variant -> canonical name rewrites applied to the brief"
    )
    checks: list[str] = Field(
        default_factory=lambda: ["names", "numbers"],
        description="what was checked: names are only checked when brief and source share a "
        "language",
    )
    drafts: list[str] = Field(
        default_factory=list, description="model outputs before the guard acted, in order"
    )
    language_ok: bool | None = Field(
        None, description="whether the brief is in the requested language (None: not checked)"
    )


class BriefResult(BaseModel):
    """What :func:`mtbrief.brief` returns."""

    clean: CleanResult
    brief: str
    lang: str | None = Field(None, description="language the brief is written in")
    model: str = Field(description="model name and backend that wrote the brief")
    guard: GuardReport
    source_sentences: list[int] = Field(
        default_factory=list, description="indices of cleaned-text sentences that fed the model"
    )
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")
    selection: str = Field(
        "full",
        description="how the model's input was chosen: 'full' article, 'salient' sentences within "
        "the model's budget, 'chunked' (parts briefed, then combined), or 'extractive' (no model)",
    )
