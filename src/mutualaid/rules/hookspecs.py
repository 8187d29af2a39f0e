"""Hook specifications: the questions a rule pack can answer.

This module holds only specifications, grouped by life cycle under banner
comments. Every hook is named ``mutualaid_<what>``. A pack implements the
hooks it needs with :data:`~mutualaid.rules.markers.hookimpl`; the core's
defaults (:mod:`mutualaid.rules.defaults`, registered ``trylast``) answer the
rest, mostly by reading the pack's dated parameters.

Each docstring follows one template:

* what the hook receives (``:param:`` lines);
* what it returns (``:return:``);
* ``firstresult``: whether the first non-``None`` answer wins (the active
  pack's answer, then its base pack's, then the core default), or every
  answer is collected (lists are concatenated);
* an example implementation;
* since which version it exists.

Implementations may accept fewer arguments than the spec offers (pluggy
passes only those they name), and specs only ever gain arguments, so a pack
written for 0.1 keeps working. Every rule hook receives ``rules``, the
:class:`~mutualaid.rules.view.PackView` of the active pack: use it to read
dated parameters (``rules.param("age.maximum", on)``, which also records the
value for the explanation) and to ask other hooks (``rules.plan(code, on)``).

>>> from mutualaid.rules import hookspecs
>>> hookspecs.HOOK_NAMES[:3]
('mutualaid_pack_info', 'mutualaid_parameter', 'mutualaid_declared_parameters')
>>> hookspecs.mutualaid_plans.mutualaid_spec["firstresult"]
True

Since 0.1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from mutualaid.rules.markers import hookspec

if TYPE_CHECKING:
    from mutualaid.model.application import Application
    from mutualaid.model.benefit import BenefitSteps
    from mutualaid.model.claim import Claim
    from mutualaid.model.columns import TemplateColumn
    from mutualaid.model.endorsement import Endorsement
    from mutualaid.model.invoice import InvoiceRequest
    from mutualaid.model.kinds import ClaimType
    from mutualaid.model.member import Member
    from mutualaid.model.plan import Plan
    from mutualaid.model.policy import Policy
    from mutualaid.model.roster import Roster, RosterEntry
    from mutualaid.model.unit import Unit
    from mutualaid.rules.columnar.eligibility import Facts
    from mutualaid.rules.explain import Cited
    from mutualaid.rules.findings import Finding
    from mutualaid.rules.flows import ApplicationFlow, ClaimFlow
    from mutualaid.rules.parameters import ParameterSpec
    from mutualaid.rules.results import (
        AgeLimits,
        ClaimStep,
        EffectiveDate,
        LinePrice,
        MaterialRequirement,
        PackInfo,
        Quote,
        Situation,
    )
    from mutualaid.rules.view import PackView

__all__ = [
    "HOOK_NAMES",
    "mutualaid_age_limits",
    "mutualaid_application_findings",
    "mutualaid_benefit_steps",
    "mutualaid_claim_findings",
    "mutualaid_claim_flow",
    "mutualaid_claim_materials",
    "mutualaid_claim_types",
    "mutualaid_declared_parameters",
    "mutualaid_effective_date",
    "mutualaid_endorsement_effective_date",
    "mutualaid_invoice_findings",
    "mutualaid_member_columns_findings",
    "mutualaid_member_findings",
    "mutualaid_pack_info",
    "mutualaid_parameter",
    "mutualaid_plans",
    "mutualaid_price_application",
    "mutualaid_price_endorsement",
    "mutualaid_price_entry",
    "mutualaid_price_group",
    "mutualaid_replace_rules",
    "mutualaid_required_materials",
    "mutualaid_roster_findings",
    "mutualaid_template_columns",
]


# ---------------------------------------------------------------------------
# pack identity
# ---------------------------------------------------------------------------


@hookspec
def mutualaid_pack_info() -> PackInfo:
    """Say who the pack is: name, region, version, title, supported core versions, base pack.

    Every pack must implement it; the engine calls it once, at registration,
    and refuses a pack whose ``core_versions`` exclude the running core, whose
    name is taken, or that implements no identity.

    :return: a :class:`~mutualaid.rules.results.PackInfo`.

    Not firstresult: the engine asks each pack separately.

    Example::

        @hookimpl
        def mutualaid_pack_info():
            return PackInfo(name="yiyang", region="yiyang", version="0.1.0",
                            title="湖南工会互助参保（益阳）", core_versions=">=0.1,<0.2")

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# pack data: dated parameters
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def mutualaid_parameter(name: str, on: date) -> Cited | None:
    """Give the value of a dated parameter in effect on a day, with its source.

    Packs built on :class:`~mutualaid.rules.pack.DataPack` answer from their
    data files. A pack that ``extends`` another answers for the names it
    overrides and returns ``None`` for the rest, so the base pack answers them.

    :param name: dotted parameter name (``age.maximum``, ``roster.max_rows``,
        ``plans.<code>.tiers.<tier>.contribution``...); the names the core's
        defaults read are listed in docs/hooks.md.
    :param on: the day the value must be in effect.
    :return: a :class:`~mutualaid.rules.explain.Cited`, or ``None`` when the
        pack does not define the parameter (or nothing is in effect yet).

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_parameter(name, on):
            return DATA.cite(name, on)   # DATA = load_pack_data(__name__)

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def mutualaid_declared_parameters() -> Sequence[ParameterSpec]:
    """Declare the pack's own parameters: name, type, unit, default, bounds, meaning, rule.

    The core's parameters are declared by the core (docs/hooks.md lists them);
    a pack that reads parameters of its own declares each here, named under
    the pack's name (``lanshan.visit_limit`` for pack ``lanshan``; a ``-`` in
    the pack's name is written ``_``). Packs built on
    :class:`~mutualaid.rules.pack.DataPack` answer from the ``declare``
    section of their data, so a data-only pack never implements it.

    :return: :class:`~mutualaid.rules.parameters.ParameterSpec` values.

    Not firstresult: the engine asks each pack once, at registration, and
    refuses a name outside the pack's namespace or declared twice
    (:class:`~mutualaid.errors.PackLoadError`).

    Example::

        @hookimpl
        def mutualaid_declared_parameters():
            return [ParameterSpec("lanshan.visit_limit", "whole", "visits per year",
                                  "mutualaid_pack_lanshan.visits", minimum=1, maximum=12)]

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def mutualaid_replace_rules() -> Mapping[str, Callable[..., Any] | None]:
    """Replace or switch off single default rules, by name, without copying a whole hook.

    The core's list hooks (member, roster, application and invoice findings,
    required materials) run small named rules
    (:data:`mutualaid.rules.defaults.RULES`, e.g. ``"invoicing.title_matches_unit"``).
    Map a rule's name to a function taking the same arguments as the hook
    (by keyword, ``rules`` included) to replace it, or to ``None`` to switch
    it off. The rest of the hook's rules keep running.

    :return: ``{rule name: function or None}``.

    Not firstresult: the engine asks each pack once, at registration, and
    refuses an unknown rule name ("did you mean ...") or a value that is
    neither callable nor ``None``. A pack's replacements apply to it and to
    the packs extending it; an extending pack's own entry wins.

    Example::

        def title_matches_unit_or_short_name(request, unit, applications, on, rules):
            ...

        @hookimpl
        def mutualaid_replace_rules():
            return {"invoicing.title_matches_unit": title_matches_unit_or_short_name,
                    "roster.single_tier": None}

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# plan catalogue
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def mutualaid_plans(on: date | None, rules: PackView) -> Sequence[Plan] | None:
    """List the plans units may apply for on a day: tiers, contributions, shares, risk classes, gift plans.

    :param on: the day; ``None`` asks for the whole catalogue (every plan the pack knows).
    :param rules: the active pack's view.
    :return: the :class:`~mutualaid.model.plan.Plan` objects, or ``None`` to
        leave the catalogue to the base pack. Gift plans are listed too
        (``is_gift=True``).

    firstresult: the first non-``None`` answer wins; to add a plan to a base
    pack's catalogue, implement it as a wrapper (``@hookimpl(wrapper=True)``,
    ``plans = yield``, return ``[*plans, extra]``).

    Example::

        @hookimpl
        def mutualaid_plans(on):
            return [p.to_plan() for p in DATA.plans if p.offered_on(on)]

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# member eligibility
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def mutualaid_age_limits(plan: Plan, on: date, rules: PackView) -> AgeLimits | None:
    """Give the inclusive age limits (whole years, 周岁) for joining a plan on a day.

    The engine raises any ``minimum`` below 16 to 16, the legal minimum
    working age, whatever a pack answers. The default reads the parameters
    ``age.minimum`` and ``age.maximum``.

    :param plan: the plan.
    :param on: the day the age is taken (usually the effective date or the check date).
    :param rules: the active pack's view.
    :return: :class:`~mutualaid.rules.results.AgeLimits`, or ``None`` for the default.

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_age_limits(plan, on):
            if plan.code == "YY-SPEC-2026":
                return AgeLimits(minimum=16, maximum=65)
            return None

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def mutualaid_member_findings(
    member: Member, plan: Plan, on: date, rules: PackView
) -> Sequence[Finding]:
    """Check one member's eligibility for a plan on a day.

    The core's default checks: age limits (``age.below_minimum``,
    ``age.above_maximum``), over the statutory retirement age and not retired
    (``age.over_retirement``, when ``member.over_retirement_needs_proof`` is
    true), dispatched workers not on the unit's own social security
    (``member.dispatched_proof``, when ``member.dispatched_needs_proof``),
    gender and birth date for other ID types (when
    ``member.other_id_needs_gender_and_birth_date``), and the risk class.

    :param member: the :class:`~mutualaid.model.member.Member`.
    :param plan: the plan applied for.
    :param on: the day eligibility is judged.
    :param rules: the active pack's view.
    :return: a list of :class:`~mutualaid.rules.findings.Finding` (empty when eligible).

    Not firstresult: all lists are concatenated. To drop or change a base
    pack's findings, implement it as a wrapper: ``answers = yield`` gives one
    list per implementation; return the edited list of lists. To replace or
    switch off one of the core's checks, name its rule in
    ``mutualaid_replace_rules`` (:data:`mutualaid.rules.defaults.RULES`).

    Example::

        @hookimpl
        def mutualaid_member_findings(member, plan, on):
            if member.gig_worker and plan.code == "YY-SPEC-2026":
                return [Finding.warning("yiyang.gig_worker", "新业态从业者请核实")]
            return []

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def mutualaid_member_columns_findings(
    facts: Facts, plan: Plan, on: date, rules: PackView
) -> Iterable[tuple[int, Finding]]:
    """Check a whole batch of members at once, over columns (optional; for speed).

    The columnar twin of :func:`mutualaid_member_findings`: called once per
    batch by :func:`mutualaid.rules.columnar.evaluate_members` (a roster in
    ``mutualaid check``, a frame in :func:`mutualaid.batch.evaluate`, one
    member in the life cycle's checks), with the batch's
    :class:`~mutualaid.rules.columnar.eligibility.Facts`: numpy columns of
    age, birth date, gender, ID type, risk class, retired, dispatched, tier
    and shares, and ``facts.id_valid`` for rows that are people.

    :param facts: the batch and what the rules derived from it.
    :param plan: the plan applied for.
    :param on: the day eligibility is judged.
    :param rules: the active pack's view.
    :return: ``(row, finding)`` pairs, row being the 0-based index in the
        batch; they follow the core's findings of that row, on every path.

    Not firstresult: every implementation's pairs are added.

    Example::

        @hookimpl
        def mutualaid_member_columns_findings(facts, plan, on):
            rows = np.flatnonzero(facts.id_valid & (facts.age > 55))
            return [(i, Finding.error("age.above_maximum", "年龄超过55周岁")) for i in rows]

    Since 0.2.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# rosters and applications
# ---------------------------------------------------------------------------


@hookspec
def mutualaid_roster_findings(
    roster: Roster, plan: Plan, on: date, rules: PackView
) -> Sequence[Finding]:
    """Check a roster as a whole (not row by row).

    The core's default checks: at most ``roster.max_rows`` rows per import
    (``roster.row_limit``), an empty roster, rows of another plan, unknown
    tiers, shares between 1 and the plan's ``max_shares``, and one tier for
    all rows when ``roster.single_tier`` is true (``roster.tier_mixed``).

    :param roster: the :class:`~mutualaid.model.roster.Roster` (one plan).
    :param plan: its plan.
    :param on: the day of the check.
    :param rules: the active pack's view.
    :return: a list of findings; row-specific ones carry ``row`` (1-based entry index).

    Not firstresult: all lists are concatenated. To replace or switch off one
    of the core's checks, name its rule in ``mutualaid_replace_rules``
    (:data:`mutualaid.rules.defaults.RULES`).

    Example::

        @hookimpl
        def mutualaid_roster_findings(roster, plan):
            n = sum(e.member.gig_worker for e in roster)
            return [Finding.warning("demo.gig_workers", f"新业态从业者{n}人", count=n)] if n else []

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def mutualaid_application_findings(
    application: Application, prior_applications: Sequence[Application], on: date, rules: PackView
) -> Sequence[Finding]:
    """Check an application before it is submitted.

    The core's default checks: at most ``application.max_plans`` plans
    (``application.too_many_plans``), the declared counts the pack requires
    (``application.required_declared_counts``), enrolled count equal to the
    declared count (``roster.count_mismatch``, parameter
    ``application.enrolled_must_equal_declared``), the participation ratio
    (``application.min_participation_ratio``), the notice of terms
    (``application.requires_terms_accepted``) and, with
    ``application.one_tier_per_plan_per_unit``, the same tier as the unit's
    earlier applications for the plan.

    :param application: the :class:`~mutualaid.model.application.Application`.
    :param prior_applications: the unit's earlier applications in the same
        coverage period (not cancelled), for rules across applications.
    :param on: the day of the check (usually the submission day).
    :param rules: the active pack's view.
    :return: a list of findings.

    Not firstresult: all lists are concatenated. To replace or switch off one
    of the core's checks, name its rule in ``mutualaid_replace_rules``
    (:data:`mutualaid.rules.defaults.RULES`).

    Example::

        @hookimpl
        def mutualaid_application_findings(application):
            if not application.contact:
                return [Finding.error("demo.contact_missing", "请填写互助保障联系人")]
            return []

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# pricing
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def mutualaid_price_entry(
    entry: RosterEntry, plan: Plan, tier_code: str | None, shares: int, on: date, rules: PackView
) -> LinePrice | None:
    """Price one member on one plan: contribution per share x shares, split into member and subsidy parts.

    The default uses the tier's contribution for the member's risk class
    (``Tier.contribution_for``) and charges nothing for a gift plan.

    :param entry: the :class:`~mutualaid.model.roster.RosterEntry`.
    :param plan: its plan.
    :param tier_code: the tier to price (the entry's, else the application line's).
    :param shares: the shares to price (the entry's, else the line's).
    :param on: the pricing day.
    :param rules: the active pack's view.
    :return: a :class:`~mutualaid.rules.results.LinePrice` for one member, or ``None`` for the default.

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_price_entry(entry, plan, tier_code, shares):
            if entry.member.retired:          # a pack's own discount
                return LinePrice(plan.code, tier_code, shares, 1, yuan(0), yuan(0))
            return None

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec(firstresult=True)
def mutualaid_price_application(
    application: Application, on: date, rules: PackView
) -> Quote | None:
    """Price an application: every line's members, plus its gift plans at no charge.

    The default prices each roster entry with ``rules.price_entry`` and groups
    the results by plan and tier.

    :param application: the application.
    :param on: the pricing day.
    :param rules: the active pack's view.
    :return: a :class:`~mutualaid.rules.results.Quote` (totals in ``Decimal``), or ``None`` for the default.

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl(wrapper=True)
        def mutualaid_price_application(application):
            quote = yield                     # the default's quote
            return quote                      # e.g. round, cap or annotate it

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec(firstresult=True)
def mutualaid_price_endorsement(
    endorsement: Endorsement, policy: Policy, on: date, rules: PackView
) -> Quote | None:
    """Price an endorsement (保全): the members it adds to an effective policy.

    The default charges the full contribution for each added member (the
    seeds give no pro-rata rule; set ``endorsement.pro_rata`` to true for a
    daily pro-rata charge up to the coverage end).

    :param endorsement: the :class:`~mutualaid.model.endorsement.Endorsement`.
    :param policy: the :class:`~mutualaid.model.policy.Policy` it adds to.
    :param on: the pricing day.
    :param rules: the active pack's view.
    :return: a :class:`~mutualaid.rules.results.Quote`, or ``None`` for the default.

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_price_endorsement(endorsement, policy, rules):
            return None   # keep the default

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec(firstresult=True)
def mutualaid_price_group(
    applications: Sequence[Application], on: date, rules: PackView
) -> Quote | None:
    """Price a group enrolment (集团统一参保): the parent unit's and its subsidiaries' parts together.

    The default adds up ``rules.price_application`` of each part.

    :param applications: the parts of one group (same ``group_id``).
    :param on: the pricing day.
    :param rules: the active pack's view.
    :return: a :class:`~mutualaid.rules.results.Quote`, or ``None`` for the default.

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_price_group(applications, on, rules):
            return None   # keep the default

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# effective dates
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def mutualaid_effective_date(
    application: Application,
    plan: Plan,
    payment_arrival: date | None,
    previous_coverage_end: date | None,
    association_date: date | None,
    rules: PackView,
) -> EffectiveDate | None:
    """Say when cover starts for an application's plan, and any waiting period.

    The default starts at the later of the coverage start and the
    application's reference (or requested) effective date; with
    ``effective.late_payment_next_day`` (Guangdong) a payment arriving after
    that date makes cover start the day after arrival; with
    ``effective.set_by_association`` (Shenzhen) the date is the one the
    association set (pending until then); with
    ``effective.waiting_period_days`` a coverage gap since
    ``previous_coverage_end`` adds a waiting period (免责期).

    :param application: the application.
    :param plan: the plan (one of its lines).
    :param payment_arrival: the day the payment arrived, when known.
    :param previous_coverage_end: the last covered day of the unit's previous
        policy for the plan (历史保单), when bound.
    :param association_date: the effective date set by the association, when set.
    :param rules: the active pack's view.
    :return: :class:`~mutualaid.rules.results.EffectiveDate`, or ``None`` for the default.

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_effective_date(plan, payment_arrival):
            if payment_arrival is None:
                return None
            return EffectiveDate(max(plan.coverage.start, payment_arrival), plan.coverage.end)

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec(firstresult=True)
def mutualaid_endorsement_effective_date(
    endorsement: Endorsement,
    policy: Policy,
    payment_arrival: date | None,
    association_date: date | None,
    rules: PackView,
) -> EffectiveDate | None:
    """Say when cover starts for the members an endorsement adds.

    The default takes the endorsement's requested date, never before the
    policy's effective date, and the association's date under
    ``effective.set_by_association``.

    :param endorsement: the endorsement (保全 / 保单补充).
    :param policy: the policy it adds to.
    :param payment_arrival: the day its payment arrived, when known.
    :param association_date: the date set by the association, when set.
    :param rules: the active pack's view.
    :return: :class:`~mutualaid.rules.results.EffectiveDate`, or ``None`` for the default.

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_endorsement_effective_date(endorsement, payment_arrival):
            return None   # keep the default

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# invoicing
# ---------------------------------------------------------------------------


@hookspec
def mutualaid_invoice_findings(
    request: InvoiceRequest,
    unit: Unit,
    applications: Sequence[Application],
    on: date,
    rules: PackView,
) -> Sequence[Finding]:
    """Check an invoice request.

    The core's default checks: the settlement day (``invoice.settlement_day``:
    no invoice after it in the month), the per-capita cap when risk classes
    mix (``invoice.per_capita_cap_when_mixed``), the title equal to the unit's
    name (``invoice.title_must_match_unit``), group invoicing by the parent
    unit (``invoice.group_invoiced_by_parent``) and early invoices
    (``invoice.early_allowed``, ``invoice.early_needs_commitment_letter``).

    :param request: the :class:`~mutualaid.model.invoice.InvoiceRequest`.
    :param unit: the requesting unit.
    :param applications: the applications (or endorsements' applications) it invoices.
    :param on: the day the request is submitted (the settlement day is judged on it, not on a date the unit typed).
    :param rules: the active pack's view.
    :return: a list of findings.

    Not firstresult: all lists are concatenated. To replace or switch off one
    of the core's checks, name its rule in ``mutualaid_replace_rules``
    (:data:`mutualaid.rules.defaults.RULES`).

    Example::

        @hookimpl
        def mutualaid_invoice_findings(request):
            if not request.email:
                return [Finding.error("demo.invoice_email", "请填写接收发票的邮箱")]
            return []

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# materials
# ---------------------------------------------------------------------------


@hookspec
def mutualaid_required_materials(
    situation: Situation,
    application: Application | None,
    findings: Sequence[Finding],
    on: date,
    rules: PackView,
) -> Sequence[MaterialRequirement]:
    """List the documents a unit must provide at a step.

    The default turns every ``needs_material`` finding into a requirement
    (its ``params["material"]`` names the kind) and adds the pack's fixed list
    for the step (parameter ``materials.<situation>``: a list of
    ``{"kind", "name", "stamped"}``).

    :param situation: the step (:class:`~mutualaid.rules.results.Situation`).
    :param application: the application, when the step has one.
    :param findings: the findings so far (e.g. member findings of its rosters).
    :param on: the day.
    :param rules: the active pack's view.
    :return: a list of :class:`~mutualaid.rules.results.MaterialRequirement`.

    Not firstresult: all lists are concatenated (the engine drops duplicates).
    The core's two rules (``materials.asked_by_findings``,
    ``materials.fixed_for_step``) can be replaced or switched off by name
    (``mutualaid_replace_rules``).

    Example::

        @hookimpl
        def mutualaid_required_materials(situation):
            if situation is Situation.REGISTRATION:
                return [MaterialRequirement(MaterialKind.REGISTRATION_CERTIFICATE, "注册证件", situation)]
            return []

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# roster templates
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def mutualaid_template_columns(plan: Plan, rules: PackView) -> Sequence[TemplateColumn] | None:
    """Describe the pack's roster template for a plan, column by column.

    :param plan: the plan the template is for.
    :param rules: the active pack's view.
    :return: :class:`~mutualaid.model.columns.TemplateColumn` objects in
        template order (Chinese headers, required flags, allowed values), or
        ``None`` for the default (the canonical columns).

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_template_columns(plan):
            return (*CANONICAL_COLUMNS, TemplateColumn("gig_worker", "新业态从业者", kind=ColumnKind.BOOL))

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# claims: benefit steps
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def mutualaid_benefit_steps(plan: Plan, claim_type: str, rules: PackView) -> BenefitSteps | None:
    """Give the ordered benefit steps of a plan for a claim type (pack data, not code).

    :class:`~mutualaid.rules.pack.DataPack` answers from the ``benefits``
    section of the pack's data (by plan code, then plan family); the core's
    default (:mod:`mutualaid.rules.defaults.benefits`) gives the standard
    medical steps when the pack sets ``benefit.standard_ratio``, else ``None``: no
    steps for that claim type. Whether the plan offers the type is
    ``mutualaid_claim_types`` alone; an offered type without steps is a gap in
    the pack's data (``benefit.no_steps``). :mod:`mutualaid.claims.benefits`
    computes the benefit from the steps; docs/benefits.md shows them.

    :param plan: the plan that covers the member.
    :param claim_type: the claim type's code (``disease_hospitalization``).
    :param rules: the active pack's view.
    :return: :class:`~mutualaid.model.benefit.BenefitSteps`, or ``None`` (no benefit).

    firstresult: the first non-``None`` answer wins (the pack's, its base's, the core's).

    Example::

        @hookimpl
        def mutualaid_benefit_steps(plan, claim_type):
            if claim_type == "accident_hospitalization":
                return BenefitSteps(plan.code, claim_type, (
                    BenefitStep("allowance", "allowance", parameter="demo.per_day",
                                max_days="demo.max_days", by_shares=True),))
            return None

    Since 0.2.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# claims (申领 / 理赔): the case life cycle
# ---------------------------------------------------------------------------
#
# The benefit of a case (its steps, caps and explanation) has hooks of its own;
# these four say how a case moves: the region's claim flow, the claim types a
# plan offers, the materials each type needs, and what stands in the way of a
# case at a step.


@hookspec(firstresult=True)
def mutualaid_claim_flow(rules: PackView) -> ClaimFlow | None:
    """Describe the region's claim flow: who opens a case and which steps it goes through.

    The claim machine (:func:`mutualaid.claims.machine.claim_machine`) is
    built from this :class:`~mutualaid.rules.flows.ClaimFlow`: the unit's
    draft and submission (Guangdong), the office's acceptance by ID number,
    材料上传, 费用录入 with work pools and 申领计算 (Linyi). Review, return with
    reasons, approval, payment, closing and re-opening are every region's.
    Numbers and lists (claim types, materials, sampling, the filing deadline)
    are the pack's data, not the flow's.

    :param rules: the active pack's view.
    :return: a :class:`~mutualaid.rules.flows.ClaimFlow`, or ``None`` for the
        default: ``ClaimFlow(region, offered=False)``, no claims in the system
        (every claim step raises :class:`~mutualaid.errors.StepNotInRegion`).

    firstresult: the first non-``None`` answer wins.

    Example::

        from mutualaid.rules.flows import ClaimFlow

        @hookimpl
        def mutualaid_claim_flow():
            return ClaimFlow("lanshan", unit_files=True)   # 暂存, then 提交

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec(firstresult=True)
def mutualaid_claim_types(plan: Plan, on: date, rules: PackView) -> Sequence[ClaimType] | None:
    """List the claim types (申领类型) a plan offers on a day.

    Linyi 4.1.1: the office types the claimant's ID number and the system
    lists 「满足条件的申领类型」. The default reads the parameter
    ``claims.types.<plan kind>`` (e.g. ``claims.types.hospitalization_medical``:
    ``["disease_hospitalization", "accident_hospitalization"]``).

    :param plan: the plan of the claimant's policy.
    :param on: the day (the incident's, or the filing day).
    :param rules: the active pack's view.
    :return: :class:`~mutualaid.model.kinds.ClaimType` values, or ``None`` for the default.

    firstresult: the first non-``None`` answer wins.

    Example::

        @hookimpl
        def mutualaid_claim_types(plan):
            if plan.code == "LS-ALLOW-2026":
                return [ClaimType.HOSPITAL_ALLOWANCE]
            return None

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def mutualaid_claim_materials(
    claim_type: ClaimType, plan: Plan | None, on: date, rules: PackView
) -> Sequence[MaterialRequirement]:
    """List the materials a case of a claim type needs (必传的材料类型).

    A case whose type needs materials waits in 材料上传 after acceptance,
    where the flow has that step (Linyi 4.1.1: 疾病住院 and 意外住院); its
    materials must all be uploaded before it moves on (4.1.3) and before
    review. The default rule ``claims.materials_for_type`` reads
    ``claims.materials.<claim type>`` (a list of ``{"kind", "name", "stamped"}``).

    :param claim_type: the case's claim type.
    :param plan: the plan claimed on, when known.
    :param on: the day.
    :param rules: the active pack's view.
    :return: :class:`~mutualaid.rules.results.MaterialRequirement` values
        (``situation`` ``claim``).

    Not firstresult: all lists are concatenated (the view drops repeats of a
    kind). The default rule can be replaced or switched off by name
    (``mutualaid_replace_rules``).

    Example::

        @hookimpl
        def mutualaid_claim_materials(claim_type):
            if claim_type is ClaimType.DEATH:
                return [MaterialRequirement(MaterialKind.OTHER, "死亡证明", Situation.CLAIM)]
            return []

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


@hookspec
def mutualaid_claim_findings(
    claim: Claim,
    step: ClaimStep,
    plan: Plan,
    other_claims: Sequence[Claim],
    on: date,
    rules: PackView,
) -> Sequence[Finding]:
    """Check a claim case at a step of its life cycle: what stands in its way.

    The core's rules (``claims.*`` in :data:`mutualaid.rules.defaults.RULES`):
    the plan offers the claim type (``claim.type_not_in_plan``), no other live
    case of the claimant's for the same event (``claim.duplicate_case``),
    filed within ``claims.filing_deadline_days`` of the incident
    (``claim.filed_too_late``, ``claim.incident_after_filing``), every
    material uploaded (``claim.materials_missing``), payee, incident and
    settlement sheet recorded before review (``claim.payee_missing``,
    ``claim.incident_missing``, ``claim.settlement_sheet_missing``). Whether
    the member is covered and what the case is worth are the benefit rules'.

    :param claim: the :class:`~mutualaid.model.claim.Claim`.
    :param step: :class:`~mutualaid.rules.results.ClaimStep` (``file``,
        ``materials``, ``review``).
    :param plan: the plan of the claimant's policy.
    :param other_claims: the claimant's other cases (for duplicates).
    :param on: the day of the step.
    :param rules: the active pack's view.
    :return: findings; the blocking ones block the step.

    Not firstresult: all lists are concatenated. To replace or switch off one
    of the core's rules, name it in ``mutualaid_replace_rules``.

    Example::

        @hookimpl
        def mutualaid_claim_findings(claim, step):
            if step == "review" and not claim.remarks:
                return [Finding.warning("lanshan.no_remarks", "请填写案件备注")]
            return []

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


# ---------------------------------------------------------------------------
# life-cycle flows (added by the life-cycle layer, see mutualaid.rules.flows)
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def mutualaid_application_flow(kind: str, rules: PackView) -> ApplicationFlow | None:
    """Describe the region's business flow: which optional steps and guards it uses.

    The life-cycle machines (:mod:`mutualaid.lifecycle`) are built from this
    :class:`~mutualaid.rules.flows.ApplicationFlow`: terms acceptance, the
    submission guards, material review, second review, withdraw, cancel,
    e-seal branch, payment-notice numbering, invoice rules, endorsements...
    Each bundled pack keeps its region's flow in its own module
    (``mutualaid_pack_yiyang.flows``...), built from :mod:`mutualaid.rules.flows`
    only: a pack never imports the life cycle.

    :param kind: ``"standalone"``, ``"group"`` or ``"endorsement"``
        (:data:`~mutualaid.rules.flows.APPLICATION_KINDS`).
    :param rules: the active pack's view.
    :return: an :class:`~mutualaid.rules.flows.ApplicationFlow`, or ``None``
        for the default (a neutral flow for the pack's region).

    firstresult: the first non-``None`` answer wins.

    Example::

        from mutualaid_pack_yiyang.flows import YIYANG_FLOW

        @hookimpl
        def mutualaid_application_flow(kind):
            return YIYANG_FLOW

    Since 0.1.
    """
    raise NotImplementedError  # pragma: no cover


#: Every hook name, in the order of this module.
HOOK_NAMES: tuple[str, ...] = tuple(
    name
    for name, value in list(globals().items())
    if name.startswith("mutualaid_") and hasattr(value, "mutualaid_spec")
)
