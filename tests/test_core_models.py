"""The data layer on SQLite and PostgreSQL: exact money, constraints, migrations, scoping."""

from __future__ import annotations

from decimal import Decimal

import peewee
import pytest

from guichet.core.access import access, accounts
from guichet.core.model import database
from guichet.core.pipeline import intake, pipeline
from guichet.core.model.models import Company, Document, Invoice, Membership, db
from guichet.core.model.states import Channel

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def test_money_is_exact_decimal(rt, company, corpus):
    document, _ = intake.receive(rt, company, (corpus / "EN16931_Einfach.pdf").read_bytes(), "a.pdf",
                                 channel=Channel.CLI)
    pipeline.run_to_rest(rt, document.id)
    Invoice.update(total_with_tax=Decimal("12345678901234567.89")).execute()
    row = Invoice.get()
    assert isinstance(row.total_with_tax, Decimal)
    assert row.total_with_tax == Decimal("12345678901234567.89")
    assert row.total_tax == Decimal("56.87")


def test_siren_is_unique_and_checked(rt, firm, company):
    with pytest.raises(ValueError, match="existe déjà"):
        accounts.create_company(firm, "Doublon", company.siren)
    with pytest.raises(ValueError, match="SIREN invalide"):
        accounts.create_company(firm, "Faux", "552081318")
    with pytest.raises(peewee.IntegrityError), db.atomic():
        Company.create(firm=firm, name="Direct", siren=company.siren)


def test_one_document_per_company_and_hash(rt, company, other_company, corpus):
    data = (corpus / "EN16931_Einfach.pdf").read_bytes()
    first, _ = intake.receive(rt, company, data, "a.pdf", channel=Channel.CLI)
    other, created = intake.receive(rt, other_company, data, "a.pdf", channel=Channel.CLI)
    assert created and other.id != first.id  # same bytes, another company: its own document
    with pytest.raises(peewee.IntegrityError), db.atomic():
        Document.create(company=company, sha256=first.sha256, blob_key=first.blob_key, filename="x",
                        size=1, channel="cli", state="received")


def test_migrations_are_recorded_and_idempotent(rt):
    assert database.migrate(rt.database) == []
    from guichet.core.model.models import SchemaVersion

    assert SchemaVersion.select().where(SchemaVersion.version == 1).exists()


def test_scoping_of_client_and_staff(rt, firm, company, other_company, make_user):
    client = make_user("c@example.fr", companies={company: "read"})
    staff = make_user("s@example.fr", firm_role="operator")
    assert [c.name for c in access.visible_companies(client)] == ["Société A"]
    assert {c.name for c in access.visible_companies(staff)} == {"Société A", "Société B"}
    assert access.can(client, company, "read") and not access.can(client, company, "upload")
    assert not access.can(client, other_company, "read")
    Membership.update(role="manage").execute()
    assert access.can(client, company, "upload")
