"""A credit repair's stages and duties in words, as the status, the lists and the board show
them (pure: the door counts the working days left)."""

from __future__ import annotations

from procedures.declaration import Phrase, Words
from procedures.repair.models import Stage

WORDS = Words(
    stages={
        Stage.RECEIVED: Phrase("已收到", "received"),
        Stage.UNDER_REVIEW: Phrase("审查中", "under review"),
        Stage.REFUSAL_NOTIFIED: Phrase("已告知不予修复", "refusal notified"),
        Stage.REFUSAL_OBJECTION: Phrase("不予修复异议处理中", "objection to the refusal"),
        Stage.NOTICE: Phrase("公示中", "public notice"),
        Stage.NOTICE_SUSPENDED: Phrase("公示异议处理中", "notice suspended by an objection"),
        Stage.TAKING_EFFECT: Phrase("修复生效中", "taking effect"),
        Stage.REPAIRED: Phrase("已修复", "repaired"),
        Stage.REFUSED: Phrase("不予修复", "refused"),
        Stage.NOT_REPAIRED: Phrase("未修复", "not repaired"),
        Stage.NOT_FOUND: Phrase("无此记录", "no such finding"),
        Stage.ALREADY_REPAIRED: Phrase("此前已修复", "already repaired"),
    },
    duties={
        # 六(三): the decision within 10 (+ extension) working days of acceptance.
        "decision": Phrase("作出决定", "decision"),
        # 六(三) 附件4: the applicant's 5 working days to object to a refusal (a party window).
        "refusal_objection": Phrase("对不予修复提出异议", "objection"),
        # 六(三): the 5-working-day public notice.
        "notice": Phrase("公示", "notice"),
    },
)
