"""``guichet convert`` from paper (issue 13): a valid file with exit 0, or exit 1 naming what was not read.

A PDF without XML (text layer or scan) is read, completed into an EN 16931 invoice
(:mod:`guichet.core.pipeline.completion`: lines per VAT rate, categories,
countries) and only then judged by the official artefacts; it is written only when
valid and when it reads back to the same number, date and total.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from paper_samples import TRUTH, paper_pdf, scanned

#: The buyer's SIREN printed under its address: registered in France (R.123-221), hence BT-55 = FR.
BUYER_SIREN = "552081317"


def _guichet(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guichet.core", *args], capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    """The fixed French invoice (tests/paper_samples.py) with its buyer's SIREN as a text-layer PDF and
    as a 200-dpi scan, without its buyer (a field no reading can establish), and without the buyer's
    SIREN (« 75016 Paris » alone does not say the buyer is in France: five digits fit Germany too)."""
    folder = tmp_path_factory.mktemp("papers")
    pdf = paper_pdf(buyer_siren=BUYER_SIREN)
    no_buyer = paper_pdf(buyer=False)
    out = {"text": pdf, "scan": scanned(pdf), "no-buyer": no_buyer, "no-buyer-scan": scanned(no_buyer),
           "no-country": paper_pdf()}
    paths = {}
    for name, data in out.items():
        paths[name] = folder / f"facture-{name}.pdf"
        paths[name].write_bytes(data)
    return paths


@pytest.mark.parametrize(("source", "target", "name"), [("text", "facturx", "out.pdf"), ("text", "ubl", "out.xml"),
                                                        ("text", "cii", "out.cii.xml"), ("scan", "facturx", "out.pdf")])
def test_paper_invoice_converts_to_a_valid_file(papers, tmp_path, source, target, name):
    out = tmp_path / name
    done = _guichet("convert", str(papers[source]), "--to", target, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert _guichet("validate", str(out)).returncode == 0
    read = json.loads(_guichet("extract", "--json", str(out)).stdout)
    assert (read["invoice_number"], read["issue_date"], read["total_with_tax"]) == \
        (TRUTH["invoice_number"], TRUTH["issue_date"], TRUTH["total_with_tax"])
    assert read["seller_name"] == TRUTH["seller_name"]  # BT-27 as written, not the legal mentions' sentence before it
    assert read["source"] == "xml"


def test_paper_invoice_missing_a_field_is_refused_naming_it(papers, tmp_path):
    out = tmp_path / "out.pdf"
    done = _guichet("convert", str(papers["no-buyer"]), "--to", "facturx", "-o", str(out))
    assert done.returncode == 1
    assert "champs que la lecture n'a pas pu établir : nom de l'acheteur (BT-44)" in done.stderr
    assert "BR-07 (non établi par la lecture)" in done.stderr
    assert "BR-CO-10" not in done.stderr and "BR-16" not in done.stderr  # the lines hold by construction
    assert not out.exists()


def test_a_domestic_buyer_address_without_a_country_is_in_the_sellers_country_and_said(papers, tmp_path):
    """The postal convention: an address abroad ends with its country, a domestic one carries none."""
    out = tmp_path / "out.pdf"
    done = _guichet("convert", str(papers["no-country"]), "--to", "facturx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "pays de l'acheteur : FR présumé, celui du vendeur (adresse sans pays : courrier intérieur)" in done.stderr
    # written with a presumed value: said apart, as a value to check, and in the JSON object
    assert "écrit avec une valeur présumée, non lue sur la page, à vérifier : pays de l'acheteur (BT-55) FR" in done.stderr
    done = _guichet("convert", "--json", str(papers["no-country"]), "--to", "facturx", "-o", str(out))
    assert json.loads(done.stdout)["presumed"] == {"buyer_country": "FR"}
    assert out.exists()


def test_a_key_field_read_too_weakly_is_refused_and_named():
    """A number taken from a lone reference (no label, no cross-check) is not written with no person:
    a wrong number in a valid Factur-X would be worse than a refusal naming it."""
    from guichet.plugins.validate_en16931 import convert

    weak = convert._uncertain({"invoice_number": 0.24, "issue_date": 0.45, "total_with_tax": 0.99})
    assert weak == ["numéro de facture (BT-1) (lecture incertaine)"]
    assert convert._uncertain({"invoice_number": 0.9, "issue_date": 0.45}) == []
    written = convert.Conversion(output=b"%PDF-", paper=True)
    assert written.ok
    held = convert.Conversion(output=b"%PDF-", paper=True, uncertain=weak)
    assert not held.ok and held.missing == weak


def test_an_issue_date_read_weakly_is_written_when_it_is_the_one_date_the_page_prints():
    """« Pagado el 17 de enero de 2024 » (a label naming a payment: 0.25) on a page that prints that day only, twice: an
    invoice prints its issue date, so that day is it. Another date printed (even month first, unparsed), a due
    date's label before it, or a confidence under the operator's 0.25 keep it refused."""
    from guichet.plugins.validate_en16931 import convert

    page = "Comprobante de pago\nPagado el 17 de enero de 2024\n2.309,37 € – Fecha del cargo 17 de enero de 2024"
    record = {"issue_date": "2024-01-17"}
    assert convert._date_alone(record, {"issue_date": 0.25}, page)
    assert convert._uncertain({"issue_date": 0.25}, ("issue_date",)) == []
    assert not convert._date_alone(record, {"issue_date": 0.2}, page)
    assert not convert._date_alone(record, {"issue_date": 0.25}, page + "\nEntregado el 12/01/2024")
    assert not convert._date_alone(record, {"issue_date": 0.25}, page + "\nPedido 01/18/2024")
    assert not convert._date_alone(record, {"issue_date": 0.25}, "Factura 12\nVencimiento 17/01/2024")
    # the one date printed is another document's (a delivery's, an order's): the issue date is missing, not that one
    assert not convert._date_alone(record, {"issue_date": 0.25}, "Facture 12\nDate de livraison : 17/01/2024")
    assert not convert._date_alone(record, {"issue_date": 0.25}, "Factura 12\nPedido del 17/01/2024")
    due_far = "Échéance : règlement par virement bancaire sous trente jours 17/01/2024"  # the label far before it
    assert not convert._date_alone(record, {"issue_date": 0.25}, f"Facture 12\n{due_far}")


def test_a_weakly_read_issue_date_is_refused_when_the_page_shows_other_dates():
    """A date read without an issue-date label may be the delivery or order date printed beside it."""
    import datetime as dt

    from guichet.plugins.validate_en16931 import convert

    page = "Livraison : 06-09-2020\nLe 14 septembre 2020\nÉchéance 14/10/2020"
    assert convert.dates_on_page(page) == {dt.date(2020, 9, 6), dt.date(2020, 9, 14), dt.date(2020, 10, 14)}
    record = {"issue_date": "2020-09-14", "due_date": "2020-10-14"}
    assert convert._date_doubt(record, {"issue_date": 0.45}, page) == [
        "date de facture (BT-2) (lecture incertaine : 14/09/2020 lue sans libellé de date de facture, d'autres dates "
        "figurent sur la page : 06/09/2020)"]
    assert convert._date_doubt(record, {"issue_date": 0.99}, page) == []  # read after its label
    alone = "Le 14 septembre 2020\nÉchéance 14/10/2020"
    assert convert._date_doubt(record, {"issue_date": 0.45}, alone) == []  # the one date besides the due date


@pytest.mark.parametrize(("terms", "kept"), [
    ("Paiement à 30 jours", True), ("Payment terms: Net 30", True), ("Zahlbar innerhalb von 30 Tagen", True),
    ("Pago a 30 días", True), ("Pagamento a 30 gg", True),
    ("Paiement à 45 jours", False),  # the due date is not the date read plus the term: another date may be the issue's
    ("Paiement à réception", False), ("Escompte 1,30 jours", False),
    ("Délai de paiement :\n30 jours fin de mois", True),  # the label ends its line, the days below it
    # days printed elsewhere than in the terms: a line item, an amount, a rate
    ("Location nacelle 30 jours 1 450,00", False), ("Total net 30 000,00", False), ("Netto 30 % Rabatt", False),
    ("Noleggio 30 giorni", False), ("Conditions de paiement : à réception\nLocation 30 jours", False),
])
def test_a_weakly_read_issue_date_is_kept_when_the_due_date_and_the_terms_printed_agree(terms, kept):
    """Two readings and a printed term cross-check the date: due date = issue date + the days of the terms."""
    from guichet.plugins.validate_en16931 import convert

    page = f"Livraison : 06-09-2020\nLe 14 septembre 2020\nÉchéance 14/10/2020\n{terms}"
    record = {"issue_date": "2020-09-14", "due_date": "2020-10-14"}
    assert (convert._date_doubt(record, {"issue_date": 0.45}, page) == []) is kept



@pytest.mark.parametrize(("header", "kept"), [
    ("AVOIR N° : A-2022-28\nDate : 31/01/2022", True),  # under the title and number
    ("Facture Date: 31 janvier 2022", True),  # on the title's line, the month in words
    ("Rechnung Nr. R-2022-28\nDatum ........ 31.01.2022", True),  # dot leaders
    ("Bon de commande n° 4455\nDate : 31/01/2022", False),  # beside another document's number
    ("Facture n° A-2022-28\nDate de livraison : 31/01/2022", False),  # not the bare word « Date »
    ("Client : Dupont\nDate : 31/01/2022", False),  # no title nor number near it
])
def test_a_weakly_read_issue_date_is_kept_after_a_bare_date_label_in_the_documents_header(header, kept):
    from guichet.plugins.validate_en16931 import convert

    page = f"{header}\nPériode du 01/01/2022 au 31/01/2022 ; livré le 28/01/2022\nÉchéance 02/03/2022"
    record = {"issue_date": "2022-01-31", "due_date": "2022-03-02", "invoice_number": "A-2022-28"}
    assert (convert._date_doubt(record, {"issue_date": 0.5}, page) == []) is kept


@pytest.mark.parametrize(("header", "kept"), [
    ("Facture n° 12\nDate : 31/01/2022", True), ("Nr.12\nDatum: 31.01.2022", True),
    # a short number is inside most lines: an amount, a longer number, a date do not print it
    ("Montant 12,50\nDate : 31/01/2022", False), ("Client 112\nDate : 31/01/2022", False),
    ("Relevé 12/01/2022\nDate : 31/01/2022", False),
])
def test_a_short_invoice_number_is_found_in_the_header_only_as_a_whole(header, kept):
    from guichet.plugins.validate_en16931 import convert

    page = f"{header}\nPériode du 01/01/2022 au 31/01/2022\nÉchéance 02/03/2022"
    record = {"issue_date": "2022-01-31", "due_date": "2022-03-02", "invoice_number": "12"}
    assert (convert._date_doubt(record, {"issue_date": 0.5}, page) == []) is kept

def test_an_ocr_number_cut_in_two_is_refused_and_named():
    """« Numéro de facture : 2025/7 1080 »: the OCR put a space inside the number; the reading took its first part."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult, Word
    from guichet.plugins.validate_en16931 import convert

    def reading(next_word: str, gap: float, source: str = "ocr") -> SimpleNamespace:
        words = [Word("2025/7", (0.40, 0.20, 0.46, 0.215)), Word(next_word, (0.46 + gap, 0.20, 0.50 + gap, 0.215))]
        proposal = FieldProposal()
        proposal.fields["invoice_number"] = FieldValue("2025/7", 0.8, 1, (0.40, 0.20, 0.46, 0.215))
        return SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 1654, 2339, words, "px")], source, "t"))

    assert convert._number_doubt(reading("1080", 0.008)) == [
        "numéro de facture (BT-1) (lecture incertaine : « 2025/7 » suivi de « 1080 »)"]
    assert convert._number_doubt(reading("09/08/2025", 0.008)) == []  # a date in the next column
    assert convert._number_doubt(reading("du", 0.008)) == []  # « Facture R2025-63 du 05/02/2025 »
    assert convert._number_doubt(reading("C10302", 0.10)) == []  # far: another field
    assert convert._number_doubt(reading("1080", 0.008, "text layer")) == []  # a text layer's words are as written


def _reading(rows: list[str], number: str, label: str | None = None, source: str = "text layer"):
    """A reading of a page whose lines are ``rows`` (one box per word), the invoice number read at ``number``."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult, Word

    words, box = [], None
    for n, row in enumerate(rows):
        x = 0.05
        for text in row.split():
            width = 0.012 * len(text)
            word = Word(text, (x, 0.10 + 0.02 * n, x + width, 0.115 + 0.02 * n))
            words.append(word)
            if text == number and box is None:
                box = word.box
            x += width + 0.01
    proposal = FieldProposal()
    proposal.fields["invoice_number"] = FieldValue(number, 0.8, 1, box, label)
    return SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 595, 842, words)], source, "t"))


@pytest.mark.parametrize(("rows", "number", "label", "why"), [
    (["Paiement par virement", "IBAN n° FR7630006000011234567890189"], "FR7630006000011234567890189", "n°",
     "c'est un IBAN"),
    (["IBAN n° FR76 3000 6000 0112 3456 7890 189"], "FR76", "n°", "c'est l'IBAN imprimé sur la page"),
    (["Client : Société A", "TVA intracommunautaire FR89380129866"], "FR89380129866", None, "c'est un n° de TVA"),
    (["Acheteur DE136695976"], "DE136695976", None, "c'est un n° de TVA"),
    (["SIRET 38012986600014"], "38012986600014", None, "c'est un SIRET"),
    (["Référence : C-12345"], "C-12345", "Référence", "lu après « Référence » seulement"),
    (["Our ref. PO-4455"], "PO-4455", "ref.", "lu après « ref » seulement"),
    (["Commande n° CMD4455"], "CMD4455", "n°", "lu après « Commande » seulement"),
    (["N° de contrat 2547639746"], "2547639746", "N°", "lu après « contrat » seulement"),
    (["Bill to customer ref. 8219644837"], "8219644837", "ref.", "lu après « customer » seulement"),
    (["FACTURE N°", "12 rue des Lilas"], "12", "N°", "un à trois chiffres seulement"),
    (["Tél. 04 78 12 34 56", "N° 0478123456"], "0478123456", "N°", "c'est un n° de téléphone imprimé sur la page"),
    # A cell's label taken with its value: the number may be another one (the customer's).
    (["Rechnung", "RE-Nr. Kunden-Nr.C25983"], "Kunden-Nr.C25983", "RE-Nr.", "il contient le libellé « Kunden-Nr. »"),
    (["Facture", "Client-n°C12"], "Client-n°C12", "Facture", "il contient le libellé « Client-n° »"),
])
def test_an_invoice_number_that_is_another_identifier_is_refused(rows, number, label, why):
    from guichet.plugins.validate_en16931 import convert

    doubt = convert._number_kind_doubt(_reading(rows, number, label), "\n".join(rows))
    assert doubt == [f"numéro de facture (BT-1) (numéro de facture incertain : « {number} », {why})"]


@pytest.mark.parametrize(("rows", "number", "label"), [
    (["Facture n° : F-2026-0142", "IBAN FR76 3000 6000 0112 3456 7890 189"], "F-2026-0142", "Facture n°"),
    (["Référence facture FA-7781"], "FA-7781", "Référence facture"),
    (["Rechnung Nr. 471102"], "471102", "Rechnung Nr."),
    (["N° 2025-0042", "Client : C-12345"], "2025-0042", "N°"),
    # a utility's bill: « bill » and « bolletta » are the invoice's words
    (["Customer number 8219644837", "Bill reference 723700776"], "723700776", "Bill reference"),
    (["Codice cliente 5433521037", "Rif. bolletta 7472920174"], "7472920174", "Rif. bolletta"),
    # an invoice's word cut short: « fact. », « fra. » (blind 100005 refused « lu sous « Réf. fact. » »)
    (["Réf. fact. 2024.1662", "Réf. client C-12"], "2024.1662", "Réf. fact."),
    (["Ref. fra. FV-26-118"], "FV-26-118", "Ref. fra."),
])
def test_an_invoice_number_read_after_its_own_label_is_kept(rows, number, label):
    from guichet.plugins.validate_en16931 import convert

    assert convert._number_kind_doubt(_reading(rows, number, label), "\n".join(rows)) == []


@pytest.mark.parametrize(("rows", "number", "label"), [
    (["FACTURE", "Référence : F-2026-0142"], "F-2026-0142", "Référence"),
    (["Tax Invoice", "Reference 22-51176"], "22-51176", "Reference"),
    (["FACTURA", "Ref. 2025/118"], "2025/118", "Ref."),
    (["FATTURA", "Riferimento 7715-24"], "7715-24", "Riferimento"),
    (["Facture avoir", "Réf. : AV2601-8390"], "AV2601-8390", "Réf."),  # Dolibarr's credit note
])
def test_a_number_under_a_bare_reference_beneath_the_invoice_title_is_the_invoice_s(rows, number, label):
    """Invoicing programs head the invoice's own number with « Référence » alone: under the title « FACTURE », with
    no other number labelled as the invoice's and no word saying whose reference it is, it is kept."""
    from guichet.plugins.validate_en16931 import convert

    assert convert._number_kind_doubt(_reading(rows, number, label), "\n".join(rows)) == []


@pytest.mark.parametrize(("rows", "number", "label"), [
    (["Référence : C-12345"], "C-12345", "Référence"),  # no title: nothing says what the page is
    (["Référence : C-12345", "FACTURE"], "C-12345", "Référence"),  # the title under it
    (["FACTURE", "Votre référence : C-12345"], "C-12345", "référence"),  # the buyer's reference
    (["FACTURE", "Référence client : C-12345"], "C-12345", "Référence"),
    (["FACTURE", "Référence cpt : 4471-22"], "4471-22", "Référence"),  # an account's
    (["FACTURE", "Facture n° F-2026-0142", "Référence : C-12345"], "C-12345", "Référence"),  # the invoice's own elsewhere
    (["FACTURE DE LA COMMANDE", "Référence : C-12345"], "C-12345", "Référence"),  # the title names another document
    (["FACTURE", "Référence : 12/03/2026"], "12/03/2026", "Référence"),  # a date
])
def test_a_number_under_a_bare_reference_stays_unsure_when_the_structure_does_not_say_it_is_the_invoice_s(
        rows, number, label):
    from guichet.plugins.validate_en16931 import convert

    doubt = convert._number_kind_doubt(_reading(rows, number, label), "\n".join(rows))
    assert doubt and "numéro de facture incertain" in doubt[0]


@pytest.mark.parametrize(("rows", "number", "label"), [
    (["Factura rectificativa", "Serie/número : 003300"], "003300", "Serie/número"),
    (["FACTURA", "Serie y número FV 1552/24"], "1552/24", "Serie y número"),
    (["Factura", "Serie-Nº A-25-08081"], "A-25-08081", "Serie-Nº"),
])
def test_a_number_under_a_series_and_number_label_is_the_invoice_s(rows, number, label):
    """« Serie/número » names the invoice's series and its number (Real Decreto 1619/2012, art. 6.1.a), as the Spanish
    vocabulary reads it: its « serie » is not a device's serial (blind 136, 180, 215, 249 refused before)."""
    from guichet.plugins.validate_en16931 import convert

    assert convert._number_kind_doubt(_reading(rows, number, label), "\n".join(rows)) == []


@pytest.mark.parametrize(("rows", "number", "label"), [
    (["FACTURE", "Numéro de série : 7731229"], "7731229", "Numéro de série"),
    (["FACTURA", "Número de serie 7731229"], "7731229", "Número de serie"),
    (["INVOICE", "Serial No. 7731229"], "7731229", "Serial No."),
])
def test_a_number_under_a_serial_number_s_label_stays_unsure(rows, number, label):
    """A serial number's label names one number, a device's as often as the invoice's: still named, not written."""
    from guichet.plugins.validate_en16931 import convert

    doubt = convert._number_kind_doubt(_reading(rows, number, label), "\n".join(rows))
    assert doubt and "numéro de facture incertain" in doubt[0]


def test_a_big_title_whose_descent_reaches_the_reference_s_line_is_still_over_it():
    """Dolibarr prints its title « Facture » in a big font right over « Réf. : FA2512-2480 »: the title's box reaches
    a little into the reference's line, its middle stays above it."""
    from dataclasses import replace

    from guichet.plugins.validate_en16931 import convert

    rows = ["Facture", "Réf. : FA2512-2480"]
    reading = _reading(rows, "FA2512-2480", "Réf.")
    words = reading.text.pages[0].words
    x0, _top, x1, _bottom = words[0].box
    words[0] = replace(words[0], box=(x0, 0.092, x1, 0.1205))  # the number's line starts at 0.12
    assert convert._number_kind_doubt(reading, "\n".join(rows)) == []


def test_a_number_under_a_bare_reference_the_reading_saw_rivalled_is_not_made_sure():
    """Under the convert bar the reading saw a rival close to it (« #I 2024 36312 » beside « REFERENCE R20244292 »)."""
    from guichet.plugins.validate_en16931 import convert

    rows = ["FACTURE", "Référence : R20244292"]
    reading = _reading(rows, "R20244292", "Référence")
    assert convert._own_reference(reading, "\n".join(rows))
    reading.proposal.fields["invoice_number"].confidence = 0.25
    assert not convert._own_reference(reading, "\n".join(rows))


def test_an_issue_date_printed_under_the_due_date_label_is_read_as_uncertain():
    """The reader lowers its confidence below what a conversion with no person accepts (« lecture incertaine »)."""
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.propose import DUE_DATE_TAKEN_CONFIDENCE, _printed_as_due_date_only, propose
    from guichet.plugins.validate_en16931 import convert

    import datetime as dt

    from guichet.plugins.fields_rules.lines import Cand
    from guichet.plugins.fields_rules.numbers import issue_date

    assert DUE_DATE_TAKEN_CONFIDENCE < convert.PAPER_MIN_CONFIDENCE
    due_only = make_lines(_reading(["Facture n° F-1", "Échéance : 14/10/2020", "Total 120,00 €"], "F-1").text.pages)
    line = next(ln for ln in due_only if "14/10/2020" in ln.text)
    start = line.text.index("14/10/2020")
    # the date under « Échéance », taken weakly for the issue date (no label of its own)
    assert _printed_as_due_date_only(due_only, Cand(dt.date(2020, 10, 14), line, start, start + 10, 0.45))
    assert not _printed_as_due_date_only(due_only, Cand(dt.date(2020, 9, 14), line, start, start + 10, 0.45))
    # Payable on receipt: the same date printed under the issue-date label too stays sure.
    both = _reading(["Date de facture : 14/10/2020", "Échéance : 14/10/2020"], "F-1").text.pages
    assert not _printed_as_due_date_only(make_lines(both), issue_date(make_lines(both)))
    issue = propose(both).fields["issue_date"]
    assert issue.value == "2020-10-14" and issue.confidence >= convert.PAPER_MIN_CONFIDENCE


def test_a_currency_not_read_is_euro_only_with_support_on_the_page():
    from guichet.plugins.validate_en16931 import convert

    assert convert._currency_doubt(None, "Total 100,00") == [
        "devise (BT-5) : non lue, et ni signe € ni code EUR sur la page"]
    assert convert._currency_doubt(None, "Montants en euros\nTotal 100,00") == []
    assert convert._currency_doubt(None, "Total 100,00 €") == []


def test_what_the_completion_added_is_said_on_success(papers, tmp_path):
    out = tmp_path / "out.xml"
    done = _guichet("convert", str(papers["text"]), "--to", "cii", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "complété : " in done.stderr and out.exists()


def test_an_iban_read_by_the_reading_contains_the_number_read():
    from guichet.plugins.validate_en16931 import convert

    reading = _reading(["Banque : FR76 3000 6000 0112 3456 7890 189", "N° FR76"], "FR76", "N°")
    reading.proposal.fields["iban"] = type(reading.proposal.fields["invoice_number"])("FR7630006000011234567890189")
    doubt = convert._number_kind_doubt(reading, "N° FR76")  # the IBAN only in the reading's field
    assert doubt == ["numéro de facture (BT-1) (numéro de facture incertain : « FR76 », "
                     "c'est l'identifiant iban lu sur la page)"]


@pytest.mark.parametrize(("change", "named"), [
    ((" €", ""), "devise (BT-5) : non lue, et ni signe € ni code EUR sur la page"),
    (("<h1>FACTURE</h1>\n<p>Facture n° : F-2026-0142", "<p>Référence : F-2026-0142"),
     "numéro de facture incertain : « F-2026-0142 », lu après « Référence » seulement"),
    (("Facture n° : F-2026-0142<br>Date de facture : 02/03/2026<br>Date d'échéance : 01/04/2026",
      "Facture n° : F-2026-0142<br>01/03/2026 au 31/03/2026"), "date de facture (BT-2) (lecture incertaine"),
    (("<h1>FACTURE</h1>", "<h1>FACTURE PRO FORMA</h1>"), "facture pro forma : une offre, pas une facture"),
])
def test_a_paper_invoice_is_refused_rather_than_written_with_a_guess(tmp_path, change, named):
    """No currency printed: not written in euros by default. A number read after « Référence » alone on a page no
    invoice's title heads: a customer's or an order's reference as often as the invoice's own (under the title
    « FACTURE » it is the invoice's: :func:`test_a_number_under_a_bare_reference_beneath_the_invoice_title_is_the_invoice_s`). A period under the number (« 01/03/2026 au 31/03/2026 »):
    its start is a service's as often as the invoice's date. A pro forma is an offer, no invoice."""
    import weasyprint

    import paper_samples

    html = paper_samples._HTML.format(buyer=paper_samples._BUYER).replace(*change)
    source, out = tmp_path / "page.pdf", tmp_path / "out.xml"
    source.write_bytes(weasyprint.HTML(string=html).write_pdf())
    done = _guichet("convert", str(source), "--to", "cii", "-o", str(out))
    assert done.returncode == 1 and named in done.stderr and not out.exists()


def test_a_product_s_serial_number_is_never_written_as_the_invoice_s_number(tmp_path):
    """« Numéro de série » in a line's description is the product's serial number: with no invoice number
    printed, the number is named as missing, never taken from the serial number."""
    import weasyprint

    import paper_samples

    html = paper_samples._HTML.format(buyer=paper_samples._BUYER.format(siren="")).replace(
        "Facture n° : F-2026-0142<br>", "").replace(
        "<td>Maintenance annuelle</td>", "<td>Maintenance annuelle<br>Numéro de série : SN48213</td>")
    source, out = tmp_path / "page.pdf", tmp_path / "out.xml"
    source.write_bytes(weasyprint.HTML(string=html).write_pdf())
    done = _guichet("convert", str(source), "--to", "cii", "-o", str(out))
    assert done.returncode == 1 and "numéro de facture (BT-1)" in done.stderr and not out.exists()
    assert "SN48213" not in done.stdout


def test_a_scanned_invoice_with_debours_is_never_written_with_a_mended_grand_total(tmp_path):
    """Débours outside VAT printed before the grand total (620 + 124 + 0,80 = 744,80): HT + TVA ≠ TTC by the
    débours, one « confused » digit away (744,80 / 744,00). The scan is refused or written with 744,80, never
    with the grand total « mended » to 744,00 and exit 0."""
    import weasyprint

    import paper_samples

    html = paper_samples._HTML.format(buyer=paper_samples._BUYER.format(siren=" <br>SIREN 552 081 317")).replace(
        '<tr><td><b>Total TTC</b></td><td class="r"><b>744,00 €</b></td></tr>\n'
        '<tr><td>Net à payer</td><td class="r">744,00 €</td></tr>',
        '<tr><td>Débours (non soumis à TVA)</td><td class="r">0,80 €</td></tr>\n'
        '<tr><td><b>Total TTC</b></td><td class="r"><b>744,80 €</b></td></tr>')
    assert "Débours" in html
    source, out = tmp_path / "debours.pdf", tmp_path / "out.pdf"
    source.write_bytes(scanned(weasyprint.HTML(string=html).write_pdf()))
    done = _guichet("convert", str(source), "--to", "facturx", "-o", str(out))
    if done.returncode == 0:
        assert json.loads(_guichet("extract", "--json", str(out)).stdout)["total_with_tax"] == "744.80"
    else:
        assert done.returncode == 1 and not out.exists()


def test_a_luhn_valid_number_after_an_invoice_label_is_kept_unless_it_is_a_company_identifier():
    """One 9-digit number in ten passes the SIREN key: « Facture n° 202300125 » stays an invoice number."""
    from guichet.plugins.validate_en16931 import convert

    assert convert._identifier_kind("202300125") == "un SIREN"
    rows = ["Facture n° 202300125"]
    assert convert._number_kind_doubt(_reading(rows, "202300125", "Facture n°"), rows[0]) == []
    rows = ["Facture n° 380129866", "RCS Lyon 380 129 866"]
    reading = _reading(rows, "380129866", "Facture n°")
    reading.proposal.fields["seller_siren"] = type(reading.proposal.fields["invoice_number"])("380129866")
    assert convert._number_kind_doubt(reading, "\n".join(rows)) == [
        "numéro de facture (BT-1) (numéro de facture incertain : « 380129866 », "
        "c'est l'identifiant seller_siren lu sur la page)"]
    assert convert._identifier_kind("GB341562179") == "un n° de TVA"  # the UK's, outside the EU module


@pytest.mark.parametrize(("rows", "number", "why"), [
    (["Facture n° 380129866", "TVA FR89380129866"], "380129866", "c'est un n° de TVA imprimé sur la page"),
    (["Facture n° 380129866", "RCS Lyon 380 129 866"], "380129866", "c'est un SIREN ou SIRET imprimé sur la page"),
])
def test_a_number_that_is_a_company_identifier_printed_on_the_page_is_refused(rows, number, why):
    from guichet.plugins.validate_en16931 import convert

    doubt = convert._number_kind_doubt(_reading(rows, number, "Facture n°"), "\n".join(rows))
    assert doubt == [f"numéro de facture (BT-1) (numéro de facture incertain : « {number} », {why})"]


@pytest.mark.parametrize(("rows", "refused"), [
    (["Invoice Number", "60989", "Invoice Date"], False),  # alone on its line, a label under it
    (["Facture", "60989", "Lille"], False),  # the town on the next line: not a postcode's line
    (["Facture", "Client : Dupont", "60989 Lille"], True),  # the number is the postcode of « Lille »
])
def test_a_number_is_a_postcode_only_when_its_town_follows_on_its_line(rows, refused):
    """A postcode is printed with its town on one line: a number alone on its line is not one, whatever line follows."""
    from guichet.plugins.validate_en16931 import convert

    doubt = convert._number_kind_doubt(_reading(rows, "60989", "Invoice Number"), "\n".join(rows))
    assert doubt == (["numéro de facture (BT-1) (numéro de facture incertain : « 60989 », c'est un code postal "
                      "imprimé sur la page)"] if refused else [])


# ---------------------------------------------------------------------------
# --buyer-siren: the buyer of a paper invoice converted with no dossier open
# ---------------------------------------------------------------------------

#: A SIREN of the local Sirene copy only (no dossier): « FOURNITURES DU NORD », head office in 75008 Paris.
SIRENE_ONLY = "732829320"


def _converted_buyer(out) -> dict:
    read = json.loads(_guichet("extract", "--json", str(out)).stdout)
    return {k: read.get(k) for k in ("buyer_name", "buyer_siren", "invoice_number", "total_with_tax")}


@pytest.mark.parametrize("source", ["no-buyer", "no-buyer-scan"])
def test_buyer_siren_fills_the_buyer_from_the_dossier(company, settings, papers, tmp_path, source):
    """The invoice's buyer block is not printed: the dossier of the SIREN given fills it (name, SIREN, VAT
    number, address), as the pipeline does for a purchase invoice of that dossier; a scan as a text layer."""
    company.settings = {"address": {"line1": "5 avenue Foch", "postcode": "75016", "city": "Paris", "country": "FR"}}
    company.save()
    out = tmp_path / "out.pdf"
    done = _guichet("--data-dir", str(settings.data_dir), "convert", str(papers[source]), "--to", "facturx",
                    "-o", str(out), "--buyer-siren", "552 081 317")
    assert done.returncode == 0, done.stderr
    assert "acheteur complété depuis le dossier (nom, SIREN, n° de TVA, adresse)" in done.stderr
    assert _converted_buyer(out) == {"buyer_name": "Société A", "buyer_siren": "552081317",
                                     "invoice_number": TRUTH["invoice_number"],
                                     "total_with_tax": TRUTH["total_with_tax"]}
    assert _guichet("validate", str(out)).returncode == 0


def test_buyer_siren_without_a_dossier_takes_the_local_sirene_copy(rt, papers, tmp_path):
    from controls_samples import establishment_record, unit_record, write_stock_files

    from guichet.connectors import sirene

    units, establishments = write_stock_files(tmp_path / "stock", 3,
                                              extra_units=[unit_record(SIRENE_ONLY, "FOURNITURES DU NORD")],
                                              extra_establishments=[establishment_record(f"{SIRENE_ONLY}00012")])
    sirene.import_stock(units)
    sirene.import_stock(establishments)
    out = tmp_path / "out.pdf"
    done = _guichet("--data-dir", str(rt.settings.data_dir), "convert", str(papers["no-buyer"]), "--to", "facturx",
                    "-o", str(out), "--buyer-siren", SIRENE_ONLY)
    assert done.returncode == 0, done.stderr
    assert _converted_buyer(out)["buyer_name"] == "FOURNITURES DU NORD"
    assert "acheteur complété depuis le dossier (nom, SIREN, adresse)" in done.stderr
    from guichet.plugins.validate_en16931.convert import _output_xml  # the written buyer's address: Sirene's

    from guichet.core.plugins import make_plugin_manager

    root = _output_xml(make_plugin_manager(), out.read_bytes(), "out.pdf")
    postcode = root.xpath("//*[local-name()='BuyerTradeParty']//*[local-name()='PostcodeCode']/text()")
    assert postcode == ["75008"]


@pytest.mark.parametrize("source", ["no-buyer", "text"])
def test_buyer_siren_unknown_anywhere_keeps_the_siren_and_names_the_missing_name(papers, tmp_path, source):
    """Unknown anywhere, only the SIREN given is taken; a SIREN read on the page (« text » prints the buyer's) is
    not kept while saying so, nor the name read under it: the buyer's name is named as missing."""
    out = tmp_path / "out.pdf"
    done = _guichet("--data-dir", str(tmp_path / "none"), "convert", str(papers[source]), "--to", "facturx",
                    "-o", str(out), "--buyer-siren", SIRENE_ONLY)
    assert done.returncode == 1 and not out.exists()
    assert f"SIREN {SIRENE_ONLY} inconnu (ni dossier ni copie locale Sirene)" in done.stderr
    assert "nom de l'acheteur (BT-44)" in done.stderr
    assert not (tmp_path / "none").exists()  # no instance made up for a look-up
    if source == "text":
        assert (f"(nom « Société A », SIREN {BUYER_SIREN}) : ce n'est pas la société indiquée (SIREN {SIRENE_ONLY}), "
                "remplacé par elle") in done.stderr


def test_buyer_siren_replaces_another_buyer_read_on_the_page(firm, settings, papers, tmp_path):
    """The page prints « Société A, SIREN 552 081 317 »; the person converting says the buyer is the dossier
    732829320: its name, SIREN and address are written, and what was read instead is said."""
    from guichet.core.access import accounts

    other = accounts.create_company(firm, "Fournitures du Nord", SIRENE_ONLY)
    other.settings = {"address": {"line1": "8 rue Royale", "postcode": "75008", "city": "Paris", "country": "FR"}}
    other.save()
    out = tmp_path / "out.pdf"
    done = _guichet("--data-dir", str(settings.data_dir), "convert", str(papers["text"]), "--to", "facturx",
                    "-o", str(out), "--buyer-siren", SIRENE_ONLY)
    assert done.returncode == 0, done.stderr
    assert (f"acheteur lu sur la page (nom « Société A », SIREN {BUYER_SIREN}) : ce n'est pas la société indiquée "
            f"(SIREN {SIRENE_ONLY}, Fournitures du Nord), remplacé par elle") in done.stderr
    buyer = _converted_buyer(out)
    assert (buyer["buyer_name"], buyer["buyer_siren"]) == ("Fournitures du Nord", SIRENE_ONLY)


def test_buyer_siren_never_creates_a_schema_in_an_instance_database(papers, tmp_path):
    """An instance whose database has no schema (an empty SQLite file): refused naming « guichet migrate »,
    and the file is left without tables (a stateless command does not migrate an instance)."""
    import sqlite3

    from guichet.core.settings import load_settings

    settings = load_settings(tmp_path / "instance")
    path = settings.database_url.split("///", 1)[-1]
    settings.data_dir.mkdir(parents=True)
    sqlite3.connect(path).close()
    out = tmp_path / "out.pdf"
    done = _guichet("--data-dir", str(settings.data_dir), "convert", str(papers["no-buyer"]), "--to", "facturx",
                    "-o", str(out), "--buyer-siren", SIRENE_ONLY, "--json")
    assert done.returncode == 2 and not out.exists()
    assert "lancez « guichet migrate »" in done.stderr
    answer = json.loads(done.stdout)  # --json: one object on every exit (review finding 6)
    assert answer["written"] is False and "lancez « guichet migrate »" in answer["problems"][0]
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == []


def test_buyer_siren_with_a_wrong_key_is_refused(papers, tmp_path):
    out = tmp_path / "out.pdf"
    done = _guichet("convert", str(papers["no-buyer"]), "--to", "facturx", "-o", str(out), "--buyer-siren", "552081318")
    assert done.returncode == 2 and not out.exists()
    assert "guichet: SIREN invalide : 552081318" in done.stderr  # the commands' one message (cli_instance)


# ---------------------------------------------------------------------------
# An amount already paid: one vocabulary for the reading and the completion (core.parsing.on_page)
# ---------------------------------------------------------------------------


def _totals_of(out) -> tuple[str, str]:
    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931.convert import _output_xml

    root = _output_xml(make_plugin_manager(), out.read_bytes(), "out.pdf")
    return (root.xpath("string(//*[local-name()='TotalPrepaidAmount'])"),
            root.xpath("string(//*[local-name()='DuePayableAmount'])"))


def test_a_payment_received_with_its_balance_is_the_paid_amount(tmp_path):
    """« Versement reçu 300,00 » then « Net à payer 900,00 »: BT-113 300.00, BT-115 900.00 (the core knew
    « acompte » only: BR-CO-16 refused it)."""
    source, out = tmp_path / "page.pdf", tmp_path / "out.pdf"
    source.write_bytes(_page([("Maintenance", "1 000,00")],
                             [("Total HT", "1 000,00 €"), ("TVA 20 %", "200,00 €"), ("Total TTC", "1 200,00 €"),
                              ("Versement reçu", "300,00 €"), ("Net à payer", "900,00 €")]))
    done = _guichet("convert", str(source), "--to", "facturx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "montant déjà payé (acompte) lu sur la page : 300.00" in done.stderr
    assert _totals_of(out) == ("300.00", "900.00")


@pytest.mark.parametrize("paid", ["Versement reçu", "Payé par CB"])
def test_a_payment_printed_without_its_balance_never_makes_the_grand_total_due(tmp_path, paid):
    """A payment the reading cannot pair with a balance: the amount due stays unknown and is named; never the
    grand total written as due (valid, but a wrong amount to pay)."""
    source, out = tmp_path / "page.pdf", tmp_path / "out.pdf"
    source.write_bytes(_page([("Maintenance", "1 000,00")],
                             [("Total HT", "1 000,00 €"), ("TVA 20 %", "200,00 €"), ("Total TTC", "1 200,00 €"),
                              (paid, "300,00 €")]))
    done = _guichet("convert", str(source), "--to", "facturx", "-o", str(out))
    assert done.returncode == 1 and not out.exists(), done.stderr
    assert "net à payer (BT-115)" in done.stderr
    assert "aucun acompte ni déduction sur la page" not in done.stderr


def test_an_amount_due_printed_below_the_grand_total_is_never_replaced_by_it(tmp_path):
    """« Net à payer 900,00 » under « Total TTC 1 200,00 » with no payment printed: the reading keeps the amount
    due printed (it wrote the grand total instead), and the completion, finding no paid amount, refuses it."""
    source, out = tmp_path / "page.pdf", tmp_path / "out.pdf"
    source.write_bytes(_page([("Maintenance", "1 000,00")],
                             [("Total HT", "1 000,00 €"), ("TVA 20 %", "200,00 €"), ("Total TTC", "1 200,00 €"),
                              ("Net à payer", "900,00 €")]))
    done = _guichet("convert", str(source), "--to", "facturx", "-o", str(out))
    assert done.returncode == 1 and not out.exists(), done.stderr
    assert "montant déjà payé (BT-113) ou net à payer (BT-115)" in done.stderr


# ---------------------------------------------------------------------------
# Another document's date: one vocabulary for the reading and the gate (core.parsing.on_page)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "day", "refused"), [
    ("FACTURA RECTIFICATIVA Nº R-12 Fecha: 05/02/2026", "2026-02-05", False),  # the invoice's own title
    ("ORIGINAL  Facture n° 12 du 05/02/2026", "2026-02-05", False),  # a stamp, not the date's label
    ("Facture n° 12  Date : 05/02/2026  Votre commande n° 45", "2026-02-05", False),  # the order comes after
    ("Avoir n° A-3 sur facture n° F-12 du 26/12/2025", "2025-12-26", True),  # the invoice credited
    ("Bon de livraison BL-77 du 26 décembre 2025", "2025-12-26", True),
    ("Lieferschein Nr. 77 vom 26.12.2025", "2025-12-26", True),
    # the invoice a credit note refers to, said in a sentence rather than a label
    ("En référence à la facture 005641 du mercredi 4 juin 2025", "2025-06-04", True),
    ("Relates to invoice INV250779 dated 27-Jul-2025", "2025-07-27", True),
    ("This credit note refers to invoice 4471 of 27/07/2025", "2025-07-27", True),
    ("Bezugnehmend auf Rechnung RG-4471 vom 27.07.2025", "2025-07-27", True),
    ("En referencia a la factura F-4471 de fecha 27/07/2025", "2025-07-27", True),
    ("Con riferimento alla fattura n. 4471 del 27/07/2025", "2025-07-27", True),
    ("Please refer to invoice no. 4471 dated 27/07/2025 when paying", "2025-07-27", False),  # its own number
])
def test_an_issue_date_is_another_documents_only_after_that_documents_words(page, day, refused):
    from guichet.plugins.validate_en16931 import convert

    assert bool(convert._date_other_document(_dated(day), page)) is refused


def test_the_reading_and_the_gate_share_another_documents_words():
    """One place (core.parsing.on_page.OTHER_DOCUMENT_LABELS): what the gate calls another document's date,
    the reading does not take for the issue date nor for the invoice number either."""
    from guichet.core.parsing import on_page
    from guichet.plugins.fields_rules import vocabulary

    shared = {label for labels in on_page.OTHER_DOCUMENT_LABELS.values() for label in labels}
    assert shared <= {p.source for _rank, p in vocabulary.NOT_ISSUE_DATE} and shared <= {p.source for _rank, p in vocabulary.NOT_OWN_NUMBER}
    prepaid = {label for labels in on_page.PREPAID_LABELS.values() for label in labels}
    assert {p.source for _rank, p in vocabulary.PREPAID} == prepaid


# ---------------------------------------------------------------------------
# Completion: VAT breakdowns the page gives in other shapes than « rate, base, VAT »
# ---------------------------------------------------------------------------

_LINES_TABLE = """<table><tr><th>Désignation</th><th class="r">Quantité</th><th class="r">Prix unitaire HT</th>
<th class="r">Montant HT</th></tr>{rows}</table>"""


def _page(rows: list[tuple[str, str]], totals: list[tuple[str, str]]) -> bytes:
    """The fixed invoice (tests/paper_samples.py) with other lines and another totals block."""
    import weasyprint

    import paper_samples

    html = paper_samples._HTML.format(buyer=paper_samples._BUYER.format(siren=f"<br>SIREN {BUYER_SIREN}"))
    lines = "".join(f'<tr><td>{name}</td><td class="r">1</td><td class="r">{amount}</td><td class="r">{amount}</td></tr>'
                    for name, amount in rows)
    start, end = html.index("<table><tr><th>"), html.index("<p>Paiement")
    block = "".join(f'<tr><td>{label}</td><td class="r">{value}</td></tr>' for label, value in totals)
    html = (html[:start] + _LINES_TABLE.format(rows=lines)
            + f'<table style="width: 45%; margin-left: 55%; margin-top: 6mm">{block}</table>' + html[end:])
    return weasyprint.HTML(string=html).write_pdf()


def _vat_rows(out) -> list[tuple[str, str, str]]:
    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931.convert import _output_xml

    root = _output_xml(make_plugin_manager(), out.read_bytes(), "out.pdf")
    taxes = root.xpath("//*[local-name()='ApplicableHeaderTradeSettlement']/*[local-name()='ApplicableTradeTax']")
    return sorted((t.xpath("string(*[local-name()='RateApplicablePercent'])"),
                   t.xpath("string(*[local-name()='BasisAmount'])"),
                   t.xpath("string(*[local-name()='CalculatedAmount'])")) for t in taxes)


def test_vat_printed_per_rate_without_bases_splits_the_lines(tmp_path):
    """« dont TVA 20 % : 40,00 » and « dont TVA 5,5 % : 13,75 »: the bases are the one split of the lines
    that gives each rate its VAT (BR-CO-17) and adds up to the total HT; the lines keep their rate."""
    source, out = tmp_path / "page.pdf", tmp_path / "out.pdf"
    source.write_bytes(_page([("Maintenance", "120,00"), ("Livres", "250,00"), ("Déplacement", "80,00")],
                             [("Total HT", "450,00 €"), ("dont TVA 20 % :", "40,00"), ("dont TVA 5,5 % :", "13,75"),
                              ("Total TVA", "53,75 €"), ("Total TTC", "503,75 €")]))
    done = _guichet("convert", str(source), "--to", "facturx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    # The reading splits the lines itself (core.parsing.vat_bases, shared with the completion): the completion
    # has no breakdown nor line rate to add, and says none (it said « … montants de TVA par taux imprimés »).
    assert _vat_rows(out) == [("20", "200.00", "40.00"), ("5.5", "250.00", "13.75")]
    assert "ventilation de TVA" not in done.stderr and "taux de TVA des lignes" not in done.stderr
    assert "ligne de synthèse" not in done.stderr  # the three lines read are kept with their rates
    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931.convert import _output_xml

    root = _output_xml(make_plugin_manager(), out.read_bytes(), "out.pdf")
    lines = root.xpath("//*[local-name()='IncludedSupplyChainTradeLineItem']")
    assert [(line.xpath("string(.//*[local-name()='LineTotalAmount'])"),
             line.xpath("string(.//*[local-name()='RateApplicablePercent'])")) for line in lines] == [
        ("120.00", "20"), ("250.00", "5.5"), ("80.00", "20")]


def test_a_discount_percentage_does_not_hide_the_one_vat_rate_that_fits(tmp_path):
    """« Remise 5 % » is no VAT rate: with no rate printed beside « T.V.A. », the one rate that gives the VAT
    on the total HT to the cent (20 %) is the breakdown."""
    source, out = tmp_path / "page.pdf", tmp_path / "out.pdf"
    source.write_bytes(_page([("Maintenance", "300,00"), ("Conseil", "200,00")],
                             [("Sous-total brut", "500,00 €"), ("Remise commerciale 5 %", "-25,00 €"),
                              ("Total HT", "475,00 €"), ("T.V.A. (€)", "95,00 €"), ("Total TTC", "570,00 €")]))
    done = _guichet("convert", str(source), "--to", "facturx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert _vat_rows(out) == [("20", "475.00", "95.00")]  # the reading's own row (row_from_totals), or the completion's


def test_page_vat_amounts_and_the_split_are_unique_or_nothing():
    from decimal import Decimal as D

    from guichet.core.model.invoice import Invoice, Line, Totals
    from guichet.core.pipeline import completion

    page = "dont TVA 20 % : 40,00\ndont TVA 5,5 % : 13,75\nRemise 10 % 12,00"
    assert completion.page_vat_amounts(page) == {D("20"): {D("40.00")}, D("5.5"): {D("13.75")}}
    # Two splits give the same bases (two lines of 100,00): the bases hold, the lines' rates are not guessed.
    lines = [Line(str(n), net_amount=D(a)) for n, a in enumerate(("100.00", "100.00", "200.00", "250.00"), start=1)]
    inv = Invoice(lines=lines, totals=Totals(tax_exclusive=D("650.00")))
    said: list[str] = []
    assert completion._breakdown_from_rate_amounts(inv, D("49.25"), "TVA 10 % : 30,00\nTVA 5,5 % : 19,25", said)
    assert [(r.rate, r.taxable_amount) for r in inv.vat_breakdown] == [(D("10"), D("300.00")), (D("5.5"), D("350.00"))]
    assert [line.vat_rate for line in inv.lines] == [None, None, None, None]
    # Totals that no split explains: nothing.
    inv = Invoice(lines=[Line("1", net_amount=D("120.00")), Line("2", net_amount=D("330.00"))],
                  totals=Totals(tax_exclusive=D("450.00")))
    assert not completion._breakdown_from_rate_amounts(inv, D("53.75"), page, said)
    assert inv.vat_breakdown == []


@pytest.mark.parametrize(("rows", "number", "doubt"), [
    (["Facture n° Date Tarjeta N° cliente", "A/2025/05457 19/09/2025 7280 6749 41112704"], "41112704",
     "numéro de facture incertain : « 41112704 », lu sous « N° cliente »"),
])
def test_a_number_read_under_another_columns_header_is_refused(rows, number, doubt):
    """A table of references: the number read under « N° cliente » is the customer's, whatever label the reading followed."""
    from guichet.plugins.validate_en16931 import convert

    reading = _reading(rows, number, "N°")
    # The header cell right above the value (the _reading helper lays words out left to right).
    value = reading.proposal.fields["invoice_number"]
    header = [w for w in reading.text.pages[0].words if w.text in ("N°", "cliente")]
    shift = value.box[0] - header[0].box[0]
    for word in header:
        word.box = (word.box[0] + shift, word.box[1], word.box[2] + shift, word.box[3])
    assert convert._number_kind_doubt(reading, "\n".join(rows)) == [f"numéro de facture (BT-1) ({doubt})"]
    same_line = _reading(["Facture N° 41112704"], number, "N°")
    assert convert._number_kind_doubt(same_line, "Facture N° 41112704") == []


def test_an_ocr_number_cut_before_its_separator_is_refused():
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult, Word
    from guichet.plugins.validate_en16931 import convert

    def reading(value: str, next_word: str) -> SimpleNamespace:
        words = [Word(value, (0.40, 0.20, 0.48, 0.215)), Word(next_word, (0.485, 0.20, 0.52, 0.215))]
        proposal = FieldProposal()
        proposal.fields["invoice_number"] = FieldValue(value, 0.8, 1, (0.40, 0.20, 0.48, 0.215))
        return SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 1654, 2339, words, "px")], "ocr", "t"))

    assert convert._number_doubt(reading("INV/2026", "/067")) == [
        "numéro de facture (BT-1) (lecture incertaine : « INV/2026 » suivi de « /067 »)"]
    assert convert._number_doubt(reading("INV/2026/", "067")) != []
    assert convert._number_doubt(reading("INV/2026", "30/04/26")) == []  # the date of the next column


@pytest.mark.parametrize(("rows", "name", "why"), [
    (["Facture client Fact. n° 006125"], "Fact. n°", "se termine comme un libellé"),
    (["Client / facturation"], "/ facturation", "commence par un signe"),
    (["Codice cliente C81811", "Ordine 55928"], "Ordine", "suivi de « 55928 » sur sa ligne, comme un libellé et sa valeur"),
])
def test_a_buyer_name_that_is_a_label_or_a_fragment_is_refused(rows, name, why):
    """The model rules take any text for a name: a label read as the buyer would be written with no person."""
    from guichet.core.parsing.text import FieldValue
    from guichet.plugins.validate_en16931 import convert

    reading = _reading(rows, name.split()[0], None)
    first = reading.proposal.fields.pop("invoice_number")
    words = [w for w in reading.text.pages[0].words if w.box[1] == first.box[1]]
    start = next(i for i, w in enumerate(words) if w.box == first.box)
    last = words[start + len(name.split()) - 1]
    reading.proposal.fields["buyer_name"] = FieldValue(name, 0.6, 1, (first.box[0], first.box[1], last.box[2], last.box[3]))
    assert convert._name_doubt(reading) == [f"nom de l'acheteur (BT-44) (lecture incertaine : « {name} », {why})"]


@pytest.mark.parametrize(("rows", "name"), [
    (["Client :", "Garage du Rond-Point SAS"], "Garage"),
    (["Atelier Roussel SAS N° TVA FR89380129866"], "Atelier"),
])
def test_a_buyer_name_in_its_block_is_kept(rows, name):
    from guichet.core.parsing.text import FieldValue
    from guichet.plugins.validate_en16931 import convert

    reading = _reading(rows, name, None)
    box = reading.proposal.fields.pop("invoice_number").box
    reading.proposal.fields["buyer_name"] = FieldValue(name, 0.6, 1, box)
    assert convert._name_doubt(reading) == []


def test_the_same_name_read_for_the_seller_and_the_buyer_is_refused_and_named():
    """A holder's label read as the payee, a block read twice: one name for both parties is one party's at most."""
    from guichet.core.parsing.text import FieldValue
    from guichet.plugins.validate_en16931 import convert

    rows = ["EauClaire SAS", "Client : Boulangerie Dupont SARL", "Titulaire du compte : Boulangerie Dupont SARL"]
    reading = _reading(rows, "EauClaire", None)
    box = reading.proposal.fields.pop("invoice_number").box
    reading.proposal.fields["seller_name"] = FieldValue("Boulangerie Dupont SARL", 0.99, 1, box)
    reading.proposal.fields["buyer_name"] = FieldValue("BOULANGERIE DUPONT, SARL", 0.6, 1, box, origin="memory")
    assert convert._name_doubt(reading) == [
        "nom du vendeur (BT-27) et nom de l'acheteur (BT-44) (lecture incertaine : « Boulangerie Dupont SARL » lu pour "
        "les deux parties)"]
    reading.proposal.fields["seller_name"] = FieldValue("EauClaire SAS", 0.87, 1, box)
    assert convert._name_doubt(reading) == []


def test_an_issue_date_printed_only_as_another_documents_date_is_refused():
    """A credit note's « Réf. facture initiale … du 26/12/2025 »: the preceding invoice's date, not this one's."""
    from guichet.plugins.validate_en16931 import convert

    page = "Fait à Poitiers le 21/02/2026\nObjet : Avoir client 202602-4710\nRéf. facture initiale 202602-9472 du 26/12/2025"
    assert convert._date_other_document(_dated("2025-12-26"), page) == [
        "date de facture (BT-2) (lecture incertaine : « Réf. facture initiale 202602-9472 du 26/12/2025 » "
        "est la date d'un autre document)"]
    assert convert._date_other_document(_dated("2026-02-21"), page) == []
    # The same date printed as the issue date too: kept.
    both = page + "\nDate de l'avoir : 26/12/2025"
    assert convert._date_other_document(_dated("2025-12-26"), both) == []
    order = "Facture n° F-1 du 05/03/2026\nCommande n° 4455 du 05/03/2026"
    assert convert._date_other_document(_dated("2026-03-05"), order) == []


def _dated(day: str):
    """A reading whose issue date is ``day``, its place on the page unknown."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue

    proposal = FieldProposal()
    proposal.fields["issue_date"] = FieldValue(day, 0.8, 1)
    return SimpleNamespace(proposal=proposal)


def _cell_reading(words: list[tuple[str, tuple[float, float, float, float]]], number: str):
    """A reading of a page of ``words`` (text, box), the invoice number read at the word ``number``."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult, Word

    page = [Word(text, box) for text, box in words]
    proposal = FieldProposal()
    proposal.fields["invoice_number"] = FieldValue(number, 0.85, 1, next(w.box for w in page if w.text == number),
                                                   "Numéro de facture")
    return SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 595, 842, page)], "text layer", "t"))


def test_an_invoice_number_whose_cell_wraps_is_refused_and_named():
    """« Numéro de facture | INV/ » over « | 2023/845 »: the cell wraps after a joiner; its second line alone
    is no number. A word above in another column, or above without a joiner, is no part of it."""
    from guichet.plugins.validate_en16931 import convert

    label = [("Numéro", (0.05, 0.20, 0.12, 0.215)), ("de", (0.13, 0.20, 0.15, 0.215)),
             ("facture", (0.05, 0.22, 0.12, 0.235))]
    wrapped = _cell_reading([*label, ("INV/", (0.20, 0.20, 0.24, 0.215)), ("2023/845", (0.20, 0.22, 0.28, 0.235))],
                            "2023/845")
    assert convert._number_wrapped(wrapped) == [
        "numéro de facture (BT-1) (lecture incertaine : « 2023/845 » sous « INV/ », le numéro peut continuer "
        "sur deux lignes)"]
    first_line = _cell_reading([*label, ("FA-", (0.20, 0.22, 0.23, 0.235)), ("2026-044", (0.20, 0.24, 0.28, 0.255))],
                               "FA-")
    assert convert._number_wrapped(first_line) == [
        "numéro de facture (BT-1) (lecture incertaine : « FA- » au-dessus de « 2026-044 », le numéro peut "
        "continuer sur deux lignes)"]
    title = _cell_reading([*label, ("FACTURE", (0.20, 0.20, 0.28, 0.215)), ("2023/845", (0.20, 0.22, 0.28, 0.235))],
                          "2023/845")
    assert convert._number_wrapped(title) == []  # a word above without a joiner: a title, a label
    abbreviation = _cell_reading([("Invoice", (0.20, 0.18, 0.26, 0.195)), ("ref.", (0.20, 0.20, 0.23, 0.215)),
                                  ("2022/54383", (0.20, 0.22, 0.29, 0.235))], "2022/54383")
    assert convert._number_wrapped(abbreviation) == []  # « Invoice ref. » over its value: a label's dot
    assert [convert._opens_reference(t) for t in ("INV/", "FA-", "2026.", "ref.", "Nr.", "Rechnungs-", "/")] == [
        True, True, True, False, False, False, False]
    other_column = _cell_reading([*label, ("INV/", (0.40, 0.20, 0.44, 0.215)), ("2023/845", (0.20, 0.22, 0.28, 0.235))],
                                 "2023/845")
    assert convert._number_wrapped(other_column) == []
    far = _cell_reading([*label, ("INV/", (0.20, 0.14, 0.24, 0.155)), ("2023/845", (0.20, 0.22, 0.28, 0.235))],
                        "2023/845")
    assert convert._number_wrapped(far) == []  # lines apart: not the same cell


def test_an_issue_date_no_invoice_converted_today_bears_is_refused():
    """A date in the future, or a scanned one older than the keeping period that the page does not confirm, is a
    misread year or another date."""
    import datetime as dt

    from guichet.plugins.validate_en16931 import convert

    today = dt.date(2026, 12, 5)
    assert convert._date_implausible({"issue_date": "2028-11-05"}, today) == [
        "date de facture (BT-2) (date invraisemblable : 05/11/2028, dans le futur)"]
    assert convert._date_implausible({"issue_date": "2012-03-01"}, today) == [
        "date de facture (BT-2) (date invraisemblable : 01/03/2012, plus de 10 ans, non confirmée par la page)"]
    assert convert._date_implausible({"issue_date": "2026-12-08"}, today) == []  # a few days ahead: its sending day
    assert convert._date_implausible({"issue_date": "2021-06-30"}, today) == []
    assert convert._date_implausible({}, today) == []
    # Ten years back from today's date, not from its year: 10 years and 11 months is too old, 9 years 11 months is not.
    assert convert._date_implausible({"issue_date": "2016-01-02"}, dt.date(2026, 12, 6)) == [
        "date de facture (BT-2) (date invraisemblable : 02/01/2016, plus de 10 ans, non confirmée par la page)"]
    assert convert._date_implausible({"issue_date": "2016-12-07"}, dt.date(2026, 12, 6)) == []
    assert convert._date_implausible({"issue_date": "2014-02-27"}, dt.date(2024, 2, 29)) != []  # a 29 February
    assert convert._date_implausible({"issue_date": "2014-02-28"}, dt.date(2024, 2, 29)) == []


def test_an_old_issue_date_is_taken_when_printed_under_its_label_on_a_text_layer():
    """An old invoice is legitimate (archives, test files): a text layer prints its year as it is, and a date read
    under the issue date's own label is the invoice's. A scan may misread a year, the same way on every date of its
    page: an old scan stays refused. A page printing a date years later is a recent invoice."""
    import datetime as dt

    from guichet.plugins.validate_en16931 import convert

    today = dt.date(2026, 12, 6)
    old = {"issue_date": "2015-04-01", "invoice_number": "F-0042"}
    due = "Date : 01/04/2015\nÉchéance : 01/05/2015"
    assert convert._date_implausible(old, today, wording=due, ocr=False, sure=True) == []  # a text layer, labelled
    assert convert._date_implausible(old, today, wording=due, ocr=False, sure=False) != []  # « client depuis le »
    assert convert._date_implausible(old, today, wording=due, ocr=True, sure=True) != []  # a scan: both misread alike
    numbered = {"issue_date": "2015-04-01", "invoice_number": "FA-201542"}
    assert convert._date_implausible(numbered, today, wording="Date : 01/04/2015", ocr=True, sure=True) != []
    assert convert._date_implausible({"issue_date": "2028-11-05"}, today, ocr=False, sure=True) != []  # the future
    # A page printing a date years after the one read is a recent invoice: the old date is another of its dates.
    contract = "Contrat du 01/04/2015\nDate de facture : 03/11/2025"
    assert convert._date_implausible(old, today, wording=contract, ocr=False, sure=True) != []


def test_a_grand_total_derived_and_not_printed_is_refused():
    """A TTC not read is written only when the sum the completion made is printed on the page."""
    from decimal import Decimal

    from guichet.core.model.invoice import Invoice
    from guichet.plugins.validate_en16931 import convert

    invoice = Invoice()
    invoice.totals.tax_inclusive = Decimal("1234.56")
    assert convert._total_doubt({}, invoice, "Total HT 1 028,80\nTVA 20 % 205,76") == [
        "total TTC (BT-112) (non lu : 1234.56 déduit des autres montants, absent de la page)"]
    assert convert._total_doubt({}, invoice, "Net à régler 1 234,56 €") == []  # the sum is printed: a cross-check
    assert convert._total_doubt({"total_with_tax": 0.8}, invoice, "") == []  # read: judged by its confidence


def test_an_invoice_number_read_without_any_label_is_refused():
    """A number nothing on the page names as the invoice's is not written with no person."""
    from guichet.plugins.validate_en16931 import convert

    words = [("FACTURE", (0.05, 0.10, 0.15, 0.115)), ("A-2291", (0.05, 0.14, 0.11, 0.155))]
    bare = _cell_reading(words, "A-2291")
    bare.proposal.fields["invoice_number"].label = None
    assert convert._number_unlabelled(bare) == [
        "numéro de facture (BT-1) (lecture incertaine : « A-2291 » lu sans libellé)"]
    assert convert._number_unlabelled(_cell_reading(words, "A-2291")) == []  # « Numéro de facture »
    remembered = _cell_reading(words, "A-2291")
    remembered.proposal.fields["invoice_number"].label, remembered.proposal.fields["invoice_number"].origin = None, "memory"
    assert convert._number_unlabelled(remembered) == []  # the supplier memory's place: judged by its confidence


def test_an_unlabelled_invoice_number_stacked_over_the_issue_date_is_written():
    """A template with no words: « FC.30175 » over « 23/12/2023 » on one left edge, the date read surely. The header
    stacks the document's number and date: the number is the invoice's. Apart from the date's edge, a line away, or
    over a date read weakly, it stays refused."""
    from guichet.core.parsing.text import FieldValue
    from guichet.plugins.validate_en16931 import convert

    def stacked(date_box, confidence=0.8):
        words = [("FC.30175", (0.03, 0.096, 0.14, 0.114)), ("Emma", (0.55, 0.096, 0.60, 0.114)),
                 ("23/12/2023", (*date_box[:2], *date_box[2:]))]
        reading = _cell_reading(words, "FC.30175")
        reading.proposal.fields["invoice_number"].label = None
        reading.proposal.fields["issue_date"] = FieldValue("2023-12-23", confidence, 1, date_box, None)
        return reading

    assert convert._number_unlabelled(stacked((0.03, 0.121, 0.13, 0.133))) == []
    refused = ["numéro de facture (BT-1) (lecture incertaine : « FC.30175 » lu sans libellé)"]
    assert convert._number_unlabelled(stacked((0.30, 0.121, 0.40, 0.133))) == refused  # another column
    assert convert._number_unlabelled(stacked((0.03, 0.161, 0.13, 0.173))) == refused  # lines below
    assert convert._number_unlabelled(stacked((0.03, 0.121, 0.13, 0.133), 0.45)) == refused  # a date read weakly


def test_one_printed_date_read_as_both_issue_and_due_date_is_refused():
    """A grid whose cells wrap (« Fecha de expedición de la factura » and « Vencimiento el » over dates cut in two):
    the reading gave one printed date to both fields after one label, so it could not tell which it is."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue
    from guichet.plugins.validate_en16931 import convert

    def reading(due_box: tuple[float, float, float, float], due_label: str = "Nº doc.") -> SimpleNamespace:
        proposal = FieldProposal()
        proposal.fields["issue_date"] = FieldValue("2025-11-23", 0.7, 1, (0.74, 0.26, 0.88, 0.29), "Nº doc.", "rules")
        proposal.fields["due_date"] = FieldValue("2025-11-23", 0.7, 1, due_box, due_label, "rules")
        return SimpleNamespace(proposal=proposal)

    assert convert._date_same_place(reading((0.74, 0.26, 0.88, 0.29))) == [
        "date de facture (BT-2) (lecture incertaine : la même date imprimée lue comme date de facture et comme "
        "date d'échéance, 2025-11-23)"]
    # payable on receipt: the same day printed twice, each under its own label
    assert convert._date_same_place(reading((0.74, 0.32, 0.88, 0.35))) == []
    # « Invoice Date  Due Date » over one date: each field after its own label, the date is the first cell's
    assert convert._date_same_place(reading((0.74, 0.26, 0.88, 0.29), "Date  Due")) == []


@pytest.mark.parametrize(("rows", "number", "label", "doubt"), [
    # The number of the invoice a credit note corrects, after its label on the line or only on a reference line.
    (["Avoir sur facture n° FA-2026-0418"], "FA-2026-0418", "n°",  # a credit note's title is no combined title
     "« FA-2026-0418 » lu après « Avoir sur facture n° », le numéro d'un autre document"),
    (["Storno fattura n. 202408-8271 del 29.08.2024"], "202408-8271", "fattura n.",
     "« 202408-8271 » lu après « Storno fattura n. », le numéro d'un autre document"),
    (["Nota di credito", "Storno della fattura n. 007167", "Rif. nota credito 004542"], "007167", "fattura n.",
     "« 007167 » lu après « Storno della fattura n. », le numéro d'un autre document"),
    (["Avoir", "En référence à la facture FAC-26-05809 du 2026-03-11"], "FAC-26-05809", "facture n°",
     "« FAC-26-05809 » lu après « En référence à la facture », le numéro d'un autre document"),
])
def test_the_number_of_another_document_is_refused(rows, number, label, doubt):
    """A number printed only after words naming another document (the invoice corrected, referred to) is not
    the invoice's own: refused and named, never written."""
    from guichet.plugins.validate_en16931 import convert

    reading = _reading(rows, number, label)
    assert convert._number_other_document(reading, "\n".join(rows)) == [
        f"numéro de facture (BT-1) (lecture incertaine : {doubt})"]
    # Wherever the reading found it (no place known), the page prints it only after those words.
    reading.proposal.fields["invoice_number"].box = None
    line = next(row for row in rows if number in row)
    assert convert._number_other_document(reading, "\n".join(rows)) == [
        f"numéro de facture (BT-1) (lecture incertaine : « {line} » est le numéro d'un autre document)"]


@pytest.mark.parametrize(("rows", "number", "label"), [
    (["Commande n° 45 Facture n° F-12"], "F-12", "Facture n°"),  # the invoice's own title after the order's
    (["N° commande B547322583 Commande 05-01-2026 FAC/2026/02586"], "FAC/2026/02586", "N°"),  # other cells' values
    (["Facture n° F-2026-0142", "Storno fattura n. 007167"], "F-2026-0142", "Facture n°"),
    # One paper for two documents: the invoice's word joined to the other's in one title
    (["Rechnung / Lieferschein Nr. RE-2026-0418"], "RE-2026-0418", "Nr."),
    (["Facture / Bon de livraison N° FA-77812"], "FA-77812", "N°"),
    (["Facture - BL n° 2026-0457"], "2026-0457", "n°"),
    (["Invoice / Delivery note no. INV-30915"], "INV-30915", "no."),
])
def test_an_invoice_number_beside_another_documents_words_is_kept(rows, number, label):
    from guichet.plugins.validate_en16931 import convert

    assert convert._number_other_document(_reading(rows, number, label), "\n".join(rows)) == []


def test_a_column_header_naming_another_document_refuses_the_number_under_it():
    """« Sur facture n° » over « FAC-26-05809 » in a credit note's grid of references: the invoice corrected."""
    from guichet.plugins.validate_en16931 import convert

    reading = _cell_reading([("Sur", (0.05, 0.20, 0.08, 0.215)), ("facture", (0.09, 0.20, 0.15, 0.215)),
                             ("n°", (0.16, 0.20, 0.18, 0.215)), ("FAC-26-05809", (0.05, 0.22, 0.16, 0.235))],
                            "FAC-26-05809")
    assert convert._number_other_document(reading, "Sur facture n°\nFAC-26-05809") == [
        "numéro de facture (BT-1) (lecture incertaine : « FAC-26-05809 » lu après « Sur facture n° », le numéro "
        "d'un autre document)"]


@pytest.mark.parametrize(("number", "refused"), [
    ("SAL FE2025-5373", True), ("ORIGINAL FA-12", True),  # a title's word before a reference with its own prefix
    ("FAC 9566/26", False), ("FE2025-5373", False), ("INV 2026 044", False),
])
def test_a_number_with_a_titles_word_before_its_prefix_is_refused(number, refused):
    from guichet.plugins.validate_en16931 import convert

    reading = _reading([f"Fattura {number}"], number.split()[0], "Fattura")
    reading.proposal.fields["invoice_number"].value = number
    reading.proposal.fields["invoice_number"].origin = "rules"
    assert bool(convert._number_prefix_doubt(reading)) is refused


@pytest.mark.parametrize(("under", "refused"), [(0, False), (1, True)])
def test_a_tight_header_row_gives_each_date_its_own_cell(under, refused):
    """« Date facture Date livraison » set tight over two dates: the date under « Date facture » is the invoice's,
    the one under « Date livraison » the delivery's (the column ends halfway to the next value of the row)."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult, Word
    from guichet.plugins.validate_en16931 import convert

    # The header in small letters, the dates in larger ones: the first date reaches under « livraison ».
    header = [("Date", 0.05, 0.068), ("facture", 0.071, 0.10), ("Date", 0.104, 0.122), ("livraison", 0.125, 0.163)]
    words = [Word(text, (x0, 0.20, x1, 0.208)) for text, x0, x1 in header]
    dates = [Word("05/03/2024", (0.05, 0.212, 0.13, 0.226)), Word("06/03/2024", (0.14, 0.212, 0.22, 0.226))]
    proposal = FieldProposal()
    day = ["2024-03-05", "2024-03-06"][under]
    proposal.fields["issue_date"] = FieldValue(day, 0.8, 1, dates[under].box, "Date")
    reading = SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 595, 842, words + dates)], "text layer", "t"))
    assert bool(convert._date_other_document(reading, "Date facture Date livraison\n05/03/2024 06/03/2024")) is refused


def test_a_reference_prefix_wrapped_above_its_digits_refuses_the_number():
    """« FAC » over « 9566/26 » in a grid's cell: the reading took the cell's second line alone."""
    from guichet.plugins.validate_en16931 import convert

    label = [("N°", (0.30, 0.16, 0.32, 0.175)), ("document", (0.30, 0.18, 0.37, 0.195))]
    wrapped = _cell_reading([*label, ("FAC", (0.30, 0.20, 0.33, 0.215)), ("9566/26", (0.30, 0.22, 0.36, 0.235))],
                            "9566/26")
    assert convert._number_wrapped(wrapped) == [
        "numéro de facture (BT-1) (lecture incertaine : « 9566/26 » sous « FAC », le numéro peut continuer "
        "sur deux lignes)"]
    shifted = _cell_reading([*label, ("FAC", (0.45, 0.20, 0.48, 0.215)), ("9566/26", (0.30, 0.22, 0.36, 0.235))],
                            "9566/26")
    assert convert._number_wrapped(shifted) == []  # another column's word


def test_an_issue_date_under_another_documents_header_is_refused():
    """« Achat du » over « 13 mars 2026 » (a marketplace invoice's purchase date), the invoice's own « Facture
    établie le » in the next column: the date under the purchase's header is not the invoice's."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult, Word
    from guichet.plugins.validate_en16931 import convert

    def reading(header: list[tuple[str, float]]) -> SimpleNamespace:
        words = [Word(text, (x, 0.20, x + 0.012 * len(text), 0.215)) for text, x in header]
        words.append(Word("13/03/2026", (0.05, 0.22, 0.13, 0.235)))
        proposal = FieldProposal()
        proposal.fields["issue_date"] = FieldValue("2026-03-13", 0.8, 1, words[-1].box, "du")
        return SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 595, 842, words)], "text layer", "t"))

    page = "Achat du  Facture établie le\n13/03/2026  14/03/2026"
    assert convert._date_other_document(reading([("Achat", 0.05), ("du", 0.12)]), page) == [
        "date de facture (BT-2) (lecture incertaine : lue après « Achat du », la date d'un autre document)"]
    assert convert._date_other_document(reading([("Facture", 0.05), ("du", 0.14)]), page) == []
    assert convert._date_other_document(reading([("Date", 0.05), ("d'achat", 0.11)]), page) != []
    # An English purchase date too (the gate's own words: the reading keeps such a date as the invoice's)
    assert convert._date_other_document(reading([("Purchase", 0.05), ("date", 0.135)]), page) != []
    # The order of the invoice's day, no other date on the page: the same date.
    assert convert._date_other_document(reading([("Achat", 0.05), ("du", 0.12)]), "Achat du\n13/03/2026") == []


def _line_words(rows: list[tuple[str, float, float]]) -> list:
    """Words laid out from ``rows`` (text, left edge, top), each word 0.012 wide per character, 0.012 high; a row's
    text is split into words one space apart."""
    from guichet.core.parsing.text import Word

    words = []
    for text, x, y in rows:
        for part in text.split():
            words.append(Word(part, (x, y, x + 0.008 * len(part), y + 0.012)))
            x += 0.008 * (len(part) + 1)
    return words


def _date_reading(words: list, day: str, box: tuple[float, float, float, float], label: str):
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult

    proposal = FieldProposal()
    proposal.fields["issue_date"] = FieldValue(day, 0.8, 1, box, label)
    return SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 595, 842, words)], "text layer", "t"))


@pytest.mark.parametrize(("first", "refused"), [
    ("Vence con fecha : martes, 28 de", True),  # a due date's label and its date, wrapped in its cell
    ("Factura fechada el : martes, 28 de", False),
])
def test_an_issue_date_read_with_a_due_dates_label_is_refused(first, refused):
    from guichet.plugins.validate_en16931 import convert

    words = _line_words([(first, 0.54, 0.09), ("octubre de 2025", 0.54, 0.105)])
    box = (0.54, 0.09, max(w.box[2] for w in words), 0.117)
    doubts = convert._date_label_doubt(_date_reading(words, "2025-10-28", box, "Factura"))
    assert bool(doubts) is refused
    if refused:
        assert doubts == ["date de facture (BT-2) (lecture incertaine : « Vence con fecha : martes, 28 de octubre de "
                          "2025 », une date d'échéance)"]


@pytest.mark.parametrize(("above", "below", "refused"), [
    ("Abrechnungszeitraum : vom 01.08.2024 bis", "31.08.2024", True),  # the period's last day, wrapped
    ("Zeitraum : vom Dienstag, 1. April 2025 bis", "Mittwoch, 30. April 2025", True),
    ("Lieferdatum : 01.08.2024", "31.08.2024", False),  # no period left open above
])
def test_an_issue_date_that_ends_a_period_is_refused(above, below, refused):
    from guichet.plugins.validate_en16931 import convert

    words = _line_words([(above, 0.54, 0.10), (below, 0.54, 0.115)])
    date = [w for w in words if w.box[1] == 0.115 and w.text[0].isdigit()]
    box = (date[0].box[0], 0.115, date[-1].box[2], 0.127)
    day = "2024-08-31" if "2024" in below else "2025-04-30"
    assert bool(convert._date_label_doubt(_date_reading(words, day, box, "RECHNUNG"))) is refused


@pytest.mark.parametrize(("footer", "refused"), [
    ("Inscrita con el nº 74732533", True),  # a register's number; the page labels the invoice's elsewhere
    ("Número fra. 74732533", False),
])
def test_a_number_read_after_a_bare_sign_while_the_page_labels_another_is_refused(footer, refused):
    """The page labels its invoice number (« Número fra. ») and the reading took another reference."""
    from guichet.plugins.validate_en16931 import convert

    rows = ["FACTURA", "Número fra. FV 8087/26", "Total 850,48 €", footer]
    reading = _reading(rows, "74732533", "nº")
    reading.proposal.fields["invoice_number"].origin = "rules"
    doubts = convert._number_labelled_elsewhere(reading, "\n".join(rows))
    assert bool(doubts) is refused
    if refused:
        assert doubts == ["numéro de facture (BT-1) (lecture incertaine : « 74732533 » lu après « Inscrita con el "
                          "nº », la page donne « FV 8087/26 » après un libellé de numéro de facture)"]


def test_dates_written_month_first_count_as_other_dates_printed():
    """« 01/18/2025 » (an American month first) is no date the page parses, but it is printed: the date read under
    « Dispatch date » beside it is refused."""
    from guichet.plugins.validate_en16931 import convert

    words = _line_words([("Creation Dispatch", 0.05, 0.20), ("01/18/2025 01/15/2025", 0.05, 0.215)])
    header = {w.text: w for w in words}
    header["Dispatch"].box = (0.14, 0.20, 0.2, 0.212)
    header["01/15/2025"].box = (0.14, 0.215, 0.22, 0.227)
    reading = _date_reading(words, "2025-01-15", header["01/15/2025"].box, "date")
    assert convert._date_other_document(reading, "Creation Dispatch\n01/18/2025 01/15/2025") == [
        "date de facture (BT-2) (lecture incertaine : lue après « Dispatch », la date d'un autre document)"]


@pytest.mark.parametrize(("rows", "number", "label"), [
    (["Gutschrift", "Vorgangsnummer GS/2024/03781", "Bezug: Rechnung Nr. RE-24-03478 vom 09.05.2024"], "GS/2024/03781",
     "Vorgangsnummer"),
    (["Stornorechnung", "Belegnr. GS 561/25", "Bezug: Rechnung Nr. RG/2025/08534 vom 06.08.2025"], "GS", "Belegnr."),
    (["Stornorechnung", "Beleg-Nr. GS-7731", "Mit Bezug auf Ihre Rechnung Nr. 006337"], "GS-7731", "Beleg-Nr."),
])
def test_a_credit_note_s_number_beside_the_invoice_it_refers_to_is_kept(rows, number, label):
    """« Bezug: Rechnung Nr. … » refers the credit note to the invoice it corrects: that invoice's number is another
    document's, not a number the page gives as its own (blind 94012, 108033, 109002, 123059 refused, all right)."""
    from guichet.plugins.validate_en16931 import convert

    reading = _reading(rows, number, label)
    if number == "GS":
        reading.proposal.fields["invoice_number"].value = "GS 561/25"
    assert convert._number_labelled_elsewhere(reading, "\n".join(rows)) == []


def test_a_number_after_faktura_nr_is_read_after_an_invoice_s_label():
    """« Faktura-Nr. » (an invoice, in German as in the Nordic and Slavic languages) labels the invoice's number."""
    from guichet.plugins.validate_en16931 import convert

    rows = ["Stornorechnung", "Faktura-Nr. : DE1227VNNB572", "Rechnung Nr. 007165"]
    assert convert._number_labelled_elsewhere(_reading(rows, "DE1227VNNB572", "Faktura-Nr. :"), "\n".join(rows)) == []


def test_another_value_after_an_invoice_number_s_label_still_refuses_a_reference():
    from guichet.plugins.validate_en16931 import convert

    rows = ["Rechnung", "Vorgangsnummer GS/2024/03781", "Rechnung Nr. RE-24-03478 vom 09.05.2024"]
    assert convert._number_labelled_elsewhere(_reading(rows, "GS/2024/03781", "Vorgangsnummer"), "\n".join(rows)) != []


def test_a_credit_notes_number_beside_the_invoice_it_corrects_is_kept():
    """« Pièce comptable n° : AV/2025/01946 » and « Avoir sur facture n° FA2024-1455 »: the labelled invoice number is
    the corrected invoice's, not a number the page gives as its own."""
    from guichet.plugins.validate_en16931 import convert

    rows = ["AVOIR", "Pièce comptable n° : AV/2025/01946", "Avoir sur facture n° FA2024-1455 du 22 décembre 2024"]
    reading = _reading(rows, "AV/2025/01946", "n° :")
    assert convert._number_labelled_elsewhere(reading, "\n".join(rows)) == []


def test_a_buyer_name_read_below_the_floor_is_refused():
    """A party on one line after a label that names no buyer's role (« Preneur : … ») is read under the floor: a person
    says whether it is the buyer; at the floor and over it, the name is kept."""
    from guichet.core.parsing.text import FieldValue
    from guichet.plugins.validate_en16931 import convert

    reading = _reading(["Preneur : Garage Colin SARL, 12 rue des Lilas, 44000 Nantes"], "Garage", None)
    box = reading.proposal.fields.pop("invoice_number").box
    reading.proposal.fields["buyer_name"] = FieldValue("Garage Colin SARL", 0.25, 1, box)
    assert convert._name_doubt(reading) == [
        "nom de l'acheteur (BT-44) (lecture incertaine : « Garage Colin SARL », lu trop peu sûrement)"]
    reading.proposal.fields["buyer_name"] = FieldValue("Garage Colin SARL", convert.PAPER_MIN_CONFIDENCE, 1, box)
    assert convert._name_doubt(reading) == []


def _low_buyer(rows: list[str], seller: tuple[str, str] | None = ("Nexora SASU", "56000"),
               buyer: tuple[str, str, str] = ("Studio Moretti", "40851", "Pisa")):
    """A reading of ``rows`` whose buyer's name was read at 0.25 with its block's postcode and town (``buyer``)."""
    from guichet.core.parsing.text import FieldValue

    reading = _reading(rows, buyer[0].split()[0], None)
    box = reading.proposal.fields.pop("invoice_number").box
    fields = reading.proposal.fields
    fields["buyer_name"] = FieldValue(buyer[0], 0.25, 1, box)
    fields["buyer_postcode"], fields["buyer_city"] = FieldValue(buyer[1], 0.7), FieldValue(buyer[2], 0.7)
    if seller is not None:
        fields["seller_name"], fields["seller_postcode"] = FieldValue(seller[0], 0.99), FieldValue(seller[1], 0.7)
    return reading


SELLER_ROWS = ["Nexora SASU", "Parc d'activités du Moulin", "56000 Vannes"]


def test_a_buyer_name_read_below_the_floor_is_kept_when_its_block_is_the_one_other_party_s():
    """« Studio Moretti – c.a. Egr. Rinaldi » over its street and town, no heading: the seller's block apart and no
    third place on the page, the one other block is the buyer's (blind 108005 and 14 more refused, all right)."""
    from guichet.plugins.validate_en16931 import convert

    rows = [*SELLER_ROWS, "Studio Moretti – c.a. Egr. Rinaldi", "Piazza Mazzini, 18", "40851 PISA PI"]
    assert convert._name_doubt(_low_buyer(rows)) == []


@pytest.mark.parametrize(("rows", "seller"), [
    # a third place: a delivery point's, a site's block
    ([*SELLER_ROWS, "Studio Moretti – c.a. Egr. Rinaldi", "Piazza Mazzini, 18", "40851 PISA PI", "Cantiere",
      "Via Roma 5", "50123 Firenze"], ("Nexora SASU", "56000")),
    # the seller's own postcode: its own block with a contact (« Harbour Ltd, Attn: Credit Control »)
    ([*SELLER_ROWS, "Studio Moretti – c.a. Egr. Rinaldi", "56000 Vannes"], ("Nexora SASU", "40851")),
    # no seller read: nothing sets its block apart
    (["Studio Moretti – c.a. Egr. Rinaldi", "Piazza Mazzini, 18", "40851 PISA PI"], None),
    # the same name for both parties
    ([*SELLER_ROWS, "Studio Moretti – c.a. Egr. Rinaldi", "40851 PISA PI"], ("STUDIO MORETTI", "56000")),
])
def test_a_buyer_name_read_below_the_floor_stays_refused_when_the_page_does_not_set_its_block_apart(rows, seller):
    from guichet.plugins.validate_en16931 import convert

    doubts = convert._name_doubt(_low_buyer(rows, seller))
    assert any("lu trop peu sûrement" in d for d in doubts) or any("deux parties" in d for d in doubts), doubts


def test_a_value_read_too_weakly_is_shown_never_written_with_no_person():
    from guichet.core.parsing.text import FieldValue
    from guichet.plugins.validate_en16931 import convert

    reading = _reading(["Électricité Le Goff SAS", "Marketly SAS", "12 rue des Lilas", "75016 Paris"], "F-2024-118")
    fields = reading.proposal.fields
    fields["issue_date"] = FieldValue("2024-01-17", 0.25, 1)  # a key field: refuses (or is confirmed), stays
    fields["seller_name"] = FieldValue("Marketly SAS", 0.07, 1)  # a name scored low among its rivals (blind 105)
    fields["seller_country"] = FieldValue("FR", 0.7, 1)
    fields["buyer_postcode"] = FieldValue("75016", 0.7, 1)
    fields["buyer_city"] = FieldValue("Paris", 0.7, 1)
    fields["buyer_country"] = FieldValue("DE", 0.25, 1)  # « Tel. +49 … » alone under « 75016 Paris »
    fields["buyer_vat_id"] = FieldValue("DE136695976", 0.2, 1)
    fields["buyer_name"] = FieldValue("LE CLIENT", 0.25, 1)  # refused by its own doubt (_name_doubt), not said twice
    invoice, said = convert._written_reading(reading)
    assert invoice.buyer.name == "LE CLIENT" and convert._name_doubt(reading)
    assert (invoice.seller.name, invoice.buyer.vat_id) == (None, None)
    assert (invoice.seller.address.country, invoice.buyer.address.country) == ("FR", None)
    assert (invoice.buyer.address.postcode, invoice.buyer.address.city) == ("75016", "Paris")
    assert (invoice.number, invoice.issue_date.isoformat()) == ("F-2024-118", "2024-01-17")
    assert said == ["nom du vendeur (BT-27) « Marketly SAS » lu trop peu sûrement : non repris",
                    "pays de l'acheteur (BT-55) « DE » lu trop peu sûrement : non repris",
                    "n° TVA de l'acheteur (BT-48) « DE136695976 » lu trop peu sûrement : non repris"]
    # At the least confidence written, every value is written, nothing said.
    for name in ("seller_name", "buyer_country", "buyer_vat_id"):
        fields[name] = FieldValue(fields[name].value, convert.PAPER_MIN_CONFIDENCE, 1)
    invoice, said = convert._written_reading(reading)
    assert (invoice.seller.name, invoice.buyer.address.country, invoice.buyer.vat_id, said) == (
        "Marketly SAS", "DE", "DE136695976", [])



@pytest.mark.parametrize("reference", [
    "Référence : PO-4471229", "Référence : DEVIS-2026-11", "Référence : BC-2026-118",
    "Référence : C-2026-11 (votre commande)", "Référence : 4471229 — bon de commande client",
    "Numéro de série : 7731229"])
def test_an_order_s_a_quote_s_or_a_device_s_code_under_the_invoice_title_is_never_written_as_its_number(
        tmp_path, reference):
    """Under « FACTURE », a bare « Référence » is the invoice's own only when nothing names it another's: the words
    after it on its line (« (votre commande) »), the code's own letters (« PO- », « DEVIS- », « BC- »). A serial number
    beside the issue date is a device's on a repair's invoice as often as the invoice's own: named, not written."""
    import weasyprint

    import paper_samples

    html = paper_samples._HTML.format(buyer=paper_samples._BUYER).replace("Facture n° : F-2026-0142", reference)
    assert reference in html
    source, out = tmp_path / "page.pdf", tmp_path / "out.xml"
    source.write_bytes(weasyprint.HTML(string=html).write_pdf())
    done = _guichet("convert", str(source), "--to", "cii", "-o", str(out))
    assert done.returncode == 1 and "numéro de facture" in done.stderr and not out.exists(), done.stderr


def test_a_weakly_labelled_issue_date_is_written_among_other_dates():
    """A date read after a weak label of the issue date (« Établie le », « del », a bare « Date ») at
    PAPER_LABELLED_DATE or more is written though the page prints other dates; unlabelled, it stays refused."""
    from guichet.plugins.validate_en16931 import convert

    page = "Date d'entrée 03/05/2025\nÉtablie le 04/05/2025\nExigible le 19/05/2025\nEn référence à la facture 12 du 03/04/2025"
    record = {"issue_date": "2025-05-04", "due_date": "2025-05-19"}
    assert convert._date_doubt(record, {"issue_date": 0.666}, page, "Établie le") == []
    assert convert._date_doubt(record, {"issue_date": 0.666}, page)  # no label: the first date of a grid
    assert convert._date_doubt(record, {"issue_date": 0.45}, page, "Établie le")  # scored below a weak label's floor


#: A hotel folio's grid, its header wrapped in narrow cells (the word boxes of a text layer, blind 70072): « Invoice
#: issue » / « date » heads 21/04/2025, « Settle by » heads 05/06/2025.
_WRAPPED_GRID = [("Guest", (0.570, 0.203, 0.606, 0.213)), ("bill", (0.610, 0.203, 0.628, 0.213)),
                 ("Invoice", (0.725, 0.203, 0.768, 0.213)), ("issue", (0.772, 0.203, 0.804, 0.213)),
                 ("Cashier", (0.664, 0.209, 0.710, 0.218)), ("Settle", (0.822, 0.209, 0.858, 0.218)),
                 ("by", (0.862, 0.209, 0.877, 0.218)), ("no.", (0.570, 0.214, 0.589, 0.224)),
                 ("date", (0.725, 0.214, 0.752, 0.224)), ("Aoife", (0.664, 0.220, 0.701, 0.231)),
                 ("05/06/2025", (0.822, 0.220, 0.905, 0.231)), ("H7-332165", (0.570, 0.225, 0.650, 0.237)),
                 ("21/04/2025", (0.725, 0.225, 0.808, 0.237))]


@pytest.mark.parametrize(("word", "day", "refused"), [("05/06/2025", "2025-06-05", True), ("21/04/2025", "2025-04-21", False)])
def test_an_issue_date_under_another_dates_column_header_is_refused(word, day, refused):
    """The reading followed « Invoice issue date » (wrapped over two rows) to the next column's date, the one under
    « Settle by »: refused and named; the date under its own label's words is kept."""
    from types import SimpleNamespace

    from guichet.core.parsing.text import FieldProposal, FieldValue, Page, TextResult, Word
    from guichet.plugins.validate_en16931 import convert

    words = [Word(text, box) for text, box in _WRAPPED_GRID]
    proposal = FieldProposal()
    proposal.fields["issue_date"] = FieldValue(day, 0.8, 1, dict(_WRAPPED_GRID)[word], "issue date")
    reading = SimpleNamespace(proposal=proposal, text=TextResult([Page(1, 595, 842, words)], "text layer", "t"))
    doubt = convert._date_header_doubt(reading)
    assert bool(doubt) is refused
    if refused:
        assert doubt == ["date de facture (BT-2) (lecture incertaine : lue sous « Settle by », l'en-tête d'une autre date)"]


def test_a_lines_row_that_opens_with_its_date_dates_a_line_whatever_its_column_header():
    """A folio's nights under « Jour » (not « Date »): their dates are the lines', so the weakly labelled issue date
    (« Établie le ») is the one date the page leaves unexplained, made sure."""
    from guichet.plugins.fields_rules.propose import propose
    from guichet.plugins.validate_en16931 import convert

    rows = ["Hôte : Julien", "Entreprise Date d'entrée 03/05/2025", "Hôtel des Remparts Réf. réservation 658851121",
            "Établie le 04/05/2025", "Exigible le 19/05/2025",
            "Jour Désignation des travaux Qté fact. PU HT € Tx TVA % Mt total HT",
            "03/05/2025 Hébergement chambre double 20 -10,51 20 % -210,20",
            "03/05/2025 Nuitée chambre supérieure 7,9 -511,39 2,1 % -4039,98", "Sous-total H.T. (€) -4250,18 €",
            "En référence à la facture FA-25-09373 du 03/04/2025"]  # the text of blind 70038's page
    issue = propose(_reading(rows, "F2716752").text.pages).fields["issue_date"]
    assert issue.value == "2025-05-04" and issue.confidence >= convert.PAPER_SURE_DATE


@pytest.mark.parametrize(("date_x", "in_table"), [(0.30, True), (0.05, False)])
def test_a_date_left_of_the_lines_table_is_no_lines_row(date_x, in_table):
    """A row opening with a date is a dated line only under the table header's first column: a side banner's date
    (« Beleg vom » / « 18. Juli 2025 », left of « Leistungsbeschreibung ») that the line reader sets on a row's line is
    not one (blind 134, « bandeau »)."""
    from guichet.core.parsing.text import Page, Word
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.numbers import _in_lines_table

    def row(y: float, cells: list[tuple[str, float]]) -> list[Word]:
        return [Word(text, (x, y, x + 0.011 * len(text), y + 0.012)) for text, x in cells]

    words = (row(0.30, [("Leistungsbeschreibung", 0.30), ("Menge", 0.62), ("Betrag", 0.80)])
             + row(0.33, [("18.07.2025", date_x), ("Flyer", 0.45), ("1", 0.62), ("657,03", 0.80)]))
    lines = make_lines([Page(1, 595, 842, words)])
    dated = next(line for line in lines if "18.07.2025" in line.text)
    assert _in_lines_table(lines, dated) is in_table


_GERMAN_PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8"><style>@page {{ size: A4; margin: 18mm }}
body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 10pt }}</style></head><body>
<div><b>Werkstatt Brandt GmbH</b><br>Hafenweg 4<br>20457 Hamburg</div>
<div style="margin-top: 8mm">Kaiser Logistik KG<br>Ringstraße 9<br>80331 München</div>
<h1>RECHNUNG</h1><p>Rechnungsnummer: 2024-117<br>Rechnungsdatum: 05.03.2024<br>Zahlbar bis: 04.04.2024</p>
<table><tr><th>Beschreibung</th><th>Menge</th><th>Einzelpreis</th><th>Betrag</th></tr>
<tr><td>Wartung</td><td>1</td><td>620,00</td><td>620,00</td></tr></table>
<table style="margin-left: 55%"><tr><td>Netto</td><td>620,00 €</td></tr><tr><td>USt 19 %</td><td>117,80 €</td></tr>
<tr><td><b>Gesamtbetrag</b></td><td><b>737,80 €</b></td></tr></table>
<p style="font-size: 8pt">{footer}</p></body></html>"""


@pytest.mark.parametrize(("footer", "written", "named"), [
    # a German seller with no VAT number: its register's entry (BT-30) and its Steuernummer (BT-32, wrapped to the
    # footer's next line) are what BR-CO-26 and BR-S-02 ask
    ("Werkstatt Brandt GmbH · Amtsgericht Hamburg HRB 12345 · Steuernummer<br>22/815/08150", True, None),
    # its Steuernummer alone identifies no seller (BR-CO-26 wants BT-29, BT-30 or BT-31): refused, named
    ("Werkstatt Brandt GmbH · Geschäftsführer: Jan Brandt · Steuernummer 22/815/08150", False,
     "identifiant du vendeur : SIREN, SIRET, immatriculation au registre du commerce ou n° de TVA"),
])
def test_a_foreign_seller_identified_by_its_national_registration_converts(tmp_path, footer, written, named):
    import weasyprint

    source, out = tmp_path / "page.pdf", tmp_path / "out.xml"
    source.write_bytes(weasyprint.HTML(string=_GERMAN_PAGE.format(footer=footer)).write_pdf())
    done = _guichet("convert", str(source), "--to", "cii", "-o", str(out))
    assert (done.returncode == 0) == written, done.stderr
    if written:
        xml = out.read_text()
        assert "HRB 12345" in xml and "22/815/08150" in xml
    else:
        assert named in done.stderr and not out.exists()


@pytest.mark.parametrize(("rows", "buyer"), [
    # a contact inside the block's first line, not the block's name (review-1 finding 5)
    ([*SELLER_ROWS, "Studio Moretti", "c.a. Egr. Rinaldi", "Piazza Mazzini, 18", "40851 PISA PI"],
     ("Egr. Rinaldi", "40851", "Pisa")),
    # a third place printed inline on a labelled line
    ([*SELLER_ROWS, "Studio Moretti – c.a. Egr. Rinaldi", "Piazza Mazzini, 18", "40851 PISA PI",
      "Luogo di consegna: Cantiere Ferri, Via Roma 5, 50123 Firenze"], ("Studio Moretti", "40851", "Pisa")),
    # the name far above its postcode: not that block's head
    ([*SELLER_ROWS, "Studio Moretti", "a", "b", "c", "d", "Piazza Mazzini, 18", "40851 PISA PI"],
     ("Studio Moretti", "40851", "Pisa")),
])
def test_a_low_buyer_name_not_heading_the_read_block_or_with_a_third_place_inline_stays_refused(rows, buyer):
    from guichet.plugins.validate_en16931 import convert

    assert any("lu trop peu sûrement" in doubt for doubt in convert._name_doubt(_low_buyer(rows, buyer=buyer)))


def test_a_low_buyer_name_stays_refused_when_the_seller_postcode_is_not_read():
    from guichet.plugins.validate_en16931 import convert

    rows = [*SELLER_ROWS, "Studio Moretti – c.a. Egr. Rinaldi", "Piazza Mazzini, 18", "40851 PISA PI"]
    reading = _low_buyer(rows)
    del reading.proposal.fields["seller_postcode"]
    assert any("lu trop peu sûrement" in doubt for doubt in convert._name_doubt(reading))


@pytest.mark.parametrize("pay", [
    "Bitte geben Sie bei Zahlung als Bezug die Rechnungsnummer RE-2024-118 an",
    "Bitte geben Sie bei Zahlung als Verwendungszweck die Rechnungsnummer RE-2024-118 an",
])
def test_a_payment_s_bezug_on_an_invoice_names_its_own_number(pay):
    """« als Bezug die Rechnungsnummer » on an invoice (no credit note) names the invoice's own number: « 80331 » read
    after « Nr. » stays refused (review-1 finding 6)."""
    from guichet.plugins.validate_en16931 import convert

    rows = ["Rechnung", "Kunden-Nr. 4711", "Nr. 80331", pay]
    assert convert._number_labelled_elsewhere(_reading(rows, "80331", "Nr."), "\n".join(rows)) != []


def test_a_credit_note_s_bezug_with_no_date_nor_whose_invoice_does_not_lift_the_refusal():
    from guichet.plugins.validate_en16931 import convert

    rows = ["Gutschrift", "Vorgangsnummer GS/2024/03781", "Bezug: Rechnung Nr. RE-24-03478"]
    assert convert._number_labelled_elsewhere(_reading(rows, "GS/2024/03781", "Vorgangsnummer"), "\n".join(rows)) != []


def test_fra_as_an_ordinary_word_in_a_reference_s_label_does_not_name_the_invoice():
    """« fra » bare is an ordinary word (Italian « between », Nordic « from »): only « fra. » or « fra n° » is the
    invoice's word cut short (review-1 finding 10)."""
    from guichet.plugins.validate_en16931 import convert

    rows = ["Rif. ordine fra le parti C-12345"]
    doubts = convert._number_kind_doubt(_reading(rows, "C-12345", "Rif. ordine fra le parti"), "\n".join(rows))
    assert doubts != []


@pytest.mark.parametrize(("rows", "number", "label", "source"), [
    (["Handelsrechnung (380) Nr. 123 vom 03.06.2025"], "123", "Nr.", "text layer"),  # a small business's numbering
    (["Handelsrechnung (380) Nr. 123 vom 03.06.2025"], "123", "Nr.", "ocr"),
    (["Facture n° 42", "Date : 03/06/2025"], "42", "n°", "text layer"),
    (["INVOICE No. 7"], "7", "No.", "ocr"),
    (["Rechnungsnummer: 118"], "118", "Rechnungsnummer:", "text layer"),
    (["Facture n° 42 du 03/06/2025"], "42", "n°", "ocr"),  # a date's word after it
    (["Invoice No. 7 dated 3 June 2025"], "7", "No.", "text layer"),
    (["Rechnung Nr. 12 03.06.2025"], "12", "Nr.", "text layer"),  # a date after it
])
def test_a_short_number_printed_after_the_invoice_number_s_label_on_its_line_is_kept(rows, number, label, source):
    """A one-to-three-digit number right after an explicit invoice-number label on its line (« Rechnung Nr. 123 »: a
    small business numbers its invoices from 1) is the invoice's number, on a text layer as on a scan."""
    from guichet.plugins.validate_en16931 import convert

    assert convert._number_kind_doubt(_reading(rows, number, label, source), "\n".join(rows)) == []


@pytest.mark.parametrize(("rows", "number", "label", "source"), [
    (["FACTURE N°", "12 rue des Lilas"], "12", "N°", "text layer"),  # the label above: a street number under it
    (["Rechnung Nr. 123 456"], "123", "Nr.", "ocr"),  # more digits after it: OCR may have cut the number
    (["Rechnung Nr. 123 456"], "123", "Nr.", "text layer"),
    (["Commande n° 12"], "12", "n°", "text layer"),  # no invoice word: another document's number
    (["Facture Position 12"], "12", "Facture", "text layer"),  # no number's sign before it
    # a joiner, a suffix or another group after it: the number goes on (review F1)
    (["Facture n° 118 / 24"], "118", "n°", "text layer"), (["Facture n° 118 / 24"], "118", "n°", "ocr"),
    (["Rechnung Nr. 123 - 2025"], "123", "Nr.", "text layer"), (["Rechnung Nr. 123 - 2025"], "123", "Nr.", "ocr"),
    (["FACTURE N° 42 bis"], "42", "N°", "text layer"), (["FACTURE N° 42 B"], "42", "N°", "ocr"),
    (["Rechnung Nr. 42 Kunde Müller"], "42", "Nr.", "text layer"),  # any other word
    # an instalment's ordinal: its invoice's number is elsewhere (review F1b)
    (["Abschlagsrechnung Nr. 3", "Beleg: AR-2025-118", "Datum: 05.03.2025"], "3", "Nr.", "text layer"),
    (["Abschlagsrechnung Nr. 3", "Beleg: AR-2025-118"], "3", "Nr.", "ocr"),
    (["3. Abschlagsrechnung", "Teilrechnung Nr. 3", "Rechnungs-Nr. RE-2025-118"], "3", "Nr.", "text layer"),
    (["Facture d'acompte n° 2"], "2", "n°", "text layer"), (["Fattura di acconto n. 2"], "2", "n.", "text layer"),
    # another invoice-number label on the page holds a longer value
    (["Rechnung Nr. 3", "Rechnungsnummer RE-2025-118"], "3", "Nr.", "text layer"),
])
def test_a_short_number_stays_unsure_unless_its_line_labels_it_as_the_invoice_s(rows, number, label, source):
    from guichet.plugins.validate_en16931 import convert

    doubt = convert._number_kind_doubt(_reading(rows, number, label, source), "\n".join(rows))
    assert doubt and "un à trois chiffres seulement" in doubt[0], doubt
