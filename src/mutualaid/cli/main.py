"""The ``mutualaid`` console script: argument parsing and the command registry.

A command is one module exposing ``COMMAND``, a :class:`Command` (its name,
one line of help, a function adding its arguments and a function running
it). :data:`COMMANDS` lists them by name, help line and module; adding a
command is one module plus one line here. Only the chosen command's module is
imported (``mutualaid check`` never loads openpyxl's writer or the life
cycle; ``mutualaid --help`` lists the commands from :data:`COMMANDS` alone).
Commands get a :class:`Context` giving the rule engine (built from the
installed packs on first use) and the output streams.

Exit codes: 0 success, 1 the command failed (e.g. a pack cannot load), 2 a
usage error (bad option, bad date, unknown pack or plan), 141 standard output
was closed before everything was written (``mutualaid check ... | head -1``:
the reader has what it wanted; nothing is printed, as a shell tool killed by
SIGPIPE prints nothing, and 141 is the status such a tool has, 128 + 13).
Any other exception is a bug in mutualaid: :data:`INTERNAL_ERROR` is written
to standard error and the exception propagates, so the console shows its
traceback (exit 1).

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
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO, cast

import attrs

import mutualaid
from mutualaid.cli.lang import add_lang_option, describe_error, lang_of
from mutualaid.errors import MutualAidError, UnknownPack, UnknownPlan
from mutualaid.messages import Lang, say
from mutualaid.messages.lines import LINES

if TYPE_CHECKING:
    from mutualaid.rules.engine import RuleEngine

__all__ = [
    "COMMANDS",
    "INTERNAL_ERROR",
    "REGISTRY",
    "Command",
    "Context",
    "Listed",
    "UsageError",
    "build_parser",
    "closed_early",
    "iso_date",
    "main",
]


@attrs.frozen
class Listed:
    """A command as ``--help`` lists it, before its module is imported.

    :param name: the word typed after ``mutualaid`` (its ``COMMAND.name``).
    :param help: its one line of help (its ``COMMAND.help``).
    :param module: the module defining ``COMMAND``.
    """

    name: str
    help: str
    module: str


#: The commands, in the order ``--help`` lists them (a test holds each to its module's COMMAND).
COMMANDS: tuple[Listed, ...] = tuple(
    Listed(name, LINES[f"help.command.{name}"][1], module)
    for name, module in (
        ("packs", "mutualaid.cli.packs"),
        ("check", "mutualaid.cli.check"),
        ("template", "mutualaid.cli.template"),
        ("new-pack", "mutualaid.cli.new_pack"),
    )
)

#: argparse's own usage errors, as patterns, and the line of :data:`LINES` saying each.
_USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (
            r"argument (?P<argument>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$",
            "usage.invalid_choice",
        ),
        (r"the following arguments are required: (?P<names>.+)$", "usage.required"),
        (r"unrecognized arguments: (?P<names>.+)$", "usage.unrecognized"),
        (r"argument (?P<argument>.+?): expected one argument$", "usage.expected_one"),
        (
            r"argument (?P<argument>.+?): not a date \(YYYY-MM-DD\): (?P<value>.+)$",
            "usage.not_a_date",
        ),
        (r"argument (?P<argument>.+?): invalid \S+ value: (?P<value>.+)$", "usage.invalid_value"),
    )
)


def usage_message(message: str, lang: Lang) -> str:
    """argparse's usage error ``message`` in ``lang`` (English: as argparse wrote it).

    >>> usage_message("the following arguments are required: FILE, --pack", "zh")
    '缺少必填参数：FILE, --pack'
    """
    if lang == "en":
        return message
    for pattern, key in _USAGE_ERRORS:
        found = pattern.match(message)
        if found:
            return say(key, lang, **found.groupdict())
    return say("usage.other", lang, message=message)


#: Written to standard error (``{command}`` filled in) before the traceback of
#: an exception that is not a :class:`~mutualaid.errors.MutualAidError`.
INTERNAL_ERROR = LINES["main.internal_error"][1]

#: The modules that define commands, in the order ``--help`` lists them.
REGISTRY: tuple[str, ...] = tuple(listed.module for listed in COMMANDS)


class UsageError(Exception):
    """Bad command-line usage: printed with the usage line, exit status 2."""


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports instead of calling ``sys.exit`` (so ``main`` can be called in-process).

    Its help, usage line and usage errors are in ``lang`` (the titles, the
    ``-h`` line and argparse's own error messages included).
    """

    def __init__(self, *args: Any, lang: Lang = "en", **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.lang: Lang = lang
        self._positionals.title = say("help.positionals", lang)
        self._optionals.title = say("help.options", lang)
        self.add_argument("-h", "--help", action="help", help=say("help.help", lang))

    def _localized(self, text: str) -> str:
        prefix = "usage: "
        if text.startswith(prefix):
            return say("help.usage", self.lang) + text[len(prefix) :]
        return text

    def format_usage(self) -> str:
        return self._localized(super().format_usage())

    def format_help(self) -> str:
        return self._localized(super().format_help())

    def error(self, message: str) -> None:  # type: ignore[override]
        text = usage_message(message, self.lang)
        raise UsageError(say("main.error", self.lang, prog=self.prog, message=text))

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def _installed_engine() -> RuleEngine:
    from mutualaid.rules.engine import (
        RuleEngine,
    )  # the rules (and numpy): only for a command that asks

    return RuleEngine.from_entry_points()


def _engine_for(names: Sequence[str] | None) -> Callable[[], RuleEngine]:
    """The installed packs, only ``names`` (and their bases) when a command names its packs."""
    if not names:
        return _installed_engine

    def installed() -> RuleEngine:
        from mutualaid.rules.engine import RuleEngine

        return RuleEngine.from_entry_points(names=names)

    return installed


@attrs.define
class Context:
    """What a command may use: the engine (built lazily) and the output streams.

    A pack that cannot load is left out of the engine and reported once on
    ``stderr``, by name (the other packs keep working).
    """

    stdout: TextIO
    stderr: TextIO
    engine_factory: Callable[[], RuleEngine] = _installed_engine
    _engine: RuleEngine | None = None
    #: The language of the output (``--lang``, else the locale's).
    lang: Lang = "en"

    @property
    def engine(self) -> RuleEngine:
        """The rule engine with the installed packs."""
        if self._engine is None:
            self._engine = self.engine_factory()
            for name, error in getattr(self._engine, "load_failures", {}).items():
                kind = type(error).__name__
                line = say("main.pack_left_out", self.lang, name=name, kind=kind, error=error)
                self.stderr.write(line + "\n")
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


def _command(listed: Listed) -> Command:
    """Import the module of a listed command and return its ``COMMAND``.

    Checked by qualified name as well as by class: when this module runs as
    ``__main__`` it is imported a second time by the command modules, whose
    ``Command`` is then the second copy's.
    """
    command = importlib.import_module(listed.module).COMMAND
    kind = type(command)
    if not (
        isinstance(command, Command)
        or (kind.__module__, kind.__qualname__) == ("mutualaid.cli.main", "Command")
    ):
        raise TypeError(f"{listed.module}.COMMAND is not a Command")
    return cast(Command, command)


def _chosen(argv: Sequence[str]) -> str | None:
    """The command word of ``argv``: its first argument that is not an option (nor ``--lang``'s value).

    >>> _chosen(["--lang", "zh", "check", "x.csv"]), _chosen(["--version"])
    ('check', None)
    """
    after_lang = (n + 1 for n, arg in enumerate(argv) if arg == "--lang")
    skipped = set(after_lang)
    words = (arg for n, arg in enumerate(argv) if not arg.startswith("-") and n not in skipped)
    return next(words, None)


def build_parser(
    commands: Sequence[Command] | None = None,
    *,
    load: Sequence[str] | None = None,
    lang: Lang = "en",
) -> argparse.ArgumentParser:
    """The parser with every registered command.

    :param commands: the commands (default: those of :data:`COMMANDS`).
    :param load: with the default commands, the names of those whose modules are
        imported to add their options (default: all); the others are listed
        with their help line only.
    :param lang: the language of the help and the usage errors.

    >>> parser = build_parser(load=())
    >>> "check a roster file" in parser.format_help()
    True
    """
    parser = _Parser(prog="mutualaid", description=say("help.description", lang), lang=lang)
    parser.add_argument("--version", action="store_true", help=say("help.version", lang))
    add_lang_option(parser, lang)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if commands is None:
        commands = [
            _command(listed) if load is None or listed.name in load else _stub(listed)
            for listed in COMMANDS
        ]
    for command in commands:
        key = f"help.command.{command.name}"
        line = say(key, lang) if key in LINES else command.help
        child = sub.add_parser(command.name, help=line, description=line, lang=lang)
        command.add_arguments(child)
        add_lang_option(child, lang)
        child.set_defaults(_run=command.run)
    return parser


def _stub(listed: Listed) -> Command:
    """A listed command whose module is not imported (never run: only the chosen one is)."""

    def run(_args: argparse.Namespace, _context: Context) -> int:  # pragma: no cover
        raise AssertionError(f"{listed.name} was not loaded")

    return Command(listed.name, listed.help, lambda _parser: None, run)


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
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = lang_of(arguments)
    chosen = _chosen(arguments)
    parser = build_parser(load=[chosen] if chosen is not None else (), lang=lang)
    try:
        args = parser.parse_args(arguments)
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
        err.write(say("main.choose_command", lang) + "\n")
        return 2
    asked = getattr(args, "pack", None)
    context = Context(out, err, _engine_for([asked] if isinstance(asked, str) else asked))
    if engine is not None:
        context = Context(out, err, lambda: engine)

    context.lang = lang = args.lang or lang
    prog = f"mutualaid {args.command}"
    try:
        status: int = args._run(args, context)
        out.flush()
    except BrokenPipeError:
        return closed_early(out)
    except (UnknownPack, UnknownPlan) as exc:
        err.write(say("main.error", lang, prog=prog, message=describe_error(exc, lang)) + "\n")
        return 2
    except UsageError as exc:
        err.write(say("main.error", lang, prog=prog, message=exc) + "\n")
        return 2
    except MutualAidError as exc:
        message = describe_error(exc, lang)
        kind = type(exc).__name__
        line = say("main.failed", lang, prog=prog, kind=kind, message=message)
        err.write(
            (line if lang == "en" else say("main.error", lang, prog=prog, message=message)) + "\n"
        )
        return 1
    except Exception:  # a bug of ours: say so, and let the traceback through
        err.write(say("main.internal_error", lang, command=args.command))
        raise
    return status


#: The exit status when standard output is closed early: 128 + SIGPIPE, as a shell tool.
BROKEN_PIPE = 141


def closed_early(out: TextIO) -> int:
    """Standard output's reader went away (``| head``): stop quietly.

    The standard way (Python's documentation, "Note on SIGPIPE"): point the
    process's standard output at ``os.devnull``, so that the flush at exit
    does not raise again, and exit without a traceback.
    """
    if out is sys.stdout or out is sys.__stdout__:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, out.fileno())
        except (OSError, ValueError):  # no file descriptor (a replaced stream)
            pass
    return BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover - ``python -m mutualaid.cli.main``
    # Run the imported copy of this module, not this ``__main__`` one: the
    # commands raise and take its classes (UsageError, Context, Command).
    from mutualaid.cli.script import run

    run()
