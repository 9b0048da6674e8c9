"""Reading paper: the extract stage (TO_EXTRACT → TO_CODE) and what an operator's coding stores.

One path for the worker's stage and the stateless ``guichet extract``:
:func:`guichet.core.pipeline.paper.read_paper` reads the words and proposes the
fields (that module needs no database, for the one-shot commands). Every document without structured XML waits for an
operator in TO_CODE; :func:`store_coding` stores what the operator coded (the
decision itself is :func:`guichet.core.pipeline.decisions.validate_coding`).
One of the core's own plugins (:data:`guichet.core.plugins.CORE_PLUGINS`): it
declares the ``extract`` stage.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from guichet.core.hookspecs import hookimpl
from guichet.core.model import models
from guichet.core.model.models import Document, db
from guichet.core.model.states import Format, State
from guichet.core.model.text_models import DocumentText
from guichet.core.parsing.fields import SOURCE_OCR
from guichet.core.parsing.text import FieldProposal, TextResult, invoice_from_fields
from guichet.core.pipeline import progress
from guichet.core.pipeline.splitting import receive_parts, split_reason
from guichet.core.pipeline.stages import Outcome, Stage
from guichet.core.pipeline.completion import PRESUMED_CONFIDENCE, Completion, complete
from guichet.core.pipeline.paper import PaperReading, paper_record, read_paper  # noqa: F401 - also imported from here
from guichet.core.pipeline.supplier_memory import learn_from_validation, remembered_address
from guichet.core.plugins import hooks_for
from guichet.core.settings import settings_for
from guichet.core.storage.records import store_invoice

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.invoice import Invoice
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

def _split(rt: Runtime, document: Document, data: bytes, fmt: str, text: TextResult) -> Outcome | None:
    """Create one document per invoice when the PDF holds several; the outcome for the parent."""
    if len(text.pages) < 2 or fmt not in (Format.PDF, Format.FACTURX):
        return None
    hook = hooks_for(rt.pm, document.company)
    groups = hook.split_invoices(data=data, fmt=str(fmt), pages=text.pages, hook=hook)
    if not groups or len(groups) < 2:
        return None
    children = receive_parts(rt, document, groups)
    for child in children:
        rt.enqueue(child.id, child.state)
    return Outcome(State.SPLIT, split_reason(children), data={"split": [c.id for c in children], "groups": groups})


# ---------------------------------------------------------------------------
# The stage and the validation
# ---------------------------------------------------------------------------


def extract_stage(rt: Runtime, document: Document) -> Outcome:
    """Read words and propose fields, then wait for an operator in TO_CODE."""
    data = rt.blobs.get(document.blob_key)
    fmt = document.format or str(Format.PDF)
    settings = settings_for(rt.settings, document.company)
    with progress.recorded(document.id):  # the OCR's "page 2/5", shown live by the web pages
        reading = read_paper(rt.pm, data, fmt, document.filename, settings=settings, company=document.company)
    if reading is None:
        return Outcome(State.TO_CODE, "aucun lecteur de texte installé : à coder à partir de l'image")
    split = _split(rt, document, data, fmt, reading.text)
    if split is not None:
        return split
    searchable_key = None
    if reading.text.source == SOURCE_OCR:
        pdf = hooks_for(rt.pm, document.company).searchable_pdf(data=data, fmt=fmt, settings=settings)
        searchable_key = rt.blobs.put(pdf) if pdf else None
    # The dossier's company as a party, categories and addresses proposed; the read lines kept as read.
    wording = "\n".join(page.text for page in reading.text.pages)
    completion = complete_for(document, reading.invoice(), rt.pm, summary=False, wording=wording, read=True)
    invoice = completion.invoice
    # a presumed value (a domestic buyer's country) is proposed, not read: below the screen's highlight
    confidence = {**reading.confidence(), **dict.fromkeys(completion.presumed, PRESUMED_CONFIDENCE)}
    reason = None if reading.text.word_count else "aucun texte lu : à coder à la main"

    def apply() -> None:
        DocumentText.delete().where(DocumentText.document == document).execute()
        DocumentText.create(document=document, source=reading.text.source, engine=reading.text.engine,
                            pages=reading.text.to_dict(), proposal=reading.proposal.to_dict(),
                            searchable_key=searchable_key, supplier_key=reading.supplier_key)
        store_invoice(document, invoice, source=reading.text.source, confidence=confidence)

    return Outcome(
        State.TO_CODE,
        reason,
        apply=apply,
        data={"source": reading.text.source, "engine": reading.text.engine, "words": reading.text.word_count,
              "fields": len(confidence), "supplier": reading.supplier_key, "searchable_pdf": searchable_key},
    )


@hookimpl
def register_stages() -> list[Stage]:
    """The ``extract`` stage: to_extract → to_code (fields proposed), split (several invoices) or rejected."""
    return [Stage("extract", extract_stage, takes=State.TO_EXTRACT,
                  leaves={State.TO_CODE, State.SPLIT, State.REJECTED}, after="read")]


def coded_invoice(
    fields: dict[str, Any],
    *,
    vat_breakdown: list[dict[str, Any]] = (),
    lines: list[dict[str, Any]] = (),
) -> Invoice:
    """The invoice an operator coded: flat values keyed like ``guichet extract --json``.

    :param fields: Plus ``bic`` and ``payment_terms``; amounts as decimal strings, dates ISO.
    """
    return invoice_from_fields(fields, vat_breakdown=list(vat_breakdown), lines=list(lines), syntax="coding")


def document_wording(document: Document) -> str:
    """The words the extract stage read on ``document``, as text (empty when none were stored)."""
    stored = DocumentText.get_or_none(DocumentText.document == document)
    if stored is None or not stored.pages:
        return ""
    return "\n".join(page.text for page in TextResult.from_dict(stored.pages).pages)


def read_lines(document: Document) -> list[dict[str, Any]]:
    """The invoice lines the reading proposed for ``document``, as coded line rows (empty when none)."""
    stored = DocumentText.get_or_none(DocumentText.document == document)
    if stored is None or not stored.proposal:
        return []
    return [{"description": item.description, "quantity": item.quantity, "unit_price": item.unit_price,
             "amount": item.amount, "vat_rate": item.vat_rate}
            for item in FieldProposal.from_dict(stored.proposal).lines]


def complete_for(document: Document, invoice: Invoice, pm: pluggy.PluginManager | None, *,
                 summary: bool | None = None, wording: str | None = None, read: bool = False) -> Completion:
    """:func:`~guichet.core.pipeline.completion.complete` for a document of a dossier.

    The dossier's company is the buyer (or seller), the paper's words say why a rate
    is zero, the supplier memory and the Sirene copy give the seller's address.
    """
    remembered = remembered_address(document.company.firm_id, invoice)
    return complete(invoice, company=document.company, pm=pm, summary=summary, remembered=remembered, read=read,
                    wording=document_wording(document) if wording is None else wording)


def store_coding(document: Document, invoice: Invoice, fields: dict[str, Any]) -> models.Invoice:
    """Store the coded invoice and feed the supplier memory. Call inside the decision's transaction.

    The operator's decision is :func:`guichet.core.pipeline.decisions.validate_coding`.
    """
    row = store_invoice(document, invoice, source="coding",
                        confidence={name: 1.0 for name, value in fields.items() if value not in (None, "")})
    try:
        with db.atomic():
            learn_from_validation(document, invoice)
    except Exception:  # the memory is a help; a failure must not lose the coding
        log.exception("supplier memory not updated for document %s", document.id)
    return row
