"""The editors' REST API (``/api/v1``): invoicing software push invoices and follow them.

Register with ``app.register_blueprint(bp, url_prefix="/api/v1")``. The blueprint
authenticates by bearer token (not by session) and exempts itself from the
session CSRF protection. Spec: ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["bp"]


def __getattr__(name: str) -> Any:
    """``bp`` is imported on first use: ``guichet.web.api.commands`` (a plugin) must not load Flask."""
    if name == "bp":
        from guichet.web.api.views import bp

        return bp
    raise AttributeError(name)
