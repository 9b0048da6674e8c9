"""Every official rule family, the layer that judges it, one built file that breaks it and one that does not.

Built from the rule texts, not copied from samples: a valid French invoice (made in code,
written by Guichet's CII or UBL writer) is the file that breaks nothing; each row changes exactly
what its rule forbids (the rule's text is quoted) and says which layer must report it, with
which severity, and whether the verdict changes. ``context`` is ``xml`` (a bare CII file) or
``pdf`` (that CII embedded in a Factur-X PDF by the ``factur-x`` package). The built files
are also judged by the official artefacts themselves (tests/official_verdict.py): same verdict.
"""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from guichet.core.plugins import make_plugin_manager
from guichet.plugins.validate_en16931 import engine as official
from guichet.plugins.validate_en16931 import validate_bytes

from controls_samples import french_invoice

HERE = Path(__file__).resolve().parent
SELLER_CONTACT = ("<ram:DefinedTradeContact><ram:PersonName>Jeanne Martin</ram:PersonName>"
                  "<ram:DepartmentName>Comptabilité</ram:DepartmentName></ram:DefinedTradeContact>")


@dataclass(frozen=True)
class Row:
    """One rule family: the rule broken, how, and what must be reported."""

    family: str
    rule: str  # the rule id reported
    layer: str  # xsd | cen | profile | container | fr_ctc
    severity: str  # fatal | warning
    context: str  # xml | pdf
    old: str  # text of the valid file...
    new: str  # ... replaced by this (the one change the rule forbids)
    text: str  # the rule's text
    syntax: str = "cii"  # the valid file's syntax: cii | ubl (the CEN UBL schematron's own syntax rules)


ROWS = [
    Row("XSD (profile schema)", "XSD", "xsd", "fatal", "xml", "<ram:TypeCode>380</ram:TypeCode>",
        "<ram:TypeCode>380</ram:TypeCode><ram:Unknown>x</ram:Unknown>", "elements allowed by the profile's schema"),
    Row("BR (core rules)", "BR-27", "cen", "fatal", "xml", "<ram:ChargeAmount>12.50</ram:ChargeAmount>",
        "<ram:ChargeAmount>-12.50</ram:ChargeAmount>", "The Item net price (BT-146) shall NOT be negative."),
    Row("BR-CO (conditions, totals)", "BR-CO-15", "cen", "fatal", "xml",
        "<ram:GrandTotalAmount>232.00</ram:GrandTotalAmount>", "<ram:GrandTotalAmount>233.00</ram:GrandTotalAmount>",
        "Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT "
        "amount (BT-110)."),
    Row("BR-DEC (decimals)", "BR-DEC-12", "cen", "fatal", "xml",
        "<ram:TaxBasisTotalAmount>200.00<", "<ram:TaxBasisTotalAmount>200.000<",
        "The allowed maximum number of decimals for the Invoice total amount without VAT (BT-109) is 2."),
    Row("BR-CL (code lists)", "BR-CL-04", "cen", "fatal", "xml",
        "<ram:InvoiceCurrencyCode>EUR<", "<ram:InvoiceCurrencyCode>ZZZ<",
        "Invoice currency code MUST be coded using ISO code list 4217 alpha-3"),
    Row("VAT categories (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG)", "BR-S-08", "cen", "fatal", "xml",
        "<ram:BasisAmount>80.00</ram:BasisAmount>", "<ram:BasisAmount>81.00</ram:BasisAmount>",
        "For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is "
        "\"Standard rated\", the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the "
        "sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus "
        "the sum of document level allowance amounts (BT-92)..."),
    Row("CII-SR (CII syntax rules, CEN warnings)", "CII-SR-465", "cen", "warning", "pdf",
        "</ram:SpecifiedLegalOrganization>\n        <ram:PostalTradeAddress>",
        f"</ram:SpecifiedLegalOrganization>{SELLER_CONTACT}<ram:PostalTradeAddress>",
        "Only one BT-41 element is allowed on an invoice (a contact person and a department both given)."),
    Row("CII-DT (CII data type rules)", "CII-DT-031", "cen", "fatal", "xml",
        "<ram:LineTotalAmount>205.00<", '<ram:LineTotalAmount currencyID="EUR">205.00<',
        "currencyID should not be present"),
    Row("Factur-X profile rules", "FX-NOT-USED", "profile", "fatal", "pdf",
        "<ram:LineTotalAmount>205.00<", '<ram:LineTotalAmount currencyID="EUR">205.00<',
        "Attribute @currencyID marked as not used in the given context (Factur-X EN 16931 profile)."),
    Row("Factur-X container", "FX-AFRELATIONSHIP", "container", "fatal", "pdf", "/AFRelationship /Data",
        "/AFRelationship /Unspecified", "The XML attachment's AFRelationship is Data, Source or Alternative."),
    Row("UBL-SR (UBL syntax rules)", "UBL-SR-51", "cen", "fatal", "xml",
        "<cbc:PostalZone>75002</cbc:PostalZone>",
        "<cbc:PostalZone>75002</cbc:PostalZone><cac:AddressLine><cbc:Line>Bâtiment A</cbc:Line></cac:AddressLine>"
        "<cac:AddressLine><cbc:Line>Escalier 3</cbc:Line></cac:AddressLine>",
        "An address can only have one third line.", "ubl"),
    Row("UBL-CR (UBL restrictions, CEN warnings)", "UBL-CR-004", "cen", "warning", "xml",
        "<cbc:ID>FA-2026-0042</cbc:ID>", "<cbc:ID>FA-2026-0042</cbc:ID><cbc:CopyIndicator>false</cbc:CopyIndicator>",
        "A UBL invoice should not include the CopyIndicator", "ubl"),
    Row("UBL-DT (UBL data types)", "UBL-DT-01", "cen", "fatal", "xml",
        '<cbc:PayableAmount currencyID="EUR">232.00<', '<cbc:PayableAmount currencyID="EUR">232.000<',
        "Amounts shall be decimal up to two fraction digits", "ubl"),
    Row("BR-FR (French reform, separate verdict)", "BR-FR-05", "fr_ctc", "fatal", "xml",
        "<ram:SubjectCode>PMT</ram:SubjectCode>", "<ram:SubjectCode>TXD</ram:SubjectCode>",
        "La mention relative aux frais de recouvrement (code PMT) est obligatoire dans les notes (BG-1)."),
]


@pytest.fixture(scope="module")
def pm():
    return make_plugin_manager()


@pytest.fixture(scope="module")
def eng():
    engine = official.Engine(max_rss_mb=None)
    yield engine
    engine.stop()


@pytest.fixture(scope="module")
def valid_xml(pm) -> dict[str, str]:
    """The valid French invoice written by Guichet's CII and UBL writers."""
    return {syntax: pm.hook.write_invoice(invoice=french_invoice(), syntax=syntax, profile="en16931").decode("utf-8")
            for syntax in ("cii", "ubl")}


def _pdf(xml: bytes) -> bytes:
    """``xml`` in a one-page Factur-X PDF made by the factur-x package (the reference tool)."""
    import facturx
    import pypdf

    logging.getLogger("factur-x").setLevel(logging.ERROR)
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    page = io.BytesIO()
    writer.write(page)
    return facturx.generate_from_binary(page.getvalue(), xml, flavor="factur-x", level="en16931", check_xsd=False)


def _with_relationship(pdf: bytes, value: str) -> bytes:
    """The same PDF with the XML attachment's /AFRelationship set to ``value`` (pypdf)."""
    import pypdf
    from pypdf.generic import NameObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    for spec in writer._root_object["/AF"]:
        spec.get_object()[NameObject("/AFRelationship")] = NameObject(value)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _build(row: Row, valid: dict[str, str], broken: bool) -> bytes:
    xml = valid[row.syntax]
    if row.layer == "container":
        pdf = _pdf(xml.encode("utf-8"))
        return _with_relationship(pdf, "/Unspecified") if broken else pdf
    if broken:
        assert xml.count(row.old) >= 1, row.old
        xml = xml.replace(row.old, row.new, 1)
    data = xml.encode("utf-8")
    return _pdf(data) if row.context == "pdf" else data


def test_the_table_covers_every_official_family():
    families = {row.family.split(" (")[0] for row in ROWS}
    assert {"BR", "BR-CO", "BR-DEC", "BR-CL", "VAT categories", "CII-SR", "CII-DT", "Factur-X profile rules",
            "Factur-X container", "BR-FR", "XSD", "UBL-SR", "UBL-CR", "UBL-DT"} <= families


@pytest.mark.parametrize("row", ROWS, ids=[row.rule for row in ROWS])
def test_rule_family(pm, eng, valid_xml, row, tmp_path):
    suffix = ".pdf" if row.context == "pdf" or row.layer == "container" else ".xml"
    good = validate_bytes(pm, _build(row, valid_xml, broken=False), f"good{suffix}", eng)
    assert good.valid and good.fr_ctc.ready, [f for f in good.findings if f.severity == "fatal"]
    assert row.rule not in {f.rule for f in good.findings}
    bad_file = _build(row, valid_xml, broken=True)
    # BR-FR: fatal only when the French verdict is required (--profile fr-ctc, a flow sent to the network).
    bad = validate_bytes(pm, bad_file, f"bad{suffix}", eng, fr_ctc=row.layer == "fr_ctc")
    findings = bad.fr_ctc.findings if row.layer == "fr_ctc" else bad.findings
    reported = {(f.rule, f.layer, f.severity) for f in findings}
    assert (row.rule, row.layer, row.severity) in reported, (row.family, sorted(reported))
    assert bad.valid is (row.severity == "warning")
    if row.layer == "fr_ctc":  # a separate verdict: without --profile fr-ctc the EN 16931 one does not change
        informative = validate_bytes(pm, bad_file, f"bad{suffix}", eng)
        assert informative.valid and not informative.fr_ctc.ready
        assert (row.rule, "fr_ctc", "warning") in {(f.rule, f.layer, f.severity) for f in informative.fr_ctc.findings}
        assert not [f for f in informative.fr_ctc.findings if f.severity == "fatal"]


def test_built_files_get_the_official_artefacts_verdict(pm, eng, valid_xml, tmp_path):
    """The same verdict as the artefacts run directly (tests/official_verdict.py) on every built file."""
    files = []
    for row in ROWS:
        if row.layer == "fr_ctc":
            continue  # the artefacts' verdict here is EN 16931 / Factur-X; BR-FR is checked above
        for broken in (False, True):
            suffix = ".pdf" if row.context == "pdf" or row.layer == "container" else ".xml"
            path = tmp_path / f"{row.rule}-{'bad' if broken else 'good'}{suffix}"
            path.write_bytes(_build(row, valid_xml, broken))
            files.append(path)
    done = subprocess.run([sys.executable, str(HERE / "official_verdict.py"), *map(str, files)],
                          capture_output=True, text=True, timeout=600, check=True)
    reference = {row["file"]: row for row in map(json.loads, done.stdout.splitlines())}
    wrong = [f"{p.name}: officiel {reference[p.name]['valid']} {reference[p.name]['fatal']}, guichet {ours}"
             for p in files if (ours := validate_bytes(pm, p.read_bytes(), p.name, eng).valid)
             != reference[p.name]["valid"]]
    assert wrong == [], "\n".join(wrong)
