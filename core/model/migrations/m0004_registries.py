"""Local copy of Sirene, Sirene API cache and VIES evidence (core/model/registry_models.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model.registry_models import REGISTRY_MODELS

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Create the registry tables (the SIRET table is indexed by SIREN)."""
    database.create_tables(REGISTRY_MODELS, safe=True)
