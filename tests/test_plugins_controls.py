"""Acceptance of the controls: valid invoices changed in one thing each raise exactly one expected code.

The valid bases are a French invoice built in code (issued after the 2026 reform
date, so every 2026 mention is in force) and three French corpus samples
(Facture_DOM, Facture_UE, Avoir_FR) whose placeholder SIRETs are repaired (see
tests/controls_samples.py). The controls run through a plugin manager holding
only the business controls (not the EN 16931 schematron validator, which has its
own tests), with the Sirene local table and the company history in the test
instance. For each mutation, the codes of the mutated invoice minus the codes of
the unchanged one must be exactly the expected code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from controls_samples import (
    BUYER_SIREN, OTHER_IBAN, SELLER_SIREN, corpus_invoice, establishment_record, french_invoice, mutate,
    fr_vat, scaled, siret_of, unit_record, write_stock_files,
)
from guichet.core.access import accounts
from guichet.core.model.models import Document
from guichet.core.ops import runtime
from guichet.core.plugins import make_plugin_manager
from guichet.core.storage.records import store_invoice
from guichet.core.model.states import Severity, State

CONTROL_PLUGINS = [
    "guichet.plugins.controls_legal", "guichet.plugins.controls_arithmetic",
    "guichet.plugins.controls_identity", "guichet.plugins.controls_fraud",
    "guichet.connectors.sirene", "guichet.connectors.vies",
]
D = Decimal


@pytest.fixture
def pm():
    """A plugin manager with the business controls only."""
    return make_plugin_manager(load_entrypoints=False, extra=CONTROL_PLUGINS)


def run(pm, invoice, company):
    settings = runtime.current().settings  # the test instance's
    problems = [p for batch in pm.hook.check_invoice(invoice=invoice, company=company, xml=None, settings=settings)
                for p in batch]
    return problems


def codes(problems):
    return {p.code for p in problems}


_counter = iter(range(1, 10**6))


def store(company, invoice, state=State.CHECKED):
    """Store ``invoice`` as an earlier document of ``company`` in ``state`` (the history)."""
    n = next(_counter)
    document = Document.create(company=company, sha256=f"{n:064d}", blob_key=f"k{n}", filename=f"f{n}.xml",
                               size=1, channel="upload", state=str(state))
    store_invoice(document, invoice, source="xml")
    return document


@pytest.fixture
def sirene_table(rt, tmp_path):
    """A local Sirene table: our seller active, a ceased company, a closed establishment."""
    from guichet.connectors.sirene import import_stock

    units, establishments = write_stock_files(
        tmp_path / "stock", 50,
        extra_units=[unit_record(SELLER_SIREN, "FOURNISSEUR EXEMPLE"), unit_record(BUYER_SIREN, "SOCIETE A"),
                     unit_record("999999998", "AU BON MOULIN"), unit_record("343434346", "HOTEL SAINT DENIS"),
                     unit_record("787878784", "MA JOLIE BOUTIQUE"), unit_record("732829312", "AUTRE CLIENT"),
                     unit_record("542107651", "ENTREPRISE CESSEE", state="C", since="2024-06-30")],
        extra_establishments=[establishment_record(siret_of(SELLER_SIREN)),
                              establishment_record(siret_of(SELLER_SIREN, 20), state="F", head=False)],
    )
    import_stock(units)
    import_stock(establishments)


# ---------------------------------------------------------------------------
# The invoice built in code
# ---------------------------------------------------------------------------


def _set_rate_19(inv):
    inv.lines[1].vat_rate = D("19")
    inv.vat_breakdown[1].rate = D("19")
    inv.vat_breakdown[1].tax_amount = D("15.20")
    inv.totals.tax_total, inv.totals.tax_inclusive, inv.totals.amount_due = D("39.20"), D("239.20"), D("239.20")


def _ceased_seller(inv):
    inv.seller.legal_id.value = "542107651"
    inv.seller.identifiers = []
    inv.seller.vat_id = "FR13542107651"


MUTATIONS = {
    "wrong line net": ("ARI-LINES", lambda inv: setattr(inv.lines[0], "net_price", D("13.00"))),
    "wrong VAT amount": ("ARI-VAT", lambda inv: setattr(inv.vat_breakdown[0], "tax_amount", D("25.00"))),
    "VAT rate unknown in France": ("VAT-RATE-ALLOWED", _set_rate_19),
    "wrong VAT key": ("ID-VAT-CHECKSUM", lambda inv: setattr(inv.seller, "vat_id", "FR45732829320")),
    "VAT number of another SIREN": ("ID-VAT-SIREN", lambda inv: setattr(inv.seller, "vat_id", "FR13542107651")),
    "SIREN check digit": ("ID-SIREN-CHECKSUM", lambda inv: setattr(inv.seller.legal_id, "value", "732829321")),
    "SIRET of another SIREN": ("LEG-SIRET-COHERENCE",
                               lambda inv: setattr(inv.seller.identifiers[0], "value", siret_of("542107651"))),
    "invalid IBAN": ("PAY-MEANS", lambda inv: setattr(inv.payment_means[0], "iban", "FR7630006000011234567890188")),
    "missing buyer SIREN": ("LEG-SIREN-BUYER", lambda inv: setattr(inv.buyer, "legal_id", None)),
    "missing seller SIREN": ("LEG-SIREN-SELLER", lambda inv: (setattr(inv.seller, "legal_id", None),
                                                              setattr(inv.seller, "identifiers", []))),
    "missing nature BT-23": ("LEG-NATURE", lambda inv: setattr(inv, "process_id", None)),
    "missing 40 EUR note": ("LEG-NOTES-PMT-PMD-AAB", lambda inv: inv.notes.pop(0)),
    "due date before issue": ("LEG-DATES", lambda inv: setattr(inv, "due_date", dt.date(2026, 10, 1))),
    "due date beyond 60 days": ("PAY-TERMS", lambda inv: setattr(inv, "due_date", dt.date(2027, 1, 31))),
    "bad invoice number": ("LEG-NUMBER", lambda inv: setattr(inv, "number", "FA 2026 0042")),
    "seller without VAT number charges VAT": ("FRAUD-SELLER-NOT-VAT", lambda inv: setattr(inv.seller, "vat_id", None)),
    "buyer is another company": ("FRAUD-BUYER-NOT-COMPANY",
                                 lambda inv: (setattr(inv.buyer.legal_id, "value", "732829312"),
                                              setattr(inv.buyer, "vat_id", fr_vat("732829312")))),
    "ceased seller": ("ID-SIREN-ACTIVE", _ceased_seller),
    "closed establishment": ("ID-SIREN-ACTIVE",
                             lambda inv: setattr(inv.seller.identifiers[0], "value", siret_of(SELLER_SIREN, 20))),
    "seller unknown to Sirene": ("ID-SIREN-UNKNOWN", lambda inv: (
        setattr(inv.seller.legal_id, "value", "732829304"), setattr(inv.seller, "identifiers", []),
        setattr(inv.seller, "vat_id", fr_vat("732829304")))),
}


def test_one_wrong_total_is_one_finding(company, sirene_table):
    """BR-CO-10..16 live in one place (issue 12 item 7): the validator, not the arithmetic control."""
    full = make_plugin_manager(load_entrypoints=False, extra=[*CONTROL_PLUGINS, "guichet.plugins.validate_en16931"])
    base = codes(run(full, french_invoice(), company))
    invoice = french_invoice()
    invoice.totals.tax_inclusive += 1
    invoice.totals.amount_due += 1
    problems = run(full, invoice, company)
    assert codes(problems) - base == {"BR-CO-15"}
    assert [p.severity for p in problems if p.code == "BR-CO-15"] == [Severity.FATAL]


def test_unchanged_built_invoice_has_no_blocking_finding(pm, company, sirene_table):
    problems = run(pm, french_invoice(), company)
    assert [p for p in problems if p.severity == Severity.FATAL] == []
    assert codes(problems) == {"FRAUD-NEW-SUPPLIER"}  # first invoice of this supplier: a warning only


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_one_change_one_code(pm, company, sirene_table, name):
    expected, change = MUTATIONS[name]
    base = codes(run(pm, french_invoice(), company))
    invoice = mutate(french_invoice())
    change(invoice)
    assert codes(run(pm, invoice, company)) - base == {expected}


# ---------------------------------------------------------------------------
# Mutations that need the company's history
# ---------------------------------------------------------------------------


@pytest.fixture
def history(company):
    """Three earlier, checked invoices of the same supplier, with its IBAN."""
    for i, day in enumerate((dt.date(2026, 7, 10), dt.date(2026, 8, 12), dt.date(2026, 9, 14)), start=1):
        store(company, french_invoice(number=f"FA-2026-000{i}", issue=day))


HISTORY_MUTATIONS = {
    "changed IBAN": ("FRAUD-IBAN-CHANGE", lambda inv: setattr(inv.payment_means[0], "iban", OTHER_IBAN)),
    "duplicate number": ("LEG-DUPLICATE", lambda inv: setattr(inv, "number", "FA-2026-0002")),
    "same amount and date": ("FRAUD-DUPLICATE-AMOUNT", lambda inv: setattr(inv, "issue_date", dt.date(2026, 9, 14))),
    "amount far above usual": ("FRAUD-AMOUNT-ANOMALY", None),
}


def test_unchanged_invoice_with_history_has_no_finding(pm, company, history):
    assert run(pm, french_invoice(), company) == []


@pytest.mark.parametrize("name", sorted(HISTORY_MUTATIONS))
def test_one_change_with_history(pm, company, history, name):
    expected, change = HISTORY_MUTATIONS[name]
    if change is None:  # ten times the usual amount, every figure consistent
        invoice = scaled(french_invoice(), 10)
    else:
        invoice = mutate(french_invoice())
        change(invoice)
    assert codes(run(pm, invoice, company)) == {expected}


def _in_review_for(company, invoice, code):
    """``invoice`` stored as a document to review, with the blocking finding ``code``."""
    from guichet.core.model.models import Finding

    document = store(company, invoice, state=State.TO_REVIEW)
    Finding.create(document=document, code=code, severity=str(Severity.FATAL), message="test", field="BT-84")
    return document


def _confirmed_accounts(company):
    from guichet.core.model.payment_models import SupplierAccount

    return [(a.iban, a.confirmed_by) for a in SupplierAccount.select().where(SupplierAccount.company == company.id)]


def test_iban_change_holds_until_a_person_confirms(rt, pm, company, history, make_user):
    """Accepting in review an invoice flagged FRAUD-IBAN-CHANGE (manage right, written reason) confirms its IBAN
    for the supplier, as a payment batch's confirmation does: later invoices carrying it are not flagged."""
    from guichet.core.model.models import Event
    from guichet.core.pipeline import decisions

    invoice = mutate(french_invoice())
    invoice.payment_means[0].iban = OTHER_IBAN
    assert "FRAUD-IBAN-CHANGE" in codes(run(pm, invoice, company))
    later = mutate(french_invoice(number="FA-2026-0099"))
    later.payment_means[0].iban = OTHER_IBAN
    document = _in_review_for(company, invoice, "FRAUD-IBAN-CHANGE")
    assert "FRAUD-IBAN-CHANGE" in codes(run(pm, later, company))  # in review, not accepted yet: not known
    manager = make_user("gestion@example.test", companies={company: "manage"})
    decisions.accept(rt, manager, document.id, "IBAN confirmé par téléphone avec le fournisseur", enqueue=False)
    assert _confirmed_accounts(company) == [(OTHER_IBAN.replace(" ", ""), manager.id)]
    event = Event.select().where(Event.kind == "payment.iban_confirmed").get()
    assert (event.user_id, event.document_id, event.data["review"], event.data["note"]) == (
        manager.id, document.id, document.id, "IBAN confirmé par téléphone avec le fournisseur")
    assert "FRAUD-IBAN-CHANGE" not in codes(run(pm, later, company))  # confirmed by a person: known


def test_accepting_an_invoice_without_the_iban_finding_confirms_nothing(rt, pm, company, history, make_user):
    """Overriding another finding (here a duplicate number) says nothing about the IBAN printed on the invoice."""
    from guichet.core.model.models import Event
    from guichet.core.pipeline import decisions

    invoice = mutate(french_invoice())
    invoice.payment_means[0].iban = OTHER_IBAN
    document = _in_review_for(company, invoice, "LEG-DUPLICATE")
    manager = make_user("gestion@example.test", companies={company: "manage"})
    decisions.accept(rt, manager, document.id, "doublon vérifié", enqueue=False)
    assert Document.get_by_id(document.id).state == State.CHECKED
    assert _confirmed_accounts(company) == []
    assert not Event.select().where(Event.kind == "payment.iban_confirmed").exists()
    later = mutate(french_invoice(number="FA-2026-0099"))
    later.payment_means[0].iban = OTHER_IBAN
    assert "FRAUD-IBAN-CHANGE" in codes(run(pm, later, company))


@pytest.mark.parametrize("role", ["read", "upload"])
def test_a_client_without_the_manage_right_cannot_confirm_an_iban_by_accepting(rt, pm, company, history, make_user,
                                                                              role):
    from guichet.core.errors import PermissionDenied
    from guichet.core.pipeline import decisions

    invoice = mutate(french_invoice())
    invoice.payment_means[0].iban = OTHER_IBAN
    document = _in_review_for(company, invoice, "FRAUD-IBAN-CHANGE")
    client = make_user(f"{role}@client.fr", companies={company: role})
    with pytest.raises(PermissionDenied):
        decisions.accept(rt, client, document.id, "IBAN confirmé", enqueue=False)
    assert Document.get_by_id(document.id).state == State.TO_REVIEW
    assert _confirmed_accounts(company) == []


# ---------------------------------------------------------------------------
# French corpus samples
# ---------------------------------------------------------------------------

CORPUS = {
    # file: (SIREN of the receiving company, or None for a foreign buyer)
    "Facture_DOM_EN16931.pdf": "343434346",
    "Facture_UE_EN16931.pdf": None,
    "Avoir_FR_type380_EN16931.pdf": "787878784",
}
CORPUS_MUTATIONS = {
    "wrong VAT key": ("ID-VAT-CHECKSUM", lambda inv: setattr(inv.seller, "vat_id", "FR12999999998")),
    "ceased seller": ("ID-SIREN-ACTIVE", lambda inv: (setattr(inv.seller.legal_id, "value", "542107651"),
                                                      setattr(inv.seller, "vat_id", "FR13542107651"))),
    "missing exemption wording": ("LEG-EXEMPTION", lambda inv: [
        (setattr(r, "exemption_reason", None), setattr(r, "exemption_code", None))
        for r in inv.vat_breakdown if r.category != "S"]),
}


def _company_for(firm, siren):
    return None if siren is None else accounts.create_company(firm, f"Dossier {siren}", siren)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_sample_has_no_blocking_finding(pm, firm, corpus, sirene_table, name):
    problems = run(pm, corpus_invoice(corpus, name), _company_for(firm, CORPUS[name]))
    assert [p.code for p in problems if p.severity == Severity.FATAL] == []


@pytest.mark.parametrize("mutation", sorted(CORPUS_MUTATIONS))
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_one_change_one_code(pm, firm, corpus, sirene_table, name, mutation):
    company = _company_for(firm, CORPUS[name])
    base_invoice = corpus_invoice(corpus, name)
    if mutation == "missing exemption wording" and all(r.category == "S" for r in base_invoice.vat_breakdown):
        pytest.skip("no exempt VAT breakdown in this sample")
    base = codes(run(pm, base_invoice, company))
    expected, change = CORPUS_MUTATIONS[mutation]
    invoice = mutate(base_invoice)
    change(invoice)
    assert codes(run(pm, invoice, company)) - base == {expected}


def test_corpus_changed_iban_and_duplicate(pm, firm, corpus):
    company = _company_for(firm, "343434346")
    earlier = corpus_invoice(corpus, "Facture_DOM_EN16931.pdf")
    store(company, earlier)
    duplicate = corpus_invoice(corpus, "Facture_DOM_EN16931.pdf")
    assert "LEG-DUPLICATE" in codes(run(pm, duplicate, company))
    changed = mutate(duplicate)
    changed.number = "FA-2017-0010"
    changed.issue_date = dt.date(2017, 11, 20)
    changed.payment_means[0].iban = OTHER_IBAN
    assert codes(run(pm, changed, company)) >= {"FRAUD-IBAN-CHANGE"}
    assert "LEG-DUPLICATE" not in codes(run(pm, changed, company))


def test_german_invoices_get_no_french_legal_findings(pm, corpus):
    invoice = corpus_invoice(corpus, "EN16931_Einfach.pdf")
    found = codes(run(pm, invoice, None))
    assert not {c for c in found if c.startswith(("LEG-", "VAT-", "PAY-TERMS"))}


def test_controls_never_raise_on_sparse_or_odd_invoices(pm, company, corpus):
    from guichet.core.model.invoice import Invoice, Line, Party, PaymentMeans, VatBreakdown

    odd = [
        Invoice(),
        Invoice(seller=Party(vat_id="FR"), buyer=Party(vat_id="??"), lines=[Line("1")],
                vat_breakdown=[VatBreakdown("S", None, D("0"), D("0"))],
                payment_means=[PaymentMeans(type_code="30", iban="x", bic="y")], currency="XXX",
                issue_date=dt.date(1900, 1, 1), due_date=dt.date(1899, 1, 1)),
    ]
    for path in sorted(corpus.glob("*.pdf"))[:40]:
        try:
            odd.append(corpus_invoice(corpus, path.name))
        except Exception:  # noqa: BLE001 - unreadable samples are the reader's business
            continue
    for invoice in odd:
        for problem in run(pm, invoice, company):
            assert problem.message and problem.code and problem.origin
