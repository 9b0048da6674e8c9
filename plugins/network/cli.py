"""``guichet network ...``: the e-invoicing network from the command line (a contract also checked from outside).

The command line acts as the instance's administrator (logged as such, ``{"origin": "cli"}``).

- ``configure --company SIREN --url BASE_URL --token-url URL --client-id ID --client-secret SECRET
  [--directory-url URL] [--no-reception] [--no-emission]``: the company's platform account (XP Z12-013 Flow
  Service base URL as in the OpenAPI ``servers``, OAuth2 client credentials); URLs checked by the outbound rules;
- ``poll [--company SIREN] [--json]``: fetch the received flows now (invoices and statuses), print what came in;
- ``answer DOCUMENT_ID STATUS [--reason CODE] [--message TEXT]``: a buyer's status (204, 205, 206, 207, 208,
  210, 211) on a received invoice, sent at once (or kept until the platform answers);
- ``send DOCUMENT_ID``: send a sales invoice (directory look-up first; e-reporting when the buyer is not on
  the network);
- ``status [DOCUMENT_ID] [--company SIREN] [--json]``: flows and statuses;
- ``directory IDENTIFIER [--company SIREN] [--json]``: a SIREN, SIRET, SIRET:ROUTING_CODE or addressing identifier;
- ``ereporting ...``: see :mod:`guichet.core.network.ereporting`.

Exit codes: 0 done; 1 refused (French reason on stderr: a bad status, a missing reason, a flow refused by our
checks or the platform, the platform's credentials refused); 2 usage (unknown SIREN or document, no platform
configured); 3 the platform is unavailable or slow: nothing was lost, try again later.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import click

from guichet.core.ops.cli_instance import command_runtime, company_or_fail, fail

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
CLI_CONTEXT = {"origin": "cli"}


def _fail(message: str, code: int = EXIT_REFUSED) -> NoReturn:
    fail(message, code)


def _document(document_id: int) -> Any:
    from guichet.core.model.models import Document

    document = Document.get_or_none(Document.id == document_id)
    if document is None:
        _fail(f"document {document_id} introuvable", EXIT_USAGE)
    return document


def _platform_failure(exc: Exception) -> None:
    from guichet.core.errors import NetworkNotConfigured, OutboundRefused, PlatformError

    if isinstance(exc, NetworkNotConfigured):
        _fail(str(exc), EXIT_USAGE)
    if isinstance(exc, PlatformError) and exc.transient:
        _fail(f"plateforme indisponible, rien n'est perdu, réessayez plus tard : {exc}", EXIT_UNAVAILABLE)
    if isinstance(exc, (PlatformError, OutboundRefused)):
        _fail(str(exc), EXIT_REFUSED)
    raise exc


@click.group("network")
def network() -> None:
    """Réseau de facturation électronique (plateforme agréée, statuts, annuaire, e-reporting)."""


@network.command("configure")
@click.option("--company", "siren", required=True, help="SIREN du dossier.")
@click.option("--url", required=True, help="Adresse de base du service Flow (XP Z12-013).")
@click.option("--token-url", required=True, help="Adresse du jeton OAuth2 (client credentials).")
@click.option("--client-id", required=True)
@click.option("--client-secret", required=True)
@click.option("--directory-url", default="", help="Adresse de base du service Annuaire (défaut : déduite).")
@click.option("--connector", "connector_id", default="afnor_flow", show_default=True, help="Connecteur de plateforme.")
@click.option("--reception/--no-reception", default=True, help="Plateforme de réception de la société.")
@click.option("--emission/--no-emission", default=True, help="Plateforme d'émission de la société.")
def configure(siren: str, url: str, token_url: str, client_id: str, client_secret: str, directory_url: str,
              connector_id: str, reception: bool, emission: bool) -> None:
    """Configurer la plateforme agréée d'une société."""
    from guichet.core.access import outbound
    from guichet.core.errors import OutboundRefused
    from guichet.core.network import accounts
    from guichet.core.ops import connector_runs

    rt = command_runtime()
    company = company_or_fail(siren)
    connector = accounts.platform_connectors(rt.pm).get(connector_id)
    if connector is None:
        _fail(f"connecteur de plateforme « {connector_id} » inconnu", EXIT_USAGE)
    opened = []
    for value in (url, token_url, directory_url):
        if not value:
            continue
        try:
            outbound.check_url(rt.settings, value)
        except OutboundRefused as exc:
            host = _private_host(value)
            if host is None:  # not an address matter: a scheme, credentials in the URL...
                _fail(str(exc), EXIT_REFUSED)
            if host not in opened:
                opened.append(host)
    values = {"url": url, "token_url": token_url, "client_id": client_id, "client_secret": client_secret,
              "directory_url": directory_url, "reception": reception, "emission": emission}
    known = {f.name for f in connector.settings_fields}
    config = connector_runs.configure(rt, company, connector, {k: v for k, v in values.items() if k in known})
    config = _open_hosts(config, opened)
    for host in opened:
        click.echo(f"guichet: attention : {host} est une adresse interne ; ouverte pour ce compte seulement, "
                   "par l'administrateur de l'instance (ligne de commande, journalisé)", err=True)
    problems = connector.check(connector_runs.clear_settings(rt, config, connector))
    if problems:
        _fail("; ".join(problems), EXIT_REFUSED)
    click.echo(f"plateforme configurée pour {company.name} ({company.siren}) : {connector.label}, "
               f"configuration {config.id}")
    token = accounts.new_callback_token(config.id)
    click.echo(f"webhook de la plateforme (facultatif, XP Z12-013 §5.6) : POST <adresse de Guichet>"
               f"/api/v1/network/callback/{token}")


def _private_host(url: str) -> str | None:
    """The host of an http(s) URL refused only because it is on loopback or a private network, else None.

    Link-local (the cloud metadata address), multicast and unspecified addresses, credentials in
    the URL or another scheme stay refused.
    """
    import ipaddress
    import socket
    from urllib.parse import urlsplit

    from guichet.core.access.outbound import refused_reason

    try:
        parts = urlsplit(url)
        port = parts.port or 443
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return None
    try:
        addresses = {ipaddress.ip_address(info[4][0].split("%", 1)[0])
                     for info in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)}
    except (OSError, ValueError):
        return None
    reasons = {refused_reason(address) for address in addresses} - {None}
    allowed = {"adresse de bouclage (le serveur lui-même)", "adresse privée ou réservée (réseau interne)"}
    return parts.hostname if reasons and reasons <= allowed else None


def _open_hosts(config: Any, hosts: list[str]) -> Any:
    """Record the internal hosts the instance administrator opens for this account (an event says so).

    Stored beside the account's settings under a key no form can write (connector_runs.configure
    refuses undeclared names): the web admin pages can never open an internal address.
    """
    from guichet.core.model import events
    from guichet.core.network.accounts import ADMIN_HOSTS
    from guichet.core.model.connector_models import ConnectorConfig
    from guichet.core.model.models import db

    with db.atomic():
        row = ConnectorConfig.get_by_id(config.id)
        settings = dict(row.settings or {})
        if hosts:
            settings[ADMIN_HOSTS] = hosts
        else:
            settings.pop(ADMIN_HOSTS, None)
        ConnectorConfig.update(settings=settings).where(ConnectorConfig.id == config.id).execute()
        if hosts:
            events.record("network.hosts_opened", company_id=row.company_id,
                          data={"config_id": row.id, "hosts": hosts, **CLI_CONTEXT})
    return ConnectorConfig.get_by_id(config.id)


@network.command("poll")
@click.option("--company", "siren", help="SIREN du dossier (défaut : tous ceux qui ont une plateforme).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def poll(siren: str | None, as_json: bool) -> None:
    """Relever maintenant les flux reçus (factures et statuts)."""
    from guichet.core.network import accounts, receiving, sending

    rt = command_runtime()
    if siren:
        companies = [company_or_fail(siren).id]
    else:
        companies = accounts.companies_with_platform(rt)
    out, failed = [], False
    for company_id in companies:
        try:
            report = receiving.poll(rt, company_id)
        except Exception as exc:  # noqa: BLE001 - reported below with its exit code
            _platform_failure(exc)
        sent, waiting = sending.send_pending(rt, company_id)
        failed = failed or bool(report.error)
        out.append({"company": company_id, "invoices": report.invoices,
                    "statuses": [{"document": d, "code": c} for d, c in report.statuses],
                    "refused": [{"flow": f, "reason": r} for f, r in report.refused],
                    "waiting": report.waiting, "known": report.known, "statuses_sent": sent,
                    "statuses_waiting": waiting, "error": report.error})
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        from guichet.core.model import lifecycle

        for row in out:
            click.echo(f"société {row['company']} : {len(row['invoices'])} facture(s) reçue(s), "
                       f"{len(row['statuses'])} statut(s), {len(row['refused'])} flux refusé(s)")
            for document_id in row["invoices"]:
                click.echo(f"  facture reçue : document {document_id}")
            for status in row["statuses"]:
                click.echo(f"  statut {status['code']} {lifecycle.label(status['code'])} : document {status['document']}")
            for refused in row["refused"]:
                click.echo(f"  flux {refused['flow']} refusé : {refused['reason']}")
            if row["error"]:
                click.echo(f"  relève interrompue : {row['error']}", err=True)
    if failed:
        sys.exit(EXIT_UNAVAILABLE)


@network.command("answer")
@click.argument("document_id", type=int)
@click.argument("status")
@click.option("--reason", help="Code motif (DOUBLON, CALCUL_ERR, TX_TVA_ERR, JUSTIF_ABS…).")
@click.option("--message", help="Texte libre envoyé avec le statut.")
def answer(document_id: int, status: str, reason: str | None, message: str | None) -> None:
    """Répondre (acheteur) à une facture reçue par le réseau : 204, 205, 206, 207, 208, 210, 211."""
    from guichet.core.model import lifecycle
    from guichet.core.model.network_models import NetworkStatus
    from guichet.core.network import sending
    from guichet.core.pipeline.decisions import DecisionError, answer_network_status

    rt = command_runtime()
    _document(document_id)
    try:
        recorded = answer_network_status(rt, None, document_id, status, reason=reason, message=message,
                                         context=CLI_CONTEXT)
    except DecisionError as exc:
        _fail(str(exc), EXIT_REFUSED)
    try:
        done = sending.send_status(rt, recorded)
    except Exception as exc:  # noqa: BLE001 - reported with its exit code; the status stays pending
        _platform_failure(exc)
    recorded = NetworkStatus.get_by_id(recorded.id)
    label = f"{recorded.code} {lifecycle.label(recorded.code)}"
    if recorded.delivery == "refused":
        _fail(f"statut {label} refusé : {recorded.error}", EXIT_REFUSED)
    if not done:
        _fail(f"statut {label} enregistré ; la plateforme ne répond pas, il partira à la prochaine relève",
              EXIT_UNAVAILABLE)
    click.echo(f"statut {label} envoyé pour le document {document_id} (flux {recorded.flow_id})")


@network.command("send")
@click.argument("document_id", type=int)
def send(document_id: int) -> None:
    """Envoyer une facture de vente archivée sur le réseau (ou l'orienter vers l'e-reporting)."""
    from guichet.core.errors import FlowRefused
    from guichet.core.network import sending

    rt = command_runtime()
    document = _document(document_id)
    try:
        result = sending.send_invoice(rt, document)
    except FlowRefused as exc:
        _fail(str(exc), EXIT_REFUSED)
    except Exception as exc:  # noqa: BLE001 - reported with its exit code
        _platform_failure(exc)
    click.echo(f"document {document_id} : {result.message}")


def status_rows(document_ids: list[int]) -> list[dict[str, Any]]:
    """Each document's place on the network and its statuses (for ``status --json`` and the API)."""
    from guichet.core.model import lifecycle
    from guichet.core.model.network_models import NetworkDocument
    from guichet.core.network import statuses

    rows = []
    places = {p.document_id: p for p in NetworkDocument.select().where(NetworkDocument.document.in_(document_ids))}
    for document_id in document_ids:
        place = places.get(document_id)
        if place is None:
            continue
        rows.append({
            "document": document_id, "route": place.route, "flow_id": place.flow_id,
            "last_code": place.last_code, "last_label": lifecycle.label(place.last_code),
            "last_reason": place.last_reason,
            "waiting_since": place.waiting_since.isoformat() if place.waiting_since else None,
            "error": place.last_error,
            "statuses": [{"code": s.code, "label": lifecycle.label(s.code), "reason": s.reason, "message": s.message,
                          "origin": s.origin, "delivery": s.delivery, "flow_id": s.flow_id,
                          "at": (s.issued_at or s.created_at).isoformat(), "error": s.error}
                         for s in statuses.history(document_id)],
        })
    return rows


@network.command("status")
@click.argument("document_id", type=int, required=False)
@click.option("--company", "siren", help="SIREN du dossier (défaut : tous).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def status(document_id: int | None, siren: str | None, as_json: bool) -> None:
    """Flux et statuts d'un document, ou de tous les documents sur le réseau."""
    from guichet.core.model.network_models import NetworkDocument

    command_runtime()
    if document_id is not None:
        _document(document_id)
        ids = [document_id]
    else:
        query = NetworkDocument.select(NetworkDocument.document).order_by(NetworkDocument.document)
        if siren:
            query = query.where(NetworkDocument.company == company_or_fail(siren).id)
        ids = [row.document_id for row in query]
    rows = status_rows(ids)
    if document_id is not None and not rows:
        _fail(f"document {document_id} : inconnu du réseau (ni reçu ni envoyé)", EXIT_USAGE)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        head = f"document {row['document']} [{row['route']}]"
        if row["flow_id"]:
            head += f" flux {row['flow_id']}"
        head += f" : {row['last_code'] or '—'} {row['last_label']}".rstrip()
        if row["last_reason"]:
            head += f" ({row['last_reason']})"
        click.echo(head)
        if row["waiting_since"]:
            click.echo(f"  en attente de la plateforme depuis {row['waiting_since']} : {row['error']}")
        elif row["error"]:
            click.echo(f"  {row['error']}")
        for item in row["statuses"]:
            reason = f" {item['reason']}" if item["reason"] else ""
            click.echo(f"  {item['at']} {item['code']} {item['label']}{reason} ({item['origin']}, {item['delivery']})")


@network.command("directory")
@click.argument("identifier")
@click.option("--company", "siren", help="SIREN du dossier dont la plateforme est interrogée (défaut : la première).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def directory(identifier: str, siren: str | None, as_json: bool) -> None:
    """Chercher un destinataire dans l'annuaire : SIREN, SIRET, SIRET:CODE_ROUTAGE ou identifiant d'adressage."""
    from dataclasses import asdict

    from guichet.core.network import accounts

    rt = command_runtime()
    if siren:
        company_id = company_or_fail(siren).id
    else:
        companies = accounts.companies_with_platform(rt)
        if not companies:
            _fail("aucune plateforme agréée configurée (guichet network configure)", EXIT_USAGE)
        company_id = companies[0]
    try:
        acct = accounts.account(rt, company_id, accounts.EMISSION)
        entries = acct.connector.lookup(acct.settings, identifier)
    except Exception as exc:  # noqa: BLE001 - reported with its exit code
        _platform_failure(exc)
    if as_json:
        click.echo(json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo(f"{identifier} : absent de l'annuaire (pas sur le réseau : e-reporting)")
        return
    for entry in entries:
        where = " ".join(part for part in (entry.siret and f"SIRET {entry.siret}",
                                            entry.routing_code and f"code de routage {entry.routing_code}") if part)
        state = "actif" if entry.active else "inactif"
        click.echo(f"{entry.siren} {entry.name or ''} {where} → {entry.addressing_identifier or '—'} ({state})".replace("  ", " "))


@network.command("ereporting")
@click.option("--company", "siren", required=True, help="SIREN du dossier.")
@click.option("--period", help="Mois AAAA-MM (toutes les périodes qui le couvrent).")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), help="Début (AAAA-MM-JJ).")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), help="Fin (AAAA-MM-JJ).")
@click.option("--kind", type=click.Choice(["transactions", "payments", "all"]), default="all", show_default=True)
@click.option("--submit", is_flag=True, help="Déposer les périodes non vides auprès de la plateforme.")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def ereporting_command(siren: str, period: str | None, start: Any, end: Any, kind: str, submit: bool,
                       as_json: bool) -> None:
    """E-reporting (flux 10) : préparer, montrer et déposer les périodes d'une société."""
    import calendar
    import datetime as dt

    from guichet.core.errors import FlowRefused
    from guichet.core.network import ereporting

    rt = command_runtime()
    company = company_or_fail(siren)
    if period:
        try:
            year, month = (int(part) for part in period.split("-"))
            first = dt.date(year, month, 1)
        except ValueError:
            _fail(f"période « {period} » illisible (AAAA-MM attendu)", EXIT_USAGE)
        first_day, last_day = first, first.replace(day=calendar.monthrange(year, month)[1])
    elif start and end:
        first_day, last_day = start.date(), end.date()
    else:
        _fail("indiquez --period AAAA-MM ou --from et --to", EXIT_USAGE)
    rows = []
    kinds = ereporting.KINDS if kind == "all" else (kind,)
    for which in kinds:
        for begin, finish in ereporting.periods_between(company, which, first_day, last_day):
            report = ereporting.prepare(company, which, begin, finish)
            if submit and not ereporting.is_empty(report.content):
                try:
                    report = ereporting.submit(rt, report)
                except FlowRefused as exc:
                    _fail(str(exc), EXIT_REFUSED)
                except Exception as exc:  # noqa: BLE001 - reported with its exit code
                    _platform_failure(exc)
            rows.append({"report_id": report.report_id, "kind": which, "start": begin.isoformat(),
                         "end": finish.isoformat(), "version": report.version,
                         "type": "IN" if report.version == 1 else "RE", "flow_id": report.flow_id,
                         "status": report.status, "content": report.content})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{company.name} ({company.siren}) : régime {ereporting.regime(company)}")
    for row in rows:
        content = row["content"]
        if row["kind"] == "transactions":
            what = (f"{len(content.get('b2c', []))} agrégat(s) B2C, {len(content.get('international', []))} "
                    f"facture(s) internationale(s), base {content.get('total_taxable')} €, TVA {content.get('total_tax')} €")
        else:
            what = f"{len(content.get('payments', []))} encaissement(s), {content.get('total')} €"
        state = f"déposé (flux {row['flow_id']})" if row["flow_id"] else "non déposé"
        if row["status"]:
            state += f", statut {row['status']}"
        click.echo(f"{row['start']} → {row['end']} {row['kind']} v{row['version']} ({row['type']}) : {what} ; {state}")
