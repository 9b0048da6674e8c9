"""Scanning through SANE with its ``test`` backend as a real device; USB discovery with pyusb."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from guichet.connectors.usb_scanner import UsbScannerConnector, sane_devices, scan_task, scan_to_intake, usb_scanners
from guichet.core.ops import connector_runs
from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
from guichet.core.model.models import Document

DLL_CONF = Path("/etc/sane.d/dll.conf")
PATTERN = ["--test-picture", "Color pattern"]


@pytest.fixture(scope="module")
def sane_test_backend():
    """Enable SANE's ``test`` backend (idempotent: uncomments ``#test`` in dll.conf)."""
    if shutil.which("scanimage") is None or not DLL_CONF.exists():
        pytest.skip("sane-utils is not installed")
    text = DLL_CONF.read_text()
    if not re.search(r"^test\s*$", text, re.M):
        try:
            DLL_CONF.write_text(re.sub(r"^#\s*test\s*$", "test", text, flags=re.M) if re.search(
                r"^#\s*test\s*$", text, re.M) else text + "\ntest\n")
        except PermissionError:
            pytest.skip("cannot enable the SANE test backend (needs root)")
    return "test:0"


def test_flatbed_scan_becomes_a_pdf_document(rt, company, sane_test_backend):
    settings = {"device": sane_test_backend, "mode": "Color", "resolution": 50}
    document, created = scan_to_intake(rt, company, settings, extra_args=PATTERN)
    assert created
    doc = Document.get_by_id(document.id)
    assert doc.company_id == company.id and doc.channel == "scanner"
    data = rt.blobs.get(doc.blob_key)
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page>>") >= 1


def test_feeder_batch_makes_one_document_with_every_page(rt, company, sane_test_backend):
    from pypdf import PdfReader
    import io

    settings = {"device": sane_test_backend, "mode": "Gray", "resolution": 50,
                "source": "Automatic Document Feeder", "max_pages": 3}
    document, _ = scan_to_intake(rt, company, settings, extra_args=PATTERN)
    assert len(PdfReader(io.BytesIO(rt.blobs.get(document.blob_key))).pages) == 3


def test_scan_task_records_success_and_failure_on_the_configuration(rt, company, other_company, sane_test_backend):
    good = connector_runs.configure(rt, company, UsbScannerConnector(),
                                    {"device": sane_test_backend, "resolution": 50})
    bad = connector_runs.configure(rt, other_company, UsbScannerConnector(), {"device": "test:99"})
    document_id = scan_task(good.id).get()  # the queue runs at once in tests
    scan_task(bad.id)
    assert Document.get_by_id(document_id).company_id == company.id
    good, bad = ConnectorConfig.get_by_id(good.id), ConnectorConfig.get_by_id(bad.id)
    assert good.status == ConnectorStatus.OK and good.files_received == 1
    assert bad.status == ConnectorStatus.ERROR and "numérisation impossible" in bad.last_error


def test_discovery_lists_sane_devices_and_usb_scanners(sane_test_backend):
    names = [d["name"] for d in sane_devices()]
    assert "test:0" in names
    found = usb_scanners()  # the build machine has no USB scanner: the list may be empty
    assert isinstance(found, list)
    assert all(set(d) >= {"vendor_id", "product_id", "bus"} for d in found)
