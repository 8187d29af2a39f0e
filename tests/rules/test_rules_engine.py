"""RuleEngine: registration, loud failures, regions, overriding a base pack, entry points."""

from __future__ import annotations

import importlib.metadata
import types
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from rules_helpers import application, engine_with, line, make_pack, member, param, plan, tier

from mutualaid.errors import (
    InvalidDate,
    PackDataError,
    PackError,
    PackLoadError,
    UnknownPack,
    UnknownPlan,
)
from mutualaid.rules import DataPack, Finding, PackInfo, RuleEngine, hookimpl
from mutualaid.rules.engine import DEFAULTS_NAME
from mutualaid.rules.hookspecs import HOOK_NAMES

ON = date(2026, 3, 1)


class Identity:
    """A minimal non-data pack."""

    def __init__(
        self, name: str, region: str | None = None, extends: str | None = None, core: str = ">=0.1"
    ) -> None:
        self.info = PackInfo(name, region or name, "1.0", name, core, extends)

    @hookimpl
    def mutualaid_pack_info(self) -> PackInfo:
        return self.info


# --- registration -------------------------------------------------------------


def test_each_engine_has_its_own_plugin_manager() -> None:
    a, b = RuleEngine(), RuleEngine()
    a.register(make_pack("demo"))
    assert a.pack_names() == ("demo",)
    assert b.pack_names() == ()
    assert a.plugin_manager is not b.plugin_manager
    assert all(a.plugin_manager.get_plugin(n) is not None for n in a.default_plugin_names)
    assert all(n.startswith(f"{DEFAULTS_NAME}.") for n in a.default_plugin_names)


def test_register_returns_identity_and_lists_hooks() -> None:
    engine = RuleEngine()
    info = engine.register(make_pack("demo", version="2.3"))
    assert (info.name, info.version) == ("demo", "2.3")
    (registered,) = engine.packs()
    assert registered.origin == "registered directly"
    assert registered.hooks == (
        "mutualaid_pack_info",
        "mutualaid_parameter",
        "mutualaid_declared_parameters",
        "mutualaid_plans",
        "mutualaid_benefit_steps",
    )


def test_a_module_can_be_a_pack() -> None:
    module = types.ModuleType("notebook_pack")

    @hookimpl
    def mutualaid_pack_info() -> PackInfo:
        return PackInfo("nb", "nb", "0.1", "笔记本")

    @hookimpl
    def mutualaid_roster_findings(roster: Any) -> list[Finding]:
        return [Finding.warning("nb.seen", f"{len(roster)}行")]

    module.mutualaid_pack_info = mutualaid_pack_info  # type: ignore[attr-defined]
    module.mutualaid_roster_findings = mutualaid_roster_findings  # type: ignore[attr-defined]
    engine = engine_with(module)
    view = engine.pack("nb")
    p = make_pack("x", plans=[plan()]).data.plans[0].to_plan()
    from rules_helpers import roster

    codes = [f.code for f in view.roster_findings(roster("P1", [member()]), p, ON)]
    assert "nb.seen" in codes


@pytest.mark.parametrize(
    "typo", ["mutualaid_member_finding", "mutualaid_plan", "mutualaid_pricing"]
)
def test_misspelled_marked_hook_fails_loudly(typo: str) -> None:
    pack = Identity("typo")
    setattr(pack, typo, hookimpl(lambda: None))
    with pytest.raises(PackLoadError) as err:
        RuleEngine().register(pack)
    assert typo in str(err.value)
    assert "pack typo" in str(err.value)
    assert err.value.details["hook"] == typo


def test_misspelled_unmarked_hook_fails_too() -> None:
    pack = Identity("typo")
    pack.mutualaid_template_column = lambda plan: None  # type: ignore[attr-defined]
    with pytest.raises(PackLoadError, match="did you mean mutualaid_template_columns"):
        RuleEngine().register(pack)


def test_hook_with_an_argument_the_spec_lacks_fails() -> None:
    class Bad(Identity):
        @hookimpl
        def mutualaid_plans(self, on: date, region: str) -> list[Any]:
            return []

    engine = RuleEngine()
    with pytest.raises(PackLoadError, match=r"pack bad: .*region"):
        engine.register(Bad("bad"))
    assert engine.pack_names() == ()
    assert not any(
        impl.plugin.__class__ is Bad
        for impl in engine.plugin_manager.hook.mutualaid_plans.get_hookimpls()
    )


def test_pack_without_identity_is_refused() -> None:
    class Anonymous:
        @hookimpl
        def mutualaid_plans(self, on: date) -> list[Any]:
            return []

    with pytest.raises(PackLoadError, match="implements no mutualaid_pack_info"):
        RuleEngine().register(Anonymous())


def test_identity_must_be_pack_info() -> None:
    class Wrong:
        @hookimpl
        def mutualaid_pack_info(self) -> Any:
            return {"name": "wrong"}

    with pytest.raises(PackLoadError, match="not PackInfo"):
        RuleEngine().register(Wrong())


def test_duplicate_names_are_refused() -> None:
    engine = engine_with(make_pack("demo"))
    with pytest.raises(PackLoadError, match="already registered"):
        engine.register(make_pack("demo"))


def test_unsupported_core_version_is_refused() -> None:
    engine = RuleEngine(core_version="0.1.0")
    with pytest.raises(PackLoadError, match=r"supports mutualaid >=0.2"):
        engine.register(Identity("future", core=">=0.2"))
    engine.register(Identity("present", core=">=0.1,<0.2"))
    assert engine.pack_names() == ("present",)


def test_unregister_removes_the_pack_from_existing_views() -> None:
    engine = engine_with(make_pack("demo", {"roster.max_rows": param(5)}))
    view = engine.pack("demo")
    assert view.param("roster.max_rows", ON) == 5
    engine.unregister("demo")
    with pytest.raises(UnknownPack):
        engine.pack("demo")


# --- regions ------------------------------------------------------------------------


def test_a_pack_is_active_only_for_its_region() -> None:
    weihai = make_pack("weihai", {"roster.max_rows": param(100)})
    yiyang = make_pack("yiyang", {"roster.max_rows": param(10000)})
    engine = engine_with(weihai, yiyang)
    assert engine.for_region("weihai").param("roster.max_rows", ON) == 100
    assert engine.for_region("yiyang").param("roster.max_rows", ON) == 10000
    with pytest.raises(UnknownPack, match="no rule pack serves region 'linyi'"):
        engine.for_region("linyi")


def test_a_view_does_not_see_packs_registered_after_it() -> None:
    engine = engine_with(make_pack("a", {"invoice.settlement_day": param(1)}))
    view = engine.pack("a")
    assert view.param("invoice.settlement_day", ON) == 1
    engine.register(
        make_pack("b", {"invoice.settlement_day": param(2), "roster.max_rows": param(3)})
    )
    assert view.param("invoice.settlement_day", ON) == 1
    assert view.cite("roster.max_rows", ON) is None


def test_two_unrelated_packs_for_one_region_are_ambiguous() -> None:
    engine = engine_with(make_pack("a", region="r"), make_pack("b", region="r"))
    with pytest.raises(UnknownPack, match="several unrelated packs serve region 'r'"):
        engine.for_region("r")


def test_unknown_plan_names_the_plans() -> None:
    view = engine_with(make_pack("demo", plans=[plan("P1"), plan("P2")])).pack("demo")
    with pytest.raises(UnknownPlan, match="P1, P2"):
        view.plan("P9")
    assert view.plan("P2").code == "P2"
    with pytest.raises(UnknownPlan):
        view.plan("P1", date(2027, 6, 1))  # no longer offered


def test_missing_parameter_without_default_is_a_pack_data_error() -> None:
    view = engine_with(make_pack("demo")).pack("demo")
    with pytest.raises(PackDataError, match=r"no value for parameter 'roster\.max_rows'"):
        view.param("roster.max_rows", ON)
    assert view.param("roster.max_rows", ON, default=7) == 7
    assert view.param("roster.single_tier", ON) is False  # the declared default


def test_an_undeclared_parameter_name_raises_even_with_a_default() -> None:
    """A misspelled name never reads as "not set": the rule would be off without a word."""
    view = engine_with(make_pack("demo")).pack("demo")
    for ask in (
        lambda: view.param("age.maximun", ON),
        lambda: view.param("age.maximun", ON, default=None),
        lambda: view.cite("age.maximun", ON),
    ):
        with pytest.raises(PackDataError, match=r"did you mean age\.maximum\?") as err:
            ask()
        assert err.value.details["parameter"] == "age.maximun"


# --- overriding a base pack -------------------------------------------------------------


def _base_and_local(order: str) -> RuleEngine:
    """linyi (national association's base) and linyi-lanshan (an office's overrides)."""

    class Base(DataPack):
        @hookimpl
        def mutualaid_roster_findings(self, roster: Any) -> list[Finding]:
            return [
                Finding.warning("linyi.base_note", "基础规则"),
                Finding.warning("linyi.drop_me", "将被覆盖"),
            ]

        @hookimpl
        def mutualaid_age_limits(self, plan: Any) -> Any:
            from mutualaid.rules import AgeLimits

            return AgeLimits(16, 65)

    class Local(DataPack):
        @hookimpl
        def mutualaid_age_limits(self, plan: Any) -> Any:
            from mutualaid.rules import AgeLimits

            return AgeLimits(18, 60)

        @hookimpl(wrapper=True)
        def mutualaid_roster_findings(self) -> Any:
            answers = yield  # one list per implementation (base pack, defaults)
            return [[f for f in answer if f.code != "linyi.drop_me"] for answer in answers]

    base = make_pack(
        "linyi",
        {"invoice.settlement_day": param(25), "roster.max_rows": param(5000)},
        [plan("LY-1")],
        cls=Base,
    )
    local = make_pack(
        "linyi-lanshan",
        {"invoice.settlement_day": param(20)},
        region="linyi",
        extends="linyi",
        cls=Local,
    )
    packs = [base, local] if order == "base first" else [local, base]
    engine = RuleEngine()
    for p in packs:
        engine.register(p)
    return engine


@pytest.mark.parametrize("order", ["base first", "local first"])
def test_local_pack_overrides_only_what_it_implements(order: str) -> None:
    engine = _base_and_local(order)
    assert engine.pack_names() == ("linyi", "linyi-lanshan")
    view = engine.for_region("linyi")
    assert view.name == "linyi-lanshan"
    assert [i.name for i in view.chain] == ["linyi-lanshan", "linyi"]
    # data: the local value wins; the base answers what the local pack does not define
    assert view.param("invoice.settlement_day", ON) == 20
    assert view.param("roster.max_rows", ON) == 5000
    assert view.cite("roster.max_rows", ON).pack == "linyi"  # type: ignore[union-attr]
    # plans come from the base (the local data has none)
    assert [p.code for p in view.plans(ON)] == ["LY-1"]
    # firstresult hook: the local answer wins
    p = view.plan("LY-1")
    assert (view.age_limits(p, ON).minimum, view.age_limits(p, ON).maximum) == (18, 60)
    # the base alone keeps its own answers
    base = engine.pack("linyi")
    assert base.age_limits(p, ON).maximum == 65
    assert base.param("invoice.settlement_day", ON) == 25
    # list hook: the local wrapper removed one base finding, the other stays
    from rules_helpers import roster

    codes = [f.code for f in view.roster_findings(roster("LY-1", [member()]), p, ON)]
    assert "linyi.base_note" in codes and "linyi.drop_me" not in codes
    assert "linyi.drop_me" in [
        f.code for f in base.roster_findings(roster("LY-1", [member()]), p, ON)
    ]


def test_extending_a_missing_pack_fails_on_check() -> None:
    engine = engine_with(make_pack("local", extends="nowhere"))
    with pytest.raises(PackLoadError, match="extends 'nowhere', which is not installed"):
        engine.check()


def test_extends_cycle_is_refused() -> None:
    engine = RuleEngine()
    engine.register(make_pack("a", extends="b"))
    with pytest.raises(PackLoadError, match="extends itself"):
        engine.register(make_pack("b", extends="a"))


# --- the legal minimum age -----------------------------------------------------------


def test_minimum_age_never_below_16_whatever_the_pack_says() -> None:
    """mutualaid_age_limits: a pack answering 14 is raised to 16, with a note."""
    view = engine_with(make_pack("demo", {"age.minimum": param(14)}, [plan()])).pack("demo")
    p = view.plan("P1")
    limits = view.age_limits(p, ON)
    assert limits.minimum == 16
    assert limits.explanation is not None and "劳动法" in str(limits.explanation)
    codes = [f.code for f in view.member_findings(member(birth=date(2011, 1, 1)), p, ON)]
    assert codes == ["age.below_minimum"]


# --- entry points -----------------------------------------------------------------------


class _EP:
    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value, self._value, self.dist = name, f"fake:{name}", value, None

    def load(self) -> Any:
        if isinstance(self._value, Exception):
            raise self._value
        return self._value


def _fake_entry_points(monkeypatch: pytest.MonkeyPatch, *eps: _EP) -> None:
    def entry_points(group: str) -> list[_EP]:
        assert group == "mutualaid.rulepacks"
        return list(eps)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_from_entry_points_loads_objects_and_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    class Klass(Identity):
        def __init__(self) -> None:
            super().__init__("klass")

    _fake_entry_points(monkeypatch, _EP("obj", make_pack("obj")), _EP("klass", Klass))
    engine = RuleEngine.from_entry_points()
    assert engine.pack_names() == ("klass", "obj")
    assert engine.packs()[0].origin == "entry point klass = fake:klass"


def test_import_error_names_the_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_entry_points(monkeypatch, _EP("broken", ImportError("no module named zzz")))
    engine = RuleEngine.from_entry_points()  # left out, the others keep working
    with pytest.raises(PackLoadError, match="pack broken: cannot import fake:broken"):
        engine.pack("broken")


def test_bad_data_at_import_keeps_file_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    err = PackDataError("bad", hint="x")
    _fake_entry_points(monkeypatch, _EP("bad", err))
    engine = RuleEngine.from_entry_points()
    assert engine.load_failures == {"bad": err}
    with pytest.raises(PackDataError) as caught:
        engine.pack("bad")
    assert caught.value is err


def test_installed_yiyang_pack_is_found_through_its_entry_point() -> None:
    engine = RuleEngine.from_entry_points(names=["yiyang"])
    (registered,) = engine.packs()
    assert registered.origin.startswith("entry point yiyang = mutualaid_pack_yiyang:pack")
    assert registered.info.distribution == "mutualaid-pack-yiyang"
    assert registered.info.version == importlib.metadata.version("mutualaid-pack-yiyang")


def test_no_answer_from_a_firstresult_hook_is_an_error() -> None:
    engine = RuleEngine()
    engine.register(make_pack("demo"))
    for name in engine.default_plugin_names:
        engine.plugin_manager.unregister(name=name)
    with pytest.raises(PackError, match="no answer from mutualaid_template_columns"):
        engine.pack("demo").template_columns(make_pack("x", plans=[plan()]).data.plans[0].to_plan())


def test_hook_names_cover_every_spec() -> None:
    specs = {
        name for name in dir(RuleEngine().plugin_manager.hook) if name.startswith("mutualaid_")
    }
    assert specs == set(HOOK_NAMES)


def test_application_uses_plan_lines() -> None:
    view = engine_with(make_pack("demo", plans=[plan("P1", [tier("T60", "60")])])).pack("demo")
    app = application(line("P1", [member("a"), member("b")]))
    assert view.price_application(app, ON).total == 120


def test_chain_hooks_name_what_the_pack_and_its_bases_implement() -> None:
    engine = _base_and_local("base first")
    view = engine.for_region("linyi")
    own = set(view.hooks())
    chain = view.chain_hooks()
    base = set(engine.pack("linyi").hooks())
    assert own <= chain and base <= chain
    assert chain == own | base


# --- what the unit pays: payment.amount_basis --------------------------------------------


@pytest.mark.parametrize(
    ("parameters", "due"),
    [
        ({}, "100.00"),
        ({"payment.amount_basis": param("total")}, "100.00"),
        ({"payment.amount_basis": param("member_part")}, "80.00"),
    ],
)
def test_the_amount_due_follows_the_pack_s_amount_basis(
    parameters: dict[str, Any], due: str
) -> None:
    """Every price_* answer carries the basis; the parameter is cited when set."""
    pack = make_pack("demo", parameters, plans=[plan("P1", [tier("T50", "40", "10")])])
    view = engine_with(pack).pack("demo")
    app = application(line("P1", [member("a"), member("b")], tier_code="T50"))
    quote = view.price_application(app, ON)
    assert (quote.total, quote.member_part, str(quote.amount_due)) == (
        Decimal("100.00"),
        Decimal("80.00"),
        due,
    )
    group = view.price_group([app, application(app_id="A2")], ON)
    assert (group.basis, group.amount_due) == (quote.basis, quote.amount_due)
    cited = [c.name for c in quote.explanation.values] if quote.explanation else []
    assert ("payment.amount_basis" in cited) == bool(parameters)


def test_an_unknown_amount_basis_is_a_pack_data_error_at_load() -> None:
    with pytest.raises(PackDataError, match=r"payment\.amount_basis: expected one of") as err:
        make_pack("demo", {"payment.amount_basis": param("subsidy")}, plans=[plan("P1")])
    assert "member_part" in str(err.value)


def test_an_unknown_amount_basis_from_a_python_hook_is_a_pack_data_error() -> None:
    class Odd(DataPack):
        @hookimpl(tryfirst=True)
        def mutualaid_parameter(self, name: str) -> Any:
            if name == "payment.amount_basis":
                from mutualaid.rules import Cited, Source

                return Cited(name, "subsidy", None, Source("demo manual §1"), "demo", "1.0")
            return None

    view = engine_with(make_pack("demo", plans=[plan("P1")], cls=Odd)).pack("demo")
    with pytest.raises(
        PackDataError, match=r"payment\.amount_basis on 2026-03-01: expected one of"
    ):
        view.price_application(application(line("P1", [member("a")])), ON)


# --- days that are not dates ------------------------------------------------------------

_VIEW_CALLS: dict[str, Any] = {
    "cite": lambda v, app, p, on: v.cite("age.minimum", on),
    "param": lambda v, app, p, on: v.param("age.minimum", on),
    "plans": lambda v, app, p, on: v.plans(on),
    "plan": lambda v, app, p, on: v.plan("P1", on),
    "age_limits": lambda v, app, p, on: v.age_limits(p, on),
    "member_findings": lambda v, app, p, on: v.member_findings(member("a"), p, on),
    "roster_findings": lambda v, app, p, on: v.roster_findings(app.lines[0].roster, p, on),
    "application_findings": lambda v, app, p, on: v.application_findings(app, on),
    "participation_ratio": lambda v, app, p, on: v.participation_ratio(app, on),
    "price_entry": lambda v, app, p, on: v.price_entry(app.lines[0].roster.entries[0], p, on),
    "price_application": lambda v, app, p, on: v.price_application(app, on),
    "price_group": lambda v, app, p, on: v.price_group([app], on),
    "required_materials": lambda v, app, p, on: v.required_materials("application", on),
    "effective_date": lambda v, app, p, on: v.effective_date(app, p, payment_arrival=on),
}


@pytest.mark.parametrize("method", sorted(_VIEW_CALLS))
@pytest.mark.parametrize("bad", ["2026-13-01", "2026-06-30", 20260630, datetime(2026, 6, 30)])
def test_a_day_that_is_not_a_date_is_an_invalid_date(method: str, bad: object) -> None:
    """Every PackView method that takes a day refuses anything but a date, naming itself."""
    view = engine_with(make_pack("demo", plans=[plan("P1")])).pack("demo")
    p = view.plan("P1", ON)
    app = application(line("P1", [member("a")]))
    with pytest.raises(InvalidDate) as err:
        _VIEW_CALLS[method](view, app, p, bad)
    assert f"PackView.{method}(" in err.value.message
    assert "datetime.date" in (err.value.hint or "")
    _VIEW_CALLS[method](view, app, p, ON)  # the same call with a date goes through


def test_an_optional_day_may_be_left_out_but_none_is_not_a_day_elsewhere() -> None:
    view = engine_with(make_pack("demo", plans=[plan("P1")])).pack("demo")
    assert [p.code for p in view.plans(None)] == ["P1"]
    with pytest.raises(InvalidDate):
        view.cite("age.minimum", None)  # type: ignore[arg-type]
