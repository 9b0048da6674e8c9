"""The archive's commands and scheduled jobs: verify, delete (refused before retention), export.

- ``guichet archive verify [--company SIREN] [--since DATE]``: re-hash every archived
  file, check each seal and time-stamp token, walk the event chain and its
  time-stamped heads; exit 1 naming the altered file or event. The last run is
  kept (:func:`guichet.core.storage.archive.last_verification`).
- ``guichet archive delete --document ID``: refused (and logged) before the retention end.
- ``guichet archive export``: the evidence ZIP (:mod:`.export`).

Scheduled jobs (periodic tasks, explicit names) are declared at import with
:mod:`guichet.core.ops.task_declarations` (without loading huey); the worker registers
them with its queue at start-up, since every plugin is loaded before its consumer starts.

Seals and time-stamps are checked through hooks (``verify_seal`` of the plugin that sealed
each file, ``verify_timestamp``, ``check_sealed_data``): this plugin imports no other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from typing import TYPE_CHECKING, Any

import click

from guichet.core import hookimpl
from guichet.core.ops.cli_instance import command_runtime
from guichet.core.ops.task_declarations import periodic_task, task

if TYPE_CHECKING:
    from collections.abc import Callable

    from guichet.core.storage.archive import VerificationRun
    from guichet.core.model.archive_models import ChainAnchor
    from guichet.core.ops.runtime import Runtime


# ---------------------------------------------------------------------------
# Chain head anchors
# ---------------------------------------------------------------------------


def anchor_chain_head(rt: Runtime) -> ChainAnchor | None:
    """Sign the head of the event chain with the seal (and time-stamp it with a TSA) into the archive.

    None when the head did not move, or when there is neither a seal certificate
    nor a TSA. See :mod:`guichet.core.storage.chain_anchors`.
    """
    from guichet.core.storage import chain_anchors

    return chain_anchors.anchor_head(rt)


@periodic_task(name="guichet.timestamp_chain_head", minute="7", runtime=True)
def timestamp_chain_head_task(rt: Runtime) -> int | None:
    """Every hour, anchor the head of the event chain (signed; time-stamped with a TSA)."""
    with rt.database.connection_context():
        anchor = anchor_chain_head(rt)
    return anchor.event_id if anchor else None


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


def verify(
    rt: Runtime,
    *,
    siren: str | None = None,
    since: dt.date | None = None,
    echo: Callable[[str], None] = lambda _line: None,
) -> VerificationRun:
    """Check the archive, the event chain and its time-stamps; save and return the run."""
    from guichet.core.model import events
    from guichet.core.storage import archive
    from guichet.core.model.archive_models import ArchiveRecord, ChainStamp
    from guichet.core.model.models import Company, Event, day_start_utc, utcnow
    started = utcnow()
    check_seal, check_token = _seal_checks(rt)
    store = archive.open_archive_store(rt.settings, rt.pm)
    problems: list[str] = []
    counts = {"files": 0, "seals": 0, "tokens": 0}
    query = ArchiveRecord.select(ArchiveRecord, Company).join(Company).where(ArchiveRecord.archive_path.is_null(False))
    if siren:
        query = query.where(Company.siren == siren)
    if since:
        query = query.where(ArchiveRecord.archived_at >= day_start_utc(since))
    known = set()
    for record in query.order_by(ArchiveRecord.id).iterator():
        known.add(record.archive_path)
        problems.extend(_verify_record(store, record, counts, check_seal, check_token))
    if since is None:
        problems.extend(_unaccounted(store, known, siren))
    echo(f"Fichiers archivés : {counts['files']} ré-empreintés, {counts['seals']} cachets et "
         f"{counts['tokens']} jetons d'horodatage vérifiés.")
    checked, bad = events.verify_chain()
    if bad is not None:
        problems.append(f"événement {bad.id} ({bad.kind}, {bad.created_at}) : altéré, la chaîne des empreintes est rompue")
    echo(f"Journal : {checked} événement(s) chaînés vérifiés" + ("" if bad is None else f", rupture à l'événement {bad.id}") + ".")
    stamps = 0
    for stamp in ChainStamp.select().order_by(ChainStamp.id).iterator():
        stamps += 1
        event = Event.get_or_none(Event.id == stamp.event_id)
        if event is None or event.hash != stamp.event_hash:
            problems.append(f"événement {stamp.event_id} : différent de la tête de chaîne horodatée le {stamp.created_at} (historique réécrit)")
        problems.extend(f"horodatage de la chaîne (événement {stamp.event_id}) : {p}"
                        for p in check_token(bytes(stamp.tst), bytes.fromhex(stamp.event_hash)))
    echo(f"Têtes de chaîne horodatées : {stamps} vérifiée(s).")
    anchors, anchor_problems = _verify_anchors(rt, store, check_token)
    problems.extend(anchor_problems)
    echo(f"Têtes de chaîne signées dans l'archive : {anchors} vérifiée(s)."
         if anchors else "Têtes de chaîne signées dans l'archive : aucune (ni cachet ni horodatage configuré ?).")
    problems.extend(_verify_document_states(siren))
    run = archive.VerificationRun(
        started_at=started.isoformat(timespec="seconds") + "Z",
        finished_at=utcnow().isoformat(timespec="seconds") + "Z",
        ok=not problems,
        files=counts["files"],
        seals=counts["seals"],
        tokens=counts["tokens"],
        events=checked,
        chain_stamps=stamps,
        problems=problems,
        scope={"company": siren, "since": since.isoformat() if since else None},
        chain_anchors=anchors,
    )
    archive.save_verification(rt.settings, run)
    return run


def _seal_checks(rt: Runtime) -> tuple[Callable[[bytes, str | None], list[str]], Callable[[bytes, bytes], list[str]]]:
    """``check_seal(data, sealed_by)`` and ``check_token(token, digest)``, asking the plugins through hooks.

    A seal is checked by the plugin that made it (``sealed_by``); a file archived before
    that was recorded, by the first plugin that can. Nobody able to check is a problem.
    """
    from guichet.core.plugins import answer_of

    def check_seal(data: bytes, sealed_by: str | None) -> list[str]:
        if sealed_by:
            try:
                found = answer_of(rt.pm.hook.verify_seal, sealed_by, data=data, settings=rt.settings)
            except LookupError as exc:
                return [f"cachet non vérifiable : {exc}"]
        else:
            found = rt.pm.hook.verify_seal(data=data, settings=rt.settings)
        return ["aucune extension ne sait vérifier le cachet"] if found is None else found

    def check_token(token: bytes, digest: bytes) -> list[str]:
        found = rt.pm.hook.verify_timestamp(token=token, digest=digest, settings=rt.settings)
        return ["aucune extension ne sait vérifier le jeton d'horodatage"] if found is None else found

    return check_seal, check_token


def _verify_record(store: Any, record: Any, counts: dict[str, int], check_seal: Any, check_token: Any) -> list[str]:
    path = record.archive_path
    counts["files"] += 1
    try:
        data = store.get(path)
    except KeyError:
        return [f"archive/{path} : fichier manquant"]
    problems = []
    found = hashlib.sha256(data).hexdigest()
    if found != record.sha256:
        problems.append(f"archive/{path} : contenu modifié (empreinte {found}, attendue {record.sha256})")
    try:
        manifest = json.loads(store.get(path + ".json"))
        if manifest.get("sha256") != record.sha256:
            problems.append(f"archive/{path}.json : manifeste modifié (empreinte différente de la base)")
        if record.retention_end and manifest.get("retention_end") != record.retention_end.isoformat():
            problems.append(f"archive/{path}.json : date de fin de conservation modifiée")
        problems.extend(_check_sealed_event(path, manifest.get("sealed_event")))
    except (KeyError, ValueError):
        problems.append(f"archive/{path}.json : manifeste manquant ou illisible")
    if record.tst:
        counts["tokens"] += 1
        try:
            tsr = store.get(path + ".tsr")
        except KeyError:
            tsr = None
            problems.append(f"archive/{path}.tsr : jeton d'horodatage manquant")
        if tsr is not None:
            if tsr != bytes(record.tst):
                problems.append(f"archive/{path}.tsr : jeton différent de celui enregistré")
            problems.extend(f"archive/{path}.tsr : {p}" for p in check_token(tsr, bytes.fromhex(record.sha256)))
    if record.sealed:
        counts["seals"] += 1
        problems.extend(f"archive/{path} : {p}" for p in check_seal(data, record.sealed_by))
    return problems


def _check_sealed_event(path: str, reference: dict[str, Any] | None) -> list[str]:
    """The event a sidecar names (the document's sealing) must still be in the chain, unchanged."""
    from guichet.core.model.models import Event

    if not reference:
        return []  # archived before sidecars named their event
    event = Event.get_or_none(Event.id == reference.get("id"))
    if event is None:
        return [f"archive/{path}.json : l'événement {reference.get('id')} qu'il référence a disparu du journal "
                "(journal tronqué)"]
    if event.hash != reference.get("hash"):
        return [f"archive/{path}.json : l'événement {event.id} qu'il référence a changé (historique réécrit)"]
    return []


def _verify_anchors(rt: Runtime, store: Any, check_token: Any) -> tuple[int, list[str]]:
    """Check every signed chain head of the archive against the events; (heads checked, problems)."""
    from guichet.core.model.archive_models import ChainAnchor
    from guichet.core.model.models import Event
    from guichet.core.storage import chain_anchors

    problems: list[str] = []
    stored = chain_anchors.stored_anchors(store)
    for anchor in stored:
        where = f"archive/{anchor.path}"
        try:
            body = anchor.body()
            event_id, event_hash, count = int(body["event_id"]), str(body["event_hash"]), int(body["events"])
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"{where} : tête de chaîne illisible ({exc})")
            continue
        if anchor.signature is None and anchor.token is None:
            problems.append(f"{where} : tête de chaîne sans signature ni horodatage")
        if anchor.signature is not None:
            found = rt.pm.hook.check_sealed_data(data=anchor.data, signature=anchor.signature, settings=rt.settings)
            if found is None:
                problems.append(f"{where}.p7s : aucune extension ne sait vérifier la signature")
            problems.extend(f"{where}.p7s : {p}" for p in found or [])
        if anchor.token is not None:
            problems.extend(f"{where}.tsr : {p}" for p in check_token(anchor.token, bytes.fromhex(event_hash)))
        event = Event.get_or_none(Event.id == event_id)
        signed_on = body.get("created_at", "?")
        if event is None:
            problems.append(f"événement {event_id} : absent du journal, alors que la tête de chaîne signée le "
                            f"{signed_on} le contient (journal tronqué)")
        elif event.hash != event_hash:
            problems.append(f"événement {event_id} : différent de la tête de chaîne signée le {signed_on} "
                            "(historique réécrit)")
        else:
            now = Event.select().where(Event.id <= event_id).count()
            if now != count:
                problems.append(f"journal : {now} événement(s) jusqu'au n° {event_id}, la tête de chaîne signée le "
                                f"{signed_on} en comptait {count} (événements supprimés ou ajoutés)")
    archived = {anchor.path for anchor in stored}
    for row in ChainAnchor.select().order_by(ChainAnchor.id):
        if row.path not in archived:
            problems.append(f"archive/{row.path} : tête de chaîne (événement {row.event_id}) absente de l'archive")
    return len(stored), problems


def _verify_document_states(siren: str | None) -> list[str]:
    """Each document's state must be where its events lead: otherwise its last events were removed."""
    from guichet.core.model import events
    from guichet.core.model.models import Company, Document

    led_to = events.last_states()
    query = Document.select(Document.id, Document.state).join(Company)
    if siren:
        query = query.where(Company.siren == siren)
    problems = []
    for document in query.order_by(Document.id).iterator():
        expected = led_to.get(document.id)
        if expected is None:
            problems.append(f"document {document.id} : aucun événement au journal (journal tronqué)")
        elif expected != document.state:
            problems.append(f"document {document.id} : à l'état « {document.state} », mais son dernier événement "
                            f"le laisse à « {expected} » (journal tronqué ou réécrit)")
    return problems


def _unaccounted(store: Any, known: set[str], siren: str | None) -> list[str]:
    """Archived documents whose record is gone, and archived files no record names."""
    from peewee import JOIN

    from guichet.core.storage import archive, chain_anchors
    from guichet.core.model.archive_models import ArchiveRecord
    from guichet.core.model.models import Company, Document
    from guichet.core.model.states import State

    problems = []
    orphans = (
        Document.select(Document.id)
        .join(Company)
        .switch(Document)
        .join(ArchiveRecord, JOIN.LEFT_OUTER, on=(ArchiveRecord.document == Document.id))
        .where((Document.state == str(State.ARCHIVED)) & ArchiveRecord.id.is_null())
    )
    if siren:
        orphans = orphans.where(Company.siren == siren)
    problems.extend(f"document {doc.id} : archivé mais son enregistrement d'archive a disparu" for doc in orphans)
    if isinstance(store, archive.LocalArchiveStore):
        root = store.root / siren if siren else store.root
        for sidecar in sorted(root.rglob("*.json")) if root.is_dir() else []:
            path = sidecar.relative_to(store.root).as_posix().removesuffix(".json")
            if path.startswith(chain_anchors.FOLDER + "/"):
                continue  # the chain heads, checked by _verify_anchors
            if path not in known:
                problems.append(f"archive/{path} : fichier archivé inconnu de la base")
    return problems


@periodic_task(name="guichet.archive_verify", minute="30", hour="3", runtime=True)
def verify_task(rt: Runtime) -> bool:
    """Every night, verify the whole archive and the audit trail (the admin page shows the result)."""
    with rt.database.connection_context():
        return verify(rt).ok


@task(name="guichet.archive_verify_now", runtime=True)
def verify_now_task(rt: Runtime) -> bool:
    """The verification the firm admin asked for (« Vérifier maintenant »), on the queue.

    The request claimed it (:func:`guichet.core.storage.archive.claim_verification`); each
    step done is written to the progress file the admin page shows; the claim is released
    at the end, whatever happens.
    """
    from guichet.core.storage import archive

    progress = archive.verification_progress(rt.settings) or {"steps": []}
    progress.update(state="running", steps=[])

    def step(line: str) -> None:
        progress["steps"].append(line)
        archive.save_verification_progress(rt.settings, progress)

    archive.save_verification_progress(rt.settings, progress)
    try:
        with rt.database.connection_context():
            run = verify(rt, echo=step)
        progress.update(state="done", ok=run.ok, problems=len(run.problems))
        return run.ok
    except Exception as exc:
        progress.update(state="failed", error=f"{type(exc).__name__} : {exc}")
        raise
    finally:
        archive.save_verification_progress(rt.settings, progress)
        archive.release_verification(rt.settings)


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


@click.group(name="archive")
def archive_group() -> None:
    """Archive légale : vérifier, exporter les preuves, (refuser de) supprimer."""


@archive_group.command(name="verify")
@click.option("--company", "siren", help="SIREN du dossier (par défaut : tous).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Fichiers archivés depuis cette date (AAAA-MM-JJ).")
@click.pass_context
def verify_command(ctx: click.Context, siren: str | None, since: dt.datetime | None) -> None:
    """Ré-empreinter chaque fichier archivé, vérifier cachets, jetons et journal chaîné."""
    rt = command_runtime(ctx, instance_plugins=True)
    with rt.database.connection_context():
        run = verify(rt, siren=siren, since=since.date() if since else None, echo=click.echo)
    for problem in run.problems:
        click.echo(f"ALTÉRÉ : {problem}", err=True)
    click.echo("Résultat : intègre." if run.ok else f"Résultat : {len(run.problems)} altération(s).")
    sys.exit(0 if run.ok else 1)


@archive_group.command(name="delete")
@click.option("--document", "document_id", type=int, required=True, help="Identifiant du document archivé.")
@click.pass_context
def delete_command(ctx: click.Context, document_id: int) -> None:
    """Supprimer un document archivé : refusé avant la fin de sa durée de conservation."""
    from guichet.core.storage import archive
    from guichet.core.model.archive_models import ArchiveRecord

    rt = command_runtime(ctx, instance_plugins=True)
    with rt.database.connection_context():
        record = ArchiveRecord.get_or_none(ArchiveRecord.document == document_id)
        if record is None:
            click.echo(f"guichet: aucun document archivé avec l'identifiant {document_id}", err=True)
            sys.exit(1)
        try:
            archive.delete_archived(archive.open_archive_store(rt.settings, rt.pm), record, origin="cli")
        except archive.RetentionError as exc:
            click.echo(f"guichet: {exc} (tentative consignée au journal)", err=True)
            sys.exit(1)
    click.echo(f"Document {document_id} supprimé de l'archive (durée de conservation échue).")


@archive_group.command(name="export")
@click.option("--document", "document_ids", type=int, multiple=True, help="Identifiant d'un document (répétable).")
@click.option("--company", "siren", help="SIREN du dossier, avec --from et --to.")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), help="Début de période (date d'archivage).")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), help="Fin de période (incluse).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Fichier ZIP à écrire.")
@click.pass_context
def export_command(ctx: click.Context, document_ids: tuple[int, ...], siren: str | None,
                   start: dt.datetime | None, end: dt.datetime | None, output: str) -> None:
    """Exporter un dossier de preuves (ZIP vérifiable avec openssl et sha256sum seuls)."""
    from guichet.plugins.archive.export import export_evidence

    if not document_ids and not (siren and start and end):
        raise click.UsageError("précisez --document ID, ou --company SIREN --from DATE --to DATE")
    rt = command_runtime(ctx, instance_plugins=True)
    with rt.database.connection_context():
        summary = export_evidence(
            rt, output, document_ids=list(document_ids) or None, siren=siren,
            start=start.date() if start else None, end=end.date() if end else None,
        )
    click.echo(f"{output} : {summary['documents']} document(s), {summary['files']} fichier(s), "
               f"{summary['events']} événement(s).")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet archive``."""
    cli.add_command(archive_group)
