"""Kinds: the closed lists of the domain (ID types, genders, plan kinds, ...).

Every kind is a :class:`~mutualaid.model.labelled.LabelledEnum`: a ``StrEnum``
with a stable English value (JSON, stores), a Chinese ``label`` (as the seeds
and roster templates write it) and :meth:`from_label`, which the roster reader
uses to map spreadsheet cells to members.

>>> IdType.from_label("居民身份证")
<IdType.RESIDENT_ID: 'resident_id'>
>>> Gender.from_label("女").label
'女'
>>> MedicalInsuranceType.from_label("城镇职工医保")
<MedicalInsuranceType.URBAN_EMPLOYEE: 'urban_employee'>
>>> YesNo.from_label("是").as_bool, YesNo.from_bool(False).label
(True, '否')
>>> PlanKind("hospital_allowance").label
'住院津贴'
>>> [k.label for k in ClaimType]
['疾病住院', '意外住院', '住院津贴', '特殊疾病', '意外伤残', '身故', '其他']

``Region`` is a plain string code (``"weihai"``, ``"guangdong"``, ...): the
rule packs own the list of regions.
"""

from __future__ import annotations

from typing import TypeAlias

from mutualaid.model.labelled import LabelledEnum

__all__ = [
    "ClaimType",
    "Gender",
    "IdType",
    "LabelledEnum",
    "MaterialKind",
    "MedicalInsuranceType",
    "PlanKind",
    "Region",
    "RiskClass",
    "UnitCodeKind",
    "UnitType",
    "YesNo",
]

#: A region code such as ``"weihai"``; each rule pack says which regions it serves.
Region: TypeAlias = str


class IdType(LabelledEnum):
    """证件类型: the kind of identity document a member's ID number belongs to.

    Only a resident ID (居民身份证) carries the birth date and gender; for every
    other type the roster must give them (Guangdong, Yiyang templates).

    >>> IdType.from_label("身份证") is IdType.RESIDENT_ID
    True
    >>> IdType.RESIDENT_ID.carries_birth_date, IdType.PASSPORT.carries_birth_date
    (True, False)
    """

    RESIDENT_ID = "resident_id", "居民身份证", "身份证", "二代身份证", "居民身份证号码"
    PASSPORT = "passport", "护照"
    HK_MACAO_PASS = "hk_macao_pass", "港澳居民来往内地通行证", "回乡证", "港澳通行证"
    TAIWAN_PASS = "taiwan_pass", "台湾居民来往大陆通行证", "台胞证"
    FOREIGN_PERMANENT_RESIDENCE = (
        "foreign_permanent_residence",
        "外国人永久居留身份证",
        "外国人永久居留证",
        "永居证",
        "新版永居证",
    )
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit", "港澳台居民居住证"
    OTHER = "other", "其他"

    @property
    def carries_birth_date(self) -> bool:
        """True when the number itself encodes birth date and gender (GB 11643)."""
        return self is IdType.RESIDENT_ID or self is IdType.HMT_RESIDENCE_PERMIT


class Gender(LabelledEnum):
    """性别.

    >>> Gender.from_label("M"), Gender.from_label("男性")
    (<Gender.MALE: 'male'>, <Gender.MALE: 'male'>)
    """

    MALE = "male", "男", "男性", "m"
    FEMALE = "female", "女", "女性", "f"


class MedicalInsuranceType(LabelledEnum):
    """医保类型 (Yiyang's roster; Guangdong's 省直医保 counts as urban employee)."""

    URBAN_EMPLOYEE = (
        "urban_employee",
        "城镇职工医保",
        "城镇职工",
        "城镇职工基本医疗保险",
        "职工医保",
        "省直医保",
    )
    URBAN_RURAL_RESIDENT = (
        "urban_rural_resident",
        "城乡居民医保",
        "城乡居民",
        "城乡居民基本医疗保险",
        "居民医保",
    )
    NONE = "none", "无", "未参保"
    OTHER = "other", "其他"


class RiskClass(LabelledEnum):
    """风险类别: high-risk members pay the tier's high-risk contribution (Linyi)."""

    NORMAL = "normal", "普通", "普通人群"
    HIGH_RISK = "high_risk", "高危", "高危人群"


class UnitType(LabelledEnum):
    """单位类型 / 单位性质: the kind of employer (Weihai's form, Yiyang's 单位类型)."""

    GOVERNMENT_AGENCY = "government_agency", "党政机关", "机关", "机关单位"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise", "国有企业", "国企"
    COLLECTIVE_ENTERPRISE = "collective_enterprise", "集体企业"
    PRIVATE_ENTERPRISE = "private_enterprise", "非公企业", "民营企业", "私营企业"
    FOREIGN_ENTERPRISE = "foreign_enterprise", "外资企业", "外商投资企业"
    ENTERPRISE = "enterprise", "企业"
    SOCIAL_ORGANIZATION = "social_organization", "社会团体", "社会组织", "民办非企业单位"
    OTHER = "other", "其他"


class UnitCodeKind(LabelledEnum):
    """The kind of the unit's registration code (Weihai: 信用代码证 / 组织机构代码证)."""

    USCC = "uscc", "统一社会信用代码", "信用代码证", "社会统一信用代码", "统一社会信用代码证"
    ORG_CODE = "org_code", "组织机构代码", "组织机构代码证"


class PlanKind(LabelledEnum):
    """What a plan covers (保障计划的类别)."""

    HOSPITALIZATION_MEDICAL = "hospitalization_medical", "住院医疗", "职工住院医疗", "医疗互助"
    HOSPITAL_ALLOWANCE = "hospital_allowance", "住院津贴"
    SPECIAL_DISEASE = "special_disease", "特殊疾病", "重大疾病"
    ACCIDENT = "accident", "意外", "意外伤害"
    OTHER = "other", "其他"


class MaterialKind(LabelledEnum):
    """材料类型: the documents the seeds ask units and claimants for.

    >>> MaterialKind.from_label("超龄未退休职工名册") is MaterialKind.OVER_AGE_PROOF
    True
    """

    # unit registration (Weihai, Guangdong, Linyi)
    REGISTRATION_CERTIFICATE = (
        "registration_certificate",
        "注册证件",
        "统一社会信用代码证",
        "营业执照",
    )
    E_SEAL = "e_seal", "电子印章"
    # enrolment
    OVER_AGE_PROOF = (
        "over_age_proof",
        "超龄未退休职工证明",
        "超龄未退休职工名册",
        "延迟退休参保职工在职证明",
        "超龄未退休证明材料",
    )
    DISPATCHED_WORKER_PROOF = "dispatched_worker_proof", "劳务派遣人员证明"
    SOCIAL_SECURITY_LEDGER = "social_security_ledger", "社保台账", "社保汇总表"
    STAMPED_APPLICATION_FORM = (
        "stamped_application_form",
        "盖章申请书",
        "团体申请表",
        "缴费申请单",
        "申请书",
    )
    SALARY_SHEET = "salary_sheet", "工资表"
    MEDICAL_INSURANCE_REGISTER = "medical_insurance_register", "医保名册"
    # payment and invoicing
    PAYMENT_VOUCHER = "payment_voucher", "缴费凭证", "银行回单", "银行转账复印件"
    NO_CORPORATE_ACCOUNT_PROOF = "no_corporate_account_proof", "无对公存款账户证明"
    HANDLER_ID_COPY = "handler_id_copy", "经办人身份证复印件"
    COMMITMENT_LETTER = "commitment_letter", "提前开票承诺书", "承诺书"
    CONFIRMATION_CERTIFICATE = (
        "confirmation_certificate",
        "参保确认书",
        "确认书",
        "盖章电子保单",
    )
    # claims (Linyi, Guangdong)
    SETTLEMENT_SHEET = "settlement_sheet", "结算单", "住院结算单"
    DISCHARGE_SUMMARY = "discharge_summary", "出院小结", "出院记录"
    MEDICAL_INVOICE = "medical_invoice", "医疗费用发票", "住院发票"
    DIAGNOSIS_CERTIFICATE = "diagnosis_certificate", "诊断证明"
    ID_CARD_COPY = "id_card_copy", "身份证复印件"
    BANK_CARD_COPY = "bank_card_copy", "银行卡复印件"
    OTHER = "other", "其他", "补充材料"


class ClaimType(LabelledEnum):
    """申领类型: what a case claims for (Linyi 4.1.1 lists the types a claimant's cover allows).

    Which types a plan offers and which materials each needs are the pack's
    data (``claims.types.<plan kind>``, ``claims.materials.<claim type>``).

    >>> ClaimType.DISEASE_HOSPITALIZATION.is_hospitalization, ClaimType.OTHER.is_hospitalization
    (True, False)
    """

    DISEASE_HOSPITALIZATION = "disease_hospitalization", "疾病住院"
    ACCIDENT_HOSPITALIZATION = "accident_hospitalization", "意外住院"
    HOSPITAL_ALLOWANCE = "hospital_allowance", "住院津贴"
    SPECIAL_DISEASE = "special_disease", "特殊疾病", "重大疾病"
    ACCIDENT_DISABILITY = "accident_disability", "意外伤残"
    DEATH = "death", "身故", "疾病身故", "意外身故"
    OTHER = "other", "其他"

    @property
    def is_hospitalization(self) -> bool:
        """疾病住院 and 意外住院: a hospital stay."""
        return self in (ClaimType.DISEASE_HOSPITALIZATION, ClaimType.ACCIDENT_HOSPITALIZATION)


class YesNo(LabelledEnum):
    """是 / 否 cells (gig worker, retired, dispatched, ...), mapped to ``bool``.

    >>> [YesNo.from_label(t).as_bool for t in ("是", "否", "Y", "n", "true", "0")]
    [True, False, True, False, True, False]
    """

    YES = "yes", "是", "y", "true", "1", "√"
    NO = "no", "否", "n", "false", "0", "×"

    @property
    def as_bool(self) -> bool:
        """``True`` for 是."""
        return self is YesNo.YES

    @classmethod
    def from_bool(cls, value: bool) -> YesNo:
        """``YesNo.YES`` for ``True``."""
        return cls.YES if value else cls.NO
