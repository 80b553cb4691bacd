"""One error shape for every failure the HTTP API reports, and the handlers that produce it.

Every error body is ``{"error": {"code": ..., "message": ..., "details": [...]}}``.  Messages are
written for the caller; they must never carry a stack trace, a file path or the caller's (possibly
huge) input back out.  Unexpected exceptions are logged server-side with a reference id and the
client only sees that id.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, InputTooLargeError, ModelUnavailableError

log = logging.getLogger("mtbrief.api")

# Input errors the library raises, by code -> HTTP status.
_INPUT_STATUS = {InputTooLargeError.code: 413}


class ApiError(Exception):
    """An error with a status, a stable machine-readable code and a human message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.details = details


class QueueFullError(Exception):
    """A bounded queue refused work; the API answers 503 with ``Retry-After``."""


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict:
    """The JSON body of an error response."""
    err: dict[str, Any] = {"code": code, "message": message}
    if details:
        err["details"] = details
    return {"error": err}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    """A JSON error response in the API's one error shape."""
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def input_error_to_api(exc: InputError) -> ApiError:
    """Map a library :class:`InputError` (whose messages are safe by contract) to an ApiError."""
    code = getattr(exc, "code", "bad_input")
    return ApiError(_INPUT_STATUS.get(code, 422), code, str(exc))


def _validation_details(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Summarise pydantic/FastAPI validation errors without echoing the input back."""
    details = []
    for err in errors[:20]:
        loc = [str(p) for p in err.get("loc", ()) if p != "body"]
        details.append({"field": ".".join(loc) or "body", "problem": str(err.get("msg", ""))})
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        reason = (first.get("ctx") or {}).get("error", "")
        message = "request body is not valid JSON" + (f": {reason}" if reason else "")
        return message, [{"field": "body", "problem": message}]
    if not details:
        return "request is invalid", []
    head = details[0]
    return f"invalid request: {head['field']}: {head['problem']}", details


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers so every error leaves in the one shape above."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(
            exc.status, exc.code, exc.message, headers=exc.headers, details=exc.details
        )

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError) -> JSONResponse:
        api = input_error_to_api(exc)
        return error_response(api.status, api.code, api.message)

    @app.exception_handler(ModelUnavailableError)
    async def _model_error(request: Request, exc: ModelUnavailableError) -> JSONResponse:
        # The library's message names folders it searched: log it, do not send it.
        log.error("model unavailable: %s", exc)
        return error_response(
            503, "model_unavailable", "the brief model is not available on this server"
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = _validation_details(list(exc.errors()))
        return error_response(422, "invalid_request", message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            # FastAPI's answer to a JSON body that is not even UTF-8 text: still malformed JSON.
            return error_response(
                422, "invalid_request", "request body is not valid JSON: it is not UTF-8 text"
            )
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return error_response(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            message,
            headers=dict(exc.headers or {}),
        )

    @app.exception_handler(QueueFullError)
    async def _queue_full(request: Request, exc: QueueFullError) -> JSONResponse:
        retry = str(request.app.state.runtime.settings.retry_after_s)
        return error_response(
            503, "overloaded", "the server is busy; retry later", headers={"Retry-After": retry}
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        ref = uuid.uuid4().hex[:12]
        log.exception("unhandled error (ref %s) on %s %s", ref, request.method, request.url.path)
        return error_response(500, "internal", f"internal error (reference {ref})")


def json_error_bytes(status: int, code: str, message: str) -> tuple[int, bytes]:
    """An error body for the raw ASGI middlewares, which answer before FastAPI runs."""
    return status, json.dumps(error_body(code, message)).encode()
