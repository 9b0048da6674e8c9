"""A stand-in supplier portal on loopback (Flask): login with CSRF token, optional 2FA, paged PDFs.

State lives on the app (``app.config``) so tests can add invoices, require a
code, count downloads or make the site fail with 503.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

import pytest
from flask import Flask, abort, redirect, request, session
from werkzeug.serving import make_server

PAGE_SIZE = 2


def create_portal() -> Flask:
    """The portal app: user ``client`` / ``motdepasse``; ``app.config['INVOICES']`` = [(id, date, bytes)]."""
    app = Flask("supplier_portal")
    app.secret_key = secrets.token_hex(16)
    app.config.update(INVOICES=[], TWO_FACTOR=None, FAIL=None, DOWNLOADS=[], LOGINS=0)

    def csrf() -> str:
        session.setdefault("csrf", secrets.token_hex(8))
        return session["csrf"]

    def check_csrf() -> None:
        if not request.form.get("csrf_token") or request.form["csrf_token"] != session.get("csrf"):
            abort(400, "CSRF token missing or wrong")

    @app.before_request
    def failing():
        if app.config["FAIL"]:
            abort(app.config["FAIL"])

    @app.get("/login")
    def login_form():
        return (f'<form method="post" action="/login"><input type="hidden" name="csrf_token" value="{csrf()}">'
                '<input name="username"><input type="password" name="password"><button>OK</button></form>')

    @app.post("/login")
    def login():
        check_csrf()
        app.config["LOGINS"] += 1
        if (request.form.get("username"), request.form.get("password")) != ("client", "motdepasse"):
            return redirect("/login?erreur=1")
        session["user"] = "client"
        if app.config["TWO_FACTOR"] and not request.cookies.get("trusted"):
            return redirect("/2fa")
        session["ok"] = True
        return redirect("/invoices")

    @app.get("/2fa")
    def code_form():
        return (f'<form method="post"><input type="hidden" name="csrf_token" value="{csrf()}">'
                '<input name="code"><button>Valider</button></form>')

    @app.post("/2fa")
    def code():
        check_csrf()
        if request.form.get("code") != app.config["TWO_FACTOR"]:
            return redirect("/2fa")
        session["ok"] = True
        response = redirect("/invoices")
        if request.form.get("remember"):
            response.set_cookie("trusted", "yes")
        return response

    @app.get("/invoices")
    def invoices():
        if not session.get("ok"):
            return redirect("/2fa" if session.get("user") else "/login")
        page = int(request.args.get("page", 1))
        rows = app.config["INVOICES"][(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        body = "".join(f'<tr data-invoice-id="{i}"><td class="date">{d}</td>'
                       f'<td><a href="/invoices/{i}.pdf" download>PDF</a></td></tr>' for i, d, _ in rows)
        more = len(app.config["INVOICES"]) > page * PAGE_SIZE
        nxt = f'<a rel="next" href="/invoices?page={page + 1}">Suivant</a>' if more else ""
        return f'<table id="invoices">{body}</table>{nxt}'

    @app.get("/invoices/<invoice_id>.pdf")
    def download(invoice_id: str):
        if not session.get("ok"):
            abort(403)
        for i, _d, data in app.config["INVOICES"]:
            if i == invoice_id:
                app.config["DOWNLOADS"].append(i)
                return data, 200, {"Content-Type": "application/pdf"}
        abort(404)

    return app


@dataclass
class Portal:
    """The running portal: its URL and its app (state in ``app.config``)."""

    url: str
    app: Flask


@pytest.fixture
def portal():
    """A fresh portal served by werkzeug on a free loopback port."""
    app = create_portal()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Portal(f"http://127.0.0.1:{server.server_port}/", app)
    server.shutdown()
