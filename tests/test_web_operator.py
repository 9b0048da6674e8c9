"""The operator space through Flask's test client: queue, claims, coding, review and rights."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from guichet.core.access import accounts
from guichet.core.pipeline import claims, decisions, intake, pipeline
from guichet.core.model.coding_models import CodingClaim, CodingTime
from guichet.core.model.models import Document, Event, Finding, Firm, Invoice, db
from guichet.core.model.states import Channel, State
from guichet.web.app import create_app

from support import PASSWORD

HETZNER = "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"


@pytest.fixture
def app(settings):
    """The app on the test instance, CSRF checks off."""
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = application.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        yield application


def login(client, email: str):
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def plain_pdf(path) -> bytes:
    """The pages of a corpus PDF without its embedded XML: a text-layer PDF to code."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(path).pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def to_code(app, company, data: bytes, name: str, channel: str = Channel.UPLOAD, *, run: bool = True) -> Document:
    """A document waiting in the coding queue: read by the pipeline, or moved there by hand (``run=False``)."""
    rt = app.config["GUICHET_RUNTIME"]
    document, _ = intake.receive(rt, company, data, name, channel=channel)
    if run:
        document = pipeline.run_to_rest(rt, document.id)
    else:
        with db.atomic():
            assert pipeline.transition(document, State.TO_EXTRACT)
    if document.state == State.TO_EXTRACT:
        with db.atomic():
            assert pipeline.transition(document, State.TO_CODE)
    assert document.state == State.TO_CODE, (document.state, document.reason)
    return Document.get_by_id(document.id)


@pytest.fixture
def hetzner(app, company, corpus):
    return to_code(app, company, (corpus / HETZNER).read_bytes(), HETZNER)


FORM = {
    "invoice_number": "R0005532486",
    "issue_date": "19/01/2016",
    "seller_name": "Hetzner Online GmbH",
    "seller_vat_id": "DE 812871812",
    "buyer_name": "Société A",
    "currency": "EUR",
    "total_without_tax": "10,00",
    "total_tax": "1,90",
    "total_with_tax": "11,90",
    "vat_rate": "19",
    "vat_base": "10,00",
    "vat_amount": "1,90",
}


def test_queue_lists_only_the_operators_firm(app, company, make_user, corpus, hetzner):
    other_firm = Firm.create(name="Autre cabinet")
    foreign = accounts.create_company(other_firm, "Étrangère SA", "732829320")
    foreign_doc = to_code(app, foreign, plain_pdf(corpus / "EN16931_Einfach.pdf"), "etrangere.pdf")
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    page = client.get("/operateur/").get_data(as_text=True)
    assert HETZNER in page
    assert "etrangere.pdf" not in page and "Étrangère SA" not in page
    assert 'id="count-waiting">1<' in page
    # The other firm's document is out of reach by its id too.
    assert client.get(f"/operateur/documents/{foreign_doc.id}/coder").status_code == 404
    assert client.get(f"/operateur/documents/{foreign_doc.id}/page.png").status_code == 404
    assert client.post(f"/operateur/documents/{foreign_doc.id}/prendre").status_code == 404
    assert CodingClaim.select().count() == 0


def test_queue_filters(app, company, other_company, make_user, corpus, hetzner):
    to_code(app, other_company, plain_pdf(corpus / "EN16931_Einfach.pdf"), "courriel.pdf", channel=Channel.EMAIL)
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    page = client.get(f"/operateur/?company={other_company.id}").get_data(as_text=True)
    assert "courriel.pdf" in page and HETZNER not in page
    page = client.get("/operateur/?channel=upload").get_data(as_text=True)
    assert HETZNER in page and "courriel.pdf" not in page
    page = client.get("/operateur/?age=1").get_data(as_text=True)  # both arrived just now
    assert HETZNER not in page and "courriel.pdf" not in page


def test_claim_is_exclusive_and_expires(app, company, make_user, hetzner):
    first = make_user("un@example.fr", firm_role="operator")
    second = make_user("deux@example.fr", firm_role="operator")
    assert claims.claim(hetzner, first)
    assert not claims.claim(hetzner, second)
    assert claims.claim(hetzner, first)  # renewing one's own claim
    assert CodingClaim.select().count() == 1
    # Through the web: the second operator is sent back to the queue, nothing is taken.
    client = login(app.test_client(), "deux@example.fr")
    response = client.get(f"/operateur/documents/{hetzner.id}/coder", follow_redirects=True)
    assert "Un autre opérateur code déjà ce document" in response.get_data(as_text=True)
    assert client.get("/operateur/suivant", follow_redirects=True).request.path == "/operateur/"
    assert CodingClaim.get().user_id == first.id
    # An expired claim may be taken over.
    CodingClaim.update(expires_at=dt.datetime(2000, 1, 1)).execute()
    response = client.get("/operateur/suivant")
    assert response.headers["Location"].endswith(f"/operateur/documents/{hetzner.id}/coder")
    assert CodingClaim.get().user_id == second.id


def test_coding_screen_and_page_image(app, company, make_user, hetzner):
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    page = client.get(f"/operateur/documents/{hetzner.id}/coder").get_data(as_text=True)
    assert 'id="coding-form"' in page and 'name="total_with_tax"' in page
    assert "Raccourcis clavier" in page
    assert "R0005532486" in page  # a word of the text layer, in the word boxes
    png = client.get(f"/operateur/documents/{hetzner.id}/page.png?page=1&width=600")
    assert png.status_code == 200 and png.mimetype == "image/png"
    from PIL import Image

    assert Image.open(io.BytesIO(png.data)).width == 600
    assert client.get(f"/operateur/documents/{hetzner.id}/page.png?page=99").status_code == 404


def test_page_image_of_a_photo(app, company, make_user, corpus):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument((corpus / HETZNER).read_bytes())
    image = pdf[0].render(scale=100 / 72).to_pil()
    out = io.BytesIO()
    image.save(out, format="JPEG")
    doc = to_code(app, company, out.getvalue(), "photo.jpg", run=False)
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    png = client.get(f"/operateur/documents/{doc.id}/page.png?width=400")
    assert png.status_code == 200
    from PIL import Image

    assert Image.open(io.BytesIO(png.data)).size[0] == 400


def test_broken_file_still_opens_for_coding(app, company, make_user):
    doc = to_code(app, company, b"%PDF-1.4 ceci n'est pas un PDF", "casse.pdf", run=False)
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    page = client.get(f"/operateur/documents/{doc.id}/coder")
    assert page.status_code == 200
    assert "Aperçu indisponible" in page.get_data(as_text=True)
    assert client.get(f"/operateur/documents/{doc.id}/page.png").status_code == 400


def test_validation_moves_the_document_and_opens_the_next(app, company, make_user, corpus, hetzner):
    second = to_code(app, company, plain_pdf(corpus / "EN16931_Einfach.pdf"), "einfach.pdf")
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    assert client.get("/operateur/suivant").headers["Location"].endswith(f"/documents/{hetzner.id}/coder")
    bad = client.post(f"/operateur/documents/{hetzner.id}/coder", data={**FORM, "total_with_tax": "onze"})
    assert bad.status_code == 422
    assert "Montant illisible" in bad.get_data(as_text=True)
    assert Document.get_by_id(hetzner.id).state == State.TO_CODE
    response = client.post(f"/operateur/documents/{hetzner.id}/coder", data=FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/operateur/suivant")
    doc = Document.get_by_id(hetzner.id)
    assert doc.state not in (State.TO_CODE, State.TO_EXTRACT, State.REJECTED), doc.reason
    row = Invoice.get(Invoice.document == doc)
    assert row.number == "R0005532486"
    assert str(row.total_with_tax) == "11.90"
    assert row.issue_date.isoformat() == "2016-01-19"
    assert str(row.amount_due) == "11.90"  # no prepaid amount: due = TTC
    assert Event.select().where((Event.document_id == doc.id) & (Event.kind == "document.coded")).count() == 1
    assert CodingTime.select().where(CodingTime.document_id == doc.id).count() == 1
    assert CodingClaim.select().where(CodingClaim.document == doc.id).count() == 0
    # The next document opens at once.
    nxt = client.get("/operateur/suivant")
    assert nxt.headers["Location"].endswith(f"/documents/{second.id}/coder")
    queue = client.get("/operateur/").get_data(as_text=True)
    assert 'id="count-today">1<' in queue


def test_reject_and_skip(app, company, make_user, corpus, hetzner):
    second = to_code(app, company, plain_pdf(corpus / "EN16931_Einfach.pdf"), "einfach.pdf")
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    client.get("/operateur/suivant")
    skipped = client.post(f"/operateur/documents/{hetzner.id}/passer", follow_redirects=False)
    assert skipped.headers["Location"].endswith("/operateur/suivant")
    assert client.get("/operateur/suivant").headers["Location"].endswith(f"/documents/{second.id}/coder")
    assert client.post(f"/operateur/documents/{second.id}/rejeter", data={"reason": " "}).status_code == 400
    client.post(f"/operateur/documents/{second.id}/rejeter", data={"reason": "Ce n'est pas une facture"})
    doc = Document.get_by_id(second.id)
    assert doc.state == State.REJECTED and doc.reason == "Ce n'est pas une facture"


def test_split_makes_one_document_per_group(app, company, make_user, corpus):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for name in ("EN16931_Einfach.pdf", "EN16931_Elektron.pdf"):
        for page in PdfReader(corpus / name).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    pages = len(PdfReader(io.BytesIO(out.getvalue())).pages)
    doc = to_code(app, company, out.getvalue(), "deux-factures.pdf", run=False)
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    client.get(f"/operateur/documents/{doc.id}/coder")
    assert client.post(f"/operateur/documents/{doc.id}/scinder", data={"groups": "1"}).status_code == 400
    groups = f"1, 2-{pages}" if pages > 2 else "1, 2"
    assert client.post(f"/operateur/documents/{doc.id}/scinder", data={"groups": groups}).status_code == 302
    assert Document.get_by_id(doc.id).state == State.SPLIT
    names = {d.filename for d in Document.select().where(Document.filename.startswith("deux-factures-partie"))}
    assert {"deux-factures-partie1.pdf", "deux-factures-partie2.pdf"} <= names
    assert "scindé en 2 documents" in Document.get_by_id(doc.id).reason


def _to_review(app, company, corpus) -> Document:
    doc = to_code(app, company, plain_pdf(corpus / "EN16931_Einfach.pdf"), "revue.pdf")
    with db.atomic():
        assert pipeline.transition(doc, State.EXTRACTED)
        assert pipeline.transition(doc, State.TO_REVIEW, reason="IBAN changé")
        Finding.create(document=doc, code="FRAUD-IBAN", severity="fatal",
                       message="IBAN différent de l'IBAN connu du fournisseur", field="BT-84")
    return doc


def test_review_override_with_reason_records_an_event(app, company, make_user, corpus):
    doc = _to_review(app, company, corpus)
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    listing = client.get("/operateur/revue").get_data(as_text=True)
    assert "FRAUD-IBAN" in listing
    page = client.get(f"/operateur/documents/{doc.id}/revue").get_data(as_text=True)
    # The finding stands beside the IBAN field.
    iban_block = page.split('data-field="iban"', 1)[1].split('data-field=', 1)[0]
    assert "FRAUD-IBAN" in iban_block
    assert client.post(f"/operateur/documents/{doc.id}/forcer", data={"reason": ""}).status_code == 400
    assert Document.get_by_id(doc.id).state == State.TO_REVIEW
    response = client.post(f"/operateur/documents/{doc.id}/forcer",
                           data={"reason": "IBAN confirmé par téléphone"})
    assert response.status_code == 302
    assert Document.get_by_id(doc.id).state != State.TO_REVIEW
    event = Event.get((Event.document_id == doc.id) & (Event.kind == decisions.OVERRIDE_EVENT))
    assert event.data["reason"] == "IBAN confirmé par téléphone"
    assert event.user_id is not None


def test_review_form_says_accepting_an_iban_change_confirms_the_iban(app, company, make_user, corpus):
    """The reason's example speaks of the IBAN only when accepting confirms one (FRAUD-IBAN-CHANGE)."""
    doc = _to_review(app, company, corpus)
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    page = client.get(f"/operateur/documents/{doc.id}/revue").get_data(as_text=True)
    assert 'id="iban-confirm-note"' not in page and "ex. anomalie vérifiée avec le fournisseur" in page
    Finding.update(code="FRAUD-IBAN-CHANGE").where(Finding.document == doc.id).execute()
    page = client.get(f"/operateur/documents/{doc.id}/revue").get_data(as_text=True)
    assert 'id="iban-confirm-note"' in page and "Accepter confirme l'IBAN de cette facture" in page
    assert "ex. IBAN confirmé par téléphone avec le fournisseur" in page


def test_override_requires_the_manage_right(app, company, make_user, corpus):
    doc = _to_review(app, company, corpus)
    make_user("gerant@example.fr", companies={company: "manage"})
    make_user("lecteur@example.fr", companies={company: "upload"})
    other_firm = Firm.create(name="Autre cabinet")
    accounts.create_user("ailleurs@example.fr", PASSWORD, firm=other_firm, firm_role="admin")
    for email, status in (("gerant@example.fr", 403), ("lecteur@example.fr", 403), ("ailleurs@example.fr", 404)):
        client = login(app.test_client(), email)
        response = client.post(f"/operateur/documents/{doc.id}/forcer", data={"reason": "je force"})
        assert response.status_code == status, email
    assert Document.get_by_id(doc.id).state == State.TO_REVIEW
    assert Event.select().where(Event.kind == decisions.OVERRIDE_EVENT).count() == 0


def test_client_user_is_refused_on_every_operator_url(app, company, make_user, hetzner):
    make_user("client@example.fr", companies={company: "manage"})
    client = login(app.test_client(), "client@example.fr")
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/operateur"):
            continue
        url = rule.rule.replace("<int:document_id>", str(hetzner.id))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method, data={**FORM, "reason": "x", "groups": "1, 2"})
            assert response.status_code in (403, 404), f"{method} {url} -> {response.status_code}"
            checked += 1
    assert checked >= 12
    assert Document.get_by_id(hetzner.id).state == State.TO_CODE
    assert CodingClaim.select().count() == 0
    body = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "/operateur/" not in body  # no link to the operator space


def test_send_back_to_coding_shows_the_findings_beside_the_fields(app, company, make_user, corpus):
    doc = _to_review(app, company, corpus)
    make_user("op@example.fr", firm_role="operator")
    client = login(app.test_client(), "op@example.fr")
    assert client.post(f"/operateur/documents/{doc.id}/recoder", data={"reason": "IBAN à relire"}).status_code == 302
    assert Document.get_by_id(doc.id).state == State.TO_CODE
    page = client.get(f"/operateur/documents/{doc.id}/coder").get_data(as_text=True)
    iban_block = page.split('data-field="iban"', 1)[1].split("data-field=", 1)[0]
    assert "FRAUD-IBAN" in iban_block
    assert 'value="471102"' in page  # the values read before stay in the form
    assert Event.select().where((Event.document_id == doc.id) & (Event.kind == "document.recode")).count() == 1
