"""Phone pages: take photos of an invoice and send them, combined into one document or one per photo.

Register with ``app.register_blueprint(bp, url_prefix="/mobile")``.
"""

from __future__ import annotations

from guichet.web.mobile.views import bp

__all__ = ["bp"]
