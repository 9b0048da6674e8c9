"""Two-factor sign-in (TOTP): enrolment, sign-in, replay, recovery codes, the firm's requirement."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from guichet.core.access import two_factor
from guichet.core.model.account_models import RecoveryCode
from guichet.core.model.models import Event, User
from guichet.web.app import create_app

from support import PASSWORD


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


def password_step(client, email):
    return client.post("/login", data={"email": email, "password": PASSWORD})


def enrol(client) -> tuple[pyotp.TOTP, list[str]]:
    """Enrol the signed-in person as a phone would; returns their TOTP and recovery codes."""
    page = client.get("/compte/double-authentification").get_data(as_text=True)
    assert '<svg class="qr"' in page
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    totp = pyotp.TOTP(secret)
    assert client.post("/compte/double-authentification", data={"code": "000000"}).status_code == 400
    shown = client.post("/compte/double-authentification", data={"code": totp.now()})
    assert shown.status_code == 200
    codes = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", shown.get_data(as_text=True))
    assert len(codes) == 10
    return totp, codes


def next_code(totp: pyotp.TOTP) -> str:
    """The code of the next 30-second step (the current one was just used, and is never accepted twice)."""
    return totp.at(time.time() + 30)


def test_enrol_then_sign_in_with_a_code(app, settings, company, make_user):
    user = make_user("op@example.fr", firm_role="operator")
    client = app.test_client()
    password_step(client, "op@example.fr")
    totp, _codes = enrol(client)
    stored = User.get_by_id(user.id)
    assert stored.totp_enabled_at is not None
    assert totp.secret not in (stored.totp_secret or "")  # kept encrypted with the instance key
    client.post("/logout")

    fresh = app.test_client()
    response = password_step(fresh, "op@example.fr")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/code")
    assert fresh.get("/dossiers/").status_code == 302  # the password alone opens nothing
    assert fresh.post("/login/code", data={"code": "123456"}).status_code == 401
    code = next_code(totp)
    assert fresh.post("/login/code", data={"code": code}).status_code == 302
    assert fresh.get("/dossiers/").status_code == 200
    login = Event.select().where(Event.kind == "user.login").order_by(Event.id.desc()).first()
    assert login.data["second_factor"] == "totp"

    # The same code, seen over a shoulder, does not open a second session.
    thief = app.test_client()
    password_step(thief, "op@example.fr")
    assert thief.post("/login/code", data={"code": code}).status_code == 401


def test_recovery_codes_work_once(app, company, make_user):
    make_user("op@example.fr", firm_role="operator")
    client = app.test_client()
    password_step(client, "op@example.fr")
    _totp, codes = enrol(client)
    assert RecoveryCode.select().count() == 10
    assert all(codes[0].replace("-", "") not in row.code_hash for row in RecoveryCode.select())
    first = app.test_client()
    password_step(first, "op@example.fr")
    assert first.post("/login/code", data={"code": codes[0].upper()}).status_code == 302
    again = app.test_client()
    password_step(again, "op@example.fr")
    assert again.post("/login/code", data={"code": codes[0]}).status_code == 401
    page = first.get("/compte/").get_data(as_text=True)
    assert "Codes de secours restants : <strong>9</strong>" in page


def test_guessing_codes_is_throttled(app, company, make_user):
    make_user("op@example.fr", firm_role="operator")
    client = app.test_client()
    password_step(client, "op@example.fr")
    enrol(client)
    attacker = app.test_client()  # knows the password
    password_step(attacker, "op@example.fr")
    statuses = [attacker.post("/login/code", data={"code": f"{n:06d}"}).status_code for n in range(6)]
    assert statuses[:3] == [401, 401, 401] and set(statuses[3:]) == {429}


def test_the_firm_can_require_it_of_its_staff(app, firm, company, make_user):
    make_user("admin@example.fr", firm_role="admin")
    make_user("op@example.fr", firm_role="operator")
    make_user("client@example.fr", companies={company: "read"})
    admin = app.test_client()
    password_step(admin, "admin@example.fr")
    admin.post("/admin/securite", data={"require_totp": "1"})
    assert Event.get(Event.kind == "firm.totp_required").data["required"] is True

    operator = app.test_client()
    password_step(operator, "op@example.fr")
    for url in ("/dossiers/", "/operateur/", "/compte/"):
        response = operator.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/compte/double-authentification")
    enrol(operator)
    assert operator.get("/operateur/").status_code == 200
    refused = operator.post("/compte/double-authentification/desactiver", data={"password": PASSWORD},
                            follow_redirects=True)
    assert "ne peut pas être désactivée" in refused.get_data(as_text=True)

    client = app.test_client()  # client users are not firm staff: not required
    password_step(client, "client@example.fr")
    assert client.get("/dossiers/").status_code == 200


def test_admin_resets_a_lost_phone(app, company, make_user):
    make_user("admin@example.fr", firm_role="admin")
    user = make_user("op@example.fr", firm_role="operator")
    client = app.test_client()
    password_step(client, "op@example.fr")
    enrol(client)
    admin = app.test_client()
    password_step(admin, "admin@example.fr")
    assert admin.post(f"/admin/utilisateurs/{user.id}/double-authentification").status_code == 302
    assert not two_factor.is_enabled(User.get_by_id(user.id))
    assert RecoveryCode.select().count() == 0
    fresh = app.test_client()
    response = password_step(fresh, "op@example.fr")
    assert response.status_code == 302 and not response.headers["Location"].endswith("/login/code")
    assert fresh.get("/dossiers/").status_code == 200


def test_disable_needs_the_password(app, company, make_user):
    make_user("op@example.fr", firm_role="operator")
    client = app.test_client()
    password_step(client, "op@example.fr")
    enrol(client)
    client.post("/compte/double-authentification/desactiver", data={"password": "mauvais"})
    assert two_factor.is_enabled(User.get(User.email == "op@example.fr"))
    client.post("/compte/double-authentification/desactiver", data={"password": PASSWORD})
    assert not two_factor.is_enabled(User.get(User.email == "op@example.fr"))
