"""Start-up that fits a command line: the command line and the plugins load no heavy library.

Every ``guichet`` command imports the command line and every plugin module (their
commands join ``guichet --help``). Heavy libraries must load only in the stage that uses
them: the whole-process timings are in ``make bench`` (tests/bench_startup.py).
"""

from __future__ import annotations

import json
import subprocess
import sys

#: Libraries that only some stages use (rendering, sealing, validation, OCR, S3, web, queue...).
HEAVY = ("weasyprint", "pyhanko", "saxonche", "tesserocr", "boto3", "pdfplumber", "pypdf", "PIL", "numpy",
         "pypdfium2", "ocrmypdf", "flask", "huey", "redis", "requests", "schwifty", "paramiko", "facturx")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_command_line_loads_no_heavy_library():
    assert _loaded_after("import guichet.core.ops.cli") == []


def test_loading_every_plugin_loads_no_heavy_library():
    """What ``guichet --help`` does: the plugin manager imports every plugin module."""
    code = ("from guichet.core.plugins import make_plugin_manager\n"
            "pm = make_plugin_manager()\n"
            "assert not pm.guichet_load_report.failed, pm.guichet_load_report.failed\n"
            "assert len(pm.guichet_load_report.loaded) > 20")
    assert _loaded_after(code) == []


def test_help_lists_the_plugin_commands_without_heavy_libraries():
    code = ("import sys\nfrom guichet.core.ops.cli import main\nsys.argv = ['guichet', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass")
    done = subprocess.run([sys.executable, "-c", code + "\nimport json\nprint(json.dumps(sorted(m for m in "
                           f"{HEAVY!r} if m in sys.modules)))"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "archive" in done.stdout and "validate" in done.stdout  # commands from plugins
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
