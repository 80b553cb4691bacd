"""The HTTP service: a thin FastAPI layer over the library (see :func:`create_app`)."""

from .app import app_from_env, create_app

__all__ = ["app_from_env", "create_app"]
