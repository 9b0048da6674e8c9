"""Sample inputs shared by the intake connector tests: a real invoice, and bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from support import CORPUS

#: A real Factur-X (EN 16931) invoice of the corpus.
INVOICE_NAME = "EN16931_1_Teilrechnung.pdf"


def invoice_pdf(name: str = INVOICE_NAME) -> bytes:
    """The bytes of a corpus invoice."""
    path = Path(CORPUS) / name
    if not path.exists():
        import pytest

        pytest.skip(f"corpus missing: {path}")
    return path.read_bytes()


def other_invoice_pdf() -> bytes:
    """A second, different corpus invoice."""
    return invoice_pdf("Avoir_FR_type380_EN16931.pdf")


def encrypted_pdf() -> bytes:
    """A password-protected PDF (pypdf, AES-256)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_file() -> bytes:
    """A zip archive holding an invoice (not accepted as such)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("facture.pdf", b"%PDF-1.4 " + bytes(range(256)) * 64)
    return out.getvalue()


def png_image() -> bytes:
    """A small PNG picture (a phone photo stand-in)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int, height: int, *, mode: str = "L") -> bytes:
    """A PNG of ``width`` × ``height`` white pixels, a few hundred KB (an image bomb).

    Written row by row with zlib, so that making it never holds the bitmap.
    ``mode``: ``L`` (8-bit grey; 13000 × 13000 gives the 194 KB of the report),
    ``1`` (one bit per pixel, quick to make at any size) or ``RGB``.
    """
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    depth, colour, row_bytes = {"L": (8, 0, width), "1": (1, 0, (width + 7) // 8), "RGB": (8, 2, 3 * width)}[mode]
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    row = b"\0" + b"\xff" * row_bytes  # filter byte "none", then the pixels
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
