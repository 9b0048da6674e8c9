"""CDAR lifecycle messages: every example of XP Z12-012 parses to its status, what we write is valid D22B and reads back."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from guichet.core.network import cdar
from guichet.core.network.cdar import Amount, CdarError, Lifecycle, Party
from support import ROOT

EXAMPLES = ROOT / ".." / "shared" / "specs" / "afnor-xp-z12" / "examples-z12-012" / "Cycle de Vie - CDAR"
FILES = sorted(EXAMPLES.rglob("*.xml"))


def test_the_examples_are_there():
    assert len(FILES) == 11


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_example_parses_to_its_status_reason_and_invoice(path):
    data = path.read_bytes()
    status = cdar.read(data)
    # The file name says the status (…-CDV-207_En_litige.xml) and the invoice (UC4_F202500006_…).
    assert status.code == re.search(r"CDV-(\d{3})", path.name).group(1)
    assert status.invoice_number == re.search(r"_(F\d{9})_", path.name).group(1)
    assert status.invoice_date is not None and status.invoice_date.year == 2025
    assert status.seller_siren == "100000009"
    if status.code == "207":
        assert status.reason in {"TX_TVA_ERR"} | set(status.reason and [status.reason])
        assert status.reason and status.reason_text
    if status.code == "212":
        assert status.amounts and all(a.currency == "EUR" for a in status.amounts)
    assert cdar.schema_errors(data) == []


def test_the_207_example_has_its_reason_and_the_212_its_amount():
    litige = cdar.read((EXAMPLES / "_Statut avec MOTIF" / "UC4_F202500006_04-CDV-207_En_litige.xml").read_bytes())
    assert (litige.reason, litige.reason_text, litige.action) == ("TX_TVA_ERR", "Taux de TVA erroné", "NIN")
    assert litige.issuer == Party("200000008", "ACHETEUR", "BY", None)
    assert litige.issued_at == dt.datetime(2025, 7, 1, 18, 0, 0)
    paid = cdar.read((EXAMPLES / "_Cas Nominal" / "UC1_F202500003_07-CDV-212_Encaissee.xml").read_bytes())
    assert paid.amounts == (Amount(Decimal("12000"), Decimal("20.00"), "EUR"),)


def test_written_messages_are_valid_and_read_back():
    status = Lifecycle(code="207", invoice_number="FA-2026-001", invoice_date=dt.date(2026, 9, 14),
                       seller_siren="552081317", reason="CALCUL_ERR", reason_text="Total faux",
                       issued_at=dt.datetime(2026, 9, 20, 10, 30),
                       issuer=Party("732829320", "Acheteur SA", "BY"), recipient=Party("552081317", "Vendeur", "SE"))
    data = cdar.write(status)
    assert cdar.schema_errors(data) == []
    again = cdar.read(data)
    assert (again.code, again.invoice_number, again.invoice_date, again.seller_siren, again.reason,
            again.reason_text, again.issued_at) == ("207", "FA-2026-001", dt.date(2026, 9, 14), "552081317",
                                                    "CALCUL_ERR", "Total faux", dt.datetime(2026, 9, 20, 10, 30))
    assert again.issuer.siren == "732829320" and again.recipient.role == "SE"
    paid = cdar.write(Lifecycle(code="212", invoice_number="FA-1", seller_siren="552081317",
                                amounts=(Amount(Decimal("100.5"), Decimal("20")),)))
    assert cdar.read(paid).amounts == (Amount(Decimal("100.50"), Decimal("20.00")),)
    assert b"<ram:ProcessCondition>Encaiss\xc3\xa9e<" in paid


def test_a_status_that_needs_a_reason_is_never_written_without():
    with pytest.raises(CdarError, match="exige un motif"):
        cdar.write(Lifecycle(code="210", invoice_number="FA-1"))
    with pytest.raises(CdarError, match="inconnu"):
        cdar.write(Lifecycle(code="207", invoice_number="FA-1", reason="PAS_UN_MOTIF"))


@pytest.mark.parametrize(("data", "message"), [
    (b"not xml", "illisible"),
    (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'x'>]><x>&e;</x>", "DOCTYPE"),
    (b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'/>", "pas un message CDAR"),
    (b"<rsm:CrossDomainAcknowledgementAndResponse xmlns:rsm='" + cdar.RSM.encode() + b"'><rsm:Nope/>"
     b"</rsm:CrossDomainAcknowledgementAndResponse>", "schéma D22B"),
])
def test_malformed_messages_are_refused_with_a_reason(data, message):
    with pytest.raises(CdarError, match=message):
        cdar.read(data)


def test_a_valid_message_without_its_required_reason_is_refused():
    data = (EXAMPLES / "_Statut avec MOTIF" / "UC4_F202500006_04-CDV-207_En_litige.xml").read_bytes()
    stripped = re.sub(rb"<ram:ReasonCode>[^<]*</ram:ReasonCode>", b"", data)
    with pytest.raises(CdarError, match="exige un motif"):
        cdar.read(stripped)
