"""``guichet network ...``: the command-line contract against the stand-in platform (exit codes, French errors)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from guichet.core.model.models import Document
from guichet.core.model.network_models import NetworkDocument, NetworkStatus
from guichet.core.ops.cli import cli
from network_samples import UC1_CII, archived_sales_invoice, example_companies
from standins.afnor_pa import PlatformStandIn


@pytest.fixture
def pa(settings):
    # The command line reads the instance's configuration file: loopback allowed, memory queue.
    (settings.data_dir / "guichet.toml").write_text(
        '[queue]\nbackend = "memory"\n[outbound]\nallowed_hosts = ["127.0.0.1"]\n', "utf-8")
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    with PlatformStandIn() as standin:
        yield standin


@pytest.fixture
def run(rt, settings):
    rt.pm.hook.register_commands(cli=cli)

    def invoke(*args):
        return CliRunner().invoke(cli, ["--data-dir", str(settings.data_dir), "network", *args],
                                  obj={"pm": rt.pm}, catch_exceptions=False)

    return invoke


@pytest.fixture
def companies(firm):
    return example_companies(firm)


def _configure(run, pa, siren):
    return run("configure", "--company", siren, "--url", pa.url, "--token-url", pa.token_url,
               "--client-id", "guichet", "--client-secret", "s3cret", "--directory-url", pa.directory_url)


def test_configure_checks_the_company_and_the_addresses(run, pa, companies, settings):
    result = _configure(run, pa, "200000008")
    assert result.exit_code == 0 and "plateforme configurée pour LE CLIENT" in result.output
    assert _configure(run, pa, "123456789").exit_code == 2
    refused = run("configure", "--company", "200000008", "--url", "http://169.254.169.254/flow-service",
                  "--token-url", pa.token_url, "--client-id", "a", "--client-secret", "b")
    assert refused.exit_code == 1 and "lien-local" in refused.output
    assert run("configure", "--company", "200000008", "--url", "ftp://pa.example/flow", "--token-url", pa.token_url,
               "--client-id", "a", "--client-secret", "b").exit_code == 1


def test_the_instance_administrator_may_open_a_platform_on_loopback_for_one_account(run, pa, companies, settings, rt):
    """A platform on the instance's own network (another implementation under test, a LAN): the command line
    opens its host for this account only, says so and logs it; nothing else may reach it."""
    from guichet.core.model.models import Event

    (settings.data_dir / "guichet.toml").write_text('[queue]\nbackend = "memory"\n', "utf-8")
    settings.values["outbound"]["allowed_hosts"] = []
    result = _configure(run, pa, "200000008")
    assert result.exit_code == 0 and "127.0.0.1 est une adresse interne" in result.output
    assert Event.select().where(Event.kind == "network.hosts_opened").count() == 1
    pa.deliver_invoice(UC1_CII.read_bytes())
    polled = run("poll", "--company", "200000008", "--json")
    assert polled.exit_code == 0 and len(json.loads(polled.output)[0]["invoices"]) == 1
    # An account configured otherwise (the admin pages) was not opened: its platform on loopback stays refused.
    from network_samples import configure

    configure(rt, companies[0], pa)
    refused = run("directory", "200000008", "--company", "100000009")
    assert refused.exit_code == 1 and "bouclage" in refused.output


def test_poll_answer_and_status(run, pa, companies):
    _configure(run, pa, "200000008")
    flow_id = pa.deliver_invoice(UC1_CII.read_bytes(), name="F202500003.xml")
    polled = run("poll", "--company", "200000008", "--json")
    assert polled.exit_code == 0, polled.output
    rows = json.loads(polled.output)
    document_id = rows[0]["invoices"][0]
    assert Document.get_by_id(document_id).channel == "réseau"
    pa.deliver_status(flow_id, "203")
    text = run("poll")
    assert text.exit_code == 0 and "statut 203 Mise à disposition" in text.output
    missing = run("answer", str(document_id), "207")
    assert missing.exit_code == 1 and "exige un motif" in missing.output
    answered = run("answer", str(document_id), "207", "--reason", "CALCUL_ERR", "--message", "Total faux")
    assert answered.exit_code == 0 and "statut 207 En litige envoyé" in answered.output
    shown = json.loads(run("status", str(document_id), "--json").output)
    assert shown[0]["last_code"] == "207" and [s["code"] for s in shown[0]["statuses"]] == ["203", "207"]
    assert shown[0]["statuses"][1]["delivery"] == "sent"
    listing = run("status", "--company", "200000008")
    assert f"document {document_id} [received]" in listing.output and "207 En litige (CALCUL_ERR)" in listing.output
    assert run("status", "999").exit_code == 2
    assert run("answer", "999", "204").exit_code == 2


def test_answer_while_the_platform_is_down_keeps_the_status(run, pa, companies):
    _configure(run, pa, "200000008")
    pa.deliver_invoice(UC1_CII.read_bytes())
    document_id = json.loads(run("poll", "--json").output)[0]["invoices"][0]
    pa.down = True
    result = run("answer", str(document_id), "204")
    assert result.exit_code == 3 and "prochaine relève" in result.output
    assert NetworkStatus.get().delivery == "pending"
    assert run("poll").exit_code == 3
    pa.down = False
    assert run("poll").exit_code == 0
    assert NetworkStatus.get().delivery == "sent"


def test_send_and_directory(run, pa, companies, rt):
    seller, _ = companies
    _configure(run, pa, "100000009")
    unknown = run("directory", "200000008")
    assert unknown.exit_code == 0 and "absent de l'annuaire" in unknown.output
    pa.add_line("200000008", name="LE CLIENT", identifier="200000008")
    found = json.loads(run("directory", "200000008", "--json").output)
    assert found[0]["siren"] == "200000008" and found[0]["active"] is True
    document = archived_sales_invoice(rt, seller, open_stage=False)
    sent = run("send", str(document.id))
    assert sent.exit_code == 0 and "déposée auprès de la plateforme" in sent.output
    assert NetworkDocument.get(NetworkDocument.document == document.id).flow_id
    pa.down = True
    other = archived_sales_invoice(rt, seller, path=UC1_CII.with_name("UC1_F202500003_00-INV_20250701_UBL.xml"),
                                   fmt="ubl", open_stage=False)
    assert run("send", str(other.id)).exit_code == 3
    assert run("send", "12345").exit_code == 2


def test_no_platform_is_a_usage_error(run, companies):
    result = run("directory", "200000008")
    assert result.exit_code == 2 and "aucune plateforme" in result.output


def test_ereporting_command(run, pa, companies, rt):
    seller, _ = companies
    _configure(run, pa, "100000009")
    document = archived_sales_invoice(rt, seller, open_stage=False)
    assert run("send", str(document.id)).output.count("e-reporting") == 1  # the buyer is not in the directory
    shown = run("ereporting", "--company", "100000009", "--period", "2025-07", "--kind", "transactions")
    assert shown.exit_code == 0, shown.output
    assert "2025-07-01 → 2025-07-10 transactions v1 (IN)" in shown.output and "non déposé" in shown.output
    submitted = json.loads(run("ereporting", "--company", "100000009", "--period", "2025-07", "--submit",
                               "--json").output)
    first = [row for row in submitted if row["start"] == "2025-07-01" and row["kind"] == "transactions"][0]
    assert first["flow_id"] in pa.flows and first["content"]["b2c"]
    assert run("ereporting", "--company", "100000009").exit_code == 2
