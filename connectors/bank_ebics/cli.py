"""``guichet payments ebics ...``: the company's EBICS access from the command line (instance administrator).

- ``configure --company SIREN --url URL --host-id H --partner-id P --user-id U [--ebics-version H005|H004]
  [--allow-host HOST]``:
  create the access with fresh keys (``--allow-host`` opens an internal host refused by the outbound
  rules, for this access only; logged);
- ``init --company SIREN``: send the keys (INI, HIA);
- ``letters --company SIREN -o FILE.pdf|.html``: the initialisation letters to sign for the bank;
- ``hpb --company SIREN``: fetch the bank's keys and print their fingerprints;
- ``confirm --company SIREN --x002 HEX --e002 HEX``: compare them with the bank's letter;
- ``send --company SIREN --batch REFERENCE``: upload a validated batch (pain.001.001.09);
- ``fetch --company SIREN [--kind camt.053|camt.054] [--from DATE --to DATE] [--json]``: download and import.

Exit 1 with the French reason when the bank or the rules refuse.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click


def register(group: click.Group) -> None:
    """Add ``ebics`` to the ``guichet payments`` group."""
    import click

    from guichet.connectors.bank_ebics import service
    from guichet.connectors.bank_ebics.messages import EbicsFailure
    from guichet.core.access.payment_rights import PaymentRefused
    from guichet.core.ops.cli_instance import fail as exit_with, runtime_and_company

    def fail(message: str) -> None:
        exit_with(message, 1)

    @group.group("ebics")
    def ebics() -> None:
        """Accès EBICS du dossier (3.0 ou 2.5) : clés, envoi des lots, relevés."""

    def run(siren: str, action: Any) -> Any:
        rt, company = runtime_and_company(siren)  # unknown SIREN: exit 2
        with rt.database.connection_context():
            try:
                return action(rt, company)
            except (EbicsFailure, PaymentRefused) as exc:
                fail(getattr(exc, "reason", None) or str(exc))
        return None

    @ebics.command("configure")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.option("--url", required=True, help="Adresse du serveur EBICS de la banque (https://…).")
    @click.option("--host-id", required=True, help="Identifiant de la banque (HostID).")
    @click.option("--partner-id", required=True, help="Identifiant client (PartnerID).")
    @click.option("--user-id", required=True, help="Identifiant utilisateur (UserID).")
    @click.option("--label", default="", help="Nom de la banque.")
    @click.option("--ebics-version", "version", type=click.Choice(["H005", "H004"]), default="H005",
                  show_default=True, help="H005 : EBICS 3.0 (BTU/BTD) ; H004 : EBICS 2.5 (FUL/FDL).")
    @click.option("--allow-host", "hosts", multiple=True,
                  help="Hôte interne autorisé pour cet accès seulement (refusé sinon par les règles de sortie).")
    def configure(siren: str, url: str, host_id: str, partner_id: str, user_id: str, label: str, version: str,
                  hosts: tuple[str, ...]) -> None:
        """Paramétrer l'accès EBICS du dossier (clés créées et gardées chiffrées)."""
        made = run(siren, lambda rt, c: service.configure(rt, c, url=url, host_id=host_id, partner_id=partner_id,
                                                          user_id=user_id, label=label, version=version,
                                                          allowed_hosts=list(hosts) if hosts else None))
        click.echo(f"accès {service.VERSIONS[made.version]} {made.host_id}/{made.partner_id}/{made.user_id} "
                   f"paramétré ({made.url})")
        for key_version, value in sorted(made.fingerprints.items()):
            click.echo(f"  {key_version} : {value}")

    @ebics.command("init")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    def init(siren: str) -> None:
        """Envoyer les clés de l'abonné à la banque (INI et HIA)."""
        run(siren, service.send_keys)
        click.echo("clés envoyées (INI, HIA) : imprimez les lettres (guichet payments ebics letters), faites-les "
                   "signer et remettez-les à la banque")

    @ebics.command("letters")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Fichier .pdf ou .html.")
    def letters(siren: str, output: str) -> None:
        """Écrire les lettres d'initialisation (INI, HIA) à signer pour la banque."""
        from guichet.connectors.bank_ebics.letter import letter_pdf

        html = run(siren, service.letters)
        target = Path(output)
        target.write_bytes(letter_pdf(html) if target.suffix.lower() == ".pdf" else html.encode("utf-8"))
        click.echo(f"lettres écrites : {output}")

    @ebics.command("hpb")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    def hpb(siren: str) -> None:
        """Récupérer les clés de la banque et afficher leurs empreintes (à comparer avec sa lettre)."""
        made = run(siren, service.fetch_bank_keys)
        for version, value in sorted(made.bank_fingerprints.items()):
            click.echo(f"{version} : {value}")
        click.echo("comparez ces empreintes avec la lettre de la banque, puis : guichet payments ebics confirm")

    @ebics.command("confirm")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.option("--x002", required=True, help="Empreinte SHA-256 de la clé d'authentification (lettre de la banque).")
    @click.option("--e002", required=True, help="Empreinte SHA-256 de la clé de chiffrement (lettre de la banque).")
    def confirm(siren: str, x002: str, e002: str) -> None:
        """Confirmer les clés de la banque d'après sa lettre."""
        run(siren, lambda _rt, c: service.confirm(c, authentication=x002, encryption=e002))
        click.echo("clés de la banque confirmées : l'accès est prêt")

    @ebics.command("send")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.option("--batch", "reference", required=True, help="Référence du lot validé.")
    def send(siren: str, reference: str) -> None:
        """Envoyer un lot validé à la banque (virements SEPA pain.001.001.09)."""
        from guichet.core.model.payment_models import PaymentBatch

        def action(rt: Any, company: Any) -> Any:
            batch = PaymentBatch.get_or_none((PaymentBatch.company == company.id)
                                             & (PaymentBatch.reference == reference))
            if batch is None:
                fail(f"aucun lot {reference} pour ce dossier")
            return service.send_batch(rt, batch), batch

        order, batch = run(siren, action)
        click.echo(f"lot {batch.reference} envoyé : {batch.count} virement(s), {batch.total:.2f} {batch.currency}, "
                   f"ordre de la banque {order.order_id}")

    @ebics.command("fetch")
    @click.option("--company", "siren", required=True, help="SIREN du dossier.")
    @click.option("--kind", type=click.Choice(["camt.053", "camt.054"]), default="camt.053", show_default=True)
    @click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), help="Du (AAAA-MM-JJ).")
    @click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), help="Au (AAAA-MM-JJ).")
    @click.option("--json", "as_json", is_flag=True, help="Un objet JSON sur la sortie standard.")
    def fetch(siren: str, kind: str, start: dt.datetime | None, end: dt.datetime | None, as_json: bool) -> None:
        """Relever les comptes : télécharger les relevés, les importer et les rapprocher."""
        report = run(siren, lambda rt, c: service.fetch_statements(
            rt, c, kind=kind, start=start.date() if start else None, end=end.date() if end else None))
        if as_json:
            click.echo(json.dumps({"service": report.service, "empty": report.empty, "files": report.files,
                                   "imports": [r.as_dict() for r in report.reports]}, ensure_ascii=False, indent=2))
            return
        if report.empty:
            click.echo("aucun nouveau relevé à la banque")
            return
        click.echo(f"fichiers reçus : {report.files}")
        click.echo(f"lignes lues : {report.lines}")
        click.echo(f"rapprochées automatiquement : {report.matched}")
        click.echo(f"relevés déjà importés : {report.duplicates}")
        for reason in report.rejected:
            click.echo(f"refusé : {reason}", err=True)
