"""Read and validate the content files, with messages a content reviewer can act on.

A broken file never produces a traceback: :class:`ContentError` names the file, the line and the
field path, and says what is wrong.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from handbook.content.schema import Monograph, SourcesFile
from handbook.paths import content_dir

SOURCES_FILE = "sources.yaml"
DRUGS_DIR = "drugs"

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


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


@dataclass(frozen=True)
class Content:
    """Everything the content database is built from."""

    sources: SourcesFile
    monographs: tuple[Monograph, ...]
    fingerprint: str


def content_files(root: Path | None = None) -> list[Path]:
    """The files that make up the content, in a stable order."""
    root = root or content_dir()
    drugs = sorted((root / DRUGS_DIR).glob("*.yaml"))
    return [root / SOURCES_FILE, *drugs]


def fingerprint(root: Path | None = None) -> str:
    """A hash of every content file's bytes and name: the database is rebuilt when it changes."""
    digest = hashlib.sha256()
    for path in content_files(root):
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def load_content(root: Path | None = None) -> Content:
    root = root or content_dir()
    files = content_files(root)
    sources = _validate(files[0], SourcesFile)
    if len(files) == 1:
        raise ContentError(root / DRUGS_DIR, "no monograph files (*.yaml) found")
    known = {source.id for source in sources.sources}
    monographs = []
    for path in files[1:]:
        monograph = _validate(path, Monograph)
        _check_source_ids(path, monograph, known)
        monographs.append(monograph)
    ids = [m.drug.id for m in monographs]
    if len(set(ids)) != len(ids):
        raise ContentError(root / DRUGS_DIR, f"two monographs share a drug id: {sorted(ids)}")
    return Content(sources=sources, monographs=tuple(monographs), fingerprint=fingerprint(root))


def _validate(path: Path, model: type[Any]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, "the file is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(path, f"cannot be read: {error}") from None
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise ContentError(path, f"not valid YAML: {error.problem}", line=line) from None
    except yaml.YAMLError as error:
        raise ContentError(path, f"not valid YAML: {error}") from None
    try:
        return model.model_validate(data)
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


def _check_source_ids(path: Path, monograph: Monograph, known: set[str]) -> None:
    def walk(value: Any, location: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources":
                    for index, source_id in enumerate(item):
                        if source_id not in known:
                            raise ContentError(path, f"unknown source id {source_id!r} (not in {SOURCES_FILE})",
                                               line=_line_of(node, (*location, key, index)),
                                               where=_dotted((*location, key, index)))
                else:
                    walk(item, (*location, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*location, index))

    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    walk(monograph.model_dump(mode="json"), ())


def main() -> int:
    """``python -m handbook.content.loader``: validate the content files and report."""
    try:
        content = load_content()
    except ContentError as error:
        print(f"Content error: {error}", file=sys.stderr)
        return 1
    for monograph in content.monographs:
        print(f"{monograph.drug.brand_name}: content {monograph.content_version}, "
              f"reviewed {monograph.last_reviewed}, {len(monograph.side_effects)} side effects")
    print(f"{len(content.sources.sources)} sources; fingerprint {content.fingerprint[:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
