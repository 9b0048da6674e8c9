"""Sign-in of the firm's staff with OpenID Connect: authorization code flow with PKCE (Authlib).

``/connexion/oidc/<id>`` sends the browser to the provider with a state, a nonce and an S256
code challenge kept in the session; ``/connexion/oidc/<id>/retour`` checks the state,
exchanges the code (with the verifier) at the token endpoint, checks the signed ID token
(signature against the provider's published keys, issuer, audience, nonce, expiry) and asks
:mod:`guichet.core.access.oidc_accounts` who that is. The ordinary logout (``/logout``) ends
the session here, then sends the browser to the provider's end-session endpoint (RP-initiated
logout) when the session was opened through it. Every request to the provider
goes through :func:`guichet.core.access.outbound.http_session` (the issuer is checked like any
outbound target: a loopback or LAN provider must be allowed by ``[outbound] allowed_hosts``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import login_user

from guichet.core.access import oidc_accounts, outbound
from guichet.core.errors import OutboundRefused
from guichet.core.model import events
from guichet.core.model.models import db
from guichet.core.model.oidc_models import OidcProvider

if TYPE_CHECKING:
    from guichet.core.settings import Settings

bp = Blueprint("oidc", __name__)
_FLOW = "oidc_flow"
_ID_TOKEN = "oidc_id_token"  # noqa: S105 - a session key, not a secret
FLOW_SECONDS = 600
#: Discovery documents and keys, per issuer, for this long (seconds).
CACHE_SECONDS = 300
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


class ProviderError(Exception):
    """The provider answered something unusable (French message)."""


def _settings() -> Settings:
    from guichet.web.app import current_runtime

    return current_runtime().settings


def _session(settings: Settings, provider: OidcProvider, *, secret: bool = False) -> Any:
    """An Authlib OAuth 2 session of ``provider``'s client whose connections go to outbound-checked addresses only."""
    from authlib.integrations.requests_client import OAuth2Session

    guarded = outbound.http_session(settings)
    oauth = OAuth2Session(client_id=provider.client_id,
                          client_secret=(oidc_accounts.client_secret(settings, provider) or None) if secret else None,
                          scope=provider.scopes, code_challenge_method="S256",
                          redirect_uri=url_for("oidc.callback", provider_id=provider.id, _external=True))
    oauth.trust_env = False
    oauth.adapters = guarded.adapters
    return oauth


def _get_json(settings: Settings, url: str) -> dict[str, Any]:
    cached = _cache.get(url)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    try:
        outbound.check_url(settings, url)
        response = outbound.http_session(settings).get(url, timeout=15)
        response.raise_for_status()
        data = response.json()
    except OutboundRefused as exc:
        raise ProviderError(str(exc)) from exc
    except (OSError, ValueError) as exc:
        msg = f"fournisseur d'identité injoignable ou réponse illisible ({url})"
        raise ProviderError(msg) from exc
    _cache[url] = (time.monotonic(), data)
    return data


def discovery(settings: Settings, provider: OidcProvider) -> dict[str, Any]:
    """The provider's OpenID configuration (its issuer must be the configured one)."""
    doc = _get_json(settings, f"{provider.issuer}/.well-known/openid-configuration")
    if str(doc.get("issuer", "")).rstrip("/") != provider.issuer:
        msg = f"le fournisseur annonce l'émetteur {doc.get('issuer')} au lieu de {provider.issuer}"
        raise ProviderError(msg)
    return doc


def validate_id_token(settings: Settings, provider: OidcProvider, doc: dict[str, Any], id_token: str,
                      nonce: str) -> dict[str, Any]:
    """The claims of a signed ID token, after every check of OpenID Connect Core §3.1.3.7."""
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet

    keys = KeySet.import_key_set(_get_json(settings, doc["jwks_uri"]))
    algorithms = doc.get("id_token_signing_alg_values_supported") or ["RS256"]
    try:
        token = jwt.decode(id_token, keys, algorithms=[a for a in algorithms if a != "none"])
        jwt.JWTClaimsRegistry(
            leeway=60, iss={"essential": True, "value": provider.issuer}, aud={"essential": True, "value": provider.client_id},
            sub={"essential": True}, exp={"essential": True}, nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        msg = f"jeton d'identité refusé : {exc}"
        raise ProviderError(msg) from exc
    return dict(token.claims)


def _provider(provider_id: int) -> OidcProvider:
    provider = OidcProvider.get_or_none((OidcProvider.id == provider_id) & OidcProvider.active)
    if provider is None:
        abort(404)
    return provider


@bp.app_context_processor
def _providers() -> dict[str, Any]:
    return {"oidc_providers": oidc_accounts.providers_of}


@bp.get("/<int:provider_id>")
def start(provider_id: int) -> Any:
    """Send the browser to the provider (state, nonce, PKCE S256)."""
    from authlib.common.security import generate_token

    provider = _provider(provider_id)
    settings = _settings()
    try:
        doc = discovery(settings, provider)
    except ProviderError as exc:
        flash(f"Connexion avec {provider.label} impossible : {exc}", "error")
        return redirect(url_for("auth.login"))
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    session[_FLOW] = {"provider": provider.id, "state": state, "nonce": nonce, "verifier": verifier,
                      "at": time.time(), "next": request.args.get("next")}
    oauth = _session(settings, provider)
    url, _ = oauth.create_authorization_url(doc["authorization_endpoint"], state=state, nonce=nonce,
                                            code_verifier=verifier)
    return redirect(url)


@bp.get("/<int:provider_id>/retour")
def callback(provider_id: int) -> Any:
    """The provider's answer: check it, find the person, open the session."""
    provider = _provider(provider_id)
    settings = _settings()
    flow = session.pop(_FLOW, None)
    if (not isinstance(flow, dict) or flow.get("provider") != provider.id or time.time() - flow.get("at", 0) > FLOW_SECONDS
            or request.args.get("state") != flow.get("state")):
        flash("Réponse du fournisseur d'identité inattendue ou expirée : recommencez.", "error")
        return redirect(url_for("auth.login")), 302
    if request.args.get("error"):
        flash(f"{provider.label} a refusé la connexion ({request.args.get('error')}).", "error")
        return redirect(url_for("auth.login"))
    try:
        doc = discovery(settings, provider)
        oauth = _session(settings, provider, secret=True)
        token = oauth.fetch_token(doc["token_endpoint"], code=request.args.get("code", ""),
                                  code_verifier=flow["verifier"], timeout=15)
        if not token.get("id_token"):
            msg = "pas de jeton d'identité dans la réponse"
            raise ProviderError(msg)
        claims = validate_id_token(settings, provider, doc, token["id_token"], flow["nonce"])
    except (ProviderError, OSError, ValueError) as exc:
        with db.atomic():
            events.record("oidc.refused", data={"provider": provider.id, "reason": str(exc)[:300]})
        flash(f"Connexion avec {provider.label} refusée : {exc}", "error")
        return redirect(url_for("auth.login"))
    except Exception as exc:  # Authlib's OAuth errors (invalid_grant...): refused, never a 500
        if type(exc).__module__.startswith("authlib"):
            flash(f"Connexion avec {provider.label} refusée : {exc}", "error")
            return redirect(url_for("auth.login"))
        raise
    outcome = oidc_accounts.resolve(provider, claims)
    if outcome.user is None:
        flash(outcome.message, "info" if outcome.created else "error")
        return redirect(url_for("auth.login"))
    login_user(outcome.user)
    session[_ID_TOKEN] = {"provider": provider.id, "token": token["id_token"]}
    from guichet.web.auth import _safe_next

    return redirect(_safe_next(flow.get("next")) or url_for("company.home"))


def end_session_url(kept: Any) -> str | None:
    """Where to send the browser after the local logout: the provider's end-session endpoint
    (RP-initiated logout, with the ID token as hint), when the session was opened through it."""
    provider = OidcProvider.get_or_none(OidcProvider.id == kept.get("provider")) if isinstance(kept, dict) else None
    if provider is None:
        return None
    try:
        end = discovery(_settings(), provider).get("end_session_endpoint")
    except ProviderError:
        return None
    if not end:
        return None
    query = urlencode({"id_token_hint": kept["token"], "client_id": provider.client_id,
                       "post_logout_redirect_uri": url_for("auth.login", _external=True)})
    return f"{end}?{query}"


_END = "oidc_end_session"


@bp.get("/fin")
def leave() -> Any:
    """After the local logout: on to the provider's end-session page.

    A plain page (refresh and link) rather than a redirect of the logout POST: the pages'
    ``form-action 'self'`` policy rightly forbids a form to end on another site.
    """
    target = session.pop(_END, None)
    if not target:
        return redirect(url_for("auth.login"))
    return render_template("auth/oidc_leave.html", target=target)


def after_logout(kept: Any) -> str | None:
    """The local page that sends the browser on to the provider's logout, or None."""
    target = end_session_url(kept)
    if target is None:
        return None
    session[_END] = target
    return url_for("oidc.leave")


def pop_id_token() -> Any:
    """Take the ID token kept at sign-in out of the session (the logout calls it first)."""
    return session.pop(_ID_TOKEN, None)


@bp.route("/reglages", methods=["GET", "POST"])
def settings_page() -> Any:
    """The firm admin's page of the identity providers (create or change one)."""
    from flask_login import current_user

    from guichet.core.access import access
    from guichet.core.model.models import Firm

    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.path))
    if not access.is_firm_admin(current_user):
        abort(403)
    firm = Firm.get_by_id(current_user.firm_id)
    if request.method == "POST":
        provider = None
        if request.form.get("provider_id", "").isdigit():
            provider = OidcProvider.get_or_none((OidcProvider.id == int(request.form["provider_id"]))
                                                & (OidcProvider.firm == firm))
            if provider is None:
                abort(404)
        role_map = {}
        for line in request.form.get("role_map", "").splitlines():
            value, _, role = line.strip().rpartition("=")
            if value:
                role_map[value.strip()] = role.strip()
        values = {key: request.form.get(key, "") for key in ("label", "issuer", "client_id", "client_secret", "scopes",
                                                             "role_claim")}
        values.update(role_map=role_map, create_accounts=bool(request.form.get("create_accounts")),
                      staff_passwords=not request.form.get("no_staff_passwords"),
                      active=bool(request.form.get("active", "1")))
        try:
            oidc_accounts.configure(_settings(), firm, values, user=current_user, provider=provider)
        except (ValueError, PermissionError) as exc:
            flash(f"Fournisseur refusé : {exc}", "error")
            return render_template("auth/oidc_settings.html", providers=_firm_providers(firm), form=request.form), 422
        flash("Fournisseur d'identité enregistré.", "info")
        return redirect(url_for("oidc.settings_page"))
    return render_template("auth/oidc_settings.html", providers=_firm_providers(firm), form={})


def _firm_providers(firm: Any) -> list[OidcProvider]:
    return list(OidcProvider.select().where(OidcProvider.firm == firm).order_by(OidcProvider.id))


def render_login_choices() -> str:
    """The provider buttons of the sign-in page (also usable by other templates)."""
    return render_template("auth/oidc_choices.html", providers=oidc_accounts.providers_of())
