"""The buyer's country presumed from the seller's (« courrier intérieur »), calibrated against the truth (issue 13).

A domestic address prints no country (« Kunden AG, Kundenstraße 15, 69876 Frankfurt » on a German seller's invoice):
the completion presumes the buyer in the seller's country under conditions
(:func:`guichet.core.pipeline.completion.domestic_presumption`). This reads each page of the tuned parts as
``guichet convert`` does with no dossier (the text layer; a real file's page without its XML), completes it, and
says for the buyer's country (BT-55):

- ``présumé juste`` / ``présumé FAUX``: the presumption gave it, right or wrong against the truth;
- ``non présumé (raison)``: the presumption declined, and why (``lu`` when the page read a country);
- the country the completed invoice holds in the end: right, wrong, missing (BR-11 refuses the page).

Per part, per language and per family (the generator's layout, the blind family's module, the real file's issuer). A
wrong presumption must stay 0: a cross-border buyer with no country printed must be declined, not presumed.

    python tests/bench_domestic_buyer.py --parts tuning:0:300,fresh:0:300 --families 20 --modeles 100 --reels --outside
    python tests/bench_domestic_buyer.py --load rows.json [--list wrong|declined]

Calibration (2026-12-07, text layer; tuning 300, fresh 300, blind 300 + 20 per family, modeles 100, reels 43 with a
buyer's country in their XML, outside tuning 41): before the page's signs (:func:`~guichet.core.pipeline.completion.
_abroad_sign`) 1 presumption wrong of 519 (reels, « 06000 NICE, DE » under a French seller); after, 0 wrong, 3 right
presumptions lost (blind 80019, 116004, 116010: generator pages that print an intra-EU supply to a domestic buyer). With
the other territories' postcodes and the buyer block's phone and domain (same day, later): 0 wrong, 2 more right ones
lost (blind 96016, 106019: the generator's « 98176 », « 98789 », postcodes no metropolitan French address has).
What leaves the buyer's country missing is elsewhere: the seller's country unknown (the generator's British invoices
print five-digit postcodes, which no British address has) and the buyer's postcode not read (the XML viewer's « DE 69876
Frankfurt », read by the reading, not here).

Parts ``P:START:COUNT`` of the generator (tuned parts only); ``--families N``: the first N seeds of each family range of
the blind generator (never its hold-out quarter); ``--modeles N``: the designs' tuning part; ``--reels``: the tuned real
part; ``--outside``: the outside set's tuning part (Factur-X / ZUGFeRD PDFs whose page prints their XML's number and
grand total).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import invoice_generator as gen
import invoice_generator_blind as blind
import invoice_generator_designs as designs
import reels_set as reels
from bench_gate_calibration import calibration_arguments, loaded_rows, tuned_parts

TUNED = (*gen.WIDE_PARTS, blind.PART)


def judged(pm, data: bytes, name: str, truth_country: str | None) -> dict:
    """The buyer's country of one page as the no-dossier convert completes it: read, presumed or missing, and why."""
    from guichet.core.pipeline import completion
    from guichet.core.pipeline.paper import read_paper
    from guichet.plugins.validate_en16931 import convert as c

    reading = read_paper(pm, data, "pdf", name)
    wording = "\n".join(page.text for page in reading.text.pages)
    read, _said = c._written_reading(reading)
    seen: list[tuple[str | None, str]] = []
    original = completion.domestic_presumption

    def recording(inv, wording=""):
        seen.append(original(inv, wording))
        return seen[-1]

    completion.domestic_presumption = recording
    try:
        invoice = completion.complete(read, pm=pm, wording=wording, read=True).invoice
    finally:
        completion.domestic_presumption = original
    presumed, why = seen[-1] if seen else (None, "non demandé")
    address = invoice.buyer.address
    final = address.country if address is not None else None
    fv = reading.proposal.fields.get("buyer_country")
    return {"truth": truth_country, "presumed": presumed, "why": why, "final": final,
            "read": fv.value if fv is not None and fv.value else None,
            "seller": completion._country(invoice.seller),
            "postcode": address.postcode if address is not None else None}


def _xml_buyer_country(pm, data: bytes, name: str) -> tuple[str | None, str | None]:
    """The buyer's and the seller's country of a file's embedded XML (its truth)."""
    from guichet.core.pipeline.reading import read_file

    invoice = read_file(pm, data, name).invoice
    if invoice is None:
        return None, None

    def country(party):
        return party.address.country if party is not None and party.address is not None else None

    return country(invoice.buyer), country(invoice.seller)


def generated_rows(pm, part: str, start: int, count: int) -> list[dict]:
    """Rows of the generator's ``part`` (or the blind family's), the buyer's truth from the block's
    (``context["buyer_truth"]``), else the seller's country on the base generator (its buyers are domestic)."""
    rows = []
    for seed in range(start, start + count):
        try:
            invoice = blind.make_invoice(seed) if part == blind.PART else gen.make_invoice(seed, part)
            buyer_truth = (invoice.context or {}).get("buyer_truth")
            country = buyer_truth["country"] if buyer_truth else (
                gen.COUNTRY[invoice.truth.language] if part != blind.PART else None)
            if country is None:
                continue
            data, _fmt, suffix = gen.degrade(invoice.pdf(), "text", seed)
            row = judged(pm, data, f"{part}-{seed}{suffix}", country)
        except Exception as error:  # noqa: BLE001 (a page the generator or the reader fails on: said, skipped)
            print(f"  {part} {seed}: {error!r}", file=sys.stderr)
            continue
        family = invoice.truth.layout
        if part == blind.PART:
            family = next((m.removeprefix("invoice_generator_") for first, after, m, _l in blind.LAYOUT_MODULES
                           if first <= seed < after), family)
        row.update(part=part, seed=seed, language=invoice.truth.language, family=family,
                   printed=bool(buyer_truth and buyer_truth.get("country_printed")))
        rows.append(row)
    print(f"  {part} {start}+{count}: {len(rows)} rows", file=sys.stderr, flush=True)
    return rows


def modeles_rows(pm, count: int) -> list[dict]:
    """Rows of the designs' tuning part (the buyer's country from its data)."""
    family, rows = designs.TUNING, []
    for seed in range(count):
        try:
            invoice = family.make_invoice(seed)
            data_ = invoice.context["data"]
            data, _fmt, suffix = gen.degrade(invoice.pdf(), "text", seed)
            row = judged(pm, data, f"modeles-{seed}{suffix}", data_.buyer.country)
        except Exception as error:  # noqa: BLE001
            print(f"  modeles {seed}: {error!r}", file=sys.stderr)
            continue
        row.update(part="modeles", seed=seed, language=invoice.truth.language, family=invoice.truth.layout,
                   printed=bool((invoice.context.get("buyer_truth") or {}).get("country_printed")))
        rows.append(row)
    print(f"  modeles: {len(rows)} rows", file=sys.stderr, flush=True)
    return rows


def file_rows(pm, part: str, files: list[tuple[str, bytes, str]]) -> list[dict]:
    """Rows of real files (name, bytes, family), their embedded XML the truth, their page read without it."""
    from bench_convert_paper import page_only

    rows = []
    for name, data, family in files:
        try:
            country, seller = _xml_buyer_country(pm, data, name)
            if country is None:
                continue
            row = judged(pm, page_only(data), name, country)
        except Exception as error:  # noqa: BLE001
            print(f"  {part} {name}: {error!r}", file=sys.stderr)
            continue
        row.update(part=part, seed=name, language=reels.COUNTRY_LANGUAGE.get(seller or "", "autre"), family=family,
                   printed=None)
        rows.append(row)
    print(f"  {part}: {len(rows)} rows", file=sys.stderr, flush=True)
    return rows


def reels_files() -> list[tuple[str, bytes, str]]:
    """The tuned real part: each file with its issuer's group."""
    out = []
    for seed in range(reels.TUNING.size()):
        invoice = reels.TUNING.make_invoice(seed)
        out.append((invoice.truth.file, invoice.pdf(), invoice.truth.issuer))
    return out


def outside_files() -> list[tuple[str, bytes, str]]:
    """The outside set's tuning part: its PDFs whose page prints the XML's number and grand total."""
    from bench_ocr import printed
    from bench_readings import OUTSIDE
    from outside_set import TUNING, part_of

    from guichet.core.parsing.fields import invoice_fields
    from guichet.core.pipeline.reading import read_file
    from guichet.core.plugins import make_plugin_manager

    pm, out = make_plugin_manager(), []
    for path in sorted(OUTSIDE.glob("*.pdf")):
        if part_of(path.name) != TUNING:
            continue
        try:
            result = read_file(pm, path.read_bytes(), path.name)
        except Exception:  # noqa: BLE001 - an unreadable XML is no truth
            continue
        if result.invoice is None or not printed(path, invoice_fields(result.invoice)):
            continue
        out.append((path.name, path.read_bytes(), path.name.split("__")[0]))
    return out


def state(row: dict) -> str:
    """What the presumption did on a row: « présumé juste », « présumé FAUX », or « non présumé (why) »."""
    if row["presumed"] is not None:
        return "présumé juste" if row["presumed"] == row["truth"] else "présumé FAUX"
    return f"non présumé ({row['why']})"


def report(rows: list[dict]) -> None:
    """Counts per part, language and family; the final country right / wrong / missing."""
    print(f"{len(rows)} pages: " + ", ".join(f"{p} {n}" for p, n in Counter(r["part"] for r in rows).items()))
    for key in ("part", "language"):
        print(f"\npar {key} : présumé juste / FAUX / non présumé ; pays final juste / faux / absent")
        groups = defaultdict(list)
        for r in rows:
            groups[r[key]].append(r)
        for name, mine in groups.items():
            print(f"   {name!s:28} {sum(r['presumed'] == r['truth'] for r in mine if r['presumed']):4} / "
                  f"{sum(r['presumed'] != r['truth'] for r in mine if r['presumed']):2} / "
                  f"{sum(r['presumed'] is None for r in mine):4} ;  {sum(r['final'] == r['truth'] for r in mine):4} / "
                  f"{sum(bool(r['final']) and r['final'] != r['truth'] for r in mine):2} / "
                  f"{sum(not r['final'] for r in mine):4}")
    print("\npourquoi non présumé (pays final absent seulement) :")
    for why, n in Counter(r["why"] for r in rows if not r["final"]).most_common():
        print(f"   {n:5}  {why}")
    foreign = [r for r in rows if r["truth"] != r["seller"] and r["seller"]]
    print(f"\nacheteur d'un autre pays que le vendeur : {len(foreign)} ; présumés (faux) "
          f"{sum(r['presumed'] is not None for r in foreign)} ; " + ", ".join(
              f"{k} {v}" for k, v in Counter(state(r) for r in foreign).most_common()))
    print("\npar famille (présumé juste / FAUX / non présumé, acheteurs étrangers) :")
    groups = defaultdict(list)
    for r in rows:
        groups[(r["part"], r["family"])].append(r)
    for (part, family), mine in sorted(groups.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        print(f"   {part:8} {family!s:36} {sum(r['presumed'] == r['truth'] for r in mine if r['presumed']):4} / "
              f"{sum(r['presumed'] != r['truth'] for r in mine if r['presumed']):2} / "
              f"{sum(r['presumed'] is None for r in mine):4}   étrangers {sum(r['truth'] != r['seller'] for r in mine)}")


def listing(rows: list[dict], which: str) -> None:
    """The rows presumed wrong (``wrong``), or declined with no country in the end (``declined``)."""
    for r in rows:
        if (which == "wrong" and r["presumed"] and r["presumed"] != r["truth"]) or (
                which == "declined" and not r["final"]):
            print(f"{r['part']} {r['seed']} {r['family']} vrai {r['truth']} vendeur {r['seller']} CP {r['postcode']} "
                  f"lu {r['read']} final {r['final']} — {state(r)}")


def main() -> None:
    parser = calibration_arguments(__doc__.splitlines()[0])
    parser.add_argument("--modeles", type=int, default=0, help="the designs' tuning part, first N seeds")
    parser.add_argument("--reels", action="store_true", help="the tuned real part")
    parser.add_argument("--outside", action="store_true", help="the outside set's tuning part")
    parser.add_argument("--list", choices=("wrong", "declined"))
    args = parser.parse_args()
    if args.load:
        rows = loaded_rows(args.load)
    else:
        from guichet.core.plugins import make_plugin_manager

        pm, rows = make_plugin_manager(), []
        for part, start, count in tuned_parts(args.parts, TUNED, args.families):
            rows += generated_rows(pm, part, start, count)
        rows += modeles_rows(pm, args.modeles) if args.modeles else []
        rows += file_rows(pm, "reels", reels_files()) if args.reels else []
        rows += file_rows(pm, "outside", outside_files()) if args.outside else []
        if args.save:
            Path(args.save).write_text("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows))
    if args.list:
        listing(rows, args.list)
    else:
        report(rows)


if __name__ == "__main__":
    main()
