"""Schema 2: the course record. Drops the unused preference table; adds courses, their scheduled doses, dose
records (given / held / corrections), give/hold assessments, lab draws and course closures.

Written out explicitly (not from the models) so it never changes after release. Runs on SQLite and PostgreSQL.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _recorded() -> list[sa.Column[object]]:
    return [
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False
        ),
    ]


def upgrade() -> None:
    op.drop_table("preference")
    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("patient_name", sa.String(), nullable=True),
        sa.Column("patient_record", sa.String(), nullable=True),
        sa.Column("regimen_slug", sa.String(), nullable=False),
        sa.Column("regimen_name", sa.String(), nullable=False),
        sa.Column("protocol_id", sa.String(), nullable=False),
        sa.Column("content_version", sa.String(), nullable=False),
        sa.Column("weight_entered", sa.String(), nullable=False),
        sa.Column("weight_unit", sa.String(), nullable=False),
        sa.Column("weight_kg", sa.String(), nullable=False),
        sa.Column("first_dose_at", sa.DateTime(), nullable=False),
        sa.Column("calculation", sa.JSON(), nullable=False),
        sa.Column("double_check", sa.JSON(), nullable=True),
        sa.Column("started_by", sa.String(), nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_course"),
    )
    op.create_table(
        "scheduled_dose",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("number_in_cycle", sa.Integer(), nullable=False),
        sa.Column("cycle_max", sa.Integer(), nullable=False),
        sa.Column("course_max", sa.Integer(), nullable=True),
        sa.Column("cycle_first_day", sa.Integer(), nullable=False),
        sa.Column("cycle_last_day", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("planned_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("course_id", "number", name="pk_scheduled_dose"),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name="fk_scheduled_dose_course"),
        sa.UniqueConstraint("course_id", "cycle", "number_in_cycle", name="uq_scheduled_dose_cycle_place"),
        sa.CheckConstraint("number >= 1", name="ck_scheduled_dose_number"),
        sa.CheckConstraint("number_in_cycle >= 1 AND number_in_cycle <= cycle_max", name="ck_scheduled_dose_cycle_max"),
        sa.CheckConstraint("course_max IS NULL OR number <= course_max", name="ck_scheduled_dose_course_max"),
        sa.CheckConstraint("day >= cycle_first_day AND day <= cycle_last_day", name="ck_scheduled_dose_cycle_days"),
    )
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("protocol_id", sa.String(), nullable=False),
        sa.Column("evaluator", sa.String(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(), nullable=False),
        sa.Column("nurse", sa.String(), nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_assessment"),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name="fk_assessment_course"),
        sa.ForeignKeyConstraint(
            ["course_id", "dose_number"],
            ["scheduled_dose.course_id", "scheduled_dose.number"],
            name="fk_assessment_scheduled_dose",
        ),
        sa.CheckConstraint(
            "decision IN ('incomplete', 'no_hold_found', 'call', 'hold', 'stop')", name="ck_assessment_decision"
        ),
    )
    op.create_index("ix_assessment_course_dose", "assessment", ["course_id", "dose_number"])
    op.create_table(
        "dose_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("nurse", sa.String(), nullable=False),
        sa.Column("why", sa.String(), nullable=True),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_dose_record"),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name="fk_dose_record_course"),
        sa.ForeignKeyConstraint(
            ["course_id", "dose_number"],
            ["scheduled_dose.course_id", "scheduled_dose.number"],
            name="fk_dose_record_scheduled_dose",
        ),
        sa.UniqueConstraint("id", "course_id", "dose_number", name="uq_dose_record_id_dose"),
        sa.ForeignKeyConstraint(
            ["corrects_id", "course_id", "dose_number"],
            ["dose_record.id", "dose_record.course_id", "dose_record.dose_number"],
            name="fk_dose_record_corrects_same_dose",
        ),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"], name="fk_dose_record_assessment"),
        sa.CheckConstraint("kind IN ('given', 'held', 'not_given')", name="ck_dose_record_kind"),
        sa.CheckConstraint(
            "kind <> 'held' OR length(trim(coalesce(why, ''))) > 0", name="ck_dose_record_held_needs_reason"
        ),
        sa.CheckConstraint(
            "corrects_id IS NULL OR length(trim(coalesce(why, ''))) > 0",
            name="ck_dose_record_correction_needs_reason",
        ),
        sa.CheckConstraint("kind <> 'not_given' OR corrects_id IS NOT NULL", name="ck_dose_record_not_given_corrects"),
        sa.CheckConstraint("corrects_id IS NULL OR corrects_id <> id", name="ck_dose_record_not_self"),
    )
    # One original record per dose per course, whoever writes it and however many at once.
    op.create_index(
        "uq_dose_record_one_original",
        "dose_record",
        ["course_id", "dose_number"],
        unique=True,
        sqlite_where=sa.text("corrects_id IS NULL"),
        postgresql_where=sa.text("corrects_id IS NULL"),
    )
    op.create_table(
        "lab_draw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("nurse", sa.String(), nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id", name="pk_lab_draw"),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name="fk_lab_draw_course"),
    )
    op.create_index("ix_lab_draw_course_drawn", "lab_draw", ["course_id", "drawn_at"])
    op.create_table(
        "course_closure",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("nurse", sa.String(), nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("course_id", name="pk_course_closure"),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name="fk_course_closure_course"),
        sa.CheckConstraint("outcome IN ('completed', 'stopped', 'transferred')", name="ck_course_closure_outcome"),
        sa.CheckConstraint("length(trim(reason)) > 0", name="ck_course_closure_reason"),
    )


def downgrade() -> None:
    raise NotImplementedError("the records database is never migrated down; restore the backup instead")
