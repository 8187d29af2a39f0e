"""A pack replaces or switches off one default rule without copying its hook (issue 8 item 2).

``mutualaid_replace_rules`` maps a rule's name (``mutualaid.rules.defaults.RULES``)
to a function or ``None``; the other rules of the hook keep running.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rules_helpers import engine_with, make_pack, member, param, plan, roster, tier

from mutualaid.errors import PackError, PackLoadError
from mutualaid.model.plan import Plan
from mutualaid.model.roster import Roster
from mutualaid.rules import DataPack, Finding, PackView, hookimpl
from mutualaid.rules.defaults import DEFAULT_PLUGINS, RULES
from mutualaid.rules.defaults import roster as roster_rules

ON = date(2026, 3, 1)
PARAMETERS = {"roster.max_rows": param(1), "roster.single_tier": param(True)}
PLANS = [plan("P1", [tier("T60", "60"), tier("T90", "90")])]


def _codes(view: PackView, r: Roster) -> list[str]:
    p = view.plan("P1")
    return [f.code for f in view.roster_findings(r, p, ON)]


def _roster() -> Roster:
    return roster("P1", [member("甲"), member("乙")], tier_code="T60")


def test_every_default_rule_is_named_module_dot_function() -> None:
    modules = {m.__name__.rsplit(".", 1)[1]: m for m in DEFAULT_PLUGINS}
    for name, rule in RULES.items():
        module, function = name.split(".")
        assert getattr(modules[module], function) is rule.function, name


def test_the_defaults_run_every_rule() -> None:
    view = engine_with(make_pack("demo", PARAMETERS, PLANS)).pack("demo")
    assert _codes(view, _roster()) == ["roster.row_limit"]
    assert view.rule("roster.row_limit") is roster_rules.row_limit


def test_a_pack_switches_off_one_rule_and_the_others_still_run() -> None:
    class Lenient(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            return {"roster.row_limit": None}

    view = engine_with(make_pack("demo", PARAMETERS, PLANS, cls=Lenient)).pack("demo")
    assert view.rule("roster.row_limit") is None
    assert view.replaced_rules() == {"roster.row_limit"}
    assert _codes(view, _roster()) == []
    # another roster rule of the same hook still runs
    first, second = roster("P1", [member("甲")], "T60"), roster("P1", [member("乙")], "T90")
    mixed = Roster("P1", (*first.entries, *second.entries))
    assert _codes(view, mixed) == ["roster.tier_mixed"]


def test_a_pack_replaces_one_rule() -> None:
    def row_limit_counting_twice(
        roster: Roster, plan: Plan, on: date, rules: PackView
    ) -> list[Finding]:
        limit = rules.param("roster.max_rows", on)
        if len(roster) <= 2 * limit:
            return []
        return [Finding.error("demo.row_limit", f"本地上限{2 * limit}条")]

    class Local(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            return {"roster.row_limit": row_limit_counting_twice}

    view = engine_with(make_pack("demo", PARAMETERS, PLANS, cls=Local)).pack("demo")
    assert _codes(view, _roster()) == []
    three = roster("P1", [member("甲"), member("乙"), member("丙")], tier_code="T60")
    assert _codes(view, three) == ["demo.row_limit"]


def test_replacements_follow_the_extends_chain_and_the_local_entry_wins() -> None:
    class Base(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            return {"roster.row_limit": None, "roster.single_tier": None}

    class Local(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            return {"roster.row_limit": roster_rules.row_limit}  # back on here

    base = make_pack("base", PARAMETERS, PLANS, cls=Base)
    local = make_pack("local", region="base", extends="base", cls=Local)
    engine = engine_with(base, local)
    view = engine.pack(region="base")
    assert view.name == "local"
    assert view.rule("roster.row_limit") is roster_rules.row_limit
    assert view.rule("roster.single_tier") is None
    assert engine.pack("base").rule("roster.row_limit") is None


def test_a_member_rule_switched_off() -> None:
    class NoProof(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            return {"eligibility.dispatched_proof": None}

    parameters = {"member.dispatched_needs_proof": param(True)}
    worker = member("甲", dispatched=True, own_social_security=False)
    plain = engine_with(make_pack("demo", parameters, PLANS)).pack("demo")
    assert [f.code for f in plain.member_findings(worker, plain.plan("P1"), ON)] == [
        "member.dispatched_proof"
    ]
    view = engine_with(make_pack("demo", parameters, PLANS, cls=NoProof)).pack("demo")
    assert view.member_findings(worker, view.plan("P1"), ON) == ()


def test_an_unknown_rule_name_fails_at_registration() -> None:
    class Typo(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            return {"roster.row_limits": None}

    engine = engine_with()
    with pytest.raises(PackLoadError, match=r"did you mean roster\.row_limit\?"):
        engine.register(make_pack("demo", PARAMETERS, PLANS, cls=Typo))
    assert engine.pack_names() == ()


def test_a_replacement_must_be_a_function_or_none() -> None:
    class Odd(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            return {"roster.row_limit": 5}

    with pytest.raises(PackLoadError, match="not a function or None"):
        engine_with(make_pack("demo", PARAMETERS, PLANS, cls=Odd))


def test_asking_for_an_unknown_rule_is_an_error() -> None:
    view = engine_with(make_pack("demo", PARAMETERS, PLANS)).pack("demo")
    with pytest.raises(PackError, match=r"no default rule named 'roster\.nothing'"):
        view.rule("roster.nothing")


def test_a_failing_declaration_hook_is_the_pack_s_load_error() -> None:
    class Broken(DataPack):
        @hookimpl
        def mutualaid_replace_rules(self) -> dict[str, Any]:
            raise RuntimeError("boom")

    engine = engine_with()
    with pytest.raises(PackLoadError, match="mutualaid_replace_rules failed: RuntimeError"):
        engine.register(make_pack("demo", PARAMETERS, PLANS, cls=Broken))
    assert engine.pack_names() == ()
