"""The conformance suite, run as a pack author runs it (pytest in a subprocess), finds broken packs.

Two packs that passed the suite before it probed payment days and members of
every kind: one whose effective date leaves the coverage (2027-01-01 for a
2026 plan, always or only for a payment after June), and one whose member
hook raises ``TypeError`` for every woman. Each extends the installed Yiyang
pack and changes one hook. The five bundled packs pass with nothing but
``--mutualaid-pack=NAME``.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

BROKEN = """
from datetime import date

from mutualaid.model.kinds import Gender
from mutualaid.rules import EffectiveDate, PackInfo, RuleEngine, hookimpl
from mutualaid.testing import PackConformance


def info(name):
    return PackInfo(name, "yiyang", "1.0", name, ">=0.1", "yiyang")


class AlwaysNextYear:
    @hookimpl
    def mutualaid_pack_info(self):
        return info("next-year")

    @hookimpl
    def mutualaid_effective_date(self, plan):
        return EffectiveDate(date(2027, 1, 1), plan.coverage.end)


class NextYearWhenPaidLate:
    @hookimpl
    def mutualaid_pack_info(self):
        return info("paid-late")

    @hookimpl
    def mutualaid_effective_date(self, plan, payment_arrival):
        if payment_arrival is not None and payment_arrival > date(2026, 6, 30):
            return EffectiveDate(date(2027, 1, 1), plan.coverage.end)
        return None


class NoWomen:
    @hookimpl
    def mutualaid_pack_info(self):
        return info("no-women")

    @hookimpl
    def mutualaid_member_findings(self, member):
        if member.gender is Gender.FEMALE:
            raise TypeError("unsupported gender")
        return []


def engine_with(pack):
    engine = RuleEngine.from_entry_points(names=["yiyang"])
    engine.register(pack)
    return engine


class TestAlwaysNextYear(PackConformance):
    pack_name = "next-year"

    def engine(self):
        return engine_with(AlwaysNextYear())


class TestNextYearWhenPaidLate(PackConformance):
    pack_name = "paid-late"

    def engine(self):
        return engine_with(NextYearWhenPaidLate())


class TestNoWomen(PackConformance):
    pack_name = "no-women"

    def engine(self):
        return engine_with(NoWomen())
"""


def _outcomes(result: pytest.RunResult) -> dict[str, str]:
    """Test name -> PASSED/FAILED from ``-rA`` short summary lines."""
    found: dict[str, str] = {}
    for line in result.outlines:
        for word in ("PASSED", "FAILED"):
            if line.startswith(word + " "):
                found[line.split()[1].split(" - ")[0]] = word
    return found


def test_the_suite_fails_broken_packs_naming_what_broke(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_broken=BROKEN)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA", "-q")
    outcomes = _outcomes(result)
    failed = {name for name, outcome in outcomes.items() if outcome == "FAILED"}
    for cls in ("TestAlwaysNextYear", "TestNextYearWhenPaidLate"):
        assert f"test_broken.py::{cls}::test_effective_dates" in failed
        assert f"test_broken.py::{cls}::test_any_member_any_payment_day" in failed
    assert "test_broken.py::TestNoWomen::test_members" in failed
    assert "test_broken.py::TestNoWomen::test_any_member_any_payment_day" in failed
    text = result.stdout.str()
    assert "pack next-year: plan YY-HOSP-2026 paid 2025-12-01: effective 2027-01-01 outside" in text
    assert "pack paid-late: plan YY-HOSP-2026 paid 2026-07-01: effective 2027-01-01 outside" in text
    assert "pack no-women: mutualaid_member_findings raised TypeError for a female" in text
    # the other checks still pass: the failures point at the broken hook only
    assert outcomes["test_broken.py::TestNoWomen::test_pricing"] == "PASSED"
    assert outcomes["test_broken.py::TestAlwaysNextYear::test_members"] == "FAILED"
    assert outcomes["test_broken.py::TestNextYearWhenPaidLate::test_pricing"] == "PASSED"


@pytest.mark.parametrize("pack", ["weihai", "guangdong", "shenzhen", "linyi", "yiyang"])
def test_mutualaid_pack_alone_runs_the_suite_on_a_bundled_pack(
    pytester: pytest.Pytester, pack: str
) -> None:
    """``pytest --mutualaid-pack=NAME`` in an empty folder: no --pyargs, no -p."""
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--mutualaid-pack={pack}")
    result.assert_outcomes(passed=12)
