"""Trades' invoices of the blind family (issue 13, branch trades-13d): utility bills, hotel folios, marketplace orders.

The three kinds of invoice where the never-tuned figures were weakest, written anew (the blind family's first
layouts of these kinds are ``eau``, ``hotel`` and ``achat_en_ligne``), from how such documents are printed in general:

- a utility's bill (power, gas, water, telephone): many numbers on the page (customer account, contract, meter,
  delivery point), the invoice's number in a references box or a side panel or in a sentence with its date
  (« Facture n° … du … »), a consumption period « du … au », meter readings, a previous balance and the payment
  received, the amount to pay with its direct-debit date, a schedule of instalments (« échéancier ») with dates and
  amounts of its own, or the instalments already paid taken off a yearly bill;
- a hotel's folio: « Note / Folio / Facture n° », room, arrival and departure, the guest beside the company billed,
  a ledger of nights and extras with a date on each line, the payments in a credit column and a zero balance;
- a marketplace's order invoice: the order's number and the invoice's both printed, « Vendu par … », the order's,
  the invoice's and the delivery's dates, shipments with their tracking numbers, the items' EAN codes.

Drawn (alone) for seeds from TRADES_FROM to TRADES_TO by ``invoice_generator_blind.make_invoice`` (a lazy import):
the invoice is the blind family's for the seed's draws, rendered by a layout of this module; this module's own draws
(``random.Random("blind-trades-<seed>")``) pick the layout, the language and what the layout prints.
``bench_readings.py --part blind --start 70000`` reads them.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import partial
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator_blind import _bank, _e, _logo, _m, _mentions, _recap, _seller_block, date_text

TRADES_FROM = 70_000
TRADES_TO = 75_000
TRADE_LAYOUTS = ("releve_fluide", "folio_sejour", "facture_vendeur")
#: Less French than the rest of the family: these kinds read worst abroad.
TRADE_WEIGHTS = (0.4, 0.15, 0.15, 0.15, 0.15)

# Label wordings of the three kinds, per language. Keys start with « t_ » (none of the family's keys does).
TRADE_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {

        "t_util_title": ["Votre facture d'électricité", "Facture de gaz naturel", "Votre facture d'eau", "Facture eau et assainissement", "Votre facture mobile et internet", "Facture de fourniture d'énergie"],
        "t_util_no": ["Numéro de votre facture", "Réf. de la facture"], "t_util_date": ["Facture établie le"],
        "t_util_sentence": ["Facture n° {} du {}", "Facture du {1} n° {0}", "Votre facture n° {} du {}"],
        "t_account": ["N° de compte client", "Référence client", "Votre n° client", "Compte n°"],
        "t_contract": ["N° de contrat", "Contrat n°", "Référence du contrat"],
        "t_meter": ["Compteur", "Numéro de série compteur", "Matricule du compteur"],
        "t_point": ["Point de livraison (PDL)", "PCE", "N° PDL", "Référence du point de comptage"],
        "t_refs": ["Vos références", "Vos informations", "Références à rappeler"],
        "t_period": ["Consommation du {} au {}", "Période facturée : du {} au {}", "Relevé du {} au {}"],
        "t_old": ["Ancien index", "Index précédent"], "t_new": ["Nouvel index", "Index relevé"],
        "t_conso": ["Consommation (kWh)", "Consommation (m³)", "Quantité consommée"],
        "t_read_on": ["Relevé le", "Date de relève"],
        "t_prev": ["Solde de votre précédente facture", "Solde antérieur", "Montant de la facture précédente"],
        "t_received": ["Paiement reçu le {}, merci", "Règlement reçu le {}", "Votre paiement du {}"],
        "t_invoice_ttc": ["Montant de cette facture TTC", "Total de la facture TTC", "Montant TTC de votre facture"],
        "t_already": ["Déjà réglé par mensualités", "Mensualités déjà payées", "Acomptes déjà prélevés"],
        "t_pay": ["Montant à payer"],
        "t_debit": ["sera prélevé le {}", "prélèvement à partir du {}", "à régler avant le {}"],
        "t_schedule": ["Votre échéancier", "Vos prochaines mensualités", "Échéancier de paiement"],
        "t_sched_date": ["Date de prélèvement"], "t_sched_amount": ["Montant prélevé"],
        "t_util_items": ["Abonnement", "Consommation heures pleines", "Consommation heures creuses", "Contribution tarifaire d'acheminement", "Accise sur l'électricité", "Redevance pollution", "Location compteur", "Forfait mobile", "Option internet fibre"],
        "t_summary": ["L'essentiel de votre facture", "Votre facture en un coup d'œil"],
        "t_folio_title": ["Note", "Facture", "Note d'hôtel", "Facture hôtelière"], "t_folio_no": ["N° de note", "Numéro de la note"],
        "t_folio_pms": ["Compte n°"], "t_room": ["N° de chambre"], "t_arrival": ["Date d'entrée", "Arrivé le"],
        "t_departure": ["Date de sortie", "Parti le"], "t_guest": ["Client hébergé", "Hôte"],
        "t_company": ["Société facturée", "Entreprise"], "t_confirm": ["N° de confirmation", "Réf. réservation"],
        "t_cashier": ["Caissier", "Réceptionniste"], "t_nights": ["Nombre de nuits", "Nuits"],
        "t_l_date": ["Jour", "Date opér."], "t_l_text": ["Opération"],
        "t_l_debit": ["Débit", "Charges"], "t_l_credit": ["Paiements"],
        "t_hotel_items": ["Hébergement chambre double", "Nuitée chambre supérieure", "Petit-déjeuner", "Minibar", "Parking", "Dîner restaurant", "Blanchisserie", "Taxe de séjour"],
        "t_payment": ["Paiement carte Visa", "Règlement CB", "Paiement Mastercard", "Virement reçu"],
        "t_balance": ["Solde", "Solde restant"], "t_folio_total": ["Total séjour TTC"],
        "t_mp_title": ["Facture", "Facture de vente", "Facture / Reçu"], "t_mp_no": ["N° de la facture"],
        "t_mp_date": ["Date d'émission de la facture"],
        "t_mp_order": ["Numéro de commande", "N° de commande", "Commande n°"],
        "t_mp_ordered": ["Commande effectuée le", "Date d'achat"], "t_mp_shipped": ["Date d'expédition"],
        "t_mp_sold": ["Produit vendu par", "Boutique partenaire"],
        "t_mp_on": ["Commande passée sur {}", "Achat effectué sur {}"],
        "t_mp_ship": ["Envoi {} sur {}", "Colis {} / {}"],
        "t_mp_track": ["N° de suivi", "Suivi du colis", "Numéro de suivi"],
        "t_mp_carrier": ["Transporteur", "Livré par"], "t_mp_ean": ["EAN", "Réf. article"],
        "t_mp_paid": ["Montant payé", "Total payé", "Payé par carte"],
        "t_mp_total": ["Total de la facture", "Total à payer TTC"],
        "t_mp_items": ["Casque audio sans fil", "Câble USB-C 2 m", "Lot de 6 verres", "Lampe de bureau LED", "Cartouche d'encre noire", "Sac à dos 20 L", "Coque de téléphone", "Souris ergonomique"],
    },
    "en": {

        "t_util_title": ["Your electricity bill", "Gas bill", "Your water charges", "Your broadband and phone bill", "Energy bill"],
        "t_util_no": ["Bill number", "Statement number"],
        "t_util_date": ["Bill date", "Date of bill", "Statement date"],
        "t_util_sentence": ["Bill {} dated {}", "Bill number {} issued {}"],
        "t_account": ["Account number", "Your account"], "t_contract": ["Contract ID", "Agreement number"],
        "t_meter": ["Meter number", "Meter ID"], "t_point": ["MPRN", "GPRN", "Meter point ref."],
        "t_refs": ["Your details", "Account details"],
        "t_period": ["Billing period {} to {}", "Charges for {} - {}", "Usage from {} to {}"],
        "t_old": ["Previous reading", "Opening read"], "t_new": ["Present reading", "Closing read"],
        "t_conso": ["Units used (kWh)"], "t_read_on": ["Read date", "Reading taken"],
        "t_prev": ["Balance from last bill", "Previous balance", "Your last bill"],
        "t_received": ["Payment received {}, thank you", "Paid on {}"],
        "t_invoice_ttc": ["Total charges this bill", "This bill total (incl. VAT)", "Total this period"],
        "t_already": ["Paid by monthly instalments", "Budget plan payments made"], "t_pay": ["Total to pay"],
        "t_debit": ["will be debited on {}", "direct debit on or after {}", "due by {}"],
        "t_schedule": ["Your payment plan", "Upcoming instalments"],
        "t_sched_date": ["Collection date", "Instalment date"], "t_sched_amount": ["Instalment"],
        "t_util_items": ["Standing charge", "Day units", "Night units", "PSO levy", "Meter rental", "Broadband package", "Line rental", "Water services charge"],
        "t_summary": ["Your bill at a glance", "Bill summary"],
        "t_folio_title": ["Guest Folio", "Hotel Invoice", "Guest Bill"],
        "t_folio_no": ["Folio number", "Guest bill no."], "t_folio_pms": ["Profile no.", "Account ref"],
        "t_room": ["Rm no."], "t_arrival": ["Arrival date"], "t_departure": ["Departure date"],
        "t_guest": ["Guest(s)", "Occupant"], "t_company": ["Company", "Bill to company"],
        "t_confirm": ["Confirmation No.", "Reservation"], "t_cashier": ["Cashier", "Clerk"],
        "t_nights": ["Nights", "No. of nights"], "t_l_date": ["Post date", "Posting date"],
        "t_l_text": ["Narrative", "Charge description"], "t_l_debit": ["Charges", "Debit"], "t_l_credit": ["Credits", "Payments"],
        "t_hotel_items": ["Accommodation", "Room charge", "Breakfast", "Minibar", "Car park", "Dinner", "Laundry", "Room service"],
        "t_payment": ["Visa payment", "Mastercard", "Amex payment", "Bank transfer"],
        "t_balance": ["Closing balance"], "t_folio_total": ["Total charges"],
        "t_mp_title": ["Invoice", "Invoice / Receipt"], "t_mp_no": ["Invoice #"], "t_mp_date": ["Billing date"],
        "t_mp_order": ["Order number"], "t_mp_ordered": ["Order submitted", "Date ordered"],
        "t_mp_shipped": ["Dispatch date", "Delivered on"],
        "t_mp_sold": ["Seller of record", "Sold by merchant", "Fulfilled by"],
        "t_mp_on": ["Ordered on {}", "Purchased via {}"], "t_mp_ship": ["Shipment {} of {}", "Parcel {} of {}"],
        "t_mp_track": ["Tracking number", "Tracking no."], "t_mp_carrier": ["Carrier", "Shipped with"],
        "t_mp_ean": ["EAN"], "t_mp_paid": ["Charged to card", "Payment taken"],
        "t_mp_total": ["Grand total (incl. VAT)", "Order total"],
        "t_mp_items": ["Wireless headphones", "USB-C cable 2 m", "Set of 6 glasses", "LED desk lamp", "Black ink cartridge", "Backpack 20 L", "Phone case", "Ergonomic mouse"],
    },
    "de": {

        "t_util_title": ["Ihre Stromrechnung", "Gasrechnung", "Jahresabrechnung Strom", "Wasserrechnung", "Ihre Telefonrechnung"],
        "t_util_no": ["Abrechnungsnummer"], "t_util_date": ["Abrechnungsdatum"],
        "t_util_sentence": ["Jahresabrechnung {} vom {}"], "t_account": ["Kundenkonto-Nr.", "Ihre Kundennr."],
        "t_contract": ["Vertragsnummer", "Vertrags-Nr."], "t_meter": ["Zählernummer", "Zähler"],
        "t_point": ["Zählpunktbezeichnung", "Marktlokations-ID", "Zählpunkt-Nr."],
        "t_refs": ["Ihre Daten", "Ihre Vertragsdaten"], "t_period": ["Verbrauch vom {} bis {}", "Zeitraum: {} – {}"],
        "t_old": ["Alter Zählerstand", "Zählerstand alt"], "t_new": ["Neuer Zählerstand", "Zählerstand neu"],
        "t_conso": ["Verbrauch (kWh)", "Verbrauch"], "t_read_on": ["Ablesedatum", "Abgelesen am"],
        "t_prev": ["Saldo aus Vorrechnung", "Offener Betrag Vorrechnung"],
        "t_received": ["Zahlung erhalten am {}", "Ihre Zahlung vom {}"],
        "t_invoice_ttc": ["Rechnungsbetrag brutto", "Summe dieser Rechnung", "Gesamtbetrag dieser Abrechnung"],
        "t_already": ["Geleistete Abschläge", "Abzüglich gezahlter Abschläge"], "t_pay": ["Nachzahlung"],
        "t_debit": ["wird am {} abgebucht", "Einzug am {}", "fällig am {}"],
        "t_schedule": ["Ihre neuen Abschläge", "Abschlagsplan"], "t_sched_date": ["Abbuchung am"],
        "t_sched_amount": ["Abschlag"],
        "t_util_items": ["Grundpreis", "Arbeitspreis", "Messstellenbetrieb", "Stromsteuer", "Netzentgelt", "Konzessionsabgabe", "Festnetz-Flatrate", "Wasserverbrauch"],
        "t_summary": ["Ihre Rechnung auf einen Blick", "Übersicht"],
        "t_folio_title": ["Hotelrechnung", "Rechnung", "Gastrechnung"], "t_folio_no": ["Folionummer", "Hotelrechnung Nr."],
        "t_folio_pms": ["Gastkonto", "Konto-Nr."], "t_room": ["Zimmer Nr", "Zi."],
        "t_arrival": ["Ankunftsdatum", "Anreise am"], "t_departure": ["Abreise am", "Abreisedatum"],
        "t_guest": ["Gastname(n)", "Hotelgast"], "t_company": ["Firma"],
        "t_confirm": ["Reservierungsnummer", "Buchungs-Nr."], "t_cashier": ["Kassierer", "Mitarbeiter"],
        "t_nights": ["Nächte", "Übernachtungen"], "t_l_date": ["Buchungsdatum", "Tag"],
        "t_l_text": ["Buchungstext", "Position"], "t_l_debit": ["Belastung", "Soll"],
        "t_l_credit": ["Gutschrift/Zahlung", "Haben"],
        "t_hotel_items": ["Übernachtung Doppelzimmer", "Logis", "Frühstück", "Minibar", "Abendessen", "Wäscheservice", "City-Tax"],
        "t_payment": ["Zahlung Visa", "EC-Karte", "Zahlung Mastercard", "Überweisung"],
        "t_balance": ["Saldo", "Offener Saldo"], "t_folio_total": ["Gesamtsumme inkl. MwSt.", "Total brutto"],
        "t_mp_title": ["Rechnung", "Rechnung / Lieferschein"], "t_mp_no": ["Rechnungsbeleg Nr.", "Faktura-Nr."],
        "t_mp_date": ["Rechnung vom"], "t_mp_order": ["Bestell-Nr."],
        "t_mp_ordered": ["Bestellung aufgegeben am", "Bestelltag"], "t_mp_shipped": ["Versandt am", "Geliefert am"],
        "t_mp_sold": ["Angeboten von"], "t_mp_on": ["Bestellt über {}", "Gekauft auf {}"],
        "t_mp_ship": ["Sendung {} von {}", "Paket {} / {}"], "t_mp_track": ["Sendungsnummer", "Trackingnummer"],
        "t_mp_carrier": ["Versanddienstleister", "Versand mit"], "t_mp_ean": ["EAN"],
        "t_mp_paid": ["Bezahlter Betrag", "Bezahlt per Karte"], "t_mp_total": ["Gesamt inkl. USt."],
        "t_mp_items": ["Kabellose Kopfhörer", "USB-C-Kabel 2 m", "Gläser-Set 6 Stk.", "LED-Schreibtischlampe", "Tintenpatrone schwarz", "Rucksack 20 l", "Handyhülle", "Ergonomische Maus"],
    },
    "es": {

        "t_util_title": ["Su factura de electricidad", "Factura de gas natural", "Factura de agua", "Su factura de telefonía", "Factura de suministro"],
        "t_util_no": ["Nº de la factura", "Factura nº", "Número factura"], "t_util_date": ["Fecha emisión factura"],
        "t_util_sentence": ["Factura nº {} de {}", "Factura {} emitida el {}"], "t_account": ["Referencia cliente"],
        "t_contract": ["Contrato de suministro"], "t_meter": ["Nº contador", "Equipo de medida"],
        "t_point": ["CUPS", "Código CUPS"], "t_refs": ["Datos del contrato", "Sus datos"],
        "t_period": ["Periodo de facturación: del {} al {}", "Periodo {} - {}"], "t_old": ["Lectura anterior"],
        "t_new": ["Lectura actual"], "t_conso": ["Consumo (kWh)", "Consumo"], "t_read_on": ["Fecha de lectura"],
        "t_prev": ["Saldo anterior", "Importe factura anterior"],
        "t_received": ["Pago recibido el {}", "Cobrado el {}"], "t_invoice_ttc": ["Importe total de esta factura"],
        "t_already": ["Pagos a cuenta realizados", "Cuotas ya abonadas"],
        "t_pay": ["Importe a pagar", "Importe a cobrar"], "t_debit": ["fecha de cargo {}", "pagar antes del {}"],
        "t_schedule": ["Calendario de pagos", "Próximas cuotas"], "t_sched_date": ["Fecha de cargo"],
        "t_sched_amount": ["Importe cuota"],
        "t_util_items": ["Término de potencia", "Término de energía", "Impuesto eléctrico", "Alquiler de equipos", "Cuota de servicio", "Tarifa fibra y móvil", "Canon de saneamiento"],
        "t_summary": ["Resumen de su factura", "Su factura de un vistazo"],
        "t_folio_title": ["Factura", "Cuenta del huésped", "Factura de hotel"], "t_folio_no": ["Nº de cuenta"],
        "t_folio_pms": ["Nº de expediente", "Perfil nº"], "t_room": ["Habitación número", "Nº habitación"],
        "t_arrival": ["Día de llegada"], "t_departure": ["Día de salida"],
        "t_guest": ["Cliente alojado", "Titular de la reserva"], "t_company": ["Empresa"],
        "t_confirm": ["Nº de confirmación", "Reserva"], "t_cashier": ["Cajero", "Recepción"],
        "t_nights": ["Noches", "Nº de noches"], "t_l_date": ["Fecha cargo", "Día"],
        "t_l_text": ["Servicio prestado"], "t_l_debit": ["Cargos", "Debe"],
        "t_l_credit": ["Abonos", "Haber"],
        "t_hotel_items": ["Alojamiento habitación doble", "Estancia", "Desayuno", "Minibar", "Aparcamiento", "Cena", "Lavandería", "Tasa turística"],
        "t_payment": ["Pago con Visa", "Pago con tarjeta", "Transferencia"], "t_balance": ["Saldo"],
        "t_folio_total": ["Total estancia"], "t_mp_title": ["Factura", "Factura simplificada / recibo"],
        "t_mp_no": ["Nº factura vendedor"], "t_mp_date": ["Fecha de expedición de la factura"],
        "t_mp_order": ["Número de pedido"], "t_mp_ordered": ["Pedido con fecha", "Compra realizada el"],
        "t_mp_shipped": ["Fecha de envío", "Entregado el"], "t_mp_sold": ["Vendido y gestionado por", "Comercio vendedor"],
        "t_mp_on": ["Pedido realizado en {}", "Comprado en {}"], "t_mp_ship": ["Envío {} de {}", "Paquete {} / {}"],
        "t_mp_track": ["Número de seguimiento", "Nº de seguimiento"],
        "t_mp_carrier": ["Transportista", "Enviado con"], "t_mp_ean": ["EAN", "Referencia"],
        "t_mp_paid": ["Importe pagado"], "t_mp_total": ["Total pedido"],
        "t_mp_items": ["Auriculares inalámbricos", "Cable USB-C 2 m", "Juego de 6 vasos", "Lámpara LED de escritorio", "Cartucho de tinta negra", "Mochila 20 L", "Funda de móvil", "Ratón ergonómico"],
    },
    "it": {

        "t_util_title": ["Bolletta luce", "Bolletta gas", "La sua bolletta dell'acqua", "Fattura telefonia", "Bolletta di fornitura energia"],
        "t_util_no": ["Bolletta n."], "t_util_date": ["Bolletta emessa il", "Data della bolletta"],
        "t_util_sentence": ["Bolletta n. {} emessa il {}"], "t_account": ["N. cliente", "Codice utenza"],
        "t_contract": ["Numero contratto", "Codice contratto"],
        "t_meter": ["Matricola misuratore", "Numero contatore"], "t_point": ["POD", "PDR", "Codice POD"],
        "t_refs": ["I suoi dati", "Dati della fornitura"], "t_period": ["Periodo: {} - {}"],
        "t_old": ["Lettura precedente"], "t_new": ["Lettura attuale"], "t_conso": ["Consumo (kWh)", "Consumo (Smc)"],
        "t_read_on": ["Data lettura"], "t_prev": ["Saldo precedente", "Importo bolletta precedente"],
        "t_received": ["Pagamento ricevuto il {}", "Pagato il {}"],
        "t_invoice_ttc": ["Totale bolletta", "Importo di questa bolletta"],
        "t_already": ["Acconti già pagati", "Rate già addebitate"], "t_pay": ["Importo da pagare", "Da pagare"],
        "t_debit": ["addebito il {}", "sarà addebitato il {}", "entro il {}"],
        "t_schedule": ["Piano rateale", "Prossime rate"], "t_sched_date": ["Data addebito", "Scadenza rata"],
        "t_sched_amount": ["Rata"],
        "t_util_items": ["Quota fissa", "Quota energia", "Spesa per il trasporto", "Oneri di sistema", "Accise", "Canone modem", "Offerta fibra", "Quota depurazione"],
        "t_summary": ["Sintesi della bolletta", "La bolletta in breve"],
        "t_folio_title": ["Conto", "Fattura", "Conto albergo"], "t_folio_no": ["N. folio"],
        "t_folio_pms": ["Conto cliente"], "t_room": ["Stanza"], "t_arrival": ["Arrivo il"],
        "t_departure": ["Partenza il"], "t_guest": ["Nominativo ospite", "Cliente alloggiato"],
        "t_company": ["Ditta", "Intestatario fattura"], "t_confirm": ["N. conferma", "Prenotazione"],
        "t_cashier": ["Cassiere"], "t_nights": ["Notti", "N. notti"], "t_l_date": ["Giorno", "Data operazione"],
        "t_l_text": ["Servizio"], "t_l_debit": ["Addebiti", "Dare"], "t_l_credit": ["Accrediti", "Avere"],
        "t_hotel_items": ["Pernottamento camera doppia", "Soggiorno", "Colazione", "Minibar", "Cena", "Lavanderia", "Tassa di soggiorno"],
        "t_payment": ["Pagamento Visa", "Pagamento con carta", "Bonifico"], "t_balance": ["Saldo", "Saldo dovuto"],
        "t_folio_total": ["Totale soggiorno", "Totale IVA inclusa"], "t_mp_title": ["Fattura", "Fattura / Ricevuta"],
        "t_mp_no": ["N. della fattura", "Fattura num."], "t_mp_date": ["Data di fatturazione"],
        "t_mp_order": ["Numero ordine"], "t_mp_ordered": ["Ordine effettuato il", "Data acquisto"],
        "t_mp_shipped": ["Data di spedizione", "Consegnato il"], "t_mp_sold": ["Venditore terzo", "Prodotto venduto da"],
        "t_mp_on": ["Ordine effettuato su {}", "Acquistato su {}"],
        "t_mp_ship": ["Spedizione {} di {}", "Pacco {} / {}"],
        "t_mp_track": ["Numero di tracciamento", "Codice tracking"], "t_mp_carrier": ["Corriere", "Spedito con"],
        "t_mp_ean": ["EAN", "Codice articolo"], "t_mp_paid": ["Importo pagato"],
        "t_mp_total": ["Totale ordine"],
        "t_mp_items": ["Cuffie wireless", "Cavo USB-C 2 m", "Set di 6 bicchieri", "Lampada da scrivania LED", "Cartuccia nero", "Zaino 20 L", "Cover per telefono", "Mouse ergonomico"],
    },
}
blind.add_labels(TRADE_LABELS)


def label_strings() -> set[str]:
    """Every label wording of this module (for the test that none is shared with the main generator)."""
    return blind.wordings(TRADE_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``, by this module's own draws."""
    return blind.module_draw("trades", seed, TRADE_LAYOUTS, TRADE_WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [TRADES_FROM, TRADES_TO)): the family's draws, rendered by a layout of this module.

    A layout may print another number than the family's (a utility's long account-like number, a marketplace's
    coded one), a direct-debit date, instalments already paid: it says so in the context, and the truth follows."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.invoice_number = ctx["number"]
    if ctx.get("t_due_day"):
        truth.due_date = ctx["t_due_day"].isoformat()
    if ctx.get("t_amount_due") is not None:
        truth.amount_due = str(ctx["t_amount_due"])
    return invoice


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _t(ctx: dict) -> random.Random:
    """This module's draws for the invoice (drawn apart, so the family's draws stay what they were)."""
    if "t_rng" not in ctx:
        ctx["t_rng"] = random.Random(f"blind-trades-render-{ctx['number']}-{ctx['issue']}")
    return ctx["t_rng"]


def _p(ctx: dict, key: str) -> str:
    return _t(ctx).choice(ctx["labels"][key])


def _f(ctx: dict, key: str, *values: object) -> str:
    return _e(_p(ctx, key).format(*values))


#: Digits with no leading zero (the blind family's draw, the same random calls).
_digits = partial(blind._digits, first=1)


def _day(ctx: dict, day: dt.date) -> str:
    """Another date of the page, in the numeric form of the language (most) or in words."""
    style = ctx.setdefault("t_date_style", _t(ctx).choice(["num", "num", "num", "words", "short"]))
    return date_text(day, ctx["language"], style, ctx.setdefault("t_variant", _t(ctx).randint(0, 5)))


def _lines_table(ctx: dict, items: list[str], *, dated: list[dt.date] | None = None, codes: list[str] | None = None) -> str:
    """The family's lines under this kind's descriptions (and a date or an item code on each line)."""
    labels = ctx["labels"]
    rng = _t(ctx)
    head = [_p(ctx, "t_l_date")] if dated else []
    head += [rng.choice(labels["desc"])] + ([_p(ctx, "t_mp_ean")] if codes else [])
    head += [rng.choice(labels["qty"]), rng.choice(labels["unit"]), rng.choice(labels["amount_col"])]
    if len(ctx["breakdown"]) > 1:
        head.insert(-1, rng.choice(labels["rate_col"]))
    rows = []
    for index, line in enumerate(ctx["lines"]):
        cells = [_day(ctx, dated[index % len(dated)])] if dated else []
        cells += [_e(items[index % len(items)])] + ([codes[index % len(codes)]] if codes else [])
        cells += [blind._qty(ctx, line["qty"]), _m(ctx, line["unit"], False)]
        if len(ctx["breakdown"]) > 1:
            cells.append(_e(blind.rate_text(line["rate"], ctx["language"])))
        cells.append(_m(ctx, line["amount"], False))
        rows.append("<tr>" + "".join(f"<td{' class=n' if i >= len(cells) - 3 else ''}>{c}</td>"
                                     for i, c in enumerate(cells)) + "</tr>")
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    return f'<table class="lines"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _rows(ctx: dict, rows: list[tuple[str, str, bool]], *, boxed: bool = False) -> str:
    style = f"border:1pt solid {ctx['colour']};" if boxed else ""
    body = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{value}</td></tr>'
                   for label, value, strong in rows)
    return f'<table class="tot" style="{style}">{body}</table>'


def _tax_rows(ctx: dict) -> list[tuple[str, str, bool]]:
    """The rows before the grand total: HT (or gross, discount and net), the VAT."""
    return blind._total_rows(ctx, per_rate=False)[:-3 if ctx["deposit"] else -1]


def _header(ctx: dict, title: str, right: str = "") -> str:
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="accent strong">{_e(title)}</div>{right}
</td></tr></table>"""


def _pairs_box(ctx: dict, heading: str, pairs: list[tuple[str, str]]) -> str:
    rows = "".join(f'<tr><td class="muted" style="padding-right:6pt">{_e(k)}</td><td>{_e(v)}</td></tr>' for k, v in pairs)
    return (f'<div style="border:0.8pt solid {ctx["colour"]};padding:2mm;margin-top:3mm">'
            f'<div class="strong accent">{_e(heading)}</div><table>{rows}</table></div>')


# ---------------------------------------------------------------------------
# A utility's bill
# ---------------------------------------------------------------------------


def _utility_number(ctx: dict) -> str:
    """A utility's invoice number: long digits (as its accounts'), or a coded one."""
    rng, day = _t(ctx), ctx["issue_day"]
    return rng.choice([_digits(rng, 10), _digits(rng, 12), f"{day.year}{_digits(rng, 8)}",
                       f"FA{_digits(rng, 9)}", f"{rng.choice('EGW')}{day.year % 100:02d}-{_digits(rng, 7)}",
                       f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}"])


def _layout_releve_fluide(ctx: dict) -> str:
    """A power, gas, water or telephone bill: references in a box or a side panel (customer account, contract,
    meter, delivery point beside the invoice's number), or the number and date in one sentence; the consumption
    period, meter readings, the previous bill settled, the amount to pay with its direct-debit date, instalments."""
    rng, lang = _t(ctx), ctx["language"]
    ctx["number"] = _utility_number(ctx)
    issue = ctx["issue_day"]
    start, end = issue - dt.timedelta(days=rng.choice([30, 61, 62, 92, 365])), issue - dt.timedelta(days=rng.randint(2, 9))
    account = rng.choice([_digits(rng, 10), f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}", _digits(rng, 8)])
    point = {"es": f"ES{_digits(rng, 16)}{rng.choice('ABCDEF')}{rng.choice('GHJKLM')}0F",
             "it": f"IT001E{_digits(rng, 8)}"}.get(lang, _digits(rng, 14))
    refs = [(_p(ctx, "t_account"), account), (_p(ctx, "t_contract"), _digits(rng, rng.choice([8, 10, 11]))),
            (_p(ctx, "t_meter"), f"{rng.choice('0123456789ABK')}{_digits(rng, rng.choice([7, 9, 11]))}"),
            (_p(ctx, "t_point"), point)]
    rng.shuffle(refs)
    refs = refs[:rng.randint(2, 4)]
    sentence = rng.random() < 0.3
    own = [] if sentence else [(_p(ctx, "t_util_no"), ctx["number"]), (_p(ctx, "t_util_date"), ctx["issue"])]
    pairs = own + refs if rng.random() < 0.5 else refs + own
    ttc = ctx["ttc"]
    # What is due: the bill's total, or (a yearly bill) the total less the instalments already paid.
    already = None
    if not ctx["credit"] and not ctx["deposit"] and rng.random() < 0.3:
        already = blind.money(ttc * Decimal(rng.choice(["0.5", "0.7", "0.85"])))
        ctx["t_amount_due"] = ttc - already
    due_amount = ttc - already if already is not None else ttc - (ctx["deposit"] or 0)
    debit_day = ctx["due_day"] or issue + dt.timedelta(days=rng.choice([10, 14, 15, 20]))
    ctx["t_due_day"] = debit_day
    pay = _p(ctx, "t_pay")
    box = (f'<div style="border:1.5pt solid {ctx["colour"]};padding:2mm;margin-top:3mm;font-size:11pt">'
           f'<span class="strong">{_e(pay)} : {_m(ctx, due_amount)}</span><br>{_f(ctx, "t_debit", _day(ctx, debit_day))}</div>')
    period = f'<p class="strong">{_f(ctx, "t_period", _day(ctx, start), _day(ctx, end))}</p>'
    title = _p(ctx, "t_util_title") if not ctx["credit"] else ctx["title"]
    head_line = f'<p class="strong">{_f(ctx, "t_util_sentence", ctx["number"], ctx["issue"])}</p>' if sentence else ""
    old = rng.randint(1000, 90000)
    used = rng.randint(80, 9000)
    readings = (f'<table class="lines" style="width:70%"><tr><th>{_e(_p(ctx, "t_read_on"))}</th><th>{_e(_p(ctx, "t_old"))}</th>'
                f'<th>{_e(_p(ctx, "t_new"))}</th><th>{_e(_p(ctx, "t_conso"))}</th></tr><tr><td>{_day(ctx, end)}</td>'
                f'<td>{old}</td><td>{old + used}</td><td>{used}</td></tr></table>')
    rows = _tax_rows(ctx) + [(_p(ctx, "t_invoice_ttc"), _m(ctx, ttc), True)]
    if ctx["deposit"]:
        rows.append((rng.choice(ctx["labels"]["deposit"]), _m(ctx, -ctx["deposit"]), False))
    if already is not None:
        rows.append((_p(ctx, "t_already"), _m(ctx, -already), False))
    if rng.random() < 0.6:  # the previous bill and its payment: amounts and a date that are not this bill's
        previous = blind.money(ttc * Decimal(rng.choice(["0.6", "0.9", "1.1", "1.4"])))
        paid_on = issue - dt.timedelta(days=rng.randint(20, 50))
        rows = [(_p(ctx, "t_prev"), _m(ctx, previous), False),
                (_f(ctx, "t_received", _day(ctx, paid_on)), _m(ctx, -previous), False)] + rows
    rows.append((pay, _m(ctx, due_amount), True))
    schedule = ""
    if rng.random() < 0.5:  # the next instalments: future dates and amounts of their own
        step = blind.money(ttc / rng.choice([4, 6, 10, 11]) + Decimal(rng.randint(1, 9)))
        first = debit_day + dt.timedelta(days=rng.randint(25, 35))
        cells = "".join(f"<tr><td>{_day(ctx, first + dt.timedelta(days=30 * k))}</td><td class='n'>{_m(ctx, step)}</td></tr>"
                        for k in range(rng.choice([3, 4, 6])))
        schedule = (f'<div class="strong" style="margin-top:4mm">{_e(_p(ctx, "t_schedule"))}</div>'
                    f'<table class="lines" style="width:50%"><tr><th>{_e(_p(ctx, "t_sched_date"))}</th>'
                    f'<th class="n">{_e(_p(ctx, "t_sched_amount"))}</th></tr>{cells}</table>')
    items = ctx["labels"]["t_util_items"]
    lines = _lines_table(ctx, rng.sample(items, len(items)))
    buyer = blind._buyer_block(ctx, label=rng.random() < 0.5)
    if rng.random() < 0.5:  # a side panel: the references and the amount to pay at the right of the page
        side = _pairs_box(ctx, _p(ctx, "t_refs"), pairs) + box
        summary = _rows(ctx, rows[-3:], boxed=True)
        return f"""{_header(ctx, title)}{head_line}<table style="width:100%;margin-top:4mm"><tr>
<td style="vertical-align:top;width:55%">{buyer}{period}<div class="strong" style="margin-top:3mm">{_e(_p(ctx, "t_summary"))}</div>
{summary}</td><td style="vertical-align:top">{side}</td></tr></table>{readings}{lines}{_recap(ctx)}{_rows(ctx, rows)}
{schedule}{_mentions(ctx)}{_bank(ctx)}"""
    refs_box = _pairs_box(ctx, _p(ctx, "t_refs"), pairs)
    return f"""{_header(ctx, title, refs_box)}<div style="margin:4mm 0 0 95mm">{buyer}</div>{head_line}{period}{box}
{readings}{lines}{_recap(ctx)}{_rows(ctx, rows)}{schedule}{_mentions(ctx)}{_bank(ctx)}"""


# ---------------------------------------------------------------------------
# A hotel's folio
# ---------------------------------------------------------------------------


def _folio_number(ctx: dict) -> str:
    rng, day = _t(ctx), ctx["issue_day"]
    return rng.choice([_digits(rng, 6), f"{day.year % 100:02d}-{_digits(rng, 5)}", f"F{_digits(rng, 7)}",
                       f"{day.year}/{_digits(rng, 6)}", f"H{rng.randint(1, 9)}-{_digits(rng, 6)}", ctx["number"]])


def _layout_folio_sejour(ctx: dict) -> str:
    """A hotel's folio: its number (« Note n° », « Folio No. », « Facture N° ») among the PMS account, room,
    confirmation, arrival and departure; the guest and the company billed; a ledger of nights and extras, each line
    dated; the payment in the credit column and a zero balance (or what is left after a deposit)."""
    rng = _t(ctx)
    ctx["number"] = _folio_number(ctx)
    departure = ctx["issue_day"] - dt.timedelta(days=rng.choice([0, 0, 0, 1]))
    nights = rng.randint(1, 5)
    arrival = departure - dt.timedelta(days=nights)
    guest = f"{rng.choice(blind.GIVEN[ctx['language']])} {rng.choice(blind.SURNAMES[ctx['language']])}"
    pairs = [(_p(ctx, "t_folio_no"), ctx["number"]), (_p(ctx, "t_room"), f"{rng.randint(1, 7)}{rng.randint(1, 35):02d}"),
             (_p(ctx, "t_arrival"), _day(ctx, arrival)), (_p(ctx, "t_departure"), _day(ctx, departure)),
             (_p(ctx, "t_nights"), str(nights))]
    if rng.random() < 0.6:
        pairs.append((_p(ctx, "t_folio_pms"), _digits(rng, rng.choice([5, 6, 7]))))
    if rng.random() < 0.6:
        pairs.append((_p(ctx, "t_confirm"), _digits(rng, rng.choice([8, 9, 10]))))
    if rng.random() < 0.4:
        pairs.append((_p(ctx, "t_cashier"), rng.choice(blind.GIVEN[ctx["language"]])))
    rng.shuffle(pairs)
    pairs.append((rng.choice(ctx["labels"]["date"]), ctx["issue"]))
    if ctx["due"]:
        pairs.append((rng.choice(ctx["labels"]["due"]), ctx["due"]))
    in_title = rng.random() < 0.3
    title = _p(ctx, "t_folio_title") if not ctx["credit"] else ctx["title"]
    if in_title:  # « Note n° 123456 » as the title, the number printed once
        sign = {"fr": "N°", "en": "No.", "de": "Nr.", "es": "nº", "it": "n."}[ctx["language"]]
        title = f"{title} {sign} {ctx['number']}"
        pairs = [(k, v) for k, v in pairs if v != ctx["number"]]
    who = (f'<div><span class="muted">{_e(_p(ctx, "t_guest"))} :</span> {_e(guest)}</div>'
           f'<div class="muted" style="margin-top:2mm">{_e(_p(ctx, "t_company"))}</div>{blind._buyer_block(ctx, label=False)}')
    grid = "".join(f'<td style="border:0.6pt solid #888;padding:2pt 4pt"><div class="muted">{_e(k)}</div>{_e(v)}</td>'
                   for k, v in pairs)
    refs = (f'<table style="margin-top:4mm"><tr>{grid}</tr></table>' if rng.random() < 0.5 else
            _pairs_box(ctx, "", pairs))
    days = [arrival + dt.timedelta(days=k % max(nights, 1)) for k in range(len(ctx["lines"]))]
    lines = _lines_table(ctx, ctx["labels"]["t_hotel_items"], dated=days)
    ttc = ctx["ttc"]
    rows = _tax_rows(ctx) + [(_p(ctx, "t_folio_total"), _m(ctx, ttc), True)]
    if ctx["deposit"]:
        rows.append((rng.choice(ctx["labels"]["deposit"]), _m(ctx, -ctx["deposit"]), False))
        rows.append((_p(ctx, "t_balance"), _m(ctx, ttc - ctx["deposit"]), True))
    elif not ctx["credit"] and not ctx["due"]:  # paid at check-out: the payment in the credit column, nothing due
        rows.append((f"{_p(ctx, 't_payment')} {_day(ctx, departure)}", _m(ctx, -ttc), False))
        rows.append((_p(ctx, "t_balance"), _m(ctx, Decimal("0.00")), True))
        ctx["paid_in_full"] = True
    return f"""{_header(ctx, title)}<table style="width:100%;margin-top:4mm"><tr><td style="vertical-align:top;width:50%">
{who}</td><td style="vertical-align:top">{refs}</td></tr></table>{lines}{_recap(ctx)}{_rows(ctx, rows)}{_mentions(ctx)}
{_bank(ctx) if ctx["due"] else ""}"""


# ---------------------------------------------------------------------------
# A marketplace's order invoice
# ---------------------------------------------------------------------------


def _market_number(ctx: dict) -> str:
    rng, day, lang = _t(ctx), ctx["issue_day"], ctx["language"]
    country = blind.COUNTRY[lang]
    return rng.choice([f"{country}{_digits(rng, 4)}{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(4))}{_digits(rng, 3)}",
                       f"INV-{country}-{_digits(rng, 9)}-{day.year}-{_digits(rng, 4)}",
                       f"{day.year}{day.month:02d}{_digits(rng, 6)}", f"{country}-{_digits(rng, 8)}"])


def _layout_facture_vendeur(ctx: dict) -> str:
    """A marketplace's order invoice issued by its seller: the order's number beside the invoice's, the order's,
    invoice's and shipping dates, « Sold by », one to three shipments with their carrier and tracking number, the
    items' EAN codes, the amount paid by card."""
    rng = _t(ctx)
    ctx["number"] = _market_number(ctx)
    issue = ctx["issue_day"]
    ordered = issue - dt.timedelta(days=rng.randint(0, 6))
    shipped = issue + dt.timedelta(days=rng.randint(-2, 3))
    order = rng.choice([f"{_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 7)}", _digits(rng, 12),
                        f"{rng.choice('ABCW')}{_digits(rng, 10)}"])
    market = rng.choice(blind.MARKETPLACES)
    pairs = [(_p(ctx, "t_mp_order"), order), (_p(ctx, "t_mp_ordered"), _day(ctx, ordered)),
             (_p(ctx, "t_mp_no"), ctx["number"]), (_p(ctx, "t_mp_date"), ctx["issue"]),
             (_p(ctx, "t_mp_shipped"), _day(ctx, shipped))]
    if ctx["due"]:
        pairs.append((rng.choice(ctx["labels"]["due"]), ctx["due"]))
    if rng.random() < 0.5:
        rng.shuffle(pairs)
    count = rng.choice([1, 1, 2, 3])
    carriers = ["Colissimo", "DHL", "UPS", "GLS", "Chronopost", "SEUR", "BRT", "DPD"]
    tracks = [rng.choice([f"1Z{_digits(rng, 6)}{_digits(rng, 10)}", f"6A{_digits(rng, 11)}", f"JD{_digits(rng, 18)}",
                          _digits(rng, 14)]) for _ in range(count)]
    shipments = "".join(f'<div>{_f(ctx, "t_mp_ship", k + 1, count)} – {_e(_p(ctx, "t_mp_carrier"))} {rng.choice(carriers)} – '
                        f'{_e(_p(ctx, "t_mp_track"))} {track}</div>' for k, track in enumerate(tracks))
    codes = [_digits(rng, 13) for _ in ctx["lines"]]
    lines = _lines_table(ctx, rng.sample(ctx["labels"]["t_mp_items"], len(ctx["labels"]["t_mp_items"])), codes=codes)
    ttc = ctx["ttc"]
    rows = _tax_rows(ctx) + [(_p(ctx, "t_mp_total"), _m(ctx, ttc), True)]
    if not ctx["credit"] and not ctx["due"] and not ctx["deposit"] and rng.random() < 0.7:
        rows.append((_p(ctx, "t_mp_paid"), _m(ctx, ttc), False))
        ctx["paid_in_full"] = True
    elif ctx["deposit"]:
        rows.append((rng.choice(ctx["labels"]["deposit"]), _m(ctx, -ctx["deposit"]), False))
        rows.append((rng.choice(ctx["labels"]["balance"]), _m(ctx, ttc - ctx["deposit"]), True))
    sold = f'<div><span class="muted">{_e(_p(ctx, "t_mp_sold"))} :</span> <span class="strong">{_e(ctx["legal_name"])}</span></div>'
    on = f'<div class="muted">{_f(ctx, "t_mp_on", market + rng.choice([".fr", ".com", ".eu"]))}</div>'
    refs = "".join(f'<div><span class="muted">{_e(k)} :</span> {_e(v)}</div>' for k, v in pairs)
    top = rng.random() < 0.5
    seller = _seller_block(ctx) if top else f"{sold}<div>{blind._address(ctx, 'seller')}</div>"
    title = _p(ctx, "t_mp_title") if not ctx["credit"] else ctx["title"]
    return f"""<div style="font-size:18pt;font-weight:bold;color:{ctx['colour']}">{_e(market)}</div>{on}
<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:50%">{seller}{sold if top else ''}</td>
<td style="vertical-align:top"><div style="font-size:15pt" class="strong">{_e(title)}</div>{refs}</td></tr></table>
<div style="margin-top:4mm">{blind._buyer_block(ctx)}</div>{lines}<div style="margin-top:3mm">{shipments}</div>
{_recap(ctx)}{_rows(ctx, rows)}{_mentions(ctx)}"""


blind.RENDER.update({"releve_fluide": _layout_releve_fluide, "folio_sejour": _layout_folio_sejour,
                     "facture_vendeur": _layout_facture_vendeur})
