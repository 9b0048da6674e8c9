"""Proof in the UI (issue 19): evidence exports and the archive's integrity check.

The same code as ``guichet archive export`` and ``guichet archive verify``
(plugins/archive/export.py, plugins/archive/): the ZIP holds the sealed files,
their time-stamp tokens, the event extract and a README with the openssl commands
that check them. « Vérifier maintenant » queues the verification on the task queue
(the worker runs it, never a web thread); it writes its progress step by step and the
same result file the nightly task writes; the page shows both.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)


def evidence_zip(rt: Runtime, *, document_ids: list[int] | None = None, siren: str | None = None,
                 start: dt.date | None = None, end: dt.date | None = None) -> tuple[bytes, dict[str, int]]:
    """The evidence ZIP's bytes and its counts (the export plugin's own function)."""
    from guichet.plugins.archive.export import export_evidence

    with tempfile.TemporaryDirectory(dir=rt.settings.data_dir / "tmp") as folder:
        target = Path(folder) / "preuves.zip"
        counts = export_evidence(rt, target, document_ids=document_ids, siren=siren, start=start, end=end)
        return target.read_bytes(), counts


def verification_running(rt: Runtime) -> bool:
    """True while a verification asked for from the page is queued or running."""
    from guichet.core.storage.archive import verification_claimed

    return verification_claimed(rt.settings)


def start_verification(rt: Runtime, who: str) -> bool:
    """Queue ``guichet archive verify`` on the task queue (the worker runs it); False when one is already asked for.

    The claim (a file created atomically) makes a double click or two admins start it once.
    """
    from guichet.core.storage import archive
    from guichet.plugins.archive import verify_now_task

    if not archive.claim_verification(rt.settings, who):
        return False
    try:
        verify_now_task()
    except Exception:  # the queue is down: say so, and let the next click try again
        log.exception("archive verification could not be queued")
        archive.save_verification_progress(rt.settings, {"state": "failed", "by": who, "steps": [],
                                                         "error": "file d'attente indisponible"})
        archive.release_verification(rt.settings)
        return False
    return True
