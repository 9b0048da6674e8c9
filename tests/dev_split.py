"""The fixed split of a development set into a tuning part and a never-tuned part (designs, real PDFs)."""

from __future__ import annotations

import hashlib


def in_tuning(salt: str, key: str, share: int) -> bool:
    """True when ``key`` (a design, an issuer group) falls in the tuning part: a SHA-256 of ``salt:key``, the same
    on every machine and run, below ``share`` percent."""
    digest = hashlib.sha256(f"{salt}:{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < share
