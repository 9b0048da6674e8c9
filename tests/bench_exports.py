"""Hand-over to the firm: the FEC of a company year with 100,000 invoices (time and peak memory, streamed);
the folder sync of 2,000 invoices (first run, then a run with nothing new) and a page of the pull API's feed.

``GUICHET_BENCH_EXPORT_INVOICES`` changes the count (default 100,000).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import resource
import tempfile
import time
import tracemalloc
from decimal import Decimal


def _bulk(company, count: int) -> None:
    """``count`` archived invoices, half purchases half sales, written in bulk (rows as store_invoice leaves them)."""
    from guichet.core.model.invoice import Address, Identifier, Invoice, Party, Totals, VatBreakdown
    from guichet.core.model.models import Document, db
    from guichet.core.model.models import Invoice as InvoiceRow

    start = dt.date(2026, 1, 1)
    for chunk in range(0, count, 2000):
        with db.atomic():
            docs = []
            for i in range(chunk, min(count, chunk + 2000)):
                digest = hashlib.sha256(f"bench-{i}".encode()).hexdigest()
                docs.append({"company": company.id, "sha256": digest, "blob_key": digest, "filename": f"{i}.xml",
                             "size": 1, "channel": "bench", "direction": "purchase" if i % 2 else "sales",
                             "state": "archived", "format": "cii"})
            first = Document.insert_many(docs).execute()
            ids = [d.id for d in Document.select(Document.id).where(Document.sha256.in_([d["sha256"] for d in docs]))
                   .order_by(Document.id)]
            rows = []
            for offset, doc_id in enumerate(ids):
                i = chunk + offset
                base = Decimal(100 + i % 900) + Decimal(i % 100) / 100
                tax = (base * Decimal("0.2")).quantize(Decimal("0.01"))
                other = Party(name=f"Tiers {i % 700}", legal_id=None, address=Address(country="FR"))
                own = Party(name=company.name, legal_id=Identifier(company.siren, "0002"))
                seller, buyer = (other, own) if i % 2 else (own, other)
                day = start + dt.timedelta(days=i % 365)
                invoice = Invoice(number=f"F{i:07d}", issue_date=day, type_code="380", currency="EUR", seller=seller,
                                  buyer=buyer, totals=Totals(tax_exclusive=base, tax_total=tax, tax_inclusive=base + tax),
                                  vat_breakdown=[VatBreakdown("S", Decimal("20"), base, tax)])
                rows.append({"document": doc_id, "company": company.id, "number": invoice.number, "type_code": "380",
                             "issue_date": day, "currency": "EUR", "total_without_tax": base, "total_tax": tax,
                             "total_with_tax": base + tax, "amount_due": base + tax, "source": "xml",
                             "data": invoice.to_dict(), "confidence": {}})
            InvoiceRow.insert_many(rows).execute()
            del first


def run() -> list[tuple[str, str, str]]:
    """Seconds and peak Python memory of the FEC of a 100,000-invoice year; it passes the control rules."""
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm
    from guichet.core.money import exports
    from guichet.core.ops import runtime
    from guichet.core.settings import load_settings

    import fec_rules

    count = int(os.environ.get("GUICHET_BENCH_EXPORT_INVOICES", "100000"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rt = runtime.start(load_settings(tmp, queue={"backend": "memory"}))
        with rt.database.connection_context():
            firm = Firm.create(name="Bench")
            company = accounts.create_company(firm, "Bench SAS", "552081317")
            started = time.perf_counter()
            _bulk(company, count)
            rows.append((f"{count:,} factures archivées créées".replace(",", " "), f"{time.perf_counter() - started:.1f} s", ""))
            target = os.path.join(tmp, "552081317FEC20261231.txt")
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            with open(target, "wb") as out:
                result = exports.run(rt.pm, rt.settings, company, "fec", dt.date(2026, 1, 1), dt.date(2026, 12, 31), out)
            elapsed = time.perf_counter() - started
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            assert result.entries == count and not result.held_back
            with open(target, "rb") as handle:
                assert fec_rules.check(handle.read()) == []
            rows.append((f"FEC d'une année de {count:,} factures".replace(",", " "), f"{elapsed:.1f} s",
                         f"{count / elapsed:.0f} factures/s"))
            # Python allocations measured apart (tracemalloc slows the run several times over).
            tracemalloc.start()
            with open(target, "wb") as out:
                exports.run(rt.pm, rt.settings, company, "fec", dt.date(2026, 1, 1), dt.date(2026, 12, 31), out,
                            record=False)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows.append(("mémoire de pointe de l'export (allocations Python)", f"{peak / 1e6:.0f} Mo", "< 200 Mo"))
            rows.append(("mémoire résidente du processus (max)", f"{max(rss, rss_before) / 1024:.0f} Mo", "< 200 Mo d'export"))
    rows += _sync_and_feed()
    return rows


def _sync_and_feed(count: int = 2000) -> list[tuple[str, str, str]]:
    """Folder sync of ``count`` invoices to a local folder, then again; the first page of the firm API's feed."""
    import statistics

    from guichet.connectors import firm_sync
    from guichet.core.access import accounts
    from guichet.core.model.export_models import create_firm_token
    from guichet.core.model.models import Firm
    from guichet.web.app import create_app

    from export_samples import archived
    from settings_helpers import settings_with_root

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_with_root(tmp)
        app = create_app(settings, config={"TESTING": True})
        rt = app.config["GUICHET_RUNTIME"]
        with rt.database.connection_context():
            firm = Firm.create(name="Bench")
            company = accounts.create_company(firm, "Bench SAS", "552081317")
            for i in range(count):
                archived(company, direction="purchase" if i % 2 else "sales", number=f"S{i:06d}",
                         party=f"Tiers {i % 50}", blobs=rt.blobs, data=b"%PDF-1.7 " + str(i).encode() * 200)
            target = os.path.join(tmp, "cabinet")
            os.mkdir(target)
            firm_sync.configure(rt.settings, company, {"kind": "folder", "folder": target}, user=None)
            started = time.perf_counter()
            first = firm_sync.run(rt, company)
            rows.append((f"synchronisation de {count} factures vers un dossier (1er passage)",
                         f"{time.perf_counter() - started:.1f} s", f"{len(first.sent)} fichiers"))
            started = time.perf_counter()
            again = firm_sync.run(rt, company)
            rows.append(("synchronisation sans nouveauté", f"{time.perf_counter() - started:.1f} s",
                         f"{len(again.sent)} fichier(s) renvoyé(s)"))
            _row, token = create_firm_token(firm, "Bench", ["invoices:read"])
            client = app.test_client()
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                response = client.get("/api/v1/firm/invoices?limit=500", headers={"Authorization": f"Bearer {token}"})
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200 and len(response.get_json()["invoices"]) == min(500, count)
            rows.append((f"API du cabinet : page de {min(500, count)} factures (médiane)", f"{statistics.median(timings):.0f} ms", ""))
    return rows
