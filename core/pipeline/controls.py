"""Business controls: the code catalogue and the firm's per-company settings.

Each control plugin reports :class:`~guichet.core.model.findings.Problem` objects with a
code from :data:`CODES` (shared/docs/domain.md §10, plus a few finer codes marked
"ajout" below). A firm may change, per company, how hard each control bites:
the settings live in ``Company.settings["controls"]``::

    {
      "controls": {
        "severity": {                      # code or prefix* -> fatal | warning | info | off
          "FRAUD-NEW-SUPPLIER": "info",
          "LEG-NOTES-PMT-PMD-AAB": "fatal",
          "ID-VIES*": "off"
        },
        "options": {
          "amount_factor": 3,              # FRAUD-AMOUNT-ANOMALY: x times the supplier's median
          "amount_history_min": 3,         # invoices of history needed before judging amounts
          "vat_on_debits": false,          # the company opted for VAT on debits (LEG-VAT-DEBITS)
          "reform_date": "2026-09-01"      # from this issue date the 2026 mentions are required
        }
      }
    }

An exact code wins over a prefix; the longest prefix wins among prefixes; "off"
drops the finding. :func:`apply_overrides` applies them and is idempotent, so a
plugin and the pipeline may both call it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from guichet.core.model.findings import Problem
from guichet.core.model.states import SEVERITY_ALIASES, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from guichet.core.model.models import Company

OFF = "off"

#: Default options of the controls (see the module docstring).
DEFAULT_OPTIONS: dict[str, Any] = {
    "amount_factor": 3,
    "amount_history_min": 3,
    "vat_on_debits": False,
    "reform_date": "2026-09-01",
}

#: Every code the built-in controls use, with its French label.
CODES: dict[str, str] = {
    # legal mentions (CGI 242 nonies A, C. com. L441-9)
    "LEG-NUMBER": "Numéro de facture absent ou mal formé",
    "LEG-DUPLICATE": "Facture déjà reçue (même fournisseur, même numéro)",
    "LEG-DATES": "Dates de facture ou d'échéance incohérentes",
    "LEG-DOCTYPE": "Type de document non admis ou référence manquante",
    "LEG-SIREN-SELLER": "SIREN du vendeur absent",
    "LEG-SIREN-BUYER": "SIREN de l'acheteur absent (mention 2026)",
    "LEG-SIRET-COHERENCE": "SIRET ne commençant pas par le SIREN",
    "LEG-VATID": "Numéro de TVA intracommunautaire requis absent",
    "LEG-NATURE": "Nature de l'opération (biens / services / mixte) absente (mention 2026)",
    "LEG-DELIVERY-ADDR": "Adresse de livraison absente (mention 2026)",
    "LEG-VAT-DEBITS": "Option pour la TVA d'après les débits non indiquée (mention 2026)",
    "LEG-NOTES-PMT-PMD-AAB": "Pénalités de retard, indemnité de 40 € ou escompte non mentionnés",
    "LEG-EXEMPTION": "Mention d'exonération de TVA absente",
    # arithmetic and VAT
    "ARI-LINES": "Montant net de ligne faux",
    "ARI-VAT": "TVA par taux fausse",
    "ARI-DECIMALS": "Trop de décimales",
    "VAT-RATE-ALLOWED": "Taux de TVA non admis pour la date ou le territoire",
    "VAT-CATEGORY": "Catégorie de TVA incohérente",
    "VAT-CURRENCY": "Devise étrangère sans TVA en euros",
    "PAY-TERMS": "Échéance absente ou au-delà des délais légaux",
    "PAY-MEANS": "Coordonnées bancaires invalides",
    # identity and existence
    "ID-SIREN-CHECKSUM": "SIREN ou SIRET invalide (clé de contrôle)",
    "ID-VAT-CHECKSUM": "Numéro de TVA invalide (format ou clé) (ajout)",
    "ID-VAT-SIREN": "Numéro de TVA ne correspondant pas au SIREN (ajout)",
    "ID-SIREN-ACTIVE": "Entreprise cessée ou établissement fermé (Sirene)",
    "ID-SIREN-UNKNOWN": "SIREN ou SIRET inconnu de Sirene (ajout)",
    "ID-VIES": "Numéro de TVA invalide selon VIES",
    "ID-VIES-UNVERIFIED": "Numéro de TVA non vérifié : VIES indisponible (ajout)",
    "ID-VIES-VALID": "Numéro de TVA confirmé par VIES (preuve de consultation) (ajout)",
    # fraud and business signals
    "FRAUD-IBAN-CHANGE": "IBAN différent de celui connu pour ce fournisseur",
    "FRAUD-DUPLICATE-AMOUNT": "Même montant, même date, même fournisseur (ajout)",
    "FRAUD-BUYER-NOT-COMPANY": "Facture adressée à une autre société que le dossier (ajout)",
    "FRAUD-SELLER-NOT-VAT": "Vendeur non identifié à la TVA qui facture de la TVA (ajout)",
    "FRAUD-NEW-SUPPLIER": "Nouveau fournisseur",
    "FRAUD-AMOUNT-ANOMALY": "Montant très supérieur à l'habitude de ce fournisseur",
}


def control_settings(company: Company | None) -> dict[str, Any]:
    """The ``controls`` settings of ``company``: ``{"severity": {...}, "options": {...}}``.

    Unknown or malformed entries are ignored; options are merged over
    :data:`DEFAULT_OPTIONS`. ``company`` None (stateless use) gives the defaults.
    """
    raw: Any = {}
    if company is not None and isinstance(company.settings, dict):
        raw = company.settings.get("controls") or {}
    if not isinstance(raw, dict):
        raw = {}
    severity: dict[str, str] = {}
    allowed = {str(s) for s in Severity} | {OFF}
    for code, value in (raw.get("severity") or {}).items():
        if isinstance(code, str) and isinstance(value, str):
            value = SEVERITY_ALIASES.get(value.lower(), value.lower())  # "blocking" = "fatal"
            if value in allowed:
                severity[code.upper()] = value
    options = dict(DEFAULT_OPTIONS)
    if isinstance(raw.get("options"), dict):
        options.update(raw["options"])
    return {"severity": severity, "options": options}


def control_option(company: Company | None, name: str) -> Any:
    """One option of the controls for ``company`` (see :data:`DEFAULT_OPTIONS`)."""
    return control_settings(company)["options"].get(name, DEFAULT_OPTIONS.get(name))


def reform_date(company: Company | None) -> dt.date:
    """The issue date from which the 2026 reform mentions are required."""
    value = control_option(company, "reform_date")
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return dt.date.fromisoformat(DEFAULT_OPTIONS["reform_date"])


def severity_for(code: str, default: Severity, severity: dict[str, str]) -> Severity | None:
    """The severity the firm chose for ``code`` (None: the control is off)."""
    code = code.upper()
    chosen = severity.get(code)
    if chosen is None:
        prefixes = [key for key in severity if key.endswith("*") and code.startswith(key[:-1])]
        if prefixes:
            chosen = severity[max(prefixes, key=len)]
    if chosen is None:
        return default
    if chosen == OFF:
        return None
    return Severity(chosen)


def apply_overrides(problems: Iterable[Problem], company: Company | None) -> list[Problem]:
    """Return ``problems`` with the company's severities applied ("off" ones dropped)."""
    severity = control_settings(company)["severity"]
    out = []
    for problem in problems:
        if not severity:
            out.append(problem)
            continue
        chosen = severity_for(problem.code, problem.severity, severity)
        if chosen is None:
            continue
        out.append(problem if chosen == problem.severity else dataclasses.replace(problem, severity=chosen))
    return out


def has_blocking(problems: Iterable[Problem]) -> bool:
    """True when any problem is fatal (it stops the document)."""
    return any(p.severity == Severity.FATAL for p in problems)


# ---------------------------------------------------------------------------
# Helpers shared by the control plugins
# ---------------------------------------------------------------------------

#: ISO codes of France and of the overseas departments (which some invoices use as country).
FRENCH_COUNTRIES = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT"})


def is_french_party(party: Any) -> bool:
    """True when ``party`` is established in France: French address, SIREN or FR VAT number."""
    if party is None:
        return False
    address = getattr(party, "address", None)
    country = (address.country or "").upper() if address is not None and address.country else ""
    if country:
        return country in FRENCH_COUNTRIES
    vat = (party.vat_id or "").replace(" ", "").upper()
    if vat:
        return vat.startswith("FR")
    return party.siren is not None


class Report:
    """Collects the problems of one control plugin (fixed ``origin``)."""

    def __init__(self, origin: str) -> None:
        """Start an empty report for the plugin ``origin``."""
        self.origin = origin
        self.problems: list[Problem] = []

    def add(self, code: str, severity: Severity, message: str, field: str | None = None) -> None:
        """Add one problem."""
        self.problems.append(Problem(code, severity, message, field, self.origin))

    def block(self, code: str, message: str, field: str | None = None) -> None:
        """Add a fatal problem (it stops the document)."""
        self.add(code, Severity.FATAL, message, field)

    def warn(self, code: str, message: str, field: str | None = None) -> None:
        """Add a warning."""
        self.add(code, Severity.WARNING, message, field)

    def info(self, code: str, message: str, field: str | None = None) -> None:
        """Add an information."""
        self.add(code, Severity.INFO, message, field)

    def result(self, company: Company | None) -> list[Problem]:
        """The problems with the company's overrides applied."""
        return apply_overrides(self.problems, company)
