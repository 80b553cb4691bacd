"""Stage 1: repair machine-translation artifacts and record every edit."""

from .document import Edit, apply_edits, revert_edits
from .pipeline import CleanResult, Pipeline, clean

__all__ = ["CleanResult", "Edit", "Pipeline", "apply_edits", "clean", "revert_edits"]
