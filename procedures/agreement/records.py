"""What the agreement writes on subject records: a handling decision's finding on the
institution's record, a 中止 of persons on each person's own (衢医保发〔2023〕8号 五(三)3/4), and
a refusal by a record kept in the trail without stopping the agreement.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.subject_records import (
        CLOSED,
        REFUSED,
        WRITE_SUBJECT_RECORD,
        Finding,
        RecordFinding,
        SubjectFacts,
        SubjectRef,
        SubjectType,
        WriteSubject,
    )
    from kernel.audit_trail import SYSTEM
    from procedures.agreement.base import AgreementBase
    from procedures.agreement.case import (
        InstitutionKind,
        NamedPerson,
    )
    from procedures.agreement.ladder import cite

PERSON_FINDING = "agreement.person_suspended"  # 中止相关责任人员 (五(三)3/4)
HANDLING_FINDING = "agreement.handling"  # a handling decision of 五(三) on the institution


class Records(AgreementBase):
    def _institution_ref(self) -> SubjectRef:
        kind = self._case.institution.kind
        subject = (
            SubjectType.MEDICAL_INSTITUTION
            if kind is InstitutionKind.MEDICAL_INSTITUTION
            else SubjectType.PHARMACY
        )
        return SubjectRef(
            type=subject, code=self._case.institution.uscc, name=self._case.institution.name
        )

    async def _write_finding(
        self, ref: SubjectRef, finding: Finding, actor: str, citation: str, **details: Any
    ) -> None:
        """A finding on a subject record; a refusal (already there, a closed record) is
        recorded and does not stop the agreement."""
        source = workflow.info().workflow_id
        try:
            await self._outputs.call(
                WRITE_SUBJECT_RECORD,
                WriteSubject(
                    ref=ref, op=RecordFinding(finding=finding, actor=actor, source_case=source)
                ),
                SubjectFacts,
            )
        except ActivityError as err:
            cause = err.cause
            if not (isinstance(cause, ApplicationError) and cause.type in (REFUSED, CLOSED)):
                raise
            action, extra = "finding_refused_by_subject_record", {"reason": cause.message}
        else:
            action, extra = "finding_recorded_on_subject_record", {}
        self._trail.record(
            SYSTEM,
            action,
            citation,
            indicator=finding.indicator,
            finding_id=finding.finding_id,
            subject=ref.type.value,
            **details,
            **extra,
        )

    async def _person_findings(
        self, persons: list[NamedPerson], number: int, found_on: date, clause: str, actor: str
    ) -> None:
        for index, person in enumerate(persons, start=1):
            ref = SubjectRef(
                type=SubjectType(person.role.value), code=person.id_number, name=person.name
            )
            finding = Finding(
                finding_id=f"{self._case.case_id}-d{number}-p{index}",
                found_on=found_on,
                indicator=PERSON_FINDING,
                label=f"中止相关责任人员涉及医保基金使用的医疗服务 ({clause})",
                repairable=False,
            )
            # The person's name is on their own record only; the trail keeps the position.
            await self._write_finding(ref, finding, actor, cite(clause), person=index)
