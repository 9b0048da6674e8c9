"""Bank files: pain.001.001.09 against the official XSDs with structured addresses; camt and CFONB readers."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from lxml import etree

from guichet.connectors import bank_camt, bank_cfonb, bank_sepa
from guichet.core.errors import UnreadableInput
from guichet.core.model.banking import PostalAddress, Transfer, TransferOrder
from guichet.core.plugins import make_plugin_manager

from payments_samples import COMPANY_IBAN, IBANS, Entry, camt053, cfonb120
from support import DATA

D = Decimal
NS = {"p": bank_sepa.NAMESPACE}
#: The vendored schemas, byte for byte as published (connectors/bank_sepa/xsd/README.md).
XSD_SHA256 = {
    "pain.001.001.09.xsd": "de038b373e47b0077b1832ddd81f4b2f1eb25d35721f62da1e38b7f5a09fda24",
    "EPC132-08_2023_V1.0_pain.001.001.09.xsd": "a61935925908e08d5ae1e52b06ea162617d626504f31651ca989ab74dbffbd49",
}


def _order(**changes) -> TransferOrder:
    order = TransferOrder(
        message_id="G55208131720261201120000ABC123", created_at=dt.datetime(2026, 12, 1, 12, 0),
        execution_date=dt.date(2026, 12, 2), debtor_name="Société Démo SAS", debtor_iban=COMPANY_IBAN,
        debtor_bic="BDFEFRPPCCT", debtor_address=PostalAddress(street="1 rue de la Paix", postcode="75002",
                                                               town="Paris", country="FR"),
        transfers=[
            Transfer(end_to_end_id="E2E-1", amount=D("1500.00"), creditor_name="Fournisseur Élan SARL",
                     creditor_iban=IBANS[0], creditor_bic="AGRIFRPPXXX",
                     creditor_address=PostalAddress(street="12 rue des Lilas", postcode="69002", town="Lyon",
                                                    country="FR"),
                     remittance="Factures ACH-0 ACH-1"),
            Transfer(end_to_end_id="E2E-2", amount=D("99.99"), creditor_name="Beta GmbH", creditor_iban=IBANS[2],
                     creditor_address=None, remittance="Facture ACH-2"),
        ])
    for name, value in changes.items():
        setattr(order, name, value)
    return order


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(bank_sepa.XSD_DIR / name)))


def test_vendored_schemas_are_the_published_ones():
    for name, digest in XSD_SHA256.items():
        assert hashlib.sha256((bank_sepa.XSD_DIR / name).read_bytes()).hexdigest() == digest


def test_pain001_09_validates_against_iso_and_epc_xsd_with_structured_addresses():
    data = bank_sepa.write(_order())
    tree = etree.fromstring(data)
    for name in XSD_SHA256:
        schema = _schema(name)
        assert schema.validate(tree), (name, schema.error_log)
    assert tree.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId", namespaces=NS) == "G55208131720261201120000ABC123"
    assert tree.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "1599.99"
    assert tree.findtext("p:CstmrCdtTrfInitn/p:PmtInf/p:PmtInfId", namespaces=NS) == "G55208131720261201120000ABC123"
    assert tree.findtext("p:CstmrCdtTrfInitn/p:PmtInf/p:ReqdExctnDt/p:Dt", namespaces=NS) == "2026-12-02"
    assert tree.find(".//p:AdrLine", NS) is None  # never an unstructured address
    creditor = tree.find(".//p:CdtTrfTxInf/p:Cdtr/p:PstlAdr", NS)
    assert [child.tag.split("}")[1] for child in creditor] == ["StrtNm", "PstCd", "TwnNm", "Ctry"]
    assert creditor.findtext("p:TwnNm", namespaces=NS) == "Lyon"
    debtor = tree.find(".//p:PmtInf/p:Dbtr/p:PstlAdr", NS)
    assert debtor.findtext("p:TwnNm", namespaces=NS) == "Paris" and debtor.findtext("p:Ctry", namespaces=NS) == "FR"
    assert tree.find(".//p:DbtrAgt/p:FinInstnId/p:BICFI", NS).text == "BDFEFRPPCCT"
    ustrd = [e.text for e in tree.findall(".//p:RmtInf/p:Ustrd", NS)]
    assert ustrd == ["Factures ACH-0 ACH-1", "Facture ACH-2"]
    names = [e.text for e in tree.findall(".//p:Cdtr/p:Nm", NS)]
    assert names == ["Fournisseur Elan SARL", "Beta GmbH"]  # SEPA's Latin character set


def test_a_file_that_fails_the_xsd_is_refused_with_its_line():
    bad = bank_sepa.write(_order()).replace(b"<Ctry>FR</Ctry>", b"<Ctry>France</Ctry>", 1)
    with pytest.raises(UnreadableInput, match=r"ligne \d+ : .*Ctry"):
        bank_sepa.validate(bad)
    with pytest.raises(UnreadableInput, match="centime"):
        bank_sepa.write(_order(transfers=[Transfer("E", D("1.005"), "X", IBANS[0])]))


def test_hook_write_credit_transfer():
    pm = make_plugin_manager()
    data = pm.hook.write_credit_transfer(order=_order())
    assert data.startswith(b"<?xml") and b"<NbOfTxs>2</NbOfTxs>" in data


def test_camt053_sample_follows_the_published_schema_and_reads_back():
    entries = [Entry(D("480.00"), dt.date(2026, 11, 5), name="GAMMA SA", iban=IBANS[4], reference="RF18539007547034",
                     remittance="FACTURE FA-7"),
               Entry(D("-12.50"), dt.date(2026, 11, 6), name="BANQUE", remittance="FRAIS", end_to_end="E2E-9")]
    data = camt053(COMPANY_IBAN, entries)
    schema = etree.XMLSchema(etree.parse(str(DATA / "camt" / "camt.053.001.08.xsd")))
    assert schema.validate(etree.fromstring(data)), schema.error_log
    (statement,) = bank_camt.read(data)
    assert (statement.format, statement.account, statement.opening_balance, statement.closing_balance) == (
        "camt.053", COMPANY_IBAN, D("1000.00"), D("1467.50"))
    first, second = statement.lines
    assert (first.amount, first.counterparty, first.counterparty_iban, first.reference, first.remittance) == (
        D("480.00"), "GAMMA SA", IBANS[4], "RF18539007547034", "FACTURE FA-7")
    assert (second.amount, second.end_to_end_id, second.booking_date) == (D("-12.50"), "E2E-9", dt.date(2026, 11, 6))
    assert statement.identity == f"camt.053:{COMPANY_IBAN}:STMT-1:1"


def test_camt054_notification_and_a_batch_booking_split_per_transaction():
    data = camt053(COMPANY_IBAN, [Entry(D("75.00"), dt.date(2026, 11, 5), name="ZETA")], kind="054")
    (notice,) = bank_camt.read(data)
    assert notice.format == "camt.054" and notice.lines[0].counterparty == "ZETA"
    two = data.replace(b"</TxDtls></NtryDtls>",
                       b"<Amt Ccy=\"EUR\">25.00</Amt></TxDtls><TxDtls><Amt Ccy=\"EUR\">50.00</Amt>"
                       b"<RltdPties><Dbtr><Pty><Nm>ETA</Nm></Pty></Dbtr></RltdPties></TxDtls></NtryDtls>")
    two = two.replace(b"<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>", b"")
    (notice,) = bank_camt.read(two)
    assert [(line.amount, line.counterparty) for line in notice.lines] == [(D("25.00"), "ZETA"), (D("50.00"), "ETA")]


def test_camt_refusals_name_the_line():
    data = camt053(COMPANY_IBAN, [Entry(D("10.00"), dt.date(2026, 11, 5))])
    with pytest.raises(UnreadableInput, match=r"ligne \d+ : montant illisible"):
        bank_camt.read(data.replace(b">10.00<", b">dix<"))
    with pytest.raises(UnreadableInput, match=r"ligne \d+ : sens"):
        bank_camt.read(data.replace(b"<CdtDbtInd>CRDT</CdtDbtInd><Sts>", b"<CdtDbtInd>XXXX</CdtDbtInd><Sts>"))
    with pytest.raises(UnreadableInput, match="DOCTYPE"):
        bank_camt.read(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>' + data.split(b"?>", 1)[1])
    assert bank_camt.read(b"<Document xmlns='urn:other'/>") is None


def test_cfonb120_reads_balances_movements_and_complements():
    data = cfonb120([Entry(D("1234.56"), dt.date(2026, 11, 5), name="DELTA SARL", remittance="FACTURE FA-8",
                           end_to_end="E2E-77"),
                     Entry(D("-3.10"), dt.date(2026, 11, 6), remittance="FRAIS")])
    (statement,) = bank_cfonb.read(data)
    assert (statement.opening_balance, statement.closing_balance, statement.currency) == (
        D("1000.00"), D("2231.46"), "EUR")
    assert statement.account.startswith("FR") and statement.account[4:9] == "30004"
    first, second = statement.lines
    assert (first.amount, first.counterparty, first.end_to_end_id) == (D("1234.56"), "DELTA SARL", "E2E-77")
    assert "FACTURE FA-8" in first.remittance and first.source_line == 2
    assert second.amount == D("-3.10") and second.booking_date == dt.date(2026, 11, 6)
    assert bank_cfonb.read(b"hello") is None


def test_cfonb_balance_mismatch_is_refused_with_the_line():
    data = cfonb120([Entry(D("10.00"), dt.date(2026, 11, 5))])
    lines = data.split(b"\r\n")
    lines[1] = lines[1][:90] + b"0000000000200{" + lines[1][104:]
    with pytest.raises(UnreadableInput, match=r"ligne 3 : nouveau solde"):
        bank_cfonb.read(b"\r\n".join(lines))


def test_hook_read_bank_statement():
    pm = make_plugin_manager()
    camt = pm.hook.read_bank_statement(data=camt053(COMPANY_IBAN, []), filename="x.xml")
    cfonb = pm.hook.read_bank_statement(data=cfonb120([]), filename="x.txt")
    assert [s.format for s in camt] == ["camt.053"] and [s.format for s in cfonb] == ["cfonb120"]
    assert pm.hook.read_bank_statement(data=b"%PDF-1.7", filename="x.pdf") is None
