"""Reading a roster's first sheet in a second process, while this one does other work.

``mutualaid check`` imports its modules, loads the rule pack, parses the
shared strings and reads the worksheet one after the other. On a machine
with two cores, :func:`read_ahead` reads the worksheet at the same time, in
a forked child, and hands it back as arrays (a
:class:`~mutualaid.roster._numpy_xlsx.SheetLayout` pickles in a few
milliseconds). The child reads the whole sheet: the numpy engine then
neither inflates nor parses it. (It can leave the sheet's last rows to this
process instead, which reads them while it waits and joins the two,
:data:`~mutualaid.roster._numpy_xlsx.TAIL_SHARE`; on two cores that was
no faster, since this process has the pack and the shared strings to load
meanwhile.) Threads do not help: the parsing holds the GIL too often.

The child's answer is only a shortcut. It carries a *key* saying what it
read (the part as the zip lists it, the number formats, the limits); the
numpy engine takes it only when its own key is equal, and reads the part
itself otherwise: when the child failed or declined, read another file or
another sheet, or is not there at all. A read ahead never changes an
answer, only when it comes.

Children are forked (POSIX; not on macOS, where forking a process that
loaded system frameworks is unsafe) only when this process runs one Python
thread and has two cores or more, and only inside :func:`read_ahead` (or
:func:`ahead`), which kills and reaps whatever is left when it ends. This
module imports nothing heavy; :func:`read_ahead` imports the reader (and
numpy) before it forks, and nothing else, so a command line starts the
child before it imports the rules. (Forking first and importing the reader
in the child was slower: both processes then imported numpy at once, and
the child's reading started later.)
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from mutualaid.roster._guards import Limits

__all__ = ["ahead", "can_fork", "file_hint", "pending", "read_ahead", "taken"]


class _Child:
    """A forked child computing ``(key, value)``; its answer is read once, when asked for.

    ``hint`` says what it is about (a file), so that :func:`taken` waits only
    for the children that may hold what it asks for.
    """

    def __init__(self, hint: Hashable, job: Callable[[], tuple[Hashable, Any]]) -> None:
        self.hint = hint
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12+ warns when other OS threads run (numpy's BLAS pool): the
            # child only reads a file and runs numpy loops, it takes none of their locks
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            status = 1
            try:
                os.close(read_end)
                try:
                    payload = pickle.dumps((True, job()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # any failure: the parent reads the sheet itself
                    payload = pickle.dumps((False, None))
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid: int | None = pid
        self._pipe: int | None = read_end
        self._answer: tuple[Hashable, Any] | None = None

    def answer(self) -> tuple[Hashable, Any] | None:
        """The child's ``(key, value)``, waiting for it; ``None`` when it failed."""
        if self._pipe is not None:
            with os.fdopen(self._pipe, "rb") as pipe:
                self._pipe = None
                payload = pipe.read()
            self._reap()
            try:
                done, result = pickle.loads(payload)  # our own child wrote it
            except Exception:  # cut short (killed): as if it had failed
                done, result = False, None
            self._answer = result if done else None
        return self._answer

    def holds(self) -> bool:
        """Whether the child runs or its answer is not handed out yet."""
        return self._pipe is not None or self._answer is not None

    def take(self, key: Hashable) -> Any | None:
        """The value, once, if the child computed it under ``key``; else ``None``."""
        answer = self.answer()
        if answer is None or answer[0] != key:
            return None
        self._answer = None
        return answer[1]

    def _reap(self) -> None:
        if self._pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = None

    def stop(self) -> None:
        """Kill the child if it still runs, and reap it."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


_pending: contextvars.ContextVar[tuple[_Child, ...]] = contextvars.ContextVar(
    "mutualaid_read_ahead", default=()
)


def can_fork() -> bool:
    """Whether work can be read ahead here: ``os.fork`` exists and is safe, one Python thread
    runs, and this process may run on two cores or more (``taskset -c 0`` says no)."""
    return (
        hasattr(os, "fork")
        and sys.platform != "darwin"
        and threading.active_count() == 1
        and _cores() > 1
    )


def _cores() -> int:
    """The cores this process may run on (its affinity where the system says, else all)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


@contextlib.contextmanager
def ahead(hint: Hashable, *jobs: Callable[[], tuple[Hashable, Any]]) -> Iterator[None]:
    """Run ``jobs`` in child processes while the block runs; :func:`taken` gets their values.

    Each job returns ``(key, value)``. Where :func:`can_fork` is false, or
    an enclosing block already reads ahead for ``hint``, the jobs are not
    run and the block runs as without them.
    """
    known = any(child.hint == hint for child in _pending.get())
    children = tuple(_Child(hint, job) for job in jobs) if can_fork() and not known else ()
    token = _pending.set(_pending.get() + children)
    try:
        yield
    finally:
        _pending.reset(token)
        for child in children:
            child.stop()


def pending(hint: Hashable) -> bool:
    """Whether a child for ``hint`` runs, or has an answer not handed out yet (no waiting)."""
    return any(child.hint == hint and child.holds() for child in _pending.get())


def taken(hint: Hashable, key: Hashable) -> Any | None:
    """The value a pending job for ``hint`` computed under ``key`` (waiting for it), else ``None``.

    A value is handed out once.
    """
    for child in _pending.get():
        if child.hint == hint:
            value = child.take(key)
            if value is not None:
                return value
    return None


def file_hint(path: str | Path) -> str:
    """What a read ahead of ``path`` is filed under: its real path."""
    return os.path.realpath(path)


def _first_sheet(path: Path, limits: Limits | None) -> tuple[Hashable, Any]:
    """The child's job: the first visible sheet's layout (the reader imported before the fork)."""
    from mutualaid.roster._guards import Limits
    from mutualaid.roster._numpy_xlsx import first_sheet_layout

    return first_sheet_layout(path, Limits() if limits is None else limits)


def read_ahead(
    path: str | Path,
    *,
    engine: Literal["auto", "numpy", "calamine", "openpyxl", "stream"] = "auto",
    limits: Limits | None = None,
) -> contextlib.AbstractContextManager[None]:
    """A block during which the roster's first sheet is read in a second process.

    For a host that has other work before it opens the file (``mutualaid
    check`` imports the rules and loads the pack meanwhile):
    :func:`~mutualaid.roster.readers.open_roster` inside the block, with
    the same ``engine`` and ``limits`` (default: ``Limits()``), gets the
    numpy engine's reading of the first visible sheet from the child instead
    of reading it then. The answer is the same either way (see the module
    doc); the child is stopped when the block ends. Nothing is read ahead
    for a CSV file or another engine.

    >>> import tempfile
    >>> from openpyxl import Workbook
    >>> from mutualaid.roster import open_roster
    >>> book = Workbook()
    >>> book.active.append(["姓名", "证件号码"])
    >>> book.active.append(["张三", "110101199003071234"])
    >>> path = Path(tempfile.mkdtemp()) / "roster.xlsx"
    >>> book.save(path)
    >>> with read_ahead(path), open_roster(path) as source:
    ...     print(source.engine, [row.values["name"] for row in source.rows()])
    numpy ['张三']
    """
    path = Path(path)
    if engine not in ("auto", "numpy") or path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return contextlib.nullcontext()
    # The reader (numpy with it) is imported here, before the fork: the child starts
    # reading at once, and the two processes do not both import it at the same time.
    import mutualaid.roster._numpy_xlsx  # noqa: F401

    return ahead(file_hint(path), functools.partial(_first_sheet, path, limits))
