"""Constants and small helpers shared by the tests (tests/ is on sys.path)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
CORPUS = Path(os.environ.get("GUICHET_CORPUS", ROOT.parent / "shared" / "corpus" / "facturx"))
PG_DSN = os.environ.get("GUICHET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

COMPANY_SIREN = "552081317"  # EDF: a real, checksum-valid SIREN
OTHER_SIREN = "542107651"  # Engie
PASSWORD = "motdepasse-test"

#: States of a document that went through the pipeline without a problem.
DONE_STATES = frozenset({"checked", "sealed", "archived"})
