"""The two languages of the output, and which one the locale asks for.

>>> language_from_environ({"LANG": "zh_CN.UTF-8"}), language_from_environ({"LANG": "en_US.UTF-8"})
('zh', 'en')
>>> language_from_environ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}), language_from_environ({})
('en', 'en')

Since 0.1.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

__all__ = ["LANGUAGES", "Lang", "check_lang", "language_from_environ"]

#: ``zh``: Chinese (what hosts show a unit's handler); ``en``: English.
Lang = Literal["zh", "en"]
#: The languages, Chinese first.
LANGUAGES: tuple[Lang, ...] = ("zh", "en")

#: The locale variables in the order POSIX gives them precedence.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def language_from_environ(environ: Mapping[str, str] | None = None) -> Lang:
    """``"zh"`` when the locale is Chinese (``zh_*``), else ``"en"``.

    The locale is the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that
    is set and not empty (default: ``os.environ``).
    """
    env = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def check_lang(lang: str) -> Lang:
    """``lang`` if it is one of :data:`LANGUAGES`, else :class:`ValueError`.

    >>> check_lang("en")
    'en'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: language must be one of zh, en: 'fr'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}: {lang!r}")
    return lang
