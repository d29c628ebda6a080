"""A safe "no data" for Python item models.

PySide6 6.12 drops one reference to ``None`` every time a Python override of a QVariant-returning
virtual (``data``, ``headerData``) returns ``None``. Python 3.11's ``None`` is not immortal, so a
table that is painted, sorted and filtered for a while aborts the app ("deallocating None").
``no_data()`` gives the reference back when, and only when, the running PySide6 has the fault.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex

_PROBE_CALLS = 16


class _Probe(QAbstractListModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return None


def _drops_none_references() -> bool:
    probe = _Probe()
    index = probe.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        index.data()
    return before - sys.getrefcount(None) >= _PROBE_CALLS


_COMPENSATE = _drops_none_references()


def no_data() -> object:
    """Return this from ``data``/``headerData`` instead of a bare ``None``."""
    if _COMPENSATE:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    return None
