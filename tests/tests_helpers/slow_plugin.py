"""A plugin that stalls inside the ``read`` stage, so that a test can kill the worker there.

``parse_invoice`` runs first (tryfirst), writes the file named by
``GUICHET_TEST_MARKER`` (the test waits for it), then sleeps.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from guichet.core import hookimpl


@hookimpl(tryfirst=True)
def parse_invoice(data: bytes, fmt: str) -> None:
    """Signal that the stage has started, then sleep for a minute (the test kills us first)."""
    del data, fmt
    marker = Path(os.environ["GUICHET_TEST_MARKER"])
    with marker.open("a") as handle:
        handle.write(f"{os.getpid()}\n")
    time.sleep(60)
