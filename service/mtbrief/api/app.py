"""The app factory: ``create_app(settings, cleaner=..., briefer=...)`` builds one FastAPI app.

Tests build their own app with fake engines (or override ``get_cleaner``/``get_briefer``);
``mtbrief serve`` calls :func:`create_app` with none and gets the library engines and the
configured model.  The factory wires middlewares, error handlers, routes and the lifespan that
starts the job store, workers, micro-batcher and warm-up; it does no work of its own.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from pydantic.json_schema import models_json_schema

from .. import __version__
from ..config import Settings, get_settings
from .engines import Briefer, Cleaner, LibraryBriefer, LibraryCleaner
from .errors import install_error_handlers
from .metrics import Metrics
from .middleware import BodyLimitMiddleware, MetricsMiddleware
from .routes import brief, clean, health, jobs, review
from .runtime import Runtime
from .schemas import JobCreate

log = logging.getLogger("mtbrief.api")

DESCRIPTION = """Clean machine-translated news, explain every edit, and write a faithful brief.

* `POST /v1/clean`, `POST /v1/brief`: one article, answered now.
* `POST /v1/jobs`: many articles, processed in the background, kept across restarts.
* Auth: `Authorization: Bearer <key>` on `/v1/*` unless the server disabled it.
* Errors: `{"error": {"code", "message", "details"?}}`; 503 comes with `Retry-After`.
"""


def _install_openapi(app: FastAPI) -> None:
    """Add schemas referenced only by hand-written request bodies (``POST /v1/jobs``)."""
    base = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = base()
        _, defs = models_json_schema(
            [(JobCreate, "validation")], ref_template="#/components/schemas/{model}"
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in defs.get("$defs", {}).items():
            components.setdefault(name, definition)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    settings: Settings | None = None,
    *,
    cleaner: Cleaner | None = None,
    briefer: Briefer | None = None,
) -> FastAPI:
    """Build the app.  ``cleaner``/``briefer`` default to the library with ``settings.model``."""
    settings = settings or get_settings()
    metrics = Metrics()
    runtime = Runtime(
        settings,
        cleaner or LibraryCleaner(),
        briefer or LibraryBriefer(settings),
        metrics,
    )
    if not settings.auth_disabled and not runtime.api_keys:
        log.warning("no API keys configured and auth not disabled: /v1 will refuse every request")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(
        title="mtbrief",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.runtime = runtime
    install_error_handlers(app)
    for module in (clean, brief, jobs, health, review):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=review.STATIC_DIR), name="static")

    def limit_for(path: str) -> int:
        if path.rstrip("/") == "/v1/jobs":
            return settings.max_job_request_bytes
        return settings.max_request_bytes

    # Added last = outermost: metrics also see the 413s the body limit answers.
    app.add_middleware(BodyLimitMiddleware, limit_for=limit_for)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    _install_openapi(app)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory mtbrief.api:app_from_env`` (what ``mtbrief serve`` runs)."""
    return create_app(get_settings())
