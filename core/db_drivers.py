"""Keep peewee from importing psycopg 3, which Guichet never uses (its PostgreSQL driver is psycopg2).

peewee tries ``import psycopg`` when it is imported, and psycopg 3 is installed (a dependency of
``painfree``, the EBICS engine, whose code never imports it): every process using the database would
carry ~14 MB resident of a driver it never calls (``playhouse``, peewee's extensions, tries it too). Given both, peewee connects with psycopg2 anyway
(psycopg 3 only with ``prefer_psycopg3=True``, which Guichet does not pass). :func:`install` hides
psycopg 3 from the imports of peewee's and playhouse's modules only: ``import psycopg`` elsewhere works as usual.
"""

from __future__ import annotations

import importlib.abc
import inspect
import sys
from typing import Any


class _NoPsycopg3ForPeewee(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname == "psycopg" and _imported_by_peewee():
            raise ModuleNotFoundError("psycopg 3 : pas pour peewee (Guichet utilise psycopg2)", name=fullname)


def _imported_by_peewee() -> bool:
    """Whether the import comes from the module-level code of peewee or of playhouse (its extensions:
    ``playhouse.db_url`` loads ``playhouse.postgres_ext``, which tries psycopg 3 too)."""
    frame = inspect.currentframe()
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if frame.f_code.co_name == "<module>" and (name == "peewee" or name.startswith("playhouse.")):
            return True
        frame = frame.f_back
    return False


def install() -> None:
    """Hide psycopg 3 from peewee's import (idempotent; before peewee is first imported)."""
    if not any(isinstance(finder, _NoPsycopg3ForPeewee) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NoPsycopg3ForPeewee())
