"""`starter.py status CASE_ID`: where a case stands, whatever its procedure.

python starter.py status MO-2026-0001 [--json]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from temporalio.client import WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from cli import render
from cli.arguments import documented_command, json_switch
from cli.client import QUERY_TIMEOUT, connect_cli, rpc_error
from cli.errors import UnknownCase, Unreachable
from procedures import registry
from service.duty_dates import supervision
from service.listing import TaskHealth, task_health
from service.working_days import counter
from settings import Settings


def register(commands: argparse._SubParsersAction[Any]) -> None:
    status = documented_command(
        commands,
        "status",
        handler=cmd_status,
        needs_engine=True,
        help_text="where a case stands: stage, deadlines, audit trail",
        description="Show a case, whatever its procedure: stage (in words), deadlines (with "
        "provisional flags, each with the duty it times and the working days left or late as "
        "of today), decision, documents and the audit trail. Times are Asia/Shanghai.",
    )
    status.add_argument("case_id", metavar="CASE_ID")
    json_switch(status)


async def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    client = await connect_cli(settings)
    for procedure in registry.PROCEDURES:
        handle = client.get_workflow_handle(procedure.workflow_id(args.case_id))
        try:
            health = await task_health(client, handle.id)
        except RPCError as err:
            if err.status == RPCStatusCode.NOT_FOUND:
                continue
            raise rpc_error(err, args.case_id) from None
        try:
            raw = await handle.query(
                "status", result_type=procedure.status_model, rpc_timeout=QUERY_TIMEOUT
            )
        except (RPCError, WorkflowQueryFailedError) as err:
            if health.stuck:
                raise Unreachable(_stuck_sentence(args.case_id, health)) from None
            message = getattr(err, "message", None) or str(err)
            raise Unreachable(
                f"case {args.case_id} exists but no worker answered ({message}); "
                "is the worker running (`make run`)?"
            ) from None
        raw.pending_outputs = health.outputs
        status = raw.model_dump(mode="json")
        # Counted here, at the door, from today in Asia/Shanghai (never in the workflow).
        watched = supervision(procedure, raw, counter(settings))
        if args.json:
            status["stuck"] = health.stuck
            status["task_attempts"] = health.attempts if health.stuck else None
            status["supervision"] = watched.model_dump(mode="json")
            print(json.dumps(status, ensure_ascii=False))
        else:
            if health.stuck:
                print(_stuck_sentence(args.case_id, health))
            facts = procedure.case_facts(raw) if procedure.case_facts else []
            print(render.status_text(status, facts, watched))
        return 0
    looked = ", ".join(p.workflow_id(args.case_id) for p in registry.PROCEDURES)
    raise UnknownCase(f"no case {args.case_id} (looked for {looked})")


def _stuck_sentence(case_id: str, health: TaskHealth) -> str:
    cause = f", cause {health.cause}" if health.cause else ""
    return (
        f"case {case_id} is STUCK: its workflow task has failed and is being retried "
        f"(attempt {health.attempts}{cause}); the worker cannot carry it on. "
        "See deploy/README.md, 'A case is stuck'."
    )
