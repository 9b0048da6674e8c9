"""VAT bases of VAT amounts printed per rate with no base (« dont TVA 20 % : 116,62 », « IVA 22% € 703,38 »).

One place for the field rules (``fields_rules.totals``: breakdown rows from the page's per-rate VAT)
and the completion (``core.pipeline.completion``: the breakdown of an invoice read with such VAT
amounts and its lines): the usual rates, when a VAT amount is a base's at a rate, and the one way of
splitting the total HT among the rates.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from math import prod

#: Rates tried, in this order, to explain a VAT total read without its breakdown (France first, then the EU's;
#: every rate of :data:`COUNTRY_RATES` among them; last, Switzerland's standard rate, 8.1 since 2024 and 7.7 before).
KNOWN_RATES = tuple(Decimal(r) for r in ("20", "10", "5.5", "2.1", "8.5", "13", "19", "21", "22", "7", "9", "6",
                                         "16", "17", "23", "24", "25", "27", "4", "5", "12", "14", "15", "18",
                                         "25.5", "13.5", "11", "8", "4.8", "3", "8.1", "7.7"))
#: The VAT rates a seller of each country charges (standard first, then the reduced ones, 2024–2026): the only
#: rates tried for lines read with no rate on a page that prints none (:func:`rates_of_lines`).
COUNTRY_RATES: dict[str, tuple[Decimal, ...]] = {
    country: tuple(Decimal(r) for r in rates.split()) for country, rates in {
        "FR": "20 10 5.5 2.1", "DE": "19 7", "ES": "21 10 4", "IT": "22 10 5 4", "IE": "23 13.5 9 4.8",
        "BE": "21 12 6", "NL": "21 9", "LU": "17 14 8 3", "AT": "20 13 10", "PT": "23 13 6", "PL": "23 8 5",
    }.items()
}
#: At most this many splits of the HT (bases in the cents around each VAT) or ways of giving each line
#: its rate (rates ** lines) are tried: more leaves the breakdown to the operator.
MAX_SPLITS = 5000
#: Subset sums are looked up in a bit set up to this many cents of line amounts (a few MB), else
#: between two halves of at most 2 ** (MAX_HALF) sums each (lines with negative amounts, huge sums).
_MAX_BITSET_CENTS = 20_000_000
_MAX_HALF = 12
#: Splits looked up between the two halves at most (each look-up walks the 2 ** _MAX_HALF sums of one half).
_MAX_SLOW_SPLITS = 200


def fits(base: Decimal, rate: Decimal, tax: Decimal, count: int = 1) -> bool:
    """True when ``tax`` is ``base`` × ``rate`` % to the cent (half a cent more per line rounded apart)."""
    return abs(base * rate / 100 - tax) <= Decimal("0.006") + Decimal("0.005") * max(0, count - 1)


def window(rate: Decimal, tax: Decimal, count: int = 1) -> list[Decimal]:
    """The bases, to the cent, whose VAT at ``rate`` % is ``tax`` (:func:`fits`)."""
    slack = Decimal("0.006") + Decimal("0.005") * max(0, count - 1)
    ends = sorted(((tax - slack) * 100 / rate, (tax + slack) * 100 / rate))
    low = int((ends[0] * 100).to_integral_value(ROUND_CEILING))
    high = int((ends[1] * 100).to_integral_value(ROUND_FLOOR))
    return [base for cents in range(low, high + 1) if fits(base := Decimal(cents) / 100, rate, tax, count)]


class SubsetSums:
    """Which totals some of the amounts add up to, built once for many questions.

    A bit set of every reachable sum in cents (exact, fast while the amounts stay small), else the
    sums of two halves (meet in the middle) when each half is small; else no answer (:attr:`known`).
    """

    def __init__(self, amounts: list[Decimal]) -> None:
        cents = [int(a * 100) for a in amounts]
        self._bits = self._left = self._right = None
        if all(c >= 0 for c in cents) and sum(cents) <= _MAX_BITSET_CENTS:
            bits = 1
            for value in cents:
                bits |= bits << value
            self._bits = bits
        elif len(cents) <= 2 * _MAX_HALF:
            half = len(cents) // 2
            self._left, self._right = self._sums(cents[:half]), sorted(self._sums(cents[half:]))

    @staticmethod
    def _sums(part: list[int]) -> set[int]:
        out = {0}
        for value in part:
            out |= {s + value for s in out}
        return out

    @property
    def quick(self) -> bool:
        """True when a look-up is one bit's test."""
        return self._bits is not None

    @property
    def known(self) -> bool:
        return self._bits is not None or self._left is not None

    def __contains__(self, total: Decimal) -> bool:
        target = int(total * 100)
        if self._bits is not None:
            return target >= 0 and bool(self._bits >> target & 1)
        if self._left is not None:
            return any(target - right in self._left for right in self._right)
        return False


@dataclass
class Split:
    """The bases per rate (in the order of the taxes given) and, when every line was given,
    the one rate of each line (None when several ways of rating the lines give these bases)."""

    bases: dict[Decimal, Decimal]
    line_rates: tuple[Decimal, ...] | None = None


def split_bases(taxes: dict[Decimal, Decimal], rest: Decimal, amounts: list[Decimal], *,
                every_line: bool = False, count: int = 1) -> Split | None:
    """The one split of ``rest`` (the HT less the bases already known) into a base per rate of ``taxes``
    ({rate: VAT printed}) whose VAT at that rate is the one printed (:func:`fits` with ``count``).

    Each base but the last lies in the few cents that give its VAT; the last is ``rest`` less the others.
    ``amounts`` are line amounts read: when several splits fit, those whose bases (but the last) are sums
    of some lines decide. With ``every_line`` the amounts are all the invoice's lines: they must add up to
    ``rest`` and share out among the rates exactly (each line at one rate; the ways are tried up to
    :data:`MAX_SPLITS`), and the lines' rates are given when one way only gives the split.
    None unless exactly one split remains.
    """
    rates = list(taxes)
    if not rates or (every_line and (not amounts or sum(amounts, Decimal(0)) != rest)):
        return None
    windows = [window(rate, taxes[rate], count) for rate in rates[:-1]]
    if prod(len(w) for w in windows) > MAX_SPLITS:
        return None
    splits = []
    for combo in itertools.product(*windows):
        last = rest - sum(combo, Decimal(0))
        if last and last * taxes[rates[-1]] >= 0 and fits(last, rates[-1], taxes[rates[-1]], count):
            splits.append((*combo, last))
    if every_line:
        return _split_of_lines(rates, splits, amounts)
    if len(splits) > 1 and amounts:
        sums = SubsetSums(amounts)
        if sums.known and (sums.quick or len(splits) <= _MAX_SLOW_SPLITS):
            splits = [split for split in splits if all(base in sums for base in split[:-1])]
    return Split(dict(zip(rates, splits[0], strict=True))) if len(splits) == 1 else None


def _split_of_lines(rates: list[Decimal], splits: list[tuple[Decimal, ...]], amounts: list[Decimal]) -> Split | None:
    """The one split the lines share out into, with the lines' rates when one way only gives it."""
    if not splits:
        return None
    if len(rates) ** len(amounts) > MAX_SPLITS:
        sums = SubsetSums(amounts)  # too many ways to try: the bases must at least be sums of lines
        found = [s for s in splits[:_MAX_SLOW_SPLITS] if sums.known and all(base in sums for base in s[:-1])]
        return Split(dict(zip(rates, found[0], strict=True))) if len(found) == 1 and len(rates) == 2 else None
    wanted = set(splits)
    ways: dict[tuple[Decimal, ...], list[tuple[Decimal, ...]]] = {}
    for way in itertools.product(rates, repeat=len(amounts)):
        bases = dict.fromkeys(rates, Decimal(0))
        for rate, amount in zip(way, amounts, strict=True):
            bases[rate] += amount
        split = tuple(bases[r] for r in rates)
        if split in wanted:
            ways.setdefault(split, []).append(way)
    if len(ways) != 1:
        return None
    ((split, found),) = ways.items()
    return Split(dict(zip(rates, split, strict=True)), found[0] if len(found) == 1 else None)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _with_zero(rates: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    return tuple(dict.fromkeys((*rates, Decimal(0))))


def too_many_ways(count: int, rates: tuple[Decimal, ...]) -> bool:
    """True when rating ``count`` lines among ``rates`` and 0 % takes more than :data:`MAX_SPLITS` ways: too much
    work for :func:`rates_of_lines`, which then finds nothing."""
    return len(_with_zero(rates)) ** count > MAX_SPLITS


def rates_of_lines(amounts: list[Decimal], rates: tuple[Decimal, ...], tax: Decimal) -> Split | None:
    """The one split of the lines' ``amounts`` among ``rates`` and 0 % (each line at one rate) whose VAT is ``tax``,
    however the seller rounded: every split whose unrounded VAT is within a cent per line of ``tax`` is a candidate
    (the true split always is, rounded per rate or per line, half-up, half-even or truncated), and one candidate only
    is kept, when its VAT rounded half-up (per rate or per line) is ``tax`` to the cent and no line is at 0 % (an
    exempt line's category and reason are not on the lines read).

    With the lines' rates when one way only gives that split; None when no split or several are candidates, or when
    there are more than :data:`MAX_SPLITS` ways of rating the lines. Every way the rates allow is tried, so that one
    split found is the page's own arithmetic, not a guess among others.
    """
    rates = _with_zero(rates)
    if not amounts or too_many_ways(len(amounts), rates):
        return None
    slack = Decimal("0.01") * len(amounts)
    ways: dict[tuple[tuple[Decimal, Decimal], ...], list[tuple[Decimal, ...]]] = {}
    for way in itertools.product(rates, repeat=len(amounts)):
        bases: dict[Decimal, Decimal] = {}
        for rate, amount in zip(way, amounts, strict=True):
            bases[rate] = bases.get(rate, Decimal(0)) + amount
        if all(bases.values()) and abs(sum((b * r / 100 for r, b in bases.items()), Decimal(0)) - tax) <= slack:
            ways.setdefault(tuple((r, bases[r]) for r in rates if r in bases), []).append(way)
    if len(ways) != 1:
        return None
    ((split, found),) = ways.items()
    bases = dict(split)
    per_rate = sum((_cents(base * rate / 100) for rate, base in bases.items()), Decimal(0))
    per_line = {sum((_cents(a * r / 100) for r, a in zip(way, amounts, strict=True)), Decimal(0)) for way in found}
    if Decimal(0) in bases or (tax != per_rate and tax not in per_line):
        return None
    return Split(bases, found[0] if len(found) == 1 else None)
