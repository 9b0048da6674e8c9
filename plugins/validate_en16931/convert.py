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

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guichet.core.errors import UnreadableInput
from guichet.core.parsing import on_page
from guichet.core.parsing.on_page import dates_on_page
from guichet.core.model.states import SEVERITY_LABELS

from . import engine as official
from . import rules
from .mend import mend
from .report import FATAL, Finding, Report

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.invoice import Invoice

#: The rules a paper reading breaks when it could not establish a field → the field, in French.
FIELD_NAMES_FR: dict[str, tuple[str, ...]] = {
    "BR-02": ("numéro de facture (BT-1)",), "BR-03": ("date de facture (BT-2)",),
    "BR-06": ("nom du vendeur (BT-27)",), "BR-07": ("nom de l'acheteur (BT-44)",),
    "BR-08": ("adresse du vendeur (BG-5)",), "BR-09": ("pays du vendeur (BT-40)",),
    "BR-10": ("adresse de l'acheteur (BG-8)",), "BR-11": ("pays de l'acheteur (BT-55)",),
    "BR-13": ("total HT (BT-109)",), "BR-14": ("total TTC (BT-112)",), "BR-15": ("net à payer (BT-115)",),
    "BR-16": ("lignes ou ventilation de TVA par taux (BG-23)",), "BR-CO-18": ("ventilation de TVA par taux (BG-23)",),
    "BR-CO-25": ("date d'échéance (BT-9) ou conditions de paiement (BT-20)",),
    "BR-CO-26": ("identifiant du vendeur : SIREN, SIRET ou n° de TVA (BT-29/BT-30/BT-31)",),
    "BR-S-02": ("n° de TVA du vendeur (BT-31)",), "BR-AE-02": ("n° de TVA du vendeur et de l'acheteur (BT-31, BT-48)",),
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


def _date_doubt(record: dict[str, Any], confidence: dict[str, float], wording: str) -> list[str]:
    """The issue date read weakly while the page shows other dates than it and the due date."""
    issue = record.get("issue_date")
    if not issue or not PAPER_MIN_CONFIDENCE <= confidence.get("issue_date", 1.0) < PAPER_SURE_DATE:
        return []
    others = {d.isoformat() for d in dates_on_page(wording)} - {issue, record.get("due_date")}
    if not others:
        return []
    return ["date de facture (BT-2) (lecture incertaine : d'autres dates figurent sur la page)"]


def _number_doubt(reading: Any) -> list[str]:
    """An OCR'd invoice number followed closely on its line by more digits (« 2025/7 1080 »): the OCR
    may have cut the number in two. A word (« du 05/02/2025 ») or a dash there is ordinary text."""
    from guichet.core.parsing.fields import SOURCE_OCR

    number = reading.proposal.fields.get("invoice_number")
    if reading.text.source != SOURCE_OCR or number is None or not number.value or number.box is None:
        return []
    page = next((p for p in reading.text.pages if p.number == number.page), None)
    if page is None:
        return []
    x0, y0, x1, y1 = number.box
    char = (x1 - x0) / max(len(number.value), 1)
    for word in page.words:
        on_line = y0 <= word.cy <= y1
        gap = word.box[0] - x1
        if on_line and 0 <= gap < 1.5 * char and re.fullmatch(r"\d+", word.text):  # « du », « - »: words
            return [f"numéro de facture (BT-1) (lecture incertaine : « {number.value} » suivi de « {word.text} »)"]
    return []


def _uncertain(confidence: dict[str, float]) -> list[str]:
    """The key fields a paper reading found, but too weakly to write them with no person, in French."""
    return [f"{name} (lecture incertaine)" for key, name in PAPER_KEY_FIELDS_FR.items()
            if key in confidence and confidence[key] < PAPER_MIN_CONFIDENCE]


def currencies_on_page(wording: str) -> set[str]:
    """The currencies the page writes beside an amount: ISO 4217 codes (the EN 16931 code list) and signs."""
    from .codes import CURRENCIES

    return on_page.currencies_on_page(wording, CURRENCIES)


def _currency_doubt(read_currency: str | None, wording: str) -> list[str]:
    """A paper reading that found no currency is written in euros only when the page shows no other one."""
    if read_currency:
        return []
    others = sorted(currencies_on_page(wording) - {"EUR"})
    return [f"devise (BT-5) : la page montre {', '.join(others)}, non lue"] if others else []


def _source(pm: pluggy.PluginManager, data: bytes, filename: str) -> tuple[Invoice, set[str], bool, list[str]]:
    """The source invoice, the rules it already breaks (EN 16931 / Factur-X), whether it is paper,
    and, for paper, the key fields read too weakly to be written with no person (:func:`_uncertain`)."""
    from guichet.core.pipeline.reading import read_file

    from . import run_layers

    result = read_file(pm, data, filename)
    if result.invoice is not None:
        # The EN 16931 rules the source breaks (XSD and CEN: its Factur-X packaging is not carried over).
        report = run_layers(result.xml, result.invoice, str(result.xml_format), fr_ctc=None)
        broken = {official.canonical(f.rule) for f in report.findings if f.severity == FATAL}
        if not report.layers.get("cen", "").startswith("ok"):
            # No EN 16931 artefact judged the source (ZUGFeRD 1.0, MINIMUM...): the same rules on its model do.
            broken |= {f.rule for f in rules.check(result.invoice) if f.severity == FATAL}
        return result.invoice, broken, False, []
    from guichet.core.pipeline.paper import read_paper

    from guichet.core.pipeline.completion import complete

    reading = read_paper(pm, data, str(result.format), filename)
    if reading is None:
        raise UnreadableInput("aucune donnée structurée (PDF ou image sans XML) et aucun lecteur de texte installé")
    # What the paper gives, completed into an EN 16931 invoice (lines per VAT rate, categories, countries).
    wording = "\n".join(page.text for page in reading.text.pages)
    read = reading.invoice()
    confidence = reading.confidence()
    doubts = (_uncertain(confidence) + _number_doubt(reading) + _date_doubt(reading.record(), confidence, wording)
              + _currency_doubt(read.currency, wording))
    invoice = complete(read, pm=pm, wording=wording, read=True).invoice
    return invoice, {f.rule for f in rules.check(invoice) if f.severity == FATAL}, True, doubts


def convert_bytes(pm: pluggy.PluginManager, data: bytes, filename: str, target: str,
                  profile: str | None = None) -> Conversion:
    """Convert ``data``; the result says whether its output may be written.

    :raises UnreadableInput: when the input cannot be read at all.
    """
    from guichet.core.pipeline.reading import read_file

    from . import validate_bytes

    try:
        source, source_rules, paper, uncertain = _source(pm, data, filename)
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
        source_rules = {*source_rules, "BR-16"}
    result = Conversion(mended=said, paper=paper, source_rules=set(source_rules), uncertain=uncertain)
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
        if _follows_from_source("XSD", str(exc), source_rules):
            # The schema asks for a term the source lacks (no currency, country, date...): the
            # writer invents none, and its refusal is the source's defect, named as the XSD's.
            result.broken = [(Finding("XSD", FATAL, str(exc), None, "xsd"), True)]
            result.broken += [(f, f.rule in source_rules) for f in rules.check(invoice) if f.severity == FATAL]
            return result
        result.problem = str(exc)
        output = None
    if output is None:
        result.problem = result.problem or f"aucune extension ne sait écrire le format {target}"
        result.broken = [(f, f.rule in source_rules) for f in rules.check(invoice) if f.severity == FATAL]
        return result
    from guichet.core.ops.limited import stop_server

    stop_server()  # the rendering's forkserver is not needed while the output is validated (memory)
    report = validate_bytes(pm, output, name, fr_ctc=None)
    result.report = report
    french = {f.rule: f.message for f in rules.check(invoice)}  # the model rules say it in French
    fatal = [f for f in report.findings if f.severity == FATAL]
    # The Factur-X profile schematron repeats CEN rules under its own ids (FX-SCH-A-..., code lists):
    # a profile finding on an element where a CEN rule the source already broke fires is that same defect.
    written = _output_xml(pm, output, name) if any(f.rule in DECIMAL_RULES for f in fatal) else None

    def same_as_source(rule: str) -> bool:
        return rule in source_rules or any(r in source_rules for r in SAME_DEFECT.get(rule, ()))

    judged = {}
    for f in fatal:
        rule = official.canonical(f.rule)
        judged[id(f)] = (same_as_source(rule) or _follows_from_source(rule, f.message, source_rules)
                         or (f.layer == "profile" and any(same_as_source(r) for r in _profile_terms(f)))
                         or (rule in DECIMAL_RULES and _source_amount_at(written, f.location, source)))
    # The Factur-X profile schematron repeats CEN rules under its own ids (FX-SCH-A-..., code lists):
    # a profile finding on an element where a finding judged the source's fires is that same defect.
    from_source_at = {f.location for f in fatal if f.location and f.layer != "profile" and judged[id(f)]}
    output_rules = {official.canonical(f.rule) for f in fatal if f.layer != "profile"}
    for f in fatal:
        rule = official.canonical(f.rule)
        from_source = judged[id(f)] or (f.layer == "profile" and f.location in from_source_at)
        message = french.get(rule, f.message)
        terms = _profile_terms(f) if f.layer == "profile" and _PROFILE_VALUE.search(f.message) else ()
        if not from_source and terms and report.layers.get("cen", "").startswith("ok") \
                and not set(terms) & output_rules:
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


def _follows_from_source(rule: str, message: str, source_rules: set[str]) -> bool:
    """An output finding that only says again what the source lacks: the XSD asking for an element
    or attribute holding a term the source does not give (:data:`XSD_TERMS`), or a VAT category
    rule BR-x-01 (a category on lines but not in BG-23) when the source has no lines (BR-16) or no
    VAT breakdown at all (BR-CO-18; UBL's reading of BR-x-01 needs BG-23 where CII's counts lines)."""
    if rule == "XSD":
        expected = _XSD_EXPECTED.search(message)
        names = re.findall(r"\}(\w+)", expected.group(1)) if expected else []
        names += _XSD_ATTRIBUTE.findall(message)
        names += [tag for tag in LINE_TAGS if tag in message]
        return any(r in source_rules for name in names for r in XSD_TERMS.get(name, ()))
    parts = rule.split("-")
    return (len(parts) == 3 and parts[2] == "01" and parts[1] in rules.CATEGORY_RULES.values()
            and bool({"BR-16", "BR-CO-18"} & source_rules))


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
    import dataclasses
    from decimal import Decimal

    found: set[Any] = set()
    if isinstance(value, Decimal):
        if isinstance(value.as_tuple().exponent, int) and value.as_tuple().exponent < -2:
            found.add(value)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            found |= _amounts(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            found |= _amounts(item)
    return found


def _derived_fields(invoice: Invoice) -> dict[str, Any]:
    """Key fields a syntax must write even when the source left them out, with the value EN 16931
    defines for them: BT-110 (UBL's mandatory cac:TaxTotal/cbc:TaxAmount) is the sum of the BT-117
    (BR-CO-14). Such a value is derived from the source, not invented."""
    from guichet.core.parsing.fields import money

    if not invoice.vat_breakdown:
        return {}
    return {"total_tax": money(invoice.breakdown_tax_total)}


def _unique(broken: list[tuple[Finding, bool]]) -> list[tuple[Finding, bool]]:
    """One entry per rule and French message (the CEN and profile stylesheets report the same rule)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for finding, from_source in broken:
        key = (official.canonical(finding.rule), finding.message)
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
def convert_command(input_file: str, target: str, profile: str | None, output: str) -> None:
    """Convertir une facture (Factur-X, CII, UBL, PDF ou image) vers Factur-X, CII ou UBL, sans instance.

    Le fichier n'est écrit que s'il est valide (XSD, EN 16931, profil et conteneur Factur-X)
    et se relit à l'identique ; sinon code 1 et les règles enfreintes, en disant si elles
    viennent de la source.
    """
    from guichet.core.ops.cli import _plugin_manager

    def say(message: str) -> None:
        click.echo(f"guichet: {input_file}: {message}", err=True)

    path = Path(input_file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        say(exc.strerror or str(exc))
        sys.exit(EXIT_UNREADABLE)
    from guichet.core.ops import limited

    # The reading's and the rendering's children forked from this single-threaded command, as
    # `guichet extract` does: no forkserver process beside it (a second interpreter, ~130 MB resident for nothing).
    limited.one_shot()
    pm = _plugin_manager(click.get_current_context())
    official.limit_memory()
    try:
        result = convert_bytes(pm, data, path.name, target, profile)
    except UnreadableInput as exc:
        say(str(exc))
        sys.exit(EXIT_UNREADABLE)
    finally:
        official.engine().stop()
    for line in result.mended:
        say(f"réparé dans la source : {line}")
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
        sys.exit(EXIT_REFUSED)
    Path(output).write_bytes(result.output or b"")
