"""Arithmetic and VAT controls: lines, allowances and charges, VAT per rate.

Line arithmetic (quantity × price, which EN 16931 does not check), VAT per rate
(BR-CO-17, BR-S-08 and siblings) on exact decimals, rounded half-up to the cent
as EN 16931 prescribes; VAT rates allowed in France for the date and the
territory (mainland, Corsica, overseas departments); payment due date within the
L441-10 limits. The document totals (BR-CO-10…16) are the validator's
(``validate_en16931``: the official schematron for an XML, the same rules on the
model for a coded scan): one wrong total is one finding, under its EN 16931 id.

Codes: ARI-LINES, ARI-VAT, ARI-DECIMALS, VAT-RATE-ALLOWED,
VAT-CATEGORY, VAT-CURRENCY, PAY-TERMS. Arithmetic applies to every invoice;
rates, categories, currency and payment terms are French rules and apply only
when the seller is established in France.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.pipeline.controls import Report, is_french_party

if TYPE_CHECKING:
    from guichet.core.model.invoice import Address, Invoice
    from guichet.core.model.models import Company

ORIGIN = "controls_arithmetic"
CENT = Decimal("0.01")
ZERO = Decimal(0)
TOLERANCE = CENT  # one cent: rounding of unit prices and of VAT per rate

# ---------------------------------------------------------------------------
# French VAT rates (shared/docs/domain.md §5), by period and territory
# ---------------------------------------------------------------------------

_D = Decimal
MAINLAND_RATES: tuple[tuple[dt.date, frozenset[Decimal]], ...] = (
    # (valid from, rates); the last period whose start is <= the date applies
    (dt.date(1900, 1, 1), frozenset({_D("19.6"), _D("5.5"), _D("2.1")})),
    (dt.date(2012, 1, 1), frozenset({_D("19.6"), _D("7"), _D("5.5"), _D("2.1")})),
    (dt.date(2014, 1, 1), frozenset({_D("20"), _D("10"), _D("5.5"), _D("2.1")})),
)
CORSICA_EXTRA = frozenset({_D("13"), _D("10"), _D("2.1"), _D("0.9")})
DOM_RATES = frozenset({_D("8.5"), _D("2.1"), _D("1.75"), _D("1.05")})
#: Every rate a French invoice may carry (current and historical lists of BR-FR-16 / Flux 10).
ALL_FRENCH_RATES = frozenset(
    {_D(x) for x in ("0", "0.9", "1.05", "1.75", "2.1", "5.5", "7", "8.5", "9.2", "9.6", "10", "13",
                     "19.6", "20", "20.6")}
)
FRENCH_CATEGORIES = frozenset({"S", "E", "AE", "K", "G", "O", "Z"})
DOWN_PAYMENT_TYPES = frozenset({"386", "500", "503"})

MAINLAND, CORSICA, DOM, NO_VAT = "métropole", "Corse", "DOM", "Guyane/Mayotte"
_DOM_COUNTRY = {"GP": DOM, "MQ": DOM, "RE": DOM, "GF": NO_VAT, "YT": NO_VAT}
_DOM_POSTCODE = {"971": DOM, "972": DOM, "974": DOM, "973": NO_VAT, "976": NO_VAT}


def money(value: Decimal) -> Decimal:
    """Round half-up to the cent (EN 16931)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def territory(address: Address | None) -> str:
    """The French VAT territory of ``address``: mainland, Corsica, DOM or no-VAT DOM."""
    if address is None:
        return MAINLAND
    country = (address.country or "FR").upper()
    if country in _DOM_COUNTRY:
        return _DOM_COUNTRY[country]
    postcode = (address.postcode or "").replace(" ", "")
    if postcode[:3] in _DOM_POSTCODE:
        return _DOM_POSTCODE[postcode[:3]]
    if postcode.startswith("20") or postcode[:2].upper() in ("2A", "2B"):
        return CORSICA
    return MAINLAND


def allowed_rates(place: str, when: dt.date) -> frozenset[Decimal]:
    """VAT rates allowed in ``place`` on ``when`` (besides 0 for non-S categories)."""
    mainland = next(rates for start, rates in reversed(MAINLAND_RATES) if start <= when)
    if place == CORSICA:
        return mainland | CORSICA_EXTRA
    if place == DOM:
        return DOM_RATES
    if place == NO_VAT:
        return frozenset()
    return mainland


def payment_limit(issue: dt.date) -> dt.date:
    """Latest lawful due date (C. com. L441-10): 60 days, or 45 days end of month (either reading)."""
    end_of_month = issue.replace(day=calendar.monthrange(issue.year, issue.month)[1])
    plus45 = issue + dt.timedelta(days=45)
    eom_after = plus45.replace(day=calendar.monthrange(plus45.year, plus45.month)[1])
    return max(issue + dt.timedelta(days=60), end_of_month + dt.timedelta(days=45), eom_after)


# ---------------------------------------------------------------------------
# Controls
# ---------------------------------------------------------------------------


def _key(category: str | None, rate: Decimal | None) -> tuple[str, Decimal]:
    return ((category or "").upper(), (rate or ZERO).normalize())


def _price_tolerance(price: Decimal, quantity: Decimal) -> Decimal:
    """Half a unit of the price's last decimal, times the quantity: a rounded unit price."""
    exponent = min(price.as_tuple().exponent, -2) if isinstance(price.as_tuple().exponent, int) else -2
    return max(TOLERANCE, abs(quantity) * Decimal(5).scaleb(exponent - 1))


def _check_lines(report: Report, invoice: Invoice, *, strict: bool) -> None:
    """BT-131 = quantity × net price / base quantity + charges − allowances (blocking when ``strict``)."""
    add = report.block if strict else report.warn
    for line in invoice.lines:
        if line.net_amount is None or line.quantity is None or line.net_price is None:
            continue
        base = line.price_base_quantity or Decimal(1)
        if base == 0:
            continue
        charges = sum((ac.amount for ac in line.allowances_charges if ac.is_charge), ZERO)
        allowances = sum((ac.amount for ac in line.allowances_charges if not ac.is_charge), ZERO)
        expected = money(line.quantity * line.net_price / base + charges - allowances)
        if abs(expected - line.net_amount) > _price_tolerance(line.net_price, line.quantity / base):
            add(
                "ARI-LINES",
                f"ligne {line.id} : net {line.net_amount} au lieu de {expected} "
                f"({line.quantity} × {line.net_price} − remises + frais)",
                "BT-131",
            )


def _check_vat(report: Report, invoice: Invoice) -> None:
    bases: dict[tuple[str, Decimal], Decimal] = defaultdict(lambda: ZERO)
    complete = bool(invoice.lines) and all(
        line.net_amount is not None and line.vat_category for line in invoice.lines
    )
    for line in invoice.lines:
        bases[_key(line.vat_category, line.vat_rate)] += line.net_amount or ZERO
    for ac in invoice.allowances_charges:
        bases[_key(ac.vat_category, ac.vat_rate)] += ac.amount if ac.is_charge else -ac.amount
    for row in invoice.vat_breakdown:
        label = f"{row.category} {row.rate if row.rate is not None else ''} %".strip()
        key = _key(row.category, row.rate)
        if complete and key in bases and money(bases[key]) != money(row.taxable_amount):
            report.block("ARI-VAT", f"base de TVA {label} : {row.taxable_amount} au lieu de {money(bases[key])}",
                         "BT-116")
        if row.rate is not None:
            expected = money(row.taxable_amount * row.rate / 100)
            if abs(expected - row.tax_amount) > TOLERANCE:
                report.block("ARI-VAT", f"TVA {label} : {row.tax_amount} au lieu de {expected} (BR-CO-17)", "BT-117")
    if complete:
        declared = {_key(row.category, row.rate) for row in invoice.vat_breakdown}
        for key in bases:
            if key not in declared and invoice.vat_breakdown:
                report.block("ARI-VAT", f"catégorie de TVA {key[0]} {key[1]} % sans ventilation (BG-23)", "BG-23")


def _check_decimals(report: Report, invoice: Invoice) -> None:
    t = invoice.totals
    amounts = {
        "BT-106": t.line_total, "BT-109": t.tax_exclusive, "BT-110": t.tax_total,
        "BT-112": t.tax_inclusive, "BT-115": t.amount_due,
    }
    amounts.update({f"BT-131 (ligne {line.id})": line.net_amount for line in invoice.lines})
    for field, value in amounts.items():
        if value is not None and value != value.quantize(CENT):
            report.block("ARI-DECIMALS", f"montant {value} avec plus de deux décimales", field.split(" ")[0])


def _check_french_vat(report: Report, invoice: Invoice) -> None:
    when = invoice.tax_point_date or invoice.issue_date or dt.date.today()
    place_address = invoice.delivery.address if invoice.delivery and invoice.delivery.address else None
    place = territory(place_address or invoice.seller.address)
    allowed = allowed_rates(place, when)
    rows = [(r.category, r.rate, "BT-119") for r in invoice.vat_breakdown]
    rows += [(line.vat_category, line.vat_rate, "BT-152") for line in invoice.lines]
    seen: set[tuple[str, Decimal, str]] = set()
    for category, rate, field in rows:
        cat = (category or "").upper()
        value = (rate or ZERO).normalize()
        if (cat, value, field) in seen:
            continue
        seen.add((cat, value, field))
        if cat and cat not in FRENCH_CATEGORIES:
            report.block("VAT-CATEGORY", f"catégorie de TVA {cat} non admise en France (S, E, AE, K, G, O, Z)", field)
            continue
        if cat == "S" and value == 0:
            report.block("VAT-CATEGORY", "catégorie S (taux normal) avec un taux de 0 %", field)
            continue
        if cat and cat != "S" and value != 0:
            report.block("VAT-CATEGORY", f"catégorie {cat} avec un taux de {value} % (0 % attendu)", field)
            continue
        if cat == "S" and value not in allowed:
            if value not in ALL_FRENCH_RATES:
                report.block("VAT-RATE-ALLOWED", f"taux de TVA {value} % inconnu en France", field)
            else:
                report.warn("VAT-RATE-ALLOWED",
                            f"taux de TVA {value} % non applicable en {place} au {when.isoformat()}", field)


def _check_currency(report: Report, invoice: Invoice) -> None:
    currency = (invoice.currency or "EUR").upper()
    if currency == "EUR":
        return
    if (invoice.tax_currency or "").upper() != "EUR" or invoice.totals.tax_total_accounting is None:
        report.block("VAT-CURRENCY", f"facture en {currency} sans montant de TVA en euros (BT-6, BT-111)", "BT-111")


def _check_terms(report: Report, invoice: Invoice) -> None:
    due = invoice.totals.amount_due
    if due is not None and due > 0 and invoice.due_date is None and not invoice.payment_terms:
        report.warn("PAY-TERMS", "ni date d'échéance ni conditions de paiement", "BT-9")
    if invoice.due_date and invoice.issue_date and (invoice.type_code or "") not in DOWN_PAYMENT_TYPES:
        limit = payment_limit(invoice.issue_date)
        if invoice.due_date > limit:
            days = (invoice.due_date - invoice.issue_date).days
            report.warn("PAY-TERMS",
                        f"échéance à {days} jours, au-delà du délai légal (60 jours ou 45 jours fin de mois, "
                        f"soit le {limit.isoformat()} au plus tard)", "BT-9")


def check_arithmetic(invoice: Invoice) -> Report:
    """Run the arithmetic and VAT controls on ``invoice`` (no database, no network)."""
    report = Report(ORIGIN)
    french = is_french_party(invoice.seller)
    _check_lines(report, invoice, strict=french)
    _check_vat(report, invoice)
    _check_decimals(report, invoice)
    if french:
        _check_french_vat(report, invoice)
        _check_currency(report, invoice)
        _check_terms(report, invoice)
    return report


@hookimpl
def check_invoice(invoice: Invoice, company: Company | None) -> list:
    """EN 16931 arithmetic, French VAT rates and payment terms."""
    return check_arithmetic(invoice).result(company)
