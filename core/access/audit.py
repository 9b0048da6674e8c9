"""The firm administrator's audit page: who did what, when and from where.

Reads the hash-chained event log (core/model/events.py); it never writes. The events
shown are sign-ins and their failures, account and rights changes, people's decisions
on documents (overrides, rejections...), refused deletions and configuration changes.

Scope: the events of the firm's companies, and events tied to no company that were
made by a user of the firm. Events tied to no company and made by nobody signed in
(a failed sign-in, a locked client address, a command-line change) are shown unless
they name another firm or one of its users; those naming no one (an unknown e-mail)
belong to the instance, and Guichet runs one firm per instance
(docs/architecture.md), so its administrators see them.
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
    "signalements": "Problèmes signalés",
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
    "payment.four_eyes_set": ("configuration", "Double validation des lots de paiement réglée"),
    "help.problem_reported": ("signalements", "Problème signalé par un utilisateur"),
}

_FIELD_LABELS = {
    "email": "e-mail",
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
    "page": "page",
    "on": "active",
    "above": "au-delà de (€)",
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
    events: list[Event] = []
    cursor = before_id
    while len(events) < limit:
        batch = list((query.where(Event.id < cursor) if cursor else query).order_by(Event.id.desc()).limit(limit))
        if not batch:
            break
        events += [event for event in batch if _belongs(event, firm, _strangers(batch, firm))]
        cursor = batch[-1].id
    return _rows(events[:limit], firm)


def _strangers(batch: list[Event], firm: Firm) -> set[int | str]:
    """Ids and e-mails named by the events of ``batch`` that are users of another firm."""
    ids, emails = set(), set()
    for event in batch:
        data = event.data if isinstance(event.data, dict) else {}
        if isinstance(data.get("user_id"), int):
            ids.add(data["user_id"])
        for key in ("user", "email", "key"):
            if isinstance(data.get(key), str):
                emails.add(data[key])
    if not ids and not emails:
        return set()
    others = User.select(User.id, User.email).where(
        (User.id.in_(list(ids)) | User.email.in_(list(emails))) & ((User.firm != firm.id) | User.firm.is_null())
    )
    return {value for user in others for value in (user.id, user.email)}


def _belongs(event: Event, firm: Firm, strangers: set[int | str]) -> bool:
    """False for an event without company or person that concerns another firm or its users."""
    if event.company_id is not None or event.user_id is not None:
        return True  # already scoped by the query
    data = event.data if isinstance(event.data, dict) else {}
    if data.get("firm_id") not in (None, firm.id):
        return False
    return not any(data.get(key) in strangers for key in ("user_id", "user", "email", "key"))


def _rows(events: list[Event], firm: Firm) -> list[Row]:
    user_ids = {e.user_id for e in events if e.user_id}
    emails = {u.id: u.email for u in User.select(User.id, User.email).where(User.id.in_(list(user_ids)))}
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
