"""Invoice requests: the pack's rules at their boundaries, issue, reject, links to policies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from lifecycle_helpers import AT, ParamPack, Walker, application, complete_unit

from mutualaid.errors import ActionNotAllowed, GuardFailed, LifecycleError
from mutualaid.lifecycle.events import InvoiceIssued
from mutualaid.lifecycle.guards import UNIT
from mutualaid.lifecycle.invoicing import (
    APPLICATIONS,
    EDIT_FIELDS,
    RULES,
    invoice_machine,
    invoices_for_policy,
)
from mutualaid.model.invoice import InvoiceRequest
from mutualaid.model.kinds import MaterialKind
from mutualaid.model.material import Material
from mutualaid.model.plan import CoveragePeriod
from mutualaid.model.policy import Policy
from mutualaid.model.states import InvoiceRequestStatus as I
from mutualaid.rules import RuleEngine

UNIT_ = complete_unit()


def request(on: date, **kw: object) -> InvoiceRequest:
    base: dict[str, object] = {
        "id": "I1",
        "unit_id": "U1",
        "subject_ids": ("A1",),
        "title": UNIT_.name,
        "taxpayer_code": UNIT_.code,
        "amount": Decimal("120"),
        "email": "hr@example.com",
        "requested_on": on,
    }
    base.update(kw)
    return InvoiceRequest(**base)  # type: ignore[arg-type]


LINYI = ParamPack("ly", {"invoice.settlement_day": 25, "invoice.title_must_match_unit": True})


def ctx(pack: ParamPack = LINYI, **kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        RULES: pack.view(),
        UNIT: UNIT_,
        APPLICATIONS: (application("linyi"),),
    }
    base.update(kw)
    return base


@pytest.mark.parametrize(("day", "allowed"), [(24, True), (25, True), (26, False)])
def test_linyi_settlement_day_is_judged_on_the_day_of_submit(day: int, allowed: bool) -> None:
    """入会须知 4: the 25th is judged on the day the request is submitted, not its saved date."""
    at = datetime(2025, 3, day, 9)
    for saved_on in (date(2025, 3, 3), date(2025, 3, 28)):  # an old date, or a later one
        req = request(saved_on)
        if allowed:
            out = invoice_machine().apply(req, "submit", actor="U1", at=at, context=ctx())
            assert out.entity.status is I.SUBMITTED
            assert out.entity.requested_on == at.date()  # stamped on submit
        else:
            with pytest.raises(GuardFailed) as err:
                invoice_machine().apply(req, "submit", actor="U1", at=at, context=ctx())
            assert err.value.details["codes"] == ("invoice.after_settlement_day",)
            assert "结算后不再开取发票" in str(err.value)


def test_the_unit_cannot_backdate_its_request() -> None:
    """``save`` does not take the request date: the submit stamps it."""
    assert "requested_on" not in EDIT_FIELDS
    w = Walker(invoice_machine(), request(date(2025, 3, 3)))
    with pytest.raises(LifecycleError, match="unexpected requested_on"):
        w.do("save", requested_on=date(2025, 3, 20))
    with pytest.raises(GuardFailed, match="after_settlement_day"):
        w.do("submit", on=date(2025, 3, 27), context=ctx())
    w.do("submit", on=date(2025, 4, 2), context=ctx())
    assert w.entity.requested_on == date(2025, 4, 2)
    w.do("reject", actor="office", note="金额有误")
    with pytest.raises(GuardFailed, match="after_settlement_day"):
        w.do("submit", on=date(2025, 4, 26), context=ctx())
    assert w.replayed() == w.entity


def test_title_must_equal_unit_name_then_issue_and_email() -> None:
    w = Walker(invoice_machine(), request(date(2025, 3, 3), title="某某公司（简称）"))
    with pytest.raises(GuardFailed, match="title_mismatch"):
        w.do("submit", context=ctx())
    w.do("save", title=UNIT_.name)
    w.do("submit", context=ctx())
    w.do("issue", actor="office", invoice_number="04400000001", context=ctx())
    assert w.entity.status is I.ISSUED
    assert w.events[-1] == InvoiceIssued(
        subject_id="I1", at=AT, actor="office", invoice_number="04400000001", email="hr@example.com"
    )
    assert w.replayed() == w.entity
    with pytest.raises(ActionNotAllowed):
        w.do("cancel")


def test_reject_with_reasons_and_resubmit() -> None:
    w = Walker(invoice_machine(), request(date(2025, 3, 3)))
    w.do("submit", context=ctx())
    with pytest.raises(GuardFailed, match="reasons_required"):
        w.do("reject", actor="office")
    w.do("reject", actor="office", note="金额有误")
    w.do("save", amount=Decimal("60"))
    w.do("submit", context=ctx())
    assert w.entity.amount == Decimal("60.00")


def test_shenzhen_early_invoice_needs_the_commitment_letter() -> None:
    sz = ParamPack(
        "sz", {"invoice.early_allowed": True, "invoice.early_needs_commitment_letter": True}
    )
    w = Walker(invoice_machine(), request(date(2025, 3, 3), early=True))
    with pytest.raises(GuardFailed, match="early_needs_commitment_letter"):
        w.do("submit", context=ctx(sz))
    letter = Material.required(MaterialKind.COMMITMENT_LETTER).provide("letter.pdf")
    w.do("upload_commitment_letter", letter=letter)
    w.do("submit", context=ctx(sz))
    assert w.entity.status is I.SUBMITTED


def test_early_invoice_refused_where_not_offered() -> None:
    with pytest.raises(GuardFailed, match="early_not_allowed"):
        invoice_machine().apply(
            request(date(2025, 3, 3), early=True), "submit", actor="U1", at=AT, context=ctx()
        )


def test_guangdong_group_parts_are_invoiced_by_the_parent() -> None:
    gd = ParamPack("gd", {"invoice.group_invoiced_by_parent": True})
    from mutualaid.model.states import GroupPartStatus

    part = application("guangdong", group_id="G1", group_part_status=GroupPartStatus.INCLUDED)
    with pytest.raises(GuardFailed, match="group_by_parent"):
        invoice_machine().apply(
            request(date(2025, 3, 3)),
            "submit",
            actor="S1",
            at=AT,
            context=ctx(gd, applications=(part,)),
        )


def test_invoices_linked_to_policies() -> None:
    policy = Policy("P1", "U1", "A1", "medical", CoveragePeriod.calendar_year(2025))
    issued = request(date(2025, 3, 3), status=I.ISSUED, invoice_number="N1")
    other = request(
        date(2025, 3, 3), id="I2", subject_ids=("A2",), status=I.ISSUED, invoice_number="N2"
    )
    pending = request(date(2025, 3, 3), id="I3")
    assert invoices_for_policy(policy, [issued, other, pending]) == (issued,)


def test_guangdong_submit_waits_for_the_stamped_e_policy_with_the_installed_pack() -> None:
    """Seed 001 七（二）: "参保单位下载并盖章电子保单后，通过“单位开票申请”上传信息（参保确认书）
    … 5.上传盖章后的参保确认书 → 6.填写开票信息及金额，点击【保存】"."""
    gd = RuleEngine.from_entry_points(names=["guangdong"]).pack("guangdong")
    context = ctx(applications=(application("guangdong"),), **{RULES: gd})
    w = Walker(invoice_machine(), request(date(2026, 3, 3)))
    with pytest.raises(GuardFailed) as refused:
        w.do("submit", context=context)
    assert refused.value.details["codes"] == ("invoice.stamped_confirmation_missing",)
    named = Material.required(MaterialKind.CONFIRMATION_CERTIFICATE, "参保确认书（盖章）")
    w.do("save", stamped_confirmation=named)  # named, not uploaded: still refused
    with pytest.raises(GuardFailed, match="stamped_confirmation_missing"):
        w.do("submit", context=context)
    w.do("save", stamped_confirmation=named.provide("gd/confirmation.pdf"), amount=Decimal("100"))
    w.do("submit", context=context)
    w.do("issue", actor="office", invoice_number="44001", context=context)
    assert (w.entity.status, w.entity.stamped_confirmation.reference) == (
        I.ISSUED,
        "gd/confirmation.pdf",
    )
    assert w.replayed() == w.entity
