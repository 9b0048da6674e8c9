"""Train and judge the learnt ranking of the invoice number's candidates (``plugins/fields_rules/number_ranker.py``).

Each family's text-layer invoices are read through ``guichet extract``'s whole path; the page's lines handed to the
number's rules are kept, and every distinct code of the page is described by generic facts (``number_ranker.FEATURES``).
A logistic model (pointwise, L2, Newton's method from zero: deterministic) learns on every page which code is the
invoice's number; it answers only on the pages the rules weighed nothing on (``number_ranker.is_fallback``).
Round 2 tried per-family weighting, pairwise training within a page, fallback pages only and no label facts: none
beat this (see reports/numrank-13f.md).

Judged LEAVE-ONE-FAMILY-OUT: for each tuning family held out whole, the model trained on the others (and its
thresholds set on them) against the rules alone: right / wrong / none of the number. Then trained on all tuning
families and measured (aggregates only) on the measure-only parts.

The confirmation (``number_ranker.confirms``) is judged the same way: each family's soft pages (the rules' code read
after no strong label or weakly, :func:`soft`) scored by the model trained without it, its limits (probability,
margin) set on the OTHER families' held-out pages so that none they confirm is wrong; the table gives, per family
left out, the model's own top-1 accuracy, the rules', and the soft pages confirmed right / wrong.

    python tests/train_number_ranker.py --count 60 [--measure] [--dump-held-out F.json] [--write [--enable]]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_readings as bench
import invoice_generator as gen
import invoice_generator_blind as blind

from guichet.plugins.fields_rules import number_ranker as ranker

#: Tuning families (leave-one-family-out): name → (part, first seed). Only parts whose misses may be read.
TUNING = {"main": ("tuning", 0), "fresh": ("fresh", 0), "blind-base": ("blind", 0)} | {
    module.removeprefix("invoice_generator_blind_"): ("blind", first) for first, _after, module, _l in blind.LAYOUT_MODULES
} | {"modeles": ("modeles", 0), "reels": ("reels", 0)}
#: Parts measured only (aggregates): never read one by one, never trained on.
MEASURED = {"heldout": ("heldout", 0, 300), "modeles-inedits": ("modeles-inedits", 0, 100),
            "reels-inedits": ("reels-inedits", 0, 35)}  # the whole part (viewer split by example, 2026-12-07)
#: Where the pages read are kept between runs (the facts are computed again from them each run).
CACHE = Path(os.environ.get("GUICHET_RANKER_CACHE", Path(tempfile.gettempdir()) / "number_ranker_cache"))
L2 = 1.0
#: Precision asked on the training families where the rules read nothing (the model is only a fallback).
WRITE_PRECISION = 0.98
SHOW_PRECISION = 0.98
WRITTEN_SCORE, SHOWN_SCORE = 0.5, 0.25
#: The confidence of a soft code the ranking confirms (over ``guichet convert``'s bar, 0.3).
CONFIRMED_SCORE = 0.5


def _maker(part: str):  # the part's make_invoice
    family = bench.FAMILIES.get(part)
    return family.make_invoice if family is not None else (lambda seed: gen.make_invoice(seed, part))


def read_pages(part: str, start: int, count: int) -> list[dict]:
    """Each invoice's truth, the rules' reading (``got``) and the lines the number's rules were handed."""
    import importlib

    from guichet.core.plugins import make_plugin_manager

    propose = importlib.import_module("guichet.plugins.fields_rules.propose")  # (the package's name is the function's)

    pm = make_plugin_manager()
    family = bench.FAMILIES.get(part)
    if hasattr(family, "size"):
        count = min(count, max(0, family.size() - start))
    extract = bench.paper_extract if getattr(family, "PAPER", False) else bench.extract_record
    handed: list = []
    original = propose.ranked_number
    # the rules alone read the number here, whether the model file switches the model on or not
    propose.ranked_number = lambda lines, **_kw: handed.append(lines) or ranker.invoice_number(lines)
    rows = []
    try:
        for seed in range(start, start + count):
            invoice = _maker(part)(seed)
            data, _fmt, suffix = gen.degrade(invoice.pdf(), "text", seed)
            handed.clear()
            got = extract(pm, data, f"{part}-{seed}{suffix}")
            lines = handed[-1] if handed else []
            for line in lines:  # the rules' caches on a line (matches, cells) are read again, not kept
                for name in [n for n in vars(line) if n.startswith("_")]:
                    del vars(line)[name]
            rows.append({"seed": seed, "truth": invoice.truth.invoice_number, "got": got.get("invoice_number"),
                         "lines": lines})
    finally:
        propose.ranked_number = original
    return rows


def cached_pages(name: str, part: str, start: int, count: int) -> list[dict]:
    path = CACHE / f"{name}-{start}-{count}.pickle.gz"
    if path.exists():
        return pickle.loads(gzip.decompress(path.read_bytes()))  # noqa: S301 - this script's own files
    rows = read_pages(part, start, count)
    CACHE.mkdir(exist_ok=True)
    path.write_bytes(gzip.compress(pickle.dumps(rows)))
    return rows


def same(value: object, truth: object) -> bool:
    return bench.normalise("invoice_number", None if value is None else str(value)) == \
        bench.normalise("invoice_number", None if truth is None else str(truth))


def describe(rows: list[dict]) -> list[dict]:
    """Each invoice's codes: facts, whether right, the value the model would give; whether the model reads it."""
    out = []
    for row in rows:
        fallback, codes, facts = ranker.page_features(row["lines"]) if row["lines"] else (False, [], [])
        out.append({"truth": row["truth"], "got": row["got"], "facts": np.array(facts, dtype=float).reshape(-1, len(ranker.FEATURES)),
                    "values": [str(c.read.value) for c in codes],
                    "right": np.array([same(c.read.value, row["truth"]) for c in codes], dtype=float),
                    "read": next((i for i, c in enumerate(codes) if row["got"] is not None
                                  and c.key == ranker.code_key(row["got"])), -1),
                    "fallback": fallback})
    return out


def described(name: str, part: str, start: int, count: int) -> list[dict]:
    """:func:`describe` of the family's pages, kept beside them until the field rules' sources change."""
    import hashlib

    rules = Path(ranker.__file__).parent
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in sorted(rules.glob("*.py")))).hexdigest()[:16]
    path = CACHE / f"{name}-{start}-{count}-facts-{digest}.pickle.gz"
    if path.exists():
        return pickle.loads(gzip.decompress(path.read_bytes()))  # noqa: S301 - this script's own files
    pages = describe(cached_pages(name, part, start, count))
    path.write_bytes(gzip.compress(pickle.dumps(pages)))
    return pages


def fit(pages: list[dict], l2: float = L2, steps: int = 25) -> np.ndarray:
    """Logistic regression by Newton's method from zero weights (deterministic); the bias is not penalised."""
    x = np.vstack([p["facts"] for p in pages if len(p["facts"])])
    y = np.concatenate([p["right"] for p in pages if len(p["facts"])])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        w -= np.linalg.solve(hess, grad)
    return w


def _top(page: dict, w: np.ndarray) -> tuple[int, float]:
    probs = 1 / (1 + np.exp(-np.clip(page["facts"] @ w, -30, 30)))
    best = int(np.argmax(probs))
    return best, float(probs[best])


#: The fewest pages a threshold must be set on: fewer say nothing of a never-seen layout.
LEAST_TAKEN = 20


def _threshold(pairs: list[tuple[float, bool]], precision: float) -> float:
    """The lowest probability above which the model's code was right at least ``precision`` of the time, on
    :data:`LEAST_TAKEN` pages at least (else 1.01: never)."""
    best = 1.01
    for t in sorted({round(p, 3) for p, _r in pairs}, reverse=True):
        taken = [r for p, r in pairs if p >= t]
        if len(taken) >= LEAST_TAKEN and sum(taken) >= precision * len(taken):
            best = t
        elif len(taken) >= LEAST_TAKEN:
            break  # (lower, the precision only falls further on average: stop at the first shortfall)
    return best


def held_out_models(families: dict[str, list[dict]]) -> dict[str, np.ndarray]:
    """For each family, the model trained on all the others: the leave-one-family-out models."""
    return {held: fit([p for name, pages in families.items() if name != held for p in pages]) for held in families}


def thresholds(families: dict[str, list[dict]], models: dict[str, np.ndarray]) -> dict:
    """The model's thresholds, set on each family's pages the model reads (``number_ranker.is_fallback``), as scored
    by the model trained WITHOUT that family (``models``: the probabilities a never-seen layout gets)."""
    none = []
    for held, pages in families.items():
        for page in pages:
            if page["fallback"] and len(page["facts"]):
                best, p = _top(page, models[held])
                none.append((p, bool(page["right"][best])))
    return {"write": _threshold(none, WRITE_PRECISION), "show": _threshold(none, SHOW_PRECISION)}


def two_out_thresholds(families: dict[str, list[dict]], held: str) -> dict:
    """The thresholds for ``held`` set LEAVE-TWO-OUT: each other family's pages scored by a model trained without it
    AND without ``held`` (``held`` then weighs on nothing its judge uses; n² fits, about two minutes)."""
    others = {n: pages for n, pages in families.items() if n != held}
    models = {n: fit([p for m, pages in others.items() if m != n for p in pages]) for n in others}
    return thresholds(others, models)


def outcome(value: object, truth: object) -> str:
    return "none" if value is None else "right" if same(value, truth) else "wrong"


def judge(pages: list[dict], w: np.ndarray, limits: dict) -> tuple[dict, dict]:
    """Right / wrong / none of the rules alone and of the rules with the model as their fallback
    (:func:`number_ranker.choose`'s logic: only on the pages it reads)."""
    rules, model = {"right": 0, "wrong": 0, "none": 0}, {"right": 0, "wrong": 0, "none": 0}
    for page in pages:
        rules[outcome(page["got"], page["truth"])] += 1
        value = page["got"]
        if page["fallback"] and len(page["facts"]):
            best, p = _top(page, w)
            if p >= min(limits["write"], limits["show"]):
                value = page["values"][best]
        model[outcome(value, page["truth"])] += 1
    return rules, model


#: The facts that say the rules' code was read after a strong label (:func:`soft`).
STRONG, LABEL_SCORE = ranker.FEATURES.index("strong_label"), ranker.FEATURES.index("label_score")
#: The margin grid searched for the confirmation (:func:`confirm_limits`).
CONFIRM_GRID = [(t / 100, m / 100) for t in range(50, 100, 5) for m in range(0, 95, 5)]


def soft(page: dict) -> bool:
    """The rules read a code, but after no strong label or weakly (the pages a confirmation may make sure): the
    production test is :func:`number_ranker.needs_confirmation`."""
    i = page["read"]
    return i >= 0 and not (page["facts"][i][STRONG] and page["facts"][i][LABEL_SCORE] >= ranker.SURE_LABEL)


def confirm_pairs(families: dict[str, list[dict]], models: dict[str, np.ndarray]) -> list[tuple]:
    """Each soft page (:func:`soft`) of each family scored by the model trained WITHOUT that family: (family, the
    top code's probability, its margin over the second, whether the top code is the rules', whether the rules' code
    is right)."""
    pairs = []
    for held, pages in families.items():
        for page in pages:
            if not soft(page):
                continue
            top, p1, p2 = ranker.top_two(page["facts"].tolist(), list(models[held]))
            pairs.append((held, p1, p1 - p2, top == page["read"], bool(page["right"][page["read"]])))
    return pairs


def confirm_limits(pairs: list[tuple]) -> dict:
    """The (probability, margin) over which the ranking's agreement with the rules confirms their code: the pair
    that confirms the most soft pages with NONE wrong (at least :data:`LEAST_TAKEN` confirmed), else never."""
    best, limits = -1, {"confirm": 1.01, "confirm_margin": 1.01}
    for t, m in CONFIRM_GRID:
        taken = [right for _h, p1, margin, agree, right in pairs if agree and p1 >= t and margin >= m]
        if len(taken) >= LEAST_TAKEN and all(taken) and len(taken) > best:
            best, limits = len(taken), {"confirm": t, "confirm_margin": m}
    return limits


def confirmed(pairs: list[tuple], limits: dict, held: str) -> tuple[int, int, int, int]:
    """``held``'s soft pages: how many, the rules right among them, confirmed right, confirmed wrong."""
    mine = [p for p in pairs if p[0] == held]
    taken = [right for _h, p1, margin, agree, right in mine
             if agree and p1 >= limits["confirm"] and margin >= limits["confirm_margin"]]
    return len(mine), sum(p[4] for p in mine), sum(taken), len(taken) - sum(taken)


def top_right(pages: list[dict], w: np.ndarray) -> int:
    """The pages whose truth is the model's top code (the model alone, on every page)."""
    return sum(bool(page["right"][_top(page, w)[0]]) for page in pages if len(page["facts"]))


def _cell(counts: dict) -> str:
    return f"{counts['right']}/{counts['wrong']}/{counts['none']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=120, help="invoices per family")
    parser.add_argument("--measure", action="store_true", help="also measure the measure-only parts (aggregates)")
    parser.add_argument("--two-out", action="store_true", help="set the judged thresholds leave-two-out")
    parser.add_argument("--dump-held-out", help="write each family's held-out model and limits to this JSON file")
    parser.add_argument("--write", action="store_true", help="store the model trained on all tuning families")
    parser.add_argument("--enable", action="store_true", help="store it switched on (only after it won)")
    args = parser.parse_args()
    families = {name: described(name, part, start, args.count) for name, (part, start) in TUNING.items()}
    print("| famille tenue à part | n | règles r/w/n | modèle r/w/n | seuils w/s |")
    print("|---|---|---|---|---|")
    wins = losses = 0
    models = held_out_models(families)
    for held, held_pages in families.items():
        w = models[held]  # (its thresholds: on the other families' held-out probabilities)
        limits = two_out_thresholds(families, held) if args.two_out else \
            thresholds({n: p for n, p in families.items() if n != held}, models)
        rules, model = judge(held_pages, w, limits)
        wins += model["right"] > rules["right"] and model["wrong"] <= rules["wrong"]
        losses += model["right"] < rules["right"] or model["wrong"] > rules["wrong"]
        print(f"| {held} | {len(held_pages)} | {_cell(rules)} | {_cell(model)} | "
              f"{limits['write']:.2f}/{limits['show']:.2f} |", flush=True)
    print(f"familles gagnées {wins}, perdues {losses}, sur {len(families)}")
    # The confirmation: the rules' soft code is sure when the model trained without the family ranks it first with a
    # margin; each family judged with limits set on the OTHER families' held-out pages.
    pairs = confirm_pairs(families, models)
    print("\n| famille tenue à part | n | modèle seul juste | règles justes | pages molles | règles justes (molles) "
          "| confirmées justes/fausses | seuils p/marge |")
    print("|---|---|---|---|---|---|---|---|")
    for held, held_pages in families.items():
        limits = confirm_limits([p for p in pairs if p[0] != held])
        n, rules_right, good, bad = confirmed(pairs, limits, held)
        print(f"| {held} | {len(held_pages)} | {top_right(held_pages, models[held])} | "
              f"{sum(outcome(p['got'], p['truth']) == 'right' for p in held_pages)} | {n} | {rules_right} | {good}/{bad} | "
              f"{limits['confirm']:.2f}/{limits['confirm_margin']:.2f} |", flush=True)
    confirm = confirm_limits(pairs)
    print("confirmation (toutes familles) :", confirm)
    if args.dump_held_out:  # each family's held-out model and the confirmation's limits set without it
        Path(args.dump_held_out).write_text(json.dumps({held: {
            "weights": [float(v) for v in models[held]],
            **confirm_limits([p for p in pairs if p[0] != held])} for held in families}), encoding="utf-8")
    everything = [p for pages in families.values() for p in pages]
    w = fit(everything)
    limits = thresholds(families, models)
    print("poids :", ", ".join(f"{n}={v:+.2f}" for n, v in zip(ranker.FEATURES, w, strict=True)))
    print("seuils :", limits)
    if args.measure:
        for name, (part, start, count) in MEASURED.items():
            pages = described(name, part, start, count)
            rules, model = judge(pages, w, limits)
            sure = [(name, p1, p1 - p2, top == p["read"], bool(p["right"][p["read"]]))
                    for p in pages if soft(p) for top, p1, p2 in [ranker.top_two(p["facts"].tolist(), list(w))]]
            n, rules_right, good, bad = confirmed(sure, confirm, name)
            print(f"mesure {name}: règles {_cell(rules)} modèle {_cell(model)} ; molles {n} (règles justes "
                  f"{rules_right}), confirmées justes/fausses {good}/{bad}")
    if args.write:
        model = {"enabled": args.enable, "features": list(ranker.FEATURES), "weights": [round(float(v), 6) for v in w],
                 **{k: round(v, 3) for k, v in (limits | confirm).items()}, "written_score": WRITTEN_SCORE, "shown_score": SHOWN_SCORE,
                 "confirmed_score": CONFIRMED_SCORE}
        ranker.MODEL_FILE.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
