"""One settings object for the library, the CLI and the service (pydantic-settings).

Values come from, first match wins: environment variables prefixed ``MTBRIEF_``, the TOML/JSON
file named by ``MTBRIEF_CONFIG``, an optional ``.env`` file, then the defaults below.  Nothing
here does I/O beyond reading that file.
"""

from __future__ import annotations

import json
import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"


def _default_models_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtbrief" / "models"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MTBRIEF_", env_file=".env", extra="ignore")

    # input limits
    max_input_bytes: int = Field(1_000_000, description="Largest accepted input, in UTF-8 bytes.")
    max_html_bytes: int | None = Field(
        None, description="Largest accepted HTML page in bytes (default: 8 x max_input_bytes)."
    )
    # cleanup
    glossary_path: Path | None = Field(None, description="Extra glossary file (TOML/TSV).")
    use_default_glossary: bool = True
    cleanup_lm: str = Field(
        "auto",
        description="Language-model check of link capitals and full stops: 'auto' (English "
        "documents where a rule found link damage, or where a probed full stop is damage), "
        "'always' (every English document) or 'off'; Spanish, French, Portuguese and German full "
        "stops only, under stricter bounds; Russian full stops that leave a side without a verb "
        "or come before a name or an oblique case, and capitals of words that never open a name.",
    )
    cleanup_lm_model: str = Field(
        "small", description="Model of that check: a packaged model key or a local folder."
    )
    cleanup_lm_multilingual_model: str = Field(
        "default",
        description="Model of that check for Russian (which the small model reads byte by "
        "byte), German, Spanish, French and Portuguese: a packaged model key or a local folder, "
        "used where prepared (a wider, better-separated check at about 1 s per candidate on 2 CPU "
        "cores); 'none' judges them with cleanup_lm_model under the narrower rules.",
    )
    # brief
    model: str = Field("default", description="'default', 'small', a hub id or a local folder.")
    backend: str = Field("auto", description="'auto', 'ctranslate2' or 'transformers'.")
    device: str = Field("auto", description="'auto', 'cpu' or 'cuda'.")
    models_dir: Path = Field(default_factory=_default_models_dir)
    # service
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    api_keys: list[str] = Field(default_factory=list)
    api_keys_file: Path | None = None
    auth_disabled: bool = False
    jobs_db: Path = Path("mtbrief-jobs.sqlite3")
    queue_size: int = 64
    request_timeout_s: float = 120.0
    max_request_bytes: int = 2_000_000
    # service: jobs, batching and readiness (added with the HTTP service)
    max_job_request_bytes: int = Field(
        50_000_000, description="Largest accepted POST /v1/jobs body, in bytes."
    )
    max_job_documents: int = Field(10_000, description="Most documents in one job.")
    max_pending_documents: int = Field(
        100_000, description="Unprocessed job documents beyond which new jobs get 503."
    )
    job_workers: int = Field(1, description="Threads per server process that run jobs.")
    job_batch_size: int = Field(8, description="Documents a job worker takes at once.")
    brief_max_batch: int = Field(8, description="Most /v1/brief requests in one model call.")
    brief_batch_wait_ms: float = Field(
        5.0, description="How long the micro-batcher waits for company once it has a request."
    )
    clean_threads: int = Field(2, description="Threads that run /v1/clean requests.")
    retry_after_s: int = Field(2, description="Retry-After seconds sent with a 503.")


def _file_values() -> dict[str, Any]:
    path = os.environ.get("MTBRIEF_CONFIG")
    if not path:
        return {}
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    return tomllib.loads(text) if p.suffix == ".toml" else json.loads(text)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings (cached; tests build their own ``Settings``)."""
    # Environment variables win over the config file: pass only the keys the environment lacks.
    values = {k: v for k, v in _file_values().items() if f"MTBRIEF_{k.upper()}" not in os.environ}
    return Settings(**values)
