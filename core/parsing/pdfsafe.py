"""Opening a PDF safely: a broken, truncated or password-protected file is a French reason.

The one way plugins open a PDF they read (the Factur-X container, the validator's
container checks), as :mod:`.xmlsafe` is for XML: pypdf in non-strict mode, the
end-of-file mark checked first, every pypdf failure turned into
:class:`~guichet.core.errors.UnreadableInput`.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from guichet.core.errors import UnreadableInput

if TYPE_CHECKING:
    import pypdf


def open_pdf(data: bytes) -> pypdf.PdfReader:
    """Open a PDF, or raise :class:`UnreadableInput` with the reason."""
    import pypdf  # here, not at import: loading the plugins must stay light (command-line start-up)
    from pypdf.errors import PdfReadError

    if b"%%EOF" not in data[-4096:]:
        raise UnreadableInput("PDF tronqué : la marque de fin %%EOF manque")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several kinds here
                ok = 0
            if not ok:
                raise UnreadableInput("PDF protégé par un mot de passe")
        _ = len(reader.pages)
    except UnreadableInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise UnreadableInput(f"PDF illisible ou tronqué : {exc}") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise UnreadableInput(f"PDF illisible : {type(exc).__name__}: {exc}") from None
    return reader
