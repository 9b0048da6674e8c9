"""core/ops/cli_instance.py: the runtime of a command and its company by SIREN, with the commands' errors."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from guichet.core.access import accounts
from guichet.core.model.models import Firm
from guichet.core.ops import cli_instance

from support import COMPANY_SIREN, OTHER_SIREN


def _exit_of(call, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stopped:
        call()
    return stopped.value.code, capsys.readouterr().err


def test_a_company_is_found_by_its_siren_typed_with_spaces(company):
    assert cli_instance.company_or_fail("552 081 317").id == company.id


def test_an_unknown_or_invalid_siren_fails_with_the_siren_as_typed_and_the_command_s_code(company, capsys):
    code, err = _exit_of(lambda: cli_instance.company_or_fail(OTHER_SIREN), capsys)
    assert (code, err) == (2, f"guichet: aucun dossier avec le SIREN {OTHER_SIREN}\n")
    code, err = _exit_of(lambda: cli_instance.company_or_fail("552081318", code=1), capsys)  # wrong key
    assert (code, err) == (1, "guichet: aucun dossier avec le SIREN 552081318\n")
    with pytest.raises(click.ClickException, match=f"^aucun dossier avec le SIREN {OTHER_SIREN}$"):
        cli_instance.company_or_fail(OTHER_SIREN, click_error=True)


def test_the_key_is_checked_when_the_command_says_so(capsys):
    assert cli_instance.valid_siren_or_fail(" 552081317 ") == COMPANY_SIREN
    code, err = _exit_of(lambda: cli_instance.valid_siren_or_fail("552081318"), capsys)
    assert (code, err) == (2, "guichet: SIREN invalide : 552081318\n")


def test_a_company_of_another_firm_is_not_found_within_the_firm(firm, company, capsys):
    elsewhere = accounts.create_company(Firm.create(name="Autre cabinet"), "Société C", "732829320")
    assert cli_instance.company_or_fail("732829320").id == elsewhere.id  # the instance's administrator
    assert cli_instance.company_or_fail(COMPANY_SIREN, firm=firm).id == company.id
    code, err = _exit_of(lambda: cli_instance.company_or_fail("732829320", firm=firm), capsys)
    assert (code, err) == (2, "guichet: aucun dossier avec le SIREN 732829320\n")


def test_a_company_look_up_never_migrates_the_instance_and_refuses_an_old_schema(rt, company, capsys):
    """``guichet convert --buyer-siren`` reads the instance: a schema behind this version is refused by name
    (« guichet migrate »), not migrated behind its services; a current one gives the dossier (of any firm)."""
    from guichet.core.model.models import SchemaVersion
    from guichet.core.plugins import make_plugin_manager

    last = max(row.version for row in SchemaVersion.select())
    SchemaVersion.delete().where(SchemaVersion.version == last).execute()
    code, err = _exit_of(lambda: cli_instance.known_company(COMPANY_SIREN, rt.settings, make_plugin_manager()), capsys)
    assert code == 2 and f"(migrations {last} non appliquées) : lancez « guichet migrate »" in err
    assert last not in {row.version for row in SchemaVersion.select()}  # left as it was
    SchemaVersion.create(version=last)
    assert cli_instance.known_company(COMPANY_SIREN, rt.settings, make_plugin_manager()) == (company, True)


def test_the_runtime_is_the_one_of_the_root_context_s_data_dir(tmp_path):
    seen = {}

    @click.group()
    @click.pass_context
    def root(ctx: click.Context) -> None:
        ctx.obj = {"data_dir": str(tmp_path / "elsewhere")}

    @root.command()
    def inner() -> None:
        seen["settings"] = cli_instance.command_settings()
        seen["runtime"] = cli_instance.command_runtime().settings.data_dir
        cli_instance.company_or_fail(COMPANY_SIREN)

    result = CliRunner().invoke(root, ["inner"])
    # The other instance has no company: the command stops with the usage code, as export and payments do.
    assert result.exit_code == 2 and "aucun dossier avec le SIREN 552081317" in result.output
    assert seen["settings"].data_dir == seen["runtime"] == tmp_path / "elsewhere"
