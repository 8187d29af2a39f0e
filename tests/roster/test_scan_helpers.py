"""The fast helpers of the guards' scan and of the duplicate check agree with the plain ones.

The byte scan (:mod:`mutualaid.roster._guards`) counts tag openings with
numpy (``_Marks``) instead of ``bytes.count``; the duplicate check
(:mod:`mutualaid.roster.duplicates`) finds repeated ID numbers by sorting
integer keys. Both must answer exactly as the plain Python they replace.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mutualaid.roster._guards import _Marks
from mutualaid.roster.duplicates import _first_occurrences
from mutualaid.rules.columnar.resident_ids import (
    ascii_grid,
    decode_resident_ids,
    resident_id_keys,
    resident_shape,
)
from mutualaid.rules.columnar.texts import ascii_digits, rows_all

_XML_BYTES = st.lists(
    st.sampled_from(
        [b"<", b"c", b" ", b"r", b"=", b'"', b">", b"/", b":", b"v", b"-", b"\t", b"si", b"A1"]
    ),
    max_size=60,
).map(b"".join)
_NEEDLES = (b"<c", b"<c ", b"<c>", b"<c/>", b'<c r="', b"<c\t", b"<v>-", b"<si>", b"<si ", b"<x:c ")


@given(_XML_BYTES)
def test_marks_count_as_bytes_count(data: bytes) -> None:
    tags, colons = _Marks(data, b"<"), _Marks(data, b":")
    for needle in _NEEDLES:
        assert tags.count(needle) == data.count(needle), needle
        assert (needle in tags) == (needle in data)
    for needle in (b":c", b":row", b":si>", b":si "):
        assert colons.count(needle) == data.count(needle), needle


@given(st.lists(st.integers(0, 12), max_size=80))
def test_first_occurrences_as_a_dict(keys: list[int]) -> None:
    seen: dict[int, int] = {}
    expected_again, expected_first = [], []
    for position, key in enumerate(keys):
        first = seen.setdefault(key, position)
        if first != position:
            expected_again.append(position)
            expected_first.append(first)
    again, first = _first_occurrences(np.array(keys, dtype=np.int64))
    assert again.tolist() == expected_again
    assert first.tolist() == expected_first


@given(st.lists(st.text("0123456789", min_size=17, max_size=17), min_size=1, max_size=20),
       st.lists(st.sampled_from("0123456789X"), min_size=20, max_size=20))  # fmt: skip
def test_resident_id_keys_equal_when_the_numbers_are(firsts: list[str], lasts: list[str]) -> None:
    numbers = [f + lasts[i] for i, f in enumerate(firsts)]
    keys = resident_id_keys(np.array(numbers, dtype=object)).tolist()
    assert len(set(keys)) == len(set(numbers))
    for a, b, ka, kb in zip(numbers, numbers[1:], keys, keys[1:], strict=False):
        assert (a == b) == (ka == kb)


@given(st.lists(st.text("0123456789", min_size=17, max_size=17), min_size=1, max_size=20),
       st.lists(st.sampled_from("0123456789X"), min_size=20, max_size=20))  # fmt: skip
def test_the_decoder_keys_and_divisions_are_read_from_the_same_digits(
    firsts: list[str], lasts: list[str]
) -> None:
    """The decoder's key is :func:`resident_id_keys`'s, from text or from the byte grid,
    and a key divided by 11 * 10**11 is the number's first six digits (the county code)."""
    numbers = np.array([f + lasts[i] for i, f in enumerate(firsts)], dtype=object)
    expected = resident_id_keys(numbers).tolist()
    grid = ascii_grid(numbers)
    assert grid is not None
    on = np.datetime64("2026-01-01")
    assert decode_resident_ids(numbers, on).key.tolist() == expected
    assert decode_resident_ids(grid, on).key.tolist() == expected
    assert [k // (11 * 10**11) for k in expected] == [int(n[:6]) for n in numbers]


@given(st.lists(st.text("0123456789X \u3000１", max_size=20), max_size=12), st.integers(1, 20))
def test_ascii_grid_only_when_every_text_has_the_width(texts: list[str], width: int) -> None:
    grid = ascii_grid(np.array(texts, dtype=object), width)
    fits = all(len(t) == width and t.isascii() for t in texts)
    assert (grid is not None) == fits
    if grid is not None:
        assert [bytes(row).decode() for row in grid] == texts


@given(hnp.arrays(bool, hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=30)))
def test_rows_all_as_numpy_s_all(mask: np.ndarray) -> None:
    assert rows_all(mask).tolist() == mask.all(axis=1).tolist()
    assert rows_all(mask[:, 1:]).tolist() == mask[:, 1:].all(axis=1).tolist()  # a strided view


def test_rows_all_over_many_blocks_of_rows() -> None:
    rng = np.random.default_rng(8)
    mask = rng.random((200_003, 5)) < 0.97
    assert (rows_all(mask) == mask.all(axis=1)).all()


@given(
    st.sampled_from([np.uint8, np.uint16, np.uint32, np.int16, np.int32, np.int64]).flatmap(
        lambda dtype: hnp.arrays(dtype, st.integers(0, 40))
    )
)
def test_ascii_digits_are_48_to_57(points: np.ndarray) -> None:
    assert ascii_digits(points).tolist() == [48 <= int(p) <= 57 for p in points.tolist()]


@given(st.lists(st.text("0123456789Xx A１", min_size=18, max_size=18), min_size=1, max_size=20))
def test_resident_shape_is_17_ascii_digits_and_a_digit_or_x(numbers: list[str]) -> None:
    grid = np.array([[min(ord(c), 255) for c in n] for n in numbers], dtype=np.uint8)
    expected = [n[:17].isdigit() and n[:17].isascii() and n[17] in "0123456789X" for n in numbers]
    assert resident_shape(grid).tolist() == expected
    assert resident_shape(grid.astype(np.int16)).tolist() == expected
