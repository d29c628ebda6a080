"""Loading the per-dose check's files: the form, the label rules and the protocols (shipped and the ward's own).

Shipped protocols live in ``resources/content/protocols/``; a ward's own protocol is one more file of the same
schema in the ``protocols`` folder beside IT's ``ward.ini`` (see :mod:`handbook.ward_settings`). Every file is
validated on load: unknown findings, inputs or source ids, overlapping bands or a missing approval are refused
with a one-line :class:`ProtocolError`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from handbook.content.exact import load_yaml
from handbook.content.files import GIVEHOLD_DIR, PROTOCOLS_DIR
from handbook.givehold.compiled import Catalog, ProtocolError, ProtocolRules
from handbook.givehold.form import DoseForm
from handbook.givehold.label import LabelRulesFile, link_label_rules, parse_drug_rules
from handbook.givehold.protocol import ProtocolFile
from handbook.givehold.stored import ward_protocols_dir
from handbook.paths import content_dir
from handbook.ward_settings import load_ward_settings

__all__ = [
    "Catalog",
    "ProtocolError",
    "ProtocolRules",
    "active_protocol",
    "active_protocol_id",
    "all_protocols",
    "load_catalog",
    "load_protocol",
    "read_protocol_file",
    "shipped_protocols_dir",
    "ward_protocols_dir",
]

FORM_FILE = "dose-check.yaml"
LABEL_FILE = "label-rules.yaml"
DRUG_FILE = "drugs/proleukin.yaml"


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return load_yaml(stream)  # numbers as the Decimal they were written as
    except OSError as error:
        raise ProtocolError(f"{path}: cannot be read ({error.strerror or error})") from None
    except yaml.YAMLError as error:
        raise ProtocolError(f"{path}: not valid YAML ({' '.join(str(error).split())})") from None


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def shipped_protocols_dir(root: Path | None = None) -> Path:
    return (root or content_dir()) / PROTOCOLS_DIR


@functools.lru_cache(maxsize=4)
def load_catalog(root: Path | None = None) -> Catalog:
    base = root or content_dir()
    try:
        form = DoseForm.model_validate(_read_yaml(base / GIVEHOLD_DIR / FORM_FILE))
        links = LabelRulesFile.model_validate(_read_yaml(base / GIVEHOLD_DIR / LABEL_FILE))
        drug = _read_yaml(base / DRUG_FILE)
        label = link_label_rules(links, parse_drug_rules(drug.get("label_dose_rules") if drug else None))
    except ValidationError as error:
        raise ProtocolError(f"the dose-check files do not match their schema: {_first_error(error)}") from None
    except ValueError as error:
        raise ProtocolError(str(error)) from None
    sources = _read_yaml(base / "sources.yaml") or {}
    rows = sources.get("sources", [])
    source_ids = frozenset(str(s.get("id")) for s in rows)
    names = {str(s.get("id")): f"{s.get('short', '')} ({s.get('publisher', '')}, {s.get('date', '')})" for s in rows}
    known = set(form.finding_ids())
    for rule in label.rules:
        unknown = [f for f in rule.when.findings if f not in known]
        if unknown:
            raise ProtocolError(f"label rule {rule.id} names unknown findings: {', '.join(unknown)}")
    retreatment = tuple(
        (" ".join(str(row.get("text", "")).split()), tuple(row.get("sources", [])))
        for row in (drug.get("overview") or {}).get("retreatment", [])
    )
    return Catalog(form.to_plain(), label, source_ids, str(drug.get("content_version", "")), retreatment, names)


def read_protocol_file(path: Path, catalog: Catalog | None = None) -> ProtocolRules:
    """One protocol file, validated against the schema and the catalog."""
    raw = _read_yaml(path)
    try:
        protocol = ProtocolFile.model_validate(raw)
    except ValidationError as error:
        raise ProtocolError(f"{path.name}: {_first_error(error)}") from None
    if protocol.id != path.stem:
        raise ProtocolError(f"{path.name}: its id is {protocol.id!r}; the file must be named {protocol.id}.yaml")
    return (catalog or load_catalog()).check_protocol(protocol.to_plain(), path.name)


def protocol_paths(root: Path | None = None) -> dict[str, Path]:
    """Every protocol id → its file: the shipped ones, then the ward's own (which may not reuse a shipped id)."""
    paths = {p.stem: p for p in sorted(shipped_protocols_dir(root).glob("*.yaml"))}
    ward = ward_protocols_dir()
    if ward.is_dir():
        for path in sorted(ward.glob("*.yaml")):
            if path.stem in paths:
                raise ProtocolError(f"{path}: the id {path.stem!r} is a shipped protocol; give the ward's own a new id")
            paths[path.stem] = path
    return paths


def load_protocol(protocol_id: str, root: Path | None = None) -> ProtocolRules:
    paths = protocol_paths(root)
    if protocol_id not in paths:
        raise ProtocolError(f"unknown protocol {protocol_id!r} (known: {', '.join(paths)})")
    return read_protocol_file(paths[protocol_id], load_catalog(root))


def all_protocols(root: Path | None = None) -> list[ProtocolRules]:
    catalog = load_catalog(root)
    return [read_protocol_file(path, catalog) for path in protocol_paths(root).values()]


def active_protocol_id() -> str:
    """The ward's choice (``HANDBOOK_PROTOCOL`` over ``ward.ini`` over the default)."""
    return load_ward_settings().protocol_id


def active_protocol(root: Path | None = None) -> ProtocolRules:
    return load_protocol(active_protocol_id(), root)
