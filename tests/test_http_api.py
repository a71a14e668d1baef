"""The HTTP API against a real worker and the dev server (visibility for the lists), over httpx.

Every route's happy path and its errors: problem+json naming the field, 401 without a key, 403
outside the key's scope, 404 for an unknown case, 409 for a refused step or a conflicting start,
422 for a bad body — and nothing changed by any error.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

import scoring
from api.app import create_app
from api.body import MAX_BODY_BYTES, MAX_JSON_DEPTH
from api.serve import LOCAL_AGENCIES
from periods import SHANGHAI, add_working_days, default_calendar
from security.keys import ApiKey, KeyFileError, KeyRing, Role, digest
from tests.conftest import EXAMPLES, make_settings, running_worker
from tests.test_designation_workflow import fresh_uscc

SUPERVISOR = "supervisor-key-0123456789"
AGENCY_KEYS = {
    "QZ-SCJG": "scjg-key-0123456789",
    "QZ-YB": "yb-key-0123456789",
    "QZ-YBJ-JS": "ybjs-key-0123456789",
    "KC-ZHZF": "zhzf-key-0123456789",
    "QZ-YBZX": "ybzx-key-0123456789",
}
OTHER_AGENCY = "QZ-YB"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def key_ring() -> KeyRing:
    entries = [ApiKey(name="supervision office", role=Role.SUPERVISOR, sha256=digest(SUPERVISOR))]
    entries += [
        ApiKey(
            name=f"agency {code}",
            role=Role.AGENCY,
            agency=code,
            procedures=LOCAL_AGENCIES[code],
            sha256=digest(key),
        )
        for code, key in AGENCY_KEYS.items()
    ]
    return KeyRing(entries)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


MARKET = auth(AGENCY_KEYS["QZ-SCJG"])
BOARD = auth(SUPERVISOR)


def example(name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    data["case_id"] = f"H-{uuid.uuid4().hex[:10]}"
    data.update(changes)
    return data


def market_case(**changes: Any) -> dict[str, Any]:
    received = datetime.now(SHANGHAI).replace(microsecond=0) - timedelta(minutes=1)
    return example("market-objection.json", **{"received_at": received.isoformat(), **changes})


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def api(
    dev_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(tmp_path_factory.mktemp("http"))
    app = create_app(settings, dev_env.client, key_ring(), default_calendar)
    async with running_worker(dev_env.client, settings):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            yield client


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["detail"]
    return body


async def listed(api: httpx.AsyncClient, params: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await api.get("/cases", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def eventually_listed(
    api: httpx.AsyncClient, params: dict[str, Any], case_id: str, headers: dict[str, str] = BOARD
) -> list[dict[str, Any]]:
    """Visibility follows a fraction of a second behind the case."""
    rows: list[dict[str, Any]] = []
    for _ in range(100):
        rows = await listed(api, params, headers)
        if any(r["case_id"] == case_id for r in rows):
            return rows
        await asyncio.sleep(0.1)
    raise AssertionError(f"{case_id} not listed with {params}: {rows}")


async def started_market_case(api: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    case = market_case(**changes)
    response = await api.post("/market-objection/cases", json=case, headers=MARKET)
    assert response.status_code == 201, response.text
    return case


async def status_of(api: httpx.AsyncClient, case_id: str, headers: dict[str, str] = MARKET) -> Any:
    for _ in range(100):
        response = await api.get(f"/market-objection/cases/{case_id}", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        if body["deadlines"]:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"no deadline on {case_id}")


async def settled(api: httpx.AsyncClient, path: str, headers: dict[str, str]) -> Any:
    """The status once the case's first steps are done (two reads a moment apart agree)."""
    last = None
    for _ in range(50):
        current = (await api.get(path, headers=headers)).json()
        if current == last:
            return current
        last = current
        await asyncio.sleep(0.2)
    raise AssertionError(f"{path} keeps changing")


# -- keys and roles --------------------------------------------------------------------------------


async def test_no_key_or_an_unknown_key_is_401(api: httpx.AsyncClient) -> None:
    body = problem(await api.get("/cases"), 401)
    assert "API key is required" in body["detail"]
    problem(await api.get("/cases", headers=auth("not-a-key")), 401)
    problem(await api.post("/market-objection/cases", json=market_case()), 401)


async def test_a_supervisor_reads_everything_and_acts_on_nothing(api: httpx.AsyncClient) -> None:
    case = await started_market_case(api)
    assert (await status_of(api, case["case_id"], BOARD))["stage"] == "under_review"
    refused = problem(
        await api.post("/market-objection/cases", json=market_case(), headers=BOARD), 403
    )
    assert "acts on no case" in refused["detail"]
    decision = json.loads((EXAMPLES / "market-objection-decision.json").read_text("utf-8"))
    problem(
        await api.post(
            f"/market-objection/cases/{case['case_id']}/decide", json=decision, headers=BOARD
        ),
        403,
    )


async def test_an_agency_key_acts_on_its_own_agency_only(api: httpx.AsyncClient) -> None:
    """Another agency's key (here one that does not run the procedure either) reads and acts on
    none of its cases, and lists only its own."""
    case = await started_market_case(api)
    other = auth(AGENCY_KEYS[OTHER_AGENCY])
    problem(await api.post("/market-objection/cases", json=market_case(), headers=other), 403)
    problem(await api.get(f"/market-objection/cases/{case['case_id']}", headers=other), 403)
    decision = json.loads((EXAMPLES / "market-objection-decision.json").read_text("utf-8"))
    problem(
        await api.post(
            f"/market-objection/cases/{case['case_id']}/decide", json=decision, headers=other
        ),
        403,
    )
    # Its list shows its own agency's cases only, and asking for another agency is refused.
    rows = await listed(api, {"procedure": "market-objection"}, other)
    assert all(r["agency_code"] == OTHER_AGENCY for r in rows)
    problem(await api.get("/cases", params={"agency": "QZ-SCJG"}, headers=other), 403)


async def test_an_agency_key_runs_only_its_agencys_procedures(api: httpx.AsyncClient) -> None:
    """The market regulator starts no designation, and sends no step of one: 403 naming the
    procedure, before the body is looked at (a bad body gets the same answer)."""
    designation = example("designation-medical.json")
    refused = problem(await api.post("/designation/cases", json=designation, headers=MARKET), 403)
    assert refused["detail"] == (
        "agency QZ-SCJG: this key does not run the procedure 'designation' "
        "(it runs: market-objection)"
    )
    problem(await api.post("/designation/cases", json={"nonsense": 1}, headers=MARKET), 403)
    # A designation that exists, stepped by the market key: refused, and the case unchanged.
    owner = auth(AGENCY_KEYS["QZ-YBZX"])
    assert (
        await api.post("/designation/cases", json=designation, headers=owner)
    ).status_code == 201
    path = f"/designation/cases/{designation['case_id']}"
    before = await settled(api, path, owner)
    application = json.loads((EXAMPLES / "designation-application-medical.json").read_text("utf-8"))
    stepped = problem(await api.post(f"{path}/apply", json=application, headers=MARKET), 403)
    assert "does not run the procedure 'designation'" in stepped["detail"]
    assert (await api.get(path, headers=owner)).json() == before
    # Accountability is the law-enforcement bureau's: the medical-insurance bureau runs none.
    medical = auth(AGENCY_KEYS["QZ-YB"])
    body = problem(
        await api.post(
            "/accountability/cases", json=example("accountability.json"), headers=medical
        ),
        403,
    )
    assert "'accountability'" in body["detail"]


async def test_an_agency_key_acts_in_its_procedure_for_its_own_agency_only(
    api: httpx.AsyncClient,
) -> None:
    """Two medical-insurance agencies run the same procedures: each only for its own cases."""
    case = example("medical-objection.json")  # agency QZ-YB
    case["result"]["published_on"] = datetime.now(SHANGHAI).date().isoformat()
    centre = auth(AGENCY_KEYS["QZ-YBZX"])
    body = problem(await api.post("/medical-objection/cases", json=case, headers=centre), 403)
    assert "its own agency's cases only" in body["detail"]
    problem(await api.get(f"/medical-objection/cases/{case['case_id']}", headers=centre), 404)


def test_a_key_file_without_procedures_is_refused_naming_the_key_and_field(
    tmp_path: Path,
) -> None:
    old = tmp_path / "api-keys.json"
    old.write_text(
        json.dumps(
            {
                "keys": [
                    {"name": "office", "role": "supervisor", "sha256": digest("s")},
                    {
                        "name": "market system",
                        "role": "agency",
                        "agency": "QZ-SCJG",
                        "sha256": digest("a"),
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(KeyFileError) as refused:
        KeyRing.load(old)
    assert "keys.1 (market system): procedures: is required for an agency key" in str(refused.value)
    entries = json.loads(old.read_text("utf-8"))
    entries["keys"][1]["procedures"] = ["market-objection", "designations"]
    old.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(KeyFileError, match="unknown procedure 'designations'"):
        KeyRing.load(old)
    entries["keys"][1]["procedures"] = ["market-objection"]
    old.write_text(json.dumps(entries), encoding="utf-8")
    found = KeyRing.load(old).find("a")
    assert found is not None and found.runs("market-objection") and not found.runs("repair")


# -- the edges: body size, unreadable bodies, methods ---------------------------------------------


async def test_a_body_over_the_limit_is_413_and_not_read(api: httpx.AsyncClient) -> None:
    big = b'{"case_id": "' + b"x" * MAX_BODY_BYTES + b'"}'
    json_type = {"content-type": "application/json"}
    body = problem(
        await api.post("/market-objection/cases", content=big, headers={**MARKET, **json_type}),
        413,
    )
    assert str(MAX_BODY_BYTES) in body["detail"]

    # Chunked (no Content-Length): counted as it comes, and no chunk past the limit is asked for.
    pulled: list[int] = []

    async def chunks() -> AsyncIterator[bytes]:
        for number in range(64):
            pulled.append(number)
            yield b" " * (64 * 1024)

    chunked = await api.post(
        "/market-objection/cases", content=chunks(), headers={**MARKET, **json_type}
    )
    problem(chunked, 413)
    assert len(pulled) <= MAX_BODY_BYTES // (64 * 1024) + 1 < 64
    # Just under the limit is read (and judged on its content).
    near = b" " * (MAX_BODY_BYTES - 2) + b"{}"
    problem(
        await api.post("/market-objection/cases", content=near, headers={**MARKET, **json_type}),
        422,
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"case_id": "MO-\\u00ff"}', None),
        (b'{"case_id": "MO-\xff"}', "not valid UTF-8"),
        (b'{"case_id": "MO-1",\n "grounds": }', "not JSON: Expecting value at line 2, column 13"),
        (b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1), "deeper than"),
        (b"[" * 100_000 + b"]" * 100_000, "deeper than"),
    ],
)
async def test_an_unreadable_body_is_400_saying_why(
    api: httpx.AsyncClient, content: bytes, reason: str | None
) -> None:
    response = await api.post(
        "/market-objection/cases",
        content=content,
        headers={**MARKET, "content-type": "application/json"},
    )
    if reason is None:
        # Escapes are JSON, not bytes: this one is readable, and wrong only in its fields.
        problem(response, 422)
        return
    body = problem(response, 400)
    assert reason in body["detail"]
    assert "errors" not in body  # no field made of a character offset


async def test_a_method_a_path_does_not_take_is_405_with_allow(api: httpx.AsyncClient) -> None:
    response = await api.delete("/cases", headers=BOARD)
    body = problem(response, 405)
    assert response.headers["allow"] == "GET"
    assert body["detail"] == "DELETE is not allowed here; allowed: GET"
    response = await api.put("/market-objection/cases", json={}, headers=MARKET)
    problem(response, 405)
    assert response.headers["allow"] == "POST"


async def test_the_docs_page_works_offline(api: httpx.AsyncClient) -> None:
    page = await api.get("/docs")
    assert page.status_code == 200
    html = page.text
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    assets = [a for a in ("swagger-ui-bundle.js", "swagger-ui.css") if f"/docs/assets/{a}" in html]
    assert len(assets) == 2, html
    script = await api.get("/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "SwaggerUIBundle" in script.text
    style = await api.get("/docs/assets/swagger-ui.css")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
    assert '"validatorUrl": null' in html  # no badge fetched from the validator's site


# -- starting cases --------------------------------------------------------------------------------


async def test_a_start_is_idempotent_and_a_different_body_conflicts(api: httpx.AsyncClient) -> None:
    case = market_case()
    first = await api.post("/market-objection/cases", json=case, headers=MARKET)
    assert first.status_code == 201, first.text
    assert first.json()["created"] is True
    assert first.json()["workflow_id"] == f"market-objection-{case['case_id']}"
    again = await api.post("/market-objection/cases", json=case, headers=MARKET)
    assert again.status_code == 200 and again.json()["created"] is False
    changed = {**case, "grounds": case["grounds"] + " (补充)"}
    body = problem(await api.post("/market-objection/cases", json=changed, headers=MARKET), 409)
    assert "another body" in body["detail"]
    status = await status_of(api, case["case_id"])
    assert status["case"]["grounds"] == case["grounds"]


async def test_a_bad_body_is_422_naming_the_field_and_starts_nothing(
    api: httpx.AsyncClient,
) -> None:
    case = market_case()
    case["enterprise"]["uscc"] = "91330800MA2DG7K81X"
    del case["evidence"]
    body = problem(await api.post("/market-objection/cases", json=case, headers=MARKET), 422)
    fields = {e["field"] for e in body["errors"]}
    assert {"enterprise.uscc", "evidence"} <= fields
    future = market_case(received_at=(datetime.now(SHANGHAI) + timedelta(days=2)).isoformat())
    later = problem(await api.post("/market-objection/cases", json=future, headers=MARKET), 422)
    assert later["detail"].startswith("received_at:")
    for unknown in (case, future):
        problem(await api.get(f"/market-objection/cases/{unknown['case_id']}", headers=MARKET), 404)


@pytest.mark.parametrize(
    ("procedure", "file", "agency", "changes"),
    [
        ("medical-objection", "medical-objection.json", "QZ-YB", {}),
        ("repair", "repair.json", "QZ-YBJ-JS", {}),
        ("accountability", "accountability.json", "KC-ZHZF", {}),
        ("designation", "designation-medical.json", "QZ-YBZX", {}),
        ("agreement", "agreement.json", "QZ-YBZX", {}),
    ],
)
async def test_every_procedure_starts_over_http(
    api: httpx.AsyncClient, procedure: str, file: str, agency: str, changes: dict[str, Any]
) -> None:
    case = example(file, **changes)
    headers = auth(AGENCY_KEYS[agency])
    response = await api.post(f"/{procedure}/cases", json=case, headers=headers)
    assert response.status_code == 201, response.text
    status = await api.get(f"/{procedure}/cases/{case['case_id']}", headers=headers)
    assert status.status_code == 200, status.text
    assert status.json()["case_id"] == case["case_id"]
    by_id = await api.get(f"/cases/{procedure}-{case['case_id']}", headers=BOARD)
    assert by_id.status_code == 200 and by_id.json()["case_id"] == case["case_id"]


# -- human steps -----------------------------------------------------------------------------------


async def test_a_step_in_order_is_accepted_and_a_refused_one_changes_nothing(
    api: httpx.AsyncClient,
) -> None:
    case = await started_market_case(api)
    before = await status_of(api, case["case_id"])
    invalid = {"outcome": "corrected", "reason": "复核", "reviewer": "张三"}
    body = problem(
        await api.post(
            f"/market-objection/cases/{case['case_id']}/decide", json=invalid, headers=MARKET
        ),
        422,
    )
    assert body["errors"]
    decision = json.loads((EXAMPLES / "market-objection-decision.json").read_text("utf-8"))
    same = {**decision, "outcome": "corrected", "corrected_grade": "C"}
    refused = problem(
        await api.post(
            f"/market-objection/cases/{case['case_id']}/decide", json=same, headers=MARKET
        ),
        409,
    )
    assert "refused" in refused["detail"]
    assert await status_of(api, case["case_id"]) == before
    done = await api.post(
        f"/market-objection/cases/{case['case_id']}/decide", json=decision, headers=MARKET
    )
    assert done.status_code == 200, done.text
    assert done.json()["receipt"]["case_id"] == case["case_id"]
    again = problem(
        await api.post(
            f"/market-objection/cases/{case['case_id']}/decide", json=decision, headers=MARKET
        ),
        409,
    )
    assert case["case_id"] in again["detail"]


async def test_an_unknown_case_is_404(api: httpx.AsyncClient) -> None:
    problem(await api.get("/market-objection/cases/NO-SUCH", headers=MARKET), 404)
    decision = json.loads((EXAMPLES / "market-objection-decision.json").read_text("utf-8"))
    problem(
        await api.post("/market-objection/cases/NO-SUCH/decide", json=decision, headers=MARKET),
        404,
    )
    problem(await api.get("/cases/nothing-NO-SUCH", headers=BOARD), 404)


# -- lists -----------------------------------------------------------------------------------------


async def test_the_list_filters(api: httpx.AsyncClient) -> None:
    overdue = await started_market_case(
        api,
        received_at=(datetime.now(SHANGHAI) - timedelta(days=60))
        .replace(microsecond=0)
        .isoformat(),
    )
    fresh = await started_market_case(api)
    rows = await eventually_listed(
        api, {"procedure": "market-objection", "overdue": "true"}, overdue["case_id"]
    )
    assert fresh["case_id"] not in [r["case_id"] for r in rows]
    assert all(r["overdue"] for r in rows)
    # Issue 17: the stage in words and how late, in working days after the last day to today.
    (late,) = [r for r in rows if r["case_id"] == overdue["case_id"]]
    assert late["stage_words"] == "复核中 under review" and late["working_days_left"] is None
    last_day = date.fromisoformat(late["next_last_day"])
    today = datetime.now(SHANGHAI).date()
    assert add_working_days(last_day, late["working_days_late"]).last_day <= today
    assert add_working_days(last_day, late["working_days_late"] + 1).last_day > today
    rows = await eventually_listed(
        api,
        {"procedure": "market_credit_objection", "stage": "under_review", "agency": "QZ-SCJG"},
        fresh["case_id"],
    )
    assert {r["stage"] for r in rows} == {"under_review"}
    due = (await status_of(api, fresh["case_id"]))["deadlines"][0]["deadline"]["due_at"]
    instant = datetime.fromisoformat(due)
    before = await listed(
        api, {"deadline_before": (instant + timedelta(seconds=1)).isoformat()}, BOARD
    )
    after = await listed(
        api, {"deadline_after": (instant + timedelta(seconds=1)).isoformat()}, BOARD
    )
    assert fresh["case_id"] in [r["case_id"] for r in before]
    assert fresh["case_id"] not in [r["case_id"] for r in after]
    # Sorted by next deadline.
    deadlines = [r["next_deadline"] for r in before if r["next_deadline"]]
    assert deadlines == sorted(deadlines)
    assert fresh["case_id"] not in [
        r["case_id"] for r in await listed(api, {"provisional": "true"}, BOARD)
    ]
    body = problem(await api.get("/cases", params={"procedure": "nope"}, headers=BOARD), 422)
    assert "unknown procedure" in body["detail"]
    problem(await api.get("/cases", params={"stage": "x' OR 1=1"}, headers=BOARD), 422)


# -- tools -----------------------------------------------------------------------------------------


async def test_scoring_over_http_matches_the_module(api: httpx.AsyncClient) -> None:
    facts = json.loads(
        (EXAMPLES / "scoring" / "market-credit-inspection-body.json").read_text("utf-8")
    )
    response = await api.post("/scoring/market-credit", json=facts, headers=MARKET)
    assert response.status_code == 200, response.text
    expected = scoring.kind("market-credit").score_raw(facts)
    assert response.json()["total"] == expected.total
    assert response.json()["grade"] == expected.grade
    bad = problem(
        await api.post("/scoring/market-credit", json={**facts, "variant": "x"}, headers=MARKET),
        422,
    )
    assert any(e["field"].startswith("variant") for e in bad["errors"])
    problem(await api.post("/scoring/nope", json=facts, headers=MARKET), 404)
    kinds = await api.get("/scoring", headers=MARKET)
    assert [k["kind"] for k in kinds.json()] == list(scoring.KINDS)


async def test_a_deadline_over_http_is_the_periods_deadline(api: httpx.AsyncClient) -> None:
    question = {"start": "2026-09-28", "length": 15, "unit": "working_days"}
    response = await api.post("/deadlines", json=question, headers=BOARD)
    assert response.status_code == 200, response.text
    expected = add_working_days(datetime(2026, 9, 28).date(), 15).last_day
    assert response.json()["last_day"] == expected.isoformat()
    # 24:00 of the last day, Asia/Shanghai: the first instant of the next day.
    next_day = expected + timedelta(days=1)
    assert response.json()["due_at"] == f"{next_day.isoformat()}T00:00:00+08:00"
    body = problem(
        await api.post("/deadlines", json={**question, "unit": "weeks"}, headers=BOARD), 422
    )
    assert body["errors"][0]["field"] == "unit"


# -- the contract ----------------------------------------------------------------------------------


async def test_the_committed_openapi_document_is_the_served_one(api: httpx.AsyncClient) -> None:
    served = (await api.get("/openapi.json")).json()
    committed = json.loads(DOCS.read_text(encoding="utf-8"))
    assert served == committed, "regenerate with `python -m api.openapi`"
    paths = served["paths"]
    for procedure in (
        "market-objection",
        "medical-objection",
        "repair",
        "accountability",
        "designation",
    ):
        assert f"/{procedure}/cases" in paths
    assert "/designation/cases/{case_id}/evaluate" in paths


async def test_a_designation_is_driven_over_http(api: httpx.AsyncClient) -> None:
    """Another procedure's steps through the generated routes: the application is received
    and awaits its batch; a step of a later stage is refused (409) and changes nothing."""
    headers = auth(AGENCY_KEYS["QZ-YBZX"])
    case = example("designation-medical.json")
    started = await api.post("/designation/cases", json=case, headers=headers)
    assert started.status_code == 201, started.text
    assert started.headers["location"] == f"/designation/cases/{case['case_id']}"
    application = json.loads((EXAMPLES / "designation-application-medical.json").read_text("utf-8"))
    for _ in range(100):
        applied = await api.post(
            f"/designation/cases/{case['case_id']}/apply", json=application, headers=headers
        )
        if applied.status_code == 200:
            break
        await asyncio.sleep(0.05)  # the case's first task may still be running
    assert applied.status_code == 200, applied.text
    assert applied.json()["receipt"]["stage"] == "awaiting_batch"
    assert applied.json()["stage_words"] == "待集中受理审查 awaiting the acceptance review"
    before = (await api.get(f"/designation/cases/{case['case_id']}", headers=headers)).json()
    # Issue 17: the quarterly acceptance review day (二(三)2) is the case's next date, with the
    # working days left from today: the nth working day counted from today is on or before it.
    (batch,) = before["supervision"]["dates"]
    batch_day = date.fromisoformat(before["batch_day"])
    assert (batch["name"], batch["last_day"]) == ("acceptance_review", before["batch_day"])
    assert batch["citation"] == "衢医保发〔2023〕8号 二(三)2"
    assert batch["duty"] == "集中受理审查 acceptance review"
    left = batch["working_days_left"]
    yesterday = date.fromisoformat(before["supervision"]["today"]) - timedelta(days=1)
    assert add_working_days(yesterday, left).last_day <= batch_day
    assert add_working_days(yesterday, left + 1).last_day > batch_day
    for _ in range(100):  # the list reads the date from the case once it awaits the batch
        rows = [
            r
            for r in await listed(api, {"procedure": "designation"}, BOARD)
            if r["case_id"] == case["case_id"]
        ]
        if rows and rows[0]["stage"] == "awaiting_batch":
            break
        await asyncio.sleep(0.1)
    assert (rows[0]["next_last_day"], rows[0]["next_duty"]) == (batch["last_day"], batch["duty"])
    assert rows[0]["working_days_left"] == left
    signing = json.loads((EXAMPLES / "designation-signing.json").read_text("utf-8"))
    refused = problem(
        await api.post(f"/designation/cases/{case['case_id']}/sign", json=signing, headers=headers),
        409,
    )
    assert "stage 'awaiting_batch'" in refused["detail"]
    after = (await api.get(f"/designation/cases/{case['case_id']}", headers=headers)).json()
    assert after == before
    unknown = {**application, "materials": {"no_such_material": "x"}}
    again = problem(
        await api.post(
            f"/designation/cases/{case['case_id']}/apply", json=unknown, headers=headers
        ),
        409,
    )
    assert "stage 'awaiting_batch'" in again["detail"]


async def _step(
    api: httpx.AsyncClient, path: str, body: Any, headers: dict[str, str]
) -> dict[str, Any]:
    """A step, retried while the case's previous step is still being carried out (409 with the
    stage it is in); the receipt of the accepted one."""
    response = None
    for _ in range(100):
        response = await api.post(path, json=body, headers=headers)
        if response.status_code != 409:
            break
        await asyncio.sleep(0.05)
    assert response is not None and response.status_code == 200, response.text if response else ""
    receipt: dict[str, Any] = response.json()["receipt"]
    return receipt


async def test_a_lost_lawsuit_goes_from_judgment_to_feedback_over_http(
    api: httpx.AsyncClient,
) -> None:
    headers = auth(AGENCY_KEYS["KC-ZHZF"])
    received = datetime.now(SHANGHAI).replace(microsecond=0) - timedelta(minutes=5)
    case = example("accountability.json")
    case["lost_case"]["received_at"] = received.isoformat()
    case["lost_case"]["effective_date"] = received.date().isoformat()
    started = await api.post("/accountability/cases", json=case, headers=headers)
    assert started.status_code == 201, started.text
    base = f"/accountability/cases/{case['case_id']}"
    steps = {
        "report": "accountability-report.json",
        "review": "accountability-review.json",
        "decide": "accountability-decision.json",
        "feedback": "accountability-feedback.json",
    }
    body = {step: json.loads((EXAMPLES / file).read_text("utf-8")) for step, file in steps.items()}
    # The decision is made today: 第十三条第三款 counts the feedback from it, and it cannot
    # precede the review this test sends today.
    body["decide"]["decided_on"] = datetime.now(SHANGHAI).date().isoformat()
    # A report without its causes (第十三条第一款) is bad input, as on the command line: 422 with
    # the field and the clause, and the case exactly as it was.
    for _ in range(100):  # once the case has set its report deadline
        before = (await api.get(base, headers=headers)).json()
        if "report_deadline_set" in [e["action"] for e in before["events"]]:
            break
        await asyncio.sleep(0.05)
    hollow = await api.post(
        f"{base}/report", json={**body["report"], "causes": []}, headers=headers
    )
    detail = problem(hollow, 422)["detail"]
    assert "causes: required" in detail and "第十三条" in detail
    after = (await api.get(base, headers=headers)).json()
    assert (after["stage"], after["events"]) == (before["stage"], before["events"])
    for step in ("report", "review"):
        receipt = await _step(api, f"{base}/{step}", body[step], headers)
        assert receipt["case_id"] == case["case_id"]
    # `?wait=true`: the receipt, and what the decision set going once done.
    decided = await api.post(f"{base}/decide?wait=true", json=body["decide"], headers=headers)
    assert decided.status_code == 200, decided.text
    assert decided.json()["receipt"]["stage"] == "awaiting_feedback"
    outputs = decided.json()["outputs"]
    assert [(f["what"], f["state"]) for f in outputs["follow_ups"]] == [
        ("feedback deadline", "done"),
        ("findings on subject records", "done"),
    ]
    assert "feedback_deadline_set" in [e["action"] for e in outputs["events"]]
    receipt = await _step(api, f"{base}/feedback", body["feedback"], headers)
    assert receipt["case_id"] == case["case_id"]
    for _ in range(100):
        status = (await api.get(base, headers=headers)).json()
        if status["stage"] == "closed":
            break
        await asyncio.sleep(0.05)
    assert status["stage"] == "closed"
    assert "case_closed" in [e["action"] for e in status["events"]]


async def test_an_agreement_s_handling_decision_over_http(api: httpx.AsyncClient) -> None:
    """衢医保发〔2023〕8号 五(三)3, 五(五): a 违约金 of 35% is refused naming both clauses and
    changes nothing; the example's 25% is taken, its 30-day duty set."""
    headers = auth(AGENCY_KEYS["QZ-YBZX"])
    case = example("agreement.json", case_id="XY-HTTP-0001")
    # An institution of its own: the decision writes its subject record on this module's task
    # queue, which no worker serves once the module is done (the example's is the designation's).
    case["institution"]["uscc"] = fresh_uscc()
    started = await api.post("/agreement/cases", json=case, headers=headers)
    assert started.status_code == 201, started.text
    base = f"/agreement/cases/{case['case_id']}"
    # Its renewal negotiation may open at once (a term ending within 3 months, 附件1 一(二)).
    before = await settled(api, base, headers)
    decision = json.loads((EXAMPLES / "agreement-decision.json").read_text("utf-8"))
    too_much = await api.post(
        f"{base}/decide", json={**decision, "penalty_percent": "35"}, headers=headers
    )
    detail = problem(too_much, 409)["detail"]
    assert "penalty_percent: 35%" in detail and "五(三)3" in detail and "五(五)" in detail
    assert (await api.get(base, headers=headers)).json()["events"] == before["events"]
    decided = await api.post(f"{base}/decide?wait=true", json=decision, headers=headers)
    assert decided.status_code == 200, decided.text
    assert decided.json()["receipt"]["stage"] == "in_force"
    status = (await api.get(base, headers=headers)).json()
    penalty = next(d for d in status["deadlines"] if d["name"] == "penalty-1")
    assert penalty["kind"] == "party_duty" and penalty["citation"] == "衢医保发〔2023〕8号 五(五)"
    # Another agency's key may not act on it.
    other = await api.post(f"{base}/decide", json=decision, headers=auth(AGENCY_KEYS["QZ-YB"]))
    assert other.status_code in (403, 404), other.text


async def test_a_medical_objection_is_filed_and_rechecked_over_http(
    api: httpx.AsyncClient,
) -> None:
    headers = auth(AGENCY_KEYS["QZ-YB"])
    case = example("medical-objection.json")
    case["result"]["published_on"] = datetime.now(SHANGHAI).date().isoformat()
    assert (
        await api.post("/medical-objection/cases", json=case, headers=headers)
    ).status_code == 201
    base = f"/medical-objection/cases/{case['case_id']}"
    form = json.loads((EXAMPLES / "medical-objection-objection.json").read_text("utf-8"))
    form["materials"] = []
    await _step(api, f"{base}/object", form, headers)
    materials = {"refs": ["YBXY-YY-2026-0213-01 结算终端使用登记"], "submitted_by": "张丽"}
    await _step(api, f"{base}/materials", materials, headers)
    decision = json.loads((EXAMPLES / "medical-objection-decision.json").read_text("utf-8"))
    receipt = await _step(api, f"{base}/decide", decision, headers)
    assert receipt["case_id"] == case["case_id"]
    missing = problem(await api.post(f"{base}/materials", json={"refs": []}, headers=headers), 422)
    assert missing["errors"][0]["field"] == "refs"
