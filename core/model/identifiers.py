"""French and EU identifiers, validated with python-stdnum (never hand-written checksums)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from stdnum import iban as std_iban
from stdnum import iso11649 as std_rf
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva

if TYPE_CHECKING:
    from guichet.core.model.invoice import Party

_SPACES = re.compile(r"[\s.\-]")


def compact(value: str | None) -> str:
    """Remove spaces, dots and dashes and upper-case ``value``."""
    return _SPACES.sub("", value or "").upper()


def valid_siren(value: str | None) -> str | None:
    """Return the compact SIREN if ``value`` is a valid one, else None."""
    text = compact(value)
    return text if text and std_siren.is_valid(text) else None


def valid_siret(value: str | None) -> str | None:
    """Return the compact SIRET if ``value`` is a valid one (La Poste rule included), else None."""
    text = compact(value)
    return text if text and std_siret.is_valid(text) else None


def valid_fr_vat(value: str | None) -> str | None:
    """Return the compact French VAT number (``FR`` + key + SIREN) if ``value`` is a valid one, else None."""
    text = compact(value)
    return text if text.startswith("FR") and std_tva.is_valid(text) else None


def siren_from_fr_vat(value: str | None) -> str | None:
    """Return the SIREN inside a valid French VAT number (FRkk + SIREN), else None."""
    text = compact(value)
    if not text.startswith("FR") or not std_tva.is_valid(text):
        return None
    return valid_siren(text[4:])


def fr_vat_from_siren(siren: str | None) -> str | None:
    """The French intra-EU VAT number of a SIREN (``FR`` + key + SIREN, key = (SIREN·100 + 12) mod 97).

    Every French business registered for VAT has exactly this number; python-stdnum
    checks it but does not compute the key, hence the formula here (the one its
    ``stdnum.fr.tva.validate`` checks).
    """
    number = valid_siren(siren)
    if number is None:
        return None
    vat = f"FR{int(number + '12') % 97:02d}{number}"
    return vat if std_tva.is_valid(vat) else None


@lru_cache(maxsize=4096)  # the field rules try every prefix of a long number, some twice
def valid_iban(value: str | None) -> str | None:
    """Return the compact IBAN if its mod-97 check holds, else None."""
    text = compact(value)
    return text if text and std_iban.is_valid(text) else None


#: Characters a structured creditor reference may carry after "RFkk" (ISO 11649: 1 to 21).
RF_BODY_MAX = 21
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def creditor_reference(seed: str | None) -> str | None:
    """The ISO 11649 structured creditor reference ("RF" + 2 check digits + reference) for ``seed``.

    The one place that makes RF references: the distribution of sales invoices prints it,
    the reconciliation of bank lines reads it back. ``seed`` is the invoice number: its
    letters and digits (upper-cased, accents and separators dropped), the last 21 when
    longer. None when ``seed`` has no letter or digit.
    """
    body = _NOT_ALNUM.sub("", (seed or "").upper())[-RF_BODY_MAX:]
    if not body:
        return None
    check = std_rf.mod_97_10.calc_check_digits(body + "RF")
    return f"RF{check}{body}"


def valid_creditor_reference(value: str | None) -> str | None:
    """The compact RF reference if ``value`` is a valid ISO 11649 one (checksum included), else None."""
    text = std_rf.compact(value or "") if value else ""
    return text if text and std_rf.is_valid(text) else None


def party_siret(party: Party) -> str | None:
    """The party's SIRET: an identifier with scheme 0009, or any 14-digit valid SIRET."""
    candidates = [*party.identifiers]
    if party.legal_id:
        candidates.append(party.legal_id)
    for ident in sorted(candidates, key=lambda i: i.scheme != "0009"):
        if ident.scheme in ("0009", None, ""):
            siret = valid_siret(ident.value)
            if siret and len(siret) == 14:
                return siret
    return None


def party_siren(party: Party) -> str | None:
    """The party's SIREN, in order of trust: legal id (scheme 0002 or none), SIRET, FR VAT number."""
    if party.legal_id and party.legal_id.scheme in ("0002", None, ""):
        siren = valid_siren(party.legal_id.value)
        if siren and len(siren) == 9:
            return siren
    for ident in party.identifiers:
        if ident.scheme == "0002":
            siren = valid_siren(ident.value)
            if siren and len(siren) == 9:
                return siren
    siret = party_siret(party)
    if siret:
        return siret[:9]
    return siren_from_fr_vat(party.vat_id)
