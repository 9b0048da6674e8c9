"""Blind-family pages as ERPs print their invoices: header grids of many boxes (issue 13, branch erp-15): blind seeds
121000–121999.

An ERP prints the invoice's references in a grid of boxes under or beside the addresses: the invoice's number beside
the customer's number, the order, the delivery note, the project, the cost centre, our and your references, the
payment terms, the due date, the page; the label above its value (or on its left), each value in its box, some boxes
two lines high (a label or a payment term that wraps). The numbers beside the invoice's look like it; the dates beside
the issue date (order, delivery, posting, due) too. The wordings are the programs' own, from their report templates
and their translation files:

- Tryton, module account_invoice (github tryton/account_invoice: invoice.fodt, the report's strings and their
  translations locale/fr.po, de.po, es.po, it.po, msgctxt "report:account.invoice:"): « N° de facture : » /
  « Rechnung Nr.: » / « Factura Nº: » / « Fattura n°: », « Description : », « Référence », « Date : », the lines
  (« Quantité », « Prix unitaire », « Montant »), the taxes table (« Taxe », « Base », « Montant »), « Total
  (hors-taxes) : », « Taxes : », « Total : » (de « Netto: », « Steuern: », « Rechnungsbetrag: »), and under
  « Conditions de paiement » (« Zahlungsbedingung », « Plazo de pago », « Termine di pagamento ») the table of the
  amounts to pay, « Date » / « Montant » (invoice.lines_to_pay: maturity_date, amount): the due date printed there.
- Axelor Open Suite, module axelor-account (github axelor/axelor-open-suite: reports/Invoice.rptdesign and the
  report's translation keys of com/axelor/apps/account/report/ITranslation.java: Invoice.date, Invoice.paymentTerms,
  Invoice.dueDate, Invoice.documentRef, Invoice.supplier, Invoice.totalExclTax, Invoice.totalTax,
  Invoice.totalInclTax…): a French page whose header grid holds those keys in French, with the customer's code and
  its reference.
- ERPNext (github frappe/erpnext: accounts/print_format/sales_invoice_bordered/sales_invoice_bordered.json, the
  « Sales Invoice Bordered » format with field_borders): « Customer Name », « Sales Invoice » (the document's name
  ACC-SINV-2024-00012), « Posting Date », « Payment Due Date », « Bill From: », « Bill To: », the items (« No »,
  « Item », « Quantity », « Rate », « Amount »), « Sub Total », the taxes, « Grand Total », « In Words »,
  « Terms and Conditions »; with the Sales Invoice's other fields in boxes (« Customer's Purchase Order »,
  « Cost Center », « Project »).
- iDempiere (github idempiere/idempiere: org.adempiere.base/src/org/compiere/model/I_C_Invoice.java, the names of
  the invoice's columns that its print formats print in their header grid): « Document No », « Date Invoiced »,
  « Order Reference », « Date Ordered », « Business Partner », « Sales Representative », « Payment Term »,
  « Payment Rule », « Total Lines », « Grand Total »; the partner's « Search Key ».
- SAP Business One (its public help on the marketing documents' header fields, as its « Faktura »-style print
  layouts print them): « Belegnummer », « Buchungsdatum », « Fälligkeitsdatum », « Kundenreferenznummer »,
  « Zahlungsbedingungen »… and in French « N° de document », « Date comptable », « Échéance », « N° réf. client »;
  Spanish « Número de documento », « Fecha de contabilización », « Fecha de vencimiento »; Italian « Numero
  documento », « Data di registrazione », « Data di scadenza ».

The invoice (parties, lines, amounts) is the family's draw; the page, the number's shape, the grid and its rivals are
this module's. Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [ERP_FROM, ERP_TO). Seeds
121000–121749 tune; 121750–121999 are the never-tuned quarter (measured, misses never read).
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator import grouped
from invoice_generator_blind import _digits, _e, _logo, _m, _qty

ERP_FROM = 121_000
ERP_TO = 122_000
#: Seeds from here on are the never-tuned quarter: measured, never read.
HOLDOUT_FROM = 121_750
LAYOUTS = ("erp_tryton", "erp_axelor", "erp_erpnext", "erp_idempiere", "erp_sap")
#: The languages each program's page is drawn in (with their weights): French mostly.
LAYOUT_LANGUAGES = {
    "erp_tryton": {"fr": 0.55, "de": 0.15, "es": 0.15, "it": 0.15},
    "erp_axelor": {"fr": 1.0},
    "erp_erpnext": {"en": 1.0},
    "erp_idempiere": {"en": 1.0},
    "erp_sap": {"fr": 0.45, "de": 0.25, "es": 0.15, "it": 0.15},
}
LAYOUT_WEIGHTS = (0.25, 0.3, 0.12, 0.1, 0.23)

#: Tryton's report strings (account_invoice locale/*.po, msgctxt "report:account.invoice:").
TRYTON = {
    "fr": {"number": "N° de facture :", "description": "Description :", "reference": "Référence", "date": "Date :",
           "date_col": "Date", "terms": "Condition de paiement", "qty": "Quantité", "unit": "Prix unitaire",
           "amount": "Montant", "desc_col": "Description", "tax": "Taxe", "taxes_col": "Taxes", "base": "Base",
           "ht": "Total (hors-taxes) :", "taxes": "Taxes :", "total": "Total :", "credit": "Avoir"},
    "de": {"number": "Rechnung Nr.:", "description": "Beschreibung:", "reference": "Referenz", "date": "Datum:",
           "date_col": "Datum", "terms": "Zahlungsbedingung", "qty": "Menge", "unit": "Einzelpreis", "amount": "Betrag",
           "desc_col": "Beschreibung", "tax": "Steuer", "taxes_col": "Steuern", "base": "Netto", "ht": "Netto:",
           "taxes": "Steuern:", "total": "Rechnungsbetrag:", "credit": "Gutschrift"},
    "es": {"number": "Factura Nº:", "description": "Descripción:", "reference": "Referencia", "date": "Fecha:",
           "date_col": "Fecha", "terms": "Plazo de pago", "qty": "Cantidad", "unit": "Precio unitario",
           "amount": "Importe", "desc_col": "Descripción", "tax": "Impuesto", "taxes_col": "Impuestos", "base": "Base",
           "ht": "Total (sin impuestos):", "taxes": "Impuestos:", "total": "Total:", "credit": "Factura rectificativa"},
    "it": {"number": "Fattura n°:", "description": "Descrizione:", "reference": "Riferimento", "date": "Data:",
           "date_col": "Data", "terms": "Termine di pagamento", "qty": "Quantità", "unit": "Prezzo Unitario",
           "amount": "Importo", "desc_col": "Descrizione", "tax": "Imposta", "taxes_col": "Imposte", "base": "Base",
           "ht": "Totale (escluse tasse):", "taxes": "Imposte:", "total": "Totale:", "credit": "Nota di credito"},
}
#: Tryton's payment terms' descriptions as firms name them (the term's own text, printed above the table), ``{}`` the
#: term's days: a program computes the due date from its term, the two agree.
TRYTON_TERMS = {"fr": ["{} jours nets", "{} jours date de facture"],
                "de": ["{} Tage rein netto", "Zahlbar innerhalb {} Tagen"],
                "es": ["{} días netos", "Pago a {} días"], "it": ["{} gg data fattura", "Rimessa diretta {} gg"]}

#: Axelor's report keys in French (Invoice.* of ITranslation), the header grid's boxes.
AXELOR = {
    "title": "FACTURE", "credit": "AVOIR", "number": "Facture N°", "date": "Date facture", "due": "Date échéance",
    "terms": "Condition de règlement", "mode": "Mode de paiement", "doc_ref": "Réf. document", "customer": "Code client",
    "customer_ref": "Réf. client", "order": "Commande client", "delivery": "Livraison N°", "project": "Affaire",
    "contact": "Suivi par", "page": "Page",
    "desc": "Désignation", "qty": "Qté", "unit": "Prix unitaire HT", "tax": "Taxe", "amount": "Montant HT",
    "base": "Base HT", "tax_amount": "Montant taxe", "ht": "Total HT", "tva": "Total taxes", "ttc": "Total TTC",
    "paid": "Acomptes versés", "left": "Net à payer", "bank": "Coordonnées bancaires",
    "note": "En cas de retard de paiement, indemnité forfaitaire pour frais de recouvrement : 40 €",
}
AXELOR_TERMS = ["{} jours net", "{} jours date de facture", "Paiement à {} jours"]
AXELOR_MODES = ["Virement", "Chèque", "Prélèvement SEPA", "LCR"]

#: ERPNext's Sales Invoice fields and the Bordered print format's words.
ERPNEXT = {
    "customer_name": "Customer Name", "name": "Sales Invoice", "credit": "Credit Note", "posting": "Posting Date",
    "due": "Payment Due Date", "po": "Customer's Purchase Order", "po_date": "Customer's Purchase Order Date",
    "cost_center": "Cost Center", "project": "Project", "from": "Bill From:", "to": "Bill To:", "no": "No",
    "item": "Item", "qty": "Quantity", "rate": "Rate", "amount": "Amount", "subtotal": "Sub Total",
    "grand": "Grand Total", "outstanding": "Outstanding Amount", "words": "In Words", "terms": "Terms and Conditions",
}

#: iDempiere's column names of the invoice (I_C_Invoice) as its print formats label them.
IDEMPIERE = {
    "doc_no": "Document No", "date": "Date Invoiced", "order_ref": "Order Reference", "ordered": "Date Ordered",
    "partner": "Business Partner", "key": "Search Key", "rep": "Sales Representative", "term": "Payment Term",
    "rule": "Payment Rule", "due": "Due Date", "lines": "Total Lines", "grand": "Grand Total", "doc_type": "AR Invoice",
    "credit_type": "AR Credit Memo", "line": "Line", "product": "Product", "qty": "Quantity", "price": "Price",
    "line_net": "Line Amount", "tax": "Tax", "page": "Page",
}
IDEMPIERE_TERMS = ["{} Net", "Net {}", "2%10 Net {}"]
IDEMPIERE_RULES = ["On Credit", "Direct Deposit", "Check"]

#: SAP Business One's marketing documents' header fields, per language.
SAP = {
    "fr": {"title": "Facture client", "credit": "Avoir client", "doc_no": "N° de document", "posting": "Date comptable",
           "doc_date": "Date du document", "due": "Échéance", "customer": "Code client", "cust_ref": "N° réf. client",
           "rep": "Vendeur", "terms": "Cond. de paiement", "delivery": "Livraison de base", "order": "Commande de base",
           "project": "Code projet", "cost": "Règle de répartition", "page": "Page", "desc": "Description article",
           "qty": "Quantité", "price": "Prix unitaire", "tax_code": "Code TVA", "total_col": "Total (DI)",
           "before": "Total avant remise", "vat": "TVA", "total": "Total document", "paid": "Montant payé",
           "balance": "Solde dû"},
    "de": {"title": "Debitorenrechnung", "credit": "Ausgangsgutschrift", "doc_no": "Belegnummer", "posting": "Buchungsdatum",
           "doc_date": "Belegdatum", "due": "Fälligkeitsdatum", "customer": "Kundennummer", "cust_ref": "Kundenreferenznummer",
           "rep": "Vertriebsmitarbeiter", "terms": "Zahlungskonditionen", "delivery": "Basis-Lieferung",
           "order": "Basis-Auftrag", "project": "Projektcode", "cost": "Verteilungsregel", "page": "Seitennr.",
           "desc": "Artikelbeschreibung", "qty": "Menge", "price": "Preis pro Einheit", "tax_code": "Steuerkennzeichen",
           "total_col": "Gesamt (HW)", "before": "Gesamt vor Rabatt", "vat": "Steuer", "total": "Gesamtsumme Beleg",
           "paid": "Gezahlter Betrag", "balance": "Offener Saldo"},
    "es": {"title": "Factura de deudores", "credit": "Nota de crédito de clientes", "doc_no": "Número de documento",
           "posting": "Fecha de contabilización", "doc_date": "Fecha de documento", "due": "Fecha de vencimiento",
           "customer": "Código SN", "cust_ref": "Nº referencia de deudor", "rep": "Empleado del departamento de ventas",
           "terms": "Condición de pago", "delivery": "Entrega base", "order": "Pedido base", "project": "Código de proyecto",
           "cost": "Norma de reparto", "page": "Hoja n.º", "desc": "Descripción del artículo", "qty": "Cantidad",
           "price": "Precio unidad", "tax_code": "Indicador de impuestos", "total_col": "Total (ML)",
           "before": "Total antes del descuento", "vat": "Impuesto", "total": "Total del documento",
           "paid": "Importe pagado", "balance": "Saldo pendiente"},
    "it": {"title": "Fattura cliente", "credit": "Nota di credito cliente", "doc_no": "Numero documento",
           "posting": "Data di registrazione", "doc_date": "Data documento", "due": "Data di scadenza",
           "customer": "Codice cliente", "cust_ref": "N. rif. cliente", "rep": "Addetto vendite",
           "terms": "Condizione di pagamento", "delivery": "Consegna di base", "order": "Ordine di base",
           "project": "Codice progetto", "cost": "Regola di ripartizione", "page": "Foglio n.",
           "desc": "Descr. articolo", "qty": "Quantità", "price": "Prezzo unitario", "tax_code": "Codice IVA",
           "total_col": "Totale (VL)", "before": "Totale prima dello sconto", "vat": "Imposta",
           "total": "Totale documento", "paid": "Importo pagato", "balance": "Saldo dovuto"},
}
SAP_TERMS = {"fr": ["Net {} jours", "Virement à {} jours date de facture"],
             "de": ["Netto {} Tage", "{} Tage netto ohne Abzug"],
             "es": ["Neto {} días", "{} días fecha factura"],
             "it": ["Netto {} gg", "{} gg data fattura"]}
#: What a cost centre and a project look like in these grids.
COST_CENTRES = ["CC100", "VTE-01", "4200", "ADM", "NORD", "Main - {c}", "SRV-{n2}"]
PROJECTS = ["PRJ-{n4}", "PROJ{n5}", "AFF{y}-{n3}", "{y}-{n3}", "CH{n4}"]


def label_strings() -> set[str]:
    """Every wording of this module (for the tests that compare families' wordings)."""
    texts = set(AXELOR.values()) | set(ERPNEXT.values()) | set(IDEMPIERE.values())
    texts |= {text for words in TRYTON.values() for text in words.values()}
    texts |= {text for words in SAP.values() for text in words.values()}
    texts |= set(AXELOR_TERMS) | set(AXELOR_MODES) | set(IDEMPIERE_TERMS) | set(IDEMPIERE_RULES)
    texts |= {text for words in (*TRYTON_TERMS.values(), *SAP_TERMS.values()) for text in words}
    texts = {text.replace("{}", "30") for text in texts}
    return texts


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [ERP_FROM, ERP_TO)): the family's draws, this module's page, number and rivals."""
    own = random.Random(f"blind-erp-{seed}")
    layout = own.choices(LAYOUTS, LAYOUT_WEIGHTS)[0]
    languages = LAYOUT_LANGUAGES[layout]
    language = own.choices(list(languages), list(languages.values()))[0]
    invoice = blind.numbered_invoice(seed, language, layout)
    if not invoice.context.get("erp_prints_paid"):
        invoice.truth.amount_due = None  # a page that prints no payment made: nothing left to pay is shown
    if invoice.context["due_day"] is None:
        invoice.truth.due_date = None  # the page's grid left the due date out
    return invoice


# ---------------------------------------------------------------------------
# Pieces
# ---------------------------------------------------------------------------


def _day(ctx: dict, day) -> str:
    """A date as these programs print it: the country's numeric form, now and then the ISO one."""
    return day.isoformat() if ctx["erp_iso"] else blind.date_text(day, ctx["language"], "num", ctx["erp_variant"])


def _term_days(ctx: dict) -> int:
    """The days of the payment term the due date was computed from."""
    return (ctx["due_day"] - ctx["issue_day"]).days


def _before(ctx: dict, low: int, high: int):
    return ctx["issue_day"] - blind.dt.timedelta(days=ctx["erp_rng"].randint(low, high))


def _shape(ctx: dict, patterns: list[str]) -> str:
    rng, day = ctx["erp_rng"], ctx["issue_day"]
    return rng.choice(patterns).format(y=day.year, yy=f"{day.year % 100:02d}", m=f"{day.month:02d}",
                                       n2=_digits(rng, 2), n3=_digits(rng, 3), n4=_digits(rng, 4), n5=_digits(rng, 5),
                                       n6=_digits(rng, 6), n7=_digits(rng, 7), c=ctx["legal_name"].split()[0][:3].upper())


def _like_number(ctx: dict) -> str:
    """A rival shaped as the invoice's number: same length of digits, another value (an order, a delivery note)."""
    rng, number = ctx["erp_rng"], ctx["number"]
    out = "".join(str(rng.randint(0, 9)) if c.isdigit() and i >= len(number) - 5 else c for i, c in enumerate(number))
    if out == number:
        out = out[:-1] + str((int(out[-1]) + 1) % 10) if out[-1].isdigit() else out + "1"
    return out


def _boxes(ctx: dict, cells: list[tuple[str, str]], *, per_row: int, mode: str) -> str:
    """The header grid: ``cells`` (label, value) in rows of ``per_row`` boxes. ``mode`` « above »: each box holds its
    small label over its value; « heads »: a row of labels, then a row of boxed values; « left »: the label on the
    value's left in the box. A value or label with a line break makes its box two lines high."""
    rng = ctx["erp_rng"]
    border = rng.choice(["0.6pt solid #333", "0.4pt solid #777", "1pt solid #000"])
    shade = rng.choice(["#eeeeee", "#f4f4f4", "transparent"])
    if rng.random() < 0.35:  # narrow boxes: a long label wraps on two lines (« Date / d'échéance »)
        cells = [(_fold_label(label), value) for label, value in cells]
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    out = []
    for row in rows:
        if mode == "heads":
            heads = "".join(f'<td style="border:{border};background:{shade};padding:1pt 3pt;font-size:0.78em">'
                            f"{_e(k).replace(chr(10), '<br>')}</td>" for k, _v in row)
            values = "".join(f'<td style="border:{border};padding:2pt 3pt">{_e(v).replace(chr(10), "<br>")}</td>'
                             for _k, v in row)
            out.append(f"<tr>{heads}</tr><tr>{values}</tr>")
        elif mode == "left":
            out.append("<tr>" + "".join(
                f'<td style="border:{border};border-right:0;background:{shade};padding:2pt 3pt;font-size:0.8em">'
                f'{_e(k).replace(chr(10), "<br>")}</td><td style="border:{border};border-left:0;padding:2pt 3pt">'
                f'{_e(v).replace(chr(10), "<br>")}</td>' for k, v in row) + "</tr>")
        else:
            out.append("<tr>" + "".join(
                f'<td style="border:{border};padding:1pt 3pt 2pt;vertical-align:top"><div style="font-size:0.72em;'
                f'color:#555">{_e(k).replace(chr(10), "<br>")}</div><div>{_e(v).replace(chr(10), "<br>")}</div></td>'
                for k, v in row) + "</tr>")
    return f'<table style="width:100%;border-collapse:collapse;margin-top:3mm">{"".join(out)}</table>'


def _fold_label(label: str) -> str:
    """A label of two words or more and 12 characters or more, broken before its last words (a narrow box)."""
    words = label.split()
    if len(words) < 2 or len(label) < 12:
        return label
    cut = max(1, len(words) // 2)
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def _wrap(ctx: dict, text: str) -> str:
    """A payment term or a label broken on two lines in its box (a narrow box), now and then."""
    words = text.split()
    if len(words) < 3 or ctx["erp_rng"].random() < 0.6:
        return text
    cut = len(words) // 2
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def _grid(ctx: dict, heads: list[str], keys: list[str]) -> str:
    """The line grid: one row per line, in the programs' columns."""
    rng = ctx["erp_rng"]
    head = "".join(f'<th style="border-bottom:0.8pt solid #333;padding:2pt 4pt;text-align:{"left" if k in ("desc", "code") else "right"};'
                   f'font-size:0.85em">{_e(h)}</th>' for h, k in zip(heads, keys, strict=True))
    body = []
    for index, line in enumerate(ctx["lines"], 1):
        cells = {"no": str(index), "code": f"{rng.choice(['ART', 'P', 'A'])}{_digits(rng, 5)}", "desc": _e(line["desc"]),
                 "qty": _qty(ctx, line["qty"]), "unit": _m(ctx, line["unit"], False), "rate": _e(blind.rate_text(line["rate"], ctx["language"])),
                 "amount": _m(ctx, line["amount"], False), "tax_ref": f"[{ctx['erp_tax_no'].get(line['rate'], '')}]"}
        body.append("<tr>" + "".join(f'<td style="padding:2pt 4pt;border-bottom:0.3pt solid #bbb;'
                                     f'text-align:{"left" if k in ("desc", "code") else "right"}">{cells[k]}</td>' for k in keys) + "</tr>")
    return f'<table style="width:100%;border-collapse:collapse;margin-top:4mm"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _totals(rows: list[tuple[str, str, bool]], *, boxed: bool = True, width: str = "48%") -> str:
    """The totals' table; an amount never wraps in its cell (the programs size their totals' column to the amounts)."""
    border = "border:0.5pt solid #555;" if boxed else ""
    out = "".join(f'<tr><td style="{border}padding:2pt 6pt{";font-weight:bold" if strong else ""}">{_e(label)}</td>'
                  f'<td style="{border}padding:2pt 6pt;text-align:right;white-space:nowrap{";font-weight:bold" if strong else ""}">'
                  f"{value}</td></tr>" for label, value, strong in rows)
    return f'<table style="width:{width};margin-left:auto;margin-top:3mm;border-collapse:collapse">{out}</table>'


def _side(left: str, right: str, width: int = 50) -> str:
    return (f'<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:{width}%">{left}</td>'
            f'<td style="vertical-align:top;padding-left:4mm">{right}</td></tr></table>')


def _seller(ctx: dict) -> str:
    place = ctx["place"]
    lines = [f'<span class="strong">{_e(ctx["legal_name"])}</span>', _e(ctx["seller_street"]), _e(f"{place[0]} {place[1]}")]
    if ctx["erp_rng"].random() < 0.6:
        lines.append(_e(ctx["phone"]))
    return "<br>".join(lines)


def _buyer(ctx: dict) -> str:
    place = ctx["buyer_place"]
    lines = [f'<span class="strong">{_e(ctx["buyer"])}</span>', _e(ctx["buyer_street"]), _e(f"{place[0]} {place[1]}")]
    if ctx["buyer_vat"]:
        lines.append(_e(ctx["buyer_vat"]))
    return "<br>".join(lines)


def _footer(ctx: dict) -> str:
    """The company's line at the foot: its form and capital, its identifiers, its bank."""
    rng, parts = ctx["erp_rng"], [ctx["legal_name"]]
    if ctx["form"] and ctx["language"] == "fr":
        parts.append(f"{ctx['form']} au capital de {ctx['capital']}")
    if ctx["siren"]:
        parts.append(f"SIRET {blind._siret(ctx)}")
    if ctx["seller_vat"]:
        parts.append({"fr": "TVA", "de": "USt-IdNr.", "es": "NIF", "it": "P.IVA", "en": "VAT"}[ctx["language"]]
                     + f" {blind._vat_shown(ctx)}")
    if rng.random() < 0.7:
        parts.append(f"IBAN {grouped(ctx['iban'])} BIC {ctx['bic']}")
    return _e(" – ".join(parts))


def _paid(ctx: dict) -> tuple:
    if ctx["deposit"]:
        ctx["erp_prints_paid"] = True
        return ctx["deposit"], ctx["ttc"] - ctx["deposit"]
    return None, None


def _extra_cells(ctx: dict, words: dict[str, str], keys: list[str]) -> list[tuple[str, str]]:
    """The grid's other boxes, drawn among ``keys``: numbers shaped like the invoice's, codes, dates, people."""
    rng, out = ctx["erp_rng"], []
    for key in keys:
        if key == "customer":
            value = _shape(ctx, ["C{n5}", "{n6}", "411{n5}", "CLI-{n4}", "{n5}"])
        elif key in ("order", "order_ref", "po"):
            value = _like_number(ctx) if rng.random() < 0.4 else _shape(ctx, ["CO{yy}{m}-{n4}", "SO{n5}", "BC {n6}", "{n7}", "PO-{y}-{n4}"])
        elif key == "delivery":
            value = _like_number(ctx) if rng.random() < 0.4 else _shape(ctx, ["BL{n6}", "LIV-{y}-{n4}", "{n6}", "DN{n5}"])
        elif key in ("project",):
            value = _shape(ctx, PROJECTS)
        elif key in ("cost",):
            value = _shape(ctx, COST_CENTRES)
        elif key in ("cust_ref", "doc_ref"):
            value = _shape(ctx, ["{n6}", "BC-{n5}", "DA{y}{n4}", "Cde {n4}", "REF {n3}/{yy}"])
        elif key in ("rep", "contact"):
            value = f"{rng.choice(blind.GIVEN[ctx['language']])} {rng.choice(blind.SURNAMES[ctx['language']])}"
        elif key in ("ordered", "doc_date", "po_date"):
            value = _day(ctx, _before(ctx, 2, 40))
        elif key == "page":
            value = "1" if rng.random() < 0.5 else "1 / 1"
        else:
            continue
        out.append((words[key], value))
    return out


# ---------------------------------------------------------------------------
# Tryton
# ---------------------------------------------------------------------------


def _layout_tryton(ctx: dict) -> str:
    """Tryton's invoice.fodt: the company's header, the address at the right, « N° de facture : … », the description,
    the reference, the date; the lines with their taxes' numbers, the taxes table, the totals; « Conditions de paiement »
    with the table of the amounts to pay (date and amount: the due date). The header's references now and then boxed in
    a grid (a firm's own copy of the template)."""
    words, rng, day = TRYTON[ctx["language"]], ctx["erp_rng"], ctx["issue_day"]
    n = rng.randint(1, 99999)
    ctx["number"] = rng.choice([str(n), f"{day.year}/{n:05d}", f"INV{n:06d}", f"F{day.year}-{n:05d}",
                                f"{day.year}-{n % 10000:04d}"])
    title = f"{words['number'].rstrip(' :')} {ctx['number']}" if not ctx["credit"] else f"{words['credit']} {ctx['number']}"
    reference = ", ".join(filter(None, [_shape(ctx, ["SO{n5}", "{n6}", "SALE/{y}/{n4}"]) if rng.random() < 0.6 else "",
                                        _shape(ctx, ["PO {n5}", "BC-{n4}", "{n7}"]) if rng.random() < 0.5 else ""]))
    description = rng.choice(["", ctx["lines"][0]["desc"], f"{ctx['lines'][0]['desc']} – {_day(ctx, _before(ctx, 5, 30))}"])
    header = _seller(ctx)
    top = _side(header, _buyer(ctx), 52)
    if rng.random() < 0.5:
        cells = [(words["number"].rstrip(" :"), ctx["number"]), (words["date"].rstrip(" :"), _day(ctx, day))]
        if reference:
            cells.append((words["reference"], reference))
        if description:
            cells.append((words["description"].rstrip(" :"), description))
        refs = f'<h2 style="font-size:14pt;margin:6mm 0 0">{_e(title)}</h2>' + _boxes(ctx, cells, per_row=len(cells), mode="heads")
    else:
        lines = [f'<h2 style="font-size:14pt;margin:6mm 0 2mm">{_e(title)}</h2>']
        if description:
            lines.append(f"{_e(words['description'])} {_e(description)}")
        if reference:
            lines.append(f"{_e(words['reference'])}{'' if ctx['language'] != 'fr' else ' '}: {_e(reference)}")
        lines.append(f"{_e(words['date'])} {_e(_day(ctx, day))}")
        refs = "<br>".join(lines)
    ctx["erp_tax_no"] = {rate: i for i, (rate, _b, _t) in enumerate(ctx["breakdown"], 1)}
    grid = _grid(ctx, [words["desc_col"], words["qty"], words["unit"], words["taxes_col"], words["amount"]],
                 ["desc", "qty", "unit", "tax_ref", "amount"])
    taxes = "".join(f"<tr><td>[{i}] {_e(blind.rate_text(rate, ctx['language']))}</td><td style='text-align:right;padding-left:6mm'>"
                    f"{_m(ctx, base)}</td><td style='text-align:right;padding-left:6mm'>{_m(ctx, tax)}</td></tr>"
                    for i, (rate, base, tax) in enumerate(ctx["breakdown"], 1))
    tax_table = (f'<table style="margin-top:3mm"><tr><th>{_e(words["tax"])}</th><th>{_e(words["base"])}</th>'
                 f'<th>{_e(words["amount"])}</th></tr>{taxes}</table>')
    totals = _totals([(words["ht"], _m(ctx, ctx["ht"]), False), (words["taxes"], _m(ctx, ctx["tva"]), False),
                      (words["total"], _m(ctx, ctx["ttc"]), True)], boxed=False, width="100%")
    terms = ""
    if ctx["credit"]:
        ctx["due_day"] = None  # a credit note has nothing to pay: no table of the amounts to pay
    if ctx["due_day"]:
        term = rng.choice(TRYTON_TERMS[ctx["language"]]).format(_term_days(ctx))
        terms = (f'<div style="margin-top:4mm"><b>{_e(words["terms"])}</b>: {_e(term)}<table style="margin-top:1mm">'
                 f'<tr><th style="text-align:left">{_e(words["date_col"])}</th><th style="padding-left:8mm">{_e(words["amount"])}</th></tr>'
                 f'<tr><td>{_e(_day(ctx, ctx["due_day"]))}</td><td style="padding-left:8mm;text-align:right">{_m(ctx, ctx["ttc"])}</td></tr>'
                 "</table></div>")
    ctx["footer"] = _footer(ctx)
    ctx["page_pattern"] = "{}/{}"
    return top + refs + grid + _side(tax_table, totals, 50) + terms


# ---------------------------------------------------------------------------
# Axelor
# ---------------------------------------------------------------------------


def _layout_axelor(ctx: dict) -> str:
    """Axelor's Invoice.rptdesign in French: the company and its logo, the customer's address at the right, the title,
    then the header grid (number, date, customer's code and reference, order, delivery, project, payment terms and
    mode, due date, page), the lines, the taxes, the totals and the bank."""
    rng, day, words = ctx["erp_rng"], ctx["issue_day"], AXELOR
    n = rng.randint(1, 99999)
    ctx["number"] = rng.choice([f"FA{day.year % 100:02d}{day.month:02d}{n % 10000:04d}", f"FACT-{day.year}-{n:05d}",
                                f"{day.year}{n:06d}", f"VT{n:06d}", f"FC-{n:05d}"])
    if ctx["credit"]:
        ctx["number"] = f"AV{day.year % 100:02d}{n:05d}"
    cells = [(words["number"], ctx["number"]), (words["date"], _day(ctx, day))]
    extra = rng.sample(["customer", "customer_ref", "order", "delivery", "project", "contact", "doc_ref"], rng.randint(3, 6))
    words_keys = {**words, "cust_ref": words["customer_ref"]}
    cells += _extra_cells(ctx, {**words_keys, "customer_ref": words["customer_ref"]},
                          ["cust_ref" if k == "customer_ref" else k for k in extra])
    if ctx["due_day"]:
        cells.append((words["terms"], _wrap(ctx, rng.choice(AXELOR_TERMS).format(_term_days(ctx)))))
        cells.append((words["due"], _day(ctx, ctx["due_day"])))
    cells.append((words["mode"], rng.choice(AXELOR_MODES)))
    if rng.random() < 0.5:
        cells.append((words["page"], "1/1"))
    if rng.random() < 0.5:  # the number not first: the customer's code leads, as some grids print it
        cells.insert(0, cells.pop(rng.randint(1, min(3, len(cells) - 1))))
    grid_cells = _boxes(ctx, cells, per_row=rng.choice([4, 5, 6]), mode=rng.choice(["above", "heads", "heads"]))
    title = f'<div class="strong" style="font-size:16pt;margin-top:5mm">{_e(words["credit"] if ctx["credit"] else words["title"])}</div>'
    top = _side(_logo(ctx) + "<br>" + _seller(ctx), '<div style="margin-top:10mm">' + _buyer(ctx) + "</div>", 50)
    ctx["erp_tax_no"] = {rate: i for i, (rate, _b, _t) in enumerate(ctx["breakdown"], 1)}
    grid = _grid(ctx, [words["desc"], words["qty"], words["unit"], words["tax"], words["amount"]],
                 ["desc", "qty", "unit", "rate", "amount"])
    taxes = "".join(f"<tr><td>{_e(blind.rate_text(rate, 'fr'))}</td><td style='text-align:right;padding-left:6mm'>{_m(ctx, base)}</td>"
                    f"<td style='text-align:right;padding-left:6mm'>{_m(ctx, tax)}</td></tr>" for rate, base, tax in ctx["breakdown"])
    tax_table = (f'<table style="margin-top:3mm;font-size:0.9em"><tr><th>{_e(words["tax"])}</th><th>{_e(words["base"])}</th>'
                 f'<th>{_e(words["tax_amount"])}</th></tr>{taxes}</table>')
    rows = [(words["ht"], _m(ctx, ctx["ht"]), False), (words["tva"], _m(ctx, ctx["tva"]), False),
            (words["ttc"], _m(ctx, ctx["ttc"]), True)]
    paid, left = _paid(ctx)
    if paid is not None:
        rows += [(words["paid"], _m(ctx, paid), False), (words["left"], _m(ctx, left), True)]
    bank = ""
    if rng.random() < 0.7:
        bank = f'<p style="font-size:0.85em"><b>{_e(words["bank"])}</b><br>IBAN {_e(grouped(ctx["iban"]))} – BIC {_e(ctx["bic"])}</p>'
    note = f'<p style="font-size:0.75em">{_e(words["note"])}</p>' if rng.random() < 0.5 else ""
    ctx["footer"] = _footer(ctx)
    ctx["page_pattern"] = "{} / {}"
    return top + title + grid_cells + grid + _side(tax_table, _totals(rows, width="100%"), 50) + bank + note


# ---------------------------------------------------------------------------
# ERPNext
# ---------------------------------------------------------------------------


def _layout_erpnext(ctx: dict) -> str:
    """ERPNext's « Sales Invoice Bordered »: two columns of bordered fields (customer's name and the invoice's name on
    the left, posting and due dates on the right, then « Bill From » and « Bill To »), the Sales Invoice's other fields
    in boxes (purchase order, cost centre, project), the items, the totals, the amount in words and the terms."""
    rng, day, words = ctx["erp_rng"], ctx["issue_day"], ERPNEXT
    n = rng.randint(1, 99999)
    ctx["number"] = rng.choice([f"ACC-SINV-{day.year}-{n:05d}", f"SINV-{day.year % 100:02d}-{n:05d}",
                                f"ACC-SINV-{day.year}-{n:05d}-1"])
    if ctx["credit"]:
        ctx["number"] = f"ACC-SINV-RET-{day.year}-{n:05d}"
    left = [(words["customer_name"], ctx["buyer"]), (words["credit"] if ctx["credit"] else words["name"], ctx["number"])]
    right = [(words["posting"], _day(ctx, day))]
    if ctx["due_day"]:
        right.append((words["due"], _day(ctx, ctx["due_day"])))
    if rng.random() < 0.5:
        left = [left[1], left[0]]

    def column(fields: list[tuple[str, str]], block_label: str, block: str) -> str:
        cells = "".join(f'<div style="border:0.5pt solid #d1d5db;padding:5pt"><span style="color:#6b7280">{_e(k)}</span>'
                        f'&nbsp;&nbsp;{_e(v)}</div>' for k, v in fields)
        return cells + (f'<div style="border:0.5pt solid #d1d5db;padding:5pt"><div style="color:#6b7280">{_e(block_label)}</div>'
                        f"{block}</div>")

    fields = _side(column(left, words["from"], _seller(ctx)), column(right, words["to"], _buyer(ctx)), 50)
    others = _extra_cells(ctx, {**words, "cost": words["cost_center"]}, rng.sample(["po", "po_date", "cost", "project"], rng.randint(2, 4)))
    boxes = _boxes(ctx, others, per_row=len(others), mode=rng.choice(["above", "heads"]))
    ctx["erp_tax_no"] = {}
    grid = _grid(ctx, [words["no"], words["item"], words["qty"], words["rate"], words["amount"]],
                 ["no", "desc", "qty", "unit", "amount"])
    rows = [(words["subtotal"], _m(ctx, ctx["ht"]), False)]
    rows += [(f"VAT {blind.rate_text(rate, 'en')}", _m(ctx, tax), False) for rate, _b, tax in ctx["breakdown"]]
    rows.append((words["grand"], _m(ctx, ctx["ttc"]), True))
    paid, left_to_pay = _paid(ctx)
    if paid is not None:
        rows.append((words["outstanding"], _m(ctx, left_to_pay), True))
    terms = ""
    if rng.random() < 0.7:
        terms = (f'<p><b>{_e(words["terms"])}</b><br>{_e(rng.choice(["Payment within 30 days of invoice date.", "Net 30.", "Due on receipt."]))}'
                 f'<br>IBAN {_e(grouped(ctx["iban"]))}</p>')
    ctx["footer"] = _footer(ctx)
    ctx["page_pattern"] = "{} / {}"
    title = f'<div class="strong" style="font-size:15pt">{_e(words["credit"] if ctx["credit"] else words["name"])}</div>'
    return title + fields + boxes + grid + _totals(rows, boxed=False) + terms


# ---------------------------------------------------------------------------
# iDempiere
# ---------------------------------------------------------------------------


def _layout_idempiere(ctx: dict) -> str:
    """iDempiere's invoice print format: the organisation at the top, the document type as the title, the partner's
    address, the header grid of the invoice's columns (document no, date invoiced, order reference, date ordered,
    partner's search key, sales representative, payment term and rule, due date), the lines, Total Lines, the taxes,
    Grand Total."""
    rng, day, words = ctx["erp_rng"], ctx["issue_day"], IDEMPIERE
    n = rng.randint(100000, 9999999)
    ctx["number"] = rng.choice([str(n), f"{n}", f"AR{n}", f"{day.year}{n % 100000:05d}"])
    cells = [(words["doc_no"], ctx["number"]), (words["date"], _day(ctx, day))]
    cells += _extra_cells(ctx, {**words, "customer": words["key"]},
                          rng.sample(["order_ref", "ordered", "customer", "rep"], rng.randint(2, 4)))
    if ctx["due_day"]:
        cells.append((words["term"], rng.choice(IDEMPIERE_TERMS).format(_term_days(ctx))))
        if rng.random() < 0.8:
            cells.append((words["due"], _day(ctx, ctx["due_day"])))
    if rng.random() < 0.5:
        cells.append((words["rule"], rng.choice(IDEMPIERE_RULES)))
    rng.shuffle(cells)  # the print format's own order of its header items
    grid_cells = _boxes(ctx, cells, per_row=rng.choice([3, 4]), mode=rng.choice(["left", "above", "heads"]))
    if ctx["due_day"] and (words["due"], _day(ctx, ctx["due_day"])) not in cells:
        ctx["due_day"] = None  # the page prints no due date
    title = f'<div class="strong" style="font-size:14pt;margin-top:4mm">{_e(words["credit_type"] if ctx["credit"] else words["doc_type"])}</div>'
    top = _side(_seller(ctx), _buyer(ctx), 50)
    ctx["erp_tax_no"] = {}
    grid = _grid(ctx, [words["line"], words["product"], words["qty"], words["price"], words["line_net"]],
                 ["no", "desc", "qty", "unit", "amount"])
    rows = [(words["lines"], _m(ctx, ctx["ht"]), False)]
    rows += [(f"{words['tax']} {blind.rate_text(rate, 'en')}", _m(ctx, tax), False) for rate, _b, tax in ctx["breakdown"]]
    rows.append((words["grand"], _m(ctx, ctx["ttc"]), True))
    ctx["footer"] = _footer(ctx)
    ctx["page_pattern"] = f"{words['page']} {{}} / {{}}"
    return top + title + grid_cells + grid + _totals(rows)


# ---------------------------------------------------------------------------
# SAP Business One
# ---------------------------------------------------------------------------


def _layout_sap(ctx: dict) -> str:
    """A SAP Business One print layout of an A/R invoice: the title and the document's number at the top right, the
    addresses, then a grid of up to twelve boxes (document number, posting and document dates, due date, customer's
    code and reference, base order and delivery, project, distribution rule, sales employee, payment terms, page), the
    lines, the totals (before discount, tax, document total, paid, balance due)."""
    rng, day, words = ctx["erp_rng"], ctx["issue_day"], SAP[ctx["language"]]
    n = rng.randint(1, 999999)
    ctx["number"] = rng.choice([str(n), f"{n:06d}", f"{day.year}{n % 100000:05d}", f"1{n % 1000000:06d}"])
    cells = [(words["doc_no"], ctx["number"])]
    posting_first = rng.random() < 0.5
    cells.append((words["posting"] if posting_first else words["doc_date"], _day(ctx, day)))
    if rng.random() < 0.4:  # both dates, the same day or the document's a day before
        cells.append((words["doc_date"] if posting_first else words["posting"], _day(ctx, day)))
    extra = rng.sample(["customer", "cust_ref", "order", "delivery", "project", "cost", "rep"], rng.randint(3, 7))
    cells += _extra_cells(ctx, words, extra)
    if ctx["due_day"]:
        cells.append((words["terms"], _wrap(ctx, rng.choice(SAP_TERMS[ctx["language"]]).format(_term_days(ctx)))))
        cells.append((words["due"], _day(ctx, ctx["due_day"])))
    if rng.random() < 0.6:
        cells.append((words["page"], "1"))
    cells = cells[:12]
    if ctx["due_day"] and (words["due"], _day(ctx, ctx["due_day"])) not in cells:
        ctx["due_day"] = None
    head = cells[:1] if rng.random() < 0.3 else []  # the number repeated beside the title, now and then
    title = f'<div style="text-align:right"><span class="strong" style="font-size:15pt">{_e(words["credit"] if ctx["credit"] else words["title"])}</span>'
    title += f'<br>{_e(head[0][0])} {_e(head[0][1])}</div>' if head else "</div>"
    top = _side(_logo(ctx) + "<br>" + _seller(ctx), title + '<div style="margin-top:6mm">' + _buyer(ctx) + "</div>", 50)
    grid_cells = _boxes(ctx, cells, per_row=rng.choice([4, 5, 6]), mode=rng.choice(["above", "heads", "left"]))
    ctx["erp_tax_no"] = {}
    grid = _grid(ctx, [words["desc"], words["qty"], words["price"], words["tax_code"], words["total_col"]],
                 ["desc", "qty", "unit", "rate", "amount"])
    rows = [(words["before"], _m(ctx, ctx["ht"]), False)]
    rows += [(f"{words['vat']} {blind.rate_text(rate, ctx['language'])}", _m(ctx, tax), False) for rate, _b, tax in ctx["breakdown"]]
    rows.append((words["total"], _m(ctx, ctx["ttc"]), True))
    paid, left = _paid(ctx)
    if paid is not None:
        rows += [(words["paid"], _m(ctx, paid), False), (words["balance"], _m(ctx, left), True)]
    ctx["footer"] = _footer(ctx)
    ctx["page_pattern"] = f"{words['page']} {{}}/{{}}"
    return top + grid_cells + grid + _totals(rows)


def _page(render):
    def draw(ctx: dict) -> str:
        ctx["erp_rng"] = random.Random(f"blind-erp-page-{ctx['number']}-{ctx['legal_name']}")
        ctx["erp_iso"] = ctx["erp_rng"].random() < 0.08
        ctx["erp_variant"] = ctx["erp_rng"].randint(0, 5)
        page = render(ctx)
        del ctx["erp_rng"]  # not a value of the invoice's context
        return page
    draw.__doc__ = render.__doc__
    return draw


blind.RENDER.update({"erp_tryton": _page(_layout_tryton), "erp_axelor": _page(_layout_axelor),
                     "erp_erpnext": _page(_layout_erpnext), "erp_idempiere": _page(_layout_idempiere),
                     "erp_sap": _page(_layout_sap)})
