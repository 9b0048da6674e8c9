"""Totals, VAT breakdown and invoice lines as invoices of any issuer print them (issue 13).

Each page is written by hand the way a kind of invoice prints its totals (per-rate VAT with no
VAT total, a label that names its document, a credit note's negative amounts, no VAT at all),
not copied from a generated sample.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose


def _rows(proposal) -> list[tuple[str, str, str]]:
    return sorted((row.rate, row.taxable_amount, row.tax_amount) for row in proposal.vat_breakdown)


def test_a_total_label_may_name_its_document_before_the_value():
    values = propose([page_from([
        "FACTURE N° FA-1",
        "Total HT de la facture  2 191,36 €",
        "Montant de TVA  0,00 €",
        "Total à payer TTC  2 191,36 €",
    ])]).values()
    assert values["total_without_tax"] == "2191.36"


def test_a_label_followed_by_its_overall_word_keeps_its_value():
    values = propose([page_from([
        "Rechnung Nr. RE-1",
        "Nettobetrag gesamt  EUR 2.664,21",
        "MwSt.-Betrag  EUR 485,68",
        "Gesamtsumme brutto  EUR 3.149,89",
    ])]).values()
    assert values["total_without_tax"] == "2664.21"
    assert values["total_with_tax"] == "3149.89"


def test_the_vat_of_each_rate_with_no_vat_total_adds_up_to_the_vat_total():
    proposal = propose([page_from([
        "FACTURE N° FA-2",
        "Désignation  Qté  PU HT  Taux  Montant HT",
        "Peinture  8  12,40  5,5 %  99,20",
        "Formation  3  881,63  2,1 %  2 644,89",
        "Pose  8  12,76  5,5 %  102,08",
        "Main d'oeuvre  3  514,08  20 %  1 542,24",
        "Plateau repas  4  62,05  20 %  248,20",
        "Tonte  1  51,08  2,1 %  51,08",
        "TOTAL HT €  4 687,69 €",
        "TVA au taux de 20 %  358,09 €",
        "TVA au taux de 5,5 %  11,07 €",
        "TVA au taux de 2,1 %  56,62 €",
        "Total général TTC  5 113,47 €",
    ])])
    values = proposal.values()
    assert values["total_tax"] == "425.78"
    assert values["total_with_tax"] == "5113.47"
    # each rate's base is the sum of the table's lines at that rate
    assert _rows(proposal) == [("2.1", "2695.97", "56.62"), ("20", "1790.44", "358.09"), ("5.5", "201.28", "11.07")]


def test_a_product_named_like_a_tax_is_no_vat_row_of_a_credit_note():
    values = propose([page_from([
        "Factura rectificativa nº R-12",
        "Concepto  Precio  Cant.  IVA  Importe",
        "Cuota mensual de soporte  -32,80  1  10%  -32,80",
        "Portes  -11,38  20  21%  -227,60",
        "Importe neto total :  -260,40 EUR",
        "Cuota IVA 10% :  -3,28 EUR",
        "Cuota IVA 21% :  -47,80 EUR",
        "Total de la factura :  -311,48 EUR",
    ])]).values()
    assert values["total_without_tax"] == "-260.40"
    assert values["total_tax"] == "-51.08"
    assert values["total_with_tax"] == "-311.48"


def test_the_net_total_under_an_unknown_label_is_the_grand_total_less_the_vat():
    values = propose([page_from([
        "Factura nº FV-1",
        "Suma de conceptos  7.801,36 €",
        "Cuota total IVA  970,82 €",
        "Total de la factura  8.772,18 €",
    ])]).values()
    assert values["total_without_tax"] == "7801.36"


def test_a_grand_total_said_with_its_vat_included_is_no_vat_total():
    values = propose([page_from([
        "Factura nº FV-2",
        "Base imponible  3.704,40 €",
        "Impuestos (IVA)  712,46 €",
        "Total IVA incl.  4.416,86 €",
    ])]).values()
    assert values["total_tax"] == "712.46"
    assert values["total_with_tax"] == "4416.86"


def test_totals_ex_vat_in_english():
    values = propose([page_from([
        "INVOICE  INV-7",
        "Total ex VAT  € 531.03",
        "Total of VAT  € 122.14",
        "Total of this invoice  € 653.17",
    ])]).values()
    assert values["total_without_tax"] == "531.03"
    assert values["total_tax"] == "122.14"
    assert values["total_with_tax"] == "653.17"


def test_one_vat_row_from_the_totals_when_no_breakdown_is_printed():
    proposal = propose([page_from([
        "FACTURE N° FA-3",
        "Libellé  Qté  PU HT  Total HT",
        "Nettoyage vitres  5  146,96  734,80",
        "Livres  1,4  256,04  358,46",
        "TOTAL HT €  1.093,26 €",
        "T.V.A. (€)  218,65 €",
        "Total T.T.C.  1.311,91 €",
    ])])
    assert _rows(proposal) == [("20", "1093.26", "218.65")]


def test_no_vat_due_is_one_row_at_zero():
    proposal = propose([page_from([
        "FACTURE N° FA-4",
        "Total HT  2 191,36 €",
        "Total à payer  2 191,36 €",
        "TVA non applicable, article 293 B du CGI",
    ])])
    assert _rows(proposal) == [("0", "2191.36", "0.00")]


def test_bases_of_vat_printed_per_rate_split_the_ht_by_the_lines_read():
    proposal = propose([page_from([
        "Facture n° 202605-1296",
        "Désignation  Qté  Prix unitaire  Montant HT",
        "Livres  8  72,89  583,12",
        "Nettoyage vitres  5,2  257,86  1 340,87",
        "Déplacement  1  985,27  985,27",
        "Net HT € :  2 909,26",
        "dont TVA 20 % :  116,62",
        "dont TVA 5,5 % :  127,94",
        "T.V.A. (€) :  244,56",
        "Total TTC € :  3 153,82",
    ])])
    # 20 % of 583,12 (a line) is 116,62; the rest of the HT at 5,5 % is 127,94
    assert _rows(proposal) == [("20", "583.12", "116.62"), ("5.5", "2326.14", "127.94")]


def _lines(proposal) -> list[tuple[str, str | None, str | None, str]]:
    return [(item.description, item.quantity, item.unit_price, item.amount) for item in proposal.lines]


def test_a_table_headed_by_its_quantity_column_ends_before_the_vat_rows():
    proposal = propose([page_from([
        "FACTURE N° FA-5",
        "Détail  Qté fact.  PU HT €  % TVA  Valeur HT",
        "Nettoyage vitres  4  94,28  10 %  377,12",
        "Peinture acrylique  1  1 659,92  5,5 %  1 659,92",
        "TVA 10 %  377,12  37,71",
        "TVA 5,5 %  1 659,92  91,30",
        "Total HT  2 037,04",
        "Total TTC  2 166,05",
    ])])
    assert _lines(proposal) == [("Nettoyage vitres", "4", "94.28", "377.12"),
                                ("Peinture acrylique", "1", "1659.92", "1659.92")]
    assert [item.vat_rate for item in proposal.lines] == ["10", "5.5"]


def test_a_description_may_wrap_or_stand_above_its_figures():
    proposal = propose([page_from([
        "Rechnung Nr. RE-9",
        "Bezeichnung  Menge  Einzelpreis  Betrag",
        "Wartung der Heizungsanlage  2  100,00  200,00",
        "im Erdgeschoss",
        "Anfahrtspauschale",
        "  1  35,00  35,00",
        "Nettobetrag  235,00",
        "Gesamtbetrag  279,65",
    ])])
    assert [item.description for item in proposal.lines] == ["Wartung der Heizungsanlage im Erdgeschoss",
                                                            "Anfahrtspauschale"]
    assert [item.amount for item in proposal.lines] == ["200.00", "35.00"]


def test_a_table_over_two_pages_keeps_its_lines_and_drops_the_carried_total_and_footer():
    first = page_from([
        "Fattura n. 77",
        "Descrizione  Quantità  Prezzo  Importo",
        "Manutenzione caldaia  2  50,00  100,00",
        "Noleggio ponteggio  1  80,00  80,00",
        "A riportare  180,00",
        "Rossi S.r.l. – Cap. Soc. € 10.000,00 i.v. – REA Milano",
    ])
    second = page_from([
        "Descrizione  Quantità  Prezzo  Importo",
        "Riporto  180,00",
        "Diritto di chiamata  1  20,00  20,00",
        "Totale imponibile  200,00",
        "Totale documento  244,00",
    ])
    second.number = 2
    for word in second.words:
        word.page = 2
    proposal = propose([first, second])
    assert [item.amount for item in proposal.lines] == ["100.00", "80.00", "20.00"]


def test_receipt_rows_quantity_times_price_with_no_table_header():
    proposal = propose([page_from([
        "Invoice IN240839",
        "Monthly support plan",
        "1 x 1,981.42  1,981.42",
        "Cylinder lock, high",
        "security",
        "4 x 64.12  256.48",
        "Net invoice total  EUR 2,237.90",
        "Total (EUR)  EUR 2,752.62",
    ])])
    assert _lines(proposal) == [("Monthly support plan", "1", "1981.42", "1981.42"),
                                ("Cylinder lock, high security", "4", "64.12", "256.48")]


def test_a_line_named_like_a_tax_stays_a_line():
    proposal = propose([page_from([
        "Factura nº F-24-02186",
        "Ref. artículo  Nº uds.  P. unitario  Neto sin impuestos",
        "Portes  4  121,29  485,16",
        "Cuota mensual de soporte  2  796,23  1.592,46",
        "Suma importes :  2.077,62€",
        "Impuestos (IVA) :  436,30€",
        "Total de la factura :  2.513,92€",
    ])])
    assert [item.amount for item in proposal.lines] == ["485.16", "1592.46"]


def test_a_line_whose_quantity_equals_its_rate_is_no_vat_row():
    proposal = propose([page_from([
        "FACTURE N° FA-6",
        "Désignation  Tx TVA  Qté  PU  Mt HT",
        "Réparation moteur  10 %  10  200,20  2 002,00",
        "Pain de campagne  10 %  2  14,00  28,00",
        "Montant net HT : 2 030,00 €",
        "Taxe (TVA) : 203,00 €",
        "Total facture TTC : 2 233,00 €",
    ])])
    assert _rows(proposal) == [("10", "2030.00", "203.00")]


def test_a_discount_rate_is_no_vat_rate_and_a_column_of_labels_left_of_the_table_is_no_description():
    proposal = propose([page_from([
        "FACTURE",
        "Facture établie le",
        "mardi 24 mars 2026   Détail                Nbre  P.U.H.T.  Valeur HT",
        "À régler avant le    Plateau repas         2     7,13      14,26",
        "samedi 23 mai 2026   Abonnement mensuel    20    4,56      91,20",
        "                     Sous-total brut                       105,46 €",
        "                     Remise commerciale 5 %                -5,27 €",
        "                     Net HT après remise                   100,19 €",
        "                     T.V.A. (€)                            20,04 €",
        "                     NET À PAYER (€)                       120,23 €",
    ])])
    assert [item.description for item in proposal.lines] == ["Plateau repas", "Abonnement mensuel"]
    assert proposal.values()["total_without_tax"] == "100.19"
    assert _rows(proposal) == [("20", "100.19", "20.04")]  # the 5 % printed is the discount's


def test_ocr_readings_a_rate_spaced_from_its_sign_and_a_total_whose_separator_became_a_space():
    proposal = propose([page_from([
        "Facture n° FA-7",
        "Total hors taxes  (€)  4 295,29",
        "dont TVA 10  %  211,91",
        "dont TVA 2,1  %  45,70",
        "Total T.T.C. en euros  4 552,90",
    ], confidence=0.9)])
    assert proposal.values()["total_tax"] == "257.61"
    values = propose([page_from([
        "Invoice IN-8",
        "Total ex VAT  EUR 3,247.16",
        "Total VAT  EUR 746.85",
        "Total  (EUR)  EUR 3,994 01",
    ], confidence=0.9)]).values()
    assert values["total_with_tax"] == "3994.01"


def test_after_a_payment_on_account_the_amount_due_is_the_grand_total_less_it():
    values = propose([page_from([
        "FACTURE N° FA-8",
        "Total HT  126,45 €",
        "T.V.A. (€)  25,29 €",
        "NET À PAYER (€)  151,74 €",
        "Déjà payé  -50,00 €",
        "Reste à payer TTC  101,74 €",
    ])]).values()
    assert values["total_with_tax"] == "151.74"
    assert values["amount_due"] == "101.74"
    values = propose([page_from([
        "INVOICE INV-9",
        "Discounted net  €3,144.34",
        "VAT charged in total  €723.20",
        "Total of this invoice  €3,867.54",
        "Paid on account  €-1,160.26",
        "Left to settle  €2,707.28",
    ])]).values()
    assert values["amount_due"] == "2707.28"  # an unknown label: the balance the cross-check finds


def test_a_running_total_before_the_repeated_header_does_not_end_the_table():
    first = page_from([
        "Facture n° 12",
        "Nb  Intitulé  PU  Mt HT",
        "25  Peinture acrylique  10,70  267,50",
        "5  Câble  1,49  7,45",
    ])
    second = page_from([
        "Cumul précédent 274,95",  # a label the vocabulary does not know: the lines' sum so far
        "Nb  Intitulé  PU  Mt HT",
        "5  Livraison  1,09  5,45",
        "Montant net HT  280,40 €",
    ])
    second.number = 2
    for word in second.words:
        word.page = 2
    proposal = propose([first, second])
    assert [item.amount for item in proposal.lines] == ["267.50", "7.45", "5.45"]


def test_ocr_a_space_after_the_decimal_separator_ending_a_cell_is_still_an_amount():
    proposal = propose([page_from([
        "Facture n° FA-10",
        "Désignation  Qtés  PU HT €  Valeur HT",
        "Livres jeunesse  1  949, 60  949, 60",
        "Plateau repas  2  134,45  268,90",
        "Total HT  1 218,50 €",
        "Total de la TVA  243,70 €",
        "Total TTC  1 462,20 €",
    ], confidence=0.9)])
    assert [item.amount for item in proposal.lines] == ["949.60", "268.90"]
    values = propose([page_from(["Voir articles 12, 15 et 18", "Total TTC  12,00 €"], confidence=0.9)]).values()
    assert values["total_with_tax"] == "12.00"  # a list of numbers is no amount


def test_vat_rates_printed_without_their_sign_under_a_rate_column():
    proposal = propose([page_from([
        "FACTURE N° FA-11",
        "Désignation       Qté  PU HT    Taux TVA  Montant HT",
        "Pose de parquet   1    100,00   20,00     100,00",
        "Livres            2    50,00    5,50      100,00",
        "Code  Taux   Base HT    Montant TVA",
        "1     20,00  100,00     20,00",
        "2     5,50   100,00     5,50",
        "Total HT  200,00",
        "Total TVA  25,50",
        "Total TTC  225,50",
    ])])
    assert _rows(proposal) == [("20", "100.00", "20.00"), ("5.5", "100.00", "5.50")]


def test_a_row_of_total_labels_heads_no_table_of_lines():
    proposal = propose([page_from([
        "FACTURE N° FA-12",
        "Prestation de conseil du mois de mars",
        "Total HT  TVA  Total TTC  Net à payer",
        "1 000,00  200,00  1 200,00  1 200,00",
        "Escompte pour paiement anticipé  2,40",
    ])])
    assert proposal.lines == []
    assert proposal.values()["total_with_tax"] == "1200.00"


def test_ocr_a_receipt_amount_whose_separator_became_a_space_is_quantity_times_price():
    proposal = propose([page_from([
        "Invoice IN240839",
        "Labour (hours)",
        "4  x 64.12  256 48",
        "Site survey",
        "2  x 10.00  20 01",  # 20.01 is not 2 × 10.00: no amount read
        "Total (EUR)  EUR 276.48",
    ], confidence=0.9)])
    assert _lines(proposal) == [("Labour (hours)", "4", "64.12", "256.48")]


def test_a_vat_cell_of_each_line_is_no_vat_amount_of_its_rate():
    # The table prints each line's tax as « TVA 10 % » before the line's amount; the totals block then prints
    # one VAT row per rate and no VAT total: the rows under the table are the VAT of each rate.
    proposal = propose([page_from([
        "FACTURE N° FA-7",
        "Article  Description  Quantité  Taxe  Montant",
        "LOC-1  Location benne  4  TVA 10 %  4 125,60 EUR",
        "MAT-2  Matériel  2  TVA 20 %  1 500,00 EUR",
        "PEI-3  Peinture  1  TVA 20 %  284,10 EUR",
        "Sous-total  5 909,70 EUR",
        "TVA 20 %  356,82 EUR",
        "TVA 10 %  412,56 EUR",
        "Total  6 679,08 EUR",
    ])])
    values = proposal.values()
    assert values["total_tax"] == "769.38"
    assert values["total_without_tax"] == "5909.70"
    assert _rows(proposal) == [("10", "4125.60", "412.56"), ("20", "1784.10", "356.82")]


def test_a_line_with_its_price_before_its_tax_cell_is_no_vat_row_even_in_the_totals_column():
    # The table's tax column starts where the totals' labels start: the line's price before its « TVA 20 % »
    # says it is a line of the table, not a VAT row.
    proposal = propose([page_from([
        "FACTURE N° FA-8",
        "Article  Prix  Qté  Taxe  Total",
        "Formation  1859,23  12        TVA 10 %  22310,76",
        "Déplacement  9,53  1          TVA 20 %  9,53",
        "Vis  65,07  36,5              TVA 20 %  2375,06",
        "                              Sous-total  24695,35",
        "                              TVA 20 %  476,92",
        "                              TVA 10 %  2231,08",
        "                              Total  27403,35",
    ])])
    values = proposal.values()
    assert values["total_tax"] == "2708.00"
    assert _rows(proposal) == [("10", "22310.76", "2231.08"), ("20", "2384.59", "476.92")]


def test_a_line_whose_price_ocr_misread_before_its_tax_cell_is_no_vat_row():
    # A scan (modeles 26): the first line at 2,1 % has its price « 51,71€ » read « b1:71€ », no amount; its
    # 620,52 was taken for the VAT at 2,1 % and the grand total lost. A price misread is still a price.
    values = propose([page_from([
        "FACTURE N° FA-8",
        "Article  Prix  Qté  Taxe  Total",
        "Bois de chauffage  b1:71€  12      TVA 2,1 %  620,52 €",
        "Réparation  245,47 €  2            TVA 10 %  490,94 €",
        "                                   Sous-total  1111,46 €",
        "                                   TVA 10 %  49,09 €",
        "                                   TVA 2,1 %  13,03 €",
        "                                   Total  1173,58 €",
    ])]).values()
    assert (values["total_tax"], values["total_with_tax"]) == ("62.12", "1173.58")


def test_a_grand_total_saying_the_vat_of_each_rate_after_it_keeps_them():
    values = propose([page_from([
        "FACTURE N° FA-9",
        "Total HT  583,10 €",
        "Total TTC  699,72 €  dont TVA 20 %  116,62 €",
    ])]).values()
    assert values["total_tax"] == "116.62"


def test_a_discount_under_the_subtotal_gives_the_net_total_that_is_not_printed():
    # Subtotal, a document discount, the VAT and the grand total: the net total (subtotal less the discount)
    # is not printed; it is the grand total less the VAT, and the subtotal with the discount line says so.
    values = propose([page_from([
        "FACTURE N° FA-10",
        "Articles  Quantité  Prix  Montant",
        "Nettoyage  20,8  1061,57 EUR  22080,66 EUR",
        "Peinture  35,5  245,45 EUR  8712,93 EUR",
        "Sous-total:  30793,59 EUR",
        "Remise (10%):  -3079,36 EUR",
        "TVA 20%:  5542,85 EUR",
        "Total:  33257,08 EUR",
    ])]).values()
    assert values["total_with_tax"] == "33257.08"
    assert values["total_tax"] == "5542.85"
    assert values["total_without_tax"] == "27714.23"


def test_a_total_whose_amount_wraps_in_its_cell_beside_its_label():
    # A narrow totals column: the amount and its currency wrap on two lines, the label sits between them
    # (vertically centred in its row); a left column of notes runs beside.
    values = propose([page_from([
        "FACTURE N° FA-11",
        "#  Articles  Quantité  Prix  Montant",
        "1  Conseil juridique  1  20,14 €  20,14 €",
        "2  Cartouche  2  23,79 €  47,58 €",
        "                                              67,72",
        "                                  Sous-total",
        "Merci de votre confiance.                        €",
        "                                  TVA (20%)  4,03 €",
        "Paiement à réception.             TVA",
        "                                             1,00 €",
        "                                  (2.1%)",
        "de paiement, pénalités au taux               72,75",
        "                                  Total TTC",
        "indemnité forfaitaire de 40 €.                   €",
    ])]).values()
    assert values["total_without_tax"] == "67.72"
    assert values["total_with_tax"] == "72.75"


def test_a_product_code_starting_with_a_total_word_is_no_total_label():
    values = propose([page_from([
        "FACTURE N° FA-12",
        "#  Article  Quantité  Prix  Taxe  Montant",
        "1  NET-980  4  2,66 €  0,27 €  10,64 €",
        "2  PAP-524  2  458,70 €  9,63 €  917,40 €",
        "                            928,04 €",
        "                Sous-total",
        "                TVA (10%)  1,06 €",
        "                TVA",
        "                            19,27 €",
        "                (2.1%)",
        "                Total TTC  948,37 €",
    ])]).values()
    assert values["total_without_tax"] == "928.04"
    # the VAT total is not printed: the VAT rows of each rate add up to TTC − HT
    assert values["total_tax"] == "20.33"


def test_vat_rows_adding_up_to_ttc_less_ht_beat_small_amounts_of_a_line_that_add_up():
    # Each VAT row's label wraps (« TVA » / « (20%) »), no VAT total is printed; a line's small price and
    # tax (3,00 + 0,62 = 3,62, about 20 %) add up too: the labelled rows summing to TTC − HT win.
    values = propose([page_from([
        "FACTURE N° FA-14",
        "#  Articles  Quantité  Prix  Taxe  Montant",
        "1  CRO-750  2,7  11,11 EUR  3,00 EUR  30,00 EUR",
        "2  Vis inox  10  225,12 EUR  450,24 EUR  2 251,20 EUR",
        "3  FOR-58  1  6,18 EUR  0,62 EUR  6,18 EUR",
        "                                              2 287,38",
        "                                  Sous-total",
        "                                                 EUR",
        "                                  TVA",
        "                                              451,24 EUR",
        "                                  (20%)",
        "                                  TVA",
        "                                                3,62 EUR",
        "                                  (10%)",
        "                                  Total       2 742,24",
        "                                  TTC             EUR",
    ])]).values()
    assert values["total_without_tax"] == "2287.38"
    assert values["total_tax"] == "454.86"
    assert values["total_with_tax"] == "2742.24"


def test_a_vat_row_whose_label_wraps_around_its_amount_keeps_its_rate():
    # « TVA » / « 1,00 € » / « (2.1%) »: the rate wrapped under the label, the amount between them.
    proposal = propose([page_from([
        "FACTURE N° FA-15",
        "#  Articles  Quantité  Prix  Taxe  Montant",
        "1  Conseil  1  20,14 €  4,03 €  20,14 €",
        "2  Cartouche  2  23,79 €  1,00 €  47,58 €",
        "                                              67,72",
        "                                  Sous-total",
        "                                                  €",
        "                                  TVA (20%)  4,03 €",
        "                                  TVA",
        "                                             1,00 €",
        "                                  (2.1%)",
        "                                              72,75",
        "                                  Total TTC",
        "                                                  €",
    ])])
    assert proposal.values()["total_tax"] == "5.03"
    assert _rows(proposal) == [("2.1", "47.58", "1.00"), ("20", "20.14", "4.03")]


def test_an_amount_wrapped_at_its_thousands_space_in_a_narrow_cell():
    # « 35 664,90 € » wrapped in a narrow right-aligned cell: « 35 » on the label's line, « 664,90 € » under it.
    values = propose([page_from([
        "FACTURE N° FA-16",
        "#  Articles  Quantité  Prix  Montant",
        "1  Vis inox  20  993,69 €  19 873,80 €",
        "2  Formation  1  9 846,95 €  9 846,95 €",
        "                                  Sous-total         29",
        "Notes de bas de page",
        "Paiement par virement à 60 jours.             720,75 €",
        "                                  TVA (20%)  5 944,15 €",
        "                                  Total              35",
        "                                  TTC          664,90 €",
    ])]).values()
    assert values["total_with_tax"] == "35664.90"
    assert values["total_without_tax"] == "29720.75"


def test_a_row_of_figures_whose_description_wraps_around_it_is_still_a_line():
    # Description cells of two lines, vertically centred: the figures' row stands between « Maintenance » and
    # « annuelle », read as a row of figures, then a row of text. The figures are a line all the same.
    proposal = propose([page_from([
        "FACTURE N° FA-17",
        "Article  Description  Prix  Quantité  Taxe  Total",
        "VIS-1  Vis inox  7,22 €  20  TVA 20 %  144,40 €",
        "                      9,97 €  1  TVA 20 %  9,97 €",
        "Maintenance annuelle  Maintenance annuelle",
        "                      12,54 €  1  TVA 10 %  12,54 €",
        "Bois de chauffage  Bois de chauffage",
        "Merci de votre confiance.            Net  166,91 €",
        "                                     TVA 20%  30,87 €",
        "                                     TVA 10%  1,25 €",
        "                                     Total  199,03 €",
    ])])
    assert [i.amount for i in proposal.lines] == ["144.40", "9.97", "12.54"]
    assert proposal.lines[1].description.startswith("Maintenance annuelle")
    assert proposal.lines[2].description.startswith("Bois de chauffage")
    assert _rows(proposal) == [("10", "12.54", "1.25"), ("20", "154.37", "30.87")]


def test_an_amount_wrapped_at_its_thousands_space_may_go_on_at_the_top_of_the_next_page():
    # The subtotal's line ends page 1 with « 29 »; its cell goes on at the top of page 2 with « 720,75 € ».
    first = page_from([
        "FACTURE N° FA-18",
        "#  Articles  Quantité  Prix  Montant",
        "1  Vis inox  20  993,69 €  19 873,80 €",
        "2  Formation  1  9 846,95 €  9 846,95 €",
        "                                  Sous-total         29",
    ])
    second = page_from([
        "Notes de bas de page",
        "Paiement par virement à 60 jours.             720,75 €",
        "                                  TVA (20%)  5 944,15 €",
        "                                  Total TTC  35 664,90 €",
    ])
    second.number = 2
    values = propose([first, second]).values()
    assert values["total_without_tax"] == "29720.75"


def test_ocr_a_total_misread_by_one_digit_is_mended_by_the_other_two():
    # OCR read « 2,03 » as « 2,08 »: the labelled totals no longer add up, and two lines of the table
    # (2,84 + 8,44 = 11,28, the subtotal) did by chance. HT + TVA = TTC says which digit was misread.
    page = [
        "FACTURE N° FA-2041",
        "Désignation  Qté  Prix  Taxe  Montant",
        "Pain de campagne  4  2,11  TVA 20 %  8,44",
        "Câble  1  2,84  TVA 20 %  2,84",
        "Sous-total  11,28",
        "Remise 10 %  -1,13",
        "Total HT  10,15",
        "TVA 20 %  2,08",
        "Total TTC  12,18",
    ]
    values = propose([page_from(page, confidence=0.9)]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("10.15", "2.03", "12.18")
    values = propose([page_from(["Facture n° F-7", "Total HT  1 566,20", "TVA 20 %  311,24", "Total TTC  1 867,44"],
                                confidence=0.9)]).values()
    assert values["total_without_tax"] == "1556.20"  # 5 read 6
    # A text layer prints what it holds: nothing mended there.
    values = propose([page_from(["Facture n° F-7", "Total HT  1 566,20", "TVA 20 %  311,24", "Total TTC  1 867,44"])]).values()
    assert values["total_without_tax"] == "1566.20"


def test_ocr_totals_that_no_confused_digit_mends_are_left_as_read():
    # 1 → 0 is no confusion of print (a « 1 » has no loop): no mending, the labelled TTC stays.
    values = propose([page_from(["Facture n° F-8", "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  110,00"],
                                confidence=0.9)]).values()
    assert values["total_with_tax"] == "110.00"
    assert values["total_without_tax"] != "90.00"


def test_ocr_an_amount_outside_vat_printed_among_the_totals_is_no_misread_digit():
    # Débours, carriage or a stamp not subject to VAT sit between the VAT and the grand total: HT + TVA ≠ TTC by
    # exactly that amount, which is one « confused » digit away (1 260 / 1 200: 0 read 6). Printed, it is the
    # gap: the grand total is right as read, never mended to HT + TVA.
    for extra, ttc in (("Débours (non soumis à TVA)  60,00", "1 260,00"), ("Frais de port non soumis  0,80", "1 200,80")):
        page = ["Facture n° F-7", "Total HT  1 000,00", "TVA 20 %  200,00", extra, f"Total TTC  {ttc}"]
        values = propose([page_from(page, confidence=0.9)]).values()
        assert values["total_with_tax"] == ttc.replace(" ", "").replace(",", "."), extra
        assert values["amount_due"] == values["total_with_tax"]
    # Printed as a line of the table, above the totals: the same.
    page = ["Facture n° F-7", "Désignation  Montant HT", "Travaux  1 000,00", "Débours (non soumis)  60,00",
            "Total HT  1 000,00", "TVA 20 %  200,00", "Total TTC  1 260,00"]
    assert propose([page_from(page, confidence=0.9)]).values()["total_with_tax"] == "1260.00"
    # The same gap printed nowhere on the page: a misread digit, mended as before.
    values = propose([page_from(["Facture n° F-7", "Total HT  1 000,00", "TVA 20 %  200,00", "Total TTC  1 260,00"],
                                confidence=0.9)]).values()
    assert values["total_with_tax"] == "1200.00"


def test_ocr_a_net_total_whose_thousands_digit_was_lost_leaves_the_grand_total_as_read():
    # OCR dropped the lone « 3 » of « 3 400,00 »: 400,00 + 680,00 = 1 080,00, one confused digit (1/4) from
    # 4 080,00, and the grand total was « mended » to a wrong one that adds up. The breakdown prints the net
    # whole: it has the VAT at 20 % and adds up with it to the grand total as read.
    page = ["Facture n° F-311", "Taux  Base HT  Montant TVA", "20 %  3 400,00 €  680,00 €",
            "Total HT  400,00 €", "Total TVA  680,00 €", "Total TTC  4 080,00 €"]
    values = propose([page_from(page, confidence=0.9)]).values()
    assert (values["total_with_tax"], values["total_without_tax"], values["total_tax"]) == ("4080.00", "3400.00", "680.00")
    # Two rates: the breakdown's bases add up to the net whole (1 200,00 + 950,00), its taxes to the VAT total.
    page = ["Facture n° F-312", "Taux  Base HT  Montant TVA", "20 %  1 200,00  240,00", "5,5 %  950,00  52,25",
            "Total HT  150,00 €", "TVA  292,25 €", "Total TTC  2 442,25 €"]
    values = propose([page_from(page, confidence=0.9)]).values()
    assert (values["total_with_tax"], values["total_without_tax"]) == ("2442.25", "2150.00")
    # No amount on the page ends with the net's reading: the grand total is mended as before (1/4 misread).
    page = ["Facture n° F-311", "Total HT  400,00 €", "Total TVA  680,00 €", "Total TTC  4 080,00 €"]
    assert propose([page_from(page, confidence=0.9)]).values()["total_with_tax"] == "1080.00"


def test_ocr_a_space_read_after_the_thousands_separator_keeps_the_amount_whole():
    # « 37, 622.38 »: OCR read a space after the thousands comma; the net read 622,38 and the VAT total chosen to
    # fit it was a wrong one. The other separator and three digits then the cents: one amount.
    page = ["Invoice no. INV-5521", "Subtotal  12, 105.00", "VAT  613.50", "Invoice total  12,718.50 EUR"]
    values = propose([page_from(page, confidence=0.9)]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("12105.00", "613.50", "12718.50")
    values = propose([page_from(["Facture n° F-12", "Total HT  1. 250,00 €", "TVA 20 %  250,00 €",
                                 "Total TTC  1 500,00 €"], confidence=0.9)]).values()
    assert values["total_without_tax"] == "1250.00"
    # Cents spaced from their comma (two digits) stay a price: « 10, 63 » is 10,63.
    values = propose([page_from(["Facture n° F-13", "Total HT  10, 63 €", "TVA 20 %  2,13 €", "Total TTC  12,76 €"],
                                confidence=0.9)]).values()
    assert values["total_without_tax"] == "10.63"
    # A count or a position before an amount in its cell stays apart (« Pos. 3. 450,00 » is 450,00).
    from guichet.plugins.fields_rules.lines import amounts, make_lines

    for text, meant in (("Pos. 3. 450,00 €", "450.00"), ("Rooms 2, 150.00", "150.00"), ("Total HT  1. 250,00 €", "1250.00")):
        assert [str(c.value) for line in make_lines([page_from([text], confidence=0.9)]) for c in amounts(line)] == [meant]


def test_ocr_a_vat_row_under_no_vat_label_says_which_digit_of_the_grand_total_was_misread():
    page = ["Facture n° F-057", "Total marchandises HT  7 514,25 €", "Taux 20 %  1 502,85 €",
            "Montant à payer TTC  9 617,10 €"]  # 9 017,10: 0 read 6; 1 502,85 is 20 % of 7 514,25
    values = propose([page_from(page, confidence=0.9)]).values()
    assert (values["total_with_tax"], values["total_tax"]) == ("9017.10", "1502.85")
    assert propose([page_from(page)]).values()["total_with_tax"] == "9617.10"  # a text layer: as printed


def test_a_vat_total_is_less_than_the_grand_total_and_a_usual_rate_of_it_less_the_vat():
    # A right-aligned amount cell wrapped at its thousands: « 35 » over « 664,90 € ». 664,90 is no grand
    # total beside a VAT of 5 944,15; 35 664,90 less 5 944,15 is 29 720,75, of which 5 944,15 is 20 %.
    values = propose([page_from([
        "Facture n° F-9",
        "TVA (20 %)                    5 944,15 €",
        "Total                          35",
        "TTC                           664,90 €",
    ])]).values()
    assert values["total_with_tax"] == "35664.90"


@pytest.mark.parametrize("outside", [
    "Débours (frais de greffe)  50,00", "Bollo  2,00", "Arrondi  0,01", "IRPF -15 %  -180,00"])
def test_an_amount_after_the_vat_row_is_outside_the_vat_base_and_no_net_adjustment(outside):
    """A row between the VAT and the grand total (débours, a stamp duty, rounding, a withholding) is outside
    the VAT base: the net total stays the one printed, never the grand total less the VAT."""
    rows = ["Atelier Bernard SARL", "Facture n° FA-2031", "Date de facture : 05/03/2024",
            "Désignation  Qté  Montant HT", "Travaux  1  700,00", "Fournitures  1  500,00",
            "Total HT  1 200,00", "TVA 20 %  240,00", outside]
    gap = Decimal(outside.rsplit("  ", 1)[1].replace(" ", "").replace(",", "."))
    rows.append(f"Total TTC  {str(Decimal('1440.00') + gap).replace('.', ',')} €")
    values = propose([page_from(rows)]).values()
    assert (values["total_without_tax"], values["total_tax"]) == ("1200.00", "240.00")


def test_the_sums_of_a_breakdown_of_several_rates_that_add_up_to_the_grand_total_are_the_net_and_vat_totals():
    """« Base imponible  Tipo  Cuota » rows and a « Total », no net or VAT total printed: the bases and the taxes
    add up to the grand total, their sums are the two totals (not the grand total read down the bases' column)."""
    values = propose([page_from([
        "Talleres Ruiz S.L.", "Factura Nº FV-2031", "Fecha de factura: 05/03/2024", "Concepto  Cantidad  Importe",
        "Reparación  1  700,00", "Piezas  1  500,00",
        "Base imponible  Tipo  Cuota", "1.000,00  21 %  210,00", "200,00  10 %  20,00", "Total  1.430,00 €"])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1200.00", "230.00", "1430.00")


@pytest.mark.parametrize("currency", ["EUR", "€"])
def test_an_amount_wrapped_at_each_space_in_a_narrow_cell_centred_beside_its_label_is_read_whole(currency):
    # A CRM's totals in a narrow right cell: « 23 281,96 EUR » breaks at its spaces, the cell centred on its
    # label's line: « 23 » above, « Grand Total  281,96 » on the label's line, « EUR » under it.
    values = propose([page_from([
        "Atelier Roussel SAS",
        "FACTURE F-2026-0142",
        "Date : 05/03/2026",
        "Désignation   Qté   Montant HT",
        "Étude de faisabilité   1   19 401,63",
        "                    19",
        "          Subtotal  401,63",
        f"                    {currency}",
        "                    3",
        "               Tax  880,33",
        f"                    {currency}",
        "                    23",
        "       Grand Total  281,96",
        f"                    {currency}",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("19401.63", "3880.33", "23281.96")


def test_digit_groups_of_another_column_above_a_total_are_not_joined_to_it():
    # « Articles  12 » over « Total HT  520,00 », the 12 right-aligned with it: a row of its own (a word
    # between the label's edge and the digits), not the amount's thousands.
    values = propose([page_from([
        "Atelier Roussel SAS",
        "FACTURE F-2026-0142",
        "Désignation   Qté   Montant HT",
        "Étude   1   520,00",
        "     Articles       12",
        "     Total HT   520,00",
        "     TVA 20 %   104,00",
        "    Total TTC   624,00",
    ])]).values()
    assert values["total_with_tax"] == "624.00" and values["total_without_tax"] == "520.00"


def test_vat_per_rate_in_a_totals_table_laid_out_across_makes_the_breakdown():
    """« Subtotal  MwSt. 19 %  MwSt. 7 %  Gesamtbetrag » over the amounts, each under its cell: the VAT of each
    rate; the lines (read with no rate) share out into the bases one way only."""
    rows = ["Rechnung Nr. R-2025-17", "Datum: 21.10.2025",
            "Artikel                Menge     Preis       Betrag",
            "Druck A                2         550,75      1.101,50",
            "Druck B                10        20,12       201,20",
            "                 Subtotal    MwSt. 19 %    MwSt. 7 %    Gesamtbetrag",
            "                 1.302,70    38,23         77,11        1.418,04"]
    values = propose([page_from(rows)]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1302.70", "115.34", "1418.04")
    assert _rows(propose([page_from(rows)])) == [
        ("19", "201.20", "38.23"), ("7", "1101.50", "77.11")]


def test_an_item_tables_header_with_a_vat_rate_is_no_totals_table():
    rows = ["Facture n° F-12", "Date : 05/03/2025",
            "Désignation     Qté    Prix     TVA 20 %    Montant",
            "Pose            2      50,00    20,00       100,00",
            "Total HT  100,00", "Total TTC  120,00"]
    from guichet.plugins.fields_rules import totals
    from guichet.plugins.fields_rules.lines import make_lines

    assert totals._header_rate_taxes(make_lines([page_from(rows)])) == []


def test_a_breakdowns_printed_category_and_exemption_code_are_read():
    """« Code » column of a breakdown (UNCL 5305) and a VATEX code on the row: BT-118 and BT-121 as printed, when
    the code goes with the rate (a « K » at 20 % is no category; a plain « S » row has no exemption code)."""
    rows = ["Facture n° F-12", "Date : 05/03/2025",
            "Détail TVA (motif si exonération)      Code   Taux     Base TVA   Montant TVA",
            "                                       S      20,00%   40,00      8,00",
            "VATEX-EU-IC  Livraison intracom.       K      0,00%    60,00      0,00",
            "Total HT  100,00", "Total TVA  8,00", "Total TTC  108,00"]
    got = sorted((r.rate, r.category, r.exemption_code) for r in propose([page_from(rows)]).vat_breakdown)
    assert got == [("0", "K", "VATEX-EU-IC"), ("20", "S", None)]
    wrong = [row.replace("K      0,00%    60,00      0,00", "E      5,50%    60,00      3,30") for row in rows]
    assert ("5.5", None) in {(r.rate, r.category) for r in propose([page_from(wrong)]).vat_breakdown}


def test_a_category_letter_ocr_read_as_a_currency_sign_is_the_letter():
    """OCR reads a category column's « E » as « € » and its « S » as « $ » (or a small « s »): on a scan, those signs
    alone in their cell before the rate are the letters; a « € » ending the base before a zero rate stays a currency."""
    rows = ["Facture n° F-12", "Date : 05/03/2025",
            "Détail TVA (motif si exonération)      Code   Taux     Base TVA   Montant TVA",
            "                                       $      20,00%   40,00      8,00",
            "VATEX-EU-D  VAT EXEMP                  €      0,00%    60,00      0,00",
            "Total HT  100,00", "Total TVA  8,00", "Total TTC  108,00"]
    got = sorted((r.rate, r.category, r.exemption_code) for r in propose([page_from(rows, confidence=0.9)]).vat_breakdown)
    assert got == [("0", "E", "VATEX-EU-D"), ("20", "S", None)]
    small = [row.replace("$ ", "s ") for row in rows]
    assert ("20", "S") in {(r.rate, r.category) for r in propose([page_from(small, confidence=0.9)]).vat_breakdown}
    text = {(r.rate, r.category) for r in propose([page_from(rows)]).vat_breakdown}
    assert text == {("0", None), ("20", None)}  # a text layer's signs are what was printed
    currency = ["Facture n° F-12", "Taux  Base HT  TVA", "Export  60,00 €  0,00%  0,00", "Total HT  60,00", "Total TTC  60,00"]
    assert all(r.category is None for r in propose([page_from(currency, confidence=0.9)]).vat_breakdown)


@pytest.mark.parametrize(("rows", "total"), [
    (["Total HT  1 546,02 €", "Total TVA  132,51 €", "Montant TTC de votre facture  1 678,53 €",
      "Acomptes déjà prélevés  -1 426,75 €", "Montant à payer  251,78 €"], "1678.53"),
    (["Sub-total (excl. VAT)  EUR 102.95", "Total of VAT  EUR 23.68", "Total this period  EUR 126.63",
      "Paid by monthly instalments  EUR -88.64", "Total to pay  EUR 37.99"], "126.63"),
    (["Summe netto  501,94 €", "Summe USt.  76,18 €", "Gesamtbetrag dieser Abrechnung  578,12 €",
      "Geleistete Abschläge  -400,00 €", "Zu zahlender Betrag  178,12 €"], "578.12"),
    (["Base imponible  1.000,00 €", "IVA 21%  210,00 €", "Importe total de esta factura  1.210,00 €",
      "Pagos a cuenta realizados  -1.000,00 €", "Importe a pagar  210,00 €"], "1210.00"),
    (["Imponibile  1.000,00 €", "IVA 22%  220,00 €", "Totale bolletta  1.220,00 €",
      "Acconti già pagati  -900,00 €", "Totale da pagare  320,00 €"], "1220.00"),
])
def test_a_yearly_bill_s_instalments_already_paid_leave_its_total_the_grand_total(rows, total):
    # a utility's yearly bill: its total, less the instalments already collected, leaves the amount to pay, which
    # the bill's summary box prints first, alone
    values = propose([page_from(["Régie des Eaux", "Facture n° 10012345", rows[-1], "", *rows])]).values()
    assert values["total_with_tax"] == total


@pytest.mark.parametrize("label", ["Acomptes déjà prélevés", "Mensualités déjà réglées", "Paid by monthly instalments",
                                   "Budget plan payments made", "Payments received to date", "Geleistete Abschläge",
                                   "Pagos a cuenta realizados", "Cuotas ya abonadas", "Acconti già pagati",
                                   "Rate già addebitate"])
def test_instalments_already_paid_are_read_as_an_amount_paid(label):
    from guichet.plugins.fields_rules.vocabulary import PREPAID
    from guichet.plugins.fields_rules.lines import amounts, labelled, make_lines

    lines = make_lines([page_from(["Total TTC  1 678,53 €", f"{label}  -1 426,75 €", "Montant à payer  251,78 €"])])
    assert {abs(c.value) for c in labelled(lines, PREPAID, amounts)} == {Decimal("1426.75")}


@pytest.mark.parametrize(("rows", "ht", "ttc", "due"), [
    (["Cumul des travaux HT  36 767,38 €", "Moins situations antérieures HT  -19 570,39 €",
      "Total HT de la situation  17 196,99 €", "TVA 20 %  3 439,40 €", "Total TTC de la situation  20 636,39 €",
      "Retenue de garantie 5 %  -1 031,82 €", "Net à payer  19 604,57 €"], "17196.99", "20636.39", "19604.57"),
    (["Total cumulé HT  36 767,38 €", "Moins factures antérieures HT  -19 570,39 €",  # exempt: no VAT rate to add up
      "Total HT de la période  17 196,99 €", "TVA 0 %  0,00 €", "Total TTC de la période  17 196,99 €",
      "Retenue de garantie (3 %)  -515,91 €", "Net à payer  16 681,08 €"], "17196.99", "17196.99", "16681.08"),
    (["Contract total  8,723.95", "Gross value of works to date  4,495.05", "Less previous valuations  -2,380.61",
      "Net this valuation  2,114.44", "VAT 13.5%  285.45", "Total this valuation  2,399.89",
      "Less retention 5%  -120.00", "Amount due  2,279.89"], "2114.44", "2399.89", "2279.89"),
    (["Auftragssumme netto  80.000,00 €", "Leistung kumuliert netto  40.000,00 €",
      "abzgl. bisher berechnet  -25.000,00 €", "Nettobetrag  15.000,00 €", "zzgl. 19 % USt.  2.850,00 €",
      "Bruttobetrag  17.850,00 €", "Sicherheitseinbehalt 5 %  -892,50 €", "Zahlbetrag  16.957,50 €"],
     "15000.00", "17850.00", "16957.50"),
    (["Totale lavori eseguiti  50.000,00 €", "A dedurre SAL precedenti  -30.000,00 €", "Imponibile SAL  20.000,00 €",
      "IVA 10%  2.000,00 €", "Totale SAL  22.000,00 €", "Ritenuta a garanzia 5%  -1.100,00 €",
      "Netto a pagare  20.900,00 €"], "20000.00", "22000.00", "20900.00"),
])
def test_a_progress_invoice_s_totals_are_its_stage_s_and_its_net_is_after_the_retention(rows, ht, ttc, due):
    # A works contract's total, the progress to date and the invoices before are no totals of this invoice; the net
    # to pay after a retention is the amount due, not the grand total.
    values = propose([page_from(["FACTURE N° FS-2024-012", *rows])]).values()
    assert (values["total_without_tax"], values["total_with_tax"], values["amount_due"]) == (ht, ttc, due)


def test_an_amount_of_the_quote_is_no_amount_due_nor_the_tax_after_a_deposit_invoice_s_own_amount():
    # « Montant du devis » is the quote's amount, not « Montant dû »; « Acompte HT » is the deposit invoice's own net
    # amount, no payment: the total less it (the VAT) is no amount due.
    values = propose([page_from([
        "FACTURE D'ACOMPTE N° FA-2024-0031",
        "Montant du devis HT  41 500,00 €",
        "Acompte HT  12 450,00 €",
        "TVA 20 %  2 490,00 €",
        "Total TTC  14 940,00 €",
    ])]).values()
    assert values["total_with_tax"] == "14940.00" and values.get("amount_due") in (None, "14940.00")


@pytest.mark.parametrize("sentence", [
    "Payments made after the due date incur interest at 8% per annum.",
    "Your bill can be paid by monthly instalments, ask us.",
    "Les échéances réglées après la date limite portent intérêt au taux de 8 %.",
    "Mensualités réglées par prélèvement le 5 de chaque mois.",
    "Geleistete Abschläge werden mit der Jahresrechnung verrechnet.",
    "Las cuotas ya abonadas no se devuelven.",
    "Le rate già pagate non sono rimborsabili.",
    "Gli acconti ricevuti non sono rimborsabili.",
    "Los importes ya abonados no se devuelven.",
])
def test_instalment_words_in_a_sentence_are_no_amount_paid(sentence):
    # a payment term's sentence uses the words of the instalments already paid: no label of an amount, nothing paid,
    # so the amount due stays the grand total
    from guichet.core.parsing.on_page import prepaid_label

    assert prepaid_label(sentence) is None
    values = propose([page_from(["Régie des Eaux", "Facture n° 10012345", "Total HT  100,00 €", "TVA 20 %  20,00 €",
                                 "Total TTC  120,00 €", sentence])]).values()
    assert values["amount_due"] == "120.00"


_PAID_HEAD = ["Dupont Bâtiment SARL", "3 rue du Port 13002 Marseille", "FACTURE N° FA-2024-0117",
              "Date de facture : 05/03/2024", "Client :", "Société Démo SAS", "Total HT   620,00", "TVA 20 %   124,00",
              "Total TTC   744,00 €"]
_EN_HEAD = ["Acme Builders Ltd", "INVOICE", "Invoice No: INV-2041", "Invoice date: 05/03/2024", "Subtotal   1000.00",
            "VAT 20%   200.00", "Total   1200.00"]


@pytest.mark.parametrize("lines", [
    _PAID_HEAD + ["Acompte versé (facture F-2026-0100)   300,00", "Solde   444,00"],
    _PAID_HEAD + ["Payé par carte bancaire   744,00"],
    _PAID_HEAD + ["Acompte n° 1 versé le 10/02/2024   500,00"],
    _PAID_HEAD + ["Acompte n° 1   -300,00 €"],
    _EN_HEAD + ["Less deposit paid (invoice INV-2001)   500.00"],
    ["Müller Bau GmbH", "Rechnung Nr. 4711", "Rechnungsdatum: 12.03.2024", "Nettobetrag   1.000,00", "MwSt 19%   190,00",
     "Gesamtbetrag   1.190,00 €", "abzgl. Anzahlung lt. Rechnung 4700   -500,00 €"],
    # a deposit of the whole total on an invoice (no deposit invoice's title): the total was paid
    _PAID_HEAD + ["Acompte   744,00"],
    # a second deposit invoice deducting the first one paid
    ["Dupont Bâtiment SARL", "FACTURE D'ACOMPTE N° 2", "Date : 05/03/2024", "Total HT   620,00", "TVA 20 %   124,00",
     "Total TTC   744,00 €", "Acompte n° 1 versé le 10/02/2024   300,00"],
])
def test_a_payment_or_a_deposit_paid_printed_leaves_no_grand_total_as_the_amount_due(lines):
    # an invoice word or a rank beside a deposit paid, a payment of the whole total: no deposit invoice's own words
    # (the amount due is the balance printed, or none: the conversion refuses it named, never the grand total)
    values = propose([page_from(lines)]).values()
    assert values["total_with_tax"] in ("744.00", "1200.00", "1190.00")
    assert values.get("amount_due") in (None, "444.00")


@pytest.mark.parametrize(("lines", "due"), [
    (["FACTURE D'ACOMPTE N° FA-2024-0031", "Date : 05/03/2024", "Acompte HT  12 450,00 €", "TVA 20 %  2 490,00 €",
      "Total TTC  14 940,00 €"], "14940.00"),
    (["FACTURE N° FA-2024-0031", "Acompte n° 2", "Date : 05/03/2024", "Acompte de 30 % sur devis D-2024-011  12 450,00 €",
      "Total HT  12 450,00 €", "TVA 20 %  2 490,00 €", "Total TTC  14 940,00 €"], "14940.00"),
    (["DEPOSIT INVOICE", "Invoice No: INV-2041", "Invoice date: 05/03/2024", "Deposit 30% on quote Q-118   300.00",
      "Subtotal   300.00", "VAT 20%   60.00", "Total   360.00"], "360.00"),
    (["Anzahlungsrechnung Nr. 4711", "Rechnungsdatum: 12.03.2024", "1. Anzahlung 30 % laut Angebot 118   300,00",
      "Nettobetrag   300,00", "MwSt 19%   57,00", "Gesamtbetrag   357,00 €"], "357.00"),
    # under a deposit invoice's title, its grand total's label names the deposit too
    (["Demande d'acompte", "Facture n° FA-2024-0031", "Date : 05/03/2024", "Montant de l'acompte HT  12 450,00 €",
      "TVA 20 %  2 490,00 €", "Montant de l'acompte TTC  14 940,00 €"], "14940.00"),
    (["Richiesta di acconto", "Fattura n. 2024/31", "Data: 05/03/2024", "Imponibile acconto  1.000,00 €",
      "IVA 22%  220,00 €", "Totale acconto  1.220,00 €"], "1220.00"),
    (["Vorauszahlungsrechnung Nr. 4711", "Rechnungsdatum: 12.03.2024", "Anzahlung netto  300,00 €",
      "MwSt 19%  57,00 €", "Anzahlung brutto  357,00 €"], "357.00"),
])
def test_a_deposit_invoice_s_own_words_leave_its_total_due(lines, due):
    assert propose([page_from(["Dupont Bâtiment SARL", *lines])]).values()["amount_due"] == due


@pytest.mark.parametrize(("paid", "balance"), [
    ("Acconti ricevuti", "Saldo dovuto"), ("Anticipi ricevuti", "Residuo da versare"),
    ("Acconti versati", "Saldo"), ("Acomptes reçus", "Solde"), ("Deposits received", "Balance"),
    ("Erhaltene Anzahlungen", "Restsumme"), ("Anzahlung erhalten", "Restsumme"), ("Anticipos recibidos", "Saldo"),
    ("Ya abonado", "Queda pendiente"), ("Acompte perçu le 27/01/2024", "Solde net à payer"),
])
def test_deposits_received_in_the_plural_leave_the_balance_as_the_amount_due(paid, balance):
    # « Acconti ricevuti » (Italian plural of « acconto »): an amount paid like the singular, so that the amount due
    # is the balance printed after it, never the grand total under « Netto da pagare »
    rows = ["FATTURA", "Fattura n. 20264070A", "Data 27/04/2026", "Totale imponibile (€)  € 4880,17",
            "Totale IVA (€)  € 1073,64", "Netto da pagare  € 5953,81", f"{paid}  € -2976,91", f"{balance}  € 2976,90"]
    values = propose([page_from(rows)]).values()
    assert values["total_with_tax"] == "5953.81"
    assert values["amount_due"] == "2976.90"


def test_a_vat_above_every_rate_of_the_net_is_no_vat_total():
    # A summary whose VAT column comes before the net's (« TVA  Montant HT  Tx  TTC »): 5,93 + 29,66 = 35,59 either
    # way, but 29,66 of VAT on 5,93 is no rate's (500 %).
    values = propose([page_from([
        "FACTURE N° FA-2",
        "Sous-total hors taxe  29,66 €",
        "TVA  Montant HT  Tx  TTC  Mt TVA 20,00 %  5,93 €",
        "5,93 €  29,66  20,00  35,59 €  Total toutes taxes  35,59 €",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"]) == ("29.66", "5.93")


def _cand(value: str, score: float = 0.5):
    from guichet.plugins.fields_rules.lines import Cand

    return Cand(Decimal(value), None, 0, 0, score)


def test_a_triple_that_does_not_add_up_gets_no_pair_bonus_besides():
    # HT, TVA and TTC all read: the triple's sum is the check; the HT/TTC pair's plausibility (+0.3) is for a
    # reading without TVA only, so a triple that does not add up costs its full 0.6
    from guichet.plugins.fields_rules.totals import _combo_score

    assert _combo_score(_cand("100.00"), _cand("19.00"), _cand("120.00")) == pytest.approx(1.5 - 0.6)
    assert _combo_score(_cand("100.00"), _cand("20.00"), _cand("120.00")) == pytest.approx(1.5 + 1.2)
    assert _combo_score(_cand("100.00"), None, _cand("120.00")) == pytest.approx(1.0 + 0.3)


@pytest.mark.parametrize(("ht", "tva", "swapped"), [
    ("5.93", "29.66", True),     # 5,93 is 20 % of 29,66: the two read swapped
    ("854.40", "3888.97", True),  # 286,15 at 9 % and 3 602,82 at 23 %, read swapped: 22 %, no one rate's
    ("100.00", "40.00", False),  # 200 at 20 % and -100 exempt: a VAT of 40 % of the net, not swapped (100 × 40 %)
    ("0.03", "0.01", False),     # cents fit any rate
    ("-100.00", "-40.00", False),
    ("100.00", "20.00", False),
])
def test_a_vat_above_every_rate_is_swapped_only_when_the_swap_is_within_the_rates(ht, tva, swapped):
    from guichet.plugins.fields_rules.totals import _swapped

    assert _swapped(Decimal(ht), Decimal(tva)) is swapped


def _right(label: str, amount: str, width: int = 70) -> str:
    """A totals row: its label, then its amount ending at the column's right edge (a monospaced print)."""
    return label + "  " + amount.rjust(width - len(label) - 2)


def test_the_totals_column_under_unknown_labels_wins_over_a_rate_row_with_its_gross():
    """Found on a VAT family (vat-13f): a rate table whose rows print base, VAT and gross under « TTC » (27,84 + 5,57
    = 33,41 at 20 %) above totals whose labels no vocabulary knows; the rate row was taken as the totals. The
    totals stacked in their own column add up (no usual rate: two rates), after the lines: they are the totals."""
    values = propose([page_from([
        "FACTURE N° FA-7",
        "Désignation  Qté  PU  Montant",
        "Livres  8  328,66  2 629,28",
        "Main d'oeuvre  6  4,64  27,84",
        "Taux  Base  TVA  TTC",
        "5,5 %  2 629,28  144,61  2 773,89",
        "20 %  27,84  5,57  33,41",
        _right("Cumul des marchandises", "2 657,12 €"),
        _right("Cumul des taxes", "150,18 €"),
        _right("Somme finale", "2 807,30 €"),
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("2657.12", "150.18", "2807.30")


def test_the_totals_column_takes_the_vat_of_each_rate_between_net_and_gross():
    """Net, the VAT of each rate on its own row (each saying its rate), then the gross: the VAT is their sum."""
    values = propose([page_from([
        "Fattura N. 12/26",
        "Descrizione  Quantità  Prezzo  Importo",
        "Canone  3  379,75  1.139,25",
        "Diritto  8  25,09  200,72",
        "Canone  7  1.686,88  11.808,16",
        _right("Somma dei valori", "€ 13.148,13"),
        _right("di cui quota 4%", "€ 517,90"),
        _right("di cui quota 5%", "€ 10,04"),
        _right("Somma finale", "€ 13.676,07"),
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("13148.13", "527.94",
                                                                                             "13676.07")


def test_the_totals_column_of_a_credit_note_and_of_no_vat():
    """A credit note's negative totals stacked beside rows of another column; no VAT said on the VAT's own row."""
    credit = propose([page_from([
        "FACTURA RECTIFICATIVA Nº R-4",
        "Concepto  Unidades  Precio  Importe",
        "Alquiler  1  -1377,30  -1377,30",
        "Portes  3,7  -18,54  -68,60",
        "Tramo 4,00 %    " + _right("Neto de conceptos", "-1445,90 EUR", 54),
        "Cuota del tramo    " + _right("Cuota de tramos", "-57,84 EUR", 51),
        "Tramo    " + _right("Suma final", "-1503,74 EUR", 61),
    ])]).values()
    assert (credit["total_without_tax"], credit["total_tax"], credit["total_with_tax"]) == ("-1445.90", "-57.84",
                                                                                            "-1503.74")
    exempt = propose([page_from([
        "FACTURA Nº F-9",
        "Concepto  Unidades  Precio  Importe",
        "Mantenimiento  1  6.113,67  6.113,67",
        _right("Suma de conceptos", "6.113,67€"),
        _right("IVA 0,00 %", "0,00€"),
        _right("Suma final", "6.113,67€"),
    ])]).values()
    assert exempt["total_with_tax"] == "6113.67"
    # The same stack with no VAT word on the zero's row (a deposit of nothing): no totals taken from it.
    deposit = propose([page_from([
        "FACTURA Nº F-9",
        "Concepto  Unidades  Precio  Importe",
        "Mantenimiento  1  6.113,67  6.113,67",
        _right("Suma de conceptos", "6.113,67€"),
        _right("Anticipo", "0,00€"),
        _right("Suma final", "6.113,67€"),
    ])]).values()
    assert deposit.get("total_tax") != "0.00"


def test_a_chance_sum_in_the_lines_column_is_no_totals_column():
    """Three lines whose amounts add up by chance (100 + 23 = 123) in the column the totals end: the grand total is
    the largest amount of its column, so the lines' run is none; the totals as labelled stay, an amount outside VAT
    (a stamp) between them."""
    values = propose([page_from([
        "FACTURE N° FA-8",
        "Désignation  Qté  PU HT  Montant HT",
        _right("Article A  1  100,00", "100,00"),
        _right("Article B  1  23,00", "23,00"),
        _right("Article C  1  123,00", "123,00"),
        _right("Total HT", "246,00"),
        _right("TVA 20 %", "49,20"),
        _right("Timbre fiscal", "1,00"),
        _right("Total TTC", "296,20"),
    ])]).values()
    assert (values["total_without_tax"], values["total_with_tax"]) == ("246.00", "296.20")


def test_a_chance_sum_at_a_usual_rate_in_the_lines_column_is_no_totals_triple():
    """The same with 100 + 20 = 120 (20 %, a usual rate): the unlabelled triple of amounts at a usual rate took the
    three lines as the totals over labelled ones that an amount outside VAT keeps from adding up (on main too). The
    grand total is the largest amount of its column: 120,00 under 240,00 is none."""
    values = propose([page_from([
        "FACTURE N° FA-8",
        "Désignation  Qté  PU HT  Montant HT",
        _right("Article A  1  100,00", "100,00"),
        _right("Article B  1  20,00", "20,00"),
        _right("Article C  1  120,00", "120,00"),
        _right("Total HT", "240,00"),
        _right("TVA 20 %", "48,00"),
        _right("Timbre fiscal", "1,00"),
        _right("Total TTC", "289,00"),
    ])]).values()
    assert (values["total_without_tax"], values["total_with_tax"]) == ("240.00", "289.00")


def test_a_line_outside_vat_between_the_vat_and_the_grand_total_is_in_it_and_a_rounding_after_it_is_not():
    """Found on the totals family (vat-13f): disbursements (not in the net, outside VAT) printed between the VAT and
    the grand total, then a rounding and the amount due. Net + VAT + disbursements = grand total to the cent: that is
    the grand total, not the rounded amount due (nor the net the grand total, the rounding its VAT)."""
    values = propose([page_from([
        "FACTURE N° FA-31",
        "Désignation  Qté  PU  Montant",
        "Pose de carrelage  3  3 142,91  9 428,73",
        "Frais de dossier  1  89,22  89,22",
        _right("Total HT", "9 517,95 €"),
        _right("TVA 20 %", "1 903,59 €"),
        _right("Débours", "16,00 €"),
        _right("Total TTC", "11 437,54 €"),
        _right("Écart d'arrondi", "0,01 €"),
        _right("Solde dû", "11 437,55 €"),
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("9517.95", "1903.59",
                                                                                             "11437.54")


def test_a_totals_column_with_charges_before_the_net_and_a_stamp_after_the_vat():
    """Labels no vocabulary knows: goods, two charges (taxed: in the net), the net, the VAT, a stamp duty (outside
    VAT), the gross. The charges before the net add up like a VAT and a stamp (500 + 99 + 6 = 605) but their « VAT »
    is at no known rate, the real one is (121 = 20 % of 605): the real run stays."""
    values = propose([page_from([
        "Rechnung Nr. 2026-118",
        "Artikel  Menge  Preis  Betrag",
        "Regal  4  125,00  500,00",
        _right("Artikelsumme", "500,00"),
        _right("Fracht", "99,00"),
        _right("Kleinmengenpauschale", "6,00"),
        _right("Warenwert", "605,00"),
        _right("Steueranteil 20", "121,00"),
        _right("Stempelmarke", "2,00"),
        _right("Endsumme", "728,00"),
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("605.00", "121.00",
                                                                                             "728.00")


def test_a_grid_of_totals_with_a_stamp_duty_and_a_share_capital_under_it():
    """Totals as a grid (labels in one row, the amounts in the row below) whose labels no vocabulary knows, a stamp
    duty outside VAT between the VAT and the gross, at several rates (no usual rate of the net); a share capital in
    the footer, larger, under it."""
    values = propose([page_from([
        "Fattura N. 88/2026",
        "Descrizione  Quantità  Prezzo  Importo",
        "Canone  1  812,40  812,40",
        "Libri  2  93,80  187,60",
        "Merce  Tasse  Bollo  Complessivo",
        "1.000,00  182,48  2,00  1.184,48",
        "Capitale sociale € 150.000,00 i.v.",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1000.00", "182.48",
                                                                                             "1184.48")



def test_a_second_rate_s_vat_between_the_first_and_the_grand_total_is_no_line_outside_vat():
    """Found on modeles (sparksuite, coordinator's trace of vat-13f round 2): « VAT 10% » then « VAT 2.1% » then the
    total. Net + the first VAT + the second = total to the cent, as for a stamp duty outside VAT; but a line that prints
    a rate or names the VAT holds VAT, never a line outside VAT. A stamp duty's line is one."""
    from guichet.plugins.fields_rules.lines import amounts, make_lines
    from guichet.plugins.fields_rules.totals import _amounts_in_order, _outside_vat

    for between, outside in (("VAT 2.1%:  764,16 €", False), ("Droit de timbre :  764,16 €", True)):
        lines = make_lines([page_from(["Subtotal:  165 046,42 €", "VAT 10%:  12 865,77 €", between,
                                       "Total:  178 676,35 €"])])
        ht, tva, _between, ttc = (amounts(line)[0] for line in lines)
        assert _outside_vat(_amounts_in_order(lines), ht, tva, ttc) is outside, between


def test_a_works_progress_recap_under_the_totals_is_no_totals_column():
    """A works situation: totals under plain labels, then the progress recap (before / this month / to date) in a
    column of its own, that adds up too. The recap came last on the page and was read as the totals (8 000 / 1 200 /
    9 200); its labels name amounts before and to date (:data:`L.NOT_THIS_TOTAL`): it gives way to the other run."""
    values = propose([page_from(_totals_then_recap(
        "SITUATION DE TRAVAUX N° 4", "1 200,00", ("Hors taxes", "240,00", "Taxes", "1 440,00", "Toutes taxes"),
        "Avancement du marché", ("Antérieur", "8 000,00", "Ce mois", "Cumul", "9 200,00")))]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1200.00", "240.00", "1440.00")


def _totals_then_recap(title: str, net: str, totals: tuple[str, ...], heading: str, recap: tuple[str, ...]) -> list[str]:
    """A works page: one line of ``net``, its totals column (net label, VAT, its label, gross, its label), then a
    recap column under ``heading`` (before's label and amount, this month's label, to date's label and amount)."""
    net_label, tax, tax_label, gross, gross_label = totals
    before_label, before, month_label, to_date_label, to_date = recap
    return [title, "Désignation  Qté  PU  Montant", f"Lot gros oeuvre  1  {net}  {net}",
            _right(net_label, net), _right(tax_label, tax), _right(gross_label, gross), heading,
            _right(before_label, before, 50), _right(month_label, net, 50), _right(to_date_label, to_date, 50)]


def test_a_payments_column_that_adds_up_is_no_totals():
    """A hotel folio prints its grand total and the VAT in it, no net; then the payments (deposit, card, received)
    in a column that adds up at 20 % (50 + 10 = 60). A net or a VAT is no payment: neither the column's triple nor
    the unlabelled one at a usual rate takes them (no value rather than a wrong one)."""
    values = propose([page_from([
        "NOTE DE SÉJOUR N° 55812",
        "Date  Libellé  Débit  Crédit",
        "12/03  Chambre  180,00",
        "12/03  Taxe de séjour  3,30",
        "13/03  Petit-déjeuner  36,00",
        _right("Total séjour", "219,30"),
        _right("dont TVA 10 %", "19,94"),
        "Règlements",
        _right("Arrhes", "50,00", 50),
        _right("Carte", "10,00", 50),
        _right("Reçu", "60,00", 50),
    ])]).values()
    assert values.get("total_without_tax") != "50.00" and values.get("total_with_tax") != "60.00"
    assert values["total_tax"] == "19.94"


def _two_columns_adding_up(net_label: str) -> list[str]:
    return _totals_then_recap("RELEVÉ N° 4", "1 000,00", (net_label, "115,00", "Impôt", "1 115,00", "Ensemble"),
                              "Avancement", ("Jusqu'ici", "8 000,00", "Ce mois", "Ensemble", "9 000,00"))


def test_two_totals_columns_that_disagree_take_the_one_said_elsewhere_else_neither_surely():
    """Two columns whose runs add up under labels no vocabulary knows (1 000 + 115 = 1 115, then 8 000 + 1 000 =
    9 000, at no usual rate): the last one on the page won at 0.62. The one whose net is labelled elsewhere is the
    totals; when neither is, each is scored under the conversion's floor."""
    proposal = propose([page_from(_two_columns_adding_up("Total HT"))])
    values, confidence = proposal.values(), proposal.confidence()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1000.00", "115.00", "1115.00")
    assert confidence["total_tax"] >= 0.5
    proposal = propose([page_from(_two_columns_adding_up("Marchandises"))])
    values, confidence = proposal.values(), proposal.confidence()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) != ("8000.00", "1000.00", "9000.00")
    assert confidence["total_tax"] < 0.3


def test_a_vat_of_nothing_written_as_a_sum_is_read_as_nothing():
    values = propose([page_from([
        "FACTURE N° FA-70",
        "Prestation de conseil  1  1 480,00  1 480,00",
        "Total HT 1 480,00 € + TVA 0,00 € = Total TTC 1 480,00 €",
        "TVA non applicable, art. 293 B du CGI",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1480.00", "0.00", "1480.00")


def test_a_sum_written_with_no_labels_gives_the_three_totals():
    values = propose([page_from([
        "RECHNUNG Nr. RE-71",
        "Beratung  2  310,00  620,00",
        "Netto + MwSt. = Brutto",
        "620,00 € + 117,80 € = 737,80 €",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("620.00", "117.80", "737.80")


def test_the_vat_included_in_a_grand_total_is_read_before_the_net_printed_after_it():
    values = propose([page_from([
        "FATTURA N. 72/2025",
        "Consulenza  1  1.220,00  1.220,00",
        "Totale documento € 1.220,00 (di cui IVA 22% € 220,00, imponibile € 1.000,00)",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1000.00", "220.00", "1220.00")


def test_totals_converted_into_another_currency_printed_first_are_not_read():
    values = propose([page_from([
        "FACTURE N° FA-73",
        "Désignation  Qté  Prix unitaire  Montant",
        "Audit sécurité  2  450,00  900,00",
        "Rapport  1  300,00  300,00",
        "Total HT  CHF 1 126,44  EUR 1 200,00",
        "TVA 20 %  CHF 225,29  EUR 240,00",
        "Total TTC  CHF 1 351,73  EUR 1 440,00",
        "Taux de conversion : 1 EUR = 0,9387 CHF",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1200.00", "240.00", "1440.00")


def test_the_vat_of_totals_printed_in_two_currencies_is_the_invoices_currencys():
    values = propose([page_from([
        "INVOICE No. INV-74",
        "Description  Qty  Unit price  Amount",
        "Consulting  3  400.00  1,200.00",
        "Net total  1,200.00 EUR  1,291.68 USD",
        "VAT 23%  276.00 EUR  297.09 USD",
        "Total incl. VAT  1,476.00 EUR  1,588.77 USD",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1200.00", "276.00", "1476.00")


def test_the_amount_left_after_a_payment_no_label_names_is_the_amount_due():
    values = propose([page_from([
        "RECHNUNG Nr. RE-75",
        "Beschreibung  Menge  Preis  Betrag",
        "Wartung  1  1.000,00  1.000,00",
        "Summe netto  1.000,00 €",
        "MwSt. 19 %  190,00 €",
        "Gesamt brutto  1.190,00 €",
        "Ihre Überweisung vom 02.03.2025  -400,00 €",
        "Rest  790,00 €",
    ])]).values()
    assert values["amount_due"] == "790.00"
    assert values["total_with_tax"] == "1190.00"


def test_the_net_printed_under_the_vat_included_is_no_amount_left_to_pay():
    values = propose([page_from([
        "FACTURA N.º 76",
        "Concepto  Cantidad  Precio  Importe",
        "Menú del día  10  12,10  121,00",
        "Total IVA incluido  121,00 €",
        "IVA incluido 10 %  -11,00 €",
        "Neto  110,00 €",
    ])]).values()
    assert values.get("amount_due") != "110.00"


def test_a_grand_total_printed_before_the_vat_it_includes_and_the_net_is_read_so():
    values = propose([page_from([
        "INVOICE No. INV-77",
        "Description  Qty  Amount",
        "Maintenance  1  1,750.60",
        "AMOUNT INCL. VAT:  EUR 1,750.60",
        "OF WHICH VAT 23%:  EUR 327.35",
        "PRICE BEFORE VAT:  EUR 1,423.25",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1423.25", "327.35", "1750.60")


@pytest.mark.parametrize(("label", "other"), [
    ("totale quote associative", False),  # Italian « quote »: shares, instalments of this invoice
    ("imponibile quote condominiali", False),
    ("total as per quote", True),
    ("quotation total", True),
    ("original quote", True),
    ("total quote", True),  # the noun ending the label: English
    ("agreed quote", True),
    ("quote", True),
])
def test_an_english_quote_names_another_total_an_italian_quote_does_not(label, other):
    from guichet.plugins.fields_rules import vocabulary

    assert bool(vocabulary.NOT_THIS_TOTAL.search(label)) is other


def test_the_vat_of_each_rate_printed_with_its_conversion_adds_up_to_the_vat_total():
    values = propose([page_from([
        "FACTURE N° FA-78",
        "Désignation  Qté  Prix unitaire  Montant",
        "Abonnement  8  100,00  800,00",
        "Livres  4  50,00  200,00",
        "EUR  CHF",
        "Total HT :  1 000,00  943,10",
        "dont TVA 20 % :  160,00  150,90",
        "dont TVA 5,5 % :  11,00  10,37",
        "Total TTC :  1 171,00  1 104,37",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("1000.00", "171.00", "1171.00")


@pytest.mark.parametrize(("title", "net_label", "vat_label", "gross_label"), [
    ("FATTURA N. 81/2025", "Importo IVA esclusa:", "IVA", "Importo lordo:"),
    ("FACTURE N° 82", "Somme hors TVA :", "TVA", "Somme TTC :"),
    ("FACTURA N.º 83", "Importe sin IVA:", "IVA", "Total factura:"),
    ("INVOICE No. 84", "Amount excluding VAT:", "VAT", "Amount payable:"),
])
def test_a_vat_word_the_label_excludes_names_the_net_not_the_vat(title, net_label, vat_label, gross_label):
    """The VAT of each rate, no VAT total, a converted column: « Importo IVA esclusa » is the net's label, not the VAT's."""
    values = propose([page_from([
        title,
        "Description  Qty  Rate  Amount",
        "Canone  1,1  10%  13,01",
        "Noleggio  6  22%  3675,18",
        "EUR  USD",
        _right(net_label, "3688,19") + "  3969,97",
        _right(f"{vat_label} 10%:", "1,30") + "  1,40",
        _right(f"{vat_label} 22%:", "808,54") + "  870,31",
        _right(gross_label, "4498,03") + "  4841,68",
        "1 EUR = 1,0764 USD",
    ])]).values()
    assert values["total_tax"] == "809.84"
    assert (values["total_without_tax"], values["total_with_tax"]) == ("3688.19", "4498.03")


def test_a_line_of_the_table_whose_description_holds_a_total_word_is_no_converted_total():
    values = propose([page_from([
        "FACTURA N.º 85",
        "Concepto  Cant.  Precio  Tipo IVA  Importe",
        "Alquiler de andamio  1  73,62  21%  73,62",
        "Cuota mensual de soporte  2  1063,94  4%  2127,88",
        "Importe sin IVA:  EUR 2201,50  (CHF 2066,55)",
        "Importe Cuota IVA:  EUR 100,58  (CHF 94,41)",
        "Importe IVA incluido:  EUR 2302,08  (CHF 2160,96)",
        "Cambio: 1 EUR = 0,9387 CHF",
    ])]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("2201.50", "100.58", "2302.08")


@pytest.mark.parametrize("label", ["Importo IVA esclusa:", "Somme hors TVA :", "Importe sin IVA:", "Netto ohne MwSt.:",
                                   "Total excl. VAT:"])
def test_an_amount_whose_label_excludes_the_vat_is_a_net_and_never_the_vat(label):
    values = propose([page_from([
        "DOCUMENT 86",
        "Description  Qty  Amount",
        "Service  1  3688,19",
        _right(label, "3688,19"),
    ])]).values()
    assert values.get("total_tax") != "3688.19"
    assert values["total_without_tax"] == "3688.19"


def test_a_charge_percentage_of_a_base_on_a_row_ending_with_its_vat_rate_is_no_vat_row():
    # The charges table prints « 10,00% sur 100,00 EUR  10,00 » then the charge's VAT rate (20 %) in its last
    # column: 10 % of 100,00 is the charge, not a 10 % VAT row; the breakdown is the two rows below.
    proposal = propose([page_from([
        "FACTURE N° F-24",
        "Désignation  Qté  Montant HT  TVA",
        "Prestation  1  60,00  0,00%",
        "Fournitures  2  30,00  20,00%",
        "CHARGE : FRAIS DEPLACEMENT  10,00% sur 100,00 EUR  10,00  20,00%",
        "Code  Taux  Base  TVA",
        "S  20,00%  40,00  8,00",
        "E  0,00%  60,00  0,00",
        "TOTAL HT  100,00",
        "TOTAL TVA  8,00",
        "TOTAL TTC  108,00",
    ])])
    assert _rows(proposal) == [("0", "60.00", "0.00"), ("20", "40.00", "8.00")]
    assert proposal.values()["total_tax"] == "8.00"


def test_a_breakdown_row_printing_its_rate_last_stays_a_vat_row():
    # « Base  TVA  Taux »: the row's own rate is its last cell, no other rate after its VAT.
    proposal = propose([page_from([
        "FACTURE N° F-25",
        "Base HT  Montant TVA  Taux",
        "100,00  20,00  20%",
        "TOTAL HT  100,00",
        "TOTAL TVA  20,00",
        "TOTAL TTC  120,00",
    ])])
    assert _rows(proposal) == [("20", "100.00", "20.00")]


def test_a_lone_percent_sign_after_a_vat_word_heads_the_rate_column_of_the_breakdown():
    # « TAX: %  Base amount:  Tax amount:  Total: »: the rates under « % » are printed without their sign.
    proposal = propose([page_from([
        "INVOICE I/00002",
        "TAX: %  Base amount:  Tax amount:  Total:  Curr.:",
        "VAT 6.00  16.98  1.02  18.00  EUR",
        "VAT 21.00  1136.36  238.64  1375.00  EUR",
        "1153.34  239.66  1393.00  EUR",
    ])])
    assert _rows(proposal) == [("21", "1136.36", "238.64"), ("6", "16.98", "1.02")]


_PROGRAM_PAGE = {
    "fr": ["Orvane SASU", "Facture", "Numéro de facture 3064", "Émise le 05-05-2026",
           "Description  Quantité  Coût unitaire  Montant", "Tonte  1  3.795,39  3.795,39"],
    "es": ["Ardéco S.L.", "Factura", "Número de Factura 3064", "Fecha de Factura 05-05-2026",
           "Descripción  Cantidad  Coste unitario  Total", "Portes  1  3.795,39  3.795,39"],
    "de": ["Müller GmbH", "Rechnung", "Rechnungsnummer 3064", "Rechnungsdatum 05.05.2026",
           "Beschreibung  Menge  Einzelpreis  Summe", "Arbeit  1  3.795,39  3.795,39"],
    "it": ["Rossi S.r.l.", "Fattura", "Numero Fattura 3064", "Data Fattura 05/05/2026",
           "Descrizione  Quantità  Costo unitario  Totale riga", "Lavoro  1  3.795,39  3.795,39"],
}


@pytest.mark.parametrize(("language", "tail", "totals"), [
    # Invoice Ninja's, InvoiceShelf's, Bagisto's words: a subtotal, a discount, the tax, the total
    ("fr", ["Sous-total  3.795,39 €", "Remise (5%)  -189,77 €", "Taxe  721,12 €", "Total  4.326,74 €"],
     ("3605.62", "721.12", "4326.74")),
    ("fr", ["Sous-total  3.795,39 €", "Remise (5%)  -189,77 €", "Montant de la taxe  721,12 €", "Total général  4.326,74 €"],
     ("3605.62", "721.12", "4326.74")),
    # a nil VAT (a franchise): the net after the discount is the grand total, not the subtotal before it
    ("fr", ["Sous-total  3.795,39 €", "Remise (5%)  -189,77 €", "Taxes totales (0 %)  0,00 €", "Total  3.605,62 €"],
     ("3605.62", "0.00", "3605.62")),
    ("fr", ["Sous-total  3.795,39 €", "Remise (5%)  -189,77 €", "TVA 0 % :  0,00 €", "Montant total  3.605,62 €"],
     ("3605.62", "0.00", "3605.62")),
    ("es", ["Subtotal  3.795,39 €", "Descuento (5%)  -189,77 €", "Suma de Impuestos  757,18 €", "Total Facturado  4.362,80 €"],
     ("3605.62", "757.18", "4362.80")),
    ("de", ["Zwischensumme  3.795,39 €", "Rabatt (5%)  -189,77 €", "Steuer  685,07 €", "Gesamt  4.290,69 €"],
     ("3605.62", "685.07", "4290.69")),
    ("de", ["Zwischensumme  3.795,39 €", "Rabatt (5%)  -189,77 €", "Gesamt Steuern  685,07 €", "Rechnungsbetrag  4.290,69 €"],
     ("3605.62", "685.07", "4290.69")),
    ("it", ["Subtotale  3.795,39 €", "Sconto (5%)  -189,77 €", "Tassa  793,24 €", "Totale  4.398,86 €"],
     ("3605.62", "793.24", "4398.86")),
    ("it", ["Subtotale  3.795,39 €", "Sconto (5%)  -189,77 €", "Totale Tasse  793,24 €", "Totale Fattura  4.398,86 €"],
     ("3605.62", "793.24", "4398.86")),
])
def test_the_tax_and_totals_of_invoicing_programs_after_a_discount(language, tail, totals):
    values = propose([page_from(_PROGRAM_PAGE[language] + tail)]).values()
    assert tuple(str(values.get(name)) for name in ("total_without_tax", "total_tax", "total_with_tax")) == totals


@pytest.mark.parametrize("tail", [
    ["Total hors taxe  3.795,39 €", "TVA 20 %  759,08 €", "Total TTC  4.554,47 €"],
    ["Total HT  3.795,39 €", "Éco-taxe  2,00 €", "TVA 20 %  759,48 €", "Total TTC  4.556,87 €"],
])
def test_taxe_alone_is_no_vat_label_inside_other_words(tail):
    values = propose([page_from(_PROGRAM_PAGE["fr"] + tail)]).values()
    assert str(values.get("total_with_tax")) == tail[-1].split("  ")[1].replace(".", "").replace(",", ".").rstrip(" €")
