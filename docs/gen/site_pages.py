"""Pages of the documentation site generated at build time (run by mkdocs-gen-files).

* ``reference/<module>.md``: one API reference page per public module of
  mutualaid (``::: module``, rendered by mkdocstrings from the docstrings), and
  ``reference/index.md`` listing them;
* ``packs/<name>-parameters.md``: one page per installed bundled pack, listing
  every parameter with its dated values and sources, every plan with its
  tiers, and a worked example computed now with the installed pack.

The functions return Markdown text and are tested by tests/test_docs_site.py;
:func:`main` writes the pages through ``mkdocs_gen_files`` (or into a folder).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "mutualaid"

#: The packs that ship with mutualaid, in the order the site lists them.
BUNDLED = ("weihai", "guangdong", "shenzhen", "linyi", "yiyang")


def public_modules() -> list[str]:
    """Dotted names of mutualaid's public modules (no part starting with ``_``), sorted."""
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if any(p.startswith("_") for p in parts):
            continue
        names.append(".".join(parts))
    return sorted(names)


def reference_page(module: str) -> str:
    """The API reference page of one module."""
    return f"# `{module}`\n\n::: {module}\n"


def reference_index(modules: list[str]) -> str:
    """The list of reference pages, by package."""
    lines = [
        "# API reference",
        "",
        "Generated from the docstrings at build time (mkdocstrings). The guides",
        "in the other sections teach by example; these pages list every public",
        "name of each module.",
        "",
    ]
    for module in modules:
        depth = module.count(".") - 1
        lines.append(f"{'    ' * depth}- [`{module}`]({module}.md)")
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else _show(value)
    return str(text).replace("|", "\\|").replace("\n", " ")


def _show(value: Any) -> str:
    import json

    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except TypeError:
        return str(value)


def _data(view: Any) -> Any:
    """The pack's own data (a :class:`~mutualaid.rules.packdata.PackData`), if it has one."""
    return getattr(view.registered.plugin, "data", None)


def _parameters(view: Any) -> Iterator[str]:
    data = _data(view)
    parameters = getattr(data, "parameters", {}) if data is not None else {}
    if not parameters:
        yield "The pack has no parameters of its own (it answers in Python only)."
        return
    yield "| parameter | from | value | source |"
    yield "|---|---|---|---|"
    for name in sorted(parameters):
        parameter = parameters[name]
        unit = f" ({parameter.unit})" if parameter.unit else ""
        for i, dated in enumerate(parameter.values):
            label = f"`{name}`<br>{_cell(parameter.description)}{unit}" if i == 0 else ""
            flag = " *(illustrative)*" if dated.illustrative else ""
            yield (
                f"| {label} | {dated.valid_from.isoformat()} | `{_cell(dated.value)}`{flag} "
                f"| {_cell(str(dated.source))} |"
            )


def _plans(view: Any) -> Iterator[str]:
    data = _data(view)
    records = getattr(data, "plans", ()) if data is not None else ()
    plans = {p.code: p for p in view.plans()}
    if not plans:
        yield "The pack offers no plan."
        return
    yield "| plan | coverage | tier | contribution per share (member + subsidy) | source |"
    yield "|---|---|---|---|---|"
    sources = {r.code: r for r in records}
    for code, plan in plans.items():
        record = sources.get(code)
        for i, tier in enumerate(plan.tiers):
            first = i == 0
            label = f"`{code}`<br>{_cell(plan.name)}" + (" (gift)" if plan.is_gift else "")
            coverage = f"{plan.coverage.start} .. {plan.coverage.end}"
            c = tier.contribution
            high = f"; high-risk {tier.high_risk.total}" if tier.high_risk is not None else ""
            tier_record = next(
                (t for t in getattr(record, "tiers", ()) if t.code == tier.code), None
            )
            flag = " *(illustrative)*" if getattr(tier_record, "illustrative", False) else ""
            source = _cell(str(tier_record.source)) if tier_record is not None else ""
            yield (
                f"| {label if first else ''} | {coverage if first else ''} "
                f"| `{tier.code}` {_cell(tier.name)} | {c.total} ({c.member} + {c.subsidy}){flag}{high} "
                f"| {source} |"
            )


def worked_example(view: Any) -> str:
    """Three members priced and checked on the pack's first paid plan, computed now."""
    from mutualaid.dates import age_in_years
    from mutualaid.model.application import Application, ApplicationLine, DeclaredCounts
    from mutualaid.model.roster import Roster
    from mutualaid.testing.members import member

    plan = next(p for p in view.plans() if not p.is_gift)
    tier = plan.tiers[0]
    on = (
        plan.coverage.start.replace(month=3, day=1)
        if plan.coverage.start.month < 3
        else plan.coverage.start
    )
    people = [
        ("张三", member("张三", age=30, on=on, serial=1)),
        ("李四", member("李四", age=45, on=on, gender="female", serial=2)),
        ("王五", member("王五", age=15, on=on, serial=3)),
    ]
    lines = [
        f"Asked of the installed pack **{view.name} {view.version}** when this site was built:",
        f"plan `{plan.code}`, tier `{tier.code}` ({tier.name}), on {on.isoformat()}.",
        "",
        "| member | findings |",
        "|---|---|",
    ]
    for label, person in people:
        found = view.member_findings(person, plan, on)
        text = "<br>".join(f"`{f.code}` {_cell(f.message)}" for f in found) or "none"
        who = f"{label}, {person.gender.label}, {age_in_years(person.birth_date, on)} 岁"
        lines.append(f"| {who} | {text} |")
    admitted = [p for _, p in people[:2]]
    roster = Roster.of(plan.code, admitted, tier_code=tier.code)
    counts = DeclaredCounts(10, 10, 10, 0)
    app = Application(
        "EXAMPLE",
        "U-EXAMPLE",
        view.name,
        lines=(ApplicationLine(plan.code, tier.code, 1, roster),),
        declared=counts,
    )
    quote = view.price_application(app, on)
    effective = view.effective_date(app, plan, payment_arrival=on)
    lines += [
        "",
        f"An application of the first two: total **{quote.total}** yuan "
        f"(members {quote.member_part} + subsidy {quote.subsidy_part}), "
        f"amount due {quote.amount_due}; cover from "
        f"{'(set by the association)' if effective.date is None else effective.date.isoformat()}"
        f" to {plan.coverage.end.isoformat()} when paid on {on.isoformat()}.",
        "",
        "Why (the quote's explanation):",
        "",
        "```text",
        str(quote.explanation),
        "```",
    ]
    return "\n".join(lines)


def pack_page(view: Any) -> str:
    """The generated page of one pack."""
    info = view.info
    extends = f", extends `{info.extends}`" if info.extends else ""
    parts = [
        f"# {info.name}: parameters, plans and a worked example",
        "",
        f"*Generated when the site was built, from the installed pack "
        f"`{info.name}` {info.version} ({info.title}, region `{info.region}`{extends}).* "
        f"The rules with their passages are on [the pack's page]({info.name}.md).",
        "",
        "## Parameters",
        "",
        "Each value with the day it takes effect and its source; *illustrative*",
        "marks a value the region's manual does not give.",
        "",
        *_parameters(view),
        "",
        "## Plans and tiers",
        "",
        *_plans(view),
        "",
        "## Worked example",
        "",
        worked_example(view),
        "",
    ]
    return "\n".join(parts)


def pages() -> dict[str, str]:
    """Every generated page, by path under docs/."""
    from mutualaid.rules import RuleEngine

    modules = public_modules()
    out = {f"reference/{m}.md": reference_page(m) for m in modules}
    out["reference/index.md"] = reference_index(modules)
    engine = RuleEngine.from_entry_points(names=BUNDLED)
    for name in BUNDLED:
        out[f"packs/{name}-parameters.md"] = pack_page(engine.pack(name))
    return out


def main(folder: str | None = None) -> None:
    """Write the pages through mkdocs-gen-files, or into ``folder``."""
    generated = pages()
    if folder is not None:
        for path, text in generated.items():
            target = Path(folder) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return
    import mkdocs_gen_files

    for path, text in generated.items():
        with mkdocs_gen_files.open(path, "w") as handle:
            handle.write(text)


if __name__ in {"__main__", "<run_path>"}:
    main(sys.argv[1] if len(sys.argv) > 1 and __name__ == "__main__" else None)
