"""Plugin: the SFTP accounts of the companies and the ``guichet sftp-server`` command.

Light on purpose (no paramiko import): every process loads plugins, only the
server process needs the SSH stack (:mod:`guichet.connectors.sftp_accounts.server`).
"""

from __future__ import annotations

from typing import Any

import click

from guichet.core import hookimpl
from guichet.core.connectors import SettingField
from guichet.core.model.states import Channel


class SftpServerConnector:
    """The per-company account of the SFTP server (not polled: the server receives)."""

    id = "sftp_server"
    label = "Scanner réseau (SFTP)"
    version = "1.0"
    channel = Channel.SCANNER
    directions = frozenset({"inbound"})
    settings_fields = (
        SettingField("username", "Identifiant SFTP", kind="account", required=True,
                     help="3 à 32 caractères a-z, 0-9, « _ », « - » ; unique sur l'instance ; à saisir dans le scanner"),
        SettingField("password", "Mot de passe", kind="password", secret=True,
                     help="facultatif si une clé publique est donnée"),
        SettingField("public_keys", "Clés publiques (une par ligne, format OpenSSH)", kind="text",
                     default=""),
    )

    def check(self, settings: dict[str, Any]) -> list[str]:
        """Needs a user name and a password or a key."""
        problems = []
        if not settings.get("username"):
            problems.append("« Identifiant SFTP » est obligatoire")
        if not settings.get("password") and not public_keys(settings.get("public_keys")):
            problems.append("donnez un mot de passe ou une clé publique")
        return problems


def public_keys(text: str | None) -> set[str]:
    """The base64 blobs of OpenSSH public key lines (``type base64 [comment]``)."""
    found = set()
    for line in (text or "").splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.lstrip().startswith("#"):
            found.add(parts[1])
    return found


@click.command("sftp-server")
@click.option("--host", help="Adresse d'écoute (config connectors.sftp_host).")
@click.option("--port", type=int, help="Port (config connectors.sftp_port, 2222 par défaut).")
@click.pass_context
def sftp_server_command(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Démarrer le serveur SFTP des scanners (un compte par dossier, dans sa boîte de dépôt)."""
    from guichet.connectors.sftp_accounts.server import SftpIntakeServer
    from guichet.core.ops.cli_instance import command_runtime

    rt = command_runtime(ctx, instance_plugins=True)
    server = SftpIntakeServer(rt, host=host or rt.settings.get("connectors.sftp_host", "0.0.0.0"),  # noqa: S104
                              port=port if port is not None else int(rt.settings.get("connectors.sftp_port", 2222)))
    click.echo(f"Serveur SFTP des scanners : port {server.port}, dossiers sous {server.root}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.stop()


@hookimpl
def register_connectors() -> list[type]:
    """The SFTP account connector."""
    return [SftpServerConnector]


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet sftp-server``."""
    cli.add_command(sftp_server_command)
