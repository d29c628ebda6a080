"""The user database: what nurses save on this workstation (checklist progress, preferences)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class UserBase(DeclarativeBase):
    pass


class Preference(UserBase):
    __tablename__ = "preference"
    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


class ChecklistRun(UserBase):
    """One working-through of a checklist template, from start to completion."""

    __tablename__ = "checklist_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_slug: Mapped[str] = mapped_column(index=True)
    title: Mapped[str]  # the template title when the run started, kept for the history list
    content_version: Mapped[str]
    started_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    completed_at: Mapped[dt.datetime | None]
    nurse: Mapped[str] = mapped_column(default="")
    cosigner: Mapped[str] = mapped_column(default="")
    # Patient details are kept only when the nurse explicitly asks: these are shared workstations.
    patient_name: Mapped[str | None]
    patient_record: Mapped[str | None]
    patient_bed: Mapped[str | None]
    entries: Mapped[list[ChecklistEntry]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="ChecklistEntry.id"
    )

    def entry(self, item_slug: str) -> ChecklistEntry | None:
        for entry in self.entries:
            if entry.item_slug == item_slug:
                return entry
        return None


class ChecklistEntry(UserBase):
    __tablename__ = "checklist_entry"
    __table_args__ = (UniqueConstraint("run_id", "item_slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("checklist_run.id", ondelete="CASCADE"), index=True)
    item_slug: Mapped[str]
    checked: Mapped[bool] = mapped_column(default=False)
    value: Mapped[str] = mapped_column(default="")  # a measured value typed by the nurse, e.g. "86"
    note: Mapped[str] = mapped_column(default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    run: Mapped[ChecklistRun] = relationship(back_populates="entries")
