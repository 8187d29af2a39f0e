"""The printed documents live in mutualaid.documents; the life cycle no longer loads them.

Issue 11, item 6: ``import mutualaid.lifecycle`` pulled openpyxl through the
documents (0.68 s). The old paths resolve for one release with a
DeprecationWarning naming the new one.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import mutualaid.documents
from mutualaid.lifecycle import documents as old_module

MOVED = sorted(old_module.MOVED)


def test_every_moved_name_is_on_the_new_face() -> None:
    assert set(MOVED) == set(mutualaid.documents.__all__)


@pytest.mark.parametrize("name", MOVED)
def test_the_old_module_warns_and_gives_the_new_object(name: str) -> None:
    with pytest.warns(DeprecationWarning, match=rf"import {name} from mutualaid\.documents"):
        value = getattr(old_module, name)
    assert value is getattr(mutualaid.documents, name)


@pytest.mark.parametrize("name", ["EPolicy", "MemberList", "PaymentNoticeDocument"])
def test_the_lifecycle_package_warns_for_a_document_name(name: str) -> None:
    import mutualaid.lifecycle

    with pytest.warns(DeprecationWarning, match=r"mutualaid\.lifecycle\." + name + " moved"):
        value = getattr(mutualaid.lifecycle, name)
    assert value is getattr(mutualaid.documents, name)


def test_from_import_of_the_old_path_warns() -> None:
    with pytest.warns(DeprecationWarning, match="mutualaid.documents"):
        from mutualaid.lifecycle.documents import EPolicy
    assert EPolicy is mutualaid.documents.EPolicy


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    import mutualaid.lifecycle

    with pytest.raises(AttributeError):
        _ = old_module.NoSuchDocument
    with pytest.raises(AttributeError):
        _ = mutualaid.lifecycle.NoSuchDocument


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_importing_the_lifecycle_does_not_load_openpyxl() -> None:
    loaded = _loaded_after("import mutualaid.lifecycle")
    assert "mutualaid.lifecycle" in loaded
    assert "openpyxl" not in loaded
    assert "mutualaid.documents" not in loaded


def test_importing_the_documents_loads_openpyxl() -> None:
    assert "openpyxl" in _loaded_after("import mutualaid.documents")
