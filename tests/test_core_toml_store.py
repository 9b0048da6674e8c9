"""Parsed TOML files kept between processes (core/toml_store.py)."""

from __future__ import annotations

import tomllib

import pytest

from guichet.core import toml_store

TEXTS = ('[invoice_number]\nstrong = ["facture\\\\s*n°", "invoice\\\\s*no"]\nrank = 3\nweight = 0.5\non = true\n',
         '[due_date]\nweak = ["échéance"]\n')


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "guichet"


def test_the_kept_tables_are_tomllib_s_and_a_new_process_reads_them_without_parsing(store, monkeypatch):
    first = toml_store.parsed("labels", TEXTS)
    assert first == [tomllib.loads(text) for text in TEXTS]
    assert isinstance(first[0]["invoice_number"]["rank"], int) and isinstance(first[0]["invoice_number"]["weight"], float)
    monkeypatch.setattr(tomllib, "loads", lambda text: pytest.fail("parsed again"))
    again = toml_store.parsed("labels", TEXTS)
    assert again == first and again[0] is not first[0]  # new tables: the caller may change them


def test_a_changed_text_a_broken_file_or_a_date_is_parsed_again(store):
    toml_store.parsed("labels", TEXTS)
    changed = (TEXTS[0].replace("rank = 3", "rank = 4"), TEXTS[1])
    assert toml_store.parsed("labels", changed)[0]["invoice_number"]["rank"] == 4
    for kept in store.glob("toml-labels-*.json"):
        kept.write_text("{not json")
    assert toml_store.parsed("labels", TEXTS)[0]["invoice_number"]["rank"] == 3
    dated = ("day = 2024-05-01\n",)  # JSON keeps no date: parsed each time, as tomllib gives it
    assert toml_store.parsed("dates", dated) == [tomllib.loads(dated[0])]
    assert toml_store.parsed("dates", dated) == [tomllib.loads(dated[0])]


def test_an_unwritable_cache_only_parses(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder would be
    assert toml_store.parsed("labels", TEXTS) == [tomllib.loads(text) for text in TEXTS]


def test_two_versions_of_the_texts_keep_a_file_each(store, monkeypatch):
    """Two installed versions (two worktrees, the services of an appliance being upgraded) share the cache folder:
    each keeps its own file, so that neither parses again what the other just replaced."""
    other = (TEXTS[0].replace("rank = 3", "rank = 4"), TEXTS[1])
    toml_store.parsed("labels", TEXTS)
    toml_store.parsed("labels", other)
    monkeypatch.setattr(tomllib, "loads", lambda text: pytest.fail("parsed again"))
    assert toml_store.parsed("labels", TEXTS)[0]["invoice_number"]["rank"] == 3
    assert toml_store.parsed("labels", other)[0]["invoice_number"]["rank"] == 4


def test_only_the_last_few_versions_are_kept(store, monkeypatch):
    monkeypatch.setattr(toml_store, "KEPT_VERSIONS", 2)
    for rank in range(5):
        toml_store.parsed("labels", (TEXTS[0].replace("rank = 3", f"rank = {rank}"),))
    assert len(list(store.glob("toml-labels-*.json"))) == 2
