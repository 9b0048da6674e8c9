"""VIES client and control against the stand-in: valid with evidence, invalid, unverified."""

from __future__ import annotations

import pytest

from controls_samples import french_invoice
from guichet.connectors import vies
from guichet.core.model.registry_models import ViesCheck
from guichet.core.settings import load_settings
from standins.vies import ViesStandIn


@pytest.fixture
def server():
    """The VIES stand-in on an ephemeral loopback port."""
    with ViesStandIn() as standin:
        standin.valid.update({"FR44732829320": "FOURNISSEUR EXEMPLE", "FR03552081317": "SOCIETE A",
                              "DE811569869": "EXAMPLE GMBH"})
        yield standin


def settings_for(server, **extra):
    return load_settings(vies={"enabled": True, "api_url": server.base_url, "retries": 1, "cache_days": 1, **extra})


def test_valid_number_keeps_the_consultation_number(rt, server):
    result = vies.check_vat("DE 811 569 869", settings=settings_for(server), requester_vat="FR03552081317")
    assert result.status == vies.VALID
    assert result.request_identifier.startswith("WAPI")
    assert server.requests[-1]["body"] == {"countryCode": "DE", "vatNumber": "811569869",
                                           "requesterMemberStateCode": "FR", "requesterNumber": "03552081317"}
    row = ViesCheck.get(ViesCheck.vat_id == "DE811569869")
    assert (row.status, row.request_identifier) == ("valid", result.request_identifier)


def test_invalid_number(rt, server):
    assert vies.check_vat("DE136695976", settings=settings_for(server)).status == vies.INVALID


def test_member_state_unavailable_is_unverified_never_invalid(rt, server):
    server.unavailable.add("DE")
    client = vies.ViesClient(server.base_url, retries=1, backoff=0.01)
    result = client.check("DE811569869")
    assert result.status == vies.UNVERIFIED
    assert result.error == "MS_UNAVAILABLE"
    assert len(server.requests) == 2  # retried once


def test_overloaded_and_unreachable_are_unverified(server):
    server.overloaded = True
    client = vies.ViesClient(server.base_url, retries=0)
    assert client.check("DE811569869").status == vies.UNVERIFIED
    assert vies.ViesClient("http://127.0.0.1:9/x", retries=0, timeout=1).check("DE811569869").status == vies.UNVERIFIED


def test_answers_are_reused_from_the_evidence_table(rt, server):
    settings = settings_for(server)
    vies.check_vat("FR44732829320", settings=settings)
    vies.check_vat("FR44732829320", settings=settings)
    assert len(server.requests) == 1


def test_control_findings(rt, server, company):
    settings = settings_for(server)
    invoice = french_invoice()
    found = vies.check_parties(invoice, company, settings).problems
    assert {p.code for p in found} == {"ID-VIES-VALID"}
    assert all("consultation n° WAPI" in p.message for p in found)
    invoice.buyer.vat_id = "DE136695976"
    invoice.vat_breakdown[0].category = "K"
    blocking = [p for p in vies.check_parties(invoice, company, settings).problems if p.code == "ID-VIES"]
    assert [str(p.severity) for p in blocking] == ["fatal"]
    server.unavailable.add("FR")
    ViesCheck.delete().execute()
    assert "ID-VIES-UNVERIFIED" in {p.code for p in vies.check_parties(french_invoice(), company, settings).problems}


def test_disabled_by_default(rt):
    assert vies.check_invoice(invoice=french_invoice(), company=None, settings=rt.settings) == []
