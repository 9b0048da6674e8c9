"""Plugin: ``guichet oidc set|list`` to configure the firm staff's OpenID Connect provider from the machine."""

from __future__ import annotations

import os

import click

from guichet.core import hookimpl
from guichet.core.ops.cli_instance import command_runtime


@click.group("oidc")
def oidc() -> None:
    """Connexion des collaborateurs du cabinet par OpenID Connect (fournisseur d'identité de la profession)."""


@oidc.command("set")
@click.option("--label", required=True, help="Libellé du bouton, ex. « Authentification ComptExpert ».")
@click.option("--issuer", required=True, help="Émetteur (issuer) du fournisseur, https://...")
@click.option("--client-id", required=True, help="Identifiant client enregistré chez le fournisseur.")
@click.option("--client-secret-env", help="Variable d'environnement contenant le secret client.")
@click.option("--scopes", default="openid email profile", show_default=True)
@click.option("--role-claim", default="", help="Revendication portant les groupes (ex. groups).")
@click.option("--role", "roles", multiple=True, help="VALEUR=admin|operator (répétable).")
@click.option("--no-create", is_flag=True, help="Ne pas créer de compte à la première connexion.")
@click.option("--no-staff-passwords", is_flag=True, help="Interdire les mots de passe locaux aux collaborateurs.")
@click.option("--update", "provider_id", type=int, help="Modifier le fournisseur n° ID au lieu d'en créer un.")
@click.pass_context
def set_provider(ctx: click.Context, label: str, issuer: str, client_id: str, client_secret_env: str | None,
                 scopes: str, role_claim: str, roles: tuple[str, ...], no_create: bool, no_staff_passwords: bool,
                 provider_id: int | None) -> None:
    """Créer ou modifier le fournisseur d'identité du cabinet."""
    from guichet.core.access import oidc_accounts
    from guichet.core.model.models import Firm, db
    from guichet.core.model.oidc_models import OidcProvider

    rt = command_runtime(ctx, instance_plugins=True)
    role_map = {}
    for item in roles:
        value, _, role = item.rpartition("=")
        role_map[value] = role
    with db.connection_context():
        firm = Firm.select().order_by(Firm.id).first()
        if firm is None:
            raise click.ClickException("aucun cabinet sur cette instance")
        provider = OidcProvider.get_or_none(OidcProvider.id == provider_id) if provider_id else None
        if provider_id and provider is None:
            raise click.ClickException(f"aucun fournisseur n° {provider_id}")
        values = {"label": label, "issuer": issuer, "client_id": client_id, "scopes": scopes, "role_claim": role_claim,
                  "role_map": role_map, "create_accounts": not no_create, "staff_passwords": not no_staff_passwords,
                  "client_secret": os.environ.get(client_secret_env, "") if client_secret_env else ""}
        try:
            made = oidc_accounts.configure(rt.settings, firm, values, user=None, provider=provider)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Fournisseur n° {made.id} « {made.label} » ({made.issuer}) enregistré ; "
               f"adresse de retour à déclarer : <adresse du Guichet>/connexion/oidc/{made.id}/retour")


@oidc.command("list")
@click.pass_context
def list_providers(ctx: click.Context) -> None:
    """Lister les fournisseurs (sans leur secret)."""
    from guichet.core.model.models import db
    from guichet.core.model.oidc_models import OidcProvider

    command_runtime(ctx, instance_plugins=True)
    with db.connection_context():
        for row in OidcProvider.select().order_by(OidcProvider.id):
            click.echo(f"{row.id:3} {row.label} {row.issuer} client={row.client_id} "
                       f"{'actif' if row.active else 'inactif'} mots de passe collaborateurs "
                       f"{'permis' if row.staff_passwords else 'interdits'}")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet oidc``."""
    cli.add_command(oidc)
