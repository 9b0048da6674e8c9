"""Totals printed in ways the first totals family left open (issue 13, branch totals2-13f): blind seeds 107000–107999.

Drawn for seeds TOTALS2_FROM to TOTALS2_TO (``invoice_generator_blind.make_invoice`` reaches :func:`make_invoice` by a
lazy import); seeds from HOLDOUT_FROM on are this module's hold-out (measured, their misses never read). The invoice
is the blind family's for the seed's draws (lines, rates, discount, credit note), its totals block printed by one of
these layouts (drawn with :func:`invoice_generator_blind.module_draw`, French first):

- ``t2_devises_ligne``: each total row prints its amount in the invoice's currency and in a second one, on the same
  line, each amount with its code or sign; the second currency's amount first on some pages;
- ``t2_devises_colonnes``: the totals as a grid of a label column and two currency columns headed by their codes, the
  converted column left or right of the invoice's;
- ``t2_sans_tva``: no VAT charged (small business franchise, exemption, reverse charge): « subtotal + 0,00 =
  subtotal » written as a sum, or rows whose VAT is 0,00, and the reason said under them;
- ``t2_tva_incluse``: prices VAT included: the grand total first, « of which VAT », then the net last (on the
  grand total's line in brackets, or on rows of their own);
- ``t2_paiement_libre``: a payment already made printed under the grand total under a label of its own (a transfer,
  a cheque, a card payment, with its date or reference), then what is left to pay under a label that may be
  unusual.

The truth: net, VAT and grand total in the invoice's currency (EUR); the amount due what is left after a payment.
"""

from __future__ import annotations

import random
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator import money
from invoice_generator_blind import _bank, _buyer_block, _e, _m, _meta
from invoice_generator_blind_totals import PARTS
from invoice_generator_blind_trades import _header, _pairs_box
from invoice_generator_blind_vat import _line_table, _rate

TOTALS2_FROM = 107_000
TOTALS2_TO = 108_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 107_750
LAYOUTS = ("t2_devises_ligne", "t2_devises_colonnes", "t2_sans_tva", "t2_tva_incluse", "t2_paiement_libre")
WEIGHTS = (0.4, 0.15, 0.15, 0.15, 0.15)
#: A second currency and how many of it one euro buys.
SECOND = (
    ("CHF", Decimal("0.9387")),
    ("USD", Decimal("1.0764")),
    ("GBP", Decimal("0.8419")),
    ("XOF", Decimal("655.957")),
    ("MAD", Decimal("10.873")),
    ("SEK", Decimal("11.214")),
)

#: Words of each language this module adds to the totals family's :data:`PARTS`.
WORDS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "converted": ["Contre-valeur", "Équivalent", "Pour information", "Montant converti"],
        "rate_note": ["Taux de conversion appliqué : 1 EUR = {} {}", "Cours du jour : 1 EUR = {} {}"],
        "currency": ["Devise", "Monnaie de facturation"],
        "no_vat": [
            "TVA non applicable, art. 293 B du CGI",
            "Exonération de TVA, article 261 du CGI",
            "Autoliquidation : TVA due par le preneur, art. 283-2 du CGI",
            "Livraison intracommunautaire exonérée, art. 262 ter I du CGI",
        ],
        "payment": [
            "Votre virement du {}",
            "Chèque n° {} encaissé",
            "Règlement par carte le {}",
            "Versement reçu le {}",
            "Prélèvement du {}",
        ],
        "left": ["Solde", "Reste", "Différence à régler", "Montant restant", "Encore à verser"],
        "net_after": ["soit HT", "Base HT", "Valeur hors taxes"],
    },
    "en": {
        "converted": ["Equivalent", "For information", "Converted amount"],
        "rate_note": ["Exchange rate used: 1 EUR = {} {}", "Conversion at 1 EUR = {} {}"],
        "currency": ["Currency", "Invoice currency"],
        "no_vat": [
            "Customer to account for the VAT (reverse charge)",
            "Exempt supply, no VAT charged",
            "Zero-rated intra-community supply",
        ],
        "payment": [
            "Your transfer of {}",
            "Cheque no. {} received",
            "Card payment on {}",
            "Received with thanks {}",
        ],
        "left": ["Balance", "Remaining", "Left to settle", "Outstanding"],
        "net_after": ["Net value", "Value net of VAT", "Price before VAT"],
    },
    "de": {
        "converted": ["Gegenwert", "Zur Information", "Umgerechnet"],
        "rate_note": ["Umrechnungskurs: 1 EUR = {} {}", "Kurs: 1 EUR = {} {}"],
        "currency": ["Währung", "Rechnungswährung"],
        "no_vat": [
            "Kein Ausweis der Umsatzsteuer (Kleinunternehmerregelung, § 19 UStG)",
            "Steuerschuldnerschaft des Leistungsempfängers",
            "Steuerfreie innergemeinschaftliche Lieferung",
        ],
        "payment": [
            "Ihre Überweisung vom {}",
            "Scheck Nr. {} eingelöst",
            "Kartenzahlung am {}",
            "Zahlungseingang {}",
        ],
        "left": ["Rest", "Saldo", "Differenz", "Verbleibend"],
        "net_after": ["Nettowert", "Netto", "Entgelt netto"],
    },
    "es": {
        "converted": ["Contravalor", "A título informativo", "Importe convertido"],
        "rate_note": ["Tipo de cambio aplicado: 1 EUR = {} {}", "Cambio: 1 EUR = {} {}"],
        "currency": ["Moneda", "Divisa"],
        "no_vat": [
            "Operación exenta de IVA, art. 20 LIVA",
            "Inversión del sujeto pasivo",
            "Entrega intracomunitaria exenta, art. 25 LIVA",
        ],
        "payment": [
            "Su transferencia del {}",
            "Cheque n.º {} cobrado",
            "Pago con tarjeta el {}",
            "Cobrado el {}",
        ],
        "left": ["Resto", "Saldo", "Diferencia", "Queda por abonar"],
        "net_after": ["Valor neto", "Neto", "Base"],
    },
    "it": {
        "converted": ["Controvalore", "A titolo informativo", "Importo convertito"],
        "rate_note": ["Cambio applicato: 1 EUR = {} {}", "Tasso di cambio: 1 EUR = {} {}"],
        "currency": ["Valuta", "Divisa"],
        "no_vat": [
            "Operazione in regime forfettario, art. 1 c. 54-89 L. 190/2014",
            "Inversione contabile, art. 17 c. 6 DPR 633/72",
            "Operazione non imponibile art. 41 DL 331/93",
        ],
        "payment": [
            "Vs. bonifico del {}",
            "Assegno n. {} incassato",
            "Pagamento con carta il {}",
            "Incassato il {}",
        ],
        "left": ["Resta", "Saldo", "Differenza", "Rimanenza"],
        "net_after": ["Valore netto", "Netto", "Corrispettivo netto"],
    },
}


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [TOTALS2_FROM, TOTALS2_TO)): the family's draws rendered by a layout of this module;
    the truth's totals, rates and amount due follow what the layout printed."""
    layout, language = blind.module_draw("totals2", seed, LAYOUTS, WEIGHTS)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.total_without_tax, truth.total_tax = str(ctx["ht"]), str(ctx["tva"])
    truth.total_with_tax = str(ctx["ttc"])
    truth.vat_rates = [rate for rate, _base, _tax in ctx["breakdown"]]
    truth.amount_due = str(ctx["t2_due"]) if ctx.get("t2_due") is not None else None
    return invoice


def _r(ctx: dict) -> random.Random:
    if "t2_rng" not in ctx:
        ctx["t2_rng"] = random.Random(f"blind-totals2-render-{ctx['number']}-{ctx['issue']}")
    return ctx["t2_rng"]


def _word(ctx: dict, key: str) -> str:
    table = WORDS if key in WORDS["fr"] else PARTS
    return _r(ctx).choice(table[ctx["language"]][key])


def _cased(ctx: dict, text: str, *, colon: bool = True) -> str:
    """The page's casing and colon after a label (drawn once per page)."""
    rng = _r(ctx)
    case = ctx.setdefault("t2_case", rng.choice(["as", "as", "upper"]))
    sign = ctx.setdefault("t2_colon", rng.choice(["", "", " :" if ctx["language"] == "fr" else ":"]))
    return f"{text.upper() if case == 'upper' else text}{sign if colon else ''}"


def _total_rows(ctx: dict) -> list[tuple[str, Decimal, bool]]:
    """(label, amount, strong) of the usual totals: the discount when one, net, VAT (one row or one per rate), gross."""
    rows = []
    if ctx["discount_pct"]:
        rows.append((_cased(ctx, _word(ctx, "sub")), ctx["gross"], False))
        rows.append((_cased(ctx, f"{_word(ctx, 'discount')} {ctx['discount_pct']} %"), -ctx["discount"], False))
    noun = _word(ctx, "noun")
    rows.append((_cased(ctx, f"{noun} {_word(ctx, 'net')}"), ctx["ht"], False))
    tax = _word(ctx, "tax")
    if len(ctx["breakdown"]) > 1 and _r(ctx).random() < 0.5:
        rows += [(_cased(ctx, f"{tax} {_rate(ctx, rate)}"), amount, False) for rate, _b, amount in ctx["breakdown"]]
    else:
        rows.append((_cased(ctx, f"{_word(ctx, 'tax_noun')} {tax}"), ctx["tva"], False))
    rows.append((_cased(ctx, f"{noun} {_word(ctx, 'gross')}"), ctx["ttc"], True))
    return rows


def _second(ctx: dict) -> tuple[str, Decimal]:
    return ctx.setdefault("t2_second", _r(ctx).choice(SECOND))


def _rate_note(ctx: dict) -> str:
    code, rate = _second(ctx)
    shown = str(rate) if ctx["language"] == "en" else str(rate).replace(".", ",")
    return f"<p class='muted'>{_e(_word(ctx, 'rate_note').format(shown, code))}</p>"


def _coded(ctx: dict, value: Decimal, code: str) -> str:
    """An amount with its currency's code before or after it (drawn once per page)."""
    before = ctx.setdefault("t2_code_before", _r(ctx).random() < 0.3)
    text = _m(ctx, value, False)
    return f"{code} {text}" if before else f"{text} {code}"


def _layout_devises_ligne(ctx: dict) -> str:
    """Each total in both currencies on its line: « Total TTC  1 234,00 EUR  1 325,50 CHF », or the second first, or the
    second in brackets after the invoice's."""
    rng = _r(ctx)
    code, rate = _second(ctx)
    shape = rng.choice(["own_first", "own_first", "second_first", "brackets"])
    body = ""
    for label, value, strong in _total_rows(ctx):
        own, other = _coded(ctx, value, "EUR"), _coded(ctx, money(value * rate), code)
        if shape == "brackets":
            cells = f"<td class='n'>{_e(own)}</td><td class='n muted'>({_e(other)})</td>"
        elif shape == "second_first":
            cells = f"<td class='n muted'>{_e(other)}</td><td class='n'>{_e(own)}</td>"
        else:
            cells = f"<td class='n'>{_e(own)}</td><td class='n muted'>{_e(other)}</td>"
        body += f"<tr class='{'strong' if strong else ''}'><td>{_e(label)}</td>{cells}</tr>"
    block = f"<table class='tot' style='margin-top:4mm'>{body}</table>{_rate_note(ctx) if rng.random() < 0.7 else ''}"
    return _page(ctx, block)


def _layout_devises_colonnes(ctx: dict) -> str:
    """The totals as a grid: a label column, then the invoice's currency and the converted one, their codes heading the
    columns (the converted one left on some pages)."""
    rng = _r(ctx)
    code, rate = _second(ctx)
    own_left = rng.random() < 0.6
    heads = ["EUR", f"{_word(ctx, 'converted')} {code}" if rng.random() < 0.5 else code]
    heads = heads if own_left else heads[::-1]
    head = "<tr><th></th>" + "".join(f"<th class='n'>{_e(h)}</th>" for h in heads) + "</tr>"
    body = ""
    for label, value, strong in _total_rows(ctx):
        pair = [_m(ctx, value, False), _m(ctx, money(value * rate), False)]
        pair = pair if own_left else pair[::-1]
        body += (f"<tr class='{'strong' if strong else ''}'><td>{_e(label)}</td>"
                 + "".join(f"<td class='n'>{p}</td>" for p in pair) + "</tr>")
    return _page(ctx, f"<table class='tot' style='margin-top:4mm'>{head}{body}</table>{_rate_note(ctx)}")


def _no_vat(ctx: dict) -> None:
    """The invoice's VAT taken off: every line at 0 %, the grand total the net."""
    for line in ctx["lines"]:
        line["rate"] = "0"
    ctx["breakdown"] = [("0", ctx["ht"], Decimal("0.00"))]
    ctx["tva"], ctx["ttc"] = Decimal("0.00"), ctx["ht"]


def _layout_sans_tva(ctx: dict) -> str:
    """No VAT: « subtotal + 0,00 = subtotal » as a sum on one line, or the rows with a VAT of 0,00; the reason said."""
    rng = _r(ctx)
    _no_vat(ctx)
    shape = rng.choice(["sum", "sum", "rows", "rows_rate"])
    tax = _word(ctx, "tax")
    if shape == "sum":
        net = _m(ctx, ctx["ht"])
        named = rng.random() < 0.5
        text = (f"{_word(ctx, 'noun')} {_word(ctx, 'net')} {net} + {tax} {_m(ctx, Decimal(0))} = "
                f"{_word(ctx, 'noun')} {_word(ctx, 'gross')} {net}" if named
                else f"{net} + {_m(ctx, Decimal(0))} = {net}")
        head = "" if named else (f"<p class='muted'>{_e(_word(ctx, 'noun'))} {_e(_word(ctx, 'net'))} + {_e(tax)} = "
                                 f"{_e(_word(ctx, 'noun'))} {_e(_word(ctx, 'gross'))}</p>")
        block = f"{head}<p class='strong' style='margin-top:2mm'>{_e(text)}</p>"
    else:
        rows = [(_cased(ctx, f"{_word(ctx, 'noun')} {_word(ctx, 'net')}"), ctx["ht"], False),
                (_cased(ctx, f"{tax} {_rate(ctx, '0')}" if shape == "rows_rate" else f"{_word(ctx, 'tax_noun')} {tax}"),
                 Decimal(0), False),
                (_cased(ctx, f"{_word(ctx, 'noun')} {_word(ctx, 'gross')}"), ctx["ttc"], True)]
        block = _rows_table(ctx, rows)
    block += f"<p class='muted'>{_e(_word(ctx, 'no_vat'))}</p>"
    return _page(ctx, block)


def _layout_tva_incluse(ctx: dict) -> str:
    """Prices VAT included: the grand total, « of which VAT », the net last; on one line in brackets or on rows."""
    rng = _r(ctx)
    gross = f"{_word(ctx, 'noun')} {_word(ctx, 'gross')}"
    incl = _word(ctx, "incl")
    single = len(ctx["breakdown"]) == 1
    net_label = _word(ctx, "net_after")
    if rng.random() < 0.5:
        vat = (f"{incl} {_rate(ctx, ctx['breakdown'][0][0])} {_m(ctx, ctx['tva'])}" if single
               else f"{incl} {_m(ctx, ctx['tva'])}")
        text = f"{gross} {_m(ctx, ctx['ttc'])} ({vat}, {net_label} {_m(ctx, ctx['ht'])})"
        block = f"<p class='strong' style='margin-top:4mm'>{_e(_cased(ctx, text, colon=False))}</p>"
    else:
        rows = [(_cased(ctx, gross), ctx["ttc"], True)]
        if single:
            rows.append((_cased(ctx, f"{incl} {_rate(ctx, ctx['breakdown'][0][0])}"), ctx["tva"], False))
        else:
            rows += [(_cased(ctx, f"{incl} {_rate(ctx, rate)}"), tax, False) for rate, _b, tax in ctx["breakdown"]]
        rows.append((_cased(ctx, net_label), ctx["ht"], False))
        block = _rows_table(ctx, rows)
    return _page(ctx, block)


def _layout_paiement_libre(ctx: dict) -> str:
    """The totals, then a payment already made under a label of its own (a transfer, a cheque, a card, its date or
    reference), then what is left to pay."""
    rng = _r(ctx)
    rows = _total_rows(ctx)
    if not ctx["credit"] and ctx["ttc"] > 0:
        paid = money(ctx["ttc"] * Decimal(rng.choice(["0.2", "0.25", "0.3", "0.4", "0.5"])))
        reference = ctx["issue_num"] if rng.random() < 0.6 else f"{rng.randint(1000000, 9999999)}"
        rows.append((_cased(ctx, _word(ctx, "payment").format(reference)), -paid if rng.random() < 0.7 else paid, False))
        left = _word(ctx, "left") if rng.random() < 0.7 else _word(ctx, "due")
        rows.append((_cased(ctx, left), ctx["ttc"] - paid, True))
        ctx["t2_due"] = ctx["ttc"] - paid
    block = _rows_table(ctx, rows)
    return _page(ctx, block)


def _rows_table(ctx: dict, rows: list[tuple[str, Decimal, bool]]) -> str:
    """The totals' rows as a table of a label and an amount each (the strong ones in bold)."""
    body = "".join(f"<tr class='{'strong' if strong else ''}'><td>{_e(label)}</td><td class='n'>{_m(ctx, value)}</td></tr>"
                   for label, value, strong in rows)
    return f"<table class='tot' style='margin-top:4mm'>{body}</table>"


def _page(ctx: dict, block: str) -> str:
    """Header, buyer, lines, the totals block, the bank."""
    rng = _r(ctx)
    ctx["deposit"] = None  # the family's deposit: these layouts print their own payments
    pairs = _meta(ctx, extras=rng.random() < 0.5)
    if rng.random() < 0.4:
        pairs.append((_word(ctx, "currency"), "EUR"))
    buyer = _buyer_block(ctx, label=rng.random() < 0.6)
    return (f'{_header(ctx, ctx["title"], _pairs_box(ctx, "", pairs))}<div style="margin:4mm 0 0 95mm">{buyer}</div>'
            f"{_line_table(ctx)}{block}{_bank(ctx)}")


blind.RENDER.update({
    "t2_devises_ligne": _layout_devises_ligne,
    "t2_devises_colonnes": _layout_devises_colonnes,
    "t2_sans_tva": _layout_sans_tva,
    "t2_tva_incluse": _layout_tva_incluse,
    "t2_paiement_libre": _layout_paiement_libre,
})
