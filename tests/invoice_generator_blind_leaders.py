"""Leaders of the blind family (issue 13, branch scans-13e): labels joined to their values by rows of dots.

Older billing software and many hand-made templates join a label to its value by a row of dots, dashes or
underscores (« Total TTC ........ 957,77 € »); scanned, the leader runs into the label and the amount, and the OCR
reads them together (« HTC. 777€ »). This layout prints leaders in the totals AND in the lines (each line a row
« description .... quantité x prix .... montant »), and in the document's references for some invoices; what the
leaders look like is drawn combinatorially: their character (dot, middle dot, dash, underscore, ellipsis, spaced
or not), how far they stand from the label and the value (a space or glued), their length, the type size.

Drawn for seeds from LEADERS_FROM to LEADERS_TO by ``invoice_generator_blind.make_invoice`` (a lazy import): the
invoice is the blind family's for the seed's draws, rendered by this module's layout, its wordings the family's;
this module's own draws (``random.Random("blind-leaders-<seed>")``) pick the language and the leaders. Seeds from
LEADERS_HOLD_OUT on are the branch's hold-out (measured, misses never read).
``bench_readings.py --part blind --start 99000 --kinds scan200`` reads them.
"""

from __future__ import annotations

import random

import invoice_generator_blind as blind
from invoice_generator_blind import _bank, _buyer_block, _e, _m, _mentions, _meta, _qty, _seller_block

LEADERS_FROM = 99_000
LEADERS_TO = 100_000
LEADERS_HOLD_OUT = 99_750
LEADERS_LAYOUTS = ("pointille",)
#: The five languages alike: leaders are not a French habit.
LEADERS_WEIGHTS = (0.2, 0.2, 0.2, 0.2, 0.2)
#: What a leader is made of: one character repeated, with or without spaces between.
LEADER_MARKS = (".", ".", "·", "-", "_", "…")


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``, by this module's own draws."""
    return blind.module_draw("leaders", seed, LEADERS_LAYOUTS, LEADERS_WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [LEADERS_FROM, LEADERS_TO)): the family's draws, rendered with leaders."""
    layout, language = draw(seed)
    return blind.make_invoice(seed, language=language, layout=layout)


def _style(ctx: dict) -> dict:
    """The invoice's leaders: mark, spacing, gaps beside label and value, length (characters), drawn once."""
    if "l_style" not in ctx:
        own = random.Random(f"blind-leaders-render-{ctx['number']}-{ctx['issue']}")
        mark = own.choice(LEADER_MARKS)
        ctx["l_style"] = {"mark": mark, "spaced": mark != "_" and own.random() < 0.3,
                          "before": own.choice(["", " ", " "]), "after": own.choice(["", " ", " "]),
                          "width": own.randint(34, 60), "rng": own, "meta": own.random() < 0.6,
                          "size": own.choice([8, 8.5, 9, 9.5, 10, 11])}
    return ctx["l_style"]


def _leader(ctx: dict, label: str, value: str, width: int | None = None) -> str:
    """``label``, a leader, ``value`` (HTML already), the leader long enough to bring the line to ``width``."""
    style = _style(ctx)
    count = max(4, (width or style["width"]) - len(label) - len(value))
    mark = style["mark"] + (" " if style["spaced"] else "")
    dots = (mark * (count // len(mark))).strip()
    return f"{_e(label)}{style['before']}{dots}{style['after']}{value}"


def _line_rows(ctx: dict) -> str:
    """The lines as rows of leaders: description, leader, quantity x unit price, leader, amount."""
    labels, style = ctx["labels"], _style(ctx)
    head = f'{_e(style["rng"].choice(labels["desc"]))} / {_e(style["rng"].choice(labels["amount_col"]))}'
    rows = []
    for line in ctx["lines"]:
        middle = f"{_qty(ctx, line['qty'])} x {_m(ctx, line['unit'], False)}"
        rows.append(_leader(ctx, f"{line['desc']} ", "", 30 + len(line["desc"]) // 2).rstrip()
                    + f" {_e(middle)} " + _leader(ctx, "", _m(ctx, line["amount"], False), 24))
    return f'<div class="strong" style="margin-top:6mm">{head}</div><div style="border-top:0.6pt solid #888">{"<br>".join(rows)}</div>'


def _layout_pointille(ctx: dict) -> str:
    """Seller and title, the references (with leaders or in a table), the lines and the totals with leaders."""
    style = _style(ctx)
    pairs = _meta(ctx)
    if style["meta"]:
        refs = "<br>".join(_leader(ctx, k, _e(v), 40) for k, v in pairs)
    else:
        refs = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in pairs)
        refs = f"<table>{refs}</table>"
    totals = "<br>".join((f'<span class="strong">{_leader(ctx, k, v, 38)}</span>' if strong else _leader(ctx, k, v, 38))
                         for k, v, strong in blind._total_rows(ctx))
    return f"""<div style="font-size:{style['size']}pt"><table style="width:100%"><tr>
<td style="vertical-align:top">{_seller_block(ctx)}</td>
<td style="vertical-align:top;width:50%"><div style="font-size:15pt" class="strong">{_e(ctx['title'])}</div>{refs}</td>
</tr></table><div style="margin:5mm 0 0 50%">{_buyer_block(ctx)}</div>
{_line_rows(ctx)}<p style="text-align:right;margin-top:5mm">{totals}</p>{_mentions(ctx)}{_bank(ctx)}</div>"""


blind.RENDER.update({"pointille": _layout_pointille})
