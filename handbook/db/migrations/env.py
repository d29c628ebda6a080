"""For developers running the ``alembic`` tool by hand (``alembic -c handbook/db/migrations/alembic.ini ...``).

The app itself never runs this file: :mod:`handbook.db.user_store` drives the migrations directly.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from handbook.db.user_models import UserBase

url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///scratch-records.sqlite3"
with create_engine(url).connect() as connection:
    context.configure(connection=connection, target_metadata=UserBase.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
