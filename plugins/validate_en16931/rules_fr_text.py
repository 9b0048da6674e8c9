"""A French text for every rule of the shipped schematrons whose official text is English.

One place for them: the web (finding lists), ``guichet validate`` and ``guichet check``
(text output, and ``message_fr`` in their JSON) ask :func:`text_fr` (the others through
the ``rule_text_fr`` hook). The official English text stays the finding's ``message``.

- EN 16931 rules (BR-nn, BR-CO, BR-CL, BR-DEC and the VAT category rules BR-S/Z/E/AE/K/G/O/
  AF/AG/B): one text each, translated from the CEN schematron's texts (cen/, 1.3.16),
  naming the business terms by their names in the French edition of EN 16931-1.
- Factur-X EXTENDED and EXTENDED-CTC-FR variants (BR-FXEXT-*, BR-FREXT-*): their own text
  where the profile adds a rule, else the EN 16931 rule they relax, said as a variant.
- Syntax rules (CII-SR, CII-DT, UBL-CR, UBL-SR, UBL-DT) and the Factur-X profile checks
  (FX-SCH-A-*, FX-NOT-USED): in groups, from the shape of their text (the element named
  is kept: it is an XML name, not English), UBL-SR one by one.

Written by hand (no published French version of these texts exists); the test
``tests/test_rules_fr_text.py`` reads every rule of every shipped stylesheet and fails
on one without a French text, or with an English one.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# EN 16931 core rules
# ---------------------------------------------------------------------------

_BR = {
    "BR-01": "La facture doit avoir un identifiant de spécification (BT-24).",
    "BR-02": "La facture doit avoir un numéro de facture (BT-1).",
    "BR-03": "La facture doit avoir une date d'émission (BT-2).",
    "BR-04": "La facture doit avoir un code de type de facture (BT-3).",
    "BR-05": "La facture doit avoir un code de devise de la facture (BT-5).",
    "BR-06": "La facture doit contenir le nom du vendeur (BT-27).",
    "BR-07": "La facture doit contenir le nom de l'acheteur (BT-44).",
    "BR-08": "La facture doit contenir l'adresse postale du vendeur (BG-5).",
    "BR-09": "L'adresse postale du vendeur (BG-5) doit contenir le code pays du vendeur (BT-40).",
    "BR-10": "La facture doit contenir l'adresse postale de l'acheteur (BG-8).",
    "BR-11": "L'adresse postale de l'acheteur (BG-8) doit contenir le code pays de l'acheteur (BT-55).",
    "BR-12": "La facture doit avoir la somme des montants nets des lignes (BT-106).",
    "BR-13": "La facture doit avoir le montant total hors TVA (BT-109).",
    "BR-14": "La facture doit avoir le montant total TVA comprise (BT-112).",
    "BR-15": "La facture doit avoir le montant net à payer (BT-115).",
    "BR-16": "La facture doit avoir au moins une ligne de facture (BG-25).",
    "BR-17": "Le nom du bénéficiaire (BT-59) doit figurer lorsque le bénéficiaire (BG-10) n'est pas le vendeur (BG-4).",
    "BR-18": "Le nom du représentant fiscal du vendeur (BT-62) doit figurer lorsque le vendeur (BG-4) a un "
             "représentant fiscal (BG-11).",
    "BR-19": "L'adresse postale du représentant fiscal du vendeur (BG-12) doit figurer lorsque le vendeur (BG-4) a "
             "un représentant fiscal (BG-11).",
    "BR-20": "L'adresse postale du représentant fiscal (BG-12) doit contenir son code pays (BT-69) lorsque le "
             "vendeur (BG-4) a un représentant fiscal (BG-11).",
    "BR-21": "Chaque ligne de facture (BG-25) doit avoir un identifiant de ligne (BT-126).",
    "BR-22": "Chaque ligne de facture (BG-25) doit avoir une quantité facturée (BT-129).",
    "BR-23": "Chaque ligne de facture (BG-25) doit avoir un code d'unité de mesure de la quantité facturée (BT-130).",
    "BR-24": "Chaque ligne de facture (BG-25) doit avoir un montant net de ligne (BT-131).",
    "BR-25": "Chaque ligne de facture (BG-25) doit contenir le nom de l'article (BT-153).",
    "BR-26": "Chaque ligne de facture (BG-25) doit contenir le prix net de l'article (BT-146) (lignes de détail).",
    "BR-27": "Le prix net de l'article (BT-146) ne doit pas être négatif.",
    "BR-28": "Le prix brut de l'article (BT-148) ne doit pas être négatif.",
    "BR-29": "Si la date de début (BT-73) et la date de fin (BT-74) de la période de facturation sont données, "
             "la date de fin doit être égale ou postérieure à la date de début.",
    "BR-30": "Si la date de début (BT-134) et la date de fin (BT-135) de la période de la ligne sont données, "
             "la date de fin doit être égale ou postérieure à la date de début.",
    "BR-31": "Chaque remise au niveau du document (BG-20) doit avoir un montant de remise (BT-92).",
    "BR-32": "Chaque remise au niveau du document (BG-20) doit avoir un code de catégorie de TVA (BT-95).",
    "BR-33": "Chaque remise au niveau du document (BG-20) doit avoir un motif (BT-97) ou un code de motif (BT-98).",
    "BR-36": "Chaque charge ou frais au niveau du document (BG-21) doit avoir un montant (BT-99).",
    "BR-37": "Chaque charge ou frais au niveau du document (BG-21) doit avoir un code de catégorie de TVA (BT-102).",
    "BR-38": "Chaque charge ou frais au niveau du document (BG-21) doit avoir un motif (BT-104) ou un code de "
             "motif (BT-105).",
    "BR-41": "Chaque remise de ligne (BG-27) doit avoir un montant de remise de ligne (BT-136).",
    "BR-42": "Chaque remise de ligne (BG-27) doit avoir un motif (BT-139) ou un code de motif (BT-140).",
    "BR-43": "Chaque charge ou frais de ligne (BG-28) doit avoir un montant (BT-141).",
    "BR-44": "Chaque charge ou frais de ligne (BG-28) doit avoir un motif (BT-144) ou un code de motif (BT-145).",
    "BR-45": "Chaque ventilation de TVA (BG-23) doit avoir une base imposable de la catégorie (BT-116).",
    "BR-46": "Chaque ventilation de TVA (BG-23) doit avoir un montant de TVA de la catégorie (BT-117).",
    "BR-47": "Chaque ventilation de TVA (BG-23) doit être définie par un code de catégorie de TVA (BT-118).",
    "BR-48": "Chaque ventilation de TVA (BG-23) doit avoir un taux de TVA de la catégorie (BT-119), sauf si la "
             "facture n'est pas soumise à la TVA.",
    "BR-49": "Une instruction de paiement (BG-16) doit indiquer le code du moyen de paiement (BT-81).",
    "BR-50": "L'identifiant du compte de paiement (BT-84) doit figurer lorsque la facture donne des informations "
             "de virement (BG-17).",
    "BR-51": "Selon les normes de sécurité des paiements par carte, une facture ne doit jamais contenir le numéro "
             "complet de la carte (BT-87) : au plus les 6 premiers et les 4 derniers chiffres.",
    "BR-52": "Chaque justificatif additionnel (BG-24) doit contenir une référence de justificatif (BT-122).",
    "BR-53": "Si le code de devise de comptabilisation de la TVA (BT-6) est présent, le montant total de TVA dans "
             "cette devise (BT-111) doit figurer.",
    "BR-54": "Chaque attribut d'article (BG-32) doit contenir un nom (BT-160) et une valeur (BT-161) d'attribut.",
    "BR-55": "Chaque référence à une facture antérieure (BG-3) doit contenir le numéro de cette facture (BT-25).",
    "BR-56": "Chaque représentant fiscal du vendeur (BG-11) doit avoir un numéro de TVA (BT-63).",
    "BR-57": "Chaque adresse de livraison (BG-15) doit contenir un code pays de livraison (BT-80).",
    "BR-61": "Si le code du moyen de paiement (BT-81) désigne un virement SEPA, un virement local ou un virement "
             "international hors SEPA, l'identifiant du compte de paiement (BT-84) doit figurer.",
    "BR-62": "L'adresse électronique du vendeur (BT-34) doit avoir un identifiant de schéma.",
    "BR-63": "L'adresse électronique de l'acheteur (BT-49) doit avoir un identifiant de schéma.",
    "BR-64": "L'identifiant standard de l'article (BT-157) doit avoir un identifiant de schéma.",
    "BR-65": "L'identifiant de classification de l'article (BT-158) doit avoir un identifiant de schéma.",
    # Calculations and conditions (BR-CO)
    "BR-CO-03": "La date d'exigibilité de la TVA (BT-7) et le code de date d'exigibilité (BT-8) s'excluent "
                "mutuellement.",
    "BR-CO-04": "Chaque ligne de facture (BG-25) doit avoir un code de catégorie de TVA de l'article facturé (BT-151).",
    "BR-CO-05": "Le code de motif (BT-98) et le motif (BT-97) d'une remise au niveau du document doivent désigner "
                "le même type de remise.",
    "BR-CO-06": "Le code de motif (BT-105) et le motif (BT-104) d'une charge au niveau du document doivent désigner "
                "le même type de charge.",
    "BR-CO-07": "Le code de motif (BT-140) et le motif (BT-139) d'une remise de ligne doivent désigner le même type "
                "de remise.",
    "BR-CO-08": "Le code de motif (BT-145) et le motif (BT-144) d'une charge de ligne doivent désigner le même type "
                "de charge.",
    "BR-CO-09": "Les numéros de TVA du vendeur (BT-31), du représentant fiscal (BT-63) et de l'acheteur (BT-48) "
                "doivent commencer par le code pays ISO 3166-1 alpha-2 du pays qui les a attribués (la Grèce peut "
                "utiliser « EL »).",
    "BR-CO-10": "La somme des montants nets des lignes (BT-106) doit être égale à la somme des montants nets de "
                "ligne (BT-131).",
    "BR-CO-11": "La somme des remises au niveau du document (BT-107) doit être égale à la somme des montants de "
                "remise (BT-92).",
    "BR-CO-12": "La somme des charges au niveau du document (BT-108) doit être égale à la somme des montants de "
                "charge (BT-99).",
    "BR-CO-13": "Le montant total hors TVA (BT-109) doit être égal à la somme des montants nets de ligne (BT-131), "
                "moins les remises (BT-107), plus les charges (BT-108) au niveau du document.",
    "BR-CO-14": "Le montant total de TVA (BT-110) doit être égal à la somme des montants de TVA par catégorie "
                "(BT-117).",
    "BR-CO-15": "Le montant total TVA comprise (BT-112) doit être égal au total hors TVA (BT-109) plus le total de "
                "TVA (BT-110).",
    "BR-CO-16": "Le montant net à payer (BT-115) doit être égal au total TVA comprise (BT-112), moins le montant "
                "déjà payé (BT-113), plus l'arrondi (BT-114).",
    "BR-CO-17": "Le montant de TVA de la catégorie (BT-117) doit être égal à la base imposable (BT-116) multipliée "
                "par le taux (BT-119) divisé par 100, arrondi à deux décimales.",
    "BR-CO-18": "La facture doit avoir au moins une ventilation de TVA (BG-23).",
    "BR-CO-19": "Si la période de facturation (BG-14) est utilisée, sa date de début (BT-73) ou sa date de fin "
                "(BT-74), ou les deux, doivent être renseignées.",
    "BR-CO-20": "Si la période de la ligne (BG-26) est utilisée, sa date de début (BT-134) ou sa date de fin "
                "(BT-135), ou les deux, doivent être renseignées.",
    "BR-CO-21": "Chaque remise au niveau du document (BG-20) doit contenir un motif (BT-97) ou un code de motif "
                "(BT-98), ou les deux.",
    "BR-CO-22": "Chaque charge au niveau du document (BG-21) doit contenir un motif (BT-104) ou un code de motif "
                "(BT-105), ou les deux.",
    "BR-CO-23": "Chaque remise de ligne (BG-27) doit contenir un motif (BT-139) ou un code de motif (BT-140), ou "
                "les deux.",
    "BR-CO-24": "Chaque charge de ligne (BG-28) doit contenir un motif (BT-144) ou un code de motif (BT-145), ou "
                "les deux.",
    "BR-CO-25": "Lorsque le montant net à payer (BT-115) est positif, la date d'échéance (BT-9) ou les conditions "
                "de paiement (BT-20) doivent figurer.",
    "BR-CO-26": "Pour que l'acheteur identifie le fournisseur automatiquement, l'identifiant du vendeur (BT-29), "
                "son identifiant légal (BT-30) et/ou son numéro de TVA (BT-31) doivent figurer.",
    "BR-CO-27": "Le compte de paiement (BT-84) doit être donné soit par un IBAN, soit par un identifiant propriétaire.",
    # Code lists (BR-CL)
    "BR-CL-01": "Le code de type de document (BT-3) doit appartenir aux codes de factures et d'avoirs de la liste "
                "UNTDID 1001.",
    "BR-CL-03": "Le code de devise (attribut currencyID) doit appartenir à la liste ISO 4217 alpha-3.",
    "BR-CL-04": "Le code de devise de la facture (BT-5) doit appartenir à la liste ISO 4217 alpha-3.",
    "BR-CL-05": "Le code de devise de comptabilisation de la TVA (BT-6) doit appartenir à la liste ISO 4217 alpha-3.",
    "BR-CL-06": "Le code de date d'exigibilité de la TVA (BT-8) doit appartenir à une restriction de la liste "
                "UNTDID 2005.",
    "BR-CL-07": "L'identifiant de schéma de l'identifiant d'objet facturé (BT-18) doit appartenir à une restriction "
                "de la liste UNTDID 1153.",
    "BR-CL-08": "Le code du sujet de la note (BT-21) doit appartenir à la liste UNTDID 4451.",
    "BR-CL-10": "L'identifiant de schéma d'un identifiant doit appartenir à la liste ISO 6523 ICD.",
    "BR-CL-11": "L'identifiant de schéma d'un identifiant d'immatriculation doit appartenir à la liste ISO 6523 ICD.",
    "BR-CL-13": "L'identifiant de schéma de la classification de l'article (BT-158) doit appartenir à la liste "
                "UNTDID 7143.",
    "BR-CL-14": "Les codes pays de la facture doivent appartenir à la liste ISO 3166-1.",
    "BR-CL-15": "Les codes pays de la facture doivent appartenir à la liste ISO 3166-1.",
    "BR-CL-16": "Le code du moyen de paiement (BT-81) doit appartenir à la liste UNTDID 4461.",
    "BR-CL-17": "Les codes de catégorie de TVA doivent appartenir à la liste UNTDID 5305.",
    "BR-CL-18": "Les codes de catégorie de TVA doivent appartenir à la liste UNTDID 5305.",
    "BR-CL-19": "Les codes de motif de remise doivent appartenir à la liste UNTDID 5189.",
    "BR-CL-20": "Les codes de motif de charge doivent appartenir à la liste UNTDID 7161.",
    "BR-CL-21": "L'identifiant de schéma de l'identifiant standard de l'article (BT-157) doit appartenir à la liste "
                "ISO 6523 ICD.",
    "BR-CL-22": "Le code du motif d'exonération de TVA (BT-121) doit appartenir à la liste VATEX.",
    "BR-CL-23": "Le code d'unité de mesure doit appartenir à la recommandation 20 de la CEE-ONU (avec son "
                "extension, la recommandation 21).",
    "BR-CL-24": "Le code MIME de la pièce jointe (attribut mimeCode) doit appartenir à la liste des types MIME "
                "admis.",
    "BR-CL-25": "L'identifiant de schéma d'une adresse électronique (BT-34, BT-49) doit appartenir à la liste EAS.",
    "BR-CL-26": "L'identifiant de schéma de l'identifiant du lieu de livraison (BT-71) doit appartenir à la liste "
                "ISO 6523 ICD.",
    # Split payment (Italy)
    "BR-B-01": "Une facture de catégorie de TVA « paiement scindé » (BT-151, BT-95 ou BT-102) doit être une "
               "facture intérieure italienne.",
    "BR-B-02": "Une facture comportant une ligne, une remise ou une charge de catégorie « paiement scindé » ne doit "
               "comporter aucune ligne, remise ou charge de catégorie « taux normal ».",
}

#: Amounts of BR-DEC-nn (at most two decimals): rule → the term's French name and number.
_DECIMALS = {
    "01": "le montant de la remise au niveau du document (BT-92)",
    "02": "la base de la remise au niveau du document (BT-93)",
    "05": "le montant de la charge au niveau du document (BT-99)",
    "06": "la base de la charge au niveau du document (BT-100)",
    "09": "la somme des montants nets des lignes (BT-106)",
    "10": "la somme des remises au niveau du document (BT-107)",
    "11": "la somme des charges au niveau du document (BT-108)",
    "12": "le montant total hors TVA (BT-109)",
    "13": "le montant total de TVA (BT-110)",
    "14": "le montant total TVA comprise (BT-112)",
    "15": "le montant total de TVA en devise de comptabilisation (BT-111)",
    "16": "le montant déjà payé (BT-113)",
    "17": "l'arrondi (BT-114)",
    "18": "le montant net à payer (BT-115)",
    "19": "la base imposable de la catégorie de TVA (BT-116)",
    "20": "le montant de TVA de la catégorie (BT-117)",
    "23": "le montant net de ligne (BT-131)",
    "24": "le montant de la remise de ligne (BT-136)",
    "25": "la base de la remise de ligne (BT-137)",
    "27": "le montant de la charge de ligne (BT-141)",
    "28": "la base de la charge de ligne (BT-142)",
}
for _n, _what in _DECIMALS.items():
    _BR[f"BR-DEC-{_n}"] = f"Au plus deux décimales pour {_what}."

# ---------------------------------------------------------------------------
# VAT category rules (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG)
# ---------------------------------------------------------------------------

#: Rule prefix → the category's French name (UNTDID 5305 as EN 16931's French edition names it).
_CATEGORIES = {
    "S": "taux normal", "Z": "taux zéro", "E": "exonéré de TVA", "AE": "autoliquidation",
    "IC": "livraison intracommunautaire", "G": "exportation hors de l'UE", "O": "non soumis à la TVA",
    "AF": "IGIC (îles Canaries)", "AG": "IPSI (Ceuta et Melilla)",
}
_SELLER_VAT = ("le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) et/ou le numéro de TVA de son "
               "représentant fiscal (BT-63)")
_SELLER_VAT_ONLY = "le numéro de TVA du vendeur (BT-31) ou celui de son représentant fiscal (BT-63)"
_NEEDS = {
    "S": _SELLER_VAT, "Z": _SELLER_VAT, "E": _SELLER_VAT, "AF": _SELLER_VAT, "AG": _SELLER_VAT,
    "AE": f"{_SELLER_VAT}, ainsi que le numéro de TVA de l'acheteur (BT-48) et/ou son identifiant légal (BT-47)",
    "IC": f"{_SELLER_VAT_ONLY}, ainsi que le numéro de TVA de l'acheteur (BT-48)",
    "G": _SELLER_VAT_ONLY,
}
#: What each part (line, document allowance, document charge) is called, with its category and rate terms.
_PARTS = {
    "02": ("une ligne de facture (BG-25)", "BT-151", "BT-152"),
    "03": ("une remise au niveau du document (BG-20)", "BT-95", "BT-96"),
    "04": ("une charge au niveau du document (BG-21)", "BT-102", "BT-103"),
}
_RATE_PARTS = {"05": "02", "06": "03", "07": "04"}
_RATE = {  # what the rate of a part of that category must be
    "S": "doit être supérieur à zéro", "AF": "doit être positif ou nul", "AG": "doit être positif ou nul",
    "Z": "doit être 0", "E": "doit être 0", "AE": "doit être 0", "IC": "doit être 0", "G": "doit être 0",
}
_WITH_RATES = {"S", "AF", "AG"}  # categories with a positive rate (one VAT breakdown per rate)


def _category_rules() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, name in _CATEGORIES.items():
        cat = f"« {name} »"
        how_many = "au moins une" if code == "S" else "exactement une"
        out[f"BR-{code}-01"] = (
            f"Une facture comportant une ligne (BG-25), une remise (BG-20) ou une charge (BG-21) de catégorie de "
            f"TVA {cat} (BT-151, BT-95 ou BT-102) doit comporter {how_many} ventilation de TVA (BG-23) de code de "
            f"catégorie (BT-118) {cat}.")
        for n, (part, cat_term, _rate_term) in _PARTS.items():
            if code == "O":
                out[f"BR-O-{n}"] = (
                    f"Une facture comportant {part} de catégorie {cat} ({cat_term}) ne doit contenir ni le numéro de "
                    f"TVA du vendeur (BT-31), ni celui de son représentant fiscal (BT-63), ni celui de l'acheteur "
                    f"(BT-48).")
            else:
                out[f"BR-{code}-{n}"] = (
                    f"Une facture comportant {part} de catégorie {cat} ({cat_term}) doit contenir {_NEEDS[code]}.")
        for n, of in _RATE_PARTS.items():
            part, cat_term, rate_term = _PARTS[of]
            if code == "O":
                out[f"BR-O-{n}"] = (f"Dans {part} de catégorie {cat} ({cat_term}), le taux de TVA ({rate_term}) ne "
                                    f"doit pas figurer.")
            else:
                out[f"BR-{code}-{n}"] = (f"Dans {part} de catégorie {cat} ({cat_term}), le taux de TVA ({rate_term}) "
                                         f"{_RATE[code]}.")
        per_rate = "Pour chaque taux de TVA (BT-119) de catégorie" if code in _WITH_RATES else "Pour la catégorie"
        out[f"BR-{code}-08"] = (
            f"{per_rate} {cat} (BT-118), la base imposable de la ventilation de TVA (BT-116) doit être égale à la "
            f"somme des montants nets des lignes (BT-131), moins les remises (BT-92), plus les charges (BT-99) au "
            f"niveau du document de cette catégorie" + (" et de ce taux." if code in _WITH_RATES else "."))
        if code in _WITH_RATES:
            out[f"BR-{code}-09"] = (
                f"Dans une ventilation de TVA (BG-23) de catégorie {cat}, le montant de TVA (BT-117) doit être égal "
                f"à la base imposable (BT-116) multipliée par le taux (BT-119).")
        else:
            out[f"BR-{code}-09"] = (
                f"Dans une ventilation de TVA (BG-23) de catégorie {cat}, le montant de TVA (BT-117) doit être 0.")
        if code in {"S", "Z", "AF", "AG"}:
            out[f"BR-{code}-10"] = (
                f"Une ventilation de TVA (BG-23) de catégorie {cat} ne doit comporter ni code (BT-121) ni texte "
                f"(BT-120) de motif d'exonération.")
        elif code == "E":
            out["BR-E-10"] = (f"Une ventilation de TVA (BG-23) de catégorie {cat} doit comporter un code (BT-121) ou "
                              f"un texte (BT-120) de motif d'exonération.")
        else:
            out[f"BR-{code}-10"] = (
                f"Une ventilation de TVA (BG-23) de catégorie {cat} doit comporter un code de motif d'exonération "
                f"(BT-121) ou un texte de motif (BT-120) signifiant {cat}.")
    out["BR-IC-11"] = ("Une facture avec une ventilation de TVA de catégorie « livraison intracommunautaire » doit "
                       "indiquer la date de livraison effective (BT-72) ou la période de facturation (BG-14).")
    out["BR-IC-12"] = ("Une facture avec une ventilation de TVA de catégorie « livraison intracommunautaire » doit "
                       "indiquer le code pays de livraison (BT-80).")
    out["BR-O-11"] = ("Une facture avec une ventilation de TVA de catégorie « non soumis à la TVA » ne doit comporter "
                      "aucune autre ventilation de TVA (BG-23).")
    for n, (part, cat_term, _rate) in zip(("12", "13", "14"), _PARTS.values(), strict=True):
        out[f"BR-O-{n}"] = ("Une facture avec une ventilation de TVA de catégorie « non soumis à la TVA » ne doit "
                            f"comporter aucune {part.removeprefix('une ')} d'une autre catégorie ({cat_term}).")
    return out


_BR.update(_category_rules())

# ---------------------------------------------------------------------------
# Factur-X EXTENDED and EXTENDED-CTC-FR additions and variants
# ---------------------------------------------------------------------------

_DETAIL = "(lignes de détail : sous-type de ligne BT-X-8 « DETAIL » ou absent)"
_EXTENDED = {
    "BR-FXEXT-01": "Si le code du sujet de la note (BT-21) est donné, la note codée (BT-X-5) ou le texte de la note "
                   "(BT-22) doit figurer, ou les deux avec le même sens.",
    "BR-FXEXT-02": "Si le code du sujet de la note de ligne (BT-X-10) est donné, la note de ligne codée (BT-X-9) ou "
                   "le texte de la note de ligne (BT-127) doit figurer, ou les deux avec le même sens.",
    "BR-FXEXT-03": "Pour les partenaires secondaires (livré à de ligne, agent commercial, représentant fiscal de "
                   "l'acheteur, utilisateur final...), seul un numéro de TVA peut être donné comme identifiant fiscal.",
    "BR-FXEXT-04": "Pour un traitement automatique des attributs d'article, seuls les codes de la liste UNTDID 6313 "
                   "étendue par Factur-X devraient être utilisés.",
    "BR-FREXT-04": "Seuls les codes de la liste UNTDID 6313 étendue par Factur-X devraient être utilisés comme code "
                   "d'attribut d'article.",
    "BR-FXEXT-06": "Pour chaque ligne (BG-25), si l'identifiant de la ligne parente (BT-X-304) est utilisé, le "
                   "sous-type de ligne (BT-X-8) doit être indiqué.",
    "BR-FREXT-05": "Le code du sous-type de ligne (EXT-FR-FE-163) doit appartenir à la liste des motifs de statut de "
                   "ligne.",
    "BR-FXEXT-08": "Une ligne de sous-total (sous-type « GROUP ») dont le montant net (BT-131) est donné doit avoir "
                   "pour montant la somme des montants nets des lignes du niveau inférieur.",
    "BR-FXEXT-11": "Chaque identifiant de ligne parente (BT-X-304) doit désigner l'identifiant (BT-126) d'une autre "
                   "ligne de la facture.",
    "BR-FXEXT-12": "Si une ligne de sous-total (sous-type « GROUP ») a un montant net (BT-131), toutes les lignes de "
                   "sous-total de niveau inférieur doivent en avoir un.",
    "BR-FX-EN-04": "Une facture qui n'est pas une facture d'acompte (386) doit indiquer, pour chaque ligne, la date "
                   "de livraison effective (BT-72), la période de facturation (BG-14) ou la période de la ligne "
                   "(BG-26) ; sans date de livraison, au moins le pays de livraison (BT-80) doit figurer.",
    "BR-FXEXT-BR-38": "Chaque charge ou taxe au niveau du document (BG-21) doit avoir un motif (BT-104), un code de "
                      "motif (BT-105) ou un code de taxe autre que la TVA (BT-177).",
    "BR-FXEXT-BR-44": "Chaque charge ou taxe de ligne (BG-28) doit avoir un motif (BT-144), un code de motif (BT-145) "
                      "ou un code de taxe autre que la TVA (BT-193).",
    "BR-FXEXT-BR-54-1": "Chaque attribut d'article (BG-32) doit avoir un nom (BT-160) ou un code d'attribut (BT-X-11), "
                        "ou les deux.",
    "BR-FXEXT-BR-54-2": "Chaque attribut d'article (BG-32) doit avoir une valeur (BT-161) ou une valeur avec unité de "
                        "mesure (BT-X-12), mais pas les deux.",
    "BR-FXEXT-CII-DT-097a": "Une date et heure au format 205 doit s'écrire AAAAMMJJHHMMSS.",
    "BR-FXEXT-CO-16": "Le montant net à payer (BT-115) doit être égal au total TVA comprise (BT-112), moins le montant "
                      "déjà payé (BT-113), plus l'arrondi (BT-114), plus les montants perçus pour le compte de tiers "
                      "(BT-179).",
    "BR-FREXT-CL-10": "L'identifiant de schéma d'un identifiant doit appartenir à la liste ISO 6523 ICD (ou valoir "
                      "BY ou SE).",
    "BR-FREXT-CL-19-GP": "Les codes de motif de remise sur le prix brut doivent appartenir à la liste UNTDID 5189.",
    "BR-FREXT-CL-20-LISTID": "La liste d'un code de motif de charge ou de taxe, si elle est indiquée, doit être "
                             "7161 ou 5153.",
    "BR-FREXT-CL-20-TAX": "Les codes de motif de taxe doivent appartenir à la liste UNTDID 5153 (sauf « VAT »).",
    "BR-FREXT-CL-27": "Le code Incoterms doit appartenir à la liste restreinte admise.",
    "BR-EXT-CL-07": _BR["BR-CL-07"],
    "PEPPOL-EN16931-R008": "Le document ne doit pas contenir d'élément vide (avertissement).",
    "BR-54-1": "Chaque attribut d'article (BG-32) doit avoir un nom (BT-160) ou un code d'attribut (EXT-FR-FE-159).",
    "BR-54-2": "Chaque attribut d'article (BG-32) doit avoir une valeur (BT-161) ou une quantité avec unité "
               "(EXT-FR-FE-160, EXT-FR-FE-161), mais pas les deux.",
}
_EXTENDED["BR-FREXT-06"] = _EXTENDED["BR-FXEXT-06"]
_EXTENDED["BR-FREXT-08"] = _EXTENDED["BR-FXEXT-08"]
_EXTENDED["BR-FREXT-11"] = _EXTENDED["BR-FXEXT-11"]
_EXTENDED["BR-FREXT-12"] = _EXTENDED["BR-FXEXT-12"]

#: ``BR-FXEXT-CO-15``, ``BR-FREXT-S-08ini``, ``BR-FXEXT-S08b``, ``BR-FREXT-22`` → the EN 16931 rule they adapt.
_VARIANT = re.compile(r"^BR-F[RX]EXT-(?:BR-)?(?P<body>(?:CO|CL|[A-Z]{1,2})-?\d\d|\d\d)(?P<tail>b|ini|rev|-\d)?$", re.I)
#: Rules whose EXTENDED variant tolerates rounding (0,01 per amount added up) instead of strict equality.
_TOLERANT = re.compile(r"^(BR-CO-1[0-5]|BR-[A-Z]{1,2}-0[89])$")


def _lower(text: str) -> str:
    return text[0].lower() + text[1:]


def _variant(rule_id: str) -> str | None:
    match = _VARIANT.match(rule_id)
    if not match:
        return None
    # upper(): one EXTENDED-CTC-FR report writes « [BR-FREXT-o-08ini] »
    body = re.sub(r"^([A-Z]{1,2})(\d\d)$", r"\1-\2", match.group("body").upper())
    base = _BR.get(f"BR-{body}")
    if base is None:
        return None
    if _TOLERANT.match(f"BR-{body}"):
        note = "à 0,01 près par montant additionné"
        tail = (match.group("tail") or "").lower()
        if tail == "ini":
            note += ", sans tenir compte des motifs d'exonération (avertissement)"
        elif tail == "rev":
            note += ", motifs d'exonération compris (avertissement)"
        return f"Profil étendu : {_lower(base).rstrip('.')} ({note})."
    if re.fullmatch(r"\d\d|[A-Z]{1,2}-01|CO-04", body):
        return f"Profil étendu : {_lower(base).rstrip('.')} {_DETAIL}."
    return f"Profil étendu : {_lower(base)}"


# ---------------------------------------------------------------------------
# UBL syntax rules (UBL-SR), one by one
# ---------------------------------------------------------------------------

_UBL_SR = {
    "01": "l'identifiant de contrat (BT-12)", "02": "la référence d'avis de réception (BT-15)",
    "03": "la référence d'avis d'expédition (BT-16)", "04": "l'identifiant d'objet facturé (BT-18)",
    "05": "les conditions de paiement (BT-20)", "06": "la référence à une facture antérieure (BG-3)",
    "08": "la période de facturation (BG-14)", "09": "le nom du vendeur (BT-27)",
    "10": "le nom commercial du vendeur (BT-28)", "11": "l'identifiant légal du vendeur (BT-30)",
    "12": "le numéro de TVA du vendeur (BT-31)", "13": "l'identifiant fiscal du vendeur (BT-32)",
    "14": "les informations juridiques complémentaires du vendeur (BT-33)", "15": "le nom de l'acheteur (BT-44)",
    "16": "l'identifiant de l'acheteur (BT-46)", "17": "l'identifiant légal de l'acheteur (BT-47)",
    "18": "le numéro de TVA de l'acheteur (BT-48)", "19": "le nom du bénéficiaire (BT-59)",
    "20": "l'identifiant du bénéficiaire (BT-60)", "21": "l'identifiant légal du bénéficiaire (BT-61)",
    "22": "le nom du représentant fiscal (BT-62)", "23": "le numéro de TVA du représentant fiscal (BT-63)",
    "24": "les informations de livraison (BG-13)", "25": "le nom du destinataire de la livraison (BT-70)",
    "26": "la référence du paiement (BT-83)", "27": "le libellé du moyen de paiement (BT-82)",
    "28": "la référence du mandat (BT-89)", "29": "l'identifiant du créancier (BT-90)",
    "30": "le motif de remise au niveau du document (BT-97)", "31": "le motif de charge au niveau du document (BT-104)",
    "32": "le texte du motif d'exonération de TVA (BT-120)", "33": "la description du justificatif (BT-123)",
    "34": "la note de ligne (BT-127)", "35": "la référence de ligne de commande (BT-132)",
    "36": "la période de la ligne (BG-26)", "37": "le rabais sur le prix de l'article (BT-147)",
    "39": "la référence de projet (BT-11)", "40": "le nom commercial de l'acheteur (BT-45)",
    "45": "la date d'échéance (BT-9)", "46": "le libellé du moyen de paiement (BT-82)",
    "49": "la date d'exigibilité de la TVA (BT-7)", "50": "la description de l'article (BT-154)",
    "52": "la référence du document", "54": "la carte de paiement (BG-18)", "55": "le mandat de prélèvement (BG-19)",
    "56": "la référence d'appel d'offres (BT-17)",
}
_UBL_SR_TEXTS = {f"UBL-SR-{n}": f"Une facture UBL ne peut contenir qu'une fois {what}." for n, what in _UBL_SR.items()}
_UBL_SR_TEXTS.update({
    "UBL-SR-07": "Si une facture antérieure est référencée, son numéro (BT-25) doit figurer.",
    "UBL-SR-42": "Le vendeur ne peut avoir que deux régimes fiscaux (PartyTaxScheme) au plus.",
    "UBL-SR-43": "L'identifiant de schéma n'est admis que pour l'objet facturé (référence de document de type 130 "
                 "ou 50).",
    "UBL-SR-44": "Une facture ne peut avoir qu'une référence de paiement (PaymentID), reprise le cas échéant dans "
                 "plusieurs moyens de paiement.",
    "UBL-SR-47": "Lorsque plusieurs moyens de paiement sont donnés, leurs codes (BT-81) doivent être identiques.",
    "UBL-SR-48": "Chaque ligne de facture doit avoir une et une seule catégorie de TVA (BG-30).",
    "UBL-SR-51": "Une adresse ne peut avoir qu'une troisième ligne.",
    "UBL-SR-53": "Le numéro de TVA (CompanyID) doit figurer lorsque le régime fiscal (PartyTaxScheme/TaxScheme/ID) "
                 "est donné.",
    "UBL-FREXT-SR-48": "Chaque ligne de détail doit avoir une et une seule catégorie de TVA ; les autres lignes au "
                       "plus une.",
    "UBL-FREXT-CR-410": "Une facture UBL ne doit contenir des conditions de livraison (DeliveryTerms) que le code "
                        "Incoterms et le lieu (DeliveryLocation/Name).",
    "UBL-FREXT-CR-645": "Une ligne de facture UBL ne doit contenir des conditions de livraison (DeliveryTerms) que le "
                        "code Incoterms et le lieu (DeliveryLocation/Name).",
    "UBL-DT-01": "Les montants ont au plus deux décimales.",
    "UBL-DT-06": "Une pièce jointe binaire doit avoir son type MIME (attribut mimeCode).",
    "UBL-DT-07": "Une pièce jointe binaire doit avoir son nom de fichier (attribut filename).",
    "CII-DT-037": "Le code de type de taxe (TypeCode) doit valoir « VAT ».",
    "CII-DT-097": "Une date au format 102 doit s'écrire AAAAMMJJ.",
    "CII-SR-046": "L'identifiant de schéma (schemeID) doit figurer lorsqu'un identifiant global (GlobalID) est donné.",
    "CII-SR-119": "Seules des remises sur le prix sont admises à cet endroit.",
    "CII-SR-449": "Un seul identifiant du lieu de livraison est admis (ID ou GlobalID).",
    "CII-SR-450": "Un seul identifiant de l'acheteur est admis (ID ou GlobalID).",
    "CII-SR-451": "Un seul identifiant du bénéficiaire est admis (ID ou GlobalID).",
    "CII-SR-463": "Chaque remise ou charge (BG-20, BG-21) doit avoir un indicateur de charge (ChargeIndicator).",
    "CII-SR-464": "Un seul identifiant du prestataire de paiement (BT-86) est admis dans une facture.",
    "CII-SR-465": "Un seul contact du vendeur (BT-41) est admis dans une facture.",
    "CII-SR-466": "Un seul contact de l'acheteur (BT-56) est admis dans une facture.",
    "CII-SR-467": "Tous les codes de moyen de paiement (BT-81) doivent être identiques.",
    "CII-SR-468": "Tous les libellés de moyen de paiement (BT-82) doivent être identiques.",
    "CII-SR-469": "La référence du paiement (BT-83) ne peut figurer qu'une fois dans le document.",
    "CII-SR-470": "Le compte de paiement (BT-84) doit être donné soit par un IBAN, soit par un identifiant "
                  "propriétaire.",
    "CII-SR-471": "Chaque remise ou charge (BG-20, BG-21) doit avoir un code de catégorie de TVA (BT-95).",
    "CII-SR-472": "Chaque remise ou charge (BG-20, BG-21) devrait avoir un taux de TVA (BT-96).",
    "CII-SR-474": "Une ligne de facture ne peut contenir qu'une référence de document de type 130.",
    "CII-SR-475": "Une seule description de justificatif (BT-123) est admise pour le type 916.",
    "CII-SR-476": "Une seule pièce jointe (BT-125) est admise pour le type 916.",
    "UBL-CR-002": "Une facture UBL ne doit pas contenir de numéro de version UBL (UBLVersionID), ou alors « 2.1 ».",
    "UBL-CR-665": "Une référence de document UBL ne doit avoir d'identifiant de schéma (schemeID) que pour le type "
                  "de document 130 (objet facturé).",
    "UBL-CR-666": "Une référence de document UBL ne peut désigner à la fois un objet facturé et une pièce jointe.",
    "UBL-CR-673": "Une référence de document UBL ne peut désigner à la fois un objet facturé et une description de "
                  "document.",
})

# ---------------------------------------------------------------------------
# Groups: syntax rules and Factur-X profile checks, from the shape of their text
# ---------------------------------------------------------------------------

_NAME = r"'?@?(?P<name>[\w:.-]+)'?"
#: (pattern on the official text, French): the element or attribute named is reused.
_SHAPES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^Attribute {_NAME} marked as not used in the given context\.?$"),
     "L'attribut {name} n'est pas prévu dans ce profil Factur-X."),
    (re.compile(rf"^Element {_NAME} is marked as not used in the given context\.?$"),
     "L'élément {name} n'est pas prévu dans ce profil Factur-X."),
    (re.compile(r"^Element variant '(?P<name>[\w:.-]+)\[.*' is marked as not used in the given context\.?$", re.S),
     "Cette variante de l'élément {name} n'est pas prévue dans ce profil Factur-X."),
    (re.compile(rf"^Element {_NAME} must occur exactly (?P<n>\d+) times\.?$"),
     "L'élément {name} doit figurer exactement {n} fois dans ce profil Factur-X."),
    (re.compile(rf"^Element {_NAME} may occur at maximum (?P<n>\d+) times\.?$"),
     "L'élément {name} ne peut figurer que {n} fois au plus dans ce profil Factur-X."),
    (re.compile(r"^Element variant '(?P<name>[\w:.-]+)\[.*' may occur at maximum (?P<n>\d+) times\.?$", re.S),
     "Cette variante de l'élément {name} ne peut figurer que {n} fois au plus dans ce profil Factur-X."),
    (re.compile(r"^Element variant '(?P<name>[\w:.-]+)\[.*' must occur exactly (?P<n>\d+) times\.?$", re.S),
     "Cette variante de l'élément {name} doit figurer exactement {n} fois dans ce profil Factur-X."),
    (re.compile(rf"^Attribute {_NAME} is required in this context\.?$"),
     "L'attribut {name} est obligatoire à cet endroit dans ce profil Factur-X."),
    (re.compile(rf"^Value of {_NAME} is not allowed\.?$"),
     "Valeur de {name} non admise dans ce profil Factur-X."),
    (re.compile(r"^A UBL (?:invoice|credit note) (?:should|shall) not include (?:the |a |an )?(?P<name>.+?)\.?$"),
     "Une facture UBL conforme à EN 16931 ne doit pas contenir cet élément ({name})."),
    (re.compile(r"^(?P<name>[\w:@]+) ?should not be present\.?$"),
     "L'élément ou l'attribut {name} ne doit pas figurer dans une facture conforme à EN 16931."),
    (re.compile(r"^(?P<name>.+?) attribute should not be present\.?$"),
     "Cet attribut ({name}) ne doit pas figurer dans une facture UBL conforme à EN 16931."),
    (re.compile(r"^(?P<name>[\w:@]+) shall not be used\.?$"),
     "L'élément {name} ne doit pas être utilisé dans une facture conforme à EN 16931."),
    (re.compile(r"^(?P<name>[\w:@]+) should exist maximum once\.?$"),
     "L'élément {name} ne peut figurer qu'une fois."),
    (re.compile(r"^(?P<name>[\w:@]+) must exist exactly once\.?$"),
     "L'élément {name} doit figurer exactement une fois."),
    (re.compile(r"^(?P<name>[\w:@]+) shall occur at most once in (?P<parent>[\w:]+)\.?$"),
     "L'élément {name} ne peut figurer qu'une fois dans {parent}."),
    (re.compile(r"^(?P<name>.+?) (?:of|with) (?P<parent>.+?) (?:shall|should) exist maximum once\.?$"),
     "L'élément {name} ({parent}) ne peut figurer qu'une fois."),
    (re.compile(r"^(?P<name>\w+) (?P<what>URIUniversalCommunication) should exist maximum once\.?$"),
     "L'élément {what} de {name} ne peut figurer qu'une fois."),
    (re.compile(r"^Only one (?P<name>[\w ]+?) (?:should|shall) be present\.?$"),
     "Un seul élément {name} est admis."),
    (re.compile(r"^(?P<name>\w+) should not be present except for .*$", re.S),
     "L'élément {name} ne doit contenir que le code Incoterms et le lieu de livraison."),
    (re.compile(r"^This value in (?P<name>\w+) should not be present\.?$"),
     "Cette valeur ne doit pas figurer dans {name}."),
]
#: Rule families of the syntax bindings, when no shape matches: what the group is about.
_FAMILIES = [
    (re.compile(r"^(CII-SR|CII-FREXT-SR)-"), "Règle de syntaxe CII de la norme EN 16931 : un élément est en trop, "
                                             "absent ou répété à cet endroit."),
    (re.compile(r"^(CII-DT|CII-EXT-DT|CII-FREXT-DT)-"), "Règle de type de données CII de la norme EN 16931 : un "
                                                        "attribut ou un sous-élément n'est pas admis à cet endroit."),
    (re.compile(r"^(UBL-CR|UBL-FREXT-CR)-"), "Règle de syntaxe UBL de la norme EN 16931 : cet élément n'est pas admis "
                                             "dans une facture UBL conforme."),
    (re.compile(r"^UBL-SR-"), "Règle de syntaxe UBL de la norme EN 16931 : un élément est répété à cet endroit."),
    (re.compile(r"^UBL-DT-"), "Règle de type de données UBL de la norme EN 16931 : un attribut n'est pas admis à cet "
                              "endroit."),
    (re.compile(r"^(FX-SCH-A-|FX-NOT-USED)"), "Règle du profil Factur-X : la structure de cet élément ne correspond "
                                              "pas au profil déclaré."),
]
#: ``[BR-CO-10]-text`` or ``Code : , rate : , [BR-FXEXT-S-08ini] - text``: the bracketed rule and its text.
_BRACKET = re.compile(r"\[(?P<rule>[A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+)+)\]\s*-?\s*(?P<text>.*)$", re.S)

TEXTS: dict[str, str] = {**_BR, **_EXTENDED, **_UBL_SR_TEXTS}


def shape_fr(text: str) -> str | None:
    """The French of a grouped syntax or profile text from its shape alone (None: unknown shape)."""
    for pattern, french in _SHAPES:
        found = pattern.match(text.strip())
        if found:
            return french.format(**found.groupdict())
    return None


_ENGLISH_WORDS = re.compile(r"\b(shall|should|must|the|is|are|not|of|with|only|each|if|and|or|be|in|for|where)\b",
                            re.I)
_FRENCH_WORDS = re.compile(r"\b(le|la|les|du|des|est|doit|une?|et|pas|manque|ne|ou|au|aux|de|sur|dans|avec)\b|"
                           r"\b[ld]'", re.I)


def reads_french(message: str) -> bool:
    """True when ``message`` is already French (Guichet's own rules, BR-FR, some EXTENDED-CTC-FR texts)."""
    return len(_FRENCH_WORDS.findall(message)) > len(_ENGLISH_WORDS.findall(message))


def text_fr(rule: str | None, message: str | None = None) -> str | None:
    """The French text of official rule ``rule`` (its English ``message`` helps the grouped ones).

    :returns: None when ``message`` is already French (keep it: it may carry the values),
        or for an unknown rule whose text has no known shape.
    """
    message = " ".join((message or "").split())
    if message and reads_french(message):
        return None
    bracket = _BRACKET.search(message)
    if bracket:  # « [BR-45]-... » inside an FX-SCH-A report, or after the EXTENDED profile's value dump
        inner = bracket.group("rule")
        rule = inner if not rule or rule.startswith(("FX-", "PEPPOL")) or inner.startswith("BR-F") else rule
        message = bracket.group("text")
    if not rule:
        return shape_fr(message)
    found = TEXTS.get(rule) or _variant(rule)
    if found is None and rule.startswith("BR-FXEXT-BR-"):
        found = TEXTS.get(rule.replace("BR-FXEXT-", "", 1))
    if found is not None:
        return found
    if rule.startswith("BR-FR"):
        return None
    return shape_fr(message) or next((text for family, text in _FAMILIES if family.match(rule)), None)
