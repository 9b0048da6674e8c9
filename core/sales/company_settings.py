"""A company's distribution settings, as its managers edit them: the invoice e-mail and the reminder steps.

Kept in ``Company.settings["distribution"]`` (read by the e-mail channel,
connectors/delivery_email.py, and by :mod:`guichet.core.sales.reminders`):

- ``sender_name``: the name shown before the relay's address (one line, 80 characters);
- ``reply_to``: the address the customer's answers go to;
- ``email_subject`` (one line) and ``email_text``: the message, with the placeholders of
  :data:`PLACEHOLDERS` (``$numero``...); an unknown placeholder is refused rather than mailed
  as it is to every customer;
- ``reminders``: the reminder steps in days from the due date (``-3`` three days before);
  absent: :data:`~guichet.core.sales.reminders.DEFAULT_STEPS`; an empty list: no reminder.

The logo is set apart (:func:`guichet.core.sales.company_logo.set_logo`: an image to check).
:func:`clean` refuses what could not be mailed (a line break in a header would forge headers)
with a French reason; :func:`save` keeps every other key of the section (the logo).
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, Any

from guichet.core.model import events
from guichet.core.model.models import db
from guichet.core.sales.customers import clean_email

if TYPE_CHECKING:
    from guichet.core.model.models import Company

#: The placeholders an e-mail's subject and text may use, and what each becomes.
PLACEHOLDERS = {
    "numero": "numéro de la facture", "date": "date de la facture", "montant": "montant à payer",
    "echeance": "date d'échéance", "entreprise": "nom du dossier", "client": "nom du client",
    "paiement": "lien de paiement (ou référence du virement)",
}
#: The keys of the section that :func:`clean` reads and :func:`save` writes.
FIELDS = ("sender_name", "reply_to", "email_subject", "email_text", "reminders")
MAX_TEXT = 4000
MAX_STEPS = 8
#: The steps accepted, in days from the due date (the reminders module reads the same bounds).
FIRST_STEP, LAST_STEP = -60, 365


class SettingsRefused(ValueError):  # a refusal with a French reason, shown as is
    """A setting that cannot be used (French reason)."""


def _one_line(value: Any, limit: int, what: str) -> str:
    text = str(value or "").strip()
    if re.search(r"[\r\n\x00-\x1f\x7f]", text):
        msg = f"{what} : une seule ligne, sans caractère de contrôle"
        raise SettingsRefused(msg)
    if len(text) > limit:
        msg = f"{what} : {limit} caractères au plus"
        raise SettingsRefused(msg)
    return text


def _template(text: str, what: str) -> str:
    """``text`` when each of its placeholders is known (``$$`` writes a dollar sign)."""
    unknown = []
    for match in string.Template.pattern.finditer(text):
        name = match.group("named") or match.group("braced")
        if match.group("invalid") is not None:
            unknown.append("$")
        elif name and name not in PLACEHOLDERS:
            unknown.append(f"${name}")
    if unknown:
        known = ", ".join(f"${n}" for n in PLACEHOLDERS)
        msg = f"{what} : variable inconnue {', '.join(sorted(set(unknown)))} (connues : {known} ; « $$ » pour « $ »)"
        raise SettingsRefused(msg)
    return text


def steps(value: Any) -> list[int]:
    """Reminder steps from ``"-3, 7, 15, 30"`` (or a list), sorted, each checked."""
    parts = [p for p in re.split(r"[,;\s]+", value.strip()) if p] if isinstance(value, str) else list(value or [])
    found = set()
    for part in parts:
        try:
            day = int(str(part).replace("J", "").replace("j", "").replace("+", ""))
        except ValueError:
            msg = f"relances : « {str(part)[:20]} » n'est pas un nombre de jours (ex. -3, 7, 15, 30)"
            raise SettingsRefused(msg) from None
        if not FIRST_STEP <= day <= LAST_STEP:
            msg = f"relances : {day} jours hors de {FIRST_STEP} à +{LAST_STEP}"
            raise SettingsRefused(msg)
        found.add(day)
    if len(found) > MAX_STEPS:
        msg = f"relances : {MAX_STEPS} étapes au plus"
        raise SettingsRefused(msg)
    return sorted(found)


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """The settings of ``values`` (only the keys of :data:`FIELDS` it has), checked; raises :class:`SettingsRefused`.

    An empty text is an absent one (the default applies); ``reminders`` None is the default
    steps, an empty list no reminder at all.
    """
    out: dict[str, Any] = {}
    if "sender_name" in values:
        out["sender_name"] = _one_line(values["sender_name"], 80, "nom de l'expéditeur")
    if "reply_to" in values:
        raw = _one_line(values["reply_to"], 254, "adresse de réponse")
        address = clean_email(raw) if raw else ""
        if address is None:
            msg = f"adresse de réponse invalide : {raw[:80]}"
            raise SettingsRefused(msg)
        out["reply_to"] = address
    if "email_subject" in values:
        out["email_subject"] = _template(_one_line(values["email_subject"], 200, "objet du courriel"),
                                         "objet du courriel")
    if "email_text" in values:
        text = str(values["email_text"] or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            msg = f"texte du courriel : {MAX_TEXT} caractères au plus"
            raise SettingsRefused(msg)
        out["email_text"] = _template(text, "texte du courriel") + ("\n" if text else "")
    if "reminders" in values:
        out["reminders"] = None if values["reminders"] is None else steps(values["reminders"])
    return out


def current(company: Company) -> dict[str, Any]:
    """The company's settings of :data:`FIELDS` (absent ones as None)."""
    section = (company.settings or {}).get("distribution") or {}
    return {name: section.get(name) for name in FIELDS}


def save(company: Company, fields: dict[str, Any], *, user_id: int | None = None) -> None:
    """Store cleaned ``fields`` in the company's section (an empty or None value removes the key), with an event."""
    with db.atomic():
        settings = dict(company.settings or {})
        section = dict(settings.get("distribution") or {})
        for name, value in fields.items():
            if value is None or value == "":
                section.pop(name, None)
            else:
                section[name] = value
        settings["distribution"] = section
        company.settings = settings
        company.save(only=["settings"])
        events.record("company.distribution_settings", company_id=company.id, user_id=user_id,
                      data={"changed": sorted(fields)})
