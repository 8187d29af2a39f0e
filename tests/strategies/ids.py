"""Hypothesis strategies for valid identifiers (resident ID, USCC, organization code, mobile).

The check characters are computed here from the standards' weight tables,
independently of :mod:`mutualaid.ids` (which uses arithmetic shortcuts), so
tests that use these strategies also test the shortcuts.

Use from any test::

    from strategies.ids import valid_resident_ids
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from mutualaid.ids.divisions import codes_in_use

__all__ = [
    "ORG_CODE_CHARS",
    "RESIDENT_ID_PROVINCES",
    "USCC_ALPHABET",
    "org_code_check",
    "resident_id_check",
    "uscc_check",
    "valid_mobiles",
    "valid_org_codes",
    "valid_resident_ids",
    "valid_usccs",
    "written_mobiles",
    "written_resident_ids",
]

#: Province-level codes GB 11643 numbers start with (GB/T 2260, plus 71, 81, 82, 83).
_PROVINCE_BLOCKS = (
    range(11, 16),
    range(21, 24),
    range(31, 38),
    range(41, 47),
    range(50, 55),
    range(61, 66),
    (71, 81, 82, 83),
)
RESIDENT_ID_PROVINCES = tuple(str(code) for block in _PROVINCE_BLOCKS for code in block)

# GB 11643-1999 table: W_i = 2**(18-i) mod 11 for positions 1..17.
_RID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RID_CHECK = "10X98765432"

#: GB 32100-2015 code alphabet (no I, O, S, V, Z); a character's value is its index.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

#: GB 11714-1997 body characters; a character's value is its index (A = 10 ... Z = 35).
ORG_CODE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def resident_id_check(first17: str) -> str:
    """Check character of GB 11643-1999 (ISO 7064 MOD 11-2), straight from the table."""
    total = sum(int(ch) * w for ch, w in zip(first17, _RID_WEIGHTS, strict=True))
    return _RID_CHECK[total % 11]


def uscc_check(first17: str) -> str:
    """Check character of GB 32100-2015: 31 - (weighted sum mod 31), 31 -> 0."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check(body: str) -> str:
    """Check character of GB 11714-1997: 11 - (weighted sum mod 11), 10 -> X, 11 -> 0."""
    total = sum(ORG_CODE_CHARS.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


_digit = st.sampled_from("0123456789")


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(_digit, min_size=n, max_size=n)


@st.composite
def valid_resident_ids(
    draw: st.DrawFn,
    *,
    born: st.SearchStrategy[date] | None = None,
    gender: str | None = None,
) -> str:
    """Valid 18-character resident ID numbers (upper-case X).

    :param born: strategy for the birth date (default 1900-01-01 .. 2024-12-31);
        dates before 1900 give numbers :func:`mutualaid.ids.parse_resident_id` refuses.
        The first six digits are a county code in use in the birth year
        (:func:`mutualaid.ids.divisions.codes_in_use`).
    :param gender: ``"male"`` or ``"female"`` to fix the sequence code's parity.
    """
    birth = draw(born if born is not None else st.dates(date(1900, 1, 1), date(2024, 12, 31)))
    # a county code in use in the birth year (the GB/T 2260 table shipped with mutualaid), so
    # the numbers draw no id.unknown_division warning (births before 1980: the 1980 list)
    county = draw(st.sampled_from(codes_in_use(birth.year)))
    sequence = draw(_digits(2))
    if gender is None:
        last = draw(_digit)
    else:
        last = draw(st.sampled_from("13579" if gender == "male" else "02468"))
    first17 = county + birth.isoformat().replace("-", "") + sequence + last
    return first17 + resident_id_check(first17)


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    """Valid 18-character unified social credit codes.

    Position 1 (registration department) is drawn from the codes in use
    (1-9, A, N, Y), position 2 from 1-3 and 9, positions 3-8 are digits, and
    positions 9-17 any alphabet characters (the embedded organization code's
    own check is not required; see docs/identifiers.md).
    """
    first17 = (
        draw(st.sampled_from("123456789ANY"))
        + draw(st.sampled_from("1239"))
        + draw(_digits(6))
        + draw(st.text(st.sampled_from(USCC_ALPHABET), min_size=9, max_size=9))
    )
    return first17 + uscc_check(first17)


@st.composite
def valid_org_codes(draw: st.DrawFn, *, digits_only: bool = False) -> str:
    """Valid 9-character organization codes (compact, no hyphen)."""
    chars = "0123456789" if digits_only else ORG_CODE_CHARS
    body = draw(st.text(st.sampled_from(chars), min_size=8, max_size=8))
    return body + org_code_check(body)


def valid_mobiles() -> st.SearchStrategy[str]:
    """Valid 11-digit mainland mobile numbers (``1[3-9]`` + 9 digits)."""
    return st.builds(
        lambda second, rest: "1" + second + rest, st.sampled_from("3456789"), _digits(9)
    )


_FULL_WIDTH = str.maketrans(
    "0123456789Xx", "".join(chr(0xFF10 + i) for i in range(10)) + "\uff38\uff58"
)
_GAPS = (" ", "  ", "\t", "\u3000", "\u00a0", "\u200b", "-", "\uff0d", "\n")


@st.composite
def written_resident_ids(draw: st.DrawFn) -> tuple[str, str]:
    """``(as written, normalized)``: a valid number as people and spreadsheets write it.

    Upper- or lower-case X, full-width, split into the 6-8-4 groups or at
    random places by spaces or hyphens, or the 15-digit first-generation form
    (whose normalized form is then the 15 digits).
    """
    number = draw(valid_resident_ids())
    if draw(st.booleans()) and number[6:8] == "19":
        number = number[:6] + number[8:17]  # first generation: 15 digits, no check character
    written = number.lower() if draw(st.booleans()) else number
    if draw(st.booleans()):
        written = written.translate(_FULL_WIDTH)
    cuts = sorted(draw(st.sets(st.integers(1, len(written) - 1), max_size=4)))
    if draw(st.booleans()) and len(number) == 18:
        cuts = [6, 14]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(written[start:cut])
        start = cut
    pieces.append(written[start:])
    return draw(st.sampled_from(_GAPS)).join(pieces) if cuts else written, number


@st.composite
def written_mobiles(draw: st.DrawFn) -> tuple[str, str]:
    """``(as written, normalized)``: a valid mobile with +86 / 0086 / 86, spaces, hyphens."""
    number = draw(valid_mobiles())
    prefix = draw(st.sampled_from(("", "+86 ", "+86", "0086", "86", "+86-", "\uff0b86 ")))
    gap = draw(st.sampled_from(("", " ", "-", "\u3000")))
    written = prefix + gap.join((number[:3], number[3:7], number[7:]))
    if draw(st.booleans()):
        written = written.translate(_FULL_WIDTH)
    return written, number
