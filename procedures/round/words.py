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
    duties={},
)
