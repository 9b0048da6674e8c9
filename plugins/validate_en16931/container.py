"""Factur-X container checks on the PDF (Factur-X 1.0.7, §6.2 and §7).

Fatal, as the Factur-X specification requires them: the XML is an embedded
file named ``factur-x.xml`` (``zugferd-invoice.xml`` and ``xrechnung.xml`` are
the ZUGFeRD 2 names), referenced from the catalog's ``/AF`` array with an
``/AFRelationship`` of Data, Source or Alternative; the XMP metadata is
well-formed and declares a real conformance level (MINIMUM, BASIC WL, BASIC,
EN 16931, EXTENDED, XRECHNUNG). Warnings: a ZUGFeRD 2 name, a conformance level
other than the XML's profile, a PDF that does not declare PDF/A-3 (what PDF/A
itself requires is veraPDF's field, not this one's).
"""

from __future__ import annotations

from typing import Any

from guichet.core.parsing.pdfsafe import open_pdf
from guichet.core.parsing.xmlsafe import parse_xml

from .report import FATAL, WARNING, Finding

XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")
#: XMP fx:ConformanceLevel expected for each short profile.
XMP_LEVELS = {"minimum": "MINIMUM", "basicwl": "BASIC WL", "basic": "BASIC", "en16931": "EN 16931",
              "extended": "EXTENDED", "xrechnung": "XRECHNUNG"}
REAL_LEVELS = frozenset(XMP_LEVELS.values())
RELATIONSHIPS = ("Data", "Source", "Alternative")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xmp_values(xmp: bytes) -> dict[str, str]:
    """Local-name → value for every XMP property written as element or attribute."""
    root = parse_xml(xmp)
    values: dict[str, str] = {}
    for el in root.iter():
        for key, value in el.attrib.items():
            values.setdefault(_local(key), value.strip())
        if el.text and el.text.strip() and len(el) == 0:
            values.setdefault(_local(el.tag), el.text.strip())
    return values


def _filespecs(reader: Any) -> list[tuple[str, Any]]:
    root = reader.trailer["/Root"]
    specs: list[tuple[str, Any]] = []
    names = root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None

    def walk(node: Any) -> None:
        node = node.get_object()
        kids = node.get("/Names")
        if kids is not None:
            for i in range(0, len(kids) - 1, 2):
                spec = kids[i + 1].get_object()
                specs.append((str(spec.get("/UF") or spec.get("/F") or kids[i]), spec))
        for kid in node.get("/Kids") or []:
            walk(kid)

    if tree is not None:
        walk(tree)
    for spec in root.get("/AF") or []:
        spec = spec.get_object()
        name = str(spec.get("/UF") or spec.get("/F") or "")
        if all(name != n for n, _ in specs):
            specs.append((name, spec))
    return specs


def check(pdf: bytes, xml_filename: str | None, profile: str | None, syntax: str | None) -> list[Finding]:  # noqa: ARG001
    """The container findings for a Factur-X PDF (see the module docstring)."""
    out: list[Finding] = []

    def bad(rule: str, message: str, location: str, severity: str = FATAL) -> None:
        out.append(Finding(rule, severity, message, location, "container"))

    reader = open_pdf(pdf)
    root = reader.trailer["/Root"]
    metadata = root.get("/Metadata")
    values: dict[str, str] = {}
    if metadata is None:
        bad("FX-XMP", "le PDF n'a pas de métadonnées XMP (Factur-X les exige)", "/Root/Metadata")
    else:
        try:
            values = _xmp_values(metadata.get_object().get_data())
        except Exception as exc:  # noqa: BLE001 - a broken XMP is a finding, not a crash
            bad("FX-XMP", f"métadonnées XMP illisibles : {exc}", "/Root/Metadata")
    name = (xml_filename or "").lower()
    if name not in XML_NAMES:
        bad("FX-XML-NAME", f"la pièce jointe XML s'appelle {xml_filename!r} au lieu de factur-x.xml", "EmbeddedFiles")
    elif name != "factur-x.xml":
        bad("FX-XML-NAME", f"nom de pièce jointe ZUGFeRD 2 {xml_filename!r} (factur-x.xml attendu)", "EmbeddedFiles",
            WARNING)
    specs = _filespecs(reader)
    spec = next((s for n, s in specs if n.lower() == name), None)
    if spec is not None:
        rel = str(spec.get("/AFRelationship") or "").lstrip("/")
        if not rel:
            bad("FX-AFRELATIONSHIP", "la pièce jointe XML n'a pas d'AFRelationship", "/AFRelationship")
        elif rel not in RELATIONSHIPS:
            bad("FX-AFRELATIONSHIP", f"AFRelationship /{rel} : Data, Source ou Alternative attendu", "/AFRelationship")
        af = {str(s.get_object().get("/UF") or s.get_object().get("/F") or "").lower() for s in root.get("/AF") or []}
        if name not in af:
            bad("FX-AF", "le tableau /AF du catalogue ne désigne pas la pièce jointe XML", "/Root/AF")
    if values:
        level = (values.get("ConformanceLevel") or "").strip()
        if not level:
            bad("FX-XMP-PROFILE", "XMP : fx:ConformanceLevel absent", "XMP fx:ConformanceLevel")
        elif level.upper() not in REAL_LEVELS:
            bad("FX-XMP-PROFILE", f"XMP : fx:ConformanceLevel {level!r} n'est pas un profil Factur-X",
                "XMP fx:ConformanceLevel")
        else:
            expected = XMP_LEVELS.get(profile or "")
            if expected and level.upper() != expected:
                bad("FX-XMP-PROFILE", f"XMP fx:ConformanceLevel {level!r} ≠ profil du XML {expected!r}",
                    "XMP fx:ConformanceLevel", WARNING)
        if values.get("part") != "3":
            bad("FX-PDFA-3", f"le PDF ne se déclare pas PDF/A-3 (pdfaid:part = {values.get('part')!r})",
                "XMP pdfaid:part", WARNING)
    return out

