"""Account names of the scanners' SFTP server: unique across the instance (issue 11, finding 2).

Creates ``connector_account`` (frozen here, not imported from today's models) and
claims the names of the existing ``sftp_server`` configurations that are well-formed
(``[a-z0-9_-]{3,32}``) and held by one company only. A malformed or shared name is
left unclaimed: the server refuses it until firm staff give the account a valid name.
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING

from peewee import CharField, ForeignKeyField, Model

if TYPE_CHECKING:
    from peewee import Database

log = logging.getLogger(__name__)

PATTERN = re.compile(r"[a-z0-9_-]{3,32}")


class _ConnectorConfig(Model):
    class Meta:
        table_name = "connector_config"


class _ConnectorAccount(Model):
    connector_id = CharField()
    name = CharField(max_length=32)
    config = ForeignKeyField(_ConnectorConfig, unique=True, on_delete="CASCADE")

    class Meta:
        table_name = "connector_account"
        # Index names start with the table name, as the model's do (peewee otherwise takes
        # the class name: "_connectoraccount_..."; m0013 renames those on instances that have them).
        legacy_table_names = False
        indexes = ((("connector_id", "name"), True),)


def apply(database: Database) -> None:
    """Create ``connector_account`` and claim today's valid, unshared SFTP account names."""
    with database.bind_ctx([_ConnectorConfig, _ConnectorAccount]):
        database.create_tables([_ConnectorAccount], safe=True)
        rows = database.execute_sql(
            "SELECT id, settings FROM connector_config WHERE connector_id = 'sftp_server' "
            "AND company_id IS NOT NULL ORDER BY id").fetchall()
        holders: dict[str, list[int]] = {}
        for config_id, settings in rows:
            name = str((json.loads(settings or "{}") or {}).get("username") or "").strip()
            holders.setdefault(name, []).append(config_id)
        for name, configs in holders.items():
            if PATTERN.fullmatch(name) and len(configs) == 1:
                _ConnectorAccount.create(connector_id="sftp_server", name=name, config=configs[0])
            elif name:
                log.warning("SFTP account %r of configuration(s) %s left unclaimed (malformed or shared)",
                            name, configs)
