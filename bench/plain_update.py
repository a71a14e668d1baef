"""Plain Temporal, for bench/step_latency.py to compare with: a workflow whose only Update (with
a validator, as every step of a case has) records its argument and returns at once."""

from __future__ import annotations

from temporalio import workflow


@workflow.defn(name="BenchPlainUpdate")
class PlainUpdateWorkflow:
    def __init__(self) -> None:
        self._taken: list[str] = []

    @workflow.run
    async def run(self) -> int:
        await workflow.wait_condition(lambda: "close" in self._taken)
        return len(self._taken)

    @workflow.update
    def take(self, step: str) -> int:
        self._taken.append(step)
        return len(self._taken)

    @take.validator
    def _check(self, step: str) -> None:
        if not step:
            raise ValueError("step: empty")
