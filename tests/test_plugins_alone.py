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
