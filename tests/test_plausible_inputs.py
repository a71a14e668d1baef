"""Plausible inputs, one rule for every door (issue 14).

A case file dated 1899 (or 0065, or 1970) was accepted and its deadline carried Shanghai's
19th-century offset (+08:05:43), which the server refuses as a search attribute: the case failed
for ever. Now every date and instant of a case file, a step or a facts file lies in the window of
checks/plausible.py (from 2000-01-01; an event not after now give or take 5 minutes; an offset of
whole minutes within ±14 h), numbers and flags are strict, and every USCC has its check
character — at the CLI (exit 2, one line naming the field), over HTTP (422 naming the field), in
every Update validator (refused, nothing changes) and in the scoring facts.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from pydantic import BaseModel, ValidationError
from temporalio.client import WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

import scoring
from api.app import create_app
from checks import plausible
from contracts import subject_records as rec
from periods import SHANGHAI, default_calendar
from procedures.designation import models as dsg
from procedures.market_objection.models import (
    MarketObjectionCase,
    MarketObjectionStatus,
    Stage,
    workflow_id,
)
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from procedures.registry import CASES
from security.keys import ApiKey, KeyRing, Role, digest
from service.steps import execute_step
from settings import Settings
from tests.conftest import EXAMPLES, example_case, make_settings, running_worker, wait_for
from tests.door_helpers import start_market_objection
from tests.processes import Result, cli

# The dates of the issue: the 19th century, a fuzzed year, the Unix epoch's decade.
IMPLAUSIBLE = (
    "1899-12-31T10:30:00+08:00",
    "0065-03-01T10:30:00+08:00",
    "1970-01-01T08:00:00+08:00",
)
SCJG_KEY = "scjg-key-0123456789"
MARKET = {"Authorization": f"Bearer {SCJG_KEY}"}


def one_line_error(result: Result, *fragments: str) -> str:
    assert result.code == 2, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def market_case(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "market-objection.json").read_text("utf-8"))
    data["case_id"] = f"P-{uuid.uuid4().hex[:10]}"
    data.update(changes)
    return data


def written(tmp_path: Path, data: dict[str, Any], name: str = "input.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def market_facts(**changes: Any) -> dict[str, Any]:
    facts: dict[str, Any] = json.loads(
        (EXAMPLES / "scoring" / "market-credit-inspection-body.json").read_text("utf-8")
    )
    facts.update(changes)
    return facts


# -- the CLI door ----------------------------------------------------------------------------------


@pytest.mark.parametrize("received_at", IMPLAUSIBLE)
def test_the_cli_refuses_an_implausible_receipt_naming_it(tmp_path: Path, received_at: str) -> None:
    # Refused before any engine is reached: the address below has nothing listening.
    path = written(tmp_path, market_case(received_at=received_at))
    result = cli(
        "market-objection", "start", "--file", str(path), env={"TEMPORAL_ADDRESS": "127.0.0.1:9"}
    )
    one_line_error(result, str(path), "received_at", "2000-01-01")


@pytest.mark.parametrize(
    ("received_at", "fragment"),
    [
        ("2026-01-05T10:30:00+08:05:43", "received_at"),  # the local-mean-time kind
        ("2026-01-05T10:30:00+15:00", "±14:00"),
        ("2999-01-05T10:30:00+08:00", "in the future"),
    ],
)
def test_the_cli_refuses_odd_offsets_and_future_receipts(
    tmp_path: Path, received_at: str, fragment: str
) -> None:
    path = written(tmp_path, market_case(received_at=received_at))
    result = cli(
        "market-objection", "start", "--file", str(path), env={"TEMPORAL_ADDRESS": "127.0.0.1:9"}
    )
    one_line_error(result, "received_at", fragment)


def test_a_designation_pre_registered_in_1899_is_refused(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "designation-pharmacy.json").read_text("utf-8"))
    data["pre_registered_on"] = "1899-12-31"
    path = written(tmp_path, data)
    result = cli(
        "designation", "start", "--file", str(path), env={"TEMPORAL_ADDRESS": "127.0.0.1:9"}
    )
    one_line_error(result, "pre_registered_on", "before 2000-01-01")


def test_the_deadline_command_refuses_a_zero_length_and_an_old_start() -> None:
    zero = cli("deadline", "--from", "2026-09-30", "--working-days", "0", env={})
    assert zero.code == 2 and "at least 1" in zero.err, zero
    old = cli("deadline", "--from", "1899-12-31", "--days", "10", env={})
    assert old.code == 2 and "before 2000-01-01" in old.err, old


# -- the scoring door ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "fragments"),
    [
        ({"evaluation_start": "1899-12-31"}, ["evaluation_start", "before 2000-01-01"]),
        ({"evaluation_start": "2999-01-01"}, ["evaluation_start", "in the future"]),
        # `true` was read as 1 failed check item and changed the grade.
        ({"failed_check_items": True}, ["failed_check_items", "valid integer"]),
        ({"failed_check_items": "3"}, ["failed_check_items", "valid integer"]),
        ({"provincial_scale": "1000"}, ["provincial_scale", "valid number"]),
        ({"wage_arrears": "yes"}, ["wage_arrears", "valid boolean"]),
        ({"wage_arrears": 0}, ["wage_arrears", "valid boolean"]),
        ({"subject_id": "91330800MA28F3AB2X"}, ["subject_id", "check character"]),
    ],
)
def test_the_scoring_cli_refuses_bad_facts_naming_the_field(
    tmp_path: Path, changes: dict[str, Any], fragments: list[str]
) -> None:
    path = written(tmp_path, market_facts(**changes))
    result = cli("score", "market-credit", "--input", str(path), env={})
    one_line_error(result, str(path), *fragments)


def test_a_count_given_as_a_whole_float_still_scores_as_a_number(tmp_path: Path) -> None:
    """The strict float takes a JSON integer (845 for 845.0); only strings and flags are out."""
    path = written(tmp_path, market_facts(provincial_public_credit_score=845))
    assert cli("score", "market-credit", "--input", str(path), env={}).code == 0


def test_medical_credit_facts_check_the_uscc_check_character() -> None:
    facts = json.loads((EXAMPLES / "scoring" / "medical-credit-pharmacy.json").read_text("utf-8"))
    code = facts["subject_id"]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError, match="check character"):
        scoring.kind("medical-credit").facts.model_validate({**facts, "subject_id": wrong})


# -- the HTTP door ---------------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def api(
    dev_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[httpx.AsyncClient]:
    # No worker: every request here is refused at the door, before the engine.
    settings = make_settings(tmp_path_factory.mktemp("plausible-http"))
    keys = KeyRing(
        [
            ApiKey(
                name="scjg",
                role=Role.AGENCY,
                agency="QZ-SCJG",
                procedures=["market-objection"],
                sha256=digest(SCJG_KEY),
            )
        ]
    )
    app = create_app(settings, dev_env.client, keys, default_calendar)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        yield client


def detail(response: httpx.Response) -> str:
    assert response.status_code == 422, response.text
    text: str = response.json()["detail"]
    assert "\n" not in text
    return text


async def not_started(dev_env: WorkflowEnvironment, case_id: str) -> bool:
    try:
        await dev_env.client.get_workflow_handle(workflow_id(case_id)).describe()
    except RPCError as err:
        return err.status == RPCStatusCode.NOT_FOUND
    return False


@pytest.mark.parametrize("received_at", IMPLAUSIBLE)
async def test_http_refuses_an_implausible_receipt_naming_it(
    api: httpx.AsyncClient, dev_env: WorkflowEnvironment, received_at: str
) -> None:
    case = market_case(received_at=received_at)
    response = await api.post("/market-objection/cases", json=case, headers=MARKET)
    assert "received_at" in detail(response)
    assert await not_started(dev_env, case["case_id"])


async def test_http_refuses_a_future_receipt(
    api: httpx.AsyncClient, dev_env: WorkflowEnvironment
) -> None:
    later = (datetime.now(SHANGHAI) + timedelta(hours=1)).replace(microsecond=0).isoformat()
    case = market_case(received_at=later)
    text = detail(await api.post("/market-objection/cases", json=case, headers=MARKET))
    assert "received_at" in text and "in the future" in text
    assert await not_started(dev_env, case["case_id"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": 0, "length": 10, "unit": "days"}, "start"),
        ({"start": "2026-09-30", "length": 0, "unit": "days"}, "length"),
        ({"start": "2026-09-30", "length": True, "unit": "days"}, "length"),
        ({"start": "1899-12-31", "length": 10, "unit": "days"}, "start"),
    ],
)
async def test_http_deadlines_refuse_a_zero_start_or_length(
    api: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    assert field in detail(await api.post("/deadlines", json=body, headers=MARKET))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"evaluation_start": "1899-12-31"}, "evaluation_start"),
        ({"evaluation_start": "2999-01-01"}, "evaluation_start"),
        ({"failed_check_items": True}, "failed_check_items"),
        ({"subject_id": "91330800MA28F3AB2X"}, "subject_id"),
    ],
)
async def test_http_scoring_refuses_bad_facts_naming_the_field(
    api: httpx.AsyncClient, changes: dict[str, Any], field: str
) -> None:
    response = await api.post(
        "/scoring/market-credit", json=market_facts(**changes), headers=MARKET
    )
    assert field in detail(response)


# -- the Update door (the workflow's validator, with workflow.now()) -------------------------------


async def test_an_update_with_an_implausible_date_is_refused_and_changes_nothing(
    time_env: WorkflowEnvironment, settings: Settings
) -> None:
    now = (await time_env.get_current_time()).astimezone(SHANGHAI).replace(microsecond=0)
    case = example_case(received_at=now)
    rescored = json.loads((EXAMPLES / "market-objection-decision-rescored.json").read_text("utf-8"))

    def under_review(status: MarketObjectionStatus) -> bool:
        return status.stage is Stage.UNDER_REVIEW

    async with running_worker(time_env.client, settings):
        handle = await start_market_objection(time_env.client, case, settings.task_queue)
        before = await wait_for(under_review, handle)
        # Sent as raw JSON, as a client that skips the CLI's checks would. An event not yet
        # happened by the case's clock: its validator names the field.
        future = {**rescored["corrected_facts"], "evaluation_start": "2999-01-01"}
        with pytest.raises(WorkflowUpdateFailedError) as refused:
            await execute_step(handle, "decide", {**rescored, "corrected_facts": future})
        message = str(refused.value.cause)
        assert "corrected_facts.evaluation_start: 2999-01-01 is in the future" in message
        # Outside the window, or a flag for a count: the payload does not decode as the step's
        # type in the workflow (the same types the CLI and HTTP name the field with), so the SDK
        # rejects the Update before any handler runs.
        for changes in ({"evaluation_start": "1899-12-31"}, {"failed_check_items": True}):
            facts = {**rescored["corrected_facts"], **changes}
            with pytest.raises(WorkflowUpdateFailedError):
                await execute_step(handle, "decide", {**rescored, "corrected_facts": facts})
        after = await handle.query(MarketCreditObjectionWorkflow.status)
        assert after.stage is Stage.UNDER_REVIEW and after.decision is None
        assert after.events == before.events
        await handle.terminate("test over")


def test_a_step_dated_before_the_case_opened_is_refused_by_the_rule() -> None:
    """The rule every step validator applies (procedures/*/workflow.py: `check_step`)."""
    case = dsg.DesignationCase.model_validate_json(
        (EXAMPLES / "designation-pharmacy.json").read_text("utf-8")
    )
    now = datetime.combine(
        case.pre_registered_on + timedelta(days=200), datetime.min.time(), SHANGHAI
    )
    early = dsg.Approval(
        meeting_on=case.pre_registered_on - timedelta(days=1),
        minutes="M-1",
        approved=True,
    )
    problem = plausible.step_problem(early, case, now)
    assert (
        problem is not None and problem.startswith("meeting_on:") and "pre_registered_on" in problem
    )
    future = early.model_copy(update={"meeting_on": now.date() + timedelta(days=2)})
    assert "in the future" in (plausible.step_problem(future, case, now) or "")
    fine = early.model_copy(update={"meeting_on": case.pre_registered_on + timedelta(days=100)})
    assert plausible.step_problem(fine, case, now) is None
    # Facts nested in a step may predate the case (a penalty before the pre-registration).
    review = dsg.AcceptanceReview(
        reviewer="r",
        facts=dsg.AcceptanceFacts(
            medical_service_penalty_on=case.pre_registered_on - timedelta(days=300)
        ),
    )
    assert plausible.step_problem(review, case, now) is None


# -- every input model holds the rule --------------------------------------------------------------


def input_models() -> Iterator[type[BaseModel]]:
    for api in CASES:
        yield api.case_model
        yield from (step.request for step in api.steps)
    for name in scoring.KINDS:
        yield scoring.kind(name).facts
    yield from (rec.WriteSubject, rec.SubjectFacts, MarketObjectionCase)


GUARDS = {plausible._day_in_window, plausible._instant_in_window, plausible._as_text}


def lax_fields(schema: Any, guarded: bool = False, path: str = "") -> Iterator[str]:
    """Paths in a pydantic core schema of numbers and flags not strict, or of dates and times
    not under the window's validators."""
    if isinstance(schema, list):
        for item in schema:
            yield from lax_fields(item, False, path)
        return
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if kind in ("int", "float", "bool") and schema.get("strict") is not True:
        yield f"{path}: {kind}"
    if kind in ("date", "datetime") and not guarded:
        yield f"{path}: {kind}"
    function = schema.get("function", {})
    is_guard = kind in ("function-after", "function-before") and function.get("function") in GUARDS
    for key, value in schema.items():
        if key in ("metadata", "serialization"):
            continue
        if isinstance(value, dict | list):
            here = f"{path}.{key}" if key not in ("schema", "fields", "items_schema") else path
            if kind == "model-fields" and key == "fields":
                for name, field in value.items():
                    yield from lax_fields(field, False, f"{path}.{name}")
                continue
            yield from lax_fields(value, guarded or (is_guard and key == "schema"), here)


@pytest.mark.parametrize("model", list(input_models()), ids=lambda m: m.__name__)
def test_every_number_flag_and_date_of_an_input_is_strict_and_windowed(
    model: type[BaseModel],
) -> None:
    assert list(lax_fields(model.__pydantic_core_schema__)) == []


def test_the_window_constants_are_documented_once() -> None:
    assert plausible.EARLIEST == date(2000, 1, 1)
    assert plausible.CLOCK_SKEW == timedelta(minutes=5)


def test_the_walker_finds_a_lax_field() -> None:
    """The check above can fail: plain int, date and datetime fields are reported."""

    class Lax(BaseModel):
        count: int
        day: date
        at: datetime
        fine: plausible.PastDay

    assert list(lax_fields(Lax.__pydantic_core_schema__)) == [
        ".count: int",
        ".day: date",
        ".at: datetime",
    ]
