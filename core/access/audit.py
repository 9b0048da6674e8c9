"""The firm administrator's audit page: who did what, when and from where.

Reads the hash-chained event log (core/model/events.py); it never writes. The events
shown are sign-ins and their failures, account and rights changes, people's decisions
on documents (overrides, rejections...), refused deletions and configuration changes.

Scope: the events of the firm's companies, and events tied to no company that were
made by, or concern, a user of the firm. Events tied to no company and no user (a
failed sign-in with an unknown e-mail, a locked client address) belong to the
instance; Guichet runs one firm per instance (docs/architecture.md), so its
administrators see them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guichet.core.access.access import FIRM_ROLES
from guichet.core.model.models import Company, Event, User

if TYPE_CHECKING:
    from guichet.core.model.models import Firm

CATEGORIES: dict[str, str] = {
    "connexions": "Connexions",
    "comptes": "Comptes et droits",
    "decisions": "Décisions",
    "configuration": "Configuration",
}

#: Event kinds shown, with their category and French label.
KINDS: dict[str, tuple[str, str]] = {
    "user.login": ("connexions", "Connexion"),
    "user.login_failed": ("connexions", "Échec de connexion"),
    "user.login_locked": ("connexions", "Connexion bloquée après trop d'échecs"),
    "user.logout": ("connexions", "Déconnexion"),
    "user.created": ("comptes", "Utilisateur créé"),
    "user.invited": ("comptes", "Utilisateur invité"),
    "user.link_created": ("comptes", "Lien à usage unique créé"),
    "user.password_changed": ("comptes", "Mot de passe changé"),
    "user.role_changed": ("comptes", "Rôle changé"),
    "user.deactivated": ("comptes", "Compte désactivé"),
    "user.reactivated": ("comptes", "Compte réactivé"),
    "user.totp_enabled": ("comptes", "Double authentification activée"),
    "user.totp_disabled": ("comptes", "Double authentification désactivée"),
    "user.recovery_codes_renewed": ("comptes", "Codes de secours renouvelés"),
    "user.recovery_code_used": ("comptes", "Code de secours utilisé"),
    "membership.granted": ("comptes", "Droits sur un dossier accordés"),
    "membership.revoked": ("comptes", "Droits sur un dossier retirés"),
    "api.token_created": ("comptes", "Jeton d'API créé"),
    "api.token_revoked": ("comptes", "Jeton d'API révoqué"),
    "document.review_override": ("decisions", "Accepté malgré les anomalies"),
    "document.rejected_by_operator": ("decisions", "Rejeté par un opérateur"),
    "document.recode": ("decisions", "Renvoyé au codage"),
    "document.split": ("decisions", "Document scindé"),
    "document.retry": ("decisions", "Relancé"),
    "archive.delete_refused": ("decisions", "Suppression d'archive refusée"),
    "archive.deleted": ("decisions", "Archive supprimée"),
    "firm.created": ("configuration", "Cabinet créé"),
    "firm.totp_required": ("configuration", "Double authentification du personnel"),
    "company.created": ("configuration", "Dossier créé"),
    "connector.configured": ("configuration", "Connecteur configuré"),
    "connector.refused": ("configuration", "Configuration de connecteur refusée"),
    "connector.answered": ("configuration", "Réponse à un connecteur"),
}

_FIELD_LABELS = {
    "email": "e-mail saisi",
    "user": "compte",
    "reason": "motif",
    "role": "droits",
    "firm_role": "rôle",
    "from": "avant",
    "to": "après",
    "connector": "connecteur",
    "purpose": "lien",
    "how": "par",
    "required": "exigée",
    "scope": "portée",
    "key": "clé",
    "until": "jusqu'à",
    "failures": "échecs",
    "software": "logiciel",
    "message": "message",
    "fields": "champs",
    "enabled": "actif",
    "second_factor": "second facteur",
    "left": "restants",
    "name": "nom",
    "siren": "SIREN",
}
_VALUE_LABELS = {
    "reset": "réinitialisation", "invite": "invitation", "own": "la personne", "cli": "ligne de commande",
    "account": "compte", "address": "adresse", "totp": "code TOTP", "recovery": "code de secours",
    True: "oui", False: "non",
}
_HIDDEN = {"ip", "user_id", "config_id", "token_id", "firm_id", "rehashed", "expires_at"}


@dataclass(frozen=True)
class Row:
    """One line of the audit page."""

    event: Event
    category: str
    label: str
    who: str
    company: str
    address: str
    details: str


def firm_events(firm: Firm, *, category: str | None = None, before_id: int | None = None,
                limit: int = 50) -> list[Row]:
    """The firm's audit events, newest first (``before_id`` pages back)."""
    kinds = [kind for kind, (cat, _label) in KINDS.items() if category in (None, "", cat)]
    firm_companies = Company.select(Company.id).where(Company.firm == firm.id)
    firm_users = User.select(User.id).where(User.firm == firm.id)
    query = Event.select().where(
        Event.kind.in_(kinds)
        & (Event.company_id.in_(firm_companies)
           | (Event.company_id.is_null() & (Event.user_id.is_null() | Event.user_id.in_(firm_users))))
    )
    if before_id:
        query = query.where(Event.id < before_id)
    events = list(query.order_by(Event.id.desc()).limit(limit))
    user_ids = {e.user_id for e in events if e.user_id}
    emails = {u.id: u.email for u in User.select(User.id, User.email).where(User.id.in_(list(user_ids)))} if user_ids else {}
    names = {c.id: c.name for c in Company.select(Company.id, Company.name).where(Company.firm == firm.id)}
    rows = []
    for event in events:
        data = event.data if isinstance(event.data, dict) else {}
        category_of, label = KINDS[event.kind]
        rows.append(Row(
            event=event,
            category=CATEGORIES[category_of],
            label=label,
            who=emails.get(event.user_id, "") if event.user_id else "",
            company=names.get(event.company_id, "") if event.company_id else "",
            address=str(data.get("ip") or ""),
            details=describe(data),
        ))
    return rows


def describe(data: dict[str, Any]) -> str:
    """The event's data as short French text."""
    parts = []
    for key, value in data.items():
        label = _FIELD_LABELS.get(key, key)
        if key in ("firm_role", "from", "to") and value in FIRM_ROLES:
            parts.append(f"{label} : {FIRM_ROLES[value].lower()}")
            continue
        if key in _HIDDEN or value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            shown = ", ".join(str(v) for v in value)
        else:
            shown = _VALUE_LABELS.get(value, value) if isinstance(value, (str, bool)) else value
        parts.append(f"{label} : {shown}")
    return " · ".join(parts)
