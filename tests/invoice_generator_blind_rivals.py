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
#: ``rv_objects``: nouns of what a rival number identifies, with an abbreviation after « | » when it has one;
#: ``rv_before`` / ``rv_after``: « number » words said before / after a noun, ``rv_of``: the word that joins them.
RIVAL_PARTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "rv_objects": ["client|cli.", "chambre|ch.", "table|tab.", "commande|cde", "contrat|ctr", "compteur|cpt",
                       "ligne", "abonné|abo.", "colis", "réservation|résa", "dossier|dos.", "caisse", "transaction|trans.",
                       "expédition|exp.", "devis|dev.", "compte client|cpte", "séjour", "confirmation|conf.", "livraison|liv.",
                       "bon de livraison|BL", "ordre de réparation|OR", "serveur", "adhérent", "point de livraison|PDL"],
        "rv_before": ["N°", "n°", "Nº", "No", "Réf.", "Référence", "Code", "Numéro", "Num.", "Identifiant", "Id."],
        "rv_after": ["n°", "N°", "no", "réf.", "#"],
        "rv_of": ["de", ""],
        "rv_own_common": ["Facture n°", "N° de facture", "Numéro de facture", "Réf. facture", "FACTURE N°"],
        "rv_own_rare": ["Pièce n°", "Document", "N° document", "N° de pièce", "Numéro"],
        "rv_bill_titles": ["Note", "Addition", "Note de séjour", "Folio"],
        "rv_bill_own": ["{} n°", "N° de {}", "{}"],
        "rv_origin": ["Facture d'origine", "Sur facture n°", "Annule la facture"],
        "rv_pay_ref": ["Référence à rappeler lors du paiement : {}", "Merci d'indiquer {} en libellé de virement",
                       "Règlement : rappeler la référence {}"],
    },
    "en": {
        "rv_objects": ["customer|cust.", "room|rm", "table|tbl", "order|ord.", "contract|contr.", "meter|mtr",
                       "line", "subscriber|sub.", "parcel|pcl", "booking|bkg", "account|acct", "till", "transaction|txn",
                       "shipment|shpt", "quote|qte", "guest account", "folio", "confirmation|conf.", "delivery|del.",
                       "job", "repair order|RO", "server", "member|mbr", "supply point|MPAN"],
        "rv_before": ["No.", "Ref.", "Reference", "Code", "Number", "ID", "#"],
        "rv_after": ["no.", "No", "ref.", "#", "number", "ID"],
        "rv_of": [""],
        "rv_own_common": ["Invoice no.", "Invoice number", "Invoice #", "INVOICE NO.", "Invoice ref."],
        "rv_own_rare": ["Document no.", "Document", "Doc. ref.", "Number"],
        "rv_bill_titles": ["Bill", "Guest bill", "Check", "Folio"],
        "rv_bill_own": ["{} no.", "{} #", "{}"],
        "rv_origin": ["Original invoice", "Credit against invoice", "Cancels invoice"],
        "rv_pay_ref": ["Please quote {} with your payment", "Payment reference: {}", "Quote reference {} when paying"],
    },
    "de": {
        "rv_objects": ["Kunden|Kd.", "Zimmer|Zi.", "Tisch", "Auftrags|Auftr.", "Vertrags|Vertr.", "Zähler",
                       "Anschluss", "Teilnehmer|Teiln.", "Paket", "Buchungs|Buch.", "Konto", "Kassen", "Transaktions|Trans.",
                       "Sendungs", "Angebots|Ang.", "Gast", "Bestätigungs|Best.", "Liefer|Lief.", "Bestell|Best.",
                       "Werkstattauftrags|WA", "Kellner", "Mitglieds|Mitgl.", "Zählpunkt"],
        "rv_before": ["Nr.", "Nummer", "Ref.", "Kennung", "ID"],
        "rv_after": ["-Nr.", "nummer", "-Nummer", "-ID", " Nr."],
        "rv_of": [""],
        "rv_own_common": ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "RECHNUNG NR.", "Rg.-Nr."],
        "rv_own_rare": ["Beleg-Nr.", "Dokument", "Dokumentnummer", "Nummer"],
        "rv_bill_titles": ["Bewirtungsbeleg", "Gastrechnung", "Quittung"],
        "rv_bill_own": ["{} Nr.", "{}"],
        "rv_origin": ["Ursprüngliche Rechnung", "Korrektur zu Rechnung", "Storno der Rechnung"],
        "rv_pay_ref": ["Bitte geben Sie bei Zahlung {} an", "Verwendungszweck: {}", "Zahlungsreferenz {}"],
    },
    "es": {
        "rv_objects": ["cliente|cli.", "habitación|hab.", "mesa", "pedido|ped.", "contrato|contr.", "contador|cont.",
                       "línea", "abonado|ab.", "paquete|paq.", "reserva|res.", "cuenta|cta.", "caja", "transacción|trans.",
                       "envío", "presupuesto|presup.", "expediente|exp.", "confirmación|conf.", "albarán|alb.",
                       "orden de reparación|OR", "camarero", "socio", "CUPS", "póliza"],
        "rv_before": ["Nº", "N.º", "Núm.", "Número", "Ref.", "Referencia", "Código", "Cód.", "ID"],
        "rv_after": ["nº", "n.º", "núm.", "ref."],
        "rv_of": ["de", "del", "de la", ""],
        "rv_own_common": ["Factura nº", "Nº de factura", "Número de factura", "Nº fra.", "FACTURA Nº"],
        "rv_own_rare": ["Documento nº", "Documento", "Nº documento", "Número"],
        "rv_bill_titles": ["Cuenta", "Nota", "Ticket"],
        "rv_bill_own": ["{} nº", "Nº de {}", "{}"],
        "rv_origin": ["Factura rectificada", "Rectifica a la factura", "Factura original nº"],
        "rv_pay_ref": ["Indique {} como concepto de la transferencia", "Referencia de pago: {}", "Concepto a indicar {}"],
    },
    "it": {
        "rv_objects": ["cliente|cli.", "camera|cam.", "tavolo|tav.", "ordine|ord.", "contratto|contr.", "contatore|cont.",
                       "linea", "utenza|ut.", "collo", "prenotazione|pren.", "conto", "cassa", "transazione|trans.",
                       "spedizione|sped.", "preventivo|prev.", "pratica|prat.", "conferma|conf.", "DDT",
                       "ordine di riparazione|OdR", "cameriere", "socio", "POD", "PDR"],
        "rv_before": ["N.", "Nr.", "Num.", "Numero", "Rif.", "Riferimento", "Codice", "Cod.", "ID"],
        "rv_after": ["n.", "nr.", "num.", "rif."],
        "rv_of": ["di", "del", "della", ""],
        "rv_own_common": ["Fattura n.", "N. fattura", "Numero fattura", "Fatt. nr.", "FATTURA N."],
        "rv_own_rare": ["Documento n.", "Documento", "N. documento", "Numero"],
        "rv_bill_titles": ["Conto", "Ricevuta", "Preconto"],
        "rv_bill_own": ["{} n.", "N. {}", "{}"],
        "rv_origin": ["Fattura di riferimento", "Storno fattura n.", "Fattura originale"],
        "rv_pay_ref": ["Indicare {} nella causale del bonifico", "Causale di pagamento: {}", "Riferimento pagamento {}"],
    },
}
blind.add_labels(RIVAL_PARTS)


def label_strings() -> set[str]:
    """Every label part of this module (for the tests that none is shared with another family)."""
    return blind.wordings(RIVAL_PARTS)


def draw(seed: int) -> str:
    """The language of ``seed``'s page, French about half."""
    rng = random.Random(f"blind-rivals-{seed}")
    return rng.choices(list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values()))[0]


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [RIVALS_FROM, RIVALS_TO)): the family's draws, this module's page and number."""
    invoice = blind.make_invoice(seed, language=draw(seed), layout=RIVALS_LAYOUT)
    invoice.truth.invoice_number = invoice.context["number"]
    return invoice


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
    full, _bar, short = noun.partition("|")
    word = short if short and rng.random() < 0.35 else full
    shape = rng.random()
    if language == "de":
        if shape < 0.55:
            label = word + _say(ctx, "rv_after") if not word.endswith(".") else f"{word} {_say(ctx, 'rv_after').strip(' -')}"
        elif shape < 0.8:
            label = f"{_say(ctx, 'rv_before')} {word}"
        else:
            label = word
    elif shape < 0.45:
        joined = "" if word == short or language == "en" else _say(ctx, "rv_of")
        label = " ".join(part for part in (_say(ctx, "rv_before"), joined, word) if part)
    elif shape < 0.8:
        label = f"{word} {_say(ctx, 'rv_after')}"
    else:
        label = word
    label = _cased(rng, label)
    return label + (":" if rng.random() < 0.3 else "")


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
    key = blind.fold_ascii(noun.partition("|")[0]).lower()
    if key in ("point de livraison", "supply point", "zahlpunkt", "cups", "pod", "pdr", "compteur", "meter", "zahler",
               "contatore", "contador"):
        return rng.choice([_digits(rng, 14), f"{_digits(rng, 5)} {_digits(rng, 5)} {_digits(rng, 4)}", f"GI{_digits(rng, 6)}"])
    if key in ("ligne", "line", "anschluss", "linea", "abonne", "utenza"):
        return rng.choice([f"0{rng.randint(1, 7)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}",
                           _digits(rng, 10)])
    if key in ("chambre", "room", "zimmer", "habitacion", "camera", "table", "tisch", "mesa", "tavolo", "caisse", "till",
               "kassen", "caja", "cassa", "serveur", "server", "kellner", "camarero", "cameriere"):
        return str(rng.randint(1, 650))
    shaped = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in own)  # the invoice's shape, other digits
    return rng.choice([shaped, shaped, _digits(rng, rng.randint(5, 9)),
                       f"{rng.choice(['C', 'CL', 'CMD', 'BK', 'TR', 'A', 'R'])}{_digits(rng, rng.randint(4, 8))}",
                       f"{_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 4)}", f"{_digits(rng, 2)}/{_digits(rng, 6)}"])


def _own_label(ctx: dict, title: str, billed: bool) -> str | None:
    """The invoice number's own label (None: the number printed in the title line)."""
    rng = ctx["rng"]
    if ctx["credit"]:  # a credit note's number: no invoice's word in its label (that names the invoice corrected)
        return rng.choice([_say(ctx, "rv_own_rare"), rng.choice(["N°", "Nº", "No.", "#"]), None])
    if billed and rng.random() < 0.6:
        return _say(ctx, "rv_bill_own").format(title.split()[0].lower() if rng.random() < 0.5 else title.split()[0])
    draw = rng.random()
    if draw < 0.45:
        return _say(ctx, "rv_own_common")
    if draw < 0.75:
        return _say(ctx, "rv_own_rare")
    if draw < 0.88:
        return rng.choice(["N°", "Nº", "No.", "#", "N."])
    return None


def _layout_rivaux_identifiants(ctx: dict) -> str:
    """Seller and title, the buyer, a references block mixing the invoice's number with 3–7 rival identifiers, some
    more in the small print, then lines, totals and maybe the number again as the payment's reference."""
    rng = ctx["rng"]
    ctx["number"] = _own_shape(ctx)
    billed = not ctx["credit"] and rng.random() < 0.3
    title = ctx["title"] if ctx["credit"] or not billed else _say(ctx, "rv_bill_titles")
    nouns = rng.sample(RIVAL_PARTS[ctx["language"]]["rv_objects"], rng.randint(3, 7))
    rivals = [(_rival_label(ctx, noun), _rival_value(ctx, noun)) for noun in nouns]
    if ctx["credit"] and ctx["origin"]:
        rivals.append((_say(ctx, "rv_origin"), ctx["origin"][0]))
    label = _own_label(ctx, title, billed)
    if label is None:
        title = f"{title} {ctx['number']}" if rng.random() < 0.5 else f"{title} {rng.choice(['N°', 'No.', 'Nr.', 'nº', 'n.'])} {ctx['number']}"
        own = []
    else:
        own = [(label + (":" if rng.random() < 0.3 and not label.endswith(":") else ""), ctx["number"])]
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
