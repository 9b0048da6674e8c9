"""Blind-family French pages of many kinds of billing documents, their number's label composed from parts (issue 13,
branch numfr-13f).

French bills are not all « Facture n° »: a public body sends an « avis des sommes à payer » whose own number is the
« titre » (beside a « bordereau », a « rôle », an « exercice », the payer's account), a restaurant a « note » or an
« addition » (beside its table, covers, waiter and till), a hotel a « folio » or a « note de séjour » (beside the room
and the booking), an operator a « facture-relevé » (beside the contract, the meter, the delivery point, the line), a
garage an « ordre de réparation », a builder a « situation de travaux », a landlord a « quittance ». This module
composes such pages so that a rule reads the principle, not a wording:

- the document's kind draws its title words and the nouns its number may be labelled by (the title's own noun first);
- the number's label is composed: a noun (full or abbreviated), with or without « de la », a « number » sign
  (« n° », « N° », « No », « Nº », « num. », « numéro », « # », « réf. »…) before or after it, a separator (« : »,
  « - », none), its case; or the number said in a sentence (« Facture n° X du 12/03/2024 ») or in the title line;
- rival identifiers composed the same way from their kind's nouns (client, contrat, compteur, point de livraison,
  commande, réservation, table, chambre, dossier, mandat…), their values shaped like the number or like their own;
- the references printed in a panel, a header grid, blocks or lines (``invoice_generator_blind._refs``).

Drawn for seeds NUMFR_FROM..NUMFR_TO by ``invoice_generator_blind.make_invoice``, all French:
``bench_readings.py --part blind --start 100000``. Seeds 100000–101499 tune, 101500–101999 are held out (measured,
misses never read). The truth is the family's, its number the one this module printed as the document's own.
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator_blind import _digits, _e

NUMFR_FROM = 100_000
NUMFR_TO = 102_000
NUMFR_LAYOUT = "numero_fr"

#: The parts of the labels (keys start with « nf_ »; none of the family's does). A kind: « title|title|… » its titles;
#: its own nouns (« noun|abbreviation »: what the document's number is labelled by), its rivals' nouns
#: (« noun|abbreviation|shape »: the shape of their value: « other » like the document's number, « small » a count,
#: « point » a supply point or a meter, « phone » a line, « year » a year, « plate » a vehicle's registration).
NUMFR_PARTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "nf_kinds": [
            "ordinaire",
            "releve",
            "public",
            "restaurant",
            "hotel",
            "place",
            "garage",
            "travaux",
            "quittance",
        ],
        "nf_titles_ordinaire": [
            "Facture",
            "FACTURE",
            "Facture de services",
            "Facture de vente de marchandises",
        ],
        "nf_own_ordinaire": ["facture|fact.", "pièce|pce", "document|doc."],
        "nf_rivals_ordinaire": [
            "client|cli.|other",
            "commande|cde|other",
            "bon de livraison|BL|other",
            "devis|dev.|other",
            "dossier|doss.|other",
            "affaire|aff.|other",
            "représentant|repr.|small",
        ],
        "nf_titles_releve": [
            "Facture-relevé",
            "FACTURE / RELEVÉ",
            "Relevé de facturation",
            "Facture de consommation",
        ],
        "nf_own_releve": ["facture|fact.", "relevé|rel.", "document|doc."],
        "nf_rivals_releve": [
            "contrat|ctr|other",
            "compteur|cpt|point",
            "point de livraison|PDL|point",
            "ligne||phone",
            "abonné|abo.|phone",
            "compte client|cpte|other",
            "point de comptage|PRM|point",
            "tournée|trn|small",
        ],
        "nf_titles_public": [
            "Avis des sommes à payer",
            "AVIS DES SOMMES À PAYER",
            "Titre exécutoire",
            "Avis de paiement",
            "Facture d'eau et d'assainissement",
            "Titre de recettes",
        ],
        "nf_own_public": ["titre|tit.", "avis|av.", "pièce|pce", "facture|fact."],
        "nf_rivals_public": [
            "bordereau|bord.|small",
            "rôle||small",
            "redevable|red.|other",
            "compteur|cpt|point",
            "abonné|abo.|other",
            "budget||small",
            "service||small",
            "compte usager|cpte|other",
            "référence usager||other",
            "exercice||year",
        ],
        "nf_titles_restaurant": [
            "Note",
            "Addition",
            "NOTE",
            "Facture restaurant",
            "Note de restaurant",
        ],
        "nf_own_restaurant": ["note|", "addition|add.", "facture|fact."],
        "nf_rivals_restaurant": [
            "table|tab.|small",
            "couverts|couv.|small",
            "serveur|serv.|small",
            "caisse||small",
            "transaction|trans.|other",
            "commande|cde|small",
        ],
        "nf_titles_hotel": [
            "Facture",
            "Note de séjour",
            "FACTURE HÔTEL",
            "Facture de séjour",
        ],
        "nf_own_hotel": ["facture|fact.", "folio|fol."],
        "nf_rivals_hotel": [
            "chambre|ch.|small",
            "réservation|résa|other",
            "confirmation|conf.|other",
            "compte client|cpte|other",
            "dossier|doss.|other",
            "séjour||other",
        ],
        "nf_titles_place": ["Facture", "Facture vendeur", "FACTURE D'ACHAT"],
        "nf_own_place": ["facture|fact.", "document|doc."],
        "nf_rivals_place": [
            "commande|cde|long",
            "transaction|trans.|other",
            "expédition|exp.|other",
            "colis||other",
            "vendeur|vend.|other",
            "suivi||other",
        ],
        "nf_titles_garage": [
            "Facture",
            "Ordre de réparation – facture",
            "FACTURE ATELIER",
            "Facture d'entretien",
        ],
        "nf_own_garage": ["facture|fact.", "pièce|pce"],
        "nf_rivals_garage": [
            "ordre de réparation|OR|other",
            "immatriculation|immat.|plate",
            "devis|dev.|other",
            "kilométrage|km|small",
            "client|cli.|other",
            "véhicule|véh.|other",
        ],
        "nf_titles_travaux": [
            "Facture d'acompte",
            "Situation de travaux",
            "Facture de situation",
            "Décompte de travaux",
        ],
        "nf_own_travaux": ["facture|fact.", "pièce|pce", "situation|sit."],
        "nf_rivals_travaux": [
            "chantier|chant.|other",
            "marché|mch|other",
            "devis|dev.|other",
            "lot||small",
            "bon de commande|BC|other",
            "engagement|eng.|other",
        ],
        "nf_titles_quittance": [
            "Quittance",
            "Quittance de loyer",
            "Reçu",
            "Avis d'échéance et quittance",
        ],
        "nf_own_quittance": ["quittance|quitt.", "reçu|", "pièce|pce"],
        "nf_rivals_quittance": [
            "bail||other",
            "lot||small",
            "locataire|loc.|other",
            "lot de copropriété|lot|small",
            "mandat de gestion|mandat|other",
        ],
        "nf_signs_before": [
            "N° {}",
            "n° {}",
            "Nº {}",
            "No {}",
            "Num. {}",
            "Numéro {}",
            "# {}",
            "Réf. {}",
            "Ref {}",
            "Référence {}",
            "N. {}",
        ],
        "nf_signs_after": [
            "{} n°",
            "{} N°",
            "{} nº",
            "{} No",
            "{} num.",
            "{} numéro",
            "{} #",
            "{} réf.",
        ],
        "nf_of": ["de", "de la", "du", "d'"],
        "nf_seps": [" :", ":", " -", "", " :", " –"],
        "nf_sentences": [
            "{title} n° {number} du {date}",
            "{title} N° {number} en date du {date}",
            "{title} {number} du {date}",
            "{title} numéro {number} émise le {date}",
        ],
        "nf_footer_ids": [
            "Mandat SEPA|other",
            "RUM|other",
            "Référence à rappeler|other",
            "Code créancier|ics",
        ],
    },
}
blind.add_labels(NUMFR_PARTS)


def label_strings() -> set[str]:
    """Every label part of this module (for the tests that none is shared with another family)."""
    return blind.wordings(
        {"fr": {k: v for k, v in NUMFR_PARTS["fr"].items() if k != "nf_kinds"}}
    )


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [NUMFR_FROM, NUMFR_TO)): the family's draws, this module's page and number."""
    invoice = blind.numbered_invoice(seed, "fr", NUMFR_LAYOUT)
    invoice.truth.layout = f"{NUMFR_LAYOUT}_{invoice.context['nf_kind']}"
    return invoice


def _parts(key: str) -> list[str]:
    return NUMFR_PARTS["fr"][key]


def _cased(rng: random.Random, text: str) -> str:
    """A label as printed: as written, capitalised, or in capitals."""
    style = rng.random()
    if style < 0.2:
        return text.upper()
    return text[:1].upper() + text[1:] if style < 0.85 else text


def _of(rng: random.Random, word: str) -> str:
    """« de » before a noun as French writes it: « d'» before a vowel, « de la » / « du » or a bare « de »."""
    if word[:1].lower() in "aeéiouhy":
        return "d'" + word
    head = word.split(maxsplit=1)[0]
    link = rng.choice(
        [
            "de",
            "de",
            "de la" if head.endswith(("e", "ion", "é")) and head != "rôle" else "du",
        ]
    )
    return f"{link} {word}"


def _label(ctx: dict, noun: str, *, sign_ok: bool = True) -> str:
    """A label composed from a noun (« noun|abbreviation[|shape] »): « N° de facture », « Facture n° », « Titre N° »,
    « Réf. avis », « NUM. PIÈCE », « Folio », with a separator of its own."""
    rng = ctx["rng"]
    full, short = noun.split("|")[:2]
    word = short if short and rng.random() < 0.3 else full
    shape = rng.random()
    if not sign_ok or shape < 0.12:
        label = word
    elif shape < 0.55:
        sign = rng.choice(_parts("nf_signs_before"))
        joined = _of(rng, word) if word != short and rng.random() < 0.55 else word
        label = sign.format(joined)
    else:
        label = rng.choice(_parts("nf_signs_after")).format(word)
    return _cased(rng, label)


def _own_number(ctx: dict, kind: str) -> str:
    """The document's number: digits only, with the year, with letters, with dashes or slashes."""
    rng, year = ctx["rng"], ctx["issue_day"].year
    letters = {
        "public": ["T", "TIT", "AS", "R"],
        "restaurant": ["N", "T", "A"],
        "hotel": ["F", "H", "FO"],
        "quittance": ["Q", "QL"],
        "travaux": ["S", "FA", "AC"],
    }.get(kind, ["F", "FA", "FC", "FV"])
    head = rng.choice(letters)
    return rng.choice(
        [
            _digits(rng, rng.randint(4, 8)),
            f"{year}-{_digits(rng, rng.randint(3, 6))}",
            f"{year % 100}/{_digits(rng, 5)}",
            f"{head}{year % 100}-{_digits(rng, 4)}",
            f"{head}-{year}-{_digits(rng, 5)}",
            f"{head}{_digits(rng, rng.randint(4, 7))}",
            f"{year}{_digits(rng, 5)}",
            f"{head}/{year}/{_digits(rng, 3)}",
            f"{_digits(rng, 3)}-{_digits(rng, 5)}",
            f"{year}.{_digits(rng, 4)}",
        ]
    )


def _rival_value(ctx: dict, noun: str) -> str:
    """A rival's value: shaped like the document's number, or like its own kind."""
    rng, own = ctx["rng"], ctx["number"]
    shape = noun.rsplit("|", 1)[1]
    if shape == "point":
        return rng.choice(
            [
                _digits(rng, 14),
                f"{_digits(rng, 5)} {_digits(rng, 5)} {_digits(rng, 4)}",
                f"{rng.choice('ABDKM')}{_digits(rng, 2)}{_digits(rng, 6)}",
            ]
        )
    if shape == "phone":
        return rng.choice(
            [
                f"0{rng.randint(1, 9)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}",
                _digits(rng, 10),
            ]
        )
    if shape == "small":
        return str(rng.randint(1, 650))
    if shape == "year":
        return str(ctx["issue_day"].year)
    if shape == "plate":
        return f"{rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}-{_digits(rng, 3)}-{rng.choice('JKLMNP')}{rng.choice('QRSTV')}"
    if shape == "long":
        return f"{_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 7)}"
    if shape == "ics":
        return f"FR{_digits(rng, 2)}ZZZ{_digits(rng, 6)}"
    shaped = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in own)
    return rng.choice(
        [
            shaped,
            shaped,
            _digits(rng, rng.randint(5, 9)),
            f"{rng.choice(['C', 'CL', 'D', 'M', 'R'])}{_digits(rng, 6)}",
            f"{_digits(rng, 2)}/{_digits(rng, 6)}",
            f"{ctx['issue_day'].year}-{_digits(rng, 4)}",
        ]
    )


def _layout_numero_fr(ctx: dict) -> str:
    """A French page of one kind: its title, its number labelled in one of many ways (or said in a sentence or in the
    title line), 2–6 rival identifiers among the references, some more in the small print."""
    rng = ctx["rng"]
    kind = rng.choice(_parts("nf_kinds"))
    ctx["nf_kind"] = kind
    ctx["number"] = _own_number(ctx, kind)
    title = ctx["title"] if ctx["credit"] else rng.choice(_parts(f"nf_titles_{kind}"))
    owns = _parts(f"nf_own_{kind}")
    title_noun = title.split()[0].split("-")[0].lower()
    own_noun = (
        next((n for n in owns if n.split("|")[0] == title_noun), None)
        if rng.random() < 0.5
        else None
    )
    own_noun = own_noun or rng.choice(owns)
    if ctx["credit"]:
        own_noun = rng.choice(["pièce|pce", "document|doc."])
    nouns = [
        n
        for n in _parts(f"nf_rivals_{kind}")
        if n.split("|")[0] != own_noun.split("|")[0]
    ]
    rivals = [
        (_label(ctx, noun), _rival_value(ctx, noun))
        for noun in rng.sample(nouns, min(len(nouns), rng.randint(2, 6)))
    ]
    if (
        kind == "hotel" and own_noun.startswith("facture") and rng.random() < 0.6
    ):  # the folio beside the invoice's number
        rivals.append((_label(ctx, "folio|fol."), _digits(rng, rng.choice([5, 6]))))
    place = rng.random()
    extra, own = "", []
    if (
        place < 0.15
    ):  # in the title line: « FACTURE N° 2024-0012 », « Avis des sommes à payer 2024-0012 »
        title = f"{title} {rng.choice(['', 'N° ', 'n° ', 'No ', 'Nº '])}{ctx['number']}"
    elif place < 0.3:  # in a sentence under the title
        said = rng.choice(_parts("nf_sentences")).format(
            title=title.split(" –")[0].capitalize() if len(title) < 30 else "Document",
            number=ctx["number"],
            date=ctx["issue"],
        )
        extra = f'<p class="strong">{_e(said)}</p>'
    else:
        own = [(_label(ctx, own_noun), ctx["number"])]
    footer = []
    if rng.random() < 0.4:
        for item in rng.sample(_parts("nf_footer_ids"), rng.randint(1, 2)):
            label, shape = item.split("|")
            footer.append((label, _rival_value(ctx, f"x|x|{shape}")))
    date = (
        []
        if place >= 0.15 and place < 0.3
        else [(blind._pick(ctx, "date"), ctx["issue"])]
    )
    pairs = rivals + own + date
    rng.shuffle(pairs)
    if own and rng.random() < 0.3:
        pairs = own + [p for p in pairs if p not in own]
    foot = ""
    if footer:
        foot = (
            '<p class="muted">'
            + " – ".join(f"{_e(k)} : {_e(v)}" for k, v in footer)
            + "</p>"
        )
    return _page(ctx, title, pairs, extra) + foot


#: A panel's row and a block of a label over its value, and the table each is framed in.
_CELLS = {
    "panel": (
        '<tr><td style="padding:1pt 4pt">{k}{colon}</td><td style="padding:1pt 4pt;text-align:right">{v}</td></tr>',
        '<table style="margin:4mm 0 0 auto">{}</table>',
    ),
    "blocks": (
        '<td style="padding-right:6mm;vertical-align:top"><div class="muted">{k}{colon}</div>'
        '<div class="strong">{v}</div></td>',
        '<table style="margin-top:4mm"><tr>{}</tr></table>',
    ),
}


def _refs(ctx: dict, pairs: list[tuple[str, str]]) -> str:
    """The references: a panel (labels left, values right), a header grid (labels over values), label-over-value
    blocks, or lines « label{separator} value » (« : », « - », none, a tab-like gap)."""
    rng = ctx["rng"]
    shape = rng.choice(["panel", "grid", "blocks", "lines", "lines"])
    colon = rng.choice(["", " :"])
    cell = "border:0.6pt solid #777;padding:2pt 4pt"
    # one cell per pair: a panel's row, a block's label over its value
    if shape in _CELLS:
        cells, frame = _CELLS[shape]
        rows = "".join(cells.format(k=_e(k), colon=colon, v=_e(v)) for k, v in pairs)
        return frame.format(rows)
    if shape == "grid":
        head = "".join(
            f'<th style="{cell};font-size:0.8em;text-align:left">{_e(k)}</th>'
            for k, _v in pairs
        )
        vals = "".join(f'<td style="{cell}">{_e(v)}</td>' for _k, v in pairs)
        return f'<table style="margin-top:4mm"><tr>{head}</tr><tr>{vals}</tr></table>'
    sep = rng.choice(_parts("nf_seps") + ["gap"])
    if sep == "gap":
        return (
            '<p style="margin-top:4mm">'
            + "<br>".join(
                f'{_e(k)}<span style="display:inline-block;width:12mm"></span>{_e(v)}'
                for k, v in pairs
            )
            + "</p>"
        )
    return (
        '<p style="margin-top:4mm">'
        + "<br>".join(f"{_e(k)}{sep} {_e(v)}" for k, v in pairs)
        + "</p>"
    )


def _page(ctx: dict, title: str, pairs: list[tuple[str, str]], extra: str) -> str:
    """Seller and title, the buyer, the references, then lines and totals (the family's frame, its own references)."""
    if ctx["due"]:
        pairs = [*pairs, (blind._pick(ctx, "due"), ctx["due"])]
    b = blind
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{b._logo(ctx)}{b._seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="accent strong">{_e(title)}</div></td>
</tr></table>{extra}<div style="margin:5mm 0 0 95mm">{b._buyer_block(ctx)}</div>{_refs(ctx, pairs)}
{b._lines(ctx)}{b._recap(ctx)}{b._totals(ctx)}{b._mentions(ctx)}{b._terms(ctx)}{b._bank(ctx)}"""


blind.RENDER[NUMFR_LAYOUT] = _layout_numero_fr
