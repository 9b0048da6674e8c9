"""Blind-family pages where the invoice's own number competes with the page's other references (issue 13, branch
numbers): blind seeds 127000–128999.

Hotel folios, marketplace orders, ERP grids, restaurant notes, water and energy bills and garages' repair orders print
several references beside the invoice's own: the folio, the booking, the room, the order, the customer, the contract,
the meter, the delivery point (PDL, PCE), the delivery note, the till's ticket, the table, the SEPA mandate, the repair
order, the vehicle. Written from how such documents are laid out in general, this module composes pages where:

- the invoice's number is printed in one of the common places: a grid header's label over its cell (« N° facture »
  over the value), « label : value » on one line, a label over its value in a block, a right-hand panel, the title
  line itself (« FACTURE 2024-118 », « Rechnung Nr. 4711 »), or a bare « N° » in the document's header grid under the
  title; a credit note's label names the credit note (« Avoir n° »), the invoice it corrects is a rival;
- 3 to 7 rival references drawn from the page's theme, printed before or after it, in another grid, in a banner
  bigger and bolder than the invoice's number (a marketplace's order), in the small print, in a second table (the
  delivery notes invoiced, each with its « N° » and date); their values shaped like the invoice's now and then;
- the ticket's number AND the invoice's on a restaurant's note; the folio's number and the invoice's on a hotel's bill.

French first (half), then German, English, Spanish, Italian. Seeds 127000–128499 tune; 128500–128999 are held out
(measured, their misses never read). The truth's number is the invoice's (or the credit note's).
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator_blind import _digits, _e

CONCUR_FROM = 127_000
CONCUR_TO = 129_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 128_500
THEMES = ("cc_hotel", "cc_marche", "cc_erp", "cc_resto", "cc_reseau", "cc_garage")
LANGUAGE_WEIGHTS = {"fr": 0.5, "de": 0.2, "en": 0.1, "es": 0.1, "it": 0.1}
PLACES = ("grid", "line", "block", "panel", "title", "bare")

#: The invoice's (``own``) and the credit note's (``own_credit``) labels, the title's shapes (« {} » the number), and
#: per theme the rivals: « label|kind » (the kind shapes the value). Keys start with « cc_ ».
CONCUR_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "cc_own": ["Facture n°", "N° de facture", "Numéro de facture", "Facture N°", "N° facture", "Réf. facture"],
        "cc_own_credit": ["Avoir n°", "N° d'avoir", "Avoir N°"],
        "cc_title_own": ["FACTURE {}", "Facture N° {}", "FACTURE n° {}", "Facture {}"],
        "cc_title_own_credit": ["AVOIR {}", "Avoir N° {}", "AVOIR n° {}"],
        "cc_bare": ["N°", "Numéro", "Nº"],
        "cc_origin": ["Facture d'origine n°", "Sur facture n°", "Annule et remplace la facture n°"],
        "cc_hotel": ["N° de folio|long", "Folio|long", "Réservation n°|long", "Chambre|small", "N° chambre|small",
                     "Confirmation n°|long", "Compte client|long", "N° de séjour|long"],
        "cc_marche": ["Commande n°|order", "N° de commande|order", "Numéro de commande|order", "N° client|long",
                      "N° de suivi colis|parcel", "N° de retour|long", "Vendeur n°|long"],
        "cc_erp": ["N° client|long", "N° commande|like", "N° BL|like", "Bon de livraison|like", "N° devis|like",
                   "Affaire|long", "Votre référence|long", "N° TVA client|vat"],
        "cc_resto": ["Ticket n°|small4", "N° de ticket|small4", "Table|small", "Couverts|small", "Caisse|small",
                     "Note n°|small4", "Serveur|name"],
        "cc_reseau": ["Référence client|long", "N° de contrat|long", "N° de compteur|meter", "PDL|pdl", "PCE|pdl",
                      "Référence unique de mandat|mandate", "N° de point de comptage|pdl", "Compte de facturation|long"],
        "cc_garage": ["Ordre de réparation n°|like", "OR n°|like", "Immatriculation|plate", "N° de dossier|long",
                      "Devis n°|like", "N° de sinistre|long", "Kilométrage|km"],
        "cc_notes": ["Bons de livraison facturés", "Commandes livrées"],
        "cc_note_cols": ["N°|Date"],
    },
    "de": {
        "cc_own": ["Rechnungsnr.", "Rechnungs-Nr.", "Rechnung Nr.", "Rechnungsnummer", "Beleg-Nr. (Rechnung)"],
        "cc_own_credit": ["Gutschrift Nr.", "Gutschriftsnummer", "Gutschrift-Nr."],
        "cc_title_own": ["RECHNUNG {}", "Rechnung Nr. {}", "Rechnung {}"],
        "cc_title_own_credit": ["GUTSCHRIFT {}"],
        "cc_bare": ["Nr.", "Nummer"],
        "cc_origin": ["Zur Rechnung Nr.", "Ursprungsrechnung", "Korrektur der Rechnung"],
        "cc_hotel": ["Folio-Nr.|long", "Reservierungsnr.|long", "Zimmer|small", "Zimmer-Nr.|small",
                     "Bestätigungsnr.|long", "Gastkonto|long", "Aufenthalts-Nr.|long"],
        "cc_marche": ["Bestellnummer|order", "Bestell-Nr.|order", "Auftragsnummer|order", "Kundennummer|long",
                      "Sendungsnummer|parcel", "Verkäufer-Nr.|long"],
        "cc_erp": ["Kunden-Nr.|long", "Auftrags-Nr.|like", "Lieferschein-Nr.|like", "Lieferschein|like",
                   "Angebots-Nr.|like", "Projekt|long", "Ihr Zeichen|long", "USt-IdNr. Kunde|vat"],
        "cc_resto": ["Bon-Nr.|small4", "Beleg-Nr.|small4", "Tisch|small", "Gäste|small", "Kasse|small",
                     "Bedienung|name"],
        "cc_reseau": ["Kundennummer|long", "Vertragskonto|long", "Vertragsnummer|long", "Zählernummer|meter",
                      "Zählpunkt|pdl", "Mandatsreferenz|mandate", "Marktlokation|pdl"],
        "cc_garage": ["Werkstattauftrag|like", "Auftrags-Nr.|like", "Kennzeichen|plate", "Schadennummer|long",
                      "Kostenvoranschlag Nr.|like", "Km-Stand|km", "Fahrgestell-Nr.|vin"],
        "cc_notes": ["Berechnete Lieferscheine", "Gelieferte Aufträge"],
        "cc_note_cols": ["Nr.|Datum"],
    },
    "en": {
        "cc_own": ["Invoice No.", "Invoice number", "Invoice #", "Invoice no", "Inv. No."],
        "cc_own_credit": ["Credit note No.", "Credit note number", "Credit note #"],
        "cc_title_own": ["INVOICE {}", "Invoice #{}"],
        "cc_title_own_credit": ["CREDIT NOTE {}"],
        "cc_bare": ["No.", "Number", "#"],
        "cc_origin": ["Original invoice", "Credits invoice No."],
        "cc_hotel": ["Folio No.|long", "Folio|long", "Reservation No.|long", "Room|small", "Room No.|small",
                     "Confirmation No.|long", "Guest account|long"],
        "cc_marche": ["Order #|order", "Order number|order", "Order No.|order", "Customer No.|long",
                      "Tracking number|parcel", "Return No.|long", "Seller ID|long"],
        "cc_erp": ["Customer No.|long", "Sales order|like", "Delivery note|like", "Delivery note No.|like",
                   "Quote No.|like", "Project|long", "Your reference|long", "Customer VAT No.|vat"],
        "cc_resto": ["Receipt No.|small4", "Ticket #|small4", "Table|small", "Covers|small", "Till|small",
                     "Check No.|small4", "Server|name"],
        "cc_reseau": ["Account number|long", "Contract No.|long", "Meter number|meter", "MPRN|pdl", "MPAN|pdl",
                      "Mandate reference|mandate", "Billing account|long"],
        "cc_garage": ["Repair order|like", "Job No.|like", "Registration|plate", "Claim No.|long",
                      "Estimate No.|like", "Mileage|km", "VIN|vin"],
        "cc_notes": ["Delivery notes invoiced", "Orders delivered"],
        "cc_note_cols": ["No.|Date"],
    },
    "es": {
        "cc_own": ["Factura nº", "Nº factura", "Número de factura", "Factura número", "Nº de factura"],
        "cc_own_credit": ["Factura rectificativa nº", "Nº factura rectificativa"],
        "cc_title_own": ["FACTURA {}"],
        "cc_title_own_credit": ["FACTURA RECTIFICATIVA {}", "Abono nº {}"],
        "cc_bare": ["Nº", "Número"],
        "cc_origin": ["Factura rectificada nº", "Factura original"],
        "cc_hotel": ["Nº folio|long", "Reserva nº|long", "Habitación|small", "Nº habitación|small",
                     "Confirmación nº|long", "Cuenta huésped|long"],
        "cc_marche": ["Pedido nº|order", "Nº de pedido|order", "Número de pedido|order", "Nº cliente|long",
                      "Nº de seguimiento|parcel", "Devolución nº|long"],
        "cc_erp": ["Nº cliente|long", "Pedido|like", "Albarán nº|like", "Albarán|like", "Presupuesto nº|like",
                   "Proyecto|long", "Su referencia|long", "NIF cliente|vat"],
        "cc_resto": ["Ticket nº|small4", "Nº ticket|small4", "Mesa|small", "Comensales|small", "Caja|small",
                     "Camarero|name"],
        "cc_reseau": ["Nº de cliente|long", "Nº de contrato|long", "Nº de contador|meter", "CUPS|pdl",
                      "Referencia del mandato|mandate", "Póliza|long"],
        "cc_garage": ["Orden de reparación|like", "OR nº|like", "Matrícula|plate", "Nº de siniestro|long",
                      "Presupuesto nº|like", "Kilómetros|km", "Bastidor|vin"],
        "cc_notes": ["Albaranes facturados", "Pedidos entregados"],
        "cc_note_cols": ["Nº|Fecha"],
    },
    "it": {
        "cc_own": ["Fattura n.", "Numero fattura", "Fattura nr.", "Nr. fattura"],
        "cc_own_credit": ["Nota di credito n.", "N. nota di credito", "Numero nota di credito"],
        "cc_title_own": ["FATTURA {}"],
        "cc_title_own_credit": ["NOTA DI CREDITO {}"],
        "cc_bare": ["N.", "Numero", "Nr."],
        "cc_origin": ["Fattura originale"],
        "cc_hotel": ["Folio n.|long", "Prenotazione n.|long", "Camera|small", "N. camera|small",
                     "Conferma n.|long", "Conto ospite|long"],
        "cc_marche": ["Ordine n.|order", "N. ordine|order", "Numero ordine|order", "Codice cliente|long",
                      "N. spedizione|parcel", "Reso n.|long"],
        "cc_erp": ["Cod. cliente|long", "Ordine|like", "DDT n.|like", "DDT|like", "Preventivo n.|like",
                   "Commessa|long", "Vs. riferimento|long", "P.IVA cliente|vat"],
        "cc_resto": ["Scontrino n.|small4", "N. scontrino|small4", "Tavolo|small", "Coperti|small", "Cassa|small",
                     "Cameriere|name"],
        "cc_reseau": ["Codice cliente|long", "N. contratto|long", "Matricola contatore|meter", "POD|pdl", "PDR|pdl",
                      "Riferimento mandato|mandate", "Codice utenza|long"],
        "cc_garage": ["Ordine di lavoro|like", "OdL n.|like", "Targa|plate", "N. sinistro|long",
                      "Preventivo n.|like", "Km|km", "Telaio|vin"],
        "cc_notes": ["DDT fatturati", "Ordini consegnati"],
        "cc_note_cols": ["N.|Data"],
    },
}
blind.add_labels(CONCUR_LABELS)


def label_strings() -> set[str]:
    """Every wording of this module (for the tests that compare families' wordings)."""
    return {piece for text in blind.wordings(CONCUR_LABELS) for piece in text.split("|")
            if piece not in ("long", "small", "small4", "order", "like", "parcel", "vat", "meter", "pdl", "mandate",
                             "plate", "km", "vin", "name")}


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [CONCUR_FROM, CONCUR_TO)): the family's draws, this module's page and number."""
    own = random.Random(f"blind-concur-{seed}")
    theme = own.choice(THEMES)
    language = own.choices(list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values()))[0]
    return blind.numbered_invoice(seed, language, theme)


def _say(ctx: dict, key: str) -> str:
    return ctx["rng"].choice(CONCUR_LABELS[ctx["language"]][key])


def _own_number(ctx: dict) -> str:
    rng, day = ctx["rng"], ctx["issue_day"]
    return rng.choice([f"{day.year}-{rng.randint(1, 999):03d}", _digits(rng, rng.randint(5, 8), first=1),
                       f"{rng.choice(['F', 'FA', 'R', 'INV', 'FT', 'H'])}{_digits(rng, rng.randint(4, 7))}",
                       f"{day.year % 100:02d}{day.month:02d}{_digits(rng, 4)}", f"{day.year}/{_digits(rng, 5)}",
                       blind._varied_number(rng, day, ctx["credit"], ctx["language"])])


def _rival_value(ctx: dict, kind: str) -> str:
    """A rival's value: its own kind's shape, or (« like », « long » now and then) shaped like the invoice's number."""
    rng, number, day = ctx["rng"], ctx["number"], ctx["issue_day"]
    like = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in number)
    if like == number:
        like = like + "1"
    if kind == "like" or (kind == "long" and rng.random() < 0.3):
        return like
    if kind == "long":
        return rng.choice([_digits(rng, rng.randint(6, 10), first=1), f"{rng.choice(['C', 'CL', 'K', 'A'])}{_digits(rng, 6)}",
                           f"{_digits(rng, 3)}-{_digits(rng, 6)}"])
    if kind == "order":  # a marketplace's order: long, grouped
        return rng.choice([f"{_digits(rng, 3, first=1)}-{_digits(rng, 7)}-{_digits(rng, 7)}", f"#{_digits(rng, 9, first=1)}",
                           f"{rng.choice(['CMD', 'ORD', 'WEB'])}-{day.year}-{_digits(rng, 6)}"])
    if kind == "parcel":
        return rng.choice([f"{rng.choice(['6A', '8R', 'JD', '1Z'])}{_digits(rng, 11)}", _digits(rng, 14)])
    if kind == "small":
        return str(rng.randint(1, 480))
    if kind == "small4":
        return f"{rng.randint(1, 9999):04d}" if rng.random() < 0.5 else str(rng.randint(10, 99999))
    if kind == "meter":
        return rng.choice([_digits(rng, 9, first=1), f"{rng.choice(['A', 'K', 'M'])}{_digits(rng, 8)}"])
    if kind == "pdl":
        return rng.choice([_digits(rng, 14, first=1), f"GI{_digits(rng, 6)}", f"IT001E{_digits(rng, 8)}",
                           f"ES{_digits(rng, 16)}AB"])
    if kind == "mandate":
        return f"{rng.choice(['RUM', 'MDT', '++'])}{_digits(rng, 8)}{rng.choice(['', 'A', 'X1'])}"
    if kind == "plate":
        return rng.choice([f"AB-{_digits(rng, 3, first=1)}-CD", f"FR-{_digits(rng, 3, first=1)}-XZ",
                           f"M-AB {_digits(rng, 4, first=1)}", f"{_digits(rng, 4)} KLM"])
    if kind == "km":
        return f"{rng.randint(5000, 240000)} km"
    if kind == "vin":
        return f"VF1{_digits(rng, 4)}R{_digits(rng, 9)}"
    if kind == "vat":
        return ctx["buyer_vat"] or f"FR{_digits(rng, 11)}"
    if kind == "name":
        return rng.choice(blind.GIVEN[ctx["language"]])
    return like


def _cell(style: str = "") -> str:
    return f'border:0.6pt solid #777;padding:2pt 4pt;{style}'


def _grid(pairs: list[tuple[str, str]], *, narrow: bool = False) -> str:
    """A row of labels over a row of values (a header grid)."""
    width = f"width:{max(14, 150 // max(1, len(pairs)))}mm;" if narrow else ""
    head = "".join(f'<th style="{_cell(width)}font-size:0.78em;text-align:left">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="{_cell()}">{_e(v)}</td>' for _k, v in pairs)
    return f'<table style="margin-top:3mm;width:100%"><tr>{head}</tr><tr>{vals}</tr></table>'


def _lines(pairs: list[tuple[str, str]], colon: bool) -> str:
    sep = " : " if colon else " "
    return '<p style="margin-top:3mm">' + "<br>".join(f"{_e(k)}{sep}{_e(v)}" for k, v in pairs) + "</p>"


def _blocks(pairs: list[tuple[str, str]]) -> str:
    cells = "".join(f'<td style="padding-right:6mm;vertical-align:top"><div class="muted">{_e(k)}</div>'
                    f'<div>{_e(v)}</div></td>' for k, v in pairs)
    return f'<table style="margin-top:3mm"><tr>{cells}</tr></table>'


def _panel(pairs: list[tuple[str, str]]) -> str:
    rows = "".join(f'<tr><td class="muted" style="padding:1pt 6pt">{_e(k)}</td>'
                   f'<td style="padding:1pt 6pt;text-align:right">{_e(v)}</td></tr>' for k, v in pairs)
    return f'<table style="margin:3mm 0 0 auto">{rows}</table>'


def _layout(ctx: dict) -> str:
    """The theme's page: seller, title, buyer; the invoice's number in one of :data:`PLACES` among its rivals, some
    rivals apart (a bold banner, the small print, a second grid), then lines, totals, mentions."""
    rng, language, theme = ctx["rng"], ctx["language"], ctx["layout"]
    ctx["number"] = _own_number(ctx)
    credit = ctx["credit"]
    rivals = []
    for entry in rng.sample(CONCUR_LABELS[language][theme], min(len(CONCUR_LABELS[language][theme]), rng.randint(3, 7))):
        label, kind = entry.split("|")
        rivals.append((label, _rival_value(ctx, kind)))
    if credit and ctx["origin"]:
        rivals.append((_say(ctx, "cc_origin"), ctx["origin"][0]))
    date = (blind._pick(ctx, "date"), ctx["issue"])
    place = rng.choice(PLACES)
    title = ctx["title"]
    own_label = _say(ctx, "cc_own_credit" if credit else "cc_own")
    header_pairs: list[tuple[str, str]] = []
    banner = ""
    if theme == "cc_marche" and rng.random() < 0.7:  # the order's number bigger and bolder than the invoice's
        label, value = rivals.pop(0)
        banner = f'<div class="strong" style="font-size:16pt;margin-top:3mm">{_e(label)} {_e(value)}</div>'
    if place == "title":
        title = _say(ctx, "cc_title_own_credit" if credit else "cc_title_own").format(ctx["number"])
        header_pairs = [date]
    elif place == "bare":  # a bare « N° » in the document's header grid, under its title
        header_pairs = [(_say(ctx, "cc_bare"), ctx["number"]), date]
    else:
        header_pairs = [(own_label, ctx["number"]), date]
    if ctx["due"]:
        header_pairs.append((blind._pick(ctx, "due"), ctx["due"]))
    # rivals: some in the header's own references, some apart
    rng.shuffle(rivals)
    cut = rng.randint(1, len(rivals))
    inside, apart = rivals[:cut], rivals[cut:]
    refs = header_pairs + inside
    if place != "bare":
        rng.shuffle(refs)
    if place in ("grid", "bare") or (place == "title" and rng.random() < 0.5):
        shown = _grid(refs, narrow=rng.random() < 0.4)
    elif place == "line":
        shown = _lines(refs, colon=rng.random() < 0.7)
    elif place == "block":
        shown = _blocks(refs)
    else:
        shown = _panel(refs)
    extra = ""
    if apart:
        how = rng.random()
        if how < 0.4:  # another grid, under the buyer
            extra = _grid(apart)
        elif how < 0.7:
            extra = '<p class="muted" style="margin-top:3mm">' + " – ".join(f"{_e(k)} {_e(v)}" for k, v in apart) + "</p>"
        else:
            extra = '<p class="strong" style="font-size:12pt;margin-top:3mm">' + "<br>".join(
                f"{_e(k)} : {_e(v)}" for k, v in apart) + "</p>"
    notes = ""
    if theme in ("cc_erp", "cc_garage") and rng.random() < 0.35:  # the delivery notes invoiced: a bare « N° » column
        head_no, head_date = CONCUR_LABELS[language]["cc_note_cols"][0].split("|")
        rows = "".join(f'<tr><td style="{_cell()}">{_e(_rival_value(ctx, "like"))}</td><td style="{_cell()}">'
                       f'{_e(blind.date_text(ctx["issue_day"] - blind.dt.timedelta(days=rng.randint(2, 30)), language, "num", 0))}</td></tr>'
                       for _ in range(rng.randint(1, 3)))
        notes = (f'<div class="muted" style="margin-top:3mm">{_e(_say(ctx, "cc_notes"))}</div><table><tr>'
                 f'<th style="{_cell()}">{_e(head_no)}</th><th style="{_cell()}">{_e(head_date)}</th></tr>{rows}</table>')
    title_html = f'<div style="font-size:{rng.choice([13, 15, 17])}pt" class="accent strong">{_e(title)}</div>'
    top = (f'<table style="width:100%"><tr><td style="vertical-align:top">{blind._logo(ctx)}{blind._seller_block(ctx)}</td>'
           f'<td style="vertical-align:top;text-align:right">{title_html}{banner if rng.random() < 0.5 else ""}</td></tr></table>')
    if banner and banner not in top:
        top += banner
    order = rng.random()
    buyer = f'<div style="margin:4mm 0 0 95mm">{blind._buyer_block(ctx)}</div>'
    body = top + (buyer + shown if order < 0.5 else shown + buyer) + extra + notes
    if rng.random() < 0.25:  # the payment's reference repeats the invoice's number
        body_pay = {"fr": "Référence à rappeler : {}", "de": "Verwendungszweck: {}", "en": "Payment reference: {}",
                    "es": "Concepto: {}", "it": "Causale del bonifico {}"}[language].format(ctx["number"])
        extra_pay = f'<p class="muted">{_e(body_pay)}</p>'
    else:
        extra_pay = ""
    return (body + blind._lines(ctx) + blind._recap(ctx) + blind._totals(ctx) + blind._mentions(ctx)
            + blind._bank(ctx) + extra_pay)


def _themed(theme: str):
    def draw(ctx: dict) -> str:
        ctx["layout"] = theme
        page = _layout(ctx)
        del ctx["layout"]
        return page
    return draw


blind.RENDER.update({theme: _themed(theme) for theme in THEMES})
