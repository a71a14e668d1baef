"""An accountability case's stages and duties in words, as the status, the lists and the board
show them (pure: the door counts the working days left)."""

from __future__ import annotations

from procedures.accountability.models import Stage
from procedures.declaration import Phrase, Words

WORDS = Words(
    stages={
        Stage.AWAITING_REPORT: Phrase("待报告", "awaiting the report"),
        Stage.UNDER_REVIEW: Phrase("审查中", "under review"),
        Stage.AWAITING_DECISION: Phrase("待决定", "awaiting the decision"),
        Stage.AWAITING_FEEDBACK: Phrase("待反馈", "awaiting the feedback"),
        Stage.CLOSED: Phrase("已结案", "closed"),
        Stage.NO_ACCOUNTABILITY: Phrase("不予追责", "no accountability"),
    },
    duties={
        # 第十三条第一款: the report within 2 months of the judgment's receipt.
        "report": Phrase("报告", "report"),
        # 第十三条第三款: the feedback within 3 working days of the decision.
        "feedback": Phrase("反馈", "feedback"),
    },
)
