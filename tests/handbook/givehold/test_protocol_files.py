"""Protocol files: the shipped ones load; broken or unsafe ones are refused; a ward's own file is found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from handbook.givehold.catalog import ProtocolError, all_protocols, load_catalog, load_protocol, read_protocol_file
from handbook.givehold.protocol import ProtocolFile
from handbook.paths import content_dir
from handbook.ward_settings import PROTOCOL_ENV

SHIPPED = content_dir() / "protocols"


def _dutcher() -> dict[str, object]:
    data = yaml.safe_load((SHIPPED / "dutcher-2014.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _write(folder: Path, data: dict[str, object]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_three_published_protocols_ship_as_separate_examples() -> None:
    protocols = all_protocols()
    assert [p.id for p in protocols] == ["dutcher-2014", "springerplus-2015", "til-2024"]
    assert [p.status.value for p in protocols] == ["published-example"] * 3
    assert [p.approved_on for p in protocols] == [None] * 3
    assert load_protocol("dutcher-2014").name_and_status.startswith("Dutcher 2014 (published example")


def test_the_json_schema_beside_the_files_is_current() -> None:
    on_disk = json.loads((SHIPPED / "protocol.schema.json").read_text(encoding="utf-8"))
    assert on_disk == ProtocolFile.model_json_schema()


def test_every_label_rule_of_the_drug_file_is_applied() -> None:
    drug = yaml.safe_load((content_dir() / "drugs" / "proleukin.yaml").read_text(encoding="utf-8"))
    in_drug = {row["id"] for row in drug["label_dose_rules"]}
    assert {rule.id for rule in load_catalog().label.rules} == in_drug


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "approved"}, "approved_by and approved_on"),
        ({"approved_by": "Dr Someone"}, "published example is not approved"),
        ({"sources": ["no-such-source"]}, "not in sources.yaml"),
        ({"id": "Bad Id"}, "id"),
    ],
)
def test_a_broken_protocol_is_refused_in_one_line(tmp_path: Path, change: dict[str, object], message: str) -> None:
    data = {**_dutcher(), **change}
    path = tmp_path / "dutcher-2014.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProtocolError, match=message) as raised:
        read_protocol_file(path)
    assert "\n" not in str(raised.value)


def test_overlapping_bands_are_refused(tmp_path: Path) -> None:
    data = _dutcher()
    criteria = list(data["criteria"])  # type: ignore[call-overload]
    criteria.append(
        {"id": "hr-extra", "level": "relative", "system": "x", "text": "x", "when": {"input": "hr", "at_least": 120}}
    )
    path = _write(tmp_path, {**data, "criteria": criteria})
    with pytest.raises(ProtocolError, match="overlap on hr"):
        read_protocol_file(path)


def test_touching_half_open_bands_are_allowed() -> None:
    creatinine = [c for c in load_protocol("dutcher-2014").criteria if c.when.input == "creatinine"]
    assert len(creatinine) == 2
    assert not creatinine[0].when.overlaps(creatinine[1].when)


def test_an_unknown_finding_is_refused(tmp_path: Path) -> None:
    data = _dutcher()
    criteria = [
        *data["criteria"],
        {"id": "x", "level": "absolute", "system": "x", "text": "x", "when": {"findings": ["nope"]}},
    ]  # type: ignore[misc]
    with pytest.raises(ProtocolError, match="unknown findings: nope"):
        read_protocol_file(_write(tmp_path, {**data, "criteria": criteria}))


def test_a_wards_own_approved_protocol_beside_ward_ini_is_found_and_active(
    no_ward_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = {
        **_dutcher(),
        "id": "ward-7-2026",
        "title": "Ward 7 IL-2 hold criteria",
        "short_name": "Ward 7",
        "status": "approved",
        "approved_by": "Ward 7 IL-2 committee",
        "approved_on": "2026-11-20",
    }
    _write(no_ward_file.parent / "protocols", data)
    no_ward_file.write_text("[protocol]\nid = ward-7-2026\n", encoding="utf-8")
    from handbook.givehold.catalog import active_protocol

    protocol = active_protocol()
    assert protocol.id == "ward-7-2026"
    assert protocol.name_and_status == "Ward 7 (approved by Ward 7 IL-2 committee on 2026-11-20)"
    monkeypatch.setenv(PROTOCOL_ENV, "til-2024")
    assert active_protocol().id == "til-2024"


def test_a_ward_file_may_not_reuse_a_shipped_id(no_ward_file: Path) -> None:
    _write(no_ward_file.parent / "protocols", _dutcher())
    with pytest.raises(ProtocolError, match="shipped protocol"):
        load_protocol("dutcher-2014")
