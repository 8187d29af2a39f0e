"""The view of one rule pack: :class:`PackView`, what hooks receive as ``rules``.

A view asks the pack, the packs it ``extends`` and the core's defaults, and
nothing else. It is made by :class:`~mutualaid.rules.engine.RuleEngine` (which
owns the plugin manager) and only knows the engine through
:class:`HookSource`, so this module imports neither the engine nor the
defaults: the defaults and the hook specifications name ``PackView`` from here
without an import circle (issue 8, item 7).

>>> from datetime import date
>>> from mutualaid.rules.engine import RuleEngine
>>> from mutualaid.rules import DataPack, PackData, PackInfo
>>> data = PackData.from_mapping({"format": 1, "pack": "demo"}, version="1.0")
>>> engine = RuleEngine()
>>> _ = engine.register(DataPack(PackInfo(name="demo", region="demo", version="1.0", title="演示"), data))
>>> view = engine.pack("demo")
>>> isinstance(view, PackView), view.param("age.minimum", date(2026, 1, 1))
(True, 16)

Since 0.1 (in :mod:`mutualaid.rules.engine` until 0.1's import-circle fix).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

import attrs
import pluggy

from mutualaid.dates import require_date
from mutualaid.errors import PackAnswerError, PackDataError, PackError, UnknownPlan
from mutualaid.model.kinds import ClaimType
from mutualaid.model.plan import CoveragePeriod
from mutualaid.rules.answers import problem
from mutualaid.rules.explain import Explanation
from mutualaid.rules.flows import ClaimFlow
from mutualaid.rules.parameters import PLAN_FACT, ParameterSpec, Registry
from mutualaid.rules.participation import participation_ratio, ratio_fields
from mutualaid.rules.results import (
    LEGAL_MINIMUM_WORKING_AGE,
    AmountBasis,
    ClaimStep,
    PackInfo,
    Situation,
)

if TYPE_CHECKING:
    from mutualaid.model.application import Application
    from mutualaid.model.claim import Claim
    from mutualaid.model.columns import TemplateColumn
    from mutualaid.model.member import Member
    from mutualaid.model.plan import Plan
    from mutualaid.model.roster import Roster, RosterEntry
    from mutualaid.model.unit import Unit
    from mutualaid.rules.explain import Cited
    from mutualaid.rules.findings import Finding
    from mutualaid.rules.results import (
        AgeLimits,
        EffectiveDate,
        LinePrice,
        MaterialRequirement,
        Quote,
    )

__all__ = ["HookSource", "PackView", "RegisteredPack"]

_MISSING: Any = object()
#: How many checked parameter values a view remembers (by identity) to skip checking again.
_CHECKED_MAX = 4096


@attrs.frozen
class RegisteredPack:
    """A pack the engine knows: its identity, the plugin object and where it came from.

    :param info: what the pack said about itself.
    :param plugin: the registered object (module or instance).
    :param origin: ``entry point yiyang = mutualaid_pack_yiyang:pack`` or ``registered directly``.
    :param hooks: the hooks it implements, in hookspec order.
    :param declared: the parameters it declares (``mutualaid_declared_parameters``).
    :param replaced: the default rules it replaces (a function) or switches off
        (``None``), by name (``mutualaid_replace_rules``).
    """

    info: PackInfo
    plugin: object = attrs.field(eq=False, repr=False)
    origin: str
    hooks: tuple[str, ...]
    declared: tuple[ParameterSpec, ...] = ()
    replaced: Mapping[str, Callable[..., Any] | None] = attrs.field(
        factory=dict, eq=False, repr=False
    )


class HookSource(Protocol):
    """What a view needs of the engine: hook callers limited to some plugins, and a generation.

    :class:`~mutualaid.rules.engine.RuleEngine` is the one implementation; the
    generation changes whenever a pack is registered or removed, so a view
    rebuilds its cached callers.
    """

    _generation: int
    #: The declared parameters (the core's and the registered packs').
    registry: Registry
    #: The default rules a pack may replace, by name.
    default_rules: Mapping[str, Callable[..., Any]]

    def _subset(self, hook: str, keep: frozenset[int]) -> pluggy.HookCaller:
        """The caller of ``hook`` over the plugins whose ``id`` is in ``keep`` and the defaults."""
        ...

    def _own(self, hook: str, keep: frozenset[int]) -> pluggy.HookCaller:
        """The caller of ``hook`` over the plugins whose ``id`` is in ``keep`` only (no defaults)."""
        ...


#: How :meth:`PackView._culprit` names one of the core's default plugins.
_DEFAULT = "core default "


def _coverage_of(kwargs: Mapping[str, Any]) -> CoveragePeriod | None:
    """The coverage an effective date must fall in: the plan's, or the endorsed policy's."""
    for key in ("plan", "policy"):
        coverage = getattr(kwargs.get(key), "coverage", None)
        if isinstance(coverage, CoveragePeriod):
            return coverage
    return None


def _flatten(results: Iterable[Iterable[Any] | None]) -> list[Any]:
    return [item for result in results if result for item in result]


class PackView:
    """One pack as the rest of the library sees it: typed questions, explained answers.

    Made by :meth:`~mutualaid.rules.engine.RuleEngine.pack` (by name or
    ``region=``); hooks
    receive it as ``rules``. It asks the pack, then the packs it extends, then
    the core's defaults.
    """

    def __init__(self, engine: HookSource, chain: Sequence[RegisteredPack]) -> None:
        self._engine = engine
        self._chain = tuple(chain)
        self.info = chain[0].info
        self._keep = frozenset(id(reg.plugin) for reg in self._chain)
        self._callers: dict[str, pluggy.HookCaller] = {}
        self._rules: dict[str, Callable[..., Any] | None] | None = None
        self._checked: dict[tuple[str, int], object] = {}
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

    def _refresh(self) -> None:
        """Forget cached callers and rules (the engine's packs changed)."""
        self._callers = {}
        self._rules = None
        self._generation = self._engine._generation

    def _hook(self, name: str) -> pluggy.HookCaller:
        if self._generation != self._engine._generation:
            self._refresh()
        caller = self._callers.get(name)
        if caller is None:
            caller = self._callers[name] = self._engine._subset(name, self._keep)
        return caller

    def call(self, hook: str, **kwargs: Any) -> Any:
        """Call any hook in this view (``rules=`` is added); the raw pluggy result."""
        return self._hook(hook)(**kwargs, rules=self)

    def call_default(self, hook: str, **kwargs: Any) -> Any:
        """The core's default answer to ``hook``, for this pack (``rules=`` is this view).

        A pack that overrides a firstresult hook (``mutualaid_effective_date``,
        ``mutualaid_age_limits``...) calls it to build on the default's
        handling (requested dates, waiting periods, the parameters) instead of
        dropping it: the default reads the pack's own parameters. The pack
        and its bases are left out, so an override cannot call itself.

        :raises PackError: ``hook`` is not a mutualaid hook.
        """
        if self._generation != self._engine._generation:
            self._refresh()
        key = f"default:{hook}"
        caller = self._callers.get(key)
        if caller is None:
            try:
                caller = self._callers[key] = self._engine._subset(hook, frozenset())
            except AttributeError:
                raise PackError(
                    f"{hook} is not a mutualaid hook", pack=self.name, hook=hook
                ) from None
        return caller(**kwargs, rules=self)

    def _first(self, hook: str, **kwargs: Any) -> Any:
        result = self.call(hook, **kwargs)
        if result is None:
            raise PackError(f"pack {self.name}: no answer from {hook}", pack=self.name, hook=hook)
        self._check(hook, result, kwargs)
        return result

    def _check(self, hook: str, answer: Any, kwargs: Mapping[str, Any]) -> None:
        """Raise :class:`PackAnswerError` naming the pack when ``answer`` breaks an invariant.

        The core's own defaults are not held to it here: where one answers
        outside the coverage (money arriving on the plan's last day, cover from
        the day after) the life cycle's guard refuses the step with a finding.
        """
        coverage = _coverage_of(kwargs)
        spaces = tuple(r.info.name for r in self._chain)
        wrong = problem(hook, answer, coverage=coverage, namespaces=spaces)
        if wrong is None:
            return
        culprit = self._culprit(hook, kwargs, coverage, spaces)
        if culprit is not None and culprit.startswith(_DEFAULT):
            return
        culprit = culprit or self.name
        plan = getattr(kwargs.get("plan"), "code", None)
        asked = f" for plan {plan}" if plan else ""
        raise PackAnswerError(
            f"pack {culprit}: {hook}{asked}: {wrong}",
            pack=culprit,
            hook=hook,
            view=self.name,
            problem=wrong,
        )

    def _culprit(
        self,
        hook: str,
        kwargs: Mapping[str, Any],
        coverage: CoveragePeriod | None,
        spaces: tuple[str, ...],
    ) -> str | None:
        """The pack (or the core's default) whose own answer breaks the invariant: asked one by one."""
        caller = self._hook(hook)
        first = bool(caller.spec and caller.spec.opts.get("firstresult"))
        args = {**kwargs, "rules": self}
        for impl in reversed(caller.get_hookimpls()):  # pluggy's calling order
            if impl.hookwrapper or impl.wrapper:
                continue
            try:
                answer = impl.function(*(args[name] for name in impl.argnames))
            except Exception:
                continue
            if answer is None:
                continue
            if problem(hook, answer, coverage=coverage, namespaces=spaces) is not None:
                name = impl.plugin_name
                return name.removeprefix("pack:") if name.startswith("pack:") else _DEFAULT + name
            if first:
                return None
        return None

    def _findings(self, hook: str, **kwargs: Any) -> tuple[Finding, ...]:
        found = _flatten(self.call(hook, **kwargs))
        self._check(hook, found, kwargs)
        generic = self.explanation(hook)
        return tuple(f if f.explanation is not None else f.explained(generic) for f in found)

    def own_findings(self, hook: str, **kwargs: Any) -> tuple[Finding, ...]:
        """The findings of this pack's (and its bases') own implementations of ``hook``.

        The core's defaults are left out: a caller that runs the core's rules
        itself (the roster check runs them over columns) asks this so that
        each finding is reported once, whatever codes the pack's own
        implementations return.
        """
        found = _flatten(self._engine._own(hook, self._keep)(**kwargs, rules=self))
        self._check(hook, found, kwargs)
        generic = self.explanation(hook)
        return tuple(f if f.explanation is not None else f.explained(generic) for f in found)

    # --- parameters -------------------------------------------------------

    def cite(self, name: str, on: date) -> Cited | None:
        """The dated value of parameter ``name`` on ``on``, with source; ``None`` when undefined.

        :raises PackDataError: ``name`` is not declared (a misspelling never reads as
            "not set"), or the value a Python ``mutualaid_parameter`` hook gave is not
            of the declared type and bounds.
        """
        require_date(on, "PackView.cite(on)")
        registry = self._engine.registry
        spec = registry.specs.get(name)
        if spec is None and not PLAN_FACT.match(name):
            raise registry.unknown(name, f"pack {self.name}", pack=self.name)
        result: Cited | None = self._hook("mutualaid_parameter")(name=name, on=on)
        if result is None or spec is None:
            return result
        value = result.value
        key = (name, id(value))
        if self._checked.get(key, _MISSING) is value:  # this very object passed already
            return result
        problem = spec.problem(value)
        if problem is not None:
            raise PackDataError(
                f"pack {result.pack}: parameter {name} on {on.isoformat()}: {problem}",
                hint="Fix the value the pack gives; docs/hooks.md gives its type and bounds.",
                pack=result.pack,
                parameter=name,
            )
        if len(self._checked) < _CHECKED_MAX:  # the values of data files: a few per parameter
            self._checked[key] = value  # kept alive, so its id is not reused while cached
        return result

    def param(self, name: str, on: date, default: Any = _MISSING) -> Any:
        """The value of parameter ``name`` on ``on``.

        When the pack is silent: ``default`` when given, else the declared
        default (docs/hooks.md) when there is one.

        :raises PackDataError: ``name`` is not declared; or undefined, with no
            ``default`` given and none declared.
        """
        require_date(on, "PackView.param(on)")
        cited = self.cite(name, on)
        if cited is not None:
            return cited.value
        if default is _MISSING:
            spec = self._engine.registry.get(name)
            if spec is not None and spec.default is not None:
                return spec.default
            raise PackDataError(
                f"pack {self.name} has no value for parameter {name!r} on {on.isoformat()}",
                hint="Add it to the pack's data file, with the day it takes effect.",
                pack=self.name,
                parameter=name,
            )
        return default

    # --- rules ------------------------------------------------------------

    def rule(self, name: str) -> Callable[..., Any] | None:
        """The default rule ``name`` as it applies to this pack.

        The core's function, the replacement the pack (or a pack it extends)
        gives in ``mutualaid_replace_rules``, or ``None`` when it switched the
        rule off (the pack's own entry wins over its base's).

        :raises PackError: no default rule has that name.
        """
        if self._generation != self._engine._generation:
            self._refresh()
        if self._rules is None:
            table: dict[str, Callable[..., Any] | None] = dict(self._engine.default_rules)
            for reg in reversed(self._chain):
                table.update(reg.replaced)
            self._rules = table
        try:
            return self._rules[name]
        except KeyError:
            raise PackError(
                f"no default rule named {name!r}",
                hint="mutualaid.rules.defaults.RULES lists them.",
                pack=self.name,
                rule=name,
            ) from None

    def replaced_rules(self) -> frozenset[str]:
        """The default rules this pack (or a pack it extends) replaces or switches off."""
        return frozenset(name for reg in self._chain for name in reg.replaced)

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

    # --- claims -------------------------------------------------------------

    def claim_flow(self) -> ClaimFlow:
        """The region's claim flow (``mutualaid_claim_flow``; no claims when the pack is silent)."""
        flow = self._first("mutualaid_claim_flow")
        if not isinstance(flow, ClaimFlow):
            raise PackError(
                f"pack {self.name}: mutualaid_claim_flow returned {type(flow).__name__}, "
                "not a ClaimFlow",
                pack=self.name,
                hook="mutualaid_claim_flow",
            )
        return flow

    def claim_types(self, plan: Plan, on: date) -> tuple[ClaimType, ...]:
        """The claim types ``plan`` offers on ``on`` (Linyi 4.1.1's list for a claimant)."""
        require_date(on, "PackView.claim_types(on)")
        return tuple(ClaimType(t) for t in self._first("mutualaid_claim_types", plan=plan, on=on))

    def claim_materials(
        self, claim_type: ClaimType, on: date, *, plan: Plan | None = None
    ) -> tuple[MaterialRequirement, ...]:
        """The materials a case of ``claim_type`` needs, without repeats of a kind."""
        require_date(on, "PackView.claim_materials(on)")
        items: list[MaterialRequirement] = _flatten(
            self.call(
                "mutualaid_claim_materials", claim_type=ClaimType(claim_type), plan=plan, on=on
            )
        )
        seen: set[str] = set()
        unique = []
        for item in items:
            if str(item.kind) not in seen:
                seen.add(str(item.kind))
                unique.append(item)
        return tuple(unique)

    def claim_findings(
        self,
        claim: Claim,
        step: ClaimStep | str,
        on: date,
        *,
        plan: Plan,
        other_claims: Iterable[Claim] = (),
    ) -> tuple[Finding, ...]:
        """What stands in the way of ``claim`` at ``step`` on ``on`` (``mutualaid_claim_findings``)."""
        require_date(on, "PackView.claim_findings(on)")
        return self._findings(
            "mutualaid_claim_findings",
            claim=claim,
            step=ClaimStep(step),
            plan=plan,
            other_claims=tuple(other_claims),
            on=on,
        )

    # --- templates ----------------------------------------------------------

    def template_columns(self, plan: Plan) -> tuple[TemplateColumn, ...]:
        """The roster template's columns for ``plan``."""
        return tuple(self._first("mutualaid_template_columns", plan=plan))
