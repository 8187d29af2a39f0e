"""A pack that cannot load is reported by name and left out; the others keep working.

The broken packs are real entry points (``importlib.metadata.EntryPoint``)
added to the installed ones, naming modules written to a temporary folder:
one that cannot import, one whose data file is invalid, one whose
``mutualaid_pack_info`` raises, and one that extends a pack that is not installed.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

from mutualaid.cli.main import main
from mutualaid.errors import PackDataError, PackLoadError
from mutualaid.rules import RuleEngine

ROSTER = Path(__file__).resolve().parents[2] / "examples" / "data" / "yiyang_roster.xlsx"

MODULES = {
    "broken_import_pack": "import mutualaid_no_such_module  # noqa\n",
    "broken_data_pack": """
from mutualaid.rules import PackData
PackData.from_mapping({"format": 1, "pack": "bad", "parameters": {"x": {"values": [
    {"valid_from": "2026-01-01", "value": 1}]}}}, origin="bad.json")
""",
    "broken_info_pack": """
from mutualaid.rules import hookimpl
class Pack:
    @hookimpl
    def mutualaid_pack_info(self):
        raise RuntimeError("the pack's own bug")
pack = Pack()
""",
    "orphan_pack": """
from mutualaid.rules import PackInfo, hookimpl
class Pack:
    @hookimpl
    def mutualaid_pack_info(self):
        return PackInfo("orphan", "orphan", "1.0", "孤儿", ">=0.1", "no-such-base")
pack = Pack()
""",
}

BROKEN = {
    "broken-import": "broken_import_pack:pack",
    "broken-data": "broken_data_pack:pack",
    "broken-info": "broken_info_pack:pack",
    "orphan": "orphan_pack:pack",
}


@pytest.fixture
def broken_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed packs plus the four broken ones."""
    for module, text in MODULES.items():
        (tmp_path / f"{module}.py").write_text(text, encoding="utf-8")
        monkeypatch.delitem(sys.modules, module, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    real = importlib.metadata.entry_points

    def entry_points(group: str) -> list[importlib.metadata.EntryPoint]:
        found = list(real(group=group))
        if group == "mutualaid.rulepacks":
            found += [importlib.metadata.EntryPoint(n, v, group) for n, v in BROKEN.items()]
        return found

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


@pytest.mark.usefixtures("broken_installed")
def test_broken_packs_are_left_out_and_named() -> None:
    engine = RuleEngine.from_entry_points()
    assert set(engine.load_failures) == set(BROKEN)
    assert {"yiyang", "weihai", "guangdong", "shenzhen", "linyi"} <= set(engine.pack_names())
    assert not set(BROKEN) & set(engine.pack_names())
    assert "broken-import" in str(engine.load_failures["broken-import"])
    assert isinstance(engine.load_failures["broken-data"], PackDataError)
    assert "the pack's own bug" in str(engine.load_failures["broken-info"])
    assert "no-such-base" in str(engine.load_failures["orphan"])
    with pytest.raises(PackLoadError, match="pack broken-import: cannot import"):
        engine.pack("broken-import")
    assert engine.pack("yiyang").plans()


@pytest.mark.usefixtures("broken_installed")
def test_only_the_packs_asked_for_are_imported() -> None:
    engine = RuleEngine.from_entry_points(names=["yiyang"])
    assert engine.pack_names() == ("yiyang",)
    assert engine.load_failures == {}
    assert not {"broken_import_pack", "broken_info_pack", "broken_data_pack"} & set(sys.modules)


@pytest.mark.usefixtures("broken_installed")
def test_mutualaid_packs_lists_the_others_and_names_the_broken(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["packs"])
    out, err = capsys.readouterr()
    assert status == 0
    assert "yiyang" in out and "YY-HOSP-2026" in out and "linyi" in out
    for name in BROKEN:
        assert f"pack {name} left out" in err
        assert name not in out


def test_check_with_a_broken_pack_installed_matches_a_clean_install(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    args = ["check", str(ROSTER), "--pack", "yiyang", "--plan", "YY-HOSP-2026", "--tier", "T60"]
    clean_status = main(args)
    clean_out, _ = capsys.readouterr()
    request.getfixturevalue("broken_installed")
    status = main(args)
    out, err = capsys.readouterr()
    assert (status, out) == (clean_status, clean_out)
    assert "left out" not in err
    assert "broken_import_pack" not in sys.modules


def test_a_pack_asked_for_loads_the_pack_it_extends(monkeypatch: pytest.MonkeyPatch) -> None:
    from mutualaid.rules import PackInfo, hookimpl

    class Pack:
        def __init__(self, name: str, extends: str | None = None) -> None:
            self.info = PackInfo(name, "north", "1.0", name, ">=0.1", extends)

        @hookimpl
        def mutualaid_pack_info(self) -> PackInfo:
            return self.info

    objects = {"office": Pack("office", "base"), "base": Pack("base"), "other": Pack("other")}
    loaded: list[str] = []

    class _EP:
        def __init__(self, name: str) -> None:
            self.name, self.value, self.dist = name, f"fake:{name}", None

        def load(self) -> object:
            loaded.append(self.name)
            return objects[self.name]

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [_EP(n) for n in objects])
    engine = RuleEngine.from_entry_points(names=["office"])
    assert sorted(loaded) == ["base", "office"]
    assert [p.name for p in engine.pack("office").chain] == ["office", "base"]


@pytest.mark.usefixtures("broken_installed")
def test_asking_for_the_broken_pack_names_it_and_its_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["packs", "--pack", "broken-info"])
    out, err = capsys.readouterr()
    assert status == 1 and out == ""
    assert "PackLoadError: pack broken-info: pack Pack: mutualaid_pack_info failed" in err
    assert "the pack's own bug" in err
    assert "yiyang" not in err  # only the pack asked for was loaded
