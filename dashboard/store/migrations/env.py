"""Alembic environment: runs on the connection handed over by dashboard.store.db.migrate."""

from alembic import context
from sqlmodel import SQLModel

import dashboard.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic revision --autogenerate` by a developer
    from dashboard.settings import get_settings
    from dashboard.store.db import database_url, make_engine

    connection = make_engine(database_url(get_settings())).connect()

context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
