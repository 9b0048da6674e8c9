"""French names of the EN 16931 business terms (BT-n) and groups (BG-n), as the norm's French edition names them.

Used to say in French what an official rule text in English is about: « Règle BR-CO-10 non respectée —
termes concernés : somme des montants nets des lignes (BT-106), montant net de ligne (BT-131) ».
Written by hand from the semantic model (EN 16931-1 table 2): no library ships it.
"""

from __future__ import annotations

import re

_TERMS = """
BT-1 numéro de facture|BT-2 date de facture|BT-3 type de facture|BT-5 devise de la facture|BT-6 devise de comptabilisation de la TVA
BT-7 date d'exigibilité de la TVA|BT-8 code de date d'exigibilité de la TVA|BT-9 date d'échéance|BT-10 référence acheteur
BT-11 référence de projet|BT-12 référence de contrat|BT-13 référence de bon de commande|BT-14 référence de commande vendeur
BT-15 référence d'avis de réception|BT-16 référence d'avis d'expédition|BT-17 référence d'appel d'offres|BT-18 identifiant d'objet facturé
BT-19 référence comptable de l'acheteur|BT-20 conditions de paiement|BT-21 code du sujet de la note|BT-22 note
BT-23 type de processus métier|BT-24 identifiant de spécification|BT-25 référence de la facture antérieure|BT-26 date de la facture antérieure
BT-27 nom du vendeur|BT-28 nom commercial du vendeur|BT-29 identifiant du vendeur|BT-30 identifiant légal du vendeur (SIREN)
BT-31 numéro de TVA du vendeur|BT-32 identifiant fiscal du vendeur|BT-33 informations juridiques complémentaires du vendeur
BT-34 adresse électronique du vendeur|BT-35 adresse du vendeur, ligne 1|BT-36 adresse du vendeur, ligne 2|BT-162 adresse du vendeur, ligne 3
BT-37 ville du vendeur|BT-38 code postal du vendeur|BT-39 subdivision du pays du vendeur|BT-40 pays du vendeur|BT-41 contact du vendeur
BT-42 téléphone du contact vendeur|BT-43 courriel du contact vendeur|BT-44 nom de l'acheteur|BT-45 nom commercial de l'acheteur
BT-46 identifiant de l'acheteur|BT-47 identifiant légal de l'acheteur (SIREN)|BT-48 numéro de TVA de l'acheteur
BT-49 adresse électronique de l'acheteur|BT-50 adresse de l'acheteur, ligne 1|BT-51 adresse de l'acheteur, ligne 2
BT-163 adresse de l'acheteur, ligne 3|BT-52 ville de l'acheteur|BT-53 code postal de l'acheteur|BT-54 subdivision du pays de l'acheteur
BT-55 pays de l'acheteur|BT-56 contact de l'acheteur|BT-57 téléphone du contact acheteur|BT-58 courriel du contact acheteur
BT-59 nom du bénéficiaire|BT-60 identifiant du bénéficiaire|BT-61 identifiant légal du bénéficiaire|BT-62 nom du représentant fiscal
BT-63 numéro de TVA du représentant fiscal|BT-64 adresse du représentant fiscal, ligne 1|BT-65 adresse du représentant fiscal, ligne 2
BT-164 adresse du représentant fiscal, ligne 3|BT-66 ville du représentant fiscal|BT-67 code postal du représentant fiscal
BT-68 subdivision du pays du représentant fiscal|BT-69 pays du représentant fiscal|BT-70 nom du destinataire de la livraison
BT-71 identifiant du lieu de livraison|BT-72 date de livraison effective|BT-73 début de la période de facturation
BT-74 fin de la période de facturation|BT-75 adresse de livraison, ligne 1|BT-76 adresse de livraison, ligne 2|BT-165 adresse de livraison, ligne 3
BT-77 ville de livraison|BT-78 code postal de livraison|BT-79 subdivision du pays de livraison|BT-80 pays de livraison
BT-81 code du moyen de paiement|BT-82 libellé du moyen de paiement|BT-83 référence du paiement|BT-84 compte de paiement (IBAN)
BT-85 nom du compte de paiement|BT-86 identifiant du prestataire de paiement (BIC)|BT-87 numéro de carte|BT-88 titulaire de la carte
BT-89 référence du mandat|BT-90 identifiant du créancier|BT-91 compte débité|BT-92 montant de la remise|BT-93 base de la remise
BT-94 pourcentage de la remise|BT-95 catégorie de TVA de la remise|BT-96 taux de TVA de la remise|BT-97 motif de la remise
BT-98 code du motif de la remise|BT-99 montant des frais|BT-100 base des frais|BT-101 pourcentage des frais|BT-102 catégorie de TVA des frais
BT-103 taux de TVA des frais|BT-104 motif des frais|BT-105 code du motif des frais|BT-106 somme des montants nets des lignes
BT-107 somme des remises|BT-108 somme des frais|BT-109 total hors TVA|BT-110 total de la TVA|BT-111 total de la TVA en devise de comptabilisation
BT-112 total TTC|BT-113 montant déjà payé|BT-114 arrondi|BT-115 montant net à payer|BT-116 base imposable par catégorie de TVA
BT-117 montant de TVA par catégorie|BT-118 catégorie de TVA|BT-119 taux de TVA|BT-120 motif d'exonération de TVA
BT-121 code du motif d'exonération de TVA|BT-122 référence du justificatif|BT-123 description du justificatif
BT-124 emplacement externe du justificatif|BT-125 pièce jointe|BT-126 identifiant de ligne|BT-127 note de ligne
BT-128 identifiant d'objet de la ligne|BT-129 quantité facturée|BT-130 unité de mesure|BT-131 montant net de ligne
BT-132 référence de ligne de commande|BT-133 référence comptable de la ligne|BT-134 début de la période de ligne|BT-135 fin de la période de ligne
BT-136 montant de la remise de ligne|BT-137 base de la remise de ligne|BT-138 pourcentage de la remise de ligne|BT-139 motif de la remise de ligne
BT-140 code du motif de la remise de ligne|BT-141 montant des frais de ligne|BT-142 base des frais de ligne|BT-143 pourcentage des frais de ligne
BT-144 motif des frais de ligne|BT-145 code du motif des frais de ligne|BT-146 prix net de l'article|BT-147 rabais sur le prix
BT-148 prix brut de l'article|BT-149 quantité de base du prix|BT-150 unité de la quantité de base|BT-151 catégorie de TVA de la ligne
BT-152 taux de TVA de la ligne|BT-153 nom de l'article|BT-154 description de l'article|BT-155 référence vendeur de l'article
BT-156 référence acheteur de l'article|BT-157 identifiant standard de l'article|BT-158 classification de l'article|BT-159 pays d'origine de l'article
BT-160 nom d'un attribut de l'article|BT-161 valeur d'un attribut de l'article
BG-1 note|BG-2 contrôle du processus|BG-3 facture antérieure|BG-4 vendeur|BG-5 adresse du vendeur|BG-6 contact du vendeur|BG-7 acheteur
BG-8 adresse de l'acheteur|BG-9 contact de l'acheteur|BG-10 bénéficiaire|BG-11 représentant fiscal|BG-12 adresse du représentant fiscal
BG-13 livraison|BG-14 période de facturation|BG-15 adresse de livraison|BG-16 instructions de paiement|BG-17 virement|BG-18 carte de paiement
BG-19 prélèvement|BG-20 remises|BG-21 frais|BG-22 totaux|BG-23 ventilation de la TVA|BG-24 justificatifs|BG-25 ligne de facture
BG-26 période de la ligne|BG-27 remises de ligne|BG-28 frais de ligne|BG-29 détail du prix|BG-30 TVA de la ligne|BG-31 article
BG-32 attributs de l'article
"""

#: ``"BT-106"`` → ``"somme des montants nets des lignes"``.
TERMS: dict[str, str] = dict(
    entry.strip().split(" ", 1) for line in _TERMS.strip().splitlines() for entry in line.split("|") if entry.strip()
)
_MENTIONED = re.compile(r"\b(B[TG]-\d{1,3})\b")


def mentioned(text: str) -> list[str]:
    """The business terms ``text`` names, in French with their number, in order and once each."""
    seen: dict[str, None] = {}
    for code in _MENTIONED.findall(text):
        if code in TERMS:
            seen.setdefault(f"{TERMS[code]} ({code})", None)
    return list(seen)
