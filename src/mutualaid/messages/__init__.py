"""Output in the user's language: every finding's English beside its Chinese, and the CLI's lines.

A :class:`~mutualaid.rules.findings.Finding`'s ``message`` is Chinese (what
hosts show a unit's handler); :meth:`Finding.text(lang)
<mutualaid.rules.findings.Finding.text>` gives it in Chinese (``"zh"``) or
English (``"en"``), the English found by code in
:data:`~mutualaid.messages.english.FINDINGS` and filled from the finding's
params. The command line's own lines are in :data:`~mutualaid.messages.lines.LINES`.

* :mod:`mutualaid.messages.english`: a finding code's English, one line per code;
* :mod:`mutualaid.messages.lines`: the command line's lines and error summaries, both languages;
* :mod:`mutualaid.messages.language`: ``zh`` / ``en`` and the locale's choice;
* :mod:`mutualaid.messages.render`: filling them.

Layer 1: imports nothing from the rest of the package.

>>> from mutualaid.messages import finding_text, language_from_environ
>>> finding_text("roster.empty", "名单中没有职工", {}, language_from_environ({"LANG": "en_GB"}))
'The roster has no members'

Since 0.1.
"""

from __future__ import annotations

from mutualaid.messages.language import LANGUAGES, Lang, check_lang, language_from_environ
from mutualaid.messages.render import english_value, error_summary, finding_text, say

__all__ = [
    "LANGUAGES",
    "Lang",
    "check_lang",
    "english_value",
    "error_summary",
    "finding_text",
    "language_from_environ",
    "say",
]
