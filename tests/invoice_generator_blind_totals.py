"""Blind-family invoices whose totals block is printed in many ways (issue 13, branch vat-13f).

Drawn for seeds TOTALS_FROM to TOTALS_TO (``invoice_generator_blind.make_invoice`` reaches :func:`make_invoice` by a
lazy import); seeds from HOLDOUT_FROM on are this module's hold-out (measured, their misses never read). The invoice
is the blind family's for the seed's draws (lines, rates, discount, credit note), French about half of the time,
rendered by one layout whose totals are composed at random:

- charges after the goods' subtotal and before the net total (shipping, handling, packing, eco-contribution), taxed
  at the main rate; a discount before the net total;
- a line outside VAT between the VAT and the grand total (disbursements, stamp duty), in the grand total, not in the
  net;
- the grand total, then a rounding line and the rounded amount due, or a deposit / payment already made and the
  amount left to pay;
- « VAT included » pages (the grand total first, then « of which VAT »);
- the rows as a label-and-amount column, as a grid (labels in one row, amounts in the row below), in a sentence, or
  with a second currency's column beside the invoice's;

each label composed from parts (noun, qualifier, abbreviation, case, colon, currency sign). The truth: the net is
the taxed base (its charges in, the lines outside VAT out), the grand total is net + VAT + lines outside VAT, the
amount due is what is left after a deposit or a rounding.
"""

from __future__ import annotations

import random
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator import money
from invoice_generator_blind import _bank, _buyer_block, _e, _m, _mentions, _meta
from invoice_generator_blind_trades import _header, _pairs_box
from invoice_generator_blind_vat import _line_table, _rate

TOTALS_FROM = 105_000
TOTALS_TO = 106_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 105_750
TOTALS_LAYOUTS = ("totaux_compose",)
TOTALS_WEIGHTS = (0.5, 0.125, 0.125, 0.125, 0.125)
SHAPES = ("rows", "rows", "rows", "grid", "sentence", "currencies")
#: A second currency printed beside the euro, and how many of it one euro buys.
SECOND = (
    ("CHF", Decimal("0.9431")),
    ("USD", Decimal("1.0817")),
    ("GBP", Decimal("0.8342")),
    ("XPF", Decimal("119.33")),
)

# Parts of the labels, per language: nouns, qualifiers, words of charges and payments. Composed by _label.
PARTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "noun": ["Total", "Montant", "Somme", "Mt"],
        "sub": ["Sous-total", "Total marchandises", "Total articles"],
        "net": ["HT", "H.T.", "hors taxes", "hors TVA"],
        "gross": ["TTC", "T.T.C.", "toutes taxes comprises"],
        "tax": ["TVA", "T.V.A."],
        "tax_noun": ["Montant", "Total"],
        "due": [
            "Net à payer",
            "Reste dû",
            "Solde dû",
            "Reste à régler",
            "Montant restant dû",
            "Solde à acquitter",
        ],
        "paid": [
            "Acompte versé",
            "Acompte reçu",
            "Déjà réglé",
            "Règlement reçu",
            "Paiement partiel reçu",
        ],
        "charge": [
            "Frais de port",
            "Port et emballage",
            "Frais d'envoi colis",
            "Frais de livraison",
            "Éco-participation",
            "Frais de gestion",
        ],
        "outside": [
            "Débours",
            "Débours non soumis à TVA",
            "Timbre fiscal",
            "Frais avancés pour votre compte",
        ],
        "rounding": ["Arrondi", "Écart d'arrondi", "Arrondi de caisse"],
        "discount": ["Remise", "Rabais", "Remise fidélité"],
        "incl": ["dont TVA", "TVA incluse", "Dont T.V.A."],
        "sentence_gross": [
            "Arrêtée la présente facture à la somme de {} toutes taxes comprises.",
            "Soit un montant total de {} TTC à nous régler.",
        ],
        "sentence_all": ["Montant hors taxes {}, TVA {}, soit un total de {} TTC."],
    },
    "en": {
        "noun": ["Total", "Amount", "Sum"],
        "sub": ["Subtotal", "Goods total", "Items subtotal"],
        "net": ["excl. VAT", "net", "ex VAT", "before VAT"],
        "gross": ["incl. VAT", "gross", "inc VAT"],
        "tax": ["VAT"],
        "tax_noun": ["Total", "Amount of"],
        "due": [
            "Balance due",
            "Sum now payable",
            "Balance outstanding",
            "Still to pay",
            "Net payable",
        ],
        "paid": [
            "Deposit paid",
            "Less payment received",
            "Paid on account",
            "Advance received",
        ],
        "charge": [
            "Shipping",
            "Postage & packing",
            "Delivery charge",
            "Handling fee",
            "Carriage",
        ],
        "outside": [
            "Disbursements",
            "Disbursements (outside the scope of VAT)",
            "Stamp duty",
        ],
        "rounding": ["Rounding", "Rounding adjustment"],
        "discount": ["Discount", "Trade discount"],
        "incl": ["of which VAT", "VAT included", "includes VAT"],
        "sentence_gross": ["Total amount of this invoice: {} including VAT."],
        "sentence_all": ["Net {} plus VAT {} makes a total of {} to pay."],
    },
    "de": {
        "noun": ["Summe", "Gesamt", "Betrag", "Gesamtbetrag"],
        "sub": ["Zwischensumme", "Warenwert", "Positionen gesamt"],
        "net": ["netto", "ohne MwSt.", "exkl. USt."],
        "gross": ["brutto", "inkl. MwSt.", "inkl. USt."],
        "tax": ["MwSt.", "USt.", "Umsatzsteuer"],
        "tax_noun": ["zzgl.", "Summe"],
        "due": [
            "Zahlbetrag",
            "Noch zu zahlen",
            "Restbetrag",
            "Offener Betrag",
            "Zu zahlender Betrag",
        ],
        "paid": [
            "Anzahlung erhalten",
            "abzgl. Anzahlung",
            "Bereits bezahlt",
            "Abschlagszahlung",
        ],
        "charge": [
            "Versandpauschale",
            "Verpackung und Versand",
            "Frachtkosten",
            "Bearbeitungsgebühr",
            "Porto",
        ],
        "outside": [
            "Durchlaufende Posten",
            "Auslagen (nicht steuerbar)",
            "Verauslagte Gebühren",
        ],
        "rounding": ["Rundung", "Rundungsdifferenz"],
        "discount": ["Rabatt", "Nachlass", "Sonderrabatt"],
        "incl": ["darin enthaltene MwSt.", "enthaltene USt.", "inkl. MwSt."],
        "sentence_gross": ["Der Rechnungsbetrag von {} brutto ist sofort fällig."],
        "sentence_all": ["Nettobetrag {} zuzüglich Umsatzsteuer {} ergibt {} brutto."],
    },
    "es": {
        "noun": ["Total", "Importe", "Suma"],
        "sub": ["Subtotal", "Suma conceptos", "Total artículos"],
        "net": ["base imponible", "sin IVA", "neto"],
        "gross": ["con IVA", "IVA incluido", "factura"],
        "tax": ["IVA", "Cuota IVA"],
        "tax_noun": ["Total", "Importe"],
        "due": [
            "Total a pagar",
            "Pendiente de pago",
            "Importe pendiente",
            "Líquido a pagar",
            "Resto a abonar",
        ],
        "paid": ["Anticipo recibido", "A cuenta", "Entrega a cuenta", "Ya abonado"],
        "charge": [
            "Portes",
            "Envío y manipulación",
            "Gastos de manipulación",
            "Embalaje",
            "Transporte",
        ],
        "outside": ["Suplidos", "Suplidos (no sujetos a IVA)", "Tasas suplidas"],
        "rounding": ["Redondeo", "Ajuste por redondeo"],
        "discount": ["Descuento", "Dto. comercial", "Bonificación"],
        "incl": ["IVA incluido", "de los cuales IVA", "incluye IVA"],
        "sentence_gross": ["Importe total de la presente factura: {} IVA incluido."],
        "sentence_all": ["Base {} más IVA {}: total {} a pagar."],
    },
    "it": {
        "noun": ["Totale", "Importo", "Tot."],
        "sub": ["Subtotale", "Totale merce", "Totale righe"],
        "net": ["imponibile", "netto", "IVA esclusa"],
        "gross": ["documento", "IVA inclusa", "lordo", "fattura"],
        "tax": ["IVA", "Imposta"],
        "tax_noun": ["Totale", "Importo"],
        "due": [
            "Netto a pagare",
            "Totale da pagare",
            "Residuo da pagare",
            "Saldo dovuto",
            "Importo da saldare",
        ],
        "paid": [
            "Acconto ricevuto",
            "Acconto versato",
            "Già pagato",
            "Pagamento ricevuto",
        ],
        "charge": [
            "Trasporto a vostro carico",
            "Spedizione e imballo",
            "Imballo",
            "Spese di incasso",
            "Contributo RAEE",
        ],
        "outside": [
            "Imposta di bollo",
            "Bollo virtuale",
            "Spese anticipate (art. 15)",
            "Anticipazioni esenti art. 15",
        ],
        "rounding": ["Arrotondamento", "Abbuono arrotondamento"],
        "discount": ["Sconto", "Sconto merce", "Abbuono"],
        "incl": ["di cui IVA", "IVA compresa", "IVA inclusa"],
        "sentence_gross": ["Importo complessivo della fattura: {} IVA inclusa."],
        "sentence_all": ["Imponibile {} più IVA {}: totale {} da pagare."],
    },
}


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [TOTALS_FROM, TOTALS_TO)): the family's draws rendered by this module's layout; the
    truth's totals and amount due follow what the layout printed."""
    own = random.Random(f"blind-totals-{seed}")
    language = own.choices(blind.LANGUAGES, TOTALS_WEIGHTS)[0]
    invoice = blind.make_invoice(seed, language=language, layout=TOTALS_LAYOUTS[0])
    ctx, truth = invoice.context, invoice.truth
    truth.total_without_tax, truth.total_tax = str(ctx["ht"]), str(ctx["tva"])
    truth.total_with_tax = str(ctx["k_grand"])
    truth.vat_rates = [rate for rate, _base, _tax in ctx["breakdown"]]
    truth.amount_due = str(ctx["k_due"]) if ctx["k_due"] != ctx["k_grand"] else None
    return invoice


def _r(ctx: dict) -> random.Random:
    if "k_rng" not in ctx:
        ctx["k_rng"] = random.Random(
            f"blind-totals-render-{ctx['number']}-{ctx['issue']}"
        )
    return ctx["k_rng"]


def _part(ctx: dict, key: str) -> str:
    return _r(ctx).choice(PARTS[ctx["language"]][key])


def _label(ctx: dict, *words: str) -> str:
    """Words joined, then the page's casing, colon and currency sign (drawn once per page)."""
    rng = _r(ctx)
    case = ctx.setdefault("k_case", rng.choice(["as", "as", "upper", "first"]))
    colon = ctx.setdefault(
        "k_colon", rng.choice(["", "", " :" if ctx["language"] == "fr" else ":"])
    )
    sign = ctx.setdefault("k_sign", rng.choice(["", "", " (€)", " €", " EUR"]))
    text = " ".join(word for word in words if word)
    text = (
        text.upper()
        if case == "upper"
        else text[:1].upper() + text[1:]
        if case == "first"
        else text
    )
    return f"{text}{sign}{colon}"


def _ordered(ctx: dict, noun: str, qualifier: str) -> str:
    """« Total HT » or, in some languages, the qualifier first (« Netto gesamt », « Imponibile totale »)."""
    lang, rng = ctx["language"], _r(ctx)
    if lang in ("de", "it") and rng.random() < 0.3:
        return f"{qualifier[:1].upper()}{qualifier[1:]} {noun.lower()}"
    return f"{noun} {qualifier}"


def _compute(ctx: dict) -> list[tuple[str, Decimal, bool]]:
    """Charges, outside-VAT lines, deposit and rounding drawn; the totals recomputed; the rows (label, amount, strong)."""
    rng, lang = _r(ctx), ctx["language"]
    rows: list[tuple[str, Decimal, bool]] = []
    sign = Decimal(-1) if ctx["ht"] < 0 else Decimal(1)
    breakdown = [list(row) for row in ctx["breakdown"]]
    ht = ctx["ht"]
    charges = []
    if (
        not ctx["discount_pct"] and rng.random() < 0.35
    ):  # taxed charges after the goods' subtotal
        for _ in range(rng.choice([1, 1, 2])):
            charges.append(
                (
                    _part(ctx, "charge"),
                    money(Decimal(rng.randint(350, 9900)) / 100) * sign,
                )
            )
    goods = ht
    for _word, value in charges:
        breakdown[0][1] += value
        ht += value
    for row in breakdown:
        row[2] = money(row[1] * Decimal(row[0]) / 100)
    tva = sum((row[2] for row in breakdown), Decimal(0))
    outside = []
    if rng.random() < 0.25:
        outside.append(
            (
                _part(ctx, "outside"),
                money(
                    Decimal(rng.choice([200, 1600, 2500, rng.randint(500, 15000)]))
                    / 100
                )
                * sign,
            )
        )
    grand = ht + tva + sum((v for _l, v in outside), Decimal(0))
    ctx["ht"], ctx["tva"], ctx["breakdown"] = ht, tva, [tuple(row) for row in breakdown]
    ctx["k_grand"], ctx["k_due"] = grand, grand
    noun = _part(ctx, "noun")
    if ctx["discount_pct"]:
        rows.append((_label(ctx, _part(ctx, "sub")), ctx["gross"], False))
        pct = (
            f"{ctx['discount_pct']} %"
            if lang in ("fr", "de")
            else f"{ctx['discount_pct']}%"
        )
        rows.append((_label(ctx, _part(ctx, "discount"), pct), -ctx["discount"], False))
    elif charges:
        rows.append((_label(ctx, _part(ctx, "sub")), goods, False))
    rows += [(_label(ctx, text), value, False) for text, value in charges]
    rows.append((_label(ctx, _ordered(ctx, noun, _part(ctx, "net"))), ht, False))
    tax_word = _part(ctx, "tax")
    if len(breakdown) > 1 and rng.random() < 0.6:
        for rate, _base, tax in ctx["breakdown"]:
            rows.append((_label(ctx, tax_word, _rate(ctx, rate)), tax, False))
        if rng.random() < 0.5:
            rows.append((_label(ctx, _part(ctx, "tax_noun"), tax_word), tva, False))
    elif len(breakdown) == 1 and rng.random() < 0.5:
        rows.append((_label(ctx, tax_word, _rate(ctx, breakdown[0][0])), tva, False))
    else:
        rows.append((_label(ctx, _part(ctx, "tax_noun"), tax_word), tva, False))
    rows += [(_label(ctx, text), value, False) for text, value in outside]
    rows.append((_label(ctx, _ordered(ctx, noun, _part(ctx, "gross"))), grand, True))
    due = grand
    if not ctx["credit"] and rng.random() < 0.25:  # a deposit or a payment already made
        paid = money(grand * Decimal(rng.choice(["0.2", "0.3", "0.5"])))
        rows.append((_label(ctx, _part(ctx, "paid")), -paid, False))
        due = grand - paid
        rows.append((_label(ctx, _part(ctx, "due")), due, True))
    elif rng.random() < 0.12 and (grand * 20) % 1:  # rounded to 5 cents
        rounded = (grand * 20).quantize(Decimal(1)) / 20
        rows.append((_label(ctx, _part(ctx, "rounding")), rounded - grand, False))
        due = money(rounded)
        rows.append((_label(ctx, _part(ctx, "due")), due, True))
    ctx["k_due"] = due
    return rows


def _included(ctx: dict) -> list[tuple[str, Decimal, bool]]:
    """A « VAT included » page: the grand total first, then « of which VAT » (and the net, sometimes)."""
    rng = _r(ctx)
    ctx["k_grand"] = ctx["k_due"] = ctx["ttc"]
    rows = [
        (
            _label(ctx, _ordered(ctx, _part(ctx, "noun"), _part(ctx, "gross"))),
            ctx["ttc"],
            True,
        )
    ]
    if len(ctx["breakdown"]) > 1:
        rows += [
            (_label(ctx, _part(ctx, "incl"), _rate(ctx, rate)), tax, False)
            for rate, _b, tax in ctx["breakdown"]
        ]
    else:
        rows.append(
            (
                _label(
                    ctx,
                    _part(ctx, "incl"),
                    _rate(ctx, ctx["breakdown"][0][0]) if rng.random() < 0.6 else "",
                ),
                ctx["tva"],
                False,
            )
        )
    if rng.random() < 0.6:
        rows.append(
            (
                _label(ctx, _ordered(ctx, _part(ctx, "noun"), _part(ctx, "net"))),
                ctx["ht"],
                False,
            )
        )
    return rows


def _as_rows(ctx: dict, rows: list[tuple[str, Decimal, bool]]) -> str:
    body = "".join(
        f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{_m(ctx, value)}</td></tr>'
        for label, value, strong in rows
    )
    return f'<table class="tot">{body}</table>'


def _as_grid(ctx: dict, rows: list[tuple[str, Decimal, bool]]) -> str:
    """Labels in one row, the amounts in the row below, column by column."""
    head = "".join(f"<th class='n'>{_e(label)}</th>" for label, _v, _s in rows)
    cells = "".join(
        f"<td class='n{' strong' if strong else ''}'>{_m(ctx, value, False)}</td>"
        for _l, value, strong in rows
    )
    return f'<table class="lines" style="margin-top:4mm"><tr>{head}</tr><tr>{cells}</tr></table>'


def _as_currencies(ctx: dict, rows: list[tuple[str, Decimal, bool]]) -> str:
    """The invoice's euros, and a second currency's column beside them (its rate said under the table)."""
    code, rate = _r(ctx).choice(SECOND)
    head = f"<tr><th></th><th class='n'>EUR</th><th class='n'>{code}</th></tr>"
    body = "".join(
        f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{_m(ctx, value, False)}</td>'
        f'<td class="n">{_m(ctx, money(value * rate), False)}</td></tr>'
        for label, value, strong in rows
    )
    note = f"<p class='muted'>1 EUR = {_e(str(rate).replace('.', ',') if ctx['language'] != 'en' else rate)} {code}</p>"
    return f'<table class="tot">{head}{body}</table>{note}'


def _as_sentence(ctx: dict, rows: list[tuple[str, Decimal, bool]]) -> str:
    """The totals said in a sentence, after the rows (the grand total) or alone (net, VAT and grand total)."""
    rng = _r(ctx)
    plain = (
        len(rows) == 3 and rng.random() < 0.5
    )  # net, VAT, grand total only: the sentence alone
    if plain:
        text = _part(ctx, "sentence_all").format(
            _m(ctx, ctx["ht"]), _m(ctx, ctx["tva"]), _m(ctx, ctx["k_grand"])
        )
        return f"<p style='margin-top:4mm'>{text}</p>"
    text = _part(ctx, "sentence_gross").format(_m(ctx, ctx["k_grand"]))
    return f"{_as_rows(ctx, rows)}<p style='margin-top:3mm'>{text}</p>"


def _layout_totaux(ctx: dict) -> str:
    """Header, buyer, lines, then the totals composed and printed in a shape drawn."""
    rng = _r(ctx)
    ctx["breakdown"] = [row for row in ctx["breakdown"] if row[1]]
    ctx["deposit"] = None  # the family's deposit: this layout draws its own
    included = not ctx["credit"] and not ctx["discount_pct"] and rng.random() < 0.15
    rows = _included(ctx) if included else _compute(ctx)
    shape = rng.choice(SHAPES)
    ctx["k_shape"] = "included" if included else shape
    block = {
        "grid": _as_grid,
        "sentence": _as_sentence,
        "currencies": _as_currencies,
    }.get(shape, _as_rows)(ctx, rows)
    pairs = _meta(ctx, extras=rng.random() < 0.5)
    meta = _pairs_box(ctx, "", pairs)
    buyer = _buyer_block(ctx, label=rng.random() < 0.6)
    return (
        f'{_header(ctx, ctx["title"], meta)}<div style="margin:4mm 0 0 95mm">{buyer}</div>'
        f"{_line_table(ctx)}{block}{_mentions(ctx)}{_bank(ctx)}"
    )


blind.RENDER.update({"totaux_compose": _layout_totaux})
