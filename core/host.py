"""The plugin host: one pluggy manager, three ways in, and no plugin able to stop the others.

Plugins come from the built-in modules in `DEFAULT_PLUGINS`, from installed distributions' ``qodex``
entry points, and from a study folder's ``plugins/*.py`` once the user trusts that folder
(``qodex trust``, see qodex.trust). ``QODEX_PLUGINS`` restricts the last two: unset loads all, a
comma-separated list of names and paths loads only the plugins named, empty loads none.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import NamedTuple

import pluggy

from qodex import hookspecs
from qodex.errors import QodexError
from qodex.extensions import Registry

DEFAULT_PLUGINS = (  # each imports only what registers its hooks; its implementation when used
    "qodex.plugins.importers",
    "qodex.plugins.refi",
    "qodex.plugins.exporters",
    "qodex.plugins.ipa",
    "qodex.plugins.strategies",
    "qodex.plugins.analysis.cli",
    "qodex.plugins.analysis.screens",
    "qodex.plugins.reports",
    "qodex.plugins.review",
    "qodex.plugins.deid",
    "qodex.plugins.web",
    "qodex.plugins.history",
)
REGISTRATIONS = {kind: f"register_{kind}" for kind in Registry.LABELS}  # kind -> its hook


class PluginInfo(NamedTuple):
    """A loaded plugin, as `qodex plugins` lists it."""

    name: str
    origin: str
    version: str | None
    hooks: list[str]


class PluginFailure(NamedTuple):
    """A plugin that failed to load or raised in a hook; the rest carry on."""

    name: str
    origin: str
    stage: str
    error: str

    def __str__(self) -> str:
        return f"plugin {self.name} ({self.origin}) failed in {self.stage}: {self.error}"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _allowed(*names: str, path: Path | None = None) -> bool:
    """Whether ``QODEX_PLUGINS`` selects a plugin by one of its names, or by its file's path (or
    that of its plugins/ or study folder)."""
    chosen = os.environ.get("QODEX_PLUGINS")
    if chosen is None:
        return True
    entries = {n.strip() for n in chosen.split(",") if n.strip()}
    if entries & set(names):
        return True
    places = {path, path.parent, path.parent.parent} if path else set()
    return any(Path(e).expanduser().resolve() in places for e in entries if "/" in e or e.endswith(".py"))


class PluginHost:
    """Loads plugins and calls their hooks one at a time, recording every failure."""

    def __init__(self):
        self.pm = pluggy.PluginManager("qodex")
        self.pm.add_hookspecs(hookspecs)
        self.origins: dict[str, tuple[str, str | None]] = {}
        self.failures: list[PluginFailure] = []
        self._folders: set[Path] = set()
        self.untrusted: dict[Path, str] = {}  # study folder -> why its plugins were not loaded
        self._registry: Registry | None = None

    # loading -------------------------------------------------------------------------------
    def add(self, plugin: object, name: str, origin: str = "test", version: str | None = None):
        """Register a module or an object with hookimpl methods under `name`."""
        self.pm.register(plugin, name=name)
        self.origins[name] = (origin, version)
        self._registry = None

    def remove(self, name: str) -> None:
        """Unregister the plugin called `name`."""
        self.pm.unregister(name=name)
        self.origins.pop(name, None)
        self._registry = None

    def load_builtins(self) -> None:
        """Register the built-in plugins, exactly as a third-party plugin would be."""
        from qodex import __version__

        for module_name in DEFAULT_PLUGINS:
            short = module_name.removeprefix("qodex.plugins.")
            self._load(short, "builtin", lambda m=module_name: importlib.import_module(m), __version__)

    def load_entry_points(self) -> None:
        """Register each installed distribution's ``qodex`` entry points, each alone."""
        if not _may_declare_entry_points():
            return
        from importlib.metadata import entry_points

        for ep in entry_points(group="qodex"):
            version = ep.dist.version if ep.dist else None
            if _allowed(ep.name, *([ep.dist.name] if ep.dist else [])):
                self._load(ep.name, "entry point", ep.load, version)

    def load_folder(self, folder: Path, *, trusted: bool = False) -> None:
        """Register every ``*.py`` in a study's ``plugins/`` folder (once per folder), if the user
        trusts the study folder (see qodex.trust) or the caller vouches for it with `trusted`
        (a plugin's own test); else note in `untrusted` why not. What runs is the bytes checked."""
        folder = Path(folder).absolute().parent.resolve() / "plugins"
        if folder in self._folders or not folder.is_dir():
            return
        from qodex import trust  # reads files and hashes them: only for a study with plugins

        verdict = trust.check(folder.parent)
        modules = {name: source for name, source in verdict.files.items() if is_plugin_file(name)}
        if verdict.problem and not trusted:
            if modules:
                self.untrusted[verdict.folder] = verdict.problem
            return
        self._folders.add(folder)
        self.untrusted.pop(verdict.folder, None)
        for name, source in modules.items():
            path = folder / name
            if _allowed(path.stem, path=path):
                self._load(path.stem, f"study {folder}", lambda p=path, s=source: _import_file(p, s))

    def _load(self, name: str, origin: str, load, version: str | None = None) -> None:
        if name in self.origins:
            return
        try:
            self.add(load(), name, origin, version)
        except Exception as exc:  # a broken plugin must never stop the others
            self.failures.append(PluginFailure(name, origin, "load", _describe(exc)))

    def record_failure(self, name: str, stage: str, exc: BaseException) -> None:
        """Note that plugin `name` failed at `stage`, for `qodex plugins` and the TUI to show."""
        origin = self.origins.get(name, ("?", None))[0]
        self.failures.append(PluginFailure(name, origin, stage, _describe(exc)))

    # calling -------------------------------------------------------------------------------
    def call(self, hook_name: str, only: set[str] | None = None, strict: bool = False,
             **kwargs) -> list:
        """Call each implementation of a hook alone (of the plugins named in `only`, if given);
        one that raises is recorded and skipped, or with `strict` stops the call as a `QodexError`."""
        results = []
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            if only is not None and impl.plugin_name not in only:
                continue
            try:
                args = [kwargs[name] for name in impl.argnames]
                result = impl.function(*args)
            except Exception as exc:
                if strict:
                    reason = (str(exc) if isinstance(exc, QodexError) else _describe(exc)).split("\n")[0]
                    raise QodexError(f"plugin {impl.plugin_name} failed in {hook_name}: {reason}") from exc
                self.record_failure(impl.plugin_name, hook_name, exc)
            else:
                if result is not None:
                    results.append(result)
        return results

    @property
    def registry(self) -> Registry:
        """Importers, exporters, strategies, reports and screens, each kind collected on first use
        and kept for this plugin set."""
        if self._registry is None:
            self._registry = Registry(self._collect)
        return self._registry

    def _collect(self, kind: str) -> dict:
        table = {}

        def register(item):
            table[item.name] = item

        self.call(REGISTRATIONS[kind], register=register)
        return table

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin with where it came from and the hooks it implements."""
        infos = []
        for name, (origin, version) in self.origins.items():
            plugin = self.pm.get_plugin(name)
            hooks = sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or [])
            infos.append(PluginInfo(name, origin, version, hooks))
        return infos


def _may_declare_entry_points() -> bool:
    """Whether a distribution on `sys.path` declares ``[qodex]`` entry points, by a look at their
    entry_points.txt: importlib.metadata, slow to import, is needed only when one does."""
    for folder in filter(os.path.isdir, (entry or "." for entry in sys.path)):
        for name in os.listdir(folder):
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as f:
                        if "[qodex]" in f.read():
                            return True
                except (OSError, UnicodeDecodeError):
                    continue
    return False


def is_plugin_file(name: str) -> bool:
    """Whether a file of a study's plugins/ (named relative to it) is a plugin module to load."""
    return "/" not in name and name.endswith(".py") and not name.startswith("_")


def _import_file(path: Path, source: bytes):
    """Run a study plugin's `source` (the bytes read from `path` and checked, never re-read) as a
    module whose name cannot clash with another study's."""
    import hashlib
    import importlib.util

    folder_id = hashlib.sha1(str(path.parent).encode()).hexdigest()[:8]
    module_name = f"qodex_study_{folder_id}_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        exec(compile(source, str(path), "exec"), module.__dict__)  # noqa: S102 - the trusted plugin
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


_host: PluginHost | None = None


def get_host() -> PluginHost:
    """The process-wide host, with built-ins and entry-point plugins loaded on first use."""
    global _host
    if _host is None:
        _host = PluginHost()
        _host.load_builtins()
        _host.load_entry_points()
    return _host
