"""Stages: what a plugin declares (:class:`Stage`), what a stage decides, and their order.

Every stage, the built-in ones included, is declared by a plugin through the
``register_stages`` hook (see its contract in :mod:`guichet.core.hookspecs`). There are
two kinds, told apart by the states a stage declares:

- a **state stage** takes documents in one state and leaves them in another
  (``read``: received → to_extract | extracted | rejected). It returns an
  :class:`Outcome`; the core commits the new state with a compare-and-set and its
  event. One state stage per state.
- a **follow-up stage** leaves the document in the state it takes (``takes=archived,
  leaves={archived}``): sending a sales invoice to the e-invoicing network,
  distributing it, handing it over to the firm. It may apply to some documents only
  (``applies``). Its progress is a row of its own
  (:class:`~guichet.core.model.stage_models.StageRun`), so follow-ups never block each
  other and a failing one is retried with back-off while the others go on
  (:mod:`guichet.core.pipeline.followups`). It returns a :class:`Step`.

:func:`stage_plan` collects the declarations of a plugin manager, checks them and
orders them: the order each stage asks for (``after``/``before``) plus the order
the states imply (a stage that leaves state S comes before the stage that takes S,
unless the state machine loops back), sorted topologically, ties broken by name. A cycle, an unknown name, two stages for
one state or a state the state machine forbids is a :class:`StageError` naming the
culprits.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from guichet.core.errors import GuichetError
from guichet.core.model.states import Progress, State, can_transition

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.models import Document
    from guichet.core.ops.runtime import Runtime

#: Back-off of a failing follow-up: the first retry waits ``retry_delay``, each next one
#: twice as long, at most this many seconds (six hours).
MAX_RETRY_DELAY = 6 * 3600


class StageError(GuichetError):
    """The declared stages cannot be ordered or do not fit the state machine (French message)."""


@dataclass
class Outcome:
    """What a state stage decided: the next state, why, and the writes to commit with it."""

    state: State
    reason: str | None = None
    updates: dict[str, Any] = field(default_factory=dict)  # Document fields to set
    apply: Callable[[], None] | None = None  # more writes, run inside the transaction
    data: dict[str, Any] = field(default_factory=dict)  # added to the state event


@dataclass
class Step:
    """What one attempt of a follow-up stage decided.

    ``status`` is :attr:`Progress.DONE` (finished) or :attr:`Progress.WAITING` (sent;
    an answer from outside settles it later through
    :func:`guichet.core.pipeline.followups.settle`, or the stage runs again after
    ``recheck_after`` seconds to look). A failure is an exception: the core retries it
    with back-off; :class:`~guichet.core.errors.StageRefused` gives up at once.
    """

    status: Progress = Progress.DONE
    reason: str | None = None
    apply: Callable[[], None] | None = None  # more writes, run inside the transaction
    data: dict[str, Any] = field(default_factory=dict)  # kept on the run and added to its event
    recheck_after: int | None = None  # WAITING: run the stage again after this many seconds

    def __post_init__(self) -> None:
        """Only DONE and WAITING are decisions of a stage; the rest belongs to the core."""
        if self.status not in (Progress.DONE, Progress.WAITING):
            msg = f"une étape de suite rend « done » ou « waiting », pas « {self.status} »"
            raise ValueError(msg)


@dataclass(frozen=True)
class Stage:
    """One stage, as a plugin declares it (see the ``register_stages`` hook).

    :param name: Unique, stable, lowercase (it names the queue task ``guichet.stage.<name>``
        and the progress rows: never rename a stage that has run).
    :param run: ``run(rt, document)``; a state stage returns an :class:`Outcome`, a
        follow-up a :class:`Step`. Called outside any transaction, maybe twice for
        one document (a retried task, a crash): the core commits once.
    :param takes: The document state the stage works on.
    :param leaves: The states it may leave the document in; ``{takes}`` makes it a
        follow-up stage. ``rejected`` is always allowed to a state stage (an error).
    :param after: Names of stages this one comes after.
    :param before: Names of stages this one comes before.
    :param applies: Follow-ups only: ``applies(pm, document)`` says whether the stage
        concerns a document (``lambda pm, d: d.direction == "sales"``); None: every one.
        Asked once, when the document enters ``takes``, inside the transition's
        transaction; ``pm`` is the plugin manager of the process (what the stage needs
        of the instance comes from it, never from the running process: issue 12).
    :param retry_delay: Follow-ups only: seconds before the first retry (doubled each time).
    :param max_attempts: Follow-ups only: attempts before giving up (``failed``).
    :param lease: Follow-ups only: seconds a worker may hold one attempt.
    """

    name: str
    run: Callable[[Runtime, Document], Outcome | Step]
    takes: State
    leaves: frozenset[State]
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    applies: Callable[[pluggy.PluginManager, Document], bool] | None = None
    retry_delay: int = 60
    max_attempts: int = 10
    lease: int = 900
    plugin: str = ""  # filled by stage_plan: the plugin that declared it

    def __post_init__(self) -> None:
        """Accept any iterables and single names; keep the declaration immutable."""
        object.__setattr__(self, "takes", State(self.takes))
        object.__setattr__(self, "leaves", frozenset(State(s) for s in _names(self.leaves)))
        object.__setattr__(self, "after", tuple(_names(self.after)))
        object.__setattr__(self, "before", tuple(_names(self.before)))

    @property
    def follow_up(self) -> bool:
        """True for a stage that leaves the document in the state it takes."""
        return self.leaves == {self.takes}

    def retry_in(self, attempts: int) -> int:
        """Seconds to wait after the ``attempts``-th failure (exponential back-off)."""
        return max(1, min(self.retry_delay * 2 ** max(0, attempts - 1), MAX_RETRY_DELAY))


def _names(value: Any) -> Iterable[Any]:
    if isinstance(value, str):
        return (value,)
    return value or ()


@dataclass(frozen=True)
class StagePlan:
    """The checked, ordered stages of one plugin manager."""

    stages: tuple[Stage, ...]

    def by_name(self, name: str) -> Stage | None:
        """The stage called ``name``, or None."""
        return next((s for s in self.stages if s.name == name), None)

    def for_state(self, state: State | str) -> Stage | None:
        """The state stage that takes ``state`` (None: the document waits for a person or is done)."""
        return next((s for s in self.stages if not s.follow_up and s.takes == state), None)

    def follow_ups(self, state: State | str | None = None) -> list[Stage]:
        """The follow-up stages, in order (those taking ``state`` when given)."""
        return [s for s in self.stages if s.follow_up and (state is None or s.takes == state)]

    @property
    def automatic_states(self) -> list[State]:
        """States a state stage takes: a document there waits for the worker."""
        return [s.takes for s in self.stages if not s.follow_up]

    def predecessors(self, stage: Stage) -> list[Stage]:
        """The follow-ups that must be done before ``stage`` runs on a document."""
        names = set(stage.after) | {s.name for s in self.stages if stage.name in s.before}
        return [s for s in self.stages if s.follow_up and s.name in names]


def _check(stages: list[Stage]) -> None:
    seen: dict[str, Stage] = {}
    by_state: dict[State, Stage] = {}
    for stage in stages:
        if stage.name in seen:
            msg = (f"deux étapes s'appellent « {stage.name} » "
                   f"(extensions {seen[stage.name].plugin} et {stage.plugin})")
            raise StageError(msg)
        seen[stage.name] = stage
        if stage.follow_up:
            continue
        if stage.takes in stage.leaves:
            msg = f"l'étape « {stage.name} » laisse le document dans l'état qu'elle prend et dans d'autres"
            raise StageError(msg)
        if stage.applies is not None:
            msg = f"l'étape « {stage.name} » change l'état : elle doit traiter tous les documents (pas de « applies »)"
            raise StageError(msg)
        other = by_state.get(stage.takes)
        if other is not None:
            msg = (f"deux étapes prennent l'état « {stage.takes} » : « {other.name} » ({other.plugin}) "
                   f"et « {stage.name} » ({stage.plugin})")
            raise StageError(msg)
        by_state[stage.takes] = stage
        forbidden = sorted(s for s in stage.leaves if not can_transition(stage.takes, s))
        if forbidden:
            msg = (f"l'étape « {stage.name} » mène de « {stage.takes} » à « {', '.join(forbidden)} », "
                   "ce que l'automate des états n'admet pas")
            raise StageError(msg)
    for stage in stages:
        for name in (*stage.after, *stage.before):
            if name not in seen:
                msg = f"l'étape « {stage.name} » ({stage.plugin}) se place par rapport à « {name} », étape inconnue"
                raise StageError(msg)


def order_stages(stages: Iterable[Stage]) -> tuple[Stage, ...]:
    """Check ``stages`` and sort them; raises :class:`StageError`.

    Edges: each ``after``/``before``, and "leaves S" → "takes S" for every state S
    (so the order of the state machine holds without being declared) unless that
    edge would close a circle. Kahn's algorithm with the smallest name first among
    the ready stages: the same declarations always give the same order.
    """
    stages = list(stages)
    _check(stages)
    names = {s.name: s for s in stages}
    edges: dict[str, set[str]] = {name: set() for name in names}
    for stage in stages:
        for name in stage.after:
            edges[name].add(stage.name)
        for name in stage.before:
            edges[stage.name].add(name)
    # The states' order, where it closes no circle: the state machine has loops (a rejected
    # document may be retried), and a stage on such a loop must not make the order impossible.
    # Edges that go forward in the states' declared order are placed first; one going back
    # is dropped when it would close a circle.
    rank = {state: index for index, state in enumerate(State)}
    implied = sorted(
        ((rank[other.takes] <= rank[stage.takes], stage.name, other.name)
         for stage in stages if not stage.follow_up
         for other in stages if other is not stage and other.takes in stage.leaves),
    )
    for _backward, source, target in implied:
        if not _reaches(edges, target, source):
            edges[source].add(target)
    incoming = dict.fromkeys(names, 0)
    for targets in edges.values():
        for name in targets:
            incoming[name] += 1
    ready = [name for name, count in incoming.items() if count == 0]
    heapq.heapify(ready)
    ordered = []
    while ready:
        name = heapq.heappop(ready)
        ordered.append(names[name])
        for target in sorted(edges[name]):
            incoming[target] -= 1
            if incoming[target] == 0:
                heapq.heappush(ready, target)
    if len(ordered) != len(stages):
        stuck = sorted(name for name, count in incoming.items() if count > 0)
        msg = f"les étapes {', '.join(stuck)} se placent en cercle (after/before ou états) : aucun ordre possible"
        raise StageError(msg)
    return tuple(ordered)


def _reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(edges[name])
    return False


def declared_stages(pm: pluggy.PluginManager) -> list[Stage]:
    """Every stage declared through ``register_stages``, each marked with its plugin's name."""
    found = []
    for impl in pm.hook.register_stages.get_hookimpls():
        for stage in impl.function() or []:
            if not isinstance(stage, Stage):
                msg = f"l'extension {impl.plugin_name} déclare autre chose qu'une étape : {stage!r}"
                raise StageError(msg)
            found.append(dataclasses.replace(stage, plugin=impl.plugin_name))
    return found


def stage_plan(pm: pluggy.PluginManager) -> StagePlan:
    """The ordered stages of ``pm``'s plugins; computed once per set of registered plugins."""
    key = tuple(sorted(id(plugin) for plugin in pm.get_plugins()))
    cached = getattr(pm, "guichet_stage_plan", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    plan = StagePlan(order_stages(declared_stages(pm)))
    pm.guichet_stage_plan = (key, plan)  # type: ignore[attr-defined]
    return plan
