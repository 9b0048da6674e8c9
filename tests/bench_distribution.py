"""Distribution: deliveries per second by e-mail to a local SMTP server; a print batch of 1,000 invoices."""

from __future__ import annotations

import resource
import ssl
import tempfile
import time
from pathlib import Path

EMAILS = 200
PRINTED = 1000


def _instance(tmp: str, **sections: dict):  # a started runtime
    from guichet.core.ops import runtime
    from guichet.core.settings import load_settings

    return runtime.start(load_settings(Path(tmp) / "instance", queue={"backend": "memory"}, **sections))


def _company():
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm

    return accounts.create_company(Firm.create(name="Bench"), "Bench SAS", "552081317")


def _smtp(root: Path):  # (controller, server): the aiosmtpd relay of tests/smtpserver.py, started by hand
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from mailserver import _self_signed, free_port
    from smtpserver import SmtpServer

    class _Handler:  # keeps the bytes only: a real relay parses in its own process, not under Guichet's GIL
        def __init__(self, server: SmtpServer) -> None:
            self.server = server

        async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
            self.server.raw.append(envelope.content)
            return "250 Message accepted for delivery"

    _self_signed(root)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(root / "cert.pem", root / "key.pem")
    server = SmtpServer(free_port(), str(root / "cert.pem"))
    controller = Controller(_Handler(server), hostname="127.0.0.1", port=server.port, tls_context=context,
                            require_starttls=True, auth_require_tls=True,
                            authenticator=lambda *_args: AuthResult(success=True, handled=False))
    controller.start()
    return controller, server


def _emails() -> list[tuple[str, str, str]]:
    from guichet.core.pipeline import followups

    from sales_samples import sales_invoice

    with tempfile.TemporaryDirectory() as tmp:
        controller, server = _smtp(Path(tmp))
        try:
            rt = _instance(tmp, mail=server.settings(), web={"public_url": "https://guichet.example"})
            with rt.database.connection_context():
                company = _company()
                documents = [sales_invoice(rt, company, number=f"FV-{n}") for n in range(EMAILS)]
                started, cpu = time.perf_counter(), time.process_time()
                for document in documents:
                    followups.run(rt, document.id, "distribute")
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            assert len(server.raw) == EMAILS and all(b"application/pdf" in raw for raw in server.raw)
        finally:
            controller.stop()
    return [(f"envoi par courriel ({EMAILS} factures, STARTTLS + AUTH, PDF joint, relais sur la boucle locale)",
             f"{EMAILS / elapsed:.1f} envois/s", "≥ 10 envois/s"),
            # Wall time counts the other processes of a shared machine; this does not.
            ("temps processeur par envoi (Guichet et le relais de test, même processus)",
             f"{cpu * 1000 / EMAILS:.0f} ms", "≤ 100 ms")]


def _print() -> list[tuple[str, str, str]]:
    from guichet.core.model.invoice import Address
    from guichet.core.pipeline import followups
    from guichet.core.sales import printing

    from sales_samples import sales_invoice

    with tempfile.TemporaryDirectory() as tmp:
        drop = Path(tmp) / "imprimeur"
        drop.mkdir()
        rt = _instance(tmp, connectors={"allowed_roots": [tmp]}, distribution={"print_folder": str(drop)})
        with rt.database.connection_context():
            company = _company()
            address = Address(line1="3 rue du Four", postcode="69001", city="Lyon", country="FR")
            for n in range(PRINTED):
                document = sales_invoice(rt, company, number=f"FP-{n}", buyer=f"Client {n}", buyer_siren=None,
                                         email=None, address=address)
                followups.run(rt, document.id, "distribute")
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            [batch] = printing.close_batches(rt)
            elapsed = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux: the process's high-water mark
            assert batch.state == "dropped", batch.reason
    return [(f"lot d'impression de {PRINTED} factures ({batch.pages} pages)", f"{elapsed:.1f} s", "< 120 s"),
            ("mémoire de pointe du processus pendant le lot (RSS)",
             f"{peak / 1024:.0f} Mo (+{max(0, peak - before) / 1024:.0f} Mo)", "< 1 Go")]


def run() -> list[tuple[str, str, str]]:
    """Both measures."""
    return _emails() + _print()
