"""Print batches (éditique): the day's paper deliveries of a company, one PDF for the mail house.

The print channel (``plugins/delivery_print.py``) puts each paper delivery in the company's
open :class:`~guichet.core.model.sales_models.PrintBatch`. :func:`close_batches` (a periodic
task, or ``guichet distribution print``) makes one PDF per batch: every invoice's pages one
after the other, nothing in between, the first page of each carrying the customer's
postal address in the window of a French window envelope (:data:`WINDOW`, on a white
ground so that whatever the invoice printed there is covered), plus a manifest (invoice,
customer, first page, page count) for the printer; both are dropped on the mail house's
SFTP server (``[distribution] print_sftp_host``..., :mod:`guichet.core.sales.sftp_drop`: its
host key checked, the outbound policy applied) or into ``[distribution] print_folder`` (a
folder of the host, confined to ``[connectors] allowed_roots`` like every host path). The deliveries become "envoyée" and their
``distribute`` runs end.

The window: French window envelopes (DL 110×220 and C5/6 114×229, folded in three, and
C5 162×229 folded once) have a 100 × 45 mm window 20 mm from the right edge; with the
letter folded in three, the address block of an A4 page sits 50 to 95 mm from its top
and 90 to 190 mm from its left edge (La Poste's "zone adresse"). The address is written
5 mm inside that zone.

The address page is drawn as PDF operators and laid on each invoice's first page with
pikepdf (qpdf, installed with ocrmypdf).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
from typing import TYPE_CHECKING, Any

from guichet.core.access.host_paths import confine_folder
from guichet.core.model import events
from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.models import Company, Invoice, db, paris_today, utcnow
from guichet.core.model.sales_models import Customer, Delivery, DeliveryState, PrintBatch
from guichet.core.model.states import Progress
from guichet.core.pipeline import followups
from guichet.core.sales import deliveries

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings

#: The address zone of an A4 page in a French window envelope, in mm from the top-left corner.
WINDOW = {"left": 90.0, "top": 50.0, "width": 100.0, "height": 45.0}
MM = 72 / 25.4  # PDF points per millimetre
A4_WIDTH, A4_HEIGHT = 595.28, 841.89
STAGE = deliveries.STAGE


def open_batch(company_id: int) -> PrintBatch:
    """The company's open batch (made when there is none). Call in a transaction."""
    batch = (PrintBatch.select().where((PrintBatch.company == company_id) & (PrintBatch.state == "open"))
             .order_by(PrintBatch.id).first())
    return batch or PrintBatch.create(company=company_id, state="open", deliveries=[], manifest={})


def delivery_ids(batch: PrintBatch) -> list[int]:
    """The invoices' deliveries of a batch (its other entries are reminder letters)."""
    return [entry for entry in batch.deliveries or [] if isinstance(entry, int)]


def add_reminder(rt: Runtime, delivery: Delivery, step: int, letter: bytes) -> PrintBatch:
    """Put a reminder letter (PDF) of ``delivery``'s invoice in its company's open batch (once per step).

    The batch's entries are delivery ids (an invoice) and ``{"reminder": blob, "delivery", "step"}``
    (a letter), printed in order; the letter gets the customer's address in the window too.
    """
    key = rt.blobs.put(letter)
    with db.atomic():
        batch = open_batch(delivery.company_id)
        entry = {"reminder": key, "delivery": delivery.id, "step": step}
        if not any(isinstance(e, dict) and e.get("delivery") == delivery.id and e.get("step") == step
                   for e in batch.deliveries or []):
            batch.deliveries = [*(batch.deliveries or []), entry]
            batch.save()
    return batch


def reminder_letter(company: Company, customer: Customer, subject: str, lines: list[str], today: dt.date) -> bytes:
    """A one-page A4 reminder letter (WeasyPrint): the company at the top, the window zone left blank."""
    import html

    from weasyprint import HTML

    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm 20mm 20mm 20mm; }}
body {{ font-family: sans-serif; font-size: 10.5pt; line-height: 1.4; }}
.window {{ height: {WINDOW["top"] + WINDOW["height"] - 20 + 5}mm; }}
h1 {{ font-size: 12pt; }}
</style></head><body>
<div class="window"><strong>{html.escape(company.name)}</strong><br>SIREN {html.escape(company.siren or "")}</div>
<p style="text-align:right">Le {today.strftime("%d/%m/%Y")}</p>
<h1>{html.escape(subject)}</h1>
<p>{html.escape(customer.name)},</p>
{body}
<p>Veuillez agréer nos salutations distinguées.<br>{html.escape(company.name)}</p>
</body></html>"""
    return HTML(string=page).write_pdf()


def batch_of(delivery_id: int, company_id: int) -> PrintBatch | None:
    """The batch holding a delivery, if any (the company's batches are few: open, and dropped ones)."""
    for batch in PrintBatch.select().where(PrintBatch.company == company_id).order_by(PrintBatch.id.desc()).limit(400):
        if delivery_id in delivery_ids(batch):
            return batch
    return None


def add(delivery: Delivery) -> PrintBatch:
    """Put ``delivery`` in its company's open batch (once); the batch holding it."""
    with db.atomic():
        found = batch_of(delivery.id, delivery.company_id)
        if found is not None:
            return found
        batch = open_batch(delivery.company_id)
        batch.deliveries = [*(batch.deliveries or []), delivery.id]
        batch.save()
    return batch


def address_lines(customer: Customer) -> list[str]:
    """The customer's postal address as printed (name, street lines, postcode and town, country abroad)."""
    address = customer.address or {}
    lines = [customer.name, address.get("line1"), address.get("line2"), address.get("line3"),
             " ".join(p for p in (address.get("postcode"), (address.get("city") or "").upper()) if p)]
    country = (address.get("country") or "FR").upper()
    if country != "FR":
        lines.append(country)
    return [str(line)[:38] for line in lines if line]  # 38 characters per line (postal rule, NF Z10-011)


def _pdf_text(line: str) -> bytes:
    """A PDF string literal of ``line`` in WinAnsi (cp1252: every French letter; others become "?")."""
    raw = line.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _overlays(addresses: list[list[str]]) -> Any:
    """A pikepdf document of one A4 page per address: the address block on white, in the envelope window.

    Drawn directly as PDF operators with the standard Helvetica font (no font to embed, no
    layout engine: a thousand pages in a fraction of a second).
    """
    import pikepdf

    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica,
                                                Encoding=pikepdf.Name.WinAnsiEncoding))
    w = WINDOW
    x, y = w["left"] * MM, A4_HEIGHT - (w["top"] + w["height"]) * MM
    width, height = w["width"] * MM, w["height"] * MM
    text_x, first_baseline = x + 5 * MM, A4_HEIGHT - (w["top"] + 5) * MM - 10
    for lines in addresses:
        body = [b"q 1 g %.2f %.2f %.2f %.2f re f Q" % (x, y, width, height),
                b"BT 0 g /F1 10 Tf 12.5 TL %.2f %.2f Td" % (text_x, first_baseline)]
        for number, line in enumerate(lines):
            body.append((b"" if number == 0 else b"T* ") + _pdf_text(line) + b" Tj")
        body.append(b"ET")
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, A4_WIDTH, A4_HEIGHT],
                                  Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                                  Contents=pdf.make_stream(b"\n".join(body)))
        pdf.pages.append(pikepdf.Page(page))
    return pdf


#: Invoices joined per intermediate file while a batch is built (see :func:`build`).
CHUNK = 100


def build(rt: Runtime, batch: PrintBatch, target: str) -> dict[str, Any]:
    """Write the batch's PDF to the file ``target``; its manifest.

    pikepdf (qpdf, already installed with ocrmypdf) copies each invoice's pages and lays the
    address page on the first one as a form XObject (``add_overlay`` appends one drawing
    instruction, the invoice's content is left as it is): a 1,000-invoice batch takes
    seconds where copying object by object in Python took minutes.

    Memory: qpdf copies a page's streams only when the result is written, so every source
    must stay open until then. The invoices are therefore joined :data:`CHUNK` at a time
    into temporary files (their sources closed as each chunk is written), and the chunks,
    read from disk as qpdf needs them, into the batch: the peak holds one chunk of sources,
    not the whole batch's; the batch itself goes to a file, never whole in memory.
    """
    import pikepdf

    entries = list(batch.deliveries or [])
    wanted = [e["delivery"] if isinstance(e, dict) else e for e in entries]
    rows = {d.id: d for d in Delivery.select().where(Delivery.id.in_(wanted))}
    ordered = [(rows[i], e if isinstance(e, dict) else None) for i, e in zip(wanted, entries, strict=True) if i in rows]
    customers = {c.id: c for c in Customer.select().where(Customer.id.in_([d.customer_id for d, _e in ordered]))}
    records = {r.document_id: r for r in ArchiveRecord.select().where(
        ArchiveRecord.document.in_([d.document_id for d, _e in ordered]))}
    numbers = {i.document_id: i.number for i in Invoice.select(Invoice.document, Invoice.number).where(
        Invoice.document.in_([d.document_id for d, _e in ordered]))}
    items = []
    pages = 0
    with tempfile.TemporaryDirectory(prefix="guichet-lot-") as work:
        chunks = []
        for start in range(0, len(ordered), CHUNK):
            part = ordered[start:start + CHUNK]
            overlay = _overlays([address_lines(customers[d.customer_id]) for d, _e in part])
            out = pikepdf.Pdf.new()
            sources = []
            for index, (delivery, letter) in enumerate(part):
                key = letter["reminder"] if letter else records[delivery.document_id].file_key
                source = pikepdf.Pdf.open(io.BytesIO(rt.blobs.get(key)))
                sources.append(source)  # copied lazily: open until this chunk is written
                first = len(out.pages)
                out.pages.extend(source.pages)
                page = out.pages[first]
                page.add_overlay(overlay.pages[index], pikepdf.Rectangle(*page.mediabox))
                customer = customers[delivery.customer_id]
                items.append({"kind": "relance" if letter else "facture", "delivery": delivery.id,
                              **({"step": letter["step"]} if letter else {}), "document": delivery.document_id,
                              "invoice": numbers.get(delivery.document_id), "customer": customer.name,
                              "first_page": pages + first + 1, "pages": len(source.pages),
                              "address": address_lines(customer)})
            pages += len(out.pages)
            chunk = os.path.join(work, f"{start:06d}.pdf")
            out.save(chunk)
            for source in sources:
                source.close()
            out.close()
            overlay.close()
            chunks.append(chunk)
        if len(chunks) == 1:
            shutil.move(chunks[0], target)
        else:
            joined = pikepdf.Pdf.new()
            opened = [pikepdf.Pdf.open(chunk) for chunk in chunks]  # from disk: read as qpdf needs them
            for chunk_pdf in opened:
                joined.pages.extend(chunk_pdf.pages)
            joined.save(target)
            for chunk_pdf in opened:
                chunk_pdf.close()
            joined.close()
    digest = hashlib.sha256()
    with open(target, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    manifest = {"batch": batch.id, "company": batch.company_id, "invoices": sum(i["kind"] == "facture" for i in items),
                "reminders": sum(i["kind"] == "relance" for i in items), "pages": pages,
                "sha256": digest.hexdigest(), "window_mm": WINDOW, "items": items}
    return manifest


def sftp_endpoint(settings: Settings) -> dict[str, Any] | None:
    """The mail house's SFTP drop (``[distribution] print_sftp_*``), or None when batches go to a folder."""
    host = settings.get("distribution.print_sftp_host") or ""
    if not host:
        return None
    return {"host": host, "port": int(settings.get("distribution.print_sftp_port") or 22),
            "user": settings.get("distribution.print_sftp_user") or "",
            "folder": settings.get("distribution.print_sftp_folder") or ".",
            "host_key": settings.get("distribution.print_sftp_host_key") or ""}


def configured(settings: Settings) -> bool:
    """True when batches have somewhere to go (a folder, or the mail house's SFTP server)."""
    return bool(settings.get("distribution.print_folder") or sftp_endpoint(settings))


def _drop(settings: Settings, batch: PrintBatch, pdf: str, manifest: dict[str, Any]) -> str:
    """Drop the batch (the file ``pdf``) and its manifest: on the mail house's SFTP server, else into ``print_folder``."""
    from pathlib import Path

    company = Company.get_by_id(batch.company_id)
    stem = f"lot-{company.siren}-{batch.id:06d}"
    files: list[tuple[str, bytes | Path]] = [
        (f"{stem}.pdf", Path(pdf)), (f"{stem}.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())]
    endpoint = sftp_endpoint(settings)
    if endpoint is not None:
        from guichet.core.sales import sftp_drop

        sftp_drop.upload(settings, endpoint, stem, files)  # each under a temporary name, then renamed
        return stem
    folder = confine_folder(settings, settings.get("distribution.print_folder"))
    for name, content in files:
        partial = folder / f".{name}.part"
        with open(partial, "wb") as handle:
            if isinstance(content, bytes):
                handle.write(content)
            else:
                with open(content, "rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 20)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(folder / name)  # the mail house never sees a half-written file
    return stem


def close_batches(rt: Runtime, company_ids: list[int] | None = None) -> list[PrintBatch]:
    """Close, build and drop every open batch with deliveries (of the companies given); the batches handled."""
    query = PrintBatch.select().where(PrintBatch.state == "open")
    if company_ids is not None:
        query = query.where(PrintBatch.company.in_(company_ids))
    done = []
    for batch in list(query):
        if not batch.deliveries:
            continue
        with db.atomic():
            changed = (PrintBatch.update(state="closing", closed_at=utcnow())
                       .where((PrintBatch.id == batch.id) & (PrintBatch.state == "open")).execute())
        if not changed:
            continue  # another worker has it
        with tempfile.TemporaryDirectory(prefix="guichet-lot-") as work:
            pdf = os.path.join(work, "lot.pdf")
            try:
                manifest = build(rt, batch, pdf)
                stem = _drop(rt.settings, batch, pdf, manifest)
            except Exception as exc:  # noqa: BLE001 - the batch shows the reason; its deliveries wait
                with db.atomic():
                    PrintBatch.update(state="error", reason=f"{type(exc).__name__}: {exc}").where(
                        PrintBatch.id == batch.id).execute()
                done.append(PrintBatch.get_by_id(batch.id))
                continue
            with open(pdf, "rb") as handle:
                key, _size = rt.blobs.put_stream(handle)
        with db.atomic():
            PrintBatch.update(state="dropped", file_key=key, manifest=manifest, pages=manifest["pages"]).where(
                PrintBatch.id == batch.id).execute()
            events.record("print.batch", company_id=batch.company_id,
                          data={"batch": batch.id, "file": stem, "invoices": manifest["invoices"],
                                "pages": manifest["pages"]})
            for delivery in Delivery.select().where(Delivery.id.in_(delivery_ids(batch))):
                deliveries.set_state(delivery, DeliveryState.SENT, reason=f"remise à l'imprimeur (lot {stem})",
                                     external_id=stem, data={"recheck": None, "batch": batch.id})
        for document_id in [i["document"] for i in manifest["items"] if i["kind"] == "facture"]:
            followups.settle(rt, document_id, STAGE, Progress.DONE, reason=f"Envoyée (courrier, lot {stem})")
        done.append(PrintBatch.get_by_id(batch.id))
    return done


def today_label(day: dt.date | None = None) -> str:
    """The day as the channel's reason shows it."""
    return (day or paris_today()).strftime("%d/%m/%Y")
