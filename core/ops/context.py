"""The running process's :class:`~guichet.core.ops.runtime.Runtime`, once started.

Kept apart from :mod:`.runtime` so that the queue's tasks (:mod:`.tasks`) find the
context without importing the module that starts it (which configures the queue).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

_current: Runtime | None = None


def set_current(rt: Runtime) -> None:
    """Make ``rt`` the process's context (called by :func:`guichet.core.ops.runtime.start`)."""
    global _current  # noqa: PLW0603 - one context per process, set once at start-up
    _current = rt


def current() -> Runtime:
    """The context set by :func:`guichet.core.ops.runtime.start`."""
    if _current is None:
        msg = "guichet.core.ops.runtime.start() has not been called in this process"
        raise RuntimeError(msg)
    return _current
