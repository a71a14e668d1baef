"""The supervision statistics (issue 19): per procedure, agency and month of opening, the cases
opened, closed on time, closed late, open and overdue, and the median working days used against
the statutory period; as JSON, CSV and XLSX, over HTTP and from `starter.py statistics`.

First the table itself from visibility rows (service/statistics_table.py, no server), with the
2026 National Day holiday; then real market objections on the dev server, read back from its
visibility store through every door.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from openpyxl import load_workbook
from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from periods import SHANGHAI, default_calendar, working_days_between
from procedures import registry
from procedures.market_objection.models import (
    REVIEW_WORKING_DAYS,
    ReviewDecision,
    ReviewOutcome,
    Stage,
)
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from security.keys import ApiKey, KeyRing, Role, digest
from service.statistics import COLUMNS, read_statistics
from service.statistics_table import (
    BadStatisticsFilter,
    CaseRun,
    StatisticsFilter,
    StatisticsTable,
    cases_of,
    tabulate,
)
from service.steps import execute_step
from tests.conftest import example_case, make_settings, running_worker
from tests.conftest import wait_for as market_status_when
from tests.door_helpers import serving, start_market_objection
from tests.processes import cli_beside, cli_env

MARKET = registry.find("market-objection")
assert MARKET is not None
CALENDAR = default_calendar()

# The State Council's 2026 holiday notice: 国庆节、中秋节 10月1日至7日放假调休, 共7天;
# 9月20日(周日)、10月10日(周六)上班.
NATIONAL_DAY_2026 = {date(2026, 10, d) for d in range(1, 8)}
MAKE_UP_WORKING_DAYS_2026 = {date(2026, 9, 20), date(2026, 10, 10)}


def official_working_days(after: date, through: date) -> int:
    """Working days d with after < d <= through (第二百零一条: the first day not counted), from
    the notice's dates above: a weekday not in the holiday, or a make-up working day."""
    days = (after + timedelta(days=n) for n in range(1, (through - after).days + 1))
    return sum(
        1
        for d in days
        if d in MAKE_UP_WORKING_DAYS_2026 or (d.weekday() < 5 and d not in NATIONAL_DAY_2026)
    )


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def run(
    workflow_id: str,
    started: datetime,
    status: str,
    *,
    closed: datetime | None = None,
    overdue: bool = False,
    agency: str = "QZ-SCJG",
    procedure_type: str = MARKET.procedure_type,
) -> CaseRun:
    return CaseRun(workflow_id, procedure_type, agency, started, closed, status, overdue)


def table(*runs: CaseRun, **chosen: str) -> StatisticsTable:
    return tabulate(cases_of(runs), registry.CASES, CALENDAR, StatisticsFilter(**chosen))


# -- the table, without a server ------------------------------------------------------------------


def test_a_case_across_national_day_used_the_working_days_of_the_notice() -> None:
    opened, closed = date(2026, 9, 28), date(2026, 10, 9)
    expected = official_working_days(opened, closed)
    assert expected == 4  # 9/29, 9/30, 10/8, 10/9: the seven days of the holiday do not count
    result = table(
        run("market-objection-A", at(opened, 10), "completed", closed=at(closed, 16)),
    )
    [row] = result.rows
    assert (row.procedure, row.agency, row.month) == ("market-objection", "QZ-SCJG", "2026-09")
    assert (row.opened, row.closed_on_time, row.closed_late, row.open_overdue) == (1, 1, 0, 0)
    assert row.median_working_days_used == expected
    assert row.statutory_working_days == REVIEW_WORKING_DAYS == 15
    assert "四(三)1" in row.statutory_period


def test_closed_late_open_overdue_and_the_median_per_agency_and_month() -> None:
    sept = date(2026, 9, 28)
    result = table(
        # QZ-SCJG, opened in September: on time after 4 and after 2 working days; one late.
        run("market-objection-1", at(sept, 9), "completed", closed=at(date(2026, 10, 9), 9)),
        run("market-objection-2", at(sept, 9), "completed", closed=at(date(2026, 9, 30), 9)),
        run(
            "market-objection-3",
            at(sept, 9),
            "completed",
            closed=at(date(2026, 10, 20), 9),
            overdue=True,
        ),
        # Still open and overdue; and one ended by an operator (opened, never closed by law).
        run("market-objection-4", at(sept, 9), "running", overdue=True),
        run("market-objection-5", at(sept, 9), "terminated", closed=at(sept, 11), overdue=True),
        # Another agency, another month.
        run("market-objection-6", at(date(2026, 11, 2), 9), "running", agency="QZ-B"),
    )
    # Rows by procedure, then agency code, then month.
    second, first = result.rows
    assert (first.agency, first.month) == ("QZ-SCJG", "2026-09")
    assert (first.opened, first.closed_on_time, first.closed_late, first.open_overdue) == (
        5,
        2,
        1,
        1,
    )
    used = sorted(
        official_working_days(sept, close)
        for close in (date(2026, 10, 9), date(2026, 9, 30), date(2026, 10, 20))
    )
    assert first.median_working_days_used == used[1]
    assert (second.agency, second.month, second.opened, second.open_overdue) == (
        "QZ-B",
        "2026-11",
        1,
        0,
    )
    assert second.median_working_days_used is None  # nothing closed
    [total] = result.totals
    assert (total.agency, total.month, total.opened, total.closed_late) == (None, None, 6, 1)


def test_the_month_is_the_month_in_shanghai_and_a_handed_over_case_is_one_case() -> None:
    # 2026-09-30 17:30 UTC is 1 October 01:30 in Shanghai.
    late_evening = datetime.fromisoformat("2026-09-30T17:30:00+00:00")
    result = table(
        run("market-objection-X", late_evening, "continued_as_new", closed=late_evening),
        run("market-objection-X", at(date(2026, 12, 1), 9), "running", overdue=True),
    )
    [row] = result.rows
    assert (row.month, row.opened, row.open_overdue) == ("2026-10", 1, 1)
    assert [r.month for r in table(*[], from_month="2026-11").rows] == []
    assert (
        table(
            run("market-objection-Y", at(date(2026, 9, 1), 9), "running"), from_month="2026-10"
        ).rows
        == []
    )


def test_every_case_procedure_declares_its_statutory_period() -> None:
    declared = {p.name: p.statutory_working_days for p in registry.CASES}
    assert declared == {
        "market-objection": 15,
        "medical-objection": 10,
        "repair": 10,
        "designation": 20,
        "accountability": None,  # 第十三条: 2 months
        "agreement": None,  # the agreement's term
        "round": None,  # a round's duty is a day the text fixes (八月底前, 次年一季度)
    }
    assert all(p.statutory_period for p in registry.CASES)


@pytest.mark.parametrize(
    ("chosen", "field"),
    [({"from_month": "2026-13"}, "from: '2026-13'"), ({"to_month": "26-1"}, "to: '26-1'")],
)
def test_a_month_that_is_no_month_is_refused_naming_the_field(
    chosen: dict[str, str], field: str
) -> None:
    with pytest.raises(BadStatisticsFilter, match=field):
        table(**chosen)


# -- real cases on the dev server -----------------------------------------------------------------


@dataclass
class Stats:
    base: str
    supervisor_key: str
    agency_key: str
    agency_a: str
    agency_b: str
    month: str  # the month the cases were opened in, Asia/Shanghai
    used_a: list[int]  # working days used by agency A's closed cases
    env: dict[str, str]


async def closed_months_and_days(client: Client, workflow_ids: list[str]) -> tuple[str, list[int]]:
    """The cases' month of opening and the working days each used, from the server's own
    start and close times (describe), counted with the periods' function."""
    months, used = set(), []
    for workflow_id in workflow_ids:
        described = await client.get_workflow_handle(workflow_id).describe()
        start = described.start_time.astimezone(SHANGHAI)
        months.add(start.strftime("%Y-%m"))
        if described.close_time is not None:
            close = described.close_time.astimezone(SHANGHAI)
            used.append(working_days_between(start.date(), close.date(), calendar=CALENDAR))
    assert len(months) == 1, months
    return months.pop(), used


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def stats(
    dev_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stats]:
    # Agencies of this module's own: cases of other modules share the dev server.
    agency_a, agency_b = f"TJ-A-{uuid.uuid4().hex[:6]}", f"TJ-B-{uuid.uuid4().hex[:6]}"
    supervisor_key, agency_key = f"sup-{uuid.uuid4().hex}", f"agency-{uuid.uuid4().hex}"
    keys = KeyRing(
        [
            ApiKey(name="stats supervisor", role=Role.SUPERVISOR, sha256=digest(supervisor_key)),
            ApiKey(
                name="stats agency", role=Role.AGENCY, agency=agency_a, sha256=digest(agency_key)
            ),
        ]
    )
    base_dir = tmp_path_factory.mktemp("statistics")
    settings, client = make_settings(base_dir), dev_env.client
    now = datetime.now(SHANGHAI).replace(microsecond=0)
    async with running_worker(client, settings):

        async def start(agency: str, received_at: datetime) -> str:
            case = example_case(
                case_id=f"TJ-{uuid.uuid4().hex[:8]}", agency_code=agency, received_at=received_at
            )
            reject = WorkflowIDReusePolicy.REJECT_DUPLICATE  # a case id of this module's own
            started = await start_market_objection(
                client, case, settings.task_queue, id_reuse_policy=reject
            )
            return started.id

        async def decide(workflow_id: str, *, overdue_first: bool) -> None:
            handle = client.get_workflow_handle(workflow_id)
            await market_status_when(
                lambda s: s.stage is Stage.UNDER_REVIEW and s.overdue is overdue_first, handle
            )
            await execute_step(
                handle,
                MarketCreditObjectionWorkflow.decide,
                ReviewDecision(outcome=ReviewOutcome.UPHELD, reason="维持", reviewer="统计测试"),
            )
            await market_status_when(lambda s: s.stage is Stage.CLOSED, handle)

        # Received 40 days ago: the 15 working days of 四(三)1 are over at once.
        long_ago = now - timedelta(days=40)
        late = [await start(agency_a, long_ago) for _ in range(2)]
        on_time = [await start(agency_a, now) for _ in range(2)]
        open_overdue = await start(agency_a, long_ago)
        other = await start(agency_b, now)
        await asyncio.gather(
            *(decide(w, overdue_first=True) for w in late),
            *(decide(w, overdue_first=False) for w in [*on_time, other]),
            market_status_when(lambda s: s.overdue, client.get_workflow_handle(open_overdue)),
        )
        month, used_a = await closed_months_and_days(client, [*late, *on_time, open_overdue])
        # Visibility follows the cases a moment later: wait until it shows them all.
        loop = asyncio.get_running_loop()
        end = loop.time() + 30
        while True:
            seen = await read_statistics(client, StatisticsFilter(agency=agency_a), CALENDAR)
            counts = [
                (r.opened, r.closed_late, r.closed_on_time, r.open_overdue) for r in seen.rows
            ]
            if counts == [(5, 2, 2, 1)]:
                break
            assert loop.time() < end, f"visibility did not show the cases: {seen}"
            await asyncio.sleep(0.2)

        app = create_app(settings, client, keys, default_calendar)
        # The command line talks to the same server (tests/processes.py).
        env = cli_env(client, settings, base_dir)
        async with serving(app) as base:
            yield Stats(base, supervisor_key, agency_key, agency_a, agency_b, month, used_a, env)


def http(stats: Stats, key: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=stats.base, headers={"Authorization": f"Bearer {key}"})


def median(values: list[int]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


async def test_the_table_counts_each_agencys_cases_of_the_month(stats: Stats) -> None:
    async with http(stats, stats.supervisor_key) as web:
        answer = await web.get(
            "/statistics", params={"procedure": "market-objection", "from": stats.month}
        )
    assert answer.status_code == 200, answer.text
    rows = {r["agency"]: r for r in answer.json()["rows"]}
    a, b = rows[stats.agency_a], rows[stats.agency_b]
    assert (a["month"], a["opened"], a["closed_on_time"], a["closed_late"], a["open_overdue"]) == (
        stats.month,
        5,
        2,
        2,
        1,
    )
    assert a["median_working_days_used"] == median(stats.used_a)
    assert a["statutory_working_days"] == 15
    assert (b["opened"], b["closed_on_time"], b["closed_late"], b["open_overdue"]) == (1, 1, 0, 0)


async def test_an_agency_key_sees_its_own_agency_only(stats: Stats) -> None:
    async with http(stats, stats.agency_key) as web:
        own = await web.get("/statistics")
        other = await web.get("/statistics", params={"agency": stats.agency_b})
    assert own.status_code == 200, own.text
    assert {r["agency"] for r in own.json()["rows"]} == {stats.agency_a}
    assert [t["opened"] for t in own.json()["totals"]] == [5]
    assert other.status_code == 403
    assert "agency" in other.json()["detail"]


async def test_the_csv_and_the_xlsx_hold_the_same_rows(stats: Stats) -> None:
    params = {"agency": stats.agency_a}
    async with http(stats, stats.supervisor_key) as web:
        as_csv = await web.get("/statistics.csv", params=params)
        as_xlsx = await web.get("/statistics.xlsx", params=params)
    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(as_csv.text)))
    assert lines[0] == list(COLUMNS)
    row = [stats.agency_a, stats.month, "5", "2", "2", "1"]
    assert lines[1][:1] + lines[1][1:7] == ["market-objection", *row]
    assert lines[2][:7] == ["market-objection", "(all)", "(all)", "5", "2", "2", "1"]
    assert float(lines[1][7]) == median(stats.used_a)
    assert lines[1][8] == "15"

    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None and sheet.title == "statistics"
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == list(COLUMNS)
    assert cells[1][:7] == ["market-objection", stats.agency_a, stats.month, 5, 2, 2, 1]
    assert cells[1][7] == median(stats.used_a) and cells[1][8] == 15


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-13"}, "from: '2026-13' is no month"),
        ({"procedure": "nope"}, "procedure: unknown procedure 'nope'"),
        ({"from": "2026-11", "to": "2026-10"}, "to: 2026-10 is before from"),
    ],
)
async def test_a_bad_filter_is_400_naming_the_field(
    stats: Stats, params: dict[str, str], field: str
) -> None:
    async with http(stats, stats.supervisor_key) as web:
        answer = await web.get("/statistics", params=params)
        as_csv = await web.get("/statistics.csv", params=params)
    assert answer.status_code == 400 and as_csv.status_code == 400
    assert field in answer.json()["detail"]


async def test_the_board_page_shows_the_table_and_the_chart(stats: Stats) -> None:
    async with http(stats, stats.agency_key) as web:
        front = await web.get("/board")
        page = await web.get("/board/statistics")
    assert 'href="/board/statistics"' in front.text
    assert page.status_code == 200, page.text
    assert f'data-agency="{stats.agency_a}" data-month="{stats.month}"' in page.text
    assert stats.agency_b not in page.text
    assert f'<g class="month" data-month="{stats.month}">' in page.text
    assert 'data-value="5"' in page.text and 'data-value="2"' in page.text
    assert "<script" not in page.text


async def test_the_command_line_writes_the_files_and_refuses_a_bad_month(
    stats: Stats, tmp_path: Path
) -> None:
    listed = await cli_beside("statistics", "--agency", stats.agency_a, "--json", env=stats.env)
    assert listed.code == 0, listed
    [row] = json.loads(listed.out)["rows"]
    assert (row["opened"], row["closed_on_time"], row["closed_late"], row["open_overdue"]) == (
        5,
        2,
        2,
        1,
    )
    target = tmp_path / "stats.xlsx"
    written = await cli_beside(
        "statistics", "--agency", stats.agency_a, "--xlsx", str(target), env=stats.env
    )
    assert written.code == 0, written
    sheet = load_workbook(target).active
    assert sheet is not None and sheet["D2"].value == 5 and sheet["F2"].value == 2
    refused = await cli_beside("statistics", "--to", "2026-13", env=stats.env)
    assert refused.code == 2 and "--to: '2026-13' is no month" in refused.err
