"""The package-dir mapping (style.md section B) and the layering rules hold."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

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


def test_every_data_file_is_declared_as_package_data():
    """Templates, static files and TOML ship only through ``[tool.setuptools.package-data]``.

    ``include-package-data`` is off (it made setuptools warn about every template folder),
    so a data file outside those globs would be missing from the wheel and the appliance.
    """
    setuptools = _pyproject()["tool"]["setuptools"]
    assert setuptools["include-package-data"] is False
    declared = set()
    for package, patterns in setuptools["package-data"].items():
        top = ".".join(package.split(".")[:2])  # guichet.plugins.validate_en16931 -> plugins/validate_en16931
        folder = ROOT / setuptools["package-dir"][top] / Path(*package.split(".")[2:])
        for pattern in patterns:
            declared.update(path for path in folder.glob(pattern) if path.is_file())
    undeclared = []
    for folder in MAPPED:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts \
                    and path not in declared:
                undeclared.append(str(path.relative_to(ROOT)))
    assert undeclared == [], f"add to [tool.setuptools.package-data]: {undeclared}"


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


def _unit(path: Path, folder: str) -> str:
    """The plugin (or connector) a file belongs to: its top-level module or package in ``folder``."""
    return path.relative_to(ROOT / folder).parts[0].removesuffix(".py")


def test_plugins_and_connectors_stand_alone():
    """No plugin imports another plugin, no connector another connector, not even inside a function.

    What they share goes through a hook (``write_invoice``, ``verify_seal``...) or the core's
    vocabulary. A plugin is a top-level module or package of ``plugins/`` (``connectors/``):
    its own modules import each other freely.
    """
    found = set()
    for folder in ("plugins", "connectors"):
        prefix = f"guichet.{folder}."
        for path in (ROOT / folder).rglob("*.py"):
            own = _unit(path, folder)
            for name in _all_imports(path):
                if name.startswith(prefix) and name[len(prefix):].split(".")[0] not in {own, "__init__"}:
                    found.add(f"{path.relative_to(ROOT)} imports {name.split('.')[0]}.{folder}."
                              f"{name[len(prefix):].split('.')[0]}")
    assert sorted(found) == []


def test_huey_tasks_have_explicit_stable_names():
    from guichet.core.ops import tasks

    for stage, task in tasks.STAGE_TASKS.items():
        assert task.name == f"guichet.stage.{stage}"
    # huey keys its registry by "<module>.<name>": every key must carry an explicit guichet.* name.
    keys = set(tasks.huey._registry._registry)  # huey keeps no public list
    assert keys
    assert all(".guichet." in key for key in keys), keys


#: The core's rooms, bottom to top: a module may import, at import time, only from its own
#: room or a lower one. The top of ``core/`` (contracts: errors, settings, hookspecs, plugins,
#: connectors...) is the lowest; ``__main__`` only starts the command line.
ROOMS = ("", "model", "parsing|storage|access", "pipeline|money|sales|network", "ops")


def _module_level_imports(path) -> set[str]:
    """Imports run when the module is imported: not inside functions, not under TYPE_CHECKING."""
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.add(child.module)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(), filename=str(path)))
    return found


def _room_level(room: str) -> int:
    """0 for the top of core/ (and any name that is not a room), else the room's level."""
    return next((level for level, rooms in enumerate(ROOMS) if room in rooms.split("|")), 0)


def test_core_rooms_import_downward():
    problems = []
    for path in (ROOT / "core").rglob("*.py"):
        parts = path.relative_to(ROOT / "core").parts
        if parts == ("__main__.py",):
            continue
        own = _room_level(parts[0] if len(parts) > 1 else "")
        for name in _module_level_imports(path):
            if name.startswith("guichet.core.") and _room_level(name.split(".")[2]) > own:
                problems.append(f"core/{'/'.join(parts)} imports {name} at import time")
    assert problems == [], problems


def _all_imports(path) -> set[str]:
    """Every import a module may run, inside functions too; not those under TYPE_CHECKING."""
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.add(child.module)
                found.update(f"{child.module}.{alias.name}" for alias in child.names)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(), filename=str(path)))
    return found


def _core_modules() -> dict[str, object]:
    modules = {}
    for path in (ROOT / "core").rglob("*.py"):
        parts = path.relative_to(ROOT / "core").with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(("guichet", "core", *parts))] = path
    return modules


def test_core_rooms_never_import_upward_even_inside_functions():
    """No import placed inside a function to dodge a circle: the rooms only look down."""
    problems = []
    for name, path in _core_modules().items():
        parts = name.split(".")[2:]
        if parts == ["__main__"]:
            continue
        own = _room_level(parts[0] if len(parts) > 1 else "")
        for imported in _all_imports(path):
            if imported.startswith("guichet.core.") and _room_level(imported.split(".")[2]) > own:
                problems.append(f"{name} imports {imported}")
    assert problems == [], problems


def test_no_import_circle_in_the_core():
    """Between the core's modules (rooms and inside each room), every import, lazy ones included."""
    modules = _core_modules()
    edges = {name: {i for i in _all_imports(path) if i in modules and i != name} for name, path in modules.items()}
    circles, index, low, stack, on_stack = [], {}, {}, [], set()

    def strong(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                strong(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(edges):
        if name not in index:
            strong(name)
    assert circles == []


def test_requirements_lock_pins_every_runtime_dependency_with_hashes():
    """requirements.lock (``make lock``) is what `make run`, the appliance and ansible install."""
    import re

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    text = (ROOT / "requirements.lock").read_text()
    pinned = {canonicalize_name(name): version
              for name, version in re.findall(r"(?m)^([A-Za-z0-9._-]+)==([^ \\;]+)", text)}
    entries = re.split(r"(?m)^(?=[A-Za-z0-9._-]+==)", text)[1:]
    assert entries and all("--hash=sha256:" in entry for entry in entries), "every pin carries its hashes"
    project = _pyproject()["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["appliance"]
    stale = []
    for line in wanted:
        requirement = Requirement(line)
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            stale.append(f"{requirement} (lock: {version})")
    assert not stale, f"requirements.lock is out of date, run `make lock`: {stale}"


def test_make_compiles_every_package_folder():
    """`make run`/`make test` (CI) compile Guichet's modules once to .pyc: where PYTHONDONTWRITEBYTECODE is set,
    a folder left out would be compiled again by every `guichet` command."""
    import re

    makefile = (ROOT / "Makefile").read_text()
    folders = re.search(r"(?m)^PACKAGE_DIRS := (.+)$", makefile)
    recipe = re.search(r"(?m)^venv: .*\n((?:\t.*\n)+)", makefile)
    assert folders and recipe, "Makefile: PACKAGE_DIRS and the venv target"
    assert set(folders.group(1).split()) == set(MAPPED)
    assert "-m compileall -q $(PACKAGE_DIRS)" in recipe.group(1)


#: Modules that still ask the running process for its runtime (merged meanwhile, issue 12
#: item 4 left to do): this list only shrinks; an entry that no longer does fails.
STILL_FETCHING: set[str] = set()


def test_plugins_read_no_process_wide_settings():
    """Settings are passed, not fetched (issue 12, item 4): hooks receive ``settings``, tasks ``rt``.

    No plugin or connector asks the running process for its runtime (``runtime.current()``).
    """
    found = set()
    for folder in ("plugins", "connectors"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text()
            if "runtime.current(" in text or "guichet.core.ops.context" in text or "context.current(" in text:
                found.add(str(path.relative_to(ROOT)))
    assert sorted(found - STILL_FETCHING) == []
    assert sorted(STILL_FETCHING - found) == [], "no longer fetching: remove from STILL_FETCHING"
