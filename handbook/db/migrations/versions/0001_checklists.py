"""Schema 1, frozen: the checklist tables and the preference table as the first release created them.

The first release ran ``create_all`` on its models; this is that schema written out, so existing files at
PRAGMA user_version 1 are recognised, and later model changes never leak into version 1.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "preference",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "checklist_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_slug", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("content_version", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("nurse", sa.String(), nullable=False),
        sa.Column("cosigner", sa.String(), nullable=False),
        sa.Column("patient_name", sa.String(), nullable=True),
        sa.Column("patient_record", sa.String(), nullable=True),
        sa.Column("patient_bed", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_checklist_run_template_slug", "checklist_run", ["template_slug"])
    op.create_table(
        "checklist_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("item_slug", sa.String(), nullable=False),
        sa.Column("checked", sa.Boolean(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "item_slug"),
        sa.ForeignKeyConstraint(["run_id"], ["checklist_run.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_checklist_entry_run_id", "checklist_entry", ["run_id"])


def downgrade() -> None:
    raise NotImplementedError("the records database is never migrated down; restore the backup instead")
