"""General wording and geometry rules of the field proposer, each on a built page (no corpus file).

The label vocabularies follow how invoices are worded in each language (abbreviated labels,
header rows over their values); a label ends at a word's end; the lines' table header, a
row of total labels, a label cell beside its value and a letter's recipient block are told
apart from what they look like.
"""

from __future__ import annotations

import re

from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose
from guichet.plugins.fields_rules import vocabulary
from guichet.plugins.fields_rules.lines import label_hits, make_lines


def test_a_label_ends_at_a_word_end():
    # 'factura num' is no label of "Factura número": the longer alternative is read, then its value
    values = propose([page_from(["FACTURA", "Factura número  FC-2025-50438", "Total a pagar  12,10"])]).values()
    assert values["invoice_number"] == "FC-2025-50438"


def test_the_abbreviated_number_labels_of_each_language():
    cases = [
        (["RECHNUNG", "Rg.-Nr.  R2002776", "Datum Rechnung  2020-02-11"], "R2002776", "2020-02-11"),
        (["RECHNUNG", "RE-Nr.  25-93943", "Ausgestellt am  28.10.2025"], "25-93943", "2025-10-28"),
        (["FATTURA", "N. fatt.  FAC-2023-68235", "Data fatt.  12/03/2023"], "FAC-2023-68235", "2023-03-12"),
        (["NOTA DI CREDITO", "Doc. n.  FC-2024-20438", "Emessa in data  05/02/2024"], "FC-2024-20438", "2024-02-05"),
        (["FACTURA", "Núm. factura  R2105972", "F. emisión  01/05/2021"], "R2105972", "2021-05-01"),
        (["FACTURE", "Pièce n°  76727", "Date d'édition  16/01/2021"], "76727", "2021-01-16"),
        (["INVOICE", "Our ref.  INV-2022-21097", "Date issued  14/03/2022"], "INV-2022-21097", "2022-03-14"),
    ]
    for lines, number, day in cases:
        values = propose([page_from(lines)]).values()
        assert (values.get("invoice_number"), values.get("issue_date")) == (number, day), lines


def test_a_header_row_over_its_values():
    page = page_from([
        "Facture",
        "Atelier Colin SAS  Pièce n°  Date pièce  Échéance au",
        "12 rue des Lilas  76727  2021-01-16  2021-02-15",
        "69003 Lyon",
    ])
    values = propose([page]).values()
    assert values["invoice_number"] == "76727"
    assert values["issue_date"] == "2021-01-16"
    assert values["due_date"] == "2021-02-15"


def test_a_reference_label_names_another_document_when_said_whose():
    page = page_from(["FACTURE", "Référence  FAC-2024-41557", "Réf. commande  364185", "Votre référence  A-77"])
    assert propose([page]).values()["invoice_number"] == "FAC-2024-41557"


def test_the_article_reference_column_is_no_invoice_number():
    page = page_from([
        "Facture n°  F-2024-12",
        "Réf.  Désignation  Qté  Prix HT  Montant HT",
        "A100  Pain de campagne  10  2,50  25,00",
        "Total HT  25,00",
    ])
    assert propose([page]).values()["invoice_number"] == "F-2024-12"
    page = page_from([
        "Facture",
        "Réf.  Désignation  Qté  Prix HT  Montant HT",
        "A100  Pain de campagne  10  2,50  25,00",
    ])
    assert propose([page]).values().get("invoice_number") is None


def test_a_row_of_total_labels_is_no_table_header():
    page = page_from([
        "Facture n°  F-1",
        "Total prestations HT  Taxe (TVA)  Total dû",
        "261 950,75 €  22 569,77 €  284 520,52 €",
    ])
    values = propose([page]).values()
    assert values["total_without_tax"] == "261950.75"
    assert values["total_tax"] == "22569.77"
    assert values["total_with_tax"] == "284520.52"


def test_a_spanish_credit_note_total_and_dotted_vat():
    page = page_from(["FACTURA RECTIFICATIVA", "Importe sin IVA : -1.023,46 €", "Cuota I.V.A. total : -173,08 €",
                      "Total a abonar : -1.196,54 €"])
    values = propose([page]).values()
    assert values["total_with_tax"] == "-1196.54"
    assert values["total_tax"] == "-173.08"


def test_a_date_of_another_document_is_not_the_issue_date():
    page = page_from([
        "Handelsrechnung Nr. 471102 vom 05.03.2018",
        "Rechnung gemäß Betriebskostenrechnung vom 21.11.2011.",
    ])
    assert propose([page]).values()["issue_date"] == "2018-03-05"
    page = page_from(["Facture n° F-9 du 12/05/2024", "Travaux selon devis du 02/01/2024"])
    assert propose([page]).values()["issue_date"] == "2024-05-12"


def test_a_service_date_is_not_the_issue_date_but_a_company_may_be_named_works():
    page = page_from(["INVOICE  INV-7", "Date of service  02/03/2024", "Invoice date  09/03/2024"])
    assert propose([page]).values()["issue_date"] == "2024-03-09"
    page = page_from(["INVOICE  INV-8", "Print Works Hughes LLP  Issue date  December 18, 2022"])
    assert propose([page]).values()["issue_date"] == "2022-12-18"


def test_a_label_beside_or_over_its_value_is_no_seller_name():
    page = page_from([
        "Facture",
        "Facture No  2020-4781",
        "Date de création  16 août 2020",
        "",
        "Bernard-Garnier EURL  Adresse de facturation",
        "31 avenue Jean Jaurès  Garage Martin",
        "17365 Nantes  24 place du Marché",
        "  37880 Rennes",
        "Total TTC  120,00",
    ])
    assert propose([page]).values()["seller_name"] == "Bernard-Garnier EURL"


def test_a_letter_sender_is_the_seller_not_the_recipient_with_a_legal_form():
    page = page_from([
        "Karim Rolland",
        "118 rue des Lilas",
        "66116 Toulouse",
        "",
        "                                   Menuiserie Fontaine SA",
        "                                   100 impasse du Moulin",
        "                                   71084 Bordeaux",
        "                                   À Toulouse, le 31/01/22",
        "Objet : Facture n° 2022-8155 du 31/01/22",
        "Montant à payer TTC : 510,58 €",
        "RCS Toulouse B 969 613 561 – Identifiant TVA : FR39969613561",
    ])
    assert propose([page]).values()["seller_name"] == "Karim Rolland"


def test_a_seller_heading_takes_the_name_of_its_own_column():
    page = page_from([
        "Émis par",
        "                                        Facture",
        "Les Laboratoires Lumière SAS",
        "87 rue de la République  Pièce n°  Date pièce",
        "84540 Paris  76727  2021-01-16",
    ])
    assert propose([page]).values()["seller_name"] == "Les Laboratoires Lumière SAS"


def test_label_patterns_compile_when_first_used():
    fresh = vocabulary.labels("due_date", whole=True)
    assert all(pattern._compiled is None for _rank, pattern in fresh)
    lines = make_lines([page_from(["Date d'échéance : 04/04/2024"])])
    assert label_hits(lines[0], fresh)
    assert any(pattern._compiled is not None for _rank, pattern in fresh)


def test_a_value_under_a_header_row_is_the_one_of_its_own_column():
    # "En date du" is wider than "Livré le": the delivery date beside it is not its value
    page = page_from([
        "FACTURE",
        "Facture numéro  Livré le  En date du  Code client",
        "2022/74904      20/11/22  29/11/22    C91313",
    ])
    assert propose([page]).values()["issue_date"] == "2022-11-29"


def test_the_belgian_and_bracketed_total_labels():
    page = page_from(["Facture n° F-3", "Total HTVA  100,00", "TVA 21 %  21,00", "Total TVAC  121,00"])
    values = propose([page]).values()
    assert (values["total_without_tax"], values["total_with_tax"]) == ("100.00", "121.00")
    page = page_from(["Facture n° F-4", "Total (HT)  100,00", "Total (TTC)  120,00", "Grand livre  999,00"])
    assert propose([page]).values()["total_with_tax"] == "120.00"


def test_a_right_aligned_seller_heading_takes_no_word_inside_a_street():
    page = page_from([
        "                                                   Vendeur",
        "FACTURE                          DA SILVA & FILS SA",
        "                                   87 boulevard Voltaire",
        "                                   45992 Lille",
        "Facture numéro FC-2024-13865",
    ])
    assert propose([page]).values()["seller_name"] == "DA SILVA & FILS SA"


def test_of_two_unlabelled_address_blocks_the_first_is_the_senders():
    page = page_from([
        "Hughes & Sons",
        "67 Victoria Road",
        "58139 Leeds",
        "",
        "                                   Consulting O'Connor Limited",
        "                                   43 Station Road",
        "                                   26087 Leeds",
        "Re: Invoice FA-2026-57955 of Mar 20, 2026",
        "Amount due : 120,00",
    ])
    assert propose([page]).values()["seller_name"] == "Hughes & Sons"


def test_a_date_written_year_first_with_slashes_or_dots():
    for written in ("2024/03/05", "2024.03.05", "2024-03-05"):
        page = page_from(["INVOICE", "Invoice No.  INV-77", f"Invoice date  {written}", "Total due  12,00"])
        assert propose([page]).values()["issue_date"] == "2024-03-05", written


def test_the_vat_breakdown_confirms_totals_printed_without_labels():
    page = page_from([
        "Facture n°  F-12",
        "Taux  Base  Montant",
        "20 %  100,00  20,00",
        "5,5 %  200,00  11,00",
        "",
        "300,00  31,00  331,00",
        "Acompte versé le 02/01/2024 : 50,00",
    ])
    values = propose([page]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("300.00", "31.00", "331.00")


def test_an_issue_date_after_the_due_date_is_another_date():
    page = page_from(["FACTURE F-1", "Date  05/06/2024", "Envoyé le 30/07/2024", "Échéance  05/07/2024", "Total TTC  12,00"])
    values = propose([page]).values()
    assert (values["issue_date"], values["due_date"]) == ("2024-06-05", "2024-07-05")


def test_the_spanish_net_payable_and_abbreviated_base():
    page = page_from(["FACTURA", "Nº factura  FC.63776", "Base imp.  22.550,35", "Cuota  2.510,42", "Líquido a pagar  25.060,77 €"])
    values = propose([page]).values()
    assert (values["total_without_tax"], values["total_tax"], values["total_with_tax"]) == ("22550.35", "2510.42", "25060.77")


def test_the_first_characters_of_a_label_gate_the_combined_pattern_without_losing_a_match():
    assert vocabulary.first_chars(r"\bn[°º]\s*facture") == {"n"}
    assert vocabulary.first_chars(r"(?:total|montant)\s*ttc") == {"t", "m"}
    assert vocabulary.first_chars(r"\d+\s*jours") == set("0123456789")
    assert vocabulary.first_chars(r"(?:a\s*)?payer") == {"a", "p"}
    assert vocabulary.first_chars(r"\w+\s*due") is None  # any word character: no gate
    assert vocabulary.first_chars(r"(?:x)?") is None  # may match nothing: no gate
    labels = vocabulary.TOTAL_WITH_TAX
    assert "(?=[" in labels._any.pattern
    for text in ("net a payer  12,00", "grand total 5", "  gesamtbetrag", "liquido a pagar", "summe (brutto)"):
        plain = re.compile("|".join(f"(?:{p.pattern})" for _rank, p in labels))
        assert (labels.search(text) and labels.search(text).span()) == (plain.search(text) and plain.search(text).span())


def test_the_first_two_characters_of_a_label_gate_the_combined_pattern_without_losing_a_match():
    """The labels' first two characters (a blank that may open one included) spare the places where a label's first
    letter stands but no label starts: the combined pattern finds what the labels one by one find."""
    assert vocabulary.start_pairs(r"\bfacture\b") == {"fa"}
    assert vocabulary.start_pairs(r"n[°º]\s*facture") == {"n°", "nº"}
    optional = vocabulary.start_pairs(r"(?:a\s*)?payer")
    assert {"a", "a ", "pa"} <= optional and "p" not in optional  # with « a » or without it
    blank_first = vocabulary.start_pairs(r"\s*client")
    assert "cl" in blank_first and {" ", "\t", "\u3000"} <= blank_first  # a blank, then anything: the blank alone
    assert vocabulary.start_pairs(r"\d+\s*jours") is None  # any script's digits: not listed
    assert vocabulary.start_pairs(r"(?:x)?") is None  # may match nothing: no gate
    assert vocabulary._pair_gate((r"\bfacture", r"n[°º]", r"total")) == "(?=f[a]|n[°º]|t[o])"
    for labels in (vocabulary.INVOICE_NUMBER, vocabulary.BUYER_BLOCK, vocabulary.TOTAL_WITH_TAX):
        assert labels._any.pattern.startswith("(?=") and "(?=[" in labels._any.pattern  # both gates
        plain = re.compile("|".join(f"(?:{getattr(p, 'source', p.pattern)})" for _rank, p in labels))
        for text in ("facture n° FA-12", "  client : Durand SA", "n°  12", "net a payer  12,00", "invoice no. 7",
                     "x  adresse de facturation", "", "nothing here", "\u3000client"):
            found, want = labels.search(text), plain.search(text)
            assert (found and (found.span(), found.group())) == (want and (want.span(), want.group())), text


def test_labels_that_may_open_with_punctuation_gate_on_their_place_and_that_punctuation():
    """« (?:^|(?<=\\s\\s))[^\\w\\s]*… », « ^\\W*paid » (a paid amount's labels): their place and a class too wide to list
    gate the whole vocabulary, with every match kept."""
    assert vocabulary.first_starts(r"^\W*paid\s*:") == {"p", r"[\W]"}
    assert vocabulary.first_starts(r"[^\w\s]*acompte") == {"a", r"[^\w\s]"}
    assert vocabulary.first_chars(r"[^\w\s]*acompte") is None  # the characters alone: none known
    labels = vocabulary.PREPAID
    assert labels._any.pattern.startswith("(?=")
    assert r"(?:^|(?<=\s\s))(?:" in labels._any.pattern
    plain = re.compile("|".join(f"(?:{getattr(p, 'source', p.pattern)})" for _rank, p in labels))
    for text in ("- acompte deja regle :  100,00", "  ** paid: 12", "total  (deja preleve)  12,00", "#paid: 1",
                 "reste du  acomptes regles  5", "net a payer  12", "bezahlt: 3", "x paid: 4", ""):
        assert ([m.span() for m in labels.finditer(text)] == [m.span() for m in plain.finditer(text)]), text


def test_an_english_date_with_of_and_a_comma():
    page = page_from(["INVOICE", "Invoice No.  INV-9", "Invoice date  the 21st of June, 2024", "Total due  12,00"])
    assert propose([page]).values()["issue_date"] == "2024-06-21"


def test_a_vocabulary_is_the_whole_of_a_text_as_one_of_its_labels_is():
    labels = vocabulary.ISSUE_DATE.strong()
    for text in ("date de facture", "invoice date", "rechnungsdatum", "date de facture 12", "facture", "", "total ttc"):
        assert labels.fullmatch(text) == any(p.compiled.fullmatch(text) for _rank, p in labels), text
    assert labels.fullmatch("date de facture") and not labels.fullmatch("date de facture 12")


def test_a_lines_labels_and_cells_read_once_each_call_its_own_list():
    from guichet.plugins.fields_rules.blocks import cells

    line = make_lines([page_from(["Total TTC  120,00   Total HT  100,00"])])[0]
    first = label_hits(line, vocabulary.TOTAL_WITH_TAX)
    said = [m.group() for _r, m in first]
    assert "total ttc" in said and "total ht" not in said
    first.clear()  # a caller's list: the next caller still gets the hits
    assert [m.group() for _r, m in label_hits(line, vocabulary.TOTAL_WITH_TAX)] == said
    assert "total ht" in [m.group() for _r, m in label_hits(line, vocabulary.TOTAL_WITHOUT_TAX)]
    other = vocabulary.Labels(vocabulary.TOTAL_WITH_TAX[:1])  # another vocabulary: its own hits, not the memo's
    assert len(label_hits(line, other)) <= 1
    assert [m.group() for _r, m in label_hits(line, vocabulary.TOTAL_WITH_TAX)] == said
    row = cells(line)
    assert [[w.text for w in cell] for cell in row] == [["Total", "TTC"], ["120,00"], ["Total", "HT"], ["100,00"]]
    row.pop()
    assert len(cells(line)) == 4


def test_a_labels_first_letters_are_read_from_its_pattern_and_every_match_starts_with_them():
    assert vocabulary.literal_prefix(r"total\s*ttc") == "total"
    assert vocabulary.literal_prefix(r"\btotals?\s*ht") == "total"  # the quantified « s » left out
    assert vocabulary.literal_prefix(r"montant a payer") == "montant a payer"
    assert vocabulary.literal_prefix(r"(?:total|montant)\s*ttc") == ""  # an alternative: nothing known
    assert vocabulary.literal_prefix(r"net|brut") == ""
    assert vocabulary.literal_prefix(r"n[°º]\s*facture") == "n"
    for labels in (vocabulary.TOTAL_WITH_TAX, vocabulary.INVOICE_NUMBER, vocabulary.ISSUE_DATE, vocabulary.NOT_OWN_NUMBER):
        for _rank, pattern in labels:
            for text in ("total ttc a payer", "facture n 12", "date de facture", "rechnungsnummer", "numero de commande"):
                for match in pattern.finditer(text):
                    assert match.group().startswith(pattern.prefix), (pattern.source, text)


def test_a_vocabulary_of_compiled_patterns_is_searched_as_one_of_labels():
    """Some rules build a vocabulary of plain compiled patterns (no first letters known): every one is tried."""
    compiled = vocabulary.Labels([(0, re.compile(r"^\s*(?:nom|name)\s*:"))])
    line = make_lines([page_from(["Nom : Société A"])])[0]
    assert [m.group() for _r, m in label_hits(line, compiled)] == ["nom :"]
    assert compiled.fullmatch("nom :") and not compiled.fullmatch("nom : x")
