"""A medical-insurance credit objection's stages and duties in words, as the status, the lists
and the board show them (pure: the door counts the working days left)."""

from __future__ import annotations

from procedures.declaration import Phrase, Words
from procedures.medical_objection.models import Stage

WORDS = Words(
    stages={
        Stage.RECEIVED: Phrase("已收到", "received"),
        Stage.OBJECTION_WINDOW: Phrase("异议申诉期内", "objection window open"),
        Stage.AWAITING_MATERIALS: Phrase("待补证明材料", "awaiting the supporting materials"),
        Stage.UNDER_REVIEW: Phrase("复查中", "under review"),
        Stage.NOTIFYING: Phrase("反馈中", "notifying the result"),
        Stage.CLOSED: Phrase("已结案", "closed"),
    },
    duties={
        # The subject's 10 working days from the result's publication (a party window).
        "filing": Phrase("提出异议申诉", "objection"),
        # The department's 10 working days from the objection and its materials (agency duty).
        "review": Phrase("复查", "review"),
    },
)
