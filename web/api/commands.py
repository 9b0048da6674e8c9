"""Plugin: ``guichet api-token`` to create, list and revoke the editors' API tokens."""

from __future__ import annotations

import click

from guichet.core import hookimpl
from guichet.core.ops.cli_instance import command_runtime, company_or_fail


@click.group("api-token")
def api_token() -> None:
    """Jetons de l'API des éditeurs (un par dossier et par logiciel)."""


@api_token.command("create")
@click.option("--company", "siren", required=True, help="SIREN du dossier.")
@click.option("--software", required=True, help="Nom du logiciel de facturation.")
@click.option("--scope", "scopes", multiple=True, default=("documents:write", "documents:read"), show_default=True,
              help="documents:write, documents:read, webhooks:manage (répétable).")
@click.pass_context
def create(ctx: click.Context, siren: str, software: str, scopes: tuple[str, ...]) -> None:
    """Créer un jeton ; il n'est affiché qu'une fois."""
    from guichet.core.model.api_models import create_token
    from guichet.core.model.models import db

    command_runtime(ctx, instance_plugins=True)
    with db.connection_context():
        company = company_or_fail(siren, click_error=True)
        try:
            row, clear = create_token(company, software, list(scopes))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Jeton n° {row.id} pour {software} ({', '.join(row.scopes)}) :")
    click.echo(clear)


@api_token.command("list")
@click.pass_context
def list_tokens(ctx: click.Context) -> None:
    """Lister les jetons (sans leur valeur)."""
    from guichet.core.model.api_models import ApiToken
    from guichet.core.model.models import db

    command_runtime(ctx, instance_plugins=True)
    with db.connection_context():
        for row in ApiToken.select().order_by(ApiToken.id):
            state = "révoqué" if row.revoked else f"dernier usage {row.last_used_at or 'jamais'}"
            click.echo(f"{row.id:4} {row.hint}… {row.company.siren} {row.software} [{', '.join(row.scopes)}] {state}")


@api_token.command("revoke")
@click.argument("token_id", type=int)
@click.pass_context
def revoke(ctx: click.Context, token_id: int) -> None:
    """Révoquer un jeton."""
    from guichet.core.model import events
    from guichet.core.model.api_models import ApiToken
    from guichet.core.model.models import db

    command_runtime(ctx, instance_plugins=True)
    with db.connection_context(), db.atomic():
        row = ApiToken.get_or_none(ApiToken.id == token_id)
        if row is None:
            raise click.ClickException(f"aucun jeton n° {token_id}")
        row.revoked = True
        row.save()
        events.record("api.token_revoked", company_id=row.company_id, data={"token_id": row.id})
    click.echo(f"Jeton n° {token_id} révoqué.")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet api-token``."""
    cli.add_command(api_token)
