"""VAT bases of VAT amounts printed per rate (core.parsing.vat_bases): one place for the rules and the completion."""

from __future__ import annotations

import random
from decimal import Decimal as D

from guichet.core.parsing import vat_bases
from guichet.core.parsing.vat_bases import SubsetSums, split_bases


def test_the_rules_and_the_completion_share_the_split():
    from guichet.core.pipeline import completion
    from guichet.plugins.fields_rules import totals

    assert totals.split_bases is completion.split_bases is vat_bases.split_bases
    assert completion.KNOWN_RATES is vat_bases.KNOWN_RATES
    for gone in ("_bases_from_taxes", "_subset_sum", "_window", "_fits"):
        assert not hasattr(totals, gone)
    assert not hasattr(completion, "MAX_SPLITS")


def test_one_split_or_none():
    # 20 % : 40,00 and 5,5 % : 13,75 over 450,00 of lines: 200 + 250 only
    found = split_bases({D("20"): D("40.00"), D("5.5"): D("13.75")}, D("450.00"), [D("120.00"), D("250.00"), D("80.00")])
    assert found is not None and found.bases == {D("20"): D("200.00"), D("5.5"): D("250.00")}
    lines = [D("120.00"), D("250.00"), D("80.00")]
    found = split_bases({D("20"): D("40.00"), D("5.5"): D("13.75")}, D("450.00"), lines, every_line=True, count=2)
    assert found is not None and found.line_rates == (D("20"), D("5.5"), D("20"))
    # no line adds up to a base: nothing
    assert split_bases({D("20"): D("40.00"), D("5.5"): D("13.75")}, D("450.00"), [D("120.00"), D("330.00")],
                       every_line=True, count=2) is None
    # two equal lines: the bases hold, the lines' rates are not guessed
    found = split_bases({D("10"): D("30.00"), D("5.5"): D("19.25")}, D("650.00"),
                        [D("100.00"), D("100.00"), D("200.00"), D("250.00")], every_line=True, count=2)
    assert found is not None and found.line_rates is None and found.bases[D("10")] == D("300.00")


def test_thirty_lines_and_three_rates_build_their_sums_once(monkeypatch):
    # Review of 2026-12-05 (finding 4): each base of each split rebuilt the sums of 30 lines (7 to 14 s a page).
    built = []
    real = SubsetSums.__init__

    def counting(self, amounts):
        built.append(len(amounts))
        real(self, amounts)

    monkeypatch.setattr(SubsetSums, "__init__", counting)
    rng = random.Random(1)
    lines = [D(rng.randint(100, 50000)) / 100 for _ in range(30)]
    for taxes in ({D("2.1"): D("10.50"), D("5.5"): D("27.50"), D("10"): D("50.00")},
                  {D("5.5"): D("27.50"), D("10"): D("50.00"), D("20"): D("100.00")}):
        split_bases(taxes, D("1500.00"), lines)
    assert built == [30, 30]


def test_subset_sums_small_and_large():
    sums = SubsetSums([D("1.00"), D("2.50"), D("4.00")])
    assert D("6.50") in sums and D("5.00") in sums and D("0") in sums and D("2.00") not in sums
    # a credit line (negative): the two halves instead of the bit set
    sums = SubsetSums([D("10.00"), D("-2.00"), D("5.00")])
    assert sums.known and D("8.00") in sums and D("13.00") in sums and D("7.00") not in sums
    assert not SubsetSums([D("-1.00")] * 40).known


def test_lines_rated_among_given_rates_only_when_one_split_gives_the_vat():
    from guichet.core.parsing.vat_bases import COUNTRY_RATES, rates_of_lines

    # 5 085,80 at 5,5 %, 112,24 at 10 %, 5,84 at 2,1 %: 279,72 + 11,22 + 0,12 = 291,06, the one way among France's rates
    found = rates_of_lines([D("5.84"), D("112.24"), D("5085.80")], COUNTRY_RATES["FR"], D("291.06"))
    assert found is not None and found.line_rates == (D("2.1"), D("10"), D("5.5"))
    assert found.bases == {D("10"): D("112.24"), D("5.5"): D("5085.80"), D("2.1"): D("5.84")}
    # one cent off: no way gives it, nothing
    assert rates_of_lines([D("5.84"), D("112.24"), D("5085.80")], COUNTRY_RATES["FR"], D("291.07")) is None
    # two lines of 100,00 and a VAT of 26,00: 19 % + 7 % either way, the same split; the lines' rates are not guessed
    found = rates_of_lines([D("100.00"), D("100.00")], COUNTRY_RATES["DE"], D("26.00"))
    assert found is not None and found.line_rates is None and found.bases == {D("19"): D("100.00"), D("7"): D("100.00")}
    # 10 + 10 and 20 + 0 are two splits of 200,00 giving 20,00 among 20 % and 10 %: nothing
    assert rates_of_lines([D("100.00"), D("100.00")], (D("20"), D("10"), D("0")), D("20.00")) is None


def test_lines_with_an_exempt_line_get_no_split_found_by_coincidence():
    from guichet.core.parsing.vat_bases import COUNTRY_RATES, rates_of_lines

    # 478,20 exempt, 484,64 and 31,46 at 10 %, 425,72 at 2,1 %: 60,55 of VAT, also 5,5 % on 903,92 and 2,1 % on
    # 516,10 to the cent; 0 % is tried too, so two splits give it: nothing
    assert rates_of_lines([D("478.20"), D("484.64"), D("425.72"), D("31.46")], COUNTRY_RATES["FR"], D("60.55")) is None
    # the one split has an exempt line (100,00 at 0 %, 100,00 at 20 %): its category is not on the lines, nothing
    assert rates_of_lines([D("100.00"), D("100.00")], (D("20"),), D("20.00")) is None


def test_a_split_among_others_within_the_rounding_is_no_split():
    from guichet.core.parsing.vat_bases import COUNTRY_RATES, rates_of_lines

    # 582,14 at 5,5 % and 429,51 at 10 %, each rate's VAT truncated: 32,01 + 42,95 = 74,96; 495,06 at 10 %, 429,51
    # at 5,5 % and 87,08 at 2,1 % hit 74,96 exactly half-up, but the true split is within the cents too: nothing
    assert rates_of_lines([D("87.08"), D("495.06"), D("429.51")], COUNTRY_RATES["FR"], D("74.96")) is None


def test_too_many_ways_of_rating_the_lines_is_nothing(monkeypatch):
    from guichet.core.parsing import vat_bases

    # 5 085,80 at 5,5 %, 112,24 at 10 %, 5,84 at 2,1 %, 1 000,00 at 20 %: one split, found when the bound allows
    # the 5 ** 4 ways of rating four lines (France's rates and 0 %), nothing under it
    amounts, tax = [D("5.84"), D("112.24"), D("5085.80"), D("1000.00")], D("491.06")
    monkeypatch.setattr(vat_bases, "MAX_SPLITS", 5 ** 4)
    assert vat_bases.rates_of_lines(amounts, vat_bases.COUNTRY_RATES["FR"], tax) is not None
    monkeypatch.setattr(vat_bases, "MAX_SPLITS", 5 ** 4 - 1)
    assert vat_bases.rates_of_lines(amounts, vat_bases.COUNTRY_RATES["FR"], tax) is None


def test_every_country_rate_is_a_known_rate():
    # Ireland's 13,5 % and 4,8 %, Luxembourg's 8 % and 3 %, Finland's 25,5 %, Romania's 11 %: a rate printed on the
    # page is read only when known
    from guichet.core.parsing.vat_bases import COUNTRY_RATES, KNOWN_RATES

    assert {rate for rates in COUNTRY_RATES.values() for rate in rates} <= set(KNOWN_RATES)
    assert {D("25.5"), D("11")} <= set(KNOWN_RATES)
