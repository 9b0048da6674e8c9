"""Operations commands: ``migrate``, ``health``, ``backup``, ``restore``, ``plugins install``.

A plugin like any other: it adds its commands through ``register_commands``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from guichet.core import hookimpl
from guichet.core.ops.cli_instance import command_runtime, command_settings


@click.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Mettre le schéma de la base à jour (les services le font aussi au démarrage)."""
    from guichet.core.model import database
    from guichet.core.model.models import db

    settings = command_settings(ctx)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    target = database.open_database(settings.database_url)
    db.initialize(target)
    applied = database.migrate(target)
    if applied:
        click.echo("Migrations appliquées : " + ", ".join(f"{n:04d}" for n in applied))
    else:
        click.echo("Base à jour : aucune migration à appliquer.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Réponse JSON (celle de /healthz).")
@click.pass_context
def health(ctx: click.Context, as_json: bool) -> None:
    """Vérifier la base, la file d'attente et le stockage ; code 1 si l'un d'eux ne répond pas."""
    from guichet.core.ops import runtime
    from guichet.core.ops.health import health as check

    settings = command_settings(ctx)
    try:
        runtime.start(settings)
    except Exception as exc:  # noqa: BLE001 - the report says what is wrong
        click.echo(f"démarrage impossible : {type(exc).__name__}: {exc}", err=True)
    report = check(settings)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        for name, item in report["checks"].items():
            status = "ok" if item["ok"] else f"ÉCHEC {item.get('error', '')}"
            click.echo(f"{name:10} {status} ({item['ms']} ms)")
    sys.exit(0 if report["status"] == "ok" else 1)


def _default_backup_dir(settings: Any) -> Path:
    configured = settings.get("ops.backup_dir", "")
    return Path(configured) if configured else settings.data_dir.parent / "guichet-backups"


@click.command()
@click.option("--to", "destination", type=click.Path(file_okay=False),
              help="Dossier des sauvegardes (config ops.backup_dir ; par défaut à côté du dossier de l'instance).")
@click.pass_context
def backup(ctx: click.Context, destination: str | None) -> None:
    """Sauvegarder la base (à chaud) et les fichiers de l'instance, avec un manifeste."""
    from guichet.core.model import database
    from guichet.core.ops.backup import BackupError
    from guichet.core.ops.backup import backup as run_backup

    settings = command_settings(ctx)
    database.connect(settings)
    try:
        folder = run_backup(settings, destination or _default_backup_dir(settings))
    except BackupError as exc:
        click.echo(f"guichet: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Sauvegarde : {folder}")


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Remplacer les données de l'instance.")
@click.pass_context
def restore(ctx: click.Context, folder: str, force: bool) -> None:
    """Restaurer une sauvegarde (arrêtez d'abord le web et les workers)."""
    from guichet.core.model import database
    from guichet.core.ops.backup import BackupError
    from guichet.core.ops.backup import restore as run_restore

    settings = command_settings(ctx)
    try:
        manifest = run_restore(settings, folder, force=force)
    except BackupError as exc:
        click.echo(f"guichet: {exc}", err=True)
        sys.exit(1)
    target = database.open_database(settings.database_url)
    from guichet.core.model.models import db

    db.initialize(target)
    applied = database.migrate(target)
    click.echo(f"Restauré : sauvegarde du {manifest['created_at']}, {len(manifest['files'])} fichier(s)"
               + (f", migrations {applied}" if applied else ""))


@click.command("install")
@click.argument("names", nargs=-1, required=True)
@click.option("--upgrade", "-U", is_flag=True, help="Mettre à jour si déjà installée.")
@click.option("--index-url", help="Dépôt de paquets (miroir interne).")
@click.option("--dry-run", is_flag=True, help="Montrer ce que pip installerait, sans rien changer.")
def install(names: tuple[str, ...], upgrade: bool, index_url: str | None, dry_run: bool) -> None:
    """Installer une extension (paquet pip) dans l'environnement de Guichet, puis la vérifier.

    Redémarrez ensuite les services (web et workers) pour la charger.
    """
    command = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check"]
    if upgrade:
        command.append("--upgrade")
    if index_url:
        command += ["--index-url", index_url]
    if dry_run:
        command.append("--dry-run")
    done = subprocess.run([*command, *names], check=False)  # noqa: S603 - the operator's own arguments
    if done.returncode != 0:
        click.echo("guichet: pip a échoué, rien n'a été changé dans les extensions chargées.", err=True)
        sys.exit(done.returncode)
    if dry_run:
        return
    # A fresh process reads the new entry points; a broken plugin is reported, not fatal.
    listing = subprocess.run([sys.executable, "-m", "guichet.core", "plugins", "--json"],
                             capture_output=True, text=True, check=False)
    try:
        report = json.loads(listing.stdout)
    except ValueError:
        click.echo("guichet: l'extension est installée mais la liste des extensions est illisible.", err=True)
        sys.exit(1)
    for name, error in report.get("failed", {}).items():
        click.echo(f"ATTENTION : l'extension {name} ne se charge pas ({error}) ; elle sera ignorée.", err=True)
    click.echo("Extensions chargées : " + ", ".join(row["name"] for row in report.get("plugins", [])))
    click.echo("Redémarrez le web et les workers : systemctl restart 'guichet-*'")


@click.command()
@click.option("--firm", "firm_name", help="Nom du cabinet.")
@click.option("--admin", "admin_email", help="Adresse de l'administrateur.")
@click.option("--password", envvar="GUICHET_ADMIN_PASSWORD", help="Mot de passe (ou GUICHET_ADMIN_PASSWORD).")
@click.option("--public-url", help="Adresse publique de l'instance (https://guichet.cabinet.fr), gardée dans "
                                   "le fichier de l'instance (web.public_url).")
@click.option("--check", is_flag=True, help="Vérifier seulement les réponses données (sans base) : "
                                            "le premier démarrage valide chaque réponse aussitôt.")
@click.pass_context
def setup(ctx: click.Context, firm_name: str | None, admin_email: str | None, password: str | None,
          public_url: str | None, check: bool) -> None:
    """Première mise en service : le cabinet et son administrateur (utilisé au premier démarrage)."""
    if password is None and not check and sys.stdin.isatty():
        password = click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    problems = _setup_problems(firm_name, admin_email, password, public_url)
    if problems:
        for problem in problems:
            click.echo(f"guichet: {problem}", err=True)
        sys.exit(1)
    if check:
        return
    if not (firm_name and admin_email and password):
        click.echo("guichet: --firm, --admin et le mot de passe sont nécessaires.", err=True)
        sys.exit(2)
    _create_firm_and_admin(ctx, firm_name, admin_email, password, public_url)


def _setup_problems(firm_name: str | None, admin_email: str | None, password: str | None,
                    public_url: str | None) -> list[str]:
    """What is wrong with the first-boot answers given, in French (nothing asked is not checked)."""
    from urllib.parse import urlsplit

    from guichet.core.access import accounts

    problems = []
    if firm_name is not None and not firm_name.strip():
        problems.append("le nom du cabinet est vide")
    if admin_email is not None:
        try:
            accounts.check_email(admin_email)
        except ValueError as exc:
            problems.append(str(exc))
    if password is not None:
        try:
            accounts.check_new_password(password)
        except ValueError as exc:
            problems.append(str(exc))
    if public_url:
        parts = urlsplit(public_url)
        if parts.scheme != "https" or not parts.hostname or parts.path not in ("", "/") or parts.query:
            problems.append(f"adresse publique invalide : {public_url} (attendu : https://nom[:port])")
    return problems


def _create_firm_and_admin(ctx: click.Context, firm_name: str, admin_email: str, password: str,
                           public_url: str | None) -> None:
    from guichet.core.access import accounts
    from guichet.core.model import events
    from guichet.core.model.models import Firm, User, db

    rt = command_runtime(ctx, instance_plugins=True)
    key_file = rt.settings.data_dir / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    if public_url:
        _keep_public_url(rt.settings.data_dir / "guichet.toml", public_url.rstrip("/"))
    with db.connection_context(), db.atomic():
        firm = Firm.select().order_by(Firm.id).first()
        if firm is None:
            firm = Firm.create(name=firm_name)
            events.record("firm.created", data={"name": firm_name, "firm_id": firm.id})
        elif firm.name != firm_name:
            firm.name = firm_name
            firm.save()
        if User.get_or_none(User.email == admin_email.strip().lower()) is None:
            try:
                accounts.create_user(admin_email, password, name="Administrateur", firm=firm, firm_role="admin")
            except ValueError as exc:
                click.echo(f"guichet: {exc}", err=True)
                sys.exit(1)
    click.echo(f"Cabinet « {firm.name} » prêt ; administrateur {admin_email}.")


def _keep_public_url(instance_file: Path, public_url: str) -> None:
    """Write ``[web] public_url`` into the instance file, which the first boot creates.

    Written by hand (a TOML writer is not among the dependencies for one line): a JSON
    string is a valid TOML basic string. An existing instance file is left to the admin.
    """
    if instance_file.exists():
        if public_url not in instance_file.read_text("utf-8"):
            click.echo(f"guichet: {instance_file} existe : mettez-y vous-même [web] public_url = "
                       f"{json.dumps(public_url)}", err=True)
        return
    instance_file.write_text(f"[web]\npublic_url = {json.dumps(public_url)}\n", "utf-8")
    instance_file.chmod(0o640)


@click.command("copy-database")
@click.option("--to", "target_url", required=True,
              help="Base cible, vide : postgresql://guichet@hôte:5432/guichet (mot de passe dans ~/.pgpass).")
@click.pass_context
def copy_database(ctx: click.Context, target_url: str) -> None:
    """Copier la base de l'instance vers une autre (passage de SQLite à PostgreSQL), services arrêtés."""
    from guichet.core.model import database
    from guichet.core.ops.dbcopy import CopyError
    from guichet.core.ops.dbcopy import copy_database as run_copy
    from guichet.core.ops.logs import redact
    from guichet.core.model.models import db

    settings = command_settings(ctx)
    target = database.open_database(target_url)
    db.initialize(target)
    database.migrate(target)
    source = database.connect(settings)
    try:
        with source.connection_context(), target.connection_context():
            counts = run_copy(source, target)
    except CopyError as exc:
        click.echo(f"guichet: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Copié vers {redact(target_url)} : {sum(counts.values())} lignes dans {len(counts)} tables.")
    click.echo("Mettez maintenant database.url dans /etc/guichet/guichet.toml et redémarrez les services.")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add the operations commands (the CLI's ``main`` installs JSON logs when asked)."""
    for command in (migrate, health, backup, restore, setup, copy_database):
        cli.add_command(command)
    listing = cli.commands.get("plugins")
    if isinstance(listing, click.Group) and "install" not in listing.commands:
        listing.add_command(install)
