"""Read and validate the content files, with messages a content reviewer can act on.

A broken file never produces a traceback: :class:`ContentError` names the file, the line and the
field path, and says what is wrong.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from handbook.content.exact import ExactLoader
from handbook.content.files import (
    DRUGS_DIR,
    GIVEHOLD_DIR,
    SOURCES_FILE,
    SYNONYMS_FILE,
    ContentError,
    content_files,
    fingerprint,
)
from handbook.content.schema import Monograph, SourcesFile
from handbook.content.synonyms import SynonymsFile
from handbook.givehold.compiled import ProtocolError
from handbook.givehold.stored import compile_give_hold
from handbook.paths import content_dir

__all__ = ["DRUGS_DIR", "SOURCES_FILE", "Content", "ContentError", "content_files", "fingerprint", "load_content"]


@dataclass(frozen=True)
class Content:
    """Everything the content database is built from."""

    sources: SourcesFile
    monographs: tuple[Monograph, ...]
    fingerprint: str
    synonyms: SynonymsFile | None = None  # None only for content built in code (tests, benchmarks)
    # The per-dose check's files, validated, as the database stores them (None: compiled from the shipped files
    # when the database is built; content built in code).
    give_hold: Mapping[str, str] | None = None


def load_content(root: Path | None = None) -> Content:
    root = root or content_dir()
    files = content_files(root)
    sources, _node = _validate(files[0], SourcesFile)
    drug_files = [path for path in files if path.parent == root / DRUGS_DIR]
    if not drug_files:
        raise ContentError(root / DRUGS_DIR, "no monograph files (*.yaml) found")
    synonyms, _node = _validate(root / SYNONYMS_FILE, SynonymsFile)
    known = {source.id for source in sources.sources}
    monographs = []
    for path in drug_files:
        monograph, node = _validate(path, Monograph)
        _check_source_ids(path, monograph, known, node)
        monographs.append(monograph)
    ids = [m.drug.id for m in monographs]
    if len(set(ids)) != len(ids):
        raise ContentError(root / DRUGS_DIR, f"two monographs share a drug id: {sorted(ids)}")
    try:
        give_hold = compile_give_hold(root)
    except ProtocolError as error:
        raise ContentError(root / GIVEHOLD_DIR, str(error)) from None
    return Content(
        sources=sources,
        monographs=tuple(monographs),
        fingerprint=fingerprint(root),
        synonyms=synonyms,
        give_hold=give_hold,
    )


def _validate(path: Path, model: type[Any]) -> tuple[Any, yaml.Node | None]:
    """The validated model and the YAML node tree it came from (for line numbers), parsed once."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, "the file is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(path, f"cannot be read: {error}") from None
    try:
        node, data = _parse(text)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise ContentError(path, f"not valid YAML: {error.problem}", line=line) from None
    except yaml.YAMLError as error:
        raise ContentError(path, f"not valid YAML: {error}") from None
    try:
        return model.model_validate(data), node
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(first["loc"])
        where = _dotted(location)
        line = _line_of(node, location)
        more = len(error.errors()) - 1
        message = first["msg"]
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
        raise ContentError(path, message, line=line, where=where) from None


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree and the data built from it: what ``yaml.compose`` and ``yaml.load`` give, in one parse."""
    loader = ExactLoader(text)  # numbers as the Decimal they were written as, never a binary float
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _dotted(location: tuple[Any, ...]) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(node: yaml.Node | None, location: tuple[Any, ...]) -> int | None:
    """Follow the validation error's path through the YAML node tree to the nearest line."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    child = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def _check_source_ids(path: Path, monograph: Monograph, known: set[str], node: yaml.Node | None) -> None:
    def walk(value: Any, location: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources":
                    for index, source_id in enumerate(item):
                        if source_id not in known:
                            raise ContentError(
                                path,
                                f"unknown source id {source_id!r} (not in {SOURCES_FILE})",
                                line=_line_of(node, (*location, key, index)),
                                where=_dotted((*location, key, index)),
                            )
                else:
                    walk(item, (*location, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*location, index))

    walk(monograph.model_dump(mode="json"), ())


def main() -> int:
    """``python -m handbook.content.loader``: validate the content files and report."""
    try:
        content = load_content()
    except ContentError as error:
        print(f"Content error: {error}", file=sys.stderr)
        return 1
    for monograph in content.monographs:
        print(
            f"{monograph.drug.brand_name}: content {monograph.content_version}, "
            f"reviewed {monograph.last_reviewed}, {len(monograph.side_effects)} side effects"
        )
    print(f"{len(content.sources.sources)} sources; fingerprint {content.fingerprint[:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
