"""The invoice number where no known label names it (issue 13, branch numrecall-13e): recall from structure.

Invoices whose number's label is composed at random from parts (a number sign, a noun naming the document
— pièce, titre, relevé, avis, bordereau, folio… —, a qualifier, a preposition, case, colon or none), printed
on the value's line or above it in a header box or a grid; or that print NO label at all: the number beside or
under the document's title, or only in a payment sentence (« Merci de rappeler la référence … sur votre
virement ») and a footer. Two to five other identifiers stand on the page (customer, contract, order, delivery,
meter, account, file…), their labels composed the same way from their own nouns, their values code-shaped too
(some with the year). Five languages, French about half.

Drawn for seeds from RECALL_FROM to RECALL_TO by ``invoice_generator_blind.make_invoice`` (a lazy import): the
invoice is the blind family's for the seed's draws, rendered by a layout of this module, which prints its own
number (the truth follows). This module's draws (``random.Random("blind-recall-<seed>")``) pick the layout and
the language; the page's draws come from the invoice's own values. ``bench_readings.py --part blind --start
90000`` reads them (90000–91499 to tune, 91500–91999 held out).
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator_blind import _bank, _buyer_block, _e, _lines, _logo, _mentions, _recap, _seller_block, _totals

RECALL_FROM = 90_000
RECALL_TO = 92_000
RECALL_LAYOUTS = ("libelle_compose", "grille_composee", "titre_code", "phrase_virement")
RECALL_WEIGHTS = (0.5, 0.125, 0.125, 0.125, 0.125)

# Parts the labels are composed of, per language. Keys start with « r_ » (none of the family's keys does).
# r_sign: a number sign; r_own: nouns naming the document (bare, and with its preposition and article);
# r_qual: what may follow the noun; r_rival: the other identifiers' nouns (bare, with preposition), r_code: their
# other heads (« Code client », « Réf. contrat »).
RECALL_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "r_sign": ["N°", "Nº", "n°", "No.", "No", "Numéro", "Num.", "#", "Réf.", "Référence"],
        "r_own": ["pièce|de la pièce", "titre|du titre", "relevé|du relevé", "avis|de l'avis", "note|de la note",
                  "bordereau|du bordereau", "folio|du folio", "document|du document", "opération|de l'opération",
                  "justificatif|du justificatif", "décompte|du décompte", "mémoire|du mémoire", "quittance|de la quittance",
                  "état|de l'état", "écriture|de l'écriture"],
        "r_qual": ["comptable", "de recette", "de facturation", "d'émission", "définitif", "unique"],
        "r_rival": ["client|du client", "contrat|du contrat", "commande|de la commande", "bon de livraison|du bon de livraison",
                    "compteur|du compteur", "dossier|du dossier", "mandat|du mandat", "compte|du compte",
                    "abonné|de l'abonné", "adhérent|de l'adhérent", "devis|du devis", "BL|du BL", "affaire|de l'affaire",
                    "point de livraison|du point de livraison", "sinistre|du sinistre", "police|de la police"],
        "r_code": ["Code", "Identifiant", "Réf.", "Matricule"],
        "r_title": ["Facture", "FACTURE", "Facture d'acompte", "Note", "NOTE", "Avoir", "Facture de doit", "Mémoire",
                    "Facture récapitulative", "Relevé de facturation", "Titre de recette"],
        "r_pay_intro": ["Merci de rappeler", "Veuillez indiquer", "À mentionner obligatoirement", "Merci d'indiquer",
                        "Prière de reporter"],
        "r_pay_what": ["la référence", "le numéro", "la pièce", "le code"],
        "r_pay_where": ["sur votre virement", "lors de votre règlement", "dans le libellé de votre virement",
                        "au dos de votre chèque", "en communication de votre paiement"],
        "r_pay_label": ["Référence du virement", "Libellé du virement", "Communication à rappeler", "Motif du paiement"],
    },
    "en": {
        "r_sign": ["No.", "No", "Number", "#", "Nbr", "Ref.", "Reference", "Num."],
        "r_own": ["document|of document", "statement|of statement", "notice|of notice", "voucher|of voucher",
                  "bill|of bill", "folio|of folio", "record|of record", "transaction|of transaction", "slip|of slip",
                  "memo|of memo", "advice|of advice", "docket|of docket", "entry|of entry"],
        "r_qual": ["billing", "accounting", "tax", "sales", "posting"],
        "r_rival": ["customer|of customer", "account|of account", "contract|of contract", "order|of order",
                    "delivery note|of delivery note", "meter|of meter", "project|of project", "mandate|of mandate",
                    "member|of member", "policy|of policy", "PO|of PO", "claim|of claim", "job|of job"],
        "r_code": ["Code", "ID", "Ref."],
        "r_title": ["Invoice", "INVOICE", "Service invoice", "Bill", "Statement", "Credit note", "Interim invoice"],
        "r_pay_intro": ["Please quote", "Kindly use", "Always state", "Please include"],
        "r_pay_what": ["the reference", "the number", "the code"],
        "r_pay_where": ["with your payment", "on your bank transfer", "as the payment reference", "when paying"],
        "r_pay_label": ["Payment reference", "Transfer reference", "Remittance ref."],
    },
    "de": {
        "r_sign": ["Nr.", "Nummer", "No.", "#", "Ref.", "Referenz"],
        "r_own": ["Beleg|des Belegs", "Dokument|des Dokuments", "Buchung|der Buchung", "Faktura|der Faktura",
                  "Nota|der Nota", "Auszug|des Auszugs", "Quittung|der Quittung", "Bescheid|des Bescheids",
                  "Mitteilung|der Mitteilung", "Abrechnung|der Abrechnung", "Vorgang|des Vorgangs"],
        "r_qual": ["intern", "Buchhaltung", "Faktura"],
        "r_rival": ["Kunde|des Kunden", "Vertrag|des Vertrags", "Auftrag|des Auftrags", "Bestellung|der Bestellung",
                    "Lieferschein|des Lieferscheins", "Zähler|des Zählers", "Konto|des Kontos", "Mandat|des Mandats",
                    "Mitglied|des Mitglieds", "Police|der Police", "Projekt|des Projekts", "Objekt|des Objekts"],
        "r_code": ["Kennung", "ID", "Ref."],
        "r_title": ["Rechnung", "RECHNUNG", "Abschlagsrechnung", "Nota", "Gutschrift", "Faktura", "Abrechnung"],
        "r_pay_intro": ["Bitte geben Sie", "Bitte immer angeben:", "Bei Zahlung unbedingt angeben:"],
        "r_pay_what": ["die Referenz", "die Nummer", "den Beleg"],
        "r_pay_where": ["als Verwendungszweck an", "bei Ihrer Überweisung an", "im Betreff Ihrer Zahlung an"],
        "r_pay_label": ["Verwendungszweck", "Zahlungsreferenz", "Überweisungszweck"],
    },
    "es": {
        "r_sign": ["Nº", "N.º", "nº", "Núm.", "Número", "No.", "#", "Ref.", "Referencia"],
        "r_own": ["documento|del documento", "recibo|del recibo", "nota|de la nota", "aviso|del aviso",
                  "justificante|del justificante", "comprobante|del comprobante", "asiento|del asiento",
                  "liquidación|de la liquidación", "extracto|del extracto", "minuta|de la minuta", "cargo|del cargo"],
        "r_qual": ["contable", "de cobro", "de emisión", "único"],
        "r_rival": ["cliente|del cliente", "contrato|del contrato", "pedido|del pedido", "albarán|del albarán",
                    "contador|del contador", "cuenta|de la cuenta", "póliza|de la póliza", "expediente|del expediente",
                    "mandato|del mandato", "abonado|del abonado", "socio|del socio", "obra|de la obra"],
        "r_code": ["Cód.", "Id.", "Ref."],
        "r_title": ["Factura", "FACTURA", "Factura de anticipo", "Nota", "Minuta", "Factura rectificativa", "Recibo-factura"],
        "r_pay_intro": ["Indique", "Rogamos indiquen", "Haga constar siempre"],
        "r_pay_what": ["la referencia", "el número", "el código"],
        "r_pay_where": ["en su transferencia", "como concepto del pago", "al realizar el ingreso"],
        "r_pay_label": ["Concepto de la transferencia", "Referencia del pago", "Concepto del ingreso"],
    },
    "it": {
        "r_sign": ["N.", "N°", "Nr.", "Num.", "Numero", "#", "Rif.", "Riferimento"],
        "r_own": ["documento|del documento", "avviso|dell'avviso", "ricevuta|della ricevuta", "nota|della nota",
                  "distinta|della distinta", "estratto|dell'estratto", "prospetto|del prospetto",
                  "registrazione|della registrazione", "protocollo|del protocollo", "conto|del conto", "cedola|della cedola"],
        "r_qual": ["contabile", "di addebito", "di emissione", "unico"],
        "r_rival": ["cliente|del cliente", "contratto|del contratto", "ordine|dell'ordine", "DDT|del DDT",
                    "contatore|del contatore", "utenza|dell'utenza", "pratica|della pratica", "mandato|del mandato",
                    "commessa|della commessa", "polizza|della polizza", "socio|del socio", "cantiere|del cantiere"],
        "r_code": ["Cod.", "Rif.", "ID"],
        "r_title": ["Fattura", "FATTURA", "Fattura d'acconto", "Nota", "Parcella", "Nota di credito", "Ricevuta fiscale"],
        "r_pay_intro": ["Si prega di indicare", "Riportare sempre", "Indicare obbligatoriamente"],
        "r_pay_what": ["il riferimento", "il numero", "il codice"],
        "r_pay_where": ["nella causale del bonifico", "nel pagamento", "come causale del versamento"],
        "r_pay_label": ["Causale del bonifico", "Causale di versamento", "Riferimento pagamento"],
    },
}
#: The single words any invoice prints (a number sign, a rival's noun, a code's head, a qualifier): drawn from here,
#: not added to the family's label wordings (shared with other families as words, never as the labels composed of them).
WORD_PARTS = ("r_sign", "r_rival", "r_code", "r_qual")
RECALL_WORDS = {language: {key: table.pop(key) for key in WORD_PARTS} for language, table in RECALL_LABELS.items()}
blind.add_labels(RECALL_LABELS)


def label_strings() -> set[str]:
    """The parts that read as labels or sentences by themselves (the document's nouns, titles, payment words), for
    the tests that none is shared with another family."""
    return blind.wordings(RECALL_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``, by this module's own draws."""
    return blind.module_draw("recall", seed, RECALL_LAYOUTS, RECALL_WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [RECALL_FROM, RECALL_TO)): the family's draws, rendered by a layout of this module,
    which prints a number of its own (the truth follows)."""
    layout, language = draw(seed)
    return blind.numbered_invoice(seed, language, layout)


# ---------------------------------------------------------------------------
# Composing labels and values
# ---------------------------------------------------------------------------


def _r(ctx: dict) -> random.Random:
    """This module's draws for the invoice (drawn apart, so the family's draws stay what they were), seeded once by
    the family's number, date and seller."""
    return ctx.get("r_rng") or ctx.setdefault("r_rng", random.Random(f"blind-recall-render-{ctx['number']}-{ctx['issue']}-{ctx['seller']}"))


def _part(ctx: dict, key: str) -> str:
    table = RECALL_WORDS[ctx["language"]] if key in WORD_PARTS else ctx["labels"]
    return _r(ctx).choice(table[key])


def _cased(rng: random.Random, text: str) -> str:
    """As printed: as written (most), all capitals, or its first letter up."""
    shape = rng.choices(["as", "upper", "first"], [5, 2, 3])[0]
    if shape == "upper":
        return text.upper()
    return text[:1].upper() + text[1:] if shape == "first" else text


def _composed(ctx: dict, nouns_key: str, *, bare: bool = True) -> str:
    """A label composed of a number sign and a noun of ``nouns_key`` (« N° de titre », « Relevé n° », « Nº del
    recibo », « Beleg-Nr. », « Statement No. »), maybe a qualifier, maybe the sign alone (``bare``)."""
    rng, lang = _r(ctx), ctx["language"]
    sign = _part(ctx, "r_sign")
    noun, with_article = _part(ctx, nouns_key).split("|")
    qualifier = f" {_part(ctx, 'r_qual')}" if nouns_key == "r_own" and rng.random() < 0.25 else ""
    shapes = ["sign_noun", "noun_sign", "sign_of_noun"] + (["sign"] if bare else [])
    if nouns_key == "r_rival":
        shapes.append("code_noun")
    shape = rng.choice(shapes)
    if shape == "sign":
        return _cased(rng, sign)
    if shape == "code_noun":
        return _cased(rng, f"{_part(ctx, 'r_code')} {noun}")
    if lang == "de" and shape != "sign_of_noun" and sign in ("Nr.", "Nummer") and rng.random() < 0.6:
        return f"{noun}-Nr." if sign == "Nr." else f"{noun}{'s' if noun.endswith(('ung', 'ag')) else ''}nummer".capitalize()
    if shape == "sign_noun":
        between = " de " if lang in ("fr", "es") and rng.random() < 0.5 and not sign.startswith("Réf") else " "
        return _cased(rng, f"{sign}{between}{noun}{qualifier}")
    if shape == "noun_sign":
        return _cased(rng, f"{noun}{qualifier} {sign}")
    return _cased(rng, f"{sign} {with_article}{qualifier}")


def _colon(ctx: dict, label: str) -> str:
    rng = _r(ctx)
    colon = rng.choice(["", ":", " :"] if ctx["language"] == "fr" else ["", ":"])
    return label + colon


def _code(ctx: dict, letters: str = "") -> str:
    """A code-shaped identifier of another kind (letters and digits, separators, sometimes the year)."""
    rng, year = _r(ctx), ctx["issue_day"].year
    head = letters or "".join(rng.choice("ABCDEFGHKLMNPRSTUVZ") for _ in range(rng.randint(1, 3)))
    digits = blind._digits(rng, rng.choice([4, 5, 6, 7, 8]))
    return rng.choice([f"{head}-{year}-{digits[:4]}", f"{head}{digits}", f"{digits}", f"{head}/{year % 100:02d}/{digits[:5]}",
                       f"{year}{digits[:4]}", f"{head} {digits}", f"{digits[:3]}-{digits[3:]}"])


def _own_number(ctx: dict) -> str:
    """The invoice's number: the family's varied shapes (most), or a code with letters of the document's kind."""
    rng, day = _r(ctx), ctx["issue_day"]
    if rng.random() < 0.7:
        return blind._varied_number(rng, day, ctx["credit"], ctx["language"])
    head = "".join(rng.choice("ABDEFGHNRTX") for _ in range(rng.randint(2, 3)))
    return rng.choice([f"{head}{day.year % 100:02d}{day.month:02d}{blind._digits(rng, 4)}",
                       f"{head}-{day.year}-{blind._digits(rng, 5)}", f"{day.year}/{head}/{blind._digits(rng, 4)}",
                       f"{head}{blind._digits(rng, 6)}"])


def _rivals(ctx: dict) -> list[tuple[str, str]]:
    """Two to five other identifiers, labels composed from their nouns, values code-shaped."""
    rng = _r(ctx)
    count = rng.randint(2, 5)
    out, seen = [], set()
    while len(out) < count:
        label = _colon(ctx, _composed(ctx, "r_rival", bare=False))
        if label.casefold() in seen:
            continue
        seen.add(label.casefold())
        out.append((label, _code(ctx)))
    return out


def _date_pair(ctx: dict) -> tuple[str, str]:
    return (ctx["rng"].choice(ctx["labels"]["date"]), ctx["issue"])


def _title(ctx: dict) -> str:
    return blind._kind_title(ctx) if ctx["credit"] else _cased(_r(ctx), _part(ctx, "r_title"))


def _page(ctx: dict, head: str, refs: str, *, extra: str = "", foot: str = "") -> str:
    """Seller and head, the buyer, the references, the lines and totals, then the payment's words."""
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right">{head}</td></tr></table>
<div style="margin:5mm 0 0 95mm">{_buyer_block(ctx)}</div>{refs}{extra}
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{foot}{_bank(ctx)}"""


def _big(ctx: dict, text: str) -> str:
    return f'<div style="font-size:{_r(ctx).choice([14, 16, 18, 20])}pt" class="accent strong">{_e(text)}</div>'


def _payment_words(ctx: dict) -> str:
    """The number in a payment sentence (« Merci de rappeler la référence … sur votre virement. ») or under a
    payment label (« Référence du virement : … »)."""
    rng, number = _r(ctx), ctx["number"]
    if rng.random() < 0.5:
        sentence = f"{_part(ctx, 'r_pay_intro')} {_part(ctx, 'r_pay_what')} {number} {_part(ctx, 'r_pay_where')}."
    else:
        sentence = f"{_part(ctx, 'r_pay_label')} : {number}" if ctx["language"] == "fr" else f"{_part(ctx, 'r_pay_label')}: {number}"
    return f"<p>{_e(sentence)}</p>"


def _footer(ctx: dict, title: str) -> None:
    """The number again at the foot, with the page (« Facture FA-12 – 1/1 »), as a CSS page counter."""
    rng = _r(ctx)
    ctx["page_pattern"] = f"{title} {ctx['number']} – {{}}/{{}}" if rng.random() < 0.5 else f"{ctx['number']} · {{}}/{{}}"


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def _layout_libelle_compose(ctx: dict) -> str:
    """A references box: the number under a composed label among the rivals, « label : value » or label over value."""
    ctx["number"] = _own_number(ctx)
    rng = _r(ctx)
    pairs = _rivals(ctx)
    pairs.insert(rng.randint(0, len(pairs)), (_colon(ctx, _composed(ctx, "r_own")), ctx["number"]))
    pairs.insert(rng.randint(0, len(pairs)), _date_pair(ctx))
    if ctx["due"]:
        pairs.append((ctx["rng"].choice(ctx["labels"]["due"]), ctx["due"]))
    title = _title(ctx)
    shape = rng.choice(["lines", "panel", "blocks"])
    if shape == "lines":
        refs = '<p style="margin-top:4mm">' + "<br>".join(f"{_e(k)} {_e(v)}" for k, v in pairs) + "</p>"
    elif shape == "panel":
        rows = "".join(f'<tr><td class="muted" style="padding-right:8pt">{_e(k)}</td><td>{_e(v)}</td></tr>' for k, v in pairs)
        refs = f'<table style="margin-top:4mm">{rows}</table>'
    else:
        refs = '<table style="margin-top:4mm"><tr>' + "".join(
            f'<td style="padding-right:6mm;vertical-align:top"><div class="muted">{_e(k)}</div><div class="strong">{_e(v)}</div></td>'
            for k, v in pairs) + "</tr></table>"
    if rng.random() < 0.5:  # the references in the head, under the title
        return _page(ctx, _big(ctx, title) + refs, "")
    return _page(ctx, _big(ctx, title), refs)


def _layout_grille_composee(ctx: dict) -> str:
    """A header grid: a row of composed labels over a row of values, the number's cell among the rivals'."""
    ctx["number"] = _own_number(ctx)
    rng = _r(ctx)
    pairs = _rivals(ctx)
    pairs.insert(rng.randint(0, len(pairs)), (_composed(ctx, "r_own"), ctx["number"]))
    pairs.insert(rng.randint(0, len(pairs)), _date_pair(ctx))
    cell = "border:0.6pt solid #777;padding:2pt 4pt"
    head = "".join(f'<th style="{cell};font-size:0.8em;text-align:left">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="{cell}">{_e(v)}</td>' for _k, v in pairs)
    grid = f'<table style="margin-top:4mm;width:100%"><tr>{head}</tr><tr>{vals}</tr></table>'
    extra = f"<p>{_e(ctx['rng'].choice(ctx['labels']['due']))} : {_e(ctx['due'])}</p>" if ctx["due"] else ""
    return _page(ctx, _big(ctx, _title(ctx)), grid, extra=extra)


def _layout_titre_code(ctx: dict) -> str:
    """No label: the number on the title's line (« FACTURE   FA-2024-0012 ») or just under it, the date under it,
    the rivals labelled in a box; often again in the payment's words or the footer."""
    ctx["number"] = _own_number(ctx)
    rng = _r(ctx)
    title = _title(ctx)
    date = ctx["issue"] if rng.random() < 0.5 else f"{ctx['rng'].choice(ctx['labels']['date'])} : {ctx['issue']}"
    where = rng.choice(["same", "same_gap", "below"])
    if where == "same":
        head = _big(ctx, f"{title} {ctx['number']}")
    elif where == "same_gap":
        head = (f'<table style="margin-left:auto"><tr><td style="padding-right:10mm">{_big(ctx, title)}</td>'
                f'<td class="strong" style="font-size:12pt">{_e(ctx["number"])}</td></tr></table>')
    else:
        head = f'{_big(ctx, title)}<div class="strong" style="font-size:{rng.choice([10, 11, 13])}pt">{_e(ctx["number"])}</div>'
    head += f"<div>{_e(date)}</div>"
    pairs = _rivals(ctx)
    if ctx["due"]:
        pairs.append((ctx["rng"].choice(ctx["labels"]["due"]), ctx["due"]))
    refs = '<p style="margin-top:4mm">' + "<br>".join(f"{_e(k)} {_e(v)}" for k, v in pairs) + "</p>"
    foot = _payment_words(ctx) if rng.random() < 0.5 else ""
    if rng.random() < 0.4:
        _footer(ctx, title)
    return _page(ctx, head, refs, foot=foot)


def _layout_phrase_virement(ctx: dict) -> str:
    """No label and no number in the head: the title and date there, the rivals labelled; the number only in the
    payment's words (« Merci de rappeler la référence … sur votre virement ») and maybe the footer."""
    ctx["number"] = _own_number(ctx)
    rng = _r(ctx)
    title = _title(ctx)
    pairs = _rivals(ctx)
    pairs.insert(rng.randint(0, len(pairs)), _date_pair(ctx))
    if ctx["due"]:
        pairs.append((ctx["rng"].choice(ctx["labels"]["due"]), ctx["due"]))
    refs = '<p style="margin-top:4mm">' + "<br>".join(f"{_e(k)} {_e(v)}" for k, v in pairs) + "</p>"
    if rng.random() < 0.5:
        _footer(ctx, title)
    return _page(ctx, _big(ctx, title), refs, foot=_payment_words(ctx))


blind.RENDER.update({"libelle_compose": _layout_libelle_compose, "grille_composee": _layout_grille_composee,
                     "titre_code": _layout_titre_code, "phrase_virement": _layout_phrase_virement})
