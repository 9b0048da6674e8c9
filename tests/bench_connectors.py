"""Benchmarks of the intake connectors: mail parsing, HTML to PDF, watched-folder intake rate."""

from __future__ import annotations

import email.policy
import os
import statistics
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path


def _mail() -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"], msg["To"], msg["Subject"] = "a@b.test", "f@c.test", "Facture"
    msg["Message-ID"] = "<bench@b.test>"
    msg.set_content("Bonjour")
    msg.add_alternative("<p>Bonjour</p>", subtype="html")
    for i in range(3):
        msg.add_attachment(b"%PDF-1.7\n" + os.urandom(200_000), maintype="application", subtype="pdf",
                           filename=f"f{i}.pdf")
    return msg.as_bytes()


def _median_ms(func, runs: int = 10) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> list[tuple[str, str, str]]:
    """Rows (metric, value, target)."""
    from guichet.connectors.imap.mail_parts import html_to_pdf, parse_mail
    from guichet.connectors.watched_folder import WatchedFolderConnector
    from guichet.core.access import accounts
    from guichet.core.ops import connector_runs, runtime, tasks
    from guichet.core.connectors import load_connectors
    from guichet.core.model.models import Firm
    from guichet.core.settings import load_settings

    raw = _mail()
    rows = [("courriel 600 Ko, 3 PDF : analyse", f"{_median_ms(lambda: parse_mail(raw)):.1f} ms", "< 50 ms")]
    html_mail = parse_mail(raw)
    html_mail.html = "<h1>Facture 1</h1>" + "<p>Ligne de facture, 10,00 €</p>" * 40
    rows.append(("corps HTML → PDF (WeasyPrint)", f"{_median_ms(lambda: html_to_pdf(html_mail), 5):.0f} ms", "< 300 ms"))

    with tempfile.TemporaryDirectory() as tmp:
        rt = runtime.start(load_settings(Path(tmp) / "instance", queue={"backend": "memory"},
                                         connectors={"allowed_roots": [tmp]}))
        tasks.huey.immediate = False  # measure intake only: documents are queued, not processed
        folder = Path(tmp) / "partage"
        folder.mkdir()
        old = time.time() - 3600
        for i in range(100):
            path = folder / f"scan{i:03}.pdf"
            path.write_bytes(b"%PDF-1.7\n" + os.urandom(100_000))
            os.utime(path, (old, old))
        with rt.database.connection_context():
            company = accounts.create_company(Firm.create(name="B"), "Société", "552081317")
            config = connector_runs.configure(rt, company, WatchedFolderConnector(), {"path": str(folder)})
            start = time.perf_counter()
            report = connector_runs.run_config(rt, config.id, load_connectors(rt.pm))
            elapsed = time.perf_counter() - start
        rt.database.close()
    rate = len(report.received) / elapsed
    rows.append(("dossier surveillé : 100 fichiers de 100 Ko reçus (fsync)", f"{rate:.0f} fichiers/s", "> 20 fichiers/s"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
