"""The convert gate's doubts on the issue date and the invoice number, calibrated against the truth (issue 13).

For each page of the tuned parts (text layer), the paper reading as ``guichet convert`` does it (no dossier), then
each of the gate's doubts on the two key fields the model rules cannot check (BT-1, BT-2) run on its own
(:mod:`guichet.plugins.validate_en16931.convert`): the confidence floor (``PAPER_MIN_CONFIDENCE``, unless
``_date_alone``), ``_date_doubt`` (below ``PAPER_SURE_DATE`` among other dates), ``_date_other_document``,
``_date_implausible``, ``_date_same_place``, ``_date_label_doubt``, ``_date_header_doubt`` and the number's doubts. Each page is a row: the
reading's confidence, its label, which rules fire, and whether the value read is the truth's.

The table says, per rule, how often it refuses a RIGHT reading (a refusal the gate could spare) and how often it
catches a WRONG one; and, per class of confidence, the wrong readings no rule refuses (wrong writes).
A refusal's reason in the convert bench is the first one named; here every rule that fires is counted.

    python tests/bench_gate_calibration.py --parts tuning:0:100,blind:70000:100 [--families 10] [--list RULE]
    python tests/bench_gate_calibration.py --load rows.json --list date:doubt

Parts ``P:START:COUNT``; ``--families N``: the first N seeds of each family range of
``invoice_generator_blind.LAYOUT_MODULES`` (never its hold-out quarter). Never-tuned parts are refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import invoice_generator as gen
import invoice_generator_blind as blind
import invoice_generator_designs as designs
import reels_set as reels

FAMILIES = {blind.PART: blind, designs.TUNING.PART: designs.TUNING, reels.TUNING.PART: reels.TUNING}
TUNED = (*gen.WIDE_PARTS, *FAMILIES)


def gate_rules(reading, wording: str) -> dict[str, list[str]]:
    """Each doubt of the gate on the issue date (``date:…``) and the invoice number (``number:…``) that fires."""
    from guichet.core.parsing.fields import SOURCE_OCR
    from guichet.plugins.validate_en16931 import convert as c

    confidence, record = reading.confidence(), reading.record()
    alone = c._date_alone(record, confidence, wording)
    floor = c._uncertain(confidence, ("issue_date",) if alone else ())
    fired = {
        "date:floor": [d for d in floor if "BT-2" in d],
        "date:doubt": c._date_doubt(record, confidence, wording, c._issue_label(reading)),
        "date:header": c._date_header_doubt(reading),
        "date:other_document": c._date_other_document(reading, wording),
        "date:implausible": c._date_implausible(record, wording=wording, ocr=reading.text.source == SOURCE_OCR,
                                                sure=confidence.get("issue_date", 0.0) >= c.PAPER_SURE_DATE),
        "date:same_place": c._date_same_place(reading),
        "date:label_doubt": c._date_label_doubt(reading),
        "number:floor": [d for d in floor if "BT-1" in d],
        "number:ocr_cut": c._number_doubt(reading),
        "number:unlabelled": c._number_unlabelled(reading),
        "number:wrapped": c._number_wrapped(reading),
        "number:kind": c._number_kind_doubt(reading, wording),
        "number:other_document": c._number_other_document(reading, wording),
        "number:prefix": c._number_prefix_doubt(reading),
        "number:labelled_elsewhere": c._number_labelled_elsewhere(reading, wording),
    }
    # The gate asks _date_other_document only when _date_doubt is silent.
    if fired["date:doubt"]:
        fired["date:other_document"] = []
    return {name: said for name, said in fired.items() if said}


def page_row(pm, part: str, seed: int) -> dict | None:
    """The reading of one page of ``part`` and the gate's doubts on it, against its truth."""
    from guichet.core.pipeline.paper import read_paper

    family = FAMILIES.get(part)
    invoice = family.make_invoice(seed) if family is not None else gen.make_invoice(seed, part)
    pdf = invoice.pdf()
    if getattr(family, "PAPER", False):
        from bench_convert_paper import page_only

        pdf = page_only(pdf)
    data, _fmt, suffix = gen.degrade(pdf, "text", seed)
    reading = read_paper(pm, data, "pdf", f"{part}-{seed}{suffix}")
    if reading is None:
        return None
    wording = "\n".join(page.text for page in reading.text.pages)
    confidence, record = reading.confidence(), reading.record()
    fields = reading.proposal.fields
    truth = invoice.truth
    row = {"part": part, "seed": seed, "layout": getattr(truth, "layout", None), "rules": gate_rules(reading, wording)}
    for key, name in (("date", "issue_date"), ("number", "invoice_number")):
        value = fields.get(name)
        got, want = record.get(name), getattr(truth, name)
        row[key] = {"got": got, "truth": want, "right": got == want, "confidence": round(confidence.get(name, 0.0), 3),
                    "label": (value.label or "") if value is not None else None,
                    "origin": value.origin if value is not None else None}
    return row


def collect(parts: list[tuple[str, int, int]], save: str | None = None) -> list[dict]:
    """Rows of every page of ``parts`` (part, first seed, count); ``save``: each row appended there as it comes (JSON
    lines)."""
    from guichet.core.plugins import make_plugin_manager

    pm = make_plugin_manager()
    rows = []
    for part, start, count in parts:
        family = FAMILIES.get(part)
        size = family.size() if hasattr(family, "size") else None
        for seed in range(start, start + count if size is None else min(start + count, size)):
            try:
                row = page_row(pm, part, seed)
            except Exception as error:  # noqa: BLE001 (a page the generator or the reader fails on: said, skipped)
                print(f"  {part} {seed}: {error!r}", file=sys.stderr)
                continue
            if row is not None:
                rows.append(row)
                if save:
                    with open(save, "a", encoding="utf-8") as out:
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"  {part} {start}+{count}: {len(rows)} rows", file=sys.stderr, flush=True)
    return rows


def family_slices(count: int) -> list[tuple[str, int, int]]:
    """The first ``count`` seeds of each family range of the blind generator (never its hold-out quarter)."""
    return [(blind.PART, first, min(count, after - first)) for first, after, _module, _language in blind.LAYOUT_MODULES]


def band(confidence: float) -> str:
    """The confidence class of a reading, by the gate's thresholds."""
    from guichet.plugins.validate_en16931 import convert as c

    if confidence < c.PAPER_SHOWN:
        return f"< {c.PAPER_SHOWN}"
    if confidence < c.PAPER_MIN_CONFIDENCE:
        return f"{c.PAPER_SHOWN}–{c.PAPER_MIN_CONFIDENCE}"
    if confidence < c.PAPER_SURE_DATE:
        return f"{c.PAPER_MIN_CONFIDENCE}–{c.PAPER_SURE_DATE}"
    return f"≥ {c.PAPER_SURE_DATE}"


def report(rows: list[dict]) -> None:
    """Per rule: fired, the reading right / wrong; per field and confidence class: refused or written, right / wrong."""
    print(f"{len(rows)} pages: " + ", ".join(f"{p} {n}" for p, n in Counter(r["part"] for r in rows).items()))
    print(f"\n{'règle':32} {'déclenche':>9} {'lecture juste':>13} {'fausse':>7}   (juste = refus épargnable)")
    names = sorted({name for r in rows for name in r["rules"]})
    for name in names:
        key = name.split(":", maxsplit=1)[0]
        hit = [r for r in rows if name in r["rules"]]
        alone = [r for r in hit if not any(n.startswith(key) and n != name for n in r["rules"])]
        print(f"{name:32} {len(hit):9} {sum(r[key]['right'] for r in hit):13} {sum(not r[key]['right'] for r in hit):7}"
              f"   seule : {len(alone)} ({sum(r[key]['right'] for r in alone)} justes)")
    for key in ("date", "number"):
        print(f"\n{key}: classe de confiance   lus  refusés(justes/faux)  écrits(justes/faux)")
        for label in dict.fromkeys(band(r[key]["confidence"]) for r in sorted(rows, key=lambda r: r[key]["confidence"])):
            mine = [r for r in rows if r[key]["got"] and band(r[key]["confidence"]) == label]
            refused = [r for r in mine if any(n.startswith(key) for n in r["rules"])]
            passed = [r for r in mine if r not in refused]
            print(f"   {label:20} {len(mine):5}  {len(refused):5} ({sum(r[key]['right'] for r in refused)}/"
                  f"{sum(not r[key]['right'] for r in refused)})  {len(passed):5} ({sum(r[key]['right'] for r in passed)}/"
                  f"{sum(not r[key]['right'] for r in passed)})")
        wrong = [r for r in rows if r[key]["got"] and not r[key]["right"] and not any(n.startswith(key) for n in r["rules"])]
        for r in wrong:
            print(f"      non refusé, faux : {r['part']} {r['seed']} {r[key]['got']} ≠ {r[key]['truth']} "
                  f"conf {r[key]['confidence']} label « {r[key]['label']} »")
    print("\npar partie: date juste/fausse refusée, écrite (sans les autres champs)")
    for part in dict.fromkeys(r["part"] for r in rows):
        mine = [r for r in rows if r["part"] == part]
        for key in ("date", "number"):
            ref = [r for r in mine if any(n.startswith(key) for n in r["rules"])]
            out = [r for r in mine if r not in ref and r[key]["got"]]
            print(f"   {part:8} {key:6} refusé {sum(r[key]['right'] for r in ref)}/{sum(not r[key]['right'] for r in ref)}"
                  f"  écrit {sum(r[key]['right'] for r in out)}/{sum(not r[key]['right'] for r in out)}")


def listing(rows: list[dict], name: str, only: str | None = None) -> None:
    """Each page a rule fires on (``only``: « right » or « wrong » readings), with what it said."""
    key = name.split(":", maxsplit=1)[0]
    for r in rows:
        if name in r["rules"] and (only is None or (only == "right") == r[key]["right"]):
            print(f"{r['part']} {r['seed']} {'juste' if r[key]['right'] else 'FAUX '} {r[key]['got']} (vrai "
                  f"{r[key]['truth']}) conf {r[key]['confidence']} « {r[key]['label']} » — {r['rules'][name][0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="", help="P:START:COUNT, comma-separated (tuned parts only)")
    parser.add_argument("--families", type=int, default=0, help="first N seeds of each blind family range")
    parser.add_argument("--load", help="rows saved by --save, read instead of reading pages")
    parser.add_argument("--save", help="where to append the rows (JSON lines)")
    parser.add_argument("--list", help="list the pages a rule fires on (e.g. date:doubt)")
    parser.add_argument("--only", choices=("right", "wrong"))
    args = parser.parse_args()
    if args.load:
        rows = [json.loads(line) for line in Path(args.load).read_text().splitlines() if line.strip()]
    else:
        parts = []
        for spec in filter(None, args.parts.split(",")):
            part, start, count = spec.split(":")
            if part not in TUNED:
                sys.exit(f"{part} : partie jamais ajustée ou inconnue, refusée ({', '.join(TUNED)})")
            parts.append((part, int(start), int(count)))
        parts += family_slices(args.families) if args.families else []
        rows = collect(parts, args.save)
    if args.list:
        listing(rows, args.list, args.only)
    else:
        report(rows)


if __name__ == "__main__":
    main()
