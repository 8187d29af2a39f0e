"""``mutualaid packs``: list the installed rule packs, their plans, tiers and prices.

::

    mutualaid packs [--on DATE] [--pack NAME ...] [--format text|json]

``--on`` keeps the plans offered on that day (default: every plan each pack
knows). ``--format json`` prints::

    {"packs": [{"name", "region", "version", "title", "extends", "origin", "hooks",
                "plans": [{"code", "name", "kind", "coverage_start", "coverage_end",
                           "max_shares", "is_gift", "gift_plans", "illustrative",
                           "tiers": [{"code", "name", "contribution", "member_part",
                                      "subsidy_part", "high_risk", "illustrative"}]}]}]}

with money as strings with two places (``"60.00"``). Values marked
``illustrative`` are not given by the region's manual (see the pack's docs).

>>> import io, json
>>> from mutualaid.cli.main import main
>>> from mutualaid.rules import RuleEngine
>>> out = io.StringIO()
>>> main(["packs", "--format", "json"], engine=RuleEngine(), stdout=out)
0
>>> json.loads(out.getvalue())
{'packs': []}

Since 0.1.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from mutualaid.cli.main import Command, Context, iso_date
from mutualaid.messages import Lang, say
from mutualaid.model.plan import Plan, Tier
from mutualaid.rules.engine import PackView

__all__ = ["COMMAND", "describe"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on", type=iso_date, metavar="DATE", help="only plans offered on this day (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--pack", action="append", metavar="NAME", help="only this pack (repeatable)"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def _illustrative(view: PackView, name: str, on: date) -> bool:
    cited = view.cite(name, on)
    return bool(cited is not None and cited.illustrative)


def _tier(view: PackView, plan: Plan, tier: Tier, on: date) -> dict[str, Any]:
    prefix = f"plans.{plan.code}.tiers.{tier.code}"
    data: dict[str, Any] = {
        "code": tier.code,
        "name": tier.name,
        "contribution": f"{tier.contribution.total:.2f}",
        "member_part": f"{tier.contribution.member:.2f}",
        "subsidy_part": f"{tier.contribution.subsidy:.2f}",
        "high_risk": None if tier.high_risk is None else f"{tier.high_risk.total:.2f}",
        "illustrative": _illustrative(view, f"{prefix}.contribution", on),
    }
    return data


def _plan(view: PackView, plan: Plan) -> dict[str, Any]:
    on = plan.coverage.start
    return {
        "code": plan.code,
        "name": plan.name,
        "kind": plan.kind.value,
        "coverage_start": plan.coverage.start.isoformat(),
        "coverage_end": plan.coverage.end.isoformat(),
        "max_shares": plan.max_shares,
        "is_gift": plan.is_gift,
        "gift_plans": list(plan.gift_plans),
        "illustrative": _illustrative(view, f"plans.{plan.code}.coverage", on),
        "tiers": [_tier(view, plan, tier, on) for tier in plan.tiers],
    }


def describe(view: PackView, on: date | None = None) -> dict[str, Any]:
    """One pack as the JSON output shows it."""
    registered = view.registered
    return {
        "name": view.name,
        "region": view.region,
        "version": view.version,
        "title": view.info.title,
        "extends": view.info.extends,
        "origin": registered.origin,
        "hooks": list(registered.hooks),
        "plans": [_plan(view, plan) for plan in view.plans(on)],
    }


def _text(packs: Sequence[dict[str, Any]], lang: Lang = "en") -> str:
    lines: list[str] = []
    flagged = False
    for p in packs:
        base = say("packs.extends", lang, extends=p["extends"]) if p["extends"] else ""
        lines.append(
            say("packs.pack", lang, name=p["name"], version=p["version"], region=p["region"],
                base=base, title=p["title"])
        )  # fmt: skip
        if not p["plans"]:
            lines.append(say("packs.no_plans", lang))
        for plan in p["plans"]:
            mark = "*" if plan["illustrative"] else ""
            gift = say("packs.gift", lang) if plan["is_gift"] else ""
            shares = plan["max_shares"]
            most = say("packs.max_shares", lang, shares=shares) if shares > 1 else ""
            lines.append(
                f"  {plan['code']} {plan['name']}{gift}  {plan['coverage_start']} .. {plan['coverage_end']}{mark}{most}"
            )
            for tier in plan["tiers"]:
                split = (
                    say(
                        "packs.split",
                        lang,
                        member=tier["member_part"],
                        subsidy=tier["subsidy_part"],
                    )
                    if tier["subsidy_part"] != "0.00"
                    else ""
                )
                high = (
                    say("packs.high_risk", lang, amount=tier["high_risk"])
                    if tier["high_risk"]
                    else ""
                )
                tmark = "*" if tier["illustrative"] else ""
                lines.append(
                    f"    {tier['code']} {tier['name']} {tier['contribution']}{tmark}{split}{high}"
                )
            flagged = (
                flagged or plan["illustrative"] or any(t["illustrative"] for t in plan["tiers"])
            )
    if not packs:
        lines.append(say("packs.none", lang))
    if flagged:
        lines.append(say("packs.illustrative", lang))
    return "\n".join(lines) + "\n"


def _run(args: argparse.Namespace, context: Context) -> int:
    engine = context.engine
    names = args.pack or list(engine.pack_names())
    packs = [describe(engine.pack(name), args.on) for name in names]
    if args.format == "json":
        context.stdout.write(json.dumps({"packs": packs}, ensure_ascii=False, indent=2) + "\n")
    else:
        context.stdout.write(_text(packs, context.lang))
    return 0


#: The ``packs`` command.
COMMAND = Command(
    name="packs",
    help="list installed rule packs, their plans, tiers and prices",
    add_arguments=_add_arguments,
    run=_run,
)
