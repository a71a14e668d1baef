"""An agreement's stages and deadlines in words, as the status, the lists and the board show
them (pure)."""

from __future__ import annotations

from procedures.agreement.case import Stage
from procedures.declaration import Phrase, Words

WORDS = Words(
    stages={
        Stage.IN_FORCE: Phrase("履行中", "in force"),
        Stage.SETTLEMENT_SUSPENDED: Phrase("暂停联网结算", "card settlement suspended"),
        Stage.SUSPENDED: Phrase("中止", "suspended"),
        Stage.AWAITING_CHECK: Phrase("中止期满待验收", "awaiting the rectification check"),
        Stage.AWAITING_REASSESSMENT: Phrase("整改期满待再次考核", "awaiting the re-assessment"),
        Stage.TERMINATING: Phrase("解除办理中", "terminating"),
        Stage.TERMINATED: Phrase("已解除", "terminated"),
        Stage.EXPIRED: Phrase("到期终止", "expired"),
    },
    duties={
        # 二(三)4: the term to 31 December (then a year per renewal, 附件1 一(二)).
        "term": Phrase("协议期限", "the agreement's term"),
        # Numbered per agreement (penalty-1, suspension-2, measure-3): Words.duty reads the kind.
        # 五(五): the 违约金 paid within 30 days of the decision (the institution's duty).
        "penalty": Phrase("缴纳违约金", "the penalty paid"),
        # 五(三)3/4 and 附件1 一(三)1: the 中止期, or the 180 days an own 中止 may last.
        "suspension": Phrase("中止期", "the suspension"),
        # 五(三)3/4: a 中止 of responsible persons or of a department.
        "measure": Phrase("人员或科室中止期", "the suspension of persons or a department"),
    },
)
