"""A learnt ranking of the invoice number's candidates (issue 13): generic page facts, weights trained apart.

:func:`~.numbers.invoice_number` reads the number by hand-written rules; rules written from our own families' kinds
of document did not reach never-seen layouts. This module gathers every code the rules weighed (after a label, beside
the title, in a panel) and every code-shaped word no label reached (:func:`candidates`), describes each distinct code
by facts that hold on any invoice (how it was found, where it stands, its shape, whether the page prints it again:
:func:`features`; no wording of any family), and scores it with a logistic model whose weights
(``number_ranker.json``) ``tests/train_number_ranker.py`` learns on our families. Pure Python at read time.

It is a FALLBACK: it runs only on pages where the rules weighed no candidate at all (:func:`is_fallback`); a page
the rules read costs nothing more, and a code the rules weighed and set aside (a supply point's identifier, one of
two close references) is not written behind their back. It is off unless ``number_ranker.json`` says ``"enabled": true``.

It is also a CONFIRMATION, a second judge of the rules' number where they read it softly (:func:`needs_confirmation`:
over the convert bar, but after a bare « Référence », the title or no label): when the model puts that very code first,
at ``confirm`` or more and ahead of the next by ``confirm_margin`` (:func:`confirms`), the number is sure
(``confirmed_score``, ``FieldValue.confirmed_by`` = :data:`CONFIRMED_BY`, which ``guichet convert``'s gate trusts);
when they disagree nothing changes. Its limits are set leave-one-family-out: no soft number it confirmed on a family
held out of its training was wrong. Without those keys in the file, nothing is confirmed.

Training (weights, fallback thresholds, confirmation limits; per-family left-out table on stdout)::

    python tests/train_number_ranker.py --count 60 --measure --write --enable
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.lines import Cand, Line, amounts, fold
from guichet.plugins.fields_rules.numbers import (
    PAGE_HEAD,
    RIVAL,
    UNKNOWN,
    YEAR,
    Seen,
    code_key,
    invoice_number,
    printed_again,
    title_sized,
    usual_height,
)

MODEL_FILE = Path(__file__).with_name("number_ranker.json")
#: What a number the ranking confirmed says it was confirmed by (``FieldValue.confirmed_by``, read by the gate).
CONFIRMED_BY = "ranking"

#: The facts describing one distinct code of the page, in the model file's order (each in 0..1).
FEATURES = (
    "bias",
    "label_score",
    "strong_label", "weak_label", "label_rival", "label_unknown", "label_sign",
    "title", "panel", "unnamed_title", "unnamed_sign", "unnamed_payment", "token_only",
    "page_one", "top", "top_third", "head", "right_half", "table_row", "tall", "title_line",
    "sign_before", "colon_before", "first_code",
    "length", "digit_share", "separator", "has_year", "letter_prefix", "all_digits", "spaced", "short",
    "printed_again", "times_seen", "many_codes",
)


@dataclass
class Code:
    """One distinct code of the page (:func:`~.numbers.code_key`) and every place it was found, with how."""

    key: str
    found: list[tuple[str, Cand, int | None, str | None]] = field(default_factory=list)  # origin, cand, rank, thing

    @property
    def first(self) -> Cand:
        """Where the page prints it first."""
        return min((c for _o, c, _r, _t in self.found), key=lambda c: (c.line.page, c.line.top, c.start))

    @property
    def read(self) -> Cand:
        """Its reading by the surest way it was found (a label's before a title's… before a bare token's): the
        way a code is cut (« FA 2024/12 » or « FA2024/12 ») is best known where a label or the title frames it."""
        return min((c for _o, c, _r, _t in self.found if _o != "token"), default=self.first,
                   key=lambda c: -c.score)


def is_fallback(chosen: Cand | None, seen: list[Seen]) -> bool:
    """The model's pages: the rules read nothing and weighed nothing (``seen``). Where they weighed a code and read
    it under the floor or set it aside, that was on purpose (the hand-written tests of numbers say so)."""
    return chosen is None and not seen


def candidates(lines: list[Line], seen: list[Seen]) -> list[Code]:
    """Every distinct code the page offers: those the rules weighed (``seen``) and the code-shaped words no label
    reached."""
    from guichet.plugins.fields_rules.unnamed_number import structure_cands, title_nouns

    found = [(s.origin, s.cand, s.rank, s.thing) for s in seen]
    found += [(f"unnamed_{origin}" if origin != "token" else origin, c, None, None)
              for origin, c in structure_cands(lines, title_nouns(lines))]
    codes: dict[str, Code] = {}
    for origin, cand, rank, thing in found:
        key = code_key(cand.value)
        if len(key) >= 2:
            codes.setdefault(key, Code(key)).found.append((origin, cand, rank, thing))
    return list(codes.values())


_SIGN_BEFORE = re.compile(r"(?:n[°ºo]?|nr|no|num|#)\.?\s*:?\s*$")


def features(code: Code, codes: list[Code], lines: list[Line], usual: float | None, place: int = 0) -> list[float]:
    """The facts of :data:`FEATURES` for ``code``, in that order; ``place``: its rank among ``codes`` in reading
    order (:func:`page_features`)."""
    origins = {o for o, _c, _r, _t in code.found}
    labelled = [(c, r, t) for o, c, r, t in code.found if o == "label"]
    first = code.first
    line = first.line
    value = str(first.value)
    compact = re.sub(r"\s", "", value)
    digits = sum(ch.isdigit() for ch in compact)
    words = first.words or line.words_in(first.start, first.end)
    height = max((w.box[3] - w.box[1] for w in words), default=0.0)
    before = fold(line.text[:first.start])[-8:]
    facts = {
        "bias": 1.0,
        "label_score": max((max(0.0, min(1.0, c.score)) for c, _r, _t in labelled), default=0.0),
        "strong_label": float(any(r is not None and r < L.WEAK_RANK for _c, r, _t in labelled)),
        "weak_label": float(any(r is not None and r >= L.WEAK_RANK for _c, r, _t in labelled)),
        "label_rival": float(any(t == RIVAL for _c, _r, t in labelled)),
        "label_unknown": float(any(t == UNKNOWN for _c, _r, t in labelled)),
        "label_sign": float(any(L.NUMBER_SIGN.search(fold(c.label or "")) for c, _r, _t in labelled)),
        "title": float("title" in origins),
        "panel": float("panel" in origins),
        "unnamed_title": float("unnamed_title" in origins),
        "unnamed_sign": float("unnamed_sign" in origins),
        "unnamed_payment": float("unnamed_payment" in origins),
        "token_only": float(origins <= {"token"}),
        "page_one": float(line.page == 1),
        "top": 1.0 - min(1.0, line.top) if line.page == 1 else 0.0,
        "top_third": float(line.page == 1 and line.top < 1 / 3),
        "head": float(line.page == 1 and line.top <= PAGE_HEAD),
        "right_half": float(bool(words) and words[0].box[0] >= 0.5),
        "table_row": float(len(amounts(line)) >= 2),
        "tall": float(bool(usual) and height > 1.15 * usual),
        "title_line": float(bool(usual) and any(title_sized(w, usual) for w in line.words)),
        "sign_before": float(bool(_SIGN_BEFORE.search(before))),
        "colon_before": float(before.rstrip().endswith(":")),
        "first_code": 1.0 - place / len(codes),
        "length": min(1.0, len(compact) / 20),
        "digit_share": digits / len(compact) if compact else 0.0,
        "separator": float(bool(re.search(r"[-/._]", compact))),
        "has_year": float(bool(YEAR.search(compact))),
        "letter_prefix": float(bool(re.match(r"[A-Za-z]", compact))),
        "all_digits": float(compact.isdigit()),
        "spaced": float(" " in value.strip()),
        "short": float(len(compact) <= 4),
        "printed_again": float(printed_again(lines, first.value)),
        "times_seen": min(1.0, len({(c.line.page, c.line.top, c.start) for _o, c, _r, _t in code.found}) / 4),
        "many_codes": min(1.0, math.log1p(len(codes)) / 4),
    }
    return [facts[name] for name in FEATURES]


def page_features(lines: list[Line]) -> tuple[bool, list[Code], list[list[float]]]:
    """Whether the model reads the page (:func:`is_fallback`), its codes and each code's facts (the training
    script's view of a page: it learns on every page, the model answers only on its own)."""
    seen: list[Seen] = []
    chosen = invoice_number(lines, seen)
    codes = candidates(lines, seen)
    return is_fallback(chosen, seen), codes, code_facts(codes, lines)


def code_facts(codes: list[Code], lines: list[Line]) -> list[list[float]]:
    """Each code's facts (:func:`features`)."""
    usual = usual_height(lines)
    order = sorted(range(len(codes)), key=lambda i: (codes[i].first.line.page, codes[i].first.line.top, codes[i].first.start))
    place = {index: at for at, index in enumerate(order)}
    return [features(code, codes, lines, usual, place[i]) for i, code in enumerate(codes)]


@cache
def load_model(path: Path = MODEL_FILE) -> dict:
    """The model file: ``features`` (names, checked against :data:`FEATURES`), ``weights``, thresholds, ``enabled``."""
    model = json.loads(path.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise ValueError("number_ranker.json ne correspond pas aux caractéristiques du code : ré-entraîner le modèle")
    return model


def probability(weights: list[float], facts: list[float]) -> float:
    """The model's probability that a code is the invoice's number."""
    z = sum(w * x for w, x in zip(weights, facts, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def choose(codes: list[Code], facts: list[list[float]], model: dict) -> Cand | None:
    """The model's best code: written from ``write``, shown to a person (0.25, never written) from ``show``, else
    nothing."""
    if not codes:
        return None
    probs = [probability(model["weights"], f) for f in facts]
    best = max(range(len(codes)), key=lambda i: probs[i])
    if probs[best] < model["show"]:
        return None
    cand = codes[best].read
    cand.score = max(cand.score, model["written_score"]) if probs[best] >= model["write"] else model["shown_score"]
    return cand


#: A label's score from which the rules' number is sure by itself (``guichet convert`` writes from 0.3): under it, or
#: after no strong label (a bare « Référence », the title, no label at all), the ranking may confirm it.
SURE_LABEL = 0.3


def top_two(facts: list[list[float]], weights: list[float]) -> tuple[int, float, float]:
    """The model's best code (its index), its probability and the second best's (0 when alone)."""
    probs = [probability(weights, f) for f in facts]
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    return order[0], probs[order[0]], probs[order[1]] if len(order) > 1 else 0.0


def needs_confirmation(chosen: Cand, seen: list[Seen]) -> bool:
    """The rules' number is soft: no strong label reads that code (:data:`~.vocabulary.WEAK_RANK`) at
    :data:`SURE_LABEL` or more (the training script's ``soft`` says the same on a code's facts). A number the rules
    read UNDER :data:`SURE_LABEL` is theirs to doubt (a rival close to it, a telephone's shape, a word OCR may have
    cut: ``tests/test_plugins_fields_rules_numbers.py``), and one read from OCR'd words may be misread: neither is
    confirmed."""
    words = chosen.words or chosen.line.words_in(chosen.start, chosen.end)
    if chosen.score < SURE_LABEL or any(w.confidence < 1.0 for w in words):
        return False
    key = code_key(chosen.value)
    return not any(s.origin == "label" and s.rank is not None and s.rank < L.WEAK_RANK and code_key(s.cand.value) == key
                   and s.cand.score >= SURE_LABEL for s in seen)


def confirms(chosen: Cand, codes: list[Code], facts: list[list[float]], model: dict) -> bool:
    """The ranking confirms the rules' number: its best code is that one, at ``confirm`` or more and ahead of the
    second by ``confirm_margin`` or more (both set leave-one-family-out by ``tests/train_number_ranker.py``, so
    that no soft number it confirmed on our families was wrong). A page printing one code only is never confirmed:
    the model was trained on pages that have an invoice number, and a receipt's lone order id would be its best."""
    if len(codes) < 2 or "confirm" not in model:  # a lone code has no rival to be ahead of: the margin would say nothing
        return False
    best, first, second = top_two(facts, model["weights"])
    return (codes[best].key == code_key(chosen.value) and first >= model["confirm"]
            and first - second >= model["confirm_margin"])


def enabled_model() -> dict | None:
    """The model when its file switches it on, else None."""
    model = load_model() if MODEL_FILE.exists() else None
    return model if model and model.get("enabled") else None


def ranked_number(lines: list[Line], model: dict | None = None, *, confirm: bool = True) -> Cand | None:
    """The invoice number: the rules' (:func:`~.numbers.invoice_number`); on a page they weighed nothing on, the
    model's when it is switched on (``model``: the file's, :func:`enabled_model`); a soft number of theirs the model
    confirms (:func:`confirms`) made sure, when ``confirm`` (a text layer: the model was judged there only)."""
    model = model or enabled_model()
    seen: list[Seen] = []
    chosen = invoice_number(lines, seen if model else None)
    if model is None:
        return chosen
    if not is_fallback(chosen, seen):
        if confirm and chosen is not None and needs_confirmation(chosen, seen):
            codes = candidates(lines, seen)
            if confirms(chosen, codes, code_facts(codes, lines), model):
                chosen.score = max(chosen.score, model["confirmed_score"])
                chosen.confirmed_by = CONFIRMED_BY
        return chosen
    codes = candidates(lines, seen)
    return choose(codes, code_facts(codes, lines), model)
