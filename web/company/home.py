"""What waits for a person: counts across the companies they may see (the home page, issue 19).

:func:`waiting` counts, per company, the documents to code, to review, rejected, the
follow-up stages that failed or wait for an answer from outside (network, delivery)
and the connectors in error. Only companies passed in are counted: the caller passes
``access.visible_companies(user)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from peewee import fn

from guichet.core.model.models import Document
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress, State

if TYPE_CHECKING:
    from guichet.core.model.models import Company

#: What the home page counts, in the order shown: key → (French label, state or progress).
COUNTED: dict[str, str] = {
    "to_code": "À coder",
    "to_review": "À revoir",
    "rejected": "Rejetés",
    "to_extract": "En cours de lecture",
    "stage_failed": "Envois en échec",
    "stage_waiting": "Réponses attendues (réseau, envois)",
    "connector_error": "Connecteurs en erreur",
}


@dataclass
class Waiting:
    """One company's counts (only the non-zero ones are shown)."""

    company: Company
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Everything waiting for a person (what is merely in progress left out)."""
        return sum(n for key, n in self.counts.items() if key not in ("to_extract", "stage_waiting"))


def waiting(companies: list[Company]) -> list[Waiting]:
    """Per company, what waits; companies with the most first."""
    rows = {c.id: Waiting(c) for c in companies}
    if not rows:
        return []
    ids = list(rows)
    states = [State.TO_CODE, State.TO_REVIEW, State.REJECTED, State.TO_EXTRACT]
    for row in (Document.select(Document.company, Document.state, fn.COUNT(Document.id).alias("n"))
                .where(Document.company.in_(ids) & Document.state.in_([str(s) for s in states]))
                .group_by(Document.company, Document.state)):
        rows[row.company_id].counts[row.state] = row.n
    for row in (StageRun.select(Document.company, StageRun.status, fn.COUNT(StageRun.id).alias("n"))
                .join(Document, on=(StageRun.document == Document.id))
                .where(Document.company.in_(ids) & StageRun.status.in_([str(Progress.FAILED), str(Progress.WAITING)]))
                .group_by(Document.company, StageRun.status)):
        key = "stage_failed" if row.status == Progress.FAILED else "stage_waiting"
        rows[row.document.company_id].counts[key] = row.n
    for company_id, n in _connector_errors(ids).items():
        rows[company_id].counts["connector_error"] = n
    return sorted(rows.values(), key=lambda w: (-w.total, w.company.name))


def _connector_errors(company_ids: list[int]) -> dict[int, int]:
    from guichet.core.model.connector_models import ConnectorConfig

    query = (ConnectorConfig.select(ConnectorConfig.company, fn.COUNT(ConnectorConfig.id).alias("n"))
             .where(ConnectorConfig.company.in_(company_ids) & ConnectorConfig.enabled
                    & ConnectorConfig.last_error.is_null(False) & (ConnectorConfig.last_error != ""))
             .group_by(ConnectorConfig.company))
    return {row.company_id: row.n for row in query}


def totals(rows: list[Waiting]) -> dict[str, int]:
    """The counts summed over the companies."""
    summed: dict[str, int] = {}
    for row in rows:
        for key, n in row.counts.items():
            summed[key] = summed.get(key, 0) + n
    return summed


def money_summary(company_ids: list[int], settings: Any) -> dict[str, Any]:
    """Receivables and payables (total, overdue) of the companies (core/money/aging.py)."""
    import datetime as dt

    from guichet.core.money import aging, penalties

    board = aging.dashboard(company_ids, today=dt.datetime.now(tz=dt.UTC).date(),
                            rates=penalties.from_settings(settings),
                            window_days=int(settings.get("payments.ratio_window_days", 90)))
    return {direction: board.sides[direction] for direction in aging.DIRECTIONS}
