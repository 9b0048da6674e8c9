"""``guichet convert``: any supported input to Factur-X, CII or UBL, never an invalid file.

The gate (issue 14): the output is produced in memory, judged by the full
validator (:func:`~guichet.plugins.validate_en16931.validate_bytes`: XSD, CEN,
Factur-X profile and container) and read back; it is written only when it is
valid and reads back to the same key fields (the ``guichet extract`` fields: a
field the source lacks must stay absent, a writer's default is no data).
Otherwise nothing is written, the exit status is 1 and each broken rule is
listed, saying whether the source already broke it. A source defect with
one meaning-preserving fix is mended first and said (:mod:`.mend`).

Writers and renderers are reached through hooks (``write_invoice``,
``render_facturx``); the paper path (a PDF or image without XML) through the
core's reading functions, so that a scan is held to the same gate.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from guichet.core.errors import UnreadableInput
from guichet.core.formatting import date_fr
from guichet.core.parsing import on_page
from guichet.core.parsing.on_page import dates_on_page
from guichet.core.parsing.values import WEEKDAYS, add_years
from guichet.core.model.states import SEVERITY_LABELS

from . import engine as official
from . import rules
from .mend import mend
from .report import FATAL, Finding, Report

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pluggy

    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Company

#: The rules a paper reading breaks when it could not establish a field → the field, in French.
FIELD_NAMES_FR: dict[str, tuple[str, ...]] = {
    "BR-02": ("numéro de facture (BT-1)",), "BR-03": ("date de facture (BT-2)",),
    "BR-06": ("nom du vendeur (BT-27)",), "BR-07": ("nom de l'acheteur (BT-44)",),
    "BR-08": ("adresse du vendeur (BG-5)",), "BR-09": ("pays du vendeur (BT-40)",),
    "BR-10": ("adresse de l'acheteur (BG-8)",), "BR-11": ("pays de l'acheteur (BT-55)",),
    "BR-13": ("total HT (BT-109)",), "BR-14": ("total TTC (BT-112)",), "BR-15": ("net à payer (BT-115)",),
    "BR-16": ("lignes ou ventilation de TVA par taux (BG-23)",), "BR-CO-18": ("ventilation de TVA par taux (BG-23)",),
    "BR-CO-25": ("date d'échéance (BT-9) ou conditions de paiement (BT-20)",),
    "BR-CO-26": ("identifiant du vendeur : SIREN, SIRET, immatriculation au registre du commerce ou n° de TVA (BT-29/BT-30/BT-31)",),
    "BR-S-02": ("n° de TVA du vendeur (BT-31)",),
    **dict.fromkeys(("BR-Z-02", "BR-E-02", "BR-G-02"), ("n° de TVA ou identifiant fiscal du vendeur (BT-31/BT-32)",)),
    "BR-AE-02": ("n° de TVA du vendeur et de l'acheteur (BT-31, BT-48)",),
    "BR-IC-02": ("n° de TVA du vendeur et de l'acheteur (BT-31, BT-48)",),
    "BR-E-10": ("motif d'exonération de TVA (BT-120/BT-121)",),
    "BR-CO-13": ("total HT cohérent avec les lignes (BT-109)",),
    "BR-CO-14": ("total TVA cohérent avec la ventilation (BT-110)",),
    "BR-CO-15": ("total TTC cohérent : HT + TVA (BT-112)",),
    "BR-CO-16": ("montant déjà payé (BT-113) ou net à payer (BT-115)",),
    "BR-CO-17": ("montant de TVA par taux cohérent avec la base et le taux (BT-117)",),
    "BR-CO-10": ("montants des lignes (BT-131)",), "BR-05": ("devise (BT-5)",), "BR-CL-04": ("devise (BT-5)",),
    "BR-S-08": ("base de TVA par taux cohérente avec les lignes (BT-116)",),
    "BR-G-10": ("motif d'exonération (BT-120/BT-121)",),
    "BR-AE-10": ("mention d'autoliquidation (BT-120/BT-121)",), "BR-IC-10": ("motif d'exonération (BT-120/BT-121)",),
    "BR-O-10": ("motif de non-assujettissement (BT-120/BT-121)",),
    "BR-IC-11": ("date de livraison ou période de facturation (BT-72/BG-14)",),
    "BR-IC-12": ("pays de livraison (BT-80)",),
}
#: Output rules that are a source rule written again elsewhere: the amounts' currencyID (BR-CL-03)
#: is the invoice or VAT accounting currency (BR-CL-04, BR-CL-05; BR-05 when missing) repeated on every amount.
SAME_DEFECT = {"BR-CL-03": ("BR-CL-04", "BR-CL-05", "BR-05")}
#: A syntax that needs invoice lines (UBL, CII EN 16931) says so in its XSD: with a source without
#: lines (BR-16) that schema finding is the source's defect written again.
LINE_TAGS = ("InvoiceLine", "CreditNoteLine", "IncludedSupplyChainTradeLineItem")
#: An element or attribute the output's XSD asks for (missing child, required attribute) → the
#: EN 16931 rules that say the source lacks the term it holds. When the source broke one of them,
#: the schema finding is that defect written again (the writers invent no value: no EUR for a
#: missing BT-5, no date for a missing BT-2, no country for a missing BT-40/BT-55).
XSD_TERMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(LINE_TAGS, ("BR-16",)),
    "currencyID": ("BR-05",), "InvoiceCurrencyCode": ("BR-05",), "DocumentCurrencyCode": ("BR-05",),
    "IssueDateTime": ("BR-03",), "IssueDate": ("BR-03",),
    "CountryID": ("BR-09", "BR-11", "BR-20", "BR-57"), "IdentificationCode": ("BR-09", "BR-11", "BR-20", "BR-57"),
    "ApplicableTradeTax": ("BR-CO-18",), "TaxSubtotal": ("BR-CO-18",),
    # No writer invents a document type (BT-3) nor a payment means code (BT-81): the XSD asks for them.
    "TypeCode": ("BR-04", "BR-49"), "InvoiceTypeCode": ("BR-04",), "CreditNoteTypeCode": ("BR-04",),
    "PaymentMeansCode": ("BR-49",), "CategoryCode": ("BR-CO-04", "BR-CO-18"),
    # A party's name: the XSD asks for ram:Name first in a trade party (MINIMUM's buyer included:
    # BT-44 is mandatory there), UBL for cac:PartyLegalEntity/cbc:RegistrationName. An item's name
    # (BT-153) never goes missing from a writer's output (the renderer writes its description or "-").
    "Name": ("BR-06", "BR-07"), "RegistrationName": ("BR-06", "BR-07"),
}
#: The same for a child whose name alone says nothing (an ID): by its parent element.
XSD_CHILD_TERMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Invoice", "ID"): ("BR-02",), ("CreditNote", "ID"): ("BR-02",), ("ExchangedDocument", "ID"): ("BR-02",),
    ("InvoiceLine", "ID"): ("BR-21",), ("CreditNoteLine", "ID"): ("BR-21",),
    ("AssociatedDocumentLineDocument", "LineID"): ("BR-21",),
}
_XSD_PARENT = re.compile(r"Element '(?:\{[^}]*\})?([\w-]+)'")
_XSD_EXPECTED = re.compile(r"Expected is(?: one of)? \(([^)]*)\)")
_XSD_ATTRIBUTE = re.compile(r"attribute '(\w+)' is required but missing")
#: A Factur-X profile schematron finding names the element it judges ("Value of 'X' is not allowed",
#: "Element 'X' must occur exactly 1 times" under the located parent): the CEN rules on that term.
#: The profile finding is the same defect as theirs (the profile repeats them under FX-SCH-* ids).
PROFILE_VALUE_TERMS: dict[str, tuple[str, ...]] = {
    "@currencyID": ("BR-CL-03",), "ram:InvoiceCurrencyCode": ("BR-CL-04",), "ram:TaxCurrencyCode": ("BR-CL-05",),
    "ram:CategoryCode": ("BR-CL-17", "BR-CL-18"), "ram:CountryID": ("BR-CL-14", "BR-CL-15"),
    "@unitCode": ("BR-CL-23",), "ram:ExemptionReasonCode": ("BR-CL-22",), "@mimeCode": ("BR-CL-24",),
    "ram:ReasonCode": ("BR-CL-19", "BR-CL-20"), "ram:TypeCode": ("BR-CL-01", "BR-CL-16"),
    "ram:DueDateTypeCode": ("BR-CL-06",), "ram:SubjectCode": ("BR-CL-08",), "ram:ReferenceTypeCode": ("BR-CL-07",),
    "@schemeID": ("BR-CL-10", "BR-CL-11", "BR-CL-21", "BR-CL-25", "BR-CL-26"), "@listID": ("BR-CL-13",),
}
PROFILE_PRESENCE_TERMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("ExchangedDocument", "ram:ID"): ("BR-02",), ("ExchangedDocument", "ram:IssueDateTime"): ("BR-03",),
    ("ExchangedDocument", "ram:TypeCode"): ("BR-04",),
    ("ApplicableHeaderTradeSettlement", "ram:InvoiceCurrencyCode"): ("BR-05",),
    ("SellerTradeParty", "ram:Name"): ("BR-06",), ("BuyerTradeParty", "ram:Name"): ("BR-07",),
    ("SellerTradeParty", "ram:PostalTradeAddress"): ("BR-08",), ("BuyerTradeParty", "ram:PostalTradeAddress"): ("BR-10",),
    ("PostalTradeAddress", "ram:CountryID"): ("BR-09", "BR-11", "BR-20", "BR-57"),
    ("SpecifiedTradeSettlementHeaderMonetarySummation", "ram:LineTotalAmount"): ("BR-12",),
    ("SpecifiedTradeSettlementHeaderMonetarySummation", "ram:TaxBasisTotalAmount"): ("BR-13",),
    ("SpecifiedTradeSettlementHeaderMonetarySummation", "ram:GrandTotalAmount"): ("BR-14",),
    ("SpecifiedTradeSettlementHeaderMonetarySummation", "ram:DuePayableAmount"): ("BR-15",),
    ("ApplicableHeaderTradeSettlement", "ram:ApplicableTradeTax"): ("BR-CO-18",),
    ("SupplyChainTradeTransaction", "ram:IncludedSupplyChainTradeLineItem"): ("BR-16",),
}
_PROFILE_VALUE = re.compile(r"Value of '([^'\[]+)")
_PROFILE_PRESENCE = re.compile(r"Element '([^']+)' must occur")
#: Syntax rules on an amount's decimals (UBL-DT-01: two fraction digits at most): the output
#: repeats a source's amount (its BR-DEC defect) or a writer computed it (a conversion defect).
DECIMAL_RULES = ("UBL-DT-01",)
#: Where a finding sits, for its attribution: an output finding is the source's defect only where the
#: source has it (a writer dropping the seller's country is not the buyer's missing country, BR-11,
#: written again). A place is a party group, ``line n`` (the n-th invoice line), or None: the document.
PARTY_TAGS = {"SellerTradeParty": "seller", "AccountingSupplierParty": "seller",
              "BuyerTradeParty": "buyer", "AccountingCustomerParty": "buyer",
              "PayeeTradeParty": "payee", "PayeeParty": "payee",
              "SellerTaxRepresentativeTradeParty": "tax representative", "TaxRepresentativeParty": "tax representative",
              "ShipToTradeParty": "delivery", "Delivery": "delivery"}
#: The same groups by business term (the model layer's locations: "BT-40", "BG-25[L2]/BT-130").
BT_PARTIES = ((range(27, 44), "seller"), (range(44, 59), "buyer"), (range(59, 62), "payee"),
              (range(62, 70), "tax representative"), ((70, 71, *range(75, 81)), "delivery"))
BG_PARTIES = {4: "seller", 5: "seller", 6: "seller", 7: "buyer", 8: "buyer", 9: "buyer", 10: "payee",
              11: "tax representative", 12: "tax representative", 13: "delivery", 15: "delivery"}
#: Rules on one party's terms, whatever element the schematron checks them from (BR-11's context is
#: the invoice, BR-S-02's a line): their place is the party their text names (None: several parties).
RULE_PLACES: dict[str, str | None] = {
    "BR-06": "seller", "BR-08": "seller", "BR-09": "seller", "BR-CO-26": "seller",
    "BR-07": "buyer", "BR-10": "buyer", "BR-11": "buyer", "BR-17": "payee",
    "BR-18": "tax representative", "BR-19": "tax representative", "BR-20": "tax representative",
    "BR-57": "delivery",
    # BR-x-02/03/04: the VAT identifiers a line, allowance or charge of category x needs (the seller's;
    # the buyer's too for AE, K and O).
    **{f"BR-{prefix}-{n}": (None if prefix in ("AE", "IC", "O") else "seller")
       for prefix in rules.CATEGORY_RULES.values() for n in ("02", "03", "04")},
}
ANY_LINE = "line ?"  # a line whose rank is not known (the mending took lines out, or a line id not found)
_STEP = re.compile(r"/(?:[\w.-]+:)?([\w.*-]+)(?:\[(\d+)\])?")
_XSD_LINE = re.compile(r"^ligne (\d+)$")
_XSD_PATH = re.compile(r"ligne \d+ \((/[^\s)]+)\)")
_XSD_ERROR = re.compile(r"ligne \d+ \(/[^\s)]+\) : .*?(?= ; ligne \d+ \(/|$)", re.S)
REDUCED_PROFILES = ("minimum", "basicwl")
EXIT_REFUSED = 1
EXIT_UNREADABLE = 2
TARGETS = ("facturx", "cii", "ubl")


@dataclass
class Conversion:
    """What a conversion produced and why it may not be written."""

    output: bytes | None = None  # None: nothing to write
    mended: list[str] = field(default_factory=list)  # what was mended in the source, in French
    broken: list[tuple[Finding, bool]] = field(default_factory=list)  # (fatal finding, already in the source)
    differences: list[str] = field(default_factory=list)  # key fields that read back differently
    #: Key fields the output's profile does not carry (a source without lines can only be MINIMUM or
    #: BASIC WL, whose schematron marks e.g. the buyer's VAT number not used): lost because of the source.
    profile_losses: list[str] = field(default_factory=list)
    problem: str | None = None  # a writer's refusal (schema), in French
    source_problem: str | None = None  # the source cannot be read (a value that does not exist), in French
    report: Report | None = None
    paper: bool = False  # the source was read from paper (text layer or OCR)
    uncertain: list[str] = field(default_factory=list)  # paper: key fields read too weakly to write alone, in French
    #: Paper: what the completion added to the reading (currency, type code, countries, VAT breakdown,
    #: summary lines, a deposit...), in French: said on success too, never written silently.
    completed: list[str] = field(default_factory=list)
    #: Paper: the values the completion presumed, not read on the page (the domestic buyer's country, BT-55), by field
    #: (:attr:`~guichet.core.pipeline.completion.Completion.presumed`): written, and said as values to check.
    presumed: dict[str, str] = field(default_factory=dict)
    source_rules: set[str] = field(default_factory=set)  # fatal rules the source broke (EN 16931 / model)
    #: Factur-X profile findings on a value EN 16931 admits (no CEN rule broken by the source nor the
    #: output) but the profile's code list does not (VAT category B, Italian split payment): neither
    #: the source's defect nor the writer's, the target cannot carry the invoice as it is.
    target_limits: list[Finding] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """For a paper source: the fields the reading could not establish, in French (from the broken rules)."""
        if not self.paper:
            return []
        names: list[str] = list(self.uncertain)
        for finding, _from_source in self.broken:
            for term in FIELD_NAMES_FR.get(official.canonical(finding.rule), ()):
                if term not in names:
                    names.append(term)
        return names

    @property
    def ok(self) -> bool:
        """True when the output may be written."""
        return (self.output is not None and not self.broken and not self.differences and not self.profile_losses
                and self.problem is None and self.source_problem is None and not self.uncertain
                and not self.target_limits)

    def to_dict(self, written: str | None) -> dict[str, Any]:
        """The ``guichet convert --json`` object: what was written (``written``: the output's path, or
        None), mended, completed and presumed (not read: to check), and on a refusal the rules broken with their
        origin."""
        def finding(f: Finding, **extra: Any) -> dict[str, Any]:
            return {**f.to_dict(), **extra}

        return {
            "written": written is not None, "output": written,
            "mended": list(self.mended), "completed": list(self.completed), "presumed": dict(self.presumed),
            "source_rules": sorted(self.source_rules) if not self.paper else [],
            "broken": [finding(f, origin=("paper" if self.paper else "source") if from_source else "conversion")
                       for f, from_source in self.broken],
            "target_limits": [finding(f, origin="target") for f in self.target_limits],
            "differences": list(self.differences), "profile_losses": list(self.profile_losses),
            "missing": self.missing, "uncertain": list(self.uncertain),
            "problems": [p for p in (self.source_problem, self.problem) if p],
        }


def _fields(invoice: Invoice | None) -> dict[str, Any]:
    from guichet.core.parsing.fields import invoice_fields

    return invoice_fields(invoice) if invoice is not None else {}


#: Paper read with no person: the key fields whose value is written only when read at least this
#: surely. A candidate without any label or cross-check scores below it (an invoice number taken
#: from a lone reference); the model rules cannot tell such a value is wrong, so it is refused and
#: named rather than written (a wrong number in a valid Factur-X is worse than a refusal).
PAPER_MIN_CONFIDENCE = 0.3
PAPER_KEY_FIELDS_FR = {"invoice_number": "numéro de facture (BT-1)", "issue_date": "date de facture (BT-2)",
                       "total_with_tax": "total TTC (BT-112)"}


#: An issue date read below this confidence (no issue-date label of the reading's vocabulary) is
#: written with no person only when it is the one date on the page besides the due date: with other
#: dates there (delivery, order, period), a weakly read one may be any of them.
PAPER_SURE_DATE = 0.7


#: An issue date read after a label of the reading's issue-date vocabulary, if a weak one (« Établie le », « del »,
#: « du », a bare « Date »), at least this surely is written among other dates: the reading scores a weak label's date
#: from 0.5 up (less when its line or its cell says another document or event), an unlabelled one 0.45.
#:
#: Measured with ``tests/bench_gate_calibration.py`` (text layer, 2026-12-07; tuning 100, fresh 100, blind 70000-70299,
#: modeles 60, reels 29, the first seeds of each blind family): every date so read between 0.5 and
#: :data:`PAPER_SURE_DATE` was right (9/9 on blind 70000-70299: folios' « Établie le », « del », « du », « date »),
#: while the unlabelled dates at 0.45 that :func:`_date_doubt` refuses were wrong 12 times out of 18 (a grid's first
#: date: an arrival, a night): those stay refused.
PAPER_LABELLED_DATE = 0.5
#: A tax point's label (« Tax Point Date », « Tax point »), folded: the time of supply, a date of its own in HMRC's
#: VAT rules (VAT Notice 700, section 14), the issue date's only when the invoice is issued within 14 days of the
#: supply: never a label that spares a weak date (blind 110001: a tax point before the issue date, 0.645, wrong).
_TAX_POINT = re.compile(r"\btax\s*point")


def _date_doubt(record: dict[str, Any], confidence: dict[str, float], wording: str, label: str = "") -> list[str]:
    """The issue date read weakly while the page shows other dates than it and the due date; ``label``: the label the
    reading followed, which spares a date read at least :data:`PAPER_LABELLED_DATE` surely (still checked by
    :func:`_date_other_document` and :func:`_date_header_doubt`)."""
    issue = record.get("issue_date")
    if not issue or not PAPER_MIN_CONFIDENCE <= confidence.get("issue_date", 1.0) < PAPER_SURE_DATE:
        return []
    if label.strip() and confidence.get("issue_date", 0.0) >= PAPER_LABELLED_DATE and not _TAX_POINT.search(on_page.fold(label)):
        return []
    others = {d.isoformat() for d in dates_on_page(wording)} - {issue, record.get("due_date")}
    if not others or _terms_confirm(issue, record.get("due_date"), wording) or _date_in_header(record, wording):
        return []
    # The dates the operator chooses among, named: the one read and, at most three, the others printed.
    shown = ", ".join(date_fr(day) for day in sorted(others)[:3]) + (" …" if len(others) > 3 else "")
    return [f"date de facture (BT-2) (lecture incertaine : {date_fr(issue)} lue sans libellé de date de facture, "
            f"d'autres dates figurent sur la page : {shown})"]


def _terms_confirm(issue: str, due: str | None, wording: str) -> bool:
    """The issue date cross-checked with the due date and the payment terms printed: the due date read is the
    issue date plus a number of days the page states as its terms (:func:`on_page.term_days`: « Paiement à 30
    jours », « Net 30 », « Zahlungsziel : 30 Tage »; not the « 2 jours » of a line item). Two readings and a
    printed term agree: the date is the invoice's, whatever other dates (delivery, order, period) the page shows."""
    import datetime as dt

    if not due:
        return False
    days = (dt.date.fromisoformat(due) - dt.date.fromisoformat(issue)).days
    return days > 0 and days in on_page.term_days(wording)


#: How far before a date its label is looked for (« Réf. facture initiale 202602-9472 du »): the words of
#: its own label, not a title or another cell earlier on the line (« ORIGINAL  Facture n° 12 du »).
_LABEL_REACH = 40


#: Labels of a purchase's date (« Achat du », « Date d'achat », « Purchase date », « Kaufdatum », « Fecha de compra »,
#: « Data di acquisto »), folded. A till receipt's or a shop's invoice dates itself so (the purchase is the invoice's
#: day): not in :data:`on_page.OTHER_DOCUMENT_LABELS`, which lowers the reading's date. Only the gate doubts such a
#: date, and only when the page prints other dates than it and the due date (a marketplace invoice's order day).
_PURCHASE_DATE = re.compile(r"\bachat\s*du\b|date\s*d\W?\s*achat|purchase\s*date|date\s*of\s*purchase|kaufdatum"
                            r"|fecha\s*de\s*(?:la\s*)?compra|data\s*(?:di\s*|d\W?\s*)acquisto")
_OTHER_OR_PURCHASE = re.compile(f"{on_page.OTHER_DOCUMENT.pattern}|{_PURCHASE_DATE.pattern}")


def _date_other_document(reading: Any, wording: str) -> list[str]:
    """An issue date that is another document's (the invoice corrected, an order, a delivery, a quote, a purchase):

    * printed on the page only after words naming another document (:data:`on_page.OTHER_DOCUMENT_LABELS`), each
      time after the invoice's own title if any (« Avoir n° A-3 sur facture n° F-12 du »): whatever label the reading
      followed, it may be that document's date. Only the words just before the date count (« Date : 05/02/2026
      Votre commande n° 45 » is the invoice's date), and the invoice's own title is no other document
      (« FACTURA RECTIFICATIVA Nº R-12 », « Facture / Bon de livraison »);
    * or read after, or under a column header, naming another document or a purchase (« Achat du » over « 13 mars
      2026 », « Date de commande »: :data:`_PURCHASE_DATE`) while the page prints other dates than it and the due
      date, whatever label the reading followed (a bare « du »). An order or a purchase dated the invoice's day, no
      other date printed, is the same date."""
    import datetime as dt

    fields = reading.proposal.fields
    issue, due = fields.get("issue_date"), fields.get("due_date")
    if issue is None or not issue.value:
        return []
    day = dt.date.fromisoformat(issue.value)
    lines = [line for line in wording.splitlines() if day in dates_on_page(line)]
    if lines and all(_follows_other_document(line, _date_places(line, day)) for line in lines):
        return [f"date de facture (BT-2) (lecture incertaine : « {lines[0].strip()} » est la date d'un autre document)"]
    if issue.box is None or issue.origin != "rules":
        return []
    # Other dates than it and the due date; a month first (« 01/18/2025 ») is not parsed on the page: counted as printed.
    read = {issue.value, due.value if due is not None else None} - {None}
    printed = {m.group() for m in on_page.NUMERIC_DATE.finditer(wording)}
    if not {d.isoformat() for d in dates_on_page(wording)} - read and len(printed) <= len(read):
        return []
    for label in (_words_before(reading, issue, _TITLE_WORDS, with_label=False).strip(), _header_above(reading, issue).strip()):
        if _labelled_by_other_document(label, _OTHER_OR_PURCHASE):
            return [f"date de facture (BT-2) (lecture incertaine : lue après « {label} », la date d'un autre document)"]
    return []


def _date_places(line: str, day: Any) -> list[int]:
    """Where ``day`` is printed on ``line`` (``line`` shows it: :func:`dates_on_page`): the start of each numeric
    date of that day; for a date written with its month's name, its day's number (else the line's end)."""
    places = [m.start() for m in on_page.NUMERIC_DATE.finditer(line) if day in dates_on_page(m.group())]
    return places or [next((m.start() for m in re.finditer(str(day.day), line)), len(line))]


#: A date's label that is the word « date » alone, dot leaders and a colon aside (« Date : », « Datum ....... »).
_BARE_DATE_LABEL = re.compile(r"(?:^|\s)(?:date|datum|fecha|data)[\s.:_…-]*$")


def _number_places(line: str, number: str) -> list[int]:
    """Where ``line`` prints the invoice number as a whole (« N° 12 », « Nr.12 », not the « 12 » of « 12,50 »,
    « 112 » or « 12/01/2022 »: a short number is found inside most lines)."""
    return [m.start() for m in re.finditer(rf"(?<![\w/])(?<!\d[.,-]){re.escape(number)}(?![\w/]|[.,-]\d)", line)]


def _prints_number(line: str, number: str) -> bool:
    """``line`` prints the invoice number as a whole (:func:`_number_places`)."""
    return bool(_number_places(line, number))


def _date_in_header(record: dict[str, Any], wording: str) -> bool:
    """The issue date printed after the bare word « Date » (« Datum », « Fecha », « Data ») on the line of the
    document's title or number, or within two lines of it (« AVOIR N° : F-28 » over « Date : 31/01 », a logo's
    line between them): the header of the document gives its own date there. Neither line may name another document (an order, a
    delivery: :data:`on_page.OTHER_DOCUMENT`), nor the date's line hold another date."""
    import datetime as dt

    issue, number = record.get("issue_date"), record.get("invoice_number")
    if not issue:
        return False
    day = dt.date.fromisoformat(issue)
    lines = wording.splitlines()
    for n, line in enumerate(lines):
        if day not in dates_on_page(line) or len(dates_on_page(line)) != 1:
            continue
        folded = on_page.fold(line)
        if on_page.OTHER_DOCUMENT.search(folded):
            continue
        if not any(_BARE_DATE_LABEL.search(on_page.fold(line[:place])) for place in _date_places(line, day)):
            continue
        for near in lines[max(0, n - 2):n + 3]:
            title = _INVOICE_WORD.search(near) or (number and _prints_number(near, number))
            if title and not on_page.OTHER_DOCUMENT.search(on_page.fold(near)):
                return True
    return False


#: What joins the invoice's word to another document's in one title (« Facture / Bon de livraison N° », « Rechnung /
#: Lieferschein Nr. », « Facture - BL n° », « Invoice & delivery note »): the rest of the invoice's word, then a sign
#: or « et », « and », « und », « y », « e ». The paper is both documents; its number and date are the invoice's.
_TITLE_JOIN = re.compile(r"\w*(?:\s*[/&+|–-]\s*|\s+(?:et|and|und|y|e)\s+)")
#: How many words of its cell before a value are its label, to see a whole title that joins two documents (« Facture
#: / Bon de livraison N° »).
_TITLE_WORDS = 8


def _follows_other_document(line: str, places: list[int], words: re.Pattern[str] = on_page.OTHER_DOCUMENT) -> bool:
    """Every one of ``places`` on ``line`` (at least one) follows, within :data:`_LABEL_REACH` characters, another
    document's words (``words``: :data:`on_page.OTHER_DOCUMENT`) that come after the invoice's own title word
    (:data:`_INVOICE_WORD`), and are not joined to it in one title (:data:`_TITLE_JOIN`)."""
    folded = on_page.fold(line)
    if not places:
        return False
    for place in places:
        before = folded[max(0, place - _LABEL_REACH):place]
        others = list(words.finditer(before))
        if not others:
            return False
        # An invoice word inside those words, or right after them (« Storno della fattura »), is the other
        # document's noun, not the invoice's own title.
        own = [m for m in _INVOICE_WORD.finditer(before)
               if not any(o.start() <= m.start() < o.end() or (o.end() <= m.start() and not before[o.end():m.start()].strip())
                          for o in others)]
        if own and max(m.end() for m in own) > others[-1].start():
            return False
        if any(_TITLE_JOIN.fullmatch(before, m.end(), o.start()) and not re.search(r"\d", before[o.start():])
               for m in own for o in others):
            return False
    return True


def _labelled_by_other_document(before: str, words: re.Pattern[str] = on_page.OTHER_DOCUMENT) -> bool:
    """``before``, the text printed before a value, ends with another document's words (``words``,
    :func:`_follows_other_document`) with no value between them and it: « Commande B5473 05-01-2026 » before a
    number is another cell's value."""
    before = before.rstrip()
    others = list(words.finditer(on_page.fold(before)))
    return bool(others) and not re.search(r"\d", before[others[-1].end():]) \
        and _follows_other_document(f"{before} ", [len(before) + 1], words)


def _number_other_document(reading: Any, wording: str) -> list[str]:
    """An invoice number read after a label naming another document (« Fattura rettificata n. », « Avoir sur
    facture n° »), or printed on the page only after such words (« Storno della fattura n. 007167 », « En
    référence à la facture FAC-26-05809 du »): the number of the invoice corrected or referred to, not this one's.
    The invoice's own title after those words (« Commande n° 45  Facture n° F-12 ») is no other document. The
    model rules cannot tell such a number is wrong: refused and named (as :func:`_date_other_document` does for
    the date)."""
    number = reading.proposal.fields.get("invoice_number")
    if number is None or not number.value:
        return []
    value = number.value.strip()
    # The words before the number on its line, or the header of its column (« Sur facture n° » over it).
    for label in (_words_before(reading, number, _TITLE_WORDS, with_label=False).strip(), _header_above(reading, number).strip()):
        if _labelled_by_other_document(label):
            return [f"numéro de facture (BT-1) (lecture incertaine : « {value} » lu après « {label} », "
                    "le numéro d'un autre document)"]
    lines = [line for line in wording.splitlines() if _prints_number(line, value)]
    if lines and all(all(_labelled_by_other_document(line[:at]) for at in _number_places(line, value))
                     for line in lines):
        return [f"numéro de facture (BT-1) (lecture incertaine : « {lines[0].strip()} » est le numéro d'un autre "
                "document)"]
    return []


#: An invoice's word or its short form in a number's label (« Número fra. », « Fact. n° », « RgNr. », « Inv. # »),
#: folded.
#: The invoice's word cut short in French, Spanish and Italian (« fact. », « fra. »), folded.
_INVOICE_CUT_SHORT = r"\b(?:fra|fact)"
_INVOICE_ABBREVIATION = (r"(?:factur\w*|faktur\w*|fattura|rechnung\w*?|invoice|avoir|gutschrift|abono|"
                         rf"{_INVOICE_CUT_SHORT}|\bfac|\brg|\binv|\bft)")  # (« Faktura »: an invoice in German, Danish, Polish, Czech...)
_SIGN = on_page.NUMBER_SIGN.pattern.removeprefix(r"\s*")
#: A label of the invoice number followed by its value (« Número fra. FV 8087/26 », « Invoice no.: INV-12 »,
#: « Rechnungsnummer : 2024-118 », « Nº de factura 12 »), folded: the invoice's word and a number's sign, either
#: first, then the value (one or two words, one with a digit).
_INVOICE_NUMBER_LABELLED = re.compile(
    rf"(?:{_INVOICE_ABBREVIATION}\W{{0,3}}(?:de\s+)?{_SIGN}"
    rf"|(?:n\s*[°º]|numero|number|nummer|num)\.?\W{{0,3}}(?:de\s+(?:la\s+)?|di\s+|of\s+|del?\s+)?{_INVOICE_ABBREVIATION})"
    r"\.?\s*[:#]?\s*(?P<value>(?:[a-z]{1,4}\s)?[\w/.-]*\d[\w/.-]*)")


#: The German words that refer a value to another invoice (« Bezug: Rechnung Nr. RE-24-00103 vom 09.05.2024 »,
#: « mit Bezug auf Ihre Rechnung »): a credit note's or a correction's reference to the invoice it corrects, as
#: « En référence à la facture » is. Folded; read only on a credit note (:func:`_refers_to_other_invoice`).
_BEZUG_INVOICE = re.compile(r"\bbezug\w*\W{0,3}(?:auf\s*)?(?:die\s*|(?P<whose>unsere|ihre)\s*)?rechnung")
#: A credit note's or a correction's title (folded): « Gutschrift », « Stornorechnung », « Korrekturrechnung », « avoir ».
_CREDIT_TITLE = re.compile(r"gutschrift|storno|korrektur|\bavoir\b|credit\s*note|nota\s*di\s*credito|abono")
#: « vom <date> » after a referred invoice's number: the date of the invoice a credit note corrects.
_OF_DATE = re.compile(r"\W{0,3}vom\s+\d")


def _refers_to_other_invoice(reading: Any, wording: str, match: re.Match[str]) -> bool:
    """A value read after an invoice number's label that is another document's (:data:`on_page.OTHER_DOCUMENT`), or,
    on a credit note (type 381 or 384, or a credit note's or a correction's title), the invoice it corrects: « Bezug:
    Rechnung Nr. … » followed by « vom <date> », or « Bezug auf Ihre/unsere Rechnung ». A payment's « als Bezug die
    Rechnungsnummer » on an invoice names the invoice's own number."""
    at = match.start("value")
    if _follows_other_document(wording, [at], on_page.OTHER_DOCUMENT):
        return True
    if not _follows_other_document(wording, [at], _BEZUG_INVOICE):
        return False
    folded = on_page.fold(wording)
    kind = reading.proposal.fields.get("document_type_code")
    credit = (kind is not None and (kind.value or "").strip() in ("381", "384")) or _CREDIT_TITLE.search(folded[:at])
    if not credit:
        return False
    bezug = list(_BEZUG_INVOICE.finditer(folded[max(0, at - _LABEL_REACH):at]))
    return bool(bezug and bezug[-1].group("whose")) or bool(_OF_DATE.match(folded, match.end("value")))


def _number_labelled_elsewhere(reading: Any, wording: str) -> list[str]:
    """An invoice number read after a label with no invoice word (a bare « nº », « Inscrita con el nº »), while the page
    prints another value after a label of the invoice number (:data:`_INVOICE_NUMBER_LABELLED`: « Número fra. FV
    8087/26 », not after another document's words: « Avoir sur facture n° »): the page gives its number elsewhere, the reading took another reference (a register's, an
    order's). Refused and named."""
    from guichet.core.model import identifiers as ids

    number = reading.proposal.fields.get("invoice_number")
    if number is None or not number.value or number.origin != "rules":
        return []
    before = _words_before(reading, number, with_label=False).strip() or (number.label or "")
    if re.search(_INVOICE_ABBREVIATION, on_page.fold(f"{_words_before(reading, number)} {_header_above(reading, number)}")):
        return []
    read = ids.compact(number.value).lower()
    # Not the invoice a credit note corrects (« Avoir sur facture n° FA2024-1455 »): another document's number.
    labelled = [wording[m.start("value"):m.end("value")].strip(" .")
                for m in _INVOICE_NUMBER_LABELLED.finditer(on_page.fold(wording))
                if not _refers_to_other_invoice(reading, wording, m)]
    others = [value for value in labelled if read not in ids.compact(value).lower()
              and ids.compact(value).lower() not in read]
    if labelled and len(others) == len(labelled):
        return [f"numéro de facture (BT-1) (lecture incertaine : « {number.value} » lu après « {before} », "
                f"la page donne « {others[0]} » après un libellé de numéro de facture)"]
    return []


#: A number read as a word of letters, a space, then a reference with its own letters and digits (« SAL FE2025-5373 »,
#: « ORIGINAL FA-12 »): the first word may be the end of the title (« Fattura SAL », a progress bill) or the
#: reference's own prefix; a reference has one prefix, not two.
_TWO_PREFIXES = re.compile(r"[^\W\d_]+\s+[^\W\d_]+[\w/.-]*\d[\w/.-]*")


def _number_prefix_doubt(reading: Any) -> list[str]:
    """An invoice number whose first word (letters only) stands before a reference that has its own prefix
    (:data:`_TWO_PREFIXES`): the reading may have taken a word of the title with the number. Refused and named
    rather than written with a word too many."""
    number = reading.proposal.fields.get("invoice_number")
    if number is None or not number.value or number.origin != "rules":
        return []
    value = number.value.strip()
    if not _TWO_PREFIXES.fullmatch(value):
        return []
    first = value.split()[0]
    return [f"numéro de facture (BT-1) (lecture incertaine : « {value} », « {first} » peut être un mot du titre)"]


def _number_doubt(reading: Any) -> list[str]:
    """An OCR'd invoice number followed closely on its line by more digits (« 2025/7 1080 »): the OCR
    may have cut the number in two. A word (« du 05/02/2025 ») or a dash there is ordinary text."""
    from guichet.core.parsing.fields import SOURCE_OCR

    number = reading.proposal.fields.get("invoice_number")
    if reading.text.source != SOURCE_OCR or number is None or not number.value or number.box is None:
        return []
    page = _page_of(reading, number)
    if page is None:
        return []
    x0, y0, x1, y1 = number.box
    char = (x1 - x0) / max(len(number.value), 1)
    for word in page.words:
        on_line = y0 <= word.cy <= y1
        gap = word.box[0] - x1
        # More digits (« 1080 »), the rest of a number after its separator (« INV/2026 /067 »), or digits
        # after a number that ends with its separator (« INV/2026/ 067 »); « du », « - », a date: text.
        cut = (re.fullmatch(r"\d+", word.text) or re.fullmatch(r"[/.\-]\d+", word.text)
               or (number.value[-1] in "/.-" and word.text[:1].isdigit()))
        if on_line and 0 <= gap < 1.5 * char and cut:
            return [f"numéro de facture (BT-1) (lecture incertaine : « {number.value} » suivi de « {word.text} »)"]
    return []


#: The characters that join the parts of a reference (« INV/2023/845 », « FA-2026-12 », « 2026.044 »): a word of
#: a cell ending with one continues on the cell's next line.
_JOINERS = "/-._"


def _opens_reference(text: str) -> bool:
    """A word that may be the first part of a reference wrapped after its joiner (« INV/ », « FA- », « 2026. »):
    it ends with a joiner and holds a digit or capitals only; an abbreviation's dot (« ref. », « Nr. ») is a label's."""
    body = text[:-1]
    return (len(text) > 1 and text[-1] in _JOINERS and body[:1].isalnum()
            and (any(c.isdigit() for c in body) or (text[-1] != "." and body.replace("-", "").isupper())))


def _prefix_above(word: Any, number: str, x0: float, char: float) -> bool:
    """``word``, just above a number that begins with a digit, is the letters of a reference's prefix wrapped
    in its cell (« FAC » over « 9566/26 »): two to four capitals, aligned on the number's left edge."""
    return (number[:1].isdigit() and re.fullmatch(r"[A-Z]{2,4}", word.text) is not None
            and abs(word.box[0] - x0) <= 1.5 * char)


def _page_of(reading: Any, value: Any) -> Any:
    """The page of the reading's text where a field's value was read, or None."""
    return next((p for p in reading.text.pages if p.number == value.page), None)


def _placed_by_rules(reading: Any, name: str) -> tuple[Any, Any]:
    """A field the rules read with a place on a page, and that page; (None, None) when the field is missing, empty,
    has no box, came from elsewhere (the XML, the supplier memory) or its page is not in the reading's text."""
    value = reading.proposal.fields.get(name)
    if value is None or not value.value or value.box is None or value.origin != "rules":
        return None, None
    page = _page_of(reading, value)
    return (value, page) if page is not None else (None, None)


def _number_wrapped(reading: Any) -> list[str]:
    """An invoice number whose cell wraps (« INV/ » over « 2023/845 »): the word printed just above it in
    its column, aligned on its left or right edge, ends with a joiner (:data:`_JOINERS`), or the number
    ends with one and a word stands just under it. The reading took one line of the cell: the number may
    be cut; refused and named rather than written short. Geometry only: a text layer wraps cells as OCR does."""
    number, page = _placed_by_rules(reading, "invoice_number")
    if number is None:
        return []
    x0, y0, x1, y1 = number.box
    height = y1 - y0
    char = (x1 - x0) / max(len(number.value), 1)

    def aligned(word: Any) -> bool:
        return abs(word.box[0] - x0) <= 1.5 * char or abs(word.box[2] - x1) <= 1.5 * char

    above = [w for w in page.words if w.box[3] <= y0 + 0.2 * height and y0 - w.box[3] < 1.2 * height
             and w.box[0] < x1 and w.box[2] > x0 and aligned(w)]
    label = (number.label or "").split()
    cut = next((w.text for w in above if w.text not in label
                and (_opens_reference(w.text) or _prefix_above(w, number.value, x0, char))), None)
    if cut:
        return [f"numéro de facture (BT-1) (lecture incertaine : « {number.value} » sous « {cut} », "
                "le numéro peut continuer sur deux lignes)"]
    if number.value.strip()[-1] in _JOINERS:
        below = [w for w in page.words if w.box[1] >= y1 - 0.2 * height and w.box[1] - y1 < 1.2 * height
                 and w.box[0] < x1 and w.box[2] > x0 and aligned(w) and w.text[:1].isalnum()]
        if below:
            return [f"numéro de facture (BT-1) (lecture incertaine : « {number.value} » au-dessus de "
                    f"« {below[0].text} », le numéro peut continuer sur deux lignes)"]
    return []


def _number_unlabelled(reading: Any) -> list[str]:
    """An invoice number the rules read without any label (no « Facture n° », « Numéro », « Invoice # »...
    before or above it): nothing on the page says it is the invoice's number; refused and named, unless the learnt
    ranking of the page's codes confirmed it (``FieldValue.confirmed_by``: a second judge, set in fields_rules'
    ``number_ranker``)."""
    number = reading.proposal.fields.get("invoice_number")
    if number is None or not number.value or number.origin != "rules" or (number.label or "").strip():
        return []
    if number.confirmed_by or _number_over_date(reading):
        return []
    return [f"numéro de facture (BT-1) (lecture incertaine : « {number.value} » lu sans libellé)"]


def _number_over_date(reading: Any) -> bool:
    """An unlabelled invoice number that opens its line right above the issue date, read surely
    (:data:`PAPER_SURE_DATE`), both on one left edge (« FC.30175 » over « 23 December 2023 »): a header block that
    stacks the document's number and date with no label, as a template with no words does. Geometry only.

    Measured on parts never tuned on (text layer, 2026-12-07): modeles-inedits 100, fires 2, the number right 2/2;
    heldout 117, buyer3 (108750) 250, totals2 (107750) 250: never fires (no such reading there). Tuned on modeles 100 (6 fires, 6 right)."""
    number, _page = _placed_by_rules(reading, "invoice_number")
    issue, _page = _placed_by_rules(reading, "issue_date")
    if number is None or issue is None or issue.page != number.page or issue.confidence < PAPER_SURE_DATE:
        return False
    x0, y0, x1, y1 = number.box
    height, char = y1 - y0, (x1 - x0) / max(len(number.value), 1)
    if _words_before(reading, number, with_label=False).strip():
        return False
    return abs(issue.box[0] - x0) <= char and 0 <= issue.box[1] - y1 < 1.5 * height


#: Words before a number that make it another identifier than the invoice's own: a reference, an order,
#: a contract, a customer account (« Référence : C-12345 », « Our ref. PO-4455 », « Commande n° 4455 »), a bank or
#: company identifier (« IBAN n° FR76… »), a phone. Beside an invoice word they are part of its label
#: (« Référence facture », « Rechnung Nr. »).
_WEAK_NUMBER_LABEL = re.compile(
    r"\b(?:r[ée]f(?:[ée]rence)?s?|ref|order|commande|client|customer|kunde|kunden\w*|bestell\w*|auftrag\w*"
    r"|pedido|ordine|cliente|po|contrat|contract|vertrag\w*|contrato|contratto"
    r"|iban|bic|swift|siret|siren|rcs|tva|vat|ust|mwst|iva|t[ée]l|phone|fax|tel"
    r"|s[ée]rie|serial|seriale|seriennummer)\b",  # a serial number: the invoice's in some programs, a device's on repairs
    re.IGNORECASE)
#: A label naming a series and the number within it (« Serie/número », « Serie y número », « Série-N° », « Series and
#: No. »): how Spanish invoices head their own number (Real Decreto 1619/2012, art. 6.1.a: « Número y, en su caso,
#: serie »), never a device's serial (« Número de serie », « Serial No. »), which names one number, not two. The
#: vocabularies read it as a strong label of the invoice number (``labels/es.toml``); its « serie » is no weak label.
_SERIES_AND_NUMBER = re.compile(r"\bs[ée]ries?\s*(?:/|-|&|\by\b|\be\b|\band\b)\s*(?:n[uú]mero|number|nummer|n\s*[°º.]|no\b)",
                                re.IGNORECASE)
#: (a utility's « bill » and « bolletta » too: « Bill reference », « N. bolletta »; « Bill to » heads the buyer)
_INVOICE_WORD = re.compile(r"factur|invoice|rechnung|fattura|\bavoir|credit\s*note|gutschrift|abono|bolletta"
                           r"|\bbill\b(?!\s*to\b)", re.IGNORECASE)
#: An invoice's word cut short in a label (folded): « Réf. fact. », « N° fact. », « Nº fra. », « fact n° » (the
#: abbreviations :data:`_INVOICE_ABBREVIATION` reads too), with its dot or a number's sign: beside a reference's word,
#: the label names the invoice's own. Bare, « fra » is an ordinary word (Italian « between », Nordic « from »).
_INVOICE_SHORT = re.compile(rf"{_INVOICE_CUT_SHORT}(?:\.|\b\W{{0,3}}{_SIGN})")
#: Identifiers printed on a page, as printed (grouped): an IBAN, a phone number, a postcode before its town.
_IBAN_ON_PAGE = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
_COMPANY_ID_WORD = re.compile(r"\b(?:SIRE[NT]|RCS|RC|SIREN/SIRET)\b", re.IGNORECASE)
_COMPANY_ID_ON_PAGE = re.compile(r"(?<!\d)\d{3}\s?\d{3}\s?\d{3}(?:\s?\d{5})?(?!\d)")
_PHONE_ON_PAGE = re.compile(r"(?:\+\d{2}\s?(?:\(0\)\s?)?|\b0)\d(?:[\s.-]\d{2}){4}\b")
#: The postcode and its town on one line: a number alone on its line (« Invoice Number » over « 60989 ») is no postcode
#: because the next line begins with capitals (« Invoice Date »): spaces only, never a line break, between them.
_POSTCODE_ON_PAGE = re.compile(r"^[ \t]*(?:[A-Z]{1,2}-)?(\d{4,5})[ \t]+[A-ZÉÈ][\w'-]+(?:[ \t]+[\w'-]+){0,3}[ \t]*$",
                               re.MULTILINE)


def _identifier_kind(value: str) -> str | None:
    """The kind of identifier ``value`` validates as (checksums: python-stdnum), or None."""
    from stdnum.ch import vat as ch_vat
    from stdnum.eu import vat as eu_vat
    from stdnum.gb import vat as gb_vat
    from stdnum.no import mva as no_mva

    from guichet.core.model import identifiers as ids

    if ids.valid_iban(value):
        return "un IBAN"
    if ids.valid_siret(value):
        return "un SIRET"
    if ids.valid_siren(value):
        return "un SIREN"
    # The EU's VAT numbers, and those of the United Kingdom, Switzerland and Norway (not in the EU's module).
    text = ids.compact(value)
    # A country prefix first: the UK module takes a bare 9-digit number too (one in thirty passes its key).
    if len(text) > 4 and text[:2].isalpha() and any(m.is_valid(text) for m in (eu_vat, gb_vat, ch_vat, no_mva)):
        return "un n° de TVA"
    return None


def _page_identifiers(reading: Any, wording: str) -> dict[str, str]:
    """Identifiers read or printed on the page (compact form → what it is, in French)."""
    from guichet.core.model import identifiers as ids

    found: dict[str, str] = {}
    for name, fv in reading.proposal.fields.items():
        if fv.value and any(k in name for k in ("siren", "siret", "vat_id", "iban", "bic", "postcode", "phone")):
            found[ids.compact(fv.value)] = f"l'identifiant {name} lu sur la page"
    for match in _IBAN_ON_PAGE.finditer(wording):
        iban = ids.valid_iban(match.group())
        if iban:
            found[iban] = "l'IBAN imprimé sur la page"
    for line in wording.splitlines():
        for token in line.split():
            if _identifier_kind(token) == "un n° de TVA":
                found.setdefault(ids.compact(token), "un n° de TVA imprimé sur la page")
        if _COMPANY_ID_WORD.search(line):  # « SIREN 380 129 866 », « RCS Lyon 380 129 866 », « SIRET … »
            for match in _COMPANY_ID_ON_PAGE.finditer(line):
                if ids.valid_siren(match.group()) or ids.valid_siret(match.group()):
                    found.setdefault(ids.compact(match.group()), "un SIREN ou SIRET imprimé sur la page")
    for match in _PHONE_ON_PAGE.finditer(wording):
        found[re.sub(r"\D", "", match.group())] = "un n° de téléphone imprimé sur la page"
    for match in _POSTCODE_ON_PAGE.finditer(wording):
        found.setdefault(match.group(1), "un code postal imprimé sur la page")
    return found


def _words_beside(reading: Any, number: Any, count: int, after: bool) -> list[str]:
    """Up to ``count`` words printed next to the read number on its line, before it or ``after`` it, in its cell (up
    to a column gap: another cell's words), in reading order."""
    page = _page_of(reading, number)
    if page is None or number.box is None:
        return []
    x0, y0, x1, y1 = number.box
    on_line = sorted((w for w in page.words if y0 <= w.cy <= y1
                      and (w.box[0] >= x1 - 0.002 if after else w.box[2] <= x0 + 0.002)), key=lambda w: w.box[0])
    near = on_line[:count] if after else list(reversed(on_line[-count:]))  # the nearest first
    found: list[Any] = []
    edge = x1 if after else x0
    for word in near:
        if (word.box[0] - edge if after else edge - word.box[2]) > 4 * (y1 - y0):  # a column gap
            break
        found.append(word)
        edge = word.box[2] if after else word.box[0]
    return [w.text for w in (found if after else reversed(found))]


def _words_before(reading: Any, number: Any, count: int = 4, with_label: bool = True) -> str:
    """The words printed just before the read number on its line, with the label the reading followed
    (``with_label``)."""
    before = _words_beside(reading, number, count, after=False)
    return " ".join([*before, (number.label or "") if with_label else ""])


def _words_after(reading: Any, number: Any, count: int = 4) -> str:
    """The words printed just after the read number on its line, in its cell (up to a column gap): « PO-4471229
    (votre commande) », « 4471229 — bon de commande client »."""
    return " ".join(_words_beside(reading, number, count, after=True))


#: The leading letters of a code that name another document (folded): « PO-4471229 », « BC-2026-118 », « CMD 118 »,
#: « DEVIS-2026-11 » (:data:`~guichet.core.parsing.on_page.OTHER_DOCUMENT` gives « po », « devis », « cde », « bl »;
#: « bc » (bon de commande) and « cmd » (commande) are the French abbreviations it has no word for).
_OTHER_DOCUMENT_CODE = re.compile(r"(?:bc|cmd)\b")
#: A year alone (« 2026 »): the label's year, not a reference.
_YEAR_ALONE = re.compile(r"(?:19|20)\d\d")


def _header_above(reading: Any, number: Any) -> str:
    """The words printed just above a number whose label is not on its line: the header of its column
    in a table of references (« N° cliente » over « 41112704 »); empty when the label is on its line.

    The column ends halfway to the values beside it on its row: a tight header row (« Date facture Date
    livraison » over two dates) gives each value its own cell's words only."""
    page = _page_of(reading, number)
    if page is None or number.box is None:
        return ""
    x0, y0, x1, y1 = number.box
    height = y1 - y0
    first = (number.label or "").split()[:1]
    if first and any(y0 <= w.cy <= y1 and w.box[2] <= x0 + 0.002 and w.text == first[0] for w in page.words):
        return ""
    row = [w for w in page.words if y0 <= w.cy <= y1]
    left = max((w.box[2] for w in row if w.box[2] <= x0 + 0.002), default=None)
    right = min((w.box[0] for w in row if w.box[0] >= x1 - 0.002), default=None)
    above = [w for w in page.words if w.box[3] <= y0 + 0.2 * height and y0 - w.box[3] < 2.5 * height
             and w.box[2] > x0 - height and w.box[0] < x1 + height
             and (left is None or w.cx >= (left + x0) / 2) and (right is None or w.cx <= (x1 + right) / 2)]
    if not above:
        return ""
    nearest = max(w.box[3] for w in above)
    return " ".join(w.text for w in sorted((w for w in above if nearest - w.box[3] < 0.6 * height),
                                           key=lambda w: w.box[0]))


#: A label of a number inside a value read as the invoice number (« Kunden-Nr.C25983 », « Client n°C-12 »): a word
#: of two letters or more, then « Nr », « N° », « No » or « Num » and a dot or a sign: the reading took a cell's label
#: with its value, whose number it may not be.
_LABEL_INSIDE = re.compile(r"[^\W\d_]{2,}[-.\s]?(?:n[°º]|(?:nr|no|num)(?:\.|\s*:))", re.IGNORECASE)


#: A bare reference's label (folded, its dots and colon aside): « Référence », « Réf. », « Reference », « Ref. »,
#: « Referencia », « Riferimento », « Rif. ». Invoicing programs head the invoice's own number so (the French
#: vocabulary's weak labels, ``fields_rules/labels/fr.toml``: « "Référence" alone heads the invoice's own number in
#: many invoicing programs; another document's reference says whose »).
_REFERENCE_WORD = r"(?:ref(?:erence|erencia)?|riferimento|rif)"
_BARE_REFERENCE = re.compile(_REFERENCE_WORD + r"[\s.:#]*")
#: Words that make a reference another party's or another thing's (folded): a possessive (« Votre réf. », « Your
#: reference », « Su referencia », « Vostro riferimento », « Ihre Referenz »), a customer, an account, a contract, a
#: file, an order's confirmation.
_REFERENCE_OWNER = re.compile(r"\b(?:votre|vos|your|ihre?|su|sus|vuestr[oa]s?|vostr[oa]|client\w*|customer|kunde\w*|"
                              r"cpt|compte|account|cuenta|conto|konto|confirm\w*|conferma\w*|bestatigung|"
                              r"contra[ct]\w*|vertrag\w*|dossier|file|expediente|pratica|article|artikel|articulo|articolo|"
                              r"produit|product|produkt|producto|prodotto|lot|batch|serie|serial|mandat\w*|rum|sepa|"
                              r"paiement|payment|virement|transfer|zahlung|pago|pagamento|bank\w*|banque|banca)\b")
#: An invoice's title alone in its cell (folded, its punctuation aside): « FACTURE », « Invoice », « Tax Invoice »,
#: « Facture avoir » (Dolibarr bills.lang InvoiceAvoir).
_TITLE_ALONE = re.compile(r"\W*(?:(?:tax|vat)\s+)?(?:facture|invoice|rechnung|factura|fattura)"
                          r"(?:\s+(?:d\W?\s*)?avoir)?\W*")  # a credit note titled so (Dolibarr's « Facture avoir »)


def _title_over(page: Any, box: tuple[float, float, float, float]) -> bool:
    """The page prints an invoice's title (:data:`_TITLE_ALONE`) alone in its cell (the words of its line closer
    than three of its heights) above ``box``."""
    for word in page.words:
        # above it: the title's middle over the value's top (a big title's descent may reach into the next line's
        # box, as Dolibarr prints « Facture » right over « Réf. : »)
        if word.cy >= box[1] or not re.search(r"factur|invoice|rechnung|fattura", on_page.fold(word.text)):
            continue
        height = word.box[3] - word.box[1]
        row = sorted((w for w in page.words if word.box[1] <= w.cy <= word.box[3]), key=lambda w: w.box[0])
        at = row.index(word)
        first = last = at
        while first > 0 and row[first].box[0] - row[first - 1].box[2] < 3 * height and first > at - 3:
            first -= 1
        while last < len(row) - 1 and row[last + 1].box[0] - row[last].box[2] < 3 * height and last < at + 3:
            last += 1
        if _TITLE_ALONE.fullmatch(on_page.fold(" ".join(w.text for w in row[first:last + 1]))):
            return True
    return False


def _own_reference(reading: Any, wording: str) -> bool:
    """An invoice number read under or after a bare reference's label (:data:`_BARE_REFERENCE`) that the page's
    structure makes the invoice's own: the page is titled an invoice (:func:`_title_over`: « FACTURE » over it), no
    word of its cell or line, before or after it, says whose or what reference it is (:data:`_REFERENCE_OWNER`, another
    document's words, the weak labels' others: order, customer, contract), the code's own letters name no other
    document (« PO-… », « DEVIS-… », « BC-… ») and it is no year alone, no other value follows a label of the invoice number
    (:data:`_INVOICE_NUMBER_LABELLED`), the reading saw no rival close to it (its confidence is over the bar,
    :data:`PAPER_MIN_CONFIDENCE`), and its value has a reference's shape (one word of four characters or more
    with a digit, on page 1, no date). The gate's « lu sous « Référence » » doubt is then lifted: the other doubts stand.

    Audit (tuned parts, text, 2026-12-07, ``tests/number_sure_audit.py``): fresh 300 fires 36, all right, each a
    number refused before (« lu après « Référence » seulement »); blind rivals 120 fires 3 right (2 written, one
    still refused as wrapped), numwild 120 fires 3 right (3 written); tuning 300, blind 300, modeles 100, reels 31,
    numshape / numfr / recall 120: never fires. Before the rival, account and one-word conditions it fired wrong 3
    times (rivals 92002, 92108, numwild 109576), each refused by another doubt as well."""
    from guichet.core.model import identifiers as ids

    number, page = _placed_by_rules(reading, "invoice_number")
    # (under the bar, the reading saw a rival close to it: « #I 2024 36312 » beside « REFERENCE R20244292 »)
    if number is None or number.page != 1 or number.confidence < PAPER_MIN_CONFIDENCE:
        return False
    label = on_page.fold(number.label or "").strip()
    if not _BARE_REFERENCE.fullmatch(label):
        return False
    around = on_page.fold(f"{_words_before(reading, number, with_label=False)} {_header_above(reading, number)} "
                          f"{_words_after(reading, number)}")
    around = re.sub(rf"\b{_REFERENCE_WORD}\b", " ", around)
    if _REFERENCE_OWNER.search(around) or on_page.OTHER_DOCUMENT.search(around) or _WEAK_NUMBER_LABEL.search(around):
        return False
    compact = ids.compact(number.value)
    value = number.value.strip()
    if len(compact) < 4 or not any(c.isdigit() for c in compact) or on_page.NUMERIC_DATE.fullmatch(value) \
            or re.search(r"\s", value) or _YEAR_ALONE.fullmatch(compact):
        return False
    letters = on_page.fold(re.match(r"[^\W\d_]*", value).group())
    if letters and (on_page.OTHER_DOCUMENT.match(letters) or _OTHER_DOCUMENT_CODE.match(letters)):
        return False  # the code names its document: an order's, a quote's, a delivery note's
    labelled = [m.group("value") for m in _INVOICE_NUMBER_LABELLED.finditer(on_page.fold(wording))
                if not _refers_to_other_invoice(reading, wording, m)]
    if any(ids.compact(value).lower() != compact.lower() for value in labelled):
        return False
    return _title_over(page, number.box)


def _number_kind_doubt(reading: Any, wording: str) -> list[str]:
    """An invoice number that is another kind of identifier (issue 13): one that validates as an IBAN,
    SIRET, SIREN or VAT number, equals an identifier, postcode or phone number read on the page, has
    only one to three digits (a street number, a line number), or was read after a reference, order
    or customer label alone. The model rules cannot tell such a value is wrong: refused and named.

    A SIREN or SIRET checksum is a Luhn key that one 9- or 14-digit number in ten passes
    (« 202300123 »): after a label with an invoice word (« Facture n° ») such a number is kept
    unless the page gives it as a company's identifier too. An IBAN or a VAT number (a country
    prefix and its key) is refused wherever it was read.

    A number read after a reference's label alone is kept when the page's structure makes it the invoice's
    (:func:`_own_reference`), never by the learnt ranking alone (``FieldValue.confirmed_by`` lifts only the doubt of a
    number read with no label at all, :func:`_number_unlabelled`); the checksums, the identifiers and the short
    numbers above are never lifted.
    """
    from guichet.core.model import identifiers as ids

    number = reading.proposal.fields.get("invoice_number")
    if number is None or not number.value:
        return []
    value = number.value.strip()
    compact = ids.compact(value)
    header = _header_above(reading, number)
    label = f"{_words_before(reading, number)} {header}".strip()
    known = _page_identifiers(reading, wording)
    same = known.get(compact)
    # « IBAN n° FR76 3000 … »: the reading took the IBAN's first group (an IBAN validates, its part does not);
    # « TVA FR89380129866 »: the SIREN inside a VAT number.
    inside = next((what for ident, what in known.items() if len(compact) >= 4 and compact != ident
                   and compact in ident and (ids.valid_iban(ident) or _identifier_kind(ident) == "un n° de TVA")),
                  None)
    kind = _identifier_kind(value)
    weak = _WEAK_NUMBER_LABEL.search(_SERIES_AND_NUMBER.sub(" ", label))
    why = None
    inner = _LABEL_INSIDE.search(value)
    if inner:
        why = f"il contient le libellé « {inner.group().strip()} »"
    elif kind and not (kind in ("un SIREN", "un SIRET") and _INVOICE_WORD.search(label)):
        why = f"c'est {kind}"
    elif re.fullmatch(r"\d{1,3}", compact) and not _short_number_own_label(reading, number, wording):
        why = "un à trois chiffres seulement"
    elif same or inside:
        why = f"c'est {same or inside}"
    elif weak and not _INVOICE_WORD.search(label) and not _INVOICE_SHORT.search(on_page.fold(label)) \
            and not _own_reference(reading, wording):
        # (never lifted by the learnt ranking alone: the weak label names whose the code may be (a customer's, an
        # order's, a bank's); only the page's structure says it is the invoice's own)
        why = f"lu sous « {header} »" if weak.group() in header else f"lu après « {weak.group()} » seulement"
    if why is None:
        return []
    return [f"numéro de facture (BT-1) (numéro de facture incertain : « {value} », {why})"]


#: A parenthesis inside a label (« Handelsrechnung (380) Nr. », « Facture (duplicata) n° »): the document's kind or
#: copy between the invoice's word and its number's sign.
_LABEL_ASIDE = re.compile(r"\s*\([^()]{1,15}\)")
#: The word that may follow a short invoice number in its cell (folded): one opening its date (« Nr. 123 vom
#: 03.06.2025 », « n° 42 du … », « No. 7 dated … », « Nº 12 de fecha … »). Anything else may go on with the number: a
#: joiner and a group (« 118 / 24 », « 123 - 2025 »), a suffix (« 42 bis », « 42 B »), a word.
_DATE_OPENING = re.compile(r"(?:vom|am|du|le|del|de|of|dated|from|on|datum|date|fecha|data|den)\W?")
#: An invoice noun that names a partial invoice, an instalment or a progress billing (folded): its « Nr. 3 » is the
#: instalment's rank, the invoice's own number is printed elsewhere (« Abschlagsrechnung Nr. 3 », « Teilrechnung
#: Nr. 2 », « Facture de situation n° 3 », « Facture d'acompte n° 2 », « Fattura di acconto n. 2 », « SAL n. 4 »).
_PARTIAL_INVOICE = re.compile(r"abschlag|\bteil|anzahlung|vorauszahlung|situation|acompte|acconto|anticipo|\brata\b|"
                              r"\bsal\b|partial|progress|interim|instal")


def _short_number_own_label(reading: Any, number: Any, wording: str) -> bool:
    """A short invoice number (one to three digits) printed right after its own label on its line: the words before
    it there (not a label above it: « FACTURE N° » over « 12 rue des Lilas ») end with a label of the invoice's
    number (:data:`_INVOICE_NUMBER_LABELLED`: « Rechnung Nr. 123 », « Facture n° 42 », « Invoice No. 7 »,
    « Rechnungsnummer: 118 »), and its cell ends after it or goes on with its date (:data:`_DATE_OPENING`, or a date):
    a joiner, a suffix or more digits may go on with the number (« Nr. 123 456 », « n° 118 / 24 », « N° 42 bis »).
    Never for a partial invoice's or an instalment's rank (:data:`_PARTIAL_INVOICE`: « Abschlagsrechnung Nr. 3 ») nor
    when the page prints a longer value after another invoice-number label (« Rechnungsnummer RE-2025-118 »). A small
    business numbers its invoices from 1 (« Kleinunternehmer »). The same words and places on a text layer and on a
    scan; the OCR's cuts stay refused (:func:`_number_doubt` too)."""
    from guichet.core.model import identifiers as ids

    value = number.value.strip()
    before = _LABEL_ASIDE.sub("", " ".join(_words_beside(reading, number, 4, after=False)))
    if not before:
        return False
    folded = on_page.fold(f"{before} {value}")
    own = [m for m in _INVOICE_NUMBER_LABELLED.finditer(folded) if m.end() == len(folded)]
    if not own or own[-1].group("value") != on_page.fold(value) or _labelled_by_other_document(before) \
            or _PARTIAL_INVOICE.search(folded):
        return False
    after = _words_beside(reading, number, 1, after=True)
    if after and not (_DATE_OPENING.fullmatch(on_page.fold(after[0])) or on_page.NUMERIC_DATE.fullmatch(after[0])):
        return False
    compact = ids.compact(value)
    return not any(len(ids.compact(m.group("value"))) > len(compact)
                   for m in _INVOICE_NUMBER_LABELLED.finditer(on_page.fold(wording))
                   if not _refers_to_other_invoice(reading, wording, m))


#: A party name that ends like a label of a number (« Fact. n° », « Ordine : »): the reading took a label.
_LABEL_END = re.compile(r"(?:\bn[°ºo]\.?|\bnr\.?|\bnum(?:[ée]ro|ber|ero)?\.?|#|:)\s*$", re.IGNORECASE)
PARTY_NAMES_FR = {"seller_name": "nom du vendeur (BT-27)", "buyer_name": "nom de l'acheteur (BT-44)"}


def _name_doubt(reading: Any) -> list[str]:
    """A party name read by the rules that is a label or a fragment, not a name: it ends like the label
    of a number (« Fact. n° »), it begins with a sign (« / facturation »), or it is followed closely on
    its line by a lone number (« Ordine 55928 »: a label and its value), or it is a buyer's name read below
    :data:`PAPER_MIN_CONFIDENCE` (a party on one line or in a grid's row whose label names no buyer's role, a
    name poorly recognised). The model rules cannot tell such a name is wrong: refused and named rather than
    written. A name from the register or the supplier memory is not judged here, but for the same name read for
    the seller and for the buyer (whatever its origin)."""
    doubts = []
    for key, term in PARTY_NAMES_FR.items():
        name = reading.proposal.fields.get(key)
        if name is None or not name.value or name.origin != "rules":
            continue
        value = name.value.strip()
        why = None
        if key == "buyer_name" and name.confidence < PAPER_MIN_CONFIDENCE and not _buyer_block_confirms(reading):
            why = "lu trop peu sûrement"
        elif _LABEL_END.search(value):
            why = "se termine comme un libellé"
        elif not value[:1].isalnum():
            why = "commence par un signe"
        else:
            after = _word_after(reading, name)
            if after is not None and re.fullmatch(r"\d{3,}", after):
                why = f"suivi de « {after} » sur sa ligne, comme un libellé et sa valeur"
        if why:
            doubts.append(f"{term} (lecture incertaine : « {value} », {why})")
    seller, buyer = (reading.proposal.fields.get(key) for key in PARTY_NAMES_FR)
    if seller is not None and buyer is not None and _name_key(seller.value) and _name_key(seller.value) == _name_key(buyer.value):
        # one name read for both parties: one of them is the other's (a holder's label, a block read twice)
        doubts.append(f"{PARTY_NAMES_FR['seller_name']} et {PARTY_NAMES_FR['buyer_name']} (lecture incertaine : "
                      f"« {seller.value.strip()} » lu pour les deux parties)")
    return doubts


#: A postcode and its town anywhere on a line (« Luogo di consegna: Cantiere Ferri, Via Roma 5, 50123 Firenze »),
#: spaces only between them: a place printed inline counts as one.
_POSTCODE_TOWN_INLINE = re.compile(r"(?<![\w-])(?:[A-Z]{1,2}-)?(\d{4,5})[ \t]+[A-ZÉÈ][\w'-]+")


def _buyer_block_confirms(reading: Any) -> bool:
    """A buyer's name read below :data:`PAPER_MIN_CONFIDENCE` (a party after a label that names no buyer's role, a grid's
    row) kept when the page's structure makes it the buyer's: the buyer's postcode and town are read over the floor,
    the name's line stands one to four lines above the line of that postcode and begins in its column (left edges
    within two characters: the name heads the block whose place was read, not a contact inside a line), the seller's
    name and postcode are read over the floor and are others, and every postcode followed by a town the page prints,
    anywhere on a line, is the seller's or the buyer's. An invoice names two parties (CGI art. 242 nonies A, EN 16931
    BG-4 / BG-7): with the seller's block apart and no third place printed (a delivery point, a site, a head office),
    the one other block is the buyer's.

    Calibration (``tests/bench_gate_calibration.py``, text layer, 2026-12-07): the low names read on tuning 150, fresh
    150, blind 300, modeles 60, each blind family's first 20 seeds and 360 more seeds of the buyer families were 15,
    all right. With the column, inline-place and seller-postcode checks (blind 96000:70 and 108000:75, which hold all
    15), 4 are kept (108003, 108005, 108058, 108066: a name with its contact over its block) and 11 stay refused; no
    wrong name is kept."""
    fields = reading.proposal.fields

    def value(name: str) -> str:
        fv = fields.get(name)
        return fv.value.strip() if fv is not None and fv.value and fv.confidence >= PAPER_MIN_CONFIDENCE else ""

    buyer, seller = fields.get("buyer_name"), value("seller_name")
    postcode, city, seller_postcode = value("buyer_postcode"), value("buyer_city"), value("seller_postcode")
    if buyer is None or buyer.box is None or not (postcode and city and seller and seller_postcode) \
            or _name_key(seller) == _name_key(buyer.value):
        return False
    places = {re.sub(r"\s", "", code).upper() for code in (postcode, seller_postcode)}
    if len(places) < 2:
        return False  # the seller's own postcode: its block, read twice
    page = _page_of(reading, buyer)
    if page is None or not _heads_block(page, buyer, postcode):
        return False
    wording = "\n".join(page.text for page in reading.text.pages)
    return all(match.group(1) in places for match in _POSTCODE_TOWN_INLINE.finditer(wording))


def _code(text: str) -> str:
    """A postcode as compared: upper case, no country prefix (« D-80331 »), no spaces or trailing punctuation."""
    return re.sub(r"^[A-Z]{1,2}-", "", re.sub(r"\s", "", text).strip(",;.").upper())


def _heads_block(page: Any, name: Any, postcode: str) -> bool:
    """The name's line is one to four lines above a line that begins with ``postcode`` (compared as :func:`_code`
    writes it), in the same column (left edges within two characters of the name)."""
    x0, y0, x1, y1 = name.box
    height = max(y1 - y0, 1e-6)
    char = (x1 - x0) / max(len(name.value.strip()), 1)
    rows: list[float] = []
    for cy in sorted(w.cy for w in page.words if w.cy > y1):
        if not rows or cy - rows[-1] > height / 2:
            rows.append(cy)
    for word in page.words:
        if word.cy <= y1 or _code(word.text) != _code(postcode) or abs(word.box[0] - x0) > max(2 * char, 0.01):
            continue
        if 1 <= sum(1 for cy in rows if cy <= word.cy + height / 2) <= 4:
            return True
    return False


def _name_key(value: str | None) -> str:
    """A party's name compared without case, accents, spaces or punctuation."""
    return re.sub(r"[^a-z0-9]", "", on_page.fold(value or ""))


def _word_after(reading: Any, value: Any) -> str | None:
    """The word printed right after a read value on its line, when it is the last of the line and no farther
    than twelve characters of the value's size; None otherwise."""
    page = _page_of(reading, value)
    if page is None or value.box is None or not value.value:
        return None
    x0, y0, x1, y1 = value.box
    char = (x1 - x0) / max(len(value.value), 1)
    after = sorted((w for w in page.words if y0 <= w.cy <= y1 and w.box[0] >= x1 - 0.001), key=lambda w: w.box[0])
    if len(after) != 1 or after[0].box[0] - x1 > 12 * char:
        return None
    return after[0].text


#: Labels of a due date, folded: what :data:`on_page.STILL_DUE` names still to pay (« Échéance », « Fällig »,
#: « Vencimiento », « Pay before »), and the verbs of a due day (« Vence con fecha », « Zahlungsziel bis »).
_DUE_LABEL = re.compile(rf"{on_page.STILL_DUE.pattern}|\bvence\b|zahlungsziel")
#: The word that ends a period's first day (« vom 01.08.2024 bis », « du 01/04 au », « from 1 April to »).
_WEEKDAY = re.compile(WEEKDAYS)
_PERIOD_END = re.compile(r"(?:\bbis|\bau|\bto|\btill|\buntil|\bthrough|\bal|\bhasta|\bfino\s*al|[–-])$")


def _date_label_doubt(reading: Any) -> list[str]:
    """An issue date read where its own words say it is another date of the invoice: the reading's value takes in,
    or follows on its line, a due date's label (:data:`_DUE_LABEL`: « Vence con fecha : martes, 28 de » over
    « octubre de 2025 », the cell wrapped), or it continues a period that the line above leaves open (« vom
    01.08.2024 bis » over « 31.08.2024 »: the period's last day). The reading followed another label (the title, a
    weekday), the model rules cannot tell: refused and named."""
    issue, page = _placed_by_rules(reading, "issue_date")
    if issue is None:
        return []
    x0, y0, x1, y1 = issue.box
    inside = " ".join(w.text for w in sorted((w for w in page.words if x0 <= w.cx <= x1 and y0 <= w.cy <= y1),
                                             key=lambda w: (round(w.cy, 3), w.box[0])))
    own = f"{_words_before(reading, issue, with_label=False)} {inside}"
    head = on_page.fold(own)[:max(0, next((m.start() for m in re.finditer(r"\d", own)), len(own)))]
    if _DUE_LABEL.search(head) and not _INVOICE_WORD.search(head):
        return [f"date de facture (BT-2) (lecture incertaine : « {own.strip()} », une date d'échéance)"]
    height = y1 - y0
    first = min((w for w in page.words if x0 <= w.cx <= x1 and y0 <= w.cy <= y1), key=lambda w: (w.cy, w.box[0]),
                default=None)
    # Only a day of the week before the date on its line (« Mittwoch, 30. April 2025 »): the date opens its line.
    before = _words_before(reading, issue, 2, with_label=False).split()
    if first is None or len(before) > 1 or (before and not _WEEKDAY.fullmatch(on_page.fold(before[-1]).strip(",."))):
        return []
    if before:
        x0 = min(w.box[0] for w in page.words if w.text == before[-1] and y0 <= w.cy <= y1 and w.box[2] <= x0 + 0.002)
    above = [w for w in page.words if w.box[3] <= first.box[1] + 0.2 * height and first.box[1] - w.box[3] < 1.5 * height
             and w.box[0] >= x0 - height]
    if not above:
        return []
    nearest = max(w.box[3] for w in above)
    line = sorted((w for w in above if nearest - w.box[3] < 0.6 * height), key=lambda w: w.box[0])
    text = " ".join(w.text for w in line)
    if _PERIOD_END.search(on_page.fold(text)) and dates_on_page(text):
        return [f"date de facture (BT-2) (lecture incertaine : sous « {text} », la fin d'une période)"]
    return []


def _issue_label(reading: Any) -> str:
    """The label the reading followed to the issue date (empty for a date read without one, or not by the rules)."""
    issue = reading.proposal.fields.get("issue_date")
    return (issue.label or "") if issue is not None and issue.origin == "rules" else ""


#: A column header that names another date than the invoice's (folded): a due date's (:data:`_DUE_LABEL`, « Settle
#: by », « Required by », « Exigible le », « Payable by ») or a stay's (« Arrival », « Departure », « Arrivée »,
#: « Départ », « Anreise », « Abreise », « Llegada », « Salida », « Arrivo », « Partenza », « Check-in/out »), the Italian
#: « Scade il » (falls due on), or a service's (« Fecha de servicio », « Service date », « Leistungsdatum », « Date de
#: prestation »: the supply's day, another date than the issue's, EN 16931 BT-72 apart from BT-2). The
#: wordings are the English and French due-date labels of the reading's vocabulary (``fields_rules/labels/en.toml``,
#: ``fr.toml``: « settle by », « required by », « exigible le ») and a hotel's folio columns.
_OTHER_DATE_HEADER = re.compile(rf"{_DUE_LABEL.pattern}|\bsettle\b|\brequired\s*by\b|\bexigible\b|\bpayable\b"
                                r"|\barriv|\bdepart(?:ure|\b)|\ban-?\s*reise|\bab-?\s*reise|\bllegada|\bsalida|\bpartenza"
                                r"|check\W?\s*(?:in|out)\b|\bscade\b|\bservic|\bleistungs|\bprestation")
#: Words of an issue date's own label (folded): the header of its column may say them too (« Invoice issue date »,
#: « Facture émise le », « Date de facture »).
_ISSUE_WORDS = re.compile(r"\bissue|\bemise?\b|\betablie?\b|\bausstell|\bemision|\bemissione|\bfactur|\binvoice"
                          r"|\brechnung|\bfattura")


def _date_header_doubt(reading: Any) -> list[str]:
    """An issue date read after a label on another row (a grid's header wrapped in narrow cells: « Invoice issue » /
    « date » over two columns) whose own column header, the words right above it (:func:`_header_above`), names
    another date (:data:`_OTHER_DATE_HEADER`: « Settle by », « Required by », « Exigible … le », « Arrival ») and no
    issue date's word: the reading followed its label to the next column's value. Refused and named.

    Measured with ``tests/bench_gate_calibration.py`` (text layer, 2026-12-07): on blind 70000-70299 it catches 3 of the 6
    wrong dates written at ≥ :data:`PAPER_SURE_DATE` (70072 « Settle by », 70117 « required by », 70145 « Exigible
    vendredi le »), the true date printed just before on the row each time."""
    issue, _page = _placed_by_rules(reading, "issue_date")
    if issue is None or not (issue.label or "").strip():
        return []
    header = _header_above(reading, issue).strip()
    folded = on_page.fold(header)
    if not header or not _OTHER_DATE_HEADER.search(folded) or _ISSUE_WORDS.search(folded):
        return []
    return [f"date de facture (BT-2) (lecture incertaine : lue sous « {header} », l'en-tête d'une autre date)"]


def _date_same_place(reading: Any) -> list[str]:
    """The issue date and the due date read from one printed date (same page, same place) after one same label:
    the reading followed one label for both fields, so it could not tell which date it is (a grid of references
    whose cells wrap, a date under a header that names neither). An invoice prints its due date apart from its
    issue date, even payable on receipt (« Échéance : à réception », or the date again under its own label):
    refused and named. One date under a two-cell header (« Invoice Date  Due Date »), each field after its own
    label, is the first cell's."""
    fields = reading.proposal.fields
    issue, due = fields.get("issue_date"), fields.get("due_date")
    if issue is None or due is None or not issue.value or issue.box is None or issue.origin != "rules":
        return []
    if (issue.page, issue.box, issue.label) != (due.page, due.box, due.label):
        return []
    return [f"date de facture (BT-2) (lecture incertaine : la même date imprimée lue comme date de facture et "
            f"comme date d'échéance, {issue.value})"]


#: How far in the future an issue date is still plausible (a time zone, an invoice dated for its sending day),
#: and how far back a scanned one is taken on its own (ten years: the keeping period of the Code de commerce,
#: L123-22; older may be a misread year unless the page confirms it, :func:`_old_date_confirmed`).
DATE_AHEAD_DAYS = 7
DATE_BACK_YEARS = 10
#: How near another date of the page (a due date, a period, a delivery) must be to confirm an old year.
DATE_NEIGHBOUR_DAYS = 366


def _date_implausible(record: dict[str, Any], today: Any = None, *, wording: str = "", ocr: bool = True,
                      sure: bool = False) -> list[str]:
    """An issue date read on paper that no invoice converted today bears: in the future (beyond
    :data:`DATE_AHEAD_DAYS`), or more than :data:`DATE_BACK_YEARS` years old where the page does not confirm it
    (:func:`_old_date_confirmed`; ``sure``: read under an issue date's own label, :data:`PAPER_SURE_DATE`). An old
    invoice is legitimate (archives, test files, late imports); an old date read on a recent invoice is another date
    of its page (a contract's, « client depuis le »), or, on a scan, a misread year. The model rules cannot tell such
    a date is wrong: refused and named."""
    import datetime as dt

    issue = record.get("issue_date")
    if not issue:
        return []
    today = today or dt.date.today()
    day = dt.date.fromisoformat(issue)
    if day > today + dt.timedelta(days=DATE_AHEAD_DAYS):
        why = "dans le futur"
    elif day < add_years(today, -DATE_BACK_YEARS) and not _old_date_confirmed(day, wording, ocr, sure):
        why = f"plus de {DATE_BACK_YEARS} ans, non confirmée par la page"
    else:
        return []
    return [f"date de facture (BT-2) (date invraisemblable : {day.strftime('%d/%m/%Y')}, {why})"]


def _old_date_confirmed(day: Any, wording: str, ocr: bool, sure: bool) -> bool:
    """An old issue date the page bears out: printed on a text layer (a scan may misread a year, the same way on every
    date of its page: an old scan stays refused), read under the issue date's own label (``sure``), and no date of
    the page lies more than :data:`DATE_NEIGHBOUR_DAYS` after it (a due date, a period, a delivery follow an invoice
    by weeks: a page printing dates years later is a recent invoice, the old date another one of its dates)."""
    if ocr or not sure:
        return False
    return not any((other - day).days > DATE_NEIGHBOUR_DAYS for other in dates_on_page(wording))


def _pro_forma(wording: str) -> list[str]:
    """A pro forma (:func:`~guichet.core.parsing.on_page.pro_forma_title`) is no invoice: nothing is written from it
    as one (type 380) with no person."""
    return ["type de document (BT-3) (facture pro forma : une offre, pas une facture)"] if on_page.pro_forma_title(
        wording) else []


def _total_doubt(confidence: dict[str, float], invoice: Invoice, wording: str) -> list[str]:
    """A grand total the reading did not find but the completion derived (HT + TVA, the lines): written
    only when that amount is printed on the page (:func:`~guichet.core.parsing.on_page.printed`), the
    cross-check of a value computed from others. Otherwise nothing on the page says it is the total."""
    from guichet.core.parsing.on_page import printed

    total = invoice.totals.tax_inclusive
    if "total_with_tax" in confidence or total is None or (wording and printed(total, wording)):
        return []
    return [f"total TTC (BT-112) (non lu : {total} déduit des autres montants, absent de la page)"]


def _uncertain(confidence: dict[str, float], kept: tuple[str, ...] = ()) -> list[str]:
    """The key fields a paper reading found, but too weakly to write them with no person, in French; ``kept``: the
    fields a cross-check of the page confirms whatever their confidence (:func:`_date_alone`)."""
    return [f"{name} (lecture incertaine)" for key, name in PAPER_KEY_FIELDS_FR.items()
            if key in confidence and confidence[key] < PAPER_MIN_CONFIDENCE and key not in kept]


#: The confidence of a value the reading shows the operator without writing it (a date whose label names another
#: event as well, « Pagado el », « Parti le »): the least an issue date :func:`_date_alone` may confirm.
PAPER_SHOWN = 0.25


def _date_alone(record: dict[str, Any], confidence: dict[str, float], wording: str) -> bool:
    """An issue date read below :data:`PAPER_MIN_CONFIDENCE` (its label names another event as well: a receipt's
    « Pagado el », a grid's « Date » among other dates' headers) that is the one date the page prints: every date of
    the page, parsed or only printed as digits (« 01/18/2025 »), is that day, and no due date's label stands before
    it on its line (:data:`_DUE_LABEL`), nor another document's (an order's, a delivery's: « Date de livraison »,
    « Commande du », :data:`~guichet.core.parsing.on_page.OTHER_DOCUMENT`). An invoice prints its issue date (CGI,
    art. 242 nonies A); when it prints one day only, beside no other event's label, that day is it.

    Measured on parts never tuned on (text layer, 2026-12-07): modeles-inedits 100, fires 8, the date right 8/8;
    heldout 117, buyer3 (108750) 250, totals2 (107750) 250: never fires (no such reading there). Tuned on blind 300 (1 fire, right)."""
    import datetime as dt

    from guichet.core.parsing.values import parse_date

    issue = record.get("issue_date")
    if not issue or not PAPER_SHOWN <= confidence.get("issue_date", 0.0) < PAPER_MIN_CONFIDENCE:
        return False
    day = dt.date.fromisoformat(issue)
    if dates_on_page(wording) != {day} or any(parse_date(m.group(1)) != day for m in on_page.NUMERIC_DATE.finditer(wording)):
        return False
    lines = [line for line in wording.splitlines() if day in dates_on_page(line)]
    return not any(_DUE_LABEL.search(before) or on_page.OTHER_DOCUMENT.search(before)
                   for line in lines for place in _date_places(line, day)
                   if (before := on_page.fold(line[:place])))


def currencies_on_page(wording: str) -> set[str]:
    """The currencies the page writes beside an amount: ISO 4217 codes (the EN 16931 code list) and signs."""
    from .codes import CURRENCIES

    return on_page.currencies_on_page(wording, CURRENCIES)


#: Euro written on the page in words or signs (« Montants en euros », « € », « EUR »).
_EURO_ON_PAGE = re.compile(r"€|\bEUR\b|\beuros?\b", re.IGNORECASE)


def _currency_doubt(read_currency: str | None, wording: str) -> list[str]:
    """A paper reading that found no currency is written in euros (the completion's choice) only when
    the page supports it (a € sign, the code EUR, the word euro) and shows no other currency."""
    if read_currency:
        return []
    others = sorted(currencies_on_page(wording) - {"EUR"})
    if others:
        return [f"devise (BT-5) : la page montre {', '.join(others)}, non lue"]
    if not _EURO_ON_PAGE.search(wording):
        return ["devise (BT-5) : non lue, et ni signe € ni code EUR sur la page"]
    return []


@dataclass
class Buyer:
    """The buyer a paper invoice is converted for (``--buyer-siren``): its SIREN and the company the
    instance knows for it (:func:`~guichet.core.ops.cli_instance.known_company`), stored or not."""

    siren: str
    company: Company | None = None
    stored: bool = False


def _source(pm: pluggy.PluginManager, data: bytes, filename: str, settings: Any = None,
            buyer: Buyer | None = None) -> tuple[Invoice, Defects, bool, list[str], list[str], dict[str, str]]:
    """The source invoice, the rules it already breaks (EN 16931 / Factur-X) and where, whether it is
    paper, and, for paper, the key fields read too weakly to be written with no person (:func:`_uncertain`),
    what the completion added (:attr:`Conversion.completed`) and what it presumed (:attr:`Conversion.presumed`).

    ``buyer``: a paper invoice's buyer is that company, completed as a purchase invoice of a dossier is
    (:func:`~guichet.core.pipeline.completion.complete`); a stored dossier also reads the page as the
    pipeline does for it (its plugins, the supplier memory)."""
    from guichet.core.pipeline.reading import read_file

    from . import run_layers

    result = read_file(pm, data, filename)
    if result.invoice is not None:
        # The EN 16931 rules the source breaks (XSD and CEN: its Factur-X packaging is not carried over).
        report = run_layers(result.xml, result.invoice, str(result.xml_format), fr_ctc=None)
        findings = list(report.findings)
        if not report.layers.get("cen", "").startswith("ok"):
            # No EN 16931 artefact judged the source (ZUGFeRD 1.0, MINIMUM...): the same rules on its model do.
            findings += rules.check(result.invoice)
        return result.invoice, source_defects(findings, result.invoice.lines), False, [], [], {}
    from guichet.core.parsing.fields import SOURCE_OCR
    from guichet.core.pipeline.paper import read_paper

    from guichet.core.pipeline.completion import complete

    dossier = buyer.company if buyer is not None and buyer.stored else None
    reading = read_paper(pm, data, str(result.format), filename, settings=settings, company=dossier)
    if reading is None:
        raise UnreadableInput("aucune donnée structurée (PDF ou image sans XML) et aucun lecteur de texte installé")
    # What the paper gives, completed into an EN 16931 invoice (lines per VAT rate, categories, countries).
    wording = "\n".join(page.text for page in reading.text.pages)
    read, said = _written_reading(reading)
    confidence = reading.confidence()
    record = reading.record()
    doubts = (_uncertain(confidence, ("issue_date",) if _date_alone(record, confidence, wording) else ()) + _number_doubt(reading) + _number_unlabelled(reading) + _number_wrapped(reading)
              + _number_kind_doubt(reading, wording) + _number_other_document(reading, wording)
              + _number_prefix_doubt(reading) + _number_labelled_elsewhere(reading, wording)
              + _name_doubt(reading)
              + (_date_doubt(record, confidence, wording, _issue_label(reading)) or _date_other_document(reading, wording))
              + _date_header_doubt(reading)
              + _date_implausible(record, wording=wording, ocr=reading.text.source == SOURCE_OCR,
                                  sure=confidence.get("issue_date", 0.0) >= PAPER_SURE_DATE)
              + _pro_forma(wording) + _date_same_place(reading) + _date_label_doubt(reading)
              + _currency_doubt(read.currency, wording))
    if buyer is not None and buyer.company is None:
        from guichet.core.model.invoice import SCHEME_SIREN, Identifier
        from guichet.core.pipeline.completion import given_party

        said.append(f"acheteur : SIREN {buyer.siren} inconnu (ni dossier ni copie locale Sirene), seul le SIREN est repris")
        given_party(read.buyer, buyer.siren, None, "acheteur", said)  # a different SIREN read: replaced, said
        if read.buyer.legal_id is None:
            read.buyer.legal_id = Identifier(buyer.siren, SCHEME_SIREN)
    completion = complete(read, pm=pm, wording=wording, read=True,
                          company=buyer.company if buyer is not None else None,
                          purchase=True if buyer is not None else None)
    invoice = completion.invoice
    doubts += _total_doubt(confidence, invoice, wording)
    return (invoice, source_defects(rules.check(invoice), invoice.lines), True, doubts, said + completion.said,
            completion.presumed)


#: The French terms of the fields a reading proposes, for what :func:`_written_reading` takes out (EN 16931 terms).
FIELD_TERMS_FR = {
    "due_date": "date d'échéance (BT-9)", "document_type_code": "type de document (BT-3)", "currency": "devise (BT-5)",
    **PARTY_NAMES_FR, "seller_vat_id": "n° TVA du vendeur (BT-31)", "seller_siren": "SIREN du vendeur (BT-30)",
    "seller_siret": "SIRET du vendeur (BT-30)", "seller_legal_id": "immatriculation du vendeur (BT-30)",
    "seller_tax_id": "identifiant fiscal du vendeur (BT-32)", "seller_identifier": "identifiant du vendeur (BT-29)",
    "seller_identifier_scheme": "schéma de l'identifiant du vendeur (BT-29-1)", "buyer_vat_id": "n° TVA de l'acheteur (BT-48)",
    "buyer_siren": "SIREN de l'acheteur (BT-47)", "total_without_tax": "total HT (BT-109)",
    "total_tax": "total TVA (BT-110)", "amount_due": "montant dû (BT-115)", "iban": "IBAN (BT-84)", "bic": "BIC (BT-86)",
    "payment_terms": "conditions de paiement (BT-20)", "payee_name": "nom du bénéficiaire (BT-59)",
    "payee_siren": "SIREN du bénéficiaire (BT-61)", "payee_legal_id": "immatriculation du bénéficiaire (BT-61)",
    "seller_address": "adresse du vendeur (BT-35)", "seller_postcode": "code postal du vendeur (BT-38)",
    "seller_city": "ville du vendeur (BT-37)", "seller_country": "pays du vendeur (BT-40)",
    "buyer_address": "adresse de l'acheteur (BT-50)", "buyer_postcode": "code postal de l'acheteur (BT-53)",
    "buyer_city": "ville de l'acheteur (BT-52)", "buyer_country": "pays de l'acheteur (BT-55)",
}


def _written_reading(reading: Any) -> tuple[Invoice, list[str]]:
    """The invoice a paper reading gives with no person, and what was taken out of it, in French: a value read
    below :data:`PAPER_MIN_CONFIDENCE` is shown to the operator, never written (a seller's name scored low among
    its rivals, a phone's dialling code alone under a town several countries' postcodes fit, a factor named by a
    clause only): every such field is taken out before the completion, which may still establish it from other
    evidence (a VAT number's country, the register's name) and says so in its notes, else the gate names what is
    missing. The one rule for every field, in this one place. A field whose weak reading already refuses the
    conversion, named, is not taken out: the key fields (:data:`PAPER_KEY_FIELDS_FR`, :func:`_uncertain`, unless a
    cross-check of the page confirms them, :func:`_date_alone`) and a buyer's name the rules read (:func:`_name_doubt`).

    Audited on the text layer (2026-12-07): tuning, fresh 300, modeles 100 propose no such field; blind 300 a
    seller's name at 0.07 (105: « Marketly SAS », the truth « Électricité Le Goff SAS », written before) and an
    issue date (kept, confirmed); reels 31 buyers' names at 0.25 (refused already, :func:`_name_doubt`)."""
    from guichet.core.parsing.text import FieldProposal, proposal_invoice

    proposal = reading.proposal
    weak = {name: fv for name, fv in proposal.fields.items()
            if fv.value is not None and fv.confidence < PAPER_MIN_CONFIDENCE and name not in PAPER_KEY_FIELDS_FR
            and not (name == "buyer_name" and fv.origin == "rules")}  # refused, named, by :func:`_name_doubt`
    kept = proposal if not weak else FieldProposal(
        fields={name: fv for name, fv in proposal.fields.items() if name not in weak},
        vat_breakdown=proposal.vat_breakdown, lines=proposal.lines)
    said = [f"{FIELD_TERMS_FR.get(name, name)} « {fv.value} » lu trop peu sûrement : non repris"
            for name, fv in weak.items()]
    return proposal_invoice(kept, syntax=reading.text.source), said


def convert_bytes(pm: pluggy.PluginManager, data: bytes, filename: str, target: str,
                  profile: str | None = None, *, settings: Any = None, buyer: Buyer | None = None) -> Conversion:
    """Convert ``data``; the result says whether its output may be written.

    ``settings``: the instance's, for reading paper (OCR languages, limits); None reads with the defaults.
    ``buyer``: the company a paper invoice is addressed to (``--buyer-siren``); no effect on a source with XML.

    :raises UnreadableInput: when the input cannot be read at all.
    """
    from guichet.core.pipeline.reading import read_file

    from . import validate_bytes

    try:
        source, defects, paper, uncertain, completed, presumed = _source(pm, data, filename, settings, buyer)
    except UnreadableInput as exc:
        refused = _unreadable_value(pm, data, filename, exc)
        if refused is None:
            raise
        return refused
    # No explicit stop of the XSLT child here: a one-shot command caps it (limit_memory: stopped
    # after each call past the cap); a worker or a test keeps its stylesheets warm.
    invoice, said = mend(source)
    if source.lines and not invoice.lines:
        # Every line of the source was an empty shell (no quantity, price nor amount: a comment line,
        # or a bare line id in a profile without lines), taken out by the mending: the source gives
        # no invoice line (BR-16), and the output's lack of one is that defect.
        defects.setdefault("BR-16", set()).add(None)
    source_rules = set(defects)
    # The output's n-th line is the source's n-th only when the mending kept every line.
    lines_kept = len(source.lines) == len(invoice.lines)

    def model_from_source(finding: Finding) -> bool:
        """A model rule the mended invoice breaks, at a place where the source breaks it."""
        where = RULE_PLACES[finding.rule] if finding.rule in RULE_PLACES else place(finding.location, invoice.lines)
        where = ANY_LINE if where and where.startswith("line") and not lines_kept else where
        return _at_source((finding.rule,), where, defects)
    result = Conversion(mended=said, paper=paper, source_rules=set(source_rules), uncertain=uncertain,
                        completed=completed, presumed=presumed)
    name = "converted.pdf" if target == "facturx" else "converted.xml"
    try:
        if target == "facturx":
            output = pm.hook.render_facturx(invoice=invoice, profile=profile or "en16931", hook=pm.hook)
        elif target == "cii":
            # Like the Factur-X rendering: an invoice without lines (MINIMUM, BASIC WL source) keeps that profile.
            from guichet.core.model.profiles import effective_profile

            output = pm.hook.write_invoice(invoice=invoice, syntax=target, profile=effective_profile(invoice, profile))
        else:
            output = pm.hook.write_invoice(invoice=invoice, syntax=target, profile=profile or "en16931")
    except ValueError as exc:  # a writer's schema check
        if _writer_refusal_from_source(str(exc), defects, lines_kept):
            # The schema asks for a term the source lacks (no currency, country, date...): the
            # writer invents none, and its refusal is the source's defect, named as the XSD's.
            result.broken = [(Finding("XSD", FATAL, str(exc), None, "xsd"), True)]
            result.broken += [(f, model_from_source(f)) for f in rules.check(invoice) if f.severity == FATAL]
            return result
        result.problem = str(exc)
        output = None
    if output is None:
        result.problem = result.problem or f"aucune extension ne sait écrire le format {target}"
        result.broken = [(f, model_from_source(f)) for f in rules.check(invoice) if f.severity == FATAL]
        return result
    from guichet.core.ops.limited import stop_server

    stop_server()  # the rendering's forkserver is not needed while the output is validated (memory)
    report = validate_bytes(pm, output, name, fr_ctc=None)
    result.report = report
    french = {f.rule: f.message for f in rules.check(invoice)}  # the model rules say it in French
    fatal = [f for f in report.findings if f.severity == FATAL]
    # The Factur-X profile schematron repeats CEN rules under its own ids (FX-SCH-A-..., code lists):
    # a profile finding on an element where a CEN rule the source already broke fires is that same defect.
    # The written XML: where each finding sits (seller, buyer, line n), amounts and values at a location.
    written = _output_xml(pm, output, name) if fatal else None

    def same_as_source(rule: str, where: str | None) -> bool:
        # "XSD" names a whole schema, not one defect: an output's schema finding is the source's only
        # through the term it asks for, at its place (_follows_from_source), not because the source
        # failed its own schema somewhere else.
        return rule != "XSD" and _at_source((rule, *SAME_DEFECT.get(rule, ())), where, defects)

    judged = {}
    for f in fatal:
        rule = official.canonical(f.rule)
        path = _output_path(f, written)
        where = _output_place(f, path, lines_kept)
        judged[id(f)] = (same_as_source(rule, where) or _follows_from_source(rule, f.message, defects, where, path)
                         or (f.layer == "profile" and any(same_as_source(r, where) for r in _profile_terms(f)))
                         or (rule in DECIMAL_RULES and _source_amount_at(written, f.location, source)))
    # The Factur-X profile schematron repeats CEN rules under its own ids (FX-SCH-A-..., code lists):
    # a profile finding on an element where a finding judged the source's fires is that same defect.
    from_source_at = {f.location for f in fatal if f.location and f.layer != "profile" and judged[id(f)]}
    output_rules = {official.canonical(f.rule) for f in fatal if f.layer != "profile"}
    for f in fatal:
        rule = official.canonical(f.rule)
        from_source = judged[id(f)] or (f.layer == "profile" and f.location in from_source_at)
        message = french.get(rule, f.message)
        value = _PROFILE_VALUE.search(f.message) if f.layer == "profile" else None
        terms = _profile_terms(f) if value else ()
        # A value EN 16931 admits that the target's list does not: the target's limit only when the
        # value is the source's (a value a writer made up or mapped is the conversion's defect).
        if not from_source and terms and report.layers.get("cen", "").startswith("ok") \
                and not set(terms) & output_rules and _value_at(written, f.location, value.group(1)) in _strings(source):
            result.target_limits.append(Finding(f.rule, f.severity, message, f.location, f.layer))
            continue
        result.broken.append((Finding(f.rule, f.severity, message, f.location, f.layer), from_source))
    expected = _fields(invoice)
    got = _fields(read_file(pm, output, name).invoice)
    derived = _derived_fields(invoice)
    for key, value in expected.items():
        if got.get(key) == value or (value is None and key in derived and got.get(key) == derived[key]):
            continue
        if value is None:
            # A writer's default (today's date for a missing BT-2...) is not the source's data: refused.
            result.differences.append(f"{key} : absent de la source, écrit {got.get(key)!r} (valeur inventée)")
        elif got.get(key) is None and report.profile in REDUCED_PROFILES:
            result.profile_losses.append(f"{key} : {value!r} non repris, le profil {report.profile.upper()} ne "
                                         f"l'utilise pas (source sans lignes)")
        elif got.get(key) is None and key == "total_tax" and "BR-05" in source_rules:
            # BT-110 is the TaxTotalAmount in the invoice currency: without BT-5 the Factur-X profile
            # marks it not used (drop_not_used), so the source's missing currency takes it along.
            result.profile_losses.append(f"{key} : {value!r} non repris, sans devise de facture (BT-5) "
                                         "le montant n'a pas de devise à porter")
        else:
            result.differences.append(f"{key} : {value!r} relu {got.get(key)!r}")
    result.output = output
    if paper:
        # What the reading could not establish, named in French (the model rules on what was read).
        result.broken += [(f, True) for f in rules.check(invoice) if f.severity == FATAL and f.rule != "BR-01"]
    result.broken = _unique(result.broken)
    return result


#: Where a value Guichet cannot read sits (the element holding it, or its parent) → the term, in French.
VALUE_TERMS_FR = {
    "IssueDateTime": "date de facture (BT-2)", "IssueDate": "date de facture (BT-2)",
    "DueDateDateTime": "date d'échéance (BT-9)", "DueDate": "date d'échéance (BT-9)",
    "PaymentDueDate": "date d'échéance (BT-9)",
    "TaxPointDate": "date du fait générateur de la TVA (BT-7)",
    "OccurrenceDateTime": "date de livraison (BT-72)", "ActualDeliveryDate": "date de livraison (BT-72)",
    "StartDateTime": "début de période de facturation (BT-73/BT-134)", "StartDate": "début de période (BT-73/BT-134)",
    "EndDateTime": "fin de période de facturation (BT-74/BT-135)", "EndDate": "fin de période (BT-74/BT-135)",
    "FormattedIssueDateTime": "date de la facture antérieure (BT-26)",
    "GrandTotalAmount": "total TTC (BT-112)", "DuePayableAmount": "net à payer (BT-115)",
    "TaxBasisTotalAmount": "total HT (BT-109)", "LineTotalAmount": "montant net (BT-106/BT-131)",
    "TaxTotalAmount": "total TVA (BT-110)", "CalculatedAmount": "montant de TVA par taux (BT-117)",
    "BasisAmount": "base (BT-116/BT-93/BT-100)", "ChargeAmount": "prix unitaire (BT-146/BT-148)",
    "BilledQuantity": "quantité facturée (BT-129)", "ActualAmount": "montant de remise ou de frais (BT-92/BT-99)",
}


def _unreadable_value(pm: pluggy.PluginManager, data: bytes, filename: str,
                      exc: UnreadableInput) -> Conversion | None:
    """A source whose XML is there but holds a value Guichet cannot read (a date that does not exist,
    an amount with a stray letter): refused like any source defect (exit 1), naming the field in
    French and the rules the official artefacts find broken. None when there is no XML at all."""
    from guichet.core.parsing.xmlsafe import parse_xml

    from . import validate_bytes

    term = None
    value = str(exc).split(" : ", 1)[-1].strip().strip("'\"")
    xml = data
    embedded = pm.hook.extract_xml(data=data, filename=filename, fmt="facturx") if data[:5] == b"%PDF-" else None
    if embedded is not None:
        xml = embedded.data
    try:
        root = parse_xml(xml)
    except UnreadableInput:
        return None  # not even well-formed XML: unreadable indeed (exit 2)
    for el in root.iter():
        if isinstance(el.tag, str) and (el.text or "").strip() == value:
            names = [etree_local(el), etree_local(el.getparent())]
            term = next((VALUE_TERMS_FR[n] for n in names if n in VALUE_TERMS_FR), None)
            if term:
                break
    try:
        report = validate_bytes(pm, data, filename, fr_ctc=None)
    except UnreadableInput:
        return None  # nothing structured: unreadable indeed (exit 2)
    where = f" dans le champ {term}" if term else ""
    result = Conversion(source_problem=f"la source ne peut pas être lue : {exc}{where}", report=report)
    result.broken = _unique([(f, True) for f in report.findings if f.severity == FATAL])
    result.source_rules = {official.canonical(f.rule) for f, _ in result.broken}
    return result


def etree_local(el: Any) -> str:
    """The local name of an lxml element (empty for None)."""
    if el is None or not isinstance(el.tag, str):
        return ""
    return el.tag.rsplit("}", 1)[-1]


def _follows_from_source(rule: str, message: str, defects: Defects, where: str | None,
                         path: str | None = None) -> bool:
    """An output finding that only says again what the source lacks: the XSD asking for an element
    or attribute holding a term the source does not give (:data:`XSD_TERMS`) at that place (the
    seller's country for a seller without one, not for a buyer without one), or a VAT category
    rule BR-x-01 (a category on lines but not in BG-23) when the source has no lines (BR-16) or no
    VAT breakdown at all (BR-CO-18; UBL's reading of BR-x-01 needs BG-23 where CII's counts lines)."""
    if rule == "XSD":
        expected = _XSD_EXPECTED.search(message)
        names = re.findall(r"\}(\w+)", expected.group(1)) if expected else []
        names += _XSD_ATTRIBUTE.findall(message)
        names += [tag for tag in LINE_TAGS if tag in message]
        return any(_at_source((*XSD_TERMS.get(name, ()), *XSD_CHILD_TERMS.get((_xsd_parent(message, path), name), ())),
                              where, defects) for name in names)
    parts = rule.split("-")
    return (len(parts) == 3 and parts[2] == "01" and parts[1] in rules.CATEGORY_RULES.values()
            and _at_source(("BR-16", "BR-CO-18"), where, defects))


def _xsd_parent(message: str, path: str | None) -> str:
    """The element whose child an XSD finding asks for: the one it names when a child is missing, the
    parent of the one it names when that one came where the missing child should be (``path``: its XPath)."""
    named = _XSD_PARENT.search(message)
    if "not expected" in message:
        steps = _STEP.findall(path or "")
        return steps[-2][0] if len(steps) > 1 else ""
    return named.group(1) if named else ""


def _writer_refusal_from_source(message: str, defects: Defects, lines_kept: bool) -> bool:
    """A writer's schema refusal (``ligne N (path) : error ; ...``) where every error only says again
    what the source lacks at that place (:func:`_follows_from_source`)."""
    errors = [m.group(0) for m in _XSD_ERROR.finditer(message)] or [message]
    findings = [Finding("XSD", FATAL, error, None, "xsd") for error in errors]
    return all(_follows_from_source("XSD", f.message, defects, _output_place(f, _output_path(f, None), lines_kept),
                                    _output_path(f, None)) for f in findings)


def _profile_terms(finding: Finding) -> tuple[str, ...]:
    """The CEN rules a Factur-X profile finding repeats (:data:`PROFILE_VALUE_TERMS`, presence)."""
    value = _PROFILE_VALUE.search(finding.message)
    if value:
        return PROFILE_VALUE_TERMS.get(value.group(1), ())
    presence = _PROFILE_PRESENCE.search(finding.message)
    if presence:
        parent = re.sub(r"\[\d+\]$", "", (finding.location or "").rstrip("/").rsplit("/", 1)[-1])
        return PROFILE_PRESENCE_TERMS.get((parent, presence.group(1)), ())
    return ()


Defects = dict[str, set]  # a rule the source breaks -> the places (:func:`place`) where it breaks it


def place(location: str | None, lines: list[Any] | None = None) -> str | None:
    """Where a finding sits (:data:`PARTY_TAGS`): a party group, ``line n``, or None (the document).

    ``location``: an XPath (official layers) or business terms (the model layer's ``BT-40``,
    ``BG-25[id]/BT-130``, whose line id ``lines``, the model's lines, turn into a rank).
    """
    if not location:
        return None
    if location.startswith("/"):
        for name, index in _STEP.findall(location):
            if name in PARTY_TAGS:
                return PARTY_TAGS[name]
            if name in LINE_TAGS:
                return f"line {index or 1}"
        return None
    line = re.match(r"BG-25\[([^\]]*)\]", location)
    if line:
        ids = [ln.id for ln in lines or []]
        return f"line {ids.index(line.group(1)) + 1}" if line.group(1) in ids else ANY_LINE
    term = re.match(r"B([TG])-(\d+)", location)
    if term and term.group(1) == "G":
        return BG_PARTIES.get(int(term.group(2)))
    if term:
        return next((party for numbers, party in BT_PARTIES if int(term.group(2)) in numbers), None)
    return None


def source_defects(findings: list[Finding], lines: list[Any]) -> Defects:
    """The fatal rules of the source's findings, each with the places it is broken at."""
    defects: Defects = {}
    for f in findings:
        if f.severity == FATAL:
            rule = official.canonical(f.rule)
            defects.setdefault(rule, set()).add(RULE_PLACES[rule] if rule in RULE_PLACES else place(f.location, lines))
    return defects


def _same_place(at_source: str | None, in_output: str | None) -> bool:
    """A source defect at ``at_source`` may be the output finding at ``in_output``: a defect of the
    document (None: the currency, no lines) is written again wherever its term is repeated; a party's
    or a line's only at that party or line (a line of unknown rank: any line)."""
    if at_source is None or in_output is None or at_source == in_output:
        return True
    return at_source.startswith("line") and in_output.startswith("line") and ANY_LINE in (at_source, in_output)


def _at_source(rule_ids: tuple[str, ...] | list[str], where: str | None, defects: Defects) -> bool:
    """True when the source breaks one of ``rule_ids`` at the place ``where`` of the output finding."""
    return any(_same_place(at, where) for r in rule_ids for at in defects.get(r, ()))


def _output_path(finding: Finding, root: Any) -> str | None:
    """The XPath of an output finding: its location, or for the XSD (``ligne N``) the element on that
    line of the written XML (the writers print one element a line) or the path the writer's own
    schema check names; None when not known."""
    location = finding.location
    by_line = _XSD_LINE.match(location or "")
    if by_line and root is not None:
        number = int(by_line.group(1))
        element = next((el for el in root.iter() if isinstance(el.tag, str) and el.sourceline == number), None)
        location = _local_path(element) if element is not None else None
    elif location is None:
        named = _XSD_PATH.search(finding.message)
        location = named.group(1) if named else None
    return location if location and location.startswith("/") else None


def _local_path(element: Any) -> str:
    """``/Invoice[1]/AccountingSupplierParty[1]/...``: the element's path by local names, as the
    official findings' locations read (lxml's getpath writes a default-namespace element as ``*``)."""
    steps = []
    while element is not None:
        parent = element.getparent()
        same = [el for el in parent if el.tag == element.tag] if parent is not None else [element]
        steps.append(f"{etree_local(element)}[{same.index(element) + 1}]")
        element = parent
    return "/" + "/".join(reversed(steps))


def _output_place(finding: Finding, path: str | None, lines_kept: bool) -> str | None:
    """The place of an output finding at ``path`` (:func:`_output_path`); a line's rank is the
    source's only when the mending kept every line."""
    rule = official.canonical(finding.rule)
    if rule in RULE_PLACES:
        return RULE_PLACES[rule]
    where = place(path)
    return ANY_LINE if where and where.startswith("line") and not lines_kept else where


def _value_at(root: Any, location: str | None, name: str) -> str | None:
    """The value a Factur-X profile finding judges (``name``: ``@attr`` or ``ram:Element``) at ``location``."""
    from lxml import etree

    if root is None or not location:
        return None
    steps = [m.groups() for m in re.finditer(r"/(@?)(?:[\w-]+:)?([\w-]+)(?:\[(\d+)\])?", location)]
    xpath = "".join(f"/@*[local-name()='{tag}']" if at else f"/*[local-name()='{tag}']" + (f"[{index}]" if index else "")
                    for at, tag, index in steps)
    try:
        found = root.getroottree().xpath(xpath)
    except etree.XPathError:
        return None
    for item in found:
        if isinstance(item, str):
            return item.strip()
        if name.startswith("@"):
            value = item.get(name[1:])
            return value.strip() if value is not None else None
        return (item.text or "").strip()
    return None


def _leaves(value: Any) -> Iterator[Any]:
    """Every leaf value of the model: dataclasses, lists and tuples walked through."""
    import dataclasses

    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _leaves(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _strings(value: Any) -> set[str]:
    """Every text of the model (codes, identifiers, names), stripped."""
    return {leaf.strip() for leaf in _leaves(value) if isinstance(leaf, str)}


def _output_xml(pm: pluggy.PluginManager, output: bytes, name: str) -> Any:
    """The output's XML tree (the embedded XML of a Factur-X PDF); None when there is none."""
    from guichet.core.parsing.xmlsafe import parse_xml

    xml = output
    if output[:5] == b"%PDF-":
        embedded = pm.hook.extract_xml(data=output, filename=name, fmt="facturx")
        if embedded is None:
            return None
        xml = embedded.data
    try:
        return parse_xml(xml)
    except UnreadableInput:
        return None


def _source_amount_at(root: Any, location: str | None, source: Invoice) -> bool:
    """True when the amount at ``location`` (the XPath of an official finding) in the output is an
    amount of the source with more than two decimals: the source's BR-DEC defect written again, not
    a value a writer computed."""
    from lxml import etree

    if root is None or not location:
        return False
    steps = [m.groups() for m in re.finditer(r"/(?:[\w-]+:)?([\w-]+)(?:\[(\d+)\])?", location)]
    xpath = "".join(f"/*[local-name()='{tag}']" + (f"[{index}]" if index else "") for tag, index in steps)
    try:
        found = root.getroottree().xpath(xpath)
    except etree.XPathError:  # an XPath lxml cannot evaluate: not provably the source's
        return False
    values = {_decimal((el.text or "").strip()) for el in found if hasattr(el, "text")}
    values.discard(None)
    return bool(values) and values <= _amounts(source)


def _decimal(text: str) -> Any:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _amounts(value: Any) -> set[Any]:
    """Every Decimal of the model with more than two decimals (amounts, prices, quantities)."""
    from decimal import Decimal

    return {leaf for leaf in _leaves(value) if isinstance(leaf, Decimal)
            and isinstance(leaf.as_tuple().exponent, int) and leaf.as_tuple().exponent < -2}


def _derived_fields(invoice: Invoice) -> dict[str, Any]:
    """Key fields a syntax must write even when the source left them out, with the value EN 16931
    defines for them: BT-110 (UBL's mandatory cac:TaxTotal/cbc:TaxAmount) is the sum of the BT-117
    (BR-CO-14). Such a value is derived from the source, not invented."""
    from guichet.core.parsing.fields import money

    if not invoice.vat_breakdown:
        return {}
    return {"total_tax": money(invoice.breakdown_tax_total)}


def _unique(broken: list[tuple[Finding, bool]]) -> list[tuple[Finding, bool]]:
    """One entry per rule and French message (the CEN and profile stylesheets report the same rule) and
    origin: a conversion's defect is not hidden behind the same text at a source defect's place."""
    seen: set[tuple[str, str, bool]] = set()
    out = []
    for finding, from_source in broken:
        key = (official.canonical(finding.rule), finding.message, from_source)
        if key not in seen:
            seen.add(key)
            out.append((finding, from_source))
    return out


@click.command("convert")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--to", "target", required=True, type=click.Choice(TARGETS), help="Format de sortie.")
@click.option("--profile", default=None,
              help="Profil : minimum, basicwl, basic, en16931 (défaut), extended ; pour UBL : en16931, peppol, xrechnung.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Fichier produit.")
@click.option("--buyer-siren", metavar="SIREN", default=None,
              help="Facture papier : l'acheteur est la société de ce SIREN (nom, adresse, n° de TVA repris "
                   "de son dossier dans l'instance --data-dir, sinon de la copie locale Sirene).")
@click.option("--json", "as_json", is_flag=True,
              help="Un objet JSON sur la sortie standard : écrit ou non, réparations, complétions, règles enfreintes.")
def convert_command(input_file: str, target: str, profile: str | None, output: str,
                    buyer_siren: str | None = None, as_json: bool = False) -> None:
    """Convertir une facture (Factur-X, CII, UBL, PDF ou image) vers Factur-X, CII ou UBL, sans instance.

    Le fichier n'est écrit que s'il est valide (XSD, EN 16931, profil et conteneur Factur-X)
    et se relit à l'identique ; sinon code 1 et les règles enfreintes, en disant si elles
    viennent de la source.
    """
    from guichet.core.ops.cli import _plugin_manager
    from guichet.core.ops.cli_instance import CommandFailed, command_settings

    def say(message: str) -> None:
        click.echo(f"guichet: {input_file}: {message}", err=True)

    def nothing_written(problem: str) -> None:
        """``--json``: one object on every exit, this one when nothing could be converted."""
        if as_json:
            click.echo(json.dumps(Conversion(source_problem=problem).to_dict(None), ensure_ascii=False, indent=2))

    def unreadable(problem: str) -> NoReturn:
        say(problem)
        nothing_written(problem)
        sys.exit(EXIT_UNREADABLE)

    buyer = None
    if buyer_siren is not None:
        from guichet.core.ops.cli_instance import valid_siren_or_fail

        try:
            buyer = Buyer(valid_siren_or_fail(buyer_siren))  # the commands' one check and message (exit 2)
        except CommandFailed as exc:
            nothing_written(exc.message)
            raise
    path = Path(input_file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        unreadable(exc.strerror or str(exc))
    from guichet.core.ops import limited

    # The reading's and the rendering's children forked from this single-threaded command, as
    # `guichet extract` does: no forkserver process beside it (a second interpreter, ~130 MB resident for nothing).
    limited.one_shot()
    pm = _plugin_manager(click.get_current_context())
    settings = command_settings()
    if buyer is not None:
        from guichet.core.ops.cli_instance import known_company

        try:
            buyer.company, buyer.stored = known_company(buyer.siren, settings, pm)
        except CommandFailed as exc:  # an instance whose schema is not current (exit 2)
            nothing_written(exc.message)
            raise
    official.limit_memory()
    try:
        result = convert_bytes(pm, data, path.name, target, profile, settings=settings, buyer=buyer)
    except UnreadableInput as exc:
        unreadable(str(exc))
    finally:
        official.engine().stop()
    if buyer is not None and not result.paper:
        say("--buyer-siren ignoré : la source porte ses données structurées (XML), l'acheteur est le sien")
    for line in result.mended:
        say(f"réparé dans la source : {line}")
    for line in result.completed:
        say(f"complété : {line}")
    if result.ok and result.source_rules and not result.paper:
        # Written anyway: what the source broke is not in the output (rewritten from the model); said, not hidden.
        say(f"la source enfreignait {', '.join(sorted(result.source_rules))} ; le fichier produit ne les enfreint plus")
    if not result.ok:
        if result.uncertain and not (result.broken or result.differences or result.problem):
            say("conversion refusée : lecture trop incertaine pour écrire la facture sans vérification ; "
                "rien n'a été écrit")
        else:
            say("conversion refusée : la facture produite ne serait pas valide ; rien n'a été écrit")
        for problem in (result.source_problem, result.problem):
            if problem:
                click.echo(f"  {problem}", err=True)
        if result.missing:
            click.echo(f"  champs que la lecture n'a pas pu établir : {' ; '.join(result.missing)}", err=True)
        for finding, from_source in result.broken:
            origin = ("non établi par la lecture" if result.paper else "déjà dans la source") if from_source \
                else "introduite par la conversion"
            label = SEVERITY_LABELS.get(finding.severity, finding.severity)
            where = f" ({finding.location})" if finding.location else ""
            click.echo(f"  [{label}] {finding.rule} ({origin}) : {finding.message}{where}", err=True)
        for finding in result.target_limits:
            label = SEVERITY_LABELS.get(finding.severity, finding.severity)
            where = f" ({finding.location})" if finding.location else ""
            click.echo(f"  [{label}] {finding.rule} (valeur de la source admise par EN 16931, hors des listes du "
                       f"profil Factur-X : le format cible ne peut pas la porter) : {finding.message}{where}", err=True)
        for loss in result.profile_losses:
            click.echo(f"  relecture différente (due à la source) : {loss}", err=True)
        for difference in result.differences:
            click.echo(f"  relecture différente : {difference}", err=True)
        if as_json:
            click.echo(json.dumps(result.to_dict(None), ensure_ascii=False, indent=2))
        sys.exit(EXIT_REFUSED)
    Path(output).write_bytes(result.output or b"")
    if result.presumed:
        # A presumed value is written (a domestic address carries no country), never as if read: to be checked.
        values = " ; ".join(f"{FIELD_TERMS_FR.get(key, key)} {value}" for key, value in result.presumed.items())
        say(f"écrit avec une valeur présumée, non lue sur la page, à vérifier : {values}")
    if as_json:
        click.echo(json.dumps(result.to_dict(output), ensure_ascii=False, indent=2))
