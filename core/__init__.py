"""Guichet's minimal core: model, pipeline, hooks, plugin manager, queue, storage.

Plugins write ``from guichet.core import hookimpl``. The core imports nothing from
``guichet.plugins``, ``guichet.connectors`` or ``guichet.web``.
"""

from __future__ import annotations

from guichet.core import db_drivers
from guichet.core.hookspecs import hookimpl, hookspec

db_drivers.install()  # before any module of the core imports peewee

__all__ = ["hookimpl", "hookspec"]
