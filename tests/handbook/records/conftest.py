"""Fixtures for the course record: a records database (one per engine) and a course's dosing numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from handbook.db.user_store import UserStore, open_records
from handbook.dosing import Calculation, DosingNumbers, assess
from handbook.records.courses import CourseRecords, NewCourse
from tests.dosing_support import make_drug
from tests.ward_server import WardServer

FIRST_DOSE = dt.datetime(2026, 12, 1, 8, 0)
#: The tests' "now": after the whole course, so every dose time of the course is in the past.
NOW = dt.datetime(2026, 12, 20, 12, 0)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_name(request: pytest.FixtureRequest) -> str:
    """Each records test runs on the embedded SQLite file and on a ward's PostgreSQL server."""
    return str(request.param)


@pytest.fixture
def workstation_urls(engine_name: str, request: pytest.FixtureRequest) -> list[str]:
    """The records URL of two workstations: on SQLite both use the data folder's file ("" ), on the server
    each is signed in as her own nurse role."""
    if engine_name == "sqlite":
        return ["", ""]
    server: WardServer = request.getfixturevalue("ward_server")
    return [server.nurse_url("nurse_alice"), server.nurse_url("nurse_bea")]


@pytest.fixture
def records_store(workstation_urls: list[str], data_dir: Path) -> Iterator[UserStore]:
    store = open_records(data_dir, workstation_urls[0])
    yield store
    store.dispose()


@pytest.fixture
def records(records_store: UserStore) -> CourseRecords:
    return CourseRecords(records_store, clock=lambda: NOW)


@pytest.fixture(scope="session")
def numbers() -> DosingNumbers:
    drug = make_drug()
    return DosingNumbers.from_content(drug, drug.regimens[0])


def calc(numbers: DosingNumbers, weight: str = "70", unit: str = "kg") -> Calculation:
    result = assess(weight, unit, numbers)
    assert result.calculation is not None
    return result.calculation


def new_course(numbers: DosingNumbers, first: dt.datetime = FIRST_DOSE, **extra: object) -> NewCourse:
    fields: dict[str, object] = {
        "label": "bed 7 / AB",
        "calculation": calc(numbers),
        "weight_entered": "70",
        "first_dose_at": first,
        "protocol_id": "dutcher-2014",
        "content_version": "test-1",
        "started_by": "AB",
        "check": calc(numbers, "70.0"),
        "checked_by": "CD",
    }
    fields.update(extra)
    return NewCourse(**fields)  # type: ignore[arg-type]
