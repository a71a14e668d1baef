"""How an agreement ends, and what its end leaves on the institution's subject record:
衢医保发〔2023〕8号 五(三)4 (seed 001 lines 1815–1821), 五(三)5 (lines 1823–1857), 五(六)
(line 1867), 附件1 (lines 1892–1944), and the waiting periods of 二(三)2 (lines 1558–1598).
Pure, no Temporal import.

二(三)2 bars a new application for 3 years after a 解除 for 违法违规 and for 1 year after a 解除 for
违反医保协议约定或医保相关规定 (the designation's acceptance checks read the findings below).
The text does not sort the grounds of 五(三)4–5 into the two; here a ground that names a breach
of law (a 违法 act, a licence revoked, a penalty not performed, fraud, 弄虚作假) counts as
违法违规, every other ground of 五(三)4–5 as a breach of the agreement. 衢医保发〔2023〕8号
五(六) (seed 001 l.1867) handles a failed check 按照解除协议处理: the 解除 keeps the ground
the 中止 was decided on (a 中止 for 五(三)4(1) ends as 违法违规, one for a 五(三)3 ground as a
breach). An end that is no fault of the institution leaves no finding: its own 解除 agreed
to (五(三)5(10)), no renewal agreed (附件1 一(二)), a 中止 of its own not resumed within 180 days
(附件1 一(三)1).
"""

from __future__ import annotations

from contracts.subject_records import (
    TERMINATED_BY_ASSESSMENT,
    TERMINATED_FOR_BREACH,
    TERMINATED_FOR_VIOLATION,
)

# (rung, ground) of 五(三) that name a breach of law.
VIOLATION_GROUNDS = frozenset(
    {
        (4, 1),  # 从非法的供应单位购进药品
        (4, 3),  # 法律法规和规章规定的应当中止或解除的其他情形
        (5, 2),  # 以弄虚作假等不正当手段取得定点
        (5, 6),  # 存在重大违法违规行为且可能造成基金重大损失
        (5, 7),  # 被吊销、注销执业许可证 … 营业执照
        (5, 9),  # 未依法履行行政处罚决定
        (5, 12),  # 伪造票据、处方或费用清单骗取基金
        (5, 17),  # 法律法规和规章规定的应当解除的其他情形
    }
)
VOLUNTARY_GROUND = (5, 10)  # 主动提出解除且经办机构同意
AUTOMATIC_CLAUSE = "附件1 一(三)1"  # 中止超过180日仍未提出继续履行 … 自动解除
EXPIRY_CLAUSE = "附件1 一(二)"  # 未达成一致的,医保协议到期后自动解除
# A 中止 whose end lies beyond the term: 本协议期医保协议解除 (附件1 一(三)1).
OUTLASTING_CLAUSE = AUTOMATIC_CLAUSE
PROCEDURE_CLAUSE = "附件1 一(四)"  # 解除协议办理程序: three steps
OTHER_REGIONS_CLAUSE = "附件1 一(三)3"  # 该医药机构在其他统筹区的医保协议也同时中止或解除


def finding_for_ground(rung: int, ground: int) -> str | None:
    """The finding a 解除 on this ground of 五(三) leaves: 违法违规 or breach; None for the
    institution's own 解除 agreed to."""
    if (rung, ground) == VOLUNTARY_GROUND:
        return None
    if (rung, ground) in VIOLATION_GROUNDS:
        return TERMINATED_FOR_VIOLATION
    return TERMINATED_FOR_BREACH


def finding_after_check(suspended_for: tuple[int, int] | None) -> str:
    """五(六): a 中止 whose rectification failed or was refused is 按照解除协议处理 — the 解除
    of the matter the 中止 was decided for, so it leaves that ground's finding: 违法违规 when the
    中止 was for a breach of law (e.g. 五(三)4(1) 从非法的供应单位购进药品), otherwise a breach
    of the agreement. `suspended_for`: the (rung, ground) of the decision that 中止'd it."""
    if suspended_for is not None and suspended_for in VIOLATION_GROUNDS:
        return TERMINATED_FOR_VIOLATION
    return TERMINATED_FOR_BREACH


FINDING_LABELS = {
    TERMINATED_FOR_VIOLATION: "因违法违规被解除医保协议",
    TERMINATED_FOR_BREACH: "因违反医保协议约定或医保相关规定被解除医保协议",
    # 附件1 二(四)2(2) 考核仍不合格的,予以解除医保协议: the bar of 附件1 二(四), one year.
    TERMINATED_BY_ASSESSMENT: "年度考核整改后再考核仍不合格被解除医保协议",
}
