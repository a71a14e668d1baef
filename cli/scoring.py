"""Human rendering of score reports: every line with its points, reason and clause."""

from __future__ import annotations

from scoring.report import CohortReport, ScoreReport


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def report_text(report: ScoreReport) -> str:
    head = f"{report.kind}" + (f" ({report.variant})" if report.variant else "")
    if report.subject_id:
        head += f" · {report.subject_id}"
    lines = [head]
    group = None
    for line in report.lines:
        if line.group != group:
            group = line.group
            total = next((g for g in report.groups if g.group == group), None)
            suffix = (
                f"  {_num(total.points)}"
                + (f" / {_num(total.max_points)}" if total.max_points else "")
                if total
                else ""
            )
            lines.append(f"[{group}]{suffix}")
        points = _num(line.points)
        if line.max_points is not None:
            points += f"/{_num(line.max_points)}"
        repair = (
            {True: " (可修复)", False: " (不可修复)"}.get(line.repairable, "")
            if line.repairable is not None
            else ""
        )
        lines.append(f"  {points:>9}  {line.label}: {line.reason}{repair}  [{line.clause}]")
    for adjustment in report.adjustments:
        points = f" ({_num(adjustment.points)})" if adjustment.points else ""
        lines.append(
            f"Adjustment: {adjustment.effect}{points}: {adjustment.reason}  [{adjustment.clause}]"
        )
    summary = "Total: " + _num(report.total)
    if report.max_total is not None:
        summary += f" / {_num(report.max_total)}"
    if report.grade is not None:
        summary += f" → grade {report.grade}"
    if report.passed is not None:
        summary += " → PASSED" if report.passed else " → NOT PASSED"
    lines.append(summary)
    if report.recommendation:
        lines.append(f"Recommendation: {report.recommendation}")
    for consequence in report.consequences:
        lines.append(f"Consequence: {consequence.text}  [{consequence.clause}]")
    for note in report.notes:
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def cohort_text(cohort: CohortReport) -> str:
    head = f"{cohort.kind}" + (f" ({cohort.variant})" if cohort.variant else "")
    rows = [head]
    for report in cohort.reports:
        rows.append(
            f"  {report.subject_id or '-':<24} total {_num(report.total):>7}"
            f"  grade {report.grade or '-'}"
            + (f"  {report.recommendation}" if report.recommendation else "")
        )
    rows += [f"Note: {note}" for note in cohort.notes]
    details = [report_text(report) for report in cohort.reports]
    return "\n".join(rows) + "\n\n" + "\n\n".join(details)
