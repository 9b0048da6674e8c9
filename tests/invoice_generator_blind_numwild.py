"""The invoice number as invoicing software prints it, among rival codes with their own labels (issue 13, branch
numrank2-13g): blind seeds 109500–109999.

The labels are those of the translation files of invoicing programs (Invoice Ninja ``lang/*/texts.php``: invoice_number,
invoice_no, po_number, client_number, quote_number, delivery_note, account_number, tracking_id, payment_reference;
Akaunting ``resources/lang/*/invoices.php`` and ``general.php``: order_number, tax_number; InvoiceShelf ``lang/*.json``:
invoice_number « N° », ref_number, estimate_number; Paymenter ``lang/*/invoices.php``: « Facture #:id », « Paiement pour
la facture #:number »), the few they lack from the texts that name them (the SEPA mandate's reference, an energy meter's
delivery point, an insurance policy). The number is printed in one of the places invoices print it:

- in the title line (« FACTURE FA-2026-0042 », « Facture #0042 »);
- in a header grid, a row of labels over a row of values, among rivals;
- in a box at the right, label and value rows;
- label above value, blocks side by side;
- its label at the left and its value far at the right of the line (a wide gap between them);
- its label wrapped on two lines in a narrow cell (« Numéro de / facture »);
- only in the payment sentence (« Paiement pour la facture #FA-2026-0042 »), the title with no number.

Shapes: FA-2026-0042, 2026/0042, 000123, INV0042-A, F 2026 00042, a « # » glued before it at times. Rivals (2 to 6):
order, customer, quote, delivery note, contract, purchase order, account, tracking, mandate, meter, policy, VAT number,
SIRET, IBAN, phone, each with its own label, some shaped like the number (other digits). The number may be printed again
in a payment sentence, or a rival given as the payment reference.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [NUMWILD_FROM, NUMWILD_TO) by a lazy import,
French about half: ``bench_readings.py --part blind --start 109500``. Seeds 109500–109874 tune, 109875–109999 are held
out (measured, their misses never read). The truth is the number as printed, without the « # » glued before it.
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator import grouped
from invoice_generator_blind import _bank, _buyer_block, _digits, _e, _lines, _logo, _mentions, _recap, _seller_block, _terms, _totals
from invoice_generator_blind_rivals import _cased  # a label's case: as written, capitalised, in capitals

NUMWILD_FROM = 109_500
NUMWILD_TO = 110_000
#: Seeds from here on are the hold-out: measured, never read.
HOLDOUT_FROM = 109_875
LAYOUTS = ("nw_titre", "nw_grille", "nw_encadre", "nw_dessus", "nw_ecart", "nw_replie", "nw_paiement")
LANGUAGE_WEIGHTS = {"fr": 0.5, "en": 0.125, "de": 0.125, "es": 0.125, "it": 0.125}

#: Labels per language (keys start with « nw_ »). ``nw_own``: the invoice's number; ``nw_credit``: a credit note's;
#: ``nw_rivals``: « kind|label » of another code; ``nw_pay``: a payment sentence, ``{}`` the number (or a rival's code
#: for the last, the payment reference's label).
NUMWILD_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "nw_own": ["Numéro de facture", "Facture n°", "N° de facture", "Facture #", "N°", "Numéro"],
        "nw_credit": ["Numéro d'avoir", "Avoir n°"],
        "nw_rivals": ["order|Numéro de commande", "po|N° de Bon de Commande", "customer|Numéro de client",
                      "customer|Numéro d'identification du client", "quote|Devis numéro", "delivery|Bon de livraison",
                      "contract|N° de contrat", "account|N° de compte", "tracking|ID de suivi", "mandate|Référence unique de mandat",
                      "meter|Point de livraison", "policy|N° de police", "vat|Numéro de TVA", "siret|SIRET", "iban|IBAN",
                      "phone|Téléphone", "project|N° projet", "reference|N° de référence"],
        "nw_pay": ["Paiement pour la facture {}", "Merci d'indiquer la référence {} lors de votre virement.",
                   "Veuillez rappeler le numéro de facture {} avec votre règlement.", "Référence de paiement"],
    },
    "en": {
        "nw_own": ["Invoice Number", "Invoice No.", "Invoice #", "Number", "Invoice"],
        "nw_credit": ["Credit Number", "Credit Note No."],
        "nw_rivals": ["order|Order Number", "po|PO Number", "customer|Client Number", "customer|Client ID Number",
                      "quote|Quote Number", "delivery|Delivery Note", "contract|Contract No.", "account|Account Number",
                      "tracking|Tracking Id", "mandate|Mandate Reference", "meter|Meter Point Reference", "policy|Policy Number",
                      "vat|VAT Number", "iban|IBAN", "phone|Phone", "project|Project Number", "reference|Reference"],
        "nw_pay": ["Payment for invoice {}", "Please quote {} as the reference of your transfer.",
                   "Please include invoice number {} with your payment.", "Payment Reference"],
    },
    "de": {
        "nw_own": ["Rechnungsnummer", "Rechnung Nr.", "Rechnung #", "Nummer"],
        "nw_credit": ["Gutschriftnummer", "Gutschrift Nr."],
        "nw_rivals": ["order|Bestellnummer", "customer|Kundennummer", "quote|Angebotsnummer", "delivery|Lieferschein",
                      "contract|Vertragsnummer", "account|Kontonummer", "tracking|Sendungsnummer", "mandate|Mandatsreferenz",
                      "meter|Zählpunkt", "policy|Versicherungsschein-Nr.", "vat|USt-IdNr.", "vat|Steuernummer", "iban|IBAN",
                      "phone|Telefon", "project|Projektnummer", "reference|Ref-Nummer"],
        "nw_pay": ["Zahlung für Rechnung {}", "Bitte geben Sie bei der Überweisung {} als Verwendungszweck an.",
                   "Bitte überweisen Sie den Betrag unter Angabe der Rechnungsnummer {}.", "Zahlungsreferenz"],
    },
    "es": {
        "nw_own": ["Número de Factura", "Factura #", "Numero de factura", "Número", "Factura nº"],
        "nw_credit": ["Número de Crédito", "Nota de Crédito nº"],
        "nw_rivals": ["order|N.º de pedido", "po|Número de Orden", "customer|Cliente Número", "quote|Número de Presupuesto",
                      "delivery|Nota de Entrega", "contract|Número de contrato", "account|Número de Cuenta",
                      "tracking|Id de Rastreo", "mandate|Referencia del mandato", "meter|CUPS", "policy|Número de póliza",
                      "vat|CIF/NIF", "iban|IBAN", "phone|Teléfono", "project|Número de proyecto", "reference|Número de referencia"],
        "nw_pay": ["Pago de factura {}", "Indique {} como concepto de la transferencia.",
                   "Por favor, indique el número de factura {} en su pago.", "Referencia de pago"],
    },
    "it": {
        "nw_own": ["Numero Fattura", "Fattura N.", "Fattura #", "Numero"],
        "nw_credit": ["Numero Credito", "Nota di Credito N."],
        "nw_rivals": ["order|Numero d'ordine", "po|Numero d'ordine d'acquisto", "customer|Numero Cliente",
                      "customer|Numero ID cliente", "quote|Numero Preventivo", "delivery|Nota di consegna",
                      "contract|Numero contratto", "account|Numero account", "tracking|Id di tracciamento",
                      "mandate|Riferimento mandato", "meter|POD", "policy|Numero polizza", "vat|Partita IVA", "iban|IBAN",
                      "phone|Telefono", "project|Numero progetto", "reference|Numero di Riferimento"],
        "nw_pay": ["Pagamento per fattura {}", "Indicare {} come causale del bonifico.",
                   "Si prega di indicare il numero di fattura {} nel pagamento.", "Riferimento di pagamento"],
    },
}
blind.add_labels(NUMWILD_LABELS)

#: Prefixes of numbers per language (an issuer's series), credit notes' apart.
PREFIXES = {"fr": ["FA", "F", "FAC"], "en": ["INV", "IN"], "de": ["RE", "RG"], "es": ["FV", "FRA"], "it": ["FT", "FE"]}
CREDIT_PREFIXES = {"fr": ["AV"], "en": ["CN"], "de": ["GS"], "es": ["R"], "it": ["NC"]}
#: Prefixes of the rival codes shaped like the number (a series of their own).
RIVAL_PREFIXES = {"order": ["CMD", "SO", "BC"], "po": ["PO", "BC"], "customer": ["C", "CL", "CUST"], "quote": ["DEV", "Q", "AN"],
                  "delivery": ["BL", "DN", "LS"], "contract": ["CT", "K"], "project": ["PRJ", "P"], "reference": ["REF", "R"]}


def label_strings() -> set[str]:
    """Every label of this module (for the tests that compare families' wordings)."""
    return {text.split("|")[-1] for text in blind.wordings(NUMWILD_LABELS)}


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``'s page."""
    rng = random.Random(f"blind-numwild-{seed}")
    return rng.choice(LAYOUTS), rng.choices(list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values()))[0]


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [NUMWILD_FROM, NUMWILD_TO)): the family's draws, this module's page and number."""
    layout, language = draw(seed)
    return blind.numbered_invoice(seed, language, layout)


def _shape(ctx: dict) -> str:
    """The number: FA-2026-0042, 2026/0042, 000123, INV0042-A, F 2026 00042 and their kin."""
    rng, day, language = ctx["rng"], ctx["issue_day"], ctx["language"]
    prefix = rng.choice(CREDIT_PREFIXES[language] if ctx["credit"] else PREFIXES[language])
    year, seq = str(day.year), f"{rng.randint(1, 9999):0{rng.choice([4, 4, 5])}d}"
    return rng.choice([
        f"{prefix}-{year}-{seq}", f"{year}/{seq}", f"{rng.randint(1, 99999):06d}", f"{prefix}{seq}-{rng.choice('ABC')}",
        f"{prefix[0]} {year} {rng.randint(1, 99999):05d}", f"{prefix}{year}{seq}", f"{year}-{seq}", f"{prefix}/{year[2:]}/{seq}",
    ])


def _rival_value(ctx: dict, kind: str) -> str:
    """A rival's value: shaped like the number (other digits, its own series) for a document's code, its own shape else."""
    rng, language = ctx["rng"], ctx["language"]
    if kind in RIVAL_PREFIXES and rng.random() < 0.5:
        own = ctx["number"]
        shaped = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in own)
        head = "".join(c for c in own[:4] if c.isalpha())
        return shaped.replace(head, rng.choice(RIVAL_PREFIXES[kind]), 1) if head else shaped
    if kind in RIVAL_PREFIXES:
        return rng.choice([f"{rng.choice(RIVAL_PREFIXES[kind])}-{_digits(rng, rng.randint(4, 7))}", _digits(rng, rng.randint(5, 8)),
                           f"{rng.choice(RIVAL_PREFIXES[kind])}{ctx['issue_day'].year}{_digits(rng, 4)}"])
    if kind == "account":
        return rng.choice([_digits(rng, 7), f"411{_digits(rng, 5)}", f"{_digits(rng, 3)}-{_digits(rng, 5)}"])
    if kind == "tracking":
        return rng.choice([f"1Z{_digits(rng, 3)}AA1{_digits(rng, 8)}", f"6A{_digits(rng, 11)}", f"JD{_digits(rng, 16)}"])
    if kind == "mandate":
        return rng.choice([f"RUM-{ctx['issue_day'].year - 2}-{_digits(rng, 6)}", f"MNDT{_digits(rng, 6)}", f"++{_digits(rng, 10)}"])
    if kind == "meter":
        return rng.choice([" ".join(_digits(rng, 14)[i:i + 2] for i in range(0, 14, 2)), _digits(rng, 14),
                           f"ES{_digits(rng, 16)}JN", f"IT001E{_digits(rng, 8)}"])
    if kind == "policy":
        return rng.choice([f"POL-{_digits(rng, 7)}", f"{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 4)}", f"A{_digits(rng, 9)}"])
    if kind == "vat":
        return ctx["buyer_vat"] or blind.vat_id(language, rng)
    if kind == "siret":
        return f"{ctx['siren'][:3]} {ctx['siren'][3:6]} {ctx['siren'][6:]} {_digits(rng, 5)}"
    if kind == "iban":
        return grouped(ctx["iban"])
    return ctx["phone"]  # phone


def _rivals(ctx: dict, count: int) -> list[tuple[str, str]]:
    """``count`` rival codes with their labels, of different kinds."""
    rng, seen, pairs = ctx["rng"], set(), []
    for entry in rng.sample(NUMWILD_LABELS[ctx["language"]]["nw_rivals"], len(NUMWILD_LABELS[ctx["language"]]["nw_rivals"])):
        kind, label = entry.split("|")
        if kind in seen:
            continue
        seen.add(kind)
        pairs.append((_cased(rng, label), _rival_value(ctx, kind)))
        if len(pairs) == count:
            break
    return pairs


def _own_label(ctx: dict) -> str:
    key = "nw_credit" if ctx["credit"] else "nw_own"
    return _cased(ctx["rng"], ctx["rng"].choice(NUMWILD_LABELS[ctx["language"]][key]))


def _signed(ctx: dict, number: str) -> str:
    """The number with a « # » glued before it at times."""
    return f"#{number}" if ctx["rng"].random() < 0.2 else number


def _payment(ctx: dict, *, own: bool) -> str:
    """A payment sentence carrying the number (``own``), or the payment reference's label over a rival's code, or none."""
    rng, said = ctx["rng"], NUMWILD_LABELS[ctx["language"]]["nw_pay"]
    if own:
        sentence = rng.choice(said[:3]).format(_signed(ctx, ctx["number"]))
        return f'<p style="margin-top:3mm">{_e(sentence)}</p>'
    if rng.random() < 0.25:
        return f'<p style="margin-top:3mm">{_e(said[3])} : {_e(ctx["customer"])}</p>'
    if rng.random() < 0.3:
        return f'<p style="margin-top:3mm">{_e(rng.choice(said[:3]).format(_signed(ctx, ctx["number"])))}</p>'
    return ""


def _head(ctx: dict, title: str) -> str:
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:{ctx["rng"].choice([15, 17, 20])}pt" class="accent strong">{_e(title)}</div>
</td></tr></table><div style="margin:5mm 0 0 95mm">{_buyer_block(ctx)}</div>"""


def _tail(ctx: dict, payment: str) -> str:
    return f"{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{payment}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"


def _pairs(ctx: dict, own: tuple[str, str] | None, low: int = 2, high: int = 5) -> list[tuple[str, str]]:
    """The number's pair (when given), its rivals and the dates, in an order of their own (the number not always first)."""
    rng = ctx["rng"]
    pairs = _rivals(ctx, rng.randint(low, high)) + [(blind._pick(ctx, "date"), ctx["issue"])]
    if ctx["due"] and rng.random() < 0.6:
        pairs.append((blind._pick(ctx, "due"), ctx["due"]))
    if own is not None:
        pairs.insert(rng.randrange(len(pairs) + 1) if rng.random() < 0.6 else 0, own)
    return pairs


CELL = "border:0.6pt solid #777;padding:2pt 4pt"


def _grid(pairs: list[tuple[str, str]], *, width: str = "") -> str:
    head = "".join(f'<th style="{CELL};{width}font-size:0.8em;text-align:left;vertical-align:bottom">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="{CELL}">{_e(v)}</td>' for _k, v in pairs)
    return f'<table style="margin-top:4mm"><tr>{head}</tr><tr>{vals}</tr></table>'


def _layout_titre(ctx: dict) -> str:
    """The number in the title line (« FACTURE FA-2026-0042 », « Facture #0042 »), rivals in references under it."""
    rng = ctx["rng"]
    sign = rng.choice(["", "", "#", "# ", "N° " if ctx["language"] == "fr" else "No. "])
    title = f"{ctx['title']} {sign}{ctx['number']}"
    title = title.upper() if rng.random() < 0.4 else title
    pairs = _pairs(ctx, None)
    body = _grid(pairs) if rng.random() < 0.5 else '<p style="margin-top:4mm">' + "<br>".join(
        f"{_e(k)} : {_e(v)}" for k, v in pairs) + "</p>"
    return _head(ctx, title) + body + _tail(ctx, _payment(ctx, own=False))


def _layout_grille(ctx: dict) -> str:
    """A header grid: a row of labels over a row of values, the number among its rivals."""
    rng = ctx["rng"]
    pairs = _pairs(ctx, (_own_label(ctx), _signed(ctx, ctx["number"])), 2, 5)
    width = f"width:{min(26, 170 // len(pairs))}mm;" if rng.random() < 0.4 else ""
    return _head(ctx, ctx["title"]) + _grid(pairs, width=width) + _tail(ctx, _payment(ctx, own=False))


def _layout_encadre(ctx: dict) -> str:
    """A box at the right: label and value rows, the number among rivals."""
    rng = ctx["rng"]
    pairs = _pairs(ctx, (_own_label(ctx), _signed(ctx, ctx["number"])), 2, 4)
    colon = rng.choice(["", " :", ":"])
    rows = "".join(f'<tr><td style="padding:1pt 6pt" class="muted">{_e(k)}{colon}</td>'
                   f'<td style="padding:1pt 6pt;text-align:right">{_e(v)}</td></tr>' for k, v in pairs)
    box = f'<table style="margin:4mm 0 0 auto;border:0.8pt solid #555">{rows}</table>'
    return _head(ctx, ctx["title"]) + box + _tail(ctx, _payment(ctx, own=False))


def _layout_dessus(ctx: dict) -> str:
    """Label above value, blocks side by side (two rows of blocks when many)."""
    pairs = _pairs(ctx, (_own_label(ctx), _signed(ctx, ctx["number"])), 2, 6)
    rows = [pairs[:4], pairs[4:]] if len(pairs) > 4 else [pairs]
    html = ""
    for row in rows:
        blocks = "".join(f'<td style="padding-right:8mm;vertical-align:top"><div class="muted" style="font-size:0.85em">{_e(k)}</div>'
                         f'<div class="strong">{_e(v)}</div></td>' for k, v in row)
        html += f'<table style="margin-top:3mm"><tr>{blocks}</tr></table>'
    return _head(ctx, ctx["title"]) + html + _tail(ctx, _payment(ctx, own=False))


def _layout_ecart(ctx: dict) -> str:
    """Each label at the left of the line, its value far at the right: a wide gap between them."""
    pairs = _pairs(ctx, (_own_label(ctx), _signed(ctx, ctx["number"])), 2, 4)
    rows = "".join(f'<tr><td style="padding:1pt 0">{_e(k)}</td><td style="padding:1pt 0;text-align:right">{_e(v)}</td></tr>'
                   for k, v in pairs)
    width = ctx["rng"].choice(["100%", "80%", "60%"])
    return _head(ctx, ctx["title"]) + f'<table style="margin-top:4mm;width:{width}">{rows}</table>' + _tail(ctx, _payment(ctx, own=False))


def _wrapped(label: str) -> str:
    """A label cut on two lines at its middle space (« Numéro de / facture »), as it is when it has none."""
    words = label.split(" ")
    if len(words) < 2:
        return _e(label)
    cut = (len(words) + 1) // 2
    return f"{_e(' '.join(words[:cut]))}<br>{_e(' '.join(words[cut:]))}"


def _layout_replie(ctx: dict) -> str:
    """Narrow label cells wrapping their labels on two lines, the value beside (at the top or the bottom) or under."""
    rng = ctx["rng"]
    pairs = _pairs(ctx, (_own_label(ctx), _signed(ctx, ctx["number"])), 2, 4)
    align = rng.choice(["top", "bottom", "middle"])
    if rng.random() < 0.5:
        rows = "".join(f'<tr><td style="{CELL};width:22mm;vertical-align:{align}">{_wrapped(k)}</td>'
                       f'<td style="{CELL};vertical-align:{align}">{_e(v)}</td></tr>' for k, v in pairs)
        body = f'<table style="margin:4mm 0 0 auto">{rows}</table>'
    else:
        head = "".join(f'<th style="{CELL};font-size:0.8em;text-align:left;vertical-align:bottom">{_wrapped(k)}</th>' for k, _v in pairs)
        vals = "".join(f'<td style="{CELL}">{_e(v)}</td>' for _k, v in pairs)
        body = f'<table style="margin-top:4mm"><tr>{head}</tr><tr>{vals}</tr></table>'
    return _head(ctx, ctx["title"]) + body + _tail(ctx, _payment(ctx, own=False))


def _layout_paiement(ctx: dict) -> str:
    """The number only in the payment sentence; the title has none, the rivals have their labels."""
    pairs = _pairs(ctx, None, 2, 4)
    body = _grid(pairs) if ctx["rng"].random() < 0.5 else '<p style="margin-top:4mm">' + "<br>".join(
        f"{_e(k)} : {_e(v)}" for k, v in pairs) + "</p>"
    return _head(ctx, ctx["title"]) + body + _tail(ctx, _payment(ctx, own=True))


def _numbered(render):
    """A layout that draws its number first (the family's is replaced by one of this module's shapes)."""
    def page(ctx: dict) -> str:
        ctx["number"] = _shape(ctx)
        return render(ctx)
    page.__doc__ = render.__doc__
    return page


blind.RENDER.update({name: _numbered(render) for name, render in zip(LAYOUTS, (
    _layout_titre, _layout_grille, _layout_encadre, _layout_dessus, _layout_ecart, _layout_replie, _layout_paiement), strict=True)})
