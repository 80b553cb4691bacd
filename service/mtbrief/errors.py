"""Errors a caller can act on.  Each names the problem in words a user understands; none leaks
file paths or stack traces (the HTTP layer maps them to status codes)."""

from __future__ import annotations


class MtbriefError(Exception):
    """Base class for every error mtbrief raises on purpose."""


class InputError(MtbriefError, ValueError):
    """The input cannot be processed as given (empty, not UTF-8, too large, not a string...)."""

    code = "bad_input"


class EmptyInputError(InputError):
    code = "empty_input"


class EncodingError(InputError):
    code = "not_utf8"


class InputTooLargeError(InputError):
    code = "too_large"


class ModelUnavailableError(MtbriefError, RuntimeError):
    """A model could not be found or loaded; the message says where we looked and what to do."""

    code = "model_unavailable"
