"""``mutualaid packs``: text and JSON listings, usage errors (called in-process)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rules_helpers import engine_with, make_pack, plan, tier

from mutualaid.cli.main import REGISTRY, main
from mutualaid.rules import RuleEngine


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], engine: RuleEngine | None = None
) -> tuple[int, str, str]:
    status = main(args, engine=engine)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_lists_the_installed_yiyang_pack(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["packs", "--pack", "yiyang", "--on", "2026-06-30", "--format", "json"], capsys
    )
    assert status == 0
    (pack,) = json.loads(out)["packs"]
    assert (pack["name"], pack["region"]) == ("yiyang", "yiyang")
    assert pack["version"] == "0.1.0"
    hosp = next(p for p in pack["plans"] if p["code"] == "YY-HOSP-2026")
    assert hosp["name"] == "益阳职工住院保障项目2026"
    assert (
        date.fromisoformat(hosp["coverage_start"])
        <= date(2026, 6, 30)
        <= date.fromisoformat(hosp["coverage_end"])
    )
    assert [(t["code"], t["contribution"]) for t in hosp["tiers"]] == [
        ("T60", "60.00"),
        ("T90", "90.00"),
    ]


def test_text_lists_versions_regions_plans_tiers_and_prices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(["packs", "--pack", "yiyang"], capsys)
    assert status == 0
    assert out.startswith("yiyang 0.1.0 (region yiyang)")
    assert "YY-HOSP-2026 益阳职工住院保障项目2026  2026-01-01 .. 2026-12-31*" in out
    assert "    T60 60元档位 60.00\n" in out and "    T90 90元档位 90.00\n" in out
    assert "* illustrative" in out


def test_every_installed_pack_is_listed_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["packs", "--format", "json"], capsys)
    assert status == 0
    names = [p["name"] for p in json.loads(out)["packs"]]
    assert "yiyang" in names and names == sorted(names)


def test_subsidy_split_high_risk_and_date_filter(capsys: pytest.CaptureFixture[str]) -> None:
    engine = engine_with(
        make_pack(
            "weihai",
            plans=[
                plan("W-2025", [tier("S", "50", "10")], start="2025-01-01", end="2025-12-31"),
                plan("W-2026", [tier("S", "50", "10", high_risk={"member": "80"})], max_shares=2),
            ],
        )
    )
    status, out, _ = run(["packs", "--on", "2026-06-30"], capsys, engine)
    assert status == 0
    assert "W-2025" not in out
    assert "S S档 60.00 (member 50.00 + subsidy 10.00), high-risk 80.00" in out
    assert "up to 2 shares" in out
    status, out, _ = run(["packs", "--format", "json"], capsys, engine)
    tiers = json.loads(out)["packs"][0]["plans"][1]["tiers"]
    assert (
        tiers[0]["member_part"] == "50.00"
        and tiers[0]["subsidy_part"] == "10.00"
        and tiers[0]["high_risk"] == "80.00"
    )


def test_no_packs(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["packs"], capsys, RuleEngine())
    assert status == 0 and "no rule packs installed" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["packs", "--on", "2026-02-30"], "not a date (YYYY-MM-DD): '2026-02-30'"),
        (["packs", "--format", "xml"], "invalid choice: 'xml'"),
        (["packs", "--pack", "atlantis"], "no rule pack named 'atlantis'"),
        (["nonsense"], "invalid choice: 'nonsense'"),
        ([], "choose a command"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(args, capsys)
    assert status == 2
    assert words in err
    assert out == ""


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["packs", "--help"], capsys)
    assert status == 0 and "--format" in out


def test_broken_pack_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mutualaid.errors import PackLoadError

    def broken() -> RuleEngine:
        raise PackLoadError("pack x: cannot import")

    monkeypatch.setattr(RuleEngine, "from_entry_points", staticmethod(broken))
    status, _, err = run(["packs"], capsys)
    assert status == 1 and "PackLoadError: pack x: cannot import" in err


def test_registry_names_command_modules() -> None:
    import importlib

    from mutualaid.cli.main import Command

    for module in REGISTRY:
        assert isinstance(importlib.import_module(module).COMMAND, Command)
