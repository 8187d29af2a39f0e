"""Every finding code the library emits is documented in docs/findings.md, with its severity."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from mutualaid.roster.findings import CATALOGUE
from mutualaid.rules.findings import CODE_PATTERN, CODES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "findings.md"
_MAKERS = {"error", "warning", "needs_material", "make", "Finding"}


def emitted_codes() -> dict[str, str]:
    """Code -> the first source file that emits it (a string literal as first argument of a finding maker)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "src").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if (
                name in _MAKERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and CODE_PATTERN.match(first.value)
            ):
                found.setdefault(first.value, str(path.relative_to(ROOT)))
    for code in (*CATALOGUE, *CODES):
        found.setdefault(code, "catalogue")
    return found


def documented() -> dict[str, str]:
    """Code -> severity, from the doc's headings: ### `code` (severity)."""
    text = DOC.read_text(encoding="utf-8")
    return dict(re.findall(r"^### `([a-z0-9_.]+)` \(([a-z_]+)\)", text, flags=re.M))


def test_every_emitted_code_is_documented() -> None:
    missing = {c: where for c, where in emitted_codes().items() if c not in documented()}
    assert not missing, f"document these codes in docs/findings.md: {missing}"


def test_documented_severities_match_the_roster_catalogue() -> None:
    docs = documented()
    for code, info in CATALOGUE.items():
        assert docs[code] == info.severity.value, code


def test_the_scanner_finds_codes_in_calls() -> None:
    codes = emitted_codes()
    assert codes["id.checksum"] == "catalogue" or codes["id.checksum"].endswith(".py")
    assert "age.over_retirement" in codes and "invoice.title_mismatch" in codes
