"""The directory seam: a Protocol and a null implementation."""

from __future__ import annotations

from guichet.core.directory import DirectoryLine, DirectoryLookup, NoDirectory


class FakeDirectory:
    def lines_for(self, siren, siret=None, routing_code=None):
        return [DirectoryLine(siren, platform_id="0042", electronic_address=f"{siren}_FACTURES")]


def test_protocol_and_null_directory():
    assert isinstance(NoDirectory(), DirectoryLookup)
    assert isinstance(FakeDirectory(), DirectoryLookup)
    assert NoDirectory().lines_for("552081317") == []
    assert FakeDirectory().lines_for("552081317")[0].platform_id == "0042"
