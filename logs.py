"""Logging: structlog for our own lines, with the stdlib (and so Temporal's replay-aware workflow
and activity loggers) bridged into the same renderer.

A terminal gets human console lines; anything else (a file, a log shipper) gets JSON lines. Every
line carries the workflow id and case id where there is one.
"""

from __future__ import annotations

import json
import logging
import sys
from functools import partial
from typing import Any

import structlog
from structlog.typing import EventDict, WrappedLogger
from temporalio import activity, workflow

from settings import Settings


def _temporal_context(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    """Flatten the `temporal_workflow` / `temporal_activity` extras into plain keys."""
    for key in ("temporal_workflow", "temporal_activity"):
        info: dict[str, Any] | None = event.pop(key, None)
        if info:
            event.setdefault("workflow_id", info.get("workflow_id"))
            if key == "temporal_activity":
                event.setdefault("activity", info.get("activity_type"))
                event.setdefault("attempt", info.get("attempt"))
    return event


def _plain(value: object) -> str:
    """Any value as text for a JSON line. Inside the workflow sandbox some objects (e.g. an
    exception carried by the SDK's "Failed activation" warning) refuse `repr`: the line must
    still be written, naming at least the type."""
    try:
        return str(value)
    except Exception:  # a log line must never fail
        return f"<{type(value).__name__}>"


def configure_logging(settings: Settings) -> None:
    console = settings.log_format == "console" or (
        settings.log_format == "auto" and sys.stderr.isatty()
    )
    renderer: Any = (
        structlog.dev.ConsoleRenderer()
        if console
        # Chinese text (citations, names) stays readable in JSON lines.
        else structlog.processors.JSONRenderer(
            serializer=partial(json.dumps, ensure_ascii=False), default=_plain
        )
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder(), _temporal_context],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # The ids travel as structured fields, not appended to the message text.
    workflow.logger.workflow_info_on_message = False
    activity.logger.activity_info_on_message = False
