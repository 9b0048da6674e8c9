"""Identity controls: SIREN, SIRET, VAT, IBAN, BIC by their check digits (stdnum, schwifty)."""

from __future__ import annotations

from controls_samples import french_invoice, siret_of
from guichet.core.model.invoice import Identifier
from guichet.plugins.controls_identity import check_identity


def found(invoice):
    return {(p.code, str(p.severity), p.field) for p in check_identity(invoice).problems}


def test_valid_invoice_has_no_identity_finding():
    assert found(french_invoice()) == set()


def test_siren_siret_and_coherence():
    invoice = french_invoice()
    invoice.buyer.legal_id = Identifier("552081318", "0002")
    assert found(invoice) == {("ID-SIREN-CHECKSUM", "fatal", "BT-47")}
    invoice = french_invoice()
    invoice.seller.identifiers = [Identifier(siret_of("552081317"), "0009")]
    assert found(invoice) == {("LEG-SIRET-COHERENCE", "fatal", "BT-29")}
    invoice.seller.identifiers = [Identifier("1234", "0009")]
    assert ("ID-SIREN-CHECKSUM", "fatal", "BT-29") in found(invoice)


def test_la_poste_siret_is_valid():
    invoice = french_invoice()
    invoice.seller.legal_id = Identifier("356000000", "0002")
    invoice.seller.identifiers = [Identifier("35600000049837", "0009")]
    invoice.seller.vat_id = None
    assert found(invoice) == set()


def test_vat_numbers():
    invoice = french_invoice()
    invoice.seller.vat_id = "FR45732829320"
    assert found(invoice) == {("ID-VAT-CHECKSUM", "fatal", "BT-31")}
    invoice.seller.vat_id = "DE123456789"  # foreign: VIES is the authority, a warning
    assert found(invoice) == {("ID-VAT-CHECKSUM", "warning", "BT-31")}
    invoice.seller.vat_id = "FR13542107651"
    assert found(invoice) == {("ID-VAT-SIREN", "fatal", "BT-31")}


def test_iban_and_bic():
    invoice = french_invoice()
    invoice.payment_means[0].iban = "FR76 3000 6000 0112 3456 7890 188"
    invoice.payment_means[0].bic = "AGRIFRPP"
    assert found(invoice) == {("PAY-MEANS", "fatal", "BT-84")}
    invoice.payment_means[0].iban = None
    invoice.payment_means[0].bic = "BIC_MONCOMPTE"
    assert found(invoice) == {("PAY-MEANS", "warning", "BT-84"), ("PAY-MEANS", "fatal", "BT-86")}
