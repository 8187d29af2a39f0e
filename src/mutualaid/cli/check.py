"""``mutualaid check``: check a roster file against a pack's rules for a plan.

::

    mutualaid check FILE --pack P --plan CODE [--tier CODE] [--shares N] [--on DATE]
                    [--declared N] [--format text|json] [--indent N] [--errors-out FILE.xlsx]
                    [--engine auto|calamine|openpyxl] [--sheet NAME] [--lang zh|en]

``--on`` is the day ages and eligibility are judged at (default: the plan's
coverage start). ``--tier`` may be left out when the plan has one tier.
``--declared`` compares the members that go through with a declared
headcount. ``--errors-out`` writes the rejected rows, with their reasons, to
a workbook to fix and import again.

The text output is a summary (rows with findings, roster findings, counts,
amount due); a progress line is shown on standard error while a long file is
read, when standard error is a terminal. ``--lang`` chooses Chinese or English (default: the locale's, see
:mod:`mutualaid.cli.lang`). ``--format json`` prints::

    {"pack", "plan", "rows": [{"row", "status", "findings": [{"code", "severity", "column", "message", "message_en"}]}],
     "roster_findings": [...], "summary": {"rows", "accepted", "needs_material", "rejected", "blank", "amount_due"}}

compact (no spaces: fast to write and parse for 100,000 rows) unless
``--indent N`` is given or standard output is a terminal (indented by 2).
``--engine`` picks the .xlsx reader: ``numpy``, ``calamine`` or ``openpyxl``;
``auto`` takes the numpy engine, calamine when it declines the file, and
openpyxl when the guards' scan says calamine would misread the file or
calamine refuses it. ``stream`` is deprecated and reads as openpyxl. With
``auto`` or ``numpy`` on a machine with two cores, the first sheet is read
in a second process while the rule pack loads
(:func:`~mutualaid.roster.ahead.read_ahead`).

Exit status: 0 when nothing blocks, 1 when a row is rejected or a roster
finding blocks, 2 for usage or file errors (a one-line message, no traceback).
The readers report every unreadable file as a
:class:`~mutualaid.errors.RosterFileError`; any other exception is a bug in
mutualaid: :func:`~mutualaid.cli.main.main` writes an "internal error, please
report" line, then its traceback (exit 1).

>>> import io, pathlib, tempfile
>>> from mutualaid.cli.main import main
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "名单.csv").write_text("姓名,证件号码\\n张三,110105198801010014\\n", encoding="utf-8")
>>> out = io.StringIO()
>>> main(["check", str(folder / "名单.csv"), "--pack", "yiyang", "--plan", "YY-HOSP-2026",
...       "--tier", "T60", "--lang", "en"], stdout=out)
0
>>> print(out.getvalue())
名单.csv: pack yiyang, plan YY-HOSP-2026 益阳职工住院保障项目2026, tier T60 (60元档位), judged on 2026-01-01
<BLANKLINE>
Rows 1: accepted 1, needs material 0, rejected 0 (blank rows: 0)
Amount due: 60.00 yuan for 1 member(s)
Result: OK, nothing blocks
<BLANKLINE>
>>> err = io.StringIO()
>>> main(["check", str(folder / "none.xlsx"), "--pack", "yiyang", "--plan", "YY-HOSP-2026",
...       "--tier", "T60", "--lang", "en"], stderr=err)
2
>>> print(err.getvalue().strip())
mutualaid check: error: none.xlsx: file not found (Check the file name and folder.)

Since 0.1.
"""

from __future__ import annotations

import argparse
import gc
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mutualaid.cli.lang import describe_error, pad
from mutualaid.cli.main import Command, Context, UsageError, iso_date
from mutualaid.errors import RosterError
from mutualaid.messages import Lang, say
from mutualaid.roster.ahead import read_ahead

if TYPE_CHECKING:
    from mutualaid.roster.report import RosterReport

__all__ = ["COMMAND", "MAX_SHARES", "PROGRESS_FROM", "SHOWN_ROWS", "format_text", "row_hint"]

#: Rows listed in the text output; the rest are counted.
SHOWN_ROWS = 50
#: The progress line appears once this many rows have been read.
PROGRESS_FROM = 5000


def _count(text: str) -> int:
    try:
        value = int(text) if len(text) <= 100 else int("x")  # 5,000 digits: not a count
    except ValueError:
        shown = repr(text) if len(text) <= 40 else repr(text[:40] + "…")
        raise argparse.ArgumentTypeError(f"not a whole number: {shown}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


#: Largest ``--shares``: more than any plan allows (a plan's own limit is then a
#: finding on every row); anything above is a typing error, refused as usage.
MAX_SHARES = 1000


def _shares(text: str) -> int:
    """``--shares``: a whole number from 1 to :data:`MAX_SHARES`."""
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    if value > MAX_SHARES:
        shown = f"{value}" if value < 10**20 else f"a number of {len(str(value))} digits"
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_SHARES} (no plan sells more shares): {shown}"
        )
    return value


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the roster (.xlsx or .csv)")
    parser.add_argument("--pack", required=True, metavar="P", help="the rule pack (e.g. yiyang)")
    parser.add_argument("--plan", required=True, metavar="CODE", help="the plan's code")
    parser.add_argument("--tier", metavar="CODE", help="the tier (code or name)")
    parser.add_argument(
        "--shares",
        type=_shares,
        default=1,
        metavar="N",
        help=f"shares per member, 1 to {MAX_SHARES} (default 1)",
    )
    parser.add_argument(
        "--on", type=iso_date, metavar="DATE", help="judge ages on this day (YYYY-MM-DD)"
    )
    parser.add_argument("--declared", type=_count, metavar="N", help="the declared headcount")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--indent",
        type=_count,
        metavar="N",
        help="indent the JSON by N spaces (default: compact, indented 2 on a terminal)",
    )
    parser.add_argument(
        "--errors-out", metavar="FILE.xlsx", help="write the rejected rows to this workbook"
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "numpy", "calamine", "stream", "openpyxl"),
        default="auto",
        help=".xlsx reader (auto: numpy, falling back to calamine, then openpyxl; "
        "stream is deprecated)",
    )
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read")


def row_hint(path: Path) -> int | None:
    """About how many rows ``path`` holds, for the progress bar (``None`` when unknown).

    A CSV file's line count; an .xlsx file's first worksheet's ``<dimension>``.
    Never raises: a file it cannot read is the reader's to report.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_text("姓名\\n甲\\n乙\\n", encoding="utf-8")
    >>> row_hint(p), row_hint(p.with_name("none.xlsx"))
    (3, None)
    """
    try:
        if path.suffix.lower() in (".csv", ".txt", ".tsv"):
            with path.open("rb") as handle:
                return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            if not names:
                return None
            with archive.open(names[0]) as sheet:
                head = sheet.read(4096)
        found = _DIMENSION.search(head)
        return int(found.group(1)) if found else None
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"')


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return isatty is not None and bool(isatty())


def _progress(stream: TextIO, path: Path, lang: Lang = "en") -> Callable[[int], None] | None:
    """A progress line on ``stream`` when it is a terminal; ``None`` (and no work) otherwise."""
    if not _isatty(stream):
        return None
    total = row_hint(path)  # only here: for a CSV it reads the whole file once more

    def show(rows: int) -> None:
        if rows < PROGRESS_FROM:
            return
        if total and rows <= total:
            done = rows * 30 // total
            bar = "#" * done + "." * (30 - done)
            percent = rows * 100 // total
            stream.write(
                say("check.progress", lang, bar=bar, percent=percent, rows=rows, total=total)
            )
        else:
            stream.write(say("check.progress_unknown", lang, rows=rows))
        stream.flush()

    return show


def _run(args: argparse.Namespace, context: Context) -> int:
    # One short job that builds about a million long-lived objects and no
    # garbage cycles: each cyclic collection would walk them all again
    # (about a tenth of the whole time at 100,000 rows).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check(args, context)
    finally:
        if enabled:
            gc.enable()


def _check(args: argparse.Namespace, context: Context) -> int:
    # the first sheet is read in a second process while the pack loads (see read_ahead)
    with read_ahead(Path(args.file), engine=args.engine):
        return _checked(args, context)


def _checked(args: argparse.Namespace, context: Context) -> int:
    # imported here, after the read ahead started: numpy and the rules take a while
    from mutualaid.roster.validation import RosterRules, check_file

    view = context.engine.pack(args.pack)
    rules = RosterRules.from_pack(view, args.plan, tier=args.tier, shares=args.shares, on=args.on)
    if rules.tier_code is None and len(rules.plan.tiers) > 1:
        choices = (
            say("check.tier_choice", context.lang, code=t.code, name=t.name)
            for t in rules.plan.tiers
        )
        tiers = say("list.separator", context.lang).join(choices)
        raise UsageError(say("check.tier_needed", context.lang, plan=rules.plan.code, tiers=tiers))
    path = Path(args.file)
    progress = _progress(context.stderr, path, context.lang)
    try:
        report = check_file(
            path,
            rules,
            declared=args.declared,
            engine=args.engine,
            sheet=args.sheet,
            progress=progress,
        )
    except RosterError as exc:  # the readers wrap every library error on a bad file in one
        raise UsageError(describe_error(exc, context.lang)) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise UsageError(
            say("check.cannot_read", context.lang, name=path.name, reason=reason)
        ) from None
    finally:
        if progress is not None:
            context.stderr.write("\r\033[K")
    written = None
    if args.errors_out and report.summary.rejected:
        from mutualaid.roster.workbook import write_error_workbook  # openpyxl: only when asked

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            written = write_error_workbook(report, args.errors_out)
        for warning in caught:  # e.g. control characters written as U+FFFD: say so
            context.stderr.write(f"mutualaid check: note: {warning.message}\n")
    if args.format == "json":
        indent = args.indent
        if indent is None and _isatty(context.stdout):
            indent = 2
        report.write_json(context.stdout, indent=indent)
        context.stdout.write("\n")
        if written is not None:
            context.stderr.write(
                say("check.errors_written_json", context.lang, path=written) + "\n"
            )
    else:
        asked = bool(args.errors_out)
        context.stdout.write(
            format_text(report, errors_out=written, asked=asked, lang=context.lang)
        )
    return report.exit_code


def format_text(
    report: RosterReport,
    *,
    errors_out: Path | None = None,
    asked: bool = False,
    lang: Lang = "en",
) -> str:
    """The text summary ``mutualaid check`` prints, in ``lang`` (findings in it too, codes unchanged)."""
    plan = report.plan
    rules = report.rules
    lines: list[str] = []
    tier = ""
    if rules.tier_code is not None:
        name = plan.tier(rules.tier_code).name
        tier = say("check.heading_tier", lang, tier=rules.tier_code, tier_name=name)
    files = ", ".join(report.files) or say("check.no_file", lang)
    on = report.on.isoformat()
    lines.append(
        say("check.heading", lang, files=files, pack=report.pack, plan=plan.code,
            plan_name=plan.name, tier=tier, on=on)
    )  # fmt: skip
    lines.append("")
    flagged = 0
    listed: list[str] = []
    for row in report.flagged():
        flagged += 1
        if flagged > SHOWN_ROWS:
            continue
        name, masked = report.name_and_masked_id(row)
        status = say(f"status.{row.status.value}", lang)
        head = f"  {pad(say('check.row', lang, row=row.row), 10)} {pad(status, 15)} {name} {masked}"
        for n, f in enumerate(row.findings):
            listed.append(f"{pad(head if n == 0 else '', 52)} {f.code}: {f.text(lang)}")
    if flagged:
        lines.append(say("check.rows_with_findings", lang, count=flagged))
        lines.extend(listed)
        if flagged > SHOWN_ROWS:
            lines.append(say("check.more_rows", lang, more=flagged - SHOWN_ROWS))
        lines.append("")
    if report.roster_findings:
        lines.append(say("check.roster_findings", lang))
        for f in report.roster_findings:
            where = say("check.at_row", lang, row=f.row) if f.row is not None else ""
            severity = say(f"severity.{f.severity.value}", lang)
            lines.append(f"  {pad(severity, 15)} {f.code}: {f.text(lang)}{where}")
        lines.append("")
    s = report.summary
    lines.append(
        say("check.summary", lang, rows=s.rows, accepted=s.accepted,
            needs_material=s.needs_material, rejected=s.rejected, blank=s.blank)
    )  # fmt: skip
    amount = f"{s.amount_due:,.2f}"
    lines.append(say("check.amount_due", lang, amount=amount, members=s.going_through))
    if s.needs_material:
        lines.append(say("check.materials", lang, count=s.needs_material))
    if errors_out is not None:
        lines.append(say("check.errors_written", lang, path=errors_out))
    elif asked:
        lines.append(say("check.no_rejected", lang))
    if report.blocking:
        lines.append(say("check.result_blocked", lang))
    else:
        lines.append(say("check.result_ok", lang))
    return "\n".join(lines) + "\n"


COMMAND = Command(
    name="check",
    help="check a roster file against a pack's rules for a plan",
    add_arguments=_add_arguments,
    run=_run,
)
