"""EBICS: at most one upload of a batch that is under way or done (partial unique index on ``ebics_order``).

The check in connectors/bank_ebics/service.py ``send_batch`` reads, then writes: two clicks at once on
PostgreSQL could both pass it and upload the batch twice. The index makes the second insert fail, whatever
the interleaving. Its definition is the model's (core/model/ebics_models.py, ``LIVE_UPLOAD``), frozen here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peewee import Database

LIVE_UPLOAD = "kind = 'BTU' AND state IN ('pending', 'done')"
NAME = "ebics_order_live_upload"


def apply(database: Database) -> None:
    """Create the index; refuse (with the batches to check) when an instance already holds two live uploads."""
    twice = [row[0] for row in database.execute_sql(
        "SELECT batch_id FROM ebics_order WHERE batch_id IS NOT NULL AND kind = 'BTU' "
        "AND state IN ('pending', 'done') GROUP BY batch_id HAVING COUNT(*) > 1")]
    if twice:
        msg = (f"lots envoyés plusieurs fois par EBICS (identifiants {', '.join(map(str, twice))}) : vérifiez sur le "
               "portail de la banque, marquez les envois en trop « failed », puis relancez la migration")
        raise RuntimeError(msg)
    database.execute_sql(f'CREATE UNIQUE INDEX IF NOT EXISTS "{NAME}" ON "ebics_order" ("batch_id") '
                         f"WHERE {LIVE_UPLOAD}")
