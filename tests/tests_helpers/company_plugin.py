"""A plugin with a control and a follow-up stage, that the firm may turn off for one company.

Used by tests/test_core_plugins_per_company.py: the control reports ``TEST-AUDIT`` (a
warning, so that invoices still reach the archive), the follow-up ``audit`` runs after
``archive`` and it listens to state changes; all must be silent for a company that turned
the plugin off.
"""

from __future__ import annotations

from guichet.core import hookimpl
from guichet.core.model.findings import Problem
from guichet.core.model.states import Severity, State
from guichet.core.pipeline.stages import Stage, Step

#: Document ids the follow-up ran on, and (company id, settings value) seen by the control.
CALLS: list[int] = []
SEEN: list[tuple[int | None, object]] = []
#: Company id of every state change the plugin was told of.
TOLD: list[int] = []


def _audit(rt, document) -> Step:
    del rt
    CALLS.append(document.id)
    return Step(reason="audité")


@hookimpl
def check_invoice(invoice, company):
    """One warning on every invoice."""
    del invoice
    SEEN.append((company.id if company is not None else None, None))
    return [Problem("TEST-AUDIT", Severity.WARNING, "contrôle de l'extension de test", origin="company_plugin")]


@hookimpl
def document_state_changed(document, old, new):
    """Remember which company's documents it heard of."""
    del old, new
    TOLD.append(document.company_id)


@hookimpl
def register_stages() -> list[Stage]:
    """``audit``, a follow-up after ``archive``."""
    return [Stage("audit", _audit, takes=State.ARCHIVED, leaves={State.ARCHIVED}, after="archive")]
