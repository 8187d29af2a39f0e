"""``mutualaid.testing.scenarios``: reading scenario files, refusing junk, reporting differences."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from mutualaid.errors import ConversionError, InvalidDate
from mutualaid.rules import RuleEngine
from mutualaid.testing.scenarios import (
    ScenarioFailure,
    check_scenario,
    find_scenario_files,
    load_scenarios,
    parse_scenarios,
    run_scenario,
)

HEAD = 'name = "c"\npack = "weihai"\ndate = 2026-06-30\nplan = "WH-MED-2026"\ntier = "T50"\n'


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.from_entry_points(names=["weihai", "guangdong"])


def test_cases_share_the_top_level_keys() -> None:
    text = HEAD.replace('name = "c"\n', "") + (
        '[[case]]\nname = "a"\nmembers = [{ age = 30, count = 2 }]\n'
        '[[case]]\nname = "b"\ntier = "T60"\n'
    )
    a, b = parse_scenarios(text, "x.toml")
    assert (a.name, a.on, a.lines[0].plan, a.lines[0].members[0].count) == (
        "a",
        date(2026, 6, 30),
        "WH-MED-2026",
        2,
    )
    assert (b.lines[0].tier, b.lines[0].members) == ("T60", ())
    assert a.id == "x: a"


@pytest.mark.parametrize(
    ("text", "error", "field"),
    [
        (HEAD + "[expect]\ntotl = 1\n", ConversionError, "expect.totl"),
        (HEAD + "colour = 1\n", ConversionError, "colour"),
        (HEAD + "[[members]]\nage = 3\nsex = 1\n", ConversionError, "$.members[0].sex"),
        (HEAD + '[payment]\narrival = "2026-02-30"\n', InvalidDate, "payment.arrival"),
        (
            HEAD + "[application]\ndeclared = { staff = 3 }\n",
            ConversionError,
            "application.declared.staff",
        ),
        (HEAD + "[expect]\ntotal = 60.5\n", ConversionError, "expect.total"),
        (HEAD + '[expect]\ntotal = "sixty"\n', ConversionError, "expect.total"),
        ('pack = "weihai"\ndate = 2026-06-30\n', ConversionError, "name"),
        (HEAD + 'lines = [{ tier = "T50" }]\n', ConversionError, "lines[0].plan"),
    ],
)
def test_junk_files_are_refused_with_the_file_and_the_key(
    text: str, error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as raised:
        parse_scenarios(text, "junk.toml")
    location = getattr(raised.value, "location", None)
    assert location is not None and (location.file, location.field) == ("junk.toml", field)


def test_broken_toml_is_a_clean_error() -> None:
    with pytest.raises(ConversionError, match="not TOML"):
        parse_scenarios("name = ", "broken.toml")
    with pytest.raises(InvalidDate):
        parse_scenarios(HEAD.replace("2026-06-30", "2026-02-30"), "day.toml")
    with pytest.raises(InvalidDate, match="field date"):
        parse_scenarios(HEAD.replace("2026-06-30", '"2026-13-01"'), "month.toml")


def test_a_passing_case_returns_what_the_pack_answered(engine: RuleEngine) -> None:
    (case,) = parse_scenarios(
        HEAD
        + "[application]\ndeclared = { insured_headcount = 1, paying_headcount = 1 }\n[[members]]\nage = 30\n"
        '[invoice]\ntitle = "别的单位"\n[expect]\ntotal = "60.00"\n',
        "ok.toml",
    )
    out = check_scenario(case, engine)
    assert (out.total, out.findings, out.invoice_findings) == (
        Decimal("60.00"),
        (),
        ("invoice.title_mismatch",),
    )
    assert out.effective_date == date(2026, 1, 1)


def test_every_difference_is_reported(engine: RuleEngine) -> None:
    (case,) = parse_scenarios(
        HEAD + '[[members]]\nage = 30\n[expect]\ntotal = "61.00"\nfindings = []\n'
        'findings_include = ["age.over_retirement"]\neffective_date = "pending"\n',
        "bad.toml",
    )
    with pytest.raises(ScenarioFailure) as failed:
        check_scenario(case, engine)
    message = str(failed.value)
    assert "total: expected 61.00, got 60.00" in message
    assert "findings: expected (), got ('application.declared_missing',)" in message
    assert "expected to include ['age.over_retirement']" in message
    assert "effective_date: expected pending, got 2026-01-01" in message


def test_expected_errors(engine: RuleEngine) -> None:
    unknown = HEAD.replace("WH-MED-2026", "NOPE") + "[[members]]\nage = 30\n"
    (case,) = parse_scenarios(unknown + '[expect]\nraises = "UnknownPlan"\n', "e.toml")
    assert check_scenario(case, engine).error is not None
    (unexpected,) = parse_scenarios(unknown, "e.toml")
    with pytest.raises(ScenarioFailure, match="UnknownPlan"):
        check_scenario(unexpected, engine)
    (wrong,) = parse_scenarios(HEAD + '[expect]\nraises = "UnknownPlan"\n', "e.toml")
    with pytest.raises(ScenarioFailure, match="expected UnknownPlan, got no error"):
        check_scenario(wrong, engine)
    (nonsense,) = parse_scenarios(HEAD + '[expect]\nraises = "KeyError"\n', "e.toml")
    with pytest.raises(ScenarioFailure, match="names no error class"):
        check_scenario(nonsense, engine)


def test_an_unknown_pack_is_an_outcome_error(engine: RuleEngine) -> None:
    (case,) = parse_scenarios(HEAD.replace('"weihai"', '"atlantis"'), "p.toml")
    assert type(run_scenario(case, engine).error).__name__ == "UnknownPack"


def test_files_are_found_in_scenarios_folders(tmp_path: Path) -> None:
    (tmp_path / "pack" / "scenarios").mkdir(parents=True)
    (tmp_path / "pack" / "scenarios" / "a.toml").write_text(HEAD, encoding="utf-8")
    (tmp_path / "pack" / "pyproject.toml").write_text("", encoding="utf-8")
    (found,) = find_scenario_files(tmp_path)
    assert found.name == "a.toml" and load_scenarios(found)[0].name == "c"
    assert find_scenario_files(tmp_path / "pack" / "scenarios") == (found,)
