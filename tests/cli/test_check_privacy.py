"""``mutualaid check`` and the roster report never show a full mobile, ID number or its birth date.

A finding's message and params travel into the CLI text and JSON, ``str``,
``to_dict`` and the notebook table: masked there, like the ``repr`` of a member.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from mutualaid.cli.main import main
from mutualaid.roster import check_roster
from mutualaid.rules import RuleEngine
from mutualaid.testing.members import resident_id

YIYANG = ("--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60")
_ENGINE = RuleEngine.from_entry_points(names=("yiyang",))

_GOOD = resident_id(date(1988, 8, 8), serial=5)
_CHECKSUM = resident_id(date(1985, 2, 3), serial=4)
_CHECKSUM = _CHECKSUM[:17] + ("0" if _CHECKSUM[17] != "0" else "1")
_MISMATCH = resident_id(date(1986, 3, 4), serial=6)
_IMPOSSIBLE = "43090219901301" + "0011"  # month 13
#: Every personal value the roster below holds (full numbers and their birth dates).
SECRETS = (
    "1391234567",  # a 10-digit mobile (bad)
    "13912345678",
    _GOOD,
    _CHECKSUM,
    _MISMATCH,
    _IMPOSSIBLE,
    "19901301",
    "19860304",
    "1986-03-04",
    "1986-03-05",
)


def _roster(path: Path) -> Path:
    rows = [
        "姓名,证件类型,证件号码,手机号码,性别,出生日期",
        f"郑一,居民身份证,{_GOOD},1391234567,,",  # phone.format
        f"吴十,居民身份证,{_CHECKSUM},13912345678,,",  # id.checksum
        f"王五,居民身份证,{_MISMATCH},13912345678,,1986-03-05",  # member.birth_date_mismatch
        f"钱七,居民身份证,{_IMPOSSIBLE},13912345678,,",  # id.birth_date
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), engine=_ENGINE, stdout=out, stderr=io.StringIO())
    return status, out.getvalue()


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_cli_text_and_json_hold_no_full_mobile_or_id(tmp_path: Path) -> None:
    path = _roster(tmp_path / "r.csv")
    status, text = _run("check", str(path), *YIYANG)
    assert status == 1
    for code in ("phone.format", "id.checksum", "member.birth_date_mismatch", "id.birth_date"):
        assert code in text
    assert "13******67" in text  # the bad mobile, masked
    assert _leaks(text) == []
    status, out = _run("check", str(path), *YIYANG, "--format", "json")
    assert status == 1
    assert json.loads(out)["summary"]["rejected"] == 4
    assert _leaks(out) == []


def test_findings_str_params_dicts_and_html_hold_no_full_mobile_or_id(tmp_path: Path) -> None:
    report = check_roster(
        _roster(tmp_path / "r.csv"),
        pack=_ENGINE.pack("yiyang"),
        plan="YY-HOSP-2026",
        tier="T60",
    )
    findings = [f for row in report.failed() for f in row.findings]
    assert len(findings) == 4
    shown = [
        report._repr_html_(),
        report.to_json(),
        *(str(f) for f in findings),
        *(repr(dict(f.params)) for f in findings),
        *(json.dumps(row.to_dict(), ensure_ascii=False) for row in report.failed()),
    ]
    assert [_leaks(text) for text in shown] == [[]] * len(shown)
