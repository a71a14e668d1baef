"""The declarations are what every door is generated from: each must say what its workflow
really accepts, or the HTTP API and the command line would offer a step the case refuses."""

from __future__ import annotations

import pytest
from temporalio import workflow

import starter
from cli import reference
from procedures.declaration import Procedure
from procedures.registry import CASES, PROCEDURES, find


@pytest.mark.parametrize("procedure", CASES, ids=lambda p: p.name)
def test_every_declared_step_is_an_update_of_its_workflow_with_its_models(
    procedure: Procedure,
) -> None:
    updates = workflow._Definition.must_from_class(procedure.workflow).updates
    sent = [(step, name) for step in procedure.steps for name in step.updates]
    for step, name in sent:
        update = updates.get(name)
        assert update is not None, f"{procedure.name} {step.name}: no Update {name!r}"
        # The door may validate a stricter form of what the case decodes from its history
        # (medical-objection: ReviewDecision checks the corrected facts; DecisionRecord).
        (accepted,) = update.arg_types
        assert issubclass(step.request, accepted), step.name
        assert update.ret_type is step.receipt, step.name
        # Bad input is refused before it is accepted (the validator), never after.
        assert update.validator is not None, f"{procedure.name} {step.name}: no validator"
    names = [step.name for step in procedure.steps]
    assert len(names) == len(set(names)) and "start" not in names


def test_each_procedure_is_found_by_its_name_and_its_type() -> None:
    for procedure in PROCEDURES:
        assert find(procedure.name) is procedure
        assert find(procedure.procedure_type) is procedure


@pytest.mark.parametrize("procedure", CASES, ids=lambda p: p.name)
def test_the_command_line_offers_every_declared_step_with_its_clause(
    procedure: Procedure, capsys: pytest.CaptureFixture[str]
) -> None:
    for step in procedure.steps:
        with pytest.raises(SystemExit) as done:
            starter.main([procedure.name, step.name, "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert step.by in " ".join(out.split()), (step.name, out)
        for flag in step.flags:
            assert flag.option in out, (step.name, flag.option)


def test_the_readme_s_command_tables_are_the_declarations() -> None:
    readme = reference.README.read_text(encoding="utf-8")
    assert reference.with_tables(readme) == readme, "regenerate with `python -m cli.reference`"
    for procedure in CASES:
        for step in procedure.steps:
            assert f"`{step.name} CASE_ID --file F`" in readme, step.name
