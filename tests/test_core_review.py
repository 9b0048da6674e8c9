"""A person with the "manage" right accepts a document sent to review, with a reason (decisions.accept)."""

from __future__ import annotations

import pytest

from guichet.core.model import events
from guichet.core.pipeline import decisions
from guichet.core.errors import PermissionDenied
from guichet.core.model.models import Document, Event, Finding
from guichet.core.model.states import State


@pytest.fixture
def to_review(rt, company):
    """A document waiting in "to review" with one blocking finding."""
    document = Document.create(company=company, sha256="a" * 64, blob_key="k", filename="f.pdf", size=1,
                               channel="upload", state=str(State.TO_REVIEW))
    Finding.create(document=document, code="FRAUD-IBAN-CHANGE", severity="fatal", message="IBAN", field="BT-84")
    return document


def test_override_moves_to_checked_and_records_the_event(rt, to_review, company, make_user):
    manager = make_user("m@example.test", companies={company: "manage"})
    document = decisions.accept(rt, manager, to_review.id, "IBAN confirmé par téléphone", enqueue=False)
    assert document.state == State.CHECKED
    assert Document.get_by_id(to_review.id).state == State.CHECKED
    event = Event.get((Event.document_id == to_review.id) & (Event.kind == decisions.OVERRIDE_EVENT))
    assert event.user_id == manager.id
    assert event.data["reason"] == "IBAN confirmé par téléphone"
    assert event.data["overridden"] == ["FRAUD-IBAN-CHANGE"]
    assert (event.data["from"], event.data["to"]) == ("to_review", "checked")
    assert events.verify_chain()[1] is None


def test_override_needs_the_manage_right(rt, to_review, company, make_user):
    reader = make_user("r@example.test", companies={company: "upload"})
    with pytest.raises(PermissionDenied):
        decisions.accept(rt, reader, to_review.id, "ok")
    assert not decisions.can_accept(reader, to_review)
    assert Document.get_by_id(to_review.id).state == State.TO_REVIEW


def test_override_needs_a_reason_and_the_right_state(rt, to_review, company, make_user):
    manager = make_user("m@example.test", firm_role="operator")
    with pytest.raises(decisions.DecisionError, match="raison"):
        decisions.accept(rt, manager, to_review.id, "   ")
    assert decisions.can_accept(manager, to_review)
    decisions.accept(rt, manager, to_review.id, "vu", enqueue=False)
    with pytest.raises(decisions.DecisionError, match="pas à revoir"):
        decisions.accept(rt, manager, to_review.id, "encore")


def test_another_company_user_cannot_override(rt, to_review, other_company, make_user):
    stranger = make_user("s@example.test", companies={other_company: "manage"})
    with pytest.raises(PermissionDenied):
        decisions.accept(rt, stranger, to_review.id, "non")


def test_pipeline_sends_blocking_to_review_then_a_person_overrides(rt, firm, corpus, make_user):
    from guichet.core.access import accounts
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.model.states import Channel

    company = accounts.create_company(firm, "Hôtel Saint Denis", "343434346")
    data = (corpus / "Facture_DOM_EN16931.pdf").read_bytes()  # its placeholder SIRETs fail their check digit
    document, _ = intake.receive(rt, company, data, "dom.pdf", channel=Channel.UPLOAD)
    while pipeline.advance(rt, document.id) not in (None, State.TO_REVIEW):
        pass
    document = Document.get_by_id(document.id)
    assert document.state == State.TO_REVIEW
    codes = {f.code for f in Finding.select().where((Finding.document == document) & (Finding.severity == "fatal"))}
    assert "ID-SIREN-CHECKSUM" in codes
    manager = make_user("m@example.test", companies={company: "manage"})
    assert decisions.accept(rt, manager, document.id, "SIRET d'exemple du jeu FNFE").state == State.CHECKED


def test_firm_settings_change_the_stored_severity(rt, firm, corpus):
    from guichet.core.access import accounts
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.model.states import Channel

    company = accounts.create_company(firm, "Hôtel Saint Denis", "343434346")
    company.settings = {"controls": {"severity": {"ID-SIREN-CHECKSUM": "warning"}}}
    company.save()
    data = (corpus / "Facture_DOM_EN16931.pdf").read_bytes()
    document, _ = intake.receive(rt, company, data, "dom.pdf", channel=Channel.UPLOAD)
    pipeline.advance(rt, document.id)  # read
    pipeline.advance(rt, document.id)  # check
    severities = {f.severity for f in Finding.select().where((Finding.document == document)
                                                             & (Finding.code == "ID-SIREN-CHECKSUM"))}
    assert severities == {"warning"}
