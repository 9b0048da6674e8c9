"""ERPs' invoices (issue 13, branch erp-15): the due date in the schedule of amounts to pay, wrapped labels of a
header grid. The word boxes are a text layer's, as the reader gets them from pages of the kind ERPs print."""

from __future__ import annotations

from test_plugins_fields_rules import page_from

from guichet.core.parsing.text import Page, Word
from guichet.plugins.fields_rules import numbers, propose, vocabulary
from guichet.plugins.fields_rules.lines import make_lines


def _page(words: list[tuple[str, float, float, float, float]]) -> Page:
    return Page(1, 595, 842, [Word(text, box) for text, *box in words])


#: Tryton's invoice report in German (account_invoice invoice.fodt, de.po): the number, the totals, then under
#: « Zahlungsbedingung » the table of the amounts to pay, « Datum | Betrag ».
TRYTON_DE = [
    ("Rechnung", 0.0863, 0.1163, 0.1805, 0.1332), ("Nr.", 0.1859, 0.1163, 0.2057, 0.1332), ("2024-6499", 0.2110, 0.1163, 0.3032, 0.1332),
    ("Datum:", 0.0863, 0.1400, 0.1300, 0.1500), ("13.06.2024", 0.1350, 0.1400, 0.2000, 0.1500),
    ("Rechnungsbetrag:", 0.7188, 0.3410, 0.8349, 0.3525), ("1193,45", 0.8551, 0.3353, 0.9024, 0.3469),
    ("Zahlungsbedingung:", 0.0863, 0.3747, 0.2150, 0.3862), ("Zahlbar", 0.2186, 0.3747, 0.2630, 0.3862),
    ("innerhalb", 0.2667, 0.3747, 0.3205, 0.3862), ("14", 0.3241, 0.3747, 0.3387, 0.3862), ("Tagen", 0.3423, 0.3747, 0.3782, 0.3862),
    ("Datum", 0.0875, 0.3902, 0.1282, 0.4017), ("Betrag", 0.1924, 0.3902, 0.2338, 0.4017),
    ("27.06.2024", 0.0875, 0.4033, 0.1530, 0.4148), ("1193,45", 0.1924, 0.4033, 0.2397, 0.4148), ("€", 0.2433, 0.4033, 0.2505, 0.4148),
]
#: The same in French (fr.po): « Condition de paiement » over « Date | Montant ».
TRYTON_FR = [
    ("N°", 0.0863, 0.1211, 0.1096, 0.1380), ("de", 0.1150, 0.1211, 0.1375, 0.1380), ("facture", 0.1428, 0.1211, 0.2071, 0.1380),
    ("40701", 0.2125, 0.1211, 0.2661, 0.1380),
    ("Date", 0.0863, 0.1450, 0.1100, 0.1550), (":", 0.1120, 0.1450, 0.1150, 0.1550), ("21/03/2025", 0.1200, 0.1450, 0.1800, 0.1550),
    ("Total", 0.7337, 0.3986, 0.7608, 0.4089), (":", 0.7641, 0.3986, 0.7680, 0.4089), ("4718,35", 0.8601, 0.3986, 0.9024, 0.4089),
    ("Condition", 0.0863, 0.4328, 0.1409, 0.4431), ("de", 0.1442, 0.4328, 0.1578, 0.4431), ("paiement:", 0.1611, 0.4328, 0.2157, 0.4431),
    ("45", 0.2190, 0.4328, 0.2320, 0.4431), ("jours", 0.2350, 0.4328, 0.2606, 0.4431), ("fin", 0.2639, 0.4328, 0.2763, 0.4431),
    ("de", 0.2795, 0.4328, 0.2925, 0.4431), ("mois", 0.2958, 0.4328, 0.3205, 0.4431),
    ("Date", 0.0875, 0.4486, 0.1129, 0.4589), ("Montant", 0.1855, 0.4486, 0.2310, 0.4589),
    ("06/05/2025", 0.0875, 0.4620, 0.1461, 0.4723), ("4718,35", 0.1855, 0.4620, 0.2278, 0.4723), ("€", 0.2311, 0.4620, 0.2376, 0.4723),
]


def test_the_one_row_of_the_schedule_under_the_payment_terms_is_the_due_date():
    # Before: no due-date label on the page, the date of the amount to pay was not read (and « Zahlungsbedingung »,
    # singular as Tryton's German says it, was no payment terms' label: only « Zahlungsbedingungen » was).
    for words, issue, due in ((TRYTON_DE, "2024-06-13", "2024-06-27"), (TRYTON_FR, "2025-03-21", "2025-05-06")):
        values = propose([_page(words)]).values()
        assert values["due_date"] == due, values
        assert values["issue_date"] == issue


def test_a_schedule_of_several_instalments_names_no_one_due_date():
    rows = ["FACTURE N° 2025-0410", "Date : 02/04/2025", "Total TTC   1 200,00 €", "Conditions de paiement : 3 fois",
            "Date   Montant", "02/05/2025   400,00 €", "02/06/2025   400,00 €", "02/07/2025   400,00 €"]
    assert propose([page_from(rows)]).values().get("due_date") is None


def test_a_dated_table_under_no_payment_terms_is_no_schedule():
    rows = ["FACTURE N° 2025-0410", "Date : 02/04/2025", "Total TTC   1 200,00 €", "Acomptes reçus",
            "Date   Montant", "02/03/2025   400,00 €"]
    assert propose([page_from(rows)]).values().get("due_date") is None


#: A SAP Business One grid in Spanish, each label on the left of its value in its box, wrapped on two lines in its
#: narrow box (« Número de / documento »), the value centred on the two lines: a row of its own between them.
SAP_ES = [
    ("Número", 0.0835, 0.1695, 0.1275, 0.1792), ("de", 0.1309, 0.1695, 0.1435, 0.1792), ("documento", 0.0835, 0.1800, 0.1432, 0.1897),
    ("Fecha", 0.3019, 0.1695, 0.3340, 0.1792), ("de", 0.3374, 0.1695, 0.3500, 0.1792), ("documento", 0.3019, 0.1800, 0.3616, 0.1897),
    ("Nº", 0.4769, 0.1695, 0.4908, 0.1792), ("referencia", 0.4941, 0.1695, 0.5478, 0.1792), ("de", 0.4769, 0.1800, 0.4896, 0.1897),
    ("deudor", 0.4930, 0.1800, 0.5303, 0.1897), ("Código", 0.6271, 0.1695, 0.6667, 0.1792), ("de", 0.6701, 0.1695, 0.6828, 0.1792),
    ("proyecto", 0.6271, 0.1800, 0.6742, 0.1897), ("Norma", 0.8106, 0.1695, 0.8479, 0.1792), ("de", 0.8513, 0.1695, 0.8639, 0.1792),
    ("reparto", 0.8106, 0.1800, 0.8486, 0.1897),
    ("202490875", 0.2098, 0.1736, 0.2854, 0.1857), ("13/10/2024", 0.3886, 0.1736, 0.4652, 0.1857), ("447920", 0.5650, 0.1736, 0.6154, 0.1857),
    ("AFF2024-574", 0.7036, 0.1736, 0.7988, 0.1857), ("ADM", 0.8773, 0.1736, 0.9165, 0.1857),
    ("Total", 0.5278, 0.4218, 0.5646, 0.4339), ("del", 0.5688, 0.4218, 0.5903, 0.4339), ("documento", 0.5945, 0.4218, 0.6738, 0.4339),
    ("2.538,37€", 0.8451, 0.4218, 0.9123, 0.4339),
]


def test_values_centred_on_labels_wrapped_on_two_lines_read_after_their_labels():
    # Before: the labels joined on their second line, the values' row stood above them: the number was the customer's
    # reference (« 447920 ») or none.
    from guichet.plugins.fields_rules.lines import make_lines

    page = _page(SAP_ES)
    texts = [line.text for line in make_lines([page])]
    assert "Número de documento  202490875  Fecha de documento  13/10/2024  Nº referencia de deudor  447920" in texts[0]
    values = propose([page]).values()
    assert values["invoice_number"] == "202490875"
    assert values["issue_date"] == "2024-10-13"


def test_a_value_beside_a_label_that_does_not_wrap_stays_on_its_row():
    # A row of labels each whole with its value beside it, a line of text under them: nothing moves.
    from guichet.plugins.fields_rules.lines import make_lines

    words = [("Date", 0.08, 0.10, 0.11, 0.11), ("12/03/2024", 0.13, 0.10, 0.20, 0.11), ("Client", 0.30, 0.10, 0.34, 0.11),
             ("C0042", 0.36, 0.10, 0.40, 0.11), ("Merci", 0.08, 0.112, 0.12, 0.122), ("beaucoup", 0.125, 0.112, 0.18, 0.122)]
    assert [line.text for line in make_lines([_page(words)])][:2] == ["Date  12/03/2024  Client  C0042", "Merci beaucoup"]


#: ERPNext's « Sales Invoice Bordered » (its bordered fields, then the Sales Invoice's other fields in boxes).
ERPNEXT = [('Sales', 0.0968, 0.0806, 0.1446, 0.0922), ('Invoice', 0.1542, 0.0806, 0.2212, 0.0922), ('ACC-SINV-2025-67365-1', 0.2404, 0.0806, 0.4415, 0.0922), ('Posting', 0.5283, 0.0806, 0.5953, 0.0922), ('Date', 0.6049, 0.0806, 0.6432, 0.0922), ('18/02/2025', 0.6623, 0.0806, 0.7581, 0.0922), ('Customer', 0.0968, 0.1050, 0.1734, 0.1165), ('Name', 0.1829, 0.1050, 0.2212, 0.1165), ('Greenfield', 0.2404, 0.1050, 0.3266, 0.1165), ('Dental', 0.3361, 0.1050, 0.3936, 0.1165), ('Practice', 0.4032, 0.1050, 0.4798, 0.1165), ('Bill', 0.5283, 0.1050, 0.5666, 0.1165), ('To:', 0.5762, 0.1050, 0.6049, 0.1165), ('Greenfield', 0.5283, 0.1163, 0.6147, 0.1278), ('Dental', 0.6240, 0.1163, 0.6815, 0.1278), ('Practice', 0.6911, 0.1163, 0.7677, 0.1278), ('Bill', 0.0968, 0.1293, 0.1351, 0.1409), ('From:', 0.1446, 0.1293, 0.1925, 0.1409), ('12', 0.5283, 0.1276, 0.5474, 0.1391), ('Main', 0.5570, 0.1276, 0.5953, 0.1391), ('Street', 0.6049, 0.1276, 0.6623, 0.1391), ("O'Brien", 0.0968, 0.1406, 0.1638, 0.1521), ('Joinery', 0.1734, 0.1406, 0.2404, 0.1521), ('Ltd', 0.2500, 0.1406, 0.2790, 0.1521), ('T12', 0.5283, 0.1388, 0.5570, 0.1504), ('K8AF', 0.5666, 0.1388, 0.6049, 0.1504), ('Cork', 0.6145, 0.1388, 0.6528, 0.1504), ('Unit', 0.0968, 0.1519, 0.1351, 0.1634), ('105,', 0.1446, 0.1519, 0.1829, 0.1634), ('Ballymount', 0.1925, 0.1519, 0.2883, 0.1634), ('Business', 0.2978, 0.1519, 0.3744, 0.1634), ('Park', 0.3840, 0.1519, 0.4223, 0.1634), ('T12', 0.0968, 0.1632, 0.1255, 0.1747), ('K8AF', 0.1351, 0.1632, 0.1734, 0.1747), ('Cork', 0.1829, 0.1632, 0.2212, 0.1747), ('+353', 0.0968, 0.1745, 0.1351, 0.1860), ('1', 0.1446, 0.1745, 0.1542, 0.1860), ('48', 0.1638, 0.1745, 0.1829, 0.1860), ('1324', 0.1925, 0.1745, 0.2308, 0.1860), ("Customer's", 0.0923, 0.2058, 0.1613, 0.2141), ('Purchase', 0.1681, 0.2058, 0.2233, 0.2141), ('Project', 0.3634, 0.2058, 0.4117, 0.2141), ('Cost', 0.5308, 0.2058, 0.5583, 0.2141), ('Center', 0.5652, 0.2058, 0.6066, 0.2141), ("Customer's", 0.6966, 0.2058, 0.7656, 0.2141), ('Order', 0.0923, 0.2139, 0.1268, 0.2222), ('Date', 0.1337, 0.2139, 0.1613, 0.2222), ('2025-284', 0.3634, 0.2133, 0.4400, 0.2248), ('NORD', 0.5308, 0.2133, 0.5691, 0.2248), ('Purchase', 0.6966, 0.2139, 0.7518, 0.2222), ('Order', 0.7587, 0.2139, 0.7931, 0.2222), ('04/02/2025', 0.0923, 0.2214, 0.1881, 0.2329), ('CO2502-4665', 0.6966, 0.2214, 0.8019, 0.2329),
    ("Grand", 0.5266, 0.3747, 0.5748, 0.3862), ("Total", 0.5841, 0.3747, 0.6320, 0.3862), ("€", 0.8175, 0.3747, 0.8271, 0.3862),
    ("8453.14", 0.8366, 0.3747, 0.9037, 0.3862),
]


def test_an_erp_s_posting_date_is_the_issue_date_and_its_customer_name_the_buyer():
    # Before: « Posting Date » was no issue-date label, the customer's purchase order's date was taken; the buyer read
    # after « Customer » was « Name Greenfield Dental Practice ».
    fields = propose([_page(ERPNEXT)]).fields
    assert fields["issue_date"].value == "2025-02-18"
    assert fields["buyer_name"].value == "Greenfield Dental Practice"
    assert fields["invoice_number"].value == "ACC-SINV-2025-67365-1"


#: iDempiere's header grid, its labels on the left of their values, wrapped in their boxes (« Date / Invoiced »).
IDEMPIERE = [('AR', 0.0863, 0.1257, 0.1201, 0.1427), ('Invoice', 0.1260, 0.1257, 0.1970, 0.1427), ('Payment', 0.0930, 0.1560, 0.1411, 0.1662), ('Net', 0.2280, 0.1598, 0.2534, 0.1725), ('30', 0.2578, 0.1598, 0.2755, 0.1725), ('Sales', 0.3764, 0.1560, 0.4048, 0.1662), ('Aoife', 0.5159, 0.1598, 0.5547, 0.1725), ("O'Brien", 0.5591, 0.1598, 0.6135, 0.1725), ('Due', 0.6816, 0.1610, 0.7049, 0.1712), ('Date', 0.7084, 0.1610, 0.7348, 0.1712), ('20/10/2025', 0.7782, 0.1598, 0.8592, 0.1725), ('Term', 0.0930, 0.1660, 0.1231, 0.1762), ('Representative', 0.3764, 0.1660, 0.4579, 0.1762), ('Date', 0.0930, 0.1819, 0.1194, 0.1921), ('20/09/2025', 0.2280, 0.1857, 0.3090, 0.1984), ('Payment', 0.3764, 0.1819, 0.4246, 0.1921), ('Check', 0.5159, 0.1857, 0.5607, 0.1984), ('Date', 0.6816, 0.1819, 0.7080, 0.1921), ('18/09/2025', 0.7782, 0.1857, 0.8592, 0.1984), ('Invoiced', 0.0930, 0.1919, 0.1404, 0.2021), ('Rule', 0.3764, 0.1919, 0.4024, 0.2021), ('Ordered', 0.6816, 0.1919, 0.7276, 0.2021), ('Document', 0.0930, 0.2091, 0.1508, 0.2192), ('No', 0.1543, 0.2091, 0.1715, 0.2192), ('AR9100701', 0.2280, 0.2078, 0.3142, 0.2205), ('Line', 0.1297, 0.2397, 0.1588, 0.2505), ('Product', 0.1723, 0.2397, 0.2234, 0.2505), ('Quantity', 0.5348, 0.2397, 0.5921, 0.2505), ('Price', 0.6907, 0.2397, 0.7238, 0.2505), ('Line', 0.8220, 0.2397, 0.8511, 0.2505), ('Amount', 0.8549, 0.2397, 0.9070, 0.2505), ('1', 0.1500, 0.2560, 0.1588, 0.2687), ('Site', 0.1723, 0.2560, 0.1990, 0.2687), ('survey', 0.2034, 0.2560, 0.2478, 0.2687), ('1', 0.5833, 0.2560, 0.5921, 0.2687), ('280.20', 0.6753, 0.2560, 0.7238, 0.2687), ('280.20', 0.8585, 0.2560, 0.9070, 0.2687),
    ("Grand", 0.5266, 0.3747, 0.5748, 0.3862), ("Total", 0.5841, 0.3747, 0.6320, 0.3862), ("€48,402.14", 0.8175, 0.3747, 0.9037, 0.3862),
]


def test_idempiere_s_date_invoiced_is_the_issue_date():
    # Before: « Date Invoiced » was no issue-date label, the due date was taken for the issue date.
    values = propose([_page(IDEMPIERE)]).values()
    assert values["issue_date"] == "2025-09-20"
    assert values["invoice_number"] == "AR9100701"


#: Axelor's header grid in French: the payment term « 15 jours date de facture » wraps in its box, its end « date de
#: facture » on the line of the due date's box beside it.
AXELOR = [('FACTURE', 0.0672, 0.1443, 0.1801, 0.1637), ('Livraison', 0.0733, 0.1773, 0.1440, 0.1867), ('N°', 0.1519, 0.1773, 0.1676, 0.1867), ('Facture', 0.2596, 0.1773, 0.3146, 0.1867), ('N°', 0.3225, 0.1773, 0.3382, 0.1867), ('Date', 0.5253, 0.1773, 0.5568, 0.1867), ('facture', 0.5646, 0.1773, 0.6197, 0.1867), ('Réf.', 0.6889, 0.1773, 0.7204, 0.1867), ('document', 0.7282, 0.1773, 0.7911, 0.1867), ('FA25045468', 0.0733, 0.1903, 0.1741, 0.2024), ('FA25084177', 0.2596, 0.1903, 0.3604, 0.2024), ('22-08-2025', 0.5253, 0.1903, 0.6261, 0.2024), ('779641', 0.6889, 0.1903, 0.7494, 0.2024), ('Commande', 0.0733, 0.2069, 0.1362, 0.2164), ('client', 0.1440, 0.2069, 0.1912, 0.2164), ('Condition', 0.2596, 0.2069, 0.3303, 0.2164), ('de', 0.3382, 0.2069, 0.3539, 0.2164), ('règlement', 0.3618, 0.2069, 0.4325, 0.2164), ('Date', 0.5253, 0.2069, 0.5568, 0.2164), ('échéance', 0.5646, 0.2069, 0.6275, 0.2164), ('Mode', 0.6889, 0.2069, 0.7204, 0.2164), ('de', 0.7282, 0.2069, 0.7439, 0.2164), ('paiement', 0.7518, 0.2069, 0.8147, 0.2164), ('CO2508-9160', 0.0733, 0.2259, 0.1841, 0.2380), ('15', 0.2596, 0.2200, 0.2797, 0.2321), ('jours', 0.2898, 0.2200, 0.3402, 0.2321), ('06-09-2025', 0.5253, 0.2259, 0.6261, 0.2380), ('Prélèvement', 0.6889, 0.2259, 0.7998, 0.2380), ('SEPA', 0.8099, 0.2259, 0.8502, 0.2380), ('date', 0.2596, 0.2319, 0.2999, 0.2440), ('de', 0.3100, 0.2319, 0.3301, 0.2440), ('facture', 0.3402, 0.2319, 0.4108, 0.2440),
    ("Total", 0.5266, 0.4747, 0.5748, 0.4862), ("TTC", 0.5841, 0.4747, 0.6320, 0.4862), ("16092,19", 0.8366, 0.4747, 0.9037, 0.4862),
]


def test_a_payment_term_counted_from_the_invoice_date_labels_no_issue_date():
    # Before: « date de facture », the end of the term « 15 jours date de facture », was read as the issue date's label
    # and the due date beside it (06-09-2025) as the issue date.
    values = propose([_page(AXELOR)]).values()
    assert values["issue_date"] == "2025-08-22"
    assert values["due_date"] == "2025-09-06"


#: The review's page (review-1, finding 1): an invoice dated by its label, then under a means of payment's label the
#: table of a payment already received, dated before the invoice.
_PAID_BEFORE = ["Boulangerie Martin SARL", "12 rue des Lilas 75011 Paris", "SIRET : 732 829 320 00074", "FACTURE N° FA-2024-0117",
                "Date de facture : 05/03/2024", "Client :", "Société Démo SAS", "4 avenue Foch", "69006 Lyon", "",
                "Désignation   Qté   Prix unitaire   Montant HT", "Pain de campagne   10   2,50   25,00",
                "Total HT          25,00 €", "TVA 5,5 %   25,00   1,38 €", "Total TTC         26,38 €"]


def test_a_dated_table_under_a_means_of_payment_is_no_schedule_and_leaves_the_issue_date():
    # Before: the payment received (20/02/2024) under « Mode de règlement » / « Forma de pago » was read as the due
    # date at 0.7, and the issue date, made to come before it, became that date too.
    for means in (["Mode de règlement : chèque", "Date  Montant", "20/02/2024  26,38"],
                  ["Forma de pago: transferencia", "Fecha  Importe", "20/02/2024  10,00"],
                  ["Zahlungsweise: Überweisung", "Datum  Betrag", "20.02.2024  26,38"]):
        values = propose([page_from(_PAID_BEFORE + means)]).values()
        assert values["issue_date"] == "2024-03-05", means
        assert values.get("due_date") is None, means


def test_a_scheduled_date_before_the_labelled_issue_date_is_no_due_date():
    # Before: under a payment terms' label too, the schedule's date before the invoice's constrained the issue date.
    for terms in ("Condition de paiement", "Plazo de pago: contado"):
        values = propose([page_from(_PAID_BEFORE + [terms, "Date  Montant", "20/02/2024  26,38"])]).values()
        assert values["issue_date"] == "2024-03-05", terms
        assert values.get("due_date") is None, terms


def test_a_complete_terms_cell_over_the_issue_date_label_leaves_the_label():
    # review-1, finding 6: « Conditions de paiement : 30 jours » is a cell of its own, not the first line of a term
    # wrapped over « Date de facture »; before, the label was dropped (the German one's confidence fell to 0.80).
    for terms, label in (("Conditions de paiement : 30 jours", "Date de facture : 05/03/2024"),
                         ("Zahlungsziel: 14 Tage", "Rechnungsdatum: 05.03.2024"), ("Pagamento a 30 gg", "Data fattura 05/03/2024")):
        lines = make_lines([page_from(["FACTURE N° FA-2024-0117", terms, label])])
        cands = numbers.labelled(lines, vocabulary.ISSUE_DATE, lambda line: numbers.dates(line, us=False), max_gap=12, wrap=True)
        assert cands and not any(numbers._term_counted_from(lines, c) for c in cands), terms
        field = propose([page_from(["FACTURE N° FA-2024-0117", terms, label])]).fields["issue_date"]
        assert field.label is not None and field.confidence >= 0.9, (terms, field)
