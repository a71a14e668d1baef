"""The handling ladder of 衢医保发〔2023〕8号 五(三) (seed 001 lines 1737–1857): for each rung
its grounds and the measures it allows with their bounds; the 违约金 of 五(五) (lines 1861–1865)
and what follows a 中止 of 五(六) (line 1867). Pure functions, no Temporal import.

What the text says, where it differs from issue 18's summary:

- No rung names 限期整改: 五(三)1 allows 约谈, 暂停联网结算 or 暂缓拨付费用; 五(三)2 约谈 and
  不予支付或追回; so 限期整改 is refused under every rung.
- 违约金 is a measure of 五(三)3 only, 10%—30% of the verified amount (核定医保费用); 五(五)
  adds that it is in principle (原则上) at most 30%, 违约金金额=核定违规医保费用×违约支付比例.
- 中止 (of the responsible persons' or their department's 医保 services, or of the agreement) is
  allowed under 五(三)3 for 情节严重 only, for 30 to 180 days (not 60–180), and under 五(三)4
  for 60 to 180 days; both ranges are 原则上 and are enforced as bounds here. 五(三)4 allows
  解除 too.
- 五(三)5(1) makes 解除 available when the agreement was 中止 2 times or more within its term
  (累计2次及以上), or when a 中止 saw its rectification not done as required.
- 五(五): the 违约金 is to be paid, in principle, within 30 days (30日内, calendar days, not
  working days) of the handling. The text does not say how to round: to the 分, half up, here.
- 五(六): after the 中止期, a failed rectification check or a refusal to rectify is handled as
  解除. That a passed check puts the agreement back in force is not written; it follows from a
  中止 being a suspension of a term the text does not end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from periods import PeriodEnd, add_days
from procedures.agreement.models import SUSPENSIONS, HandlingDecision, Measure

DOC = "衢医保发〔2023〕8号"


def cite(clause: str) -> str:
    return f"{DOC} {clause}"


WORDS = {
    Measure.INTERVIEW: "约谈",
    Measure.SUSPEND_SETTLEMENT: "暂停联网结算",
    Measure.DEFER_PAYMENT: "暂缓拨付",
    Measure.REFUSE_OR_RECOVER: "不予支付或追回",
    Measure.PENALTY: "违约金",
    Measure.SUSPEND_PERSONS: "中止相关责任人员",
    Measure.SUSPEND_DEPARTMENT: "中止所在部门",
    Measure.SUSPEND_AGREEMENT: "中止医保协议",
    Measure.TERMINATE: "解除医保协议",
}


@dataclass(frozen=True)
class Rung:
    number: int  # 五(三)1 … 五(三)5
    clause: str
    grounds: tuple[str, ...]  # (1), (2), … in short
    measures: frozenset[Measure]
    penalty_percent: tuple[Decimal, Decimal] | None = None  # inclusive
    suspension_days: tuple[int, int] | None = None  # inclusive
    suspension_if_serious: bool = False  # 情节严重的予以中止

    def ground_clause(self, ground: int) -> str:
        return f"{self.clause}({ground})"


RUNG_CLAUSES = ("五(三)1", "五(三)2", "五(三)3", "五(三)4", "五(三)5")
SECOND_SUSPENSION_CLAUSE = "五(三)5(1)"
PENALTY_CLAUSE = "五(五)"
AFTER_SUSPENSION_CLAUSE = "五(六)"
PENALTY_PAYMENT_DAYS = 30  # 五(五): 原则上应在30日内完成缴款

RUNGS: dict[int, Rung] = {
    rung.number: rung
    for rung in (
        Rung(  # 衢医保发〔2023〕8号 五(三)1 (seed 001 l.1739)
            1,
            RUNG_CLAUSES[0],
            (
                "未按规定安装、使用监控设备",
                "违反定点医药机构信息系统配置要求",
                "无正当理由拒绝联网结算服务,经提醒拒不改正",
                "人脸识别系统月度紧急结算率高于规定且无合理理由",
                "其他违反管理规定,情节较轻且未造成基金实际损失",
            ),
            frozenset({Measure.INTERVIEW, Measure.SUSPEND_SETTLEMENT, Measure.DEFER_PAYMENT}),
        ),
        Rung(  # 衢医保发〔2023〕8号 五(三)2 (seed 001 l.1751)
            2,
            RUNG_CLAUSES[1],
            (
                "违反财务结算制度,使用现金购销药品耗材",
                "违反门诊接诊流程",
                "不如实记录外伤原因等或未申请外伤调查",
                "违规提前收取费用或发放预付卡",
                "其他违反管理规定,造成基金损失但情节较轻",
            ),
            frozenset({Measure.INTERVIEW, Measure.REFUSE_OR_RECOVER}),
        ),
        Rung(  # 衢医保发〔2023〕8号 五(三)3 (seed 001 l.1763)
            3,
            RUNG_CLAUSES[2],
            (
                "冒用或出借医保医师账号进行医保结算",
                "药品、器械及耗材等进销存不符",
                "隐瞒被处理事实等导致参保人员投诉或上访",
                "违规收集社会保障卡或医保电子凭证",
                "监控经2次提醒仍不能正常使用或年度内3次故障",
                "被卫健、市场监管等部门查处,涉及基金损失",
                "处方管理不规范",
                "未核验病人身份导致冒名住院、就诊、购药",
                "超医保限定支付条件纳入医保结算",
                "匹配错误导致基金损失",
                "超药品说明书使用",
                "定点零售药店销售假药、劣药",
                "违反DRGs结算要求",
                "违反本办法规定和临床诊疗规范",
                "理疗管理不规范",
                "违规销售保健品",
                "让参保人员自行到药店购买目录内药品、耗材",
                "降低入院标准或留治继续住院",
                "超执业范围诊疗",
                "变相提高标准收费",
                "无医嘱或执行记录收费",
                "定点零售药店销售非医疗相关物品",
                "药师不在岗配售处方药",
                "法律法规和规章规定的应当中止的其他情形",
            ),
            frozenset(
                {Measure.INTERVIEW, Measure.REFUSE_OR_RECOVER, Measure.PENALTY, *SUSPENSIONS}
            ),
            penalty_percent=(Decimal(10), Decimal(30)),
            suspension_days=(30, 180),
            suspension_if_serious=True,
        ),
        Rung(  # 衢医保发〔2023〕8号 五(三)4 (seed 001 l.1815)
            4,
            RUNG_CLAUSES[3],
            (
                "从非法的供应单位购进药品",
                "唆使、诱导参保人员集体投诉或集体上访",
                "法律法规和规章规定的应当中止或解除的其他情形",
            ),
            frozenset({Measure.INTERVIEW, *SUSPENSIONS, Measure.TERMINATE}),
            suspension_days=(60, 180),
        ),
        Rung(  # 衢医保发〔2023〕8号 五(三)5 (seed 001 l.1823)
            5,
            RUNG_CLAUSES[4],
            (
                "有效期内累计2次及以上被中止协议,或中止期间未按要求整改",
                "以弄虚作假等不正当手段取得定点",
                "为非定点或中止期间的医药机构提供医保结算",
                "拒绝、阻挠或不配合审核、考核、检查,情节恶劣",
                "重大信息变更未办理",
                "存在重大违法违规行为且可能造成基金重大损失",
                "被吊销、注销执业许可证、备案证、经营许可证或营业执照",
                "负责人不能履行协议或有违法失信行为",
                "未依法履行行政处罚决定",
                "主动提出解除且经办机构同意",
                "主体变更、停业或歇业3个月内未报告",
                "伪造票据、处方或费用清单骗取基金",
                "医保结算设备转借、赠与或改变使用场地",
                "发生重大药品质量安全事件",
                "连锁药店同一负责人的其他分支药店同时解除",
                "根据医保协议约定应当解除",
                "法律法规和规章规定的应当解除的其他情形",
            ),
            frozenset({Measure.INTERVIEW, Measure.TERMINATE}),
        ),
    )
}


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def _allowed(rung: Rung) -> str:
    return "、".join(WORDS[m] for m in Measure if m in rung.measures)


def problems(decision: HandlingDecision) -> list[str]:
    """What is wrong with the decision, each naming the field and the clause; [] if nothing."""
    rung = RUNGS[decision.rung]
    where = cite(rung.clause)
    found: list[str] = []
    if decision.ground > len(rung.grounds):
        found.append(
            f"ground: {rung.clause} lists grounds (1)–({len(rung.grounds)}), "
            f"not ({decision.ground}) ({where})"
        )
    if len(set(decision.measures)) != len(decision.measures):
        found.append("measures: a measure is named twice")
    for measure in decision.measures:
        if measure not in rung.measures:
            found.append(
                f"measures: {WORDS[measure]} is not a measure {rung.clause} allows "
                f"(it allows {_allowed(rung)}) ({where})"
            )
    found += _penalty_problems(decision, rung)
    found += _suspension_problems(decision, rung)
    if (decision.rung, decision.ground) == (5, 1) and not second_suspension_reached(
        decision.agreement_suspensions_in_term, decision.rectification_failed_during_suspension
    ):
        found.append(
            f"agreement_suspensions_in_term: {SECOND_SUSPENSION_CLAUSE} needs the agreement "
            "中止 2 times or more within its term, or a 中止 whose rectification was not done "
            f"as required; it was 中止 {decision.agreement_suspensions_in_term} time(s) "
            f"({cite(SECOND_SUSPENSION_CLAUSE)})"
        )
    return found


def _penalty_problems(decision: HandlingDecision, rung: Rung) -> list[str]:
    where = cite(rung.clause)
    if Measure.PENALTY not in decision.measures:
        if decision.penalty_percent is None:
            return []
        return [f"penalty_percent: given, but the decision takes no 违约金 ({where})"]
    if rung.penalty_percent is None:
        return []  # refused above as a measure the rung does not allow
    low, high = rung.penalty_percent
    span = f"{_percent(low)}–{_percent(high)} of the verified amount (核定医保费用)"
    found: list[str] = []
    if decision.verified_amount is None:
        found.append(f"verified_amount: a 违约金 is {span}; none is given ({where})")
    if decision.penalty_percent is None:
        found.append(f"penalty_percent: a 违约金 is {span}; none is given ({where})")
    elif not low <= decision.penalty_percent <= high:
        # Above 30% breaks 五(五) too: 违约金金额原则上不超过核定违规医保费用的30%.
        if decision.penalty_percent > high:
            where = f"{where}; {PENALTY_CLAUSE} 原则上不超过{_percent(high)}"
        found.append(
            f"penalty_percent: {_percent(decision.penalty_percent)} is outside "
            f"{_percent(low)}–{_percent(high)} of the verified amount ({where})"
        )
    return found


def _suspension_problems(decision: HandlingDecision, rung: Rung) -> list[str]:
    where = cite(rung.clause)
    suspends = SUSPENSIONS.intersection(decision.measures)
    if not suspends:
        if decision.suspension_days is None:
            return []
        return [f"suspension_days: given, but the decision takes no 中止 ({where})"]
    if rung.suspension_days is None:
        return []  # refused above as a measure the rung does not allow
    low, high = rung.suspension_days
    found: list[str] = []
    if rung.suspension_if_serious and not decision.serious:
        found.append(f"serious: under {rung.clause} a 中止 is for 情节严重 only ({where})")
    if decision.suspension_days is None:
        found.append(f"suspension_days: a 中止 is for {low}–{high} days; none is given ({where})")
    elif not low <= decision.suspension_days <= high:
        found.append(
            f"suspension_days: {decision.suspension_days} days is outside the 中止期 of "
            f"{low}–{high} days ({where})"
        )
    return found


def penalty_amount(verified_amount: Decimal, percent: Decimal) -> Decimal:
    """五(五): 违约金金额=核定违规医保费用×违约支付比例, in yuan to the 分 (half up)."""
    return (verified_amount * percent / Decimal(100)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def penalty_due(decided_on: date) -> PeriodEnd:
    """五(五): the 违约金 is paid within 30 days (日) of the handling: counted from the next
    day (民法典 第二百零一条), a last day on a rest day moving to the next working day
    (第二百零三条)."""
    return add_days(decided_on, PENALTY_PAYMENT_DAYS)


def second_suspension_reached(suspensions_in_term: int, rectification_failed: bool) -> bool:
    """五(三)5(1): 医保协议有效期内累计2次及以上被中止医保协议或中止医保协议期间未按要求整改
    或整改不到位."""
    return suspensions_in_term >= 2 or rectification_failed


class Rectification(StrEnum):
    """The check at the end of a 中止期 (五(六))."""

    PASSED = "passed"  # 整改验收合格
    FAILED = "failed"  # 整改验收不合格
    REFUSED = "refused"  # 拒不整改


def termination_clauses(
    *,
    agreement_suspensions_in_term: int,
    rectification_failed_during_suspension: bool = False,
    after_suspension: Rectification | None = None,
    ground: tuple[int, int] | None = None,
) -> list[str]:
    """The clauses under which 解除 of the agreement is available; [] when it is not.

    A ground found under 五(三)4 or 五(三)5 (rung, number) allows it; 五(三)5(1) needs the
    agreement 中止 2 times or more in its term (counting every 中止 so far, the last one
    included), or a rectification not done during a 中止; 五(六) a check failed or refused at the
    end of a 中止期."""
    found: list[str] = []
    if ground is not None:
        rung, number = ground
        if rung in (4, 5) and 1 <= number <= len(RUNGS[rung].grounds) and ground != (5, 1):
            found.append(RUNGS[rung].ground_clause(number))
    if second_suspension_reached(
        agreement_suspensions_in_term, rectification_failed_during_suspension
    ):
        found.append(SECOND_SUSPENSION_CLAUSE)
    if after_suspension in (Rectification.FAILED, Rectification.REFUSED):
        found.append(AFTER_SUSPENSION_CLAUSE)
    return [cite(clause) for clause in found]
