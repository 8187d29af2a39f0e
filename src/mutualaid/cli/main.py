"""The ``mutualaid`` console script: argument parsing and the command registry.

A command is one module exposing ``COMMAND``, a :class:`Command` (its name,
one line of help, a function adding its arguments and a function running
it). :data:`REGISTRY` lists the modules; adding a command is one module plus
one line here. Commands get a :class:`Context` giving the rule engine (built
from the installed packs on first use) and the output streams.

Exit codes: 0 success, 1 the command failed (e.g. a pack cannot load), 2 a
usage error (bad option, bad date, unknown pack or plan).

>>> main(["--version"])  # doctest: +ELLIPSIS
mutualaid ...
0
>>> main(["packs", "--on", "2026-13-01"])
2

Since 0.1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TextIO

import attrs

import mutualaid
from mutualaid.errors import MutualAidError, UnknownPack, UnknownPlan
from mutualaid.rules.engine import RuleEngine

__all__ = ["REGISTRY", "Command", "Context", "UsageError", "build_parser", "iso_date", "main"]

#: The modules that define commands, in the order ``--help`` lists them.
REGISTRY: tuple[str, ...] = ("mutualaid.cli.packs", "mutualaid.cli.check", "mutualaid.cli.template")


class UsageError(Exception):
    """Bad command-line usage: printed with the usage line, exit status 2."""


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports instead of calling ``sys.exit`` (so ``main`` can be called in-process)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: error: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def _installed_engine() -> RuleEngine:
    return RuleEngine.from_entry_points()


@attrs.define
class Context:
    """What a command may use: the engine (built lazily) and the output streams."""

    stdout: TextIO
    stderr: TextIO
    engine_factory: Callable[[], RuleEngine] = _installed_engine
    _engine: RuleEngine | None = None

    @property
    def engine(self) -> RuleEngine:
        """The rule engine with the installed packs."""
        if self._engine is None:
            self._engine = self.engine_factory()
        return self._engine


@attrs.frozen
class Command:
    """One subcommand.

    :param name: the word typed after ``mutualaid``.
    :param help: one line for ``mutualaid --help``.
    :param add_arguments: adds the command's options to its parser.
    :param run: runs it; returns the exit status.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Context], int]


def iso_date(text: str) -> date:
    """An argparse type for ``YYYY-MM-DD`` dates.

    >>> iso_date("2026-06-30")
    datetime.date(2026, 6, 30)
    """
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _commands() -> list[Command]:
    commands: list[Command] = []
    for module in REGISTRY:
        command = importlib.import_module(module).COMMAND
        assert isinstance(command, Command), f"{module}.COMMAND is not a Command"
        commands.append(command)
    return commands


def build_parser(commands: Sequence[Command] | None = None) -> argparse.ArgumentParser:
    """The parser with every registered command."""
    parser = _Parser(
        prog="mutualaid", description="Workers' mutual-aid insurance (职工互助保障) tools."
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in commands if commands is not None else _commands():
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(child)
        child.set_defaults(_run=command.run)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    engine: RuleEngine | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the ``mutualaid`` command line; return the exit status.

    :param argv: the arguments (default ``sys.argv[1:]``).
    :param engine: a rule engine to use instead of the installed packs (tests, hosts).
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        err.write(parser.format_usage())
        err.write(f"{exc}\n")
        return 2
    except _Exit as exc:
        return exc.status
    if args.version:
        out.write(f"mutualaid {mutualaid.__version__}\n")
        return 0
    if args.command is None:
        err.write(parser.format_usage())
        err.write("mutualaid: error: choose a command (see mutualaid --help)\n")
        return 2
    context = Context(out, err)
    if engine is not None:
        context = Context(out, err, lambda: engine)
    try:
        status: int = args._run(args, context)
    except (UnknownPack, UnknownPlan) as exc:
        err.write(f"mutualaid {args.command}: error: {exc}\n")
        return 2
    except UsageError as exc:
        err.write(f"mutualaid {args.command}: error: {exc}\n")
        return 2
    except MutualAidError as exc:
        err.write(f"mutualaid {args.command}: {type(exc).__name__}: {exc}\n")
        return 1
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
