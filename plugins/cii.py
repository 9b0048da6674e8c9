"""Read UN/CEFACT Cross Industry Invoice XML into the EN 16931 model.

One reader for every CII flavour: D16B/D22B (Factur-X 1.0x, ZUGFeRD 2.x,
XRechnung CII) and the older ZUGFeRD 1.0 ``CrossIndustryDocument``, whose
element names differ (``HeaderExchangedDocument``, ``ApplicableSupplyChainTrade*``...).
Elements are matched by local name, each step listing its alternatives, so that
namespaces and versions need no separate code.
"""

from __future__ import annotations

import datetime as dt
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
from guichet.core.parsing.xmlnav import Step, amount, child, children, local_name, path, text
from guichet.core.parsing.xmlsafe import parse_xml

if TYPE_CHECKING:
    from lxml.etree import _Element

# Element-name alternatives: D16B/D22B first, ZUGFeRD 1.0 second.
DOC = ("ExchangedDocument", "HeaderExchangedDocument")
CONTEXT = ("ExchangedDocumentContext", "SpecifiedExchangedDocumentContext")
TRANSACTION = ("SupplyChainTradeTransaction", "SpecifiedSupplyChainTradeTransaction")
AGREEMENT = ("ApplicableHeaderTradeAgreement", "ApplicableSupplyChainTradeAgreement")
DELIVERY = ("ApplicableHeaderTradeDelivery", "ApplicableSupplyChainTradeDelivery")
SETTLEMENT = ("ApplicableHeaderTradeSettlement", "ApplicableSupplyChainTradeSettlement")
SUMMATION = ("SpecifiedTradeSettlementHeaderMonetarySummation", "SpecifiedTradeSettlementMonetarySummation")
LINE_AGREEMENT = ("SpecifiedLineTradeAgreement", "SpecifiedSupplyChainTradeAgreement")
LINE_DELIVERY = ("SpecifiedLineTradeDelivery", "SpecifiedSupplyChainTradeDelivery")
LINE_SETTLEMENT = ("SpecifiedLineTradeSettlement", "SpecifiedSupplyChainTradeSettlement")
LINE_SUMMATION = ("SpecifiedTradeSettlementLineMonetarySummation", "SpecifiedTradeSettlementMonetarySummation")
RATE = ("RateApplicablePercent", "ApplicablePercent")
DOC_ID = ("IssuerAssignedID", "ID")  # referenced documents: D16B, then ZUGFeRD 1.0
#: Root names: D16B/D22B, ZUGFeRD 1.0, and the ZUGFeRD 1.0 release candidate (CBFBUY "Invoice").
ROOTS = ("CrossIndustryInvoice", "CrossIndustryDocument", "Invoice")
#: UNTDID 4461 codes of direct debits: the mandate (BT-89) and creditor id (BT-90) go to these means.
DIRECT_DEBIT_CODES = ("49", "59")



def date(el: _Element | None, *steps: Step) -> dt.date | None:
    """A date from ``udt:DateTimeString`` (format 102 = YYYYMMDD) or an ISO string."""
    target = path(el, *steps) if steps else el
    if target is None:
        return None
    inner = child(target, "DateTimeString", "DateString")
    node = inner if inner is not None else target
    value = (node.text or "").strip()
    if not value:
        return None
    fmt = node.get("format", "102")
    try:
        # UNTDID 2379 formats: 102 CCYYMMDD, 203 CCYYMMDDHHMM, 204 CCYYMMDDHHMMSS, 610 CCYYMM,
        # 616 CCYYWW (ISO week: its Monday), 718 CCYYMMDD-CCYYMMDD (a period: its first day).
        if fmt in ("102", "203", "204", "718") and re.match(r"\d{8}", value):
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        if fmt == "610" and re.fullmatch(r"\d{6}", value):
            return dt.date(int(value[:4]), int(value[4:6]), 1)
        if fmt == "616" and re.fullmatch(r"\d{6}", value):
            return dt.date.fromisocalendar(int(value[:4]), int(value[4:6]), 1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise UnreadableInput(f"date illisible : {value!r}") from None


def _identifier(el: _Element | None) -> Identifier | None:
    value = text(el)
    if value is None:
        return None
    return Identifier(value=value, scheme=el.get("schemeID") or None)


def _object_id(ref: _Element) -> Identifier | None:
    """BT-18 / BT-128: the object identifier, its scheme in ReferenceTypeCode (UNTDID 1153)."""
    value = text(ref, DOC_ID)
    if value is None:
        return None
    return Identifier(value=value, scheme=text(ref, "ReferenceTypeCode"))


def _address(el: _Element | None) -> Address | None:
    if el is None:
        return None
    return Address(
        line1=text(el, "LineOne"),
        line2=text(el, "LineTwo"),
        line3=text(el, "LineThree"),
        city=text(el, "CityName"),
        postcode=text(el, "PostcodeCode"),
        subdivision=text(el, "CountrySubDivisionName"),
        country=text(el, "CountryID"),
    )


def _party(el: _Element | None) -> Party | None:
    if el is None:
        return None
    party = Party(name=text(el, "Name"), legal_info=text(el, "Description"))
    for ident in children(el, "ID", "GlobalID"):
        parsed = _identifier(ident)
        if parsed:
            party.identifiers.append(parsed)
    legal = child(el, "SpecifiedLegalOrganization")
    if legal is not None:
        party.legal_id = _identifier(child(legal, "ID"))
        party.trading_name = text(legal, "TradingBusinessName")
    contact = child(el, "DefinedTradeContact")
    if contact is not None:
        party.contact = Contact(
            name=text(contact, "PersonName") or text(contact, "DepartmentName"),
            phone=text(contact, "TelephoneUniversalCommunication", "CompleteNumber"),
            email=text(contact, "EmailURIUniversalCommunication", "URIID"),
        )
    party.address = _address(child(el, "PostalTradeAddress"))
    uri = path(el, "URIUniversalCommunication", "URIID")
    party.electronic_address = _identifier(uri)
    for reg in children(el, "SpecifiedTaxRegistration"):
        ident = child(reg, "ID")
        value = text(ident)
        if value is None:
            continue
        if (ident.get("schemeID") or "VA").upper() == "FC":
            party.tax_registration_id = value
        elif party.vat_id is None:
            party.vat_id = value
    return party


def _allowance_charge(el: _Element) -> AllowanceCharge:
    indicator = (text(el, "ChargeIndicator", "Indicator") or text(el, "ChargeIndicator") or "").lower()
    tax = child(el, "CategoryTradeTax")
    return AllowanceCharge(
        is_charge=indicator == "true",
        amount=amount(el, "ActualAmount") or Decimal("0"),
        base_amount=amount(el, "BasisAmount"),
        percent=amount(el, "CalculationPercent"),
        vat_category=text(tax, "CategoryCode"),
        vat_rate=amount(tax, RATE),
        reason=text(el, "Reason"),
        reason_code=text(el, "ReasonCode"),
    )


def _logistics_charge(el: _Element) -> AllowanceCharge:
    """A Factur-X EXTENDED logistics service charge: in EN 16931 terms a document-level charge
    (BG-21), counted in the charge total BT-108 and in the VAT base of its category."""
    tax = child(el, "AppliedTradeTax")
    return AllowanceCharge(
        is_charge=True,
        amount=amount(el, "AppliedAmount") or Decimal("0"),
        vat_category=text(tax, "CategoryCode"),
        vat_rate=amount(tax, RATE),
        reason=text(el, "Description"),
    )


def _line(el: _Element) -> Line:
    doc = child(el, "AssociatedDocumentLineDocument")
    product = child(el, "SpecifiedTradeProduct")
    agreement = child(el, *LINE_AGREEMENT)
    delivery = child(el, *LINE_DELIVERY)
    settlement = child(el, *LINE_SETTLEMENT)
    gross = child(agreement, "GrossPriceProductTradePrice")
    net = child(agreement, "NetPriceProductTradePrice")
    quantity = child(delivery, "BilledQuantity")
    tax = child(settlement, "ApplicableTradeTax")
    period = child(settlement, "BillingSpecifiedPeriod")
    net_base = child(net, "BasisQuantity")
    gross_discount = path(gross, "AppliedTradeAllowanceCharge", "ActualAmount")
    line = Line(
        id=text(doc, "LineID") or "",
        note=text(doc, "IncludedNote", "Content"),
        quantity=amount(quantity),
        unit_code=quantity.get("unitCode") if quantity is not None else None,
        net_amount=amount(settlement, LINE_SUMMATION, "LineTotalAmount"),
        net_price=amount(net, "ChargeAmount"),
        gross_price=amount(gross, "ChargeAmount"),
        price_discount=amount(gross_discount) if gross_discount is not None else None,
        price_base_quantity=amount(net_base) if net_base is not None else None,
        price_base_unit=net_base.get("unitCode") if net_base is not None else None,
        vat_category=text(tax, "CategoryCode"),
        vat_rate=amount(tax, RATE),
        name=text(product, "Name"),
        description=text(product, "Description"),
        seller_item_id=text(product, "SellerAssignedID"),
        buyer_item_id=text(product, "BuyerAssignedID"),
        standard_item_id=_identifier(child(product, "GlobalID")),
        order_line_ref=text(agreement, "BuyerOrderReferencedDocument", "LineID"),
        accounting_ref=text(settlement, "ReceivableSpecifiedTradeAccountingAccount", "ID"),
        period_start=date(period, "StartDateTime"),
        period_end=date(period, "EndDateTime"),
        origin_country=text(product, "OriginTradeCountry", "ID"),
    )
    for ac in children(settlement, "SpecifiedTradeAllowanceCharge"):
        line.allowances_charges.append(_allowance_charge(ac))
    for cls in children(product, "DesignatedProductClassification"):
        code = child(cls, "ClassCode")
        if text(code):
            line.classification.append(Identifier(text(code) or "", code.get("listID")))
    for charac in children(product, "ApplicableProductCharacteristic"):
        line.attributes.append((text(charac, "Description") or "", text(charac, "Value") or ""))
    for ref in children(settlement, "AdditionalReferencedDocument"):
        if text(ref, "TypeCode") == "130":
            line.object_id = _object_id(ref)
    return line


def _tax_totals(summation: _Element | None, currency: str | None,
                tax_currency: str | None) -> tuple[Decimal | None, Decimal | None]:
    """BT-110 (in the invoice currency) and BT-111 (in the VAT accounting currency) from TaxTotalAmount.

    The binding tells them apart by ``currencyID``. An amount in neither currency (BT-5 missing or
    not the code the amount repeats: the source's defect, BR-05 / BR-CL-04) is BT-110 when the
    source gives no BT-6: it cannot be BT-111 then, and reading it as one lost BT-110."""
    amounts = [(el.get("currencyID"), amount(el)) for el in children(summation, "TaxTotalAmount")]
    main = next((value for cur, value in amounts if cur is None or cur == currency), None)
    other = next((value for cur, value in amounts if tax_currency and cur == tax_currency != currency), None)
    if main is None and not tax_currency:
        main = next((value for cur, value in amounts), None)
    elif other is None:
        other = next((value for cur, value in amounts if cur not in (None, currency)), None)
    return main, other


def _direct_debit(means: list[PaymentMeans], mandate: str | None, creditor_id: str | None) -> None:
    """Put the document-level BT-89/BT-90 on the direct-debit means (on the first means otherwise)."""
    if mandate is None and creditor_id is None:
        return
    targets = [m for m in means if m.type_code in DIRECT_DEBIT_CODES] or means[:1]
    if not targets:
        means.append(PaymentMeans(type_code="59"))
        targets = means
    for target in targets:
        target.mandate_id, target.creditor_id = mandate, creditor_id


def parse_cii(data: bytes) -> Invoice:
    """Parse CII bytes into an :class:`Invoice`."""
    root = parse_xml(data)  # parse_xml also forgives an unknown encoding name on UTF-8 bytes
    if local_name(root) not in ROOTS or (local_name(root) == "Invoice" and child(root, *CONTEXT) is None):
        raise UnreadableInput(f"racine XML inattendue pour une facture CII : {local_name(root)}")
    zugferd1 = local_name(root) != "CrossIndustryInvoice"
    context = child(root, *CONTEXT)
    doc = child(root, *DOC)
    trade = child(root, *TRANSACTION)
    agreement = child(trade, *AGREEMENT)
    delivery = child(trade, *DELIVERY)
    settlement = child(trade, *SETTLEMENT)
    summation = child(settlement, *SUMMATION)
    currency = text(settlement, "InvoiceCurrencyCode")
    tax_total, tax_total_other = _tax_totals(summation, currency, text(settlement, "TaxCurrencyCode"))
    terms = children(settlement, "SpecifiedTradePaymentTerms")

    invoice = Invoice(
        number=text(doc, "ID"),
        issue_date=date(doc, "IssueDateTime"),
        type_code=text(doc, "TypeCode"),
        currency=currency,
        tax_currency=text(settlement, "TaxCurrencyCode"),
        buyer_reference=text(agreement, "BuyerReference"),
        project_reference=text(agreement, "SpecifiedProcuringProject", "ID"),
        contract_reference=text(agreement, "ContractReferencedDocument", DOC_ID),
        order_reference=text(agreement, "BuyerOrderReferencedDocument", DOC_ID),
        sales_order_reference=text(agreement, "SellerOrderReferencedDocument", DOC_ID),
        receiving_advice_reference=text(delivery, "ReceivingAdviceReferencedDocument", DOC_ID),
        despatch_advice_reference=text(delivery, "DespatchAdviceReferencedDocument", DOC_ID),
        accounting_reference=text(settlement, "ReceivableSpecifiedTradeAccountingAccount", "ID"),
        process_id=text(context, "BusinessProcessSpecifiedDocumentContextParameter", "ID"),
        profile=text(context, "GuidelineSpecifiedDocumentContextParameter", "ID"),
        seller=_party(child(agreement, "SellerTradeParty")) or Party(),
        buyer=_party(child(agreement, "BuyerTradeParty")) or Party(),
        payee=_party(child(settlement, "PayeeTradeParty")),
        tax_representative=_party(child(agreement, "SellerTaxRepresentativeTradeParty")),
        syntax="zugferd1" if zugferd1 else "cii",
    )
    invoice.totals = Totals(
        line_total=amount(summation, "LineTotalAmount"),
        allowance_total=amount(summation, "AllowanceTotalAmount"),
        charge_total=amount(summation, "ChargeTotalAmount"),
        tax_exclusive=amount(summation, "TaxBasisTotalAmount"),
        tax_total=tax_total,
        tax_total_accounting=tax_total_other,
        tax_inclusive=amount(summation, "GrandTotalAmount"),
        prepaid=amount(summation, "TotalPrepaidAmount"),
        rounding=amount(summation, "RoundingAmount"),
        amount_due=amount(summation, "DuePayableAmount"),
    )
    for note in children(doc, "IncludedNote"):
        content = "\n".join(t.strip() for t in (c.text or "" for c in children(note, "Content")) if t.strip())
        if content:
            invoice.notes.append(Note(text=content, subject_code=text(note, "SubjectCode")))
    for term in terms:
        description = text(term, "Description")
        if description and invoice.payment_terms is None:
            invoice.payment_terms = description
        due = date(term, "DueDateDateTime")
        if due and invoice.due_date is None:
            invoice.due_date = due
    mandate = next((text(t, "DirectDebitMandateID") for t in terms if text(t, "DirectDebitMandateID")), None)
    creditor_id = text(settlement, "CreditorReferenceID")
    invoice.remittance_information = text(settlement, "PaymentReference")
    for means_el in children(settlement, "SpecifiedTradeSettlementPaymentMeans"):
        account = child(means_el, "PayeePartyCreditorFinancialAccount")
        card = child(means_el, "ApplicableTradeSettlementFinancialCard")
        zf1_mandate = child(means_el, "ID")  # ZUGFeRD 1.0: mandate reference, creditor id as scheme agency
        if zf1_mandate is not None:
            mandate = mandate or text(zf1_mandate)
            creditor_id = creditor_id or zf1_mandate.get("schemeAgencyID") or None
        invoice.payment_means.append(
            PaymentMeans(
                type_code=text(means_el, "TypeCode"),
                information=text(means_el, "Information"),
                iban=text(account, "IBANID") or text(account, "ProprietaryID"),
                account_name=text(account, "AccountName"),
                bic=text(means_el, "PayeeSpecifiedCreditorFinancialInstitution", "BICID"),
                card_pan=text(card, "ID"),
                card_holder=text(card, "CardholderName"),
                mandate_id=None,
                creditor_id=None,
                debited_iban=text(means_el, "PayerPartyDebtorFinancialAccount", "IBANID"),
            )
        )
    _direct_debit(invoice.payment_means, mandate, creditor_id)
    for tax in children(settlement, "ApplicableTradeTax"):
        if invoice.vat_point_date_code is None:
            invoice.vat_point_date_code = text(tax, "DueDateTypeCode")
        if invoice.tax_point_date is None:
            invoice.tax_point_date = date(tax, "TaxPointDate")
        invoice.vat_breakdown.append(
            VatBreakdown(
                category=text(tax, "CategoryCode") or "",
                rate=amount(tax, RATE),
                taxable_amount=amount(tax, "BasisAmount") or Decimal("0"),
                tax_amount=amount(tax, "CalculatedAmount") or Decimal("0"),
                exemption_reason=text(tax, "ExemptionReason"),
                exemption_code=text(tax, "ExemptionReasonCode"),
            )
        )
    period = child(settlement, "BillingSpecifiedPeriod")
    invoice.period_start = date(period, "StartDateTime")
    invoice.period_end = date(period, "EndDateTime")
    for ac in children(settlement, "SpecifiedTradeAllowanceCharge"):
        invoice.allowances_charges.append(_allowance_charge(ac))
    for charge in children(settlement, "SpecifiedLogisticsServiceCharge"):
        invoice.allowances_charges.append(_logistics_charge(charge))
    for ref in children(settlement, "InvoiceReferencedDocument"):
        number = text(ref, DOC_ID)
        if number:
            invoice.preceding_invoices.append(
                PrecedingInvoice(number=number, issue_date=date(ref, "FormattedIssueDateTime"))
            )
    ship_to = child(delivery, "ShipToTradeParty")
    delivery_date = date(delivery, "ActualDeliverySupplyChainEvent", "OccurrenceDateTime")
    if ship_to is not None or delivery_date is not None:
        invoice.delivery = Delivery(
            party_name=text(ship_to, "Name"),
            location_id=_identifier(child(ship_to, "ID", "GlobalID")),
            date=delivery_date,
            address=_address(child(ship_to, "PostalTradeAddress")),
        )
    for ref in children(agreement, "AdditionalReferencedDocument"):
        type_code = text(ref, "TypeCode")
        ident = text(ref, DOC_ID)
        if type_code == "50":
            invoice.tender_reference = ident
        elif type_code == "130":
            invoice.object_reference = _object_id(ref)
        elif ident:
            binary = child(ref, "AttachmentBinaryObject")
            invoice.attachments.append(
                Attachment(
                    id=ident,
                    description=text(ref, "Name"),
                    uri=text(ref, "URIID"),
                    mime_code=binary.get("mimeCode") if binary is not None else None,
                    filename=binary.get("filename") if binary is not None else None,
                    size=len(binary.text or "") * 3 // 4 if binary is not None else None,
                )
            )
    for item in children(trade, "IncludedSupplyChainTradeLineItem"):
        invoice.lines.append(_line(item))
    return invoice


@hookimpl
def parse_invoice(data: bytes, fmt: str) -> Invoice | None:
    """Read CII (any version) into the model.

    Also takes a file detected as UBL whose root ``Invoice`` is in fact the ZUGFeRD 1.0
    release candidate (namespace ``...:CBFBUY:5``, CII element names).
    """
    if fmt == Format.UBL and b"oasis:names:specification:ubl" not in data[:4096] and b"ExchangedDocument" in data:
        return parse_cii(data)
    if fmt != Format.CII:
        return None
    return parse_cii(data)
