"""Plugin: ``guichet firm-token`` to create, list and revoke the tokens of the firm's pull API."""

from __future__ import annotations

import click

from guichet.core import hookimpl
from guichet.core.ops.cli_instance import command_runtime, company_or_fail


@click.group("firm-token")
def firm_token() -> None:
    """Jetons de l'API du cabinet (/api/v1/firm) : tous les dossiers du cabinet ou certains."""


@firm_token.command("create")
@click.option("--software", required=True, help="Logiciel de production du cabinet.")
@click.option("--company", "sirens", multiple=True, help="SIREN d'un dossier (répétable ; aucun : tous les dossiers).")
@click.option("--scope", "scopes", multiple=True, default=("invoices:read", "invoices:mark"), show_default=True,
              help="invoices:read, invoices:mark (répétable).")
@click.option("--days", type=click.IntRange(1, 3650), help="Durée de validité en jours (défaut : sans expiration).")
@click.pass_context
def create(ctx: click.Context, software: str, sirens: tuple[str, ...], scopes: tuple[str, ...], days: int | None) -> None:
    """Créer un jeton ; il n'est affiché qu'une fois."""
    import datetime as dt

    from guichet.core.model.export_models import create_firm_token
    from guichet.core.model.models import Firm, db, utcnow

    command_runtime(ctx, instance_plugins=True)
    with db.connection_context():
        firm = Firm.select().order_by(Firm.id).first()
        if firm is None:
            raise click.ClickException("aucun cabinet sur cette instance (guichet init ou setup)")
        companies = []
        for siren in sirens:
            companies.append(company_or_fail(siren, click_error=True, firm=firm))
        expires = utcnow() + dt.timedelta(days=days) if days else None
        try:
            row, clear = create_firm_token(firm, software, list(scopes), companies=companies, expires_at=expires)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    reach = ", ".join(sirens) if sirens else "tous les dossiers du cabinet"
    click.echo(f"Jeton du cabinet n° {row.id} pour {software} ({', '.join(row.scopes)} ; {reach}) :")
    click.echo(clear)


@firm_token.command("list")
@click.pass_context
def list_tokens(ctx: click.Context) -> None:
    """Lister les jetons du cabinet (sans leur valeur)."""
    from guichet.core.model.export_models import FirmToken
    from guichet.core.model.models import db

    command_runtime(ctx, instance_plugins=True)
    with db.connection_context():
        for row in FirmToken.select().order_by(FirmToken.id):
            state = "révoqué" if row.revoked else f"dernier usage {row.last_used_at or 'jamais'}"
            reach = f"dossiers {row.companies}" if row.companies else "tous les dossiers"
            click.echo(f"{row.id:4} {row.hint}… {row.software} [{', '.join(row.scopes)}] {reach}, "
                       f"expire {row.expires_at or 'jamais'}, {state}")


@firm_token.command("revoke")
@click.argument("token_id", type=int)
@click.pass_context
def revoke(ctx: click.Context, token_id: int) -> None:
    """Révoquer un jeton du cabinet."""
    from guichet.core.model import events
    from guichet.core.model.export_models import FirmToken
    from guichet.core.model.models import db

    command_runtime(ctx, instance_plugins=True)
    with db.connection_context(), db.atomic():
        row = FirmToken.get_or_none(FirmToken.id == token_id)
        if row is None:
            raise click.ClickException(f"aucun jeton du cabinet n° {token_id}")
        row.revoked = True
        row.save()
        events.record("api.firm_token_revoked", data={"token_id": row.id})
    click.echo(f"Jeton du cabinet n° {token_id} révoqué.")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet firm-token``."""
    cli.add_command(firm_token)
