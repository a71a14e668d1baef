"""`starter.py score` and `starter.py schema` over every example input in examples/scoring/."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import scoring
from starter import main

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples" / "scoring").glob("*.json"))


def kind_of(path: Path) -> str:
    """examples/scoring/<kind>[-<variant>].json"""
    return max((k for k in scoring.KINDS if path.stem.startswith(k)), key=len)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_kind_has_an_example() -> None:
    assert {kind_of(p) for p in EXAMPLES} == set(scoring.KINDS)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_score_json_is_the_report_with_explained_lines(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "score", kind_of(path), "--input", str(path), "--json")
    assert code == 0, err
    printed = json.loads(out)
    expected = scoring.kind(kind_of(path)).score_raw(json.loads(path.read_text("utf-8")))
    assert printed == json.loads(expected.model_dump_json())
    for report in printed.get("reports", [printed]):
        assert {"total", "grade", "lines"} <= report.keys()
        assert report["lines"], report
        for line in report["lines"]:
            assert line["indicator"] and line["reason"] and line["clause"]
            assert "points" in line


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_score_human_output_cites_every_line(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "score", kind_of(path), "--input", str(path))
    assert code == 0, err
    report = scoring.kind(kind_of(path)).score_raw(json.loads(path.read_text("utf-8")))
    reports = report.reports if isinstance(report, scoring.CohortReport) else [report]
    for each in reports:
        for line in each.lines:
            assert f"[{line.clause}]" in out
    assert "Total:" in out


@pytest.mark.parametrize("kind", scoring.KINDS)
def test_schema_is_the_contract_the_examples_follow(
    kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "schema", kind)
    assert code == 0
    schema = json.loads(out)
    assert schema == scoring.kind(kind).facts.model_json_schema()
    assert "properties" in schema or "oneOf" in schema or "anyOf" in schema or "$ref" in schema


def _with_surprise(data: Any) -> Any:
    return {**data, "surprise": 1}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_bad_input_is_one_line_naming_the_field(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(path.read_text("utf-8"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_with_surprise(data), ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "score", kind_of(path), "--input", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and "surprise" in err

    first_field = next(iter(data))
    del data[first_field]
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "score", kind_of(path), "--input", str(bad))
    assert code == 2 and first_field in err


def test_unknown_kind_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["score", "horoscope", "--input", "x.json"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_score_json_prints_the_exact_decimals_of_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17: the pharmacy of the example with a public credit score of 880.7 and one verified
    drug-management violation. 附件6: 第1项 880.7 × 10% = 88.07; 药品管理 100, 扣100 → 0; the
    other rows at their 分值 60 + 70 + 70 + 100 + 250 + 150 + 70 = 770; 主动配合 0. Total 858.07,
    printed as such: binary floats printed 858.0699999999999 for this very input."""
    facts = json.loads((EXAMPLES[0].parent / "medical-credit-pharmacy.json").read_text("utf-8"))
    facts |= {
        "public_credit_score": 880.7,
        "prescription_violations": 0,
        "drug_management_violations": 1,
        "cooperation": {
            "direct_evidence_reports": 0,
            "indirect_evidence_report_points": [],
            "confession_points": [],
            "invalid_reports": 0,
        },
    }
    path = tmp_path / "pharmacy.json"
    path.write_text(json.dumps(facts), "utf-8")
    code, out, err = run(capsys, "score", "medical-credit", "--input", str(path), "--json")
    assert code == 0, err
    assert '"total":858.07' in out.replace(" ", ""), out
    assert '"points":88.07' in out.replace(" ", ""), out
    assert "000000" not in out and "99999" not in out, out
    assert json.loads(out)["grade"] == "优秀"  # 四(二): A ≥ 850


# The averages of 衢医保发〔2023〕8号 二(三)3 ("得分取各评估小组成员平均分") are thirds and the
# like: no decimal writes them exactly, so only the other kinds are held to the tables' decimals.
TERMINATING = [p for p in EXAMPLES if kind_of(p) != "designation-eval"]


@pytest.mark.parametrize("path", TERMINATING, ids=[p.stem for p in TERMINATING])
def test_every_example_prints_its_numbers_as_the_tables_write_them(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17: binary floats printed these very examples as 855.0600000000001 (附件9 head),
    3.5999999999999996 (表5 pharmacy) and 26.214000000000006 (表3): the tables and the facts use
    at most 2 decimals, weighted by 10%, 30% or 70%, so no printed number needs more than 4."""
    code, out, err = run(capsys, "score", kind_of(path), "--input", str(path), "--json")
    assert code == 0, err
    noisy = sorted(set(re.findall(r"\d+\.\d{5,}", out)))
    assert not noisy, noisy
