"""Actions on several selected documents of one company (the list's check boxes).

Each document goes through the same decision as one by one
(``core/pipeline/decisions.py``), with the person's rights checked there; a refusal
for one document does not stop the others and is reported in French. « Envoyer la
sélection » goes through :mod:`guichet.core.sales.sending` (never twice).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from flask import Response

from guichet.core.errors import PermissionDenied
from guichet.core.model.models import Finding, Invoice, Party
from guichet.core.model.states import STATE_LABELS, Severity, State
from guichet.core.money import supplier_ibans
from guichet.core.pipeline import decisions
from guichet.core.sales import sending
from guichet.web import formatting

if TYPE_CHECKING:
    from guichet.core.model.models import Company, Document, User
    from guichet.core.ops.runtime import Runtime


def accept(rt: Runtime, user: User, documents: list[Document], reason: str) -> tuple[int, list[str]]:
    """Accept the documents to review despite their findings; ``(accepted, French refusals)``.

    An invoice whose IBAN changed is never accepted in a batch: accepting it confirms the new IBAN in
    the person's name (:func:`decisions.accept`), a decision taken one invoice at a time, on its page.
    """
    done, refused = 0, []
    iban_changes = {f.document_id for f in Finding.select(Finding.document).where(
        Finding.document.in_([d.id for d in documents] or [0]) & (Finding.code == supplier_ibans.IBAN_CHANGE)
        & (Finding.severity == str(Severity.FATAL)))}
    for document in documents:
        if document.state != State.TO_REVIEW:
            refused.append(f"{document.filename} : pas à revoir ({STATE_LABELS[State(document.state)]}).")
            continue
        if document.id in iban_changes:
            refused.append(f"{document.filename} : l'IBAN a changé ; acceptez-la depuis sa page, après avoir "
                           "vérifié le nouvel IBAN auprès du fournisseur (l'acceptation le confirme en votre nom).")
            continue
        try:
            decisions.accept(rt, user, document.id, reason)
        except decisions.DecisionError as exc:
            refused.append(f"{document.filename} : {exc}")
        except PermissionDenied:
            refused.append(f"{document.filename} : vous n'avez pas le droit de gérer ce dossier.")
        else:
            done += 1
    return done, refused


def send(rt: Runtime, user: User, documents: list[Document]) -> sending.SendSummary:
    """« Envoyer la sélection » : the archived sales invoices through distribution, each at most once."""
    return sending.send_selected(rt, user, documents)


def export_csv(company: Company, documents: list[Document]) -> Response:
    """The selected documents as a CSV a spreadsheet opens (semicolons, decimal commas, UTF-8 with BOM)."""
    invoices = {i.document_id: i for i in Invoice.select().where(Invoice.document.in_([d.id for d in documents]))}
    sellers = {p.invoice_id: p for p in Party.select().where(
        Party.invoice.in_([i.id for i in invoices.values()] or [0]) & (Party.role == "seller"))}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Reçu le", "État", "Fichier", "Fournisseur", "Numéro", "Date", "HT", "TVA", "TTC", "Devise",
                     "SHA-256"])
    for document in documents:
        inv = invoices.get(document.id)
        seller = sellers.get(inv.id) if inv else None
        writer.writerow([
            formatting.datetime_fr(document.created_at), STATE_LABELS[State(document.state)], document.filename,
            (seller.name if seller else "") or "", (inv.number if inv else "") or "",
            formatting.date_fr(inv.issue_date) if inv and inv.issue_date else "",
            *[formatting.number(v, 2).replace(formatting.NARROW_NBSP, "") if v is not None else ""
              for v in ((inv.total_without_tax, inv.total_tax, inv.total_with_tax) if inv else (None, None, None))],
            (inv.currency if inv else "") or "", document.sha256,
        ])
    data = "\ufeff" + out.getvalue()
    name = f"documents-{company.siren}.csv"
    return Response(data, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
