"""The per-dose check as the content database holds it: what the window uses, without YAML or pydantic.

The build validates the shipped form, label rules and protocols and stores them with the drug
(:func:`compile_give_hold`, called by :func:`handbook.content.loader.load_content`); here they are read back as
plain data. A ward's own protocol file (in the ``protocols`` folder beside IT's ``ward.ini``) is not part of the
content: it is read and validated when it is asked for, against the stored catalog.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbook.givehold.compiled import (
    Catalog,
    ProtocolError,
    ProtocolRules,
    catalog_document,
    catalog_from_json,
    protocol_document,
    protocol_from_json,
)
from handbook.ward_settings import load_ward_settings, ward_config_path

if TYPE_CHECKING:
    from handbook.db.content_models import Drug

CATALOG_KEY = "catalog"
PROTOCOL_PREFIX = "protocol:"
PROTOCOLS_DIR = "protocols"


def ward_protocols_dir() -> Path:
    """Where IT puts a ward's own protocol file: a ``protocols`` folder beside ``ward.ini``."""
    return ward_config_path().parent / PROTOCOLS_DIR


def compile_give_hold(root: Path | None = None) -> dict[str, str]:
    """The shipped files, validated (YAML and pydantic: build time only), as the documents the database stores.

    Raises :class:`ProtocolError` when a shipped file is broken: the content is then not built.
    """
    from handbook.givehold.catalog import load_catalog, read_protocol_file, shipped_protocols_dir

    # Read afresh, never from load_catalog's cache: the build runs because the files changed.
    catalog = load_catalog.__wrapped__(root)
    documents = {CATALOG_KEY: json.dumps(catalog_document(catalog), sort_keys=True)}
    for path in sorted(shipped_protocols_dir(root).glob("*.yaml")):
        protocol = read_protocol_file(path, catalog)
        documents[PROTOCOL_PREFIX + protocol.id] = json.dumps(protocol_document(protocol), sort_keys=True)
    return documents


@dataclass(frozen=True)
class StoredGiveHold:
    """The catalog and the shipped protocols from the content database, and the ward's choice among them."""

    catalog: Catalog
    shipped: Mapping[str, ProtocolRules]

    def protocols(self) -> dict[str, ProtocolRules]:
        """Every protocol id → its protocol: the shipped ones, then the ward's own (checked as they are read)."""
        protocols = dict(self.shipped)
        ward = ward_protocols_dir()
        paths = sorted(ward.glob("*.yaml")) if ward.is_dir() else []
        if paths:
            from handbook.givehold.catalog import read_protocol_file  # YAML and pydantic: a ward's own file only

            for path in paths:
                if path.stem in protocols:
                    raise ProtocolError(
                        f"{path}: the id {path.stem!r} is a shipped protocol; give the ward's own a new id"
                    )
                protocols[path.stem] = read_protocol_file(path, self.catalog)
        return protocols

    def protocol(self, protocol_id: str) -> ProtocolRules:
        if protocol_id in self.shipped:
            return self.shipped[protocol_id]
        protocols = self.protocols()
        if protocol_id not in protocols:
            raise ProtocolError(f"unknown protocol {protocol_id!r} (known: {', '.join(protocols)})")
        return protocols[protocol_id]

    def active(self) -> ProtocolRules:
        """The ward's choice (``HANDBOOK_PROTOCOL`` over ``ward.ini`` over the default)."""
        return self.protocol(load_ward_settings().protocol_id)


def files_give_hold(root: Path | None = None) -> StoredGiveHold:
    """The same, read from the shipped files (YAML and pydantic): for a check made without the content database."""
    from handbook.givehold.catalog import load_catalog, read_protocol_file, shipped_protocols_dir

    catalog = load_catalog(root)
    paths = sorted(shipped_protocols_dir(root).glob("*.yaml"))
    return StoredGiveHold(catalog, {path.stem: read_protocol_file(path, catalog) for path in paths})


def give_hold_of(drug: Any) -> StoredGiveHold:
    """The check stored with ``drug`` (a content-database drug), else (a drug built in code) the shipped files."""
    if getattr(drug, "give_hold_documents", None) is None:
        return files_give_hold()
    return stored_give_hold(drug)


def stored_give_hold(drug: Drug) -> StoredGiveHold:
    """The per-dose check stored with ``drug``; :class:`ProtocolError` when the database holds none."""
    documents = {row.key: row.body for row in drug.give_hold_documents}
    if CATALOG_KEY not in documents:
        raise ProtocolError("the content database holds no dose-check files: rebuild it ('handbook build')")
    shipped = {
        key[len(PROTOCOL_PREFIX) :]: protocol_from_json(body)
        for key, body in sorted(documents.items())
        if key.startswith(PROTOCOL_PREFIX)
    }
    return StoredGiveHold(catalog_from_json(documents[CATALOG_KEY]), shipped)
