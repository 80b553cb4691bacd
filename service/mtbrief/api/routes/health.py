"""``/healthz`` (the process answers), ``/readyz`` (model loaded and a test generation passed) and
``/metrics`` (Prometheus text).  No auth: orchestrators and scrapers call these; they reveal no
input, no paths and no configuration."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from ..deps import get_runtime
from ..runtime import Runtime
from ..schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready yet, or warm-up failed"}},
    summary="Readiness: the model is loaded and a test generation passed",
)
async def readyz(runtime: Annotated[Runtime, Depends(get_runtime)]) -> JSONResponse:
    r = runtime.readiness
    ready = r.state == "ready" and runtime.store is not None
    body = Readiness(status=r.state, model=r.model, warmup_s=r.seconds, error=r.error)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=200 if ready else 503)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text"}},
)
async def metrics(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Response:
    runtime.metrics.queue_depth.labels("brief").set(runtime.batcher.depth)
    return Response(runtime.metrics.render(), media_type=CONTENT_TYPE_LATEST)
