"""Blind-family pages as online shops' software prints their invoices (issue 13, branch boutique-15): seeds 120000–120999.

A shop's invoice is printed from its order: the order's number, its date, the customer's number, the carrier's
tracking number and the payment's transaction id stand beside the invoice's own number and date, often in the same
small table and in the same shape (plain counters, zero-padded increments). This module draws the pages of five shop
programs with their own blocks and words, taken from their templates and translation files:

- PrestaShop (pdf/header.tpl, invoice.tpl, invoice.addresses-tab.tpl, invoice.summary-tab.tpl, invoice.product-tab.tpl,
  invoice.tax-tab.tpl, invoice.total-tab.tpl, invoice.payment-tab.tpl; the Shop.Pdf domain of its fr-FR, es-ES and it-IT
  translation packs): the header at the right with the document's name in capitals, the invoice's date and its number
  « #FA000012 » printed with no label; « Adresse de livraison » / « Adresse de facturation »; the summary grid « N° de
  facture | Date de facturation | Référence de commande | Date de commande » (the order's reference is nine capital
  letters); the products (« Référence », « Produit », « Taux de taxe », « Prix unitaire HT », « Qté », « Total HT »), the
  tax detail, the totals (« Total produits », « Frais d'expédition », « Livraison gratuite », « Total HT »,
  « Total taxes », « Total »), « Mode de paiement » with the amount paid, « Transporteur ».
- WooCommerce « PDF Invoices & Packing Slips » (wpovernight; templates/Simple/invoice.php, languages/…-de_DE.po): the
  shop's address at the top right, the title « Rechnung », the billing address, « Versand nach: », the order data
  table « Rechnungsnummer: / Rechnungsdatum: / Bestellnummer: / Bestelldatum: / Zahlungsart: », « Produkt | Anzahl |
  Preis » with « Art.-Nr.: » under each product, « Zwischensumme », « Versand », « MwSt. », « Gesamtsumme »,
  « Anmerkungen » (English: « Invoice Number: », « Invoice Date: », « Order Number: », « Order Date: », « Payment
  Method: », « Ship To: », « SKU: »; a credit note, of the plugin's Professional extension: « Credit Note Number: »,
  « Credit Note Date: », « Gutschriftsnummer: », « Gutschriftsdatum: »). The invoice's counter is small, the order's number is WordPress's post id.
- Magento 2 (Magento/Sales/Model/Order/Pdf/Invoice.php and AbstractPdf.php: « Invoice # », « Order # », « Order Date: »,
  « Sold to: », « Ship to: », « Payment Method: », « Shipping Method: », « (Total Shipping Charges …) », « Products »,
  « SKU », « Price », « Qty », « Tax », « Subtotal », « Grand Total »; the German words of a public override module's
  i18n/de_DE.csv, privatedevops/scripts magento2/modules/PdfOverride, which adds the invoice's date the default page
  lacks: « Rechnung Nr. », « Bestellnummer: », « Rechnungsdatum: », « Bestelldatum: », « Rechnung an: »,
  « Lieferung an: », « Zahlungsmethode: », « Versandart: », « Versandkosten insgesamt »). Invoice and order numbers are
  both nine-digit increments (« 100000045 »).
- Shopware 6 (src/Core/Framework/Resources/views/documents/invoice.html.twig, includes/letter_header.html.twig,
  position_header, summary, payment_shipping, footer; snippet/de_DE/messages.de-DE.base.json and en_GB): the headline
  « Rechnungs-Nr. 1012 », the side information « Kunden-Nr. 10045 », « Bestell-Nr. 10087 », « Bestelldatum 12.03.2024 »,
  « Datum 14.03.2024 », « Liefertermin: », the positions « Pos. | Prod.-Nr. | Produkt / Dienst | Anzahl | USt. |
  Stückpreis | Gesamt », « Gesamtsumme (Netto): », « zzgl. 19% MwSt.: », « Gesamtsumme: », « Gewählte Zahlungsart: »,
  « Gewählte Versandart: », « Leistungsdatum entspricht Rechnungsdatum », the footer columns (« USt-IdNr.: »,
  « Bankverbindung », « Geschäftsführer »). Its invoice, order and customer numbers are all plain counters.
- OXID eShop's invoice PDF module (modules/oe/invoicepdf/models/invoicepdfoxorder.php, exportStandart; its German
  lang file ORDER_OVERVIEW_PDF_*): the shop's line over the window, « Bitte bei Zahlung angeben: » then « Kundennummer: »
  at the right, the town and the billing date « Freiburg, 14.03.2024 », « USt-IdNr.: », « Rechnungsnummer: », the large
  « Bestellnummer: » at the left, « Bestellung vom 12.03.2024 bei www.… », the grid « Menge | Art.Nr. | Bezeichnung |
  MwSt. | Einzelpreis | Gesamtpreis », « Mit freundlichen Grüßen ».

Where a program's word is one the never-seen family prints too (tests/test_invoice_generator_unseen.py keeps the
families' wordings apart), this module prints a wording of the same meaning instead: Woo's « Bestellung vom: »,
« Bezahlt mit: », « Artikelnr.: », « Date ordered: », « Paid via: », « Delivery address: », « Product code: »; Magento's
« Datum der Bestellung: », « Purchase Date: », « Shipped to: », « Payment Details: », « Item No. »; PrestaShop's
« Frais de port », « Coste de envío », « Fecha de pedido », « Rif. ordine », « Data dell'ordine »…; Shopware's
« Pos.-Nr. », « Versandkostenpauschale »; OXID's « Zahlungsweise: », « Versandpauschale ».

The invoice (parties, lines, amounts) is the family's draw; the page, the numbers and the rivals are this module's.
Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [BOUTIQUE_FROM, BOUTIQUE_TO). Seeds
120000–120749 tune; 120750–120999 are the never-tuned quarter (measured, misses never read).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator import grouped, money
from invoice_generator_blind import _digits, _e, _logo, _m, _qty

BOUTIQUE_FROM = 120_000
BOUTIQUE_TO = 121_000
#: Seeds from here on are the never-tuned quarter: measured, never read.
HOLDOUT_FROM = 120_750
LAYOUTS = ("bq_presta", "bq_woo", "bq_magento", "bq_shopware", "bq_oxid")
LAYOUT_WEIGHTS = (0.38, 0.2, 0.12, 0.18, 0.12)
#: Each program's languages (the ones its sources above give words for) and their weights.
LANGUAGES = {"bq_presta": {"fr": 0.76, "es": 0.12, "it": 0.12}, "bq_woo": {"de": 0.6, "en": 0.4},
             "bq_magento": {"en": 0.5, "de": 0.5}, "bq_shopware": {"de": 0.75, "en": 0.25}, "bq_oxid": {"de": 1.0}}

#: PrestaShop's Shop.Pdf words (invoice.*-tab.tpl) per language.
PRESTA = {
    "fr": {"title": "Facture", "credit": "Avoir", "number": "N° de facture", "date": "Date de facturation",
           "order_ref": "Référence de commande", "order_date": "Date de commande", "vat": "Numéro de TVA",
           "delivery": "Adresse de livraison", "billing": "Adresse de facturation", "ref": "Référence",
           "product": "Produit", "rate": "Taux de taxe", "unit": "Prix unitaire HT", "qty": "Qté", "total_ht": "Total HT",
           "tax_detail": "Détail des taxes", "base": "Prix de base", "tax_total": "Total taxes", "products": "Total produits",
           "shipping": "Frais de port", "free": "Livraison gratuite", "before": "Total (HT)", "after": "Total",
           "discounts": "Total des réductions", "payment": "Mode de paiement", "carrier": "Transporteur",
           "methods": ["Carte bancaire", "Virement bancaire", "PayPal", "Chèque"], "transfer": "Virement bancaire",
           "carriers": ["Colissimo", "Chronopost", "Mondial Relay", "Retrait en magasin"], "credit_of": "Facture d'origine"},
    "es": {"title": "Factura", "credit": "Factura rectificativa", "number": "Número de factura", "date": "Fecha de factura",
           "order_ref": "Referencia del pedido", "order_date": "Fecha de pedido", "vat": "Número de IVA",
           "delivery": "Dirección de entrega", "billing": "Dirección de facturación", "ref": "Referencia",
           "product": "Producto", "rate": "Tipo impositivo", "unit": "Precio unitario (sin IVA)", "qty": "Cant.",
           "total_ht": "Total (sin IVA)", "tax_detail": "Desglose de impuestos", "base": "Precio base",
           "tax_total": "Total de impuestos", "products": "Total productos", "shipping": "Coste de envío",
           "free": "Envío gratuito", "before": "Total (sin IVA)", "after": "Total (IVA incl.)",
           "discounts": "Total descuentos", "payment": "Método de pago", "carrier": "Transportista",
           "methods": ["Tarjeta", "Transferencia bancaria", "PayPal", "Bizum"], "transfer": "Transferencia bancaria",
           "carriers": ["Correos Express", "SEUR", "MRW"], "credit_of": "Factura de origen"},
    "it": {"title": "Fattura", "credit": "Nota di credito", "number": "Numero fattura", "date": "Data fattura",
           "order_ref": "Rif. ordine", "order_date": "Data dell'ordine", "vat": "Partita IVA",
           "delivery": "Indirizzo di consegna", "billing": "Indirizzo di fatturazione", "ref": "Riferimento",
           "product": "Prodotto", "rate": "Aliquota", "unit": "Prezzo unitario (IVA escl.)", "qty": "Qtà",
           "total_ht": "Totale (IVA escl.)", "tax_detail": "Dettaglio imposte", "base": "Prezzo base",
           "tax_total": "Totale tasse", "products": "Totale prodotti", "shipping": "Costi di spedizione",
           "free": "Spedizione gratuita", "before": "Totale (IVA escl.)", "after": "Totale (IVA incl.)",
           "discounts": "Totale sconti", "payment": "Metodo di pagamento", "carrier": "Corriere",
           "methods": ["Carta di credito", "Bonifico bancario", "PayPal", "Contrassegno"], "transfer": "Bonifico bancario",
           "carriers": ["BRT", "GLS", "Poste Italiane SDA"], "credit_of": "Fattura di origine"},
}
#: PrestaShop's default invoice and credit slip prefixes (PS_INVOICE_PREFIX, PS_CREDIT_SLIP_PREFIX) per language.
PRESTA_PREFIX = {"fr": ("#FA", "#AV"), "es": ("#FA", "#AB"), "it": ("#FT", "#NC")}

#: WooCommerce PDF Invoices & Packing Slips, templates/Simple/invoice.php (en) and its de_DE.po.
WOO = {
    "de": {"title": "Rechnung", "credit": "Gutschrift", "credit_number": "Gutschriftsnummer:",
           "credit_date": "Gutschriftsdatum:", "number": "Rechnungsnummer:", "date": "Rechnungsdatum:",
           "order": "Bestellnummer:", "order_date": "Bestellung vom:", "method": "Bezahlt mit:", "ship": "Versand nach:",
           "billing": "Rechnungsadresse:", "product": "Produkt", "qty": "Anzahl", "price": "Preis", "article": "Artikelnr.:",
           "subtotal": "Zwischensumme", "shipping": "Versand", "vat": "MwSt.", "total": "Gesamtsumme", "discount": "Rabatt",
           "notes": "Anmerkungen", "note": "Bitte beim Nachbarn abgeben", "shipping_method": "Versandart:",
           "methods": ["PayPal", "Kreditkarte (Stripe)", "Vorkasse", "Klarna Rechnung"], "transfer": "Vorkasse",
           "carriers": ["DHL Paket", "Hermes", "DPD"]},
    "en": {"title": "Invoice", "credit": "Credit Note", "credit_number": "Credit Note Number:",
           "credit_date": "Credit Note Date:", "number": "Invoice Number:", "date": "Invoice Date:",
           "order": "Order Number:", "order_date": "Date ordered:", "method": "Paid via:", "ship": "Delivery address:",
           "billing": "Billing Address:", "product": "Product", "qty": "Quantity", "price": "Price", "article": "Product code:",
           "subtotal": "Subtotal", "shipping": "Shipping", "vat": "VAT", "total": "Total", "discount": "Discount",
           "notes": "Customer Notes", "note": "Please leave at reception", "shipping_method": "Shipping Method:",
           "methods": ["PayPal", "Credit Card (Stripe)", "Direct bank transfer", "Cash on delivery"],
           "transfer": "Direct bank transfer", "carriers": ["An Post", "DPD Ireland", "Fastway"]},
}
#: Magento 2's invoice PDF (en: the Sales module; de: the override module's de_DE.csv).
MAGENTO = {
    "en": {"invoice": "Invoice # ", "credit": "Credit Memo # ", "order": "Order # ", "date": "Invoice Date: ",
           "order_date": "Purchase Date: ", "sold": "Sold to:", "ship": "Shipped to:", "method": "Payment Details:",
           "shipping_method": "Shipping Method:", "charges": "Total Shipping Charges", "products": "Products",
           "article": "Item No.", "price": "Price", "qty": "Qty", "tax": "Tax", "subtotal": "Subtotal", "grand": "Grand Total",
           "shipping": "Shipping and Handling", "methods": ["Check / Money order", "Credit Card (Braintree)", "PayPal Express Checkout"],
           "transaction": "Transaction ID:", "tracking": "Tracking Number:", "carrier": "Flat Rate - Fixed"},
    "de": {"invoice": "Rechnung Nr. ", "credit": "Gutschrift Nr. ", "order": "Bestellnummer: ", "date": "Rechnungsdatum: ",
           "order_date": "Datum der Bestellung: ", "sold": "Rechnung an:", "ship": "Lieferung an:", "method": "Zahlungsmethode:",
           "shipping_method": "Versandart:", "charges": "Versandkosten insgesamt", "products": "Bezeichnung",
           "article": "Nummer", "price": "Preis", "qty": "Menge", "tax": "Steuer", "subtotal": "Zwischensumme",
           "grand": "Gesamtbetrag", "shipping": "Versand & Bearbeitung",
           "methods": ["Scheck / Zahlungsanweisung", "Kreditkarte (Braintree)", "PayPal Express Checkout"],
           "transaction": "Transaktions-ID:", "tracking": "Sendungsnummer:", "carrier": "Pauschal - Festpreis"},
}
#: Shopware 6 documents: the document.* snippets of de-DE and en-GB.
SHOPWARE = {
    "de": {"headline": "Rechnungs-Nr. {}", "credit": "Gutschrift-Nr. {} für Rechnung Nr. {}", "customer": "Kunden-Nr. {}",
           "order": "Bestell-Nr. {}", "order_date": "Bestelldatum {}", "date": "Datum {}", "delivery": "Liefertermin: {}",
           "phone": "Telefon {}", "vat": "USt-IdNr.: {}", "buyer_vat": "USt-IdNr.: {}", "position": "Pos.-Nr.", "prod": "Prod.-Nr.",
           "label": "Produkt / Dienst", "qty": "Anzahl", "tax": "USt.", "unit": "Stückpreis", "total": "Gesamt",
           "net": "Gesamtsumme (Netto):", "plus": "zzgl. {}% MwSt.:", "gross": "Gesamtsumme:", "shipping": "Versandkostenpauschale",
           "method": "Gewählte Zahlungsart:", "shipping_method": "Gewählte Versandart:",
           "service": "Leistungsdatum entspricht Rechnungsdatum",
           "bank": "Bankverbindung", "ceo": "Geschäftsführer", "tax_office": "Finanzamt: {}", "page": "Seite {} von {}",
           "property": "Die Ware bleibt, bis zur vollständigen Bezahlung, unser Eigentum.",
           "methods": ["Rechnung", "Vorkasse", "Nachnahme", "PayPal"], "carriers": ["Standardversand", "Expressversand"]},
    "en": {"headline": "Invoice {}", "credit": "Credit note {} for invoice {}", "customer": "Customer no. {}",
           "order": "Order no. {}", "order_date": "Order date {}", "date": "Date {}", "delivery": "Delivery date: {}",
           "phone": "Phone {}", "vat": "VAT Reg.No: {}", "buyer_vat": "VAT Reg.No: {}", "position": "Item", "prod": "Prod. no.",
           "label": "Product / service", "qty": "Quantity", "tax": "VAT", "unit": "Unit price", "total": "Total",
           "net": "Net total:", "plus": "plus {}% VAT:", "gross": "Total:", "shipping": "Shipping costs",
           "method": "Chosen payment method:", "shipping_method": "Shipping method:",
           "service": "Service date equivalent to invoice date",
           "bank": "Bank details", "ceo": "Managing director", "tax_office": "Tax office: {}", "page": "Page {} of {}",
           "property": "Delivered goods remain our property until full payment has been made.",
           "methods": ["Invoice", "Paid in advance", "Cash on delivery", "PayPal"], "carriers": ["Standard shipping", "Express shipping"]},
}
#: OXID eShop's invoice PDF module, German ORDER_OVERVIEW_PDF_* words.
OXID = {"fill": "Bitte bei Zahlung angeben:", "customer": "Kundennummer:", "vat": "USt-IdNr.:",
        "number": "Rechnungsnummer:", "order": "Bestellnummer:", "from": "Bestellung vom ", "at": " bei ",
        "amount": "Menge", "artid": "Art.Nr.", "desc": "Bezeichnung", "tax": "MwSt.", "unit": "Einzelpreis",
        "all": "Gesamtpreis", "net": "Summe Netto", "plus": "zzgl. {}% MwSt.", "delivery": "Versandpauschale",
        "gross": "Summe Brutto", "greetings": "Vielen Dank für Ihren Auftrag.", "storno": "STORNO", "title": "Rechnung",
        "credit": "Gutschrift", "payment": "Zahlungsweise:", "methods": ["Vorkasse", "Rechnung", "PayPal", "Nachnahme"]}
MONTHS_SHORT = {"en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()}


def label_strings() -> set[str]:
    """Every wording of this module (for the tests that compare families' wordings)."""
    out: set[str] = set()
    for table in (*PRESTA.values(), *WOO.values(), *MAGENTO.values(), *SHOPWARE.values(), OXID):
        for value in table.values():
            out.update(value if isinstance(value, list) else [value])
    return out


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [BOUTIQUE_FROM, BOUTIQUE_TO)): the family's draws, this module's page and number."""
    own = random.Random(f"blind-boutique-{seed}")
    layout = own.choices(LAYOUTS, LAYOUT_WEIGHTS)[0]
    languages = LANGUAGES[layout]
    language = own.choices(list(languages), list(languages.values()))[0]
    invoice = blind.numbered_invoice(seed, language, layout)
    truth = invoice.truth
    truth.due_date = None  # a shop's order is paid when placed: its pages print no due date
    if not invoice.context.get("iban_printed"):
        truth.iban = None
    return invoice


# ---------------------------------------------------------------------------
# Pieces
# ---------------------------------------------------------------------------


def _day(ctx: dict, day: dt.date, style: str = "num") -> str:
    """A date as the shop prints it: numeric in the language's order, or Magento's / Shopware's medium form."""
    language = ctx["language"]
    if style == "medium" and language == "en":
        return f"{MONTHS_SHORT['en'][day.month - 1]} {day.day}, {day.year}"
    if style == "medium_gb" and language == "en":
        return f"{day.day} {MONTHS_SHORT['en'][day.month - 1]} {day.year}"
    if style == "wp":  # WordPress's default date format: « March 12, 2024 », German « 12. März 2024 »
        if language == "en":
            return f"{blind.MONTHS['en'][day.month - 1]} {day.day}, {day.year}"
        return f"{day.day}. {blind.MONTHS['de'][day.month - 1]} {day.year}"
    if language == "de":
        return day.strftime("%d.%m.%Y")
    if language == "en":
        return day.strftime("%d/%m/%Y")
    return day.strftime("%d/%m/%Y")


def _rate(ctx: dict, rate: str) -> str:
    return (rate if ctx["language"] == "en" else rate.replace(".", ",")) + " %"


def _order_day(ctx: dict) -> dt.date:
    """The order's date: the invoice's own day for a quarter of the orders, else a few days before."""
    rng = ctx["bq_rng"]
    return ctx["issue_day"] - dt.timedelta(days=0 if rng.random() < 0.25 else rng.randint(1, 12))


def _table(rows: list[tuple[str, str]], *, width: str = "auto", right: bool = False) -> str:
    body = "".join(f'<tr><td style="padding:1pt 6pt 1pt 0">{_e(k)}</td><td style="padding:1pt 0;'
                   f'{"text-align:right" if right else ""}">{v}</td></tr>' for k, v in rows)
    return f'<table style="width:{width}">{body}</table>'


def _side(left: str, right: str, width: int = 50) -> str:
    return (f'<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:{width}%">{left}</td>'
            f'<td style="vertical-align:top;padding-left:4mm">{right}</td></tr></table>')


def _grid(heads: list[str], rows: list[list[str]], *, align: list[str] | None = None, boxed: bool = False) -> str:
    align = align or ["left"] * len(heads)
    border = "border:0.5pt solid #999;" if boxed else "border-bottom:0.3pt solid #ccc;"
    head = "".join(f'<th style="{border}padding:2pt 4pt;text-align:{a};background:#eee">{_e(h)}</th>'
                   for h, a in zip(heads, align, strict=True))
    body = "".join("<tr>" + "".join(f'<td style="{border}padding:2pt 4pt;text-align:{a}">{c}</td>'
                                    for c, a in zip(row, align, strict=True)) + "</tr>" for row in rows)
    return f'<table style="width:100%;margin-top:3mm;border-collapse:collapse"><tr>{head}</tr>{body}</table>'


def _buyer(ctx: dict, *, person: bool = False) -> list[str]:
    place = ctx["buyer_place"]
    lines = [f'<span class="strong">{_e(ctx["buyer"])}</span>']
    if person:
        lines.append(_e(f"{ctx['bq_rng'].choice(blind.GIVEN[ctx['language']])} {ctx['bq_rng'].choice(blind.SURNAMES[ctx['language']])}"))
    return lines + [_e(ctx["buyer_street"]), _e(f"{place[0]} {place[1]}")]


def _seller(ctx: dict) -> list[str]:
    place = ctx["place"]
    return [f'<span class="strong">{_e(ctx["legal_name"])}</span>', _e(ctx["seller_street"]), _e(f"{place[0]} {place[1]}")]


def _shipping(ctx: dict) -> tuple[list[dict], object]:
    """(product lines, shipping line or None): with two lines or more, the last one is sometimes the shipping's cost,
    printed in the totals as the shop does (a small amount only)."""
    lines, rng = ctx["lines"], ctx["bq_rng"]
    if len(lines) >= 2 and not ctx["discount"] and 0 < lines[-1]["amount"] < 60 and rng.random() < 0.7:
        return lines[:-1], lines[-1]
    return lines, None


def _tracking(rng: random.Random) -> str:
    """A parcel's tracking number: Colissimo's 13 characters, DHL's 20 digits, or a carrier's plain digits."""
    return rng.choice([f"6A{_digits(rng, 11)}", f"00340434{_digits(rng, 12)}", f"JJD{_digits(rng, 18)}", _digits(rng, 14),
                       f"1Z{_digits(rng, 3)}E{_digits(rng, 2)}{_digits(rng, 10)}"])


def _transaction(rng: random.Random) -> str:
    """A payment's transaction id: PayPal's 17 characters, Stripe's « ch_… », or a bank's reference."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    return rng.choice(["".join(rng.choice(letters) for _ in range(17)),
                       "ch_3" + "".join(rng.choice(letters + "abcdefghijk") for _ in range(20)), _digits(rng, 12)])


def _bank(ctx: dict) -> str:
    ctx["iban_printed"] = True
    return f"IBAN {_e(grouped(ctx['iban']))} – BIC {_e(ctx['bic'])}"


# ---------------------------------------------------------------------------
# PrestaShop
# ---------------------------------------------------------------------------


def _layout_presta(ctx: dict) -> str:
    """PrestaShop's invoice: the header (capital title, date, number) at the right of the logo, the two addresses, the
    summary grid with the order's reference and date, the products, the taxes, the totals, the payment and carrier."""
    words, rng, day, language = PRESTA[ctx["language"]], ctx["bq_rng"], ctx["issue_day"], ctx["language"]
    prefix = PRESTA_PREFIX[language][1 if ctx["credit"] else 0]
    n = rng.randint(1, 99999)
    ctx["number"] = f"{prefix[1:]}{n:06d}"
    printed = f"{prefix}{n:06d}"
    title = (words["credit"] if ctx["credit"] else words["title"]).upper()
    reference = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(9))
    ordered = _order_day(ctx)
    header = (f'<div style="text-align:right"><div class="strong" style="font-size:14pt">{_e(title)}</div>'
              f'<div style="font-size:13pt;color:#777">{_e(_day(ctx, day))}</div>'
              f'<div style="font-size:13pt;color:#777">{_e(printed)}</div></div>')
    shop = _logo(ctx) + ('<div style="font-size:0.85em">' + "<br>".join(_seller(ctx)) + "</div>" if rng.random() < 0.5 else "")
    person = rng.random() < 0.4
    delivery = f'<div class="strong">{_e(words["delivery"])}</div>' + "<br>".join(_buyer(ctx, person=person))
    billing = f'<div class="strong">{_e(words["billing"])}</div>' + "<br>".join(_buyer(ctx, person=person))
    addresses = _side(delivery, billing, 50) if rng.random() < 0.6 else _side(billing, "", 50)
    heads = [words["number"], words["date"], words["order_ref"], words["order_date"]]
    values = [_e(printed), _e(_day(ctx, day)), _e(reference), _e(_day(ctx, ordered))]
    if ctx["buyer_vat"]:
        heads.append(words["vat"])
        values.append(_e(ctx["buyer_vat"]))
    summary = _grid(heads, [values], align=["center"] * len(heads), boxed=True)
    if ctx["credit"]:
        origin = PRESTA_PREFIX[language][0]  # the invoice the credit slip corrects: the invoices' prefix
        summary += f'<div style="margin-top:2mm">{_e(words["credit_of"])} : {_e(origin)}{rng.randint(1, 99999):06d}</div>'
    products, shipping = _shipping(ctx)
    rows = [[_e(f"{rng.choice(['demo_', 'REF-', 'P', ''])}{_digits(rng, rng.choice([3, 5]))}"), _e(line["desc"]),
             _e(_rate(ctx, line["rate"])), _m(ctx, line["unit"]), _qty(ctx, line["qty"]), _m(ctx, line["amount"])]
            for line in products]
    grid = _grid([words["ref"], words["product"], words["rate"], words["unit"], words["qty"], words["total_ht"]], rows,
                 align=["left", "left", "center", "right", "center", "right"], boxed=rng.random() < 0.5)
    tax_rows = [[_e(_rate(ctx, rate)), _m(ctx, base), _m(ctx, tax)] for rate, base, tax in ctx["breakdown"]]
    taxes = f'<div class="strong" style="margin-top:3mm">{_e(words["tax_detail"])}</div>' + _grid(
        [words["rate"], words["base"], words["tax_total"]], tax_rows, align=["left", "right", "right"], boxed=True)
    goods = sum((line["amount"] for line in products), 0 * ctx["ht"])
    totals = []
    if ctx["discount"]:
        totals.append((words["discounts"], "- " + _m(ctx, ctx["discount"])))
        goods -= ctx["discount"]
    totals.append((words["products"], _m(ctx, goods)))
    totals.append((words["shipping"], _m(ctx, shipping["amount"]) if shipping else _e(words["free"])))
    totals += [(words["before"], _m(ctx, ctx["ht"])), (words["tax_total"], _m(ctx, ctx["tva"])),
               (words["after"], f'<b>{_m(ctx, ctx["ttc"])}</b>')]
    method = rng.choice(words["methods"])
    payment = _grid([words["payment"], ""], [[_e(method), _m(ctx, ctx["ttc"])]], align=["left", "right"], boxed=True)
    if rng.random() < 0.7:
        payment += _grid([words["carrier"]], [[_e(rng.choice(words["carriers"]))]], boxed=True)
    if method == words["transfer"]:
        payment += f'<p style="font-size:0.85em">{_bank(ctx)}</p>'
    bottom = _side(taxes + payment, _table(totals, width="100%", right=True), 55)
    return _side(shop, header, 50) + addresses + summary + grid + bottom


# ---------------------------------------------------------------------------
# WooCommerce PDF Invoices & Packing Slips
# ---------------------------------------------------------------------------


def _layout_woo(ctx: dict) -> str:
    """WooCommerce « Simple » template: logo and shop address, the title, the billing address, « Ship To: », the order
    data at the right (invoice number and date, order number and date, payment method), the products, the totals."""
    words, rng, day = WOO[ctx["language"]], ctx["bq_rng"], ctx["issue_day"]
    n = rng.randint(1, 3000)
    ctx["number"] = rng.choice([str(n), str(n), f"{day.year}-{n:05d}", f"RE-{day.year}-{n:04d}" if ctx["language"] == "de"
                                else f"INV-{n:05d}", f"{n}-{day.year}"])
    order = str(rng.randint(n + 1000, 99999)) if rng.random() < 0.8 else str(rng.randint(100, 999))
    style = "wp" if rng.random() < 0.6 else "num"
    ordered = _order_day(ctx)
    shop = '<div style="text-align:right;font-size:0.9em">' + "<br>".join(_seller(ctx)) + "</div>"
    top = _side(_logo(ctx), shop, 50)
    title = f'<h1 style="font-size:18pt;margin:6mm 0 3mm">{_e(words["credit"] if ctx["credit"] else words["title"])}</h1>'
    email = f"{ctx['buyer'].split()[0].lower()}@{blind._domain(ctx['buyer'])}"
    billing = "<br>".join(_buyer(ctx)) + f"<br>{_e(email)}"
    if rng.random() < 0.3:
        billing = f'<div class="strong">{_e(words["billing"])}</div>' + billing
    ship = ""
    if rng.random() < 0.6:
        ship = f'<div class="strong">{_e(words["ship"])}</div>' + "<br>".join(_buyer(ctx, person=True))
    number_label, date_label = (words["credit_number"], words["credit_date"]) if ctx["credit"] else (words["number"], words["date"])
    data = [(number_label, _e(ctx["number"])), (date_label, _e(_day(ctx, day, style))),
            (words["order"], _e(order)), (words["order_date"], _e(_day(ctx, ordered, style)))]
    method = rng.choice(words["methods"])
    data.append((words["method"], _e(method)))
    if rng.random() < 0.3:
        data.append((words["shipping_method"], _e(rng.choice(words["carriers"]))))
    if rng.random() < 0.5:  # the order data's invoice rows come first or after the order's (a setting of the plugin)
        data = data[2:4] + data[:2] + data[4:]
    head = (f'<table style="width:100%"><tr><td style="width:35%;vertical-align:top">{billing}</td>'
            f'<td style="width:30%;vertical-align:top">{ship}</td>'
            f'<td style="vertical-align:top">{_table(data)}</td></tr></table>')
    products, shipping = _shipping(ctx)
    rows = []
    for line in products:
        sku = f'<div style="font-size:0.8em">{_e(words["article"])} {_e(rng.choice(["", "WC-", "P"]) + _digits(rng, 5))}</div>'
        rows.append([_e(line["desc"]) + sku, _qty(ctx, line["qty"]), _m(ctx, line["amount"])])
    grid = _grid([words["product"], words["qty"], words["price"]], rows, align=["left", "center", "right"])
    goods = sum((line["amount"] for line in products), 0 * ctx["ht"])
    totals = [(words["subtotal"], _m(ctx, goods))]
    if ctx["discount"]:
        totals.append((words["discount"], "-" + _m(ctx, ctx["discount"])))
    if shipping:
        totals.append((words["shipping"], _m(ctx, shipping["amount"])))
    for rate, _base, tax in ctx["breakdown"]:
        totals.append((f"{words['vat']} {_rate(ctx, rate)}" if len(ctx["breakdown"]) > 1 else words["vat"], _m(ctx, tax)))
    totals.append((words["total"], f'<b>{_m(ctx, ctx["ttc"])}</b>'))
    notes = ""
    if rng.random() < 0.3:
        notes = f'<p><b>{_e(words["notes"])}</b><br>{_e(words["note"])}</p>'
    if method == words["transfer"]:
        notes += f"<p>{_bank(ctx)}</p>"
    return top + title + head + grid + _side(notes, _table(totals, width="100%", right=True), 50)


# ---------------------------------------------------------------------------
# Magento 2
# ---------------------------------------------------------------------------


def _layout_magento(ctx: dict) -> str:
    """Magento 2's invoice PDF: the shop's address at the right of the logo, a dark band with « Invoice # » and
    « Order # », the order's date and the invoice's, « Sold to: » / « Ship to: », the payment and shipping methods, the
    products, the totals."""
    words, rng, day = MAGENTO[ctx["language"]], ctx["bq_rng"], ctx["issue_day"]
    store = rng.choice(["1", "1", "2", "0"])
    n = rng.randint(1, 99999)
    ctx["number"] = f"{store}{n:08d}"
    order = f"{store}{rng.randint(n, n + 3000):08d}"
    ordered = _order_day(ctx)
    style = "medium" if ctx["language"] == "en" else "num"
    shop = '<div style="text-align:right;font-size:0.9em">' + "<br>".join(_seller(ctx)) + "</div>"
    band_rows = [f"{_e(words['credit'] if ctx['credit'] else words['invoice'])}{_e(ctx['number'])}",
                 f"{_e(words['order'])}{_e(order)}", f"{_e(words['order_date'])}{_e(_day(ctx, ordered, style))}"]
    date_row = f"{_e(words['date'])}{_e(_day(ctx, day, style))}"
    band_rows.insert(rng.choice([1, 2, 3]), date_row)
    band = ('<div style="background:#555;color:#fff;padding:3mm;margin-top:5mm">' + "<br>".join(band_rows) + "</div>")
    method = rng.choice(words["methods"])
    pay = [_e(method)]
    if "PayPal" in method or rng.random() < 0.3:
        pay.append(f"{_e(words['transaction'])} {_e(_transaction(rng))}")
    products, shipping = _shipping(ctx)
    charges = shipping["amount"] if shipping else 0 * ctx["ht"]
    ship = [_e(words["carrier"]), f"({_e(words['charges'])} {_m(ctx, charges)})"]
    if rng.random() < 0.4:
        ship.append(f"{_e(words['tracking'])} {_e(_tracking(rng))}")
    heads = [words["sold"], words["ship"]]
    parties = _grid(heads, [["<br>".join(_buyer(ctx)), "<br>".join(_buyer(ctx, person=rng.random() < 0.5))]])
    methods = _grid([words["method"], words["shipping_method"]], [["<br>".join(pay), "<br>".join(ship)]])
    rows = [[_e(line["desc"]), _e(f"{rng.choice(['MH', 'WS', '24-'])}{_digits(rng, 3)}"), _m(ctx, line["unit"]),
             _qty(ctx, line["qty"]), _m(ctx, money(line["amount"] * Decimal(line["rate"]) / 100)),
             _m(ctx, line["amount"])] for line in products]
    grid = _grid([words["products"], words["article"], words["price"], words["qty"], words["tax"], words["subtotal"]], rows,
                 align=["left", "left", "right", "center", "right", "right"])
    goods = sum((line["amount"] for line in products), 0 * ctx["ht"])
    totals = [(f"{words['subtotal']}:", _m(ctx, goods))]
    if ctx["discount"]:
        totals.append(("Discount:" if ctx["language"] == "en" else "Rabatt:", "-" + _m(ctx, ctx["discount"])))
    totals.append((f"{words['shipping']}:", _m(ctx, charges)))
    totals.append((f"{words['tax']}:", _m(ctx, ctx["tva"])))
    totals.append((f"{words['grand']}:", f'<b>{_m(ctx, ctx["ttc"])}</b>'))
    # the grand total includes the tax on the lines; the lines' tax column rounds each line's
    return _side(_logo(ctx), shop, 50) + band + parties + methods + grid + _side("", _table(totals, width="100%", right=True), 50)


# ---------------------------------------------------------------------------
# Shopware 6
# ---------------------------------------------------------------------------


def _layout_shopware(ctx: dict) -> str:
    """Shopware 6's invoice document: the recipient under the sender's line at the left, the company and the side
    information (customer, order, order date, date) at the right, the headline with the number, the positions, the
    summary, the payment and shipping methods, the footer's columns."""
    words, rng, day = SHOPWARE[ctx["language"]], ctx["bq_rng"], ctx["issue_day"]
    n = rng.randint(1000, 9999)
    ctx["number"] = str(n) if rng.random() < 0.7 else f"RE{n}"
    order = str(rng.randint(10000, 10999 + n))
    customer = str(rng.randint(10000, 19999))
    ordered = _order_day(ctx)
    style = "medium_gb" if ctx["language"] == "en" else "num"
    place = ctx["place"]
    sender = (f'<div style="font-size:7pt;text-decoration:underline">{_e(ctx["legal_name"])} - {_e(ctx["seller_street"])} - '
              f'{_e(place[0])} {_e(place[1])}</div>')
    recipient = sender + "<br>".join(_buyer(ctx, person=rng.random() < 0.5))
    if ctx["buyer_vat"]:
        recipient += "<br>" + _e(words["buyer_vat"].format(ctx["buyer_vat"]))
    company = _seller(ctx) + [_e(words["phone"].format(ctx["phone"]))]
    if rng.random() < 0.6:
        company.append(_e(f"info@{blind._domain(ctx['seller'])}"))
    info = [words["customer"].format(customer), words["order"].format(order),
            words["order_date"].format(_day(ctx, ordered, style)), words["date"].format(_day(ctx, day, style))]
    if rng.random() < 0.3:
        info.append(words["delivery"].format(_day(ctx, day + dt.timedelta(days=rng.randint(1, 6)), style)))
    side = "<br>".join(company) + '<div style="margin-top:4mm">' + "<br>".join(_e(i) for i in info) + "</div>"
    if ctx["credit"]:
        headline = words["credit"].format(ctx["number"], str(rng.randint(1000, n)))
    else:
        headline = words["headline"].format(ctx["number"])
    products, shipping = _shipping(ctx)
    rows = [[str(i), _e(f"SW{_digits(rng, 5)}"), _e(line["desc"]), _qty(ctx, line["qty"]), _e(f"{line['rate']} %"),
             _m(ctx, line["unit"]), _m(ctx, line["amount"])] for i, line in enumerate(products, 1)]
    grid = _grid([words["position"], words["prod"], words["label"], words["qty"], words["tax"], words["unit"], words["total"]],
                 rows, align=["left", "left", "left", "center", "right", "right", "right"])
    if shipping:
        grid += _table([(words["shipping"], _m(ctx, shipping["amount"]))], width="100%", right=True)
    totals = [(words["net"], _m(ctx, ctx["ht"]))]
    totals += [(words["plus"].format(rate), _m(ctx, tax)) for rate, _b, tax in ctx["breakdown"]]
    totals.append((words["gross"], f'<b>{_m(ctx, ctx["ttc"])}</b>'))
    method = rng.choice(words["methods"])
    pay = [f"<b>{_e(words['method'])}</b> {_e(method)}", f"<b>{_e(words['shipping_method'])}</b> {_e(rng.choice(words['carriers']))}"]
    if rng.random() < 0.5:
        pay.append(_e(words["service"]))
    if rng.random() < 0.4:
        pay.append(_e(words["property"]))
    footer = [_e(ctx["legal_name"]), _e(ctx["seller_street"]), _e(f"{place[0]} {place[1]}")]
    if ctx["seller_vat"]:
        footer.append(_e(words["vat"].format(ctx["seller_vat"])))
    footer.append(f"{_e(words['bank'])}: {_bank(ctx)}")
    footer.append(f"{_e(words['ceo'])}: {_e(ctx['manager'])}")
    ctx["footer"] = " · ".join(footer)
    ctx["page_pattern"] = words["page"]
    return (_side(recipient, side, 58) + f'<h1 style="font-size:15pt;margin-top:8mm">{_e(headline)}</h1>' + grid
            + _side("", _table(totals, width="100%", right=True), 50) + '<p style="margin-top:4mm">' + "<br>".join(pay) + "</p>")


# ---------------------------------------------------------------------------
# OXID eShop
# ---------------------------------------------------------------------------


def _layout_oxid(ctx: dict) -> str:
    """OXID's invoice PDF (exportStandart): the shop's line and the billing address at the left, at the right the note
    to quote the customer's number on payment, the town and the billing date, the VAT number and the invoice's number;
    then the order's number in large type, « Bestellung vom … bei … », the articles, the sums, the greeting."""
    rng, day, place = ctx["bq_rng"], ctx["issue_day"], ctx["place"]
    n = rng.randint(1, 9999)
    ctx["number"] = str(n) if rng.random() < 0.6 else f"{day.year}{n:04d}"
    order = str(rng.randint(n + 1, n + 20000))
    customer = str(rng.randint(1000, 99999))
    ordered = _order_day(ctx)
    shop_line = (f'<div style="font-size:6pt">{_e(ctx["legal_name"])} - {_e(ctx["seller_street"])} - {_e(place[0])} - '
                 f'{_e(place[1])}</div>')
    left = shop_line + "<br>".join(_buyer(ctx, person=rng.random() < 0.4))
    right = [f'<div style="font-size:5pt">{_e(OXID["fill"])}</div>', f'<div style="font-size:7pt">{_e(OXID["customer"])} {_e(customer)}</div>',
             f'<div style="margin-top:14mm">{_e(place[1])}, {_e(_day(ctx, day))}</div>']
    if ctx["seller_vat"]:
        right.append(f"<div>{_e(OXID['vat'])} {_e(ctx['seller_vat'])}</div>")
    right.append(f"<div>{_e(OXID['number'])} {_e(ctx['number'])}</div>")
    top = _side(left, '<div style="text-align:right">' + "".join(right) + "</div>", 55)
    shop_url = f"www.{blind._domain(ctx['seller'])}"
    title = f"{OXID['order']} {order}" + (f"   {OXID['storno']}" if ctx["credit"] else "")
    heading = (f'<div style="font-size:12pt;margin-top:4mm">{_e(title)}</div>'
               f'<div>{_e(OXID["from"])}{_e(_day(ctx, ordered))}{_e(OXID["at"])}{_e(shop_url)}</div>')
    products, shipping = _shipping(ctx)
    rows = [[_qty(ctx, line["qty"]), _e(_digits(rng, 4)), _e(line["desc"]), _e(f"{line['rate']} %"), _m(ctx, line["unit"]),
             _m(ctx, line["amount"])] for line in products]
    grid = _grid([OXID["amount"], OXID["artid"], OXID["desc"], OXID["tax"], OXID["unit"], OXID["all"]], rows,
                 align=["left", "left", "left", "right", "right", "right"])
    goods = sum((line["amount"] for line in products), 0 * ctx["ht"]) - ctx["discount"]
    sums = [(OXID["net"], _m(ctx, goods))]
    if shipping:
        sums.append((OXID["delivery"], _m(ctx, shipping["amount"])))
    sums += [(OXID["plus"].format(rate.replace(".", ",")), _m(ctx, tax)) for rate, _b, tax in ctx["breakdown"]]
    sums.append((OXID["gross"], f'<b>{_m(ctx, ctx["ttc"])}</b>'))
    method = rng.choice(OXID["methods"])
    after = f'<p>{_e(OXID["payment"])} {_e(method)}</p>'
    if method == "Vorkasse":
        after += f"<p>{_bank(ctx)}</p>"
    after += f'<p>{_e(OXID["greetings"])}</p>'
    return top + heading + grid + _side("", _table(sums, width="100%", right=True), 50) + after


def _page(render):
    def draw(ctx: dict) -> str:
        ctx["bq_rng"] = random.Random(f"blind-boutique-page-{ctx['number']}-{ctx['legal_name']}")
        page = render(ctx)
        del ctx["bq_rng"]  # not a value of the invoice's context
        return page
    draw.__doc__ = render.__doc__
    return draw


blind.RENDER.update({"bq_presta": _page(_layout_presta), "bq_woo": _page(_layout_woo), "bq_magento": _page(_layout_magento),
                     "bq_shopware": _page(_layout_shopware), "bq_oxid": _page(_layout_oxid)})
