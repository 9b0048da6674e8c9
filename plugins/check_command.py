"""``guichet check FILE``: run every control on one file and print the findings.

Stateless: no document is stored. When the instance's database exists (SQLite
file present, or a configured server), it is opened so that the local Sirene
table and the company's settings can be used; ``--company SIREN`` then names a
stored company, whose history feeds the fraud controls. A SIREN that is not a
stored company still enables the "buyer is not the company" control, without
history. Exit status: 0 no fatal finding, 1 at least one, 2 unreadable input.
Severities are Guichet's one vocabulary (``fatal``/``warning``/``info`` in JSON, their
French words from :data:`~guichet.core.model.states.SEVERITY_LABELS` in text).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl

if TYPE_CHECKING:
    import click

EXIT_BLOCKING = 1
#: The hooks ``guichet check`` calls (read the file, the controls, the rules' French text): a one-shot run
#: imports only the plugins implementing them (:mod:`guichet.core.plugin_index`).
COMMAND_HOOKS = {"check": frozenset({"detect_format", "extract_xml", "parse_invoice", "check_invoice",
                                     "rule_text_fr", "registered_name", "registered_address"})}


def _open_instance(data_dir: str | None) -> Any:
    """Start the runtime when the instance's database exists; else None (no database)."""
    from guichet.core.settings import load_settings

    settings = load_settings(data_dir)
    url = settings.database_url
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).is_file():
        return None  # and the database layer is not even imported
    from guichet.core.ops import runtime

    try:
        return runtime.start(settings)
    except Exception:  # noqa: BLE001 - no reachable database: run without it
        return None


def _company(siren: str | None, with_db: bool) -> Any:
    """The stored company of ``siren``, or an unsaved one (no history): ``check`` also runs without a database."""
    if not siren:
        return None
    from guichet.core.model.models import Company
    from guichet.core.ops.cli import EXIT_UNREADABLE
    from guichet.core.ops.cli_instance import valid_siren_or_fail

    clean = valid_siren_or_fail(siren, EXIT_UNREADABLE)
    if with_db:
        stored = Company.get_or_none(Company.siren == clean)
        if stored is not None:
            return stored
    return Company(siren=clean, name="", settings={})  # not saved: no history


def run_check(file: str, siren: str | None, as_json: bool, data_dir: str | None) -> int:
    """Read ``file``, run ``check_invoice``, print the findings; return the exit status."""
    from guichet.core.ops.cli import EXIT_UNREADABLE, _fail, read_for_cli
    from guichet.core.pipeline.controls import apply_overrides, has_blocking
    from guichet.core.settings import load_settings, settings_for

    pm, result = read_for_cli(file)
    if result.invoice is None:
        _fail(f"{file}: aucune donnée structurée à contrôler (PDF ou image sans XML)", EXIT_UNREADABLE)
    rt = _open_instance(data_dir)
    context = rt.database.connection_context() if rt is not None else None
    if context is not None:
        context.__enter__()
    try:
        company = _company(siren, rt is not None)
        settings = settings_for(rt.settings if rt is not None else load_settings(data_dir), company)
        batches = pm.hook.check_invoice(invoice=result.invoice, company=company, xml=result.xml, settings=settings)
        problems = apply_overrides([p for batch in batches for p in batch or []], company)
    finally:
        if context is not None:
            context.__exit__(None, None, None)
    blocking = has_blocking(problems)

    def in_french(p: Any) -> str:  # an official rule's English text in French (the validator's table)
        return pm.hook.rule_text_fr(rule=p.code, message=p.message) or p.message

    if as_json:
        import click

        click.echo(json.dumps({
            "file": file, "invoice_number": result.invoice.number, "blocking": blocking,
            "findings": [{**p.to_dict(), "message_fr": in_french(p)} for p in problems],
        }, ensure_ascii=False, indent=2))
    else:
        import click

        click.echo(f"{file}: facture {result.invoice.number or '?'} — {len(problems)} constat(s)")
        from guichet.core.model.states import SEVERITY_LABELS

        order = {"fatal": 0, "warning": 1, "info": 2}
        for p in sorted(problems, key=lambda p: (order.get(str(p.severity), 3), p.code)):
            label = SEVERITY_LABELS.get(str(p.severity), str(p.severity))
            click.echo(f"  [{label}] {p.code} : {in_french(p)}" + (f" ({p.field})" if p.field else ""))
    return EXIT_BLOCKING if blocking else 0


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet check``."""
    import click

    @cli.command()
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--company", "siren", help="SIREN du dossier destinataire (contrôles acheteur et historique).")
    @click.option("--json", "as_json", is_flag=True, help="Un objet JSON sur la sortie standard.")
    @click.pass_context
    def check(ctx: click.Context, file: str, siren: str | None, as_json: bool) -> None:
        """Contrôler une facture (mentions, calculs, identifiants, fraude) sans l'enregistrer."""
        sys.exit(run_check(file, siren, as_json, (ctx.obj or {}).get("data_dir")))
