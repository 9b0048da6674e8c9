"""The invoice number when no known label names it (plugins/fields_rules/unnamed_number.py): read from the title,
or from a number sign confirmed by the page printing the code again; never from a sign of unknown words alone."""

from __future__ import annotations

from guichet.plugins.fields_rules.lines import make_lines
from guichet.plugins.fields_rules.numbers import invoice_number
from guichet.plugins.fields_rules.unnamed_number import AMBIGUOUS_SCORE
from test_plugins_fields_rules_numbers import _placed  # a page of cells placed by hand, one helper for the rules' tests


BODY = [(0.10, 0.06, "Garage Morel SARL", 0.012), (0.115, 0.06, "12 rue des Lilas", 0.012),
        (0.13, 0.06, "69007 Lyon", 0.012), (0.20, 0.06, "Domaine de la Garenne", 0.012),
        (0.50, 0.06, "Vidange moteur", 0.012), (0.50, 0.60, "120,00", 0.012),
        (0.60, 0.06, "Total TTC", 0.012), (0.60, 0.60, "144,00 €", 0.012)]
RIVALS = [(0.25, 0.06, "N° adhérent : ADH-2025-311", 0.012), (0.265, 0.06, "N° de titre : TR-2025-0042", 0.012)]


def _number(cells):
    return invoice_number(make_lines(_placed(cells)))


def test_a_code_on_the_title_s_line_is_the_number_whatever_the_title_s_words():
    found = _number([(0.05, 0.55, "Relevé de facturation RF-2025-0042", 0.024), *BODY])
    assert found is not None and found.value == "RF-2025-0042" and found.score > 0.3


def test_a_code_just_under_the_title_is_the_number():
    found = _number([(0.05, 0.55, "Mémoire", 0.024), (0.08, 0.55, "MEM-2025-17", 0.014), *BODY])
    assert found is not None and found.value == "MEM-2025-17"


def test_codes_after_signs_of_unknown_words_printed_once_give_no_number():
    assert _number([(0.05, 0.55, "Mémoire", 0.024), *RIVALS, *BODY]) is None


def test_a_code_after_a_sign_printed_again_at_the_foot_is_the_number():
    found = _number([(0.05, 0.55, "Mémoire", 0.024), *RIVALS, *BODY,
                     (0.70, 0.06, "Merci de rappeler la référence TR-2025-0042 sur votre virement.", 0.012)])
    assert found is not None and found.value == "TR-2025-0042" and found.score > AMBIGUOUS_SCORE


def test_a_known_rival_s_code_is_never_the_number_even_printed_again():
    found = _number([(0.05, 0.55, "Mémoire", 0.024), (0.25, 0.06, "N° client : CL-2025-311", 0.012), *BODY,
                     (0.70, 0.06, "Rappelez le n° client CL-2025-311 sur votre virement.", 0.012)])
    assert found is None


def test_a_period_on_the_title_s_line_is_no_number():
    # « 2024-04 », « 04/2024 »: a year and a month, the period billed (review of 13e, 6)
    assert _number([(0.05, 0.55, "Relevé mensuel 2024-04", 0.024), *BODY]) is None
    assert _number([(0.05, 0.55, "Relevé mensuel 04/2024", 0.024), *BODY]) is None


def test_a_sign_s_label_naming_a_rival_no_table_names_is_none_even_printed_again():
    # the invoice number's own test of a weak label (numbers.thing_said) judges the sign's label (review of 13e, 7)
    police = [(0.05, 0.55, "Mémoire", 0.024), (0.25, 0.06, "N° de police : POL-884512", 0.012), *BODY,
              (0.70, 0.06, "Rappel N° de police POL-884512", 0.012)]
    assert _number(police) is None
    water = [(0.05, 0.55, "Facture d'eau", 0.024), (0.25, 0.06, "N° abonné : 0412345678", 0.012), *BODY,
             (0.70, 0.06, "Abonné 0412345678 - à joindre à votre règlement", 0.012)]
    assert _number(water) is None


def test_a_sign_s_label_naming_the_document_printed_again_is_the_number():
    found = _number([(0.05, 0.55, "Mémoire", 0.024), (0.25, 0.06, "Beleg-Nr. : BL-2025-0042", 0.012), *BODY,
                     (0.70, 0.06, "BL-2025-0042 - 1/1", 0.012)])
    assert found is not None and found.value == "BL-2025-0042"


def test_a_code_after_a_sign_and_the_title_s_own_noun_is_the_number_among_rivals():
    # what the document calls itself (its title's head noun) names its own number, even a noun the tables call a
    # rival's elsewhere (« avis »), abbreviated (« Quitt. »), or after a reference word (« Réf. quittance »)
    for title, label in (("Quittance de loyer", "Quittance n°"), ("Quittance de loyer", "Réf. quittance"),
                         ("Quittance de loyer", "Quitt. n°"), ("Avis des sommes à payer", "N° de l'avis"),
                         ("Titre exécutoire", "Titre n°"), ("Addition", "N° addition")):
        found = _number([(0.05, 0.55, title, 0.024), (0.25, 0.06, "N° locataire : LC-2025-311", 0.012),
                         (0.265, 0.06, f"{label} : QT-2025-0042", 0.012), *BODY])
        assert found is not None and found.value == "QT-2025-0042" and found.score > 0.3, (title, label, found)


def test_a_code_after_a_sign_and_a_title_naming_another_document_is_not_the_document_s_number():
    # a title naming a contract, an order, a claim, a delivery, a quote: « <Noun> n° » numbers that document, not the
    # invoice (a noun the tables call a rival's names the document's own number only under a bill's title)
    for title, label in (("Contrat d'entretien", "Contrat n°"), ("Commande", "Commande n°"),
                         ("Dossier sinistre", "Dossier n°"), ("Livraison", "Livraison n°"), ("Devis accepté", "Devis n°")):
        found = _number([(0.05, 0.55, title, 0.024), (0.25, 0.06, f"{label} : CT-2025-889", 0.012), *BODY])
        assert found is None or found.score <= AMBIGUOUS_SCORE, (title, found.value, found.score)
    # printed again (a payment's words): the document's after all
    found = _number([(0.05, 0.55, "Contrat d'entretien", 0.024), (0.25, 0.06, "Contrat n° : CT-2025-889", 0.012), *BODY,
                     (0.7, 0.06, "Référence à rappeler avec votre virement : CT-2025-889", 0.012)])
    assert found is not None and found.value == "CT-2025-889" and found.score > 0.3


def test_a_sign_and_a_noun_of_the_title_s_complement_is_no_number():
    # « Note de séjour »: the stay is what the note is about, « Séjour n° » numbers the booking, not the note
    found = _number([(0.05, 0.55, "Note de séjour", 0.024), (0.25, 0.06, "Séjour n° : SJ-2025-311", 0.012), *BODY])
    assert found is None or found.score <= AMBIGUOUS_SCORE


def test_a_number_after_a_rival_s_noun_and_the_ordinal_sign_is_not_the_document_s():
    # « Nº » (the ordinal « º », a letter to Unicode) is a sign like « N° »: « Bail nº » numbers the lease
    for sign in ("nº", "n°"):
        found = _number([(0.05, 0.55, "Mémoire", 0.024), (0.25, 0.06, f"Bail {sign} : BL-2025-311", 0.012), *BODY])
        assert found is None or found.score <= 0.3, (sign, found.value, found.score)


def test_a_code_beside_the_title_outweighs_one_after_a_bare_sign():
    found = _number([(0.05, 0.45, "Titre de recettes R/2024/674", 0.024), (0.25, 0.06, "N°", 0.012),
                     (0.265, 0.06, "BORD. :", 0.012), (0.28, 0.06, "358", 0.012), *BODY])
    assert found is not None and found.value == "R/2024/674"


def test_a_title_s_complement_without_a_link_word_names_no_number():
    # « Facture vendeur »: the seller's reference (« Réf. du vendeur ») is not the invoice's number
    found = _number([(0.05, 0.55, "Facture vendeur", 0.024), (0.25, 0.06, "Réf. du vendeur : VD-2025-311", 0.012), *BODY])
    assert found is None or found.score <= AMBIGUOUS_SCORE


def test_a_payment_word_in_another_cell_of_a_header_row_does_not_make_a_rival_s_label_the_document_s():
    # a header row: « Doss. numéro » is a file's number; a word of paying cells away (« règlement ») says nothing of it
    cells = [(0.05, 0.55, "Facture", 0.024), (0.25, 0.06, "Date du document", 0.012), (0.25, 0.20, "Ref confirmation", 0.012),
             (0.25, 0.35, "Doss. numéro", 0.012), (0.25, 0.50, "FO-2025-2668", 0.012), (0.25, 0.62, "Réf. ch.", 0.012),
             (0.25, 0.72, "Date limite de règlement", 0.012), (0.27, 0.06, "27/08/2025", 0.012), (0.27, 0.20, "6774.4795", 0.012),
             (0.27, 0.35, "DS-2025-7288", 0.012), (0.27, 0.62, "610", 0.012), (0.27, 0.72, "11/09/2025", 0.012), *BODY]
    found = _number(cells)
    assert found is None or found.score <= AMBIGUOUS_SCORE


def test_a_label_wrapped_in_its_narrow_cell_names_its_thing_on_its_next_line():
    # blocks of a label over its value, the label wrapped: « Numéro » over « exp. : » numbers a shipment
    cells = [(0.05, 0.55, "Facture", 0.024), (0.25, 0.06, "Numéro", 0.012), (0.265, 0.06, "exp. :", 0.012),
             (0.28, 0.06, "49/563725", 0.012), (0.25, 0.30, "Date :", 0.012), (0.265, 0.30, "27/06/2025", 0.012), *BODY]
    found = _number(cells)
    assert found is None or found.score <= AMBIGUOUS_SCORE


def test_a_code_quoted_as_the_payment_s_reference_is_shown_for_a_person_to_check():
    # « Please quote … »: the verb asking for the code, no quotation's; no other candidate: read at 0.25, never written
    for sentence, code in (("Please quote 2025/01585 as the reference of your transfer.", "2025/01585"),
                           ("Bitte geben Sie RE-2025-01585 als Verwendungszweck an.", "RE-2025-01585"),
                           ("Indique FAC-2025-01585 como referencia.", "FAC-2025-01585")):
        found = _number([(0.05, 0.55, "Invoice", 0.024), *BODY, (0.70, 0.06, sentence, 0.012)])
        assert found is not None and found.value == code and found.score == AMBIGUOUS_SCORE


def test_a_rival_s_code_quoted_as_the_reference_is_still_the_rival_s():
    # the rival's noun just before the code (« la commande PO-… », « le contrat CT-… ») names it, as any word before
    for sentence in ("Please quote your customer number CL-2025-311 as the reference.",
                     "Merci d'indiquer la commande PO-2025-4411 en référence de votre virement.",
                     "Indiquez le contrat CT-2025-4411 comme référence."):
        found = _number([(0.05, 0.55, "Invoice", 0.024), *BODY, (0.70, 0.06, sentence, 0.012)])
        assert found is None, sentence
