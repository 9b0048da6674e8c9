"""What the coding and review screens show and read: words, proposed fields, what an operator typed.

The words and proposed fields of a document and the checking of what an operator
typed. The decisions themselves (validate, reject, send back, accept, split) are
:mod:`guichet.core.pipeline.decisions`, which the views call: nothing here changes a
document's state.

Words and proposals come from what the extract stage stored
(:class:`~guichet.core.model.text_models.DocumentText`); for a document without them
they are read again through the ``extract_words`` and ``propose_fields`` hooks
(cached per file).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from guichet.core.parsing.fields import FIELD_NAMES, invoice_fields
from guichet.core.model.identifiers import compact, valid_iban, valid_siren, valid_siret
from guichet.core.model.models import Document, VatBreakdown
from guichet.core.model.models import Invoice as InvoiceRow
from guichet.core.storage.records import load_invoice
from guichet.core.parsing.text import FieldProposal, TextResult, merge_proposals
from guichet.core.model.text_models import DocumentText
from guichet.core.parsing.values import parse_amount, parse_date, parse_rate
from guichet.core.model import vat

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

SOURCE_CODING = "coding"

#: French labels of the coded fields, in form order.
FIELD_LABELS: dict[str, str] = {
    "invoice_number": "Numéro de facture",
    "issue_date": "Date de facture",
    "due_date": "Date d'échéance",
    "document_type_code": "Type (380 facture, 381 avoir)",
    "currency": "Devise",
    "seller_name": "Fournisseur (vendeur)",
    "seller_vat_id": "N° TVA du vendeur",
    "seller_siren": "SIREN du vendeur",
    "seller_siret": "SIRET du vendeur",
    "buyer_name": "Client (acheteur)",
    "buyer_vat_id": "N° TVA de l'acheteur",
    "buyer_siren": "SIREN de l'acheteur",
    "total_without_tax": "Total HT",
    "total_tax": "Total TVA",
    "total_with_tax": "Total TTC",
    "amount_due": "Net à payer",
    "iban": "IBAN",
}
#: The seller's postal address (proposed from the Sirene copy, the supplier memory, its identifiers).
ADDRESS_LABELS: dict[str, str] = {
    "seller_address": "Adresse du vendeur (rue)",
    "seller_postcode": "Code postal",
    "seller_city": "Ville",
    "seller_country": "Pays (code ISO, ex. FR)",
}
#: Beside the address: the payment terms (BT-20), which stand for a due date that the paper does not give (BR-CO-25).
TERMS_LABEL = "Conditions de paiement (sans date d'échéance : « à réception », « 30 jours fin de mois »...)"
AMOUNTS = frozenset({"total_without_tax", "total_tax", "total_with_tax", "amount_due"})
DATES = frozenset({"issue_date", "due_date"})
REQUIRED = ("invoice_number", "issue_date", "seller_name", "total_with_tax")
#: Below this confidence a proposed value is highlighted for the operator.
LOW_CONFIDENCE = 0.8
#: How findings name fields (EN 16931 business terms) → the coded field.
BT_FIELDS: dict[str, str] = {
    "BT-1": "invoice_number", "BT-2": "issue_date", "BT-3": "document_type_code", "BT-5": "currency",
    "BT-9": "due_date", "BT-27": "seller_name", "BT-30": "seller_siren", "BT-29": "seller_siret",
    "BT-31": "seller_vat_id", "BT-44": "buyer_name", "BT-47": "buyer_siren", "BT-48": "buyer_vat_id",
    "BT-84": "iban", "BT-109": "total_without_tax", "BT-110": "total_tax", "BT-112": "total_with_tax",
    "BT-115": "amount_due", "BG-23": "vat", "BT-116": "vat", "BT-117": "vat", "BT-119": "vat",
}


def field_of(finding_field: str | None) -> str | None:
    """The coded field a finding concerns (``vat`` for the VAT breakdown), or None."""
    if not finding_field:
        return None
    name = finding_field.strip()
    if name in FIELD_LABELS:
        return name
    for part in name.replace(",", " ").split():
        key = part.upper().strip("()")
        if key in BT_FIELDS:
            return BT_FIELDS[key]
        if part in FIELD_LABELS:
            return part
    if name.startswith(("seller.", "buyer.")):
        role, _, attr = name.partition(".")
        guess = f"{role}_{attr}"
        return guess if guess in FIELD_LABELS else None
    return None


# ---------------------------------------------------------------------------
# Words and proposals
# ---------------------------------------------------------------------------

_text_cache: OrderedDict[str, TextResult | None] = OrderedDict()
_text_lock = threading.Lock()


def text_of(rt: Runtime, document: Document) -> TextResult | None:
    """The words of ``document`` with their boxes: as the extract stage stored them, else read again.

    Reading again (through the ``extract_words`` hook, cached per file) serves the
    documents coded before the extract stage stored its words.
    """
    stored = DocumentText.get_or_none(DocumentText.document == document)
    if stored is not None and stored.pages:
        return TextResult.from_dict(stored.pages)
    with _text_lock:
        if document.sha256 in _text_cache:
            _text_cache.move_to_end(document.sha256)
            return _text_cache[document.sha256]
    fmt = document.format or ("image" if document.content_type.startswith("image/") else "pdf")
    result = None
    if fmt in ("pdf", "facturx", "image"):
        try:
            result = rt.pm.hook.extract_words(data=rt.blobs.get(document.blob_key), fmt=fmt,
                                              filename=document.filename, settings=rt.settings,
                                              hook=rt.pm.hook)
        except Exception:  # a screen without word boxes is still usable
            log.exception("extract_words failed for document %s", document.id)
    with _text_lock:
        _text_cache[document.sha256] = result
        while len(_text_cache) > 32:
            _text_cache.popitem(last=False)
    return result


def words_json(text: TextResult | None) -> list[dict[str, Any]]:
    """Per page: its number, rotation, width/height ratio and words (text, box, confidence) for the browser."""
    if text is None:
        return []
    return [
        {
            "number": page.number,
            "rotation": page.rotation,
            "ratio": round(page.width / page.height, 5) if page.width and page.height else None,
            "words": [{"t": w.text, "b": [round(c, 5) for c in w.box], "c": round(w.confidence, 3)}
                      for w in page.words],
        }
        for page in text.pages
    ]


@dataclass
class Proposal:
    """What the form starts with: values, confidences, boxes, VAT rows, lines."""

    values: dict[str, str | None]
    confidence: dict[str, float | None]
    boxes: dict[str, dict[str, Any]] = field(default_factory=dict)  # field → {"page", "box"}
    vat_rows: list[dict[str, str]] = field(default_factory=list)
    source: str | None = None
    lines: list[dict[str, str]] = field(default_factory=list)
    address: dict[str, str] = field(default_factory=dict)


def _address_of(invoice: Any) -> dict[str, str]:
    """The seller's address of a stored invoice as the form's values."""
    address = invoice.seller.address if invoice is not None else None
    if address is None:
        return {"payment_terms": invoice.payment_terms or ""} if invoice is not None else {}
    return {"seller_address": address.line1 or "", "seller_postcode": address.postcode or "",
            "seller_city": address.city or "", "seller_country": address.country or "",
            "payment_terms": invoice.payment_terms or ""}


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize() if value == value.to_integral() else value, "f")


def _vat_rows_of(row: InvoiceRow) -> list[dict[str, str]]:
    return [
        {"rate": "" if v.rate is None else str(v.rate.normalize()),
         "taxable_amount": str(v.taxable_amount), "tax_amount": str(v.tax_amount),
         "category": v.category or "", "exemption_code": v.exemption_code or ""}
        for v in VatBreakdown.select().where(VatBreakdown.invoice == row)
    ]


def _lines_of(invoice: Any) -> list[dict[str, str]]:
    """The lines of a stored invoice as the form's rows."""
    if invoice is None:
        return []
    return [{"description": line.name or "", "quantity": _text(line.quantity), "unit_price": _text(line.net_price),
             "amount": _text(line.net_amount), "vat_rate": _text(line.vat_rate), "vat_category": line.vat_category or ""}
            for line in invoice.lines]


def _proposal_boxes(proposal: FieldProposal) -> dict[str, dict[str, Any]]:
    return {name: {"page": fv.page, "box": list(fv.box)} for name, fv in proposal.fields.items()
            if fv.value is not None and fv.box and fv.page}


def proposal_of(rt: Runtime, document: Document, text: TextResult | None) -> Proposal:
    """The proposed (or already stored) fields of ``document``, with confidences and boxes."""
    stored = DocumentText.get_or_none(DocumentText.document == document)
    proposal = FieldProposal.from_dict(stored.proposal) if stored is not None and stored.proposal else None
    row = InvoiceRow.get_or_none(InvoiceRow.document == document)
    if row is not None:
        invoice = load_invoice(document)
        values = invoice_fields(invoice) if invoice else dict.fromkeys(FIELD_NAMES)
        kept = row.confidence or {}
        confidence = {name: kept.get(name) if isinstance(kept.get(name), (int, float)) else
                      (1.0 if row.source in ("xml", SOURCE_CODING) and values.get(name) else None)
                      for name in FIELD_NAMES}
        boxes = _proposal_boxes(proposal) if proposal else {}
        return Proposal(values, confidence, boxes, _vat_rows_of(row), row.source, _lines_of(invoice),
                        _address_of(invoice))
    if proposal is None:
        proposal = FieldProposal()
        if text is not None:
            try:
                results = rt.pm.hook.propose_fields(pages=text.pages, company=document.company, source=text.source)
                proposal = merge_proposals(list(results))
            except Exception:  # the operator types what could not be proposed
                log.exception("propose_fields failed for document %s", document.id)
    values = {name: proposal.value(name) for name in FIELD_NAMES}
    confidence = {name: (round(fv.confidence, 3) if (fv := proposal.fields.get(name)) and fv.value else None)
                  for name in FIELD_NAMES}
    vat_rows = [{"rate": r.rate or "", "taxable_amount": r.taxable_amount or "", "tax_amount": r.tax_amount or "",
                 "category": "", "exemption_code": ""} for r in proposal.vat_breakdown]
    lines = [{"description": item.description or "", "quantity": item.quantity or "", "unit_price": item.unit_price or "",
              "amount": item.amount or "", "vat_rate": item.vat_rate or "", "vat_category": ""}
             for item in proposal.lines]
    return Proposal(values, confidence, _proposal_boxes(proposal), vat_rows, text.source if text else None, lines)


def zero_rate_category(text: TextResult | None, values: dict[str, Any], company: Any) -> tuple[str, str | None]:
    """The category (and VATEX code) proposed for a 0 % rate on this document: what its words say
    (reverse charge, intra-EU supply, franchise...), else the seller's and the dossier's countries."""
    wording = "\n".join(page.text for page in text.pages) if text is not None else ""
    seller_country = (values.get("seller_country") or vat.vat_country(values.get("seller_vat_id"))
                      or ("FR" if values.get("seller_siren") or values.get("seller_siret") else None))
    return vat.suggest_category(Decimal(0), wording=wording, seller_country=seller_country, buyer_country="FR",
                                buyer_vat=bool(company.vat_id))


# ---------------------------------------------------------------------------
# What the operator typed
# ---------------------------------------------------------------------------


@dataclass
class Coded:
    """The form, checked: clean values, VAT rows, lines and the errors per field (French)."""

    values: dict[str, str | None]
    vat_rows: list[dict[str, str]]
    errors: dict[str, str]
    lines: list[dict[str, str]] = field(default_factory=list)
    summary: bool = False  # "one summary line per VAT rate" asked for


#: The columns of the lines table: form field → key of a coded line.
LINE_COLUMNS = {"line_description": "description", "line_quantity": "quantity", "line_price": "unit_price",
                "line_amount": "amount", "line_rate": "vat_rate"}


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")) if value == value.quantize(Decimal("0.01")) else value)


def parse_form(form: Any) -> Coded:
    """Check and normalise the submitted form (amounts, dates, identifiers, VAT rows)."""
    values: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    for name in FIELD_NAMES:
        raw = (form.get(name) or "").strip()
        if not raw:
            values[name] = None
            continue
        if name in AMOUNTS:
            amount = parse_amount(raw)
            values[name] = _money(amount) if amount is not None else raw
            if amount is None:
                errors[name] = "Montant illisible (ex. 1 234,56)."
        elif name in DATES:
            date = parse_date(raw)
            values[name] = date.isoformat() if date else raw
            if date is None:
                errors[name] = "Date illisible (ex. 31/01/2026)."
        elif name in ("seller_siren", "buyer_siren"):
            values[name] = valid_siren(raw) or raw
            if not valid_siren(raw):
                errors[name] = "SIREN invalide (9 chiffres, clé de contrôle)."
        elif name == "seller_siret":
            values[name] = valid_siret(raw) or raw
            if not valid_siret(raw):
                errors[name] = "SIRET invalide (14 chiffres, clé de contrôle)."
        elif name == "iban":
            values[name] = valid_iban(raw) or compact(raw)
            if not valid_iban(raw):
                errors[name] = "IBAN invalide."
        elif name in ("seller_vat_id", "buyer_vat_id", "currency"):
            values[name] = compact(raw).upper()
        else:
            values[name] = raw
    values["payment_terms"] = " ".join((form.get("payment_terms") or "").split())[:500] or None
    for name in ADDRESS_LABELS:
        raw = " ".join((form.get(name) or "").split())
        values[name] = (raw.upper() if name == "seller_country" else raw) or None
        if name == "seller_country" and raw and not (len(raw) == 2 and raw.isalpha()):
            errors[name] = "Code pays sur deux lettres (ex. FR, DE, BE)."
    if not values.get("amount_due") and values.get("total_with_tax") and "total_with_tax" not in errors:
        values["amount_due"] = values["total_with_tax"]  # BT-115 = BT-112 when nothing was prepaid
    for name in REQUIRED:
        if not values.get(name) and name not in errors:
            errors[name] = "Champ obligatoire."
    vat_rows = _parse_vat_rows(form, errors)
    lines = _parse_lines(form, errors)
    return Coded(values, vat_rows, errors, lines, summary=form.get("summary") == "1")


def _column(form: Any, name: str, count: int) -> list[str]:
    values = [v.strip() for v in form.getlist(name)]
    return values + [""] * (count - len(values))


def _parse_vat_rows(form: Any, errors: dict[str, str]) -> list[dict[str, str]]:
    """The VAT rows: rate, base, amount, category (S, Z, E, AE, K, G, O, L, M) and exemption reason."""
    rates = form.getlist("vat_rate")
    bases, taxes = _column(form, "vat_base", len(rates)), _column(form, "vat_amount", len(rates))
    categories, reasons = _column(form, "vat_category", len(rates)), _column(form, "vat_exemption", len(rates))
    rows = []
    for index, rate_raw in enumerate(rates):
        base_raw, tax_raw, category = bases[index], taxes[index], categories[index].upper()
        reason = reasons[index].upper()
        if not (rate_raw.strip() or base_raw or tax_raw):
            continue
        rate, base, tax = parse_rate(rate_raw), parse_amount(base_raw), parse_amount(tax_raw)
        row = {"rate": rate_raw, "taxable_amount": base_raw, "tax_amount": tax_raw, "category": category,
               "exemption_code": reason}
        if rate is None or base is None or tax is None:
            errors[f"vat_{index}"] = "Ligne de TVA incomplète ou illisible (taux, base, montant)."
        elif category and category not in vat.CATEGORIES:
            errors[f"vat_{index}"] = f"Catégorie de TVA inconnue : {category}."
        elif category in vat.NEEDS_REASON and not reason:
            errors[f"vat_{index}"] = (f"TVA à {rate} % ({vat.CATEGORIES[category].lower()}) : "
                                      "choisissez le motif d'exonération.")
        elif reason and reason not in vat.VATEX:
            errors[f"vat_{index}"] = f"Motif d'exonération inconnu : {reason}."
        else:
            row.update(rate=str(rate), taxable_amount=_money(base), tax_amount=_money(tax),
                       exemption_code=reason if category in vat.NEEDS_REASON else "")
        rows.append(row)
    return rows


def _parse_lines(form: Any, errors: dict[str, str]) -> list[dict[str, str]]:
    """The invoice lines typed or kept: description, quantity, unit price, amount (French formats), VAT rate."""
    count = len(form.getlist("line_description"))
    columns = {key: _column(form, name, count) for name, key in LINE_COLUMNS.items()}
    lines = []
    for index in range(count):
        raw = {key: values[index] for key, values in columns.items()}
        if not any(raw.values()):
            continue  # an empty row
        quantity, price = parse_amount(raw["quantity"]), parse_amount(raw["unit_price"])
        amount, rate = parse_amount(raw["amount"]), parse_rate(raw["vat_rate"])
        if amount is None and quantity is not None and price is not None:
            amount = (quantity * price).quantize(Decimal("0.01"))
        unreadable = [label for label, text, value in (("quantité", raw["quantity"], quantity),
                                                       ("prix unitaire", raw["unit_price"], price),
                                                       ("taux", raw["vat_rate"], rate)) if text and value is None]
        if amount is None or unreadable:
            what = ", ".join(unreadable) if unreadable else "montant HT"
            errors[f"line_{index}"] = f"Ligne {len(lines) + 1} : {what} illisible ou absent (ex. 1 234,56)."
            lines.append(raw)
            continue
        lines.append({"description": raw["description"], "quantity": str(quantity) if quantity is not None else "",
                      "unit_price": _money(price) if price is not None else "", "amount": _money(amount),
                      "vat_rate": str(rate) if rate is not None else ""})
    return lines


def sum_problems(coded: Coded) -> list[str]:
    """The sums that do not add up (HT + TVA = TTC, VAT per rate); empty when coherent."""
    problems = []
    amount = {n: parse_amount(coded.values.get(n)) for n in AMOUNTS}
    ht, tva, ttc = amount["total_without_tax"], amount["total_tax"], amount["total_with_tax"]
    if ht is not None and tva is not None and ttc is not None and abs(ht + tva - ttc) > Decimal("0.01"):
        problems.append(f"HT + TVA = {ht + tva} ≠ TTC {ttc}")
    rows = [r for r in coded.vat_rows if parse_amount(r["taxable_amount"]) is not None
            and parse_amount(r["tax_amount"]) is not None]
    for r in rows:
        rate, base, tax = parse_rate(r["rate"]), parse_amount(r["taxable_amount"]), parse_amount(r["tax_amount"])
        if rate is not None and base is not None and tax is not None:
            expected = (base * rate / 100).quantize(Decimal("0.01"))
            if abs(expected - tax) > Decimal("0.01"):
                problems.append(f"TVA à {rate} % : {base} × {rate} % = {expected} ≠ {tax}")
    if rows and tva is not None:
        total = sum((parse_amount(r["tax_amount"]) for r in rows), Decimal(0))
        if abs(total - tva) > Decimal("0.01") * len(rows):
            problems.append(f"somme des TVA par taux {total} ≠ total TVA {tva}")
    if rows and ht is not None:
        total = sum((parse_amount(r["taxable_amount"]) for r in rows), Decimal(0))
        if abs(total - ht) > Decimal("0.01"):
            problems.append(f"somme des bases {total} ≠ total HT {ht}")
    amounts = [parse_amount(line.get("amount")) for line in coded.lines]
    if amounts and None not in amounts and ht is not None and not coded.summary:
        total = sum(amounts, Decimal(0))
        if total != ht:
            problems.append(f"somme des lignes {total} ≠ total HT {ht} : corrigez les lignes ou "
                            "remplacez-les par une ligne par taux")
    return problems
