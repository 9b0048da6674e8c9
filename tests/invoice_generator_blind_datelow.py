"""Issue dates printed where a reading leaves them unsure (issue 13, branch datelow-14): blind seeds 115000–115999.

The pages that left the issue date read under the conversion's floor (« date de facture (BT-2) (lecture incertaine) »):
a date with no label (a letter's place line « Paris, le 3 mars 2026 », a date alone at the top right, the title line
« Facture n° 12 du 3 mars 2026 », a word processor's letter), a marketplace's order page with its order's, invoice's,
shipping's and payment's dates, an Italian page's « Data documento », dates in words, a date beside the number in one
cell. Wordings from the translation files of invoicing and shop software and from general usage: WooCommerce PDF Invoices
& Packing Slips and Prestashop's PDF invoice (the invoice's, the order's dates and numbers, the payment's and shipping's
methods), Sylius InvoicingPlugin (issued_at), Invoice Ninja and Bagisto, marketplaces' seller invoices (the order's date
apart from the invoice's, the shipping's and payment's days, the joint invoice and delivery date), FatturaPA's
stylesheets (the document's grid: its type, number, date, the transport document's date, the recipient's code), Word and
LibreOffice invoice templates (a « DATE: » and a number at the top right, a subject), letters' place lines and
greetings.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [DATELOW_FROM, DATELOW_TO), French about half.
Seeds 115000–115749 tune, 115750–115999 are held out (measured, their misses never read). The truth's issue date is
the family's; its due date is this module's (printed or not).
"""

from __future__ import annotations

import datetime as dt
import random

import invoice_generator_blind as blind
from invoice_generator_blind import MONTHS, WEEKDAYS, _bank, _buyer_block, _e, _lines, _logo, _mentions, _recap, _seller_block

DATELOW_FROM = 115_000
DATELOW_TO = 116_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 115_750
LAYOUTS = ("dl_lettre", "dl_coin", "dl_titre", "dl_marche", "dl_fattura", "dl_cellule", "dl_traitement")
WEIGHTS = (0.5, 0.1, 0.1, 0.1, 0.2)  # fr, en, de, es, it (blind.LANGUAGES)

# Keys start with « dl_ ».
DATELOW_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "dl_place": ["{}, le {}", "{} le {}", "Fait à {}, le {}"],
        "dl_subject": ["Objet : {} n° {}", "Objet : {} {}", "Réf. : {} {}"],
        "dl_greeting": ["Madame, Monsieur,", "Cher client,"],
        "dl_body": ["Veuillez trouver ci-dessous notre facture relative aux prestations réalisées.",
                    "Nous vous prions de trouver ci-après le détail de notre facturation."],
        "dl_closing": ["Nous vous prions d'agréer nos salutations distinguées.", "Avec nos remerciements."],
        "dl_title_dated": ["{} n° {} du {}", "{} {} du {}", "{} du {} – n° {}"],
        "dl_invoice_date": ["Date de la facture", "Date de facture", "Émise le"],
        "dl_joint": ["Date de facturation / Date de livraison"],
        "dl_order_date": ["Date de commande", "Commande effectuée le"],
        "dl_order_no": ["N° de commande", "Référence de commande", "Numéro de commande"],
        "dl_ship_date": ["Date d'expédition", "Expédiée le"],
        "dl_pay_date": ["Date du paiement", "Payée le"],
        "dl_pay_method": ["Moyen de paiement", "Méthode de paiement"],
        "dl_invoice_no": ["N° de facture", "Numéro de facture", "Facture n°"],
        "dl_number_date": ["N° / Date", "Facture / Date", "Numéro et date"],
        "dl_tpl_date": ["DATE :", "Date :"],
        "dl_tpl_number": ["FACTURE N° :", "N° DE FACTURE :"],
        "dl_tpl_for": ["POUR :", "OBJET :"],
        "dl_quote_sentence": ["Suivant notre devis du {}.", "Conformément à votre bon de commande du {}."],
        "dl_done_sentence": ["Travaux réalisés le {}.", "Prestation effectuée le {}."],
        "dl_due_line": ["Date d'échéance : {}", "À régler avant le {}"],
    },
    "en": {
        "dl_place": ["{}, {}"],
        "dl_subject": ["Re: {} no. {}", "Subject: {} {}"],
        "dl_greeting": ["Dear Sir or Madam,"],
        "dl_body": ["Please find below our invoice for the work carried out."],
        "dl_closing": ["Yours faithfully,", "Yours sincerely,"],
        "dl_title_dated": ["{} {} dated {}", "{} no. {} of {}"],
        "dl_invoice_date": ["Invoice date", "Issued at"],
        "dl_joint": ["Invoice date / Delivery date"],
        "dl_order_date": ["Order created", "Date ordered"],
        "dl_order_no": ["Order Number", "Order reference"],
        "dl_ship_date": ["Shipping date", "Dispatched on"],
        "dl_pay_date": ["Paid on"],
        "dl_pay_method": ["Paid by"],
        "dl_invoice_no": ["Invoice number", "Invoice no."],
        "dl_number_date": ["No. / Date", "Invoice / Date"],
        "dl_tpl_date": ["DATE:"],
        "dl_tpl_number": ["INVOICE #", "INVOICE NO:"],
        "dl_tpl_for": ["FOR:"],
        "dl_quote_sentence": ["As per our quotation of {}."],
        "dl_done_sentence": ["Work carried out on {}."],
        "dl_due_line": ["Payment due by {}"],
    },
    "de": {
        "dl_place": ["{}, den {}", "{}, {}"],
        "dl_subject": ["Betreff: {} Nr. {}", "{} {}"],
        "dl_greeting": ["Sehr geehrte Kundin, sehr geehrter Kunde,"],
        "dl_body": ["für die ausgeführten Arbeiten berechnen wir Ihnen wie folgt:"],
        "dl_closing": ["Hochachtungsvoll"],
        "dl_title_dated": ["{} Nr. {} vom {}", "{} {} vom {}"],
        "dl_invoice_date": ["Rechnungsdatum", "Ausgestellt am"],
        "dl_joint": ["Rechnungsdatum / Lieferdatum"],
        "dl_order_date": ["Bestellung vom", "Auftragsdatum"],
        "dl_order_no": ["Bestellnummer"],
        "dl_ship_date": ["Versendet am", "Versandt am"],
        "dl_pay_date": ["Bezahlt am"],
        "dl_pay_method": ["Bezahlt mit"],
        "dl_invoice_no": ["Rechnungsnummer", "Rechnungs-Nr."],
        "dl_number_date": ["Nr. / Datum", "Rechnung / Datum"],
        "dl_tpl_date": ["DATUM:"],
        "dl_tpl_number": ["RECHNUNG NR.:"],
        "dl_tpl_for": ["FÜR:"],
        "dl_quote_sentence": ["Gemäß unserem Angebot vom {}."],
        "dl_done_sentence": ["Arbeiten ausgeführt am {}."],
        "dl_due_line": ["Zahlbar bis {}"],
    },
    "es": {
        "dl_place": ["{}, a {}", "{}, {}"],
        "dl_subject": ["Asunto: {} n.º {}"],
        "dl_greeting": ["Estimado cliente:"],
        "dl_body": ["Le remitimos la factura de los trabajos realizados."],
        "dl_closing": ["Atentamente,"],
        "dl_title_dated": ["{} n.º {} del {}", "{} {} de fecha {}"],
        "dl_invoice_date": ["Fecha de la factura", "Emitida el"],
        "dl_joint": ["Fecha de factura / Fecha de entrega"],
        "dl_order_date": ["Fecha de pedido"],
        "dl_order_no": ["Número de pedido"],
        "dl_ship_date": ["Fecha de envío", "Fecha de expedición"],
        "dl_pay_date": ["Pagado el"],
        "dl_pay_method": ["Método de pago"],
        "dl_invoice_no": ["Número de factura", "N.º factura"],
        "dl_number_date": ["N.º / Fecha", "Factura / Fecha"],
        "dl_tpl_date": ["FECHA:"],
        "dl_tpl_number": ["FACTURA N.º:"],
        "dl_tpl_for": ["CONCEPTO:"],
        "dl_quote_sentence": ["Según nuestro presupuesto del {}."],
        "dl_done_sentence": ["Trabajos realizados el {}."],
        "dl_due_line": ["Pagar antes del {}"],
    },
    "it": {
        "dl_place": ["{}, {}", "{}, lì {}", "{} li {}"],
        "dl_subject": ["Oggetto: {} n. {}"],
        "dl_greeting": ["Spettabile cliente,"],
        "dl_body": ["con la presente Vi trasmettiamo la fattura relativa ai lavori eseguiti."],
        "dl_closing": ["Distinti saluti."],
        "dl_title_dated": ["{} n. {} del {}", "{} {} del {}"],
        "dl_invoice_date": ["Data fattura", "Emessa il", "Data documento"],
        "dl_joint": ["Data fattura / Data di consegna"],
        "dl_order_date": ["Data dell'ordine", "Ordine del"],
        "dl_order_no": ["Numero ordine", "Rif. ordine"],
        "dl_ship_date": ["Data di spedizione", "Data di invio"],
        "dl_pay_date": ["Pagato il"],
        "dl_pay_method": ["Metodo di pagamento"],
        "dl_invoice_no": ["Numero fattura", "Fattura n."],
        "dl_number_date": ["Numero / Data", "N. / Data"],
        "dl_tpl_date": ["DATA:"],
        "dl_tpl_number": ["FATTURA N.:"],
        "dl_tpl_for": ["CAUSALE:"],
        "dl_quote_sentence": ["Come da nostro preventivo del {}."],
        "dl_done_sentence": ["Lavori eseguiti il {}."],
        "dl_due_line": ["Da pagare entro il {}"],
        # FatturaPA's stylesheets: the document's grid
        "dl_fpa_type": ["Tipo documento"],
        "dl_fpa_number": ["Numero documento"],
        "dl_fpa_date": ["Data documento"],
        "dl_fpa_ddt": ["Data DDT"],
        "dl_fpa_code": ["Codice univoco ufficio"],
        "dl_fpa_kind": ["TD01 fattura"],
    },
}
blind.add_labels(DATELOW_LABELS)

#: Ordinal day forms of dates in words.
STYLES = ("words", "words", "weekday", "numeric", "ordinal")


def label_strings() -> set[str]:
    """Every label wording of this module (for the tests that compare families' wordings)."""
    return blind.wordings(DATELOW_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``'s page; the FatturaPA grid is Italian."""
    layout, language = blind.module_draw("datelow", seed, LAYOUTS, WEIGHTS)
    return layout, "it" if layout == "dl_fattura" else language


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [DATELOW_FROM, DATELOW_TO)): the family's draws, this module's page; the truth's
    due date is the one printed (or none)."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    due = invoice.context.get("dl_due_day")
    invoice.truth.due_date = due.isoformat() if due else None
    return invoice


def _r(ctx: dict) -> random.Random:
    if "dl_rng" not in ctx:
        ctx["dl_rng"] = random.Random(f"blind-datelow-render-{ctx['number']}-{ctx['issue_day']}")
    return ctx["dl_rng"]


def _w(ctx: dict, key: str) -> str:
    return _r(ctx).choice(DATELOW_LABELS[ctx["language"]][key])


def _ordinal(day: int, language: str) -> str:
    if language == "fr":
        return "1er" if day == 1 else str(day)
    if language == "en":
        return f"{day}{'th' if 10 < day % 100 < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"
    if language == "de":
        return f"{day}."
    return "1°" if language == "it" and day == 1 else str(day)


def form(day: dt.date, ctx: dict) -> str:
    """``day`` as the page prints its dates: in words, with the weekday, numeric, or with an ordinal day."""
    language, style = ctx["language"], ctx["dl_style"]
    month = MONTHS[language][day.month - 1]
    if style == "numeric":
        return day.strftime("%d.%m.%Y" if language == "de" else "%d/%m/%Y")
    number = _ordinal(day.day, language) if style == "ordinal" else str(day.day)
    if language == "en":
        text = f"{number} {month} {day.year}" if style != "words" else f"{month} {day.day}, {day.year}"
    elif language == "de":
        text = f"{day.day}. {month} {day.year}"
    elif language == "es":
        text = f"{day.day} de {month} de {day.year}"
    else:
        text = f"{number} {month} {day.year}"
    if style == "weekday":
        weekday = WEEKDAYS[language][day.weekday()]
        text = f"{weekday} {text}" if language in ("fr", "it") else f"{weekday.capitalize()}, {text}"
    return text


def _d(ctx: dict, day: dt.date) -> str:
    return form(day, ctx)


def _due(ctx: dict, chance: float) -> str:
    """A due date line, or nothing."""
    rng = _r(ctx)
    if rng.random() >= chance:
        return ""
    ctx["dl_due_day"] = ctx["issue_day"] + dt.timedelta(days=rng.choice([15, 30, 30, 45, 60]))
    return f'<p>{_e(_w(ctx, "dl_due_line").format(_d(ctx, ctx["dl_due_day"])))}</p>'


def _totals(ctx: dict) -> str:
    rows = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{value}</td></tr>'
                   for label, value, strong in blind._total_rows(ctx))
    return f'{_lines(ctx)}{_recap(ctx)}<table class="tot">{rows}</table>'


def _sentences(ctx: dict) -> str:
    """Earlier events in sentences: a quote's or an order's day, the work's."""
    rng, issue, out = _r(ctx), ctx["issue_day"], []
    if rng.random() < 0.5:
        out.append(_w(ctx, "dl_quote_sentence").format(_d(ctx, issue - dt.timedelta(days=rng.randint(10, 60)))))
    if rng.random() < 0.5:
        out.append(_w(ctx, "dl_done_sentence").format(_d(ctx, issue - dt.timedelta(days=rng.randint(1, 9)))))
    return "".join(f"<p>{_e(text)}</p>" for text in out)


def _letter_head(ctx: dict, dateline: str, *, right: bool) -> str:
    place = f'<p style="text-align:right;margin-top:6mm">{dateline}</p>' if right else f'<p style="margin:6mm 0 0 100mm">{dateline}</p>'
    return f"""{_logo(ctx)}{_seller_block(ctx, big=True)}
<div style="margin:8mm 0 0 100mm">{_buyer_block(ctx, label=False)}</div>{place}"""


def _layout_lettre(ctx: dict) -> str:
    """A letter: its place line (« Lyon, le 3 mars 2026 »), the number in its subject, earlier days in sentences."""
    rng = _r(ctx)
    town = ctx["place"][1] if rng.random() < 0.7 else rng.choice(blind.PLACES[ctx["language"]])[1]
    dateline = _e(_w(ctx, "dl_place").format(town, _d(ctx, ctx["issue_day"])))
    subject = _e(_w(ctx, "dl_subject").format(ctx["title"], ctx["number"]))
    return (_letter_head(ctx, dateline, right=rng.random() < 0.5)
            + f'<p class="strong" style="margin-top:6mm">{subject}</p><p>{_e(_w(ctx, "dl_greeting"))}</p>'
            f'<p>{_e(_w(ctx, "dl_body"))}</p>{_sentences(ctx)}{_totals(ctx)}{_due(ctx, 0.5)}{_mentions(ctx)}{_bank(ctx)}'
            f'<p>{_e(_w(ctx, "dl_closing"))}</p>')


def _layout_coin(ctx: dict) -> str:
    """The date alone at the top right, no label; the number labelled under the title, other days in sentences."""
    rng = _r(ctx)
    date = f'<div style="text-align:right">{_e(_d(ctx, ctx["issue_day"]))}</div>'
    number = f'<div>{_e(_w(ctx, "dl_invoice_no"))} : {_e(ctx["number"])}</div>'
    return f"""{date}<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="accent strong">{_e(ctx["title"])}</div>{number}</td></tr></table>
<div style="margin:4mm 0 0 95mm">{_buyer_block(ctx, label=rng.random() < 0.5)}</div>{_sentences(ctx)}{_totals(ctx)}{_due(ctx, 0.6)}{_mentions(ctx)}{_bank(ctx)}"""


def _layout_titre(ctx: dict) -> str:
    """The date in the title line after the number (« Facture n° 12 du 3 mars 2026 »)."""
    pattern = _w(ctx, "dl_title_dated")
    day = _d(ctx, ctx["issue_day"])
    title = pattern.format(ctx["title"], day, ctx["number"]) if pattern.endswith("n° {}") else \
        pattern.format(ctx["title"], ctx["number"], day)
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top"><div style="margin-top:4mm">{_buyer_block(ctx, label=_r(ctx).random() < 0.5)}</div></td></tr></table>
<p class="accent strong" style="font-size:14pt;margin-top:6mm">{_e(title)}</p>{_sentences(ctx)}{_totals(ctx)}{_due(ctx, 0.5)}{_mentions(ctx)}{_bank(ctx)}"""


def _layout_marche(ctx: dict) -> str:
    """A marketplace's seller invoice: the order's number and date, the invoice's, the shipping's, the payment's."""
    rng, issue = _r(ctx), ctx["issue_day"]
    order_day = issue - dt.timedelta(days=rng.randint(1, 12))
    rows = [(_w(ctx, "dl_order_no"), f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"),
            (_w(ctx, "dl_order_date"), _d(ctx, order_day))]
    if rng.random() < 0.3:
        rows.append((_w(ctx, "dl_joint"), _d(ctx, issue)))
    else:
        rows.append((_w(ctx, "dl_invoice_date"), _d(ctx, issue)))
        if rng.random() < 0.6:
            rows.append((_w(ctx, "dl_ship_date"), _d(ctx, issue + dt.timedelta(days=rng.randint(-1, 2)))))
    if rng.random() < 0.6:
        rows.append((_w(ctx, "dl_pay_date"), _d(ctx, order_day)))
    if rng.random() < 0.5:
        rows.append((_w(ctx, "dl_pay_method"), rng.choice(["PayPal", "Visa", "Mastercard", "Stripe"])))
    rows.insert(rng.randint(0, 2), (_w(ctx, "dl_invoice_no"), ctx["number"]))
    sep = rng.choice([" :", ":", ""])
    box = "".join(f"<tr><td>{_e(k)}{sep}</td><td>{_e(v)}</td></tr>" for k, v in rows)
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="accent strong">{_e(ctx["title"])}</div></td></tr></table>
<table style="width:100%;margin-top:4mm"><tr><td style="vertical-align:top">{_buyer_block(ctx)}</td>
<td style="vertical-align:top"><table>{box}</table></td></tr></table>{_totals(ctx)}{_mentions(ctx)}{_bank(ctx)}"""


def _layout_fattura(ctx: dict) -> str:
    """A FatturaPA stylesheet's grid: « Tipo documento », « Numero documento », « Data documento », a DDT's date."""
    rng, issue = _r(ctx), ctx["issue_day"]
    ctx["dl_style"] = "numeric"
    heads = [_w(ctx, "dl_fpa_type"), _w(ctx, "dl_fpa_number"), _w(ctx, "dl_fpa_date")]
    values = [_w(ctx, "dl_fpa_kind"), ctx["number"], _d(ctx, issue)]
    if rng.random() < 0.6:
        heads.append(_w(ctx, "dl_fpa_ddt"))
        values.append(_d(ctx, issue - dt.timedelta(days=rng.randint(0, 20))))
    if rng.random() < 0.5:
        heads.append(_w(ctx, "dl_fpa_code"))
        values.append(rng.choice(["0000000", "M5UXCR1", "KRRH6B9"]))
    grid = ('<table class="lines"><tr>' + "".join(f"<th>{_e(h)}</th>" for h in heads) + "</tr><tr>"
            + "".join(f"<td>{_e(v)}</td>" for v in values) + "</tr></table>")
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top">{_buyer_block(ctx)}</td></tr></table>{grid}{_totals(ctx)}{_due(ctx, 0.6)}{_mentions(ctx)}{_bank(ctx)}"""


def _layout_cellule(ctx: dict) -> str:
    """The number and the date in one cell under one header (« N° / Date » over « FA-12 du 3 mars 2026 »)."""
    rng = _r(ctx)
    joiner = rng.choice([" / ", " – ", "  "])
    cell = f"{ctx['number']}{joiner}{_d(ctx, ctx['issue_day'])}"
    others = []
    if rng.random() < 0.6:
        others.append((_w(ctx, "dl_order_date"), _d(ctx, ctx["issue_day"] - dt.timedelta(days=rng.randint(2, 30)))))
    heads = [_w(ctx, "dl_number_date")] + [k for k, _v in others]
    values = [cell] + [v for _k, v in others]
    grid = ('<table style="margin-top:4mm"><tr>' + "".join(f'<th style="text-align:left;padding-right:8mm">{_e(h)}</th>' for h in heads)
            + "</tr><tr>" + "".join(f'<td style="padding-right:8mm">{_e(v)}</td>' for v in values) + "</tr></table>")
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="accent strong">{_e(ctx["title"])}</div></td></tr></table>
<div style="margin:4mm 0 0 95mm">{_buyer_block(ctx)}</div>{grid}{_totals(ctx)}{_due(ctx, 0.5)}{_mentions(ctx)}{_bank(ctx)}"""


def _layout_traitement(ctx: dict) -> str:
    """A word processor's invoice template: « DATE: » and « INVOICE # » at the top right in one box, « FOR: » a
    subject, the seller's block left; sometimes the place line of a letter under it."""
    rng = _r(ctx)
    box = (f'<table style="margin-left:auto"><tr><td>{_e(_w(ctx, "dl_tpl_number"))}</td><td>{_e(ctx["number"])}</td></tr>'
           f'<tr><td>{_e(_w(ctx, "dl_tpl_date"))}</td><td>{_e(_d(ctx, ctx["issue_day"]))}</td></tr></table>')
    subject = f'<p>{_e(_w(ctx, "dl_tpl_for"))} {_e(ctx["lines"][0]["desc"])}</p>'
    return f"""<div style="font-size:22pt" class="accent strong">{_e(ctx["title"].upper())}</div>
<table style="width:100%"><tr><td style="vertical-align:top">{_seller_block(ctx)}</td><td style="vertical-align:top">{box}</td></tr></table>
<div style="margin-top:6mm">{_buyer_block(ctx, label=rng.random() < 0.7)}</div>{subject}{_sentences(ctx)}{_totals(ctx)}{_due(ctx, 0.5)}{_mentions(ctx)}{_bank(ctx)}"""


def _styled(render):
    """A layout that draws its page-wide date form first."""
    def page(ctx: dict) -> str:
        ctx["dl_style"] = _r(ctx).choice(STYLES)
        return render(ctx)
    page.__doc__ = render.__doc__
    return page


blind.RENDER.update({name: _styled(render) for name, render in zip(LAYOUTS, (
    _layout_lettre, _layout_coin, _layout_titre, _layout_marche, _layout_fattura, _layout_cellule, _layout_traitement),
    strict=True)})
