"""The subject record, declared once (procedures/declaration.py): a register, not a case; its
"case id" is <type>-<code>, or <type>-h<hash> for a person (`starter.py subject show`)."""

from __future__ import annotations

from contracts import subject_records as subject
from procedures.declaration import Procedure
from procedures.subject_record.workflow import ReleasedSubjectRecord, SubjectRecordWorkflow

DECLARATION = Procedure(
    name=subject.PROCEDURE,
    procedure_type=subject.PROCEDURE_TYPE,
    title="Subject record (信用档案): results, findings, repairs, restrictions",
    clause=subject.CREDIT_FILE_CITATION,
    workflow=SubjectRecordWorkflow,
    released_workflow=ReleasedSubjectRecord,
    status_model=subject.SubjectRecordStatus,
)
