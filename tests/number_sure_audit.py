"""What the invoice number's reading and the convert gate say on each invoice of a part (issue 13, numsure).

For each text-layer invoice: the truth, the rules' number (value, confidence, label, the words before it and the
header above it), every doubt the gate raises on the number (by function), and the learnt ranking's view of the page
(each distinct code's facts, whether it is the rules' number, whether it is the truth). The rows are kept in a pickle
to judge a confirmation by the ranking (held out by family) and the rule of a bare « Référence » offline.

    python tests/number_sure_audit.py --part fresh --count 300 --out /tmp/audit-fresh.pickle
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_convert_paper as bcp
import bench_readings as bench
import invoice_generator as gen

from guichet.plugins.fields_rules import number_ranker as ranker
from guichet.plugins.fields_rules.numbers import code_key

#: The gate's doubts on the number, by name (each a function of convert.py).
DOUBTS = ("_number_doubt", "_number_unlabelled", "_number_wrapped", "_number_kind_doubt", "_number_other_document",
          "_number_prefix_doubt", "_number_labelled_elsewhere")


def audit(part: str, start: int, count: int) -> list[dict]:
    from guichet.core.pipeline.paper import read_paper
    from guichet.core.pipeline.reading import read_file
    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931 import convert

    propose = importlib.import_module("guichet.plugins.fields_rules.propose")
    pm = make_plugin_manager()
    family = bcp.FAMILIES.get(part)
    if hasattr(family, "size"):
        count = min(count, max(0, family.size() - start))
    handed: list = []
    original = propose.ranked_number
    propose.ranked_number = lambda lines, **kw: handed.append(lines) or original(lines, **kw)
    rows = []
    try:
        for seed in range(start, start + count):
            invoice = family.make_invoice(seed) if family is not None else gen.make_invoice(seed, part)
            pdf = invoice.pdf()
            if getattr(family, "PAPER", False):
                pdf = bcp.page_only(pdf)
            data, _fmt, suffix = gen.degrade(pdf, "text", seed)
            filename = f"{part}-{seed}{suffix}"
            result = read_file(pm, data, filename)
            if result.invoice is not None:
                continue
            handed.clear()
            reading = read_paper(pm, data, str(result.format), filename)
            if reading is None or not handed:
                continue
            lines = handed[-1]
            wording = "\n".join(page.text for page in reading.text.pages)
            number = reading.proposal.fields.get("invoice_number")
            doubts = {}
            own = getattr(convert, "_own_reference", None)
            fired = bool(own and own(reading, wording))
            if own:
                convert._own_reference = lambda *_a: False  # the doubts as the gate raised them before the rule
            for name in DOUBTS:
                fn = getattr(convert, name)
                try:
                    said = fn(reading, wording)
                except TypeError:
                    said = fn(reading)
                if said:
                    doubts[name] = said[0]
            if own:
                convert._own_reference = own
            truth = invoice.truth.invoice_number
            seen: list = []
            ranker.invoice_number(lines, seen)
            codes = ranker.candidates(lines, seen)
            facts = ranker.code_facts(codes, lines)
            value = number.value if number is not None else None
            rows.append({
                "part": part, "seed": seed, "truth": truth, "value": value,
                "right": value is not None and bench.normalise("invoice_number", value) == bench.normalise("invoice_number", truth),
                "confidence": number.confidence if number is not None else None,
                "label": number.label if number is not None else None,
                "before": convert._words_before(reading, number) if number is not None and number.value else "",
                "header": convert._header_above(reading, number) if number is not None and number.value else "",
                "doubts": doubts, "own_reference": fired,
                "confirmed_by": number.confirmed_by if number is not None else None,
                "codes": [c.key for c in codes],
                "facts": facts,
                "code_right": [bench.normalise("invoice_number", str(c.read.value)) == bench.normalise("invoice_number", truth) for c in codes],
                "code_read": [value is not None and code_key(c.read.value) == code_key(value) for c in codes],
                "wording": wording,
            })
    finally:
        propose.ranked_number = original
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", required=True)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rows = audit(args.part, args.start, args.count)
    Path(args.out).write_bytes(gzip.compress(pickle.dumps(rows)))
    print(f"{args.part}: {len(rows)} pages, number right {sum(r['right'] for r in rows)}")


if __name__ == "__main__":
    main()
