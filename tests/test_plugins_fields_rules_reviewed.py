"""Field rules mended after the review of the fourth session of 2026-12-05 (issue 13).

Each page is built by hand the way a kind of invoice prints it (words at the places a monospaced
print puts them), not copied from a generated sample.
"""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose


def test_a_letterhead_written_with_bars_is_no_sender_line_over_the_buyer():
    # The seller's tagline under a one-line letterhead « Name | street | postcode town » opens no address
    # block: the buyer is the block with its street and postcode.
    values = propose([page_from([
        "ACME SAS | 12 rue de la Paix | 75002 Paris",
        "Plomberie Chauffage Sanitaire",
        "                                        Facture n° FA-12",
        "                                        Date : 05/02/2026",
        "                                        Jean Martin",
        "                                        3 rue Victor Hugo",
        "                                        69001 Lyon",
        "Désignation   Qté   Montant HT",
        "Réparation fuite   1   90,00",
        "                                        Total HT  90,00",
        "                                        TVA 20 %  18,00",
        "                                        Total TTC  108,00",
    ])]).values()
    assert values.get("buyer_name") != "Plomberie Chauffage Sanitaire"


def test_the_name_under_a_sender_line_over_its_address_stays_the_buyer():
    values = propose([page_from([
        "ACME SAS | 12 rue de la Paix | 75002 Paris",
        "Jean Martin",
        "3 rue Victor Hugo",
        "69001 Lyon",
        "                                        Facture n° FA-12",
        "                                        Date : 05/02/2026",
        "                                        Total TTC  108,00",
    ])]).values()
    assert values["buyer_name"] == "Jean Martin"


def test_a_discount_rate_column_is_no_vat_rate_column():
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.totals import vat_rows

    page = page_from([
        "ACME SARL                              Facture n° FA-2026-001",
        "12 rue des Lilas                       Date : 05/02/2026",
        "Désignation     Qté  PU HT   Taux remise  Remise  Total HT",
        "Chaise bureau   1    100,00  10           10,00   90,00",
        "                                       Total HT  90,00",
        "                                       TVA 20 %  18,00",
        "                                       Total TTC  108,00",
    ])
    assert vat_rows(make_lines([page])) == []  # « 10 » under « Taux remise »: no row at 10 %
    assert [(r.rate, r.taxable_amount) for r in propose([page]).vat_breakdown] == [("20", "90.00")]


def test_a_rate_column_without_its_sign_under_a_breakdown_header_naming_vat():
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.totals import vat_rows

    for header in ("Taux   Base HT   TVA", "Tipo   Base   Cuota", "Rate   Net   VAT", "Satz   Netto   MwSt"):
        page = page_from(["Facture n° 12", header, "20     100,00    20,00", "5,5    200,00    11,00"])
        assert sorted(row.rate for row, _line in vat_rows(make_lines([page]))) == ["20", "5.5"], header
    # no VAT word in the row: a rate column of another kind (« Rate » is an hourly rate in English)
    page = page_from(["Invoice 12", "Hours   Rate   Amount   Net", "10      20     100,00    20,00"])
    assert vat_rows(make_lines([page])) == []
