"""A designation case's stages and duties in words, as the status, the lists and the board show
them, and its quarterly acceptance review day as a date to watch (pure: the door counts the
working days left)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from procedures.declaration import DatedDuty, Phrase, Words
from procedures.designation import models as dd

# The quarterly acceptance review (经办机构原则上每季度应开展1次集中受理审查, 二(三)2).
BATCH_REVIEW = "acceptance_review"


def dates(status: Any) -> Sequence[DatedDuty]:
    """While the application awaits the batch, the day of the quarterly review (the case holds
    it as `batch_day`, chosen by the `next_acceptance_batch` activity when it applied)."""
    if status.stage != dd.Stage.AWAITING_BATCH or status.batch_day is None:
        return ()
    return (
        DatedDuty(
            name=BATCH_REVIEW,
            duty=Phrase("集中受理审查", "acceptance review"),
            day=status.batch_day,
            citation=dd.cite(dd.APPLICATION_CLAUSE),
        ),
    )


WORDS = Words(
    stages={
        dd.Stage.TRIAL_RUN: Phrase("试运行", "trial run"),
        dd.Stage.AWAITING_BATCH: Phrase("待集中受理审查", "awaiting the acceptance review"),
        dd.Stage.SUPPLEMENTING: Phrase("补正材料中", "supplementing materials"),
        dd.Stage.EVALUATING: Phrase("评估中", "under evaluation"),
        dd.Stage.RECTIFYING: Phrase("整改中", "rectifying"),
        dd.Stage.PUBLIC_NOTICE: Phrase("公示中", "public notice"),
        dd.Stage.APPROVAL: Phrase("待党组会审议", "awaiting approval"),
        dd.Stage.SIGNING: Phrase("待签订协议", "awaiting the agreement"),
        dd.Stage.DESIGNATED: Phrase("已确定为定点", "designated"),
        dd.Stage.REJECTED: Phrase("未予定点", "rejected"),
        dd.Stage.ABANDONED: Phrase("视为放弃", "abandoned"),
    },
    duties={
        # 二(三)3: the evaluation within 20 working days of acceptance (paused while the
        # applicant supplements, 不计入评估期限).
        "evaluation": Phrase("评估", "evaluation"),
        # 二(三)3: the public notice of a passed evaluation (a party window for reports).
        "public_notice": Phrase("公示", "notice"),
        # 二(三)2: the applicant's 5 working days to supplement (一次性告知).
        "supplement": Phrase("补正材料", "supplement"),
    },
    dates=dates,
    dated_stages=frozenset({dd.Stage.AWAITING_BATCH}),
)
