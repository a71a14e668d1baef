"""No personal data in the logs: a real `worker.py` (embedded dev server, HTTP API) runs every
procedure's example through its steps, from the command line and over HTTP, and its log (the
worker's, the activities' and the API's lines) carries none of the examples' names of people,
identity numbers or telephone numbers. Who acted is logged as a role and a keyed hash."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from api.serve import LOCAL_KEYS_NOTE
from periods import SHANGHAI
from tests.conftest import EXAMPLES
from tests.processes import Engine, Result, cli

# Keys whose value is a person's name, identity number or telephone number.
PERSONAL_KEYS = {"id_number", "mobile", "contact", "contact_person", "handler_phone"}
# Keys of a list of people: their `name` is a person's.
PEOPLE_KEYS = {"people", "persons"}
# Free text naming who acted: "衢州市市场监管局 信用监管科 王敏", "… 法定代表人 王建华".
ACTOR_KEYS = {"reviewer", "handler", "applicant", "signed_by", "submitted_by", "decided_by"}
# A last word ending so is an office, not a person (法制科, 司法局, 评估小组, …).
OFFICE_ENDINGS = ("科", "局", "室", "组", "中心", "院", "部", "店", "司", "府", "会", "所")
HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}$")


def personal_values(data: Any, key: str = "", parent: str = "") -> Iterator[str]:
    """Every person's name, identity number and telephone number in an example file."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from personal_values(value, name, key)
    elif isinstance(data, list):
        for item in data:
            yield from personal_values(item, key, parent)
    elif isinstance(data, str):
        if key in PERSONAL_KEYS or (key == "name" and parent in PEOPLE_KEYS):
            yield data
        elif key in ACTOR_KEYS:
            words = data.split()
            if len(words) > 1 and HAN_NAME.match(words[-1]):
                if not words[-1].endswith(OFFICE_ENDINGS):
                    yield words[-1]


def test_the_collector_finds_the_people_of_the_examples() -> None:
    found = set(personal_values(example("designation-medical.json")))
    assert {"王建华", "330802197501010018", "刘敏", "郑晓燕"} <= found
    assert "衢州柯城仁和中医门诊部" not in found
    assert set(personal_values(example("repair.json"))) == {
        "周建国",
        "0570-4021188",
        "李倩",
        "0570-4029012",
        "13800000000",  # the subject's mobile for the result-change SMS (四(三))
    }
    assert set(personal_values(example("accountability-review.json"))) == set()


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Engine]:
    running = Engine(tmp_path_factory.mktemp("engine"))
    await running.start()
    yield running
    if running.process and running.process.poll() is None:
        running.stop()


class Tour:
    """The README's steps, each case file written with today's dates where the CLI requires a
    date not in the future; collects the personal values of every file sent."""

    def __init__(self, engine: Engine, folder: Path) -> None:
        self.engine = engine
        self.folder = folder
        self.personal: set[str] = set()

    def file(self, name: str, **changes: Any) -> str:
        data = example(name)
        for dotted, value in changes.items():
            *path, last = dotted.split("__")
            target = data
            for part in path:
                target = target[part]
            target[last] = value
        self.personal.update(personal_values(data))
        written = self.folder / name
        written.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return str(written)

    async def run(self, *args: str) -> Result:
        result = await asyncio.to_thread(cli, *args, env=self.engine.env)
        assert result.code == 0, (args, result)
        return result

    async def refused(self, *args: str) -> None:
        """A step the case refuses (its validator's answer): nothing logged names its sender."""
        result = await asyncio.to_thread(cli, *args, env=self.engine.env)
        assert result.code == 4, (args, result)

    async def steps(self, *commands: tuple[str, ...]) -> None:
        for command in commands:
            await self.run(*command)


def now() -> str:
    return datetime.now(SHANGHAI).replace(microsecond=0).isoformat()


def today() -> str:
    return date.today().isoformat()


async def market(tour: Tour) -> None:
    await tour.steps(
        (
            "market-objection",
            "start",
            "--file",
            tour.file("market-objection.json", received_at=now()),
        ),
        (
            "market-objection",
            "decide",
            "MO-2026-0001",
            "--file",
            tour.file("market-objection-decision.json"),
        ),
    )


async def medical(tour: Tour) -> None:
    case = tour.file("medical-objection.json", result__published_on=today())
    await tour.steps(
        ("medical-objection", "start", "--file", case),
        (
            "medical-objection",
            "object",
            "MCO-2026-0001",
            "--file",
            tour.file("medical-objection-objection.json"),
        ),
        (
            "medical-objection",
            "decide",
            "MCO-2026-0001",
            "--file",
            tour.file("medical-objection-decision.json"),
        ),
    )


async def repair(tour: Tour) -> None:
    await tour.steps(
        ("subject", "load", "--file", tour.file("subject-record-facts.json")),
        ("repair", "start", "--file", tour.file("repair.json", accepted_at=now())),
        (
            "repair",
            "extend",
            "RC-2026-0012",
            "--working-days",
            "10",
            "--reason",
            "需现场核查整改情况",
        ),
        ("repair", "decide", "RC-2026-0012", "--file", tour.file("repair-decision.json")),
    )
    await tour.refused(
        "repair", "decide", "RC-2026-0012", "--file", tour.file("repair-decision.json")
    )


async def accountability(tour: Tour) -> None:
    commands: list[tuple[str, ...]] = [
        ("accountability", "start", "--file", tour.file("accountability.json"))
    ]
    for step in ("report", "review", "decision", "feedback"):
        verb = "decide" if step == "decision" else step
        path = tour.file(f"accountability-{step}.json")
        command = ("accountability", verb, "ZR-2026-0017", "--file", path)
        # As the README's tour: the decision is made today (第十三条第三款), after the review.
        commands.append((*command, "--decided-on", "today") if verb == "decide" else command)
    await tour.steps(*commands)


async def designation(tour: Tour) -> None:
    await tour.steps(
        ("designation", "start", "--file", tour.file("designation-medical.json")),
        (
            "designation",
            "apply",
            "DD-2026-0031",
            "--file",
            tour.file("designation-application-medical.json"),
        ),
        ("designation", "review", "DD-2026-0031", "--file", tour.file("designation-review.json")),
    )


async def designation_over_http(tour: Tour) -> None:
    """The pharmacy's case through the HTTP API: a start refused (a date in the future: the
    body's people travel with it), the start, the application, the status."""
    case = example("designation-pharmacy.json")
    application = example("designation-application-pharmacy.json")
    tour.personal.update(personal_values(case))
    tour.personal.update(personal_values(application))
    key = agency_key(tour.engine, case["agency"]["code"])
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{tour.engine.http_port}",
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    ) as http:
        future = await http.post(
            "/designation/cases", json={**case, "pre_registered_on": "2099-01-01"}
        )
        assert future.status_code == 422, future.text
        bad_role = json.loads(json.dumps(case))
        bad_role["institution"]["people"][0]["role"] = "nobody"
        refused = await http.post("/designation/cases", json=bad_role)
        assert refused.status_code == 422, refused.text
        started = await http.post("/designation/cases", json=case)
        assert started.status_code == 201, started.text
        applied = await http.post(f"/designation/cases/{case['case_id']}/apply", json=application)
        assert applied.status_code == 200, applied.text
        shown = await http.get(f"/designation/cases/{case['case_id']}")
        assert shown.status_code == 200, shown.text


def agency_key(engine: Engine, agency: str) -> str:
    for line in (engine.data_dir / LOCAL_KEYS_NOTE).read_text(encoding="utf-8").splitlines():
        name, _, key = line.partition(": ")
        if name == f"agency {agency}":
            return key
    raise AssertionError(f"no local key for {agency}")


async def quiet(engine: Engine, workflow_ids: list[str]) -> None:
    """Until no activity of the cases is pending (documents, deliveries, record writes)."""
    client = await engine.client()
    for _ in range(100):
        busy = False
        for workflow_id in workflow_ids:
            description = await client.get_workflow_handle(workflow_id).describe()
            raw = description.raw_description
            busy = busy or bool(raw.pending_activities) or raw.HasField("pending_workflow_task")
        if not busy:
            return
        await asyncio.sleep(0.2)


def logged_text(log: Path) -> str:
    """The log as its reader sees it: JSON lines decoded (no \\u escapes hide a value)."""
    lines = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            lines.append(json.dumps(json.loads(line), ensure_ascii=False))
        except json.JSONDecodeError:
            lines.append(line)
    return "\n".join(lines)


async def test_a_tour_of_every_procedure_leaves_no_personal_value_in_the_logs(
    engine: Engine, tmp_path: Path
) -> None:
    tour = Tour(engine, tmp_path)
    await asyncio.gather(
        market(tour),
        medical(tour),
        repair(tour),
        accountability(tour),
        designation(tour),
        designation_over_http(tour),
    )
    await quiet(
        engine,
        [
            "market-objection-MO-2026-0001",
            "medical-objection-MCO-2026-0001",
            "repair-RC-2026-0012",
            "accountability-ZR-2026-0017",
            "designation-DD-2026-0031",
            "designation-DD-2026-0032",
        ],
    )
    assert engine.stop() == 0
    logged = logged_text(engine.log_file)
    assert len(tour.personal) > 20
    leaked = sorted(value for value in tour.personal if value in logged)
    assert not leaked, f"personal values in {engine.log_file}: {leaked}"
    # The log did record the steps, and who took them, as a role and a keyed hash.
    assert "designation-DD-2026-0031" in logged and '"actor_role": "person"' in logged
    assert '"actor_hash": "' in logged
