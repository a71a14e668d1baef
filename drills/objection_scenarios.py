"""The drill's paths through the two credit objections: the market-regulation one (start →
decide → closed) and the medical-insurance one (start → object → materials → decide → closed),
each upheld or corrected in turn."""

from __future__ import annotations

import random
from datetime import timedelta

from drills.scenario_parts import (
    Scenario,
    Step,
    case_id,
    load_example,
    new_uscc,
    procedure_of,
    shanghai_now,
    stages,
)
from procedures.market_objection import models as mkt
from procedures.medical_objection import models as med

# -- market-regulation credit objection: start → decide → closed ---------------------------------


def market(index: int, run: str, rng: random.Random) -> Scenario:
    data = load_example("market-objection.json")
    data["case_id"] = case_id(run, index)
    data["received_at"] = (shanghai_now() - timedelta(minutes=5)).isoformat()
    case = mkt.MarketObjectionCase.model_validate(data)
    corrected = index % 2 == 0
    decision = mkt.ReviewDecision.model_validate(
        load_example("market-objection-decision.json")
        if corrected
        else {
            "outcome": "upheld",
            "reason": "经核查, 投诉举报扣分有据, 维持原评价等级。",
            "reviewer": "衢州市市场监管局 信用监管科 王敏",
        }
    )
    files = {"result-notice.html"}
    if corrected:
        files |= {
            "grade-correction-supervision-platform.json",
            "grade-correction-city-credit-office.json",
        }
    return Scenario(
        index=index,
        procedure=procedure_of(mkt.PROCEDURE),
        variant="corrected" if corrected else "upheld",
        case=case,
        steps=[
            Step(
                "decide",
                "decide",
                decision,
                stages("under_review"),
                stages("notifying", "closed"),
            )
        ],
        end_stage="closed",
        closes=True,
        expected_files=frozenset(files),
    )


# -- medical-insurance credit objection: start → object → materials → decide → closed -----------


def medical(index: int, run: str, rng: random.Random) -> Scenario:
    data = load_example("medical-objection.json")
    code = new_uscc(rng)
    data["case_id"] = case_id(run, index)
    data["subject"]["code"] = code
    data["result"]["facts"]["subject_id"] = code
    data["result"]["result_id"] = f"YBXY-DR-{run}-{index:05d}"
    data["result"]["published_on"] = shanghai_now().date().isoformat()
    case = med.MedicalObjectionCase.model_validate(data)
    objection = load_example("medical-objection-objection.json")
    materials = objection.pop("materials")
    objection["materials"] = []  # filed without them: the materials follow as their own step
    corrected = index % 2 == 0
    if corrected:
        decision_data = load_example("medical-objection-decision.json")
        decision_data["corrected_facts"]["subject_id"] = code
    else:
        decision_data = {
            "outcome": "upheld",
            "reason": "经复查, 结算管理扣分有据, 维持原评价结果。",
            "reviewer": "衢州市医疗保障局 基金监管科 陈峰",
        }
    later = ("under_review", "notifying", "closed")
    return Scenario(
        index=index,
        procedure=procedure_of(med.PROCEDURE),
        variant="corrected" if corrected else "upheld",
        case=case,
        steps=[
            Step(
                "object",
                "object",
                med.ObjectionForm.model_validate(objection),
                stages("objection_window"),
                stages("awaiting_materials", *later),
            ),
            Step(
                "materials",
                "submit_materials",
                med.MaterialsSubmission(refs=materials, submitted_by=objection["applicant"]),
                stages("awaiting_materials"),
                stages(*later),
            ),
            Step(
                "decide",
                "decide",
                med.ReviewDecision.model_validate(decision_data),
                stages("under_review"),
                stages("notifying", "closed"),
            ),
        ],
        end_stage="closed",
        closes=True,
        # A corrected result's SMS (四(三)) is the subject record's: every cause of a change
        # writes there, and it tells each change once (procedures/subject_record/result_sms.py).
        expected_files=frozenset({"feedback.html"}),
    )
