"""Run ``mutualaid check`` on files in this process and report as JSON (for the hostile tests).

``python run_check.py ENGINES FILE...`` runs the command for every file with
every engine (comma-separated), text and JSON output, and prints one JSON
object: per run the exit status, whether an internal error or an exception
outside the library's error tree escaped, the report's counts, and the text
printed; then the process's peak resident memory (``ru_maxrss``). A run that
kills the process (an abort) shows as the subprocess's signal in the caller.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import traceback

from mutualaid.cli.main import main
from mutualaid.errors import MutualAidError

_ARGS = ("--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60", "--on", "2026-01-01")


def peak_bytes() -> int:
    """This process's peak resident memory since it started its program.

    ``ru_maxrss`` also counts the parent's memory copied by ``fork`` before
    ``exec`` (a large pytest process); Linux's ``VmHWM`` is the program's own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run(path: str, engine: str, formats: tuple[str, ...] = ("json", "text")) -> dict[str, object]:
    """``mutualaid check`` on one file with one engine, in each output format."""
    result: dict[str, object] = {"file": path, "engine": engine, "status_text": 0}
    texts = []
    for fmt in formats:
        out, err = io.StringIO(), io.StringIO()
        try:
            status = main(
                ["check", path, *_ARGS, "--engine", engine, "--format", fmt], stdout=out, stderr=err
            )
        except MutualAidError:
            status, result["escaped"] = -100, traceback.format_exc()
        except Exception:  # outside the error tree: a bug
            status, result["outside_tree"] = -101, traceback.format_exc()
        texts.append(out.getvalue() + err.getvalue())
        result[f"status_{fmt}"] = status
        result["internal"] = bool(result.get("internal")) or "internal error" in err.getvalue()
        if fmt == "json" and status in (0, 1) and out.getvalue().strip().startswith("{"):
            report = json.loads(out.getvalue())
            result["summary"] = report.get("summary")
    result["text"] = "\n".join(texts)
    return result


if __name__ == "__main__":
    engines = sys.argv[1].split(",")
    runs = [run(path, engine) for path in sys.argv[2:] for engine in engines]
    peak = peak_bytes()
    print(json.dumps({"runs": runs, "peak_bytes": peak}))
