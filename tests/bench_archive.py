"""Benchmarks of the seal and the archive: seal + time-stamp per invoice, verification vs sha256sum.

Run by ``make bench`` (tests/bench.py). Uses a real loopback TSA (``openssl ts``)
and the demo self-signed seal certificate.
"""

from __future__ import annotations

import hashlib
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from support import CORPUS
from tsa import start_tsa

SEAL_SAMPLES = 20
#: Copies of the sealed files hashed in the throughput comparison (more data, steadier numbers).
HASH_COPIES = 20


def run() -> list[tuple[str, str, str]]:
    """Rows (metric, value, target)."""
    from guichet.core.storage.archive import LocalArchiveStore
    from guichet.core.settings import load_settings
    from guichet.plugins import archive as archive_plugin
    from guichet.plugins import seal_pades

    work = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    tsa = start_tsa(work / "tsa")
    try:
        settings = load_settings(work / "instance", seal={"tsa_url": tsa.url, "tsa_ca_file": str(tsa.ca_file)})
        seal_pades.write_demo_certificate(settings)
        config = seal_pades.seal_config(settings)
        files = sorted(CORPUS.glob("*.pdf"))[:SEAL_SAMPLES]
        seal_pades.seal(files[0].read_bytes(), config)  # warm-up: imports, key load
        timings, sealed = [], []
        for path in files:
            data = path.read_bytes()
            started = time.perf_counter()
            out = seal_pades.seal(data, config)
            seal_pades.request_token(hashlib.sha256(out).digest(), tsa.url)
            timings.append((time.perf_counter() - started) * 1000)
            sealed.append(out)
        validate = []
        for out in sealed:
            started = time.perf_counter()
            seal_pades.check_seal(out, config)
            validate.append((time.perf_counter() - started) * 1000)

        # Re-hash throughput of the verifier's file check against sha256sum, same files.
        store = LocalArchiveStore(work / "archive")
        records = []
        for copy in range(HASH_COPIES):
            for index, out in enumerate(sealed):
                digest = hashlib.sha256(out).hexdigest()
                path = f"000000000/{copy}/{index}-{digest}.pdf"
                store.put(path, out, None)
                store.put(path + ".json", f'{{"sha256": "{digest}"}}'.encode(), None)
                records.append(_Record(path, digest))
        counts = {"files": 0, "seals": 0, "tokens": 0}
        no_check = lambda *_a: []  # noqa: E731 - the seal/token checks are timed above
        best_py = best_sum = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for record in records:
                problems = archive_plugin._verify_record(store, record, config, counts, no_check, no_check)
                assert not problems, problems
            best_py = min(best_py, time.perf_counter() - started)
            pdfs = [str(store.local_path(r.archive_path)) for r in records]
            started = time.perf_counter()
            subprocess.run(["sha256sum", *pdfs], check=True, capture_output=True)
            best_sum = min(best_sum, time.perf_counter() - started)
        megabytes = sum(len(s) for s in sealed) * HASH_COPIES / 1e6
        return [
            ("cachet PAdES + horodatage (ms/facture, médiane)", f"{statistics.median(timings):.0f}", "≤ 300"),
            ("cachet PAdES + horodatage (ms/facture, max)", f"{max(timings):.0f}", ""),
            ("validation d'un cachet (ms/facture, médiane)", f"{statistics.median(validate):.0f}", ""),
            (f"ré-empreinte archive ({len(records)} fichiers, {megabytes:.0f} Mo) / sha256sum", f"{best_sum / best_py:.2f}", "≥ 0.8"),
        ]
    finally:
        tsa.stop()
        for path in work.rglob("*"):
            if path.is_file():
                path.chmod(0o644)
        shutil.rmtree(work, ignore_errors=True)


class _Record:
    """The fields of an ArchiveRecord the verifier's file check reads."""

    def __init__(self, archive_path: str, sha256: str) -> None:
        self.archive_path = archive_path
        self.sha256 = sha256
        self.tst = None
        self.sealed = False
        self.retention_end = None
