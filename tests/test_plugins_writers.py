"""CII and UBL writers: parse(write(model)) == model, on built invoices and on the corpus.

Normalisations (terms a syntax cannot carry as the model holds them), applied to the
expected model before comparing, and nothing else:

- both: an attachment's bytes are not in the model, so BT-125's mime code, file name and
  size cannot be written (``_drop_attachment_binary``);
- both: ``syntax`` (not a business term) is the syntax read; BT-24 is the guideline written
  when a profile is asked;
- UBL: a gross price (BT-148) needs its price discount (BT-147), written as BT-148 − BT-146
  when the model has none (``_ubl_price_discount``);
- UBL CreditNote: the due date (BT-9) lives in a payment means; none without one.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from decimal import Decimal as D

import facturx
import pytest

from guichet.core.model.invoice import (
    Address,
    AllowanceCharge,
    Attachment,
    Contact,
    Delivery,
    Identifier,
    Invoice,
    Line,
    Note,
    Party,
    PaymentMeans,
    PrecedingInvoice,
    Totals,
    VatBreakdown,
)
from guichet.core.plugins import make_plugin_manager
from guichet.core.pipeline.reading import read_file
from guichet.plugins.cii import parse_cii
from guichet.plugins.cii_writer import GUIDELINES, write_cii
from guichet.plugins.ubl import parse_ubl
from guichet.plugins.ubl_writer import write_ubl


def full_invoice(type_code: str = "380") -> Invoice:
    """A French invoice using every term of the model (two VAT rates, an exemption, allowances...)."""
    seller = Party(
        name="Société Démo SAS", trading_name="Démo", legal_info="SAS au capital de 10 000 €, RCS Paris",
        identifiers=[Identifier("55208131700014", "0009")], legal_id=Identifier("552081317", "0002"),
        vat_id="FR03552081317", tax_registration_id="123/456/789",
        electronic_address=Identifier("552081317_FACTURES", "0225"),
        address=Address("1 rue de la Paix", "Bâtiment B", "3e étage", "Paris", "75002", "Île-de-France", "FR"),
        contact=Contact("Jeanne Martin", "+33 1 23 45 67 89", "compta@demo.fr"),
    )
    buyer = Party(
        name="Engie SA", identifiers=[Identifier("54210765100011", "0009")], legal_id=Identifier("542107651", "0002"),
        vat_id="FR03542107651", electronic_address=Identifier("542107651", "0225"),
        address=Address("1 place Samuel de Champlain", city="Courbevoie", postcode="92400", country="FR"),
        contact=Contact("Service achats", None, "achats@engie.example"),
    )
    lines = [
        Line(id="1", quantity=D("10"), unit_code="C62", net_amount=D("900.00"), net_price=D("90.00"),
             gross_price=D("100.00"), price_discount=D("10.00"), price_base_quantity=D("1"), price_base_unit="C62",
             vat_category="S", vat_rate=D("20"), name="Prestation de conseil", description="Audit des factures",
             seller_item_id="CONS-1", buyer_item_id="ACH-9", standard_item_id=Identifier("3012345678901", "0160"),
             note="Mission de mars", object_id=Identifier("OBJ-7", "AAB"), order_line_ref="3",
             accounting_ref="6226", period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 3, 31),
             allowances_charges=[AllowanceCharge(False, D("0.00"), D("900.00"), D("0"), reason="Remise fidélité",
                                                 reason_code="95")],
             origin_country="FR", classification=[Identifier("72221000", "STI")], attributes=[("Couleur", "Bleu")]),
        Line(id="2", quantity=D("2"), unit_code="H87", net_amount=D("100.00"), net_price=D("50.00"),
             vat_category="S", vat_rate=D("5.5"), name="Ouvrage"),
        Line(id="3", quantity=D("1"), unit_code="C62", net_amount=D("50.00"), net_price=D("50.00"),
             vat_category="E", vat_rate=D("0"), name="Formation"),
    ]
    return Invoice(
        number="FA-2026-0042", issue_date=dt.date(2026, 4, 2), type_code=type_code, currency="EUR",
        tax_point_date=dt.date(2026, 4, 2), vat_point_date_code="5", due_date=dt.date(2026, 5, 2),
        buyer_reference="SERVICE-42", project_reference="PRJ-1", contract_reference="CT-2026-1",
        order_reference="PO-77", sales_order_reference="SO-12", receiving_advice_reference="REC-1",
        despatch_advice_reference="BL-9", tender_reference="AO-2025-3", object_reference=Identifier("LOT-5", "AFL"),
        accounting_reference="411DEMO", payment_terms="Paiement à 30 jours",
        notes=[Note("Pas d'escompte pour paiement anticipé.", "AAB"),
               Note("Pénalités de retard : taux BCE + 10 points.", "PMD"),
               Note("Indemnité forfaitaire pour frais de recouvrement : 40 €.", "PMT"),
               Note("B2B", "BAR"), Note("Merci de votre confiance.")],
        process_id="S1", profile=GUIDELINES["en16931"],
        preceding_invoices=[PrecedingInvoice("FA-2026-0001", dt.date(2026, 1, 5))],
        seller=seller, buyer=buyer,
        payee=Party(name="Affactureur SA", identifiers=[Identifier("FR12345", "0002")],
                    legal_id=Identifier("732829320", "0002")),
        tax_representative=Party(name="Représentant fiscal SARL", vat_id="FR40303265045",
                                 address=Address("2 rue du Fisc", city="Lyon", postcode="69001", country="FR")),
        delivery=Delivery("Entrepôt Engie", Identifier("3012345000009", "0088"), dt.date(2026, 3, 31),
                          Address("ZI Nord", city="Lille", postcode="59000", country="FR")),
        period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 3, 31),
        payment_means=[
            PaymentMeans("58", "Virement SEPA FA-2026-0042", "FR7630006000011234567890189", "Société Démo SAS",
                         "AGRIFRPP"),
            PaymentMeans("59", "Prélèvement", mandate_id="RUM-0001", creditor_id="FR12ZZZ123456",
                         debited_iban="FR7630004000031234567890143"),
        ],
        remittance_information="FA-2026-0042",
        allowances_charges=[
            AllowanceCharge(False, D("50.00"), D("1000.00"), D("5"), "S", D("20"), "Remise commerciale", "95"),
            AllowanceCharge(True, D("10.00"), None, None, "S", D("20"), "Frais de port", "FC"),
        ],
        totals=Totals(D("1050.00"), D("50.00"), D("10.00"), D("1010.00"), D("177.50"), None, D("1187.50"),
                      D("100.00"), D("0.00"), D("1087.50")),
        vat_breakdown=[VatBreakdown("S", D("20"), D("860.00"), D("172.00")),
                       VatBreakdown("S", D("5.5"), D("100.00"), D("5.50")),
                       VatBreakdown("E", D("0"), D("50.00"), D("0.00"), "Exonération art. 261-4-4° du CGI",
                                    "VATEX-FR-261-4")],
        attachments=[Attachment("BL-9", "BON_LIVRAISON", "https://demo.example/bl9.pdf")],
        lines=lines,
    )


def _same(expected: Invoice, got: Invoice) -> None:
    expected, got = copy.deepcopy(expected), copy.deepcopy(got)
    expected.syntax = got.syntax = None
    assert dataclasses.asdict(got) == dataclasses.asdict(expected)


def _drop_attachment_binary(invoice: Invoice) -> Invoice:
    invoice = copy.deepcopy(invoice)
    for att in invoice.attachments:
        att.mime_code = att.filename = att.size = None
    return invoice


def _ubl_price_discount(invoice: Invoice) -> Invoice:
    invoice = copy.deepcopy(invoice)
    for line in invoice.lines:
        if line.gross_price is not None and line.price_discount is None and line.net_price is not None:
            line.price_discount = line.gross_price - line.net_price
    return invoice


def test_cii_round_trip_on_a_built_invoice():
    invoice = full_invoice()
    _same(invoice, parse_cii(write_cii(invoice)))


@pytest.mark.parametrize("type_code", ["380", "381"])
def test_ubl_round_trip_on_a_built_invoice(type_code):
    invoice = full_invoice(type_code)
    xml = write_ubl(invoice)
    assert (b"<CreditNote" in xml) == (type_code == "381")
    _same(invoice, parse_ubl(xml))
    # At an EN 16931 profile, UBL carries the payment means text (BT-82) once per invoice (UBL-SR-46).
    strict = write_ubl(invoice, "en16931")
    assert strict.count(b"PaymentMeansCode name=") == 1
    expected = copy.deepcopy(invoice)
    expected.payment_means[1].information = None
    expected.process_id = parse_ubl(strict).process_id
    expected.profile = parse_ubl(strict).profile
    _same(expected, parse_ubl(strict))


@pytest.mark.parametrize("type_code", ["380", "381"])
def test_ubl_keeps_due_date_and_remittance_without_payment_means(type_code):
    # A UBL 2.1 CreditNote holds BT-9 only in cac:PaymentMeans, and UBL holds BT-83 only there
    # (cbc:PaymentID): without payment instructions, a means "1" (instrument not defined) carries
    # them, and is read back as no payment instruction.
    invoice = full_invoice(type_code)
    invoice.payment_means = []
    xml = write_ubl(invoice, "en16931")
    assert xml.count(b"<cbc:PaymentMeansCode>1</cbc:PaymentMeansCode>") == 1
    assert facturx.xml_check_xsd(xml, flavor="ubl-2.1-creditnote" if type_code == "381" else "ubl-2.1-invoice")
    back = parse_ubl(xml)
    assert (back.due_date, back.remittance_information, back.payment_means) == (
        invoice.due_date, "FA-2026-0042", [])


def test_built_invoice_is_schema_valid_in_every_syntax():
    invoice = full_invoice()
    for profile in ("en16931", "extended"):
        assert facturx.xml_check_xsd(write_cii(invoice, profile), flavor="factur-x", level=profile)
    # Without a profile every term is written: valid D16B content for the CII D22B ("uncoupled") schema too.
    assert facturx.xml_check_xsd(write_cii(invoice), flavor="factur-x", level="extended-ctc-fr")
    assert facturx.xml_check_xsd(write_ubl(invoice, "en16931"), flavor="ubl-2.1-invoice")
    assert facturx.xml_check_xsd(write_ubl(full_invoice("381"), "peppol"), flavor="ubl-2.1-creditnote")


@pytest.mark.parametrize("profile", ["minimum", "basicwl", "basic", "en16931", "extended"])
def test_cii_profile_sets_guideline_and_keeps_to_its_schema(profile):
    xml = write_cii(full_invoice(), profile)
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level=profile)
    read = parse_cii(xml)
    assert read.profile == GUIDELINES[profile]
    assert read.totals.amount_due == D("1087.50")
    assert bool(read.lines) == (profile not in ("minimum", "basicwl"))


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="profil"):
        write_cii(full_invoice(), "platinum")
    with pytest.raises(ValueError, match="profil"):
        write_ubl(full_invoice(), "platinum")


def _corpus_invoices(corpus):
    pm = make_plugin_manager()
    found = []
    for path in sorted(corpus.glob("*.pdf")):
        result = read_file(pm, path.read_bytes(), path.name)
        if result.invoice is not None:
            found.append((path.name, result.invoice))
    return found


def test_round_trip_on_the_corpus(corpus):
    invoices = _corpus_invoices(corpus)
    assert len(invoices) >= 85
    for name, invoice in invoices:
        expected = _drop_attachment_binary(invoice)
        try:
            _same(expected, parse_cii(write_cii(invoice)))
            _same(_ubl_price_discount(expected), parse_ubl(write_ubl(invoice)))
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None


def test_hook_write_invoice():
    pm = make_plugin_manager()
    invoice = full_invoice()
    cii = pm.hook.write_invoice(invoice=invoice, syntax="cii", profile="en16931")
    ubl = pm.hook.write_invoice(invoice=invoice, syntax="ubl", profile=None)
    assert b"CrossIndustryInvoice" in cii and b"urn:cen.eu:en16931:2017" in cii
    assert b"ubl:schema:xsd:Invoice-2" in ubl
    assert pm.hook.write_invoice(invoice=invoice, syntax="edifact", profile=None) is None
    _same(invoice, parse_ubl(ubl))
