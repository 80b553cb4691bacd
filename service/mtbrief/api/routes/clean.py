"""``POST /v1/clean``: text or HTML in; cleaned text, language and edits out.  Thin: validates,
then calls the cleaner (``mtbrief.clean`` / ``mtbrief.clean_html``) on a worker thread."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends

from ...ingest.decode import ensure_text
from ..deps import get_cleaner, get_runtime, require_api_key, require_content_type
from ..engines import Cleaner
from ..runtime import Runtime
from ..schemas import CleanRequest, CleanResponse, error_responses

router = APIRouter(prefix="/v1", tags=["clean"], dependencies=[Depends(require_api_key)])


@router.post(
    "/clean",
    response_model=CleanResponse,
    responses=error_responses(401, 413, 415, 422, 503, 504),
    dependencies=[Depends(require_content_type("application/json"))],
    summary="Clean one article",
)
async def clean_article(
    body: CleanRequest,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    cleaner: Annotated[Cleaner, Depends(get_cleaner)],
) -> CleanResponse:
    """Repair machine-translation artifacts and return every edit in input offsets."""
    started = time.perf_counter()
    text = ensure_text(body.text, max_bytes=runtime.settings.max_input_bytes, what="text")
    result, seconds = await runtime.clean(
        cleaner, text, lang=body.lang, glossary=body.glossary, html=body.html
    )
    timings = {"clean": seconds, "server_total": time.perf_counter() - started}
    return CleanResponse(**result.model_dump(), timings=timings)
