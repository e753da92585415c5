"""Creating a store's tables when several processes start on one new database.

Every deployable creates the tables it lacks when it starts. ``create_all`` checks first,
then creates, so two processes starting together on a fresh PostgreSQL database can both
find a table missing, and the second one's ``CREATE TABLE`` fails (a duplicate ``pg_type``,
or "already exists"). The loser checks again: the table is there now. Each loss means another
process created a table, so a process loses at most once per table.
"""

from __future__ import annotations

from sqlalchemy import Engine, MetaData
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError


def create_tables(metadata: MetaData, engine: Engine) -> None:
    """``metadata.create_all(engine)``, checking again when another process created a table
    between this one's check and its ``CREATE``."""
    attempts = len(metadata.tables) + 1
    for attempt in range(attempts):
        try:
            metadata.create_all(engine)
            return
        except (IntegrityError, ProgrammingError, OperationalError):
            if attempt == attempts - 1:
                raise
