"""The English text of every finding code, one line per code.

A finding's ``message`` is Chinese: it is what hosts show a unit's handler,
and it stays so. Its English is found here by code and filled from the
finding's ``params`` (already masked) with :func:`mutualaid.messages.finding_text`.
The placeholders are the Chinese template's, with three kinds of exception:

* ``{column}`` is the column's English field name (``ID number``) when the
  finding names its canonical field, else the header as the file wrote it;
* params whose value is a Chinese phrase (:data:`CHINESE_WORDED`: a problem
  description, a document's Chinese name, where a duplicate was found) are
  left out of the English, which says the same in its own words;
* params the Chinese message writes inline (rule-layer findings built with
  f-strings) are named here by their param names.

Values that are Chinese labels of a closed list (``男``, ``居民身份证``, a
retirement age ``60岁3个月``) are put into English by :data:`VALUES`; cell
values and the values a cell may hold (:data:`KEPT`), names, plan and tier
names and column headers are printed as given.

A new code is one line in :data:`FINDINGS` (``tests/test_messages.py`` fails
for a code the library, a bundled pack or docs/findings.md knows that has no
line here).

>>> FINDINGS["id.checksum"]
"The ID number's check character is wrong: re-type it from the ID card"
>>> VALUES["男"], FIELDS["id_number"]
('male', 'ID number')

Since 0.1.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CHINESE_WORDED", "FIELDS", "FINDINGS", "KEPT", "VALUES"]

#: Code -> English template (``str.format`` placeholders from the finding's params).
FINDINGS: Mapping[str, str] = MappingProxyType(
    {
        # the header row
        "header.missing_column": "The header row lacks a required column: {missing}",
        "header.duplicate_column": "Several columns hold the {column}; only the first one is read",
        # cells
        "field.required": "{column} is required",
        "field.invalid_choice": "{column} “{value}” is not an allowed value; write one of: {allowed}",
        "field.invalid_date": "{column} “{value}” is not a date; write it as 1990-01-02",
        "field.invalid_number": "{column} “{value}” is not a whole number",
        # ID numbers
        "id.format": "The ID number's format is wrong (length, characters or region code)",
        "id.checksum": "The ID number's check character is wrong: re-type it from the ID card",
        "id.birth_date": "The birth date inside the ID number is impossible or after the day of the check",
        "id.numeric_cell": "Excel stored the ID number as a number and its last digits may be lost: format the column as text and type it again",
        "id.duplicate": "The ID number repeats the one on row {first_row}",
        "id.unknown_division": "The ID number's first six digits {division} were no administrative division code (GB/T 2260) in any year from {first} to {year}: check for a typing error (this does not block the member)",
        # member facts
        "member.gender_mismatch": "Gender “{given}” does not match the ID number (which says {expected})",
        "member.birth_date_mismatch": "The birth date does not match the one in the ID number: check it against the ID card",
        "member.gender_required": "The gender is required for the ID type {id_type}",
        "member.birth_date_required": "The birth date is required for the ID type {id_type}",
        "member.dispatched_proof": "Not on the unit's own social security or medical insurance: proof of dispatch is needed",
        "member.risk_class_not_offered": "Plan {plan} does not accept {risk_class} members",
        "phone.format": "Mobile number “{value}” is wrong: it must be 11 digits starting with 1",
        # eligibility
        "age.unknown": "The birth date is missing, so the age cannot be judged",
        "age.below_minimum": "Aged {age}, under the plan's minimum age of {minimum}",
        "age.above_maximum": "Aged {age}, over the plan's maximum age of {maximum}",
        "age.over_retirement": "Aged {age}, past the statutory retirement age ({retirement_age}) and not retired, so {material} is needed",
        # plan, tier and shares of a row
        "roster.plan_mismatch": "The row's plan “{value}” is not the plan being imported, {plan}",
        "roster.unknown_tier": "Tier “{value}” does not exist; choose one of: {allowed}",
        "roster.shares_out_of_range": "Shares {shares} not between 1 and {maximum}",
        # the roster as a whole
        "roster.row_limit": "At most {limit} rows per import are advised; this import has {rows}: import it in parts",
        "roster.empty": "The roster has no members",
        "roster.tier_mixed": "A unit chooses one tier per plan; the roster has: {tiers}",
        "roster.count_mismatch": "{enrolled} member(s) on the roster, but {declared} declared",
        "roster.shares_mismatch": "Member {id_number} has {shares} share(s), but the application line for plan {plan_code} chose {line_shares}",
        "roster.tier_mismatch": "Member {id_number} has tier {tier_code}, but the application line for plan {plan_code} chose {line_tier_code}",
        # what the file readers notice
        "file.error_value": "{column} holds the Excel error value {value}: read as empty",
        "file.not_a_number": "A number cell of this row cannot be read (not a number or out of range): read as empty",
        "file.notes_row": "A notes, totals or signature row below the data: not read as a member",
        "file.stray_quote": 'Row {row} has an unpaired quote ("), which joined the next {count} row(s) into one cell; they are read one row each: delete the quote and import again',
        "file.swallowed_row": "This row was joined into a cell by the unpaired quote on row {start} and is read on its own: check it",
        # applications
        "application.too_many_plans": "One application may hold {limit} plan(s) at most; make one application per further plan",
        "application.tier_differs_from_prior": "A unit chooses one tier per plan: application {prior_application} already chose {prior_tier} for plan {plan}",
        "application.declared_missing": "Fill in the declared {declared}",
        "application.participation_ratio": "Participation ratio {ratio} is below the minimum {minimum}",
        "application.terms_not_accepted": "Read the notice of terms and tick it first",
        # invoicing
        "invoice.after_settlement_day": "Day {settlement_day} of each month is the settlement day: no invoice after it",
        "invoice.per_capita_cap": "Plan {plan_code} has high-risk and ordinary members: the cap is the high-risk contribution per member, {cap} yuan for {headcount}; this request invoices {amount} yuan",
        "invoice.title_mismatch": "The invoice title must be the unit's name",
        "invoice.group_by_parent": "The group's parent unit invoices for the whole group",
        "invoice.early_needs_commitment_letter": "An invoice before payment needs the stamped commitment letter",
        "invoice.early_not_allowed": "Invoices before payment are not allowed",
        # claims: cover and benefits (mutualaid.claims.benefits.codes)
        "cover.not_a_member": "The claimant is on no policy",
        "cover.policy_not_effective": "The policy was not in force on the incident date",
        "cover.before_cover_starts": "The incident is before the claimant's cover starts",
        "cover.after_cover_ends": "The incident is after the claimant's cover ends",
        "cover.member_left": "The claimant had left the unit's policy before the incident",
        "cover.waiting_period": "The incident is inside the waiting period: no benefit",
        "cover.duplicate_case": "A case for the same claimant, claim type and incident date was already paid",
        "cover.cap_used_up": "The cap of the coverage period (or for life) is used up",
        "cover.no_shares": "The claimant holds no shares on the policy",
        "benefit.no_steps": "The plan offers this claim type but the rule pack has no benefit steps for it: calculation deferred",
        "benefit.parameter_missing": "The plan's benefit has no value set for the incident date: calculation deferred",
        "benefit.expenses_missing": "The settlement sheet amounts are not entered: calculation deferred",
        "benefit.days_missing": "The days in hospital are not entered: calculation deferred",
        "benefit.hospital_level_missing": "The hospital level is not entered: calculation deferred",
        "benefit.self_pay_excluded": "Amounts the member pays alone (fully self-paid) are not covered",
        "benefit.over_limit_excluded": "Amounts over the price limits are not covered",
        "benefit.insurance_paid_excluded": "What basic medical insurance paid is not covered again",
        "benefit.deductible": "The deductible is withheld",
        "benefit.ratio": "The part beyond the benefit ratio is withheld",
        "benefit.hospital_level_not_listed": "The hospital level has no benefit ratio: nothing paid for it",
        "benefit.allowance_days_used_up": "Days beyond the allowance's maximum of days are not paid",
        "benefit.cap_case": "Over the cap per case",
        "benefit.cap_period": "Over the cap per coverage period",
        "benefit.cap_life": "Over the cap for life",
        "benefit.cap_category": "Over the cap of this part of the benefit",
        "benefit.nothing_payable": "The calculated benefit is zero: the case cannot be submitted",
        "invoice.stamped_confirmation_missing": "Upload the stamped confirmation (the e-policy, downloaded and stamped) with the invoice request",
        # uploads
        "upload.file_type_not_allowed": "A file of format {file_format} cannot be uploaded: upload {allowed}",
        "upload.too_large": "The file is {size}, above the {limit} limit",
        # claim cases (the case life cycle; coverage and benefit codes are cover.* and benefit.*)
        "claim.type_not_in_plan": "Plan {plan_code} does not offer this claim type",
        "claim.duplicate_case": "The claimant already has case {other_id} of this claim type for the same event",
        "claim.filed_too_late": "Filed on {filed_on}, more than {days} days after the incident on {incident_date}",
        "claim.incident_after_filing": "The incident date {incident_date} is after the filing day {filed_on}",
        "claim.materials_missing": "Required materials are not uploaded yet",
        "claim.payee_missing": "Enter the payee",
        "claim.incident_missing": "Enter the incident: its date, place and description",
        "claim.settlement_sheet_missing": "This claim type needs the hospital settlement sheet",
        "claim.unknown_plan": "The case's plan {plan_code} is not in the region's rule pack",
        "claim.not_held": "Take case {claim_id} from the pending pool before working on it",
        "claim.held_by_other": "Case {claim_id} is being handled by {clerk}",
        "claim.benefit_zero": "The benefit is zero or not calculated yet: calculate it first",
        "claim.deletion_not_confirmed": "Confirm the deletion of the case a second time",
        "claim.not_deletable": "Case {claim_id} has reached review and cannot be deleted",
        "claim.sampling_seed_missing": "The region samples reviews: approving records the sampling seed",
        "claim.payment_mismatch": "Payment {amount} differs from the amount due, {due}",
        "claim.payment_due": "{due} yuan of the benefit is still unpaid: the case cannot be closed",
        # the life-cycle steps' refusals (guards: lifecycle, service)
        "application.duplicate_plan": "A plan cannot be added twice to one application",
        "application.effective_date_mismatch": "The effective date given differs from the one the rule pack sets",
        "application.effective_date_outside_coverage": "The effective date is outside the plan's coverage period",
        "application.effective_date_pending": "The rule pack gives no effective date (the association sets it), and this flow has no step that sets it",
        "application.effective_date_set_by_association": "The association sets the effective date after confirming payment; it cannot be given when confirming arrival",
        "application.gift_plans_not_offered": "This region has no gift plans",
        "application.materials_missing": "Supporting documents are missing",
        "application.mixed_tiers": "A unit may choose only one tier of each plan",
        "application.no_members": "The roster is empty: import the members first",
        "application.offline_materials_missing": "Record the paper documents received",
        "application.reference_date_not_offered": "This region has no reference effective date",
        "application.stamped_application_missing": "Download the application form, stamp it and upload a photo of it",
        "application.unknown_plan": "The plan is not in the region's rule pack",
        "unit.info_incomplete": "The unit's details are incomplete, so the application cannot be submitted",
        "unit.certificate_missing": "Upload the unit's registration certificate first (required)",
        "certificate.member_list_not_confirmed": "Confirm the member list first (tick the confirmation box)",
        "register.differs_from_social_security": "The staff register's headcount differs from the social-security headcount: annotate the summary or explain the difference",
        "endorsement.already_on_policy": "The member is already on this policy",
        "endorsement.amount_mismatch": "The amount due differs from the endorsement premium the rule pack calculates",
        "endorsement.contact_missing": "Give the mutual-aid contact's name and telephone",
        "endorsement.covered_elsewhere": "The member is already covered under the same plan by another policy",
        "endorsement.date_before_policy": "The endorsement's effective date cannot be before the policy's",
        "endorsement.date_outside_coverage": "The endorsement's effective date must be within the policy's coverage period",
        "endorsement.no_members": "The endorsement's roster is empty",
        "endorsement.policy_not_effective": "Only an effective policy can be endorsed",
        "endorsement.unknown_plan": "The policy's plan is not in the region's rule pack",
        "transfer.date_outside_coverage": "The transfer date must be within the policy's coverage period",
        "transfer.details_missing": "Give the members transferred and the transfer date",
        "transfer.not_on_policy": "A member transferred out is not on the policy",
        "policy.effective_date_outside_coverage": "The effective date is outside the coverage period",
        "findings.more": "There are more errors: download the error list",
        "review.reasons_required": "Returning or rejecting needs the reasons (review feedback)",
        "todo.not_yet": "The step waits for something not created yet",
        "group.deadline_passed": "The group's submission deadline has passed",
        "group.no_plans": "Choose the plans",
        "group.no_subsidiaries": "There are no confirmed subsidiaries",
        "group.not_linked": "A unit chosen is not a confirmed subsidiary: maintain the unit links first",
        "group.not_offered": "This region has no group enrolment",
        "group.not_submitted": "The group enrolment has not been submitted",
        "group.other_group": "The subsidiary's part belongs to another group enrolment, so its deadline cannot be checked",
        "group.part_missing": "A subsidiary's part is missing",
        "group.part_not_included": "A subsidiary's part was not submitted with the group",
        "group.part_not_submitted": "A subsidiary has not handed in its part to the group",
        "group.plans_fixed_after_launch": "The group's plans were handed out to the subsidiaries and can no longer change",
        "group.plans_fixed_by_parent": "The parent unit sets the plans, tiers, shares and gift plans; a subsidiary only imports its members",
        "group.reference_date_missing": "Set the reference effective date first",
        "group.subsidiaries_fixed_after_launch": "The group's plans were handed out, so the subsidiaries enrolled can no longer change",
        "link.already_linked": "The subsidiary is already linked to a parent unit",
        "link.cycle": "The parent unit is itself a subsidiary of this unit",
        "link.not_a_side": "Only the parent unit or the subsidiary may act on the link",
        "link.not_offered": "This region has no unit links",
        "link.self": "A unit cannot be linked to itself",
        "link.wrong_side": "The other unit of the link must confirm it",
        "invoice.group_not_named": "The invoice request must name the group enrolment",
        "invoice.not_for_application": "The invoice request is not for this application",
        "invoice.not_submitted": "The invoice request has not been submitted",
        "invoice.request_mismatch": "The invoice request given differs from the application's",
        "invoice.request_missing": "Submit the application's invoice request first",
        "payment.amount_received_missing": "There is no payment voucher: give the amount received before confirming arrival",
        "payment.arrival_before_notice": "The arrival date cannot be before the payment notice was issued",
        "payment.arrival_date_mismatch": "The arrival date differs from the one confirmed on the payment notice",
        "payment.cash_materials_missing": "A cash bank deposit needs its supporting documents",
        "payment.cash_refused": "Cash is not accepted: pay by transfer from the unit's corporate account",
        "payment.deferral_too_long": "The deferred payment date is later than the policy allows",
        "payment.e_seal_required": "Without an uploaded electronic seal, print and stamp the group application form and member list before paying",
        "payment.member_payment_not_offered": "This region has no payment by members: the unit pays for all",
        "payment.no_such_voucher": "There is no such payment voucher",
        "payment.no_vouchers": "Upload the payment vouchers first",
        "payment.notice_not_confirmed": "The payment notice's arrival is not confirmed yet",
        "payment.notice_number_mismatch": "The payment notice number differs from the notice of this subject",
        "payment.notice_other_subject": "The payment notice belongs to another subject",
        "payment.one_voucher_only": "This region takes one voucher per payment notice: delete the old one first",
        "payment.overpaid": "The amount paid is more than the amount due",
        "payment.paid_before_notice": "A voucher's transfer date is before the payment notice",
        "payment.pay_by_invalid": "The deferred payment date must be after the payment notice was issued",
        "payment.payer_differs": "A voucher's payer name differs from the unit's name",
        "payment.personal_transfer_refused": "A voucher was paid from a personal account: pay from the unit's corporate account",
        "payment.slip_without_number": "A voucher's remittance note does not give the payment notice number",
        "payment.underpaid": "The amount paid is less than the amount due",
        "unit.change_differs": "The change differs from the one approved",
        "unit.change_not_reviewed": "A change of the unit's details takes effect only after the association's review",
        "unit.code_invalid": "The unit's code is not valid",
        "unit.handler_missing": "Give the handler's name and mobile (for text messages and login)",
        "unit.number_format": "The unit number has the wrong format",
        "unit.number_missing": "Issue the unit number",
        "unit.registration_incomplete": "Required registration details are missing",
        "unit.unknown_fields": "These fields cannot be changed",
        # the bundled packs
        "yiyang.over_age_review": "The roster has {over_age} over-age member(s): after submission the office reviews their materials before the payment notice",
        "linyi.female_staff_exceeds_active": "Active female staff ({active_female_staff}) cannot exceed active staff ({active_staff})",
        "shenzhen.contact_missing": "Fill in the mutual-aid contact and how to reach them",
        "shenzhen.invoice_field_missing": "An early invoice request needs its {missing}",
        "guangdong.gift_plan_not_offered": "Plan {plan} does not include the gift plan {gift_plan}",
    }
)

#: Params whose value is a Chinese phrase -> the param the English uses instead
#: (``None``: the English says the same without it).
CHINESE_WORDED: Mapping[str, str | None] = MappingProxyType(
    {"problem": None, "where": None, "detail": None, "label": None, "material_name": "material"}
)

#: Params that quote what a clerk typed or must type (cell values, allowed values):
#: printed as written, never put into English.
KEPT: frozenset[str] = frozenset({"value", "given", "allowed"})

#: Canonical field -> its English name (what ``{column}`` becomes in English).
FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "name": "Name",
        "id_type": "ID type",
        "id_number": "ID number",
        "mobile": "Mobile number",
        "gender": "Gender",
        "birth_date": "Birth date",
        "medical_insurance_type": "Medical insurance type",
        "gig_worker": "Gig worker",
        "retired": "Retired",
        "risk_class": "Risk class",
        "dispatched": "Dispatched worker",
        "own_social_security": "Own social security",
        "plan_code": "Plan",
        "tier_code": "Tier",
        "shares": "Shares",
    }
)

#: A closed list's Chinese label or stable value -> English (for params such as
#: ``expected``, ``id_type``, ``risk_class``, ``material``, ``declared``).
VALUES: Mapping[str, str] = MappingProxyType(
    {
        # genders
        "男": "male",
        "女": "female",
        # ID types
        "居民身份证": "resident ID card",
        "护照": "passport",
        "港澳居民来往内地通行证": "Mainland Travel Permit for Hong Kong and Macao Residents",
        "台湾居民来往大陆通行证": "Mainland Travel Permit for Taiwan Residents",
        "外国人永久居留身份证": "Foreign Permanent Resident ID Card",
        "港澳台居民居住证": "Residence Permit for Hong Kong, Macao and Taiwan Residents",
        "其他": "other",
        # risk classes
        "normal": "ordinary",
        "high_risk": "high-risk",
        "普通": "ordinary",
        "高危": "high-risk",
        # materials
        "over_age_proof": "the over-age proof",
        "dispatched_worker_proof": "proof of dispatch",
        "commitment_letter": "the stamped commitment letter",
        "confirmation_certificate": "the stamped confirmation",
        # declared counts
        "active_staff": "active staff",
        "active_female_staff": "active female staff",
        "insured_headcount": "insured headcount",
        "medical_insurance_headcount": "headcount on the unit's urban employee medical insurance",
        "paying_headcount": "paying headcount",
        # invoice request fields
        "amount": "amount",
        "email": "e-mail address",
        "title": "unit (invoice title)",
        "taxpayer_code": "unified social credit code",
    }
)
