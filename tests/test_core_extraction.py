"""The extract stage, the operator's validation and ``guichet extract`` on paper."""

from __future__ import annotations

import json

import click
from click.testing import CliRunner

from guichet.core.pipeline import intake, pipeline
from guichet.core.ops.cli import cli
from guichet.core.pipeline.decisions import validate_coding
from guichet.core.model.models import Document, Event, Invoice, Party
from guichet.core.model.states import Channel, State
from guichet.core.model.text_models import DocumentText

HETZNER = "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"


def test_pdf_without_xml_waits_for_an_operator_with_proposed_fields(rt, company, corpus):
    data = (corpus / HETZNER).read_bytes()
    document, _ = intake.receive(rt, company, data, "hetzner.pdf", channel=Channel.UPLOAD)
    final = pipeline.run_to_rest(rt, document.id)
    assert final.state == State.TO_CODE
    text = DocumentText.get(DocumentText.document == final)
    assert text.source == "text layer"
    assert text.pages["pages"][0]["words"][0]["box"]
    proposed = text.proposal["fields"]["invoice_number"]
    assert proposed["value"] == "R0005532486" and proposed["box"] and proposed["confidence"] > 0.5
    row = Invoice.get(Invoice.document == final)
    assert row.source == "text layer" and row.number == "R0005532486"
    assert row.confidence["total_with_tax"] > 0
    event = Event.select().where(Event.document_id == document.id).order_by(Event.id.desc()).first()
    assert event.data["stage"] == "extract" and event.data["to"] == "to_code"


def test_validate_coding_stores_the_invoice_and_moves_on(rt, company, corpus, make_user):
    operator = make_user("op@example.test", firm_role="operator")
    data = (corpus / HETZNER).read_bytes()
    document, _ = intake.receive(rt, company, data, "hetzner.pdf", channel=Channel.UPLOAD)
    document = pipeline.run_to_rest(rt, document.id)
    fields = {"invoice_number": "R0005532486", "issue_date": "2016-01-19", "currency": "EUR",
              "seller_name": "Hetzner Online GmbH", "seller_vat_id": "DE812871812",
              "total_without_tax": "87.39", "total_tax": "16.61", "total_with_tax": "104.00"}
    row = validate_coding(rt, operator, document.id, fields, enqueue=False)
    assert row.source == "coding"
    document = Document.get_by_id(document.id)
    assert document.state == State.EXTRACTED
    seller = Party.get((Party.invoice == row) & (Party.role == "seller"))
    assert seller.vat_id == "DE812871812"
    coded = Event.get((Event.document_id == document.id) & (Event.kind == "document.coded"))
    assert coded.user_id == operator.id and coded.data["to"] == "extracted"
    try:
        validate_coding(rt, operator, document.id, fields, enqueue=False)
    except ValueError as exc:
        assert "codage" in str(exc)
    else:
        raise AssertionError("a second validation must be refused")


def test_cli_extract_reads_a_pdf_without_xml(corpus):
    result = CliRunner().invoke(cli, ["extract", "--json", str(corpus / HETZNER)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["source"] == "text layer"
    assert record["invoice_number"] == "R0005532486"
    assert record["total_with_tax"] == "104.00"
    assert 0 < record["confidence"]["invoice_number"] <= 1
    assert record["confidence"]["seller_siren"] is None  # a field not read has no confidence
    # The addressee's block under the envelope's sender line, no buyer heading: read, with a low confidence.
    assert record["buyer_name"] == "Usegroup Inh. Jochen Stärk"
    assert record["confidence"]["buyer_name"] < 0.5


def test_cli_extract_refuses_a_broken_image(tmp_path):
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 broken jpeg")
    result = CliRunner().invoke(cli, ["extract", "--json", str(bad)])
    assert result.exit_code == 2
    assert "illisible" in result.output


def test_cli_extract_reads_paper_with_the_settings_of_the_command_s_instance(tmp_path, monkeypatch):
    # An instance whose [limits] refuse any image over 0.01 Mpx: `guichet extract` run for it (the
    # root context's --data-dir, not an environment variable) applies them, not the default instance's.
    from PIL import Image, ImageDraw

    from guichet.core.ops import cli as cli_module

    monkeypatch.delenv("GUICHET_DATA_DIR", raising=False)
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "guichet.toml").write_text("[limits]\nmax_image_megapixels = 0.01\n", encoding="utf-8")
    scan = tmp_path / "scan.png"
    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).text((10, 10), "Facture 12", fill=0)
    image.save(scan)

    def root_for(data_dir):
        @click.group()
        @click.pass_context
        def root(ctx: click.Context) -> None:
            ctx.obj = {"data_dir": data_dir}

        root.add_command(cli_module.extract)
        return root

    strict = CliRunner().invoke(root_for(str(instance)), ["extract", "--json", str(scan)])
    assert strict.exit_code == 2 and "image trop grande" in strict.output
    default = CliRunner().invoke(root_for(None), ["extract", "--json", str(scan)])
    assert default.exit_code == 0, default.output
    assert json.loads(default.output)["source"] == "ocr"
