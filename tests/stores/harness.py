"""A child-process harness for crash and concurrency tests of the stores.

A test starts child processes that open the same store (a
:class:`~stores.backends.StoreSpec`) and run a *workload*, a function
``workload(store, args, channel)`` named ``"module:function"`` (any module on
the tests' path: the service tests pass their own). The child says ``ready``
once the store is open; the test may then kill it (SIGKILL) at a random
moment, or talk to it line by line through its :class:`Channel` (``say`` to
the test, ``wait`` for the test's word), to make two children act at once.

Run as ``python -m stores.harness SPEC WORKLOAD ARGS`` (JSON, module:function, JSON)
with the tests folder on ``PYTHONPATH``; :func:`spawn` does that.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from stores.backends import StoreSpec

TESTS = Path(__file__).resolve().parents[1]

Workload = Callable[[Any, dict[str, Any], "Channel"], None]


class Channel:
    """The child's side: lines to the test on stdout, lines from it on stdin."""

    def __init__(self, out: IO[str], into: IO[str]) -> None:
        self._out = out
        self._in = into

    def say(self, *words: object) -> None:
        self._out.write(" ".join(str(w) for w in words) + "\n")
        self._out.flush()

    def wait(self, word: str) -> str:
        line = self._in.readline().strip()
        if not line.startswith(word):
            raise SystemExit(f"expected {word!r} from the test, got {line!r}")
        return line


class Child:
    """The test's side of one child process."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def read(self, timeout: float = 60.0) -> str:
        """The child's next line (fails the test when the child dies or is silent)."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            assert self.process.stderr is not None
            raise AssertionError(
                f"child exited {self.process.returncode}: {self.process.stderr.read()[-3000:]}"
            )
        return line.strip()

    def expect(self, word: str, timeout: float = 60.0) -> str:
        line = self.read(timeout)
        assert line.startswith(word), f"expected {word!r}, the child said {line!r}"
        return line

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        """SIGKILL: no cleanup, no commit, no rollback in the child."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._close()

    def finish(self, timeout: float = 120.0) -> int:
        """Close its input, wait for it to exit; its exit status."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        code = self.process.wait(timeout=timeout)
        if code != 0:
            assert self.process.stderr is not None
            raise AssertionError(f"child exited {code}: {self.process.stderr.read()[-3000:]}")
        self._close()
        return code

    def _close(self) -> None:
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None and not stream.closed:
                stream.close()


def spawn(spec: StoreSpec, workload: str, args: dict[str, Any]) -> Child:
    """Start a child running ``workload`` on the store of ``spec``; it says ``ready`` first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS), env.get("PYTHONPATH", "")) if p)
    process = subprocess.Popen(
        [sys.executable, "-m", "stores.harness", spec.to_json(), workload, json.dumps(args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=TESTS,
    )
    return Child(process)


def _load(ref: str) -> Workload:
    module, _, name = ref.partition(":")
    found: Workload = getattr(importlib.import_module(module), name)
    return found


def main(argv: list[str]) -> None:
    spec = StoreSpec.from_json(argv[0])
    workload = _load(argv[1])
    args = json.loads(argv[2])
    store = spec.open()
    channel = Channel(sys.stdout, sys.stdin)
    channel.say("ready")
    workload(store, args, channel)
    channel.say("done")


if __name__ == "__main__":
    main(sys.argv[1:])
