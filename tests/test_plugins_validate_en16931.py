"""EN 16931 + French validation: verdict table on the corpus, two layers agreeing, engine isolation.

The verdicts follow the rule texts (EN 16931-1, Factur-X 1.09.2 schematrons, DGFiP
BR-FR rules), not the samples: many public samples are known-bad and are listed
here with the rules they break and why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import threading
import time
from decimal import Decimal

import pytest
from click.testing import CliRunner

from guichet.core.errors import UnreadableInput
from guichet.core.model.invoice import Address, Identifier, Invoice, Line, Note, Party, Totals, VatBreakdown
from guichet.core.plugins import make_plugin_manager
from guichet.core.model.states import Severity
from guichet.plugins.validate_en16931 import (
    profile_level,
    rules,
    rules_fr,
    run_layers,
    validate_bytes,
    validate_command,
)
from guichet.plugins.validate_en16931 import engine as official

FR_BASE = ("BR-FR-05", "BR-FR-08", "BR-FR-10", "BR-FR-12", "BR-FR-13", "BR-FR-32")

#: Expected fatal rule ids per corpus file; () = valid; None = unreadable (exit 2).
VERDICTS: dict[str, tuple[str, ...] | None] = {
    # French FNFE samples predate the 2026 reform: no PMT/PMD/AAB notes (BR-FR-05), no BT-23
    # (BR-FR-08), no SIREN with scheme 0002 (BR-FR-10/32), no electronic addresses (BR-FR-12/13).
    "Avoir_FR_type380_BASIC.pdf": FR_BASE + ("FX-SCH-A-000026",),  # old BT-24 "...:compliant:..." with colons
    "Avoir_FR_type380_EN16931.pdf": FR_BASE + ("BR-FR-DEC-03",),  # negative price discount BT-147
    "Avoir_FR_type380_MINIMUM.pdf": ("XSD",),  # InvoiceReferencedDocument is not in the MINIMUM XSD
    "Facture_DOM_BASIC.pdf": FR_BASE + ("FX-SCH-A-000026",),
    "Facture_DOM_BASICWL.pdf": FR_BASE,
    "Facture_DOM_EN16931.pdf": FR_BASE,
    "Facture_DOM_MINIMUM.pdf": (),  # BR-FR rules do not apply to MINIMUM (not an invoice in the reform sense)
    "Facture_UE_BASIC.pdf": FR_BASE + ("BR-IC-11", "BR-IC-12", "FX-SCH-A-000026"),  # K without date/country
    "Facture_UE_BASICWL.pdf": FR_BASE + ("BR-IC-11", "BR-IC-12"),
    "Facture_UE_EN16931.pdf": FR_BASE + ("BR-IC-11",),
    "Facture_UE_MINIMUM.pdf": (),
    "validAvoir_FR_type380_BASICWL.pdf": FR_BASE,
    # The CBFBUY:5 pre-release ZUGFeRD namespace matches no XSD.
    "MustangGnuaccountingBeispielRE-20140522_501.pdf": ("XSD",),
    "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf": None,  # a PDF without XML: nothing to validate
    # CII-SR-465: contact with both PersonName and DepartmentName (one BT-41 only).
    "XRECHNUNG_Einfach.pdf": ("CII-SR-465",),
    "XRECHNUNG_Elektron.pdf": ("CII-SR-465",),
    "zugferd_2p1_EN16931_Elektron_XRechnung.pdf": ("CII-SR-465",),
    "zugferd_2p1_EN16931_Elektron_embedded.pdf": ("CII-SR-465",),
    # EXTENDED structure rules (cardinalities, schemeID) of the Factur-X 1.09.2 EXTENDED schematron.
    "ZTESTZUGFERD_1_INVDSS_012015738820PDF-1.pdf": ("FX-SCH-A-000420", "FX-SCH-A-000453", "FX-SCH-A-000872",
                                                    "FX-SCH-A-001014"),
    "zugferd_2p0_EXTENDED_Rechnungskorrektur.pdf": ("FX-SCH-A-001084",),
    # ZUGFeRD 2.0 samples with elements out of XSD order (ActualAmount before ChargeIndicator).
    "zugferd_2p0_EN16931_1_Teilrechnung.pdf": ("XSD",),
    "zugferd_2p0_EN16931_Rechnungskorrektur.pdf": ("XSD",),
    # MINIMUM 1.0 samples with a postcode, which the Factur-X 1.09 MINIMUM XSD no longer allows.
    "zugferd_2p0_MINIMUM.pdf": ("XSD",),
    "zugferd_2p1_MINIMUM_Buchungshilfe.pdf": ("XSD",),
    "zugferd_2p1_MINIMUM_Rechnung.pdf": ("XSD",),
    # A logistics service charge (EXTENDED only): the CII reader maps it to a document-level charge
    # (BG-21), so BT-108 and the S base add up in the model as in the EXTENDED schematron.
    "zugferd_2p0_EXTENDED_Kostenrechnung.pdf": (),
    "zugferd_2p1_EXTENDED_Kostenrechnung.pdf": (),
}

#: Where the model layer and the official schematron disagree on a corpus CII file, and why.
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def pm():
    return make_plugin_manager()


@pytest.fixture(scope="module")
def eng():
    engine = official.Engine(timeout=30)
    yield engine
    engine.stop()


def _fatal(report) -> tuple[str, ...]:
    return tuple(sorted({f.rule for f in report.findings if f.severity == "fatal"}))


def test_verdict_on_every_corpus_file(pm, eng, corpus):
    files = sorted(corpus.glob("*.pdf"))
    assert len(files) >= 80
    wrong = []
    for path in files:
        expected = VERDICTS.get(path.name, ())
        try:
            got = _fatal(validate_bytes(pm, path.read_bytes(), path.name, eng))
        except UnreadableInput:
            got = None
        if got != (tuple(sorted(expected)) if expected is not None else None):
            wrong.append(f"{path.name}: expected {expected}, got {got}")
    assert wrong == [], "\n".join(wrong)


def _layer_ids(pm, eng, data: bytes, name: str) -> tuple[set[str], set[str]] | None:
    """(official BR-* fatal ids, model BR-* fatal ids) for a CII file, or None when not CII."""
    embedded = pm.hook.extract_xml(data=data, filename=name, fmt="facturx")
    if embedded is None:
        return None
    invoice = pm.hook.parse_invoice(data=embedded.data, fmt="cii")
    if invoice is None or invoice.syntax != "cii":
        return None
    level = profile_level(invoice.profile)
    key = level if level in official.STYLESHEETS else "en16931"
    french = rules_fr.is_french(invoice) and level != "minimum"
    found = official.schematron(key, embedded.data, eng)
    if french:
        found += official.schematron("fr-cii", embedded.data, eng)
    assert not any(f.rule == "VALIDATOR-UNAVAILABLE" for f in found)
    allowed = official.stylesheet_rules(level) if level in ("minimum", "basicwl") else None
    model = rules.check(invoice, allowed) + (rules_fr.check(invoice) if french else [])
    # Compare what both layers can judge: EN 16931 / BR-FR rules (syntax rules CII-SR-* and
    # Factur-X structure rules FX-* exist only in the XML; BR-CO-25 is not in the Factur-X schematron).
    def keep(rule_id: str) -> bool:
        return rule_id.startswith("BR-") and rule_id != "BR-CO-25" and not rule_id.startswith("BR-CL-")

    return ({official.canonical(f.rule) for f in found if f.severity == "fatal" and keep(f.rule)},
            {f.rule for f in model if f.severity == "fatal" and keep(f.rule)})


def test_both_layers_agree_on_every_corpus_cii_file(pm, eng, corpus):
    disagreements, compared = [], 0
    for path in sorted(corpus.glob("*.pdf")):
        ids = _layer_ids(pm, eng, path.read_bytes(), path.name)
        if ids is None:
            continue
        compared += 1
        off, mod = ids
        for rule_id in sorted(off ^ mod):
            if (path.name, rule_id) not in KNOWN_DISAGREEMENTS:
                side = "official only" if rule_id in off else "model only"
                disagreements.append(f"{path.name}: {rule_id} ({side})")
    assert compared >= 60
    assert disagreements == [], "\n".join(disagreements)


def _einfach_xml(pm, corpus) -> bytes:
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    return pm.hook.extract_xml(data=data, filename="EN16931_Einfach.pdf", fmt="facturx").data


def test_logistics_charges_count_in_both_layers(pm, eng, corpus):
    """EXTENDED logistics service charges are document charges for the model too: the layers agree."""
    data = (corpus / "zugferd_2p1_EXTENDED_Kostenrechnung.pdf").read_bytes()
    report = validate_bytes(pm, data, "k.pdf", eng)
    assert report.valid
    assert not {f.rule for f in report.findings} & {"BR-CO-12", "BR-S-08"}
    assert official.canonical("BR-FXEXT-S08b") == "BR-S-08"
    assert official.canonical("BR-FXEXT-01") == "BR-FXEXT-01"


def test_wrong_total_fires_br_co_15_and_16_in_both_layers(pm, eng, corpus):
    xml = _einfach_xml(pm, corpus)
    bad, count = re.subn(rb"(<ram:GrandTotalAmount[^>]*>)[^<]+", rb"\g<1>999.99", xml)
    assert count == 1
    invoice = pm.hook.parse_invoice(data=bad, fmt="cii")
    model = {f.rule for f in rules.check(invoice)}
    found = {f.rule for f in official.schematron("en16931", bad, eng)}
    assert {"BR-CO-15", "BR-CO-16"} <= model
    assert {"BR-CO-15", "BR-CO-16"} <= found
    report = run_layers(bad, invoice, "cii", eng)
    assert not report.valid


def test_engine_hang_costs_one_validation(pm, corpus):
    engine = official.Engine(timeout=30)
    try:
        xml = _einfach_xml(pm, corpus)
        with pytest.raises(official.EngineError, match="sans réponse"):
            engine.call("sleep", "", 5, timeout=0.5)
        assert engine.pid is None  # the hung child was killed
        assert not [f for f in official.schematron("en16931", xml, engine) if f.severity == "fatal"]
    finally:
        engine.stop()


def test_engine_crash_and_kill_cost_one_validation(pm, corpus):
    engine = official.Engine(timeout=30)
    try:
        xml = _einfach_xml(pm, corpus)
        assert official.schematron("en16931", xml, engine) is not None
        with pytest.raises(official.EngineError, match="arrêté"):
            engine.call("crash", "", None)
        # Kill the child from outside while it works: that validation reports an engine error...
        errors: list[Exception] = []
        worker = threading.Thread(target=lambda: _catch(errors, engine.call, "sleep", "", 10))
        worker.start()
        deadline = time.monotonic() + 20
        while engine.pid is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        os.kill(engine.pid, signal.SIGKILL)
        worker.join(20)
        assert errors and isinstance(errors[0], official.EngineError)
        # ... and the next one works, in a fresh child.
        findings = official.schematron("en16931", xml, engine)
        assert not [f for f in findings if f.severity == "fatal"]
    finally:
        engine.stop()


def _catch(errors: list[Exception], fn, *args) -> None:
    try:
        fn(*args)
    except Exception as exc:  # noqa: BLE001
        errors.append(exc)


def test_unavailable_engine_is_a_fatal_finding(pm, corpus, monkeypatch):
    import sys

    engine = official.Engine()
    monkeypatch.setitem(sys.modules, "saxonche", None)  # as if the wheel were missing
    found = official.schematron("en16931", _einfach_xml(pm, corpus), engine)
    assert [f.rule for f in found] == ["VALIDATOR-UNAVAILABLE"]
    assert found[0].severity == "fatal"


def _scanned_french_invoice() -> Invoice:
    """An invoice coded from a scan (no XML): French seller, one 20 % line, consistent totals."""
    return Invoice(
        number="F-2026-001", issue_date=dt.date(2026, 10, 1), type_code="380", currency="EUR",
        profile="urn:cen.eu:en16931:2017", process_id="S1", due_date=dt.date(2026, 10, 31),
        notes=[Note("Indemnité forfaitaire 40 €", "PMT"), Note("Pénalités : 3 fois le taux légal", "PMD"),
               Note("Pas d'escompte", "AAB")],
        seller=Party(name="EDF", legal_id=Identifier("552081317", "0002"), vat_id="FR03552081317",
                     electronic_address=Identifier("552081317", "0225"), address=Address(city="Paris", country="FR")),
        buyer=Party(name="Engie", legal_id=Identifier("542107651", "0002"),
                    electronic_address=Identifier("542107651", "0225"), address=Address(city="Paris", country="FR")),
        lines=[Line(id="1", quantity=Decimal("2"), unit_code="C62", net_amount=Decimal("100.00"),
                    net_price=Decimal("50.00"), vat_category="S", vat_rate=Decimal("20"), name="Conseil")],
        vat_breakdown=[VatBreakdown("S", Decimal("20"), Decimal("100.00"), Decimal("20.00"))],
        totals=Totals(line_total=Decimal("100.00"), tax_exclusive=Decimal("100.00"), tax_total=Decimal("20.00"),
                      tax_inclusive=Decimal("120.00"), amount_due=Decimal("120.00")),
    )


def test_model_layer_judges_a_scanned_invoice():
    invoice = _scanned_french_invoice()
    report = run_layers(None, invoice)
    assert report.layers["xsd"].startswith("skipped")
    assert report.layers["model"] == "ok: EN 16931 + BR-FR"
    assert report.valid, report.findings
    invoice.totals.amount_due = Decimal("100.00")
    invoice.notes = []
    rules_broken = {f.rule for f in run_layers(None, invoice).findings}
    assert {"BR-CO-16", "BR-FR-05"} <= rules_broken


def test_hook_check_invoice(pm, corpus):
    french = _scanned_french_invoice()
    french.notes = []  # BR-FR-05: a warning before Sep 2027, blocking after
    french.totals.tax_inclusive = Decimal("121.00")  # BR-CO-15: blocking
    problems = [p for batch in pm.hook.check_invoice(invoice=french, company=None, xml=None) for p in batch or []]
    ours = {p.code: p for p in problems if p.origin == "en16931"}
    assert ours["BR-CO-15"].severity == Severity.BLOCKING  # inconsistent totals hold even a scan
    assert ours["BR-FR-05"].severity == Severity.WARNING
    french.lines[0].unit_code = None  # BR-23: reported on a scan, not blocking
    problems = [p for batch in pm.hook.check_invoice(invoice=french, company=None, xml=None) for p in batch or []]
    assert any(p.code == "BR-23" and p.severity == Severity.WARNING for p in problems)
    french.issue_date = dt.date(2027, 9, 1)
    later = pm.hook.check_invoice(invoice=french, company=None, xml=None)
    assert any(p.code == "BR-FR-05" and p.severity == Severity.BLOCKING for batch in later for p in batch or [])
    # A German invoice is never judged on French rules.
    xml = _einfach_xml(pm, corpus)
    german = pm.hook.parse_invoice(data=xml, fmt="cii")
    problems = [p for batch in pm.hook.check_invoice(invoice=german, company=None, xml=xml) for p in batch or []]
    assert not [p for p in problems if p.origin == "en16931" and p.code.startswith("BR-FR")]
    assert not [p for p in problems if p.origin == "en16931" and p.severity == Severity.BLOCKING]


def test_cli_validate_exit_codes_and_json(corpus, tmp_path):
    runner = CliRunner()
    good = runner.invoke(validate_command, [str(corpus / "EN16931_Einfach.pdf"), "--json"])
    assert good.exit_code == 0, good.output
    data = json.loads(good.output)
    assert data["valid"] is True and data["syntax"] == "cii" and data["profile"] == "en16931"
    assert set(data["layers"]) == {"xsd", "official", "model", "container"}
    bad = runner.invoke(validate_command, [str(corpus / "Facture_UE_EN16931.pdf"), "--json"])
    assert bad.exit_code == 1
    rules_found = {f["rule"] for f in json.loads(bad.output)["findings"] if f["severity"] == "fatal"}
    assert {"BR-IC-11", "BR-FR-05"} <= rules_found
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"not an invoice")
    unreadable = runner.invoke(validate_command, [str(junk)])
    assert unreadable.exit_code == 2
    text = runner.invoke(validate_command, [str(corpus / "Facture_UE_EN16931.pdf")])
    assert "NON VALIDE" in text.output and "BR-IC-11" in text.output


def test_container_checks_xmp_profile(pm, corpus):
    from guichet.plugins.validate_en16931 import container

    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    assert container.check(data, "factur-x.xml", "en16931", "cii") == []
    wrong = {f.rule for f in container.check(data, "invoice.xml", "basic", "cii")}
    assert wrong == {"FX-XML-NAME", "FX-XMP-PROFILE"}


def test_code_lists_checked_by_both_layers(pm, eng, corpus):
    """The official code lists (codedb bound once in the child) and the model's agree on a bad currency."""
    xml = _einfach_xml(pm, corpus)
    bad = xml.replace(b">EUR<", b">ZZZ<")
    assert bad != xml
    invoice = pm.hook.parse_invoice(data=bad, fmt="cii")
    assert "BR-CL-04" in {f.rule for f in rules.check(invoice)}
    official_fatal = [f for f in official.schematron("en16931", bad, eng) if f.severity == "fatal"]
    assert official_fatal, "the codedb lookup must reject ZZZ"
    assert not [f for f in official.schematron("en16931", xml, eng) if f.severity == "fatal"]


def test_ubl_goes_through_xsd_cen_schematron_and_model(pm, eng, corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    invoice = pm.hook.parse_invoice(data=_einfach_xml(pm, corpus), fmt="cii")
    ubl = pm.hook.write_invoice(invoice=invoice, syntax="ubl", profile=None) if hasattr(
        pm.hook, "write_invoice") else None
    if ubl is None:
        pytest.skip("no UBL writer installed")
    assert data
    report = validate_bytes(pm, ubl, "einfach.xml", eng)
    assert report.syntax == "ubl"
    assert report.layers["xsd"] == "ok: ubl-invoice"
    assert report.layers["official"] == "ok: ubl"
    assert report.layers["model"].startswith("ok")
    assert report.valid, [f for f in report.findings if f.severity == "fatal"]
    broken = ubl.replace(b"<cbc:PayableAmount", b"<cbc:PayableAmount data-x=\"\"", 1)
    assert not validate_bytes(pm, broken, "broken.xml", eng).valid  # XSD: unknown attribute


def test_pipeline_stores_the_findings(rt, company, corpus):
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.model.models import Finding
    from guichet.core.model.states import Channel, State

    data = (corpus / "Facture_UE_EN16931.pdf").read_bytes()
    document, _ = intake.receive(rt, company, data, "ue.pdf", channel=Channel.UPLOAD)
    final = pipeline.run_to_rest(rt, document.id)
    rows = list(Finding.select().where((Finding.document == final) & (Finding.origin == "en16931")))
    by_code = {row.code: row.severity for row in rows}
    assert by_code["BR-IC-11"] == str(Severity.BLOCKING)  # K without delivery date: an EN 16931 error
    assert by_code["BR-FR-05"] == str(Severity.WARNING)  # French reform rules: warnings before Sep 2027
    assert final.state == State.TO_REVIEW
    german = (corpus / "EN16931_Einfach.pdf").read_bytes()
    document, _ = intake.receive(rt, company, german, "de.pdf", channel=Channel.UPLOAD)
    pipeline.run_to_rest(rt, document.id)
    rows = Finding.select().where((Finding.document == document) & (Finding.origin == "en16931"))
    assert not [row.code for row in rows if row.severity == str(Severity.BLOCKING) or row.code.startswith("BR-FR")]


@pytest.mark.parametrize(("guideline", "level"), [
    ("urn:factur-x.eu:1p0:minimum", "minimum"),
    ("urn:factur-x.eu:1p0:basicwl", "basicwl"),
    ("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", "basic"),
    ("urn:cen.eu:en16931:2017", "en16931"),
    ("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", "extended"),
    ("urn:cen.eu:en16931:2017#conformant#urn.cpro.gouv.fr:1p0:extended-ctc-fr", "extended-ctc-fr"),
    ("urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.1", "xrechnung"),
    ("urn:zugferd.de:2p0:minimum", "minimum"),
    (None, "en16931"),
])
def test_profile_level(guideline, level):
    assert profile_level(guideline) == level


def test_official_layer_reads_latin1_xml(pm, eng, corpus):
    text = _einfach_xml(pm, corpus).decode("utf-8")
    text = re.sub(r"encoding=.UTF-8.", 'encoding="ISO-8859-1"', text, flags=re.I).replace("GmbH", "GmbH é", 1)
    latin1 = text.encode("latin-1", errors="replace")
    assert b"\xe9" in latin1
    assert not [f for f in official.schematron("en16931", latin1, eng) if f.severity == "fatal"]
