"""Several dates on one page, as invoicing software prints them (issue 13, branch datesure-13h): blind seeds
110000–110999.

The date labels are those of the translation files of invoicing programs:

- Invoice Ninja ``lang/{fr,fr_CA,en,de,es,it}/texts.php``: invoice_date (« Date de facture », « Date de facturation »,
  « Rechnungsdatum », « Fecha de Factura », « Data Fattura »), date (« Date », « Datum », « Fecha », « Data »),
  due_date / invoice_due_date (« Date d'échéance », « Échéance », « Date limite », « Fälligkeitsdatum », « Fecha de
  Vencimiento », « Scadenza »), quote_date, payment_date, start_date / end_date, period, po_number's date, the
  payment terms (« Net 30 », due_on_receipt « Payable à réception ») and xinvoice_payable (« Zahlbar innerhalb von
  :payeddue Tagen netto bis :paydate », « Pagabile entro :payeddue giorni netti fino :paydate »);
- Akaunting ``resources/lang/{fr-FR,de-DE,es-ES,it-IT}/invoices.php``: invoice_date (« Date de facturation », « Fecha
  de la factura », « Data fattura »), due_date (« Data di scadenza »), payment_due (« Vencimiento de pago »);
- Bagisto ``packages/Webkul/Admin/src/Resources/lang/{fr,de,es,it}/app.php``: invoice-date (« Date de la facture »),
  order-date (« Date de commande », « Datum der Bestellung », « Fecha de pedido », « Data dell'ordine »);
- EN 16931-1 (its French, German, Spanish, Italian versions): BT-72 actual delivery date (« Date de livraison »,
  « Lieferdatum », « Fecha de entrega », « Data di consegna »), BG-14 invoicing period (« Période de facturation »),
  BT-7 VAT point date (« Date d'exigibilité de la TVA »).

Dates in the CLDR forms of each language (full, long, medium, short; « 5 mars 2024 », « 5 janv. 2024 », « 05/03/2024 »,
« 5. März 2024 », « 05.03.24 », « 5 de marzo de 2024 », « 5 mar 2024 », « 5/3/24 », « 5 Mar 2024 », « March 5, 2024 »)
and Invoice Ninja's date formats (« Y-m-d », « d-M-Y »), one form for the whole page as software prints it.

Layouts: a header grid (labels over values), a box of « label : value » rows, label-above-value blocks, the issue date
unlabelled under the title while every other date has its label, the issue date under a bare « Date » with the due
date and the terms printed (« Net 30 »), an invoicing period ending before the issue date, the dates in sentences.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [DATESWILD_FROM, DATESWILD_TO) by a lazy import,
French about half. Seeds 110000–110749 tune, 110750–110999 are held out (measured, their misses never read). The truth's
issue date is the family's; its due date is this module's (printed or not).
"""

from __future__ import annotations

import datetime as dt
import random

import invoice_generator_blind as blind
from invoice_generator_blind import MONTHS, WEEKDAYS, _bank, _buyer_block, _e, _lines, _logo, _mentions, _recap, _seller_block

DATESWILD_FROM = 110_000
DATESWILD_TO = 111_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 110_750
LAYOUTS = ("dw_grille", "dw_encadre", "dw_dessus", "dw_seule", "dw_termes", "dw_periode", "dw_phrases")
WEIGHTS = (0.5, 0.125, 0.125, 0.125, 0.125)  # fr, en, de, es, it (blind.LANGUAGES)

# Keys start with « dw_ ». The events: issue, due, order, delivery, quote, payment, vat (BT-7), start/end of a period.
DATESWILD_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "dw_issue": ["Date de facture", "Date de facturation", "Date de la facture"],
        "dw_bare": ["Date"],
        "dw_due": ["Date d'échéance", "Échéance", "Date limite", "Paiement dû"],
        "dw_order": ["Date de commande"],
        "dw_delivery": ["Date de livraison"],
        "dw_quote": ["Date du devis", "Date de soumission"],
        "dw_payment": ["Date du paiement"],
        "dw_vat": ["Date d'exigibilité de la TVA"],
        "dw_start": ["Date de début"],
        "dw_end": ["Date de fin"],
        "dw_period": ["Période", "Période de facturation"],
        "dw_range": ["du {} au {}", "{} - {}"],
        "dw_terms": ["Conditions de paiement : Net {}", "Payable sous {} jours net jusqu'au {}", "Payable d'ici {} jours jusqu'à {}"],
        "dw_receipt": ["Payable à réception", "Payable sur réception"],
        "dw_number": ["Numéro de facture", "N° de facture"],
        "dw_issued_sentence": ["Créée le {}", "Facture émise le {}"],
        "dw_order_sentence": ["Commande du {}", "Suivant votre commande du {}"],
        "dw_delivery_sentence": ["Livraison effectuée le {}", "Marchandises livrées le {}"],
    },
    "en": {
        "dw_issue": ["Invoice Date"],
        "dw_bare": ["Date"],
        "dw_due": ["Due Date", "Payment due"],
        "dw_order": ["Date of order"],
        "dw_delivery": ["Delivery Date"],
        "dw_quote": ["Quote Date"],
        "dw_payment": ["Payment Date", "Paid Date"],
        "dw_vat": ["Tax Point Date"],
        "dw_start": ["Start Date"],
        "dw_end": ["End Date"],
        "dw_period": ["Period", "Invoicing period"],
        "dw_range": ["{} to {}", "{} - {}"],
        "dw_terms": ["Payment Terms: Net {}", "Payable within {} days net until {}"],
        "dw_receipt": ["Due on Receipt"],
        "dw_number": ["Invoice Number", "Invoice #"],
        "dw_issued_sentence": ["Created on {}", "Invoice issued on {}"],
        "dw_order_sentence": ["Order of {}", "Further to your order of {}"],
        "dw_delivery_sentence": ["Delivered on {}", "Goods delivered on {}"],
    },
    "de": {
        "dw_issue": ["Rechnungsdatum"],
        "dw_bare": ["Datum"],
        "dw_due": ["Fälligkeitsdatum", "Fälligkeit der Zahlung"],
        "dw_order": ["Datum der Bestellung"],
        "dw_delivery": ["Lieferdatum", "Leistungsdatum"],
        "dw_quote": ["Angebotsdatum"],
        "dw_payment": ["Zahlungsdatum"],
        "dw_vat": ["Steuerfälligkeitsdatum"],
        "dw_start": ["Startdatum"],
        "dw_end": ["Enddatum"],
        "dw_period": ["Zeitraum", "Abrechnungszeitraum"],
        "dw_range": ["{} bis {}", "vom {} bis {}"],
        "dw_terms": ["Zahlungsbedingungen: Netto {}", "Zahlbar innerhalb von {} Tagen netto bis {}"],
        "dw_receipt": ["Fällig bei Erhalt"],
        "dw_number": ["Rechnungsnummer", "Rechnung Nr."],
        "dw_issued_sentence": ["Erstellt am {}", "Rechnung ausgestellt am {}"],
        "dw_order_sentence": ["Ihre Bestellung vom {}"],
        "dw_delivery_sentence": ["Geliefert am {}", "Lieferung erfolgte am {}"],
    },
    "es": {
        "dw_issue": ["Fecha de Factura", "Fecha de la factura"],
        "dw_bare": ["Fecha"],
        "dw_due": ["Fecha de Vencimiento", "Vencimiento de pago"],
        "dw_order": ["Fecha de pedido"],
        "dw_delivery": ["Fecha de entrega"],
        "dw_quote": ["Fecha cotización"],
        "dw_payment": ["Fecha de pago"],
        "dw_vat": ["Fecha de devengo del IVA"],
        "dw_start": ["Fecha de Inicio"],
        "dw_end": ["Fecha de Finalización"],
        "dw_period": ["Período", "Periodo de facturación"],
        "dw_range": ["del {} al {}", "{} - {}"],
        "dw_terms": ["Términos de Pago: Neto {}", "Pago a {} días, hasta el {}"],
        "dw_receipt": ["Debido a la recepción"],
        "dw_number": ["Número de Factura", "Factura nº"],
        "dw_issued_sentence": ["Creada el {}", "Factura emitida el {}"],
        "dw_order_sentence": ["Su pedido del {}"],
        "dw_delivery_sentence": ["Entregado el {}"],
    },
    "it": {
        "dw_issue": ["Data Fattura", "Data fattura"],
        "dw_bare": ["Data"],
        "dw_due": ["Scadenza", "Data di scadenza", "Scadenza pagamento"],
        "dw_order": ["Data dell'ordine"],
        "dw_delivery": ["Data di consegna"],
        "dw_quote": ["Data Preventivo"],
        "dw_payment": ["Data Pagamento"],
        "dw_vat": ["Data di esigibilità IVA"],
        "dw_start": ["Data Inizio"],
        "dw_end": ["Data Fine"],
        "dw_period": ["Periodo", "Periodo di fatturazione"],
        "dw_range": ["dal {} al {}", "{} - {}"],
        "dw_terms": ["Termini di pagamento: Netto {}", "Pagabile entro {} giorni netti fino {}"],
        "dw_receipt": ["Dovuto al ricevimento"],
        "dw_number": ["Numero Fattura", "Fattura N."],
        "dw_issued_sentence": ["Creata il {}", "Fattura emessa il {}"],
        "dw_order_sentence": ["Vostro ordine del {}"],
        "dw_delivery_sentence": ["Consegnato il {}"],
    },
}
blind.add_labels(DATESWILD_LABELS)

#: CLDR abbreviated month names (format context) per language.
SHORT_MONTHS = {
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.".split(),
    "es": "ene feb mar abr may jun jul ago sept oct nov dic".split(),
    "it": "gen feb mar apr mag giu lug ago set ott nov dic".split(),
}
STYLES = ("full", "long", "medium", "short", "iso", "dmy_text")


def label_strings() -> set[str]:
    """Every label wording of this module (for the tests that compare families' wordings)."""
    return blind.wordings(DATESWILD_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``'s page."""
    return blind.module_draw("dateswild", seed, LAYOUTS, WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [DATESWILD_FROM, DATESWILD_TO)): the family's draws, this module's page; the truth's
    due date is the one printed (or none)."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    due = invoice.context.get("dw_due_day")
    invoice.truth.due_date = due.isoformat() if due else None
    return invoice


def _r(ctx: dict) -> random.Random:
    if "dw_rng" not in ctx:
        ctx["dw_rng"] = random.Random(f"blind-dateswild-render-{ctx['number']}-{ctx['issue_day']}")
    return ctx["dw_rng"]


def _w(ctx: dict, key: str) -> str:
    return _r(ctx).choice(DATESWILD_LABELS[ctx["language"]][key])


def form(day: dt.date, language: str, style: str) -> str:
    """``day`` in a CLDR form of ``language`` (``full``, ``long``, ``medium``, ``short``), ISO, or Invoice Ninja's
    « d-M-Y » (``dmy_text``)."""
    month, short = MONTHS[language][day.month - 1], SHORT_MONTHS[language][day.month - 1]
    if style == "iso":
        return day.isoformat()
    if style == "dmy_text":
        return f"{day.day:02d}-{short.rstrip('.')}-{day.year}"
    if language == "fr":
        return {"full": f"{WEEKDAYS['fr'][day.weekday()]} {day.day} {month} {day.year}", "long": f"{day.day} {month} {day.year}",
                "medium": f"{day.day} {short} {day.year}", "short": day.strftime("%d/%m/%Y")}[style]
    if language == "en":
        return {"full": f"{WEEKDAYS['en'][day.weekday()]}, {day.day} {month} {day.year}", "long": f"{month} {day.day}, {day.year}",
                "medium": f"{day.day} {short} {day.year}", "short": day.strftime("%d/%m/%Y")}[style]
    if language == "de":
        return {"full": f"{WEEKDAYS['de'][day.weekday()]}, {day.day}. {month} {day.year}", "long": f"{day.day}. {month} {day.year}",
                "medium": day.strftime("%d.%m.%Y"), "short": day.strftime("%d.%m.%y")}[style]
    if language == "es":
        return {"full": f"{WEEKDAYS['es'][day.weekday()]}, {day.day} de {month} de {day.year}",
                "long": f"{day.day} de {month} de {day.year}", "medium": f"{day.day} {short} {day.year}",
                "short": f"{day.day}/{day.month}/{day.strftime('%y')}"}[style]
    return {"full": f"{WEEKDAYS['it'][day.weekday()]} {day.day} {month} {day.year}", "long": f"{day.day} {month} {day.year}",
            "medium": f"{day.day} {short} {day.year}", "short": day.strftime("%d/%m/%y")}[style]


def _d(ctx: dict, day: dt.date) -> str:
    return form(day, ctx["language"], ctx["dw_style"])


def _rivals(ctx: dict, low: int, high: int) -> list[tuple[str, str]]:
    """Labelled dates of other events around the issue date: order, delivery, quote, payment, VAT point, a period."""
    rng, issue = _r(ctx), ctx["issue_day"]
    events = rng.sample(["order", "delivery", "quote", "payment", "vat", "period"], rng.randint(low, high))
    pairs = []
    for event in events:
        if event == "period":
            start = issue - dt.timedelta(days=rng.randint(25, 40))
            end = issue - dt.timedelta(days=rng.randint(0, 6))
            if rng.random() < 0.5:
                pairs.append((_w(ctx, "dw_period"), _w(ctx, "dw_range").format(_d(ctx, start), _d(ctx, end))))
            else:
                pairs += [(_w(ctx, "dw_start"), _d(ctx, start)), (_w(ctx, "dw_end"), _d(ctx, end))]
            continue
        days = {"order": -rng.randint(3, 40), "delivery": -rng.randint(1, 12), "quote": -rng.randint(20, 90),
                "payment": -rng.randint(0, 10), "vat": -rng.randint(1, 12)}[event]
        pairs.append((_w(ctx, f"dw_{event}"), _d(ctx, issue + dt.timedelta(days=days))))
    return pairs


def _due(ctx: dict, pairs: list[tuple[str, str]], chance: float = 0.7) -> None:
    rng = _r(ctx)
    if rng.random() < chance:
        ctx["dw_due_day"] = ctx["issue_day"] + dt.timedelta(days=rng.choice([10, 14, 15, 30, 30, 45, 60]))
        pairs.insert(rng.randint(1, len(pairs)), (_w(ctx, "dw_due"), _d(ctx, ctx["dw_due_day"])))


def _terms_line(ctx: dict) -> str:
    """The payment terms as the software prints them: « Net 30 », « Payable sous 30 jours net jusqu'au … », or on
    receipt when no due date is printed."""
    due = ctx.get("dw_due_day")
    if due is None:
        return f'<p class="muted">{_e(_w(ctx, "dw_receipt"))}</p>' if _r(ctx).random() < 0.5 else ""
    days = (due - ctx["issue_day"]).days
    return f'<p class="muted">{_e(_w(ctx, "dw_terms").format(days, _d(ctx, due)))}</p>'


def _head(ctx: dict, under_title: str = "") -> str:
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="accent strong">{_e(ctx["title"])}</div>{under_title}
</td></tr></table><div style="margin:4mm 0 0 95mm">{_buyer_block(ctx, label=_r(ctx).random() < 0.5)}</div>"""


def _tail(ctx: dict, said: str = "") -> str:
    rows = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{value}</td></tr>'
                   for label, value, strong in blind._total_rows(ctx))
    return f'{said}{_lines(ctx)}{_recap(ctx)}<table class="tot">{rows}</table>{_terms_line(ctx)}{_mentions(ctx)}{_bank(ctx)}'


def _grid(pairs: list[tuple[str, str]]) -> str:
    head = "".join(f'<th style="text-align:left;padding:2pt 6pt 0 0;font-size:0.85em">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="padding:0 6pt 2pt 0">{_e(v)}</td>' for _k, v in pairs)
    return f'<table style="margin-top:4mm"><tr>{head}</tr><tr>{vals}</tr></table>'


def _box(ctx: dict, pairs: list[tuple[str, str]]) -> str:
    sep = _r(ctx).choice(["", ":", " :" if ctx["language"] == "fr" else ":"])
    rows = "".join(f'<tr><td class="muted" style="padding-right:8pt">{_e(k)}{sep}</td><td style="text-align:right">{_e(v)}</td></tr>'
                   for k, v in pairs)
    return f'<table style="margin:4mm 0 0 auto;border:0.8pt solid #555">{rows}</table>'


def _blocks(pairs: list[tuple[str, str]]) -> str:
    rows = [pairs[:4], pairs[4:]] if len(pairs) > 4 else [pairs]
    return "".join('<table style="margin-top:3mm"><tr>' + "".join(
        f'<td style="padding-right:8mm;vertical-align:top"><div class="muted" style="font-size:0.85em">{_e(k)}</div>'
        f'<div class="strong">{_e(v)}</div></td>' for k, v in row) + "</tr></table>" for row in rows if row)


def _labelled_pairs(ctx: dict, issue_label: str, low: int = 1, high: int = 3) -> list[tuple[str, str]]:
    rng = _r(ctx)
    pairs = _rivals(ctx, low, high)
    pairs.insert(rng.randint(0, len(pairs)), (issue_label, _d(ctx, ctx["issue_day"])))
    _due(ctx, pairs)
    pairs.insert(0, (_w(ctx, "dw_number"), ctx["number"]))
    return pairs


def _layout_grille(ctx: dict) -> str:
    """A header grid: a row of labels over a row of values, the issue date among other dates."""
    return _head(ctx) + _grid(_labelled_pairs(ctx, _w(ctx, "dw_issue"), 1, 3)) + _tail(ctx)


def _layout_encadre(ctx: dict) -> str:
    """A box of « label : value » rows at the right."""
    label = _w(ctx, "dw_issue") if _r(ctx).random() < 0.6 else _w(ctx, "dw_bare")
    return _head(ctx) + _box(ctx, _labelled_pairs(ctx, label, 1, 4)) + _tail(ctx)


def _layout_dessus(ctx: dict) -> str:
    """Label-above-value blocks side by side."""
    label = _w(ctx, "dw_issue") if _r(ctx).random() < 0.6 else _w(ctx, "dw_bare")
    return _head(ctx) + _blocks(_labelled_pairs(ctx, label, 1, 4)) + _tail(ctx)


def _layout_seule(ctx: dict) -> str:
    """The number and the issue date unlabelled under the title; every other date has its own label."""
    rng = _r(ctx)
    pairs = _rivals(ctx, 1, 3)
    _due(ctx, pairs, 0.8)
    under = f'<div class="strong">{_e(ctx["number"])}</div><div>{_e(_d(ctx, ctx["issue_day"]))}</div>'
    body = _box(ctx, pairs) if rng.random() < 0.5 else _grid(pairs)
    return _head(ctx, under) + body + _tail(ctx)


def _layout_termes(ctx: dict) -> str:
    """The issue date under a bare « Date », the due date and the terms printed (« Net 30 »), other dates beside."""
    rng = _r(ctx)
    pairs = _rivals(ctx, 1, 2)
    pairs.insert(0, (_w(ctx, "dw_bare"), _d(ctx, ctx["issue_day"])))
    _due(ctx, pairs, 1.0)
    pairs.insert(0, (_w(ctx, "dw_number"), ctx["number"]))
    body = _box(ctx, pairs) if rng.random() < 0.5 else _blocks(pairs)
    return _head(ctx) + body + _tail(ctx)


def _layout_periode(ctx: dict) -> str:
    """An invoicing period ending on or before the issue date, printed apart; the issue date after a bare « Date »
    or its own label."""
    rng, issue = _r(ctx), ctx["issue_day"]
    start = issue.replace(day=1) - dt.timedelta(days=rng.choice([1, 31]))
    start = start.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    end = min(end, issue)
    label = _w(ctx, "dw_bare") if rng.random() < 0.6 else _w(ctx, "dw_issue")
    pairs = [(_w(ctx, "dw_number"), ctx["number"]), (label, _d(ctx, issue))]
    _due(ctx, pairs, 0.6)
    if rng.random() < 0.4:
        pairs += _rivals(ctx, 1, 1)
    period = f'<p class="strong" style="margin-top:3mm">{_e(_w(ctx, "dw_period"))} : {_e(_w(ctx, "dw_range").format(_d(ctx, start), _d(ctx, end)))}</p>'
    body = _box(ctx, pairs) if rng.random() < 0.5 else _grid(pairs)
    return _head(ctx) + body + _tail(ctx, period)


def _layout_phrases(ctx: dict) -> str:
    """The dates in sentences: « Créée le … » (Akaunting), an order's, a delivery's; the number labelled."""
    rng, issue = _r(ctx), ctx["issue_day"]
    lines = [f'{_e(_w(ctx, "dw_number"))} : {_e(ctx["number"])}', _e(_w(ctx, "dw_issued_sentence").format(_d(ctx, issue)))]
    others = []
    if rng.random() < 0.7:
        others.append(_e(_w(ctx, "dw_order_sentence").format(_d(ctx, issue - dt.timedelta(days=rng.randint(3, 40))))))
    if rng.random() < 0.7:
        others.append(_e(_w(ctx, "dw_delivery_sentence").format(_d(ctx, issue - dt.timedelta(days=rng.randint(1, 12))))))
    pairs: list[tuple[str, str]] = [("", "")]
    _due(ctx, pairs, 0.6)
    if len(pairs) > 1:
        others.append(f"{_e(pairs[1][0])} : {_e(pairs[1][1])}")
    rng.shuffle(others)
    body = '<p style="margin-top:4mm">' + "<br>".join(lines + others) + "</p>"
    return _head(ctx) + body + _tail(ctx)


def _styled(render):
    """A layout that draws its page-wide date form first."""
    def page(ctx: dict) -> str:
        ctx["dw_style"] = _r(ctx).choice(STYLES)
        return render(ctx)
    page.__doc__ = render.__doc__
    return page


blind.RENDER.update({name: _styled(render) for name, render in zip(LAYOUTS, (
    _layout_grille, _layout_encadre, _layout_dessus, _layout_seule, _layout_termes, _layout_periode, _layout_phrases),
    strict=True)})
