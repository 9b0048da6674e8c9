"""Firm settings of the controls: severities per code or prefix, options, overrides."""

from __future__ import annotations

import datetime as dt

from guichet.core.pipeline.controls import (
    CODES, Report, apply_overrides, control_option, control_settings, is_french_party, reform_date,
)
from guichet.core.model.findings import Problem
from guichet.core.model.invoice import Address, Party
from guichet.core.model.models import Company
from guichet.core.model.states import Severity


def problems():
    return [
        Problem("FRAUD-NEW-SUPPLIER", Severity.WARNING, "nouveau", "BT-27", "t"),
        Problem("LEG-NOTES-PMT-PMD-AAB", Severity.WARNING, "notes", "BT-21", "t"),
        Problem("ID-VIES-UNVERIFIED", Severity.INFO, "vies", "BT-31", "t"),
        Problem("ARI-VAT", Severity.FATAL, "total", "BT-112", "t"),
    ]


def test_without_settings_nothing_changes():
    assert apply_overrides(problems(), None) == problems()
    assert apply_overrides(problems(), Company(siren="552081317", settings={})) == problems()


def test_exact_code_prefix_and_off():
    company = Company(siren="552081317", settings={"controls": {"severity": {
        "FRAUD-NEW-SUPPLIER": "blocking", "LEG-*": "info", "ID-VIES*": "off", "ARI-VAT": "bogus",
    }}})
    out = {p.code: str(p.severity) for p in apply_overrides(problems(), company)}
    assert out == {"FRAUD-NEW-SUPPLIER": "fatal", "LEG-NOTES-PMT-PMD-AAB": "info", "ARI-VAT": "fatal"}


def test_longest_prefix_wins_and_overrides_are_idempotent():
    company = Company(siren="552081317", settings={"controls": {"severity": {"FRAUD-*": "info",
                                                                              "FRAUD-NEW*": "blocking"}}})
    once = apply_overrides(problems(), company)
    assert [str(p.severity) for p in once if p.code == "FRAUD-NEW-SUPPLIER"] == ["fatal"]
    assert apply_overrides(once, company) == once


def test_options_and_reform_date():
    company = Company(siren="552081317", settings={"controls": {"options": {"amount_factor": 5,
                                                                             "reform_date": "2027-09-01"}}})
    assert control_option(company, "amount_factor") == 5
    assert control_option(company, "amount_history_min") == 3
    assert reform_date(company) == dt.date(2027, 9, 1)
    assert reform_date(None) == dt.date(2026, 9, 1)
    assert control_settings(Company(siren="1", settings={"controls": "junk"}))["severity"] == {}


def test_report_applies_the_company_settings():
    report = Report("origin")
    report.warn("FRAUD-NEW-SUPPLIER", "x")
    company = Company(siren="552081317", settings={"controls": {"severity": {"FRAUD-NEW-SUPPLIER": "off"}}})
    assert report.result(company) == []
    assert report.result(None)[0].origin == "origin"


def test_french_party_and_catalogue():
    assert is_french_party(Party(address=Address(country="RE")))
    assert not is_french_party(Party(vat_id="DE811569869", address=Address(country="DE")))
    assert is_french_party(Party(vat_id="FR44732829320"))
    assert all(code.split("-")[0] in {"LEG", "ARI", "VAT", "PAY", "ID", "FRAUD"} for code in CODES)
