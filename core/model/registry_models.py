"""Tables of the public registries: the local Sirene copy, the API cache, VIES evidence.

Filled by :mod:`guichet.connectors.sirene` (INSEE monthly stock files and the
Sirene API) and :mod:`guichet.connectors.vies`; created by migration m0004.
Rows are public data, not tenant data: they are shared by every company.
"""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, IntegerField, TextField

from guichet.core.model.models import BaseModel, JSONField, utcnow


class SireneUnit(BaseModel):
    """A legal unit (unité légale) from StockUniteLegale: one row per SIREN."""

    siren = CharField(max_length=9, primary_key=True)
    state = CharField(max_length=1)  # etatAdministratifUniteLegale: A active, C ceased
    name = TextField(null=True)  # denominationUniteLegale, or nom + prénom for a person
    legal_category = CharField(max_length=4, null=True)  # categorieJuridiqueUniteLegale
    diffusion = CharField(max_length=1, null=True)  # statutDiffusionUniteLegale: O or P
    head_nic = CharField(max_length=5, null=True)  # nicSiegeUniteLegale
    state_since = CharField(max_length=10, null=True)  # dateDebut of the current period (ISO)
    stamp = IntegerField(default=0)  # import run that wrote the row (for pruning)


class SireneEstablishment(BaseModel):
    """An establishment (établissement) from StockEtablissement: one row per SIRET."""

    siret = CharField(max_length=14, primary_key=True)
    siren = CharField(max_length=9, index=True)
    state = CharField(max_length=1)  # etatAdministratifEtablissement: A active, F closed
    head_office = BooleanField(default=False)  # etablissementSiege
    postcode = CharField(max_length=10, null=True)
    city = TextField(null=True)
    name = TextField(null=True)  # enseigne1Etablissement or denominationUsuelleEtablissement
    state_since = CharField(max_length=10, null=True)
    stamp = IntegerField(default=0)


class SireneImport(BaseModel):
    """One import run of a stock file (what, when, how many rows)."""

    kind = CharField()  # unite_legale | etablissement
    filename = TextField()
    rows = IntegerField(default=0)
    started_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)


class SireneApiCache(BaseModel):
    """Answers of the INSEE Sirene API, by ``siren:<n>`` / ``siret:<n>`` key."""

    key = CharField(primary_key=True)
    status = IntegerField()  # HTTP status (200, 404, 403...)
    payload = JSONField(null=True)
    fetched_at = DateTimeField(default=utcnow)


class ViesCheck(BaseModel):
    """One VIES consultation, kept as evidence (the requestIdentifier is the proof)."""

    vat_id = CharField(index=True)  # country code + number, compact
    status = CharField()  # valid | invalid | unverified
    request_identifier = CharField(null=True)
    request_date = CharField(null=True)
    name = TextField(null=True)
    address = TextField(null=True)
    error = TextField(null=True)
    response = JSONField(null=True)
    checked_at = DateTimeField(default=utcnow)


#: Tables of this module, in creation order.
REGISTRY_MODELS = (SireneUnit, SireneEstablishment, SireneImport, SireneApiCache, ViesCheck)
