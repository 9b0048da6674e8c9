"""Hotel folios and restaurant notes (issue 13, branch folio-14): blind seeds 113000–113999.

A hotel's or a restaurant's bill prints its own number among many rival codes: the room, the booking and its
confirmation, the guest's or the account's number in the hotel's system, the cashier, the table and its covers, the
till's ticket, the note's own number beside the invoice's. The pages are drawn from how hotel and restaurant software
prints them:

- QloApps (``pdf/header.tpl``, ``pdf/invoice.summary-tab.tpl``, ``pdf/invoice.product-tab.tpl`` and
  ``translations/fr/pdf.php``): the invoice's number printed unlabelled under the title and the date, then a summary
  grid « Numéro de facture / Date de facturation / Réf. de commande / Date de commande », a rooms table with its
  check-in and check-out dates (« Rooms Details », « Check-in Date », « Check-out Date »);
- a hotel's PMS folio in general usage: the stay's block (room, arrival, departure, nights, adults, booking and
  confirmation numbers, the guest's account), a ledger of dated charges (night, breakfast, tourist tax…) with a debit
  and a credit column, the payment at check-out and a nil balance;
- a restaurant's note as tills print it (table, covers, server, the till's ticket and the note's number, date and
  hour), asked as an invoice for a company: « Facture n° » then beside the note's or ticket's number;
- a grid of labels over values in narrow cells, as PMS headers print them: the labels and the dates wrap in their
  cells.

French first (six in ten), then English, German, Spanish and Italian. Reached from
:func:`invoice_generator_blind.make_invoice` for seeds in [FOLIO_FROM, FOLIO_TO) by a lazy import. Seeds
113000–113749 tune, 113750–113999 are held out (measured, their misses never read). The truth's number is the
invoice's (the note's or the ticket's only when nothing else numbers the page); its due date is printed or none.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import partial
import string
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator_blind import _bank, _buyer_block, _e, _logo, _m, _mentions, _recap, _seller_block, date_text

FOLIO_FROM = 113_000
FOLIO_TO = 114_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 113_750
LAYOUTS = ("fo_sejour", "fo_boutique", "fo_note", "fo_caisse", "fo_grille")
WEIGHTS = (0.6, 0.1, 0.1, 0.1, 0.1)  # fr, en, de, es, it (blind.LANGUAGES)

# Keys start with « fo_ ». « {} » marks where a value goes.
FOLIO_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "fo_title": ["Facture", "Note", "Facture hôtel", "Note de séjour"],
        "fo_meal_title": ["Facture", "Note", "Addition", "Facture restaurant"],
        "fo_invoice": ["Facture n°", "N° Facture", "Facture N°"],
        "fo_note": ["N° note", "N° de la note", "Note numéro"],
        "fo_ticket": ["N° ticket", "Ticket de caisse n°"],
        "fo_room": ["Ch.", "N° ch.", "Chbre", "Logement n°"],
        "fo_arrival": ["Arrivée le", "Date d'entrée", "Entrée le"],
        "fo_departure": ["Départ le", "Date de sortie", "Sortie le"],
        "fo_nights": ["Nuits", "Nb nuits", "Nuitées"],
        "fo_adults": ["Adultes", "Nb pers.", "Pers."],
        "fo_booking": ["N° réservation", "Réservation", "Résa n°"],
        "fo_confirm": ["N° confirmation", "Confirmation"],
        "fo_account": ["N° compte", "Compte", "N° client", "Code client"],
        "fo_guest": ["Client", "Nom", "Hôte"],
        "fo_cashier": ["Caissier", "Opérateur", "Caisse"],
        "fo_table": ["Table", "N° table"],
        "fo_covers": ["Cvts", "Nb couverts", "Nombre de couverts"],
        "fo_server": ["Serveuse", "Votre serveur", "Vendeur"],
        "fo_date": ["Date", "Le", "Date facture"],
        "fo_due": ["À régler avant le", "Date d'échéance"],
        "fo_hour": ["Heure"],
        "fo_sum_number": ["Numéro de facture"],
        "fo_sum_date": ["Date de facturation"],
        "fo_sum_order": ["Réf. de commande"],
        "fo_sum_order_date": ["Date de commande"],
        "fo_rooms": ["Détail des chambres"],
        "fo_room_desc": ["Description de la chambre"],
        "fo_room_count": ["Chambres"],
        "fo_unit": ["Prix unitaire (HT)"],
        "fo_total_ht": ["Total (HT)"],
        "fo_ledger_date": ["Date", "Jour"],
        "fo_ledger_text": ["Libellé", "Prestation"],
        "fo_debit": ["Débit"],
        "fo_credit": ["Crédit"],
        "fo_qty": ["Qté"],
        "fo_hotel_items": ["Nuitée", "Hébergement", "Petit-déjeuner", "Demi-pension", "Bar", "Restaurant", "Parking",
                           "Blanchisserie", "Minibar", "Téléphone"],
        "fo_food_items": ["Menu du jour", "Entrée", "Plat du jour", "Dessert", "Café", "Eau minérale", "Vin rouge",
                          "Formule déjeuner", "Apéritif", "Digestif"],
        "fo_paid": ["Règlement CB", "Paiement carte bancaire", "Espèces", "Règlement"],
        "fo_balance": ["Solde", "Reste dû", "Solde à régler"],
        "fo_thanks": ["Merci de votre visite", "À bientôt !", "Merci et bon retour"],
        "fo_bill_to": ["Facturé à", "Société"],
    },
    "en": {
        "fo_title": ["Invoice", "Guest Folio", "Hotel Bill"],
        "fo_meal_title": ["Invoice", "Bill", "Guest Check"],
        "fo_invoice": ["Invoice no.", "Invoice No", "Inv. No."],
        "fo_note": ["Bill No.", "Check No.", "Folio ref."],
        "fo_ticket": ["Receipt No.", "Ticket"],
        "fo_room": ["Rm", "Rm No.", "Room Nbr"],
        "fo_arrival": ["Check-in Date", "Arrived", "Date in"],
        "fo_departure": ["Check-out Date", "Departed", "Date out"],
        "fo_nights": ["Nights", "No. of nights"],
        "fo_adults": ["Adults", "No. of guests"],
        "fo_booking": ["Booking No.", "Reservation"],
        "fo_confirm": ["Confirmation No.", "Conf. No."],
        "fo_account": ["Account No.", "Guest ID", "Profile"],
        "fo_guest": ["Resident", "Name", "Occupant"],
        "fo_cashier": ["Cashier", "Operator", "Till"],
        "fo_table": ["Table", "Tbl"],
        "fo_covers": ["Covers", "Guests"],
        "fo_server": ["Server", "Served by", "Waiter"],
        "fo_date": ["Date", "Invoice date"],
        "fo_due": ["Payment due", "Pay by"],
        "fo_hour": ["Time"],
        "fo_sum_number": ["Invoice Number"],
        "fo_sum_date": ["Invoice Date"],
        "fo_sum_order": ["Order Reference"],
        "fo_sum_order_date": ["Date of booking"],
        "fo_rooms": ["Rooms Details"],
        "fo_room_desc": ["Room Description"],
        "fo_room_count": ["Rooms"],
        "fo_unit": ["Unit Price (Tax excl.)"],
        "fo_total_ht": ["Total (Tax excl.)"],
        "fo_ledger_date": ["Date", "Day"],
        "fo_ledger_text": ["Description", "Details"],
        "fo_debit": ["Charges", "Debit"],
        "fo_credit": ["Credits", "Credit"],
        "fo_qty": ["Qty"],
        "fo_hotel_items": ["Room rate", "Accommodation", "Breakfast", "Half board", "Bar", "Restaurant", "Parking", "Laundry",
                           "Minibar", "Telephone"],
        "fo_food_items": ["Soup of the day", "Starter", "Main course", "Dessert", "Coffee", "Still water", "House red",
                          "Set lunch", "Aperitif", "Liqueur"],
        "fo_paid": ["Visa payment", "Card payment", "Cash", "Payment"],
        "fo_balance": ["Balance", "Balance due"],
        "fo_thanks": ["Thank you for staying with us", "Thank you, come again"],
        "fo_bill_to": ["Bill to", "Company"],
    },
    "de": {
        "fo_title": ["Rechnung", "Hotelrechnung", "Gastrechnung"],
        "fo_meal_title": ["Rechnung", "Bewirtungsrechnung"],
        "fo_invoice": ["Rechnungs-Nr.", "Rechnung Nr.", "Re.-Nr."],
        "fo_note": ["Bon-Nr.", "Beleg-Nr.", "Bonnummer"],
        "fo_ticket": ["Bon", "Kassenbon-Nr."],
        "fo_room": ["Zi.-Nr.", "Zimmernummer"],
        "fo_arrival": ["Anreisetag", "Ankunftsdatum"],
        "fo_departure": ["Abreisetag", "Abreisedatum"],
        "fo_nights": ["Nächte", "Anz. Nächte"],
        "fo_adults": ["Erwachsene", "Personen"],
        "fo_booking": ["Reservierungs-Nr.", "Buchungs-Nr."],
        "fo_confirm": ["Bestätigungs-Nr."],
        "fo_account": ["Gast-Nr.", "Gästekonto"],
        "fo_guest": ["Name des Gastes", "Name"],
        "fo_cashier": ["Kassierer", "Bediener", "Kasse"],
        "fo_table": ["Tisch", "Tisch-Nr."],
        "fo_covers": ["Gäste", "Personen am Tisch"],
        "fo_server": ["Bedienung", "Es bediente Sie"],
        "fo_date": ["Datum", "Rechnungsdatum"],
        "fo_due": ["Zahlbar bis"],
        "fo_hour": ["Uhrzeit"],
        "fo_sum_number": ["Rechnungsnummer"],
        "fo_sum_date": ["Rechnungsdatum"],
        "fo_sum_order": ["Bestellreferenz"],
        "fo_sum_order_date": ["Buchungsdatum"],
        "fo_rooms": ["Zimmerdetails"],
        "fo_room_desc": ["Zimmerbeschreibung"],
        "fo_room_count": ["Anzahl Zimmer"],
        "fo_unit": ["Stückpreis (netto)"],
        "fo_total_ht": ["Gesamt (netto)"],
        "fo_ledger_date": ["Datum", "Tag"],
        "fo_ledger_text": ["Leistung", "Text"],
        "fo_debit": ["Soll", "Belastung"],
        "fo_credit": ["Haben", "Gutschrift"],
        "fo_qty": ["Anz."],
        "fo_hotel_items": ["Übernachtung", "Logis", "Frühstück", "Halbpension", "Bar", "Restaurant", "Garage",
                           "Wäsche", "Minibar", "Telefon"],
        "fo_food_items": ["Tagessuppe", "Vorspeise", "Tagesgericht", "Dessert", "Kaffee", "Mineralwasser",
                          "Rotwein 0,2 l", "Mittagsmenü", "Aperitif", "Digestif"],
        "fo_paid": ["EC-Karte", "Kartenzahlung", "Bar bezahlt", "Zahlung"],
        "fo_balance": ["Saldo", "Offener Betrag"],
        "fo_thanks": ["Vielen Dank für Ihren Besuch", "Auf Wiedersehen"],
        "fo_bill_to": ["Rechnungsempfänger", "Firma"],
    },
    "es": {
        "fo_title": ["Factura", "Cuenta", "Factura de estancia"],
        "fo_meal_title": ["Factura", "Cuenta", "Factura simplificada"],
        "fo_invoice": ["Factura nº", "Nº factura", "Factura núm."],
        "fo_note": ["Nº de cuenta", "Comanda nº"],
        "fo_ticket": ["Nº de ticket", "Tique"],
        "fo_room": ["Nº hab.", "Habitación nº"],
        "fo_arrival": ["Fecha de entrada", "Día de entrada"],
        "fo_departure": ["Fecha salida", "Día de salida"],
        "fo_nights": ["Noches", "Nº noches"],
        "fo_adults": ["Adultos", "Personas"],
        "fo_booking": ["Nº reserva", "Reserva"],
        "fo_confirm": ["Nº confirmación", "Localizador"],
        "fo_account": ["Nº cliente", "Cliente nº"],
        "fo_guest": ["Nombre", "Cliente alojado"],
        "fo_cashier": ["Cajero", "Operador", "Caja"],
        "fo_table": ["Nº mesa", "Mesa número"],
        "fo_covers": ["Cubiertos", "Nº comensales"],
        "fo_server": ["Atendido por", "Camarero/a"],
        "fo_date": ["Fecha", "Fecha factura"],
        "fo_due": ["Vencimiento"],
        "fo_hour": ["Hora"],
        "fo_sum_number": ["Número de factura"],
        "fo_sum_date": ["Fecha de expedición"],
        "fo_sum_order": ["Referencia del pedido"],
        "fo_sum_order_date": ["Fecha de reserva"],
        "fo_rooms": ["Detalle de habitaciones"],
        "fo_room_desc": ["Descripción de la habitación"],
        "fo_room_count": ["Habitaciones"],
        "fo_unit": ["Precio unitario (sin IVA)"],
        "fo_total_ht": ["Total (sin IVA)"],
        "fo_ledger_date": ["Fecha", "Día"],
        "fo_ledger_text": ["Concepto"],
        "fo_debit": ["Cargo", "Debe"],
        "fo_credit": ["Abono", "Haber"],
        "fo_qty": ["Uds."],
        "fo_hotel_items": ["Alojamiento", "Habitación doble", "Desayuno", "Media pensión", "Bar", "Restaurante",
                           "Garaje", "Lavandería", "Minibar", "Teléfono"],
        "fo_food_items": ["Menú del día", "Entrante", "Plato del día", "Postre", "Café", "Agua mineral", "Vino tinto",
                          "Menú ejecutivo", "Aperitivo", "Chupito"],
        "fo_paid": ["Pago con tarjeta", "Efectivo", "Cobro"],
        "fo_balance": ["Saldo", "Pendiente"],
        "fo_thanks": ["Gracias por su visita", "Vuelva pronto"],
        "fo_bill_to": ["Facturar a", "Empresa"],
    },
    "it": {
        "fo_title": ["Fattura", "Conto", "Ricevuta fiscale"],
        "fo_meal_title": ["Fattura", "Conto", "Preconto"],
        "fo_invoice": ["Fattura n°", "Fatt. n."],
        "fo_note": ["N. conto", "Comanda n."],
        "fo_ticket": ["Scontrino n.", "Documento commerciale n."],
        "fo_room": ["N. camera", "Stanza n."],
        "fo_arrival": ["Data di arrivo", "Arrivato il"],
        "fo_departure": ["Data di partenza", "Partito il"],
        "fo_nights": ["Notti", "N. notti"],
        "fo_adults": ["Adulti", "Persone"],
        "fo_booking": ["N. prenotazione", "Prenotazione"],
        "fo_confirm": ["N. conferma"],
        "fo_account": ["Cod. cliente", "N. cliente"],
        "fo_guest": ["Nominativo", "Cliente ospite"],
        "fo_cashier": ["Cassiere", "Cassa"],
        "fo_table": ["Tavolo n.", "N. tavolo"],
        "fo_covers": ["Coperti n.", "Persone al tavolo"],
        "fo_server": ["Servito da", "Addetto"],
        "fo_date": ["Data", "Data fattura"],
        "fo_due": ["Scadenza"],
        "fo_hour": ["Ora"],
        "fo_sum_number": ["Numero fattura"],
        "fo_sum_date": ["Data di fatturazione"],
        "fo_sum_order": ["Rif. prenotazione"],
        "fo_sum_order_date": ["Data prenotazione"],
        "fo_rooms": ["Dettaglio camere"],
        "fo_room_desc": ["Descrizione camera"],
        "fo_room_count": ["Camere"],
        "fo_unit": ["Prezzo unitario (IVA escl.)"],
        "fo_total_ht": ["Totale (IVA escl.)"],
        "fo_ledger_date": ["Data", "Giorno"],
        "fo_ledger_text": ["Descrizione", "Servizio"],
        "fo_debit": ["Addebito", "Dare"],
        "fo_credit": ["Accredito", "Avere"],
        "fo_qty": ["Q.tà"],
        "fo_hotel_items": ["Pernottamento", "Camera doppia", "Prima colazione", "Mezza pensione", "Bar", "Ristorante",
                           "Garage", "Lavanderia", "Frigobar", "Telefono"],
        "fo_food_items": ["Antipasto", "Primo", "Secondo", "Dolce", "Caffè", "Acqua minerale", "Vino rosso",
                          "Menù di lavoro", "Aperitivo", "Amaro"],
        "fo_paid": ["Pagamento carta", "Contanti", "Incasso"],
        "fo_balance": ["Saldo", "Da pagare"],
        "fo_thanks": ["Grazie e arrivederci", "Grazie per la visita"],
        "fo_bill_to": ["Intestatario", "Società"],
    },
}
blind.add_labels(FOLIO_LABELS)


def label_strings() -> set[str]:
    """Every label wording of this module (for the tests that compare families' wordings)."""
    return blind.wordings(FOLIO_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``'s page."""
    return blind.module_draw("folios", seed, LAYOUTS, WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [FOLIO_FROM, FOLIO_TO)): the family's draws, this module's page; the truth's
    number is the one the page gives the invoice, its due date the one printed (or none)."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.invoice_number = ctx["number"]
    truth.due_date = ctx["fo_due_day"].isoformat() if ctx.get("fo_due_day") else None
    return invoice


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _r(ctx: dict) -> random.Random:
    if "fo_rng" not in ctx:
        ctx["fo_rng"] = random.Random(f"blind-folio-render-{ctx['number']}-{ctx['issue_day']}")
    return ctx["fo_rng"]


def _w(ctx: dict, key: str) -> str:
    return _r(ctx).choice(FOLIO_LABELS[ctx["language"]][key])


#: Digits with no leading zero (the blind family's draw, the same random calls).
_digits = partial(blind._digits, first=1)


def _d(ctx: dict, day: dt.date) -> str:
    style = ctx.setdefault("fo_style", _r(ctx).choice(["num", "num", "num", "short", "iso", "words"]))
    return date_text(day, ctx["language"], style, ctx.setdefault("fo_variant", _r(ctx).randint(0, 5)))


def _invoice_number(ctx: dict) -> str:
    """The invoice's number as hotel and restaurant software numbers it."""
    rng, year = _r(ctx), ctx["issue_day"].year
    return rng.choice([f"FA{_digits(rng, 6)}", f"F{year}-{rng.randint(1, 99999):05d}", f"{year}/{rng.randint(1, 999999):06d}",
                       f"H{year % 100:02d}-{_digits(rng, 5)}", _digits(rng, 6), f"IN{rng.randint(1, 999999):06d}",
                       f"R{year % 100:02d}{rng.randint(1, 9999):04d}", ctx["number"]])


def _stay(ctx: dict) -> dict:
    """The stay: departure on the issue day (or the day before), 1 to 6 nights, its rival codes."""
    rng = _r(ctx)
    departure = ctx["issue_day"] - dt.timedelta(days=rng.choice([0, 0, 0, 1]))
    nights = rng.randint(1, 6)
    return {"in_day": departure - dt.timedelta(days=nights), "out_day": departure, "nights": nights,
            "unit_no": f"{rng.randint(1, 6)}{rng.randint(1, 40):02d}", "adults": str(rng.randint(1, 4)),
            "booking": rng.choice([_digits(rng, 8), _digits(rng, 10), f"{rng.choice('BRW')}{_digits(rng, 7)}"]),
            "confirm": rng.choice([_digits(rng, 9), "".join(rng.choice(string.ascii_uppercase) for _ in range(6))]),
            "account": _digits(rng, rng.choice([4, 5, 6, 7])), "cashier": rng.choice([str(rng.randint(1, 40)),
                                                                                       rng.choice(blind.GIVEN[ctx["language"]])]),
            "note": _digits(rng, rng.choice([5, 6, 7])),
            "who": f"{rng.choice(blind.GIVEN[ctx['language']])} {rng.choice(blind.SURNAMES[ctx['language']])}"}


def _due(ctx: dict, pairs: list[tuple[str, str]]) -> None:
    """A due date when the bill is sent to a company (half), none when paid at departure."""
    if ctx["due_day"] and _r(ctx).random() < 0.5:
        ctx["fo_due_day"] = ctx["due_day"]
        pairs.append((_w(ctx, "fo_due"), _d(ctx, ctx["due_day"])))


def _lines(ctx: dict, items_key: str, days: list[dt.date] | None, start: int = 0) -> str:
    """The family's lines (from ``start`` on) under this kind's words, each dated when ``days``."""
    rng = _r(ctx)
    items = FOLIO_LABELS[ctx["language"]][items_key]
    head = ([_w(ctx, "fo_ledger_date")] if days else []) + [_w(ctx, "fo_ledger_text"), _w(ctx, "fo_qty"),
                                                              rng.choice(ctx["labels"]["unit"]), rng.choice(ctx["labels"]["amount_col"])]
    rates = len(ctx["breakdown"]) > 1
    if rates:
        head.insert(-1, rng.choice(ctx["labels"]["rate_col"]))
    rows = []
    for index, line in enumerate(ctx["lines"][start:], start):
        cells = [_d(ctx, days[index % len(days)])] if days else []
        cells += [_e(items[index % len(items)]), blind._qty(ctx, line["qty"]), _m(ctx, line["unit"], False)]
        if rates:
            cells.append(_e(blind.rate_text(line["rate"], ctx["language"])))
        cells.append(_m(ctx, line["amount"], False))
        rows.append("<tr>" + "".join(f"<td{' class=n' if i >= len(cells) - 3 else ''}>{c}</td>" for i, c in enumerate(cells))
                    + "</tr>")
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    return f'<table class="lines"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _totals(ctx: dict, paid_on: dt.date | None) -> str:
    """The family's totals; paid at departure: the payment and a nil balance."""
    rows = blind._total_rows(ctx)
    if paid_on is not None and not ctx["deposit"] and not ctx["credit"] and not ctx.get("fo_due_day"):
        rows.append((f"{_w(ctx, 'fo_paid')} {_d(ctx, paid_on)}", _m(ctx, -ctx["ttc"]), False))
        rows.append((_w(ctx, "fo_balance"), _m(ctx, Decimal("0.00")), True))
        ctx["paid_in_full"] = True
    body = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{value}</td></tr>'
                   for label, value, strong in rows)
    return f'<table class="tot">{body}</table>'


def _box(ctx: dict, pairs: list[tuple[str, str]]) -> str:
    sep = _r(ctx).choice([" :", ":", ""]) if ctx["language"] == "fr" else _r(ctx).choice([":", ""])
    rows = "".join(f'<tr><td class="muted" style="padding-right:8pt">{_e(k)}{sep}</td><td>{_e(v)}</td></tr>' for k, v in pairs)
    return f'<table style="margin-top:2mm">{rows}</table>'


def _head(ctx: dict, title: str, right: str = "") -> str:
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="accent strong">{_e(title)}</div>{right}
</td></tr></table>"""


def _tail(ctx: dict) -> str:
    return f'{_mentions(ctx)}{_bank(ctx) if ctx.get("fo_due_day") else ""}'


def _title(ctx: dict, key: str = "fo_title") -> str:
    return _w(ctx, key) if not ctx["credit"] else ctx["title"]


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def _layout_sejour(ctx: dict) -> str:
    """A PMS folio: the guest's and the stay's blocks side by side (room, arrival, departure, nights, booking,
    confirmation, account, cashier), the invoice's number among them (or the folio's alone), a dated ledger."""
    rng, stay = _r(ctx), _stay(ctx)
    ctx["number"] = _invoice_number(ctx)
    own = (_w(ctx, "fo_invoice"), ctx["number"])
    stay_pairs = [(_w(ctx, "fo_room"), stay["unit_no"]), (_w(ctx, "fo_arrival"), _d(ctx, stay["in_day"])),
                  (_w(ctx, "fo_departure"), _d(ctx, stay["out_day"]))]
    for key, chance in (("nights", 0.6), ("adults", 0.5), ("booking", 0.7), ("confirm", 0.4), ("account", 0.5), ("cashier", 0.4)):
        if rng.random() < chance:
            stay_pairs.append((_w(ctx, f"fo_{key}"), str(stay[key])))
    guest_pairs = [(_w(ctx, "fo_guest"), stay["who"])]
    if rng.random() < 0.4:  # the folio's own number beside the invoice's
        guest_pairs.append((_w(ctx, "fo_note"), stay["note"]))
    guest_pairs += [own, (_w(ctx, "fo_date"), _d(ctx, ctx["issue_day"]))]
    rng.shuffle(stay_pairs)
    _due(ctx, guest_pairs)
    if rng.random() < 0.5:
        guest_pairs, stay_pairs = stay_pairs, guest_pairs
    days = [stay["in_day"] + dt.timedelta(days=k % stay["nights"]) for k in range(len(ctx["lines"]))]
    buyer = f'<div class="muted" style="margin-top:3mm">{_e(_w(ctx, "fo_bill_to"))}</div>{_buyer_block(ctx, label=False)}'
    return f"""{_head(ctx, _title(ctx))}<div style="margin:3mm 0 0 95mm">{buyer}</div>
<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:50%">{_box(ctx, guest_pairs)}</td>
<td style="vertical-align:top">{_box(ctx, stay_pairs)}</td></tr></table>{_lines(ctx, "fo_hotel_items", days)}{_recap(ctx)}
{_totals(ctx, stay["out_day"])}{_tail(ctx)}"""


def _layout_boutique(ctx: dict) -> str:
    """As QloApps prints it: the number unlabelled under the title and the date, a summary grid (number, date, the
    booking's order reference and date), the rooms with their check-in and check-out dates."""
    rng, stay = _r(ctx), _stay(ctx)
    ctx["number"] = rng.choice([f"IN{rng.randint(1, 999999):06d}", f"FA{rng.randint(1, 999999):06d}", _digits(rng, 6)])
    shown = f"#{ctx['number']}" if rng.random() < 0.7 else ctx["number"]  # QloApps' « #IN000123 »
    reference = "".join(rng.choice(string.ascii_uppercase) for _ in range(9))
    ordered = stay["in_day"] - dt.timedelta(days=rng.randint(3, 60))
    under = f'<div class="muted">{_e(_d(ctx, ctx["issue_day"]))}</div><div class="muted">{_e(shown)}</div>'
    keys = ["fo_sum_number", "fo_sum_date", "fo_sum_order", "fo_sum_order_date"]
    values = [shown, _d(ctx, ctx["issue_day"]), reference, _d(ctx, ordered)]
    summary = ('<table class="lines" style="margin-top:4mm"><tr>' + "".join(f"<th>{_e(_w(ctx, k))}</th>" for k in keys)
               + "</tr><tr>" + "".join(f"<td>{_e(v)}</td>" for v in values) + "</tr></table>")
    pairs: list[tuple[str, str]] = []
    _due(ctx, pairs)
    rooms_head = "".join(f"<th>{_e(_w(ctx, k))}</th>" for k in ("fo_room_desc", "fo_unit", "fo_room_count", "fo_arrival",
                                                                   "fo_departure", "fo_total_ht"))
    line = ctx["lines"][0]
    room_row = (f'<tr><td>{_e(FOLIO_LABELS[ctx["language"]]["fo_hotel_items"][0])}</td><td class="n">{_m(ctx, line["unit"])}</td>'
                f'<td>{stay["adults"]} / 0{rng.randint(1, 3)}</td><td>{_e(_d(ctx, stay["in_day"]))}</td>'
                f'<td>{_e(_d(ctx, stay["out_day"]))}</td><td class="n">{_m(ctx, line["amount"])}</td></tr>')
    rooms = (f'<div class="strong" style="margin-top:3mm">{_e(_w(ctx, "fo_rooms"))}</div>'
             f'<table class="lines"><tr>{rooms_head}</tr>{room_row}</table>')
    others = _lines(ctx, "fo_hotel_items", None, 1) if len(ctx["lines"]) > 1 else ""
    return f"""{_head(ctx, _title(ctx), under)}<div style="margin:3mm 0 0 95mm">{_buyer_block(ctx)}</div>{summary}
{_box(ctx, pairs) if pairs else ""}{rooms}{others}{_recap(ctx)}{_totals(ctx, None)}{_tail(ctx)}"""


def _till(ctx: dict, invoice_label: bool) -> tuple[list[tuple[str, str]], str]:
    """A restaurant's till codes (table, covers, server, ticket or note, the hour) and the invoice's number among them
    when ``invoice_label``; else the note's or the ticket's is the page's number."""
    rng = _r(ctx)
    hour = f"{rng.randint(11, 22):02d}:{rng.randint(0, 59):02d}"
    pairs = [(_w(ctx, "fo_table"), str(rng.randint(1, 45))), (_w(ctx, "fo_covers"), str(rng.randint(1, 12)))]
    if rng.random() < 0.7:
        pairs.append((_w(ctx, "fo_server"), rng.choice(blind.GIVEN[ctx["language"]])))
    if rng.random() < 0.5:
        pairs.append((_w(ctx, "fo_cashier"), str(rng.randint(1, 9))))
    code = _digits(rng, rng.choice([4, 5, 6]))
    if invoice_label:
        ctx["number"] = _invoice_number(ctx)
        pairs.append((_w(ctx, rng.choice(["fo_note", "fo_ticket"])), code))
        rng.shuffle(pairs)
        pairs.insert(rng.randint(0, 1), (_w(ctx, "fo_invoice"), ctx["number"]))
    else:
        ctx["number"] = code
        pairs.append((_w(ctx, "fo_note"), code))
        rng.shuffle(pairs)
    return pairs, hour


def _layout_note(ctx: dict) -> str:
    """A restaurant's note asked as an invoice: the till's codes, the date and the hour, the company billed; the
    invoice's number beside the note's or the ticket's (or the note's alone)."""
    rng = _r(ctx)
    pairs, hour = _till(ctx, rng.random() < 0.7)
    pairs.append((_w(ctx, "fo_date"), f"{_d(ctx, ctx['issue_day'])} {hour}" if rng.random() < 0.5 else _d(ctx, ctx["issue_day"])))
    _due(ctx, pairs)
    return f"""{_head(ctx, _title(ctx, "fo_meal_title"))}<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:50%">
{_box(ctx, pairs)}</td><td style="vertical-align:top">{_buyer_block(ctx, label=rng.random() < 0.5)}</td></tr></table>
{_lines(ctx, "fo_food_items", None)}{_recap(ctx)}{_totals(ctx, ctx["issue_day"])}
<p class="muted" style="text-align:center">{_e(_w(ctx, "fo_thanks"))}</p>{_tail(ctx)}"""


def _layout_caisse(ctx: dict) -> str:
    """A till's slip, narrow and centred: the restaurant, its codes on short lines (« Table 12  Couverts 4 »), the
    invoice's number with the ticket's, the date and the hour on one line; the company billed at the foot."""
    rng = _r(ctx)
    pairs, hour = _till(ctx, rng.random() < 0.8)
    day = _d(ctx, ctx["issue_day"])
    dated = (f"{_e(day)} {hour}" if rng.random() < 0.6 else
             f"{_e(_w(ctx, 'fo_date'))} {_e(day)} {_e(_w(ctx, 'fo_hour'))} {hour}")
    sep = " : " if ctx["language"] == "fr" else ": "
    codes = [f"{_e(k)}{sep}{_e(v)}" for k, v in pairs]
    rows = "<br>".join("&#160;&#160;&#160;".join(codes[i:i + 2]) for i in range(0, len(codes), 2))
    lines = "".join(f'<tr><td>{blind._qty(ctx, line["qty"])} {_e(FOLIO_LABELS[ctx["language"]]["fo_food_items"][i % 10])}</td>'
                    f'<td class="n">{_m(ctx, line["amount"], False)}</td></tr>' for i, line in enumerate(ctx["lines"]))
    due: list[tuple[str, str]] = []
    _due(ctx, due)
    return f"""<div style="width:85mm;margin:0 auto;text-align:center">{_seller_block(ctx)}
<div class="strong" style="margin-top:3mm;font-size:13pt">{_e(_title(ctx, "fo_meal_title"))}</div><div style="margin-top:2mm">{rows}</div>
<div style="margin-top:1mm">{dated}</div><table class="lines" style="width:100%;margin-top:2mm">{lines}</table>
{_recap(ctx)}{_totals(ctx, ctx["issue_day"])}{_box(ctx, due) if due else ""}
<div style="margin-top:3mm;text-align:left">{_buyer_block(ctx)}</div>
<p class="muted">{_e(_w(ctx, "fo_thanks"))}</p></div>{_tail(ctx)}"""


def _layout_grille(ctx: dict) -> str:
    """A PMS header grid of labels over values in narrow cells (the labels and the dates wrap), the invoice's or
    the folio's number among the stay's codes, then the dated ledger with debit and credit columns."""
    rng = _r(ctx)
    ctx["fo_style"] = rng.choice(["num", "short", "iso"])  # a PMS grid's dates: numeric (the words wrap in the cells)
    stay = _stay(ctx)
    titled = rng.random() < 0.75
    ctx["number"] = _invoice_number(ctx) if titled else stay["note"]
    pairs = [(_w(ctx, "fo_invoice") if titled else _w(ctx, "fo_note"), ctx["number"]), (_w(ctx, "fo_room"), stay["unit_no"]),
             (_w(ctx, "fo_arrival"), _d(ctx, stay["in_day"])), (_w(ctx, "fo_departure"), _d(ctx, stay["out_day"])),
             (_w(ctx, "fo_date"), _d(ctx, ctx["issue_day"]))]
    for key, chance in (("nights", 0.5), ("booking", 0.6), ("account", 0.6), ("confirm", 0.3), ("cashier", 0.3)):
        if rng.random() < chance:
            pairs.append((_w(ctx, f"fo_{key}"), str(stay[key])))
    if titled and rng.random() < 0.4:
        pairs.append((_w(ctx, "fo_note"), stay["note"]))
    rng.shuffle(pairs)
    _due(ctx, pairs)
    width = rng.choice([12, 14, 16])
    grid = "".join(f'<td style="border:0.6pt solid #888;padding:2pt 3pt;width:{width}mm;vertical-align:top">'
                   f'<div class="muted">{_e(k)}</div>{_e(v)}</td>' for k, v in pairs)
    days = [stay["in_day"] + dt.timedelta(days=k % stay["nights"]) for k in range(len(ctx["lines"]))]
    items = FOLIO_LABELS[ctx["language"]]["fo_hotel_items"]
    ledger_head = "".join(f"<th>{_e(_w(ctx, k))}</th>" for k in ("fo_ledger_date", "fo_ledger_text", "fo_debit", "fo_credit"))
    ledger = "".join(f'<tr><td>{_e(_d(ctx, days[i]))}</td><td>{_e(items[i % len(items)])}</td>'
                     f'<td class="n">{_m(ctx, line["amount"], False)}</td><td></td></tr>' for i, line in enumerate(ctx["lines"]))
    guest = f'<div><span class="muted">{_e(_w(ctx, "fo_guest"))} :</span> {_e(stay["who"])}</div>'
    return f"""{_head(ctx, _title(ctx))}<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:50%">
{guest}</td><td style="vertical-align:top">{_buyer_block(ctx, label=False)}</td></tr></table>
<table style="margin-top:3mm;table-layout:fixed"><tr>{grid}</tr></table>
<table class="lines"><tr>{ledger_head}</tr>{ledger}</table>{_recap(ctx)}{_totals(ctx, stay["out_day"])}{_tail(ctx)}"""


blind.RENDER.update(dict(zip(LAYOUTS, (_layout_sejour, _layout_boutique, _layout_note, _layout_caisse, _layout_grille),
                             strict=True)))
