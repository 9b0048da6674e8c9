"""The EDI channel: the invoice as UBL or CII XML, dropped on the customer's SFTP server (paramiko client)
or posted to its AS2 server (``transport = "as2"``: :mod:`guichet.connectors.delivery_edi.as2`, MDN checked).

Per customer (``Customer.edi``, set by firm staff only: it names a host): ``host``, ``port``
(22), ``user``, ``folder``, ``syntax`` (``ubl`` or ``cii``) and ``host_key``, the server's
public key (``ssh-ed25519 AAAA...``) or its fingerprint (``SHA256:...``): Guichet never
connects to a server it cannot recognise. Guichet signs in with the firm's EDI key,
``[distribution] edi_key_file`` (an Ed25519 key created on first use, mode 0600, in the data
dir by default); the customer authorises its public key (:func:`public_key`).

The SFTP client (outbound policy, host key check, ``.part`` then rename) is
:mod:`guichet.core.sales.sftp_drop`, shared with the print batches; the file's name is
derived from the invoice, so a resend after a crash replaces the same file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.connectors.delivery_edi import as2 as delivery_as2
from guichet.core import hookimpl
from guichet.core.model.sales_models import DeliveryState
from guichet.core.sales.channels import DeliveryChannel, DeliveryJob, DeliveryRefused, Handed
from guichet.core.sales.sftp_drop import key_path, load_key, public_key, upload  # noqa: F401 - the EDI key's home

if TYPE_CHECKING:
    import click

    from guichet.core.model.sales_models import Customer
    from guichet.core.ops.runtime import Runtime


class EdiChannel(DeliveryChannel):
    """EDI : XML structuré (UBL ou CII) déposé par SFTP ou transmis par AS2 chez le client."""

    id = "edi"
    label = "EDI (SFTP, AS2)"
    order = 40

    def missing(self, rt: Runtime, customer: Customer) -> list[str]:
        """A configured endpoint, with the server's key (SFTP) or the partner's certificate (AS2)."""
        edi = customer.edi or {}
        if edi.get("transport") == "as2":
            return delivery_as2.missing(edi)
        lacks = []
        if not (edi.get("host") and edi.get("user")):
            lacks.append("point d'échange SFTP (hôte, identifiant)")
        elif not edi.get("host_key"):
            lacks.append("clé publique du serveur SFTP du client")
        return lacks

    def send(self, rt: Runtime, job: DeliveryJob) -> Handed:
        """Write the XML in the customer's syntax and upload it."""
        edi = dict(job.customer.edi or {})
        syntax = edi.get("syntax") or "ubl"
        data = rt.pm.hook.write_invoice(invoice=job.invoice, syntax=syntax, profile=None)
        if not data:
            msg = f"aucune extension n'écrit la syntaxe {syntax}"
            raise DeliveryRefused(msg)
        if edi.get("transport") == "as2":
            return delivery_as2.send(rt, job, edi, data, f"{job.filename}.xml", syntax)
        path = upload(rt.settings, edi, f"{job.filename}.xml", data)
        return Handed(DeliveryState.SENT, external_id=path, reason=f"{syntax.upper()} déposé sur {edi['host']}",
                      data={"syntax": syntax, "bytes": len(data)})

    def poll(self, rt: Runtime, job: DeliveryJob) -> Handed | None:
        """An AS2 delivery waiting for its asynchronous MDN (by what was sent, whatever the customer's transport now)."""
        if ((job.delivery.data or {}).get("as2") or {}).get("mdn") == "async":
            return delivery_as2.poll(rt.settings, job)
        return None


@hookimpl
def register_delivery_channels() -> list[DeliveryChannel]:
    """The EDI channel."""
    return [EdiChannel()]


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``guichet edi as2 SIREN [--id ID] [--key KEY.pem --certificate CERT.pem]``: the company's AS2 identity."""
    import click

    @cli.group("edi")
    def edi_group() -> None:
        """Échanges EDI (SFTP, AS2)."""

    @edi_group.command("as2")
    @click.argument("siren")
    @click.option("--id", "as2_id", default=None, help="notre identifiant AS2 (GUICHET-<SIREN> par défaut)")
    @click.option("--key", "key_file", type=click.Path(exists=True, dir_okay=False), default=None,
                  help="clé privée PEM à importer (avec --certificate)")
    @click.option("--certificate", "cert_file", type=click.Path(exists=True, dir_okay=False), default=None,
                  help="certificat PEM de cette clé")
    @click.pass_context
    def as2_command(ctx: click.Context, siren: str, as2_id: str | None, key_file: str | None,
                    cert_file: str | None) -> None:
        """Affiche (et crée ou importe) l'identité AS2 du dossier : identifiant et certificat à transmettre."""
        from pathlib import Path

        from guichet.core.ops.cli_instance import command_runtime, company_or_fail

        rt = command_runtime(ctx)
        with rt.database.connection_context():
            company = company_or_fail(siren, click_error=True)
            try:
                if as2_id or key_file or cert_file:
                    found = delivery_as2.set_identity(
                        rt.settings, company, as2_id=as2_id,
                        key_pem=Path(key_file).read_text() if key_file else None,
                        certificate_pem=Path(cert_file).read_text() if cert_file else None)
                else:
                    found = delivery_as2.identity(rt.settings, company)
            except ValueError as exc:
                raise click.ClickException(str(exc)) from None
            click.echo(f"identifiant AS2 : {found['as2_id']}")
            click.echo(found["certificate"].strip())
