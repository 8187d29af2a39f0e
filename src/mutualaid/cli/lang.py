"""``--lang zh|en``: the language of every line a command prints.

Every command takes ``--lang``; without it the locale decides (``LC_ALL``,
``LC_MESSAGES``, ``LANG``: ``zh_*`` gives Chinese, anything else English; see
:func:`mutualaid.messages.language_from_environ`). Findings are printed in
that language (their codes unchanged); ``--format json`` carries each
finding's Chinese ``message`` and its ``message_en`` whatever the language.

>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_lang_option(parser)
>>> parser.parse_args(["--lang", "zh"]).lang
'zh'
>>> lang_of(["check", "x.csv", "--lang=en"], {"LANG": "zh_CN.UTF-8"}), lang_of([], {"LANG": "zh_CN.UTF-8"})
('en', 'zh')

Since 0.1.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Mapping, Sequence

from mutualaid.errors import Location, MutualAidError
from mutualaid.messages import (
    LANGUAGES,
    Lang,
    check_lang,
    error_summary,
    language_from_environ,
    say,
)

__all__ = ["add_lang_option", "describe_error", "lang_of", "pad"]


def add_lang_option(parser: argparse.ArgumentParser, lang: Lang = "en") -> None:
    """Add ``--lang`` to a command's parser (its help line in ``lang``)."""
    parser.add_argument("--lang", choices=LANGUAGES, help=say("help.lang", lang))


def lang_of(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """The language ``argv`` asks for (the last ``--lang X`` or ``--lang=X``), else the locale's.

    Read before the arguments are parsed, so a usage error is reported in it too;
    a value that is not a language is left to the parser to refuse.
    """
    chosen: Lang | None = None
    for n, arg in enumerate(argv):
        value = None
        if arg == "--lang" and n + 1 < len(argv):
            value = argv[n + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in LANGUAGES:
            chosen = check_lang(value)  # the last one given wins, as for the parser
    return chosen if chosen is not None else language_from_environ(environ)


def describe_error(exc: MutualAidError, lang: Lang) -> str:
    """A library error as the command line reports it in ``lang``.

    English: the error's own text (location, message, hint). Chinese: what
    went wrong and where, with its Chinese hint, and no English: the
    library's own messages and hints are English, so a line says how to see
    them (``--lang en``) instead of printing them to a clerk.

    >>> from mutualaid.errors import Location, RosterFileError
    >>> exc = RosterFileError("file not found", location=Location(file="名单.xlsx"), hint="Check the name.")
    >>> print(describe_error(exc, "en"))
    名单.xlsx: file not found (Check the name.)
    >>> print(describe_error(exc, "zh"))
    名单.xlsx：名单文件无法读取
      （错误原文为英文：加 --lang en 重新运行可见）
    """
    if lang == "en":
        return str(exc)
    summary = error_summary((k.__name__ for k in type(exc).__mro__), lang)
    where = _where_zh(exc.location) if exc.location is not None else ""
    head = f"{where}：{summary}" if where else summary
    return head + "\n" + say("main.detail_in_english", lang)


#: A location's parts in Chinese, in the order ``Location`` gives them (its field left out).
_WHERE_ZH = (("file", "{}"), ("sheet", "工作表{}"), ("row", "第{}行"), ("column", "“{}”列"))


def _where_zh(location: Location) -> str:
    """A location in Chinese: ``名单.xlsx，工作表名单，第7行，“证件号码”列``.

    >>> _where_zh(Location(file="名单.xlsx", sheet="名单", row=7, column="证件号码"))
    '名单.xlsx，工作表名单，第7行，“证件号码”列'
    """
    parts = ((fmt, getattr(location, name)) for name, fmt in _WHERE_ZH)
    return "，".join(fmt.format(value) for fmt, value in parts if value is not None)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (a Chinese character takes two).

    >>> pad("第3行", 8) + "|", pad("row 3", 8) + "|"
    ('第3行   |', 'row 3   |')
    """
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return text + " " * max(0, width - len(text) - wide)
