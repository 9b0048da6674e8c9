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


def allow_host_root(data_dir: Path, root: Path) -> None:
    """Declare ``root`` in the instance file as a folder connectors may read (core/access/host_paths.py)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "guichet.toml").write_text(f'[connectors]\nallowed_roots = ["{root}"]\n', "utf-8")
