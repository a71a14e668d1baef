"""`starter.py list` takes the HTTP list's filters and says the equivalent Temporal query.

The strings asserted here are what a supervisor pastes into `temporal workflow list --query` (the
README's table); the same `CaseFilter` serves `GET /cases`, so both interfaces list the same cases.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from periods import SHANGHAI
from service.listing import CaseFilter, visibility_query
from tests.conftest import free_port, with_payload_keys
from tests.processes import cli

CASES = (
    "ProcedureType IN ('market_credit_objection', 'medical_credit_objection', 'credit_repair', "
    "'accountability', 'designation', 'medical_agreement', 'evaluation_round')"
)
# No engine listens here: `--query` must answer without one.
NOWHERE = with_payload_keys({"QZ_DEV_SERVER_PORT": str(free_port()), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize(
    ("flags", "query"),
    [
        (["--overdue"], f"{CASES} AND Overdue = true AND ExecutionStatus = 'Running'"),
        (
            ["--stuck"],
            f"{CASES} AND TemporalReportedProblems IS NOT NULL AND ExecutionStatus = 'Running'",
        ),
        (
            ["--procedure", "repair"],
            "ProcedureType = 'credit_repair' AND ExecutionStatus = 'Running'",
        ),
        (
            ["--agency", "QZ-YB", "--stage", "under_review"],
            f"{CASES} AND CaseStage = 'under_review' AND AgencyCode = 'QZ-YB' "
            "AND ExecutionStatus = 'Running'",
        ),
        (
            ["--deadline-before", "2026-12-01"],
            f"{CASES} AND NextDeadline < '2026-12-01T00:00:00+08:00' "
            "AND ExecutionStatus = 'Running'",
        ),
        (
            ["--deadline-after", "2026-12-01T09:00:00+08:00", "--provisional", "--all"],
            f"{CASES} AND DeadlineProvisional = true "
            "AND NextDeadline >= '2026-12-01T09:00:00+08:00'",
        ),
    ],
)
def test_each_filter_is_the_documented_temporal_query(flags: list[str], query: str) -> None:
    shown = cli("list", *flags, "--query", env=NOWHERE)
    assert shown.code == 0, shown
    assert shown.out.strip() == query


def test_the_cli_and_the_http_list_build_the_same_query() -> None:
    due = datetime(2026, 12, 1, tzinfo=SHANGHAI)
    shown = cli(
        "list",
        "--procedure",
        "designation",
        "--stage",
        "evaluating",
        "--agency",
        "QZ-YBZX",
        "--overdue",
        "--deadline-before",
        "2026-12-01",
        "--query",
        env=NOWHERE,
    )
    http = CaseFilter(
        procedure="designation",
        stage="evaluating",
        agency="QZ-YBZX",
        overdue=True,
        deadline_before=due,
    )
    assert shown.out.strip() == visibility_query(http)


@pytest.mark.parametrize(
    ("flags", "fragment"),
    [
        (["--procedure", "nope"], "--procedure: unknown procedure 'nope'"),
        (["--stage", "x' OR 1=1"], "--stage:"),
        (["--deadline-before", "tomorrow"], "expected YYYY-MM-DD or an ISO instant"),
        (["--deadline-after", "2026-12-01T09:00:00"], "with its UTC offset"),
    ],
)
def test_a_bad_filter_is_refused_before_anything_is_asked(flags: list[str], fragment: str) -> None:
    refused = cli("list", *flags, env=NOWHERE)
    assert refused.code == 2, refused
    assert fragment in refused.err
