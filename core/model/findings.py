"""What a control reports: :class:`Problem` (stored as a ``Finding`` row)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from guichet.core.model.states import Severity


@dataclass(frozen=True)
class Problem:
    """One finding: a code (shared/docs/domain.md §10), a severity, a French message, the field."""

    code: str
    severity: Severity
    message: str
    field: str | None = None  # model field or EN 16931 term, e.g. "BT-31"
    origin: str = ""  # the plugin or rule set that found it

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out = asdict(self)
        out["severity"] = str(self.severity)
        return out
