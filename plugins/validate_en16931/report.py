"""What the validator reports: :class:`Finding` and :class:`Report`.

A finding is one broken rule: its official id (``BR-CO-15``, ``BR-FR-05``...),
a severity (``fatal`` or ``warning``, the schematron vocabulary), a message and
where: an XPath (official layer) or a business term (model layer).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FATAL = "fatal"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One broken rule."""

    rule: str
    severity: str  # FATAL or WARNING
    message: str
    location: str | None = None  # XPath (official layer) or "BT-xx" (model layer)
    layer: str = "model"  # "xsd" | "official" | "model" | "container" | "engine"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass
class Report:
    """The verdict on one file."""

    syntax: str | None = None  # "cii" | "zugferd1" | "ubl"
    profile: str | None = None  # short profile: minimum, basicwl, basic, en16931, extended...
    findings: list[Finding] = field(default_factory=list)
    layers: dict[str, str] = field(default_factory=dict)  # layer -> "ok" | "skipped: ..." | "error: ..."

    @property
    def valid(self) -> bool:
        """True when no fatal finding was reported (engine failures are fatal findings)."""
        return not any(f.severity == FATAL for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The ``guichet validate --json`` shape."""
        return {
            "valid": self.valid,
            "syntax": self.syntax,
            "profile": self.profile,
            "findings": [
                {"rule": f.rule, "severity": f.severity, "message": f.message, "location": f.location, "layer": f.layer}
                for f in self.findings
            ],
            "layers": dict(self.layers),
        }
