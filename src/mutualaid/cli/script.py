"""The ``mutualaid`` console script: :func:`run`.

It imports next to nothing before it starts: when the command line is
``mutualaid check`` on one .xlsx file, it imports the reader (and numpy),
and the file's first sheet starts being read in a second process
(:func:`mutualaid.roster.ahead.read_ahead`) while this one imports the
command's other modules and loads the rule pack. The guess
at the file is only a head start: ``mutualaid check`` takes the child's
reading only for the file and sheet it reads, with the same engine and
limits, and reads them itself otherwise.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["roster_argument", "run"]

_ROSTER_SUFFIXES = (".xlsx", ".xlsm")


def roster_argument(argv: Sequence[str]) -> str | None:
    """The roster file of a ``check`` command line, when one argument plainly names one.

    >>> roster_argument(["check", "r.xlsx", "--pack", "yiyang"]) is None  # no such file
    True
    >>> roster_argument(["packs"]) is None
    True
    """
    if "check" not in argv:
        return None
    for at, argument in enumerate(argv):
        if argument.startswith("--engine"):
            chosen = argument.partition("=")[2] or (argv[at + 1] if at + 1 < len(argv) else "")
            if chosen not in ("auto", "numpy"):
                return None
    found = [a for a in argv if a.lower().endswith(_ROSTER_SUFFIXES) and os.path.isfile(a)]
    return found[0] if len(found) == 1 else None


def run() -> NoReturn:
    """Run :func:`mutualaid.cli.main.main` on the command line; exit at once with its status.

    The process ends without tearing the interpreter down: a check of
    100,000 rows leaves about a million objects, and freeing them one by one
    at exit took a tenth of the command's time. Standard output and error
    are flushed first (and logging shut down, if it was used), so nothing
    written is lost; an exception escaping :func:`~mutualaid.cli.main.main`
    (a bug) ends the process the usual way, with its traceback.
    """
    path = roster_argument(sys.argv[1:])
    if path is not None:
        from mutualaid.roster.ahead import read_ahead

        reading: contextlib.AbstractContextManager[None] = read_ahead(path)
    else:
        reading = contextlib.nullcontext()
    with reading:  # the child (if still running) is stopped before the exit below
        from mutualaid.cli.main import closed_early, main

        status = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        status = closed_early(sys.stdout)
    except (OSError, ValueError):  # a closed or replaced stream: nothing more to write
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    os._exit(status)
