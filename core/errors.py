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

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle with both arguments (it crosses from a limited child process to the worker)."""
        return (type(self), (self.state, self.reason))


class LimitExceeded(GuichetError):
    """Heavy work went over its time or memory limit and its child process was stopped.

    Raised in the calling process by :func:`guichet.core.ops.limited.run_limited`;
    the message is a French sentence for the document's reason. ``limit`` is
    ``time``, ``memory`` or ``crash`` (the child died without answering).
    """

    def __init__(self, reason: str, limit: str) -> None:
        super().__init__(reason)
        self.limit = limit

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle with both arguments."""
        return (type(self), (str(self), self.limit))


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


class AccountNameRefused(GuichetError, ValueError):
    """An account name (SFTP login) is malformed or taken by another company (French reason)."""


class OutboundRefused(GuichetError, ValueError):
    """An outbound target is (or resolves to) an internal address the admin did not allow (French reason)."""


class PlatformError(ConnectorError):
    """A Plateforme Agréée answered with an error, or could not be reached (French message).

    ``status`` is the HTTP status (0 when the platform could not be reached), ``code`` the
    ``errorCode`` of XP Z12-013's ``Error`` body, ``retry_after`` the seconds a 429 or 503
    asked to wait. ``transient`` is true when the same request may succeed later (429, 5xx,
    unreachable, an expired token): the network work then waits and retries; otherwise
    (400, 403, 413, 422...) the flow is refused for good and shown with the reason.
    """

    def __init__(self, message: str, *, status: int = 0, code: str = "", retry_after: float | None = None,
                 transient: bool | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.retry_after = retry_after
        self.transient = transient if transient is not None else (status in {0, 429} or status >= 500)

    def __reduce__(self) -> tuple[type, tuple[str], dict]:
        """Pickle with its details (it may cross a process boundary)."""
        return (type(self), (str(self),), {"status": self.status, "code": self.code,
                                           "retry_after": self.retry_after, "transient": self.transient})


class NetworkNotConfigured(GuichetError, ValueError):
    """The company has no platform account for what was asked (reception or emission); French message."""


class FlowRefused(GuichetError, ValueError):
    """A flow is not sent, for good: our validator refused the file, or the platform did (French reason)."""
