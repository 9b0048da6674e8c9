"""Read UBL 2.1 Invoice and CreditNote (EN 16931, Peppol BIS, XRechnung) into the model.

Elements are matched by local name (``cac``/``cbc`` prefixes vary between senders).
A CreditNote keeps its amounts as written and its ``CreditNoteTypeCode`` as BT-3.
Notes carry their subject code the Peppol/XRechnung way: ``#AAB#text``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput
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
from guichet.core.model.states import Format
from guichet.core.parsing.xmlnav import amount, children, iso_date, local_name, path, text
from guichet.core.parsing.xmlsafe import parse_xml

if TYPE_CHECKING:
    from lxml.etree import _Element

UBL_NAMESPACES = (
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
)
#: Party identification scheme of the SEPA creditor identifier (BT-90) in UBL.
SEPA_SCHEME = "SEPA"
#: BT-8: UBL writes UNTDID 2005 (3, 35, 432), CII UNTDID 2475 (5, 29, 72) for the same three
#: meanings (invoice date, delivery date, paid to date; EN 16931-3-2/3-3). The model keeps CII's.
VAT_POINT_CODES = {"3": "5", "35": "29", "432": "72"}
DIRECT_DEBIT_CODES = ("49", "59")
#: UNTDID 4461 "instrument not defined": a cac:PaymentMeans with this code and nothing else (but a
#: CreditNote's due date, BT-9, or the remittance information, BT-83, which UBL can only hang on a
#: means) carries those terms, not a payment instruction.
NO_INSTRUMENT = "1"
_NOTE_SUBJECT = re.compile(r"^#([A-Z]{3})#(.*)$", re.S)


#: UBL dates are ISO (YYYY-MM-DD).
date = iso_date


def _identifier(el: _Element | None) -> Identifier | None:
    value = text(el)
    if value is None:
        return None
    return Identifier(value=value, scheme=el.get("schemeID") or None)  # type: ignore[union-attr]


def _address(el: _Element | None) -> Address | None:
    if el is None:
        return None
    return Address(
        line1=text(el, "StreetName"),
        line2=text(el, "AdditionalStreetName"),
        line3=text(el, "AddressLine", "Line"),
        city=text(el, "CityName"),
        postcode=text(el, "PostalZone"),
        subdivision=text(el, "CountrySubentity"),
        country=text(el, "Country", "IdentificationCode"),
    )


def _party(el: _Element | None, *, name_from_party_name: bool = False) -> tuple[Party | None, str | None]:
    """The party and its SEPA creditor id (BT-90, carried as a party identification)."""
    if el is None:
        return None, None
    creditor_id = None
    party = Party()
    for ident_el in children(el, "PartyIdentification"):
        ident = _identifier(path(ident_el, "ID"))
        if ident is None:
            continue
        if ident.scheme == SEPA_SCHEME:
            creditor_id = ident.value
        else:
            party.identifiers.append(ident)
    party_name = text(el, "PartyName", "Name")
    legal = path(el, "PartyLegalEntity")
    if name_from_party_name:
        party.name = party_name
    else:
        party.name = text(legal, "RegistrationName")
        party.trading_name = party_name
    if legal is not None:
        party.legal_id = _identifier(path(legal, "CompanyID"))
        party.legal_info = text(legal, "CompanyLegalForm")
    party.electronic_address = _identifier(path(el, "EndpointID"))
    party.address = _address(path(el, "PostalAddress"))
    for scheme_el in children(el, "PartyTaxScheme"):
        company_id = text(scheme_el, "CompanyID")
        if company_id is None:
            continue
        if (text(scheme_el, "TaxScheme", "ID") or "VAT").upper() == "VAT":
            party.vat_id = party.vat_id or company_id
        else:
            party.tax_registration_id = party.tax_registration_id or company_id
    contact = path(el, "Contact")
    if contact is not None:
        party.contact = Contact(
            name=text(contact, "Name"), phone=text(contact, "Telephone"), email=text(contact, "ElectronicMail"),
        )
    return party, creditor_id


def _allowance_charge(el: _Element) -> AllowanceCharge:
    tax = path(el, "TaxCategory")
    return AllowanceCharge(
        is_charge=(text(el, "ChargeIndicator") or "").lower() == "true",
        amount=amount(el, "Amount") or Decimal("0"),
        base_amount=amount(el, "BaseAmount"),
        percent=amount(el, "MultiplierFactorNumeric"),
        vat_category=text(tax, "ID"),
        vat_rate=amount(tax, "Percent"),
        reason=text(el, "AllowanceChargeReason"),
        reason_code=text(el, "AllowanceChargeReasonCode"),
    )


def _line(el: _Element) -> Line:
    item = path(el, "Item")
    price = path(el, "Price")
    quantity = path(el, "InvoicedQuantity")
    if quantity is None:
        quantity = path(el, "CreditedQuantity")
    base_qty = path(price, "BaseQuantity")
    tax = path(item, "ClassifiedTaxCategory")
    price_ac = path(price, "AllowanceCharge")
    line = Line(
        id=text(el, "ID") or "",
        note=text(el, "Note"),
        quantity=amount(quantity),
        unit_code=quantity.get("unitCode") if quantity is not None else None,
        net_amount=amount(el, "LineExtensionAmount"),
        accounting_ref=text(el, "AccountingCost"),
        period_start=date(el, "InvoicePeriod", "StartDate"),
        period_end=date(el, "InvoicePeriod", "EndDate"),
        order_line_ref=text(el, "OrderLineReference", "LineID"),
        net_price=amount(price, "PriceAmount"),
        gross_price=amount(price_ac, "BaseAmount"),
        price_discount=amount(price_ac, "Amount"),
        price_base_quantity=amount(base_qty),
        price_base_unit=base_qty.get("unitCode") if base_qty is not None else None,
        vat_category=text(tax, "ID"),
        vat_rate=amount(tax, "Percent"),
        name=text(item, "Name"),
        description=text(item, "Description"),
        seller_item_id=text(item, "SellersItemIdentification", "ID"),
        buyer_item_id=text(item, "BuyersItemIdentification", "ID"),
        standard_item_id=_identifier(path(item, "StandardItemIdentification", "ID")),
        origin_country=text(item, "OriginCountry", "IdentificationCode"),
    )
    for ref in children(el, "DocumentReference"):
        if text(ref, "DocumentTypeCode") in ("130", None):
            line.object_id = _identifier(path(ref, "ID"))
    for ac in children(el, "AllowanceCharge"):
        line.allowances_charges.append(_allowance_charge(ac))
    for cls in children(item, "CommodityClassification"):
        code = path(cls, "ItemClassificationCode")
        if text(code):
            line.classification.append(Identifier(text(code) or "", code.get("listID")))  # type: ignore[union-attr]
    for prop in children(item, "AdditionalItemProperty"):
        line.attributes.append((text(prop, "Name") or "", text(prop, "Value") or ""))
    return line


def _note(value: str) -> Note:
    match = _NOTE_SUBJECT.match(value)
    if match:
        return Note(text=match.group(2).strip(), subject_code=match.group(1))
    return Note(text=value)


def _carrier_only(root: _Element, means_el: _Element, means: PaymentMeans, credit: bool) -> bool:
    """True for a cac:PaymentMeans in the exact shape plugins/ubl_writer.py gives a source without
    BG-16: the document's only means, code "1" without name and nothing but cbc:PaymentID (BT-83) or,
    in a CreditNote, cbc:PaymentDueDate (BT-9) beside it. A means "1" in any other shape (alone, with
    an account, among others) is the sender's real BG-16 "instrument not defined" and is kept."""
    if means != PaymentMeans(type_code=NO_INSTRUMENT) or len(children(root, "PaymentMeans")) != 1:
        return False
    carried = {"PaymentID", "PaymentDueDate"} if credit else {"PaymentID"}
    others = {local_name(el) for el in means_el if isinstance(el.tag, str)} - {"PaymentMeansCode"}
    return bool(others) and others <= carried


def parse_ubl(data: bytes) -> Invoice:
    """Parse UBL 2.1 Invoice or CreditNote bytes into an :class:`Invoice`."""
    root = parse_xml(data)
    local = local_name(root)
    if local not in ("Invoice", "CreditNote") or etree_ns(root) not in UBL_NAMESPACES:
        raise UnreadableInput(f"racine XML inattendue pour une facture UBL : {local}")
    credit = local == "CreditNote"
    currency = text(root, "DocumentCurrencyCode")
    invoice = Invoice(
        number=text(root, "ID"),
        issue_date=date(root, "IssueDate"),
        type_code=text(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode"),
        currency=currency,
        tax_currency=text(root, "TaxCurrencyCode"),
        tax_point_date=date(root, "TaxPointDate"),
        due_date=date(root, "DueDate"),
        buyer_reference=text(root, "BuyerReference"),
        project_reference=text(root, "ProjectReference", "ID"),
        contract_reference=text(root, "ContractDocumentReference", "ID"),
        order_reference=text(root, "OrderReference", "ID"),
        sales_order_reference=text(root, "OrderReference", "SalesOrderID"),
        receiving_advice_reference=text(root, "ReceiptDocumentReference", "ID"),
        despatch_advice_reference=text(root, "DespatchDocumentReference", "ID"),
        tender_reference=text(root, "OriginatorDocumentReference", "ID"),
        accounting_reference=text(root, "AccountingCost"),
        process_id=text(root, "ProfileID"),
        profile=text(root, "CustomizationID"),
        period_start=date(root, "InvoicePeriod", "StartDate"),
        period_end=date(root, "InvoicePeriod", "EndDate"),
        vat_point_date_code=_vat_point_code(text(root, "InvoicePeriod", "DescriptionCode")),
        syntax="ubl",
    )
    if invoice.order_reference == "NA" and invoice.sales_order_reference:
        invoice.order_reference = None  # Peppol writes "NA" when only BT-14 is known
    for note in children(root, "Note"):
        value = text(note)
        if value:
            invoice.notes.append(_note(value))
    for ref in children(root, "BillingReference"):
        number = text(ref, "InvoiceDocumentReference", "ID")
        if number:
            invoice.preceding_invoices.append(
                PrecedingInvoice(number=number, issue_date=date(ref, "InvoiceDocumentReference", "IssueDate"))
            )
    for ref in children(root, "AdditionalDocumentReference"):
        ident_el = path(ref, "ID")
        if text(ident_el) is None:
            continue
        if text(ref, "DocumentTypeCode") == "130":
            invoice.object_reference = _identifier(ident_el)
            continue
        if text(ref, "DocumentTypeCode") == "50" and credit:  # BT-11 of a CreditNote (Peppol BIS)
            invoice.project_reference = text(ident_el)
            continue
        binary = path(ref, "Attachment", "EmbeddedDocumentBinaryObject")
        invoice.attachments.append(
            Attachment(
                id=text(ident_el) or "",
                description=text(ref, "DocumentDescription"),
                uri=text(ref, "Attachment", "ExternalReference", "URI"),
                mime_code=binary.get("mimeCode") if binary is not None else None,
                filename=binary.get("filename") if binary is not None else None,
                size=len("".join((binary.text or "").split())) * 3 // 4 if binary is not None else None,
            )
        )
    seller, creditor_id = _party(path(root, "AccountingSupplierParty", "Party"))
    buyer, _ = _party(path(root, "AccountingCustomerParty", "Party"))
    payee, payee_creditor = _party(path(root, "PayeeParty"), name_from_party_name=True)
    creditor_id = creditor_id or payee_creditor
    invoice.seller, invoice.buyer, invoice.payee = seller or Party(), buyer or Party(), payee
    invoice.tax_representative, _ = _party(path(root, "TaxRepresentativeParty"), name_from_party_name=True)
    delivery_el = path(root, "Delivery")
    if delivery_el is not None:
        location = path(delivery_el, "DeliveryLocation")
        invoice.delivery = Delivery(
            party_name=text(delivery_el, "DeliveryParty", "PartyName", "Name"),
            location_id=_identifier(path(location, "ID")),
            date=date(delivery_el, "ActualDeliveryDate"),
            address=_address(path(location, "Address")),
        )
    mandate = None
    for means_el in children(root, "PaymentMeans"):
        code = path(means_el, "PaymentMeansCode")
        account = path(means_el, "PayeeFinancialAccount")
        card = path(means_el, "CardAccount")
        mandate_el = path(means_el, "PaymentMandate")
        means = PaymentMeans(
            type_code=text(code),
            information=code.get("name") if code is not None else None,
            iban=text(account, "ID"),
            account_name=text(account, "Name"),
            bic=text(account, "FinancialInstitutionBranch", "ID"),
            card_pan=text(card, "PrimaryAccountNumberID"),
            card_holder=text(card, "HolderName"),
            mandate_id=text(mandate_el, "ID"),
            debited_iban=text(mandate_el, "PayerFinancialAccount", "ID"),
        )
        mandate = mandate or means.mandate_id
        if invoice.due_date is None:
            invoice.due_date = date(means_el, "PaymentDueDate")
        if invoice.remittance_information is None:
            invoice.remittance_information = text(means_el, "PaymentID")
        if _carrier_only(root, means_el, means, credit):
            continue  # only the carrier of BT-9 / BT-83 without instrument (plugins/ubl_writer.py): no BG-16
        invoice.payment_means.append(means)
    if creditor_id:
        targets = [m for m in invoice.payment_means if m.type_code in DIRECT_DEBIT_CODES or m.mandate_id]
        targets = targets or invoice.payment_means[:1]
        if not targets:
            invoice.payment_means.append(PaymentMeans(type_code="59"))
            targets = invoice.payment_means
        for target in targets:
            target.creditor_id = creditor_id
    invoice.payment_terms = text(root, "PaymentTerms", "Note")
    for ac in children(root, "AllowanceCharge"):
        invoice.allowances_charges.append(_allowance_charge(ac))
    tax_total, tax_total_other = None, None
    main = _main_tax_total(children(root, "TaxTotal"), currency)
    for total in children(root, "TaxTotal"):
        tax_el = path(total, "TaxAmount")
        if total is main:
            tax_total = amount(tax_el)
            for sub in children(total, "TaxSubtotal"):
                category = path(sub, "TaxCategory")
                invoice.vat_breakdown.append(
                    VatBreakdown(
                        category=text(category, "ID") or "",
                        rate=amount(category, "Percent"),
                        taxable_amount=amount(sub, "TaxableAmount") or Decimal("0"),
                        tax_amount=amount(sub, "TaxAmount") or Decimal("0"),
                        exemption_reason=text(category, "TaxExemptionReason"),
                        exemption_code=text(category, "TaxExemptionReasonCode"),
                    )
                )
        elif tax_total_other is None:
            tax_total_other = amount(tax_el)
    money = path(root, "LegalMonetaryTotal")
    invoice.totals = Totals(
        line_total=amount(money, "LineExtensionAmount"),
        allowance_total=amount(money, "AllowanceTotalAmount"),
        charge_total=amount(money, "ChargeTotalAmount"),
        tax_exclusive=amount(money, "TaxExclusiveAmount"),
        tax_total=tax_total,
        tax_total_accounting=tax_total_other,
        tax_inclusive=amount(money, "TaxInclusiveAmount"),
        prepaid=amount(money, "PrepaidAmount"),
        rounding=amount(money, "PayableRoundingAmount"),
        amount_due=amount(money, "PayableAmount"),
    )
    for line_el in children(root, "CreditNoteLine" if credit else "InvoiceLine"):
        invoice.lines.append(_line(line_el))
    return invoice


def _main_tax_total(totals: list[_Element], currency: str | None) -> _Element | None:
    """The cac:TaxTotal holding BT-110 and the VAT breakdown (BG-23).

    EN 16931-3-2 tells the two TaxTotal apart by currency: BT-110 is in the document currency
    (BT-5), BT-111 in the VAT accounting currency (BT-6). When no TaxAmount is in BT-5 (BT-5
    missing, or a code the amounts do not repeat: the source's defect, BR-05 / BR-CL-04), the one
    with the breakdown is BT-110: the binding puts BG-23 under BT-110 only, BT-111 stands alone.
    The breakdown is then not lost with the currency (the defect stays the currency's)."""
    def currency_of(total: _Element) -> str | None:
        tax_el = path(total, "TaxAmount")
        return tax_el.get("currencyID") if tax_el is not None else None

    for total in totals:
        cur = currency_of(total)
        if cur is None or cur == currency:
            return total
    return next((t for t in totals if children(t, "TaxSubtotal")), totals[0] if totals else None)


def etree_ns(el: _Element) -> str:
    """The namespace URI of ``el`` ('' when none)."""
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


@hookimpl
def parse_invoice(data: bytes, fmt: str) -> Invoice | None:
    """Read UBL 2.1 Invoice/CreditNote; leave other roots named Invoice to other readers."""
    if fmt != Format.UBL:
        return None
    if not any(ns.encode() in data[:4096] for ns in UBL_NAMESPACES):
        return None  # e.g. the ZUGFeRD 1.0 release candidate, whose root is also "Invoice"
    return parse_ubl(data)


def _vat_point_code(code: str | None) -> str | None:
    """BT-8 as the model keeps it (UNTDID 2475); a value outside the three is kept as written."""
    return VAT_POINT_CODES.get(code, code) if code else code
