"""The vocabulary of the e-invoicing network's lifecycle statuses (XP Z12-012, DGFiP "tableau 8").

Codes, French labels, who may send each status, which ones need a reason (MDT-113,
BR-FR-CDV-15) and the reason codes as a French pick-list. No logic beyond look-ups: the
statuses themselves are written by :mod:`guichet.core.network.statuses`, the CDAR messages
by :mod:`guichet.core.network.cdar`. Sources: ``../shared/docs/domain.md`` §2.5 and the
examples of XP Z12-012 Annex B (``../shared/specs/afnor-xp-z12/examples-z12-012``).
"""

from __future__ import annotations

#: Every status code with its French label (the CDAR ``ProcessCondition`` is the label in snake form).
LABELS: dict[str, str] = {
    "200": "Déposée",
    "201": "Émise par la plateforme",
    "202": "Reçue",
    "203": "Mise à disposition",
    "204": "Prise en charge",
    "205": "Approuvée",
    "206": "Approuvée partiellement",
    "207": "En litige",
    "208": "Suspendue",
    "209": "Complétée",
    "210": "Refusée",
    "211": "Paiement transmis",
    "212": "Encaissée",
    "213": "Rejetée",
    "214": "Visée",
    "220": "Annulée",
    "221": "Erreur de routage",
    "224": "Demande de paiement direct",
    "225": "Affacturée",
    "226": "Affacturée confidentiel",
    "227": "Changement de compte à payer",
    "228": "Non affacturée",
    "300": "E-reporting déposé",
    "301": "E-reporting rejeté",
    "501": "Irrecevable",
    "601": "Flux de statut rejeté",
}

#: The statuses a buyer (the company that received the invoice) may send.
BUYER_ANSWERS: tuple[str, ...] = ("204", "205", "206", "207", "208", "210", "211")
#: The statuses the seller sends (209 Complétée after a 208, 212 Encaissée).
SELLER_STATUSES: tuple[str, ...] = ("209", "212")
#: Statuses that need a reason code (MDT-113, BR-FR-CDV-15).
REASON_REQUIRED: frozenset[str] = frozenset({"206", "207", "208", "210", "213", "501"})
#: Statuses after which nothing more is expected from the buyer (the invoice is settled either way).
FINAL: frozenset[str] = frozenset({"205", "210", "212", "213", "220"})
#: Statuses that ask the seller (or the firm) to act: the firm-wide "waiting" view lists them.
ASKS_SELLER: frozenset[str] = frozenset({"206", "207", "208", "210", "213"})

#: Reason codes (MDT-113) with their French label, as the pick-list shows them.
REASONS: dict[str, str] = {
    "DOUBLON": "Facture en doublon (même vendeur, même numéro, même année)",
    "DEST_INC": "Destinataire inconnu",
    "DEST_ERR": "Erreur de destinataire",
    "EMMET_INC": "Émetteur inconnu",
    "SIRET_ERR": "SIRET erroné ou absent",
    "ADR_ERR": "Adresse de facturation erronée",
    "ROUTAGE_ERR": "Erreur de routage",
    "CODE_ROUTAGE_ERR": "Code de routage erroné",
    "CALCUL_ERR": "Erreur de calcul",
    "MONTANTTOTAL_ERR": "Montant total erroné",
    "TX_TVA_ERR": "Taux de TVA erroné",
    "NON_CONFORME": "Mention légale manquante",
    "COORD_BANC_ERR": "Coordonnées bancaires erronées",
    "CMD_ERR": "Numéro de commande erroné ou absent",
    "REF_CT_ABSENT": "Référence du contrat absente",
    "PU_ERR": "Prix unitaire erroné",
    "QTE_ERR": "Quantité erronée",
    "REM_ERR": "Remise erronée",
    "JUSTIF_ABS": "Justificatif absent",
    "TRANSAC_INC": "Transaction inconnue",
    "REJ_SEMAN": "Rejet sémantique",
    "REJ_UNI": "Rejet pour unicité",
    "REJ_COH": "Rejet pour incohérence",
    "NON_TRANSMISE": "Non transmise (aucune plateforme de réception choisie)",
    "AUTRE": "Autre motif (préciser)",
}

#: The answer a control's finding suggests to the buyer: finding code prefix → (status, reason).
#: A person decides; the suggestion only pre-fills the form.
SUGGESTIONS: tuple[tuple[str, str, str], ...] = (
    ("LEG-DUPLICATE", "210", "DOUBLON"),
    ("FRAUD-DUPLICATE", "210", "DOUBLON"),
    ("FRAUD-BUYER-NOT-COMPANY", "210", "DEST_ERR"),
    ("ARI-", "207", "CALCUL_ERR"),
    ("VAT-RATE", "207", "TX_TVA_ERR"),
    ("VAT-", "207", "CALCUL_ERR"),
    ("FRAUD-IBAN-CHANGE", "208", "COORD_BANC_ERR"),
    ("PAY-MEANS", "208", "COORD_BANC_ERR"),
    ("LEG-SIRET", "207", "SIRET_ERR"),
    ("LEG-", "207", "NON_CONFORME"),
    # The validator's findings (EN 16931 and French rules): totals, then any other rule broken.
    ("BR-CO-1", "207", "CALCUL_ERR"),
    ("BR-FR-", "207", "NON_CONFORME"),
    ("BR-", "207", "NON_CONFORME"),
)


def label(code: str | None) -> str:
    """The French label of a status code ("" for None, the code itself when unknown)."""
    if not code:
        return ""
    return LABELS.get(code, code)


def condition_name(code: str) -> str:
    """The CDAR ``ProcessCondition`` of a code, as XP Z12-012's examples write it (``En_litige``, ``Mise_à_disposition``)."""
    return "_".join(LABELS.get(code, code).split())


def needs_reason(code: str) -> bool:
    """True when a status must carry a reason code (MDT-113)."""
    return code in REASON_REQUIRED


def suggestion(finding_codes: list[str]) -> tuple[str, str] | None:
    """The (status, reason) the findings suggest for a buyer's answer, or None.

    The first finding (in the order given: pass the blocking ones first) that suggests
    something decides.
    """
    for code in finding_codes:
        for prefix, status, reason in SUGGESTIONS:
            if code.upper().startswith(prefix):
                return status, reason
    return None
