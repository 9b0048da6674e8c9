"""A company's logo for its invoice e-mails: checked, made small, kept as a blob.

Set in the company's settings (``Company.settings["distribution"]["logo"]`` = ``{"blob", "width",
"height"}``) by :func:`set_logo` (a firm's page or ``guichet distribution logo SIREN FILE``); the
e-mail channel shows it at the top of the HTML part, inline (``cid:``), never as a link to fetch.

Checks: a PNG or JPEG that Pillow reads (its type from its bytes, not its name), at most
:data:`MAX_UPLOAD` bytes as sent; it is then redrawn as a PNG of at most :data:`MAX_SIZE` pixels
(metadata dropped, nothing but pixels survives) and refused if still over :data:`MAX_BYTES`.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from guichet.core.model import events
from guichet.core.model.models import db

if TYPE_CHECKING:
    from guichet.core.model.models import Company
    from guichet.core.ops.runtime import Runtime

#: Bytes accepted as sent (before it is redrawn).
MAX_UPLOAD = 2 * 1024 * 1024
#: The logo's largest box in pixels (width, height): the top of an e-mail.
MAX_SIZE = (600, 200)
#: Bytes of the redrawn PNG carried in every e-mail.
MAX_BYTES = 150 * 1024
ACCEPTED = {"PNG", "JPEG"}


class LogoRefused(ValueError):
    """A logo that cannot be used (French reason)."""


def clean(data: bytes) -> tuple[bytes, int, int]:
    """The logo redrawn as a small PNG: (bytes, width, height); raises :class:`LogoRefused`."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        msg = "logo vide"
        raise LogoRefused(msg)
    if len(data) > MAX_UPLOAD:
        msg = f"logo trop lourd ({len(data) // 1024} Ko ; {MAX_UPLOAD // 1024 // 1024} Mo au plus)"
        raise LogoRefused(msg)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in ACCEPTED:
            msg = f"logo au format {kind or 'inconnu'} : PNG ou JPEG attendu"
            raise LogoRefused(msg)
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 40_000_000:
                msg = "logo aux dimensions démesurées"
                raise LogoRefused(msg)
            image.load()
            picture = image.convert("RGBA") if image.mode not in ("RGB", "RGBA") else image.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        msg = "logo illisible : PNG ou JPEG attendu"
        raise LogoRefused(msg) from None
    picture.thumbnail(MAX_SIZE)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    if len(png) > MAX_BYTES:
        msg = f"logo trop lourd même réduit ({len(png) // 1024} Ko ; {MAX_BYTES // 1024} Ko au plus)"
        raise LogoRefused(msg)
    return png, picture.width, picture.height


def set_logo(rt: Runtime, company: Company, data: bytes | None, *, user_id: int | None = None) -> dict | None:
    """Set (or, with None, remove) the company's e-mail logo; what is stored."""
    stored = None
    if data is not None:
        png, width, height = clean(data)
        stored = {"blob": rt.blobs.put(png), "width": width, "height": height}
    with db.atomic():
        settings = dict(company.settings or {})
        distribution = dict(settings.get("distribution") or {})
        if stored is None:
            distribution.pop("logo", None)
        else:
            distribution["logo"] = stored
        settings["distribution"] = distribution
        company.settings = settings
        company.save()
        events.record("company.logo", company_id=company.id, user_id=user_id,
                      data={"set": stored is not None, **({"width": stored["width"], "height": stored["height"]}
                                                          if stored else {})})
    return stored


def logo(rt: Runtime, company: Company) -> tuple[bytes, int, int] | None:
    """The company's logo (PNG bytes, width, height), or None."""
    stored = ((company.settings or {}).get("distribution") or {}).get("logo")
    if not stored or not stored.get("blob"):
        return None
    try:
        return rt.blobs.get(stored["blob"]), int(stored.get("width") or 0), int(stored.get("height") or 0)
    except (OSError, KeyError):
        return None
