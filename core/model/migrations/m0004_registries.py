"""Local copy of Sirene, Sirene API cache and VIES evidence (frozen copies of core/model/registry_models.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import BooleanField, CharField, DateTimeField, IntegerField, TextField

from guichet.core.model.migrations.frozen import FrozenModel, create_tables

if TYPE_CHECKING:
    from peewee import Database


class SireneUnit(FrozenModel):
    siren = CharField(max_length=9, primary_key=True)
    state = CharField(max_length=1)
    name = TextField(null=True)
    legal_category = CharField(max_length=4, null=True)
    diffusion = CharField(max_length=1, null=True)
    head_nic = CharField(max_length=5, null=True)
    state_since = CharField(max_length=10, null=True)
    stamp = IntegerField()


class SireneEstablishment(FrozenModel):
    siret = CharField(max_length=14, primary_key=True)
    siren = CharField(max_length=9, index=True)
    state = CharField(max_length=1)
    head_office = BooleanField()
    postcode = CharField(max_length=10, null=True)
    city = TextField(null=True)
    name = TextField(null=True)
    state_since = CharField(max_length=10, null=True)
    stamp = IntegerField()


class SireneImport(FrozenModel):
    kind = CharField()
    filename = TextField()
    rows = IntegerField()
    started_at = DateTimeField()
    finished_at = DateTimeField(null=True)


class SireneApiCache(FrozenModel):
    key = CharField(primary_key=True)
    status = IntegerField()
    payload = TextField(null=True)
    fetched_at = DateTimeField()


class ViesCheck(FrozenModel):
    vat_id = CharField(index=True)
    status = CharField()
    request_identifier = CharField(null=True)
    request_date = CharField(null=True)
    name = TextField(null=True)
    address = TextField(null=True)
    error = TextField(null=True)
    response = TextField(null=True)
    checked_at = DateTimeField()


TABLES = (SireneUnit, SireneEstablishment, SireneImport, SireneApiCache, ViesCheck)


def apply(database: Database) -> None:
    """Create the registry tables (the SIRET table is indexed by SIREN)."""
    create_tables(database, TABLES)
