"""UBL 2.1 reader: Peppol/XRechnung Invoice, CreditNote, and the corpus file named like UBL."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest

from guichet.core.errors import UnreadableInput
from guichet.core.parsing.fields import invoice_fields
from guichet.core.plugins import make_plugin_manager
from guichet.core.pipeline.reading import read_file
from guichet.plugins.ubl import parse_ubl

PEPPOL_INVOICE = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>F-2026-7</cbc:ID>
  <cbc:IssueDate>2026-04-02</cbc:IssueDate>
  <cbc:DueDate>2026-05-02</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:Note>#PMT#Indemnité forfaitaire de 40 €</cbc:Note>
  <cbc:Note>Merci</cbc:Note>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>SERV-1</cbc:BuyerReference>
  <cac:OrderReference><cbc:ID>PO-1</cbc:ID></cac:OrderReference>
  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>F-2026-1</cbc:ID>
    <cbc:IssueDate>2026-01-02</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cbc:EndpointID schemeID="0225">552081317</cbc:EndpointID>
    <cac:PartyIdentification><cbc:ID schemeID="0009">55208131700014</cbc:ID></cac:PartyIdentification>
    <cac:PartyIdentification><cbc:ID schemeID="SEPA">FR12ZZZ123456</cbc:ID></cac:PartyIdentification>
    <cac:PostalAddress><cbc:StreetName>1 rue de la Paix</cbc:StreetName><cbc:CityName>Paris</cbc:CityName>
      <cbc:PostalZone>75002</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country>
    </cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>FR03552081317</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Société Démo SAS</cbc:RegistrationName>
      <cbc:CompanyID schemeID="0002">552081317</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cbc:EndpointID schemeID="0225">542107651</cbc:EndpointID>
    <cac:PartyLegalEntity><cbc:RegistrationName>Engie SA</cbc:RegistrationName>
      <cbc:CompanyID schemeID="0002">542107651</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode name="Virement">58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>FR7630006000011234567890189</cbc:ID>
      <cac:FinancialInstitutionBranch><cbc:ID>AGRIFRPP</cbc:ID></cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentMeans><cbc:PaymentMeansCode>59</cbc:PaymentMeansCode>
    <cac:PaymentMandate><cbc:ID>RUM-1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>FR7630004000031234567890143</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>
  </cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>30 jours</cbc:Note></cac:PaymentTerms>
  <cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Remise</cbc:AllowanceChargeReason>
    <cbc:Amount currencyID="EUR">10.00</cbc:Amount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent>
    <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">18.00</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">90.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">18.00</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal></cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">90.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">108.00</cbc:TaxInclusiveAmount>
    <cbc:AllowanceTotalAmount currencyID="EUR">10.00</cbc:AllowanceTotalAmount><cbc:PayableAmount currencyID="EUR">108.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">2</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Conseil</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">50.00</cbc:PriceAmount>
      <cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">5.00</cbc:Amount>
      <cbc:BaseAmount currencyID="EUR">55.00</cbc:BaseAmount></cac:AllowanceCharge></cac:Price>
  </cac:InvoiceLine>
</Invoice>"""

CREDIT_NOTE = """<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ID>AV-3</cbc:ID><cbc:IssueDate>2026-04-03</cbc:IssueDate><cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Vendeur GmbH</cbc:RegistrationName>
  </cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Client</cbc:RegistrationName>
  </cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentDueDate>2026-05-03</cbc:PaymentDueDate></cac:PaymentMeans>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">2.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">10.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">12.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">12.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:CreditNoteLine><cbc:ID>1</cbc:ID><cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Retour</cbc:Name></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price></cac:CreditNoteLine>
</CreditNote>"""


def test_peppol_invoice_reads_every_group():
    invoice = parse_ubl(PEPPOL_INVOICE.encode())
    assert (invoice.number, invoice.issue_date, invoice.due_date) == ("F-2026-7", dt.date(2026, 4, 2), dt.date(2026, 5, 2))
    assert invoice.process_id == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    assert [(n.subject_code, n.text) for n in invoice.notes] == [("PMT", "Indemnité forfaitaire de 40 €"), (None, "Merci")]
    assert invoice.seller.name == "Société Démo SAS"
    assert invoice.seller.legal_id.value == "552081317" and invoice.seller.legal_id.scheme == "0002"
    assert invoice.seller.electronic_address.scheme == "0225"
    assert invoice.seller.identifiers[0].value == "55208131700014"  # the SEPA id is not a seller id
    assert invoice.buyer.siren == "542107651"
    transfer, debit = invoice.payment_means
    assert (transfer.iban, transfer.bic, transfer.information) == ("FR7630006000011234567890189", "AGRIFRPP", "Virement")
    assert (debit.mandate_id, debit.creditor_id, debit.debited_iban) == ("RUM-1", "FR12ZZZ123456", "FR7630004000031234567890143")
    assert transfer.creditor_id is None
    assert invoice.preceding_invoices[0].number == "F-2026-1"
    assert invoice.allowances_charges[0].amount == D("10.00")
    assert invoice.vat_breakdown[0].tax_amount == D("18.00")
    line = invoice.lines[0]
    assert (line.quantity, line.net_price, line.gross_price, line.price_discount) == (D(2), D("50.00"), D("55.00"), D("5.00"))
    fields = invoice_fields(invoice)
    assert fields["total_with_tax"] == "108.00" and fields["iban"] == "FR7630006000011234567890189"


def test_credit_note_keeps_amounts_and_type():
    invoice = parse_ubl(CREDIT_NOTE.encode())
    assert invoice.type_code == "381"
    assert invoice.totals.amount_due == D("12.00")  # as written, not negated
    assert invoice.due_date == dt.date(2026, 5, 3)
    assert invoice.lines[0].quantity == D(1)


def test_ubl_through_read_file():
    pm = make_plugin_manager()
    result = read_file(pm, PEPPOL_INVOICE.encode(), "facture.xml")
    assert str(result.format) == "ubl"
    assert result.invoice.syntax == "ubl"


def test_corpus_file_embedding_an_invoice_root_extracts(corpus):
    pm = make_plugin_manager()
    name = "MustangGnuaccountingBeispielRE-20140522_501.pdf"
    result = read_file(pm, (corpus / name).read_bytes(), name)
    assert result.xml_filename == "ZUGFeRD-invoice.xml"
    assert invoice_fields(result.invoice)["invoice_number"] == "RE-20140522/501"


def test_not_ubl_is_refused():
    with pytest.raises(UnreadableInput, match="UBL"):
        parse_ubl(b"<Invoice xmlns='urn:example'/>")
    with pytest.raises(UnreadableInput):
        parse_ubl(PEPPOL_INVOICE.replace("<cbc:IssueDate>2026-04-02", "<cbc:IssueDate>demain").encode())


_CARRIER = "<cac:PaymentMeans><cbc:PaymentMeansCode>1</cbc:PaymentMeansCode>{}</cac:PaymentMeans>"


@pytest.mark.parametrize(("means", "kept"), [
    # The sender's own BG-16 "instrument not defined": alone, or with an account, or beside another means.
    (_CARRIER.format(""), [("1", None)]),
    (_CARRIER.format("<cac:PayeeFinancialAccount><cbc:ID>FR7630006000011234567890189</cbc:ID>"
                     "</cac:PayeeFinancialAccount>"), [("1", "FR7630006000011234567890189")]),
    (_CARRIER.format("<cbc:PaymentDueDate>2026-05-03</cbc:PaymentDueDate>")
     + "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode></cac:PaymentMeans>", [("1", None), ("30", None)]),
    # The exact shape plugins/ubl_writer.py gives a CreditNote without BG-16: the carrier of BT-9 / BT-83 only.
    (_CARRIER.format("<cbc:PaymentDueDate>2026-05-03</cbc:PaymentDueDate>"), []),
    (_CARRIER.format("<cbc:PaymentID>REF-9</cbc:PaymentID><cbc:PaymentDueDate>2026-05-03</cbc:PaymentDueDate>"), []),
])
def test_payment_means_instrument_not_defined_kept_unless_writer_carrier(means, kept):
    xml = re.sub(r"<cac:PaymentMeans>.*?</cac:PaymentMeans>", lambda _m: means, CREDIT_NOTE, flags=re.S)
    invoice = parse_ubl(xml.encode())
    assert [(m.type_code, m.iban) for m in invoice.payment_means] == kept
    assert invoice.due_date == (dt.date(2026, 5, 3) if "PaymentDueDate" in means else None)


def test_invoice_due_date_carrier_is_not_the_writers_shape():
    # In an Invoice the writer never hangs BT-9 on a means "1" (cbc:DueDate holds it): such a means is the sender's.
    means = _CARRIER.format("<cbc:PaymentDueDate>2026-05-03</cbc:PaymentDueDate>")
    xml = re.sub(r"<cac:PaymentMeans>.*?</cac:PaymentMeans>\s*<cac:PaymentMeans>.*?</cac:PaymentMeans>",
                 lambda _m: means, PEPPOL_INVOICE, flags=re.S)
    assert [m.type_code for m in parse_ubl(xml.encode()).payment_means] == ["1"]
