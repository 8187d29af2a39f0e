"""``python -m mutualaid.cli``: the ``mutualaid`` console script, for when it is not on PATH.

It runs :func:`mutualaid.cli.script.run`: :func:`~mutualaid.cli.main.main`
with the command line's arguments, then exits with its status.

>>> import subprocess, sys
>>> done = subprocess.run([sys.executable, "-m", "mutualaid.cli", "--version"],
...                       capture_output=True, text=True, check=True)
>>> done.stdout.startswith("mutualaid ")
True
"""

from __future__ import annotations

from mutualaid.cli.script import run

__all__: list[str] = []

if __name__ == "__main__":
    run()
