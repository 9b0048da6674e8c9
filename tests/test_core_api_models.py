"""API tokens are stored hashed, shown once, scoped and revocable."""

from __future__ import annotations

from guichet.core.model.api_models import ApiToken, create_token, find_token, hash_token
from guichet.core.model.models import Event


def test_token_is_shown_once_and_stored_hashed(rt, company):
    row, clear = create_token(company, "Logiciel", ["documents:read"])
    assert clear.startswith("gch_") and len(clear) > 40
    stored = ApiToken.get_by_id(row.id)
    assert stored.token_hash == hash_token(clear) and clear not in stored.token_hash
    assert find_token(clear).id == row.id
    assert find_token(clear + "x") is None and find_token("") is None
    assert Event.get(Event.kind == "api.token_created").data["software"] == "Logiciel"


def test_revoked_tokens_are_refused(rt, company):
    row, clear = create_token(company, "Logiciel", ["documents:read"])
    ApiToken.update(revoked=True).where(ApiToken.id == row.id).execute()
    assert find_token(clear) is None
