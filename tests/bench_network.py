"""The network against the stand-in platform: flows received and sent per second, and a status round trip.

One process, one worker's worth of work. "Reçus" counts fetching, storing and recording a
received invoice (its pipeline is queued, not run: that is measured by the pipeline's own
benchmarks); "envoyés" counts the directory look-up, the tracking-id check and the upload.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import tempfile
import time
from decimal import Decimal

N_RECEIVED = 200
N_SENT = 100
ROUND_TRIPS = 20


def run() -> list[tuple[str, str, str]]:
    """Rows: received flows/s, sent flows/s, send → 200 → 212 median latency."""
    from guichet.core.model.models import Firm
    from guichet.core.money.settlements import RecordedPayment
    from guichet.core.network import receiving, sending
    from guichet.core.ops import runtime
    from guichet.core.settings import load_settings

    from network_samples import UC1_CII, archived_sales_invoice, configure, example_companies
    from standins.afnor_pa import PlatformStandIn

    rows = []
    template = UC1_CII.read_bytes()
    with tempfile.TemporaryDirectory() as tmp, PlatformStandIn() as pa:
        settings = load_settings(tmp, queue={"backend": "memory"}, outbound={"allowed_hosts": ["127.0.0.1"]})
        rt = dataclasses.replace(runtime.start(settings), enqueue=lambda *_: True)
        with rt.database.connection_context():
            firm = Firm.create(name="Bench")
            seller, buyer = example_companies(firm)
            configure(rt, seller, pa)
            configure(rt, buyer, pa)
            for n in range(N_RECEIVED):
                pa.deliver_invoice(template.replace(b"F202500003", f"R{n:09d}".encode()), name=f"R{n}.xml")
            started = time.perf_counter()
            report = receiving.poll(rt, buyer.id)
            elapsed = time.perf_counter() - started
            assert len(report.invoices) == N_RECEIVED, report
            rows.append((f"flux reçus ({N_RECEIVED} factures)", f"{N_RECEIVED / elapsed:.0f} /s", ""))

            pa.add_line("200000008")
            pa.auto_deposit = False
            documents = []
            for n in range(N_SENT + ROUND_TRIPS):
                documents.append(_sales(rt, seller, template, f"S{n:09d}", archived_sales_invoice, tmp))
            started = time.perf_counter()
            for document in documents[:N_SENT]:
                sending.send_invoice(rt, document)
            elapsed = time.perf_counter() - started
            rows.append((f"flux envoyés ({N_SENT} factures, annuaire compris)", f"{N_SENT / elapsed:.0f} /s", ""))

            pa.auto_deposit = True
            timings = []
            for document in documents[N_SENT:]:
                started = time.perf_counter()
                sent = sending.send_invoice(rt, document)
                receiving.poll(rt, seller.id)  # 200 Déposée
                paid = RecordedPayment(document, Decimal("10.00"), dt.date(2026, 10, 1))
                rt.pm.hook.payments_recorded(company=seller, payments=[paid], hook=rt.pm.hook)  # 212, sent at once
                timings.append((time.perf_counter() - started) * 1000)
                assert sent.flow_id
            rows.append(("aller-retour envoi → 200 → 212 (médiane)", f"{statistics.median(timings):.0f} ms", ""))
    return rows


def _sales(rt, company, template, number, make, tmp):  # a sales invoice whose number differs, archived
    from pathlib import Path

    path = Path(tmp) / f"{number}.xml"
    path.write_bytes(template.replace(b"F202500003", number.encode()))
    return make(rt, company, path, open_stage=False)


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
