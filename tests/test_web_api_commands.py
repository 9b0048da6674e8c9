"""``guichet api-token create|list|revoke``."""

from __future__ import annotations

from click.testing import CliRunner

from guichet.core.access import accounts
from guichet.core.ops import runtime
from guichet.core.model.api_models import find_token
from guichet.core.model.models import Firm
from guichet.core.settings import load_settings
from guichet.web.api.commands import api_token


def test_create_list_and_revoke(tmp_path):
    data_dir = tmp_path / "instance"
    rt = runtime.start(load_settings(data_dir, queue={"backend": "memory"}))
    with rt.database.connection_context():
        accounts.create_company(Firm.create(name="C"), "Société A", "552081317")
    runner = CliRunner()
    obj = {"data_dir": str(data_dir)}
    created = runner.invoke(api_token, ["create", "--company", "552081317", "--software", "Factu",
                                        "--scope", "documents:write"], obj=obj, catch_exceptions=False)
    assert created.exit_code == 0, created.output
    clear = created.output.strip().splitlines()[-1]
    with rt.database.connection_context():
        assert find_token(clear).scopes == ["documents:write"]
    listed = runner.invoke(api_token, ["list"], obj=obj)
    assert "Factu" in listed.output and clear not in listed.output
    assert runner.invoke(api_token, ["revoke", "1"], obj=obj).exit_code == 0
    with rt.database.connection_context():
        assert find_token(clear) is None
    bad = runner.invoke(api_token, ["create", "--company", "552081317", "--software", "x", "--scope", "tout"], obj=obj)
    assert bad.exit_code != 0 and "inconnu" in bad.output
