"""Plain Temporal, for bench/memory.py to compare with: the same shape as a case under review, no
more. One activity on receipt, then waiting (with a timeout, as a deadline) for a decision sent
as an Update with a validator."""

from __future__ import annotations

from datetime import timedelta

from temporalio import activity, workflow

# How long the minimal case waits for its decision: longer than any bench runs.
DECISION_WAIT = timedelta(days=30)


@activity.defn(name="BenchMemoryReceive")
async def receive(case_id: str) -> str:
    return f"received {case_id}"


@workflow.defn(name="BenchMemoryMinimal")
class MinimalCaseWorkflow:
    def __init__(self) -> None:
        self._receipt: str | None = None
        self._decision: str | None = None

    @workflow.run
    async def run(self, case_id: str) -> str | None:
        self._receipt = await workflow.execute_activity(
            receive, case_id, start_to_close_timeout=timedelta(seconds=30)
        )
        await workflow.wait_condition(lambda: self._decision is not None, timeout=DECISION_WAIT)
        return self._decision

    @workflow.update
    def decide(self, decision: str) -> str:
        self._decision = decision
        return decision

    @decide.validator
    def _check(self, decision: str) -> None:
        if not decision:
            raise ValueError("decision: empty")

    @workflow.query
    def waiting(self) -> bool:
        """Received, and waiting for the decision."""
        return self._receipt is not None and self._decision is None
