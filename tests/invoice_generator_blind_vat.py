"""Blind-family invoices whose VAT breakdown (BG-23) is printed in many ways (issue 13, branch vat-13e).

Drawn for seeds VAT_FROM to VAT_TO (``invoice_generator_blind.make_invoice`` reaches :func:`make_invoice` by a lazy
import); seeds from HOLDOUT_FROM on are this module's hold-out (measured, their misses never read). The invoice is
the blind family's for the seed's draws (lines, rates, totals, exemption, reverse charge, discount), often given
two or three rates more (this module's own draws), rendered by one layout whose VAT summary is composed at random:

- a table of the rates: rate, base and VAT in any column order, sometimes a gross column or a category code, the
  header's words drawn and joined, the rate with its « % » or without (under the rate's header);
- one sentence per rate (« TVA 20 % sur 1 234,00 : 246,80 », « MwSt. 19 % auf … », « IVA 22% su … = … »), the
  words drawn part by part;
- stacked rows per rate (the rate, then its base, then its VAT);
- the VAT of each rate alone (« dont TVA 20 % … »), no base;
- nothing but the totals (HT, VAT with or without its rate, TTC);

the line table with or without its rate column, the summary before, beside or after the totals.
The truth is the blind family's, patched from what the layout drew; ``context["vat_truth"]`` holds the breakdown
(rate, base, VAT) the page prints or implies.
"""

from __future__ import annotations

from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator import money
from invoice_generator_blind import _bank, _buyer_block, _e, _m, _mentions, _meta
from invoice_generator_blind_trades import _header, _pairs_box, _rows
from invoice_generator_blind_trades import _p as _w
from invoice_generator_blind_trades import _t as _v

VAT_FROM = 98_000
VAT_TO = 99_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 98_750
VAT_LAYOUTS = ("recap_taux_compose",)
VAT_WEIGHTS = (0.4, 0.15, 0.15, 0.15, 0.15)
#: Keys of the single words of VAT (« TVA », « VAT », « MwSt. », « IVA »): the vocabulary of VAT that
#: every family prints, left out of the test that no label wording is shared with the main generator.
WORDS = ("v_tax",)
SHAPES = ("v-table", "v-table", "v-sentence", "v-stacked", "v-alone", "v-totals")

# Keys start with « v_ » (none of the family's keys does). Words are drawn part by part and joined.
VAT_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "v_currency": ["Monnaie de la pièce comptable", "Devise de règlement retenue"],
        "v_tax": ["TVA"], "v_rate": ["Taux applicable au poste", "Taux en vigueur appliqué"],
        "v_base": ["Base soumise au taux", "Base assujettie au taux"], "v_gross": ["TTC par taux appliqué", "Cumul TTC du taux appliqué"],
        "v_code": ["Cat. fiscale appl.", "Régime fiscal du taux"], "v_at": ["à raison de"], "v_on": ["calculée sur la base de", "assise sur la base de"],
        "v_of": ["comprenant au titre de la", "incluse la part de"], "v_head": ["Synthèse des taxes par taux", "Tableau fiscal par taux"],
        "v_ht": ["Cumul général hors taxes", "Total des prestations hors taxes facturées"],
        "v_ttc": ["Total toutes taxes comprises dû", "Somme TTC due au final"], "v_sum": ["Cumul des TVA par taux", "TVA cumulée tous taux"],
    },
    "en": {
        "v_currency": ["Billing currency used", "Currency of account used"],
        "v_tax": ["VAT"], "v_rate": ["Rate applied to band", "Band rate applied"],
        "v_base": ["Net subject to band", "Net liable in band"], "v_gross": ["Gross per band total", "Band gross total"],
        "v_code": ["Band code ref.", "Tax band ref."], "v_at": ["charged at band"], "v_on": ["levied on net of", "applied to net of"],
        "v_of": ["comprising a share of", "within which the"], "v_head": ["Analysis by VAT band", "VAT bands analysed"],
        "v_ht": ["Net value total of goods", "Sum of nets excl. VAT"],
        "v_ttc": ["Sum of all incl. VAT", "Grand sum gross due"], "v_sum": ["Sum of VAT bands", "VAT summed over bands"],
    },
    "de": {
        "v_currency": ["Abrechnungswährung gewählt", "Währung der Abrechnung gewählt"],
        "v_tax": ["MwSt.", "USt."], "v_rate": ["Satz angewandt je Stufe", "Steuerstufe angewandt"],
        "v_base": ["Netto steuerpflichtig je Stufe", "Steuerpflichtiges Netto je Stufe"],
        "v_gross": ["Brutto je Steuerstufe", "Stufenbrutto gesamt"], "v_code": ["Stufe Kz.", "Steuerkennz. Stufe"], "v_at": ["zum Stufensatz"],
        "v_on": ["erhoben auf netto", "berechnet aus netto"], "v_of": ["hierin enthaltene Stufe", "davon enthalten an"],
        "v_head": ["Aufteilung nach Steuerstufen", "Steuerstufen im Überblick"],
        "v_ht": ["Warenwert gesamt netto", "Netto gesamt dieser Rechnung"],
        "v_ttc": ["Rechnungsendbetrag brutto gesamt", "Bruttoendsumme fällig"], "v_sum": ["Steuer summiert über Stufen", "Summe der Steueranteile"],
    },
    "es": {
        "v_currency": ["Moneda de liquidación usada", "Divisa aplicada al pago"],
        "v_tax": ["IVA"], "v_rate": ["Tipo aplicado al tramo", "Tipo vigente del tramo"],
        "v_base": ["Base sujeta del tramo", "Neto sujeto por tramo"], "v_gross": ["Total por tramo con IVA", "Bruto por tramo"],
        "v_code": ["Clave fiscal tipo", "Régimen fiscal del tipo"], "v_at": ["al tipo del"], "v_on": ["aplicado a la base de", "calculado s/ base de"],
        "v_of": ["comprendido el", "englobando el"], "v_head": ["Cuadro de tramos de IVA", "Liquidación por tramos"],
        "v_ht": ["Suma de bases de tramos", "Suma neta de conceptos"],
        "v_ttc": ["Importe final con IVA", "Suma final con IVA"], "v_sum": ["Suma de cuotas de tramos", "IVA sumado de tramos"],
    },
    "it": {
        "v_currency": ["Valuta di fatturazione usata", "Divisa applicata al pagamento"],
        "v_tax": ["IVA"], "v_rate": ["Aliquota applicata al gruppo", "Aliq. vigente del gruppo"],
        "v_base": ["Imponibile soggetto del gruppo", "Netto soggetto per gruppo"],
        "v_gross": ["Lordo per gruppo di aliquota", "Lordo del gruppo"], "v_code": ["Natura op. fiscale", "Cod. natura op."], "v_at": ["con aliquota del"],
        "v_on": ["applicata al netto di", "calcolata sul netto di"], "v_of": ["comprensiva della quota", "inclusa la quota"],
        "v_head": ["Prospetto dei gruppi IVA", "Ripartizione per gruppi"],
        "v_ht": ["Totale imponibili merci", "Somma degli imponibili"],
        "v_ttc": ["Totale lordo del documento", "Somma lorda finale"], "v_sum": ["IVA sommata dei gruppi", "Somma quote IVA dei gruppi"],
    },
}
blind.add_labels(VAT_LABELS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [VAT_FROM, VAT_TO)): the family's draws, often with more rates, rendered by this
    module's layout; the truth's totals and rates follow what was drawn, the breakdown beside it."""
    layout, language = blind.module_draw("vat", seed, VAT_LAYOUTS, VAT_WEIGHTS)  # this module's draws
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.total_without_tax, truth.total_tax, truth.total_with_tax = str(ctx["ht"]), str(ctx["tva"]), str(ctx["ttc"])
    truth.vat_rates = [rate for rate, _base, _tax in ctx["breakdown"]]
    truth.amount_due = str(ctx["ttc"] - ctx["deposit"]) if ctx["deposit"] else None
    ctx["vat_truth"] = [(Decimal(rate), base, tax) for rate, base, tax in ctx["breakdown"]]
    return invoice


def _more_rates(ctx: dict) -> None:
    """Often two or three rates instead of one (no discount, exemption, reverse charge nor deposit then)."""
    rng, lines = _v(ctx), ctx["lines"]
    rates = blind.RATES[ctx["language"]]
    if (len(ctx["breakdown"]) > 1 or ctx["exempt"] or ctx["reverse"] or ctx["discount_pct"] or ctx["credit"]
            or len(lines) < 2 or rng.random() < 0.4):
        return
    used = rng.sample(rates, min(len(rates), rng.choice([2, 2, 3]), len(lines)))
    for index, line in enumerate(lines):
        line["rate"] = used[index] if index < len(used) else rng.choice(used)
    ctx["breakdown"] = []
    for rate in used:
        base = sum((line["amount"] for line in lines if line["rate"] == rate), Decimal(0))
        ctx["breakdown"].append((rate, base, money(base * Decimal(rate) / 100)))
    ctx["tva"] = sum((tax for _r, _b, tax in ctx["breakdown"]), Decimal(0))
    ctx["ttc"] = ctx["ht"] + ctx["tva"]
    ctx["deposit"] = None


def _rate(ctx: dict, rate: str, *, sign: bool = True) -> str:
    """A rate as printed: « 20 % », « 20% », « 20,00 % », « 5.5 », with or without its sign (a table's cell only)."""
    rng, lang = _v(ctx), ctx["language"]
    shape = ctx.setdefault("v_rate_shape", rng.choice(["v-plain", "v-plain", "v-decimals", "v-tight"]))
    number = Decimal(rate)
    text = f"{number:.2f}" if shape == "v-decimals" else f"{number.normalize():f}"
    if lang != "en":
        text = text.replace(".", ",")
    if not sign:
        return _e(text)
    return _e(f"{text}%" if shape == "v-tight" or (lang in ("en", "es", "it") and shape != "v-decimals") else f"{text} %")


def _line_table(ctx: dict) -> str:
    """The lines, with their rate column or not (several rates: mostly with)."""
    rng, labels = _v(ctx), ctx["labels"]
    with_rate = rng.random() < (0.7 if len(ctx["breakdown"]) > 1 else 0.2)
    head = [rng.choice(labels["desc"]), rng.choice(labels["qty"]), rng.choice(labels["unit"])]
    head += [rng.choice(labels["rate_col"])] if with_rate else []
    head.append(rng.choice(labels["amount_col"]))
    rows = []
    for line in ctx["lines"]:
        cells = [_e(line["desc"]), blind._qty(ctx, line["qty"]), _m(ctx, line["unit"], False)]
        cells += [_rate(ctx, line["rate"])] if with_rate else []
        cells.append(_m(ctx, line["amount"], False))
        rows.append("<tr>" + "".join(f"<td{' class=n' if i else ''}>{c}</td>" for i, c in enumerate(cells)) + "</tr>")
    th = "".join(f"<th{' class=n' if i else ''}>{_e(h)}</th>" for i, h in enumerate(head))
    return f'<table class="lines"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _table(ctx: dict) -> str:
    """Rate, base and VAT in any column order; a gross or a category column sometimes; « % » or not."""
    rng = _v(ctx)
    columns = ["rate", "base", "tax"]
    rng.shuffle(columns)
    if rng.random() < 0.3:
        columns.append("gross")
    if rng.random() < 0.2:
        columns.insert(0, "code")
    sign = rng.random() < 0.6
    words = {"rate": _w(ctx, "v_rate") + "", "base": _w(ctx, "v_base"),
             "tax": _w(ctx, "v_tax"), "gross": _w(ctx, "v_gross"), "code": _w(ctx, "v_code")}
    head = "".join(f"<th class='n'>{_e(words[c])}</th>" for c in columns)
    body = []
    for rate, base, tax in ctx["breakdown"]:
        cells = {"rate": _rate(ctx, rate, sign=sign), "base": _m(ctx, base, rng.random() < 0.3), "tax": _m(ctx, tax),
                 "gross": _m(ctx, base + tax), "code": "S" if Decimal(rate) else "E"}
        body.append("<tr>" + "".join(f"<td class='n'>{cells[c]}</td>" for c in columns) + "</tr>")
    if len(ctx["breakdown"]) > 1 and rng.random() < 0.4:  # a sum row
        sums = {"rate": "", "code": "", "base": _m(ctx, ctx["ht"]), "tax": _m(ctx, ctx["tva"]), "gross": _m(ctx, ctx["ttc"])}
        body.append("<tr class='strong'>" + "".join(f"<td class='n'>{sums[c]}</td>" for c in columns) + "</tr>")
    return f'<table class="lines" style="width:65%;margin-top:3mm"><tr>{head}</tr>{"".join(body)}</table>'


def _sentences(ctx: dict) -> str:
    """One sentence per rate: VAT word, maybe « à »/« @ », the rate, « sur »/« on »/« auf », the base, the VAT."""
    rng = _v(ctx)
    tax, at, on = _w(ctx, "v_tax"), _w(ctx, "v_at") if _v(ctx).random() < 0.5 else None, _w(ctx, "v_on")
    sep = rng.choice([" : ", "  "])
    out = []
    for rate, base, amount in ctx["breakdown"]:
        said = " ".join(part for part in (_e(tax), _e(at), _rate(ctx, rate), _e(on), _m(ctx, base)) if part)
        out.append(f"<tr><td>{said}{_e(sep.rstrip())}</td><td class='n'>{_m(ctx, amount)}</td></tr>")
    return f'<table class="tot">{"".join(out)}</table>'


def _stacked(ctx: dict) -> str:
    """Per rate: its rate, then its base, then its VAT, on rows of their own."""
    rows = []
    for rate, base, tax in ctx["breakdown"]:
        rows.append(f"<tr><td class='strong'>{_e(_w(ctx, 'v_rate'))} {_rate(ctx, rate)}</td><td></td></tr>")
        rows.append(f"<tr><td>{_e(_w(ctx, 'v_base'))}</td><td class='n'>{_m(ctx, base)}</td></tr>")
        rows.append(f"<tr><td>{_e(_w(ctx, 'v_tax'))}</td><td class='n'>{_m(ctx, tax)}</td></tr>")
    return f'<table class="tot">{"".join(rows)}</table>'


def _alone(ctx: dict) -> list[tuple[str, str, bool]]:
    """The VAT of each rate, no base (« dont TVA 20 % … »)."""
    of, tax = _w(ctx, "v_of"), _w(ctx, "v_tax")
    return [(f"{of} {tax} {_rate(ctx, rate)}".strip(), _m(ctx, amount), False) for rate, _base, amount in ctx["breakdown"]]


def _totals(ctx: dict, shape: str) -> list[tuple[str, str, bool]]:
    """HT, the VAT (its total, its rate in the label when one rate, or each rate's with « alone »), TTC, deposit."""
    rng = _v(ctx)
    rows = [(_w(ctx, "v_ht"), _m(ctx, ctx["ht"]), False)]
    if shape == "v-alone":
        rows += _alone(ctx)
        if rng.random() < 0.5:
            rows.append((_w(ctx, "v_sum"), _m(ctx, ctx["tva"]), False))
    else:
        label = _w(ctx, "v_sum")
        if len(ctx["breakdown"]) == 1 and rng.random() < 0.5:
            label = f"{_w(ctx, 'v_tax')} {_rate(ctx, ctx['breakdown'][0][0])}"
        rows.append((label, _m(ctx, ctx["tva"]), False))
    rows.append((_w(ctx, "v_ttc"), _m(ctx, ctx["ttc"]), True))
    if ctx["deposit"]:
        rows.append((rng.choice(ctx["labels"]["deposit"]), _m(ctx, -ctx["deposit"]), False))
        rows.append((rng.choice(ctx["labels"]["balance"]), _m(ctx, ctx["ttc"] - ctx["deposit"]), True))
    return rows


def _layout_ventilation(ctx: dict) -> str:
    """Header, buyer, lines, then the VAT summary of a shape drawn and the totals, in an order drawn."""
    _more_rates(ctx)
    ctx["breakdown"] = [row for row in ctx["breakdown"] if row[1]]  # a rate no line was given: not printed
    rng = _v(ctx)
    shape = rng.choice(SHAPES)
    ctx["v_shape"] = shape
    summary = {"v-table": _table, "v-sentence": _sentences, "v-stacked": _stacked}.get(shape, lambda _ctx: "")(ctx)
    heading = _w(ctx, "v_head") if rng.random() < 0.7 else None
    if summary and heading:
        summary = f'<div class="strong accent" style="margin-top:3mm">{_e(heading)}</div>{summary}'
    totals = _rows(ctx, _totals(ctx, shape))
    where = rng.choice(["v-before", "v-after", "v-beside"])
    if where == "v-before":
        block = summary + totals
    elif where == "v-after":
        block = totals + summary
    else:
        block = (f'<table style="width:100%;margin-top:3mm"><tr><td style="width:55%;vertical-align:top">{summary}</td>'
                 f'<td style="vertical-align:top">{totals}</td></tr></table>')
    pairs = _meta(ctx, extras=rng.random() < 0.5)
    if not any(sign in _m(ctx, Decimal(1)) for sign in ("€", "EUR")):  # amounts printed bare: the currency said once
        pairs.append((_w(ctx, "v_currency"), "EUR"))
    meta = _pairs_box(ctx, "", pairs)
    buyer = _buyer_block(ctx, label=rng.random() < 0.6)
    return (f'{_header(ctx, ctx["title"], meta)}<div style="margin:4mm 0 0 95mm">{buyer}</div>'
            f'{_line_table(ctx)}{block}{_mentions(ctx)}{_bank(ctx)}')


blind.RENDER.update({"recap_taux_compose": _layout_ventilation})
