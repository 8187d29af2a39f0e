"""Hypothesis strategies for every model class (``mutualaid.model``).

:data:`MODEL_STRATEGIES` maps each class to a strategy of its instances; the
serialization tests run over it, so a new model class without a strategy here
fails them. Free text is drawn from CJK characters and codes from lower-case
ASCII, so no generated text can accidentally contain an ID number, mobile or
account (the privacy tests rely on that).

Use from any test::

    from strategies.model import members, MODEL_STRATEGIES
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st

from mutualaid.model import (
    Application,
    ApplicationLine,
    ApplicationStatus,
    Claim,
    ClaimPayment,
    ClaimStatus,
    ClaimType,
    ColumnKind,
    Contact,
    Contribution,
    CoveragePeriod,
    DeclaredCounts,
    Endorsement,
    EndorsementStatus,
    Expense,
    Gender,
    GroupPartStatus,
    IdType,
    Incident,
    InvoiceRequest,
    InvoiceRequestStatus,
    LinkStatus,
    Material,
    MaterialKind,
    MedicalInsuranceType,
    Member,
    Payee,
    PaymentNotice,
    PaymentNoticeStatus,
    PaymentVoucher,
    Plan,
    PlanKind,
    Policy,
    PolicyMember,
    PolicyStatus,
    RegistrationStatus,
    ReviewEntry,
    RiskClass,
    Roster,
    RosterEntry,
    SettlementSheet,
    TemplateColumn,
    Tier,
    Unit,
    UnitCodeKind,
    UnitLink,
    UnitType,
)
from mutualaid.model.audit import (
    _AuditEntry,  # deprecated with AuditEntry, still an exchange format
)
from strategies.ids import valid_mobiles, valid_org_codes, valid_resident_ids, valid_usccs

__all__ = [
    "MODEL_STRATEGIES",
    "amounts",
    "codes",
    "days",
    "members",
    "other_id_numbers",
    "resident_members",
    "rosters",
    "texts",
]

T = TypeVar("T")

#: Free text: CJK only, so it never contains digits of an ID number or mobile.
texts = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), max_size=8)
names = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=4)
#: Identifiers of the host's records: lower-case, at most six digits.
codes = st.from_regex(r"[a-z]{1,4}-[0-9]{1,6}", fullmatch=True)
days = st.dates(date(2000, 1, 1), date(2035, 12, 31))
maybe_days = st.none() | days
moments = st.datetimes(datetime(2000, 1, 1), datetime(2035, 12, 31))
amounts = st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2)
counts = st.integers(min_value=0, max_value=100_000)
shares = st.integers(min_value=1, max_value=10)
#: Document numbers of ID types other than the resident ID (passports, permits).
other_id_numbers = st.from_regex(r"[A-Z]{1,2}[0-9]{7,9}", fullmatch=True)
accounts = st.from_regex(r"62[0-9]{14,17}", fullmatch=True)
emails = st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.cn", fullmatch=True)


def tuples(strategy: st.SearchStrategy[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    """Small tuples of ``strategy``'s values."""
    return st.lists(strategy, max_size=max_size).map(tuple)


def _member_options() -> dict[str, st.SearchStrategy[Any]]:
    return {
        "mobile": st.none() | valid_mobiles(),
        "medical_insurance_type": st.none() | st.sampled_from(MedicalInsuranceType),
        "gig_worker": st.booleans(),
        "retired": st.booleans(),
        "risk_class": st.sampled_from(RiskClass),
        "dispatched": st.booleans(),
        "own_social_security": st.booleans(),
    }


#: Members with a resident ID, made by the named constructor.
resident_members = st.builds(
    Member.from_resident_id, names, valid_resident_ids(), **_member_options()
)

#: Members with an ID type whose number is free text: gender and birth date given.
#: (An HMT residence permit's number follows the resident ID's standard.)
other_members = st.builds(
    Member,
    names,
    st.sampled_from([t for t in IdType if not t.carries_birth_date]),
    other_id_numbers,
    st.sampled_from(Gender),
    st.dates(date(1930, 1, 1), date(2010, 12, 31)),
    **_member_options(),
)

members = resident_members | other_members

contacts = st.builds(Contact, names, st.none() | valid_mobiles(), st.none() | valid_resident_ids())


@st.composite
def coverage_periods(draw: st.DrawFn) -> CoveragePeriod:
    start, end = sorted((draw(days), draw(days)))
    return CoveragePeriod(start, end)


contributions = st.builds(Contribution, amounts, amounts)
tiers = st.builds(Tier, codes, texts, contributions, st.none() | contributions)
plans = st.builds(
    Plan,
    codes,
    texts,
    st.sampled_from(PlanKind),
    coverage_periods(),
    st.lists(tiers, min_size=1, max_size=3, unique_by=lambda t: t.code).map(tuple),
    shares,
    st.lists(st.sampled_from(RiskClass), min_size=1, max_size=2, unique=True).map(tuple),
    tuples(codes),
    st.booleans(),
    st.none() | codes,
)

roster_entries = st.builds(RosterEntry, members, codes, st.none() | codes, shares, maybe_days)
rosters = st.builds(Roster, codes, tuples(roster_entries))
materials = st.builds(
    Material, st.sampled_from(MaterialKind), texts, st.none() | codes, st.booleans(), st.booleans()
)
audit_entries = st.builds(
    _AuditEntry,
    codes,
    moments,
    codes,
    st.none() | st.sampled_from(ApplicationStatus),
    st.none() | st.sampled_from(ApplicationStatus),
    texts,
)

unit_links = st.builds(
    UnitLink, codes, codes, codes, st.sampled_from(LinkStatus), st.integers(0, 50)
)


@st.composite
def units(draw: st.DrawFn) -> Unit:
    kind = draw(st.sampled_from(UnitCodeKind))
    code = draw(valid_usccs() if kind is UnitCodeKind.USCC else valid_org_codes())
    return Unit(
        id=draw(codes),
        name=draw(names),
        code_kind=kind,
        code=code,
        unit_type=draw(st.none() | st.sampled_from(UnitType)),
        region=draw(st.none() | st.sampled_from(["weihai", "guangdong", "linyi", "yiyang"])),
        union_affiliation=draw(st.none() | texts),
        address=draw(st.none() | texts),
        handler=draw(st.none() | contacts),
        union_chair=draw(st.none() | contacts),
        contact_email=draw(st.none() | emails),
        unit_number=draw(st.none() | codes),
        status=draw(st.sampled_from(RegistrationStatus)),
        parent_link=draw(st.none() | unit_links),
        has_e_seal=draw(st.booleans()),
        has_registration_certificate=draw(st.booleans()),
        legal_representative=draw(st.none() | contacts),
        prior_policy_numbers=draw(tuples(codes)),
        version=draw(st.integers(0, 50)),
    )


declared_counts = st.builds(
    DeclaredCounts,
    st.none() | counts,
    st.none() | counts,
    st.none() | counts,
    st.none() | counts,
    st.none() | counts,
)
application_lines = st.builds(
    ApplicationLine, codes, st.none() | codes, shares, rosters, tuples(codes)
)
applications = st.builds(
    Application,
    id=codes,
    unit_id=codes,
    pack=st.sampled_from(["weihai", "guangdong", "linyi", "yiyang", "shenzhen"]),
    status=st.sampled_from(ApplicationStatus),
    lines=tuples(application_lines, max_size=2),
    declared=declared_counts,
    reference_effective_date=maybe_days,
    requested_effective_date=maybe_days,
    terms_accepted=st.booleans(),
    materials=tuples(materials),
    group_id=st.none() | codes,
    group_part_status=st.none() | st.sampled_from(GroupPartStatus),
    group_deadline=maybe_days,
    subsidiary_ids=tuples(codes),
    contact=st.none() | contacts,
    remarks=texts,
    feedback=texts,
    version=st.integers(0, 50),
)
payment_vouchers = st.builds(
    PaymentVoucher, amounts, days, names, accounts, texts, st.none() | codes
)
payment_notices = st.builds(
    PaymentNotice,
    number=st.from_regex(r"JF[0-9]{6,19}", fullmatch=True),
    subject_id=codes,
    amount_due=amounts,
    issued_on=days,
    status=st.sampled_from(PaymentNoticeStatus),
    vouchers=tuples(payment_vouchers),
    arrival_date=maybe_days,
    unit_id=st.none() | codes,
    deferred_until=maybe_days,
    note=texts,
    version=st.integers(0, 50),
)
invoice_requests = st.builds(
    InvoiceRequest,
    id=codes,
    unit_id=codes,
    subject_ids=tuples(codes),
    title=names,
    taxpayer_code=valid_usccs(),
    amount=amounts,
    email=emails,
    requested_on=days,
    early=st.booleans(),
    commitment_letter=st.none() | materials,
    status=st.sampled_from(InvoiceRequestStatus),
    invoice_number=st.none() | codes,
    version=st.integers(0, 50),
)
policy_members = st.builds(PolicyMember, members, st.none() | codes, shares, maybe_days)
policies = st.builds(
    Policy,
    codes,
    codes,
    codes,
    codes,
    coverage_periods(),
    tuples(policy_members),
    st.sampled_from(PolicyStatus),
    maybe_days,
    st.integers(0, 50),
    st.none() | codes,
)
endorsements = st.builds(
    Endorsement,
    codes,
    codes,
    codes,
    days,
    rosters,
    st.sampled_from(EndorsementStatus),
    st.none() | amounts,
    st.none() | contacts,
    tuples(materials),
    st.integers(0, 50),
)
expenses = st.builds(Expense, texts, amounts, maybe_days)
payees = st.builds(Payee, names, accounts, texts, texts)
incidents = st.builds(Incident, days, texts, texts)
settlement_sheets = st.builds(
    lambda hospital, start, stay, total, number: SettlementSheet(
        hospital, start, start + timedelta(days=stay), total, number=number
    ),
    names,
    st.dates(date(2000, 1, 1), date(2035, 1, 1)),
    st.integers(0, 300),
    amounts,
    codes,
)
review_entries = st.builds(ReviewEntry, codes, moments, codes, tuples(codes), texts)
claim_payments = st.builds(ClaimPayment, amounts, maybe_days, codes)
claims = st.builds(
    Claim,
    id=codes,
    claim_type=st.sampled_from(ClaimType),
    member=members,
    policy_number=codes,
    status=st.sampled_from(ClaimStatus),
    materials=tuples(materials),
    expenses=tuples(expenses),
    payee=st.none() | payees,
    benefit=st.none() | amounts,
    unit_id=st.none() | codes,
    incident=st.none() | incidents,
    settlement_sheet=st.none() | settlement_sheets,
    plan_code=st.none() | codes,
    clerk=st.none() | codes,
    reviews=tuples(review_entries),
    sampling_seed=st.none() | st.integers(0, 2**63 - 1),
    payments=tuples(claim_payments),
    filed_on=maybe_days,
    version=st.integers(0, 50),
)
template_columns = st.builds(
    TemplateColumn,
    field=codes,
    header=names,
    aliases=tuples(names),
    required=st.booleans(),
    allowed_values=tuples(names),
    kind=st.sampled_from(ColumnKind),
    width=st.integers(4, 40),
    note=texts,
)

#: Every model class -> a strategy of its instances.
MODEL_STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    Application: applications,
    ApplicationLine: application_lines,
    _AuditEntry: audit_entries,
    Claim: claims,
    ClaimPayment: claim_payments,
    Incident: incidents,
    ReviewEntry: review_entries,
    SettlementSheet: settlement_sheets,
    Contact: contacts,
    Contribution: contributions,
    CoveragePeriod: coverage_periods(),
    DeclaredCounts: declared_counts,
    Endorsement: endorsements,
    Expense: expenses,
    InvoiceRequest: invoice_requests,
    Material: materials,
    Member: members,
    Payee: payees,
    PaymentNotice: payment_notices,
    PaymentVoucher: payment_vouchers,
    Plan: plans,
    Policy: policies,
    PolicyMember: policy_members,
    Roster: rosters,
    RosterEntry: roster_entries,
    TemplateColumn: template_columns,
    Tier: tiers,
    Unit: units(),
    UnitLink: unit_links,
}
