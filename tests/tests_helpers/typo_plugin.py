"""A plugin implementing a hook that does not exist (a typo in a third-party plugin)."""

from __future__ import annotations

from guichet.core import hookimpl


@hookimpl
def parse_invoce(data: bytes, fmt: str) -> None:
    """Misspelt ``parse_invoice``: never called."""
    del data, fmt
