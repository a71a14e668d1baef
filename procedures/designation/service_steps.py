"""The `served` step (送达) of a designation: the agency records how and when a notice that opens
the applicant's period was served, and the period starts from that day (kernel/service.py).
The notices: the supplementation notice (补正, 自收到材料补正通知之日起5个工作日, 二(三)2) and
the failed evaluation's result (re-evaluation 自结果告知送达之日起3个月后, 二(三)3).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.service import SERVED, NoticeService, Served
    from procedures.designation.base import DesignationBase
    from procedures.designation.models import Receipt


class ServiceSteps(DesignationBase):
    def _on_served(self, served: Served) -> Receipt:
        # Claimed at once; the window is scheduled by the case's loop (a step is answered at
        # once), which publishes the stage when it is running.
        record = self._service.claim(served)
        self._follow_up(SERVED, "the period scheduled from its service", self._start_served(record))
        return self._receipt(
            f"the {served.notice} notice was served on {served.served_on.isoformat()} "
            f"({served.method.value}): its {record.length}-working-day period runs from the "
            "next day (民法典 第二百零一条)"
        )

    def _start_served(self, record: NoticeService) -> Callable[[], Awaitable[object]]:
        async def start() -> None:
            await self._service.schedule(record)
            self._publish()

        return start

    def _check_served(self, served: Served) -> None:
        if self._outcome is not None:
            raise ValueError(self._out_of_stage("a closed case waits for no service"))
        self._check_step(served, self._service.refusal(served, self._today()))
