"""Firm staff sign-in with OpenID Connect against a real provider on loopback (oidc-provider-mock):
code flow with PKCE, RS256-signed ID tokens checked against the published keys, linking by verified
e-mail, accounts waiting for approval, client accounts refused, local passwords turned off, logout."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from guichet.core.access import oidc_accounts
from guichet.core.model.models import User
from guichet.core.model.oidc_models import UserIdentity

from support import PASSWORD

#: The token requests the provider received (filled by the provider_server fixture).
TOKEN_REQUESTS: list = []
ALICE = {"email": "alice@cabinet.test", "email_verified": True, "groups": ["cabinet-admins"], "name": "Alice"}


@pytest.fixture(scope="module")
def provider_server():
    from oidc_provider_mock import User as MockUser

    users = [MockUser(sub="alice-sub", claims=ALICE),
             MockUser(sub="bob-sub", claims={"email": "bob@cabinet.test", "email_verified": True, "groups": ["staff"]}),
             MockUser(sub="carol-sub", claims={"email": "carol@client.test", "email_verified": True}),
             MockUser(sub="dave-sub", claims={"email": "dave@cabinet.test", "email_verified": False})]
    import threading

    import werkzeug.serving
    from oidc_provider_mock import app as provider_app

    seen = []
    wsgi = provider_app(user_claims=users)

    def recording(environ, start_response):
        """Keep the token requests: the test checks the PKCE verifier Guichet sends."""
        if environ.get("PATH_INFO") == "/oauth2/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            seen.append(parse_qs(body.decode()))
            import io

            environ["wsgi.input"] = io.BytesIO(body)
        return wsgi(environ, start_response)

    server = werkzeug.serving.make_server("localhost", 0, recording, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    TOKEN_REQUESTS[:] = []
    TOKEN_REQUESTS.append(seen)
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture
def allow_provider(settings):
    """The provider runs on loopback: the firm admin allows it explicitly (outbound rule)."""
    settings.values.setdefault("outbound", {})["allowed_hosts"] = ["localhost"]


@pytest.fixture
def provider(allow_provider, provider_server, rt, firm):
    return oidc_accounts.configure(rt.settings, firm, {
        "label": "Authentification ComptExpert", "issuer": provider_server, "client_id": "guichet",
        "client_secret": "s3cret", "role_claim": "groups", "role_map": {"cabinet-admins": "admin", "staff": "operator"},
    }, user=None)


def _sign_in(base, sub, *, session=None):
    """A browser without JavaScript: our start URL, the provider's form, back to us."""
    session = session or requests.Session()
    start = session.get(f"{base}/login")
    link = re.search(r'href="(/connexion/oidc/\d+[^"]*)"', start.text)
    assert link, start.text
    to_provider = session.get(urljoin(base, link.group(1).replace("&amp;", "&")), allow_redirects=False)
    assert to_provider.status_code == 302
    authorize = to_provider.headers["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["nonce"] and query["state"] and query["scope"] == ["openid email profile"]
    back = session.post(authorize, data={"sub": sub}, allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"].startswith(f"{base}/connexion/oidc/")
    landed = session.get(back.headers["Location"])
    # PKCE: the verifier sent with the code is the one whose S256 hash was the challenge.
    import base64
    import hashlib

    sent = TOKEN_REQUESTS[0][-1]
    verifier = sent["code_verifier"][0]
    assert base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode() \
        == query["code_challenge"][0]
    assert sent["grant_type"] == ["authorization_code"]
    return session, landed


def test_existing_staff_linked_by_verified_email(live_server, provider, make_user, company):
    base, _app = live_server
    make_user("alice@cabinet.test", firm_role="operator")
    _session, landed = _sign_in(base, "alice-sub")
    assert "/login" not in landed.url and "alice@cabinet.test" in html.unescape(landed.text)
    identity = UserIdentity.get()
    assert (identity.subject, identity.user.email) == ("alice-sub", "alice@cabinet.test")
    assert identity.user.firm_role == "operator"  # an existing account keeps its role
    # Second time: by the subject.
    _session2, again = _sign_in(base, "alice-sub")
    assert "alice@cabinet.test" in html.unescape(again.text) and UserIdentity.select().count() == 1


def test_newcomer_waits_for_the_admin_and_gets_the_mapped_role(live_server, provider, company):
    base, _app = live_server
    _session, landed = _sign_in(base, "bob-sub")
    assert "/login" in landed.url and "attend la validation" in html.unescape(landed.text)
    bob = User.get(User.email == "bob@cabinet.test")
    assert (bob.active, bob.firm_role) == (False, "operator")
    bob.active = True
    bob.save()
    _session, landed = _sign_in(base, "bob-sub")
    assert "bob@cabinet.test" in html.unescape(landed.text)


def test_client_account_and_unverified_email_are_refused(live_server, provider, make_user, company):
    base, _app = live_server
    make_user("carol@client.test", companies={company: "manage"})
    _session, landed = _sign_in(base, "carol-sub")
    assert "/login" in landed.url and "pas celui d'un collaborateur" in html.unescape(landed.text)
    make_user("dave@cabinet.test", firm_role="operator")
    _session, landed = _sign_in(base, "dave-sub")  # e-mail not verified by the provider: no link, no creation
    assert "/login" in landed.url and "aucun compte du cabinet" in html.unescape(landed.text)
    assert UserIdentity.select().count() == 0


def test_tampered_state_and_token_are_refused(live_server, provider, make_user, company):
    base, _app = live_server
    make_user("alice@cabinet.test", firm_role="operator")
    session = requests.Session()
    session.get(f"{base}/login")
    to_provider = session.get(f"{base}/connexion/oidc/{provider.id}", allow_redirects=False)
    back = session.post(to_provider.headers["Location"], data={"sub": "alice-sub"}, allow_redirects=False)
    forged = re.sub(r"state=[^&]+", "state=forged", back.headers["Location"])
    landed = session.get(forged)
    assert "/login" in landed.url and "inattendue" in html.unescape(landed.text)
    # A token signed by someone else is refused by the ID token check.
    from joserfc import jwt
    from joserfc.jwk import RSAKey

    from guichet.web import oidc

    with _app.app_context():
        doc = oidc.discovery(_app.config["GUICHET_RUNTIME"].settings, provider)
        key = RSAKey.generate_key(2048)
        forged_token = jwt.encode({"alg": "RS256"}, {"iss": provider.issuer, "aud": "guichet", "sub": "alice-sub",
                                                     "exp": 4102444800, "nonce": "n"}, key)
        with pytest.raises(oidc.ProviderError, match="refusé"):
            oidc.validate_id_token(_app.config["GUICHET_RUNTIME"].settings, provider, doc, forged_token, "n")


def test_local_passwords_off_for_staff_only(live_server, provider, make_user, company, rt, firm):
    base, _app = live_server
    make_user("alice@cabinet.test", firm_role="operator")
    make_user("carol@client.test", companies={company: "manage"})
    oidc_accounts.configure(rt.settings, firm, {"label": provider.label, "issuer": provider.issuer, "client_id": "guichet",
                                                "staff_passwords": False}, user=None, provider=provider)
    staff = requests.Session()
    page = staff.get(f"{base}/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    refused = staff.post(f"{base}/login", data={"email": "alice@cabinet.test", "password": PASSWORD, "csrf_token": token})
    assert refused.status_code == 403 and "fournisseur d'identité" in html.unescape(refused.text)
    client = requests.Session()
    page = client.get(f"{base}/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    ok = client.post(f"{base}/login", data={"email": "carol@client.test", "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 200 and "carol@client.test" in ok.text


def test_only_the_firm_admin_configures_a_provider(rt, firm, make_user, provider_server):
    operator = make_user("op@cabinet.test", firm_role="operator")
    with pytest.raises(PermissionError):
        oidc_accounts.configure(rt.settings, firm, {"label": "X", "issuer": provider_server, "client_id": "c"}, user=operator)
    admin = make_user("admin@cabinet.test", firm_role="admin")
    with pytest.raises(ValueError, match="émetteur"):
        oidc_accounts.configure(rt.settings, firm, {"label": "X", "issuer": "ftp://x", "client_id": "c"}, user=admin)
    made = oidc_accounts.configure(rt.settings, firm, {"label": "X", "issuer": provider_server, "client_id": "c",
                                                       "client_secret": "clair"}, user=admin)
    assert "clair" not in made.client_secret and oidc_accounts.client_secret(rt.settings, made) == "clair"


@pytest.mark.browser
def test_browser_sign_in_and_logout_end_to_end(browser, allow_provider, live_server, provider, make_user, company):
    base, _app = live_server
    make_user("alice@cabinet.test", firm_role="operator")
    page = browser.new_page()
    try:
        page.goto(f"{base}/login")
        page.click("text=Se connecter avec Authentification ComptExpert")
        page.wait_for_url(lambda url: "/oauth2/authorize" in url)
        page.click("button[value=alice-sub]")  # the provider's sign-in page
        page.wait_for_url(lambda url: url.startswith(base) and "/login" not in url and "/connexion/" not in url)
        assert page.locator("a.who").inner_text() == "alice@cabinet.test"
        page.click("text=Se déconnecter")
        page.wait_for_url(lambda url: "/oauth2/end_session" in url)
        assert "id_token_hint=" in page.url
        page.goto(f"{base}/")
        page.wait_for_url(lambda url: "/login" in url)
    finally:
        page.close()


def test_oidc_command(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "GUICHET_DATA_DIR": str(tmp_path / "instance"), "GUICHET_QUEUE_BACKEND": "memory",
           "OIDC_SECRET": "s3cret"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "guichet.core", *args], env=env, capture_output=True, text=True,
                              timeout=300, check=False)

    assert run("init").returncode == 0
    made = run("oidc", "set", "--label", "Authentification ComptExpert", "--issuer", "https://idp.example.org",
               "--client-id", "guichet", "--client-secret-env", "OIDC_SECRET", "--role-claim", "groups",
               "--role", "experts=admin", "--no-staff-passwords")
    assert made.returncode == 0, made.stderr
    assert "/connexion/oidc/1/retour" in made.stdout
    listed = run("oidc", "list").stdout
    assert "Authentification ComptExpert" in listed and "interdits" in listed and "s3cret" not in listed
    bad = run("oidc", "set", "--label", "X", "--issuer", "ftp://x", "--client-id", "c")
    assert bad.returncode != 0 and "émetteur" in bad.stderr


def test_admin_page_configures_a_provider(app_client_factory):
    client, admin_client, provider_server = app_client_factory
    assert client.get("/connexion/oidc/reglages").status_code == 403
    page = admin_client.post("/connexion/oidc/reglages", data={
        "label": "Authentification ComptExpert", "issuer": provider_server, "client_id": "guichet",
        "client_secret": "s3cret", "role_claim": "groups", "role_map": "experts=admin\nstaff=operator",
        "create_accounts": "1"})
    assert page.status_code == 302
    from guichet.core.model.oidc_models import OidcProvider

    made = OidcProvider.get()
    assert (made.role_map, made.staff_passwords) == ({"experts": "admin", "staff": "operator"}, True)
    listing = admin_client.get("/connexion/oidc/reglages").get_data(as_text=True)
    assert f"/connexion/oidc/{made.id}/retour" in listing and "s3cret" not in listing
    bad = admin_client.post("/connexion/oidc/reglages", data={"label": "X", "issuer": "ftp://x", "client_id": "c"})
    assert bad.status_code == 422


@pytest.fixture
def app_client_factory(settings, make_user, provider_server, allow_provider):
    from guichet.web.app import create_app

    app = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    rt = app.config["GUICHET_RUNTIME"]
    with rt.database.connection_context():
        make_user("op@cabinet.test", firm_role="operator")
        make_user("admin@cabinet.test", firm_role="admin")
        client, admin_client = app.test_client(), app.test_client()
        client.post("/login", data={"email": "op@cabinet.test", "password": PASSWORD})
        admin_client.post("/login", data={"email": "admin@cabinet.test", "password": PASSWORD})
        yield client, admin_client, provider_server
