"""Totals, VAT breakdown and invoice lines of the proposal, against the generators' own figures (issue 13).

``guichet extract --json`` prints the flat fields only (its contract), so ``bench_readings`` cannot
see the VAT breakdown nor the lines that ``guichet convert`` and the coding screen start from. This
reads the same generated invoices (text layer or 200-dpi scans) through the same hooks
(``extract_words`` then ``propose_fields``) and compares with what each layout printed:

- the three totals and the amount due (the balance after a deposit);
- the VAT breakdown: the same (rate, base, VAT) rows, in any order;
- the lines: the same line amounts (as a multiset: some layouts sort their rows).

Tuning parts only (``tuning``, ``fresh``, ``blind``): the never-tuned family is not offered here.
``--misses`` lists each invoice with a wrong figure::

    python tests/bench_totals.py --part blind --kinds text --count 200 --misses
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import invoice_generator as gen
import invoice_generator_blind as blind

CENT = Decimal("0.01")
TOTALS = ("total_without_tax", "total_tax", "total_with_tax")


def _d(value: object) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def read(part: str, kind: str, seed: int, pm) -> tuple[object, object, float]:
    """The truth, the generator's context and the proposal of one invoice, with the rules' time (ms)."""
    from guichet.core.parsing.text import merge_proposals
    from guichet.core.pipeline.reading import read_file
    from guichet.core.settings import load_settings

    invoice = blind.make_invoice(seed) if part == blind.PART else gen.make_invoice(seed, part)
    data, _fmt, suffix = gen.degrade(invoice.pdf(), kind, seed)
    found = read_file(pm, data, f"{part}-{seed}{suffix}")
    text = pm.hook.extract_words(data=data, fmt=str(found.format), filename=f"{part}-{seed}{suffix}",
                                 settings=load_settings(), hook=pm.hook)
    started = time.process_time()
    proposal = merge_proposals(list(pm.hook.propose_fields(pages=text.pages, company=None, source=text.source)))
    return invoice, proposal, (time.process_time() - started) * 1000


def check(invoice, proposal) -> dict[str, str | None]:
    """Per measure, None when right, else what was read against what was printed."""
    truth, context, fields = invoice.truth, invoice.context, proposal.fields
    out: dict[str, str | None] = {}
    for name in TOTALS:
        got = fields[name].value if name in fields else None
        out[name] = None if got is not None and _d(got) == _d(getattr(truth, name)) else f"{got} ≠ {getattr(truth, name)}"
    due = truth.amount_due or truth.total_with_tax
    got = fields["amount_due"].value if "amount_due" in fields else None
    out["amount_due"] = None if got is not None and _d(got) == _d(due) else f"{got} ≠ {due}"
    want = sorted((_d(rate), _d(base), _d(tax)) for rate, base, tax in context["breakdown"] if base or tax)
    rows = sorted((_d(row.rate), _d(row.taxable_amount), _d(row.tax_amount)) for row in proposal.vat_breakdown)
    out["vat_breakdown"] = None if rows == want else f"{[tuple(map(str, r)) for r in rows]} ≠ {[tuple(map(str, r)) for r in want]}"
    items = context.get("lines") or context.get("items") or []
    want_lines = Counter(_d(item["amount"]) for item in items)
    got_lines = Counter(_d(item.amount) for item in proposal.lines if item.amount is not None)
    out["lines"] = None if got_lines == want_lines else (
        f"{sum(got_lines.values())} lignes ≠ {sum(want_lines.values())}, manquent "
        f"{sorted(map(str, (want_lines - got_lines).elements()))[:4]}, en trop {sorted(map(str, (got_lines - want_lines).elements()))[:4]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=(*(p for p in gen.PARTS if p != "heldout"), blind.PART), default="blind")
    parser.add_argument("--kinds", default="text")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    from guichet.core.plugins import make_plugin_manager

    pm = make_plugin_manager()
    for kind in args.kinds.split(","):
        results, times = [], []
        for seed in range(args.start, args.start + args.count):
            invoice, proposal, ms = read(args.part, kind, seed, pm)
            found = check(invoice, proposal)
            results.append(found)
            times.append(ms)
            wrong = {k: v for k, v in found.items() if v}
            if args.misses and wrong:
                print(f"{kind} seed={seed} {invoice.truth.language} {invoice.truth.layout}: "
                      + "; ".join(f"{k}: {v}" for k, v in wrong.items()))
        for name in (*TOTALS, "amount_due", "vat_breakdown", "lines"):
            share = sum(r[name] is None for r in results) / len(results)
            print(f"{args.part} {kind} ({len(results)}) : {name:45} {share:>6.0%}")
        print(f"{args.part} {kind} : règles, ms CPU par document (médiane)   {statistics.median(times):>8.1f}")


if __name__ == "__main__":
    main()
