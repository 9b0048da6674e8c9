"""Supplier memory: an operator's validation teaches where a supplier prints each field.

:func:`learn_from_validation` locates the validated values among the document's
words and stores their positions and labels under each identifier of the supplier
(SIREN, VAT number, IBAN). :func:`apply_memory` recognises the supplier on a new
document by one of those identifiers, reads the fields again at the learnt
positions (then after the learnt labels) and raises the confidence of proposed
values that agree. Memory is per firm: a layout is the supplier's, whichever
client company received the invoice.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from guichet.core.model import identifiers as ids
from guichet.core.parsing.fields import invoice_fields, money
from guichet.core.model.models import utcnow
from guichet.core.parsing.text import (
    AMOUNT_FIELDS,
    DATE_FIELDS,
    FieldProposal,
    FieldValue,
    Page,
    TextResult,
    Word,
    text_lines,
    union_box,
)
from guichet.core.model.text_models import DocumentText, SupplierTemplate
from guichet.core.parsing.values import month_first_order, parse_amount, parse_date

if TYPE_CHECKING:
    from guichet.core.model.invoice import Address, Invoice
    from guichet.core.model.models import Company, Document

log = logging.getLogger(__name__)

#: Fields whose position is learnt (they change from one invoice to the next).
POSITIONAL = ("invoice_number", "issue_date", "due_date", "total_without_tax", "total_tax",
              "total_with_tax", "amount_due")
#: Fields that stay the same for a supplier.
CONSTANT = ("seller_name", "seller_vat_id", "seller_siren", "seller_siret", "iban", "bic", "currency")
CONFIDENCE_POSITION = 0.97
CONFIDENCE_AGREES = 0.99


def fold(text: str) -> str:
    """Lower-case without accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _kind(name: str) -> str:
    return "amount" if name in AMOUNT_FIELDS else "date" if name in DATE_FIELDS else "text"


def _parse(kind: str, text: str, month_first: bool = False) -> str | None:
    text = text.strip(" :;,")
    if kind == "amount":
        value = parse_amount(text)
        return money(value) if value is not None else None
    if kind == "date":
        value = parse_date(text, month_first=month_first)
        return value.isoformat() if value else None
    return text or None


def _windows(words: list[Word], size: int = 4) -> list[list[Word]]:
    return [words[i:j] for i in range(len(words)) for j in range(i + 1, min(len(words), i + size) + 1)]


def locate(pages: list[Page], name: str, value: str) -> tuple[list[Word], list[Word], bool] | None:
    """The words holding ``value`` (read as the field's kind), the label words before them, month-first.

    Amounts are taken where they stand alone (not the tail of "120 000,00") and,
    of several, the lowest on the page; numbers and dates the first.
    """
    kind = _kind(name)
    target = value if kind != "text" else ids.compact(value)
    found = []
    for us in (False, True) if kind == "date" else (False,):
        for page in pages:
            for line in text_lines(page):
                for window in _windows(line):
                    got = _parse(kind, " ".join(w.text for w in window), us)
                    if got is None or not (got == target or (kind == "text" and ids.compact(got).strip(".,;:") == target)):
                        continue
                    start = line.index(window[0])
                    if kind == "amount" and start and re.fullmatch(r"[-−]?\d{1,3}", line[start - 1].text):
                        continue  # the tail of a grouped number
                    before = line[:start]
                    label = [w for w in before if re.search(r"[A-Za-zÀ-ÿ]", w.text)][-4:]
                    found.append((window, label, us))
        if found:
            break
    if not found:
        return None
    return found[-1] if kind == "amount" else found[0]


def supplier_keys(invoice: Invoice) -> list[tuple[str, str]]:
    """The seller's identifiers the memory is keyed by: SIREN, VAT number, IBAN."""
    keys = []
    if invoice.seller.siren:
        keys.append(("siren", invoice.seller.siren))
    if invoice.seller.vat_id:
        keys.append(("vat", ids.compact(invoice.seller.vat_id)))
    iban = ids.valid_iban(invoice.iban)
    if iban:
        keys.append(("iban", iban))
    return keys


def remembered_address(firm_id: int, invoice: Invoice) -> Address | None:
    """The seller's postal address that validated invoices of the same supplier taught, or None."""
    from guichet.core.model.invoice import Address

    for kind, value in supplier_keys(invoice):
        row = SupplierTemplate.get_or_none((SupplierTemplate.firm == firm_id) & (SupplierTemplate.kind == kind)
                                           & (SupplierTemplate.value == value))
        address = (row.data or {}).get("address") if row is not None else None
        if isinstance(address, dict):
            known = {k: v for k, v in address.items() if k in Address.__dataclass_fields__ and isinstance(v, str)}
            return Address(**known)
    return None


def learn_from_validation(document: Document, invoice: Invoice) -> int:
    """Remember where the validated ``invoice`` is printed on ``document``; returns the fields learnt.

    Call after an operator validated the coding (inside its transaction is fine).
    Does nothing when the document has no stored words or the seller no identifier.
    """
    stored = DocumentText.get_or_none(DocumentText.document == document)
    keys = supplier_keys(invoice)
    if stored is None or not keys:
        return 0
    pages = TextResult.from_dict(stored.pages).pages
    proposal = (stored.proposal or {}).get("fields", {})
    values = invoice_fields(invoice)
    values["bic"] = next((m.bic for m in invoice.payment_means if m.bic), None)
    learnt: dict[str, Any] = {}
    for name in POSITIONAL:
        if not values.get(name):
            continue
        found = locate(pages, name, values[name])
        proposed = proposal.get(name) or {}
        if proposed.get("value") == values[name] and proposed.get("box") and proposed.get("page"):
            # The rules found it and the operator confirmed it: that position is the one.
            box = tuple(proposed["box"])
            words = [w for p in pages if p.number == proposed["page"] for w in p.words
                     if w.cx >= box[0] - 1e-6 and w.cx <= box[2] + 1e-6 and w.cy >= box[1] - 1e-6 and w.cy <= box[3] + 1e-6]
            if words:
                line = next((ln for p in pages if p.number == proposed["page"] for ln in text_lines(p)
                             if words[0] in ln), words)
                before = [w for w in line if w.box[2] <= words[0].box[0] + 1e-6]
                label = [w for w in before if re.search(r"[A-Za-zÀ-ÿ]", w.text)][-4:]
                found = (words, label, bool(found and found[2]))
        if found is None:
            continue
        words, label, us = found
        learnt[name] = {"page": words[0].page, "box": list(union_box(words) or ()), "kind": _kind(name),
                        "label": " ".join(w.text for w in label) or None, "month_first": us}
    constants = {name: values.get(name) for name in CONSTANT if values.get(name)}
    data = {"fields": learnt, "constants": constants}
    if invoice.seller.address is not None and (invoice.seller.address.city or invoice.seller.address.postcode):
        data["address"] = asdict(invoice.seller.address)
    firm_id = document.company.firm_id
    for kind, value in keys:
        row = SupplierTemplate.get_or_none((SupplierTemplate.firm == firm_id) & (SupplierTemplate.kind == kind)
                                           & (SupplierTemplate.value == value))
        if row is None:
            SupplierTemplate.create(firm=firm_id, kind=kind, value=value, name=constants.get("seller_name") or "",
                                    data=data, invoices=1)
        else:
            merged = {"fields": {**row.data.get("fields", {}), **learnt}, "constants": constants,
                      "address": data.get("address") or row.data.get("address")}
            row.data, row.invoices, row.updated_at = merged, row.invoices + 1, utcnow()
            row.name = constants.get("seller_name") or row.name
            row.save()
    return len(learnt)


def find_template(pages: list[Page], proposal: FieldProposal, company: Company) -> SupplierTemplate | None:
    """The firm's template whose identifier is printed on the pages (or proposed)."""
    text = ids.compact(" ".join(w.text for p in pages for w in p.words))
    wanted = {ids.compact(v) for v in (proposal.value("seller_vat_id"), proposal.value("seller_siren"),
                                       proposal.value("iban")) if v}
    query = SupplierTemplate.select().where(SupplierTemplate.firm == company.firm_id)
    own = {company.siren, ids.compact(company.vat_id)}
    best = None
    for row in query:
        if row.value in own or len(row.value) < 9:
            continue
        if row.value in wanted or row.value in text:
            if best is None or (row.kind == "vat", row.invoices) > (best.kind == "vat", best.invoices):
                best = row
    return best


def _read_at(pages: list[Page], spec: dict[str, Any], *, weak_ok: bool = False) -> tuple[str, list[Word]] | None:
    """The value printed at the learnt box (same line, overlapping columns), or after the learnt label.

    With ``weak_ok``, a value at the learnt place is returned even when its label differs
    (the caller keeps it only when the rules found the same value).
    """
    page = next((p for p in pages if p.number == spec.get("page")), None)
    if page is None or not spec.get("box"):
        return None
    x0, y0, x1, y1 = spec["box"]
    height = max(y1 - y0, 0.005)
    label = spec.get("label")
    for line in text_lines(page):
        cy = sum(w.cy for w in line) / len(line)
        if abs(cy - (y0 + y1) / 2) > height * 0.8:
            continue
        other_label = bool(label) and fold(label) not in fold(" ".join(w.text for w in line if w.box[2] <= x0 + 0.01))
        if other_label and not weak_ok:
            continue  # same place, other label: maybe another layout (the label search below may still find it)
        near = [w for w in line if w.box[0] < x1 + 0.03 and w.box[2] > x0 - 0.03]
        if spec.get("kind", "text") == "text":
            overlap = [(min(w.box[2], x1) - max(w.box[0], x0), w) for w in near]
            overlap = [(o, w) for o, w in overlap if o > 0]
            if overlap:
                word = max(overlap, key=lambda item: item[0])[1]
                return word.text.strip(" :;,"), [word]
            continue
        for window in sorted(_windows(near), key=len, reverse=True):
            got = _parse(spec.get("kind", "text"), " ".join(w.text for w in window), spec.get("month_first", False))
            if got:
                return got, window
    if label:
        for line in text_lines(page):
            joined = fold(" ".join(w.text for w in line))
            if fold(label) not in joined:
                continue
            last_label = [w for w in line if fold(w.text) in fold(label).split()]
            after = [w for w in line if not last_label or w.box[0] > last_label[-1].box[2] - 1e-6]
            for window in _windows(after):
                got = _parse(spec.get("kind", "text"), " ".join(w.text for w in window),
                             spec.get("month_first", False))
                if got:
                    return got, window
    return None


def apply_memory(pages: list[Page], proposal: FieldProposal, company: Company | None) -> tuple[FieldProposal, str | None]:
    """Improve ``proposal`` with what validations taught about this supplier; returns it and the key used."""
    if company is None or not pages:
        return proposal, None
    template = find_template(pages, proposal, company)
    if template is None:
        return proposal, None
    page_text = fold(" ".join(w.text for p in pages for w in p.words))
    compact_text = ids.compact(page_text).upper()
    for name, value in template.data.get("constants", {}).items():
        current = proposal.fields.get(name)
        seen = fold(value) in page_text or ids.compact(value) in compact_text
        if current is not None and current.value and ids.compact(current.value) == ids.compact(value):
            current.confidence = max(current.confidence, CONFIDENCE_AGREES)
            current.origin = "memory"
            continue
        if not seen and (name not in ("seller_siren", "seller_name", "currency") or current is not None):
            continue  # not printed here (or the page says otherwise): do not carry it over
        proposal.fields[name] = FieldValue(value, CONFIDENCE_AGREES if seen else 0.9, None, None, None, "memory")
    order = month_first_order([" ".join(w.text for w in line) for p in pages for line in text_lines(p)])
    for name, spec in template.data.get("fields", {}).items():
        if spec.get("kind") == "date" and order is not None:
            spec = {**spec, "month_first": order}  # this document's own way of writing dates wins
        current = proposal.fields.get(name)
        found = _read_at(pages, spec)
        if found is None and current is not None:
            found = _read_at(pages, spec, weak_ok=True)  # another language, same layout: confirms the rules only
            if found is not None and found[0] != current.value:
                found = None
        if found is None:
            continue
        value, words = found
        agrees = current is not None and current.value == value
        confidence = CONFIDENCE_AGREES if agrees else CONFIDENCE_POSITION
        proposal.fields[name] = FieldValue(value, confidence, words[0].page, union_box(words), spec.get("label"),
                                           "memory")
    return proposal, f"{template.kind}:{template.value}"
