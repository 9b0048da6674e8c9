"""Lazy plugin loading for one-shot commands: the hook index and what ``guichet extract`` calls."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guichet.core import plugin_index
from guichet.core.ops import cli
from guichet.core.plugins import make_plugin_manager


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "guichet"


def _loaded(pm) -> set[str]:
    return set(pm.guichet_load_report.loaded)


def test_the_index_is_written_after_a_full_load_then_used(cache):
    first = make_plugin_manager(hooks=cli.EXTRACT_HOOKS)
    assert list(cache.glob("plugin-hooks-*.json"))
    second = make_plugin_manager(hooks=cli.EXTRACT_HOOKS)
    assert _loaded(second) < _loaded(first)  # fewer plugins imported
    assert {"pdf_text", "ocr_tesseract", "fields_rules", "detect_format"} <= _loaded(second)
    for name in _loaded(first) - _loaded(second):
        plugin = first.get_plugin(name)
        assert not {c.name for c in first.get_hookcallers(plugin) or []} & cli.EXTRACT_HOOKS, name


def test_with_a_true_index_extract_imports_neither_the_stages_nor_the_database(cache):
    """The stages (core plugins implementing none of the hooks) and peewee, whose import loads the
    PostgreSQL drivers (~0.2 s CPU), stay out of ``guichet extract``; a full manager keeps the stages."""
    import subprocess
    import sys

    make_plugin_manager(hooks=cli.EXTRACT_HOOKS)  # writes the index
    script = ("import sys\n"
              "from guichet.core.ops import cli\n"
              "from guichet.core.plugins import make_plugin_manager\n"
              "pm = make_plugin_manager(hooks=cli.EXTRACT_HOOKS)\n"
              "print(pm.get_plugin('core.extraction') is None, 'peewee' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache.parent)})
    assert done.stdout.split() == ["True", "False"], done.stderr
    assert make_plugin_manager().get_plugin("core.extraction") is not None


def test_a_changed_plugin_file_makes_the_index_stale(cache):
    make_plugin_manager(hooks=cli.EXTRACT_HOOKS)
    from guichet.core.plugins import ENTRY_POINT_GROUP
    from importlib.metadata import entry_points

    eps = list(entry_points(group=ENTRY_POINT_GROUP))
    assert plugin_index.read(eps) is not None
    import guichet.plugins.ops as some_plugin

    source = Path(some_plugin.__file__)
    stat = source.stat()
    try:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert plugin_index.read(eps) is None
        assert len(_loaded(make_plugin_manager(hooks=cli.EXTRACT_HOOKS))) == len(_loaded(make_plugin_manager()))
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_extract_calls_only_the_hooks_it_declares(cache):
    """Every hook ``guichet extract`` reaches is in :data:`cli.EXTRACT_HOOKS` (else lazy loading would lose it)."""
    from conftest import CORPUS

    from guichet.core.pipeline.paper import paper_record
    from guichet.core.pipeline.reading import read_file

    pm = make_plugin_manager()
    called: set[str] = set()
    pm.add_hookcall_monitoring(lambda name, _impls, _kwargs: called.add(name), lambda *_args: None)
    files = sorted(Path(CORPUS).rglob("*.pdf"))[:3] + sorted(Path(CORPUS).rglob("*.xml"))[:2]
    if not files:
        pytest.skip("corpus missing")
    for path in files:
        data = path.read_bytes()
        result = read_file(pm, data, path.name)
        if result.invoice is None:
            paper_record(pm, data, str(result.format), path.name)
    assert {"detect_format", "parse_invoice"} <= called
    assert called <= cli.EXTRACT_HOOKS


def test_the_subcommand_is_found_after_group_options():
    assert cli._subcommand(["--data-dir", "/x", "extract", "f.pdf"]) == "extract"
    assert cli._subcommand(["-v", "convert", "f.pdf"]) == "convert"
    assert cli._subcommand(["--help"]) is None
