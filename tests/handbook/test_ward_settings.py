"""Ward settings: the IT file, the environment overriding it, and safe defaults when it is absent or broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.ward_settings import DEFAULT_PROTOCOL, load_ward_settings


@pytest.fixture
def ward_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ward.ini"
    monkeypatch.setenv("HANDBOOK_WARD_CONFIG", str(path))
    monkeypatch.delenv("HANDBOOK_PROTOCOL", raising=False)
    monkeypatch.delenv("HANDBOOK_DATABASE_URL", raising=False)
    return path


def test_defaults_when_no_file(ward_file: Path) -> None:
    settings = load_ward_settings()
    assert settings.protocol_id == DEFAULT_PROTOCOL
    assert settings.protocol.origin == "built-in default"
    assert settings.database_url.value == ""
    assert settings.identifiers is False
    assert settings.problem == ""


def test_file_values_are_used(ward_file: Path) -> None:
    ward_file.write_text(
        "[protocol]\nid = springerplus-2015\n[records]\nurl = postgresql+psycopg://@db:5432/h\n"
        "[privacy]\nidentifiers = on\n",
        encoding="utf-8",
    )
    settings = load_ward_settings()
    assert settings.protocol_id == "springerplus-2015"
    assert str(ward_file) in settings.protocol.origin
    assert settings.database_url.value == "postgresql+psycopg://@db:5432/h"
    assert settings.identifiers is True


def test_environment_overrides_the_file(ward_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ward_file.write_text("[protocol]\nid = springerplus-2015\n", encoding="utf-8")
    monkeypatch.setenv("HANDBOOK_PROTOCOL", "til-2024")
    settings = load_ward_settings()
    assert settings.protocol_id == "til-2024"
    assert settings.protocol.origin == "environment HANDBOOK_PROTOCOL"


def test_a_broken_file_falls_back_and_says_so(ward_file: Path) -> None:
    ward_file.write_text("this is not an ini file\n[", encoding="utf-8")
    settings = load_ward_settings()
    assert settings.protocol_id == DEFAULT_PROTOCOL
    assert "could not be read" in settings.problem


def test_an_unknown_privacy_word_keeps_identifiers_off(ward_file: Path) -> None:
    ward_file.write_text("[privacy]\nidentifiers = maybe\n", encoding="utf-8")
    settings = load_ward_settings()
    assert settings.identifiers is False
    assert "identifiers must be on or off" in settings.problem
