"""Read XML by local names: the small navigation helpers shared by the CII and UBL readers.

Elements are matched by local name (namespaces and syntax versions differ, the
names do not); a step may list alternatives as a tuple. Values come back stripped,
amounts as :class:`~decimal.Decimal`; a value that is not a number or a date raises
:class:`~guichet.core.errors.UnreadableInput` with the offending text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from guichet.core.errors import UnreadableInput

if TYPE_CHECKING:
    from lxml.etree import _Element

Step = str | tuple[str, ...]


def local_name(el: _Element) -> str:
    """The tag of ``el`` without its namespace ("" for comments and processing instructions)."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(el: _Element | None, *names: str) -> list[_Element]:
    """Child elements of ``el`` whose local name is one of ``names``."""
    if el is None:
        return []
    wanted = set(names)
    return [c for c in el if local_name(c) in wanted]


def child(el: _Element | None, *names: str) -> _Element | None:
    """The first child of ``el`` with one of ``names``."""
    found = children(el, *names)
    return found[0] if found else None


def path(el: _Element | None, *steps: Step) -> _Element | None:
    """Follow ``steps`` (a name or a tuple of alternatives each) from ``el``."""
    for step in steps:
        names = step if isinstance(step, tuple) else (step,)
        el = child(el, *names)
        if el is None:
            return None
    return el


def text(el: _Element | None, *steps: Step) -> str | None:
    """The stripped text at ``steps`` below ``el`` (None when absent or empty)."""
    target = path(el, *steps) if steps else el
    if target is None or target.text is None:
        return None
    value = target.text.strip()
    return value or None


def amount(el: _Element | None, *steps: Step) -> Decimal | None:
    """The decimal at ``steps`` (None when absent); raises UnreadableInput when not a number."""
    value = text(el, *steps)
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        pass
    # A decimal comma ("12,50"), seen in ZUGFeRD 1.0 files: one reading only when there is no dot.
    if value.count(",") == 1 and "." not in value:
        try:
            return Decimal(value.replace(",", "."))
        except InvalidOperation:
            pass
    raise UnreadableInput(f"montant illisible : {value!r}") from None


def iso_date(el: _Element | None, *steps: Step) -> dt.date | None:
    """An ISO date (YYYY-MM-DD, time part ignored) at ``steps``."""
    value = text(el, *steps)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise UnreadableInput(f"date illisible : {value!r}") from None
