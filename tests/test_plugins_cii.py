"""CII reader: every corpus file, ZUGFeRD 1.0 details, and an independent XPath check of the fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree

from guichet.core.errors import UnreadableInput
from guichet.core.parsing.fields import invoice_fields
from guichet.core.plugins import make_plugin_manager
from guichet.core.pipeline.reading import read_file
from guichet.plugins.cii import parse_cii

#: Corpus files whose fields cannot be compared with the embedded XML, and why.
NO_XML = {"RE-E-974-Hetzner_2016-01-19_R0005532486.pdf": "PDF sans XML joint"}

# The XPath reading, written independently of the reader (namespaces spelt out per version).
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "zf": "urn:ferd:CrossIndustryDocument:invoice:1p0",
    "zram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12",
    "zudt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15",
}
XPATHS = {
    "invoice_number": ["/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID",
                       "/zf:CrossIndustryDocument/zf:HeaderExchangedDocument/zram:ID",
                       "/*/*[local-name()='HeaderExchangedDocument']/*[local-name()='ID']"],
    "issue_date": ["/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString",
                   "/zf:CrossIndustryDocument/zf:HeaderExchangedDocument/zram:IssueDateTime/zudt:DateTimeString",
                   "/*/*[local-name()='HeaderExchangedDocument']/*[local-name()='IssueDateTime']"],
    "seller_name": ["//ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:Name",
                    "//zram:ApplicableSupplyChainTradeAgreement/zram:SellerTradeParty/zram:Name",
                    "//*[local-name()='SellerTradeParty']/*[local-name()='Name']"],
    "currency": ["//ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode",
                 "//zram:ApplicableSupplyChainTradeSettlement/zram:InvoiceCurrencyCode",
                 "//*[local-name()='InvoiceCurrencyCode']"],
    "total_with_tax": ["//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount",
                       "//zram:SpecifiedTradeSettlementMonetarySummation/zram:GrandTotalAmount",
                       "//*[local-name()='SpecifiedTradeSettlementMonetarySummation']/*[local-name()='GrandTotalAmount']"],
}


def _xpath_fields(xml: bytes) -> dict[str, str | None]:
    # Lenient like the reader: an unknown encoding declaration is dropped (factur-x-invalid-xml-encoding-attribute).
    xml = xml.lstrip(b"\xef\xbb\xbf \r\n\t")
    if xml.startswith(b"<?xml"):
        xml = xml.partition(b"?>")[2]  # the bytes are UTF-8 in every sample
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    values: dict[str, str | None] = {}
    for name, paths in XPATHS.items():
        values[name] = None
        for xp in paths:
            found = root.xpath(xp, namespaces=NS)
            if found and (found[0].text or "").strip():
                values[name] = found[0].text.strip()
                break
    if values["issue_date"]:
        raw = values["issue_date"]
        values["issue_date"] = f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"
    if values["total_with_tax"]:
        values["total_with_tax"] = str(Decimal(values["total_with_tax"]).quantize(Decimal("0.01")))
    return values


def test_corpus_fields_match_an_independent_xpath_reading(corpus):
    pm = make_plugin_manager()
    compared, mismatches = 0, []
    for path in sorted(corpus.glob("*.pdf")):
        result = read_file(pm, path.read_bytes(), path.name)
        if result.invoice is None:
            assert path.name in NO_XML, f"{path.name}: no XML read"
            continue
        fields = invoice_fields(result.invoice)
        expected = _xpath_fields(result.xml)
        for name, value in expected.items():
            compared += 1
            got = fields[name]
            if name == "total_with_tax" and got is not None:
                got = str(Decimal(got).quantize(Decimal("0.01")))
            if got != value:
                mismatches.append((path.name, name, got, value))
    assert compared >= 5 * 85
    assert not mismatches, mismatches  # all agree today; at least 95 % is the contract
    assert 1 - len(mismatches) / compared >= 0.95


def test_every_corpus_file_reads(corpus):
    pm = make_plugin_manager()
    for path in sorted(corpus.glob("*.pdf")):
        result = read_file(pm, path.read_bytes(), path.name)
        if path.name in NO_XML:
            assert result.invoice is None
            continue
        invoice = result.invoice
        assert invoice is not None, path.name
        assert invoice.number and invoice.issue_date and invoice.currency, path.name
        assert invoice.totals.tax_inclusive is not None, path.name


def test_zugferd1_direct_debit_and_references(corpus):
    pm = make_plugin_manager()
    name = "ZUGFeRD_1p0_COMFORT_SEPA_Prenotification.pdf"
    invoice = read_file(pm, (corpus / name).read_bytes(), name).invoice
    assert invoice.syntax == "zugferd1"
    debit = [m for m in invoice.payment_means if m.type_code == "49"][0]
    assert debit.mandate_id == "REF A-123"
    assert debit.creditor_id == "DE98ZZZ09999999999"
    assert debit.debited_iban == "DE21860000000086001055"


def test_zugferd1_release_candidate_named_invoice_is_read(corpus):
    pm = make_plugin_manager()
    name = "MustangGnuaccountingBeispielRE-20140522_501.pdf"
    result = read_file(pm, (corpus / name).read_bytes(), name)
    fields = invoice_fields(result.invoice)
    assert fields["invoice_number"] == "RE-20140522/501"
    assert fields["total_with_tax"] == "571.04"
    assert fields["iban"] == "DE88 2008 0000 0970 3757 00"
    assert len(result.invoice.lines) == 3


def test_full_model_terms_are_read(corpus):
    pm = make_plugin_manager()
    name = "XRECHNUNG_Elektron.pdf"
    invoice = read_file(pm, (corpus / name).read_bytes(), name).invoice
    assert invoice.attachments and invoice.attachments[0].mime_code == "image/png"
    name = "Facture_UE_EN16931.pdf"
    invoice = read_file(pm, (corpus / name).read_bytes(), name).invoice
    assert invoice.vat_breakdown[0].category == "K"
    assert invoice.vat_breakdown[0].exemption_reason
    assert invoice.delivery.address.city == "Dos Hermanas"
    assert invoice.order_reference == "COMPRA0832"
    assert invoice.due_date == dt.date(2017, 12, 3)


def test_object_identifier_scheme_comes_from_reference_type_code():
    xml = b"""<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
      xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
      <rsm:ExchangedDocument><ram:ID>1</ram:ID></rsm:ExchangedDocument>
      <rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeAgreement>
        <ram:AdditionalReferencedDocument><ram:IssuerAssignedID>OBJ</ram:IssuerAssignedID>
          <ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AFL</ram:ReferenceTypeCode>
        </ram:AdditionalReferencedDocument></ram:ApplicableHeaderTradeAgreement>
      </rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"""
    invoice = parse_cii(xml)
    assert (invoice.object_reference.value, invoice.object_reference.scheme) == ("OBJ", "AFL")
    assert invoice.attachments == []


def test_bad_input_is_a_clear_error():
    with pytest.raises(UnreadableInput, match="racine"):
        parse_cii(b"<Order/>")
    with pytest.raises(UnreadableInput, match="montant"):
        parse_cii(b"""<CrossIndustryInvoice><SupplyChainTradeTransaction><ApplicableHeaderTradeSettlement>
            <SpecifiedTradeSettlementHeaderMonetarySummation><GrandTotalAmount>douze</GrandTotalAmount>
            </SpecifiedTradeSettlementHeaderMonetarySummation></ApplicableHeaderTradeSettlement>
            </SupplyChainTradeTransaction></CrossIndustryInvoice>""")


def test_hook_parse_invoice(corpus):
    pm = make_plugin_manager()
    xml = read_file(pm, (corpus / "EN16931_Einfach.pdf").read_bytes(), "x.pdf").xml
    invoice = pm.hook.parse_invoice(data=xml, fmt="cii")
    assert invoice.number == "471102"
    assert pm.hook.parse_invoice(data=xml, fmt="image") is None


ZF1_EXTENDED = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
 <rsm:SpecifiedExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
  <ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:extended</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
 </rsm:SpecifiedExchangedDocumentContext>
 <rsm:HeaderExchangedDocument><ram:ID>X-1</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="203">201309161230</udt:DateTimeString></ram:IssueDateTime>
 </rsm:HeaderExchangedDocument>
 <rsm:SpecifiedSupplyChainTradeTransaction>
  <ram:ApplicableSupplyChainTradeDelivery><ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime>
   <udt:DateTimeString format="616">201337</udt:DateTimeString></ram:OccurrenceDateTime>
  </ram:ActualDeliverySupplyChainEvent></ram:ApplicableSupplyChainTradeDelivery>
  <ram:ApplicableSupplyChainTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementMonetarySummation><ram:LineTotalAmount>10,50</ram:LineTotalAmount>
   </ram:SpecifiedTradeSettlementMonetarySummation>
  </ram:ApplicableSupplyChainTradeSettlement>
  <ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:IncludedNote>
   <ram:Content>Texte seul</ram:Content></ram:IncludedNote></ram:AssociatedDocumentLineDocument>
   <ram:SpecifiedSupplyChainTradeSettlement/>
  </ram:IncludedSupplyChainTradeLineItem>
 </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>"""


def test_zugferd1_extended_dates_decimal_comma_and_comment_lines():
    """ZUGFeRD 1.0 EXTENDED as its specification allows it: UNTDID 2379 date formats 203 (with a time)
    and 616 (a week), a decimal comma, a line that is only a comment."""
    invoice = parse_cii(ZF1_EXTENDED.encode("utf-8"))
    assert invoice.syntax == "zugferd1"
    assert invoice.issue_date == dt.date(2013, 9, 16)
    assert invoice.delivery.date == dt.date(2013, 9, 9)  # Monday of ISO week 37 of 2013
    assert invoice.totals.line_total == Decimal("10.50")
    assert len(invoice.lines) == 1 and invoice.lines[0].note == "Texte seul" and invoice.lines[0].quantity is None
