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


def test_a_date_after_a_label_and_a_dash_is_no_letter_s_place_and_date():
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.numbers import issue_date

    lines = make_lines([page_from([
        "ACME SARL",
        "Facture n° FA-12",
        "Date de mise en service – 12/01/2024",
        "Total TTC  108,00",
    ])])
    found = issue_date(lines)
    assert found is None or found.score < 0.8  # no letter's « Place – date »
    lines = make_lines([page_from(["ACME SARL", "Facture n° FA-12", "Ulm – 05.02.2026", "Summe  108,00"])])
    assert str(issue_date(lines).value) == "2026-02-05"


def test_a_size_in_the_description_is_no_quantity():
    page = page_from([
        "Facture n° FA-12",
        "Désignation                 Montant HT",
        "Câble 3x2,5 mm²             45,00",
        "Vis  4 x 3,00               12,00",
        "                            Total HT  57,00",
    ])
    items = propose([page]).lines
    assert (items[0].description, items[0].quantity) == ("Câble 3x2,5 mm²", None)
    assert items[1].quantity == "4"  # « 4 x 3,00 »: a quantity times its price


def test_labels_no_broader_than_their_field():
    from guichet.plugins.fields_rules import vocabulary as voc
    from guichet.plugins.fields_rules.blocks import _UK_TOWN

    # « Reste à payer » is the amount due, not a payment made
    assert voc.AMOUNT_DUE.search("reste a payer  100,00") and not voc.PREPAID.search("reste a payer  100,00")
    # « Report » carries a running total only as its line's label, not inside a description
    assert voc.TABLE_CARRIED.search("report  1 234,56") and voc.TABLE_CARRIED.search("report de la page 1 : 1 234,56")
    assert not voc.TABLE_CARRIED.search("frais de report d'echeance  15,00")
    # « Vs. rif. », « Vostro ordine »: a reference, no buyer's heading; « Vs. P.IVA » still is
    assert not voc.BUYER_BLOCK.search("vs. rif. 4521") and not voc.BUYER_BLOCK.search("vostro ordine n. 12")
    assert voc.BUYER_BLOCK.search("vs. p.iva 01234567890")
    # an Eircode after a town holds a letter: « Ref A12 3456 » is no address
    assert _UK_TOWN.match("Galway H91 E2K3") and not _UK_TOWN.match("Ref A12 3456")


def test_a_description_with_a_postponement_fee_is_a_line():
    items = propose([page_from([
        "Facture n° FA-12",
        "Désignation                      Montant HT",
        "Frais de report d'échéance       15,00",
        "Main d'œuvre                     85,00",
        "                                 Total HT  100,00",
    ])]).lines
    assert [i.amount for i in items] == ["15.00", "85.00"]


def test_an_incoterm_cif_is_no_spanish_tax_number():
    from guichet.plugins.fields_rules.lines import make_lines
    from guichet.plugins.fields_rules.parties import identifiers

    lines = make_lines([page_from(["Exportaciones Sur SL", "Incoterm : CIF", "B58818501", "Factura n° 12"])])
    assert not [v for kind, v, _c, _w in identifiers(lines) if kind == "vat"]
    lines = make_lines([page_from(["Exportaciones Sur SL", "CIF : B58818501", "Factura n° 12"])])
    assert [v for kind, v, _c, _w in identifiers(lines) if kind == "vat"] == ["ESB58818501"]


def test_an_amount_due_other_than_the_grand_total_is_not_replaced_by_it():
    values = propose([page_from([
        "Facture n° FA-12",
        "Total HT  100,00",
        "TVA 20 %  20,00",
        "Total TTC  120,00",
        "Reste à payer  100,00",
    ])]).values()
    assert values["total_with_tax"] == "120.00" and values.get("amount_due") != "120.00"


def test_no_dead_parameter_or_wrapper_left():
    import inspect

    from guichet.core.parsing.text import text_lines
    from guichet.plugins.fields_rules import blocks

    assert "tolerance" not in inspect.signature(text_lines).parameters  # the OCR words' grouping ignored it
    assert not hasattr(blocks, "_is_initials_of")  # names._is_initials_of is the one
