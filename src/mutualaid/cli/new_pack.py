"""``mutualaid new-pack``: write a complete rule-pack project that passes the conformance suite.

::

    mutualaid new-pack NAME [--region REGION] [--title TITLE] [--year YEAR] [--dir FOLDER]

writes ``FOLDER/mutualaid-pack-NAME/`` (default folder: the current one):

* ``pyproject.toml``: the hatchling build system (so the wheel holds the
  package's ``data/*.json``), the ``mutualaid.rulepacks`` entry point, a
  ``test`` extra and pytest's settings;
* ``src/mutualaid_pack_NAME/``: the pack (``__init__.py`` with one example
  hook), ``py.typed`` and ``data/rules.json`` and ``data/plans-YEAR.json``,
  valid against the core's pack-data schema, every placeholder value marked
  ``illustrative``;
* ``scenarios/enrolment.toml``: scenario cases as data;
* ``tests/``: the conformance suite (:class:`~mutualaid.testing.PackConformance`)
  and tests of the pack's own rule;
* ``README.md``.

The templates are package data (``mutualaid/cli/pack_template/*.tmpl``,
:class:`string.Template` with ``$name``, ``$module``...). An existing folder
is never overwritten.

>>> import io, tempfile
>>> from pathlib import Path
>>> from mutualaid.cli.main import main
>>> folder = Path(tempfile.mkdtemp())
>>> main(["new-pack", "demo-town", "--year", "2026", "--dir", str(folder)], stdout=io.StringIO())
0
>>> sorted(p.relative_to(folder / "mutualaid-pack-demo-town").as_posix()
...        for p in (folder / "mutualaid-pack-demo-town").rglob("*") if p.is_file())
...  # doctest: +NORMALIZE_WHITESPACE
['README.md', 'pyproject.toml', 'scenarios/enrolment.toml',
 'src/mutualaid_pack_demo_town/__init__.py', 'src/mutualaid_pack_demo_town/data/plans-2026.json',
 'src/mutualaid_pack_demo_town/data/rules.json', 'src/mutualaid_pack_demo_town/py.typed',
 'tests/test_conformance.py', 'tests/test_rules.py']
>>> main(["new-pack", "Demo Town"], stderr=io.StringIO())
2

Since 0.1.
"""

from __future__ import annotations

import argparse
import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

import attrs

import mutualaid
from mutualaid.cli.main import Command, Context, UsageError
from mutualaid.messages import say

__all__ = ["COMMAND", "PackProject", "render", "write_project"]

_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@attrs.frozen
class PackProject:
    """What the templates are filled with.

    :param name: the pack's name (and entry point): lowercase words joined by dashes.
    :param region: the region it serves (default: the name).
    :param title: the Chinese title shown to users (default: the name).
    :param year: the year of the first plan's coverage.
    """

    name: str
    region: str
    title: str
    year: int

    @property
    def module(self) -> str:
        """The import package, ``mutualaid_pack_<name with underscores>``."""
        return "mutualaid_pack_" + self.name.replace("-", "_")

    @property
    def distribution(self) -> str:
        """The distribution name, ``mutualaid-pack-<name>``."""
        return f"mutualaid-pack-{self.name}"

    def values(self) -> dict[str, str]:
        """The template variables."""
        major, minor = (int(p) for p in mutualaid.__version__.split(".")[:2])
        family = f"{self.name.upper()}-HOSP"
        return {
            "name": self.name,
            "namespace": self.name.replace("-", "_"),
            "module": self.module,
            "dist": self.distribution,
            "region": self.region,
            "title": self.title,
            "year": str(self.year),
            "core": f">={major}.{minor},<{major}.{minor + 1}",
            "family": family,
            "plan": f"{family}-{self.year}",
            "start": f"{self.year}-01-01",
            "end": f"{self.year}-12-31",
            "day": f"{self.year}-03-01",
            "day_call": f"date({self.year}, 3, 1)",
        }


def _templates() -> Traversable:
    return resources.files("mutualaid.cli").joinpath("pack_template")


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.is_dir():
            found += _walk(item, f"{prefix}{item.name}/")
        elif item.name.endswith(".tmpl"):
            found.append((f"{prefix}{item.name.removesuffix('.tmpl')}", item))
    return found


def render(project: PackProject) -> dict[str, str]:
    """The project's files, by path relative to its folder, with their text."""
    values = project.values()
    files: dict[str, str] = {}
    for relative, template in _walk(_templates()):
        target = relative
        if relative.startswith("src/"):
            target = f"src/{project.module}/{relative.removeprefix('src/')}"
        if relative == "src/data/plans.json":
            target = f"src/{project.module}/data/plans-{project.year}.json"
        files[target] = Template(template.read_text(encoding="utf-8")).substitute(values)
    files[f"src/{project.module}/py.typed"] = ""
    return files


def write_project(project: PackProject, folder: Path) -> Path:
    """Write the project into ``folder/mutualaid-pack-<name>``; return that path.

    :raises UsageError: the target exists.
    """
    root = folder / project.distribution
    if root.exists():
        raise UsageError(f"{root} exists; choose another --dir or remove it")
    for relative, text in render(project).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the pack's name: lowercase words joined by -")
    parser.add_argument("--region", help="the region it serves (default: NAME)")
    parser.add_argument("--title", help="the Chinese title shown to users (default: NAME)")
    parser.add_argument(
        "--year", type=int, default=2026, help="the first plan's coverage year (default: 2026)"
    )
    parser.add_argument(
        "--dir", type=Path, default=Path("."), help="where to write the project (default: .)"
    )


def _run(args: argparse.Namespace, context: Context) -> int:
    name = str(args.name)
    if not _NAME.match(name):
        raise UsageError(say("new_pack.bad_name", context.lang, name=name))
    if not 2000 <= args.year <= 2099:
        raise UsageError(say("new_pack.bad_year", context.lang, year=args.year))
    project = PackProject(name, args.region or name, args.title or name, args.year)
    root = write_project(project, args.dir)
    context.stdout.write(say("new_pack.wrote", context.lang, root=root))
    return 0


#: The ``new-pack`` command.
COMMAND = Command(
    name="new-pack",
    help="write a new rule pack project with data, scenarios and tests",
    add_arguments=_add_arguments,
    run=_run,
)
