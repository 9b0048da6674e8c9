"""Detect the format of a received file from its bytes (never from its name alone)."""

from __future__ import annotations

import re

from guichet.core import hookimpl
from guichet.core.model.states import Format

_IMAGE_MAGIC = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF8", "gif"),
)
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_CII_ROOTS = {b"CrossIndustryInvoice", b"CrossIndustryDocument"}
_UBL_ROOTS = {b"Invoice", b"CreditNote"}


def _xml_root_name(data: bytes) -> bytes | None:
    head = data[:262144].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    # Skip the XML declaration, comments and processing instructions.
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head, flags=re.S)
    if b"<!DOCTYPE" in head.upper():
        return b"!DOCTYPE"
    match = _ROOT.search(head)
    return match.group(1) if match else None


@hookimpl(trylast=True)
def detect_format(data: bytes) -> str | None:
    """PDF (container or not, decided later), image, CII or UBL by the first bytes."""
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return str(Format.FACTURX)  # a PDF may hold XML; extract_xml decides
    for magic, _kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return str(Format.IMAGE)
    if (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or (
        data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1")
    ):
        return str(Format.IMAGE)
    root = _xml_root_name(data)
    if root in _CII_ROOTS:
        return str(Format.CII)
    if root in _UBL_ROOTS:
        return str(Format.UBL)
    if root == b"!DOCTYPE":
        # A DOCTYPE is refused by the XML parser with a clear reason; let it say so.
        return str(Format.CII) if any(r in data[:8192] for r in _CII_ROOTS) else str(Format.UBL)
    return None
