"""Print batches: one PDF per batch for the mail house, each address in the envelope window (pdfplumber coordinates)."""

from __future__ import annotations

import io
import json
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from guichet.core.model.invoice import Address
from guichet.core.model.sales_models import Delivery, DeliveryState, PrintBatch
from guichet.core.model.stage_models import StageRun
from guichet.core.model.states import Progress
from guichet.core.ops import runtime
from guichet.core.pipeline import followups
from guichet.core.sales import printing
from guichet.core.settings import load_settings

from sales_samples import PDF, sales_invoice

MM = 72 / 25.4


@pytest.fixture
def rt(tmp_path):
    (tmp_path / "imprimeur").mkdir()
    settings = load_settings(tmp_path / "instance", queue={"backend": "memory"},
                             connectors={"allowed_roots": [str(tmp_path)]},
                             distribution={"print_folder": str(tmp_path / "imprimeur")})
    started = runtime.start(settings)
    with started.database.connection_context():
        yield started
    started.database.close()


@pytest.fixture
def company(rt):
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm

    return accounts.create_company(Firm.create(name="Cabinet"), "Société A", "552081317")


CUSTOMERS = [("Boulangerie Martin", "542107651", Address(line1="3 rue du Four", postcode="69001", city="Lyon", country="FR")),
             ("Garage Dupont", "732829320", Address(line1="ZA des Prés", line2="Bâtiment B", postcode="38000", city="Grenoble")),
             ("Hof Müller GmbH", None, Address(line1="Hauptstraße 5", postcode="10115", city="Berlin", country="DE"))]


def _paper(rt, company):
    documents = []
    for n, (name, siren, address) in enumerate(CUSTOMERS, start=1):
        document = sales_invoice(rt, company, number=f"FP-{n}", buyer=name, buyer_siren=siren, email=None,
                                 address=address)
        assert followups.run(rt, document.id, "distribute") == Progress.WAITING
        documents.append(document)
    return documents


@pytest.mark.parametrize("chunk", [100, 2])  # one intermediate file, or several joined (memory, see build)
def test_a_batch_opens_with_every_address_in_the_window(rt, company, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(printing, "CHUNK", chunk)
    documents = _paper(rt, company)
    delivery = Delivery.get(Delivery.document == documents[0].id)
    assert (delivery.channel, delivery.state) == ("print", DeliveryState.TO_SEND)
    assert "lot d'impression" in delivery.reason
    [batch] = printing.close_batches(rt)
    assert batch.state == "dropped", batch.reason
    stem = f"lot-552081317-{batch.id:06d}"
    pdf = (tmp_path / "imprimeur" / f"{stem}.pdf").read_bytes()
    manifest = json.loads((tmp_path / "imprimeur" / f"{stem}.json").read_text())
    per_invoice = len(PdfReader(io.BytesIO(PDF.read_bytes())).pages)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3 * per_invoice == manifest["pages"] == batch.pages
    assert [i["first_page"] for i in manifest["items"]] == [1, 1 + per_invoice, 1 + 2 * per_invoice]
    assert [i["invoice"] for i in manifest["items"]] == ["FP-1", "FP-2", "FP-3"]
    window = printing.WINDOW
    left, right = window["left"] * MM, (window["left"] + window["width"]) * MM
    top, bottom = window["top"] * MM, (window["top"] + window["height"]) * MM
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for item in manifest["items"]:
            page = document.pages[item["first_page"] - 1]
            # The address is drawn in Helvetica on white over the window: the invoice's own words
            # under it stay in the text layer, so only the overlay's font is looked at.
            words = [w for w in page.extract_words(extra_attrs=["fontname"]) if w["fontname"] == "Helvetica"]
            for line in item["address"]:
                first_word = line.split()[0]
                hits = [w for w in words if w["text"] == first_word and left <= w["x0"] and w["x1"] <= right
                        and top <= w["top"] and w["bottom"] <= bottom]
                assert hits, f"{line!r} not inside the window on page {item['first_page']}"
    assert manifest["items"][1]["address"] == ["Garage Dupont", "ZA des Prés", "Bâtiment B", "38000 GRENOBLE"]
    assert manifest["items"][2]["address"][-1] == "DE"
    for document in documents:
        assert Delivery.get(Delivery.document == document.id).state == DeliveryState.SENT
        run = StageRun.get((StageRun.document == document.id) & (StageRun.stage == "distribute"))
        assert run.status == Progress.DONE
    assert printing.close_batches(rt) == []  # nothing left open


def test_an_incomplete_address_is_to_complete(rt, company):
    document = sales_invoice(rt, company, email=None, address=Address(city="Lyon"))
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    delivery = Delivery.get(Delivery.document == document.id)
    assert delivery.state == DeliveryState.TO_COMPLETE and "adresse postale" in delivery.reason


def test_a_drop_folder_outside_the_allowed_roots_leaves_the_batch_in_error(rt, company):
    _paper(rt, company)
    rt.settings.values["distribution"]["print_folder"] = "/etc"
    [batch] = printing.close_batches(rt)
    assert batch.state == "error" and batch.reason
    assert {d.state for d in Delivery.select()} == {DeliveryState.TO_SEND}
    assert PrintBatch.select().where(PrintBatch.state == "open").count() == 0


@pytest.fixture
def mail_house(rt, tmp_path):
    """The mail house's SFTP server: Guichet's own SFTP intake server, run for a second company."""
    from guichet.connectors.sftp_accounts import SftpServerConnector
    from guichet.connectors.sftp_accounts.server import SftpIntakeServer
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm
    from guichet.core.ops import connector_runs
    from guichet.core.sales import sftp_drop

    printer = accounts.create_company(Firm.create(name="Imprimerie"), "Imprimerie Rhône", "542107651")
    server = SftpIntakeServer(rt, host="127.0.0.1", port=0, root=tmp_path / "sftp", host_key=tmp_path / "host_key",
                              stable_seconds=0)
    connector_runs.configure(rt, printer, SftpServerConnector(),
                             {"username": "lots", "public_keys": sftp_drop.public_key(rt.settings)})
    server.start()
    rt.settings.values["outbound"] = {"allowed_hosts": ["127.0.0.1"]}
    rt.settings.values["distribution"].update({
        "print_folder": "", "print_sftp_host": "127.0.0.1", "print_sftp_port": server.port, "print_sftp_user": "lots",
        "print_sftp_host_key": f"{server.host_key.get_name()} {server.host_key.get_base64()}"})
    yield printer
    server.stop()


def test_a_batch_is_dropped_on_the_mail_house_sftp_server(rt, company, mail_house, tmp_path):
    from guichet.core.model.models import Document

    documents = _paper(rt, company)
    [batch] = printing.close_batches(rt)
    assert batch.state == "dropped", batch.reason
    stem = f"lot-552081317-{batch.id:06d}"
    received = {d.filename: d for d in Document.select().where(Document.company == mail_house.id)}
    assert f"{stem}.pdf" in received
    assert not list((tmp_path / "imprimeur").iterdir())  # not in the folder
    assert {Delivery.get(Delivery.document == d.id).state for d in documents} == {DeliveryState.SENT}


def test_a_mail_house_with_another_key_gets_nothing_and_the_batch_says_why(rt, company, mail_house):
    from guichet.core.model.models import Document

    rt.settings.values["distribution"]["print_sftp_host_key"] = "SHA256:" + "A" * 43
    _paper(rt, company)
    [batch] = printing.close_batches(rt)
    assert batch.state == "error" and "n'est pas celle enregistrée" in batch.reason
    assert Document.select().where(Document.company == mail_house.id).count() == 0
    assert {d.state for d in Delivery.select()} == {DeliveryState.TO_SEND}


def test_a_paper_reminder_is_a_letter_in_the_next_batch_with_the_penalties(rt, company, tmp_path):
    import datetime as dt

    from guichet.core.model.sales_models import Reminder
    from guichet.core.sales import reminders

    name, siren, address = CUSTOMERS[0]
    document = sales_invoice(rt, company, number="FP-R", buyer=name, buyer_siren=siren, email=None, address=address,
                             issue=dt.date(2026, 10, 1), due=dt.date(2026, 10, 31))
    assert followups.run(rt, document.id, "distribute") == Progress.WAITING
    [first] = printing.close_batches(rt)
    assert reminders.send_due(rt, today=dt.date(2026, 11, 20)) == 1  # 20 days late: the J+15 step
    reminder = Reminder.get((Reminder.document == document.id) & (Reminder.state == "sent"))
    assert (reminder.channel, reminder.step) == ("print", 15) and reminder.indemnity == 40
    [second] = printing.close_batches(rt)
    assert second.id != first.id and second.state == "dropped", second.reason
    stem = f"lot-552081317-{second.id:06d}"
    manifest = json.loads((tmp_path / "imprimeur" / f"{stem}.json").read_text())
    assert (manifest["invoices"], manifest["reminders"]) == (0, 1)
    [item] = manifest["items"]
    assert (item["kind"], item["step"], item["invoice"], item["pages"]) == ("relance", 15, "FP-R", 1)
    with pdfplumber.open(tmp_path / "imprimeur" / f"{stem}.pdf") as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        assert "Relance : facture FP-R impayée" in text and "L441-10" in text
        assert re.search(r"40,00\s?€", text), text  # (a narrow no-break space before €, as pdfplumber reads it)
        window = printing.WINDOW
        words = [w for w in page.extract_words(extra_attrs=["fontname"]) if w["fontname"] == "Helvetica"]
        assert any(w["text"] == "Boulangerie" and window["left"] * MM <= w["x0"] and window["top"] * MM <= w["top"]
                   and w["bottom"] <= (window["top"] + window["height"]) * MM for w in words)
    assert Delivery.get(Delivery.document == document.id).state == DeliveryState.SENT  # the invoice's own delivery
    assert reminders.send_due(rt, today=dt.date(2026, 11, 21)) == 0  # once per step
