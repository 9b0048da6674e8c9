"""Login names of the accounts Guichet serves to companies (the scanners' SFTP server).

A connector field of kind ``account`` (:class:`~guichet.core.connectors.SettingField`)
names an account that a server run by Guichet accepts, and that becomes a folder on
the host (``<sftp root>/<name>/inbox``). Such a name:

- matches :data:`PATTERN` (``[a-z0-9_-]{3,32}``): no slash, no dot, no absolute path,
  so it can never climb out of the server's root nor create folders elsewhere;
- is unique across the instance for its connector: the ``connector_account`` table
  holds one row per name with a unique index, so a company can neither take over
  nor shadow the account of another (a duplicate name would lock both out).

Both rules are checked by the core when a configuration is saved
(:func:`guichet.core.ops.connector_runs.configure` calls :func:`check` and
:func:`claim` in the same transaction), whatever the form or the command line sent;
servers look accounts up with :func:`owner` and check the pattern again before a
name becomes a path (:func:`is_valid`).
"""

from __future__ import annotations

import re
from typing import Any

from peewee import IntegrityError

from guichet.core.errors import AccountNameRefused
from guichet.core.model.connector_models import ConnectorAccount, ConnectorConfig

#: What an account name may be: 3 to 32 lowercase letters, digits, ``_`` or ``-``.
PATTERN = re.compile(r"[a-z0-9_-]{3,32}")


def is_valid(name: Any) -> bool:
    """True when ``name`` is a well-formed account name."""
    return isinstance(name, str) and PATTERN.fullmatch(name) is not None


def check(raw: Any) -> str:
    """The account name ``raw`` (surrounding blanks removed), if well-formed.

    :raises AccountNameRefused: (a ``ValueError``) with a French reason otherwise.
    """
    name = str(raw or "").strip()
    if not name:
        raise AccountNameRefused("l'identifiant du compte est obligatoire")
    if not is_valid(name):
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise AccountNameRefused(
            f"identifiant « {shown} » refusé : de 3 à 32 caractères parmi a-z, 0-9, « _ » et « - » "
            "(minuscules, ni « / », ni « . », ni espace)")
    return name


def claim(connector_id: str, name: str, config: ConnectorConfig) -> None:
    """Make ``name`` the account of ``config`` (its previous name is released).

    Call inside the transaction that saves ``config``.

    :raises AccountNameRefused: when another configuration holds ``name``.
    """
    holder = ConnectorAccount.get_or_none((ConnectorAccount.connector_id == connector_id)
                                          & (ConnectorAccount.name == name))
    if holder is not None and holder.config_id != config.id:
        raise AccountNameRefused(f"l'identifiant « {name} » est déjà utilisé sur cette instance : "
                                 "choisissez-en un autre")
    if holder is not None:
        return
    ConnectorAccount.delete().where(ConnectorAccount.config == config).execute()
    try:
        with ConnectorAccount._meta.database.atomic():  # a savepoint: the race's loser gets a clear refusal
            ConnectorAccount.create(connector_id=connector_id, name=name, config=config)
    except IntegrityError:
        raise AccountNameRefused(f"l'identifiant « {name} » est déjà utilisé sur cette instance : "
                                 "choisissez-en un autre") from None


def owner(connector_id: str, name: str) -> ConnectorConfig | None:
    """The configuration holding the account ``name`` of ``connector_id`` (None for a malformed name)."""
    if not is_valid(name):
        return None
    row = ConnectorAccount.get_or_none((ConnectorAccount.connector_id == connector_id)
                                       & (ConnectorAccount.name == name))
    return ConnectorConfig.get_or_none(ConnectorConfig.id == row.config_id) if row else None
