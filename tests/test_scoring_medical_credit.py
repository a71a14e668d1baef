"""医保信用 scoring (衢医保发〔2021〕36号 四(二), 五, 附件6–10): worked examples by hand, every band
boundary, the floor, the red list, refused input, and properties over random subjects."""

from __future__ import annotations

import copy
import json
import math
import random
from functools import partial
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring
from bench.generators.medical_credit import random_facts
from scoring import medical_credit
from scoring.medical_credit import Facts, SubjectFacts, score
from scoring.medical_credit.common import GRADE_ORDER, SubjectType, Table, fmt, grade_of
from scoring.report import ScoreLine, ScoreReport
from tests.scoring_invariants import assert_described, assert_refused, assert_report_invariants

EXAMPLES = sorted(
    (Path(__file__).resolve().parent.parent / "examples" / "scoring").glob("medical-credit-*.json")
)
SUBJECT_TYPES: tuple[str, ...] = get_args(SubjectType)
MODELS = {get_args(m.model_fields["subject_type"].annotation)[0]: m for m in get_args(SubjectFacts)}

PHARMACY_ID = "91330802MA2DJ4R7NW"
HOSPITAL_ID = "52330881MJ8836720Y"
PHARMACY2_ID = "91330825MA2DK9P3W6"
PERSON_ID = "330802197803142024"


def run(raw: dict[str, Any]) -> ScoreReport:
    report = score(Facts.model_validate(raw))
    assert_report_invariants(report)
    return report


def head_institution(
    ident: str, name: str, score_: float, doctors: float | None, staff: float | None
) -> dict[str, Any]:
    return {
        "institution_id": ident,
        "name": name,
        "medical_credit_score": score_,
        "doctor_average_score": doctors,
        "other_staff_average_score": staff,
    }


# A subject of each type with public credit 1000 (the head: everything it heads at 1000), no
# verified event and no report.
CLEAN: dict[str, dict[str, Any]] = {
    "pharmacy": {
        "subject_id": PHARMACY_ID,
        "name": "衢州市柯城区仁和大药房荷花店有限公司",
        "public_credit_score": 1000,
    },
    "medical_institution": {
        "subject_id": HOSPITAL_ID,
        "name": "江山市康华医院",
        "public_credit_score": 1000,
    },
    "insurance_doctor": {"subject_id": PERSON_ID, "name": "陈晓燕", "public_credit_score": 1000},
    "insured_person": {"subject_id": PERSON_ID, "name": "王丽娟", "public_credit_score": 1000},
    "institution_head": {
        "subject_id": "330881196509211018",
        "name": "徐建华",
        "personal_public_credit_score": 1000,
        "headed_units": [
            {"unit_id": HOSPITAL_ID, "name": "江山市康华医院", "public_credit_score": 1000}
        ],
        "headed_institutions": [
            head_institution(HOSPITAL_ID, "江山市康华医院", 1000, 1000, 1000),
        ],
    },
}


def subject(subject_type: str, **fields: Any) -> dict[str, Any]:
    """The raw facts of the CLEAN subject of that type, with the given fields on top."""
    return {"subject_type": subject_type, **copy.deepcopy(CLEAN[subject_type]), **fields}


pharmacy = partial(subject, "pharmacy")
institution = partial(subject, "medical_institution")
doctor = partial(subject, "insurance_doctor")
insured = partial(subject, "insured_person")
head = partial(subject, "institution_head")


def count_fields(subject_type: str) -> list[str]:
    """The fields of the subject's Facts that count verified events (the integer ones)."""
    fields = MODELS[subject_type].model_fields
    return [name for name, field in fields.items() if field.annotation is int]


def line(report: ScoreReport, indicator: str) -> ScoreLine:
    (found,) = [each for each in report.lines if each.indicator == indicator]
    return found


def points(report: ScoreReport) -> dict[str, float | None]:
    return {each.indicator: each.points for each in report.lines}


def close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


# --- Worked examples ------------------------------------------------------------------------------


def test_pharmacy_worked_example() -> None:
    """附件6, by hand:
    第1项 853.7 × 10% = 85.37; 第2项 60; 第3项 2 × 70 = 140 > 70 → 0 (扣完为止); 第4项 1 × 100 → 0;
    第5项 70; 第6项 100; 第7项 250; 第8项 150; 第9项 30 + 10 = 40 → capped 30; invalid 0;
    第10项 1 × 70 → 0.
    Total 85.37 + 60 + 0 + 0 + 70 + 100 + 250 + 150 + 30 + 0 + 0 = 745.37 → 较差 (700 ≤ A < 750).
    Groups: 公共信用 85.37, 医保信用 60 + 70 + 100 + 250 + 150 + 30 = 660, 监督管理 0."""
    report = run(
        pharmacy(
            public_credit_score=853.7,
            service_violations=2,
            drug_management_violations=1,
            administrative_penalties=1,
            cooperation={"direct_evidence_reports": 1, "indirect_evidence_report_points": [10]},
        )
    )
    assert close(report.total, 745.37)
    assert report.grade == "较差"
    assert report.kind == "medical-credit" and report.variant == "pharmacy"
    assert report.subject_id == PHARMACY_ID and report.max_total == 1000
    assert points(report) == pytest.approx(
        {
            "public_credit.public_credit": 85.37,
            "medical_credit.commitment": 60,
            "medical_credit.service": 0,
            "medical_credit.drug_management": 0,
            "medical_credit.prescription": 70,
            "medical_credit.settlement": 100,
            "medical_credit.fraud": 250,
            "medical_credit.inspection": 150,
            "medical_credit.cooperation": 30,
            "medical_credit.cooperation_invalid_reports": 0,
            "supervision.administrative_penalty": 0,
        }
    )
    assert {g.group: g.points for g in report.groups} == pytest.approx(
        {"public_credit": 85.37, "medical_credit": 660, "supervision": 0}
    )
    assert [g.max_points for g in report.groups] == [100, 830, 70]
    service = line(report, "medical_credit.service")
    assert service.clause == "衢医保发〔2021〕36号 附件6 第3项"
    assert "2 verified" in service.reason and "扣完为止" in service.reason
    assert "capped" in line(report, "medical_credit.cooperation").reason


def test_medical_institution_worked_example() -> None:
    """附件8, by hand:
    第1项 912 × 10% = 91.2; 第2项 60; 第3项 1 × 100 → 0; 第4项 3 × 40 = 120 > 40 → 0; 第5项 100;
    第6项 100; 第7项 250; 第8项 150; 第9项 confession 20 → 20; 第10项 70.
    Total 91.2 + 60 + 0 + 0 + 100 + 100 + 250 + 150 + 20 + 70 = 841.2 → 良好 (800 ≤ A < 850)."""
    report = run(
        institution(
            public_credit_score=912,
            agreement_violations=1,
            record_violations=3,
            cooperation={"confession_points": [20]},
        )
    )
    assert close(report.total, 841.2)
    assert report.grade == "良好"
    assert close(line(report, "medical_credit.records").points, 0)
    assert close(line(report, "medical_credit.cooperation").points, 20)
    assert line(report, "medical_credit.records").clause == "衢医保发〔2021〕36号 附件8 第4项"


def test_insurance_doctor_worked_example() -> None:
    """附件7, by hand:
    第1项 880 × 10% = 88; 第2项 70; 第3项 1 × 100 → 0; 第4项 100; 第5项 100; 第6项 250; 第7项 250;
    第8项 0 (no report). Total 88 + 70 + 0 + 100 + 100 + 250 + 250 + 0 = 858 → 优秀 (A ≥ 850)."""
    report = run(doctor(public_credit_score=880, practice_violations=1))
    assert close(report.total, 858)
    assert report.grade == "优秀"
    assert {g.group: g.max_points for g in report.groups} == {
        "public_credit": 100,
        "medical_credit": 900,
    }


def test_insured_person_worked_example() -> None:
    """附件10, by hand:
    第1项 800 × 10% = 80; 第2项 60; 第3项 80; 第4项 1 × 80 → 0; 第5项 100; 第6项 1 × 50 → 0;
    第7项 250; 第8项 250; 第9项 indirect 5 + 15 = 20.
    Total 80 + 60 + 80 + 0 + 100 + 0 + 250 + 250 + 20 = 840 → 良好."""
    report = run(
        insured(
            public_credit_score=800,
            card_lending_violations=1,
            improper_admissions=1,
            cooperation={"indirect_evidence_report_points": [5, 15]},
        )
    )
    assert close(report.total, 840)
    assert report.grade == "良好"
    # 附件10 第1项 is the one public credit row marked 可.
    assert line(report, "public_credit.public_credit").repairable is True


def test_institution_head_worked_example() -> None:
    """附件9, by hand:
    第1项 900 × 10% = 90; 第2项 lowest unit 812 (of 812, 880) × 10% = 81.2; 第3项 1 × 70 → 0;
    第4项 lowest institution 880 (of 905.5, 880) × 30% = 264; 第5项 doctors: the pharmacy has none,
    the hospital 910.25 × 30% = 273.075; 第6项 lowest other-staff 930 (of 930, 940) × 10% = 93;
    第7项 0, one invalid report −30.
    Total 90 + 81.2 + 0 + 264 + 273.075 + 93 + 0 − 30 = 771.275 → 中等 (750 ≤ A < 800)."""
    report = run(
        head(
            personal_public_credit_score=900,
            headed_units=[
                {"unit_id": PHARMACY_ID, "name": "柯城仁和大药房", "public_credit_score": 812},
                {"unit_id": HOSPITAL_ID, "name": "江山市康华医院", "public_credit_score": 880},
            ],
            commitment_breaches=1,
            headed_institutions=[
                head_institution(PHARMACY_ID, "柯城仁和大药房", 905.5, None, 930),
                head_institution(HOSPITAL_ID, "江山市康华医院", 880, 910.25, 940),
            ],
            cooperation={"invalid_reports": 1},
        )
    )
    assert close(report.total, 771.275)
    assert report.grade == "中等"
    assert points(report) == pytest.approx(
        {
            "public_credit.personal": 90,
            "public_credit.unit": 81.2,
            "medical_credit.commitment": 0,
            "medical_credit.institution": 264,
            "medical_credit.doctors": 273.075,
            "medical_credit.other_staff": 93,
            "medical_credit.cooperation": 0,
            "medical_credit.cooperation_invalid_reports": -30,
        }
    )
    unit = line(report, "public_credit.unit")
    assert "lowest of 2 units: 柯城仁和大药房" in unit.reason
    assert unit.clause == "衢医保发〔2021〕36号 附件9 第2项"
    assert (
        "江山市康华医院 (52330881MJ8836720Y) 880"
        in line(report, "medical_credit.institution").reason
    )
    assert "left out" in line(report, "medical_credit.doctors").reason
    assert all(each.clause.startswith("衢医保发〔2021〕36号 附件9 ") for each in report.lines)
    # 第4–6项: 信用修复 "根据定点医药机构信用评价指标评分标准", not this line's own.
    assert line(report, "medical_credit.institution").repairable is None


def test_institution_head_without_staff_uses_the_institution_score() -> None:
    """附件9 with a single pharmacy that has neither 医保医师 nor other evaluated staff
    (NO_STAFF_FALLBACK = institution_score): 第5项 850 × 30% = 255, 第6项 850 × 10% = 85.
    Total 100 + 100 + 70 + 255 + 255 + 85 + 0 = 865 → 优秀."""
    report = run(
        head(headed_institutions=[head_institution(PHARMACY_ID, "柯城仁和大药房", 850, None, None)])
    )
    assert close(line(report, "medical_credit.doctors").points, 255)
    assert close(line(report, "medical_credit.other_staff").points, 85)
    assert close(report.total, 865)
    assert "stand-in" in line(report, "medical_credit.doctors").reason


def test_institution_head_full_marks_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_STAFF_FALLBACK = full_marks: an absent staff average counts as 1000:
    第5项 1000 × 30% = 300, 第6项 1000 × 10% = 100; with 第4项 850 × 30% = 255:
    total 100 + 100 + 70 + 255 + 300 + 100 = 925."""
    monkeypatch.setattr(medical_credit.head, "NO_STAFF_FALLBACK", "full_marks")
    report = run(
        head(headed_institutions=[head_institution(PHARMACY_ID, "柯城仁和大药房", 850, None, None)])
    )
    assert close(report.total, 925)


def test_clean_subjects_reach_970_and_one_direct_report_1000() -> None:
    """A spotless doctor with public credit 1000: 100 + 70 + 100 + 100 + 100 + 250 + 250 = 970,
    the 主动配合 row (分值 30) starting at 0; one direct-evidence report adds 30 → 1000; a second
    one is capped (CONTRIBUTION_BONUS_CAP = 30): still 1000, the 千分制 maximum."""
    assert close(run(doctor()).total, 970)
    one = run(doctor(cooperation={"direct_evidence_reports": 1}))
    two = run(doctor(cooperation={"direct_evidence_reports": 2}))
    assert close(one.total, 1000) and close(two.total, 1000)


def test_uncapped_bonus_when_the_cap_is_lifted(monkeypatch: pytest.MonkeyPatch) -> None:
    """CONTRIBUTION_BONUS_CAP = None: 2 direct reports × 30 = 60 on top of 970 → 1030."""
    monkeypatch.setattr(medical_credit.common.params, "CONTRIBUTION_BONUS_CAP", None)
    report = run(doctor(cooperation={"direct_evidence_reports": 2}))
    assert close(report.total, 1030)
    assert line(report, "medical_credit.cooperation").max_points is None
    monkeypatch.undo()
    assert line(run(doctor()), "medical_credit.cooperation").max_points == 30


def test_every_bonus_kind_and_the_invalid_report_penalty() -> None:
    """附件6 第9项: direct +30, indirect 5–15 each, confession 5–30 each, capped at 30 together;
    invalid reports −30 each on their own line, after the cap:
    1 indirect 8 + 1 confession 12 = 20 (under the cap); 2 invalid × 30 = −60.
    Total 1000 × 10% + 800 (rows 2–8) + 70 (第10项) + 20 − 60 = 930."""
    report = run(
        pharmacy(
            cooperation={
                "indirect_evidence_report_points": [8],
                "confession_points": [12],
                "invalid_reports": 2,
            }
        )
    )
    assert close(line(report, "medical_credit.cooperation").points, 20)
    assert close(line(report, "medical_credit.cooperation_invalid_reports").points, -60)
    assert close(report.total, 930)


def test_floor_adjustment_keeps_the_total_at_zero() -> None:
    """附件10 with public credit 0, every row used up (each 1 event ≥ its 分值 → 0) and 2 invalid
    reports: sum 0 − 60 = −60; TOTAL_FLOOR brings it to 0 with a +60 floor adjustment → 差."""
    report = run(
        insured(
            public_credit_score=0,
            commitment_breaches=1,
            benefit_refund_refusals=1,
            card_lending_violations=1,
            impersonation_violations=1,
            improper_admissions=1,
            fraud_violations=1,
            obstruction_violations=1,
            cooperation={"invalid_reports": 2},
        )
    )
    assert report.total == 0
    (adjustment,) = report.adjustments
    assert adjustment.kind == "floor" and close(adjustment.points, 60)
    assert report.grade == "差"


# --- Grade bands (四(二)) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score_", "deductions", "total", "grade"),
    [
        # One 就医服务 (−70): 60 + 0 + 100 + 70 + 100 + 250 + 150 + 0 + 70 = 800, plus score/10.
        (500, {"service_violations": 1}, 850, "优秀"),
        (499.9, {"service_violations": 1}, 849.99, "良好"),
        # 就医服务 −70 and 信用承诺 −60: 870 − 130 = 740, plus score/10.
        (600, {"service_violations": 1, "commitment_breaches": 1}, 800, "良好"),
        (599.9, {"service_violations": 1, "commitment_breaches": 1}, 799.99, "中等"),
        (100, {"service_violations": 1, "commitment_breaches": 1}, 750, "中等"),
        (99.9, {"service_violations": 1, "commitment_breaches": 1}, 749.99, "较差"),
        # 处方 −70, 结算 −100, 信用承诺 −60: 870 − 230 = 640, plus score/10.
        (
            600,
            {"prescription_violations": 1, "settlement_violations": 1, "commitment_breaches": 1},
            700,
            "较差",
        ),
        (
            599.9,
            {"prescription_violations": 1, "settlement_violations": 1, "commitment_breaches": 1},
            699.99,
            "差",
        ),
    ],
)
def test_grade_band_boundaries(
    score_: float, deductions: dict[str, int], total: float, grade: str
) -> None:
    """四(二): 优秀 A ≥ 850; 良好 800 ≤ A < 850; 中等 750 ≤ A < 800; 较差 700 ≤ A < 750; 差 A < 700,
    on the unrounded total (arithmetic beside each case)."""
    report = run(pharmacy(public_credit_score=score_, **deductions))
    assert close(report.total, total)
    assert report.grade == grade


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (1000, "优秀"),
        (850, "优秀"),
        (849.99, "良好"),
        (800, "良好"),
        (799.99, "中等"),
        (750, "中等"),
        (749.99, "较差"),
        (700, "较差"),
        (699.99, "差"),
        (0, "差"),
        # Issue 17 changed this: totals are exact decimals, so there is no float artefact to
        # forgive (BAND_TOLERANCE is gone): anything below 850, however close, is 良好 (A < 850).
        (849.9999999999999, "良好"),
    ],
)
def test_grade_of(total: float, grade: str) -> None:
    assert grade_of(total) == grade


# --- Consequences (五, 四(四)) -----------------------------------------------------------------


def consequence_clauses(report: ScoreReport) -> list[str]:
    return [c.clause.removeprefix("衢医保发〔2021〕36号 ") for c in report.consequences]


@pytest.mark.parametrize(
    ("deductions", "total", "grade", "ratio"),
    [
        ({}, 970, "优秀", "at most 30%"),
        ({"obstruction_violations": 1}, 820, "良好", "50%"),
        ({"service_violations": 1, "settlement_violations": 1}, 770, "中等", "unchanged"),
        ({"fraud_violations": 1}, 720, "较差", "120%"),
        ({"fraud_violations": 1, "obstruction_violations": 1}, 570, "差", "full-coverage"),
    ],
)
def test_inspection_ratio_per_grade(
    deductions: dict[str, int], total: float, grade: str, ratio: str
) -> None:
    """五(一) on a medical institution with public credit 1000 (附件8): clean = 100 + (60 + 100 + 40
    + 100 + 100 + 250 + 150) + 0 (主动配合) + 70 = 970; 配合检查 −150 → 820; 就医服务 and 结算管理
    −200 → 770; 虚假行为 −250 → 720; 虚假行为 and 配合检查 −400 → 570."""
    report = run(institution(**deductions))
    assert close(report.total, total)
    assert report.grade == grade
    assert ratio in report.consequences[0].text
    assert report.consequences[0].clause == "衢医保发〔2021〕36号 五(一)"


def test_institution_consequences_by_grade() -> None:
    """Institutions: 优秀/良好 → incentives 五(二); 较差/差 → sanctions 五(四); results published
    四(四)1; 差 also on the published 差 list 四(四)2 (totals as in the ratio test above)."""
    assert consequence_clauses(run(institution())) == ["五(一)", "五(二)", "四(四)1"]
    assert consequence_clauses(run(institution(service_violations=1, settlement_violations=1))) == [
        "五(一)",
        "四(四)1",
    ]
    assert consequence_clauses(run(institution(fraud_violations=1))) == [
        "五(一)",
        "五(四)",
        "四(四)1",
    ]
    assert consequence_clauses(run(institution(fraud_violations=1, obstruction_violations=1))) == [
        "五(一)",
        "五(四)",
        "四(四)1",
        "四(四)2",
    ]


def test_individual_consequences_by_grade() -> None:
    """Individuals: 优秀/良好 → 五(三) (信用就医, 容缺受理); 较差/差 → 五(五), worded per type:
    doctor 1000 × 10% + 900 − 30 − 250 (虚假行为) = 720 较差 → key supervision as practitioner;
    insured 100 + 870 − 250 = 720 较差 → no 告知承诺制 / 容缺受理; head 差 (personal 0, the unit 0,
    the institution 0, staff 0: 0 + 0 + 70 + 0 + 0 + 0 = 70) → warning interview only."""
    assert consequence_clauses(run(doctor())) == ["五(一)", "五(三)"]
    bad_doctor = run(doctor(fraud_violations=1))
    assert bad_doctor.grade == "较差" and consequence_clauses(bad_doctor) == ["五(一)", "五(五)"]
    assert "practitioner" in bad_doctor.consequences[1].text
    bad_insured = run(insured(fraud_violations=1))
    assert close(bad_insured.total, 720)
    assert "告知承诺制" in bad_insured.consequences[1].text
    bad_head = run(
        head(
            personal_public_credit_score=0,
            headed_units=[
                {"unit_id": HOSPITAL_ID, "name": "江山市康华医院", "public_credit_score": 0}
            ],
            headed_institutions=[head_institution(HOSPITAL_ID, "江山市康华医院", 0, 0, 0)],
        )
    )
    assert close(bad_head.total, 70) and bad_head.grade == "差"
    assert consequence_clauses(bad_head) == ["五(一)", "五(五)", "四(四)2"]
    assert bad_head.consequences[1].text.startswith("Sanctions available: warning interview")
    assert "practitioner" not in bad_head.consequences[1].text


@pytest.mark.parametrize(
    ("previous", "red"),
    [
        (["优秀", "优秀"], True),
        (["优秀", "优秀", "优秀", "良好"], True),
        (["优秀", "良好", "优秀"], False),
        (["优秀"], False),
        ([], False),
        (["良好", "优秀", "优秀"], False),
    ],
)
def test_red_list(previous: list[str], red: bool) -> None:
    """五(六) "保持优秀3年以上": this year's 优秀 (clean doctor, 970) and the 2 most recent previous
    formal grades 优秀 (RED_LIST_YEARS = 3, 以上 includes 3)."""
    report = run(doctor(previous_grades=previous))
    assert ("五(六)" in consequence_clauses(report)) is red
    if not red:
        assert any("Red list" in note for note in report.notes)


def test_no_red_list_unless_excellent_this_year() -> None:
    """This year not 优秀 ends the run: a doctor with 配合检查 −250: 970 − 250 = 720 较差."""
    report = run(doctor(obstruction_violations=1, previous_grades=["优秀"] * 5))
    assert report.grade == "较差"
    assert "五(六)" not in consequence_clauses(report)


# --- Repairability (信用修复 可/不可/--) -------------------------------------------------------

REPAIRABLE: dict[str, dict[str, bool | None]] = {
    "pharmacy": {
        "public_credit.public_credit": None,
        "medical_credit.commitment": True,
        "medical_credit.service": True,
        "medical_credit.drug_management": True,
        "medical_credit.prescription": True,
        "medical_credit.settlement": True,
        "medical_credit.fraud": False,
        "medical_credit.inspection": False,
        "medical_credit.cooperation": True,
        "medical_credit.cooperation_invalid_reports": True,
        "supervision.administrative_penalty": False,
    },
    "medical_institution": {
        "public_credit.public_credit": None,
        "medical_credit.commitment": True,
        "medical_credit.agreement": True,
        "medical_credit.records": True,
        "medical_credit.service": True,
        "medical_credit.settlement": True,
        "medical_credit.fraud": False,
        "medical_credit.inspection": False,
        "medical_credit.cooperation": True,
        "medical_credit.cooperation_invalid_reports": True,
        "supervision.administrative_penalty": False,
    },
    "insurance_doctor": {
        "public_credit.public_credit": None,
        "medical_credit.commitment": True,
        "medical_credit.practice": True,
        "medical_credit.medical_liability": False,
        "medical_credit.licence": False,
        "medical_credit.fraud": False,
        "medical_credit.inspection": False,
        "medical_credit.cooperation": True,
        "medical_credit.cooperation_invalid_reports": True,
    },
    "institution_head": {
        "public_credit.personal": None,
        "public_credit.unit": None,
        "medical_credit.commitment": True,
        "medical_credit.institution": None,
        "medical_credit.doctors": None,
        "medical_credit.other_staff": None,
        "medical_credit.cooperation": True,
        "medical_credit.cooperation_invalid_reports": True,
    },
    "insured_person": {
        "public_credit.public_credit": True,
        "medical_credit.commitment": True,
        "medical_credit.benefits": True,
        "medical_credit.card_lending": True,
        "medical_credit.impersonation": True,
        "medical_credit.admissions": True,
        "medical_credit.fraud": False,
        "medical_credit.inspection": False,
        "medical_credit.cooperation": True,
        "medical_credit.cooperation_invalid_reports": True,
    },
}


@pytest.mark.parametrize("subject_type", SUBJECT_TYPES)
def test_lines_follow_the_table(subject_type: str) -> None:
    """Every row of 附件6–10 in order, its 信用修复 column (可 True, 不可 False, -- None), and the
    分值 of the rows summing to 1000 (the 主动配合 cap included), group by group to the 分值 of
    its 一级指标."""
    report = run(subject(subject_type))
    assert {each.indicator: each.repairable for each in report.lines} == REPAIRABLE[subject_type]
    assert list(REPAIRABLE[subject_type]) == [each.indicator for each in report.lines]
    assert sum(each.max_points or 0 for each in report.lines) == 1000
    assert sum(g.max_points or 0 for g in report.groups) == 1000
    for group in report.groups:
        rows = [each.max_points or 0 for each in report.lines if each.group == group.group]
        assert sum(rows) == group.max_points, group.group


TABLES = {
    "pharmacy": medical_credit.pharmacy.TABLE,
    "medical_institution": medical_credit.institution.TABLE,
    "insurance_doctor": medical_credit.doctor.TABLE,
    "insured_person": medical_credit.insured.TABLE,
    "institution_head": medical_credit.head.COMMITMENT_ROWS,
}


@pytest.mark.parametrize("subject_type", SUBJECT_TYPES)
def test_every_count_field_describes_its_row(subject_type: str) -> None:
    """The input contract and the scoring rows say the same: each count field is one row's, and
    its description gives that row's item, deduction and 信用修复 (不可 → "not repairable")."""
    fields = MODELS[subject_type].model_fields
    rows = [entry[0] for entry in TABLES[subject_type].entries]
    assert [row.field for row in rows] == count_fields(subject_type)
    for row in rows:
        description = fields[row.field].description or ""
        assert f"第{row.item}项, −{fmt(row.per_event)} each" in description, row.field
        assert ("not repairable" in description) is (row.repairable is False), row.field


def test_a_table_keeps_the_order_of_its_items() -> None:
    """Rows are given in the order of their items, 第1项 and 主动配合's item left free."""
    table = medical_credit.pharmacy.TABLE
    rows = [entry[0] for entry in table.entries]
    with pytest.raises(ValueError, match="附件6"):
        Table(6, table.groups, rows[::-1], cooperation=9, public_credit="public credit score")
    with pytest.raises(ValueError, match="附件6"):
        Table(6, table.groups, rows, cooperation=8, public_credit="public credit score")


# --- Refused input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (pharmacy(service_violations=-1), "service_violations"),
        (pharmacy(public_credit_score=1000.1), "public_credit_score"),
        (pharmacy(public_credit_score=-1), "public_credit_score"),
        (pharmacy(cooperation={"indirect_evidence_report_points": [4]}), "indirect_evidence"),
        (pharmacy(cooperation={"indirect_evidence_report_points": [16]}), "indirect_evidence"),
        (pharmacy(cooperation={"confession_points": [31]}), "confession_points"),
        (pharmacy(cooperation={"invalid_reports": -1}), "invalid_reports"),
        (pharmacy(unknown_field=1), "unknown_field"),
        (pharmacy(subject_id="9133080MA2DJ4R7NW"), "subject_id"),
        (pharmacy(subject_id="91330802MA2DJ4R7NO"), "subject_id"),
        (pharmacy(previous_grades=["A"]), "previous_grades"),
        (doctor(subject_id="33080219780314202Y"), "subject_id"),
        # 附件10 第9项 gives no points for confessions.
        (insured(cooperation={"confession_points": [10]}), "confession_points"),
        (insured(agreement_violations=1), "agreement_violations"),
        ({**pharmacy(), "subject_type": "hospital"}, "subject_type"),
        (
            {k: v for k, v in pharmacy().items() if k != "public_credit_score"},
            "public_credit_score",
        ),
        (head(headed_units=[]), "headed_units"),
        (head(headed_institutions=[]), "headed_institutions"),
        (
            head(
                headed_institutions=[
                    head_institution(HOSPITAL_ID, "江山市康华医院", 900, 900, 900),
                    head_institution(HOSPITAL_ID, "江山市康华医院", 800, 800, 800),
                ]
            ),
            "headed_institutions",
        ),
        (
            head(headed_institutions=[{"institution_id": HOSPITAL_ID, "name": "x"}]),
            "medical_credit_score",
        ),
        (
            head(
                headed_institutions=[
                    head_institution(HOSPITAL_ID, "江山市康华医院", 900, 1200, 900)
                ]
            ),
            "doctor_average_score",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(raw: dict[str, Any], field: str) -> None:
    assert_refused(Facts, raw, field)


def test_schema_describes_every_field() -> None:
    """The JSON Schema is the contract agency systems code against: every property described."""
    models = assert_described(Facts)
    assert {"PharmacyFacts", "InstitutionHeadFacts", "InsuredPersonFacts"} <= set(models)


# --- Examples and generator -----------------------------------------------------------------------


def test_one_example_per_subject_type() -> None:
    assert sorted(p.stem.removeprefix("medical-credit-") for p in EXAMPLES) == sorted(SUBJECT_TYPES)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_validate_and_score(path: Path) -> None:
    raw = json.loads(path.read_text("utf-8"))
    report = scoring.kind("medical-credit").score_raw(raw)
    assert isinstance(report, ScoreReport)
    assert_report_invariants(report)
    assert report.variant == path.stem.removeprefix("medical-credit-")
    assert report.grade in GRADE_ORDER


def test_example_totals_by_hand() -> None:
    """pharmacy: 84.65 + 60 + 70 + 100 + 0 + 100 + 250 + 150 + 10 + 70 = 894.65 优秀;
    institution: 87.8 + 60 + 0 + 0 + 100 + 100 + 250 + 150 + 70 = 817.8 良好;
    doctor: 90.5 + 70 + 0 + 100 + 100 + 250 + 250 = 860.5 优秀, red list (优秀, 优秀 before);
    head: 89.3 + 86.1 (lowest unit 861) + 70 + 245.34 (817.8 × 30%) + 270.72 (902.4 × 30%) +
    93.6 (936 × 10%) = 855.06 优秀;
    insured: 81.2 + 60 + 80 + 0 + 100 + 0 + 250 + 250 = 821.2 良好."""
    expected = {
        "pharmacy": (894.65, "优秀"),
        "medical_institution": (817.8, "良好"),
        "insurance_doctor": (860.5, "优秀"),
        "institution_head": (855.06, "优秀"),
        "insured_person": (821.2, "良好"),
    }
    for path in EXAMPLES:
        report = score(Facts.model_validate_json(path.read_bytes()))
        total, grade = expected[path.stem.removeprefix("medical-credit-")]
        assert close(report.total, total) and report.grade == grade, path
    (doctor_path,) = [p for p in EXAMPLES if p.stem.endswith("insurance_doctor")]
    doctor_report = score(Facts.model_validate_json(doctor_path.read_bytes()))
    assert "五(六)" in consequence_clauses(doctor_report)


def test_generator_covers_every_subject_type() -> None:
    rng = random.Random(7)
    seen = set()
    for _ in range(300):
        report = run(random_facts(rng))
        seen.add(report.variant)
    assert seen == set(SUBJECT_TYPES)


# --- Properties ----------------------------------------------------------------------------------

scores = st.integers(0, 10_000).map(lambda tenths: tenths / 10)
counts = st.integers(0, 4)


@st.composite
def cooperations(draw: st.DrawFn, confessions: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = {
        "direct_evidence_reports": draw(st.integers(0, 2)),
        "indirect_evidence_report_points": draw(st.lists(st.integers(5, 15), max_size=3)),
        "invalid_reports": draw(st.integers(0, 2)),
    }
    if confessions:
        result["confession_points"] = draw(st.lists(st.integers(5, 30), max_size=2))
    return result


@st.composite
def subjects(draw: st.DrawFn) -> dict[str, Any]:
    subject_type = draw(st.sampled_from(SUBJECT_TYPES))
    raw = subject(subject_type)
    for field in count_fields(subject_type):
        raw[field] = draw(counts)
    raw["cooperation"] = draw(cooperations(confessions=subject_type != "insured_person"))
    raw["previous_grades"] = draw(st.lists(st.sampled_from(GRADE_ORDER), max_size=4))
    if subject_type == "institution_head":
        raw["personal_public_credit_score"] = draw(scores)
        n = draw(st.integers(1, 3))
        ids = [HOSPITAL_ID, PHARMACY_ID, PHARMACY2_ID][:n]
        raw["headed_units"] = [
            {"unit_id": i, "name": f"单位{i[-4:]}", "public_credit_score": draw(scores)}
            for i in ids
        ]
        staff = st.one_of(st.none(), scores)
        raw["headed_institutions"] = [
            head_institution(i, f"机构{i[-4:]}", draw(scores), draw(staff), draw(staff))
            for i in ids
        ]
    else:
        raw["public_credit_score"] = draw(scores)
    return raw


@settings(max_examples=150, deadline=None)
@given(subjects())
def test_report_invariants_hold(raw: dict[str, Any]) -> None:
    """0 ≤ points ≤ 分值 on capped lines, total = lines + adjustments, 0 ≤ total ≤ 1000, and the
    grade is the band of the total."""
    report = run(raw)
    assert report.total is not None
    assert 0 <= report.total <= 1000 + 1e-9
    assert report.grade == grade_of(report.total)


@settings(max_examples=100, deadline=None)
@given(subjects(), st.data())
def test_a_verified_violation_never_raises_the_score(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    before = run(raw)
    fields = [*count_fields(raw["subject_type"]), "invalid_reports"]
    field = data.draw(st.sampled_from(fields))
    worse = json.loads(json.dumps(raw))
    if field == "invalid_reports":
        worse["cooperation"]["invalid_reports"] += 1
    else:
        worse[field] += 1
    after = run(worse)
    assert before.total is not None and after.total is not None
    assert after.total <= before.total + 1e-9
    assert GRADE_ORDER.index(after.grade or "") >= GRADE_ORDER.index(before.grade or "")


@settings(max_examples=200, deadline=None)
@given(st.floats(-100, 1100, allow_nan=False), st.floats(-100, 1100, allow_nan=False))
def test_grade_is_monotone_in_the_total(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert GRADE_ORDER.index(grade_of(high)) <= GRADE_ORDER.index(grade_of(low))
