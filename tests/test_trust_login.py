"""Issue 11, finding 5 (login) and finding 10 (session cookie after logout), attacked and closed.

Finding 5: 20 wrong passwords went through in 1.4 s and then the right one logged in;
the answer time told which e-mails exist. Now: a growing delay and a temporary lock,
per account and per client address; the same work and answer for an unknown e-mail, a
wrong password or a deactivated account; failures in the firm admin's audit page.

Finding 10 (first item): a session cookie kept working after logout. Now the session
identifier carries a per-user version, bumped at logout and password change.
"""

from __future__ import annotations

import datetime as dt
import re

import argon2
import pytest

from guichet.core.access import accounts, throttle
from guichet.core.model.account_models import LoginThrottle
from guichet.core.model.models import Event, utcnow
from guichet.web.app import create_app

from support import PASSWORD


@pytest.fixture
def app(settings):
    """The app on the test instance (CSRF off: the attacks here are not about CSRF)."""
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


@pytest.fixture
def clock(monkeypatch):
    """A settable clock for the throttle (its delays and locks), starting now."""

    class Clock:
        now = utcnow()

        def advance(self, seconds: float) -> None:
            self.now += dt.timedelta(seconds=seconds)

    fake = Clock()
    monkeypatch.setattr(throttle, "utcnow", lambda: fake.now)
    return fake


def login(client, email: str, password: str = PASSWORD, address: str = "203.0.113.7"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def signed_in(client) -> bool:
    return client.get("/dossiers/").status_code == 200


@pytest.fixture
def hashes_checked(monkeypatch):
    """Counts every Argon2 verification (the expensive part of a sign-in)."""
    calls = []
    original = argon2.PasswordHasher.verify

    def counting(self, stored, password):
        calls.append(stored)
        return original(self, stored, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counting)
    return calls


def test_twenty_fast_wrong_passwords_no_longer_get_through(app, company, make_user, clock, hashes_checked):
    """The attack as found: 20 wrong passwords at once, then the right one."""
    make_user("cible@example.fr", companies={company: "read"})
    client = app.test_client()
    statuses = [login(client, "cible@example.fr", f"essai-{n}").status_code for n in range(20)]
    assert statuses[:3] == [401, 401, 401]  # account_free_failures = 3
    assert set(statuses[3:]) == {429}  # then each attempt must wait: refused unchecked
    assert len(hashes_checked) == 3
    response = login(client, "cible@example.fr")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert "réessayez dans 1 seconde" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_a_patient_attacker_is_slowed_then_locked(app, company, make_user, clock, hashes_checked):
    """Waiting for each delay buys only ``account_lock_after`` guesses, spread over minutes, then a lock."""
    make_user("cible@example.fr", companies={company: "read"})
    client = app.test_client()
    started = clock.now
    while True:
        response = login(client, "cible@example.fr", "mauvais")
        if response.status_code == 429 and "bloquée" in response.get_data(as_text=True):
            break
        if response.status_code == 429:
            clock.advance(int(response.headers["Retry-After"]))
        assert clock.now - started < dt.timedelta(hours=1)
    assert len(hashes_checked) == 10  # account_lock_after
    assert clock.now - started >= dt.timedelta(seconds=1 + 2 + 4 + 8 + 16 + 32 + 60)
    # Locked: even the right password is refused, unchecked, for lock_minutes.
    response = login(client, "cible@example.fr")
    assert response.status_code == 429
    assert "bloquée pendant 15 minutes" in response.get_data(as_text=True)
    assert len(hashes_checked) == 10
    assert not signed_in(client)
    assert Event.select().where(Event.kind == "user.login_locked").count() == 1
    clock.advance(15 * 60)
    assert login(client, "cible@example.fr").status_code == 302
    assert signed_in(client)
    # A success clears the account's counter.
    assert not LoginThrottle.select().where(LoginThrottle.scope == "account").exists()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_parallel_attempts_are_counted_before_the_password_is_checked(rt, settings):
    """Attempts racing from 8 threads: each is counted up front, in its own transaction, so only 3 go through."""
    from concurrent.futures import ThreadPoolExecutor

    def attempt(_n):
        with rt.database.connection_context():
            return throttle.begin_attempt(settings, "cible@example.fr", "203.0.113.7")

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, range(8)))
    assert sum(r is None for r in results) == 3  # account_free_failures
    assert all(r.scope == "account" and not r.locked for r in results if r is not None)
    assert LoginThrottle.get(LoginThrottle.scope == "account").failures == 3


def test_unknown_email_and_wrong_password_take_the_same_path(app, company, make_user, clock, hashes_checked):
    """Known or not, active or not: one hash verified, one event, the same status and page."""
    make_user("existe@example.fr", companies={company: "read"})
    gone = make_user("parti@example.fr", companies={company: "read"})
    accounts.set_active(gone, False)
    pages = {}
    for email, password in (("existe@example.fr", "mauvais"), ("inconnu@example.fr", "mauvais"),
                            ("parti@example.fr", PASSWORD)):
        before = len(hashes_checked)
        response = login(app.test_client(), email, password)
        assert response.status_code == 401
        assert len(hashes_checked) == before + 1, email  # the hash is always computed
        page = response.get_data(as_text=True).replace(email, "EMAIL")
        pages[email] = re.sub(r'(csrf[-_]token"? (?:content|value)=)"[^"]*"', r"\1", page)  # per session
    assert len(set(pages.values())) == 1
    failures = Event.select().where(Event.kind == "user.login_failed").order_by(Event.id)
    assert [e.data["reason"] for e in failures] == ["mot de passe incorrect", "compte inconnu", "compte désactivé"]
    # The delay and the lock are keyed by the e-mail typed: an unknown one behaves the same.
    for email in ("existe@example.fr", "inconnu@example.fr"):
        statuses = [login(app.test_client(), email, "mauvais").status_code for _ in range(3)]
        assert statuses == [401, 401, 429]


def test_one_address_spraying_many_accounts_is_stopped_but_not_its_neighbours(app, company, make_user, clock):
    """Per address: one password tried on many accounts. The office next door (another address) still signs in."""
    make_user("collegue@example.fr", companies={company: "read"})
    client = app.test_client()
    statuses = [login(client, f"victime{n}@example.fr", "Printemps2026").status_code for n in range(21)]
    assert statuses[:20] == [401] * 20  # address_free_failures = 20, one try per account
    assert statuses[20] == 429
    assert login(client, "collegue@example.fr").status_code == 429  # the same address waits
    assert login(app.test_client(), "collegue@example.fr", address="198.51.100.4").status_code == 302


def test_addresses_are_grouped_by_ipv6_network():
    assert throttle.address_key("2001:db8:1:2:aaaa::1") == throttle.address_key("2001:db8:1:2:bbbb::9")
    assert throttle.address_key("2001:db8:1:2::1") != throttle.address_key("2001:db8:1:3::1")
    assert throttle.address_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert throttle.address_key("203.0.113.7") == "203.0.113.7"


def test_failures_are_visible_to_the_firm_admin(app, company, make_user, clock):
    make_user("admin@example.fr", firm_role="admin")
    make_user("cible@example.fr", companies={company: "read"})
    for _ in range(3):
        login(app.test_client(), "cible@example.fr", "mauvais", address="192.0.2.66")
    login(app.test_client(), "personne@example.fr", "mauvais", address="192.0.2.66")
    admin = app.test_client()
    assert login(admin, "admin@example.fr", address="198.51.100.1").status_code == 302
    page = admin.get("/admin/journal?categorie=connexions").get_data(as_text=True)
    assert page.count("Échec de connexion") == 4
    assert "192.0.2.66" in page
    assert "personne@example.fr" in page and "compte inconnu" in page
    assert "mot de passe incorrect" in page
    assert "198.51.100.1" in page  # the admin's own sign-in, from its address
    clock.advance(1)
    client = app.test_client()
    assert login(client, "cible@example.fr").status_code == 302
    assert client.get("/admin/journal").status_code == 403  # not for a client user


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def test_a_cookie_copied_before_logout_no_longer_opens_the_session(app, company, make_user):
    """The attack as found: copy the session cookie, log out, replay the cookie."""
    make_user("a@example.fr", companies={company: "read"})
    client = app.test_client()
    assert login(client, "a@example.fr").status_code == 302
    stolen = _session_cookie(client)
    assert signed_in(_replay(app, stolen))  # the copy works while the session lives
    assert client.post("/logout").status_code == 302
    replayed = _replay(app, stolen)
    response = replayed.get("/dossiers/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert Event.select().where(Event.kind == "user.logout").count() == 1
    # Signing in again gives a new, working session.
    assert login(client, "a@example.fr").status_code == 302
    assert signed_in(client)


def test_a_password_change_ends_the_other_sessions(app, company, make_user):
    make_user("a@example.fr", companies={company: "read"})
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "a@example.fr")
    login(phone, "a@example.fr")
    stolen = _session_cookie(phone)
    response = laptop.post("/compte/mot-de-passe",
                           data={"current": PASSWORD, "new": "nouveau-secret-1", "confirm": "nouveau-secret-1"})
    assert response.status_code == 302
    assert signed_in(laptop)  # the session that changed it goes on
    assert not signed_in(phone)
    assert not signed_in(_replay(app, stolen))
    assert login(app.test_client(), "a@example.fr", "nouveau-secret-1").status_code == 302


def test_deactivation_ends_every_session_at_once(app, company, make_user):
    user = make_user("a@example.fr", companies={company: "read"})
    client = app.test_client()
    login(client, "a@example.fr")
    accounts.set_active(user, False)
    assert not signed_in(client)
    accounts.set_active(user, True)
    assert not signed_in(client)  # reactivation does not revive the old cookie
