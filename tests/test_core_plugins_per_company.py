"""A plugin can be turned off per company (issue 12, item 4): the firm decides per dossier.

``Company.settings["plugins"]["disabled"]`` names the plugins off for that company; the
core calls hooks for a company through :func:`guichet.core.plugins.hooks_for` and opens
no follow-up of a plugin that is off. The same plugin keeps working for the other company.
"""

from __future__ import annotations

import importlib

import pytest

from guichet.core.access import accounts
from guichet.core.model.models import Finding, Firm
from guichet.core.model.states import Channel
from guichet.core.ops import runtime
from guichet.core.pipeline import followups, intake, pipeline
from guichet.core.plugins import ESSENTIAL_PLUGINS, disabled_for, enabled_for, hooks_for, make_plugin_manager
from guichet.core.settings import load_settings, settings_for
from tests_helpers import company_plugin

READERS = ["guichet.plugins.detect_format", "guichet.plugins.facturx", "guichet.plugins.cii"]
PLUGIN = "tests_helpers.company_plugin"
SAMPLE = "Facture_DOM_EN16931.pdf"


@pytest.fixture
def plugin_rt(settings):
    """A runtime with the readers and the test plugin (no other control: invoices reach the archive)."""
    company_plugin.CALLS.clear()
    company_plugin.SEEN.clear()
    company_plugin.TOLD.clear()
    rt = runtime.start(settings, pm=make_plugin_manager(load_entrypoints=False, extra=[*READERS, PLUGIN]))
    with rt.database.connection_context():
        yield rt
    rt.database.close()


def _archived(rt, company, corpus):
    document, _ = intake.receive(rt, company, (corpus / SAMPLE).read_bytes(), SAMPLE, channel=Channel.CLI)
    return pipeline.run_to_rest(rt, document.id)


def _codes(document) -> set[str]:
    return {f.code for f in Finding.select().where(Finding.document == document.id)}


def test_a_plugin_off_for_one_company_is_silent_there_and_works_for_the_other(plugin_rt, corpus):
    firm = Firm.create(name="Cabinet")
    off = accounts.create_company(firm, "Société sans audit", "343434346")
    on = accounts.create_company(firm, "Société avec audit", "999999998")
    off.settings = {"plugins": {"disabled": [PLUGIN]}}
    off.save()

    quiet = _archived(plugin_rt, off, corpus)
    heard = _archived(plugin_rt, on, corpus)

    assert quiet.state == heard.state == "archived", (quiet.reason, heard.reason)
    assert "TEST-AUDIT" not in _codes(quiet)  # its control did not run for that company
    assert "TEST-AUDIT" in _codes(heard)  # and still runs for the other
    assert {row.stage for row in followups.runs_of(quiet.id)} == set()  # no follow-up opened
    assert {row.stage: row.status for row in followups.runs_of(heard.id)} == {"audit": "done"}
    assert company_plugin.CALLS == [heard.id]
    assert [company for company, _ in company_plugin.SEEN] == [on.id]
    assert set(company_plugin.TOLD) == {on.id}  # nor told of the other company's state changes


def test_essential_plugins_cannot_be_turned_off():
    class Company:
        settings = {"plugins": {"disabled": ["facturx", "controls_fraud", "core.checking"]}}

    assert disabled_for(Company()) == {"controls_fraud"}
    assert set(ESSENTIAL_PLUGINS) & disabled_for(Company()) == set()
    assert disabled_for(None) == frozenset()


def test_hooks_for_a_company_without_anything_off_is_the_plain_relay():
    pm = make_plugin_manager(load_entrypoints=False, extra=[PLUGIN])

    class Company:
        settings = {}

    assert hooks_for(pm, Company()) is pm.hook
    assert enabled_for(pm, PLUGIN, Company())


def test_settings_for_a_company_merge_its_values_over_the_instance(tmp_path):
    settings = load_settings(tmp_path)

    class Company:
        settings = {"settings": {"ocr": {"languages": "deu"}, "database": {"url": "sqlite:////etc/x.db"}}}

    merged = settings_for(settings, Company())
    assert merged.get("ocr.languages") == "deu"
    assert merged.get("database.url") == settings.get("database.url")  # a process section: never the company's
    assert merged.get("seal.pkcs12") == settings.get("seal.pkcs12")
    assert settings.get("ocr.languages") != "deu"  # the instance's settings are not changed
    assert settings_for(settings, None) is settings


def test_a_reader_off_for_a_company_does_not_read_its_files(plugin_rt):
    """The read stage asks the company's hooks too: with UBL reading off, a UBL file is not read there."""
    from controls_samples import french_invoice

    writer = make_plugin_manager(load_entrypoints=False, extra=["guichet.plugins.ubl_writer"])
    data = writer.hook.write_invoice(invoice=french_invoice(), syntax="ubl", profile=None)
    plugin_rt.pm.register(importlib.import_module("guichet.plugins.ubl"), name="ubl")
    firm = Firm.create(name="Cabinet")
    off = accounts.create_company(firm, "Société sans UBL", "343434346")
    off.settings = {"plugins": {"disabled": ["ubl"]}}
    off.save()
    on = accounts.create_company(firm, "Société avec UBL", "999999998")
    unread, _ = intake.receive(plugin_rt, off, data, "facture.xml", channel=Channel.CLI)
    read, _ = intake.receive(plugin_rt, on, data, "facture.xml", channel=Channel.CLI)
    unread = pipeline.run_to_rest(plugin_rt, unread.id)
    assert unread.state == "rejected" and "aucun lecteur" in unread.reason
    assert pipeline.run_to_rest(plugin_rt, read.id).state != "rejected"
