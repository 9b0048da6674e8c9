"""Till receipts, restaurant notes and hotel folios printed by POS and PMS software (issue 13, branch caisse-15):
blind seeds 119000–119999.

A till's or a hotel's software prints the invoice's number among many rival codes — the till's ticket, the register,
the operator, the table and its covers, the closing (« Z ») number, the NF525 signature and certificate, the card
terminal's transaction and authorisation codes, the folio, the booking and its confirmation, the room, the page
counter — and its totals among rival amounts (cash tendered and change given, the city tax collected apart, the
deposit paid at booking, the balance). Its dates too have rivals: the stay's arrival and departure, the deposit's
day, the day a duplicate was printed. Drawn from how such software prints them (read, not copied):

- uniCenta oPOS / KrOS POS (``poolborges/unicenta-pos``,
  ``kriolos-opos-app/src/main/resources/com/openbravo/pos/templates/Printer.Ticket.xml``) and Chromis POS
  (``ChromisPos/ChromisPOS``, ``src-pos/uk/chromis/pos/templates/Printer.Ticket.xml``, ``locales/pos_messages_fr``,
  ``_it``, ``_es``, ``_de.properties``): a 42-column monospaced slip, the ticket's id, date, terminal, « Served by »
  and table on short labelled lines (« Ticket », « Table », « Utilisateur », « Terminal »; « Scontrino # »,
  « Tavolo »; « Ticket # », « Mesa »; « Tisch », « Belegnummer »), the lines « Item / Price / Qty / Value », then
  « Subtotal / Tax / Total », one line per tax rate, the cash « Tendered » and « Change », the card's « Tranx ID »
  and « Auth Code »;
- Odoo's point-of-sale receipt (``addons/point_of_sale/static/src/xml`` ``OrderReceipt``, its ``i18n/fr.po``): the
  order's reference and the date printed at the foot (« Commande 00012-003-0004 »), « Servi par », the tax table
  (rate, base, tax, total), the payment and the change;
- HotelDruid, an Italian open-source PMS (``RolfEleveld/hoteldruid``, ``hoteldruid/includes/hoteld_doc_backup.php``
  and ``includes/lang/en``, ``/es`` copies): the number and the date on one line (« Fattura n. 12 del 05/03/2025 »,
  « Invoice n. 12 released on … », « Factura n. 12 del … »), « Pernottamento dal … al … per 2 persone », the taxable
  base and the tax per rate (« Imponibile al 10% », « Iva al 10% »), « Totale Imponibile », « Totale Imposte »,
  « Totale Fattura », a city tax line (« Tassa: "Imposta di soggiorno" »);
- French rules for tills and notes: the note a restaurant or a hotel must hand over (arrêté n° 83-50/A du
  3 octobre 1983: date, name and address, detailed count, total), the mentions a certified till (NF525, article 286
  I 3° bis du CGI) prints: the ticket's number, the register, the operator, the software's name and version, the
  signature, « Duplicata » with its number when printed again; the invoice asked for by a company (« Facture n° »,
  article 242 nonies A de l'annexe II au CGI) beside the ticket's or the note's number; the hotel's folio with its
  « Arrhes » or « Acompte » deducted and the « Taxe de séjour » (« Imposta di soggiorno », « Kurtaxe »,
  « Tasa turística », « City tax ») collected for the town, outside the VAT.

French first (six in ten), then English, German, Spanish and Italian. Reached from
:func:`invoice_generator_blind.make_invoice` for seeds in [CAISSE_FROM, CAISSE_TO) by a lazy import. Seeds
119000–119749 tune, 119750–119999 are held out (measured, their misses never read). The truth's number is the
invoice's (the ticket's, the note's, the order's or the folio's when nothing else numbers the page); its totals are
the invoice's (the city tax collected apart, the cash tendered and the balance after a deposit are not); its due date
the one printed, or none.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import partial
import string
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator import money
from invoice_generator_blind import _buyer_block, _e, _m, _seller_block, date_text

CAISSE_FROM = 119_000
CAISSE_TO = 120_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 119_750
LAYOUTS = ("ca_ticket", "ca_note", "ca_odoo", "ca_druid", "ca_folio")
WEIGHTS = (0.6, 0.1, 0.1, 0.1, 0.1)  # fr, en, de, es, it (blind.LANGUAGES)

# Keys start with « ca_ ».
CAISSE_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "ca_credit": ["Avoir n°", "N° d'avoir"],
        "ca_invoice": ["Facture n°", "FACTURE N°", "Facture numéro"],
        "ca_ticket": ["Ticket n°", "Ticket :", "N° de ticket"],
        "ca_register": ["Caisse", "Caisse n°", "Poste"],
        "ca_operator": ["Opérateur", "Vous avez été servi par", "Utilisateur", "Serveur(se)"],
        "ca_table": ["Table", "Table num."],
        "ca_covers": ["Couv.", "Nb couverts", "Cvt"],
        "ca_note": ["Note #", "Note numéro"],
        "ca_order": ["Commande POS", "Réf. commande"],
        "ca_date": ["Date", "Le"],
        "ca_hour": ["à", "Heure"],
        "ca_items": ["Article", "Désignation"],
        "ca_price": ["Prix", "P.U. TTC"],
        "ca_qty": ["Qté", "Quantité"],
        "ca_value": ["Valeur", "Montant TTC"],
        "ca_count": ["Nombre d'articles", "Nb articles"],
        "ca_subtotal": ["Sous-total HT", "Total hors taxes"],
        "ca_taxes": ["Total taxes", "Montant TVA"],
        "ca_total": ["TOTAL TTC", "Total à payer TTC", "Total TTC"],
        "ca_of_which": ["dont TVA", "Dont TVA"],
        "ca_rate": ["Taux"],
        "ca_base": ["Base HT", "HT"],
        "ca_tax": ["TVA"],
        "ca_gross": ["TTC"],
        "ca_cash": ["Espèces", "Règlement espèces"],
        "ca_tendered": ["Reçu", "Montant remis"],
        "ca_change": ["Rendu", "Monnaie rendue"],
        "ca_card": ["Carte bancaire", "CB sans contact"],
        "ca_tranx": ["N° transaction", "Transaction"],
        "ca_auth": ["N° autorisation", "Autorisation"],
        "ca_terminal": ["Terminal", "TPE"],
        "ca_closing": ["Clôture n°", "Z n°"],
        "ca_software": ["Logiciel", "Application de caisse"],
        "ca_signature": ["Signature", "Empreinte"],
        "ca_certificate": ["Certificat NF525 n°", "Certifié NF 525 – certificat"],
        "ca_duplicate": ["DUPLICATA", "Duplicata n°"],
        "ca_printed": ["Réimprimé le", "Imprimé le"],
        "ca_customer": ["Client", "Facturé à"],
        "ca_invoice_title": ["FACTURE", "Facture"],
        "ca_note_title": ["NOTE", "Note de restaurant", "ADDITION"],
        "ca_service": ["Service compris", "Prix nets, service compris"],
        "ca_thanks": ["Merci de votre visite", "Merci et à bientôt"],
        "ca_folio": ["Folio numéro", "N° folio"],
        "ca_confirm": ["N° de confirmation", "Confirmation n°"],
        "ca_booking": ["N° de réservation", "Réservation n°"],
        "ca_room": ["Chbre n°", "Chambre n°"],
        "ca_arrival": ["Arrivée le", "Date arrivée"],
        "ca_departure": ["Départ le", "Date départ"],
        "ca_persons": ["Personnes", "Nb pers."],
        "ca_cashier": ["Caissier", "Réceptionniste"],
        "ca_page": ["Page {} / {}", "Page {} sur {}"],
        "ca_deposit": ["Arrhes versées le {}", "Acompte versé le {}"],
        "ca_balance": ["Solde à régler", "Reste à payer"],
        "ca_city_tax": ["Taxe de séjour", "Taxe de séjour (non soumise à TVA)"],
        "ca_to_pay": ["Montant à régler", "Total à régler"],
        "ca_stay": ["Hébergement du {} au {} pour {} personnes", "Séjour du {} au {}, {} pers."],
        "ca_druid_head": ["Facture n. {} du {}", "Facture n° {} du {}"],
        "ca_druid_base": ["Base imposable à {}", "Total HT à {}"],
        "ca_druid_vat": ["TVA à {}", "Montant TVA à {}"],
        "ca_druid_total_base": ["Total base imposable", "Total HT"],
        "ca_druid_total_tax": ["Total des taxes", "Total TVA"],
        "ca_druid_total": ["Total facture", "Montant total de la facture"],
        "ca_due": ["Échéance", "À payer avant le"],
        "ca_food": ["Menu du jour", "Plat du jour", "Entrée du marché", "Tarte maison", "Café gourmand", "Carafe d'eau",
                    "Verre de côtes-du-rhône", "Bière pression", "Formule midi", "Kir"],
        "ca_hotel": ["Nuitée chambre double", "Petit déjeuner", "Dîner", "Parking", "Bar", "Mini-bar", "Pressing",
                     "Location de salle", "Room service", "Spa"],
    },
    "en": {
        "ca_credit": ["Credit note no.", "Refund no."],
        "ca_invoice": ["Tax invoice no.", "Invoice #"],
        "ca_ticket": ["Receipt No:", "Sales receipt:"],
        "ca_register": ["Register", "Till no."],
        "ca_operator": ["Served by:", "Cashier:", "Operator:"],
        "ca_table": ["Table:"],
        "ca_covers": ["Covers:", "Guests:"],
        "ca_note": ["Check #", "Bill #"],
        "ca_order": ["Order", "POS order"],
        "ca_date": ["Date:"],
        "ca_hour": ["at", "Time:"],
        "ca_items": ["Item"],
        "ca_price": ["Price"],
        "ca_qty": ["Qty"],
        "ca_value": ["Value", "Amount"],
        "ca_count": ["Items count:"],
        "ca_subtotal": ["Nett of Tax:", "Subtotal"],
        "ca_taxes": ["Taxes:", "Tax"],
        "ca_total": ["TOTAL", "Total due"],
        "ca_of_which": ["incl. VAT"],
        "ca_rate": ["Rate"],
        "ca_base": ["Net"],
        "ca_tax": ["VAT"],
        "ca_gross": ["Gross"],
        "ca_cash": ["Cash"],
        "ca_tendered": ["Tendered:"],
        "ca_change": ["Change:"],
        "ca_card": ["CARD SALE", "Card payment"],
        "ca_tranx": ["Tranx ID:"],
        "ca_auth": ["Auth Code:"],
        "ca_terminal": ["Terminal:"],
        "ca_closing": ["Z report no."],
        "ca_software": ["Software"],
        "ca_signature": ["Signature"],
        "ca_certificate": ["Certificate no."],
        "ca_duplicate": ["DUPLICATE", "Copy no."],
        "ca_printed": ["Reprinted on", "Printed"],
        "ca_customer": ["Customer:", "Billed to"],
        "ca_invoice_title": ["TAX INVOICE", "Invoice"],
        "ca_note_title": ["GUEST CHECK", "Bill"],
        "ca_service": ["Service included"],
        "ca_thanks": ["Please call again", "Thank you for dining with us"],
        "ca_folio": ["Folio number", "Guest folio"],
        "ca_confirm": ["Confirmation no."],
        "ca_booking": ["Booking ref."],
        "ca_room": ["Room number", "Rm."],
        "ca_arrival": ["Arr. date"],
        "ca_departure": ["Dep. date"],
        "ca_persons": ["Persons"],
        "ca_cashier": ["Clerk"],
        "ca_page": ["Page {} of {}"],
        "ca_deposit": ["Deposit paid on {}", "Advance received {}"],
        "ca_balance": ["Balance to pay"],
        "ca_city_tax": ["City tax", "Tourist tax (no VAT)"],
        "ca_to_pay": ["Payable now", "Grand total to pay"],
        "ca_stay": ["Stay from {} to {} for {} people"],
        "ca_druid_head": ["Invoice n. {} released on {}"],
        "ca_druid_base": ["Taxable amount at {}"],
        "ca_druid_vat": ["VAT at {}"],
        "ca_druid_total_base": ["Total taxable amount"],
        "ca_druid_total_tax": ["Total taxes"],
        "ca_druid_total": ["Invoice total"],
        "ca_due": ["Payment due"],
        "ca_food": ["Soup of the day", "Fish and chips", "Caesar salad", "Cheesecake", "Espresso", "Sparkling water",
                    "Glass of merlot", "Pint of stout", "Lunch special", "Irish coffee"],
        "ca_hotel": ["Double room", "Full breakfast", "Dinner", "Car park", "Bar", "Minibar", "Laundry service",
                     "Meeting room", "Room service", "Spa"],
    },
    "de": {
        "ca_credit": ["Gutschrift Nr.", "Gutschrift-Nr."],
        "ca_invoice": ["Rechnung Nr.", "Rechnungs-Nr.:"],
        "ca_ticket": ["Belegnummer", "Beleg-Nr.:"],
        "ca_register": ["Kasse", "Kassen-Nr."],
        "ca_operator": ["Benutzer:", "Es bediente Sie:", "Kellner"],
        "ca_table": ["Tisch", "Tisch Nr."],
        "ca_covers": ["Gedecke", "Personen"],
        "ca_note": ["Bon-Nr.", "Bonnummer:"],
        "ca_order": ["Bestellung", "Auftragsnr."],
        "ca_date": ["Datum:", "Datum"],
        "ca_hour": ["Zeit:"],
        "ca_items": ["Artikel"],
        "ca_price": ["Preis"],
        "ca_qty": ["Menge"],
        "ca_value": ["Betrag"],
        "ca_count": ["Anzahl Artikel:"],
        "ca_subtotal": ["Zwischensumme netto", "Netto"],
        "ca_taxes": ["Steuern", "MwSt. gesamt"],
        "ca_total": ["SUMME EUR", "Gesamtbetrag"],
        "ca_of_which": ["enthaltene MwSt."],
        "ca_rate": ["Satz"],
        "ca_base": ["Netto"],
        "ca_tax": ["MwSt."],
        "ca_gross": ["Brutto"],
        "ca_cash": ["Bar", "Barzahlung"],
        "ca_tendered": ["Gegeben", "Bar gegeben"],
        "ca_change": ["Rückgeld", "Zurück"],
        "ca_card": ["Girocard", "Kartenzahlung"],
        "ca_tranx": ["Trace-Nr.", "Transaktion"],
        "ca_auth": ["Genehmigungs-Nr."],
        "ca_terminal": ["Terminal-ID"],
        "ca_closing": ["Z-Bon Nr."],
        "ca_software": ["Kassensoftware"],
        "ca_signature": ["TSE-Signatur", "Signatur"],
        "ca_certificate": ["TSE-Seriennr."],
        "ca_duplicate": ["KOPIE", "Duplikat"],
        "ca_printed": ["Nachdruck vom", "Gedruckt am"],
        "ca_customer": ["Kunde:", "Rechnungsempfänger"],
        "ca_invoice_title": ["RECHNUNG", "Bewirtungsbeleg"],
        "ca_note_title": ["Gästerechnung", "BON"],
        "ca_service": ["Bedienung inklusive"],
        "ca_thanks": ["Vielen Dank und bis bald", "Danke für Ihren Besuch!"],
        "ca_folio": ["Gastfolio", "Folio-Nummer"],
        "ca_confirm": ["Bestätigungsnummer"],
        "ca_booking": ["Reservierungsnummer"],
        "ca_room": ["Zimmernr.", "Zi."],
        "ca_arrival": ["Anreise am"],
        "ca_departure": ["Abreise am"],
        "ca_persons": ["Pers."],
        "ca_cashier": ["Sachbearbeiter Rezeption", "Rezeption"],
        "ca_page": ["Seite {} von {}"],
        "ca_deposit": ["Anzahlung erhalten am {}", "Vorauszahlung am {}"],
        "ca_balance": ["Restbetrag", "Noch zu zahlen"],
        "ca_city_tax": ["Kurtaxe", "Kurbeitrag (ohne MwSt.)"],
        "ca_to_pay": ["Zu zahlen", "Zahlbetrag"],
        "ca_stay": ["Aufenthalt vom {} bis {} für {} Personen"],
        "ca_druid_head": ["Rechnung Nr. {} vom {}"],
        "ca_druid_base": ["Steuerpflichtiger Betrag zu {}"],
        "ca_druid_vat": ["MwSt. zu {}"],
        "ca_druid_total_base": ["Summe steuerpflichtig"],
        "ca_druid_total_tax": ["Summe Steuern"],
        "ca_druid_total": ["Rechnungssumme"],
        "ca_due": ["Fällig am"],
        "ca_food": ["Tagessuppe", "Schnitzel", "Salatteller", "Apfelstrudel", "Espresso", "Mineralwasser 0,5 l",
                    "Weißwein 0,2 l", "Pils 0,4 l", "Mittagstisch", "Cappuccino"],
        "ca_hotel": ["Doppelzimmer", "Frühstücksbuffet", "Abendessen", "Tiefgarage", "Bar", "Minibar", "Wäscheservice",
                     "Tagungsraum", "Zimmerservice", "Wellness"],
    },
    "es": {
        "ca_credit": ["Factura rectificativa nº", "Rectificativa núm."],
        "ca_invoice": ["Factura nº", "Factura núm."],
        "ca_ticket": ["Ticket #", "Tique nº"],
        "ca_register": ["Caja", "Caja nº"],
        "ca_operator": ["Atendido por:", "Camarero/a:", "Usuario:"],
        "ca_table": ["Mesa núm.", "Nº mesa"],
        "ca_covers": ["Nº comensales", "Cubiertos"],
        "ca_note": ["Cuenta núm.", "Comanda"],
        "ca_order": ["Pedido", "Ref. pedido"],
        "ca_date": ["Fecha:", "Fecha"],
        "ca_hour": ["a las", "Hora:"],
        "ca_items": ["Artículo"],
        "ca_price": ["Precio"],
        "ca_qty": ["Cant."],
        "ca_value": ["Importe"],
        "ca_count": ["Nº de artículos:"],
        "ca_subtotal": ["Base imponible", "Subtotal"],
        "ca_taxes": ["Impuestos", "Cuota IVA"],
        "ca_total": ["TOTAL", "Total a pagar"],
        "ca_of_which": ["IVA incluido"],
        "ca_rate": ["Tipo"],
        "ca_base": ["Base"],
        "ca_tax": ["Cuota"],
        "ca_gross": ["Total"],
        "ca_cash": ["Efectivo", "Contado"],
        "ca_tendered": ["Entregado", "Recibido"],
        "ca_change": ["Cambio", "Devolución"],
        "ca_card": ["Tarjeta", "Pago con tarjeta"],
        "ca_tranx": ["Nº operación"],
        "ca_auth": ["Autorización"],
        "ca_terminal": ["Terminal"],
        "ca_closing": ["Cierre Z nº"],
        "ca_software": ["Programa de caja"],
        "ca_signature": ["Huella", "Firma"],
        "ca_certificate": ["Código VeriFactu"],
        "ca_duplicate": ["COPIA", "Duplicado"],
        "ca_printed": ["Reimpreso el", "Impreso el"],
        "ca_customer": ["Cliente:", "Datos del cliente"],
        "ca_invoice_title": ["FACTURA", "Factura completa"],
        "ca_note_title": ["CUENTA", "Ticket de mesa"],
        "ca_service": ["Servicio incluido"],
        "ca_thanks": ["Gracias por su visita", "¡Hasta pronto!"],
        "ca_folio": ["Número de folio"],
        "ca_confirm": ["Nº de confirmación"],
        "ca_booking": ["Localizador de reserva"],
        "ca_room": ["Habitación nº", "Nº hab."],
        "ca_arrival": ["Fecha llegada"],
        "ca_departure": ["Fecha salida"],
        "ca_persons": ["Personas"],
        "ca_cashier": ["Recepcionista"],
        "ca_page": ["Página {} de {}"],
        "ca_deposit": ["Señal pagada el {}", "Anticipo cobrado el {}"],
        "ca_balance": ["Pendiente de pago"],
        "ca_city_tax": ["Tasa turística", "Impuesto sobre estancias turísticas"],
        "ca_to_pay": ["Total a abonar", "Importe a pagar"],
        "ca_stay": ["Estancia del {} al {} para {} personas"],
        "ca_druid_head": ["Factura n. {} del {}"],
        "ca_druid_base": ["Imponible al {}"],
        "ca_druid_vat": ["IVA al {}"],
        "ca_druid_total_base": ["Total Imponible"],
        "ca_druid_total_tax": ["Suma impuestos"],
        "ca_druid_total": ["Total Factura"],
        "ca_due": ["Vence el"],
        "ca_food": ["Menú del día", "Tortilla de patatas", "Ensalada mixta", "Flan casero", "Café solo", "Agua mineral",
                    "Copa de rioja", "Caña", "Menú ejecutivo", "Carajillo"],
        "ca_hotel": ["Habitación doble", "Desayuno bufé", "Cena", "Aparcamiento", "Bar", "Minibar", "Lavandería",
                     "Sala de reuniones", "Servicio de habitaciones", "Spa"],
    },
    "it": {
        "ca_credit": ["Nota di credito n.", "Nota credito n."],
        "ca_invoice": ["Fattura n.", "Fattura num."],
        "ca_ticket": ["Scontrino #", "Documento n."],
        "ca_register": ["Cassa", "Cassa n."],
        "ca_operator": ["Operatore cassa:", "Servito da:", "Utente:"],
        "ca_table": ["Tavolo n.", "N. tavolo"],
        "ca_covers": ["Coperti n.", "Persone"],
        "ca_note": ["Conto num.", "Preconto num."],
        "ca_order": ["Ordine", "Rif. ordine"],
        "ca_date": ["Data:", "Data"],
        "ca_hour": ["ore", "Ora:"],
        "ca_items": ["Articolo"],
        "ca_price": ["Prezzo"],
        "ca_qty": ["Qtà"],
        "ca_value": ["Importo"],
        "ca_count": ["Numero articoli:"],
        "ca_subtotal": ["Subtotale", "Imponibile"],
        "ca_taxes": ["Imposte", "Totale IVA"],
        "ca_total": ["TOTALE COMPLESSIVO", "Totale EURO"],
        "ca_of_which": ["di cui IVA"],
        "ca_rate": ["Aliquota"],
        "ca_base": ["Imponibile"],
        "ca_tax": ["Imposta"],
        "ca_gross": ["Totale"],
        "ca_cash": ["Contanti", "Pagamento contante"],
        "ca_tendered": ["Ricevuti", "Contante ricevuto"],
        "ca_change": ["Resto"],
        "ca_card": ["Carta", "Pagamento elettronico"],
        "ca_tranx": ["Id transazione"],
        "ca_auth": ["Cod. autorizzazione"],
        "ca_terminal": ["Terminale"],
        "ca_closing": ["Chiusura n."],
        "ca_software": ["Software di cassa"],
        "ca_signature": ["Sigillo", "Firma"],
        "ca_certificate": ["Matricola RT"],
        "ca_duplicate": ["COPIA", "Duplicato"],
        "ca_printed": ["Ristampato il", "Stampato il"],
        "ca_customer": ["Cliente:", "Spett.le"],
        "ca_invoice_title": ["FATTURA", "Fattura cliente"],
        "ca_note_title": ["CONTO", "Preconto"],
        "ca_service": ["Servizio incluso"],
        "ca_thanks": ["Grazie e arrivederci", "Arrivederci e grazie"],
        "ca_folio": ["Numero folio"],
        "ca_confirm": ["N. conferma"],
        "ca_booking": ["Rif. prenotazione"],
        "ca_room": ["Camera n.", "N. camera"],
        "ca_arrival": ["Arrivo il"],
        "ca_departure": ["Partenza il"],
        "ca_persons": ["Persone"],
        "ca_cashier": ["Addetto ricevimento"],
        "ca_page": ["Pagina {} di {}"],
        "ca_deposit": ["Caparra versata il {}", "Acconto incassato il {}"],
        "ca_balance": ["Saldo da pagare"],
        "ca_city_tax": ["Imposta di soggiorno", "Tassa: \"Imposta di soggiorno\""],
        "ca_to_pay": ["Totale da pagare", "Netto a pagare"],
        "ca_stay": ["Pernottamento dal {} al {} per {} persone"],
        "ca_druid_head": ["Fattura n. {} del {}"],
        "ca_druid_base": ["Imponibile al {}"],
        "ca_druid_vat": ["Iva al {}"],
        "ca_druid_total_base": ["Totale Imponibile"],
        "ca_druid_total_tax": ["Totale IVA fattura"],
        "ca_druid_total": ["Totale Fattura"],
        "ca_due": ["Data scadenza"],
        "ca_food": ["Antipasto misto", "Tagliatelle al ragù", "Insalata mista", "Tiramisù", "Caffè", "Acqua naturale",
                    "Calice di chianti", "Birra media", "Menù pranzo", "Amaro"],
        "ca_hotel": ["Camera doppia", "Colazione", "Cena", "Parcheggio", "Bar", "Minibar", "Lavanderia",
                     "Sala riunioni", "Servizio in camera", "Centro benessere"],
    },
}
blind.add_labels(CAISSE_LABELS)

SOFTWARE = ["Caissa Pro 4.2", "TillMaster 7.1", "Restoflow 3.0.8", "HotelDesk 12.4", "PosNova 2.9"]


def label_strings() -> set[str]:
    """Every label wording of this module (for the tests that compare families' wordings)."""
    return blind.wordings(CAISSE_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``'s page."""
    return blind.module_draw("caisse", seed, LAYOUTS, WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [CAISSE_FROM, CAISSE_TO)): the family's draws, this module's page; the truth's
    number is the one the page gives the invoice, its due date the one printed (or none)."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.invoice_number = ctx["number"]
    truth.due_date = ctx["ca_due_day"].isoformat() if ctx.get("ca_due_day") else None
    return invoice


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _r(ctx: dict) -> random.Random:
    if "ca_rng" not in ctx:
        ctx["ca_rng"] = random.Random(f"blind-caisse-render-{ctx['number']}-{ctx['issue_day']}")
    return ctx["ca_rng"]


def _w(ctx: dict, key: str) -> str:
    return _r(ctx).choice(CAISSE_LABELS[ctx["language"]][key])


#: Digits with no leading zero (the blind family's draw, the same random calls).
_digits = partial(blind._digits, first=1)


def _d(ctx: dict, day: dt.date) -> str:
    style = ctx.setdefault("ca_style", _r(ctx).choice(["num", "num", "num", "short", "iso"]))
    return date_text(day, ctx["language"], style, ctx.setdefault("ca_variant", _r(ctx).randint(0, 5)))


def _hour(ctx: dict) -> str:
    rng = _r(ctx)
    return ctx.setdefault("ca_hour", f"{rng.randint(11, 22):02d}:{rng.randint(0, 59):02d}")


def _rate(ctx: dict, rate: str) -> str:
    return blind.rate_text(rate, ctx["language"])


def _invoice_number(ctx: dict) -> str:
    """The invoice's number as tills and PMS number the invoices they print on demand."""
    rng, year = _r(ctx), ctx["issue_day"].year
    return rng.choice([f"F{year}-{rng.randint(1, 99999):05d}", f"FC{_digits(rng, 6)}", f"{year}/{rng.randint(1, 99999):05d}",
                       f"FAC-{year % 100:02d}-{rng.randint(1, 9999):04d}", f"{rng.randint(1, 9)}-{rng.randint(1, 99999):06d}",
                       ctx["number"]])


def _ticket_number(ctx: dict) -> str:
    """The till's ticket number: a running count, padded, sometimes with the register's number before it."""
    rng = _r(ctx)
    return rng.choice([f"{rng.randint(1, 999999):06d}", f"{rng.randint(1, 9)}-{rng.randint(1, 99999):05d}",
                       f"T{_digits(rng, 7)}", str(rng.randint(100, 99999))])


def _ttc_lines(ctx: dict) -> list[Decimal]:
    """Each line's amount with its VAT, as tills print them; the last line of each rate takes the rounding, so that
    the lines of a rate add up to its base with its tax (before a discount, printed apart)."""
    out = [money(line["amount"] * (1 + Decimal(line["rate"]) / 100)) for line in ctx["lines"]]
    for rate in {line["rate"] for line in ctx["lines"]}:
        index = [i for i, line in enumerate(ctx["lines"]) if line["rate"] == rate]
        base = sum((ctx["lines"][i]["amount"] for i in index), Decimal(0))
        want = money(base * (1 + Decimal(rate) / 100))
        out[index[-1]] += want - sum((out[i] for i in index), Decimal(0))
    return out


def _discount_ttc(ctx: dict, lines: list[Decimal]) -> Decimal:
    """The discount as the till prints it: what the lines with their VAT add up to above the total."""
    return sum(lines, Decimal(0)) - ctx["ttc"]


def _used(ctx: dict) -> list[tuple[str, Decimal, Decimal]]:
    """The rates the lines used: a till prints a row per tax of the ticket (uniCenta's ``#foreach ($taxinfo in
    $taxes)``), none for a rate no line bears."""
    return [(rate, base, tax) for rate, base, tax in ctx["breakdown"] if base or tax]


def _vat_table(ctx: dict) -> str:
    """The tax table of tills: one row per rate, its base, its tax, its total."""
    head = "".join(f"<th class='n'>{_e(_w(ctx, k))}</th>" for k in ("ca_rate", "ca_base", "ca_tax", "ca_gross"))
    rows = "".join(f"<tr><td class='n'>{_e(_rate(ctx, rate))}</td><td class='n'>{_m(ctx, base, False)}</td>"
                   f"<td class='n'>{_m(ctx, tax, False)}</td><td class='n'>{_m(ctx, base + tax, False)}</td></tr>"
                   for rate, base, tax in _used(ctx))
    return f'<table class="lines" style="width:100%;margin-top:2mm"><tr>{head}</tr>{rows}</table>'


def _pay(ctx: dict) -> list[tuple[str, str]]:
    """The payment's rows: cash tendered (rounded up) and change, or a card's transaction and authorisation codes."""
    rng, ttc = _r(ctx), ctx["ttc"]
    if ctx["credit"] or ttc <= 0:
        return []
    if rng.random() < 0.5:
        step = Decimal(rng.choice([5, 10, 20, 50]))
        given = (ttc / step).to_integral_value(rounding="ROUND_CEILING") * step
        if given == ttc:
            given += step
        return [(_w(ctx, "ca_cash"), ""), (_w(ctx, "ca_tendered"), _m(ctx, given)), (_w(ctx, "ca_change"), _m(ctx, given - ttc))]
    rows = [(_w(ctx, "ca_card"), _m(ctx, ttc)), (_w(ctx, "ca_tranx"), _digits(rng, rng.choice([6, 8, 12]))),
            (_w(ctx, "ca_auth"), f"{rng.randint(0, 999999):06d}")]
    if rng.random() < 0.5:
        rows.append((_w(ctx, "ca_terminal"), _digits(rng, 8)))
    return rows


def _legal(ctx: dict) -> str:
    """The till's small print: the company's name and form, SIRET and VAT number (or the country's), the software
    and its certificate, the signature's head."""
    rng = _r(ctx)
    parts = [ctx["legal_name"]]
    if ctx["siren"]:
        parts.append(f"SIRET {ctx['siren'].replace(' ', '')}{_digits(rng, 5)}")
    if ctx["seller_vat"]:
        parts.append({"fr": "N° TVA", "en": "VAT No.", "de": "USt-IdNr.", "es": "NIF", "it": "P. IVA"}[ctx["language"]]
                     + f" {ctx['seller_vat']}")
    out = f'<div class="muted" style="font-size:7.5pt">{" – ".join(_e(p) for p in parts)}</div>'
    if rng.random() < 0.7:
        sig = "".join(rng.choice("0123456789ABCDEF") for _ in range(rng.choice([8, 12, 16])))
        out += (f'<div class="muted" style="font-size:7.5pt">{_e(_w(ctx, "ca_software"))} {_e(rng.choice(SOFTWARE))} – '
                f'{_e(_w(ctx, "ca_certificate"))} {rng.randint(100, 999)}-{rng.randint(10, 99)} – '
                f'{_e(_w(ctx, "ca_signature"))} {sig}</div>')
    return out


def _due(ctx: dict) -> list[tuple[str, str]]:
    """A due date when the invoice is sent to a company (a quarter of them), none when paid at the till."""
    if ctx["due_day"] and _r(ctx).random() < 0.25:
        ctx["ca_due_day"] = ctx["due_day"]
        return [(_w(ctx, "ca_due"), _d(ctx, ctx["due_day"]))]
    return []


def _rows(pairs: list[tuple[str, str]], *, bold_last: bool = False) -> str:
    body = "".join(f'<tr class="{"strong" if bold_last and i == len(pairs) - 1 else ""}"><td>{_e(k)}</td>'
                   f'<td class="n">{v}</td></tr>' for i, (k, v) in enumerate(pairs))
    return f'<table class="tot" style="width:100%">{body}</table>'


def _kv(ctx: dict, pairs: list[tuple[str, str]], width: str = "30mm") -> str:
    sep = " :" if ctx["language"] == "fr" and _r(ctx).random() < 0.5 else ""
    return "".join(f'<div><span style="display:inline-block;width:{width}">{_e(k)}{sep if not k.endswith(":") else ""}</span>'
                   f'{_e(v)}</div>' for k, v in pairs)


def _duplicate(ctx: dict) -> str:
    """« Duplicata » with its number and the day it was printed again (after the issue day), a tenth of the slips."""
    rng = _r(ctx)
    if rng.random() >= 0.15:
        return ""
    again = ctx["issue_day"] + dt.timedelta(days=rng.randint(1, 40))
    return (f'<div class="strong" style="text-align:center">{_e(_w(ctx, "ca_duplicate"))} {rng.randint(1, 3)}</div>'
            f'<div style="text-align:center">{_e(_w(ctx, "ca_printed"))} {_e(_d(ctx, again))} {rng.randint(8, 19):02d}:'
            f'{rng.randint(0, 59):02d}</div>')


def _discount_label(ctx: dict) -> str:
    pct = f"{ctx['discount_pct']} %" if ctx["language"] in ("fr", "de") else f"{ctx['discount_pct']}%"
    return ctx["labels"]["discount"][0].format(pct)


def _own(ctx: dict) -> str:
    """The label of the page's own number: the invoice's, or the credit note's on a credit note (on a credit note,
    « Facture n° » names the invoice it corrects)."""
    return _w(ctx, "ca_credit" if ctx["credit"] else "ca_invoice")


def _items(ctx: dict, key: str) -> list[str]:
    return CAISSE_LABELS[ctx["language"]][key]


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def _layout_ticket(ctx: dict) -> str:
    """uniCenta's or Chromis' slip: 42 monospaced columns, the ticket's id, date, terminal, operator and table on
    labelled lines, the invoice's number above them when a company asked for one, the lines with their VAT, the
    subtotal, taxes and total, the tax rows, the cash tendered and the change or the card's codes, the small print."""
    rng = _r(ctx)
    ticket = _ticket_number(ctx)
    invoiced = rng.random() < 0.65
    ctx["number"] = _invoice_number(ctx) if invoiced else ticket
    pairs = [(_w(ctx, "ca_ticket"), ticket), (_w(ctx, "ca_date"), f"{_d(ctx, ctx['issue_day'])} {_hour(ctx)}")]
    if rng.random() < 0.6:
        pairs.append((_w(ctx, "ca_register"), f"{rng.randint(1, 6):02d}"))
    pairs.append((_w(ctx, "ca_operator"), rng.choice(blind.GIVEN[ctx["language"]])))
    if rng.random() < 0.6:
        pairs.append((_w(ctx, "ca_table"), str(rng.randint(1, 60))))
        if rng.random() < 0.6:
            pairs.append((_w(ctx, "ca_covers"), str(rng.randint(1, 12))))
    if rng.random() < 0.3:
        pairs.append((_w(ctx, "ca_closing"), str(rng.randint(10, 999))))
    if invoiced:
        pairs.insert(rng.choice([0, 0, 1, len(pairs)]), (_own(ctx), ctx["number"]))
    pairs += _due(ctx)
    ttc_lines = _ttc_lines(ctx)
    head = "".join(f'<th class="{"n" if i else ""}">{_e(_w(ctx, k))}</th>'
                   for i, k in enumerate(("ca_items", "ca_price", "ca_qty", "ca_value")))
    food = _items(ctx, "ca_food")
    body = "".join(f'<tr><td>{_e(food[i % len(food)])}</td><td class="n">{_m(ctx, money(t / line["qty"]), False)}</td>'
                   f'<td class="n">x{blind._qty(ctx, line["qty"])}</td><td class="n">{_m(ctx, t, False)}</td></tr>'
                   for i, (line, t) in enumerate(zip(ctx["lines"], ttc_lines, strict=True)))
    discount = _discount_ttc(ctx, ttc_lines)
    if discount:
        body += f'<tr><td colspan="3">{_e(_discount_label(ctx))}</td><td class="n">{_m(ctx, -discount, False)}</td></tr>'
    totals = [(_w(ctx, "ca_subtotal"), _m(ctx, ctx["ht"])), (_w(ctx, "ca_taxes"), _m(ctx, ctx["tva"])),
              (_w(ctx, "ca_total"), _m(ctx, ctx["ttc"]))]
    title = ctx["title"] if ctx["credit"] else (_w(ctx, "ca_invoice_title") if invoiced else "")
    customer = (f'<div style="margin-top:2mm">{_e(_w(ctx, "ca_customer"))}</div>{_buyer_block(ctx, label=False)}')
    return f"""<div style="width:88mm;margin:0 auto;font-family:'Nimbus Mono PS',monospace;font-size:8.5pt">
<div style="text-align:center">{_seller_block(ctx)}</div>{_duplicate(ctx)}
<div class="strong" style="text-align:center;margin-top:2mm">{_e(title)}</div>
<div style="margin-top:2mm">{_kv(ctx, pairs)}</div>{customer}
<table class="lines" style="width:100%;margin-top:2mm"><tr>{head}</tr>{body}</table>
<div>{_e(_w(ctx, "ca_count"))} {len(ctx["lines"])}</div>{_rows(totals, bold_last=True)}{_vat_table(ctx)}
{_rows(_pay(ctx))}<p style="text-align:center">{_e(_w(ctx, "ca_thanks"))}</p>{_legal(ctx)}</div>"""


def _layout_note(ctx: dict) -> str:
    """A restaurant's note (arrêté 83-50/A): the note's number, the table, the covers, the waiter, the date and the
    hour on one line; the lines with their VAT, the total and « dont TVA » per rate; the invoice's number (asked by a
    company) printed above the note's, below the title or at the foot."""
    rng = _r(ctx)
    note = _digits(rng, rng.choice([3, 4, 5]))
    invoiced = rng.random() < 0.7
    ctx["number"] = _invoice_number(ctx) if invoiced else note
    sep = " : " if ctx["language"] == "fr" else " "
    top = [f"{_e(_w(ctx, 'ca_table'))}{sep}{rng.randint(1, 60)}", f"{_e(_w(ctx, 'ca_covers'))}{sep}{rng.randint(1, 12)}",
           f"{_e(_w(ctx, 'ca_operator'))}{sep}{_e(rng.choice(blind.GIVEN[ctx['language']]))}"]
    rng.shuffle(top)
    note_line = f"{_e(_w(ctx, 'ca_note'))} {note}"
    dated = f"{_e(_d(ctx, ctx['issue_day']))} {_e(_w(ctx, 'ca_hour'))} {_hour(ctx)}"
    ttc_lines = _ttc_lines(ctx)
    food = _items(ctx, "ca_food")
    body = "".join(f'<tr><td>{blind._qty(ctx, line["qty"])}</td><td>{_e(food[(i + 3) % len(food)])}</td>'
                   f'<td class="n">{_m(ctx, t, False)}</td></tr>' for i, (line, t) in enumerate(zip(ctx["lines"], ttc_lines, strict=True)))
    discount = _discount_ttc(ctx, ttc_lines)
    if discount:
        body += f'<tr><td></td><td>{_e(_discount_label(ctx))}</td><td class="n">{_m(ctx, -discount, False)}</td></tr>'
    of_which = "".join(f"<div>{_e(_w(ctx, 'ca_of_which'))} {_e(_rate(ctx, rate))} {_m(ctx, tax)} ({_e(_w(ctx, 'ca_base'))} {_m(ctx, base)})</div>"
                       for rate, base, tax in _used(ctx))
    invoice = f'<div class="strong">{_e(_own(ctx))} {_e(ctx["number"])}</div>' if invoiced else ""
    where = rng.choice(["top", "top", "foot"]) if invoiced else "top"
    due = "".join(f"<div>{_e(k)} {_e(v)}</div>" for k, v in _due(ctx))
    title = ctx["title"] if ctx["credit"] else _w(ctx, "ca_note_title")
    return f"""<div style="width:120mm;margin:0 auto">{_seller_block(ctx, big=True)}
<div class="strong" style="text-align:center;font-size:14pt;margin-top:3mm">{_e(title)}</div>{invoice if where == "top" else ""}
<div>{note_line}</div><div>{" &#160; ".join(top)}</div><div>{dated}</div>{_duplicate(ctx)}
<table class="lines" style="width:100%;margin-top:2mm">{body}</table>
{_rows([(_w(ctx, "ca_total"), _m(ctx, ctx["ttc"])), (_w(ctx, "ca_subtotal"), _m(ctx, ctx["ht"]))])}
{of_which}<div class="muted">{_e(_w(ctx, "ca_service"))}</div>{_rows(_pay(ctx))}{due}
<div style="margin-top:3mm">{_e(_w(ctx, "ca_customer"))}</div>{_buyer_block(ctx, label=False)}{invoice if where == "foot" else ""}
<p style="text-align:center">{_e(_w(ctx, "ca_thanks"))}</p>{_legal(ctx)}</div>"""


def _layout_odoo(ctx: dict) -> str:
    """Odoo's point-of-sale receipt: the company on top, « Servi par », the lines (quantity × unit price under the
    product), the total, the payment and the change, the tax table, then at the foot the order's reference and the
    date; the invoice's number (when the order was invoiced) under the title."""
    rng = _r(ctx)
    session, register = rng.randint(1, 999), rng.randint(1, 9)
    order = f"{session:05d}-{register:03d}-{rng.randint(1, 9999):04d}"
    invoiced = rng.random() < 0.6
    ctx["number"] = _invoice_number(ctx) if invoiced else order
    ttc_lines = _ttc_lines(ctx)
    food = _items(ctx, rng.choice(["ca_food", "ca_hotel"]))
    body = "".join(f'<tr><td>{_e(food[i % len(food)])}<br><span class="muted">{blind._qty(ctx, line["qty"])} x '
                   f'{_m(ctx, money(t / line["qty"]), False)}</span></td><td class="n" style="vertical-align:bottom">'
                   f'{_m(ctx, t, False)}</td></tr>' for i, (line, t) in enumerate(zip(ctx["lines"], ttc_lines, strict=True)))
    discount = _discount_ttc(ctx, ttc_lines)
    if discount:
        body += f'<tr><td>{_e(_discount_label(ctx))}</td><td class="n">{_m(ctx, -discount, False)}</td></tr>'
    invoice = (f'<div style="text-align:center">{_e(_own(ctx))} {_e(ctx["number"])}</div>' if invoiced else "")
    foot = f"{_e(_w(ctx, 'ca_order'))} {order}<br>{_e(_d(ctx, ctx['issue_day']))} {_hour(ctx)}"
    due = _due(ctx)
    return f"""<div style="width:80mm;margin:0 auto;font-size:9pt"><div style="text-align:center">{_seller_block(ctx)}</div>
<div style="text-align:center;margin-top:2mm">{_e(_w(ctx, "ca_operator"))} {_e(rng.choice(blind.GIVEN[ctx['language']]))}</div>
{invoice}<table class="tot" style="width:100%;margin-top:3mm">{body}</table>
{_rows([(_w(ctx, "ca_subtotal"), _m(ctx, ctx["ht"])), (_w(ctx, "ca_taxes"), _m(ctx, ctx["tva"])),
        (_w(ctx, "ca_total"), _m(ctx, ctx["ttc"]))], bold_last=True)}
{_rows(_pay(ctx))}{_vat_table(ctx)}{_rows(due) if due else ""}
<div style="margin-top:2mm">{_e(_w(ctx, "ca_customer"))}</div>{_buyer_block(ctx, label=False)}
<div style="text-align:center;margin-top:3mm">{foot}</div>{_legal(ctx)}</div>"""


def _layout_druid(ctx: dict) -> str:
    """HotelDruid's invoice: the structure's block, the guest billed, then the number and the date on one line
    (« Fattura n. 12 del 05/03/2025 »), the stay on one line with its amount, the extras, the taxable base and the
    tax per rate, the totals; the city tax collected for the town after the invoice's total, then what is to pay."""
    rng = _r(ctx)
    ctx["number"] = str(rng.randint(1, 2999)) if rng.random() < 0.6 else _invoice_number(ctx)
    nights = rng.randint(1, 6)
    persons = rng.randint(1, 4)
    out_day = ctx["issue_day"] - dt.timedelta(days=rng.choice([0, 0, 1]))
    in_day = out_day - dt.timedelta(days=nights)
    head = _w(ctx, "ca_druid_head").format(ctx["number"], _d(ctx, ctx["issue_day"]))
    if ctx["credit"]:
        head = f"{_own(ctx)} {ctx['number']} – {_d(ctx, ctx['issue_day'])}"
    hotel = _items(ctx, "ca_hotel")
    first = ctx["lines"][0]
    rows = [(_w(ctx, "ca_stay").format(_d(ctx, in_day), _d(ctx, out_day), persons), _m(ctx, first["amount"]))]
    rows += [(f'Extra: "{hotel[(i + 1) % len(hotel)]}"', _m(ctx, line["amount"])) for i, line in enumerate(ctx["lines"][1:])]
    if ctx["discount_pct"]:
        rows.append((_discount_label(ctx), _m(ctx, -ctx["discount"])))
    for rate, base, tax in _used(ctx):
        rows.append((_w(ctx, "ca_druid_base").format(_rate(ctx, rate)), _m(ctx, base)))
        rows.append((_w(ctx, "ca_druid_vat").format(_rate(ctx, rate)), _m(ctx, tax)))
    rows += [(_w(ctx, "ca_druid_total_base"), _m(ctx, ctx["ht"])), (_w(ctx, "ca_druid_total_tax"), _m(ctx, ctx["tva"])),
             (_w(ctx, "ca_druid_total"), _m(ctx, ctx["ttc"]))]
    after = []
    if not ctx["credit"] and rng.random() < 0.6:
        city = money(Decimal(rng.choice(["1.50", "2.00", "2.50", "3.30", "4.40"])) * nights * persons)
        after = [(_w(ctx, "ca_city_tax"), _m(ctx, city)), (_w(ctx, "ca_to_pay"), _m(ctx, ctx["ttc"] + city))]
    due = _due(ctx)
    body = "".join(f"<tr><td>{_e(k)}</td><td class='n'>{v}</td></tr>" for k, v in rows + after + due)
    title = ctx["title"] if ctx["credit"] else ""
    return f"""{_seller_block(ctx, big=True)}<div style="margin:4mm 0 0 95mm">{_buyer_block(ctx, label=False)}</div>
<div class="strong" style="margin-top:5mm">{_e(title)}</div><div style="margin-top:2mm">{_e(head)}</div>
<table class="tot" style="width:100%;margin-top:4mm">{body}</table>{_legal(ctx)}"""


def _layout_folio(ctx: dict) -> str:
    """A PMS folio: the guest's and the stay's blocks (folio, booking, confirmation, room, arrival, departure,
    persons, clerk), the page counter, the invoice's number among them (or the folio's alone), the dated charges, the
    VAT table, the totals, the deposit paid at booking deducted, the city tax apart, the balance."""
    rng = _r(ctx)
    nights = rng.randint(1, 6)
    out_day = ctx["issue_day"] - dt.timedelta(days=rng.choice([0, 0, 0, 1]))
    in_day = out_day - dt.timedelta(days=nights)
    folio = rng.choice([_digits(rng, 6), f"{rng.randint(1, 99999):05d}/{rng.randint(1, 9)}"])
    invoiced = rng.random() < 0.75
    ctx["number"] = _invoice_number(ctx) if invoiced else folio
    persons = rng.randint(1, 4)
    stay = [(_w(ctx, "ca_room"), f"{rng.randint(1, 5)}{rng.randint(1, 30):02d}"), (_w(ctx, "ca_arrival"), _d(ctx, in_day)),
            (_w(ctx, "ca_departure"), _d(ctx, out_day)), (_w(ctx, "ca_persons"), str(persons))]
    if rng.random() < 0.6:
        stay.append((_w(ctx, "ca_booking"), rng.choice([_digits(rng, 8), f"{rng.choice('BRH')}{_digits(rng, 7)}"])))
    if rng.random() < 0.5:
        stay.append((_w(ctx, "ca_confirm"), "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(8))))
    own = [(_w(ctx, "ca_folio"), folio)]
    if invoiced:
        own.insert(rng.randint(0, 1), (_own(ctx), ctx["number"]))
    own.append((_w(ctx, "ca_date"), _d(ctx, ctx["issue_day"])))
    if rng.random() < 0.5:
        own.append((_w(ctx, "ca_cashier"), rng.choice(blind.GIVEN[ctx["language"]])))
    own += _due(ctx)
    rng.shuffle(stay)
    if rng.random() < 0.4:
        own, stay = stay, own
    hotel = _items(ctx, "ca_hotel")
    days = [in_day + dt.timedelta(days=k % nights) for k in range(len(ctx["lines"]))]
    charges = "".join(f'<tr><td>{_e(_d(ctx, days[i]))}</td><td>{_e(hotel[i % len(hotel)])}</td><td class="n">{_e(_rate(ctx, line["rate"]))}</td>'
                      f'<td class="n">{_m(ctx, line["amount"], False)}</td></tr>' for i, line in enumerate(ctx["lines"]))
    totals = [(_w(ctx, "ca_subtotal"), _m(ctx, ctx["ht"])), (_w(ctx, "ca_taxes"), _m(ctx, ctx["tva"])),
              (_w(ctx, "ca_total"), _m(ctx, ctx["ttc"]))]
    if ctx["discount_pct"]:
        totals.insert(0, (_discount_label(ctx), _m(ctx, -ctx["discount"])))
    after, left = [], ctx["ttc"]
    if not ctx["credit"] and rng.random() < 0.5:
        city = money(Decimal(rng.choice(["0.80", "1.65", "2.30", "3.00"])) * nights * persons)
        after.append((_w(ctx, "ca_city_tax"), _m(ctx, city)))
        left += city
    if not ctx["credit"] and rng.random() < 0.5:
        paid = money(ctx["ttc"] * Decimal(rng.choice(["0.2", "0.3", "0.5"])))
        after.append((_w(ctx, "ca_deposit").format(_d(ctx, in_day - dt.timedelta(days=rng.randint(5, 60)))), _m(ctx, -paid)))
        left -= paid
    if after:
        after.append((_w(ctx, "ca_balance"), _m(ctx, left)))
    pages = rng.choice([1, 1, 2])
    page = f'<div class="muted" style="text-align:right">{_e(_w(ctx, "ca_page").format(1, pages))}</div>'
    heads = "".join(f"<th>{_e(h)}</th>" for h in (_w(ctx, "ca_date").rstrip(":"), _w(ctx, "ca_items"), _w(ctx, "ca_rate"),
                                                  _w(ctx, "ca_value")))
    title = ctx["title"] if ctx["credit"] else (_w(ctx, "ca_invoice_title") if invoiced else _w(ctx, "ca_folio").rstrip(" n°.#"))
    return f"""{page}<table style="width:100%"><tr><td style="vertical-align:top">{_seller_block(ctx, big=True)}</td>
<td style="vertical-align:top;text-align:right"><div class="strong accent" style="font-size:16pt">{_e(title)}</div></td></tr></table>
<div style="margin:3mm 0 0 95mm">{_buyer_block(ctx, label=False)}</div>
<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:50%">{_kv(ctx, own, "36mm")}</td>
<td style="vertical-align:top">{_kv(ctx, stay, "36mm")}</td></tr></table>
<table class="lines" style="width:100%;margin-top:3mm"><tr>{heads}</tr>{charges}</table>{_vat_table(ctx)}
<div style="margin-left:90mm">{_rows(totals, bold_last=True)}{_rows(after, bold_last=True) if after else ""}</div>{_legal(ctx)}"""


blind.RENDER.update(dict(zip(LAYOUTS, (_layout_ticket, _layout_note, _layout_odoo, _layout_druid, _layout_folio),
                             strict=True)))
