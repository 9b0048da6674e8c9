"""Totals and parties on invoices the earlier totals families left open (issue 13, branch totals3-13g): a small
business's invoice with no VAT (« TVA non applicable, art. 293 B du CGI », « § 19 UStG »), an invoice sold to a
factor (the factor is the payee, never the seller), a GLN printed among the references (never the invoice's number).

Each page is written by hand the way such invoices print in general; none is copied from a generated sample.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_plugins_fields_rules import page_from

from guichet.core.model import vat
from guichet.core.parsing.text import Word
from guichet.plugins.fields_rules import propose
from guichet.plugins.fields_rules.numbers import gs1_digits


def _values(rows: list[str]) -> dict:
    return propose([page_from(rows)]).values()


def _franchise_page(mention: str, total_row: str) -> list[str]:
    return ["Atelier Lenoir", "12 rue des Tanneurs", "37000 Tours", "", "Facture n° 2025-118", "Date : 14/03/2025", "",
            "Client", "Boulangerie Morel", "5 place du Marché", "37100 Tours", "",
            "Désignation  Qté  Prix unitaire  Montant", "Reliure d'art  2  140,00  280,00",
            "Restauration de registre  1  95,50  95,50", "", total_row, mention]


def test_a_small_business_s_one_total_is_its_net_and_its_vat_is_nil():
    """« TVA non applicable, art. 293 B du CGI » under « Total 375,50 »: net = gross, VAT 0,00."""
    got = _values(_franchise_page("TVA non applicable, art. 293 B du CGI", "Total  375,50 €"))
    assert (got.get("total_without_tax"), got.get("total_tax"), got.get("total_with_tax")) == ("375.50", "0.00", "375.50")


def test_a_german_small_business_s_invoice_reads_the_same():
    rows = ["Buchbinderei Albers", "Lindenstraße 4", "79098 Freiburg", "", "Rechnung Nr. 2025-118", "Datum: 14.03.2025",
            "", "Kunde", "Café Sommer", "Marktplatz 2", "79100 Freiburg", "", "Leistung  Menge  Einzelpreis  Betrag",
            "Buchbindearbeiten  2  140,00  280,00", "Restaurierung  1  95,50  95,50", "", "Rechnungsbetrag  375,50 €",
            "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet."]
    got = _values(rows)
    assert (got.get("total_without_tax"), got.get("total_tax"), got.get("total_with_tax")) == ("375.50", "0.00", "375.50")


@pytest.mark.parametrize("read", ["Umsatzsteuerbefreit nach 519 UStG", "Umsatzsteuerbefreit nach S19 UStG"])
def test_a_paragraph_sign_ocr_read_as_a_digit_or_a_letter_is_the_sign(read):
    """OCR reads « § 19 UStG » as « 519 UStG » or « S19 UStG » (the sign glued to the number): the exemption and its
    reason are read as from « § 19 UStG »; the UStG has no paragraph of three digits, and « 519 Euro » stays a sum."""
    assert vat.reason_in_words(read) and vat.suggest_category(Decimal(0), wording=read)[0] == "E"
    rows = ["Buchbinderei Albers", "Lindenstraße 4", "79098 Freiburg", "", "Rechnung Nr. 2025-118", "Datum: 14.03.2025",
            "", "Leistung  Menge  Einzelpreis  Betrag", "Buchbindearbeiten  2  140,00  280,00", "",
            "Gesamtbetrag Netto  280,00 €", "Gesamtbetrag Brutto  280,00 €", read]
    got = propose([page_from(rows, confidence=0.9)]).values()
    assert got.get("total_tax") == "0.00"
    assert vat.folded("Zahlbar 519 Euro") == "zahlbar 519 euro"


def test_a_letter_vatex_code_ocr_read_with_a_digit_is_the_code():
    """« VATEX-EU-O » read « VATEX-EU-0 », « VATEX-EU-IC » read « VATEX-EU-1C »: the letter codes of the VATEX list read
    back; a code whose last part is a number (« VATEX-EU-132 », « VATEX-EU-79-C ») stays as printed."""
    assert vat.suggest_category(Decimal(0), wording="VATEX-EU-0  HORS SCOPE TVA  100,00  0,00") == ("O", "VATEX-EU-O")
    assert vat.suggest_category(Decimal(0), wording="VATEX-EU-1C") == ("K", "VATEX-EU-IC")
    assert [vat.vatex_read(c) for c in ("VATEX-EU-0", "VATEX-EU-132", "VATEX-EU-79-C")] == \
        ["VATEX-EU-O", "VATEX-EU-132", "VATEX-EU-79-C"]


def test_one_vatex_shape_for_the_breakdowns_row_and_the_wording():
    """The breakdown's row and the wording read one VATEX shape (vat.VATEX_CODE): a bar OCR read for the « I » of
    « VATEX-EU-IC » on the row is read back there as in the wording (old code: the row's own pattern had no bar, no
    code read on the row)."""
    rows = ["Facture n° F-12", "Date : 05/03/2025",
            "Détail TVA (motif si exonération)      Code   Taux     Base TVA   Montant TVA",
            "                                       S      20,00%   40,00      8,00",
            "VATEX-EU-|C  Livraison intracom.       K      0,00%    60,00      0,00",
            "Total HT  100,00", "Total TVA  8,00", "Total TTC  108,00"]
    got = sorted((r.rate, r.category, r.exemption_code) for r in propose([page_from(rows, confidence=0.9)]).vat_breakdown)
    assert got == [("0", "K", "VATEX-EU-IC"), ("20", "S", None)]
    assert vat.printed_vatex("VATEX-EU-|C, VATEX-EU-79-C") == [("K", "VATEX-EU-IC"), ("E", "VATEX-EU-79-C")]


def test_with_no_mention_of_why_no_vat_the_net_is_not_invented():
    """The same page with no mention: a « Total » alone may be a gross with VAT in it; no net, no VAT read."""
    got = _values(_franchise_page("Merci de votre confiance.", "Total  375,50 €"))
    assert got.get("total_with_tax") == "375.50"
    assert got.get("total_tax") is None and got.get("total_without_tax") is None


def test_the_small_businesses_of_italy_and_spain_are_exempt_with_their_reason():
    for wording in ("Operazione in franchigia da IVA, regime forfettario (art. 1, c. 54-89, L. 190/2014)",
                    "Operación exenta de IVA en virtud del artículo 20 de la Ley 37/1992"):
        assert vat.suggest_category(Decimal(0), wording=wording)[0] == "E"
        assert vat.reason_in_words(wording)


def _factored_page(payee: list[str], footer: bool = True) -> list[str]:
    return ["LOGO", "Menuiserie Vasseur", "8 rue du Port", "44000 Nantes", "SIRET : 732 829 320 00074", "",
            "FACTURE", "N° : FA-2025-0412", "Date : 03/02/2025", "", "Client", "Hôtel des Dunes", "2 allée des Pins",
            "44500 La Baule", "", "Désignation  Qté  PU HT  Total HT", "Pose de volets  4  210,00  840,00", "",
            "Total HT  840,00", "TVA 20 %  168,00", "Total TTC  1 008,00", "", *payee,
            *(["Menuiserie Vasseur SARL au capital de 10 000 € - RCS Nantes 732 829 320"] if footer else [])]


def test_the_factor_named_as_payee_is_never_the_seller():
    """« Bénéficiaire - AFFACTUREUR » heads the factor's block: neither the role nor the factor's name is the seller,
    even with no legal footer to name the seller."""
    got = _values(_factored_page(["Bénéficiaire - AFFACTUREUR", "NOM : ATLANTIQUE FINANCEMENT SA",
                                  "IBAN : FR76 3000 4000 0312 3456 7890 143 - BIC : BNPAFRPP"], footer=False))
    assert got.get("seller_name") not in ("AFFACTUREUR", "ATLANTIQUE FINANCEMENT SA")


def test_the_factor_in_the_subrogation_clause_is_never_the_seller():
    got = _values(_factored_page([
        "Pour être libératoire, votre règlement doit être effectué à l'ordre de Centrale Affacturage SA, qui le reçoit "
        "par subrogation.", "Titulaire du compte : Centrale Affacturage SA",
        "IBAN : FR76 3000 4000 0312 3456 7890 143"]))
    assert got.get("seller_name") != "Centrale Affacturage SA"


def test_a_gln_among_the_references_is_not_the_invoice_s_number():
    """« Références sur la facture  GLN : 3012345678902 »: a location's GS1 key, its check digit right."""
    rows = ["Menuiserie Vasseur SARL", "8 rue du Port", "44000 Nantes", "", "FACTURE", "Date : 03/02/2025", "",
            "Références sur la facture  GLN : 3012345678902", "", "Client", "Hôtel des Dunes", "44500 La Baule", "",
            "Total HT  840,00", "TVA 20 %  168,00", "Total TTC  1 008,00"]
    assert gs1_digits("3012345678902")
    assert _values(rows).get("invoice_number") != "3012345678902"


def test_a_gs1_key_needs_its_check_digit():
    assert gs1_digits("4006381333931") and gs1_digits("1234567890128")
    assert not gs1_digits("4006381333932") and not gs1_digits("12345") and not gs1_digits("FA-2025")


def _mixed_page(rate_cells: tuple[str, str]) -> list[str]:
    """Two lines at 20 % and one at 0 %, the breakdown listing the 20 % row only."""
    return ["Librairie Morel SARL", "4 rue Nationale", "37000 Tours", "", "Facture n° 2025-0311", "Date : 11/03/2025", "",
            "Client", "Collège Jean Moulin", "37100 Tours", "",
            "Désignation  Qté  PU HT  TVA  Montant HT", f"Reliure  2  50,00  {rate_cells[0]}  100,00",
            f"Timbres-poste  1  30,00  {rate_cells[1]}  30,00", f"Papeterie  1  20,00  {rate_cells[0]}  20,00", "",
            "Taux  Base HT  TVA", "20 %  120,00  24,00", "", "Total HT  150,00", "Total TVA  24,00", "Total TTC  174,00"]


def test_the_lines_at_zero_percent_left_out_of_the_breakdown_make_its_zero_row():
    """The 20 % row's base falls 30,00 short of the net, the line at 0 % is that 30,00: a 0 % row completes it."""
    breakdown = propose([page_from(_mixed_page(("20 %", "0 %")))]).vat_breakdown
    assert [(row.rate, row.taxable_amount, row.tax_amount) for row in breakdown] == [
        ("20", "120.00", "24.00"), ("0", "30.00", "0.00")]


def test_with_no_zero_rate_on_the_page_no_row_is_made_up():
    rows = [row.replace("0 %  30,00", "20 %  30,00") for row in _mixed_page(("20 %", "0 %"))]
    breakdown = propose([page_from(rows)]).vat_breakdown
    assert all(row.rate != "0" for row in breakdown)


def _proposal(rows: list[str]):
    return propose([page_from(rows)])


_FACTOR_BLOCK = ["Bénéficiaire - AFFACTUREUR", "NOM : ATLANTIQUE FINANCEMENT SA", "SIREN : 552 081 317",
                 "IBAN : FR76 3000 4000 0312 3456 7890 143 - BIC : BNPAFRPP"]
_CLAUSE = ("Pour être libératoire, votre règlement doit être effectué à l'ordre de ATLANTIQUE FINANCEMENT SA, qui le "
           "reçoit par subrogation dans le cadre d'un contrat d'affacturage.")


def test_the_factor_with_its_clause_is_the_payee_with_its_siren():
    """The factor's block and the subrogation clause: the factor is the payee (BT-59), its SIREN BT-61 (scheme 0002),
    written in the invoice; the seller keeps its own SIREN."""
    from guichet.core.parsing.text import proposal_invoice

    proposal = _proposal(_factored_page([_CLAUSE, *_FACTOR_BLOCK]))
    got = proposal.values()
    assert got.get("payee_name") == "ATLANTIQUE FINANCEMENT SA"
    assert got.get("payee_siren") == "552081317"
    assert got.get("seller_siren") == "732829320"
    assert proposal.fields["payee_name"].confidence >= 0.3
    payee = proposal_invoice(proposal).payee
    assert payee is not None and payee.name == "ATLANTIQUE FINANCEMENT SA"
    assert payee.legal_id is not None and (payee.legal_id.value, payee.legal_id.scheme) == ("552081317", "0002")


def test_a_factor_s_block_with_no_clause_is_shown_not_written():
    """« Bénéficiaire - AFFACTUREUR » and the name, but no sentence saying the invoice is factored: shown (0.25) to the
    operator, never put in the invoice."""
    from guichet.core.parsing.text import proposal_invoice

    proposal = _proposal(_factored_page(_FACTOR_BLOCK))
    assert proposal.value("payee_name") == "ATLANTIQUE FINANCEMENT SA"
    assert proposal.fields["payee_name"].confidence < 0.3
    assert proposal_invoice(proposal).payee is None


def test_the_factor_s_register_entry_is_not_the_seller_s():
    """A German factor's block (« Factor » / name / « HRB 43095 ») and the Abtretung clause: the HRB is the payee's,
    the seller's is its own footer's."""
    rows = ["Dachdeckerei Brandt GmbH", "Am Mühlbach 4", "79098 Freiburg", "", "Rechnung Nr. 2025-118",
            "Datum: 14.03.2025", "", "Kunde", "Café Sommer", "Marktplatz 2", "79100 Freiburg", "",
            "Leistung  Menge  Einzelpreis  Betrag", "Dacharbeiten  2  140,00  280,00", "",
            "Summe netto  280,00", "MwSt. 19 %  53,20", "Gesamtbetrag  333,20 €", "",
            "FACTOR", "Nordfinanz Finanz GmbH", "HRB 43095", "IBAN DE89 3704 0044 0532 0130 00", "",
            "Die Forderung aus dieser Rechnung wurde im Rahmen eines Factoringvertrages an die Nordfinanz Finanz GmbH "
            "abgetreten. Zahlungen können nur an die Nordfinanz Finanz GmbH geleistet werden.",
            "Dachdeckerei Brandt GmbH – Registergericht: Freiburg – HRB 54017 – USt-IdNr. DE136695976"]
    got = _values(rows)
    assert got.get("seller_legal_id") == "HRB 54017"
    assert got.get("payee_name") == "Nordfinanz Finanz GmbH" and got.get("payee_legal_id") == "HRB 43095"


def test_an_invoice_with_no_factor_has_no_payee():
    got = _values(_factored_page(["IBAN : FR76 3000 4000 0312 3456 7890 143 - BIC : BNPAFRPP"]))
    assert got.get("payee_name") is None and got.get("payee_siren") is None


def test_the_balance_labels_of_spanish_and_italian_invoicing_software():
    """« Importe pendiente » (Akaunting, InvoiceShelf), « Saldo dovuto » (Invoice Ninja) under a payment: the amount
    due is the balance printed, not the grand total."""
    es = ["Talleres Molina S.L.", "Calle Mayor 5", "30001 Murcia", "", "Factura nº A-2025-118", "Fecha: 14/03/2025", "",
          "Cliente", "Bodegas Peñalba", "Calle Mayor 94", "48001 Bilbao", "", "Concepto  Uds.  Precio  Importe",
          "Portes  2  500,00  1.000,00", "", "Base imponible  1.000,00", "IVA 21 %  210,00", "Total  1.210,00 €",
          "Cantidad pagada  400,00 €", "Importe pendiente  810,00 €"]
    assert _values(es).get("amount_due") == "810.00"
    it = ["Officina Bruno S.r.l.", "Via Roma 5", "06121 Perugia", "", "Fattura n. 2025/118", "Data: 14/03/2025", "",
          "Cliente", "Albergo Belvedere", "Corso Vittorio Emanuele II 62", "37121 Verona", "",
          "Descrizione  Q.tà  Prezzo  Importo", "Trasporto  2  500,00  1.000,00", "", "Imponibile  1.000,00",
          "IVA 22 %  220,00", "Totale documento  1.220,00 €", "Importo pagato  400,00 €", "Saldo dovuto  820,00 €"]
    assert _values(it).get("amount_due") == "820.00"


def test_labels_of_an_amount_paid_and_due_wrapped_around_their_amounts_are_read_whole():
    """InvoiceShelf's narrow totals column: « Importo » over the row of « € 835,82 », « pagato » under it, then
    « Importo  € » over « Dovuto  1.950,24 ». The amount due is the balance printed, not the grand total."""
    rows = ["Officina Bruno S.r.l.", "Via Roma 5", "06121 Perugia", "", "Fattura n. 2025/118", "Data: 14/03/2025", "",
            "Cliente", "Albergo Belvedere", "Corso Vittorio Emanuele II 62", "37121 Verona", "",
            "Descrizione  Q.tà  Prezzo  Importo", "Trasporto  2  500,00  1.000,00", "", "Imponibile  1.000,00",
            "IVA 22 %  220,00", "Totale documento  1.220,00 €"]
    page = page_from(rows)
    top = 0.05 + len(rows) * 0.02
    for text, x0, row in (("Importo", 0.05, 0), ("€", 0.30, 1), ("400,00", 0.32, 1), ("pagato", 0.05, 2),
                          ("Importo", 0.05, 4), ("€", 0.30, 4), ("Dovuto", 0.05, 5), ("820,00", 0.32, 5)):
        y0 = top + row * 0.013
        page.words.append(Word(text, (x0, y0, x0 + len(text) * 0.010, y0 + 0.012), 1.0))
    got = propose([page]).values()
    assert got.get("amount_due") == "820.00"


def test_a_mention_of_items_outside_the_scope_of_vat_does_not_make_the_total_a_net():
    """« Les débours sont non soumis à la TVA » speaks of some lines beside taxed ones: the lone « Total TTC » stays a
    total with VAT, no net nor nil VAT is deduced from it (review of totals3: HT 140 / TVA 0 was read)."""
    values = _values(_franchise_page("Les débours sont non soumis à la TVA.", "Total TTC  140,00 €"))
    assert values.get("total_with_tax") == "140.00"
    assert values.get("total_tax") is None and values.get("total_without_tax") is None


def test_a_zero_percent_elsewhere_on_the_page_makes_no_zero_row():
    """« Escompte pour paiement anticipé : 0 % » is no VAT rate: the gap between the breakdown and the net is not
    turned into a 0 % row (the débours' 30,00 is printed on a line without any rate)."""
    rows = [row.replace("0 %  30,00", "30,00") for row in _mixed_page(("20 %", "0 %"))]
    rows.append("Escompte pour paiement anticipé : 0 %")
    breakdown = propose([page_from(rows)]).vat_breakdown
    assert all(row.rate != "0" for row in breakdown)


def test_the_seller_naming_itself_in_the_factoring_clause_stays_the_seller():
    """The usual French clause names the seller as the one who assigned its claim; its legal mentions line prints the
    same name: it is the seller's, only the factor is set aside."""
    rows = ["", "", "", "", "", "", "", "", "", "", "",
            "FACTURE N° 2025-0042", "Date : 14/03/2025", "", "Client", "Boulangerie Morel", "5 place du Marché",
            "37100 Tours", "", "Désignation  Montant HT", "Menuiserie sur mesure  1 000,00", "",
            "Total HT  1 000,00", "TVA 20 %  200,00", "Total TTC  1 200,00", "",
            "Menuiserie Vasseur SARL a cédé sa créance à Centrale Finance SA dans le cadre d'un contrat d'affacturage.",
            "Menuiserie Vasseur SARL – capital 10 000 € – RCS Lille 552 081 317 – 3 rue des Arts 59000 Lille"]
    assert _values(rows).get("seller_name") == "Menuiserie Vasseur SARL"


def test_the_spanish_franchise_is_a_reason_of_its_own():
    """The small business franchise is not « article 20 ... or franchise »; an article cited with no law named (« art.
    20.1 de nos conditions générales ») is no exemption."""
    assert "franquicia" in vat.reason_in_words("Régimen de franquicia del IVA")
    assert "37/1992" not in (vat.reason_in_words("Régimen de franquicia del IVA") or "")
    assert vat.reason_in_words("Conformément à l'art. 20.1 de nos conditions générales") is None


def test_the_seller_the_clause_names_as_assignor_is_never_written_as_payee():
    """The clause names the seller as the one who assigned its claim, its block stands lower than a letterhead and no
    legal mentions line repeats it: the seller is not written as the payee, its SIREN stays the seller's."""
    rows = ["", "", "", "", "", "", "", "", "", "", "", "", "",
            "Menuiserie Vasseur SARL", "3 rue des Arts", "59000 Lille", "SIREN : 552 081 317", "",
            "FACTURE N° 2025-0042", "Date : 14/03/2025", "", "Client", "Boulangerie Morel", "5 place du Marché",
            "37100 Tours", "", "Désignation  Montant HT", "Menuiserie sur mesure  1 000,00", "",
            "Total HT  1 000,00", "TVA 20 %  200,00", "Total TTC  1 200,00", "",
            "Menuiserie Vasseur SARL a cédé sa créance à Centrale Finance SA dans le cadre d'un contrat d'affacturage."]
    proposal = _proposal(rows)
    assert proposal.confidence().get("payee_name", 0.0) < 0.3
    assert proposal.value("seller_siren") == "552081317" and proposal.value("payee_siren") is None


def test_the_amount_paid_labels_of_german_spanish_and_italian_invoicing_software():
    """« Bezahlter Betrag » (Invoice Ninja, InvoiceShelf, Frappe Books), « Importe pagado » (InvoiceShelf, Frappe Books),
    « Pagamento ricevuto » (Akaunting, Invoice Ninja) under the grand total: an amount paid, so the grand total is not
    taken for the amount due (it was: an invoice paid by card written with its whole total due)."""
    from guichet.core.parsing import on_page

    for label in ("Bezahlter Betrag", "Importe pagado", "Pagamento ricevuto"):
        assert on_page.prepaid_label(f"{label}  740,51 €")
    de = ["Kerlan Elektrotechnik AG", "Hauptstraße 5", "18055 Rostock", "", "Rechnung Nr. 2025-0623", "Datum: 17.10.2025",
          "", "Kunde", "Bäckerei Korn", "Ringstraße 3", "80331 München", "", "Leistung  Menge  Einzelpreis  Betrag",
          "Kabel  2  311,14  622,28", "", "Zwischensumme netto  622,28", "MwSt. 19 %  118,23",
          "Gesamt inkl. USt.  740,51 €", "Bezahlter Betrag  740,51 €"]
    assert _values(de).get("amount_due") != "740.51"


@pytest.mark.parametrize(("levy", "to_pay"), [
    ("Taxe de séjour", "Montant à régler"), ("Kurtaxe", "Zu zahlen"), ("Imposta di soggiorno", "Totale da pagare"),
    ("City tax", "Payable now"), ("Tasa turística", "Total a abonar"),
])
def test_a_tourist_tax_after_the_invoice_s_total_is_neither_its_vat_nor_in_its_total(levy, to_pay):
    # HotelDruid's invoice: the taxable base and the VAT per rate, their totals, the invoice's total, then the town's
    # tax collected outside the VAT and what the guest pays
    lines = ["Hôtel des Remparts", "Facture n. 2672 du 09/03/2024", "Séjour du 05/03/24 au 09/03/24, 2 pers.  1 808,00 EUR",
             "Base imposable à 5,5 %  7 540,39 EUR", "TVA à 5,5 %  414,72 EUR", "Base imposable à 10 %  9 961,26 EUR",
             "TVA à 10 %  996,13 EUR", "Total base imposable  17 501,65 EUR", "Total TVA  1 410,85 EUR",
             "Total facture  18 912,50 EUR", f"{levy}  20,00 EUR", f"{to_pay}  18 932,50 EUR"]
    values = propose([page_from(lines)]).values()
    assert (values["total_with_tax"], values["total_without_tax"], values["total_tax"]) == ("18912.50", "17501.65", "1410.85")


def test_a_german_tourist_tax_between_the_invoice_s_total_and_the_amount_paid_is_no_vat():
    # the totals' column adds up twice: net + VAT = invoice total, and invoice total + Kurtaxe = the amount to pay
    rows = [("Steuerpflichtiger Betrag zu 7 %", "5.236,38 €"), ("MwSt. zu 7 %", "366,55 €"),
            ("Steuerpflichtiger Betrag zu 19 %", "210,36 €"), ("MwSt. zu 19 %", "39,97 €"), ("Summe steuerpflichtig", "5.446,74 €"),
            ("Summe Steuern", "406,52 €"), ("Rechnungssumme", "5.853,26 €"), ("Kurtaxe", "24,00 €"), ("Zu zahlen", "5.877,26 €")]
    lines = ["Hotel Tellis", "Rechnung Nr. 5-062933 vom 09.09.2024", *(f"{label:<40}{value:>14}" for label, value in rows)]
    values = propose([page_from(lines)]).values()
    assert (values["total_with_tax"], values["total_without_tax"], values["total_tax"]) == ("5853.26", "5446.74", "406.52")
