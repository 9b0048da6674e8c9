"""Blind-family pages as French invoicing software prints them (issue 13, branch frsoft-14): blind seeds 117000–117999.

French firms receive most of their invoices from a few programs. This module draws their pages with their own blocks
and their French words, taken from the programs' translation files and PDF templates:

- Dolibarr, models « crabe » and « sponge » (htdocs/core/modules/facture/doc/pdf_crabe.modules.php,
  pdf_sponge.modules.php; words of htdocs/langs/fr_FR/bills.lang, main.lang, companies.lang, orders.lang): the title
  and the references at the top right (« Réf. : », « Réf. client : », « Date facturation : », « Date échéance : »,
  « Code client : », the linked objects « Réf. commande : » / « Date commande : »…), the two frames « Émetteur » and
  « Adressé à », « Montants exprimés en Euros », the line grid (« Désignation », « TVA », « P.U. HT », « Qté »,
  « Réduc. », « Total HT »), « Conditions de règlement : », « Mode règlement : », the bank block « Règlement par
  virement sur le compte bancaire suivant : » with its RIB grid (« Code banque », « Code guichet », « Numéro compte »,
  « Clé RIB ») and IBAN/BIC, the totals « Total HT / Total TVA 20% / Total TTC / Déjà réglé / Reste à payer », the
  legal footer (« SIRET : », « NAF-APE : », « RCS/RM : », « N° TVA : »). Numbers of its masks: FA2403-0012,
  AV2403-0002 beside CU2403-0007 (customer code), CO2403-0005 (order), PR2403-0009 (proposal).
- Odoo (account report_invoice_document in French): « Facture FAC/2024/00012 » as the title, the information row
  (« Date de facturation », « Date d'échéance », « Origine », « Référence »), « Montant HT », the tax groups
  « TVA 20% », « Total », « Payé le », « Montant dû », « Merci d'utiliser la communication suivante pour votre
  paiement : », the payment term's note.
- InvoicePlane (application/views/invoice_templates/pdf/InvoicePlane.php with its French words): « Facture 12 » and
  its table (« Date de facturation », « Date d'échéance », « Montant dû »), « Article », « Prix », « Sous-total »,
  « Payé », « Solde ».
- Crater (resources/views/app/pdf/invoice/invoice1–3.blade.php; resources/scripts/locales/fr.json « pdf_* »):
  « Numéro », « Date », « Date d’échéance », « Facturer à », « Expédier à », « Articles », « Montant », « Sous-total »,
  « Total TTC », « Notes de bas de page ».

The invoice (parties, lines, amounts) is the family's draw; the page, the number's shape and the rivals are this
module's. Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [FRSOFT_FROM, FRSOFT_TO). Seeds
117000–117749 tune; 117750–117999 are the never-tuned quarter (measured, misses never read).
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator import grouped
from invoice_generator_blind import _digits, _e, _logo, _m, _qty

FRSOFT_FROM = 117_000
FRSOFT_TO = 118_000
#: Seeds from here on are the never-tuned quarter: measured, never read.
HOLDOUT_FROM = 117_750
LAYOUTS = ("fs_crabe", "fs_sponge", "fs_odoo", "fs_invoiceplane", "fs_crater")
#: French mostly: the programs' French pages (the module prints French words only).
WEIGHTS = (1.0, 0.0, 0.0, 0.0, 0.0)

#: The programs' French words (Dolibarr's lang keys in comments where they differ from the English word).
WORDS: dict[str, dict[str, str]] = {
    "dolibarr": {
        "title": "Facture", "credit": "Facture avoir", "deposit_title": "Facture d'acompte",
        "ref": "Réf.", "ref_client": "Réf. client", "date": "Date facturation", "due": "Date échéance",
        "customer_code": "Code client", "from": "Émetteur", "to": "Adressé à",
        "currency": "Montants exprimés en Euros", "desc": "Désignation", "vat": "TVA", "unit": "P.U. HT",
        "qty": "Qté", "discount": "Réduc.", "amount": "Total HT", "ht": "Total HT", "tva": "Total TVA",
        "ttc": "Total TTC", "paid": "Déjà réglé", "credit_paid": "Avoirs et acomptes", "left": "Reste à payer",
        "conditions": "Conditions de règlement", "mode": "Mode règlement", "transfer": "Virement bancaire",
        "bank_intro": "Règlement par virement sur le compte bancaire suivant",
        "bank_code": "Code banque", "desk_code": "Code guichet", "account": "Numéro compte", "key": "Clé RIB",
        "residence": "Domiciliation", "bic": "BIC/SWIFT", "vat_intra": "N° TVA", "exempt": "* TVA non applicable art-293B du CGI",
        "tel": "Tél", "email": "Email", "siret": "SIRET", "ape": "NAF-APE", "rcs": "RCS/RM", "capital": "au capital de",
        "correction": "Correction facture", "note_bank": "Banque",
    },
    "odoo": {
        "title": "Facture", "credit": "Avoir", "date": "Date de facturation", "due": "Date d'échéance",
        "origin": "Origine", "reference": "Référence", "customer_code": "Code client", "desc": "Description",
        "qty": "Quantité", "unit": "Prix unitaire", "discount": "Rem.%", "taxes": "Taxes", "amount": "Montant",
        "ht": "Montant HT", "total": "Total", "paid_on": "Payé le", "due_amount": "Montant dû",
        "communication": "Merci d'utiliser la communication suivante pour votre paiement :",
        "vat_short": "TVA :", "page": "Page :",
    },
    "invoiceplane": {
        "title": "Facture", "date": "Date de facturation", "due": "Date d'échéance", "amount_due": "Montant dû",
        "item": "Article", "desc": "Description", "qty": "Quantité", "price": "Prix", "discount": "Remise",
        "total_col": "Total", "subtotal": "Sous-total", "total": "Total", "paid": "Payé", "balance": "Solde",
        "terms": "Conditions", "vat": "N° TVA", "phone": "Tél.", "method": "Méthode de paiement",
    },
    "crater": {
        "title": "Facture", "number": "Numéro", "date": "Date", "due": "Date d’échéance", "to": "Facturer à",
        "ship": "Expédier à", "items": "Articles", "qty": "Quantité", "price": "Prix", "discount": "Remise",
        "amount": "Montant", "subtotal": "Sous-total", "tax": "Taxe", "total": "Total TTC", "notes": "Notes de bas de page",
    },
}
#: Dolibarr's linked objects (pdf_getLinkedObjects): (prefix of the object's mask, its reference label, its date label).
LINKED = [("CO", "Réf. commande", "Date commande"), ("PR", "Réf. proposition", "Date de proposition"),
          ("SH", "Réf. expédition", "Date d'expédition"), ("FI", "Réf. intervention", "Date intervention"),
          ("CT", "Réf. contrat", "Date contrat")]
#: Dolibarr's payment terms (bills.lang PaymentCondition*), Odoo's default terms.
CONDITIONS = ["A réception de facture", "Règlement à 30 jours", "Règlement à 30 jours fin de mois", "Règlement à 60 jours"]
ODOO_TERMS = ["Paiement immédiat", "15 jours", "30 jours", "45 jours", "Fin du mois suivant"]
#: What a customer's own reference looks like (Dolibarr « Réf. client », Odoo « Référence »).
CLIENT_REFS = ["BC {y}-{n3}", "PO{n5}", "Cde {n4} du {d}", "DA-{n5}", "{n6}", "Chantier {n3}", "Votre commande {n4}"]


def label_strings() -> set[str]:
    """Every wording of this module (for the tests that compare families' wordings)."""
    linked = {text for _p, ref, date in LINKED for text in (ref, date)}
    return {text for words in WORDS.values() for text in words.values()} | linked | set(CONDITIONS) | set(ODOO_TERMS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [FRSOFT_FROM, FRSOFT_TO)): the family's draws, this module's page and number."""
    layout, language = blind.module_draw("frsoft", seed, LAYOUTS, WEIGHTS)
    invoice = blind.numbered_invoice(seed, language, layout)
    if layout == "fs_crater":
        invoice.truth.amount_due = None  # Crater's page prints no payment made: nothing left to pay is shown
    return invoice


# ---------------------------------------------------------------------------
# Pieces
# ---------------------------------------------------------------------------


def _day(ctx: dict, day) -> str:
    """A date as these programs print it in French: 12/03/2024 mostly."""
    return blind.date_text(day, "fr", "num", 0)


def _rate(rate: str) -> str:
    """A rate as Dolibarr's vatrate() and Odoo's tax groups print it: « 20% », « 5,5% »."""
    return rate.replace(".", ",") + "%"


def _mask(ctx: dict, head: str, width: int = 4) -> str:
    """A reference of Dolibarr's numbering masks: « FA2403-0012 » (prefix, yymm, counter)."""
    day = ctx["issue_day"]
    return f"{head}{day.year % 100:02d}{day.month:02d}-{ctx['fs_rng'].randint(1, 10 ** width - 1):0{width}d}"


def _client_ref(ctx: dict) -> str:
    rng = ctx["fs_rng"]
    return rng.choice(CLIENT_REFS).format(y=ctx["issue_day"].year, n3=_digits(rng, 3), n4=_digits(rng, 4),
                                         n5=_digits(rng, 5), n6=_digits(rng, 6),
                                         d=_day(ctx, ctx["issue_day"] - blind.dt.timedelta(days=rng.randint(3, 30))))


def _footer(ctx: dict) -> str:
    """Dolibarr's pdf_pagefoot in French: form and capital, SIRET, NAF-APE, RCS/RM, VAT number; Odoo's pages print a
    company footer of the same kind."""
    words, rng = WORDS["dolibarr"], ctx["fs_rng"]
    parts = []
    if ctx["form"]:
        parts.append(f"{ctx['form']} {words['capital']} {ctx['capital']}")
    if ctx["siren"]:
        parts.append(f"{words['siret']} : {blind._siret(ctx).replace(' ', '') if rng.random() < 0.5 else blind._siret(ctx)}")
        if rng.random() < 0.6:
            parts.append(f"{words['ape']} : {ctx['ape']}")
        if rng.random() < 0.6:
            siren = ctx["siren"]
            parts.append(f"{words['rcs']} : {ctx['place'][1]} B {siren[:3]} {siren[3:6]} {siren[6:]}")
    if ctx["seller_vat"]:
        parts.append(f"{words['vat_intra']} : {blind._vat_shown(ctx)}")
    head = ""
    if rng.random() < 0.5:  # the company's name and address on a first line
        head = f"{_e(ctx['legal_name'])} - {_e(ctx['seller_street'])} - {_e(ctx['place'][0])} {_e(ctx['place'][1])}<br>"
    return head + _e(" - ".join(parts))


def _identifiers(ctx: dict) -> str:
    """The company's SIRET and VAT number under its address (a page with no legal footer)."""
    words, out = WORDS["dolibarr"], []
    if ctx["siren"]:
        out.append(f"{words['siret']} : {blind._siret(ctx)}")
    if ctx["seller_vat"]:
        out.append(f"{words['vat_intra']} : {ctx['seller_vat']}")
    return "".join(f"<br>{_e(line)}" for line in out)


def _rib(ctx: dict) -> tuple[str, str, str, str]:
    """The French RIB inside the IBAN: bank code, desk code, account number, key."""
    iban = ctx["iban"]
    return iban[4:9], iban[9:14], iban[14:25], iban[25:27]


def _grid(ctx: dict, keys: list[str], heads: dict[str, str]) -> str:
    """A line grid: header cells, then one row per line."""
    rng = ctx["fs_rng"]
    border = "border:0.5pt solid #888;" if ctx["fs_boxed"] else "border-bottom:0.3pt solid #ccc;"
    head = "".join(f'<th style="{border}padding:2pt 4pt;text-align:{"left" if k == "desc" else "right"};font-size:0.9em">'
                   f"{_e(heads[k])}</th>" for k in keys)
    rows = []
    for index, line in enumerate(ctx["lines"], 1):
        cells = {"num": str(index), "ref": f"{rng.choice(['P', 'S', 'ART-', ''])}{_digits(rng, 4)}",
                 "desc": _e(line["desc"]), "vat": _e(_rate(line["rate"])), "unit": _m(ctx, line["unit"], False),
                 "qty": _qty(ctx, line["qty"]), "discount": "", "amount": _m(ctx, line["amount"], False),
                 "taxes": _e(f"TVA {_rate(line['rate'])}"), "item": _e(line["desc"].split()[0])}
        rows.append("<tr>" + "".join(f'<td style="{border}padding:2pt 4pt;text-align:{"left" if k in ("desc", "item") else "right"}">'
                                     f"{cells[k]}</td>" for k in keys) + "</tr>")
    return (f'<table style="width:100%;margin-top:3mm"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _rows(rows: list[tuple[str, str, bool]], *, width: str = "45%") -> str:
    out = "".join(f'<tr class="{"strong" if strong else ""}"><td style="padding:2pt 6pt;border:0.4pt solid #aaa">{_e(label)}</td>'
                  f'<td style="padding:2pt 6pt;border:0.4pt solid #aaa;text-align:right">{value}</td></tr>'
                  for label, value, strong in rows)
    return f'<table style="width:{width};margin-left:auto">{out}</table>'


def _side(left: str, right: str, width: int = 50) -> str:
    return (f'<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;width:{width}%">{left}</td>'
            f'<td style="vertical-align:top;padding-left:4mm">{right}</td></tr></table>')


def _buyer_lines(ctx: dict, vat_label: str) -> list[str]:
    place = ctx["buyer_place"]
    lines = [f'<span class="strong">{_e(ctx["buyer"])}</span>', _e(ctx["buyer_street"]), _e(f"{place[0]} {place[1]}")]
    if ctx["buyer_vat"]:
        lines.append(_e(f"{vat_label} : {ctx['buyer_vat']}"))
    return lines


def _seller_lines(ctx: dict) -> list[str]:
    place, rng = ctx["place"], ctx["fs_rng"]
    lines = [f'<span class="strong">{_e(ctx["legal_name"])}</span>', _e(ctx["seller_street"]), _e(f"{place[0]} {place[1]}")]
    if rng.random() < 0.7:
        lines.append(_e(f"{WORDS['dolibarr']['tel']} : {ctx['phone']}"))
    if rng.random() < 0.5:
        lines.append(_e(f"{WORDS['dolibarr']['email']} : contact@{blind._domain(ctx['seller'])}"))
    return lines


def _paid(ctx: dict) -> tuple:
    """(amount already paid, amount left) when a deposit was paid, else (None, None)."""
    if ctx["deposit"]:
        return ctx["deposit"], ctx["ttc"] - ctx["deposit"]
    return None, None


# ---------------------------------------------------------------------------
# Dolibarr (crabe, sponge)
# ---------------------------------------------------------------------------


def _dolibarr(ctx: dict, sponge: bool) -> str:
    words, rng = WORDS["dolibarr"], ctx["fs_rng"]
    ctx["number"] = _mask(ctx, "AV" if ctx["credit"] else rng.choice(["FA", "FA", "FA", "F"]))
    if rng.random() < 0.2:  # another mask: FA2024-00012, FA-2024-0012
        day = ctx["issue_day"]
        ctx["number"] = rng.choice([f"{'AV' if ctx['credit'] else 'FA'}{day.year}-{rng.randint(1, 99999):05d}",
                                    f"{'AV' if ctx['credit'] else 'FA'}-{day.year}-{rng.randint(1, 9999):04d}"])
    title = words["credit"] if ctx["credit"] else words["title"]
    refs = [(words["ref"], ctx["number"])]
    if rng.random() < 0.5:
        refs.append((words["ref_client"], _client_ref(ctx)))
    if sponge and rng.random() < 0.7:  # the linked objects: an order, a proposal, a shipment…
        for head, ref_label, date_label in rng.sample(LINKED, rng.choice([1, 1, 2])):
            refs.append((ref_label, _mask(ctx, head)))
            if rng.random() < 0.6:
                refs.append((date_label, _day(ctx, ctx["issue_day"] - blind.dt.timedelta(days=rng.randint(1, 40)))))
    refs.append((words["date"], _day(ctx, ctx["issue_day"])))
    if ctx["due_day"]:
        refs.append((words["due"], _day(ctx, ctx["due_day"])))
    if rng.random() < 0.75:
        refs.append((words["customer_code"], rng.choice([_mask(ctx, "CU"), f"CU{_digits(rng, 5)}", f"C{_digits(rng, 6)}",
                                                         f"411{ctx['buyer'].split()[0].upper()[:6]}"])))
    if ctx["credit"]:
        refs.append((words["correction"], _mask(ctx, "FA")))
    head_refs = "<br>".join(_e(f"{label} : {value}") for label, value in refs)
    heading = (f'<div style="text-align:right"><div class="strong" style="font-size:14pt">{_e(title)}</div>'
               f'<div style="font-size:0.9em">{head_refs}</div></div>')
    left = _logo(ctx) + (f'<div class="strong" style="font-size:13pt">{_e(ctx["legal_name"])}</div>' if rng.random() < 0.5 else "")
    top = _side(left, heading, 45)
    sender = (f'<div class="muted">{_e(words["from"])}</div><div style="background:#e6e6e6;padding:3mm;min-height:28mm">'
              + "<br>".join(_seller_lines(ctx)) + "</div>")
    recipient = (f'<div class="muted">{_e(words["to"])}</div><div style="border:0.6pt solid #444;padding:3mm;min-height:28mm">'
                 + "<br>".join(_buyer_lines(ctx, words["vat_intra"])) + "</div>")
    frames = _side(sender, recipient, 45)
    keys = (["num"] if sponge and rng.random() < 0.4 else []) + (["ref"] if sponge and rng.random() < 0.3 else []) + \
        ["desc", "vat", "unit", "qty"] + (["discount"] if rng.random() < 0.5 else []) + ["amount"]
    heads = {"num": "N°", "ref": words["ref"], "desc": words["desc"], "vat": words["vat"], "unit": words["unit"],
             "qty": words["qty"], "discount": words["discount"], "amount": words["amount"]}
    currency = f'<div style="text-align:right;font-size:0.8em;margin-top:3mm">{_e(words["currency"])}</div>'
    grid = _grid(ctx, keys, heads)
    rows = [(words["ht"], _m(ctx, ctx["ht"], False), False)]
    for rate, _base, tax in ctx["breakdown"]:
        if not ctx["exempt"]:
            rows.append((f"{words['tva']} {_rate(rate)}", _m(ctx, tax, False), False))
    rows.append((words["ttc"], _m(ctx, ctx["ttc"], False), True))
    paid, left_to_pay = _paid(ctx)
    if paid is not None:
        rows.append((words["paid"] if rng.random() < 0.7 else words["credit_paid"], _m(ctx, paid, False), False))
        rows.append((words["left"], _m(ctx, left_to_pay, False), True))
    info = [f'<b>{_e(words["conditions"])} :</b> {_e(rng.choice(CONDITIONS))}']
    if rng.random() < 0.8:
        info.append(f'<b>{_e(words["mode"])} :</b> {_e(words["transfer"])}')
        bank, desk, account, key = _rib(ctx)
        rib = ""
        if rng.random() < 0.6:
            rib = (f'<table style="font-size:0.85em"><tr><td>{_e(words["bank_code"])}</td><td>{_e(words["desk_code"])}</td>'
                   f'<td>{_e(words["account"])}</td><td>{_e(words["key"])}</td></tr><tr><td>{bank}</td><td>{desk}</td>'
                   f'<td>{account}</td><td>{key}</td></tr></table>')
        info.append(f'<b>{_e(words["bank_intro"])} :</b><br>{_e(words["note_bank"])} {_e(ctx["place"][1])}<br>{rib}'
                    f'IBAN : {_e(grouped(ctx["iban"]))}<br>{_e(words["bic"])} : {_e(ctx["bic"])}')
    if ctx["exempt"]:
        info.append(_e(words["exempt"]))
    if ctx["reverse"]:
        info.append(_e(rng.choice(blind.LABELS["fr"]["reverse"])))
    bottom = _side('<div style="font-size:0.85em">' + "<br>".join(info) + "</div>", _rows(rows, width="100%"), 55)
    ctx["footer"] = _footer(ctx)
    ctx["page_pattern"] = "{}/{}"
    return top + frames + currency + grid + bottom


def _layout_crabe(ctx: dict) -> str:
    """Dolibarr « crabe »: title and references at the top right, the two frames, the grid, payment info and totals."""
    return _dolibarr(ctx, sponge=False)


def _layout_sponge(ctx: dict) -> str:
    """Dolibarr « sponge »: crabe's page with the linked objects (order, proposal…) among the references, numbered
    lines."""
    return _dolibarr(ctx, sponge=True)


# ---------------------------------------------------------------------------
# Odoo
# ---------------------------------------------------------------------------


def _layout_odoo(ctx: dict) -> str:
    """Odoo's invoice report in French: the company at the top, the customer's address under it at the right (the
    window of the envelope), « Facture FAC/2024/00012 », the information row, the lines with their taxes, the totals, the
    payment communication and the terms."""
    words, rng, day = WORDS["odoo"], ctx["fs_rng"], ctx["issue_day"]
    n = rng.randint(1, 99999)
    journal = rng.choice(["FAC", "INV", "VT", "FV"])
    ctx["number"] = rng.choice([f"{'R' if ctx['credit'] else ''}{journal}/{day.year}/{n:05d}",
                                f"{'R' if ctx['credit'] else ''}{journal}/{day.year}/{day.month:02d}/{n % 10000:04d}"])
    title = f"{words['credit'] if ctx['credit'] else words['title']} {ctx['number']}"
    company = _logo(ctx) + '<div style="font-size:0.9em">' + "<br>".join(_seller_lines(ctx)) + "</div>"
    customer = '<div style="margin-top:6mm">' + "<br>".join(_buyer_lines(ctx, words["vat_short"].rstrip(" :"))) + "</div>"
    info = [(words["date"], _day(ctx, day))]
    if ctx["due_day"]:
        info.append((words["due"], _day(ctx, ctx["due_day"])))
    if rng.random() < 0.5:
        info.append((words["origin"], f"S{rng.randint(1, 99999):05d}"))
    if rng.random() < 0.4:
        info.append((words["reference"], _client_ref(ctx)))
    if rng.random() < 0.3:
        info.append((words["customer_code"], f"{_digits(rng, 5)}"))
    row = "".join(f'<td style="padding-right:8mm;vertical-align:top"><div class="strong">{_e(k)}</div><div>{_e(v)}</div></td>'
                  for k, v in info)
    keys = ["desc", "qty", "unit"] + (["discount"] if rng.random() < 0.2 else []) + ["taxes", "amount"]
    heads = {"desc": words["desc"], "qty": words["qty"], "unit": words["unit"], "discount": words["discount"],
             "taxes": words["taxes"], "amount": words["amount"]}
    rows = [(words["ht"], _m(ctx, ctx["ht"]), True)]
    for rate, _base, tax in ctx["breakdown"]:
        rows.append((f"TVA {_rate(rate)}", _m(ctx, tax), False))
    rows.append((words["total"], _m(ctx, ctx["ttc"]), True))
    paid, left_to_pay = _paid(ctx)
    if paid is not None:
        rows.append((f"{words['paid_on']} {_day(ctx, day)}", _m(ctx, paid), False))
        rows.append((words["due_amount"], _m(ctx, left_to_pay), True))
    notes = []
    if not ctx["credit"]:
        communication = ctx["number"] if rng.random() < 0.75 else f"RF{_digits(rng, 2)} {_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"
        notes.append(f"{_e(words['communication'])} <b>{_e(communication)}</b>")
    if rng.random() < 0.7:
        notes.append(_e(rng.choice(ODOO_TERMS)))  # the payment term's own note, printed alone
    if ctx["reverse"]:
        notes.append(_e(rng.choice(blind.LABELS["fr"]["reverse"])))
    if ctx["exempt"]:
        notes.append(_e(rng.choice(blind.LABELS["fr"]["exempt"])))
    if rng.random() < 0.6:
        notes.append(f"IBAN {_e(grouped(ctx['iban']))} - BIC {_e(ctx['bic'])}")
    ctx["footer"] = _footer(ctx)
    ctx["page_pattern"] = f"{words['page']} {{}} / {{}}"
    # the company in the layout's header (logo, address), the customer's address in the body, at the right, under it
    return (company + _side("", customer, 55) + f'<h2 style="margin-top:8mm">{_e(title)}</h2>'
            f'<table style="margin-top:2mm"><tr>{row}</tr></table>' + _grid(ctx, keys, heads)
            + f'<div style="margin-top:3mm">{_rows(rows)}</div>'
            + "".join(f'<p style="margin:2mm 0">{note}</p>' for note in notes))


# ---------------------------------------------------------------------------
# InvoicePlane, Crater
# ---------------------------------------------------------------------------


def _layout_invoiceplane(ctx: dict) -> str:
    """InvoicePlane's default PDF template in French: the company and the client side by side, « Facture 12 » with a
    small table of dates and the amount due, the items, the totals with « Payé » and « Solde », the terms."""
    words, rng, day = WORDS["invoiceplane"], ctx["fs_rng"], ctx["issue_day"]
    n = rng.randint(1, 9999)
    ctx["number"] = rng.choice([str(n), f"FAC-{day.year}-{n:04d}", f"{day.year}{day.month:02d}{n % 1000:03d}",
                                f"F{day.year}-{n:03d}"])
    if ctx["credit"]:
        ctx["number"] = f"AV-{day.year}-{n:04d}"
    company = "<br>".join(_seller_lines(ctx))
    if ctx["seller_vat"] and rng.random() < 0.6:
        company += f"<br>{_e(words['vat'])} : {_e(ctx['seller_vat'])}"
    client = "<br>".join(_buyer_lines(ctx, words["vat"]))
    paid, left_to_pay = _paid(ctx)
    details = [(words["date"], _day(ctx, day))]
    if ctx["due_day"]:
        details.append((words["due"], _day(ctx, ctx["due_day"])))
    details.append((words["amount_due"], _m(ctx, ctx["ttc"] if paid is None else left_to_pay)))
    table = "".join(f"<tr><td>{_e(k)} :</td><td style='text-align:right;padding-left:6mm'>{v if k == words['amount_due'] else _e(v)}</td></tr>"
                    for k, v in details)
    heading = f'<h1 style="font-size:18pt">{_e(words["title"])} {_e(ctx["number"])}</h1><table>{table}</table>'
    keys = ["item", "desc", "qty", "unit", "amount"]
    heads = {"item": words["item"], "desc": words["desc"], "qty": words["qty"], "unit": words["price"],
             "amount": words["total_col"]}
    rows = [(words["subtotal"], _m(ctx, ctx["ht"]), False)]
    for rate, _base, tax in ctx["breakdown"]:
        rows.append((f"TVA ({rate.replace('.', ',')},00%)", _m(ctx, tax), False))
    rows.append((words["total"], _m(ctx, ctx["ttc"]), True))
    rows.append((words["paid"], _m(ctx, paid if paid is not None else 0 * ctx["ttc"]), False))
    rows.append((words["balance"], _m(ctx, ctx["ttc"] if paid is None else left_to_pay), True))
    terms = ""
    if rng.random() < 0.7:
        terms = (f'<p><b>{_e(words["terms"])}</b><br>{_e(rng.choice(blind.LABELS["fr"]["terms"]))}<br>'
                 f'IBAN {_e(grouped(ctx["iban"]))} – BIC {_e(ctx["bic"])}</p>')
    ctx["footer"] = _footer(ctx) if rng.random() < 0.7 else ""
    if not ctx["footer"]:  # no legal footer: the company's identifiers under its address
        company += _identifiers(ctx)
    ctx["page_pattern"] = "{} / {}"
    return _side(company, client, 50) + heading + _grid(ctx, keys, heads) + _rows(rows) + terms


def _layout_crater(ctx: dict) -> str:
    """Crater's invoice1–3 in French: the company at the top left, a references table at the right (« Numéro »,
    « Date », « Date d’échéance »), « Facturer à » and « Expédier à », « Articles », the totals, the notes."""
    words, rng, day = WORDS["crater"], ctx["fs_rng"], ctx["issue_day"]
    n = rng.randint(1, 999999)
    ctx["number"] = rng.choice([f"INV-{n:06d}", f"FA-{n:06d}", f"FACT-{n:06d}"])
    if ctx["credit"]:
        ctx["number"] = f"AV-{n:06d}"
    issued = _day(ctx, day) if rng.random() < 0.6 else blind.date_text(day, "fr", "words", 0)
    refs = [(words["number"], ctx["number"]), (words["date"], issued)]
    if ctx["due_day"]:
        refs.append((words["due"], _day(ctx, ctx["due_day"])))
    table = "".join(f'<tr><td class="muted" style="padding:1pt 6pt">{_e(k)}</td><td style="padding:1pt 6pt">{_e(v)}</td></tr>'
                    for k, v in refs)
    company = _logo(ctx) + "<br>" + "<br>".join(_seller_lines(ctx))
    bill = f'<div class="muted">{_e(words["to"])}</div>' + "<br>".join(_buyer_lines(ctx, "TVA"))
    ship = ""
    if rng.random() < 0.4:
        ship = (f'<div class="muted">{_e(words["ship"])}</div><span class="strong">{_e(ctx["buyer"])}</span><br>'
                f'{_e(ctx["buyer_street"])}<br>{_e(ctx["buyer_place"][0])} {_e(ctx["buyer_place"][1])}')
    keys = ["desc", "qty", "unit"] + (["discount"] if rng.random() < 0.3 else []) + ["amount"]
    heads = {"desc": words["items"], "qty": words["qty"], "unit": words["price"], "discount": words["discount"],
             "amount": words["amount"]}
    rows = [(words["subtotal"], _m(ctx, ctx["ht"]), False)]
    for rate, _base, tax in ctx["breakdown"]:
        rows.append((f"TVA ({rate.replace('.', ',')}%)", _m(ctx, tax), False))
    rows.append((words["total"], _m(ctx, ctx["ttc"]), True))
    notes = ""
    if rng.random() < 0.6:
        notes = (f'<p><span class="strong">{_e(words["notes"])}</span><br>{_e(rng.choice(blind.LABELS["fr"]["terms"]))}'
                 f'<br>IBAN {_e(grouped(ctx["iban"]))}</p>')
    ctx["footer"] = _footer(ctx) if rng.random() < 0.6 else ""
    if not ctx["footer"]:  # no legal footer: the company's identifiers under its address
        company += _identifiers(ctx)
    ctx["page_pattern"] = "{} / {}"
    top = _side(company, f'<div style="font-size:18pt" class="strong">{_e(words["title"])}</div><table>{table}</table>', 55)
    return top + _side(bill, ship, 50) + _grid(ctx, keys, heads) + _rows(rows) + notes


def _page(render):
    def draw(ctx: dict) -> str:
        ctx["fs_rng"] = random.Random(f"blind-frsoft-page-{ctx['number']}-{ctx['legal_name']}")
        ctx["fs_boxed"] = ctx["fs_rng"].random() < 0.5
        if render is not _layout_crabe and render is not _layout_sponge and "€" not in ctx["style"][2]:
            ctx["style"] = (*ctx["style"][:2], "{} €")  # these programs print the currency's sign by each amount
        page = render(ctx)
        del ctx["fs_rng"]  # not a value of the invoice's context
        return page
    draw.__doc__ = render.__doc__
    return draw


blind.RENDER.update({"fs_crabe": _page(_layout_crabe), "fs_sponge": _page(_layout_sponge), "fs_odoo": _page(_layout_odoo),
                     "fs_invoiceplane": _page(_layout_invoiceplane), "fs_crater": _page(_layout_crater)})
