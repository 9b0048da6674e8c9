"""Print batches (éditique): the day's paper deliveries of a company, one PDF for the mail house.

The print channel (``plugins/delivery_print.py``) puts each paper delivery in the company's
open :class:`~guichet.core.model.sales_models.PrintBatch`. :func:`close_batches` (a periodic
task, or ``guichet distribution print``) makes one PDF per batch: every invoice's pages one
after the other, nothing in between, the first page of each carrying the customer's
postal address in the window of a French window envelope (:data:`WINDOW`, on a white
ground so that whatever the invoice printed there is covered), plus a manifest (invoice,
customer, first page, page count) for the printer; both are dropped into
``[distribution] print_folder`` (a folder of the host, confined to ``[connectors]
allowed_roots`` like every host path). The deliveries become "envoyée" and their
``distribute`` runs end.

The window: French window envelopes (DL 110×220 and C5/6 114×229, folded in three, and
C5 162×229 folded once) have a 100 × 45 mm window 20 mm from the right edge; with the
letter folded in three, the address block of an A4 page sits 50 to 95 mm from its top
and 90 to 190 mm from its left edge (La Poste's "zone adresse"). The address is written
5 mm inside that zone.

The overlay is drawn with WeasyPrint (already the renderer of Factur-X PDFs) and laid on
the pages with pypdf; the batch is written page by page, so a 1,000-invoice batch never
holds more than the current invoice's pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from html import escape
from typing import TYPE_CHECKING, Any

from guichet.core.access.host_paths import confine_folder
from guichet.core.model import events
from guichet.core.model.archive_models import ArchiveRecord
from guichet.core.model.models import Company, Invoice, db, utcnow
from guichet.core.model.sales_models import Customer, Delivery, DeliveryState, PrintBatch
from guichet.core.model.states import Progress
from guichet.core.pipeline import followups
from guichet.core.sales import deliveries

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime
    from guichet.core.settings import Settings

MM = 72 / 25.4  # PDF points per millimetre
#: The address zone of an A4 page in a French window envelope, in mm from the top-left corner.
WINDOW = {"left": 90.0, "top": 50.0, "width": 100.0, "height": 45.0}
STAGE = deliveries.STAGE


def open_batch(company_id: int) -> PrintBatch:
    """The company's open batch (made when there is none). Call in a transaction."""
    batch = (PrintBatch.select().where((PrintBatch.company == company_id) & (PrintBatch.state == "open"))
             .order_by(PrintBatch.id).first())
    return batch or PrintBatch.create(company=company_id, state="open", deliveries=[], manifest={})


def batch_of(delivery_id: int, company_id: int) -> PrintBatch | None:
    """The batch holding a delivery, if any (the company's batches are few: open, and dropped ones)."""
    for batch in PrintBatch.select().where(PrintBatch.company == company_id).order_by(PrintBatch.id.desc()).limit(400):
        if delivery_id in (batch.deliveries or []):
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


def _overlays(addresses: list[list[str]]) -> bytes:
    """One A4 page per address: the address block on white, in the envelope window."""
    from weasyprint import HTML

    w = WINDOW
    pages = "".join(
        '<section class="page"><div class="window"><p>' + "<br>".join(escape(line) for line in lines)
        + "</p></div></section>" for lines in addresses)
    html = (
        "<html><head><style>@page { size: A4; margin: 0 } body { margin: 0 }"
        " .page { position: relative; width: 210mm; height: 297mm; page-break-after: always }"
        f" .window {{ position: absolute; left: {w['left']}mm; top: {w['top']}mm; width: {w['width']}mm;"
        f" height: {w['height']}mm; background: white; box-sizing: border-box; padding: 5mm }}"
        " p { margin: 0; font: 10pt/1.25 'DejaVu Sans', sans-serif }</style></head><body>"
        + pages + "</body></html>")
    return HTML(string=html).write_pdf()


def build(rt: Runtime, batch: PrintBatch) -> tuple[bytes, dict[str, Any]]:
    """The batch's PDF and manifest."""
    from pypdf import PdfReader, PdfWriter

    rows = {d.id: d for d in Delivery.select().where(Delivery.id.in_(batch.deliveries or []))}
    ordered = [rows[i] for i in batch.deliveries or [] if i in rows]
    customers = {c.id: c for c in Customer.select().where(Customer.id.in_([d.customer_id for d in ordered]))}
    overlay = PdfReader(io.BytesIO(_overlays([address_lines(customers[d.customer_id]) for d in ordered])))
    records = {r.document_id: r for r in ArchiveRecord.select().where(
        ArchiveRecord.document.in_([d.document_id for d in ordered]))}
    numbers = {i.document_id: i.number for i in Invoice.select(Invoice.document, Invoice.number).where(
        Invoice.document.in_([d.document_id for d in ordered]))}
    writer = PdfWriter()
    items = []
    for index, delivery in enumerate(ordered):
        reader = PdfReader(io.BytesIO(rt.blobs.get(records[delivery.document_id].file_key)))
        first = len(writer.pages) + 1
        for number, page in enumerate(reader.pages):
            added = writer.add_page(page)
            if number == 0:
                added.merge_page(overlay.pages[index])
        customer = customers[delivery.customer_id]
        items.append({"delivery": delivery.id, "document": delivery.document_id,
                      "invoice": numbers.get(delivery.document_id), "customer": customer.name,
                      "first_page": first, "pages": len(reader.pages), "address": address_lines(customer)})
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    manifest = {"batch": batch.id, "company": batch.company_id, "invoices": len(items), "pages": len(writer.pages),
                "sha256": hashlib.sha256(data).hexdigest(), "window_mm": WINDOW, "items": items}
    return data, manifest


def _drop(settings: Settings, batch: PrintBatch, data: bytes, manifest: dict[str, Any]) -> str:
    """Write the batch and its manifest into ``[distribution] print_folder`` (fsynced, then renamed)."""
    folder = confine_folder(settings, settings.get("distribution.print_folder"))
    company = Company.get_by_id(batch.company_id)
    stem = f"lot-{company.siren}-{batch.id:06d}"
    for name, content in ((f"{stem}.pdf", data), (f"{stem}.json", json.dumps(manifest, ensure_ascii=False,
                                                                              indent=1).encode())):
        partial = folder / f".{name}.part"
        with open(partial, "wb") as handle:
            handle.write(content)
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
        try:
            data, manifest = build(rt, batch)
            stem = _drop(rt.settings, batch, data, manifest)
        except Exception as exc:  # noqa: BLE001 - the batch shows the reason; its deliveries wait
            with db.atomic():
                PrintBatch.update(state="error", reason=f"{type(exc).__name__}: {exc}").where(
                    PrintBatch.id == batch.id).execute()
            done.append(PrintBatch.get_by_id(batch.id))
            continue
        key = rt.blobs.put(data)
        with db.atomic():
            PrintBatch.update(state="dropped", file_key=key, manifest=manifest, pages=manifest["pages"]).where(
                PrintBatch.id == batch.id).execute()
            events.record("print.batch", company_id=batch.company_id,
                          data={"batch": batch.id, "file": stem, "invoices": manifest["invoices"],
                                "pages": manifest["pages"]})
            for delivery in Delivery.select().where(Delivery.id.in_(batch.deliveries)):
                deliveries.set_state(delivery, DeliveryState.SENT, reason=f"remise à l'imprimeur (lot {stem})",
                                     external_id=stem, data={"recheck": None, "batch": batch.id})
        for document_id in [i["document"] for i in manifest["items"]]:
            followups.settle(rt, document_id, STAGE, Progress.DONE, reason=f"Envoyée (courrier, lot {stem})")
        done.append(PrintBatch.get_by_id(batch.id))
    return done


def today_label(day: dt.date | None = None) -> str:
    """The day as the channel's reason shows it."""
    return (day or dt.date.today()).strftime("%d/%m/%Y")
