"""The chart settings of a company's entries, and its chart of accounts (plan comptable).

:func:`settings_for` merges the firm-wide ``[accounting]`` settings with the company's own
(``Company.settings["accounting"]``). :func:`import_chart` reads a chart from a CSV
(``numéro;libellé``, any usual separator) or from a FEC (its ``CompteNum``/``CompteLib``
columns and the auxiliary accounts); :func:`known_accounts` is the set an entry is checked
against (empty: no chart imported, every well-formed account is accepted).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from guichet.core.model.export_models import ChartAccount
from guichet.core.model.models import db

if TYPE_CHECKING:
    from guichet.core.model.models import Company
    from guichet.core.settings import Settings

#: Used when the instance's settings lack a key (a config written before [accounting] existed).
DEFAULTS: dict[str, Any] = {
    "purchase_journal": "AC", "purchase_journal_label": "Achats",
    "sales_journal": "VE", "sales_journal_label": "Ventes",
    "supplier_account": "401000", "customer_account": "411000",
    "supplier_aux_prefix": "F", "customer_aux_prefix": "C",
    "purchase_account": "607000", "sales_account": "706000",
    "goods_prefixes": ["601", "602", "607", "701", "707"],
    "vat_deductible_goods": "44566", "vat_deductible_services": "44566", "vat_deductible_assets": "44562",
    "vat_collected": "44571",
    "vat_rate_suffixes": {"20": "20", "10": "10", "5.5": "55", "2.1": "21", "8.5": "85", "13": "13",
                          "0.9": "09", "1.75": "17", "1.05": "05"},
    "intra_eu_deductible": "445662", "intra_eu_due": "4452",
    "reverse_charge_deductible": "445663", "reverse_charge_due": "445713",
    "autoliquidation_rate": "20",
    "rounding_expense": "658000", "rounding_income": "758000",
}
#: An account number as charts write them: digits, then letters or digits (auxiliaries: FALPHA).
ACCOUNT_RE = re.compile(r"^[0-9A-Z][0-9A-Z_.-]{0,39}$")


class ChartRefused(ValueError):
    """A chart file or a setting that cannot be used (French message)."""


@dataclass
class ChartSettings:
    """The merged settings of one company's entries."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def vat_account(self, base: str, rate: Decimal | None) -> str:
        """``base`` followed by the rate's suffix (``44566`` at 20 % → ``4456620``); ``base`` alone when unknown."""
        if rate is None:
            return base
        suffixes = self.values["vat_rate_suffixes"]
        key = format(rate.normalize(), "f")  # 20.00 → "20", 5.50 → "5.5"
        suffix = suffixes.get(key)
        return base + suffix if suffix else base

    def is_goods(self, account: str) -> bool:
        """True for an expense or revenue account of goods (the deductible VAT is then on goods)."""
        return any(account.startswith(prefix) for prefix in self.values["goods_prefixes"])


def settings_for(settings: Settings | None, company: Company) -> ChartSettings:
    """Firm-wide defaults, then the instance's ``[accounting]``, then the company's own keys."""
    values = dict(DEFAULTS)
    if settings is not None:
        values.update(settings.get("accounting", {}) or {})
    values.update((company.settings or {}).get("accounting") or {})
    return ChartSettings(values)


def update_company_settings(company: Company, changes: dict[str, Any]) -> dict[str, Any]:
    """Set some of a company's accounting keys (firm staff only: the caller checks); returns them all."""
    unknown = sorted(set(changes) - set(DEFAULTS))
    if unknown:
        msg = f"réglage(s) comptable(s) inconnu(s) : {', '.join(unknown)}"
        raise ChartRefused(msg)
    for key, value in changes.items():
        if key.endswith(("_account", "_deductible", "_due", "_goods", "_services", "_assets", "_collected",
                         "_expense", "_income")) and not ACCOUNT_RE.match(str(value)):
            msg = f"{key} : « {value} » n'est pas un numéro de compte"
            raise ChartRefused(msg)
    current = dict(company.settings or {})
    accounting = dict(current.get("accounting") or {})
    accounting.update(changes)
    current["accounting"] = accounting
    company.settings = current
    company.save(only=["settings"])
    return accounting


def known_accounts(company: Company) -> set[str]:
    """The account numbers of the company's imported chart (empty: none imported)."""
    return {row.number for row in ChartAccount.select(ChartAccount.number).where(ChartAccount.company == company)}


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("iso-8859-15")


def read_chart(data: bytes) -> tuple[list[tuple[str, str]], str]:
    """The ``(number, label)`` pairs of a chart file and its kind (``fec`` or ``csv``)."""
    text = _decode(data)
    first = text.splitlines()[0] if text.strip() else ""
    if "CompteNum" in first:
        separator = "\t" if "\t" in first else "|"
        rows = csv.DictReader(io.StringIO(text), delimiter=separator)
        found: dict[str, str] = {}
        for row in rows:
            number, label = (row.get("CompteNum") or "").strip(), (row.get("CompteLib") or "").strip()
            if number:
                found.setdefault(number, label)
            aux, aux_label = (row.get("CompAuxNum") or "").strip(), (row.get("CompAuxLib") or "").strip()
            if aux:
                found.setdefault(aux, aux_label)
        return sorted(found.items()), "fec"
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=";,\t|")
        separator = dialect.delimiter
    except csv.Error:
        separator = ";"
    pairs: dict[str, str] = {}
    for number_line, row in enumerate(csv.reader(io.StringIO(text), delimiter=separator), start=1):
        if not row or not row[0].strip():
            continue
        number = row[0].strip().upper()
        if number_line == 1 and not any(c.isdigit() for c in number):
            continue  # a header line (« Compte;Libellé »)
        if not ACCOUNT_RE.match(number):
            msg = f"ligne {number_line} : « {row[0].strip()} » n'est pas un numéro de compte"
            raise ChartRefused(msg)
        pairs.setdefault(number, row[1].strip() if len(row) > 1 else "")
    return sorted(pairs.items()), "csv"


def import_chart(company: Company, data: bytes, *, replace: bool = True) -> int:
    """Store the chart of ``data`` for ``company`` (replacing the previous one); returns the count."""
    pairs, kind = read_chart(data)
    if not pairs:
        msg = "aucun compte trouvé dans le fichier (attendu : « numéro;libellé » par ligne, ou un FEC)"
        raise ChartRefused(msg)
    with db.atomic():
        if replace:
            ChartAccount.delete().where(ChartAccount.company == company).execute()
        for number, label in pairs:
            ChartAccount.insert(company=company, number=number, label=label[:255], source=kind).on_conflict(
                conflict_target=[ChartAccount.company, ChartAccount.number],
                update={ChartAccount.label: label[:255]}).execute()
    return len(pairs)


def account_labels(company: Company) -> dict[str, str]:
    """Number → label of the company's imported chart."""
    return {row.number: row.label for row in ChartAccount.select().where(ChartAccount.company == company)}
