"""Exports the firm's production software imports, and the ``guichet export`` commands.

Formats (hook ``register_export_formats``): ``fec`` (article A47 A-1 LPF), ``csv``
(configurable), ``quadra`` (QuadraCOMPTA ASCII, fixed positions) and ``ebp`` (EBP ASCII
text). The entries, what is held back and the "exporté le" marks are the core's
(:mod:`guichet.core.money.exports`); these modules only write bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl

if TYPE_CHECKING:
    import click


@hookimpl
def register_export_formats() -> list[Any]:
    """FEC, CSV, Quadra ASCII, EBP ASCII."""
    from guichet.core.money.exports import ExportFormat
    from guichet.plugins.exports import csv_export, ebp, fec, quadra

    return [
        ExportFormat("fec", "FEC — fichier des écritures comptables (A47 A-1 LPF)", "txt", fec.write, incremental=False,
                     options={"separator": "séparateur : tab (défaut) ou pipe"}),
        ExportFormat("csv", "CSV paramétrable (colonnes, séparateur, encodage, signe décimal)", "csv", csv_export.write,
                     options=csv_export.OPTIONS),
        ExportFormat("quadra", "Quadratus (QuadraCOMPTA) — ASCII à positions fixes", "txt", quadra.write),
        ExportFormat("ebp", "EBP — import d'écritures au format texte ASCII", "txt", ebp.write),
    ]


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``guichet export ...`` and ``guichet sync ...``."""
    from guichet.plugins.exports import commands

    commands.register(cli)
