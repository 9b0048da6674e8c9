"""Completing an invoice read or coded from paper into an EN 16931 invoice.

What an operator codes (or the reading proposes) is the paper's content: number,
dates, parties, totals, a VAT line per rate and sometimes the lines. EN 16931
needs more, and needs it consistent: at least one line (BR-16), line net amounts
that add up to BT-106 and to each VAT base (BR-CO-10, BR-S-08), a VAT category
per rate with its exemption reason (BR-E-10...), the parties' postal addresses
and countries (BR-08..BR-11). :func:`complete` adds what follows from the paper
and the dossier, by construction:

- lines: the read lines are kept (quantity 1 and unit ``C62`` when missing, the
  rate's category) when they add up to each VAT base; otherwise one summary line
  per VAT rate replaces them (say so in :attr:`Completion.said`);
- VAT: a breakdown from the totals when none was given (the rate that explains
  them), a category per rate (operator's choice, else suggested from the wording
  and the parties' countries: :func:`guichet.core.model.vat.suggest_category`) with
  its VATEX reason;
- totals: BT-106 from the lines, the missing BT-109/110/112/115 from the others;
- due date: read from a machine with none printed, the issue date plus the days of the printed net payment
  terms (« 30 jours net », « payable à réception »), never when the page prints a later date;
- parties: on a purchase invoice the buyer is the dossier's company (name,
  SIREN, VAT number, address), on a sales invoice the seller; the other party's
  country from its VAT number or SIREN, its address from the local Sirene copy
  (``registered_address`` hook) or the supplier memory.

Read by a machine with no person (``read=True``: ``guichet convert`` from paper, the extract
stage's proposal), the values are cross-checked before anything is derived from them: a total
HT that contradicts TTC − TVA gives way to the sum of the lines when both agree; a VAT breakdown
that contradicts the totals gives way to the rows printed on the page that add up to them, or
to one row recomputed by difference when exactly one choice holds; a single rate is taken from
the totals only when certain (one known rate fits, the one printed as a VAT rate when the page
prints any); a deposit becomes BT-113 only when its amount is printed as one (beside a deposit
word, or as a deduction); a missing balance due is not the grand total (the page may show a
deposit the reading could not pair). Everything added is said in :attr:`Completion.said`
(``guichet convert`` prints it: nothing reaches the file silently).

What cannot be established stays absent: the validator names it (the model rules
in French). Nothing here invents an amount, a date or a name.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from guichet.core.model import identifiers as ids
from guichet.core.model import vat
from guichet.core.model.invoice import (
    SCHEME_SIREN,
    Address,
    AllowanceCharge,
    Delivery,
    Identifier,
    Invoice,
    Line,
    VatBreakdown,
)
from guichet.core.parsing import countries, on_page
from guichet.core.parsing.countries import (
    LEGAL_FORMS,
    POSTCODE_SHAPES,
    agreeing_country,
    countries_of_legal_form,
    countries_of_street,
    country_of_legal_form,
    country_of_name,
    legal_form_excludes,
    postcode_fits,
    street_excludes,
)
from guichet.core.parsing.on_page import printed
from guichet.core.parsing.vat_bases import (
    COUNTRY_RATES,
    KNOWN_RATES,
    fits,
    rates_of_lines,
    split_bases,
    too_many_ways,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    import pluggy

    from guichet.core.model.models import Company

log = logging.getLogger(__name__)

CENT = Decimal("0.01")
ZERO = Decimal(0)
#: Unit of a line whose unit was not read: "one" (UN/ECE Rec 20).
UNIT = "C62"


@dataclass
class Completion:
    """The completed invoice and what was added, in French (for the event and the screen)."""

    invoice: Invoice
    said: list[str] = field(default_factory=list)
    summary_lines: bool = False  # the lines are one summary line per VAT rate
    #: The fields given by a presumption, not read (``buyer_country``: :func:`domestic_presumption`), and their value:
    #: shown as proposed (:data:`PRESUMED_CONFIDENCE`), never as read.
    presumed: dict[str, str] = field(default_factory=dict)


#: The confidence a presumed value is stored with (below the coding screen's highlight, 0.8): proposed, not read.
PRESUMED_CONFIDENCE = 0.5


def r2(value: Decimal) -> Decimal:
    """Rounded to cents, half away from zero."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def rate_text(rate: Decimal | None) -> str:
    """A rate as French prints it: ``5,5``, ``20``."""
    if rate is None:
        return "?"
    text = format(rate.normalize(), "f")
    return text.replace(".", ",")


# ---------------------------------------------------------------------------
# VAT breakdown
# ---------------------------------------------------------------------------


def rate_of(base: Decimal, tax: Decimal) -> Decimal | None:
    """The known rate that gives ``tax`` on ``base`` to the cent, or None."""
    if tax == 0:
        return ZERO
    for rate in KNOWN_RATES:
        if abs(r2(base * rate / 100) - tax) <= CENT:
            return rate
    return None


def _explains_totals(inv: Invoice, tax: Decimal) -> bool:
    rows = inv.vat_breakdown
    return (all(r.taxable_amount is not None and r.tax_amount is not None for r in rows)
            and sum((r.taxable_amount for r in rows), ZERO) == inv.totals.tax_exclusive
            and sum((r.tax_amount for r in rows), ZERO) == tax)


def rate_printed(rate: Decimal, wording: str) -> bool:
    """True when the rate is printed as a percentage on the page (``20 %``, ``5,5%``, ``20.00 %``).

    With no page (an invoice a person coded) there is nothing to check: True.
    """
    if not wording or rate == 0:
        return True
    units, _, decimals = format(rate.normalize(), "f").partition(".")
    number = re.escape(units) + (rf"[.,]{re.escape(decimals)}0*" if decimals else r"(?:[.,]0+)?")
    return re.search(rf"(?<![\d.,]){number}\s?%", wording.replace("\u00a0", " ")) is not None


#: A word naming VAT on a line: a percentage printed there is a VAT rate (« Remise 10 % » is not).
_VAT_WORD = re.compile(r"\b(?:T\.?V\.?A|V\.?A\.?T|MwSt|USt|I\.?V\.?A)\b", re.IGNORECASE)


def vat_rates_printed(wording: str) -> list[Decimal]:
    """The known rates the page prints as VAT rates: on a line with a VAT word (TVA, VAT, MwSt, USt,
    IVA), or as a row of a VAT table (the rate followed by a base and its VAT, :func:`page_vat_rows`).
    A discount or a late-payment rate printed elsewhere is not one."""
    lines = "\n".join(line for line in wording.splitlines() if _VAT_WORD.search(line))
    rows = page_vat_rows(wording)
    return [rate for rate in KNOWN_RATES if rate in rows or (lines and rate_printed(rate, lines))]


def certain_rate(base: Decimal, tax: Decimal, wording: str) -> Decimal | None:
    """The one rate that explains ``tax`` on ``base``: among the known rates that give it to the cent,
    the one the page prints as a VAT rate when it prints any (:func:`vat_rates_printed`), else the one
    printed as a percentage anywhere when one is, else the only one; None when unsure.

    A percentage printed elsewhere (a discount's « Remise 5 % », a penalty rate) does not rule out the
    one rate that fits when the page prints no VAT rate at all (« T.V.A. (€) 206,77 »).
    No VAT is a zero rate only when the page prints no positive VAT rate."""
    if tax == 0:  # no VAT: not when the page prints VAT rates (a total HT read where the TTC was)
        return None if wording and vat_rates_printed(wording) else ZERO
    fits = [rate for rate in KNOWN_RATES if abs(r2(base * rate / 100) - tax) <= CENT]
    said = vat_rates_printed(wording) if wording else []
    if said:  # the page says its VAT rates: the rate is one of them
        fits = [rate for rate in fits if rate in said]
    elif wording:  # else a rate printed anywhere, when one fits (a discount's « 5 % » fits no VAT)
        shown = [rate for rate in fits if rate_printed(rate, wording)]
        fits = shown or fits
    return fits[0] if len(fits) == 1 else None


def _consistent(row: VatBreakdown) -> bool:
    """The row's VAT is its base times its rate, to the cent (BR-CO-17)."""
    return (row.rate is not None and row.taxable_amount is not None and row.tax_amount is not None
            and abs(r2(row.taxable_amount * row.rate / 100) - row.tax_amount) <= CENT)


def _row_by_difference(inv: Invoice, tax: Decimal, wording: str, said: list[str]) -> bool:
    """A read breakdown off by one row (a table line taken for a VAT row, a row the OCR garbled or
    left out): that row is the totals minus the others.

    Each read row in turn is supposed misread, and each rate printed on the page but not read
    supposed missing; the row is recomputed as the totals minus the other rows. It is written
    only when exactly one such choice holds: the other rows consistent (base × rate = VAT), the
    new base times its rate giving the new VAT to the cent, and the new amounts either printed
    on the page or large enough (VAT of one euro or more) that the agreement is no coincidence.
    """
    rows = inv.vat_breakdown
    if not wording or inv.totals.tax_exclusive is None:
        return False
    read_rates = {r.rate for r in rows}
    shown = [rate for rate in KNOWN_RATES if rate not in read_rates and rate_printed(rate, wording)]
    choices = [(i, row.rate, rows[:i] + rows[i + 1:]) for i, row in enumerate(rows) if row.rate is not None]
    choices += [(None, rate, rows) for rate in shown]
    fits = _fits(inv, tax, wording, choices)
    if not fits:  # a row whose rate the OCR garbled too: any known rate, still only when exactly one fits
        fits = _fits(inv, tax, wording, [(None, rate, rows) for rate in KNOWN_RATES
                                          if rate not in read_rates and rate not in shown])
    if len(fits) != 1:
        return False
    i, candidate = fits[0]
    if i is None:
        rows.append(candidate)
    else:
        rows[i] = candidate
    said.append(f"ventilation de TVA à {rate_text(candidate.rate)} % {'relue' if i is not None else 'complétée'} "
                f"d'après les totaux : base {candidate.taxable_amount}, TVA {candidate.tax_amount}")
    return True


def _fits(inv: Invoice, tax: Decimal, wording: str,
          choices: list[tuple[int | None, Decimal, list[VatBreakdown]]]) -> list[tuple[int | None, VatBreakdown]]:
    """The choices of :func:`_row_by_difference` that hold."""
    rows = inv.vat_breakdown
    fits = []
    for i, rate, others in choices:
        if not all(_consistent(o) for o in others):
            continue
        base = inv.totals.tax_exclusive - sum((o.taxable_amount for o in others), ZERO)
        amount = tax - sum((o.tax_amount for o in others), ZERO)
        candidate = VatBreakdown(category=rows[i].category if i is not None else "", rate=rate,
                                 taxable_amount=base, tax_amount=amount)
        sure = (printed(base, wording) and printed(amount, wording)) or amount >= 1
        if base > 0 and _consistent(candidate) and sure:
            fits.append((i, candidate))
    return fits


#: A rate printed as a percentage, and an amount as invoices print it (one place: core.parsing.on_page).
_RATE_ON_PAGE = on_page.RATE
_AMOUNT_ON_PAGE = on_page.AMOUNT


def _rate_of(match: re.Match[str]) -> Decimal:
    """The rate of a percentage found by :data:`_RATE_ON_PAGE` (« 5,5 % » → 5.5)."""
    return Decimal(match.group(1).replace(",", "."))


def page_vat_rows(wording: str) -> dict[Decimal, set[tuple[Decimal, Decimal]]]:
    """Per known rate, the (base, VAT) pairs printed on one line of the page with it, VAT = base × rate: the two
    amounts after the rate, one after the other; on a line of a VAT table with one rate (a VAT word on the line or
    on a header above it, « Importo IVA  Imponibile  Aliquota »), any two of its amounts in any order. Elsewhere
    a line's amounts before its rate are not paired (« Remise de 10,00 € (10 %) sur 100,00 € » is no VAT row).

    A cross-check, not a reading: a pair counts only when its own arithmetic holds, and
    :func:`_breakdown_from_page` keeps them only when they add up to the totals.
    """
    from guichet.core.parsing.values import parse_amount

    found: dict[Decimal, set[tuple[Decimal, Decimal]]] = {}
    in_table = rows_seen = False  # under a header with a VAT word (lines of words, no figure), until the next words
    for text in wording.replace("\u00a0", " ").splitlines():
        if not any(ch.isdigit() for ch in text):
            if _VAT_WORD.search(text):
                in_table, rows_seen = True, False
            elif rows_seen and re.search(r"[^\W\d_]{3}", text):  # a header wrapped over lines stays one header
                in_table = False
            continue
        rows_seen = True
        rates = list(_RATE_ON_PAGE.finditer(text))
        any_order = len(rates) == 1 and (in_table or bool(_VAT_WORD.search(text)))
        for match in rates:
            rate = _rate_of(match)
            if rate not in KNOWN_RATES:
                continue
            start = 0 if any_order else match.end()
            amounts = [parse_amount(m.group().replace("−", "-")) for m in _AMOUNT_ON_PAGE.finditer(text, start)
                       if not match.start() <= m.start() < match.end()]
            amounts = [a for a in amounts if a is not None]
            pairs = itertools.permutations(amounts, 2) if any_order else itertools.pairwise(amounts)
            for base, tax in pairs:
                if base and abs(r2(base * rate / 100) - tax) <= CENT:
                    found.setdefault(rate, set()).add((base, tax))
    return found


def _breakdown_from_page(inv: Invoice, tax: Decimal, wording: str, said: list[str]) -> bool:
    """The VAT rows printed on the page (rate, base, VAT that agree), when there is one per rate and
    they add up to the total HT and the VAT total read."""
    found = page_vat_rows(wording)
    if not found or any(len(pairs) != 1 for pairs in found.values()):
        return False
    rows = [VatBreakdown(category="", rate=rate, taxable_amount=base, tax_amount=amount)
            for rate, pairs in found.items() for base, amount in pairs]
    if (sum((r.taxable_amount for r in rows), ZERO) != inv.totals.tax_exclusive
            or sum((r.tax_amount for r in rows), ZERO) != tax):
        return False
    if inv.vat_breakdown:
        said.append("la ventilation de TVA lue ne correspond pas aux totaux : remplacée")
    inv.vat_breakdown = rows
    said.append("ventilation de TVA relue sur la page : " + ", ".join(f"{rate_text(r.rate)} %" for r in rows))
    return True


def _breakdown_from_lines(inv: Invoice, tax: Decimal, wording: str, said: list[str]) -> bool:
    """No breakdown read, lines read with their rates: the breakdown is the lines per rate when the
    bases add up to the total HT and the VAT of each base adds up to the VAT total read."""
    if not inv.lines or not all(line.net_amount is not None and line.vat_rate is not None for line in inv.lines):
        return False
    bases: dict[Decimal, Decimal] = {}
    for line in inv.lines:
        bases[line.vat_rate] = bases.get(line.vat_rate, ZERO) + line.net_amount
    rows = [VatBreakdown(category="", rate=rate, taxable_amount=r2(base), tax_amount=r2(base * rate / 100))
            for rate, base in bases.items()]
    if (sum((r.taxable_amount for r in rows), ZERO) != inv.totals.tax_exclusive
            or sum((r.tax_amount for r in rows), ZERO) != tax
            or not all(rate_printed(r.rate, wording) for r in rows)):
        return False
    inv.vat_breakdown = rows
    said.append("ventilation de TVA déduite des lignes : " + ", ".join(f"{rate_text(r.rate)} %" for r in rows))
    return True




def page_vat_amounts(wording: str) -> dict[Decimal, set[Decimal]]:
    """Per known rate, the VAT amounts printed alone after it on a line naming VAT (« dont TVA 5,5 % : 127,94 »):
    a VAT row that gives the rate and its VAT but not its base."""
    from guichet.core.parsing.values import parse_amount

    found: dict[Decimal, set[Decimal]] = {}
    for text in wording.replace("\u00a0", " ").splitlines():
        if not _VAT_WORD.search(text):
            continue
        rates = [m for m in _RATE_ON_PAGE.finditer(text) if _rate_of(m) in KNOWN_RATES]
        if len(rates) != 1:
            continue
        amounts = [parse_amount(m.group().replace("−", "-")) for m in _AMOUNT_ON_PAGE.finditer(text, rates[0].end())]
        amounts = [a for a in amounts if a is not None]
        if len(amounts) == 1 and amounts[0] > 0:
            found.setdefault(_rate_of(rates[0]), set()).add(amounts[0])
    return found


def _breakdown_from_rate_amounts(inv: Invoice, tax: Decimal, wording: str, said: list[str]) -> bool:
    """Several rates printed each with its VAT amount only (no base): the bases are the read lines split
    among those rates, when exactly one set of bases gives every rate its VAT to the cent (BR-CO-17) and
    the bases add up to the total HT (BR-CO-13). The lines keep their rate when only one split gives it."""
    found = page_vat_amounts(wording)
    if len(found) < 2 or any(len(amounts) != 1 for amounts in found.values()):
        return False
    taxes = {rate: next(iter(amounts)) for rate, amounts in found.items()}
    amounts = [line.net_amount for line in inv.lines]
    if (sum(taxes.values(), ZERO) != tax or not amounts or None in amounts or inv.allowances_charges
            or any(line.vat_rate is not None for line in inv.lines)):
        return False
    split = split_bases(taxes, inv.totals.tax_exclusive, amounts, every_line=True, count=2)
    if split is None:
        return False
    inv.vat_breakdown = [VatBreakdown(category="", rate=rate, taxable_amount=r2(base), tax_amount=taxes[rate])
                         for rate, base in split.bases.items()]
    if split.line_rates is not None:
        for line, rate in zip(inv.lines, split.line_rates, strict=True):
            line.vat_rate = rate
    said.append("ventilation de TVA déduite des lignes et des montants de TVA par taux imprimés : "
                + ", ".join(f"{rate_text(r.rate)} % sur {r.taxable_amount}" for r in inv.vat_breakdown))
    return True


def page_rated_amounts(wording: str) -> dict[Decimal, list[Decimal]]:
    """Per known rate, the amount each line of the page that names no VAT prints last after that rate
    (« Session de formation  4,07  4,2  10 %  17,09 »): the lines of a table with a rate column, their amounts."""
    from guichet.core.parsing.values import parse_amount

    found: dict[Decimal, list[Decimal]] = {}
    for text in wording.replace("\u00a0", " ").splitlines():
        rates = [m for m in _RATE_ON_PAGE.finditer(text) if _rate_of(m) in KNOWN_RATES]
        if _VAT_WORD.search(text) or len(rates) != 1:
            continue
        amounts = [parse_amount(m.group().replace("−", "-")) for m in _AMOUNT_ON_PAGE.finditer(text, rates[0].end())]
        amounts = [a for a in amounts if a is not None]
        if amounts:
            found.setdefault(_rate_of(rates[0]), []).append(amounts[-1])
    return found


def _breakdown_from_page_lines(inv: Invoice, tax: Decimal, wording: str, said: list[str]) -> bool:
    """No line read (the table's layout defeated the reading), each rate's lines printed with their rate: the
    bases are the sums of the amounts those lines print (:func:`page_rated_amounts`), when they add up to the total
    HT and each base's VAT (the one printed per rate when the page prints it, :func:`page_vat_amounts`) adds up to
    the VAT total read."""
    if inv.lines or inv.allowances_charges:
        return False
    lines = page_rated_amounts(wording)
    if not lines:
        return False
    printed_taxes = page_vat_amounts(wording)
    rows = []
    for rate, amounts in lines.items():
        base = sum(amounts, ZERO)
        said_tax = printed_taxes.get(rate, set())
        amount = next(iter(said_tax)) if len(said_tax) == 1 else r2(base * rate / 100)
        if not base or not fits(base, rate, amount, len(amounts)):
            return False
        rows.append(VatBreakdown(category="", rate=rate, taxable_amount=r2(base), tax_amount=amount))
    if (sum((r.taxable_amount for r in rows), ZERO) != inv.totals.tax_exclusive
            or sum((r.tax_amount for r in rows), ZERO) != tax):
        return False
    inv.vat_breakdown = rows
    said.append("ventilation de TVA déduite des lignes imprimées avec leur taux : "
                + ", ".join(f"{rate_text(r.rate)} % sur {r.taxable_amount}" for r in rows))
    return True


def spread_rounding(bases: dict[Decimal, Decimal], tax: Decimal, counts: dict[Decimal, int]) -> dict[Decimal, Decimal] | None:
    """The VAT of each rate, rounded so that they add up to the VAT total ``tax`` (the seller rounded line by line):
    each rate's VAT stays within its own rounding (:func:`~guichet.core.parsing.vat_bases.fits`, half a cent more per
    line at that rate, ``counts``), the cents that are missing or too many going to the rates whose unrounded VAT is
    nearest the next cent that way, never all to the last row. None when no such rounding gives ``tax``."""
    exact = {rate: base * rate / 100 for rate, base in bases.items()}
    out = {rate: r2(value) for rate, value in exact.items()}
    gap = tax - sum(out.values(), ZERO)
    step = CENT if gap > 0 else -CENT
    while gap:
        movable = [rate for rate in out if fits(bases[rate], rate, out[rate] + step, counts.get(rate, 1))]
        if not movable:
            return None
        rate = min(movable, key=lambda r: abs(out[r] + step - exact[r]))
        out[rate] += step
        gap -= step
    return out


def lines_at_most(amounts: list[Decimal], bases: dict[Decimal, Decimal]) -> dict[Decimal, int]:
    """How many of the lines each rate may hold when several ways of rating the lines give its base (so that its VAT
    keeps to its own rounding, :func:`spread_rounding`, not the whole invoice's): the most lines whose amounts add
    up to its base, and no more than leave one line to each other rate."""
    most: dict[Decimal, int] = {ZERO: 0}  # a sum of some of the lines → the most lines giving it
    for amount in amounts:
        for total, count in list(most.items()):
            if most.get(total + amount, -1) < count + 1:
                most[total + amount] = count + 1
    room = len(amounts) - len(bases) + 1
    return {rate: max(1, min(most.get(base, room), room)) for rate, base in bases.items()}


def _breakdown_from_line_amounts(inv: Invoice, tax: Decimal, wording: str, said: list[str]) -> bool:
    """Lines read with their amounts and no rate, several rates: the rates the page prints as VAT rates, else (none
    printed) those of the seller's country (:data:`~guichet.core.parsing.vat_bases.COUNTRY_RATES`), when exactly
    one way of sharing the lines among them gives the VAT total read (:func:`rates_of_lines`) and the lines add up
    to the total HT. The lines keep their rate when only one way gives it."""
    amounts = [line.net_amount for line in inv.lines]
    if (not amounts or None in amounts or inv.allowances_charges or tax <= 0
            or any(line.vat_rate is not None for line in inv.lines) or sum(amounts, ZERO) != inv.totals.tax_exclusive):
        return False
    printed, country = tuple(vat_rates_printed(wording)), _country(inv.seller)
    rates = printed or COUNTRY_RATES.get(country or "", ())
    if rates and too_many_ways(len(amounts), rates):
        said.append(f"trop de lignes ({len(amounts)}) pour essayer chaque répartition entre les taux "
                    f"({len(rates)}) : ventilation de TVA non déduite des lignes")
        return False
    split = rates_of_lines(amounts, rates, tax)
    if split is None:
        return False
    counts = ({rate: split.line_rates.count(rate) for rate in split.bases} if split.line_rates is not None
              else lines_at_most(amounts, split.bases))
    rows = spread_rounding(split.bases, tax, counts)
    if rows is None:
        said.append("les lignes se répartissent entre les taux, mais l'arrondi de chaque taux ne donne pas le total "
                    "de TVA : ventilation de TVA non déduite des lignes")
        return False
    inv.vat_breakdown = [VatBreakdown(category="", rate=rate, taxable_amount=r2(base), tax_amount=rows[rate])
                         for rate, base in split.bases.items()]
    if split.line_rates is not None:
        for line, rate in zip(inv.lines, split.line_rates, strict=True):
            line.vat_rate = rate
    said.append("ventilation de TVA déduite des lignes, seule répartition entre les taux "
                + ("imprimés" if printed else f"du pays du vendeur ({country})")
                + " qui donne le total de TVA : "
                + ", ".join(f"{rate_text(r.rate)} % sur {r.taxable_amount}" for r in inv.vat_breakdown))
    return True


def _mend_totals(inv: Invoice, said: list[str]) -> None:
    """Totals read by a machine that do not add up (HT + TVA ≠ TTC): the one that disagrees is
    replaced when two other readings agree on its value. HT is the sum of the lines read when
    TTC − TVA gives that sum; TVA is the sum of the VAT rows read when TTC − HT gives it and
    the rows' bases add up to HT. The grand total is never replaced (a key field: refused if wrong);
    a missing HT or TVA is the difference of the other two."""
    t = inv.totals
    if t.tax_inclusive is None or inv.allowances_charges:
        return
    if t.tax_exclusive is None and t.tax_total is not None:
        t.tax_exclusive = t.tax_inclusive - t.tax_total
        said.append(f"total HT déduit : TTC − TVA = {t.tax_exclusive}")
        return
    if t.tax_exclusive is None or t.tax_total is None or t.tax_exclusive + t.tax_total == t.tax_inclusive:
        return
    rows = [r for r in inv.vat_breakdown if r.taxable_amount is not None and r.tax_amount is not None]
    lines = [line.net_amount for line in inv.lines]
    if lines and None not in lines and r2(sum(lines, ZERO)) + t.tax_total == t.tax_inclusive:
        said.append(f"total HT lu {t.tax_exclusive} incohérent : {r2(sum(lines, ZERO))}, somme des lignes et TTC − TVA")
        t.tax_exclusive = r2(sum(lines, ZERO))
    elif rows and sum((r.taxable_amount for r in rows), ZERO) == t.tax_exclusive and \
            t.tax_exclusive + sum((r.tax_amount for r in rows), ZERO) == t.tax_inclusive:
        tax = sum((r.tax_amount for r in rows), ZERO)
        said.append(f"total TVA lu {t.tax_total} incohérent : {tax}, somme de la ventilation et TTC − HT")
        t.tax_total = tax


def _breakdown_from_totals(inv: Invoice, mend: bool, said: list[str], wording: str = "") -> None:
    """No breakdown (or, read by a machine, one that contradicts the totals): the one rate that explains them
    (printed on the page when there is one), else the lines per rate, else a read row recomputed by difference."""
    t = inv.totals
    if t.tax_exclusive is None:
        return
    tax = t.tax_total
    if tax is None and t.tax_inclusive is not None:
        tax = t.tax_inclusive - t.tax_exclusive
    if tax is None or (inv.vat_breakdown and (not mend or _explains_totals(inv, tax))):
        return
    rate = certain_rate(t.tax_exclusive, tax, wording)
    if rate is None:
        if not (wording and _breakdown_from_page(inv, tax, wording, said)):
            if inv.vat_breakdown:
                _row_by_difference(inv, tax, wording, said)
            elif not (_breakdown_from_lines(inv, tax, wording, said)
                      or _breakdown_from_rate_amounts(inv, tax, wording, said)
                      or _breakdown_from_page_lines(inv, tax, wording, said)):
                _breakdown_from_line_amounts(inv, tax, wording, said)
        return  # else several rates: the operator gives the breakdown
    if inv.vat_breakdown:
        said.append("la ventilation de TVA lue ne correspond pas aux totaux : remplacée")
    inv.vat_breakdown = [VatBreakdown(category="", rate=rate, taxable_amount=t.tax_exclusive, tax_amount=tax)]
    said.append(f"ventilation de TVA déduite des totaux : {rate_text(rate)} %")


def _categories(inv: Invoice, wording: str, said: list[str]) -> None:
    seller_country = _country(inv.seller)
    buyer_country = _country(inv.buyer)
    for row in inv.vat_breakdown:
        if row.category in vat.CATEGORIES:
            if row.category in vat.TAXED or row.category == "Z":
                row.exemption_code = row.exemption_reason = None  # BR-S-10, BR-Z-10
            if row.category not in vat.TAXED and row.rate is None and row.category != "O":
                row.rate = ZERO
            if row.category in vat.NEEDS_REASON and not (row.exemption_code or row.exemption_reason):
                # a category given (chosen, or read from the page's category column) with no reason: the one the
                # wording and the countries give for that same category (« E » and « art. 293 B du CGI »)
                suggested, code = vat.suggest_category(row.rate, wording=wording, seller_country=seller_country,
                                                       buyer_country=buyer_country, buyer_vat=bool(inv.buyer.vat_id))
                row.exemption_code = code if suggested == row.category else None
        else:
            row.category, code = vat.suggest_category(row.rate, wording=wording, seller_country=seller_country,
                                                      buyer_country=buyer_country, buyer_vat=bool(inv.buyer.vat_id))
            if row.rate is None:
                row.rate = ZERO
            if code and not (row.exemption_code or row.exemption_reason):
                row.exemption_code = code
            if row.category != "S":
                said.append(f"TVA à {rate_text(row.rate)} % : catégorie {row.category} "
                            f"({vat.CATEGORIES[row.category].lower()}) proposée")
        if row.category == "O":
            row.rate = None
        printed = [code for category, code in vat.printed_vatex(wording) if category == row.category]
        if row.category in vat.NEEDS_REASON and not (row.exemption_code or row.exemption_reason) and len(printed) == 1:
            row.exemption_code = printed[0]  # the one VATEX code the page prints for the row's category (BR-E-10)
        if row.category in vat.NEEDS_REASON and row.exemption_code and not row.exemption_reason:
            row.exemption_reason = vat.reason_text(row.exemption_code)
        if row.category == "E" and not (row.exemption_code or row.exemption_reason):
            row.exemption_reason = vat.reason_in_words(wording)  # « Gemäß § 19 UStG … » (BR-E-10)
    if any(row.category == "K" for row in inv.vat_breakdown):
        _intra_eu_delivery(inv, said)


def _intra_eu_delivery(inv: Invoice, said: list[str]) -> None:
    """BR-IC-11/12: an intra-EU supply says when and where it was delivered (proposed: issue date, buyer's country)."""
    delivery = inv.delivery or Delivery()
    if delivery.date is None and inv.period_start is None and inv.period_end is None and inv.issue_date:
        delivery.date = inv.issue_date
        said.append("livraison intracommunautaire : date de livraison = date de facture")
    if (delivery.address is None or not delivery.address.country) and _country(inv.buyer):
        delivery.address = delivery.address or Address()
        delivery.address.country = _country(inv.buyer)
    inv.delivery = delivery


# ---------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------


def _rate_key(category: str | None, rate: Decimal | None) -> tuple[str, Decimal | None]:
    return (category or "", None if rate is None else rate.normalize())


def _complete_line(line: Line, position: int, rows: list[VatBreakdown]) -> bool:
    """Fill a read line's missing data; False when its amount or VAT rate cannot be established."""
    line.id = line.id or str(position)
    if line.net_amount is None and line.quantity is not None and line.net_price is not None:
        line.net_amount = r2(line.quantity * line.net_price)
    if line.net_amount is None:
        return False
    if line.quantity is None or line.quantity == 0:
        line.quantity = Decimal(1)
        line.net_price = None
    if line.net_price is None:
        line.net_price = r2(line.net_amount / line.quantity) if line.quantity else abs(line.net_amount)
    if line.net_price < 0:  # BR-27: a negative line is a negative quantity at a positive price
        line.net_price, line.quantity = -line.net_price, -line.quantity
    line.unit_code = line.unit_code or UNIT
    line.name = (line.name or "").strip() or "Article"
    if line.vat_rate is None and len(rows) == 1:
        line.vat_rate = rows[0].rate
    match = [r for r in rows if (r.category == line.vat_category or not line.vat_category)
             and (r.rate == line.vat_rate or (r.rate is None and r.category == "O"))]
    if len(match) != 1:
        return False
    line.vat_category, line.vat_rate = match[0].category, match[0].rate
    return True


def _lines_hold(inv: Invoice) -> bool:
    """Each VAT base is the sum of its lines' net amounts (the lines explain the breakdown)."""
    sums: dict[tuple[str, Decimal | None], Decimal] = {}
    for line in inv.lines:
        key = _rate_key(line.vat_category, line.vat_rate)
        sums[key] = sums.get(key, ZERO) + (line.net_amount or ZERO)
    for ac in inv.allowances_charges:  # document-level allowances and charges at their rate (BR-S-08...)
        key = _rate_key(ac.vat_category, ac.vat_rate)
        sums[key] = sums.get(key, ZERO) + (ac.amount if ac.is_charge else -ac.amount)
    bases = {_rate_key(r.category, r.rate): r.taxable_amount for r in inv.vat_breakdown}
    return set(sums) == set(bases) and all(r2(sums[k]) == bases[k] for k in bases)


#: Words of a line that prints a discount on the whole invoice (BG-20).
_DISCOUNT_WORDS = re.compile(r"remise|rabais|ristourne|r[ée]duction|discount|rebate|rabatt|nachlass|sconto|descuento",
                             re.IGNORECASE)


def _document_allowance(inv: Invoice, wording: str) -> bool:
    """Lines that add up to more than the one VAT base by a discount printed on the page (« Remise 5 %
    -54,41 »): that difference is a document-level allowance (BG-20) at the base's rate, so that the lines
    are kept (BR-CO-10: BT-106 is their sum; BR-CO-13: BT-109 = BT-106 − BT-107). True when added."""
    from guichet.core.parsing.values import parse_amount

    rows = inv.vat_breakdown
    if (not wording or len(rows) != 1 or rows[0].taxable_amount is None or inv.allowances_charges
            or not inv.lines or any(line.net_amount is None for line in inv.lines)):
        return False
    discount = r2(sum((line.net_amount for line in inv.lines), ZERO)) - rows[0].taxable_amount
    if discount <= 0:
        return False
    for line in wording.replace("\u00a0", " ").splitlines():
        amounts = {abs(a) for m in _AMOUNT_ON_PAGE.finditer(line) if (a := parse_amount(m.group().replace("−", "-")))}
        if _DISCOUNT_WORDS.search(line) and discount in amounts:
            reason = _DISCOUNT_WORDS.search(line).group().capitalize()
            inv.allowances_charges.append(AllowanceCharge(is_charge=False, amount=discount, vat_category=rows[0].category,
                                                          vat_rate=rows[0].rate, reason=reason, reason_code="95"))
            return True
    return False


def summary_lines(rows: list[VatBreakdown]) -> list[Line]:
    """One line per VAT rate, for the base of that rate (when the paper's lines are not legible)."""
    lines = []
    for position, row in enumerate(rows, start=1):
        if row.category in vat.TAXED or row.category == "Z":
            name = f"Total des prestations et marchandises à {rate_text(row.rate)} % de TVA"
        else:
            name = f"Total des prestations et marchandises : {vat.CATEGORIES.get(row.category, row.category).lower()}"
        negative = row.taxable_amount < 0
        lines.append(Line(id=str(position), name=name, quantity=Decimal(-1 if negative else 1), unit_code=UNIT,
                          net_price=abs(row.taxable_amount), net_amount=row.taxable_amount,
                          vat_category=row.category, vat_rate=row.rate))
    return lines


def _lines(inv: Invoice, summary: bool | None, said: list[str], wording: str = "") -> bool:
    """Keep the read lines when they explain the breakdown; otherwise one summary line per rate."""
    rows = [r for r in inv.vat_breakdown if r.taxable_amount is not None]
    if not rows:
        return False
    if summary is False:
        for position, line in enumerate(inv.lines, start=1):
            _complete_line(line, position, rows)
        return False
    if summary is None and inv.lines:
        kept = all(_complete_line(line, position, rows) for position, line in enumerate(inv.lines, start=1))
        if kept and _lines_hold(inv):
            return False
        if kept and _document_allowance(inv, wording):
            if _lines_hold(inv):
                said.append(f"remise sur l'ensemble de la facture lue sur la page : {inv.allowances_charges[-1].amount} "
                            "(les lignes sont gardées)")
                return False
            inv.allowances_charges.pop()
        said.append(f"les {len(inv.lines)} lignes lues ne correspondent pas aux bases de TVA : "
                    "une ligne de synthèse par taux les remplace")
    else:
        said.append("une ligne de synthèse par taux de TVA")
    inv.lines = summary_lines(rows)
    return True


# ---------------------------------------------------------------------------
# Totals
# ---------------------------------------------------------------------------


def _deposit_printed(paid: Decimal, wording: str) -> bool:
    """True when ``paid`` is printed as a deposit: on a line with a label of one (:func:`on_page.prepaid_label`),
    or alone on the line under such a label that prints no amount (the label's cell wraps: « Montant déjà payé : »
    over « 10,00 »), or as a negative amount (a deduction under the total)."""
    lines = wording.replace("\u00a0", " ").splitlines()
    for n, line in enumerate(lines):
        if on_page.prepaid_label(line) and (printed(paid, line) or _alone_under_label(paid, line, lines[n + 1:n + 2])):
            return True
        if -paid in _amounts_on(line):
            return True
    return False


def _alone_under_label(amount: Decimal, label_line: str, next_lines: list[str]) -> bool:
    """True when ``label_line`` prints no amount and the line under it prints ``amount`` and nothing else."""
    if _amounts_on(label_line) or not next_lines:
        return False
    under = next_lines[0].strip()
    return _amounts_on(under) == [amount] and not re.sub(r"[\d\s.,'€$£-]|EUR|CHF|USD|GBP", "", under)


#: Words of a line that prints a rounding amount (BT-114).
_ROUNDING_WORDS = re.compile(r"arrondi|rounding|rundung|arrotondamento|redondeo", re.IGNORECASE)


def _nothing_paid_printed(wording: str) -> bool:
    """True when the page prints no amount already paid: no label of one (:func:`on_page.prepaid_label`: the
    words for which the reading leaves the amount due out) and no negative amount (a deposit or a discount
    printed as a deduction). The amount due is then the grand total (BR-CO-16: BT-115 = BT-112 − BT-113 +
    BT-114, with neither BT-113 nor a rounding printed)."""
    from guichet.core.parsing.values import parse_amount

    text = wording.replace("\u00a0", " ")
    if _ROUNDING_WORDS.search(text) or any(on_page.prepaid_label(line) and not _zero_on_line(line)
                                           and not _numbered_only(line) for line in text.splitlines()):
        return False
    return not any((parse_amount(m.group().replace("−", "-")) or ZERO) < 0 for m in _AMOUNT_ON_PAGE.finditer(text))


def _paid_in_full(inv: Invoice, wording: str) -> bool:
    """True when the page is a receipt (:func:`on_page.receipt_title`: « Reçu », « Receipt », « Justificatif de
    paiement »...), or says it was paid on a day with nothing left to pay (:func:`on_page.paid_on_a_day`: « Payée le
    12/03/2024 par carte bancaire », « Bezahlt am 12.11.2024 »), or prints the grand total itself as the amount paid
    (:func:`_total_paid_printed`: « Payé par carte 1 018,08 € »), which acknowledges that its total was paid: the amount
    paid (BT-113) is the grand total and nothing is due. Not when the page prints a deduction (a negative amount), a rounding, or a payment of another
    amount than the total beside a label of one (a part payment leaves a balance), nor for a credit note. A
    discount's negative amount (« Remise 5 % -675,32 ») is no deduction of a payment."""
    total = inv.totals.tax_inclusive
    text = wording.replace("\u00a0", " ")
    if inv.type_code == "381" or total is None or total <= 0 or _ROUNDING_WORDS.search(text) \
            or not (on_page.receipt_title(text) or on_page.paid_on_a_day(text) or _total_paid_printed(total, text)):
        return False
    for line in text.splitlines():
        amounts = _amounts_on(line)
        deduction = any(a < 0 for a in amounts) and not _DISCOUNT_WORDS.search(line)  # a discount is no payment
        if deduction or (on_page.prepaid_label(line) and any(a and a != total for a in amounts)):
            return False
    return True




def _amounts_on(line: str) -> list[Decimal]:
    """The amounts printed on ``line`` (a minus sign kept)."""
    from guichet.core.parsing.values import parse_amount

    return [a for m in _AMOUNT_ON_PAGE.finditer(line) if (a := parse_amount(m.group().replace("−", "-"))) is not None]


def _total_paid_printed(total: Decimal, text: str) -> bool:
    """True when a line labelled as a payment (:func:`on_page.prepaid_label`: « Payé par carte », « Total payé »,
    « Amount paid ») prints the grand total and no other amount (not a deposit's line: « Acompte 773,72 » is what a
    deposit invoice asks, not a payment), and no line labelling something still to pay
    (:data:`on_page.STILL_DUE`) prints an amount other than that total or zero, nor none at all (« À payer avant le
    30/03 »): the page says its whole total was paid. « Total à payer TTC 1 018,08 » is the total's own label; a
    balance left (« Reste à payer 400,00 ») is another amount."""
    lines = text.splitlines()
    # A deposit's line (« Acompte 773,72 », « Acompte demandé ») prints what a deposit invoice asks, not a payment.
    paid = [line for line in lines if on_page.prepaid_label(line) and not on_page.DEPOSIT_WORD.search(on_page.fold(line))
            and (amounts := _amounts_on(line)) and all(a == total for a in amounts)]
    still_due = [_amounts_on(line) for line in lines if on_page.STILL_DUE.search(on_page.fold(line))]
    return bool(paid) and all(amounts and all(a in (total, ZERO) for a in amounts) for amounts in still_due)


def _numbered_only(line: str) -> bool:
    """True when every label of an amount paid on ``line`` is followed by a number sign and the line prints no
    amount (« Acompte n° : 1 », « Lot n° : 2025-73 » of a progress invoice): the number of a deposit invoice in its
    series, not a payment."""
    from guichet.core.parsing.values import parse_amount

    folded = on_page.fold(line)
    labels = list(on_page.PREPAID.finditer(folded))
    return bool(labels) and all(on_page.NUMBER_SIGN.match(folded, m.end()) for m in labels) and not any(
        parse_amount(m.group()) is not None for m in _AMOUNT_ON_PAGE.finditer(line))


def _zero_on_line(line: str) -> bool:
    """The amounts printed on ``line`` are all zero (« Bereits gezahlt 0,00 € », « Acompte versé : 0,00 »): its
    label of an amount paid says that nothing was paid. False when no amount is printed there."""
    from guichet.core.parsing.values import parse_amount

    amounts = [parse_amount(m.group().replace("−", "-")) for m in _AMOUNT_ON_PAGE.finditer(line)]
    return bool(amounts) and all(a == 0 for a in amounts)


def _totals_and_rows(inv: Invoice) -> set[Decimal | None]:
    """The total HT, the VAT total and each VAT row's amounts: what a misread balance leaves over, never a deposit."""
    t = inv.totals
    return {t.tax_exclusive, t.tax_total, *(a for r in inv.vat_breakdown for a in (r.taxable_amount, r.tax_amount))}


def _prepaid(inv: Invoice, wording: str, said: list[str]) -> None:
    """BR-CO-16: a balance due below the grand total is a paid amount (BT-113) when the page prints it as one.

    The difference between the total and the amount due read is an amount already paid
    (a deposit), a rounding, or a misreading (the total HT read as the amount due). It is written as
    paid only when the page prints that amount as a deposit (:func:`_deposit_printed`) and it is not
    the total HT, the VAT total or an amount of a VAT row (what a misread amount due leaves over):
    otherwise it stays absent and the validator names it.
    """
    t = inv.totals
    if t.prepaid is not None or t.rounding is not None or t.tax_inclusive is None:
        return
    wording = on_page.join_wrapped_labels(wording)  # « Importo » / « € 835,82 » / « pagato »: one label, one line
    if wording and _rounding(inv, wording, said):
        return
    if t.amount_due is None:
        _deposit_and_balance(inv, wording, said)
        if t.amount_due is None and wording and _paid_in_full(inv, wording):
            t.prepaid, t.amount_due = t.tax_inclusive, ZERO  # BR-CO-16: BT-115 = BT-112 − BT-113
            said.append(f"facture payée : le total TTC {t.tax_inclusive} est payé (BT-113), rien n'est dû (BT-115 = 0)")
        elif t.amount_due is None and wording and _nothing_paid_printed(wording):
            t.amount_due = t.tax_inclusive  # BR-CO-16 with no BT-113 nor BT-114 on the page
            said.append(f"net à payer non lu : le total TTC {t.tax_inclusive} (aucun acompte ni déduction sur la page)")
        elif t.amount_due is None and wording and _total_still_due(t.tax_inclusive, wording):
            t.amount_due = t.tax_inclusive  # the page says the whole total is to pay (a past bill's payment aside)
            said.append(f"net à payer : le total TTC {t.tax_inclusive}, imprimé comme restant à payer")
        return
    if wording and _paid_below_total(inv, wording, said):
        return
    paid = t.tax_inclusive - t.amount_due
    if paid > 0 and wording and _deposit_printed(paid, wording) and (
            paid not in _totals_and_rows(inv) or _balance_after_deposit(paid, t.amount_due, wording)):
        t.prepaid = paid
        said.append(f"montant déjà payé (acompte) lu sur la page : {paid}")
    elif t.tax_inclusive < 0 and t.amount_due <= 0 and paid < 0 and wording and _signed_deposit(paid, wording) \
            and paid not in _totals_and_rows(inv):
        # An invoice of negative amounts (a refund invoiced as such, type 380): its deposit is negative too, BR-CO-16
        # holds with the signs as printed (« TOTAL TTC -100,00 », « Acompte : -10,00 », « NET A PAYER -90,00 »).
        t.prepaid = paid
        said.append(f"montant déjà payé (acompte) lu sur la page, négatif comme les totaux : {paid}")


def _total_still_due(total: Decimal, wording: str) -> bool:
    """True when every line labelling something still to pay (:data:`on_page.STILL_DUE`: « Da pagare », « Zu zahlen »)
    that prints an amount prints the grand total and nothing else, and one does: the page says the whole total is to
    pay, whatever payment it also prints (a past bill's, « Pagamento ricevuto il 03/05 -10 943,30 »)."""
    every = wording.replace("\u00a0", " ").splitlines()
    lines = [line for line in every if on_page.STILL_DUE.search(on_page.fold(line))]
    amounts = [found for line in lines if (found := _amounts_on(line))]
    if not (bool(amounts) and total > 0 and all(found == [total] for found in amounts)):
        return False
    # a payment of this bill printed with the balance it leaves (« Acompte versé : 300,00 » and « Solde 700,00 »): the
    # line of the total is its schedule's (« Échéance 30/03/2026 1 000,00 »), not what is left to pay
    printed = {amount for line in every for amount in _amounts_on(line)}
    paid = {amount for line in every if on_page.prepaid_label(line) for amount in _amounts_on(line) if 0 < amount < total}
    return not any(total - amount in printed for amount in paid)


def _signed_deposit(paid: Decimal, wording: str) -> bool:
    """True when ``paid`` is printed with its sign on a line with a label of an amount paid
    (:func:`on_page.prepaid_label`: « Acompte : -10,00 »), or alone under such a label's wrapped cell."""
    lines = wording.replace("\u00a0", " ").splitlines()
    return any(on_page.prepaid_label(line) and (paid in _amounts_on(line) or _alone_under_label(paid, line, lines[n + 1:n + 2]))
               for n, line in enumerate(lines))


#: The largest rounding of the amount due (BT-114) taken from the page: a cash rounding to 5 or 10 cents, a
#: total rounded to the euro. A larger difference is a deposit or a misreading.
MAX_ROUNDING = Decimal("0.99")


def _roundings_printed(wording: str) -> set[Decimal]:
    """The amounts printed on the lines that name a rounding (« Arrondi -0,02 », « Rundungsdifferenz 0,03 »),
    signed as printed, below :data:`MAX_ROUNDING`."""
    from guichet.core.parsing.values import parse_amount

    found = set()
    for line in wording.replace("\u00a0", " ").splitlines():
        if _ROUNDING_WORDS.search(line):
            found |= {a for m in _AMOUNT_ON_PAGE.finditer(line)
                      if (a := parse_amount(m.group().replace("−", "-"))) and abs(a) <= MAX_ROUNDING}
    return found


def _rounding(inv: Invoice, wording: str, said: list[str]) -> bool:
    """BR-CO-16 with a rounding (BT-115 = BT-112 − BT-113 + BT-114): the amount due differs from the grand total by an
    amount the page prints on a line naming a rounding, with, maybe, an amount paid the page prints as one
    (:func:`_deposit_printed`: « Rundungsbetrag 0,01 », « Vorausbezahlter Betrag 10,00 »). An amount due read is
    taken when exactly one such reading joins it to the total (an unsigned « Arrondi 0,02 » may go either way); an
    amount due not read is the total plus the rounding when exactly one such sum is printed. True when set."""
    t = inv.totals
    roundings = {signed for r in _roundings_printed(wording) for signed in ((r, -r) if r > 0 else (r,))}
    if not roundings:
        return False
    if t.amount_due is not None:
        gap = t.tax_inclusive - t.amount_due  # what was paid, less the rounding
        fits = {(gap + r, r) for r in roundings
                if gap + r == 0 or (gap + r > 0 and gap + r not in _totals_and_rows(inv)
                                    and _deposit_printed(gap + r, wording))}
        if len(fits) != 1:
            return False
        paid, t.rounding = fits.pop()
        t.prepaid = paid or None
    else:
        dues = {t.tax_inclusive + r for r in roundings}
        dues = {due for due in dues if due > 0 and printed(due, wording)}
        if len(dues) != 1:
            return False
        t.amount_due = dues.pop()
        t.rounding = t.amount_due - t.tax_inclusive
    paid = f", déjà payé {t.prepaid}" if t.prepaid else ""
    said.append(f"arrondi (BT-114) lu sur la page : {t.rounding}{paid}, net à payer {t.amount_due}")
    return True


def _balance_after_deposit(paid: Decimal, due: Decimal, wording: str) -> bool:
    """True when the amount due is printed below the amount paid printed beside a label of one (« Acompte : 20,00 »
    over « NET A PAYER 100,00 »), or alone under the label's wrapped cell (« Montant déjà payé : » over « 10,00 »,
    :func:`_alone_under_label`): the page deducts it, then prints the balance. A paid amount equal to the VAT total
    is then a deposit, not what an amount due misread as the total HT leaves over (« Acompte 100,00 » printed last)."""
    lines = wording.replace("\u00a0", " ").splitlines()
    first = next((n for n, line in enumerate(lines) if on_page.prepaid_label(line) and printed(paid, line)), None)
    if first is None:
        first = next((n + 1 for n, line in enumerate(lines)
                      if on_page.prepaid_label(line) and _alone_under_label(paid, line, lines[n + 1:n + 2])), None)
    return first is not None and any(printed(due, line) for line in lines[first + 1:])


def _deposit_pairs(inv: Invoice, wording: str) -> set[tuple[Decimal, Decimal]]:
    """The (amount paid, balance) pairs printed on the lines right after the grand total: a deposit or a payment
    printed as a deduction (negative), then the balance, adding up to the total. A nil balance (« Paiement carte
    -725,39 » over « Solde restant 0,00 ») is the whole total paid."""
    t = inv.totals
    lines = wording.replace("\u00a0", " ").splitlines()
    pairs = set()
    for n, line in enumerate(lines):
        if not printed(t.tax_inclusive, line):
            continue
        after = [a for text in lines[n + 1:n + 4] for a in _amounts_on(text)]
        # The deposit printed as a deduction (negative): two positive amounts there may be a VAT recap. The whole
        # total deducted is a payment even when it equals the total HT (no VAT: « Total brutto 726,62 » over
        # « Zahlung Mastercard -726,62 », « Offener Saldo 0,00 »).
        if len(after) >= 2 and after[0] < 0 <= after[1] and -after[0] + after[1] == t.tax_inclusive \
                and (-after[0] == t.tax_inclusive or abs(after[0]) not in _totals_and_rows(inv)):
            pairs.add((abs(after[0]), after[1]))
    return pairs


def _deposit_and_balance(inv: Invoice, wording: str, said: list[str]) -> None:
    """A balance the reading left out: the two amounts printed on the lines right after the grand
    total (:func:`_deposit_pairs`) when only one such pair is there."""
    t = inv.totals
    pairs = _deposit_pairs(inv, wording)
    if len(pairs) == 1:
        t.prepaid, t.amount_due = pairs.pop()
        said.append(f"acompte {t.prepaid} et solde à payer {t.amount_due} lus sous le total TTC")


def _paid_below_total(inv: Invoice, wording: str, said: list[str]) -> bool:
    """An amount due read equal to the grand total while the lines right under the total deduct that whole total
    and print a nil balance (:func:`_deposit_pairs`: « Total séjour TTC 725,39 », « Paiement carte -725,39 »,
    « Solde restant 0,00 »): the reading took the total for what is due; the invoice is paid, nothing is due."""
    t = inv.totals
    if t.amount_due != t.tax_inclusive or t.tax_inclusive <= 0 or _deposit_pairs(inv, wording) != {(t.tax_inclusive, ZERO)}:
        return False
    t.prepaid, t.amount_due = t.tax_inclusive, ZERO
    said.append(f"payée : le total TTC {t.tax_inclusive} est déduit sous le total, solde 0 (BT-113 = total, BT-115 = 0)")
    return True


def _totals(inv: Invoice, read: bool) -> None:
    """The totals that follow from the others (BR-CO-10..16).

    The amount due is derived from the grand total only when a person coded the invoice: a
    reading leaves it out on purpose when the page shows a deposit it could not pair with a
    balance, and a balance equal to the grand total would then be a wrong amount to pay.
    """
    t = inv.totals
    allowances = sum((ac.amount or ZERO for ac in inv.allowances_charges if not ac.is_charge), ZERO)
    charges = sum((ac.amount or ZERO for ac in inv.allowances_charges if ac.is_charge), ZERO)
    if inv.lines and all(line.net_amount is not None for line in inv.lines):
        t.line_total = r2(sum((line.net_amount for line in inv.lines), ZERO))
        if t.tax_exclusive is None:
            t.tax_exclusive = t.line_total - allowances + charges
    if allowances and t.allowance_total is None:
        t.allowance_total = r2(allowances)
    if charges and t.charge_total is None:
        t.charge_total = r2(charges)
    if t.tax_total is None and inv.vat_breakdown:
        t.tax_total = r2(sum((r.tax_amount or ZERO for r in inv.vat_breakdown), ZERO))
    if t.tax_inclusive is None and t.tax_exclusive is not None and t.tax_total is not None:
        t.tax_inclusive = t.tax_exclusive + t.tax_total
    if t.amount_due is None and t.tax_inclusive is not None and not read:
        t.amount_due = t.tax_inclusive - (t.prepaid or ZERO) + (t.rounding or ZERO)


# ---------------------------------------------------------------------------
# Parties
# ---------------------------------------------------------------------------


def _country(party: Any) -> str | None:
    return party.address.country if party is not None and party.address is not None else None


#: An entry in one of the German registers the Amtsgerichte keep, as the reading writes it: the Handelsregister's two
#: sections (« HRA 987 », « HRB 12345 »), the Genossenschafts-, Partnerschafts- and Vereinsregister (« GnR 12 »,
#: « PR 345 », « VR 6789 »). Austria's Firmenbuch numbers its entries otherwise (« FN 123456a »).
_GERMAN_REGISTER = re.compile(r"(?:HR[AB]|GnR|PR|VR) \d")
#: The court that keeps a German register, printed with its entry (« Amtsgericht Hamburg HRB 12345 », « Registergericht:
#: Amtsgericht München »); an Austrian entry names a Handels- or Landesgericht (« FN 123456a, Handelsgericht Wien »).
_GERMAN_COURT = re.compile(r"\b(?:amtsgericht|registergericht)\b", re.IGNORECASE)


def _other_country_printed(wording: str, country: str) -> bool:
    """True when a line of the page, or a cell of one, names a country other than ``country`` (« Österreich »)."""
    for line in wording.replace("\u00a0", " ").splitlines():
        for cell in (line, *re.split(r"\s{2,}", line.strip())):
            named = country_of_name(cell)
            if named is not None and named != country:
                return True
    return False


def _register_country(party: Any, wording: str = "") -> str | None:
    """Germany for a party with a Steuernummer in its regional form (BT-32 « 22/815/08150 »), or entered in a German
    register (BT-30 « HRB 12345 », « VR 6789 ») when the page says the register is German: its court is printed
    (« Amtsgericht », « Registergericht »), or the party's postcode has the German shape and no line names another
    country. The entry's shape alone is not enough: « HRB » is also written by sellers registered elsewhere."""
    from stdnum.de import stnr

    legal = party.legal_id.value if party.legal_id is not None and not party.legal_id.scheme else ""
    tax = party.tax_registration_id or ""
    if "/" in tax and stnr.is_valid(tax):
        return "DE"
    if not _GERMAN_REGISTER.match(legal):
        return None
    postcode = party.address.postcode if party.address is not None else None
    german_postcode = bool(postcode) and POSTCODE_SHAPES["DE"].fullmatch(postcode.strip()) is not None
    if _GERMAN_COURT.search(wording) or (german_postcode and not _other_country_printed(wording, "DE")):
        return "DE"
    return None


def _bank_country(party: Any, iban: str | None) -> str | None:
    """The seller's country from the bank account it is paid on, when its block agrees: the IBAN's country (ISO 13616:
    its first two letters, the account checked by its key through schwifty) is its bank's, not its seat's (a French
    company may bank in Germany), so it is taken only with another sign of the same country in the seller's own words,
    its street's language or its legal form, and its postcode of that country's shape (:func:`agreeing_country`):
    « Lindenweg 3, 01069 Dresden » paid on a « DE… » account is German, « 12 rue des Lilas, 75011 Paris » is not."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    if not iban or party.address is None:
        return None
    try:
        bank = IBAN(iban).country_code
    except (SchwiftyException, ValueError):
        return None
    street, forms = countries_of_street(party.address.line1), countries_of_legal_form(party.name)
    return agreeing_country(party.address.postcode, [bank], [sign for sign in (street, forms) if sign])


def _guess_country(party: Any, wording: str = "") -> str | None:
    """The country of a party from its VAT number's prefix, else France from a valid SIREN (the
    number of the French register, R.123-221 of the Code de commerce: a party that has one is
    registered in France). Never one its printed postcode rules out (« 1000 » is not French): the
    postcode's shape only rules a country out, it never chooses one alone. Without an identifier,
    the legal form ending the name and the postcode's shape together, when they leave one country
    (:func:`~guichet.core.parsing.countries.country_of_legal_form`: « Müller GmbH, 10115 Berlin »)."""
    postcode = party.address.postcode if party.address is not None else None
    country = vat.vat_country(party.vat_id) or ("FR" if party.siren else None) or _register_country(party, wording)
    if country is None and not party.vat_id:
        return country_of_legal_form(party.name, postcode)
    return country if country and postcode_fits(country, postcode) else None


def _with_address(party: Any, address: Address | None) -> None:
    if address is None:
        return
    if party.address is None:
        party.address = copy.copy(address)
        return
    for name in ("line1", "line2", "city", "postcode", "country"):
        if not getattr(party.address, name) and getattr(address, name):
            setattr(party.address, name, getattr(address, name))


def company_address(company: Company) -> Address | None:
    """The postal address of a dossier's company from its settings (``address``: line1, postcode, city, country)."""
    data = (company.settings or {}).get("address") or {}
    if not isinstance(data, dict) or not any(data.values()):
        return None
    return Address(line1=data.get("line1") or None, line2=data.get("line2") or None, city=data.get("city") or None,
                   postcode=data.get("postcode") or None, country=(data.get("country") or "FR").upper())


#: Legal forms and words left out when two company names are compared.
_FORMS = re.compile(r"\b(" + "|".join((*LEGAL_FORMS["FR"], "societe", "ste", "ets", "etablissements")) + r")\b")


def _folded(name: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFD", name.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", _FORMS.sub(" ", text))


def same_name(read: str | None, known: str) -> bool:
    """True when nothing was read, or the read name is the company's (case, accents, legal form aside)."""
    if not read:
        return True
    a, b = sorted((_folded(read), _folded(known)), key=len)
    if len(a) < 4:  # too short to be found inside another name: the same name only
        return bool(a) and a == b
    return a in b


def _dossier_party(party: Any, company: Company, registered: Callable[[str, str | None], Address | None],
                   role: str, said: list[str]) -> None:
    """The dossier's company fills the party it is (buyer of a purchase, seller of a sale)."""
    filled = []
    if not party.name:
        party.name = company.name
        filled.append("nom")
    if party.legal_id is None:
        party.legal_id = Identifier(company.siren, SCHEME_SIREN)
        filled.append("SIREN")
    if not party.vat_id and company.vat_id:
        party.vat_id = company.vat_id
        filled.append("n° de TVA")
    before = copy.copy(party.address)
    _with_address(party, company_address(company))
    if party.address is None or not (party.address.city or party.address.postcode):
        _with_address(party, registered(company.siren, None))
    _with_address(party, Address(country="FR"))
    if party.address != before:
        filled.append("adresse")
    if filled:
        said.append(f"{role} complété depuis le dossier ({', '.join(filled)})")


def given_party(party: Any, siren: str, name: str | None, role: str, said: list[str]) -> None:
    """The person converting said which company ``party`` is (``guichet convert --buyer-siren``): what was
    read of another company gives way, said: a different name (and the address printed under it), a
    different SIREN (and the identifiers and VAT number read with it), a VAT number that is not this
    SIREN's; a name read under another SIREN goes with it. The company's data is filled in afterwards
    (:func:`_dossier_party`; its SIREN alone when the company is unknown)."""
    replaced = []
    other_siren = party.siren is not None and party.siren != siren
    if party.name and (other_siren or (name and not same_name(party.name, name))):
        replaced.append(f"nom « {party.name} »")  # another company's name (or one read under its SIREN)
        party.name, party.trading_name, party.address = None, None, None
    if other_siren:
        replaced.append(f"SIREN {party.siren}")
        party.legal_id, party.identifiers = None, []
    if party.vat_id and vat.vat_country(party.vat_id) == "FR" and ids.compact(party.vat_id) != ids.fr_vat_from_siren(siren):
        replaced.append(f"n° de TVA {party.vat_id}")
        party.vat_id = None
    if replaced:
        said.append(f"{role} lu sur la page ({', '.join(replaced)}) : ce n'est pas la société indiquée "
                    f"(SIREN {siren}{f', {name}' if name else ''}), remplacé par elle")


def _other_party(party: Any, registered: Callable[[str, str | None], Address | None],
                 remembered: Address | None, role: str, said: list[str], wording: str = "", iban: str | None = None) -> None:
    """The other party's address: the Sirene copy, else the supplier memory; its country from its identifiers, else
    (the seller) from the bank account it is paid on when its own words agree (:func:`_bank_country`)."""
    before = copy.copy(party.address)
    if party.siren and (party.address is None or not (party.address.city or party.address.postcode)):
        _with_address(party, registered(party.siren, party.siret))
    _with_address(party, remembered)
    country = _guess_country(party, wording)
    if country is None and role == "vendeur" and not party.vat_id and _country(party) is None:
        country = _bank_country(party, iban)
    if country:
        _with_address(party, Address(country=country))
    if party.address != before and party.address is not None:
        where = ", ".join(v for v in (party.address.postcode, party.address.city, party.address.country) if v)
        whose = "de l'acheteur" if role == "acheteur" else f"du {role}"
        said.append(f"adresse {whose} proposée : {where}")


def _parties(inv: Invoice, company: Company | None, registered: Callable[[str, str | None], Address | None],
             remembered: Address | None, said: list[str], purchase: bool | None = None, wording: str = "",
             presumed: dict[str, str] | None = None) -> None:
    if company is not None:
        sales = not purchase and (inv.seller.siren == company.siren or (
            inv.seller.vat_id and company.vat_id and ids.compact(inv.seller.vat_id) == ids.compact(company.vat_id)))
        mine, other, roles = (inv.seller, inv.buyer, ("vendeur", "acheteur")) if sales else \
            (inv.buyer, inv.seller, ("acheteur", "vendeur"))
        if purchase:  # said by the person converting: the buyer is the company, whatever was read
            given_party(mine, company.siren, company.name, roles[0], said)
        if purchase or sales or mine.siren == company.siren or (mine.siren is None and same_name(mine.name, company.name)):
            _dossier_party(mine, company, registered, roles[0], said)
        else:  # addressed to someone else: said, not hidden under the dossier's identifiers
            said.append(f"{roles[0]} lu « {mine.name} » : ce n'est pas la société du dossier, non complété")
        _other_party(other, registered, remembered if not sales else None, roles[1], said, wording, inv.iban)
    else:
        _other_party(inv.seller, registered, remembered, "vendeur", said, wording, inv.iban)
        _other_party(inv.buyer, registered, None, "acheteur", said, wording)
    _domestic_buyer(inv, said, wording, presumed)


def _domestic_buyer(inv: Invoice, said: list[str], wording: str = "", presumed: dict[str, str] | None = None) -> None:
    """The buyer's country presumed from the seller's (:func:`domestic_presumption`), said and kept as presumed."""
    country, _why = domestic_presumption(inv, wording)
    if country is None:
        return
    inv.buyer.address.country = country
    if presumed is not None:
        presumed["buyer_country"] = country
    said.append(f"pays de l'acheteur : {country} présumé, celui du vendeur (adresse sans pays : courrier intérieur), "
                "non lu sur la page")


def domestic_presumption(inv: Invoice, wording: str = "") -> tuple[str | None, str]:
    """The country a buyer address printed without any country is presumed in: the seller's, when its postcode fits it;
    else None and why not (in French, for the calibration: ``tests/bench_domestic_buyer.py``).

    The postal convention (UPU Convention, art. 18 of its Regulations; NF Z10-011 in France): an
    address abroad ends with the country's name, a domestic one carries none. So « 75016 Paris »
    on a French seller's invoice is in France, while « 10115 Berlin » there would have been
    written « D-10115 Berlin » or followed by « ALLEMAGNE » (read as such by the address block).
    The seller's country must itself be established, the postcode's shape must fit it, the
    buyer's name must not end with a legal form of another country's law (« Müller GmbH »), nor any of its address lines
    (BT-50, BT-51, BT-163: a street under a box or a building's line) be named in another country's language only
    (« Calle Mayor 5 », « Via Roma 1 », « Hauptstraße 5 »), nor its own VAT
    number be another country's (« BE0477472701 » over « 75016 Paris »: registered abroad, its seat unsaid; the
    buyer's country is then not guessed, and the gate names it), nor anything else on the page point to another
    country for the buyer (:func:`_abroad_sign`: a country by its postcode, a phone or a domain of another country in
    its block, a foreign VAT number, an intra-EU supply, an export, a reverse charge, another currency), nor its
    postcode be one of another territory numbered within the seller's country's (« 98000 » Monaco, « 97110 »
    Guadeloupe: :func:`countries.other_territory`). A presumed country is no read one: the completion keeps it in
    :attr:`Completion.presumed` and says so.

    Calibrated on the tuned parts (``tests/bench_domestic_buyer.py``, 2026-12-07): see its docstring.
    """
    buyer, seller_country = inv.buyer, _country(inv.seller)
    address = buyer.address
    if address is not None and address.country:
        return None, "pays déjà connu"
    if seller_country is None:
        return None, "pays du vendeur inconnu"
    if address is None or not address.postcode:
        return None, "code postal de l'acheteur non lu"
    if buyer.vat_id and vat.vat_country(buyer.vat_id) not in (None, seller_country):
        return None, "n° TVA de l'acheteur d'un autre pays"
    if not postcode_fits(seller_country, address.postcode):
        return None, "code postal d'une autre forme"
    if countries.other_territory(seller_country, address.postcode):
        return None, "code postal d'un autre territoire (outre-mer, Monaco…)"
    if legal_form_excludes(seller_country, buyer.name):
        return None, "forme juridique d'un autre pays"
    if any(street_excludes(seller_country, line) for line in (address.line1, address.line2, address.line3)):
        return None, "rue d'une autre langue"
    abroad = _abroad_sign(inv, wording, seller_country)
    if abroad is not None:
        return None, abroad
    return seller_country, "présumé"


#: Where a VAT number may start (« DE 136 695 976 », « ATU12345678 », « BE0477.472.701 »): an EU prefix not glued to a
#: word (« NUMÉRO 949 127 146 » is no Romanian number); what follows is read by :func:`_vat_numbers_printed`.
_VAT_PREFIX = re.compile(r"(?<!\w)(" + "|".join(sorted(vat.EU_COUNTRIES - {"GR"} | {"EL", "XI"})) + r")(?=[ .-]?[0-9A-Z])")
#: The groups of letters and digits after the prefix, as printed between single spaces, dots or dashes.
_VAT_GROUPS = re.compile(r"[ .-]?([0-9A-Z]+)")


def _vat_numbers_printed(wording: str) -> set[str]:
    """The VAT numbers ``wording`` prints whose key holds (python-stdnum), compacted: a prefix, then its groups as
    printed (« DE 136 695 976 »), the longest run of whole groups taken whose key holds (the word after a number is no
    part of it: « DE136695976 Steuernummer »)."""
    from stdnum.eu import vat as eu_vat

    text, found = wording.upper(), set()
    for start in _VAT_PREFIX.finditer(text):
        runs, run, at = [], start.group(1), start.end()
        while len(run) < 16 and (group := _VAT_GROUPS.match(text, at)) is not None:
            run, at = run + group.group(1), group.end()
            runs.append(run)
        valid = [number for number in reversed(runs) if len(number) > 4 and eu_vat.is_valid(number)]
        if valid:
            found.add(valid[0])
    return found


#: The wording of the VAT categories that says the buyer is in another country than the seller: an intra-EU supply
#: (K: art. 138 of the VAT directive, « livraison intracommunautaire »), an export (G: art. 146), a reverse charge on a
#: service to a taxable person of another member state (art. 196). Not the reverse charge's other words: it has domestic
#: cases (construction: art. 283-2 nonies CGI, § 13b UStG, the Italian « inversione contabile »), and a cross-border
#: one prints the buyer's VAT number (art. 226 (4) of the directive), another sign.
_ABROAD_WORDING = (*((category, words) for category, _code, words in vat.WORDING if category in ("K", "G")),
                   ("AE", ("article 196", "art. 196", "art 196")))


def _abroad_sign(inv: Invoice, wording: str, seller_country: str) -> str | None:
    """What on the page points to another country than the seller's for the buyer, in French, or None: a country named
    or coded in the buyer's address (its postcode's line: « 06000 NICE, DE », « D-10115 Berlin », a country's line
    after it), a phone or an e-mail's or website's domain of another country under it (:func:`_contact_country`), a valid VAT number of another country printed on the page, a mention of an intra-EU supply, an export or
    a reverse charge on a service abroad (:data:`_ABROAD_WORDING`), or an invoice in another currency than the seller's country's."""
    address = inv.buyer.address
    country_lines = [country_of_name(line) for line in (address.line1, address.line2, address.line3)]
    for named in (*country_lines, _country_in_line(address.city or "", address.postcode)):
        if named is not None and named != seller_country:
            return f"pays {named} dans l'adresse de l'acheteur"
    lines = wording.splitlines()
    code = "".join(address.postcode.split()).upper()
    # the postcode as read (a space where it had one: « 37 000,00 » in « capital de 37 000,00 EUR » is no « 37000 »),
    # not an amount's start
    printed = r"\s?".join(re.escape(part) for part in address.postcode.upper().split())
    for at, line in enumerate(lines):
        for found in re.finditer(rf"(?<![\w-])([A-Z]{{1,3}})?[ -]?{printed}(?![\w-]|[.,]\d)", line.upper()):
            prefix = countries.country_of_prefix(found.group(1), code) if found.group(1) else None
            after = _country_in_line(line[found.end():], code)
            following = country_of_name(lines[at + 1]) if at + 1 < len(lines) else None
            for named in (prefix, after, following):
                if named is not None and named != seller_country:
                    return f"pays {named} près du code postal de l'acheteur"
            contact = _contact_country(lines[at:at + _CONTACT_LINES + 1], code, seller_country)
            if contact is not None:
                return contact
    for number in sorted(_vat_numbers_printed(wording)):
        if vat.vat_country(number) != seller_country:
            return f"n° TVA d'un autre pays sur la page ({number})"
    text = vat.folded(wording)
    for category, words in _ABROAD_WORDING:
        if any(vat.said(word, text) for word in words):
            return {"K": "livraison intracommunautaire", "G": "exportation", "AE": "autoliquidation (art. 196)"}[category] \
                + " mentionnée"
    national = countries.NATIONAL_CURRENCY.get(seller_country)
    if national and inv.currency and inv.currency != national:
        return f"devise {inv.currency}, pas celle du pays du vendeur ({national})"
    return None


#: How many lines under the buyer's postcode its block's contact lines (a phone, an e-mail, a website) are looked for.
_CONTACT_LINES = 3


def _contact_country(lines: list[str], postcode: str, seller_country: str) -> str | None:
    """Another country than the seller's that the buyer block's contact lines give, said in French, or None: a phone in
    international form whose country code fits the postcode (« Tél. +49 421 3590 0 » under « 28195 Bremen »:
    :func:`countries.country_of_phone`), an e-mail or a website of a country's domain (« einkauf@swb.de »:
    :func:`countries.country_of_domain`). Each column of a line apart (two spaces or more between them)."""
    for line in lines:
        for part in re.split(r"\s{2,}|\t", line.strip()):
            phone = countries.country_of_phone(part, postcode)
            if phone is not None and phone != seller_country:
                return f"téléphone de l'acheteur en {phone}"
            domain = countries.country_of_domain(part)
            if domain is not None and domain != seller_country:
                return f"adresse électronique ou site du pays {domain} dans le bloc de l'acheteur"
    return None


def _country_in_line(text: str, postcode: str | None) -> str | None:
    """The country a piece of an address line names or codes at its end (« NICE, DE », « Paris FRANCE »), or None."""
    text = text.strip(" ,;-")
    if not text:
        return None
    named = country_of_name(text)
    if named is not None:
        return named
    tail = re.search(r"[,/]\s*([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]+)$", text)
    if tail is not None:
        code = tail.group(1).strip()
        named = country_of_name(code) or (code if code in countries.ISO_PREFIXES and postcode_fits(code, postcode) else None)
        if named is not None:
            return named  # « NICE, DE »: Germany here, or Delaware; either way not a domestic French address
    words = text.split()
    return country_of_name(words[-1]) if len(words) > 1 and len(words[-1]) > 3 else None


def _seller_vat_from_siren(inv: Invoice, said: list[str]) -> None:
    """A French seller that charges VAT has the VAT number of its SIREN (BR-S-02): derived, not guessed."""
    seller = inv.seller
    charges_vat = any(row.category == "S" and row.rate for row in inv.vat_breakdown)
    if seller.vat_id or not charges_vat or not seller.siren or _country(seller) not in (None, "FR"):
        return
    seller.vat_id = ids.fr_vat_from_siren(seller.siren)
    if seller.vat_id:
        said.append(f"n° de TVA du vendeur déduit de son SIREN : {seller.vat_id}")


def _out_of_scope(inv: Invoice, said: list[str]) -> None:
    """An invoice out of the scope of VAT (category O only, BR-O-11) carries no VAT number, the seller's nor the
    buyer's (BR-O-02): a number read or taken from the dossier is left out, and said."""
    if not inv.vat_breakdown or any(row.category != "O" for row in inv.vat_breakdown):
        return
    for label, party in (("du vendeur", inv.seller), ("de l'acheteur", inv.buyer)):
        if party.vat_id:
            said.append(f"n° de TVA {label} ({party.vat_id}) non repris : facture hors champ de la TVA (BR-O-02)")
            party.vat_id = None


def _franchise_tax_id(inv: Invoice, said: list[str]) -> None:
    """A French seller in the franchise en base (art. 293 B du CGI) has no VAT number to print: its tax registration
    identifier (BT-32, scheme FC) is taken to be its SIREN.

    The rule this answers is BR-E-02 (EN 16931-1): « An Invoice that contains an Invoice line (BG-25) where the
    Invoiced item VAT category code (BT-151) is "Exempt from VAT" shall contain the Seller VAT Identifier (BT-31),
    the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63) ».
    The French rule says what BT-32 holds: XP Z12-012 (Nov. 2025) BR-FR-CO-16, « Les factures en franchise en base
    de TVA comportent un bloc de détail TVA avec une BT-118 = "E" ET une raison d'exemption en CODE BT-121 =
    "VATEX-FR-FRANCHISE". Si le Vendeur n'a pas de n° de TVA, il doit répéter son n° de SIREN en BT-32 » (merged
    practice does the same: Dolibarr's e-invoicing module, PR #564 / issue #560); it is said in the completion."""
    seller = inv.seller
    franchise = any(row.category == "E" and row.exemption_code == "VATEX-FR-FRANCHISE" for row in inv.vat_breakdown)
    if not franchise or seller.vat_id or seller.tax_registration_id or not seller.siren or _country(seller) not in (None, "FR"):
        return
    seller.tax_registration_id = seller.siren
    said.append(f"identifiant fiscal du vendeur (BT-32) : son SIREN {seller.siren} (franchise en base, art. 293 B du CGI)")


#: Payment terms that make the invoice due at once, on its issue date (folded text): on receipt, in cash, at sight
#: (« Payable à réception », « Paiement comptant », « Due on receipt », « Zahlbar sofort », « Sofort fällig ohne
#: Abzug », « Pago al contado », « Pagamento a vista »).
_DUE_AT_ONCE = re.compile(r"(?:paiement|reglement|payable)\s*(?:a|des)\s*(?:reception|presentation)|paiement\s*comptant"
                          r"|(?:due|payable)\s*(?:on|upon)\s*(?:receipt|presentation)|payment\s*in\s*advance"
                          r"|zahlbar\s*sofort|sofort\s*(?:zahlbar|fallig)|(?:zahlbar|fallig)\s*(?:bei|nach)\s*erhalt\b(?!\s*der\s*ware)"
                          r"|pago\s*(?:al\s*contado|a\s*la\s*recepcion|inmediato)|pagamento\s*(?:a\s*vista|immediato|al\s*ricevimento)"
                          r"|vista\s*fattura")
#: Terms whose days run from another day than the issue date, or that name more than one day (folded text): the end
#: of the month (« 30 jours fin de mois », « 45 days end of month », « 30 Tage nach Monatsende », « 60 días fin de
#: mes », « 30 gg f.m. »), the delivery or the receipt of the goods or of the invoice, a discount for early payment
#: (« 2 % Skonto »: two terms, two days). The due date is then not the issue date plus the days.
_TERMS_NOT_FROM_ISSUE = re.compile(r"fin\s*de\s*mois|\bfdm\b|end\s*of\s*(?:the\s*)?month|\beom\b|monats(?:ende|ultimo)|ende\s*des\s*monats"
                                   r"|fin\s*de\s*mes|fine\s*mese|\bf\.?\s*m\.?(?!\w)|\bdffm\b"
                                   r"|livraison|reception|delivery|receipt|lieferung|erhalt|entrega|recepcion|consegna|ricevimento"
                                   r"|escompte|skonto|discount|descuento|sconto|\d\s*%"
                                   r"|eingang|abnahme|leistung|acceptance|completion|service\s*fait|apres|after\s*(?!(?:the\s*)?invoice\s*date)")
_UNIT = r"(?:jours?|days?|tagen?|dias|giorni|gg)"
#: Where the days of a term are known to run from the issue date (folded text), the only terms a due date is computed
#: from: a number of days with its unit, then « net » or the issue date as its start (« 30 jours net », « 45 jours date
#: de facture », « 30 days from invoice date », « 14 Tage ab Rechnungsdatum », « 14 Tagen ohne Abzug », « 60 días fecha
#: factura », « 30 gg data fattura »); or « Net 30 » with nothing after but « days » or the end of its cell. Never a
#: number followed by a currency or a decimal (« Net 450 EUR », « Total net 125 € » are amounts).
_FROM_ISSUE_START = (r"nets?\b|netto\b|netos?\b|ohne\s*abzug|rein\s*netto"
                     r"|(?:a\s*compter\s*de\s*(?:la\s*)?)?date\s*(?:de\s*)?(?:la\s*)?(?:facture|facturation|d\W?\s*emission)"
                     r"|(?:from|of)\s*(?:the\s*)?invoice\s*date|ab\s*rechnungsdatum|(?:data|d\.?)\s*fattura|d\.\s*f\.(?!\w)"
                     r"|fecha\s*(?:de\s*)?(?:la\s*)?factura|f\.\s*f\.(?!\w)")
_NET_TERM = re.compile(rf"(?<![\d,.])(\d{{1,3}})\s*{_UNIT}(?!\w)\.?\s*,?\s*(?:{_FROM_ISSUE_START})"
                       rf"|(?<!total)(?<!total\s)(?<!montant\s)(?<!amount\s)(?<!betrag\s)\bnet(?:to)?\s*(\d{{1,3}})"
                       rf"(?:\s*{_UNIT})?\.?\s*(?:$|\s{{2,}}|[;|])")


def _net_term_days(terms: list[str]) -> set[int]:
    """The numbers of days of :data:`_NET_TERM` on the terms' lines (days run from the issue date)."""
    return {int(a or b) for line in terms for a, b in _NET_TERM.findall(line)}


def _due_from_terms(inv: Invoice, wording: str, said: list[str]) -> None:
    """The due date (BT-9) the printed payment terms give, when the reading found none printed: the issue date plus the
    days of a net term (« Paiement à 30 jours net », « Net 30 », « Zahlbar innerhalb 14 Tagen ohne Abzug », « Pago a
    60 días », « 30 gg data fattura »), or the issue date itself for terms due at once (:data:`_DUE_AT_ONCE`:
    « Payable à réception »). EN 16931 BT-9 is « the date when the payment is due »; BT-20 says it in words.

    Nothing is computed when the page prints a date after the issue date (it may be a due date the reading missed), when
    the terms name several numbers of days (instalments, a discount's term and the net term) or run from another day
    (:data:`_TERMS_NOT_FROM_ISSUE`: end of month, delivery, receipt), for a credit note, or when nothing is due."""
    t = inv.totals
    if inv.due_date is not None or inv.issue_date is None or inv.type_code == "381" or not wording \
            or (t.amount_due is not None and t.amount_due <= 0):
        return
    terms = on_page.term_lines(wording)
    if not terms or any(day > inv.issue_date for day in on_page.dates_on_page(wording)):
        return
    days = on_page.term_days(wording)
    at_once = any(_DUE_AT_ONCE.search(line) for line in terms)
    if len(days) == 1 and not at_once and _net_term_days(terms) == days and days <= set(range(1, 181)) \
            and not any(_TERMS_NOT_FROM_ISSUE.search(line) for line in terms):
        inv.due_date = inv.issue_date + dt.timedelta(days=days.pop())
    elif not days and at_once and not any(_TERMS_NOT_FROM_ISSUE.search(_DUE_AT_ONCE.sub("", line)) for line in terms):
        inv.due_date = inv.issue_date
    else:
        return
    said.append(f"date d'échéance (BT-9) non imprimée : {inv.due_date.strftime('%d/%m/%Y')}, calculée depuis la date "
                f"de facture et les conditions de paiement imprimées")


# ---------------------------------------------------------------------------
# The whole
# ---------------------------------------------------------------------------


def _no_address(siren: str, siret: str | None) -> Address | None:  # noqa: ARG001 - same signature as the hook
    return None


def registry_of(pm: pluggy.PluginManager | None) -> Callable[[str, str | None], Address | None]:
    """The address look-up through the ``registered_address`` hook (a failure is no address)."""
    if pm is None:
        return _no_address

    def look_up(siren: str, siret: str | None) -> Address | None:
        try:
            return pm.hook.registered_address(siren=siren, siret=siret)
        except Exception:  # the register is a help: its failure must not stop the coding
            log.exception("registered address of %s not read", siren)
            return None

    return look_up


def complete(
    invoice: Invoice,
    *,
    company: Company | None = None,
    pm: pluggy.PluginManager | None = None,
    wording: str = "",
    remembered: Address | None = None,
    summary: bool | None = None,
    read: bool = False,
    purchase: bool | None = None,
) -> Completion:
    """The invoice completed into an EN 16931 invoice (a copy; ``invoice`` is not changed).

    :param company: The dossier's company: the buyer of a purchase invoice, the seller of a sale.
    :param pm: For the ``registered_address`` hook (local Sirene copy).
    :param wording: The paper's text (reverse charge, intra-EU supply, franchise... are said there).
    :param remembered: The seller's address the supplier memory kept.
    :param summary: True: one summary line per VAT rate whatever was read; False: keep the lines
        as they are; None: keep them when they add up to the VAT bases, else summary lines.
    :param read: The values were read by a machine, not coded by a person: a VAT breakdown
        that contradicts the totals gives way to the single rate that explains them.
    :param purchase: True: ``company`` is the buyer whatever the reading took for the seller's
        identifiers (``guichet convert --buyer-siren``); None: a sale when the seller read is the company.
    """
    inv = copy.deepcopy(invoice)
    said: list[str] = []
    if not inv.currency:  # convert refuses a page that shows another currency (validate_en16931.convert)
        inv.currency = "EUR"
        said.append("devise non lue : euro")
    if not inv.type_code:  # the reading gives 380 or 381 from the title (« Facture », « Avoir »...): none printed
        inv.type_code = "380"  # a coded invoice: the coding screen's default type, shown to the operator
        if read:
            said.append("type de document non lu (aucun titre « Facture » ni « Avoir ») : facture (380)")
    presumed: dict[str, str] = {}
    _parties(inv, company, registry_of(pm), remembered, said, purchase, wording, presumed)
    if read:
        _mend_totals(inv, said)
    _breakdown_from_totals(inv, read, said, wording)
    _categories(inv, wording, said)
    _seller_vat_from_siren(inv, said)
    _franchise_tax_id(inv, said)
    _out_of_scope(inv, said)
    summarised = _lines(inv, summary, said, wording)
    _totals(inv, read)
    _prepaid(inv, wording, said)
    if read:
        _due_from_terms(inv, wording, said)
    return Completion(inv, said, summarised, presumed)
