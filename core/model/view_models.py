"""What people keep of their screens: saved list filters (issue 19).

A saved filter is a name and the query string of a list page (``/dossiers/3/?q=...``),
per user. The web decides which pages may keep filters and checks the user's rights
when the filter is used, exactly as for a typed URL: a saved filter grants nothing.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from guichet.core.model.models import BaseModel, User, utcnow


class SavedFilter(BaseModel):
    """One user's named filter of one list page."""

    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    page = CharField(max_length=200)  # the list's path, e.g. "/dossiers/3/"
    name = CharField(max_length=80)
    query = TextField()  # the URL's query string, without "?"
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("user", "page", "name"), True),)


#: The tables of this module, in creation order.
VIEW_MODELS = (SavedFilter,)
