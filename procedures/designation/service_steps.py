"""The `served` step (送达) of a designation: the agency records how and when a notice that opens
the applicant's period was served, and the period starts from that day (kernel/service.py).
The notices: the supplementation notice (补正, 自收到材料补正通知之日起5个工作日, 二(三)2) and a
first failed evaluation's result (再次评估 自结果告知送达之日起整改3个月后, 二(三)3).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.service import Served
    from procedures.designation.models import Receipt
    from procedures.designation.reevaluation import ReevaluationSteps


class ServiceSteps(ReevaluationSteps):
    def _on_served(self, served: Served) -> Receipt:
        detail = self._take_service(served)
        self._result_served(served.notice, served.served_on)
        return self._receipt(detail)

    def _check_served(self, served: Served) -> None:
        if self._outcome is not None:
            raise ValueError(self._out_of_stage("a closed case waits for no service"))
        self._check_step(served, self._service_problem(served))
