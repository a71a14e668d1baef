"""`starter.py agreement ...` (医保服务协议, 衢医保发〔2023〕8号 五(三), 附件1 一).

Without an engine: every agreement example validates against its model and the examples fit
together. With a real engine (`python worker.py`): an agreement entered from its file is in force
to 31 December; the example decision takes a 违约金 of 25% due 30 days after it was made; a 违约金
of 35% is refused by the case naming the field and 五(五), and changes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from contracts.performance_results import PerformanceResult
from periods import add_days
from procedures.agreement import case as agr
from tests.conftest import EXAMPLES
from tests.door_helpers import assert_already_started, engine_per_module, one_line_error
from tests.processes import Engine, cli

EXAMPLE_MODELS: dict[str, type[BaseModel]] = {
    "agreement.json": agr.AgreementCase,
    "agreement-decision.json": agr.Decision,
    "agreement-suspension.json": agr.Decision,
    "agreement-check.json": agr.RectificationCheck,
    "agreement-renewal.json": agr.Renewal,
    "agreement-request.json": agr.Request,
    "agreement-termination-step.json": agr.TerminationStep,
    "agreement-assessment.json": PerformanceResult,
}


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def test_every_agreement_example_is_listed() -> None:
    assert {p.name for p in EXAMPLES.glob("agreement*.json")} == set(EXAMPLE_MODELS)


@pytest.mark.parametrize("name", sorted(EXAMPLE_MODELS))
def test_example_validates_against_its_model(name: str) -> None:
    EXAMPLE_MODELS[name].model_validate(example(name))


def test_the_examples_fit_the_agreement() -> None:
    signed_on = date.fromisoformat(example("agreement.json")["signed_on"])
    for name in ("agreement-decision.json", "agreement-suspension.json"):
        assert date.fromisoformat(example(name)["decided_on"]) >= signed_on
    request = agr.Request.model_validate(example("agreement-request.json"))
    # 附件1 一(三)3: asked 3 months ahead (the corresponding day, then the next day).
    assert request.takes_effect_on > date(
        request.requested_on.year + (request.requested_on.month + 2) // 12,
        (request.requested_on.month + 2) % 12 + 1,
        request.requested_on.day,
    )


engine = engine_per_module()


async def test_an_agreement_from_its_file_and_a_handling_decision(
    engine: Engine, tmp_path: Path
) -> None:
    data = example("agreement.json")
    number = f"XY-CLI-{tmp_path.name[-10:]}".replace("_", "-")
    data["case_id"] = number
    path = tmp_path / "agreement.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    started = cli("agreement", "start", "--file", str(path), env=engine.env)
    assert started.code == 0, started
    assert f"Started case {number} (agreement-{number})" in started.out
    assert "Term 1: 2026-03-02 to 2026-12-31" in started.out
    assert_already_started(cli("agreement", "start", "--file", str(path), env=engine.env), number)

    decision = example("agreement-decision.json")
    too_much = tmp_path / "too-much.json"
    too_much.write_text(
        json.dumps({**decision, "penalty_percent": "35"}, ensure_ascii=False), encoding="utf-8"
    )
    refused = cli("agreement", "decide", number, "--file", str(too_much), env=engine.env)
    one_line_error(refused, 4, "penalty_percent", "35%", "五(三)3", "五(五)")

    decided = cli(
        "agreement",
        "decide",
        number,
        "--file",
        str(EXAMPLES / "agreement-decision.json"),
        "--wait",
        env=engine.env,
    )
    assert decided.code == 0, decided
    assert "违约金 3,086.42元" in decided.out  # 12,345.67 × 25%, to the 分

    status = cli("status", number, "--json", env=engine.env)
    assert status.code == 0, status
    body = status.json()
    assert (body["procedure"], body["stage"]) == (agr.PROCEDURE_TYPE, "in_force")
    penalty = next(d for d in body["deadlines"] if d["name"] == "penalty-1")
    # 五(五): 30 days (日) from the day after the decision (民法典 第二百零一条).
    decided_on = date.fromisoformat(decision["decided_on"])
    assert penalty["deadline"]["last_day"] == add_days(decided_on, 30).last_day.isoformat()
    assert penalty["kind"] == "party_duty"
    assert Decimal(body["state"]["penalties"][0]["amount"]) == Decimal("3086.42")
    assert [e["action"] for e in body["events"]].count("handling_decided") == 1
    assert any(d.endswith("decision-1.html") for d in body["documents"])

    # 附件1 一(三)3: the example declines the renewal 3 months ahead; a 中止 asked now would
    # take effect after the term ends (31 December) and is refused naming the field.
    request = cli(
        "agreement",
        "request",
        number,
        "--file",
        str(EXAMPLES / "agreement-request.json"),
        env=engine.env,
    )
    assert request.code == 0, request
    assert "不再续签" in request.out and "2026-12-31" in request.out
    suspend = tmp_path / "suspend.json"
    suspend.write_text(
        json.dumps(
            {
                "kind": "suspend",
                "requested_on": decision["decided_on"],
                "takes_effect_on": "2027-03-08",
                "suspension_days": 60,
                "reason": "装修",
            }
        ),
        encoding="utf-8",
    )
    beyond = cli("agreement", "request", number, "--file", str(suspend), env=engine.env)
    one_line_error(beyond, 4, "takes_effect_on", "after the term ends", "附件1 一(三)3")
