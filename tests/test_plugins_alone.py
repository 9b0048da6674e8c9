"""Plugins stand alone (issue 12, item 3): what one needs of another goes through a hook.

The archive checks each seal with the plugin that made it (``ArchiveRecord.sealed_by``),
never by importing the seal plugin.
"""

from __future__ import annotations

from guichet.core import hookimpl
from guichet.core.model.archive_models import ArchiveRecord
from guichet.plugins import archive as archive_plugin

from archive_fixtures import (  # noqa: F401 - fixtures
    SAMPLE,
    arc_company,
    arc_rt,
    arc_settings,
    ingest,
    tsa,
)


class OtherSeal:
    """A second seal plugin, asked first by the plain hook call: it would find fault with everything."""

    asked = 0

    @hookimpl(tryfirst=True)
    def verify_seal(self, data):
        OtherSeal.asked += 1
        return ["cachet inconnu de cette extension"]


def test_the_seal_stage_records_which_plugin_sealed(arc_rt, arc_company, corpus):
    document = ingest(arc_rt, arc_company, (corpus / SAMPLE).read_bytes(), SAMPLE)
    record = ArchiveRecord.get(ArchiveRecord.document == document)
    assert record.sealed
    assert record.sealed_by == "guichet.plugins.seal_pades"


def test_verification_asks_the_plugin_that_sealed_the_file(arc_rt, arc_company, corpus):
    ingest(arc_rt, arc_company, (corpus / SAMPLE).read_bytes(), SAMPLE)
    arc_rt.pm.register(OtherSeal(), name="other_seal")
    OtherSeal.asked = 0
    run = archive_plugin.verify(arc_rt)
    assert run.ok, run.problems
    assert run.seals == 1
    assert OtherSeal.asked == 0
    assert arc_rt.pm.hook.verify_seal(data=b"%PDF", settings=arc_rt.settings) == ["cachet inconnu de cette extension"]


def test_a_file_sealed_by_a_plugin_now_absent_is_a_problem(arc_rt, arc_company, corpus):
    document = ingest(arc_rt, arc_company, (corpus / SAMPLE).read_bytes(), SAMPLE)
    ArchiveRecord.update(sealed_by="guichet_extra.hsm_seal").where(ArchiveRecord.document == document).execute()
    run = archive_plugin.verify(arc_rt)
    assert not run.ok
    assert any("guichet_extra.hsm_seal" in problem and "non vérifiable" in problem for problem in run.problems)


def test_a_file_archived_before_sealed_by_is_checked_by_the_first_plugin_able(arc_rt, arc_company, corpus):
    document = ingest(arc_rt, arc_company, (corpus / SAMPLE).read_bytes(), SAMPLE)
    ArchiveRecord.update(sealed_by=None).where(ArchiveRecord.document == document).execute()
    assert archive_plugin.verify(arc_rt).ok


# ---------------------------------------------------------------------------
# The hooks that replaced imports between plugins
# ---------------------------------------------------------------------------


def test_hook_verify_seal(arc_rt, corpus):
    sealed = arc_rt.pm.hook.seal_pdf(pdf=(corpus / SAMPLE).read_bytes(), company=None, settings=arc_rt.settings)
    assert arc_rt.pm.hook.verify_seal(data=sealed, settings=arc_rt.settings) == []
    assert arc_rt.pm.hook.verify_seal(data=sealed + b"%% ajout\n", settings=arc_rt.settings) != []
    assert arc_rt.pm.hook.verify_seal(data=(corpus / SAMPLE).read_bytes(), settings=arc_rt.settings) == [
        "aucun cachet dans le PDF"]


def test_hook_verify_timestamp(arc_rt):
    digest = bytes(range(32))
    token = arc_rt.pm.hook.timestamp_digest(digest=digest, settings=arc_rt.settings)
    assert arc_rt.pm.hook.verify_timestamp(token=token, digest=digest, settings=arc_rt.settings) == []
    problems = arc_rt.pm.hook.verify_timestamp(token=token, digest=bytes(32), settings=arc_rt.settings)
    assert problems and "empreinte" in " ".join(problems)


def test_hook_timestamp_evidence(arc_rt, tsa):
    token = arc_rt.pm.hook.timestamp_digest(digest=bytes(range(32)), settings=arc_rt.settings)
    files = arc_rt.pm.hook.timestamp_evidence(tokens=[token, token], settings=arc_rt.settings)
    assert set(files) == {"tsa-racine.pem", "tsa-chaine.pem"}
    assert files["tsa-racine.pem"] == tsa.ca_file.read_bytes()
    assert files["tsa-chaine.pem"].startswith(b"-----BEGIN CERTIFICATE-----\n")
    once = arc_rt.pm.hook.timestamp_evidence(tokens=[token], settings=arc_rt.settings)["tsa-chaine.pem"]
    assert files["tsa-chaine.pem"] == once  # each certificate once, not once per token


def test_hook_page_invoice_number(corpus):
    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.pdf_text import read_pdf_words

    pm = make_plugin_manager(load_entrypoints=False, extra=["guichet.plugins.fields_rules"])
    page = read_pdf_words((corpus / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf").read_bytes())[0]
    assert pm.hook.page_invoice_number(page=page) == "R0005532486"
    assert pm.hook.page_invoice_number(page=type(page)(1, page.width, page.height, [])) is None


def test_hook_scan_page_images():
    import io

    from PIL import Image, ImageDraw

    from guichet.core.plugins import make_plugin_manager

    image = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(image).text((100, 100), "FACTURE 2026-0042", fill=0)
    data = io.BytesIO()
    image.save(data, format="PNG")
    pm = make_plugin_manager(load_entrypoints=False, extra=["guichet.plugins.ocr_tesseract"])
    pages = pm.hook.scan_page_images(data=data.getvalue(), fmt="image")
    assert len(pages) == 1 and pages[0].mode == "L"
    assert pm.hook.scan_page_images(data=b"<xml/>", fmt="cii") is None
