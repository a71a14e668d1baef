"""A round's stages in words, as the status, the lists and the board show them (pure)."""

from __future__ import annotations

from procedures.declaration import Phrase, Words
from procedures.round.models import Stage

WORDS = Words(
    stages={
        Stage.COLLECTING: Phrase("收集评价信息", "collecting the facts"),
        Stage.PUBLISHING: Phrase("结果公示中", "publishing the results"),
        Stage.DELIVERING: Phrase("结果送达中", "delivering the results"),
        Stage.CLOSED: Phrase("已完成", "closed"),
    },
    duties={
        # 衢医保发〔2023〕8号 附件1 二(三): 半年拟评在八月底前完成; 年度总评 … 次年一季度完成.
        "assessment": Phrase("考核完成", "the assessment completed"),
    },
)
