"""A plugin that reads "big" documents slowly, as the OCR of a long scan would.

``extract_words`` runs first (tryfirst). For a file whose name starts with
``gros``, it appends ``<file name> <pid> <thread>`` to the file named by
``GUICHET_TEST_MARKER``, sleeps ``GUICHET_TEST_SLOW_SECONDS`` (default 8) and
returns no words; other files go to the real readers.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from guichet.core import hookimpl
from guichet.core.parsing.fields import SOURCE_OCR
from guichet.core.parsing.text import TextResult


@hookimpl(tryfirst=True)
def extract_words(data: bytes, fmt: str, filename: str) -> TextResult | None:
    """Sleep over a "big" document, as a long OCR would hold its worker thread."""
    del data, fmt
    if not filename.startswith("gros"):
        return None
    with Path(os.environ["GUICHET_TEST_MARKER"]).open("a") as handle:
        handle.write(f"{filename} {os.getpid()} {threading.current_thread().name}\n")
    time.sleep(float(os.environ.get("GUICHET_TEST_SLOW_SECONDS", "8")))
    return TextResult(pages=[], source=SOURCE_OCR, engine="lent (test)")
