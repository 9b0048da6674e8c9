"""The ``stage_run`` indexes get the model's names (``stage_run_...``) where m0100 named them ``_stagerun_...``.

m0100 first froze its table as a class named ``_StageRun`` without ``legacy_table_names =
False``, so peewee named the indexes after the class. m0100 now names them as the model
does; this migration renames the indexes of the instances that applied the first version.
It runs wherever it is pending and only acts on indexes that exist (on a new instance it
runs before m0100 and finds no table).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peewee import Database

#: (name given by the first m0100, the model's name, columns, unique)
RENAMES = (
    ("_stagerun_document_id", "stage_run_document_id", ("document_id",), False),
    ("_stagerun_status", "stage_run_status", ("status",), False),
    ("_stagerun_next_at", "stage_run_next_at", ("next_at",), False),
    ("_stagerun_document_id_stage", "stage_run_document_id_stage", ("document_id", "stage"), True),
)


def apply(database: Database) -> None:
    """Drop each old-named index and create it again under the model's name."""
    if not database.table_exists("stage_run"):
        return
    existing = {index.name for index in database.get_indexes("stage_run")}
    for old, new, columns, unique in RENAMES:
        if old not in existing:
            continue
        database.execute_sql(f'DROP INDEX "{old}"')
        if new not in existing:
            listed = ", ".join(f'"{column}"' for column in columns)
            database.execute_sql(f'CREATE {"UNIQUE " if unique else ""}INDEX "{new}" ON "stage_run" ({listed})')
