"""Plugin: the connector poller (queue tasks) and the ``guichet connectors`` command.

How the worker gets these tasks: this module is a plugin (entry point
``connector_scheduler`` in the ``guichet`` group). ``guichet worker`` calls
``runtime.start()``, which builds the plugin manager and so imports this module
before the consumer is created; the declarations below (:mod:`guichet.core.ops.task_declarations`)
are registered on the shared :data:`guichet.core.ops.tasks.huey` at that time. Disabling the
plugin (``plugins.disabled = ["connector_scheduler"]``) stops all polling.

Every minute ``guichet.connectors.poll`` enqueues one ``guichet.connectors.run``
task per due configuration, so a slow mailbox never delays a scanner folder and
one failure never stops the others.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from guichet.core import hookimpl
from guichet.core.ops.cli_instance import command_runtime, command_settings, company_or_fail
from guichet.core.ops.task_declarations import periodic_task, task

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime


@task(name="guichet.connectors.run", runtime=True)
def run_connector_task(rt: Runtime, config_id: int) -> dict[str, Any]:
    """Run one connector configuration (its errors are recorded on it, never raised)."""
    from guichet.core.connectors import load_connectors
    from guichet.core.ops import connector_runs

    with rt.database.connection_context():
        report = connector_runs.run_config(rt, config_id, load_connectors(rt.pm))
    return {"config": config_id, "status": report.status, "received": report.received,
            "duplicates": report.duplicates, "error": report.error, "skipped": report.skipped}


@periodic_task(name="guichet.connectors.poll", minute="*", once_per=60, runtime=True)  # every worker enqueues it; one runs it
def poll_connectors_task(rt: Runtime) -> int:
    """Every minute, enqueue the run of every due inbound configuration; returns how many."""
    from guichet.core.connectors import load_connectors
    from guichet.core.ops import connector_runs

    with rt.database.connection_context():
        due = connector_runs.due_configs(load_connectors(rt.pm))
    for config_id in due:
        run_connector_task(config_id)
    return len(due)


# ---------------------------------------------------------------------------
# guichet connectors
# ---------------------------------------------------------------------------


def describe_connectors(connectors: dict[str, Any]) -> list[dict[str, Any]]:
    """Every connector with its identity and configuration fields (for listings)."""
    from guichet.core.ops.connector_runs import is_inbound

    rows = []
    for cid in sorted(connectors):
        conn = connectors[cid]
        rows.append({
            "id": cid, "label": conn.label, "version": conn.version,
            "directions": sorted(conn.directions), "polled": is_inbound(conn),
            "fields": [
                {"name": f.name, "label": f.label, "kind": f.kind, "required": f.required,
                 "default": f.default, "secret": f.secret, "help": f.help}
                for f in conn.settings_fields
            ],
        })
    return rows


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Un objet JSON sur la sortie standard.")
@click.pass_context
def connectors(ctx: click.Context, as_json: bool) -> None:
    """Lister les connecteurs et leurs champs de configuration."""
    if ctx.invoked_subcommand is not None:
        return
    from guichet.core.connectors import load_connectors
    from guichet.core.plugins import plugin_manager_from_settings

    rows = describe_connectors(load_connectors(plugin_manager_from_settings(
        command_settings(ctx))))  # the instance's plugins.disabled
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for row in rows:
        mode = "relevé automatique" if row["polled"] else "à la demande / serveur"
        click.echo(f"{row['id']} — {row['label']} (v{row['version']}, {', '.join(row['directions'])}, {mode})")
        for f in row["fields"]:
            flags = [f["kind"]] + (["obligatoire"] if f["required"] else []) + (["secret"] if f["secret"] else [])
            default = "" if f["default"] in (None, "") else f" [défaut : {f['default']}]"
            click.echo(f"    {f['name']:22} {f['label']} ({', '.join(flags)}){default}")


@connectors.command("set")
@click.argument("connector_id")
@click.argument("values", nargs=-1)
@click.option("--company", "siren", help="SIREN du dossier ; sans lui, configuration de toute l'instance.")
@click.option("--disable", is_flag=True, help="Enregistrer la configuration désactivée.")
@click.option("--interval", type=int, help="Minutes entre deux relevés.")
@click.pass_context
def set_config(ctx: click.Context, connector_id: str, values: tuple[str, ...], siren: str | None,
               disable: bool, interval: int | None) -> None:
    """Configurer un connecteur : guichet connectors set imap host=... password=... --company SIREN."""
    from guichet.core.ops import connector_runs
    from guichet.core.connectors import load_connectors
    from guichet.core.errors import ConnectorError
    from guichet.core.model.models import db

    rt = command_runtime(ctx, instance_plugins=True)
    conns = load_connectors(rt.pm)
    if connector_id not in conns:
        raise click.ClickException(f"connecteur inconnu : {connector_id}")
    pairs = dict(v.split("=", 1) for v in values if "=" in v)
    with db.connection_context():
        try:
            config = connector_runs.configure(rt, company_or_fail(siren, click_error=True) if siren else None,
                                              conns[connector_id], pairs, enabled=not disable, interval_minutes=interval)
            problems = conns[connector_id].check(connector_runs.clear_settings(rt, config, conns[connector_id]))
        except (ValueError, ConnectorError) as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Configuration n° {config.id} enregistrée.")
    for problem in problems:
        click.echo(f"  à corriger : {problem}")


@connectors.command("status")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Afficher chaque configuration : état, dernier relevé, dernière erreur."""
    from guichet.core.ops.connector_runs import overview
    from guichet.core.connectors import load_connectors
    from guichet.core.model.models import db

    rt = command_runtime(ctx, instance_plugins=True)
    with db.connection_context():
        rows = overview(load_connectors(rt.pm))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for r in rows:
        who = r["company"] or "toute l'instance"
        state = r["status_label"] + ("" if r["enabled"] else " (désactivé)")
        click.echo(f"{r['id']:4} {r['connector']:16} {who:14} {state} ; dernier relevé : {r['last_run_at'] or '-'}")
        if r["last_error"]:
            click.echo(f"     erreur : {r['last_error']}")
        if r["prompt"]:
            click.echo(f"     question : {r['prompt']}")


@connectors.command("poll")
@click.option("--config", "config_id", type=int, help="Lancer cette configuration maintenant, même si elle n'est pas due.")
@click.pass_context
def poll(ctx: click.Context, config_id: int | None) -> None:
    """Relever maintenant les connecteurs dus (ou une configuration précise)."""
    from guichet.core.ops import connector_runs
    from guichet.core.connectors import load_connectors
    from guichet.core.model.models import db

    rt = command_runtime(ctx, instance_plugins=True)
    conns = load_connectors(rt.pm)
    with db.connection_context():
        if config_id:
            reports = [connector_runs.run_config(rt, config_id, conns, force=True)]
        else:
            reports = connector_runs.poll_due(rt, conns)
    for r in reports:
        click.echo(f"{r.config_id:4} {r.connector_id:16} {r.status} : {len(r.received)} reçu(s), "
                   f"{len(r.duplicates)} déjà reçu(s){' ; ' + r.error if r.error else ''}")


@connectors.command("answer")
@click.argument("config_id", type=int)
@click.argument("answer")
@click.pass_context
def answer(ctx: click.Context, config_id: int, answer: str) -> None:
    """Répondre à la question d'un connecteur en attente (code de double authentification)."""
    from guichet.core.ops import connector_runs
    from guichet.core.model.connector_models import ConnectorConfig
    from guichet.core.model.models import db

    rt = command_runtime(ctx, instance_plugins=True)
    with db.connection_context():
        config = ConnectorConfig.get_or_none(ConnectorConfig.id == config_id)
        if config is None:
            raise click.ClickException(f"aucune configuration n° {config_id}")
        connector_runs.answer_prompt(rt, config, answer)
    click.echo("Réponse enregistrée ; le prochain relevé l'utilisera.")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet connectors``."""
    cli.add_command(connectors)
