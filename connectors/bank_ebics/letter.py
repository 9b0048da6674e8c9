"""The initialisation letters (INI and HIA) the subscriber signs and gives to the bank, in HTML and PDF.

The letter is the trust anchor of EBICS: the bank activates the subscriber only once the
fingerprints it reads on the signed letter match the keys that arrived by INI and HIA. Its content
(identifiers, exponent, modulus and SHA-256 fingerprint of each key: of its certificate in EBICS 3.0, of
its exponent and modulus in EBICS 2.5) comes from the engine's ``build_ini_letter``; only the layout is Guichet's. The PDF is the same
HTML printed by WeasyPrint (already used for invoices).
"""

from __future__ import annotations

import datetime as dt
from guichet.core.model.models import paris_today
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guichet.connectors.bank_ebics.keyring import Keys
    from guichet.core.model.ebics_models import EbicsAccess

TITLES = {
    "A006": ("INI", "Clé de signature électronique (A006)"),
    "X002": ("HIA", "Clé d'authentification (X002)"),
    "E002": ("HIA", "Clé de chiffrement (E002)"),
}

STYLE = """
@page { size: A4; margin: 18mm; }
body { font-family: sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; page-break-after: avoid; }
table.ids td { padding: 1mm 4mm 1mm 0; }
.hex { font-family: monospace; font-size: 8pt; word-break: break-all; }
.fp { font-family: monospace; font-size: 10pt; font-weight: bold; word-break: break-all; }
section { page-break-inside: avoid; border-top: 1px solid #999; padding-top: 2mm; }
.sign { margin-top: 10mm; display: flex; gap: 20mm; }
.sign div { flex: 1; border-top: 1px solid #111; padding-top: 2mm; }
"""


def letter_html(access: EbicsAccess, keys: Keys, *, company_name: str, bank_label: str = "",
                today: dt.date | None = None) -> str:
    """The letters for the three keys, one page of HTML (French)."""
    from painfree.ebics3 import LetterDigest, build_ini_letter

    from guichet.connectors.bank_ebics.orders import context

    h004 = access.version == "H004"
    letter = build_ini_letter(context(access.host_id, access.partner_id, access.user_id), keys.signature,
                              keys.authentication, keys.encryption,
                              digest=LetterDigest.PUBLIC_KEY if h004 else LetterDigest.CERTIFICATE)
    hashed = "de la clé publique (exposant et module)" if h004 else "du certificat"
    day = (today or paris_today()).strftime("%d/%m/%Y")
    rows = [("Banque", bank_label or access.label or access.host_id), ("Adresse du serveur", access.url),
            ("Identifiant de la banque (HostID)", letter.host_id), ("Identifiant client (PartnerID)", letter.partner_id),
            ("Identifiant utilisateur (UserID)", letter.user_id), ("Titulaire", company_name),
            ("Version EBICS", "2.5 (H004)" if h004 else "3.0 (H005)"), ("Date", day)]
    ids = "".join(f"<tr><td>{escape(k)}</td><td><b>{escape(str(v))}</b></td></tr>" for k, v in rows)
    sections = []
    for key in letter.keys:
        order, title = TITLES[key.version.value]
        sections.append(
            f"<section><h2>Lettre {order} — {escape(title)}</h2>"
            f"<p>Longueur de la clé : {key.modulus_bits} bits. Empreinte SHA-256 {hashed} :</p>"
            f'<p class="fp">{escape(key.fingerprint_formatted.upper())}</p>'
            f'<p>Exposant : <span class="hex">{escape(key.exponent)}</span></p>'
            f'<p>Module : <span class="hex">{escape(key.modulus)}</span></p></section>')
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            f"<title>Lettres d'initialisation EBICS — {escape(company_name)}</title><style>{STYLE}</style></head><body>"
            f"<h1>Lettres d'initialisation EBICS (INI et HIA)</h1>"
            f"<p>À signer par le titulaire et à remettre à la banque, qui active l'accès après avoir comparé ces "
            f"empreintes avec les clés reçues.</p><table class=\"ids\">{ids}</table>{''.join(sections)}"
            f'<div class="sign"><div>Lieu et date</div><div>Signature du titulaire</div></div></body></html>')


def letter_pdf(html: str) -> bytes:
    """The letter as PDF (WeasyPrint)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
