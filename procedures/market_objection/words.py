"""A market-entity objection's stages and duties in words, as the status, the lists and the
board show them (pure: the door counts the working days left)."""

from __future__ import annotations

from procedures.declaration import Phrase, Words
from procedures.market_objection.models import Stage

WORDS = Words(
    stages={
        Stage.RECEIVED: Phrase("已收到", "received"),
        Stage.UNDER_REVIEW: Phrase("复核中", "under review"),
        Stage.NOTIFYING: Phrase("告知中", "notifying the result"),
        Stage.CLOSED: Phrase("已结案", "closed"),
    },
    # 四(三)1: the objection is reviewed within 15 working days of its receipt.
    duties={"review": Phrase("复核", "review")},
)
