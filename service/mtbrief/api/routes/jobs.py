"""``/v1/jobs``: batches of documents processed in the background and kept in SQLite.

``POST`` accepts a JSON object (``{"stage", "options", "documents"}``), a bare JSON list of
documents, a JSONL body (``application/x-ndjson``) or a multipart upload of a JSONL/JSON file
(field ``file``); for the last three, ``stage`` and ``options`` come from the query string.  The
job and all its documents are committed before the id is returned.  ``GET .../results`` streams
JSONL in input order.  This module parses and stores; it never processes a document itself.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import TypeAdapter, ValidationError

from ..deps import get_runtime, media_type, require_api_key
from ..errors import ApiError, QueueFullError
from ..jobs_store import DuplicateIdError, JobInfo, NewDocument
from ..runtime import Runtime
from ..schemas import JobCreate, JobDocument, JobOptions, JobStatus, error_responses

router = APIRouter(prefix="/v1", tags=["jobs"], dependencies=[Depends(require_api_key)])

JSON_TYPES = ("application/json",)
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")
MULTIPART = "multipart/form-data"
_documents = TypeAdapter(list[JobDocument])

_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/JobCreate"}},
            "application/x-ndjson": {
                "schema": {
                    "type": "string",
                    "description": 'One JSON document per line: {"id", "text", "lang"?, "html"?}',
                }
            },
            MULTIPART: {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


def _problem(where: str, message: str) -> ApiError:
    return ApiError(422, "invalid_request", f"{where}: {message}", details=[
        {"field": where, "problem": message}
    ])


def _validate_documents(raw: Any, where: str) -> list[JobDocument]:
    try:
        return _documents.validate_python(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise _problem(f"{where}.{loc}" if loc else where, err["msg"]) from None


def _parse_jsonl(data: bytes) -> list[Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _problem("body", "the upload is not UTF-8") from None
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON list uploaded as a file
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise _problem("body", f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
        return value
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise _problem(f"line {number}", f"not valid JSON: {exc.msg}") from None
    return records


def _parse_options(raw: str | None) -> JobOptions:
    if raw is None:
        return JobOptions()
    try:
        return JobOptions.model_validate_json(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise _problem(f"options{'.' + loc if loc else ''}", err["msg"]) from None


async def _read_job(
    request: Request, stage: str | None, options: str | None
) -> tuple[str, JobOptions, list[JobDocument]]:
    kind = media_type(request)
    if kind in JSON_TYPES:
        body = await request.body()
        try:
            value = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            raise _problem("body", f"request body is not valid JSON: {reason}") from None
        if isinstance(value, dict):
            try:
                job = JobCreate.model_validate(value)
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(p) for p in err["loc"]) or "body"
                raise _problem(loc, err["msg"]) from None
            return job.stage, job.options, job.documents
        raw_docs: Any = value
    elif kind in JSONL_TYPES:
        raw_docs = _parse_jsonl(await request.body())
    elif kind == MULTIPART:
        limit = request.app.state.runtime.settings.max_job_request_bytes
        form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise _problem("file", "upload the documents as a file field named 'file'")
        raw_docs = _parse_jsonl(await upload.read())
        stage = stage or (form.get("stage") if isinstance(form.get("stage"), str) else None)
        if options is None and isinstance(form.get("options"), str):
            options = str(form.get("options"))
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            "send a job as application/json, application/x-ndjson or multipart/form-data",
        )
    if stage not in (None, "clean", "brief"):
        raise _problem("stage", "must be 'clean' or 'brief'")
    if not isinstance(raw_docs, list) or not raw_docs:
        raise _problem("documents", "send a non-empty list of documents")
    return stage or "clean", _parse_options(options), _validate_documents(raw_docs, "documents")


def _status(info: JobInfo) -> JobStatus:
    return JobStatus(
        id=info.id,
        stage=info.stage,  # type: ignore[arg-type]
        status=info.status,  # type: ignore[arg-type]
        total=info.total,
        processed=info.processed,
        succeeded=info.succeeded,
        failed=info.failed,
        progress=round(info.processed / info.total, 4) if info.total else 1.0,
        duplicates=info.duplicates,
        options=info.options,
        created_at=info.created_at,
        updated_at=info.updated_at,
        results_url=f"/v1/jobs/{info.id}/results",
    )


async def _job(runtime: Runtime, job_id: str) -> JobInfo:
    assert runtime.store is not None
    info = await asyncio.to_thread(runtime.store.get_job, job_id)
    if info is None:
        raise ApiError(404, "not_found", "no job with this id")
    return info


@router.post(
    "/jobs",
    status_code=202,
    response_model=JobStatus,
    responses={
        200: {"model": JobStatus, "description": "Idempotency-Key seen before: that job"},
        **error_responses(401, 413, 415, 422, 503),
    },
    openapi_extra=_BODY_DOC,
    summary="Submit a batch of documents",
)
async def create_job(
    request: Request,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    stage: Annotated[
        Literal["clean", "brief"] | None, Query(description="For list/JSONL/upload bodies")
    ] = None,
    options: Annotated[
        str | None, Query(max_length=8_000, description="JobOptions as JSON (non-object bodies)")
    ] = None,
    idempotency_key: Annotated[
        str | None,
        Header(max_length=200, description="Retrying with the same key returns the same job"),
    ] = None,
) -> JSONResponse:
    """Store the job durably and return its id at once; workers process it in the background."""
    assert runtime.store is not None
    settings = runtime.settings
    job_stage, job_options, docs = await _read_job(request, stage, options)
    if len(docs) > settings.max_job_documents:
        raise ApiError(
            413,
            "too_many_documents",
            f"the job has {len(docs):,} documents; the limit is {settings.max_job_documents:,}",
        )
    pending = await asyncio.to_thread(runtime.store.pending_documents)
    if pending + len(docs) > settings.max_pending_documents:
        runtime.metrics.rejected.labels("jobs").inc()
        raise QueueFullError("jobs")
    new_docs = [
        NewDocument(id=d.id if d.id is not None else str(i), text=d.text, lang=d.lang, html=d.html)
        for i, d in enumerate(docs)
    ]
    try:
        job_id, created = await asyncio.to_thread(
            runtime.store.create_job,
            job_stage,
            job_options.model_dump(exclude_none=True),
            new_docs,
            idempotency_key=idempotency_key,
        )
    except DuplicateIdError as exc:
        raise ApiError(422, "duplicate_id", str(exc)) from None
    if runtime.workers is not None:
        runtime.workers.notify()
    info = await _job(runtime, job_id)
    return JSONResponse(
        _status(info).model_dump(mode="json"),
        status_code=202 if created else 200,
        headers={"Location": f"/v1/jobs/{job_id}"},
    )


@router.get(
    "/jobs/{job_id}",
    response_model=JobStatus,
    responses=error_responses(401, 404),
    summary="Job status and progress",
)
async def get_job(job_id: str, runtime: Annotated[Runtime, Depends(get_runtime)]) -> JobStatus:
    return _status(await _job(runtime, job_id))


@router.get(
    "/jobs/{job_id}/results",
    responses={
        200: {
            "content": {"application/x-ndjson": {}},
            "description": "One JSON line per document, in input order",
        },
        **error_responses(401, 404),
    },
    response_class=StreamingResponse,
    summary="Stream results as JSONL, in input order",
)
async def job_results(
    job_id: str,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    offset: Annotated[int, Query(ge=0, description="Skip this many documents")] = 0,
) -> StreamingResponse:
    """While the job runs, the lines cover the documents finished so far *without gaps* (stop at
    the first unfinished one; poll again with ``offset``).  A cancelled job gives every document a
    line: unprocessed ones carry ``{"error": {"code": "cancelled"}}``."""
    info = await _job(runtime, job_id)
    store = runtime.store
    assert store is not None

    def lines() -> Iterator[bytes]:
        for doc_id, state, payload in store.iter_results(job_id, offset=offset):
            if state == "pending":
                if info.status != "cancelled":
                    return
                payload = {
                    "id": doc_id,
                    "error": {"code": "cancelled", "message": "the job was cancelled first"},
                }
            yield (json.dumps(payload, ensure_ascii=False) + "\n").encode()

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={
            "X-Job-Status": info.status,
            "X-Job-Processed": str(info.processed),
            "X-Job-Total": str(info.total),
        },
    )


@router.delete(
    "/jobs/{job_id}",
    response_model=JobStatus,
    responses={204: {"description": "Purged"}, **error_responses(401, 404)},
    summary="Cancel a job (and with purge=true, delete it and its results)",
)
async def cancel_job(
    job_id: str,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    purge: Annotated[bool, Query(description="Also delete the job and its results")] = False,
) -> Any:
    """Cancelling is idempotent: a finished or cancelled job is returned unchanged."""
    store = runtime.store
    assert store is not None
    await _job(runtime, job_id)
    await asyncio.to_thread(store.cancel, job_id)
    if purge:
        await asyncio.to_thread(store.purge, job_id)
        return Response(status_code=204)
    return _status(await _job(runtime, job_id))
