"""Charts drawn on the server as SVG: no script, readable on a phone (the SVG scales to the screen width).

Written by hand (a few lines of SVG) rather than with a charting library: horizontal bars
with their labels and amounts are all the dashboard needs, and each bar is a link to the
invoices behind it.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from guichet.web.formatting import money

BAR_HEIGHT = 24
GAP = 8
LABEL_WIDTH = 118
AMOUNT_WIDTH = 104
WIDTH = 380


def bars(rows: list[tuple[str, Decimal, str, str]], *, title: str) -> str:
    """Horizontal bars: each row is ``(label, amount, link, css class)``; amounts must be comparable."""
    largest = max((abs(amount) for _, amount, _, _ in rows), default=Decimal(0)) or Decimal(1)
    span = WIDTH - LABEL_WIDTH - AMOUNT_WIDTH
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="xMinYMin meet" '
             f'aria-label={quoteattr(title)} xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for n, (label, amount, link, css) in enumerate(rows):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = int(span * abs(amount) / largest) if amount else 0
        parts.append(
            f'<a href={quoteattr(link)}><g class={quoteattr("bar " + css)}>'
            f'<text x="0" y="{y + BAR_HEIGHT * 0.7:.0f}" class="label">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 2)}" height="{BAR_HEIGHT}" rx="3"></rect>'
            f'<text x="{WIDTH}" y="{y + BAR_HEIGHT * 0.7:.0f}" text-anchor="end" class="amount">'
            f'{escape(money(amount))} €</text></g></a>')
    parts.append("</svg>")
    return "".join(parts)
