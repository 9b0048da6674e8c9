"""Accounting exports: a company's entries of a period in one format, recorded so nothing goes twice.

:func:`formats` collects the formats the plugins write (hook ``register_export_formats``).
:func:`run` selects the company's archived purchase and sales invoices issued in the period,
proposes their entries (:mod:`.entries`), keeps out those held back (with their French
reasons), numbers the others per journal in date order, streams them to the format's writer
into the given binary file, then records the :class:`ExportBatch` and each invoice's
:class:`ExportMark` ("exporté le"). An incremental format leaves out the invoices already
exported in it unless ``again``; the FEC is always the whole period (it is the legal file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from peewee import JOIN

from guichet.core.model import events
from guichet.core.model.export_models import ExportBatch, ExportMark
from guichet.core.model.models import Document, db, paris_today, utcnow
from guichet.core.model.models import Invoice as InvoiceRow
from guichet.core.money import chart, entries
from guichet.core.model.states import State

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.models import Company
    from guichet.core.settings import Settings

#: Labels of the accounts the default settings use, when the company has no imported chart.
PCG_LABELS = {
    "401": "Fournisseurs", "411": "Clients", "4452": "TVA due intracommunautaire",
    "44562": "TVA déductible sur immobilisations", "44566": "TVA déductible sur autres biens et services",
    "445662": "TVA déductible intracommunautaire", "445663": "TVA déductible autoliquidée",
    "44571": "TVA collectée", "445713": "TVA due autoliquidée", "601": "Achats stockés - matières premières",
    "602": "Achats stockés - autres approvisionnements", "604": "Achats d'études et prestations de services",
    "606": "Achats non stockés de matières et fournitures", "607": "Achats de marchandises",
    "61": "Services extérieurs", "62": "Autres services extérieurs", "658": "Charges diverses de gestion courante",
    "701": "Ventes de produits finis", "706": "Prestations de services", "707": "Ventes de marchandises",
    "758": "Produits divers de gestion courante", "6": "Charges", "7": "Produits",
}


@dataclass
class NumberedEntry:
    """An exportable entry with its number in the file (continuous per journal) and validation date."""

    number: str
    sequence: int
    entry: entries.Entry
    valid_date: dt.date


@dataclass
class ExportContext:
    """What a writer knows besides the entries."""

    company: Company
    start: dt.date
    end: dt.date
    options: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    links: Callable[[int], str] | None = None  # document id → URL of its sealed Factur-X

    def account_label(self, number: str) -> str:
        """The chart's label, else the PCG's for the longest known prefix, else « Compte N »."""
        if number in self.labels:
            return self.labels[number]
        for size in range(len(number), 0, -1):
            label = PCG_LABELS.get(number[:size])
            if label:
                return label
        return f"Compte {number}"


@dataclass
class ExportFormat:
    """A format the firm's software imports (declared by a plugin)."""

    name: str
    label: str
    extension: str
    write: Callable[[Iterable[NumberedEntry], ExportContext], Iterator[bytes]]
    incremental: bool = True  # False: always the whole period (FEC)
    options: dict[str, str] = field(default_factory=dict)  # option name → French help


@dataclass
class HeldBack:
    """An invoice kept out of an export, and why."""

    document_id: int
    number: str
    reasons: list[str]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"document": self.document_id, "number": self.number, "reasons": self.reasons}


@dataclass
class ExportResult:
    """What an export wrote and kept out."""

    batch: ExportBatch | None
    entries: int
    held_back: list[HeldBack]
    sha256: str
    skipped_already: int = 0
    document_ids: list[int] = field(default_factory=list)


class ExportRefused(ValueError):
    """An export that cannot run (unknown format, bad period): French message."""


def formats(pm: pluggy.PluginManager) -> dict[str, ExportFormat]:
    """Every format the plugins write, by name (a name given twice stays with the plugin loaded first)."""
    found: dict[str, ExportFormat] = {}
    # pluggy answers the last registered plugin first: reversed, the built-in ones come first.
    for declared in reversed(pm.hook.register_export_formats()):
        for fmt in declared or []:
            found.setdefault(fmt.name, fmt)
    return dict(sorted(found.items()))


def documents_of(company: Company, start: dt.date, end: dt.date, *, exclude_target: str | None = None):  # noqa: ANN201 - a peewee query
    """The company's archived invoices issued in [start, end], journal then date order.

    An invoice whose direction is unknown is among them: its entry is held back with the reason.
    """
    query = (Document.select(Document, InvoiceRow).join(InvoiceRow, on=(InvoiceRow.document == Document.id), attr="row")
             .where((Document.company == company) & (Document.state == str(State.ARCHIVED))
                    & (InvoiceRow.issue_date >= start) & (InvoiceRow.issue_date <= end)))
    if exclude_target:
        query = (query.switch(Document).join(ExportMark, JOIN.LEFT_OUTER,
                                             on=((ExportMark.document == Document.id) & (ExportMark.target == exclude_target)))
                 .where(ExportMark.id.is_null()))
    return query.order_by(Document.direction, InvoiceRow.issue_date, InvoiceRow.number, Document.id)


def held_back_of(company: Company, start: dt.date, end: dt.date, settings: Settings | None = None) -> list[HeldBack]:
    """The invoices of the period an export would keep out (the export page's list)."""
    found = []
    lookups = entries.Lookups.load(company, settings)
    for document in documents_of(company, start, end):
        entry = entries.propose(document, row=document.row, lookups=lookups)
        if not entry.exportable:
            found.append(HeldBack(document.id, entry.piece, entry.problems))
    return found


def run(pm: pluggy.PluginManager, settings: Settings | None, company: Company, fmt_name: str, start: dt.date,
        end: dt.date, out: BinaryIO, *, again: bool = False, options: dict[str, Any] | None = None,
        user_id: int | None = None, filename: str = "", links: Callable[[int], str] | None = None,
        record: bool = True) -> ExportResult:
    """Write the export of ``company`` for [start, end] in ``fmt_name`` to ``out``; record it.

    ``record=False`` writes without a batch nor marks (the folder sync's entries file, which
    marks the invoices it sends under its own target).
    """
    known_formats = formats(pm)
    fmt = known_formats.get(fmt_name)
    if fmt is None:
        msg = f"format d'export inconnu : {fmt_name} (possibles : {', '.join(known_formats) or 'aucun'})"
        raise ExportRefused(msg)
    if end < start:
        msg = f"période vide : le {end:%d/%m/%Y} précède le {start:%d/%m/%Y}"
        raise ExportRefused(msg)
    lookups = entries.Lookups.load(company, settings)
    exclude = fmt.name if fmt.incremental and not again else None
    skipped = 0
    if exclude:
        skipped = documents_of(company, start, end).count() - documents_of(company, start, end, exclude_target=exclude).count()
    held: list[HeldBack] = []
    exported: list[int] = []
    today = paris_today()

    def numbered() -> Iterator[NumberedEntry]:
        counters: dict[str, int] = {}
        for document in documents_of(company, start, end, exclude_target=exclude).iterator():
            entry = entries.propose(document, row=document.row, lookups=lookups)
            if not entry.exportable:
                held.append(HeldBack(document.id, entry.piece, entry.problems))
                continue
            counters[entry.journal] = counters.get(entry.journal, 0) + 1
            sequence = counters[entry.journal]
            exported.append(document.id)
            archived_on = document.updated_at.date() if document.updated_at else today
            yield NumberedEntry(number=f"{entry.journal}{sequence:06d}", sequence=sequence, entry=entry,
                                valid_date=max(archived_on, entry.date) if entry.date else archived_on)

    context = ExportContext(company=company, start=start, end=end, options=dict(options or {}),
                            labels=chart.account_labels(company), links=links)
    digest = hashlib.sha256()
    for piece in fmt.write(numbered(), context):
        out.write(piece)
        digest.update(piece)
    out.flush()
    if not record:
        return ExportResult(batch=None, entries=len(exported), held_back=held, sha256=digest.hexdigest(),
                            skipped_already=skipped, document_ids=exported)
    with db.atomic():
        batch = ExportBatch.create(company=company, format=fmt.name, period_start=start, period_end=end,
                                   filename=filename, sha256=digest.hexdigest(), entries=len(exported),
                                   held_back=[h.as_dict() for h in held], user_id=user_id)
        now = utcnow()
        for chunk_start in range(0, len(exported), 500):
            rows = [{"document": doc_id, "target": fmt.name, "batch": batch.id, "exported_at": now}
                    for doc_id in exported[chunk_start:chunk_start + 500]]
            ExportMark.insert_many(rows).on_conflict(
                conflict_target=[ExportMark.document, ExportMark.target],
                update={ExportMark.batch: batch.id, ExportMark.exported_at: now}).execute()
        events.record("export.written", company_id=company.id, user_id=user_id,
                      data={"batch": batch.id, "format": fmt.name, "from": start.isoformat(), "to": end.isoformat(),
                            "entries": len(exported), "held_back": [h.document_id for h in held],
                            "sha256": batch.sha256})
    if exported:
        pm.hook.documents_exported(company=company, document_ids=list(exported), target=fmt.name)
    return ExportResult(batch=batch, entries=len(exported), held_back=held, sha256=batch.sha256, skipped_already=skipped,
                        document_ids=exported)


def marks_of(document_ids: list[int]) -> dict[int, dict[str, dt.datetime]]:
    """Document id → {target: exported_at} (the "exporté le" marks)."""
    found: dict[int, dict[str, dt.datetime]] = {}
    for mark in ExportMark.select().where(ExportMark.document.in_(document_ids)):
        found.setdefault(mark.document_id, {})[mark.target] = mark.exported_at
    return found


def clear_mark(document: Document, target: str, *, user_id: int | None = None) -> bool:
    """Re-export on demand: remove the document's mark for ``target``; True when there was one."""
    with db.atomic():
        removed = ExportMark.delete().where((ExportMark.document == document) & (ExportMark.target == target)).execute()
        if removed:
            events.record("export.mark_cleared", company_id=document.company_id, document_id=document.id,
                          user_id=user_id, data={"target": target})
    return bool(removed)



#: Folder of each direction in the files handed over (sync tree, export archives).
FOLDERS = {"purchase": "achats", "sales": "ventes"}


@dataclass
class ArchivedFile:
    """An archived invoice's file as handed over: ``<année>/<achats|ventes>/<numéro>.<ext>``."""

    document_id: int
    path: str  # relative, without the company's SIREN
    blob_key: str
    sha256: str


def _safe_name(name: str | None, fallback: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", (name or "").strip()).strip("._")
    return cleaned[:120] or fallback


def archived_files(company: Company, document_ids: list[int] | None = None) -> Iterator[ArchivedFile]:
    """The sealed (else archived, else received) file of each archived purchase and sales invoice.

    Two invoices with the same number in the same folder (two suppliers) keep both: the second
    gets the document id after its number. ``document_ids`` restricts to those documents.
    """
    from guichet.core.model.archive_models import ArchiveRecord

    query = (Document.select(Document, InvoiceRow.number, InvoiceRow.issue_date, ArchiveRecord.file_key,
                             ArchiveRecord.sha256.alias("archived_sha256"), ArchiveRecord.extension)
             .join(InvoiceRow, on=(InvoiceRow.document == Document.id))
             .switch(Document).join(ArchiveRecord, JOIN.LEFT_OUTER, on=(ArchiveRecord.document == Document.id))
             .where((Document.company == company) & (Document.state == str(State.ARCHIVED))
                    & Document.direction.in_(list(FOLDERS)))
             .order_by(Document.id).objects())
    wanted = set(document_ids) if document_ids is not None else None
    used: set[str] = set()
    for doc in query.iterator():
        day = doc.issue_date or doc.created_at.date()
        extension = doc.extension or ("xml" if (doc.format or "") in ("cii", "ubl", "xml") else "pdf")
        base = f"{day.year}/{FOLDERS[doc.direction]}/{_safe_name(doc.number, f'document-{doc.id}')}"
        path = f"{base}.{extension}"
        if path in used:
            path = f"{base}-{doc.id}.{extension}"
        used.add(path)
        if wanted is not None and doc.id not in wanted:
            continue
        yield ArchivedFile(doc.id, path, doc.file_key or doc.blob_key, doc.archived_sha256 if doc.file_key else doc.sha256)
