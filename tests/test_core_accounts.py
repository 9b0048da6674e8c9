"""Accounts (core/access/accounts.py, passwords.py, sign_in.py): hashes, their upgrade, roles, one-time links."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets

import pytest

from guichet.core.access import accounts, passwords, sign_in
from guichet.core.model.account_models import AccountToken
from guichet.core.model.models import Event, User

from support import PASSWORD


def _hash_of_guichet_0_1(password: str) -> str:
    """A hash exactly as Guichet 0.1 stored it (core/accounts.py before Argon2)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, maxmem=64 * 1024 * 1024, dklen=32)
    return f"scrypt${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def test_new_hashes_are_argon2id_with_their_parameters():
    stored = passwords.hash_password("un mot de passe")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify(stored, "un mot de passe") == (True, False)
    assert passwords.verify(stored, "un autre") == (False, False)
    assert passwords.verify(passwords.UNUSABLE, "") == (False, False)


def test_an_old_hash_is_upgraded_at_the_next_sign_in(rt, make_user):
    user = make_user("ancien@example.fr")
    User.update(password_hash=_hash_of_guichet_0_1(PASSWORD)).where(User.id == user.id).execute()
    # A wrong password does not touch it.
    assert sign_in.with_password(rt.settings, "ancien@example.fr", "mauvais", "192.0.2.1").user is None
    assert User.get_by_id(user.id).password_hash.startswith("scrypt$")
    outcome = sign_in.with_password(rt.settings, "ancien@example.fr", PASSWORD, "192.0.2.1")
    assert outcome.ok
    upgraded = User.get_by_id(user.id).password_hash
    assert upgraded.startswith("$argon2id$")
    assert sign_in.with_password(rt.settings, "ancien@example.fr", PASSWORD, "192.0.2.1").ok
    assert User.get_by_id(user.id).password_hash == upgraded  # no rehash when current
    login = Event.select().where(Event.kind == "user.login").order_by(Event.id).first()
    assert login.data["rehashed"] is True


def test_hash_with_weaker_parameters_is_upgraded(rt, make_user):
    import argon2

    user = make_user("faible@example.fr")
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    User.update(password_hash=weak).where(User.id == user.id).execute()
    assert sign_in.with_password(rt.settings, "faible@example.fr", PASSWORD, None).ok
    assert "m=19456,t=2,p=1" in User.get_by_id(user.id).password_hash


def test_roles_and_deactivation_keep_one_active_admin(rt, make_user):
    admin = make_user("admin@example.fr", firm_role="admin")
    operator = make_user("op@example.fr", firm_role="operator")
    with pytest.raises(ValueError, match="au moins un administrateur actif"):
        accounts.set_firm_role(admin, "operator")
    with pytest.raises(ValueError, match="au moins un administrateur actif"):
        accounts.set_active(admin, False)
    accounts.set_firm_role(operator, "admin", by_user_id=admin.id)
    accounts.set_firm_role(admin, "", by_user_id=operator.id)
    assert User.get_by_id(admin.id).firm_role == ""
    with pytest.raises(ValueError, match="rôle inconnu"):
        accounts.set_firm_role(admin, "root")
    changed = Event.select().where(Event.kind == "user.role_changed").order_by(Event.id.desc()).first()
    assert changed.data == {"user": "admin@example.fr", "user_id": admin.id, "from": "admin", "to": ""}
    assert changed.user_id == operator.id


def test_a_one_time_link_works_once_and_expires(rt, make_user):
    user = make_user("a@example.fr")
    issued = accounts.issue_token(user, "reset")
    assert accounts.token_account(issued.token).user_id == user.id
    assert AccountToken.get().token_hash != issued.token  # only its digest is stored
    accounts.use_token(issued.token, "tout-nouveau-1")
    assert sign_in.with_password(rt.settings, "a@example.fr", "tout-nouveau-1", None).ok
    with pytest.raises(ValueError, match="plus valable"):
        accounts.use_token(issued.token, "encore-un-autre")
    late = accounts.issue_token(user, "reset", lifetime=dt.timedelta(seconds=-1))
    assert accounts.token_account(late.token) is None
    with pytest.raises(ValueError, match="plus valable"):
        accounts.use_token(late.token, "encore-un-autre")


def test_a_new_link_voids_the_previous_one(rt, make_user):
    user = make_user("a@example.fr")
    first = accounts.issue_token(user, "reset")
    second = accounts.issue_token(user, "reset")
    assert accounts.token_account(first.token) is None
    assert accounts.token_account(second.token) is not None


def test_an_invited_user_cannot_sign_in_before_choosing_a_password(rt, firm):
    user = accounts.invite_user("nouveau@example.fr", firm=firm, firm_role="operator")
    assert accounts.is_invited(user)
    for guess in ("", "!", passwords.UNUSABLE):
        assert sign_in.with_password(rt.settings, "nouveau@example.fr", guess, None).user is None
    issued = accounts.issue_token(user, "invite")
    accounts.use_token(issued.token, "mon-premier-mot")
    assert not accounts.is_invited(User.get_by_id(user.id))
    assert sign_in.with_password(rt.settings, "nouveau@example.fr", "mon-premier-mot", None).ok
