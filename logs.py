"""Logging: structlog for our own lines, with the stdlib (and so Temporal's replay-aware workflow
and activity loggers) bridged into the same renderer.

A terminal gets human console lines; anything else (a file, a log shipper) gets JSON lines. Every
line carries the workflow id and case id where there is one.

No line carries personal data (个人信息保护法 第五十一条: measures against leaks; logs are read by
operators who may not read the cases). Who acted (`actor`, free text such as "… 法定代表人 王建华")
is written as `actor_role` and `actor_hash`, a keyed hash that only the holder of the
installation's secret can match to a name; other known personal fields become `<field>_hash`;
and identity, mobile and telephone numbers are masked in any text (messages, errors). The audit
events in the cases (encrypted payloads) keep the names: this applies to logs only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

import structlog
from structlog.typing import EventDict, WrappedLogger
from temporalio import activity, workflow

from settings import Settings, SettingsError


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


# Fields whose value names or reaches a person (the step models' who-fields and contact fields).
PERSONAL_FIELDS = frozenset(
    {
        "applicant",
        "by",
        "contact",
        "contact_person",
        "decided_by",
        "granted_by",
        "handler",
        "handler_phone",
        "id_number",
        "investigator",
        "mobile",
        "name",
        "objector",
        "person",
        "phone",
        "reporter",
        "requested_by",
        "reviewer",
        "signed_by",
        "submitted_by",
        "verified_by",
    }
)
ACTOR = "actor"
# An actor written as a machine word ("system", "data-migration", "party-group", "subject") is a
# role already; any other actor is a named party (a person, or an office as the agency wrote it).
MACHINE_ROLE = re.compile(r"^[a-z][a-z0-9_-]*$")
NAMED = "person"
HASH_HEX_DIGITS = 16
# 居民身份证号码 (GB 11643: 17 digits and a check character), 手机号码, 固定电话 (area code-number).
PERSONAL_NUMBERS = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})(?![0-9A-Za-z])"
)
MASK = "<redacted>"


class Pseudonyms:
    """The keyed hash of a personal value: HMAC-SHA256 under a key derived from the
    installation's subject id secret (read only when a personal value is first logged, so a
    process that logs none never touches the key file)."""

    def __init__(self, secret: Callable[[], bytes]) -> None:
        self._secret = secret
        self._key: bytes | None = None

    def of(self, value: str) -> str | None:
        if self._key is None:
            try:
                self._key = hmac.new(self._secret(), b"qz-log-pseudonym", hashlib.sha256).digest()
            except SettingsError:
                return None  # no secret, no hash: the value is dropped all the same
        digest = hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:HASH_HEX_DIGITS]


def role_of(actor: str) -> str:
    return actor if MACHINE_ROLE.match(actor) else NAMED


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return PERSONAL_NUMBERS.sub(MASK, value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value


def without_personal_data(
    pseudonyms: Pseudonyms,
) -> Callable[[WrappedLogger, str, EventDict], EventDict]:
    def processor(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
        if ACTOR in event:
            actor = _plain(event.pop(ACTOR))
            event["actor_role"] = role_of(actor)
            if event["actor_role"] == NAMED:
                event["actor_hash"] = pseudonyms.of(actor)
        for field in PERSONAL_FIELDS & event.keys():
            value = event.pop(field)
            event[f"{field}_hash"] = None if value is None else pseudonyms.of(_plain(value))
        return {key: _masked(value) for key, value in event.items()}

    return processor


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
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # Errors as text, so that the numbers in their messages are masked too.
            structlog.processors.format_exc_info,
            without_personal_data(Pseudonyms(lambda: settings.subject_id_secret)),
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # The ids travel as structured fields, not appended to the message text.
    workflow.logger.workflow_info_on_message = False
    activity.logger.activity_info_on_message = False
