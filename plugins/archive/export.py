"""The evidence export: a ZIP an auditor checks with ``openssl`` and ``sha256sum`` alone.

Contents::

    LISEZMOI.txt                     what is inside and the commands to run (French)
    verifier.sh                      the same commands as a script
    verifier_journal.py              re-hashes the event-log extract (python3, standard library)
    MANIFEST.sha256                  sha256sum -c format, every other file
    certificats/tsa-racine.pem       root of the time-stamping authority (from [seal] tsa_ca_file)
    certificats/tsa-chaine.pem       the TSA certificates as sent inside the tokens
    archive/<siren>/<year>/<sha256>.pdf[.tsr|.json]   the archived files, tokens, sidecars
    xml/<document id>-<name>.xml     the structured invoice read from each document
    journal/evenements.jsonl         event-log extract, one JSON line each with its hashes
    journal/chaine/horodatages.txt   "<event id> <event hash>" of the time-stamped chain heads
    journal/chaine/<event id>.tsr    their RFC 3161 tokens (imprint = the event hash)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

README = """\
DOSSIER DE PREUVES — ARCHIVE LÉGALE GUICHET
============================================

Exporté le {now} (UTC). {scope}
Ce dossier se vérifie SANS Guichet, avec openssl et sha256sum (coreutils).

Contenu
-------
- archive/ : les fichiers archivés tels qu'ils sont conservés (factures Factur-X
  scellées PAdES, ou XML originaux), avec pour chacun :
  * <fichier>.tsr  : jeton d'horodatage RFC 3161 portant sur l'empreinte SHA-256 du fichier ;
  * <fichier>.json : manifeste (empreintes, fichier reçu d'origine, fin de conservation).
  Pour une facture scellée, le fichier reçu d'origine est le début exact du PDF
  scellé (mise à jour incrémentale) : `head -c <original_size> FICHIER | sha256sum`
  redonne `original_sha256` du manifeste.
- xml/ : le XML structuré (CII/UBL) de chaque facture.
- journal/evenements.jsonl : extrait du journal d'audit. Chaque événement porte
  l'empreinte de l'événement précédent (prev_hash) et la sienne (hash) :
  hash = SHA-256 du champ « canonical ».
- journal/chaine/ : horodatages RFC 3161 de la tête de chaîne du journal
  (l'empreinte horodatée est le hash de l'événement indiqué) : une réécriture
  de l'historique antérieur serait visible.
- certificats/tsa-racine.pem : certificat racine de l'autorité d'horodatage.
- MANIFEST.sha256 : empreinte SHA-256 de chaque fichier du dossier.

Vérifications (dans le dossier décompressé)
-------------------------------------------
1. Intégrité de tous les fichiers :

     sha256sum -c MANIFEST.sha256

2. Horodatage de chaque fichier archivé (doit afficher « Verification: OK ») :

     openssl ts -verify -data archive/SIREN/ANNEE/EMPREINTE.pdf \\
         -in archive/SIREN/ANNEE/EMPREINTE.pdf.tsr -CAfile certificats/tsa-racine.pem

   Pour lire la date et l'empreinte d'un jeton :

     openssl ts -reply -in archive/SIREN/ANNEE/EMPREINTE.pdf.tsr -text

3. Horodatage des têtes de chaîne du journal (pour chaque ligne « ID HASH » de
   journal/chaine/horodatages.txt) :

     openssl ts -verify -digest HASH -in journal/chaine/ID.tsr -CAfile certificats/tsa-racine.pem

4. Empreintes du journal (python3, sans autre module) :

     python3 verifier_journal.py

   Chaque ligne doit redonner son « hash » ; deux événements consécutifs
   (identifiants qui se suivent) doivent être chaînés (prev_hash = hash précédent).

5. Cachet électronique PAdES des PDF (facultatif, poppler-utils) :

     pdfsig archive/SIREN/ANNEE/EMPREINTE.pdf

Le script verifier.sh exécute les étapes 1 à 3 (et 4 si python3 est présent) ;
il s'arrête à la première erreur.
"""

VERIFY_SH = """\
#!/bin/sh
# Vérification du dossier de preuves sans Guichet : sha256sum et openssl seulement.
set -e
cd "$(dirname "$0")"
sha256sum -c --quiet MANIFEST.sha256
echo "Empreintes : OK"
CA=certificats/tsa-racine.pem
for tsr in $(find archive -name '*.tsr' | sort); do
  echo "Horodatage de ${tsr%.tsr}"
  openssl ts -verify -data "${tsr%.tsr}" -in "$tsr" -CAfile "$CA"
done
if [ -s journal/chaine/horodatages.txt ]; then
  while read -r id hash; do
    echo "Horodatage de la tête de chaîne $id"
    openssl ts -verify -digest "$hash" -in "journal/chaine/$id.tsr" -CAfile "$CA"
  done < journal/chaine/horodatages.txt
fi
if command -v python3 >/dev/null 2>&1; then python3 verifier_journal.py; fi
echo "Dossier de preuves : OK"
"""


VERIFY_JOURNAL_PY = """\
# Vérifie journal/evenements.jsonl : empreinte de chaque événement et chaînage.
import hashlib
import json
import sys

previous = None
for number, line in enumerate(open("journal/evenements.jsonl", encoding="utf-8"), 1):
    event = json.loads(line)
    if hashlib.sha256(event["canonical"].encode("utf-8")).hexdigest() != event["hash"]:
        sys.exit(f"événement {event['id']} : empreinte fausse (ligne {number})")
    fields = [event[k] for k in ("prev_hash", "created_at", "kind", "company_id", "document_id", "user_id", "data")]
    if json.loads(event["canonical"]) != fields:
        sys.exit(f"événement {event['id']} : les champs ne correspondent pas au contenu empreinté")
    if previous and event["id"] == previous["id"] + 1 and event["prev_hash"] != previous["hash"]:
        sys.exit(f"événement {event['id']} : chaînage rompu avec l'événement {previous['id']}")
    previous = event
print("Journal : OK")
"""


def _records(document_ids: list[int] | None, siren: str | None, start: dt.date | None, end: dt.date | None) -> list[Any]:
    from guichet.core.model.archive_models import ArchiveRecord
    from guichet.core.model.models import Company, day_start_utc

    query = ArchiveRecord.select(ArchiveRecord, Company).join(Company).where(ArchiveRecord.archive_path.is_null(False))
    if document_ids:
        query = query.where(ArchiveRecord.document.in_(document_ids))
    if siren:
        query = query.where(Company.siren == siren)
    if start:
        query = query.where(ArchiveRecord.archived_at >= day_start_utc(start))
    if end:
        query = query.where(ArchiveRecord.archived_at < day_start_utc(end + dt.timedelta(days=1)))
    return list(query.order_by(ArchiveRecord.id))


def _event_line(event: Any) -> str:
    from guichet.core.model import events

    when = event.created_at if isinstance(event.created_at, str) else event.created_at.strftime(events._TIME_FORMAT)  # noqa: SLF001
    canonical = json.dumps(
        [event.prev_hash, when, event.kind, event.company_id, event.document_id, event.user_id, event.data],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return json.dumps(
        {"id": event.id, "created_at": when, "kind": event.kind, "company_id": event.company_id,
         "document_id": event.document_id, "user_id": event.user_id, "data": event.data,
         "prev_hash": event.prev_hash, "hash": event.hash, "canonical": canonical},
        ensure_ascii=False, sort_keys=True,
    )


def export_evidence(
    rt: Runtime,
    output: str | Path,
    *,
    document_ids: list[int] | None = None,
    siren: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, int]:
    """Write the evidence ZIP for some documents or a company's period; return counts."""
    from guichet.core.storage import archive
    from guichet.core.model.archive_models import ChainStamp
    from guichet.core.model.models import Event, Invoice, day_start_utc, utcnow
    store = archive.open_archive_store(rt.settings, rt.pm)
    records = _records(document_ids, siren, start, end)
    files: dict[str, bytes] = {}
    tokens: list[bytes] = []
    for record in records:
        path = record.archive_path
        files[f"archive/{path}"] = store.get(path)
        files[f"archive/{path}.json"] = store.get(path + ".json")
        if record.tst:
            tsr = store.get(path + ".tsr")
            files[f"archive/{path}.tsr"] = tsr
            tokens.append(tsr)
        invoice = Invoice.get_or_none(Invoice.document == record.document_id)
        if invoice is not None and invoice.xml_key and record.kind != "xml":
            files[f"xml/{record.document_id}-facture.xml"] = rt.blobs.get(invoice.xml_key)
    doc_ids = [r.document_id for r in records]
    if document_ids:
        event_query = Event.select().where(Event.document_id.in_(doc_ids or [-1]))
    else:
        company_ids = {r.company_id for r in records}
        event_query = Event.select().where(Event.company_id.in_(list(company_ids) or [-1]))
        if start:
            event_query = event_query.where(Event.created_at >= day_start_utc(start))
        if end:
            event_query = event_query.where(Event.created_at < day_start_utc(end + dt.timedelta(days=1)))
    events_list = list(event_query.order_by(Event.id))
    files["journal/evenements.jsonl"] = "".join(_event_line(e) + "\n" for e in events_list).encode("utf-8")
    stamps = []
    if events_list:
        first_id, last_id = events_list[0].id, events_list[-1].id
        stamps = list(ChainStamp.select().where(ChainStamp.event_id >= first_id).order_by(ChainStamp.id))
        # keep those inside the extract and the first one after it (it covers the last events)
        stamps = [s for s in stamps if s.event_id <= last_id] + [s for s in stamps if s.event_id > last_id][:1]
    heads = []
    for stamp in stamps:
        files[f"journal/chaine/{stamp.event_id}.tsr"] = bytes(stamp.tst)
        tokens.append(bytes(stamp.tst))
        heads.append(f"{stamp.event_id} {stamp.event_hash}\n")
    files["journal/chaine/horodatages.txt"] = "".join(heads).encode()
    # The time-stamping plugin's certificates (TSA root, chain inside the tokens)
    evidence = rt.pm.hook.timestamp_evidence(tokens=tokens, settings=rt.settings)
    files.update({f"certificats/{name}": data for name, data in (evidence or {}).items()})
    scope = (f"Documents : {', '.join(map(str, doc_ids))}." if document_ids
             else f"Dossier {siren}, archivés du {start} au {end}.")
    files["LISEZMOI.txt"] = README.format(now=utcnow().isoformat(timespec="seconds"), scope=scope).encode("utf-8")
    files["verifier.sh"] = VERIFY_SH.encode()
    files["verifier_journal.py"] = VERIFY_JOURNAL_PY.encode()
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))
    files["MANIFEST.sha256"] = manifest.encode()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=utcnow().timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if name.endswith(".sh") else 0o644) << 16
            zf.writestr(info, data)
    return {"documents": len(records), "files": len(files), "events": len(events_list)}
