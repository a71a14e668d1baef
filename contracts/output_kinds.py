"""The activities that send something out of the engine, by what an agency calls them (issue 15:
outputs visible while pending). Deadline arithmetic, scoring and registry reads are not outputs:
they are quick and local. Read by the case kernel (which says what it is sending, kernel/outputs.py)
and by the status readers (which add the server's attempts and errors, service/outputs.py)."""

from __future__ import annotations

from contracts import activities as act
from contracts.documents import ISSUE_DOCUMENT
from contracts.subject_records import WRITE_SUBJECT_RECORD

OUTPUT_LABELS: dict[str, str] = {
    act.SEND_NOTIFICATION: "notification",
    act.ISSUE_RESULT_NOTICE: "result notice",
    ISSUE_DOCUMENT: "document",
    act.UPDATE_SUPERVISION_PLATFORM: "supervision platform update",
    act.COPY_TO_CITY_CREDIT_OFFICE: "copy to the city credit office",
    WRITE_SUBJECT_RECORD: "subject record write",
}
