"""Python's own ``__import__``, captured before PySide6 replaces it.

PySide6 installs an import hook that, for every module imported after it, reads the module's source
(``inspect.getsource``) to see whether it selects PySide6 "features" (``from __feature__ import ...``),
and the source stays in ``linecache``. For SQLAlchemy, jinja and the handbook's own data layer that is
about 15 MB held for nothing, plus the time to read it all. None of them imports PySide6, so the
background loading (:mod:`ui.startup`) imports them with the plain import. This module must be
imported before PySide6 (``ui.launcher`` imports it first); otherwise ``PLAIN_IMPORT`` is None and the
loading falls back to clearing ``linecache`` afterwards.
"""

from __future__ import annotations

import builtins
import linecache
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

PLAIN_IMPORT: Callable[..., Any] | None = None if "PySide6" in sys.modules else builtins.__import__


@contextmanager
def plain_imports() -> Iterator[None]:
    """Import with Python's own ``__import__`` inside the block (process-wide, so keep it short); on
    leaving, drop whatever source text ``linecache`` gathered meanwhile."""
    hooked = builtins.__import__
    if PLAIN_IMPORT is not None:
        builtins.__import__ = PLAIN_IMPORT
    try:
        yield
    finally:
        builtins.__import__ = hooked
        linecache.clearcache()
