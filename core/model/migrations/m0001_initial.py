"""The first schema: firms, companies, users, documents, invoices, findings, events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model import models

if TYPE_CHECKING:
    from peewee import Database

TABLES = (
    models.Firm,
    models.Company,
    models.User,
    models.Membership,
    models.Document,
    models.Invoice,
    models.Party,
    models.Line,
    models.VatBreakdown,
    models.Finding,
    models.Event,
)


def apply(database: Database) -> None:
    """Create the tables of version 1."""
    database.create_tables(TABLES, safe=True)
