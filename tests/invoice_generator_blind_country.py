"""The buyer's country where its block prints none (issue 13, branch country-13h): blind seeds 112000–112999.

A buyer of France, Belgium, Switzerland, Luxembourg, Germany, Austria, Spain, Italy, the Netherlands, Portugal, the
United Kingdom or Ireland, its block drawn by the parties family (:func:`invoice_generator_blind_parties._party`), its
country line often left out (most software prints none for a buyer of the seller's country, and many none at all), and
under its town what real blocks print besides: a phone, in international form (« Tel. +49 351 4471 20 ») or national
(« 0351 4471 20 »), an e-mail or a website whose domain may end with the country's top-level domain (« .de »), or a
generic one (« .com », « .eu »). The phone's numbering follows each country's national plan (ITU-T E.164 country codes,
area codes of the towns drawn), written by hand here, not drawn from the library the reading uses.

Reached from :func:`invoice_generator_blind.make_invoice` for seeds in [COUNTRY_FROM, COUNTRY_TO) by a lazy import; the
invoice is the blind family's (same seed, same lines and totals), its buyer drawn here (``blind-country-{seed}``).
Seeds 112000–112749 are for tuning, 112750–112999 the hold-out (measured, its misses never read).
"""

from __future__ import annotations

import random
from functools import partial

import invoice_generator_blind_parties as parties
from invoice_generator import Invoice
from invoice_generator_blind import _digits as blind_digits, module_draw

COUNTRY_FROM = 112_000
COUNTRY_TO = 112_999 + 1
#: The parties family's layouts (the block under a heading, in a window, beside a site's block, near the title).
LAYOUTS = ("bloc_titre", "fenetre_nue", "facturation_site", "pres_du_titre")
#: French about half, the others alike.
WEIGHTS = (4, 1, 1, 1, 1)

#: Per country: the E.164 country code, the trunk prefix of national numbers, area codes of the family's towns with the
#: length of the subscriber's number after them (a country's plan, simplified: geographic numbers only).
PLANS = {
    "FR": ("33", "0", [("2", 8), ("3", 8), ("4", 8), ("5", 8), ("1", 8)]),
    "DE": ("49", "0", [("351", 7), ("511", 7), ("6131", 6), ("821", 7), ("421", 7), ("431", 6), ("251", 7)]),
    "AT": ("43", "0", [("732", 6), ("512", 6), ("463", 6), ("4242", 5), ("7242", 5)]),
    "CH": ("41", "0", [("61", 7), ("41", 7), ("71", 7), ("52", 7), ("21", 7)]),
    "ES": ("34", "", [("947", 6), ("957", 6), ("985", 6), ("942", 6), ("941", 6), ("927", 6)]),
    "IT": ("39", "", [("030", 7), ("0521", 6), ("0832", 6), ("0372", 6), ("071", 7), ("050", 7)]),
    "BE": ("32", "0", [("81", 6), ("65", 6), ("9", 7), ("16", 6), ("71", 6)]),
    "NL": ("31", "0", [("23", 7), ("38", 7), ("71", 7), ("76", 7), ("26", 7)]),
    "LU": ("352", "", [("", 6), ("", 8)]),
    "PT": ("351", "", [("253", 6), ("289", 6), ("234", 6), ("266", 6)]),
    "GB": ("44", "0", [("113", 7), ("117", 7), ("1603", 6), ("1904", 6), ("29", 8), ("1392", 6)]),
    "IE": ("353", "0", [("71", 7), ("90", 7), ("66", 7), ("42", 7), ("65", 7)]),
}
#: The country's top-level domain (ISO 3166 code, but the United Kingdom's « .uk »).
TLD = {"GB": "co.uk"}
#: A phone's label per language of the page.
PHONE_LABELS = {"fr": ["Tél.", "Tél :", "Tel."], "en": ["Tel.", "Phone:", "Tel:"], "de": ["Tel.", "Telefon:", "Tel:"],
                "es": ["Tel.", "Teléfono:", "Telf."], "it": ["Tel.", "Telefono:", "Tel:"]}
MAIL_LABELS = {"fr": ["Courriel :", "E-mail :", ""], "en": ["Email:", "E-mail:", ""], "de": ["E-Mail:", "Mail:", ""],
               "es": ["Correo:", "E-mail:", ""], "it": ["E-mail:", "Email:", ""]}


#: Digits whose first is 2 or more (the blind family's draw, the same random calls).
_digits = partial(blind_digits, first=2)


def _grouped(digits: str) -> str:
    """Digits in pairs, a leading odd one alone (« 4 47 12 03 »), as most European plans print them."""
    groups = [digits[:len(digits) % 2]] if len(digits) % 2 else []
    return " ".join(groups + [digits[i:i + 2] for i in range(len(digits) % 2, len(digits), 2)])


def phone(rng: random.Random, country: str, international: bool) -> str:
    code, trunk, areas = PLANS[country]
    area, length = rng.choice(areas)
    subscriber = _digits(rng, length)
    if country == "FR":
        area = str(rng.randint(1, 5))
    if international:
        lead = "+" if rng.random() < 0.8 else "00"
        return f"{lead}{code} {area} {_grouped(subscriber)}".replace("  ", " ")  # an Italian number keeps its 0
    return f"{trunk}{area} {_grouped(subscriber)}".strip()


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isascii() and c.isalnum())[:14] or "contact"


def _party(rng: random.Random, language: str) -> dict:
    base = parties._party(rng, language)
    country, name = base["country"], base["name"]
    lines = list(base["lines"])
    printed = base["printed"] is not None
    if printed and rng.random() < 0.6:  # the country line left out
        drop = [i for i, line in enumerate(lines) if line.casefold() == base["printed"].casefold()]
        if drop:
            del lines[drop[-1]]
            printed = False
    slug = _slug(name)
    extra = []
    draw = rng.random()
    if draw < 0.75:
        international = rng.random() < 0.6
        extra.append(f"{rng.choice(PHONE_LABELS[language])} {phone(rng, country, international)}".strip())
    if rng.random() < 0.6:
        tld = TLD.get(country, country.lower()) if rng.random() < 0.7 else rng.choice(["com", "eu", "net"])
        if rng.random() < 0.5:
            extra.append(f"{rng.choice(MAIL_LABELS[language])} {rng.choice(['contact', 'info', 'compta'])}@{slug}.{tld}".strip())
        else:
            extra.append(f"www.{slug}.{tld}")
    rng.shuffle(extra)
    lines += extra
    truth = dict(base["truth"], country_printed=printed)
    return {**base, "lines": lines, "truth": truth, "printed": base["printed"] if printed else None}


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed`` (in [COUNTRY_FROM, COUNTRY_TO)): the blind family's, with a buyer of this module."""
    drawn_layout, drawn_language = module_draw("country", seed, LAYOUTS, WEIGHTS)
    layout, language = layout or drawn_layout, language or drawn_language
    draws = random.Random(f"blind-country-{seed}")
    party = _party(draws, language)
    return parties.invoice_with(seed, language, layout, party, draws, parties._PENDING)
