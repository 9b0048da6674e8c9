"""Compiled regular expressions kept between processes (core/parsing/regex_store.py)."""

from __future__ import annotations

import json
import re

import pytest

from guichet.core.parsing import regex_store


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regex_store, "_entries", None)
    monkeypatch.setattr(regex_store, "_dirty", True)  # no exit hook registered by the tests
    return tmp_path


def test_a_kept_pattern_comes_back_as_re_compile_makes_it(store):
    text = r"(?=[FfNn])(?:(?:facture\s+n°)|(?:(?P<short>n[o°]\.?))|(?:num[ée]ro))"
    compiled = regex_store.compile_and_keep("labels", text)
    assert compiled == re.compile(text)
    regex_store._write()
    regex_store._entries = None  # as a new process: read from the file
    again = regex_store.load("labels")
    assert again == re.compile(text) and again.groupindex == {"short": 1}
    assert again.search("Facture n° 12").group(0) == "n°" and again.search("FACTURE") is None
    assert regex_store.load("another key") is None


def test_a_broken_file_or_entry_is_compiled_again(store):
    regex_store.compile_and_keep("labels", r"total\s+ttc")
    regex_store._write()
    path = store / "guichet" / next(p.name for p in (store / "guichet").iterdir())
    entries = json.loads(path.read_text())
    entries["labels"]["code"] = regex_store._code_bytes([999, 1, 2])  # the engine checks the code it is given
    path.write_text(json.dumps(entries))
    regex_store._entries = None
    assert regex_store.load("labels") is None
    path.write_text("{not json")
    regex_store._entries = None
    assert regex_store.load("labels") is None


def test_a_module_s_pattern_comes_back_from_the_file_as_re_compile_makes_it(store, monkeypatch):
    text = r"(?P<day>\d{1,2})\.?\s+(?:de\s)?(?P<month>janvier|enero|january)"
    first = regex_store.compiled(text, re.IGNORECASE)
    regex_store._write()
    regex_store._entries = None  # as a new process: read from the file, not compiled again
    with monkeypatch.context() as patched:
        patched.setattr(regex_store, "compile_and_keep", None)
        again = regex_store.compiled(text, re.IGNORECASE)
    assert first == again == re.compile(text, re.IGNORECASE) and again.groupindex == {"day": 1, "month": 2}
    assert again.search("le 3 JANVIER").group("month") == "JANVIER"
    assert regex_store.compiled(text) != again  # the flags are part of the key
    assert regex_store.compiled(again) is again  # a compiled pattern as re.compile takes it


def test_the_file_keeps_the_most_recently_used_patterns_only(store, monkeypatch):
    monkeypatch.setattr(regex_store, "KEPT_PATTERNS", 2)
    for key in ("a", "b", "c"):
        regex_store.compile_and_keep(key, key)
    assert regex_store.load("a") is not None  # used again: the most recent now
    regex_store._write()
    regex_store._entries = None
    assert regex_store.load("b") is None and regex_store.load("c") is not None and regex_store.load("a") is not None


def test_a_combined_pattern_is_keyed_by_the_code_that_builds_it(monkeypatch):
    from guichet.plugins.fields_rules import vocabulary

    kept = {}
    monkeypatch.setattr(regex_store, "load", kept.get)
    monkeypatch.setattr(regex_store, "compile_and_keep", lambda key, text: kept.setdefault(key, re.compile(text)))
    vocabulary.combined_labels(("total",))
    monkeypatch.setattr(vocabulary, "_BUILDER", "another version of vocabulary.py")
    vocabulary.combined_labels(("total",))
    assert len(kept) == 2  # a pattern an earlier version of the builder kept is not used


def test_a_vocabulary_s_kept_searches_give_what_searching_again_gives(monkeypatch):
    from guichet.plugins.fields_rules import vocabulary

    monkeypatch.setattr(vocabulary, "SEARCHES_KEPT", 3)  # the memo starts again within the test
    labels = vocabulary.INVOICE_NUMBER
    texts = ["facture n° 12", "total ttc", "", "numero de facture : 7", "facture n° 12", "rechnung nr. 5"] * 3
    for text in texts:
        kept, fresh = labels.search(text), labels._any.search(text)
        assert (kept is None) == (fresh is None)
        assert kept is None or (kept.span(), kept.group()) == (fresh.span(), fresh.group())
    assert len(labels.__dict__["_found"]) <= 3
    assert labels.search("facture n° 12") is labels.search("facture n° 12")  # kept: not searched again


def test_each_installation_keeps_its_own_file(store, monkeypatch):
    """Installed versions that share the user's cache (the worktrees of a developer, an appliance's services while
    one is upgraded) keep a file each: a process reads only its own version's patterns, never the others' too."""
    monkeypatch.setattr(regex_store, "_installation", lambda: "/opt/guichet-1")
    regex_store.compile_and_keep("first", r"facture\s+n°")
    regex_store._write()
    regex_store._entries = None
    monkeypatch.setattr(regex_store, "_installation", lambda: "/opt/guichet-2")
    assert regex_store.load("first") is None
    regex_store.compile_and_keep("second", r"rechnung\s+nr")
    regex_store._write()
    files = {path.name: json.loads(path.read_text()) for path in (store / "guichet").glob("regex-*.json")}
    assert sorted(map(sorted, files.values())) == [["first"], ["second"]]
    regex_store._entries = None
    monkeypatch.setattr(regex_store, "_installation", lambda: "/opt/guichet-1")
    assert regex_store.load("first") is not None and regex_store.load("second") is None
