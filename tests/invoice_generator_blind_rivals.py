"""Blind-family pages where the invoice number stands among rival identifiers (issue 13, branch numrivals-13e).

Hotel folios, restaurant bills, utilities' bills, ERP grids, operators' statements and marketplace orders print
many numbers: the guest's account, the room, the booking, the table, the cashier, the order, the contract, the
meter, the delivery point, the line, the parcel, the quote, the repair order, the invoice a credit note corrects.
This module composes such pages from parts, so that a rule that reads them has learnt the principle and not a
list of wordings:

- 3 to 7 rival identifiers, each label composed at random: an object's noun (or its abbreviation), a « number »
  word (« n° », « réf. », « code », « numéro de », « No. », « # »…) before or after it, or the noun alone; the case
  drawn; a colon or none. Their values are shaped like the invoice's (bare digits of the same length, a prefix and
  digits) or like their own kind (a delivery point's 14 digits, a phone line, a mandate's reference);
- the invoice's own label drawn from a common one (« Facture n° ») to a rare one (« Pièce n° », « Document »,
  « Note n° » under a « Note » title, a bare « N° » under the title, the number in the title line);
- the references printed in a panel, a grid, blocks, lines (``invoice_generator_blind._refs``), some in the
  small print at the foot; the invoice's number sometimes repeated as the payment's reference.

Drawn for seeds RIVALS_FROM..RIVALS_TO by ``invoice_generator_blind.make_invoice`` (a lazy import), French about
half: ``bench_readings.py --part blind --start 92000``. Seeds 92000–93499 tune, 93500–93999 are held out.
The truth is the family's, its number the one this module printed.
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator_blind import _digits, _e

RIVALS_FROM = 92_000
RIVALS_TO = 94_000
RIVALS_LAYOUT = "rivaux_identifiants"
LANGUAGE_WEIGHTS = {"fr": 0.5, "en": 0.125, "de": 0.125, "es": 0.125, "it": 0.125}

#: The parts labels are composed of, per language (keys start with « rv_ »; none of the family's does).
#: ``rv_objects``: « noun|abbreviation|kind » of what a rival number identifies (the kind shapes its value: a supply
#: point's, a phone line's, a small count's: room, table, till; « other »: shaped like the invoice's number);
#: ``rv_before`` / ``rv_after``: « number » words said before / after a noun (« {} » stands for it), ``rv_of``: the
#: word that joins them.
RIVAL_PARTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "rv_objects": ["client|cli.|other", "chambre|ch.|small", "table|tab.|small", "commande|cde|other", "contrat|ctr|other", "compteur|cpt|point", "ligne||phone", "abonné|abo.|phone", "colis||other", "réservation|résa|other", "dossier|dos.|other", "caisse||small", "transaction|trans.|other", "expédition|exp.|other", "devis|dev.|other", "compte client|cpte|other", "séjour||other", "confirmation|conf.|other", "livraison|liv.|other", "bon de livraison|BL|other", "ordre de réparation|OR|other", "serveur||small", "adhérent||other", "point de livraison|PDL|point"],
        "rv_before": ["N° {}", "n° {}", "Nº {}", "No {}", "Réf. {}", "Référence {}", "Code {}", "Numéro {}", "Num. {}", "Identifiant {}", "Id. {}"],
        "rv_after": ["{} n°", "{} N°", "{} no", "{} réf.", "{} #"],
        "rv_of": ["de", ""],
        "rv_own_nouns": ["facture|fact.|other", "pièce|pce|other", "document|doc.|other"],
        "rv_bill_titles": ["Note|title", "Addition|title", "Note de séjour|title", "Folio|title"],
        "rv_origin": ["{} d'origine", "Sur {} n°", "Annule la {}"],
        "rv_pay_ref": ["Référence à rappeler lors du paiement : {}", "Merci d'indiquer {} en libellé de virement",
                       "Règlement : rappeler la référence {}"],
    },
    "en": {
        "rv_objects": ["customer|cust.|other", "room|rm|small", "table|tbl|small", "order|ord.|other", "contract|contr.|other", "meter|mtr|point", "line||phone", "subscriber|sub.|phone", "parcel|pcl|other", "booking|bkg|other", "account|acct|other", "till||small", "transaction|txn|other", "shipment|shpt|other", "quote|qte|other", "guest account||other", "folio||other", "confirmation|conf.|other", "delivery|del.|other", "job||other", "repair order|RO|other", "server||small", "member|mbr|other", "supply point|MPAN|point"],
        "rv_before": ["No. {}", "Ref. {}", "Reference {}", "Code {}", "Number {}", "ID {}", "# {}"],
        "rv_after": ["{} no.", "{} No", "{} ref.", "{} #", "{} number", "{} ID"],
        "rv_of": [""],
        "rv_own_nouns": ["invoice|inv.|other", "document|doc.|other"],
        "rv_bill_titles": ["Bill|title", "Guest bill|title", "Check|title", "Folio|title"],
        "rv_origin": ["Original {}", "Credit against {}", "Cancels {}"],
        "rv_pay_ref": ["Please quote {} with your payment", "Payment reference: {}", "Quote reference {} when paying"],
    },
    "de": {
        "rv_objects": ["Kunden|Kd.|other", "Zimmer|Zi.|small", "Tisch||small", "Auftrags|Auftr.|other", "Vertrags|Vertr.|other", "Zähler||point", "Anschluss||phone", "Teilnehmer|Teiln.|phone", "Paket||other", "Buchungs|Buch.|other", "Konto||other", "Kassen||small", "Transaktions|Trans.|other", "Sendungs||other", "Angebots|Ang.|other", "Gast||other", "Bestätigungs|Best.|other", "Liefer|Lief.|other", "Bestell|Best.|other", "Werkstattauftrags|WA|other", "Kellner||small", "Mitglieds|Mitgl.|other", "Zählpunkt||point"],
        "rv_before": ["Nr. {}", "Nummer {}", "Ref. {}", "Kennung {}", "ID {}"],
        "rv_after": ["{}-Nr.", "{}nummer", "{}-Nummer", "{}-ID", "{} Nr."],
        "rv_of": [""],
        "rv_own_nouns": ["Rechnungs|Rg.|other", "Beleg||other", "Dokument|Dok.|other"],
        "rv_bill_titles": ["Bewirtungsbeleg|title", "Gastrechnung|title", "Quittung|title"],
        "rv_origin": ["Ursprüngliche {}", "Korrektur zu {}", "Storno der {}"],
        "rv_pay_ref": ["Bitte geben Sie bei Zahlung {} an", "Verwendungszweck: {}", "Zahlungsreferenz {}"],
    },
    "es": {
        "rv_own_nouns": ["factura|fra.|other", "documento|doc.|other"],
        "rv_objects": ["cliente|cli.|other", "habitación|hab.|small", "mesa||small", "pedido|ped.|other", "contrato|contr.|other", "contador|cont.|point", "línea||phone", "abonado|ab.|phone", "paquete|paq.|other", "reserva|res.|other", "cuenta|cta.|other", "caja||small", "transacción|trans.|other", "envío||other", "presupuesto|presup.|other", "expediente|exp.|other", "confirmación|conf.|other", "albarán|alb.|other", "orden de reparación|OR|other", "camarero||small", "socio||other", "CUPS||point", "póliza||other"],
        "rv_pay_ref": ["Indique {} como concepto de la transferencia", "Referencia de pago: {}", "Concepto a indicar {}"],
        "rv_before": ["Nº {}", "N.º {}", "Núm. {}", "Número {}", "Ref. {}", "Referencia {}", "Código {}", "Cód. {}", "ID {}"],
        "rv_bill_titles": ["Cuenta|title", "Nota|title", "Ticket|title"],
        "rv_after": ["{} nº", "{} n.º", "{} núm.", "{} ref."],
        "rv_origin": ["{} rectificada", "Rectifica a la {}", "{} original nº"],
        "rv_of": ["de", "del", "de la", ""],
    },
    "it": {
        "rv_origin": ["{} di riferimento", "Storno {} n.", "{} originale"],
        "rv_of": ["di", "del", "della", ""],
        "rv_objects": ["cliente|cli.|other", "camera|cam.|small", "tavolo|tav.|small", "ordine|ord.|other", "contratto|contr.|other", "contatore|cont.|point", "linea||phone", "utenza|ut.|phone", "collo||other", "prenotazione|pren.|other", "conto||other", "cassa||small", "transazione|trans.|other", "spedizione|sped.|other", "preventivo|prev.|other", "pratica|prat.|other", "conferma|conf.|other", "DDT||other", "ordine di riparazione|OdR|other", "cameriere||small", "socio||other", "POD||point", "PDR||point"],
        "rv_before": ["N. {}", "Nr. {}", "Num. {}", "Numero {}", "Rif. {}", "Riferimento {}", "Codice {}", "Cod. {}", "ID {}"],
        "rv_pay_ref": ["Indicare {} nella causale del bonifico", "Causale di pagamento: {}", "Riferimento pagamento {}"],
        "rv_after": ["{} n.", "{} nr.", "{} num.", "{} rif."],
        "rv_own_nouns": ["fattura|fatt.|other", "documento|doc.|other"],
        "rv_bill_titles": ["Conto|title", "Ricevuta|title", "Preconto|title"],
    },
}
blind.add_labels(RIVAL_PARTS)


def label_strings() -> set[str]:
    """Every label part of this module (for the tests that none is shared with another family)."""
    return blind.wordings(RIVAL_PARTS)


def draw(seed: int) -> str:
    """The language of ``seed``'s page, French about half."""
    return blind.module_language("rivals", seed, LANGUAGE_WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [RIVALS_FROM, RIVALS_TO)): the family's draws, this module's page and number."""
    return blind.numbered_invoice(seed, draw(seed), RIVALS_LAYOUT)


def _say(ctx: dict, key: str) -> str:
    return ctx["rng"].choice(RIVAL_PARTS[ctx["language"]][key])


def _cased(rng: random.Random, text: str) -> str:
    """A label as printed: as written, capitalised, or in capitals."""
    style = rng.random()
    if style < 0.2:
        return text.upper()
    return text[:1].upper() + text[1:] if style < 0.85 else text


def _rival_label(ctx: dict, noun: str) -> str:
    """A rival's label composed from its noun: « N° de chambre », « Chambre n° », « Ch. », « Zimmer-Nr. »…"""
    rng, language = ctx["rng"], ctx["language"]
    full, short, _kind = noun.split("|")
    word = short if short and rng.random() < 0.35 else full
    shape = rng.random()
    if shape < 0.45 and language == "de":
        label = _say(ctx, "rv_after").format(word.rstrip(".") + ("." if word.endswith(".") else ""))
    elif shape < 0.45:
        joined = "" if word == short or language == "en" else _say(ctx, "rv_of")
        label = _say(ctx, "rv_before").format(" ".join(part for part in (joined, word) if part))
    elif shape < 0.8:
        label = _say(ctx, "rv_after").format(word) if language != "de" else _say(ctx, "rv_before").format(word)
    else:
        label = word
    return _cased(rng, label)


def _own_shape(ctx: dict) -> str:
    """The invoice's number: bare digits (like the rivals'), a year and a sequence, a prefix and digits."""
    rng, year = ctx["rng"], ctx["issue_day"].year
    return rng.choice([_digits(rng, rng.randint(5, 8)), f"{year % 100}{_digits(rng, 5)}", f"{year}{_digits(rng, 4)}",
                       f"{rng.choice(['F', 'FA', 'INV', 'N', 'H', 'R', 'T'])}{_digits(rng, rng.randint(4, 7))}",
                       f"{rng.choice(['F', 'FC', 'HT', 'RS'])}-{year}-{_digits(rng, 4)}", f"{year}/{_digits(rng, 5)}",
                       blind._varied_number(rng, ctx["issue_day"], ctx["credit"], ctx["language"])])


def _rival_value(ctx: dict, noun: str) -> str:
    """A rival's value: shaped like the invoice's number, or like its own kind."""
    rng, own = ctx["rng"], ctx["number"]
    kind = noun.rsplit("|", 1)[1]
    if kind == "point":  # a delivery point's or a meter's identifier
        return rng.choice([_digits(rng, 14), f"{_digits(rng, 5)} {_digits(rng, 5)} {_digits(rng, 4)}", f"GI{_digits(rng, 6)}"])
    if kind == "phone":
        return rng.choice([f"0{rng.randint(1, 7)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}",
                           _digits(rng, 10)])
    if kind == "small":  # a room, a table, a till, a waiter
        return str(rng.randint(1, 650))
    # « other »: shaped like the invoice's number or like an order's, a booking's, a contract's reference
    shaped = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in own)  # the invoice's shape, other digits
    return rng.choice([shaped, shaped, _digits(rng, rng.randint(5, 9)),
                       f"{rng.choice(['C', 'CL', 'CMD', 'BK', 'TR', 'A', 'R'])}{_digits(rng, rng.randint(4, 8))}",
                       f"{_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 4)}", f"{_digits(rng, 2)}/{_digits(rng, 6)}"])


def _own_label(ctx: dict, title: str, billed: bool) -> str | None:
    """The invoice number's own label, composed like a rival's from the document's noun (« Facture n° », « N° de pièce »,
    « Doc. »; the bill's title: « Note n° »), or a number sign alone; None: the number printed in the title line."""
    rng = ctx["rng"]
    nouns = RIVAL_PARTS[ctx["language"]]["rv_own_nouns"]
    if ctx["credit"]:  # a credit note's number: no invoice's word in its label (that names the invoice corrected)
        return rng.choice([_rival_label(ctx, rng.choice(nouns[1:])), rng.choice(["N°", "Nº", "No.", "#"]), None])
    if billed and rng.random() < 0.6:
        return _rival_label(ctx, f"{title.split(maxsplit=1)[0]}||title")
    draw = rng.random()
    if draw < 0.45:
        return _rival_label(ctx, nouns[0])
    if draw < 0.75:
        return _rival_label(ctx, rng.choice(nouns[1:]))
    if draw < 0.88:
        return rng.choice(["N°", "Nº", "No.", "#", "N."])
    return None


def _layout_rivaux_identifiants(ctx: dict) -> str:
    """Seller and title, the buyer, a references block mixing the invoice's number with 3–7 rival identifiers, some
    more in the small print, then lines, totals and maybe the number again as the payment's reference."""
    rng = ctx["rng"]
    ctx["number"] = _own_shape(ctx)
    billed = not ctx["credit"] and rng.random() < 0.3
    title = ctx["title"] if ctx["credit"] or not billed else _say(ctx, "rv_bill_titles").split("|")[0]
    nouns = rng.sample(RIVAL_PARTS[ctx["language"]]["rv_objects"], rng.randint(3, 7))
    rivals = [(_rival_label(ctx, noun), _rival_value(ctx, noun)) for noun in nouns]
    if ctx["credit"] and ctx["origin"]:
        invoice = RIVAL_PARTS[ctx["language"]]["rv_own_nouns"][0].split("|")[0]
        rivals.append((_cased(rng, _say(ctx, "rv_origin").format(invoice)), ctx["origin"][0]))
    label = _own_label(ctx, title, billed)
    if label is None:
        title = f"{title} {ctx['number']}" if rng.random() < 0.5 else f"{title} {rng.choice(['N°', 'No.', 'Nr.', 'nº', 'n.'])} {ctx['number']}"
        own = []
    else:
        own = [(label, ctx["number"])]
    footer = []
    if rng.random() < 0.3 and len(rivals) > 3:  # some rivals in the small print at the foot
        footer = rivals[-2:]
        rivals = rivals[:-2]
    date = [(blind._pick(ctx, "date"), ctx["issue"])]
    pairs = rivals + own + date
    rng.shuffle(pairs)
    if own and rng.random() < 0.3:  # the number first, under the title
        pairs = own + [p for p in pairs if p not in own]
    foot = ""
    if footer:
        foot += '<p class="muted">' + " – ".join(f"{_e(k)} {_e(v)}" for k, v in footer) + "</p>"
    if rng.random() < 0.35:
        foot += f'<p class="strong">{_e(_say(ctx, "rv_pay_ref").format(ctx["number"]))}</p>'
    return blind._kind_page(ctx, title, pairs, extra="") + foot


blind.RENDER[RIVALS_LAYOUT] = _layout_rivaux_identifiants
