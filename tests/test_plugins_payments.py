"""The ``guichet payments`` contract, exercised from outside: invoices imported through the pipeline, then paid."""

from __future__ import annotations

import datetime as dt
from guichet.core.model.models import paris_today
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from guichet.core.model.invoice import (
    Address,
    Identifier,
    Invoice,
    Note,
    Party,
    PaymentMeans,
    Totals,
    VatBreakdown,
)
from guichet.core.plugins import make_plugin_manager

from payments_samples import COMPANY_IBAN, IBANS, Entry, camt053, cfonb120

DEMO_SIREN = "552081317"
D = Decimal
TODAY = paris_today()


def _cii(number: str, *, seller: tuple[str, str], buyer: tuple[str, str], amount: str, due: dt.date,
         iban: str | None) -> bytes:
    total = D(amount)
    base = (total / D("1.2")).quantize(D("0.01"))
    invoice = Invoice(
        number=number, issue_date=TODAY - dt.timedelta(days=40), type_code="380", currency="EUR", due_date=due,
        process_id="S1",
        notes=[Note("Indemnité forfaitaire de 40 € pour frais de recouvrement", "PMT"),
               Note("Pénalités de retard : taux BCE + 10 points", "PMD"),
               Note("Pas d'escompte pour paiement anticipé", "AAB")],
        seller=Party(name=seller[0], legal_id=Identifier(seller[1], "0002"), vat_id=_vat(seller[1]),
                     address=Address(line1="12 rue des Lilas", postcode="69002", city="Lyon", country="FR")),
        buyer=Party(name=buyer[0], legal_id=Identifier(buyer[1], "0002"), vat_id=_vat(buyer[1]),
                    address=Address(line1="1 place du Marché", postcode="75001", city="Paris", country="FR")),
        payment_means=[PaymentMeans(type_code="58", iban=iban)] if iban else [],
        totals=Totals(line_total=base, tax_exclusive=base, tax_total=total - base, tax_inclusive=total,
                      amount_due=total),
        vat_breakdown=[VatBreakdown(category="S", rate=D("20"), taxable_amount=base, tax_amount=total - base)])
    from guichet.core.model.invoice import Line

    invoice.lines = [Line(id="1", quantity=D("1"), unit_code="C62", net_amount=base, net_price=base,
                          vat_category="S", vat_rate=D("20"), name="Prestation")]
    return make_plugin_manager().hook.write_invoice(invoice=invoice, syntax="cii", profile="en16931")


def _vat(siren: str) -> str:
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"  # the French VAT key


def _guichet(data_dir: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "GUICHET_DATA_DIR": str(data_dir), "GUICHET_QUEUE_BACKEND": "memory"}
    result = subprocess.run([sys.executable, "-m", "guichet.core", *args], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """An instance with the demo company, two purchase invoices and one sales invoice imported through the pipeline."""
    data_dir = tmp_path_factory.mktemp("payments") / "instance"
    _guichet(data_dir, "init", check=True)
    files = tmp_path_factory.mktemp("invoices")
    demo = ("Société Démo SAS", DEMO_SIREN)
    alpha = ("Fournisseur Alpha SARL", "732829320")
    made = {
        "ach-1.xml": _cii("ACH-1", seller=alpha, buyer=demo, amount="1200.00", due=TODAY - dt.timedelta(days=5),
                          iban=IBANS[0]),
        "ach-2.xml": _cii("ACH-2", seller=alpha, buyer=demo, amount="360.00", due=TODAY + dt.timedelta(days=40),
                          iban=IBANS[0]),
        "fa-1.xml": _cii("FA-2026-001", seller=demo, buyer=("Client Gamma SA", "542107651"), amount="480.00",
                         due=TODAY - dt.timedelta(days=10), iban=COMPANY_IBAN),
    }
    for name, data in made.items():
        (files / name).write_bytes(data)
    result = _guichet(data_dir, "import", *(str(files / n) for n in made), "--company", DEMO_SIREN, check=True)
    assert result.stdout.count("archived") == 3, result.stdout
    return data_dir, files


def test_aging_shows_both_ways_in_buckets(instance):
    data_dir, _ = instance
    result = _guichet(data_dir, "payments", "aging", "--company", DEMO_SIREN, "--json", check=True)
    board = json.loads(result.stdout)
    purchase = {b["bucket"]: b["amount"] for b in board["purchase"]["buckets"]}
    assert purchase["overdue_1_30"] == "1200.00" and purchase["due_31_60"] == "360.00"
    assert board["purchase"]["total"] == "1560.00"
    sales = {b["bucket"]: b["amount"] for b in board["sales"]["buckets"]}
    assert sales["overdue_1_30"] == "480.00"
    text = _guichet(data_dir, "payments", "aging", "--company", DEMO_SIREN, check=True).stdout
    assert "Échu 1–30 j" in text and "À payer" in text


def test_batch_writes_a_valid_pain001_and_pays_the_due_invoices(instance, tmp_path):
    data_dir, _ = instance
    out = tmp_path / "virements.xml"
    nothing = _guichet(data_dir, "payments", "batch", "--company", DEMO_SIREN, "--due-before",
                       (TODAY - dt.timedelta(days=30)).isoformat(), "-o", str(out))
    assert nothing.returncode == 1 and "rien à payer" in nothing.stderr and not out.exists()
    result = _guichet(data_dir, "payments", "batch", "--company", DEMO_SIREN, "--due-before", TODAY.isoformat(),
                      "--supplier", "732829320", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 facture(s) payée(s), total 1200.00 EUR" in result.stdout
    tree = etree.parse(str(out))
    from guichet.connectors import bank_sepa

    for name in bank_sepa.SCHEMAS:
        assert etree.XMLSchema(etree.parse(str(bank_sepa.XSD_DIR / name))).validate(tree)
    assert "ACH-1" in etree.tostring(tree).decode()
    again = _guichet(data_dir, "payments", "batch", "--company", DEMO_SIREN, "--due-before", TODAY.isoformat(),
                     "-o", str(tmp_path / "again.xml"))
    assert again.returncode == 1 and "rien à payer" in again.stderr


def test_statement_settles_the_sales_invoice_and_refuses_a_bad_file(instance, tmp_path):
    data_dir, _ = instance
    from guichet.core.model.identifiers import creditor_reference

    camt = tmp_path / "releve.xml"
    camt.write_bytes(camt053(COMPANY_IBAN, [Entry(D("480.00"), TODAY, name="CLIENT GAMMA",
                                                  reference=creditor_reference("FA-2026-001")),
                                            Entry(D("-4.20"), TODAY, name="BANQUE", remittance="FRAIS")]))
    result = _guichet(data_dir, "payments", "statement", str(camt), "--company", DEMO_SIREN, "--json", check=True)
    report = json.loads(result.stdout)
    assert (report["lines_read"], report["matched_automatically"], report["left_to_person"]) == (2, 1, 1)
    assert [row["number"] for row in report["invoices_settled"]] == ["FA-2026-001"]
    text = _guichet(data_dir, "payments", "statement", str(camt), "--company", DEMO_SIREN, check=True).stdout
    assert "déjà importé" in text and "lignes lues : 0" in text
    cfonb = tmp_path / "releve.txt"
    cfonb.write_bytes(cfonb120([Entry(D("12.00"), TODAY, name="X")]).replace(b"\r\n0430004", b"\r\n0930004"))
    bad = _guichet(data_dir, "payments", "statement", str(cfonb), "--company", DEMO_SIREN)
    assert bad.returncode == 1 and "ligne 2 : code enregistrement inconnu" in bad.stderr
    board = json.loads(_guichet(data_dir, "payments", "aging", "--company", DEMO_SIREN, "--json", check=True).stdout)
    assert board["sales"]["total"] == "0"


OVERRIDE = """
import sys
from guichet.core.model.models import Document, User
from guichet.core.ops import runtime
from guichet.core.pipeline import decisions, pipeline
from guichet.core.settings import load_settings

rt = runtime.start(load_settings(sys.argv[1], queue={"backend": "memory"}))
with rt.database.connection_context():
    admin = User.get(User.email == "admin@demo.guichet.local")
    document = Document.get(Document.filename == sys.argv[2])
    decisions.accept(rt, admin, document.id, "facture conforme", enqueue=False)
    print(pipeline.run_to_rest(rt, document.id).state)
"""


def _override(data_dir: Path, filename: str) -> None:
    """A person accepts the document in review, in its own process (as the web page would)."""
    result = subprocess.run([sys.executable, "-c", OVERRIDE, str(data_dir), filename], capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.stdout.strip() == "archived", result.stderr


def test_an_iban_change_accepted_in_review_is_confirmed_for_the_command_line_batch(instance, tmp_path):
    """Accepting FRAUD-IBAN-CHANGE in review (manage right, reason) confirms the IBAN: the batch pays it."""
    data_dir, files = instance
    alpha = ("Fournisseur Alpha SARL", "732829320")
    (files / "ach-3.xml").write_bytes(_cii("ACH-3", seller=alpha, buyer=("Société Démo SAS", DEMO_SIREN),
                                           amount="999.00", due=TODAY, iban=IBANS[3]))
    imported = _guichet(data_dir, "import", str(files / "ach-3.xml"), "--company", DEMO_SIREN, check=True)
    assert "to_review" in imported.stdout and "FRAUD" not in imported.stdout  # the fraud control stops it...
    _override(data_dir, "ach-3.xml")  # ...and a person accepts it in review, which confirms its IBAN
    out = tmp_path / "x.xml"
    result = _guichet(data_dir, "payments", "batch", "--company", DEMO_SIREN, "--due-before", TODAY.isoformat(),
                      "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert IBANS[3].replace(" ", "") in out.read_text(encoding="utf-8")


FOUR_EYES = """
import sys
from guichet.core.access import payment_rights
from guichet.core.model.models import Company, Event
from guichet.core.ops import runtime
from guichet.core.settings import load_settings

rt = runtime.start(load_settings(sys.argv[1], queue={"backend": "memory"}))
with rt.database.connection_context():
    company = Company.get(Company.siren == sys.argv[2])
    if sys.argv[3] != "events":
        payment_rights.set_four_eyes(company, sys.argv[3] == "on", sys.argv[4] or None)
    print(sum(1 for e in Event.select().where(Event.kind == "payment.refused") if e.data.get("rule") == "four_eyes"))
"""


def _four_eyes(data_dir: Path, state: str, above: str = "") -> int:
    """Set the demo company's double validation as its payments settings page does; the four-eyes refusals logged."""
    result = subprocess.run([sys.executable, "-c", FOUR_EYES, str(data_dir), DEMO_SIREN, state, above],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def test_double_validation_refuses_the_command_line_batch_above_its_threshold(instance, tmp_path):
    """The command line prepares and validates as one person (the instance administrator): with the company's
    double validation on, it is refused in French and logged, and nothing is written; above the batch's total,
    the rule does not apply and the batch is paid."""
    data_dir, files = instance
    beta = ("Fournisseur Beta SAS", "443061841")
    (files / "beta-1.xml").write_bytes(_cii("BETA-1", seller=beta, buyer=("Société Démo SAS", DEMO_SIREN),
                                            amount="720.00", due=TODAY, iban=IBANS[1]))
    imported = _guichet(data_dir, "import", str(files / "beta-1.xml"), "--company", DEMO_SIREN, check=True)
    assert "archived" in imported.stdout
    out = tmp_path / "beta.xml"
    args = ("payments", "batch", "--company", DEMO_SIREN, "--due-before", TODAY.isoformat(), "--supplier", beta[1],
            "-o", str(out))
    try:
        assert _four_eyes(data_dir, "on") == 0
        refused = _guichet(data_dir, *args)
        assert refused.returncode == 1 and not out.exists()
        assert "double validation des lots de paiement : ce lot doit être validé par une autre personne" in refused.stderr
        assert "préparez-le dans les pages Paiements" in refused.stderr
        assert _four_eyes(data_dir, "events") == 1
        _four_eyes(data_dir, "on", "1000")  # 720.00 is not above 1 000 €
        paid = _guichet(data_dir, *args)
        assert paid.returncode == 0, paid.stderr
        assert "1 facture(s) payée(s), total 720.00 EUR" in paid.stdout and out.exists()
    finally:
        _four_eyes(data_dir, "off")


def test_statement_with_a_line_finer_than_the_cent_reconciles_the_others(instance, tmp_path):
    """One line of 12,345 EUR among good lines: the command imports the file, settles what the good line pays and
    reports the bad line in French (stderr, ``lines_rejected``), instead of failing the whole import."""
    data_dir, files = instance
    from guichet.core.model.identifiers import creditor_reference

    demo = ("Société Démo SAS", DEMO_SIREN)
    (files / "fa-3.xml").write_bytes(_cii("FA-2026-003", seller=demo, buyer=("Client Gamma SA", "542107651"),
                                          amount="240.00", due=TODAY, iban=COMPANY_IBAN))
    assert "archived" in _guichet(data_dir, "import", str(files / "fa-3.xml"), "--company", DEMO_SIREN,
                                  check=True).stdout
    camt = tmp_path / "releve-mal-ecrit.xml"
    written = camt053(COMPANY_IBAN, [Entry(D("240.00"), TODAY, name="CLIENT GAMMA",
                                           reference=creditor_reference("FA-2026-003")),
                                     Entry(D("123.45"), TODAY, name="CLIENT GAMMA", remittance="ACOMPTE")],
                      statement_id="SUBUNIT")
    camt.write_bytes(written.replace(b'<Amt Ccy="EUR">123.45</Amt>', b'<Amt Ccy="EUR">12.345</Amt>')
                     .replace(b'<Amt Ccy="EUR">1363.45</Amt>', b'<Amt Ccy="EUR">1252.345</Amt>'))
    result = _guichet(data_dir, "payments", "statement", str(camt), "--company", DEMO_SIREN, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["lines_read"], report["matched_automatically"], report["left_to_person"]) == (2, 1, 0)
    assert [row["number"] for row in report["invoices_settled"]] == ["FA-2026-003"]
    (rejected,) = report["lines_rejected"]
    assert rejected["amount"] == "12.345"
    assert "refusée : montant 12,345 : au plus 2 décimales en EUR" in result.stderr
