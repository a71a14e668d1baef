"""A procedure with a bug, for tests of what the engine does when its own code fails
(tests/test_stuck_cases.py): the market objection, whose written notice raises an error no
step expects. Its own module, so the worker's sandbox imports nothing of the test's."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from kernel.case_base import carried
    from procedures.market_objection.models import (
        MarketObjectionCarried,
        MarketObjectionCase,
        MarketObjectionOutcome,
    )
    from procedures.market_objection.workflow import MarketCreditObjectionWorkflow

FAULT = "the notice template has no field 'final_grade'"


@workflow.defn(name="FaultyMarketCreditObjection")
class FaultyMarketObjectionWorkflow(MarketCreditObjectionWorkflow):
    @workflow.run
    @carried
    async def run(
        self, start: MarketObjectionCase | MarketObjectionCarried
    ) -> MarketObjectionOutcome:
        return await super().run(start)

    async def _notify_result(self) -> None:
        raise KeyError(FAULT)


@workflow.defn(name="FaultyStepMarketCreditObjection")
class FaultyStepMarketObjectionWorkflow(MarketCreditObjectionWorkflow):
    """The reviewer's decision fails in its handler, after the Update was accepted."""

    @workflow.run
    @carried
    async def run(
        self, start: MarketObjectionCase | MarketObjectionCarried
    ) -> MarketObjectionOutcome:
        return await super().run(start)

    def _decided_late(self) -> bool:
        raise ZeroDivisionError("working days between the decision and the deadline")
