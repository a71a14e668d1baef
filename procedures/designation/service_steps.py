"""The `served` step (送达) of a designation: the agency records how and when a notice that opens
the applicant's period was served, and the period starts from that day (kernel/service.py).
The notice: the supplementation notice (补正, 自收到材料补正通知之日起5个工作日, 二(三)2).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.service import Served
    from procedures.designation.base import DesignationBase
    from procedures.designation.models import Receipt


class ServiceSteps(DesignationBase):
    def _on_served(self, served: Served) -> Receipt:
        return self._receipt(self._take_service(served))

    def _check_served(self, served: Served) -> None:
        if self._outcome is not None:
            raise ValueError(self._out_of_stage("a closed case waits for no service"))
        self._check_step(served, self._service_problem(served))
