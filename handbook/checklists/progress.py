"""Checklist progress in the user database: every tick, value and note saved in its own transaction.

A crash loses nothing already ticked. Patient details are written only when the nurse asks for them
to be kept (shared workstations); otherwise they live in the window and on paper only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handbook.checklists.evaluation import ItemState
from handbook.checklists.spec import ChecklistSpec
from handbook.checklists.values import parse_value
from handbook.db.user_models import ChecklistEntry, ChecklistRun, utc_now
from handbook.db.user_store import UserStore
from handbook.limits import MAX_NOTE


class ProgressError(Exception):
    """The run cannot be changed (it is completed, or it no longer exists)."""


@dataclass(frozen=True)
class PatientDetails:
    name: str = ""
    record: str = ""
    bed: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name.strip() or self.record.strip() or self.bed.strip())


@dataclass(frozen=True)
class EntrySnapshot:
    item_slug: str
    checked: bool
    value: str
    note: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class RunSnapshot:
    """A saved run as plain data, detached from the database session."""

    id: int
    template_slug: str
    title: str
    content_version: str
    started_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None
    nurse: str
    cosigner: str
    patient: PatientDetails | None  # None unless the nurse chose to keep the details
    entries: dict[str, EntrySnapshot] = field(default_factory=dict)

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    def states(self) -> dict[str, ItemState]:
        return {slug: ItemState(e.checked, e.value) for slug, e in self.entries.items()}

    def entry(self, slug: str) -> EntrySnapshot | None:
        return self.entries.get(slug)


def _snapshot(run: ChecklistRun) -> RunSnapshot:
    kept = run.patient_name is not None or run.patient_record is not None or run.patient_bed is not None
    patient = PatientDetails(run.patient_name or "", run.patient_record or "", run.patient_bed or "") if kept else None
    return RunSnapshot(
        id=run.id,
        template_slug=run.template_slug,
        title=run.title,
        content_version=run.content_version,
        started_at=run.started_at,
        updated_at=run.updated_at,
        completed_at=run.completed_at,
        nurse=run.nurse,
        cosigner=run.cosigner,
        patient=patient,
        entries={
            e.item_slug: EntrySnapshot(e.item_slug, e.checked, e.value, e.note, e.updated_at) for e in run.entries
        },
    )


def same_measurement(checklist: ChecklistSpec, item_slug: str) -> list[str]:
    """``item_slug`` and every other item whose threshold measures the same parameter in the same unit."""
    item = checklist.item(item_slug)
    if item is None or item.threshold is None:
        return [item_slug]
    key = (item.threshold.parameter, item.threshold.unit)
    return [
        other.slug
        for other in checklist.items
        if other.threshold is not None and (other.threshold.parameter, other.threshold.unit) == key
    ]


def _clip(text: str) -> str:
    return text[:MAX_NOTE]


class ChecklistProgress:
    """Saved runs of checklists. Each method is one user action and one transaction."""

    def __init__(self, store: UserStore) -> None:
        self.store = store

    # ---------------------------------------------------------------- reading

    def get(self, run_id: int) -> RunSnapshot:
        with self.store.session() as session:
            return _snapshot(self._run(session, run_id))

    def unfinished(self, template_slug: str) -> RunSnapshot | None:
        """The most recently touched run of this checklist that was not completed."""
        with self.store.session() as session:
            run = session.scalars(
                select(ChecklistRun)
                .options(selectinload(ChecklistRun.entries))
                .where(ChecklistRun.template_slug == template_slug, ChecklistRun.completed_at.is_(None))
                .order_by(ChecklistRun.updated_at.desc(), ChecklistRun.id.desc())
            ).first()
            return None if run is None else _snapshot(run)

    def runs(self, template_slug: str | None = None, limit: int = 200) -> list[RunSnapshot]:
        """Runs kept on this workstation, newest first (completed and unfinished)."""
        query = select(ChecklistRun).options(selectinload(ChecklistRun.entries))
        if template_slug is not None:
            query = query.where(ChecklistRun.template_slug == template_slug)
        query = query.order_by(ChecklistRun.updated_at.desc(), ChecklistRun.id.desc()).limit(limit)
        with self.store.session() as session:
            return [_snapshot(run) for run in session.scalars(query)]

    def history(self, template_slug: str | None = None, limit: int = 200) -> list[RunSnapshot]:
        """Completed runs, newest first."""
        query = (
            select(ChecklistRun)
            .options(selectinload(ChecklistRun.entries))
            .where(ChecklistRun.completed_at.is_not(None))
        )
        if template_slug is not None:
            query = query.where(ChecklistRun.template_slug == template_slug)
        query = query.order_by(ChecklistRun.completed_at.desc(), ChecklistRun.id.desc()).limit(limit)
        with self.store.session() as session:
            return [_snapshot(run) for run in session.scalars(query)]

    # ---------------------------------------------------------------- actions

    def start(self, checklist: ChecklistSpec, nurse: str = "", cosigner: str = "") -> RunSnapshot:
        with self.store.action() as session:
            run = ChecklistRun(
                template_slug=checklist.slug,
                title=checklist.title,
                content_version=checklist.content_version,
                nurse=_clip(nurse),
                cosigner=_clip(cosigner),
            )
            session.add(run)
            session.flush()
            return _snapshot(run)

    def set_checked(self, run_id: int, item_slug: str, checked: bool) -> RunSnapshot:
        with self.store.action() as session:
            entry = self._entry(session, run_id, item_slug)
            entry.checked = checked
            return self._touched(entry)

    def set_value(self, checklist: ChecklistSpec, run_id: int, item_slug: str, text: str) -> RunSnapshot:
        """Save a typed value; for a threshold item a readable number also sets the tick.

        One measurement feeds every item that measures the same thing (urine output this shift is
        both a hold band and a stop limit), so the nurse types it once.
        """
        with self.store.action() as session:
            for slug in same_measurement(checklist, item_slug):
                entry = self._entry(session, run_id, slug)
                entry.value = _clip(text.strip())
                item = checklist.item(slug)
                parsed = parse_value(entry.value)
                if item is not None and item.threshold is not None and parsed.number is not None:
                    entry.checked = item.threshold.triggers(parsed.number)
                snapshot = self._touched(entry)
            return snapshot

    def set_texts(self, run_id: int, texts: Mapping[str, str]) -> RunSnapshot:
        """Several typed texts in one transaction: one user action that touches more than one entry (a "No" that
        also clears the answers under it, or a dose check that starts from the last blood draw)."""
        if not texts:
            return self.get(run_id)
        with self.store.action() as session:
            for slug, text in texts.items():
                entry = self._entry(session, run_id, slug)
                entry.value = _clip(text.strip())
                snapshot = self._touched(entry)
            return snapshot

    def set_note(self, run_id: int, item_slug: str, note: str) -> RunSnapshot:
        with self.store.action() as session:
            entry = self._entry(session, run_id, item_slug)
            entry.note = _clip(note)
            return self._touched(entry)

    def set_people(self, run_id: int, nurse: str, cosigner: str) -> RunSnapshot:
        with self.store.action() as session:
            run = self._open_run(session, run_id)
            run.nurse, run.cosigner = _clip(nurse.strip()), _clip(cosigner.strip())
            run.updated_at = utc_now()
            return _snapshot(run)

    def set_patient(self, run_id: int, patient: PatientDetails | None) -> RunSnapshot:
        """Keep (``patient``) or forget (``None``) the patient details of a run."""
        with self.store.action() as session:
            run = self._open_run(session, run_id)
            if patient is None:
                run.patient_name = run.patient_record = run.patient_bed = None
            else:
                run.patient_name = _clip(patient.name.strip())
                run.patient_record = _clip(patient.record.strip())
                run.patient_bed = _clip(patient.bed.strip())
            run.updated_at = utc_now()
            return _snapshot(run)

    def complete(self, run_id: int) -> RunSnapshot:
        with self.store.action() as session:
            run = self._open_run(session, run_id)
            if not run.nurse.strip():
                raise ProgressError("enter the nurse's name before completing the checklist")
            run.completed_at = run.updated_at = utc_now()
            return _snapshot(run)

    def delete(self, run_id: int) -> None:
        """Remove a run (unfinished or completed) from this workstation."""
        with self.store.action() as session:
            session.delete(self._run(session, run_id))

    # ---------------------------------------------------------------- helpers

    @staticmethod
    def _run(session: Session, run_id: int) -> ChecklistRun:
        run = session.get(ChecklistRun, run_id, options=[selectinload(ChecklistRun.entries)])
        if run is None:
            raise ProgressError(f"checklist run {run_id} no longer exists")
        return run

    def _open_run(self, session: Session, run_id: int) -> ChecklistRun:
        run = self._run(session, run_id)
        if run.completed_at is not None:
            raise ProgressError("this checklist was completed and can no longer be changed; start a new one")
        return run

    def _entry(self, session: Session, run_id: int, item_slug: str) -> ChecklistEntry:
        run = self._open_run(session, run_id)
        entry = run.entry(item_slug)
        if entry is None:
            entry = ChecklistEntry(item_slug=item_slug, checked=False, value="", note="")
            run.entries.append(entry)
        return entry

    @staticmethod
    def _touched(entry: ChecklistEntry) -> RunSnapshot:
        entry.updated_at = entry.run.updated_at = utc_now()
        return _snapshot(entry.run)
