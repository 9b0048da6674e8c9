"""The seller's registered name (BT-27) where only the small print tells it (issue 13, branch seller-13d): the holder of
the account the page is paid into, the payee of cheques, the owner of a « © » line, a legal sentence, the name after the
identifier that opens a footer, a legal form wrapped in a narrow footer column, a block of the issuer's data.

Each page is written by hand the way such documents print in general; none is copied from a generated sample.
"""

from __future__ import annotations

import pytest
from test_plugins_fields_rules import page_from

from guichet.plugins.fields_rules import propose
from guichet.plugins.fields_rules.lines import make_lines
from guichet.plugins.fields_rules.names import _footer_names, _identified, name_like, payee_names
from guichet.plugins.fields_rules.parties import _SELLER_HEADING


def _seller(lines: list[str]) -> str | None:
    return propose([page_from(lines)]).values().get("seller_name")


def _page(top: str, bottom: list[str], *, language: str = "en") -> list[str]:
    """A page with a trading name in large letters at the top (a brand with no legal form), and ``bottom`` under the
    totals."""
    body = {
        "en": ["Invoice no.  INV-2041", "Invoice date  12/03/2025", "", "Bill to", "Harbour View Hotel", "12 Quay Street",
               "H91 E2K3 Galway", "", "Description  Qty  Amount", "Site survey  1  400.00", "Subtotal  400.00",
               "VAT 23%  92.00", "Total  492.00", ""],
        "de": ["Rechnung Nr.  RE-2041", "Datum  12.03.2025", "", "Rechnungsempfänger", "Pension Seeblick", "Seeweg 4",
               "79098 Freiburg", "", "Leistung  Menge  Betrag", "Wartung  1  400,00", "Netto  400,00", "USt. 19 %  76,00",
               "Gesamtbetrag  476,00", ""],
        "es": ["Factura nº  A-2041", "Fecha  12/03/2025", "", "Cliente", "Hostal La Alameda", "Calle Real, 4",
               "50001 Zaragoza", "", "Concepto  Cantidad  Importe", "Portes  1  400,00", "Base imponible  400,00",
               "IVA 21 %  84,00", "Total factura  484,00", ""],
    }[language]
    return [top, "Unit 4, Mill Road", ""] + body + bottom


def test_the_holder_of_the_account_the_page_is_paid_into_is_the_seller():
    assert _seller(_page("Nexora", ["Our bank details", "Account name: Walsh Print Works Ltd",
                                    "IBAN: IE29 AIBK 9311 5212 3456 78", "BIC: AIBKIE2D"])) == "Walsh Print Works Ltd"
    # the label in its cell and the name in the next
    assert _seller(_page("Taskora", ["Bankverbindung", "Kontoinhaber  Wagner Haustechnik KG",
                                     "IBAN  DE89 3704 0044 0532 0130 00"], language="de")) == "Wagner Haustechnik KG"
    assert _seller(_page("Orvane", ["Titular de la cuenta: Suministros Serrano S.A.U.",
                                    "IBAN ES91 2100 0418 4502 0005 1332"], language="es")) == "Suministros Serrano S.A.U."


def test_a_holder_far_from_any_iban_or_over_a_direct_debit_is_no_payee():
    lines = make_lines([page_from(["Account holder: Walsh Print Works Ltd", "", "", "", "", "Thank you"])])
    assert payee_names(lines) == []
    debit = make_lines([page_from(["Prélèvement SEPA sur le compte", "Titulaire du compte : Hôtel des Remparts SARL",
                                   "IBAN FR76 3000 6000 0112 3456 7890 189"])])
    assert payee_names(debit) == []


#: A utility's bill: the customer's block under a bare holder's heading, the bank details farther down.
_UTILITY = {
    "fr": (["EauClaire SAS", "3 quai du Port 13002 Marseille", "SIRET 732 829 320 00074", "Facture n° 2024-55102 du 05/03/2024"],
           ["Désignation   Qté   Prix unitaire   Montant HT", "Abonnement   1   100,00   100,00", "Total HT   100,00",
            "TVA 5,5 %   5,50", "Total TTC   105,50 €"]),
    "it": (["Acqua Pura S.p.A.", "Via Roma 10, 20121 Milano", "P.IVA 01234567890", "Bolletta n. 2024/118832   Data emissione 05/03/2024"],
           ["Descrizione   Quantità   Prezzo   Importo", "Quota fissa   1   100,00   100,00", "Imponibile   100,00",
            "IVA 10%   10,00", "Totale da pagare   110,00 €"]),
    "es": (["Aguas del Sur S.A.", "C/ Mayor 3, 41001 Sevilla", "CIF A12345678", "Factura nº 2024-55102   Fecha 05/03/2024"],
           ["Concepto   Cantidad   Precio   Importe", "Cuota fija   1   100,00   100,00", "Base imponible   100,00",
            "IVA 10%   10,00", "Total factura   110,00 €"]),
    "de": (["Stadtwerke Nord GmbH", "Hafenstr. 2, 20457 Hamburg", "USt-IdNr. DE123456789", "Rechnung Nr. 2024-55102 vom 05.03.2024"],
           ["Beschreibung   Menge   Preis   Betrag", "Grundpreis   1   100,00   100,00", "Nettobetrag   100,00",
            "MwSt 19%   19,00", "Gesamtbetrag   119,00 €"]),
}


def test_a_bare_holder_s_heading_is_the_customer_s_and_gives_no_payee():
    """« Titulaire », « Intestatario », « Titular », « Empfänger » alone head the customer's block too (the holder of
    the contract): only an explicit label of the account (« Titulaire du compte », « Kontoinhaber ») names a payee."""
    cases = {
        "fr": ["Titulaire : Boulangerie Dupont SARL", "Référence client 448812",
               "Règlement par virement IBAN FR76 3000 6000 0112 3456 7890 189"],
        "it": ["Intestatario: Bar Centrale S.n.c.", "Codice cliente 448812",
               "Pagamento con bonifico su IBAN IT60X0542811101000000123456"],
        "es": ["Titular: Bodegas Peñalba S.L.", "Nº cliente 448812", "Transferencia a IBAN ES91 2100 0418 4502 0005 1332"],
        "de": ["Empfänger: Bäckerei Schulz KG", "Kundennummer 448812",
               "Bitte überweisen Sie auf IBAN DE89 3704 0044 0532 0130 00"],
    }
    for language, middle in cases.items():
        head, body = _UTILITY[language]
        assert _seller(head + middle + body) == head[0], language


def test_an_account_under_a_direct_debit_or_in_the_buyer_s_name_gives_no_payee():
    head, body = _UTILITY["fr"]
    # the debit's words two lines above the holder, in the same bank block
    debit = ["Mode de règlement : prélèvement automatique le 20/03/2024", "Vos coordonnées bancaires",
             "Titulaire du compte : Boulangerie Dupont SARL", "IBAN FR76 3000 6000 0112 3456 7890 189"]
    assert _seller(head + ["Client : Boulangerie Dupont SARL"] + body + debit) == "EauClaire SAS"
    # no debit's word, but the account is the customer's the page labels (a refund)
    refund = ["Remboursement du trop-perçu sur votre compte", "Titulaire du compte : Boulangerie Dupont SARL",
              "IBAN FR76 3000 6000 0112 3456 7890 189"]
    assert _seller(head + ["Client :", "Boulangerie Dupont SARL", "8 rue Neuve 69001 Lyon"] + body + refund) == "EauClaire SAS"
    # the debit's words of every language come from the labels' [direct_debit] table (« Adeudo directo SEPA »)
    adeudo = make_lines([page_from(["Adeudo directo SEPA", "Titular de la cuenta: Bodegas Peñalba S.L.",
                                    "IBAN ES91 2100 0418 4502 0005 1332"])])
    assert payee_names(adeudo) == []


def test_the_payee_of_cheques_is_the_seller():
    assert _seller(_page("Nexora", ["Please make cheques payable to Walsh Print Works Ltd"])) == "Walsh Print Works Ltd"
    fr = _page("Opaline", ["Règlement par chèque à l'ordre de Atelier Perrin SASU"])
    assert _seller(fr) == "Atelier Perrin SASU"


def test_a_copyright_line_with_a_legal_form_names_the_registered_owner_and_a_brand_s_does_not_weigh_as_much():
    # the footer's legal mentions give the same name: the owner is sure, over the brand at the top
    assert _seller(_page("Kerlan", ["Quantia Edilizia S.r.l. – capitale sociale 10.000 € – P.IVA 01234567890",
                                    "© 2025 Quantia Edilizia S.r.l. – tutti i diritti riservati"])) == "Quantia Edilizia S.r.l."
    # no other name on the page (a logo at the top): the owner's
    logo = ["Invoice no.  INV-2041", "Invoice date  12/03/2025", "", "Description  Qty  Amount", "Site survey  1  400.00",
            "Total  400.00", "", "Copyright © 2024-2025 Nexora Elektrotechnik GmbH & Co. KG · info@nexora.example"]
    assert _seller(logo) == "Nexora Elektrotechnik GmbH & Co. KG"
    # the seller's e-mail at the top spells the owner's name
    mail = _page("Kerlan", ["© 2025 Quantia Edilizia S.r.l. – tutti i diritti riservati"])
    assert _seller(mail[:2] + ["info@quantiaedilizia.it"] + mail[2:]) == "Quantia Edilizia S.r.l."
    cands = payee_names(make_lines([page_from(["© 2025 Kerlan. All rights reserved.", "See clause (c) above"])]))
    assert [(c.value, c.score < 0.9) for c in cands] == [("Kerlan", True)]


def test_an_invoicing_program_s_copyright_is_no_seller():
    """A « © » line in the footer may be the program's publisher (« © 2024 Sage SAS », « Powered by … GmbH »): it does
    not win over the letterhead, with its legal form or without (a brand)."""
    fr = ["Atelier Perrin SASU", "12 rue des Lilas 69001 Lyon", "Facture n° F-2024-0031", "Date : 05/03/2024", "Client :",
          "Garage du Rond-Point SAS", "3 place Bellecour 69002 Lyon", "Désignation   Qté   Prix unitaire   Montant HT",
          "Réparation   1   100,00   100,00", "Total HT   100,00", "TVA 20 %   20,00", "Total TTC   120,00 €", ""]
    assert _seller(fr + ["Logiciel de facturation © 2024 Sage SAS"]) == "Atelier Perrin SASU"
    assert _seller(["Opaline"] + fr[1:] + ["© 2024 Sage SAS – tous droits réservés"]) == "Opaline"
    assert _seller(["Opaline"] + fr[1:] + ["Édité avec Sage · © 2024 Sage SAS · www.sage.fr"]) == "Opaline"  # its own line's site
    assert _seller(_page("Kerlan", ["© 2025 Quantia Edilizia S.r.l. – tutti i diritti riservati"])) == "Kerlan"
    de = _page("Wagner Haustechnik", ["Erstellt mit lexoffice · © 2025 Haufe-Lexware GmbH & Co. KG"], language="de")
    assert _seller(de) == "Wagner Haustechnik"
    assert _seller(_page("Nexora", ["Powered by Zervant GmbH"])) == "Nexora"


def test_a_legal_sentence_names_the_company_before_its_verb():
    assert _seller(_page("Nexora", ["Ryan & Sons Ltd is a company registered in Ireland, no. 482913"])) == "Ryan & Sons Ltd"


def test_the_name_after_the_identifier_that_opens_the_footer_is_identified():
    lines = make_lines([page_from(["Factura  A-1", "NIF B12345674 · Reformas Ortega S.L.U. · Calle Mayor, 3 · 50001 Zaragoza"])])
    [cand] = _footer_names(lines, None)
    assert cand.value == "Reformas Ortega S.L.U." and _identified(lines, cand)


def test_a_legal_form_wrapped_in_a_narrow_footer_column_is_read_whole():
    footer = ["Druckerei Hoffmann  Tel. 0761 40 68 78  IBAN DE12 7712 4379 4466 6870 99",
              "UG  info@druckerei.example  BIC COBADEFFXXX",
              "(haftungsbeschränkt)  USt-IdNr. DE498469452", "Gutenbergring 13", "79098 Freiburg"]
    assert _seller(_page("Taskora", footer, language="de")[3:]) == "Druckerei Hoffmann UG (haftungsbeschränkt)"


def test_a_name_label_s_value_stops_at_the_column_gap_before_the_other_party_s_box():
    rows = ["Rechnung Nr.  RE-2041", "Datum  12.03.2025", "", "Rechnungssteller  Kunde",
            "Firma: Lumenor Elektrotechnik e.K.  Firma: Pension Seeblick", "Industriestraße 4  Seeweg 4",
            "79098 Freiburg  34117 Kassel", "", "Leistung  Menge  Betrag", "Wartung  1  400,00", "Gesamtbetrag  476,00"]
    assert _seller(rows) == "Lumenor Elektrotechnik e.K."


def test_a_seller_s_heading_may_say_data_or_details_of_the_issuer():
    rows = ["Factura nº  A-2041", "Fecha  12/03/2025", "", "Datos del emisor  Datos del receptor",
            "Gráficas Molina  Hostal La Alameda", "Calle Mayor, 3  Calle Real, 4", "50001 Zaragoza  30001 Murcia", "",
            "Concepto  Importe", "Portes  400,00", "Total factura  484,00"]
    assert _seller(rows) == "Gráficas Molina"
    assert _SELLER_HEADING.match("cedente/prestatore (fornitore)") and _SELLER_HEADING.match("supplier details")
    assert not _SELLER_HEADING.match("logo le fournisseur")  # a placeholder's words before the word: no heading


def test_a_weekday_or_a_total_including_vat_is_no_name():
    assert not name_like("Samstag") and not name_like("jueves,")
    rows = ["Invoice  INV-7", "Date  Friday, 3 May 2025", "", "Description  Amount", "Survey  400.00",
            "Total inc VAT  492.00", "", "Walsh Print Works Ltd – Registered in Ireland No. 482913"]
    assert _seller(rows) == "Walsh Print Works Ltd"


def test_a_name_a_paragraph_of_mentions_wraps_is_read_whole_and_an_address_or_the_customer_s_line_is_no_name():
    rows = ["Factura nº  A-2041", "Fecha  12/03/2025", "", "Concepto  Importe", "Portes  400,00", "Total factura  484,00",
            "", "N.I.F. A78423837 · Polígono Los Llanos, nave 4 · Brévalis",
            "Climatización S.L.U. · info@brevalis.example · IBAN ES67 9964 4655 7798 3140 6643"]
    assert _seller(rows) == "Brévalis Climatización S.L.U."
    parties = ["Factura nº  A-2041", "Fecha  12/03/2025", "",
               "Empresa emisora: Reformas Molina S.L. – C.I.F. A48878599 – Avda. de la Constitución, 32 – 30001 Murcia",
               "Expedida a: Bodegas Peñalba – NIF cliente ESB68260918 – Calle Real, 9 – 50001 Zaragoza", "",
               "Concepto  Importe", "Portes  400,00", "Total factura  484,00"]
    footer = [c.value for c in _footer_names(make_lines([page_from(parties)]), None)]
    assert footer == ["Reformas Molina S.L."]
    assert _seller(parties) == "Reformas Molina S.L."
    assert not name_like("Avda. de la Constitución") and not name_like("Polígono Los Llanos")


def test_a_legal_form_in_brackets_stays_with_its_name_in_a_statement_and_where_a_paragraph_wraps_it():
    statement = _page("Cloudora", ["Cloudora ist eine Marke der Wagner Dachdeckerei UG (haftungsbeschränkt) – Amtsgericht Ulm, "
                                   "HRB 20387"], language="de")
    assert _seller(statement) == "Wagner Dachdeckerei UG (haftungsbeschränkt)"
    wrapped = _page("Cloudora", ["Bitte überweisen Sie den Betrag. – Wagner Dachdeckerei UG",
                                 "(haftungsbeschränkt) – Handelsregister: Amtsgericht Ulm, HRB 20387 – USt-IdNr. DE157143659"],
                    language="de")
    assert _seller(wrapped) == "Wagner Dachdeckerei UG (haftungsbeschränkt)"


def test_a_line_of_another_column_above_a_legal_footer_is_no_part_of_its_name():
    rows = ["FACTURE N° F-2024-12", "Date : 05/03/2024", "Désignation  Montant", "Réparation  100,00 €",
            "Total TTC  120,00 €", "", "                                        MANDAT SEPA - COMPTE BANCAIRE",
            "FOURNISSEUR F SARL au capital de 50 000 EUR - RCS Paris 732 829 320"]
    assert _seller(rows) == "FOURNISSEUR F SARL"


#: A French page whose seller's name is printed in its payment block: the beneficiary's heading, its name under it
#: after a name's label, the means of payment beside the heading (« MOYEN DE PAIEMENT : VIREMENT »; read by OCR, its
#: colon may come out as a dot). ``top``: the lines over the invoice's number (a letterhead), ``extra``: lines over the
#: payment's block.
def _beneficiary_page(means: str, name: str = "Atelier Giraud", top: tuple[str, ...] = (),
                      extra: tuple[str, ...] = (), buyer: str = "Hôtel des Remparts SAS") -> list[str]:
    return [*top, "FACTURE N°  FA-2026-0040", "Date : 05/03/2026", "", "Client :", buyer,
            "4 place du Marché", "68000 Colmar", "", "Désignation  Qté  Montant", "Maintenance  1  100,00",
            "Total HT  100,00", "TVA 20 %  20,00", "Total TTC  120,00 €", "", *extra,
            f"Bénéficiaire              {means}",
            f"  NOM : {name}    COMPTE : Banque Populaire",
            "IBAN : FR76 3000 6000 0112 3456 7890 189"]


def test_a_means_of_payment_beside_the_beneficiary_s_heading_is_no_payee():
    for means in ("MOYEN DE PAIEMENT · VIREMENT", "MODE DE RÈGLEMENT · CHÈQUE"):
        names = [c.value for c in payee_names(make_lines([page_from(_beneficiary_page(means))]))]
        assert not any("PAIEMENT" in n or "RÈGLEMENT" in n for n in names), means


#: The Factur-X template's letterhead (FNFE): the seller's name as a placeholder made of a role word, which no rule
#: reads as a name on its own; the payment's block names it again under « Bénéficiaire ».
_LETTERHEAD = ("LE FOURNISSEUR",)


def test_the_beneficiary_named_under_its_heading_after_a_name_label_is_the_seller():
    assert _seller([ln for ln in _beneficiary_page("MOYEN DE PAIEMENT : VIREMENT", "LE FOURNISSEUR", _LETTERHEAD)
                    if not ln.startswith(("Bénéficiaire", "  NOM"))]) is None  # the letterhead alone names no one
    for means in ("MOYEN DE PAIEMENT : VIREMENT", "MOYEN DE PAIEMENT · VIREMENT"):
        assert _seller(_beneficiary_page(means, "LE FOURNISSEUR", _LETTERHEAD)) == "LE FOURNISSEUR", means


@pytest.mark.parametrize(("name", "top", "extra", "buyer"), [
    ("Atelier Giraud", (), (), "Hôtel des Remparts SAS"),  # printed only where it is paid
    ("Eurofactor", (), (), "Hôtel des Remparts SAS"),
    ("BNP Paribas Factor", (), ("Créance cédée : pour être libératoire, le règlement doit être fait à l'ordre du "
                                "factor",), "Hôtel des Remparts SAS"),
    ("LE FOURNISSEUR", _LETTERHEAD, ("Cette facture est payable par subrogation",), "Hôtel des Remparts SAS"),
    ("Eurofactor", (), ("Créance cédée à Eurofactor",), "Hôtel des Remparts SAS"),  # named, but as the assignee
    ("Hôtel des Remparts", (), (), "Hôtel des Remparts"),  # the buyer's name: a refund, no seller's
])
def test_a_beneficiary_the_page_gives_no_reason_to_take_for_the_seller_is_none(name, top, extra, buyer):
    """A payee (EN 16931 BG-10) is the seller only when the page prints its name elsewhere, not as the buyer's, and
    says nowhere that the invoice is factored (a factor, BT-59, is paid in the seller's place)."""
    assert _seller(_beneficiary_page("MOYEN DE PAIEMENT : VIREMENT", name, top, extra, buyer)) is None


def test_a_beneficiary_with_a_registration_the_page_prints_nowhere_else_is_another_payee():
    """A payee that is not the seller (EN 16931 BG-10) prints its own identifier (BT-61) under its name: the name is
    then no seller's; one the seller's mentions print too is the seller's."""
    def page(*extra: str, registration: bool = True) -> list[str]:
        lines = _beneficiary_page("MOYEN DE PAIEMENT : VIREMENT", "LE FOURNISSEUR", _LETTERHEAD, extra)
        return [*lines[:-1], "  SIREN : 303 656 847    IBAN : FR76 3000 6000 0112 3456 7890 189"] if registration else lines

    assert _seller(page()) is None
    assert _seller(page("Capital de 10 000 € · RCS Lyon 303 656 847", "")) == "LE FOURNISSEUR"
    assert _seller(page(registration=False)) == "LE FOURNISSEUR"


def test_an_article_alone_is_no_seller_s_name():
    """OCR may read a speck or a logo's part as « LA », or cut « LE FOURNISSEUR » into « LE » and the rest on two
    rows: an article (« le », « la », « the », « der ») alone names no one."""
    for speck in ("LA", "LE", "The", "DER"):
        page = [f"{speck}                        FACTURE N°  FA-2026-0060", "Date : 05/03/2026", "", "Client :",
                "Hôtel des Remparts SAS", "4 place du Marché", "68000 Colmar", "", "Total HT  100,00",
                "TVA 20 %  20,00", "Total TTC  120,00 €"]
        assert propose([page_from(page, confidence=0.9)], None, "ocr").value("seller_name") is None, speck
