"""What the commands acting on an instance share: its runtime, and a company (dossier) named by its SIREN.

One place for it, so that ``--data-dir``, the plugin manager and the French errors are the same in every
command (their messages and exit codes are CLI contracts checked from outside: they do not change here).

- :func:`command_settings`: the settings of the instance chosen by the root context's ``--data-dir``;
- :func:`command_plugins`: the plugin manager without starting the instance (stateless commands);
- :func:`command_runtime`: the runtime of the instance chosen by the root context's ``--data-dir``;
- :func:`valid_siren_or_fail`: a SIREN checked with its key (python-stdnum), else « SIREN invalide »;
- :func:`company_or_fail`: the stored company of a SIREN, else « aucun dossier avec le SIREN … »;
- :func:`runtime_and_company`: both, for the commands taking ``--company SIREN``;
- :func:`known_company`: a company as the instance knows it (its dossier, else the local Sirene copy),
  without creating an instance (``guichet convert --buyer-siren``).

Two ways of failing stay as the commands had them: ``guichet: message`` on standard error with the command's
exit code (:func:`fail`), or click's own error (``Erreur : message``, exit 1) with ``click_error=True``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.models import Company, Firm
    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings

EXIT_USAGE = 2


class CommandFailed(SystemExit):
    """The exit of :func:`fail`, keeping its message (``guichet convert --json`` prints it on stdout too)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(code)
        self.message = message


def fail(message: str, code: int) -> NoReturn:
    """``guichet: message`` on standard error, then exit with ``code`` (:class:`CommandFailed`)."""
    click.echo(f"guichet: {message}", err=True)
    raise CommandFailed(message, code)


def command_settings(ctx: click.Context | None = None) -> Settings:
    """The settings of the instance chosen by the root context's ``--data-dir`` (or ``GUICHET_DATA_DIR``)."""
    from guichet.core.settings import load_settings

    return load_settings(_root(ctx).get("data_dir"))


def _root(ctx: click.Context | None) -> dict[str, Any]:
    """What :func:`~guichet.core.ops.cli.main` and the ``guichet`` group keep: ``data_dir``, ``pm``."""
    return (ctx or click.get_current_context()).find_root().obj or {}


def command_plugins(ctx: click.Context | None = None) -> pluggy.PluginManager:
    """The plugin manager :func:`~guichet.core.ops.cli.main` built, or one for the instance when called another way."""
    pm = _root(ctx).get("pm")
    if pm is None:
        from guichet.core.plugins import plugin_manager_from_settings

        pm = plugin_manager_from_settings(command_settings(ctx))
    return pm


def command_runtime(ctx: click.Context | None = None, *, instance_plugins: bool = False) -> Runtime:
    """Start the runtime of the instance the running command acts on (``--data-dir`` of the root context).

    It reuses the plugin manager :func:`~guichet.core.ops.cli.main` built (the one whose commands are
    registered); ``instance_plugins=True`` builds one from the instance's own settings instead (its
    ``plugins.disabled``), as the commands run by the worker's host do. Stages that cannot be ordered:
    their French reason, exit 1.
    """
    from guichet.core.ops import runtime
    from guichet.core.pipeline.stages import StageError

    try:
        return runtime.start(command_settings(ctx), pm=None if instance_plugins else _root(ctx).get("pm"))
    except StageError as exc:
        fail(f"étapes du circuit : {exc}", 1)


def valid_siren_or_fail(siren: str, code: int = EXIT_USAGE) -> str:
    """The compact SIREN when its key is right; else « SIREN invalide : … » and exit ``code``."""
    from guichet.core.model.identifiers import valid_siren

    clean = valid_siren(siren)
    if clean is None:
        fail(f"SIREN invalide : {siren}", code)
    return clean


def company_or_fail(siren: str, *, code: int = EXIT_USAGE, click_error: bool = False,
                    firm: Firm | None = None) -> Company:
    """The stored company of ``siren`` (spaces allowed; a wrong key finds none), within ``firm`` when given.

    None found: « aucun dossier avec le SIREN … » (the SIREN as typed), then exit ``code``, or click's
    error (exit 1) with ``click_error``. The database must be bound (:func:`command_runtime` first).
    """
    from guichet.core.model.identifiers import valid_siren
    from guichet.core.model.models import Company, db

    clean = valid_siren(siren)
    company = None
    if clean is not None:
        query = Company.siren == clean
        if firm is not None:
            query &= Company.firm == firm
        # A connection for the look-up only when none is open: closing one the caller opened (maybe in a
        # transaction) would be wrong.
        with db.connection_context() if db.is_closed() else contextlib.nullcontext():
            company = Company.get_or_none(query)
    if company is None:
        message = f"aucun dossier avec le SIREN {siren}"
        if click_error:
            raise click.ClickException(message)
        fail(message, code)
    return company


def runtime_and_company(siren: str, ctx: click.Context | None = None, *, code: int = EXIT_USAGE,
                        refuse_invalid: bool = False) -> tuple[Runtime, Company]:
    """:func:`command_runtime` and :func:`company_or_fail` (``refuse_invalid``: « SIREN invalide » first)."""
    rt = command_runtime(ctx)
    if refuse_invalid:
        valid_siren_or_fail(siren, code)
    return rt, company_or_fail(siren, code=code)


def known_company(siren: str, settings: Settings, pm: pluggy.PluginManager,
                  code: int = EXIT_USAGE) -> tuple[Company | None, bool]:
    """The company of ``siren`` (compact, key checked) as the instance of ``settings`` knows it, and whether
    it is a stored dossier (of any firm of the instance: the command acts for the instance's operator).

    The dossier of that SIREN when the instance has one; else an unsaved company with the legal name
    of the local Sirene copy (``registered_name``; its address is then found where a dossier without
    an address finds it, :func:`guichet.core.pipeline.completion.complete`); ``(None, False)`` when
    neither knows it. Read only: an instance that does not exist yet (no SQLite file) is not created,
    and a database is neither created nor migrated (a stateless command must not change an instance's
    schema behind its services): one whose schema is not current is refused (« lancez guichet migrate »),
    exit ``code``.
    """
    from guichet.core.model import database
    from guichet.core.model.models import Company, db

    url = settings.database_url
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).is_file():
        return None, False
    pending = database.pending_migrations(database.bind(settings))
    if pending:
        fail(f"la base de l'instance {settings.data_dir} n'est pas au schéma de cette version de Guichet "
             f"(migrations {', '.join(map(str, pending))} non appliquées) : lancez « guichet migrate », "
             "puis relancez la commande", code)
    with db.connection_context() if db.is_closed() else contextlib.nullcontext():
        company = Company.get_or_none(Company.siren == siren)
        if company is not None:
            return company, True
        try:
            name = pm.hook.registered_name(siren=siren)
        except Exception:  # noqa: BLE001 - the register is a help: its failure is « not known »
            name = None
    return (Company(name=name, siren=siren, vat_id=None, settings={}), False) if name else (None, False)
