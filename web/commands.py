"""Plugin adding the web server command ``guichet run`` to the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import click

from guichet.core import hookimpl

if TYPE_CHECKING:
    pass


@click.command()
@click.option("--host", help="Adresse d'écoute (config web.host, 127.0.0.1 par défaut).")
@click.option("--port", type=int, help="Port (config web.port, 8000 par défaut).")
@click.option("--with-worker", is_flag=True, help="Démarrer aussi un worker dans un processus fils.")
@click.option("--threads", type=int, default=8, show_default=True)
@click.pass_context
def run(ctx: click.Context, host: str | None, port: int | None, with_worker: bool, threads: int) -> None:
    """Démarrer le serveur web (et, avec --with-worker, le worker)."""
    from waitress import serve

    from guichet.core.ops.cli_instance import command_settings
    from guichet.web.app import create_app

    settings = command_settings(ctx)
    app = create_app(settings)
    host = host or settings.get("web.host", "127.0.0.1")
    port = port or int(settings.get("web.port", 8000))
    child = None
    if with_worker:
        env = {**os.environ, "GUICHET_DATA_DIR": str(settings.data_dir)}
        child = subprocess.Popen([sys.executable, "-m", "guichet.core", "worker"], env=env)
    click.echo(f"Guichet : http://{host}:{port}/")
    try:
        # Waitress spools request bodies to disk; its own limit sits above the app's, so that the app
        # answers an oversized upload with its French message (HTTP 413).
        serve(app, host=host, port=port, threads=threads, ident="guichet",
              max_request_body_size=app.config["MAX_CONTENT_LENGTH"] + 1024 * 1024)
    finally:
        if child is not None:
            child.terminate()
            child.wait(timeout=30)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet run``."""
    cli.add_command(run)
