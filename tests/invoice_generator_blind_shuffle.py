"""Invoicing software's pages with their blocks shuffled (issue 13, branch shuffle-13h): blind seeds 111000–111999.

Our other families drew their pages from our own ideas. These take another source of variety: the invoice designs of
open-source invoicing programs (Invoice Ninja's PDF designs Bold/Business/Clean/Creative/Hipster/Modern/Plain/Playful/
Tech, InvoiceShelf's invoice1–3, Akaunting's classic/default/modern, laravel-invoices' default, Paymenter's invoice,
Bagisto's order PDF, Kimai's default, Sylius' invoicing plugin, sparksuite's and anvil's HTML templates) and, per seed:

- their blocks (header, parties, references, lines, totals, notes) in a shuffled order, two of them side by side at
  times (parties left or right, references beside the parties or beside the title);
- the references (number, dates, rival codes) in a random order and form: a grid (labels over values), « label: value »
  lines, label over value blocks, a two-column box, or the number in the title (« Facture #:id » of Paymenter);
- label wordings taken from the programs' translation files (Invoice Ninja ``lang/*/texts.php``; InvoiceShelf
  ``lang/*.json`` ``pdf_*``; Akaunting ``resources/lang/*/invoices.php``, ``general.php``; laravel-invoices
  ``lang/*/invoice.php``; Paymenter ``lang/*/invoices.php``; Bagisto ``Shop/src/Resources/lang/*/app.php``
  ``invoice-pdf``; Kimai ``translations/messages.*.xlf`` ``invoice.*``; Sylius ``translations/messages.*.yml``), in
  French most, English, German, Spanish, Italian;
- rival identifiers (order, customer, quote, delivery note, purchase order, project, reference, transaction), one or
  several VAT rates, credit notes, long descriptions, long invoices over two pages (the family's draws).

Labels are kept in this module (not added to the family's table): they are the programs' own words, shared with the
main generator at times. Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [SHUFFLE_FROM,
SHUFFLE_TO). Seeds 111000–111749 tune; 111750–111999 are the never-tuned quarter (measured, misses never read).
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator import grouped
from invoice_generator_blind import _e, _legal, _logo, _m, _qty, rate_text

SHUFFLE_FROM = 111_000
SHUFFLE_TO = 112_000
#: Seeds from here on are the never-tuned quarter: measured, never read.
HOLDOUT_FROM = 111_750
#: The designs whose look a page takes (its CSS: colours, borders, bands); the blocks are shuffled in every one.
LAYOUTS = ("sh_ninja_bold", "sh_ninja_clean", "sh_ninja_modern", "sh_ninja_plain", "sh_shelf", "sh_akaunting",
           "sh_laravel", "sh_sparksuite", "sh_anvil", "sh_kimai", "sh_paymenter", "sh_bagisto")
WEIGHTS = (0.6, 0.1, 0.1, 0.1, 0.1)  # fr, en, de, es, it
#: The programs whose translation files give the wordings (one per page).
SOFTWARE = ("ninja", "shelf", "akaunting", "laravel", "paymenter", "bagisto", "kimai", "sylius")
#: The program whose words a design prints first (its own), else another's.
OWN = {"sh_ninja_bold": "ninja", "sh_ninja_clean": "ninja", "sh_ninja_modern": "ninja", "sh_ninja_plain": "ninja",
       "sh_shelf": "shelf", "sh_akaunting": "akaunting", "sh_laravel": "laravel", "sh_sparksuite": "ninja",
       "sh_anvil": "akaunting", "sh_kimai": "kimai", "sh_paymenter": "paymenter", "sh_bagisto": "bagisto"}

# ---------------------------------------------------------------------------
# Wordings, per program and language, as their translation files print them. Keys: title, credit (credit note's
# title), number, credit_number, date, due, to, from, desc, qty, unit, amount, subtotal, tax, total, paid, balance,
# discount, vat; rivals « kind|label ». A program without a language's file falls back to Invoice Ninja's.
# ---------------------------------------------------------------------------

WORDS: dict[str, dict[str, dict[str, list[str]]]] = {
    "ninja": {  # invoiceninja lang/*/texts.php
        "fr": {"title": ["Facture"], "credit": ["Avoir"], "number": ["Numéro de facture", "Facture n°", "Numéro"],
               "credit_number": ["Numéro d'avoir"], "date": ["Date de facture", "Date"], "due": ["Date d'échéance"],
               "to": ["À", "Facturer à"], "from": ["De"], "desc": ["Description"], "qty": ["Quantité"],
               "unit": ["Coût unitaire"], "amount": ["Total", "Montant"], "subtotal": ["Sous-total", "Montant net"],
               "tax": ["Taxe", "Montant de la taxe", "Total des taxes"], "total": ["Montant total", "Total"],
               "paid": ["Payé à ce jour"], "balance": ["Montant dû", "Acompte à verser"], "discount": ["Remise"],
               "vat": ["Numéro de TVA"],
               "rivals": ["po|N° de Bon de Commande", "customer|Numéro de client", "quote|Devis numéro",
                          "delivery|Bon de livraison", "order|Numéro de commande", "project|Projet", "reference|Référence",
                          "customer|Numéro ID"]},
        "en": {"title": ["Invoice"], "credit": ["Credit Note", "Credit"], "number": ["Invoice Number", "Invoice No.", "Number"],
               "credit_number": ["Credit Number"], "date": ["Invoice Date", "Date"], "due": ["Due Date"],
               "to": ["To", "Client Name"], "from": ["From"], "desc": ["Description"], "qty": ["Quantity"],
               "unit": ["Price per unit"], "amount": ["Line Total", "Amount"], "subtotal": ["Subtotal", "Net Amount"],
               "tax": ["Tax", "Sales Tax", "Total Taxes"], "total": ["Invoice Total", "Total"], "paid": ["Paid to Date"],
               "balance": ["Balance Due", "Amount due", "Partial Due"], "discount": ["Discount"], "vat": ["VAT Number"],
               "rivals": ["po|PO Number", "customer|Client Number", "quote|Quote Number", "delivery|Delivery Note",
                          "order|Order Number", "project|Project", "reference|Reference", "customer|ID Number"]},
        "de": {"title": ["Rechnung"], "credit": ["Gutschrift"], "number": ["Rechnungsnummer", "Rechnung Nr.", "Nummer"],
               "credit_number": ["Gutschriftnummer"], "date": ["Rechnungsdatum", "Datum"], "due": ["Fälligkeitsdatum"],
               "to": ["An", "Kunde"], "from": ["Von"], "desc": ["Beschreibung"], "qty": ["Menge"], "unit": ["Einzelpreis"],
               "amount": ["Summe", "Betrag"], "subtotal": ["Zwischensumme", "Netto Betrag"],
               "tax": ["Steuer", "Steuerwert", "Gesamt Steuern"], "total": ["Rechnungsbetrag", "Gesamt"],
               "paid": ["Bereits gezahlt"], "balance": ["Offener Betrag", "Fälliger Betrag"], "discount": ["Rabatt"],
               "vat": ["USt-IdNr."],
               "rivals": ["po|Bestellnummer", "customer|Kundennummer", "quote|Angebotsnummer", "delivery|Lieferschein",
                          "project|Projekt", "reference|Referenz", "customer|Registernummer"]},
        "es": {"title": ["Factura"], "credit": ["Nota de Crédito"], "number": ["Número de Factura", "Factura #", "Número"],
               "credit_number": ["Número de Crédito"], "date": ["Fecha de Factura", "Fecha"], "due": ["Fecha de Pago"],
               "to": ["Para", "Nombre del Cliente"], "from": ["De"], "desc": ["Descripción"], "qty": ["Cantidad"],
               "unit": ["Coste unitario"], "amount": ["Total"], "subtotal": ["Subtotal", "Importe neto"],
               "tax": ["Impuesto", "Suma de Impuestos", "Impuestos Totales"], "total": ["Total Facturado", "Total"],
               "paid": ["Pagado"], "balance": ["Pendiente", "Importe a pagar"], "discount": ["Descuento"], "vat": ["CIF/NIF"],
               "rivals": ["po|Número de Orden", "customer|Cliente Número", "quote|Numero de cotización",
                          "delivery|Nota de Entrega", "order|Número de orden", "project|Proyecto", "reference|Referencia"]},
        "it": {"title": ["Fattura"], "credit": ["Nota di Credito"], "number": ["Numero Fattura", "Fattura N.", "Numero"],
               "credit_number": ["Numero Credito"], "date": ["Data Fattura", "Data"], "due": ["Scadenza"],
               "to": ["a", "Nome Cliente"], "from": ["Da"], "desc": ["Descrizione"], "qty": ["Quantità"],
               "unit": ["Costo unitario"], "amount": ["Totale riga", "Importo"], "subtotal": ["Subtotale", "Cifra al netto"],
               "tax": ["Tassa", "Importo tassa", "Totale Tasse"], "total": ["Totale Fattura", "Totale"],
               "paid": ["Pagato a oggi"], "balance": ["Totale da Pagare", "Saldo dovuto"], "discount": ["Sconto"],
               "vat": ["Partita IVA"],
               "rivals": ["po|Numero d'ordine d'acquisto", "customer|Numero Cliente", "quote|Numero Preventivo",
                          "delivery|Nota di consegna", "project|Progetto", "reference|Riferimento", "customer|Codice Fiscale"]},
    },
    "shelf": {  # InvoiceShelf lang/*.json (pdf_*, invoices.*)
        "fr": {"title": ["Facture"], "number": ["Numéro", "N°"], "date": ["Date"], "due": ["Date d'échéance"],
               "to": ["Facturer à"], "desc": ["Articles"], "qty": ["Quantité"], "unit": ["Prix"], "amount": ["Montant"],
               "subtotal": ["Sous-total", "Net"], "tax": ["Taxe"], "total": ["Total TTC"], "paid": ["Montant acquitté"],
               "balance": ["Montant dû"], "discount": ["Remise"], "vat": ["N° de TVA", "N° fiscal"],
               "rivals": ["reference|Référence", "reference|N° de référence"]},
        "en": {"title": ["Invoice"], "number": ["Invoice Number"], "date": ["Invoice Date"], "due": ["Due Date"],
               "to": ["Bill to,"], "desc": ["Items"], "qty": ["Quantity"], "unit": ["Price"], "amount": ["Amount"],
               "subtotal": ["Subtotal", "Net"], "tax": ["Tax"], "total": ["Total"], "paid": ["Amount Paid"],
               "balance": ["Amount Due"], "discount": ["Discount"], "vat": ["VAT-ID", "Tax-ID"],
               "rivals": ["reference|Ref Number", "quote|Estimate Number"]},
    },
    "akaunting": {  # Akaunting resources/lang/*/invoices.php, general.php
        "fr": {"number": ["Numéro de facture"], "date": ["Date de facturation"], "due": ["Date d'échéance"],
               "to": ["Destinataire"], "subtotal": ["Sous-total"], "total": ["Total"], "paid": ["Payé"],
               "balance": ["Montant dû"], "discount": ["Remise"], "vat": ["SIRET"],
               "rivals": ["order|Numéro de commande", "reference|Référence"]},
        "en": {"number": ["Invoice Number"], "date": ["Invoice Date"], "due": ["Due Date"], "to": ["Bill To"],
               "subtotal": ["Subtotal"], "total": ["Total"], "paid": ["Paid"], "balance": ["Amount due"],
               "discount": ["Discount"], "vat": ["Tax Number"], "rivals": ["order|Order Number", "reference|Reference"]},
        "de": {"number": ["Rechnungsnummer"], "date": ["Rechnungsdatum"], "due": ["Fälligkeitsdatum"], "to": ["Rechnung an"],
               "subtotal": ["Zwischensumme"], "total": ["Gesamt"], "paid": ["Bezahlt"], "balance": ["Fälliger Betrag"],
               "discount": ["Rabatt"], "vat": ["Steuernummer"], "rivals": ["order|Bestellnummer", "reference|Referenz"]},
        "es": {"number": ["Número de factura"], "date": ["Fecha de la factura"], "due": ["Fecha de vencimiento"],
               "to": ["Facturar a"], "subtotal": ["Subtotal"], "total": ["Total"], "paid": ["Pagado"],
               "balance": ["Importe pendiente"], "discount": ["Descuento"], "vat": ["NIF/CIF"],
               "rivals": ["order|N.º de pedido", "reference|Referencia"]},
        "it": {"number": ["Numero fattura"], "date": ["Data fattura"], "due": ["Data di scadenza"], "to": ["Fatturare a"],
               "subtotal": ["Subtotale"], "total": ["Totale"], "paid": ["Pagato"], "balance": ["Saldo dovuto"],
               "discount": ["Sconto"], "vat": ["Partita IVA"], "rivals": ["order|Numero d'ordine", "reference|Riferimento"]},
    },
    "laravel": {  # LaravelDaily/laravel-invoices lang/*/invoice.php
        "fr": {"title": ["Facture"], "number": ["Numéro de série"], "date": ["Date de facturation"],
               "due": ["Veuillez payer avant le"], "to": ["Acheteur"], "from": ["Vendeur"], "desc": ["Description"],
               "qty": ["Qté"], "unit": ["Prix"], "amount": ["Sous-total"], "subtotal": ["Montant taxable"],
               "tax": ["Montant total de la TVA"], "total": ["Montant total"], "paid": ["Payé"], "balance": ["Dû"],
               "discount": ["Remise totale"], "vat": ["Code TVA"], "rivals": ["customer|Code"]},
        "en": {"title": ["Invoice"], "number": ["Serial No."], "date": ["Invoice date"], "due": ["Please pay until"],
               "to": ["Buyer"], "from": ["Seller"], "desc": ["Description"], "qty": ["Qty"], "unit": ["Price"],
               "amount": ["Sub total"], "subtotal": ["Taxable amount"], "tax": ["Total taxes"], "total": ["Total amount"],
               "paid": ["Paid"], "balance": ["Due"], "discount": ["Total discount"], "vat": ["VAT code"],
               "rivals": ["customer|Code"]},
        "de": {"title": ["Rechnung"], "number": ["Rechnungsnr."], "date": ["Rechnungsdatum"],
               "due": ["Bitte zahlen Sie bis zum"], "to": ["Käufer"], "from": ["Verkäufer"], "desc": ["Beschreibung"],
               "qty": ["Menge"], "unit": ["Preis"], "amount": ["Gesamt"], "subtotal": ["Steuerpflichtiger Betrag"],
               "tax": ["Steuern gesamt"], "total": ["Rechnungsbetrag"], "paid": ["Bezahlt"], "balance": ["Fällig"],
               "discount": ["Rabatt gesamt"], "vat": ["Steuer-Nr."], "rivals": ["customer|Kundennr."]},
        "es": {"title": ["Factura"], "number": ["No. Serial"], "date": ["Fecha de la factura"],
               "due": ["Favor pagar antes de"], "to": ["Comprador"], "from": ["Vendedor"], "desc": ["Descripción"],
               "qty": ["Cant."], "unit": ["Precio"], "amount": ["Sub total"], "subtotal": ["Cantidad base"],
               "tax": ["Impuestos totales"], "total": ["Cantidad total"], "paid": ["Pagado"], "balance": ["Programado"],
               "discount": ["Total descuento"], "vat": ["Código VAT"], "rivals": ["customer|Código"]},
        "it": {"title": ["Fattura"], "number": ["Numero di serie"], "date": ["Data fattura"], "to": ["Acquirente"],
               "from": ["Emittente"], "desc": ["Descrizione"], "qty": ["Quantità"], "unit": ["Prezzo"],
               "amount": ["Totale parziale"], "subtotal": ["Importo imponibile"], "tax": ["Imposte totali"],
               "discount": ["Sconto totale"], "vat": ["Partita IVA"], "rivals": ["customer|Codice"]},
    },
    "paymenter": {  # Paymenter lang/*/invoices.php (« Facture #:id »: the number in the title)
        "fr": {"title": ["Facture #{}"], "number": ["N° de facture"], "date": ["Date de facturation"],
               "to": ["Facturé à"], "from": ["Émis par"], "desc": ["Articles", "Produit"], "qty": ["Quantité"],
               "unit": ["Prix unitaire"], "amount": ["Total"], "subtotal": ["Sous-total"], "total": ["Total"],
               "paid": ["Payé"], "vat": ["Numéro de TVA"], "rivals": ["transaction|ID de la transaction", "siren|Numéro de SIREN"]},
        "en": {"title": ["Invoice #{}"], "number": ["Invoice No."], "date": ["Invoice Date"], "to": ["Issued to"],
               "from": ["Bill to"], "desc": ["Item", "Product"], "qty": ["Quantity"], "unit": ["Unit price"],
               "amount": ["Total"], "subtotal": ["Subtotal"], "total": ["Total"], "paid": ["Paid"], "vat": ["Tax ID"],
               "rivals": ["transaction|Transaction ID", "customer|Company ID"]},
        "de": {"title": ["Rechnung #{}"], "number": ["Rechnungsnummer"], "date": ["Rechnungsdatum"],
               "to": ["Ausgestellt auf"], "from": ["Rechnung zu bezahlen an"], "desc": ["Artikel", "Produkt"],
               "qty": ["Menge"], "unit": ["Einzelpreis"], "amount": ["Gesamt"], "subtotal": ["Zwischensumme"],
               "total": ["Gesamt"], "paid": ["Bezahlt"], "vat": ["Steuer-ID"],
               "rivals": ["transaction|Transaktions-ID", "customer|Unternehmens-ID"]},
        "es": {"title": ["Factura #{}"], "number": ["Número de factura"], "date": ["Fecha de factura"],
               "to": ["Emitida a"], "from": ["Facturar a"], "desc": ["Artículo", "Producto"], "qty": ["Cantidad"],
               "unit": ["Precio unitario"], "amount": ["Total"], "subtotal": ["Subtotal"], "total": ["Total"],
               "paid": ["Pagado"], "vat": ["Número de identificación fiscal"],
               "rivals": ["transaction|Núm. de la transacción", "customer|ID de la compañía"]},
    },
    "bagisto": {  # Bagisto Shop/src/Resources/lang/*/app.php invoice-pdf
        "fr": {"title": ["Facture"], "number": ["ID de la facture"], "date": ["Date de la facture"], "to": ["Facturé à"],
               "desc": ["Nom du produit"], "qty": ["Quantité"], "unit": ["Prix"], "amount": ["Sous-total"],
               "subtotal": ["Sous-total", "Sous-total (Hors taxe)"], "tax": ["Taxe", "Montant de la taxe"],
               "total": ["Total général"], "discount": ["Remise"], "vat": ["Numéro de TVA"],
               "rivals": ["order|ID de la commande", "orderdate|Date de la commande", "customer|Numéro de contact"]},
        "en": {"title": ["Invoice"], "number": ["Invoice ID"], "date": ["Invoice Date"], "to": ["Bill to"],
               "desc": ["Product Name"], "subtotal": ["Subtotal"], "tax": ["Tax"], "total": ["Grand Total"],
               "vat": ["Vat Number"], "rivals": ["order|Order ID", "orderdate|Order Date"]},
        "de": {"title": ["Rechnung"], "number": ["Rechnungsnummer"], "date": ["Rechnungsdatum"], "to": ["Rechnung an"],
               "subtotal": ["Zwischensumme"], "tax": ["MwSt."], "total": ["Gesamtsumme"], "vat": ["USt-IdNr."],
               "rivals": ["order|Bestellnummer", "orderdate|Bestelldatum"]},
        "es": {"title": ["Factura"], "number": ["ID de Factura"], "date": ["Fecha de la Factura"], "to": ["Facturar a"],
               "subtotal": ["Subtotal"], "tax": ["Impuestos"], "total": ["Total General"], "vat": ["Número de IVA"],
               "rivals": ["order|ID de Pedido", "orderdate|Fecha del Pedido"]},
        "it": {"title": ["Fattura"], "number": ["ID Fattura"], "date": ["Data Fattura"], "to": ["Fatturato a"],
               "subtotal": ["Subtotale"], "tax": ["Imposta"], "total": ["Totale complessivo"],
               "vat": ["Numero di Partita IVA"], "rivals": ["order|ID Ordine", "orderdate|Data Ordine"]},
    },
    "kimai": {  # Kimai translations/messages.*.xlf invoice.*
        "fr": {"number": ["Numéro de facture"], "date": ["Date"], "to": ["À"], "from": ["De"], "subtotal": ["Total HT"],
               "tax": ["Taxe"], "total": ["Total TTC"], "rivals": ["service|Date du service", "orderdate|Date de commande"]},
        "en": {"number": ["Invoice number"], "date": ["Date"], "to": ["To"], "from": ["From"], "subtotal": ["Subtotal"],
               "tax": ["Tax"], "total": ["Total"], "rivals": ["service|Service date"]},
        "de": {"number": ["Rechnungsnummer"], "date": ["Datum"], "to": ["An"], "from": ["Von"],
               "subtotal": ["Rechnungsbetrag (netto)"], "tax": ["Umsatzsteuer"], "total": ["Rechnungsendbetrag"],
               "rivals": ["service|Leistungsdatum"]},
        "es": {"number": ["Número de factura"], "date": ["Fecha"], "to": ["Para"], "from": ["De"],
               "subtotal": ["Total parcial"], "tax": ["Impuesto"], "total": ["Total"], "rivals": ["service|Fecha de servicio"]},
        "it": {"number": ["Numero di fattura"], "date": ["Data"], "to": ["A"], "from": ["Da"], "subtotal": ["Subtotale"],
               "tax": ["Imposta"], "total": ["Totale"], "rivals": ["service|Data del servizio"]},
    },
    "sylius": {  # Sylius InvoicingPlugin translations/messages.*.yml (its « invoice_id » is never printed on the PDF)
        "fr": {"title": ["Facture"], "number": ["Numéro de facture"], "date": ["Émise le"],
               "rivals": ["order|Émise pour la commande"]},
        "en": {"title": ["Invoice"], "number": ["Invoice number"], "date": ["Issued at"],
               "rivals": ["order|Issued for order"]},
        "de": {"title": ["Rechnung"], "number": ["Rechnungsnummer"], "date": ["Ausgestellt am"],
               "rivals": ["order|Ausgestellt für Bestellung"]},
    },
}
#: The rivals every page may print beside the program's own (Invoice Ninja's words, as the fallback).
TAX_WORD = {"fr": "TVA", "en": "VAT", "de": "MwSt.", "es": "IVA", "it": "IVA"}
#: Long descriptions' second line (a detail under the article), per language.
DETAILS = {
    "fr": ["Intervention sur site, déplacement compris", "Forfait mensuel selon contrat cadre", "Conditionnement par carton de 12",
           "Prestation réalisée par notre équipe technique", "Selon devis accepté, hors fournitures"],
    "en": ["On-site service, travel included", "Monthly fee under the framework agreement", "Packed in boxes of 12"],
    "de": ["Vor-Ort-Service inkl. Anfahrt", "Monatliche Pauschale laut Rahmenvertrag", "Verpackt in Kartons zu 12"],
    "es": ["Servicio in situ, desplazamiento incluido", "Cuota mensual según contrato marco", "Embalado en cajas de 12"],
    "it": ["Intervento in loco, trasferta inclusa", "Canone mensile da contratto quadro", "Confezionato in scatole da 12"],
}
NOTES = {"fr": "Notes", "en": "Notes", "de": "Notizen", "es": "Notas", "it": "Note"}  # laravel-invoices « notes »
TERMS = {"fr": "Modalités de paiement", "en": "Terms of payment", "de": "Zahlungsziel", "es": "Términos de Pago",
         "it": "Termini di Pagamento"}  # Bagisto invoice-pdf « payment-terms »
BANK = {"fr": "Coordonnées bancaires", "en": "Bank Details", "de": "Bankverbindung", "es": "Datos bancarios",
        "it": "Coordinate bancarie"}  # Bagisto invoice-pdf « bank-details »
PAGE = {"fr": "Page", "en": "Page", "de": "S.", "es": "Página n.º", "it": "Foglio"}  # laravel-invoices « page »


def label_strings() -> set[str]:
    """Every wording of this module (for the tests that compare families' wordings)."""
    return {text.split("|")[-1] for langs in WORDS.values() for words in langs.values() for variants in words.values()
            for text in variants}


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [SHUFFLE_FROM, SHUFFLE_TO)): the family's draws, this module's page and number."""
    layout, language = blind.module_draw("shuffle", seed, LAYOUTS, WEIGHTS)
    return blind.numbered_invoice(seed, language, layout)


# ---------------------------------------------------------------------------
# Pieces
# ---------------------------------------------------------------------------


def _words(ctx: dict, key: str) -> str:
    """A wording of ``key`` from the page's program (its language's file), else Invoice Ninja's."""
    own = WORDS[ctx["sh_soft"]].get(ctx["language"], {})
    choices = own.get(key) or WORDS["ninja"][ctx["language"]][key]
    return ctx["sh_rng"].choice(choices)


def _cased(ctx: dict, label: str) -> str:
    roll = ctx["sh_rng"].random()
    return label.upper() if roll < 0.15 else label


def _number_shape(ctx: dict) -> str:
    """The number as the programs number their invoices (Invoice Ninja « 0042 », InvoiceShelf « INV-000042 », Akaunting
    « INV-00042 », Paymenter's id « 1234 », Sylius « 2026/01/000042 »), or the family's own."""
    rng, day = ctx["sh_rng"], ctx["issue_day"]
    n = rng.randint(1, 9999)
    prefix = {"fr": ["FA", "F", "FAC"], "en": ["INV"], "de": ["RE"], "es": ["FV"], "it": ["FT"]}[ctx["language"]]
    if ctx["credit"]:
        prefix = {"fr": ["AV"], "en": ["CN"], "de": ["GS"], "es": ["R"], "it": ["NC"]}[ctx["language"]]
    return rng.choice([ctx["number"], ctx["number"], f"{n:04d}", f"{rng.choice(prefix)}-{n:06d}", f"{rng.choice(['INV', *prefix])}-{n:05d}",
                       f"{rng.randint(100, 9999)}", f"{day.year}/{day.month:02d}/{n:06d}", f"{day.year}-{n:04d}"])


def _rival_value(ctx: dict, kind: str) -> str:
    rng, number = ctx["sh_rng"], ctx["number"]
    digits = lambda count: "".join(str(rng.randint(0, 9)) for _ in range(count))  # noqa: E731
    if kind == "orderdate":
        return blind.date_text(ctx["issue_day"] - blind.dt.timedelta(days=rng.randint(1, 20)), ctx["language"], "num", 0)
    if kind == "service":
        return blind.date_text(ctx["issue_day"] - blind.dt.timedelta(days=rng.randint(0, 12)), ctx["language"], "num", 0)
    if kind == "siren":
        return ctx["siren"] or digits(9)
    if kind == "transaction":
        return rng.choice([f"pi_{digits(4)}{rng.choice('ABCDEFGH')}{digits(8)}", f"ch_{digits(12)}", digits(10)])
    if rng.random() < 0.4:  # shaped like the number, other digits
        return "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in number)
    head = {"po": ["PO-", "BC-", ""], "customer": ["C", "CL-", ""], "quote": ["DEV-", "Q-", "EST-"], "delivery": ["BL-", "DN-"],
            "order": ["#", "CMD-", "SO-", ""], "project": ["PRJ-", ""], "reference": ["REF-", ""]}.get(kind, [""])
    return f"{rng.choice(head)}{digits(rng.choice([3, 4, 5, 6]))}"


def _rivals(ctx: dict) -> list[tuple[str, str]]:
    """0 to 4 rival codes: the program's own rivals first, Invoice Ninja's after, each kind once."""
    rng = ctx["sh_rng"]
    own = WORDS[ctx["sh_soft"]].get(ctx["language"], {}).get("rivals", [])
    pool = list(own) + rng.sample(WORDS["ninja"][ctx["language"]]["rivals"], len(WORDS["ninja"][ctx["language"]]["rivals"]))
    count, seen, pairs = rng.choice([0, 1, 1, 2, 2, 3, 4]), set(), []
    for entry in pool:
        kind, label = entry.split("|")
        if kind in seen or len(pairs) >= count or (kind == "siren" and ctx["language"] != "fr"):
            continue
        seen.add(kind)
        pairs.append((_cased(ctx, label), _rival_value(ctx, kind)))
    return pairs


def _meta_pairs(ctx: dict, *, with_number: bool = True) -> list[tuple[str, str]]:
    rng = ctx["sh_rng"]
    number_key = "credit_number" if ctx["credit"] and rng.random() < 0.7 else "number"
    pairs = [(_cased(ctx, _words(ctx, "date")), ctx["issue"])]
    if ctx["due"] and rng.random() < 0.85:
        pairs.append((_cased(ctx, _words(ctx, "due")), ctx["due"]))
    pairs += _rivals(ctx)
    rng.shuffle(pairs)
    if with_number:
        sign = rng.choice(["", "", "", "#"])
        pairs.insert(0 if rng.random() < 0.5 else rng.randrange(len(pairs) + 1),
                     (_cased(ctx, _words(ctx, number_key)), f"{sign}{ctx['number']}"))
    return pairs


def _meta(ctx: dict, pairs: list[tuple[str, str]], form: str) -> str:
    colour, rng = ctx["colour"], ctx["sh_rng"]
    if not pairs:
        return ""
    if form == "grid":
        head = "".join(f'<th style="text-align:left;padding:2pt 6pt;background:{ctx["sh_band"]};color:{ctx["sh_band_text"]};'
                       f'font-size:0.85em">{_e(k)}</th>' for k, _v in pairs)
        vals = "".join(f'<td style="padding:2pt 6pt;border-bottom:0.5pt solid #bbb">{_e(v)}</td>' for _k, v in pairs)
        return f'<table style="margin-top:3mm"><tr>{head}</tr><tr>{vals}</tr></table>'
    if form == "colon":
        sep = rng.choice([": ", " : ", " "])
        return '<div style="margin-top:2mm;line-height:1.45">' + "<br>".join(
            f'<span class="muted">{_e(k)}{_e(sep.rstrip()) if sep != " " else ""}</span> {_e(v)}' for k, v in pairs) + "</div>"
    if form == "over":
        cells = "".join(f'<td style="padding:0 7mm 2mm 0;vertical-align:top"><div class="muted" style="font-size:0.8em">{_e(k)}</div>'
                        f'<div class="strong">{_e(v)}</div></td>' for k, v in pairs)
        if len(pairs) > 3 and rng.random() < 0.5:  # stacked in one column
            cells = "".join(f'<tr><td style="padding:0 0 2mm 0"><div class="muted" style="font-size:0.8em">{_e(k)}</div>'
                            f'<div class="strong">{_e(v)}</div></td></tr>' for k, v in pairs)
            return f'<table style="margin-top:2mm">{cells}</table>'
        return f'<table style="margin-top:2mm"><tr>{cells}</tr></table>'
    # « box »: two columns, labels left, values right, a border as Invoice Ninja's entity tables
    border = f"border:0.8pt solid {colour};" if rng.random() < 0.5 else ""
    rows = "".join(f'<tr><td style="padding:1.5pt 6pt" class="strong">{_e(k)}</td>'
                   f'<td style="padding:1.5pt 6pt;text-align:right">{_e(v)}</td></tr>' for k, v in pairs)
    return f'<table style="margin-top:2mm;{border}">{rows}</table>'


def _party(ctx: dict, who: str) -> str:
    rng = ctx["sh_rng"]
    head = ""
    if who == "seller":
        if (rng.random() < 0.5 and WORDS[ctx["sh_soft"]].get(ctx["language"], {}).get("from")) or rng.random() < 0.3:
            head = f'<div class="muted" style="text-transform:uppercase;font-size:0.8em">{_e(_words(ctx, "from"))}</div>'
        place = ctx["place"]
        lines = [ctx["seller_street"], f"{place[0]} {place[1]}"]
        extra = []
        if ctx["seller_vat"] and rng.random() < 0.5:
            extra.append(f"{_e(_words(ctx, 'vat'))}: {_e(ctx['seller_vat'])}")
        if rng.random() < 0.6:
            extra.append(_e(ctx["phone"]))
        name = ctx["legal_name"]
    else:
        if rng.random() < 0.85:
            head = f'<div class="muted" style="font-size:0.85em">{_e(_cased(ctx, _words(ctx, "to")))}</div>'
        place = ctx["buyer_place"]
        lines = [ctx["buyer_street"], f"{place[0]} {place[1]}"]
        extra = [f"{_e(_words(ctx, 'vat'))}: {_e(ctx['buyer_vat'])}"] if ctx["buyer_vat"] else []
        name = ctx["buyer"]
    body = "<br>".join([f'<span class="strong">{_e(name)}</span>', *(_e(line) for line in lines), *extra])
    return f'<div style="margin-top:2mm">{head}{body}</div>'


def _side(left: str, right: str, *, width: int = 50) -> str:
    return (f'<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:{width}%">{left}</td>'
            f'<td style="vertical-align:top">{right}</td></tr></table>')


def _lines(ctx: dict) -> str:
    rng, language = ctx["sh_rng"], ctx["language"]
    rate_column = len(ctx["breakdown"]) > 1 or rng.random() < 0.3
    keys = ["desc", "qty", "unit"] + (["rate"] if rate_column else []) + ["amount"]
    if rng.random() < 0.2:
        keys = ["desc", "unit", "qty"] + keys[3:]
    words = {key: _words(ctx, key) for key in ("desc", "qty", "unit", "amount")}
    words["rate"] = f"{TAX_WORD[language]} %" if rng.random() < 0.5 else _words(ctx, "tax")
    band = rng.random() < 0.5
    style = (f"background:{ctx['sh_band']};color:{ctx['sh_band_text']};" if band else f"border-bottom:1.2pt solid {ctx['colour']};")
    head = "".join(f'<th style="{style}padding:3pt 4pt;text-align:{"left" if k == "desc" else "right"}">{_e(words[k])}</th>'
                   for k in keys)
    long = rng.random() < 0.3
    rows = []
    for line in ctx["lines"]:
        desc = _e(line["desc"])
        if long and rng.random() < 0.6:
            desc += f'<br><span class="muted">{_e(rng.choice(DETAILS[language]))}</span>'
        cells = {"desc": desc, "qty": _qty(ctx, line["qty"]), "unit": _m(ctx, line["unit"], rng.random() < 0.3),
                 "rate": _e(rate_text(line["rate"], language)), "amount": _m(ctx, line["amount"], rng.random() < 0.3)}
        rows.append("<tr>" + "".join(f'<td style="padding:2pt 4pt;border-bottom:0.3pt solid #ddd;vertical-align:top;'
                                     f'text-align:{"left" if k == "desc" else "right"}">{cells[k]}</td>' for k in keys) + "</tr>")
    return f'<table style="width:100%;margin-top:5mm"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _total_rows(ctx: dict) -> list[tuple[str, str, bool]]:
    rng, language, rows = ctx["sh_rng"], ctx["language"], []
    rows.append((_words(ctx, "subtotal"), _m(ctx, ctx["gross"] if ctx["discount_pct"] else ctx["ht"]), False))
    if ctx["discount_pct"]:
        rows.append((f"{_words(ctx, 'discount')} ({ctx['discount_pct']}%)", _m(ctx, -ctx["discount"]), False))
    if len(ctx["breakdown"]) > 1 or rng.random() < 0.5:  # one row per rate: « TVA 20 % », « Taxe (20%) »
        word = rng.choice([TAX_WORD[language], _words(ctx, "tax")])
        shape = rng.choice(["{} {}", "{} ({})", "{} {} :"])
        for rate, _base, tax in ctx["breakdown"]:
            rows.append((shape.format(word, rate_text(rate, language)), _m(ctx, tax), False))
    else:
        rows.append((_words(ctx, "tax"), _m(ctx, ctx["tva"]), False))
    rows.append((_words(ctx, "total"), _m(ctx, ctx["ttc"]), True))
    if ctx["deposit"]:
        rows.append((_words(ctx, "paid"), _m(ctx, -ctx["deposit"] if rng.random() < 0.5 else ctx["deposit"]), False))
        rows.append((_words(ctx, "balance"), _m(ctx, ctx["ttc"] - ctx["deposit"]), True))
    elif rng.random() < 0.35:  # Invoice Ninja prints « Payé à ce jour 0,00 » and « Montant dû » on every invoice
        rows.append((_words(ctx, "paid"), _m(ctx, 0 * ctx["ttc"]), False))
        rows.append((_words(ctx, "balance"), _m(ctx, ctx["ttc"]), True))
    return rows


def _totals(ctx: dict) -> str:
    rng = ctx["sh_rng"]
    rows = _total_rows(ctx)
    last = max(i for i, (_l, _v, strong) in enumerate(rows) if strong)
    out = []
    for index, (label, value, strong) in enumerate(rows):
        style = f"background:{ctx['sh_band']};color:{ctx['sh_band_text']};" if index == last and ctx["sh_band_total"] else ""
        weight = "font-weight:bold;" if strong else ""
        out.append(f'<tr><td style="{style}{weight}padding:2pt 8pt">{_e(label)}</td>'
                   f'<td style="{style}{weight}padding:2pt 8pt;text-align:right">{value}</td></tr>')
    width = rng.choice(["45%", "55%", "auto"])
    align = "margin-left:auto;" if rng.random() < 0.8 else ""
    return f'<table style="{align}margin-top:4mm;width:{width}">{"".join(out)}</table>'


def _notes(ctx: dict) -> str:
    rng, language, out = ctx["sh_rng"], ctx["language"], []
    labels = blind.LABELS[language]
    if ctx["reverse"]:
        out.append(_e(rng.choice(labels["reverse"])))
    if ctx["credit"]:
        number, day = ctx["origin"]
        out.append(f"{_e(rng.choice(labels['origin']))} {_e(number)} {_e(rng.choice(labels['origin_date']).format(day))}")
    if rng.random() < 0.6:
        out.append(f'<span class="strong">{_e(TERMS[language] if rng.random() < 0.5 else NOTES[language])}</span><br>'
                   f'{_e(rng.choice(labels["terms"]))}')
    if rng.random() < 0.8:
        out.append(f'<span class="strong">{_e(BANK[language])}</span><br>IBAN {_e(grouped(ctx["iban"]))} – BIC {_e(ctx["bic"])}')
    return "".join(f'<p style="margin:2mm 0">{line}</p>' for line in out)


def _header(ctx: dict, title: str, meta: str | None) -> str:
    """The title and the seller's name (a logo beside at times), the references at the right when given."""
    rng = ctx["sh_rng"]
    name_shown = rng.random() < 0.7
    left = _logo(ctx) + (f'<div class="strong" style="font-size:{rng.choice([13, 15, 17])}pt">{_e(ctx["legal_name"])}</div>'
                         if name_shown else "")
    big = f'<div style="font-size:{rng.choice([18, 22, 26])}pt;font-weight:bold;color:{ctx["colour"]}">{_e(title)}</div>'
    ctx["sh_name_shown"] = name_shown
    if ctx["sh_band_head"]:
        left = f'<div style="background:{ctx["sh_band"]};color:{ctx["sh_band_text"]};padding:4mm">{left}{big}</div>'
        return left + (meta or "")
    right = big + (meta or "")
    if rng.random() < 0.5:
        left, right = right, left
    return _side(left, right, width=rng.choice([45, 50, 60]))


def _layout(ctx: dict) -> str:
    """A program's page: its blocks shuffled, its references in a form of the seed, its words."""
    rng = random.Random(f"blind-shuffle-page-{ctx['number']}-{ctx['legal_name']}")
    layout = ctx["sh_layout"]
    ctx["sh_rng"] = rng
    ctx["sh_soft"] = OWN[layout] if rng.random() < 0.6 else rng.choice(SOFTWARE)
    look = {"sh_ninja_bold": ("#1f2937", "white", True, True), "sh_ninja_clean": ("#f3f4f6", "#111", False, False),
            "sh_ninja_modern": (ctx["colour"], "white", True, True), "sh_ninja_plain": ("#e5e7eb", "#111", False, False),
            "sh_shelf": ("#f9fbff", "#55547a", False, False), "sh_akaunting": ("#eef0f6", "#333", False, True),
            "sh_laravel": ("#f2f2f2", "#111", False, False), "sh_sparksuite": ("#eee", "#111", False, False),
            "sh_anvil": ("#f7f7f7", "#111", False, False), "sh_kimai": ("#f0f0f0", "#111", False, True),
            "sh_paymenter": ("#1e293b", "white", False, True), "sh_bagisto": ("#e9efef", "#111", False, False)}[layout]
    ctx["sh_band"], ctx["sh_band_text"], head_band, ctx["sh_band_total"] = look
    ctx["sh_band_head"] = head_band and rng.random() < 0.7
    ctx["number"] = _number_shape(ctx)
    title_key = "credit" if ctx["credit"] else "title"
    title = _words(ctx, title_key) if title_key in WORDS[ctx["sh_soft"]].get(ctx["language"], {}) or ctx["credit"] \
        else WORDS["ninja"][ctx["language"]]["title"][0]
    in_title = "{}" in title
    if in_title:
        title = title.format(ctx["number"])
    elif rng.random() < 0.12:  # the number glued to the title (« Facture FA-… »), as some designs print it
        title, in_title = f"{title} {ctx['number']}", True
    title = title.upper() if rng.random() < 0.3 else title
    form = rng.choice(["grid", "colon", "over", "box"])
    meta = _meta(ctx, _meta_pairs(ctx, with_number=not in_title or rng.random() < 0.4), form)
    meta_in_head = rng.random() < 0.45
    blocks = {"head": _header(ctx, title, meta if meta_in_head else None)}
    seller, buyer = _party(ctx, "seller"), _party(ctx, "buyer")
    place = rng.choice(["side", "side", "stack", "meta"])
    if not ctx["sh_name_shown"] or rng.random() < 0.6:
        if place == "meta" and not meta_in_head:
            blocks["parties"] = _side(seller, "", width=55) + _side(buyer, meta, width=55) if rng.random() < 0.5 \
                else _side(meta, buyer + seller)
            meta = ""
        elif place == "stack":
            blocks["parties"] = seller + buyer
        else:
            blocks["parties"] = _side(*((seller, buyer) if rng.random() < 0.6 else (buyer, seller)))
    else:  # the seller's name in the header is its block; the buyer's alone
        blocks["parties"] = _side(buyer, "") if rng.random() < 0.5 else _side("", buyer)
    if not meta_in_head and meta:
        blocks["meta"] = meta
    blocks["lines"], blocks["totals"], blocks["notes"] = _lines(ctx), _totals(ctx), _notes(ctx)
    top = [key for key in ("head", "parties", "meta") if key in blocks]
    rng.shuffle(top)
    if rng.random() < 0.5 and top[0] != "head":  # the header first, as most designs print it
        top.remove("head")
        top.insert(0, "head")
    tail = ["lines", "totals", "notes"]
    if rng.random() < 0.12:
        tail = ["totals", "lines", "notes"]  # a summary above the detail
    elif rng.random() < 0.15:
        tail = ["notes", "lines", "totals"]
    ctx["footer"] = _legal(ctx) if rng.random() < 0.75 else ""
    ctx["page_pattern"] = f"{PAGE[ctx['language']]} {{}} / {{}}"
    page = "".join(blocks[key] for key in top + tail)
    del ctx["sh_rng"]  # not a value of the invoice's context
    return page


def _page(layout: str):
    def render(ctx: dict) -> str:
        ctx["sh_layout"] = layout
        return _layout(ctx)
    render.__doc__ = f"{layout}: {_layout.__doc__}"
    return render


blind.RENDER.update({layout: _page(layout) for layout in LAYOUTS})
