"""Market-regulation credit: 衢市监规〔2021〕3号 inspection bodies, 衢市监规〔2021〕2号 IP agencies.

Every expected number is worked out by hand from the regulations' tables; the arithmetic is in
each test's docstring.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import scoring
from bench.generators.market_credit import random_facts
from scoring import market_credit as mc
from scoring.report import ScoreLine, ScoreReport
from tests.scoring_invariants import assert_described, assert_refused, assert_report_invariants

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scoring"
INSPECTION = "衢市监规〔2021〕3号"
IP = "衢市监规〔2021〕2号"
RANK = {"A": 0, "B": 1, "C": 2, "D": 3, "E": 4}

FLAGS = (
    "serious_dishonesty_list",
    "business_licence_revoked",
    "dishonest_judgment_debtor",
    "criminal_conviction",
    "wage_arrears",
    "abnormal_operation_directory",
)


# A clean enterprise of either variant: no finding, no flag, 800/1000 provincially.
CLEAN: dict[str, Any] = {
    "evaluation_start": "2026-06-01",
    "provincial_public_credit_score": 800,
    "failed_check_items": 0,
    "unfulfilled_commitments": 0,
    "verified_complaints": 0,
    "complaints_not_handled_after_urging": 0,
    **dict.fromkeys(FLAGS, False),
}
# Who each variant's clean enterprise is, and the facts only its regulation asks for.
SUBJECTS: dict[str, dict[str, Any]] = {
    "inspection_body": {
        "subject_id": "91330803MA2DJ0L47G",
        "name": "衢州市衢江区建设工程质量检测有限公司",
        "major_accident_main_responsibility": False,
    },
    "ip_agency": {
        "subject_id": "91330802MA29T5RC32",
        "name": "衢州市柯城区知创专利代理事务所有限公司",
        "founded_on": "2018-05-20",
    },
}


def clean(variant: str, overrides: dict[str, Any]) -> dict[str, Any]:
    return {"variant": variant, **SUBJECTS[variant], **CLEAN, **overrides}


def inspection(**overrides: Any) -> dict[str, Any]:
    """A clean inspection body: 800/1000 → 400, specific 300 + 100 + 50 + 0 = 450; total 850."""
    return clean("inspection_body", overrides)


def ip_agency(**overrides: Any) -> dict[str, Any]:
    """A clean IP agency founded long ago: 800/1000 → 400, specific 450; total 850."""
    return clean("ip_agency", overrides)


def run(raw: dict[str, Any]) -> ScoreReport:
    report = mc.score(mc.Facts.model_validate(raw))
    assert_report_invariants(report)
    return report


def line(report: ScoreReport, indicator: str) -> ScoreLine:
    return next(line for line in report.lines if line.indicator == indicator)


def points(report: ScoreReport, indicator: str) -> float | None:
    return line(report, indicator).points


# ---------------------------------------------------------------------------------------------
# Worked examples
# ---------------------------------------------------------------------------------------------


def test_example_inspection_body_by_hand() -> None:
    """examples/scoring/market-credit-inspection-body.json:
    general 845/1000 × 500 = 422.5; supervision 300 − 9×10 = 210; commitments 100 − 2×20 = 60;
    complaints 50 − 2×5 = 40; honours one provincial research project = 10; value-add 0.
    Total 422.5 + 210 + 60 + 40 + 10 = 742.5; 551 ≤ 742.5 < 751 → C; measures 五(三)1–2."""
    report = run(json.loads((EXAMPLES / "market-credit-inspection-body.json").read_text()))
    assert report.kind == "market-credit" and report.variant == "inspection_body"
    assert report.subject_id == "91330800MA28F3AB2M"
    assert [(line.indicator, line.points) for line in report.lines] == [
        ("general.public_credit", 422.5),
        ("specific.daily_supervision", 210.0),
        ("specific.commitments", 60.0),
        ("specific.complaints", 40.0),
        ("specific.honours", 10.0),
        ("value_add.credit_titles", 0.0),
    ]
    assert report.total == 742.5
    assert report.max_total == 1000
    assert report.grade == "C"
    assert report.adjustments == []
    assert [c.clause for c in report.consequences] == [
        f"{INSPECTION} 五(三)1",
        f"{INSPECTION} 五(三)2",
    ]
    assert [(g.group, g.points, g.max_points) for g in report.groups] == [
        ("general", 422.5, 500.0),
        ("specific", 320.0, 500.0),
        ("value_add", 0.0, None),
    ]
    assert line(report, "specific.daily_supervision").clause == f"{INSPECTION} 附件 专用指标 1"


def test_example_ip_agency_by_hand() -> None:
    """examples/scoring/market-credit-ip-agency.json:
    general 912/1000 × 500 = 456; supervision 300 − 1×10 = 290; commitments 100;
    complaints 1 verified, not handled after urging: 50 − 1×10 = 40; honours 10 + 15 = 25;
    total 456 + 290 + 100 + 40 + 25 = 911 ≥ 851 → A; abnormal-operation directory → one down: B.
    Founded 2025-03-15, evaluation starts 2026-03-15: exactly 12 months → graded."""
    report = run(json.loads((EXAMPLES / "market-credit-ip-agency.json").read_text()))
    assert report.total == 911
    assert [line.points for line in report.lines] == [456, 290, 100, 40, 25, 0]
    assert report.grade == "B"
    assert [(a.kind, a.effect, a.clause) for a in report.adjustments] == [
        ("downgrade", "A → B", f"{IP} 四(二)2(2)")
    ]
    assert [c.clause for c in report.consequences] == [f"{IP} 五(二){n}" for n in range(1, 5)]
    assert "一年内最多不超过1次" in report.consequences[1].text


def test_perfect_subject_with_both_titles_goes_beyond_1000() -> None:
    """1000/1000 → 500; specific 300 + 100 + 50 + 50 (science_award_national 50) = 500;
    both credit titles 2 × 20 = 40; total 1040 → A."""
    report = run(
        inspection(
            provincial_public_credit_score=1000,
            honours=[{"title": "国家科学技术进步奖", "category": "science_award_national"}],
            contract_abiding_aaa=True,
            credit_management_demonstration=True,
        )
    )
    assert points(report, "value_add.credit_titles") == 40
    assert report.total == 1040
    assert report.grade == "A"
    assert [c.clause for c in report.consequences] == [
        f"{INSPECTION} 五(一){n}" for n in range(1, 5)
    ]
    assert "免于列入“双随机、一公开”抽查名单" in report.consequences[1].text


def test_one_credit_title() -> None:
    """Only 浙江省信用管理示范企业: 1 × 20 = 20; total 850 + 20 = 870 → A."""
    report = run(ip_agency(credit_management_demonstration=True))
    assert points(report, "value_add.credit_titles") == 20
    assert report.total == 870 and report.grade == "A"


def test_general_conversion_on_another_scale_is_unrounded() -> None:
    """87.5 on a 100-point provincial scale: 87.5/100 × 500 = 437.5; total 437.5 + 450 = 887.5.
    733/1000 × 500 = 366.5, total 816.5 → B (no rounding to 817)."""
    assert (
        points(
            run(inspection(provincial_public_credit_score=87.5, provincial_scale=100)),
            "general.public_credit",
        )
        == 437.5
    )
    report = run(ip_agency(provincial_public_credit_score=733))
    assert report.total == 816.5 and report.grade == "B"


def test_deductions_stop_at_zero() -> None:
    """31 failed items: 300 − 310 → 0 (扣完为止); 6 unfulfilled commitments: 100 − 120 → 0;
    6 complaints not handled after urging: 50 − 6×10 → 0. Total 400 + 0 + 0 + 0 = 400 → E."""
    report = run(
        inspection(
            failed_check_items=31,
            unfulfilled_commitments=6,
            verified_complaints=6,
            complaints_not_handled_after_urging=6,
        )
    )
    assert points(report, "specific.daily_supervision") == 0
    assert points(report, "specific.commitments") == 0
    assert points(report, "specific.complaints") == 0
    assert report.total == 400 and report.grade == "E"


def test_complaints_handled_and_doubled() -> None:
    """3 verified complaints of which 1 not handled in time after urging:
    2 × 5 + 1 × 10 = 20 → 50 − 20 = 30."""
    report = run(ip_agency(verified_complaints=3, complaints_not_handled_after_urging=1))
    assert points(report, "specific.complaints") == 30
    assert "−20" in line(report, "specific.complaints").reason


def test_each_deduction_step() -> None:
    """4 failed items: 300 − 40 = 260; 1 unfulfilled commitment: 100 − 20 = 80."""
    report = run(inspection(failed_check_items=4, unfulfilled_commitments=1))
    assert points(report, "specific.daily_supervision") == 260
    assert points(report, "specific.commitments") == 80


# ---------------------------------------------------------------------------------------------
# Honours (附件 专用指标 4)
# ---------------------------------------------------------------------------------------------

THREE_ACHIEVEMENTS = [
    {"title": "浙江省重点研发计划课题", "category": "research_project_provincial"},  # 10
    {"title": "JJF(浙)行业标准", "category": "standard_industry"},  # 15
    {"title": "衢州市科技计划项目", "category": "research_project_municipal"},  # 5
]


def test_inspection_honours_counted_by_the_highest_item() -> None:
    """按当次最高分计, 不重复计分: items 10, 15 and 5 → the highest, 15 (not 30)."""
    report = run(inspection(honours=THREE_ACHIEVEMENTS))
    assert points(report, "specific.honours") == 15
    assert line(report, "specific.honours").clause == f"{INSPECTION} 附件 专用指标 4"


def test_inspection_honour_points_per_row() -> None:
    """Each row of 附件 专用指标 4 alone: 5/10/15 projects, 10 municipal rows, 15 provincial rows,
    20 national rows, 30 provincial and 50 national science awards."""
    expected = {
        "research_project_municipal": 5,
        "research_project_provincial": 10,
        "research_project_national": 15,
        "honour_municipal": 10,
        "standard_local_or_group": 10,
        "committee_local": 10,
        "invention_patent": 10,
        "honour_provincial": 15,
        "standard_industry": 15,
        "committee_industry": 15,
        "honour_national": 20,
        "standard_national": 20,
        "committee_national": 20,
        "science_award_provincial": 30,
        "science_award_national": 50,
    }
    for category, value in expected.items():
        report = run(inspection(honours=[{"title": "某项", "category": category}]))
        assert points(report, "specific.honours") == value, category


def test_inspection_honours_per_achievement_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """INSPECTION_HONOURS_RULE = "per_achievement": 10 + 15 + 5 = 30; the same title listed under
    two rows (municipal honour 10, provincial honour 15) counts once at 15; a provincial science
    award 30 on top: 30 + 30 = 60 → capped at 50."""
    monkeypatch.setattr(mc.params, "INSPECTION_HONOURS_RULE", "per_achievement")
    assert points(run(inspection(honours=THREE_ACHIEVEMENTS)), "specific.honours") == 30
    same = [
        {"title": "质量检验先进单位", "category": "honour_municipal"},
        {"title": "质量检验先进单位", "category": "honour_provincial"},
    ]
    assert points(run(inspection(honours=same)), "specific.honours") == 15
    many = [
        *THREE_ACHIEVEMENTS,
        {"title": "浙江省科学技术奖", "category": "science_award_provincial"},
    ]
    assert points(run(inspection(honours=many)), "specific.honours") == 50


def test_ip_honours_add_up_to_the_cap() -> None:
    """IP agency: 1 municipal + 1 provincial = 10 + 15 = 25; 3 national = 60 → capped at 50;
    none → 0."""
    two = [
        {"title": "衢州市知识产权服务示范机构", "level": "municipal"},
        {"title": "浙江省知识产权服务品牌机构", "level": "provincial"},
    ]
    assert points(run(ip_agency(honours=two)), "specific.honours") == 25
    three = [{"title": f"国家级荣誉{n}", "level": "national"} for n in range(3)]
    assert points(run(ip_agency(honours=three)), "specific.honours") == 50
    assert points(run(ip_agency()), "specific.honours") == 0
    assert line(run(ip_agency()), "specific.honours").clause == f"{IP} 附件 专用指标 4"


# ---------------------------------------------------------------------------------------------
# Bands (四(一) and procedures.md "Interpretation of score bands")
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provincial", "total", "grade"),
    [
        # total = provincial / 2 + 450 for a clean subject without honours.
        (802, 851, "A"),
        (801, 850.5, "B"),
        (800, 850, "B"),
        (602, 751, "B"),
        (601, 750.5, "C"),
        (600, 750, "C"),
        (202, 551, "C"),
        (201, 550.5, "D"),
        (200, 550, "D"),
        (0.02, 450.01, "D"),
        (0, 450, "E"),
    ],
)
def test_band_boundaries(provincial: float, total: float, grade: str) -> None:
    """Clean subject, no honours: total = provincial × 500/1000 + 300 + 100 + 50 + 0.
    A ≥ 851; 751 ≤ B < 851; 551 ≤ C < 751; 450 < D < 551; E ≤ 450; gaps (850.5, 750.5, 550.5)
    fall to the lower band."""
    for raw in (
        inspection(provincial_public_credit_score=provincial),
        ip_agency(provincial_public_credit_score=provincial),
    ):
        report = run(raw)
        assert report.total == pytest.approx(total, abs=1e-9)
        assert report.grade == grade


def test_grade_for_boundaries() -> None:
    """The bands on the raw total, both sides of every boundary."""
    assert [mc.grade_for(t) for t in (851, 850.999, 751, 750.999, 551, 550.999, 450.01, 450)] == [
        "A", "B", "B", "C", "C", "D", "D", "E",
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Adjustments (四(二)) and not graded (四(一))
# ---------------------------------------------------------------------------------------------

INSPECTION_DIRECT_E = [
    ("serious_dishonesty_list", "四(二)1(1)"),
    ("business_licence_revoked", "四(二)1(2)"),
    ("dishonest_judgment_debtor", "四(二)1(3)"),
    ("major_accident_main_responsibility", "四(二)1(4)"),
    ("criminal_conviction", "四(二)1(5)"),
]
IP_DIRECT_E = [
    ("serious_dishonesty_list", "四(二)1(1)"),
    ("business_licence_revoked", "四(二)1(2)"),
    ("dishonest_judgment_debtor", "四(二)1(3)"),
    ("criminal_conviction", "四(二)1(4)"),
]


@pytest.mark.parametrize(("field", "item"), INSPECTION_DIRECT_E)
def test_inspection_direct_e(field: str, item: str) -> None:
    """Perfect inspection body (1000 → 500 + 450 = 950, A) with one direct-E case → E, its
    clause, the total unchanged, the E measures 五(五)1–4."""
    report = run(inspection(provincial_public_credit_score=1000, **{field: True}))
    assert report.total == 950
    assert report.grade == "E"
    assert [(a.kind, a.effect, a.clause, a.points) for a in report.adjustments] == [
        ("direct_grade", "A → E", f"{INSPECTION} {item}", 0.0)
    ]
    assert [c.clause for c in report.consequences] == [
        f"{INSPECTION} 五(五){n}" for n in range(1, 5)
    ]


@pytest.mark.parametrize(("field", "item"), IP_DIRECT_E)
def test_ip_direct_e(field: str, item: str) -> None:
    """IP agency, 950 → A, one of its four direct-E cases → E with its own clause number
    (criminal conviction is (4) here, (5) for inspection bodies)."""
    report = run(ip_agency(provincial_public_credit_score=1000, **{field: True}))
    assert report.grade == "E"
    assert [(a.kind, a.clause) for a in report.adjustments] == [("direct_grade", f"{IP} {item}")]


def test_ip_agencies_have_no_accident_case() -> None:
    """衢市监规〔2021〕2号 lists only four direct-E cases: the accident field is refused."""
    with pytest.raises(ValidationError, match="major_accident_main_responsibility"):
        mc.Facts.model_validate(ip_agency(major_accident_main_responsibility=True))


@pytest.mark.parametrize(
    ("field", "item"),
    [("wage_arrears", "四(二)2(1)"), ("abnormal_operation_directory", "四(二)2(2)")],
)
def test_downgrade_one_grade(field: str, item: str) -> None:
    """850 → B; one downgrade cause → C, its clause; C's measures 五(三)."""
    report = run(inspection(**{field: True}))
    assert report.total == 850
    assert report.grade == "C"
    assert [(a.kind, a.effect, a.clause) for a in report.adjustments] == [
        ("downgrade", "B → C", f"{INSPECTION} {item}")
    ]
    assert [c.clause for c in report.consequences] == [
        f"{INSPECTION} 五(三)1",
        f"{INSPECTION} 五(三)2",
    ]


def test_two_downgrade_causes_lower_only_once() -> None:
    """850 → B; wage arrears and abnormal-operation listing → still one grade: C, not D
    (同时符合多项等级下调情形的,不重复下调等级)."""
    report = run(ip_agency(wage_arrears=True, abnormal_operation_directory=True))
    assert report.grade == "C"
    assert [(a.effect, a.clause) for a in report.adjustments] == [
        ("B → C", f"{IP} 四(二)2(1)"),
        ("no further downgrade (不重复下调)", f"{IP} 四(二)2(2)"),
    ]


def test_e_stays_e_when_downgraded() -> None:
    """Total 400 (all specific lost, provincial 800 → 400) → E; a downgrade leaves E."""
    report = run(
        inspection(
            failed_check_items=30,
            unfulfilled_commitments=5,
            verified_complaints=10,
            wage_arrears=True,
        )
    )
    assert report.total == 400
    assert report.grade == "E"
    assert report.adjustments[0].effect == "E stays E (lowest grade)"


def test_direct_e_wins_over_downgrade() -> None:
    """850 → B; listed as a dishonest judgment debtor (direct E) and in the abnormal-operation
    directory (one down): E, one direct_grade adjustment, the downgrade only noted."""
    report = run(ip_agency(dishonest_judgment_debtor=True, abnormal_operation_directory=True))
    assert report.grade == "E"
    assert [(a.kind, a.effect) for a in report.adjustments] == [("direct_grade", "B → E")]
    assert any("经营异常" in note and "already E" in note for note in report.notes)


def test_several_direct_e_causes_each_recorded() -> None:
    """Licence revoked and criminal conviction: two direct_grade adjustments, grade E."""
    report = run(inspection(business_licence_revoked=True, criminal_conviction=True))
    assert report.grade == "E"
    assert [a.clause for a in report.adjustments] == [
        f"{INSPECTION} 四(二)1(2)",
        f"{INSPECTION} 四(二)1(5)",
    ]


@pytest.mark.parametrize(
    ("founded", "start", "graded"),
    [
        ("2025-03-15", "2026-03-15", True),  # exactly 12 months
        ("2025-03-15", "2026-03-14", False),  # one day short
        ("2025-03-15", "2026-06-01", True),
        ("2024-02-29", "2025-02-28", True),  # no 29 Feb in 2025: the month's last day
        ("2024-02-29", "2025-02-27", False),
        ("2025-01-31", "2026-01-30", False),
        ("2025-01-31", "2026-01-31", True),
        ("2026-05-31", "2026-06-01", False),  # founded the day before
    ],
)
def test_ip_agency_under_12_months_not_graded(founded: str, start: str, graded: bool) -> None:
    """未满12个月 → 暂不定级: 12 months after the founding date is the same day number a year
    later (or the month's last day); graded when the evaluation starts on or after it.
    The total is still computed (850); not graded → grade None, no measures."""
    report = run(ip_agency(founded_on=founded, evaluation_start=start))
    assert report.total == 850
    if graded:
        assert report.grade == "B" and report.adjustments == []
    else:
        assert report.grade is None
        assert [(a.kind, a.clause) for a in report.adjustments] == [("not_graded", f"{IP} 四(一)")]
        assert report.consequences == []


def test_not_graded_wins_over_direct_e_by_default() -> None:
    """A 6-month-old agency whose licence was revoked: not graded; the cause is noted."""
    report = run(
        ip_agency(founded_on="2025-12-01", business_licence_revoked=True, wage_arrears=True)
    )
    assert report.grade is None
    assert [a.kind for a in report.adjustments] == ["not_graded"]
    assert any("被吊销营业执照" in note for note in report.notes)
    assert any("拒不支付劳动报酬" in note for note in report.notes)


def test_direct_e_overrides_not_graded_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    """DIRECT_E_OVERRIDES_NOT_GRADED = True: the same agency is graded E; a downgrade alone
    still leaves it not graded."""
    monkeypatch.setattr(mc.params, "DIRECT_E_OVERRIDES_NOT_GRADED", True)
    report = run(ip_agency(founded_on="2025-12-01", business_licence_revoked=True))
    assert report.grade == "E"
    assert [a.kind for a in report.adjustments] == ["direct_grade"]
    assert run(ip_agency(founded_on="2025-12-01", wage_arrears=True)).grade is None


def test_d_measures() -> None:
    """Total 500 (provincial 100 → 50, + 450): 450 < 500 < 551 → D; 五(四)1–4, incl. no
    notify-and-commit approvals (不予适用告知承诺制)."""
    report = run(inspection(provincial_public_credit_score=100))
    assert report.total == 500 and report.grade == "D"
    assert [c.clause for c in report.consequences] == [
        f"{INSPECTION} 五(四){n}" for n in range(1, 5)
    ]
    assert any("不予适用告知承诺制" in c.text for c in report.consequences)


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (inspection(failed_check_items=-1), "failed_check_items"),
        (inspection(unfulfilled_commitments=-2), "unfulfilled_commitments"),
        (ip_agency(verified_complaints=-1), "verified_complaints"),
        (inspection(provincial_public_credit_score=-5), "provincial_public_credit_score"),
        (inspection(provincial_public_credit_score=1001), "provincial_public_credit_score"),
        (inspection(provincial_scale=0), "provincial_scale"),
        (
            ip_agency(verified_complaints=1, complaints_not_handled_after_urging=2),
            "complaints_not_handled_after_urging",
        ),
        (ip_agency(founded_on="2026-07-01"), "founded_on"),
        (inspection(subject_id="9133080"), "subject_id"),
        (inspection(subject_id="91330800MA28F3AB2O"), "subject_id"),
        (inspection(honours=[{"title": "x", "category": "best_in_show"}]), "category"),
        (ip_agency(honours=[{"title": "x", "level": "county"}]), "level"),
        (inspection(bonus_points=10), "bonus_points"),
        ({**inspection(), "variant": "notary"}, "variant"),
        ({k: v for k, v in inspection().items() if k != "wage_arrears"}, "wage_arrears"),
        ({k: v for k, v in ip_agency().items() if k != "founded_on"}, "founded_on"),
        (inspection(evaluation_start="2026-13-01"), "evaluation_start"),
    ],
)
def test_bad_input_is_refused_naming_the_field(raw: dict[str, Any], field: str) -> None:
    assert_refused(mc.Facts, raw, field)


def test_schema_describes_every_field() -> None:
    """The JSON Schema is the contract: every property of every model has a description."""
    models = assert_described(mc.Facts)
    assert {"InspectionBodyFacts", "IpAgencyFacts", "InspectionHonour", "IpHonour"} <= set(models)


# ---------------------------------------------------------------------------------------------
# Examples, generator, registry
# ---------------------------------------------------------------------------------------------


def test_every_example_validates_and_scores() -> None:
    files = sorted(EXAMPLES.glob("market-credit*.json"))
    assert {f.name for f in files} >= {
        "market-credit-inspection-body.json",
        "market-credit-ip-agency.json",
    }
    for path in files:
        report = scoring.kind("market-credit").score_raw(json.loads(path.read_text()))
        assert isinstance(report, ScoreReport)
        assert_report_invariants(report)
        assert report.grade is not None, path.name


def test_generator_inputs_validate_and_score() -> None:
    """500 random subjects of both variants: all valid, every grade and not-graded occur."""
    rng = random.Random(11)
    seen: set[tuple[str | None, str | None]] = set()
    for _ in range(500):
        raw = random_facts(rng)
        json.dumps(raw)  # raw JSON-like input
        report = run(raw)
        seen.add((report.variant, report.grade))
    assert {v for v, _ in seen} == {"inspection_body", "ip_agency"}
    assert ("ip_agency", None) in seen
    assert {g for _, g in seen} >= {"A", "B", "C", "E"}


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

CATEGORIES = sorted(mc.INSPECTION_HONOUR_POINTS)


@st.composite
def raw_facts(draw: st.DrawFn) -> dict[str, Any]:
    """Random facts of either variant; few draws, so that the properties stay fast."""
    scale = draw(st.sampled_from([1000.0, 100.0, 1200.0]))
    unhandled, verified = sorted(draw(st.tuples(st.integers(0, 15), st.integers(0, 15))))
    flags = draw(st.sets(st.sampled_from(FLAGS), max_size=2))
    titles = draw(st.tuples(st.booleans(), st.booleans()))
    common: dict[str, Any] = {
        "provincial_public_credit_score": draw(st.floats(0, scale)),
        "provincial_scale": scale,
        "failed_check_items": draw(st.integers(0, 40)),
        "unfulfilled_commitments": draw(st.integers(0, 8)),
        "verified_complaints": verified,
        "complaints_not_handled_after_urging": unhandled,
        "contract_abiding_aaa": titles[0],
        "credit_management_demonstration": titles[1],
        **{flag: flag in flags for flag in FLAGS},
    }
    picks = draw(st.lists(st.integers(0, 59), max_size=5))
    if draw(st.booleans()):
        honours = [
            {"title": "甲乙丙丁"[pick % 4], "category": CATEGORIES[pick % len(CATEGORIES)]}
            for pick in picks
        ]
        accident = draw(st.sampled_from([False, False, False, True]))
        return inspection(**common, honours=honours, major_accident_main_responsibility=accident)
    levels = ("municipal", "provincial", "national")
    honours = [{"title": "荣誉", "level": levels[pick % 3]} for pick in picks]
    founded = draw(st.sampled_from(["2010-01-01", "2025-12-01"]))
    return ip_agency(**common, honours=honours, founded_on=founded)


@settings(max_examples=150, deadline=None)
@given(raw_facts())
def test_invariants_hold(raw: dict[str, Any]) -> None:
    """Capped lines within [0, max]; total = sum of lines; max 1000 + 40 bonus."""
    report = run(raw)
    assert report.total is not None and 0 <= report.total <= 1040
    honours = line(report, "specific.honours")
    assert honours.points is not None and 0 <= honours.points <= 50


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 1040), st.floats(0, 1040))
def test_grade_is_monotone_in_the_total(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert RANK[mc.grade_for(high)] <= RANK[mc.grade_for(low)]


@settings(max_examples=100, deadline=None)
@given(raw_facts(), st.floats(0, 1))
def test_final_grade_is_monotone_in_the_total(raw: dict[str, Any], share: float) -> None:
    """Same facts, a higher provincial score: a total not lower, a grade not worse."""
    higher = {**raw, "provincial_public_credit_score": raw["provincial_scale"] * share}
    if higher["provincial_public_credit_score"] < raw["provincial_public_credit_score"]:
        raw, higher = higher, raw
    before, after = run(raw), run(higher)
    assert before.total is not None and after.total is not None
    assert after.total >= before.total
    if before.grade is not None and after.grade is not None:
        assert RANK[after.grade] <= RANK[before.grade]


VIOLATIONS = [
    "failed_check_items",
    "unfulfilled_commitments",
    "complaint",
    "complaint_not_handled",
    "handled_becomes_unhandled",
    *FLAGS,
    "major_accident_main_responsibility",
]


@settings(max_examples=150, deadline=None)
@given(raw_facts(), st.sampled_from(VIOLATIONS))
def test_a_verified_violation_never_raises_the_score(raw: dict[str, Any], violation: str) -> None:
    worse = dict(raw)
    if violation in ("failed_check_items", "unfulfilled_commitments"):
        worse[violation] += 1
    elif violation == "complaint":
        worse["verified_complaints"] += 1
    elif violation == "complaint_not_handled":
        worse["verified_complaints"] += 1
        worse["complaints_not_handled_after_urging"] += 1
    elif violation == "handled_becomes_unhandled":
        if raw["complaints_not_handled_after_urging"] < raw["verified_complaints"]:
            worse["complaints_not_handled_after_urging"] += 1
    elif violation == "major_accident_main_responsibility":
        if raw["variant"] != "inspection_body":
            return
        worse[violation] = True
    else:
        worse[violation] = True
    before, after = run(raw), run(worse)
    assert before.total is not None and after.total is not None
    assert after.total <= before.total
    if before.grade is not None and after.grade is not None:
        assert RANK[after.grade] >= RANK[before.grade]
    assert (before.grade is None) == (after.grade is None)
