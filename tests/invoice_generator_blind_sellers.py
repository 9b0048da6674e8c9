"""Sellers whose registered name only the small print tells (issue 13, branch seller-13d): blind seeds 85000–89999.

BT-27 is « the full formal name by which the Seller is registered ». Many invoices print it only in small type: a
letterhead that is a logo (the name in the footer's columns, wrapped in a narrow column, or after the VAT number or
the NIF that opens the footer), a trading name in large letters with the registered name in the payment details
(« Make cheques payable to … », « Account name / Titulaire du compte / Kontoinhaber / Titular de la cuenta /
Intestatario ») or in a « © 2025 … » or « … is registered in England No. … » line, or a block of the issuer's data
(« Datos del emisor », « Cedente / prestatore » with « Denominazione: … ») beside the customer's. The legal forms are
the ones that wrap or hide a name: « UG (haftungsbeschränkt) », « GmbH & Co. KG », « KG », « OHG », « e.K. »,
« S.L.U. », « S.A.U. », « S.r.l.s. », « S.a.s. di … & C. », « LLP », « plc », « SASU », « SELARL ».

Reached from :func:`invoice_generator_blind.make_invoice` for the seeds of [SELLERS2_FROM, SELLERS2_TO) by a lazy
import; its draws are its own (``blind-sellers2-{seed}``). ``bench_readings.py --part blind --start 85000`` reads them.
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator_blind import (
    GIVEN,
    RENDER,
    SURNAMES,
    TRADES,
    _address,
    _brand,
    _buyer_block,
    _e,
    _fill,
    _lines,
    _logo,
    _meta,
    _mentions,
    _pick,
    _recap,
    _terms,
    _totals,
    fold_ascii,
    grouped,
)

SELLERS2_FROM = 85_000
SELLERS2_TO = 90_000
SELLER2_LAYOUTS = ("logo_seul", "pied_banque", "bloc_emetteur", "emetteur_ligne", "autonomo")
#: English, Spanish, German and Italian first: the readings were weakest there.
SELLER2_LANGUAGES, SELLER2_WEIGHTS = ("en", "es", "de", "it", "fr"), (3, 3, 3, 3, 1)
#: Legal forms that wrap over two lines or hide a name's end.
FORMS2 = {"fr": ["SAS", "SASU", "EURL", "SCI", "SELARL"], "en": ["Ltd", "Limited", "LLP", "plc"],
          "de": ["UG (haftungsbeschränkt)", "GmbH & Co. KG", "KG", "OHG", "e.K."],
          "es": ["S.L.U.", "S.A.U.", "S.L.", "S.A."], "it": ["S.r.l.s.", "S.a.s.", "S.n.c.", "S.r.l."]}

SELLER2_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "s2_inline": ["Émetteur de la présente facture", "Facture établie par"], "s2_inline_to": ["Client destinataire", "Facture adressée au client"],
        "s2_cheque": ["Chèques à libeller à l'ordre de {}", "Règlement par chèque à l'ordre de {}"],
        "s2_holder": ["Titulaire du compte", "Titulaire"],
        "s2_copyright": ["© {} {} – tous droits réservés", "© {} {}"],
        "s2_issuer": ["Coordonnées de l'émetteur", "Identité de l'émetteur"],
        "s2_client": ["Destinataire de la facture", "Identité du client"],
        "s2_name": ["Dénomination", "Nom"],
        "s2_id": ["SIREN {}", "N° SIREN {}"],
    },
    "en": {
        "s2_inline": ["Supplying company", "Invoice issued by"], "s2_inline_to": ["Customer company", "Customer billed"],
        "s2_cheque": ["Please make cheques payable to {}", "Cheques payable to {}", "Make all cheques payable to {}"],
        "s2_holder": ["Account name", "Account holder", "Beneficiary name"],
        "s2_copyright": ["© {} {}. All rights reserved.", "Copyright © {} {}"],
        "s2_registered": ["{} is registered in England and Wales, company no. {}", "{} is a company registered in Ireland, no. {}",
                          "{} – registered in England No. {}"],
        "s2_issuer": ["Issuer", "Seller details", "Billed from"],
        "s2_client": ["Customer's details", "Billed to (customer)"],
        "s2_name": ["Company", "Name"],
        "s2_id": ["VAT reg. number {}", "VAT no {}"],
    },
    "de": {
        "s2_inline": ["Rechnungsstellerin", "Ausgestellt von"], "s2_inline_to": ["Rechnungsempfängerin", "Empfänger der Leistung"],
        "s2_holder": ["Kontoinhaber", "Kontoinhaberin", "Begünstigter"],
        "s2_copyright": ["© {} {}", "Copyright {} {}"],
        "s2_issuer": ["Angaben zum Rechnungssteller", "Angaben zum leistenden Unternehmen"],
        "s2_client": ["Angaben zum Rechnungsempfänger", "Angaben zum Kunden"],
        "s2_name": ["Firma", "Name"],
        "s2_id": ["USt-IdNr. {}", "USt-ID {}"],
    },
    "es": {
        "s2_inline": ["Empresa emisora", "Factura expedida por"], "s2_inline_to": ["Empresa receptora", "Expedida a"],
        "s2_cheque": ["Cheques nominativos a favor de {}"],
        "s2_holder": ["Titular de la cuenta", "Titular", "Beneficiario"],
        "s2_copyright": ["© {} {}. Todos los derechos reservados.", "© {} {}"],
        "s2_issuer": ["Datos de la empresa emisora", "Datos fiscales del emisor"],
        "s2_client": ["Datos de la empresa receptora", "Datos fiscales del receptor"],
        "s2_name": ["Nombre o razón social", "Nombre"],
        "s2_id": ["NIF {}", "C.I.F. {}"],
    },
    "it": {
        "s2_inline": ["Soggetto emittente", "Cedente della fattura"], "s2_inline_to": ["Soggetto destinatario", "Committente della fattura"],
        "s2_cheque": ["Assegni intestati a {}"],
        "s2_holder": ["Intestatario del conto", "Conto intestato a", "Beneficiario"],
        "s2_copyright": ["© {} {} – tutti i diritti riservati", "© {} {}"],
        "s2_issuer": ["Cedente/prestatore (fornitore)", "Dati del cedente"],
        "s2_client": ["Cessionario/committente (cliente)", "Dati del cliente"],
        "s2_name": ["Denominazione", "Ragione sociale"],
        "s2_id": ["P. IVA n. {}", "Cod. IVA {}"],
    },
}
blind.add_labels(SELLER2_LABELS)


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> blind.Invoice:
    """The invoice of ``seed`` in this family's layouts (same seed, same invoice)."""
    draws = random.Random(f"blind-sellers2-{seed}")
    language = language or draws.choices(SELLER2_LANGUAGES, SELLER2_WEIGHTS)[0]
    layout = layout or draws.choice(SELLER2_LAYOUTS)
    if layout == "autonomo":
        language = "es"  # a self-employed person's invoice, as Spain prints it
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    invoice.truth.seller_name = invoice.context["legal_name"]  # the layout gave the seller one of FORMS2
    invoice.truth.seller_vat_id = invoice.context["seller_vat"]  # or a self-employed person's NIF
    return invoice


def _registered(ctx: dict) -> str:
    """Give the seller a legal form of :data:`FORMS2` (a sole trader keeps its name), and return the legal name."""
    draws = random.Random(f"blind-sellers2-name-{ctx['number']}-{ctx['seller']}")
    if ctx["form"]:
        language = ctx["language"]
        form = draws.choice(FORMS2[language])
        name = f"{ctx['seller']} {form}"
        if form == "S.a.s." and draws.random() < 0.5:  # « Ricci Impianti S.a.s. di Ricci Matteo & C. »
            surname = ctx["seller"].split()[-1] if ctx["seller"].split()[-1] in SURNAMES["it"] else draws.choice(SURNAMES["it"])
            name = f"{name} di {surname} {draws.choice(GIVEN['it'])} & C."
        ctx["form"], ctx["legal_name"] = form, name
    return ctx["legal_name"]


def _tax_id(ctx: dict) -> str:
    """The seller's tax identifier as the country prints it, with its label (NIF without « ES », P.IVA digits…)."""
    vat = ctx["seller_vat"]
    if vat is None:
        return ""
    shown = vat[2:] if ctx["language"] in ("es", "it") else vat
    if ctx["language"] == "fr" and ctx["siren"]:
        shown = ctx["siren"]
        return _e(f"SIREN {shown}") + f" – {_e(_pick(ctx, 'seller_vat'))} {_e(vat)}"
    return _fill(ctx, "s2_id", shown)


def _email(ctx: dict) -> str:
    return f"{_e(_pick(ctx, 'mail'))} info@{_e(blind._domain(fold_ascii(ctx['seller'])))}"


def _refs_table(ctx: dict) -> str:
    return "".join(f"<tr><td class='muted' style='padding-right:8pt'>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in _meta(ctx))


def _holder_bank(ctx: dict, holder: str) -> str:
    """The bank details with the account holder's name (« Account name: … », « Kontoinhaber: … »)."""
    rows = [(_pick(ctx, "s2_holder"), holder), (_pick(ctx, "iban"), grouped(ctx["iban"])), (_pick(ctx, "bic"), ctx["bic"])]
    cells = "".join(f"<tr><td class='muted' style='padding-right:6pt'>{_e(k)}:</td><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<div style="margin-top:4mm"><div class="strong">{_e(_pick(ctx, "bank"))}</div><table>{cells}</table></div>'


def _layout_logo_seul(ctx: dict) -> str:
    """A logo and no name at the top; the name in the footer: in its first column (a narrow one, where a long legal
    form wraps), after the tax identifier that opens a one-line footer, or opening the usual legal mentions."""
    draws, legal = ctx["sellers"], _registered(ctx)
    logo = _logo(ctx) or (f'<svg width="60" height="36"><rect width="60" height="36" rx="8" fill="{ctx["colour"]}"/>'
                          f'</svg>')
    where = draws.choice(["columns", "id_first", "mentions", "paragraph", "holder"])
    if where == "columns":
        width = draws.choice([18, 22, 26])
        first = f"<div class='strong'>{_e(legal)}</div>{_address(ctx, 'seller')}"
        second = f"{_e(_pick(ctx, 'tel'))} {_e(ctx['phone'])}<br>{_email(ctx)}"
        third = f"{_e(_pick(ctx, 'iban'))} {_e(grouped(ctx['iban']))}<br>{_e(_pick(ctx, 'bic'))} {_e(ctx['bic'])}"
        fourth = _tax_id(ctx)
        if ctx["language"] in ("de", "it", "es") and ctx["form"]:
            fourth = f"{_fill(ctx, 'register', ctx['place'][1], ctx['register_no'])}<br>{fourth}"
        cells = "".join(f"<td style='vertical-align:top;text-align:left;width:{w}%;padding:0 3pt'>{c}</td>"
                        for w, c in ((width, first), (24, second), (28, third), (100 - width - 52, fourth)))
        ctx["footer"] = f"<table style='width:100%;font-size:7pt'><tr>{cells}</tr></table>"
    elif where == "id_first":
        parts = [_tax_id(ctx) or _e(ctx["phone"]), _e(legal), _e(ctx["seller_street"]), _e(" ".join(ctx["place"]))]
        ctx["footer"] = " · ".join(p for p in parts if p)
    elif where == "paragraph":  # a long paragraph in a narrow block: it wraps anywhere, inside the name too
        parts = [_e(ctx["seller_street"]), _e(" ".join(ctx["place"])), _tax_id(ctx), _email(ctx),
                 f"{_e(_pick(ctx, 'iban'))} {_e(grouped(ctx['iban']))}"]
        lead = " · ".join(draws.sample(parts[:3], 2))
        ctx["footer"] = (f"<div style='width:{draws.choice([45, 55, 65])}%;margin:0 auto'>{lead} · {_e(legal)} · "
                         f"{' · '.join(p for p in parts[3:] if p)}</div>")
    elif where == "holder":  # the name only in the bank details, the footer a contact line
        ctx["footer"] = f"{_email(ctx)} · {_e(_pick(ctx, 'tel'))} {_e(ctx['phone'])}"
    else:
        ctx["footer"] = blind._legal(ctx)
    pay = _holder_bank(ctx, legal) if where == "holder" else ""
    address = (f'<div style="font-size:8.5pt;margin-top:2mm">{_address(ctx, "seller")}<br>{_e(_pick(ctx, "tel"))} '
               f'{_e(ctx["phone"])}</div>') if draws.random() < 0.5 else ""
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{logo}{address}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="strong">{_e(ctx['title'])}</div>
<table style="margin-left:auto">{_refs_table(ctx)}</table></td></tr></table>
<div style="margin:6mm 0 0 55%">{_buyer_block(ctx)}</div>
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{pay}"""


def _layout_pied_banque(ctx: dict) -> str:
    """A trading name in large letters at the top; the registered name only in the payment details (the account's
    holder, the payee of cheques) or in a « © 2025 … » or « … is registered in England No. … » line."""
    draws, legal = ctx["sellers"], _registered(ctx)
    brand = _brand(ctx)
    big = (f'<div style="font-size:{draws.choice([20, 24, 28])}pt;color:{ctx["colour"]};font-weight:bold">'
           f'{_e(brand)}</div>')
    top = (f'<div style="font-size:9pt">{_address(ctx, "seller")}<br>{_e(_pick(ctx, "tel"))} {_e(ctx["phone"])}'
           f'<br>{_email(ctx)}<br>{_tax_id(ctx)}</div>')
    where = draws.choice(["holder", "cheque", "footer"] if "s2_cheque" in ctx["labels"] else ["holder", "footer"])
    pay = _holder_bank(ctx, legal) if where == "holder" else blind._bank(ctx)
    if where == "cheque":
        pay += f'<p class="muted">{_fill(ctx, "s2_cheque", legal)}</p>'
    year = ctx["issue_day"].year
    if where == "footer" and "s2_registered" in ctx["labels"] and draws.random() < 0.6:
        ctx["footer"] = _fill(ctx, "s2_registered", legal, ctx["register_no"])
    elif where == "footer":
        ctx["footer"] = f"{_fill(ctx, 's2_copyright', year, legal)} · {_email(ctx)}"
    else:
        ctx["footer"] = f"{_e(brand)} · {_email(ctx)}" if draws.random() < 0.5 else ""
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{big}{top}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="strong">{_e(ctx['title'])}</div>
<table style="margin-left:auto">{_refs_table(ctx)}</table></td></tr></table>
<div style="margin:6mm 0 0 55%">{_buyer_block(ctx)}</div>
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{pay}"""


def _party_box(ctx: dict, heading: str, name: str, lines: list[str], labelled: bool) -> str:
    """A party's box under its heading: the name after its label (« Denominazione: … ») or as the first line."""
    first = (f"<div><span class='muted'>{_e(_pick(ctx, 's2_name'))}:</span> {_e(name)}</div>" if labelled
             else f"<div class='strong'>{_e(name)}</div>")
    rest = "".join(f"<div>{line}</div>" for line in lines if line)
    return (f'<td style="vertical-align:top;width:48%;border:0.6pt solid #999;padding:4pt">'
            f'<div class="strong accent" style="font-size:8pt;text-transform:uppercase">{_e(heading)}</div>{first}{rest}</td>')


def _layout_bloc_emetteur(ctx: dict) -> str:
    """The issuer's data and the customer's side by side, each box under its heading (« Datos del emisor » /
    « Datos del receptor », « Cedente/prestatore » / « Cessionario/committente »), the names after a label or not;
    a logo or a trading name above, and maybe no legal footer."""
    draws, legal = ctx["sellers"], _registered(ctx)
    labelled = draws.random() < 0.5
    seller = _party_box(ctx, _pick(ctx, "s2_issuer"), legal,
                        [_tax_id(ctx), _e(ctx["seller_street"]), _e(" ".join(ctx["place"])),
                         f"{_e(_pick(ctx, 'tel'))} {_e(ctx['phone'])}"], labelled)
    place = ctx["buyer_place"]
    buyer_vat = f"{_e(_pick(ctx, 'buyer_vat'))}: {_e(ctx['buyer_vat'])}" if ctx["buyer_vat"] else ""
    buyer = _party_box(ctx, _pick(ctx, "s2_client"), ctx["buyer"],
                       [buyer_vat, _e(ctx["buyer_street"]), _e(f"{place[0]} {place[1]}")], labelled)
    head = _logo(ctx)
    if draws.random() < 0.4:
        head = f'<div style="font-size:22pt;font-weight:bold;color:{ctx["colour"]}">{_e(_brand(ctx))}</div>'
    if draws.random() < 0.4:
        ctx["footer"] = ""
    rows = "".join(f"<div>{_e(k)}: {_e(v)}</div>" for k, v in _meta(ctx))
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{head}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="strong">{_e(ctx['title'])}</div>{rows}</td>
</tr></table><table style="width:100%;margin-top:5mm;border-collapse:separate;border-spacing:6pt 0"><tr>{seller}{buyer}</tr></table>
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{blind._bank(ctx)}"""


def _layout_emetteur_ligne(ctx: dict) -> str:
    """Each party on one line after its label, with its tax identifier and address (« Emisor: Reformas Ortega S.L.U. ·
    NIF B12345674 · Calle Mayor, 3 · 50001 Zaragoza », « Receptor: … »), under a logo; the legal footer maybe absent."""
    draws, legal = ctx["sellers"], _registered(ctx)
    sep = draws.choice([" · ", " – ", ", "])
    seller = sep.join(p for p in [_e(legal), _tax_id(ctx), _e(ctx["seller_street"]), _e(" ".join(ctx["place"]))] if p)
    place = ctx["buyer_place"]
    buyer_vat = f"{_e(_pick(ctx, 'buyer_vat'))} {_e(ctx['buyer_vat'])}" if ctx["buyer_vat"] else ""
    buyer = sep.join(p for p in [_e(ctx["buyer"]), buyer_vat, _e(ctx["buyer_street"]), _e(f"{place[0]} {place[1]}")] if p)
    parties = (f"<div><span class='strong'>{_e(_pick(ctx, 's2_inline'))}:</span> {seller}</div>"
               f"<div><span class='strong'>{_e(_pick(ctx, 's2_inline_to'))}:</span> {buyer}</div>")
    if draws.random() < 0.5:
        ctx["footer"] = f"{_email(ctx)} · {_e(_pick(ctx, 'tel'))} {_e(ctx['phone'])}"
    rows = "".join(f"<div>{_e(k)}: {_e(v)}</div>" for k, v in _meta(ctx))
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="strong">{_e(ctx['title'])}</div>{rows}</td>
</tr></table><div style="margin-top:5mm;font-size:9pt">{parties}</div>
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{blind._bank(ctx)}"""


#: The key letter of a Spanish DNI (the NIF of a person): the number modulo 23.
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _layout_autonomo(ctx: dict) -> str:
    """A self-employed person's invoice (« autónomo »): the registered name is the person's, given name and two
    surnames, with the NIF of the DNI; a trade name in large letters above it, or the person's name itself."""
    draws = ctx["sellers"]
    surnames = draws.sample(SURNAMES["es"], 2)
    person = f"{draws.choice(GIVEN['es'])} {surnames[0]} {surnames[1]}"
    number = draws.randint(10_000_000, 79_999_999)
    nif = f"{number}{_DNI_LETTERS[number % 23]}"
    ctx["legal_name"], ctx["form"], ctx["seller"], ctx["seller_vat"] = person, "", person, f"ES{nif}"
    trade = f"{draws.choice(TRADES['es'])} {surnames[0]}"
    where = draws.choice(["person", "trade", "block"])
    nif_label = draws.choice(["NIF", "N.I.F.", "DNI/NIF"])
    address = f"{_address(ctx, 'seller')}<br>{_e(_pick(ctx, 'tel'))} {_e(ctx['phone'])}"
    if where == "person":
        head = (f'<div style="font-size:18pt;font-weight:bold">{_e(person)}</div>'
                f'<div style="font-size:9pt">{_e(nif_label)}: {_e(nif)}<br>{address}</div>')
    elif where == "trade":
        head = (f'<div style="font-size:22pt;font-weight:bold;color:{ctx["colour"]}">{_e(trade)}</div>'
                f'<div style="font-size:9pt">{_e(person)} · {_e(nif_label)} {_e(nif)}<br>{address}</div>')
    else:
        head = (f'<div style="font-size:20pt;font-weight:bold;color:{ctx["colour"]}">{_e(trade)}</div>'
                f'<div style="font-size:9pt;margin-top:2mm"><span class="muted">{_e(_pick(ctx, "s2_issuer"))}</span><br>'
                f'{_e(_pick(ctx, "s2_name"))}: {_e(person)}<br>{_e(nif_label)}: {_e(nif)}<br>{address}</div>')
    ctx["footer"] = "" if draws.random() < 0.5 else f"{_e(person)} – {_e(nif_label)} {_e(nif)} – {_email(ctx)}"
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{head}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="strong">{_e(ctx['title'])}</div>
<table style="margin-left:auto">{_refs_table(ctx)}</table></td></tr></table>
<div style="margin:6mm 0 0 55%">{_buyer_block(ctx)}</div>
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{blind._bank(ctx)}"""


RENDER.update({"autonomo": _layout_autonomo})
RENDER.update({"logo_seul": _layout_logo_seul, "pied_banque": _layout_pied_banque, "bloc_emetteur": _layout_bloc_emetteur,
               "emetteur_ligne": _layout_emetteur_ligne})
