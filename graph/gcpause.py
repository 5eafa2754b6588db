"""Pause Python's cyclic garbage collector while an import builds many small objects.

Parsing, checking and writing a city of 10^5 offers allocates millions of small dicts,
lists and pydantic models, none of them in reference cycles. The cyclic collector runs
again and again over that growing heap and at 100,000 offers doubles the time of JSON
validation and of building the rows for Neo4j (measured: 4.1 s → 2.1 s for
``GraphBatch.model_validate_json`` of 85 MB). Reference counting still frees everything
as usual; the collector simply resumes when the outermost pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (or decorated function).

    Nested pauses are fine: only the pause that disabled the collector enables it again.

    Examples
    --------
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
