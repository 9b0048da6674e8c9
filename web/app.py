"""The Flask application factory, made of small ``_setup_*`` steps (fava style).

Nothing is created at import time: ``create_app`` starts the runtime (database,
plugins, queue) from the settings it is given.
"""

from __future__ import annotations

import contextlib
import secrets
import tempfile
from typing import IO, TYPE_CHECKING, Any

from flask import Flask, current_app, g, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask.wrappers import Request
from flask_login import LoginManager, current_user, login_required
from flask_wtf.csrf import CSRFProtect

from guichet.core.ops import runtime
from guichet.core.errors import PermissionDenied
from guichet.core.model import events
from guichet.core.model.models import User
from guichet.core.settings import Settings, load_settings
from guichet.core.model.states import SEVERITY_LABELS, STATE_LABELS, State

if TYPE_CHECKING:
    import pluggy

    from guichet.core.ops.runtime import Runtime


def create_app(settings: Settings | None = None, *, pm: pluggy.PluginManager | None = None,
               config: dict[str, Any] | None = None) -> Flask:
    """Build the web app for the instance described by ``settings``.

    :param settings: Instance settings (default: read from files and environment).
    :param pm: A plugin manager to use instead of building one (tests).
    :param config: Extra Flask configuration (tests: ``{"TESTING": True}``).
    """
    settings = settings or load_settings()
    rt = runtime.start(settings, pm=pm)
    app = Flask(__name__)
    app.request_class = SpoolingRequest
    app.json = DepthLimitedJSON(app)
    app.config["GUICHET_RUNTIME"] = rt
    _setup_config(app, rt, config or {})
    _setup_proxy(app, rt)
    _setup_headers(app)
    _setup_db(app, rt)
    _setup_login(app)
    _setup_audit(app)
    _setup_csrf(app)
    _setup_blueprints(app, rt)
    _setup_errors(app)
    _setup_templates(app)
    return app


#: Bytes of one uploaded file kept in memory before it is spooled to disk.
SPOOL_MEMORY = 512 * 1024
#: Deepest JSON accepted (arrays and objects); deeper bodies are a clear HTTP 400.
MAX_JSON_DEPTH = 64


class SpoolingRequest(Request):
    """Uploaded files go to ``<data dir>/tmp`` past :data:`SPOOL_MEMORY`: never held whole in memory.

    The intake then copies them in chunks into the blob store (``intake.receive``
    with a file object), so a 200 MB upload costs a few megabytes of memory.
    """

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None) -> IO[bytes]:
        folder = current_app.config["GUICHET_SPOOL_DIR"]
        return tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY, mode="w+b", dir=folder)


def json_depth(value: Any) -> int:
    """How deeply ``value`` nests lists and dicts (0 for a scalar), counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


class DepthLimitedJSON(DefaultJSONProvider):
    """Flask's JSON, refusing (``ValueError``) bodies nested deeper than :data:`MAX_JSON_DEPTH`.

    A body nested 1000 deep made the parser raise ``RecursionError``: HTTP 500.
    ``request.get_json`` now answers 400 (or None with ``silent=True``).
    """

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse ``s``; a ``ValueError`` with a French reason when it nests too deeply."""
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            value = None
            too_deep = True
        else:
            too_deep = json_depth(value) > MAX_JSON_DEPTH
        if too_deep:
            msg = f"JSON trop imbriqué (plus de {MAX_JSON_DEPTH} niveaux)"
            raise ValueError(msg)
        return value


def current_runtime() -> Runtime:
    """The runtime of the app serving the current request."""
    from flask import current_app

    return current_app.config["GUICHET_RUNTIME"]


def _secret_key(rt: Runtime) -> str:
    configured = rt.settings.get("web.secret_key")
    if configured:
        return configured
    key_file = rt.settings.data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _setup_config(app: Flask, rt: Runtime, config: dict[str, Any]) -> None:
    spool = rt.settings.data_dir / "tmp"
    spool.mkdir(mode=0o700, parents=True, exist_ok=True)
    app.config.update(
        SECRET_KEY=_secret_key(rt),
        # Larger requests are refused (413, French message). Files above intake.max_file_mb are
        # accepted and kept, then rejected with a reason by the pipeline.
        MAX_CONTENT_LENGTH=max_request_bytes(rt),
        GUICHET_SPOOL_DIR=str(spool),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Served over https (directly or behind the TLS proxy): cookies never travel in clear.
        SESSION_COOKIE_SECURE=bool(rt.settings.get("web.https", False)),
        REMEMBER_COOKIE_SECURE=bool(rt.settings.get("web.https", False)),
        REMEMBER_COOKIE_HTTPONLY=True,
        PAGE_SIZE=int(rt.settings.get("web.page_size", 50)),
    )
    app.config.update(config)


#: Headers of every HTML page: scripts, styles and images from Guichet itself only, never framed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _setup_proxy(app: Flask, rt: Runtime) -> None:
    """Trust ``X-Forwarded-For/-Proto/-Host`` from ``web.proxies`` reverse proxies (nginx: 1), no more.

    The client's address (throttling, audit) and the https scheme then come from the
    proxy; with 0 (the default) these headers are ignored, so nobody can forge them.
    """
    proxies = int(rt.settings.get("web.proxies", 0) or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,  # type: ignore[method-assign]
                                x_port=proxies)


def _setup_headers(app: Flask) -> None:
    """Every response: no MIME sniffing, no framing; HTML pages: the content security policy."""

    @app.after_request
    def _secure_headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def max_request_bytes(rt: Runtime) -> int:
    """The largest request accepted (``web.max_request_mb``), in bytes."""
    return int(rt.settings.get("web.max_request_mb", 512)) * 1024 * 1024


def too_large_message() -> str:
    """The French answer to a request above ``web.max_request_mb``."""
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    return f"Envoi trop volumineux : {limit} Mo au plus par envoi."


def wants_json() -> bool:
    """True when the request comes from a script (the API, the upload and photo pages' fetch calls)."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _setup_db(app: Flask, rt: Runtime) -> None:
    @app.before_request
    def _open() -> None:
        g.db_ctx = rt.database.connection_context()
        g.db_ctx.__enter__()

    @app.teardown_request
    def _close(_exc: BaseException | None) -> None:
        ctx = g.pop("db_ctx", None)
        if ctx is not None:
            ctx.__exit__(None, None, None)


def _setup_login(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = "Connectez-vous pour accéder à cette page."
    manager.login_message_category = "info"

    @manager.user_loader
    def _load(session_id: str) -> User | None:
        # "<id>:<session version>" (User.get_id): a cookie from before a logout or a password
        # change carries an older version and is refused.
        user_id, _, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = User.get_or_none(User.id == int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user


def _setup_audit(app: Flask) -> None:
    """Events recorded during a request name its person and client address (core/model/events.py).

    ``request.remote_addr`` is the real client's address behind a proxy once ProxyFix,
    configured with the number of proxies in front, has rewritten it.
    """

    @app.before_request
    def _actor() -> None:
        user_id = current_user.id if current_user and current_user.is_authenticated else None
        g.event_actor = events.set_actor(user_id, request.remote_addr)

    @app.teardown_request
    def _forget_actor(_exc: BaseException | None) -> None:
        token = g.pop("event_actor", None)
        if token is not None:
            with contextlib.suppress(ValueError):  # set in another context: nothing to reset there
                events.reset_actor(token)


class _CSRFProtect(CSRFProtect):
    """Flask-WTF's CSRF token check, then the https same-origin check done here.

    Flask-WTF's own check (``WTF_CSRF_SSL_STRICT``) only knows ``https://<Host>/`` and answers
    in English; behind a firm's reverse proxy the public address may differ from the Host the
    appliance sees. A form posted over https must come from this host (port included: NAT on
    8443 works since nginx passes ``$http_host``) or from ``web.public_url``.
    """

    def protect(self, *args: Any, **kwargs: Any) -> None:
        super().protect(*args, **kwargs)
        if g.get("csrf_valid") and request.is_secure:  # checked (not exempt), over https
            source = request.headers.get("Origin") or request.referrer
            if not source:
                self._error_response("Requête refusée : le navigateur n'a indiqué ni Origin ni Referer.")
            if _origin(source) not in _allowed_origins():
                self._error_response("Requête refusée : elle ne vient pas de l'adresse de Guichet "
                                     f"({_origin(source)}). Vérifiez web.public_url.")


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _allowed_origins() -> set[str]:
    allowed = {f"https://{request.host}".lower()}
    public = current_runtime().settings.get("web.public_url") or ""
    if public:
        allowed.add(_origin(public))
    return allowed


def _setup_csrf(app: Flask) -> None:
    app.config["WTF_CSRF_SSL_STRICT"] = False  # done by _CSRFProtect, which also knows web.public_url
    _CSRFProtect(app)


def _setup_blueprints(app: Flask, rt: Runtime) -> None:
    from guichet.web.admin.views import bp as admin_bp
    from guichet.web.api.firm_views import bp as firm_api_bp
    from guichet.web.handover.views import bp as handover_bp
    from guichet.web.oidc import bp as oidc_bp
    from guichet.web.api.views import bp as api_bp
    from guichet.web.account import bp as account_bp
    from guichet.web.auth import bp as auth_bp
    from guichet.web.company.views import bp as company_bp
    from guichet.web.help_pages.views import bp as help_bp
    from guichet.web.mobile.views import bp as mobile_bp
    from guichet.web.operator.views import bp as operator_bp
    from guichet.web.ops import bp as ops_bp
    from guichet.web.payments.views import bp as payments_bp
    from guichet.web.sales.api import bp as sales_api_bp
    from guichet.web.sales.as2 import bp as as2_bp
    from guichet.web.sales.pay import bp as pay_bp
    from guichet.web.sales.views import bp as sales_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(oidc_bp, url_prefix="/connexion/oidc")  # firm staff sign-in with OpenID Connect
    app.register_blueprint(account_bp, url_prefix="/compte")
    app.register_blueprint(company_bp)
    app.register_blueprint(payments_bp)  # dashboard, batches, reconciliation (/dossiers/<id>/paiements/...)
    app.register_blueprint(handover_bp)  # firm settings of a dossier, exports, entries (/dossiers/<id>/cabinet)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(ops_bp)  # /healthz, /metrics (no login)
    app.register_blueprint(operator_bp, url_prefix="/operateur")  # coding and review queues (firm staff)
    app.register_blueprint(mobile_bp, url_prefix="/mobile")  # phone photos
    app.register_blueprint(help_bp, url_prefix="/aide")  # help pages per role, the "?" of each screen
    app.register_blueprint(api_bp, url_prefix="/api/v1")  # editors' REST API (bearer tokens, no session)
    app.register_blueprint(sales_bp)  # customer book and deliveries (/dossiers/<id>/clients/...)
    app.register_blueprint(sales_api_bp, url_prefix="/api/v1")  # /api/v1/customers (bearer tokens)
    app.register_blueprint(pay_bp)  # /payer/<token>: the public payment page of sales invoices (no login)
    app.register_blueprint(as2_bp)  # /as2/mdn: asynchronous AS2 receipts (signed MDNs, no login)
    app.register_blueprint(firm_api_bp, url_prefix="/api/v1/firm")  # the firm's pull API (firm tokens)
    for results in rt.pm.hook.register_blueprints():
        for plugin_id, blueprint in results or []:
            _protect(blueprint)
            app.register_blueprint(blueprint, url_prefix=f"/plugins/{plugin_id}")


def _protect(blueprint: Any) -> None:
    """Every view of a plugin blueprint requires a logged-in user (core's rule, not the plugin's)."""

    @blueprint.before_request
    @login_required
    def _require_login() -> None:
        return None


def _setup_errors(app: Flask) -> None:
    @app.errorhandler(PermissionDenied)
    def _denied(_exc: PermissionDenied) -> tuple[str, int]:
        return render_template("error.html", code=404, message="Page introuvable."), 404

    @app.errorhandler(404)
    def _not_found(_exc: Exception) -> tuple[str, int]:
        return render_template("error.html", code=404, message="Page introuvable."), 404

    @app.errorhandler(403)
    def _forbidden(_exc: Exception) -> tuple[str, int]:
        return render_template("error.html", code=403, message="Accès refusé."), 403

    @app.errorhandler(413)
    def _too_large(_exc: Exception) -> Any:
        message = too_large_message()
        if wants_json():
            return jsonify(error=message), 413
        return render_template("error.html", code=413, message=message), 413

    @app.errorhandler(400)
    def _bad_request(exc: Exception) -> tuple[str, int]:
        message = _bad_request_message(exc)
        if wants_json():
            return {"error": message}, 400  # type: ignore[return-value]
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(405)
    def _method(_exc: Exception) -> Any:
        message = "Cette adresse ne s'ouvre pas ainsi : revenez à la page précédente et utilisez ses boutons."
        if wants_json():
            return jsonify(error=message), 405
        return render_template("error.html", code=405, message=message), 405

    @app.errorhandler(500)
    def _internal(_exc: Exception) -> Any:  # the exception itself is logged by Flask before this runs
        message = ("Une erreur interne a interrompu cette page ; elle est journalisée. Réessayez dans un moment ; "
                   "si elle revient, « Signaler un problème » prévient l'administrateur du cabinet.")
        if wants_json():
            return jsonify(error=message), 500
        return render_template("error.html", code=500, message=message), 500


#: A form refused by the CSRF check (Flask-WTF says why in English): a page left open past the session,
#: or a form that does not come from Guichet.
CSRF_REFUSED = ("Ce formulaire n'a pas été accepté : la page était ouverte depuis trop longtemps, ou le formulaire "
                "ne vient pas de Guichet. Rechargez la page, puis recommencez.")


def _bad_request_message(exc: Exception) -> str:
    """The French sentence of a 400: ours as written; Flask-WTF's and Werkzeug's own English replaced."""
    from flask_wtf.csrf import CSRFError
    from werkzeug.exceptions import BadRequest

    from guichet.web.messages import looks_english

    message = getattr(exc, "description", None) or ""
    if isinstance(exc, CSRFError) and (message.startswith("The ") or looks_english(message)):
        return CSRF_REFUSED
    if not message or message == BadRequest.description or looks_english(message):
        return "Requête invalide."
    return message


def optional_url(endpoint: str, **values: Any) -> str | None:
    """``url_for`` for a page a plugin may not provide (its blueprint disabled): None then."""
    from flask import url_for
    from werkzeug.routing import BuildError

    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def _setup_templates(app: Flask) -> None:
    from guichet.core.access import access
    from guichet.web import formatting

    from guichet.web import findings, labels, messages

    # The French formats every page uses (docs/web-ui.md): one filter per kind of value.
    app.jinja_env.finalize = formatting.finalize  # None prints as nothing, never "None"
    app.jinja_env.filters["money"] = formatting.money
    app.jinja_env.filters["number"] = formatting.number
    app.jinja_env.filters["percent"] = formatting.percent
    app.jinja_env.filters["date_fr"] = formatting.date_fr
    app.jinja_env.filters["datetime_fr"] = formatting.datetime_fr
    app.jinja_env.filters["iso_local"] = formatting.iso_local
    app.jinja_env.filters["input_fr"] = formatting.input_fr
    app.jinja_env.filters["label"] = labels.label
    app.jinja_env.filters["french"] = messages.french
    app.jinja_env.filters["reason_fr"] = messages.reason_fr
    app.jinja_env.filters["translated"] = messages.is_translated
    app.jinja_env.filters["grouped"] = findings.grouped

    @app.context_processor
    def _globals() -> dict[str, Any]:
        user = current_user if current_user and current_user.is_authenticated else None
        return {
            "state_labels": {str(k): v for k, v in STATE_LABELS.items()},
            "severity_labels": SEVERITY_LABELS,
            "State": State,
            "is_firm_admin": bool(user) and access.is_firm_admin(user),
            "is_firm_staff": bool(user) and access.is_firm_staff(user),
            "hook_roles": labels.hook_roles,
            "optional_url": optional_url,
        }

