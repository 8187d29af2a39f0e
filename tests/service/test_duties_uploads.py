"""Yiyang 2.(六) 上传补充材料: jpg, png or pdf under 10M, through the service.

Seed 004 2. 新建参保单 (六): 「上传补充材料 … 要求：大小10M以内的jpg、png格式图片或pdf文件；
• 名单含有超龄职工，请下载超龄未退休职工名册，并加盖单位人事公章上传。」 The pack's
``upload.file_types`` and ``upload.max_bytes`` (10 x 1024 x 1024 bytes) hold it; the
other packs' limits are their data's (assumed where the manual only says 图片 or 影像).
"""

from __future__ import annotations

from datetime import date

import pytest
from service_helpers import people, registered, service
from test_bypasses import YY_ON, codes, guangdong_approved, yiyang_app

from mutualaid.errors import GuardFailed, MissingFact
from mutualaid.lifecycle import application_machine
from mutualaid.model import Application, InvoiceRequest, Material, MaterialKind, Unit
from mutualaid.model.states import ApplicationStatus as S
from mutualaid.testing.members import member

TEN_M = 10 * 1024 * 1024


def proof(file_name: str, size: int | None) -> Material:
    return Material.required(MaterialKind.OVER_AGE_PROOF).provide(
        "store/key-1", file_name=file_name, size_bytes=size
    )


def over_age_application(svc):  # type: ignore[no-untyped-def]
    unit = registered(svc, "yiyang")
    over_age = member("王五", birth_date=date(1959, 3, 1), area="430902", serial=3)
    return yiyang_app(svc, unit, "CB1", "T60", [*people(1), over_age])


@pytest.mark.parametrize(
    ("file_name", "size"),
    [
        ("超龄名册.jpg", TEN_M),
        ("超龄名册.PNG", 1),
        ("超龄名册.jpeg", 200_000),
        ("超龄名册.pdf", None),
    ],
)
def test_yiyang_2_6_jpg_png_or_pdf_within_10m_is_taken(file_name: str, size: int | None) -> None:
    svc = service(at=YY_ON)
    over_age_application(svc)
    out = svc.provide_material("CB1", proof(file_name, size), actor="U1")
    (kept,) = out.entity.materials
    assert kept.file_name == file_name and kept.size_bytes == size
    assert svc.submit("CB1", actor="U1").entity.status is S.AWAITING_MATERIAL_REVIEW


def test_yiyang_2_6_a_file_over_10m_is_refused_and_nothing_is_kept() -> None:
    svc = service(at=YY_ON)
    over_age_application(svc)
    with pytest.raises(GuardFailed) as err:
        svc.provide_material("CB1", proof("超龄名册.pdf", TEN_M + 1), actor="U1")
    assert codes(err) == ("upload.too_large",)
    assert "超过10M的上限" in str(err.value)
    assert svc.get(Application, "CB1").materials == ()  # refused: nothing stored


@pytest.mark.parametrize("file_name", ["超龄名册.docx", "超龄名册.xlsx", "超龄名册"])
def test_yiyang_2_6_a_file_of_another_format_is_refused(file_name: str) -> None:
    svc = service(at=YY_ON)
    over_age_application(svc)
    with pytest.raises(GuardFailed) as err:
        svc.provide_material("CB1", proof(file_name, 1000), actor="U1")
    assert codes(err) == ("upload.file_type_not_allowed",)
    assert "请上传jpg、png、pdf格式的文件" in str(err.value)


def test_yiyang_2_6_the_host_s_detected_type_wins_over_the_name() -> None:
    """A host that sniffed the content says so in ``file_type`` (a renamed .exe is not a pdf)."""
    svc = service(at=YY_ON)
    over_age_application(svc)
    renamed = Material.required(MaterialKind.OVER_AGE_PROOF).provide(
        "k", file_name="名册.pdf", file_type="application/zip", size_bytes=10
    )
    with pytest.raises(GuardFailed) as err:
        svc.provide_material("CB1", renamed, actor="U1")
    assert codes(err) == ("upload.file_type_not_allowed",)
    sniffed = Material.required(MaterialKind.OVER_AGE_PROOF).provide(
        "k", file_name="名册", file_type="image/jpeg", size_bytes=10
    )
    assert svc.provide_material("CB1", sniffed, actor="U1").entity.materials[0].file_format == "jpg"


def test_yiyang_2_6_saving_materials_is_judged_the_same() -> None:
    """``save(materials=...)`` cannot carry a file ``provide_material`` would refuse."""
    svc = service(at=YY_ON)
    over_age_application(svc)
    with pytest.raises(GuardFailed) as err:
        svc.save("CB1", actor="U1", materials=(proof("名册.pdf", TEN_M * 2),))
    assert codes(err) == ("upload.too_large",)


def test_yiyang_2_6_paper_materials_are_not_files() -> None:
    """线下递交材料 are handed in on paper: no format or size to judge."""
    svc = service(at=YY_ON)
    over_age_application(svc)
    paper = Material.required(MaterialKind.OVER_AGE_PROOF, offline=True).provide(
        size_bytes=TEN_M * 5
    )
    assert svc.provide_material("CB1", paper, actor="U1").entity.materials == (paper,)


def test_yiyang_2_6_the_machine_alone_cannot_skip_the_limits() -> None:
    """Driving the machine without the pack, a file that says what it is cannot be judged."""
    svc = service(at=YY_ON)
    app = over_age_application(svc)
    machine = application_machine(svc.flow("yiyang", YY_ON.date()))
    with pytest.raises(MissingFact):
        machine.apply(app, "provide_material", actor="U1", at=YY_ON,
                      material=proof("名册.pdf", 10))  # fmt: skip


def test_the_other_packs_limits_are_their_data() -> None:
    """Weihai and Linyi ask for 图片, Guangdong for 影像材料 (formats assumed, no size);
    Shenzhen's manual names none (its uploads are Excel templates and a stamped letter)."""
    on = date(2026, 3, 2)
    expected = {
        "weihai": (["jpg", "png"], None),
        "linyi": (["jpg", "png"], None),
        "guangdong": (["jpg", "png", "pdf"], None),
        "shenzhen": (None, None),
        "yiyang": (["jpg", "png", "pdf"], TEN_M),
    }
    svc = service()
    for name, (types, size) in expected.items():
        rules = svc.rules(name)
        assert rules.param("upload.file_types", on, None) == types, name
        assert rules.param("upload.max_bytes", on, None) == size, name


def test_guangdong_7_2_the_stamped_confirmation_is_judged_as_an_upload() -> None:
    """Guangdong 七（二）「5.上传盖章后的参保确认书」: the invoice request's upload is a file like any
    other, within the pack's formats (影像材料: jpg, png or pdf, assumed)."""
    svc = service()
    guangdong_approved(svc)
    unit = svc.get(Unit, "U1")
    request = InvoiceRequest("I1", "U1", ("G1",), unit.name, unit.code, "300", "hr@example.com",
                             date(2026, 3, 22))  # fmt: skip
    svc.store.save(request)
    scan = Material.required(MaterialKind.CONFIRMATION_CERTIFICATE)
    with pytest.raises(GuardFailed) as err:
        svc.invoice_step("I1", "save", actor="U1",
                         stamped_confirmation=scan.provide("k", file_name="确认书.docx"))  # fmt: skip
    assert codes(err) == ("upload.file_type_not_allowed",)
    stamped = scan.provide("k", file_name="确认书.pdf", size_bytes=80_000)
    out = svc.invoice_step("I1", "save", actor="U1", stamped_confirmation=stamped)
    assert out.entity.stamped_confirmation == stamped
