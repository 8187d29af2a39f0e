"""Uploads: which files a unit may upload as a material, and how large.

Yiyang's 上传补充材料 (seed 004 2. 新建参保单 (六)) says 「要求：大小10M以内的jpg、png格式图片或pdf文件」:

* ``upload.file_types``: the formats a material's file may have (absent: any);
* ``upload.max_bytes``: the largest file, in bytes (absent: no limit).

:func:`upload_within_limits` is the rule: it judges one
:class:`~mutualaid.model.material.Material` as the unit provides it (its
:attr:`~mutualaid.model.material.Material.file_format` and
``size_bytes``); every step that takes an uploaded file (an application's
``provide_material`` and ``save``, an invoice request's ``save`` and
``upload_commitment_letter``) refuses it on its findings
(:func:`mutualaid.lifecycle.guards.files_within_limits`).
A material handed in on paper (``offline``) is not a file and is not judged.

>>> [spec.name for spec in PARAMETERS]
['upload.file_types', 'upload.max_bytes']

Since 0.1.
"""

from __future__ import annotations

from datetime import date

from mutualaid.model.material import Material
from mutualaid.rules.defaults.rule import explain
from mutualaid.rules.findings import Finding
from mutualaid.rules.parameters import ParameterSpec, ValueType
from mutualaid.rules.view import PackView

__all__ = ["FORMATS", "MEGABYTE", "PARAMETERS", "UPLOAD_CODES", "upload_within_limits"]

_RULE = "mutualaid.rules.defaults.uploads.upload_within_limits"

#: The formats a pack may allow (``jpeg`` is read as ``jpg``).
FORMATS = ("jpg", "png", "pdf", "gif", "bmp", "tiff", "doc", "docx", "xls", "xlsx", "csv", "zip")

#: One megabyte as the manuals' "10M" means it (2^20 bytes).
MEGABYTE = 1024 * 1024

#: The finding codes :func:`upload_within_limits` emits.
UPLOAD_CODES = ("upload.file_type_not_allowed", "upload.too_large")

PARAMETERS = (
    ParameterSpec(
        "upload.file_types",
        ValueType.CHOICES,
        "the formats an uploaded material's file may have; absent: any",
        _RULE,
        choices=FORMATS,
    ),
    ParameterSpec(
        "upload.max_bytes",
        ValueType.WHOLE,
        "the largest file a unit may upload as a material; absent: no limit",
        _RULE,
        unit="bytes",
        minimum=1,
        maximum=1024 * MEGABYTE,
    ),
)


def _size(n: int) -> str:
    """``n`` bytes in the manuals' words (``10M``, ``512K``, ``300字节``)."""
    for unit, name in ((MEGABYTE, "M"), (1024, "K")):
        if n >= unit:
            value = n / unit
            return f"{value:.1f}".rstrip("0").rstrip(".") + name
    return f"{n}字节"


def upload_within_limits(material: Material, rules: PackView, on: date) -> tuple[Finding, ...]:
    """The pack's refusals of ``material``'s file on ``on`` (empty: accepted).

    ``upload.file_type_not_allowed`` when its format (from the host's type,
    else the file name's extension) is not one the pack allows, or cannot
    be told; ``upload.too_large`` when its size is above the pack's limit.
    A size the host did not give is not judged; a paper material neither.

    >>> from mutualaid.model import MaterialKind
    >>> from mutualaid.rules.engine import RuleEngine
    >>> yiyang = RuleEngine.from_entry_points().pack("yiyang")
    >>> scan = Material.required(MaterialKind.OVER_AGE_PROOF).provide("k/1", file_name="名册.docx")
    >>> [f.message for f in upload_within_limits(scan, yiyang, date(2026, 3, 2))]
    ['超龄未退休职工证明：文件格式docx不符合要求，请上传jpg、png、pdf格式的文件']
    """
    if material.offline or not material.provided:
        return ()
    found: list[Finding] = []
    allowed = rules.cite("upload.file_types", on)
    fmt = material.file_format
    if allowed is not None and fmt not in allowed.value:
        shown, listed = fmt or "未知", "、".join(allowed.value)
        message = f"{material.name}：文件格式{shown}不符合要求，请上传{listed}格式的文件"
        found.append(
            Finding.error(
                "upload.file_type_not_allowed",
                message,
                field="file_type",
                explanation=explain(rules, _RULE, allowed),
                material=material.kind.value,
                file_format=shown,
                allowed=", ".join(allowed.value),
            )
        )
    limit = rules.cite("upload.max_bytes", on)
    size = material.size_bytes
    if limit is not None and size is not None and size > limit.value:
        message = f"{material.name}：文件大小{_size(size)}，超过{_size(limit.value)}的上限"
        found.append(
            Finding.error(
                "upload.too_large",
                message,
                explanation=explain(rules, _RULE, limit),
                field="size_bytes",
                size=_size(size),
                limit=_size(limit.value),
                material=material.kind.value,
            )
        )
    return tuple(found)
