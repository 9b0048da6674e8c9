"""History in words: who did what, when, in French, from the audit events (core/model/events.py).

:func:`describe` turns the events of a document (or of the firm's journal) into
:class:`Line` objects the templates show as they are: ``who`` (a person's name,
or « Guichet » for the automatic stages), ``what`` (a French sentence) and
``detail`` (the reason of an override, a rejection, a retry...). The raw event
kind stays available for the auditors (``kind``), never as the main text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guichet.core.access import audit
from guichet.core.model.models import User
from guichet.core.model.states import PROGRESS_LABELS, STATE_LABELS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from guichet.core.model.models import Event

#: Event kinds the audit page does not list (core/access/audit.py ``KINDS`` names the others).
_MORE_LABELS: dict[str, str] = {
    "document.received": "Document reçu",
    "document.duplicate_arrival": "Même fichier reçu une nouvelle fois (ignoré)",
    "document.state": "Changement d'état",
    "document.stage": "Étape de suivi",
    "document.review_override": "Anomalies acceptées",
    "document.recode": "Renvoyé au codage",
    "document.rejected_by_operator": "Rejeté par un opérateur",
    "document.split": "Scindé en plusieurs factures",
    "document.retry": "Relancé",
    "document.coded": "Codé par un opérateur",
    "network.status": "Statut du réseau de facturation",
    "network.status_sent": "Statut transmis à la plateforme",
    "network.status_refused": "Statut refusé par la plateforme",
    "network.sent": "Déposée sur le réseau de facturation",
    "network.send_failed": "Envoi sur le réseau en attente ou refusé",
    "network.ereporting_routed": "Hors réseau : e-reporting",
    "archive.deleted": "Archive supprimée",
    "archive.delete_refused": "Suppression de l'archive refusée",
    "company.created": "Dossier créé",
    "firm.created": "Cabinet créé",
    "firm.totp_required": "Double authentification rendue obligatoire",
    "membership.granted": "Droits accordés",
    "membership.revoked": "Droits retirés",
    "user.created": "Utilisateur créé",
    "user.login": "Connexion",
    "user.login_failed": "Connexion refusée",
    "user.login_locked": "Compte verrouillé après des échecs de connexion",
    "user.logout": "Déconnexion",
    "user.password_changed": "Mot de passe changé",
    "user.role_changed": "Rôle changé",
    "user.deactivated": "Compte désactivé",
    "user.reactivated": "Compte réactivé",
    "user.link_created": "Lien de connexion envoyé",
    "user.totp_enabled": "Double authentification activée",
    "user.totp_disabled": "Double authentification désactivée",
    "user.recovery_codes_renewed": "Codes de secours renouvelés",
    "user.recovery_code_used": "Code de secours utilisé",
    "api.token_created": "Jeton d'API créé",
    "api.token_revoked": "Jeton d'API révoqué",
    "connector.refused": "Fichier refusé par un connecteur",
    "connector.unrouted": "Fichier reçu sans dossier destinataire",
    "connector.answered": "Réponse donnée à un connecteur",
    "sftp.locked": "Compte SFTP verrouillé",
    "payment.account_saved": "Compte bancaire enregistré",
    "payment.batch_prepared": "Lot de virements préparé",
    "payment.batch_validated": "Lot de virements validé",
    "payment.batch_cancelled": "Lot de virements abandonné",
    "payment.batch_removed": "Paiement retiré d'un lot",
    "payment.refused": "Paiement refusé",
    "payment.reconciled": "Paiement rapproché",
    "payment.line_matched": "Ligne de relevé rapprochée",
    "payment.line_ignored": "Ligne de relevé ignorée",
    "payment.statement_received": "Relevé bancaire reçu",
    "payment.statement_imported": "Relevé bancaire importé",
    "payment.iban_confirmed": "IBAN confirmé",
    "payment.credit_note": "Avoir imputé",
    "payment.write_off": "Passé en perte",
    "payment.mandate_recorded": "Mandat de paiement enregistré",
    "payment.mandate_revoked": "Mandat de paiement révoqué",
    "payment.right_granted": "Droit de paiement accordé",
    "payment.right_revoked": "Droit de paiement retiré",
    "payment.four_eyes_set": "Double validation des lots de paiement réglée",
    "network.flow_refused": "Flux refusé par la plateforme",
    "network.poll_failed": "Relève de la plateforme en échec",
    "network.ereporting_prepared": "E-reporting préparé",
    "network.ereporting_submitted": "E-reporting transmis",
    "network.ereporting_status": "Statut d'e-reporting",
    "delivery.state": "Envoi au client",
    "delivery.chorus_completed": "Facture complétée sur Chorus Pro",
    "delivery.as2_mdn": "Accusé de réception AS2 (MDN)",
    "print.batch": "Lot d'impression déposé chez l'imprimeur",
    "reminder.sent": "Relance envoyée",
    "reminder.error": "Relance en échec",
    "payment.card_checkout": "Paiement par carte commencé",
    "payment.card": "Paiement par carte reçu",
    "company.logo": "Logo des courriels modifié",
    "company.distribution_settings": "Réglages de distribution modifiés",
    "customer.created": "Fiche client créée",
    "customer.learnt": "Fiche client complétée",
    "customer.updated": "Fiche client modifiée",
    "export.written": "Exportée vers la comptabilité",
    "export.imported": "Importée en comptabilité",
    "export.mark_cleared": "Marque d'export retirée",
    "handover.entry": "Écriture comptable modifiée",
    "help.problem_reported": "Problème signalé",
}

#: Every event kind the UI shows, in French (the ``label(kind, "event")`` filter too): the audit
#: page's words where it has some, so that both pages name an event the same way.
EVENT_LABELS: dict[str, str] = {**_MORE_LABELS, **{kind: words for kind, (_category, words) in audit.KINDS.items()}}

#: Who acted when an event names nobody: the pipeline's automatic stages.
AUTOMATIC = "Guichet (automatique)"
#: French names of the follow-up stages plugins declare (others show their name).
STAGE_LABELS: dict[str, str] = {
    "network": "envoi sur le réseau", "distribution": "envoi au client", "export": "transmission à la comptabilité",
    "handover": "transmission à la comptabilité", "read": "lecture", "extract": "extraction", "check": "contrôles",
    "seal": "scellement", "archive": "archivage",
}


@dataclass(frozen=True)
class Line:
    """One event as a person reads it."""

    when: dt.datetime
    who: str
    what: str
    detail: str
    kind: str
    hash: str
    data: dict[str, Any]  # the event's own data, for pages that show more (the network's last status)


def event_label(kind: str) -> str:
    """The French name of an event kind (a readable fallback for kinds not listed)."""
    if kind in EVENT_LABELS:
        return EVENT_LABELS[kind]
    return kind.split(".", 1)[-1].replace("_", " ").capitalize()


def _state(value: Any) -> str:
    return STATE_LABELS.get(value, str(value)) if value else "—"  # type: ignore[call-overload]


def _sentence(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    """``(what, detail)`` of one event."""
    from guichet.web.labels import label
    from guichet.web.messages import reason_fr

    reason = reason_fr(str(data.get("reason") or "").strip())
    if kind == "document.state":
        return f"{_state(data.get('from'))} → {_state(data.get('to'))}", reason
    if kind == "document.stage":
        stage = STAGE_LABELS.get(str(data.get("stage")), str(data.get("stage") or "étape"))
        status = PROGRESS_LABELS.get(data.get("to"), str(data.get("to") or "—"))  # type: ignore[call-overload]
        attempt = data.get("attempt")
        suffix = f" (essai {attempt})" if isinstance(attempt, int) and attempt > 1 else ""
        return f"{stage.capitalize()} : {status.lower()}{suffix}", reason
    if kind in ("document.received", "document.duplicate_arrival"):
        channel = label(data.get("channel"), "channel")
        name = data.get("filename") or "fichier"
        return f"{event_label(kind)} : {name} ({channel})", reason
    if kind == "network.status":  # the e-invoicing network's lifecycle status (core/network/statuses.py)
        code, text = data.get("code") or "", data.get("label") or ""
        motif = f" ({data.get('reason')})" if data.get("reason") else ""
        return f"Statut {code} {text}{motif}".strip(), ""
    if kind in ("reminder.sent", "reminder.error"):  # core/sales/reminders.py: the amounts the reminder stated
        return event_label(kind), _reminder_detail(data, reason)
    if kind == "document.review_override":
        return event_label(kind), f"Raison : {reason}" if reason else ""
    if kind in ("document.rejected_by_operator", "document.recode", "document.retry"):
        return event_label(kind), f"Motif : {reason}" if reason else ""
    return event_label(kind), reason


def _people(events: list[Event]) -> dict[int, str]:
    ids = {e.user_id for e in events if e.user_id}
    if not ids:
        return {}
    return {u.id: (u.name or u.email) for u in User.select().where(User.id.in_(ids))}


def describe(events: Iterable[Event]) -> list[Line]:
    """The events as lines in words, in the order given."""
    rows = list(events)
    people = _people(rows)
    lines = []
    for event in rows:
        data = event.data if isinstance(event.data, dict) else {}
        what, detail = _sentence(event.kind, data)
        who = people.get(event.user_id, "utilisateur supprimé") if event.user_id else AUTOMATIC
        lines.append(Line(event.created_at, who, what, detail, event.kind, event.hash or "", data))
    return lines


def _reminder_detail(data: dict[str, Any], reason: str) -> str:
    """A reminder's step and amounts as it stated them, in the invoice's currency (its failure reason after).

    Events recorded before the currency was kept in them show their amounts without one."""
    from decimal import Decimal, InvalidOperation

    from guichet.core.formatting import money

    parts = []
    step = data.get("step")
    if isinstance(step, int):
        parts.append(f"J{step:+d}" if step else "J")
    for key, words in (("outstanding", "reste dû"), ("penalties", "pénalités"), ("indemnity", "indemnité")):
        try:
            amount = Decimal(str(data.get(key)))
        except (InvalidOperation, ValueError):
            continue
        if amount or key == "outstanding":
            currency = "EUR" if key == "indemnity" else data.get("currency")  # D441-5 sets it in euros
            parts.append(f"{words} {money(amount, currency)}")
    return " ; ".join(parts) + (f" — {reason}" if reason else "")
