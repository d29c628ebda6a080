"""The Qt (PySide6) layer of the Proleukin nursing handbook: a thin layer over :mod:`handbook`."""
