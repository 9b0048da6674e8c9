"""Folder sync to the firm: a local folder and a real OpenSSH SFTP server on loopback, interrupted and resumed."""

from __future__ import annotations

import hashlib

import pytest

from guichet.connectors import firm_sync
from guichet.core.model.export_models import ExportMark, SyncFile

import fec_rules
import sshd_server
from export_samples import archived


@pytest.fixture
def invoices(rt, company):
    return [archived(company, direction="purchase", number="FA/2026/1", blobs=rt.blobs, data=b"%PDF-1 un"),
            archived(company, direction="purchase", number="FA/2026/1", party="Autre SARL", blobs=rt.blobs,
                     data=b"%PDF-1 deux"),
            archived(company, direction="sales", number="VT-9", party="Client", blobs=rt.blobs, data=b"%PDF-1 trois")]


def _tree(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_folder_target_tree_manifest_and_incremental(rt, company, invoices, tmp_path, make_user):
    folder = tmp_path / "cabinet"
    folder.mkdir()
    admin = make_user("admin@cabinet.test", firm_role="admin")
    firm_sync.configure(rt.settings, company, {"kind": "folder", "folder": str(folder)}, user=admin)
    report = firm_sync.run(rt, company)
    assert report.error is None
    assert _tree(folder) == ["552081317/2026/552081317FEC20261231.txt", "552081317/2026/achats/FA_2026_1-2.pdf",
                             "552081317/2026/achats/FA_2026_1.pdf", "552081317/2026/ventes/VT-9.pdf",
                             "552081317/SHA256SUMS"]
    assert (folder / "552081317/2026/ventes/VT-9.pdf").read_bytes() == b"%PDF-1 trois"
    assert fec_rules.check((folder / "552081317/2026/552081317FEC20261231.txt").read_bytes()) == []
    manifest = (folder / "552081317/SHA256SUMS").read_text().splitlines()
    assert len(manifest) == 4
    for line in manifest:
        digest, path = line.split("  ")
        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == digest
    assert ExportMark.select().where(ExportMark.target == "sync").count() == 3
    again = firm_sync.run(rt, company)
    assert (again.sent, again.unchanged) == ([], 4)
    archived(company, direction="sales", number="VT-10", party="Client", blobs=rt.blobs, data=b"%PDF-1 quatre")
    third = firm_sync.run(rt, company)
    assert third.sent == ["552081317/2026/ventes/VT-10.pdf", "552081317/2026/552081317FEC20261231.txt",
                          "552081317/SHA256SUMS"]
    assert not list(folder.rglob("*.part"))


def test_only_the_firm_admin_configures_and_within_roots(rt, company, make_user, tmp_path):
    operator = make_user("op@cabinet.test", firm_role="operator")
    client = make_user("client@societe.test", companies={company: "manage"})
    for user in (operator, client):
        with pytest.raises(firm_sync.SyncRefused, match="administrateur"):
            firm_sync.configure(rt.settings, company, {"kind": "folder", "folder": str(tmp_path)}, user=user)
    with pytest.raises(firm_sync.SyncRefused, match="hors des dossiers autorisés"):
        firm_sync.configure(rt.settings, company, {"kind": "folder", "folder": "/etc"}, user=None)
    with pytest.raises(firm_sync.SyncRefused, match="refusée"):  # the instance's own loopback: SSRF refused
        firm_sync.configure(rt.settings, company, {"kind": "sftp", "host": "127.0.0.1", "username": "x",
                                                   "host_key": "ssh-ed25519 AAAA", "password": "x"}, user=None)
    with pytest.raises(firm_sync.SyncRefused, match="aucune synchronisation"):
        firm_sync.run(rt, company)


@pytest.fixture
def sshd(tmp_path):
    server = sshd_server.start(tmp_path / "sshd")
    yield server
    server.stop()


def _sftp_config(rt, company, sshd, **extra):
    rt.settings.values.setdefault("outbound", {})["allowed_hosts"] = ["127.0.0.1"]
    values = {"kind": "sftp", "host": "127.0.0.1", "port": sshd.port, "username": "root", "root": str(sshd.root),
              "host_key": sshd.host_key, "private_key": sshd.client_key, **extra}
    return firm_sync.configure(rt.settings, company, values, user=None)


def test_sftp_interrupted_then_resumed_nothing_half_written(rt, company, invoices, sshd, monkeypatch):
    stored = _sftp_config(rt, company, sshd)
    assert "BEGIN" not in str(stored)  # the private key is stored encrypted
    real_write = firm_sync.SftpTarget.write
    calls = []

    def cut_on_third(self, path, data):
        calls.append(path)
        if len(calls) == 3:  # the connection drops in the middle of the third file
            import io

            final = self.root / path
            self._mkdirs(final.parent)
            self.sftp.putfo(io.BytesIO(data[: len(data) // 2]), str(final.parent / f".{final.name}.part"))
            raise OSError("connexion coupée")
        return real_write(self, path, data)

    monkeypatch.setattr(firm_sync.SftpTarget, "write", cut_on_third)
    first = firm_sync.run(rt, company)
    assert first.error and "connexion coupée" in first.error
    assert len(first.sent) == 2
    finals = [p for p in _tree(sshd.root) if not p.rsplit("/", 1)[-1].startswith(".")]
    assert finals == sorted(first.sent)  # the cut file never appears under its final name
    monkeypatch.setattr(firm_sync.SftpTarget, "write", real_write)
    second = firm_sync.run(rt, company)
    assert second.error is None and second.unchanged == 2
    assert not set(second.sent) & set(first.sent)
    files = [p for p in _tree(sshd.root) if not p.rsplit("/", 1)[-1].startswith(".")]
    assert len(files) == 5
    manifest = (sshd.root / "552081317/SHA256SUMS").read_text().splitlines()
    for line in manifest:
        digest, path = line.split("  ")
        assert hashlib.sha256((sshd.root / path).read_bytes()).hexdigest() == digest
    assert SyncFile.select().count() == 5


def test_sftp_wrong_host_key_is_refused(rt, company, invoices, sshd):
    other = sshd_server.start(sshd.root.parent.parent / "other")
    try:
        _sftp_config(rt, company, sshd, host_key=other.host_key)
    finally:
        other.stop()
    with pytest.raises(firm_sync.SyncRefused, match="clé d'hôte"):
        firm_sync.run(rt, company)
    assert _tree(sshd.root) == []


def test_due_companies_follow_the_period(rt, company, invoices, tmp_path):
    import datetime as dt

    (tmp_path / "cabinet").mkdir()
    firm_sync.configure(rt.settings, company, {"kind": "folder", "folder": str(tmp_path / "cabinet"), "every_minutes": 30},
                        user=None)
    assert firm_sync.due_companies() == [company.id]
    firm_sync.run(rt, company)
    assert firm_sync.due_companies() == []
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=31)
    assert firm_sync.due_companies(later) == [company.id]


def test_sftp_server_down_is_reported_not_raised(rt, company, invoices, sshd):
    _sftp_config(rt, company, sshd)
    sshd.stop()
    report = firm_sync.run(rt, company)
    assert report.error and "injoignable" in report.error and report.sent == []
    assert SyncFile.select().count() == 0


def test_entries_files_follow_the_dossier_format_and_rhythm(rt, company, invoices, tmp_path):
    import datetime as dt

    assert [p[0] for p in firm_sync.periods(2026, "quarterly", dt.date(2026, 5, 2))] == ["2026-T1", "2026-T2"]
    assert firm_sync.periods(2026, "monthly", dt.date(2026, 12, 5))[-1][1:] == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    company.settings = {**(company.settings or {}), "export": {"format": "csv", "schedule": "monthly",
                                                               "options": {"csv": {"separator": "|"}}}}
    company.save()
    (tmp_path / "cabinet").mkdir()
    stored = firm_sync.configure(rt.settings, company, {"kind": "folder", "folder": str(tmp_path / "cabinet")}, user=None)
    assert stored["format"] == "csv"
    firm_sync.run(rt, company)
    march = (tmp_path / "cabinet/552081317/2026/ecritures-2026-03.csv").read_text("utf-8")
    assert "FA/2026/1" in march and "|" in march
    assert "FA/2026/1" not in (tmp_path / "cabinet/552081317/2026/ecritures-2026-01.csv").read_text("utf-8")
