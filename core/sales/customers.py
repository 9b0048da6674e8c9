"""The customer book of each company: learnt from its sales invoices, completed by people.

A customer is recognised across invoices by its key (SIREN, else VAT number, else its
name: :func:`guichet.core.money.open_items.party_key`, the same key as the open items).
:func:`learn` fills the book from an invoice when it is archived: it adds what the
invoice says (identifiers, e-mail address, postal address, Chorus Pro service code)
and never overwrites a field a person set (``Customer.edited``). :func:`update`
is the one write of a person (company space, API): every value is checked (SIREN and
SIRET with their checksums, VAT numbers, e-mail addresses, channels) and a refusal is
a :class:`CustomerRefused` with a French message.

Scoping: :func:`visible_customers` and :func:`customer_for` for a person (through
:mod:`guichet.core.access.access`), :func:`customers_of` for an API token (one company).
The EDI endpoint names a host: only firm staff may set it (:func:`update` refuses it to
anyone else, and :func:`guichet.core.access.outbound.check_host` refuses private targets).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stdnum.eu import vat as std_vat

from guichet.core.access import access, outbound
from guichet.core.errors import OutboundRefused, PermissionDenied
from guichet.core.model import events
from guichet.core.model.identifiers import compact, valid_siren, valid_siret
from guichet.core.model.models import Company, db, utcnow
from guichet.core.model.sales_models import Customer
from guichet.core.money.open_items import party_key
from guichet.core.sales import as2_partner

if TYPE_CHECKING:
    from peewee import ModelSelect

    from guichet.core.model.invoice import Invoice, Party
    from guichet.core.model.models import Document, User
    from guichet.core.settings import Settings

#: Fields a person may edit (and that learning then leaves alone).
EDITABLE = ("name", "siren", "siret", "vat_id", "electronic_address", "emails", "address", "chorus", "edi",
            "channel", "fallbacks")
ADDRESS_FIELDS = ("line1", "line2", "line3", "postcode", "city", "country")
CHORUS_FIELDS = ("service_code", "engagement", "structure_id", "service_required", "engagement_required")
EDI_FIELDS = ("syntax", "transport", "host", "port", "user", "folder", "host_key", "as2_url", "as2_id", "as2_certificate",
              "as2_sign", "as2_encrypt", "as2_encryption", "as2_compress", "as2_digest", "as2_mdn", "as2_mdn_signed")
EDI_TRANSPORTS = ("sftp", "as2")
EDI_SYNTAXES = ("ubl", "cii")
MAX_EMAILS = 5
# The usual "one @, a dot in the domain, no spaces" shape: the relay is the judge of the
# rest (an address it refuses makes the delivery "en erreur" with its answer).
_EMAIL = re.compile(r"^[^@\s<>,;]{1,64}@[^@\s<>,;]+\.[^@\s<>,;]{2,}$")


class CustomerRefused(ValueError):  # a refusal with a French reason, shown as is
    """A customer field that cannot be accepted."""


# ---------------------------------------------------------------------------
# Scoped queries
# ---------------------------------------------------------------------------


def visible_customers(user: User) -> ModelSelect:
    """The customers of the companies ``user`` may see."""
    return Customer.select().where(Customer.company.in_(access.visible_companies(user).select(Company.id)))


def customers_of(company_id: int) -> ModelSelect:
    """The customers of one company (an API token's company), by name."""
    return Customer.select().where(Customer.company == company_id).order_by(Customer.name, Customer.id)


def customer_for(user: User, customer_id: int, needed: str = "read") -> Customer:
    """The customer, when ``user`` has the ``needed`` role on its company; else PermissionDenied."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or not access.can(user, customer.company, needed):
        raise PermissionDenied(f"client {customer_id}")
    return customer


# ---------------------------------------------------------------------------
# Learning from invoices
# ---------------------------------------------------------------------------


def _address(party: Party) -> dict[str, str]:
    if party.address is None:
        return {}
    return {name: value for name in ADDRESS_FIELDS if (value := getattr(party.address, name, None))}


def facts(invoice: Invoice) -> dict[str, Any]:
    """What a sales invoice says about its customer (the buyer, BG-7), as customer fields."""
    buyer = invoice.buyer
    siren = buyer.siren
    found: dict[str, Any] = {
        "name": (buyer.name or buyer.trading_name or "").strip()[:255],
        "siren": siren, "siret": buyer.siret, "vat_id": compact(buyer.vat_id) or None,
        "electronic_address": (f"{buyer.electronic_address.scheme or ''}:{buyer.electronic_address.value}"
                               if buyer.electronic_address and buyer.electronic_address.value else None),
        "emails": [email] if (email := clean_email(buyer.contact.email if buyer.contact else None)) else [],
        "address": _address(buyer),
        "chorus": {"service_code": invoice.buyer_reference} if invoice.buyer_reference and buyer.siret else {},
    }
    found["key"] = party_key(siren, found["vat_id"], found["name"])
    return found


def clean_email(value: str | None) -> str | None:
    """``value`` as a plausible e-mail address (trimmed, lowercase), or None."""
    value = (value or "").strip().lower()
    return value if value and _EMAIL.match(value) and len(value) <= 254 else None


def learn(document: Document, invoice: Invoice) -> Customer | None:
    """Add what a sales invoice says to its company's customer book; the customer, or None without a buyer.

    Call inside a transaction. Fields a person edited are kept; e-mail addresses are added
    (at most :data:`MAX_EMAILS`); an empty field is filled. Idempotent for one invoice.
    """
    found = facts(invoice)
    if found["key"] in ("name:", ""):
        return None
    customer = Customer.get_or_none((Customer.company == document.company_id) & (Customer.key == found["key"]))
    if customer is None:
        customer = Customer.create(company=document.company_id, key=found["key"], invoices=1,
                                   **{k: v for k, v in found.items() if k != "key"})
        events.record("customer.learnt", company_id=document.company_id, document_id=document.id,
                      data={"customer": customer.id, "name": customer.name})
        return customer
    edited = set(customer.edited or [])
    changed = False
    for name in ("name", "siren", "siret", "vat_id", "electronic_address"):
        if name not in edited and found[name] and not getattr(customer, name):
            setattr(customer, name, found[name])
            changed = True
    if "emails" not in edited:
        emails = list(customer.emails or [])
        for email in found["emails"]:
            if email not in emails and len(emails) < MAX_EMAILS:
                emails.append(email)
                changed = True
        customer.emails = emails
    if "address" not in edited and found["address"] and not customer.address:
        customer.address, changed = found["address"], True
    if "chorus" not in edited and found["chorus"] and not (customer.chorus or {}).get("service_code"):
        customer.chorus, changed = {**(customer.chorus or {}), **found["chorus"]}, True
    customer.invoices += 1
    customer.updated_at = utcnow()
    customer.save()
    if changed:
        events.record("customer.learnt", company_id=document.company_id, document_id=document.id,
                      data={"customer": customer.id, "name": customer.name})
    return customer


def find(document: Document, invoice: Invoice) -> Customer | None:
    """The customer of a sales invoice in its company's book (None when not learnt yet)."""
    key = facts(invoice)["key"]
    return Customer.get_or_none((Customer.company == document.company_id) & (Customer.key == key))


# ---------------------------------------------------------------------------
# People's edits
# ---------------------------------------------------------------------------


def _text(value: Any, limit: int = 255) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        msg = "valeur texte attendue"
        raise CustomerRefused(msg)
    return str(value).strip()[:limit]


def _check_emails(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [part for part in re.split(r"[,;\s]+", value) if part]
    if not isinstance(value, list):
        msg = "adresses e-mail : une liste est attendue"
        raise CustomerRefused(msg)
    emails = []
    for raw in value:
        email = clean_email(raw if isinstance(raw, str) else None)
        if email is None:
            msg = f"adresse e-mail invalide : {str(raw)[:80]}"
            raise CustomerRefused(msg)
        if email not in emails:
            emails.append(email)
    if len(emails) > MAX_EMAILS:
        msg = f"au plus {MAX_EMAILS} adresses e-mail par client"
        raise CustomerRefused(msg)
    return emails


def _check_dict(value: Any, fields: tuple[str, ...], what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        msg = f"{what} : un objet est attendu"
        raise CustomerRefused(msg)
    unknown = sorted(set(value) - set(fields))
    if unknown:
        msg = f"{what} : champ inconnu {', '.join(unknown)}"
        raise CustomerRefused(msg)
    return {name: item for name, item in value.items() if item not in (None, "")}


def _check_edi(settings: Settings | None, value: Any) -> dict[str, Any]:
    edi = _check_dict(value, EDI_FIELDS, "EDI")
    if not edi:
        return {}
    if edi.get("syntax", "ubl") not in EDI_SYNTAXES:
        msg = "EDI : syntaxe « ubl » ou « cii » attendue"
        raise CustomerRefused(msg)
    if edi.get("transport", "sftp") not in EDI_TRANSPORTS:
        msg = "EDI : transport « sftp » ou « as2 » attendu"
        raise CustomerRefused(msg)
    if edi.get("transport") == "as2":
        return _check_as2(settings, edi)
    try:
        port = int(edi.get("port", 22))
    except (TypeError, ValueError):
        port = 0
    if not 0 < port < 65536:
        msg = "EDI : port invalide"
        raise CustomerRefused(msg)
    edi["port"] = port
    if not edi.get("host") or not edi.get("user"):
        msg = "EDI : hôte et identifiant SFTP requis"
        raise CustomerRefused(msg)
    if settings is not None:
        try:
            outbound.check_host(settings, str(edi["host"]), port)
        except OutboundRefused as exc:
            raise CustomerRefused(f"EDI : {exc}") from None
    return edi


def _check_as2(settings: Settings | None, edi: dict[str, Any]) -> dict[str, Any]:
    edi = {k: v for k, v in edi.items() if k in ("syntax", "transport") or k.startswith("as2_")}
    try:
        as2_partner.clean_partner(edi)
    except ValueError as exc:
        raise CustomerRefused(f"EDI : {exc}") from None
    if settings is not None:
        try:
            outbound.check_url(settings, str(edi["as2_url"]))
        except OutboundRefused as exc:
            raise CustomerRefused(f"EDI : {exc}") from None
    return edi


def clean(values: dict[str, Any], *, channels: dict[str, str], settings: Settings | None = None,
          firm_staff: bool = False) -> dict[str, Any]:
    """Checked customer fields from what a person sent (a form, an API body); raises :class:`CustomerRefused`.

    ``channels``: the registered channel ids with their French labels (the hook
    ``register_delivery_channels``). Only the fields present in ``values`` are returned.
    """
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        msg = f"champ inconnu : {', '.join(unknown)}"
        raise CustomerRefused(msg)
    out: dict[str, Any] = {}
    if "name" in values:
        out["name"] = _text(values["name"])
        if not out["name"]:
            msg = "le nom du client est obligatoire"
            raise CustomerRefused(msg)
    if "siren" in values:
        raw = _text(values["siren"])
        out["siren"] = valid_siren(raw) if raw else None
        if raw and (out["siren"] is None or len(out["siren"]) != 9):
            msg = f"SIREN invalide (9 chiffres, clé de contrôle) : {raw}"
            raise CustomerRefused(msg)
    if "siret" in values:
        raw = _text(values["siret"])
        out["siret"] = valid_siret(raw) if raw else None
        if raw and (out["siret"] is None or len(out["siret"]) != 14):
            msg = f"SIRET invalide (14 chiffres, clé de contrôle) : {raw}"
            raise CustomerRefused(msg)
    if "vat_id" in values:
        raw = compact(_text(values["vat_id"]))
        if raw and not std_vat.is_valid(raw):
            msg = f"numéro de TVA intracommunautaire invalide : {raw}"
            raise CustomerRefused(msg)
        out["vat_id"] = raw or None
    if "electronic_address" in values:
        raw = _text(values["electronic_address"])
        if raw and not re.fullmatch(r"\d{4}:[A-Za-z0-9._\-]{1,125}", raw):
            msg = "adresse électronique (BT-49) attendue sous la forme « 0225:identifiant »"
            raise CustomerRefused(msg)
        out["electronic_address"] = raw or None
    if "emails" in values:
        out["emails"] = _check_emails(values["emails"] or [])
    if "address" in values:
        address = {k: _text(v, 100) for k, v in _check_dict(values["address"], ADDRESS_FIELDS, "adresse").items()}
        if address.get("country") and not re.fullmatch(r"[A-Z]{2}", address["country"].upper()):
            msg = "adresse : pays en code ISO à deux lettres (FR)"
            raise CustomerRefused(msg)
        if address.get("country"):
            address["country"] = address["country"].upper()
        out["address"] = address
    if "chorus" in values:
        chorus = _check_dict(values["chorus"], CHORUS_FIELDS, "Chorus Pro")
        for name in ("service_code", "engagement", "structure_id"):
            if name in chorus:
                chorus[name] = _text(chorus[name], 50)
        for name in ("service_required", "engagement_required"):
            if name in chorus:
                chorus[name] = bool(chorus[name])
        out["chorus"] = chorus
    if "edi" in values:
        if not firm_staff and values["edi"]:
            msg = "seul le cabinet configure un point d'échange EDI (il désigne un serveur)"
            raise CustomerRefused(msg)
        out["edi"] = _check_edi(settings, values["edi"])
    if "channel" in values:
        channel = _text(values["channel"], 32)
        if channel and channel not in channels:
            msg = f"canal inconnu : {channel} (canaux : {', '.join(sorted(channels))})"
            raise CustomerRefused(msg)
        out["channel"] = channel
    if "fallbacks" in values:
        raw = values["fallbacks"] or []
        raw = [p for p in re.split(r"[,;\s]+", raw) if p] if isinstance(raw, str) else raw
        if not isinstance(raw, list) or any(not isinstance(c, str) or c not in channels for c in raw):
            msg = f"canaux de repli inconnus (canaux : {', '.join(sorted(channels))})"
            raise CustomerRefused(msg)
        out["fallbacks"] = list(dict.fromkeys(raw))
    return out


def update(customer: Customer, fields: dict[str, Any], *, user_id: int | None = None,
           source: str = "web") -> Customer:
    """Write checked fields (:func:`clean`) to ``customer``, marked edited, with an event.

    The key stays as it was: it ties the customer to the invoices already seen.
    """
    if not fields:
        return customer
    with db.atomic():
        for name, value in fields.items():
            setattr(customer, name, value)
        customer.edited = sorted(set(customer.edited or []) | set(fields))
        customer.updated_at = utcnow()
        customer.save()
        events.record("customer.updated", company_id=customer.company_id, user_id=user_id,
                      data={"customer": customer.id, "fields": sorted(fields), "source": source})
    return customer


def create(company: Company, fields: dict[str, Any], *, user_id: int | None = None, source: str = "web") -> Customer:
    """A customer entered by a person (before any invoice); its key from its checked fields."""
    if not fields.get("name"):
        msg = "le nom du client est obligatoire"
        raise CustomerRefused(msg)
    key = party_key(fields.get("siren") or (fields.get("siret") or "")[:9] or None, fields.get("vat_id"),
                    fields["name"])
    with db.atomic():
        if Customer.select().where((Customer.company == company.id) & (Customer.key == key)).exists():
            msg = "ce client existe déjà dans le carnet de ce dossier"
            raise CustomerRefused(msg)
        customer = Customer.create(company=company.id, key=key, edited=sorted(fields), **fields)
        events.record("customer.created", company_id=company.id, user_id=user_id,
                      data={"customer": customer.id, "source": source})
    return customer


def as_json(customer: Customer, *, missing: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The API and page view of a customer (with, when given, what each channel lacks)."""
    return {
        "id": customer.id, "name": customer.name, "siren": customer.siren, "siret": customer.siret,
        "vat_id": customer.vat_id, "electronic_address": customer.electronic_address,
        "emails": list(customer.emails or []), "address": dict(customer.address or {}),
        "chorus": dict(customer.chorus or {}), "edi": dict(customer.edi or {}),
        "channel": customer.channel, "fallbacks": list(customer.fallbacks or []),
        "invoices": customer.invoices, **({"missing": missing} if missing is not None else {}),
    }
