"""The service: one call per business action, every fact from the store, one transaction each.

:class:`Service` stands over a store (:class:`~mutualaid.lifecycle.Repository`)
and a rule engine. Each method loads the entity and every fact its rules need
(the unit, its other applications, the notice, the policy, the group's parts),
asks the region's pack, applies the pure transition of
:mod:`mutualaid.lifecycle`, and writes the new entity, its audit record and
its events (the outbox) in one store transaction, all or nothing. It returns
the :class:`~mutualaid.lifecycle.Outcome`. A stale write is refused by
version (:class:`~mutualaid.errors.ConcurrentModification`). The clock is
injected (``clock=``); ``at=`` on a call overrides it for that call.

Layer 6.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from mutualaid.errors import GuardFailed
from mutualaid.lifecycle import (
    Facts,
    Machine,
    Outcome,
    Repository,
    UnitChange,
    application_machine,
    build_policies,
    change_machine,
    combined_application,
    create_group,
    endorse,
    endorsement_machine,
    flow_from,
    group_invoice_machine,
    group_machine,
    group_part_machine,
    invoice_machine,
    issue_unit_number,
    link_machine,
    notice_for_application,
    notice_for_endorsement,
    notice_for_group,
    pack_effective_date,
    payment_machine,
    pinyin_username,
    policy_machine,
    price_endorsement,
    refusal_text,
    registration_machine,
    request_link,
    submit_group,
    transfer_in,
)
from mutualaid.lifecycle.store import OutboxEntry
from mutualaid.model import (
    Application,
    ApplicationLine,
    Endorsement,
    InvoiceRequest,
    Material,
    PaymentNotice,
    PaymentVoucher,
    Policy,
    PolicyMember,
    Unit,
)
from mutualaid.model.states import EndorsementStatus, PolicyStatus, RegistrationStatus
from mutualaid.model.unit import UnitLink
from mutualaid.rules.engine import PackView, RuleEngine
from mutualaid.rules.findings import Finding
from mutualaid.rules.flows import ApplicationFlow, UsernameScheme
from mutualaid.service.gather import (
    covering_elsewhere,
    group_of,
    invoiced_applications,
    live_notice,
    other_applications,
    parts_of,
    previous_cover_end,
    request_for,
    subject_notice,
)
from mutualaid.service.messages import deliver
from mutualaid.service.payment_method import check_payment_method

__all__ = ["Clock", "Service"]

#: What gives the time of a step: a function of no arguments returning a ``datetime``.
Clock = Callable[[], datetime]

E = TypeVar("E")


class Service:
    """The business actions of every region's flow, over a store and a rule engine.

    :param store: where entities, audit trails and events are kept (memory,
        SQLite...): it must offer ``transaction()``, ``save``/``update`` with
        ``events=``, ``pending_events`` and ``acknowledge``.
    :param engine: the rule engine; each entity's region chooses its pack
        (``engine.pack(region=unit.region or application.region)``).
    :param clock: the time of each step (``at=`` overrides it for one call).
    """

    def __init__(self, store: Repository, engine: RuleEngine, *, clock: Clock) -> None:
        self.store = store
        self.engine = engine
        self.clock = clock

    # --- plumbing ---------------------------------------------------------------------------

    def _now(self, at: datetime | None) -> datetime:
        return at if at is not None else self.clock()

    def rules(self, name: str) -> PackView:
        """The pack named ``name`` (an application's ``pack``), else the pack of region ``name``."""
        if name in self.engine.pack_names():
            return self.engine.pack(name)
        return self.engine.pack(region=name)

    def flow(self, name: str, on: date, *, group: bool = False) -> ApplicationFlow:
        """The flow of pack (or region) ``name`` with its data of ``on`` (``group=True``: the group flow)."""
        return flow_from(self.rules(name), "group" if group else "standalone", on)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.store.transaction():
            yield

    def _write(self, out: Outcome[Any], *, new: bool = False) -> Outcome[Any]:
        """Store an outcome: the entity with its audit record and events (inside a transaction)."""
        if new:
            stored = self.store.save(out.entity, audit=[out.audit], events=out.events)
        else:
            stored = self.store.update(
                out.entity,
                expected_version=out.entity.version - 1,
                audit=[out.audit],
                events=out.events,
            )
        deliver(self.store, out)  # the unit's messages (消息通知), in the same transaction
        return attrs.evolve(out, entity=stored)

    def _step(
        self,
        machine: Machine[E],
        entity: E,
        action: str,
        *,
        actor: str,
        at: datetime,
        note: str = "",
        expected_version: int | None = None,
        facts: Facts | Mapping[str, Any] | None = None,
        **params: Any,
    ) -> Outcome[E]:
        out = machine.apply(
            entity,
            action,
            actor=actor,
            at=at,
            note=note,
            expected_version=expected_version,
            context=facts,
            **params,
        )
        written: Outcome[E] = self._write(out)
        return written

    def pending_events(self, limit: int | None = None) -> tuple[OutboxEntry, ...]:
        """The events not acknowledged yet, oldest first: send the SMS, then :meth:`acknowledge`."""
        return self.store.pending_events(limit)

    def acknowledge(self, *entry_ids: int) -> None:
        """Mark outbox entries done (after acting on them)."""
        self.store.acknowledge(*entry_ids)

    # --- registration (单位注册) ------------------------------------------------------------------

    def _unit_flow(self, unit: Unit, on: date) -> Any:
        return self.flow(unit.region or "", on).registration

    def register(
        self,
        unit: Unit,
        *,
        actor: str,
        at: datetime | None = None,
        unit_number: str | None = None,
        username: str | None = None,
    ) -> Outcome[Unit]:
        """A unit registers (注册): stored, then submitted, in one transaction.

        Where the region approves at once with a unit number (Weihai), the
        number is issued here unless given, and the username follows the
        region's scheme. The pack's registration form fields are checked.
        """
        now = self._now(at)
        flow = self._unit_flow(unit, now.date())
        params: dict[str, Any] = {}
        if not flow.review_required and flow.unit_number_digits:
            used = {u.unit_number or "" for u in self.store.all(Unit)}
            params["unit_number"] = unit_number or issue_unit_number(
                used=used, digits=flow.unit_number_digits
            )
            params["username"] = username or self._username(unit, flow, params["unit_number"])
        with self._transaction():
            self.store.save(unit)
            return self._step(
                registration_machine(flow),
                unit,
                "submit",
                actor=actor,
                at=now,
                facts=Facts(rules=self.rules(unit.region or "")),
                **params,
            )

    def _username(self, unit: Unit, flow: Any, number: str | None) -> str:
        scheme = flow.username
        if scheme is UsernameScheme.PINYIN and unit.handler is not None:
            # the usernames issued so far are in the units' audit records
            taken = {
                str(r.params["username"])
                for u in self.store.all(Unit)
                for r in self.store.audit_trail(Unit, u.id)
                if r.params.get("username")
            }
            return pinyin_username(unit.handler.name, taken=taken)
        if scheme is UsernameScheme.MOBILE and unit.handler is not None:
            return unit.handler.mobile or ""
        if scheme is UsernameScheme.USCC:
            return unit.code
        return number or unit.unit_number or ""

    def resubmit_registration(
        self, unit_id: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Unit]:
        """A returned registration is submitted again."""
        now = self._now(at)
        with self._transaction():
            unit = self.store.get(Unit, unit_id)
            return self._step(
                registration_machine(self._unit_flow(unit, now.date())),
                unit,
                "submit",
                actor=actor,
                at=now,
                facts=Facts(rules=self.rules(unit.region or "")),
            )

    def review_registration(
        self,
        unit_id: str,
        *,
        actor: str,
        approve: bool = True,
        note: str = "",
        at: datetime | None = None,
        unit_number: str | None = None,
        username: str | None = None,
    ) -> Outcome[Unit]:
        """The office approves a registration (the username by the region's scheme) or returns it."""
        now = self._now(at)
        with self._transaction():
            unit = self.store.get(Unit, unit_id)
            flow = self._unit_flow(unit, now.date())
            machine = registration_machine(flow)
            if not approve:
                return self._step(machine, unit, "return", actor=actor, at=now, note=note)
            params: dict[str, Any] = {}
            if flow.unit_number_digits:
                used = {u.unit_number or "" for u in self.store.all(Unit)}
                params["unit_number"] = unit_number or issue_unit_number(
                    used=used, digits=flow.unit_number_digits
                )
            params["username"] = username or self._username(unit, flow, params.get("unit_number"))
            return self._step(machine, unit, "approve", actor=actor, at=now, note=note, **params)

    def update_unit(
        self,
        unit_id: str,
        changes: Mapping[str, Any] | None = None,
        *,
        actor: str,
        at: datetime | None = None,
        change_id: str | None = None,
    ) -> Outcome[Unit]:
        """The unit's information completed or changed (完善信息).

        Where the region reviews changes to an approved unit (Guangdong's
        单位信息变更), the approved :class:`~mutualaid.lifecycle.UnitChange` is
        loaded from the store: ``change_id``, or else the unit's latest
        approved change whose contents are ``changes``. Without one the
        update is refused (``unit.change_not_reviewed``). ``changes`` may be
        left out when ``change_id`` is given: the change's contents are applied.
        """
        now = self._now(at)
        with self._transaction():
            unit = self.store.get(Unit, unit_id)
            change = self._approved_change(unit_id, changes, change_id)
            if changes is None and change is not None:
                changes = change.as_dict
            return self._step(
                registration_machine(self._unit_flow(unit, now.date())),
                unit,
                "update",
                actor=actor,
                at=now,
                facts=Facts(change=change),
                changes=dict(changes or {}),
            )

    def _approved_change(
        self, unit_id: str, changes: Mapping[str, Any] | None, change_id: str | None
    ) -> UnitChange | None:
        """The unit's change named ``change_id``, or its latest approved one of ``changes``."""
        mine = self.store.changes_of_unit(unit_id)
        if change_id is not None:
            return next((c for c in mine if c.id == change_id), None)
        wanted = None if changes is None else dict(changes)
        approved = [
            c for c in mine if c.status is RegistrationStatus.APPROVED and c.as_dict == wanted
        ]
        return approved[-1] if approved else None

    def request_unit_change(
        self, change: UnitChange, *, actor: str, at: datetime | None = None
    ) -> Outcome[UnitChange]:
        """A unit asks to change its approved information (单位信息变更): stored and submitted
        for review in one transaction."""
        now = self._now(at)
        with self._transaction():
            self.store.get(Unit, change.unit_id)
            self.store.save(change)
            return self._step(change_machine(), change, "submit", actor=actor, at=now)

    def review_unit_change(
        self,
        change_id: str,
        *,
        actor: str,
        approve: bool = True,
        note: str = "",
        at: datetime | None = None,
    ) -> Outcome[UnitChange]:
        """The office approves a change request, or returns it with its reasons."""
        now = self._now(at)
        with self._transaction():
            change = self.store.get(UnitChange, change_id)
            action = "approve" if approve else "return"
            return self._step(change_machine(), change, action, actor=actor, at=now, note=note)

    def resubmit_unit_change(
        self,
        change_id: str,
        changes: Mapping[str, Any] | None = None,
        *,
        actor: str,
        at: datetime | None = None,
    ) -> Outcome[UnitChange]:
        """A returned change request submitted again (with new ``changes`` when given)."""
        now = self._now(at)
        with self._transaction():
            change = self.store.get(UnitChange, change_id)
            if changes is not None:
                change = attrs.evolve(change, changes=changes)
            return self._step(change_machine(), change, "submit", actor=actor, at=now)

    # --- applications (参保申请) ---------------------------------------------------------------------

    def _app_machine(self, app: Application, on: date) -> Machine[Application]:
        if app.is_group_part:
            return group_part_machine(self.flow(app.pack, on, group=True))
        if app.subsidiary_ids:
            return group_machine(self.flow(app.pack, on, group=True))
        return application_machine(self.flow(app.pack, on))

    def _app_facts(self, app: Application, **more: Any) -> Facts:
        """Every fact an application's guards may read, from the store."""
        unit = self.store.find(Unit, app.unit_id)
        facts: dict[str, Any] = {
            "unit": unit,
            "rules": self.rules(app.pack),
            "prior_applications": other_applications(self.store, app),
            "payment_notice": live_notice(self.store, app.id),
            "invoice_request": request_for(self.store, app),
        }
        if app.is_group_part:
            facts["group"] = group_of(self.store, app)
        elif app.subsidiary_ids:
            facts["parts"] = parts_of(self.store, app)
        return Facts(**{**facts, **more})

    def act(
        self,
        app_id: str,
        action: str,
        *,
        actor: str,
        at: datetime | None = None,
        note: str = "",
        expected_version: int | None = None,
        **params: Any,
    ) -> Outcome[Application]:
        """Any application step by name, with every fact from the store.

        The named methods below are this with the action's own facts
        (the notice for ``confirm_payment``, the invoice request for
        ``enter_invoice``...). A step the region lacks raises
        :class:`~mutualaid.errors.ActionNotAllowed`.
        """
        now = self._now(at)
        with self._transaction():
            app = self.store.get(Application, app_id)
            return self._step(
                self._app_machine(app, now.date()),
                app,
                action,
                actor=actor,
                at=now,
                note=note,
                expected_version=expected_version,
                facts=self._app_facts(app),
                **params,
            )

    def create_application(
        self, application: Application, *, actor: str, at: datetime | None = None, **fields: Any
    ) -> Outcome[Application]:
        """A new application (新增/新建参保单), saved with its first fields (lines, declared counts...)."""
        now = self._now(at)
        with self._transaction():
            self.store.save(application)
            return self._step(
                self._app_machine(application, now.date()),
                application,
                "save",
                actor=actor,
                at=now,
                facts=self._app_facts(application),
                **fields,
            )

    def save(
        self,
        app_id: str,
        *,
        actor: str,
        at: datetime | None = None,
        expected_version: int | None = None,
        **fields: Any,
    ) -> Outcome[Application]:
        """Edit a draft, returned or withdrawn application (保存/暂存).

        ``expected_version``: the version the host showed the user (a stale
        edit raises :class:`~mutualaid.errors.ConcurrentModification`).
        """
        return self.act(
            app_id, "save", actor=actor, at=at, expected_version=expected_version, **fields
        )

    def provide_material(
        self, app_id: str, material: Material, *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """Upload a material (证明材料)."""
        return self.act(app_id, "provide_material", actor=actor, at=at, material=material)

    def accept_terms(
        self, app_id: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """The notice of terms read and accepted (阅读告知书, Shenzhen)."""
        return self.act(app_id, "accept_terms", actor=actor, at=at)

    def upload_stamped_application(
        self, app_id: str, reference: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """The stamped application form uploaded after submission (上传盖章申请书, Guangdong)."""
        return self.act(
            app_id, "upload_stamped_application", actor=actor, at=at, reference=reference
        )

    def approve_materials(
        self, app_id: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """The over-age materials approved (超龄材料审核通过, Yiyang)."""
        return self.act(app_id, "approve_materials", actor=actor, at=at)

    def submit(
        self,
        app_id: str,
        *,
        actor: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome[Application]:
        """Submit (提交): the unit, the pack and the unit's other applications judge it.

        A group part is submitted to its parent, judged with the group's deadline.
        """
        return self.act(app_id, "submit", actor=actor, at=at, expected_version=expected_version)

    def review(
        self,
        app_id: str,
        *,
        actor: str,
        approve: bool = True,
        note: str = "",
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome[Application]:
        """The office approves (审核通过; a second review where the flow has one) or returns with ``note``."""
        action = "approve" if approve else "return"
        return self.act(
            app_id, action, actor=actor, at=at, note=note, expected_version=expected_version
        )

    def withdraw(
        self, app_id: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """The unit withdraws while under review (撤回)."""
        return self.act(app_id, "withdraw", actor=actor, at=at)

    def cancel(
        self, app_id: str, *, actor: str, note: str = "", at: datetime | None = None
    ) -> Outcome[Application]:
        """The application is cancelled (撤单), with its live payment notice where it has one."""
        now = self._now(at)
        with self._transaction():
            out = self.act(app_id, "cancel", actor=actor, at=now, note=note)
            for notice in self.store.payment_notices_for(app_id):
                machine = payment_machine(self.flow(out.entity.pack, now.date()).payment)
                if "cancel" in machine.allowed_actions(notice):
                    self._step(machine, notice, "cancel", actor=actor, at=now, note=note)
            return out

    # --- payment (缴费) ------------------------------------------------------------------------------

    def issue_notice(
        self,
        subject_id: str,
        *,
        actor: str = "system",
        at: datetime | None = None,
        counter: int | None = None,
    ) -> Outcome[PaymentNotice]:
        """The payment notice of an approved application, a group or an endorsement, priced by the pack.

        ``counter`` numbers it by the region's scheme (default: one more than
        the notices stored). Refused for an application nobody approved.
        """
        now = self._now(at)
        with self._transaction():
            number = counter if counter is not None else len(self.store.all(PaymentNotice)) + 1
            endorsement = self.store.find(Endorsement, subject_id)
            if endorsement is not None:
                policy = self.store.get(Policy, endorsement.policy_number)
                app = self.store.get(Application, policy.application_id)
                out = notice_for_endorsement(
                    self.flow(app.pack, now.date()).payment,
                    endorsement,
                    policy,
                    self.rules(app.pack),
                    counter=number,
                    at=now,
                    actor=actor,
                )
            else:
                app = self.store.get(Application, subject_id)
                if app.subsidiary_ids:
                    flow = self.flow(app.pack, now.date(), group=True)
                    parts = parts_of(self.store, app)
                    out = notice_for_group(
                        flow,
                        app,
                        parts,
                        self.rules(app.pack),
                        counter=number,
                        at=now,
                        actor=actor,
                    )
                else:
                    out = notice_for_application(
                        self.flow(app.pack, now.date()).payment,
                        app,
                        self.rules(app.pack),
                        counter=number,
                        at=now,
                        actor=actor,
                    )
            written: Outcome[PaymentNotice] = self._write(out, new=True)
            return written

    def _notice_step(
        self,
        number: str,
        action: str,
        *,
        actor: str,
        at: datetime | None,
        note: str = "",
        **params: Any,
    ) -> Outcome[PaymentNotice]:
        now = self._now(at)
        with self._transaction():
            notice = self.store.get(PaymentNotice, number)
            region = self._region_of_subject(notice.subject_id)
            return self._step(
                payment_machine(self.flow(region, now.date()).payment),
                notice,
                action,
                actor=actor,
                at=now,
                note=note,
                facts=Facts(rules=self.rules(region)),
                **params,
            )

    def _region_of_subject(self, subject_id: str) -> str:
        app = self.store.find(Application, subject_id)
        if app is None:
            endorsement = self.store.get(Endorsement, subject_id)
            policy = self.store.get(Policy, endorsement.policy_number)
            app = self.store.get(Application, policy.application_id)
        return app.pack

    def add_voucher(
        self, number: str, voucher: PaymentVoucher, *, actor: str, at: datetime | None = None
    ) -> Outcome[PaymentNotice]:
        """Upload a payment voucher (上传缴费凭证) to notice ``number``."""
        return self._notice_step(number, "add_voucher", actor=actor, at=at, voucher=voucher)

    def submit_vouchers(
        self, number: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[PaymentNotice]:
        """The vouchers submitted (确认提交): their sum must be the amount due, to the fen.

        The pack's payment-method rules judge them first (:mod:`mutualaid.service.payment_method`).
        """
        check_payment_method(self, number, self._now(at).date())
        return self._notice_step(number, "submit_vouchers", actor=actor, at=at)

    def return_vouchers(
        self, number: str, *, actor: str, note: str, at: datetime | None = None
    ) -> Outcome[PaymentNotice]:
        """The office sends the vouchers back (发回重新上传)."""
        return self._notice_step(number, "return_vouchers", actor=actor, at=at, note=note)

    def defer(
        self, number: str, pay_by: date, *, actor: str, at: datetime | None = None
    ) -> Outcome[PaymentNotice]:
        """Deferred payment (延迟缴款申请), within the pack's ``payment.max_deferral_days``."""
        return self._notice_step(number, "defer", actor=actor, at=at, pay_by=pay_by)

    def flag_exception(
        self, number: str, *, actor: str, note: str, at: datetime | None = None
    ) -> Outcome[PaymentNotice]:
        """The finance office flags a payment exception (推送异常缴费信息)."""
        return self._notice_step(number, "flag_exception", actor=actor, at=at, note=note)

    def submit_exception_materials(
        self,
        number: str,
        *,
        actor: str,
        note: str = "",
        voucher: PaymentVoucher | None = None,
        at: datetime | None = None,
    ) -> Outcome[PaymentNotice]:
        """The unit answers an exception with its remittance materials (异常缴费确认)."""
        params = {"voucher": voucher} if voucher is not None else {}
        return self._notice_step(
            number, "submit_exception_materials", actor=actor, at=at, note=note, **params
        )

    def submit_payment(
        self, app_id: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """The unit submits its payment (提交缴费凭证/划款信息), naming its notice."""
        now = self._now(at)
        with self._transaction():
            notice = subject_notice(self.store, app_id)
            return self.act(
                app_id, "submit_payment", actor=actor, at=now, notice_number=notice.number
            )

    def confirm_payment(
        self,
        subject_id: str,
        *,
        actor: str,
        arrival_date: date,
        amount_received: Decimal | str | None = None,
        policy_numbers: Sequence[str] = (),
        at: datetime | None = None,
    ) -> Outcome[Any]:
        """The money arrived (到账确认): the notice, the application (or endorsement) and its policies, at once.

        The notice is confirmed (vouchers or ``amount_received`` summing to
        the amount due), then the application follows it, with the
        effective date the pack gives; with ``policy_numbers`` its policies
        are built (effective, or waiting for the association's date). An
        endorsement's members join the policy once it is effective. One
        transaction: a crash leaves all of it or none.
        """
        now = self._now(at)
        with self._transaction():
            notice = subject_notice(self.store, subject_id)
            region = self._region_of_subject(subject_id)
            if notice.arrival_date is None:
                params: dict[str, Any] = {"arrival_date": arrival_date}
                if amount_received is not None:
                    params["amount_received"] = amount_received
                notice = self._step(
                    payment_machine(self.flow(region, now.date()).payment),
                    notice,
                    "confirm",
                    actor=actor,
                    at=now,
                    **params,
                ).entity
            if self.store.find(Endorsement, subject_id) is not None:
                return self._endorsement_paid(subject_id, notice, actor=actor, at=now)
            app = self.store.get(Application, subject_id)
            out = self._step(
                self._app_machine(app, now.date()),
                app,
                "confirm_payment",
                actor=actor,
                at=now,
                facts=self._app_facts(app, payment_notice=notice),
                arrival_date=notice.arrival_date,
                notice_number=notice.number,
            )
            if policy_numbers:
                self._build(out.entity, policy_numbers, notice.arrival_date)
            return out

    def _build(
        self, app: Application, numbers: Sequence[str], arrival: date | None
    ) -> tuple[Policy, ...]:
        rules = self.rules(app.pack)
        whole = combined_application(app, parts_of(self.store, app)) if app.subsidiary_ids else app
        plans = {line.plan_code: rules.plan(line.plan_code) for line in whole.lines}
        for line in whole.lines:
            for gift in line.gift_plans:
                plans.setdefault(gift, rules.plan(gift))
        # the pack's date for the arrival; None where the association sets it (policies wait)
        when = pack_effective_date(whole, rules, arrival).date
        # each plan's waiting period after a gap in the unit's cover (bound prior policies count)
        waits = {
            code: rules.effective_date(
                whole,
                plan,
                payment_arrival=arrival,
                previous_coverage_end=previous_cover_end(self.store, whole.unit_id, plan),
            ).waiting_period_end
            for code, plan in plans.items()
        }
        policies = build_policies(
            whole,
            numbers=numbers,
            coverage={code: plan.coverage for code, plan in plans.items()},
            effective_date=when,
            families={code: plan.family_code for code, plan in plans.items()},
            waiting_period_ends=waits,
        )
        for policy in policies:
            self.store.save(policy)
        return policies

    def receive_offline_materials(
        self, app_id: str, materials: Sequence[Material], *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """The office records the paper materials it received (线下递交材料)."""
        return self.act(
            app_id, "receive_offline_materials", actor=actor, at=at, materials=tuple(materials)
        )

    def set_effective_date(
        self, subject_id: str, effective_date: date, *, actor: str, at: datetime | None = None
    ) -> Outcome[Any]:
        """The association sets the effective time (设置生效时间): the application's policies follow.

        For an endorsement, its members join the policy from that day.
        """
        now = self._now(at)
        with self._transaction():
            if self.store.find(Endorsement, subject_id) is not None:
                return self._endorsement_step(
                    subject_id,
                    "set_effective_date",
                    actor=actor,
                    at=now,
                    effective_date=effective_date,
                )
            out = self.act(
                subject_id, "set_effective_date", actor=actor, at=now, effective_date=effective_date
            )
            for policy in self.store.policies_of_unit(out.entity.unit_id):
                if (
                    policy.application_id == subject_id
                    and policy.status is PolicyStatus.AWAITING_EFFECTIVE_DATE
                ):
                    self._step(
                        policy_machine(),
                        policy,
                        "set_effective_date",
                        actor=actor,
                        at=now,
                        effective_date=effective_date,
                    )
            return out

    def build_policies(
        self, app_id: str, numbers: Sequence[str], *, actor: str = "system"
    ) -> tuple[Policy, ...]:
        """The policies of a paid application (one per line, then its gift plans), stored."""
        with self._transaction():
            app = self.store.get(Application, app_id)
            notice = subject_notice(self.store, app_id)
            return self._build(app, numbers, notice.arrival_date)

    def close(self, app_id: str, *, actor: str, at: datetime | None = None) -> Outcome[Application]:
        """The business is closed (办结)."""
        return self.act(app_id, "close", actor=actor, at=at)

    def enter_invoice(
        self, app_id: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """Linyi's invoice entry (开票录入) before payment: the unit's request for this application."""
        now = self._now(at)
        with self._transaction():
            app = self.store.get(Application, app_id)
            request = request_for(self.store, app)
            if request is None:  # the unit has not asked for the invoice: a business refusal
                reason = Finding.error(
                    "invoice.request_missing", f"请先提交参保单{app.id}的开票申请"
                )
                raise GuardFailed(
                    f"application {app.id}: 'enter_invoice' blocked: {refusal_text(reason)}",
                    kind="application",
                    action="enter_invoice",
                    reasons=(reason,),
                    codes=(reason.code,),
                )
            return self._step(
                self._app_machine(app, now.date()),
                app,
                "enter_invoice",
                actor=actor,
                at=now,
                facts=self._app_facts(app),
                invoice_request_id=request.id,
            )

    # --- invoices (开票) --------------------------------------------------------------------------------

    def _invoice_step(
        self,
        request: InvoiceRequest,
        action: str,
        *,
        actor: str,
        at: datetime,
        note: str = "",
        **params: Any,
    ) -> Outcome[InvoiceRequest]:
        unit = self.store.get(Unit, request.unit_id)
        applications = invoiced_applications(self.store, request)
        groups = [a for a in applications if a.subsidiary_ids]
        machine = group_invoice_machine() if groups else invoice_machine()
        facts = Facts(
            rules=self.rules(unit.region or (applications[0].pack if applications else "")),
            unit=unit,
            applications=applications,
            group=groups[0] if groups else None,
        )
        return self._step(
            machine, request, action, actor=actor, at=at, note=note, facts=facts, **params
        )

    def request_invoice(
        self,
        request: InvoiceRequest,
        *,
        actor: str,
        at: datetime | None = None,
        letter: Material | None = None,
    ) -> Outcome[InvoiceRequest]:
        """An invoice request (开票申请) stored and submitted, judged by the pack that day.

        ``letter`` is an early invoice's commitment letter (提前开票承诺书),
        uploaded first in the same transaction.
        """
        now = self._now(at)
        with self._transaction():
            if self.store.find(InvoiceRequest, request.id) is None:
                self.store.save(request)
            if letter is not None:
                stored = self.store.get(InvoiceRequest, request.id)
                self._invoice_step(
                    stored, "upload_commitment_letter", actor=actor, at=now, letter=letter
                )
            stored = self.store.get(InvoiceRequest, request.id)
            return self._invoice_step(stored, "submit", actor=actor, at=now)

    def invoice_step(
        self,
        request_id: str,
        action: str,
        *,
        actor: str,
        at: datetime | None = None,
        note: str = "",
        **params: Any,
    ) -> Outcome[InvoiceRequest]:
        """Any invoice-request step by name (``save``, ``upload_commitment_letter``, ``submit``, ``reject``...)."""
        now = self._now(at)
        with self._transaction():
            request = self.store.get(InvoiceRequest, request_id)
            return self._invoice_step(request, action, actor=actor, at=now, note=note, **params)

    def issue_invoice(
        self, request_id: str, invoice_number: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[InvoiceRequest]:
        """The invoice is issued (开票), judged again by the pack on the day of issue (the settlement day)."""
        return self.invoice_step(
            request_id, "issue", actor=actor, at=at, invoice_number=invoice_number
        )

    # --- endorsements (保单补充 / 保全) ----------------------------------------------------------------

    def _endorsement_machine(
        self, endorsement: Endorsement, on: date
    ) -> tuple[Machine[Endorsement], Policy, str]:
        policy = self.store.get(Policy, endorsement.policy_number)
        app = self.store.get(Application, policy.application_id)
        flow = self.flow(app.pack, on)
        machine = endorsement_machine(
            flow.endorsement, flow.association_sets_effective_time, region=app.pack
        )
        return machine, policy, app.pack

    def _endorsement_step(
        self,
        endorsement_id: str,
        action: str,
        *,
        actor: str,
        at: datetime,
        note: str = "",
        notice: PaymentNotice | None = None,
        **params: Any,
    ) -> Outcome[Endorsement]:
        endorsement = self.store.get(Endorsement, endorsement_id)
        machine, policy, region = self._endorsement_machine(endorsement, at.date())
        facts = Facts(
            rules=self.rules(region),
            policy=policy,
            other_policies=covering_elsewhere(self.store, endorsement, policy),
            payment_notice=notice or live_notice(self.store, endorsement_id),
        )
        out = self._step(
            machine, endorsement, action, actor=actor, at=at, note=note, facts=facts, **params
        )
        if out.entity.status is EndorsementStatus.EFFECTIVE:
            self._step(
                policy_machine(),
                policy,
                "add_members",
                actor=actor,
                at=at,
                members=tuple(endorse(policy, out.entity)),
                endorsement_id=endorsement_id,
            )
        return out

    def endorse(
        self,
        endorsement: Endorsement,
        *,
        actor: str,
        at: datetime | None = None,
        submit: bool = True,
    ) -> Outcome[Endorsement]:
        """An endorsement (保单补充申请) stored and, by default, submitted (确认提交).

        Judged against the policy, the other policies covering its members,
        the pack's member rules and the contact (联系人). A region without
        endorsements raises :class:`~mutualaid.errors.StepNotInRegion`.
        """
        now = self._now(at)
        with self._transaction():
            if self.store.find(Endorsement, endorsement.id) is None:
                self.store.save(endorsement)
            if not submit:
                return self._endorsement_step(endorsement.id, "save", actor=actor, at=now)
            return self._endorsement_step(endorsement.id, "submit", actor=actor, at=now)

    def endorsement_step(
        self,
        endorsement_id: str,
        action: str,
        *,
        actor: str,
        at: datetime | None = None,
        note: str = "",
        **params: Any,
    ) -> Outcome[Endorsement]:
        """Any endorsement step by name (``save``, ``withdraw``, ``return``, ``submit_payment``, ``cancel``)."""
        now = self._now(at)
        with self._transaction():
            return self._endorsement_step(
                endorsement_id, action, actor=actor, at=now, note=note, **params
            )

    def approve_endorsement(
        self, endorsement_id: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Endorsement]:
        """The association approves an endorsement at the pack's price (审核通过)."""
        now = self._now(at)
        with self._transaction():
            endorsement = self.store.get(Endorsement, endorsement_id)
            _, policy, region = self._endorsement_machine(endorsement, now.date())
            amount = price_endorsement(endorsement, policy, self.rules(region))
            return self._endorsement_step(
                endorsement_id, "approve", actor=actor, at=now, amount_due=amount
            )

    def _endorsement_paid(
        self, endorsement_id: str, notice: PaymentNotice, *, actor: str, at: datetime
    ) -> Outcome[Endorsement]:
        return self._endorsement_step(
            endorsement_id,
            "confirm_payment",
            actor=actor,
            at=at,
            notice=notice,
            arrival_date=notice.arrival_date,
        )

    # --- transfers (调入) --------------------------------------------------------------------------------

    def transfer_in(
        self,
        policy_number: str,
        members: Sequence[PolicyMember],
        *,
        on: date,
        actor: str,
        at: datetime | None = None,
        request_id: str | None = None,
    ) -> Outcome[Policy]:
        """Members of another unit join a policy on ``on``, leaving their former policies (Linyi 注 3).

        The former policies are found in the store (those covering a member
        that day); every policy changed is written in one transaction.
        """
        now = self._now(at)
        with self._transaction():
            policy = self.store.get(Policy, policy_number)
            app = self.store.get(Application, policy.application_id)
            former: dict[str, Policy] = {}
            for m in members:
                for other in self.store.policies_covering(m.member.id_number, on):
                    former.setdefault(other.number, other)
            outcome = transfer_in(
                self.flow(app.pack, now.date()).endorsement,
                policy,
                members,
                on=on,
                former=former.values(),
                actor=actor,
                at=now,
                request_id=request_id,
            )
            for left in outcome.former:
                self._write(left)
            written: Outcome[Policy] = self._write(outcome.policy)
            return written

    # --- group enrolment (集团统一参保) ---------------------------------------------------------------------

    def request_link(
        self,
        parent_id: str,
        subsidiary_id: str,
        *,
        requested_by: str,
        actor: str = "",
        at: datetime | None = None,
    ) -> Outcome[UnitLink]:
        """One side asks for a parent/subsidiary link (上下级关系维护).

        Both units must be stored. The links already recorded come from the
        store (a subsidiary has one parent; no cycles); the link is stored
        with its audit record and its event (``UnitLinkRequested``, for the
        side that must confirm) in one transaction. A subsidiary whose link
        was rejected or dissolved may ask again: the new request replaces it
        and its trail goes on.
        """
        now = self._now(at)
        with self._transaction():
            parent = self.store.get(Unit, parent_id)
            self.store.get(Unit, subsidiary_id)
            existing = {
                link.subsidiary_id: link
                for unit_id in (subsidiary_id, parent_id)
                for link in self.store.links_of_unit(unit_id)
            }
            out = request_link(
                parent_id,
                subsidiary_id,
                requested_by=requested_by,
                flow=self._unit_flow(parent, now.date()),
                at=now,
                actor=actor or requested_by,
                existing=existing.values(),
            )
            before = existing.get(subsidiary_id)
            if before is None:
                written: Outcome[UnitLink] = self._write(out, new=True)
                return written
            # a rejected or dissolved link asked again: its life goes on
            version = before.version + 1
            again = Outcome(
                attrs.evolve(out.entity, version=version),
                attrs.evolve(out.audit, version=version, from_state=before.status.value),
                out.events,
            )
            written = self._write(again)
            return written

    def _link_step(
        self,
        subsidiary_id: str,
        action: str,
        *,
        actor: str,
        unit_id: str | None,
        note: str = "",
        at: datetime | None,
    ) -> Outcome[UnitLink]:
        now = self._now(at)
        with self._transaction():
            link = self.store.get(UnitLink, subsidiary_id)
            return self._step(
                link_machine(),
                link,
                action,
                actor=actor,
                at=now,
                note=note,
                unit_id=unit_id or actor,
            )

    def confirm_link(
        self,
        subsidiary_id: str,
        *,
        actor: str,
        unit_id: str | None = None,
        at: datetime | None = None,
    ) -> Outcome[UnitLink]:
        """The side that did not ask confirms the subsidiary's link (确认通过).

        ``unit_id`` is the confirming unit (by default ``actor``): the other
        side is refused (``link.wrong_side``). The link, its audit record and
        its event (``UnitLinkConfirmed``) are stored in one transaction.
        """
        return self._link_step(subsidiary_id, "confirm", actor=actor, unit_id=unit_id, at=at)

    def reject_link(
        self,
        subsidiary_id: str,
        *,
        actor: str,
        note: str,
        unit_id: str | None = None,
        at: datetime | None = None,
    ) -> Outcome[UnitLink]:
        """The side that did not ask rejects the link, with its reasons (拒绝)."""
        return self._link_step(
            subsidiary_id, "reject", actor=actor, unit_id=unit_id, note=note, at=at
        )

    def dissolve_link(
        self,
        subsidiary_id: str,
        *,
        actor: str,
        unit_id: str | None = None,
        at: datetime | None = None,
    ) -> Outcome[UnitLink]:
        """Either side dissolves a confirmed link (解除关联)."""
        return self._link_step(subsidiary_id, "dissolve", actor=actor, unit_id=unit_id, at=at)

    def links(self, unit_id: str) -> tuple[UnitLink, ...]:
        """The unit's links, as subsidiary and as parent, in any state."""
        return self.store.links_of_unit(unit_id)

    def launch_group(
        self,
        group_id: str,
        parent_id: str,
        *,
        lines: Sequence[ApplicationLine],
        deadline: date,
        actor: str,
        at: datetime | None = None,
    ) -> Outcome[Application]:
        """The parent launches a group enrolment (新增集团参保计划): the group and one part per
        subsidiary whose link with it is confirmed in the store."""
        now = self._now(at)
        with self._transaction():
            parent = self.store.get(Unit, parent_id)
            region = parent.region or ""
            launch = create_group(
                self.flow(region, now.date(), group=True),
                group_id,
                parent_id,
                region,
                lines=lines,
                deadline=deadline,
                links=self.store.links_of_unit(parent_id),
                at=now,
                actor=actor,
            )
            group: Outcome[Application] = self._write(launch.group, new=True)
            for part in launch.parts:
                self._write(part, new=True)
            return group

    def submit_group(
        self, group_id: str, *, actor: str, at: datetime | None = None
    ) -> Outcome[Application]:
        """The parent submits the group and every part at once (集团统一提交); the pack judges its own members."""
        now = self._now(at)
        with self._transaction():
            group = self.store.get(Application, group_id)
            out = submit_group(
                self.flow(group.pack, now.date(), group=True),
                group,
                parts_of(self.store, group),
                actor=actor,
                at=now,
                rules=self.rules(group.pack),
            )
            for part in out.parts:
                self._write(part)
            written: Outcome[Application] = self._write(out.group)
            return written

    # --- reading ---------------------------------------------------------------------------------------

    def get(self, kind: type[E], key: str) -> E:
        """A stored entity (:class:`~mutualaid.errors.NotFound` otherwise)."""
        found: E = self.store.get(kind, key)  # type: ignore[type-var]
        return found

    def notice_of(self, subject_id: str) -> PaymentNotice:
        """The live payment notice of an application, group or endorsement."""
        return subject_notice(self.store, subject_id)

    def parts(self, group_id: str) -> tuple[Application, ...]:
        """A group's parts."""
        return parts_of(self.store, self.store.get(Application, group_id))
