r"""A griffe extension for the API reference: mutualaid's reST-flavoured docstrings as Markdown.

The docstrings are written for readers of the source and for doctest:
``>>>`` examples without fences and Sphinx roles (``:class:`~mutualaid.x.Y```).
Rendered as Markdown, an example's output (``['张三', '李四']``) would read as a
link, and a role as stray colons. Before mkdocstrings renders a docstring,
this extension

* fences every doctest block (from a ``>>>`` line to the next blank line) as
  ``pycon``;
* turns a role into inline code: ``:class:`~a.b.C``` becomes ```C```, and
  ``:func:`a.b.f``` becomes ```a.b.f```.

The docstrings themselves are unchanged (doctest still runs them).

>>> markdown_docstring("See :class:`~mutualaid.rules.RuleEngine`.\n\n>>> 1 + 1\n2").splitlines()
['See `RuleEngine`.', '', '```pycon', '>>> 1 + 1', '2', '```']
"""

from __future__ import annotations

import re
from typing import Any

try:
    import griffe
except ImportError:  # the docs extra is not installed: markdown_docstring alone is usable
    griffe = None

_ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|mod|data|attr|exc|obj|const|ref|term):`(~?)([^`]+)`"
)
_FENCE = re.compile(r"^\s*(```|~~~)")


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2).strip()
    if "<" in target and target.endswith(">"):  # :ref:`text <target>`
        target = target[: target.index("<")].strip()
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def markdown_docstring(text: str) -> str:
    """``text`` with its doctest blocks fenced and its roles as inline code."""
    out: list[str] = []
    in_fence = False
    in_doctest = False
    indent = ""
    for line in text.splitlines():
        if not in_doctest and _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence:
            out.append(line)
            continue
        if in_doctest:
            if line.strip():
                out.append(line)
                continue
            out.append(f"{indent}```")
            in_doctest = False
        if line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            out.append(line)
            in_doctest = True
            continue
        out.append(_ROLE.sub(_role, line))
    if in_doctest:
        out.append(f"{indent}```")
    return "\n".join(out)


if griffe is not None:

    class MarkdownDocstrings(griffe.Extension):
        """Rewrite each docstring with :func:`markdown_docstring` once griffe has loaded it."""

        def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
            if obj.docstring is not None:
                obj.docstring.value = markdown_docstring(obj.docstring.value)
