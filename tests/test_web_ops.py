"""``/healthz`` and ``/metrics`` over HTTP (Flask test client), without logging in."""

from __future__ import annotations

import pytest

from guichet.web.app import create_app


@pytest.fixture
def client(settings):
    """A test client of a fresh instance."""
    application = create_app(settings, config={"TESTING": True})
    with application.test_client() as test_client:
        yield test_client


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["checks"]["database"]["ok"] is True


def test_healthz_details_for_loopback_only(client):
    outside = client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert outside.status_code == 200
    assert outside.json == {"status": "ok"}
    inside = client.get("/healthz", environ_base={"REMOTE_ADDR": "::1"})
    assert "checks" in inside.json


def test_metrics_for_loopback_only(client):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert 'guichet_documents{state="received"} 0' in response.get_data(as_text=True)
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 403
