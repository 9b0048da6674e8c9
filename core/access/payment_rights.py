"""Who may prepare and who may validate the supplier payments of a company.

Two rights per company, granted separately (:class:`~guichet.core.model.payment_models.PaymentRight`):

- ``prepare`` (préparer): select invoices into a batch, confirm a blocked payment's IBAN;
- ``validate`` (valider): make a batch final and get its transfer file.

Either right (or, for a firm collaborator, a mandate in force) lets a person download a
validated batch's transfer file (:func:`check_file`): it lists the suppliers' IBANs and is
what the bank's portal executes, so reading the company is not enough.

A person of the company (a client user with a membership) holds ``validate`` when it was
granted to them. A collaborator of the firm NEVER holds it as such: they may validate only
under a recorded payment mandate (:class:`~guichet.core.model.payment_models.PaymentMandate`:
who, which company, limits per payment and per batch, validity dates), and every refusal is
logged in the audit trail. Rights and mandates are given by the firm's administrators or
by a person who manages the company.

**Double validation** (four eyes, per company, off by default so that a one-person company keeps
working): when on, the person who validates a batch must be neither the one who prepared it nor
one who confirmed the IBAN of one of its payments, in it or earlier for the supplier (:func:`check_four_eyes`, called by
:func:`guichet.core.money.batches.validate` for the web and the command line alike); optionally
only for batches above an amount. Kept in ``Company.settings["payments"]`` (``four_eyes``,
``four_eyes_above``), set by those who give rights (:func:`set_four_eyes`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from guichet.core.access import access
from guichet.core.errors import PermissionDenied
from guichet.core.formatting import money, to_decimal
from guichet.core.model import events
from guichet.core.model.models import db, paris_today, utcnow
from guichet.core.model.payment_models import BatchPayment, OpenItem, PaymentMandate, PaymentRight, SupplierAccount

if TYPE_CHECKING:
    from guichet.core.model.models import Company, User
    from guichet.core.model.payment_models import PaymentBatch

PREPARE = "prepare"
VALIDATE = "validate"
RIGHTS = {PREPARE: "Préparer les paiements", VALIDATE: "Valider les paiements"}
#: The setting's name on the payments settings page and in refusals.
FOUR_EYES_LABEL = "Double validation des lots de paiement"


class PaymentRefused(PermissionDenied):
    """A payment action refused, with its French reason (logged before it is raised)."""

    def __init__(self, reason: str) -> None:
        """Keep the reason for the person."""
        super().__init__(reason)
        self.reason = reason


def may_administer(user: User, company: Company) -> bool:
    """Firm administrators and the people who manage the company give rights and record mandates."""
    if access.is_firm_admin(user):
        return company.firm_id == user.firm_id
    return not access.is_firm_staff(user) and access.can(user, company, "manage")


def _require_administer(actor: User | None, company: Company) -> None:
    if actor is not None and not may_administer(actor, company):
        raise PermissionDenied(f"droits de paiement du dossier {company.id}")


def grant(user: User, company: Company, right: str, *, by: User | None = None) -> PaymentRight:
    """Give ``user`` the ``right`` on ``company`` (``by`` None: the instance administrator)."""
    _require_administer(by, company)
    if right not in RIGHTS:
        msg = f"droit inconnu : {right}"
        raise ValueError(msg)
    if right == VALIDATE and access.is_firm_staff(user):
        msg = "un collaborateur du cabinet ne valide les paiements que sous un mandat de règlement enregistré"
        raise ValueError(msg)
    if access.role_on(user, company) is None:
        msg = f"{user.email} n'a pas accès au dossier {company.name}"
        raise ValueError(msg)
    with db.atomic():
        row, _ = PaymentRight.get_or_create(company=company, user=user, right=right,
                                            defaults={"granted_by": by.id if by else None})
        events.record("payment.right_granted", company_id=company.id, user_id=by.id if by else None,
                      data={"user": user.email, "right": right})
    return row


def revoke(user: User, company: Company, right: str, *, by: User | None = None) -> None:
    """Take ``right`` on ``company`` away from ``user``."""
    _require_administer(by, company)
    with db.atomic():
        PaymentRight.delete().where((PaymentRight.company == company) & (PaymentRight.user == user)
                                    & (PaymentRight.right == right)).execute()
        events.record("payment.right_revoked", company_id=company.id, user_id=by.id if by else None,
                      data={"user": user.email, "right": right})


def has_right(user: User, company: Company, right: str) -> bool:
    """True when ``user`` sees ``company`` and holds ``right`` on it (``validate``: see :func:`check_validate`)."""
    if access.role_on(user, company) is None:
        return False
    return PaymentRight.select().where((PaymentRight.company == company) & (PaymentRight.user == user)
                                       & (PaymentRight.right == right)).exists()


def record_mandate(company: Company, user: User, *, max_per_payment: Decimal, max_per_batch: Decimal,
                   valid_from: dt.date, valid_until: dt.date, reference: str = "",
                   by: User | None = None) -> PaymentMandate:
    """Record a payment mandate given by ``company`` to the firm collaborator ``user``."""
    _require_administer(by, company)
    if not access.is_firm_staff(user) or user.firm_id != company.firm_id:
        msg = "un mandat de règlement est donné à un collaborateur du cabinet du dossier"
        raise ValueError(msg)
    if max_per_payment <= 0 or max_per_batch <= 0 or max_per_payment > max_per_batch:
        msg = "plafonds invalides : positifs, et le plafond par paiement au plus égal au plafond par lot"
        raise ValueError(msg)
    if valid_until < valid_from:
        msg = "la fin de validité précède son début"
        raise ValueError(msg)
    with db.atomic():
        mandate = PaymentMandate.create(company=company, user=user, reference=reference.strip(),
                                        max_per_payment=max_per_payment, max_per_batch=max_per_batch,
                                        valid_from=valid_from, valid_until=valid_until,
                                        created_by=by.id if by else None)
        events.record("payment.mandate_recorded", company_id=company.id, user_id=by.id if by else None,
                      data={"mandate": mandate.id, "user": user.email, "max_per_payment": str(max_per_payment),
                            "max_per_batch": str(max_per_batch), "valid_from": valid_from.isoformat(),
                            "valid_until": valid_until.isoformat(), "reference": mandate.reference})
    return mandate


def revoke_mandate(mandate: PaymentMandate, *, by: User | None = None) -> None:
    """End a mandate now."""
    _require_administer(by, mandate.company)
    with db.atomic():
        mandate.revoked_at, mandate.revoked_by = utcnow(), by.id if by else None
        mandate.save()
        events.record("payment.mandate_revoked", company_id=mandate.company_id, user_id=by.id if by else None,
                      data={"mandate": mandate.id})


def active_mandate(user: User, company: Company, day: dt.date | None = None) -> PaymentMandate | None:
    """The mandate under which ``user`` may validate for ``company`` on ``day`` (the most generous one)."""
    day = day or paris_today()
    rows = list(PaymentMandate.select().where(
        (PaymentMandate.company == company) & (PaymentMandate.user == user) & PaymentMandate.revoked_at.is_null()
        & (PaymentMandate.valid_from <= day) & (PaymentMandate.valid_until >= day)))
    return max(rows, key=lambda m: (m.max_per_batch, m.max_per_payment), default=None)


def refuse(user: User | None, company: Company, action: str, reason: str, **data: object) -> PaymentRefused:
    """Log a refused payment action (committed on its own) and return the exception to raise."""
    with db.atomic():
        events.record("payment.refused", company_id=company.id, user_id=user.id if user else None,
                      data={"action": action, "reason": reason, **{k: str(v) for k, v in data.items()}})
    return PaymentRefused(reason)


def check_prepare(user: User | None, company: Company) -> None:
    """Raise (logged) unless ``user`` may prepare payments of ``company`` (None: the instance administrator)."""
    if user is None or has_right(user, company, PREPARE):
        return
    raise refuse(user, company, "prepare", "droit « préparer les paiements » absent sur ce dossier")


def check_validate(user: User | None, company: Company, *, batch_total: Decimal, largest_payment: Decimal,
                   day: dt.date | None = None) -> PaymentMandate | None:
    """Allow ``user`` to validate a batch of ``batch_total`` whose largest transfer is ``largest_payment``.

    :returns: The mandate used (firm collaborators), or None (a person of the company, or the
        instance administrator when ``user`` is None).
    :raises PaymentRefused: (logged) when the right, the mandate or its limits say no.
    """
    if user is None:
        return None
    limits = {"total": batch_total, "largest": largest_payment}
    if access.role_on(user, company) is None:
        raise refuse(user, company, "validate", "pas d'accès à ce dossier", **limits)
    if not access.is_firm_staff(user):
        if has_right(user, company, VALIDATE):
            return None
        raise refuse(user, company, "validate", "droit « valider les paiements » absent sur ce dossier", **limits)
    mandate = active_mandate(user, company, day)
    if mandate is None:
        raise refuse(user, company, "validate",
                     "aucun mandat de règlement en cours de validité pour ce collaborateur sur ce dossier", **limits)
    if largest_payment > mandate.max_per_payment:
        raise refuse(user, company, "validate",
                     f"un paiement de {largest_payment} € dépasse le plafond du mandat "
                     f"({mandate.max_per_payment} € par paiement)", mandate=mandate.id, **limits)
    if batch_total > mandate.max_per_batch:
        raise refuse(user, company, "validate",
                     f"le lot de {batch_total} € dépasse le plafond du mandat ({mandate.max_per_batch} € par lot)",
                     mandate=mandate.id, **limits)
    return mandate


def may_take_file(user: User | None, company: Company, day: dt.date | None = None) -> bool:
    """Whether ``user`` may download a validated batch's transfer file of ``company`` (see :func:`check_file`)."""
    if user is None:
        return True
    if access.role_on(user, company) is None:
        return False
    if has_right(user, company, PREPARE) or has_right(user, company, VALIDATE):
        return True
    return access.is_firm_staff(user) and active_mandate(user, company, day) is not None


def check_file(user: User | None, company: Company, batch_reference: str) -> None:
    """Raise (logged) unless ``user`` holds ``prepare`` or ``validate`` on ``company`` (a firm collaborator: a
    mandate in force); ``None`` is the instance administrator (command line)."""
    if may_take_file(user, company):
        return
    raise refuse(user, company, "download", "le fichier de virements est réservé aux personnes qui préparent ou "
                 "valident les paiements de ce dossier", batch=batch_reference)


# ---------------------------------------------------------------------------
# Double validation (four eyes)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FourEyes:
    """A company's double-validation rule: ``on``, for batches above ``above`` (None: every batch)."""

    on: bool = False
    above: Decimal | None = None

    def applies(self, batch_total: Decimal) -> bool:
        """Whether a batch of ``batch_total`` needs a validator other than who prepared it."""
        return self.on and (self.above is None or batch_total > self.above)


def four_eyes(company: Company) -> FourEyes:
    """The company's rule (off when never set)."""
    section = (company.settings or {}).get("payments") or {}
    above = to_decimal(section.get("four_eyes_above"))
    return FourEyes(bool(section.get("four_eyes")), above if above is not None and above.is_finite() else None)


def four_eyes_threshold(text: str | Decimal | None) -> Decimal | None:
    """The threshold as typed (``1 000,50``): None when empty (every batch); a positive amount in cents.

    :raises ValueError: otherwise, in French.
    """
    if text is None or not str(text).strip():
        return None
    value = to_decimal(text)
    if value is None or not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        msg = f"seuil de la double validation invalide : « {str(text)[:30]} » (un montant en euros, ex. 5 000,00)"
        raise ValueError(msg)
    return value.quantize(Decimal("0.01"))


def set_four_eyes(company: Company, on: bool, above: str | Decimal | None = None, *,
                  by: User | None = None) -> FourEyes:
    """Turn the double validation of ``company``'s batches on or off (``above``: see :func:`four_eyes_threshold`)."""
    _require_administer(by, company)
    threshold = four_eyes_threshold(above)
    with db.atomic():
        settings = dict(company.settings or {})
        section = dict(settings.get("payments") or {})
        section["four_eyes"] = bool(on)
        if threshold is None:
            section.pop("four_eyes_above", None)
        else:
            section["four_eyes_above"] = str(threshold)
        settings["payments"] = section
        company.settings = settings
        company.save(only=["settings"])
        events.record("payment.four_eyes_set", company_id=company.id, user_id=by.id if by else None,
                      data={"on": bool(on), "above": str(threshold) if threshold is not None else None})
    return FourEyes(bool(on), threshold)


def _iban_confirmed_by(who: int | None, batch: PaymentBatch) -> str | None:
    """An IBAN paid by ``batch`` that ``who`` confirmed for its supplier (:class:`SupplierAccount`), in this batch or
    an earlier one (since cancelled or emptied: the confirmation stays and a later batch is no longer blocked)."""
    by = SupplierAccount.confirmed_by.is_null() if who is None else SupplierAccount.confirmed_by == who
    row = (SupplierAccount.select(SupplierAccount.iban)
           .join(OpenItem, on=(OpenItem.company == SupplierAccount.company)
                 & (OpenItem.party_key == SupplierAccount.party_key))
           .join(BatchPayment, on=(BatchPayment.item == OpenItem.id) & (BatchPayment.creditor_iban == SupplierAccount.iban))
           .where((BatchPayment.batch == batch.id) & (SupplierAccount.company == batch.company_id) & by)
           .order_by(SupplierAccount.iban).first())
    return row.iban if row else None


def check_four_eyes(user: User | None, company: Company, batch: PaymentBatch, *, batch_total: Decimal) -> None:
    """Raise (logged) when the company's double validation applies to ``batch`` and ``user`` prepared it or
    confirmed the IBAN of one of its payments, in this batch or for the supplier earlier (``None``, the instance
    administrator on the command line, is one person too)."""
    rule = four_eyes(company)
    if not rule.applies(batch_total):
        return
    who = user.id if user else None
    person = "vous" if user is not None else "l'administrateur de l'instance, en ligne de commande,"
    have = "avez" if user is not None else "a"
    if batch.created_by == who:
        did = "vous l'avez préparé" if user is not None else f"{person} l'a préparé"
    elif any(p.confirmed_at is not None and p.confirmed_by == who for p in batch.payments):
        did = f"{person} {have} confirmé l'IBAN d'un de ses paiements"
    elif (iban := _iban_confirmed_by(who, batch)) is not None:
        did = f"{person} {have} confirmé l'IBAN {iban} d'un de ses paiements pour ce fournisseur"
    else:
        return
    scope = f" au-delà de {money(rule.above, 'EUR')}" if rule.above is not None else ""
    reason = (f"{FOUR_EYES_LABEL.lower()}{scope} : ce lot doit être validé par une autre personne que celle qui "
              f"l'a préparé ({did})")
    raise refuse(user, company, "validate", reason, batch=batch.reference, total=batch_total, rule="four_eyes")
