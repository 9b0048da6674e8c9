"""``guichet export fec|csv|<format> --company SIREN --from DATE --to DATE -o FILE``, ``export formats``,
``export chart``.

Exit codes: 0 done; 1 some invoices held back (the file holds the others; each held-back
invoice is named on standard error with its reasons) 2 a usage error
(unknown company, date, format or option), nothing written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from guichet.core.ops.cli_instance import command_plugins, runtime_and_company
from guichet.core.ops.cli_instance import fail as _fail

EXIT_HELD = 1
EXIT_USAGE = 2
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _target(output: str, fmt: Any, company: Any, start: dt.date, end: dt.date) -> Path:
    """The file to write: ``output``, or a file named as the law (FEC) or the format says inside it."""
    path = Path(output)
    if path.is_dir():
        from guichet.plugins.exports import fec

        name = fec.file_name(company.siren, end) if fmt.name == "fec" else \
            f"{company.siren}_{fmt.name}_{start:%Y%m%d}_{end:%Y%m%d}.{fmt.extension}"
        path = path / name
    return path


def export_command(fmt: Any) -> click.Command:
    """The sub-command writing one format."""

    @click.pass_context
    def command(ctx: click.Context, siren: str, start: dt.datetime, end: dt.datetime, output: str, again: bool,
                with_files: bool, **options: Any) -> None:
        from guichet.core.money import exports

        rt, company = runtime_and_company(siren, ctx, refuse_invalid=True)
        with rt.database.connection_context():
            saved = ((company.settings or {}).get("export") or {}).get("options", {}).get(fmt.name, {})
            chosen = {**saved, **{k: v for k, v in options.items() if v is not None}}
            target = _target(output, fmt, company, start.date(), end.date())
            entries_name = target.name
            if with_files and Path(output).is_dir():
                target = target.with_suffix(".zip")
            if not target.parent.is_dir():
                _fail(f"dossier absent : {target.parent}", EXIT_USAGE)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            try:
                with os.fdopen(handle, "w+b") as out:
                    result = exports.run(rt.pm, rt.settings, company, fmt.name, start.date(), end.date(), out,
                                         again=again, options=chosen, filename=target.name)
                    if with_files:
                        _bundle(rt, company, out, entries_name, result.document_ids)
                    out.flush()
                    os.fsync(out.fileno())
                Path(temporary).replace(target)
            except (exports.ExportRefused, ValueError) as exc:
                _fail(str(exc), EXIT_USAGE)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    Path(temporary).unlink()
        click.echo(f"{result.entries} écriture(s) exportée(s) au format {fmt.name} → {target}")
        if result.skipped_already:
            click.echo(f"{result.skipped_already} facture(s) déjà exportée(s) laissée(s) de côté (--again pour les reprendre)")
        for held in result.held_back:
            click.echo(f"retenue : facture {held.number or '(sans numéro)'} (document {held.document_id}) — "
                       + " ; ".join(held.reasons), err=True)
        if result.held_back:
            _fail(f"{len(result.held_back)} facture(s) retenue(s), non exportée(s)", EXIT_HELD)

    params: list[click.Parameter] = [
        click.Option(["--company", "siren"], required=True, help="SIREN du dossier."),
        click.Option(["--from", "start"], required=True, type=DATE, help="Début de la période (AAAA-MM-JJ)."),
        click.Option(["--to", "end"], required=True, type=DATE, help="Fin de la période (AAAA-MM-JJ, incluse)."),
        click.Option(["-o", "--output"], required=True, type=click.Path(), help="Fichier à écrire, ou un dossier."),
        click.Option(["--again"], is_flag=True, help="Reprendre aussi les factures déjà exportées dans ce format."),
        click.Option(["--with-files"], is_flag=True,
                     help="Une archive ZIP : le fichier d'écritures, les Factur-X scellées (factures/) et SHA256SUMS."),
    ]
    params += [click.Option([f"--{name.replace('_', '-')}", name], help=help_text) for name, help_text in fmt.options.items()]
    return click.Command(fmt.name, callback=command, params=params, help=f"Exporter les écritures : {fmt.label}.")


def _bundle(rt: Any, company: Any, out: Any, entries_name: str, document_ids: list[int]) -> None:
    """Turn ``out`` (the entries file just written) into a ZIP: entries file, sealed files, SHA256SUMS."""
    import hashlib
    import shutil
    import zipfile

    from guichet.core.money import exports

    out.seek(0)
    with tempfile.TemporaryFile() as entries_copy:
        shutil.copyfileobj(out, entries_copy)
        entries_copy.seek(0)
        out.seek(0)
        out.truncate()
        sums = []
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            digest = hashlib.sha256()
            with bundle.open(entries_name, "w") as member:
                while chunk := entries_copy.read(1024 * 1024):
                    digest.update(chunk)
                    member.write(chunk)
            sums.append(f"{digest.hexdigest()}  {entries_name}")
            for item in exports.archived_files(company, document_ids):
                data = rt.blobs.get(item.blob_key)
                name = f"factures/{item.path}"
                bundle.writestr(name, data)
                sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
            bundle.writestr("SHA256SUMS", "\n".join(sums) + "\n")


class ExportGroup(click.Group):
    """``guichet export``: fixed sub-commands and one per format the plugins write."""

    def _formats(self, ctx: click.Context) -> dict[str, Any]:
        from guichet.core.money.exports import formats

        try:
            return formats(command_plugins(ctx))
        except Exception:  # noqa: BLE001 - a broken plugin must not hide the fixed commands
            return {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Fixed commands then formats."""
        return sorted(set(super().list_commands(ctx)) | set(self._formats(ctx)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A fixed command, else the format's."""
        fixed = super().get_command(ctx, cmd_name)
        if fixed is not None:
            return fixed
        fmt = self._formats(ctx).get(cmd_name)
        return export_command(fmt) if fmt else None


def register(cli: click.Group) -> None:
    """The ``export`` group."""

    @cli.group("export", cls=ExportGroup)
    def export() -> None:
        """Remise au cabinet : écritures comptables (FEC, CSV, logiciels de production), plan comptable."""

    @export.command("formats")
    @click.pass_context
    def formats_command(ctx: click.Context) -> None:
        """Lister les formats d'export."""
        from guichet.core.money.exports import formats

        for name, fmt in formats(command_plugins(ctx)).items():
            click.echo(f"{name}\t{fmt.label}")

    @export.command("chart")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.pass_context
    def chart_command(ctx: click.Context, file: str, siren: str) -> None:
        """Importer le plan comptable du dossier (CSV « numéro;libellé » ou FEC)."""
        from guichet.core.money import chart

        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            _fail(f"{file}: {exc.strerror or exc}", EXIT_USAGE)
        rt, company = runtime_and_company(siren, ctx, refuse_invalid=True)
        with rt.database.connection_context():
            try:
                count = chart.import_chart(company, data)
            except chart.ChartRefused as exc:
                _fail(f"{file}: {exc}", EXIT_USAGE)
        click.echo(f"{count} compte(s) importé(s) pour {company.name}")
