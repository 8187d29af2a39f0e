"""One rule, one place: no finding code emitted, and no message written, in two modules (issue 8).

The scan reads every module of ``src/mutualaid`` and of the bundled packs
(``rulepacks/*/src``) with :mod:`ast` and collects each *site* that pairs a
finding code with its Chinese message: a call such as
``Finding.error("invoice.title_mismatch", f"发票抬头…")`` (a rule's judgment or a
guard's refusal alike), or a tuple such as a catalogue
entry ``("age.unknown", _E, "缺少出生日期…", …)``. A code at sites in two
modules, or one message text (f-string placeholders as ``{}``) in two modules,
fails: the second copy must call the first (a finding builder such as
``too_many_plans_finding``), not restate it.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

from mutualaid.rules.defaults import RULES

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
HAN = re.compile(r"[\u4e00-\u9fff]")

#: Left out of the scan: none (the roster check's own loop and ``MIRRORED_CODES`` are gone;
#: the roster check and the hooks share one columnar evaluator and one set of messages).
EXCLUDED_MODULES: frozenset[str] = frozenset()

#: Codes the roster layer's catalogue (``roster/findings.py``) restates because the roster
#: check computes them itself (``MIRRORED_CODES``, the declared-count check): the codes the
#: excluded module names, read from it, so the exception shrinks with it (the "columnar"
#: helper's rewrite).
VALIDATION = ROOT / "src" / "mutualaid" / "roster" / "no_longer_mirrors.py"

#: Codes two life-cycle modules emit (the "service" helper's modules, not this change's):
#: a missing pack in the context, and the registration certificate. Each is one condition
#: worded per machine; the lead decides at merge whether they get one builder.
KNOWN_LIFECYCLE_CODES = frozenset({"context.rules_required", "unit.certificate_missing"})


def _mirrored_codes() -> frozenset[str]:
    if not VALIDATION.exists():
        return frozenset()
    return frozenset(
        node.value
        for node in ast.walk(ast.parse(VALIDATION.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value)
    )


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def sites(source: str) -> Iterator[tuple[str, str, int]]:
    """``(code, message, line)`` for each call or tuple pairing a code with a Chinese message."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            items = list(node.args)
        elif isinstance(node, ast.Tuple):
            items = list(node.elts)
        else:
            continue
        texts = [t for t in map(_text, items) if t is not None]
        codes = [t for t in texts if CODE.match(t)]
        messages = [t for t in texts if HAN.search(t)]
        if codes and messages:
            yield codes[0], messages[0], node.lineno


def _modules() -> list[Path]:
    found = [
        *(ROOT / "src" / "mutualaid").rglob("*.py"),
        *(ROOT / "rulepacks").glob("*/src/**/*.py"),
    ]
    return sorted(p for p in found if str(p.relative_to(ROOT)) not in EXCLUDED_MODULES)


@functools.cache
def _collect() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    mirrored = _mirrored_codes()
    codes: dict[str, set[str]] = {}
    messages: dict[str, set[str]] = {}
    for path in _modules():
        where = str(path.relative_to(ROOT))
        for code, message, _ in sites(path.read_text(encoding="utf-8")):
            if where == "src/mutualaid/roster/findings.py" and code in mirrored:
                continue
            codes.setdefault(code, set()).add(where)
            messages.setdefault(message, set()).add(where)
    return codes, messages


def test_no_finding_code_is_emitted_by_two_modules() -> None:
    codes, _ = _collect()
    twice = {
        code: sorted(where)
        for code, where in codes.items()
        if len(where) > 1 and code not in KNOWN_LIFECYCLE_CODES
    }
    assert twice == {}


def test_no_message_is_written_in_two_modules() -> None:
    _, messages = _collect()
    twice = {text: sorted(where) for text, where in messages.items() if len(where) > 1}
    assert twice == {}


def test_each_default_code_belongs_to_one_rule() -> None:
    owner: dict[str, str] = {}
    for name, rule in RULES.items():
        for code in rule.codes:
            assert code not in owner, f"{code}: emitted by {owner[code]} and {name}"
            owner[code] = name


def test_the_scan_finds_what_it_should() -> None:
    """A guard on the scan itself."""
    source = 'Finding.error("a.b", f"年龄{age}周岁")\nx = ("c.d", 1, "消息")\nf("e.f", "english")'
    assert [(c, m) for c, m, _ in sites(source)] == [("a.b", "年龄{}周岁"), ("c.d", "消息")]
    codes, _ = _collect()
    assert codes["invoice.title_mismatch"] == {"src/mutualaid/rules/defaults/invoicing.py"}
    assert "roster.plan_mismatch" in codes
