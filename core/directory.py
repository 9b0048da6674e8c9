"""The seam for the e-invoicing directory (annuaire PPF / XP Z12-013 Directory Service).

The distribution work implements :class:`DirectoryLookup` (a connector querying our
Plateforme Agréée's directory, or a local mirror of Flux 14) and the controls will
use it for ROUT-ANNUAIRE: does the buyer have a directory line, which platform
receives for it, does BT-49 match. Until then :class:`NoDirectory` answers
"unknown" and no control depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class DirectoryLine:
    """One addressing line of the directory (maille SIREN, SIREN+SIRET, or +routing code)."""

    siren: str
    siret: str | None = None
    routing_code: str | None = None
    platform_id: str | None = None  # matricule of the receiving PA (scheme 0238)
    electronic_address: str | None = None  # the BT-49 to use (scheme 0225)
    valid_from: str | None = None  # ISO date
    valid_to: str | None = None


@runtime_checkable
class DirectoryLookup(Protocol):
    """Looks up where a company receives its e-invoices.

    Implementations SHALL be stateless and thread-safe, SHALL NOT raise for an
    unknown company (return an empty list) and SHOULD raise
    :class:`~guichet.core.errors.ConnectorError` when the directory cannot be reached,
    so that callers report "non vérifié" rather than "inconnu".
    """

    def lines_for(self, siren: str, siret: str | None = None,
                  routing_code: str | None = None) -> list[DirectoryLine]:
        """The directory lines that match, most specific first."""
        ...


class NoDirectory:
    """The directory when none is configured: knows nobody, says so without error."""

    def lines_for(self, siren: str, siret: str | None = None,
                  routing_code: str | None = None) -> list[DirectoryLine]:
        """Always empty."""
        return []
