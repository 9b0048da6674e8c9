"""Build the plugin manager: built-in and third-party plugins load the same way.

Every plugin, ours included, is a module named in the ``guichet`` entry-point group
of its distribution (see pyproject.toml). The core's own stages come from the core's
plugin modules (:data:`CORE_PLUGINS`), registered first in every manager. There is
no global manager: the CLI, the web app, the worker and the tests each call
:func:`make_plugin_manager`.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

import pluggy

from guichet.core import hookspecs, plugin_index

if TYPE_CHECKING:
    from collections.abc import Iterable

log = logging.getLogger(__name__)

#: Entry-point group that plugins register in.
ENTRY_POINT_GROUP = "guichet"

#: Plugins that cannot be disabled: without them no invoice can be read.
ESSENTIAL_PLUGINS: tuple[str, ...] = ("detect_format", "facturx", "cii")

#: The core's own plugin modules, always registered (name -> module): they declare the
#: built-in stages with ``register_stages``, as any plugin does. Named by string, as
#: pytest names its built-in plugins: loading them is the manager's job, not an import.
CORE_PLUGINS: dict[str, str] = {
    "core.reading": "guichet.core.pipeline.reading",
    "core.extraction": "guichet.core.pipeline.extraction",
    "core.checking": "guichet.core.pipeline.checking",
    "core.archive_stages": "guichet.core.pipeline.archive_stages",
}


@dataclass
class LoadReport:
    """What happened while loading plugins (shown by ``guichet plugins`` and the admin page)."""

    loaded: dict[str, str] = field(default_factory=dict)  # name -> module
    failed: dict[str, str] = field(default_factory=dict)  # name -> error
    disabled: list[str] = field(default_factory=list)


def make_plugin_manager(
    *,
    load_entrypoints: bool = True,
    disabled: Iterable[str] = (),
    extra: Iterable[str] = (),
    hooks: Iterable[str] | None = None,
    command: str | None = None,
) -> pluggy.PluginManager:
    """Return a new plugin manager with the hook specifications and the plugins loaded.

    :param load_entrypoints: Load the modules of the ``guichet`` entry-point group
        (the core's own :data:`CORE_PLUGINS` are loaded in any case, but see ``hooks``).
    :param disabled: Entry-point names to skip (essential plugins are always loaded).
    :param extra: Module paths to load in addition (tests, development). Also read
        from ``GUICHET_PLUGINS_EXTRA`` (comma-separated) by the settings.
    :param hooks: Only the hooks a one-shot command will call: entry-point plugins and core
        plugins (the stages, which import the database) that the index
        (:mod:`guichet.core.plugin_index`) says implement none of them are not imported
        (essential plugins always are). Without a true index, every plugin is loaded and the
        index written for the next command.
    :param command: The plugin command about to run (``validate``...), when ``hooks`` is None: if
        the index says which plugin adds it and which hooks it calls (the plugin's ``COMMAND_HOOKS``),
        only that plugin and those implementing the hooks are imported, as with ``hooks``; else every
        plugin is (and the index is written when it was missing or stale).

    A plugin that fails to import is logged and skipped; it never stops the appliance.
    """
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    report = LoadReport()
    pm.guichet_load_report = report  # type: ignore[attr-defined]
    blocked = set(disabled) - set(ESSENTIAL_PLUGINS)
    eps = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name) if load_entrypoints else []
    wanted = frozenset(hooks) if hooks is not None and load_entrypoints else None
    lazy = load_entrypoints and (hooks is not None or command is not None)
    index = plugin_index.read(eps) if lazy else None
    owner = None  # the plugin adding ``command``: loaded whatever hooks it implements
    if wanted is None and index is not None and command is not None:
        found = plugin_index.read_command(eps, command)
        if found is not None:
            owner, wanted = found
    loaded_index = index
    if wanted is None:
        index = None  # a command the index does not know: every plugin
    before = set(sys.modules)
    for name, module_path in CORE_PLUGINS.items():
        if index is not None and name in index and not wanted & set(index[name]):
            continue  # the stages' modules (and the database they import) for a command that runs no stage
        pm.register(importlib.import_module(module_path), name=name)
    if load_entrypoints:
        for ep in eps:
            if ep.name in blocked:
                report.disabled.append(ep.name)
                pm.set_blocked(ep.name)
                continue
            if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
                continue
            if (index is not None and ep.name in index and ep.name not in ESSENTIAL_PLUGINS
                    and ep.name != owner and not wanted & set(index[ep.name])):
                continue  # implements none of the hooks this command calls: not imported
            _register(pm, report, ep.name, ep.value, ep.load)
        if lazy and loaded_index is None:
            plugins = {name: plugin for name in [*CORE_PLUGINS, *(ep.name for ep in eps)]
                       if (plugin := pm.get_plugin(name)) is not None}
            implemented = {name: sorted(c.name for c in pm.get_hookcallers(plugin) or [])
                           for name, plugin in plugins.items()}
            plugin_index.write(eps, implemented, plugin_index.module_files(
                {m for m in sys.modules if m not in before or m.startswith("guichet")}),
                plugin_index.declared_commands(plugins))
    for module_path in extra:
        _register(pm, report, module_path, module_path, lambda m=module_path: importlib.import_module(m))
    if os.environ.get("GUICHET_TRACE_HOOKS"):
        pm.trace.root.setwriter(log.debug)
        pm.enable_tracing()
    pm.check_pending()
    return pm


def _register(pm: pluggy.PluginManager, report: LoadReport, name: str, value: str, load: Any) -> None:
    try:
        module = load()
        pm.register(module, name=name)
        try:
            pm.check_pending()  # a misspelt hook name would otherwise fail the whole manager
        except pluggy.PluginValidationError:
            pm.unregister(name=name)
            raise
    except Exception as exc:  # a broken plugin is reported, never fatal
        log.warning("plugin %s (%s) skipped: %s: %s", name, value, type(exc).__name__, exc)
        log.debug("plugin %s load failure", name, exc_info=True)
        report.failed[name] = f"{type(exc).__name__}: {exc}"
        return
    report.loaded[name] = value


def plugin_manager_from_settings(settings: Any, *, hooks: Iterable[str] | None = None,
                                 command: str | None = None) -> pluggy.PluginManager:
    """The manager configured by ``plugins.disabled`` and ``plugins.extra`` (``hooks``, ``command``: see
    :func:`make_plugin_manager`)."""
    return make_plugin_manager(
        disabled=settings.get("plugins.disabled", []),
        extra=settings.get("plugins.extra", []),
        hooks=hooks,
        command=command,
    )


def describe_plugins(pm: pluggy.PluginManager) -> list[dict[str, Any]]:
    """Each plugin with its module, distribution and implemented hooks (for listings)."""
    dists = {ep.value: ep.dist for ep in entry_points(group=ENTRY_POINT_GROUP)}
    rows = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        if plugin is None:
            continue
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
        dist = dists.get(getattr(plugin, "__name__", ""))
        rows.append(
            {
                "name": name,
                "module": getattr(plugin, "__name__", repr(plugin)),
                "distribution": f"{dist.name} {dist.version}" if dist else "",
                "hooks": hooks,
            }
        )
    return rows


def plugin_id(impl: Any) -> str:
    """A plugin's stable identity, the same in every process: its module's name (else its registered name)."""
    return getattr(impl.plugin, "__name__", None) or impl.plugin_name


def first_answer(hook_caller: Any, **kwargs: Any) -> tuple[str | None, Any]:
    """Call a ``firstresult`` hook as pluggy does and say which plugin answered: ``(plugin_id, result)``.

    The same order as ``pm.hook.<name>(**kwargs)`` (the last registered and ``tryfirst``
    first; wrappers are not used by these hooks); ``(None, None)`` when none answered. The
    seal stage records who sealed a file so that its verification asks that plugin.
    """
    for impl in reversed(hook_caller.get_hookimpls()):
        result = impl.function(*(kwargs[name] for name in impl.argnames))
        if result is not None:
            return plugin_id(impl), result
    return None, None


def answer_of(hook_caller: Any, plugin: str, **kwargs: Any) -> Any:
    """Call one plugin's implementation of a hook (``plugin``: its :func:`plugin_id` or registered name).

    :raises LookupError: when that plugin has none here (not installed, or disabled).
    """
    for impl in hook_caller.get_hookimpls():
        if plugin in (plugin_id(impl), impl.plugin_name):
            return impl.function(*(kwargs[name] for name in impl.argnames))
    msg = f"l'extension « {plugin} » n'implémente pas {hook_caller.name} (absente ou désactivée)"
    raise LookupError(msg)


# ---------------------------------------------------------------------------
# Per-company enabling (the firm decides per dossier)
# ---------------------------------------------------------------------------


def disabled_for(company: Any) -> frozenset[str]:
    """The plugins the firm turned off for ``company`` (``Company.settings["plugins"]["disabled"]``).

    Names are entry-point names (``controls_fraud``) or module paths; essential plugins
    (:data:`ESSENTIAL_PLUGINS`) and the core's own are never off. None: nothing is off.
    """
    raw = getattr(company, "settings", None)
    chosen = (raw.get("plugins") or {}).get("disabled") if isinstance(raw, dict) else None
    if not isinstance(chosen, (list, tuple, set, frozenset)):
        return frozenset()
    return frozenset(str(name) for name in chosen) - set(ESSENTIAL_PLUGINS) - set(CORE_PLUGINS)


def _matches(pm: pluggy.PluginManager, plugin: object, names: frozenset[str]) -> bool:
    return bool({pm.get_name(plugin), getattr(plugin, "__name__", None)} & names)


def enabled_for(pm: pluggy.PluginManager, plugin_name: str, company: Any) -> bool:
    """Whether the plugin registered as ``plugin_name`` works for ``company``."""
    off = disabled_for(company)
    if not off:
        return True
    plugin = pm.get_plugin(plugin_name)
    return not (plugin_name in off or (plugin is not None and _matches(pm, plugin, off)))


class CompanyHooks:
    """``pm.hook`` as seen for one company: the plugins the firm turned off for it do not answer.

    Every call of a hook made on a company's behalf goes through :func:`hooks_for`
    (the check, extract and seal stages, the follow-ups), so a plugin disabled for
    one dossier is silent there and still works for the others.
    """

    def __init__(self, pm: pluggy.PluginManager, off: frozenset[str]) -> None:
        self._pm = pm
        self._removed = [plugin for plugin in pm.get_plugins() if _matches(pm, plugin, off)]

    def __getattr__(self, name: str) -> Any:
        caller = self._pm.subset_hook_caller(name, remove_plugins=self._removed)
        setattr(self, name, caller)
        return caller


def hooks_for(pm: pluggy.PluginManager, company: Any) -> Any:
    """The hook relay for ``company``: ``pm.hook`` itself when nothing is turned off."""
    off = disabled_for(company)
    return CompanyHooks(pm, off) if off else pm.hook


def switchable_plugins(pm: pluggy.PluginManager) -> list[str]:
    """The registered plugins a firm may turn off for a company: all but the essential and the core's own."""
    fixed = set(ESSENTIAL_PLUGINS) | set(CORE_PLUGINS)
    return sorted(name for name, plugin in pm.list_name_plugin() if plugin is not None and name not in fixed)
