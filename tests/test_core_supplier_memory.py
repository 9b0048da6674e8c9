"""Supplier memory: validate one invoice, the next one from the supplier is read from memory."""

from __future__ import annotations

import pytest

from guichet.core.pipeline import intake, pipeline
from guichet.core.pipeline.decisions import validate_coding
from guichet.core.parsing.fields import invoice_fields
from guichet.core.plugins import make_plugin_manager
from guichet.core.pipeline.reading import read_file
from guichet.core.model.states import Channel, State
from guichet.core.model.text_models import DocumentText, SupplierTemplate

FIRST, SECOND = "Facture_UE_EN16931.pdf", "Facture_DOM_EN16931.pdf"
CHECKED = ("invoice_number", "issue_date", "seller_name", "seller_vat_id", "total_without_tax", "total_tax",
           "total_with_tax")


def truth(path):
    """The fields of the embedded XML (what the operator would code)."""
    return invoice_fields(read_file(make_plugin_manager(), path.read_bytes(), path.name).invoice)


def receive_as_paper(rt, company, path):
    """Intake of a corpus PDF with its XML ignored: straight to the extract stage."""
    document, _ = intake.receive(rt, company, path.read_bytes(), path.name, channel=Channel.UPLOAD)
    with rt.database.atomic():
        pipeline.transition(document, State.TO_EXTRACT, updates={"format": "pdf"})
    return pipeline.run_to_rest(rt, document.id)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_second_invoice_of_a_known_supplier_comes_from_memory(rt, company, corpus, make_user):
    operator = make_user("op@example.test", firm_role="operator")
    first = receive_as_paper(rt, company, corpus / FIRST)
    assert first.state == State.TO_CODE
    coded = truth(corpus / FIRST)
    validate_coding(rt, operator, first.id, coded, enqueue=False)
    keys = {(t.kind, t.value) for t in SupplierTemplate.select()}
    assert ("vat", "FR11999999998") in keys and ("siren", "999999998") in keys
    template = SupplierTemplate.get(SupplierTemplate.kind == "vat")
    assert template.data["fields"]["invoice_number"]["box"]
    assert template.invoices == 1

    second = receive_as_paper(rt, company, corpus / SECOND)
    text = DocumentText.get(DocumentText.document == second)
    assert text.supplier_key == "vat:FR11999999998"
    fields = text.proposal["fields"]
    expected = truth(corpus / SECOND)
    assert expected["invoice_number"] != coded["invoice_number"]
    for name in CHECKED:
        assert fields[name]["value"] == expected[name], name
        assert fields[name]["origin"] == "memory", name
        assert fields[name]["confidence"] >= 0.97, name


def test_no_memory_for_an_unknown_supplier(rt, company, corpus):
    document = receive_as_paper(rt, company, corpus / SECOND)
    text = DocumentText.get(DocumentText.document == document)
    assert text.supplier_key is None
    assert all(f["origin"] == "rules" for f in text.proposal["fields"].values())
