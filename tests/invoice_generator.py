"""Generated invoices with their truth: a development set much wider than the corpus.

Seeded and deterministic: ``make_invoice(seed, part)`` always gives the same invoice.
Each invoice varies in language (French mostly, then English, German, Spanish,
Italian), layout, label wording, column order, font, logo, number and date formats,
one or several VAT rates, credit notes, page count and the shape of the seller's
name. It is rendered to a text-layer PDF (WeasyPrint) and, by :func:`degrade`, to
scans (image-only PDFs at 150-300 dpi with noise, skew, blur, JPEG) and phone photos.

Two parts that share nothing but the generator's code:

- ``tuning``: the layouts and wordings the rules may be tuned on;
- ``heldout``: other layouts, other wordings, other seeds. Measure on it, never tune on it
  (``tests/bench_readings.py``).
- ``fresh``: a third family written at once before the rules of its session were tuned (layouts of
  common billing software and letter templates, its own label wordings; other wordings as ``heldout``),
  with the wider formats of :data:`WIDE_PARTS`. Never tuned on until the session of 2026-12-05 (third),
  which looked at its misses: since then a tuning family, reported apart.

Run ``python tests/invoice_generator.py OUT --part heldout --count 20 --kinds text,scan200``
to write files with a ``.json`` truth beside each (for ``guichet extract`` by hand).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import random
import re
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

PARTS = ("tuning", "heldout", "fresh")
LANGUAGES = ("fr", "en", "de", "es", "it")
#: Share of each language in a generated set.
LANGUAGE_WEIGHTS = (0.6, 0.1, 0.1, 0.1, 0.1)
#: Kinds of file: the PDF itself (text layer) and degraded copies (OCR).
KINDS = ("text", "scan200", "scan150", "scan300", "photo")
_SEED_BASE = {"tuning": 0, "heldout": 7_000_000, "fresh": 9_000_000}
#: Parts drawn with the wider formats (dates with abbreviated months or two-digit years, ISO dates, amounts
#: grouped by non-breaking spaces, carried totals): ``heldout`` stays as first measured, for comparison.
WIDE_PARTS = ("tuning", "fresh")
CENT = Decimal("0.01")


@dataclass
class Truth:
    """What the invoice says, as ``guichet extract --json`` should read it."""

    invoice_number: str
    issue_date: str
    due_date: str | None
    document_type_code: str
    currency: str
    seller_name: str
    seller_siren: str | None
    seller_vat_id: str | None
    buyer_name: str
    total_without_tax: str
    total_tax: str
    total_with_tax: str
    iban: str | None
    language: str
    layout: str
    part: str
    seed: int
    pages: int = 1
    vat_rates: list[str] = field(default_factory=list)
    amount_due: str | None = None  # when a deposit was paid: the balance (else the grand total is due)


# ---------------------------------------------------------------------------
# Wordings: per language and part. The held-out wordings are never in the tuning part.
# ---------------------------------------------------------------------------

WORDINGS: dict[str, dict[str, dict[str, list[str]]]] = {
    "fr": {
        "title": {"tuning": ["FACTURE", "Facture"], "heldout": ["FACTURE", "Facture"]},
        "credit_title": {"tuning": ["AVOIR", "Facture d'avoir"], "heldout": ["AVOIR", "Note de crédit"]},
        "number": {"tuning": ["Facture n°", "N° de facture", "Numéro de facture", "Numéro"],
                   "heldout": ["N° facture", "Facture numéro", "Réf. facture", "N°"]},
        "credit_number": {"tuning": ["Avoir n°", "N° d'avoir"], "heldout": ["Numéro d'avoir", "Avoir N°"]},
        "date": {"tuning": ["Date de facture", "Date d'émission", "Date"],
                 "heldout": ["Date de facturation", "Émise le", "Date facture", "Le"]},
        "due": {"tuning": ["Date d'échéance", "Échéance"],
                "heldout": ["À payer avant le", "Date limite de paiement", "Payable le"]},
        "ht": {"tuning": ["Total HT", "Montant HT", "Sous-total HT"],
               "heldout": ["Total hors taxes", "Base HT", "Montant total HT", "Total H.T."]},
        "tva": {"tuning": ["TVA", "Total TVA", "Montant TVA"], "heldout": ["T.V.A.", "Montant de la TVA", "Total T.V.A."]},
        "ttc": {"tuning": ["Total TTC", "Montant TTC", "Net à payer"],
                "heldout": ["Total T.T.C.", "Montant total TTC", "Total à payer", "Net à payer TTC"]},
        "rate_row": {"tuning": ["TVA {rate}"], "heldout": ["TVA à {rate}"]},
        "buyer": {"tuning": ["Client", "Facturé à"], "heldout": ["Destinataire", "Adressé à", "Client"]},
        "desc": {"tuning": ["Désignation", "Description"], "heldout": ["Libellé", "Article", "Prestation"]},
        "qty": {"tuning": ["Qté", "Quantité"], "heldout": ["Qté", "Nb"]},
        "unit": {"tuning": ["Prix unitaire HT", "P.U. HT"], "heldout": ["PU HT", "Prix unit."]},
        "rate": {"tuning": ["TVA", "Taux TVA"], "heldout": ["TVA %", "Taux"]},
        "amount": {"tuning": ["Montant HT", "Total HT"], "heldout": ["Montant", "Total ligne HT"]},
        "terms": {"tuning": ["Conditions de paiement : {days} jours", "Règlement à {days} jours"],
                  "heldout": ["Paiement à {days} jours date de facture", "Modalités de règlement : virement à {days} jours"]},
        "page": {"tuning": ["Page {n}/{total}"], "heldout": ["Page {n} sur {total}"]},
        "customer_ref": {"tuning": ["Réf. client"], "heldout": ["Code client"]},
        "order_ref": {"tuning": ["Bon de commande"], "heldout": ["Votre commande"]},
        "capital": {"tuning": ["{form} au capital de {capital} €"], "heldout": ["{form} au capital social de {capital} euros"]},
        "rcs": {"tuning": ["RCS {city} {siren}"], "heldout": ["R.C.S. {city} {siren}", "immatriculée au RCS de {city} sous le n° {siren}"]},
        "siret": {"tuning": ["SIRET : {siret}"], "heldout": ["Siret {siret}", "N° SIRET {siret}"]},
        "vat_id": {"tuning": ["N° TVA intracommunautaire : {vat}"], "heldout": ["TVA intracom. {vat}", "N° TVA {vat}"]},
        "penalties": {"tuning": ["En cas de retard de paiement, indemnité forfaitaire pour frais de recouvrement : 40 €."],
                      "heldout": ["Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité de recouvrement : 40 €."]},
    },
    "en": {
        "title": {"tuning": ["INVOICE", "Invoice"], "heldout": ["INVOICE", "Tax Invoice"]},
        "credit_title": {"tuning": ["CREDIT NOTE"], "heldout": ["Credit Note"]},
        "number": {"tuning": ["Invoice No.", "Invoice Number", "Invoice #"], "heldout": ["Invoice no:", "Inv. No.", "Number"]},
        "credit_number": {"tuning": ["Credit Note No."], "heldout": ["Credit note number"]},
        "date": {"tuning": ["Invoice Date", "Date"], "heldout": ["Date of issue", "Issue date", "Dated"]},
        "due": {"tuning": ["Due Date", "Payment due"], "heldout": ["Due by", "Pay by"]},
        "ht": {"tuning": ["Subtotal", "Net amount"], "heldout": ["Total excl. VAT", "Total net", "Net total"]},
        "tva": {"tuning": ["VAT", "VAT amount"], "heldout": ["Tax", "VAT total", "Total VAT"]},
        "ttc": {"tuning": ["Total", "Total due"], "heldout": ["Total incl. VAT", "Grand total", "Amount due", "Balance due"]},
        "rate_row": {"tuning": ["VAT {rate}"], "heldout": ["VAT @ {rate}"]},
        "buyer": {"tuning": ["Bill to", "Customer"], "heldout": ["Invoice to", "Billed to", "Sold to"]},
        "desc": {"tuning": ["Description"], "heldout": ["Item", "Details"]},
        "qty": {"tuning": ["Qty"], "heldout": ["Quantity", "Units"]},
        "unit": {"tuning": ["Unit price"], "heldout": ["Rate", "Price"]},
        "rate": {"tuning": ["VAT"], "heldout": ["VAT %", "Tax rate"]},
        "amount": {"tuning": ["Amount"], "heldout": ["Net", "Line total"]},
        "terms": {"tuning": ["Payment terms: {days} days"], "heldout": ["Terms: net {days} days"]},
        "page": {"tuning": ["Page {n} of {total}"], "heldout": ["Page {n}/{total}"]},
        "customer_ref": {"tuning": ["Customer ID"], "heldout": ["Account no."]},
        "order_ref": {"tuning": ["PO number"], "heldout": ["Your order"]},
        "capital": {"tuning": ["Registered in England and Wales"], "heldout": ["Company registered in England"]},
        "rcs": {"tuning": ["Company No. {siren}"], "heldout": ["Registration number {siren}"]},
        "siret": {"tuning": [""], "heldout": [""]},
        "vat_id": {"tuning": ["VAT No. {vat}"], "heldout": ["VAT Reg. No. {vat}"]},
        "penalties": {"tuning": ["Thank you for your business."], "heldout": ["Please quote the invoice number with your payment."]},
    },
    "de": {
        "title": {"tuning": ["RECHNUNG", "Rechnung"], "heldout": ["Rechnung", "RECHNUNG"]},
        "credit_title": {"tuning": ["GUTSCHRIFT"], "heldout": ["Gutschrift"]},
        "number": {"tuning": ["Rechnungsnummer", "Rechnung Nr."], "heldout": ["Rechnungs-Nr.", "Beleg-Nr.", "Nummer"]},
        "credit_number": {"tuning": ["Gutschrift Nr."], "heldout": ["Gutschriftsnummer"]},
        "date": {"tuning": ["Rechnungsdatum", "Datum"], "heldout": ["Belegdatum", "Ausstellungsdatum", "Datum der Rechnung"]},
        "due": {"tuning": ["Fällig am", "Zahlbar bis"], "heldout": ["Fälligkeitsdatum", "Zahlbar bis zum"]},
        "ht": {"tuning": ["Nettobetrag", "Summe netto"], "heldout": ["Zwischensumme", "Gesamt netto", "Nettosumme"]},
        "tva": {"tuning": ["MwSt.", "USt."], "heldout": ["Umsatzsteuer", "Mehrwertsteuer"]},
        "ttc": {"tuning": ["Gesamtbetrag", "Bruttobetrag"], "heldout": ["Rechnungsbetrag", "Endbetrag", "Gesamtsumme", "Zu zahlender Betrag"]},
        "rate_row": {"tuning": ["MwSt. {rate}"], "heldout": ["zzgl. USt. {rate}"]},
        "buyer": {"tuning": ["Kunde", "Rechnungsempfänger"], "heldout": ["Empfänger", "Rechnungsadresse"]},
        "desc": {"tuning": ["Bezeichnung", "Beschreibung"], "heldout": ["Artikel", "Leistung"]},
        "qty": {"tuning": ["Menge"], "heldout": ["Anzahl", "Stk."]},
        "unit": {"tuning": ["Einzelpreis"], "heldout": ["Preis", "E-Preis"]},
        "rate": {"tuning": ["MwSt."], "heldout": ["USt. %", "Steuer"]},
        "amount": {"tuning": ["Betrag"], "heldout": ["Gesamt", "Summe"]},
        "terms": {"tuning": ["Zahlungsbedingungen: {days} Tage netto"], "heldout": ["Zahlbar innerhalb von {days} Tagen ohne Abzug"]},
        "page": {"tuning": ["Seite {n} von {total}"], "heldout": ["Seite {n}/{total}"]},
        "customer_ref": {"tuning": ["Kundennummer"], "heldout": ["Kunden-Nr."]},
        "order_ref": {"tuning": ["Bestellnummer"], "heldout": ["Ihre Bestellung"]},
        "capital": {"tuning": ["Geschäftsführer: {person}"], "heldout": ["Geschäftsführung: {person}"]},
        "rcs": {"tuning": ["Amtsgericht {city} HRB {siren}"], "heldout": ["Registergericht {city}, HRB {siren}"]},
        "siret": {"tuning": [""], "heldout": [""]},
        "vat_id": {"tuning": ["USt-IdNr.: {vat}"], "heldout": ["Umsatzsteuer-ID {vat}"]},
        "penalties": {"tuning": ["Vielen Dank für Ihren Auftrag."], "heldout": ["Wir danken für Ihr Vertrauen."]},
    },
    "es": {
        "title": {"tuning": ["FACTURA", "Factura"], "heldout": ["FACTURA", "Factura"]},
        "credit_title": {"tuning": ["FACTURA RECTIFICATIVA"], "heldout": ["Nota de abono"]},
        "number": {"tuning": ["Factura n.º", "Número de factura"], "heldout": ["Nº factura", "Factura núm.", "Número"]},
        "credit_number": {"tuning": ["Rectificativa n.º"], "heldout": ["Abono núm."]},
        "date": {"tuning": ["Fecha de factura", "Fecha"], "heldout": ["Fecha de emisión", "Fecha factura", "Fecha de expedición"]},
        "due": {"tuning": ["Fecha de vencimiento", "Vencimiento"], "heldout": ["Vence el", "Fecha límite de pago"]},
        "ht": {"tuning": ["Base imponible", "Subtotal"], "heldout": ["Total sin IVA", "Importe neto", "Base"]},
        "tva": {"tuning": ["IVA", "Cuota IVA"], "heldout": ["Total IVA", "Importe IVA"]},
        "ttc": {"tuning": ["Total factura", "Total"], "heldout": ["Total a pagar", "Importe total", "Total con IVA"]},
        "rate_row": {"tuning": ["IVA {rate}"], "heldout": ["IVA al {rate}"]},
        "buyer": {"tuning": ["Cliente"], "heldout": ["Facturar a", "Destinatario"]},
        "desc": {"tuning": ["Descripción", "Concepto"], "heldout": ["Artículo", "Detalle"]},
        "qty": {"tuning": ["Cant."], "heldout": ["Cantidad", "Uds."]},
        "unit": {"tuning": ["Precio unitario"], "heldout": ["Precio", "P. unit."]},
        "rate": {"tuning": ["IVA"], "heldout": ["% IVA", "Tipo"]},
        "amount": {"tuning": ["Importe"], "heldout": ["Total", "Neto"]},
        "terms": {"tuning": ["Forma de pago: transferencia a {days} días"], "heldout": ["Pago a {days} días"]},
        "page": {"tuning": ["Página {n} de {total}"], "heldout": ["Pág. {n}/{total}"]},
        "customer_ref": {"tuning": ["Código cliente"], "heldout": ["N.º cliente"]},
        "order_ref": {"tuning": ["Pedido"], "heldout": ["Su pedido"]},
        "capital": {"tuning": ["Inscrita en el Registro Mercantil de {city}"], "heldout": ["Registro Mercantil de {city}"]},
        "rcs": {"tuning": ["Tomo {siren}"], "heldout": ["Hoja {siren}"]},
        "siret": {"tuning": [""], "heldout": [""]},
        "vat_id": {"tuning": ["NIF-IVA: {vat}"], "heldout": ["N.I.F. intracomunitario {vat}"]},
        "penalties": {"tuning": ["Gracias por su confianza."], "heldout": ["Gracias por su compra."]},
    },
    "it": {
        "title": {"tuning": ["FATTURA", "Fattura"], "heldout": ["FATTURA", "Fattura"]},
        "credit_title": {"tuning": ["NOTA DI CREDITO"], "heldout": ["Nota di credito"]},
        "number": {"tuning": ["Fattura n.", "Numero fattura"], "heldout": ["Fattura nr.", "N. documento", "Numero documento"]},
        "credit_number": {"tuning": ["Nota di credito n."], "heldout": ["Numero nota di credito"]},
        "date": {"tuning": ["Data fattura", "Data"], "heldout": ["Data documento", "Data di emissione", "Data emissione"]},
        "due": {"tuning": ["Scadenza", "Data scadenza"], "heldout": ["Da pagare entro", "Scadenza pagamento"]},
        "ht": {"tuning": ["Imponibile", "Totale imponibile"], "heldout": ["Totale netto", "Subtotale", "Imponibile totale"]},
        "tva": {"tuning": ["IVA", "Totale IVA"], "heldout": ["Imposta", "Importo IVA"]},
        "ttc": {"tuning": ["Totale fattura", "Totale"], "heldout": ["Totale documento", "Totale da pagare", "Netto a pagare"]},
        "rate_row": {"tuning": ["IVA {rate}"], "heldout": ["IVA al {rate}"]},
        "buyer": {"tuning": ["Cliente", "Spett.le"], "heldout": ["Destinatario", "Intestatario"]},
        "desc": {"tuning": ["Descrizione"], "heldout": ["Articolo", "Prodotto"]},
        "qty": {"tuning": ["Q.tà"], "heldout": ["Quantità"]},
        "unit": {"tuning": ["Prezzo unitario"], "heldout": ["Prezzo", "Prezzo unit."]},
        "rate": {"tuning": ["IVA"], "heldout": ["Aliquota", "% IVA"]},
        "amount": {"tuning": ["Importo"], "heldout": ["Totale", "Imponibile"]},
        "terms": {"tuning": ["Pagamento: bonifico a {days} giorni"], "heldout": ["Condizioni di pagamento: {days} gg data fattura"]},
        "page": {"tuning": ["Pagina {n} di {total}"], "heldout": ["Pag. {n}/{total}"]},
        "customer_ref": {"tuning": ["Codice cliente"], "heldout": ["Cod. cliente"]},
        "order_ref": {"tuning": ["Ordine"], "heldout": ["Vs. ordine"]},
        "capital": {"tuning": ["Capitale sociale {capital} € i.v."], "heldout": ["Cap. soc. € {capital}"]},
        "rcs": {"tuning": ["REA {city} {siren}"], "heldout": ["Registro Imprese di {city} n. {siren}"]},
        "siret": {"tuning": [""], "heldout": [""]},
        "vat_id": {"tuning": ["P.IVA {vat}"], "heldout": ["Partita IVA {vat}"]},
        "penalties": {"tuning": ["Grazie per la fiducia."], "heldout": ["Documento emesso ai sensi di legge."]},
    },
}

#: Wordings added to widen the set (deposits, balances, seller headings, VAT tables, more labels).
#: Written from how invoices are worded in general; the held-out ones again never in the tuning part.
MORE_WORDINGS: dict[str, dict[str, dict[str, list[str]]]] = {
    "fr": {
        "number": {"tuning": ["N° de pièce"], "heldout": ["N° de document"]},
        "date": {"tuning": ["Date de la facture"], "heldout": ["En date du", "Date d'établissement"]},
        "due": {"tuning": ["Échéance de paiement"], "heldout": ["Date de règlement", "Échéance le"]},
        "ht": {"tuning": ["Total net HT"], "heldout": ["Net HT", "Total HT net"]},
        "ttc": {"tuning": ["Total TTC à payer"], "heldout": ["Total toutes taxes comprises", "Montant à régler"]},
        "deposit": {"tuning": ["Acompte versé", "Acompte reçu"], "heldout": ["Déjà réglé", "Avance perçue"]},
        "balance": {"tuning": ["Reste à payer", "Solde à payer"], "heldout": ["Solde dû", "Reste dû"]},
        "seller_heading": {"tuning": ["Émetteur", "Fournisseur"], "heldout": ["Vendeur", "Prestataire"]},
        "vat_head": {"tuning": ["Taux|Base HT|TVA"], "heldout": ["Code TVA|Montant HT|Montant TVA"]},
        "discount": {"tuning": ["Remise commerciale"], "heldout": ["Rabais"]},
        "bank": {"tuning": ["Coordonnées bancaires"], "heldout": ["Règlement par virement"]},
        "delivery": {"tuning": ["Date de livraison"], "heldout": ["Livré le"]},
        "place_date": {"tuning": ["{city}, le {date}"], "heldout": ["Fait à {city}, le {date}"]},
    },
    "en": {
        "number": {"tuning": ["Invoice ref."], "heldout": ["Document no."]},
        "date": {"tuning": ["Date of invoice"], "heldout": ["Date invoiced"]},
        "due": {"tuning": ["Payment due date"], "heldout": ["Due on"]},
        "ht": {"tuning": ["Sub-total"], "heldout": ["Amount before VAT"]},
        "ttc": {"tuning": ["Invoice total"], "heldout": ["Total amount"]},
        "deposit": {"tuning": ["Deposit paid", "Less deposit"], "heldout": ["Amount paid", "Payments received"]},
        "balance": {"tuning": ["Balance to pay", "Remaining balance"], "heldout": ["Outstanding balance", "Amount remaining"]},
        "seller_heading": {"tuning": ["From"], "heldout": ["Supplier", "Seller"]},
        "vat_head": {"tuning": ["Rate|Net|VAT"], "heldout": ["VAT rate|Taxable amount|Tax"]},
        "discount": {"tuning": ["Discount"], "heldout": ["Trade discount"]},
        "bank": {"tuning": ["Bank details"], "heldout": ["Payment details"]},
        "delivery": {"tuning": ["Delivery date"], "heldout": ["Date of supply"]},
        "place_date": {"tuning": ["{city}, {date}"], "heldout": ["{date}"]},
    },
    "de": {
        "number": {"tuning": ["Rechnungs-Nummer"], "heldout": ["Belegnummer"]},
        "date": {"tuning": ["Rechnungs-Datum"], "heldout": ["Leistungs- und Rechnungsdatum"]},
        "due": {"tuning": ["Fälligkeit"], "heldout": ["Zahlungsziel"]},
        "ht": {"tuning": ["Netto"], "heldout": ["Summe Netto"]},
        "ttc": {"tuning": ["Brutto"], "heldout": ["Gesamt brutto"]},
        "deposit": {"tuning": ["Anzahlung"], "heldout": ["Abzüglich Vorauszahlung", "Bereits bezahlt"]},
        "balance": {"tuning": ["Restbetrag"], "heldout": ["Offener Betrag", "Noch zu zahlen"]},
        "seller_heading": {"tuning": ["Lieferant"], "heldout": ["Absender", "Verkäufer"]},
        "vat_head": {"tuning": ["Steuersatz|Netto|Steuer"], "heldout": ["USt-Satz|Nettobetrag|USt-Betrag"]},
        "discount": {"tuning": ["Rabatt"], "heldout": ["Nachlass"]},
        "bank": {"tuning": ["Bankverbindung"], "heldout": ["Zahlung an"]},
        "delivery": {"tuning": ["Lieferdatum"], "heldout": ["Leistungsdatum"]},
        "place_date": {"tuning": ["{city}, {date}"], "heldout": ["{city}, den {date}"]},
    },
    "es": {
        "number": {"tuning": ["Nº de factura"], "heldout": ["Serie y número"]},
        "date": {"tuning": ["Fecha de la factura"], "heldout": ["Emitida el"]},
        "due": {"tuning": ["Vencimiento del pago"], "heldout": ["A pagar antes del"]},
        "ht": {"tuning": ["Base imponible total"], "heldout": ["Suma neta"]},
        "ttc": {"tuning": ["Importe total factura"], "heldout": ["Total (IVA incluido)"]},
        "deposit": {"tuning": ["Anticipo"], "heldout": ["Entregas a cuenta", "Pagado a cuenta"]},
        "balance": {"tuning": ["Pendiente de pago"], "heldout": ["Saldo pendiente", "Resto a pagar"]},
        "seller_heading": {"tuning": ["Emisor"], "heldout": ["Proveedor", "Vendedor"]},
        "vat_head": {"tuning": ["Tipo|Base|Cuota"], "heldout": ["% IVA|Base imponible|Importe IVA"]},
        "discount": {"tuning": ["Descuento"], "heldout": ["Dto. comercial"]},
        "bank": {"tuning": ["Datos bancarios"], "heldout": ["Pago por transferencia"]},
        "delivery": {"tuning": ["Fecha de entrega"], "heldout": ["Fecha del servicio"]},
        "place_date": {"tuning": ["{city}, {date}"], "heldout": ["En {city}, a {date}"]},
    },
    "it": {
        "number": {"tuning": ["Fattura numero"], "heldout": ["Nr. fattura"]},
        "date": {"tuning": ["Data della fattura"], "heldout": ["Emessa il"]},
        "due": {"tuning": ["Data di scadenza"], "heldout": ["Termine di pagamento"]},
        "ht": {"tuning": ["Totale imponibile netto"], "heldout": ["Imponibile complessivo"]},
        "ttc": {"tuning": ["Totale fattura IVA inclusa"], "heldout": ["Importo totale"]},
        "deposit": {"tuning": ["Acconto"], "heldout": ["Acconto versato", "Già pagato"]},
        "balance": {"tuning": ["Saldo da pagare"], "heldout": ["Residuo", "Importo residuo"]},
        "seller_heading": {"tuning": ["Fornitore"], "heldout": ["Emittente", "Cedente"]},
        "vat_head": {"tuning": ["Aliquota|Imponibile|Imposta"], "heldout": ["Cod. IVA|Imponibile|IVA"]},
        "discount": {"tuning": ["Sconto"], "heldout": ["Abbuono"]},
        "bank": {"tuning": ["Coordinate bancarie"], "heldout": ["Pagamento tramite bonifico"]},
        "delivery": {"tuning": ["Data consegna"], "heldout": ["Data di consegna merce"]},
        "place_date": {"tuning": ["{city}, {date}"], "heldout": ["{city}, lì {date}"]},
    },
}
for _language, _more in MORE_WORDINGS.items():
    for _key, _parts in _more.items():
        _entry = WORDINGS[_language].setdefault(_key, {"tuning": [], "heldout": []})
        for _part, _options in _parts.items():
            _entry[_part] = _entry[_part] + [o for o in _options if o not in _entry[_part]]

#: The ``fresh`` part's own label wordings (a key it lacks is drawn from the ``heldout`` wordings), and
#: the wordings only the wider parts use (carried totals, a letter's subject line). Written from how
#: invoices are worded in general (billing software, letter templates), before tuning; never tuned on.
FRESH_WORDINGS: dict[str, dict[str, dict[str, list[str]]]] = {
    "fr": {
        "number": {"fresh": ["Pièce n°", "N° Facture", "Référence", "Facture No"]},
        "credit_number": {"fresh": ["Avoir numéro", "N° avoir"]},
        "date": {"fresh": ["Date d'édition", "Date pièce", "Date de création", "Facturé le"]},
        "due": {"fresh": ["Date d'exigibilité", "Règlement au plus tard le", "Échéance au"]},
        "ht": {"fresh": ["Montant net HT", "Total prestations HT", "Total marchandises HT"]},
        "tva": {"fresh": ["TVA collectée", "Total taxes", "Taxe (TVA)"]},
        "ttc": {"fresh": ["Total facture TTC", "Total net TTC", "Montant à payer TTC", "Total dû"]},
        "rate_row": {"fresh": ["Taux {rate}"]},
        "buyer": {"fresh": ["Adresse de facturation", "Facturer à", "Client facturé", "À l'attention de"]},
        "desc": {"fresh": ["Désignation des prestations", "Produit", "Intitulé"]},
        "unit": {"fresh": ["Prix HT", "PU"]},
        "rate": {"fresh": ["Tx TVA"]},
        "amount": {"fresh": ["Mt HT", "Total"]},
        "terms": {"fresh": ["Conditions de règlement : à {days} jours", "Mode de paiement : virement sous {days} jours"]},
        "customer_ref": {"fresh": ["N° client", "Compte client"]},
        "order_ref": {"fresh": ["Réf. commande"]},
        "rcs": {"fresh": ["RCS {city} B {siren}", "Immatriculation RCS {city} {siren}"]},
        "siret": {"fresh": ["N° Siret : {siret}"]},
        "vat_id": {"fresh": ["Identifiant TVA : {vat}", "TVA intracommunautaire {vat}"]},
        "penalties": {"fresh": ["Escompte pour paiement anticipé : néant. Pénalités de retard : 3 fois le taux "
                                "d'intérêt légal. Indemnité forfaitaire pour frais de recouvrement : 40 €."]},
        "deposit": {"fresh": ["Acompte perçu", "Versement reçu"]},
        "balance": {"fresh": ["Reste à régler", "Solde restant dû"]},
        "seller_heading": {"fresh": ["Émis par", "Société"]},
        "vat_head": {"fresh": ["Taux|Montant HT|TVA"]},
        "delivery": {"fresh": ["Date d'intervention"]},
        "place_date": {"fresh": ["À {city}, le {date}"]},
        "carry_out": {"tuning": ["À reporter", "Total à reporter"], "fresh": ["Sous-total page", "Cumul à reporter"]},
        "carry_in": {"tuning": ["Report", "Report page précédente"], "fresh": ["Reprise du cumul", "Report de la page précédente"]},
        "subject": {"tuning": ["Objet : facture {number}"], "fresh": ["Objet : Facture n° {number} du {date}"]},
    },
    "en": {
        "number": {"fresh": ["Our ref.", "Reference", "Bill no."]},
        "credit_number": {"fresh": ["Credit ref."]},
        "date": {"fresh": ["Tax point", "Date issued", "Invoice dated"]},
        "due": {"fresh": ["Payment due by", "Due"]},
        "ht": {"fresh": ["Subtotal (excl. VAT)", "Total net amount", "Net"]},
        "tva": {"fresh": ["Total tax", "VAT (total)"]},
        "ttc": {"fresh": ["Total (incl. VAT)", "Total payable", "Invoice total (EUR)"]},
        "rate_row": {"fresh": ["VAT at {rate}"]},
        "buyer": {"fresh": ["To", "Customer details", "Client"]},
        "terms": {"fresh": ["Payment within {days} days of invoice date"]},
        "deposit": {"fresh": ["Less amount paid"]},
        "balance": {"fresh": ["Balance outstanding"]},
        "seller_heading": {"fresh": ["Issued by"]},
        "vat_head": {"fresh": ["VAT %|Goods|VAT"]},
        "carry_out": {"tuning": ["Carried forward"], "fresh": ["Balance c/f"]},
        "carry_in": {"tuning": ["Brought forward"], "fresh": ["Balance b/f"]},
        "subject": {"tuning": ["Invoice {number}"], "fresh": ["Re: Invoice {number} of {date}"]},
    },
    "de": {
        "number": {"fresh": ["RE-Nr.", "Rechnungsnr.", "Rg.-Nr."]},
        "credit_number": {"fresh": ["Gutschrift-Nr."]},
        "date": {"fresh": ["Datum Rechnung", "Ausgestellt am", "Re.-Datum"]},
        "due": {"fresh": ["Zahlbar bis spätestens", "Fällig zum"]},
        "ht": {"fresh": ["Warenwert netto", "Netto gesamt", "Nettowarenwert"]},
        "tva": {"fresh": ["zzgl. MwSt.", "Steuerbetrag"]},
        "ttc": {"fresh": ["Gesamtbetrag brutto", "Rechnungsendbetrag", "Summe brutto"]},
        "rate_row": {"fresh": ["{rate} MwSt."]},
        "buyer": {"fresh": ["Rechnung an", "Auftraggeber"]},
        "terms": {"fresh": ["Zahlungsziel: {days} Tage"]},
        "deposit": {"fresh": ["Erhaltene Anzahlung"]},
        "balance": {"fresh": ["Zahlbetrag"]},
        "seller_heading": {"fresh": ["Rechnungssteller"]},
        "vat_head": {"fresh": ["MwSt-Satz|Netto|MwSt"]},
        "carry_out": {"tuning": ["Übertrag"], "fresh": ["Zwischensumme Seite"]},
        "carry_in": {"tuning": ["Übertrag von Seite"], "fresh": ["Vortrag"]},
        "subject": {"tuning": ["Rechnung {number}"], "fresh": ["Rechnung Nr. {number} vom {date}"]},
    },
    "es": {
        "number": {"fresh": ["Núm. factura", "Nº de serie", "Factura número"]},
        "credit_number": {"fresh": ["Nº rectificativa"]},
        "date": {"fresh": ["Fecha expedición", "F. emisión", "Fecha de la emisión"]},
        "due": {"fresh": ["Fecha de pago", "Vto."]},
        "ht": {"fresh": ["Base imp.", "Total base imponible", "Importe sin IVA"]},
        "tva": {"fresh": ["Cuota", "Cuota I.V.A. total"]},
        "ttc": {"fresh": ["Total a abonar", "Líquido a pagar", "Importe total factura (EUR)"]},
        "rate_row": {"fresh": ["I.V.A. {rate}"]},
        "buyer": {"fresh": ["Datos del cliente", "Facturado a"]},
        "terms": {"fresh": ["Condiciones de pago: {days} días"]},
        "deposit": {"fresh": ["A cuenta"]},
        "balance": {"fresh": ["Pendiente"]},
        "seller_heading": {"fresh": ["Datos del emisor"]},
        "vat_head": {"fresh": ["Tipo IVA|Base|Cuota IVA"]},
        "carry_out": {"tuning": ["Suma y sigue"], "fresh": ["Total a trasladar"]},
        "carry_in": {"tuning": ["Suma anterior"], "fresh": ["Traslado"]},
        "subject": {"tuning": ["Factura {number}"], "fresh": ["Factura {number} de fecha {date}"]},
    },
    "it": {
        "number": {"fresh": ["Doc. n.", "Numero", "N. fatt."]},
        "credit_number": {"fresh": ["Nota credito n."]},
        "date": {"fresh": ["Data doc.", "Emessa in data", "Data fatt."]},
        "due": {"fresh": ["Scadenza il", "Data pagamento"]},
        "ht": {"fresh": ["Imponibile netto", "Tot. imponibile", "Totale merce"]},
        "tva": {"fresh": ["Tot. IVA", "IVA totale"]},
        "ttc": {"fresh": ["Totale a pagare", "Tot. documento", "Totale fattura (EUR)"]},
        "rate_row": {"fresh": ["Aliquota {rate}"]},
        "buyer": {"fresh": ["Spettabile", "Cessionario", "Fatturare a"]},
        "terms": {"fresh": ["Pagamento: bonifico bancario {days} gg d.f."]},
        "deposit": {"fresh": ["Acconto ricevuto"]},
        "balance": {"fresh": ["Netto a saldo"]},
        "seller_heading": {"fresh": ["Cedente/prestatore"]},
        "vat_head": {"fresh": ["Aliq.|Imponibile|Imposta"]},
        "carry_out": {"tuning": ["A riportare"], "fresh": ["Totale da riportare"]},
        "carry_in": {"tuning": ["Riporto"], "fresh": ["Riporto pagina precedente"]},
        "subject": {"tuning": ["Fattura {number}"], "fresh": ["Fattura n. {number} del {date}"]},
    },
}
for _language, _more in FRESH_WORDINGS.items():
    for _key, _parts in _more.items():
        WORDINGS[_language].setdefault(_key, {}).update(_parts)

#: Months as abbreviated in dates ("05-déc.-26", "5. Dez. 2026", "05-dic-2026").
MONTH_ABBR = {
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
    "es": "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.",
    "it": "gen. feb. mar. apr. mag. giu. lug. ago. set. ott. nov. dic.",
}

MONTH_NAMES = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
VAT_RATES = {"fr": ["20", "10", "5.5", "2.1"], "en": ["20", "5"], "de": ["19", "7"], "es": ["21", "10", "4"],
             "it": ["22", "10", "4"]}
COUNTRY = {"fr": "FR", "en": "GB", "de": "DE", "es": "ES", "it": "IT"}
CITIES = {"fr": ["Lyon", "Nantes", "Rennes", "Lille", "Bordeaux", "Toulouse", "Dijon", "Brest", "Grenoble", "Paris"],
          "en": ["London", "Leeds", "Bristol", "Manchester"], "de": ["München", "Köln", "Hamburg", "Leipzig"],
          "es": ["Madrid", "Sevilla", "Valencia", "Bilbao"], "it": ["Milano", "Torino", "Bologna", "Napoli"]}
STREETS = {"fr": ["rue des Lilas", "avenue Jean Jaurès", "boulevard Voltaire", "chemin des Vignes", "place du Marché",
                  "rue de la République", "allée des Tilleuls", "impasse du Moulin"],
           "en": ["High Street", "Station Road", "Church Lane", "Victoria Road"],
           "de": ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee"],
           "es": ["Calle Mayor", "Avenida de la Constitución", "Calle del Sol"],
           "it": ["Via Roma", "Corso Garibaldi", "Via Dante", "Piazza Verdi"]}
TRADES = {"fr": ["Boulangerie", "Atelier", "Transports", "Garage", "Cabinet", "Imprimerie", "Menuiserie", "Agence",
                 "Librairie", "Plomberie", "Ferme", "Maison", "Brasserie", "Électricité", "Bureau d'études",
                 "Pépinières", "Traiteur", "Serrurerie", "Laboratoire", "Conseil"],
          "en": ["Bakery", "Consulting", "Logistics", "Print Works", "Studio", "Supplies", "Engineering"],
          "de": ["Bäckerei", "Druckerei", "Logistik", "Beratung", "Elektrotechnik", "Holzbau"],
          "es": ["Panadería", "Transportes", "Consultoría", "Imprenta", "Talleres", "Suministros"],
          "it": ["Panificio", "Trasporti", "Consulenze", "Tipografia", "Officina", "Forniture"]}
SURNAMES = {"fr": ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Giraud", "Fontaine", "Chevalier", "Roussel",
                   "Le Gall", "N'Diaye", "Da Silva", "Nguyen", "Ménard", "Perrin", "Lambert", "Garnier", "Faure",
                   "Rolland", "Beaumont", "Marchand", "Colin", "Barbier", "Hoarau"],
            "en": ["Smith", "Taylor", "Brown", "Wilson", "Evans", "O'Connor", "Patel", "Hughes"],
            "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann"],
            "es": ["García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Torres"],
            "it": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo"]}
FIRST_NAMES = {"fr": ["Jean", "Marie", "Sophie", "Luc", "Camille", "Hugo", "Léa", "Karim", "Inès"],
               "en": ["James", "Emma", "Oliver", "Amelia"], "de": ["Anna", "Lukas", "Felix", "Marie"],
               "es": ["Lucía", "Pablo", "Carmen", "Javier"], "it": ["Giulia", "Marco", "Luca", "Chiara"]}
WORDS = {"fr": ["du Sud", "de l'Ouest", "Lumière", "Horizon", "des Alpes", "Atlantique", "du Centre", "Azur",
                "Bretagne Services", "Provence Équipement", "Nord Énergie", "des Trois Rivières"],
         "en": ["Northern", "Bright", "Oakwood", "Riverside", "Summit"], "de": ["Nord", "Süd", "Rhein", "Alpen"],
         "es": ["del Sur", "Ibérica", "Levante", "Norte"], "it": ["del Nord", "Adriatica", "Alpina", "Sud"]}
FORMS = {"fr": ["SARL", "SAS", "SASU", "EURL", "SA", "SNC", ""], "en": ["Ltd", "Limited", "LLP", "plc", ""],
         "de": ["GmbH", "GmbH & Co. KG", "AG", "UG", "e.K.", ""], "es": ["S.L.", "S.A.", "SL", ""],
         "it": ["S.r.l.", "S.p.A.", "Srl", "S.n.c.", ""]}
PRODUCTS = {"fr": ["Pain de campagne", "Croissants", "Maintenance annuelle", "Étude de faisabilité", "Câble 3G2,5",
                   "Main d'œuvre", "Déplacement", "Location benne", "Papier A4 80 g", "Cartouche d'encre",
                   "Formation bureautique", "Livraison", "Vis inox 6x40", "Abonnement mensuel", "Conseil juridique",
                   "Peinture acrylique", "Bois de chauffage", "Réparation moteur", "Nettoyage des locaux"],
            "en": ["Consulting hours", "Printer paper", "Delivery", "Software licence", "Annual maintenance",
                   "Cleaning service", "Spare parts"],
            "de": ["Beratung", "Druckerpapier", "Lieferung", "Wartung", "Arbeitszeit", "Ersatzteile"],
            "es": ["Consultoría", "Papel de impresora", "Transporte", "Mantenimiento", "Mano de obra"],
            "it": ["Consulenza", "Carta per stampante", "Trasporto", "Manutenzione", "Manodopera"]}
#: Type faces (Debian's fonts-dejavu, fonts-urw-base35, fonts-liberation, fonts-freefont-ttf; a missing
#: one falls back to DejaVu Sans).
FONTS = ["DejaVu Sans", "DejaVu Serif", "Nimbus Sans", "Nimbus Roman", "URW Gothic", "P052", "C059",
         "DejaVu Sans Condensed", "Nimbus Sans Narrow", "URW Bookman", "Liberation Sans", "Liberation Serif",
         "Liberation Mono", "FreeSans", "FreeSerif", "DejaVu Sans Mono", "Nimbus Mono PS", "Liberation Sans Narrow"]
#: Layouts per part (functions below, named ``_layout_<name>``).
LAYOUTS = {"tuning": ("classic", "metatable", "sidebar", "minimal", "envelope", "boxed", "dotted", "band3", "software",
                      "carried"),
           "heldout": ("titleline", "band", "footeronly", "grid", "leaders", "split"),
           "fresh": ("ledger", "letter", "columns3", "modern")}


# ---------------------------------------------------------------------------
# Identifiers with valid keys
# ---------------------------------------------------------------------------


def _luhn_complete(digits: str) -> str:
    """``digits`` plus the Luhn check digit (SIREN, SIRET, Italian VAT)."""
    from stdnum import luhn

    return digits + luhn.calc_check_digit(digits)


def _siret(siren: str, rng: random.Random) -> str:
    return _luhn_complete(siren + f"{rng.randint(1, 999):04d}")


def _vat_id(language: str, siren: str, rng: random.Random) -> str:
    """A VAT number of the seller's country whose key holds (python-stdnum computes and checks it)."""
    from stdnum.es import cif
    from stdnum.eu import vat
    from stdnum.gb import vat as gb_vat
    from stdnum.iso7064 import mod_11_10

    if language == "fr":
        return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
    for _attempt in range(1000):
        if language == "de":
            body = str(rng.randint(10**7, 10**8 - 1))
            candidate = "DE" + body + mod_11_10.calc_check_digit(body)
        elif language == "it":
            candidate = "IT" + _luhn_complete(f"{rng.randint(10**9, 10**10 - 1)}")
        elif language == "es":
            body = f"B{rng.randint(10**6, 10**7 - 1)}"
            candidate = "ES" + body + cif.calc_check_digits(body)[0]
        else:
            candidate = "GB" + f"{rng.randint(10**8, 10**9 - 1)}"
        if (gb_vat if language == "en" else vat).is_valid(candidate):
            return candidate
    raise AssertionError(language)


def _iban(country: str, rng: random.Random) -> str:
    """A valid IBAN (ISO 13616 key) of the seller's country."""
    lengths = {"FR": 23, "DE": 18, "ES": 20, "IT": 23, "GB": 18}
    if country == "GB":
        bban = "NWBK" + "".join(str(rng.randint(0, 9)) for _ in range(14))
    elif country == "IT":
        bban = "X" + "".join(str(rng.randint(0, 9)) for _ in range(22))
    else:
        bban = "".join(str(rng.randint(0, 9)) for _ in range(lengths[country]))
    if country == "FR":  # RIB key
        bank, branch, account = bban[:5], bban[5:10], bban[10:21]
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97)
        bban = bank + branch + account + f"{key:02d}"
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def grouped(text: str, size: int = 4, sep: str = " ") -> str:
    """``text`` in groups of ``size`` characters, as IBANs and long numbers are printed (shared by the families)."""
    return sep.join(text[i:i + size] for i in range(0, len(text), size))


def random_digits(rng: random.Random, count: int) -> str:
    """``count`` random digits, the first not 0 (shared by the families)."""
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(count - 1))


# ---------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------


def format_amount(value: Decimal, language: str, style: int, *, currency: bool = False, sep: str | None = None) -> str:
    """An amount as the language prints it (``1 234,56 €``, ``€1,234.56``, ``1.234,56 EUR``).

    ``sep``: the thousands separator when the issuer's software chose its own (a no-break space...).
    """
    negative = value < 0
    cents = f"{abs(value):.2f}"
    integer, decimals = cents.split(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    if sep is not None:
        body = sep.join(groups) + ("." if language == "en" else ",") + decimals
    elif language == "en":
        body = ",".join(groups) + "." + decimals
    elif language == "fr":
        sep = ["\u202f", " ", "", "."][style % 4]
        body = sep.join(groups) + "," + decimals
    else:
        body = (["."] * 3 + [""])[style % 4].join(groups) + "," + decimals
    if negative:
        body = "-" + body
    if not currency:
        return body
    if language == "en":
        return ["€" + body, body + " EUR", "EUR " + body][style % 3]
    if language == "it" and style % 2:
        return "€ " + body
    return body + (" €" if style % 3 else " EUR")


def format_date(day: dt.date, language: str, style: int) -> str:
    """A date as the language prints it, numeric or with the month's name."""
    month = MONTH_NAMES[language].split()[day.month - 1]
    styles = {
        "fr": [f"{day:%d/%m/%Y}", f"{day.day} {month} {day.year}", f"{day:%d.%m.%Y}", f"{day:%d/%m/%y}"],
        "en": [f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}", f"{day:%Y-%m-%d}",
               f"{day:%d/%m/%Y}"],
        "de": [f"{day:%d.%m.%Y}", f"{day.day}. {month} {day.year}", f"{day:%d.%m.%y}"],
        "es": [f"{day:%d/%m/%Y}", f"{day.day} de {month} de {day.year}", f"{day:%d-%m-%Y}"],
        "it": [f"{day:%d/%m/%Y}", f"{day.day} {month} {day.year}", f"{day:%d.%m.%Y}"],
    }[language]
    return styles[style % len(styles)]


def format_date_wide(day: dt.date, language: str, style: int) -> str:
    """The wider parts' other dates: abbreviated months, two-digit years, ISO, English ordinals."""
    month = MONTH_NAMES[language].split()[day.month - 1]
    abbr = MONTH_ABBR[language].split()[day.month - 1]
    iso = f"{day:%Y-%m-%d}"
    styles = {
        "fr": [f"{day:%d}-{abbr}-{day:%y}", iso, f"{day.day} {abbr} {day.year}", f"{day:%d} {month} {day.year}"],
        "en": [f"{day:%d}-{abbr}-{day.year}", f"{day.day}{_ordinal(day.day)} {month} {day.year}", iso,
               f"{abbr} {day.day}, {day.year}"],
        "de": [f"{day.day}. {abbr} {day.year}", iso, f"{day:%d.%m.%y}"],
        "es": [f"{day:%d}-{abbr.rstrip('.')}-{day.year}", iso, f"{day.day} {abbr} {day.year}"],
        "it": [f"{day:%d}-{abbr.rstrip('.')}-{day.year}", iso, f"{day.day} {abbr} {day.year}"],
    }[language]
    return styles[style % len(styles)]


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def format_rate(rate: str, language: str) -> str:
    text = rate if language == "en" else rate.replace(".", ",")
    return f"{text} %" if language in ("fr", "de") else f"{text}%"


def _number(rng: random.Random, day: dt.date, credit: bool) -> str:
    prefix = rng.choice(["FA", "F", "FAC", "INV", "", "", "R", "AV" if credit else "FC"])
    seq = rng.randint(1, 99999)
    shapes = [f"{prefix}-{day.year}-{seq:05d}", f"{prefix}{day:%y%m}{seq % 1000:03d}", f"{day.year}/{seq:04d}",
              f"{prefix}{seq:06d}", f"{seq}", f"{day.year}-{seq % 10000:04d}", f"{prefix}{day.year}{seq:05d}",
              f"{prefix}-{seq % 1000:03d}-{day:%y}", f"{prefix}{day:%Y%m%d}-{seq % 100:02d}",
              f"{day:%y}-{seq % 100000:05d}", f"{prefix}/{day.year}/{seq % 1000:03d}", f"{prefix}.{seq:05d}"]
    number = rng.choice(shapes).strip("-/.")
    return number if any(c.isdigit() for c in number) and len(number) >= 3 else f"F{seq:05d}"


def _seller_name(language: str, rng: random.Random) -> tuple[str, str]:
    """(name as printed, legal form); names of many shapes."""
    form = rng.choice(FORMS[language])
    surname, other = rng.choice(SURNAMES[language]), rng.choice(SURNAMES[language])
    trade, word = rng.choice(TRADES[language]), rng.choice(WORDS[language])
    shape = rng.randint(0, 9)
    if shape == 0:
        name = f"{trade} {surname}"
    elif shape == 1:
        name = f"{surname} & {'Fils' if language == 'fr' else 'Sons' if language == 'en' else other}"
    elif shape == 2:
        name = f"{trade} {word}"
    elif shape == 3:
        name = "".join(rng.choice("ABCDEFGHJKLMNPRSTV") for _ in range(rng.randint(3, 5)))
        name += " " + rng.choice([trade, word]) if rng.random() < 0.6 else ""
    elif shape == 4:
        name = f"{rng.choice(FIRST_NAMES[language])} {surname}"
        form = "" if language != "fr" else rng.choice(["", "EI"])
    elif shape == 5:
        name = f"{surname}-{other}"
    elif shape == 6:
        name = f"{trade} {surname} et {other}" if language == "fr" else f"{surname} {other} {trade}"
    elif shape == 7:
        name = f"{rng.randint(2, 9)}{rng.choice(['D', 'M', 'B'])} {trade}"
    elif shape == 8:
        name = f"Les {trade}s {word}" if language == "fr" else f"{word} {trade}"
    else:
        name = f"{surname} {word}"
    if rng.random() < 0.3:
        name = name.upper()
    return name.strip(), form


def _fold_simple(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def money(value: Decimal) -> Decimal:
    """Rounded to the cent, half up, as invoices round (shared by the families)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------
# The invoice
# ---------------------------------------------------------------------------


@dataclass
class Invoice:
    """A generated invoice: the context its layout renders, and the truth."""

    truth: Truth
    context: dict
    html: str = ""

    def pdf(self) -> bytes:
        """The text-layer PDF (WeasyPrint)."""
        import weasyprint

        document = weasyprint.HTML(string=self.html).render()
        self.truth.pages = len(document.pages)
        return document.write_pdf()


def make_invoice(seed: int, part: str = "tuning", *, language: str | None = None,
                 max_lines: int | None = None) -> Invoice:
    """The invoice of ``seed`` in ``part`` (always the same one)."""
    if part not in PARTS:
        raise ValueError(part)
    rng = random.Random(_SEED_BASE[part] + seed)
    language = language or rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
    words = {key: rng.choice(choices) for key, options in WORDINGS[language].items()
             if (choices := options.get(part) or options.get("heldout", []) if part == "fresh" else options.get(part))}
    layout = rng.choice(LAYOUTS[part])
    credit = rng.random() < 0.08
    issue = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2400))
    days = rng.choice([0, 15, 30, 30, 45, 60])
    due = issue + dt.timedelta(days=days) if days and rng.random() < 0.75 else None
    number = _number(rng, issue, credit)
    seller, form = _seller_name(language, rng)
    siren = _luhn_complete(f"{rng.randint(10**7, 10**8 - 1)}")
    vat = _vat_id(language, siren, rng)
    country = COUNTRY[language]
    iban = _iban(country, rng) if rng.random() < 0.85 else None
    buyer_form = rng.choice([f for f in FORMS[language] if f])
    buyer = f"{rng.choice(TRADES[language])} {rng.choice(SURNAMES[language])} {buyer_form}"
    buyer_siren = _luhn_complete(f"{rng.randint(10**7, 10**8 - 1)}")
    rates = VAT_RATES[language]
    several = rng.random() < 0.3
    doc_rates = rng.sample(rates, k=min(len(rates), rng.randint(2, 3))) if several else [rng.choice(rates[:2])]
    count = rng.choice([1, 2, 3, 4, 5, 6, 8, 12]) if rng.random() < 0.85 else rng.randint(28, 55)
    if max_lines:
        count = min(count, max_lines)
    sign = Decimal(-1) if credit and rng.random() < 0.5 else Decimal(1)
    items = []
    for _ in range(count):
        qty = Decimal(rng.choice([1, 1, 1, 2, 3, 5, 10, 12, 25])) if rng.random() < 0.85 else \
            Decimal(rng.randint(1, 400)) / 100 * 10
        price = money(Decimal(str(round(10 ** rng.uniform(0, 3.6), 2))) if rng.random() < 0.95
                       else Decimal(rng.randint(1, 99)) / 100)
        amount = money(qty * price) * sign
        items.append({"desc": rng.choice(PRODUCTS[language]), "qty": qty, "price": price * sign,
                      "rate": rng.choice(doc_rates), "amount": amount})
    if not credit and items and rng.random() < 0.12:  # a discount line: a negative amount among the lines
        off = -money(items[0]["amount"] * Decimal(rng.choice(["0.05", "0.1", "0.15"])))
        if off:
            items.append({"desc": words["discount"], "qty": Decimal(1), "price": off, "rate": items[0]["rate"],
                          "amount": off})
    bases: dict[str, Decimal] = {}
    for item in items:
        bases[item["rate"]] = bases.get(item["rate"], Decimal(0)) + item["amount"]
    breakdown = [(rate, base, money(base * Decimal(rate) / 100)) for rate, base in bases.items()]
    ht = sum((b for _r, b, _t in breakdown), Decimal(0))
    tva = sum((t for _r, _b, t in breakdown), Decimal(0))
    ttc = ht + tva
    amount_style, date_style = rng.randint(0, 11), rng.randint(0, 5)
    # A deposit already paid: the balance is due, the grand total stays the invoice's total.
    deposit = (money(ttc * Decimal(rng.choice(["0.3", "0.5"]))) if not credit and rng.random() < 0.1
               and not re.search(r"pay|due|zahl|pagar|pagare|regler|remaining", _fold_simple(words["ttc"])) else None)
    context = {
        "language": language, "words": words, "credit": credit, "rng_state": rng.random(),
        "number": number, "issue": format_date(issue, language, date_style),
        "due": format_date(due, language, date_style) if due else None,
        "seller": seller, "form": form, "siren": siren, "siret": _siret(siren, rng), "vat": vat,
        "iban": iban, "bic": rng.choice(["AGRIFRPP", "BNPAFRPP", "CEPAFRPP", "DEUTDEFF", "BCITITMM", "CAIXESBB"]),
        "capital": f"{rng.choice([1000, 5000, 7500, 10000, 37000, 100000, 250000]):,}".replace(",", " "),
        "city": rng.choice(CITIES[language]), "street": f"{rng.randint(1, 120)} {rng.choice(STREETS[language])}",
        "postcode": f"{rng.randint(1000, 95999):05d}", "phone": f"0{rng.randint(1, 9)} {rng.randint(10, 99)} "
        f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "person": f"{rng.choice(FIRST_NAMES[language])} {rng.choice(SURNAMES[language])}",
        "buyer": buyer, "buyer_street": f"{rng.randint(1, 120)} {rng.choice(STREETS[language])}",
        "buyer_city": f"{rng.randint(1000, 95999):05d} {rng.choice(CITIES[language])}",
        "buyer_siren": buyer_siren, "buyer_vat": _vat_id(language, buyer_siren, rng) if rng.random() < 0.5 else None,
        "customer_ref": f"C{rng.randint(100, 99999)}", "order_ref": f"{rng.randint(1000, 999999)}",
        "items": items, "breakdown": breakdown, "ht": ht, "tva": tva, "ttc": ttc, "days": days,
        "amount_style": amount_style, "font": rng.choice(FONTS), "size": rng.choice([8.5, 9, 9.5, 10, 10.5, 11]),
        "columns": rng.choice([("desc", "qty", "unit", "rate", "amount"), ("desc", "qty", "unit", "amount"),
                               ("qty", "desc", "unit", "amount"), ("desc", "rate", "qty", "unit", "amount"),
                               ("ref", "desc", "qty", "unit", "rate", "amount")]),
        "logo": rng.choice(["initials", "box", "none", "slogan", "initials"]),
        "accent": rng.choice(["#1f4e79", "#7a1f1f", "#2e6b30", "#444444", "#b35900", "#5b2c83"]),
        "show_breakdown": several or rng.random() < 0.4, "name_in_footer": rng.random() < 0.5,
        "bold_header": rng.random() < 0.7, "currency_on_totals": rng.random() < 0.7,
        "deposit": deposit, "seller_heading": rng.random() < 0.2,
        "breakdown_style": rng.choice(["rows", "rows", "table"]),
        # A delivery date beside the issue date; the place and date of a letter ("Lyon, le 5 mars 2024"),
        # sometimes the only place the issue date is printed.
        "delivery": (format_date(issue - dt.timedelta(days=rng.randint(1, 12)), language, date_style)
                     if rng.random() < 0.25 else None),
        "place_date": rng.random() < 0.2, "date_only_in_place": rng.random() < 0.5, "layout": layout,
    }
    if part in WIDE_PARTS:
        _widen(context, random.Random(_SEED_BASE[part] + seed + 500_000_000), issue, due)
    truth = Truth(
        invoice_number=number, issue_date=issue.isoformat(), due_date=due.isoformat() if due else None,
        document_type_code="381" if credit else "380", currency="EUR",
        seller_name=f"{seller} {form}".strip() if form else seller, seller_siren=siren if language == "fr" else None,
        seller_vat_id=vat, buyer_name=buyer, total_without_tax=str(ht), total_tax=str(tva), total_with_tax=str(ttc),
        iban=iban, language=language, layout=layout, part=part, seed=seed,
        vat_rates=[r for r, _b, _t in breakdown], amount_due=str(ttc - deposit) if deposit else None,
    )
    invoice = Invoice(truth, context)
    invoice.html = _render(layout, context)
    postcode, _sp, town = context["buyer_city"].partition(" ")
    context["buyer_truth"] = printed_buyer(invoice.html, buyer, [context["buyer_street"]], postcode, town, country)
    return invoice


def printed_buyer(page_html: str, name: str, address_lines: list[str], postcode: str, city: str, country: str,
                  country_words: tuple[str, ...] = ()) -> dict | None:
    """The truth of the buyer's block (``context["buyer_truth"]``, scored by ``bench_readings``) when the page prints
    its postcode and town, else None: name, address lines, postcode, town, ISO country, and whether a country's name
    (``country_words``) is printed in the block, after the buyer's name (a domestic address prints none)."""
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page_html)))
    if postcode not in text or city not in text or not all(line in text for line in address_lines):
        return None
    start = text.find(name) if name in text else text.find(postcode)
    block = text[start:text.find(postcode, start) + len(postcode) + len(city) + 60].lower()
    return {"name": name, "address_lines": list(address_lines), "postcode": postcode, "city": city, "country": country,
            "country_printed": any(word.lower() in block for word in country_words if word)}


def _widen(ctx: dict, rng: random.Random, issue: dt.date, due: dt.date | None) -> None:
    """The wider parts' formats, drawn from their own generator (the first draws stay as they were)."""
    language = ctx["language"]
    if rng.random() < 0.4:
        style = rng.randint(0, 5)
        ctx["issue"] = format_date_wide(issue, language, style)
        ctx["due"] = format_date_wide(due, language, style) if due else None
        if ctx["delivery"]:
            ctx["delivery"] = format_date_wide(issue - dt.timedelta(days=3), language, style)
    if rng.random() < 0.35:
        ctx["amount_sep"] = rng.choice(["\u00a0", " "] if language in ("fr", "en") else ["\u00a0", " ", "."])
    ctx["per_page"] = rng.choice([6, 8, 10])  # lines per page where a layout carries totals over


# ---------------------------------------------------------------------------
# Layouts (HTML + CSS for WeasyPrint)
# ---------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text))


def _amt(ctx: dict, value: Decimal, *, currency: bool = False) -> str:
    return _e(format_amount(value, ctx["language"], ctx["amount_style"], currency=currency, sep=ctx.get("amount_sep")))


def _legal_name(ctx: dict) -> str:
    return f"{ctx['seller']} {ctx['form']}".strip() if ctx["form"] else ctx["seller"]


def _footer_text(ctx: dict) -> str:
    w = ctx["words"]
    parts = []
    if ctx["name_in_footer"]:
        parts.append(_legal_name(ctx))
    if ctx["form"] and ctx["language"] == "fr":
        parts.append(w["capital"].format(form=ctx["form"], capital=ctx["capital"]))
    elif ctx["language"] != "fr":
        parts.append(w["capital"].format(form=ctx["form"], capital=ctx["capital"], city=ctx["city"],
                                         person=ctx["person"]))
    if ctx["language"] == "fr":
        siren = f"{ctx['siren'][:3]} {ctx['siren'][3:6]} {ctx['siren'][6:]}"
        parts.append(w["rcs"].format(city=ctx["city"], siren=siren))
        siret = ctx["siret"]
        parts.append(w["siret"].format(siret=f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"))
    else:
        parts.append(w["rcs"].format(city=ctx["city"], siren=ctx["siren"][:6]))
    parts.append(w["vat_id"].format(vat=ctx["vat"]))
    text = " – ".join(_e(p) for p in parts if p)
    if ctx["iban"]:
        text += f"<br>IBAN : {_e(grouped(ctx['iban']))} – BIC : {_e(ctx['bic'])}"
    return text


def _logo(ctx: dict) -> str:
    initials = "".join(w[0] for w in ctx["seller"].replace("-", " ").split() if w[:1].isalpha())[:3].upper()
    if ctx["logo"] == "initials":
        return (f'<svg width="46" height="46" viewBox="0 0 46 46"><circle cx="23" cy="23" r="22" fill="{ctx["accent"]}"/>'
                f'<text x="23" y="29" font-size="16" text-anchor="middle" fill="white" font-family="DejaVu Sans">'
                f"{_e(initials)}</text></svg>")
    if ctx["logo"] == "box":
        return f'<div style="width:60px;height:30px;background:{ctx["accent"]};display:inline-block"></div>'
    if ctx["logo"] == "slogan":
        slogan = {"fr": "La qualité depuis 1987", "en": "Quality since 1987", "de": "Qualität seit 1987",
                  "es": "Calidad desde 1987", "it": "Qualità dal 1987"}[ctx["language"]]
        return f'<div style="font-style:italic;color:{ctx["accent"]};font-size:8pt">{_e(slogan)}</div>'
    return ""


def _seller_block(ctx: dict, *, name: bool = True) -> str:
    out = []
    if ctx["seller_heading"]:
        out.append(f'<div style="font-size:{ctx["size"] - 1}pt;color:#666">{_e(ctx["words"]["seller_heading"])}</div>')
    if name:
        weight = "bold" if ctx["bold_header"] else "normal"
        out.append(f'<div style="font-size:{ctx["size"] + 5}pt;font-weight:{weight}">{_e(_legal_name(ctx))}</div>')
    out.append(f"<div>{_e(ctx['street'])}</div><div>{_e(ctx['postcode'])} {_e(ctx['city'])}</div>")
    out.append(f"<div>Tél. {_e(ctx['phone'])}</div>" if ctx["language"] == "fr" else f"<div>Tel. {_e(ctx['phone'])}</div>")
    return "".join(out)


def _buyer_block(ctx: dict) -> str:
    w = ctx["words"]
    vat = f"<div>{_e(w['vat_id'].format(vat=ctx['buyer_vat']))}</div>" if ctx["buyer_vat"] else ""
    return (f'<div style="font-weight:bold;color:{ctx["accent"]}">{_e(w["buyer"])}</div>'
            f"<div>{_e(ctx['buyer'])}</div><div>{_e(ctx['buyer_street'])}</div><div>{_e(ctx['buyer_city'])}</div>{vat}")


def _title(ctx: dict) -> str:
    return ctx["words"]["credit_title" if ctx["credit"] else "title"]


def _number_label(ctx: dict) -> str:
    return ctx["words"]["credit_number" if ctx["credit"] else "number"]


def _meta_pairs(ctx: dict) -> list[tuple[str, str]]:
    w = ctx["words"]
    pairs = [(_number_label(ctx), ctx["number"]), (w["date"], ctx["issue"])]
    if ctx["place_date"] and ctx["date_only_in_place"] and ctx["layout"] != "titleline":
        pairs = pairs[:1]  # the issue date is the letter's place and date only
    if ctx["delivery"]:
        pairs.insert(len(pairs) if ctx["rng_state"] < 0.5 else 1, (w["delivery"], ctx["delivery"]))
    if ctx["due"]:
        pairs.append((w["due"], ctx["due"]))
    pairs.append((w["customer_ref"], ctx["customer_ref"]))
    if ctx["rng_state"] < 0.5:
        pairs.append((w["order_ref"], ctx["order_ref"]))
    return pairs


def _place_date(ctx: dict) -> str:
    if not ctx["place_date"]:
        return ""
    text = ctx["words"]["place_date"].format(city=ctx["city"], date=ctx["issue"])
    return f'<p style="text-align:right;margin-top:4mm">{_e(text)}</p>'


def _items_table(ctx: dict) -> str:
    w = ctx["words"]
    heads = {"desc": w["desc"], "qty": w["qty"], "unit": w["unit"], "rate": w["rate"], "amount": w["amount"],
             "ref": "Réf." if ctx["language"] == "fr" else "Ref."}
    rows = []
    for index, item in enumerate(ctx["items"]):
        qty = f"{item['qty']:f}".rstrip("0").rstrip(".") if "." in f"{item['qty']:f}" else f"{item['qty']:f}"
        cells = {"desc": _e(item["desc"]), "qty": _e(qty if ctx["language"] == "en" else qty.replace(".", ",")),
                 "unit": _amt(ctx, item["price"]), "rate": _e(format_rate(item["rate"], ctx["language"])),
                 "amount": _amt(ctx, item["amount"]), "ref": f"A{100 + index * 7}"}
        rows.append("<tr>" + "".join(f'<td class="{c}">{cells[c]}</td>' for c in ctx["columns"]) + "</tr>")
    head = "".join(f'<th class="{c}">{_e(heads[c])}</th>' for c in ctx["columns"])
    return (f'{_place_date(ctx)}<table class="items"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _breakdown(ctx: dict, *, style: str | None = None) -> str:
    if not ctx["show_breakdown"]:
        return ""
    w = ctx["words"]
    if (style or ctx["breakdown_style"]) == "table":  # a table with its own header row: rate | base | tax
        head = "".join(f'<th style="padding:1px 8px;text-align:right">{_e(h)}</th>' for h in w["vat_head"].split("|"))
        rows = "".join(f"<tr><td>{_e(format_rate(r, ctx['language']))}</td><td>{_amt(ctx, b)}</td>"
                       f"<td>{_amt(ctx, t)}</td></tr>" for r, b, t in ctx["breakdown"])
        return f'<table class="vat"><tr>{head}</tr>{rows}</table>'
    rows = "".join(f"<tr><td>{_e(w['rate_row'].format(rate=format_rate(r, ctx['language'])))}</td>"
                   f"<td>{_amt(ctx, b)}</td><td>{_amt(ctx, t)}</td></tr>" for r, b, t in ctx["breakdown"])
    return f'<table class="vat">{rows}</table>'


def _totals_rows(ctx: dict) -> list[tuple[str, str]]:
    w = ctx["words"]
    cur = ctx["currency_on_totals"]
    tva_label = w["tva"]
    if len(ctx["breakdown"]) == 1 and ctx["rng_state"] > 0.6:
        tva_label = w["rate_row"].format(rate=format_rate(ctx["breakdown"][0][0], ctx["language"]))
    rows = [(w["ht"], _amt(ctx, ctx["ht"], currency=cur)), (tva_label, _amt(ctx, ctx["tva"], currency=cur)),
            (w["ttc"], _amt(ctx, ctx["ttc"], currency=True))]
    if ctx["deposit"]:
        rows += [(w["deposit"], _amt(ctx, -ctx["deposit"], currency=cur)),
                 (w["balance"], _amt(ctx, ctx["ttc"] - ctx["deposit"], currency=True))]
    return rows


def _terms(ctx: dict) -> str:
    if not ctx["days"]:
        return ""
    return f"<p>{_e(ctx['words']['terms'].format(days=ctx['days']))}</p>"


def _page(ctx: dict, body: str, *, footer: bool = True) -> str:
    w = ctx["words"]
    page_label = _e(w["page"]).replace("{n}", '" counter(page) "').replace("{total}", '" counter(pages) "')
    footer_css = ('@bottom-center { content: element(footer); }' if footer else "")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 16mm 14mm 30mm 14mm; {footer_css}
  @bottom-right {{ content: "{page_label}"; font-size: 7pt; font-family: "{ctx['font']}"; }} }}
body {{ font-family: "{ctx['font']}"; font-size: {ctx['size']}pt; color: #111; }}
.footer {{ position: running(footer); font-size: 7pt; color: #444; text-align: center; }}
table {{ border-collapse: collapse; }}
table.items {{ width: 100%; margin-top: 8mm; }}
table.items th {{ background: {ctx['accent']}; color: white; padding: 3px 5px; text-align: left; }}
table.items td {{ padding: 3px 5px; border-bottom: 0.5px solid #ccc; }}
td.qty, td.unit, td.rate, td.amount, th.qty, th.unit, th.rate, th.amount {{ text-align: right; }}
table.totals {{ margin-left: auto; margin-top: 5mm; }}
table.totals td {{ padding: 2px 6px; }} table.totals td:last-child {{ text-align: right; }}
table.vat {{ margin-top: 4mm; font-size: {ctx['size'] - 1}pt; }} table.vat td {{ padding: 1px 8px; text-align: right; }}
.legal {{ font-size: 7pt; color: #555; margin-top: 6mm; }}
</style></head><body>{body}</body></html>"""


def _totals_table(ctx: dict, *, grand_style: str = "font-weight:bold") -> str:
    rows = _totals_rows(ctx)
    out = "".join(f"<tr><td>{_e(label)}</td><td>{value}</td></tr>" for label, value in rows[:-1])
    label, value = rows[-1]
    out += f'<tr style="{grand_style}"><td>{_e(label)}</td><td>{value}</td></tr>'
    return f'<table class="totals">{out}</table>'


def _layout_classic(ctx: dict) -> str:
    meta = "".join(f"<div>{_e(label)} : {_e(value)}</div>" for label, value in _meta_pairs(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;width:42%">{_buyer_block(ctx)}</td></tr></table>
<h1 style="font-size:{ctx['size'] + 9}pt;color:{ctx['accent']}">{_e(_title(ctx))}</h1>{meta}
{_items_table(ctx)}{_breakdown(ctx)}{_totals_table(ctx)}{_terms(ctx)}
<p class="legal">{_e(ctx['words']['penalties'])}</p>"""
    return _page(ctx, body)


def _layout_metatable(ctx: dict) -> str:
    pairs = _meta_pairs(ctx)
    head = "".join(f'<th style="text-align:left;padding:2px 8px;border:0.5px solid #999">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="padding:2px 8px;border:0.5px solid #999">{_e(v)}</td>' for _k, v in pairs)
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div style="text-align:right">{_logo(ctx)}</div>{_seller_block(ctx)}
<div style="margin-left:55%;margin-top:6mm">{_buyer_block(ctx)}</div>
<h2 style="color:{ctx['accent']}">{_e(_title(ctx))}</h2><table>{'<tr>' + head + '</tr><tr>' + vals + '</tr>'}</table>
{_items_table(ctx)}{_breakdown(ctx)}{_totals_table(ctx)}{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_sidebar(ctx: dict) -> str:
    meta = "".join(f'<div style="color:#666;font-size:{ctx["size"] - 1}pt;margin-top:3mm">{_e(k)}</div>'
                   f"<div>{_e(v)}</div>" for k, v in _meta_pairs(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top;width:30%">{_logo(ctx)}{_seller_block(ctx)}{meta}</td>
<td style="vertical-align:top;padding-left:8mm"><div style="font-size:{ctx['size'] + 12}pt;text-align:right">
{_e(_title(ctx))}</div>{_buyer_block(ctx)}</td></tr></table>
{_items_table(ctx)}{_breakdown(ctx)}{_totals_table(ctx)}{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_minimal(ctx: dict) -> str:
    meta = "<br>".join(f"{_e(k)}: {_e(v)}" for k, v in _meta_pairs(ctx))
    totals = "<br>".join(f"{_e(k)} {v}" for k, v in _totals_rows(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<p>{_e(_legal_name(ctx))}<br>{_e(ctx['street'])}<br>{_e(ctx['postcode'])} {_e(ctx['city'])}</p>
<p style="margin-left:50%">{_e(ctx['buyer'])}<br>{_e(ctx['buyer_street'])}<br>{_e(ctx['buyer_city'])}</p>
<p><b>{_e(_title(ctx))}</b><br>{meta}</p>{_items_table(ctx)}{_breakdown(ctx)}
<p style="text-align:right">{totals}</p>{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_titleline(ctx: dict) -> str:
    w = ctx["words"]
    joiner = {"fr": "du", "en": "dated", "de": "vom", "es": "de", "it": "del"}[ctx["language"]]
    rest = [(k, v) for k, v in _meta_pairs(ctx)[2:]]
    meta = " · ".join(f"{_e(k)} {_e(v)}" for k, v in rest)
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div style="text-align:right">{_logo(ctx)}<div style="font-size:{ctx['size'] + 4}pt;font-weight:bold">{_e(_legal_name(ctx))}</div>
{_e(ctx['street'])}, {_e(ctx['postcode'])} {_e(ctx['city'])}</div>
<div style="margin-top:8mm;width:50%">{_buyer_block(ctx)}</div>
<h2 style="margin-top:8mm">{_e(_number_label(ctx))} {_e(ctx['number'])} {joiner} {_e(ctx['issue'])}</h2>
<div style="font-size:{ctx['size'] - 1}pt">{meta}</div>
{_items_table(ctx)}{_breakdown(ctx)}{_totals_table(ctx, grand_style='font-weight:bold;font-size:larger')}{_terms(ctx)}
<p class="legal">{_e(w['penalties'])}</p>"""
    return _page(ctx, body)


def _layout_band(ctx: dict) -> str:
    pairs = _meta_pairs(ctx)
    meta = "".join(f"<tr><td style='padding:1px 6px;color:#555'>{_e(k)}</td><td style='padding:1px 6px'>{_e(v)}</td></tr>"
                   for k, v in pairs)
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div style="background:{ctx['accent']};color:white;padding:4mm">{_logo(ctx) if ctx['logo'] != 'box' else ''}
<span style="font-size:{ctx['size'] + 7}pt;font-weight:bold">{_e(_legal_name(ctx))}</span>
<div>{_e(ctx['street'])} · {_e(ctx['postcode'])} {_e(ctx['city'])}</div></div>
<table style="width:100%;margin-top:6mm"><tr><td style="vertical-align:top">{_buyer_block(ctx)}</td>
<td style="vertical-align:top;width:45%"><div style="font-size:{ctx['size'] + 6}pt">{_e(_title(ctx))}</div>
<table>{meta}</table></td></tr></table>
{_items_table(ctx)}{_breakdown(ctx)}{_totals_table(ctx)}{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_footeronly(ctx: dict) -> str:
    """The seller's name only in the legal footer and a logo; the header shows the buyer and the title."""
    ctx = {**ctx, "name_in_footer": True, "logo": "initials"}
    meta = "".join(f"<div>{_e(k)} {_e(v)}</div>" for k, v in _meta_pairs(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}<div>{_e(ctx['street'])}<br>
{_e(ctx['postcode'])} {_e(ctx['city'])}</div></td>
<td style="vertical-align:top;width:45%"><div style="font-size:{ctx['size'] + 8}pt;font-weight:bold">{_e(_title(ctx))}</div>
{meta}<div style="margin-top:5mm">{_buyer_block(ctx)}</div></td></tr></table>
{_items_table(ctx)}{_breakdown(ctx)}{_totals_table(ctx)}{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_grid(ctx: dict) -> str:
    """Totals as one row under column headers (HT | TVA | TTC), meta as a grid of label over value."""
    pairs = _meta_pairs(ctx)
    cells = "".join(f'<td style="padding:2px 10px 6px 0;vertical-align:top"><div style="font-size:{ctx["size"] - 1.5}pt;'
                    f'color:#666">{_e(k)}</div><div>{_e(v)}</div></td>' for k, v in pairs)
    rows = _totals_rows(ctx)
    head = "".join(f'<th style="padding:2px 10px;text-align:right">{_e(k)}</th>' for k, _v in rows)
    vals = "".join(f'<td style="padding:2px 10px;text-align:right">{v}</td>' for _k, v in rows)
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
{_logo(ctx)}{_seller_block(ctx)}
<div style="margin-left:55%">{_buyer_block(ctx)}</div>
<div style="font-size:{ctx['size'] + 10}pt;margin-top:6mm;letter-spacing:1px">{_e(_title(ctx))}</div>
<table><tr>{cells}</tr></table>{_items_table(ctx)}{_breakdown(ctx)}
<table style="margin-left:auto;margin-top:5mm;border:0.5px solid #999"><tr>{head}</tr><tr>{vals}</tr></table>{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_envelope(ctx: dict) -> str:
    """A window-envelope letter (DIN 5008 style): the sender on one small line above the buyer, meta at the right."""
    sender = f"{_legal_name(ctx)} · {ctx['street']} · {ctx['postcode']} {ctx['city']}"
    meta = "".join(f"<tr><td style='padding:1px 8px 1px 0'>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in _meta_pairs(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div style="text-align:right">{_logo(ctx)}<div style="font-size:{ctx['size'] + 6}pt">{_e(_legal_name(ctx))}</div>
<div>{_e(ctx['street'])}<br>{_e(ctx['postcode'])} {_e(ctx['city'])}</div></div>
<table style="width:100%;margin-top:10mm"><tr><td style="vertical-align:top;width:55%">
<div style="font-size:6.5pt;text-decoration:underline">{_e(sender)}</div>
<div>{_e(ctx['buyer'])}<br>{_e(ctx['buyer_street'])}<br>{_e(ctx['buyer_city'])}</div></td>
<td style="vertical-align:top"><table>{meta}</table></td></tr></table>
<h2 style="margin-top:10mm">{_e(_title(ctx))}</h2>
{_items_table(ctx)}{_breakdown(ctx)}{_totals_table(ctx)}{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_boxed(ctx: dict) -> str:
    """Meta in bordered boxes (label over value), the VAT table with its header, totals in a framed box."""
    boxes = "".join(f'<td style="border:0.8px solid {ctx["accent"]};padding:3px 8px;vertical-align:top">'
                    f'<div style="font-size:{ctx["size"] - 2}pt;color:{ctx["accent"]}">{_e(k)}</div>'
                    f"<div>{_e(v)}</div></td>" for k, v in _meta_pairs(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top">{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right">{_logo(ctx)}<div style="font-size:{ctx['size'] + 10}pt;
font-weight:bold">{_e(_title(ctx))}</div></td></tr></table>
<div style="margin:6mm 0 0 50%;border:0.5px solid #999;padding:3mm">{_buyer_block(ctx)}</div>
<table style="margin-top:5mm;border-collapse:separate;border-spacing:4px"><tr>{boxes}</tr></table>
{_items_table(ctx)}{_breakdown(ctx, style="table")}
<div style="border:1px solid {ctx['accent']};margin-left:auto;width:45%;margin-top:4mm">{_totals_table(ctx)}</div>
{_terms(ctx)}"""
    return _page(ctx, body)


def _leader(label: str, value: str, width: int = 46) -> str:
    return f"{_e(label)} {'.' * max(3, width - len(label) - len(value))} {value}"


def _layout_leaders(ctx: dict) -> str:
    """A plain one-column page, labels joined to their values by dot leaders (as older billing software prints)."""
    meta = "<br>".join(_leader(k, _e(v)) for k, v in _meta_pairs(ctx))
    totals = "<br>".join(_leader(k, v, 40) for k, v in _totals_rows(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div style="font-size:{ctx['size'] + 3}pt;font-weight:bold">{_e(_legal_name(ctx))}</div>
<div>{_e(ctx['street'])} – {_e(ctx['postcode'])} {_e(ctx['city'])} – Tel. {_e(ctx['phone'])}</div>
<hr><div style="margin-left:50%">{_buyer_block(ctx)}</div>
<p style="font-size:{ctx['size'] + 4}pt">{_e(_title(ctx))}</p><p>{meta}</p>
{_items_table(ctx)}{_breakdown(ctx)}<p style="text-align:right">{totals}</p>{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_split(ctx: dict) -> str:
    """Title at the left and the seller at the right; buyer, meta and bank details side by side; the grand total boxed."""
    w = ctx["words"]
    meta = "".join(f"<tr><td style='color:#555;padding-right:6px'>{_e(k)}</td><td>{_e(v)}</td></tr>"
                   for k, v in _meta_pairs(ctx))
    bank = (f"<div style='color:#555'>{_e(w['bank'])}</div><div>IBAN {_e(grouped(ctx['iban']))}</div>"
            f"<div>BIC {_e(ctx['bic'])}</div>") if ctx["iban"] else ""
    rows = _totals_rows(ctx)
    lines = "".join(f"<tr><td>{_e(k)}</td><td style='text-align:right'>{v}</td></tr>" for k, v in rows[:2])
    grand = "".join(f"<tr style='background:{ctx['accent']};color:white;font-weight:bold'><td>{_e(k)}</td>"
                    f"<td style='text-align:right'>{v}</td></tr>" for k, v in rows[2:3])
    after = "".join(f"<tr><td>{_e(k)}</td><td style='text-align:right'>{v}</td></tr>" for k, v in rows[3:])
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top;font-size:{ctx['size'] + 12}pt;color:{ctx['accent']}">
{_e(_title(ctx))}</td><td style="vertical-align:top;text-align:right">{_seller_block(ctx)}</td></tr></table>
<table style="width:100%;margin-top:8mm;border-top:1px solid {ctx['accent']}"><tr>
<td style="vertical-align:top;width:36%;padding-top:3mm">{_buyer_block(ctx)}</td>
<td style="vertical-align:top;padding-top:3mm"><table>{meta}</table></td>
<td style="vertical-align:top;padding-top:3mm;font-size:{ctx['size'] - 1}pt">{bank}</td></tr></table>
{_items_table(ctx)}
<table style="width:100%;margin-top:5mm"><tr><td style="vertical-align:top">{_breakdown(ctx, style="table")}</td>
<td style="vertical-align:top;width:45%"><table style="width:100%">{lines}{grand}{after}</table></td></tr></table>
{_terms(ctx)}"""
    return _page(ctx, body)


# ---------------------------------------------------------------------------
# Wider layouts: tuning (dotted, band3, software, carried) and fresh (ledger, letter, columns3, modern)
# ---------------------------------------------------------------------------


def _items_carried(ctx: dict) -> str:
    """The lines' table cut every ``per_page`` lines, the running net total carried to the next page."""
    w = ctx["words"]
    per = ctx.get("per_page", 8)
    items = ctx["items"]
    if len(items) <= per:
        return _items_table(ctx)
    out, running = [], Decimal(0)
    chunks = [items[i:i + per] for i in range(0, len(items), per)]
    for index, chunk in enumerate(chunks):
        part = _items_table({**ctx, "items": chunk, "place_date": ctx["place_date"] and index == 0})
        carry_in = (f'<div style="text-align:right;margin-top:2mm">{_e(w["carry_in"])} {_amt(ctx, running)}</div>'
                    if index else "")
        running += sum((item["amount"] for item in chunk), Decimal(0))
        carry_out = ""
        if index < len(chunks) - 1:
            carry_out = (f'<div style="text-align:right;margin-top:2mm;page-break-after:always">'
                         f'{_e(w["carry_out"])} {_amt(ctx, running)}</div>')
        out.append(carry_in + part + carry_out)
    return "".join(out)


def _layout_dotted(ctx: dict) -> str:
    """Seller at the left, the document's data at the right joined by dot leaders, totals with leaders too."""
    meta = "<br>".join(_leader(k, _e(v), 34) for k, v in _meta_pairs(ctx))
    totals = "<br>".join(_leader(k, v, 36) for k, v in _totals_rows(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;width:48%"><div style="font-size:{ctx['size'] + 6}pt">{_e(_title(ctx))}</div>{meta}</td></tr></table>
<div style="margin:6mm 0 0 50%">{_buyer_block(ctx)}</div>
{_items_table(ctx)}{_breakdown(ctx)}<p style="text-align:right">{totals}</p>{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_band3(ctx: dict) -> str:
    """An information band of three columns: the seller, the buyer, the document's data (label then value)."""
    meta = "".join(f"<tr><td style='padding:0 6px 0 0;white-space:nowrap'>{_e(k)}</td><td style='white-space:nowrap'>"
                   f"{_e(v)}</td></tr>" for k, v in _meta_pairs(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div style="font-size:{ctx['size'] + 10}pt;color:{ctx['accent']}">{_e(_title(ctx))}</div>
<table style="width:100%;margin-top:4mm;border-top:1px solid #999;border-bottom:1px solid #999"><tr>
<td style="vertical-align:top;width:33%;padding:2mm">{_seller_block(ctx)}</td>
<td style="vertical-align:top;width:33%;padding:2mm">{_buyer_block(ctx)}</td>
<td style="vertical-align:top;padding:2mm"><table>{meta}</table></td></tr></table>
{_items_table(ctx)}{_breakdown(ctx)}{_totals_table(ctx)}{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_software(ctx: dict) -> str:
    """As accounting software prints (Sage, EBP): a framed header row of labels over a row of values at the
    top right, the VAT table with its header, the totals in a frame and the amount due alone in a box."""
    pairs = _meta_pairs(ctx)[:4]
    head = "".join(f'<th style="border:0.5px solid #555;padding:2px 6px;font-weight:normal">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="border:0.5px solid #555;padding:2px 6px;text-align:center;white-space:nowrap">{_e(v)}</td>'
                   for _k, v in pairs)
    rows = _totals_rows(ctx)
    lines = "".join(f"<tr><td>{_e(k)}</td><td style='text-align:right'>{v}</td></tr>" for k, v in rows[:-1])
    grand_label, grand = rows[-1]
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top">{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:{ctx['size'] + 8}pt;font-weight:bold">{_e(_title(ctx))}</div>
<table style="margin-left:auto;margin-top:2mm"><tr>{head}</tr><tr>{vals}</tr></table></td></tr></table>
<div style="margin:6mm 0 0 52%;border:0.5px solid #555;padding:2mm">{_buyer_block(ctx)}</div>
{_items_table(ctx)}
<table style="width:100%;margin-top:4mm"><tr><td style="vertical-align:top">{_breakdown(ctx, style="table")}</td>
<td style="vertical-align:top;width:40%"><table style="width:100%;border:0.5px solid #555">{lines}</table>
<table style="width:100%;border:1.5px solid #000;margin-top:2mm;font-weight:bold"><tr><td>{_e(grand_label)}</td>
<td style="text-align:right">{grand}</td></tr></table></td></tr></table>{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_carried(ctx: dict) -> str:
    """A classic page whose lines run over several pages, each ending on the net total carried over."""
    meta = "".join(f"<div>{_e(label)} : {_e(value)}</div>" for label, value in _meta_pairs(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;width:42%">{_buyer_block(ctx)}</td></tr></table>
<h2>{_e(_title(ctx))}</h2>{meta}
{_items_carried(ctx)}{_breakdown(ctx)}{_totals_table(ctx)}{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_ledger(ctx: dict) -> str:
    """Fresh: a framed grid of label-over-value cells (two rows), lines carried over pages, totals framed."""
    pairs = _meta_pairs(ctx)
    half = (len(pairs) + 1) // 2
    grid = "".join("<tr>" + "".join(
        f'<td style="border:0.5px solid #777;padding:2px 6px;vertical-align:top"><div style="font-size:{ctx["size"] - 2}pt;'
        f'color:#555">{_e(k)}</div><div>{_e(v)}</div></td>' for k, v in row) + "</tr>"
        for row in (pairs[:half], pairs[half:]) if row)
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;width:45%"><div style="font-size:{ctx['size'] + 7}pt;font-weight:bold">{_e(_title(ctx))}</div>
<table style="margin-top:2mm">{grid}</table></td></tr></table>
<div style="margin:5mm 0 0 55%">{_buyer_block(ctx)}</div>
{_items_carried(ctx)}{_breakdown(ctx, style="table")}
<div style="border:0.8px solid #333;margin-left:auto;width:42%;margin-top:4mm">{_totals_table(ctx)}</div>{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_letter(ctx: dict) -> str:
    """Fresh: a word-processor letter: sender, addressee, place and date, a subject line, totals as sentences."""
    w = ctx["words"]
    subject = w["subject"].format(number=ctx["number"], date=ctx["issue"])
    place = w["place_date"].format(city=ctx["city"], date=ctx["issue"])
    others = "".join(f"<div>{_e(k)} : {_e(v)}</div>" for k, v in _meta_pairs(ctx)[1:]
                     if k not in (w["date"],))
    totals = "".join(f"<div>{_e(k)} : {v}</div>" for k, v in _totals_rows(ctx))
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div>{_e(_legal_name(ctx))}<br>{_e(ctx['street'])}<br>{_e(ctx['postcode'])} {_e(ctx['city'])}<br>{_e(ctx['phone'])}</div>
<div style="margin:8mm 0 0 55%">{_e(ctx['buyer'])}<br>{_e(ctx['buyer_street'])}<br>{_e(ctx['buyer_city'])}</div>
<div style="margin:8mm 0 0 55%">{_e(place)}</div>
<p style="margin-top:8mm;font-weight:bold">{_e(subject)}</p>{others}
{_items_table({**ctx, "place_date": False})}{_breakdown(ctx)}<div style="margin-top:5mm;margin-left:50%">{totals}</div>{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_columns3(ctx: dict) -> str:
    """Fresh: a three-column band (seller | data with dot leaders | buyer), the totals as a row of boxes."""
    meta = "<br>".join(_leader(k, _e(v), 30) for k, v in _meta_pairs(ctx))
    rows = _totals_rows(ctx)
    boxes = "".join(f'<td style="border:0.5px solid #666;padding:2px 8px;text-align:center"><div style="font-size:'
                    f'{ctx["size"] - 1.5}pt">{_e(k)}</div><div style="font-weight:bold">{v}</div></td>' for k, v in rows)
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div style="font-size:{ctx['size'] + 9}pt;text-align:center;letter-spacing:2px">{_e(_title(ctx))}</div>
<table style="width:100%;margin-top:5mm"><tr>
<td style="vertical-align:top;width:31%">{_seller_block(ctx)}</td>
<td style="vertical-align:top;width:38%;font-size:{ctx['size'] - 0.5}pt">{meta}</td>
<td style="vertical-align:top">{_buyer_block(ctx)}</td></tr></table>
{_items_table(ctx)}{_breakdown(ctx)}
<table style="margin-left:auto;margin-top:5mm;border-collapse:separate;border-spacing:3px"><tr>{boxes}</tr></table>{_terms(ctx)}"""
    return _page(ctx, body)


def _layout_modern(ctx: dict) -> str:
    """Fresh: an online tool's page: a big title and the amount due first, labels in one column and values
    in another far to the right, the seller and buyer side by side under small headings."""
    w = ctx["words"]
    meta = "".join(f"<tr><td style='color:#777;padding:1px 40px 1px 0'>{_e(k)}</td><td>{_e(v)}</td></tr>"
                   for k, v in _meta_pairs(ctx))
    rows = _totals_rows(ctx)
    totals = "".join(f"<tr><td style='padding:2px 60px 2px 0'>{_e(k)}</td><td style='text-align:right'>{v}</td></tr>"
                     for k, v in rows)
    heading = (f'<div style="color:#777;font-size:{ctx["size"] - 1}pt">{_e(w["seller_heading"])}</div>'
               if ctx["seller_heading"] else "")
    body = f"""<div class="footer">{_footer_text(ctx)}</div>
<div style="font-size:{ctx['size'] + 14}pt;font-weight:bold">{_e(_title(ctx))}</div>
<table style="margin-top:4mm">{meta}</table>
<table style="width:100%;margin-top:8mm"><tr><td style="vertical-align:top;width:50%">{heading}
<div style="font-weight:bold">{_e(_legal_name(ctx))}</div><div>{_e(ctx['street'])}</div>
<div>{_e(ctx['postcode'])} {_e(ctx['city'])}</div></td><td style="vertical-align:top">{_buyer_block(ctx)}</td></tr></table>
{_items_table(ctx)}{_breakdown(ctx)}<table style="margin-left:auto;margin-top:6mm">{totals}</table>{_terms(ctx)}"""
    return _page(ctx, body)


def _render(layout: str, ctx: dict) -> str:
    return globals()[f"_layout_{layout}"](ctx)


# ---------------------------------------------------------------------------
# Degraded copies
# ---------------------------------------------------------------------------


def degrade(pdf: bytes, kind: str, seed: int) -> tuple[bytes, str, str]:
    """A copy of ``pdf`` as ``kind``: (data, format, file name suffix).

    ``text`` is the PDF itself; ``scanNNN`` an image-only PDF at NNN dpi (slight skew, noise,
    blur; JPEG-compressed at 150 dpi); ``photo`` a phone-like JPEG of the first page.
    """
    if kind == "text":
        return pdf, "pdf", ".pdf"
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed * 31 + len(kind))
    dpi = 200 if kind == "photo" else int(kind.removeprefix("scan"))
    document = pdfium.PdfDocument(pdf)
    try:
        count = 1 if kind == "photo" else min(len(document), 4)
        images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(count)]
    finally:
        document.close()
    noise = np.random.default_rng(seed)
    out_images = []
    for image in images:
        if kind == "photo":
            out = io.BytesIO()
            _photo(image, rng, noise).save(out, format="JPEG", quality=rng.randint(60, 80))
            return out.getvalue(), "image", ".jpg"
        image = image.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
        if rng.random() < 0.5:
            image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
        arr = np.asarray(image, dtype=np.float32) * rng.uniform(0.88, 1.0) + noise.normal(0, rng.uniform(3, 9), image.size[::-1])
        image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        if kind == "scan150":
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=rng.randint(55, 75))
            image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
        out_images.append(image)
    out = io.BytesIO()
    out_images[0].save(out, format="PDF", resolution=float(dpi), save_all=True, append_images=out_images[1:])
    return out.getvalue(), "pdf", f"-{kind}.pdf"


def _photo(image, rng: random.Random, noise):
    import numpy as np
    from PIL import Image, ImageFilter

    margin = int(image.width * 0.1)
    canvas = Image.new("L", (image.width + 2 * margin, image.height + 2 * margin), rng.randint(40, 90))
    canvas.paste(image, (margin, margin))
    canvas = canvas.rotate(rng.uniform(-3, 3), resample=Image.Resampling.BICUBIC, fillcolor=60)
    w, h = canvas.size
    jitter = [rng.uniform(-0.03, 0.03) * w for _ in range(8)]
    quad = (jitter[0], jitter[1], jitter[2], h + jitter[3], w + jitter[4], h + jitter[5], w + jitter[6], jitter[7])
    canvas = canvas.transform((w, h), Image.Transform.QUAD, quad, resample=Image.Resampling.BICUBIC, fillcolor=60)
    canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    shade = np.linspace(rng.uniform(0.8, 1.0), 1.0, w, dtype=np.float32)[None, :]
    arr = np.asarray(canvas, dtype=np.float32) * shade + noise.normal(0, 7, (h, w))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def write_set(folder: Path, part: str, count: int, kinds: list[str], start: int = 0, *,
              make: Callable[[int], Invoice] | None = None) -> list[Path]:
    """Write ``count`` invoices of ``part`` as each of ``kinds`` with a ``.json`` truth beside each
    (``make``: another family's ``make_invoice(seed)``, such as tests/invoice_generator_blind.py's)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in range(start, start + count):
        invoice = make(seed) if make is not None else make_invoice(seed, part)
        pdf = invoice.pdf()
        for kind in kinds:
            if kind == "photo" and invoice.truth.pages > 1:
                continue
            data, _fmt, suffix = degrade(pdf, kind, seed)
            path = folder / f"{part}-{seed:05d}{suffix}"
            path.write_bytes(data)
            path.with_suffix(".json").write_text(json.dumps({**asdict(invoice.truth), "kind": kind}, indent=1,
                                                            ensure_ascii=False))
            written.append(path)
    return written


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--part", choices=PARTS, default="tuning")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--kinds", default="text")
    args = parser.parse_args()
    for path in write_set(args.folder, args.part, args.count, args.kinds.split(","), args.start):
        print(path)
