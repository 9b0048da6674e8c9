"""Issue 11, finding 10 (the files part): modes of the instance's files, the seal password.

The attack: run by hand under the usual umask 022, the database and blob files were
world-readable; and the seal's password sat in clear beside the ``.p12``, so reading
the seal folder alone gave the key away.
"""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner
from intake_samples import invoice_pdf

from guichet.core.ops import runtime
from guichet.core.pipeline import intake, pipeline
from guichet.core.settings import load_settings
from guichet.plugins import seal_pades


@pytest.fixture
def loose_umask():
    """The umask of a person running the command by hand."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_instance_files_are_never_world_readable(tmp_path, loose_umask):
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm
    from guichet.core.ops.cli import cli

    data_dir = tmp_path / "instance"
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "init", "--password", "x" * 12])
    assert result.exit_code == 0, result.output
    rt = runtime.start(load_settings(data_dir, queue={"backend": "memory"}))
    with rt.database.connection_context():
        company = accounts.create_company(Firm.create(name="C"), "Société A", "732829320")
        document, _ = intake.receive(rt, company, invoice_pdf(), "f.pdf", channel="upload")
        pipeline.run_to_rest(rt, document.id)
    rt.database.close()
    checked = 0
    for folder, dirs, files in os.walk(data_dir):
        for name in dirs:
            mode = stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)
            assert not mode & 0o007, (os.path.join(folder, name), oct(mode))
        for name in files:
            mode = stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)
            assert not mode & 0o007 and not mode & 0o020, (os.path.join(folder, name), oct(mode))
            checked += 1
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o750
    assert stat.S_IMODE((data_dir / "guichet.db").stat().st_mode) == 0o640
    blob = rt.blobs.path(document.blob_key)
    assert stat.S_IMODE(blob.stat().st_mode) == 0o440 and stat.S_IMODE(blob.parent.stat().st_mode) == 0o750
    assert checked > 5


def test_an_existing_world_readable_data_dir_is_closed(tmp_path, loose_umask):
    data_dir = tmp_path / "instance"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    runtime.keep_files_private(load_settings(data_dir))
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o750


def test_init_writes_the_seal_password_encrypted(tmp_path):
    from guichet.core.ops.cli import cli

    data_dir = tmp_path / "instance"
    assert CliRunner().invoke(cli, ["--data-dir", str(data_dir), "init", "--password", "x" * 12]).exit_code == 0
    stored = (data_dir / "seal" / "cachet.pass").read_text()
    assert stored.startswith("fernet:")
    settings = load_settings(data_dir)
    password = seal_pades.read_password(settings, data_dir / "seal" / "cachet.pass")
    assert password.decode() not in stored  # the clear password is nowhere in the file
    assert seal_pades.load_signer(seal_pades.seal_config(settings)) is not None


def test_an_old_clear_password_is_read_then_rewritten_encrypted(tmp_path):
    settings = load_settings(tmp_path / "instance")
    config = seal_pades.seal_config(settings)
    config.pkcs12.parent.mkdir(parents=True)
    config.pkcs12.write_bytes(seal_pades.make_self_signed_pkcs12("Cachet", "Cabinet", b"ancien-mot-de-passe"))
    config.password_file.write_text("ancien-mot-de-passe\n")  # as older instances wrote it
    assert seal_pades.load_signer(config) is not None
    stored = config.password_file.read_text()
    assert stored.startswith("fernet:") and "ancien-mot-de-passe" not in stored
    assert stat.S_IMODE(config.password_file.stat().st_mode) == 0o600
    assert seal_pades.read_password(settings, config.password_file) == b"ancien-mot-de-passe"


def test_a_password_encrypted_with_another_instance_key_is_a_clear_error(tmp_path):
    settings = load_settings(tmp_path / "instance")
    config = seal_pades.seal_config(settings)
    seal_pades.write_password(settings, config.password_file, "secret")
    (settings.data_dir / "connector.key").unlink()  # another key: the token no longer opens
    with pytest.raises(seal_pades.SealConfigurationError, match="mot de passe du cachet illisible"):
        seal_pades.read_password(settings, config.password_file)
