"""Saved list filters per user (core/model/view_models.py): save, list, forget.

A saved filter is only a link with a name: opening it goes through the list page and
its rights like any URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from peewee import IntegrityError

from guichet.core.model.view_models import SavedFilter

if TYPE_CHECKING:
    from guichet.core.model.models import User

#: Saved filters kept per user and page.
LIMIT = 30


def for_page(user: User, page: str) -> list[dict[str, Any]]:
    """The user's filters of ``page``: name and URL, by name."""
    rows = SavedFilter.select().where((SavedFilter.user == user.id) & (SavedFilter.page == page)).order_by(
        SavedFilter.name)
    return [{"name": r.name, "url": f"{page}?{r.query}" if r.query else page} for r in rows]


def save(user: User, page: str, name: str, args: dict[str, str]) -> SavedFilter:
    """Keep ``args`` under ``name`` (replacing a filter of that name); ValueError with a French reason."""
    name = " ".join(name.split())[:80]
    if not name:
        msg = "Donnez un nom au filtre."
        raise ValueError(msg)
    if not args:
        msg = "Aucun filtre à enregistrer : choisissez d'abord une recherche, un état ou des dates."
        raise ValueError(msg)
    query = urlencode(sorted(args.items()))
    existing = SavedFilter.get_or_none((SavedFilter.user == user.id) & (SavedFilter.page == page)
                                       & (SavedFilter.name == name))
    if existing is not None:
        existing.query = query
        existing.save()
        return existing
    if SavedFilter.select().where((SavedFilter.user == user.id) & (SavedFilter.page == page)).count() >= LIMIT:
        msg = f"{LIMIT} filtres au plus par liste : supprimez-en un d'abord."
        raise ValueError(msg)
    try:
        return SavedFilter.create(user=user.id, page=page, name=name, query=query)
    except IntegrityError as exc:  # the same name saved at the same moment from another tab
        msg = "Un filtre de ce nom vient d'être enregistré."
        raise ValueError(msg) from exc


def forget(user: User, page: str, name: str) -> None:
    """Delete the user's filter ``name`` of ``page`` (nothing when there is none)."""
    SavedFilter.delete().where((SavedFilter.user == user.id) & (SavedFilter.page == page)
                               & (SavedFilter.name == name)).execute()
