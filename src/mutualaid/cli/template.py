"""``mutualaid template``: write a pack's roster template for a plan.

::

    mutualaid template --pack P --plan CODE -o FILE.xlsx [--on DATE]

The template has the pack's Chinese headers, an instructions sheet, the ID
number column formatted as text, drop-down lists for closed columns and a
frozen header row (see :mod:`mutualaid.roster.templates`).

>>> import io, pathlib, tempfile
>>> from mutualaid.cli.main import main
>>> target = pathlib.Path(tempfile.mkdtemp()) / "模板.xlsx"
>>> out = io.StringIO()
>>> main(["template", "--pack", "yiyang", "--plan", "YY-HOSP-2026", "-o", str(target), "--lang", "en"], stdout=out)
0
>>> print(out.getvalue().replace(str(target), "模板.xlsx").strip())
wrote 模板.xlsx: 姓名, 证件类型, 证件号码, 手机号码, 性别, 出生日期, 医保类型, 新业态从业者, 是否已退休

Since 0.1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mutualaid.cli.main import Command, Context, UsageError, iso_date
from mutualaid.messages import say
from mutualaid.roster.templates import write_pack_template
from mutualaid.roster.validation import RosterRules

__all__ = ["COMMAND"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", required=True, metavar="P", help="the rule pack (e.g. yiyang)")
    parser.add_argument("--plan", required=True, metavar="CODE", help="the plan's code")
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE.xlsx", help="where to write the template"
    )
    parser.add_argument(
        "--on", type=iso_date, metavar="DATE", help="read the pack's values on this day"
    )


def _run(args: argparse.Namespace, context: Context) -> int:
    target = Path(args.output)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(say("template.not_xlsx", context.lang, stem=target.stem))
    view = context.engine.pack(args.pack)
    try:
        written = write_pack_template(view, args.plan, target, on=args.on)
    except OSError as exc:
        reason = exc.strerror or exc
        raise UsageError(
            say("template.cannot_write", context.lang, path=target, reason=reason)
        ) from None
    columns = RosterRules.from_pack(view, args.plan, on=args.on).columns
    headers = ", ".join(c.header for c in columns)
    context.stdout.write(say("template.wrote", context.lang, path=written, headers=headers) + "\n")
    return 0


COMMAND = Command(
    name="template",
    help="write a pack's roster template (.xlsx) for a plan",
    add_arguments=_add_arguments,
    run=_run,
)
