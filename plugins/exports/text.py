"""Text helpers shared by the export writers: encodable text, amounts, dates."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal


def plain(value: str | None, encoding: str, *, forbidden: str = "\t\r\n") -> str:
    """``value`` writable in ``encoding``: separators and line breaks become spaces, other
    unencodable characters lose their accent (NFKD) or become « ? »."""
    text = value or ""
    for char in forbidden:
        if char in text:
            text = text.replace(char, " ")
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        pass
    else:  # the common case, at once
        return " ".join(text.split()) if forbidden else text
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            try:
                base.encode(encoding)
                out.append(base or "?")
            except UnicodeEncodeError:
                out.append("?")
    return " ".join("".join(out).split()) if forbidden else "".join(out)


def fixed(value: str, width: int) -> str:
    """Left-aligned, padded with spaces, cut at ``width`` (fixed-position formats)."""
    return value[:width].ljust(width)


def amount(value: Decimal, decimal_sign: str = ",") -> str:
    """``1234.5`` → ``1234,50`` (no thousands separator)."""
    return f"{value:.2f}".replace(".", decimal_sign)


def ymd(day: dt.date | None) -> str:
    """AAAAMMJJ."""
    return day.strftime("%Y%m%d") if day else ""
