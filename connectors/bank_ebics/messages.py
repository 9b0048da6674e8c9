"""EBICS return codes and failures, in French, for the people who read them.

The codes are the specification's (EBICS 3.0, annex 1 "Return codes"); the engine's table
(``painfree.ebics3.returncodes``) gives their names and whether trying again may help. This module
adds only what a French user needs: what it means and what to do.
"""

from __future__ import annotations

from guichet.core.errors import ConnectorError

NO_DOWNLOAD_DATA = "090005"

MESSAGES = {
    "061001": "authentification refusée par la banque : la signature d'authentification (X002) ne correspond pas "
              "aux clés que la banque connaît ; vérifiez que l'accès est activé et les clés à jour",
    "061002": "requête refusée par la banque (requête invalide)",
    "061099": "erreur interne de la banque : réessayez plus tard",
    "090003": "ce type d'ordre n'est pas autorisé pour cet abonné : demandez à la banque de l'ouvrir au contrat",
    "090004": "format des données refusé par la banque",
    NO_DOWNLOAD_DATA: "aucune donnée à télécharger : la banque n'a pas de nouveau relevé",
    "090006": "service non pris en charge par la banque pour cet abonné",
    "091002": "abonné inconnu ou pas encore activé par la banque : envoyez la lettre d'initialisation signée à la "
              "banque et attendez son activation",
    "091003": "abonné inconnu de la banque : vérifiez l'identifiant utilisateur (UserID)",
    "091004": "abonné dans un état qui ne permet pas cet ordre (pas encore activé, ou bloqué) : contactez la banque",
    "091005": "type d'ordre invalide pour la banque",
    "091006": "type d'ordre non pris en charge par la banque",
    "091008": "les clés de la banque ont changé : récupérez-les à nouveau (HPB) et comparez leurs empreintes",
    "091010": "message EBICS mal formé selon la banque",
    "091011": "identifiant de la banque (HostID) inconnu de ce serveur : vérifiez le paramétrage",
    "091101": "transaction inconnue de la banque (expirée) : recommencez",
    "091102": "transaction interrompue par la banque",
    "091103": "message rejoué refusé par la banque",
    "091112": "paramètres d'ordre refusés par la banque (service, format)",
    "091115": "ordre déjà reçu par la banque (doublon)",
    "091116": "erreur de traitement à la banque",
    "091117": "fichier trop volumineux pour la banque",
    "091119": "trop de transactions en cours à la banque : réessayez plus tard",
    "091120": "identifiant client (PartnerID) incohérent pour la banque",
    "091201": "version de clé de signature refusée par la banque",
    "091204": "longueur de clé de signature refusée par la banque",
    "091208": "certificat expiré selon la banque",
    "091218": "clé déjà enregistrée à la banque",
    "091301": "signature électronique (A006) refusée par la banque",
    "091302": "le compte débité n'est pas autorisé pour cet abonné",
    "091303": "montant au-delà de la limite de l'abonné à la banque",
    "091304": "signataire inconnu de la banque",
    "091305": "signataire dans un état qui ne permet pas de signer",
    "091306": "signature déjà donnée pour cet ordre",
}


class EbicsFailure(ConnectorError):
    """A refusal or a fault, with a French message; ``code`` is the bank's return code when there is one."""

    def __init__(self, message: str, *, code: str | None = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


def describe(code: str | None, name: str | None = None, report: str | None = None) -> str:
    """The French sentence for a return code (the bank's own text added when it says more)."""
    text = MESSAGES.get(code or "")
    if text is None:
        text = f"refus de la banque, code {code}" + (f" ({name})" if name else "")
    else:
        text = f"{text} (code {code})"
    if report and report.strip() and "[EBICS_OK]" not in report:
        text += f" ; message de la banque : {report.strip()[:200]}"
    return text


def failure_from_engine(exc: Exception) -> EbicsFailure:
    """An engine exception as an :class:`EbicsFailure` (bank refusals keep their code)."""
    code = getattr(exc, "return_code", None)
    if code:
        return EbicsFailure(describe(code, getattr(exc, "name", None), getattr(exc, "report_text", None)),
                            code=code, retryable=bool(getattr(exc, "retryable", False)))
    if type(exc).__name__ == "TransactionError" and "signature" in str(exc):
        return EbicsFailure("la réponse ne porte pas la signature de la banque (clé X002 confirmée) : elle est "
                            "rejetée ; si la banque a changé de clés, récupérez-les à nouveau (HPB) et comparez "
                            "leurs empreintes avec sa lettre")
    return EbicsFailure(f"réponse EBICS inexploitable : {exc}")
