"""Exceptions shared by the core, plugins and connectors."""

from __future__ import annotations


class GuichetError(Exception):
    """Base class of Guichet's own errors."""


class UnreadableInput(GuichetError):
    """The input cannot be read or is of an unsupported kind.

    The message is one line of French or English meant for a person; the
    pipeline stores it as the document's rejection reason and the CLI prints it.
    """


class StopPipeline(GuichetError):
    """A stage decided that the document must stop in ``state`` with ``reason``."""

    def __init__(self, state: str, reason: str = "") -> None:
        super().__init__(reason or state)
        self.state = state
        self.reason = reason


class StageRefused(GuichetError):
    """A follow-up stage gives up on a document for good (no retry): the run becomes ``failed``.

    The message (French) is kept as the run's reason; a person may still retry it.
    """


class ConnectorError(GuichetError):
    """A connector failed to talk to its remote system (shown on the admin page)."""


class PermissionDenied(GuichetError):
    """The acting user may not see or change this object."""


class HostPathRefused(GuichetError, ValueError):
    """A connector setting names a host path outside the declared roots (French reason)."""
