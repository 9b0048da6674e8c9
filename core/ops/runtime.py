"""The running process's context: settings, database, plugin manager, blob store, queue.

Each process (CLI command, web app, worker) calls :func:`start` once; queue tasks
find the context with :func:`current`. Nothing here runs at import time.
"""

from __future__ import annotations

import contextlib
import os
import stat
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
    keep_files_private(settings)
    pm = pm or plugin_manager_from_settings(settings)
    plan = stage_plan(pm)  # a misdeclared stage stops the start here, with its French reason
    rt = Runtime(settings=settings, pm=pm, blobs=open_blob_store(settings), database=database.connect(settings))
    set_current(rt)
    tasks.configure_queue(settings)
    tasks.register_stage_tasks(plan)
    return rt


#: Bits always masked from the files the instance creates: nothing for others, no group write.
PRIVATE_UMASK = 0o027


def keep_files_private(settings: Settings) -> None:
    """Files this process creates are 0640 at most and folders 0750, whatever the caller's umask.

    The database (and its WAL), the queue, blobs, the archive and keys are the
    instance's: run by hand under the usual umask 022 they were world-readable. The
    data dir itself loses any access for others.
    """
    current_mask = os.umask(PRIVATE_UMASK)
    os.umask(current_mask | PRIVATE_UMASK)
    data_dir = settings.data_dir
    data_dir.mkdir(mode=0o750, parents=True, exist_ok=True)
    mode = stat.S_IMODE(data_dir.stat().st_mode)
    if mode & 0o007:
        with contextlib.suppress(PermissionError):  # a folder owned by someone else: left as it is
            data_dir.chmod(mode & ~0o007)
