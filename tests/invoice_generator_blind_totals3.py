"""Totals and parties the earlier totals families left open (issue 13, branch totals3-13g): blind seeds 104000–104999.

Drawn for seeds TOTALS3_FROM to TOTALS3_TO (``invoice_generator_blind.make_invoice`` reaches :func:`make_invoice` by a
lazy import); seeds from HOLDOUT_FROM on are this module's hold-out (measured, their misses never read). The invoice
is the blind family's for the seed's draws (seller, buyer, lines), its page printed by one of these layouts (drawn
with :func:`invoice_generator_blind.module_draw`, French about half of the time):

- ``t3_reste``: a deposit or a payment printed POSITIVE under the grand total (« Acompte versé 300,00 »), then what is
  left under a balance label (« Reste à payer », « Restbetrag », « Balance due »): gross − paid = due;
- ``t3_ligne_zero``: one line or more at 0 % VAT among taxed ones, the breakdown listing the taxed rates only (the
  net total holds the 0 % lines, the VAT does not);
- ``t3_franchise``: a small business that charges no VAT (« TVA non applicable, art. 293 B du CGI », « Gemäß § 19
  UStG wird keine Umsatzsteuer berechnet »): one total, or a net and a gross that are equal, or a VAT row of 0,00;
- ``t3_affacture``: a factored invoice: the factor (« AFFACTUREUR », « Factor », the subrogation clause) named as the
  payee with its own identifiers and bank account; the seller stays the seller;
- ``t3_gln``: the page's references carry GLN / GTIN / EAN-13 numbers (a valid check digit) beside the invoice's
  number, which may stand on the title's line (« FACTURE N° … »).

The truth: net, VAT and gross as printed; the amount due what is left after a payment; the IBAN the payee's.
"""

from __future__ import annotations

import random
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator import grouped, money
from invoice_generator_blind import _bank, _buyer_block, _e, _m, _mentions, _meta, _qty
from invoice_generator_blind_totals import PARTS
from invoice_generator_blind_trades import _header, _pairs_box
from invoice_generator_blind_vat import _line_table, _rate

TOTALS3_FROM = 104_000
TOTALS3_TO = 105_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 104_750
LAYOUTS = ("t3_reste", "t3_ligne_zero", "t3_franchise", "t3_affacture", "t3_gln")
#: French about half, the others alike.
WEIGHTS = (4, 1, 1, 1, 1)

#: Words of each language, as invoicing programs print them (Dolibarr, Odoo, Invoice Ninja, the law's mentions).
WORDS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "paid": ["Acompte versé", "Déjà réglé", "Montant réglé", "Acompte", "Règlements reçus", "Paiement reçu"],
        "rest": ["Reste à payer", "Solde restant dû", "Reste dû", "Solde à payer", "Montant restant à payer"],
        "franchise": ["TVA non applicable, art. 293 B du CGI", "TVA non applicable - article 293 B du CGI",
                      "Franchise en base de TVA : TVA non applicable, art. 293 B du CGI"],
        "total": ["Total", "Montant total", "Total à payer", "Net à payer"],
        "zero_goods": ["Formation professionnelle (exonérée)", "Timbres-poste", "Frais de dossier exonérés",
                       "Livre scolaire export", "Cotisation annuelle"],
        "factor_head": ["Bénéficiaire - AFFACTUREUR", "AFFACTUREUR", "Affacturage", "Règlement à l'ordre de"],
        "factor_clause": [
            "Pour être libératoire, votre règlement doit être effectué directement à l'ordre de {f}, qui le reçoit "
            "par subrogation dans le cadre d'un contrat d'affacturage.",
            "MENTION SUBROGATION : cette créance a été transférée à {f} dans le cadre d'un contrat d'affacturage. "
            "Seul un paiement à {f} est libératoire.",
        ],
        "name": ["NOM :", "Nom :", ""],
        "gln": ["GLN :", "GLN", "Code GLN :", "EAN :", "GTIN :"],
        "gln_of": ["GLN fournisseur", "GLN client", "GLN livraison", "Code EAN de l'article", "GLN acheteur"],
        "title_no": ["FACTURE N°", "Facture n°", "FACTURE N°"],
    },
    "en": {
        "paid": ["Amount paid", "Deposit received", "Paid to date", "Payment received", "Less deposit"],
        "rest": ["Balance due", "Balance", "Amount due", "Outstanding balance", "Remaining balance"],
        "franchise": ["Not registered for VAT: no VAT charged", "No VAT charged: the supplier is not VAT registered"],
        "total": ["Total", "Invoice total", "Total amount", "Total due"],
        "zero_goods": ["Books (zero-rated)", "Printed matter (zero-rated)", "Postage stamps", "Children's clothing",
                       "Exempt training course"],
        "factor_head": ["Payee - FACTOR", "FACTOR", "Payment to", "Assigned to"],
        "factor_clause": [
            "This invoice has been assigned to {f}. Payment must be made directly to {f}, who alone can give a "
            "valid discharge.",
            "The debt has been sold and assigned to {f} under a factoring agreement: please pay {f} only.",
        ],
        "name": ["Name:", ""],
        "gln": ["GLN:", "GLN", "EAN:", "GTIN:", "Global Location Number:"],
        "gln_of": ["Supplier GLN", "Buyer GLN", "Delivery GLN", "Item EAN", "Ship-to GLN"],
        "title_no": ["INVOICE No.", "Invoice no.", "INVOICE #"],
    },
    "de": {
        "paid": ["Anzahlung", "Bereits bezahlt", "Erhaltene Anzahlung", "Geleistete Zahlung", "Abschlag erhalten"],
        "rest": ["Restbetrag", "Offener Betrag", "Noch zu zahlen", "Restzahlung", "Restsumme"],
        "franchise": ["Als Kleinunternehmer im Sinne von § 19 Abs. 1 UStG wird keine Umsatzsteuer berechnet.",
                      "Im Sinne der Kleinunternehmerregelung nach § 19 UStG enthält der ausgewiesene Betrag keine "
                      "Umsatzsteuer.",
                      "Kein Ausweis der Umsatzsteuer aufgrund der Anwendung der Kleinunternehmerregelung gemäß § 19 "
                      "UStG."],
        "total": ["Gesamtbetrag", "Rechnungsbetrag", "Summe", "Gesamt", "Zu zahlen"],
        "zero_goods": ["Porto", "Briefmarken", "Steuerfreie Schulung", "Versicherungsleistung", "Mitgliedsbeitrag"],
        "factor_head": ["Zahlungsempfänger (Factor)", "FACTOR", "Factoring", "Zahlbar an"],
        "factor_clause": [
            "Die Forderung aus dieser Rechnung wurde im Rahmen eines Factoringvertrages an die {f} abgetreten. "
            "Zahlungen mit schuldbefreiender Wirkung können nur an die {f} geleistet werden.",
            "Wir haben unsere Forderungen an {f} verkauft und abgetreten: bitte zahlen Sie nur an {f}.",
        ],
        "name": ["Name:", "Firma:", ""],
        "gln": ["GLN:", "GLN", "ILN:", "EAN:", "GTIN:"],
        "gln_of": ["GLN Lieferant", "GLN Rechnungsempfänger", "GLN Lieferanschrift", "EAN Artikel", "ILN Kunde"],
        "title_no": ["RECHNUNG Nr.", "Rechnung Nr.", "RECHNUNG NR."],
    },
    "es": {
        "paid": ["Anticipo", "Pagado", "Importe pagado", "Entrega a cuenta", "Cobrado"],
        "rest": ["Pendiente de pago", "Importe pendiente", "Resto a pagar", "Saldo pendiente", "Total pendiente"],
        "franchise": ["Operación exenta de IVA en virtud del artículo 20 de la Ley 37/1992",
                      "Factura sin IVA: régimen de franquicia del IVA"],
        "total": ["Total", "Total factura", "Importe total", "Total a pagar"],
        "zero_goods": ["Servicio de formación exento", "Sellos de correos", "Seguro", "Cuota de socio",
                       "Servicio médico exento"],
        "factor_head": ["Beneficiario - FACTOR", "FACTORING", "Cesionario", "Pagar a"],
        "factor_clause": [
            "Esta factura ha sido cedida a {f} en virtud de un contrato de factoring. El pago deberá efectuarse "
            "exclusivamente a {f}.",
            "Crédito cedido a {f}: solo el pago a {f} será liberatorio.",
        ],
        "name": ["Nombre:", "Razón social:", ""],
        "gln": ["GLN:", "GLN", "EAN:", "GTIN:", "Código GLN:"],
        "gln_of": ["GLN proveedor", "GLN cliente", "GLN entrega", "EAN artículo", "GLN comprador"],
        "title_no": ["FACTURA Nº", "Factura n.º", "FACTURA N.º"],
    },
    "it": {
        "paid": ["Acconto", "Già pagato", "Acconto versato", "Pagamento ricevuto", "Anticipo"],
        "rest": ["Da pagare", "Residuo da pagare", "Saldo da pagare", "Importo residuo", "Restante da saldare"],
        "franchise": ["Operazione effettuata ai sensi dell'art. 1, commi da 54 a 89, Legge n. 190/2014 (regime "
                      "forfettario): operazione senza applicazione dell'IVA",
                      "Operazione in franchigia da IVA, regime forfettario"],
        "total": ["Totale", "Totale documento", "Totale fattura", "Netto a pagare"],
        "zero_goods": ["Bollo (esente art. 15)", "Corso di formazione esente", "Spese postali", "Quota associativa",
                       "Prestazione sanitaria esente"],
        "factor_head": ["Beneficiario - FACTOR", "FACTOR", "Cessionario", "Pagamento a favore di"],
        "factor_clause": [
            "Il credito relativo alla presente fattura è stato ceduto a {f} (factoring). Il pagamento dovrà essere "
            "effettuato esclusivamente a favore di {f}.",
            "Credito ceduto pro soluto a {f}: solo il pagamento a {f} è liberatorio.",
        ],
        "name": ["Ragione sociale:", "Nome:", ""],
        "gln": ["GLN:", "GLN", "EAN:", "GTIN:", "Codice GLN:"],
        "gln_of": ["GLN fornitore", "GLN cliente", "GLN consegna", "EAN articolo", "GLN destinatario"],
        "title_no": ["FATTURA N.", "Fattura n.", "FATTURA N°"],
    },
}
#: A factor's name: a stem and what follows it.
FACTOR_STEMS = ["Crédit Industriel", "Eurocréances", "Atlantique", "Nordfinanz", "Alpen", "Iberfactor", "Mediofin",
                "Centrale", "Premier", "Unico", "Hanse", "Sud Ouest"]
FACTOR_FORMS = {
    "fr": ["Affacturage SA", "Factor SAS", "Financement SA", "Factoring"],
    "en": ["Factors Ltd", "Invoice Finance Ltd", "Factoring plc"],
    "de": ["Factoring GmbH", "Factor AG", "Finanz GmbH"],
    "es": ["Factoring S.A.", "Financiación S.L.", "Factor S.A."],
    "it": ["Factoring S.p.A.", "Factor S.r.l.", "Finanziaria S.p.A."],
}
#: The first digits of a GS1 prefix of each language's country.
GS1 = {"fr": ["30", "31", "35", "37"], "en": ["50", "539"], "de": ["40", "41", "42", "43"], "es": ["84"],
       "it": ["80", "81", "83"]}


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [TOTALS3_FROM, TOTALS3_TO)): the family's draws rendered by a layout of this
    module; the truth's totals, rates, amount due and IBAN follow what the layout printed."""
    layout, language = blind.module_draw("totals3", seed, LAYOUTS, WEIGHTS)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.total_without_tax, truth.total_tax = str(ctx["ht"]), str(ctx["tva"])
    truth.total_with_tax = str(ctx["ttc"])
    truth.vat_rates = sorted({line["rate"] for line in ctx["lines"]})
    truth.amount_due = str(ctx["t3_due"]) if ctx.get("t3_due") is not None else None
    if ctx.get("t3_no_vat_id"):
        truth.seller_vat_id = None
    if ctx.get("t3_iban"):
        truth.iban = ctx["t3_iban"]
    return invoice


def _r(ctx: dict) -> random.Random:
    if "t3_rng" not in ctx:
        ctx["t3_rng"] = random.Random(f"blind-totals3-render-{ctx['number']}-{ctx['issue']}")
    return ctx["t3_rng"]


def _word(ctx: dict, key: str) -> str:
    table = WORDS if key in WORDS["fr"] else PARTS
    return _r(ctx).choice(table[ctx["language"]][key])


def _cased(ctx: dict, text: str) -> str:
    """The page's casing and colon after a label (drawn once per page)."""
    rng = _r(ctx)
    case = ctx.setdefault("t3_case", rng.choice(["as", "as", "upper"]))
    sign = ctx.setdefault("t3_colon", rng.choice(["", "", " :" if ctx["language"] == "fr" else ":"]))
    return f"{text.upper() if case == 'upper' else text}{sign}"


def _retotal(ctx: dict) -> None:
    """Net, breakdown, VAT and gross from the lines again (no discount)."""
    ctx["discount_pct"], ctx["discount"] = None, Decimal(0)
    ctx["gross"] = sum((line["amount"] for line in ctx["lines"]), Decimal(0))
    rates = sorted({line["rate"] for line in ctx["lines"]}, key=Decimal, reverse=True)
    ctx["breakdown"] = []
    for rate in rates:
        base = sum((line["amount"] for line in ctx["lines"] if line["rate"] == rate), Decimal(0))
        ctx["breakdown"].append((rate, base, money(base * Decimal(rate) / 100)))
    ctx["ht"] = ctx["gross"]
    ctx["tva"] = sum((tax for _r, _b, tax in ctx["breakdown"]), Decimal(0))
    ctx["ttc"] = ctx["ht"] + ctx["tva"]


def _total_rows(ctx: dict) -> list[tuple[str, Decimal, bool]]:
    """(label, amount, strong) of the usual totals: the discount when one, net, VAT (one row or one per rate), gross."""
    rows = []
    if ctx["discount_pct"]:
        rows.append((_cased(ctx, _word(ctx, "sub")), ctx["gross"], False))
        rows.append((_cased(ctx, f"{_word(ctx, 'discount')} {ctx['discount_pct']} %"), -ctx["discount"], False))
    noun = _word(ctx, "noun")
    rows.append((_cased(ctx, f"{noun} {_word(ctx, 'net')}"), ctx["ht"], False))
    tax = _word(ctx, "tax")
    taxed = [row for row in ctx["breakdown"] if Decimal(row[0])]
    if len(taxed) > 1 and _r(ctx).random() < 0.5:
        rows += [(_cased(ctx, f"{tax} {_rate(ctx, rate)}"), amount, False) for rate, _b, amount in taxed]
    else:
        rows.append((_cased(ctx, f"{_word(ctx, 'tax_noun')} {tax}"), ctx["tva"], False))
    rows.append((_cased(ctx, f"{noun} {_word(ctx, 'gross')}"), ctx["ttc"], True))
    return rows


def _rows_table(ctx: dict, rows: list[tuple[str, Decimal, bool]]) -> str:
    body = "".join(f"<tr class='{'strong' if strong else ''}'><td>{_e(label)}</td><td class='n'>{_m(ctx, value)}</td></tr>"
                   for label, value, strong in rows)
    return f"<table class='tot' style='margin-top:4mm;margin-left:auto'>{body}</table>"


def _lines_with_rates(ctx: dict, *, rate_column: bool = True) -> str:
    """The lines with their rate column (« 0 % » on the untaxed ones) or without any."""
    labels = ctx["labels"]
    rng = _r(ctx)
    head = [rng.choice(labels["desc"]), rng.choice(labels["qty"]), rng.choice(labels["unit"])]
    head += [rng.choice(labels["rate_col"])] if rate_column else []
    head.append(rng.choice(labels["amount_col"]))
    rows = []
    for line in ctx["lines"]:
        cells = [_e(line["desc"]), _qty(ctx, line["qty"]), _m(ctx, line["unit"], False)]
        cells += [_rate(ctx, line["rate"])] if rate_column else []
        cells.append(_m(ctx, line["amount"], False))
        rows.append("<tr>" + "".join(f"<td{' class=n' if i else ''}>{c}</td>" for i, c in enumerate(cells)) + "</tr>")
    th = "".join(f"<th{' class=n' if i else ''}>{_e(h)}</th>" for i, h in enumerate(head))
    return f'<table class="lines"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _page(ctx: dict, block: str, *, lines: str | None = None, refs: list[tuple[str, str]] | None = None,
          bank: str | None = None, title: str | None = None) -> str:
    """Header (the references' box), buyer, lines, the totals block, the mentions, the bank."""
    rng = _r(ctx)
    ctx["deposit"] = None  # the family's deposit: these layouts print their own payments
    pairs = _meta(ctx, extras=rng.random() < 0.5) if refs is None else refs
    buyer = _buyer_block(ctx, label=rng.random() < 0.6)
    return (f'{_header(ctx, title or ctx["title"], _pairs_box(ctx, "", pairs))}'
            f'<div style="margin:4mm 0 0 95mm">{buyer}</div>{lines if lines is not None else _line_table(ctx)}'
            f"{block}{_mentions(ctx)}{_bank(ctx) if bank is None else bank}")


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def _layout_reste(ctx: dict) -> str:
    """The totals, a payment printed positive, what is left under a balance label."""
    rng = _r(ctx)
    rows = _total_rows(ctx)
    if not ctx["credit"] and ctx["ttc"] > 0:
        paid = money(ctx["ttc"] * Decimal(rng.choice(["0.2", "0.25", "0.3", "0.4", "0.5"])))
        if rng.random() < 0.3:
            paid = Decimal(rng.choice([100, 200, 250, 500, 1000])) if ctx["ttc"] > 1500 else paid
        rows.append((_cased(ctx, _word(ctx, "paid")), paid, False))
        rows.append((_cased(ctx, _word(ctx, "rest")), ctx["ttc"] - paid, True))
        ctx["t3_due"] = ctx["ttc"] - paid
    if rng.random() < 0.3:  # the gross and the payments as two blocks side by side
        half = len(rows) - 2 if ctx.get("t3_due") is not None else len(rows)
        block = (f"<table style='width:100%;margin-top:4mm'><tr><td style='vertical-align:top'>"
                 f"{_rows_table(ctx, rows[half:])}</td><td style='vertical-align:top'>{_rows_table(ctx, rows[:half])}"
                 f"</td></tr></table>")
    else:
        block = _rows_table(ctx, rows)
    return _page(ctx, block)


def _layout_ligne_zero(ctx: dict) -> str:
    """Some lines at 0 % among taxed ones; the breakdown lists the taxed rates only."""
    rng = _r(ctx)
    taxed = [line for line in ctx["lines"] if Decimal(line["rate"])]
    if taxed:
        sign = Decimal(-1) if taxed[0]["amount"] < 0 else Decimal(1)
        for _ in range(rng.choice([1, 1, 2])):
            qty = Decimal(rng.choice([1, 1, 2, 3]))
            unit = money(Decimal(str(round(10 ** rng.uniform(0.7, 2.8), 2))))
            line = {"desc": _word(ctx, "zero_goods"), "qty": qty, "unit": unit * sign, "rate": "0",
                    "amount": money(qty * unit) * sign}
            ctx["lines"].insert(rng.randint(0, len(ctx["lines"])), line)
        _retotal(ctx)
    shown = [row for row in ctx["breakdown"] if Decimal(row[0])]
    v = blind.LABELS[ctx["language"]]
    heads = [rng.choice(v["rate_col"]), _word(ctx, "net"), _word(ctx, "tax")]
    body = "".join(f"<tr><td class='n'>{_rate(ctx, rate)}</td><td class='n'>{_m(ctx, base, False)}</td>"
                   f"<td class='n'>{_m(ctx, tax, False)}</td></tr>" for rate, base, tax in shown)
    table = ("<table class='tot' style='margin-top:4mm'><tr>" + "".join(f"<th class='n'>{_e(h)}</th>" for h in heads)
             + f"</tr>{body}</table>")
    totals = _rows_table(ctx, _total_rows(ctx))
    block = (f"<table style='width:100%'><tr><td style='vertical-align:top'>{table}</td>"
             f"<td style='vertical-align:top'>{totals}</td></tr></table>")
    return _page(ctx, block, lines=_lines_with_rates(ctx, rate_column=rng.random() < 0.8))


def _layout_franchise(ctx: dict) -> str:
    """A small business's invoice: no VAT, the mention of the law, the totals in one of three shapes."""
    rng = _r(ctx)
    for line in ctx["lines"]:
        line["rate"] = "0"
    ctx["reverse"] = False
    _retotal(ctx)
    ctx["seller_vat"], ctx["t3_no_vat_id"] = None, True
    shape = rng.choice(["one", "one", "net_gross", "zero_row"])
    noun = _word(ctx, "noun")
    if shape == "one":
        rows = [(_cased(ctx, _word(ctx, "total")), ctx["ttc"], True)]
    elif shape == "net_gross":
        rows = [(_cased(ctx, f"{noun} {_word(ctx, 'net')}"), ctx["ht"], False),
                (_cased(ctx, _word(ctx, "total")), ctx["ttc"], True)]
    else:
        rows = [(_cased(ctx, f"{noun} {_word(ctx, 'net')}"), ctx["ht"], False),
                (_cased(ctx, f"{_word(ctx, 'tax')} {_rate(ctx, '0')}"), Decimal(0), False),
                (_cased(ctx, f"{noun} {_word(ctx, 'gross')}"), ctx["ttc"], True)]
    mention = f"<p class='{rng.choice(['muted', 'strong', ''])}'>{_e(_word(ctx, 'franchise'))}</p>"
    block = _rows_table(ctx, rows)
    block = f"{mention}{block}" if rng.random() < 0.3 else f"{block}{mention}"
    return _page(ctx, block, lines=_lines_with_rates(ctx, rate_column=rng.random() < 0.2))


def _factor_name(ctx: dict) -> str:
    rng = _r(ctx)
    return f"{rng.choice(FACTOR_STEMS)} {rng.choice(FACTOR_FORMS[ctx['language']])}"


def _layout_affacture(ctx: dict) -> str:
    """A factored invoice: the factor as the payee (its heading, name, identifiers, account), the clause."""
    rng, language = _r(ctx), ctx["language"]
    factor = _factor_name(ctx)
    shown = factor.upper() if rng.random() < 0.4 else factor
    account = blind.iban(language, rng)
    ctx["t3_iban"] = account
    ident = {"fr": f"SIREN : {blind.siren(rng)}", "de": f"HRB {rng.randint(10000, 99999)}",
             "en": f"Company No. {rng.randint(1000000, 9999999)}", "es": f"CIF A{rng.randint(10000000, 99999999)}",
             "it": f"P.IVA IT{rng.randint(10**10, 10**11 - 1)}"}[language]
    labels = ctx["labels"]
    payee = (f"<div class='strong'>{_e(_word(ctx, 'factor_head'))}</div>"
             f"<div>{_e(_word(ctx, 'name'))} {_e(shown)}</div><div>{_e(ident)}</div>"
             f"<div>{_e(rng.choice(labels['iban']))} {_e(grouped(account))} – {_e(rng.choice(labels['bic']))} "
             f"{_e(rng.choice(blind.BICS[language]))}</div>")
    clause = f"<p class='muted'>{_e(_word(ctx, 'factor_clause').format(f=shown))}</p>"
    block = _rows_table(ctx, _total_rows(ctx))
    place = rng.random()
    if place < 0.5:  # the payee's box under the totals, the clause after it
        block += f"<div style='margin-top:4mm;border:0.6pt solid #999;padding:2mm;width:60%'>{payee}</div>{clause}"
        return _page(ctx, block, bank="")
    if place < 0.75:  # the payee's box in the header's references, the clause at the foot
        pairs = _meta(ctx, extras=rng.random() < 0.5)
        return (f'{_header(ctx, ctx["title"], _pairs_box(ctx, "", pairs) + payee)}'
                f'<div style="margin:4mm 0 0 95mm">{_buyer_block(ctx, label=True)}</div>{_line_table(ctx)}'
                f"{block}{_mentions(ctx)}{clause}")
    return _page(ctx, f"{block}{clause}", bank=f"<div class='muted' style='margin-top:3mm'>{payee}</div>")


def _gln(rng: random.Random, language: str) -> str:
    """A GLN / GTIN-13 with its GS1 check digit."""
    prefix = rng.choice(GS1[language])
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(12 - len(prefix)))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _layout_gln(ctx: dict) -> str:
    """GLN / GTIN numbers among the references, the number on the title's line on some pages."""
    rng, language = _r(ctx), ctx["language"]
    pairs = _meta(ctx, extras=rng.random() < 0.5)
    glns = [(_word(ctx, "gln_of"), _gln(rng, language)) for _ in range(rng.choice([1, 1, 2, 3]))]
    title = None
    if rng.random() < 0.4:  # « FACTURE N° F-2024-001 » as the title, no number row
        title = f"{_word(ctx, 'title_no')} {ctx['number']}"
        pairs = pairs[1:]
    where = rng.random()
    if where < 0.5:
        pairs = pairs + glns if rng.random() < 0.6 else glns + pairs
    block = _rows_table(ctx, _total_rows(ctx))
    page = _page(ctx, block, refs=pairs, title=title)
    if where >= 0.5:  # one « GLN : 3012345678902 » line under the buyer's block, or in the foot
        text = "".join(f"<div class='muted'>{_e(_word(ctx, 'gln'))} {_e(value)}</div>" for _k, value in glns)
        page = (page.replace('</div><table class="lines">', f'{text}</div><table class="lines">', 1)
                if where < 0.8 else page + text)
    return page


blind.RENDER.update({
    "t3_reste": _layout_reste,
    "t3_ligne_zero": _layout_ligne_zero,
    "t3_franchise": _layout_franchise,
    "t3_affacture": _layout_affacture,
    "t3_gln": _layout_gln,
})
