"""Splitting a PDF that holds several invoices: one path for the extract stage and for an operator.

The extract stage splits when the ``split_invoices`` hook finds several invoices; an
operator splits from the coding screen (:func:`guichet.core.pipeline.decisions.split`).
Both cut the pages with the ``cut_pdf`` hook (the ``pdf_split`` plugin) and store each
part (:func:`cut_parts`), then record each as a new document of the same company and
channel (:func:`record_parts`, through :mod:`guichet.core.pipeline.intake`); the original
ends in the state ``split`` with the reason from :func:`split_reason`. An operator's
split records the parts and the original's new state in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from guichet.core.errors import StopPipeline
from guichet.core.model.models import db
from guichet.core.model.states import State
from guichet.core.pipeline import intake
from guichet.core.plugins import hooks_for

if TYPE_CHECKING:
    from guichet.core.model.models import Document
    from guichet.core.ops.runtime import Runtime


def receive_parts(
    rt: Runtime,
    document: Document,
    groups: list[list[int]],
    *,
    user_id: int | None = None,
    label: str = "",
) -> list[Document]:
    """Cut ``document`` into one PDF per group of pages and receive each as a new document.

    :param groups: Page numbers (from 1), one group per invoice.
    :param user_id: The operator who split it (None: the extract stage).
    :param label: Put before each part's number in its name (``facture-partie1.pdf``).
    :raises StopPipeline: when no plugin cuts PDF pages (``cut_pdf``) or a page is
        missing; then no part was received.
    """
    cut = cut_parts(rt, document, groups, label=label)
    with db.atomic():
        children, new = record_parts(document, cut, user_id=user_id)
    announce(rt, new)
    return children


@dataclass(frozen=True)
class Part:
    """One part's bytes, stored, with the name and pages it will have as a document."""

    stored: intake.Stored
    filename: str
    pages: list[int]


def cut_parts(rt: Runtime, document: Document, groups: list[list[int]], *, label: str = "") -> list[Part]:
    """Cut every part and store its bytes (blobs only: no document yet); all parts or none.

    :raises StopPipeline: as :func:`receive_parts`.
    """
    data = rt.blobs.get(document.blob_key)
    pdfs = []
    for group in groups:  # every part cut before any is stored: all or nothing
        try:
            part = rt.pm.hook.cut_pdf(data=data, pages=list(group))
        except ValueError as exc:
            raise StopPipeline(str(State.TO_CODE), f"découpage impossible : {exc}") from exc
        if part is None:
            raise StopPipeline(str(State.TO_CODE), "aucune extension ne découpe les PDF (extension pdf_split)")
        pdfs.append(part)
    stem = document.filename.rsplit(".", 1)[0]
    return [Part(intake.store(rt, pdf), f"{stem}-{label}{index}.pdf", list(group))
            for index, (group, pdf) in enumerate(zip(groups, pdfs, strict=True), start=1)]


def record_parts(document: Document, parts: list[Part], *, user_id: int | None = None
                 ) -> tuple[list[Document], list[Document]]:
    """The parts' documents, written in the caller's transaction: (every part, the new ones).

    An operator's split records them in the same transaction as the original's new
    state, so a split refused at the last moment (someone decided first) leaves no part.
    Call :func:`announce` with the new ones once the transaction has committed.
    """
    children, new = [], []
    for part in parts:
        child, created = intake.record(document.company, part.stored, part.filename, channel=document.channel,
                                       user_id=user_id, content_type="application/pdf",
                                       context={"split_from": document.id, "pages": part.pages})
        children.append(child)
        if created:
            new.append(child)
    return children, new


def announce(rt: Runtime, documents: list[Document]) -> None:
    """Tell the plugins about new documents (``document_received``), after their transaction committed."""
    for document in documents:
        hooks_for(rt.pm, document.company).document_received(document=document)


def parse_groups(text: str, pages: int | None = None) -> list[list[int]] | None:
    """``"1-2, 3"`` → ``[[1, 2], [3]]``: what an operator types on the coding screen or the command line.

    None when it is not page groups, names a page below 1 or above ``pages`` (when
    known), or makes fewer than two groups.
    """
    groups = []
    for chunk in text.replace(";", ",").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        start, _, end = chunk.partition("-")
        if not start.strip().isdigit() or (end and not end.strip().isdigit()):
            return None
        first, last = int(start), int(end or start)
        if first < 1 or last < first or (pages is not None and last > pages):
            return None
        groups.append(list(range(first, last + 1)))
    return groups if len(groups) >= 2 else None  # a split makes two parts or more


def split_reason(children: list[Document]) -> str:
    """The original's reason: « scindé en 2 documents (n° 12, n° 13) »."""
    return "scindé en {} documents ({})".format(len(children), ", ".join(f"n° {c.id}" for c in children))
