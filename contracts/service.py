"""Service (送达) of a notice that opens a party's period: the names and models every layer shares.

A period the regulation counts "自收到…之日起" or "自…送达之日起" starts on the day the notice is
served, not the day it is issued (issue 17). A notice is served either by its electronic delivery,
when the installation deems that delivery service (settings `service_electronic_deemed`, told to
the case by the `service_rule` activity so that the decision is in history), or by a `served`
step the agency enters (date, method, who).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from checks.plausible import PastDay
from contracts.activities import PeriodUnit
from contracts.fields import ShortText, StrictModel

SERVICE_RULE = "service_rule"
SERVED = "served"  # the Update of the agency's `served` step, in every procedure that has it

# The CaseStage a case publishes while a notice of it waits for its service (no clock running):
# `starter.py list --stage awaiting_service` finds it; the status keeps the procedure's stage.
AWAITING_SERVICE = "awaiting_service"


class ServiceMethod(StrEnum):
    DIRECT = "直接送达"
    MAIL = "邮寄"
    ELECTRONIC = "电子送达"


class ServiceRule(BaseModel):
    """The installation's rule, recorded in the case's history by the `service_rule` activity."""

    # True: an electronic delivery is service on the day it is delivered (the default).
    electronic_deemed: bool


class NoticeService(BaseModel):
    """A notice that opens a party's period, and its service (None while it waits for it)."""

    notice: str  # the notice's name, which the `served` step names (e.g. "supplementation")
    issued_on: date
    # The period it opens once served: the named deadline, its kind (a DeadlineKind value),
    # its clause and its length; kept here so that a run that takes over can still open it.
    # window "": a period the procedure counts itself from served_on (kernel/service.py).
    window: str
    kind: str
    citation: str
    length: int
    unit: PeriodUnit = "working_days"
    served_on: date | None = None
    method: ServiceMethod | None = None
    served_by: str | None = None

    @property
    def awaiting(self) -> bool:
        return self.served_on is None


class Served(BaseModel):
    """The agency records how and when a notice was served (送达): its period starts then."""

    model_config = StrictModel
    notice: ShortText = Field(description="the notice served, e.g. supplementation")
    served_on: PastDay = Field(description="the day of service (not before the notice's issue)")
    method: ServiceMethod = Field(description="直接送达, 邮寄 or 电子送达")
    served_by: ShortText = Field(description="who records the service")
