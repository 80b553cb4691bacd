"""The repairs, one module per artifact kind.  Each exposes a class with ``name``, ``kind``,
``scripts`` (writing systems it understands; None = any) and ``propose(doc) -> list[Proposal]``.

The order they run in is fixed in :mod:`mtbrief.cleanup.pipeline`.
"""
