"""``to_data`` and ``from_data``: model objects to plain data and back, with readable errors.

Both use one converter made by :func:`~mutualaid.serialization.converter.make_converter`
(kept for this module, built on first use). A failure raises
:class:`~mutualaid.errors.ConversionError` naming each bad field by its path.

>>> from mutualaid.model import Member
>>> m = Member.from_resident_id("张三", "11010519491231002X", mobile="13912345678")
>>> data = to_data(m)
>>> data["id_number"], data["birth_date"], data["gender"]
('11010519491231002X', '1949-12-31', 'female')
>>> from_data(Member, data) == m
True
>>> from_data(Member, {**data, "gender": "女", "retired": "否"})
Traceback (most recent call last):
...
mutualaid.errors.ConversionError: field gender: cannot make Member from the data: expected one of ['male', 'female'], got text in another form; retired: expected true or false, got text (Give the fields and values of the exchange format; see docs/serialization.md.)
>>> from_data(Member, {**data, "shares": 2}).name
Traceback (most recent call last):
...
mutualaid.errors.ConversionError: cannot make Member from the data: extra fields found (shares) (Give the fields and values of the exchange format; see docs/serialization.md.)
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.v import format_exception, transform_error

from mutualaid.errors import ConversionError, Location, MutualAidError
from mutualaid.serialization.converter import make_converter

__all__ = ["MAX_DEPTH", "MAX_INT_BITS", "from_data", "shape_problem", "to_data"]

T = TypeVar("T")

#: Deepest nesting of lists and dicts read: the exchange formats need about 6;
#: deeper data is refused before any recursive code sees it.
MAX_DEPTH = 64


#: Most problems a ConversionError lists (in its text and its details).
MAX_SHOWN = 20
#: Largest whole number read, in bits (about 300 digits); no exchange format comes near.
MAX_INT_BITS = 1000


def shape_problem(data: Any, limit: int = MAX_DEPTH) -> str | None:
    """What makes ``data`` unsafe to hand to recursive code, or ``None`` (no recursion here).

    Lists and dicts nested more than ``limit`` levels, or a whole number of
    more than :data:`MAX_INT_BITS` bits (Python cannot even print one past
    4,300 digits), are refused before any validator or converter sees them.

    >>> shape_problem([[[]]], 2), shape_problem([[[]]], 3), shape_problem({"a": [10**400]})
    ('lists or objects nested deeper than 2 levels', None, 'a number of more than 301 digits')
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list | tuple):
            children = value
        else:
            if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
                return f"a number of more than {int(MAX_INT_BITS * 0.30103)} digits"
            continue
        if depth > limit:
            return f"lists or objects nested deeper than {limit} levels"
        stack.extend((child, depth + 1) for child in children)
    return None


_HINT = "Give the fields and values of the exchange format; see docs/serialization.md."


@cache
def _converter() -> cattrs.Converter:
    return make_converter()


def _describe(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, MutualAidError):
        return exc.message
    if isinstance(exc, KeyError | ForbiddenExtraKeysError) or not isinstance(exc, ValueError):
        return format_exception(exc, type_)
    return str(exc) or format_exception(exc, type_)


def _path(text: str) -> str:
    """``$.entries[0].member.gender`` -> ``entries[0].member.gender``; ``$`` -> ``(root)``."""
    return text.removeprefix("$").removeprefix(".") or "(root)"


def to_data(obj: Any) -> Any:
    """The plain data (dicts, lists, text, numbers, booleans, ``None``) of a model object.

    Full values: ID numbers, mobiles and accounts are not masked. ``obj`` must be
    an instance of a model (attrs) class.
    """
    if not attrs.has(type(obj)):
        raise ConversionError(
            f"cannot turn {type(obj).__name__} into data: not a model object", hint=_HINT
        )
    try:
        return _converter().unstructure(obj, unstructure_as=type(obj))
    except Exception as exc:  # a foreign object, or a field holding the wrong type
        raise ConversionError(
            f"cannot turn {type(obj).__name__} into data: {exc}", hint=_HINT
        ) from exc


def from_data(cls: type[T], data: Any) -> T:
    """Build a ``cls`` from plain data, or raise :class:`~mutualaid.errors.ConversionError`.

    The error's ``location.field`` is the path of the first bad field
    (``entries[3].member.birth_date``) and ``details["errors"]`` lists them all.
    Data nested deeper than :data:`MAX_DEPTH` levels, or holding a huge whole
    number, is refused at once (:func:`shape_problem`).
    """
    problem = shape_problem(data)
    if problem is not None:
        raise ConversionError(f"cannot make {cls.__name__} from the data: {problem}", hint=_HINT)
    try:
        return _converter().structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = []
        for line in transform_error(exc, format_exception=_describe):
            message, _, where = line.rpartition(" @ ")
            problems.append((_path(where), message))
    except MutualAidError as exc:  # raised by a class's own converter or check
        problems = [
            (exc.location.field if exc.location and exc.location.field else "(root)", exc.message)
        ]
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        problems = [("(root)", _describe(exc, cls))]
    # The first problem's path goes into the location (printed first); the others' into the text.
    first, first_message = problems[0]
    rest = "".join(f"; {where}: {message}" for where, message in problems[1:MAX_SHOWN])
    if len(problems) > MAX_SHOWN:  # a 100,000-character text where a list belongs...
        rest += f"; and {len(problems) - MAX_SHOWN} more"
        problems = [*problems[:MAX_SHOWN], ("…", f"{len(problems) - MAX_SHOWN} more problems")]
    at_root = first == "(root)"
    raise ConversionError(
        f"cannot make {cls.__name__} from the data: {first_message}{rest}",
        location=None if at_root else Location(field=first),
        hint=_HINT,
        errors=problems,
    )
