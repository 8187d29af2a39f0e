"""Roster template columns: what a pack's Excel template holds, column by column.

A rule pack describes its roster template as a tuple of :class:`TemplateColumn`;
the roster layer writes templates from it and maps the headers of files it
reads back onto canonical field names. Every pack's import also accepts the
canonical headers (:data:`CANONICAL_COLUMNS`), in any order.

>>> col = TemplateColumn(field="id_number", header="证件号码", aliases=("身份证号",), required=True)
>>> col.headers
('证件号码', '身份证号')
>>> [c.header for c in CANONICAL_COLUMNS]
['姓名', '证件类型', '证件号码', '手机号码', '性别', '出生日期']
"""

from __future__ import annotations

from enum import StrEnum

import attrs

__all__ = ["CANONICAL_COLUMNS", "FIELDS", "ColumnKind", "TemplateColumn"]


class ColumnKind(StrEnum):
    """How a column's cells are read and offered in the template."""

    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"  # closed list: a drop-down in the template
    BOOL = "bool"  # 是 / 否
    INT = "int"

    @property
    def label(self) -> str:
        return {
            "text": "文本",
            "date": "日期",
            "choice": "下拉选择",
            "bool": "是/否",
            "int": "整数",
        }[self.value]


#: Canonical field names a column can map to, in template order.
#: Packs may add their own fields, prefixed with ``x_`` (e.g. ``x_department``).
FIELDS: tuple[str, ...] = (
    "name",
    "id_type",
    "id_number",
    "mobile",
    "gender",
    "birth_date",
    "medical_insurance_type",
    "gig_worker",
    "retired",
    "risk_class",
    "dispatched",
    "own_social_security",
    "plan_code",
    "tier_code",
    "shares",
)


@attrs.frozen
class TemplateColumn:
    """One column of a roster template.

    :param field: canonical field name (one of :data:`FIELDS`, or ``x_...``).
    :param header: the Chinese header written in the template, e.g. ``证件号码``.
    :param aliases: other headers accepted on import for the same field.
    :param required: a row without a value here is rejected (``field.required``).
    :param allowed_values: the closed list of values (Chinese labels) for a drop-down.
    :param kind: how cells are read (:class:`ColumnKind`).
    :param width: column width in the template, in characters.
    :param note: one line for the template's instructions sheet.
    """

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    allowed_values: tuple[str, ...] = ()
    kind: ColumnKind = ColumnKind.TEXT
    width: int = 16
    note: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        """The header and its aliases: every text that names this column."""
        return (self.header, *self.aliases)


#: The headers every pack's import accepts, whatever its own template says.
CANONICAL_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("name", "姓名", required=True, width=12),
    TemplateColumn(
        "id_type",
        "证件类型",
        allowed_values=(
            "居民身份证",
            "护照",
            "港澳居民来往内地通行证",
            "台湾居民来往大陆通行证",
            "外国人永久居留身份证",
            "港澳台居民居住证",
            "其他",
        ),
        kind=ColumnKind.CHOICE,
        width=14,
        note="不填默认为居民身份证",
    ),
    TemplateColumn(
        "id_number",
        "证件号码",
        aliases=("身份证号码", "身份证号"),
        required=True,
        width=22,
        note="请设置为文本格式，避免末位丢失",
    ),
    TemplateColumn("mobile", "手机号码", aliases=("手机号", "联系电话"), width=14),
    TemplateColumn(
        "gender",
        "性别",
        allowed_values=("男", "女"),
        kind=ColumnKind.CHOICE,
        width=6,
        note="居民身份证可不填；其他证件必填",
    ),
    TemplateColumn(
        "birth_date",
        "出生日期",
        kind=ColumnKind.DATE,
        width=12,
        note="居民身份证可不填；其他证件必填，如 1990-01-02",
    ),
)
