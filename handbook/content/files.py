"""The content files and their fingerprint, and the error a broken one gives.

Light on purpose (no YAML, no pydantic): a normal start only needs the fingerprint to see that the
content database is current. :mod:`handbook.content.loader` reads and validates the files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from handbook.paths import content_dir

SOURCES_FILE = "sources.yaml"
SYNONYMS_FILE = "synonyms.yaml"  # the words search treats as the same
DRUGS_DIR = "drugs"
GIVEHOLD_DIR = "givehold"  # the per-dose check's form and label links
PROTOCOLS_DIR = "protocols"  # the shipped give/hold protocols


class ContentError(Exception):
    """A content file is missing, unreadable or does not match the schema."""

    def __init__(self, path: Path, message: str, line: int | None = None, where: str = "") -> None:
        self.path = path
        self.line = line
        self.where = where
        self.message = message
        place = f"{path.name}"
        if line is not None:
            place += f", line {line}"
        if where:
            place += f" ({where})"
        super().__init__(f"{place}: {message}")


def content_files(root: Path | None = None) -> list[Path]:
    """The files that make up the content, in a stable order."""
    root = root or content_dir()
    drugs = sorted((root / DRUGS_DIR).glob("*.yaml"))
    return [root / SOURCES_FILE, *drugs, root / SYNONYMS_FILE]


def fingerprint(root: Path | None = None) -> str:
    """A hash of every content file's bytes and name: the database is rebuilt when it changes."""
    root = root or content_dir()
    digest = hashlib.sha256()
    # The per-dose check's files are compiled into the database too (see handbook.givehold.stored).
    give_hold = sorted((root / GIVEHOLD_DIR).glob("*.yaml")) + sorted((root / PROTOCOLS_DIR).glob("*.yaml"))
    for path in [*content_files(root), *give_hold]:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()
