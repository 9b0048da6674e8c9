"""The phone photo page: camera capture, several photos into one PDF or one document per photo."""

from __future__ import annotations

import io

import pytest
from intake_samples import png_image
from support import PASSWORD

from guichet.core.model.models import Document, Event
from guichet.web.app import create_app
from guichet.web.mobile import bp as mobile_bp


@pytest.fixture
def app(settings):
    """The app with the mobile blueprint at /mobile (form CSRF off: the page sends the header)."""
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    if "mobile" not in application.blueprints:
        application.register_blueprint(mobile_bp, url_prefix="/mobile")
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


def _client(app, email):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def _photos(n):
    from PIL import Image

    out = []
    for i in range(n):
        buf = io.BytesIO()
        Image.new("RGB", (300 + i, 400), (255, 255 - 40 * i, 255)).save(buf, "JPEG")
        out.append((io.BytesIO(buf.getvalue()), f"photo{i}.jpg"))
    return out


def test_page_offers_the_camera(app, company, make_user):
    make_user("u@example.fr", companies={company: "upload"})
    page = _client(app, "u@example.fr").get(f"/mobile/dossiers/{company.id}/photos").get_data(as_text=True)
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    assert "une seule facture" in page


def test_several_photos_make_one_pdf_document(app, company, make_user):
    from pypdf import PdfReader

    make_user("u@example.fr", companies={company: "upload"})
    photos = _photos(3)
    sent = [photo.getvalue() for photo, _name in photos]
    response = _client(app, "u@example.fr").post(
        f"/mobile/dossiers/{company.id}/photos", data={"mode": "one", "photos": photos},
        content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    (doc,) = Document.select().where(Document.company == company)
    blobs = app.config["GUICHET_RUNTIME"].blobs
    assert len(PdfReader(io.BytesIO(blobs.get(doc.blob_key))).pages) == 3
    assert response.get_json()["documents"][0]["id"] == doc.id
    # the photos themselves are kept too, named by the document's intake event
    received = Event.get((Event.kind == "document.received") & (Event.document_id == doc.id))
    assert [blobs.get(key) for key in received.data["original_photos"]] == sent


def test_one_document_per_photo(app, company, make_user):
    make_user("u@example.fr", companies={company: "upload"})
    _client(app, "u@example.fr").post(f"/mobile/dossiers/{company.id}/photos",
                                      data={"mode": "each", "photos": _photos(2)}, content_type="multipart/form-data")
    assert sorted(d.filename for d in Document.select()) == ["photo0.jpg", "photo1.jpg"]


def test_an_unreadable_photo_keeps_every_original(app, company, make_user):
    make_user("u@example.fr", companies={company: "upload"})
    photos = [*_photos(1), (io.BytesIO(b"not an image"), "cassee.jpg")]
    _client(app, "u@example.fr").post(f"/mobile/dossiers/{company.id}/photos",
                                      data={"mode": "one", "photos": photos}, content_type="multipart/form-data")
    docs = {d.filename: d for d in Document.select()}
    assert set(docs) == {"photo0.jpg", "cassee.jpg"}
    assert docs["cassee.jpg"].state == "rejected" and docs["cassee.jpg"].reason


@pytest.mark.parametrize("mode", ["one", "each"])
def test_a_huge_photo_is_kept_and_refused_with_a_reason(app, company, make_user, mode):
    from intake_samples import bomb_png

    # GIVEN a 30000 × 30000 PNG (900 Mpx in 150 KB) among the photos: it used to answer HTTP 500 and be lost
    make_user("u@example.fr", companies={company: "upload"})
    bomb = bomb_png(30000, 30000, mode="1")
    photos = [*_photos(1), (io.BytesIO(bomb), "immense.png")]
    response = _client(app, "u@example.fr").post(f"/mobile/dossiers/{company.id}/photos",
                                                 data={"mode": mode, "photos": photos},
                                                 content_type="multipart/form-data")
    # THEN the answer says which photo is refused and why; every original is kept
    assert response.status_code == 200, response.get_data(as_text=True)
    answers = {d["filename"]: d for d in response.get_json()["documents"]}
    assert answers["immense.png"]["state"] == "rejected"
    assert answers["immense.png"]["reason"].startswith("image trop grande (900 Mpx), au plus 100 Mpx")
    rt = app.config["GUICHET_RUNTIME"]
    kept = {d.filename: rt.blobs.get(d.blob_key) for d in Document.select()}
    assert kept["immense.png"] == bomb and set(kept) == {"photo0.jpg", "immense.png"}
    assert answers["photo0.jpg"]["state"] != "rejected"


def test_readers_cannot_send_photos(app, company, other_company, make_user):
    make_user("r@example.fr", companies={company: "read"})
    client = _client(app, "r@example.fr")
    assert client.post(f"/mobile/dossiers/{company.id}/photos", data={"photos": _photos(1)},
                       content_type="multipart/form-data").status_code in (403, 404)
    assert client.get(f"/mobile/dossiers/{other_company.id}/photos").status_code in (403, 404)
    assert Document.select().count() == 0
    assert png_image()  # the shared sample still builds


@pytest.mark.browser
def test_phone_page_in_a_browser_sends_photos_with_progress(browser, live_server, company, make_user, tmp_path):
    base, application = live_server
    if "mobile" not in application.blueprints:
        application.register_blueprint(mobile_bp, url_prefix="/mobile")  # before any request
    make_user("tel@example.fr", companies={company: "upload"})
    files = []
    for data, name in _photos(2):
        path = tmp_path / name
        path.write_bytes(data.getvalue())
        files.append(str(path))
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "tel@example.fr")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto(f"{base}/mobile/dossiers/{company.id}/photos")
        page.set_input_files("#photo-input", files)
        page.wait_for_selector("#photo-list li:nth-child(2) img")
        assert page.inner_text("#send") == "Envoyer 2 photo(s)"
        page.click("#send")
        page.wait_for_selector("#results li a", timeout=30000)
        assert page.eval_on_selector("#send-progress", "e => e.value") == 100
        assert "photos-" in page.inner_text("#results")
    finally:
        page.close()
    assert Document.select().where(Document.company == company).count() == 1
