"""Request and response bodies of the HTTP API (pydantic models; they make the OpenAPI schema).

Input is validated here for shape and bounds only; the library validates content (empty text,
encoding, size) and its errors become 413/422.  A glossary is a mapping sent in the request,
never a path: clients cannot make the server read its own files.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from ..brief.result import BriefResult
from ..cleanup.pipeline import CleanResult


def _valid_unicode(value: str) -> str:
    """JSON can carry unpaired surrogates (``"\\ud800"``), which are not text and cannot be
    stored or sent back as UTF-8: refuse them at the door."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains unpaired surrogate code points; send valid Unicode") from None
    return value


Text = Annotated[str, AfterValidator(_valid_unicode)]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
GlossaryTerm = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_valid_unicode)
]
Glossary = Annotated[
    dict[GlossaryTerm, GlossaryTerm],
    Field(max_length=1000, description="Extra term mappings for this request: source -> target."),
]
DocId = Annotated[
    str, StringConstraints(min_length=1, max_length=256), AfterValidator(_valid_unicode)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CleanOptions(_Strict):
    lang: LangCode | None = Field(None, description="ISO 639-1 code; detected when omitted.")
    glossary: Glossary | None = None


class CleanRequest(CleanOptions):
    text: Text = Field(description="The article: plain text, or an HTML page when html=true.")
    html: bool = Field(False, description="Parse `text` as HTML (never fetched or rendered).")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"text": "Clashes in the province Anbar Iraq andSyria.", "lang": "en"}]
        },
    )


class CleanResponse(CleanResult):
    """The cleaned text, its language, and every edit in offsets of the input text."""

    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")


class BriefOptions(_Strict):
    target_lang: LangCode | None = Field(
        None, description="Language of the brief; the article's language when omitted."
    )
    max_words: int | None = Field(None, ge=5, le=400, description="Upper bound on brief length.")
    max_sentences: int | None = Field(None, ge=1, le=20)
    glossary: Glossary | None = None
    return_edits: bool = Field(True, description="Include the cleanup edits in the response.")


class BriefRequest(BriefOptions):
    lang: LangCode | None = Field(None, description="Source language; detected when omitted.")
    text: Text = Field(description="The article: plain text, or an HTML page when html=true.")
    html: bool = Field(False, description="Parse `text` as HTML (never fetched or rendered).")


class BriefResponse(BriefResult):
    """Cleaned text and edits, the brief, the faithfulness report, the model and timings."""

    batch_size: int = Field(1, description="How many requests shared this model call.")


class JobDocument(_Strict):
    id: DocId | None = Field(
        None, description="Unique within the job; defaults to the position (0, 1, ...)."
    )
    text: Text
    lang: LangCode | None = Field(None, description="Source language; detected when omitted.")
    html: bool = False


class JobOptions(_Strict):
    """Options applied to every document of a job (brief options are ignored by `clean`)."""

    glossary: Glossary | None = None
    target_lang: LangCode | None = None
    max_words: int | None = Field(None, ge=5, le=400)
    max_sentences: int | None = Field(None, ge=1, le=20)
    return_edits: bool = True


class JobCreate(_Strict):
    stage: Literal["clean", "brief"] = "clean"
    options: JobOptions = Field(default_factory=JobOptions)
    documents: list[JobDocument] = Field(min_length=1)


class JobStatus(BaseModel):
    id: str
    stage: Literal["clean", "brief"]
    status: Literal["queued", "running", "completed", "cancelled"]
    total: int = Field(description="Documents in the job (after dropping repeated ids).")
    processed: int
    succeeded: int
    failed: int
    progress: float = Field(description="processed / total, 0..1")
    duplicates: int = Field(0, description="Repeated documents (same id and content) dropped.")
    options: dict[str, Any]
    created_at: float
    updated_at: float
    results_url: str


class ErrorDetail(BaseModel):
    field: str
    problem: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] | None = None


class ErrorResponse(BaseModel):
    error: ErrorInfo


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["starting", "ready", "failed"]
    model: str | None = None
    warmup_s: float | None = None
    error: str | None = None


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the given error statuses."""
    text = {
        401: "Missing or wrong API key",
        404: "No such job",
        409: "Conflict",
        413: "Request or document too large",
        415: "Wrong Content-Type",
        422: "Invalid request (malformed JSON, wrong fields, empty text)",
        503: "Server busy (see Retry-After) or model unavailable",
        504: "Request timed out",
    }
    return {s: {"model": ErrorResponse, "description": text.get(s, "Error")} for s in statuses}
