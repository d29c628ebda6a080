"""Fixtures for the give/hold tests: the shipped files, and a dose where nothing is wrong."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from handbook.givehold.catalog import Catalog, all_protocols, load_catalog
from handbook.givehold.inputs import DoseInputs, Rhythm
from handbook.givehold.protocol import ProtocolFile
from handbook.ward_settings import PROTOCOL_ENV, WARD_CONFIG_ENV

# A dose with every value inside every band's "nothing met" side, for every shipped protocol (exact decimals,
# as the window reads them from the typed text).
QUIET_VALUES: dict[str, Decimal] = {
    "sbp": Decimal("112"),
    "hr": Decimal("88"),
    "spo2": Decimal("97"),
    "o2-lpm": Decimal("0"),
    "urine-ml-8h": Decimal("640"),
    "creatinine": Decimal("1.1"),
    "platelets": Decimal("140"),
    "bicarbonate": Decimal("24"),
    "bilirubin": Decimal("0.9"),
    "temp-c": Decimal("37.4"),
    "dose-number": Decimal("4"),
    "doses-held": Decimal("0"),
    "admission-weight-kg": Decimal("80"),
    "weight-kg": Decimal("83"),
    "phenylephrine-max": Decimal("0"),
    "phenylephrine-now": Decimal("0"),
}


@pytest.fixture(autouse=True)
def no_ward_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No workstation's real ward.ini leaks in; the default protocol unless a test chooses."""
    path = tmp_path / "site" / "ward.ini"
    monkeypatch.setenv(WARD_CONFIG_ENV, str(path))
    monkeypatch.delenv(PROTOCOL_ENV, raising=False)
    return path


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def protocols() -> dict[str, ProtocolFile]:
    return {p.id: p for p in all_protocols()}


def quiet_inputs(catalog: Catalog, **changes: object) -> DoseInputs:
    """Every question answered "no", sinus rhythm, the quiet values; ``values``/``findings``/``rhythm`` override."""
    values = {**QUIET_VALUES, **changes.pop("values", {})}  # type: ignore[dict-item]
    findings = dict.fromkeys(catalog.form.finding_ids(), False)
    findings.update(changes.pop("findings", {}))  # type: ignore[call-overload]
    rhythm = changes.pop("rhythm", Rhythm.sinus)
    assert not changes, changes
    return DoseInputs(values=values, rhythm=rhythm, findings=findings)  # type: ignore[arg-type]
