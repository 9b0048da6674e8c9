"""Guichet's minimal core: model, pipeline, hooks, plugin manager, queue, storage.

Plugins write ``from guichet.core import hookimpl``. The core imports nothing from
``guichet.plugins``, ``guichet.connectors`` or ``guichet.web``.
"""

from __future__ import annotations

from guichet.core.hookspecs import hookimpl, hookspec

__all__ = ["hookimpl", "hookspec"]
