"""Who may see and do what. Every query made for a user starts here.

Firm staff (``firm_role`` admin or operator) see every company of their firm;
a client user sees only the companies of their memberships, with the rights of
the membership's role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.errors import PermissionDenied
from guichet.core.model.models import Company, Document, Invoice, Membership

if TYPE_CHECKING:
    from peewee import ModelSelect

    from guichet.core.model.models import User

#: Membership roles, weakest first, with their French labels.
ROLES: dict[str, str] = {
    "read": "Consultation",
    "upload": "Dépôt de documents",
    "manage": "Gestion du dossier",
}
FIRM_ROLES: dict[str, str] = {
    "": "Client (accès par dossier)",
    "operator": "Opérateur du cabinet",
    "admin": "Administrateur du cabinet",
}
_RANK = {name: rank for rank, name in enumerate(ROLES)}


def is_firm_staff(user: User) -> bool:
    """Admin or operator of a firm."""
    return bool(user.firm_id) and user.firm_role in ("admin", "operator")


def is_firm_admin(user: User) -> bool:
    """Administrator of a firm."""
    return bool(user.firm_id) and user.firm_role == "admin"


def visible_companies(user: User) -> ModelSelect:
    """The companies ``user`` may see, by name."""
    if is_firm_staff(user):
        query = Company.select().where(Company.firm == user.firm_id)
    else:
        query = (
            Company.select()
            .join(Membership)
            .where((Membership.user == user.id) & (Membership.role.in_(list(ROLES))))
        )
    return query.order_by(Company.name)


def role_on(user: User, company: Company) -> str | None:
    """The user's role on ``company``: "manage" for firm staff, the membership role, or None."""
    if is_firm_staff(user):
        return "manage" if company.firm_id == user.firm_id else None
    membership = Membership.get_or_none((Membership.user == user.id) & (Membership.company == company.id))
    return membership.role if membership else None


def can(user: User, company: Company, needed: str) -> bool:
    """True when ``user`` has at least the ``needed`` role on ``company``."""
    role = role_on(user, company)
    return role is not None and _RANK.get(role, -1) >= _RANK[needed]


def company_for(user: User, company_id: int, needed: str = "read") -> Company:
    """The company, if ``user`` has the ``needed`` role on it; else PermissionDenied."""
    company = Company.get_or_none(Company.id == company_id)
    if company is None or not can(user, company, needed):
        raise PermissionDenied(f"dossier {company_id}")
    return company


def visible_documents(user: User) -> ModelSelect:
    """Documents of the companies ``user`` may see."""
    return Document.select().where(Document.company.in_(visible_companies(user).select(Company.id)))


def document_for(user: User, document_id: int, needed: str = "read") -> Document:
    """The document, if ``user`` has the ``needed`` role on its company; else PermissionDenied."""
    document = Document.get_or_none(Document.id == document_id)
    if document is None or not can(user, document.company, needed):
        raise PermissionDenied(f"document {document_id}")
    return document


def visible_invoices(user: User) -> ModelSelect:
    """Invoices of the companies ``user`` may see."""
    return Invoice.select().where(Invoice.company.in_(visible_companies(user).select(Company.id)))
