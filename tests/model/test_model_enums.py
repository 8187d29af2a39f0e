"""Kinds and states: values, labels and label lookup."""

from __future__ import annotations

import enum
import inspect

import pytest

from mutualaid.errors import ConversionError
from mutualaid.model import kinds, states
from mutualaid.model.labelled import LabelledEnum

ENUMS: list[type[LabelledEnum]] = [
    obj
    for module in (kinds, states)
    for _, obj in inspect.getmembers(module, inspect.isclass)
    if issubclass(obj, LabelledEnum)
    and obj is not LabelledEnum
    and obj.__module__ == module.__name__
]


def test_every_enum_is_found() -> None:
    names = {e.__name__ for e in ENUMS}
    assert {"IdType", "Gender", "ApplicationStatus", "ClaimStatus", "YesNo"} <= names
    assert len(ENUMS) == len(kinds.__all__) - 2 + len(states.__all__)  # minus Region, LabelledEnum


@pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
def test_values_are_stable_english_and_labels_chinese(cls: type[LabelledEnum]) -> None:
    assert issubclass(cls, enum.StrEnum)
    for member in cls:
        assert member.value == member.name.lower()
        assert member.value.isascii()
        assert member.label and member.label != member.value
        assert cls(member.value) is member


@pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
def test_from_label_accepts_every_spelling(cls: type[LabelledEnum]) -> None:
    for member in cls:
        for spelling in (member.label, member.value, member.name, *member.aliases):
            assert cls.from_label(spelling) is member
            assert cls.from_label(f" {spelling} ") is member


@pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
def test_no_spelling_names_two_members(cls: type[LabelledEnum]) -> None:
    seen: dict[str, LabelledEnum] = {}
    for member in cls:
        for spelling in {member.label, member.value, member.name.lower(), *member.aliases}:
            key = spelling.casefold()
            assert seen.setdefault(key, member) is member, f"{spelling!r} names two members"


@pytest.mark.parametrize("junk", ["", "???", "男女", "居民身份证号码X"])
def test_from_label_rejects_junk_with_the_allowed_labels(junk: str) -> None:
    with pytest.raises(ConversionError) as info:
        kinds.IdType.from_label(junk)
    assert "居民身份证" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_from_label_rejects_non_text() -> None:
    with pytest.raises(ConversionError):
        kinds.Gender.from_label(1)  # type: ignore[arg-type]


def test_seed_terms() -> None:
    assert kinds.IdType.RESIDENT_ID.label == "居民身份证"
    assert kinds.IdType.from_label("港澳台居民居住证") is kinds.IdType.HMT_RESIDENCE_PERMIT
    assert kinds.MedicalInsuranceType.from_label("城乡居民医保") is (
        kinds.MedicalInsuranceType.URBAN_RURAL_RESIDENT
    )
    assert kinds.UnitCodeKind.from_label("信用代码证") is kinds.UnitCodeKind.USCC
    assert kinds.UnitType.from_label("机关") is kinds.UnitType.GOVERNMENT_AGENCY
    assert states.ApplicationStatus.from_label("审核未通过") is states.ApplicationStatus.RETURNED
    assert states.ClaimStatus.from_label("申领初审") is states.ClaimStatus.INITIAL_REVIEW
    assert states.PaymentNoticeStatus.from_label("异常缴费") is states.PaymentNoticeStatus.EXCEPTION
    assert kinds.YesNo.from_label("是").as_bool is True
    assert kinds.YesNo.from_bool(True) is kinds.YesNo.YES
