"""The custom search attributes by which supervisors (and `temporal workflow list`) find cases.

Values are never personal data: search attributes are not encrypted.
"""

from __future__ import annotations

from temporalio.common import SearchAttributeKey

PROCEDURE_TYPE = SearchAttributeKey.for_keyword("ProcedureType")
CASE_STAGE = SearchAttributeKey.for_keyword("CaseStage")
AGENCY_CODE = SearchAttributeKey.for_keyword("AgencyCode")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("NextDeadline")
OVERDUE = SearchAttributeKey.for_bool("Overdue")
DEADLINE_PROVISIONAL = SearchAttributeKey.for_bool("DeadlineProvisional")

ALL = (PROCEDURE_TYPE, CASE_STAGE, AGENCY_CODE, NEXT_DEADLINE, OVERDUE, DEADLINE_PROVISIONAL)
