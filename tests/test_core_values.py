"""Amounts, dates and rates as printed on invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from guichet.core.parsing.values import add_years, parse_amount, parse_date, parse_rate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", "1234.56"),
        ("1.234,56 €", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€12.50", "12.50"),
        ("-3,00", "-3.00"),
        ("20,00-", "-20.00"),
        ("1.234.567,00", "1234567.00"),
        ("529.87", "529.87"),
    ],
)
def test_amounts_in_french_and_international_formats(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1.234", "abc", "12/2018", "", None])
def test_ambiguous_or_foreign_text_is_no_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    ["05/03/2018", "05.03.18", "2018-03-05", "5 mars 2018", "March 5, 2018", "5. März 2018", "5 MARS 2018"],
)
def test_dates(text):
    assert parse_date(text) == dt.date(2018, 3, 5)


def test_impossible_dates_are_refused():
    assert parse_date("31/02/2020") is None
    assert parse_date("12/13/1890") is None
    # a long reference before a month's name (« 4259138890 July 9, 2024 » read as « 4259138890 July 2024 »):
    # no day, and no crash (a day past a C int overflowed dt.date)
    assert parse_date("4259138890 July 2024") is None
    assert parse_date("July 4259138890 2024") is None


def test_rates():
    assert parse_rate("20 %") == Decimal(20)
    assert parse_rate("5,5%") == Decimal("5.5")
    assert parse_rate("150%") is None


def test_add_years_counts_calendar_years_both_ways_and_keeps_29_february_in_the_month():
    assert add_years(dt.date(2024, 3, 5), 10) == dt.date(2034, 3, 5)
    assert add_years(dt.date(2026, 12, 6), -10) == dt.date(2016, 12, 6)
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), -10) == dt.date(2014, 2, 28)
