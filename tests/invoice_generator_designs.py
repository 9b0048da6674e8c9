"""Invoices drawn with REAL invoice designs from open-source invoicing software (issue 13).

The three other families were invented by us; these layouts were not. The templates of open-source
invoicing programs (Invoice Ninja's PDF designs, InvoiceShelf's and Akaunting's Blade invoices,
Kimai's Twig ones, Frappe Books' Vue ones, laravel-invoices' Blade one) and their translation files
are fetched data under their own licences, never committed: they live in ``../shared/designs``
(rebuilt by ``tests/data/designs/rebuild.py``, sources and licences in
``tests/data/designs/README.md``). This module fills a design with generated truth (French sellers
first, foreign ones too; buyers of several countries; one or several VAT rates; due dates,
discounts, deposits where the design prints them; credit notes where the program prints them; long
invoices of several pages) the way the program itself would (its section builders and its own labels
in the invoice's language), renders the PDF with WeasyPrint and, through
:func:`invoice_generator.degrade`, 200-dpi scans. Truth is :class:`invoice_generator.Truth`.

Designs, not seeds, are split by a fixed hash of their name (:func:`part_of`): about 60 % are
« modèles (ajustement) » (:data:`TUNING`, the rules may be tuned on them), 40 % « modèles inédits »
(:data:`UNSEEN`, measured only: never read their misses). When ``../shared/designs`` is absent
(CI has no network) :func:`available` is false and the benches and tests skip the family.

Run ``python tests/invoice_generator_designs.py OUT --part modeles --count 20 --kinds text,scan200``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from invoice_generator import (
    CITIES,
    COUNTRY,
    FIRST_NAMES,
    FORMS,
    LANGUAGES,
    MONTH_NAMES,
    PRODUCTS,
    STREETS,
    SURNAMES,
    TRADES,
    VAT_RATES,
    Invoice,
    Truth,
    _iban,
    _luhn_complete,
    _number,
    _seller_name,
    _siret,
    _vat_id,
    format_amount,
    format_date,
    format_rate,
    grouped,
    money,
    printed_buyer,
    random_digits,
)
from invoice_generator import write_set as generator_write_set
from dev_split import in_tuning

ROOT = Path(__file__).resolve().parents[1]
#: Where rebuild.py puts the designs (``GUICHET_DESIGNS`` overrides it).
DESIGNS = Path(os.environ.get("GUICHET_DESIGNS") or ROOT.parent / "shared" / "designs")
TUNING_PART = "modeles"
UNSEEN_PART = "modeles-inedits"
PARTS = (TUNING_PART, UNSEEN_PART)
TAGS = {TUNING_PART: "modèles (ajustement)", UNSEEN_PART: "modèles inédits (jamais ajustés)"}
#: Share of designs in the tuning part; the split hashes each design's name with this salt.
TUNING_SHARE = 60
SPLIT_SALT = "guichet-designs-2026-12-05"
#: French first, as the appliance's users receive; the other languages a tenth each.
WEIGHTS = {"fr": 0.6, "en": 0.1, "de": 0.1, "es": 0.1, "it": 0.1}
#: Share of credit notes among the invoices of a design whose program prints them (``credits``).
CREDIT_SHARE = 0.15
#: Share of long invoices (many lines: several pages where the design flows) and their number of lines.
LONG_SHARE = 0.08
LONG_LINES = (35, 60)
TAX_NAME = {"fr": "TVA", "en": "VAT", "de": "MwSt.", "es": "IVA", "it": "IVA"}


# ---------------------------------------------------------------------------
# Designs and their split
# ---------------------------------------------------------------------------


@dataclass
class DesignInvoice(Invoice):
    """An invoice whose page is drawn larger and printed at ``zoom`` (Chromium's ``zoom`` of some designs)."""

    zoom: float = 1.0

    def pdf(self) -> bytes:
        import weasyprint

        document = weasyprint.HTML(string=self.html).render()
        self.truth.pages = len(document.pages)
        return document.write_pdf(zoom=self.zoom)


def part_of(design: str) -> str:
    """The part of a design (``source/name``): a fixed hash, the same on every machine and run."""
    return TUNING_PART if in_tuning(SPLIT_SALT, design, TUNING_SHARE) else UNSEEN_PART


def available() -> bool:
    """True when the designs set is here (it is not in CI: no network)."""
    return bool(all_designs())


@cache
def all_designs() -> tuple[str, ...]:
    """Every design found under :data:`DESIGNS`, as ``source/name``, sorted."""
    found = []
    for source, renderer in RENDERERS.items():
        found += [f"{source}/{name}" for name in renderer.names() if (DESIGNS / source).is_dir()]
    return tuple(sorted(found))


def designs_of(part: str) -> tuple[str, ...]:
    if part not in PARTS:
        raise ValueError(part)
    return tuple(d for d in all_designs() if part_of(d) == part)


# ---------------------------------------------------------------------------
# The generated truth, shared by every design
# ---------------------------------------------------------------------------


@dataclass
class Party:
    name: str
    street: str
    postcode: str
    city: str
    country: str  # ISO code
    country_name: str
    vat: str | None
    siren: str | None = None
    siret: str | None = None
    email: str = ""
    phone: str = ""
    website: str = ""


@dataclass
class Line:
    item: str
    description: str
    qty: Decimal
    price: Decimal
    rate: str
    amount: Decimal  # qty × price, before the document's discount


@dataclass
class Data:
    language: str
    number: str
    issue: dt.date
    due: dt.date | None
    seller: Party
    buyer: Party
    lines: list[Line]
    discount_pct: Decimal  # a discount on the whole invoice, 0 when none
    discount: Decimal
    bases: list[tuple[str, Decimal, Decimal]]  # (rate, base after discount, tax)
    subtotal: Decimal  # sum of the lines
    ht: Decimal
    tva: Decimal
    ttc: Decimal
    deposit: Decimal  # already paid, 0 when none
    iban: str | None
    bic: str
    days: int
    amount_style: int
    date_style: int
    form: str
    capital: str
    notes: str
    po_number: str | None
    client_number: str
    credit: bool = False  # a credit note (type 381), drawn by the designs whose program prints them


COUNTRY_NAMES = {
    "fr": {"FR": "France", "GB": "Royaume-Uni", "DE": "Allemagne", "ES": "Espagne", "IT": "Italie", "BE": "Belgique"},
    "en": {"FR": "France", "GB": "United Kingdom", "DE": "Germany", "ES": "Spain", "IT": "Italy", "BE": "Belgium"},
    "de": {"FR": "Frankreich", "GB": "Vereinigtes Königreich", "DE": "Deutschland", "ES": "Spanien", "IT": "Italien",
           "BE": "Belgien"},
    "es": {"FR": "Francia", "GB": "Reino Unido", "DE": "Alemania", "ES": "España", "IT": "Italia", "BE": "Bélgica"},
    "it": {"FR": "Francia", "GB": "Regno Unito", "DE": "Germania", "ES": "Spagna", "IT": "Italia", "BE": "Belgio"},
}
#: What the issuer types in the program's free fields (terms, footer), per language.
TERMS = {
    "fr": "Paiement par virement à {days} jours.", "en": "Payment by bank transfer within {days} days.",
    "de": "Zahlbar per Überweisung innerhalb von {days} Tagen.", "es": "Pago por transferencia a {days} días.",
    "it": "Pagamento con bonifico a {days} giorni.",
}
CASH_TERMS = {"fr": "Paiement à réception.", "en": "Payment on receipt.", "de": "Zahlbar sofort nach Erhalt.",
              "es": "Pago a la recepción.", "it": "Pagamento a vista."}
BANK = {"fr": "IBAN : {iban} – BIC : {bic}", "en": "IBAN: {iban} BIC: {bic}", "de": "IBAN: {iban} · BIC: {bic}",
        "es": "IBAN: {iban} BIC: {bic}", "it": "IBAN: {iban} - BIC: {bic}"}
THANKS = {"fr": "Merci de votre confiance.", "en": "Thank you for your business.", "de": "Vielen Dank für Ihren Auftrag.",
          "es": "Gracias por su confianza.", "it": "Grazie per la fiducia."}
PENALTIES = ("En cas de retard de paiement, pénalités au taux de trois fois le taux d'intérêt légal et indemnité "
             "forfaitaire pour frais de recouvrement de 40 €.")


def _party(language: str, country_lang: str, rng: random.Random, *, seller: bool) -> Party:
    """A seller or buyer of the country of ``country_lang``, printed in ``language``."""
    country = COUNTRY[country_lang]
    siren = _luhn_complete(random_digits(rng, 8)) if country == "FR" else None
    if seller:
        name, form = _seller_name(country_lang, rng)
        name = f"{name} {form}".strip()
    else:
        form = rng.choice([f for f in FORMS[country_lang] if f])
        name = rng.choice([f"{rng.choice(TRADES[country_lang])} {rng.choice(SURNAMES[country_lang])} {form}",
                           f"{rng.choice(SURNAMES[country_lang])} {rng.choice(TRADES[country_lang])} {form}",
                           f"{rng.choice(FIRST_NAMES[country_lang])} {rng.choice(SURNAMES[country_lang])}"])
    vat = _vat_id(country_lang, siren or "", rng) if seller or rng.random() < 0.6 else None
    postcode = {"GB": f"{rng.choice(['LS', 'BS', 'M', 'SW'])}{rng.randint(1, 19)} {rng.randint(1, 9)}"
                      f"{rng.choice('ABDEFGH')}{rng.choice('JLNPQRST')}"}.get(country, f"{rng.randint(1000, 95999):05d}")
    slug = re.sub(r"[^a-z]", "", name.lower())[:14] or "contact"
    tld = {"FR": "fr", "GB": "co.uk", "DE": "de", "ES": "es", "IT": "it"}[country]
    return Party(name=name, street=f"{rng.randint(1, 120)} {rng.choice(STREETS[country_lang])}", postcode=postcode,
                 city=rng.choice(CITIES[country_lang]), country=country,
                 country_name=COUNTRY_NAMES[language][country], vat=vat, siren=siren,
                 siret=_siret(siren, rng) if siren else None, email=f"contact@{slug}.{tld}",
                 phone=f"+{ {'FR': 33, 'GB': 44, 'DE': 49, 'ES': 34, 'IT': 39}[country]} {random_digits(rng, 9)}",
                 website=f"www.{slug}.{tld}")


def _valid_iban(country: str, rng: random.Random) -> str:
    """An IBAN whose ISO key and national check digits both hold (the main generator's keeps the ISO key only)."""
    from stdnum import iban as iban_check

    for _attempt in range(5000):
        if iban_check.is_valid(candidate := _iban(country, rng)):
            return candidate
    raise AssertionError(country)


def draw(rng: random.Random, language: str, *, lines: int | None = None, most: int | None = None) -> Data:
    """The truth of one invoice in ``language`` (its seller of that language's country); ``lines``: that many;
    ``most``: no more lines than that (a design whose page cannot flow onto a second one)."""
    issue = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 1300))
    days = rng.choice([0, 15, 30, 30, 45, 60])
    due = issue + dt.timedelta(days=days) if days and rng.random() < 0.85 else None
    seller = _party(language, language, rng, seller=True)
    buyer_lang = language if rng.random() < 0.75 else rng.choice([lang for lang in LANGUAGES if lang != language])
    buyer = _party(language, buyer_lang, rng, seller=False)
    rates = VAT_RATES[language]
    used = [rates[0]] if rng.random() < 0.6 else rng.sample(rates, k=min(len(rates), rng.choice([2, 2, 3])))
    count = rng.choice([1, 2, 3, 4, 5, 6, 8]) if rng.random() < 0.9 else rng.randint(14, 30)
    count = min(lines or count, most or 10**6)
    lines = []
    for index in range(count):
        qty = Decimal(rng.choice([1, 1, 1, 2, 3, 4, 5, 10, 12, 20])) if rng.random() < 0.85 else \
            Decimal(rng.randint(5, 400)) / 10
        price = money(Decimal(str(round(10 ** rng.uniform(0.3, 3.4), 2))))
        item = rng.choice(PRODUCTS[language])
        lines.append(Line(item=f"{item[:3].upper()}-{rng.randint(10, 999)}" if rng.random() < 0.5 else item,
                          description=item, qty=qty, price=price,
                          rate=used[index] if index < len(used) else rng.choice(used), amount=money(qty * price)))
    subtotal = sum((line.amount for line in lines), Decimal(0))
    discount_pct = Decimal(rng.choice([5, 10, 15])) if len(used) == 1 and rng.random() < 0.2 else Decimal(0)
    sums: dict[str, Decimal] = {}
    for line in lines:
        sums[line.rate] = sums.get(line.rate, Decimal(0)) + line.amount
    bases = []
    for rate in sorted(sums, key=lambda r: -Decimal(r)):
        base = money(sums[rate] * (100 - discount_pct) / 100)
        bases.append((rate, base, money(base * Decimal(rate) / 100)))
    ht = sum((b for _r, b, _t in bases), Decimal(0))
    tva = sum((t for _r, _b, t in bases), Decimal(0))
    ttc = ht + tva
    deposit = money(ttc * Decimal(rng.choice(["0.3", "0.5"]))) if rng.random() < 0.12 else Decimal(0)
    iban = _valid_iban(COUNTRY[language], rng) if rng.random() < 0.85 else None
    bic = rng.choice({"fr": ["AGRIFRPP", "BNPAFRPP", "CEPAFRPP", "SOGEFRPP"], "de": ["DEUTDEFF", "COBADEFF"],
                      "it": ["BCITITMM", "UNCRITMM"], "es": ["CAIXESBB", "BBVAESMM"],
                      "en": ["NWBKGB2L", "BARCGB22"]}[language])
    notes = rng.choice(["", THANKS[language]])
    return Data(language=language, number=_number(rng, issue, False), issue=issue, due=due, seller=seller,
                buyer=buyer, lines=lines, discount_pct=discount_pct, discount=subtotal - ht, bases=bases,
                subtotal=subtotal, ht=ht, tva=tva, ttc=ttc, deposit=deposit, iban=iban, bic=bic, days=days,
                amount_style=rng.randint(0, 11), date_style=rng.randint(0, 5),
                form=next((f for f in sorted(FORMS[language], key=len, reverse=True) if f and seller.name.endswith(f)),
                          ""),
                capital=f"{rng.choice([1000, 5000, 10000, 37000, 100000]):,}".replace(",", " "), notes=notes,
                po_number=f"{rng.choice(['PO', 'BC', 'CMD', ''])}{rng.randint(1000, 99999)}" if rng.random() < 0.3
                else None, client_number=f"{rng.randint(1, 9999):04d}")


def _negate(data: Data) -> None:
    """A return as programs that print it negative do: quantities, line amounts and every total below zero."""
    for line in data.lines:
        line.qty, line.amount = -line.qty, -line.amount
    data.bases = [(rate, -base, -tax) for rate, base, tax in data.bases]
    data.subtotal, data.discount, data.ht, data.tva, data.ttc = (-data.subtotal, -data.discount, -data.ht, -data.tva,
                                                                 -data.ttc)


def truth_of(data: Data, design: str, part: str, seed: int) -> Truth:
    return Truth(
        invoice_number=data.number, issue_date=data.issue.isoformat(),
        due_date=data.due.isoformat() if data.due else None, currency="EUR",
        document_type_code="381" if data.credit else "380",
        seller_name=data.seller.name, seller_siren=data.seller.siren, seller_vat_id=data.seller.vat,
        buyer_name=data.buyer.name, total_without_tax=str(data.ht), total_tax=str(data.tva),
        total_with_tax=str(data.ttc), iban=data.iban, language=data.language, layout=design, part=part, seed=seed,
        vat_rates=[r for r, _b, _t in data.bases], amount_due=str(data.ttc - data.deposit) if data.deposit else None,
    )


# Formats shared by the renderers ------------------------------------------------


def amount(data: Data, value: Decimal, *, currency: bool = True) -> str:
    return format_amount(value, data.language, data.amount_style, currency=currency)


def date(data: Data, day: dt.date | None) -> str:
    return format_date(day, data.language, data.date_style) if day else ""


def quantity(data: Data, value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if data.language == "en" else text.replace(".", ",")


def legal_footer(data: Data) -> str:
    """The issuer's legal lines, as typed in the program's footer field."""
    s = data.seller
    if s.country == "FR":
        parts = [f"{s.name} – {data.form or 'SAS'} au capital de {data.capital} €" if data.form else s.name,
                 f"SIRET {s.siret}", f"RCS {s.city} {grouped(s.siren or '', 3)}", f"TVA intracommunautaire {s.vat}"]
        return " – ".join(parts) + ". " + PENALTIES
    return f"{s.name} · {s.street} · {s.postcode} {s.city} · {s.vat}"


def terms(data: Data) -> str:
    text = TERMS[data.language].format(days=data.days) if data.days else CASH_TERMS[data.language]
    if data.iban:
        text += " " + BANK[data.language].format(iban=grouped(data.iban), bic=data.bic)
    return text


# ---------------------------------------------------------------------------
# Invoice Ninja: resources/views/pdf-designs/*.html filled as app/Services/PdfMaker/Design.php does
# ---------------------------------------------------------------------------


def _php_array(text: str, *, nested: bool = False) -> dict[str, str]:
    """The top-level ``'key' => 'value'`` strings of a PHP language file (``[...]`` or ``array(...)``); ``nested``:
    those of the arrays inside too, keyed by their path as Laravel's ``__('file.a.b')`` reads them (``a.b``)."""
    out: dict[str, str] = {}
    token = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\[|\barray\s*\()|(\]|\))|(=>)|//[^\n]*|/\*.*?\*/""",
                       re.S)
    path: list[str | None] = []  # the keys of the arrays we are in (None: a call's parenthesis, a list)
    last_key, expect_value = None, False
    for m in token.finditer(text):
        if m.group(3):
            path.append(last_key if expect_value else None)
            last_key, expect_value = None, False
        elif m.group(4):
            if path:  # a call's closing parenthesis outside any array (« die('…'); ») closes nothing
                path.pop()
        elif m.group(5):
            expect_value = last_key is not None
        elif m.group(1) is not None or m.group(2) is not None:
            value = re.sub(r"\\(.)", r"\1", m.group(1) if m.group(1) is not None else m.group(2))
            inner = path[1:]
            readable = len(path) == 1 or (nested and path and None not in inner)
            if expect_value and readable:
                out[".".join([*inner, last_key]) if nested else last_key] = value
                last_key, expect_value = None, False
            else:
                last_key = value if readable else None
    return out


def _php_texts(path: Path, prefix: str, *, nested: bool = False) -> dict[str, str]:
    """A Laravel language file's strings as ``__('prefix.key')`` finds them."""
    return {f"{prefix}{k}": v for k, v in _php_array(path.read_text(encoding="utf-8"), nested=nested).items()}


#: The locale folders of the programs that name them so (Akaunting).
LOCALES = {"fr": "fr-FR", "en": "en-GB", "de": "de-DE", "es": "es-ES", "it": "it-IT"}


class _Renderer:
    """What every program's renderer shares: its designs and languages found under :data:`DESIGNS`."""

    folder: str  # under DESIGNS
    designs: str  # the designs' folder in the program's repository
    suffix: str  # a design file's ending
    translations: str  # a language's translation file ({lang}: fr, en…; {locale}: fr-FR, en-GB…)
    source_language: str | None = None  # the language the templates are written in, with no file of its own
    #: The program prints English labels only (no other in its repository): French invoices drawn too, as a French
    #: issuer using it prints them, its English words with French data and formats.
    english_labels = False

    @classmethod
    def keeps(cls, _filename: str) -> bool:
        return True

    @classmethod
    def names(cls) -> list[str]:
        folder = DESIGNS / cls.folder / cls.designs
        return sorted(p.name.removesuffix(cls.suffix) for p in folder.glob(f"*{cls.suffix}")
                      if cls.keeps(p.name)) if folder.is_dir() else []

    @classmethod
    def languages(cls, _name: str) -> tuple[str, ...]:
        if cls.english_labels:
            return ("fr", "en") if (DESIGNS / cls.folder / cls.translations).is_file() else ()
        return tuple(lang for lang in LANGUAGES if lang == cls.source_language or (
            DESIGNS / cls.folder / cls.translations.format(lang=lang, locale=LOCALES[lang])).is_file())


class InvoiceNinja(_Renderer):
    folder = "invoiceninja"
    designs = "resources/views/pdf-designs"
    suffix = ".html"
    translations = "lang/{lang}/texts.php"
    #: Its default pdf_variables (app/DataMapper/CompanySettings.php).
    company_details = ("name", "id_number", "vat_number", "website", "email", "phone")
    company_address = ("address1", "address2", "city_state_postal", "country")
    client_details = ("name", "number", "vat_number", "address1", "address2", "city_state_postal", "country",
                      "phone", "email")
    invoice_details = ("number", "po_number", "date", "due_date", "total", "balance_due")
    credit_details = ("number", "po_number", "date", "balance", "total")
    credits = True  # the same designs print its credits (app/Utils/HtmlEngine.php: entity « credit »)
    product_columns = ("item", "description", "unit_cost", "quantity", "discount", "tax", "line_total")

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        path = DESIGNS / InvoiceNinja.folder / "lang" / language / "texts.php"
        return _php_array(path.read_text(encoding="utf-8"))

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        e = html.escape
        s, b = data.seller, data.buyer
        values: dict[str, str] = {
            "$company.name": s.name, "$company.id_number": s.siret or s.siren or "", "$company.vat_number": s.vat or "",
            "$company.website": s.website, "$company.email": s.email, "$company.phone": s.phone,
            "$company.address1": s.street, "$company.address2": "", "$company.city_state_postal": f"{s.postcode} {s.city}",
            "$company.country": s.country_name,
            "$client.name": b.name, "$client.number": data.client_number, "$client.vat_number": b.vat or "",
            "$client.address1": b.street, "$client.address2": "", "$client.city_state_postal": f"{b.postcode} {b.city}",
            "$client.country": b.country_name, "$client.phone": b.phone if rng.random() < 0.3 else "",
            "$client.email": b.email if rng.random() < 0.5 else "",
            "$invoice.number": data.number, "$invoice.po_number": data.po_number or "",
            "$invoice.date": date(data, data.issue), "$invoice.due_date": date(data, data.due),
            "$invoice.total": amount(data, data.ttc), "$invoice.balance_due": amount(data, data.ttc - data.deposit),
        }
        labels = {
            "$invoice.number": t["invoice_number"], "$invoice.po_number": t["po_number"],
            "$invoice.date": t["invoice_date"], "$invoice.due_date": t["due_date"], "$invoice.total": t["invoice_total"],
            "$invoice.balance_due": t["balance_due"],
        }
        details = cls.invoice_details
        if data.credit:  # app/Utils/HtmlEngine.php's credit labels and the default credit_details
            values.update({"$invoice.balance": values["$invoice.total"]})
            labels.update({"$invoice.number": t["credit_number"], "$invoice.date": t["credit_date"],
                           "$invoice.balance": t["credit_balance"], "$invoice.total": t["credit_total"]})
            details = cls.credit_details

        def paragraphs(prefix: str, keys: tuple[str, ...], ref: str) -> str:
            key = "$client.email" if prefix == "$client" else None
            return "".join(f'<p data-ref="{ref}-{prefix[1:]}.{k}">{e(values[f"{prefix}.{k}"])}</p>'
                           for k in keys if values.get(key if k == "email" and key else f"{prefix}.{k}", "").strip())

        entity = "".join(
            f'<tr><th data-ref="entity_details-invoice.{k}_label">{e(labels[f"$invoice.{k}"])}</th>'
            f'<th data-ref="entity_details-invoice.{k}">{e(values[f"$invoice.{k}"])}</th></tr>'
            for k in details if values[f"$invoice.{k}"].strip())
        column_labels = {"item": t["item"], "description": t["description"], "unit_cost": t["unit_cost"],
                         "quantity": t["quantity"], "discount": t["discount"], "tax": t["tax"],
                         "line_total": t["line_total"]}
        shown = [c for c in cls.product_columns if c != "discount"]  # hidden unless line discounts are enabled
        head = "".join(f'<th data-ref="product_table-product.{c}-th">{e(column_labels[c])}</th>' for c in shown)
        rows = []
        for line in data.lines:
            cells = {"item": line.item, "description": line.description, "unit_cost": amount(data, line.price),
                     "quantity": quantity(data, line.qty),
                     "tax": f"{TAX_NAME[data.language]} {format_rate(line.rate, data.language)}",
                     "line_total": amount(data, line.amount)}
            rows.append("<tr>" + "".join(f'<td data-ref="product_table-product.{c}-td">{e(cells[c])}</td>'
                                         for c in shown) + "</tr>")
        product = f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        totals = []

        def total_row(label: str, value: str, ref: str) -> None:
            totals.append(f'<div><span data-ref="totals_table-{ref}-label">{e(label)}</span>'
                          f'<span data-ref="totals_table-{ref}">{e(value)}</span></div>')

        total_row(t["net_subtotal"], amount(data, data.ht), "net_subtotal")
        total_row(t["subtotal"], amount(data, data.subtotal), "subtotal")
        if data.discount:
            total_row(f"{t['discount']} {data.discount_pct.normalize():f}%", amount(data, data.discount), "discount")
        for i, (rate, _base, tax) in enumerate(data.bases):
            total_row(f"{TAX_NAME[data.language]} {rate.replace('.', ',') if data.language != 'en' else rate}%",
                      amount(data, tax), f"line_tax_{i}")
        total_row(t["total"], amount(data, data.ttc), "total")
        total_row(t["paid_to_date"], amount(data, data.deposit), "paid_to_date")
        total_row(t["credit_balance" if data.credit else "balance_due"], amount(data, data.ttc - data.deposit),
                  "outstanding")
        totals.append("<div><span></span><span></span></div>")
        notes = e(data.notes)
        term_text = e(terms(data))
        table_totals = (
            '<div style="display: flex; flex-direction: column;">'
            f'<p data-ref="total_table-public_notes" style="text-align: left;">{notes}</p>'
            '<p style="text-align: left; display: flex; flex-direction: column; page-break-inside: auto;">'
            f'<span data-ref="total_table-terms-label" style="font-weight: bold; text-align: left; margin-top: 1rem;">'
            f'{e(t["credit_terms" if data.credit else "invoice_terms"])}: </span><span data-ref="total_table-terms" style="text-align: left;">'
            f'{term_text}</span></p></div>'
            f'<div class="totals-table-right-side" dir="ltr">{"".join(totals)}</div>')
        sections = {
            "company-details": paragraphs("$company", cls.company_details, "company_details"),
            "company-address": paragraphs("$company", cls.company_address, "company_address"),
            "client-details": paragraphs("$client", cls.client_details, "client_details"),
            "entity-details": entity, "product-table": product, "table-totals": table_totals,
        }
        page = (DESIGNS / cls.folder / cls.designs / f"{name}.html").read_text(encoding="utf-8")
        entity = "credit" if data.credit else "invoice"
        page = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)
        page = re.sub(r"@import url\(\$font_url\);", "", page)  # web fonts: the local ones are drawn below
        page = re.sub(r"min-width:\s*100%\s*;", "min-width: 100%; width: 100%;", page)  # see chromium below
        for ident, inner in sections.items():
            page = re.sub(rf'(<(\w+)\b[^>]*\bid="{ident}"[^>]*>).*?(</\2>)',
                          lambda m, inner=inner: m.group(1) + inner + m.group(3), page, count=1, flags=re.S)
        # The sections left empty (tasks, statements, delivery notes, vendor, shipping) are hidden by the design's
        # script; WeasyPrint runs no script: drop them.
        page = re.sub(r'<(table|div)\b[^>]*\bid="(task-table|delivery-note-table|statement-[\w-]+|vendor-details|'
                      r'shipping-details)"[^>]*>\s*</\1>', "", page)
        simple = {
            "$font_url": "", "$font_name": rng.choice(["DejaVu Sans", "Liberation Sans", "Nimbus Sans", "FreeSans"]),
            "$font_size": rng.choice(["14px", "15px", "16px"]), "$primary_color": rng.choice(
                ["#298AAB", "#1f4e79", "#7a1f1f", "#2e6b30", "#444444", "#b35900"]),
            "$secondary_color": rng.choice(["#7081e0", "#b0b0b0", "#4a5568"]), "$page_size": f"{210 / cls.zoom}mm",
            "$page_layout": f"{297 / cls.zoom}mm", "$global_margin": f"{6.35 / cls.zoom}mm", "$company_logo_size": "65%",
            "$show_paid_stamp": "none", "$show_shipping_address": "none", "$show_shipping_address_block": "none",
            "$show_shipping_address_visibility": "hidden", "$dir_text_align": "left", "$dir": "ltr",
            "$status_logo": "", "$entity_images": "", "$tech_hero_image": "", "$company.logo": "",
            "$entity_footer": e(legal_footer(data)), "$entity_label": e(t[entity]),
            "$entity_number_label": e(t[f"{entity}_number"]), "$entity_number": e(data.number),
            "$date_label": e(t[f"{entity}_date"]), "$date": e(date(data, data.issue)),
            "$due_date_label": e(t["due_date"]), "$due_date": e(date(data, data.due)),
            "$payment_due_label": e(t["payment_due"]), "$payment_due": e(date(data, data.due)),
            "$amount_due_label": e(t["amount_due"]), "$amount_due": e(amount(data, data.ttc - data.deposit)),
            "$balance_due_label": e(t["credit_balance" if data.credit else "balance_due"]),
            "$balance_due": e(amount(data, data.ttc - data.deposit)),
            "$from_label": e(t["from"]), "$to_label": e(t["to"]), "$details_label": e(t["details"]),
            "$entity_issued_to_label": e(t[f"{entity}_issued_to"]), "$shipping_label": e(t["ship_to"]),
            "$company.name": e(s.name),
        }
        page = re.sub(r"\$[a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)*",
                      lambda m: simple.get(m.group(0), ""), page)
        # An empty logo keeps its alt text out of the page (the program prints the image, not the text).
        page = re.sub(r"<img\b[^>]*\bsrc=\"\"[^>]*>", "", page)
        return f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{cls.chromium}</style></head>" \
               f"<body>{page}</body></html>"

    #: The program prints with Chromium, which WeasyPrint differs from in three ways these designs rely on: a root
    #: of fixed height still flows onto the next pages, a table of ``min-width: 100%`` takes the page's width, not
    #: its content's (WeasyPrint ignores min-width on tables), and the body's ``zoom: 80%`` (WeasyPrint has none):
    #: the page is laid out 1/0.8 larger (size and margins above) and printed at 0.8 (:class:`DesignInvoice`), A4.
    zoom = 0.8
    chromium = 'html { height: auto !important; } table[style*="min-width: 100%"] { width: 100%; }'



# ---------------------------------------------------------------------------
# InvoiceShelf: resources/views/app/pdf/invoice/*.blade.php, Blade read as Jinja by a small translation
# ---------------------------------------------------------------------------


def _php_expression(text: str, counters: set[str]) -> str:
    """A PHP expression of a Blade template as Jinja (the subset these templates use)."""
    text = re.sub(r"\\?App\\Models\\\w+::STATUS_(\w+)", r"'\1'", text)
    text = re.sub(r"\\?App::isLocale\([^)]*\)", "false", text)
    text = re.sub(r"\\App\\Space\\ImageUtils::toBase64Src\(([^)]*)\)", r"\1", text)
    text = re.sub(r"('(?:[^'\\]|\\.)*')|(?<=')\s*\.\s*|\s*\.\s*(?=')",  # a dot beside a string: concatenation
                  lambda m: m.group(1) or m.group(0).replace(".", "~"), text)
    text = text.replace("->", ".").replace("===", "==").replace("!==", "!=").replace("&&", " and ").replace("||", " or ")
    text = re.sub(r"\bcount\(([^()]*)\)", r"(\1)|length", text)
    text = re.sub(r"!(?!=)", " not ", text)
    return re.sub(r"\$(\w+)", lambda m: f"ns_{m.group(1)}.v" if m.group(1) in counters else m.group(1), text)


def blade_to_jinja(source: str, include) -> str:
    """Blade as Jinja: echoes, @if/@elseif/@else/@endif, @foreach, @php counters, @include, @lang."""
    source = re.sub(r"@include\('([^']+)'\)", lambda m: include(m.group(1)), source)
    counters = set(re.findall(r"@php\s*\$(\w+)\s*=", source))
    source = re.sub(r"@php\s*\$(\w+)\s*=\s*(\d+)\s*@endphp", r"{% set ns_\1 = namespace(v=\2) %}", source)
    source = re.sub(r"@php\s*\$(\w+)\s*\+=\s*(\d+)\s*@endphp", r"{% set ns_\1.v = ns_\1.v + \2 %}", source)

    def balanced(text: str, start: int) -> int:  # index after the parenthesis that closes text[start] == "("
        depth = 0
        for i in range(start, len(text)):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                return i + 1
        raise ValueError(text[start:start + 80])

    out, i = [], 0
    directive = re.compile(r"@(if|elseif|foreach|lang)\s*\(|@(else|endif|endforeach)\b|\{\{(.*?)\}\}|\{!!(.*?)!!\}", re.S)
    while (m := directive.search(source, i)):
        out.append(source[i:m.start()])
        if m.group(1):
            end = balanced(source, m.end() - 1)
            inner = source[m.end():end - 1]
            if m.group(1) == "lang":
                out.append("{{ lang(" + inner + ") }}")
            elif m.group(1) == "foreach":
                items, name = re.fullmatch(r"\s*(.+?)\s+as\s+\$(\w+)\s*", inner, re.S).groups()
                out.append(f"{{% for {name} in {_php_expression(items, counters)} %}}")
            else:
                out.append(f"{{% {m.group(1).replace('elseif', 'elif')} {_php_expression(inner, counters)} %}}")
            i = end
        elif m.group(2):
            out.append(f"{{% {m.group(2).replace('endforeach', 'endfor')} %}}")
            i = m.end()
        else:
            expr = m.group(3) if m.group(3) is not None else m.group(4)
            escape = "" if m.group(3) is not None else "|safe"  # {!! !!} prints unescaped
            out.append(f"{{{{ {_php_expression(expr, counters)}{escape} }}}}")
            i = m.end()
    out.append(source[i:])
    return "".join(out)


def _blade_template(source: str):
    """A Blade page without includes as a Jinja template (autoescaped, as Blade's ``{{ }}``)."""
    import jinja2

    return jinja2.Environment(autoescape=True).from_string(blade_to_jinja(source, lambda _view: ""))


class _Obj:
    """A PHP object for the templates: its attributes, an absent one empty (not a dict: ``items`` is a field)."""

    def __init__(self, **fields) -> None:
        self.__dict__.update(fields)

    def __getattr__(self, name: str):
        return ""


#: What the issuer types in InvoiceShelf's address formats besides the address (Settings > PDF), per language.
SHELF_IDS = {"fr": ("SIRET : {}", "N° TVA : {}"), "en": ("Company no. {}", "VAT no. {}"),
             "de": ("Handelsregister {}", "USt-IdNr. {}"), "es": ("CIF {}", "NIF-IVA {}"),
             "it": ("C.F. {}", "P.IVA {}")}


class InvoiceShelf(_Renderer):
    folder = "invoiceshelf"
    designs = "resources/views/app/pdf/invoice"
    suffix = ".blade.php"
    translations = "lang/{lang}.json"

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        return json.loads((DESIGNS / InvoiceShelf.folder / "lang" / f"{language}.json").read_text(encoding="utf-8"))

    @staticmethod
    @cache
    def template(name: str):
        import jinja2

        root = DESIGNS / InvoiceShelf.folder / "resources" / "views"

        def include(view: str) -> str:
            path = root / (view.replace(".", "/") + ".blade.php")
            return path.read_text(encoding="utf-8") if path.is_file() and "locale" not in view else ""

        source = (root / "app" / "pdf" / "invoice" / f"{name}.blade.php").read_text(encoding="utf-8")
        return jinja2.Environment(autoescape=True).from_string(blade_to_jinja(source, include))

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        e = html.escape
        s, b = data.seller, data.buyer
        per_item = len(data.bases) > 1 or rng.random() < 0.3
        ids = SHELF_IDS[data.language]
        company = (f"<h3><strong>{e(s.name)}</strong></h3><p>{e(s.street)}</p><p>{e(s.postcode)} {e(s.city)}</p>"
                   f"<p>{e(s.country_name)}</p><p>{e(s.phone)}</p>")
        if s.siret:
            company += f"<p>{e(ids[0].format(s.siret))}</p>"
        if s.vat:
            company += f"<p>{e(ids[1].format(s.vat))}</p>"
        billing = (f"<h3>{e(b.name)}</h3><p>{e(b.street)}</p><p>{e(b.postcode)} {e(b.city)}</p>"
                   f"<p>{e(b.country_name)}</p>" + (f"<p>{e(ids[1].format(b.vat))}</p>" if b.vat else ""))
        notes = "<p>" + "</p><p>".join(e(x) for x in (data.notes, terms(data), legal_footer(data)) if x) + "</p>"
        tax_name = TAX_NAME[data.language]
        items = [_Obj(name=line.item, description=line.description if line.description != line.item else "",
                      quantity=quantity(data, line.qty), unit_name="", price=line.price,
                      tax=money(line.amount * Decimal(line.rate) / 100), total=line.amount)
                 for line in data.lines]
        taxes = [_Obj(name=tax_name, percent=f"{Decimal(rate).normalize():f}", calculation_type="percentage",
                      amount=tax) for rate, _base, tax in data.bases]
        invoice = _Obj(
            invoice_number=data.number, formattedInvoiceDate=date(data, data.issue),
            formattedDueDate=date(data, data.due), items=items, taxes=taxes,
            customer=_Obj(currency="EUR", company=_Obj(name=s.name)),
            discount_per_item="NO", tax_per_item="YES" if per_item else "NO",
            discount=data.discount_pct.to_integral_value() if data.discount else 0, discount_type="percentage",
            discount_val=data.discount, tax_included=False, sub_total=data.subtotal, tax=data.tva, total=data.ttc,
            paid_status="PARTIALLY_PAID" if data.deposit else "UNPAID", due_amount=data.ttc - data.deposit)
        page = cls.template(name).render(
            invoice=invoice, taxes=taxes, customFields=[], logo=None, company_address=company,
            billing_address=billing, shipping_address="<br />", notes=notes, lang=lambda key: t.get(key, key),
            format_money_pdf=lambda value, _currency: e(amount(data, Decimal(value))),
            nl2br=lambda text: str(text).replace("\n", "<br>"), htmlspecialchars=e, false=False)
        return page

    @staticmethod
    def prints_due(name: str) -> bool:
        path = DESIGNS / InvoiceShelf.folder / InvoiceShelf.designs / f"{name}.blade.php"
        return "formattedDueDate" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Akaunting: resources/views/components/documents/template/*.blade.php (Blade components read as Jinja too)
# ---------------------------------------------------------------------------


class Akaunting(_Renderer):
    folder = "akaunting"
    designs = "resources/views/components/documents/template"
    suffix = ".blade.php"
    translations = "resources/lang/{locale}/invoices.php"
    prints_deposit = False  # its « Total » row prints the balance once a payment is recorded

    @classmethod
    def keeps(cls, filename: str) -> bool:
        return filename != "line-item.blade.php"  # a component of the others

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        folder = DESIGNS / Akaunting.folder / "resources" / "lang" / LOCALES[language]
        return {f"{p.stem}.{k}": v for p in sorted(folder.glob("*.php")) for k, v in _php_array(p.read_text("utf-8")).items()}

    @staticmethod
    @cache
    def template(name: str):
        import jinja2

        root = DESIGNS / Akaunting.folder / Akaunting.designs
        source = (root / f"{name}.blade.php").read_text(encoding="utf-8")
        line_item = (root / "line-item.blade.php").read_text(encoding="utf-8")
        source = re.sub(r"<x-documents\.template\.line-item\b(?:[^>\"]|\"[^\"]*\")*/>", lambda _m: line_item, source)
        source = re.sub(r"@php\b.*?@endphp", "", source, flags=re.S)
        attrs = r"(?:\s+[:\w.-]+(?:=\"[^\"]*\")?)*\s*"  # a component's attributes (PHP inside may hold ->)
        source = re.sub(rf"<x-money\s+:amount=\"([^\"]+)\"{attrs}/>", r"{!! money(\1) !!}", source)
        source = re.sub(rf"<x-nl2br\s+:value=\"([^\"]+)\"{attrs}/>", r"{!! nl2br(\1) !!}", source)
        source = re.sub(rf"<x-link(?:\.hover)?{attrs}>|</x-link(?:\.hover)?>", "", source)
        source = re.sub(r"@continue\b", "{% continue %}", source)
        source = re.sub(r"\\Illuminate\\Support\\Str::limit\(([^,]+),\s*\d+\)", r"\1", source)
        source = re.sub(r"(\$[\w>-]+?)->count\(\)", r"count(\1)", source)  # a collection's count()
        source = re.sub(r"@stack\s*\([^()]*\)", "", source)
        source = re.sub(r"@date\s*\(([^()]*)\)", r"{{ date(\1) }}", source)
        source = re.sub(r"\{\{\s*\((.+?)\)\s*\?\s*(.+?)\s*:\s*(.+?)\s*\}\}", r"{{ (\2) if (\1) else (\3) }}", source)
        env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.loopcontrols"])
        return env.from_string(blade_to_jinja(source, lambda _view: ""))

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        e = html.escape
        s, b = data.seller, data.buyer

        def trans(key, *_args):
            return t.get(key, key)

        def trans_choice(key, count):
            forms = t.get(key, key).split("|")
            return forms[0] if count == 1 or len(forms) == 1 else forms[1]

        class Items(list):
            def count(self):  # a Laravel collection's count()
                return len(self)

        settings = {"company.name": s.name, "company.address": f"{s.street}\n{s.postcode} {s.city}\n{s.country_name}",
                    "company.tax_number": s.siret if s.siret else (s.vat or ""), "company.phone": s.phone,
                    "company.email": s.email, "localisation.discount_location": "total"}
        items = Items(_Obj(id=i, name=line.item, description=line.description if line.description != line.item else "",
                           quantity=quantity(data, line.qty), price=line.price, total=line.amount, discount_type="")
                      for i, line in enumerate(data.lines))
        totals = [_Obj(code="sub_total", name="invoices.sub_total", title="invoices.sub_total", amount=data.subtotal)]
        if data.discount:
            totals.append(_Obj(code="discount", name="invoices.discount", title=f"{trans('invoices.discount')} ({data.discount_pct.normalize():f}%)",
                               amount=-data.discount))
        for rate, _base, tax in data.bases:
            label = f"{TAX_NAME[data.language]} {rate.replace('.', ',') if data.language != 'en' else rate}%"
            totals.append(_Obj(code="tax", name=label, title=label, amount=tax))
        totals.append(_Obj(code="total", name="invoices.total", title="invoices.total", amount=data.ttc))
        notes = "\n".join(x for x in (data.notes, terms(data)) if x)
        document = _Obj(
            document_number=data.number, contact_name=b.name,
            contact_address=f"{b.street}\n{b.postcode} {b.city}\n{b.country_name}", contact_tax_number=b.vat or "",
            contact_phone="", contact_email=b.email if rng.random() < 0.5 else "", order_number=data.po_number or "",
            issued_at=data.issue, due_at=data.due, items=items, totals_sorted=totals, paid=0, amount_due=data.ttc,
            currency_code="EUR", notes=notes, footer=legal_footer(data), contact=_Obj(logo=None), contact_id=1)
        hide = dict.fromkeys(("hideCompanyLogo", "hideCompanyDetails", "hideCompanyName", "hideCompanyAddress",
                              "hideCompanyTaxNumber", "hideCompanyPhone", "hideCompanyEmail", "hideContactInfo",
                              "hideContactName", "hideContactAddress", "hideContactTaxNumber", "hideContactPhone",
                              "hideContactEmail", "hideOrderNumber", "hideDocumentNumber", "hideIssuedAt", "hideDueAt",
                              "hideItems", "hideName", "hideDescription", "hideQuantity", "hidePrice", "hideDiscount",
                              "hideAmount", "hideFooter", "hideDocumentTitle", "hideDocumentSubheading"), False)
        hide["hideCompanyLogo"] = True
        hide["hideNote"] = True  # the template prints the notes when this is true (sic)
        if data.due is None:
            hide["hideDueAt"] = True
        body = cls.template(name).render(
            document=document, type="invoice", logo="", backgroundColor=rng.choice(["#55588b", "#1f4e79", "#7a1f1f", "#2e6b30"]),
            textDocumentTitle=trans_choice("general.invoices", 1), textDocumentSubheading="",
            textDocumentNumber="invoices.invoice_number", textOrderNumber="invoices.order_number",
            textContactInfo="invoices.bill_to", textIssuedAt="invoices.invoice_date", textDueAt="invoices.due_date",
            textItems="general.items", textQuantity="invoices.quantity", textPrice="invoices.price",
            textAmount="general.amount", showContactRoute="", print=True, **hide,
            trans=trans, trans_choice=trans_choice, setting=lambda key, default=None: settings.get(key, default),
            money=lambda value, *_a: e(amount(data, Decimal(value))), date=lambda day: date(data, day),
            nl2br=lambda text: e(str(text)).replace("\n", "<br>"), empty=lambda value: not value,
            in_array=lambda value, values: value in values, route=lambda *_a: "#")
        css = (DESIGNS / cls.folder / "public" / "css" / "print.css").read_text(encoding="utf-8")
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style>"
                "<style>* { font-family: DejaVu Sans, sans-serif !important; }</style></head>"
                f"<body>{body}</body></html>")


# ---------------------------------------------------------------------------
# Twig (Kimai, SolidInvoice) read as Jinja, and mPDF's page header and footer as WeasyPrint's running elements
# ---------------------------------------------------------------------------


def twig_to_jinja(source: str) -> str:
    """Twig as Jinja: the two are one syntax but for tests (``is empty``, ``is null``), a few filters and arrows."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = source.replace("|raw", "|safe").replace("|u.snake", "")
    source = re.sub(r"\bis\s+(not\s+)?null\b", lambda m: f"is {m.group(1) or ''}none", source)
    source = re.sub(r"\|filter\(\([^)]*\)\s*=>[^)]*\)", "", source)  # an arrow function: Jinja has none
    return re.sub(r"\bnot\s+([\w.]+)\.zero\b", r"not \1.zero", source)


def _empty(value) -> bool:
    """Twig's ``empty`` test: null, false, an empty string or sequence."""
    return value is None or value is False or (hasattr(value, "__len__") and len(value) == 0)


#: The Twig filters of the templates' programs, given to each render as variables of these names.
TWIG_FILTERS = ("trans", "nl2br", "nl2str", "country_name", "money", "md2html", "formatCurrency", "date")


def twig_environment():
    import jinja2

    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.loopcontrols"])
    env.tests["empty"] = _empty
    env.tests["null"] = lambda value: value is None
    for name in TWIG_FILTERS:  # each render passes its own (its language, its amounts' format)
        env.filters[name] = jinja2.pass_context(lambda ctx, *args, name=name: ctx[name](*args))
    return env


#: mPDF's ``{PAGENO}`` and ``{nb}`` as page counters, and its ``<htmlpageheader>``/``<htmlpagefooter>`` as running
#: elements put in the page's margin boxes (WeasyPrint ignores mPDF's tags).
MPDF_CSS = """
.mpdf-header { position: running(header); }
.mpdf-footer { position: running(footer); }
@page { @top-center { content: element(header); width: 100%; vertical-align: bottom; }
        @bottom-center { content: element(footer); width: 100%; vertical-align: top; } }
.mpdf-pageno::after { content: counter(page); }
.mpdf-nb::after { content: counter(pages); }
"""


def mpdf_to_css_paged(page: str) -> str:
    """An mPDF page (header and footer in ``<!--mpdf … mpdf-->`` or bare tags) as HTML WeasyPrint pages alike."""
    page = re.sub(r"<!--mpdf(.*?)mpdf-->", r"\1", page, flags=re.S)
    page = re.sub(r"<htmlpage(header|footer)\b[^>]*>(.*?)</htmlpage\1>",
                  lambda m: f'<div class="mpdf-{m.group(1)}">{m.group(2)}</div>', page, flags=re.S)
    page = re.sub(r"<sethtmlpage(header|footer)\b[^>]*/?>", "", page)
    return page.replace("{PAGENO}", '<span class="mpdf-pageno"></span>').replace("{nb}", '<span class="mpdf-nb"></span>')


def _xliff(path: Path) -> dict[str, str]:
    """A Symfony XLIFF translation file: each unit's ``resname`` (or source) and its target."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(path.read_bytes(), parser)
    out = {}
    for unit in root.iter("{*}trans-unit"):
        source, target = unit.find("{*}source"), unit.find("{*}target")
        key = unit.get("resname") or (source.text if source is not None else None)
        if key and target is not None and target.text:
            out[key] = target.text
    return out


# ---------------------------------------------------------------------------
# Kimai: templates/invoice/renderer/*.pdf.twig (mPDF), its invoice-pdf stylesheet and messages.<lang>.xlf
# ---------------------------------------------------------------------------


#: The title the issuer types in Kimai's invoice template (``template.title``), per language.
INVOICE_TITLE = {"fr": "Facture", "en": "Invoice", "de": "Rechnung", "es": "Factura", "it": "Fattura"}


class Kimai(_Renderer):
    folder = "kimai"
    designs = "templates/invoice/renderer"
    suffix = ".pdf.twig"
    translations = "translations/messages.{lang}.xlf"
    always_due = True  # the due date is the issue date plus the template's payment days: always printed
    prints_deposit = False  # no paid amount nor balance on its templates

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        return _xliff(DESIGNS / Kimai.folder / "translations" / f"messages.{language}.xlf")

    @staticmethod
    @cache
    def template(name: str):
        source = (DESIGNS / Kimai.folder / Kimai.designs / f"{name}.pdf.twig").read_text(encoding="utf-8")
        return twig_environment().from_string(twig_to_jinja(source))

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        s, b = data.seller, data.buyer

        def trans(key, params=None):
            text = t.get(key, key)
            for placeholder, value in (params or {}).items():
                text = text.replace(placeholder, str(value))
            return text

        def nl2br(text):
            from markupsafe import Markup

            return Markup("<br>\n").join(str(text).split("\n"))  # each line escaped by the join

        begin = data.issue - dt.timedelta(days=rng.randint(3, 40))
        entries = []
        for line in data.lines:
            day = begin + dt.timedelta(days=rng.randint(0, max(0, (data.issue - begin).days)))
            entries.append({"entry.begin": date(data, day), "entry.description": line.description,
                            "entry.activity": line.item, "entry.project": "",
                            "entry.rate": amount(data, line.price), "entry.amount": quantity(data, line.qty),
                            "entry.total": amount(data, line.amount)})
        ids = f"SIRET {s.siret}\n" if s.siret else ""
        contact = "\n".join(x for x in (s.phone, s.email, s.website) if x)
        payment = f"IBAN {grouped(data.iban)}\nBIC {data.bic}" if data.iban else f"BIC {data.bic}"
        tax_rows = [{"counter": i + 1, "name": "vat", "rate": f"{Decimal(rate).normalize():f}", "note": None,
                     "show": True, "currency": "EUR", "amount": tax} for i, (rate, _b, tax) in enumerate(data.bases)]
        subtotal = data.ht
        invoice = {
            "invoice.language": data.language, "invoice.number": data.number, "invoice.date": date(data, data.issue),
            "invoice.due_date": date(data, data.due), "invoice.subtotal": amount(data, subtotal),
            "invoice.total": amount(data, data.ttc), "invoice.tax_rows": tax_rows,
            "invoice.first_month": MONTH_NAMES[data.language].split()[begin.month - 1], "invoice.first_year": begin.year,
            "invoice.last_month": MONTH_NAMES[data.language].split()[data.issue.month - 1], "invoice.last_year": data.issue.year,
            "customer.company": b.name, "customer.name": b.name,
            "customer.address": f"{b.street}\n{b.postcode} {b.city}", "customer.country": b.country,
            "customer.vat_id": b.vat or "", "customer.number": data.client_number if rng.random() < 0.5 else "",
            "customer.invoice_text": "", "project.counter": 1, "project.invoice_text": "",
            "project.order_number": data.po_number or "",
            "template.title": INVOICE_TITLE[data.language], "template.company": s.name,
            "template.address": f"{ids}{s.street}\n{s.postcode} {s.city}", "template.country": s.country,
            "template.vat_id": s.vat or "", "template.contact": contact, "template.payment_details": payment,
            "template.payment_terms": "\n".join(x for x in (data.notes, terms(data), legal_footer(data)) if x),
        }
        css = (DESIGNS / cls.folder / "assets" / "sass" / "_invoice-pdf.scss").read_text(encoding="utf-8")
        page = cls.template(name).render(
            invoice=invoice, entries=entries, encore_entry_css_source=lambda _entry: css,
            trans=trans, nl2br=nl2br, nl2str=lambda text, sep: sep.join(str(text).split("\n")),
            country_name=lambda code, language: COUNTRY_NAMES[language][code] if code else "",
            money=lambda value, _currency: amount(data, Decimal(value)),
            md2html=nl2br)
        return mpdf_to_css_paged(page).replace("</head>", f"<style>{MPDF_CSS} @page {{ size: A4; margin: 25mm 15mm "
                                                          "36mm 15mm; }}</style></head>", 1)


# ---------------------------------------------------------------------------
# Frappe Books: templates/*.template.html, Vue templates over Tailwind classes (its own theme)
# ---------------------------------------------------------------------------


_VOID = frozenset({"img", "br", "hr", "meta", "input", "link"})


@dataclass
class _Node:
    tag: str
    attrs: list[tuple[str, str | None]]
    children: list  # _Node or str


def _vue_tree(source: str) -> _Node:
    """A Vue template as a tree (html.parser keeps ``v-if`` and ``:style`` attributes as they are written)."""
    from html.parser import HTMLParser

    root = _Node("#root", [], [])
    stack = [root]

    class Builder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            node = _Node(tag, attrs, [])
            stack[-1].children.append(node)
            if tag not in _VOID:
                stack.append(node)

        def handle_startendtag(self, tag, attrs):
            stack[-1].children.append(_Node(tag, attrs, []))

        def handle_endtag(self, tag):
            while len(stack) > 1:
                if stack.pop().tag == tag:
                    break

        def handle_data(self, data):
            stack[-1].children.append(data)

    builder = Builder(convert_charrefs=True)
    builder.feed(source)
    builder.close()
    return root


def _js_to_python(expression: str) -> str:
    """A template's JavaScript expression as Python (the subset Frappe Books' templates use)."""
    text = re.sub(r"\bt`([^`]*)`", lambda m: f"t({m.group(1)!r})", expression.strip())
    text = text.replace("?.", ".").replace("===", "==").replace("!==", "!=").replace("&&", " and ")
    text = text.replace("||", " or ").replace("??", " or ")
    text = re.sub(r"!(?!=)", " not ", text)
    text = re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r"\1'\2':", text)  # an object literal's bare keys
    if (m := re.fullmatch(r"(.+?)\?(.+?):(.+)", text, re.S)) and "{" not in text:
        text = f"(({m.group(2)}) if ({m.group(1)}) else ({m.group(3)}))"
    return text


def _vue_value(expression: str, scope: dict):
    return eval(_js_to_python(expression), {"__builtins__": {}}, scope)  # noqa: S307 - the program's own template


def _vue_render(node: _Node, scope: dict) -> str:
    """The HTML of ``node``'s children: ``v-if``/``v-else-if``/``v-else``, ``v-for``, ``:attr`` and ``{{ }}``."""
    out, chain_done = [], None
    for child in node.children:
        if isinstance(child, str):
            parts = re.split(r"\{\{(.*?)\}\}", child, flags=re.S)  # text, expression, text…
            out.append("".join(html.escape(_str(_vue_value(part, scope)) if i % 2 else part, quote=False)
                               for i, part in enumerate(parts)))
            continue
        attrs = dict(child.attrs)
        if "v-if" in attrs:
            chain_done = bool(_vue_value(attrs["v-if"], scope))
            if not chain_done:
                continue
        elif "v-else-if" in attrs:
            if chain_done or not _vue_value(attrs["v-else-if"], scope):
                continue
            chain_done = True
        elif "v-else" in attrs:
            if chain_done:
                continue
        else:
            chain_done = None
        if "v-for" in attrs:
            name, items = re.fullmatch(r"\s*(\w+)\s+in\s+(.+)", attrs["v-for"]).groups()
            for item in _vue_value(items, scope) or []:
                out.append(_vue_element(child, {**scope, name: item}))
        else:
            out.append(_vue_element(child, scope))
    return "".join(out)


def _kebab(name: str) -> str:
    """A style key of a Vue binding as CSS writes it (``backgroundColor``: ``background-color``)."""
    return re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def _str(value) -> str:
    return "" if value is None or value is False else str(value)


def _vue_element(node: _Node, scope: dict) -> str:
    attrs = []
    for key, value in node.attrs:
        if key.startswith("v-") or key in (":key",):
            continue
        if key.startswith(":"):
            bound = _vue_value(value or "", scope)
            if isinstance(bound, dict):
                bound = "; ".join(f"{_kebab(k)}: {v}" for k, v in bound.items() if v)
            key, value = key[1:], _str(bound)
            if key == "src" and not value:
                continue
        attrs.append(f' {key}="{html.escape(value)}"' if value is not None else f" {key}")
    if node.tag in _VOID:
        return f"<{node.tag}{''.join(attrs)}>"
    return f"<{node.tag}{''.join(attrs)}>{_vue_render(node, scope)}</{node.tag}>"


class _JsObject:
    """A JavaScript object for the templates: its fields as attributes, an absent one undefined (falsy)."""

    def __init__(self, **fields) -> None:
        self.__dict__.update(fields)

    def __getattr__(self, name: str):
        return None


#: Tailwind's default spacing (``n`` × 0.25 rem) and the utilities the templates use; Frappe Books' own theme
#: (``tailwind.config.js``: font sizes, spacing and widths; ``colors.json``) is read over it.
_TAILWIND_FIXED = {
    "flex": "display: flex", "items-center": "align-items: center", "justify-between": "justify-content: space-between",
    "justify-end": "justify-content: flex-end", "flex-1": "flex: 1 1 0%", "w-full": "width: 100%",
    "h-full": "height: 100%", "uppercase": "text-transform: uppercase", "font-semibold": "font-weight: 600",
    "font-bold": "font-weight: 700", "tracking-widest": "letter-spacing: 0.1em", "leading-relaxed": "line-height: 1.625",
    "whitespace-pre-line": "white-space: pre-line", "text-right": "text-align: right", "text-left": "text-align: left",
    "text-center": "text-align: center", "border-b": "border-bottom-width: 1px", "border-t": "border-top-width: 1px",
    "border": "border-width: 1px", "object-contain": "object-fit: contain", "ml-auto": "margin-left: auto",
    "text-white": "color: #fff", "text-black": "color: #000", "bg-white": "background-color: #fff",
}
_TAILWIND_SIDES = {"p": ("padding",), "px": ("padding-left", "padding-right"), "py": ("padding-top", "padding-bottom"),
                   "pt": ("padding-top",), "pb": ("padding-bottom",), "pl": ("padding-left",), "pr": ("padding-right",),
                   "m": ("margin",), "mx": ("margin-left", "margin-right"), "my": ("margin-top", "margin-bottom"),
                   "mt": ("margin-top",), "mb": ("margin-bottom",), "ml": ("margin-left",), "mr": ("margin-right",),
                   "gap": ("gap",), "h": ("height",), "w": ("width",), "max-w": ("max-width",)}


def _theme_entries(config: str, key: str) -> dict[str, str]:
    block = re.search(rf"\b{key}:\s*\{{(.*?)\}}", config, re.S)
    return {k.strip("'\""): v for k, v in re.findall(r"([\w'\"]+):\s*'([^']*)'", block.group(1))} if block else {}


def tailwind_css(classes: set[str], config: str, colors: dict) -> str:
    """The CSS of the Tailwind ``classes`` used by a template, on the program's own theme (its config and colours)."""
    sizes = _theme_entries(config, "fontSize")
    spacing = _theme_entries(config, "spacing")
    widths = _theme_entries(config, "maxWidth")
    rules = ["*, ::before, ::after { box-sizing: border-box; border-width: 0; border-style: solid; "
             f"border-color: {colors['gray']['200']}; }}",
             "h1, h2, h3, h4, p { margin: 0; font-size: inherit; font-weight: inherit; }"]
    for name in sorted(classes):
        selector = "." + re.sub(r"([/:.])", r"\\\1", name)
        css = _TAILWIND_FIXED.get(name)
        if css is None and (m := re.fullmatch(r"text-(xs|sm|base|lg|xl|\dxl)", name)) and m.group(1) in sizes:
            css = f"font-size: {sizes[m.group(1)]}"
        elif css is None and (m := re.fullmatch(r"(text|bg)-(\w+)-(\d+)", name)) and m.group(2) in colors:
            css = f"{'color' if m.group(1) == 'text' else 'background-color'}: {colors[m.group(2)].get(m.group(3))}"
        elif css is None and (m := re.fullmatch(r"(-?)(max-w|[pm][xytblr]?|gap|h|w)-(\d+)/?(\d+)?", name)):
            negative, kind, size, over = m.groups()
            if over:
                value = f"{int(size) / int(over) * 100:.4f}%"
            elif kind == "max-w" and size in widths:
                value = widths[size]
            else:
                value = spacing.get(size, f"{int(size) * 0.25:g}rem")
            css = "; ".join(f"{prop}: {negative}{value}" for prop in _TAILWIND_SIDES[kind])
        if css:
            rules.append(f"{selector} {{ {css}; }}")
    return "\n".join(rules)


class FrappeBooks(_Renderer):
    folder = "frappebooks"
    designs = "templates"
    suffix = ".template.html"
    translations = "translations/{lang}.csv"
    source_language = "en"
    prints_due = staticmethod(lambda _name: False)  # the templates print no due date
    negative_credits = True  # a return is printed with negative quantities and amounts
    prints_deposit = False  # no paid amount nor outstanding amount on its templates
    credits = True

    @classmethod
    def keeps(cls, filename: str) -> bool:
        return filename.count(".") == 2 and "POS" not in filename  # invoices: not the payment, shipment, POS ones

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        import csv

        path = DESIGNS / FrappeBooks.folder / "translations" / f"{language}.csv"
        if language == "en" or not path.is_file():
            return {}
        with path.open(encoding="utf-8", newline="") as handle:
            return {row[0]: row[1] for row in csv.reader(handle) if len(row) > 1 and row[1]}

    @staticmethod
    @cache
    def template(name: str) -> _Node:
        return _vue_tree((DESIGNS / FrappeBooks.folder / FrappeBooks.designs / f"{name}.template.html")
                         .read_text(encoding="utf-8"))

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        s, b = data.seller, data.buyer

        def address(party: Party) -> _JsObject:  # models/baseModels/Address/Address.ts: addressDisplay
            return _JsObject(addressDisplay=", ".join(x for x in (party.street, party.city, party.country_name,
                                                                  party.postcode) if x))

        items = [_JsObject(name=str(i), item=line.item if line.item != line.description else line.description,
                           qty=quantity(data, line.qty), rate=amount(data, line.price),
                           amount=amount(data, line.amount)) for i, line in enumerate(data.lines)]
        taxes = [_JsObject(name=rate, account=f"{TAX_NAME[data.language]} {format_rate(rate, data.language)}",
                           amount=amount(data, tax)) for rate, _base, tax in data.bases]
        doc = _JsObject(
            entryType="SalesInvoice", entryLabel=t.get("Sales Invoice", "Sales Invoice"), name=data.number,
            date=date(data, data.issue), party=b.name, items=items, taxes=taxes,
            links=_JsObject(party=_JsObject(address=True, links=_JsObject(address=address(b)))),
            netTotal=amount(data, data.subtotal), totalDiscount=amount(data, data.discount) if data.discount else "",
            discountAfterTax=False, grandTotal=amount(data, data.ttc),
            terms="\n".join(x for x in (data.notes, terms(data)) if x), submitted=True)
        print_settings = _JsObject(
            font=rng.choice(["DejaVu Sans", "Liberation Sans", "Nimbus Sans"]), color=rng.choice(
                ["#112B42", "#2490EF", "#1f4e79", "#7a1f1f", "#2e6b30"]), displayLogo=False, logo="",
            companyName=s.name, email=s.email, phone=s.phone, address=True,
            links=_JsObject(address=address(s)), displaytermsandconditions=True, termsAndConditions=legal_footer(data))
        tree = cls.template(name)
        body = _vue_render(tree, {"doc": doc, "print": print_settings, "t": lambda text: t.get(text, text),
                                  "True": True, "False": False, "None": None})
        classes = set(re.findall(r'class="([^"]*)"', body))
        used = {c for group in classes for c in group.split()}
        folder = DESIGNS / cls.folder
        css = tailwind_css(used, (folder / "tailwind.config.js").read_text(encoding="utf-8"),
                           json.loads((folder / "colors.json").read_text(encoding="utf-8")))
        # src/utils/printTemplates.ts prints the template on a page of the print settings' size (A4), no margin.
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}\n@page {{ size: A4; margin: 0; }} "
                "html, body { margin: 0; padding: 0; }</style></head>"
                f"<body>{body}</body></html>")


# ---------------------------------------------------------------------------
# laravel-invoices (LaravelDaily): resources/views/templates/default.blade.php, printed by DomPDF
# ---------------------------------------------------------------------------


@cache
def _icu():
    """ICU's C library and its symbols' version suffix (PHP's NumberFormatter is ICU), or None."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("icui18n")
    if not name:
        return None
    lib = ctypes.CDLL(name)
    suffix = next((f"_{v}" for v in range(99, 49, -1) if hasattr(lib, f"unum_open_{v}")), "")
    return (lib, suffix) if hasattr(lib, f"unum_open{suffix}") else None


def spell_out(number: int, language: str) -> str:
    """``number`` in words, as ``NumberFormatter::SPELLOUT`` of ``language`` (ICU); in digits without ICU."""
    import ctypes

    found = _icu()
    if found is None:
        return str(number)
    lib, suffix = found
    unum_open, unum_format, unum_close = (getattr(lib, f"{n}{suffix}") for n in ("unum_open", "unum_format",
                                                                                  "unum_close"))
    status = ctypes.c_int(0)
    unum_open.restype = ctypes.c_void_p
    unum_open.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int32, ctypes.c_char_p, ctypes.c_void_p,
                          ctypes.POINTER(ctypes.c_int)]
    unum_format.argtypes = [ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_uint16), ctypes.c_int32,
                            ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    unum_close.argtypes = [ctypes.c_void_p]
    formatter = unum_open(5, None, 0, language.encode(), None, ctypes.byref(status))  # 5: UNUM_SPELLOUT
    buffer = (ctypes.c_uint16 * 1024)()
    length = unum_format(formatter, number, buffer, 1024, None, ctypes.byref(status))
    unum_close(formatter)
    return bytes(buffer)[:2 * length].decode("utf-16-le") if status.value <= 0 else str(number)


class LaravelInvoices(_Renderer):
    folder = "laravelinvoices"
    designs = "resources/views/templates"
    suffix = ".blade.php"
    translations = "lang/{lang}/invoice.php"
    always_due = True  # « pay until »: the issue date plus pay_until_days, always printed
    prints_deposit = False
    tax_breakdown = False  # one « total taxes » row (and the rate when the invoice has one rate)

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        return _php_texts(DESIGNS / LaravelInvoices.folder / "lang" / language / "invoice.php", "invoices::invoice.")

    @staticmethod
    @cache
    def template(name: str):
        source = (DESIGNS / LaravelInvoices.folder / LaravelInvoices.designs / f"{name}.blade.php").read_text("utf-8")
        source = re.sub(r"\{\{--.*?--\}\}", "", source, flags=re.S)
        source = re.sub(r"<script type=\"text/php\">.*?</script>", "", source, flags=re.S)  # DomPDF's page numbers
        source = source.replace('media="screen"', "")  # DomPDF lays out for the screen medium, WeasyPrint for print
        source = re.sub(r"@foreach\s*\((\$[\w>-]+)\s+as\s+\$(\w+)\s*=>\s*\$(\w+)\)",
                        lambda m: f"{{% for {m.group(2)}, {m.group(3)} in {_php_expression(m.group(1), set())}"
                                  ".items() %}", source)
        return _blade_template(source)

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        s, b = data.seller, data.buyer
        one_rate = len(data.bases) == 1
        items = [_Obj(title=line.item, description=line.description if line.description != line.item else "",
                      units="", quantity=quantity(data, line.qty), price_per_unit=line.price, discount=0,
                      tax=money(line.amount * Decimal(line.rate) / 100), sub_total_price=line.amount)
                 for line in data.lines]
        custom = {"IBAN": grouped(data.iban), "BIC": data.bic} if data.iban else {}
        seller = _Obj(name=s.name, address=f"{s.street}, {s.postcode} {s.city}, {s.country_name}",
                      code=s.siret or "", vat=s.vat or "", phone=s.phone, custom_fields=custom)
        buyer = _Obj(name=b.name, address=f"{b.street}, {b.postcode} {b.city}, {b.country_name}",
                     code=data.client_number if rng.random() < 0.5 else "", vat=b.vat or "", phone="",
                     custom_fields={})
        total = data.ttc
        cents = f"{total:.2f}".split(".")
        words = t["invoices::invoice.amount_in_words_format"].replace("%s", "{}").format(
            spell_out(int(cents[0]), data.language).capitalize() if int(cents[0]) else 0, "EUR",
            spell_out(int(cents[1]), data.language), "ct.")  # CurrencyFormatter::getAmountInWords
        notes = "<br>".join(html.escape(x) for x in (data.notes, terms(data), legal_footer(data)) if x)
        invoice = _Obj(
            name=t["invoices::invoice.invoice"], status="", logo="", seller=seller, buyer=buyer, items=items,
            getSerialNumber=lambda: data.number, getDate=lambda: date(data, data.issue),
            getPayUntilDate=lambda: date(data, data.due), hasItemUnits=False, hasItemDiscount=False,
            hasItemTax=not one_rate, table_columns=4 + (not one_rate),
            hasItemOrInvoiceDiscount=lambda: bool(data.discount), total_discount=data.discount,
            taxable_amount=data.ht if one_rate else 0,
            tax_rate=f"{Decimal(data.bases[0][0]).normalize():f}" if one_rate else 0,
            hasItemOrInvoiceTax=lambda: True, total_taxes=data.tva, shipping_amount=0, total_amount=total,
            notes=notes, getTotalAmountInWords=lambda: words,
            formatCurrency=lambda value: amount(data, Decimal(value)))
        page = cls.template(name).render(invoice=invoice, __=lambda key: t.get(key, key),
                                         ucfirst=lambda text: str(text)[:1].upper() + str(text)[1:])
        # DomPDF prints « Page n / N » at the bottom right once there is more than one page (its text/php script).
        import weasyprint

        if len(weasyprint.HTML(string=page).render().pages) > 1:
            label = html.escape(t["invoices::invoice.page"]).replace('"', "")
            page = page.replace("</head>", f'<style>@page {{ @bottom-right {{ content: "{label} " counter(page) " / " '
                                           "counter(pages); font-size: 10pt; } }</style></head>", 1)
        return page


# ---------------------------------------------------------------------------
# Programs added in the session of 2026-12-06: Sylius' invoicing plugin, Paymenter, FOSSBilling, Kill Bill, and two
# HTML invoice templates many issuers copy (sparksuite's, Anvil's)
# ---------------------------------------------------------------------------


def _single_rate(data: Data) -> None:
    """One VAT rate on the whole invoice, for programs that have one tax per invoice (the highest rate drawn)."""
    rate = data.bases[0][0]
    for line in data.lines:
        line.rate = rate
    base = money(data.subtotal * (100 - data.discount_pct) / 100)
    tax = money(base * Decimal(rate) / 100)
    data.bases, data.ht, data.tva, data.ttc, data.discount = [(rate, base, tax)], base, tax, base + tax, data.subtotal - base
    data.deposit = Decimal(0)


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """A nested YAML translation file as Symfony reads it: ``a: {b: x}`` is the key ``a.b`` (``no:`` a key, not false)."""
    out = {}
    for key, value in (tree or {}).items():
        name = prefix + ({True: "yes", False: "no"}.get(key, key) if isinstance(key, bool) else str(key))  # YAML 1.1
        out.update(_flatten(value, f"{name}.") if isinstance(value, dict) else {name: str(value)})
    return out


def _context_filters(env, names: tuple[str, ...]) -> None:
    """Filters of a program given to each render as variables of these names (its language, its amounts' format)."""
    import jinja2

    for name in names:
        env.filters[name] = jinja2.pass_context(lambda ctx, *args, name=name: ctx[name](*args))


def _ternaries(source: str) -> str:
    """PHP's and Twig's ``a ?? b`` and ``a ? b : c`` (unnested, within parentheses or an echo) as Jinja."""
    source = source.replace("??", " or ")
    source = re.sub(r"\(((?:[^(){}?]|\((?:[^()]|\([^()]*\))*\))+?)\s*\?\s*([^(){}:]+?)\s*:\s*([^(){}]+?)\)",
                    r"((\2) if (\1) else (\3))", source)
    return re.sub(r"\{\{\s*([^{}?]+?)\s*\?\s*([^{}:]+?)\s*:\s*([^{}]+?)\s*\}\}", r"{{ (\2) if (\1) else (\3) }}", source)


def _drop_remote_images(page: str) -> str:
    """Images the templates load from the network (their authors' logos): never fetched here."""
    return re.sub(r"<img\b[^>]*\bsrc=[\"']https?://[^>]*>", "", page, flags=re.S)


class Sylius(_Renderer):
    """Sylius' invoicing plugin (an e-commerce shop's invoices): Twig over its own layout, labels of the plugin's and
    Sylius' UI translations. Amounts printed ``%0.2f`` with the currency in its own column, the issue date with its
    time, no due date; the shop's billing data print its VAT number bare."""

    folder = "sylius"
    designs = "src/Resources/views/Invoice/Download"
    suffix = ".html.twig"
    translations = "src/Resources/translations/messages.{lang}.yml"
    prints_due = staticmethod(lambda _name: False)
    prints_deposit = False

    @classmethod
    def keeps(cls, filename: str) -> bool:
        return filename == "pdf.html.twig"  # pdfLayout is the layout it extends

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        import yaml

        out = {}
        for path in (f"src/Sylius/Bundle/UiBundle/Resources/translations/messages.{language}.yml",
                     f"src/Resources/translations/messages.{language}.yml"):
            out.update(_flatten(yaml.safe_load((DESIGNS / Sylius.folder / path).read_text(encoding="utf-8"))))
        return out

    @staticmethod
    @cache
    def template(name: str):
        import jinja2

        folder = DESIGNS / Sylius.folder / Sylius.designs

        def read(file: str) -> str:
            source = twig_to_jinja((folder / file).read_text(encoding="utf-8"))
            source = re.sub(r"\bblock\('(\w+)'\)", r"self.\1()", source)
            return re.sub(r"invoice\.paymentState\(\)\s+is\s+constant\('[^']*'\)", "invoice.paid", source)

        env = twig_environment()
        _context_filters(env, ("sylius_country_name",))
        env.loader = jinja2.DictLoader({"@SyliusInvoicingPlugin/Invoice/Download/pdfLayout.html.twig":
                                        read("pdfLayout.html.twig")})
        return env.from_string(read(f"{name}.html.twig"))

    amount_text = staticmethod(lambda _data, value: f"{value:.2f}")  # a bare « %.2f », the currency elsewhere

    @staticmethod
    def date_text(_data: Data, day: dt.date) -> str:
        return f"{day:%Y-%m-%d}"

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        s, b = data.seller, data.buyer

        class Items(list):
            def count(self):
                return len(self)

        def cents(value: Decimal) -> int:
            return int(value * 100)

        keep = (100 - data.discount_pct) / 100
        lines = []
        for line in data.lines:
            net = money(line.amount * keep)
            tax = money(net * Decimal(line.rate) / 100)
            lines.append(_JsObject(name=line.description, variantName=line.item if line.item != line.description else None,
                                   quantity=quantity(data, line.qty), unitPrice=cents(line.price),
                                   discountedUnitNetPrice=cents(money(line.price * keep)), subtotal=cents(net),
                                   taxRate=f"{Decimal(line.rate).normalize():f}%", taxTotal=cents(tax),
                                   total=cents(net + tax)))
        taxes = Items(_JsObject(label=f"{TAX_NAME[data.language]} ({Decimal(rate).normalize():f}%)", amount=cents(tax))
                      for rate, _base, tax in data.bases)
        time = dt.time(rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59))
        shop = _JsObject(company=s.name, street=s.street, city=s.city, postcode=s.postcode, countryCode=s.country,
                         taxId=s.vat or "")
        invoice = _JsObject(
            number=data.number, localeCode=data.language, issuedAt=dt.datetime.combine(data.issue, time),
            shopBillingData=shop, lineItems=lines, taxItems=taxes, currencyCode="EUR", subtotal=cents(data.ht),
            taxesTotal=cents(data.tva), total=cents(data.ttc), paid=rng.random() < 0.5,
            billingData=_JsObject(firstName=rng.choice(FIRST_NAMES[data.language]),
                                  lastName=rng.choice(SURNAMES[data.language]), company=b.name, street=b.street,
                                  city=b.city, postcode=b.postcode, countryCode=b.country))
        page = cls.template(name).render(
            invoice=invoice, invoiceLogoPath="", shopBillingData=shop, localeCode=data.language,
            trans=lambda key, *_args: t.get(key, key), sylius_country_name=lambda code: COUNTRY_NAMES[data.language][code],
            date=lambda value, fmt: value.strftime(re.sub(r"[YmdHis]", lambda m: "%" + "YmdHMS"["YmdHis".index(m[0])], fmt)),
            nl2br=str, nl2str=str, country_name=str, money=str, md2html=str, formatCurrency=str)
        return page.replace('<img width="160" src="">', "")


class Paymenter(_Renderer):
    """Paymenter (hosting billing): one Blade invoice; the issuer's name and legal mentions are the « bill to »
    text its settings print under « Émis par »; one tax per invoice; the date always ``d/m/Y``."""

    folder = "paymenter"
    designs = "resources/views/pdf"
    suffix = ".blade.php"
    translations = "lang/{lang}/invoices.php"
    prints_due = staticmethod(lambda _name: False)
    prints_deposit = False
    one_rate = True

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        return _php_texts(DESIGNS / Paymenter.folder / "lang" / language / "invoices.php", "invoices.")

    @staticmethod
    @cache
    def template(name: str):
        source = (DESIGNS / Paymenter.folder / Paymenter.designs / f"{name}.blade.php").read_text(encoding="utf-8")
        source = re.sub(r"\$invoice->transactions->where\([^)]*\)(->count\(\))?",
                        lambda m: "0" if m.group(1) else "$no_transactions", source)
        source = re.sub(r"config\('settings\.(\w+)'(?:,\s*\w+)?\)", r"settings.\1", source)
        source = re.sub(r"\$invoice->created_at->format\('d/m/Y'\)", "issued", source)
        source = re.sub(r"\$invoice->formattedTotal->format\(([^()]*)\)", "subtotal_text", source)
        source = source.replace("->formatted->tax", ".tax_text")
        source = re.sub(r"__\('([\w.]+)'(?:,\s*\[[^\]]*\])?\)", r"__('\1')", source)
        source = _ternaries(source)
        return _blade_template(source)

    @staticmethod
    def date_text(_data: Data, day: dt.date) -> str:
        return f"{day:%d/%m/%Y}"

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        s, b = data.seller, data.buyer

        class Total:  # its Price object: prints formatted, carries its tax
            def __init__(self) -> None:
                self.tax, self.price, self.tax_text = data.tva, data.ttc, amount(data, data.tva)

            def __str__(self) -> str:
                return amount(data, data.ttc)

        ids = [f"{t['invoices.company_id']} : {s.siret}" if s.siret else "",
               f"{t['invoices.tax_id']} : {s.vat}" if s.vat else ""]
        bill_to = "\n".join(x for x in (s.name, s.street, f"{s.postcode} {s.city}", s.country_name, *ids) if x)
        rate = data.bases[0][0]
        items = [_Obj(description=line.description, quantity=quantity(data, line.qty),
                      formattedPrice=amount(data, line.price), formattedTotal=amount(data, line.amount))
                 for line in data.lines]
        if data.discount:
            items.append(_Obj(description=f"{t.get('invoices.discount', 'Discount')} {data.discount_pct.normalize():f}%",
                              quantity="1", formattedPrice=amount(data, -data.discount),
                              formattedTotal=amount(data, -data.discount)))
        properties = [x for x in (b.street, f"{b.postcode} {b.city}", b.country_name, b.vat) if x]
        invoice = _Obj(number=data.number, status=rng.choice(["pending", "paid"]), user_name=b.name,
                       user_properties=properties, bill_to=bill_to, items=items, formattedTotal=Total(),
                       tax=_Obj(name=TAX_NAME[data.language], rate=f"{Decimal(rate).normalize():f}"))
        legal = "".join(f"<p>{html.escape(x)}</p>" for x in (terms(data), legal_footer(data)) if x)
        page = cls.template(name).render(
            invoice=invoice, settings=_Obj(invoice_proforma=False, logo=""), no_transactions=[], issued=cls.date_text(data, data.issue),
            subtotal_text=amount(data, data.ht), __=lambda key: t.get(key, key).replace(":id", ""),
            strtoupper=lambda text: str(text).upper(), ucfirst=lambda text: str(text)[:1].upper() + str(text)[1:],
            nl2br=lambda text: str(text).replace("\n", "<br />"), e=html.escape, public_path=str)
        return page.replace("</body>", legal + "</body>", 1)  # the terms the issuer adds to its invoices' footer


class FossBilling(_Renderer):
    """FOSSBilling (hosting billing): a Twig invoice laid out with absolute positions for DomPDF, one tax per invoice,
    labels of its gettext catalogues (English in the template)."""

    folder = "fossbilling"
    designs = "src/modules/Invoice/templates/pdf"
    suffix = ".twig"
    translations = "{underscore}/LC_MESSAGES/messages.mo"
    source_language = "en"
    one_rate = True
    prints_deposit = False
    prints_ht = False  # the lines, one tax row, the total
    always_due = True  # « Due Date » always printed: the issue date plus the payment days
    most_lines = 12  # its blocks are placed at absolute positions on one page: more lines run off its bottom

    @classmethod
    def languages(cls, _name: str) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if lang == "en" or (
            DESIGNS / cls.folder / f"{LOCALES[lang].replace('-', '_')}/LC_MESSAGES/messages.mo").is_file())

    @staticmethod
    @cache
    def catalogue(language: str):
        import gettext

        if language == "en":
            return gettext.NullTranslations()
        path = DESIGNS / FossBilling.folder / f"{LOCALES[language].replace('-', '_')}/LC_MESSAGES/messages.mo"
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)

    @staticmethod
    @cache
    def template(name: str):
        source = (DESIGNS / FossBilling.folder / FossBilling.designs / f"{name}.twig").read_text(encoding="utf-8")
        # Jinja's loops keep their assignments: the address lines and the row counter as Jinja writes them.
        source = re.sub(r"\{% for line in (\[[^\]]*\]) %\}.*?\{% endfor %\}",
                        r"{% set address_lines = \1|select|list %}", source, count=1, flags=re.S)
        source = source.replace("{{ nr }}", "{{ loop.index }}")
        source = re.sub(r"\bin (seller|buyer) %\}", r"in \1.items() %}", source)
        source = source.replace("|replace({'_': '-'})", "")
        env = twig_environment()
        _context_filters(env, ("format_date", "format_currency", "markdown_to_html"))
        return env.from_string(_ternaries(twig_to_jinja(source)))

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        catalogue = cls.catalogue(data.language)
        s, b = data.seller, data.buyer
        data.date_style = 1  # Twig's format_date: the month's name, as ICU's medium date
        seller = {"Name": s.name, "Address 1": s.street, "Address 2": f"{s.postcode} {s.city}",
                  "Address 3": s.country_name, "Phone": s.phone, "Email": s.email, "VAT Number": s.vat or ""}
        buyer = {"Company": b.name, "Name": f"{rng.choice(FIRST_NAMES[data.language])} {rng.choice(SURNAMES[data.language])}",
                 "Address": b.street, "City": f"{b.postcode} {b.city}", "Country": b.country_name, "Phone": "",
                 "VAT Number": b.vat or ""}
        seller = {k: v for k, v in seller.items() if v}
        buyer = {k: v for k, v in buyer.items() if v}
        rate = data.bases[0][0]
        lines = [{"title": line.description, "quantity": quantity(data, line.qty), "price": line.price,
                  "total": line.amount} for line in data.lines]
        invoice = {"serie_nr": data.number, "created_at": data.issue, "due_at": data.due,
                   "status": catalogue.gettext("unpaid"), "lines": lines, "tax": data.tva,
                   "taxname": TAX_NAME[data.language], "taxrate": f"{Decimal(rate).normalize():f}",
                   "discount": data.discount, "total": data.ttc, "text_1": "", "text_2": terms(data)}
        footer = {"company_name": s.name, "address_1": s.street, "address_2": f"{s.postcode} {s.city}",
                  "address_3": s.country_name, "email": s.email, "phone": s.phone, "company_vat": s.vat or "",
                  "company_number": s.siret or "", "www": s.website, "signature": legal_footer(data) if s.siret else "",
                  "display_bank_info": 1 if data.iban else 0, "bank_name": "", "bic": data.bic,
                  "account_number": grouped(data.iban) if data.iban else ""}
        css = (DESIGNS / cls.folder / cls.designs / f"{name}.css").read_text(encoding="utf-8")
        return cls.template(name).render(
            invoice=invoice, seller=seller, buyer=buyer, seller_lines=len(seller), buyer_lines=len(buyer),
            footer=footer, css=css, logo_source="", locale=LOCALES[data.language].replace("-", "_"),
            currency_code="EUR", trans=lambda key, *_a: catalogue.gettext(key),
            format_date=lambda day: date(data, day), format_currency=lambda value, _code: amount(data, Decimal(value)),
            markdown_to_html=lambda text: html.escape(str(text)),
            date=str, nl2br=str, nl2str=str, country_name=str, money=str, md2html=str, formatCurrency=str)


def mustache(template: str, context: dict) -> str:
    """Mustache as Kill Bill's template uses it, and the Handlebars blocks Invoicerr's adds: ``{{a.b}}`` escaped,
    ``{{{a}}}`` raw, ``{{#a}}…{{/a}}`` over a list or when truthy (a dict pushed on the stack), ``{{^a}}…{{/a}}`` when
    falsy, ``{{#if a}}…{{else}}…{{/if}}``, ``{{#each a}}…{{/each}}`` and ``../a`` (the enclosing scope)."""
    tag = re.compile(r"\{\{\{\s*([\w./]+)\s*\}\}\}|\{\{\s*([#^/!]?)\s*(?:(if|each|unless)\s+)?([\w./]+)\s*\}\}")

    def lookup(stack: list, name: str):
        while name.startswith("../"):
            stack, name = stack[:-1], name[3:]
        for scope in reversed(stack):
            value, found = scope, True
            for part in name.split("."):
                if isinstance(value, dict) and part in value:
                    value = value[part]
                else:
                    found = False
                    break
            if found:
                return value
        return None

    def block_end(text: str, start: int, closing: str) -> tuple[int, int, int | None]:
        """Where the block opened before ``start`` closes: (its closing tag's start, its end, its ``{{else}}``)."""
        depth, j, otherwise = 1, start, None
        while depth:
            m = tag.search(text, j)
            kind, helper, name = m.group(2), m.group(3), m.group(4)
            if kind in ("#", "^") and (helper or name) == closing:
                depth += 1
            elif kind == "/" and name == closing:
                depth -= 1
            elif not kind and name == "else" and depth == 1:
                otherwise = m.start(), m.end()
            j = m.end()
        return m.start(), m.end(), otherwise

    def render(text: str, stack: list) -> str:
        out, i = [], 0
        while (m := tag.search(text, i)):
            out.append(text[i:m.start()])
            raw, kind, helper, name = m.groups()
            if raw:
                value = lookup(stack, raw)
                out.append(str(value) if value not in (None, False) else "")
                i = m.end()
                continue
            if kind in ("#", "^"):
                close, end, otherwise = block_end(text, m.end(), helper or name)
                inner, value = text[m.end():close], lookup(stack, name)
                yes, no = (text[m.end():otherwise[0]], text[otherwise[1]:close]) if otherwise else (inner, "")
                if helper in ("if", "unless"):
                    out.append(render(yes if bool(value) == (helper == "if") else no, stack))
                elif kind == "^":
                    out.append(render(inner, stack) if not value else "")
                elif isinstance(value, list):
                    out.extend(render(inner, [*stack, item]) for item in value)
                elif value:
                    out.append(render(inner, [*stack, value] if isinstance(value, dict) else stack))
                i = end
            else:
                value = lookup(stack, name) if kind != "!" else ""
                out.append(html.escape(str(value)) if value not in (None, False) else "")
                i = m.end()
        out.append(text[i:])
        return "".join(out)

    return render(template, [context])


class KillBill(_Renderer):
    """Kill Bill (subscription billing): its Mustache HTML invoice (a copy of sparksuite's template), labels and the
    tenant's company lines from its ``InvoiceTranslation`` properties (English only in the repository: the tenant's
    own values here). Taxes are invoice items; its numbers are sequential integers printed ``INV#123``."""

    folder = "killbill"
    designs = "util/src/main/resources/org/killbill/billing/util/invoice/templates"
    suffix = ".mustache"
    translations = "util/src/main/resources/org/killbill/billing/util/invoice/translation/InvoiceTranslation_en_US.properties"
    english_labels = True
    prints_ht = False
    prints_seller_ids = False
    prints_due = staticmethod(lambda _name: False)

    @staticmethod
    @cache
    def texts() -> dict[str, str]:
        out = {}
        for line in (DESIGNS / KillBill.folder / KillBill.translations).read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                out[key.strip()] = value.strip()
        return out

    @staticmethod
    def number(data: Data) -> str:
        return str(int(re.sub(r"\D", "", data.number)[-5:] or 0) + 1)

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        s, b = data.seller, data.buyer
        text = {**cls.texts(), "companyName": s.name, "companyAddress": s.street,
                "companyCityProvincePostalCode": f"{s.postcode} {s.city}", "companyCountry": s.country_name}
        begin = data.issue - dt.timedelta(days=rng.choice([0, 1]))
        end = begin + dt.timedelta(days=rng.choice([30, 31, 90, 365]))
        items = [{"formattedStartDate": date(data, begin), "formattedEndDate": date(data, end),
                  "prettyPlanName": f"{line.description} × {quantity(data, line.qty)}" if line.qty != 1 else line.description,
                  "formattedAmount": amount(data, money(line.amount * (100 - data.discount_pct) / 100))}
                 for line in data.lines]
        items += [{"formattedStartDate": date(data, begin), "formattedEndDate": "",
                   "prettyPlanName": f"{TAX_NAME[data.language]} {format_rate(rate, data.language)}",
                   "formattedAmount": amount(data, tax)} for rate, _base, tax in data.bases]
        invoice = {"invoiceNumber": data.number, "formattedInvoiceDate": date(data, data.issue), "invoiceItems": items,
                   "formattedChargedAmount": amount(data, data.ttc), "formattedPaidAmount": amount(data, data.deposit),
                   "formattedBalance": amount(data, data.ttc - data.deposit)}
        account = {"name": b.name, "companyName": "", "address1": b.street, "city": b.city, "stateOrProvince": "",
                   "postalCode": b.postcode, "country": b.country}
        source = (DESIGNS / cls.folder / cls.designs / f"{name}.mustache").read_text(encoding="utf-8")
        return _drop_remote_images(mustache(source, {"text": text, "invoice": invoice, "account": account}))


class Invoicerr(_Renderer):
    """Invoicerr (a French open-source invoicing program): its Handlebars template from ``base.template.ts``, labels
    the defaults of its ``PDFConfig`` (English until the issuer retypes them), amounts ``toFixed(2)`` after the
    currency code, line totals VAT included, one of its date formats; its French VAT-exemption mention when exempt."""

    folder = "invoicerr"
    designs = "backend/src/modules/invoices/templates"
    suffix = ".template.ts"
    translations = "backend/prisma/schema.prisma"
    english_labels = True
    always_due = True  # a due date is required
    prints_deposit = False
    tax_breakdown = False  # one « VAT: » row
    date_formats = ("%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d")  # its allowed formats but US and weekday

    @staticmethod
    @cache
    def labels() -> dict[str, str]:
        schema = (DESIGNS / Invoicerr.folder / Invoicerr.translations).read_text(encoding="utf-8")
        model = re.search(r"model PDFConfig \{(.*?)\n\}", schema, re.S).group(1)
        return dict(re.findall(r"^\s*(\w+)\s+String\s+@default\(\"([^\"]*)\"\)", model, re.M))

    amount_text = staticmethod(lambda _data, value: f"{value:.2f}")  # a bare « %.2f », the currency elsewhere

    @classmethod
    def date_text(cls, data: Data, day: dt.date) -> str:
        return day.strftime(cls.date_formats[data.date_style % len(cls.date_formats)])

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        s, b = data.seller, data.buyer
        labels = cls.labels()
        source = (DESIGNS / cls.folder / cls.designs / f"{name}.template.ts").read_text(encoding="utf-8")
        source = source.split("`", 1)[1].rsplit("`", 1)[0]
        keep = (100 - data.discount_pct) / 100
        kinds = ("SERVICE", "PRODUCT", "HOUR", "DAY")
        items = [{"description": line.description, "quantity": quantity(data, line.qty).replace(",", "."),
                  "unitPrice": f"{money(line.price * keep):.2f}", "vatRate": f"{Decimal(line.rate):.2f}",
                  "totalPrice": f"{money(line.amount * keep * (1 + Decimal(line.rate) / 100)):.2f}",
                  "type": labels[rng.choice(kinds).lower()]} for line in data.lines]
        party = {"name": s.name, "address": s.street, "city": s.city, "postalCode": s.postcode,
                 "country": s.country_name, "email": s.email, "phone": s.phone, "legalId": s.siret or "", "VAT": s.vat}
        client = {"name": b.name, "address": b.street, "city": b.city, "postalCode": b.postcode,
                  "country": b.country_name, "email": b.email, "VAT": b.vat or ""}
        context = {
            "number": data.number, "date": cls.date_text(data, data.issue), "dueDate": cls.date_text(data, data.due),
            "company": party, "client": client, "currency": "EUR", "items": items,
            "totalHT": f"{data.ht:.2f}", "totalVAT": f"{data.tva:.2f}", "totalTTC": f"{data.ttc:.2f}",
            "paymentMethod": labels["paymentMethodBankTransfer"] if data.iban else "",
            "paymentDetails": html.escape(f"IBAN {grouped(data.iban)} – BIC {data.bic}") if data.iban else "",
            "fontFamily": "Arial", "primaryColor": "#2563eb", "secondaryColor": "#64748b", "tableTextColor": "#ffffff",
            "padding": 40, "noteExists": True,
            "notes": "<br>".join(html.escape(x) for x in (data.notes, terms(data), legal_footer(data)) if x),
            "labels": {**labels, "description": labels["description"], "VATId": labels["VATId"]},
        }
        return mustache(source, context)


def _blade_more(source: str) -> str:
    """The Blade of Laravel Cashier's templates that ``blade_to_jinja`` does not read: ``@isset``, ``@unless``,
    ``@php($a = …)``, an assignment inside ``@if``, ternaries and ``??``, static calls to ``Cashier::``."""
    source = re.sub(r"@isset\s*\((\$\w+)\)", r"@if (\1)", source).replace("@endisset", "@endif")
    source = re.sub(r"@unless\s*\((.+)\)\s*$", r"@if (!(\1))", source, flags=re.M).replace("@endunless", "@endif")
    source = re.sub(r"@php\(\$(\w+)\s*=\s*(.+)\)\s*$", lambda m: "{% set " + m.group(1) + " = "
                    + _php_expression(m.group(2), set()) + " %}", source, flags=re.M)
    source = re.sub(r"@if\s*\(\$(\w+)\s*=\s*(.+)\)\s*$", lambda m: "{% set " + m.group(1) + " = "
                    + _php_expression(m.group(2).replace("??", " or "), set()) + " %}@if ($" + m.group(1) + ")",
                    source, flags=re.M)
    source = re.sub(r"\\?Laravel\\Cashier\\Cashier::(\w+)\(", r"\1(", source)
    return _ternaries(source)


class CashierStripe(_Renderer):
    """Laravel Cashier's invoice (Stripe invoices printed by a Laravel application with DomPDF): Blade in English
    with Stripe's invoice objects (``@isset``, ``@unless``, assignments inside ``@if``, ``@php(...)`` read as Jinja),
    the seller's lines the ``$data`` the application passes (vendor, street, location, VAT number), a tax row per rate,
    Carbon's ``toFormattedDateString`` dates, amounts in the application's currency locale."""

    folder = "cashierstripe"
    designs = "resources/views"
    suffix = ".blade.php"
    translations = "resources/views/invoice.blade.php"
    english_labels = True
    prints_deposit = False

    @staticmethod
    @cache
    def template(name: str):
        source = (DESIGNS / CashierStripe.folder / CashierStripe.designs / f"{name}.blade.php").read_text("utf-8")
        return _blade_template(_blade_more(source))

    @staticmethod
    def date_text(_data: Data, day: dt.date) -> str:
        return f"{day:%b} {day.day}, {day.year}"  # Carbon's toFormattedDateString (M j, Y)

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        s, b = data.seller, data.buyer

        def call(value):
            return lambda *_a: value

        def dated(day):
            return _Obj(toFormattedDateString=call(cls.date_text(data, day)))

        begin = data.issue
        end = begin + dt.timedelta(days=rng.choice([30, 31, 365]))
        periodic = rng.random() < 0.5
        items = [_Obj(description=f"{line.description}", quantity=quantity(data, line.qty),
                      unitAmountExcludingTax=call(amount(data, line.price)), hasPeriod=call(periodic),
                      periodStartAndEndAreEqual=call(False), startDate=call(cls.date_text(data, begin)),
                      endDate=call(cls.date_text(data, end)), inclusiveTaxPercentage=call(0),
                      hasBothInclusiveAndExclusiveTax=call(False),
                      exclusiveTaxPercentage=call(f"{Decimal(line.rate).normalize():f}"),
                      total=call(amount(data, line.amount))) for line in data.lines]
        taxes = [_Obj(display_name=TAX_NAME[data.language], jurisdiction="", percentage=f"{Decimal(rate).normalize():f}",
                      isInclusive=call(False), amount=call(amount(data, tax))) for rate, _base, tax in data.bases]
        discounts = [_Obj(coupon=call(_Obj(isPercentage=call(True), name=call(rng.choice(["Remise", "Fidélité", "Promo"])),
                                           percentOff=call(f"{data.discount_pct.normalize():f}"))))] if data.discount else []
        invoice = _Obj(
            date=call(dated(data.issue)), dueDate=call(dated(data.due) if data.due else None), number=data.number,
            account_name=s.name, accountTaxIds=call([]), customer_name=b.name, customer_email=b.email,
            customer_address=_Obj(line1=b.street, line2="", city=b.city, state="", postal_code=b.postcode,
                                  country=b.country),
            customer_phone="", customerTaxIds=call([_Obj(value=b.vat)] if b.vat else []), description=terms(data),
            invoiceLineItems=call(items), hasTax=call(True), hasDiscount=call(bool(data.discount)),
            hasStartingBalance=call(False), subtotal=call(amount(data, data.subtotal)), discounts=call(discounts),
            discountFor=lambda _d: amount(data, data.discount), isNotTaxExempt=call(True), isTaxExempt=call(False),
            taxes=call(taxes), realTotal=call(amount(data, data.ttc)), hasAppliedBalance=call(False),
            amountDue=call(amount(data, data.ttc)))
        siret = f"SIRET {s.siret} – " if s.siret else ""
        page = cls.template(name).render(
            invoice=invoice, vendor=s.name, product=rng.choice(["", "", "Abonnement", "Subscription"]) or None,
            street=s.street, location=f"{s.postcode} {s.city}", country=s.country_name, phone=s.phone, email=s.email,
            url=s.website, vendorVat=f"{siret}{TAX_NAME[data.language]} {s.vat}", vat=legal_footer(data),
            implode=lambda sep, parts: sep.join(str(p) for p in parts if p), isset=bool, false=False)
        return page


class CashierMollie(_Renderer):
    """Laravel Cashier Mollie's invoice (« Your receipt », its e-mail-like Blade page printed with DomPDF): no issuer
    block, the application's name in the page footer and the issuer's lines as the invoice's « extra information »;
    a « 20% VAT » row per rate; English only; Carbon dates, amounts in the application's currency locale."""

    folder = "cashiermollie"
    designs = "resources/views"
    suffix = ".blade.php"
    translations = "resources/views/head.blade.php"
    english_labels = True
    prints_deposit = False
    prints_due = staticmethod(lambda _name: False)
    date_text = CashierStripe.date_text

    @classmethod
    def keeps(cls, filename: str) -> bool:
        return filename == "receipt.blade.php"  # receipt_old is the same page; head is its <head>

    @staticmethod
    @cache
    def template(name: str):
        folder = DESIGNS / CashierMollie.folder / CashierMollie.designs
        source = (folder / f"{name}.blade.php").read_text("utf-8")
        source = source.replace("@include('cashier::head')", (folder / "head.blade.php").read_text("utf-8"))
        return _blade_template(_blade_more(source))

    @classmethod
    def render(cls, name: str, data: Data, _rng: random.Random) -> str:
        s, b = data.seller, data.buyer

        def call(value):
            return lambda *_a: value

        class Lines(list):
            def isNotEmpty(self):  # noqa: N802  (a Laravel collection's method)
                return bool(self)

        keep = (100 - data.discount_pct) / 100
        items = [_Obj(description=line.description, quantity=line.qty, getUnitPrice=call(money(line.price * keep)),
                      getSubtotal=call(money(line.amount * keep)),
                      getTaxPercentage=call(f"{Decimal(line.rate).normalize():f}")) for line in data.lines]
        taxes = [{"tax_percentage": f"{Decimal(rate).normalize():f}", "total": amount(data, tax)}
                 for rate, _base, tax in data.bases]
        legal = [s.name, s.street, f"{s.postcode} {s.city}", s.country_name]
        legal += [f"SIRET {s.siret}"] if s.siret else []
        legal += [f"{TAX_NAME[data.language]} {s.vat}"] if s.vat else []
        invoice = _Obj(date=call(_Obj(toFormattedDateString=call(cls.date_text(data, data.issue)))),
                       id=call(data.number), items=call(items), subtotal=call(amount(data, data.ht)),
                       taxDetails=call(taxes), hasStartingBalance=call(False), totalDue=call(amount(data, data.ttc)),
                       receiverAddress=call([b.name, b.street, f"{b.postcode} {b.city}", b.country_name]),
                       extraInformation=call(Lines([*legal, terms(data)])))
        settings = {"app.name": s.name, "app.url": f"https://{s.website}"}
        return cls.template(name).render(invoice=invoice, config=lambda key, *_a: settings.get(key, ""),
                                         formatAmount=lambda value: amount(data, Decimal(value)), false=False)


class SuiteCRM(_Renderer):
    """SuiteCRM's two sample invoice PDF templates (AOS; the group one prints the lines under their group's name
    and the group's totals, « Group Total » last): the HTML its ``getBody`` returns, labels of its modules'
    ``en_us.lang.php`` (the only language in the repository), ``$aos_…`` fields as its PDF generator fills them (the
    product row repeated per line, the services row dropped), the sample company lines the issuer retypes with its
    own (identifiers added there); one « Tax » total, the invoice date as the record's date and time, mPDF's footer
    (« Page {PAGENO} » and the date) in the page margin."""

    folder = "suitecrm"
    designs = "modules/AOS_PDF_Templates/samples"
    suffix = ".php"
    translations = "modules/AOS_Invoices/language/en_us.lang.php"
    english_labels = True
    prints_deposit = False
    tax_breakdown = False

    @classmethod
    def keeps(cls, filename: str) -> bool:
        return filename in ("smpl_Invoice_Sample.php", "smpl_Invoice_Group_Sample.php")  # its two invoice samples

    @staticmethod
    @cache
    def texts(module: str) -> dict[str, str]:
        return _php_array((DESIGNS / SuiteCRM.folder / "modules" / module / "language" / "en_us.lang.php")
                          .read_text(encoding="utf-8"))

    @staticmethod
    def date_text(_data: Data, day: dt.date) -> str:
        return f"{day:%d/%m/%Y}"

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        s, b, e = data.seller, data.buyer, html.escape
        source = (DESIGNS / cls.folder / cls.designs / f"{name}.php").read_text(encoding="utf-8")

        def php_string(function: str) -> str:
            return re.search(function + r"\(\)\s*\{.*?return '(.*?)';\s*\n\s*\}", source, re.S).group(1)

        company = "<br />".join(e(x) for x in (s.name, s.street, f"{s.postcode} {s.city}", s.country_name,
                                                *_legal_lines(data)))
        body = re.sub(r"'\s*\.\s*translate\('LBL_BROWSER_TITLE'\)\s*\.\s*' Ltd<br />.*?LBL_ANY_WHERE[^)]*\)\s*\.\s*'",
                      company, php_string("getBody"), flags=re.S)

        def translated(m: re.Match) -> str:
            if m.group(3):
                return ""  # the sample's logo
            text = cls.texts(m.group(2)).get(m.group(1), m.group(1))
            return text.upper() if m.group(0).lstrip("'. ").startswith("strtoupper") else text

        expression = r"'\s*\.\s*(?:strtoupper\()?(?:translate\('(\w+)',\s*'(\w+)'\)\)?|(TemplateSampleService::\w+\(\)))\s*\.\s*'"
        body = re.sub(expression, translated, body)
        body = re.sub(r"<tr>\s*<td[^>]*colspan=\"3\">\$aos_services_quotes_name.*?</tr>", "", body, flags=re.S)
        row = re.search(r"<tr>\s*<td[^>]*>\$aos_products_quotes_product_qty.*?</tr>", body, re.S).group(0)
        keep = (100 - data.discount_pct) / 100
        rows = []
        for line in data.lines:
            fields = {"$aos_products_quotes_product_qty": quantity(data, line.qty), "$aos_products_quotes_name": line.item,
                      "$aos_products_description": line.description if line.description != line.item else "",
                      "$aos_products_quotes_product_list_price": amount(data, line.price),
                      "$aos_products_quotes_product_discount": f"{data.discount_pct.normalize():f}%",
                      "$aos_products_quotes_product_unit_price": amount(data, money(line.price * keep)),
                      "$aos_products_quotes_vat": f"{Decimal(line.rate):.1f}",
                      "$aos_products_quotes_product_total_price": amount(data, money(line.amount * keep))}
            rows.append(re.sub(r"\$aos_\w+", lambda m, f=fields: e(f.get(m.group(0), "")), row))
        body = body.replace(row, "".join(rows))
        when = dt.time(rng.randint(8, 18), rng.randint(0, 59))
        fields = {"$aos_invoices_billing_account": b.name, "$aos_invoices_billing_address_street": b.street,
                  "$aos_invoices_billing_address_city": f"{b.postcode} {b.city}",
                  "$aos_invoices_billing_address_state": "", "$aos_invoices_billing_address_postalcode": b.country_name,
                  "$aos_invoices_modified_by_name": f"{rng.choice(FIRST_NAMES[data.language])} "
                                                    f"{rng.choice(SURNAMES[data.language])}",
                  "$aos_invoices_date_entered": f"{cls.date_text(data, data.issue)} {when:%H:%M}",
                  "$aos_invoices_due_date": cls.date_text(data, data.due) if data.due else "",
                  "$aos_invoices_number": data.number, "$total_amt": amount(data, data.subtotal),
                  "$discount_amount": amount(data, -data.discount), "$subtotal_amount": amount(data, data.ht),
                  "$tax_amount": amount(data, data.tva), "$shipping_amount": amount(data, Decimal(0)),
                  "$total_amount": amount(data, data.ttc),
                  "$aos_line_item_groups_name": rng.choice(["Prestations", "Fournitures", "Services", "Matériel"])}
        # The group sample: one group of lines, its totals the invoice's (« Group Total » its last row).
        fields.update({f"$aos_line_item_groups_{k[1:]}": fields[k] for k in ("$total_amt", "$discount_amount",
                                                                               "$subtotal_amount", "$tax_amount",
                                                                               "$total_amount")})
        body = re.sub(r"\$\w+", lambda m: e(fields.get(m.group(0), m.group(0))), body)
        footer = re.sub(r"'\s*\.\s*translate\('LBL_PAGE',\s*'AOS_PDF_Templates'\)\s*\.\s*'",
                        cls.texts("AOS_PDF_Templates").get("LBL_PAGE", "Page"), php_string("getFooter"))
        footer = re.sub(r"\{DATE '.*?'\}", cls.date_text(data, data.issue), footer)
        footer = footer.replace("{PAGENO}", '<span class="mpdf-pageno"></span>')
        notes = f"<p>{e(terms(data))}</p><p style='font-size: 9pt'>{e(legal_footer(data))}</p>"
        return ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>" + MPDF_CSS
                + "@page { size: A4; margin: 15mm 15mm 25mm 15mm; } body { font-family: Arial, sans-serif; "
                "font-size: 10pt; }</style></head><body>"
                f'<div class="mpdf-footer">{footer}</div>{body}{notes}</body></html>')


class Bagisto(_Renderer):
    """Bagisto (a Laravel e-commerce shop): the invoice PDF its customers download, Blade over ``core()`` settings,
    labels of its shop's ``lang/<language>/app.php`` (nested arrays). The shop's name and address are its shipping
    origin; it prints no seller identifier (``prints_seller_ids = False``), one tax total, a discount and shipping
    row always, an invoice id ``#…`` beside the order's, dates ``d-m-Y``; the bank details are its settings' text."""

    folder = "bagisto"
    designs = "packages/Webkul/Shop/src/Resources/views/customers/account/orders"
    suffix = ".blade.php"
    translations = "packages/Webkul/Shop/src/Resources/lang/{lang}/app.php"
    prints_due = staticmethod(lambda _name: False)
    prints_deposit = False
    prints_seller_ids = False
    tax_breakdown = False

    @staticmethod
    @cache
    def texts(language: str) -> dict[str, str]:
        return _php_texts(DESIGNS / Bagisto.folder / Bagisto.translations.format(lang=language), "shop::app.",
                          nested=True)

    @staticmethod
    @cache
    def template(name: str):
        source = (DESIGNS / Bagisto.folder / Bagisto.designs / f"{name}.blade.php").read_text(encoding="utf-8")
        source = re.sub(r"@php\b.*?@endphp", "", source, flags=re.S)  # its fonts, its payment's extra details
        source = re.sub(r"\\?\b(Storage|File)::(\w+)\(", r"\1_\2(", source)
        return _blade_template(_ternaries(source))

    @staticmethod
    def date_text(_data: Data, day: dt.date) -> str:
        return f"{day:%d-%m-%Y}"

    @classmethod
    def render(cls, name: str, data: Data, rng: random.Random) -> str:
        t = cls.texts(data.language)
        s, b = data.seller, data.buyer
        keep = (100 - data.discount_pct) / 100
        ordered = data.issue - dt.timedelta(days=rng.randint(0, 5))
        config = {"sales.invoice_settings.pdf_print_outs.invoice_id": True,
                  "sales.invoice_settings.pdf_print_outs.order_id": True,
                  "sales.shipping.origin.country": s.country_name, "sales.shipping.origin.store_name": s.name,
                  "sales.shipping.origin.address": s.street, "sales.shipping.origin.zipcode": s.postcode,
                  "sales.shipping.origin.city": s.city, "sales.shipping.origin.state": "",
                  "sales.shipping.origin.bank_details": f"IBAN {grouped(data.iban)}\nBIC {data.bic}" if data.iban else "",
                  "sales.payment_methods.banktransfer.title": {"fr": "Virement bancaire", "de": "Banküberweisung",
                                                               "es": "Transferencia bancaria", "it": "Bonifico bancario"}
                  .get(data.language, "Bank transfer"),
                  "sales.taxes.sales.display_prices": "excluding_tax", "sales.taxes.sales.display_subtotal": "excluding_tax",
                  "sales.taxes.sales.display_shipping_amount": "excluding_tax"}

        core = _Obj(getConfigData=lambda key: config.get(key, ""), getCurrentLocale=lambda: _Obj(direction="ltr"),
                    formatDate=lambda day, _fmt: cls.date_text(data, day),
                    formatPrice=lambda value, _code: html.escape(amount(data, Decimal(value))),
                    country_name=lambda code: COUNTRY_NAMES[data.language][code])

        address = _Obj(company_name=b.name, name=f"{rng.choice(FIRST_NAMES[data.language])} "
                                                 f"{rng.choice(SURNAMES[data.language])}",
                       address=b.street, postcode=b.postcode, city=b.city, state="", country=b.country, phone=b.phone)
        items = [_Obj(getTypeInstance=lambda line=line: _Obj(getOrderedItem=lambda _i: _Obj(sku=line.item)),
                      name=line.description, additional={}, price=money(line.price * keep), qty=quantity(data, line.qty),
                      total=money(line.amount * keep)) for line in data.lines]
        order = _Obj(increment_id=str(rng.randint(1000, 99999)), created_at=ordered, billing_address=address,
                     shipping_address=address if rng.random() < 0.6 else None,
                     payment=_Obj(method="banktransfer"), shipping_title=rng.choice(["Colissimo", "Chronopost", "DHL"]))
        invoice = _Obj(increment_id=data.number, id=data.number, order=order, created_at=data.issue, items=items,
                       hasPaymentTerm=lambda: bool(data.days), getFormattedPaymentTerm=lambda: terms(data).split(".")[0],
                       sub_total=data.ht, shipping_amount=0, tax_amount=data.tva, discount_amount=0, grand_total=data.ttc)
        page = cls.template(name).render(
            invoice=invoice, orderCurrencyCode="EUR", core=lambda: core, app=lambda: _Obj(getLocale=lambda: data.language),
            fontPath={}, fontFamily={"regular": "DejaVu Sans", "bold": "DejaVu Sans"},
            lang=lambda key: t.get(key, key), empty=lambda value: not value, isset=bool,
            nl2br=lambda text: html.escape(str(text)).replace("\n", "<br>"), false=False)
        return page


#: What an issuer who copies an English HTML template into its own software prints as legal mentions.
def _legal_lines(data: Data) -> list[str]:
    s = data.seller
    return [x for x in (f"SIRET {s.siret}" if s.siret else "", f"VAT {s.vat}" if s.vat else "") if x]


class Sparksuite(_Renderer):
    """sparksuite/simple-html-invoice-template, the HTML invoice most copied on GitHub (Kill Bill ships a copy): a
    static page whose sample values the issuer's code replaces, its English labels kept; the issuer's name as the
    text of the logo cell, VAT rows added in the template's own « total » style."""

    folder = "sparksuite"
    designs = "."
    suffix = ".html"
    translations = "invoice.html"
    english_labels = True

    @classmethod
    def render(cls, name: str, data: Data, _rng: random.Random) -> str:
        e = html.escape
        s, b = data.seller, data.buyer
        page = (DESIGNS / cls.folder / f"{name}.html").read_text(encoding="utf-8")
        page = re.sub(r"<img\b[^>]*/>", f'<span style="font-size: 32px">{e(s.name)}</span>', page, count=1, flags=re.S)
        head = f"Invoice #: {e(data.number)}<br />\n\t\t\t\t\t\t\t\t\tCreated: {e(date(data, data.issue))}"
        if data.due:
            head += f"<br />\n\t\t\t\t\t\t\t\t\tDue: {e(date(data, data.due))}"
        page = re.sub(r"Invoice #: 123<br />.*?Due: February 1, 2023", head, page, flags=re.S)
        seller = "<br />".join(e(x) for x in (s.name, s.street, f"{s.postcode} {s.city}", *_legal_lines(data)))
        buyer = "<br />".join(e(x) for x in (b.name, b.street, f"{b.postcode} {b.city}", b.email) if x)
        page = re.sub(r"Sparksuite, Inc\.<br />.*?Sunnyville, CA 12345", seller, page, flags=re.S)
        page = re.sub(r"Acme Corp\.<br />.*?john@example\.com", buyer, page, flags=re.S)
        method = ("Bank transfer", grouped(data.iban)) if data.iban else ("Card", "")
        page = page.replace("<td>Check</td>", f"<td>{method[0]}</td>").replace("<td>1000</td>", f"<td>{e(method[1])}</td>")
        page = page.replace("<td>Check #</td>", "<td>IBAN</td>" if data.iban else "<td></td>")
        rows = [(f"{line.description} ({quantity(data, line.qty)} × {amount(data, line.price)})"
                 if line.qty != 1 else line.description, amount(data, line.amount)) for line in data.lines]
        items = "".join(f'<tr class="item{" last" if i == len(rows) - 1 else ""}"><td>{e(a)}</td><td>{e(v)}</td></tr>'
                        for i, (a, v) in enumerate(rows))
        totals = [("Subtotal", data.subtotal)] + ([("Discount", -data.discount)] if data.discount else [])
        totals += [(f"VAT {format_rate(rate, 'en')}", tax) for rate, _b, tax in data.bases] + [("Total", data.ttc)]
        if data.deposit:
            totals += [("Paid", data.deposit), ("Balance due", data.ttc - data.deposit)]
        total_rows = "".join(f'<tr class="total"><td></td><td>{label}: {e(amount(data, value))}</td></tr>'
                             for label, value in totals)
        page = re.sub(r'<tr class="item">.*<tr class="total">.*?</tr>', items + total_rows, page, flags=re.S)
        return page.replace("</body>", f'<p style="font-size: 11px; color: #555">{e(terms(data))}</p></body>', 1)


class Anvil(_Renderer):
    """anvilco/html-pdf-invoice-template (Anvil's HTML-to-PDF invoice): a static page with its print stylesheet
    (page counter and footer in the page margins), English labels kept; the issuer's name where its logo was, VAT
    rows added in the « Total Due » table's style."""

    folder = "anvil"
    designs = "."
    suffix = ".html"
    translations = "invoice-pdf.css"
    english_labels = True

    @classmethod
    def keeps(cls, filename: str) -> bool:
        return filename == "invoice.html"

    @classmethod
    def render(cls, name: str, data: Data, _rng: random.Random) -> str:
        e = html.escape
        s, b = data.seller, data.buyer
        page = (DESIGNS / cls.folder / f"{name}.html").read_text(encoding="utf-8")
        css = "".join((DESIGNS / cls.folder / f).read_text(encoding="utf-8") for f in ("invoice.css", "invoice-pdf.css"))
        page = re.sub(r"<img\s+style=\"height: 18px\"[^>]*>", f"<strong style=\"font-size: 18px\">{e(s.name)}</strong>",
                      page, flags=re.S)
        info = [b.name, b.street, f"{b.postcode} {b.city}", b.email or b.country_name]
        for old, new in zip(("Anvil Co", "123 Main Street", "San Francisco CA, 94103", "hello@useanvil.com"), info, strict=True):
            page = page.replace(f"      {old}\n", f"      {e(new)}\n", 1)
        page = page.replace("May 24th, 2024", e(date(data, data.issue)), 1).replace("<strong>12345</strong>",
                                                                                f"<strong>{e(data.number)}</strong>")
        rows = "".join(f'<tr><td>{e(quantity(data, line.qty))}</td><td>{e(line.description)}</td>'
                       f'<td class="right">{e(amount(data, line.price))}</td>'
                       f'<td class="bold">{e(amount(data, line.amount))}</td></tr>' for line in data.lines)
        totals = [("Subtotal", data.subtotal)] + ([("Discount", -data.discount)] if data.discount else [])
        totals += [(f"VAT {format_rate(rate, 'en')}", tax) for rate, _b, tax in data.bases] + [("Total", data.ttc)]
        if data.deposit:
            totals.append(("Paid", -data.deposit))
        rows += "".join(f'<tr><td></td><td></td><td class="right">{label}</td><td class="bold">{e(amount(data, v))}</td>'
                        "</tr>" for label, v in totals)
        page = re.sub(r"(<table class=\"line-items-container\">.*?<tbody>).*?(</tbody>)", rf"\g<1>{rows}\g<2>", page,
                      count=1, flags=re.S)
        payment = (f"<div>IBAN: <strong>{e(grouped(data.iban))}</strong></div><div>BIC: <strong>{e(data.bic)}</strong>"
                   "</div>") if data.iban else f"<div>{e(terms(data))}</div>"
        page = re.sub(r"<div>\s*Account No:.*?Routing No:.*?</div>", payment, page, flags=re.S)
        page = page.replace("May 30th, 2024", e(date(data, data.due)) if data.due else "—")
        page = page.replace("$105.00", e(amount(data, data.ttc - data.deposit)))
        footer = [s.email, s.phone, s.website]
        for old, new in zip(("hello@useanvil.com", "555 444 6666", "useanvil.com"), footer, strict=True):
            page = page.replace(f"<span>{old}</span>", f"<span>{e(new)}</span>", 1)
        legal = " · ".join([s.name, f"{s.street}, {s.postcode} {s.city}", *_legal_lines(data)])
        page = page.replace('<div class="footer-thanks">', f'<div style="font-size: 11px">{e(legal)}</div>'
                            '<div class="footer-thanks">', 1)
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style>"
                "<style>@page { margin-left: 60px; margin-right: 60px; }</style></head>"
                f"<body>{_drop_remote_images(page)}</body></html>")


RENDERERS = {renderer.folder: renderer for renderer in (
    InvoiceNinja, InvoiceShelf, Akaunting, Kimai, FrappeBooks, LaravelInvoices, Sylius, Paymenter, FossBilling, KillBill,
    Invoicerr, CashierStripe, CashierMollie, SuiteCRM, Bagisto, Sparksuite, Anvil)}


# ---------------------------------------------------------------------------
# The family
# ---------------------------------------------------------------------------


def make_invoice(seed: int, part: str = TUNING_PART, *, design: str | None = None,
                 language: str | None = None) -> Invoice:
    """The invoice of ``seed`` in ``part``: the designs of the part in turn, a language the design is translated to."""
    names = designs_of(part)
    if not names:
        raise FileNotFoundError(f"no design of {part} under {DESIGNS} (run tests/data/designs/rebuild.py)")
    design = design or names[seed % len(names)]
    source, name = design.split("/", 1)
    renderer = RENDERERS[source]
    rng = random.Random(f"designs-{part}-{seed}")
    offered = renderer.languages(name)
    language = language or rng.choices(offered, [WEIGHTS[lang] for lang in offered])[0]
    # Credit notes and long invoices are drawn apart, so that the other invoices of a seed stay as they were.
    variant = random.Random(f"designs-{part}-{seed}-variant")
    credit = getattr(renderer, "credits", False) and variant.random() < CREDIT_SHARE
    data = draw(rng, language, lines=variant.randint(*LONG_LINES) if variant.random() < LONG_SHARE else None,
                most=getattr(renderer, "most_lines", None))
    if getattr(renderer, "one_rate", False):
        _single_rate(data)
    if hasattr(renderer, "number"):
        data.number = renderer.number(data)
    if getattr(renderer, "always_due", False):
        data.due = data.issue + dt.timedelta(days=data.days)
    if not getattr(renderer, "prints_due", lambda _name: True)(name):
        data.due = None  # the design has no place for it: the truth says what the page says
    if not getattr(renderer, "prints_deposit", True):
        data.deposit = Decimal(0)
    if credit:  # a credit note has no due date nor deposit; its amounts are signed as the program prints them
        data.credit, data.due, data.deposit = True, None, Decimal(0)
        if getattr(renderer, "negative_credits", False):
            _negate(data)
    truth = truth_of(data, design, part, seed)
    if not getattr(renderer, "prints_seller_ids", True):
        truth.seller_vat_id = truth.seller_siren = None  # the design has no place for them
    invoice = DesignInvoice(truth, {"data": data, "design": design},
                            zoom=getattr(renderer, "zoom", 1.0))
    invoice.html = renderer.render(name, data, rng)
    b = data.buyer
    invoice.context["buyer_truth"] = printed_buyer(invoice.html, b.name, [b.street], b.postcode, b.city, b.country,
                                                   (b.country_name,))
    return invoice


class Family:
    """One part of the family as the benches take a family: ``PART`` and ``make_invoice(seed)``."""

    def __init__(self, part: str) -> None:
        self.PART = part
        self.TAG = TAGS[part]

    def make_invoice(self, seed: int) -> Invoice:
        return make_invoice(seed, self.PART)

    def available(self) -> bool:
        return bool(designs_of(self.PART)) if available() else False


TUNING = Family(TUNING_PART)
UNSEEN = Family(UNSEEN_PART)


def write_set(folder: Path, part: str, count: int, kinds: list[str], start: int = 0) -> list[Path]:
    """Write ``count`` invoices of ``part`` as each of ``kinds`` with a ``.json`` truth beside each."""
    return generator_write_set(folder, part, count, kinds, start, make=lambda seed: make_invoice(seed, part))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--part", choices=PARTS, default=TUNING_PART)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--kinds", default="text")
    parser.add_argument("--list", action="store_true", help="list the designs and their part")
    args = parser.parse_args()
    if args.list:
        print(json.dumps({d: part_of(d) for d in all_designs()}, indent=1))
    else:
        for path in write_set(args.folder, args.part, args.count, args.kinds.split(",")):
            print(path)
