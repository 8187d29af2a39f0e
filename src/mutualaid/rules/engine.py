"""The rule engine: loads rule packs, picks the one for a region, and asks it questions.

One :class:`RuleEngine` owns one pluggy ``PluginManager`` (there is no
module-level global). It is built from the installed packs
(:meth:`RuleEngine.from_entry_points`, the ``mutualaid.rulepacks`` entry-point
group) or empty, and packs can be registered directly (:meth:`RuleEngine.register`,
handy in notebooks). The core's defaults (:mod:`mutualaid.rules.defaults`) are
one more plugin, registered ``trylast``.

A pack is active only for its region: :meth:`RuleEngine.pack` and
:meth:`RuleEngine.for_region` return a :class:`PackView`, which calls only that
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
>>> rules = engine.for_region("demo")
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
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pluggy

import mutualaid
from mutualaid.dates import require_date
from mutualaid.errors import (
    PackDataError,
    PackError,
    PackLoadError,
    UnknownPack,
    UnknownPlan,
)
from mutualaid.model.application import Application
from mutualaid.model.columns import TemplateColumn
from mutualaid.model.member import Member
from mutualaid.model.plan import Plan
from mutualaid.model.roster import Roster, RosterEntry
from mutualaid.model.unit import Unit
from mutualaid.rules import hookspecs
from mutualaid.rules.defaults import CoreDefaults, participation_ratio, ratio_fields
from mutualaid.rules.explain import Cited, Explanation
from mutualaid.rules.findings import Finding
from mutualaid.rules.markers import PROJECT
from mutualaid.rules.results import (
    LEGAL_MINIMUM_WORKING_AGE,
    AgeLimits,
    AmountBasis,
    EffectiveDate,
    LinePrice,
    MaterialRequirement,
    PackInfo,
    Quote,
    Situation,
)
from mutualaid.rules.versions import version_satisfies

__all__ = ["DEFAULTS_NAME", "ENTRY_POINT_GROUP", "PackView", "RegisteredPack", "RuleEngine"]

#: The entry-point group packs are published under.
ENTRY_POINT_GROUP = "mutualaid.rulepacks"
#: The plugin name of the core's defaults.
DEFAULTS_NAME = "mutualaid.defaults"

_MISSING: Any = object()


@attrs.frozen
class RegisteredPack:
    """A pack the engine knows: its identity, the plugin object and where it came from.

    :param info: what the pack said about itself.
    :param plugin: the registered object (module or instance).
    :param origin: ``entry point yiyang = mutualaid_pack_yiyang:pack`` or ``registered directly``.
    :param hooks: the hooks it implements, in hookspec order.
    """

    info: PackInfo
    plugin: object = attrs.field(eq=False, repr=False)
    origin: str
    hooks: tuple[str, ...]


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
        self._defaults = CoreDefaults()
        self._pm.register(self._defaults, name=DEFAULTS_NAME)
        self._packs: dict[str, RegisteredPack] = {}
        self._generation = 0

    # --- loading ----------------------------------------------------------

    @classmethod
    def from_entry_points(
        cls,
        group: str = ENTRY_POINT_GROUP,
        *,
        names: Iterable[str] | None = None,
        core_version: str | None = None,
    ) -> RuleEngine:
        """An engine with every pack installed under the entry-point ``group``.

        :param names: load only these entry points (by name); others are ignored.
        :raises PackLoadError: a pack cannot be imported or registered (names the entry point).
        :raises PackDataError: a pack's data file is invalid (names the file and key).
        """
        engine = cls(core_version=core_version)
        wanted = None if names is None else set(names)
        for ep in sorted(importlib.metadata.entry_points(group=group), key=lambda e: e.name):
            if wanted is not None and ep.name not in wanted:
                continue
            dist = getattr(ep, "dist", None)
            origin = f"entry point {ep.name} = {ep.value}" + (
                f" ({dist.name} {dist.version})" if dist else ""
            )
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
            engine.register(plugin, origin=origin)
        engine.check()
        return engine

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
        self._packs[info.name] = RegisteredPack(info, pack, origin, hooks)
        self._reorder()
        return info

    def unregister(self, name: str) -> None:
        """Remove a pack (e.g. to replace it in a notebook)."""
        registered = self._registered(name)
        self._pm.unregister(registered.plugin)
        del self._packs[name]
        self._generation += 1

    def check(self) -> None:
        """Check that every ``extends`` names an installed pack and that no two unrelated packs share a region."""
        for reg in self._packs.values():
            self._chain(reg.info.name)
        for region in {reg.info.region for reg in self._packs.values()}:
            self.for_region(region)

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

    def pack(self, name: str) -> PackView:
        """The view of one pack (with its base packs and the defaults).

        :raises UnknownPack: no pack has that name.
        """
        chain = self._chain(name)
        return PackView(self, chain)

    def for_region(self, region: str) -> PackView:
        """The view of the pack serving ``region``.

        When a pack and a pack extending it both serve the region, the
        extending (more local) one is chosen.

        :raises UnknownPack: no pack serves the region, or two unrelated packs do.
        """
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
        return self.pack(leaves[0])

    def _subset(self, hook: str, keep: frozenset[int]) -> pluggy.HookCaller:
        remove = [reg.plugin for reg in self._packs.values() if id(reg.plugin) not in keep]
        return self._pm.subset_hook_caller(hook, remove)

    @property
    def plugin_manager(self) -> pluggy.PluginManager:
        """The underlying pluggy manager (for tracing; prefer the views)."""
        return self._pm


def _flatten(results: Iterable[Iterable[Any] | None]) -> list[Any]:
    return [item for result in results if result for item in result]


class PackView:
    """One pack as the rest of the library sees it: typed questions, explained answers.

    Made by :meth:`RuleEngine.pack` and :meth:`RuleEngine.for_region`; hooks
    receive it as ``rules``. It asks the pack, then the packs it extends, then
    the core's defaults.
    """

    def __init__(self, engine: RuleEngine, chain: Sequence[RegisteredPack]) -> None:
        self._engine = engine
        self._chain = tuple(chain)
        self.info = chain[0].info
        self._keep = frozenset(id(reg.plugin) for reg in self._chain)
        self._callers: dict[str, pluggy.HookCaller] = {}
        self._generation = -1

    def __repr__(self) -> str:
        chain = " -> ".join(r.info.name for r in self._chain)
        return f"<PackView {chain} {self.info.version}>"

    # --- identity ---------------------------------------------------------

    @property
    def name(self) -> str:
        """The pack's name."""
        return self.info.name

    @property
    def region(self) -> str:
        """The region it serves."""
        return self.info.region

    @property
    def version(self) -> str:
        """The pack's version."""
        return self.info.version

    @property
    def chain(self) -> tuple[PackInfo, ...]:
        """This pack, then the packs it extends."""
        return tuple(r.info for r in self._chain)

    @property
    def registered(self) -> RegisteredPack:
        """How the engine holds this pack: identity, plugin object, origin, hooks."""
        return self._chain[0]

    def hooks(self) -> tuple[str, ...]:
        """The hooks this pack (not its bases) implements."""
        return self._chain[0].hooks

    def chain_hooks(self) -> frozenset[str]:
        """The hooks this pack and the packs it extends implement (not the core's defaults).

        A caller that has compiled the core's default rules from the pack's data
        (as the roster check does, to avoid a hook call per row) asks this to
        know which hooks it must still call.
        """
        return frozenset(hook for reg in self._chain for hook in reg.hooks)

    def explanation(
        self, rule: str, values: Iterable[Cited] = (), notes: Iterable[str] = ()
    ) -> Explanation:
        """An :class:`Explanation` from this pack for ``rule``."""
        return Explanation(self.name, self.version, rule, tuple(values), tuple(notes))

    # --- calling ----------------------------------------------------------

    def _hook(self, name: str) -> pluggy.HookCaller:
        if self._generation != self._engine._generation:
            self._callers = {}
            self._generation = self._engine._generation
        caller = self._callers.get(name)
        if caller is None:
            caller = self._callers[name] = self._engine._subset(name, self._keep)
        return caller

    def call(self, hook: str, **kwargs: Any) -> Any:
        """Call any hook in this view (``rules=`` is added); the raw pluggy result."""
        return self._hook(hook)(**kwargs, rules=self)

    def own_findings(self, hook: str, **kwargs: Any) -> tuple[Finding, ...]:
        """The findings of this pack's (and its bases') own implementations of ``hook``.

        The core's default is left out: a caller that runs the core's rules
        itself (the roster check runs them over columns) asks this so that
        each finding is reported once, whatever codes the pack's own
        implementations return.
        """
        remove: list[object] = [self._engine._defaults]
        remove += [r.plugin for r in self._engine._packs.values() if id(r.plugin) not in self._keep]
        caller = self._engine._pm.subset_hook_caller(hook, remove)
        found = _flatten(caller(**kwargs, rules=self))
        generic = self.explanation(hook)
        return tuple(f if f.explanation is not None else f.explained(generic) for f in found)

    def _first(self, hook: str, **kwargs: Any) -> Any:
        result = self.call(hook, **kwargs)
        if result is None:
            raise PackError(f"pack {self.name}: no answer from {hook}", pack=self.name, hook=hook)
        return result

    def _findings(self, hook: str, **kwargs: Any) -> tuple[Finding, ...]:
        found = _flatten(self.call(hook, **kwargs))
        generic = self.explanation(hook)
        return tuple(f if f.explanation is not None else f.explained(generic) for f in found)

    # --- parameters -------------------------------------------------------

    def cite(self, name: str, on: date) -> Cited | None:
        """The dated value of parameter ``name`` on ``on``, with source; ``None`` when undefined."""
        require_date(on, "PackView.cite(on)")
        result: Cited | None = self._hook("mutualaid_parameter")(name=name, on=on)
        return result

    def param(self, name: str, on: date, default: Any = _MISSING) -> Any:
        """The value of parameter ``name`` on ``on``.

        :raises PackDataError: undefined and no ``default`` given.
        """
        require_date(on, "PackView.param(on)")
        cited = self.cite(name, on)
        if cited is not None:
            return cited.value
        if default is _MISSING:
            raise PackDataError(
                f"pack {self.name} has no value for parameter {name!r} on {on.isoformat()}",
                hint="Add it to the pack's data file, with the day it takes effect.",
                pack=self.name,
                parameter=name,
            )
        return default

    # --- plans ------------------------------------------------------------

    def plans(self, on: date | None = None) -> tuple[Plan, ...]:
        """The plans offered on ``on`` (``None``: the whole catalogue)."""
        require_date(on, "PackView.plans(on)", optional=True)
        return tuple(self._first("mutualaid_plans", on=on))

    def plan(self, code: str, on: date | None = None) -> Plan:
        """The plan with ``code`` offered on ``on``.

        :raises UnknownPlan: no such plan (on that day).
        """
        require_date(on, "PackView.plan(on)", optional=True)
        plans = self.plans(on)
        for plan in plans:
            if plan.code == code:
                return plan
        when = f" on {on.isoformat()}" if on else ""
        raise UnknownPlan(
            f"pack {self.name} has no plan {code!r}{when}",
            hint=f"Plans: {', '.join(p.code for p in plans) or '(none)'}; run `mutualaid packs`.",
            pack=self.name,
            plan=code,
        )

    # --- eligibility ------------------------------------------------------

    def age_limits(self, plan: Plan, on: date) -> AgeLimits:
        """The plan's age limits; the minimum is never below 16 (the legal minimum working age)."""
        require_date(on, "PackView.age_limits(on)")
        limits: AgeLimits = self._first("mutualaid_age_limits", plan=plan, on=on)
        if limits.minimum < LEGAL_MINIMUM_WORKING_AGE:
            explanation = (
                limits.explanation or self.explanation("mutualaid_age_limits")
            ).with_note(
                f"minimum raised from {limits.minimum} to {LEGAL_MINIMUM_WORKING_AGE}, the legal minimum working age (劳动法第十五条)"
            )
            limits = attrs.evolve(
                limits, minimum=LEGAL_MINIMUM_WORKING_AGE, explanation=explanation
            )
        return limits

    def member_findings(self, member: Member, plan: Plan, on: date) -> tuple[Finding, ...]:
        """What stands in the way of ``member`` joining ``plan`` on ``on``."""
        require_date(on, "PackView.member_findings(on)")
        return self._findings("mutualaid_member_findings", member=member, plan=plan, on=on)

    def roster_findings(self, roster: Roster, plan: Plan, on: date) -> tuple[Finding, ...]:
        """Whole-roster findings (row limit, tiers, shares...)."""
        require_date(on, "PackView.roster_findings(on)")
        return self._findings("mutualaid_roster_findings", roster=roster, plan=plan, on=on)

    def application_findings(
        self, application: Application, on: date, prior_applications: Sequence[Application] = ()
    ) -> tuple[Finding, ...]:
        """Application-level findings (plans per application, declared counts, terms...)."""
        require_date(on, "PackView.application_findings(on)")
        return self._findings(
            "mutualaid_application_findings",
            application=application,
            prior_applications=tuple(prior_applications),
            on=on,
        )

    def participation_ratio(self, application: Application, on: date) -> Decimal | None:
        """参保比例 as the pack computes it, in hundredths rounded down; ``None`` if it has none.

        The pack names the counts in ``application.participation_ratio``
        (``{"of": denominator, "paying": numerator}``; Weihai: 缴费人数 /
        社保缴费人数), else in ``application.min_participation_ratio``; a
        missing ``"paying"`` means the members on the rosters
        (:func:`mutualaid.rules.defaults.participation_ratio`).
        """
        require_date(on, "PackView.participation_ratio(on)")
        for name in ("application.participation_ratio", "application.min_participation_ratio"):
            cited = self.cite(name, on)
            fields = ratio_fields(cited.value) if cited is not None else None
            if fields is not None:
                return participation_ratio(application, *fields)
        return None

    # --- pricing ----------------------------------------------------------

    def price_entry(
        self,
        entry: RosterEntry,
        plan: Plan,
        on: date,
        *,
        tier_code: str | None = None,
        shares: int | None = None,
    ) -> LinePrice:
        """The price of one member (tier and shares default to the entry's)."""
        require_date(on, "PackView.price_entry(on)")
        result: LinePrice = self._first(
            "mutualaid_price_entry",
            entry=entry,
            plan=plan,
            tier_code=entry.tier_code if tier_code is None else tier_code,
            shares=entry.shares if shares is None else shares,
            on=on,
        )
        return result

    def price_application(self, application: Application, on: date) -> Quote:
        """What the application costs: lines by plan and tier, member and subsidy parts.

        The quote's :attr:`~mutualaid.rules.results.Quote.amount_due` is what the
        unit pays, by the pack's ``payment.amount_basis`` (as in every ``price_*``).
        """
        require_date(on, "PackView.price_application(on)")
        result: Quote = self._first("mutualaid_price_application", application=application, on=on)
        return self._payable(result, on, "mutualaid_price_application")

    def price_endorsement(self, endorsement: Any, policy: Any, on: date) -> Quote:
        """What an endorsement costs."""
        require_date(on, "PackView.price_endorsement(on)")
        result: Quote = self._first(
            "mutualaid_price_endorsement", endorsement=endorsement, policy=policy, on=on
        )
        return self._payable(result, on, "mutualaid_price_endorsement")

    def price_group(self, applications: Sequence[Application], on: date) -> Quote:
        """What a group enrolment costs, all parts together."""
        require_date(on, "PackView.price_group(on)")
        result: Quote = self._first(
            "mutualaid_price_group", applications=tuple(applications), on=on
        )
        return self._payable(result, on, "mutualaid_price_group")

    def _payable(self, quote: Quote, on: date, rule: str) -> Quote:
        """``quote`` with the basis of what the unit pays, from ``payment.amount_basis`` (cited)."""
        cited = self.cite("payment.amount_basis", on)
        if cited is None:
            return quote
        try:
            basis = AmountBasis(cited.value)
        except ValueError:
            raise PackDataError(
                f"pack {self.name}: payment.amount_basis is {cited.value!r}",
                hint=f"Write one of: {', '.join(b.value for b in AmountBasis)}.",
                pack=self.name,
                parameter="payment.amount_basis",
            ) from None
        why = (quote.explanation or self.explanation(rule)).citing([cited])
        return attrs.evolve(quote, basis=basis, explanation=why)

    # --- dates ------------------------------------------------------------

    def effective_date(
        self,
        application: Application,
        plan: Plan,
        *,
        payment_arrival: date | None = None,
        previous_coverage_end: date | None = None,
        association_date: date | None = None,
    ) -> EffectiveDate:
        """When cover starts for ``plan`` of ``application`` (and any waiting period)."""
        for name, day in (
            ("payment_arrival", payment_arrival),
            ("previous_coverage_end", previous_coverage_end),
            ("association_date", association_date),
        ):
            require_date(day, f"PackView.effective_date({name})", optional=True)
        result: EffectiveDate = self._first(
            "mutualaid_effective_date",
            application=application,
            plan=plan,
            payment_arrival=payment_arrival,
            previous_coverage_end=previous_coverage_end,
            association_date=association_date,
        )
        return result

    def endorsement_effective_date(
        self,
        endorsement: Any,
        policy: Any,
        *,
        payment_arrival: date | None = None,
        association_date: date | None = None,
    ) -> EffectiveDate:
        """When cover starts for the members an endorsement adds."""
        for name, day in (
            ("payment_arrival", payment_arrival),
            ("association_date", association_date),
        ):
            require_date(day, f"PackView.endorsement_effective_date({name})", optional=True)
        result: EffectiveDate = self._first(
            "mutualaid_endorsement_effective_date",
            endorsement=endorsement,
            policy=policy,
            payment_arrival=payment_arrival,
            association_date=association_date,
        )
        return result

    # --- invoicing and materials -------------------------------------------

    def invoice_findings(
        self, request: Any, unit: Unit, applications: Sequence[Application], on: date
    ) -> tuple[Finding, ...]:
        """What stands in the way of an invoice request."""
        require_date(on, "PackView.invoice_findings(on)")
        return self._findings(
            "mutualaid_invoice_findings",
            request=request,
            unit=unit,
            applications=tuple(applications),
            on=on,
        )

    def required_materials(
        self,
        situation: Situation | str,
        on: date,
        *,
        application: Application | None = None,
        findings: Iterable[Finding] = (),
    ) -> tuple[MaterialRequirement, ...]:
        """The documents needed at a step, without duplicates (same kind and situation)."""
        require_date(on, "PackView.required_materials(on)")
        items: list[MaterialRequirement] = _flatten(
            self.call(
                "mutualaid_required_materials",
                situation=Situation(situation),
                application=application,
                findings=tuple(findings),
                on=on,
            )
        )
        seen: set[tuple[str, str]] = set()
        unique = []
        for item in items:
            key = (str(item.kind), str(item.situation))
            if key not in seen:
                seen.add(key)
                unique.append(item)
        return tuple(unique)

    # --- templates ----------------------------------------------------------

    def template_columns(self, plan: Plan) -> tuple[TemplateColumn, ...]:
        """The roster template's columns for ``plan``."""
        return tuple(self._first("mutualaid_template_columns", plan=plan))
