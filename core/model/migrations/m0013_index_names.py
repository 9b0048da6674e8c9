"""Indexes get the models' names (``<table>_<columns>``) where m0100, m0110, m0120 and m0121 named them after a class.

Those migrations first froze their tables as plain peewee models without
``legacy_table_names = False``, so peewee named the indexes after the class
(``_stagerun_status``, ``_connectoraccount_config_id``, ``documentlease_expires_at``,
``chainanchor_event_id``) instead of
the table. They now name them as the models do; this migration renames the indexes of
the instances that applied their first versions. It runs wherever it is pending and acts
only on indexes that exist (on a new instance it runs before them and finds no table).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peewee import Database

#: table -> (name given by the first version, the model's name, columns, unique)
RENAMES = {
    "stage_run": (
        ("_stagerun_document_id", "stage_run_document_id", ("document_id",), False),
        ("_stagerun_status", "stage_run_status", ("status",), False),
        ("_stagerun_next_at", "stage_run_next_at", ("next_at",), False),
        ("_stagerun_document_id_stage", "stage_run_document_id_stage", ("document_id", "stage"), True),
    ),
    "connector_account": (
        ("_connectoraccount_config_id", "connector_account_config_id", ("config_id",), True),
        ("_connectoraccount_connector_id_name", "connector_account_connector_id_name", ("connector_id", "name"), True),
    ),
    "document_lease": (
        ("documentlease_company_id", "document_lease_company_id", ("company_id",), False),
        ("documentlease_expires_at", "document_lease_expires_at", ("expires_at",), False),
    ),
    "chain_anchor": (
        ("chainanchor_event_id", "chain_anchor_event_id", ("event_id",), False),
    ),
}


def apply(database: Database) -> None:
    """Drop each class-named index and create it again under the model's name."""
    for table, renames in RENAMES.items():
        if not database.table_exists(table):
            continue
        existing = {index.name for index in database.get_indexes(table)}
        for old, new, columns, unique in renames:
            if old not in existing:
                continue
            database.execute_sql(f'DROP INDEX "{old}"')
            if new not in existing:
                listed = ", ".join(f'"{column}"' for column in columns)
                database.execute_sql(f'CREATE {"UNIQUE " if unique else ""}INDEX "{new}" ON "{table}" ({listed})')
