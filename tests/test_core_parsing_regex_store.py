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
    entries["labels"]["code"] = [999, 1, 2]  # the engine checks the code it is given
    path.write_text(json.dumps(entries))
    regex_store._entries = None
    assert regex_store.load("labels") is None
    path.write_text("{not json")
    regex_store._entries = None
    assert regex_store.load("labels") is None
