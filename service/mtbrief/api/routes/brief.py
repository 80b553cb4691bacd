"""``POST /v1/brief``: text or HTML in; cleaned text, edits, brief, faithfulness report, model and
timings out.  Requests go through the micro-batcher, so concurrent ones share one model call."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends

from ...ingest.decode import ensure_text
from ..deps import get_briefer, get_runtime, require_api_key, require_content_type
from ..engines import Briefer
from ..runtime import Runtime
from ..schemas import BriefRequest, BriefResponse, error_responses

router = APIRouter(prefix="/v1", tags=["brief"], dependencies=[Depends(require_api_key)])


@router.post(
    "/brief",
    response_model=BriefResponse,
    responses=error_responses(401, 413, 415, 422, 503, 504),
    dependencies=[Depends(require_content_type("application/json"))],
    summary="Clean one article and write a faithful brief",
)
async def brief_article(
    body: BriefRequest,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    briefer: Annotated[Briefer, Depends(get_briefer)],
) -> BriefResponse:
    """Clean the article, then brief it; every name and number in the brief is checked against
    the cleaned text and the report says what the guard found and did."""
    started = time.perf_counter()
    text = ensure_text(body.text, max_bytes=runtime.settings.max_input_bytes, what="text")
    options = body.model_dump(exclude={"text"}, exclude_none=True)
    result, info = await runtime.brief(briefer, text, options)
    payload = result.model_dump()
    if not body.return_edits:
        payload["clean"]["edits"] = []
    payload["timings"] = {
        **result.timings,
        "queue_wait": info.queue_wait_s,
        "batch_generation": info.generation_s,
        "server_total": time.perf_counter() - started,
    }
    return BriefResponse(**payload, batch_size=info.batch_size)
