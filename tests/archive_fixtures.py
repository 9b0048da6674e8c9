"""Fixtures of the seal and archive tests: a loopback TSA, an instance with a seal certificate.

Import the fixtures by name into a test module (``from archive_fixtures import ...``).
The runtime loads only the reading plugins and the seal/archive ones, so that
controls added by other plugins do not stop the corpus files before the seal.
"""

from __future__ import annotations

import pytest

from guichet.core.access import accounts
from guichet.core.ops import runtime
from guichet.core.pipeline import intake, pipeline
from guichet.core.model.models import Firm
from guichet.core.plugins import make_plugin_manager
from guichet.core.settings import load_settings

from support import COMPANY_SIREN
from tsa import start_tsa

PLUGINS = (
    "guichet.plugins.detect_format",
    "guichet.plugins.facturx",
    "guichet.plugins.cii",
    "guichet.plugins.seal_pades",
    "guichet.plugins.archive",
)
#: A Factur-X of the corpus (factur-x.xml attachment, PDF/A-3 XMP).
SAMPLE = "EN16931_1_Teilrechnung.pdf"
SAMPLES = ("EN16931_1_Teilrechnung.pdf", "EN16931_Elektron.pdf", "Facture_UE_EN16931.pdf")


@pytest.fixture(scope="session")
def tsa():
    """A real RFC 3161 TSA (openssl ts) on 127.0.0.1."""
    server = start_tsa()
    yield server
    server.stop()


@pytest.fixture
def arc_settings(tmp_path, tsa):
    """An instance whose seal uses the demo certificate and the loopback TSA."""
    from guichet.plugins.seal_pades import write_demo_certificate

    data_dir = tmp_path / "instance"
    data_dir.mkdir()
    # The instance file, so that CLI commands (which load the settings again) see the same.
    (data_dir / "guichet.toml").write_text(
        f'[queue]\nbackend = "memory"\n\n[seal]\ntsa_url = "{tsa.url}"\ntsa_ca_file = "{tsa.ca_file}"\n'
    )
    settings = load_settings(data_dir)
    write_demo_certificate(settings)
    return settings


@pytest.fixture
def arc_rt(arc_settings):
    """The runtime of that instance, with only the reading and archive plugins."""
    pm = make_plugin_manager(load_entrypoints=False, extra=PLUGINS)
    started = runtime.start(arc_settings, pm=pm)
    with started.database.connection_context():
        yield started
    started.database.close()


@pytest.fixture
def arc_company(arc_rt):
    """A company of a new firm."""
    firm = Firm.create(name="Cabinet Archive")
    return accounts.create_company(firm, "Société A", COMPANY_SIREN)


def ingest(rt, company, data: bytes, filename: str):
    """Receive ``data`` and run the pipeline to rest; return the document."""
    document, _created = intake.receive(rt, company, data, filename, channel="cli")
    return pipeline.run_to_rest(rt, document.id)
