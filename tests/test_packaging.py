"""The package-dir mapping (style.md section B) and the layering rules hold."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import tomllib

from support import ROOT

MAPPED = {"core": "guichet.core", "plugins": "guichet.plugins", "connectors": "guichet.connectors",
          "web": "guichet.web", "config": "guichet.config"}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    missing = []
    for folder, package in MAPPED.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            name = ".".join((package, *relative)) if relative else package
            if "__pycache__" not in relative and name not in listed:
                missing.append(name)
    assert missing == [], f"add to [tool.setuptools] packages: {missing}"


def test_package_dir_maps_every_top_folder():
    mapping = _pyproject()["tool"]["setuptools"]["package-dir"]
    assert mapping == {package: folder for folder, package in MAPPED.items()}


def test_generic_names_are_not_importable_top_level():
    """Only ``guichet`` lands in site-packages: ``import core`` must fail outside the checkout."""
    code = "import importlib.util,sys; sys.exit(any(importlib.util.find_spec(n) for n in ('core','web','plugins','connectors')))"
    result = subprocess.run([sys.executable, "-c", code], cwd="/", capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert importlib.util.find_spec("guichet.core") is not None


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_layers():
    """core imports no plugin, connector or web module, and no Flask; plugins and connectors no web."""
    forbidden = {
        "core": ("guichet.plugins", "guichet.connectors", "guichet.web", "flask"),
        "plugins": ("guichet.web", "guichet.connectors"),
        "connectors": ("guichet.web", "guichet.plugins"),
    }
    problems = []
    for folder, prefixes in forbidden.items():
        for path in (ROOT / folder).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(prefixes):
                    problems.append(f"{path.relative_to(ROOT)} imports {name}")
    assert problems == []


def test_huey_tasks_have_explicit_stable_names():
    from guichet.core import tasks

    for stage, task in tasks.STAGE_TASKS.items():
        assert task.name == f"guichet.stage.{stage}"
    # huey keys its registry by "<module>.<name>": every key must carry an explicit guichet.* name.
    keys = set(tasks.huey._registry._registry)  # noqa: SLF001 - huey keeps no public list
    assert keys
    assert all(".guichet." in key for key in keys), keys
