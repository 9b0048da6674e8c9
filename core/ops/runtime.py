"""The running process's context: settings, database, plugin manager, blob store, queue.

Each process (CLI command, web app, worker) calls :func:`start` once; queue tasks
find the context with :func:`current`. Nothing here runs at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from guichet.core.model import database
from guichet.core.ops import tasks
from guichet.core.ops.context import current, set_current
from guichet.core.pipeline.stages import stage_plan
from guichet.core.plugins import plugin_manager_from_settings
from guichet.core.settings import Settings, load_settings
from guichet.core.storage.blobs import open_blob_store

if TYPE_CHECKING:
    from collections.abc import Callable

    import pluggy
    from peewee import Database

    from guichet.core.model.states import State
    from guichet.core.storage.blobs import BlobStore

__all__ = ["Runtime", "current", "start"]


@dataclass
class Runtime:
    """Everything a stage, a decision or a view needs besides its arguments.

    ``enqueue(document_id, state)`` queues the stages that may run on a document in
    ``state`` (the pipeline and the decisions call it once their change has
    committed); it is the queue's :func:`guichet.core.ops.tasks.submit`.
    """

    settings: Settings
    pm: pluggy.PluginManager
    blobs: BlobStore
    database: Database
    enqueue: Callable[[int, State | str], bool] = tasks.submit


def start(settings: Settings | None = None, *, pm: pluggy.PluginManager | None = None) -> Runtime:
    """Connect the database (migrating it), build the plugin manager, point the queue at its storage.

    Registers one queue task per declared stage; raises
    :class:`~guichet.core.pipeline.stages.StageError` when the stages cannot be ordered.
    """
    settings = settings or load_settings()
    pm = pm or plugin_manager_from_settings(settings)
    plan = stage_plan(pm)  # a misdeclared stage stops the start here, with its French reason
    rt = Runtime(settings=settings, pm=pm, blobs=open_blob_store(settings), database=database.connect(settings))
    set_current(rt)
    tasks.configure_queue(settings)
    tasks.register_stage_tasks(plan)
    return rt
