"""Issue 11, finding 9: uploads streamed to disk, refused above the configured size.

The attack: a 200 MB upload took 640 MB of the server's memory (four at once: 1.6 GB),
because every upload path read the whole file. Now the request spools files to
``<data dir>/tmp`` and intake copies them in chunks into the blob store; each path is
checked with a spool file that refuses to be read whole. Above ``web.max_request_mb``
the answer is a French message, JSON on the API (``tests/bench_uploads.py`` measures
the memory of a real server receiving 200 MB).
"""

from __future__ import annotations

import hashlib
import io

import pytest
import requests
from intake_samples import invoice_pdf
from support import PASSWORD

from guichet.core.model.api_models import create_token
from guichet.core.model.models import Document
from guichet.core.pipeline import intake
from guichet.core.storage.blobs import CHUNK
from guichet.web import app as web_app
from guichet.web.app import create_app


class ChunksOnly:
    """A spool file that fails the test if anyone reads it whole (``read()`` or a huge ``read(n)``)."""

    reads: list[int] = []

    def __init__(self, inner):
        self._inner = inner

    def read(self, size=-1):
        assert 0 < size <= CHUNK, f"read({size}): the whole upload would be held in memory"
        ChunksOnly.reads.append(size)
        return self._inner.read(size)

    def __getattr__(self, name):
        return getattr(self._inner, name)


@pytest.fixture
def chunks_only(monkeypatch):
    """Every uploaded file of the web app is spooled into a :class:`ChunksOnly`."""
    real = web_app.SpoolingRequest._get_file_stream

    def spool(self, *args, **kwargs):
        return ChunksOnly(real(self, *args, **kwargs))

    monkeypatch.setattr(web_app.SpoolingRequest, "_get_file_stream", spool)
    ChunksOnly.reads = []
    return ChunksOnly


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


def _login(app, email):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def _big(size=3 * CHUNK + 123):
    return invoice_pdf() + bytes(size)


def test_intake_copies_a_stream_in_chunks(rt, company, chunks_only):
    data = _big()
    document, created = intake.receive(rt, company, ChunksOnly(io.BytesIO(data)), "gros.pdf", channel="upload")
    assert created and document.size == len(data) and document.sha256 == hashlib.sha256(data).hexdigest()
    assert rt.blobs.get(document.blob_key) == data
    assert len(chunks_only.reads) >= 4


def test_the_company_page_streams_the_upload(app, company, make_user, chunks_only):
    make_user("client@example.fr", companies={company: "upload"})
    client = _login(app, "client@example.fr")
    data = _big()
    response = client.post(f"/dossiers/{company.id}/upload", data={"files": (io.BytesIO(data), "gros.pdf")},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    (doc,) = Document.select()
    assert doc.size == len(data) and app.config["GUICHET_RUNTIME"].blobs.get(doc.blob_key) == data
    assert chunks_only.reads


def test_the_phone_page_streams_each_photo(app, company, make_user, chunks_only):
    make_user("client@example.fr", companies={company: "upload"})
    client = _login(app, "client@example.fr")
    photos = [(io.BytesIO(_big(3 * CHUNK)), "a.jpg"), (io.BytesIO(_big(3 * CHUNK + 1)), "b.jpg")]
    response = client.post(f"/mobile/dossiers/{company.id}/photos", data={"mode": "each", "photos": photos})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert Document.select().count() == 2 and chunks_only.reads


def test_the_api_streams_the_upload_and_keeps_idempotency(app, company, chunks_only):
    _row, token = create_token(company, "Logiciel", ["documents:write"])
    client = app.test_client()
    data = _big()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "k1"}
    first = client.post("/api/v1/documents", data={"file": (io.BytesIO(data), "gros.pdf")}, headers=headers)
    assert first.status_code == 201, first.get_data(as_text=True)
    again = client.post("/api/v1/documents", data={"file": (io.BytesIO(data), "gros.pdf")}, headers=headers)
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    other = client.post("/api/v1/documents", data={"file": (io.BytesIO(data + b"x"), "gros.pdf")}, headers=headers)
    assert other.status_code == 422  # same key, other content: found by the chunked hash
    assert Document.get().size == len(data)


@pytest.fixture
def small_limit(settings):
    """An instance that accepts requests of 1 MB at most."""
    settings.values["web"]["max_request_mb"] = 1
    return settings


def test_an_oversized_upload_is_refused_with_a_french_message_everywhere(small_limit, company, make_user):
    app = create_app(small_limit, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    too_big = bytes(2 * 1024 * 1024)
    with app.config["GUICHET_RUNTIME"].database.connection_context():
        make_user("client@example.fr", companies={company: "upload"})
        _row, token = create_token(company, "Logiciel", ["documents:write"])
        client = _login(app, "client@example.fr")
        # The API: JSON, never an HTML page.
        api = app.test_client().post("/api/v1/documents", data={"file": (io.BytesIO(too_big), "gros.pdf")},
                                     headers={"Authorization": f"Bearer {token}"})
        assert api.status_code == 413 and api.mimetype == "application/json"
        assert "trop volumineux" in api.get_json()["error"] and "1 Mo" in api.get_json()["error"]
        # The upload page's script and the phone page ask for JSON.
        for url, field in ((f"/dossiers/{company.id}/upload", "files"), (f"/mobile/dossiers/{company.id}/photos", "photos")):
            answer = client.post(url, data={field: (io.BytesIO(too_big), "gros.pdf")}, headers={"Accept": "application/json"})
            assert answer.status_code == 413 and "trop volumineux" in answer.get_json()["error"], url
        # A plain form gets the page with the same message.
        page = client.post(f"/dossiers/{company.id}/upload", data={"files": (io.BytesIO(too_big), "gros.pdf")})
        assert page.status_code == 413 and "Envoi trop volumineux : 1 Mo au plus" in page.get_data(as_text=True)
        assert Document.select().count() == 0


def test_an_oversized_json_body_is_refused_as_json(app, company):
    from guichet.web.api.views import MAX_JSON_BYTES

    _row, token = create_token(company, "Logiciel", ["documents:write"])
    body = b'{"number": "' + b"x" * MAX_JSON_BYTES + b'"}'
    answer = app.test_client().post("/api/v1/documents", data=body, content_type="application/json",
                                    headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 413 and "JSON trop volumineux" in answer.get_json()["error"]


def test_a_real_server_refuses_an_oversized_upload_as_json(small_limit, live_server, company):
    base, _app = live_server
    _row, token = create_token(company, "Logiciel", ["documents:write"])
    answer = requests.post(f"{base}/api/v1/documents", files={"file": ("gros.pdf", bytes(2 * 1024 * 1024))},
                           headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code == 413 and answer.headers["Content-Type"].startswith("application/json")
    assert "trop volumineux" in answer.json()["error"]
    # Chunked, without a length announced: refused the same way.
    chunks = (bytes(64 * 1024) for _ in range(40))
    answer = requests.post(f"{base}/api/v1/documents", data=chunks, timeout=30,
                           headers={"Authorization": f"Bearer {token}",
                                    "Content-Type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 413 and "trop volumineux" in answer.json()["error"]
