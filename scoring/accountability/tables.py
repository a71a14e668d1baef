"""The Measures' tables (衢政办发〔2023〕5号): the ids of every item, the regulation's own terms
and the clause each one comes from, in the regulation's order."""

from __future__ import annotations

from enum import StrEnum

from scoring.report import GroupTotal

KIND = "accountability"
DOC = "衢政办发〔2023〕5号"

_CN = ("", "一", "二", "三", "四", "五", "六", "七")


def _item(article: str, number: int) -> str:
    return f"{DOC} {article}({_CN[number]})"


# --- Tables: ids, the regulation's terms and their clauses ---------------------------------------


class Body(StrEnum):
    """Who decided the case against the agency (第五条)."""

    COURT = "court"  # 人民法院
    RECONSIDERATION = "reconsideration"  # 行政复议机关


BODY_LABELS = {Body.COURT: "人民法院", Body.RECONSIDERATION: "行政复议机关"}


class AgencyLevel(StrEnum):
    """The level of the agency; 乡镇街道 report to the county level (第十三条第一款)."""

    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


class Outcome(StrEnum):
    """第五条 — what the court or reconsideration body decided."""

    # The published OpenAPI document names this enum `scoring__accountability__Outcome` (another
    # `Outcome` makes pydantic qualify it by module): it keeps the module it was published from,
    # where it is still importable, so that the contract does not change with the file layout.
    __module__ = "scoring.accountability"

    CONFIRMED_ILLEGAL = "confirmed_illegal"
    REVOKED_OR_CHANGED = "revoked_or_changed"
    ORDERED_TO_ACT = "ordered_to_act"
    ORDERED_RESTITUTION = "ordered_restitution"
    OTHER = "other"


OUTCOMES: dict[Outcome, tuple[str, str]] = {
    Outcome.CONFIRMED_ILLEGAL: ("确认行政行为违法", _item("第五条", 1)),
    Outcome.REVOKED_OR_CHANGED: ("撤销或者变更行政行为", _item("第五条", 2)),
    Outcome.ORDERED_TO_ACT: ("责令履行法定职责或者重新作出行政行为", _item("第五条", 3)),
    Outcome.ORDERED_RESTITUTION: (
        "责令返还财产,解除查封、扣押、冻结措施或者赔偿",
        _item("第五条", 4),
    ),
    Outcome.OTHER: ("其他依法认定为行政败诉案件", _item("第五条", 5)),
}


class Ground(StrEnum):
    """第六条 — the fault that caused the loss; also the "kind" (同类) of 第七条(一)."""

    FACTS_UNCLEAR = "facts_unclear"
    POWER_EXCEEDED_OR_ABUSED = "power_exceeded_or_abused"
    PROCEDURE_VIOLATED = "procedure_violated"
    MANIFESTLY_IMPROPER = "manifestly_improper"
    LAW_MISAPPLIED = "law_misapplied"
    DUTY_NOT_PERFORMED = "duty_not_performed"
    OTHER_ILLEGAL = "other_illegal"


GROUNDS: dict[Ground, tuple[str, str]] = {
    Ground.FACTS_UNCLEAR: ("行政行为主要事实不清、证据不足", _item("第六条", 1)),
    Ground.POWER_EXCEEDED_OR_ABUSED: ("超越或者滥用法定职权", _item("第六条", 2)),
    Ground.PROCEDURE_VIOLATED: ("违反法定程序履行职责", _item("第六条", 3)),
    Ground.MANIFESTLY_IMPROPER: ("行政行为明显不当", _item("第六条", 4)),
    Ground.LAW_MISAPPLIED: ("行政行为适用法律明显错误", _item("第六条", 5)),
    Ground.DUTY_NOT_PERFORMED: (
        "无正当理由不履行、拒绝履行或者推诿履行法定职责",
        _item("第六条", 6),
    ),
    Ground.OTHER_ILLEGAL: ("其他违法行为导致败诉", _item("第六条", 7)),
}


class Aggravating(StrEnum):
    """第七条(二)–(五). Item (一), the repeat fault, is computed from `earlier_findings`."""

    EVIDENCE_OBSTRUCTION = "evidence_obstruction"
    RETALIATION = "retaliation"
    SERIOUS_LOSS = "serious_loss"
    OTHER = "other"


REPEAT_LABEL = "同一责任人员1年内出现2次以上同类过错行为"
REPEAT_CLAUSE = _item("第七条", 1)
AGGRAVATING: dict[Aggravating, tuple[str, str]] = {
    Aggravating.EVIDENCE_OBSTRUCTION: (
        "转移、销毁有关证据,弄虚作假或者阻碍、干扰败诉责任调查、追究",
        _item("第七条", 2),
    ),
    Aggravating.RETALIATION: ("打击、报复行政案件当事人", _item("第七条", 3)),
    Aggravating.SERIOUS_LOSS: ("因行政败诉造成严重损失或者其他恶劣影响", _item("第七条", 4)),
    Aggravating.OTHER: ("其他从重追究责任的情形", _item("第七条", 5)),
}

SELF_CORRECTION_LABEL = "主动发现过错并在法律文书生效前及时纠正"
SELF_CORRECTION_CLAUSE = f"{DOC} 第八条第一款"
MINOR_FAULT_LABEL = "过错情节轻微,损害和影响较小"
MINOR_FAULT_CLAUSE = f"{DOC} 第八条第二款"


class Exempt(StrEnum):
    """第九条 first paragraph (一)–(四): 不予追究责任."""

    COUNTERPART_FALSIFIED = "counterpart_falsified"
    BASIS_UNCLEAR = "basis_unclear"
    FORCE_MAJEURE = "force_majeure"
    OTHER = "other"


EXEMPT: dict[Exempt, tuple[str, str]] = {
    Exempt.COUNTERPART_FALSIFIED: (
        "行政相对人弄虚作假,致使难以作出正确判断",
        _item("第九条", 1),
    ),
    Exempt.BASIS_UNCLEAR: (
        "依据不明确、不一致或者理解认识不一致,致使行政行为出现偏差",
        _item("第九条", 2),
    ),
    Exempt.FORCE_MAJEURE: ("因不可抗力或者紧急避险等无法正常履行法定职责", _item("第九条", 3)),
    Exempt.OTHER: ("其他依法不予追究责任的情形", _item("第九条", 4)),
}


class MayExempt(StrEnum):
    """第九条第二款: 可以不予或者免于追究责任 (a decision for the authority)."""

    REFORM_INEXPERIENCE = "reform_inexperience"
    EXPLORATORY_TRIAL = "exploratory_trial"
    UNINTENTIONAL_DEVELOPMENT = "unintentional_development"


MAY_EXEMPT_CLAUSE = f"{DOC} 第九条第二款"
MAY_EXEMPT: dict[MayExempt, str] = {
    MayExempt.REFORM_INEXPERIENCE: "推进改革中因缺乏经验、先行先试出现的失误和错误",
    MayExempt.EXPLORATORY_TRIAL: "上级尚无明确限制的探索性试验中的失误和错误",
    MayExempt.UNINTENTIONAL_DEVELOPMENT: "为推动发展的无意过失",
}


class Role(StrEnum):
    """第十条 — the two kinds of liable person."""

    RESPONSIBLE_LEADER = "responsible_leader"
    DIRECTLY_RESPONSIBLE = "directly_responsible"


ROLE_LABELS = {
    Role.RESPONSIBLE_LEADER: "负有责任的领导人员",
    Role.DIRECTLY_RESPONSIBLE: "直接责任人员",
}
LIABLE_CLAUSE = f"{DOC} 第十条"

# 第十一条 — on the agency; 第十二条 — on staff. (id, term, clause), in the regulation's order.
AGENCY_SANCTIONS: tuple[tuple[str, str, str], ...] = (
    ("written_admonition", "书面告诫", _item("第十一条", 1)),
    ("written_self_examination", "责令作出书面检查", _item("第十一条", 2)),
    ("circulated_criticism", "通报批评", _item("第十一条", 3)),
    ("other_lawful", "法律、法规、规章规定的其他方式", _item("第十一条", 4)),
)
STAFF_SANCTIONS: tuple[tuple[str, str, str], ...] = (
    ("reminder_talk", "谈话提醒", _item("第十二条", 1)),
    ("criticism_education", "批评教育", _item("第十二条", 2)),
    ("written_self_examination", "责令作出书面检查", _item("第十二条", 3)),
    ("disciplinary_sanction", "处分", _item("第十二条", 4)),
    ("other_lawful", "法律、法规、规章规定的其他方式", _item("第十二条", 5)),
)


class Referral(StrEnum):
    """第十四条 — where a liable person's case goes beyond these Measures."""

    DISCIPLINE = "discipline"
    ORGANISATIONAL = "organisational"
    CRIME = "crime"


REFERRAL_CLAUSE = f"{DOC} 第十四条"
REFERRALS: dict[Referral, tuple[str, str]] = {
    Referral.DISCIPLINE: ("涉嫌违纪违法需给予党纪政务处分", "移送纪检监察机关处理"),
    Referral.ORGANISATIONAL: ("涉及组织处理", "移送组织人事部门处理"),
    Referral.CRIME: ("涉嫌犯罪", "依法处理"),
}


class Conclusion(StrEnum):
    """The conclusion codes carried in `grade` (see the module docstring)."""

    NOT_LOST = "not_lost"
    NO_GROUND = "no_ground"
    EXEMPT = "exempt"
    MAY_EXEMPT = "may_exempt"
    MITIGATED = "mitigated"
    APPLIES = "applies"
    AGGRAVATED_MITIGATED = "aggravated_mitigated"
    AGGRAVATED = "aggravated"


# Heavier conclusions rank higher. Both 从重 and 从轻/减轻 found: the Measures give neither
# precedence, so both stand for the authority to weigh; ranked between "applies" and "aggravated".
SEVERITY: dict[Conclusion, int] = {
    Conclusion.NOT_LOST: 0,
    Conclusion.NO_GROUND: 0,
    Conclusion.EXEMPT: 1,
    Conclusion.MAY_EXEMPT: 2,
    Conclusion.MITIGATED: 3,
    Conclusion.APPLIES: 4,
    Conclusion.AGGRAVATED_MITIGATED: 5,
    Conclusion.AGGRAVATED: 6,
}

# The label of a subject's `conclusion.*` line; its reason ends with the code in brackets.
CONCLUSION_LABELS: dict[Conclusion, str] = {
    Conclusion.EXEMPT: "不予追究",
    Conclusion.MAY_EXEMPT: "可以不予或者免于追究",
    Conclusion.MITIGATED: "从轻或者减轻追究",
    Conclusion.APPLIES: "应当追究",
    Conclusion.AGGRAVATED_MITIGATED: "从重情形与从轻或者减轻情形并存",
    Conclusion.AGGRAVATED: "从重追究",
}

GROUP_LABELS: tuple[tuple[str, str], ...] = (
    ("trigger", "败诉情形(第五条)"),
    ("grounds", "追责事由(第六条)"),
    ("exempt", "不予追究/可以免责(第九条)"),
    ("aggravating", "从重情形(第七条)"),
    ("mitigating", "从轻或者减轻情形(第八条)"),
    ("liable", "责任人员(第十条)"),
    ("conclusion", "追责结论"),
    ("sanctions", "追责方式(第十一条、第十二条)"),
    ("referral", "移送处理(第十四条)"),
)
GROUPS = [GroupTotal(group=group, label=label, points=None) for group, label in GROUP_LABELS]
