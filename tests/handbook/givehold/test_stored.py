"""The per-dose check compiled into the content database: the same rules as the files, exact numbers, and a
ward's own protocol still read (and checked) from its file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from handbook.checklists.values import parse_value
from handbook.db import content_models as m
from handbook.db.content_store import open_content
from handbook.givehold.catalog import all_protocols, load_catalog
from handbook.givehold.compiled import ProtocolError, plain
from handbook.givehold.evaluator import evaluate
from handbook.givehold.stored import CATALOG_KEY, PROTOCOL_PREFIX, stored_give_hold
from handbook.givehold.wording import Decision
from handbook.paths import content_dir
from tests.handbook.givehold.conftest import quiet_inputs

BOUNDS = ("at_least", "above", "below", "at_most")
DECIMAL_TEXT = re.compile(r"^-?\d+(\.\d*[1-9])?$")  # "90", "2.5": no exponent, no trailing zero


@pytest.fixture
def drug(data_dir: Path) -> Iterator[m.Drug]:
    store = open_content(data_dir)
    session = store.session()
    yield session.scalars(select(m.Drug)).one()
    session.close()
    store.dispose()


def test_the_database_gives_the_same_form_label_rules_and_protocols_as_the_files(drug: m.Drug) -> None:
    stored = stored_give_hold(drug)
    assert stored.catalog == load_catalog()
    assert stored.shipped == {p.id: p for p in all_protocols()}
    assert list(stored.shipped) == ["dutcher-2014", "springerplus-2015", "til-2024"]


def test_every_bound_is_stored_as_the_exact_decimal_text_of_the_file(drug: m.Drug) -> None:
    documents = {row.key: json.loads(row.body) for row in drug.give_hold_documents}
    conditions = [rule["when"] for rule in documents[CATALOG_KEY]["label"]["rules"]]
    for key, document in documents.items():
        if key.startswith(PROTOCOL_PREFIX):
            conditions += [criterion["when"] for criterion in document["criteria"]]
            # Every scalar as its written text (the base loader builds no numbers): the file's own digits.
            text = (content_dir() / "protocols" / f"{document['id']}.yaml").read_text("utf-8")
            raw = yaml.load(text, Loader=yaml.BaseLoader)
            for criterion, written in zip(document["criteria"], raw["criteria"], strict=True):
                for bound in BOUNDS:
                    if bound in written["when"]:
                        assert Decimal(criterion["when"][bound]) == Decimal(written["when"][bound]), criterion
    texts = [when[bound] for when in conditions for bound in BOUNDS if when[bound] is not None]
    assert len(texts) > 20  # the bands of three protocols and the label
    assert [text for text in texts if not isinstance(text, str)] == []
    assert [text for text in texts if not DECIMAL_TEXT.match(text)] == []


def test_a_typed_value_on_a_bound_falls_on_the_side_the_protocol_says(drug: m.Drug) -> None:
    stored = stored_give_hold(drug)
    for protocol in stored.shipped.values():
        for criterion in protocol.criteria:
            when = criterion.when
            for bound in BOUNDS:
                value = getattr(when, bound)
                if value is not None:
                    # The value typed as the bound's own text, as the window reads it (a Decimal, once).
                    typed = parse_value(plain(value)).number
                    assert typed is not None
                    assert when.contains(typed) is (bound in ("at_least", "at_most")), criterion.id


def test_the_stored_check_decides_as_the_file_check(drug: m.Drug) -> None:
    stored = stored_give_hold(drug)
    inputs = quiet_inputs(stored.catalog, values={"sbp": 80})
    for protocol in all_protocols():
        from_db = evaluate(inputs, stored.protocol(protocol.id), ask_everything=True, catalog=stored.catalog)
        from_files = evaluate(inputs, protocol, ask_everything=True, catalog=load_catalog())
        assert from_db.decision is not Decision.no_hold_found, protocol.id  # a systolic of 80 is never "no hold"
        assert from_db.as_json() == from_files.as_json()


def test_a_wards_own_protocol_is_read_from_its_file_and_checked_against_the_stored_catalog(
    drug: m.Drug, no_ward_file: Path
) -> None:
    data = yaml.safe_load((content_dir() / "protocols" / "dutcher-2014.yaml").read_text("utf-8"))
    data.update(
        id="ward-7-2026",
        short_name="Ward 7",
        status="approved",
        approved_by="Ward 7 IL-2 committee",
        approved_on="2026-11-20",
    )
    folder = no_ward_file.parent / "protocols"
    folder.mkdir(parents=True)
    (folder / "ward-7-2026.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    no_ward_file.write_text("[protocol]\nid = ward-7-2026\n", encoding="utf-8")
    stored = stored_give_hold(drug)
    assert stored.active().name_and_status == "Ward 7 (approved by Ward 7 IL-2 committee on 2026-11-20)"
    assert list(stored.protocols()) == ["dutcher-2014", "springerplus-2015", "til-2024", "ward-7-2026"]
    data["criteria"][0]["when"] = {"findings": ["not-a-finding"]}
    (folder / "ward-7-2026.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ProtocolError, match="unknown findings: not-a-finding"):
        stored.active()


def test_an_edited_shipped_protocol_rebuilds_the_database_with_the_edit(content_copy: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    protocol_path = content_copy / "protocols" / "til-2024.yaml"
    form_path = content_copy / "givehold" / "dose-check.yaml"
    for attempt in ("first", "second"):  # the second build must not reuse what the first one read
        protocol = yaml.safe_load(protocol_path.read_text("utf-8"))
        protocol["criteria"][0]["text"] = f"Criterion wording, {attempt} edit"
        protocol_path.write_text(yaml.safe_dump(protocol, allow_unicode=True), encoding="utf-8")
        form = yaml.safe_load(form_path.read_text("utf-8"))
        form["items"][0]["title"] = f"Item title, {attempt} edit"
        form_path.write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
        store = open_content(data_dir, content_copy)
        assert store.rebuilt  # the give/hold files are part of what the database is built from
        with store.session() as session:
            stored = stored_give_hold(session.scalars(select(m.Drug)).one())
            assert stored.shipped["til-2024"].criteria[0].text == f"Criterion wording, {attempt} edit"
            assert stored.catalog.form.items[0].title == f"Item title, {attempt} edit"
        store.dispose()
