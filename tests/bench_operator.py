"""Operator coding screen: page image rendering and the coding screen's response time."""

from __future__ import annotations

import statistics
import tempfile
import time

from support import CORPUS, PASSWORD

HETZNER = "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"


def run() -> list[tuple[str, str, str]]:
    """Median page render (PNG, 1200 px), coding screen GET and validation POST, in ms."""
    from guichet.core.access import accounts
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.settings import load_settings
    from guichet.core.model.states import Channel
    from guichet.web.app import create_app
    from guichet.web.operator import render

    files = sorted(CORPUS.glob("*.pdf"))[:20]
    renders = []
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        render.page_png(data, f"bench-{path.name}", 1, 1200, image=False)
        renders.append((time.perf_counter() - started) * 1000)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(load_settings(tmp, queue={"backend": "memory"}),
                         config={"TESTING": True, "WTF_CSRF_ENABLED": False})
        rt = app.config["GUICHET_RUNTIME"]
        with rt.database.connection_context():
            from guichet.core.model.models import Firm

            firm = Firm.create(name="Bench")
            company = accounts.create_company(firm, "Bench SAS", "552081317")
            accounts.create_user("op@bench.fr", PASSWORD, firm=firm, firm_role="operator")
            data = (CORPUS / HETZNER).read_bytes()
            screens, posts = [], []
            client = app.test_client()
            client.post("/login", data={"email": "op@bench.fr", "password": PASSWORD})
            for index in range(10):
                doc, _ = intake.receive(rt, company, data + f"\n%{index}".encode(), f"h{index}.pdf",
                                        channel=Channel.CLI)
                doc = pipeline.run_to_rest(rt, doc.id)
                started = time.perf_counter()
                client.get(f"/operateur/documents/{doc.id}/coder")
                screens.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                response = client.post(f"/operateur/documents/{doc.id}/coder", data={
                    "invoice_number": f"R{index}", "issue_date": "2016-01-19", "seller_name": "Hetzner Online GmbH",
                    "total_without_tax": "87.39", "total_tax": "16.61", "total_with_tax": "104.00"})
                posts.append((time.perf_counter() - started) * 1000)
                if response.status_code != 302:
                    msg = f"validation refusée ({response.status_code}) pour {doc.filename} ({doc.state})"
                    raise RuntimeError(msg)
        rt.database.close()
    return [
        ("rendu d'une page en PNG 1200 px (médiane)", f"{statistics.median(renders):.0f} ms", "< 300 ms"),
        ("écran de codage, affichage (médiane)", f"{statistics.median(screens):.0f} ms", "< 300 ms"),
        ("validation + contrôles (médiane)", f"{statistics.median(posts):.0f} ms", "< 1000 ms"),
    ]
