"""Password hashes: Argon2id (argon2-cffi), with the parameters stored in each hash.

New hashes use OWASP's first Argon2id configuration (Password Storage Cheat Sheet:
19 MiB, 2 passes, 1 lane), about 60 ms here. A hash made with other parameters, or
in the format Guichet used before (``scrypt$<salt>$<hash>``, base64, n=2**14, r=8,
p=1), still verifies and is replaced at the next successful sign-in
(:func:`verify` says so with ``needs_rehash``).

:func:`verify_dummy` spends the same work when there is no hash to check (unknown
e-mail), so that a sign-in costs the same whether or not the account exists.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

import argon2

_HASHER = argon2.PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# The format of Guichet 0.1, verified only to be upgraded.
_LEGACY_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}
#: Stored instead of a hash for an account that has no password yet (invited): never matches.
UNUSABLE = "!"


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (PHC string: ``$argon2id$v=19$m=...,t=...,p=...$salt$hash``)."""
    return _HASHER.hash(password)


def verify(stored: str, password: str) -> tuple[bool, bool]:
    """Check ``password`` against ``stored``; returns ``(matches, needs_rehash)``.

    ``needs_rehash`` is True when the password matched a hash of an older format or
    with other parameters: the caller stores :func:`hash_password` instead.
    """
    if stored.startswith("$argon2"):
        try:
            _HASHER.verify(stored, password)
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return False, False
        return True, _HASHER.check_needs_rehash(stored)
    if stored.startswith("scrypt$"):
        return _verify_legacy_scrypt(stored, password), True
    verify_dummy(password)  # unusable or unknown format: same work, never a match
    return False, False


def verify_dummy(password: str) -> None:
    """Verify ``password`` against a hash that never matches (constant work for unknown accounts)."""
    try:
        _HASHER.verify(_dummy_hash(), password)
    except argon2.exceptions.VerificationError:
        pass


@functools.cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def _verify_legacy_scrypt(stored: str, password: str) -> bool:
    try:
        _scheme, salt_b64, digest_b64 = stored.split("$")
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
    except ValueError:
        return False
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_LEGACY_SCRYPT)
    return hmac.compare_digest(digest, expected)
