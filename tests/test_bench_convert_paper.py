"""How the paper-conversion bench judges a written file (issue 13): beyond the invoice number, the issue date and
the grand total, a wrong amount due (BT-115) or a wrong seller is a wrong file too, counted in columns of its own."""

from __future__ import annotations

from types import SimpleNamespace

import bench_convert_paper as bench


def _truth(**fields):
    base = {"invoice_number": "FA-2026-0100", "issue_date": "2026-03-05", "total_with_tax": "744.00",
            "seller_name": "Atelier Giraud SARL", "buyer_name": "Boulangerie Dupont", "amount_due": None}
    return SimpleNamespace(**{**base, **fields})


def _record(**fields):
    base = {"invoice_number": "FA-2026-0100", "issue_date": "2026-03-05", "total_with_tax": "744.00",
            "amount_due": "744.00", "seller_name": "Atelier Giraud SARL", "buyer_name": "Boulangerie Dupont"}
    return {**base, **fields}


def test_the_amount_due_is_judged_where_the_truth_has_one():
    # a deposit paid: the balance is due, not the grand total
    assert bench._due_wrong(_truth(amount_due="444.00"), _record()) == "744.00 ≠ 444.00"
    assert bench._due_wrong(_truth(amount_due="444.00"), _record(amount_due="444.0")) is None
    # paid by card: nothing is due
    assert bench._due_wrong(_truth(amount_due="0.00"), _record()) == "744.00 ≠ 0.00"
    assert bench._due_wrong(_truth(amount_due="0.00"), _record(amount_due=None)) == "None ≠ 0.00"
    # no truth of it (the generator's grand total due): nothing judged
    assert bench._due_wrong(_truth(), _record(amount_due="100.00")) is None


def test_another_seller_is_wrong_but_not_its_spelling():
    assert bench._seller_wrong(_truth(), _record(seller_name="Boulangerie Dupont")) == \
        "'Boulangerie Dupont' ≠ 'Atelier Giraud SARL'"
    # case, accents, punctuation, legal form apart: the same seller (the names' column counts the spelling)
    assert bench._seller_wrong(_truth(), _record(seller_name="ATELIER GIRAUD, SARL")) is None
    assert bench._seller_wrong(_truth(seller_name="Hôtel des Remparts SAS"),
                               _record(seller_name="Hotel des Remparts")) is None
    assert bench._seller_wrong(_truth(), _record(seller_name=None)) == "None ≠ 'Atelier Giraud SARL'"


def _row(outcome, due=None, seller=None):
    return {"kind": "text", "case": "sans dossier", "outcome": outcome, "missing": [], "names_wrong": [],
            "buyer_wrong": [], "due_wrong": due, "seller_wrong": seller, "seconds": 0.2}


def test_the_table_counts_the_wrong_amounts_due_and_sellers_apart_and_all_wrong_files_together():
    rows = [_row("right"), _row("right", due="744.00 ≠ 444.00"), _row("right", seller="'A' ≠ 'B'"),
            _row("wrong", due="744.00 ≠ 0.00"), _row("named")]
    table = {metric: value for metric, value, _target in bench.table(rows)}
    # the existing columns keep their meaning: n°/date/total only
    assert table["convert (sans dossier) text → Factur-X : valide, n°/date/total justes"] == "60% (3/5)"
    assert table["convert (sans dossier) text : valide mais n°/date/total faux"] == "20% (1/5)"
    # added: the files right by n°/date/total whose amount due or seller is wrong, and every wrong file
    assert table["convert (sans dossier) text : écrit, n°/date/total justes mais montant dû (BT-115) faux"] == "1/5"
    assert table["convert (sans dossier) text : écrit, n°/date/total justes mais vendeur faux"] == "1/5"
    assert table["convert (sans dossier) text : valide mais faux, tout compté (n°/date/total, montant dû, vendeur)"] == \
        "60% (3/5)"


def test_the_due_date_is_judged_where_the_truth_and_the_file_have_one():
    assert bench._due_date_wrong(_truth(due_date="2026-04-04"), _record(due_date="2026-04-05")) == "2026-04-05 ≠ 2026-04-04"
    assert bench._due_date_wrong(_truth(due_date="2026-04-04"), _record(due_date="2026-04-04")) is None
    assert bench._due_date_wrong(_truth(due_date="2026-04-04"), _record()) is None  # left out: not wrong
    assert bench._due_date_wrong(_truth(due_date=None), _record(due_date="2026-04-04")) is None
    # a MINIMUM file's XML holds no due date whatever its page prints
    assert bench._due_date_wrong(_truth(due_date=None, not_carried=("due_date",)), _record(due_date="2026-04-04")) is None
