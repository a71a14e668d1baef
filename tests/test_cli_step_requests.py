"""A step's request typed at the command line: `--file`, the flags, and a flag that amends the
file (the day a decision was made, which an example file cannot know in advance)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cli.errors import BadInput
from cli.step_requests import step_request
from periods import SHANGHAI
from procedures.accountability.models import Decision
from procedures.declaration import Step
from procedures.registry import find
from starter import build_parser
from tests.conftest import EXAMPLES

DECISION = str(EXAMPLES / "accountability-decision.json")


def declared(procedure: str, name: str) -> Step:
    found = find(procedure)
    assert found is not None
    step = found.step(name)
    assert step is not None
    return step


def request(procedure: str, name: str, *argv: str) -> object:
    args = build_parser().parse_args([procedure, name, "CASE-1", *argv])
    return step_request(args, declared(procedure, name))


def test_the_day_a_decision_was_made_typed_with_the_file_replaces_the_files() -> None:
    """衢政办发〔2023〕5号 第十三条第三款: the feedback runs from the day the decision was made;
    `--decided-on today` is that day in Asia/Shanghai, whatever the example file says."""
    sent = request("accountability", "decide", "--file", DECISION, "--decided-on", "today")
    assert isinstance(sent, Decision)
    assert sent.decided_on == datetime.now(SHANGHAI).date()
    sent = request("accountability", "decide", "--file", DECISION, "--decided-on", "2026-09-25")
    assert isinstance(sent, Decision)
    assert sent.decided_on == date(2026, 9, 25)
    assert sent.decided_by == "柯城区人民政府"  # the rest is the file's


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("--file", DECISION, "--decided-on", "2026-02-30"), "decided_on"),
        (("--decided-on", "today"), "--file: the"),  # a day alone is no decision
    ],
)
def test_a_decision_day_that_is_no_day_or_alone_is_bad_input(
    argv: tuple[str, ...], fragment: str
) -> None:
    with pytest.raises(BadInput) as refused:
        request("accountability", "decide", *argv)
    assert fragment in str(refused.value)


def test_other_flags_still_go_with_the_file_or_instead_of_it_not_both() -> None:
    repair_decision = str(EXAMPLES / "repair-decision.json")
    with pytest.raises(BadInput) as refused:
        request("repair", "decide", "--file", repair_decision, "--reviewer", "张三")
    assert "not both" in str(refused.value) and "--reviewer" in str(refused.value)
