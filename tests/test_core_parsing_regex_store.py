"""Compiled patterns kept between processes (core/parsing/regex_store.py): the same patterns as ``re.compile``."""

from __future__ import annotations

import re

import pytest

from guichet.core.parsing import regex_store

PATTERNS = [
    (r"(?=[tm])(?:(?:total|montant)\s*ttc)(?!(?<=[a-z])[a-z])", 0),
    (r"(?P<prefix>[A-Z]{1,3})?\s?-?\s?(\d{4,5})\s+(?P<town>[A-Za-zÀ-ÿ' .\-]{1,40}?)$", 0),
    (r"n[°º]\s*(?:de\s*)?facture", re.I),
    (r"(?<![\d.,])[-−]?(?:\d{1,3}(?:[ .,'’]\d{3})+|\d+)[.,]\d{2}(?![.,]?\d)", 0),
]
TEXTS = ["Total TTC  120,00", "montant ttc", "F-69003 Lyon", "N° DE FACTURE 12", "1 234,56 €", "totalttcs", ""]


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh module state over an empty cache folder (as a new process)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regex_store, "_known", None)
    monkeypatch.setattr(regex_store, "_new", {})
    monkeypatch.setattr(regex_store, "_used", set())
    monkeypatch.setattr(regex_store, "_writer_pid", None)
    return tmp_path


def _same(one: re.Pattern[str], other: re.Pattern[str]) -> None:
    assert (one.pattern, one.flags, one.groups, one.groupindex) == (other.pattern, other.flags, other.groups, other.groupindex)
    for text in TEXTS:
        for a, b in zip(one.finditer(text), other.finditer(text), strict=True):
            assert (a.span(), a.groups()) == (b.span(), b.groups())


def test_a_pattern_kept_by_one_process_is_the_next_ones_without_parsing(store, monkeypatch):
    for pattern, flags in PATTERNS:
        _same(regex_store.compile(pattern, flags), re.compile(pattern, flags))
    regex_store.write()
    assert list((store / "guichet").glob("regex-*.json"))
    monkeypatch.setattr(regex_store, "_known", None)  # a new process: the file is read again
    monkeypatch.setattr(regex_store, "_new", {})

    def no_parsing(*_args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(regex_store, "_parts", no_parsing)
    for pattern, flags in PATTERNS:
        _same(regex_store.compile(pattern, flags), re.compile(pattern, flags))


def test_a_damaged_file_or_entry_and_the_pattern_is_compiled_as_usual(store, monkeypatch):
    pattern, flags = PATTERNS[0]
    regex_store.compile(pattern, flags)
    regex_store.write()
    file = next((store / "guichet").glob("regex-*.json"))
    text = file.read_text()
    file.write_text(text.replace('"', "'", 3))  # no longer JSON
    monkeypatch.setattr(regex_store, "_known", None)
    _same(regex_store.compile(pattern, flags), re.compile(pattern, flags))
    monkeypatch.setattr(regex_store, "_known", {(pattern, flags): [32, "AAAA", 0, {}, []]})  # code the engine refuses
    _same(regex_store.compile(pattern, flags), re.compile(pattern, flags))
    with pytest.raises(re.error):
        regex_store.compile(r"(unclosed")


def test_a_folder_that_cannot_be_written_keeps_nothing_and_fails_nothing(store, monkeypatch):
    (store / "guichet").write_text("a file where the folder should be")
    regex_store.compile(PATTERNS[1][0])
    regex_store.write()  # silent
    assert not list(store.glob("**/regex-*"))
