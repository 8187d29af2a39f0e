"""Audit records: read-only params, and personal data masked in their repr."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from mutualaid.lifecycle.trail import AuditRecord
from mutualaid.privacy import mask_id_number, mask_mobile
from mutualaid.testing.members import resident_id

AT = datetime(2026, 6, 1, 9)
ID = "11010519491231002X"
MOBILE = "13912345678"


def record(**params: object) -> AuditRecord:
    return AuditRecord("policy", "X", "office", AT, "transfer_out", "effective", "effective",
                       params=params, version=1)  # fmt: skip


def test_a_transfer_out_record_masks_the_id_numbers_in_its_repr() -> None:
    """Reviewer 2: ``transfer_out`` records ``id_numbers=(...)``; the repr printed them whole."""
    rec = record(id_numbers=(ID,), on=date(2026, 6, 1), to_policy="Y")
    text = repr(rec)
    assert ID not in text
    assert mask_id_number(ID) in text
    assert "to_policy" in text and "'Y'" in text  # the rest stays readable
    assert rec.params["id_numbers"] == (ID,)  # the value itself is whole: explicit access


def test_masking_reaches_nested_mappings_and_tuples_and_mobiles() -> None:
    rec = record(changes={"handler": {"mobile": MOBILE, "ids": [ID]}}, note="x")
    text = repr(rec)
    assert ID not in text and MOBILE not in text
    assert mask_mobile(MOBILE) in text and mask_id_number(ID) in text


def test_a_note_that_is_an_id_number_is_masked_too() -> None:
    rec = AuditRecord("policy", "X", "office", AT, "a", "s", "t", note=ID)
    assert ID not in repr(rec)


def test_text_that_only_looks_like_a_number_is_left_alone() -> None:
    rec = record(notice_number="JF1854696125211172864", unit_number="44796252", count=3)
    assert "JF1854696125211172864" in repr(rec) and "44796252" in repr(rec)


@given(
    born=st.dates(date(1940, 1, 1), date(2008, 12, 31)),
    gender=st.sampled_from(["male", "female"]),
    serial=st.integers(0, 99),
    phone=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    shape=st.sampled_from(["flat", "tuple", "nested"]),
)
def test_no_generated_id_or_mobile_appears_in_a_records_repr(
    born: date, gender: str, serial: int, phone: str, shape: str
) -> None:
    number = resident_id(born, gender, serial=serial)
    value: object = {
        "flat": number,
        "tuple": (number, phone),
        "nested": {"a": [{"b": (number,)}], "c": phone},
    }[shape]
    rec = record(value=value, mobile=phone)
    assert number not in repr(rec)
    assert phone not in repr(rec)
