"""Findings as people read them: the same rule broken at several places is one line with its count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from guichet.web import messages

if TYPE_CHECKING:
    from collections.abc import Iterable

    from guichet.core.model.models import Finding


@dataclass
class Group:
    """Findings of one code, severity and (French) message; ``f`` is the first, for the templates."""

    f: Finding
    count: int = 1
    locations: list[str] = field(default_factory=list)


def grouped(findings: Iterable[Finding]) -> list[Group]:
    """The findings grouped by code, severity and French message, in their first order."""
    groups: dict[tuple[str, str, str], Group] = {}
    for finding in findings:
        key = (finding.code, finding.severity, messages.french(finding.message, finding.code))
        group = groups.get(key)
        if group is None:
            groups[key] = Group(finding, 1, [finding.field] if finding.field else [])
        else:
            group.count += 1
            if finding.field:
                group.locations.append(finding.field)
    return list(groups.values())
