"""``handbook checklists``: ids and titles from the content, as text or JSON."""

from __future__ import annotations

import json

import pytest

from handbook.cli import main

CONTENT_IDS = ["dose-check", "before-treatment", "monitoring", "discharge", "medicines-review"]


def test_lists_ids_and_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklists"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [*CONTENT_IDS, "teaching"]
    assert "Before each dose" in out


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklists", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == CONTENT_IDS
    by_id = {row["id"]: row for row in rows}
    assert by_id["dose-check"]["gives_result"] is True
    assert by_id["discharge"]["gives_result"] is False
    assert [row["id"] for row in rows if not row["title"]] == []
    assert [row["id"] for row in rows if row["items"] <= 0] == []


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklists", "--nope"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
