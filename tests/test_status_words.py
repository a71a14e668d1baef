"""Stages and duties in words (issue 17 item 6): every stage of every procedure, and every
deadline its workflow schedules, has words a supervisor reads instead of an identifier; the
designation's quarterly acceptance review day (衢医保发〔2023〕8号 二(三)2) is shown as its next
date; a repair's and a medical objection's subject is the credit subject, not the agency."""

from __future__ import annotations

import ast
import importlib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from api.board.timeline import subject_of
from periods import default_calendar
from procedures import registry
from procedures.declaration import Procedure
from procedures.designation import models as dd
from procedures.medical_objection.models import MedicalObjectionCase
from procedures.repair.models import RepairCase
from service.duty_dates import supervision
from service.working_days import DayCounter
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


def stage_enum(procedure: Procedure) -> type[StrEnum]:
    stage: type[StrEnum] = procedure.status_model.model_fields["stage"].annotation  # type: ignore[assignment]
    assert issubclass(stage, StrEnum), procedure.name
    return stage


def scheduled_deadlines(procedure: Procedure) -> set[str]:
    """The names the procedure's workflow code schedules (`self._deadlines.schedule(NAME, ...)`),
    read from its source and resolved in its modules."""
    package = procedure.workflow.__module__.rsplit(".", 1)[0]
    names = set()
    for path in (ROOT / package.replace(".", "/")).glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "schedule"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "_deadlines"
            ):
                first = node.args[0]
                module = importlib.import_module(f"{package}.{path.stem}")
                names.add(
                    first.value if isinstance(first, ast.Constant) else getattr(module, first.id)  # type: ignore[attr-defined]
                )
    return names


@pytest.mark.parametrize("procedure", registry.CASES, ids=lambda p: p.name)
def test_every_stage_has_words_in_chinese_and_english(procedure: Procedure) -> None:
    words = registry.words_of(procedure)
    for stage in stage_enum(procedure):
        phrase = words.stages.get(stage)
        assert phrase is not None, f"{procedure.name}: stage {stage.value} has no words"
        assert any(ord(c) > 0x2E80 for c in phrase.zh) and phrase.en, phrase
        assert words.stage_words(stage.value) == f"{phrase.zh} {phrase.en}"
    # The kernel's stop on an error and the start's stage are in words for every procedure.
    assert words.stage_words("needs_attention") == "需处理 needs attention"


# The agreement numbers its deadlines (penalty-1, suspension-2, measure-3): checked below. The
# round schedules the performance rounds' duty (附件1 二(三): 八月底前完成, 次年一季度完成).
NAMED_DEADLINES = [p for p in registry.CASES if p.name != "agreement"]


@pytest.mark.parametrize("procedure", NAMED_DEADLINES, ids=lambda p: p.name)
def test_every_scheduled_deadline_has_its_duty(procedure: Procedure) -> None:
    scheduled = scheduled_deadlines(procedure)
    assert scheduled, f"{procedure.name}: no deadline found in its workflow code"
    words = registry.words_of(procedure)
    missing = scheduled - set(words.duties)
    assert not missing, f"{procedure.name}: deadlines without a duty in words: {missing}"


def test_the_agreements_numbered_deadlines_are_read_by_their_kind() -> None:
    agreement = registry.find("agreement")
    assert agreement is not None
    words = registry.words_of(agreement)
    assert str(words.duty("penalty-2")) == "缴纳违约金 the penalty paid"
    assert str(words.duty("suspension-1")) == "中止期 the suspension"
    assert str(words.duty("measure-3")).startswith("人员或科室中止期")
    assert str(words.duty("term")) == "协议期限 the agreement's term"
    # Not a number after the dash: the name itself.
    assert str(words.duty("penalty-x")) == "penalty-x penalty-x"


def test_the_duties_a_supervisor_reads() -> None:
    duty = {p.name: registry.words_of(p).duties for p in registry.CASES}
    assert str(duty["market-objection"]["review"]) == "复核 review"
    assert str(duty["repair"]["decision"]) == "作出决定 decision"
    assert str(duty["repair"]["notice"]) == "公示 notice"
    assert str(duty["accountability"]["feedback"]) == "反馈 feedback"
    assert str(duty["designation"]["evaluation"]) == "评估 evaluation"
    assert str(duty["round"]["assessment"]) == "考核完成 the assessment completed"


def test_the_designations_batch_day_is_its_next_date_with_its_clause() -> None:
    # Applied in December 2026: the quarterly review is on the first working day of January
    # 2027 (Mon 4 Jan; 1 Jan is 元旦). 2027's notice is not out: the count is provisional.
    status = dd.DesignationStatus.model_construct(
        stage=dd.Stage.AWAITING_BATCH, batch_day=date(2027, 1, 4), deadlines=[]
    )
    designation = registry.find("designation")
    assert designation is not None
    watched = supervision(designation, status, DayCounter(default_calendar(), date(2026, 12, 28)))
    assert watched.stage_words == "待集中受理审查 awaiting the acceptance review"
    (batch,) = watched.dates
    assert batch.last_day == date(2027, 1, 4)
    assert batch.citation == "衢医保发〔2023〕8号 二(三)2"
    # Mon 28 to Thu 31 Dec, then Mon 4 Jan.
    assert (batch.working_days_left, batch.provisional) == (5, True)
    assert batch.words == (
        "集中受理审查 acceptance review: Mon 2027-01-04, 剩5个工作日 5 working days left "
        "(暂定 provisional)"
    )
    # Once accepted the batch day is no longer a date to watch.
    later = dd.DesignationStatus.model_construct(
        stage=dd.Stage.EVALUATING, batch_day=date(2027, 1, 4), deadlines=[]
    )
    assert (
        supervision(designation, later, DayCounter(default_calendar(), date(2027, 1, 5))).dates
        == []
    )


def example(name: str, model: Any) -> Any:
    return model.model_validate_json((EXAMPLES / name).read_text(encoding="utf-8"))


def test_a_repairs_subject_is_the_credit_subject_not_the_agency() -> None:
    case: RepairCase = example("repair.json", RepairCase)
    shown = subject_of({"case": case.model_dump(mode="json")})
    assert shown == f"{case.subject.name} ({case.subject.code})"
    assert case.agency.name not in (shown or "")


def test_a_medical_objections_subject_is_the_institution_not_the_agency() -> None:
    case: MedicalObjectionCase = example("medical-objection.json", MedicalObjectionCase)
    shown = subject_of({"case": case.model_dump(mode="json")})
    assert shown == f"{case.subject.name} ({case.subject.code})"
    assert case.agency.name not in (shown or "")
