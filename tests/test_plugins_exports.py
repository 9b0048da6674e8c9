"""Exports the firm's software imports: FEC (checked by the published control rules), CSV, Quadra, EBP."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from guichet.core.model.export_models import ExportBatch, ExportMark
from guichet.core.money import chart, exports
from guichet.plugins.exports import fec, quadra

import fec_rules
from export_samples import archived

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
# The exports and their marks on both databases.
pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)


@pytest.fixture
def book(rt, company):
    """A year of invoices: purchases at two rates, a sale, a credit note, an intra-EU purchase, one unbalanced."""
    made = {
        "FA-1": archived(company, direction="purchase", number="FA-1", issue=dt.date(2026, 2, 1),
                         rows=(("S", "20", "100.00"), ("S", "5.5", "40.00"))),
        "FA-2": archived(company, direction="purchase", number="FA-2", issue=dt.date(2026, 1, 20),
                         party="Éditions Œuvre Őz | Tab\tSARL"),
        "VT-1": archived(company, direction="sales", number="VT-1", party="Client Béta", issue=dt.date(2026, 3, 3),
                         rows=(("S", "10", "1234.56"),)),
        "AV-1": archived(company, direction="sales", number="AV-1", type_code="381", party="Client Béta",
                         issue=dt.date(2026, 3, 4), rows=(("S", "10", "34.56"),)),
        "DE-1": archived(company, direction="purchase", number="DE-1", party="Lieferant GmbH", country="DE",
                         issue=dt.date(2026, 4, 1), rows=(("K", "0", "1000.00"),)),
        "BAD-1": archived(company, direction="purchase", number="BAD-1", issue=dt.date(2026, 5, 1), total="1.00"),
        "OLD-1": archived(company, direction="purchase", number="OLD-1", issue=dt.date(2025, 12, 31)),
    }
    return made


def _run(rt, company, name, **kwargs):
    out = io.BytesIO()
    result = exports.run(rt.pm, rt.settings, company, name, kwargs.pop("start", START), kwargs.pop("end", END), out, **kwargs)
    return result, out.getvalue()


def test_hook_register_export_formats(rt):
    """A third-party format joins the built-in ones; a name given twice keeps the first declaration."""
    from guichet.core import hookimpl

    class Extra:
        @hookimpl
        def register_export_formats(self):
            return [exports.ExportFormat("lignes", "Une ligne par écriture", "txt",
                                         lambda items, ctx: (f"{i.number}\n".encode() for i in items)),
                    exports.ExportFormat("fec", "doublon", "txt", lambda items, ctx: iter(()))]

    rt.pm.register(Extra())
    try:
        found = exports.formats(rt.pm)
        assert set(found) >= {"fec", "csv", "quadra", "ebp", "lignes"}
        assert found["fec"].label.startswith("FEC")
    finally:
        rt.pm.unregister(name=None, plugin=next(p for p in rt.pm.get_plugins() if isinstance(p, Extra)))


def test_fec_passes_the_control_rules_and_holds_back_the_unbalanced(rt, company, book):
    result, data = _run(rt, company, "fec")
    name = fec.file_name(company.siren, END)
    assert name == "552081317FEC20261231.txt"
    assert fec_rules.check(data, filename=name, start=START, end=END) == []
    assert result.entries == 5
    assert [(h.number, h.document_id) for h in result.held_back] == [("BAD-1", book["BAD-1"].id)]
    assert "déséquilibrée" in result.held_back[0].reasons[0]
    text = data.decode("iso-8859-15")
    lines = text.splitlines()
    assert lines[0].split("\t") == fec_rules.COLUMNS
    assert "OLD-1" not in text  # outside the period
    # Purchases first (AC000001: the earliest), continuous numbers per journal, decimal comma.
    first = lines[1].split("\t")
    assert first[:4] == ["AC", "Achats", "AC000001", "20260120"]
    assert "1234,56" in text and "1358,02" in text
    # A separator inside a name never splits a record; characters outside ISO 8859-15 are folded.
    assert all(len(line.split("\t")) == 18 for line in lines)
    assert "Éditions Œuvre Oz" in text
    sale = [line.split("\t") for line in lines if "\tVT-1\t" in line]
    assert sale[0][4:8] == ["411000", "Clients", "CCLIENTBETA", "Client Béta"]
    assert sale[0][11:13] == ["1358,02", "0,00"]
    batch = ExportBatch.get()
    assert (batch.format, batch.entries, batch.held_back[0]["number"]) == ("fec", 5, "BAD-1")
    assert ExportMark.select().where(ExportMark.target == "fec").count() == 5


def test_fec_pipe_separator(rt, company, book):
    _, data = _run(rt, company, "fec", options={"separator": "pipe"})
    assert data.decode("iso-8859-15").splitlines()[0] == "|".join(fec_rules.COLUMNS)
    assert fec_rules.check(data) == []


def test_the_control_rules_catch_a_broken_fec(rt, company, book):
    _, data = _run(rt, company, "fec")
    lines = data.decode("iso-8859-15").splitlines()
    unbalanced = lines[:1] + [lines[1].replace("\t100,00\t", "\t100,01\t")] + lines[2:]
    assert any("déséquilibrée" in p for p in fec_rules.check("\n".join(unbalanced).encode("iso-8859-15")))
    gap = [line.replace("AC000002", "AC000009") for line in lines]
    assert any("numérotation non continue" in p for p in fec_rules.check("\n".join(gap).encode("iso-8859-15")))
    empty = [lines[0]] + ["\t".join("" if i == 5 else f for i, f in enumerate(line.split("\t"))) for line in lines[1:]]
    assert any("CompteLib vide" in p for p in fec_rules.check("\n".join(empty).encode("iso-8859-15")))
    assert fec_rules.check(data, filename="552081317FEC2026.txt")


def test_unknown_account_holds_back_only_that_invoice(rt, company, book):
    chart.import_chart(company, b"401000;Fournisseurs\n411000;Clients\n607000;Achats\n706000;Prestations\n"
                               b"4456620;TVA 20\n4456655;TVA 5,5\n4457110;TVA 10\n445662;TVA intra\n4452;TVA due intra\n")
    result, data = _run(rt, company, "fec")
    held = {h.number: h.reasons for h in result.held_back}
    assert set(held) == {"BAD-1"}
    chart.import_chart(company, b"401000;Fournisseurs\n411000;Clients\n607000;Achats\n706000;Prestations\n4457110;TVA 10\n")
    result, data = _run(rt, company, "fec")
    held = {h.number: h.reasons for h in result.held_back}
    assert set(held) == {"BAD-1", "FA-1", "FA-2", "DE-1"}
    assert any("4456620" in r for r in held["FA-2"])
    assert fec_rules.check(data) == []
    assert result.entries == 2  # the sale and its credit note
    # The chart's labels are used.
    assert "\t706000\tPrestations\t" in data.decode("iso-8859-15")


def test_csv_columns_separator_encoding_decimal_and_links(rt, company, book):
    options = {"columns": "date,piece,account,aux_account,label,amount,sense,link", "separator": ",",
               "encoding": "cp1252", "decimal": ".", "date_format": "%Y-%m-%d"}
    result, data = _run(rt, company, "csv", options=options, links=lambda doc: f"https://guichet.test/d/{doc}")
    text = data.decode("cp1252")
    rows = text.splitlines()
    assert rows[0] == "Date,Pièce,Compte,Compte auxiliaire,Libellé,Montant,Sens,Lien Factur-X"
    sale = next(r for r in rows if r.startswith("2026-03-03,VT-1,411000"))
    assert sale.endswith(f",1358.02,D,https://guichet.test/d/{book['VT-1'].id}")
    with pytest.raises(ValueError, match="colonne"):
        _run(rt, company, "csv", options={"columns": "nope"}, again=True)
    assert result.entries == 5


def test_nothing_is_exported_twice_unless_asked(rt, company, book):
    first, _ = _run(rt, company, "csv")
    assert first.entries == 5
    second, data = _run(rt, company, "csv")
    assert (second.entries, second.skipped_already, len(second.held_back)) == (0, 5, 1)
    assert data.decode().count("\r\n") == 1  # the header only
    exports.clear_mark(book["VT-1"], "csv")
    third, data = _run(rt, company, "csv")
    assert third.entries == 1 and "VT-1" in data.decode()
    again, _ = _run(rt, company, "csv", again=True)
    assert again.entries == 5
    marks = exports.marks_of([book["FA-1"].id])
    assert set(marks[book["FA-1"].id]) == {"csv"}


def test_quadra_fixed_positions(rt, company, book):
    _, data = _run(rt, company, "quadra")
    records = data.decode("iso-8859-15").split("\r\n")[:-1]
    assert all(len(r) == quadra.RECORD_WIDTH and r[0] == "M" for r in records)

    def field(record, name):
        start, width = quadra.LAYOUT[name]
        return record[start - 1:start - 1 + width]

    sale = [r for r in records if field(r, "piece10").strip() == "VT-1"]
    assert [field(r, "account") for r in sale] == [quadra.account_code("CCLIENTBETA"), "706000  ", "4457110 "]
    assert len(quadra.account_code("CCLIENTBETA")) == 8 and quadra.account_code("CCLIENTBETA").startswith("CCLIE")
    assert quadra.account_code("CCLIENTBETA") != quadra.account_code("CCLIENTBOB")  # never merged by a cut
    assert quadra.account_code("FALPHA") == "FALPHA"
    assert [field(r, "sense") + field(r, "amount") for r in sale] == ["D+000000135802", "C+000000123456", "C+000000012346"]
    assert field(sale[0], "journal") == "VE" and field(sale[0], "date") == "030326" and field(sale[0], "folio") == "000"
    assert field(sale[0], "currency") == "EUR"
    total = {"D": 0, "C": 0}
    for r in records:
        total[field(r, "sense")] += int(field(r, "amount"))
    assert total["D"] == total["C"]


def test_ebp_text_layout(rt, company, book):
    _, data = _run(rt, company, "ebp")
    records = data.decode("cp850").split("\r\n")[:-1]
    sale = [r for r in records if '"VT-1' in r]
    fields = sale[0].split(",")
    assert len(fields) == 11
    assert fields[1:4] == ["03032026", "VE", "CCLIENTBETA    "]
    assert fields[4] == "" and fields[5].startswith('"Client') and len(fields[5]) == 42
    assert fields[6] == '"VT-1           "' and fields[7] == "0000001358.02" and fields[8] == "D"
    debit = sum(Decimal(r.split(",")[7]) for r in records if r.split(",")[8] == "D")
    credit = sum(Decimal(r.split(",")[7]) for r in records if r.split(",")[8] == "C")
    assert debit == credit


def test_invoice_of_unknown_direction_is_held_back_not_forgotten(rt, company):
    archived(company, direction="unknown", number="UNK-1")
    result, data = _run(rt, company, "fec")
    assert [(h.number, h.reasons) for h in result.held_back] == [
        ("UNK-1", ["sens inconnu (ni achat ni vente) : impossible de choisir le journal"])]
    assert fec_rules.check(data) == []


def test_unknown_format_and_empty_period_are_refused(rt, company):
    with pytest.raises(exports.ExportRefused, match="format d'export inconnu"):
        _run(rt, company, "sage")
    with pytest.raises(exports.ExportRefused, match="période vide"):
        _run(rt, company, "fec", start=END, end=START)
