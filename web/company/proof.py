"""Proof in the UI (issue 19): evidence exports and the archive's integrity check.

The same code as ``guichet archive export`` and ``guichet archive verify``
(plugins/archive/export.py, plugins/archive/): the ZIP holds the sealed files,
their time-stamp tokens, the event extract and a README with the openssl commands
that check them. The verification run now is started in a thread of the web
process and writes the same result file the nightly task writes; the page shows
the last result.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)
_RUNNING = threading.Lock()


def evidence_zip(rt: Runtime, *, document_ids: list[int] | None = None, siren: str | None = None,
                 start: dt.date | None = None, end: dt.date | None = None) -> tuple[bytes, dict[str, int]]:
    """The evidence ZIP's bytes and its counts (the export plugin's own function)."""
    from guichet.plugins.archive.export import export_evidence

    with tempfile.TemporaryDirectory(dir=rt.settings.data_dir / "tmp") as folder:
        target = Path(folder) / "preuves.zip"
        counts = export_evidence(rt, target, document_ids=document_ids, siren=siren, start=start, end=end)
        return target.read_bytes(), counts


def verification_running() -> bool:
    """True while a verification started from the page runs."""
    return _RUNNING.locked()


def start_verification(rt: Runtime) -> bool:
    """Run ``guichet archive verify`` in the background; False when one already runs."""
    if not _RUNNING.acquire(blocking=False):
        return False

    def run() -> None:
        from guichet.plugins.archive import verify

        try:
            with rt.database.connection_context():
                verify(rt)
        except Exception:  # the page shows "no new result"; the log keeps why
            log.exception("archive verification started from the web failed")
        finally:
            _RUNNING.release()

    threading.Thread(target=run, name="guichet-verify", daemon=True).start()
    return True
