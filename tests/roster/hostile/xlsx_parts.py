"""Hand-written .xlsx packages: zipfile and XML text, deterministic, no spreadsheet library.

The reader tests need workbooks that Excel, WPS, LibreOffice and other writers
produce but openpyxl never writes (escapes, inline strings with a value, the
zh-CN built-in date formats, Excel 365 error values, odd part names), and
hostile ones no writer produces. :func:`package` assembles one from a sheet's
``<sheetData>`` rows; everything else has a sensible default that a case can
replace.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from mutualaid.testing.members import resident_id

__all__ = [
    "IDS",
    "MAIN",
    "cell",
    "header_row",
    "package",
    "row",
    "shared_strings",
    "sheet_xml",
    "styles_xml",
]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: Valid resident ID numbers (deterministic), one per member row.
IDS = tuple(resident_id(date(1970 + i, 1 + i % 12, 1 + i % 27), serial=i + 1) for i in range(40))


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell(
    col: int, row_number: int, value: object, *, t: str | None = None, s: int | None = None
) -> str:
    """One ``<c>``: text as an inline string, numbers as ``<v>``; ``t``/``s`` as given."""
    ref = f'r="{_col(col)}{row_number}"'
    style = f' s="{s}"' if s is not None else ""
    if isinstance(value, str) and t is None:
        return f'<c {ref} t="inlineStr"{style}><is><t xml:space="preserve">{value}</t></is></c>'
    kind = f' t="{t}"' if t else ""
    return f"<c {ref}{kind}{style}><v>{value}</v></c>"


def row(row_number: int, cells: Iterable[str], *, r: bool = True) -> str:
    """One ``<row>`` of already-written cells."""
    number = f' r="{row_number}"' if r else ""
    return f"<row{number}>{''.join(cells)}</row>"


def header_row(headers: Sequence[str], row_number: int = 1) -> str:
    """The header row, inline strings."""
    return row(row_number, (cell(i, row_number, h) for i, h in enumerate(headers)))


def sheet_xml(rows: Iterable[str], *, dimension: str | None = "A1", extra: str = "") -> str:
    """A worksheet part around ``<sheetData>`` rows."""
    dim = f'<dimension ref="{dimension}"/>' if dimension is not None else ""
    return (
        f'{_DECL}<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{dim}'
        f"<sheetData>{''.join(rows)}</sheetData>{extra}</worksheet>"
    )


def shared_strings(strings: Sequence[str]) -> str:
    """A shared strings part."""
    items = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
    return f'{_DECL}<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'


def styles_xml(num_fmt_ids: Sequence[int] = (), custom: Mapping[int, str] | None = None) -> str:
    """A styles part whose cell style ``i + 1`` has ``num_fmt_ids[i]`` (style 0 is General)."""
    fmts = "".join(
        f'<numFmt numFmtId="{i}" formatCode="{code}"/>' for i, code in (custom or {}).items()
    )
    numfmts = f'<numFmts count="{len(custom or {})}">{fmts}</numFmts>' if custom else ""
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' + "".join(
        f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for n in num_fmt_ids
    )
    return (
        f'{_DECL}<styleSheet xmlns="{MAIN}">{numfmts}'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(num_fmt_ids) + 1}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def package(
    sheets: Sequence[tuple[str, str]],
    *,
    shared: str | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    states: Mapping[str, str] | None = None,
    workbook_part: str = "xl/workbook.xml",
    part_names: Mapping[str, str] | None = None,
    chartsheet_first: bool = False,
    extra_parts: Mapping[str, bytes] | None = None,
) -> bytes:
    """An .xlsx package: ``sheets`` is ``[(name, worksheet XML)]``.

    :param workbook_part: where the workbook part lives (found through ``_rels/.rels``).
    :param part_names: rename parts in the zip (and in the relationships): ``{"sharedStrings.xml": "SharedStrings.xml"}``.
    :param chartsheet_first: put a chartsheet (with its drawing) in front of the worksheets.
    """
    folder = workbook_part.rpartition("/")[0]
    prefix = folder + "/" if folder else ""
    rename = dict(part_names or {})

    def name(relative: str) -> str:
        return rename.get(relative, relative)

    parts: dict[str, bytes] = {}
    rels: list[tuple[str, str, str]] = []  # id, type, target (relative to the workbook's folder)
    sheet_entries: list[str] = []
    overrides = [
        f'<Override PartName="/{workbook_part}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
    ]
    number = 0
    if chartsheet_first:
        number += 1
        target = name("chartsheets/sheet1.xml")
        parts[prefix + target] = (
            f'{_DECL}<chartsheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetViews><sheetView '
            'workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>'
        ).encode()
        parts[prefix + "chartsheets/_rels/sheet1.xml.rels"] = (
            f'{_DECL}<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{DOC}/drawing" Target="../drawings/drawing1.xml"/></Relationships>'
        ).encode()
        parts[prefix + "drawings/drawing1.xml"] = (
            f'{_DECL}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
            'spreadsheetDrawing"/>'
        ).encode()
        rels.append(("rIdC1", f"{DOC}/chartsheet", target))
        sheet_entries.append(f'<sheet name="图表" sheetId="{number}" r:id="rIdC1"/>')
        overrides.append(
            f'<Override PartName="/{prefix}{target}" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.chartsheet+xml"/>'
        )
        overrides.append(
            f'<Override PartName="/{prefix}drawings/drawing1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.drawing+xml"/>'
        )
    for i, (sheet_name, xml) in enumerate(sheets, start=1):
        number += 1
        target = name(f"worksheets/sheet{i}.xml")
        parts[prefix + target] = xml.encode()
        rels.append((f"rId{i}", f"{DOC}/worksheet", target))
        state = (states or {}).get(sheet_name)
        state_attr = f' state="{state}"' if state else ""
        sheet_entries.append(
            f'<sheet name="{sheet_name}" sheetId="{number}"{state_attr} r:id="rId{i}"/>'
        )
        overrides.append(
            f'<Override PartName="/{prefix}{target}" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
        )
    for xml, relative, kind in (
        (shared, "sharedStrings.xml", "sharedStrings"),
        (styles, "styles.xml", "styles"),
    ):
        if xml is None:
            continue
        target = name(relative)
        parts[prefix + target] = xml.encode()
        rels.append((f"rId{kind}", f"{DOC}/{kind}", target))
        overrides.append(
            f'<Override PartName="/{prefix}{target}" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.{kind}+xml"/>'
        )
    parts[workbook_part] = (
        f'{_DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}'
        f"<sheets>{''.join(sheet_entries)}</sheets></workbook>"
    ).encode()
    base = workbook_part.rpartition("/")[2]
    parts[f"{prefix}_rels/{base}.rels"] = (
        f'{_DECL}<Relationships xmlns="{PKG}">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
        + "</Relationships>"
    ).encode()
    parts["_rels/.rels"] = (
        f'{_DECL}<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="{workbook_part}"/></Relationships>'
    ).encode()
    parts["[Content_Types].xml"] = (
        f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(overrides)
        + "</Types>"
    ).encode()
    parts.update(extra_parts or {})
    buffer = io.BytesIO()
    order = [
        "[Content_Types].xml",
        "_rels/.rels",
        *sorted(p for p in parts if p not in ("[Content_Types].xml", "_rels/.rels")),
    ]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in order:
            info = zipfile.ZipInfo(part, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, parts[part])
    return buffer.getvalue()
