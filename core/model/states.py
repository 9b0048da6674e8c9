"""Vocabularies owned by the core: document states and their transitions, formats, channels.

Plugins and connectors declare which of these they implement; they never add states.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """Where a document stands in the pipeline (shared/docs/architecture.md)."""

    RECEIVED = "received"  # original stored and fsynced, waiting to be read
    TO_EXTRACT = "to_extract"  # no structured data: waits for text extraction / OCR
    TO_CODE = "to_code"  # fields proposed, waits for an operator (vidéo-codage)
    EXTRACTED = "extracted"  # invoice data known (structured file or validated coding)
    TO_REVIEW = "to_review"  # blocking findings: a person with the right must decide
    CHECKED = "checked"  # controls passed (or overridden)
    SEALED = "sealed"  # Factur-X produced and sealed
    ARCHIVED = "archived"  # in the write-once archive
    REJECTED = "rejected"  # unreadable or refused; the reason is stored, the original kept
    SPLIT = "split"  # held several invoices: each became a document of its own


#: French labels shown in the UI.
STATE_LABELS: dict[State, str] = {
    State.RECEIVED: "Reçu",
    State.TO_EXTRACT: "À lire",
    State.TO_CODE: "À coder",
    State.EXTRACTED: "Lu",
    State.TO_REVIEW: "À revoir",
    State.CHECKED: "Contrôlé",
    State.SEALED: "Scellé",
    State.ARCHIVED: "Archivé",
    State.REJECTED: "Rejeté",
    State.SPLIT: "Scindé",
}

#: Allowed transitions; anything else is a programming error.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.RECEIVED: frozenset({State.TO_EXTRACT, State.EXTRACTED, State.REJECTED}),
    State.TO_EXTRACT: frozenset({State.TO_CODE, State.EXTRACTED, State.REJECTED, State.SPLIT}),
    State.TO_CODE: frozenset({State.EXTRACTED, State.REJECTED, State.TO_EXTRACT, State.SPLIT}),
    State.EXTRACTED: frozenset({State.CHECKED, State.TO_REVIEW, State.REJECTED}),
    State.TO_REVIEW: frozenset({State.CHECKED, State.REJECTED, State.TO_CODE}),
    State.CHECKED: frozenset({State.SEALED, State.REJECTED}),
    State.SEALED: frozenset({State.ARCHIVED}),
    State.ARCHIVED: frozenset(),
    State.REJECTED: frozenset({State.RECEIVED}),  # an operator may retry a rejected document
    State.SPLIT: frozenset(),
}


def can_transition(old: State | str, new: State | str) -> bool:
    """True when the state machine allows ``old`` → ``new``."""
    return State(new) in TRANSITIONS[State(old)]


class Progress(StrEnum):
    """Where one follow-up stage stands for one document (``StageRun.status``).

    Follow-up stages (the stages that leave a document in the state they take, such
    as sending an archived invoice to the network) keep their own progress, so that
    each retries or waits without holding back the others or the document's state.
    """

    PENDING = "pending"  # to run (as soon as the stages it comes after are done)
    RUNNING = "running"  # a worker holds it until ``lease_until``
    WAITING = "waiting"  # ran; waits for an answer from outside (a status, a receipt)
    RETRY = "retry"  # failed; runs again at ``next_at`` (back-off)
    DONE = "done"
    FAILED = "failed"  # gave up (too many failures, or refused); a person may retry it


#: French labels of the follow-up progress.
PROGRESS_LABELS: dict[Progress, str] = {
    Progress.PENDING: "À faire",
    Progress.RUNNING: "En cours",
    Progress.WAITING: "En attente d'une réponse",
    Progress.RETRY: "Nouvel essai prévu",
    Progress.DONE: "Fait",
    Progress.FAILED: "Échec",
}


class Format(StrEnum):
    """What a received file is, as decided by the ``detect_format`` hook."""

    FACTURX = "facturx"  # PDF with an embedded CII or UBL (Factur-X, ZUGFeRD, XRechnung in PDF)
    CII = "cii"  # UN/CEFACT Cross Industry Invoice XML (any version, incl. ZUGFeRD 1.0)
    UBL = "ubl"  # UBL 2.1 Invoice or CreditNote XML
    PDF = "pdf"  # PDF without structured data
    IMAGE = "image"  # scan or phone photo


#: Formats that carry structured invoice data inside another file.
CONTAINER_FORMATS = frozenset({Format.FACTURX})
#: Formats read as XML by ``parse_invoice``.
XML_FORMATS = frozenset({Format.CII, Format.UBL})


class Channel(StrEnum):
    """How a document arrived. Connectors use their own ``id`` for the others."""

    UPLOAD = "upload"
    CLI = "cli"
    API = "api"
    EMAIL = "email"
    SCANNER = "scanner"
    PICKING = "picking"
    NETWORK = "réseau"  # fetched from the company's Plateforme Agréée (core/network/receiving.py)


class Direction(StrEnum):
    """Purchase (received from a supplier) or sales (issued by the company)."""

    PURCHASE = "purchase"
    SALES = "sales"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    """Severity of a finding: Guichet's one vocabulary, the schematron one.

    The same values everywhere: ``guichet validate --json``, ``guichet check --json``,
    the API, the database; the French words of :data:`SEVERITY_LABELS` everywhere a
    person reads them (text output, web pages). ``fatal`` stops a document (it
    waits in review); ``warning`` and ``info`` are shown and let it pass.
    """

    FATAL = "fatal"
    WARNING = "warning"
    INFO = "info"
    BLOCKING = "fatal"  # the former name of FATAL (an alias: the same member)


#: The French word for each severity, shown to people (CLI text, web).
SEVERITY_LABELS: dict[str, str] = {"fatal": "bloquant", "warning": "avertissement", "info": "info"}
#: Values of former versions (settings written by hand, stored findings before migration 0140).
SEVERITY_ALIASES: dict[str, str] = {"blocking": "fatal"}
