"""Every finding code has its Chinese and its English; every CLI line has both (issue 11, item 2).

The codes are those the library and the bundled packs emit (an :mod:`ast` scan
of every call of a finding maker with a literal code, as
tests/roster/test_validation_codes.py reads them), those docs/findings.md
documents (its ``### `code` `` headings and its table of the bundled packs'
codes) and those of the two catalogues. A code any of them knows with no line
in :data:`mutualaid.messages.english.FINDINGS` fails here: add one line there.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from mutualaid.messages import LANGUAGES, language_from_environ
from mutualaid.messages.english import CHINESE_WORDED, FIELDS, FINDINGS, KEPT, VALUES
from mutualaid.messages.lines import ERRORS, LINES
from mutualaid.messages.render import NO_ENGLISH, finding_text
from mutualaid.roster.findings import CATALOGUE
from mutualaid.rules.findings import CODE_PATTERN, CODES, Finding

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    [*(ROOT / "src" / "mutualaid").rglob("*.py"), *(ROOT / "rulepacks").glob("*/src/**/*.py")]
)
MAKERS = {"error", "warning", "needs_material", "make", "Finding", "of"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: Placeholders every English template may use beside the params: the finding's own column and row.
OWN = {"column", "row"}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def emitting_calls() -> list[tuple[str, set[str] | None, str]]:
    """``(code, keyword names or None when **params are passed, where)`` per maker call."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            args = node.args[1:] if name == "of" else node.args
            first = args[0] if args else None
            if (
                name in MAKERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and CODE_PATTERN.match(first.value)
            ):
                names: set[str] | None = {k.arg for k in node.keywords if k.arg is not None}
                if any(k.arg is None for k in node.keywords):
                    names = None
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append((first.value, names, where))
    return found


def documented_codes() -> set[str]:
    text = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### `([a-z0-9_.]+)`", text, flags=re.M)
    table = re.findall(r"^\| `([a-z0-9_]+\.[a-z0-9_.]+)` \|", text, flags=re.M)
    return {*headings, *table}


def every_code() -> set[str]:
    return {
        *(code for code, _, _ in emitting_calls()),
        *documented_codes(),
        *CATALOGUE,
        *CODES,
    }


def test_the_scan_sees_the_library_the_packs_and_the_docs() -> None:
    codes = every_code()
    assert {"id.checksum", "age.over_retirement", "invoice.title_mismatch"} <= codes
    assert {"yiyang.over_age_review", "shenzhen.invoice_field_missing"} <= codes
    assert len(codes) >= 48


def test_every_code_has_both_languages() -> None:
    missing = sorted(code for code in every_code() if not FINDINGS.get(code, "").strip())
    assert not missing, (
        f"add the English of these codes to mutualaid/messages/english.py: {missing}"
    )


def test_every_english_line_is_english() -> None:
    for code, text in FINDINGS.items():
        assert CODE_PATTERN.match(code), code
        assert not CJK.search(text), code
        assert text[:1].isupper() or text.startswith("{"), code


def test_english_placeholders_are_the_chinese_templates() -> None:
    """The roster catalogue's Chinese templates and the English have the same placeholders.

    Except the params whose value is a Chinese phrase (``CHINESE_WORDED``):
    the English drops each, or names the neutral param it uses instead.
    """
    differ = {}
    for code, info in CATALOGUE.items():
        chinese = set()
        for name in placeholders(info.template):
            if name in CHINESE_WORDED:
                instead = CHINESE_WORDED[name]
                if instead is not None:
                    chinese.add(instead)
            else:
                chinese.add(name)
        english = placeholders(FINDINGS.get(code, ""))
        if english != chinese:
            differ[code] = {"chinese": sorted(chinese), "english": sorted(english)}
    assert not differ, f"make these English lines use the Chinese placeholders: {differ}"


def test_english_placeholders_are_params_every_emitter_passes() -> None:
    """Where a rule writes its Chinese inline, the English names the params its call passes."""
    checked = 0
    for code, names, where in emitting_calls():
        if names is None or code not in FINDINGS:
            continue
        if code in CATALOGUE:  # make(): the catalogue's template decides (test above)
            continue
        lacking = placeholders(FINDINGS[code]) - names - OWN
        assert not lacking, f"{where}: {code} does not pass {sorted(lacking)}"
        checked += 1
    assert checked >= 15


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_catalogued_finding_renders_in_english_from_its_params(code: str) -> None:
    from mutualaid.roster.findings import make

    params = {name: "1" for name in placeholders(CATALOGUE[code].template) - OWN}
    params.update({"material": "over_age_proof", "id_type": "护照", "expected": "男"})
    f = make(code, column="证件号码", field="id_number", row=5, **params)
    english = f.text("en")
    assert "…" not in english and english != NO_ENGLISH
    assert not CJK.search(english), english
    assert f.text("zh") == f.message


def test_a_code_without_english_says_so_in_english() -> None:
    f = Finding.warning("otherpack.something", "其他规则包的提示")
    assert f.text("en") == NO_ENGLISH and f.text("zh") == "其他规则包的提示"


def test_translated_values_and_field_names_are_english() -> None:
    for table in (VALUES, FIELDS):
        for value in table.values():
            assert not CJK.search(value), value
    assert {"value", "given", "allowed"} == KEPT
    english = finding_text(
        "field.invalid_choice", "…", {"value": "军官证", "allowed": "男、女"}, "en", field="gender"
    )
    assert english == "Gender “军官证” is not an allowed value; write one of: 男、女"


# --- the command line's own lines ---------------------------------------------------

#: Latin words a Chinese line may hold: option values, the program, file kinds, vendors.
KEPT_WORDS = {"mutualaid", "pack", "json", "FILE", "xlsx", "csv", "Excel", "WPS", "pip", "help"}
#: ... the values of --lang,
KEPT_WORDS |= {"zh", "en"}
#: ... and the words of a shell command to type, and pack data's "illustrative" mark.
KEPT_WORDS |= {"cd", "install", "pytest", "test", "illustrative"}
OPTION = re.compile(r"--[a-z][a-z-]*")
COMMAND = re.compile(r"mutualaid (?:packs|check|template|new-pack)\b")


def _latin_words(text: str) -> set[str]:
    """The Latin words of a line, leaving out placeholders, options and commands (``mutualaid packs``)."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = COMMAND.sub(" ", OPTION.sub(" ", text.replace("mutualaid-pack-*", "")))
    return set(re.findall(r"[A-Za-z]{2,}", text))


@pytest.mark.parametrize("key", sorted(LINES))
def test_every_cli_line_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = LINES[key]
    assert zh.strip() and en.strip(), key
    assert placeholders(zh) == placeholders(en), key
    assert not CJK.search(en), key
    assert _latin_words(zh) <= KEPT_WORDS, (key, _latin_words(zh) - KEPT_WORDS)


def test_every_error_summary_has_both_languages() -> None:
    for name, (zh, en) in ERRORS.items():
        assert CJK.search(zh) and not CJK.search(en), name
        assert _latin_words(zh) <= KEPT_WORDS, name


def test_errors_summarised_are_classes_of_the_error_tree() -> None:
    import mutualaid.errors as errors

    for name in ERRORS:
        assert issubclass(getattr(errors, name), errors.MutualAidError), name


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_the_locale_picks_the_language(environ: dict[str, str], lang: str) -> None:
    assert language_from_environ(environ) == lang
    assert lang in LANGUAGES


def test_the_findings_row_fills_a_row_placeholder() -> None:
    f = Finding.error("file.stray_quote", "第7行有一个未配对的引号", count=3).at_row(7)
    english = f.text("en")
    assert english.startswith("Row 7 has an unpaired quote") and "next 3 row(s)" in english
