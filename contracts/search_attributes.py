"""The custom search attributes by which supervisors (and `temporal workflow list`) find cases.

Values are never personal data: search attributes are not encrypted.

A value the server refuses fails the workflow task that upserts it, on every retry: the case
stops and nothing says why (issue 14: a deadline in 1899 carried Shanghai's local mean time,
+08:05:43, which is no RFC 3339 offset). So a value is put in the server's own form before it is
sent (`carried_instant`), and one that cannot be carried is left out, never sent.
"""

from __future__ import annotations

from datetime import UTC, datetime

from temporalio.common import SearchAttributeKey, SearchAttributePair, TypedSearchAttributes

PROCEDURE_TYPE = SearchAttributeKey.for_keyword("ProcedureType")
CASE_STAGE = SearchAttributeKey.for_keyword("CaseStage")
AGENCY_CODE = SearchAttributeKey.for_keyword("AgencyCode")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("NextDeadline")
OVERDUE = SearchAttributeKey.for_bool("Overdue")
DEADLINE_PROVISIONAL = SearchAttributeKey.for_bool("DeadlineProvisional")

ALL = (PROCEDURE_TYPE, CASE_STAGE, AGENCY_CODE, NEXT_DEADLINE, OVERDUE, DEADLINE_PROVISIONAL)


def at_start(procedure_type: str, agency_code: str) -> TypedSearchAttributes:
    """What a case is found by from the instant it is started (the CLI, the HTTP API, a round,
    the drill): received, not overdue. A case of a current workflow type upserts only what
    differs from these (kernel/visibility.py)."""
    return TypedSearchAttributes(
        [
            SearchAttributePair(PROCEDURE_TYPE, procedure_type),
            SearchAttributePair(CASE_STAGE, "received"),
            SearchAttributePair(AGENCY_CODE, agency_code),
            SearchAttributePair(OVERDUE, False),
        ]
    )


# Set by the Temporal server itself (1.28+) on a workflow whose tasks keep failing, after
# `system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute` failures in a row
# (engine.py sets 1 on the embedded server; deploy/README.md for clusters).
REPORTED_PROBLEMS = "TemporalReportedProblems"

# The instants every visibility store holds: MySQL's DATETIME (1000-01-01 .. 9999-12-31) is the
# narrowest of Temporal's stores (SQLite, PostgreSQL and Elasticsearch hold more).
EARLIEST_INSTANT = datetime(1000, 1, 1, tzinfo=UTC)
LATEST_INSTANT = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def carried_instant(moment: datetime) -> tuple[datetime | None, str]:
    """`moment` as a Datetime search attribute the server accepts: UTC, whole seconds (an offset
    with seconds, such as local mean time, is no RFC 3339 offset), within the range every
    visibility store holds. (None, why) when it cannot be carried."""
    if moment.utcoffset() is None:
        return None, "an instant without a UTC offset"
    try:
        utc = moment.astimezone(UTC).replace(microsecond=0)
    except OverflowError:
        return None, "outside the instants a visibility store holds"
    if not EARLIEST_INSTANT <= utc <= LATEST_INSTANT:
        return None, (
            f"outside the instants a visibility store holds "
            f"({EARLIEST_INSTANT.date()} .. {LATEST_INSTANT.date()})"
        )
    return utc, ""
