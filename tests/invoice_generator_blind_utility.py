"""Utility bills of the blind family, second layout (issue 13, branch utility-13d): where the number is printed.

Water, power, gas and telephone bills print their invoice number in many places besides a references box
(``invoice_generator_blind_trades.py`` holds the first utility layout, « releve_fluide »):

- in a sentence with its date (« Votre facture n° … du … », « Ihre Rechnung Nr. … vom … », « La sua bolletta n. … del … »);
- in a grid of the supply's identifiers (customer number, contract, delivery point: PDL, PCE, CUPS, POD, PDR,
  Zählpunkt, meter number) under « Référence de la facture », « Abrechnung Nr. », « N. bolletta », « Nº de factura »;
- only in the payment slip at the foot (« TIP », « talon à joindre », « Zahlschein », « bollettino », « documento de
  pago »), the top of the page naming the customer's number and the date;

and the number itself is long digits close to the customer's own number, or grouped by spaces, or cut by slashes.

Drawn for seeds from UTILITY_FROM to UTILITY_TO by ``invoice_generator_blind.make_invoice`` (a lazy import): the
invoice is the blind family's for the seed's draws, rendered by this module's layout; this module's own draws
(``random.Random("blind-utility-<seed>")``) pick the language and what the layout prints.
``bench_readings.py --part blind --start 74000`` reads them.
"""

from __future__ import annotations

import datetime as dt

import invoice_generator_blind as blind
import invoice_generator_blind_trades as trades
from invoice_generator_blind import _bank, _e, _m, _mentions, _recap
from invoice_generator_blind_trades import _day, _digits, _f, _header, _lines_table, _p, _pairs_box, _rows, _t

UTILITY_FROM = 74_000
UTILITY_TO = 75_000
UTILITY_LAYOUTS = ("avis_talon",)
UTILITY_WEIGHTS = (0.3, 0.15, 0.2, 0.15, 0.2)

# Keys start with « u_ » (none of the family's keys does).
UTILITY_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "u_title": ["Facture d'eau potable", "Votre facture d'énergie", "Facture électricité et gaz", "Votre facture box et mobile", "Facture de régularisation"],
        "u_sentence": ["Voici votre facture n° {} du {}", "Facture de régularisation n° {} du {}", "Nous vous adressons votre facture n° {} émise le {}"],
        "u_ref_no": ["Référence de votre facture", "Facture de régularisation n°", "Référence facture"],
        "u_date": ["Date de la facture", "Émise le"],
        "u_customer": ["Référence client", "N° client", "Votre référence client"], "u_contract": ["N° du contrat"],
        "u_point": ["PDL", "PCE", "N° de PDL"], "u_meter": ["N° compteur", "Numéro du compteur"],
        "u_slip": ["TIP SEPA à joindre à votre règlement", "Talon à joindre à votre paiement", "Coupon à détacher et à retourner avec votre chèque"],
        "u_slip_no": ["N° de facture", "Réf. facture"], "u_slip_customer": ["Réf. client"],
        "u_slip_amount": ["Montant à régler"], "u_slip_due": ["Date limite de paiement", "À payer avant le"],
        "u_pay": ["Total à régler", "Montant total à payer"], "u_period": ["Période de consommation du {} au {}"],
    },
    "en": {
        "u_title": ["Water and sewerage bill", "Your energy statement", "Final bill", "Your phone and broadband charges"],
        "u_sentence": ["Your bill no. {} of {}", "This is your bill {} dated {}"],
        "u_ref_no": ["Invoice reference", "Bill reference", "Final bill no."],
        "u_date": ["Date issued", "Bill issued"],
        "u_customer": ["Customer number", "Customer ref."], "u_contract": ["Contract number"],
        "u_point": ["MPAN", "Supply number"], "u_meter": ["Meter serial no."],
        "u_slip": ["Bank giro credit - please return this slip with your payment", "Payment slip"],
        "u_slip_no": ["Bill ref.", "Invoice no."], "u_slip_customer": ["Customer no."],
        "u_slip_amount": ["Amount due"], "u_slip_due": ["Pay by"],
        "u_pay": ["Amount now due", "Total amount due"], "u_period": ["Usage period {} - {}"],
    },
    "de": {
        "u_title": ["Ihre Wasserabrechnung", "Energieabrechnung", "Schlussrechnung Strom", "Ihre Mobilfunkrechnung"],
        "u_sentence": ["Ihre Rechnung Nr. {} vom {}", "Abrechnung Nr. {} vom {}"],
        "u_ref_no": ["Abrechnung Nr.", "Rechnungsnummer", "Rechnungs-Nr."],
        "u_date": ["Datum der Abrechnung", "Rechnungsdatum"],
        "u_customer": ["Kundennummer"], "u_contract": ["Vertragskontonummer"],
        "u_point": ["Marktlokation", "Zählpunkt"], "u_meter": ["Zählernummer"],
        "u_slip": ["Zahlschein", "Überweisungsträger - bitte mit Ihrer Zahlung verwenden"],
        "u_slip_no": ["Verwendungszweck: Rechnung", "Rechnung Nr."], "u_slip_customer": ["Kunden-Nr."],
        "u_slip_amount": ["Betrag in EUR"], "u_slip_due": ["Zahlbar bis"],
        "u_pay": ["Zu zahlender Betrag", "Zahlbetrag"], "u_period": ["Leistungszeitraum vom {} bis zum {}"],
    },
    "es": {
        "u_title": ["Factura de agua y alcantarillado", "Su factura de energía", "Factura de regularización", "Su factura de fibra y móvil"],
        "u_sentence": ["Su factura nº {} de fecha {}", "Factura de regularización nº {} de fecha {}"],
        "u_ref_no": ["Nº de factura", "Referencia de la factura", "Número de factura"],
        "u_date": ["Fecha de factura", "Fecha de emisión"],
        "u_customer": ["Nº de abonado"], "u_contract": ["Contrato nº", "Póliza"],
        "u_point": ["CUPS"], "u_meter": ["Nº de contador"],
        "u_slip": ["Documento de pago", "Resguardo para el pago en entidad bancaria"],
        "u_slip_no": ["Factura nº", "Nº factura"], "u_slip_customer": ["Cliente"],
        "u_slip_amount": ["Importe total"], "u_slip_due": ["Fecha límite de pago"],
        "u_pay": ["Total a pagar", "Total importe factura"], "u_period": ["Periodo de consumo: {} a {}"],
    },
    "it": {
        "u_title": ["Bolletta acqua", "Bolletta luce e gas", "Bolletta di conguaglio", "La sua fattura fibra e mobile"],
        "u_sentence": ["La sua bolletta n. {} del {}", "Fattura n. {} del {}"],
        "u_ref_no": ["Fattura numero", "N. bolletta", "Numero fattura"],
        "u_date": ["Data emissione", "Data fattura"],
        "u_customer": ["Codice cliente"], "u_contract": ["N. contratto"],
        "u_point": ["POD", "PDR", "Codice PDR"], "u_meter": ["Matricola contatore"],
        "u_slip": ["Bollettino postale", "Avviso di pagamento pagoPA", "Bollettino di pagamento"],
        "u_slip_no": ["N. bolletta", "Rif. fattura"], "u_slip_customer": ["Cod. cliente"],
        "u_slip_amount": ["Importo in euro"], "u_slip_due": ["Scadenza", "Pagabile entro il"],
        "u_pay": ["Totale da pagare", "Importo totale da pagare"], "u_period": ["Consumi fatturati dal {} al {}"],
    },
}
blind.add_labels(UTILITY_LABELS)


def label_strings() -> set[str]:
    """Every label wording of this module (for the test that none is shared with the main generator)."""
    return blind.wordings(UTILITY_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``, by this module's own draws."""
    return blind.module_draw("utility", seed, UTILITY_LAYOUTS, UTILITY_WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [UTILITY_FROM, UTILITY_TO)): the family's draws, rendered by this module's layout,
    which prints its own number (the truth follows) and the slip's last day to pay."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.invoice_number = ctx["number"]
    if ctx.get("u_due_day"):
        truth.due_date = ctx["u_due_day"].isoformat()
    return invoice


def _numbers(ctx: dict) -> tuple[str, str]:
    """(invoice number, customer number): long digits close to the customer's, grouped by spaces, cut by slashes."""
    rng, year = _t(ctx), ctx["issue_day"].year
    customer = _digits(rng, rng.choice([8, 10]))
    shape = rng.choice(["close", "close", "spaced", "slashed", "slashed", "plain"])
    if shape == "close":  # the customer's digits, then the bill's rank
        number = customer + _digits(rng, rng.choice([2, 4]))
    elif shape == "spaced":
        number = rng.choice([f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}",
                             f"{_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 2)}", f"{year} {_digits(rng, 6)}"])
    elif shape == "slashed":
        number = rng.choice([f"{year}/{_digits(rng, 7)}", f"{rng.choice(['FA', 'RG', 'E'])}/{year % 100:02d}/{_digits(rng, 6)}",
                             f"{_digits(rng, 6)}/{year % 100:02d}", f"{_digits(rng, 3)}/{_digits(rng, 5)}/{year}"])
    else:
        number = _digits(rng, rng.choice([9, 11]))
    return number, customer


def _slip(ctx: dict, customer: str, amount: str, due: dt.date) -> str:
    """The payment slip at the foot: dashed rule, heading, the number, the customer, the amount and a code line."""
    rng = _t(ctx)
    pairs = [(_p(ctx, "u_slip_no"), ctx["number"]), (_p(ctx, "u_slip_customer"), customer),
             (_p(ctx, "u_slip_due"), _day(ctx, due))]
    if rng.random() < 0.5:
        pairs.reverse()
    cells = "".join(f'<td style="padding-right:8mm"><span class="muted">{_e(k)}</span><br><span class="strong">{_e(v)}</span></td>'
                    for k, v in pairs)
    code = ""
    if rng.random() < 0.6:  # the bank's reading line: the customer's digits, a key and the amount in cents
        cents = amount.replace(" ", "").replace(".", "").replace(",", "").strip("€EUR ")
        code = f'<div style="font-family:monospace;margin-top:2mm">{customer}{_digits(rng, 2)} {_digits(rng, 12)} {_e(cents)}</div>'
    return (f'<div style="border-top:1pt dashed #666;margin-top:8mm;padding-top:2mm">'
            f'<div class="strong">{_e(_p(ctx, "u_slip"))}</div><table style="margin-top:2mm"><tr>{cells}'
            f'<td><span class="muted">{_e(_p(ctx, "u_slip_amount"))}</span><br><span class="strong">{amount}</span></td>'
            f'</tr></table>{code}</div>')


def _layout_avis_talon(ctx: dict) -> str:
    """A utility's bill whose number is in a sentence, in a grid of the supply's identifiers, or only in the slip."""
    rng, lang = _t(ctx), ctx["language"]
    ctx["number"], customer = _numbers(ctx)
    issue = ctx["issue_day"]
    start, end = issue - dt.timedelta(days=rng.choice([30, 61, 92, 182])), issue - dt.timedelta(days=rng.randint(3, 12))
    point = {"es": f"ES{_digits(rng, 16)}{rng.choice('ABCDEF')}{rng.choice('GHJKLM')}", "it": f"IT001E{_digits(rng, 8)}"}.get(lang, _digits(rng, 14))
    ids = [(_p(ctx, "u_customer"), customer), (_p(ctx, "u_contract"), _digits(rng, rng.choice([9, 10, 12]))),
           (_p(ctx, "u_point"), point), (_p(ctx, "u_meter"), f"{rng.choice('ABKZ')}{_digits(rng, 8)}")]
    rng.shuffle(ids)
    ids = ids[:rng.randint(2, 4)]
    if not any(value == customer for _key, value in ids):
        ids.append((_p(ctx, "u_customer"), customer))
    where = rng.choice(["sentence", "grid", "grid", "slip"])
    due_amount = ctx["ttc"] - (ctx["deposit"] or 0)
    due = ctx["due_day"] or issue + dt.timedelta(days=rng.choice([14, 15, 21]))
    ctx["u_due_day"] = due
    head_line = ""
    if where == "sentence":
        head_line = f'<p class="strong" style="margin-top:3mm">{_f(ctx, "u_sentence", ctx["number"], ctx["issue"])}</p>'
        pairs = ids
    elif where == "grid":
        own = [(_p(ctx, "u_ref_no"), ctx["number"]), (_p(ctx, "u_date"), ctx["issue"])]
        pairs = ids[:1] + own + ids[1:] if rng.random() < 0.5 else ids + own
    else:
        pairs = ids + [(_p(ctx, "u_date"), ctx["issue"])]
    title = _p(ctx, "u_title") if not ctx["credit"] else ctx["title"]
    period = f'<p>{_f(ctx, "u_period", _day(ctx, start), _day(ctx, end))}</p>'
    refs = _pairs_box(ctx, rng.choice(ctx["labels"]["t_refs"]), pairs)
    rows = blind._total_rows(ctx, per_rate=False)
    rows.append((_p(ctx, "u_pay"), _m(ctx, due_amount), True))
    items = ctx["labels"]["t_util_items"]
    lines = _lines_table(ctx, rng.sample(items, len(items)))
    slip = _slip(ctx, customer, _m(ctx, due_amount), due) if where == "slip" or rng.random() < 0.7 else ""
    buyer = blind._buyer_block(ctx, label=rng.random() < 0.4)
    if rng.random() < 0.5:
        top = f"""{_header(ctx, title, refs)}<div style="margin:4mm 0 0 95mm">{buyer}</div>"""
    else:
        top = f"""{_header(ctx, title)}<table style="width:100%;margin-top:4mm"><tr><td style="width:55%;vertical-align:top">
{buyer}</td><td style="vertical-align:top">{refs}</td></tr></table>"""
    return f"""{top}{head_line}{period}{lines}{_recap(ctx)}{_rows(ctx, rows)}{_mentions(ctx)}{_bank(ctx)}{slip}"""


blind.RENDER.update({"avis_talon": _layout_avis_talon})
assert trades.TRADES_FROM <= UTILITY_FROM < UTILITY_TO <= trades.TRADES_TO
