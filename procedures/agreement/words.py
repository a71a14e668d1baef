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
        Stage.TERMINATING: Phrase("解除办理中", "terminating"),
        Stage.TERMINATED: Phrase("已解除", "terminated"),
        Stage.EXPIRED: Phrase("到期终止", "expired"),
    },
    duties={
        # 二(三)4: the term to 31 December (then a year per renewal, 附件1 一(二)).
        "term": Phrase("协议期限", "the agreement's term"),
    },
)
