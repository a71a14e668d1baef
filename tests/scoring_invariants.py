"""Invariants every ScoreReport keeps, shared by the scoring modules' tests."""

from __future__ import annotations

from scoring.report import ScoreReport, same_points, sum_of_lines


def assert_report_invariants(report: ScoreReport) -> None:
    """Capped lines stay within [0, max]; the total is the sum of lines and point adjustments;
    every line and adjustment carries a clause and a reason."""
    for line in report.lines:
        assert line.clause and line.reason, line
        if line.points is not None and line.max_points is not None:
            assert 0 <= line.points <= line.max_points + 1e-9, line
    for adjustment in report.adjustments:
        assert adjustment.clause and adjustment.reason, adjustment
    if report.total is not None:
        assert same_points(report.total, sum_of_lines(report)), (report.total, report)
