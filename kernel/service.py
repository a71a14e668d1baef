"""Service (送达) of the notices that open a party's period: a composed part of the case kernel.

A procedure `open`s such a notice before it issues it: the `service_rule` activity says (in
history) whether the installation deems the electronic delivery service on the day it is
delivered (settings `service_electronic_deemed`, default true). If so, the window is scheduled
at once from the issue instant (the notice can print its last day, as before issue 17); if
not, the notice is issued without a last day and waits for the agency's `served` step (date,
method, who: `claim` in its handler, `schedule` in the case's loop). No clock runs meanwhile:
the case publishes CaseStage `awaiting_service` (kernel/case_base.py) and its status lists the
notice without a last day. Served, the window is scheduled from the served day (that day not
counted, 民法典 第二百零一条), its citation naming the start event. The rules:
kernel/service_rules.py.

Import this module inside `workflow.unsafe.imports_passed_through()`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Protocol

from temporalio.common import RetryPolicy

from contracts import service as sv
from contracts.activities import PeriodUnit
from contracts.case_records import CaseDeadline, DeadlineKind
from contracts.service import NoticeService, Served
from kernel import service_rules
from kernel.audit_trail import SYSTEM, AuditTrail
from kernel.deadlines import CaseDeadlines
from periods import SHANGHAI

# Runs that issued a party-period notice before issue 17 scheduled its window from the issue at
# once, with no `service_rule` activity: they replay that way (procedures check this patch).
SERVICE_PATCH = "service-starts-periods"

# The rule is a configured value read by a local function: quick and safe to retry.
RULE_TIMEOUT = timedelta(seconds=30)
RULE_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=1))


class ServiceHost(Protocol):
    async def _activity(self, activity_name: str, *args: Any, **options: Any) -> Any: ...


class CaseService:
    """The case's notices that open a party's period, by notice name, and their service."""

    def __init__(self, host: ServiceHost, trail: AuditTrail, deadlines: CaseDeadlines) -> None:
        self._host = host
        self._trail = trail
        self._deadlines = deadlines
        self.records: dict[str, NoticeService] = {}
        # Served, its window not yet scheduled: the step claimed the service, the case's loop
        # schedules the window (a step is answered at once). A run hands over only once its
        # follow-ups are done, so this is never carried.
        self._scheduling: set[str] = set()

    @property
    def awaiting(self) -> bool:
        return any(r.awaiting for r in self.records.values())

    def is_awaiting(self, notice: str) -> bool:
        record = self.records.get(notice)
        return record is not None and record.awaiting

    def window_waits(self, window: str) -> bool:
        """A notice that opens `window` waits for its service, or for its window to be
        scheduled after it (the window is not running yet)."""
        return any(
            r.window == window and (r.awaiting or n in self._scheduling)
            for n, r in self.records.items()
        )

    def moot(self, window: str, why: str) -> bool:
        """The party answered before the notice's service was recorded: nothing waits for it
        any more (the answer shows the notice was received). True when a notice waited."""
        waited = False
        for name, record in list(self.records.items()):
            if record.awaiting and record.window == window:
                del self.records[name]
                waited = True
                self._trail.record(
                    SYSTEM, "notice_service_moot", record.citation, notice=name, why=why
                )
        return waited

    def take_over(self, records: dict[str, NoticeService]) -> None:
        """In the next run: the notices as the previous run left them."""
        self.records = dict(records)

    async def deemed(self) -> bool:
        """Whether an electronic delivery is service on its day (the `service_rule` activity)."""
        rule: sv.ServiceRule = await self._host._activity(
            sv.SERVICE_RULE,
            result_type=sv.ServiceRule,
            start_to_close_timeout=RULE_TIMEOUT,
            retry_policy=RULE_RETRY,
        )
        return rule.electronic_deemed

    @staticmethod
    def notice(
        notice: str,
        window: str,
        kind: DeadlineKind,
        citation: str,
        *,
        issued_at: datetime,
        length: int,
        unit: PeriodUnit = "working_days",
    ) -> NoticeService:
        """A notice issued at `issued_at` that opens `window` once served."""
        return NoticeService(
            notice=notice,
            issued_on=issued_at.astimezone(SHANGHAI).date(),
            window=window,
            kind=kind.value,
            citation=citation,
            length=length,
            unit=unit,
        )

    async def served_day(self, record: NoticeService) -> date | None:
        """A notice about to be issued whose period the procedure counts itself (no deadline
        of the kernel's, e.g. 3 months before a re-evaluation may be asked): the issue day when
        electronic delivery is deemed service, else None until its `served` step."""
        if not await self.deemed():
            self.await_service(record)
            return None
        self._record(service_rules.deemed(record, record.issued_on, SYSTEM), SYSTEM)
        return record.issued_on

    async def open(self, record: NoticeService, issued_at: datetime) -> CaseDeadline | None:
        """A notice about to be issued: its window, scheduled from `issued_at` (the instant
        the procedure counted from before issue 17) when electronic delivery is deemed service
        (`deemed`), else None and the notice waits for its `served` step (`await_service`)."""
        if not await self.deemed():
            self.await_service(record)
            return None
        served = service_rules.deemed(record, record.issued_on, SYSTEM)
        self._record(served, SYSTEM)
        return await self._window(served, issued_at)

    def await_service(self, record: NoticeService) -> None:
        """The notice waits for its `served` step; no clock runs until then."""
        self.records[record.notice] = record
        self._trail.record(
            SYSTEM,
            "notice_awaiting_service",
            record.citation,
            notice=record.notice,
            window=record.window,
            issued_on=record.issued_on.isoformat(),
        )

    def refusal(self, served: Served, today: date) -> str | None:
        return service_rules.refusal(self.records, served, today)

    def claim(self, served: Served) -> NoticeService:
        """The agency's `served` step (validated with `refusal`), in its handler before any
        await: recorded, so that a second one is refused; `schedule` then starts the window
        from the served day in the case's loop."""
        record = service_rules.recorded(self.records[served.notice], served)
        self._record(record, served.served_by)
        self._scheduling.add(record.notice)
        return record

    async def schedule(self, record: NoticeService) -> CaseDeadline | None:
        """The window of a served notice (None for a notice whose period the procedure counts
        itself, `served_day`)."""
        assert record.served_on is not None
        if not record.window:
            self._scheduling.discard(record.notice)
            return None
        try:
            return await self._window(record, service_rules.served_at(record.served_on))
        finally:
            self._scheduling.discard(record.notice)

    def _record(self, record: NoticeService, by: str) -> None:
        assert record.served_on is not None and record.method is not None
        self.records[record.notice] = record
        self._trail.record(
            by,
            "notice_served",
            record.citation,
            notice=record.notice,
            served_on=record.served_on.isoformat(),
            method=record.method.value,
            served_by=record.served_by or by,
        )

    async def _window(self, record: NoticeService, start_at: datetime) -> CaseDeadline:
        return await self._deadlines.schedule(
            record.window,
            DeadlineKind(record.kind),
            service_rules.counted_from(record.citation, record),
            start_at=start_at,
            length=record.length,
            unit=record.unit,
        )
