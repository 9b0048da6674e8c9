"""Periodic tasks that run once per period, however many workers there are.

Every ``guichet worker`` runs huey's scheduler (``periodic=True``), so with N
workers a periodic task is enqueued N times per period. Rather than electing one
"scheduler" worker (a single point of failure, and one more setting to get wrong
when scaling out), each run first claims its time slot in the queue's own
key-value store with ``put_if_empty`` (``HSETNX`` on Redis, ``INSERT OR ABORT``
on SQLite): the first claim wins, the others return at once. Nothing to
configure; a worker that dies does not stop the periodic work of the others.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from huey import Huey

log = logging.getLogger(__name__)

#: Older slot keys removed by each winning run (the storage has no expiry).
_KEEP_SLOTS = 3


def slot_key(name: str, slot: int) -> str:
    """The key claimed in the queue storage for ``name`` and the time slot ``slot``."""
    return f"guichet.once:{name}:{slot}"


def claim_slot(huey: Huey, name: str, period: int, now: float | None = None) -> bool:
    """Claim the current ``period``-second slot for ``name``; True for the first caller only.

    :param huey: The queue whose storage holds the claims (shared by all workers).
    :param name: The periodic task's name.
    :param period: Length of a slot in seconds (the task's period).
    :param now: Unix time (tests); default the current time.
    """
    slot = int((time.time() if now is None else now) // period)
    if not huey.put_if_empty(slot_key(name, slot), {"claimed_at": time.time()}):
        return False
    for old in range(slot - _KEEP_SLOTS - 3, slot - _KEEP_SLOTS + 1):
        with contextlib.suppress(Exception):
            huey.storage.delete_data(slot_key(name, old))
    return True


def once_per_period(huey: Huey, name: str, period: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a periodic task's function so that it runs at most once per ``period`` seconds.

    Place it under ``@huey.periodic_task``; a skipped run returns None.

    :param huey: The queue object (its storage is shared by every worker).
    :param name: A stable name for the claims (the task's name).
    :param period: The task's period in seconds (e.g. 300 for ``crontab(minute="*/5")``).
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not claim_slot(huey, name, period):
                log.info("periodic task %s already ran in this period: skipped", name,
                         extra={"task": name, "skipped": True})
                return None
            return func(*args, **kwargs)

        return wrapper

    return decorate
