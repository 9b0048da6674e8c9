"""Identity controls: SIREN, SIRET, VAT numbers, IBAN and BIC by their check digits.

Checksums come from python-stdnum (SIREN/SIRET with the La Poste rule, French VAT
key, every EU VAT format) and schwifty (IBAN with its national BBAN rules, BIC);
nothing is computed by hand. Codes: ID-SIREN-CHECKSUM, LEG-SIRET-COHERENCE,
ID-VAT-CHECKSUM, ID-VAT-SIREN, PAY-MEANS. They apply to every invoice (an
identifier that claims to be a SIREN must be one, whatever the country).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stdnum.eu import vat as eu_vat
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from guichet.core import hookimpl
from guichet.core.pipeline.controls import Report, is_french_party
from guichet.core.model.identifiers import compact

if TYPE_CHECKING:
    from guichet.core.model.invoice import Invoice, Party
    from guichet.core.model.models import Company

ORIGIN = "controls_identity"

#: (attribute, label, BT of the legal id, BT of the VAT number)
PARTIES = (
    ("seller", "vendeur", "BT-30", "BT-31"),
    ("buyer", "acheteur", "BT-47", "BT-48"),
    ("payee", "bénéficiaire", "BT-61", None),
    ("tax_representative", "représentant fiscal", None, "BT-63"),
)
CREDIT_TRANSFER = {"30", "58"}


def _de(label: str) -> str:
    """French "du vendeur" / "de l'acheteur"."""
    return f"de l'{label}" if label[0] in "aeiouyé" else f"du {label}"


def _check_legal_ids(report: Report, party: Party, label: str, bt: str | None) -> None:
    """SIREN (scheme 0002) and SIRET (scheme 0009) identifiers of ``party``."""
    candidates = []
    if party.legal_id is not None:
        candidates.append((party.legal_id, bt or "BT-30"))
    candidates += [(ident, "BT-29" if label == "vendeur" else "BT-46") for ident in party.identifiers]
    french = is_french_party(party)
    sirens: set[str] = set()
    sirets: list[tuple[str, str]] = []
    for ident, field in candidates:
        value = compact(ident.value)
        scheme = ident.scheme or ""
        if scheme not in ("0002", "0009") and not (scheme == "" and french and value.isdigit()):
            continue
        if len(value) == 9 and value.isdigit():
            if not std_siren.is_valid(value):
                report.block("ID-SIREN-CHECKSUM", f"SIREN {_de(label)} invalide : {ident.value} (clé de contrôle fausse)", field)
            else:
                sirens.add(value)
        elif len(value) == 14 and value.isdigit():
            if not std_siret.is_valid(value):
                report.block("ID-SIREN-CHECKSUM", f"SIRET {_de(label)} invalide : {ident.value} (clé de contrôle fausse)", field)
            else:
                sirets.append((value, field))
        elif scheme in ("0002", "0009"):
            report.block("ID-SIREN-CHECKSUM", f"identifiant {_de(label)} mal formé : {ident.value} (9 ou 14 chiffres attendus)", field)
    for siret, field in sirets:
        if sirens and siret[:9] not in sirens:
            report.block("LEG-SIRET-COHERENCE", f"le SIRET {siret} {_de(label)} ne commence pas par son SIREN {min(sirens)}", field)


def _check_vat(report: Report, party: Party, label: str, bt: str | None) -> None:
    """Format and check digits of the VAT number; for FR numbers, the SIREN inside it."""
    if not party.vat_id:
        return
    number = compact(party.vat_id)
    field = bt or "BT-31"
    if not eu_vat.is_valid(number):
        message = f"numéro de TVA {_de(label)} invalide : {party.vat_id}"
        if number.startswith("FR"):
            report.block("ID-VAT-CHECKSUM", message, field)
        else:  # foreign numbers: VIES is the authority, a national check may lag behind
            report.warn("ID-VAT-CHECKSUM", message + " (à confirmer dans VIES)", field)
        return
    if number.startswith("FR") and number[4:].isdigit():
        siren = party.siren
        if siren and number[4:] != siren:
            report.block("ID-VAT-SIREN", f"le numéro de TVA {party.vat_id} {_de(label)} ne correspond pas à son SIREN {siren}", field)


def _check_payment(report: Report, invoice: Invoice) -> None:
    """IBAN (BT-84), BIC (BT-86) of each credit transfer instruction."""
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    for means in invoice.payment_means:
        if means.iban:
            try:
                IBAN(means.iban)
            except SchwiftyException as exc:
                report.block("PAY-MEANS", f"IBAN invalide : {means.iban} ({exc})", "BT-84")
        elif (means.type_code or "") in CREDIT_TRANSFER:
            report.warn("PAY-MEANS", "virement demandé sans IBAN du bénéficiaire", "BT-84")
        if means.bic:
            try:
                BIC(means.bic)
            except SchwiftyException as exc:
                report.block("PAY-MEANS", f"BIC invalide : {means.bic} ({exc})", "BT-86")
        if means.debited_iban and (means.type_code or "") == "59":
            try:
                IBAN(means.debited_iban)
            except SchwiftyException as exc:
                report.block("PAY-MEANS", f"IBAN à prélever invalide : {means.debited_iban} ({exc})", "BT-91")


def check_identity(invoice: Invoice) -> Report:
    """Run the identity controls on ``invoice`` (no database, no network)."""
    report = Report(ORIGIN)
    for attr, label, legal_bt, vat_bt in PARTIES:
        party = getattr(invoice, attr)
        if party is None:
            continue
        _check_legal_ids(report, party, label, legal_bt)
        _check_vat(report, party, label, vat_bt)
    _check_payment(report, invoice)
    return report


@hookimpl
def check_invoice(invoice: Invoice, company: Company | None) -> list:
    """Identifiers and bank details by their check digits."""
    return check_identity(invoice).result(company)
