"""The rule engine: loads rule packs, picks the one for a region, and asks it questions.

One :class:`RuleEngine` owns one pluggy ``PluginManager`` (there is no
module-level global). It is built from the installed packs
(:meth:`RuleEngine.from_entry_points`, the ``mutualaid.rulepacks`` entry-point
group) or empty, and packs can be registered directly (:meth:`RuleEngine.register`,
handy in notebooks). The core's defaults (:mod:`mutualaid.rules.defaults`) are
more plugins, registered ``trylast``.

A pack is active only for its region: :meth:`RuleEngine.pack` (by name, or
``region=``) returns a :class:`PackView`, which calls only that
pack, the packs it ``extends`` (its base, the base's base...) and the
defaults. In a view, firstresult hooks ask the pack first, then its base,
then the defaults, so a local pack overrides only what it implements.

>>> from datetime import date
>>> from mutualaid.rules import DataPack, PackInfo, hookimpl, PackData
>>> data = PackData.from_mapping({"format": 1, "pack": "demo", "parameters": {
...     "roster.max_rows": {"description": "单次导入上限", "values": [
...         {"valid_from": "2026-01-01", "value": 3, "source": "demo manual §2"}]}}}, version="1.0")
>>> class Demo(DataPack):
...     pass
>>> engine = RuleEngine()
>>> info = engine.register(Demo(PackInfo(name="demo", region="demo", version="1.0", title="演示"), data))
>>> engine.pack_names()
('demo',)
>>> rules = engine.pack(region="demo")
>>> rules.param("roster.max_rows", date(2026, 3, 1)), rules.param("age.minimum", date(2026, 3, 1))
(3, 16)
>>> engine.pack("nowhere")
Traceback (most recent call last):
...
mutualaid.errors.UnknownPack: no rule pack named 'nowhere' is installed (installed: demo) (Run `mutualaid packs` to list the installed packs.)

Every question that takes a day wants a :class:`datetime.date`:

>>> rules.plans("2026-13-01")
Traceback (most recent call last):
...
mutualaid.errors.InvalidDate: PackView.plans(on) must be a datetime.date, not str '2026-13-01' (Pass a datetime.date such as date(2026, 6, 30): parse text with mutualaid.dates.parse_date_text, and take .date() of a datetime.)

Every parameter is declared (:mod:`mutualaid.rules.parameters`): the engine's
:attr:`RuleEngine.registry` holds the core's declarations and those of the
registered packs, and a view refuses a name nobody declared, so a misspelling
never reads as "not set":

>>> rules.param("roster.max_row", date(2026, 3, 1))
Traceback (most recent call last):
...
mutualaid.errors.PackDataError: pack demo: no parameter 'roster.max_row' is declared (did you mean roster.max_rows?) (Use a declared name (docs/hooks.md lists the core's), or declare the pack's own under its name in a "declare" section.)

The core's defaults are small plugins by concern
(:data:`mutualaid.rules.defaults.DEFAULT_PLUGINS`); a pack replaces or switches
off one of their rules by name with ``mutualaid_replace_rules``.

A misspelled hook fails loudly:

>>> class Typo:
...     @hookimpl
...     def mutualaid_pack_info(self):
...         return PackInfo(name="typo", region="typo", version="1", title="错字")
...     @hookimpl
...     def mutualaid_member_finding(self, member):
...         return []
>>> engine.register(Typo())
Traceback (most recent call last):
...
mutualaid.errors.PackLoadError: pack typo: mutualaid_member_finding is not a mutualaid hook (did you mean mutualaid_member_findings?) (Rename or remove it; docs/hooks.md lists the hooks.)

Since 0.1.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import inspect
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

import mutualaid
from mutualaid.errors import PackError, PackLoadError, UnknownPack
from mutualaid.rules import hookspecs
from mutualaid.rules.defaults import DEFAULT_PLUGINS, REGISTRY, RULES
from mutualaid.rules.markers import PROJECT
from mutualaid.rules.parameters import ParameterSpec
from mutualaid.rules.results import PackInfo
from mutualaid.rules.versions import version_satisfies
from mutualaid.rules.view import PackView, RegisteredPack

if TYPE_CHECKING:
    from mutualaid.rules.parameters import Registry

__all__ = ["DEFAULTS_NAME", "ENTRY_POINT_GROUP", "PackView", "RegisteredPack", "RuleEngine"]

#: The entry-point group packs are published under.
ENTRY_POINT_GROUP = "mutualaid.rulepacks"
#: The plugin names of the core's defaults start with this (``mutualaid.defaults.eligibility``...).
DEFAULTS_NAME = "mutualaid.defaults"


def _load_error(pack: str, message: str, hint: str | None = None, **details: Any) -> PackLoadError:
    return PackLoadError(f"pack {pack}: {message}", hint=hint, pack=pack, **details)


class RuleEngine:
    """Installed rule packs, and the core's defaults, behind one plugin manager.

    :param core_version: the version packs' ``core_versions`` are checked
        against (default: the installed mutualaid's).
    """

    def __init__(self, *, core_version: str | None = None) -> None:
        self.core_version = core_version or mutualaid.__version__
        self._pm = pluggy.PluginManager(PROJECT)
        self._pm.add_hookspecs(hookspecs)
        for plugin, name in zip(DEFAULT_PLUGINS, self.default_plugin_names, strict=True):
            self._pm.register(plugin, name=name)
        self._packs: dict[str, RegisteredPack] = {}
        self._failures: dict[str, PackError] = {}
        self._generation = 0
        #: The declared parameters: the core's, plus what the registered packs declare.
        self.registry: Registry = REGISTRY
        #: The default rules a pack may replace or switch off, by name.
        self.default_rules: Mapping[str, Callable[..., Any]] = {
            name: rule.function for name, rule in RULES.items()
        }

    @property
    def default_plugin_names(self) -> tuple[str, ...]:
        """The plugin names of the core's defaults, in registration order."""
        return tuple(f"{DEFAULTS_NAME}.{p.__name__.rsplit('.', 1)[1]}" for p in DEFAULT_PLUGINS)

    # --- loading ----------------------------------------------------------

    @classmethod
    def from_entry_points(
        cls,
        group: str = ENTRY_POINT_GROUP,
        *,
        names: Iterable[str] | None = None,
        core_version: str | None = None,
    ) -> RuleEngine:
        """An engine with the packs installed under the entry-point ``group``.

        A pack that cannot load (import error, bad data, a raising
        ``mutualaid_pack_info``, a missing base) is left out and kept in
        :attr:`load_failures`; the others work. Asking for it
        (:meth:`pack`) raises its error, naming it.

        :param names: load only these entry points (by name) and the packs they
            extend; the others are not even imported.
        """
        engine = cls(core_version=core_version)
        points = {ep.name: ep for ep in importlib.metadata.entry_points(group=group)}
        wanted = sorted(points) if names is None else [n for n in names if n in points]
        if names is not None and len(wanted) < len(set(names)):
            wanted = sorted(points)  # a pack name that is not its entry point's name: load all
        for name in wanted:
            engine._load_entry_point(points[name])
        pending = [r.info.extends for r in engine._packs.values() if r.info.extends]
        while pending:  # the bases of the packs asked for
            base = pending.pop()
            if base in points and base not in engine._packs and base not in engine._failures:
                engine._load_entry_point(points[base])
                extends = engine._packs[base].info.extends if base in engine._packs else None
                pending += [extends] if extends else []
        for name in list(engine._packs):  # a pack whose base is missing or loops is left out
            try:
                engine._chain(name)
            except PackError as exc:
                engine._failures[name] = exc
        for name in engine._failures:
            if name in engine._packs:
                engine.unregister(name)
        engine.check()
        return engine

    def _load_entry_point(self, ep: importlib.metadata.EntryPoint) -> None:
        """Load and register one entry point; on failure keep its error in :attr:`load_failures`."""
        dist = getattr(ep, "dist", None)
        origin = f"entry point {ep.name} = {ep.value}" + (
            f" ({dist.name} {dist.version})" if dist else ""
        )
        try:
            try:
                loaded = ep.load()
            except PackError:
                raise
            except Exception as exc:
                raise _load_error(
                    ep.name,
                    f"cannot import {ep.value}: {exc!r}",
                    hint="Reinstall the pack or fix its import error.",
                    origin=origin,
                ) from exc
            plugin = loaded() if inspect.isclass(loaded) else loaded
            self.register(plugin, origin=origin)
        except PackLoadError as exc:
            if f"pack {ep.name}:" in exc.message:
                self._failures[ep.name] = exc
            else:  # named after its module or class: name the entry point too
                named = _load_error(ep.name, exc.message, hint=exc.hint, origin=origin)
                named.__cause__ = exc
                self._failures[ep.name] = named
        except PackError as exc:
            self._failures[ep.name] = exc
        except Exception as exc:
            error = _load_error(
                ep.name,
                f"cannot load {ep.value}: {exc!r}",
                hint="Fix the pack (its pack_info or class) or uninstall it.",
                origin=origin,
            )
            error.__cause__ = exc
            self._failures[ep.name] = error

    @property
    def load_failures(self) -> dict[str, PackError]:
        """The packs left out by :meth:`from_entry_points`, by entry-point name, with their errors."""
        return dict(self._failures)

    def register(self, pack: object, *, origin: str = "registered directly") -> PackInfo:
        """Register a pack (a module or object with ``@hookimpl`` functions); return its identity.

        :raises PackLoadError: misspelled or invalid hooks, no ``mutualaid_pack_info``, a
            name already taken, or a core version the pack does not support.
        """
        label = getattr(pack, "__name__", type(pack).__name__)
        self._check_names(pack, label)
        info = self._call_pack_info(pack, label)
        if info.name in self._packs:
            raise _load_error(
                info.name,
                f"a pack with this name is already registered ({self._packs[info.name].origin})",
                hint="Uninstall one of the two packs.",
            )
        if not version_satisfies(self.core_version, info.core_versions):
            raise _load_error(
                info.name,
                f"supports mutualaid {info.core_versions}, but this is mutualaid {self.core_version}",
                hint="Install a version of the pack made for this mutualaid.",
            )
        try:
            self._pm.register(pack, name=f"pack:{info.name}")
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            if self._pm.is_registered(pack):
                self._pm.unregister(pack)
            raise _load_error(
                info.name,
                "; ".join(line.strip() for line in str(exc).splitlines() if line.strip()),
                hint="Fix the hook implementation's name or arguments; docs/hooks.md lists the hooks.",
            ) from exc
        hooks = tuple(
            name
            for name in hookspecs.HOOK_NAMES
            if any(impl.plugin is pack for impl in getattr(self._pm.hook, name).get_hookimpls())
        )
        try:
            declared = self._declared(pack, info)
            replaced = self._replaced(pack, info)
        except PackLoadError:
            self._pm.unregister(pack)
            raise
        self._packs[info.name] = RegisteredPack(info, pack, origin, hooks, declared, replaced)
        self.registry = self.registry.with_declared(declared, pack=info.name)
        self._reorder()
        return info

    def unregister(self, name: str) -> None:
        """Remove a pack (e.g. to replace it in a notebook)."""
        registered = self._registered(name)
        self._pm.unregister(registered.plugin)
        del self._packs[name]
        registry = REGISTRY
        for reg in self._packs.values():
            registry = registry.with_declared(reg.declared, pack=reg.info.name)
        self.registry = registry
        self._generation += 1

    def check(self) -> None:
        """Check that every ``extends`` names an installed pack and that no two unrelated packs share a region."""
        for reg in self._packs.values():
            self._chain(reg.info.name)
        for region in {reg.info.region for reg in self._packs.values()}:
            self._serving(region)

    def _check_names(self, pack: object, label: str) -> None:
        known = set(hookspecs.HOOK_NAMES)
        for attr in dir(pack):
            if attr.startswith("mutualaid_") and attr not in known:
                guess = difflib.get_close_matches(attr, sorted(known), n=1)
                did_you_mean = f" (did you mean {guess[0]}?)" if guess else ""
                raise _load_error(
                    self._safe_name(pack, label),
                    f"{attr} is not a mutualaid hook{did_you_mean}",
                    hint="Rename or remove it; docs/hooks.md lists the hooks.",
                    hook=attr,
                )

    def _safe_name(self, pack: object, label: str) -> str:
        try:
            return self._call_pack_info(pack, label).name
        except PackError:
            return label

    def _impl(self, pack: object, hook: str) -> Callable[[], Any] | None:
        """The pack's own implementation of ``hook`` (``None`` when it has none)."""
        for attr in dir(pack):
            opts = self._pm.parse_hookimpl_opts(pack, attr)
            if opts is not None and (opts.get("specname") or attr) == hook:
                function: Callable[[], Any] | None = getattr(pack, attr, None)
                return function
        return None

    def _ask(self, pack: object, info: PackInfo, hook: str) -> Any:
        """Call the pack's own ``hook`` (no arguments); a failure is the pack's load error."""
        function = self._impl(pack, hook)
        if function is None:
            return None
        try:
            return function()
        except PackError:
            raise
        except Exception as exc:
            raise _load_error(info.name, f"{hook} failed: {exc!r}") from exc

    def _declared(self, pack: object, info: PackInfo) -> tuple[ParameterSpec, ...]:
        """The pack's own parameter declarations, checked against the registry."""
        specs = tuple(self._ask(pack, info, "mutualaid_declared_parameters") or ())
        if not all(isinstance(spec, ParameterSpec) for spec in specs):
            raise _load_error(
                info.name, "mutualaid_declared_parameters must return ParameterSpec values"
            )
        try:
            self.registry.with_declared(specs, pack=info.name)
        except ValueError as exc:
            raise _load_error(
                info.name,
                str(exc),
                hint="Name the pack's own parameters '<pack>.<what>'; docs/pack-authors.md.",
            ) from None
        return specs

    def _replaced(self, pack: object, info: PackInfo) -> Mapping[str, Callable[..., Any] | None]:
        """The default rules the pack replaces (a function) or switches off (``None``)."""
        replaced = dict(self._ask(pack, info, "mutualaid_replace_rules") or {})
        for name, value in replaced.items():
            if name not in self.default_rules:
                guess = difflib.get_close_matches(str(name), sorted(self.default_rules), n=1)
                did_you_mean = f" (did you mean {guess[0]}?)" if guess else ""
                raise _load_error(
                    info.name,
                    f"mutualaid_replace_rules names {name!r}, which is not a default rule{did_you_mean}",
                    hint="mutualaid.rules.defaults.RULES lists the rules; docs/pack-authors.md.",
                    rule=name,
                )
            if value is not None and not callable(value):
                raise _load_error(
                    info.name,
                    f"mutualaid_replace_rules maps {name!r} to {type(value).__name__}, "
                    "not a function or None",
                    rule=name,
                )
        return replaced

    def _call_pack_info(self, pack: object, label: str) -> PackInfo:
        for attr in dir(pack):
            function = getattr(pack, attr, None)
            opts = self._pm.parse_hookimpl_opts(pack, attr)
            if opts is None or function is None:
                continue
            if (opts.get("specname") or attr) == "mutualaid_pack_info":
                try:
                    info = function()
                except PackError:
                    raise
                except Exception as exc:
                    raise _load_error(label, f"mutualaid_pack_info failed: {exc!r}") from exc
                if not isinstance(info, PackInfo):
                    raise _load_error(
                        label, f"mutualaid_pack_info returned {type(info).__name__}, not PackInfo"
                    )
                return info
        raise _load_error(
            label,
            "implements no mutualaid_pack_info",
            hint="Add a @hookimpl mutualaid_pack_info returning a PackInfo.",
        )

    def _reorder(self) -> None:
        """Register bases before the packs that extend them (later plugins answer first)."""
        order = self._topological()
        current = [n for n in self._packs]
        self._generation += 1
        if order == current:
            return
        for name in current:
            self._pm.unregister(self._packs[name].plugin)
        self._packs = {name: self._packs[name] for name in order}
        for name in order:
            self._pm.register(self._packs[name].plugin, name=f"pack:{name}")

    def _topological(self) -> list[str]:
        done: list[str] = []

        def visit(name: str, stack: tuple[str, ...]) -> None:
            if name in done or name not in self._packs:
                return
            if name in stack:
                raise _load_error(name, f"extends itself through {' -> '.join((*stack, name))}")
            base = self._packs[name].info.extends
            if base is not None:
                visit(base, (*stack, name))
            done.append(name)

        for name in list(self._packs):
            visit(name, ())
        return done

    # --- looking up -------------------------------------------------------

    def packs(self) -> tuple[RegisteredPack, ...]:
        """The registered packs, bases before the packs that extend them."""
        return tuple(self._packs.values())

    def pack_names(self) -> tuple[str, ...]:
        """The registered packs' names."""
        return tuple(self._packs)

    def _registered(self, name: str) -> RegisteredPack:
        try:
            return self._packs[name]
        except KeyError:
            if name in self._failures:
                raise self._failures[name] from None
            raise UnknownPack(
                f"no rule pack named {name!r} is installed (installed: {', '.join(sorted(self._packs)) or 'none'})",
                pack=name,
            ) from None

    def _chain(self, name: str) -> tuple[RegisteredPack, ...]:
        chain: list[RegisteredPack] = []
        current: str | None = name
        while current is not None:
            if any(r.info.name == current for r in chain):
                raise _load_error(name, "its extends chain loops")
            if chain and current not in self._packs:
                raise _load_error(
                    chain[-1].info.name,
                    f"extends {current!r}, which is not installed",
                    hint=f"Install the base pack {current!r} too.",
                )
            reg = self._registered(current)
            chain.append(reg)
            current = reg.info.extends
        return tuple(chain)

    def pack(self, name: str | None = None, *, region: str | None = None) -> PackView:
        """The view of one pack (with its base packs and the defaults), by name or by region.

        ``engine.pack("weihai")`` names the pack; ``engine.pack(region="weihai")``
        asks for the pack serving a region: when a pack and a pack extending
        it both serve it, the extending (more local) one is chosen.

        :raises UnknownPack: no pack has that name, no pack serves the region,
            or two unrelated packs do.
        """
        if (name is None) == (region is None):
            raise TypeError("RuleEngine.pack() takes a pack name or region=, one of them")
        if region is not None:
            return self.pack(self._serving(region))
        assert name is not None
        return PackView(self, self._chain(name))

    def for_region(self, region: str) -> PackView:
        """Deprecated since 0.2: ``engine.pack(region=region)``, one name for one idea."""
        warnings.warn(
            "RuleEngine.for_region(region) is deprecated: use RuleEngine.pack(region=region)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.pack(region=region)

    def _serving(self, region: str) -> str:
        serving = [r.info.name for r in self._packs.values() if r.info.region == region]
        if not serving:
            regions = sorted({r.info.region for r in self._packs.values()})
            raise UnknownPack(
                f"no rule pack serves region {region!r} (regions: {', '.join(regions) or 'none'})",
                region=region,
            )
        bases = {r.info.name for name in serving for r in self._chain(name)[1:]}
        leaves = [name for name in serving if name not in bases]
        if len(leaves) > 1:
            raise UnknownPack(
                f"several unrelated packs serve region {region!r}: {', '.join(leaves)}",
                hint="Uninstall one, or make one extend the other.",
                region=region,
            )
        return leaves[0]

    def _subset(self, hook: str, keep: frozenset[int]) -> pluggy.HookCaller:
        remove = [reg.plugin for reg in self._packs.values() if id(reg.plugin) not in keep]
        return self._pm.subset_hook_caller(hook, remove)

    def _own(self, hook: str, keep: frozenset[int]) -> pluggy.HookCaller:
        remove: list[object] = [*DEFAULT_PLUGINS]
        remove += [reg.plugin for reg in self._packs.values() if id(reg.plugin) not in keep]
        return self._pm.subset_hook_caller(hook, remove)

    @property
    def plugin_manager(self) -> pluggy.PluginManager:
        """The underlying pluggy manager (for tracing; prefer the views)."""
        return self._pm
