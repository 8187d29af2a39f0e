"""Print the n-th command (1 or 2) of the README's Quick start shell block."""

import re
import sys
from pathlib import Path

text = Path(__file__).resolve().parents[1].joinpath("README.md").read_text(encoding="utf-8")
section = re.search(r"^#+ *Quick start\s*$(.*?)(?=^#+ )", text, re.M | re.S | re.I)
if not section:
    sys.exit("README.md has no Quick start section")
block = re.search(r"```(?:sh|bash|shell|console)\n(.*?)```", section.group(1), re.S)
if not block:
    sys.exit("the Quick start section has no shell code block")
commands = [ln for ln in block.group(1).splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
if len(commands) != 2:
    sys.exit(f"the Quick start block must hold exactly two commands, found {len(commands)}")
print(commands[int(sys.argv[1]) - 1])
