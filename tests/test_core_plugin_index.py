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


# ---------------------------------------------------------------------------
# Plugin commands (validate, convert, check): the plugin's COMMAND_HOOKS
# ---------------------------------------------------------------------------

_PLUGIN_COMMANDS = {"validate": "validate_en16931", "convert": "validate_en16931", "check": "check_command"}


def test_the_index_knows_which_plugin_adds_a_command_and_loads_only_what_it_calls(cache):
    from importlib.metadata import entry_points

    from guichet.core.plugins import ENTRY_POINT_GROUP

    full = make_plugin_manager(command="validate")  # no index yet: every plugin, then the index
    eps = list(entry_points(group=ENTRY_POINT_GROUP))
    for command, plugin in _PLUGIN_COMMANDS.items():
        owner, hooks = plugin_index.read_command(eps, command)
        assert owner == plugin
        assert "parse_invoice" in hooks
    assert plugin_index.read_command(eps, "run") is None  # web_commands declares nothing: full load
    lazy = make_plugin_manager(command="validate")
    assert {"validate_en16931", "facturx", "cii", "ubl", "detect_format"} <= _loaded(lazy)
    assert "web_commands" not in _loaded(lazy) and lazy.get_plugin("core.extraction") is None
    assert _loaded(lazy) < _loaded(full)
    assert _loaded(make_plugin_manager(command="run")) == _loaded(full)


_PROBE = ("import sys, atexit\n"
          "atexit.register(lambda: print('MODULES', 'peewee' in sys.modules, 'psycopg' in sys.modules,"
          " 'saxonche' in sys.modules, file=sys.stderr))\n"
          "from guichet.core.ops.cli import main\n"
          "main(sys.argv[1:])\n")


def _guichet(args: list[str], cache, tmp_path) -> tuple[int, str, list[str]]:
    """Run ``guichet ARGS`` in a fresh interpreter; (exit status, stdout, [peewee, psycopg, saxonche] loaded)."""
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent), "GUICHET_DATA_DIR": str(tmp_path / "instance")}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=600,
                          env=env)
    line = [row for row in done.stderr.splitlines() if row.startswith("MODULES ")]
    assert line, done.stderr
    return done.returncode, done.stdout, line[-1].split()[1:]


def test_validate_convert_and_check_of_a_file_import_no_database_layer(cache, tmp_path, corpus):
    """A one-shot ``guichet validate/convert/check`` of a file imports neither peewee (whose import loads
    both PostgreSQL drivers, ~30 MB resident) nor, in the caller, saxonche: the ~300 MB budget of a
    validation counts the parent too. The verdict is the one of a full load."""
    source = corpus / "EN16931_Einfach.pdf"
    first = _guichet(["validate", str(source), "--json"], cache, tmp_path)  # no index yet: a full load
    assert first[2][0] == "True"  # as before this index knew commands: the probe can see peewee
    again = _guichet(["validate", str(source), "--json"], cache, tmp_path)
    assert again[:2] == first[:2] and again[0] == 0
    assert again[2] == ["False", "False", "False"]
    for target, start in (("ubl", b"<?xml"), ("facturx", b"%PDF-")):  # facturx: rendered in a limited child
        out = tmp_path / f"out.{target}"
        converted = _guichet(["convert", str(source), "--to", target, "-o", str(out)], cache, tmp_path)
        assert converted[0] == 0 and out.read_bytes().startswith(start)
        assert converted[2][:2] == ["False", "False"], target
    checked = _guichet(["check", str(source), "--json"], cache, tmp_path)
    assert checked[0] in (0, 1) and '"findings"' in checked[1]
    assert checked[2][:2] == ["False", "False"]


def test_validate_convert_and_check_call_only_the_hooks_they_declare(cache, tmp_path, corpus):
    """Every hook the commands reach is in their plugin's COMMAND_HOOKS (else lazy loading would lose it):
    a Factur-X PDF, a PDF without XML (read as paper by convert), every target."""
    import click
    from click.testing import CliRunner

    from guichet.plugins import check_command
    from guichet.plugins import validate_en16931 as plugin
    from guichet.plugins.validate_en16931.convert import convert_command

    files = [corpus / "EN16931_Einfach.pdf", corpus / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"]
    pm = make_plugin_manager()
    called: set[str] = set()
    pm.add_hookcall_monitoring(lambda name, _impls, _kwargs: called.add(name), lambda *_args: None)
    runner = CliRunner()

    def reached(command, args) -> set[str]:
        called.clear()
        runner.invoke(command, args, obj={"pm": pm}, catch_exceptions=False)
        return set(called)

    group = click.Group()
    check_command.register_commands(cli=group)
    for path in files:
        assert reached(plugin.validate_command, [str(path)]) <= plugin.COMMAND_HOOKS["validate"]
        assert reached(group, ["check", str(path)]) <= check_command.COMMAND_HOOKS["check"]
        for target in ("facturx", "cii", "ubl"):
            got = reached(convert_command, [str(path), "--to", target, "-o", str(tmp_path / f"out.{target}")])
            assert "parse_invoice" in got or "extract_words" in got
            assert got <= plugin.COMMAND_HOOKS["convert"], (path.name, target)


def test_the_fingerprint_reads_each_distributions_metadata_once():
    """Every ``dist.version`` parses the metadata file again: fifty entry points of one distribution read it once."""

    class Dist:
        reads = 0

        @property
        def name(self) -> str:
            Dist.reads += 1
            return "guichet"

        @property
        def version(self) -> str:
            Dist.reads += 1
            return "1.0"

    class EntryPoint:
        def __init__(self, name: str, dist: Dist) -> None:
            self.name, self.value, self.dist = name, f"guichet.plugins.{name}", dist

    one, other = Dist(), Dist()
    eps = [EntryPoint(f"p{i}", one) for i in range(50)] + [EntryPoint("q", other)]
    key = plugin_index.fingerprint(eps)
    assert Dist.reads == 4  # name and version of each of the two distributions
    import hashlib
    import json
    import sys

    rows = sorted((ep.name, ep.value, "guichet", "1.0") for ep in eps)
    text = json.dumps([plugin_index.VERSION, sys.version, sys.prefix, rows])
    assert key == hashlib.sha256(text.encode()).hexdigest()[:24]  # the same digest as before
