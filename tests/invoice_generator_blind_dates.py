"""The issue date among rival dates (issue 13, branch dates-13e): pages printing three to six dates.

A hotel folio prints the arrival, the departure and the day the folio was printed; a works deposit invoice the quote's
day, the works' start and the deposit's last day; a marketplace's invoice the order's, the shipping's and the
payment's days. This module composes such pages at random from parts, so that a rule passing them has learnt what
tells the issue date, not a list of wordings:

- each rival date's label is composed from an event's noun or participle (arrival, departure, stay, order, shipping,
  delivery, quote, works, payment, printing, meter reading, contract) and a frame (« Date de … », « … le », « …datum »,
  « Fecha de … », « Data … », « … date », abbreviated, in capitals, with a colon or not);
- the issue date's own label is composed the same way from the document's words, or is a bare « Date », or absent:
  the date then stands on the number's line (« Facture n° X du D »), alone under the title, or after the town
  (« Lyon, le 5 mars 2024 »);
- a period prints two dates (« du D1 au D2 »); the dates are printed in a page-wide form with some in another
  (05/03/2024, 5 mars 2024, 05.03.24, 2024-03-05, March 5, 2024, 5 de marzo de 2024);
- they stand in a grid (labels over values), in a two-column box, in « label : value » lines or in sentences.

Drawn for seeds from DATES13_FROM to DATES13_TO by ``invoice_generator_blind.make_invoice`` (a lazy import); the truth
is the family's for the issue date, this module's for the due date (printed or not). ``bench_readings.py --part blind
--start 94000`` reads them; 94000–95499 to tune, 95500–95999 held out.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import invoice_generator_blind as blind
import invoice_generator_blind_trades  # noqa: F401 - its labels (the lines' tables) join the family's
from invoice_generator_blind import MONTHS, _buyer_block, _e, _lines, _logo, _mentions, _recap, _seller_block, _written

DATES13_FROM = 94_000
DATES13_TO = 96_000
DATES13_LAYOUTS = ("dates_rivales",)
DATES13_WEIGHTS = (0.5, 0.125, 0.125, 0.125, 0.125)

#: The events a rival date is of, per kind of page.
KIND_EVENTS = {
    "hotel": ["arrivals", "departures", "print", "stay", "payment"],
    "works": ["quote", "works", "deposit", "period", "delivery"],
    "market": ["order", "shipping", "payment", "delivery", "print"],
    "other": ["order", "delivery", "meter", "contract", "period", "print", "payment", "quote"],
}

# Keys start with « dr_ » (none of the family's keys does). Nouns and participles of events; frames with « {} ».
#: The words a label is composed from: an event's noun and participle (« arrivée », « Expédié »), per language. Words, not
#: labels: any family's labels share them; the labels printed are composed with the frames of DATES13_LABELS.
DATES13_PARTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "dr_noun_arrivals": ["d'arrivée", "d'entrée dans les lieux"],
        "dr_part_arrivals": ['Arrivé', 'Entré'],
        "dr_noun_departures": ['de départ', 'de sortie de chambre'],
        "dr_part_departures": ['Parti', 'Sorti'],
        "dr_noun_stay": ['de fin de séjour', 'de nuitée'],
        "dr_part_stay": ['Séjourné'],
        "dr_noun_order": ['de la commande', 'de cde', "d'achat"],
        "dr_part_order": ['Cde passée', 'Acheté'],
        "dr_noun_shipping": ["d'expédition", "d'envoi", 'de remise au transporteur'],
        "dr_part_shipping": ['Expédié', 'Envoyé'],
        "dr_noun_delivery": ['de livraison', 'de réception des marchandises'],
        "dr_part_delivery": ['Livré', 'Réceptionné'],
        "dr_noun_quote": ['du devis', 'de proposition commerciale'],
        "dr_part_quote": ['Devis établi', 'Proposition faite'],
        "dr_noun_works": ['de début des travaux', 'de démarrage du chantier', "d'ouverture de chantier"],
        "dr_part_works": ['Travaux commencés', 'Chantier ouvert'],
        "dr_noun_payment": ['de paiement', "d'encaissement", 'du règlement reçu'],
        "dr_part_payment": ['Payé', 'Encaissé'],
        "dr_noun_print": ["d'impression", 'de tirage'],
        "dr_part_print": ['Imprimé', 'Tiré'],
        "dr_noun_meter": ['de relève', 'de lecture du compteur'],
        "dr_part_meter": ['Compteur relevé', 'Index lu'],
        "dr_noun_contract": ['de signature du contrat', 'de souscription'],
        "dr_part_contract": ['Contrat signé', 'Souscrit'],
        "dr_noun_issue": ['de facture', 'de la facture', "d'émission", 'fact.', 'pièce', 'du document'],
        "dr_part_issue": ['Facturé', 'Émise', 'Établie'],
    },
    "en": {
        "dr_noun_arrivals": ['guest arrival', 'checkin'],
        "dr_part_arrivals": ['Arrived', 'Checked in'],
        "dr_noun_departures": ['guest departure', 'checkout'],
        "dr_part_departures": ['Departed', 'Checked out'],
        "dr_noun_stay": ['last night', 'stay end'],
        "dr_part_stay": ['Stayed'],
        "dr_noun_order": ['order', 'purchase', 'PO'],
        "dr_part_order": ['Ordered', 'Purchased'],
        "dr_noun_shipping": ['shipping', 'dispatch', 'shipment'],
        "dr_part_shipping": ['Shipped', 'Sent'],
        "dr_noun_delivery": ['delivery', 'goods received'],
        "dr_part_delivery": ['Delivered', 'Received'],
        "dr_noun_quote": ['quote', 'estimate', 'quotation'],
        "dr_part_quote": ['Quoted', 'Estimate given'],
        "dr_noun_works": ['works start', 'site start', 'job start'],
        "dr_part_works": ['Works started', 'Job begun'],
        "dr_noun_payment": ['payment', 'card charge'],
        "dr_part_payment": ['Paid', 'Charged'],
        "dr_noun_print": ['print', 'printout'],
        "dr_part_print": ['Printed', 'Run'],
        "dr_noun_meter": ['meter reading', 'reading'],
        "dr_part_meter": ['Meter read', 'Read'],
        "dr_noun_contract": ['contract', 'sign-up'],
        "dr_part_contract": ['Signed', 'Joined'],
        "dr_noun_issue": ['invoice', 'issue', 'inv.', 'document', 'billing'],
        "dr_part_issue": ['Invoiced', 'Raised', 'Billed'],
    },
    "de": {
        "dr_noun_arrivals": ['Ankunfts', 'Eincheck'],
        "dr_part_arrivals": ['Angereist', 'Angekommen'],
        "dr_noun_departures": ['Auscheck', 'Rückreise'],
        "dr_part_departures": ['Abgereist'],
        "dr_noun_stay": ['Aufenthalt'],
        "dr_part_stay": ['Übernachtet'],
        "dr_noun_order": ['Bestell', 'Auftrags'],
        "dr_part_order": ['Bestellt', 'Beauftragt'],
        "dr_noun_shipping": ['Versand', 'Versende'],
        "dr_part_shipping": ['Versandt', 'Verschickt'],
        "dr_noun_delivery": ['Liefer', 'Zustell'],
        "dr_part_delivery": ['Geliefert', 'Zugestellt'],
        "dr_noun_quote": ['Angebots', 'Kostenvoranschlags'],
        "dr_part_quote": ['Angeboten'],
        "dr_noun_works": ['Baubeginn', 'Arbeitsbeginn'],
        "dr_part_works": ['Begonnen', 'Arbeiten begonnen'],
        "dr_noun_payment": ['Zahlungseingangs', 'Buchungs'],
        "dr_part_payment": ['Bezahlt', 'Eingegangen'],
        "dr_noun_print": ['Druck', 'Ausdruck'],
        "dr_part_print": ['Gedruckt', 'Ausgedruckt'],
        "dr_noun_meter": ['Ablese', 'Zählerstands'],
        "dr_part_meter": ['Abgelesen'],
        "dr_noun_contract": ['Vertrags', 'Abschluss'],
        "dr_part_contract": ['Unterschrieben', 'Abgeschlossen'],
        "dr_noun_issue": ['Rechnungs', 'Beleg', 'Ausstellungs', 'Dokument'],
        "dr_part_issue": ['Ausgestellt', 'Berechnet', 'Fakturiert'],
    },
    "es": {
        "dr_noun_arrivals": ['de llegada', 'de entrada'],
        "dr_part_arrivals": ['Llegó', 'Ingresó'],
        "dr_noun_departures": ['de salida', 'de partida'],
        "dr_part_departures": ['Salió'],
        "dr_noun_stay": ['de estancia', 'de la última noche'],
        "dr_part_stay": ['Alojado'],
        "dr_noun_order": ['del pedido', 'de compra'],
        "dr_part_order": ['Pedido realizado', 'Comprado'],
        "dr_noun_shipping": ['de envío', 'de despacho'],
        "dr_part_shipping": ['Enviado', 'Despachado'],
        "dr_noun_delivery": ['de entrega', 'de recepción'],
        "dr_part_delivery": ['Entregado', 'Recibido'],
        "dr_noun_quote": ['del presupuesto', 'de la oferta'],
        "dr_part_quote": ['Presupuestado'],
        "dr_noun_works": ['de inicio de obra', 'de comienzo de los trabajos'],
        "dr_part_works": ['Obra iniciada'],
        "dr_noun_payment": ['de pago', 'de cobro'],
        "dr_part_payment": ['Pagado', 'Cobrado'],
        "dr_noun_print": ['de impresión'],
        "dr_part_print": ['Impreso'],
        "dr_noun_meter": ['de lectura', 'de lectura del contador'],
        "dr_part_meter": ['Leído'],
        "dr_noun_contract": ['del contrato', 'de alta'],
        "dr_part_contract": ['Contratado', 'Alta'],
        "dr_noun_issue": ['de factura', 'de emisión', 'fra.', 'del documento'],
        "dr_part_issue": ['Emitida', 'Facturado'],
    },
    "it": {
        "dr_noun_arrivals": ['di arrivo', "dell'arrivo"],
        "dr_part_arrivals": ['Arrivato'],
        "dr_noun_departures": ['di partenza', 'della partenza'],
        "dr_part_departures": ['Partito'],
        "dr_noun_stay": ['del soggiorno', "dell'ultima notte"],
        "dr_part_stay": ['Soggiornato'],
        "dr_noun_order": ["dell'ordine", "d'acquisto"],
        "dr_part_order": ['Ordinato', 'Acquistato'],
        "dr_noun_shipping": ['di spedizione', "d'invio"],
        "dr_part_shipping": ['Spedito', 'Inviato'],
        "dr_noun_delivery": ['di consegna', 'del ricevimento merce'],
        "dr_part_delivery": ['Consegnato', 'Ricevuto'],
        "dr_noun_quote": ['del preventivo', "dell'offerta"],
        "dr_part_quote": ['Preventivato'],
        "dr_noun_works": ['di inizio lavori', "d'apertura cantiere"],
        "dr_part_works": ['Lavori iniziati'],
        "dr_noun_payment": ['di pagamento', "d'incasso"],
        "dr_part_payment": ['Pagato', 'Incassato'],
        "dr_noun_print": ['di stampa'],
        "dr_part_print": ['Stampato'],
        "dr_noun_meter": ['di lettura', 'di lettura contatore'],
        "dr_part_meter": ['Letto'],
        "dr_noun_contract": ['del contratto', "d'attivazione"],
        "dr_part_contract": ['Firmato', 'Attivato'],
        "dr_noun_issue": ['fattura', 'di emissione', 'fatt.', 'del documento'],
        "dr_part_issue": ['Emessa', 'Fatturato'],
    },
}

DATES13_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "dr_frame_noun": ['Date {}', 'Dte {}', 'Dt. {}', 'Date du jour {}'],
        "dr_frame_part": ['{} le', '{} en date du', '{} ce'],
        "dr_bare": ['Date', 'DATE', 'Le'],
        "dr_due": ['Échéance', "Date d'échéance", 'À payer avant le', 'Date limite de règlement', 'Payable au plus tard le', 'Échéance de paiement'],
        "dr_deposit_due": ['Acompte exigible le', 'Acompte à verser avant le'],
        "dr_range": ['du {} au {}', '{} au {}', '{} - {}'],
        "dr_period": ['Période', 'Période facturée', 'Séjour', 'Travaux réalisés', 'Consommation'],
        "dr_number_date": ['{} n° {} du {}', '{} N° {} en date du {}', '{} n° {} émise le {}'],
        "dr_place": ['{}, le {}', 'Fait à {}, le {}', '{} le {}'],
        "dr_other_no": ['Suite à votre bon de commande {} du {}', 'Devis n° {} du {}', 'Réservation n° {} du {}'],
        "dr_box": ['Dates', 'Informations', 'Vos références', 'Détails'],
    },
    "en": {
        "dr_frame_noun": ['{} date', 'Date of {}', '{} dt.', 'Date {}'],
        "dr_frame_part": ['{} on', '{}'],
        "dr_bare": ['Date', 'DATE', 'Dated'],
        "dr_due": ['Due date', 'Payment due', 'Pay by', 'Please pay before', 'Due by'],
        "dr_deposit_due": ['Deposit due by', 'Deposit payable by'],
        "dr_range": ['{} to {}', '{} - {}', 'from {} to {}'],
        "dr_period": ['Period', 'Billing period', 'Stay', 'Works carried out', 'Usage'],
        "dr_number_date": ['{} No. {} dated {}', '{} {} of {}', '{} #{} issued {}'],
        "dr_place": ['{}, {}'],
        "dr_other_no": ['Order no. {} of {}', 'Quote {} dated {}', 'Booking ref. {} of {}'],
        "dr_box": ['Dates', 'Details', 'Your references', 'Summary'],
    },
    "de": {
        "dr_frame_noun": ['{}datum', '{}-Datum', '{}dat.', '{}tag'],
        "dr_frame_part": ['{} am', '{} den'],
        "dr_bare": ['Datum', 'DATUM', 'Dat.'],
        "dr_due": ['Fällig am', 'Zahlbar bis', 'Fälligkeitsdatum', 'Zahlungsziel', 'Bitte zahlen bis'],
        "dr_deposit_due": ['Anzahlung fällig am', 'Abschlag zahlbar bis'],
        "dr_range": ['{} bis {}', 'vom {} bis {}', '{} - {}'],
        "dr_period": ['Zeitraum', 'Abrechnungszeitraum', 'Aufenthalt', 'Ausführung', 'Verbrauch'],
        "dr_number_date": ['{} Nr. {} vom {}', '{} {} vom {}', '{} Nr. {} - {}'],
        "dr_place": ['{}, den {}', '{}, {}'],
        "dr_other_no": ['Bestellung Nr. {} vom {}', 'Angebot {} vom {}', 'Buchung Nr. {} vom {}'],
        "dr_box": ['Daten', 'Angaben', 'Ihre Referenzen', 'Übersicht'],
    },
    "es": {
        "dr_frame_noun": ['Fecha {}', 'F. {}', 'Fch. {}'],
        "dr_frame_part": ['{} el', '{} con fecha'],
        "dr_bare": ['Fecha', 'FECHA'],
        "dr_due": ['Vencimiento', 'Fecha de vencimiento', 'Pagar antes del', 'Fecha límite de pago', 'Vence el'],
        "dr_deposit_due": ['Anticipo a pagar antes del', 'Señal exigible el'],
        "dr_range": ['del {} al {}', '{} al {}', '{} - {}'],
        "dr_period": ['Periodo', 'Periodo facturado', 'Estancia', 'Obra ejecutada', 'Consumo'],
        "dr_number_date": ['{} nº {} de fecha {}', '{} n.º {} del {}', 'Su {} nº {} de fecha {}'],
        "dr_place": ['{}, a {}', '{}, {}'],
        "dr_other_no": ['Pedido nº {} del {}', 'Presupuesto {} de fecha {}', 'Reserva nº {} del {}'],
        "dr_box": ['Fechas', 'Datos', 'Sus referencias', 'Resumen'],
    },
    "it": {
        "dr_frame_noun": ['Data {}', 'Dt. {}', 'Data: {}'],
        "dr_frame_part": ['{} il', '{} in data'],
        "dr_bare": ['Data', 'DATA'],
        "dr_due": ['Scadenza', 'Data scadenza', 'Pagare entro il', 'Termine di pagamento', 'Scade il'],
        "dr_deposit_due": ['Acconto da versare entro il', 'Anticipo dovuto il'],
        "dr_range": ['dal {} al {}', '{} al {}', '{} - {}'],
        "dr_period": ['Periodo', 'Periodo fatturato', 'Soggiorno', 'Lavori eseguiti', 'Consumi'],
        "dr_number_date": ['{} n. {} del {}', '{} nr. {} in data {}', '{} {} del {}'],
        "dr_place": ['{}, lì {}', '{}, {}'],
        "dr_other_no": ['Ordine n. {} del {}', 'Preventivo {} del {}', 'Prenotazione n. {} del {}'],
        "dr_box": ['Date', 'Dati', 'Vostri riferimenti', 'Riepilogo'],
    },
}
blind.add_labels(DATES13_LABELS)


def label_strings() -> set[str]:
    """Every label wording of this module (for the test that none is shared with the main generator)."""
    return blind.wordings(DATES13_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``, by this module's own draws."""
    return blind.module_draw("dates13", seed, DATES13_LAYOUTS, DATES13_WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [DATES13_FROM, DATES13_TO)): the family's draws, rendered by this module's layout,
    which prints its own due date (or none): the truth follows."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    due = invoice.context.get("dr_due_day")
    invoice.truth.due_date = due.isoformat() if due else None
    return invoice


def _r(ctx: dict) -> random.Random:
    if "dr_rng" not in ctx:
        ctx["dr_rng"] = random.Random(f"blind-dates13-render-{ctx['number']}-{ctx['issue']}")
    return ctx["dr_rng"]


def _w(ctx: dict, key: str) -> str:
    return _r(ctx).choice(ctx["labels"][key])


def _word(ctx: dict, key: str) -> str:
    return _r(ctx).choice(DATES13_PARTS[ctx["language"]][key])


def _form(ctx: dict, day: dt.date, style: str | None = None) -> str:
    """``day`` in the page's form (or ``style``): numeric, in words, short dotted, ISO."""
    lang, rng = ctx["language"], _r(ctx)
    style = style or ctx["dr_style"]
    if style == "words":
        return _written(day, lang, {"en": 1, "es": 0}.get(lang, rng.choice([0, 2])))
    if style == "short":
        return day.strftime("%d.%m.%y")
    if style == "iso":
        return day.isoformat()
    if style == "month":  # « 5 mars 2024 » with a short month, as long as it tells the month (« juin », « juil. »)
        month = MONTHS[lang][day.month - 1]
        short = next(month[:n] for n in range(3, len(month) + 1)
                     if sum(m.startswith(month[:n]) for m in MONTHS[lang]) == 1 or n == len(month))
        short = short if short == month else f"{short}."
        return f"{day.day} {short} {day.year}" if lang != "en" else f"{short} {day.day}, {day.year}"
    return day.strftime("%d.%m.%Y" if lang == "de" else "%d/%m/%Y")


def _date(ctx: dict, day: dt.date) -> str:
    """A date of the page: the page's form, now and then another."""
    rng = _r(ctx)
    return _form(ctx, day, rng.choice(["num", "words", "short", "iso"]) if rng.random() < 0.2 else None)


def _case(ctx: dict, text: str) -> str:
    rng = _r(ctx)
    pick = rng.random()
    return text.upper() if pick < 0.15 else text[:1].upper() + text[1:]


def _composed(ctx: dict, event: str) -> str:
    """A label composed for ``event``: a frame around its noun or its participle, in any case."""
    rng = _r(ctx)
    if rng.random() < 0.6:
        frame, word = _w(ctx, "dr_frame_noun"), _word(ctx, f"dr_noun_{event}")
        if ctx["language"] in ("fr", "es", "it") and rng.random() < 0.3:  # « Date livraison », « Fecha pedido »
            word = re.sub(r"^(?:de la |de |d'|du |del |dell'|della |di )", "", word)
        if ctx["language"] == "de" and not frame.startswith("{}d") and not frame.startswith("{}t") and word.endswith("s"):
            word = word[:-1]
        label = frame.format(word)
        if ctx["language"] == "de" and frame in ("{}datum", "{}dat.", "{}tag"):
            label = label[:1].upper() + label[1:].lower()
    else:
        label = _w(ctx, "dr_frame_part").format(_word(ctx, f"dr_part_{event}"))
    return _case(ctx, label)


def _rival_day(ctx: dict, event: str) -> dt.date:
    """A plausible day for ``event`` around the issue date."""
    rng, issue = _r(ctx), ctx["issue_day"]
    days = {"arrivals": -rng.randint(1, 9), "departures": -rng.randint(0, 2), "stay": -rng.randint(1, 3),
            "order": -rng.randint(2, 40), "shipping": -rng.randint(1, 12), "delivery": -rng.randint(0, 10),
            "quote": -rng.randint(10, 90), "works": -rng.randint(3, 45), "payment": -rng.randint(0, 30),
            "print": rng.randint(0, 4), "meter": -rng.randint(2, 12), "contract": -rng.randint(60, 700)}[event]
    return issue + dt.timedelta(days=days)


def _pairs(ctx: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """(label, date) pairs of the page besides the issue date's own form, and sentences printing dates."""
    rng, issue = _r(ctx), ctx["issue_day"]
    kind = rng.choice(list(KIND_EVENTS))
    events = rng.sample(KIND_EVENTS[kind], rng.randint(2, 4))
    pairs, sentences = [], []
    for event in events:
        if event == "period":
            start = issue - dt.timedelta(days=rng.randint(20, 60))
            end = issue - dt.timedelta(days=rng.randint(0, 5))
            text = _w(ctx, "dr_range").format(_date(ctx, start), _date(ctx, end))
            pairs.append((_case(ctx, _w(ctx, "dr_period")), text))
        elif event == "deposit":
            ctx["dr_due_day"] = ctx.get("dr_due_day") or issue + dt.timedelta(days=rng.choice([8, 10, 15, 30]))
            pairs.append((_w(ctx, "dr_deposit_due"), _date(ctx, ctx["dr_due_day"])))
        elif event == "stay" and rng.random() < 0.5:
            start = issue - dt.timedelta(days=rng.randint(2, 9))
            pairs.append((_case(ctx, _w(ctx, "dr_period")), _w(ctx, "dr_range").format(_date(ctx, start), _date(ctx, issue))))
        elif event in ("order", "quote") and rng.random() < 0.35:
            other = f"{rng.choice(['', 'A', 'Q', 'R'])}{rng.randint(1000, 99999)}"
            template = ctx["labels"]["dr_other_no"][0 if event == "order" else 1]  # (the order's, the quote's)
            sentences.append(_e(template.format(other, _date(ctx, _rival_day(ctx, event)))))
        else:
            pairs.append((_composed(ctx, event), _date(ctx, _rival_day(ctx, event))))
    if "dr_due_day" not in ctx and rng.random() < 0.6:
        ctx["dr_due_day"] = issue + dt.timedelta(days=rng.choice([0, 7, 14, 30, 45]))
        pairs.append((_case(ctx, _w(ctx, "dr_due")), _date(ctx, ctx["dr_due_day"])))
    return pairs, sentences


def _issue_label(ctx: dict) -> str:
    rng = _r(ctx)
    if rng.random() < 0.25:
        return _w(ctx, "dr_bare")
    return _composed(ctx, "issue")


def _grid(pairs: list[tuple[str, str]]) -> str:
    head = "".join(f'<th style="text-align:left;padding:2pt 6pt 0 0;font-size:0.85em">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="padding:0 6pt 2pt 0">{_e(v)}</td>' for _k, v in pairs)
    return f'<table style="margin-top:4mm"><tr>{head}</tr><tr>{vals}</tr></table>'


def _box(ctx: dict, pairs: list[tuple[str, str]], colon: bool) -> str:
    sep = " :" if colon and ctx["language"] == "fr" else ":" if colon else ""
    rows = "".join(f'<tr><td class="muted" style="padding-right:8pt">{_e(k)}{sep}</td><td>{_e(v)}</td></tr>' for k, v in pairs)
    return (f'<div style="border:0.8pt solid {ctx["colour"]};padding:2mm;margin-top:3mm">'
            f'<div class="strong accent">{_e(_w(ctx, "dr_box"))}</div><table>{rows}</table></div>')


def _inline(ctx: dict, pairs: list[tuple[str, str]], colon: bool) -> str:
    sep = " : " if colon and ctx["language"] == "fr" else ": " if colon else " "
    rng = _r(ctx)
    if rng.random() < 0.5 and len(pairs) > 1:  # two pairs a line
        rows = [pairs[i:i + 2] for i in range(0, len(pairs), 2)]
        return "".join("<div>" + "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;".join(f"{_e(k)}{sep}{_e(v)}" for k, v in row) + "</div>"
                       for row in rows)
    return "".join(f"<div>{_e(k)}{sep}{_e(v)}</div>" for k, v in pairs)


def _layout_dates_rivales(ctx: dict) -> str:
    """A page printing its issue date among rival dates, each label composed from parts (see the module's doc)."""
    rng = _r(ctx)
    ctx["dr_style"] = rng.choice(["num", "num", "words", "short", "iso", "month"])
    issue_text = _form(ctx, ctx["issue_day"])
    ctx["issue_printed"] = issue_text
    pairs, sentences = _pairs(ctx)
    where = rng.choice(["label", "label", "label", "number", "title", "place"])
    number_label = blind._pick(ctx, "number")
    title = ctx["title"]
    top, under_title = "", ""
    if where == "label":
        pairs.insert(rng.randint(0, len(pairs)), (_issue_label(ctx), issue_text))
        pairs.insert(0, (number_label, ctx["number"]))
    elif where == "number":
        top = f'<p class="strong" style="margin-top:3mm">{_e(_w(ctx, "dr_number_date").format(title, ctx["number"], issue_text))}</p>'
    elif where == "title":
        under_title = f'<div class="strong">{_e(ctx["number"])}</div><div>{_e(issue_text)}</div>'
    else:
        town = ctx["place"][1]
        top = f'<p style="text-align:right;margin-top:3mm">{_e(_w(ctx, "dr_place").format(town, issue_text))}</p>'
        pairs.insert(0, (number_label, ctx["number"]))
    if where in ("number", "title") and rng.random() < 0.5:
        rng.shuffle(pairs)
    zone = rng.choice(["grid", "box", "inline", "split"])
    colon = rng.random() < 0.6
    if zone == "split" and len(pairs) > 2:
        cut = rng.randint(1, len(pairs) - 1)
        refs = _box(ctx, pairs[:cut], colon) + _inline(ctx, pairs[cut:], colon)
    elif zone == "grid":
        refs = _grid(pairs)
    elif zone == "box":
        refs = _box(ctx, pairs, colon)
    else:
        refs = _inline(ctx, pairs, colon)
    said = "".join(f"<p>{s}</p>" for s in sentences)
    head = f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="accent strong">{_e(title)}</div>{under_title}
</td></tr></table>"""
    buyer = f'<div style="margin:4mm 0 0 95mm">{_buyer_block(ctx, label=rng.random() < 0.5)}</div>'
    body = [head, top, buyer, refs, said] if rng.random() < 0.6 else [head, buyer, top, refs, said]
    rows = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{value}</td></tr>'
                   for label, value, strong in blind._total_rows(ctx))
    return "".join(body) + f"""{_lines(ctx)}{_recap(ctx)}<table class="tot">{rows}</table>{_mentions(ctx)}{blind._bank(ctx)}"""


blind.RENDER.update({"dates_rivales": _layout_dates_rivales})
