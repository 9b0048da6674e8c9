"""The hook contract: every spec documented, every hook tested, plugins load cleanly."""

from __future__ import annotations

import inspect
import re

import click
import pluggy
import pytest

from guichet.core import hookimpl, hookspecs
from guichet.core.pipeline import intake, pipeline
from guichet.core.model.findings import Problem
from guichet.core.plugins import make_plugin_manager
from guichet.core.pipeline.reading import read_file
from guichet.core.model.states import Channel, Format, Severity, State
from support import ROOT

SPECS = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
         if hasattr(fn, "guichet_spec")]


def test_there_are_hooks():
    assert {"detect_format", "parse_invoice", "check_invoice"} <= set(SPECS)


@pytest.mark.parametrize("name", SPECS)
def test_hookspecs_are_documented(name):
    spec = getattr(hookspecs, name)
    doc = " ".join((inspect.getdoc(spec) or "").split())
    assert doc, f"{name} has no docstring"
    for arg in inspect.signature(spec).parameters:
        assert f":param {arg}:" in doc, f"{name}: :param {arg}: missing"
    assert ":returns:" in doc, name
    assert "versionadded" in doc, name
    firstresult = spec.guichet_spec.get("firstresult", False)
    expected = "Stops at the first non-None result." if firstresult else "All "
    assert expected in doc, f"{name}: result mode not stated"


def test_every_hook_has_a_test():
    sources = "\n".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py"))
    missing = [name for name in SPECS if not re.search(rf"def test_hook_{name}\b", sources)]
    assert missing == []


def test_no_pending_hookimpls_with_all_plugins():
    pm = make_plugin_manager()
    pm.check_pending()
    assert pm.guichet_load_report.failed == {}


def test_a_broken_plugin_is_skipped_not_fatal():
    pm = make_plugin_manager(extra=["guichet_does_not_exist_plugin"])
    assert "guichet_does_not_exist_plugin" in pm.guichet_load_report.failed
    assert pm.get_plugin("detect_format") is not None


class Recorder:
    """A test plugin recording notifications."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    @hookimpl
    def document_received(self, document):
        self.calls.append(("received", document.id))

    @hookimpl
    def document_state_changed(self, document, old, new):
        self.calls.append(("changed", old, new))

    @hookimpl
    def check_invoice(self, invoice, company, xml):
        self.calls.append(("check", invoice.number, xml is not None))
        return [Problem("TEST-WARN", Severity.WARNING, "Remarque de test", "BT-1", "test")]


def test_hook_document_received(rt, company, corpus):
    recorder = Recorder()
    rt.pm.register(recorder)
    document, _ = intake.receive(rt, company, (corpus / "EN16931_Einfach.pdf").read_bytes(), "a.pdf",
                                 channel=Channel.UPLOAD)
    assert ("received", document.id) in recorder.calls


def test_hook_document_state_changed(rt, company, corpus):
    recorder = Recorder()
    rt.pm.register(recorder)
    document, _ = intake.receive(rt, company, (corpus / "EN16931_Einfach.pdf").read_bytes(), "a.pdf",
                                 channel=Channel.UPLOAD)
    pipeline.run_to_rest(rt, document.id)
    assert ("changed", "received", "extracted") in recorder.calls
    assert ("changed", "extracted", "checked") in recorder.calls


def test_hook_check_invoice(rt, company, corpus):
    from guichet.core.model.models import Finding

    recorder = Recorder()
    rt.pm.register(recorder)
    document, _ = intake.receive(rt, company, (corpus / "EN16931_Einfach.pdf").read_bytes(), "a.pdf",
                                 channel=Channel.UPLOAD)
    pipeline.run_to_rest(rt, document.id)
    assert ("check", "471102", True) in recorder.calls
    assert Finding.select().where((Finding.document == document) & (Finding.code == "TEST-WARN")).count() == 1


def test_hook_pipeline_failed(rt, company, corpus):
    class Crashing:
        @hookimpl(tryfirst=True)
        def parse_invoice(self, data, fmt):
            raise KeyError("bug in a plugin")

    seen = []

    class Listener:
        @hookimpl
        def pipeline_failed(self, document, stage, error):
            seen.append((document.id, stage, type(error).__name__))

    rt.pm.register(Crashing())
    rt.pm.register(Listener())
    document, _ = intake.receive(rt, company, (corpus / "EN16931_Einfach.pdf").read_bytes(), "a.pdf",
                                 channel=Channel.UPLOAD)
    final = pipeline.run_to_rest(rt, document.id)
    assert final.state == State.REJECTED
    assert "erreur interne" in final.reason
    assert seen == [(document.id, "read", "KeyError")]


def test_hook_detect_format(corpus):
    pm = make_plugin_manager()
    assert pm.hook.detect_format(data=(corpus / "EN16931_Einfach.pdf").read_bytes(), filename="x") == Format.FACTURX
    assert pm.hook.detect_format(data=b"\x89PNG\r\n\x1a\n....", filename="x") == Format.IMAGE
    assert pm.hook.detect_format(data=b"hello", filename="x.pdf") is None


def test_hook_extract_xml(corpus):
    pm = make_plugin_manager()
    embedded = pm.hook.extract_xml(data=(corpus / "EN16931_Einfach.pdf").read_bytes(), filename="x.pdf",
                                   fmt=str(Format.FACTURX))
    assert embedded.filename == "factur-x.xml"
    assert b"CrossIndustryInvoice" in embedded.data


def test_hook_parse_invoice(corpus):
    pm = make_plugin_manager()
    result = read_file(pm, (corpus / "zugferd_2p1_EN16931_Einfach.pdf").read_bytes(), "x.pdf")
    invoice = pm.hook.parse_invoice(data=result.xml, fmt="cii")
    assert invoice.number == "471102"
    assert str(invoice.totals.tax_inclusive) == "529.87"


def test_hook_register_commands():
    class Commands:
        @hookimpl
        def register_commands(self, cli):
            @cli.command(name="bonjour-test")
            def bonjour():
                click.echo("bonjour")

    pm = make_plugin_manager()
    pm.register(Commands())
    group = click.Group()
    pm.hook.register_commands(cli=group)
    assert "bonjour-test" in group.commands
    assert "run" in group.commands  # the web plugin adds it


def test_hook_register_connectors():
    from guichet.core.connectors import SettingField, load_connectors

    class Dummy:
        id = "dummy_test"
        label = "Connecteur de test"
        version = "1"
        directions = frozenset({"inbound"})
        settings_fields = (SettingField("host", "Serveur"),)

        def check(self, settings):
            return []

    class Incomplete:
        id = "incomplete"

    class Provider:
        @hookimpl
        def register_connectors(self):
            return [Dummy, Incomplete]

    pm = make_plugin_manager()
    pm.register(Provider())
    found = load_connectors(pm)
    assert "dummy_test" in found
    assert "incomplete" not in found


def test_hook_register_blueprints(settings, company, make_user):
    from flask import Blueprint

    from guichet.web.app import create_app

    bp = Blueprint("hello_test", __name__)

    @bp.route("/")
    def hello():
        return "bonjour plugin"

    class Provider:
        @hookimpl
        def register_blueprints(self):
            return [("hello", bp)]

    pm = make_plugin_manager()
    pm.register(Provider())
    app = create_app(settings, pm=pm, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    assert client.get("/plugins/hello/").status_code == 302  # core requires a login
    make_user("p@example.fr", companies={company: "read"})
    client.post("/login", data={"email": "p@example.fr", "password": "motdepasse-test"})
    assert client.get("/plugins/hello/").get_data(as_text=True) == "bonjour plugin"


def test_pluggy_marker_project():
    assert isinstance(hookspecs.hookimpl, pluggy.HookimplMarker)
