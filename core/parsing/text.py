"""Words on pages and the fields proposed from them (documents without structured XML).

Shared by the text readers (``extract_words`` hook: text layer, OCR engines), the
field proposers (``propose_fields`` hook), the supplier memory and the operator
coding screen. Boxes are ``(x0, y0, x1, y1)`` as fractions of the page's width and
height, origin at the top left, so that a position learnt on a text-layer PDF fits
a 200 dpi scan of the same layout. Confidences are floats in [0, 1].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from guichet.core.parsing.fields import FIELD_NAMES

Box = tuple[float, float, float, float]

#: Fields proposed beside the ``guichet extract --json`` ones: the seller's registration other than a SIREN (BT-30:
#: « HRB 12345 », a British company number) and its tax number that is not a VAT number (BT-32: a Steuernummer);
#: its trading name beside the registered one (BT-28).
EXTRA_FIELDS: tuple[str, ...] = ("bic", "payment_terms", "seller_legal_id", "seller_tax_id",
                                  "payee_name", "payee_siren", "payee_legal_id", "seller_trading_name")
#: The payee's fields (BG-10: a factor the invoice was sold to): its name BT-59, its SIREN or register entry BT-61.
PAYEE_FIELDS: tuple[str, ...] = ("payee_name", "payee_siren", "payee_legal_id")
#: Under this confidence a payee read is shown to the operator only, never put in the invoice (``proposal_invoice``).
PAYEE_MIN_CONFIDENCE = 0.3
#: Every single-valued field a proposal may carry.
PROPOSED_FIELDS: tuple[str, ...] = FIELD_NAMES + EXTRA_FIELDS
#: The seller's postal address as an operator codes it (BG-5: BT-35, BT-38, BT-37, BT-40).
ADDRESS_FIELDS: tuple[str, ...] = ("seller_address", "seller_postcode", "seller_city", "seller_country")
#: The buyer's postal address as a reading proposes it from the block under its name (BG-8: BT-50, BT-53, BT-52, BT-55).
BUYER_ADDRESS_FIELDS: tuple[str, ...] = ("buyer_address", "buyer_postcode", "buyer_city", "buyer_country")
#: The seller's own identifier (BT-29) as its form prints it (« Nummer: 549910 » under « Verkäufer »), and its scheme
#: (BT-29-1, an ISO 6523 ICD) when printed beside it (« (GLN) »).
SELLER_ID_FIELDS: tuple[str, ...] = ("seller_identifier", "seller_identifier_scheme")
#: Fields holding amounts (decimal strings) and dates (ISO).
AMOUNT_FIELDS = frozenset({"total_without_tax", "total_tax", "total_with_tax", "amount_due"})
DATE_FIELDS = frozenset({"issue_date", "due_date"})


#: Pages of a PDF looked at most for its words or its attachments (a 300-page PDF is not an invoice):
#: shared by the text reader and the Factur-X attachment check, which plugins cannot import from each other.
MAX_PDF_PAGES = 50

@dataclass
class Word:
    """One word as read: its text, box on the page, confidence and page number (from 1).

    ``baseline``: the height (fraction of the page) of the line the word's letters stand on, as
    OCR found it (None for a text layer): unlike the box, it moves neither with descenders nor with
    a word made of small letters, so that words of one printed line share it (:func:`text_lines`).
    """

    text: str
    box: Box
    confidence: float = 1.0
    page: int = 1
    baseline: float | None = None

    @property
    def cx(self) -> float:
        """Horizontal centre."""
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return (self.box[1] + self.box[3]) / 2


@dataclass
class Page:
    """A page: its size in ``unit`` (``pt`` for PDFs, ``px`` for images) and its words."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    unit: str = "pt"
    rotation: int = 0  # degrees the reader turned the page to read it upright

    @property
    def text(self) -> str:
        """The page's text, line by line (reading order)."""
        return "\n".join(" ".join(w.text for w in line) for line in text_lines(self))


@dataclass
class TextResult:
    """What an ``extract_words`` implementation read from a file."""

    pages: list[Page]
    source: str  # guichet.core.parsing.fields.SOURCE_TEXT or SOURCE_OCR
    engine: str  # "pdfium", "tesseract 5.3.0", ...

    @property
    def word_count(self) -> int:
        """Number of words over all pages."""
        return sum(len(p.words) for p in self.pages)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored for the coding screen); a word's unknown baseline is left out."""
        pages = [asdict(p) for p in self.pages]
        for page in pages:
            for word in page["words"]:
                if word.get("baseline") is None:
                    word.pop("baseline", None)
        return {"source": self.source, "engine": self.engine, "pages": pages}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextResult:
        """Inverse of :meth:`to_dict`."""
        pages = []
        for p in data.get("pages", []):
            words = [Word(w["text"], tuple(w["box"]), w.get("confidence", 1.0), w.get("page", p["number"]),
                          w.get("baseline")) for w in p.get("words", [])]
            pages.append(Page(p["number"], p["width"], p["height"], words, p.get("unit", "pt"),
                              p.get("rotation", 0)))
        return cls(pages=pages, source=data.get("source", ""), engine=data.get("engine", ""))


@dataclass
class FieldValue:
    """A proposed value with its support: confidence, page and box, the label it followed."""

    value: str | None
    confidence: float = 0.0
    page: int | None = None
    box: Box | None = None
    label: str | None = None
    origin: str = "rules"  # rules | memory | <plugin>
    #: What, besides its label, makes the value sure (« ranking »: an invoice number read under a bare « Référence »
    #: or with no label that the learnt ranking of its candidates puts first by a margin); a gate may trust it.
    confirmed_by: str | None = None


@dataclass
class VatRow:
    """One proposed VAT breakdown row (rate in percent, amounts as decimal strings)."""

    rate: str | None
    taxable_amount: str | None
    tax_amount: str | None
    confidence: float = 0.0
    page: int | None = None
    box: Box | None = None
    #: The VAT category code printed on the row (BT-118: « E », « K », « AE »...), when the page prints one.
    category: str | None = None
    #: The VATEX exemption reason code printed on the row (BT-121: « VATEX-EU-IC »).
    exemption_code: str | None = None


@dataclass
class LineItem:
    """One proposed invoice line, read from a tabular layout."""

    description: str
    quantity: str | None = None
    unit_price: str | None = None
    amount: str | None = None
    vat_rate: str | None = None
    confidence: float = 0.0
    page: int | None = None
    box: Box | None = None


@dataclass
class FieldProposal:
    """Everything proposed for one document. A field with no support is absent or has value None."""

    fields: dict[str, FieldValue] = field(default_factory=dict)
    vat_breakdown: list[VatRow] = field(default_factory=list)
    lines: list[LineItem] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        """The proposed value of ``name``, or None."""
        fv = self.fields.get(name)
        return fv.value if fv else None

    def values(self) -> dict[str, str | None]:
        """Every proposed field's value (None when unknown)."""
        return {name: self.value(name) for name in PROPOSED_FIELDS}

    def confidence(self) -> dict[str, float]:
        """Per-field confidence of the known fields."""
        return {n: round(fv.confidence, 3) for n, fv in self.fields.items() if fv.value is not None}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FieldProposal:
        """Inverse of :meth:`to_dict`."""

        def fix(d: dict[str, Any]) -> dict[str, Any]:
            return {**d, "box": tuple(d["box"]) if d.get("box") else None}

        return cls(
            fields={k: FieldValue(**fix(v)) for k, v in (data.get("fields") or {}).items()},
            vat_breakdown=[VatRow(**fix(v)) for v in data.get("vat_breakdown") or []],
            lines=[LineItem(**fix(v)) for v in data.get("lines") or []],
        )


def merge_proposals(proposals: list[FieldProposal | None]) -> FieldProposal:
    """One proposal from several: per field, the supported value with the highest confidence."""
    merged = FieldProposal()
    for proposal in proposals:
        if proposal is None:
            continue
        for name, fv in proposal.fields.items():
            if fv.value is None:
                continue
            best = merged.fields.get(name)
            if best is None or fv.confidence > best.confidence:
                merged.fields[name] = fv
        if len(proposal.vat_breakdown) > len(merged.vat_breakdown):
            merged.vat_breakdown = proposal.vat_breakdown
        if len(proposal.lines) > len(merged.lines):
            merged.lines = proposal.lines
    return merged


#: Words with no baseline (a text layer) whose vertical centres differ by less than this share of the
#: smaller one's height are on one line.
TEXT_LAYER_TOLERANCE = 0.5


def text_lines(page: Page) -> list[list[Word]]:
    """Group the page's words into lines (top to bottom, each left to right).

    Words read by OCR with their baseline (:attr:`Word.baseline`) are grouped by it
    (:func:`_baseline_lines`). Others: two words are on one line when their vertical centres
    differ by less than :data:`TEXT_LAYER_TOLERANCE` times the smaller word height. Written by hand:
    pdfplumber has its own grouping, but OCR words need the same one.
    """
    if page.words and any(w.baseline is not None for w in page.words):
        return _baseline_lines(page.words)
    words = sorted(page.words, key=lambda w: (w.cy, w.box[0]))
    lines: list[list[Word]] = []
    centres: list[float] = []
    heights: list[float] = []
    for word in words:
        height = max(word.box[3] - word.box[1], 1e-4)
        if lines and abs(word.cy - centres[-1]) < TEXT_LAYER_TOLERANCE * min(height, heights[-1]):
            lines[-1].append(word)
            n = len(lines[-1])
            centres[-1] += (word.cy - centres[-1]) / n
            continue
        lines.append([word])
        centres.append(word.cy)
        heights.append(height)
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


#: Words whose baselines differ by less than this share of the smaller one's height are on one line...
BASELINE_TOLERANCE = 0.3
#: ... and so are words whose centres do (a table row's cells are set centred: a small label beside a
#: large amount stand on baselines apart, their centres level).
CENTRE_TOLERANCE = 0.2


def _baseline_lines(words: list[Word]) -> list[list[Word]]:
    """OCR words in lines by the baseline they stand on.

    OCR boxes hug the letters: a word of small letters ("au"), one with descenders ("paying") or a
    framed cell's value whose box takes in a bit of the frame have their centres apart from their
    neighbours', and comparing centres chained a line of one column to the next line of the column
    beside it ("Tel. 05 22 48" with the invoice number's row, a small sender line with "N° de
    pièce"). Words of one printed line stand on one baseline whatever their size, type or case: a
    word joins the line whose baseline is within :data:`BASELINE_TOLERANCE` of the smaller of its
    height and the line's tallest (a word with no baseline stands on its box's bottom; punctuation
    counts as half a usual word's height). A line's baseline (and centre) is the mean of its words': held
    at its first word's, a line begun by a neighbouring column's word a few pixels higher kept the words
    of its own cell on both sides of the tolerance (« Numéro de  2026/28153 » on one line, « facture » alone).
    """
    import statistics

    def base(word: Word) -> float:
        return word.baseline if word.baseline is not None else word.box[3]

    usual = [w.box[3] - w.box[1] for w in words if any(c.isalnum() for c in w.text)]
    floor = max(0.5 * statistics.median(usual) if usual else 0.0, 1e-4)
    lines: list[list[Word]] = []
    bases: list[float] = []
    centres: list[float] = []
    heights: list[float] = []
    for word in sorted(words, key=lambda w: (base(w), w.box[0])):
        height = max(word.box[3] - word.box[1], floor)
        if lines and (abs(base(word) - bases[-1]) < BASELINE_TOLERANCE * min(height, heights[-1])
                      or abs(word.cy - centres[-1]) < CENTRE_TOLERANCE * min(height, heights[-1])):
            lines[-1].append(word)
            heights[-1] = max(heights[-1], height)
            bases[-1] += (base(word) - bases[-1]) / len(lines[-1])
            centres[-1] += (word.cy - centres[-1]) / len(lines[-1])
            continue
        lines.append([word])
        bases.append(base(word))
        centres.append(word.cy)
        heights.append(height)
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def union_box(words: list[Word]) -> Box | None:
    """The box around ``words``."""
    if not words:
        return None
    return (min(w.box[0] for w in words), min(w.box[1] for w in words),
            max(w.box[2] for w in words), max(w.box[3] for w in words))


# ---------------------------------------------------------------------------
# Proposal → invoice model
# ---------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def invoice_from_fields(
    values: dict[str, Any],
    *,
    vat_breakdown: list[VatRow] | list[dict[str, Any]] = (),
    lines: list[LineItem] | list[dict[str, Any]] = (),
    syntax: str | None = None,
) -> Any:
    """Build an :class:`~guichet.core.model.invoice.Invoice` from flat field values.

    Used for proposals and for what an operator codes. Unknown or blank values stay None;
    identifiers are kept only when their checksum holds.
    """
    from guichet.core.model import identifiers as ids
    from guichet.core.model.invoice import (
        SCHEME_SIREN,
        Address,
        SCHEME_SIRET,
        Identifier,
        Invoice,
        Line,
        Party,
        PaymentMeans,
        Totals,
        VatBreakdown,
    )

    def text(name: str) -> str | None:
        value = values.get(name)
        return str(value).strip() or None if value is not None else None

    seller_ids = []
    siret = ids.valid_siret(text("seller_siret"))
    if siret:
        seller_ids.append(Identifier(siret, SCHEME_SIRET))
    if text("seller_identifier"):
        seller_ids.append(Identifier(text("seller_identifier"), text("seller_identifier_scheme")))
    siren = ids.valid_siren(text("seller_siren")) or (siret[:9] if siret else None)
    # BT-30: the SIREN (scheme 0002); else another register's entry as printed, with no scheme (« HRB 12345 »)
    legal = Identifier(siren, SCHEME_SIREN) if siren else Identifier(text("seller_legal_id")) if text("seller_legal_id") else None
    seller = Party(name=text("seller_name"), vat_id=text("seller_vat_id"), legal_id=legal, identifiers=seller_ids,
                   tax_registration_id=text("seller_tax_id"), trading_name=text("seller_trading_name"))
    if any(text(name) for name in ADDRESS_FIELDS):
        country = (text("seller_country") or "").upper() or None
        seller.address = Address(line1=text("seller_address"), postcode=text("seller_postcode"),
                                 city=text("seller_city"), country=country)
    buyer_siren = ids.valid_siren(text("buyer_siren"))
    buyer = Party(name=text("buyer_name"), vat_id=text("buyer_vat_id"),
                  legal_id=Identifier(buyer_siren, SCHEME_SIREN) if buyer_siren else None)
    if any(text(name) for name in BUYER_ADDRESS_FIELDS):
        buyer.address = Address(line1=text("buyer_address"), postcode=text("buyer_postcode"),
                                city=text("buyer_city"), country=(text("buyer_country") or "").upper() or None)
    payee = None
    if text("payee_name"):
        payee_siren = ids.valid_siren(text("payee_siren"))
        payee = Party(name=text("payee_name"),
                      legal_id=Identifier(payee_siren, SCHEME_SIREN) if payee_siren
                      else Identifier(text("payee_legal_id")) if text("payee_legal_id") else None)
    means = []
    if text("iban"):  # a BIC alone is no account to pay to (BR-49/BR-50 want a means with its account)
        means.append(PaymentMeans(type_code="58", iban=ids.compact(text("iban")) or None,
                                  bic=ids.compact(text("bic")) or None))
    rows = []
    for row in vat_breakdown:
        data = vars(row) if isinstance(row, VatRow) else dict(row)  # read only: no deep copy of each row
        taxable, tax = _decimal(data.get("taxable_amount")), _decimal(data.get("tax_amount"))
        if taxable is None or tax is None:
            continue
        rate = _decimal(data.get("rate"))
        # The category and its exemption reason as coded; a positive rate without one is "S". A zero
        # rate's category depends on why no VAT is due: guichet.core.pipeline.completion proposes it.
        category = (data.get("category") or "").strip().upper() or ("S" if rate else "")
        rows.append(VatBreakdown(category=category, rate=rate, taxable_amount=taxable, tax_amount=tax,
                                 exemption_code=(data.get("exemption_code") or "").strip().upper() or None,
                                 exemption_reason=(data.get("exemption_reason") or "").strip() or None))
    items = []
    for item in lines:
        data = vars(item) if isinstance(item, LineItem) else dict(item)  # read only: no deep copy of each line
        if not any(str(data.get(k) or "").strip() for k in ("description", "quantity", "unit_price", "amount")):
            continue  # an empty row of the coding screen
        items.append(Line(id=str(len(items) + 1), name=(data.get("description") or "").strip() or None,
                          quantity=_decimal(data.get("quantity")), unit_code=(data.get("unit_code") or None),
                          net_price=_decimal(data.get("unit_price")), net_amount=_decimal(data.get("amount")),
                          vat_rate=_decimal(data.get("vat_rate")),
                          vat_category=(data.get("vat_category") or "").strip().upper() or None))
    total_with_tax = _decimal(values.get("total_with_tax"))
    return Invoice(
        number=text("invoice_number"),
        issue_date=_date(values.get("issue_date")),
        due_date=_date(values.get("due_date")),
        type_code=text("document_type_code"),
        currency=text("currency"),
        payment_terms=text("payment_terms"),
        seller=seller,
        buyer=buyer,
        payee=payee,
        payment_means=means,
        totals=Totals(
            tax_exclusive=_decimal(values.get("total_without_tax")),
            tax_total=_decimal(values.get("total_tax")),
            tax_inclusive=total_with_tax,
            amount_due=_decimal(values.get("amount_due")),
        ),
        vat_breakdown=rows,
        lines=items,
        syntax=syntax,
    )


def proposal_invoice(proposal: FieldProposal, syntax: str | None = None) -> Any:
    """The invoice model of a proposal (for storage and the ``extract`` command)."""
    values = {**proposal.values(),
              **{name: proposal.value(name) for name in ADDRESS_FIELDS + BUYER_ADDRESS_FIELDS + SELLER_ID_FIELDS}}
    payee = proposal.fields.get("payee_name")
    if payee is None or payee.confidence < PAYEE_MIN_CONFIDENCE:  # a payee shown only is not written
        values.update(dict.fromkeys(PAYEE_FIELDS))
    return invoice_from_fields(values, vat_breakdown=proposal.vat_breakdown, lines=proposal.lines, syntax=syntax)
