"""docs/host-guide.md keeps its promise: registration to an endorsement in under 60 lines of host code.

The walk itself runs as a doctest (pytest collects docs/*.md); this counts it.
"""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "host-guide.md"


def host_code_lines() -> list[str]:
    """The doctest's source lines (``>>>`` and ``...``) of the guide's walk."""
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    return [
        line for block in blocks for line in block.splitlines() if line.startswith((">>> ", "... "))
    ]


def test_the_walk_is_under_sixty_lines_and_uses_the_service() -> None:
    lines = host_code_lines()
    assert 0 < len(lines) < 60, len(lines)
    code = "\n".join(lines)
    for call in ("svc.register", "svc.submit", "svc.confirm_payment", "svc.endorse",
                 "svc.pending_events", "svc.acknowledge"):  # fmt: skip
        assert call in code, call
    assert "Journal" not in code and "context=" not in code  # no glue, no facts by hand
