"""The Proleukin nursing handbook: domain and data layer (no Qt here)."""

__version__ = "0.1.0"
