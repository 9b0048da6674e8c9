"""Queue tasks that plugins declare without loading the queue library.

Every ``guichet`` command imports every plugin module; huey (and the Redis client it
imports) would add about 0.1 s to each, ``guichet --help`` included. A plugin therefore
declares its tasks here, and :mod:`guichet.core.ops.tasks` registers them with huey when
a process uses the queue: the worker at start-up, or the first call of a declared task.
A declared task is used exactly like huey's task (call it to enqueue, ``.schedule()``,
``.call_local()``...): every attribute is huey's.

Names are explicit and stable (``guichet.<area>.<what>``) so that queued work survives
upgrades (shared/docs/style.md, rule F "Tasks").
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


class DeclaredTask:
    """A task declared by a plugin; huey's task once :mod:`guichet.core.ops.tasks` registered it.

    Its own attributes start with ``declared_`` so that every other attribute is huey's.

    :param func: The function the worker runs.
    :param name: The task's stable name.
    :param crontab: For a periodic task, the fields of huey's ``crontab`` (``minute="7"``...).
    :param once_per: For a periodic task enqueued by every worker: run it at most once per so
        many seconds (:func:`guichet.core.ops.scheduling.once_per_period`).
    :param options: Other options of ``huey.task`` (``retries``, ``retry_delay``...).
    :param runtime: The worker calls ``func(rt, *args)`` with its
        :class:`~guichet.core.ops.runtime.Runtime` (settings, database, plugins): a plugin
        never reaches for the running process itself.
    """

    def __init__(self, func: Callable[..., Any], name: str, *, crontab: dict[str, str] | None = None,
                 once_per: int | None = None, options: dict[str, Any] | None = None, runtime: bool = False) -> None:
        self.declared_func = func
        self.declared_runtime = runtime
        self.declared_name = name
        self.declared_crontab = crontab
        self.declared_once_per = once_per
        self.declared_options = options or {}
        self.declared_task: Any = None  # huey's, once registered
        self.__doc__ = func.__doc__

    def huey_task(self) -> Any:
        """Huey's task (registers every declared task on first use)."""
        if self.declared_task is None:
            importlib.import_module("guichet.core.ops.tasks")
        return self.declared_task

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Enqueue the task (runs at once in the tests' memory queue)."""
        return self.huey_task()(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith(("__", "declared_")):
            raise AttributeError(attribute)
        return getattr(self.huey_task(), attribute)


#: Every declared task, in declaration order.
DECLARED: list[DeclaredTask] = []
#: Set by :mod:`guichet.core.ops.tasks` at import: registers one declared task with huey.
_register: Callable[[DeclaredTask], None] | None = None


def _declare(declared: DeclaredTask) -> DeclaredTask:
    DECLARED.append(declared)
    if _register is not None:
        _register(declared)
    return declared


def task(*, name: str, runtime: bool = False, **options: Any) -> Callable[[Callable[..., Any]], DeclaredTask]:
    """Declare a queue task named ``name`` (``options`` as for ``huey.task``).

    With ``runtime=True`` the function receives the worker's runtime first: ``func(rt, *args)``;
    callers enqueue it with the other arguments only.
    """
    return lambda func: _declare(DeclaredTask(func, name, options=options, runtime=runtime))


def periodic_task(*, name: str, once_per: int | None = None, runtime: bool = False,
                  **crontab: str) -> Callable[[Callable[..., Any]], DeclaredTask]:
    """Declare a periodic task named ``name``, run when ``crontab`` says (huey's ``crontab`` fields)."""
    return lambda func: _declare(DeclaredTask(func, name, crontab=crontab, once_per=once_per, runtime=runtime))
