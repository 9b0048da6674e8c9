"""Rules-first field proposal on synthetic French and English pages."""

from __future__ import annotations

from guichet.core.plugins import make_plugin_manager
from guichet.core.parsing.text import Page, Word
from guichet.plugins.fields_rules import propose


def page_from(lines: list[str], *, confidence: float = 1.0) -> Page:
    """A page whose words sit where a monospaced print would put them (2 spaces = a column gap)."""
    words = []
    for row, line in enumerate(lines):
        col = 0
        for chunk in line.split(" "):
            if chunk:
                x0 = 0.05 + col * 0.010
                words.append(Word(chunk, (x0, 0.05 + row * 0.02, x0 + len(chunk) * 0.010, 0.062 + row * 0.02),
                                  confidence))
            col += len(chunk) + 1
    return Page(1, 595, 842, words)


FRENCH = [
    "Boulangerie Martin SARL",
    "12 rue des Lilas 75011 Paris",
    "SIRET : 732 829 320 00074   TVA : FR44732829320",
    "FACTURE N° FA-2024-0117",
    "Date de facture : 05/03/2024",
    "Date d'échéance : 04/04/2024",
    "Client :",
    "Société Démo SAS",
    "Désignation   Qté   Prix unitaire   Montant HT",
    "Pain de campagne   10   2,50   25,00",
    "Croissants   40   1,10   44,00",
    "Total HT          69,00 €",
    "TVA 5,5 %   69,00   3,80 €",
    "Total TTC         72,80 €",
    "Conditions de paiement : 30 jours fin de mois",
    "IBAN : FR76 3000 6000 0112 3456 7890 189   BIC : AGRIFRPP",
]


def test_french_invoice_fields_with_boxes():
    proposal = propose([page_from(FRENCH)], None, "text layer")
    values = proposal.values()
    assert values["invoice_number"] == "FA-2024-0117"
    assert values["issue_date"] == "2024-03-05"
    assert values["due_date"] == "2024-04-04"
    assert values["total_without_tax"] == "69.00"
    assert values["total_tax"] == "3.80"
    assert values["total_with_tax"] == "72.80"
    assert values["amount_due"] == "72.80"
    assert values["currency"] == "EUR"
    assert values["seller_siret"] == "73282932000074"
    assert values["seller_siren"] == "732829320"
    assert values["seller_vat_id"] == "FR44732829320"
    assert values["seller_name"] == "Boulangerie Martin SARL"
    assert values["iban"] == "FR7630006000011234567890189"
    assert values["bic"] == "AGRIFRPP"
    assert values["payment_terms"].startswith("30 jours")
    assert values["document_type_code"] == "380"
    number = proposal.fields["invoice_number"]
    assert number.page == 1 and number.box is not None and 0 < number.confidence <= 1
    assert [(r.rate, r.taxable_amount, r.tax_amount) for r in proposal.vat_breakdown] == [("5.5", "69.00", "3.80")]
    assert [line.amount for line in proposal.lines] == ["25.00", "44.00"]


def test_totals_that_add_up_win_over_a_closer_label():
    lines = [
        "Invoice number: 2024-77",
        "Invoice date: March 5, 2024",
        "Subtotal   100.00",
        "Discount   10.00",
        "Net total   90.00",
        "VAT 20%   18.00",
        "Total   108.00",
    ]
    values = propose([page_from(lines)], None, "text layer").values()
    assert values["invoice_number"] == "2024-77"
    assert values["issue_date"] == "2024-03-05"
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("90.00", "18.00", "108.00")


def test_never_invent_and_reject_bad_identifiers():
    lines = [
        "Quelque chose",
        "SIREN 732 829 321",  # wrong key
        "TVA FR00732829320",  # wrong key
        "Merci de votre confiance",
    ]
    values = propose([page_from(lines)], None, "text layer").values()
    assert all(value is None for value in values.values()), values


def test_buyer_is_the_company(company):
    lines = ["FACTURE N° 42", "Client : Société A", "TVA client : FR03552081317", "Vendeur : Fournil SAS",
             "TVA : FR44732829320", "Total TTC 10,00"]
    values = propose([page_from(lines)], company, "text layer").values()
    assert values["buyer_vat_id"] == "FR03552081317"
    assert values["buyer_siren"] == "552081317"
    assert values["buyer_name"] == "Société A"
    assert values["seller_vat_id"] == "FR44732829320"


def test_ocr_confidence_lowers_the_field_confidence():
    sure = propose([page_from(FRENCH)], None, "ocr").fields["invoice_number"].confidence
    unsure = propose([page_from(FRENCH, confidence=0.3)], None, "ocr").fields["invoice_number"].confidence
    assert unsure < sure


def test_hook_propose_fields():
    pm = make_plugin_manager()
    results = pm.hook.propose_fields(pages=[page_from(FRENCH)], company=None, source="text layer")
    assert any(r is not None and r.value("invoice_number") == "FA-2024-0117" for r in results)
