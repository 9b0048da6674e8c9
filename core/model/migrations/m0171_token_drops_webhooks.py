"""An editor's API token deleted outright takes its webhooks with it (issue 18, found after).

``webhook.token_id`` is ``ON DELETE SET NULL`` (m0007), and a webhook without a token is
a firm's webhook (``/api/v1/firm/webhooks``): deleting an editor token, rather than revoking
it, made its webhooks pass for the firm's and keep being told of the company's documents.
A trigger on ``api_token`` deletes them (and their pending deliveries) first, whatever
deletes the token: the ORM, a query, SQL by hand. A trigger rather than a changed foreign
key: SQLite cannot alter a foreign key without rebuilding the table and its dependants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import PostgresqlDatabase

if TYPE_CHECKING:
    from peewee import Database

_DROP = ("DELETE FROM webhook_delivery WHERE webhook_id IN (SELECT id FROM webhook WHERE token_id = OLD.id); "
         "DELETE FROM webhook WHERE token_id = OLD.id;")


def apply(database: Database) -> None:
    """Create the trigger (and, on PostgreSQL, its function)."""
    if isinstance(database, PostgresqlDatabase):
        database.execute_sql(
            "CREATE OR REPLACE FUNCTION guichet_api_token_drops_webhooks() RETURNS trigger AS $$ "
            f"BEGIN {_DROP} RETURN OLD; END $$ LANGUAGE plpgsql")
        database.execute_sql("DROP TRIGGER IF EXISTS api_token_drops_webhooks ON api_token")
        database.execute_sql("CREATE TRIGGER api_token_drops_webhooks BEFORE DELETE ON api_token "
                             "FOR EACH ROW EXECUTE FUNCTION guichet_api_token_drops_webhooks()")
    else:
        database.execute_sql(f"CREATE TRIGGER IF NOT EXISTS api_token_drops_webhooks BEFORE DELETE ON api_token "
                             f"BEGIN {_DROP} END")
