"""`starter.py designation ...` (医保定点, 衢医保发〔2023〕8号 二(三)).

Without an engine: every example validates against its model (and the evaluations pass), a bad
input is refused with one line naming the field and exit 2 before anything is sent, and each
subcommand's help cites its clause. With a real engine (`python worker.py`): a case starts once,
takes its application and awaits the quarterly batch; an unknown case is exit 3.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from temporalio.testing import WorkflowEnvironment

import scoring
import starter
from periods import SHANGHAI, add_months
from periods.months import months_later
from procedures.designation import models as dd
from procedures.designation import standing
from settings import Settings
from tests.conftest import EXAMPLES, free_port, running_worker, with_payload_keys
from tests.door_helpers import assert_already_started, engine_per_module, one_line_error
from tests.processes import Engine, Result, cli

# Every designation example and the model it is an input of.
EXAMPLE_MODELS: dict[str, type[BaseModel]] = {
    "designation-medical.json": dd.DesignationCase,
    "designation-pharmacy.json": dd.DesignationCase,
    "designation-application-medical.json": dd.Application,
    "designation-application-pharmacy.json": dd.Application,
    "designation-review.json": dd.AcceptanceReview,
    "designation-supplement.json": dd.Supplement,
    "designation-evaluation-medical.json": dd.Evaluation,
    "designation-evaluation-pharmacy.json": dd.Evaluation,
    "designation-approval.json": dd.Approval,
    "designation-signing.json": dd.Signing,
}
KINDS = ("medical", "pharmacy")
# No engine listens here: a command that got as far as connecting would exit 5, not 2.
NOWHERE = with_payload_keys({"QZ_DEV_SERVER_PORT": str(free_port())})


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def case_of(kind: str) -> dd.DesignationCase:
    return dd.DesignationCase.model_validate(example(f"designation-{kind}.json"))


# -- the examples (no engine) --------------------------------------------------------------------


def test_every_designation_example_is_listed() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("designation-*.json")) == sorted(EXAMPLE_MODELS)


@pytest.mark.parametrize("name", sorted(EXAMPLE_MODELS))
def test_example_validates_against_its_model(name: str) -> None:
    EXAMPLE_MODELS[name].model_validate(example(name))


@pytest.mark.parametrize("kind", KINDS)
def test_case_example_trial_run_is_over_and_the_people_are_well_formed(kind: str) -> None:
    case = case_of(kind)
    assert case.pre_registered_on.year == 2026
    trial_last_day = add_months(case.pre_registered_on, dd.TRIAL_RUN_MONTHS).last_day
    assert trial_last_day < date(2026, 11, 22)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]  # GB 11643-1999
    for person in case.institution.people:
        number = person.id_number
        total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
        assert number[17].upper() == "10X98765432"[total % 11], person.name


@pytest.mark.parametrize("kind", KINDS)
def test_application_example_hands_in_every_required_material(kind: str) -> None:
    case = case_of(kind)
    application = dd.Application.model_validate(example(f"designation-application-{kind}.json"))
    required = dd.required_materials(case.institution.kind, case.institution.for_profit)
    given = set(application.materials) | set(application.shared_materials)
    assert given == set(required)
    assert (
        dd.missing_materials(case.institution.kind, case.institution.for_profit, given, None) == []
    )


def test_review_and_supplement_examples_fit_together() -> None:
    review = dd.AcceptanceReview.model_validate(example("designation-review.json"))
    supplement = dd.Supplement.model_validate(example("designation-supplement.json"))
    for kind in KINDS:
        case = case_of(kind)
        handed_in = set(dd.required_materials(case.institution.kind, case.institution.for_profit))
        missing = dd.missing_materials(
            case.institution.kind, case.institution.for_profit, handed_in, review
        )
        assert {item.key for item in missing} == set(supplement.materials)


@pytest.mark.parametrize("kind", KINDS)
def test_evaluation_example_is_the_case_s_institution_and_passes(kind: str) -> None:
    case = case_of(kind)
    evaluation = dd.Evaluation.model_validate(example(f"designation-evaluation-{kind}.json"))
    designation_eval = scoring.kind("designation-eval")
    report = designation_eval.score(designation_eval.facts.model_validate(evaluation.facts))
    assert evaluation.facts["institution_id"] == case.institution.uscc
    assert evaluation.facts["institution_name"] == case.institution.name
    assert evaluation.facts["variant"] == case.institution.kind.value
    assert isinstance(report, scoring.ScoreReport)
    assert report.passed is True and report.total is not None
    assert report.total >= dd.PASS_MARK, report.total


def test_approval_and_signing_examples() -> None:
    approval = dd.Approval.model_validate(example("designation-approval.json"))
    signing = dd.Signing.model_validate(example("designation-signing.json"))
    assert approval.approved and approval.meeting_on <= signing.signed_on
    assert dd.agreement_term_end(signing.signed_on) == date(signing.signed_on.year, 12, 31)


# -- bad input: exit 2, one line naming the field, nothing sent -----------------------------------


def changed_case(tmp_path: Path, change: Any) -> Path:
    data = example("designation-medical.json")
    change(data)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _bad_uscc(data: dict[str, Any]) -> None:
    data["institution"]["uscc"] = data["institution"]["uscc"][:17] + "X"


def _no_legal_representative(data: dict[str, Any]) -> None:
    data["institution"]["people"] = [
        p for p in data["institution"]["people"] if p["role"] != "legal_representative"
    ]


def _future(data: dict[str, Any]) -> None:
    data["pre_registered_on"] = "2999-01-01"


def _short_id_number(data: dict[str, Any]) -> None:
    data["institution"]["people"][0]["id_number"] = "33080219750101001"


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (_bad_uscc, ["institution.uscc", "check character"]),
        (_no_legal_representative, ["institution", "legal representative"]),
        (_future, ["pre_registered_on", "in the future"]),
        (_short_id_number, ["institution.people.0.id_number"]),
    ],
)
def test_a_bad_case_file_is_refused_before_anything_is_sent(
    tmp_path: Path, change: Any, fragments: list[str]
) -> None:
    path = changed_case(tmp_path, change)
    result = cli("designation", "start", "--file", str(path), env=NOWHERE)
    one_line_error(result, 2, str(path), *fragments)


def test_bad_step_inputs_are_refused_before_anything_is_sent(tmp_path: Path) -> None:
    def run(*args: str) -> Result:
        return cli("designation", *args, env=NOWHERE)

    facts = example("designation-evaluation-medical.json")["facts"]
    facts["evaluators"] = []
    bad_facts = tmp_path / "facts.json"
    bad_facts.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    one_line_error(
        run("evaluate", "X", "--facts", str(bad_facts), "--group", "评估小组"),
        2,
        "facts",
        "evaluators",
    )
    one_line_error(run("evaluate", "X", "--facts", str(bad_facts)), 2, "--group")
    one_line_error(
        run("approve", "X", "--meeting-on", "2027-01-26", "--minutes", "M", "--refuse"),
        2,
        "reason",
    )
    one_line_error(
        run("approve", "X", "--meeting-on", "2027-02-30", "--minutes", "M"), 2, "meeting_on"
    )
    one_line_error(
        run(
            "sign",
            "X",
            "--agreement-number",
            "QZYB 1",
            "--signed-on",
            "2027-01-29",
            "--signed-by",
            "x",
        ),
        2,
        "agreement_number",
    )
    one_line_error(run("investigate", "X", "--findings", "f", "--investigator", "i"), 2, "--unf")
    one_line_error(run("request-materials", "X", "--requested-by", "评估小组"), 2, "items")
    one_line_error(run("apply", "X"), 2, "--file")
    approval = str(EXAMPLES / "designation-approval.json")
    one_line_error(
        run("approve", "X", "--file", approval, "--minutes", "M"), 2, "either --file", "--minutes"
    )
    missing = tmp_path / "nope.json"
    one_line_error(run("supplement", "X", "--file", str(missing)), 2, "cannot read", "nope.json")


# -- help: true, and citing the clause ------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "clauses"),
    [
        ("start", ["二(三)1"]),
        ("apply", ["二(三)2"]),
        ("review", ["二(三)2"]),
        ("supplement", ["二(三)2", "二(三)3"]),
        ("request-materials", ["二(三)3"]),
        ("false-materials", ["二(三)2"]),
        ("evaluate", ["二(三)3"]),
        ("report", ["二(三)4"]),
        ("investigate", ["二(三)4"]),
        ("reevaluate", ["二(三)3"]),
        ("approve", ["二(三)4"]),
        ("sign", ["二(三)4", "二(三)5"]),
    ],
)
def test_each_subcommand_s_help_cites_its_clause(
    action: str, clauses: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        starter.main(["designation", action, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for clause in clauses:
        assert dd.cite(clause) in out, out
    assert "exit codes" in out


# -- with a real engine ----------------------------------------------------------------------------


engine = engine_per_module()


async def test_start_apply_and_await_the_batch(engine: Engine, tmp_path: Path) -> None:
    data = example("designation-medical.json")
    case_id = f"DD-CLI-{tmp_path.name[-10:]}".replace("_", "-")
    data["case_id"] = case_id
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    started = cli("designation", "start", "--file", str(path), env=engine.env)
    assert started.code == 0, started
    assert f"Started case {case_id} (designation-{case_id}), stage 'trial_run'." in started.out
    assert "possible from" in started.out and dd.cite("二(三)2") in started.out

    again = cli("designation", "start", "--file", str(path), env=engine.env)
    assert_already_started(again, case_id)

    application = str(EXAMPLES / "designation-application-medical.json")
    applied = cli("designation", "apply", case_id, "--file", application, env=engine.env)
    assert applied.code == 0, applied
    assert "'awaiting_batch'" in applied.out and "集中受理审查" in applied.out

    status = cli("status", case_id, "--json", env=engine.env)
    assert status.code == 0, status
    body = status.json()
    assert (body["case_id"], body["procedure"], body["stage"]) == (
        case_id,
        dd.PROCEDURE_TYPE,
        "awaiting_batch",
    )
    assert body["institution_uscc"] == data["institution"]["uscc"]
    assert body["batch_day"] is not None
    # The identity numbers stay in the payloads; the status shows the records' keyed hashes.
    assert data["institution"]["people"][0]["id_number"] not in status.out
    human = cli("status", case_id, env=engine.env)
    assert human.code == 0, human
    assert data["institution"]["name"] in human.out and "batch day" in human.out

    # In the wrong stage: refused, nothing changed.
    evaluation = str(EXAMPLES / "designation-evaluation-medical.json")
    early = cli("designation", "evaluate", case_id, "--file", evaluation, env=engine.env)
    one_line_error(early, 4, case_id)

    unknown = cli("designation", "apply", "NO-SUCH-CASE", "--file", application, env=engine.env)
    one_line_error(unknown, 3, "NO-SUCH-CASE")


# -- every step from the command line, at real length (the time-skipping server) -------------------


async def test_every_step_from_the_command_line_to_a_signed_agreement(
    time_env: WorkflowEnvironment, tmp_path: Path, settings: Settings
) -> None:
    """The agency's whole procedure through `starter.py designation ...` against a worker and
    the time-skipping server (queries and Updates are all the CLI needs): the review's findings,
    the supplementation notice answered, the evaluation, a report investigated, the party-group
    meeting and the agreement."""
    env = with_payload_keys(
        {
            "PATH": "/usr/bin:/bin",
            "TEMPORAL_ADDRESS": time_env.client.service_client.config.target_host,
            "QZ_TASK_QUEUE": settings.task_queue,
            # The worker's data dir: the same key for the people's record ids.
            "QZ_DATA_DIR": str(settings.data_dir),
        }
    )
    today = (await time_env.get_current_time()).astimezone(SHANGHAI).date()
    data = example("designation-pharmacy.json")
    case_id = f"DD-TS-{tmp_path.name[-8:]}".replace("_", "-")
    data["case_id"] = case_id
    data["pre_registered_on"] = months_later(today, -4).isoformat()

    def write(name: str, body: Any) -> str:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        return str(path)

    async def step(*args: str) -> Result:
        """A step by the command line that succeeds; in a thread, for the worker and the
        time-skipping server's client share this event loop."""
        done = await asyncio.to_thread(cli, "designation", *args, env=env)
        assert done.code == 0, done
        return done

    async def status() -> Any:
        # The status query itself: `starter.py status` also describes the workflow, and the
        # time-skipping server's search attributes do not decode (the dev-server test above
        # covers `status`).
        handle = time_env.client.get_workflow_handle(f"designation-{case_id}")
        shown = await handle.query("status", result_type=dd.DesignationStatus)
        return shown.model_dump(mode="json")

    async def skip_to(day: date, hour: int = 10) -> None:
        moment = datetime.combine(day, time(hour), tzinfo=SHANGHAI)
        await time_env.sleep(moment - await time_env.get_current_time())

    application = example("designation-application-pharmacy.json")
    del application["materials"]["premises"]
    async with running_worker(time_env.client, settings):
        await step("start", "--file", write("case", data))
        await step("apply", case_id, "--file", write("application", application))
        review = {"reviewer": "两定机构管理 吴佳", "extra_required": ["消防验收合格证明"]}
        await step("review", case_id, "--file", write("review", review))
        batch_day = date.fromisoformat((await status())["batch_day"])
        await skip_to(batch_day)
        notified = await status()
        assert notified["stage"] == "supplementing"
        assert [m["key"] for m in notified["missing"]] == ["premises", "extra-1"]
        supplement = {"materials": {"premises": "租赁合同", "extra-1": "消防验收合格证明"}}
        supplemented = await step("supplement", case_id, "--file", write("supplement", supplement))
        # The reply says where the case is going; the case gets there once its acceptance
        # notice is issued (a step is answered at once, what it sets going follows).
        assert "evaluating" in supplemented.out
        for _ in range(200):
            if (await status())["stage"] == "evaluating":
                break
            await asyncio.sleep(0.05)
        assert (await status())["stage"] == "evaluating"
        evaluation = example("designation-evaluation-pharmacy.json")
        evaluation["facts"]["evaluation_date"] = batch_day.isoformat()
        await step("evaluate", case_id, "--file", write("evaluation", evaluation))
        noticed = await status()
        assert noticed["stage"] == "public_notice"
        assert noticed["evaluations"][0]["average"] == pytest.approx(87.6)
        await step("report", case_id, "--reporter", "匿名", "--content", "夜间无药师在岗")
        await step(
            "investigate",
            case_id,
            "--unfounded",
            "--findings",
            "经查夜间有执业药师值班",
            "--investigator",
            "稽核科",
        )
        notice = next(d for d in noticed["deadlines"] if d["name"] == "public_notice")
        last_day = date.fromisoformat(notice["deadline"]["last_day"])
        meeting = last_day + timedelta(days=3)
        await skip_to(meeting)
        assert (await status())["stage"] == "approval"
        await step(
            "approve",
            case_id,
            "--meeting-on",
            meeting.isoformat(),
            "--minutes",
            "衢医保党组纪要〔2027〕2号",
        )
        signed = await step(
            "sign",
            case_id,
            "--agreement-number",
            "QZYB-DD-T-0001",
            "--signed-on",
            meeting.isoformat(),
            "--signed-by",
            "吴佳",
        )
        for _ in range(100):
            closed = await status()
            if closed["stage"] == "designated":
                break
            await asyncio.sleep(0.1)
    assert closed["stage"] == "designated"
    assert closed["agreement"]["term_end"] == f"{meeting.year}-12-31"
    # What `status` prints of the case's own facts (its declaration's case_facts).
    facts = standing.case_facts(dd.DesignationStatus.model_validate(closed))
    assert f"Party-group meeting {meeting} (衢医保党组纪要〔2027〕2号): approved" in facts
    term = f"{closed['agreement']['term_start']} – {meeting.year}-12-31"
    signed_line = f"Agreement QZYB-DD-T-0001 signed {meeting} by 吴佳, term {term}"
    assert any(line.startswith(signed_line) for line in facts)
    assert any(line.endswith("夜间无药师在岗 → unfounded") for line in facts)
    assert any(line.endswith("average 87.6 → 合格") for line in facts)
    assert f"{meeting.year}-12-31" in signed.out
    shown = json.dumps(closed, ensure_ascii=False)
    for person in data["institution"]["people"]:
        assert person["id_number"] not in shown
