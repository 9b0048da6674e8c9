"""Accounting entries proposed for archived invoices, per French practice.

A purchase invoice (journal AC) debits the expense account (6...) with the amount without VAT
of each VAT rate, debits the deductible VAT account of that rate (goods or services, by the
expense account) and credits the supplier's collective account 401 with its auxiliary account
for the total with VAT. A sales invoice (journal VE) debits 411 and its auxiliary account and
credits the revenue account (7...) and the collected VAT account of each rate. A credit note
reverses the senses. Self-assessed VAT (intra-EU acquisitions, category K, or AE from a
foreign seller; domestic reverse charge, AE from a French seller) adds a balanced pair:
deductible debit, due credit. Amounts are Decimal and the entry balances to the cent, or it is
held back with the reason in French; so is an entry using an account outside the company's
imported chart, an invoice without number or date, or one in a foreign currency.

The expense/revenue and auxiliary accounts come, in order, from: the person's correction of
this entry (:class:`EntryCorrection`), what the firm's corrections taught for the counterparty
(:class:`PartyAccount`), the buyer's accounting reference on the lines (BT-133, purchases),
then the chart settings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from guichet.core.model import events
from guichet.core.model.export_models import EntryCorrection, PartyAccount
from guichet.core.model.invoice import Invoice
from guichet.core.model.models import Document, db, utcnow
from guichet.core.model.models import Invoice as InvoiceRow
from guichet.core.money import chart
from guichet.core.money.open_items import CREDIT_NOTE_TYPES, party_key

if TYPE_CHECKING:
    from guichet.core.model.models import Company
    from guichet.core.settings import Settings

ZERO = Decimal("0")
CENT = Decimal("0.01")
#: VAT categories that carry no VAT on the invoice and none to self-assess (sales side too for K/AE).
NO_VAT = frozenset({"Z", "E", "O", "G", "L", "M"})
#: Categories whose VAT the buyer self-assesses (autoliquidation).
SELF_ASSESSED = frozenset({"K", "AE"})
PURCHASE, SALES = "purchase", "sales"


@dataclass
class EntryLine:
    """One line of an entry (a FEC record): account, auxiliary account, label, debit or credit."""

    account: str
    label: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    aux_account: str = ""
    aux_label: str = ""
    account_label: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON-ready (amounts as strings)."""
        return {"account": self.account, "aux_account": self.aux_account, "label": self.label,
                "debit": f"{self.debit:.2f}", "credit": f"{self.credit:.2f}"}


@dataclass
class Entry:
    """The entry of one invoice: its journal, date, piece and lines; ``problems`` hold it back."""

    document_id: int
    journal: str
    journal_label: str
    date: dt.date | None
    piece: str
    piece_date: dt.date | None
    label: str
    direction: str
    currency: str
    lines: list[EntryLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    corrected: bool = False

    @property
    def debit(self) -> Decimal:
        """Sum of the debits."""
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def credit(self) -> Decimal:
        """Sum of the credits."""
        return sum((line.credit for line in self.lines), ZERO)

    @property
    def balanced(self) -> bool:
        """Debits equal credits, to the cent, and there is something on each side."""
        return bool(self.lines) and self.debit == self.credit and self.debit != ZERO

    @property
    def exportable(self) -> bool:
        """No problem holds it back."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready view (API, pages)."""
        return {"document": self.document_id, "journal": self.journal, "date": self.date.isoformat() if self.date else None,
                "piece": self.piece, "label": self.label, "direction": self.direction, "currency": self.currency,
                "lines": [line.as_dict() for line in self.lines], "balanced": self.balanced,
                "problems": list(self.problems), "corrected": self.corrected}


def cents(value: Decimal) -> Decimal:
    """Rounded half-up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fold_name(name: str | None) -> str:
    """Upper-case letters and digits of a name, accents removed (``Fournisseur Alpha SARL`` → ``FOURNISSEURALPHASARL``)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name or "") if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]", "", plain.upper())


#: Legal-form words left out of generated auxiliary accounts.
_FORMS = re.compile(r"\b(SARL|SAS|SASU|SA|EURL|SNC|SCI|SELARL|GMBH|LTD|SCOP|EI|ETS|STE|SOCIETE)\b")


def aux_for(prefix: str, name: str | None, siren: str | None) -> str:
    """A generated auxiliary account: the prefix and up to 10 characters of the name (else the SIREN)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name or "") if not unicodedata.combining(c)).upper()
    core = re.sub(r"[^A-Z0-9]", "", _FORMS.sub(" ", plain)) or fold_name(name)
    return prefix + (core[:10] or (siren or "DIVERS"))


def _counterparty(invoice: Invoice, direction: str) -> tuple[str | None, str | None, str | None, str | None]:
    party = invoice.seller if direction == PURCHASE else invoice.buyer
    country = party.address.country if party and party.address else None
    if party is None:
        return None, None, None, None
    return party.name, party.siren, party.vat_id, country


def learnt(company: Company, direction: str, key: str) -> PartyAccount | None:
    """What the firm's corrections taught about a counterparty."""
    return PartyAccount.get_or_none((PartyAccount.company == company) & (PartyAccount.direction == direction)
                                    & (PartyAccount.party_key == key))


def _line_reference(invoice: Invoice) -> str | None:
    """The buyer's accounting reference (BT-133) when every line gives the same account-like one."""
    refs = {(line.accounting_ref or "").strip().upper() for line in invoice.lines}
    if len(refs) == 1:
        ref = refs.pop()
        if re.fullmatch(r"6\d{2,}", ref):
            return ref
    return None


def _self_assessment(chart_settings: chart.ChartSettings, category: str, seller_country: str | None) -> tuple[str, str]:
    if category == "K" or (seller_country or "FR").upper() != "FR":
        return chart_settings["intra_eu_deductible"], chart_settings["intra_eu_due"]
    return chart_settings["reverse_charge_deductible"], chart_settings["reverse_charge_due"]


def _rate_label(rate: Decimal | None) -> str:
    return f"{format(rate.normalize(), 'f').replace('.', ',')} %" if rate is not None else "taux inconnu"


@dataclass
class Lookups:
    """What many proposals of one company share, read once (an export of a year: 100,000 invoices)."""

    company: Company
    chart_settings: chart.ChartSettings
    known: set[str]
    memories: dict[tuple[str, str], PartyAccount]
    corrections: dict[int, list[dict[str, Any]]]

    @classmethod
    def load(cls, company: Company, settings: Settings | None) -> Lookups:
        """Chart settings, imported chart, learnt accounts and corrections of ``company``."""
        memories = {(m.direction, m.party_key): m for m in PartyAccount.select().where(PartyAccount.company == company)}
        corrections = {c.document_id: c.lines for c in EntryCorrection.select(EntryCorrection.document, EntryCorrection.lines)
                       .join(Document).where(Document.company == company)}
        return cls(company, chart.settings_for(settings, company), chart.known_accounts(company), memories, corrections)


def propose(document: Document, *, settings: Settings | None = None, row: InvoiceRow | None = None,
            known: set[str] | None = None, chart_settings: chart.ChartSettings | None = None,
            lookups: Lookups | None = None) -> Entry:
    """The entry of an archived ``document`` (the correction when a person made one)."""
    if lookups is not None:
        company, known, chart_settings = lookups.company, lookups.known, lookups.chart_settings
    else:
        company = document.company
    row = row or InvoiceRow.get_or_none(InvoiceRow.document == document)
    chart_settings = chart_settings or chart.settings_for(settings, company)
    direction = document.direction if row and document.direction in (PURCHASE, SALES) else None
    purchase = direction == PURCHASE
    journal = chart_settings["purchase_journal" if purchase else "sales_journal"]
    entry = Entry(document_id=document.id, journal=journal,
                  journal_label=chart_settings["purchase_journal_label" if purchase else "sales_journal_label"],
                  date=row.issue_date if row else None, piece=(row.number or "") if row else "",
                  piece_date=row.issue_date if row else None, label="", direction=direction or "unknown",
                  currency=(row.currency or "EUR") if row else "EUR")
    if row is None:
        entry.problems.append("aucune facture lue pour ce document")
        return entry
    if direction is None:
        entry.problems.append("sens inconnu (ni achat ni vente) : impossible de choisir le journal")
        return entry
    invoice = Invoice.from_dict(row.data)
    name, siren, vat_id, country = _counterparty(invoice, direction)
    key = party_key(siren, vat_id, name)
    memory = lookups.memories.get((direction, key)) if lookups is not None else learnt(company, direction, key)
    collective = chart_settings["supplier_account" if purchase else "customer_account"]
    aux = memory.aux_account if memory else aux_for(
        chart_settings["supplier_aux_prefix" if purchase else "customer_aux_prefix"], name, siren)
    entry.label = f"{(name or 'Tiers inconnu')[:60]} {entry.piece}".strip()
    credit_note = (row.type_code or "") in CREDIT_NOTE_TYPES
    if not entry.piece:
        entry.problems.append("numéro de facture absent (PieceRef obligatoire)")
    if entry.date is None:
        entry.problems.append("date de facture absente")
    if entry.currency != "EUR":
        entry.problems.append(f"facture en {entry.currency} sans contre-valeur en euros : à saisir à la main")

    if lookups is not None:
        corrected_lines = lookups.corrections.get(document.id)
    else:
        correction = EntryCorrection.get_or_none(EntryCorrection.document == document)
        corrected_lines = correction.lines if correction is not None else None
    if corrected_lines is not None:
        entry.corrected = True
        for item in corrected_lines:
            entry.lines.append(EntryLine(account=item["account"], label=item.get("label") or entry.label,
                                         debit=Decimal(item.get("debit") or "0"), credit=Decimal(item.get("credit") or "0"),
                                         aux_account=item.get("aux_account") or "",
                                         aux_label=(name or "")[:60] if item.get("aux_account") else ""))
    else:
        account = (memory.account if memory and memory.account else None) or (_line_reference(invoice) if purchase else None) \
            or chart_settings["purchase_account" if purchase else "sales_account"]
        _build_lines(entry, invoice, row, chart_settings, account=account, collective=collective, aux=aux,
                     aux_label=(name or "")[:60], purchase=purchase, seller_country=country)
        if credit_note:
            for line in entry.lines:
                line.debit, line.credit = line.credit, line.debit
    _normalise_signs(entry)
    _check(entry, company, known)
    return entry


def _build_lines(entry: Entry, invoice: Invoice, row: InvoiceRow, chart_settings: chart.ChartSettings, *,
                 account: str, collective: str, aux: str, aux_label: str, purchase: bool, seller_country: str | None) -> None:
    """Debit/credit lines of an invoice (a purchase's senses; the caller swaps them for a credit note)."""
    label = entry.label
    goods = chart_settings.is_goods(account)
    # A fixed asset (class 2) deducts its VAT on 44562; goods and services on their own accounts.
    deductible_key = "vat_deductible_assets" if account.startswith("2") else \
        "vat_deductible_goods" if goods else "vat_deductible_services"
    base_lines: list[EntryLine] = []
    vat_lines: list[EntryLine] = []
    rows = invoice.vat_breakdown
    if rows:
        for vat in rows:
            category = (vat.category or "S").upper()
            base = cents(vat.taxable_amount)
            tax = cents(vat.tax_amount or ZERO)
            base_lines.append(EntryLine(account=account, label=f"{label} HT {_rate_label(vat.rate)}"[:200], debit=base))
            if category in SELF_ASSESSED or category in NO_VAT:
                if tax != ZERO:
                    entry.problems.append(f"TVA de {tax} sur la catégorie {category}, qui n'en porte pas")
                if purchase and category in SELF_ASSESSED:
                    rate = Decimal(str(chart_settings["autoliquidation_rate"]))
                    due = cents(base * rate / 100)
                    deductible_account, due_account = _self_assessment(chart_settings, category, seller_country)
                    vat_lines.append(EntryLine(account=chart_settings.vat_account(deductible_account, None),
                                               label=f"{label} TVA autoliquidée {_rate_label(rate)}"[:200], debit=due))
                    vat_lines.append(EntryLine(account=due_account, label=f"{label} TVA due autoliquidée"[:200], credit=due))
                continue
            if tax == ZERO:
                continue
            base_account = chart_settings[deductible_key] if purchase \
                else chart_settings["vat_collected"]
            vat_lines.append(EntryLine(account=chart_settings.vat_account(base_account, vat.rate),
                                       label=f"{label} TVA {_rate_label(vat.rate)}"[:200], debit=tax))
    else:
        base = row.total_without_tax
        tax = row.total_tax or ZERO
        if base is None:
            if row.total_with_tax is None:
                entry.problems.append("aucun montant sur la facture")
                return
            base = row.total_with_tax - tax
        base_lines.append(EntryLine(account=account, label=f"{label} HT"[:200], debit=cents(base)))
        if tax:
            base_account = chart_settings[deductible_key] if purchase \
                else chart_settings["vat_collected"]
            vat_lines.append(EntryLine(account=base_account, label=f"{label} TVA"[:200], debit=cents(tax)))
    total = row.total_with_tax
    if total is None:  # no BT-112: the sum of what the invoice shows, VAT self-assessed left out
        total = sum((line.debit for line in base_lines), ZERO) + sum(
            (line.debit for line in vat_lines if "autoliquidée" not in line.label), ZERO)
    rounding = cents(invoice.totals.rounding or ZERO)
    party = EntryLine(account=collective, label=label[:200], credit=cents(total + rounding), aux_account=aux,
                      aux_label=aux_label)
    lines = [*base_lines, *vat_lines]
    if rounding:
        lines.append(EntryLine(account=chart_settings["rounding_expense"] if rounding > 0 else chart_settings["rounding_income"],
                               label=f"{label} arrondi"[:200], debit=rounding))
    if not purchase:  # a sale: the customer is debited, revenue and VAT credited
        for line in lines:
            line.debit, line.credit = line.credit, line.debit
        party.debit, party.credit = party.credit, party.debit
        entry.lines = [party, *lines]
    else:
        entry.lines = [*lines, party]


def _normalise_signs(entry: Entry) -> None:
    """A negative amount goes to the other side (FEC amounts are positive)."""
    for line in entry.lines:
        if line.debit < 0 or line.credit < 0:
            line.debit, line.credit = -line.credit, -line.debit
        line.debit, line.credit = cents(line.debit), cents(line.credit)


def _check(entry: Entry, company: Company, known: set[str] | None) -> None:
    if entry.lines and not entry.balanced:
        entry.problems.append(f"écriture déséquilibrée : débit {entry.debit:.2f}, crédit {entry.credit:.2f} "
                              f"(écart {entry.debit - entry.credit:.2f})")
    for line in entry.lines:
        if line.debit and line.credit:
            entry.problems.append(f"ligne {line.account} au débit et au crédit")
        if not chart.ACCOUNT_RE.match(line.account or ""):
            entry.problems.append(f"compte « {line.account} » mal formé")
    chart_numbers = chart.known_accounts(company) if known is None else known
    if chart_numbers:
        unknown = sorted({line.account for line in entry.lines if line.account not in chart_numbers})
        if unknown:
            entry.problems.append(f"compte(s) absent(s) du plan comptable du dossier : {', '.join(unknown)}")


def parse_lines(lines: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Check a person's lines (account, aux_account, label, debit, credit); French error on the first fault."""
    clean = []
    for position, item in enumerate(lines, start=1):
        account = str(item.get("account") or "").strip().upper()
        if not chart.ACCOUNT_RE.match(account):
            msg = f"ligne {position} : compte « {account} » mal formé"
            raise ValueError(msg)
        amounts = []
        for side in ("debit", "credit"):
            raw = str(item.get(side) or "0").strip().replace(",", ".").replace(" ", "")
            try:
                value = Decimal(raw or "0")
            except InvalidOperation as exc:
                msg = f"ligne {position} : montant « {item.get(side)} » illisible"
                raise ValueError(msg) from exc
            if value < 0 or value != cents(value):
                msg = f"ligne {position} : montant {raw} refusé (positif, au centime)"
                raise ValueError(msg)
            amounts.append(value)
        if amounts[0] and amounts[1]:
            msg = f"ligne {position} : débit et crédit à la fois"
            raise ValueError(msg)
        if not amounts[0] and not amounts[1]:
            continue
        clean.append({"account": account, "aux_account": str(item.get("aux_account") or "").strip().upper(),
                      "label": str(item.get("label") or "").strip()[:200],
                      "debit": f"{amounts[0]:.2f}", "credit": f"{amounts[1]:.2f}"})
    debit = sum(Decimal(x["debit"]) for x in clean)
    credit = sum(Decimal(x["credit"]) for x in clean)
    if not clean or debit != credit:
        msg = f"écriture déséquilibrée : débit {debit:.2f}, crédit {credit:.2f}"
        raise ValueError(msg)
    return clean


def correct(document: Document, lines: list[dict[str, Any]], *, user_id: int | None = None,
            settings: Settings | None = None) -> Entry:
    """Record a person's correction of ``document``'s entry and learn the counterparty's accounts.

    The caller has checked the person's right on the document (firm staff). Refused with a
    French ``ValueError`` when unbalanced or malformed.
    """
    clean = parse_lines(lines)
    row = InvoiceRow.get_or_none(InvoiceRow.document == document)
    if row is None or document.direction not in (PURCHASE, SALES):
        msg = "ce document n'a pas de facture d'achat ou de vente lue"
        raise ValueError(msg)
    chart_settings = chart.settings_for(settings, document.company)
    purchase = document.direction == PURCHASE
    collective = chart_settings["supplier_account" if purchase else "customer_account"]
    vat_prefixes = ("445",)
    main = next((x["account"] for x in clean if x["account"][0] in ("2", "6", "7") and not x["account"].startswith(vat_prefixes)), None)
    aux = next((x["aux_account"] for x in clean if x["account"] == collective and x["aux_account"]), None)
    invoice = Invoice.from_dict(row.data)
    name, siren, vat_id, _country = _counterparty(invoice, document.direction)
    key = party_key(siren, vat_id, name)
    with db.atomic():
        EntryCorrection.insert(document=document, lines=clean, user=user_id, updated_at=utcnow()).on_conflict(
            conflict_target=[EntryCorrection.document],
            update={EntryCorrection.lines: clean, EntryCorrection.user: user_id, EntryCorrection.updated_at: utcnow()},
        ).execute()
        if main or aux:
            memory = learnt(document.company, document.direction, key)
            if memory is None:
                prefix = chart_settings["supplier_aux_prefix" if purchase else "customer_aux_prefix"]
                PartyAccount.create(company=document.company, direction=document.direction, party_key=key,
                                    party_name=(name or "")[:255], aux_account=aux or aux_for(prefix, name, siren),
                                    account=main, learnt_from=user_id)
            else:
                memory.account = main or memory.account
                memory.aux_account = aux or memory.aux_account
                memory.learnt_from = user_id
                memory.updated_at = utcnow()
                memory.save()
        events.record("entry.corrected", company_id=document.company_id, document_id=document.id, user_id=user_id,
                      data={"lines": clean})
    return propose(document, settings=settings)


def forget_correction(document: Document, *, user_id: int | None = None) -> None:
    """Back to the proposal (what was learnt about the counterparty stays)."""
    with db.atomic():
        EntryCorrection.delete().where(EntryCorrection.document == document).execute()
        events.record("entry.correction_removed", company_id=document.company_id, document_id=document.id, user_id=user_id)
