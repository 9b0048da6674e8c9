"""The running process's context: settings, database, plugin manager, blob store, queue.

Each process (CLI command, web app, worker) calls :func:`start` once; queue tasks
find the context with :func:`current`. Nothing here runs at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from guichet.core.model import database
from guichet.core.storage.blobs import open_blob_store
from guichet.core.plugins import plugin_manager_from_settings
from guichet.core.settings import Settings, load_settings

if TYPE_CHECKING:
    import pluggy
    from peewee import Database

    from guichet.core.storage.blobs import BlobStore


@dataclass
class Runtime:
    """Everything a stage or a view needs besides its arguments."""

    settings: Settings
    pm: pluggy.PluginManager
    blobs: BlobStore
    database: Database


_current: Runtime | None = None


def start(settings: Settings | None = None, *, pm: pluggy.PluginManager | None = None) -> Runtime:
    """Connect the database (migrating it), build the plugin manager, point the queue at its storage."""
    global _current  # noqa: PLW0603 - one context per process, set once at start-up
    from guichet.core.ops import tasks  # the queue reads the same settings

    settings = settings or load_settings()
    db = database.connect(settings)
    _current = Runtime(
        settings=settings,
        pm=pm or plugin_manager_from_settings(settings),
        blobs=open_blob_store(settings),
        database=db,
    )
    tasks.configure_queue(settings)
    return _current


def current() -> Runtime:
    """The context set by :func:`start`."""
    if _current is None:
        msg = "guichet.core.ops.runtime.start() has not been called in this process"
        raise RuntimeError(msg)
    return _current
