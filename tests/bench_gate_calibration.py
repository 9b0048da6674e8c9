"""The convert gate's doubts on the issue date, the invoice number and the buyer, calibrated against the truth (issue 13).

For each page of the tuned parts (text layer), the paper reading as ``guichet convert`` does it (no dossier), then
each of the gate's doubts on the two key fields the model rules cannot check (BT-1, BT-2) run on its own
(:mod:`guichet.plugins.validate_en16931.convert`): the confidence floor (``PAPER_MIN_CONFIDENCE``, unless
``_date_alone``), ``_date_doubt`` (below ``PAPER_SURE_DATE`` among other dates), ``_date_other_document``,
``_date_implausible``, ``_date_same_place``, ``_date_label_doubt``, ``_date_header_doubt`` and the number's doubts. Each page is a row: the
reading's confidence, its label, which rules fire, and whether the value read is the truth's.

The buyer (on the families that keep the truth of its block, ``context["buyer_truth"]``): its name's doubts
(``_name_doubt``, one rule per reason: ``buyer_name:low``, ``:label_end``, ``:sign``, ``:value_after``, ``:both``); its
address (postcode and town, BG-8) and country (BT-55) read below the floor and taken out (``_written_reading``:
``buyer_addr:floor``, ``buyer_country:floor``); and what the completion leaves missing, which the model rules refuse
(``buyer_addr:missing`` BR-10, ``buyer_country:missing`` BR-11). A buyer value not read is neither right nor wrong
(« non lu »); the country judged is the one the completion writes.

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
import re
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
    for said in c._name_doubt(reading):
        if "acheteur" in said:
            fired.setdefault(f"buyer_name:{_NAME_REASONS[next(k for k in _NAME_REASONS if k in said)]}", []).append(said)
    weak = {name: fv for name, fv in reading.proposal.fields.items()
            if name.startswith("buyer_") and fv.value is not None and fv.confidence < c.PAPER_MIN_CONFIDENCE}
    fired["buyer_addr:floor"] = [f"{name} « {weak[name].value} » {weak[name].confidence:.2f}"
                                 for name in ("buyer_address", "buyer_postcode", "buyer_city") if name in weak]
    fired["buyer_country:floor"] = [f"« {weak['buyer_country'].value} » {weak['buyer_country'].confidence:.2f}"] \
        if "buyer_country" in weak else []
    return {name: said for name, said in fired.items() if said}


#: The reasons :func:`~guichet.plugins.validate_en16931.convert._name_doubt` gives, and their rule's name here.
_NAME_REASONS = {"lu pour les deux parties": "both", "comme un libellé et sa valeur": "value_after",
                 "trop peu sûrement": "low", "comme un libellé": "label_end", "commence par un signe": "sign"}


def buyer_rows(pm, reading, wording: str, truth, buyer_truth: dict) -> tuple[dict, dict[str, list[str]]]:
    """The buyer's name, address and country as read and as the completion writes them, against the truth; and the
    model rules the completed invoice breaks on the buyer (BR-07, BR-10, BR-11) when its name, address or country is
    missing."""
    from bench_readings import _folded, _postcode

    from guichet.core.pipeline.completion import complete
    from guichet.plugins.validate_en16931 import convert as c

    fields = reading.proposal.fields
    read, _said = c._written_reading(reading)
    invoice = complete(read, pm=pm, wording=wording, read=True).invoice
    address = invoice.buyer.address

    def value(name: str) -> str | None:
        fv = fields.get(name)
        return fv.value if fv is not None and fv.value else None

    def confidence(*names: str) -> float:
        return round(min((fields[n].confidence for n in names if n in fields and fields[n].value), default=0.0), 3)

    name = value("buyer_name")
    postcode, city = value("buyer_postcode"), value("buyer_city")
    country = address.country if address is not None else None
    place = f"{postcode or ''} {city or ''}".strip() or None
    row = {
        "buyer_name": {"got": name, "truth": truth.buyer_name, "right": None if name is None else name == truth.buyer_name,
                       "confidence": confidence("buyer_name"), "label": None, "origin": None},
        "buyer_addr": {"got": place, "truth": f"{buyer_truth['postcode']} {buyer_truth['city']}",
                       "right": None if place is None else (
                           _postcode(postcode) == _postcode(buyer_truth["postcode"]) and _folded(city) == _folded(buyer_truth["city"])),
                       "confidence": confidence("buyer_postcode", "buyer_city"), "label": None, "origin": None},
        "buyer_country": {"got": country, "truth": buyer_truth["country"],
                          "right": None if country is None else country == buyer_truth["country"],
                          "confidence": confidence("buyer_country") if value("buyer_country") else 0.0,
                          "label": value("buyer_country"), "origin": "read" if value("buyer_country") else "completion"},
    }
    fired = {}
    if address is None or not (address.line1 or address.city or address.postcode):
        fired["buyer_addr:missing"] = ["BR-10"]
    if not country:
        fired["buyer_country:missing"] = ["BR-11 " + country_signs(wording, postcode)]
    return row, fired


def country_signs(wording: str, postcode: str | None) -> str:
    """The signs of a country the page prints, for a buyer whose country the completion left out: the countries its
    postcode's shape fits, each international phone's, each domain's, each VAT number's prefix (said, not judged)."""
    from guichet.core.parsing import countries

    shapes = sorted(c for c, shape in countries.POSTCODE_SHAPES.items() if postcode and shape.fullmatch(postcode.strip().upper()))
    phones = sorted({p for line in wording.splitlines() if (p := countries.country_of_valid_phone(line))})
    domains = sorted({d for line in wording.splitlines() if (d := countries.country_of_domain(line))})
    vats = sorted(set(re.findall(r"\b(" + "|".join(sorted(countries.ISO_PREFIXES)) + r")\s?\d{2}[\dA-Z ]{6,12}\b", wording)))
    return f"CP {postcode} {'/'.join(shapes) or '-'} ; tél {'/'.join(phones) or '-'} ; domaine {'/'.join(domains) or '-'} ; TVA {'/'.join(vats) or '-'}"


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
    buyer_truth = (getattr(invoice, "context", None) or {}).get("buyer_truth")
    if buyer_truth:
        buyer, fired = buyer_rows(pm, reading, wording, truth, buyer_truth)
        row.update(buyer)
        row["rules"].update(fired)
    else:
        row["rules"] = {name: said for name, said in row["rules"].items() if not name.startswith("buyer")}
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


#: The fields judged, each a key of a row; a rule ``key:…`` fires on that field.
KEYS = ("date", "number", "buyer_name", "buyer_addr", "buyer_country")


def _refused(row: dict, key: str) -> bool:
    """True when a rule on ``key``'s field fires on the page (a rule on the buyer's name, address or country refuses
    the buyer; the page's other fields aside)."""
    return any(n.split(":", maxsplit=1)[0] == key for n in row["rules"])


def report(rows: list[dict]) -> None:
    """Per rule: fired, the reading right / wrong / not read; per field and confidence class: refused or written,
    right / wrong."""
    print(f"{len(rows)} pages: " + ", ".join(f"{p} {n}" for p, n in Counter(r["part"] for r in rows).items()))
    print(f"\n{'règle':32} {'déclenche':>9} {'lecture juste':>13} {'fausse':>7} {'non lu':>7}   (juste = refus épargnable)")
    names = sorted({name for r in rows for name in r["rules"]})
    for name in names:
        key = name.split(":", maxsplit=1)[0]
        hit = [r for r in rows if name in r["rules"]]
        alone = [r for r in hit if not any(n.split(":", maxsplit=1)[0] == key and n != name for n in r["rules"])]
        print(f"{name:32} {len(hit):9} {sum(r[key]['right'] is True for r in hit):13} "
              f"{sum(r[key]['right'] is False for r in hit):7} {sum(r[key]['right'] is None for r in hit):7}"
              f"   seule : {len(alone)} ({sum(r[key]['right'] is True for r in alone)} justes)")
    for key in KEYS:
        if not any(key in r for r in rows):
            continue
        print(f"\n{key}: classe de confiance   lus  refusés(justes/faux)  écrits(justes/faux)")
        judged = [r for r in rows if key in r]
        for label in dict.fromkeys(band(r[key]["confidence"]) for r in sorted(judged, key=lambda r: r[key]["confidence"])):
            mine = [r for r in judged if r[key]["got"] and band(r[key]["confidence"]) == label]
            refused = [r for r in mine if _refused(r, key)]
            passed = [r for r in mine if r not in refused]
            print(f"   {label:20} {len(mine):5}  {len(refused):5} ({sum(r[key]['right'] for r in refused)}/"
                  f"{sum(not r[key]['right'] for r in refused)})  {len(passed):5} ({sum(r[key]['right'] for r in passed)}/"
                  f"{sum(not r[key]['right'] for r in passed)})")
        wrong = [r for r in judged if r[key]["got"] and r[key]["right"] is False and not _refused(r, key)]
        for r in wrong:
            print(f"      non refusé, faux : {r['part']} {r['seed']} {r[key]['got']} ≠ {r[key]['truth']} "
                  f"conf {r[key]['confidence']} label « {r[key]['label']} »")
    print("\npar partie: lecture juste/fausse/non lue refusée, écrite juste/fausse (sans les autres champs)")
    for part in dict.fromkeys(r["part"] for r in rows):
        for key in KEYS:
            mine = [r for r in rows if r["part"] == part and key in r]
            if not mine:
                continue
            ref = [r for r in mine if _refused(r, key)]
            out = [r for r in mine if r not in ref and r[key]["got"]]
            print(f"   {part:8} {key:13} refusé {sum(r[key]['right'] is True for r in ref)}/"
                  f"{sum(r[key]['right'] is False for r in ref)}/{sum(r[key]['right'] is None for r in ref)}"
                  f"  écrit {sum(r[key]['right'] is True for r in out)}/{sum(r[key]['right'] is False for r in out)}")


def listing(rows: list[dict], name: str, only: str | None = None) -> None:
    """Each page a rule fires on (``only``: « right » or « wrong » readings), with what it said."""
    key = name.split(":", maxsplit=1)[0]
    for r in rows:
        if name in r["rules"] and (only is None or (only == "right") == (r[key]["right"] is True)):
            state = {True: "juste", False: "FAUX ", None: "nonlu"}[r[key]["right"]]
            print(f"{r['part']} {r['seed']} {state} {r[key]['got']} (vrai "
                  f"{r[key]['truth']}) conf {r[key]['confidence']} « {r[key]['label']} » — {r['rules'][name][0]}")


def calibration_arguments(description: str) -> argparse.ArgumentParser:
    """The options the calibration benches share: which pages (``--parts``, ``--families``), and rows saved or
    loaded instead of reading pages (``--save``, ``--load``)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--parts", default="", help="P:START:COUNT, comma-separated (tuned parts only)")
    parser.add_argument("--families", type=int, default=0, help="first N seeds of each blind family range")
    parser.add_argument("--load", help="rows saved by --save, read instead of reading pages")
    parser.add_argument("--save", help="where to save the rows (JSON lines)")
    return parser


def tuned_parts(specs: str, tuned: tuple[str, ...], families: int = 0) -> list[tuple[str, int, int]]:
    """The (part, first seed, count) of ``specs`` (« P:START:COUNT », comma-separated), then the first ``families``
    seeds of each blind family range; exits on a part never tuned (``tuned``: the parts allowed)."""
    parts = []
    for spec in filter(None, specs.split(",")):
        part, start, count = spec.split(":")
        if part not in tuned:
            sys.exit(f"{part} : partie jamais ajustée ou inconnue, refusée ({', '.join(tuned)})")
        parts.append((part, int(start), int(count)))
    return parts + (family_slices(families) if families else [])


def loaded_rows(path: str) -> list[dict]:
    """The rows a bench saved with ``--save`` (JSON lines)."""
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def main() -> None:
    parser = calibration_arguments(__doc__.splitlines()[0])
    parser.add_argument("--list", help="list the pages a rule fires on (e.g. date:doubt)")
    parser.add_argument("--only", choices=("right", "wrong"))
    args = parser.parse_args()
    if args.load:
        rows = loaded_rows(args.load)
    else:
        rows = collect(tuned_parts(args.parts, TUNED, args.families), args.save)
    if args.list:
        listing(rows, args.list, args.only)
    else:
        report(rows)


if __name__ == "__main__":
    main()
