"""The polled watched folder (and the USB drop folder): complete files only, taken once."""

from __future__ import annotations

import os
import time

import pytest
from intake_samples import encrypted_pdf, invoice_pdf, other_invoice_pdf

from guichet.connectors.watched_folder import UsbDropFolderConnector, WatchedFolderConnector
from guichet.core.ops import connector_runs
from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
from guichet.core.connectors import load_connectors
from guichet.core.model.models import Document, Event


@pytest.fixture
def poll(rt):
    """``poll()``: run every configuration now."""

    def run():
        ConnectorConfig.update(next_run_at=None).execute()
        return connector_runs.poll_due(rt, load_connectors(rt.pm))

    return run


def _age(path, seconds=600):
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_a_growing_file_waits_until_its_size_is_stable(rt, company, tmp_path, poll):
    folder = tmp_path / "partage"
    folder.mkdir()
    connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(folder), "stable_seconds": 30})
    data = invoice_pdf()
    (folder / "scan.pdf").write_bytes(data[: len(data) // 2])  # being copied right now

    assert poll()[0].received == []
    with (folder / "scan.pdf").open("ab") as handle:  # the copy goes on
        handle.write(data[len(data) // 2 :])
    assert poll()[0].received == []  # it changed since last time: wait again
    (report,) = poll()  # unchanged since the previous poll: complete

    (doc,) = Document.select().where(Document.company == company)
    assert report.received == [doc.id]
    assert rt.blobs.get(doc.blob_key) == data
    assert not (folder / "scan.pdf").exists()
    assert list((folder / "traites").rglob("scan.pdf"))


def test_old_files_are_taken_at_once_and_temporary_names_never(rt, company, tmp_path, poll):
    folder = tmp_path / "partage"
    folder.mkdir()
    for name, data in (("a.pdf", invoice_pdf()), ("b.pdf.part", other_invoice_pdf()), (".cache", b"x")):
        (folder / name).write_bytes(data)
        _age(folder / name)
    connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(folder)})
    poll()
    assert [d.filename for d in Document.select()] == ["a.pdf"]
    assert (folder / "b.pdf.part").exists()


def test_same_file_twice_is_ingested_once_and_bad_files_are_rejected_with_reason(rt, company, tmp_path, poll):
    folder = tmp_path / "partage"
    folder.mkdir()
    connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(folder)})
    (folder / "f.pdf").write_bytes(invoice_pdf())
    (folder / "protege.pdf").write_bytes(encrypted_pdf())
    for p in folder.iterdir():
        _age(p)
    poll()
    (folder / "f-copie.pdf").write_bytes(invoice_pdf())
    _age(folder / "f-copie.pdf")
    (report,) = poll()

    docs = {d.filename: d for d in Document.select()}
    assert set(docs) == {"f.pdf", "protege.pdf"}
    assert report.duplicates == [docs["f.pdf"].id]
    assert Event.get(Event.kind == "document.duplicate_arrival").data["filename"] == "f-copie.pdf"
    assert docs["protege.pdf"].state == "rejected" and "mot de passe" in docs["protege.pdf"].reason


def test_a_missing_share_is_an_error_but_a_missing_usb_stick_is_not(rt, company, other_company, tmp_path, poll):
    share = connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(tmp_path / "absent")})
    stick = connector_runs.configure(rt, other_company, UsbDropFolderConnector(), {"path": str(tmp_path / "usb")})
    poll()
    share, stick = ConnectorConfig.get_by_id(share.id), ConnectorConfig.get_by_id(stick.id)
    assert share.status == ConnectorStatus.ERROR and "n'existe pas" in share.last_error
    assert stick.status == ConnectorStatus.OK
    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "facture.pdf").write_bytes(invoice_pdf())
    _age(tmp_path / "usb" / "facture.pdf")
    poll()
    assert Document.get().company_id == other_company.id


def test_a_200_mb_file_is_kept_and_rejected_with_a_reason(rt, company, tmp_path, poll):
    folder = tmp_path / "partage"
    folder.mkdir()
    big = folder / "enorme.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(200 * 1024 * 1024)
    _age(big)
    connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(folder)})
    poll()
    doc = Document.get()
    assert doc.size == 200 * 1024 * 1024 and rt.blobs.exists(doc.blob_key)
    assert doc.state == "rejected" and "trop volumineux" in doc.reason


def test_statement_folder_imports_statements_not_invoices(rt, company, tmp_path, poll):
    import datetime as dt
    from decimal import Decimal

    from payments_samples import COMPANY_IBAN, Entry, archived_invoice, camt053, cfonb120

    from guichet.connectors.watched_folder import StatementFolderConnector
    from guichet.core.model.payment_models import ImportState, ItemState, OpenItem, StatementImport

    day = dt.date(2026, 11, 5)
    doc = archived_invoice(company, direction="sales", number="FA-55", amount="90.00", issue=day, party="Omega")
    folder = tmp_path / "releves"
    folder.mkdir()
    (folder / "jour.xml").write_bytes(camt053(COMPANY_IBAN, [Entry(Decimal("90.00"), day, name="OMEGA",
                                                                   remittance="FA-55")]))
    (folder / "casse.txt").write_bytes(cfonb120([Entry(Decimal("1.00"), day)]).replace(b"\r\n0430004", b"\r\n0830004"))
    for path in folder.iterdir():
        _age(path)
    connector_runs.configure(rt, company, StatementFolderConnector(), {"path": str(folder)})
    (report,) = poll()
    assert len(report.statements) == 2 and report.received == []
    assert Document.select().count() == 1  # only the invoice made by the test
    states = {i.filename: (i.state, i.reason) for i in StatementImport.select()}
    assert states["jour.xml"] == (ImportState.IMPORTED, None)
    assert states["casse.txt"][0] == ImportState.REJECTED and "ligne 2" in states["casse.txt"][1]
    assert OpenItem.get(OpenItem.document == doc.id).state == ItemState.PAID
    assert sorted(p.name for p in folder.iterdir()) == ["traites"]
