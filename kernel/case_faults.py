"""What the case's own code cannot carry on from: which errors those are, and how the audit trail
words them (issue 14). Shared by the case kernel (case_base, follow_ups) and the update gate.

No Temporal state here: pure functions of an exception.
"""

from __future__ import annotations

from typing import Any

from temporalio import workflow
from temporalio.exceptions import FailureError

# What an operator does with a case that needs attention (or an instant it cannot carry).
ATTENTION_RUNBOOK = "deploy/README.md#a-case-needs-attention"
# Enough of an error message to tell one fault from another; never a payload.
REASON_LIMIT = 200
# Our own code, where the frame that raised is looked for.
OWN_PACKAGES = ("kernel", "procedures", "contracts", "activities", "scoring", "periods", "checks")


def unexpected(err: BaseException) -> bool:
    """An error of the case's own code, which would fail its workflow task on every retry.
    Not: Temporal's failures (an activity's final failure, ApplicationError: they fail the
    workflow or the Update as before), nondeterminism and sandbox misuse (they must fail the
    task, so that a fixed worker can take it up). Cancellation is no Exception."""
    return isinstance(err, Exception) and not isinstance(
        err, FailureError | workflow.NondeterminismError | workflow.ReadOnlyContextError
    )


def failure_reason(err: BaseException) -> str:
    """The error as the audit trail keeps it: its type, the place in our code that raised it,
    and its message, without the values a validation error quotes (they can be personal)."""
    where = _raised_at(err)
    if _is_validation_error(err):
        errors: list[dict[str, Any]] = err.errors()  # type: ignore[attr-defined]
        fields = ", ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())) or '-'} ({e.get('type')})"
            for e in errors[:5]
        )
        message = f"{len(errors)} invalid field(s): {fields}"
    else:
        lines = str(err).strip().splitlines()
        message = lines[0] if lines else ""
    if len(message) > REASON_LIMIT:
        message = message[: REASON_LIMIT - 1] + "…"
    text = type(err).__name__ + (f" at {where}" if where else "")
    return f"{text}: {message}" if message else text


def _is_validation_error(err: BaseException) -> bool:
    return callable(getattr(err, "errors", None)) and type(err).__name__ == "ValidationError"


def _own_path(filename: str) -> str:
    """`procedures/repair/workflow.py` for a module of our packages (at most two folders deep:
    a procedure's package sits inside procedures/); "" for anything else."""
    parts = filename.replace("\\", "/").split("/")
    for depth in (2, 3):
        if len(parts) > depth and parts[-depth] in OWN_PACKAGES:
            return "/".join(parts[-depth:])
    return ""


def _raised_at(err: BaseException) -> str:
    """`package/module.py:line in function` of the innermost frame of our own code (read from
    the traceback's code objects: no source file is opened)."""
    found = ""
    tb = err.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        where = _own_path(code.co_filename)
        if where:
            found = f"{where}:{tb.tb_lineno} in {code.co_name}"
        tb = tb.tb_next
    return found
