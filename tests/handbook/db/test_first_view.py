"""The first view stored in the content database: written at every build, read with sqlite3, never stale."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from handbook.db.content_store import open_content
from handbook.db.first_view import FIRST_TAB, code_fingerprint, read_first_view
from handbook.paths import content_db_path, templates_dir


def test_a_built_database_holds_the_first_view(data_dir: Path) -> None:
    store = open_content(data_dir)
    with store.session() as session:
        drug = store.drug(session)
        short = drug.boxed_warning_short
        regimen = drug.regimens[0]
        view = read_first_view(data_dir)
        assert view is not None
        assert view.tab == FIRST_TAB.value
        assert (view.brand_name, view.generic_name, view.drug_slug) == (drug.brand_name, drug.generic_name, drug.slug)
        assert view.boxed_short_text == short.text
        assert view.boxed_short_sources == ", ".join(s.short_name for s in short.sources)
        assert [(c.number, c.first_day, c.last_day, c.max_doses) for c in view.cycles] == [
            (c.number, c.first_day, c.last_day, c.max_doses) for c in regimen.cycles
        ]
        # Exact text in the JSON (a JSON number would come back a float), the same Decimal as the ORM's.
        assert view.regimens[0].value("interval_hours") == regimen.value("interval_hours")
        assert view.interval_hours == "8"
        assert view.meta["content_version"] == store.meta()["content_version"]
    store.dispose()
    assert "renal cell carcinoma" in view.html.lower()
    assert "source:" in view.html  # every statement keeps its citation link
    assert "label-current" in {s.id for s in view.sources}  # the register, for citation tooltips


def test_a_changed_content_file_makes_the_stored_view_unusable(data_dir: Path, content_copy: Path) -> None:
    open_content(data_dir, content_copy).dispose()
    assert read_first_view(data_dir, content_copy) is not None
    path = content_copy / "drugs" / "proleukin.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("brand_name: Proleukin", "brand_name: Proleukin-X", 1),
        encoding="utf-8",
    )
    assert read_first_view(data_dir, content_copy) is None
    open_content(data_dir, content_copy).dispose()
    view = read_first_view(data_dir, content_copy)
    assert view is not None
    assert view.brand_name == "Proleukin-X"


def test_an_edited_template_changes_the_build_key(tmp_path: Path) -> None:
    copy = tmp_path / "templates"
    shutil.copytree(templates_dir(), copy)
    before = code_fingerprint(templates=copy)
    page = copy / "screen" / "indications.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\n<p>edited</p>\n", encoding="utf-8")
    assert code_fingerprint(templates=copy) != before


def test_a_damaged_or_incomplete_database_gives_no_first_view(data_dir: Path) -> None:
    content_db_path(data_dir).unlink(missing_ok=True)  # the fixture's folder comes with one built
    assert read_first_view(data_dir) is None  # nothing built
    open_content(data_dir).dispose()
    with sqlite3.connect(content_db_path(data_dir)) as con:
        con.execute("DELETE FROM first_view")
    assert read_first_view(data_dir) is None
    content_db_path(data_dir).write_bytes(b"not a database" * 100)
    assert read_first_view(data_dir) is None
