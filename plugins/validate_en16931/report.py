"""What the validator reports: :class:`Finding` and :class:`Report`.

A finding is one broken rule: its official id (``BR-CO-15``, ``BR-FR-05``...),
a severity (``fatal`` or ``warning``, the schematron vocabulary, which is
Guichet's one severity vocabulary: :class:`guichet.core.model.states.Severity`), a
message and where: an XPath (official layers) or a business term (model layer).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from guichet.core.model.states import Severity

FATAL = str(Severity.FATAL)
WARNING = str(Severity.WARNING)


@dataclass(frozen=True)
class Finding:
    """One broken rule."""

    rule: str
    severity: str  # FATAL or WARNING
    message: str
    location: str | None = None  # XPath (official layer) or "BT-xx" (model layer)
    layer: str = "model"  # "xsd" | "cen" | "profile" | "container" | "fr_ctc" | "model" | "engine"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``message_fr`` is the French text (the official rule's, or the message itself)."""
        from .rules_fr_text import text_fr

        out = asdict(self)
        out["message_fr"] = text_fr(self.rule, self.message) or self.message
        return out


@dataclass
class FrCtc:
    """The French reform verdict (BR-FR), separate from the EN 16931 one."""

    ready: bool
    applicable: bool  # the seller is French (the rules were judged), or they were asked for
    findings: list[Finding] = field(default_factory=list)
    layer: str = ""
    #: Findings the DGFiP schematron flags fatal (what makes ``ready`` False); when the verdict is only
    #: informative they are reported as warnings, and counted here.
    broken: int = 0
    #: The verdict decides (``--profile fr-ctc``, a flow sent to the network); False: informative, its
    #: findings' severities lowered to warnings (``broken`` says how many the DGFiP flags fatal).
    required: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The ``fr_ctc`` object of ``guichet validate --json``: ``broken`` keeps the official fatal count
        when the verdict is informative (``required`` False) and its findings read as warnings."""
        return {"ready": self.ready, "applicable": self.applicable, "required": self.required,
                "broken": self.broken, "findings": [f.to_dict() for f in self.findings], "layer": self.layer}


@dataclass
class Report:
    """The verdict on one file."""

    syntax: str | None = None  # "cii" | "zugferd1" | "ubl"
    profile: str | None = None  # short profile: minimum, basicwl, basic, en16931, extended...
    findings: list[Finding] = field(default_factory=list)
    layers: dict[str, str] = field(default_factory=dict)  # layer -> "ok: ..." | "skipped: ..." | "error: ..."
    factur_x: bool = False  # judged as the XML of a Factur-X PDF (profile schematron and container)
    fr_ctc: FrCtc | None = None
    fr_ctc_required: bool = False  # --profile fr-ctc: the BR-FR verdict decides too

    @property
    def en16931_valid(self) -> bool:
        """True when no fatal EN 16931 / Factur-X finding was reported (engine failures are fatal)."""
        return not any(f.severity == FATAL for f in self.findings)

    @property
    def valid(self) -> bool:
        """The verdict: EN 16931 / Factur-X, and BR-FR when required."""
        fr_ok = self.fr_ctc is None or self.fr_ctc.ready or not self.fr_ctc_required
        return self.en16931_valid and fr_ok

    def to_dict(self) -> dict[str, Any]:
        """The ``guichet validate --json`` shape."""
        return {
            "valid": self.valid,
            "syntax": self.syntax,
            "profile": self.profile,
            "factur_x": self.factur_x,
            "findings": [f.to_dict() for f in self.findings],
            "layers": dict(self.layers),
            "fr_ctc": self.fr_ctc.to_dict() if self.fr_ctc is not None else None,
        }
