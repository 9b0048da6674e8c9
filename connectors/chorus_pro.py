"""The Chorus Pro channel: sales invoices to public buyers through the PISTE API (shared/docs/domain.md §3).

The client follows the published API:

- OAuth2 client credentials on PISTE: ``POST <oauth_url>`` (form ``grant_type=client_credentials``,
  ``client_id``, ``client_secret``, ``scope=openid``) → ``access_token``, ``expires_in``; the token
  is kept per process and renewed one minute before it ends, or at once after an HTTP 401.
- Every call: ``POST <api_url>/cpro/...`` JSON, ``Authorization: Bearer``, and
  ``cpro-account: base64("<technical login>:<password>")`` (the company's technical account).
- ``structures/v1/rechercher`` (SIRET → ``idStructureCPP``) then ``structures/v1/consulter``
  (``parametres.codeServiceDoitEtreRenseigne``, ``numeroEJDoitEtreRenseigne``,
  ``gestionNumeroEJOuCodeService``): what the buyer requires (service code BT-10,
  legal commitment BT-13), kept on the customer.
- ``factures/v1/deposer/flux`` with the sealed Factur-X (``syntaxeFlux`` ``IN_DP_E2_CII_FACTURX``)
  → ``numeroFluxDepot``; then ``transverses/v1/consulterCR`` (``etatCourantDepotFlux``:
  ``IN_INTEGRE``, ``IN_REJETE`` with ``listeErreurDP``...) and ``factures/v1/rechercher/fournisseur``
  (the invoice's ``statut``: DEPOSEE … MISE_A_DISPOSITION … MISE_EN_PAIEMENT, REJETEE, SUSPENDUE).
- Errors: HTTP ≠ 200 or ``codeRetour`` ≠ 0 with ``libelle``.

Configuration: ``[chorus_pro]`` (instance: PISTE addresses, client id; the client secret from
``GUICHET_CHORUS_PRO_CLIENT_SECRET``) and, per company, ``settings["chorus_pro"]`` = ``{"login",
"password"}`` (the password encrypted with the connector key, core/connector_vault.py). These
are firm configuration: the addresses are not chosen by a client.
"""

from __future__ import annotations

import base64
import threading
import time
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.connector_vault import decrypt_value
from guichet.core.model.models import db, utcnow
from guichet.core.model.sales_models import DeliveryState
from guichet.core.sales.channels import ChannelUnavailable, DeliveryChannel, DeliveryJob, DeliveryRefused, Handed

if TYPE_CHECKING:
    import click

    from guichet.core.model.models import Company
    from guichet.core.model.sales_models import Customer, Delivery
    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings

SYNTAX = "IN_DP_E2_CII_FACTURX"
#: Invoice statuses after which nothing more is expected (domain.md §3).
FINAL = {"MISE_EN_PAIEMENT": DeliveryState.DELIVERED, "REJETEE": DeliveryState.ERROR,
         "A_RECYCLER": DeliveryState.ERROR}
#: Statuses that mean the buyer has the invoice.
DELIVERED = {"MISE_A_DISPOSITION", "COMPLETEE", "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE",
             "COMPTABILISEE", "MISE_EN_PAIEMENT"}
LABELS = {"DEPOSEE": "déposée", "EN_COURS_ACHEMINEMENT": "en cours d'acheminement",
          "MISE_A_DISPOSITION": "mise à disposition de l'acheteur", "SUSPENDUE": "suspendue par l'acheteur (à compléter)",
          "REJETEE": "rejetée par l'acheteur", "A_RECYCLER": "à recycler (destinataire erroné)",
          "SERVICE_FAIT": "service fait", "MANDATEE": "mandatée", "COMPTABILISEE": "comptabilisée",
          "MISE_EN_PAIEMENT": "mise en paiement"}


class ChorusError(RuntimeError):
    """A Chorus Pro answer: ``status`` (HTTP), ``code`` (codeRetour), ``label`` (libelle)."""

    def __init__(self, status: int, code: Any, label: str) -> None:
        super().__init__(f"Chorus Pro ({status}) : {label}")
        self.status, self.code, self.label = status, code, label


_tokens: dict[tuple[str, str], tuple[str, float]] = {}
_tokens_lock = threading.Lock()


class ChorusClient:
    """The PISTE/Chorus Pro client of one company (its technical account)."""

    def __init__(self, settings: Settings, company: Company) -> None:
        """Read the instance's PISTE access and the company's technical account."""
        self.oauth_url = settings.get("chorus_pro.oauth_url") or ""
        self.api_url = (settings.get("chorus_pro.api_url") or "").rstrip("/")
        self.client_id = settings.get("chorus_pro.client_id") or ""
        self.client_secret = settings.get("chorus_pro.client_secret") or ""
        self.timeout = float(settings.get("chorus_pro.timeout", 30))
        account = (company.settings or {}).get("chorus_pro") or {}
        self.login = account.get("login") or ""
        self.password = decrypt_value(settings, account.get("password")) or ""

    def configured(self) -> bool:
        """True when PISTE and the technical account are set."""
        return all((self.oauth_url, self.api_url, self.client_id, self.client_secret, self.login, self.password))

    def _token(self, *, renew: bool = False) -> str:
        import requests

        key = (self.oauth_url, self.client_id)
        with _tokens_lock:
            cached = _tokens.get(key)
            if cached and not renew and cached[1] > time.monotonic() + 60:
                return cached[0]
            try:
                response = requests.post(self.oauth_url, timeout=self.timeout, data={
                    "grant_type": "client_credentials", "client_id": self.client_id,
                    "client_secret": self.client_secret, "scope": "openid"})
            except requests.RequestException as exc:
                msg = f"PISTE injoignable : {type(exc).__name__}"
                raise ChannelUnavailable(msg) from None
            body = _json(response)
            if response.status_code != 200 or not body.get("access_token"):
                msg = f"PISTE refuse l'authentification ({response.status_code}) : {body.get('error_description') or body.get('error') or 'réponse inattendue'}"
                raise ChannelUnavailable(msg)
            _tokens[key] = (body["access_token"], time.monotonic() + int(body.get("expires_in") or 3600))
            return body["access_token"]

    def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Call ``/cpro/<path>``; a :class:`ChorusError` for a refusal, :class:`ChannelUnavailable` for an outage."""
        import requests

        account = base64.b64encode(f"{self.login}:{self.password}".encode()).decode()
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self._token(renew=attempt == 2)}", "cpro-account": account,
                       "Content-Type": "application/json;charset=utf-8", "Accept": "application/json"}
            try:
                response = requests.post(f"{self.api_url}/cpro/{path}", json=payload, headers=headers,
                                         timeout=self.timeout)
            except requests.RequestException as exc:
                msg = f"Chorus Pro injoignable : {type(exc).__name__}"
                raise ChannelUnavailable(msg) from None
            if response.status_code == 401 and attempt == 1:
                continue  # the token ended early: once more with a new one
            break
        body = _json(response)
        if response.status_code >= 500 or response.status_code in (401, 403, 429):
            msg = f"Chorus Pro indisponible ({response.status_code}) : {body.get('libelle') or body.get('message') or ''}"
            raise ChannelUnavailable(msg.strip(" :"))
        if response.status_code != 200 or body.get("codeRetour") not in (0, None):
            raise ChorusError(response.status_code, body.get("codeRetour"), str(body.get("libelle") or "erreur"))
        return body

    def structure(self, siret: str) -> dict[str, Any] | None:
        """The buyer's structure and what it requires: ``{structure_id, service_required, engagement_required}``."""
        try:
            found = self.post("structures/v1/rechercher", {"structure": {
                "identifiantStructure": siret, "typeIdentifiantStructure": "SIRET"}})
        except ChorusError as exc:
            if exc.status in (400, 404):
                return None
            raise
        structures = found.get("listeStructures") or []
        if len(structures) != 1 or not structures[0].get("idStructureCPP"):
            return None
        structure_id = structures[0]["idStructureCPP"]
        detail = self.post("structures/v1/consulter", {"idStructureCPP": structure_id, "codeLangue": "fr"})
        params = detail.get("parametres") or {}
        either = bool(params.get("gestionNumeroEJOuCodeService"))
        return {"structure_id": str(structure_id), "service_required": bool(params.get("codeServiceDoitEtreRenseigne")),
                "engagement_required": bool(params.get("numeroEJDoitEtreRenseigne")), "either_required": either}

    def deposit(self, pdf: bytes, filename: str) -> str:
        """Deposit a Factur-X; the flux number."""
        body = self.post("factures/v1/deposer/flux", {
            "fichierFlux": base64.b64encode(pdf).decode(), "nomFichier": filename[:50],
            "syntaxeFlux": SYNTAX, "avecSignature": False})
        return str(body["numeroFluxDepot"])

    def report(self, flux: str) -> dict[str, Any]:
        """The deposit's processing report (``etatCourantDepotFlux`` and errors)."""
        return self.post("transverses/v1/consulterCR", {"numeroFluxDepot": flux})

    def add_file(self, name: str, data: bytes, mime: str) -> int:
        """Upload an attachment (``transverses/v1/ajouter/fichier``); its ``pieceJointeId``."""
        extension = name.rpartition(".")[2].upper() if "." in name else ""
        body = self.post("transverses/v1/ajouter/fichier", {
            "pieceJointeFichier": base64.b64encode(data).decode(), "pieceJointeNom": name[-50:],
            "pieceJointeTypeMime": mime, "pieceJointeExtension": extension})
        return int(body["pieceJointeId"])

    def complete(self, invoice_id: int, comment: str, attachments: list[tuple[int, str]]) -> dict[str, Any]:
        """Complete a SUSPENDUE invoice (``factures/v1/completer``): a comment and uploaded attachments."""
        return self.post("factures/v1/completer", {
            "identifiantFactureCPP": invoice_id, "commentaire": comment[:1000],
            "pieceJointeComplementaire": [
                {"pieceJointeComplementaireId": file_id, "pieceJointeComplementaireDesignation": label[:50],
                 "pieceJointeComplementaireType": "FACTURE"} for file_id, label in attachments]})

    def invoice_status(self, flux: str) -> dict[str, Any] | None:
        """The invoice made from the deposit: ``identifiantFactureCPP`` and ``statut``; None before it exists."""
        body = self.post("factures/v1/rechercher/fournisseur", {"numeroFluxDepot": flux})
        found = body.get("listeFactures") or []
        return found[0] if found else None


def _json(response: Any) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _errors(report: dict[str, Any]) -> str:
    items = (report.get("listeErreurDP") or []) + (report.get("listeErreurTechnique") or [])
    texts = [str(e.get("libelleErreur") or e.get("libelleErreurDP") or e.get("libelle") or e) for e in items]
    return "; ".join(texts) or str(report.get("libelle") or "sans détail")


class ChorusProChannel(DeliveryChannel):
    """Chorus Pro (acheteurs publics)."""

    id = "chorus_pro"
    label = "Chorus Pro"
    order = 20

    def missing(self, rt: Runtime, customer: Customer) -> list[str]:
        """A public buyer known by its SIRET, what its structure requires, and the company's access."""
        chorus = customer.chorus or {}
        lacks = []
        if not customer.siret:
            lacks.append("SIRET de l'acheteur public")
        if not chorus.get("structure_id") and customer.channel != self.id:
            lacks.append("acheteur public (structure Chorus Pro ou canal choisi)")
        if chorus.get("service_required") and not chorus.get("service_code"):
            lacks.append("code service")
        if chorus.get("engagement_required") and not chorus.get("engagement"):
            lacks.append("numéro d'engagement juridique")
        if not ChorusClient(rt.settings, customer.company).configured():
            lacks.append("accès PISTE et compte technique Chorus Pro du dossier")
        return lacks

    def send(self, rt: Runtime, job: DeliveryJob) -> Handed:
        """Look the structure up (once), check BT-10/BT-13, deposit the Factur-X."""
        client = ChorusClient(rt.settings, job.company)
        customer = job.customer
        chorus = dict(customer.chorus or {})
        try:
            if not chorus.get("structure_id") or "service_required" not in chorus:
                found = client.structure(customer.siret or "")
                if found is None:
                    msg = f"le SIRET {customer.siret} n'est pas une structure Chorus Pro"
                    raise DeliveryRefused(msg)
                chorus.update(found)
                with db.atomic():
                    customer.chorus, customer.updated_at = chorus, utcnow()
                    customer.save()
            invoice = job.invoice
            service, engagement = invoice.buyer_reference, invoice.order_reference
            if chorus.get("service_required") and not service:
                msg = "la structure exige un code service : la facture doit le porter (BT-10, référence acheteur)"
                raise DeliveryRefused(msg)
            if chorus.get("engagement_required") and not engagement:
                msg = "la structure exige un numéro d'engagement juridique : la facture doit le porter (BT-13)"
                raise DeliveryRefused(msg)
            if chorus.get("either_required") and not (service or engagement):
                msg = "la structure exige un code service (BT-10) ou un numéro d'engagement (BT-13)"
                raise DeliveryRefused(msg)
            flux = client.deposit(job.sealed_pdf(rt), f"{job.filename[:46]}.pdf")
        except ChorusError as exc:
            raise DeliveryRefused(exc.label) from None
        poll = int(rt.settings.get("chorus_pro.poll_seconds", 900))
        return Handed(DeliveryState.SENT, external_id=flux, reason="flux déposé", data={"flux": flux},
                      recheck_after=poll)

    def poll(self, rt: Runtime, job: DeliveryJob) -> Handed | None:
        """The deposit's report, then the invoice's status, as a delivery state."""
        client = ChorusClient(rt.settings, job.company)
        flux = (job.delivery.data or {}).get("flux") or job.delivery.external_id
        poll = int(rt.settings.get("chorus_pro.poll_seconds", 900))
        try:
            report = client.report(flux)
            state = str(report.get("etatCourantDepotFlux") or "")
            if state == "IN_REJETE":
                return Handed(DeliveryState.ERROR, reason=f"flux rejeté : {_errors(report)}")
            if state not in ("IN_INTEGRE", "IN_INTEGRE_PARTIEL"):
                return Handed(DeliveryState.SENT, reason=f"flux en traitement ({state or 'en attente'})",
                              recheck_after=poll)
            found = client.invoice_status(flux)
        except ChorusError as exc:
            raise ChannelUnavailable(exc.label) from None
        if found is None:
            return Handed(DeliveryState.SENT, reason="flux intégré, facture en cours de création", recheck_after=poll)
        status = str(found.get("statut") or "")
        label = f"{status} — {LABELS.get(status, status.lower())}"
        data = {"chorus_invoice": found.get("identifiantFactureCPP"), "chorus_status": status}
        if status != "SUSPENDUE":  # the completion was taken; a later suspension may be completed again
            data["chorus_completed"] = False
        if status in FINAL:
            return Handed(FINAL[status], reason=label, data=data)
        state = DeliveryState.DELIVERED if status in DELIVERED else DeliveryState.SENT
        return Handed(state, reason=label, data=data, recheck_after=poll * 4 if state == DeliveryState.DELIVERED else poll)


#: Attachments Chorus Pro takes to complete an invoice (extension → MIME type) and their size limit.
ATTACHMENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                    "xml": "application/xml", "txt": "text/plain", "odt": "application/vnd.oasis.opendocument.text",
                    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
MAX_ATTACHMENT = 10 * 1024 * 1024
#: The name a completion holds the document's lease under (shown in the lease table).
COMPLETION_STAGE = "chorus_pro.complete"


def complete(rt: Runtime, delivery: Delivery, comment: str, files: list[tuple[str, bytes]], *,
             user_id: int | None = None) -> str:
    """Complete the SUSPENDUE invoice of a Chorus Pro delivery (a comment, attachments); a French summary.

    The delivery's run then looks at the status again at once (COMPLETEE, then the buyer's
    answer). Raises :class:`DeliveryRefused` (French) when it cannot be done.
    """
    from guichet.core.pipeline import leases

    # Two attempts at once (two commands, a retry while the first still runs) must not both upload the
    # attachments and call ``completer``: the document's lease (core/pipeline/leases.py, the one its
    # stages run under) is held from the check of ``chorus_completed`` to its write, so the second one
    # reads it set, or finds the lease taken. Not a database transaction: the Chorus Pro calls may be slow.
    seconds = float(rt.settings.get("limits.lease_seconds", 30))
    try:
        with leases.hold(delivery.document_id, delivery.company_id, COMPLETION_STAGE, seconds=seconds):
            summary = _complete_held(rt, delivery.id, comment, files, user_id=user_id)
    except leases.DocumentBusy:
        msg = "la facture est en cours de traitement (complétion ou relevé du statut) : réessayez dans un instant"
        raise DeliveryRefused(msg) from None
    _wake_up(rt, delivery.document_id)
    return summary


def _complete_held(rt: Runtime, delivery_id: int, comment: str, files: list[tuple[str, bytes]], *,
                   user_id: int | None) -> str:
    """:func:`complete` under the document's lease: check, upload, ``completer``, record."""
    from guichet.core.model import events
    from guichet.core.model.models import Company
    from guichet.core.model.sales_models import Delivery
    from guichet.core.sales import deliveries

    delivery = Delivery.get_by_id(delivery_id)  # as stored now: another completion may have happened since
    data = delivery.data or {}
    if delivery.channel != ChorusProChannel.id or data.get("chorus_status") != "SUSPENDUE" or not data.get("chorus_invoice"):
        msg = "seule une facture Chorus Pro « suspendue » par l'acheteur se complète"
        raise DeliveryRefused(msg)
    if data.get("chorus_completed"):  # never the attachments and ``completer`` twice for one suspension
        msg = "facture déjà complétée : la réponse de l'acheteur est attendue (prochain relevé du statut)"
        raise DeliveryRefused(msg)
    comment = " ".join((comment or "").split())
    if not comment and not files:
        msg = "un commentaire ou une pièce jointe est nécessaire pour compléter la facture"
        raise DeliveryRefused(msg)
    uploads = []
    for name, content in files:
        extension = name.rpartition(".")[2].lower()
        if extension not in ATTACHMENT_TYPES:
            msg = f"pièce jointe « {name} » : type non accepté par Chorus Pro ({', '.join(sorted(ATTACHMENT_TYPES))})"
            raise DeliveryRefused(msg)
        if not content or len(content) > MAX_ATTACHMENT:
            msg = f"pièce jointe « {name} » vide ou de plus de 10 Mo"
            raise DeliveryRefused(msg)
        uploads.append((name, content, ATTACHMENT_TYPES[extension]))
    client = ChorusClient(rt.settings, Company.get_by_id(delivery.company_id))
    try:
        attached = [(client.add_file(name, content, mime), name) for name, content, mime in uploads]
        client.complete(int(data["chorus_invoice"]), comment, attached)
    except ChorusError as exc:
        raise DeliveryRefused(f"Chorus Pro refuse : {exc.label}") from None
    summary = f"complétée ({len(attached)} pièce(s) jointe(s))" + (f" : {comment[:200]}" if comment else "")
    with db.atomic():
        deliveries.set_state(delivery, delivery.state, reason=f"SUSPENDUE — {summary}, en attente de l'acheteur",
                             data={"chorus_completed": True}, user_id=user_id)
        events.record("delivery.chorus_completed", company_id=delivery.company_id, document_id=delivery.document_id,
                      user_id=user_id, data={"delivery": delivery.id, "files": [n for _i, n in attached],
                                             "comment": comment[:200]})
    return summary


def _wake_up(rt: Runtime, document_id: int) -> None:
    """The delivery's run looks at the status again at once (after the lease is released: the run takes it)."""
    from guichet.core.model.models import Document
    from guichet.core.model.states import Progress
    from guichet.core.pipeline import followups
    from guichet.core.sales import deliveries

    if followups.settle(rt, document_id, deliveries.STAGE, Progress.PENDING, reason="facture complétée"):
        document = Document.get_by_id(document_id)
        try:
            rt.enqueue(document.id, document.state)
        except Exception:  # noqa: BLE001 - committed: the worker's periodic resume picks it up
            deliveries.log.warning("document %s: completed on Chorus Pro, follow-up not queued", document.id)


@hookimpl
def register_delivery_channels() -> list[DeliveryChannel]:
    """The Chorus Pro channel."""
    return [ChorusProChannel()]


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``guichet chorus-pro completer DELIVERY [--commentaire TEXT] [--piece FILE]...``."""
    import click

    @cli.group("chorus-pro")
    def chorus_group() -> None:
        """Chorus Pro (acheteurs publics)."""

    @chorus_group.command("completer")
    @click.argument("delivery_id", type=int)
    @click.option("--commentaire", "comment", default="", help="réponse à l'acheteur")
    @click.option("--piece", "pieces", multiple=True, type=click.Path(exists=True, dir_okay=False),
                  help="pièce jointe (PDF, image, XML...), répétable")
    @click.pass_context
    def complete_command(ctx: click.Context, delivery_id: int, comment: str, pieces: tuple[str, ...]) -> None:
        """Complète une facture suspendue par l'acheteur (commentaire et pièces jointes)."""
        from pathlib import Path

        from guichet.core.model.sales_models import Delivery
        from guichet.core.ops.cli_instance import command_runtime

        rt = command_runtime(ctx)
        with rt.database.connection_context():
            delivery = Delivery.get_or_none(Delivery.id == delivery_id)
            if delivery is None:
                raise click.ClickException(f"aucun envoi {delivery_id}")
            try:
                summary = complete(rt, delivery, comment, [(Path(p).name, Path(p).read_bytes()) for p in pieces])
            except (DeliveryRefused, ChannelUnavailable) as exc:
                raise click.ClickException(str(exc)) from None
            click.echo(f"envoi {delivery_id} : facture {summary}")
