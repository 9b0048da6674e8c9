"""The whole proposal of a document, plus its payment terms, currency and table lines."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from guichet.core.parsing import on_page
from guichet.core.parsing.fields import SOURCE_OCR, money
from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.text import FieldProposal, FieldValue, LineItem, Page, union_box
from guichet.core.parsing.values import parse_amount, parse_rate
from guichet.core.parsing.vat_bases import KNOWN_RATES
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.vocabulary import Labels
from guichet.plugins.fields_rules.blocks import (
    _name_of,
    address_blocks,
    buyer_address,
    buyer_by_identifier,
    buyer_from_blocks,
    buyer_in_grid_row,
    buyer_on_labelled_line,
    buyer_over_comma_address,
    buyer_under_sender_line,
    buyer_under_heading,
    seller_address,
    seller_form_identifier,
    without_contact,
)
from guichet.plugins.fields_rules.lines import (
    _RATE_RE,
    Cand,
    Line,
    amounts,
    best,
    cand_confidence,
    cell_span,
    fold,
    dates,
    label_hits,
    labelled,
    make_lines,
    month_first,
)
from guichet.plugins.fields_rules.names import (
    FACTOR_WRITTEN,
    STATED_TRADING_NAME,
    factor_payee,
    form_as_read,
    name_key,
    seller_names,
)
from guichet.plugins.fields_rules.number_ranker import ranked_number
from guichet.plugins.fields_rules.numbers import (
    SURE_ISSUE_DATE,
    _least_confused,
    due_date,
    scheduled_due_date,
    issue_date,
    receipt_paid_date,
    under_issue_date_header,
)
from guichet.plugins.fields_rules.parties import buyer_name, parties
from guichet.plugins.fields_rules.totals import (
    balance_after_payment,
    paid_and_withheld,
    row_from_totals,
    rows_from_rate_taxes,
    tax_from_rows,
    totals,
    untaxed_row,
    vat_rows,
)

if TYPE_CHECKING:
    from guichet.core.model.models import Company

#: A line of the totals ends the table of lines.
_TOTALS = L.TOTAL_WITHOUT_TAX.strong() + L.TOTAL_WITH_TAX.strong()


def payment_terms(lines: list[Line]) -> Cand | None:
    """The sentence after a payment-terms label (or the sentence holding a ``paiement à 30 jours``)."""
    for patterns, after in ((L.PAYMENT_TERMS, True), (L.PAYMENT_TERMS_SENTENCE, False)):
        for line in lines:
            for _rank, match in label_hits(line, patterns):
                text = line.text[match.end():].strip(" :") if after else line.text.strip()
                if len(text) >= 3:
                    start = match.end() if after else 0
                    return Cand(text[:200], line, start, len(line.text), 0.7, line.text[match.start():match.end()])
    return None


def amount_due(lines: list[Line], ttc: Cand | None, ht: Cand | None = None) -> Cand | None:
    """The amount due: after a deposit or a payment on account (or a retention withheld), the amount printed that
    is the grand total less what was paid (labelled or not: "Solde", "Reste à payer", "Amount outstanding"...);
    else the best amount-due label's. A « paid » amount equal to the net total is the invoice's own (a deposit
    invoice's « Acompte HT »), no payment."""
    dues = labelled(lines, L.AMOUNT_DUE, amounts)
    prepaid, withheld = paid_and_withheld(lines)
    paid = {abs(c.value) for c in prepaid + withheld if c.value}
    paid -= {abs(ht.value)} if ht is not None else set()
    if ttc is not None and paid:
        balances = {ttc.value - value for value in paid if value != abs(ttc.value)}
        checked = [c for c in dues if c.value in balances]
        if not checked:  # the balance under a label the vocabulary does not know, printed below the paid amount
            checked = [Cand(c.value, c.line, c.start, c.end, 0.6) for line in lines for c in amounts(line)
                       if c.value in balances and c.line.page >= ttc.line.page]
        if checked:
            chosen = max(checked, key=lambda c: (c.score, c.line.page, c.line.index))
            chosen.score = max(chosen.score, 0.85)
            return chosen
    if ttc is not None and not paid and (balance := balance_after_payment(lines, ttc)) is not None:
        return balance
    return best(dues)


#: What may stand between a deposit's word and the invoice's in a deposit invoice's title (« Facture d'acompte »,
#: « Fattura di acconto », « Factura de anticipo », « Invoice for deposit »): a preposition at most.
_TITLE_LINK_BEFORE = compiled(r"\W*(?:(?:d|de|di|del|of|for|per|por)\W*)?$")
#: ... and after it (« Deposit invoice », « Anzahlungsrechnung », « Abschlagsrechnung »): a space or a joining « s ».
_TITLE_LINK_AFTER = compiled(r"s?\s*$")
#: A request's word before a deposit's, the title of a deposit invoice too (« Demande d'acompte », « Request for
#: deposit », « Solicitud de anticipo », « Richiesta di acconto »).
_REQUEST_BEFORE = compiled(r"(?:demande|request|solicitud|richiesta)\W*(?:(?:d|de|di|of|for)\W*)?$")
#: What a deposit's rank may be followed by in its cell (« Acompte n° 2 », « Anzahlung Nr. 3 »): its number alone.
_RANK_ONLY = compiled(rf"{on_page.NUMBER_SIGN.pattern}\W*\w{{1,4}}\W*$")


def _deposit_cell(line: Line, match: re.Match[str]) -> tuple[str, int, int] | None:
    """The cell of a deposit's word (:data:`on_page.DEPOSIT_WORD`; never a payment's: « payé », « paid », « versé »
    are one) and where the word stands in it; None for another label of an amount paid."""
    if not on_page.DEPOSIT_WORD.fullmatch(match.group().strip()):
        return None
    start, stop = cell_span(line.norm, match.start())
    return line.norm[start:stop], match.start() - start, match.end() - start


def _deposit_title(cell: str, at: int, end: int) -> bool:
    """True when the deposit's word at ``at``..``end`` of ``cell`` is a deposit invoice's title (« Facture d'acompte »,
    « Deposit invoice », « Anzahlungsrechnung », « Demande d'acompte »): the invoice's kind, no deposit paid."""
    if _REQUEST_BEFORE.search(cell[:at]):
        return True
    return any((word.end() <= at and _TITLE_LINK_BEFORE.match(cell[word.end():at]))
               or (word.start() >= end and _TITLE_LINK_AFTER.fullmatch(cell[end:word.start()]))
               for word in L.INVOICE_WORD.finditer(cell))


def _own_deposit(line: Line, match: re.Match[str], own: set[Decimal]) -> bool:
    """True when a deposit's word says what the invoice is: a deposit invoice's title (:func:`_deposit_title`), its
    rank alone in its cell (« Acompte n° 2 »), or the label of its own amounts only (``own``: « Acompte de 30 % sur
    devis … » for the net total). « Acompte versé (facture F-100) », « Less deposit paid (invoice INV-7) »,
    « Acompte n° 1  -300,00 » are deposits paid."""
    found = _deposit_cell(line, match)
    if found is None:
        return False
    cell, at, end = found
    if _deposit_title(cell, at, end):
        return True
    after = [abs(c.value) for c in amounts(line) if c.start >= match.end()]
    if _RANK_ONLY.match(cell, end) and not after:
        return True  # the deposit invoice's rank
    return bool(after) and set(after) <= own


def _paid_printed(lines: list[Line], net: Decimal | None, total: Decimal | None) -> bool:
    """True when a label of an amount paid (:data:`L.PREPAID`) stands on the page, other than a deposit invoice's
    own words (:func:`_own_deposit`). Its own amounts are its net total, and its grand total too when a deposit
    invoice's title stands on the page (« Montant de l'acompte TTC », « Totale acconto »): elsewhere a deposit of
    the whole total is a payment of it."""
    hits = [(line, match) for line in lines if L.PREPAID.search(line.norm) for match in L.PREPAID.finditer(line.norm)]
    titled = any(found is not None and _deposit_title(*found)
                 for found in (_deposit_cell(line, match) for line, match in hits))
    own = {abs(v) for v in (net, total if titled else None) if v is not None}
    return any(not _own_deposit(line, match, own) for line, match in hits)


def currency(lines: list[Line]) -> Cand | None:
    """The currency most written on the page (symbol or ISO code)."""
    counts: dict[str, list[Cand]] = {}
    for line in lines:
        for match in re.finditer(r"€|\bEUR\b|\bUSD\b|US\$|\$|£|\bGBP\b|\bCHF\b", line.text):
            code = on_page.CURRENCY_SIGNS.get(match.group(), match.group())
            counts.setdefault(code, []).append(Cand(code, line, match.start(), match.end(), 0.85))
    if not counts:
        return None
    code, found = max(counts.items(), key=lambda item: len(item[1]))
    return found[0]


def _is_lines_header(line: Line) -> bool:
    """A header row of the lines' table: an amount column with a description or a quantity column
    (or four columns at least, none with a digit), and no amount of its own."""
    if not L.TABLE_AMOUNT.search(line.norm) or amounts(line):
        return False
    if L.TABLE_DESCRIPTION.search(line.norm) or L.TABLE_QUANTITY.search(line.norm):
        return True
    cells = [cell for cell in line.norm.split("  ") if cell.strip()]
    # four text columns, not a row of total labels ("Total HT  TVA  Total TTC  Net à payer": more than half)
    return (len(cells) >= 4 and not re.search(r"\d", line.text)
            and 2 * sum(bool(_AFTER_WEAK.search(cell)) for cell in cells) <= len(cells))


#: Labels that, at the start of a line, say the table of lines has ended (totals, VAT, amount due, deposit).
_AFTER_TABLE = (L.TOTAL_WITHOUT_TAX.strong() + L.TOTAL_WITH_TAX.strong() + L.TOTAL_TAX.strong() + L.AMOUNT_DUE
                + L.PREPAID)
_AFTER_WEAK = L.TOTAL_WITHOUT_TAX + L.TOTAL_WITH_TAX + L.TOTAL_TAX
#: ... and a VAT word followed by a rate ("TVA 5,5 %", "IVA 21%": a breakdown row; "Cuota mensual" is a line).
_VAT_ROW_START = compiled(r"^\W*(?:t\.?\s*v\.?\s*a|vat|mwst|ust|i\.?\s*v\.?\s*a|iva)\b\.?\W*\d{1,2}(?:[.,]\d{1,2})?\s?%")
#: "4 x 64,12  256,48": a quantity times a unit price, then the line's amount (receipts, simple invoices).
#: A size is no quantity: "Câble 3x2,5 mm²", "Plaque 120 x 80 cm".
_TIMES = compiled(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s{0,2}[x×*](?!\s?\d+(?:[.,]\d+)?\s?(?:[x×*]|(?:mm|cm|dm|m|km|in|ft|mg|kg|g"
                    r"|ml|cl|l|kv|v|kw|w|ah|a)(?:²|³|2|3)?(?![^\W\d_])))\s?")
_NUMBER = compiled(r"-?\d{1,3}(?:[ .,'’]\d{3})*(?:[.,]\d+)?|-?\d+(?:[.,]\d+)?")


def _column(header: Line, patterns: Labels) -> tuple[float, float] | None:
    """The x span of the header cell holding one of ``patterns``."""
    for _rank, match in label_hits(header, patterns):
        words = header.words_in(match.start(), match.end())
        if words:
            return words[0].box[0], words[-1].box[2]
    return None


def _quantity_under(line: Line, span: tuple[float, float] | None) -> Decimal | None:
    """The number printed under the quantity column."""
    if span is None:
        return None
    x0, x1 = span
    for word in line.words:
        if word.box[0] < x1 + 0.015 and word.box[2] > x0 - 0.015 and _NUMBER.fullmatch(word.text):
            value = parse_amount(word.text) if re.search(r"[.,]\d{2}$", word.text) else _plain_number(word.text)
            if value is not None:
                return value
    return None


def _plain_number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except ArithmeticError:
        return None


def _product_fits(qty: Decimal | None, price: Decimal | None, amount: Decimal) -> bool:
    """quantity × unit price = line amount, to the cent (the price may be rounded to the cent)."""
    return qty is not None and price is not None and abs(qty * price - amount) <= Decimal("0.011") * max(1, abs(qty))


def _table_left(header: Line) -> float:
    """The table's left edge: its header's first cell with no digit (a date or a value of another
    column of the page may stand before it on the same row)."""
    cells, current = [], [header.words[0]]
    for index, word in enumerate(header.words[1:], 1):
        if header.text.startswith("  ", header.spans[index - 1][1]):  # a column gap before the word
            cells.append(current)
            current = []
        current.append(word)
    cells.append(current)
    for cell in cells:
        if not any(c.isdigit() for w in cell for c in w.text):
            return cell[0].box[0]
    return header.words[0].box[0]


def _vat_row(line: Line, found: list[Cand]) -> bool:
    """A VAT breakdown row: a rate, then a base and the base × rate (a line's price × quantity is no rate)."""
    rate = _RATE_RE.search(line.text)
    value = parse_rate(rate.group(1)) if rate else None
    after = [c.value for c in found if rate and c.start > rate.end()]
    return (value is not None and len(after) == 2 and after[0] != 0
            and abs(after[0] * value / 100 - after[1]) <= Decimal("0.006"))


def _ends_table(line: Line) -> bool:
    """A totals, VAT, amount-due or deposit label starts the line, or a grand total label is on it."""
    if _TOTALS.search(line.norm):
        return True
    if _VAT_ROW_START.match(line.norm) or any(match.start() <= 1 for _rank, match in label_hits(line, _AFTER_TABLE)):
        return True
    # a weak label ("Netto", "Total", "Cuota") starts a total's line, with its one amount (a line has a price too)
    return len(amounts(line)) == 1 and any(match.start() <= 1 for _rank, match in label_hits(line, _AFTER_WEAK))


def table_lines(lines: list[Line]) -> list[LineItem]:
    """Rows under a table header (description + quantity/price/amount columns) up to the totals.

    A row's description may wrap onto the next row (appended) or stand alone on the row above its
    figures (taken); a header repeated on the next page and a carried-forward total are no lines;
    the quantity is read under its column and checked: quantity × unit price = amount.
    """
    header = next((line for line in lines if _is_lines_header(line)), None)
    if header is None:
        return _times_lines(lines)
    quantity_span = _column(header, L.TABLE_QUANTITY)
    left = _table_left(header)
    items: list[LineItem] = []
    pending: list[str] = []  # text rows with no figures since the last line
    awaiting: LineItem | None = None  # a row of figures read with no description yet
    last_row: Line | None = None
    start = lines.index(header) + 1
    repeated = [index for index, line in enumerate(lines[start:], start) if _is_lines_header(line)]
    for index, line in enumerate(lines[start:], start):
        if _is_lines_header(line) or L.TABLE_CARRIED.search(line.norm) or L.LEGAL_FOOTER.search(line.norm):
            pending = []  # a header repeated on the next page, a carried total, a page's legal footer
            continue
        found = amounts(line)
        continued = any(other > index for other in repeated)  # the table goes on (over the page) below
        sums_items = len(found) == 1 and items and found[0].value == sum(
            (Decimal(i.amount) for i in items if i.amount), Decimal(0))
        if _ends_table(line) or sums_items or _vat_row(line, found):
            if continued:
                continue  # a page's subtotal
            break  # the totals, the lines' sum under a label the vocabulary does not know, the VAT rows
        if not found:
            inside = [w for w in line.words if w.box[0] >= left - 0.02]
            text = " ".join(w.text for w in inside)
            if re.search(r"[^\W\d_]{3}", text) and inside and abs(inside[0].box[0] - left) < 0.03:
                pending.append(text)
            continue
        # the description column: from the table's left edge (a column of labels may stand to its left)
        begin = next((a for w, (a, _b) in zip(line.words, line.spans, strict=True) if w.box[0] >= left - 0.02), 0)
        desc = re.sub(r"^\s*\d+([.,]\d+)?\s+", "", line.text[begin:found[0].start]).strip(" €")
        desc = re.sub(r"\s+\d+([.,]\d+)?\s*[A-Za-z()]*\s*$", "", desc).strip() or desc
        desc = _TIMES.sub("", desc).strip()
        if awaiting is not None and pending:  # the description of the row of figures above, wrapped under it
            awaiting.description, pending = pending[0], pending[1:]
        awaiting = None
        if not re.search(r"[^\W\d_]{3}", desc):
            if not pending:
                # a description cell wrapped around its row of figures (« Maintenance » / figures / « annuelle »):
                # the text under the figures describes them
                awaiting = _item(line, "", found, _quantity_under(line, quantity_span))
                items.append(awaiting)
                last_row = line
                continue
            if len(pending) > 1 and items and last_row is not None and last_row.page == line.page:
                items[-1].description = f"{items[-1].description} {' '.join(pending[:-1])}"[:200]
            desc, pending = pending[-1], []  # the description on the row above its figures
        elif pending and items and last_row is not None and last_row.page == line.page:
            items[-1].description = f"{items[-1].description} {' '.join(pending)}"[:200]  # a wrapped description
        pending = []
        item = _item(line, desc, found, _quantity_under(line, quantity_span))
        items.append(item)
        last_row = line
    if pending and items:
        items[-1].description = f"{items[-1].description} {' '.join(pending)}".strip()[:200]
    return [item for item in items if item.description][:200]


def _tax_cell_rate(found: list[Cand], qty: Decimal | None) -> Decimal | None:
    """The VAT rate of a row whose cell before its amount is the line's VAT (« 5  183,48  91,74  917,40 »):
    exactly one known rate gives that VAT on the amount to the cent, and that cell times the quantity is
    not the amount (then it is the unit price). None when the row has no such cell."""
    if len(found) < 3:
        return None
    tax, amount = found[-2].value, found[-1].value
    if tax <= 0 or amount <= tax or _product_fits(qty, tax, amount):
        return None
    fits = [rate for rate in KNOWN_RATES if rate > 0
            and abs((amount * rate / 100).quantize(Decimal("0.01")) - tax) <= Decimal("0.01")]
    return fits[0] if len(fits) == 1 else None


def _item(line: Line, desc: str, found: list[Cand], qty: Decimal | None) -> LineItem:
    """One line: its amount is the last on the row, its unit price the one before (or the one before the
    line's VAT, :func:`_tax_cell_rate`); the quantity read under its column, else the row's leading number
    or the "4 x" before the price."""
    rate = on_page.RATE.search(line.text)
    cell_rate = None if rate else _tax_cell_rate(found, qty)
    if cell_rate is not None:
        found = found[:-2] + found[-1:]  # the line's VAT is no unit price
    amount = found[-1].value
    price = found[-2].value if len(found) >= 2 else None
    times = _TIMES.search(line.text)
    if qty is None and times:
        qty = _plain_number(times.group(1))
    if qty is None:
        lead = re.match(r"^\s*(\d+(?:[.,]\d+)?)\s", line.text)
        qty = (parse_amount(lead.group(1)) or _plain_number(lead.group(1))) if lead else None
    if price is not None and not _product_fits(qty, price, amount):
        # the number of the row that times the unit price gives the amount (columns in any order)
        taken = [(c.start, c.end) for c in found]
        for word, (start, end) in zip(line.words, line.spans, strict=True):
            number = _plain_number(word.text) if re.fullmatch(r"\d+(?:[.,]\d+)?", word.text) else None
            if number and not any(a <= start < b for a, b in taken) and _product_fits(number, price, amount):
                qty = number
                break
    checked = _product_fits(qty, price, amount)
    return LineItem(
        description=desc[:200],
        quantity=str(qty) if qty is not None else None,
        unit_price=money(price) if price is not None else None,
        amount=money(amount),
        vat_rate=str(parse_rate(rate.group(1))) if rate else (str(cell_rate) if cell_rate is not None else None),
        confidence=0.75 if checked else 0.6,
        page=line.page,
        box=union_box(line.words),
    )


def _product_lost_separator(line: Line, price: Cand, qty: Decimal | None) -> list[Cand]:
    """The line amount after ``price`` whose decimal separator OCR lost or read as a space ("256 48"),
    when its digits are exactly those of quantity × unit price (the product stands for the separator)."""
    if qty is None:
        return []
    product_ = (qty * price.value).quantize(Decimal("0.01"))
    tail = line.text[price.end:]
    if re.sub(r"[\s.,'’€]", "", tail) != f"{abs(product_):.2f}".replace(".", ""):
        return []
    start = price.end + len(tail) - len(tail.lstrip())
    return [Cand(product_, line, start, len(line.text.rstrip()), 0.5)]


def _times_lines(lines: list[Line]) -> list[LineItem]:
    """With no table header: rows "quantity x unit price  amount" whose product holds (receipts), the
    description before the figures or on the row above."""
    items = []
    previous = -1  # the index of the previous item's figures
    for index, line in enumerate(lines):
        times = _TIMES.search(line.text)
        found = [c for c in amounts(line) if times and c.start > times.start()]
        if times and len(found) == 1:
            found += _product_lost_separator(line, found[0], _plain_number(times.group(1)))
        if not times or len(found) != 2 or not _product_fits(_plain_number(times.group(1)), found[0].value,
                                                             found[1].value):
            continue
        desc = line.text[:times.start()].strip(" -:")
        if not re.search(r"[^\W\d_]{3}", desc):
            # the rows above, in the figures' column: one for the first item, those since the previous one after
            above = []
            for other in reversed(lines[max(previous + 1, index - 3 if previous >= 0 else index - 1):index]):
                if other.page != line.page or amounts(other) or abs(other.words[0].box[0] - line.words[0].box[0]) > 0.02:
                    break
                above.insert(0, other.text.strip())
            desc = " ".join(above)
        if re.search(r"[^\W\d_]{3}", desc):
            items.append(_item(line, desc, found, _plain_number(times.group(1))))
            previous = index
    return items


#: The confidence of an issue date that the page prints under a due-date label and under no issue-date
#: label: most likely the due date taken for the issue date. Below what a conversion with no person
#: accepts (``PAPER_MIN_CONFIDENCE`` of ``guichet convert``): a person checks it.
DUE_DATE_TAKEN_CONFIDENCE = 0.2


def _printed_as_due_date_only(lines: list[Line], found: Cand) -> bool:
    """True when the issue date ``found`` is printed under a due-date label and under no strong issue-date label
    (a date payable on receipt is printed under both), nor read surely at another place than under the due-date
    label (« Facture  Date : 16/11/2023 » beside its number, and « Échéance : 16/11/2023 »)."""
    us = month_first(lines)

    def finder(line: Line) -> list[Cand]:
        return dates(line, us=us)

    # not a date under an issue date's header cell beside a wrapped due label (the due date reading's own exception)
    due_cands = [c for c in labelled(lines, L.DUE_DATE, finder, max_gap=40)
                 if c.value == found.value and not under_issue_date_header(lines, c)]
    if not due_cands:
        return False
    if found.score >= SURE_ISSUE_DATE and found.label and all(
            (c.line is not found.line or c.start != found.start) for c in due_cands):
        return False
    return found.value not in {c.value for c in labelled(lines, L.ISSUE_DATE.strong(), finder, max_gap=40)}


def _trading_name_and_its_address(lines: list[Line], fields: dict[str, FieldValue], trading: Cand | None,
                                  address: dict[str, Cand], seller: Cand | None, buyer: Cand | None, source: str) -> None:
    """The seller's trading name (BT-28, :func:`~.names.seller_names`) heading an address block at the top of the page,
    and that block's address as the seller's (BG-5) when the registered name's own gave none: the name a letterhead
    prints over its address is the issuer's. Not without a buyer and its address read apart from it (a window's
    recipient at the top is the buyer's block), nor over the buyer's address or another address than the seller's."""
    if trading is None or buyer is None:
        return
    key, buyer_key = name_key(str(trading.value)), name_key(str(buyer.value))
    if not buyer_key or buyer_key in key or key in buyer_key:
        return  # the buyer's name, or its block's heading with it (« À Karim Moreau »)
    # the name of an address block (its first line that is no heading), not a logo over another party's block
    headed = next((b for b in address_blocks(lines) if (named := _name_of(b)) is not None and trading.words
                   and trading.words[0] in named[2]), None)
    if headed is None:
        return
    # the registered name printed in that block under it: the block is the registered name's (its address the seller's),
    # the name over it a brand or a marketplace's logo (« Kompraz » / « Comprado en Kompraz.fr » / « Nexora S.L. »),
    # unless the page calls it a trading name (« Nexora » / « A trading name of Walsh Ltd »)
    own = name_key(str(seller.value)) if seller is not None else ""
    shared = bool(own) and any(own in name_key(text) for text in headed.texts()[1:])
    block = seller_address(lines, trading)
    street, postcode = block.get("seller_address"), block.get("seller_postcode")
    buyer_at = {name: fields[name].value for name in ("buyer_address", "buyer_postcode") if name in fields}
    if street is None or postcode is None or len(buyer_at) < 2 or buyer_at.get("buyer_address") == street.value \
            or buyer_at.get("buyer_postcode") == postcode.value:
        return
    if address and (address.get("seller_postcode") is None
                    or address["seller_postcode"].value != postcode.value):
        return  # the registered name's own address is another: the letterhead's name may be another company's
    if not shared or trading.label == STATED_TRADING_NAME:  # the page says which name is the trading one
        fields["seller_trading_name"] = trading.field_value(str(trading.value), cand_confidence(trading, source))
    if not address:
        for name, cand in block.items():
            fields[name] = cand.field_value(str(cand.value), cand_confidence(cand, source))


def propose(pages: list[Page], company: Company | None = None, source: str = "text layer") -> FieldProposal:
    """Every field the rules can support, with confidence, page and box."""
    lines = make_lines(pages)
    proposal = FieldProposal()
    fields = proposal.fields
    if not lines:
        return proposal

    def put(name: str, cand: Cand | None, text: str | None = None) -> None:
        if cand is not None:
            fields[name] = cand.field_value(text if text is not None else str(cand.value), cand_confidence(cand, source))

    # the rules' reading (the learnt ranking's when number_ranker.json switches it on); the ranking confirms a soft
    # number on a text layer only (trained and judged there: a code it ranks first may still be misread by OCR)
    number = ranked_number(lines, confirm=source != SOURCE_OCR)
    if number is not None and source == SOURCE_OCR:
        number.value = _least_confused(str(number.value), lines)
    put("invoice_number", number)
    # a due date read from a schedule under the payment terms, with no label of its own, does not constrain the issue
    # date: it is read after it, and dropped below when it comes before it (a schedule of payments received)
    due = due_date(lines, scheduled=False)
    found = issue_date(lines, number, due.value if due is not None and due.score >= 0.7 else None)
    if due is None:
        due = scheduled_due_date(lines)
    put("issue_date", found, found.value.isoformat() if found else None)
    if found is not None and not receipt_paid_date(lines, found) and _printed_as_due_date_only(lines, found):
        fields["issue_date"].confidence = min(fields["issue_date"].confidence, DUE_DATE_TAKEN_CONFIDENCE)
    if due and (fields.get("issue_date") is None or due.value.isoformat() >= fields["issue_date"].value):
        put("due_date", due, due.value.isoformat())
    rows = vat_rows(lines)
    items = table_lines(lines)
    found_totals = totals(lines, rows, items)
    for name, cand in found_totals.items():
        put(name, cand, money(cand.value))
    due = amount_due(lines, found_totals.get("total_with_tax"), found_totals.get("total_without_tax"))
    # A label of an amount paid (the core's vocabulary: the completion fills no amount due over one either),
    # or an amount due printed that is not the grand total: the amount due is the one printed, or none.
    net, total = (found_totals.get(name) for name in ("total_without_tax", "total_with_tax"))
    prepaid = _paid_printed(lines, net.value if net is not None else None, total.value if total is not None else None)
    if due is not None:
        put("amount_due", due, money(due.value))
    elif "total_with_tax" in found_totals and not prepaid:
        ttc = found_totals["total_with_tax"]
        fields["amount_due"] = ttc.field_value(money(ttc.value), cand_confidence(ttc, source) * 0.9)
    put("currency", currency(lines))
    seller, trading_name = seller_names(lines, company, source)
    form_as_read(lines, seller)
    put("seller_name", seller)
    address = seller_address(lines, seller)
    for name, cand in address.items():
        put(name, cand)
    own = fold(company.name) if company is not None else None
    buyer = (buyer_name(lines, company) or buyer_under_heading(lines) or buyer_by_identifier(lines)
             or buyer_under_sender_line(lines, seller) or buyer_from_blocks(lines, seller, own)
             or buyer_on_labelled_line(lines, seller) or buyer_over_comma_address(lines, seller)
             or buyer_in_grid_row(lines, seller))
    buyer = without_contact(buyer)
    form_as_read(lines, buyer)
    put("buyer_name", buyer)
    # The factor an invoice sold to it names as payee (BG-10): written only under its heading with a clause on the page.
    payee = factor_payee(lines)
    if payee is not None:
        fields["payee_name"] = payee.field_value(str(payee.value), min(payee.score, cand_confidence(payee, source)))
    # the identifiers under a payee's name are its own only when the page says it is the payee (written)
    parties(lines, company, fields, source, (seller, buyer),
            payee=payee if payee is not None and payee.score >= FACTOR_WRITTEN else None)
    for name, cand in buyer_address(lines, buyer, seller).items():
        put(name, cand)
    own_id = seller_form_identifier(lines, seller)
    if own_id is not None:  # BT-29, and its scheme (BT-29-1) when printed
        put("seller_identifier", own_id[0])
        if own_id[1]:
            put("seller_identifier_scheme", own_id[0], own_id[1])
    _trading_name_and_its_address(lines, fields, trading_name, address, seller, buyer, source)
    put("payment_terms", payment_terms(lines))
    credit = any(L.CREDIT_NOTE.search(ln.norm) for ln in lines[:15])
    invoice_word = next((ln for ln in lines if L.INVOICE_WORD.search(ln.norm)), None)
    if credit or invoice_word:
        line = invoice_word or lines[0]
        fields["document_type_code"] = FieldValue("381" if credit else "380", 0.7, line.page, union_box(line.words))
    proposal.lines = items
    if not rows:
        ht = fields.get("total_without_tax")
        rows = rows_from_rate_taxes(lines, Decimal(ht.value) if ht is not None else None, proposal.lines)
    tax_from_rows(fields, rows)
    proposal.vat_breakdown = [row for row, _line in rows]
    if (untaxed := untaxed_row(lines, fields, proposal.vat_breakdown, proposal.lines)) is not None:
        proposal.vat_breakdown.append(untaxed)
    if not rows:
        row = row_from_totals(lines, fields)
        proposal.vat_breakdown = [row] if row is not None else []
    return proposal


