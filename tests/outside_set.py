"""The outside set (issue 14): invoice files that are not in ``../shared/corpus/``, and variants.

Two halves, both used by ``tests/test_outside_agreement.py`` and ``tests/bench_validate.py``:

- **public files**, fetched from public repositories into ``../shared/outside/files/``
  (source, commit, path and licence of each in ``../shared/outside/MANIFEST.tsv``; the
  files stay out of this repository, see ``tests/data/outside/README.md``);
- **variants** built here from some of them, each breaking (or keeping) one thing the
  rule texts name: totals, missing fields, code lists, MINIMUM / BASIC WL with elements
  they do not use, EXTENDED with BR-CO-12 / BR-S-08 broken, ZUGFeRD 1.0 EXTENDED,
  XRechnung CII and UBL, the Factur-X container (XMP level, /AFRelationship, file name).

Every file belongs to one **part**: ``held-out`` (a stable third of the names, by their
SHA-256) is never tuned on: a disagreement there is reported, and the validator is mended
only from what the ``tuning`` part shows. Variants are built in a temporary folder, the
same bytes every time (no dates, no random values).
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging
import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
OUTSIDE = Path(os.environ.get("GUICHET_OUTSIDE", HERE.parents[1] / "shared" / "outside"))
FILES = OUTSIDE / "files"
HELD_OUT, TUNING = "held-out", "tuning"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
RAM1 = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS = {"ram": RAM, "rsm": RSM, "cbc": CBC, "cac": CAC, "ram1": RAM1,
      "rsm1": "urn:ferd:CrossIndustryDocument:invoice:1p0"}


def part_of(name: str) -> str:
    """``held-out`` for about a third of the names (first hex digit of SHA-256 0-4), else ``tuning``."""
    return HELD_OUT if hashlib.sha256(name.encode()).hexdigest()[0] in "01234" else TUNING


def public_files() -> list[Path]:
    """The fetched public files (none when ``../shared/outside`` is absent: the tests then skip, as for the corpus)."""
    return sorted(p for p in FILES.glob("*") if p.suffix.lower() in (".pdf", ".xml"))


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------


def embedded(pdf: bytes) -> bytes:
    """The invoice XML of a Factur-X / ZUGFeRD PDF (factur-x.xml first, as the specification names it)."""
    from facturx import facturx as fx

    logging.disable(logging.CRITICAL)
    try:
        _name, xml = fx.get_xml_from_pdf(pdf, check_xsd=False, filenames=["factur-x.xml"])
        if not xml:
            _name, xml = fx.get_xml_from_pdf(pdf, check_xsd=False)
    finally:
        logging.disable(logging.NOTSET)
    return xml


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def facturx_pdf(xml: bytes) -> bytes:
    """A Factur-X PDF around ``xml`` as the ``factur-x`` package makes it (level from the XML)."""
    from facturx import facturx as fx

    logging.disable(logging.CRITICAL)
    try:
        return fx.generate_from_binary(blank_pdf(), xml, check_xsd=False, pdf_metadata={
            "author": "Guichet tests", "keywords": "Factur-X", "title": "outside variant", "subject": "test"},
            lang="fr-FR", xmp_compression=False)
    finally:
        logging.disable(logging.NOTSET)


def _root(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, PARSER)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _first(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    if not found:
        raise LookupError(f"{path} absent from the base file")
    return found[0]


def _add(root: etree._Element, path: str, delta: str) -> None:
    el = _first(root, path)
    el.text = str(Decimal(el.text.strip()) + Decimal(delta))


def _set(root: etree._Element, path: str, value: str, attr: str | None = None) -> None:
    el = _first(root, path)
    if attr:
        el.set(attr, value)
    else:
        el.text = value


def _drop(root: etree._Element, path: str) -> None:
    found = root.xpath(path, namespaces=NS)
    if not found:
        raise LookupError(f"{path} absent from the base file")
    for el in found:
        el.getparent().remove(el)


def _edit(*steps: Callable[[etree._Element], None]) -> Callable[[bytes], bytes]:
    def run(xml: bytes) -> bytes:
        root = _root(xml)
        for step in steps:
            step(root)
        return _xml(root)
    return run


def add(path: str, delta: str) -> Callable[[etree._Element], None]:
    return lambda r: _add(r, path, delta)


def put(path: str, value: str, attr: str | None = None) -> Callable[[etree._Element], None]:
    return lambda r: _set(r, path, value, attr)


def drop(path: str) -> Callable[[etree._Element], None]:
    return lambda r: _drop(r, path)


def graft(parent: str, fragment: str, before: str | None = None) -> Callable[[etree._Element], None]:
    """Insert an element (CII ram: namespace) under ``parent``, before its child ``before`` when given."""
    def run(root: etree._Element) -> None:
        host = _first(root, parent)
        el = etree.fromstring(f'<wrap xmlns:ram="{RAM}" xmlns:rsm="{RSM}" xmlns:udt='
                              f'"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">{fragment}</wrap>')[0]
        anchor = host.find(before, NS) if before else None
        if anchor is not None:
            anchor.addprevious(el)
        else:
            host.append(el)
    return run


def copy_of(path: str, parent: str, before: str | None = None) -> Callable[[etree._Element], None]:
    """Copy the first ``path`` element of the document under ``parent``."""
    def run(root: etree._Element) -> None:
        el = copy.deepcopy(_first(root, path))
        host = _first(root, parent)
        anchor = host.find(before, NS) if before else None
        if anchor is not None:
            anchor.addprevious(el)
        else:
            host.append(el)
    return run


def _pdf_edit(fix: Callable[[object, object], None]) -> Callable[[bytes], bytes]:
    """Edit a Factur-X PDF's objects with pypdf (container variants)."""
    def run(pdf: bytes) -> bytes:
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=io.BytesIO(pdf))
        fix(writer, writer._root_object)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    return run


def _xmp_level(level: str) -> Callable[[bytes], bytes]:
    def fix(writer: object, root: object) -> None:
        from pypdf.generic import NameObject, StreamObject

        stream = root["/Metadata"].get_object()
        data = stream.get_data().decode("utf-8")
        data = re.sub(r"(ConformanceLevel>)[^<]*(<)", rf"\g<1>{level}\g<2>", data)
        data = re.sub(r'(ConformanceLevel=")[^"]*(")', rf"\g<1>{level}\g<2>", data)
        new = StreamObject()
        new.set_data(data.encode("utf-8"))
        new[NameObject("/Type")] = NameObject("/Metadata")
        new[NameObject("/Subtype")] = NameObject("/XML")
        root[NameObject("/Metadata")] = writer._add_object(new)
    return _pdf_edit(fix)


def _no_af_relationship(writer: object, root: object) -> None:
    for spec in root["/AF"]:
        spec.get_object().pop("/AFRelationship", None)


def _no_af(writer: object, root: object) -> None:
    root.pop("/AF", None)


def _clean_basicwl(root: etree._Element) -> None:
    """The FNFE BASIC WL sample without what its profile does not use (currencyID but on BT-110)."""
    for el in root.xpath(f"{_HS}//*[@currencyID]", namespaces=NS):
        if etree.QName(el).localname != "TaxTotalAmount":
            del el.attrib["currencyID"]


def _clean_minimum(root: etree._Element) -> None:
    """The FNFE MINIMUM sample without what MINIMUM does not use (buyer address and VAT id, currencyIDs)."""
    _clean_basicwl(root)
    for path in (f"{_BUYER}/ram:PostalTradeAddress", f"{_BUYER}/ram:SpecifiedTaxRegistration"):
        for el in root.xpath(path, namespaces=NS):
            el.getparent().remove(el)


# ---------------------------------------------------------------------------
# The variants: (name, base file, edit of its XML, wrap: "pdf" | "xml" | "same", edit of the PDF)
# ---------------------------------------------------------------------------

CII_EN = "zc__XML-Rechnung__CII__EN16931_Rabatte.cii.xml"
CII_EN2 = "zc__XML-Rechnung__CII__EN16931_Miete.cii.xml"
UBL_EN = "zc__XML-Rechnung__UBL__EN16931_Rabatte.ubl.xml"
UBL_EN2 = "zc__XML-Rechnung__UBL__EN16931_Miete.ubl.xml"
MINIMUM = "zc__ZUGFeRDv2__correct__FNFE-factur-x-examples__Facture_FR_MINIMUM.pdf"
BASICWL = "zc__ZUGFeRDv2__correct__FNFE-factur-x-examples__Facture_FR_BASICWL.pdf"
EXTENDED = "zc__ZUGFeRDv2__correct__intarsys__EXTENDED__zugferd_2p0_EXTENDED_Warenrechnung.pdf"
EXTENDED2 = "zc__ZUGFeRDv2__correct__symtrax__Beispiele__EXTENDED__zugferd_2p1_EXTENDED_Fremdwaehrung.pdf"
ZF1_EXT = "zc__ZUGFeRDv1__correct__Intarsys__ZUGFeRD_1p0_EXTENDED_Warenrechnung.pdf"
XR_CII = "xr__src__test__business-cases__standard__01.01a-INVOICE_uncefact.xml"
XR_UBL = "xr__src__test__business-cases__standard__01.01a-INVOICE_ubl.xml"

_HS = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
_SUM = f"{_HS}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
_SELLER = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty"
_BUYER = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty"
_LINE = "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
_UBL_SUM = "cac:LegalMonetaryTotal"
_UBL_SELLER = "cac:AccountingSupplierParty/cac:Party"
_UBL_BUYER = "cac:AccountingCustomerParty/cac:Party"
_UBL_LINE = "cac:InvoiceLine"
_ZF1_HS = "rsm1:SpecifiedSupplyChainTradeTransaction/ram1:ApplicableSupplyChainTradeSettlement"

_CII_VARIANTS = [
    ("total-off", add(f"{_SUM}/ram:GrandTotalAmount", "1")),
    ("due-off", add(f"{_SUM}/ram:DuePayableAmount", "0.01")),
    ("line-sum-off", add(f"{_SUM}/ram:LineTotalAmount", "10")),
    ("tax-total-off", add(f"{_SUM}/ram:TaxTotalAmount", "1")),
    ("three-decimals", put(f"{_SUM}/ram:GrandTotalAmount", "1.005")),
    ("no-buyer-name", drop(f"{_BUYER}/ram:Name")),
    ("no-seller-country", drop(f"{_SELLER}/ram:PostalTradeAddress/ram:CountryID")),
    ("no-currency", drop(f"{_HS}/ram:InvoiceCurrencyCode")),
    ("no-issue-date", drop("rsm:ExchangedDocument/ram:IssueDateTime")),
    ("no-number", drop("rsm:ExchangedDocument/ram:ID")),
    ("no-line-id", drop(f"{_LINE}/ram:AssociatedDocumentLineDocument/ram:LineID")),
    ("currency-unknown", put(f"{_HS}/ram:InvoiceCurrencyCode", "EUX")),
    ("currency-lower", put(f"{_HS}/ram:InvoiceCurrencyCode", "eur")),
    ("country-unknown", put(f"{_SELLER}/ram:PostalTradeAddress/ram:CountryID", "XX")),
    ("country-uk", put(f"{_BUYER}/ram:PostalTradeAddress/ram:CountryID", "UK")),
    ("unit-unknown", put(f"{_LINE}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", "ZZZ", "unitCode")),
    ("vat-category-unknown", put(f"{_LINE}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode",
                                 "Q")),
    ("doc-type-unknown", put("rsm:ExchangedDocument/ram:TypeCode", "999")),
    ("date-impossible", put("rsm:ExchangedDocument/ram:IssueDateTime/*", "20181305")),
    ("date-format-code", put("rsm:ExchangedDocument/ram:IssueDateTime/*", "203", "format")),
    ("guideline-unknown", put("rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
                              "urn:example:not-a-profile")),
    ("vat-rate-off", put(f"{_HS}/ram:ApplicableTradeTax/ram:RateApplicablePercent", "7")),
    ("payment-means-unknown", put(f"{_HS}/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode", "ZZZ")),
]

_UBL_VARIANTS = [
    ("total-off", add(f"{_UBL_SUM}/cbc:TaxInclusiveAmount", "1")),
    ("due-off", add(f"{_UBL_SUM}/cbc:PayableAmount", "0.01")),
    ("line-sum-off", add(f"{_UBL_SUM}/cbc:LineExtensionAmount", "10")),
    ("no-buyer-name", drop(f"{_UBL_BUYER}/cac:PartyLegalEntity/cbc:RegistrationName")),
    ("no-currency", drop("cbc:DocumentCurrencyCode")),
    ("no-line-id", drop(f"{_UBL_LINE}/cbc:ID")),
    ("currency-unknown", put("cbc:DocumentCurrencyCode", "EUX")),
    ("country-unknown", put(f"{_UBL_SELLER}/cac:PostalAddress/cac:Country/cbc:IdentificationCode", "XX")),
    ("unit-unknown", put(f"{_UBL_LINE}/cbc:InvoicedQuantity", "ZZZ", "unitCode")),
    ("vat-category-unknown", put(f"{_UBL_LINE}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID", "Q")),
    ("date-format-wrong", put("cbc:IssueDate", "20180305")),
    ("doc-type-unknown", put("cbc:InvoiceTypeCode", "999")),
    ("customization-unknown", put("cbc:CustomizationID", "urn:example:not-a-profile")),
]


def variants() -> list[tuple[str, str, Callable[[bytes], bytes] | None, str, Callable[[bytes], bytes] | None]]:
    out = []
    for base in (CII_EN, CII_EN2, XR_CII):
        stem = "cii" if base != XR_CII else "xrechnung-cii"
        tag = "" if base != CII_EN2 else "2"
        for name, step in _CII_VARIANTS:
            out.append((f"var__{stem}{tag}__{name}.xml", base, _edit(step), "xml", None))
        out.append((f"var__{stem}{tag}__in-pdf.pdf", base, None, "pdf", None))
        out.append((f"var__{stem}{tag}__in-pdf-total-off.pdf", base, _edit(add(f"{_SUM}/ram:GrandTotalAmount", "1")),
                    "pdf", None))
    for base, stem in ((UBL_EN, "ubl"), (UBL_EN2, "ubl2"), (XR_UBL, "xrechnung-ubl")):
        for name, step in _UBL_VARIANTS:
            out.append((f"var__{stem}__{name}.xml", base, _edit(step), "xml", None))
    # MINIMUM and BASIC WL: elements these profiles do not use, in the PDF (profile schematron) and bare.
    note = '<ram:IncludedNote><ram:Content>Note hors profil</ram:Content></ram:IncludedNote>'
    for base, stem in ((MINIMUM, "minimum"), (BASICWL, "basicwl")):
        unused = [
            ("note-unused", graft("rsm:ExchangedDocument", note) if stem == "minimum" else None),
            ("line-unused", graft(
                "rsm:SupplyChainTradeTransaction",
                "<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID>"
                "</ram:AssociatedDocumentLineDocument></ram:IncludedSupplyChainTradeLineItem>",
                "ram:ApplicableHeaderTradeAgreement")),
            ("seller-email-unused", graft(_SELLER, "<ram:URIUniversalCommunication><ram:URIID schemeID=\"EM\">"
                                                   "a@example.fr</ram:URIID></ram:URIUniversalCommunication>")),
            ("total-off", add(f"{_SUM}/ram:GrandTotalAmount", "1")),
            ("tax-basis-off", add(f"{_SUM}/ram:TaxBasisTotalAmount", "1")),
            ("no-buyer-name", drop(f"{_BUYER}/ram:Name")),
            ("currency-unknown", put(f"{_HS}/ram:InvoiceCurrencyCode", "EUX")),
        ]
        clean = _clean_minimum if stem == "minimum" else _clean_basicwl
        for name, step in unused:
            if step is None:
                continue
            out.append((f"var__{stem}__{name}.pdf", base, _edit(clean, step), "pdf", None))
            out.append((f"var__{stem}__{name}-bare.xml", base, _edit(clean, step), "xml", None))
        out.append((f"var__{stem}__rewrapped.pdf", base, None, "pdf", None))
        out.append((f"var__{stem}__cleaned.pdf", base, _edit(clean), "pdf", None))
        out.append((f"var__{stem}__bare.xml", base, None, "xml", None))
    # EXTENDED: EN 16931 rules that still apply.
    for base, stem in ((EXTENDED, "extended"), (EXTENDED2, "extended2")):
        for name, step in (
            ("br-co-12", add(f"{_SUM}/ram:AllowanceTotalAmount", "1")),
            ("br-co-13", add(f"{_SUM}/ram:TaxBasisTotalAmount", "1")),
            ("br-s-08", add(f"{_HS}/ram:ApplicableTradeTax[ram:CategoryCode='S']/ram:BasisAmount", "1")),
            ("br-co-15", add(f"{_SUM}/ram:GrandTotalAmount", "1")),
            ("currency-unknown", put(f"{_HS}/ram:InvoiceCurrencyCode", "EUX")),
            ("no-line-id", drop(f"{_LINE}/ram:AssociatedDocumentLineDocument/ram:LineID")),
        ):
            out.append((f"var__{stem}__{name}.pdf", base, _edit(step), "pdf", None))
        out.append((f"var__{stem}__bare.xml", base, None, "xml", None))
    # ZUGFeRD 1.0 EXTENDED: its XSD is its only artefact.
    for name, step in (
        ("total-off", add(f"{_ZF1_HS}/ram1:SpecifiedTradeSettlementMonetarySummation/ram1:GrandTotalAmount", "1")),
        ("no-currency", drop(f"{_ZF1_HS}/ram1:InvoiceCurrencyCode")),
        ("unknown-element", graft(f"{_ZF1_HS}", "<ram:Foo>1</ram:Foo>")),
    ):
        out.append((f"var__zugferd1-extended__{name}.xml", ZF1_EXT, _edit(step), "xml", None))
    out.append(("var__zugferd1-extended__bare.xml", ZF1_EXT, None, "xml", None))
    # The container of a Factur-X (EN 16931 profile, made by the factur-x package).
    fx_base = "zc__XML-Rechnung__CII__EN16931_Miete.cii.xml"
    out += [
        ("var__container__xmp-level-unknown.pdf", fx_base, None, "pdf", _xmp_level("FOO")),
        ("var__container__xmp-level-basic.pdf", fx_base, None, "pdf", _xmp_level("BASIC")),
        ("var__container__no-afrelationship.pdf", fx_base, None, "pdf", _pdf_edit(_no_af_relationship)),
        ("var__container__no-af.pdf", fx_base, None, "pdf", _pdf_edit(_no_af)),
    ]
    return out


def build_variants(folder: Path) -> list[Path]:
    """Write every variant into ``folder`` and return their paths.

    A variant whose element its base lacks is not built; every kind of variant must be
    built from at least one base (else its path is wrong: LookupError).
    """
    folder.mkdir(parents=True, exist_ok=True)
    cache: dict[str, bytes] = {}
    paths = []
    missing: dict[str, str] = {}
    built: set[str] = set()
    for name, base, edit, wrap, pdf_edit in variants():
        if base not in cache:
            data = (FILES / base).read_bytes()
            cache[base] = embedded(data) if data[:5] == b"%PDF-" else data
        xml = cache[base]
        kind = name.split("__")[-1]
        if edit is not None:
            try:
                xml = edit(xml)
            except LookupError as exc:
                missing.setdefault(kind, str(exc))
                continue
        built.add(kind)
        data = facturx_pdf(xml) if wrap == "pdf" else xml
        if pdf_edit is not None:
            data = pdf_edit(data)
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    never = {kind: why for kind, why in missing.items() if kind not in built}
    if never:
        raise LookupError(f"variants built from no base: {never}")
    return paths


def outside_files(folder: Path, part: str | None = None) -> list[Path]:
    """Public files and variants (built into ``folder``), of one part or both."""
    files = public_files() + build_variants(folder)
    return [p for p in files if part is None or part_of(p.name) == part]
