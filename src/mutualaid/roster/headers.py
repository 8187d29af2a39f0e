"""Header rows of roster files: normalizing header text and mapping it to fields.

People retype headers. They add spaces (``姓 名``), type full-width letters,
mark required columns (``*姓名``, ``证件号码（必填）``), add notes in brackets
(``出生日期(如1990-01-02)``) or use another name for the same column
(``身份证号`` for ``证件号码``). :func:`normalize_header` reduces a header to a
key that ignores all of that, and :func:`map_headers` maps a header row onto
canonical field names.

>>> normalize_header(" *证件　号码（必填） ")
'证件号码'
>>> normalize_header("ＩＤ Number")
'idnumber'
>>> hm = map_headers(["序号", "姓 名", "身份证号", "性别", "姓名"], CANONICAL_COLUMNS)
>>> hm.fields
{'name': 1, 'id_number': 2, 'gender': 3}
>>> hm.unknown
((0, '序号'),)
>>> hm.duplicates
(('name', (1, 4)),)
>>> [c.header for c in hm.missing_required(CANONICAL_COLUMNS)]
[]
>>> [c.header for c in map_headers(["姓名"], CANONICAL_COLUMNS).missing_required(CANONICAL_COLUMNS)]
['证件号码']

Headers that a pack's template does not name are still accepted when they are
canonical headers (:data:`~mutualaid.model.columns.CANONICAL_COLUMNS`); a
pack's own header wins when both name the same text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import attrs

from mutualaid.model.columns import CANONICAL_COLUMNS, TemplateColumn

__all__ = [
    "ALIASES",
    "HeaderMap",
    "build_lookup",
    "map_headers",
    "nearest_header",
    "normalize_header",
]

#: Other headers clerks write for each canonical field, accepted on every
#: import (besides the column's own header and aliases). Collected from
#: unions' and government systems' roster templates; matched after
#: :func:`normalize_header`, so spaces, width, ``*`` marks and a trailing
#: bracketed note do not matter. A header that names no field here is
#: reported with the nearest canonical header (:func:`nearest_header`).
ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "name": (
            "姓名", "职工姓名", "员工姓名", "人员姓名", "会员姓名", "参保人姓名", "参保人员姓名",
            "参保职工姓名", "被保险人姓名", "被保障人姓名", "被保障人", "参保人", "工会会员姓名",
            "名字", "name",
        ),
        "id_type": ("证件类型", "证件种类", "身份证件类型", "证件名称", "证照类型"),
        "id_number": (
            "证件号码", "身份证号码", "身份证号", "公民身份号码", "公民身份证号码", "证件号",
            "身份证", "身份证件号码", "居民身份证号码", "居民身份证号", "证件编号", "证照号码",
            "参保人身份证号", "职工身份证号码", "职工身份证号", "会员身份证号码",
        ),
        "mobile": (
            "手机号码", "手机号", "联系电话", "手机", "移动电话", "联系手机",
            "职工手机号", "本人手机号", "本人手机号码",
        ),
        "gender": ("性别",),
        "birth_date": ("出生日期", "出生年月日", "生日", "出生时间"),
    }
)  # fmt: skip
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# A trailing bracketed note: "(必填)", "(如1990-01-02)", "【必填】"; brackets are
# half-width after NFKC except the lenticular ones, which NFKC keeps.
_TRAILING_NOTE = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]$")
_MARKS = "*※★☆"


def normalize_header(value: object) -> str:
    """Reduce a header cell to the key used for matching.

    NFKC (full-width to half-width), every whitespace character removed
    (including the ideographic space and no-break space), required-field marks
    (``*``, ``※``, ``★``) dropped at either end, one trailing bracketed note
    dropped, and case folded.

    >>> normalize_header("姓名*")
    '姓名'
    >>> normalize_header("出生日期(如1990-01-02)")
    '出生日期'
    >>> normalize_header("手机号码【必填】")
    '手机号码'
    >>> normalize_header(None)
    ''
    >>> normalize_header(12)
    '12'
    >>> normalize_header("证件\u200b号码\ufeff")              # zero-width characters pasted from the web
    '证件号码'
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE)
    text = "".join(text.split()).strip(_MARKS)
    stripped = _TRAILING_NOTE.sub("", text)
    if stripped:
        text = stripped.strip(_MARKS)
    return text.casefold()


def build_lookup(columns: Sequence[TemplateColumn]) -> dict[str, TemplateColumn]:
    """Map every normalized header and alias to its column.

    The given columns come first; canonical columns fill in headers they do
    not name, so a file made from the canonical template reads under any pack.

    >>> lookup = build_lookup(CANONICAL_COLUMNS)
    >>> lookup["身份证号"].field
    'id_number'
    """
    lookup: dict[str, TemplateColumn] = {}
    every = (*columns, *CANONICAL_COLUMNS)
    for column in every:
        for header in column.headers:
            lookup.setdefault(normalize_header(header), column)
    for column in every:
        for header in ALIASES.get(column.field, ()):
            lookup.setdefault(normalize_header(header), column)
    return lookup


def nearest_header(
    headers: Iterable[str], column: TemplateColumn, columns: Sequence[TemplateColumn] = ()
) -> str | None:
    """The header of ``headers`` that looks most like ``column``'s (or one of its aliases).

    Used in the message for a missing column, so the clerk sees which of
    their headers was meant.

    >>> name = CANONICAL_COLUMNS[0]
    >>> nearest_header(["序号", "职工名字", "身份证号码"], name)
    '职工名字'
    >>> nearest_header(["序号"], name) is None
    True
    """
    lookup = build_lookup(columns)
    names = [normalize_header(h) for h in (*column.headers, *ALIASES.get(column.field, ()))]
    best: tuple[float, str] | None = None
    for header in headers:
        key = normalize_header(header)
        if not key or key in lookup:
            continue
        score = max(difflib.SequenceMatcher(None, key, n).ratio() for n in names)
        if score >= 0.4 and (best is None or score > best[0]):
            best = (score, header)
    return None if best is None else best[1]


@attrs.frozen
class HeaderMap:
    """Where each field is in a header row.

    :param fields: field name to 0-based column index, in column order; when
        two columns name the same field, the first one counts.
    :param headers: the header row's cells as text (``''`` for empty cells).
    :param unknown: ``(index, header)`` of non-empty headers that name no field.
    :param duplicates: ``(field, indexes)`` for fields named by more than one column.
    """

    fields: dict[str, int]
    headers: tuple[str, ...]
    unknown: tuple[tuple[int, str], ...] = ()
    duplicates: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def header_of(self, field: str) -> str | None:
        """The header text as written in the file for ``field``, or None when absent.

        >>> map_headers(["身份证号"], CANONICAL_COLUMNS).header_of("id_number")
        '身份证号'
        """
        index = self.fields.get(field)
        return None if index is None else self.headers[index]

    def missing_required(self, columns: Iterable[TemplateColumn]) -> tuple[TemplateColumn, ...]:
        """The required columns of ``columns`` that this header row does not have."""
        return tuple(c for c in columns if c.required and c.field not in self.fields)


def map_headers(header_cells: Sequence[object], columns: Sequence[TemplateColumn]) -> HeaderMap:
    """Map a header row onto field names (see :class:`HeaderMap`).

    ``columns`` are the pack's template columns (or
    :data:`~mutualaid.model.columns.CANONICAL_COLUMNS`); canonical headers are
    accepted too. Missing columns are not an error here: ask
    :meth:`HeaderMap.missing_required`.
    """
    return _map(header_cells, build_lookup(columns))


def _map(header_cells: Sequence[object], lookup: dict[str, TemplateColumn]) -> HeaderMap:
    fields: dict[str, int] = {}
    claims: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    headers: list[str] = []
    for index, cell in enumerate(header_cells):
        text = "" if cell is None else str(cell).strip()
        headers.append(text)
        if not text:
            continue
        column = lookup.get(normalize_header(text))
        if column is None:
            unknown.append((index, text))
            continue
        fields.setdefault(column.field, index)
        claims.setdefault(column.field, []).append(index)
    duplicates = tuple((f, tuple(ix)) for f, ix in claims.items() if len(ix) > 1)
    return HeaderMap(fields, tuple(headers), tuple(unknown), duplicates)
