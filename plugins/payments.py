"""Payments: open items follow archived invoices, and the ``guichet payments`` commands.

- ``document_state_changed``: an invoice reaching ``archived`` becomes an open item.
- ``guichet payments batch --company SIREN --due-before DATE [--supplier SIREN] -o FILE.xml``:
  prepare and validate (as the instance administrator, logged) a batch of the company's due
  purchase invoices and write its pain.001.001.09; prints the count and the total; exit 1
  with the reason when nothing can be paid, a payment is blocked (IBAN change...) or the company's
  double validation applies (the command line would prepare and validate the same batch).
- ``guichet payments statement FILE --company SIREN [--json]``: import a camt.053/054 or CFONB
  120 statement and reconcile; prints lines read, matched automatically, left to a person and
  the invoices settled; exit 1 when the file is refused (the line and the reason on stderr). A line
  whose amount is finer than its currency's unit (12,345 EUR) is kept but refused, with its reason on
  stderr (``lines_rejected`` in JSON); the others are imported and reconciled.
- ``guichet payments aging --company SIREN [--json]``: the dashboard's buckets, each way.
- ``guichet payments account --company SIREN --iban IBAN ...``: the debtor account of transfers.
- ``guichet payments ebics configure|init|letters|hpb|confirm|send|fetch``: the company's EBICS access
  (added to this group by the connector, connectors/bank_ebics/cli.py).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from guichet.core import hookimpl

if TYPE_CHECKING:
    import click

    from guichet.core.model.models import Document

EXIT_REFUSED = 1
EXIT_USAGE = 2


@hookimpl
def document_state_changed(document: Document, new: str) -> None:
    """An archived invoice becomes an open item (purchase or sales)."""
    if new != "archived":
        return
    from guichet.core.model.models import db
    from guichet.core.money import open_items

    with db.atomic():
        open_items.track(document)


def _fail(message: str, code: int = EXIT_REFUSED) -> NoReturn:
    from guichet.core.ops.cli_instance import fail

    fail(message, code)


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def register(cli: click.Group) -> None:
    """The ``payments`` command group."""
    import click

    from guichet.core.ops.cli_instance import runtime_and_company

    @cli.group("payments")
    def payments() -> None:
        """Paiements : échéancier, lots de virements SEPA, relevés bancaires."""

    @payments.command("batch")
    @click.option("--company", "siren", required=True, help="SIREN du dossier payeur.")
    @click.option("--due-before", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
                  help="Factures échues au plus tard à cette date (AAAA-MM-JJ).")
    @click.option("--supplier", help="SIREN d'un seul fournisseur.")
    @click.option("--grouping", type=click.Choice(["invoice", "supplier"]), default="invoice", show_default=True,
                  help="Un virement par facture, ou un par fournisseur (numéros de factures dans le libellé).")
    @click.option("--execution-date", type=click.DateTime(formats=["%Y-%m-%d"]),
                  help="Date d'exécution demandée (défaut : demain).")
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Fichier pain.001 à écrire.")
    def batch(siren: str, due_before: dt.datetime, supplier: str | None, grouping: str,
              execution_date: dt.datetime | None, output: str) -> None:
        """Préparer et valider un lot de virements des factures d'achat échues (pain.001.001.09)."""
        from guichet.core.access import payment_rights
        from guichet.core.access.payment_rights import PaymentRefused
        from guichet.core.errors import UnreadableInput
        from guichet.core.money import batches

        rt, company = runtime_and_company(siren, code=EXIT_USAGE)
        with rt.database.connection_context():
            items = batches.due_purchases(company, due_before=due_before.date(), supplier_siren=supplier)
            if not items:
                _fail(f"rien à payer : aucune facture d'achat échue au {due_before:%Y-%m-%d} pour {company.name}")
            try:
                made, skipped = batches.prepare(company, items, grouping=grouping,
                                                execution_date=execution_date.date() if execution_date else None)
            except (batches.BatchRefused, PaymentRefused) as exc:
                _fail(str(exc))
            for skip in skipped:
                click.echo(f"non payée : {skip.item.number or skip.item.document_id} — {skip.reason}", err=True)
            blocked = [p for p in made.payments if p.blocked]
            if blocked:
                batches.cancel(made)
                lines = [f"{p.item.number or p.item.document_id} ({p.creditor_name}) : {p.blocked}"
                         + (f" [{p.finding}]" if p.finding else "") for p in blocked]
                _fail("paiement bloqué, lot abandonné : " + " ; ".join(lines))
            try:
                data = batches.validate(rt, made)
            except (batches.BatchRefused, PaymentRefused, UnreadableInput) as exc:
                batches.cancel(made)
                hint = ""
                if isinstance(exc, PaymentRefused) and payment_rights.four_eyes(company).applies(made.total):
                    hint = (" ; la ligne de commande prépare et valide le même lot : préparez-le dans les pages "
                            "Paiements du dossier et faites-le valider par une autre personne")
                _fail(f"{exc}{hint}")
            Path(output).write_bytes(data)
            made = type(made).get_by_id(made.id)
            click.echo(f"{made.count} facture(s) payée(s), total {_money(made.total)} {made.currency}, "
                       f"lot {made.reference}, exécution le {made.execution_date:%Y-%m-%d} → {output}")

    @payments.command("statement")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--company", "siren", required=True, help="SIREN du dossier titulaire du compte.")
    @click.option("--json", "as_json", is_flag=True, help="Un objet JSON sur la sortie standard.")
    def statement(file: str, siren: str, as_json: bool) -> None:
        """Importer un relevé camt.053/camt.054 ou CFONB 120 et rapprocher ses lignes des factures."""
        from guichet.core.model.payment_models import ImportState
        from guichet.core.money import statements

        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            _fail(f"{file}: {exc.strerror or exc}", EXIT_USAGE)
        rt, company = runtime_and_company(siren, code=EXIT_USAGE)
        with rt.database.connection_context():
            report = statements.import_file(rt, company, data, Path(file).name, source="cli")
        if as_json:
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        if report.state == ImportState.REJECTED:
            _fail(f"{file}: relevé refusé : {report.reason}")
        for rejected in report.rejected:  # the other lines were imported and reconciled
            click.echo(f"{file}: {rejected['reason']}", err=True)
        if as_json:
            return
        if report.state == ImportState.DUPLICATE:
            click.echo(f"déjà importé : {report.duplicates} relevé(s) reconnu(s), rien de nouveau")
        click.echo(f"lignes lues : {report.lines}")
        click.echo(f"rapprochées automatiquement : {report.matched}")
        click.echo(f"à rapprocher par une personne : {report.left}")
        if report.rejected:
            click.echo(f"lignes refusées : {len(report.rejected)}")
        click.echo(f"factures réglées : {len(report.settled)}")
        for row in report.settled:
            click.echo(f"  {row['number'] or row['document']}  {row['amount']}")

    @payments.command("aging")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.option("--json", "as_json", is_flag=True, help="Un objet JSON sur la sortie standard.")
    @click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date de calcul (défaut : aujourd'hui).")
    def aging(siren: str, as_json: bool, on: dt.datetime | None) -> None:
        """Échéancier : à encaisser et à payer par tranche d'échéance (en euros)."""
        from guichet.core.money import aging as ageing
        from guichet.core.money import penalties

        rt, company = runtime_and_company(siren, code=EXIT_USAGE)
        with rt.database.connection_context():
            board = ageing.dashboard([company.id], today=on.date() if on else None,
                                     rates=penalties.from_settings(rt.settings),
                                     window_days=int(rt.settings.get("payments.ratio_window_days", 90)))
        out = board.as_dict()
        if as_json:
            click.echo(json.dumps({"company": company.siren, **out}, ensure_ascii=False, indent=2))
            return
        click.echo(f"{company.name} ({company.siren}) au {board.today:%d/%m/%Y}, en euros")
        for direction in ageing.DIRECTIONS:
            side = board.sides[direction]
            click.echo(f"\n{ageing.DIRECTION_LABELS[direction]} : {_money(side.total)} ({side.count} facture(s))")
            for key, label in ageing.BUCKETS:
                click.echo(f"  {label:18} {_money(side.buckets[key]):>14}  {side.counts[key]:>6}")
            for currency, amount in sorted(side.other_currencies.items()):
                click.echo(f"  hors euros : {_money(amount)} {currency} (non additionné)")

    @payments.command("account")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.option("--iban", required=True, help="IBAN du compte débité des virements.")
    @click.option("--bic", help="BIC (déduit de l'IBAN sinon).")
    @click.option("--name", "holder", help="Titulaire (nom du dossier sinon).")
    @click.option("--street", help="Rue (adresse structurée).")
    @click.option("--postcode", help="Code postal.")
    @click.option("--town", help="Ville.")
    @click.option("--country", default="FR", show_default=True, help="Pays (ISO 3166, 2 lettres).")
    def account(siren: str, iban: str, bic: str | None, holder: str | None, street: str | None,
                postcode: str | None, town: str | None, country: str) -> None:
        """Enregistrer le compte bancaire du dossier (compte débité des virements, compte des relevés)."""
        from guichet.core.money import batches

        rt, company = runtime_and_company(siren, code=EXIT_USAGE)
        address = {k: v for k, v in {"street": street, "postcode": postcode, "town": town,
                                     "country": country.upper() if town else None}.items() if v}
        with rt.database.connection_context():
            try:
                saved = batches.add_account(company, iban, bic=bic, holder_name=holder, address=address)
            except batches.BatchRefused as exc:
                _fail(str(exc), EXIT_USAGE)
        click.echo(f"compte {saved.iban} ({saved.bic or 'BIC non déduit'}) enregistré pour {company.name}")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``guichet payments ...``."""
    register(cli)
