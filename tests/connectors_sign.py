"""Check a webhook signature as a receiver would (``X-Guichet-Signature: sha256=<hex>`` over ``<timestamp>.<body>``)."""

from __future__ import annotations

import hashlib
import hmac


def verify(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """True when ``header`` signs ``body`` sent at ``timestamp`` with ``secret``."""
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"sha256={expected}", header)
