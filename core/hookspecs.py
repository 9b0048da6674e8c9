"""Every hook of Guichet, grouped by pipeline stage.

The docstring of each specification is its contract: when it is called and in
which process, whether the first result wins or all results are collected, every
argument, the return value, and what an implementation must not do.
Call sites always pass keyword arguments; an implementation may accept any subset
of the arguments. Write implementations with ``from guichet.core import hookimpl``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from guichet.core.invoice import Invoice
    from guichet.core.models import Company, Document
    from guichet.core.reading import EmbeddedXml
    from guichet.core.findings import Problem

hookspec = pluggy.HookspecMarker("guichet")
hookimpl = pluggy.HookimplMarker("guichet")


# ---------------------------------------------------------------------------
# Registration: called once per process at start-up
# ---------------------------------------------------------------------------


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``guichet`` command line.

    Called once when the ``guichet`` command starts, before the arguments are
    parsed. All implementations are called.

    :param cli: The root click group; add commands with ``cli.add_command``.
    :returns: Nothing.

    Implementations must import heavy modules inside their commands, not at
    module level, so that ``guichet extract`` stays fast.

    .. versionadded:: 0.1
    """


@hookspec
def register_connectors() -> list[type]:
    """Name the connector classes a plugin provides (mail, SFTP, Chorus Pro...).

    Called once per process when the plugin manager is built. All results are
    collected. Each class is checked against :class:`guichet.core.connectors.Connector`;
    a class that does not fit is logged and skipped.

    :returns: A list of connector classes (not instances).

    .. versionadded:: 0.1
    """


@hookspec
def register_blueprints() -> list[tuple[str, Any]]:
    """Add web pages: return ``(plugin_id, flask.Blueprint)`` pairs.

    Called once by the web app factory. All results are collected. Core mounts
    each blueprint under ``/plugins/<plugin_id>/`` and requires a logged-in user
    on every view; the plugin still scopes its queries with
    :mod:`guichet.core.access`. Implementations do not receive the app.

    :returns: A list of ``(plugin_id, blueprint)``.

    .. versionadded:: 0.1
    """


# ---------------------------------------------------------------------------
# Intake: a file has arrived
# ---------------------------------------------------------------------------


@hookspec
def document_received(document: Document) -> None:
    """Be told that a new document was stored (its original bytes are durable).

    Called in the process that received the file (web, worker, CLI), after the
    transaction that created the document committed. All implementations are
    called; the return value is ignored.

    :param document: The new document, in state ``received``.

    Implementations must not change the document; they may enqueue work.

    .. versionadded:: 0.1
    """


# ---------------------------------------------------------------------------
# Understanding: turn a received file into a structured Invoice
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def detect_format(data: bytes, filename: str) -> str | None:
    """Say what ``data`` is: a :class:`guichet.core.states.Format` value.

    Called by the read stage (worker) and the stateless commands, once per file
    and once more for the XML found inside a container. Stops at the first
    non-None result; use ``tryfirst``/``trylast`` to order competing detectors.

    :param data: The file's bytes. Read-only.
    :param filename: The file name as received (may be empty); a hint only.
    :returns: A format value, or None when this implementation does not know.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def extract_xml(data: bytes, filename: str, fmt: str) -> EmbeddedXml | None:
    """Take the structured invoice out of a container (the XML inside a Factur-X PDF).

    Called by the read stage for formats in ``CONTAINER_FORMATS``. Stops at the
    first non-None result.

    :param data: The container's bytes. Read-only.
    :param filename: The container's file name.
    :param fmt: The format chosen by ``detect_format``.
    :returns: An :class:`~guichet.core.reading.EmbeddedXml`, or None.

    Implementations raise :class:`~guichet.core.errors.UnreadableInput` with a
    readable reason for a broken container.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def parse_invoice(data: bytes, fmt: str) -> Invoice | None:
    """Read a structured invoice (CII, UBL XML) into the EN 16931 model.

    Called by the read stage and the stateless commands. Stops at the first
    non-None result.

    :param data: The XML bytes. Parse them only with
        :func:`guichet.core.xmlsafe.parse_xml` (no entities, no network).
    :param fmt: The format of ``data`` (``cii`` or ``ubl``).
    :returns: An :class:`~guichet.core.invoice.Invoice`, or None if ``fmt`` is not yours.

    Implementations must not write to the database; they raise
    :class:`~guichet.core.errors.UnreadableInput` for input they cannot read.

    .. versionadded:: 0.1
    """


# ---------------------------------------------------------------------------
# Checking: controls over the invoice model
# ---------------------------------------------------------------------------


@hookspec
def check_invoice(invoice: Invoice, company: Company | None, xml: bytes | None) -> list[Problem]:
    """Run controls on an invoice and report what is wrong.

    Called by the check stage (worker) and by ``guichet check``. All results are
    collected and stored as findings on the document.

    :param invoice: The invoice model. Do not modify it.
    :param company: The company the document was received for, or None when
        called without a database (stateless commands).
    :param xml: The structured XML the invoice was read from (CII or UBL), or
        None for an invoice coded from a scan.
    :returns: A list of :class:`~guichet.core.findings.Problem` (empty when all is well).

    Implementations must not raise for bad data: a problem is a finding.

    .. versionadded:: 0.1
    """


# ---------------------------------------------------------------------------
# Producing: the legal invoice file
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def render_facturx(invoice: Invoice, profile: str) -> bytes | None:
    """Render ``invoice`` as a Factur-X: a PDF/A-3 with the CII XML embedded.

    Called by the seal stage for invoices that arrived without a PDF (CII, UBL,
    coded scans) and by ``guichet convert``. Stops at the first non-None result.

    :param invoice: The invoice model.
    :param profile: Factur-X profile: ``minimum``, ``basic``, ``en16931`` or ``extended``.
    :returns: The PDF bytes, or None when this implementation cannot render.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def seal_pdf(pdf: bytes, company: Company | None) -> bytes | None:
    """Apply the firm's electronic seal (PAdES with an RFC 3161 time-stamp) to ``pdf``.

    Called by the seal stage in the worker. Stops at the first non-None result.
    The seal MUST be an incremental update: ``pdf`` is a byte prefix of the result.

    :param pdf: The PDF to seal (never the stored original: a copy).
    :param company: The company the document belongs to (its firm's certificate).
    :returns: The sealed PDF, or None when no seal is configured.

    .. versionadded:: 0.1
    """


# ---------------------------------------------------------------------------
# Lifecycle notifications
# ---------------------------------------------------------------------------


@hookspec
def document_state_changed(document: Document, old: str, new: str) -> None:
    """Be told that a document moved from ``old`` to ``new``.

    Called in the worker (or the web process for a person's action) after the
    transaction that made the change committed. All implementations are called.

    :param document: The document, already in state ``new``.
    :param old: The previous state.
    :param new: The new state.

    Implementations must not change the document's state here.

    .. versionadded:: 0.1
    """


@hookspec
def pipeline_failed(document: Document, stage: str, error: BaseException) -> None:
    """Be told that a stage raised an unexpected error on a document.

    Called in the worker after the failure was logged and the document's event
    recorded; the task will be retried. All implementations are called.

    :param document: The document being processed.
    :param stage: The stage name.
    :param error: The exception.

    .. versionadded:: 0.1
    """
