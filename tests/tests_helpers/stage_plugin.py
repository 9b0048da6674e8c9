"""A third-party plugin that adds follow-up stages after ``archive``, touching nothing in the core.

As the e-invoicing network, distribution and accounting plugins will: ``to_network``
(sales invoices only), ``to_firm`` (every invoice) and ``tell_customer`` (after
``to_network``). What each stage does is set by the tests in :data:`BEHAVIOUR`.
"""

from __future__ import annotations

from guichet.core import hookimpl
from guichet.core.errors import StageRefused
from guichet.core.model.states import Direction, Progress, State
from guichet.core.pipeline.stages import Stage, Step

#: Stage name -> "done" (default), "wait", "fail" (a network error) or "refuse" (final).
BEHAVIOUR: dict[str, str] = {}
#: (stage, document id) of every call, in order.
CALLS: list[tuple[str, int]] = []


def _runner(name: str):
    def run(rt, document):
        del rt
        CALLS.append((name, document.id))
        what = BEHAVIOUR.get(name, "done")
        if what == "fail":
            raise ConnectionError("plateforme injoignable")
        if what == "refuse":
            raise StageRefused("facture refusée par la plateforme")
        if what == "wait":
            return Step(Progress.WAITING, "déposée, en attente du statut", data={"flow": f"F-{document.id}"})
        return Step(reason=f"{name} fait", data={"by": name})

    return run


def _is_sales(_pm, document) -> bool:
    return document.direction == Direction.SALES


@hookimpl
def register_stages() -> list[Stage]:
    """Three follow-ups after ``archive``."""
    archived = State.ARCHIVED
    return [
        Stage("tell_customer", _runner("tell_customer"), takes=archived, leaves={archived}, after="to_network",
              applies=_is_sales),
        Stage("to_network", _runner("to_network"), takes=archived, leaves={archived}, after="archive",
              applies=_is_sales, retry_delay=30, max_attempts=3),
        Stage("to_firm", _runner("to_firm"), takes=archived, leaves={archived}, after="archive"),
    ]
