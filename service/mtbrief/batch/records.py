"""One record in, one output record out: the single implementation every batch path shares.

:func:`process_record` is what the local engine's worker processes, the Ray actors and the HTTP
API's jobs call for each ``{"id", "text", "lang"?, "html"?}`` record; :func:`process_records` is
the same for a chunk (for the ``brief`` stage it can batch generation through
``mtbrief.brief.brief_many``: by default on a GPU only, since on a CPU it measured slower).
The single-document library calls (:func:`mtbrief.clean`, :func:`mtbrief.clean_html`,
:func:`mtbrief.brief`) are exactly what runs inside.

A problem with one record (missing or non-string text, too large, not UTF-8, a repair that
crashed on it) becomes an output record with ``"error"`` and ``"code"`` fields, never an
exception, so a batch always continues.  A problem with the *stage* (the brief model cannot be
loaded, HTML support not installed) raises :class:`StageUnavailableError`: writing it as an error
on every record would mark them all done and a re-run would never retry them.

This module must never do I/O beyond what the stages themselves do, and must never drop a record.
"""

from __future__ import annotations

import importlib
import inspect
import json
import logging
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..config import get_settings
from ..errors import InputError, InputTooLargeError, ModelUnavailableError, MtbriefError

Stage = Literal["clean", "brief"]
STAGES: tuple[str, ...] = ("clean", "brief")
ID_TYPES = (str, int)

log = logging.getLogger(__name__)


class StageUnavailableError(MtbriefError, RuntimeError):
    """The stage cannot run at all here (a module or model is missing); nothing was written."""

    code = "stage_unavailable"


@dataclass(frozen=True)
class StageOptions:
    """Per-run options shared by every record (picklable: it travels to worker processes).

    ``lang`` is the default language for records without one; ``brief_options`` are passed to
    ``mtbrief.brief`` (``target_lang``, ``max_words``, ``max_sentences``, ``model``...).
    """

    lang: str | None = None
    glossary: Mapping[str, str] | str | None = None
    max_bytes: int | None = None
    brief_options: Mapping[str, Any] = field(default_factory=dict)
    # Briefs generated together by one brief_many call.  None: the whole chunk on a GPU, one at a
    # time on a CPU, where batched generation measured 2.2x slower (benchmarks/batch_scaling.py).
    generation_batch: int | None = None


def error_record(record_id: object, code: str, message: str) -> dict[str, Any]:
    """The output record written for a record that could not be processed."""
    return {"id": record_id, "error": message, "code": code}


def _validate(record: object) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Return ``(record, None)`` when the fields have the right types, else ``(None, error)``."""
    if not isinstance(record, Mapping):
        return None, error_record(None, "not_an_object", "record must be a JSON object")
    rid = record.get("id")
    if "text" not in record or record["text"] is None:
        return None, error_record(rid, "missing_text", "record has no 'text' field")
    text = record["text"]
    if not isinstance(text, (str, bytes)):
        return None, error_record(
            rid, "not_text", f"'text' must be a string, not {_json_type(text)}"
        )
    lang = record.get("lang")
    if lang is not None and not isinstance(lang, str):
        return None, error_record(
            rid, "bad_lang", f"'lang' must be a language code string, not {_json_type(lang)}"
        )
    return dict(record), None


def _json_type(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "an array",
        dict: "an object",
        bytes: "bytes",
    }
    return names.get(type(value), type(value).__name__)


def _clean_one(record: Mapping[str, Any], options: StageOptions) -> dict[str, Any]:
    from ..cleanup.pipeline import clean

    lang = record.get("lang") or options.lang
    if options.max_bytes is not None:  # clean() applies the configured limit itself
        _check_size(record, options)
    if record.get("html"):
        try:
            from ..ingest.html import clean_html
        except ImportError as exc:  # the HTML ingest module is optional in partial builds
            raise StageUnavailableError(
                "HTML input needs mtbrief.ingest.html, which this installation does not have"
            ) from exc
        result = clean_html(record["text"], lang=lang, glossary=options.glossary)
    else:
        result = clean(record["text"], lang=lang, glossary=options.glossary)
    return {
        "id": record.get("id"),
        "text": result.text,
        "lang": result.lang,
        "edits": [e.model_dump() for e in result.edits],
    }


def _brief_module() -> Any:
    try:  # by module path: `from .. import brief` may find the function mtbrief.brief instead
        brief_module = importlib.import_module("mtbrief.brief")
    except ImportError as exc:
        raise StageUnavailableError(
            "the brief stage needs mtbrief.brief, which this installation does not have"
        ) from exc
    if not hasattr(brief_module, "brief"):
        raise StageUnavailableError("mtbrief.brief has no brief() function in this installation")
    return brief_module


def _brief_kwargs(fn: Any, record: Mapping[str, Any], options: StageOptions) -> dict[str, Any]:
    kwargs: dict[str, Any] = dict(options.brief_options)
    if options.glossary is not None:
        kwargs["glossary"] = options.glossary
    if record.get("html"):
        kwargs["html"] = True
    lang = record.get("lang") or options.lang
    # Pass the source language only to a brief() that accepts it (its contract does not list it).
    if lang and "lang" in inspect.signature(fn).parameters:
        kwargs["lang"] = lang
    return kwargs


def _brief_output(record_id: object, result: Any) -> dict[str, Any]:
    clean = result.clean
    return {
        "id": record_id,
        "text": clean.text,
        "lang": clean.lang,
        "edits": [e.model_dump() for e in clean.edits],
        "brief": result.brief,
        "brief_lang": result.lang,
        "model": result.model,
        "guard": result.guard.model_dump(),
        "source_sentences": list(result.source_sentences),
        # result.timings are left out on purpose: output must not depend on machine load.
    }


def _check_size(record: Mapping[str, Any], options: StageOptions) -> None:
    """Refuse unusable text before a stage sees it (HTML: size only; its charset may vary)."""
    from ..ingest.decode import ensure_text

    if not record.get("html"):
        ensure_text(record["text"], max_bytes=options.max_bytes, what="text")
        return
    limit = get_settings().max_input_bytes if options.max_bytes is None else options.max_bytes
    data = record["text"]
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise InputTooLargeError(f"HTML is {size:,} bytes; the limit is {limit:,} bytes")


def _failure(record_id: object, exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, (StageUnavailableError, ModelUnavailableError)):
        raise exc
    if isinstance(exc, InputError):
        return error_record(record_id, exc.code, str(exc))
    # A bug met on one article must not stop a batch of thousands: record it and go on.
    log.exception("record %r failed", record_id)
    return error_record(record_id, "internal_error", f"{type(exc).__name__}: {exc}")


def process_record(
    record: Mapping[str, Any], stage: str = "clean", options: StageOptions | None = None
) -> dict[str, Any]:
    """Process one record for ``stage`` and return its output record (never raises for the record).

    Clean output: ``{"id", "text" (cleaned), "lang", "edits"}``; brief output adds ``"brief"``,
    ``"brief_lang"``, ``"model"``, ``"guard"`` and ``"source_sentences"``.  A bad record gives
    ``{"id", "error", "code"}``.
    """
    return process_records([record], stage, options)[0]


def process_records(
    records: Sequence[Mapping[str, Any]], stage: str = "clean", options: StageOptions | None = None
) -> list[dict[str, Any]]:
    """:func:`process_record` over a chunk, in order (briefs are generated as one batch)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose one of {list(STAGES)}")
    options = options or StageOptions()
    out: list[dict[str, Any] | None] = [None] * len(records)
    valid: list[tuple[int, dict[str, Any]]] = []
    for i, raw in enumerate(records):
        rec, err = _validate(raw)
        if err is not None:
            out[i] = err
        else:
            valid.append((i, rec))  # type: ignore[arg-type]
    if stage == "clean":
        for i, rec in valid:
            try:
                out[i] = _clean_one(rec, options)
            except Exception as exc:
                out[i] = _failure(rec.get("id"), exc)
    else:
        _brief_chunk(valid, options, out)
    return out  # type: ignore[return-value]


def _gpu_available(options: StageOptions) -> bool:
    """Whether briefs will be generated on a GPU (then batching pays off)."""
    device = str(options.brief_options.get("device") or get_settings().device)
    if device != "auto":
        return device.startswith("cuda")
    try:
        import ctranslate2

        if ctranslate2.get_cuda_device_count() > 0:
            return True
    except Exception:  # not installed or no CUDA runtime: ask torch below
        pass
    torch = sys.modules.get("torch")  # only if already loaded: importing it costs seconds
    return bool(torch is not None and torch.cuda.is_available())


def _brief_chunk(
    valid: list[tuple[int, dict[str, Any]]],
    options: StageOptions,
    out: list[dict[str, Any] | None],
) -> None:
    module = _brief_module()
    ready: list[tuple[int, dict[str, Any]]] = []
    for i, rec in valid:  # refuse bad inputs before they can fail a whole generation batch
        try:
            _check_size(rec, options)
            ready.append((i, rec))
        except Exception as exc:
            out[i] = _failure(rec.get("id"), exc)
    many = getattr(module, "brief_many", None)
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, rec in ready:  # one generation batch per distinct set of options
        key = json.dumps(_brief_kwargs(module.brief, rec, options), sort_keys=True, default=str)
        groups.setdefault(key, []).append((i, rec))
    for group in groups.values():
        size = options.generation_batch or (len(group) if _gpu_available(options) else 1)
        if many is not None and len(group) > 1 and size > 1:
            kwargs = _brief_kwargs(many, group[0][1], options)
            if "batch_size" in inspect.signature(many).parameters:
                kwargs["batch_size"] = size
            try:
                results = many([rec["text"] for _, rec in group], **kwargs)
                for (i, rec), result in zip(group, results, strict=True):
                    out[i] = _brief_output(rec.get("id"), result)
                continue
            except (StageUnavailableError, ModelUnavailableError):
                raise
            except Exception:  # isolate the record that broke the batch: redo one by one
                log.warning("batched brief failed; retrying the %d records one by one", len(group))
        for i, rec in group:
            try:
                result = module.brief(rec["text"], **_brief_kwargs(module.brief, rec, options))
                out[i] = _brief_output(rec.get("id"), result)
            except Exception as exc:
                out[i] = _failure(rec.get("id"), exc)


def to_json_line(obj: Mapping[str, Any]) -> bytes:
    """Serialise an output record as one UTF-8 JSON line (``\\n``-terminated).

    Text with lone surrogates (legal in JSON escapes, not encodable as UTF-8) is written with
    ASCII escapes instead, so the line still round-trips exactly.
    """
    try:
        return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(obj, ensure_ascii=True) + "\n").encode("ascii")
