"""Shared FastAPI dependencies: the runtime, the engines (overridable in tests), API-key auth and
content-type checks.  Auth fails closed: with no keys configured and auth not explicitly disabled,
every protected request is refused.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .engines import Briefer, Cleaner
from .errors import ApiError
from .runtime import Runtime

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`.")


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def get_cleaner(request: Request) -> Cleaner:
    """The cleaner routes use (override with ``app.dependency_overrides`` in tests)."""
    return request.app.state.runtime.cleaner


def get_briefer(request: Request) -> Briefer:
    """The briefer's identity for responses (override with ``app.dependency_overrides``)."""
    return request.app.state.runtime.briefer


async def require_api_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Check ``Authorization: Bearer <key>`` against the configured keys (constant time)."""
    runtime: Runtime = request.app.state.runtime
    if runtime.settings.auth_disabled:
        return
    challenge = {"WWW-Authenticate": "Bearer"}
    if not runtime.api_keys:
        raise ApiError(
            401,
            "unauthorized",
            "no API keys are configured on this server; set MTBRIEF_API_KEYS or "
            "MTBRIEF_API_KEYS_FILE, or MTBRIEF_AUTH_DISABLED=true to turn auth off",
            headers=challenge,
        )
    if credentials is None:
        raise ApiError(
            401, "unauthorized", "send an API key as 'Authorization: Bearer <key>'",
            headers=challenge,
        )
    given = credentials.credentials.encode()
    if not any(hmac.compare_digest(given, key.encode()) for key in runtime.api_keys):
        raise ApiError(401, "unauthorized", "the API key is not valid", headers=challenge)


def media_type(request: Request) -> str:
    """The request's media type, lower case, without parameters (``""`` when absent)."""
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def require_content_type(*allowed: str) -> Callable[[Request], None]:
    """A dependency answering 415 unless the body's media type is one of ``allowed``."""

    def check(request: Request) -> None:
        if media_type(request) not in allowed:
            raise ApiError(
                415,
                "unsupported_media_type",
                f"send the body as {' or '.join(allowed)}",
            )

    return check
