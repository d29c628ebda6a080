"""Content files: the real ones validate; broken ones give a clear message naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.content.loader import ContentError, load_content


def monograph(root: Path) -> Path:
    return root / "drugs" / "proleukin.yaml"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_the_shipped_content_is_valid() -> None:
    content = load_content()
    assert content.monographs[0].drug.brand_name == "Proleukin"
    assert len(content.fingerprint) == 64


def test_a_wrong_value_names_file_line_and_field(content_copy: Path) -> None:
    path = monograph(content_copy)
    replace_once(path, "frequency: more_common", "frequency: sometimes")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    error = caught.value
    assert error.path == path
    assert error.line == line_of(path, "frequency: sometimes")
    assert error.where.startswith("side_effects[")
    assert error.where.endswith("].frequency")
    assert "proleukin.yaml, line" in str(error)
    assert "more_common" in error.message  # pydantic lists the allowed values


def test_broken_yaml_syntax_names_the_line(content_copy: Path) -> None:
    path = monograph(content_copy)
    text = path.read_text(encoding="utf-8").splitlines()
    text.insert(3, "  : : [unclosed")
    path.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    assert "not valid YAML" in caught.value.message
    assert caught.value.line is not None
    assert 3 <= caught.value.line <= 5


def test_an_unknown_source_id_is_refused(content_copy: Path) -> None:
    path = monograph(content_copy)
    text = path.read_text(encoding="utf-8")
    first = text.index("sources: [")
    path.write_text(text[:first] + "sources: [no-such-source, " + text[first + len("sources: [") :], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    assert "unknown source id 'no-such-source'" in str(caught.value)
    assert caught.value.line == line_of(path, "no-such-source")


def test_a_misspelt_key_is_refused(content_copy: Path) -> None:
    path = monograph(content_copy)
    replace_once(path, "  brand_name:", "  brand_nmae:")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    assert "drug.brand_nmae" in str(caught.value) or "drug.brand_name" in str(caught.value)


def test_a_missing_sources_register_is_named(content_copy: Path) -> None:
    (content_copy / "sources.yaml").unlink()
    with pytest.raises(ContentError, match=r"sources.yaml: the file is missing"):
        load_content(content_copy)


def test_a_file_that_is_not_utf8_is_named(content_copy: Path) -> None:
    monograph(content_copy).write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ContentError, match=r"proleukin.yaml: cannot be read"):
        load_content(content_copy)
