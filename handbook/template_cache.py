"""Compiled jinja templates kept on disk between runs, so a start does not compile every template again.

Entries are keyed by the template's name and a checksum of its source, so an edited template is simply
compiled afresh. The cache is only a speed-up: any failure to read or write it is ignored.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

log = logging.getLogger(__name__)

CACHE_FOLDER = "cache/templates"


class QuietBytecodeCache(FileSystemBytecodeCache):
    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError) as error:  # unreadable or damaged: compile instead
            log.debug("template cache not read: %s", error)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:
            log.debug("template cache not written: %s", error)


def use_template_cache(environment: Environment, data_dir: Path) -> Path | None:
    """Keep ``environment``'s compiled templates under ``data_dir``; None when the folder cannot be made."""
    folder = data_dir / CACHE_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.info("no template cache at %s: %s", folder, error)
        return None
    environment.bytecode_cache = QuietBytecodeCache(str(folder))
    return folder
